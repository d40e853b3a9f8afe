"""Index generations: each build writes a complete new folder, then one atomic rename of
the CURRENT pointer publishes it. Readers follow CURRENT, so they see the previous index
or the new one, never a half-written one; a build killed at any moment leaves CURRENT on
the previous generation.

Every generation checks itself: its manifest records the size and sha256 of each file
written into the folder (whatever wrote it), and readers verify what they read against
that record (`FileCheck`), so a truncated or altered file is reported as damage, with its
fix, instead of surfacing as a parser's traceback or a wrong result.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import IndexDamaged

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
# 1: vectors in an embedded chroma database, no file checksums.
# 2: vectors in a memory-mapped matrix (vectors.npy) or a Chroma server; every file's
#    size and sha256 in the manifest.
FORMAT = 2
_GEN = re.compile(r"^g(\d{6})$")
# Files up to this size are checksummed when a searcher first reads them (the whole
# mirror's generation, ~9 MB, costs ~10 ms once per process); larger ones are checked by
# size and structure when read, and byte for byte by `kb index` and `kb doctor`, so a
# cold query on a large home does not read gigabytes to verify them.
VERIFY_ON_READ_BYTES = 64 * 1024 * 1024
# What every generation of this format holds (besides the manifest).
REQUIRED_FILES = ("units.jsonl", "unit-table.npy", "unit-table.json", "passages.npy", "stems-id.json",
                  "bm25-passages/vocab.index.json", "bm25-units/vocab.index.json")
REPAIR = "run `kb index` to rebuild it (vectors come from the embedding cache, so it is quick)"


@dataclass
class Manifest:
    generation: str
    created_at: str
    embedder: dict[str, Any]  # spec, id, dim
    chunker: str
    analyzer: str
    structure: str
    vector_store: dict[str, Any]  # kind ("matrix" | "http"), path|url, collection
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> fingerprint, counts
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # relative path -> {bytes, sha256}
    format: int = FORMAT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Manifest":
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _fsync_dir(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pointer(index_dir: Path) -> str | None:
    """What CURRENT names, if it names a generation folder at all (not checked further)."""
    try:
        gen = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
    return gen if _GEN.match(gen) else None


def current_generation(index_dir: Path) -> str | None:
    gen = pointer(index_dir)
    return gen if gen and (index_dir / gen / MANIFEST).exists() else None


def generations(index_dir: Path) -> list[str]:
    """Every generation folder, oldest first (complete or not)."""
    try:
        return sorted(p.name for p in index_dir.iterdir() if _GEN.match(p.name) and p.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def read_manifest(index_dir: Path, generation: str) -> Manifest:
    """The generation's manifest. Raises IndexDamaged when it is missing or malformed."""
    path = index_dir / generation / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest.from_dict(data)
        if manifest.generation != generation or not isinstance(manifest.embedder, dict) \
                or not isinstance(manifest.vector_store, dict) or not isinstance(manifest.documents, dict) \
                or not isinstance(manifest.files, dict) or not isinstance(manifest.counts, dict):
            raise ValueError("unexpected content")
        return manifest
    except FileNotFoundError:
        raise IndexDamaged(f"index generation {generation} is damaged ({MANIFEST} is missing); {REPAIR}") from None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        why = "not valid JSON" if isinstance(exc, json.JSONDecodeError) else f"unreadable, {exc.__class__.__name__}"
        raise IndexDamaged(f"index generation {generation} is damaged ({MANIFEST}: {why}); {REPAIR}") from None


def next_generation(index_dir: Path) -> str:
    numbers = [int(m.group(1)) for p in index_dir.glob("g*") if (m := _GEN.match(p.name))]
    return f"g{max(numbers, default=0) + 1:06d}"


