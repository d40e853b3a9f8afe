"""Treaties and agreements: the Convention, bilateral agreements and MoUs.

Two inputs. Marked-up XML (the ToTA schema read by kb.readers.xml) comes with "chapter"
and "article" blocks: each numbered article becomes "Article N" with its name as title
and its chapter as heading ("Chapter 7 Movement of Natural Persons"); unnumbered ones
take their chapter's name ("Preamble", "Conclusion").

Plain text and PDF use the printed layout: "Preamble"/"PREAMBLE" (Indonesian
"Mukadimah"/"Pembukaan"), divisions "PART I" / "BAGIAN I" / "CHAPTER 2" with titles,
and article headings "Article 1" / "ARTICLE 2 – SCOPE" / "Pasal 1" opening their own
line. Only the headings that run in sequence count, so "article 22, paragraph 1" or a
line that happens to begin "Article 5 of the Convention" does not open a unit. The
testimonium after the last article ("IN WITNESS WHEREOF", "Done at") is "Final clause".

Numbered paragraphs and items are parts: "Article 22(1)", "Article 22(1)(a)"; in
Indonesian "Pasal 22 ayat (1) huruf a".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..models import Document, ParsedDocument
from ..readers.base import Block, SourceText, roman_value
from .common import FINAL_CLAUSE_TITLE, UnitBuilder, clean_text
from .treaty_code import code_headings
from .generic import (
    Line,
    Marker,
    ends_sentence,
    is_caps,
    label_choices,
    longest_chain,
    looks_like_title,
    nest_parts,
    paren_markers,
    sequence_markers,
    split_lines,
    title_case,
)

_MD = r"(?:\#{1,6}[ \t]+)?"  # a Markdown heading mark before a heading
# An article's number is Arabic ("Article 12", "Article 12A") or Roman ("Article IV" in
# ILO conventions, the Maritime Labour Convention and many bilateral agreements).
_ARTICLE = re.compile(
    rf"^[ \t]*{_MD}(?P<word>ARTICLE|Article|PASAL|Pasal|ARTIKEL|Artikel|Art\.)[ \t]+"
    # an inserted article: "12A", "1a", "6bis" (amended agreements, European conventions)
    r"(?:(?P<n>\d+)(?P<suffix>[ \t]?(?:bis|ter|quater)|[A-Za-z])?|(?P<roman>[IVXLC]{1,7}))\b[ \t]*(?P<rest>.*)$"
)
_DIVISION = re.compile(
    rf"^[ \t]*{_MD}(?P<word>PART|Part|CHAPTER|Chapter|SECTION|Section|BAGIAN|Bagian|BAB|Bab)[ \t]+(?P<n>[IVXLC]{{1,7}}|\d+)\b[ \t]*(?P<rest>.*)$"
)
_PREAMBLE_HEADING = re.compile(rf"^[ \t]*{_MD}(?:PREAMBLE|Preamble|MUKADIMAH|Mukadimah|PEMBUKAAN|Pembukaan)[ \t]*[.:]?[ \t]*$")
# An annex, appendix or schedule: its own numbering of articles restarts at 1 (ILO
# conventions, many bilateral agreements), so its articles are "Annex I Article 2".
_ANNEX = re.compile(
    rf"^[ \t]*{_MD}(?P<word>ANNEX|Annex|APPENDIX|Appendix|SCHEDULE|Schedule|LAMPIRAN|Lampiran|BIJLAGE|Bijlage"
    r"|AANHANGSEL|Aanhangsel)"
    # "Appendix A5-II": the Code's Part (A, B), Title (5) and number (the Maritime Labour Convention)
    r"(?:[ \t]+(?:NO\.?|No\.?)?[ \t]*(?P<n>[AB]\d{1,2}-[IVXLC]{1,7}|[IVXLC]{1,7}|\d{1,3}|[A-Z]))?(?![\w/])[ \t]*[.:–—-]?[ \t]*(?P<rest>.*)$"
)
# "Appendix to the Protocol", "Bijlage bij het Protocol", "Lampiran dari Persetujuan": whose annex it is
_ANNEX_OF = re.compile(r"(?:to|of|bij|van|dari)\s+(?:the|this|het|de|dit|deze)?\s*[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}")
_ANNEX_WORDS = {"annex": "Annex", "appendix": "Appendix", "schedule": "Schedule", "lampiran": "Lampiran",
                "bijlage": "Bijlage", "aanhangsel": "Aanhangsel"}
_ARTICLE_WORDS = {"pasal": "Pasal", "artikel": "Artikel"}  # else "Article"
_PREAMBLE_OPEN = re.compile(
    r"^[ \t]*(?:The\s+(?:States\s+Parties|High\s+Contracting\s+Parties|Contracting\s+Parties|Parties|Governments?)\b"
    r"|THE\s+(?:STATES\s+PARTIES|GOVERNMENTS?|PARTIES)\b|Negara-Negara\s+Pihak\b|Pemerintah\s+Republik\b)"
)
# The testimonium, also of a Dutch or French text ("TEN BLIJKE WAARVAN", "EN FOI DE QUOI")
# "Signed in Jakarta on 1 June 2026." closes many MoUs without a testimonium.
_END_CLAUSE = re.compile(r"^[ \t]*(?:IN\s+WITNESS\s+WHEREOF|In\s+witness\s+whereof|DONE\s+(?:at|in)|Done\s+(?:at|in)"
                         r"|SIGNED\s+(?:at|in)|Signed\s+(?:at|in)|SEBAGAI\s+BUKTI|DIBUAT\s+di|Dibuat\s+di"
                         r"|TEN\s+BLIJKE\s+WAARVAN|Ten\s+blijke\s+waarvan|EN\s+FOI\s+DE\s+QUOI|En\s+foi\s+de\s+quoi"
                         # a signature block without a testimonium (a Word table: "For the Government of
                         # A | For the Government of B"), after the last article
                         r"|(?:FOR|For)\s+(?:THE|the)\s+(?:GOVERNMENT|Government)\s+(?:OF|of)\b(?=[^.;]*$)"
                         r"|UNTUK\s+PEMERINTAH\b(?=[^.;]*$)|Untuk\s+Pemerintah\b(?=[^.;]*$))\b")
_NUM_PARA = re.compile(r"(?m)^[ \t]*(?:(?P<n>\d{1,2})\.|\((?P<p>\d{1,2})\))(?=[ \t])")
# A decimal paragraph "2.1" / "2.1.3" opening a line, as MoUs number the paragraphs of
# their Section or Article 2 (was: no part, "Section 2.1" cited the whole Section).
_DECIMAL_PARA = re.compile(r"(?m)^[ \t]*(?P<n>\d{1,3})\.(?P<d>\d{1,3})(?:\.(?P<e>\d{1,3}))?\.?(?=[ \t])")
# A list item lettered "a." or "a)" at a line's start, as bilateral agreements and MoUs
# (and Indonesian texts, "a." for huruf) letter them where conventions write "(a)".
# Conversion can drop the space after the label ("c.seamen;"), never in "e.g." or "i.e.".
_LETTER_ITEM = re.compile(r"(?m)^[ \t]*(?P<label>[a-z]|[ivx]{2,4})(?:[.)](?=[ \t])|\.(?=[a-z]{3}))")
_AFTER_ITEM = re.compile(r"(?:[:;.]|[:;,]\s*(?:and|or|dan|atau))\s*$")
_LEVELS = {"part": 1, "bagian": 1, "bab": 1, "chapter": 2, "section": 3}


def _article_number(m: re.Match) -> int:
    """The number an article heading counts in its sequence: 12 for "Article 12A", 4 for
    "Article IV" (0 for a Roman-looking word that is no numeral, which joins no sequence)."""
    return int(m.group("n")) if m.group("n") else roman_value(m.group("roman")) or 0


def _article_label(m: re.Match) -> str:
    """The number as printed, which is what a lawyer cites: "12A", "IV", "3bis"; a letter
    in capitals ("6a" -> "6A"), as kb's citations name it, whichever case was typed."""
    suffix = (m.group("suffix") or "").strip()
    suffix = suffix.upper() if len(suffix) == 1 else suffix.lower()
    return f"{m.group('n')}{suffix}" if m.group("n") else m.group("roman")


