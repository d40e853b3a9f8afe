"""kb's stdio transport for `kb mcp`: the SDK's server behind a line filter.

The `mcp` SDK's stdio reader takes every line as it comes: a line that is not JSON, or JSON
that is no JSON-RPC message (a batch array, `"id": null`), was dropped without a word, so a
client waiting for the answer to a garbled request waited for ever; a line with no newline
was read into memory whole (400 MB of it gave a 0.5 GB server); and when the client closed
stdin right after its last request (`printf '...' | kb mcp`), the requests still being
worked on were cancelled and never answered.

Here every line is read with a bound and checked before the SDK sees it:

- a line longer than `max_line_bytes` is skipped without being kept (a -32600 error naming
  the bound, with the request's id read from its first bytes, so the client is answered), not UTF-8 or not JSON gives -32700 (parse error), JSON that is no JSON-RPC
  message gives -32600 (invalid request), each with `"id": null` unless the line's own id
  can be read, and reading goes on with the next line;
- at the end of stdin, the requests already read are answered (within `drain_seconds`)
  before the server stops.

As with the SDK's own transport, fd 0 and fd 1 point elsewhere while kb serves (the null
device, stderr), so nothing kb or a library prints can tear a protocol message.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import threading
from contextlib import contextmanager
from typing import Any, Iterator

import anyio
import mcp_types as types
from pydantic import ValidationError

from kb.errors import InputError
from kb.validate import json_value

log = logging.getLogger("kb.mcp")

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
CHUNK = 64 * 1024


def _readable_id(value: Any) -> int | str | None:
    """The id to answer with: the message's own when it is one JSON-RPC allows (a string or
    a whole number, never true/false), else null."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return None


def error_line(code: int, message: str, msg_id: int | str | None = None) -> str:
    """One JSON-RPC error response, as the line written to stdout."""
    return json.dumps({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}},
                      ensure_ascii=False) + "\n"


def too_long(size: int, max_line_bytes: int, head: bytes = b"") -> str:
    """The error for a line over the bound (its bytes were dropped as they came, but the
    first HEAD_BYTES: `head`), answered with the request's id when `head` holds it, so the
    client waiting for that request is answered (with id null it waited for ever)."""
    return error_line(INVALID_REQUEST, f"message of {size:,} bytes refused: kb mcp reads messages of at most "
                                       f"{max_line_bytes:,} bytes, one per line", head_id(head))


# How much of an over-long line is kept to find its id (clients write "id" before "params").
HEAD_BYTES = 4096
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_ID_VALUE = re.compile(r'\s*:\s*(-?\d{1,18}(?![\d.eE])|"(?:[^"\\\x00-\x1f]|\\.){0,200}")')


def head_id(head: bytes) -> int | str | None:
    """The top-level "id" of a JSON-RPC message from its first bytes (the rest unread), or
    None: the object's own key only, never one nested in its params."""
    text = head.decode("utf-8", "replace")
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            m = _JSON_STRING.match(text, i)
            if m is None:
                return None
            i = m.end()
            if depth == 1 and m.group() == '"id"':
                value = _ID_VALUE.match(text, i)
                if value is not None:
                    try:
                        return _readable_id(json.loads(value.group(1)))
                    except ValueError:
                        return None
            continue
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
        i += 1
    return None


def check_line(raw: bytes, max_line_bytes: int) -> tuple[str | None, str | None, Any]:
    """What one line of stdin (without its newline) is: (text for the SDK, None, parsed) for
    a JSON-RPC message, (None, error response line, None) for anything else, (None, None,
    None) for a blank line (skipped, as the SDK's reader would)."""
    if len(raw) > max_line_bytes:
        return None, too_long(len(raw), max_line_bytes, raw[:HEAD_BYTES]), None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, error_line(PARSE_ERROR, f"Parse error: not UTF-8 (byte {exc.start + 1} is "
                                             f"0x{raw[exc.start]:02x}); send each message as one line of UTF-8 JSON"), None
    if not text.strip():
        return None, None, None
    try:
        value = json_value(text)
    except InputError as exc:
        return None, error_line(PARSE_ERROR, f"Parse error: {exc}; send each message as one line of JSON"), None
    if isinstance(value, list):
        return None, error_line(INVALID_REQUEST, "Invalid Request: a batch (a JSON array) is not supported; "
                                                 "send one JSON-RPC message per line"), None
    msg_id = _readable_id(value.get("id")) if isinstance(value, dict) else None
    if isinstance(value, dict) and "id" in value and msg_id is None:
        # {"id": null, "method": ...} validates as a notification and was dropped unanswered
        return None, error_line(INVALID_REQUEST, f"Invalid Request: the id {json.dumps(value['id'])[:40]} is not a "
                                                 "string or a whole number; give each request its own id"), None
    try:
        types.jsonrpc_message_adapter.validate_python(value, by_name=False)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if not str(x).startswith("JSONRPC"))
        why = f" ({where}: {first.get('msg')})" if where and first.get("msg") else ""
        return None, error_line(INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message" + why +
                                '; e.g. {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}', msg_id), None
    return text, None, value


