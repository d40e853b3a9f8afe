"""The fallback parser, so that nothing added is unsearchable, and the line-level helpers
the family parsers (un, asean, treaty) share.

Order of preference: explicit numbered headings ("Article 3", "Pasal 3", "Section 3",
"Clause 3") become units; else numbered paragraphs ("3. text") become "para 3"; else
blank-line-separated blocks become "para 1", "para 2"... counted in order. Heading lines
(ALL CAPS, Markdown "#", short title lines) form the heading path. A text with words
always yields at least one unit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..models import Document, ParsedDocument
from ..readers.base import SourceText
from .common import UnitBuilder, clean_text, roman_to_int

# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One line of the source: `start`/`end` are offsets of its text (newline excluded)."""

    start: int
    end: int
    text: str

    @property
    def s(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def blank_spans(text: str, spans: Sequence[tuple[int, int]], pull: Sequence[tuple[int, int]] = ()) -> str:
    """`text` with the given spans turned into spaces (newlines kept), so every offset
    still points at the same place: what parsers drop never shifts a unit's span.

    `pull` spans are blanked too, and punctuation right after one moves to its start, so
    dropping the footnote number of "workers1." leaves "workers." rather than "workers .".
    """
    if not spans and not pull:
        return text
    chars = list(text)
    for start, end in list(spans) + list(pull):
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    for start, end in pull:
        if 0 < start and end < len(chars) and chars[end] in ".,;:)" and not chars[start - 1].isspace():
            chars[start], chars[end] = chars[end], " "
    return "".join(chars)


def with_text(source: SourceText, text: str) -> SourceText:
    """A copy of `source` with blanked text: same length, pages and blocks."""
    return replace(source, text=text)


def next_content(lines: Sequence[Line], i: int) -> int | None:
    """Index of the first non-blank line after line i."""
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


# --------------------------------------------------------------------------- words

_LETTER = re.compile(r"[^\W\d_]")
_SMALL_WORDS = {
    "en": {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"},
    "id": {"dan", "dari", "di", "ke", "untuk", "yang", "atau", "pada", "dalam", "bagi", "terhadap", "serta", "tentang", "oleh", "sebagai"},
}


def is_caps(text: str) -> bool:
    """ALL CAPS: at least three letters and none lower-case."""
    letters = _LETTER.findall(text)
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def title_case(text: str, language: str = "en") -> str:
    """'MOVEMENT OF NATURAL PERSONS' / 'Movement Of Natural Persons' -> 'Movement of Natural Persons'.

    Mixed-case words keep their case (acronyms such as "ASEAN" in a Title Case title);
    an ALL CAPS title is re-cased word by word."""
    small = _SMALL_WORDS.get(language, _SMALL_WORDS["en"])
    shouting = is_caps(text)
    out = []
    for i, word in enumerate(text.split()):
        lower = word.lower()
        if i and lower in small:
            out.append(lower)
        elif shouting:
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ":", "!", "?", ".”", ".\"", ".’", ".)", "”", "’"))


def looks_like_title(text: str, max_len: int = 100) -> bool:
    """A caption, not a sentence: short, starts with a capital, no final punctuation,
    and most significant words capitalised (or ALL CAPS)."""
    s = text.strip()
    if not s or len(s) > max_len or s[-1] in ".;:,":
        return False
    if not s[0].isupper() or s[0].isdigit():
        return False
    if is_caps(s):
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", s) if w.lower() not in _SMALL_WORDS["en"] | _SMALL_WORDS["id"]]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class Marker:
    """A candidate list marker: where it starts and what it could be (kind, value, label)."""

    pos: int
    choices: tuple[tuple[str, int, str], ...]


