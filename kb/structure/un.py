"""UN treaty-body documents: general comments, concluding observations, lists of issues.

Units are the numbered paragraphs ("para 12"), which run 1, 2, 3... through the document:
a line "N. text" opens a paragraph only when N is the next number, so a numbered list
inside a paragraph or a numbered sub-heading does not. Headings ("I. Introduction",
"A. Right to liberty", "1. General measures of implementation (arts. 73 and 84)",
"(a) Legality", an unnumbered topic line in concluding observations) form the heading
path. Items "(a)", "(ii)" become parts ("para 62 (d) (ii)"). A copy that dropped the tab after
a number ("12.The Committee", "A.Introduction", "(a)Laws") is read the same way; a
heading label PDF extraction left alone on its line ("I." / "Introduction") is read with
its title. An annexed text that numbers its paragraphs anew after a line "Annex",
"Annex II" or "Appendix I" has units "Annex para 3", "Annex II para 1".

Footnotes come in several shapes: inline "[[fn:N]]" markers with "[fn N] text" lines
after the paragraph; numbers glued to words by PDF extraction ("return.1", "workers2",
"in 2021.45"), found by their rising sequence, with their texts in a "Notes" list at the
end (endnotes); or marks a reader kept out of the text (a PDF's superscripts, a Word
file's footnote references), attached by kb.structure.notes. Either way they leave the
unit text and are attached to the unit as (number, text).

Print furniture left in a text (document symbols, page numbers, the job number
"GE.24-19779 (E) 061124" even when extraction glued it to the next page's first line) is
kept out of the units without taking the words beside it. A report's unnumbered summary
before the first paragraph is the unit "Summary", a resolution's preambular paragraphs
(from "The General Assembly," on) the unit "Preamble"; replies that answer several
recommendations at once ("5., 6., 7. The Government accepts ...") are one unit named by
the first number, titled "paras. 5-7". For the text audit, paragraph numbers and headings
are classified as headings, the cover as the title, notes as notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Document, ParsedDocument
from ..readers.base import SourceText
from .common import UnitBuilder, clean_text, roman_to_int
from .generic import (
    Line,
    blank_spans,
    ends_sentence,
    glued_footnote_numbers,
    nest_parts,
    paren_markers,
    sequence_markers,
    split_lines,
    with_text,
)

# "12. text"; replies to recommendations group numbers: "5., 6., 7. text", "5.-9. text".
# A copy whose tab after the number was dropped (the text or HTML the UN document store
# serves of a Word original: "12.The Committee", "A.Introduction") glues the number to a
# capital letter or an opening quote: still the number, never a paragraph's first word.
_GLUED_START = r"(?=[A-Z\u00c0-\u00de“‘\"'])"
_PARA = re.compile(
    r"^[ \t]*(?P<n>\d+)\.(?P<more>(?:[ \t]*(?:,|and|&|–|-|to)[ \t]*\d+\.)*)(?:(?=[ \t]|$)|"
    + _GLUED_START + r")[ \t]*(?P<rest>.*)$"
)
_DIVISION = re.compile(r"^[ \t]*(?P<label>[IVXL]{1,6}|[A-Z])\.(?:[ \t]+|(?=[A-Z][a-z]))(?P<title>\S.*)$")
_PAREN_HEADING = re.compile(r"^[ \t]*\((?P<label>[a-z])\)[ \t]*(?P<title>\S.*)$")
_FN_LINE = re.compile(r"^[ \t]*\[fn[ \t]*(?P<n>\d{1,4})\][ \t]*(?P<text>.*)$")
_FN_INLINE = re.compile(r"\[\[fn:\s*(?P<n>\d{1,4})\s*\]\]")
# Print furniture that survives extraction, as whole lines: document symbols, bare page
# numbers, "Page 3 of 9"; "* Adopted by the Committee at ..." is the cover's note.
_SYMBOL_LINE = re.compile(
    r"^[ \t]*(?:[A-Z]{1,6}/)+[A-Z0-9./()\-]+(?:[ \t]*[–-][ \t]*(?:[A-Z]{1,6}/)+[A-Z0-9./()\-]+)?[ \t]*$"
)
_PAGE_LINE = re.compile(r"^[ \t]*(?:\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?|Page \d{1,4}(?: of \d{1,4})?)[ \t]*$")
_COVER_NOTE = re.compile(r"^[ \t]*\*+[ \t]+\S.*$")
# The UN job number ("GE.24-19779 (E) 061124 061124"), with the page number printed
# beside it ("2 GE.24-19779", "GE.24-19779 3"). PDF extraction can glue it to the first
# line of the next page: only the job number itself is furniture, never the words after it.
_JOB = re.compile(
    r"(?:(?<=^)|(?<=\n))[ \t]*(?:\d{1,4}[ \t]+)?GE\.\d{2}-\d{3,6}(?:[ \t]*\([A-Z]\))?(?:[ \t]+\d{6}){0,2}"
    r"(?:[ \t]+\d{1,4}(?=[ \t]|$))?[ \t]*",
    re.M,
)
# A resolution's subject, alone on its line before its preambular paragraphs: "The General
# Assembly,", "The Human Rights Council,", "The Conference of the Parties,".
_AUTHOR = re.compile(
    r"^[ \t]*The (?:General Assembly|Human Rights Council|Security Council|Economic and Social Council|"
    r"Commission on [A-Z][\w ,'-]{2,80}|Committee on [A-Z][\w ,'-]{2,80}|Conference of the Parties[\w ,'-]{0,80}|"
    r"Council|Conference|Assembly|Commission)[ \t]*,[ \t]*$"
)
# Where a resolution closes: "50th plenary meeting" and the date under it.
_MEETING = re.compile(r"^[ \t]*\d{1,4}(?:st|nd|rd|th)[ \t]+(?:plenary[ \t]+)?meeting[ \t]*$")
_DATE_LINE = re.compile(r"^[ \t]*\d{1,2}[ \t]+[A-Z][a-z]{2,8}[ \t]+\d{4}[ \t]*$")
# A heading label PDF extraction left alone on its line, its title on the next ("I." /
# "Introduction"), and the heading of an annexed text ("Annex", "Annex II", "Appendix I").
_BARE_LABEL = re.compile(r"^[ \t]*(?:[IVXL]{1,6}|[A-Z])\.[ \t]*$")
_ANNEX_LINE = re.compile(r"^[ \t]*(?P<word>Annex|ANNEX|Appendix|APPENDIX)(?:[ \t]+(?P<label>[IVXL]{1,6}|\d{1,2}|[A-H]))?[ \t]*$")
_EDITORIAL = re.compile(r"^[ \t]*\[(?!fn\b)[^\]]*\][ \t]*$")
_NOTES_HEADING = re.compile(r"^[ \t]*(?:Notes|NOTES|Endnotes|ENDNOTES|Footnotes)[ \t]*:?[ \t]*$")
_NOTE_ENTRY = re.compile(r"^[ \t]*(?P<n>\d{1,4})[ \t]+(?P<text>\S.*)$")

LEVEL_ROMAN, LEVEL_LETTER, LEVEL_NUMBERED, LEVEL_PAREN, LEVEL_TOPIC = 1, 2, 3, 4, 5


@dataclass
class _Para:
    number: int
    first: int  # line index
    last: int  # last line index with content
    heading: tuple[str, ...]
    through: int = 0  # last number of a group "5., 6., 7." answered together
    annex: str = ""  # "Annex", "Annex I": the annexed text whose numbering restarts at 1


@dataclass
class _State:
    headings: list[tuple[int, str]] = field(default_factory=list)
    last_letter: str = ""  # label of the last "A." heading, to read "I." after "H." as a letter
    last_paren: str = ""

    def push(self, level: int, text: str) -> None:
        self.headings = [(lv, t) for lv, t in self.headings if lv < level] + [(level, text)]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.headings)


@dataclass
class _Notes:
    """Footnote texts and where their references and texts sit in the source."""

    texts: dict[str, str] = field(default_factory=dict)
    lines: list[tuple[str, int]] = field(default_factory=list)  # (number, offset) of "[fn N]" lines
    markers: list[tuple[str, int]] = field(default_factory=list)  # (number, offset) of references
    refs: list[tuple[int, int]] = field(default_factory=list)  # spans of references in sentences
    spans: list[tuple[int, int]] = field(default_factory=list)  # spans of note texts
    listed: set[str] = field(default_factory=set)  # numbers given in a "Notes" list


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    text = source.text
    lines = split_lines(text)
    removed: list[tuple[int, int]] = []
    classified: list[tuple[int, int, str]] = []
    notes = _Notes()
    listed_from = _notes_list(lines, notes)
    body_end = lines[listed_from].start if listed_from is not None else len(text)

    note: str | None = None  # the footnote whose text may wrap onto indented lines
    closing = False  # after "50th plenary meeting": the date under it closes the resolution too
    for line in lines:
        if line.start >= body_end:
            break
        if _MEETING.match(line.text) or (closing and _DATE_LINE.match(line.text)):
            removed.append((line.start, line.end))
            classified.append((line.start, line.end, "title"))
            closing = not closing
            continue
        closing = closing and line.blank
        m = _FN_LINE.match(line.text)
        if m:
            note = m.group("n")
            notes.texts[note] = clean_text(m.group("text"))
            notes.lines.append((note, line.start))
            notes.spans.append((line.start, line.end))
        elif note and line.text.startswith(("    ", "\t")) and not line.blank:
            notes.texts[note] = clean_text(f"{notes.texts[note]} {line.text}")
            notes.spans.append((line.start, line.end))
        else:
            note = None
            for start, end, kind in _furniture(line):
                removed.append((start, end))
                classified.append((start, end, kind))
    for m in _FN_INLINE.finditer(text, 0, body_end):
        notes.markers.append((m.group("n"), m.start()))
        notes.refs.append((m.start(), m.end()))
    has_blocks = any(b.kind == "note-ref" for b in source.blocks)  # marks a reader kept out of the text
    if not notes.markers and not notes.lines and not has_blocks:
        for number, start, end in glued_footnote_numbers(text, 0, body_end):
            notes.markers.append((number, start))
            notes.refs.append((start, end))
    removed += notes.spans
    classified += [(s, e, "notes") for s, e in notes.spans + notes.refs]

    blanked = _unglue_lettered_headings(blank_spans(text, removed, notes.refs))
    view = split_lines(blanked)
    builder = UnitBuilder(doc.id, doc.language, with_text(source, blanked))
    tables = [(b.start, b.end) for b in source.blocks if b.kind == "table"]
    in_tables = {i for i, line in enumerate(view) if any(a <= line.start < b for a, b in tables)}
    paras, headings = _paragraphs(view, in_tables, builder.warnings)
    if paras:
        _cover(view, min([paras[0].first] + headings), set(headings), builder)
    referenced = {n for n, _ in notes.markers}
    unclaimed = sorted((n for n in notes.listed if n not in referenced), key=int)
    for i, para in enumerate(paras):
        first = view[para.first]
        start, end = _body_start(first), view[para.last].end
        if start > first.start:
            builder.classify(first.start, start, "heading")  # the paragraph number: the unit's name
        stop = view[paras[i + 1].first].start if i + 1 < len(paras) else len(text)
        found = [n for n, pos in notes.markers if start <= pos < end]
        # "[fn N]" lines nobody refers to belong to the paragraph they follow
        found += [n for n, pos in notes.lines if start <= pos < stop and n not in referenced]
        if i + 1 == len(paras):
            found += unclaimed  # notes of a "Notes" list nothing refers to: kept with the last one
        footnotes = tuple((n, notes.texts.get(n, "")) for n in dict.fromkeys(found))
        name = f"{para.annex} para {para.number}".lstrip()
        title = f"paras. {para.number}-{para.through}" if para.through else None
        accepted = sequence_markers(paren_markers(blanked, start, end), ("letter", "roman"))
        parts = nest_parts(accepted, end, lambda path, name=name: name + "".join(f" ({lab})" for _, _, lab in path))
        builder.add(name, start, end, heading=para.heading, title=title, parts=parts, footnotes=footnotes)
    for i in headings:
        builder.classify(view[i].start, view[i].end, "heading")
    builder.classified.extend(classified)
    return ParsedDocument(doc, builder.units, builder.warnings, builder.classified)


def _furniture(line: Line) -> list[tuple[int, int, str]]:
    """Spans of print furniture on a line, with their audit kind."""
    if line.blank:
        return []
    s = line.text
    if _SYMBOL_LINE.match(s):
        return [(line.start, line.end, "running-header")]
    if _PAGE_LINE.match(s):
        return [(line.start, line.end, "page-number")]
    if _COVER_NOTE.match(s):
        return [(line.start, line.end, "title")]
    if _EDITORIAL.match(s):
        return [(line.start, line.end, "debris")]
    m = _JOB.match(s)
    if m and m.end() > m.start():
        return [(line.start, line.start + m.end(), "running-footer")]
    return []


def _notes_list(lines: list[Line], notes: _Notes) -> int | None:
    """A "Notes" heading near the end followed by entries "12 See ..." (endnotes as
    printed in UN documents): their texts go to `notes`; returns the heading's line."""
    for h in range(len(lines) - 1, -1, -1):
        if not _NOTES_HEADING.match(lines[h].text):
            continue
        entries: dict[str, str] = {}
        current: str | None = None
        spans = [(lines[h].start, lines[h].end)]
        for line in lines[h + 1:]:
            if line.blank:
                continue
            m = _NOTE_ENTRY.match(line.text)
            if m:
                current = m.group("n")
                entries[current] = clean_text(m.group("text"))
            elif current is not None and not _is_furniture(line):
                entries[current] = clean_text(f"{entries[current]} {line.text}")
            elif current is None:
                break
            spans.append((line.start, line.end))
        numbers = [int(n) for n in entries]
        if not entries or numbers != sorted(numbers):
            return None
        notes.texts.update(entries)
        notes.listed.update(entries)
        notes.spans.extend(spans)
        return h
    return None


