"""Print furniture: running headers and footers, page numbers and catchwords.

What is taken out is recorded (for the text audit) with the printed page number each
page-number line carries (for citing printed pages). Furniture never includes structure:
a line such as "Article 4" at the top of each page (one article per page) has a number
that changes from page to page, like a folio, but it is a heading and stays.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..base import roman_value
from .lines import Line

# "- 2 -", "2", "— 2 —", "Page 2", "page 2 of 9", "2/9", "Halaman 2 dari 9", "[2]"
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—\[(|]*(?:(?:page|halaman|hal\.|p\.)\s*)?(\d{1,4})"
    r"(?:\s*(?:of|dari|/|from)\s*\d{1,4})?[\s\-–—\])|]*$",
    re.IGNORECASE,
)
# Front matter is often numbered in roman figures: "ii", "- iv -".
_ROMAN_PAGE_NUMBER = re.compile(r"^[\s\-–—\[(|]*(?P<n>[ivxlc]{1,7}|[IVXLC]{1,7})[\s\-–—\])|]*$")
# A folio printed at one end of a running header or footer: "2 GE.24-19779", "CMW/C/GC/1 Page 3".
_EDGE_FOLIO = re.compile(
    r"^(?:(?P<lead>\d{1,4})\s+(?P<rest1>\S.*)|(?P<rest2>.*\S)\s+(?:(?:page|halaman|hal\.|p\.)\s*)?(?P<trail>\d{1,4}))$",
    re.IGNORECASE,
)
# Headings of legal structure: never furniture when their number changes page to page.
_STRUCTURE = re.compile(
    r"^\s*(?:#+\s*)?(?:article|art\.|pasal|chapter|part|section|bab|bagian|paragraf|annex|lampiran|schedule|"
    r"appendix|clause|rule|regulation|title|book|buku)\s+(?:\d{1,4}|[IVXLC]{1,7})\b",
    re.IGNORECASE,
)
_CATCHWORD = re.compile(r"^(?P<words>.*?\S)\s*(?:\.\s?){3,}$|^(?P<words2>.*?\S)\s*…$")
_ZONE = 4  # lines at the top and bottom of a page where furniture can sit


@dataclass
class Furniture:
    """What `remove_furniture` took out: (kind, text, page number 1-based) for the
    audit, and the printed number read from each page's folio (0-based page -> number)."""

    removed: list[tuple[str, str, int]] = field(default_factory=list)
    folios: dict[int, int | str] = field(default_factory=dict)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _split_folio(text: str) -> tuple[int | None, str]:
    """(folio, rest) for a line that carries a page number at one end, else (None, text)."""
    if _STRUCTURE.match(text):
        return None, text
    m = _EDGE_FOLIO.match(text.strip())
    if not m:
        return None, text
    if m.group("lead"):
        return int(m.group("lead")), m.group("rest1")
    return int(m.group("trail")), m.group("rest2")


def remove_furniture(pages: list[list[Line]], labels: list[str] | None = None) -> Furniture:
    """Drops running headers and footers, page numbers and catchwords from `pages` in
    place. `labels` are the PDF's own page labels, when it has them: a lone number that
    agrees with its page's label is a folio even where no other page has one."""
    n = len(pages)
    found = Furniture()
    flagged: dict[tuple[int, int], str] = {}
    offset: list[int] = []  # how printed numbers run with the pages, once found
    for _ in range(2):  # a second pass finds a header line hidden below a first one
        zones = {p: _zones(lines, flagged, p) for p, lines in enumerate(pages)}
        numbers = _page_numbers(pages, zones, labels, found.folios, offset)
        if n >= 2:
            flagged.update(_repeated(pages, zones, n, found.folios))
        flagged.update(numbers)
    flagged.update({key: "running-footer" for key in _catchwords(pages, flagged)})
    for p in range(n):
        ys = [line.y for line in pages[p]]
        middle = (max(ys) + min(ys)) / 2 if ys else 0.0
        for i, line in enumerate(pages[p]):
            kind = flagged.get((p, i))
            if kind in ("running-header", "running-footer"):  # a short page is all "top" and "bottom"
                kind = "running-header" if line.y > middle else "running-footer"
            if kind:
                found.removed.append((kind, line.text, p + 1))
        pages[p] = [line for i, line in enumerate(pages[p]) if (p, i) not in flagged]
    return found


