"""Building the index: incremental, crash-safe, self-repairing, one writer at a time.

Each run first verifies the current generation byte for byte (a damaged one is rebuilt,
a missing CURRENT pointer is restored to the newest intact generation), then compares
every available document's fingerprint (file hash, catalogue facts that shape its units,
parser version) with the manifest. Nothing changed: done in well under a second.
Otherwise changed documents are re-parsed, unchanged ones reuse their units, a passage's
vector comes from the embedding cache or from the vectors shipped with kb when its text
is known there and is embedded otherwise, and a complete new generation is written and
published atomically. Nothing intact is deleted to make room; a build that runs out of
space removes its own partial generation and says how much it needs.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import numpy as np

from ..catalog import Catalog
from ..config import Settings
from ..errors import IndexDamaged, IndexError_, KbError
from ..models import Document, Passage, Unit
from ..structure import STRUCTURE_VERSION, parse_document
from ..structure.passages import CHUNKER_VERSION, embed_text, split_unit
from . import generation as gens
from .cache import CacheFull, EmbeddingCache, content_key, free_bytes
from .embedders import canonical_spec, get_embedder
from .lexical import ANALYZER_VERSION, STEMS_FILE, LexicalIndex, read_stem_table, stem_table, write_stem_table
from .lock import IndexLock
from .store import VECTORS_FILE, VectorStore, check_server, handover_note, location_for, write_matrix

# Passages per embedding call (bench/speed.py measured batch sizes on the mirror).
EMBED_BATCH = 16
# Set KB_SHIPPED_VECTORS=0 to embed everything (the benchmark's "without shipped vectors").
SHIPPED_ENV = "KB_SHIPPED_VECTORS"


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

    def overall(self, done: int, total: int, seconds: float) -> None:
        pass


def _overall(progress, done: int, total: int, seconds: float) -> None:
    """Progress of the whole embedding stage (optional method: older Progress objects
    without it still work)."""
    method = getattr(progress, "overall", None)
    if method is not None:
        method(done, total, seconds)


@dataclass
class BuildReport:
    status: str  # "built" | "up-to-date" | "repaired"
    generation: str | None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    documents: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # not problems: e.g. the scale-out hint
    repaired: list[str] = field(default_factory=list)  # what was damaged and rebuilt or restored
    units: int = 0
    passages: int = 0
    embedded: int = 0  # passages embedded in this run
    cached: int = 0  # vectors from the home's embedding cache
    shipped: int = 0  # vectors from the vectors shipped with kb
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class DocPlan:
    """One document's share of a build: its units, passages and what gets embedded."""

    doc: Document
    units: list[Unit]
    passages: list[Passage]
    texts: list[str]  # the embedded text of each passage (context line + passage)
    keys: list[str]  # content key of each text


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


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n / 1e3:,.0f} kB"