def write_manifest(gen_dir: Path, manifest: Manifest) -> None:
    path = gen_dir / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_files(gen_dir: Path) -> dict[str, dict[str, Any]]:
    """Size and sha256 of every file in a generation folder but the manifest (whoever
    wrote it: a file another module adds to the generation is covered too)."""
    out: dict[str, dict[str, Any]] = {}
    for root, _dirs, files in os.walk(gen_dir):
        for name in files:
            path = Path(root) / name
            rel = path.relative_to(gen_dir).as_posix()
            if rel in (MANIFEST, MANIFEST.replace(".json", ".tmp")):
                continue
            out[rel] = {"bytes": path.stat().st_size, "sha256": sha256_of(path)}
    return dict(sorted(out.items()))


class FileCheck:
    """Verifies a generation's files against its manifest, each once per instance:
    presence and size always, sha256 for files up to `limit` bytes (None: all)."""

    def __init__(self, gen_dir: Path, manifest: Manifest, limit: int | None = VERIFY_ON_READ_BYTES):
        self.dir = gen_dir
        self.manifest = manifest
        self.limit = limit
        self._done: set[str] = set()

    def damaged(self, rel: str, why: str) -> IndexDamaged:
        return IndexDamaged(f"index generation {self.manifest.generation} is damaged ({rel}: {why}); {REPAIR}")

    def path(self, rel: str) -> Path:
        """The file's path once verified. Raises IndexDamaged."""
        path = self.dir / rel
        if rel in self._done:
            return path
        record = self.manifest.files.get(rel)
        if record is None:
            raise self.damaged(rel, "not listed in the manifest")
        try:
            size = path.stat().st_size
        except OSError:
            raise self.damaged(rel, "missing") from None
        if size != record.get("bytes"):
            raise self.damaged(rel, f"{size:,} bytes, the manifest says {record.get('bytes'):,}")
        if self.limit is None or size <= self.limit:
            try:
                digest = sha256_of(path)
            except OSError as exc:
                raise self.damaged(rel, f"unreadable ({exc.strerror or exc})") from None
            if digest != record.get("sha256"):
                raise self.damaged(rel, "its content differs from what was written (checksum mismatch)")
        self._done.add(rel)
        return path

    def all(self) -> None:
        """Verify every recorded file (and that nothing recorded is missing)."""
        for rel in self.manifest.files:
            self.path(rel)


def verify_generation(index_dir: Path, generation: str, full: bool = True) -> Manifest:
    """The manifest of a generation whose every file checks out. Raises IndexDamaged
    (with the file and the fix) otherwise, or for a generation in an older format."""
    manifest = read_manifest(index_dir, generation)
    expected = set(REQUIRED_FILES) | ({"vectors.npy"} if manifest.vector_store.get("kind") == "matrix" else set())
    if manifest.format != FORMAT or not manifest.files or not expected <= set(manifest.files):
        raise IndexDamaged(
            f"index generation {generation} was written by another version of kb (format {manifest.format}); "
            "run `kb index` to bring it up to date (vectors come from the embedding cache)"
        )
    FileCheck(index_dir / generation, manifest, None if full else VERIFY_ON_READ_BYTES).all()
    return manifest


def sync_tree(path: Path) -> None:
    """Flush a generation's files to disk before it is published."""
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                with open(os.path.join(root, name), "rb") as fh:
                    os.fsync(fh.fileno())
            except OSError:
                pass
        _fsync_dir(Path(root))


def publish(index_dir: Path, generation: str) -> None:
    """Point CURRENT at `generation` in one atomic step."""
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".CURRENT.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(generation + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / CURRENT)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(index_dir)


def stale_generations(index_dir: Path, keep: set[str]) -> list[str]:
    return [g for g in generations(index_dir) if g not in keep]


def size_on_disk(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def remove_generation(index_dir: Path, generation: str) -> None:
    shutil.rmtree(index_dir / generation, ignore_errors=True)
    for tmp in index_dir.glob(".CURRENT.*.tmp"):
        tmp.unlink(missing_ok=True)