def sequence_markers(markers: Sequence[Marker], kinds: Sequence[str],
                     first: int = 1) -> list[tuple[int, tuple[tuple[str, int, str], ...]]]:
    """Keep the markers that continue a list in order: (a) (b) (c), (i) (ii) inside a
    letter, 1. 2. inside an article. Returns (pos, path) with path the open levels.

    "(i)" after "(h)" is a letter; after "(a)" it opens a roman sub-list. `first` is the
    value the outermost list (kinds[0]) may open at besides 1: a list that continues the
    numbering of the unit before (a Word list numbered across articles: 4, 5, 6 after 1-3).
    """
    stack: list[tuple[int, int, str]] = []
    out = []
    for marker in markers:
        chosen: tuple[int, tuple[int, int, str]] | None = None
        for kind, value, label in marker.choices:
            if kind not in kinds:
                continue
            k = kinds.index(kind)
            for depth, (sk, sv, _) in enumerate(stack):
                if sk == k and value == sv + 1:
                    chosen = (depth, (k, value, label))
                    break
            if chosen:
                break
        if chosen is None:
            for kind, value, label in marker.choices:
                if kind not in kinds:
                    continue
                k = kinds.index(kind)
                if (value == 1 or not stack and k == 0 and value == first) and (not stack or stack[-1][0] < k):
                    chosen = (len(stack), (k, value, label))
                    break
        if chosen is None:
            continue
        depth, entry = chosen
        stack = stack[:depth] + [entry]
        out.append((marker.pos, tuple((kinds[k], v, lab) for k, v, lab in stack)))
    return out


def nest_parts(
    accepted: Sequence[tuple[int, tuple[tuple[str, int, str], ...]]],
    end: int,
    fmt: Callable[[tuple[tuple[str, int, str], ...]], str],
) -> list[tuple[str, int, int]]:
    """Spans for sequenced markers: each runs to the next marker at its level or above."""
    parts = []
    for i, (pos, path) in enumerate(accepted):
        stop = end
        for later_pos, later_path in accepted[i + 1:]:
            if len(later_path) <= len(path):
                stop = later_pos
                break
        if stop > pos:
            parts.append((fmt(path), pos, stop))
    return parts


_PAREN_ITEM = re.compile(r"\(\s?(?P<label>[a-z]{1,4}|\d{1,2})\s?\)")
_ITEM_CONTEXT = re.compile(
    r"(?:^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\(\s?\w{1,4}\s?\))?\s*|(?:[:;.]|[:;,]\s*(?:and|or|dan|atau))\s+)$"
)
_ROMAN_LABEL = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")


def label_choices(label: str) -> tuple[tuple[str, int, str], ...]:
    """What '(x)' may be: a letter, a roman numeral, or both ('i', 'v', 'x')."""
    choices: list[tuple[str, int, str]] = []
    if label.isdigit():
        return (("num", int(label), label),)
    if len(label) == 1:
        choices.append(("letter", ord(label) - 96, label))
    if _ROMAN_LABEL.match(label) and label:
        value = roman_to_int(label)
        if value:
            choices.append(("roman", value, label))
    return tuple(choices)


def paren_markers(text: str, start: int, end: int, numbers: bool = False) -> list[Marker]:
    """'(a)', '(ii)' (and '(1)' when `numbers`) that open a list item: at a line start,
    after a paragraph number, or after ':' ';' '.' ('; and'). A reference such as
    'article 16 (7) (b)' or 'paragraph 1(a)' is not an item."""
    out = []
    for m in _PAREN_ITEM.finditer(text, start, end):
        label = m.group("label")
        if label.isdigit() and not numbers:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - 40):m.start()]
        if m.start() - line_start > 40:
            before = " " + before  # not at the line start: only the punctuation rule applies
        if not _ITEM_CONTEXT.search(before):
            continue
        if label.isdigit() and text[line_start:m.start()].strip():
            continue  # "(1)" numbers a paragraph only at a line start
        choices = label_choices(label)
        if choices:
            out.append(Marker(m.start(), choices))
    return out


# --------------------------------------------------------------------------- units

# --------------------------------------------------------------------------- footnotes

# A footnote number glued to the word or punctuation it follows ("return.1 Next", "workers2 and").
_GLUED = re.compile(r"(?<=[^\W\d_’”\"')\].,;:]|[’”\"')\].,;:])(?P<n>\d{1,3})(?![.,]\d)(?=[\s,;:.)]|$)")
_SPACED_FINAL = re.compile(r"(?<=[^\W\d_][.;:]) (?P<n>\d{1,3})[ \t]*$", re.M)
_ABBREVIATIONS = {
    "add", "no", "nos", "para", "paras", "art", "arts", "p", "pp", "vol", "rev", "corr", "suppl",
    "sect", "chap", "annex", "op", "cit", "fig", "sess", "res", "ch", "n", "nr",
}


