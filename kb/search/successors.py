"""Successor provisions: for each unit of a repealed document, the closest unit of the
document that replaced it (the catalogue's `successor`), computed from the texts.

"Closest" is the cosine similarity of TF-IDF vectors over the analysed words (stems, no
stopwords) of each unit's heading path and text, in the document's language; a unit is
matched only with a unit of the same kind (a Pasal with a Pasal, a Penjelasan with a
Penjelasan, a considerans with a considerans). No mapping is written by hand: a new
repealed document with a `successor` in the catalogue is mapped the same way.

Example (UU 39/2004 -> UU 18/2017): Pasal 76 (costs a placement agency may charge) ->
Pasal 30 (placement costs). The mapping is computed once per index generation and
process, the first time a search returns a repealed unit.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..catalog import Catalog
from ..index.snapshot import IndexSnapshot
from ..lang import analyze
from ..models import Unit
from ..structure.common import is_final_unit

MIN_SIMILARITY = 0.05  # below this a repealed unit has no successor provision worth naming


@dataclass(frozen=True)
class Successor:
    """The provision of the law in force closest to a repealed unit."""

    doc_id: str
    unit: str
    similarity: float  # cosine of TF-IDF vectors, 0..1


# A statute's closing, transitional and penal provisions (its chapters "Ketentuan Penutup",
# "Ketentuan Peralihan", "Ketentuan Pidana"; UU 12/2011, Lampiran II, on how statutes are
# drafted) speak about the statute itself, its institutions' hand-over or its offences:
# a substantive Pasal of the repealed law is never replaced by one of them, and they are
# replaced only by their own kind. Without this, UU 39/2004 Pasal 77 (the right to
# protection) was "replaced" by UU 18/2017 Pasal 91 (entry into force), through the
# words both share with every statute ("berlaku", "peraturan perundang-undangan").
_CHAPTER_KIND = re.compile(
    r"\b(?:ketentuan\s+(?P<id>penutup|peralihan|pidana)|(?P<en>final|transitional|penal)\s+provisions?)\b",
    re.IGNORECASE)
_EN_KIND = {"final": "penutup", "transitional": "peralihan", "penal": "pidana"}


def _kind(unit: Unit) -> str:
    name = unit.unit
    if name.startswith("Penjelasan"):
        return "penjelasan"
    if name in ("Menimbang", "Mengingat", "Preamble"):
        return "considerans"
    if name == "Penutup" or is_final_unit(name):
        return "penutup"
    for heading in reversed(unit.heading):
        found = _CHAPTER_KIND.search(heading)
        if found:
            return (found.group("id") or _EN_KIND[found.group("en").lower()]).lower()
    return "body"


class SuccessorMap:
    """Repealed unit position -> the successor document's closest unit (positions in the
    snapshot's `units`), computed lazily per repealed document."""

    def __init__(self, snapshot: IndexSnapshot, catalog: Catalog):
        self.snapshot = snapshot
        self.catalog = catalog
        self._done: set[str] = set()
        self._map: dict[int, tuple[int, float]] = {}

    def successor_position(self, pos: int) -> tuple[int, float] | None:
        """(position of the successor unit, similarity), or None."""
        unit = self.snapshot.units[pos]
        doc = self.catalog.find(unit.doc_id)
        if doc is None or not doc.repealed:
            return None
        root = doc.variant_of or doc.id
        if root not in self._done:
            self._compute(root)
        return self._map.get(pos)

    def successor(self, pos: int) -> Successor | None:
        found = self.successor_position(pos)
        if found is None:
            return None
        target, sim = found
        unit = self.snapshot.units[target]
        doc = self.catalog.find(unit.doc_id)
        doc_id = doc.variant_of if doc is not None and doc.variant_of else unit.doc_id
        return Successor(doc_id=doc_id, unit=unit.unit, similarity=round(sim, 3))

    def _rows_of(self, doc_id: str) -> list[int]:
        ids = [doc_id, *[v.id for v in self.catalog.variants_of(doc_id)]]
        rows: list[int] = []
        seen: set[str] = set()
        for d in ids:
            for r in self.snapshot.units_by_doc.get(d, []):
                name = self.snapshot.units[r].unit
                if name not in seen:  # a variant copy only adds the units the document lacks
                    seen.add(name)
                    rows.append(r)
        return rows

    def _compute(self, doc_id: str) -> None:
        self._done.add(doc_id)
        doc = self.catalog.find(doc_id)
        if doc is None or not doc.successor or self.catalog.find(doc.successor) is None:
            return
        old_rows = self._rows_of(doc_id)
        new_rows = self._rows_of(doc.successor)
        if not old_rows or not new_rows:
            return
        units = self.snapshot.units
        bags = {r: Counter(analyze(" ".join([*units[r].heading, units[r].text]), units[r].language))
                for r in old_rows + new_rows}
        df: Counter[str] = Counter()
        for bag in bags.values():
            df.update(bag.keys())
        n = len(bags)
        idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        vocab = {t: i for i, t in enumerate(idf)}

        def matrix(rows: list[int]) -> np.ndarray:
            m = np.zeros((len(rows), len(vocab)), dtype=np.float32)
            for i, r in enumerate(rows):
                for t, c in bags[r].items():
                    m[i, vocab[t]] = (1.0 + math.log(c)) * idf[t]
            norms = np.linalg.norm(m, axis=1, keepdims=True)
            return m / np.where(norms > 0, norms, 1.0)

        old_m, new_m = matrix(old_rows), matrix(new_rows)
        sims = old_m @ new_m.T
        new_kinds = np.array([_kind(units[r]) for r in new_rows])
        for i, r in enumerate(old_rows):
            row = np.where(new_kinds == _kind(units[r]), sims[i], -1.0)
            j = int(np.argmax(row))
            if row[j] >= MIN_SIMILARITY:
                self._map[r] = (new_rows[j], float(row[j]))
