"""A read-only view of one published index generation: units, passages, the lexical
indexes and the passage vectors, each opened lazily (a citation lookup needs only the
units) and verified against the generation's manifest as it is first read.

Nothing here writes to the home: a read-only home serves searches.
"""

from __future__ import annotations

import json
import mmap
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import IndexDamaged, IndexError_
from ..models import Passage, Unit
from ..structure.common import is_final_unit
from . import generation as gens
from .lexical import STEMS_FILE, LexicalIndex, read_stem_table, use_stem_table
from .store import VECTORS_FILE, MatrixVectors, StoreLocation, VectorStore

UNIT_TABLE = "unit-table.npy"  # per unit: its line in units.jsonl (start, end), document, language, flags
UNIT_NAMES = "unit-table.json"  # the documents and languages the table's numbers stand for
UNIT_DTYPE = np.dtype([("start", "<i8"), ("end", "<i8"), ("doc", "<i4"), ("lang", "i1"), ("flags", "u1")])
PASSAGE_TABLE = "passages.npy"  # (passages, 4) int32: unit position, seq, start, end
GENERAL, DEFINITION, FINAL = 1, 2, 4  # unit flags

_GENERAL_NAMES = {"Preamble", "Menimbang", "Mengingat", "Penjelasan Umum"}
_INTRODUCTION = re.compile(r"^\W*(?:[IVX]+\.?|[A-Z]\.|\d+\.)?\s*(?:introduction|pendahuluan|background|foreword|preface|"
                           r"kata pengantar)\s*$", re.IGNORECASE)

_SESSION = re.compile(r"\bat its \w+(?:-\w+)? session\b", re.IGNORECASE)

# A unit that opens by saying what its terms mean for the instrument ("For the purposes of
# this Agreement: (a) the term …", "1. For the purpose of this Consensus, an 'undocumented
# migrant worker' is …", the Convention's article 2, "Untuk tujuan Konvensi ini …"), or
# by saying what a term means ("The term “migrant workers in an irregular situation” is
# defined in article 5 …"), is a definition whatever its caption: it holds the words of
# every question on those terms and answers only "what is …".
_DEFINES_TERMS = re.compile(
    r"\W*(?:\(?\w{1,3}[.)]\s*)?(?:for the purposes? of (?:this|the present)\b"
    r"|the (?:term|expression|notion)s?\s+[“\"'‘]"  # "The term “xenophobia” has been used to describe …"
    r"|untuk (?:tujuan|keperluan) (?:konvensi|konsensus|deklarasi|persetujuan|perjanjian|pedoman) ini\b)",
    re.IGNORECASE)


def unit_flags(unit: Unit) -> int:
    """GENERAL for preambles, considerations, general elucidations, final clauses and a
    statute's Penutup (those FINAL too: where and when an instrument was adopted or
    enacted); DEFINITION for articles that define the instrument's terms (a statute's
    Pasal 1, "Definitions")."""
    # A final clause ("Done at Cebu, …", "Disahkan di Jakarta …") is as general: it names
    # the instrument, its place and its signatories.
    flags = GENERAL if unit.unit in _GENERAL_NAMES else 0
    # A paragraph of a document's introduction or foreword ("I. Introduction" of a general
    # comment, "Background" of a declaration) speaks of the document itself: why and when it
    # was adopted, what it covers. It shares every word of its subject and rarely answers.
    if unit.heading and _INTRODUCTION.search(unit.heading[-1]):
        flags |= GENERAL
    # So does one telling how the document came about (the Committee, "at its" Nth
    # "session", decided to issue the comment).
    if _SESSION.search(unit.text):
        flags |= GENERAL
    if is_final_unit(unit.unit):
        flags |= GENERAL | FINAL
    title = (unit.title or "").lower()
    heading = " ".join(unit.heading).lower()
    defines = unit.unit == "Pasal 1" and "yang dimaksud dengan" in unit.text[:160].lower()
    if title.startswith("definition") or defines or (unit.unit == "Pasal 1" and "ketentuan umum" in heading) \
            or _DEFINES_TERMS.match(unit.text[:200]):
        flags |= DEFINITION
    return flags


class UnitSequence(Sequence):
    """units.jsonl as a sequence of Units, each parsed when first asked for (the last few
    thousand are kept)."""

    KEEP = 4096

    def __init__(self, path: Path, offsets: np.ndarray, damaged: Callable[[str, str], IndexDamaged]):
        self._offsets = offsets
        self._damaged = damaged
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            if size != int(offsets[-1]):
                raise damaged("units.jsonl", f"{size:,} bytes, the unit table says {int(offsets[-1]):,}")
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._kept: OrderedDict[int, Unit] = OrderedDict()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _parse(self, i: int) -> Unit:
        a, b = int(self._offsets[i]), int(self._offsets[i + 1])
        try:
            return Unit.from_dict(json.loads(self._map[a:b]))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._damaged("units.jsonl", f"unit {i} is malformed ({exc.__class__.__name__})") from None

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        unit = self._kept.get(i)
        if unit is None:
            unit = self._kept[i] = self._parse(i)
            if len(self._kept) > self.KEEP:
                self._kept.popitem(last=False)
        return unit

    def __iter__(self) -> Iterator[Unit]:
        for i in range(len(self)):
            yield self[i]