def _is_furniture(line: Line) -> bool:
    return bool(_furniture(line))


def _cover(view: list[Line], first: int, headings: set[int], builder: UnitBuilder) -> None:
    """Lines before the first heading or paragraph: the cover (symbol, session, title,
    distribution) and, in reports, an unnumbered summary of the document, which becomes
    the unit "Summary" (its words are the document's own, and citable)."""
    lines = [line for i, line in enumerate(view[:first]) if not line.blank and i not in headings]
    author = next((k for k, line in enumerate(lines) if _AUTHOR.match(line.text)), None)
    if author is not None and author + 1 < len(lines):
        # a resolution: "The General Assembly," and its preambular paragraphs, which are
        # its own words (cited "preamble"), not the cover
        builder.add("Preamble", lines[author].start, lines[-1].end)
        for line in lines[:author]:
            builder.classify(line.start, line.end, "title")
        return
    prose = [line for line in lines if len(line.text.strip()) > 300 or len(line.text.split()) >= 40]
    if prose:
        start = prose[0]
        end = next(line for line in reversed(lines) if line.start >= start.start and (line in prose or ends_sentence(line.text)))
        builder.add("Summary", start.start, end.end)
    summary = (prose[0].start, end.end) if prose else (-1, -1)
    for line in lines:
        if not summary[0] <= line.start < summary[1]:
            builder.classify(line.start, line.end, "title")