def glued_footnote_numbers(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Footnote reference numbers glued to the text, as (number, start, end).

    PDF-to-text extraction glues superscripts to words ("return.1", "Children,2",
    "domestic work19"). Years, article numbers, "COVID-19" or "A/74/136" also put digits
    next to text, so a candidate only counts as a footnote if it belongs to the longest
    run of candidates whose numbers rise through the document, as footnote numbers do.
    """
    end = len(text) if end is None else end
    candidates: list[tuple[int, int, int]] = []
    for m in _GLUED.finditer(text, start, end):
        p = m.start()
        before = text[p - 1] if p else ""
        if before in ".,;:":
            prev = text[p - 2] if p >= 2 else ""
            year = before == "." and re.search(r"(?<![\d./])(?:19|20)\d\d$", text[max(0, p - 6):p - 1])
            if not (prev.islower() or prev in "’”\"')]" or year):
                continue  # "5.2", "330,000", "VI.1": numbering, not a reference ("in 2021.45" is one)
            word = re.search(r"(\w+)$", text[max(0, p - 12):p - 1])
            if before == "." and word and word.group(1).lower() in _ABBREVIATIONS:
                continue
        elif before.isalpha():
            if not before.islower():
                continue  # "G20", "ASEAN 2"-like codes
            token = re.search(r"(\S+)$", text[max(0, p - 30):p])
            if token and any(c.isdigit() for c in token.group(1)):
                continue  # "A4", "G20x": part of a code
        n = int(m.group("n"))
        if 0 < n <= 999:
            candidates.append((n, m.start(), m.end()))
    for m in _SPACED_FINAL.finditer(text, start, end):
        candidates.append((int(m.group("n")), m.start("n"), m.end("n")))
    candidates.sort(key=lambda c: c[1])
    chain = _longest_rising(candidates)
    if not chain or (len(chain) < 3 and chain[0][0] != 1):
        return []
    first, last = chain[0][0], chain[-1][0]
    if last - first + 1 > 3 * len(chain) + 10:
        return []
    return [(str(n), s, e) for n, s, e in chain]


def _longest_rising(items: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest subsequence with strictly rising numbers (patience sorting)."""
    tails: list[int] = []  # smallest tail number of a rising run of each length
    tail_idx: list[int] = []
    parent: list[int] = [-1] * len(items)
    for i, (n, _, _) in enumerate(items):
        k = bisect.bisect_left(tails, n)
        if k == len(tails):
            tails.append(n)
            tail_idx.append(i)
        else:
            tails[k] = n
            tail_idx[k] = i
        parent[i] = tail_idx[k - 1] if k else -1
    if not tail_idx:
        return []
    out, i = [], tail_idx[-1]
    while i >= 0:
        out.append(items[i])
        i = parent[i]
    return out[::-1]


# --------------------------------------------------------------------------- numbered chains


def longest_chain(numbers: Sequence[int], max_step: int = 3) -> list[int]:
    """Indices of the longest run of numbers rising by 1..max_step, in document order:
    the real sequence of headings among stray references to them. Linear: the best run
    ending at each value is kept, earliest first on ties."""
    best_end: dict[int, tuple[int, int]] = {}  # value -> (run length, index) of the best run ending there
    back = [-1] * len(numbers)
    length = [1] * len(numbers)
    for i, x in enumerate(numbers):
        before = [best_end[x - s] for s in range(1, max_step + 1) if x - s in best_end]
        if before:
            run, j = max(before, key=lambda b: (b[0], -b[1]))
            length[i], back[i] = run + 1, j
        if x not in best_end or length[i] > best_end[x][0]:
            best_end[x] = (length[i], i)
    if not numbers:
        return []
    end = max(range(len(numbers)), key=lambda i: (length[i], -i))
    out = []
    while end >= 0:
        out.append(end)
        end = back[end]
    return out[::-1]


# --------------------------------------------------------------------------- generic parser

_UNIT_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?P<kind>ARTICLE|Article|PASAL|Pasal|SECTION|Section|CLAUSE|Clause|Art\.|§)\s*"
    # Arabic ("Article 12A") or Roman ("Article IV": ILO conventions, bilateral agreements)
    r"(?:(?P<n>\d+)(?P<suffix>[A-Z]?)|(?P<roman>[IVXLC]{1,7}))\b\s*(?P<rest>.*)$"
)
_KIND_NAMES = {"article": "Article", "art.": "Article", "pasal": "Pasal", "section": "Section", "§": "Section", "clause": "Clause"}
_NUMBERED_PARA = re.compile(r"^\s*(?P<n>\d+)[.)](?:\s+(?P<rest>\S.*))?\s*$")
_MARKDOWN_HEADING = re.compile(r"^\s*(?P<hashes>#{1,6})\s+(?P<title>\S.*?)\s*#*\s*$")
_DIVISION = re.compile(
    r"^\s*(?P<word>PART|Part|CHAPTER|Chapter|BAB|Bab|BAGIAN|Bagian|TITLE|Title)\s+(?P<n>[IVXLC]+|\d{1,3})\b\.?\s*(?P<rest>.*)$"
)


