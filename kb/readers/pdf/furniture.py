"""Print furniture: running headers and footers, page numbers and catchwords."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from .lines import Line

# "- 2 -", "2", "— 2 —", "Page 2", "page 2 of 9", "2/9", "Halaman 2 dari 9", "[2]"
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—\[(|]*(?:(?:page|halaman|hal\.|p\.)\s*)?(\d{1,4})"
    r"(?:\s*(?:of|dari|/|from)\s*\d{1,4})?[\s\-–—\])|]*$",
    re.IGNORECASE,
)
_CATCHWORD = re.compile(r"^(?P<words>.*?\S)\s*(?:\.\s?){3,}$|^(?P<words2>.*?\S)\s*…$")
_ZONE = 4  # lines at the top and bottom of a page where furniture can sit


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _remove_furniture(pages: list[list[Line]]) -> int:
    n = len(pages)
    flagged: set[tuple[int, int]] = set()
    for _ in range(2):  # a second pass finds a header line hidden below a first one
        zones = {p: _zones(lines, flagged, p) for p, lines in enumerate(pages)}
        if n >= 2:
            flagged |= _repeated(pages, zones, n)
        flagged |= _page_numbers(pages, zones)
    flagged |= _catchwords(pages, flagged)
    for p in range(n):
        pages[p] = [line for i, line in enumerate(pages[p]) if (p, i) not in flagged]
    return len(flagged)


def _zones(lines: list[Line], flagged: set[tuple[int, int]], p: int) -> dict[str, list[int]]:
    """Indices of the topmost and bottommost lines not yet flagged."""
    by_height = sorted((i for i in range(len(lines)) if (p, i) not in flagged), key=lambda i: -lines[i].y)
    return {"top": by_height[:_ZONE], "bottom": by_height[-_ZONE:]}


def _repeated(pages: list[list[Line]], zones: dict, n: int) -> set[tuple[int, int]]:
    needed = n if n <= 2 else max(2, math.ceil(0.5 * n))
    seen: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    for p, zone in zones.items():
        for side, indices in zone.items():
            for i in indices:
                line = pages[p][i]
                # Same text (digits aside) at the same height: a running header or footer.
                seen[(side, _key(line.text), round(line.y / 4))].append((p, i))
    flagged: set[tuple[int, int]] = set()
    for hits in seen.values():
        if len({p for p, _ in hits}) >= needed and _numbers_run_with_pages(pages, hits):
            flagged.update(hits)
    return flagged


def _numbers_run_with_pages(pages: list[list[Line]], hits: list[tuple[int, int]]) -> bool:
    """Each number in a repeated line is fixed ("GC/1") or counts the pages ("Page 3").

    Keeps "Article 1" on page 1 and "Article 4" on page 3 from passing for a header.
    """
    numbers = [[int(n) for n in re.findall(r"\d+", pages[p][i].text)] for p, i in hits]
    for column in zip(*numbers):
        if len(set(column)) == 1:
            continue
        offsets = {n - p for n, (p, _) in zip(column, hits)}
        if len(offsets) != 1:
            return False
    return True


def _page_numbers(pages: list[list[Line]], zones: dict) -> set[tuple[int, int]]:
    candidates: list[tuple[int, int, int]] = []
    for p, zone in zones.items():
        for i in set(zone["top"][:2] + zone["bottom"][-2:]):
            m = _PAGE_NUMBER.match(pages[p][i].text)
            if m:
                candidates.append((p, i, int(m.group(1)) - (p + 1)))
    if not candidates:
        return set()
    # Printed numbers run with the physical pages, give or take front matter.
    offset, count = Counter(c[2] for c in candidates).most_common(1)[0]
    if count < 2 and (len(pages) > 1 or offset != 0):
        return set()  # one number alone proves nothing, unless it is page 1 of 1
    return {(p, i) for p, i, off in candidates if off == offset}


def _catchwords(pages: list[list[Line]], flagged: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """'Pasal 5 . . .' at the foot of a page, repeating the next page's first words."""
    found: set[tuple[int, int]] = set()
    for p in range(len(pages) - 1):
        body = [i for i in range(len(pages[p])) if (p, i) not in flagged]
        nxt = [pages[p + 1][i] for i in range(len(pages[p + 1])) if (p + 1, i) not in flagged]
        if not body or not nxt:
            continue
        last = body[-1]
        m = _CATCHWORD.match(pages[p][last].text)
        if not m:
            continue
        words = (m.group("words") or m.group("words2") or "").split()
        following = " ".join(line.text for line in nxt[:2]).split()
        if words and following[: len(words)] == words:
            found.add((p, last))
    return found
