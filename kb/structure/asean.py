"""ASEAN instruments: declarations, the Consensus, guidelines published with them.

The texts are PDF extractions of ASEAN Secretariat booklets: imprint, ISBN and a table of
contents come first; paragraph numbers may stand alone on their line ("1.\\t" then the
text); titles recur as running headers inside paragraphs; footnote texts are detached
and sit as bare blocks after the passages citing them.

Units: "Preamble" (from "The Governments of ..." / "WE, the ..." through the "HEREBY ..."
clause), then the numbered paragraphs. Numbering that restarts at 1 opens a new sequence
(a declaration, then its guidelines, then an annex); the catalogue names the sequences
(Document.sequences, e.g. ["", "Guidelines", "Annex"] -> "para 3", "Guidelines para 3",
"Annex para 3"), else they are "Part 2 para 3"... Sub-paragraphs "8.1." and items "(a)"
are parts ("Guidelines para 8.1", "para 17 (a)"). The sentence that introduces a group
of paragraphs ("Pursuant to the prevailing national laws ...:") ends their heading path.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from ..models import Document, ParsedDocument
from ..readers.base import SourceText
from . import treaty
from .common import FINAL_CLAUSE_TITLE, UnitBuilder, clean_text
from .generic import (
    Line,
    Marker,
    blank_spans,
    ends_sentence,
    glued_footnote_numbers,
    is_caps,
    nest_parts,
    paren_markers,
    sequence_markers,
    split_lines,
    with_text,
)

_PREAMBLE_OPEN = re.compile(
    r"^\s*(?:(?:WE|We),?\s+the\b|(?:The|THE)\s+(?:Governments?|GOVERNMENTS?|Heads|HEADS|Member States|MEMBER STATES)\b)"
)
_HEREBY = re.compile(r"\bHEREBY\b")
_PARA = re.compile(r"^[ \t]*(?P<n>\d+)\.(?=[ \t]|$)[ \t]*(?P<rest>.*)$")
_SUB = re.compile(r"^[ \t]*(?P<num>\d{1,3}(?:\.\d{1,3})+)\.?(?=[ \t])")
_TAB_LETTER = re.compile(r"(?:(?<=\s)|^)(?P<label>[a-z])\.\t")
_ROMAN_HEADING = re.compile(r"^[ \t]*(?P<num>[IVXL]{1,5}(?:\.\d{1,2})*)(?:\.(?=\s|$)|(?<=\d)(?=\s))[ \t]*(?P<title>.*)$")
_DIVISION = re.compile(r"^[ \t]*(?P<word>CHAPTER|Chapter|PART|Part|SECTION|Section)[ \t]+(?P<n>\d{1,3}|[IVXL]{1,5})\b[ \t.:]*(?P<title>.*)$")
_END_CLAUSE = re.compile(r"^[ \t]*(?:DONE|Done|ADOPTED|Adopted|SIGNED|Signed)[ \t]+(?:at|in)\b")
_TOC_LEADER = re.compile(r"\.{5,}|…{3,}|(?:\. ){5,}")

CHAPEAU_LEVEL = 100


@dataclass
class _Para:
    name: str
    seq: int
    first: int  # line index of the number
    last: int
    heading: tuple[str, ...]


@dataclass
class _Headings:
    stack: list[tuple[int, str]] = field(default_factory=list)

    def push(self, level: int, text: str) -> None:
        self.stack = [(lv, t) for lv, t in self.stack if lv < level] + [(level, text)]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.stack)


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    # An ASEAN convention or agreement is organised in articles, not numbered paragraphs
    # (the ASEAN Convention Against Trafficking in Persons, the Agreement on the Movement
    # of Natural Persons): the treaty parser's "Article 5", not "para 2" holding them all.
    if treaty.article_count(source.text) >= treaty.MIN_ARTICLES:
        return treaty.parse(doc, source)
    text = source.text
    lines = split_lines(text)
    pre = _preamble(lines)
    body_from = pre[0] if pre else 0

    removed: list[tuple[int, int]] = [(ln.start, ln.end) for ln in lines[body_from:] if _TOC_LEADER.search(ln.text)]
    glued = glued_footnote_numbers(text, lines[body_from].start)
    markers = [(n, s) for n, s, _ in glued]
    refs = [(s, e) for _, s, e in glued]
    view = split_lines(blank_spans(text, removed, refs))
    notes, note_spans = _detached_footnotes(view, body_from, markers)
    removed += note_spans
    view = split_lines(blank_spans(text, removed, refs))

    walker = _Walker(view, text, body_from=(pre[1] + 1 if pre else 0), names=doc.sequences)
    walker.run()
    blanked = blank_spans(text, removed + [(a, b) for a, b, _k in walker.removed], refs)
    builder = UnitBuilder(doc.id, doc.language, with_text(source, blanked))
    if pre:
        builder.add("Preamble", lines[pre[0]].start, lines[pre[1]].end)
        # Before the preamble: cover, imprint and contents of the booklet.
        for ln in lines[: pre[0]]:
            if not ln.blank:
                builder.classify(ln.start, ln.end, "table-of-contents" if _TOC_LEADER.search(ln.text) else "title")
    for ln in lines[body_from:]:
        if _TOC_LEADER.search(ln.text):
            builder.classify(ln.start, ln.end, "table-of-contents")
    for a, b in note_spans + refs:
        builder.classify(a, b, "notes")
    for a, b, kind in walker.removed + walker.kinds:
        builder.classify(a, b, kind)
    finals = list(enumerate(walker.final))
    for para in walker.paras:
        while finals and finals[0][1][0] < para.first:
            _add_final_clause(builder, view, *finals.pop(0))
        start, end = _body_start(view[para.first]), view[para.last].end
        if end <= start:
            start = view[para.first].start
        elif start > view[para.first].start:
            builder.classify(view[para.first].start, start, "heading")  # the number: the unit's name
        footnotes = tuple((n, notes.get(n, "")) for n, pos in markers if start <= pos < end)
        builder.add(para.name, start, end, heading=para.heading, parts=_parts(blanked, para, start, end), footnotes=footnotes)
    for final in finals:
        _add_final_clause(builder, view, *final)
    return ParsedDocument(doc, builder.units, builder.warnings + walker.warnings, builder.classified)


def _add_final_clause(builder: UnitBuilder, view: list[Line], n: int, lines: tuple[int, int]) -> None:
    """ "Done at Manila, …, this Fourteenth Day of November …": where and when the instrument
    was adopted, a unit of its own ("Final clause", as in treaties). Its title says what the
    clause records, in the words a question about it uses ("When was the Consensus
    signed?"); the clause itself says only "Done at …"."""
    first, last = lines
    builder.add("Final clause" if n == 0 else f"Final clause {n + 1}", view[first].start, view[last].end,
                title=FINAL_CLAUSE_TITLE)


def _preamble(lines: list[Line]) -> tuple[int, int] | None:
    """Line range of the preamble: its opening words ("The Governments of", "WE, the")
    through the HEREBY clause. The opening is the one nearest before HEREBY, so an
    imprint ("The Member States are ...") is not taken for it."""
    hereby = next((i for i, ln in enumerate(lines) if _HEREBY.search(ln.text)), None)
    openers = [i for i, ln in enumerate(lines[: hereby + 1 if hereby is not None else len(lines)]) if _PREAMBLE_OPEN.match(ln.text)]
    if not openers:
        return None
    if hereby is None:
        first = openers[0]
        for i in range(first + 1, len(lines)):
            if _PARA.match(lines[i].text) or _DIVISION.match(lines[i].text):
                return first, _last_content(lines, first, i)
        return None
    first = openers[-1]
    if any(_PARA.match(lines[i].text) for i in range(first + 1, hereby)):
        return None  # numbered paragraphs before HEREBY: not a preamble
    for j in range(hereby, min(hereby + 4, len(lines))):
        if lines[j].text.rstrip().endswith(":"):
            return first, j
    return first, hereby


def _last_content(lines: list[Line], first: int, stop: int) -> int:
    for j in range(stop - 1, first - 1, -1):
        if not lines[j].blank:
            return j
    return first


def _detached_footnotes(
    view: list[Line], body_from: int, markers: list[tuple[str, int]]
) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Footnote texts set apart as bare blocks after the passages citing them.

    A block counts when it stands between blank lines after a finished sentence, starts
    with a capital, ends with a full stop, is short, and either a footnote reference is
    waiting for its text or the block continues a run of footnote texts (a page's notes
    can precede a reference the extraction moved down). References and texts pair in order.
    """
    refs: deque[str] = deque()
    texts: deque[str] = deque()
    pending = sorted(markers, key=lambda m: m[1])
    notes: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    i, k = body_from, 0
    last_content: Line | None = None
    in_run = False

    def pair() -> None:
        while refs and texts:
            notes[refs.popleft()] = texts.popleft()

    while i < len(view):
        if view[i].blank:
            i += 1
            continue
        j = i
        while j + 1 < len(view) and not view[j + 1].blank and not is_caps(view[j + 1].text):
            j += 1  # a block ends at a blank line or before a heading in capitals
        while k < len(pending) and pending[k][1] < view[i].start:
            refs.append(pending[k][0])
            k += 1
        pair()
        block = view[i:j + 1]
        joined = " ".join(ln.text.strip() for ln in block)
        after = view[j + 2] if j + 2 < len(view) else None
        shaped = (
            i > body_from
            and view[i - 1].blank
            and joined[:1].isupper()
            and not is_caps(view[i].text)
            and not (_PARA.match(view[i].text) or _SUB.match(view[i].text) or _ROMAN_HEADING.match(view[i].text))
            and joined.endswith(".")
            and len(joined) <= 700
            and (j + 1 >= len(view) or view[j + 1].blank or is_caps(view[j + 1].text))
            and (after is None or not after.text[:1].islower())
        )
        if shaped and (in_run or refs and last_content is not None and ends_sentence(last_content.text)):
            texts.append(clean_text(joined))
            spans.append((block[0].start, block[-1].end))
            in_run = True
            pair()
        else:
            last_content = block[-1]
            in_run = False
        i = j + 1
    while k < len(pending):
        refs.append(pending[k][0])
        k += 1
    pair()
    return notes, spans


class _Walker:
    """One pass over the body: paragraphs in sequence, headings, chapeaux, end clauses."""

    def __init__(self, view: list[Line], text: str, body_from: int, names: tuple[str, ...]):
        self.view = view
        self.body_from = body_from
        self.names = names
        self.paras: list[_Para] = []
        self.removed: list[tuple[int, int, str]] = []  # spans kept out of unit text, with their audit kind
        self.kinds: list[tuple[int, int, str]] = []  # spans outside units, for the audit
        self.warnings: list[str] = []
        self.headings = _Headings()
        self.seq = 0
        self.expected = 1
        self.open: _Para | None = None
        self.closed = False  # after an end clause ("DONE at ..."): signatures follow
        self.final: list[tuple[int, int]] = []  # end clauses: (first line, last line)
        self.boundary = False  # a heading or end clause since the last paragraph opened
        self.seq_first = 0  # index in self.paras where the current sequence begins
        self.chapeau: list[int] = []
        content = [i for i in range(body_from, len(view)) if not view[i].blank]
        self.content = content
        self.para_lines = {i: int(m.group("n")) for i in content if (m := _PARA.match(view[i].text))}
        self.last_line_of: dict[int, int] = {}  # number -> last line where "N." opens a line
        for i, n in self.para_lines.items():
            self.last_line_of[n] = i
        self.whole = _normalise(text)

    # ---------------------------------------------------------------- walking

    def run(self) -> None:
        k = 0
        while k < len(self.content):
            k = self.step(k)
        self.flush_chapeau()

    def step(self, k: int) -> int:
        i = self.content[k]
        line = self.view[i]
        if _END_CLAUSE.match(line.text):
            # "Done at Manila, …, this … Day of November …": where and when the instrument
            # was adopted, a unit of its own ("Final clause", as in treaties) up to the end
            # of its sentence; the signatures after it are not text.
            last = k
            while last + 1 < len(self.content) and last - k < 5 and not self.view[self.content[last]].text.rstrip().endswith("."):
                last += 1
            self.final.append((i, self.content[last]))
            self.close()
            self.flush_chapeau()
            self.headings = _Headings()
            self.closed = self.boundary = True
            return last + 1
        m = _PARA.match(line.text)
        if m:
            n = int(m.group("n"))
            if n == self.expected or (n == 1 and self.expected > 1 and self.restarts(i)):
                self.start_para(i, n)
                return k + 1
            self.continue_text(i)
            return k + 1
        heading = self.heading_at(k)
        if heading:
            level, title, used = heading
            return self.apply_heading(k, level, title, used)
        self.continue_text(i)
        return k + 1

    def restarts(self, i: int) -> bool:
        """A '1.' opens a new sequence after a heading or end clause, or when the number
        the current sequence expects never comes."""
        if self.boundary:
            return True
        return self.last_line_of.get(self.expected, -1) < i

    def start_para(self, i: int, n: int) -> None:
        self.close()
        self.flush_chapeau()
        if n == 1 and self.paras:
            self.seq += 1
            self.seq_first = len(self.paras)
            if self.seq >= len(self.names):
                self.warnings.append(
                    f"numbering restarts at 1 (sequence {self.seq + 1}): its units are named "
                    f"'{self.name(1)}'...; name the sequences in the catalogue ('sequences')"
                )
            if not self.boundary:
                self.headings = _Headings()  # headings of the previous sequence do not carry over
        self.expected = n + 1
        self.open = _Para(self.name(n), self.seq, i, i, self.headings.path)
        self.paras.append(self.open)
        self.closed = self.boundary = False

    def name(self, n: int) -> str:
        label = self.names[self.seq] if self.seq < len(self.names) else (f"Part {self.seq + 1}" if self.seq else "")
        return f"{label} para {n}".strip()

    def close(self) -> None:
        self.open = None

    def mark(self, i: int, kind: str, last: int | None = None) -> None:
        self.kinds.append((self.view[i].start, self.view[last if last is not None else i].end, kind))

    def continue_text(self, i: int) -> None:
        if self.open is not None:
            self.open.last = i
        elif self.closed:
            self.mark(i, "signature")  # after "DONE at ...": signatures and dates
        elif self.headings.stack:
            self.chapeau.append(i)

    def flush_chapeau(self) -> None:
        for i in self.chapeau:
            self.mark(i, "heading")  # the chapeau sentence heads the paragraphs under it
        if self.chapeau:
            words = clean_text(" ".join(self.view[i].text for i in self.chapeau))
            if words:
                self.headings.push(CHAPEAU_LEVEL, words)
            self.chapeau = []

    # ---------------------------------------------------------------- headings

    def heading_at(self, k: int) -> tuple[int, str, int] | None:
        """(level, text, lines used) when content line k opens a heading."""
        i = self.content[k]
        line = self.view[i]
        m = _DIVISION.match(line.text)
        if m and (not m.group("title").strip() or is_caps(m.group("title"))):
            words, used = self._caps_run(k + 1)
            title = f"{m.group('word')} {m.group('n')} {m.group('title').strip()} {words}"
            return 1, clean_text(title), 1 + used
        m = _ROMAN_HEADING.match(line.text)
        if m and (m.group("title").strip() or self._caps_run(k + 1)[1]):
            level = 1 + m.group("num").count(".")
            title = m.group("title").strip()
            used = 1
            if not title or is_caps(title):
                words, more = self._caps_run(k + 1)
                title, used = f"{title} {words}", 1 + more
            return level, clean_text(f"{m.group('num')}{'.' if level == 1 else ''} {title}"), used
        if is_caps(line.text) and not line.text.strip().startswith("("):
            words, used = self._caps_run(k)
            if len(words.split()) >= 2:
                return 1, words, used
        return None

    def _caps_run(self, k: int) -> tuple[str, int]:
        """ALL CAPS lines from content line k on: their words and how many."""
        used, words = 0, []
        while k + used < len(self.content):
            i = self.content[k + used]
            s = self.view[i].text
            if not is_caps(s) or _PARA.match(s) or _ROMAN_HEADING.match(s) or s.strip().startswith("("):
                break
            if used and i != self.content[k + used - 1] + 1:
                break  # a blank line ends a heading
            words.append(s)
            used += 1
        return clean_text(" ".join(words)), used

    def apply_heading(self, k: int, level: int, title: str, used: int) -> int:
        first, last = self.content[k], self.content[k + used - 1]
        nxt = self.content[k + used] if k + used < len(self.content) else None
        prev = self.content[k - 1] if k > 0 else None
        after_sentence = prev is None or prev < self.body_from or ends_sentence(self.view[prev].text) or self.open is None
        numbered = bool(_ROMAN_HEADING.match(self.view[first].text) or _DIVISION.match(self.view[first].text))
        continues = nxt is not None and self._continues(nxt)
        if self.open is not None and not numbered and (not after_sentence or continues):
            if self._repeated(title) or not after_sentence:
                # a running header (or a title line) printed inside the paragraph
                if self._repeated(title) and len(title.split()) >= 3:
                    self.removed.append((self.view[first].start, self.view[last].end, "running-header"))
                    return k + used
                for j in range(k, k + used):
                    self.continue_text(self.content[j])
                return k + used
            # a heading the extraction printed inside a paragraph: it heads this sequence
            self.removed.append((self.view[first].start, self.view[last].end, "heading"))
            self.headings.push(level, title)
            for para in self.paras[self.seq_first:]:
                if not para.heading:
                    para.heading = self.headings.path
            return k + used
        if self.closed and not numbered and not self._leads_to_para(nxt):
            self.mark(first, "signature", last)
            return k + used  # signatures, a back cover: after the end clause, not headings
        self.mark(first, "heading", last)
        self.close()
        self.flush_chapeau()
        self.headings.push(level, title)
        self.closed = False
        self.boundary = True
        return k + used

    def _continues(self, i: int) -> bool:
        """Whether line i carries on the paragraph before a heading (an item, lower case)."""
        s = self.view[i].text.lstrip()
        return bool(_SUB.match(s) or re.match(r"^(?:[a-z]\.\s|\(?[a-z]{1,3}\s?\))", s) or s[:1].islower())

    def _leads_to_para(self, i: int | None) -> bool:
        return i is not None and i in self.para_lines

    def _repeated(self, title: str) -> bool:
        return self.whole.count(_normalise(title)) >= 2


def _normalise(text: str) -> str:
    return re.sub(r"[\s.…]+", " ", text.replace("\xa0", " ")).strip()


def _body_start(line: Line) -> int:
    """Where a paragraph's text starts: after its number, which the unit name carries."""
    m = _PARA.match(line.text)
    return line.start + m.start("rest") if m and m.group("rest") else line.end


def _parts(text: str, para: _Para, start: int, end: int) -> list[tuple[str, int, int]]:
    """Sub-paragraphs "8.1." (nested "9.10.1."), items "(a)" / "a." and "(i)"."""
    number = para.name.rsplit(" ", 1)[-1]
    markers: list[Marker] = []
    for m in re.finditer(r"(?m)^[ \t]*\d{1,3}(?:\.\d{1,3})+\.?(?=[ \t])", text[start:end]):
        num = m.group().strip().rstrip(".")
        pieces = num.split(".")
        if pieces[0] != number or len(pieces) > 4:
            continue
        markers.append(Marker(start + m.start(), ((f"sub{len(pieces) - 1}", int(pieces[-1]), num),)))
    markers += paren_markers(text, start, end)
    for m in _TAB_LETTER.finditer(text, start, end):
        markers.append(Marker(m.start(), (("letter", ord(m.group("label")) - 96, m.group("label")),)))
    markers.sort(key=lambda mk: mk.pos)
    accepted = sequence_markers(markers, ("sub1", "sub2", "sub3", "letter", "roman"))
    prefix = para.name.rsplit(" ", 1)[0]

    def fmt(path: tuple[tuple[str, int, str], ...]) -> str:
        dotted = [label for kind, _, label in path if kind.startswith("sub")]
        base = f"{prefix} {dotted[-1]}" if dotted else para.name
        return base + "".join(f" ({label})" for kind, _, label in path if not kind.startswith("sub"))

    return nest_parts(accepted, end, fmt)
