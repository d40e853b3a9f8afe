"""Footnote and endnote texts: found by layout, taken out of the running text, and paired
with the note marks the lines carry (superscript numbers, see `lines`).

Two layouts occur in official documents:
- endnotes (UN documents since about 2010): a "Notes" heading at the end, then one entry
  per note, "12 See A/HRC/43/15.", set smaller than the body;
- footnotes: the entries of a page's notes at its foot, under the last body line, set
  smaller, each opening with its number (plain or raised).

A note text is only taken out of the running text when a mark in the text points to it;
anything else stays where it is, so no text is ever dropped on a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line

_NOTES_HEADING = re.compile(r"^\s*(?:notes|endnotes|footnotes|catatan(?: kaki)?)\s*:?\s*$", re.IGNORECASE)
_NOTE_START = re.compile(r"^(?P<n>\d{1,4})[.)]?\s+(?P<text>\S.*)$")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")


@dataclass
class Notes:
    """Note texts taken out of the pages, in order (footnote numbering may restart on
    each page), and what was removed, for the audit."""

    texts: list[tuple[int, str, str]] = field(default_factory=list)  # (page 0-based, number, text)
    removed: list[tuple[str, str, int]] = field(default_factory=list)  # ("notes", text, page 1-based)
    endnotes: set[str] = field(default_factory=set)  # numbers given in a "Notes" list

    def supported(self, number: str, page: int) -> bool:
        """A note numbered `number` belongs to a mark on `page`: the page's footnote (or
        the next page's, where a note was set overleaf), or an endnote."""
        return number in self.endnotes or any(n == number and page <= p <= page + 1 for p, n, _t in self.texts)

    def text_for(self, number: str, page: int) -> str | None:
        """The text of note `number` for a mark on `page` (0-based): that page's footnote,
        the next page's, the endnote, else the last earlier footnote of that number (a
        note referred to again)."""
        footnotes = [(p, t) for p, n, t in self.texts if n == number and number not in self.endnotes]
        for want in (page, page + 1):
            for p, t in footnotes:
                if p == want:
                    return t
        if number in self.endnotes:
            return next(t for p, n, t in self.texts if n == number)
        earlier = [t for p, t in footnotes if p < page]
        return earlier[-1] if earlier else None


def _body_size(pages: list[list[Line]]) -> float:
    """The body text's font size: the size most characters are set in."""
    weight: dict[float, int] = {}
    for lines in pages:
        for line in lines:
            size = round(line.size, 1)
            weight[size] = weight.get(size, 0) + len(line.text)
    return max(weight, key=lambda s: weight[s]) if weight else 0.0


def _starts_note(line: Line) -> str | None:
    """The note number a line opens with ("12 See ...", or a raised "¹²" then text)."""
    if line.notes and line.notes[0][0] == 0 and line.text:
        return line.notes[0][1]
    m = _NOTE_START.match(line.text)
    return m.group("n") if m else None


def _refs(line: Line) -> list[str]:
    """Numbers of the marks a line carries as references (not a note's own number)."""
    own = line.notes[0] if line.notes and line.notes[0][0] == 0 and line.text else None
    return [n for mark in line.notes if mark is not own for n in (mark[1],)]


def _note_body(line: Line) -> str:
    if line.notes and line.notes[0][0] == 0:
        return line.text
    m = _NOTE_START.match(line.text)
    return m.group("text") if m else line.text


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if out and _HYPHEN_END.search(out) and part[:1].islower():
            out = out[:-1] + part
        elif out:
            out = f"{out} {part}"
        else:
            out = part
    return out


def _restore(line: Line, keep) -> None:
    """Puts the marks `keep` rejects back into the line's text, as the page prints them
    ("R²" is R2, not R with a note)."""
    kept: list[tuple[int, str]] = []
    text = line.text
    for at, number in sorted(line.notes, key=lambda m: -m[0]):
        if keep((at, number)):
            kept.append((at, number))
            continue
        text = text[:at] + number + text[at:]
        kept = [(a + len(number) if a > at else a, n) for a, n in kept]
    line.text = text
    line.notes = tuple(sorted(kept))


