"""UN treaty-body documents: general comments, concluding observations, lists of issues.

Units are the numbered paragraphs ("para 12"), which run 1, 2, 3... through the document:
a line "N. text" opens a paragraph only when N is the next number, so a numbered list
inside a paragraph or a numbered sub-heading does not. Headings ("I. Introduction",
"A. Right to liberty", "1. General measures of implementation (arts. 73 and 84)",
"(a) Legality", an unnumbered topic line in concluding observations) form the heading
path. Items "(a)", "(ii)" become parts ("para 62 (d) (ii)").

Footnotes come in three shapes: inline "[[fn:N]]" markers with "[fn N] text" lines after
the paragraph; or numbers glued to words by PDF extraction ("return.1", "workers2"),
found by their rising sequence. Either way they leave the unit text and are attached to
the unit as (number, text).
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

_PARA = re.compile(r"^[ \t]*(?P<n>\d{1,3})\.(?=[ \t]|$)[ \t]*(?P<rest>.*)$")
_DIVISION = re.compile(r"^[ \t]*(?P<label>[IVXL]{1,6}|[A-Z])\.[ \t]+(?P<title>\S.*)$")
_PAREN_HEADING = re.compile(r"^[ \t]*\((?P<label>[a-z])\)[ \t]*(?P<title>\S.*)$")
_FN_LINE = re.compile(r"^[ \t]*\[fn[ \t]*(?P<n>\d{1,4})\][ \t]*(?P<text>.*)$")
_FN_INLINE = re.compile(r"\[\[fn:\s*(?P<n>\d{1,4})\s*\]\]")
# Print furniture that survives extraction: symbols, job numbers, bare page numbers.
_FURNITURE = re.compile(
    r"^[ \t]*(?:(?:[A-Z]{1,6}/)+[A-Z0-9./()\-]+(?:[ \t]*[–-][ \t]*(?:[A-Z]{1,6}/)+[A-Z0-9./()\-]+)?"
    r"|GE\.\d{2}-\d+.*|\d{1,3}(?:[ \t]*/[ \t]*\d{1,3})?|Page \d{1,3}(?: of \d{1,3})?|\*+[ \t]+\S.*)[ \t]*$"
)  # "* Adopted by the Committee at ...": the cover's footnote
_EDITORIAL = re.compile(r"^[ \t]*\[(?!fn\b)[^\]]*\][ \t]*$")

LEVEL_ROMAN, LEVEL_LETTER, LEVEL_NUMBERED, LEVEL_PAREN, LEVEL_TOPIC = 1, 2, 3, 4, 5


@dataclass
class _Para:
    number: int
    first: int  # line index
    last: int  # last line index with content
    heading: tuple[str, ...]


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


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    text = source.text
    removed: list[tuple[int, int]] = []
    refs: list[tuple[int, int]] = []  # footnote references inside sentences
    fn_texts: dict[str, str] = {}
    fn_lines: list[tuple[str, int]] = []  # (number, offset) of "[fn N]" lines
    markers: list[tuple[str, int]] = []  # (number, offset) of references in the text

    note: str | None = None  # the footnote whose text may wrap onto indented lines
    for line in split_lines(text):
        m = _FN_LINE.match(line.text)
        if m:
            note = m.group("n")
            fn_texts[note] = clean_text(m.group("text"))
            fn_lines.append((note, line.start))
            removed.append((line.start, line.end))
        elif note and line.text.startswith(("    ", "\t")) and not line.blank:
            fn_texts[note] = clean_text(f"{fn_texts[note]} {line.text}")
            removed.append((line.start, line.end))
        else:
            note = None
            if _FURNITURE.match(line.text) or _EDITORIAL.match(line.text):
                removed.append((line.start, line.end))
    for m in _FN_INLINE.finditer(text):
        markers.append((m.group("n"), m.start()))
        refs.append((m.start(), m.end()))
    if not markers and not fn_lines:
        for number, start, end in glued_footnote_numbers(text):
            markers.append((number, start))
            refs.append((start, end))

    blanked = blank_spans(text, removed, refs)
    view = split_lines(blanked)
    builder = UnitBuilder(doc.id, doc.language, with_text(source, blanked))
    paras = _paragraphs(view)
    referenced = {n for n, _ in markers}
    for i, para in enumerate(paras):
        start, end = _body_start(view[para.first]), view[para.last].end
        stop = view[paras[i + 1].first].start if i + 1 < len(paras) else len(text)
        notes = [n for n, pos in markers if start <= pos < end]
        # "[fn N]" lines nobody refers to belong to the paragraph they follow
        notes += [n for n, pos in fn_lines if start <= pos < stop and n not in referenced]
        footnotes = tuple((n, fn_texts.get(n, "")) for n in dict.fromkeys(notes))
        name = f"para {para.number}"
        accepted = sequence_markers(paren_markers(blanked, start, end), ("letter", "roman"))
        parts = nest_parts(accepted, end, lambda path, name=name: name + "".join(f" ({lab})" for _, _, lab in path))
        builder.add(name, start, end, heading=para.heading, parts=parts, footnotes=footnotes)
    return ParsedDocument(doc, builder.units, builder.warnings, builder.classified)


def _body_start(line: Line) -> int:
    """Where a paragraph's text starts: after its number, which the unit name carries."""
    m = _PARA.match(line.text)
    return line.start + m.start("rest") if m and m.group("rest") else line.end