class UnitIndex:
    """A unit's position by key ("doc::unit"), found among its document's units."""

    def __init__(self, snapshot: "IndexSnapshot"):
        self._snapshot = snapshot
        self._by_doc: dict[str, dict[str, int]] = {}

    def _doc(self, doc_id: str) -> dict[str, int]:
        found = self._by_doc.get(doc_id)
        if found is None:
            a, b = self._snapshot._doc_ranges.get(doc_id, (0, 0))
            units = self._snapshot.units
            found = self._by_doc[doc_id] = {units[i].unit: i for i in range(a, b)}
        return found

    def names(self, doc_id: str) -> list[str]:
        """The names of a document's units, in document order ([] for a document not indexed)."""
        return list(self._doc(doc_id))

    def get(self, key: str, default: int | None = None) -> int | None:
        doc_id, sep, unit = key.partition("::")
        return self._doc(doc_id).get(unit, default) if sep else default

    def __getitem__(self, key: str) -> int:
        pos = self.get(key)
        if pos is None:
            raise KeyError(key)
        return pos

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


def published_generation(index_dir: Path, missing: str) -> str:
    """The generation CURRENT names. Raises IndexDamaged when generations exist but
    CURRENT does not name one (every command says "repair it", none "no index yet"), and
    IndexError_(`missing`) when there is no index at all."""
    gen = gens.current_generation(index_dir)
    if gen is not None:
        return gen
    if gens.generations(index_dir):
        raise IndexDamaged(
            f"the index at {index_dir} has no valid pointer to its current generation (CURRENT is "
            "missing or damaged); run `kb index` to repair it (it republishes the newest intact generation)"
        )
    raise IndexError_(missing)


