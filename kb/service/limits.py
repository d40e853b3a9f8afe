"""Bounded work for the HTTP service: how many requests run at once, and for how long.

The library's calls are synchronous and CPU-bound (embedding, scoring), so each runs in a
worker thread; the event loop only waits for it. A request beyond `max_concurrent` is
refused at once (503 `busy`) rather than queued: a queue would let a burst turn into
timeouts for everyone. A request whose work overruns `timeout_s` is answered 503
`timeout`; a Python thread cannot be killed, so its slot is released only when the work
really ends, which keeps an overloaded server from accepting more than it can do.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class ServiceError(Exception):
    """An error answered as JSON: {"error": code, "message": message}, with `status`."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class Gate:
    """At most `slots` pieces of work at once, each waited for at most `timeout_s`."""

    def __init__(self, slots: int, timeout_s: float):
        self.slots = slots
        self.timeout_s = timeout_s
        self._free = threading.BoundedSemaphore(slots)
        self._pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="kb-serve")
        self._lock = threading.Lock()
        self._busy = 0

    @property
    def in_flight(self) -> int:
        """Pieces of work running now (timed-out work included until it ends)."""
        return self._busy

    def _release(self, _future) -> None:
        with self._lock:
            self._busy -= 1
        self._free.release()

    async def run(self, fn: Callable[[], T]) -> T:
        """fn() in a worker thread. Raises ServiceError 503 `busy` when every slot is
        taken, 503 `timeout` when fn has not returned within timeout_s."""
        if not self._free.acquire(blocking=False):
            raise ServiceError(
                503, "busy",
                f"the server is already working on {self.slots} requests (its limit); retry in a moment",
                {"Retry-After": "1"},
            )
        with self._lock:
            self._busy += 1
        try:
            future = self._pool.submit(fn)
        except BaseException:
            self._release(None)
            raise
        future.add_done_callback(self._release)
        waited = asyncio.wrap_future(future)
        # nobody reads the outcome of work that overran: retrieve it, so asyncio does not
        # log "exception was never retrieved" for an error nobody waits for any more
        waited.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            # shield: a timeout must not try to cancel the thread's future (it cannot
            # stop a running thread anyway); the slot is released by the callback.
            return await asyncio.wait_for(asyncio.shield(waited), self.timeout_s)
        except asyncio.TimeoutError:
            raise ServiceError(
                503, "timeout",
                f"the request took longer than {self.timeout_s:g} s, this server's limit per request; "
                "narrow the query (filters, a smaller k) or try again",
                {"Retry-After": "5"},
            ) from None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