def _body_start(line: Line) -> int:
    """Where a paragraph's text starts: after its number, which the unit name carries."""
    m = _PARA.match(line.text)
    return line.start + m.start("rest") if m and m.group("rest") else line.end


def _paragraphs(
    view: list[Line], in_tables: set[int] = frozenset(), warnings: list[str] | None = None
) -> tuple[list[_Para], list[int]]:
    """Walk the lines once: paragraph starts in sequence, headings, continuation text.
    Lines of a table (`in_tables`, from the reader's "table" blocks) are the text of
    the paragraph they follow, never a heading. Returns the paragraphs and the indices
    of the heading lines; a lettered heading the text skips ("A." then "C.") is said in
    `warnings`."""
    state = _State()
    letter_from = 0  # the first paragraph under the current lettered heading
    paras: list[_Para] = []
    heading_lines: list[int] = []
    expected = 1
    current_annex = ""
    list_next = 0  # next number of a numbered list running inside the current paragraph
    after_heading = False
    content = [i for i, line in enumerate(view) if not line.blank]
    following = {content[k]: content[k + 1] for k in range(len(content) - 1)}
    preceding = {content[k + 1]: content[k] for k in range(len(content) - 1)}
    para_numbers = [(i, int(m.group("n"))) for i in content if (m := _PARA.match(view[i].text))]
    # The first paragraph is the first "1." that is a sentence; a "1. Title" before it
    # numbers a heading ("1. International human rights treaties").
    first_para = next((i for i, n in para_numbers if n == 1 and not _is_heading_text(_rest(view[i]))), None)
    joined: set[int] = set()  # title lines read with the bare label before them
    for i in content:
        line = view[i]
        if i in joined:
            continue
        annex = _ANNEX_LINE.match(line.text) if paras else None
        if annex and _next_para_number(para_numbers, i) == 1 and ends_sentence(view[preceding[i]].text):
            # an annexed text (a declaration, a compact) numbers its paragraphs anew:
            # "Annex para 3", never more text of the resolution's last paragraph
            word = "Annex" if annex.group("word").lower() == "annex" else "Appendix"
            state.headings, state.last_letter, state.last_paren = [], "", ""
            state.push(0, " ".join(x for x in (word, (annex.group("label") or "").upper()) if x))
            current_annex, expected = state.path[0], 1
            heading_lines.append(i)
            list_next, after_heading = 0, True
            continue
        if i in in_tables and paras:
            paras[-1].last = i
            after_heading = False
            continue
        m = _PARA.match(line.text)
        if m:
            n = int(m.group("n"))
            if not paras and first_para is not None and i < first_para and _is_heading_text(m.group("rest")):
                state.push(LEVEL_NUMBERED, _heading_text(line.text))
                heading_lines.append(i)
                list_next, after_heading = 0, True
                continue
            if (
                paras
                and _is_heading_text(m.group("rest"))
                and _leads_to_paragraph(view, following, i, expected)
                and (n != expected or _next_para_number(para_numbers, i) == n)
            ):
                state.push(LEVEL_NUMBERED, _heading_text(line.text))
                heading_lines.append(i)
                list_next, after_heading = 0, True
                continue
            if n == expected and not (list_next and n == list_next):
                through = max([n] + [int(x) for x in re.findall(r"\d+", m.group("more"))])
                paras.append(_Para(n, i, i, state.path, through if through > n else 0, current_annex))
                expected = max(n, through) + 1
                list_next, after_heading = 0, False
                continue
            if paras:
                list_next = n + 1 if (n == 1 or n == list_next) else list_next
                paras[-1].last = i
            continue
        last_letter = state.last_letter
        heading = _heading(view, following, i, preceding.get(i), expected, state, bool(paras), after_heading)
        if heading:
            if heading[0] == LEVEL_LETTER:
                if warnings is not None and last_letter and ord(state.last_letter) > ord(last_letter) + 1:
                    warnings.append(_letter_gap(last_letter, state, heading[1], letter_from, expected - 1))
                letter_from = expected
            state.push(*heading)
            heading_lines.append(i)
            if _BARE_LABEL.match(line.text):
                joined.add(following[i])
                heading_lines.append(following[i])
            list_next, after_heading = 0, True
            continue
        if paras:
            paras[-1].last = i
        after_heading = False
    return paras, heading_lines