def _rest_is_caption(rest: str) -> bool:
    """What follows "Article 3" on its line: nothing, a caption after a separator
    ("Section 3. Rest days", "ARTICLE 2 – SCOPE"), or a Title Case caption."""
    rest = rest.strip()
    caption = rest.lstrip(".:–—-").strip()
    if not caption:
        return True
    if caption != rest and len(caption) <= 100 and caption[0].isupper() and caption[-1] not in ".;:,":
        return True
    return looks_like_title(caption, max_len=120)


def unit_headings(lines: Sequence[Line]) -> list[tuple[int, str, str, str]]:
    """(line index, kind word, number, caption) of the explicit unit headings that form the
    document's sequence; a heading must open its line and be followed by a caption or
    nothing, so "Article 5 of the Convention applies" is text."""
    by_kind: dict[tuple[str, str], list[tuple[int, int, str, str]]] = {}
    for i, line in enumerate(lines):
        m = _UNIT_HEADING.match(line.text)
        if not m or not _rest_is_caption(m.group("rest")):
            continue
        kind = _KIND_NAMES[m.group("kind").lower()]
        caption = m.group("rest").strip().lstrip(".:–—-").strip()
        if m.group("n"):
            number, label, style = int(m.group("n")), m.group("n") + m.group("suffix"), ""
        else:
            number, label, style = roman_to_int(m.group("roman")) or 0, m.group("roman"), "roman"
        # Roman and Arabic numbers are two sequences, never one ("Article I, II, 3, 4")
        by_kind.setdefault((kind, style), []).append((i, number, label, caption))
    best: list[tuple[int, str, str, str]] = []
    for (kind, _style), found in by_kind.items():
        chain = [found[k] for k in longest_chain([f[1] for f in found])]
        if len(chain) > len(best):
            best = [(i, kind, label, caption) for i, _, label, caption in chain]
    return best


def heading_levels(lines: Sequence[Line]) -> dict[int, int]:
    """Heading lines and their level (1 = top): Markdown '#', divisions ("PART II",
    "CHAPTER 3"), ALL CAPS lines standing apart, short Title Case lines set off by
    blank lines. A caps line right under another heading is its title, one level down."""
    levels: dict[int, int] = {}
    prev: int | None = None
    for i, line in enumerate(lines):
        if line.blank:
            continue
        level = _heading_level(lines, i, prev, levels.get(prev) if prev is not None else None)
        if level:
            levels[i] = level
        prev = i
    return levels


def _heading_level(lines: Sequence[Line], i: int, prev: int | None, prev_level: int | None) -> int | None:
    line = lines[i]
    s = line.s
    m = _MARKDOWN_HEADING.match(line.text)
    if m:
        return len(m.group("hashes"))
    d = _DIVISION.match(line.text)
    if d and _rest_is_caption(d.group("rest")):
        return 1
    if len(s) > 120 or _UNIT_HEADING.match(line.text) or _NUMBERED_PARA.match(line.text):
        return None
    apart = prev is None or i - prev > 1 or ends_sentence(lines[prev].s) or prev_level is not None
    if is_caps(s) and apart and s[-1:] not in ",;":
        return (prev_level + 1) if prev_level and i - (prev or 0) == 1 else 2
    nxt = next_content(lines, i)
    if (
        looks_like_title(s, max_len=80)
        and nxt is not None
        and (prev is None or i - prev > 1)
        and (lines[i + 1].blank or _UNIT_HEADING.match(lines[nxt].text) or _NUMBERED_PARA.match(lines[nxt].text))
    ):
        return 3
    return None


