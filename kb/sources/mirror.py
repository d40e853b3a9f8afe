"""A mirror directory of the corpus: finding a document in it, and copying it out."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import SourceError
from ..models import Document
from .files import CHUNK, _limit, sha256_file
from .reports import Progress


def _inside(base: Path, relative: str) -> Path | None:
    """`base/relative` if it stays inside `base` (also after following symlinks), else None."""
    rel = Path(relative)
    if not relative or rel.is_absolute() or ".." in rel.parts or "\\" in relative:
        return None
    candidate = base / rel
    try:
        resolved = candidate.resolve()
        if not resolved.is_relative_to(base.resolve()):
            return None
    except (OSError, RuntimeError):
        return None
    return candidate


class _Mirror:
    """A directory holding copies of corpus documents, optionally with a manifest.json."""

    def __init__(self, root: Path):
        self.root = root
        self.entries: dict[str, dict[str, Any]] = {}
        self._by_sha: dict[str, Path] | None = None
        manifest = root / "manifest.json"
        if manifest.exists():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                entries = data["documents"]
                self.entries = {e["id"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}
            except (OSError, ValueError, KeyError, TypeError):
                raise SourceError(f"{manifest}: not a valid mirror manifest (expected a 'documents' list)") from None

    def locate(self, doc: Document, scan: bool, max_bytes: int | None = None) -> tuple[Path, str | None] | None:
        """(file, manifest sha256) of a document in the mirror, or None. Paths that would
        leave the mirror directory are refused."""
        entry = self.entries.get(doc.id)
        if entry is not None and entry.get("file"):
            rel = str(entry["file"])
            path = _inside(self.root, rel)
            if path is None:
                raise SourceError(f"{doc.id}: the mirror manifest's path {rel!r} leaves {self.root}; refused")
            if path.is_file():
                sha = entry.get("sha256")
                return path, sha if isinstance(sha, str) else None
        if doc.file:
            path = _inside(self.root, doc.file)
            if path is None:
                raise SourceError(f"{doc.id}: the catalogue's path {doc.file!r} leaves {self.root}; refused")
            if path.is_file():
                return path, None
        if scan and doc.sha256:
            found = self._scan(max_bytes).get(doc.sha256)
            if found is not None:
                return found, None
        return None

    def _scan(self, max_bytes: int | None) -> dict[str, Path]:
        if self._by_sha is None:
            self._by_sha = {}
            base = self.root.resolve()
            for path in sorted(self.root.rglob("*")):
                try:
                    if not path.is_file() or not path.resolve().is_relative_to(base):
                        continue
                    if max_bytes is not None and path.stat().st_size > max_bytes:
                        continue
                    self._by_sha.setdefault(sha256_file(path), path)
                except OSError:
                    continue
        return self._by_sha


def _copy_capped(
    doc_id: str, src: Path, rel: str, fh: BinaryIO, cap: int, progress: Progress | None
) -> tuple[str, int]:
    """Copy mirror file `src` (`rel` in messages) into `fh`, refusing more than `cap`
    bytes. Returns (sha256, bytes copied)."""
    h, done = hashlib.sha256(), 0
    total = src.stat().st_size
    with open(src, "rb") as inp:
        while chunk := inp.read(CHUNK):
            done += len(chunk)
            if done > cap:
                raise SourceError(
                    f"{doc_id}: {rel} is over the {_limit(cap)} limit; raise KB_MAX_FILE_MB if it is genuine"
                )
            fh.write(chunk)
            h.update(chunk)
            if progress:
                progress(doc_id, done, total)
    return h.hexdigest(), done
