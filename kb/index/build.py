"""Building the index: incremental, crash-safe, one writer at a time.

Each run compares every available document's fingerprint (file hash, catalogue facts that
shape its units, parser version) with the current generation's manifest. Nothing changed:
done in well under a second. Otherwise changed documents are re-parsed, unchanged ones
reuse their units, passages are embedded only when their text is new to the embedding
cache, and a complete new generation is written and published atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import numpy as np

from ..catalog import Catalog
from ..config import Settings
from ..errors import IndexError_, KbError
from ..models import Document, Passage, Unit
from ..structure import STRUCTURE_VERSION, parse_document
from ..structure.passages import CHUNKER_VERSION, embed_text, split_unit
from . import generation as gens
from .cache import EmbeddingCache, content_key
from .embedders import canonical_spec, get_embedder
from .lexical import ANALYZER_VERSION, LexicalIndex
from .lock import IndexLock
from .store import VectorStore, location_for

EMBED_BATCH = 16


class Progress(Protocol):
    def message(self, text: str) -> None: ...
    def document(self, doc_id: str, position: int, total: int, to_embed: int) -> None: ...
    def embedded(self, doc_id: str, done: int, total: int) -> None: ...


class NullProgress:
    def message(self, text: str) -> None:
        pass

    def document(self, doc_id: str, position: int, total: int, to_embed: int) -> None:
        pass

    def embedded(self, doc_id: str, done: int, total: int) -> None:
        pass


@dataclass
class BuildReport:
    status: str  # "built" | "up-to-date"
    generation: str | None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    documents: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    units: int = 0
    passages: int = 0
    embedded: int = 0  # passages embedded in this run (the rest came from the cache)
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _checkpoint(stage: str) -> None:
    """Fault injection for the crash-safety tests: KB_FAULT_AT=<stage> makes the indexer
    kill itself with SIGKILL at that point, exactly like `kill -9` from outside."""
    if os.environ.get("KB_FAULT_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def fingerprint(doc: Document, content_hash: str) -> str:
    shaping = {
        "content": content_hash,
        "title": doc.title,
        "citation": doc.citation,
        "family": doc.family,
        "language": doc.language,
        "scheme": doc.scheme,
        "sequences": list(doc.sequences),
        "variant_of": doc.variant_of,
        "structure": STRUCTURE_VERSION,
    }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:32]


def _lexical_text(unit: Unit, body: str) -> str:
    return " ".join([*unit.heading, unit.title or "", body])


class Builder:
    def __init__(self, settings: Settings, catalog: Catalog, library, progress: Progress | None = None):
        self.settings = settings
        self.catalog = catalog
        self.library = library
        self.progress = progress or NullProgress()
        self.index_dir = settings.index_dir

    # --- what is there -----------------------------------------------------------

    def available(self) -> dict[str, tuple[Document, Path, str]]:
        """Catalogue documents whose text is in the library: id -> (doc, path, content hash)."""
        out = {}
        for doc in self.catalog:
            path = self.library.local_path(doc.id)
            if path is not None:
                out[doc.id] = (doc, path, self.library.content_hash(doc.id))
        return out

    def current(self) -> gens.Manifest | None:
        gen = gens.current_generation(self.index_dir)
        return gens.read_manifest(self.index_dir, gen) if gen else None

    def check_compatible(self, current: gens.Manifest, spec: str) -> None:
        built = current.embedder
        if built.get("spec") != spec:
            raise IndexError_(
                f"the index was built with embedder {built.get('spec')} ({built.get('dim')}-d vectors); "
                f"the current setting is {spec}. Run `kb index --rebuild` to re-embed with it "
                "(the current index stays usable until the new one is published)"
            )
        if current.chunker != CHUNKER_VERSION or current.analyzer != ANALYZER_VERSION:
            raise IndexError_(
                f"the index was built by another chunker/analyser ({current.chunker}/{current.analyzer}; "
                f"this kb uses {CHUNKER_VERSION}/{ANALYZER_VERSION}). Run `kb index --rebuild`"
            )

    # --- the build ---------------------------------------------------------------

    def run(self, embedder_spec: str | None = None, rebuild: bool = False, wait: bool = True) -> BuildReport:
        """Bring the index up to date. The embedder is the one asked for, else the one the
        current index was built with, else the default."""
        started = time.perf_counter()
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with IndexLock(self.index_dir / ".lock", wait=wait, on_wait=self.progress.message):
            current = self.current()
            asked = embedder_spec or self.settings.embedder
            spec = canonical_spec(asked or (current.embedder.get("spec") if current else None))
            report = self._run_locked(spec, rebuild)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def _run_locked(self, spec: str, rebuild: bool) -> BuildReport:
        current = self.current()
        self._remove_crashed_builds(current)
        if current is not None and not rebuild:
            self.check_compatible(current, spec)
        docs = self.available()
        prints = {doc_id: fingerprint(doc, h) for doc_id, (doc, _p, h) in docs.items()}
        store_kind = "http" if self.settings.chroma_url else "persistent"
        old_docs = current.documents if current else {}
        same_store = current is not None and current.vector_store.get("kind") == store_kind and (
            store_kind == "persistent" or current.vector_store.get("url") == self.settings.chroma_url
        )
        report = BuildReport(status="built", generation=None)
        report.added = sorted(set(prints) - set(old_docs))
        report.removed = sorted(set(old_docs) - set(prints))
        report.changed = sorted(d for d in prints if d in old_docs and old_docs[d].get("fingerprint") != prints[d])
        if current is not None and not rebuild and same_store and not (report.added or report.removed or report.changed):
            report.status = "up-to-date"
            report.generation = current.generation
            report.units = current.counts.get("units", 0)
            report.passages = current.counts.get("passages", 0)
            return report
        if not docs:
            raise IndexError_(
                "no documents to index: fetch them first (`kb corpus fetch`) or add your own (`kb add FILE ...`)"
            )

        embedder = get_embedder(spec)
        reuse = set() if (rebuild or current is None) else {d for d in prints if old_docs.get(d, {}).get("fingerprint") == prints[d]}
        units_by_doc = self._units(docs, reuse, current, report)
        _checkpoint("parsed")

        # Passages and their vectors, document by document (progress per document and batch).
        cache = EmbeddingCache(self.settings.indexes_dir / "cache" / "embeddings.sqlite", embedder.id, embedder.dim)
        all_units: list[Unit] = []
        passages: list[Passage] = []
        vectors: list[np.ndarray] = []
        embed_seconds = 0.0
        order = list(units_by_doc)
        try:
            for position, doc_id in enumerate(order, 1):
                doc = docs[doc_id][0]
                doc_units = units_by_doc[doc_id]
                doc_passages = [p for u in doc_units for p in split_unit(u)]
                by_key = {u.unit: u for u in doc_units}
                texts = [embed_text(doc, by_key[p.unit], p) for p in doc_passages]
                keys = [content_key(t) for t in texts]
                cached = cache.get_many(keys)
                missing = [i for i, k in enumerate(keys) if k not in cached]
                self.progress.document(doc_id, position, len(order), len(missing))
                for start in range(0, len(missing), EMBED_BATCH):
                    batch = missing[start : start + EMBED_BATCH]
                    t0 = time.perf_counter()
                    vecs = embedder.embed_passages([texts[i] for i in batch])
                    embed_seconds += time.perf_counter() - t0
                    cache.put_many([(keys[i], v) for i, v in zip(batch, vecs)])
                    cached.update({keys[i]: v for i, v in zip(batch, vecs)})
                    self.progress.embedded(doc_id, min(start + EMBED_BATCH, len(missing)), len(missing))
                all_units.extend(doc_units)
                passages.extend(doc_passages)
                vectors.extend(cached[k] for k in keys)
                report.embedded += len(missing)
                report.documents[doc_id] = {
                    "units": len(doc_units),
                    "passages": len(doc_passages),
                    "embedded": len(missing),
                    "fingerprint": prints[doc_id],
                    "content_sha256": docs[doc_id][2],
                }
        finally:
            cache.close()
        _checkpoint("embedded")
        report.embed_seconds = round(embed_seconds, 3)
        report.units, report.passages = len(all_units), len(passages)
        report.generation = self._write_generation(current, spec, embedder, all_units, passages, vectors, report)
        return report

    def _units(self, docs, reuse: set[str], current: gens.Manifest | None, report: BuildReport) -> dict[str, list[Unit]]:
        previous: dict[str, list[Unit]] = {}
        if reuse and current is not None:
            path = self.index_dir / current.generation / "units.jsonl"
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    unit = Unit.from_dict(json.loads(line))
                    if unit.doc_id in reuse:
                        previous.setdefault(unit.doc_id, []).append(unit)
        units: dict[str, list[Unit]] = {}
        for doc_id, (doc, path, _h) in docs.items():
            if doc_id in previous:
                units[doc_id] = previous[doc_id]
                continue
            self.progress.message(f"parsing {doc_id}")
            try:
                from ..readers import read

                parsed = parse_document(doc, read(path, max_bytes=self.settings.max_file_bytes))
            except KbError as exc:
                report.warnings.append(f"{doc_id}: skipped, {exc}")
                continue
            except Exception as exc:  # a parser bug must not take the other documents down
                report.warnings.append(f"{doc_id}: skipped, parser failed ({exc.__class__.__name__}: {exc})")
                continue
            report.warnings.extend(f"{doc_id}: {w}" for w in parsed.warnings[:5])
            units[doc_id] = parsed.units
        return _drop_variant_duplicates(units, docs)

    def _write_generation(self, current, spec, embedder, units, passages, vectors, report) -> str:
        gen = gens.next_generation(self.index_dir)
        gen_dir = self.index_dir / gen
        gen_dir.mkdir(parents=True)
        with open(gen_dir / "units.jsonl", "w", encoding="utf-8") as fh:
            for unit in units:
                fh.write(json.dumps(unit.to_dict(), ensure_ascii=False) + "\n")
        with open(gen_dir / "passages.jsonl", "w", encoding="utf-8") as fh:
            for p in passages:
                fh.write(json.dumps([p.doc_id, p.unit, p.seq, p.start, p.end], ensure_ascii=False) + "\n")
        from ..references import write_references  # explicit references, stored with each generation

        write_references(gen_dir, units, self.catalog, self.library)
        by_key = {u.key: u for u in units}
        LexicalIndex.build(
            [_lexical_text(by_key[p.unit_key], p.text) for p in passages],
            [by_key[p.unit_key].language for p in passages],
        ).save(gen_dir / "bm25-passages")
        LexicalIndex.build([_lexical_text(u, u.text) for u in units], [u.language for u in units]).save(gen_dir / "bm25-units")
        _checkpoint("lexical-written")

        location, collection = location_for(self.index_dir, gen, self.settings.chroma_url)
        self.progress.message(f"writing {len(passages)} vectors to {location.describe()}")
        store = VectorStore.create(location, collection)
        matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, embedder.dim), np.float32)
        store.add([p.id for p in passages], matrix, [{"doc_id": p.doc_id, "unit": p.unit, "seq": p.seq} for p in passages])
        _checkpoint("vectors-written")

        manifest = gens.Manifest(
            generation=gen,
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            embedder={"spec": spec, "id": embedder.id, "dim": embedder.dim},
            chunker=CHUNKER_VERSION,
            analyzer=ANALYZER_VERSION,
            structure=STRUCTURE_VERSION,
            vector_store={"kind": location.kind, "path": "chroma" if location.kind == "persistent" else None,
                          "url": location.url, "collection": collection},
            documents=report.documents,
            counts={"documents": len(report.documents), "units": len(units), "passages": len(passages)},
            timings={"embed_seconds": report.embed_seconds},
        )
        gens.write_manifest(gen_dir, manifest)
        gens.sync_tree(gen_dir)
        _checkpoint("before-publish")
        gens.publish(self.index_dir, gen)
        _checkpoint("after-publish")
        keep = {gen} | ({current.generation} if current else set())
        self._drop(gens.stale_generations(self.index_dir, keep))
        return gen

    def _remove_crashed_builds(self, current: gens.Manifest | None) -> None:
        """Generations newer than CURRENT are builds that died before publishing."""
        if current is None:
            stale = gens.stale_generations(self.index_dir, set())
        else:
            stale = [g for g in gens.stale_generations(self.index_dir, {current.generation}) if g > current.generation]
        self._drop(stale)

    def _drop(self, generations: list[str]) -> None:
        for gen in generations:
            try:
                manifest = gens.read_manifest(self.index_dir, gen)
                if manifest.vector_store.get("kind") == "http":
                    location, name = location_for(self.index_dir, gen, manifest.vector_store.get("url"))
                    VectorStore.drop(location, name)
            except (OSError, ValueError, KeyError, KbError):
                pass
            gens.remove_generation(self.index_dir, gen)


def _drop_variant_duplicates(units: dict[str, list[Unit]], docs) -> dict[str, list[Unit]]:
    """A variant copy (an OCR scan of a law also indexed from a clean text) contributes
    only the units its primary lacks, e.g. the Penjelasan."""
    out = dict(units)
    for doc_id, doc_units in units.items():
        primary = docs[doc_id][0].variant_of
        if primary and primary in units:
            have = {u.unit for u in units[primary]}
            out[doc_id] = [u for u in doc_units if u.unit not in have]
            if not out[doc_id]:
                del out[doc_id]
    return out
