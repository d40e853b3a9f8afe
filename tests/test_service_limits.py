"""The bounds and the security rules of `kb serve`, over HTTP on the real server: too many
requests at once (503 busy), a request slower than the limit (503 timeout), the token rule
for non-loopback addresses, and writes only with --allow-writes.

Slow requests are made with the documented test-only setting KB_SERVE_TEST_HOOKS=1, under
which a request's `X-Kb-Test-Delay: SECONDS` header delays the start of its work while it
holds its concurrency slot (kb/service/config.py)."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from serving import KbServer, run_kb

pytestmark = pytest.mark.slow

TOKEN = "test-token-0123456789abcdef"


def wait_idle(client: httpx.Client, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/health").json()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.get("/health").json()["in_flight"] == 0


@pytest.fixture(scope="module")
def hooked(slice_kb, tmp_path_factory):
    """A server with 2 slots, 2 s per request, and the test delay enabled."""
    log = tmp_path_factory.mktemp("serve-limits") / "serve.log"
    with KbServer(slice_kb.settings.home, "--max-concurrent", "2", "--timeout", "2", log=log,
                  env={"KB_SERVE_TEST_HOOKS": "1"}) as srv:
        with httpx.Client(base_url=srv.url, timeout=60) as client:
            yield client
    assert "Traceback" not in srv.output(), srv.output()


def test_a_slow_request_times_out_with_a_json_503(hooked):
    wait_idle(hooked)
    started = time.monotonic()
    response = hooked.get("/search", params={"q": "paspor"}, headers={"X-Kb-Test-Delay": "4"})
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "timeout" and "2 s" in response.json()["message"]
    assert response.headers.get("retry-after")
    assert 1.9 <= elapsed < 3.9, elapsed  # answered at the limit, not when the work ended
    assert hooked.get("/health").json()["in_flight"] == 1  # the overrunning work keeps its slot...
    wait_idle(hooked)  # ...until it really ends
    assert hooked.get("/search", params={"q": "paspor"}).status_code == 200


def test_too_many_at_once_get_503_busy(hooked):
    wait_idle(hooked)
    results: list[int] = []

    def slow():
        r = hooked.get("/search", params={"q": "pelatihan"}, headers={"X-Kb-Test-Delay": "1.5"})
        results.append(r.status_code)

    threads = [threading.Thread(target=slow) for _ in range(2)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while hooked.get("/health").json()["in_flight"] < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    third = hooked.get("/ask", params={"q": "pelatihan bahasa"})
    assert time.monotonic() - started < 1.0  # refused at once, not queued
    assert third.status_code == 503, third.text
    assert third.json()["error"] == "busy" and third.headers["retry-after"] == "1"
    for t in threads:
        t.join()
    assert results == [200, 200]
    assert hooked.get("/search", params={"q": "pelatihan"}).status_code == 200


def test_health_and_page_are_not_held_by_busy_slots(hooked):
    wait_idle(hooked)
    threads = [threading.Thread(target=hooked.get, args=("/search",),
                                kwargs={"params": {"q": "x"}, "headers": {"X-Kb-Test-Delay": "1"}}) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    assert hooked.get("/health").status_code == 200
    assert hooked.get("/").status_code == 200
    for t in threads:
        t.join()


# --- the token rule ------------------------------------------------------------------------


def test_non_loopback_without_a_token_refuses_to_start(slice_kb):
    home = slice_kb.settings.home
    for host in ("0.0.0.0", "::", "192.0.2.1", "example.org"):
        started = time.monotonic()
        out = run_kb(home, "serve", "--host", host, "--port", "0", timeout=60)
        assert out.returncode == 1, (host, out.stdout, out.stderr)
        assert out.stderr.startswith("kb: error: refusing to listen on") and "KB_API_TOKEN" in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
        assert time.monotonic() - started < 30  # refused before loading anything
    weak = run_kb(home, "serve", "--host", "0.0.0.0", "--port", "0", env={"KB_API_TOKEN": "short"}, timeout=60)
    assert weak.returncode == 1 and "at least 16 characters" in weak.stderr


@pytest.fixture(scope="module")
def exposed(tmp_path_factory, slice_kb):
    """A server on all interfaces (tests talk to it on 127.0.0.1 only), with a token and
    --allow-writes, on its own copy of the slice home."""
    from conftest import FIXTURES, make_slice_home

    base = tmp_path_factory.mktemp("serve-token")
    kb = make_slice_home(base / "home", cache_from=slice_kb.settings.indexes_dir / "cache")
    kb.add(FIXTURES / "co-xyz-1.en.txt", id="cmw-co-xyz-1", family="committee", language="en",
           title="Concluding observations on the initial report of Xyrania", date="2019-05-14")
    kb.index()
    with KbServer(kb.settings.home, "--host", "0.0.0.0", "--allow-writes", log=base / "serve.log",
                  env={"KB_API_TOKEN": TOKEN}) as srv:
        yield srv
    assert "Traceback" not in srv.output(), srv.output()


def test_with_a_token_requests_without_it_get_401(exposed):
    assert "token required" in exposed.output()
    with httpx.Client(base_url=exposed.url, timeout=60) as client:
        for path in ("/search?q=paspor", "/ask?q=paspor", "/units/CMW/C/GC/1 para 36", "/documents", "/index"):
            response = client.get(path)
            assert response.status_code == 401, (path, response.text)
            assert response.json()["error"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"
            wrong = client.get(path, headers={"Authorization": "Bearer " + TOKEN[:-1] + "X"})
            assert wrong.status_code == 401
            right = client.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
            assert right.status_code == 200, (path, right.text)
        assert client.post("/index").status_code == 401
        # liveness, the page and the API description need no token
        health = client.get("/health").json()
        assert health["auth"] is True and health["writes"] is True
        assert client.get("/").status_code == 200 and client.get("/openapi.json").status_code == 200
        spec = client.get("/openapi.json").json()
        assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_post_index_runs_kb_index_only_with_allow_writes(exposed):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=exposed.url, timeout=60, headers=auth) as client:
        started = client.post("/index")
        assert started.status_code == 202, started.text
        assert started.json()["build"]["state"] == "running"
        again = client.post("/index")
        assert again.status_code in (202, 409)  # 409 while the first is still running
        deadline = time.monotonic() + 300
        while client.get("/index").json()["build"]["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.5)
        build = client.get("/index").json()["build"]
        assert build["state"] == "done", build
        assert build["report"]["status"] == "up-to-date"


def test_recs_and_links_over_http(exposed):
    """GET /recs gives `kb recs --json`'s shape, GET /links `kb links --json`'s (on a home
    holding a concluding-observations fixture of an imaginary State party)."""
    from kb import KnowledgeBase

    kb = KnowledgeBase.open(exposed.home)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=exposed.url, timeout=120, headers=auth) as client:
        body = client.get("/recs", params={"article": 21}).json()
        expected = [kb.recommendation_dict(r) for r in kb.recommendations(article=21)]
        assert body["count"] == len(expected) >= 1
        assert body["recommendations"] == expected
        assert body["filters"]["article"] == 21
        assert all(r["citation"].startswith("CMW/C/XYZ/CO/1, para.") for r in body["recommendations"])
        assert client.get("/recs", params={"article": 0}).status_code == 422
        links = client.get("/links/ICRMW art. 21").json()
        assert links == kb.links("ICRMW art. 21").to_dict()
        assert links["indexed"] is False and links["incoming"]  # the Convention is cited though absent
        missing = client.get("/links/CMW/C/GC/1 para 9999")
        assert missing.status_code == 404 and missing.json()["error"] == "not_found"