_SUFFIX_ORDER = {"bis": 2, "ter": 3, "quater": 4}
# Steps of the sequence key (`_sequence_key`): an article may follow the one before it by
# up to three numbers (1, 2, 5: two left out), an inserted one ("2A") sits between.
_KEY_STEP = 10
_MAX_KEY_STEP = 3 * _KEY_STEP + _KEY_STEP - 1


def _sequence_key(m: re.Match) -> int:
    """Where an article heading stands in its instrument's order: 20 for "Article 2", 21
    for "Article 2A" / "2a" (inserted after 2 by an amendment), 22 for "2B" or "2bis", 30
    for "Article 3" (Roman numerals likewise, without suffixes). Was: "2A" counted as 2,
    no step up from Article 2, so it never joined the sequence and its text stayed in
    Article 2."""
    suffix = (m.group("suffix") or "").strip() if m.group("n") else ""
    low = suffix.lower()
    rank = _SUFFIX_ORDER[low] if low in _SUFFIX_ORDER else (ord(low) - ord("a") + 1 if len(low) == 1 else 0)
    return _article_number(m) * _KEY_STEP + min(rank, _KEY_STEP - 1)


# An instrument whose text runs in this many articles in sequence is organised in
# articles (kb.structure.asean hands such a text over: an ASEAN convention or agreement).
MIN_ARTICLES = 3


def article_count(text: str) -> int:
    """How many article headings run in sequence in a plain text ("Article 1" … or
    "ARTICLE I" …): 0 for a text of numbered paragraphs."""
    return len(_article_headings(split_lines(text)))


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    if any(b.kind == "article" for b in source.blocks):
        return _parse_blocks(doc, source)
    return _parse_text(doc, source)


# --------------------------------------------------------------------------- XML blocks


def _parse_blocks(doc: Document, source: SourceText) -> ParsedDocument:
    builder = UnitBuilder(doc.id, doc.language, source)
    chapters = [b for b in source.blocks if b.kind == "chapter"]
    articles = sorted((b for b in source.blocks if b.kind == "article"), key=lambda b: b.start)
    seen: set[str] = set()
    numbered = {f"Article {n.group(1).upper()}" for b in articles
                if (n := re.match(r"(?i)^(?:article|art\.?)\s*(\d+\w*)", str(b.attrs.get("number") or "").strip()))}
    for k, block in enumerate(articles):
        chapter = next((c for c in chapters if c.start <= block.start <= c.end), None)
        number = str(block.attrs.get("number") or "").strip()
        name = str(block.attrs.get("name") or "").strip()
        m = re.match(r"(?i)^(article|pasal|art\.?)\s*(\d+\w*)", number)
        if m:
            word = "Pasal" if m.group(1).lower() == "pasal" else "Article"
            unit = f"{word} {m.group(2).upper()}"
        else:
            chapter_name = str(chapter.attrs.get("name") or "").strip() if chapter else ""
            unit = title_case(chapter_name) if chapter_name else ("Preamble" if k == 0 else f"Part {k + 1}")
        if unit in seen:
            builder.warnings.append(f"{unit}: appears twice in the mark-up; both kept")
        seen.add(unit)
        start = _skip_heading_lines(source.text, block, (number, name, unit, f"{number} {name}"))
        builder.classify(block.start, start, "heading")
        heading = _chapter_heading(chapter, doc.language) if chapter and chapter.attrs.get("number") else ()
        end = block.end
        inner = _inner_article(source.text, start, block.end, unit, numbered) if m else None
        if inner is not None:
            end = inner[0]
        title = title_case(name, doc.language) if name and m else None
        if not m and any(_END_CLAUSE.match(line) for line in source.text[start:end].splitlines()):
            title = FINAL_CLAUSE_TITLE  # a chapter holding the testimonium ("Conclusion": "IN WITNESS WHEREOF …")
        builder.add(
            unit,
            start,
            end,
            heading=heading,
            title=title,
            parts=_parts(source.text, unit, start, end, doc.language),
        )
        if inner is not None:
            at, body, inner_unit, inner_title = inner
            seen.add(inner_unit)
            builder.classify(at, body, "heading")
            builder.add(inner_unit, body, block.end, heading=heading, title=title_case(inner_title, doc.language),
                        parts=_parts(source.text, inner_unit, body, block.end, doc.language))
    # The reader writes a heading line before each chapter's and article's text ("CHAPTER
    # 7 Movement of Natural Persons", "ARTICLE 92 Scope"): carried in units' names,
    # titles and heading paths.
    text = source.text
    covered = sorted((b.start, b.end) for b in articles)
    for b in list(chapters) + articles:
        line_end = b.start - 1
        line_start = text.rfind("\n", 0, max(0, line_end)) + 1
        if 0 <= line_start < line_end and not any(a <= line_start < e for a, e in covered):
            builder.classify(line_start, line_end, "heading")
    return ParsedDocument(doc, builder.units, builder.warnings, builder.classified)


def _inner_article(text: str, start: int, end: int, unit: str, numbered: set[str]) -> tuple[int, int, str, str] | None:
    """An article the mark-up left inside the previous one: IJEPA's XML carries "Article 31",
    its title "De Minimis" and its text inside ARTICLE 30's element. Taken when a line holds
    only "Article N + 1", a short title line follows, and no element of the mark-up is that
    article: (where its heading starts, where its text starts, its unit name, its title)."""
    m = re.fullmatch(r"Article (\d+)", unit)
    if not m:
        return None
    nxt = f"Article {int(m.group(1)) + 1}"
    if nxt in numbered:
        return None
    found = re.compile(rf"(?m)^[ \t]*{nxt}[ \t]*\n(?:[ \t]*\n)?[ \t]*([A-Z][^\n.;:]{{0,80}}?)[ \t]*\n").search(text, start, end)
    if found is None or not text[found.end():end].strip():
        return None
    body = found.end() + (len(text[found.end():end]) - len(text[found.end():end].lstrip()))
    return found.start(), body, nxt, found.group(1).strip()


