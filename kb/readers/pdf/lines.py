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
    """
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x0)):
        if rows and abs(rows[-1][0].y - run.y) <= 0.35 * max(run.size, rows[-1][0].size, 1.0):
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        current: list[Run] = []
        right = 0.0  # max x1 of `current`, kept as runs are added: linear in a row's runs
        # (recomputing it per run made a row of n overlapping runs cost n², minutes for a
        # small PDF built to draw one line many times; kb.limits bounds n, not n²)
        for run in row:
            if current and run.x0 - right > 1.0 * max(run.size, current[-1].size):
                lines.append(_merge(current))
                current = []
            right = run.x1 if not current else max(right, run.x1)
            current.append(run)
        lines.append(_merge(current))
    return [line for line in lines if line.text]


def _merge(runs: list[Run]) -> Line:
    parts: list[str] = []
    end = None
    for run in runs:
        text = run.text
        if parts and end is not None and run.x0 - end > 0.15 * run.size:
            if not parts[-1].endswith(" ") and not text.startswith(" "):
                parts.append(" ")
        parts.append(text)
        end = run.x1 if end is None else max(end, run.x1)
    size = max(r.size for r in runs)
    y = max(runs, key=lambda r: r.size).y
    return Line(runs[0].x0, max(r.x1 for r in runs), y, size, _tidy("".join(parts)))
