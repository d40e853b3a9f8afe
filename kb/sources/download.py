"""Downloading a document over HTTP(S): retries, resuming, size limits, safe redirects."""

from __future__ import annotations

import errno
import http.client
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import BinaryIO

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
    where the last one stopped. Returns bytes written; raises SourceError."""
    done = 0
    last: str = ""
    for attempt in range(attempts):
        if attempt:
            delay = retry_delays[min(attempt - 1, len(retry_delays) - 1)] if retry_delays else 0
            time.sleep(delay)
        try:
            # What the temp file holds is what was received intact so far.
            done = _attempt(doc_id, url, fh, fh.seek(0, os.SEEK_END), cap, progress, timeout)
            break
        except _Retry as exc:
            last = str(exc)
    else:
        raise SourceError(f"{doc_id}: download failed after {attempts} attempts ({last}) from {url}")
    return done


def _attempt(
    doc_id: str, url: str, fh: BinaryIO, done: int, cap: int, progress: Progress | None, timeout: float
) -> int:
    """One HTTP request, resuming at `done` when the server allows it. Returns bytes
    written. Raises _Retry for failures worth another attempt, SourceError otherwise."""
    headers = {"User-Agent": "kb (migrant-workers law knowledge base)", "Accept-Encoding": "identity"}
    if done:
        headers["Range"] = f"bytes={done}-"
    try:
        resp = _opener().open(urllib.request.Request(url, headers=headers), timeout=timeout)
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
            while chunk := resp.read(CHUNK):
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
        if total is not None and done < total:
            fh.flush()
            raise _Retry(f"connection dropped after {done} of {total} bytes")
    return done


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-HTTP address {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """http(s) only (no file:, ftp:, data:), proxies from the environment."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
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