def _skip_heading_lines(text: str, block: Block, labels: Sequence[str]) -> int:
    """Start of an article's text after any heading line the block repeats ("Preamble",
    "ARTICLE 92 Scope"): unit text is the provision, its name is the unit's."""
    wanted = {re.sub(r"\s+", " ", label).strip().lower() for label in labels if label and label.strip()}
    pos = block.start
    for _ in range(2):
        end = text.find("\n", pos, block.end)
        end = block.end if end < 0 else end
        line = re.sub(r"\s+", " ", text[pos:end]).strip().lower().rstrip(".:")
        if line and line in wanted:
            pos = min(end + 1, block.end)
        else:
            break
    return pos


def _chapter_heading(chapter: Block, language: str) -> tuple[str, ...]:
    number = str(chapter.attrs.get("number") or "").strip()
    name = str(chapter.attrs.get("name") or "").strip()
    return (clean_text(f"{title_case(number, language)} {title_case(name, language)}"),)


# --------------------------------------------------------------------------- parts


def _parts(text: str, unit: str, start: int, end: int, language: str) -> list[tuple[str, int, int]]:
    """Numbered paragraphs "1." / "(1)" opening a line after a finished sentence, items
    "(a)" and "(i)" inside them, and items "a." / "a)" opening a line after a clause's end.
    Returns (locator, start, end) for each, as `_article_parts` without its context."""
    return _article_parts(text, unit, start, end, language)[0]


def _article_parts(text: str, unit: str, start: int, end: int, language: str, after: int = 0,
                   list_ends: Sequence[int] = ()) -> tuple[list[tuple[str, int, int]], int]:
    """The parts of one article (see `_parts`) and the number of its last numbered
    paragraph (`after` when it has none).

    `after`: the last paragraph number of the articles before. A list numbered across the
    articles (Word's numbering, not restarted: Article 2's paragraphs read 4, 5, 6 after
    Article 1's 1-3) continues from it, and its paragraphs are cited as numbered
    ("Article 2(4)"); a number that does not continue it opens no list.
    `list_ends`: offsets where the source's mark-up says a list ended (a Word paragraph
    without numbering or indentation after a numbered one, kb.readers.docx). The first
    such offset after the article's last item, after a finished sentence and at a capital
    letter, ends that item: what follows is the article's own closing text."""
    markers: list[Marker] = []
    for m in _NUM_PARA.finditer(text, start, end):
        line_start = m.start()
        before = text[max(start, line_start - 300):line_start].rstrip()
        if before and not ends_sentence(before) and not text.endswith("\n\n", 0, line_start):
            continue  # "in accordance with Article\n14." is a reference wrapped onto a new line
        n = int(m.group("n") or m.group("p"))
        markers.append(Marker(line_start + len(m.group()) - len(m.group().lstrip()), (("num", n, str(n)),)))
    own = _unit_number(unit)
    for m in _DECIMAL_PARA.finditer(text, start, end):
        before = text[max(start, m.start() - 300):m.start()].rstrip()
        if own is None or int(m.group("n")) != own or (before and not ends_sentence(before)
                                                        and not text.endswith("\n\n", 0, m.start())):
            continue  # another unit's paragraph ("under 3.2"), or a number wrapped onto a line
        pos = m.start() + len(m.group()) - len(m.group().lstrip())
        if m.group("e"):
            markers.append(Marker(pos, (("dec2", int(m.group("e")), m.group("e")),)))
        else:
            markers.append(Marker(pos, (("dec1", int(m.group("d")), m.group("d")),)))
    markers += paren_markers(text, start, end)
    for m in _LETTER_ITEM.finditer(text, start, end):
        # only after a sentence's or an item's end ("… as follows:", "…;"), never a word
        # wrapped onto a new line
        if _AFTER_ITEM.search(text[max(start, m.start() - 40):m.start()]) and (choices := label_choices(m.group("label"))):
            markers.append(Marker(m.start("label"), choices))
    markers.sort(key=lambda mk: mk.pos)
    accepted = sequence_markers(markers, ("num", "dec1", "dec2", "letter", "roman"), first=after + 1 if after else 1)
    last = max((path[0][1] for _, path in accepted if path[0][0] == "num"), default=after)
    if accepted:
        end = _list_end(text, accepted[-1][0], end, list_ends)
    pasal = unit.startswith("Pasal")
    # "Section 2.1", "Section 2.1.3" as printed; an article's "2.1" is its paragraph (1):
    # "Article 2(1)", "Article 2(1)(3)", as its numbered paragraphs are cited
    decimal = "." if unit.split()[-2:-1] == ["Section"] else None

    def fmt(path: tuple[tuple[str, int, str], ...]) -> str:
        out = unit
        for kind, _, label in path:
            if decimal and kind in ("dec1", "dec2"):
                out += f".{label}"
            elif not pasal:
                out += f"({label})"
            elif kind in ("num", "dec1"):
                out += f" ayat ({label})"
            elif kind == "letter":
                out += f" huruf {label}"
            else:
                out += f" ({label})"
        return out

    return nest_parts(accepted, end, fmt), last


def _list_end(text: str, last_item: int, end: int, list_ends: Sequence[int]) -> int:
    """Where the last item of an article ends: at the first list end of the mark-up after
    the item's start that follows a finished sentence (not a list's introduction ":" or an
    item's ";") and opens with a capital letter; else at the article's end."""
    k = bisect.bisect_right(list_ends, last_item)
    for at in list_ends[k:]:
        if at >= end:
            break
        before = text[last_item:at].rstrip()
        after = text[at:end].lstrip()
        if before and ends_sentence(before) and not before.endswith((":", ";")) and after[:1].isupper():
            return len(text[:at].rstrip())
    return end


def _unit_number(unit: str) -> int | None:
    """The number of "Section 2", "Article 12A", "Annex I Article IV" (2, 12, 4); None for
    a unit not numbered ("Preamble", "Annex A")."""
    label = unit.split()[-1] if unit.split() else ""
    if re.fullmatch(r"\d{1,4}(?:bis|ter|quater|[A-Za-z])?", label):
        return int(re.match(r"\d+", label).group())
    if re.fullmatch(r"[IVXLC]{1,7}", label) and len(unit.split()) > 1 and unit.split()[-2] in ("Article", "Pasal", "Artikel"):
        return roman_value(label) or None
    return None


# --------------------------------------------------------------------------- plain text


