"""A read-only view of one published index generation: units, passages, the lexical
indexes and the vector collection (opened lazily: a citation lookup needs none of them)."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import IndexError_
from ..models import Passage, Unit
from . import generation as gens
from .lexical import LexicalIndex
from .store import StoreLocation, VectorStore


class IndexSnapshot:
    def __init__(self, index_dir: Path, manifest: gens.Manifest):
        self.index_dir = index_dir
        self.manifest = manifest
        self.dir = index_dir / manifest.generation

    @classmethod
    def open(cls, index_dir: Path) -> "IndexSnapshot":
        gen = gens.current_generation(index_dir)
        if gen is None:
            raise IndexError_(f"no index at {index_dir} yet: build it with `kb index`")
        return cls(index_dir, gens.read_manifest(index_dir, gen))

    @property
    def generation(self) -> str:
        return self.manifest.generation

    def is_current(self) -> bool:
        return gens.current_generation(self.index_dir) == self.generation

    @cached_property
    def units(self) -> list[Unit]:
        with open(self.dir / "units.jsonl", encoding="utf-8") as fh:
            return [Unit.from_dict(json.loads(line)) for line in fh]

    @cached_property
    def unit_index(self) -> dict[str, int]:
        return {u.key: i for i, u in enumerate(self.units)}

    @cached_property
    def units_by_doc(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i, u in enumerate(self.units):
            out.setdefault(u.doc_id, []).append(i)
        return out

    @cached_property
    def units_by_language(self) -> dict[str, np.ndarray]:
        out: dict[str, list[int]] = {}
        for i, u in enumerate(self.units):
            out.setdefault(u.language, []).append(i)
        return {lang: np.asarray(rows, dtype=np.int64) for lang, rows in out.items()}

    @cached_property
    def unit_language(self) -> list[str]:
        return [u.language for u in self.units]

    @cached_property
    def general_units(self) -> np.ndarray:
        """Preambles, considerations and general elucidations."""
        names = {"Preamble", "Menimbang", "Mengingat", "Penjelasan Umum"}
        return np.asarray([i for i, u in enumerate(self.units) if u.unit in names], dtype=np.int64)

    @cached_property
    def definition_units(self) -> np.ndarray:
        """Articles that define the instrument's terms (a statute's Pasal 1, "Definitions")."""
        rows = []
        for i, u in enumerate(self.units):
            title = (u.title or "").lower()
            heading = " ".join(u.heading).lower()
            defines = u.unit == "Pasal 1" and "yang dimaksud dengan" in u.text[:160].lower()
            if title.startswith("definition") or defines or (u.unit == "Pasal 1" and "ketentuan umum" in heading):
                rows.append(i)
        return np.asarray(rows, dtype=np.int64)

    @cached_property
    def docs_by_language(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for doc_id, rows in self.units_by_doc.items():
            out.setdefault(self.units[rows[0]].language, []).append(doc_id)
        return out

    @cached_property
    def _passage_rows(self) -> list[list]:
        with open(self.dir / "passages.jsonl", encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]

    @cached_property
    def passage_unit(self) -> np.ndarray:
        """For each passage, the position of its unit in `units`."""
        idx = self.unit_index
        return np.fromiter((idx[f"{r[0]}::{r[1]}"] for r in self._passage_rows), dtype=np.int32, count=len(self._passage_rows))

    @cached_property
    def passage_ids(self) -> dict[str, int]:
        return {f"{r[0]}::{r[1]}::{r[2]}": i for i, r in enumerate(self._passage_rows)}

    def passage(self, i: int) -> Passage:
        doc_id, unit, seq, start, end = self._passage_rows[i]
        text = self.units[int(self.passage_unit[i])].text[start:end]
        return Passage(doc_id, unit, seq, start, end, text)

    @cached_property
    def lexical_passages(self) -> LexicalIndex:
        return LexicalIndex.load(self.dir / "bm25-passages")

    @cached_property
    def lexical_units(self) -> LexicalIndex:
        return LexicalIndex.load(self.dir / "bm25-units")

    @cached_property
    def store(self) -> VectorStore:
        vs = self.manifest.vector_store
        if vs.get("kind") == "http":
            location = StoreLocation("http", url=vs["url"])
        else:
            location = StoreLocation("persistent", path=str(self.dir / (vs.get("path") or "chroma")))
        return VectorStore.open(location, vs["collection"])