def _heading(
    view: list[Line],
    following: dict[int, int],
    i: int,
    prev: int | None,
    expected: int,
    state: _State,
    started: bool,
    after_heading: bool,
) -> tuple[int, str] | None:
    line = view[i]
    s = line.text.strip()
    if _BARE_LABEL.match(s):
        title = following.get(i)
        if title is None or not _is_heading_text(view[title].text) or _BARE_LABEL.match(view[title].text):
            return None
        s = f"{s} {view[title].text.strip()}"  # "I." / "Introduction": one heading
    elif not _is_heading_text(s):
        return None
    if not _leads_to_paragraph(view, following, i, expected):
        return None
    m = _DIVISION.match(s)
    if m:
        label = m.group("label")
        if _reads_as_letter(label, state.last_letter):
            state.last_letter = label
            return LEVEL_LETTER, _heading_text(s)
        state.last_letter = ""
        return LEVEL_ROMAN, _heading_text(s)
    if not started:
        return None
    m = _PAREN_HEADING.match(line.text)
    if m:
        label = m.group("label")
        continues = state.last_paren and ord(label) == ord(state.last_paren) + 1
        if (label == "a" or continues) and prev is not None and view[prev].text.rstrip().endswith("."):
            state.last_paren = label
            return LEVEL_PAREN, _heading_text(s)
        return None
    after_sentence = after_heading or prev is None or ends_sentence(view[prev].text)
    if after_sentence and s[0].isupper() and len(s.split()) <= 16:
        return LEVEL_TOPIC, clean_text(s)
    return None