def _parse_text(doc: Document, source: SourceText) -> ParsedDocument:
    builder = UnitBuilder(doc.id, doc.language, source)
    lines = split_lines(source.text)
    versions = _versions(lines)
    side_by_side = _side_by_side(lines, versions)
    if side_by_side:
        _parse_side_by_side(builder, source, lines, doc, side_by_side)
        return ParsedDocument(doc, builder.units, builder.warnings, builder.classified)
    starts = [0, *versions]
    for k, lo in enumerate(starts):
        hi = starts[k + 1] if k + 1 < len(starts) else len(lines)
        _parse_version(builder, source, lines, lo, hi, doc, first=k == 0)
    return ParsedDocument(doc, builder.units, builder.warnings, builder.classified)


def _side_by_side(lines: Sequence[Line], versions: list[int]) -> list[tuple[str, int]] | None:
    """The versions of an agreement printed side by side (the English column, then the
    Indonesian column of the same page, page after page): the first version's articles
    go on after the second version has begun. Returns (article word, first title line)
    of each version, or None when the versions follow each other."""
    if not versions:
        return None
    heads = _all_article_heads(lines)
    first_word = heads[0][1] if heads else ""
    later = [i for i, word, _n in heads if word == first_word and i > versions[0]]
    if not later or any(_ANNEX.match(line.text) and _opens_block(lines, j) for j, line in enumerate(lines)):
        return None  # one version after the other (or annexes, read the usual way)
    out = [(first_word, 0)]
    for v in versions:
        head = next(((w, i) for i, w, n in heads if i >= v and n == 1), None)
        if head is None or head[0] in {w for w, _ in out}:
            return None
        out.append((head[0], v))
    return out


def _all_article_heads(lines: Sequence[Line]) -> list[tuple[int, str, int]]:
    """(line, heading word, number) of every line that opens a block with an article
    heading not followed by a sentence's end, whatever its sequence."""
    heads = []
    for i, line in enumerate(lines):
        m = _ARTICLE.match(line.text)
        if m and _opens_block(lines, i) and not m.group("rest").strip().endswith((".", ";", ",")):
            heads.append((i, _ARTICLE_WORDS.get(m.group("word").lower(), "Article"), _article_number(m)))
    return heads


def _parse_side_by_side(builder: UnitBuilder, source: SourceText, lines: Sequence[Line], doc: Document,
                        versions: list[tuple[str, int]]) -> None:
    """Each version's articles, every unit ending at the next heading of any version (or
    at a later version's title lines), so that columns read one after the other never
    put one language's article inside the other's."""
    chains = {word: _article_headings(lines, word=word) for word, _ in versions}
    titles: set[int] = set()
    for word, start in versions[1:]:
        first_head = chains[word][0][0] if chains[word] else start
        content = [j for j in range(start, first_head) if not lines[j].blank]
        if content:
            builder.classify(lines[content[0]].start, lines[content[-1]].end, "title")
            titles.add(content[0])
    other: dict[str, set[int]] = {}
    for word, _ in versions:
        other[word] = titles | {i for w, chain in chains.items() if w != word for i, *_ in chain}
    for k, (word, _start) in enumerate(versions):
        preamble = "Preamble" if k == 0 else _VERSION_PREAMBLE.get(word, f"{word} Preamble")
        final = "Final clause" if k == 0 else _VERSION_FINAL.get(word, f"{word} Final clause")
        _parse_segment(builder, source, lines, 0, len(lines), prefix="", doc=doc, main=k == 0, preamble=preamble,
                       word=word, extra_stops=other[word], final=final)


def _versions(lines: Sequence[Line]) -> list[int]:
    """Where each further language version of the text starts: a bilingual agreement
    printed English then Indonesian ("Article 1" … then "Pasal 1" …), a convention with
    its translation ("Artikel 1" …). A version is an article numbering that restarts at 1
    under another heading word and runs on (its "2" follows), after the first version's
    articles; it starts at its title lines just above. Versions whose articles share the
    first one's word (an English and a French "Article 1") are not told apart."""
    heads = _all_article_heads(lines)
    if not heads:
        return []
    words_seen = {heads[0][1]}
    found: list[int] = []
    for k, (i, word, n) in enumerate(heads):
        if word in words_seen or n != 1:
            continue
        if not any(w == word and m == 2 for _j, w, m in heads[k + 1:k + 6]):
            continue
        words_seen.add(word)
        found.append(_title_above(lines, i))
    return found


def _title_above(lines: Sequence[Line], i: int) -> int:
    """The first of the title lines right above line i (a version's title and preamble
    heading: short lines without a final stop, or Markdown headings), at most six."""
    start, seen = i, 0
    j = i - 1
    while j >= 0 and seen < 6:
        if lines[j].blank:
            j -= 1
            continue
        s = re.sub(r"^#{1,6}[ \t]*", "", lines[j].text.strip())
        if lines[j].text.lstrip().startswith("#") or (len(s) <= 200 and s[-1:] not in ".;:,") or is_caps(s):
            if _ARTICLE.match(lines[j].text) or _ANNEX.match(lines[j].text):
                break
            start, seen = j, seen + 1
            j -= 1
            continue
        break
    return start


# A further version's preamble, named in its language (the first version's is "Preamble").
_VERSION_PREAMBLE = {"Pasal": "Mukadimah", "Artikel": "Preambule", "Article": "Preamble (English)"}
# and its testimonium ("SEBAGAI BUKTI …"), the first version's being "Final clause"
_VERSION_FINAL = {"Pasal": "Penutup", "Artikel": "Slotformule", "Article": "Final clause (English)"}


def _parse_version(builder: UnitBuilder, source: SourceText, lines: Sequence[Line], lo: int, hi: int,
                   doc: Document, first: bool = True) -> None:
    """One language version of the text, lines[lo:hi]: the instrument and its annexes.
    A further version's preamble is named in its own language ("Mukadimah")."""
    annexes = [a for a in _annexes(lines, lo, hi)]
    bounds = [a[0] for a in annexes] + [hi]
    resumed = _main_resumed(lines, lo, annexes, bounds)
    preamble, final = "Preamble", "Final clause"
    if not first:
        heads = _article_headings(lines, lo, bounds[0])
        word = heads[0][1].split()[0] if heads else ""
        preamble = _VERSION_PREAMBLE.get(word, f"{word} Preamble".strip())
        final = _VERSION_FINAL.get(word, f"{word} Final clause".strip())
    _parse_segment(builder, source, lines, lo, bounds[0], prefix="", doc=doc, main=True, preamble=preamble,
                   final=final)
    for k, (i, label, title, body) in enumerate(annexes):
        builder.classify(lines[i].start, lines[i].end, "heading")
        if body > i + 1:
            builder.classify(lines[i + 1].start, lines[body - 1].end, "heading")
        heading = (clean_text(f"{label} {title}") if title else label,)
        end = resumed.get(k, bounds[k + 1])
        found = _parse_segment(builder, source, lines, body, end, prefix=f"{label} ", doc=doc, main=False,
                               heading=heading)
        if not found:  # an annex without articles is one unit ("Annex I")
            last = _last_content(lines, body, end)
            if body < end and any(not lines[j].blank for j in range(body, end)):
                first = next(j for j in range(body, end) if not lines[j].blank)
                start, stop = lines[first].start, lines[last].end
                builder.add(label, start, stop, heading=heading[:0], title=title,
                            parts=_parts(source.text, label, start, stop, doc.language))
            else:
                builder.add(label, lines[i].start, lines[i].end, title=title, text=title or label)
        if k in resumed:  # the instrument's own articles go on after the annex
            _parse_segment(builder, source, lines, end, bounds[k + 1], prefix="", doc=doc, main=False, final=final)


