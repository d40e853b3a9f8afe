"""Downloading a document over HTTP(S): retries, resuming, size limits, safe redirects,
and an overall deadline and minimum rate (kb.limits), so that a server that answers a
byte at a time cannot keep kb busy: the per-read timeout alone never fires for it."""

from __future__ import annotations

import contextlib
import errno
import functools
import http.client
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from typing import Any, BinaryIO

from .. import limits
from ..errors import SourceError
from .files import CHUNK, _limit, _mb
from .reports import Progress


class _Retry(Exception):
    """A download attempt failed in a way worth another try."""


def _download_into(
    doc_id: str, url: str, fh: BinaryIO, cap: int, progress: Progress | None, *,
    attempts: int, retry_delays: tuple[float, ...], timeout: float,
) -> int:
    """Download `url` into the temp file `fh`, with up to `attempts` attempts that resume
    where the last one stopped, all within KB_DOWNLOAD_SECONDS; an attempt slower than
    KB_DOWNLOAD_MIN_RATE (over KB_DOWNLOAD_RATE_WINDOW seconds) ends the download.
    Returns bytes written; raises SourceError."""
    deadline = limits.Deadline(limits.value("download_seconds"))
    min_rate, window = limits.value("download_min_rate"), limits.value("download_rate_window")
    done = 0
    last: str = ""
    for attempt in range(attempts):
        if attempt:
            delay = retry_delays[min(attempt - 1, len(retry_delays) - 1)] if retry_delays else 0
            time.sleep(max(0.0, min(delay, deadline.remaining())))
        if deadline.expired():
            break
        watch = _Watchdog(deadline, min_rate, window)
        watch.start()
        try:
            # What the temp file holds is what was received intact so far.
            done = _attempt(doc_id, url, fh, fh.seek(0, os.SEEK_END), cap, progress,
                            min(timeout, max(0.1, deadline.remaining())), watch)
            break
        except _Retry as exc:
            if watch.reason:  # the watchdog ended it: a deadline or a trickle, not worth retrying
                raise SourceError(f"{doc_id}: {watch.reason}, downloading {url}; try again later, "
                                  "or import the file from a mirror with `kb corpus fetch --from DIR`") from None
            last = str(exc)
        finally:
            watch.stop()
    else:
        raise SourceError(f"{doc_id}: download failed after {attempts} attempts ({last}) from {url}")
    if deadline.expired() and not done:
        raise SourceError(f"{doc_id}: gave up after {deadline.seconds:g} s (KB_DOWNLOAD_SECONDS) "
                          f"({last or 'no answer'}) from {url}")
    return done


