"""Reading order: a page's lines top to bottom, a two-column page column by column."""

from __future__ import annotations

from collections import defaultdict

from .lines import Line


def _order_columns(pages: list[list[Line]]) -> None:
    for i, lines in enumerate(pages):
        pages[i] = _read_order(lines)


def _find_gutter(lines: list[Line]) -> float | None:
    """x of a vertical gutter that splits the page into two text columns, if any.

    Works on line pieces (a row is cut wherever a gap is wider than a word space), so
    it needs no aligned baselines: most pieces must end left of the gutter or start
    right of it, and few may cross it.
    """
    if len(lines) < 6:
        return None
    left_edge = min(l.x0 for l in lines)
    right_edge = max(l.x1 for l in lines)
    width = right_edge - left_edge
    if width <= 0:
        return None
    n = len(lines)
    half = 0.5 * _median([l.size for l in lines])
    best: tuple[float, float] | None = None
    steps = 80
    for k in range(steps + 1):
        g = left_edge + width * (0.3 + 0.4 * k / steps)
        left = sum(1 for l in lines if l.x1 <= g - half)
        right = sum(1 for l in lines if l.x0 >= g + half)
        crossing = n - left - right
        if left >= 0.25 * n and right >= 0.25 * n and crossing <= 0.35 * n:
            score = min(left, right) - 2 * crossing
            if best is None or score > best[0]:
                best = (score, g)
    if best is None:
        return None
    g = best[1]
    lefts = [l.x1 - l.x0 for l in lines if l.x1 <= g]
    rights = [l.x1 - l.x0 for l in lines if l.x0 >= g]
    # Both sides must hold running text, not a column of labels or numbers.
    if _median(lefts) < 0.45 * (g - left_edge) or _median(rights) < 0.45 * (right_edge - g):
        return None
    return g


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def _read_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; where the page has two columns, the left one before the right one."""
    gutter = _find_gutter(lines)
    if gutter is None:
        return _merge_rows(lines, 0)
    left = [l for l in lines if l.x1 <= gutter]
    right = [l for l in lines if l.x0 >= gutter]
    full = [l for l in lines if l.x0 < gutter < l.x1]
    ordered: list[Line] = []
    merged_full = _merge_rows(full, 0)
    left_m, right_m = _merge_rows(left, 1), _merge_rows(right, 2)
    # Full-width lines (titles, a table across the gutter) cut the page into bands; within
    # a band the left column is read before the right one.
    cuts = [l.y for l in merged_full]
    def band(line: Line) -> int:
        return sum(1 for y in cuts if y > line.y)
    bands: dict[int, list[Line]] = defaultdict(list)
    for line in left_m + right_m:
        bands[band(line)].append(line)
    full_iter = iter(merged_full)
    for i in range(len(cuts) + 1):
        ordered.extend(sorted(bands.get(i, []), key=lambda l: (l.column, -l.y, l.x0)))
        nxt = next(full_iter, None)
        if nxt is not None:
            ordered.append(nxt)
    return ordered


def _merge_rows(lines: list[Line], column: int) -> list[Line]:
    """Pieces on the same baseline of one column become one line again."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda l: (-l.y, l.x0)):
        prev = out[-1] if out else None
        if prev is not None and abs(prev.y - line.y) <= 0.35 * max(prev.size, line.size):
            shift = len(prev.text) + 1
            prev.notes = prev.notes + tuple((at + shift, n) for at, n in line.notes)
            prev.text = f"{prev.text} {line.text}"
            prev.x1 = max(prev.x1, line.x1)
            prev.size = max(prev.size, line.size)
        else:
            out.append(Line(line.x0, line.x1, line.y, line.size, line.text, column, line.notes))
    return out