def check_marks(pages: list[list[Line]], notes: "Notes | None" = None) -> None:
    """Superscript numbers are note marks only where they number notes: a note with that
    number was found, or in reading order they count up (1, 2, 3 ..., footnotes may
    restart at 1 on a new page). Other raised numbers (exponents: "R²", "m²") go back
    into the text."""
    refs = [(p, i, mark) for p, lines in enumerate(pages) for i, line in enumerate(lines)
            for mark in line.notes if mark[1] in _refs(line)]
    if not refs:
        return
    found = {(p, i, mark) for p, i, mark in refs if notes is not None and notes.supported(mark[1], p)}
    accepted: set[tuple[int, int, tuple[int, str]]] = set()
    expected, last_page = 1, -1
    used: set[int] = set()
    for p, i, mark in refs:
        n = int(mark[1]) if mark[1].isdigit() else -1
        if n == 1 and p != last_page and expected > 2:
            used = set()  # footnotes numbered afresh on each page
            expected = 1
        # Within a few of the next number (a table or a second column read in another
        # order: 4, 8, 5, 6, 7), each number once.
        if n not in used and expected - 4 <= n <= expected + 3:
            accepted.add((p, i, mark))
            used.add(n)
            expected, last_page = max(expected, n + 1), p
    if len(accepted) < 0.6 * len(refs) or (len(refs) < 3 and refs[0][2][1] != "1"):
        accepted = set()  # exponents, or a lone "²" in "km²"
    accepted |= found
    # A note referred to again, after a word ("Croatia³" in each list of speakers), while
    # it is the last note so far; never after a lone letter or digit ("R²", "x²").
    last: str | None = None
    for p, i, mark in refs:
        if (p, i, mark) in accepted:
            last = mark[1]
        elif mark[1] == last and re.search(r"(?:[^\W\d_]{2,}|[.,;:)\]”’\"'])$", pages[p][i].text[: mark[0]]):
            accepted.add((p, i, mark))
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if line.notes:
                own = line.notes[0] if line.notes[0][0] == 0 and _starts_note(line) is not None else None
                _restore(line, lambda mark, p=p, i=i, own=own: mark == own or (p, i, mark) in accepted)


def restore_unclaimed(pages: list[list[Line]]) -> None:
    """A note's own raised number on a line no note was taken from stays text ("5 See ...")."""
    for lines in pages:
        for line in lines:
            if line.notes and line.notes[0][0] == 0 and _starts_note(line) is not None and line.notes[0][1] not in _refs(line):
                first = line.notes[0]
                _restore(line, lambda mark, first=first: mark != first)
                if line.text[len(first[1]):len(first[1]) + 1] not in ("", " "):
                    line.text = f"{first[1]} {line.text[len(first[1]):]}"
                    line.notes = tuple((a + 1, n) for a, n in line.notes)


def take_notes(pages: list[list[Line]]) -> Notes:
    """Finds note texts that the document's marks point to, removes their lines from
    `pages` (in place) and returns them. Marks that number nothing go back into the text
    (`check_marks`), and so do the numbers of note lines that were not taken."""
    marks = {n for lines in pages for line in lines for n in _refs(line)}
    notes = Notes()
    if not marks:
        restore_unclaimed(pages)
        return notes
    body = _body_size(pages)
    drop: set[tuple[int, int]] = set()
    _endnotes(pages, body, marks, notes, drop)
    _footnotes(pages, body, marks, notes, drop)
    for p in range(len(pages)):
        pages[p] = [line for i, line in enumerate(pages[p]) if (p, i) not in drop]
    check_marks(pages, notes)
    restore_unclaimed(pages)
    return notes


def _collect(
    pages: list[list[Line]], start: tuple[int, int], body: float, drop: set, stop_page: int | None = None
) -> list[tuple[str, list[tuple[int, int]], list[str]]]:
    """Note entries from line `start` on: (number, line keys, text pieces), while lines
    keep the notes' layout (small type, aligned under the entry they continue)."""
    entries: list[tuple[str, list[tuple[int, int]], list[str]]] = []
    p, i = start
    first_x: float | None = None
    prev: Line | None = None
    while p < len(pages) and (stop_page is None or p <= stop_page):
        lines = pages[p]
        while i < len(lines):
            line = lines[i]
            if (p, i) in drop:
                i += 1
                continue
            small = line.size <= 0.95 * body
            number = _starts_note(line)
            raised = bool(line.notes) and line.notes[0][0] == 0
            if number is not None and entries and not raised and not _next_number(entries[-1][0], number):
                number = None  # "12 August 1949" wrapped onto a line start: not note 12
            if number is not None and (small or raised and entries):
                entries.append((number, [(p, i)], [_note_body(line)]))
                first_x = line.x0 if first_x is None else first_x
                prev = line
            elif entries and (small or _subheading(line, _following(lines, i), body)) and (
                prev is None  # the notes go on at the top of the next page
                or (prev is not None and _continues(prev, line, first_x, _following(lines, i),
                                                   page_goes_on=i + 1 == len(lines) and p + 1 < len(pages)))
            ):
                entries[-1][1].append((p, i))
                entries[-1][2].append(line.text)
                prev = line
            else:
                return entries
            i += 1
        p, i = p + 1, 0
        prev = None  # a new page: its first note line continues whatever came before
    return entries


