"""How `kb serve` is bounded and secured: the listening address, the bearer token, whether
writes are allowed, and the limits every request is held to.

Only the standard library loads here (the CLI reads this before FastAPI is imported).
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from dataclasses import dataclass, field

from ..errors import ConfigError

TOKEN_ENV = "KB_API_TOKEN"
MIN_TOKEN_CHARS = 16
# Test-only: when set to 1, a request may carry `X-Kb-Test-Delay: SECONDS` (at most 60) and
# its work then starts that much later, holding its concurrency slot meanwhile. This is how
# the tests make a request slow on purpose (time limit, too many at once). Never set it in
# production; it is off by default and absent from the OpenAPI description.
TEST_HOOKS_ENV = "KB_SERVE_TEST_HOOKS"
TEST_DELAY_HEADER = "x-kb-test-delay"
# Origins whose web pages may call the API from a browser (CORS), comma-separated; none by default.
CORS_ENV = "KB_SERVE_CORS_ORIGINS"


@dataclass(frozen=True)
class Limits:
    """What one request may cost. Each limit answers with a JSON error, never a stack trace.

    - max_query_chars: characters of a query or question (422 `query_too_long`); the
      embedder reads at most 512 tokens, about 2,000 characters of running text.
    - max_body_bytes: size of a request body (413 `request_too_large`).
    - max_url_bytes: size of the request target, path and query string (414
      `request_too_large`). Request heads over `max_head_bytes` are refused by the HTTP
      layer itself (400 `invalid_request`, kb.service.protocol) before kb reads them.
    - head_seconds: seconds a request head (request line and headers) may take to arrive,
      all of it, counted from the connection's opening or from the head's first byte (408
      `request_timeout` after, and the connection is closed; one that sent nothing is
      closed without an answer). A client that sent part of a head, or a header byte now
      and then, held its connection for ever (kb.service.protocol).
    - body_seconds: seconds a request body may take to arrive, all of it (408
      `request_timeout` after; a client that declared more than it sent, or trickled it,
      held its connection for ever).
    - max_message_bytes: one message `kb mcp` reads (a line on its stdin; a tool call with
      the longest query is a few KB); a longer line is skipped as it comes, never kept,
      and answered with a JSON-RPC error.
    - max_k: results per search (`k`, 422 beyond); answers read at most `max_ask_k` units.
    - max_concurrent: requests being worked on at once; one more gets 503 `busy` at once
      (with Retry-After) instead of queueing.
    - timeout_s: seconds of work per request (503 `timeout`). Work that overruns keeps
      its slot until it really ends, so overload cannot pile up behind the answers.
    """

    max_query_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    max_url_bytes: int = 16 * 1024
    max_head_bytes: int = 1024 * 1024
    max_message_bytes: int = 1024 * 1024
    head_seconds: float = 10.0
    body_seconds: float = 10.0
    max_k: int = 100
    max_ask_k: int = 50
    max_concurrent: int = 8
    timeout_s: float = 30.0

    def to_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ServiceConfig:
    """Settings of one `kb serve` process (see `check()` for the rules they must keep)."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    allow_writes: bool = False
    limits: Limits = field(default_factory=Limits)
    test_hooks: bool = False
    # Origins ("https://portal.example.go.id", or "*") whose pages may call the API from a
    # browser; empty: no CORS headers, browsers refuse cross-origin calls (the default).
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, **values) -> "ServiceConfig":
        """A config whose token, test hooks and CORS origins come from the environment
        (KB_API_TOKEN, KB_SERVE_TEST_HOOKS, KB_SERVE_CORS_ORIGINS) unless given; other
        fields as given."""
        token = os.environ.get(TOKEN_ENV) or None
        hooks = os.environ.get(TEST_HOOKS_ENV, "") == "1"
        if not values.get("cors_origins"):
            values["cors_origins"] = tuple(o for o in re.split(r"[,\s]+", os.environ.get(CORS_ENV, "")) if o)
        return cls(token=token, test_hooks=hooks, **values).check()

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def check(self) -> "ServiceConfig":
        """Refuse settings that would expose the library: a non-loopback address without
        a token, a token too short to resist guessing, limits that are not positive.
        Raises ConfigError with what to do."""
        problem = host_problem(self.host)
        if problem:  # before the token rule: "set KB_API_TOKEN" is no help for "http://127.0.0.1"
            raise ConfigError(problem)
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise ConfigError(
                f"{TOKEN_ENV} must be at least {MIN_TOKEN_CHARS} characters; make one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        if not self.loopback and not self.token:
            raise ConfigError(
                f"refusing to listen on {self.host}: only loopback addresses (127.0.0.1, ::1, localhost) are "
                f"served without a token; set {TOKEN_ENV} (clients then send 'Authorization: Bearer <token>')"
            )
        for origin in self.cors_origins:
            problem = origin_problem(origin)
            if problem:
                raise ConfigError(problem)
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port {self.port} is not between 0 and 65535")
        for name, value in self.limits.to_dict().items():
            # isfinite: nan passed every comparison (KB_SERVE_TIMEOUT=nan served with no time limit)
            if not value or not math.isfinite(value) or value <= 0:
                raise ConfigError(f"the limit {name} must be a positive number, not {value!r}")
        return self


def origin_problem(origin: str) -> str | None:
    """Why `origin` cannot be a CORS origin (--cors-origin, KB_SERVE_CORS_ORIGINS), or None:
    a browser sends "scheme://host[:port]" exactly, no path and no trailing slash, so
    anything else would silently match nothing."""
    if origin == "*":
        return None
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?", origin):
        return (f"the CORS origin {origin!r} (--cors-origin, {CORS_ENV}) is not an origin: give scheme://host[:port] "
                "as the browser shows it, e.g. https://portal.example.go.id or http://localhost:3000, no path, "
                "or * for any")
    # Browsers send the scheme and host in lower case, and no port when it is the scheme's
    # own: "https://x.example:99999", "https://x.example:443" or "HTTPS://X.example" was
    # served and matched no request.
    port = re.search(r":(\d+)$", origin)
    default = {"http": 80, "https": 443}[origin.split(":", 1)[0].lower()]
    if port and not 1 <= int(port.group(1)) <= 65535:
        return f"the CORS origin {origin!r} (--cors-origin, {CORS_ENV}) has port {port.group(1)}: a port is 1-65535"
    if port and int(port.group(1)) == default:
        bare = origin[:port.start()]
        return (f"the CORS origin {origin!r} (--cors-origin, {CORS_ENV}) names the scheme's own port, which browsers "
                f"leave out: give {bare!r}")
    if origin != origin.lower():
        return (f"the CORS origin {origin!r} (--cors-origin, {CORS_ENV}) has capitals, which browsers never send: "
                f"give {origin.lower()!r}")
    return None


def host_problem(host: str) -> str | None:
    """Why `host` cannot be an address to listen on, or None. An empty --host listened on
    every interface (printing "serving http://:8000/"), and "http://127.0.0.1",
    "localhost:80" or "999.1.1.1" were first told to set a token, then failed to bind."""
    example = "give a host name or an IP address, e.g. 127.0.0.1 (the port is --port)"
    if not host.strip():
        return f"--host is empty: {example}"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if "://" in host or "/" in host or host.count(":") == 1 or not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", host):
        return f"--host {host!r} is not an address: {example}"
    if re.fullmatch(r"[\d.]+", host):
        return f"--host {host!r} is not an IP address (four numbers from 0 to 255): {example}"
    return None


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`.
    Any other name or address (0.0.0.0 and :: included) counts as exposed."""
    host = host.strip().strip("[]")
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
