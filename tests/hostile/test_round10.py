"""Round 10 of the hostile probes: the service, each kind fixed in the shared mechanism and
checked here through the real `kb serve` (uvicorn on loopback) and the real `kb mcp` (stdio).

- `kb serve`: a client that opened a connection and sent part of a request head
  (`GET / HTTP/1.1\\r\\nHost: x\\r\\n` and then nothing, or a header byte now and then) held
  it for ever, as did one that sent nothing, and one that sent part of a second head on a
  kept-alive connection (uvicorn has no timer for a head: its keep-alive timer is
  disarmed by any byte). kb.service.protocol gives uvicorn's h11 protocol a deadline for
  each head (Limits.head_seconds, 10 s; `--head-seconds`, KB_SERVE_HEAD_SECONDS), then 408
  `request_timeout` in JSON and the connection closed (closed without an answer when
  nothing came); uvicorn's plain-text 400 for a head that is not HTTP is JSON too; a body
  nobody reads (`GET` with `Content-Length`), trickled in after the answer, held the
  connection too: it is closed Limits.body_seconds after the answer;
- `kb serve`: `X-Kb-Generation` was only on the answers of the API: /health, 404s, 405s,
  422s, the 408/413/414 of the request limits and 500s had none, so a client could not
  tell which generation answered. kb.service.app.GuardMiddleware adds it to every
  response (the 500 is now answered there, with the headers of every other answer); with
  no index there is no generation and the header is left out;
- `kb mcp`: `get_unit` with an empty citation `""` answered pydantic's "citation: String
  should have at least 1 character" (`"   "` got kb's own line); the same for `search`,
  `ask` and `links`: the tools' text arguments no longer have a minimum length, so the
  library's check answers both alike, in the CLI's words; `recommendations` (and GET
  /recs) with `doc: ""` listed every recommendation as if it matched (the CLI refused it):
  KnowledgeBase.recommendations refuses an empty filter. HTTP's `q=""` was pydantic's line
  too (`q="  "` kb's): the same fix there. A text over the server's limit was pydantic's
  "String should have at most 2000 characters" over MCP: it is the HTTP API's line
  (kb.service.shapes.too_long_line).
"""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import sys
import threading
import time

import pytest

from conftest import kb_env
from serving import KbServer
from test_interfaces import server  # noqa: F401  (the `kb serve` on loopback fixture)
from test_round9 import _INIT, _call, _session

pytestmark = pytest.mark.hostile

READY = re.compile(r"kb: serving (http://\S+?)/? \(")


def _address(srv) -> tuple[str, int]:
    host, port = srv.url.split("//")[1].rstrip("/").split(":")
    return host, int(port)


def _response(data: bytes) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of the first HTTP response in `data`."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def _stalled_client(address, first: bytes, trickle: bytes = b"", keep_alive_first: bool = False,
                    give_up_s: float = 40) -> tuple[float, bytes]:
    """Open a connection, send `first` (after one whole request and its answer on the same
    connection when `keep_alive_first`), then a byte of `trickle` a second, and read until
    the server closes the connection or `give_up_s` pass. (seconds from `first`, bytes read)."""
    with socket.create_connection(address, timeout=give_up_s) as sock:
        if keep_alive_first:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                data += sock.recv(65536)
            _status, headers, body = _response(data)
            while len(body) < int(headers["content-length"]):
                body += sock.recv(65536)
        start = time.monotonic()
        if first:
            sock.sendall(first)
        data, sent = b"", 0
        while time.monotonic() - start < give_up_s:
            if not select.select([sock], [], [], 1)[0]:
                # a byte a second until the server answers (sending after its answer could
                # reset the connection before the answer is read)
                if sent < len(trickle):
                    sock.sendall(trickle[sent:sent + 1])
                    sent += 1
                continue
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        return time.monotonic() - start, data


