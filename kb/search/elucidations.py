"""A statute's Pasal and its elucidation (Penjelasan Pasal N), linked for the ranking.

An Indonesian statute's Penjelasan Pasal demi Pasal is the official elucidation of each
Pasal: read with it, it says what the Pasal's terms mean. The two rarely share enough
words with a question to rank together (the Penjelasan is short, "Cukup jelas.", or
defines one term), so a search whose best units hold a Pasal reserves a few places of the
first page for its Penjelasan when that also matches (and for the Pasal when a Penjelasan
ranks among the best): `reserve_elucidations`, used by kb.search.hybrid.

The Penjelasan may sit in the same document or in a variant copy of it (UU 18/2017's
Penjelasan is indexed from its OCR scan, `uu-18-2017-ocr`, a variant of `uu-18-2017`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..catalog import Catalog
from ..index.snapshot import IndexSnapshot

_ELUCIDATION = re.compile(r"Penjelasan (Pasal \d+[A-Z]?)")


class ElucidationLinks:
    """Snapshot position of a Pasal <-> positions of its Penjelasan (and back), built on
    first use from the units' names and the catalogue's variant copies."""

    def __init__(self, snapshot: IndexSnapshot, catalog: Catalog):
        self.snapshot = snapshot
        self.catalog = catalog
        self._links: dict[int, set[int]] | None = None

    def _root(self, doc_id: str) -> str:
        doc = self.catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    def _build(self) -> dict[int, set[int]]:
        by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        for pos, unit in enumerate(self.snapshot.units):
            by_name[(self._root(unit.doc_id), unit.unit)].append(pos)
        links: dict[int, set[int]] = defaultdict(set)
        for pos, unit in enumerate(self.snapshot.units):
            found = _ELUCIDATION.fullmatch(unit.unit)
            if not found:
                continue
            for other in by_name.get((self._root(unit.doc_id), found.group(1)), []):
                links[pos].add(other)
                links[other].add(pos)
        return dict(links)

    def partners(self, pos: int) -> set[int]:
        """Positions of the Penjelasan of the Pasal at `pos`, or of the Pasal that the
        Penjelasan at `pos` elucidates; empty for every other unit."""
        if self._links is None:
            self._links = self._build()
        return self._links.get(pos, set())


def reserve_elucidations(order: list[int], links: ElucidationLinks, keep: int, slots: int, depth: int) -> list[int]:
    """`order` (snapshot positions, best first, each with a positive score) with its first
    `keep` kept, then up to `slots` units found among its first `depth` that are the
    Penjelasan or the Pasal of one of those `keep` (in their own order), then the rest in
    order. `keep` <= 0 or `slots` <= 0 returns `order` unchanged."""
    if keep <= 0 or slots <= 0 or len(order) <= keep:
        return order
    head = order[:keep]
    partners: set[int] = set()
    for pos in head:
        partners |= links.partners(pos)
    if not partners:
        return order
    fill = [pos for pos in order[keep:depth] if pos in partners][:slots]
    if not fill:
        return order
    chosen = set(fill)
    return head + fill + [pos for pos in order[keep:] if pos not in chosen]
