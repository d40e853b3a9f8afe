"""`kb serve` as a client sees it: the real server started as a subprocess on a loopback
port over the indexed slice, every endpoint called over HTTP, every bound of a request
answered with a JSON error (never a stack trace)."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from kb import KnowledgeBase
from kb.search import JSON_FIELDS
from serving import kb_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(slice_kb, tmp_path_factory):
    with kb_server(slice_kb.settings.home, log=tmp_path_factory.mktemp("serve-http") / "serve.log") as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def assert_json_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) >= {"error", "message"}, body
    assert body["message"] and "\n" not in body["message"], body
    assert "Traceback" not in response.text and 'File "' not in response.text
    if code is not None:
        assert body["error"] == code, body
    return body


# --- endpoints ---------------------------------------------------------------------------


def test_health(client, slice_kb):
    body = client.get("/health").json()
    info = slice_kb.index_info()
    assert body["status"] == "ok"
    assert body["generation"] == info["generation"]
    assert body["units"] == info["units"] > 0
    assert body["documents"] == len(info["documents"])
    assert body["writes"] is False and body["auth"] is False
    assert body["limits"]["max_query_chars"] == 2000


def test_search_is_the_readme_contract_exactly(client, slice_kb):
    query = "recruitment fees charged to domestic workers"
    response = client.get("/search", params={"q": query, "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert body == slice_kb.search(query, k=5).to_dict()  # the library's own JSON, nothing added or lost
    assert set(body) == {"query", "results"} and len(body["results"]) == 5
    for field in JSON_FIELDS:
        assert field in body["results"][0]
    assert response.headers["x-kb-generation"] == slice_kb.index_info()["generation"]
    assert "kb;dur=" in response.headers["server-timing"]


def test_search_post_body_equals_get(client):
    got = client.get("/search", params={"q": "pelatihan bahasa", "k": 3}).json()
    posted = client.post("/search", json={"q": "pelatihan bahasa", "k": 3}).json()
    assert got == posted


def test_search_citation_query_ranks_the_unit_first(client):
    body = client.get("/search", params={"q": "CMW/C/GC/1 para 36"}).json()
    first = body["results"][0]
    assert first["exact"] is True and first["citation"] == "CMW/C/GC/1, para. 36"


@pytest.mark.parametrize("params, check", [
    ({"family": "committee"}, lambda r: r["family"] == "committee"),
    ({"family": ["bilateral", "regional"]}, lambda r: r["family"] in ("bilateral", "regional")),
    ({"doc": "uu-6-2012"}, lambda r: r["doc_id"] == "uu-6-2012"),
    ({"language": "id"}, lambda r: r["language"] == "id"),
    ({"party": "xxl"}, lambda r: r["doc_id"] == "mou-example"),
    ({"date_from": "2010", "date_to": "2013-12-31"}, lambda r: r["doc_id"] in ("uu-6-2012", "cmw-gc-1")),
    ({"in_force": "true"}, lambda r: r["in_force"] is True),
])
def test_every_filter_of_kb_search(client, slice_kb, params, check):
    query = "tenaga kerja pelatihan migrant workers training"
    response = client.get("/search", params={"q": query, "k": 20, **params})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert results, params
    assert all(check(r) for r in results), [(r["doc_id"], r["family"]) for r in results]


def test_repealed_law_is_flagged_unless_in_force(client):
    query = "pelatihan bahasa selama tiga bulan"
    flagged = client.get("/search", params={"q": query}).json()["results"]
    repealed = [r for r in flagged if r["doc_id"] == "perda-contoh"]
    assert repealed and repealed[0]["in_force"] is False and repealed[0]["status"].startswith("repealed")
    kept = client.get("/search", params={"q": query, "in_force": "true"}).json()["results"]
    assert all(r["doc_id"] != "perda-contoh" for r in kept)


def test_ask_is_the_kb_ask_json_shape(client, slice_kb):
    question = "Should States ban recruitment fees charged to domestic workers?"
    response = client.get("/ask", params={"q": question})
    assert response.status_code == 200
    body = response.json()
    assert body == slice_kb.ask(question).to_dict()
    assert body["abstained"] is False and body["sources"]
    units = {s["n"]: slice_kb.get(s["citation"]).unit.text for s in body["sources"]}
    for sentence in body["sentences"]:  # every quote is verbatim from its source
        assert all(fragment in units[sentence["citation"]] for fragment in sentence["fragments"])
    posted = client.post("/ask", json={"q": question}).json()
    assert posted == body


def test_units_by_citation(client, slice_kb):
    response = client.get("/units/UU 6 Tahun 2012 Pasal 1")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == slice_kb.get("UU 6 Tahun 2012 Pasal 1").to_dict()
    assert body["citation"].startswith("UU No. 6 Tahun 2012") and body["text"]
    encoded = client.get("/units/CMW%2FC%2FGC%2F1%20para%2036")  # slashes inside the citation
    assert encoded.status_code == 200 and encoded.json()["citation"] == "CMW/C/GC/1, para. 36"


def test_units_of_a_range_or_list_are_all_answered_as_kb_show_json(client, slice_kb, tmp_path):
    """A citation naming several units answers {"citation", "results": [every unit]}, the
    `kb show --json` shape (it was the first unit alone, the others dropped silently); one
    unit stays the unit object itself."""
    import subprocess
    import sys

    from conftest import kb_env

    for citation, units in [("CMW/C/GC/1 paras. 36–37", ["para 36", "para 37"]),
                            ("Pasal 1 dan 2 UU 6/2012", ["Pasal 1", "Pasal 2"])]:
        response = client.get("/units/" + citation)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"citation", "results"} and body["citation"] == citation, body.keys()
        assert [r["unit"] for r in body["results"]] == units
        assert body == slice_kb.show(citation)
        cli = subprocess.run([sys.executable, "-m", "kb.cli", "show", citation, "--json"], capture_output=True,
                             text=True, env=kb_env(slice_kb.settings.home), timeout=300)
        assert cli.returncode == 0 and json.loads(cli.stdout) == body, cli.stderr
    encoded = client.get("/units/CMW%2FC%2FGC%2F1%20paras.%2036%E2%80%9337").json()
    assert [r["citation"] for r in encoded["results"]] == ["CMW/C/GC/1, para. 36", "CMW/C/GC/1, para. 37"]
    spec = client.get("/openapi.json").json()
    answers = json.dumps(spec["paths"]["/units/{citation}"]["get"]["responses"]["200"])
    assert "SearchHit" in answers and "UnitsResponse" in answers


def test_control_characters_are_no_words_of_a_question(client):
    body = client.get("/ask", params={"q": "paspor\x1b[31m majikan\x07"}).json()
    assert body["question"] == "paspor majikan"


def test_unknown_unit_is_404_with_what_exists(client):
    body = assert_json_error(client.get("/units/CMW/C/GC/1 para 9999"), 404, "not_found")
    assert "para" in body["message"]
    # text that is no citation: nothing is missing, the citation is unreadable (was 404 not_found)
    assert_json_error(client.get("/units/no such thing"), 422, "invalid_citation")


def test_documents(client, slice_kb):
    body = client.get("/documents").json()
    assert body["count"] == len(body["documents"]) == len(slice_kb.documents())
    indexed = {d["id"] for d in body["documents"] if d["indexed"]}
    assert indexed == set(slice_kb.index_info()["documents"])
    mou = next(d for d in body["documents"] if d["id"] == "mou-example")
    assert mou["family"] == "bilateral" and mou["in_force"] is True and "XXL" in mou["parties"]


def test_links_and_recs_when_the_library_has_them(client):
    paths = client.get("/openapi.json").json()["paths"]
    has_links = callable(getattr(KnowledgeBase, "links", None))
    has_recs = callable(getattr(KnowledgeBase, "recommendations", None))
    assert ("/links/{citation}" in paths) == has_links
    assert ("/recs" in paths) == has_recs
    if has_links:
        body = client.get("/links/CMW/C/GC/1 para 36").json()
        assert body["citation"] and "outgoing" in body and "incoming" in body
    else:
        assert_json_error(client.get("/links/CMW/C/GC/1 para 36"), 404, "not_found")
    if has_recs:
        body = client.get("/recs").json()
        assert body["count"] == len(body["recommendations"])
    else:
        assert_json_error(client.get("/recs"), 404, "not_found")


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/search", "/ask", "/units/{citation}", "/documents", "/health", "/index"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert params >= {"q", "k", "family", "doc", "language", "in_force", "date_from", "date_to", "party"}
    html = client.get("/docs").text
    assert "/static-docs/swagger-ui-bundle.js" in html and "/static-docs/swagger-ui.css" in html
    assert "cdn." not in html and "fonts.googleapis" not in html and '"validatorUrl": null' in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert client.get(f"/static-docs/{asset}").status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc would fetch its logo from its CDN


def test_search_page_is_served_with_its_assets(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<form id="search-form" role="search"' in html and 'name="q"' in html
    assert "http://" not in html and "https://" not in html  # nothing from outside
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    for asset in ("/static/app.js", "/static/style.css"):
        got = client.get(asset)
        assert got.status_code == 200 and got.content
        assert b"https://" not in got.content.replace(b'"https:"', b"")  # only the URL check in app.js


# --- bounds ------------------------------------------------------------------------------


def test_oversized_query_is_refused(client):
    body = assert_json_error(client.get("/search", params={"q": "kata " * 1000}), 422, "query_too_long")
    assert "5,000" in body["message"] and "2,000" in body["message"]
    assert_json_error(client.post("/ask", json={"q": "x" * 2001}), 422, "query_too_long")
    assert_json_error(client.get("/units/" + "Pasal " * 400), 422, "query_too_long")


def test_oversized_request_is_refused(client):
    assert_json_error(client.get("/search", params={"q": "a" * 30_000}), 414, "request_too_large")
    big = json.dumps({"q": "paspor", "doc": ["x" * 1000] * 100})
    assert_json_error(client.post("/search", content=big, headers={"content-type": "application/json"}),
                      413, "request_too_large")

    def chunks():  # no Content-Length: the limit holds all the same
        for _ in range(100):
            yield b"x" * 1024

    assert_json_error(client.post("/search", content=chunks(), headers={"content-type": "application/json"}),
                      413, "request_too_large")


def test_request_head_over_the_http_limit_is_refused_without_a_trace(server):
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET /search?q=" + b"a" * (2 * 1024 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 400") and b"Traceback" not in reply


@pytest.mark.parametrize("params, code", [
    ({"q": "x", "k": 0}, "invalid_request"),
    ({"q": "x", "k": 101}, "invalid_request"),
    ({"q": "x", "k": "ten"}, "invalid_request"),
    ({"q": ""}, "invalid_request"),
    ({}, "invalid_request"),
    ({"q": "x", "family": "bogus"}, "invalid_request"),
    ({"q": "x", "language": "fr"}, "invalid_request"),
    ({"q": "x", "date_from": "last year"}, "invalid_request"),
    ({"q": "x", "doc": "no-such-document"}, "unknown_document"),
])
def test_bad_parameters_are_422(client, params, code):
    body = assert_json_error(client.get("/search", params=params), 422, code)
    assert body["message"]


def test_bad_bodies_and_routes(client):
    assert_json_error(client.post("/search", content=b"{not json", headers={"content-type": "application/json"}), 422)
    assert_json_error(client.post("/search", json={"q": "x", "unknown": 1}), 422, "invalid_request")
    assert_json_error(client.get("/nowhere"), 404, "not_found")
    assert_json_error(client.delete("/search"), 405, "method_not_allowed")
    assert_json_error(client.get("/ask", params={"q": "x", "k": 51}), 422, "invalid_request")


def test_writes_are_refused_without_allow_writes(client, slice_kb):
    before = slice_kb.index_info()["generation"]
    assert_json_error(client.post("/index"), 403, "writes_disabled")
    assert client.get("/index").json()["build"]["state"] == "idle"
    assert slice_kb.index_info()["generation"] == before


def test_test_delay_header_is_ignored_without_test_hooks(client):
    response = client.get("/search", params={"q": "paspor", "k": 1}, headers={"X-Kb-Test-Delay": "30"})
    assert response.status_code == 200
    assert response.elapsed.total_seconds() < 10