def _run_clients(address, plans: dict[str, dict]) -> dict[str, tuple[float, bytes]]:
    answers: dict[str, tuple[float, bytes]] = {}

    def run(name, plan):
        answers[name] = _stalled_client(address, **plan)

    threads = [threading.Thread(target=run, args=item) for item in plans.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert set(answers) == set(plans), answers
    return answers


def _check_408(name: str, seconds: float, data: bytes, limit: float, generation: str | None) -> None:
    assert data.startswith(b"HTTP/1.1 408"), (name, round(seconds, 1), data[:300])
    status, headers, body = _response(data)
    error = json.loads(body)
    assert error["error"] == "request_timeout" and f"within {limit:g} s" in error["message"], error
    assert "\n" not in error["message"]
    assert headers["content-type"] == "application/json" and headers["connection"] == "close", headers
    assert headers.get("x-kb-generation") == generation, headers
    assert limit - 1 < seconds < limit + 15, (name, seconds)


# --- kb serve: a request head that never comes whole ------------------------------------------------


@pytest.mark.slow
def test_http_unfinished_request_head_is_closed_within_the_deadline(server, slice_kb):
    # before: every one of these connections was held for ever (40 s and counting here)
    import httpx

    generation = slice_kb.index_info()["generation"]
    head = b"GET /health HTTP/1.1\r\nHost: x\r\n"
    answers = _run_clients(_address(server), {
        "partial": {"first": head},
        "trickle": {"first": head, "trickle": b"X-Slow: " + b"a" * 60},
        "kept-alive": {"first": b"GET /health HTTP/1.1\r\nHo", "keep_alive_first": True},
        "silent": {"first": b""},
        # a body nobody reads (a GET's), still trickling in after the answer
        "get-body": {"first": b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", "trickle": b"a" * 60},
        # the body's own deadline (round 9), answered with the same headers
        "body": {"first": b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 100\r\n\r\n{\"q\": \"paspor\""},
    })
    for name in ("partial", "trickle", "kept-alive"):
        _check_408(name, *answers[name], limit=10, generation=generation)
        assert "bytes came" in json.loads(_response(answers[name][1])[2])["message"]
    seconds, data = answers["silent"]
    assert data == b"" and 9 < seconds < 25, (seconds, data)  # closed, no answer to no request
    seconds, data = answers["get-body"]
    assert data.startswith(b"HTTP/1.1 200") and 9 < seconds < 25, (seconds, data[:300])  # answered, then closed
    seconds, data = answers["body"]
    assert data.startswith(b"HTTP/1.1 408") and _response(data)[1].get("x-kb-generation") == generation, data[:400]
    with httpx.Client(base_url=server.url, timeout=60) as http:
        assert http.get("/health").json()["limits"]["head_seconds"] == 10
        assert http.post("/search", json={"q": "paspor", "k": 1}).status_code == 200
    assert "Traceback" not in server.output()


@pytest.mark.slow
def test_http_head_deadline_is_set_by_the_environment(slice_kb, tmp_path):
    # before: KB_SERVE_HEAD_SECONDS was no setting, and the connection was held for ever
    import httpx

    with KbServer(slice_kb.settings.home, log=tmp_path / "serve.log", env={"KB_SERVE_HEAD_SECONDS": "2"}) as srv:
        with httpx.Client(base_url=srv.url, timeout=60) as http:
            assert http.get("/health").json()["limits"]["head_seconds"] == 2
        answers = _run_clients(_address(srv), {"partial": {"first": b"GET /search?q=paspor HTTP/1.1\r\nHost"}})
        _check_408("partial", *answers["partial"], limit=2, generation=slice_kb.index_info()["generation"])
    assert "Traceback" not in srv.output(), srv.output()


def test_head_seconds_must_be_positive(tmp_path):
    from kb.errors import ConfigError
    from kb.service.config import Limits, ServiceConfig

    with pytest.raises(ConfigError, match="head_seconds must be a positive number"):
        ServiceConfig(limits=Limits(head_seconds=0)).check()


@pytest.mark.parametrize("variable", ["KB_SERVE_HEAD_SECONDS", "KB_SERVE_BODY_SECONDS", "KB_SERVE_TIMEOUT"])
def test_a_time_limit_of_nan_is_refused_in_one_line(tmp_path, variable):
    # before: click's FloatRange let "nan" through (every comparison with nan is false) and
    # `kb serve` ran with no limit at all
    import harness

    home = tmp_path / "home"
    out = harness.run([sys.executable, "-m", "kb.cli", "serve", "--port", "0"],
                      env=kb_env(home, **{variable: "nan"}), ceiling=harness.QUICK)
    out.check_refused("must be a positive number", "nan")
    assert not (home / "indexes").exists()  # refused before anything was built


# --- kb serve: X-Kb-Generation on every response --------------------------------------------------


@pytest.mark.slow
def test_every_http_response_names_the_generation_that_answered(server, slice_kb):
    # before: only the API's answers carried it; /health, the page and every error had none
    import httpx

    generation = slice_kb.index_info()["generation"]
    cases = [
        ("GET", "/health", {}, 200), ("GET", "/search?q=paspor&k=1", {}, 200), ("GET", "/", {}, 200),
        ("GET", "/static/app.js", {}, 200), ("GET", "/openapi.json", {}, 200), ("GET", "/docs", {}, 200),
        ("GET", "/index", {}, 200), ("GET", "/documents", {}, 200),
        ("GET", "/nope", {}, 404), ("GET", "/units/CMW/C/GC/1 para 9999", {}, 404),
        ("DELETE", "/health", {}, 405), ("POST", "/index", {}, 403),
        ("GET", "/search?q=", {}, 422), ("GET", "/search?q=x&limit=3", {}, 422), ("GET", "/recs?doc=", {}, 422),
        ("POST", "/search", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ("GET", "/search?q=" + "a" * 20_000, {}, 414),
        ("POST", "/search", {"content": b"x" * 70_000, "headers": {"content-type": "application/json"}}, 413),
    ]
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for method, path, extra, status in cases:
            response = http.request(method, path, **extra)
            assert response.status_code == status, (method, path[:60], response.status_code, response.text[:300])
            assert response.headers.get("x-kb-generation") == generation, (method, path[:60], dict(response.headers))
            assert response.headers.get("x-content-type-options") == "nosniff", (method, path[:60])
            if status >= 400:
                assert "\n" not in response.json()["message"], response.text
        assert "is empty" in http.get("/recs", params={"doc": ""}).json()["message"]
    # a head h11 cannot read: uvicorn's plain-text 400, now kb's JSON with the same headers
    _seconds, data = _stalled_client(_address(server), b"NOT HTTP AT ALL\r\n\r\n", give_up_s=20)
    status, headers, body = _response(data)
    assert status == 400 and headers.get("x-kb-generation") == generation, data[:400]
    assert json.loads(body)["error"] == "invalid_request"


_SERVE_SCRIPT = """
import sys
from kb import KnowledgeBase
from kb.cli.serve import run_server
from kb.service.config import ServiceConfig

kb = KnowledgeBase.open(sys.argv[1])
if sys.argv[2] == "broken":
    def documents():
        raise RuntimeError("a bug in kb")
    kb.documents = documents
try:
    run_server(kb, ServiceConfig(port=0), "info")
except KeyboardInterrupt:  # how the test stops it
    pass
"""


class _ScriptServer(KbServer):
    """`kb serve`'s own server function (kb.cli.serve.run_server) in a child process, on a
    KnowledgeBase the test prepares: with no index (which `kb serve` would build first),
    or with a method that fails."""

    def __init__(self, home, mode: str, log):
        super().__init__(home, log=log)
        self.mode = mode

    def start(self) -> "_ScriptServer":
        self._fh = open(self.log, "w", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVE_SCRIPT, str(self.home), self.mode],
                                     stdout=self._fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env)
        deadline = time.monotonic() + self.ready_s
        while time.monotonic() < deadline:
            match = READY.search(self.output())
            if match:
                self.url = match.group(1)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{self.output()}")
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not report ready:\n{self.output()}")


@pytest.mark.slow
def test_an_internal_error_names_the_generation_too(slice_kb, tmp_path):
    # before: Starlette's outermost handler sent the 500, without X-Kb-Generation or the
    # security headers
    import httpx

    with _ScriptServer(slice_kb.settings.home, "broken", tmp_path / "serve.log") as srv:
        with httpx.Client(base_url=srv.url, timeout=60) as http:
            response = http.get("/documents")
            assert response.status_code == 500, response.text
            assert response.json() == {"error": "internal",
                                       "message": "internal error (logged on the server); please report it"}
            assert response.headers.get("x-kb-generation") == slice_kb.index_info()["generation"], response.headers
            assert response.headers.get("x-content-type-options") == "nosniff"
            assert http.get("/health").status_code == 200  # and the server goes on
    assert "a bug in kb" in srv.output()  # logged on the server


@pytest.mark.slow
def test_with_no_index_there_is_no_generation_header(tmp_path):
    import httpx

    home = tmp_path / "empty-home"
    with _ScriptServer(home, "as-is", tmp_path / "serve.log") as srv:
        with httpx.Client(base_url=srv.url, timeout=60) as http:
            health = http.get("/health")
            assert health.status_code == 200 and health.json()["status"] == "no-index", health.text
            assert health.json()["generation"] is None
            searched = http.get("/search", params={"q": "paspor"})
            assert searched.status_code == 503 and searched.json()["error"] == "no_index", searched.text
            missing = http.get("/nope")
            assert missing.status_code == 404
            for response in (health, searched, missing):
                assert "x-kb-generation" not in response.headers, dict(response.headers)
                assert response.headers.get("x-content-type-options") == "nosniff"
    assert "Traceback" not in srv.output(), srv.output()


# --- kb mcp: an empty text argument -------------------------------------------------------------


@pytest.mark.slow
def test_mcp_empty_text_arguments_are_kb_errors_in_the_clis_words(slice_kb):
    # before: "" was "get_unit: citation: String should have at least 1 character" (pydantic)
    # while "   " was kb's own line; recommendations(doc="") listed every recommendation
    from kb import KnowledgeBase

    calls = {
        1: ("get_unit", {"citation": ""}), 2: ("get_unit", {"citation": "   "}),
        3: ("search", {"query": ""}), 4: ("search", {"query": " \t "}),
        5: ("ask", {"question": ""}), 6: ("ask", {"question": "  "}),
    }
    if callable(getattr(KnowledgeBase, "links", None)):
        calls[7] = ("links", {"citation": ""})
    if callable(getattr(KnowledgeBase, "recommendations", None)):
        calls[8] = ("recommendations", {"doc": ""})
        calls[9] = ("recommendations", {"theme": " "})
    # over the server's limit: the HTTP API's line, not pydantic's "String should have at most 2000 characters"
    too_long = {10: ("search", {"query": "x" * 5000}), 11: ("get_unit", {"citation": "x" * 5000}),
                12: ("ask", {"question": "x " * 2500})}
    _out, responses = _session(slice_kb.settings.home,
                               [*_INIT, *(_call(i, *c) for i, c in {**calls, **too_long}.items())])
    results = {r["id"]: r["result"] for r in responses if r["id"] in calls or r["id"] in too_long}
    assert set(results) == set(calls) | set(too_long), responses
    texts = {i: " ".join(c.get("text", "") for c in results[i]["content"]) for i in sorted(results)}
    for i in sorted(results):
        assert results[i].get("isError") is True, ({**calls, **too_long}[i], texts[i][:300])
    for i, (name, args) in too_long.items():
        what, value = next(iter(args.items()))
        assert texts.pop(i) == f"{name}: the {what} has {len(value):,} characters; this server accepts at most 2,000 " \
                               "(the embedder reads about 2,000 characters): shorten it", (name, texts)
    for i, text in texts.items():
        assert "\n" not in text and "String should" not in text and "pydantic" not in text, (calls[i], text)
        assert "is empty" in text, (calls[i], text)
    citation_empty = "the citation is empty: give one, e.g. 'UU 18/2017 Pasal 30', 'CMW/C/GC/2 para 24'"
    # the SDK puts "Error executing tool get_unit: " before a tool's error, as for every
    # other error a tool raises ("... CMW/C/GC/1 has no para 9999")
    assert texts[1] == texts[2] and texts[1].endswith(": " + citation_empty), texts
    assert texts[3] == texts[4] and "the query is empty" in texts[3], texts
    assert texts[5] == texts[6] and "the question is empty" in texts[5], texts
    if 7 in texts:
        assert texts[7].endswith(": " + citation_empty), texts
    # the CLI says the same
    shown = subprocess.run([sys.executable, "-m", "kb.cli", "show", ""], env=kb_env(slice_kb.settings.home),
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 1 and citation_empty in shown.stderr, shown.stderr


@pytest.mark.slow
def test_http_empty_query_is_said_as_a_blank_one(server):
    # before: "q: String should have at least 1 character" for "", kb's own line for "  "
    import httpx

    with httpx.Client(base_url=server.url, timeout=60) as http:
        for path, words in (("/search", "the query is empty"), ("/ask", "the question is empty")):
            said = set()
            for response in (http.get(path, params={"q": ""}), http.get(path, params={"q": "  "}),
                             http.post(path, json={"q": ""}), http.post(path, json={"q": " "})):
                assert response.status_code == 422, response.text
                body = response.json()
                assert body["error"] == "invalid_request" and body["message"].startswith(words), body
                said.add(body["message"])
            assert len(said) == 1, said


def test_recommendations_refuse_an_empty_filter(tmp_path):
    from kb import KnowledgeBase
    from kb.errors import InputError

    kb = KnowledgeBase.open(tmp_path / "home")
    for filters in ({"doc": ""}, {"theme": "  "}, {"status": ""}, {"lead": "\t"}):
        with pytest.raises(InputError, match="is empty"):
            kb.recommendations(**filters)