def _zones(lines: list[Line], flagged: dict[tuple[int, int], str], p: int) -> dict[str, list[int]]:
    """Indices of the topmost and bottommost lines not yet flagged."""
    by_height = sorted((i for i in range(len(lines)) if (p, i) not in flagged), key=lambda i: -lines[i].y)
    return {"top": by_height[:_ZONE], "bottom": by_height[-_ZONE:]}


def _repeated(pages: list[list[Line]], zones: dict, n: int, folios: dict[int, int | str]) -> dict[tuple[int, int], str]:
    needed = n if n <= 2 else max(2, math.ceil(0.5 * n))
    seen: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    edge: dict[tuple[int, int], int] = {}  # folio printed at one end of a repeated line
    for p, zone in zones.items():
        for side, indices in zone.items():
            for i in indices:
                line = pages[p][i]
                folio, rest = _split_folio(line.text)
                if folio is not None and _key(rest).strip("# "):
                    edge[(p, i)] = folio
                    text = rest
                else:
                    text = line.text
                # Same text (digits aside) at the same height: a running header or footer.
                seen[(side, _key(text), round(line.y / 4))].append((p, i))
    flagged: dict[tuple[int, int], str] = {}
    groups: list[tuple[str, str, set[int]]] = []
    for (side, key, _y), hits in seen.items():
        if len({p for p, _ in hits}) < needed:
            continue
        if not _numbers_run_with_pages(pages, hits, edge):
            continue
        if _is_structure(pages, hits):
            continue
        kind = "running-header" if side == "top" else "running-footer"
        bare = [_PAGE_NUMBER.match(pages[p][i].text) for p, i in hits]
        if all(bare) and len({int(m.group(1)) - p for m, (p, _) in zip(bare, hits)}) == 1:  # type: ignore[union-attr]
            kind = "page-number"  # "- 2 -" repeated at the same height: the folios
            for m, hit in zip(bare, hits):
                folios.setdefault(hit[0], int(m.group(1)))  # type: ignore[union-attr]
        for hit in hits:
            flagged[hit] = kind
            if hit in edge and _runs_with_pages(hits, edge):
                folios.setdefault(hit[0], edge[hit])
        groups.append((side, key, {p for p, _ in hits}))
    # The same footer, longer on one page (the first page's "GE.24-19779 (E) 061124").
    for side, key, on_pages in groups:
        if len(key) < 6:
            continue
        for p, zone in zones.items():
            if p in on_pages:
                continue
            for i in zone[side]:
                other = _key(_split_folio(pages[p][i].text)[1])
                if other.startswith(key + " ") and not _STRUCTURE.match(pages[p][i].text):
                    flagged[(p, i)] = "running-header" if side == "top" else "running-footer"
    return flagged


def _runs_with_pages(hits: list[tuple[int, int]], edge: dict[tuple[int, int], int]) -> bool:
    offsets = {edge[h] - h[0] for h in hits if h in edge}
    return len(offsets) == 1


def _is_structure(pages: list[list[Line]], hits: list[tuple[int, int]]) -> bool:
    """A repeated line whose text differs between pages and that is structure or text:
    a heading ("Article 1", "Article 2"...: one article per page) or a sentence that
    only differs by a number. Furniture repeats; text that changes is text."""
    texts = {pages[p][i].text.strip() for p, i in hits}
    if len(texts) <= 1:
        return False
    return all(_STRUCTURE.match(t) or (len(t.split()) >= 6 and t[-1:] in ".;:") for t in texts)


def _numbers_run_with_pages(pages: list[list[Line]], hits: list[tuple[int, int]], edge: dict[tuple[int, int], int]) -> bool:
    """Each number in a repeated line is fixed ("GC/1") or counts the pages ("Page 3").

    Keeps "Article 1" on page 1 and "Article 4" on page 3 from passing for a header.
    """
    numbers = []
    for p, i in hits:
        text = pages[p][i].text
        if (p, i) in edge:
            text = _split_folio(text)[1]
        numbers.append([int(n) for n in re.findall(r"\d+", text)])
    if len({len(ns) for ns in numbers}) > 1:
        return False
    for column in zip(*numbers):
        if len(set(column)) == 1:
            continue
        offsets = {n - p for n, (p, _) in zip(column, hits)}
        if len(offsets) != 1:
            return False
    return True