def _write_failure(exc: OSError, where: Path, needed: int | None = None) -> IndexError_:
    """One line for a write that failed: a read-only home, no space, no permission."""
    code = exc.errno
    if code is None and free_bytes(where) < max(needed or 0, 1_000_000):
        code = errno.ENOSPC  # a short write reported without errno (numpy: "N requested and M written")
    if code in (errno.ENOSPC, errno.EDQUOT):
        free = free_bytes(where)
        need = f"needs about {_mb(needed)}; " if needed else ""
        return IndexError_(
            f"no space left on the device of {where} ({need}{_mb(free)} free): free some space or move "
            "KB_HOME, then run `kb index` again; the current index is unchanged"
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "a read-only file system" if code == errno.EROFS else "not writable by this user"
        return IndexError_(
            f"cannot write to {exc.filename or where} ({why}): `kb index` needs a writable home "
            "(searching works as it is); set KB_HOME or --home to a writable copy"
        )
    return IndexError_(f"cannot write the index in {where} ({exc.strerror or exc}); the current index is unchanged")


class Builder:
    def __init__(self, settings: Settings, catalog: Catalog, library, progress: Progress | None = None):
        self.settings = settings
        self.catalog = catalog
        self.library = library
        self.progress = progress or NullProgress()
        self.index_dir = settings.index_dir
        self._kept: dict[str, str] = {}  # hand-edited documents kept at their indexed version: id -> fingerprint
        self._damaged: list[str] = []  # generations found damaged (dropped once a new one is published)
        self._lost_spec: str | None = None  # the embedder of a damaged current generation

    # --- what is there -----------------------------------------------------------

    def available(self, current: gens.Manifest | None = None,
                  report: BuildReport | None = None) -> dict[str, tuple[Document, Path, str]]:
        """Catalogue documents whose text is in the library: id -> (doc, path, content hash).

        A file edited by hand after it was stored is kept at the version the index holds
        (with a warning naming both ways out) instead of being dropped or silently
        re-indexed: the user decides."""
        out = {}
        edited_of = getattr(self.library, "edited", None)
        for doc in self.catalog:
            edited = edited_of(doc.id) if edited_of is not None else None
            if edited is not None:
                self._keep_edited(doc, edited, current, report, out)
                continue
            path = self.library.local_path(doc.id)
            if path is not None:
                out[doc.id] = (doc, path, self.library.content_hash(doc.id))
                continue
            damaged_of = getattr(self.library, "damaged_record", None)
            kept = damaged_of(doc.id) if damaged_of is not None else None
            if kept is not None:
                self._keep_damaged(doc, kept, current, report, out)
        return out

    def _keep_damaged(self, doc: Document, kept: Path, current: gens.Manifest | None,
                      report: BuildReport | None, out: dict) -> None:
        """A document whose record (meta.json) became unreadable: its indexed version is kept
        and the build says why. It was dropped from the index without a word ("1 removed"),
        and searches then said "not indexed yet: run `kb index`", which could not help."""
        indexed = current.documents.get(doc.id) if current is not None else None
        fix = "`kb corpus status` says how to restore it"
        if indexed and indexed.get("fingerprint"):
            self._kept[doc.id] = indexed["fingerprint"]
            out[doc.id] = (doc, kept, indexed.get("content_sha256") or "")
            line = f"{doc.id}: its record meta.json is missing or unreadable; the index keeps the version it holds: {fix}"
        else:
            line = f"{doc.id}: its record meta.json is missing or unreadable, so it is not indexed: {fix}"
        if report is not None:
            report.warnings.append(line)

    def _keep_edited(self, doc: Document, meta: dict, current: gens.Manifest | None,
                     report: BuildReport | None, out: dict) -> None:
        from ..sources.library import edit_choices

        indexed = current.documents.get(doc.id) if current is not None else None
        choices = edit_choices(doc)
        if indexed and indexed.get("fingerprint"):
            self._kept[doc.id] = indexed["fingerprint"]
            out[doc.id] = (doc, self.library.folder(doc.id) / meta["file"], indexed.get("content_sha256") or "")
            line = f"{doc.id}: its library file was edited by hand; the index keeps the stored version until you choose: {choices}"
        else:
            line = f"{doc.id}: its library file was edited by hand and is not indexed until you choose: {choices}"
        if report is not None:
            report.warnings.append(line)

    def current(self) -> gens.Manifest | None:
        gen = gens.current_generation(self.index_dir)
        return gens.read_manifest(self.index_dir, gen) if gen else None

    def _current_checked(self, report: BuildReport) -> gens.Manifest | None:
        """The current generation once verified byte for byte. When CURRENT is missing,
        broken or names a damaged generation, the newest intact generation becomes current
        again (re-published at once, so searches work while the build runs) and the build
        redoes only what differs from it; nothing intact is thrown away. None when no
        intact generation exists."""
        gen = gens.pointer(self.index_dir)
        pointed = gen is not None and (self.index_dir / gen).is_dir()
        if pointed:
            try:
                return gens.verify_generation(self.index_dir, gen)
            except IndexDamaged as exc:
                self._damaged.append(gen)
                report.repaired.append(gen)
                report.warnings.append(f"{_first_clause(str(exc))}: rebuilt from the library")
                try:  # keep its embedder when its manifest is still readable
                    self._lost_spec = gens.read_manifest(self.index_dir, gen).embedder.get("spec")
                except (IndexDamaged, AttributeError):
                    pass
        for candidate in reversed(gens.generations(self.index_dir)):
            if candidate in self._damaged or (pointed and candidate > gen):
                continue  # damaged, or a build newer than CURRENT that never published
            if not (self.index_dir / candidate / gens.MANIFEST).exists():
                continue  # a build that died before writing its manifest
            try:
                manifest = gens.verify_generation(self.index_dir, candidate)
            except IndexDamaged:
                self._damaged.append(candidate)
                continue
            state = "damaged" if (self.index_dir / gens.CURRENT).exists() else "missing"
            gens.publish(self.index_dir, candidate)
            if not pointed:
                report.repaired.append("CURRENT")
                report.warnings.append(f"the index pointer (CURRENT) was {state}; restored to {candidate}, "
                                       "the newest intact generation")
            else:
                report.warnings.append(f"searches use {candidate}, the newest intact generation, until the "
                                       "rebuild is published")
            return manifest
        return None

    def check_compatible(self, current: gens.Manifest, spec: str) -> None:
        built = current.embedder
        if built.get("spec") != spec:
            raise IndexError_(
                f"the index was built with embedder {built.get('spec')} ({built.get('dim')}-d vectors); "
                f"the current setting is {spec}. Run `kb index --rebuild` to re-embed with it "
                "(the current index stays usable until the new one is published)"
            )

    # --- the build ---------------------------------------------------------------

    def run(self, embedder_spec: str | None = None, rebuild: bool = False, wait: bool = True) -> BuildReport:
        """Bring the index up to date. The embedder is the one asked for, else the one the
        current index was built with, else the default.

        Raises IndexError_ (one line) for what the user must fix: another build running
        (with wait=False), an incompatible embedder, no documents, a home that cannot be
        written, no space left (the current index is then unchanged)."""
        started = time.perf_counter()
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            with IndexLock(self.index_dir / ".lock", wait=wait, on_wait=self.progress.message):
                report = BuildReport(status="built", generation=None)
                current = self._current_checked(report)
                asked = embedder_spec or self.settings.embedder
                spec = canonical_spec(asked or self._lost_spec or (current.embedder.get("spec") if current else None))
                if current is not None and self._lost_spec and current.embedder.get("spec") != spec:
                    rebuild = True  # the generation restored was made with another embedder than the damaged one
                self._run_locked(spec, rebuild, current, report)
        except CacheFull as exc:
            raise _write_failure(exc, self.settings.indexes_dir) from None
        except OSError as exc:
            raise _write_failure(exc, self.index_dir) from None
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def _run_locked(self, spec: str, rebuild: bool, current: gens.Manifest | None, report: BuildReport) -> None:
        self._remove_crashed_builds(current)
        if current is not None and not rebuild:
            self.check_compatible(current, spec)
            if current.chunker != CHUNKER_VERSION or current.analyzer != ANALYZER_VERSION:
                # An index of an older kb (passages cut or words analysed otherwise): every
                # document is read again; vectors of unchanged passages come from the cache.
                report.notes.append(f"the index was built by another chunker/analyser ({current.chunker}/"
                                    f"{current.analyzer}; this kb uses {CHUNKER_VERSION}/{ANALYZER_VERSION}): "
                                    "every document is indexed again")
                rebuild = True
        store_kind = "http" if self.settings.chroma_url else "matrix"
        if store_kind == "http":
            check_server(self.settings.chroma_url)  # before any parsing or embedding
        docs = self.available(current, report)
        prints = {doc_id: self._kept.get(doc_id) or fingerprint(doc, h) for doc_id, (doc, _p, h) in docs.items()}
        old_docs = current.documents if current else {}
        same_store = current is not None and current.vector_store.get("kind") == store_kind and (
            store_kind == "matrix" or current.vector_store.get("url") == self.settings.chroma_url
        )
        report.added = sorted(set(prints) - set(old_docs))
        report.removed = sorted(set(old_docs) - set(prints))
        report.changed = sorted(d for d in prints if d in old_docs and old_docs[d].get("fingerprint") != prints[d])
        if current is not None and not rebuild and same_store and not (report.added or report.removed or report.changed):
            report.status = "repaired" if report.repaired else "up-to-date"
            report.generation = current.generation
            report.units = current.counts.get("units", 0)
            report.passages = current.counts.get("passages", 0)
            note = handover_note(report.passages, current.vector_store.get("kind", "matrix"))
            if note:
                report.notes.append(note)
            return
        if not docs:
            raise IndexError_(
                "no documents to index: fetch them first (`kb corpus fetch`) or add your own (`kb add FILE ...`)"
            )

        embedder = get_embedder(spec)
        reuse = set(self._kept)
        if not rebuild and current is not None:
            reuse |= {d for d in prints if old_docs.get(d, {}).get("fingerprint") == prints[d]}
        plan = self.plan(docs, reuse, current, report)
        _checkpoint("parsed")
        vectors = self._vectors(plan, embedder, report)
        _checkpoint("embedded")
        for doc_id, item in plan.items():
            report.documents[doc_id] = {
                "units": len(item.units),
                "passages": len(item.passages),
                "embedded": report.documents.get(doc_id, {}).get("embedded", 0),
                "fingerprint": prints[doc_id],
                "content_sha256": docs[doc_id][2],
            }
        report.units = sum(len(item.units) for item in plan.values())
        report.passages = sum(len(item.passages) for item in plan.values())
        report.generation = self._write_generation(current, spec, embedder, plan, vectors, report)
        note = handover_note(report.passages, "http" if self.settings.chroma_url else "matrix")
        if note:
            report.notes.append(note)

    def plan(self, docs, reuse: set[str], current: gens.Manifest | None,
             report: BuildReport | None = None) -> dict[str, DocPlan]:
        """Units (parsed, or reused from the current generation), passages and the text
        each passage is embedded as, document by document in catalogue order."""
        units_by_doc = self._units(docs, reuse, current, report or BuildReport(status="built", generation=None))
        out: dict[str, DocPlan] = {}
        for doc_id, doc_units in units_by_doc.items():
            doc = docs[doc_id][0]
            passages = [p for u in doc_units for p in split_unit(u)]
            by_key = {u.unit: u for u in doc_units}
            texts = [embed_text(doc, by_key[p.unit], p) for p in passages]
            out[doc_id] = DocPlan(doc, doc_units, passages, texts, [content_key(t) for t in texts])
        return out

    def _vectors(self, plan: dict[str, DocPlan], embedder, report: BuildReport) -> dict[str, np.ndarray]:
        """A vector for every passage key of the plan: from the embedding cache, then the
        shipped vectors, the rest embedded (progress per document and overall)."""
        cache_path = self.settings.indexes_dir / "cache" / "embeddings.sqlite"
        cache = EmbeddingCache(cache_path, embedder.id, embedder.dim)
        try:
            keys = list(dict.fromkeys(k for item in plan.values() for k in item.keys))
            have = cache.get_many(keys)
            report.cached = len(have)
            if os.environ.get(SHIPPED_ENV, "1") not in ("0", "no", "false"):
                from .shipped import ShippedVectors

                shipped = ShippedVectors.for_embedder(embedder.id, embedder.dim)
                if shipped is not None:
                    got = shipped.get_many([k for k in keys if k not in have])
                    have.update(got)
                    report.shipped = len(got)
            todo: dict[str, list[int]] = {}
            seen: set[str] = set(have)
            for doc_id, item in plan.items():
                rows = []
                for i, k in enumerate(item.keys):
                    if k not in seen:
                        seen.add(k)
                        rows.append(i)
                todo[doc_id] = rows
            total = sum(len(r) for r in todo.values())
            known = f"{len(have):,} vectors known ({report.shipped:,} shipped with kb, {report.cached:,} cached)"
            if total:
                needed = total * (embedder.dim * 4 + 300)
                if free_bytes(cache_path.parent) < needed:
                    raise CacheFull(errno.ENOSPC, "no space for the embedding cache")
                self.progress.message(f"embedding {total:,} passages; {known}")
            else:
                self.progress.message(f"nothing to embed: {known}")
            done = 0
            embed_seconds = 0.0
            for position, (doc_id, item) in enumerate(plan.items(), 1):
                rows = todo[doc_id]
                if not rows:
                    report.documents[doc_id] = {"embedded": 0}
                    continue
                self.progress.document(doc_id, position, len(plan), len(rows))
                for start in range(0, len(rows), EMBED_BATCH):
                    batch = rows[start : start + EMBED_BATCH]
                    t0 = time.perf_counter()
                    vecs = embedder.embed_passages([item.texts[i] for i in batch])
                    embed_seconds += time.perf_counter() - t0
                    pairs = [(item.keys[i], v) for i, v in zip(batch, vecs)]
                    cache.put_many(pairs)
                    have.update(pairs)
                    done += len(batch)
                    _overall(self.progress, done, total, embed_seconds)
                    self.progress.embedded(doc_id, min(start + EMBED_BATCH, len(rows)), len(rows))
                report.embedded += len(rows)
                report.documents[doc_id] = {"embedded": len(rows)}
            report.embed_seconds = round(embed_seconds, 3)
            return have
        except sqlite3.DatabaseError as exc:
            if "full" in str(exc).lower():
                raise CacheFull(errno.ENOSPC, str(exc)) from None
            raise IndexError_(f"the embedding cache {cache_path} failed ({exc}); run `kb index` again") from None
        finally:
            cache.close()
            report.warnings.extend(cache.warnings)

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
            if doc_id in self._kept:
                continue  # edited by hand and not in the index any more: nothing to keep
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

    # --- writing a generation --------------------------------------------------------

    def _write_generation(self, current, spec, embedder, plan: dict[str, DocPlan],
                          vectors: "dict[str, np.ndarray] | np.ndarray", report: BuildReport) -> str:
        """Write a complete generation folder, record every file's size and checksum in
        its manifest, publish it. To add a file to every generation, write it into
        `gen_dir` in `_write_files` (or a function called from there): the manifest
        records it and readers can verify it with `IndexSnapshot.check.path(name)`."""
        units = [u for item in plan.values() for u in item.units]
        passages = [p for item in plan.values() for p in item.passages]
        keys = [k for item in plan.values() for k in item.keys]
        if isinstance(vectors, np.ndarray):  # already one row per passage, in plan order
            matrix = np.asarray(vectors, dtype=np.float32)
        else:
            matrix = np.empty((len(keys), embedder.dim), dtype=np.float32)
            for i, k in enumerate(keys):
                matrix[i] = vectors[k]
        store_kind = "http" if self.settings.chroma_url else "matrix"
        needed = self._space_needed(units, passages, matrix, store_kind)
        free = free_bytes(self.index_dir)
        if free < needed and not os.environ.get("KB_TEST_NO_SPACE_CHECK"):  # the tests fill a disk mid-write
            raise _write_failure(OSError(errno.ENOSPC, "no space"), self.index_dir, needed)

        gen = gens.next_generation(self.index_dir)
        gen_dir = self.index_dir / gen
        gen_dir.mkdir(parents=True)
        try:
            vector_store = self._write_files(gen, gen_dir, units, passages, matrix, store_kind, current)
            manifest = gens.Manifest(
                generation=gen,
                created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                embedder={"spec": spec, "id": embedder.id, "dim": embedder.dim},
                chunker=CHUNKER_VERSION,
                analyzer=ANALYZER_VERSION,
                structure=STRUCTURE_VERSION,
                vector_store=vector_store,
                documents=report.documents,
                counts={"documents": len(report.documents), "units": len(units), "passages": len(passages)},
                timings={"embed_seconds": report.embed_seconds},
                files=gens.record_files(gen_dir),
            )
            gens.write_manifest(gen_dir, manifest)
            gens.sync_tree(gen_dir)
        except BaseException as exc:
            # No partial generation is left behind (it would eat the space that was left).
            self._drop([gen])
            if isinstance(exc, OSError):
                raise _write_failure(exc, self.index_dir, needed) from None
            raise
        _checkpoint("before-publish")
        gens.publish(self.index_dir, gen)
        _checkpoint("after-publish")
        keep = {gen} | ({current.generation} if current else set())
        self._drop(gens.stale_generations(self.index_dir, keep))
        return gen

    def _write_files(self, gen: str, gen_dir: Path, units: list[Unit], passages: list[Passage], matrix: np.ndarray,
                     store_kind: str, current: gens.Manifest | None = None) -> dict:
        """The generation's files; returns the manifest's vector_store entry."""
        write_unit_files(gen_dir, units, passages)
        from ..references import write_references  # explicit references, stored with each generation

        write_references(gen_dir, units, self.catalog, self.library)
        by_key = {u.key: u for u in units}
        LexicalIndex.build(
            [_lexical_text(by_key[p.unit_key], p.text) for p in passages],
            [by_key[p.unit_key].language for p in passages],
        ).save(gen_dir / "bm25-passages")
        LexicalIndex.build([_lexical_text(u, u.text) for u in units], [u.language for u in units]).save(gen_dir / "bm25-units")
        previous = read_stem_table(self.index_dir / current.generation / STEMS_FILE) if current is not None else None
        write_stem_table(gen_dir / STEMS_FILE, stem_table((_lexical_text(u, u.text) for u in units), previous))
        _checkpoint("lexical-written")

        # The matrix is written in both cases: with a Chroma server, the server answers the
        # nearest-neighbour query (HNSW) and the matrix the exact similarities of the
        # lexical candidates (a few rows read from disk instead of a round trip per query:
        # bench/speed.py measured 391 ms vs 205 ms per search at 185,000 passages).
        write_matrix(gen_dir / VECTORS_FILE, matrix)
        if store_kind == "matrix":
            _checkpoint("vectors-written")
            return {"kind": "matrix", "path": VECTORS_FILE, "dtype": "float32", "url": None, "collection": None}
        location, collection = location_for(self.index_dir, gen, self.settings.chroma_url)
        self.progress.message(f"writing {len(passages):,} vectors to the Chroma server at {location.describe()}")
        store = VectorStore.create(location, collection)
        store.add([p.id for p in passages], matrix, [{"doc_id": p.doc_id, "unit": p.unit, "seq": p.seq} for p in passages])
        _checkpoint("vectors-written")
        return {"kind": "http", "path": VECTORS_FILE, "dtype": "float32", "url": location.url, "collection": collection}

    @staticmethod
    def _space_needed(units: list[Unit], passages: list[Passage], matrix: np.ndarray, store_kind: str) -> int:
        """What a new generation takes on disk, within a few per cent (text as JSON, BM25
        arrays ~12 bytes per indexed token, the vector matrix)."""
        text = sum(len(u.text) for u in units)
        units_json = int(text * 1.25) + 400 * len(units)
        passages_json = 60 * len(passages)
        words = sum(len(p.text.split()) for p in passages) + text // 6
        lexical = 12 * words + 65536
        vectors = matrix.nbytes
        return units_json + passages_json + lexical + vectors + 1_000_000

    def _remove_crashed_builds(self, current: gens.Manifest | None) -> None:
        """Generations newer than CURRENT are builds that died before publishing; without a
        current generation, only folders that never got a manifest (nothing intact goes)."""
        if current is None:
            stale = [g for g in gens.generations(self.index_dir)
                     if not (self.index_dir / g / gens.MANIFEST).exists() and g not in self._damaged]
        else:
            stale = [g for g in gens.stale_generations(self.index_dir, {current.generation}) if g > current.generation]
        self._drop(stale)

    def _drop(self, generations: list[str]) -> None:
        for gen in generations:
            try:
                manifest = gens.read_manifest(self.index_dir, gen)
                if manifest.vector_store.get("kind") == "http":
                    location, name = location_for(self.index_dir, gen, manifest.vector_store.get("url"))
                    VectorStore.drop(location, manifest.vector_store.get("collection") or name)
            except (OSError, ValueError, KeyError, KbError):
                pass
            gens.remove_generation(self.index_dir, gen)


def write_unit_files(gen_dir: Path, units: list[Unit], passages: list[Passage]) -> None:
    """units.jsonl (one unit a line, in document order), its table (line offsets, document,
    language and flags of each unit) and the passage table (unit position, seq, start, end)."""
    from .snapshot import PASSAGE_TABLE, UNIT_DTYPE, UNIT_NAMES, UNIT_TABLE, unit_flags

    offsets = np.zeros(len(units) + 1, dtype=np.int64)
    docs: dict[str, int] = {}
    langs: dict[str, int] = {}
    doc = np.zeros(len(units), dtype=np.int32)
    lang = np.zeros(len(units), dtype=np.int8)
    flags = np.zeros(len(units), dtype=np.uint8)
    position: dict[str, int] = {}
    with open(gen_dir / "units.jsonl", "wb") as fh:
        for i, unit in enumerate(units):
            line = (json.dumps(unit.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
            fh.write(line)
            offsets[i + 1] = offsets[i] + len(line)
            doc[i] = docs.setdefault(unit.doc_id, len(docs))
            lang[i] = langs.setdefault(unit.language, len(langs))
            flags[i] = unit_flags(unit)
            position[unit.key] = i
    table = np.zeros(len(units), dtype=UNIT_DTYPE)
    table["start"], table["end"] = offsets[:-1], offsets[1:]
    table["doc"], table["lang"], table["flags"] = doc, lang, flags
    np.save(gen_dir / UNIT_TABLE, table)
    (gen_dir / UNIT_NAMES).write_text(json.dumps({"docs": list(docs), "langs": list(langs)}, ensure_ascii=False),
                                      encoding="utf-8")
    rows = np.zeros((len(passages), 4), dtype=np.int32)
    for i, p in enumerate(passages):
        rows[i] = (position[p.unit_key], p.seq, p.start, p.end)
    np.save(gen_dir / PASSAGE_TABLE, rows)


def _first_clause(text: str) -> str:
    return text.split("; run `kb index`")[0]


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
