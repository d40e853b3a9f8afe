"""The HTTP/1.1 connection of `kb serve`: uvicorn's h11 protocol with a deadline for the
request head, and kb's JSON for the errors this layer answers itself.

uvicorn bounds the size of a request head (`h11_max_incomplete_event_size`) but not the
time it may take to arrive: its only timer, `timeout_keep_alive`, is armed after a
response and disarmed by any byte received, and no timer at all runs on a new connection.
A client that sent `GET / HTTP/1.1\\r\\nHost: x\\r\\n` and then nothing, or one header byte
every few seconds (slowloris), held its connection for ever; enough of them hold every
file descriptor the server has. (uvicorn 0.54 has no setting for this: the ASGI
application only sees a request once its head is whole, so no middleware can help.)

Here a request head must arrive whole within `Limits.head_seconds`, counted from the
moment the connection opened (its first request) or from the first byte of the head (a
later request on a kept-alive connection, whose idle time before that byte is uvicorn's
keep-alive timeout). When the time is up the connection gets 408 `request_timeout` in
JSON and is closed; a connection that sent nothing at all is closed without an answer
(browsers open connections ahead of time and never read one). Heads are still parsed by
h11 alone: this only watches the connection's state.

A body is read by kb.service.app.GuardMiddleware within `Limits.body_seconds` when the
request has one to read (POST); a body nobody reads (`GET` with `Content-Length: 100`) was
answered at once and then trickled in after the answer, a byte now and then, holding the
connection for ever as well. Such a connection is closed `body_seconds` after its answer
unless the body has ended by then.

uvicorn's own 400 for a head that is not HTTP, or is over the size limit, was plain text;
it is JSON like every other kb error, with `X-Kb-Generation` and the security headers.

This subclasses uvicorn's H11Protocol and reads its connection state (`conn`, `transport`,
`cycle`, `loop`, `client`); tests/hostile/test_round10.py runs it in a real `kb serve`, so
a uvicorn release that changes them fails there rather than in production.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .config import Limits

log = logging.getLogger("kb.service")

# Sent on the errors this layer answers itself, as GuardMiddleware sends them on the rest.
SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"))
REASONS = {400: b"Bad Request", 408: b"Request Timeout"}


def guarded_h11(limits: Limits, generation: Callable[[], str | None]) -> type[H11Protocol]:
    """uvicorn's h11 protocol class with a deadline of `limits.head_seconds` for every
    request head, and of `limits.body_seconds` after the answer for a body nobody reads
    (see the module docstring); pass it as `uvicorn.Config(http=...)`.
    `generation()` names the index generation being served (None when there is none), for
    the `X-Kb-Generation` header of the errors answered here."""

    class GuardedH11(H11Protocol):
        head_seconds = limits.head_seconds
        served_generation = staticmethod(generation)

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_timer: asyncio.TimerHandle | None = None
            self._rest_timer: asyncio.TimerHandle | None = None
            self._arm_head_timer()  # the first request's head: counted from the connection

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                # still no whole head: the bytes so far start one (on a kept-alive connection,
                # uvicorn has just disarmed its keep-alive timer for them)
                if self._head_timer is None:
                    self._arm_head_timer()
            else:
                self._disarm_head_timer()  # a whole head came: the body and the work have their own limits

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_head_timer()
            self._disarm_rest_timer()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
                # answered while the client is still sending a body nobody reads
                self._disarm_rest_timer()
                self._rest_timer = self.loop.call_later(limits.body_seconds, self._rest_timed_out, self.cycle)

        def _disarm_rest_timer(self) -> None:
            timer = getattr(self, "_rest_timer", None)
            if timer is not None:
                timer.cancel()
                self._rest_timer = None

        def _rest_timed_out(self, cycle) -> None:
            self._rest_timer = None
            if self.cycle is cycle and self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
                log.info("kb: closed a connection from %s still sending a request body %g s after its answer",
                         "%s:%d" % self.client if self.client else "?", limits.body_seconds)
                self.transport.close()

        def send_400_response(self, msg: str) -> None:
            """uvicorn's answer to a head h11 cannot read (not HTTP/1.1, or over the size
            limit), as kb's JSON error instead of plain text."""
            self._disarm_head_timer()
            self._answer_and_close(400, "invalid_request",
                                   "the request is not valid HTTP/1.1, or its head (request line and headers) "
                                   f"is over {limits.max_head_bytes:,} bytes: send a well-formed request")

        def _arm_head_timer(self) -> None:
            self._disarm_head_timer()
            self._head_timer = self.loop.call_later(self.head_seconds, self._head_timed_out)

        def _disarm_head_timer(self) -> None:
            timer = getattr(self, "_head_timer", None)
            if timer is not None:
                timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
                return  # closed meanwhile, or a request is under way (its own limits hold it)
            if self.conn.our_state is not h11.IDLE:
                return  # an answer is being sent (a pipelined head waits for it): not stalled
            received, _closed = self.conn.trailing_data
            if not received:
                # nothing of a request came: close quietly, as at the end of a keep-alive wait
                self.transport.close()
                return
            log.info("kb: closed a connection from %s whose request head did not arrive within %g s",
                     "%s:%d" % self.client if self.client else "?", self.head_seconds)
            self._answer_and_close(408, "request_timeout",
                                   f"the request head (request line and headers) did not arrive within "
                                   f"{self.head_seconds:g} s ({len(received):,} bytes came); send it whole at once")

        def _answer_and_close(self, status: int, code: str, message: str) -> None:
            """Write a JSON error straight to the connection and close it. h11 is bypassed:
            its state machine has no response to a request it has not read whole, and the
            connection ends here anyway."""
            body = json.dumps({"error": code, "message": message}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                       (b"connection", b"close"), *SECURITY_HEADERS]
            current = self.served_generation()
            if current:
                headers.append((b"x-kb-generation", current.encode("ascii", "replace")))
            head = b"HTTP/1.1 %d %s\r\n" % (status, REASONS[status])
            head += b"".join(name + b": " + value + b"\r\n" for name, value in headers)
            if not self.transport.is_closing():
                self.transport.write(head + b"\r\n" + body)
                self.transport.close()

    return GuardedH11