def _heading_text(s: str) -> str:
    """A heading as the heading path shows it: its label spaced from its title where the
    copy glued them ("A.Introduction" -> "A. Introduction", "(a)Legality")."""
    return clean_text(re.sub(r"^\s*(\d+\.|[IVXL]{1,6}\.|[A-Z]\.|\([a-z]\))(?=\S)", r"\1 ", s))


def _is_heading_text(s: str) -> bool:
    """Short, no final punctuation: a heading, not a sentence."""
    s = s.strip()
    return bool(s) and len(s) <= 160 and s[-1] not in ".;:," and not s.startswith(("-", "•", "–", "[", "*"))


def _leads_to_paragraph(view: list[Line], following: dict[int, int], i: int, expected: int) -> bool:
    """Whether the next paragraph in sequence opens right after line i, possibly after a
    few more heading lines ("C. Principal subjects..." / "1. General measures..." /
    "Legislation")."""
    j = following.get(i)
    for _ in range(4):
        if j is None:
            return False
        m = _PARA.match(view[j].text)
        if m and int(m.group("n")) == expected:
            return True
        if not _is_heading_text(m.group("rest") if m else view[j].text) and not _BARE_LABEL.match(view[j].text):
            return False
        j = following.get(j)
    return False


def _rest(line: Line) -> str:
    m = _PARA.match(line.text)
    return m.group("rest") if m else ""