def _clean_heading(line: Line) -> str:
    m = _MARKDOWN_HEADING.match(line.text)
    return clean_text(m.group("title") if m else line.text)


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    builder = UnitBuilder(doc.id, doc.language, source)
    lines = split_lines(source.text)
    heads = unit_headings(lines)
    words = _words(source.text)
    # A few numbers that happen to run in order ("0." "1." "2." in a long text of another
    # shape) are not its structure: units that long would be whole chapters.
    if (len(heads) >= 2 and words / len(heads) <= _MAX_UNIT_WORDS) or (heads and words < 400):
        _by_headings(builder, lines, heads)
    else:
        paras = _numbered_paragraphs(lines)
        if len(paras) >= 2 and words / len(paras) <= _MAX_UNIT_WORDS:
            _by_paragraphs(builder, lines, paras)
        else:
            _by_blocks(builder, lines)
    if not builder.units and source.text.strip():
        builder.add("para 1", 0, len(source.text))
    if not builder.units and _LETTER.search(source.text):
        builder.add("para 1", 0, len(source.text), text=source.text.strip() or source.text)
    return ParsedDocument(doc, builder.units, builder.warnings, builder.classified)


_MAX_UNIT_WORDS = 3000  # on average; a statute's longest articles hold a few hundred words


def _words(text: str) -> int:
    return len(text.split())


class _Headings:
    """The heading path as headings arrive, by level."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def push(self, level: int, text: str) -> None:
        self.stack = [(lv, t) for lv, t in self.stack if lv < level] + [(level, text)]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.stack)


def _emit_segments(
    builder: UnitBuilder,
    lines: Sequence[Line],
    starts: list[tuple[int, str, str | None, int, int]],
    lead_name: str | None,
) -> None:
    """Units from line ranges: starts = (heading line, unit name, title, first body line,
    column where the text starts on it). Heading lines around a unit's text feed the
    heading path and stay out of the text; text before the first unit becomes
    `lead_name` when it says something."""
    headings = _Headings()
    levels = heading_levels(lines)
    segments = []
    if lead_name and starts:
        segments.append((0, lead_name, None, 0, 0, starts[0][0], True))
    for k, (i, name, title, body, column) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        segments.append((i, name, title, body, column, stop, False))
    for i, name, title, body, column, stop, lead in segments:
        text_lines = [j for j in range(body, stop) if not lines[j].blank]
        while text_lines and text_lines[0] in levels and not (text_lines[0] == body and column):
            j = text_lines.pop(0)
            headings.push(levels[j], _clean_heading(lines[j]))
            builder.classify(lines[j].start, lines[j].end, "heading")
        path = headings.path
        trailing = []
        while text_lines and text_lines[-1] in levels and text_lines[-1] != body:
            trailing.insert(0, text_lines.pop())
        if not lead and body > i:
            builder.classify(lines[i].start, lines[body - 1].end, "heading")  # "Article 3" and its caption
        elif not lead and column:
            builder.classify(lines[i].start, lines[i].start + column, "heading")  # the paragraph number
        if text_lines:
            start = lines[text_lines[0]].start + (column if text_lines[0] == body else 0)
            end = lines[text_lines[-1]].end
            if lead:
                if _words(builder.source.text[start:end]) >= 8:
                    builder.add(name, start, end, heading=path)
                else:
                    builder.classify(start, end, "title")
            else:
                builder.add(name, start, end, heading=path, title=title, parts=_letter_parts(builder, name, start, end))
        elif not lead:
            builder.add(name, lines[i].start, lines[i].end, heading=path, title=title, text=title or clean_text(lines[i].text))
        for j in trailing:
            headings.push(levels[j], _clean_heading(lines[j]))
            builder.classify(lines[j].start, lines[j].end, "heading")


def _letter_parts(builder: UnitBuilder, name: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Items "(a)", "(i)" in the citation style of the unit: "Article 3(a)", "Pasal 3
    huruf a", "para 3 (a)"."""
    text = builder.source.text
    accepted = sequence_markers(paren_markers(text, start, end), ("letter", "roman"))

    def fmt(path: tuple[tuple[str, int, str], ...]) -> str:
        if name.startswith("Article"):
            return name + "".join(f"({label})" for _, _, label in path)
        if name.startswith("Pasal"):
            return name + "".join(f" huruf {label}" if kind == "letter" else f" ({label})" for kind, _, label in path)
        return name + "".join(f" ({label})" for _, _, label in path)

    return nest_parts(accepted, end, fmt)


