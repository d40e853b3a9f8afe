"""Lines of a page: runs that share a baseline, or pypdf's own text for a page whose
text is all rotated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...errors import ReadError
from .content import Run, _first_line, _PageWalker, _rotation


@dataclass
class Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str
    column: int = 0  # 0: full width (or single column), 1: left, 2: right
    # Note reference marks set as superscripts ("review.¹"): (offset in `text`, number).
    # They are kept out of `text`, which is what a unit quotes.
    notes: tuple[tuple[int, str], ...] = ()


def _page_lines(reader: Any, name: str) -> tuple[list[list[Line]], list[float]]:
    """Lines of each page, and each page's displayed width."""
    codecs: dict[int, Any] = {}
    pages: list[list[Line]] = []
    widths: list[float] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            walker = _PageWalker(reader, codecs)
            runs = walker.walk_page(page)
            if not runs and walker.skipped:
                lines = _plain_lines(page)  # only rotated text: let pypdf orient it
            else:
                lines = _lines_from_runs(runs)
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(
                f"{name}: page {number} could not be read ({_first_line(exc)}); the PDF may be damaged"
            ) from None
        pages.append(lines)
        box = page.mediabox
        widths.append(float(box.height if _rotation(page) in (90, 270) else box.width))
    return pages, widths


def _plain_lines(page: Any) -> list[Line]:
    """Lines from pypdf's own extraction, with stand-in geometry (no columns)."""
    lines = []
    for i, text in enumerate(page.extract_text().splitlines()):
        if text.strip():
            lines.append(Line(0.0, 5.5 * len(text.strip()), 800.0 - 14 * i, 11.0, _tidy(text)))
    return lines


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00a0": " "})


def _tidy(text: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", text.translate(_LIGATURES)).strip()


def _lines_from_runs(runs: list[Run]) -> list[Line]:
    """Rows of runs sharing a baseline, split where a gap is wider than a word space.

    Each piece of a row becomes its own Line so that column detection can tell a
    gutter from a word gap; pieces of the same column are merged again afterwards.
    Note numbers set as superscripts (smaller, raised, digits only) become the line's
    `notes` instead of text.
    """
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x0)):
        if rows and abs(rows[-1][0].y - run.y) <= 0.35 * max(run.size, rows[-1][0].size, 1.0):
            rows[-1].append(run)
        else:
            rows.append([run])
    rows = _lower_raised_rows(rows)
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        markers = _superscripts(row)
        current: list[Run] = []
        right = 0.0  # max x1 of `current`, kept as runs are added: linear in a row's runs
        # (recomputing it per run made a row of n overlapping runs cost n², minutes for a
        # small PDF built to draw one line many times; kb.limits bounds n, not n²)
        for run in row:
            # A note's own raised number hangs left of its text, often further than a
            # word space (Word and LibreOffice set the footnote's number at the margin
            # and its text at an indent): it opens the line, never a line of its own.
            hanging = all(id(r) in markers for r in current)
            if current and not hanging and run.x0 - right > 1.0 * max(run.size, current[-1].size):
                lines.append(_merge(current, markers))
                current = []
            right = run.x1 if not current else max(right, run.x1)
            current.append(run)
        lines.append(_merge(current, markers))
    return [line for line in lines if line.text or line.notes]


_NOTE_NUMBERS = re.compile(r"^\s*\d{1,4}(?:\s*[,;]\s*\d{1,4})*\s*$")  # "3", "12", "3,4"
_SENTINEL = "\ue010"  # private-use character standing for a note mark while a line is tidied


def _main_size(row: list[Run]) -> tuple[float, float]:
    """(size, baseline y) of the row's body text: its largest runs."""
    size = max(r.size for r in row)
    ys = sorted(r.y for r in row if r.size >= 0.9 * size)
    return size, ys[len(ys) // 2]


def _is_mark(run: Run, size: float, baseline: float) -> bool:
    """A note number set as a superscript: digits only, smaller, above the baseline."""
    return (
        run.size <= 0.8 * size
        and run.y - baseline >= 0.12 * size
        and bool(_NOTE_NUMBERS.match(run.text))
    )


def _superscripts(row: list[Run]) -> set[int]:
    """ids of the runs of a row that are note marks (never a whole row: that is text)."""
    if len(row) < 2:
        return set()
    size, baseline = _main_size(row)
    marks = {id(r) for r in row if _is_mark(r, size, baseline)}
    return marks if len(marks) < len(row) else set()


def _lower_raised_rows(rows: list[list[Run]]) -> list[list[Run]]:
    """A superscript raised further than the row tolerance forms a row of its own; it
    belongs to the line just below it, whose words it follows."""
    out: list[list[Run]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        host = rows[i + 1] if i + 1 < len(rows) else None
        if host is not None and all(_NOTE_NUMBERS.match(r.text) for r in row):
            size, baseline = _main_size(host)
            left = min(r.x0 for r in host) - 2.0 * size  # a note's own number hangs left of its text
            right = max(r.x1 for r in host) + size
            if all(
                r.size <= 0.8 * size and 0.12 * size <= r.y - baseline <= 0.75 * size and left <= r.x0 <= right
                for r in row
            ):
                rows[i + 1] = host + row
                i += 1
                continue
        out.append(row)
        i += 1
    return out


def _merge(runs: list[Run], markers: set[int] | frozenset = frozenset()) -> Line:
    parts: list[str] = []
    numbers: list[list[str]] = []
    end = None
    body = [r for r in runs if id(r) not in markers] or runs
    for run in runs:
        if id(run) in markers and body is not runs:
            parts.append(_SENTINEL)
            numbers.append(re.findall(r"\d+", run.text))
            end = run.x1 if end is None else max(end, run.x1)
            continue
        text = run.text
        if parts and end is not None and run.x0 - end > 0.15 * run.size:
            if not parts[-1].endswith(" ") and not text.startswith(" "):
                parts.append(" ")
        parts.append(text)
        end = run.x1 if end is None else max(end, run.x1)
    size = max(r.size for r in body)
    y = max(body, key=lambda r: r.size).y
    text, notes = _take_marks(_tidy("".join(parts)), numbers)
    return Line(runs[0].x0, max(r.x1 for r in runs), y, size, text, notes=notes)


def _take_marks(text: str, numbers: list[list[str]]) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Removes the sentinels from a tidied line: (text, ((offset, number), ...))."""
    if _SENTINEL not in text:
        return text, ()
    out: list[str] = []
    notes: list[tuple[int, str]] = []
    k = 0
    for i, char in enumerate(text):
        if char != _SENTINEL:
            if char == " " and out and out[-1] == " ":
                continue  # "word ¹ next": one space is enough
            out.append(char)
            continue
        at = sum(len(c) for c in out)
        for n in numbers[k] if k < len(numbers) else ():
            notes.append((at, n))
        k += 1
    clean = "".join(out)
    stripped = clean.lstrip()
    shift = len(clean) - len(stripped)
    stripped = stripped.rstrip()
    return stripped, tuple((min(max(0, at - shift), len(stripped)), n) for at, n in notes)