def _next_para_number(para_numbers: list[tuple[int, int]], i: int) -> int | None:
    for j, n in para_numbers:
        if j > i:
            return n
    return None


_LETTER_LINE = re.compile(r"^[ \t]*(?P<label>[A-Z])\.[ \t]+(?P<title>[A-Z\u00c0-\u00de]\S.*)$", re.M)


def _unglue_lettered_headings(text: str) -> str:
    """`text` with a lettered heading that PDF extraction ran onto the end of the
    paragraph before it put back on its own line: between "F. …" and "H. …", a line
    ending "… the judgement. G. Rights of aliens (recommendations 1, 4)" and followed by
    the next numbered paragraph is split before "G.". The blank before the label becomes
    a line break, so every offset stays where it was. Only a missing letter between two
    found ones, only once per gap, and only a title that reads as a heading."""
    found = [m for m in _LETTER_LINE.finditer(text) if _is_heading_text(m.group("title"))]
    breaks: list[int] = []
    for before, after in zip(found, found[1:]):
        if ord(after.group("label")) != ord(before.group("label")) + 2:
            continue
        label = chr(ord(before.group("label")) + 1)
        glued = re.compile(r"(?<=[.;:!?)\]”\"])[ \t]+(?=" + label + r"\.[ \t]+[A-Z\u00c0-\u00de](?P<title>[^\n]{2,200})\n[ \t]*\d{1,4}\.)")
        hits = [m for m in glued.finditer(text, before.end(), after.start())
                if _is_heading_text(text[m.end():text.find("\n", m.end())])]
        if len(hits) == 1:
            breaks.append(hits[0].end() - 1)
    for at in breaks:  # rare: the text is copied only when a heading is put back
        text = text[:at] + "\n" + text[at + 1:]
    return text


def _letter_gap(last_letter: str, state: _State, title: str, first: int, last: int) -> str:
    """The warning for a lettered heading the text skips: its heading line was lost (a
    page break, a copy that dropped it), so the paragraphs it opened are filed under the
    heading before it, which is all the text shows."""
    missing = "', '".join(chr(c) + "." for c in range(ord(last_letter) + 1, ord(state.last_letter)))
    before = next((t for lv, t in reversed(state.headings) if lv == LEVEL_LETTER), f"{last_letter}.")
    where = f"paras {first}-{last}" if last > first else f"para {first}"
    return (f"heading '{missing}' not found between '{before}' and '{title}' (lost in the source?); "
            f"{where} are filed under '{before}'")


def _reads_as_letter(label: str, last_letter: str) -> bool:
    """'I.' is the letter after 'H.', not the Roman numeral one; 'A.'-'Z.' that are not
    Roman numerals are always letters."""
    if len(label) != 1:
        return False
    if last_letter and ord(label) == ord(last_letter) + 1:
        return True
    return roman_to_int(label) is None or label in "CDLM"