class _Wire:
    """Both ends of the protocol: lines read from the client's stdin with a bound, whole
    lines written to its stdout, and the requests read but not yet answered."""

    def __init__(self, in_fd: int, out_fd: int, max_line_bytes: int, drain_seconds: float) -> None:
        self.in_fd, self.out_fd = in_fd, out_fd
        self.max_line_bytes, self.drain_seconds = max_line_bytes, drain_seconds
        self._write_lock = threading.Lock()
        self._pending: set[Any] = set()
        self._answered = anyio.Event()

    # -- the client's stdin, as the SDK's reader iterates it ---------------------------------

    def __aiter__(self):
        return self._lines()

    async def _lines(self):
        buffer = bytearray()
        skipping = 0  # bytes of an over-long line dropped so far (never kept)
        head = b""  # its first HEAD_BYTES, to answer with its id
        eof = False
        while not eof:
            chunk = await anyio.to_thread.run_sync(self._read, abandon_on_cancel=True)
            eof = not chunk
            if eof and (buffer or skipping):
                chunk = b"\n"  # the last line, even without its newline
            start = 0
            while True:
                end = chunk.find(b"\n", start)
                if end < 0:
                    piece = chunk[start:]
                    if skipping:
                        skipping += len(piece)
                    elif len(buffer) + len(piece) > self.max_line_bytes:
                        skipping = len(buffer) + len(piece)
                        head = bytes(buffer[:HEAD_BYTES]) + piece[:max(0, HEAD_BYTES - len(buffer))]
                        buffer.clear()
                    else:
                        buffer += piece
                    break
                piece = chunk[start:end]
                start = end + 1
                if skipping:
                    raw_len, skipping = skipping + len(piece), 0
                    await self.write(too_long(raw_len, self.max_line_bytes, head))
                    head = b""
                    continue
                buffer += piece
                text, error, value = check_line(bytes(buffer).rstrip(b"\r"), self.max_line_bytes)
                buffer.clear()
                if error:
                    await self.write(error)
                elif text is not None:
                    self._note_incoming(value)
                    yield text
        await self._drain()

    def _read(self) -> bytes:
        try:
            return os.read(self.in_fd, CHUNK)
        except OSError as exc:  # EIO from a terminal that went away: the end of input
            log.warning("kb mcp: stdin cannot be read (%s): stopping", exc.strerror)
            return b""

    def _note_incoming(self, value: Any) -> None:
        if not isinstance(value, dict):
            return
        if "method" in value and "id" in value:
            if self._answered.is_set():  # an anyio Event cannot be cleared: a new one for the new wait
                self._answered = anyio.Event()
            self._pending.add(json.dumps(value["id"]))
        elif value.get("method") == "notifications/cancelled":
            # a cancelled request is never answered: do not wait for it at the end
            request = (value.get("params") or {}).get("requestId") if isinstance(value.get("params"), dict) else None
            self._settled(json.dumps(request))

    def _settled(self, key: str) -> None:
        self._pending.discard(key)
        if not self._pending:
            self._answered.set()

    async def _drain(self) -> None:
        """At the end of stdin: wait (bounded) for the answers to the requests already read."""
        if self._pending:
            with anyio.move_on_after(self.drain_seconds):
                await self._answered.wait()
            if self._pending:
                log.warning("kb mcp: stdin closed; %d request(s) still unanswered after %.0f s, stopping",
                            len(self._pending), self.drain_seconds)

    # -- the client's stdout, as the SDK's writer uses it ------------------------------------

    async def write(self, text: str) -> None:
        """Write one whole line (in a worker thread: a client slow to read blocks no answer
        being worked on), then note the request it answers (on the event loop, where the
        wait at the end of stdin runs)."""
        await anyio.to_thread.run_sync(self._write_all, text.encode("utf-8"))
        try:
            sent = json.loads(text)
        except ValueError:
            return
        if isinstance(sent, dict) and "method" not in sent and ("result" in sent or "error" in sent):
            self._settled(json.dumps(sent.get("id")))

    def _write_all(self, data: bytes) -> None:
        with self._write_lock:  # whole lines only: the filter's errors and the SDK's answers never mix
            view = memoryview(data)
            while view:
                view = view[os.write(self.out_fd, view):]

    async def flush(self) -> None:
        """Nothing is buffered: each line is written whole."""


def check_std_streams() -> None:
    """InputError when stdin or stdout was closed when kb started (`kb mcp <&-`): the
    protocol has nowhere to go (the SDK's transport failed with an AttributeError
    traceback, and a descriptor kb opened later could sit where stdin was)."""
    import sys

    for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)):
        if stream is None:
            raise InputError(f"kb mcp speaks MCP on stdin and stdout, and {name} is closed: start it from an MCP "
                             'client, e.g. {"command": "kb", "args": ["mcp"]}')


@contextmanager
def _claimed_std_fds() -> Iterator[tuple[int, int]]:
    """Private duplicates of fd 0 and fd 1 for the protocol, while fd 0 reads the null
    device and fd 1 writes to stderr (a stray print cannot reach the client); restored on
    exit."""
    in_fd = fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 3)
    out_fd = fcntl.fcntl(1, fcntl.F_DUPFD_CLOEXEC, 3)
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null, 0)
        os.dup2(2, 1)
        yield in_fd, out_fd
    finally:
        os.close(null)
        os.dup2(in_fd, 0)
        os.dup2(out_fd, 1)
        os.close(in_fd)
        os.close(out_fd)


async def serve(lowlevel_server: Any, max_line_bytes: int, drain_seconds: float = 120.0) -> None:
    """Serve `lowlevel_server` (an MCPServer's low-level server) on the process's stdin and
    stdout through the line filter (see the module docstring)."""
    from mcp.server.stdio import stdio_server

    with _claimed_std_fds() as (in_fd, out_fd):
        wire = _Wire(in_fd, out_fd, max_line_bytes, drain_seconds)
        async with stdio_server(stdin=wire, stdout=wire) as (read_stream, write_stream):
            await lowlevel_server.run(read_stream, write_stream, lowlevel_server.create_initialization_options())