class _Watchdog:
    """Ends a download attempt that passes the overall deadline or receives less than the
    minimum rate over a window, by shutting its socket down: a read blocked on a server
    that trickles returns at once. `received` is updated by the reader; `reason` says why
    the watchdog ended the attempt (None: it did not)."""

    def __init__(self, deadline: limits.Deadline, min_rate: float, window: float):
        self.deadline, self.min_rate, self.window = deadline, min_rate, window
        self.received = 0
        self.reason: str | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def watch(self, sock: Any) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.reason:
                _shutdown(sock)

    def start(self) -> None:
        threading.Thread(target=self._run, name="kb-download-watchdog", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        start = time.monotonic()
        samples: deque[tuple[float, int]] = deque([(start, 0)])
        while not self._stopped.wait(min(0.25, max(0.01, self.deadline.remaining()))):
            now = time.monotonic()
            if self.deadline.expired():
                return self._trip(f"the download took longer than {self.deadline.seconds:g} s (KB_DOWNLOAD_SECONDS)")
            samples.append((now, self.received))
            while len(samples) > 1 and samples[1][0] <= now - self.window:
                samples.popleft()
            since, base = samples[0]
            span = now - since
            if self.min_rate > 0 and span >= self.window and self.received - base < self.min_rate * span:
                return self._trip(
                    f"the server sent {self.received - base:,} bytes in {span:.0f} s, below the minimum of "
                    f"{self.min_rate:g} bytes/s (KB_DOWNLOAD_MIN_RATE)"
                )

    def _trip(self, reason: str) -> None:
        with self._lock:
            self.reason = reason
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: Any) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _attempt(
    doc_id: str, url: str, fh: BinaryIO, done: int, cap: int, progress: Progress | None, timeout: float,
    watch: _Watchdog | None = None,
) -> int:
    """One HTTP request, resuming at `done` when the server allows it. Returns bytes
    written. Raises _Retry for failures worth another attempt, SourceError otherwise.
    `watch` sees the connection's socket and every byte received."""
    headers = {"User-Agent": "kb (migrant-workers law knowledge base)", "Accept-Encoding": "identity"}
    if done:
        headers["Range"] = f"bytes={done}-"
    watch = watch or _Watchdog(limits.Deadline(float("inf")), 0, 1)
    try:
        resp = _opener(watch).open(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416 and done:
            fh.seek(0)
            fh.truncate()
            raise _Retry("the server refused to resume") from None
        if exc.code >= 500 or exc.code in (408, 429):
            raise _Retry(f"HTTP {exc.code} {exc.reason}") from None
        raise SourceError(f"{doc_id}: HTTP {exc.code} {exc.reason} from {url}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ssl.SSLCertVerificationError):
            raise SourceError(f"{doc_id}: cannot download {url}: {reason}") from None
        if isinstance(reason, socket.gaierror) or (
            isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN)
        ):  # offline, or no such host: retrying will not help
            raise SourceError(_unreachable(doc_id, url)) from None
        if isinstance(reason, OSError):
            raise _Retry(f"cannot connect: {_describe(reason)}") from None
        raise SourceError(f"{doc_id}: cannot download {url}: {reason}") from None
    except (http.client.HTTPException, OSError) as exc:
        raise _Retry(f"connection failed: {_describe(exc)}") from None
    except ValueError as exc:  # a malformed URL
        raise SourceError(f"{doc_id}: cannot download {url}: {exc}") from None
    with resp:
        start = 0
        if resp.status == 206:
            m = re.match(r"bytes (\d+)-\d+/(\d+|\*)", resp.headers.get("Content-Range", ""))
            if not (done and m and int(m.group(1)) == done):
                fh.seek(0)
                fh.truncate()
                raise _Retry("the server sent an unexpected part of the file")
            start = done
        else:  # a full response: start over
            fh.seek(0)
            fh.truncate()
            done = 0
        fh.seek(start)
        length = resp.headers.get("Content-Length")
        total = start + int(length) if length and length.isdigit() else None
        if total is not None and total > cap:
            raise SourceError(
                f"{doc_id}: the download is {_mb(total)}, over the {_limit(cap)} limit "
                "(raise KB_MAX_FILE_MB if it is genuine); refused"
            )
        try:
            # read1: what has arrived, after at most one network read (read(n) waits for n
            # bytes, so a server trickling a byte at a time would keep it there for ever).
            while chunk := resp.read1(CHUNK):
                watch.received += len(chunk)
                done += len(chunk)
                if done > cap:
                    raise SourceError(
                        f"{doc_id}: the download passed the {_limit(cap)} limit "
                        "(raise KB_MAX_FILE_MB if it is genuine); refused"
                    )
                fh.write(chunk)
                if progress:
                    progress(doc_id, done, total)
        except (http.client.HTTPException, OSError) as exc:
            fh.flush()
            raise _Retry(f"connection dropped after {done} bytes: {_describe(exc)}") from None
        if watch.reason:  # the watchdog closed the connection: what came is not the whole file
            fh.flush()
            raise _Retry(watch.reason)
        if total is not None and done < total:
            fh.flush()
            raise _Retry(f"connection dropped after {done} of {total} bytes")
    return done


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-HTTP address {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _WatchedHTTP(urllib.request.HTTPHandler):
    """HTTP whose connections show their socket to the attempt's watchdog."""

    def __init__(self, watch: _Watchdog):
        super().__init__()
        self._watch = watch

    def http_open(self, req):  # type: ignore[override]
        return self.do_open(functools.partial(_connection(http.client.HTTPConnection), watch=self._watch), req)


class _WatchedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watchdog):
        super().__init__()
        self._watch = watch

    def https_open(self, req):  # type: ignore[override]
        kwargs: dict[str, Any] = {"context": self._context}
        if getattr(self, "_check_hostname", None) is not None:  # Python < 3.12
            kwargs["check_hostname"] = self._check_hostname
        return self.do_open(functools.partial(_connection(http.client.HTTPSConnection), watch=self._watch), req,
                            **kwargs)


@functools.lru_cache(maxsize=2)
def _connection(base: type) -> type:
    class Watched(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, watch: _Watchdog, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._kb_watch = watch

        def connect(self) -> None:
            super().connect()
            self._kb_watch.watch(self.sock)

    return Watched


def _opener(watch: _Watchdog | None = None) -> urllib.request.OpenerDirector:
    """http(s) only (no file:, ftp:, data:), proxies from the environment; connections
    watched by `watch` (deadline, minimum rate)."""
    watch = watch or _Watchdog(limits.Deadline(float("inf")), 0, 1)
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _WatchedHTTP(watch),
        _WatchedHTTPS(watch),
        urllib.request.HTTPDefaultErrorHandler(),
        _SafeRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _unreachable(doc_id: str, url: str) -> str:
    """What to do when the network cannot be reached: the file to get elsewhere, and how
    to add it."""
    host = urllib.parse.urlsplit(url).hostname or url
    return (f"{doc_id}: the network is unreachable (cannot reach {host}); download {url} where the network "
            f"allows, then add the file with `kb add FILE --id {doc_id}`")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return "incomplete read"
    if isinstance(exc, socket.timeout):
        return "timed out"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
