"""Embeddings by content hash (the simonw/llm way): a passage whose embedded text did not
change is never embedded again, whatever happened to the index around it. SQLite in WAL
mode commits each batch, so work done before a crash is kept.

A damaged cache is never trusted: a database SQLite cannot read, or vectors that are not
unit vectors of the embedder's dimension, make the cache be set aside (renamed
`embeddings.sqlite.damaged-<time>`) and started afresh; the build then embeds what it
needs and says so. An error that is not damage is never taken for it: a full disk (SQLite
says "disk I/O error", SQLITE_IOERR_SHMSIZE, when it cannot grow its shared-memory file on
a full tmpfs) raises CacheFull, another I/O error CacheUnusable, and the file is kept as
it is (a good cache of a full disk was set aside as damaged, and everything embedded again
once there was space).
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

SIDE_FILES = ("", "-wal", "-shm", "-journal")


def content_key(text: str) -> str:
    """The cache key of an embedded text: sha256 of its UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plausible(vec: np.ndarray, dim: int) -> bool:
    """A cached vector kb may use: the right length, finite, unit norm (every embedder kb
    uses normalises)."""
    if vec.shape != (dim,) or not np.all(np.isfinite(vec)):
        return False
    return abs(float(vec @ vec) - 1.0) < 1e-2


class CacheFull(OSError):
    """The disk under the cache is full."""


class CacheUnusable(OSError):
    """The cache cannot be read or written for a reason other than damage (an I/O error);
    the file is left as it is."""


# Space under which an I/O error of SQLite is taken for a full disk: its WAL and
# shared-memory files need room to grow before anything is written.
LOW_SPACE_BYTES = 4 * 1024 * 1024


class EmbeddingCache:
    """Vectors by (embedder id, content key). `warnings` collects what was set aside."""

    def __init__(self, path: Path, embedder_id: str, dim: int, read_only: bool = False):
        self.path = path
        self.embedder_id = embedder_id
        self.dim = dim
        self.read_only = read_only
        self.warnings: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._open()

    # --- opening, and setting a damaged file aside ---------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS embeddings ("
                " embedder TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL,"
                " PRIMARY KEY (embedder, key))"
            )
            db.commit()
        # A cheap structural check (milliseconds for the mirror's ~6 MB): a truncated or
        # overwritten file fails here instead of in the middle of a build.
        row = db.execute("PRAGMA quick_check").fetchone()
        if not row or row[0] != "ok":
            db.close()
            raise sqlite3.DatabaseError(f"quick_check: {row[0] if row else 'no answer'}")
        return db

    def _open(self) -> None:
        if self.read_only and not self.path.exists():
            return
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            self._refuse_unless_damaged(exc)
            if self.read_only:
                self.warnings.append(f"the embedding cache {self.path} is damaged ({exc}); not used")
                self._db = None
                return
            self._set_aside(str(exc))
            self._reconnect()

    def _refuse_unless_damaged(self, exc: sqlite3.DatabaseError) -> None:
        """Raise CacheFull or CacheUnusable for an error that is no damage of the file, so
        the file is not set aside for it; return for damage."""
        if _is_full(exc, self.path.parent):
            raise CacheFull(errno.ENOSPC, f"no space left for the embedding cache ({self.path})") from None
        if _is_io_error(exc):
            self.close()
            raise CacheUnusable(errno.EIO, f"the embedding cache {self.path} cannot be read or written ({exc}); "
                                           "it is kept as it is: check the disk") from None

    def _reconnect(self) -> None:
        """A fresh database where the damaged one was; a full disk is said as such."""
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            self._refuse_unless_damaged(exc)
            raise

    def _set_aside(self, why: str) -> None:
        """Move the damaged database (and its WAL) away, keeping it for inspection."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in SIDE_FILES:
            src = Path(str(self.path) + suffix)
            if src.exists():
                src.replace(Path(str(target) + suffix))
        self.warnings.append(
            f"the embedding cache was damaged ({why}); set aside as {target.name}, a new one was started "
            "(passages not in the shipped vectors are embedded again)"
        )

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        self._refuse_unless_damaged(exc)
        if self.read_only:
            self._db = None
            return
        self._set_aside(str(exc))
        self._reconnect()

    # --- reading and writing --------------------------------------------------------------

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the keys that have one (others are left out)."""
        if self._db is None:
            return {}
        try:
            return self._get_many(keys)
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return {}

    def _get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        bad = 0
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(  # type: ignore[union-attr]
                f"SELECT key, vector FROM embeddings WHERE embedder = ? AND key IN ({','.join('?' * len(chunk))})",
                [self.embedder_id, *chunk],
            )
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32) if isinstance(blob, bytes) and len(blob) % 4 == 0 \
                    else np.zeros(0, np.float32)
                if plausible(vec, self.dim):
                    found[key] = vec
                else:
                    bad += 1
        if bad:
            self.warnings.append(f"{bad} cached vectors were not valid unit vectors; they were embedded again")
        return found

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        if self._db is None or self.read_only:
            return
        rows = [(self.embedder_id, key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items]
        for attempt in (1, 2):
            try:
                self._db.executemany("INSERT OR REPLACE INTO embeddings (embedder, key, vector) VALUES (?, ?, ?)", rows)
                self._db.commit()
                return
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    raise
                self._recover(exc)
                if self._db is None:
                    return

    def count(self) -> int:
        if self._db is None:
            return 0
        return int(self._db.execute("SELECT count(*) FROM embeddings WHERE embedder = ?", [self.embedder_id]).fetchone()[0])

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def _is_full(exc: BaseException, folder: Path | None = None) -> bool:
    """SQLite's "database or disk is full", or an I/O error while `folder`'s device has
    almost no space left (SQLite's words for a WAL or shared-memory file it cannot grow)."""
    text = str(exc).lower()
    if "disk is full" in text or "no space" in text or getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
        return True
    return folder is not None and _is_io_error(exc) and free_bytes(folder) < LOW_SPACE_BYTES


def _is_io_error(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_IOERR") or "disk i/o error" in str(exc).lower()


def free_bytes(folder: Path) -> int:
    """Bytes free on the file system holding `folder` (or its nearest existing parent); 0
    when none can be read."""
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return 0


def check_sqlite(path: Path, read: Callable[[sqlite3.Connection], str]) -> tuple[str, str]:
    """("ok" | "damaged", detail) of an SQLite file opened read-only (for `kb doctor`): its
    quick_check, then `read(db)`, which returns the detail or raises sqlite3.DatabaseError
    (the embedding cache, the follow-up tracker)."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("PRAGMA quick_check").fetchone()
            if not row or row[0] != "ok":
                return "damaged", f"quick_check: {row[0] if row else 'no answer'}"
            return "ok", read(db)
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):  # another kb process writing: no damage
            return "ok", "in use by another kb process (not checked now)"
        return "damaged", str(exc)
    except sqlite3.DatabaseError as exc:
        return "damaged", str(exc)


def check_cache(path: Path) -> tuple[str, str]:
    """("ok" | "absent" | "damaged", detail) of an embedding cache, read-only (for `kb doctor`)."""
    if not path.exists():
        return "absent", "no embedding cache yet"

    def counts(db: sqlite3.Connection) -> str:
        rows = db.execute("SELECT embedder, count(*) FROM embeddings GROUP BY embedder").fetchall()
        return ", ".join(f"{n:,} vectors of {e}" for e, n in rows) or "empty"

    return check_sqlite(path, counts)
