"""Small file helpers shared by the library, the mirror and downloads."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

CHUNK = 64 * 1024


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


def _limit(n: int) -> str:
    return f"{n / 1048576:g} MB"


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