def _paragraphs(view: list[Line]) -> list[_Para]:
    """Walk the lines once: paragraph starts in sequence, headings, continuation text."""
    state = _State()
    paras: list[_Para] = []
    expected = 1
    list_next = 0  # next number of a numbered list running inside the current paragraph
    after_heading = False
    content = [i for i, line in enumerate(view) if not line.blank]
    following = {content[k]: content[k + 1] for k in range(len(content) - 1)}
    preceding = {content[k + 1]: content[k] for k in range(len(content) - 1)}
    para_numbers = [(i, int(m.group("n"))) for i in content if (m := _PARA.match(view[i].text))]
    for i in content:
        line = view[i]
        m = _PARA.match(line.text)
        if m:
            n = int(m.group("n"))
            if (
                paras
                and _is_heading_text(m.group("rest"))
                and _leads_to_paragraph(view, following, i, expected)
                and (n != expected or _next_para_number(para_numbers, i) == n)
            ):
                state.push(LEVEL_NUMBERED, clean_text(line.text))
                list_next, after_heading = 0, True
                continue
            if n == expected and not (list_next and n == list_next):
                paras.append(_Para(n, i, i, state.path))
                expected += 1
                list_next, after_heading = 0, False
                continue
            if paras:
                list_next = n + 1 if (n == 1 or n == list_next) else list_next
                paras[-1].last = i
            continue
        heading = _heading(view, following, i, preceding.get(i), expected, state, bool(paras), after_heading)
        if heading:
            state.push(*heading)
            list_next, after_heading = 0, True
            continue
        if paras:
            paras[-1].last = i
        after_heading = False
    return paras


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
    if not _is_heading_text(s) or not _leads_to_paragraph(view, following, i, expected):
        return None
    m = _DIVISION.match(line.text)
    if m:
        label = m.group("label")
        if _reads_as_letter(label, state.last_letter):
            state.last_letter = label
            return LEVEL_LETTER, clean_text(s)
        state.last_letter = ""
        return LEVEL_ROMAN, clean_text(s)
    if not started:
        return None
    m = _PAREN_HEADING.match(line.text)
    if m:
        label = m.group("label")
        continues = state.last_paren and ord(label) == ord(state.last_paren) + 1
        if (label == "a" or continues) and prev is not None and view[prev].text.rstrip().endswith("."):
            state.last_paren = label
            return LEVEL_PAREN, clean_text(s)
        return None
    after_sentence = after_heading or prev is None or ends_sentence(view[prev].text)
    if after_sentence and s[0].isupper() and len(s.split()) <= 16:
        return LEVEL_TOPIC, clean_text(s)
    return None


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
        if not _is_heading_text(m.group("rest") if m else view[j].text):
            return False
        j = following.get(j)
    return False


def _next_para_number(para_numbers: list[tuple[int, int]], i: int) -> int | None:
    for j, n in para_numbers:
        if j > i:
            return n
    return None


def _reads_as_letter(label: str, last_letter: str) -> bool:
    """'I.' is the letter after 'H.', not the Roman numeral one; 'A.'-'Z.' that are not
    Roman numerals are always letters."""
    if len(label) != 1:
        return False
    if last_letter and ord(label) == ord(last_letter) + 1:
        return True
    return roman_to_int(label) is None or label in "CDLM"