def _main_resumed(lines: Sequence[Line], lo: int, annexes: list[tuple], bounds: list[int]) -> dict[int, int]:
    """{annex index: the line where the instrument's own text resumes after it}, for an
    annex printed in the middle of the instrument: "SCHEDULE TO PART VI" (a list of
    occupational diseases) after Article 44, then "PART VII" and Article 45 (the European
    Code of Social Security, revised). The text resumes at a Part or Chapter heading
    followed by an article numbered right after the last one before the annex (1-3 on);
    an annex's own articles restart at 1, so they never resume the instrument's. Was: every
    later article filed as "Schedule Article 45"."""
    out: dict[int, int] = {}
    start = lo
    for k, (i, *_rest) in enumerate(annexes):
        if k and k - 1 not in out:
            break  # the instrument's text ended before the previous annex: annexes follow annexes
        heads = _article_headings(lines, start, i)
        m = _ARTICLE.match(lines[heads[-1][0]].text) if heads else None
        if m is None:
            break
        last, roman = _article_number(m), m.group("roman") is not None
        for j in range(i + 1, bounds[k + 1]):
            if not _DIVISION.match(lines[j].text) or not _opens_block(lines, j):
                continue
            nxt = next((a for a in range(j + 1, bounds[k + 1]) if _ARTICLE.match(lines[a].text)), None)
            m = _ARTICLE.match(lines[nxt].text) if nxt is not None else None
            if m and (m.group("roman") is not None) is roman and 1 <= _article_number(m) - last <= 3:
                out[k] = j
                break
        start = out.get(k, bounds[k + 1])
    return out


def _parse_segment(
    builder: UnitBuilder,
    source: SourceText,
    lines: Sequence[Line],
    lo: int,
    hi: int,
    prefix: str,
    doc: Document,
    main: bool,
    heading: tuple[str, ...] = (),
    preamble: str = "Preamble",
    word: str | None = None,
    extra_stops: set[int] = frozenset(),
    final: str = "Final clause",
) -> int:
    """Units of lines[lo:hi]: the instrument itself (main) or one annex, whose article
    names take `prefix` ("Annex I "). Returns the number of articles found."""
    articles = [(i, prefix + name, title, body) for i, name, title, body in _article_headings(lines, lo, hi, word=word)]
    divisions = {i: d for i, d in _divisions(lines).items() if lo <= i < hi}
    if not articles and word is None:  # an MoU in Sections, not Articles: each Section is cited as one
        articles = [(i, prefix + name, title, body) for i, name, title, body in _section_headings(lines, lo, hi)]
        divisions = {i: d for i, d in divisions.items() if i not in {a[0] for a in articles}}
    if articles:  # a Code after the articles (the Maritime Labour Convention's Regulations)
        code, titles = code_headings(lines, lo, hi, articles[0][1][len(prefix):].split()[0], after=articles[-1][0] + 1)
        articles += [(i, prefix + name, title, body) for i, name, title, body in code]
        divisions.update(titles)
    divisions = _without_inner_sections(divisions, [i for i, *_ in articles])
    first_article = articles[0][0] if articles else hi
    # The testimonium closes articles; in a text without any (an exchange of letters, a
    # text numbered "I", "II") it is no structure, and the generic parser takes the text.
    end_clause = next(
        (i for i in range(articles[-1][0] if articles else lo, hi) if _END_CLAUSE.match(lines[i].text)),
        None,
    ) if articles or not main else None
    # every line that closes the text before it: headings, the end clause
    stops = sorted({i for i, *_ in articles} | set(divisions) | ({end_clause} if end_clause is not None else set())
                   | {i for i in extra_stops if lo <= i < hi})
    headings: list[tuple[int, str]] = [(0, h) for h in heading]

    if main and (articles or divisions):
        stop = min([first_article] + list(divisions))
        pre = _preamble(lines, first_article, divisions) or _unmarked_preamble(lines, lo, stop)
        if pre:
            builder.add(preamble, lines[pre[0]].start, lines[pre[1]].end)
        _classify_before(builder, lines, lo, pre[0] if pre else stop, "title")

    by_line = {i: (name, title, body) for i, name, title, body in articles}
    list_ends = sorted(b.start for b in source.blocks if b.kind == "list-end")
    paragraph = 0  # the last paragraph number so far: a list numbered across articles continues it
    for i in stops:
        if i in divisions:
            level, text = divisions[i]
            headings = [(lv, t) for lv, t in headings if lv < level] + [(level, text)]
            builder.classify(lines[i].start, lines[i].end, "heading")
            j = _next_content(lines, i)
            caption = clean_text(re.sub(r"^[ \t]*#{1,6}[ \t]*", "", lines[j].text)).casefold() if j is not None else ""
            if j is not None and j < hi and caption and caption in text.casefold():  # "GENERAL PROVISIONS" in "Part I General Provisions"
                builder.classify(lines[j].start, lines[j].end, "heading")  # the division's caption line
            continue
        if i not in by_line and i != end_clause:
            continue  # another version's heading or title: it only ends the unit before it
        if i == end_clause:
            k = bisect.bisect_right(stops, i)
            last = _last_content(lines, i, stops[k] if k < len(stops) else hi)
            builder.add(prefix + final if prefix else final, lines[i].start, lines[last].end,
                        title=FINAL_CLAUSE_TITLE)
            continue
        name, title, body = by_line[i]
        k = bisect.bisect_right(stops, i)  # bisect: a scan per article is n² in articles
        nxt = stops[k] if k < len(stops) else hi
        last = _last_content(lines, body, nxt)
        path = tuple(t for _, t in headings)
        heading_match = _ARTICLE.match(lines[i].text) if body == i else None
        inline = inline_article_text(lines[i].text, heading_match) if heading_match else None
        if inline is not None:  # "Article 1: The Parties …": the heading ends where its text starts
            builder.classify(lines[i].start, lines[i].start + inline[1], "heading")
        else:
            builder.classify(lines[i].start, lines[body - 1].end, "heading")  # "Article 3" and its caption line
        if last >= body and any(not lines[j].blank for j in range(body, nxt)):
            start, end = (lines[i].start + inline[1] if inline else lines[body].start), lines[last].end
            parts, paragraph = _article_parts(source.text, name, start, end, doc.language, paragraph, list_ends)
            builder.add(name, start, end, heading=path, title=title, parts=parts)
        else:
            builder.add(name, lines[i].start, lines[i].end, heading=path, title=title, text=title or name)
    return len(articles)


