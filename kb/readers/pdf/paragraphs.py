"""Paragraphs: where the layout starts a new one, and joining the lines of each."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .hyphenation import _NEXT_WORD, _hyphen_end, _broken_word, _dehyphenate, _Vocabulary, _vocabulary
from .lines import Line

_BLOCK_START = re.compile(
    r"^(?:Pasal\s+\d+|BAB\s+[IVXLC\d]+|Bagian\s+\w+|Paragraf\s+\d+|Penjelasan\b|"
    r"Article\s+\d+|ARTICLE\s+\d+|Chapter\s+\w+|CHAPTER\s+\w+|Part\s+\w+|PART\s+\w+|"
    r"Annex\b|ANNEX\b|\(\d+[a-z]?\)|\d+[.)]\s|[a-z][.)]\s|\([a-z]{1,4}\)\s)"
)


@dataclass
class _Frame:
    """Where a column's text runs: left and right margins, and the usual line pitch."""

    left: float
    right: float
    pitch: float


def _frames(pages: list[list[Line]], page_width: float) -> dict[int, _Frame]:
    by_col: dict[int, list[Line]] = defaultdict(list)
    pitches: list[float] = []
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if a.column == b.column and 0 < a.y - b.y < 3 * a.size:
                pitches.append(round(a.y - b.y, 1))
        for line in lines:
            by_col[line.column].append(line)
    pitch = Counter(pitches).most_common(1)[0][0] if pitches else 0.0
    frames = {}
    for col, lines in by_col.items():
        ends = sorted(l.x1 for l in lines)
        starts = sorted(l.x0 for l in lines)
        # The right margin is where most long lines end; one wide table must not move it.
        right = ends[int(0.9 * (len(ends) - 1))]
        left = starts[int(0.05 * (len(starts) - 1))]
        if col == 0 and len(lines) < 8:
            right = max(right, page_width - left)  # too few lines to see a margin: assume even ones
        frames[col] = _Frame(left, right, pitch)
    return frames


def _centred(line: Line, frame: _Frame) -> bool:
    middle = (frame.left + frame.right) / 2
    return line.x0 > frame.left + 1 and abs((line.x0 + line.x1) / 2 - middle) < line.size


def _fits(a: Line, b: Line, frame: _Frame) -> bool:
    """Would b's first word have fitted on line a? Then a ended its paragraph."""
    first = b.text.split(" ", 1)[0]
    per_char = (b.x1 - b.x0) / max(len(b.text), 1)
    room = frame.right - a.x1
    if _centred(a, frame):
        room += a.x0 - frame.left  # a centred line could have grown both ways
    return room > (len(first) + 1) * per_char + 0.5 * a.size


def _breaks(a: Line, b: Line, frames: dict[int, _Frame], a_starts_para: bool, same_flow: bool) -> bool:
    """Does a new paragraph (or heading, or list item) start at line b?"""
    if _broken_word(a.text, b.text):
        return False  # a word broken across the lines
    frame = frames.get(a.column) or _Frame(a.x0, a.x1, 0.0)
    if _fits(a, b, frame):
        return True
    if same_flow:
        gap = a.y - b.y
        if gap <= 0 or (frame.pitch and gap > 1.3 * frame.pitch) or (not frame.pitch and gap > 1.6 * a.size):
            return True  # paragraph spacing
        centred = _centred(a, frame) and _centred(b, frame)
        if abs(b.x0 - a.x0) > 0.5 * a.size and not a_starts_para and not centred:
            return True  # indented or outdented: a new paragraph or list item
    # A list item or heading after a finished sentence, in text set without spacing.
    return a.text.rstrip().endswith((".", ":", ";")) and bool(_BLOCK_START.match(b.text))


