"""One writer per index. An advisory lock (flock) is released by the kernel when its holder
dies, even by kill -9, so a crashed build never leaves the index locked."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import IndexError_


class IndexLock:
    def __init__(self, path: Path, wait: bool = True, timeout: float | None = None,
                 on_wait: Callable[[str], None] | None = None):
        self.path = path
        self.wait = wait
        self.timeout = timeout
        self.on_wait = on_wait
        self._fh = None

    def _holder(self) -> str:
        try:
            pid = self.path.read_text().strip()
            return f"pid {pid}" if pid else "another process"
        except OSError:
            return "another process"

    def __enter__(self) -> "IndexLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._holder()
            if not self.wait:
                fh.close()
                raise IndexError_(
                    f"another `kb index` ({holder}) is updating this index; wait for it to finish "
                    "(searches keep working meanwhile) or run without --no-wait to queue"
                ) from None
            if self.on_wait:
                self.on_wait(f"another `kb index` ({holder}) is updating this index; waiting for it...")
            deadline = None if self.timeout is None else time.monotonic() + self.timeout
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        fh.close()
                        raise IndexError_(f"gave up waiting for the other `kb index` ({holder})") from None
                    time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc) -> None:
        if self._fh is not None:
            try:
                self._fh.seek(0)
                self._fh.truncate()
            finally:
                fcntl.flock(self._fh, fcntl.LOCK_UN)
                self._fh.close()
                self._fh = None