def _without_inner_sections(divisions: dict[int, tuple[int, str]], heads: list[int]) -> dict[int, tuple[int, str]]:
    """The divisions less the sections inside an article ("Article II" … "SECTION 1
    MEMBERSHIP" … "SECTION 2 …" … "Article III", the Bretton Woods agreements, the
    Convention on the Privileges and Immunities of the United Nations): the article's text
    runs on through them. Was: a section heading closed its article and the section's
    text fell in no unit (38 % of the IBRD's Articles of Agreement)."""
    section = _LEVELS["section"]
    stops = sorted(set(heads) | {i for i, (level, _) in divisions.items() if level < section})
    out = {}
    for i, division in divisions.items():
        k = bisect.bisect_left(stops, i) - 1
        if division[0] >= section and k >= 0 and stops[k] in heads:
            continue  # inside the article above it
        out[i] = division
    return out


def _unmarked_preamble(lines: Sequence[Line], lo: int, stop: int) -> tuple[int, int] | None:
    """Prose before the first article that no preamble heading or opening words mark
    ("Desiring to ...", "Recognizing ..."): the title block is the short lines at the top;
    from the first sentence on, it is the preamble, so that no text before the articles
    is lost."""
    content = [j for j in range(lo, stop) if not lines[j].blank]
    for k, j in enumerate(content):
        s = re.sub(r"^#{1,6}[ \t]*", "", lines[j].text.strip())
        if len(s) > 160 or s[-1:] in ",;:" or (s[-1:] == "." and len(s.split()) > 6):
            if sum(len(lines[c].text.split()) for c in content[k:]) >= 12:
                return j, content[-1]
            return None
    return None


def _classify_before(builder: UnitBuilder, lines: Sequence[Line], lo: int, hi: int, kind: str) -> None:
    """The lines before the instrument's first unit: its title block."""
    content = [j for j in range(lo, hi) if not lines[j].blank]
    if content:
        builder.classify(lines[content[0]].start, lines[content[-1]].end, kind)


def _annexes(lines: Sequence[Line], lo: int = 0, hi: int | None = None) -> list[tuple[int, str, str | None, int]]:
    """(line, label, title, first body line) of annex headings that open a block after
    the instrument's first article, among lines[lo:hi]: "ANNEX I", "Annex II: Model
    contract", "Schedule 2"."""
    found = []
    hi = len(lines) if hi is None else hi
    first_article = next((i for i in range(lo, hi) if _ARTICLE.match(lines[i].text)), None)
    if first_article is None:
        first_article = next((i for i, *_ in _section_headings(lines, lo, hi)), None)
    if first_article is None:
        return []
    for i in range(first_article + 1, hi):
        m = _ANNEX.match(lines[i].text)
        if not m or not _opens_block(lines, i) or _captions_article(lines, i):
            continue
        rest = m.group("rest").strip()
        if rest and not (looks_like_title(rest, max_len=160) or is_caps(rest) or _ANNEX_OF.fullmatch(rest)):
            continue  # "Annex I to this Agreement shall ...": a sentence
        word = _ANNEX_WORDS[m.group("word").lower()]
        number = (m.group("n") or "").upper()
        label = f"{word} {number}".strip()
        title, body = (title_case(rest) if rest and is_caps(rest) else rest) or None, i + 1
        if not rest:
            j = _next_content(lines, i)
            if j is not None and _annex_caption(lines, j):
                text = re.sub(r"^#{1,6}[ \t]*", "", lines[j].text.strip())
                title, body = clean_text(title_case(text) if is_caps(text) else text), j + 1
        found.append((i, label, title, body))
    # The first annex of each label (one pass: counting labels per annex was n², minutes
    # for a small file of repeated "Annex" lines, #13).
    first: dict[str, tuple[int, str, str | None, int]] = {}
    for f in found:
        first.setdefault(f[1], f)
    return [f for f in found if first[f[1]] is f]


def _captions_article(lines: Sequence[Line], i: int) -> bool:
    """Line i is the caption of a bare article heading just above it ("Article 13" /
    "Appendix" / "The Appendix to this Protocol shall form an integral part of it."):
    that article's title, not the annex itself (was: Article 13 empty, its text in no unit)."""
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    m = _ARTICLE.match(lines[j].text) if j >= 0 else None
    return m is not None and not m.group("rest").strip()


def _annex_caption(lines: Sequence[Line], j: int) -> bool:
    """The title line under "ANNEX I": a caption (Markdown heading, capitals, Title Case,
    or a sentence-case title with no final stop directly above the annex's first article)."""
    raw = lines[j].text.strip()
    s = re.sub(r"^#{1,6}[ \t]*", "", raw)
    if not s or len(s) > 240 or s[-1] in ".;:," or _ARTICLE.match(s) or _DIVISION.match(s) or _ANNEX.match(s):
        return False
    if raw.startswith("#") or is_caps(s) or looks_like_title(s, max_len=160):
        return True
    after = _next_content(lines, j)
    return after is not None and bool(_ARTICLE.match(lines[after].text))


# After an article's number on its line: a separator, or a short caption and a separator,
# then the article's text ("Article 1. This MoU …", "Article 2: The Parties …", "Article 1
# Objective. This MoU …", "ARTICLE 3 - Passports: Workers …").
_INLINE_CAPTION = re.compile(r"(?P<cap>[A-Z][\w'’&/(),-]*(?:[ \t]+[\w'’&/(),-]+){0,5}?)[ \t]*[.:–—][ \t]+(?=\S)")
_INLINE_SEPARATOR = re.compile(r"[.:–—-][ \t]+(?=\S)")
_INLINE_TEXT = re.compile(r"[A-Z“\"'(\d][^ \t]*(?:[ \t]+\S+){2,}")


def inline_article_text(line: str, m: re.Match) -> tuple[str | None, int] | None:
    """(caption or None, offset of the text in `line`) when an article heading (`m`, an
    `_ARTICLE` match of `line`) has its text on the same line, as MoUs typed in a word
    processor set it: "Article 1. This MoU protects workers.", "Article 2: No fees shall be
    charged.", "Article 1 Objective. This MoU …", "ARTICLE 3 - Passports: Workers keep …".
    The text is at least three words opening with a capital, a quote, a bracket or a digit.
    None for a sentence that only starts with an article's number ("Article 5 of the
    Convention applies …": no separator after the number)."""
    pos = m.start("rest")
    sep = _INLINE_SEPARATOR.match(line, pos)
    at = sep.end() if sep else pos
    cap = _INLINE_CAPTION.match(line, at)
    caption = None
    if cap and _INLINE_TEXT.fullmatch(line, cap.end()) and len(cap.group("cap").split()) <= 6:
        caption, at = cap.group("cap"), cap.end()
    elif sep is None:
        return None
    text = line[at:].rstrip()
    if not _INLINE_TEXT.fullmatch(text):
        return None
    return caption, at