def _following(lines: list[Line], i: int) -> Line | None:
    return lines[i + 1] if i + 1 < len(lines) else None


def _subheading(line: Line, after: Line | None, body: float) -> bool:
    """A short line in larger type inside a note ("Regional organizations" in a list of
    sources), with the notes' small type going on under it."""
    return len(line.text) <= 80 and after is not None and after.size <= 0.95 * body and 0 < line.y - after.y <= 2.5 * line.size


def _next_number(last: str, number: str) -> bool:
    return last.isdigit() and number.isdigit() and int(number) == int(last) + 1


def _continues(
    prev: Line, line: Line, first_x: float | None, after: Line | None = None, page_goes_on: bool = False
) -> bool:
    """A wrapped line of a note (or a row or sub-heading of a list inside it): close below
    the previous line, in the notes' small type. A line far to the right of the notes'
    edge (a table cell, or a job number under the notes) continues them only if the notes
    go on after it."""
    gap = prev.y - line.y
    if gap <= 0 or gap > 3.0 * max(prev.size, line.size):  # a blank line between groups of a list
        return False
    left = first_x if first_x is not None else prev.x0
    if line.x0 > left + 4 * line.size:
        if page_goes_on:
            return True  # the last line of a page: the notes may go on overleaf
        return after is not None and after.size <= line.size + 0.5 and 0 < line.y - after.y <= 2.2 * line.size
    return True


def _endnotes(pages: list[list[Line]], body: float, marks: set[str], notes: Notes, drop: set) -> None:
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if not _NOTES_HEADING.match(line.text):
                continue
            start = (p, i + 1) if i + 1 < len(lines) else (p + 1, 0)
            entries = _collect(pages, start, body, drop)
            numbers = [n for n, _, _ in entries]
            if not entries or sum(1 for n in numbers if n in marks) < max(1, len(numbers) // 2):
                continue
            drop.add((p, i))
            notes.removed.append(("notes", line.text, p + 1))
            for number, keys, parts in entries:
                _keep(pages, notes, drop, number, keys, parts)
                notes.endnotes.add(number)
            return


def _footnotes(pages: list[list[Line]], body: float, marks: set[str], notes: Notes, drop: set) -> None:
    for p, lines in enumerate(pages):
        here = {n for line in lines for n in _refs(line)}
        if not here:
            continue
        # The notes block: the small lines at the foot of the page, below the last body line.
        k = len(lines)
        while k > 0 and (p, k - 1) not in drop and lines[k - 1].size <= 0.95 * body:
            k -= 1
        if k == len(lines):
            continue
        carried = _carry_over(pages, p, k, body, notes, drop)
        entries = _collect(pages, (p, k + carried), body, drop, stop_page=p)
        if not entries or entries[0][0] not in (here | marks):
            continue
        for number, keys, parts in entries:
            if number in marks:
                _keep(pages, notes, drop, number, keys, parts)


def _carry_over(pages: list[list[Line]], p: int, k: int, body: float, notes: Notes, drop: set) -> int:
    """Lines at the top of a page's notes block that finish the previous page's last
    note: appended to it. Returns how many."""
    if not notes.texts or notes.texts[-1][0] != p - 1:
        return 0
    lines = pages[p]
    count = 0
    while k + count < len(lines) and _starts_note(lines[k + count]) is None and lines[k + count].size <= 0.95 * body:
        count += 1
    if count:
        page, number, text = notes.texts[-1]
        more = [lines[k + j].text for j in range(count)]
        notes.texts[-1] = (page, number, _join([text, *more]))
        for j in range(count):
            drop.add((p, k + j))
            notes.removed.append(("notes", lines[k + j].text, p + 1))
    return count


def _keep(pages: list[list[Line]], notes: Notes, drop: set, number: str, keys: list[tuple[int, int]], parts: list[str]) -> None:
    text = _join(parts).strip()
    page = keys[0][0]
    notes.texts.append((page, number, text))
    for p, i in keys:
        drop.add((p, i))
        notes.removed.append(("notes", pages[p][i].text, p + 1))
