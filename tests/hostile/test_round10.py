"""Round 10 of the hostile probes: the service, each kind fixed in the shared mechanism and
checked here through the real `kb serve` (uvicorn on loopback) and the real `kb mcp` (stdio).

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
  KnowledgeBase.recommendations refuses an empty filter.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from conftest import kb_env
from serving import KbServer
from test_interfaces import server  # noqa: F401  (the `kb serve` on loopback fixture)
from test_round9 import _INIT, _call, _session

pytestmark = pytest.mark.hostile

READY = re.compile(r"kb: serving (http://\S+?)/? \(")


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
    _out, responses = _session(slice_kb.settings.home, [*_INIT, *(_call(i, *c) for i, c in calls.items())])
    results = {r["id"]: r["result"] for r in responses if r["id"] in calls}
    assert set(results) == set(calls), responses
    texts = {i: " ".join(c.get("text", "") for c in results[i]["content"]) for i in sorted(results)}
    for i in sorted(results):
        assert results[i].get("isError") is True, (calls[i], texts[i][:300])
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


def test_recommendations_refuse_an_empty_filter(tmp_path):
    from kb import KnowledgeBase
    from kb.errors import InputError

    kb = KnowledgeBase.open(tmp_path / "home")
    for filters in ({"doc": ""}, {"theme": "  "}, {"status": ""}, {"lead": "\t"}):
        with pytest.raises(InputError, match="is empty"):
            kb.recommendations(**filters)