def _article_headings(lines: Sequence[Line], lo: int = 0, hi: int | None = None,
                      word: str | None = None) -> list[tuple[int, str, str | None, int]]:
    """(line, unit name, title, first body line) of the article headings in sequence
    among lines[lo:hi]; with `word` ("Pasal"), of that word's headings only."""
    found: list[tuple[int, int, str, str, str, bool]] = []
    hi = len(lines) if hi is None else hi
    for i in range(lo, hi):
        line = lines[i]
        m = _ARTICLE.match(line.text)
        if not m:
            continue
        caption = m.group("rest").strip().lstrip(".:–—-").strip()
        inline = False
        if caption and not (looks_like_title(caption, max_len=120) or is_caps(caption) or _sentence_case_caption(caption)):
            text_on_line = inline_article_text(line.text, m)
            if text_on_line is None:
                continue  # "Article 5 of the Convention applies": a sentence, not a heading
            caption, inline = text_on_line[0] or "", True
        kind = _ARTICLE_WORDS.get(m.group("word").lower(), "Article")
        if word is not None and kind != word:
            continue
        found.append((i, _sequence_key(m), f"{kind} {_article_label(m)}", caption, kind, m.group("roman") is None, inline))
    chain = _one_numbering(lines, found)
    above = _captions_above(lines, [f[0] for f in chain], lo)
    out = []
    for i, _, name, caption, _kind, _arabic, inline in chain:
        title, body, at = caption or None, i + 1, i
        if inline:  # "Article 1: The Parties …": its text starts on the heading's line
            out.append((at, name, _as_title(title), i))
            continue
        if not caption:
            below = _caption_below(lines, i, hi)
            if below is not None:
                title, body = below
            elif i in above:
                title, at = _caption_text(lines[above[i]].text), above[i]
        out.append((at, name, _as_title(title), body))
    return out


CAPTIONS_ABOVE_SHARE = 0.6  # of the articles: a layout, not a chapter's title over its first article


def _captions_above(lines: Sequence[Line], heads: list[int], lo: int) -> dict[int, int]:
    """{article heading line: its caption's line above it} when the text prints the
    articles' captions above their headings throughout (most articles have one); a
    chapter's title above its first article ("Algemene bepalingen", "HOOFDSTUK I") is not
    a caption of that article alone, so a few such lines count for nothing."""
    found = {i: j for i in heads if (j := _caption_above(lines, i, lo)) is not None}
    return found if len(found) >= max(2, CAPTIONS_ABOVE_SHARE * len(heads)) else {}


_LIST_START = re.compile(r"^(?:\d{1,3}[.)]|\(|[a-z][.)]\s|[-•*–]\s)")


def _caption_above(lines: Sequence[Line], i: int, lo: int) -> int | None:
    """The line of an article's caption printed above its heading ("General
    Obligations" / "Article I", as the Maritime Labour Convention and ILO conventions are
    laid out in the treaty store's Markdown), so that it is the article's title and not
    the last words of the article before: a short title-like line, set apart by a blank
    line (or a finished sentence) above it, with nothing but blank lines down to the heading."""
    j = i - 1
    while j >= lo and lines[j].blank:
        j -= 1
    if j < lo or (j > lo and not lines[j - 1].blank and not ends_sentence(clean_text(lines[j - 1].text))):
        return None
    s = clean_text(re.sub(r"^[ \t]*#{1,6}[ \t]*", "", lines[j].text))
    if not s or len(s.split()) > 12 or _LIST_START.match(s) or _ARTICLE.match(s) or _DIVISION.match(s) \
            or _ANNEX.match(s) or _END_CLAUSE.match(s) or _PREAMBLE_HEADING.match(s):
        return None
    return j if _sentence_case_caption(s) or looks_like_title(s, max_len=120) or is_caps(s) else None


def _one_numbering(lines: Sequence[Line], found: list[tuple]) -> list[tuple]:
    """The article headings in sequence among `found` ((line, number, name, caption, word,
    arabic) each), in one numbering: an amending protocol's "Artikel I" … "Artikel IV"
    and the articles 1 … 14 it quotes are two sequences, never one "I, II, III, IV, 5, 6".
    The longer one wins (Arabic on a tie, as before Roman numerals were read)."""
    best: list[tuple] = []
    for arabic in (True, False):
        same = [f for f in found if f[5] is arabic]
        # A number printed twice at a line start: keep the one that opens a block, so
        # "... the provisions of\nArticle 5." yields to the heading "Article 5".
        opening = {f[1] for f in same if _opens_block(lines, f[0])}
        same = [f for f in same if f[1] not in opening or _opens_block(lines, f[0])]
        chain = [same[k] for k in longest_chain([f[1] for f in same], max_step=_MAX_KEY_STEP)]
        chain = _with_opening_run(lines, same, chain)
        chain = _with_standalone_headings(lines, same, chain)
        if len(chain) > len(best):
            best = chain
    return best


_MAX_STANDALONE = 2000  # headings weighed pairwise (n²): a text with more keeps its chain


def _with_standalone_headings(lines: Sequence[Line], found: list[tuple], chain: list[tuple]) -> list[tuple]:
    """The chain with the headings that stand alone on their line (open a block) and fit
    its order, wherever the numbering jumps: a ratified convention printing only the Parts
    a State accepted (ILO Convention No. 102 in the Netherlands' text: Articles 1-12, 19-24,
    39-52, 65-87) is one instrument, not 39-52 with the rest filed in other articles. The
    chain's own headings are kept (each outweighs every standalone one), and a standalone
    heading joins only in document order with a number above the one before it: a
    reference "Article 5" inside a sentence opens no block and never joins."""
    in_chain = {f[0] for f in chain}
    items = sorted((f for f in found if f[0] in in_chain or _opens_block(lines, f[0])), key=lambda f: f[0])
    if len(items) == len(chain) or len(items) > _MAX_STANDALONE:
        return chain
    weight = [1000 if f[0] in in_chain else 1 for f in items]
    best = weight[:]
    back = [-1] * len(items)
    for i, f in enumerate(items):
        for j in range(i):
            if items[j][1] < f[1] and best[j] + weight[i] > best[i]:
                best[i], back[i] = best[j] + weight[i], j
    end = max(range(len(items)), key=lambda i: best[i])
    picked: list[tuple] = []
    while end >= 0:
        picked.append(items[end])
        end = back[end]
    picked.reverse()
    return picked if in_chain <= {f[0] for f in picked} else chain


def _with_opening_run(lines: Sequence[Line], found: list[tuple], chain: list[tuple]) -> list[tuple]:
    """The chain with the run of headings before it that opens the instrument, when the
    numbering jumps between them: "Article 1", "Article 2", "Article 3", then "Article 7"
    … "Article 16" (articles 4-6 repealed by an amending protocol, the Netherlands-Finland
    road transport agreement) is one sequence, not 7-16 with articles 1-3 filed in the
    preamble. Only a run from Article 1 whose every heading stands alone on its line (opens
    a block), all before the chain and numbered below it: a reference "Article 2" in a
    sentence never joins."""
    first = _KEY_STEP  # the sequence key of Article 1 / Article I
    if not chain or chain[0][1] <= first:
        return chain
    before = [f for f in found if f[0] < chain[0][0] and f[1] < chain[0][1] and _opens_block(lines, f[0])]
    run = [before[k] for k in longest_chain([f[1] for f in before], max_step=_MAX_KEY_STEP)]
    if len(run) >= 2 and run[0][1] == first:
        return run + chain
    return chain