class _Paragraph:
    """A paragraph built line by line; each append costs a line, not a paragraph."""

    def __init__(self, first: str) -> None:
        self.pieces = [first]
        self.length = len(first)

    def text(self) -> str:
        return "".join(self.pieces)

    def _set_last(self, new: str) -> None:
        self.length += len(new) - len(self.pieces[-1])
        self.pieces[-1] = new

    def _append(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)

    def join(self, nxt: str, vocab: _Vocabulary) -> int:
        """Appends line `nxt`; returns where nxt's own text starts in the paragraph."""
        last = self.pieces[-1]
        if last.endswith("\xad"):  # a soft hyphen only marks where a word was broken
            self._set_last(last[:-1])
            at = self.length
            self._append(nxt)
            return at
        if re.search(r"\w/$", last) and nxt[:1].isalnum():  # "dan/" + "atau"
            at = self.length
            self._append(nxt)
            return at
        m = _hyphen_end(last)  # (start, word): bounded however long the line
        n = _NEXT_WORD.match(nxt)
        if m and n:
            right = n.group("word").rstrip("-’'")
            word = _dehyphenate(m[1], right, vocab)
            self._set_last(last[: m[0]] + word)
            # nxt's own characters begin where its part of the word begins.
            at = self.length - (len(right) if word.endswith(right) else len(word))
            self._append(nxt[len(right):])
            return max(at, 0)
        self._append(" ")
        at = self.length
        self._append(nxt)
        return at


# A paragraph that a list item opens: "1.", "(2)", "a)", "(b)".
_ITEM_START = re.compile(r"\s*(?:\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z][.)]|\([ivx]{1,4}\))\s")


def _assemble(pages: list[list[Line]], page_width: float) -> tuple[str, list[int], list[tuple[int, str, int]], list[int]]:
    """The document's text, one paragraph a line, the offset where each page starts, the
    note marks the lines carried as (offset in the text, number, page index), and where a
    list ended (`_list_ends`)."""
    frames = _frames(pages, page_width)
    vocab = _vocabulary(pages)
    paragraphs: list[str] = []  # finished paragraphs
    done = 0  # characters in finished paragraphs, with their newlines
    current: _Paragraph | None = None
    page_starts: list[int] = []
    prev: Line | None = None
    para_first = True
    marks: list[tuple[int, str, int]] = []
    firsts: list[tuple[int, Line]] = []  # each paragraph's offset and first line
    for page_index, lines in enumerate(pages):
        page_start: int | None = None
        for index, line in enumerate(lines):
            same_flow = prev is not None and index > 0 and prev.column == line.column
            if current is None or prev is None or _breaks(prev, line, frames, para_first, same_flow):
                if current is not None:
                    paragraphs.append(current.text())
                    done += current.length + 1
                current, at, para_first = _Paragraph(line.text), 0, True
                firsts.append((done, line))
            else:
                at = current.join(line.text, vocab)
                para_first = False
            if page_start is None:
                page_start = done + at
            for k, number in line.notes:
                marks.append((done + at + k, number, page_index))
            prev = line
        if page_start is None:  # a page without text starts where the next text does
            page_start = done + (current.length + 1 if current is not None else 0)
        page_starts.append(page_start)
    if current is not None:
        paragraphs.append(current.text())
    text = "\n".join(paragraphs) + "\n"
    page_starts[0] = 0
    for i in range(1, len(page_starts)):
        page_starts[i] = max(page_starts[i], page_starts[i - 1])
    return text, page_starts, marks, _list_ends(text, firsts)


def _list_ends(text: str, firsts: list[tuple[int, Line]]) -> list[int]:
    """Offsets of paragraphs that end a list: no item number of their own, and their
    first line outdented from the item before it (an article's closing sentence at the
    margin after items set with a hanging indent, as Word prints a numbered list). A
    paragraph at the item's indent or further in goes on with the item."""
    out = []
    for (a_at, a), (b_at, b) in zip(firsts, firsts[1:]):
        if (a.column == b.column and _ITEM_START.match(text, a_at) and not _ITEM_START.match(text, b_at)
                and b.x0 < a.x0 - 0.5 * a.size):
            out.append(b_at)
    return out