def _page_numbers(
    pages: list[list[Line]], zones: dict, labels: list[str] | None, folios: dict[int, int | str], offset_found: list[int]
) -> dict[tuple[int, int], str]:
    """Page-number lines among the topmost and bottommost lines. The offset between
    printed and physical numbers is decided once (`offset_found`, filled on the first
    call that finds it): a later pass only takes numbers that agree with it, so the
    numbers of endnotes ("77 See ...") at a page's foot are never folios."""
    candidates: list[tuple[int, int, int, str]] = []
    romans: list[tuple[int, int, int, str]] = []
    for p, zone in zones.items():
        for i in set(zone["top"][:2] + zone["bottom"][-2:]):
            text = pages[p][i].text
            m = _PAGE_NUMBER.match(text)
            if m:
                candidates.append((p, i, int(m.group(1)) - (p + 1), text))
                continue
            r = _ROMAN_PAGE_NUMBER.match(text)
            if r and roman_value(r.group("n")):
                romans.append((p, i, roman_value(r.group("n")) - (p + 1), r.group("n")))  # type: ignore[operator]
    flagged: dict[tuple[int, int], str] = {}
    if candidates:
        # Printed numbers run with the physical pages, give or take front matter.
        offset, count = Counter(c[2] for c in candidates).most_common(1)[0]
        if offset_found:
            offset, count = offset_found[0], max(count, 2)
        elif count >= 2:
            offset_found.append(offset)
        restarted = _restarted_counts(candidates, offset)
        for p, i, off, _text in candidates:
            number = off + p + 1
            agrees = _label(labels, p) == str(number)
            if (off == offset and (count >= 2 or (len(pages) == 1 and offset == 0))) or agrees or (p, i) in restarted:
                flagged[(p, i)] = "page-number"
                folios[p] = number
    if romans:
        offset, count = Counter(r[2] for r in romans).most_common(1)[0]
        for p, i, off, label in romans:
            if (off == offset and count >= 2) or _label(labels, p) == label.lower():
                flagged[(p, i)] = "page-number"
                folios[p] = label.lower()
    return flagged


def _restarted_counts(candidates: list[tuple[int, int, int, str]], offset: int) -> set[tuple[int, int]]:
    """Folios of page counts that restart later in the document, as (page, line): a
    statute's Penjelasan and each Lampiran print "- 2 -", "- 3 -"... again after the
    body's "- 31 -". A count is believed when it goes back (its numbers are below the
    main count's, after the main count's first folio) and either runs on two or more
    consecutive pages or is a dashed "- 2 -" (an annex of two pages: its first page bears
    no number)."""
    main_pages = [c[0] for c in candidates if c[2] == offset]
    if not main_pages:
        return set()
    by_offset: dict[int, set[int]] = defaultdict(set)
    for p, _i, off, _text in candidates:
        if off < offset and p > main_pages[0]:
            by_offset[off].add(p)
    found: set[tuple[int, int]] = set()
    for p, i, off, text in candidates:
        on = by_offset.get(off, set())
        if p not in on:
            continue
        if p - 1 in on or p + 1 in on or (off + p + 1 == 2 and re.search(r"[-–—]", text)):
            found.add((p, i))
    return found


def _label(labels: list[str] | None, p: int) -> str | None:
    return labels[p].lower() if labels and p < len(labels) else None


def _bare_words(text: str) -> list[str]:
    """Words without the punctuation around them: the catchword "Ulang…" repeats the
    next page's "Ulang, dapat …", "Pasal 25…" its "Pasal 25, dan …"; a bullet glyph
    opening the next page's line is no word."""
    words = (re.sub(r"^[^\w(]+|[^\w)]+$", "", w) for w in text.split())
    return [w for w in words if w]


def _catchwords(pages: list[list[Line]], flagged: dict[tuple[int, int], str]) -> set[tuple[int, int]]:
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
        words = _bare_words(m.group("words") or m.group("words2") or "")
        following = _bare_words(" ".join(line.text for line in nxt[:2]))
        if words and following[: len(words)] == words:
            found.add((p, last))
    return found