def _sentence_case_caption(caption: str) -> bool:
    """A caption in sentence case after the number ("Entry into force", "Settlement of
    disputes", "Final provisions"): a capital first, at most ten words, no final
    punctuation. A sentence continuing the number starts in lower case ("of the
    Convention applies", "shall apply")."""
    return caption[:1].isupper() and caption[-1] not in ".;:," and len(caption.split()) <= 10


def _opens_block(lines: Sequence[Line], i: int) -> bool:
    """A heading starts after a blank line, a finished sentence or another heading line,
    not in the middle of a wrapped sentence ("... the provisions of\nArticle 5.")."""
    j = i - 1
    if j < 0 or lines[j].blank:
        return True
    prev = clean_text(lines[j].text)
    return not prev or ends_sentence(prev) or looks_like_title(prev, max_len=120) or bool(_DIVISION.match(prev))


def _is_caption_line(lines: Sequence[Line], j: int, before_article: bool = False) -> bool:
    """A title on the line after a bare "Article 3" or "PART I": short, Title Case or
    capitals; an article's title must be followed by its text, not the next article."""
    s = re.sub(r"^#{1,6}[ \t]*", "", lines[j].text.strip())
    annex = _ANNEX.match(s) and not _captions_article(lines, j)  # "Article 13" / "Appendix": its caption
    if _ARTICLE.match(s) or _DIVISION.match(s) or annex or re.match(r"^(?:\d{1,3}[.)]|\()", s):
        return False
    after = _next_content(lines, j)
    if not looks_like_title(s, max_len=160 if before_article else 80):
        # a caption in sentence case ("Wages and rest", "Passport and documents") is told
        # from the first line of a wrapped sentence by what follows it: a numbered paragraph
        # or an item, or (for a caption of at most six words) a new sentence
        if before_article or not _sentence_case_caption(s) or after is None:
            return False
        following = lines[after].text.strip()
        if not (_OPENS_PARAGRAPH.match(following) or (len(s.split()) <= 6 and following[:1].isupper())):
            return False
    return before_article or (after is not None and not _ARTICLE.match(lines[after].text))


def _caption_text(text: str) -> str:
    """A caption line's words, without Markdown heading marks ("### Wages" -> "Wages")."""
    return clean_text(re.sub(r"^#{1,6}[ \t]*", "", text))


def _caption_below(lines: Sequence[Line], i: int, hi: int) -> tuple[str, int] | None:
    """(title, first body line) when the line after the bare heading on line i (before
    line `hi`) is its caption (`_is_caption_line`); None when it is text."""
    j = _next_content(lines, i)
    if j is not None and j < hi and _is_caption_line(lines, j):
        return _caption_text(lines[j].text), j + 1
    return None


def _as_title(title: str | None) -> str | None:
    """A heading's title as kb shows it: one in capitals in title case ("WAGES" -> "Wages")."""
    return title_case(title) if title and is_caps(title) else title


# a line opening a numbered paragraph or an item: "1.", "(1)", "2.1", "(a)", "a)"
_OPENS_PARAGRAPH = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?\s|\(\d{1,3}\)|\([a-z]\)|[a-z][.)]\s)")


def _divisions(lines: Sequence[Line]) -> dict[int, tuple[int, str]]:
    """Part/Chapter/Bagian heading lines with their level and full title."""
    out: dict[int, tuple[int, str]] = {}
    for i, line in enumerate(lines):
        m = _DIVISION.match(line.text)
        if not m:
            continue
        rest = m.group("rest").strip()
        caption = rest.lstrip(".:–—-").strip()
        if caption and not (looks_like_title(caption, max_len=120) or is_caps(caption)):
            continue
        if not caption:
            j = _next_content(lines, i)
            if j is not None and _is_caption_line(lines, j, before_article=True):
                caption = clean_text(lines[j].text)
        word = m.group("word").lower()
        language = "id" if word in ("bagian", "bab") else "en"
        title = title_case(caption, language) if is_caps(caption) else caption
        out[i] = (_LEVELS[word], clean_text(f"{word.title()} {m.group('n')} {title}"))
    return out


def _section_headings(lines: Sequence[Line], lo: int = 0, hi: int | None = None) -> list[tuple[int, str, str | None, int]]:
    """(line, unit name, title, first body line) of "Section 1" … "Section N" headings in
    sequence among lines[lo:hi], for a text laid out in Sections with no Articles (many
    bilateral MoUs: "Section 2" / "Obligations of Employers" / "2.1 …"); [] for fewer than
    two. Was: the treaty parser found no unit, the generic one kept the caption in the
    text, the decimal paragraphs unmarked and the closing "Signed in …" in the last Section."""
    hi = len(lines) if hi is None else hi
    found = []
    for i in range(lo, hi):
        m = _DIVISION.match(lines[i].text)
        if not m or m.group("word").lower() != "section" or not m.group("n").isdigit() or not _opens_block(lines, i):
            continue
        caption = m.group("rest").strip().lstrip(".:–—-").strip()
        if caption and not (looks_like_title(caption, max_len=120) or is_caps(caption) or _sentence_case_caption(caption)):
            continue
        found.append((i, int(m.group("n")), caption))
    chain = [found[k] for k in longest_chain([f[1] for f in found])]
    if len(chain) < 2:
        return []
    out = []
    for i, n, caption in chain:
        title, body = caption or None, i + 1
        if not caption:
            title, body = _caption_below(lines, i, hi) or (None, body)
        out.append((i, f"Section {n}", _as_title(title), body))
    return out


def _preamble(lines: Sequence[Line], first_article: int, divisions: dict[int, tuple[int, str]]) -> tuple[int, int] | None:
    """Line range of the preamble: after a "Preamble" heading, or from the opening words
    ("The States Parties to the present Convention,") to the first division or article."""
    stop = min([first_article] + [i for i in divisions if i < first_article])
    start = None
    for i in range(stop):
        if _PREAMBLE_HEADING.match(lines[i].text):
            start = _next_content(lines, i)
            break
    if start is None:
        start = next((i for i in range(stop) if _PREAMBLE_OPEN.match(lines[i].text)), None)
    if start is None or start >= stop:
        return None
    return start, _last_content(lines, start, stop)


def _next_content(lines: Sequence[Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


def _last_content(lines: Sequence[Line], first: int, stop: int) -> int:
    for j in range(min(stop, len(lines)) - 1, first - 1, -1):
        if not lines[j].blank:
            return j
    return first