class IndexSnapshot:
    def __init__(self, index_dir: Path, manifest: gens.Manifest, chroma_url: str | None = None):
        self.index_dir = index_dir
        self.manifest = manifest
        self.dir = index_dir / manifest.generation
        self.check = gens.FileCheck(self.dir, manifest)
        self.chroma_url = chroma_url

    @classmethod
    def open(cls, index_dir: Path) -> "IndexSnapshot":
        """The published generation. Raises IndexError_ when there is none, IndexDamaged
        when its manifest is damaged or it was written by an older kb."""
        gen = published_generation(index_dir, f"no index at {index_dir} yet: `kb ask` builds it on first use; or `kb corpus fetch`, then `kb index` "
                                   f"(from Python: KnowledgeBase.ensure_index())")
        manifest = gens.read_manifest(index_dir, gen)
        if manifest.format != gens.FORMAT or not set(gens.REQUIRED_FILES) <= set(manifest.files):
            raise IndexDamaged(
                f"the index at {index_dir} was built by another version of kb (format {manifest.format}); run `kb index` "
                "to bring it up to date (vectors come from the embedding cache, so it is quick)"
            )
        snapshot = cls(index_dir, manifest)
        snapshot.load_stems()
        return snapshot

    def load_stems(self) -> None:
        """Let query analysis use the generation's stem table (no Sastrawi on a cold query
        whose words the corpus or the glossary holds)."""
        if STEMS_FILE in self.manifest.files:
            table = read_stem_table(self.check.path(STEMS_FILE))
            if table:
                use_stem_table(table)

    @property
    def generation(self) -> str:
        return self.manifest.generation

    def is_current(self) -> bool:
        return gens.pointer(self.index_dir) == self.generation

    def _damaged(self, rel: str, why: str) -> IndexDamaged:
        return self.check.damaged(rel, why)

    # --- units: parsed one at a time from units.jsonl, located through unit-table.npz ----------
    # Opening a generation reads no unit text: a cold query parses only the units it shows,
    # and memory does not grow with the corpus but for a few bytes of table per unit.

    @cached_property
    def _table(self) -> dict[str, np.ndarray]:
        rel = UNIT_TABLE
        try:
            rows = np.asarray(np.load(self.check.path(rel), mmap_mode="r", allow_pickle=False))
            names = json.loads(self.check.path(UNIT_NAMES).read_text(encoding="utf-8"))
            docs, langs = list(names["docs"]), list(names["langs"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise self._damaged(rel, f"unreadable ({exc.__class__.__name__})") from None
        n = rows.shape[0] if rows.ndim == 1 else -1
        expected = self.manifest.counts.get("units")
        if rows.dtype != UNIT_DTYPE or (expected is not None and n != expected):
            raise self._damaged(rel, f"{n} units of {rows.dtype}, the manifest says {expected}")
        starts = np.asarray(rows["start"])
        offsets = np.append(starts, rows["end"][-1] if n else 0).astype(np.int64)
        doc, lang = np.asarray(rows["doc"]), np.asarray(rows["lang"])
        if n and (np.any(offsets[1:] < offsets[:-1]) or doc.max() >= len(docs) or lang.max() >= len(langs)):
            raise self._damaged(rel, "entries out of order or out of range")
        return {"offsets": offsets, "doc": doc, "lang": lang, "flags": np.asarray(rows["flags"]), "docs": docs,
                "langs": langs}

    @cached_property
    def units(self) -> "UnitSequence":
        """The generation's units in index order (a sequence parsed on demand)."""
        table = self._table
        return UnitSequence(self.check.path("units.jsonl"), table["offsets"], self._damaged)

    @cached_property
    def _doc_ranges(self) -> dict[str, tuple[int, int]]:
        doc = self._table["doc"]
        docs = [str(d) for d in self._table["docs"]]
        if doc.size and np.any(doc[1:] < doc[:-1]):
            raise self._damaged(UNIT_TABLE, "units out of document order")
        bounds = np.searchsorted(doc, np.arange(len(docs) + 1), side="left")
        return {d: (int(bounds[i]), int(bounds[i + 1])) for i, d in enumerate(docs) if bounds[i + 1] > bounds[i]}

    @cached_property
    def unit_index(self) -> "UnitIndex":
        """unit key ("doc::unit") -> position, looked up within the document's units."""
        return UnitIndex(self)

    @cached_property
    def units_by_doc(self) -> dict[str, np.ndarray]:
        return {d: np.arange(a, b, dtype=np.int64) for d, (a, b) in self._doc_ranges.items()}

    @cached_property
    def units_by_language(self) -> dict[str, np.ndarray]:
        lang = self._table["lang"]
        return {str(name): np.nonzero(lang == code)[0].astype(np.int64)
                for code, name in enumerate(self._table["langs"]) if np.any(lang == code)}

    @cached_property
    def unit_language(self) -> list[str]:
        names = [str(x) for x in self._table["langs"]]
        return [names[c] for c in self._table["lang"].tolist()]

    @cached_property
    def general_units(self) -> np.ndarray:
        """Preambles, considerations and general elucidations."""
        return np.nonzero(self._table["flags"] & GENERAL)[0].astype(np.int64)

    @cached_property
    def final_units(self) -> np.ndarray:
        """Final clauses ("Done at …, this … day of …") and statutes' Penutup ("Disahkan di
        Jakarta pada tanggal …")."""
        return np.nonzero(self._table["flags"] & FINAL)[0].astype(np.int64)

    @cached_property
    def definition_units(self) -> np.ndarray:
        """Articles that define the instrument's terms (a statute's Pasal 1, "Definitions")."""
        return np.nonzero(self._table["flags"] & DEFINITION)[0].astype(np.int64)

    @cached_property
    def docs_by_language(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for doc_id, (a, _b) in self._doc_ranges.items():
            out.setdefault(self.unit_language[a], []).append(doc_id)
        return out

    # --- passages: (unit, seq, start, end) rows in passages.npy ------------------------------

    @cached_property
    def _passages(self) -> np.ndarray:
        rel = PASSAGE_TABLE
        try:
            table = np.asarray(np.load(self.check.path(rel), mmap_mode="r", allow_pickle=False))
        except (OSError, ValueError) as exc:
            raise self._damaged(rel, f"unreadable ({exc.__class__.__name__})") from None
        expected = self.manifest.counts.get("passages")
        if table.ndim != 2 or table.shape[1] != 4 or (expected is not None and table.shape[0] != expected):
            raise self._damaged(rel, f"shape {table.shape}, the manifest says {expected} passages")
        return table

    @cached_property
    def passage_unit(self) -> np.ndarray:
        """For each passage, the position of its unit in `units` (non-decreasing: passages
        are written in unit order)."""
        pu = np.ascontiguousarray(self._passages[:, 0])
        if pu.size and (pu.min() < 0 or pu.max() >= len(self._table["doc"])):
            raise self._damaged(PASSAGE_TABLE, "a passage names a unit the index does not hold")
        return pu

    @cached_property
    def unit_passages(self) -> np.ndarray:
        """unit_passages[u]:unit_passages[u + 1] are the passage rows of unit u."""
        pu = self.passage_unit
        if pu.size and np.any(pu[1:] < pu[:-1]):
            raise self._damaged(PASSAGE_TABLE, "passages out of unit order")
        return np.searchsorted(pu, np.arange(len(self._table["doc"]) + 1), side="left").astype(np.int64)

    def passage_rows_of_units(self, units) -> np.ndarray:
        """Passage rows of the given unit positions, in unit order."""
        bounds = self.unit_passages
        parts = [np.arange(bounds[u], bounds[u + 1]) for u in units]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def max_per_unit(self, passage_scores: np.ndarray) -> np.ndarray:
        """Each unit's best passage score (0 for units without passages)."""
        out = np.zeros(len(self._table["doc"]), dtype=np.float32)
        bounds = self.unit_passages
        has = bounds[1:] > bounds[:-1]
        if passage_scores.size:
            out[has] = np.maximum.reduceat(passage_scores, bounds[:-1][has])
        return out

    @cached_property
    def passage_ids(self) -> dict[str, int]:
        """passage id ("doc::unit::seq") -> row (reads every unit: for tools, not queries)."""
        return {self.passage_id(i): i for i in range(self._passages.shape[0])}

    def passage_row(self, passage_id: str) -> int | None:
        """The row of a passage id ("doc::unit::seq"), reading only its document's units."""
        key, sep, seq = passage_id.rpartition("::")
        pos = self.unit_index.get(key) if sep and seq.isdigit() else None
        if pos is None:
            return None
        row = int(self.unit_passages[pos]) + int(seq)
        return row if row < int(self.unit_passages[pos + 1]) else None

    def passage_id(self, i: int) -> str:
        unit = self.units[int(self._passages[i, 0])]
        return f"{unit.doc_id}::{unit.unit}::{int(self._passages[i, 1])}"

    def passage(self, i: int) -> Passage:
        u, seq, start, end = (int(x) for x in self._passages[i])
        unit = self.units[u]
        return Passage(unit.doc_id, unit.unit, seq, start, end, unit.text[start:end])

    @cached_property
    def lexical_passages(self) -> LexicalIndex:
        return LexicalIndex.load(self.dir / "bm25-passages", lambda name: self.check.path(f"bm25-passages/{name}"))

    @cached_property
    def lexical_units(self) -> LexicalIndex:
        return LexicalIndex.load(self.dir / "bm25-units", lambda name: self.check.path(f"bm25-units/{name}"))

    @cached_property
    def vectors(self) -> MatrixVectors | VectorStore:
        """The passage vectors: the memory-mapped matrix, or the Chroma server's collection."""
        vs = self.manifest.vector_store
        dim = int(self.manifest.embedder.get("dim") or 0)
        if vs.get("kind") == "http":
            return VectorStore.open(StoreLocation("http", url=vs["url"]), vs["collection"], self.passage_row,
                                    self.passage_id)
        return self.matrix or MatrixVectors(self.check.path(VECTORS_FILE), self._passages.shape[0], dim,
                                            self.generation)

    @cached_property
    def matrix(self) -> MatrixVectors | None:
        """The generation's own vector matrix (also kept when a Chroma server holds the
        vectors), or None for a generation without one."""
        rel = self.manifest.vector_store.get("path")
        if not rel or rel not in self.manifest.files:
            return None
        dim = int(self.manifest.embedder.get("dim") or 0)
        return MatrixVectors(self.check.path(rel), self._passages.shape[0], dim, self.generation)

    @property
    def store(self) -> MatrixVectors | VectorStore:  # the name before the matrix store existed
        return self.vectors

    def similarities(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of a query vector to the given passage rows (from the
        local matrix when there is one, else from the Chroma server)."""
        local = self.matrix
        return (local if local is not None else self.vectors).similarities(vector, rows)

    def nearest(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(passage rows, cosine similarities) of the n passages nearest to a query vector,
        nearest first; within the given documents when doc_ids is not None."""
        vectors = self.vectors
        if isinstance(vectors, VectorStore):
            return vectors.nearest_in_docs(vector, n, doc_ids)
        rows = None
        if doc_ids is not None:
            units = [u for d in doc_ids for u in self.units_by_doc.get(d, [])]
            rows = self.passage_rows_of_units(sorted(units))
        return vectors.nearest(vector, n, rows)

    def verify(self) -> None:
        """Check every file byte for byte (what `kb index` and `kb doctor` do)."""
        gens.FileCheck(self.dir, self.manifest, None).all()
        _ = list(self.units), self._doc_ranges, self.passage_unit, self.unit_passages
        _ = self.lexical_passages, self.lexical_units
        if self.manifest.vector_store.get("kind") != "http":
            _ = self.vectors
