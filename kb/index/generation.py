"""Index generations: each build writes a complete new folder, then one atomic rename of
the CURRENT pointer publishes it. Readers follow CURRENT, so they see the previous index
or the new one, never a half-written one; a build killed at any moment leaves CURRENT on
the previous generation."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
FORMAT = 1
_GEN = re.compile(r"^g(\d{6})$")


@dataclass
class Manifest:
    generation: str
    created_at: str
    embedder: dict[str, Any]  # spec, id, dim
    chunker: str
    analyzer: str
    structure: str
    vector_store: dict[str, Any]  # kind, path|url, collection
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> fingerprint, counts
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
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


def current_generation(index_dir: Path) -> str | None:
    try:
        gen = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return gen if _GEN.match(gen) and (index_dir / gen / MANIFEST).exists() else None


def read_manifest(index_dir: Path, generation: str) -> Manifest:
    data = json.loads((index_dir / generation / MANIFEST).read_text(encoding="utf-8"))
    return Manifest.from_dict(data)


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
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(generation + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def stale_generations(index_dir: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in index_dir.glob("g*") if _GEN.match(p.name) and p.name not in keep)


def remove_generation(index_dir: Path, generation: str) -> None:
    shutil.rmtree(index_dir / generation, ignore_errors=True)
    for tmp in index_dir.glob(".CURRENT.*.tmp"):
        tmp.unlink(missing_ok=True)