def _by_headings(builder: UnitBuilder, lines: Sequence[Line], heads: list[tuple[int, str, str, str]]) -> None:
    starts = [(i, f"{kind} {label}", caption or None, i + 1, 0) for i, kind, label, caption in heads]
    _emit_segments(builder, lines, starts, lead_name="Preamble")


def _numbered_paragraphs(lines: Sequence[Line]) -> list[tuple[int, int]]:
    found = []
    for i, line in enumerate(lines):
        m = _NUMBERED_PARA.match(line.text)
        if m:
            found.append((i, int(m.group("n"))))
    chain = longest_chain([n for _, n in found], max_step=1)
    return [found[k] for k in chain]


def _by_paragraphs(builder: UnitBuilder, lines: Sequence[Line], paras: list[tuple[int, int]]) -> None:
    starts = []
    for i, n in paras:
        m = _NUMBERED_PARA.match(lines[i].text)
        rest = m.start("rest") if m and m.group("rest") else len(lines[i].text)
        starts.append((i, f"para {n}", None, i, rest))
    _emit_segments(builder, lines, starts, lead_name="Introduction")


def _by_blocks(builder: UnitBuilder, lines: Sequence[Line]) -> None:
    """Paragraphs counted in order ("para 1", "para 2"...): blocks between blank lines,
    or single lines where the source sets one paragraph per line (PDF, Word, HTML, and
    long unwrapped lines). A hard-wrapped block is split where a sentence ends on a short
    line: a document without any recognisable structure still gives citable paragraphs."""
    headings = _Headings()
    count = 0
    per_line = builder.source.format in ("pdf", "docx", "html", "xml") or _unwrapped(lines)

    def emit(body: list[int]) -> None:
        nonlocal count
        if not body:
            return
        if len(body) == 1:
            level = _block_heading_level(lines[body[0]])
            if level:
                headings.push(level, _clean_heading(lines[body[0]]))
                builder.classify(lines[body[0]].start, lines[body[0]].end, "heading")
                return
        if builder.add(f"para {count + 1}", lines[body[0]].start, lines[body[-1]].end, heading=headings.path):
            count += 1

    def flush(block: list[int]) -> None:
        body = [j for j in block if not lines[j].blank]
        if per_line:
            for j in body:
                emit([j])
            return
        for piece in _wrapped_paragraphs(lines, body):
            emit(piece)

    block: list[int] = []
    for j, line in enumerate(lines):
        if line.blank:
            flush(block)
            block = []
        elif _MARKDOWN_HEADING.match(line.text):
            flush(block)
            flush([j])
            block = []
        else:
            block.append(j)
    flush(block)


def _unwrapped(lines: Sequence[Line]) -> bool:
    """Text set one paragraph per line (long lines, no hard wrapping)."""
    content = [len(line.text) for line in lines if not line.blank]
    return bool(content) and sorted(content)[len(content) // 2] > 200


def _wrapped_paragraphs(lines: Sequence[Line], body: list[int]) -> list[list[int]]:
    """A block of hard-wrapped lines cut into paragraphs: a paragraph ends on a line that
    finishes a sentence well short of the block's usual width, and the next line starts
    a new sentence. Short blocks are left whole."""
    if len(body) < 4 or sum(len(lines[j].text) for j in body) < 1500:
        return [body]
    widths = sorted(len(lines[j].text.rstrip()) for j in body)
    usual = widths[int(0.8 * (len(widths) - 1))]
    pieces: list[list[int]] = [[]]
    for k, j in enumerate(body):
        pieces[-1].append(j)
        if k + 1 == len(body):
            break
        text = lines[j].text.rstrip()
        nxt = lines[body[k + 1]].text
        indented = len(nxt) - len(nxt.lstrip()) > len(lines[j].text) - len(lines[j].text.lstrip())
        starts = nxt.strip()[:1]
        if ends_sentence(text) and (len(text) < 0.75 * usual or indented) and (starts.isupper() or starts.isdigit()):
            pieces.append([])
    return [p for p in pieces if p]


def _block_heading_level(line: Line) -> int | None:
    s = line.s
    m = _MARKDOWN_HEADING.match(line.text)
    if m:
        return len(m.group("hashes"))
    if _DIVISION.match(line.text):
        return 1
    if is_caps(s) and len(s) <= 120:
        return 2
    if looks_like_title(s, max_len=80):
        return 3
    return None
