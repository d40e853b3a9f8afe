"""What a developer embedding kb reads, on the real mirror through every interface: the
Python API, `kb ... --json`, the real `kb serve` on a loopback port and the real `kb mcp`
on stdio. Each case is a report of a ministry developer (round 10):

- a pinpoint citation's JSON carries `part_text`, the text `kb show` prints for the part;
- `recs` with no results says why, in JSON too (`message`);
- the MCP instructions say what the index holds and what it lacks, with the command;
- `HEAD` on GET endpoints; CORS only when asked for;
- a citation that is unclear (no document, a typo) is not "not found"; `doc` errors agree;
  an unknown body field or query parameter is named;
- a `doc` filter naming a document added but not indexed says so;
- typing.get_type_hints on the public API;
- one filter builder: a blank party is refused on every interface.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import typing

import httpx
import pytest

from conftest import FIXTURES, kb_env
from serving import KbServer, kb_server, run_kb

pytestmark = pytest.mark.slow

PINPOINT = "UU 18/2017 Pasal 6 ayat (1) huruf j"
PART = "j. menguasai dokumen perjalanan selama bekerja;"


@pytest.fixture(scope="module")
def server(full_kb, tmp_path_factory):
    with kb_server(full_kb.settings.home, log=tmp_path_factory.mktemp("contract-http") / "serve.log") as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


async def _mcp(home, calls: list[tuple[str, dict]]):
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "kb.cli", "mcp"], env=kb_env(home))
    async with Client(params, mode="legacy", read_timeout_seconds=180) as client:
        results = [await client.call_tool(name, args) for name, args in calls]
        return client.instructions, results


@pytest.fixture(scope="module")
def mcp_session(full_kb):
    return asyncio.run(_mcp(full_kb.settings.home, [
        ("get_unit", {"citation": PINPOINT}),
        ("recommendations", {}),
        ("search", {"query": "paspor", "party": [""]}),
    ]))


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert body["error"] == code, body
    assert "\n" not in body["message"] and "Traceback" not in response.text
    return body["message"]


# --- 1. the text of a pinpoint citation ----------------------------------------------------


def test_a_pinpoint_citation_carries_the_text_of_its_part_everywhere(full_kb, client, mcp_session):
    unit = full_kb.get(PINPOINT)
    python = unit.to_dict()
    assert python["locator"] == "Pasal 6 ayat (1) huruf j" and python["unit"] == "Pasal 6"
    assert python["part_text"] == PART  # what the text output prints, verbatim
    assert PART in python["text"] and len(python["text"]) > 2000  # `text` stays the whole Pasal
    shown = run_kb(full_kb.settings.home, "show", PINPOINT)
    assert shown.returncode == 0 and f"\n{PART}\n" in shown.stdout, shown.stdout
    cli = json.loads(run_kb(full_kb.settings.home, "show", PINPOINT, "--json").stdout)
    http = client.get(f"/units/{PINPOINT}").json()
    mcp = mcp_session[1][0].structured_content
    assert cli == http == mcp == python
    # the whole unit cited: no part; a search hit's part is its locator's
    assert full_kb.get("UU 18/2017 Pasal 6").to_dict()["part_text"] is None
    hit = full_kb.search(PINPOINT, k=1).hits[0]
    assert hit.to_dict()["part_text"] == PART


# --- 2. recommendations: why there are none ----------------------------------------------


def test_no_recommendations_says_why_in_json_too(full_kb, client, mcp_session):
    text = run_kb(full_kb.settings.home, "recs").stdout.strip()
    assert text.startswith("no recommendations: no concluding observations are indexed (CMW/C/IDN/CO/1"), text
    cli = json.loads(run_kb(full_kb.settings.home, "recs", "--json").stdout)
    http = client.get("/recs").json()
    mcp = mcp_session[1][1].structured_content
    for data in (cli, http, mcp):
        assert data["count"] == 0 and data["recommendations"] == []
        assert data["message"] == text  # the line the text output prints
    assert full_kb.recommendations_json()["message"] == text
    # filtered: the same reason (none are indexed at all), not "none match"
    assert client.get("/recs", params={"article": 21}).json()["message"] == text


# --- 3. the MCP instructions ----------------------------------------------------------------


def test_mcp_instructions_say_what_is_indexed_and_what_is_not(mcp_session):
    instructions = mcp_session[0]
    held, _, missing = instructions.partition("NOT indexed")
    assert "UU No. 18 Tahun 2017" in held and "CMW/C/GC/1" in held and "IJEPA (2007)" in held
    # the mirror has neither the Convention, nor the concluding observations, nor the MoUs
    assert "ICRMW" not in held and "concluding observations" not in held.lower()
    assert "ICRMW" in missing and "`kb corpus fetch icrmw`" in missing
    assert "CMW/C/IDN/CO/2" in missing and "`kb corpus fetch cmw-c-idn-co-2`" in missing
    assert "`kb add FILE --id mou-id-my-2022`" in missing
    assert "word for word" in missing  # the guidance on quoting follows


# --- 4. HEAD and CORS ----------------------------------------------------------------------


def test_head_is_answered_on_get_endpoints(client):
    for path in ("/health", f"/units/{PINPOINT}", "/documents", "/"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == 200 == got.status_code, (path, head.status_code)
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        if path != "/health":  # /health reports its uptime, which moves
            assert head.headers["content-length"] == str(len(got.content))
        assert "x-kb-generation" in head.headers
    assert client.head("/index").status_code == 200
    # no CORS unless configured
    assert "access-control-allow-origin" not in client.get("/health", headers={"Origin": "https://x.example"}).headers


def test_cors_is_opt_in(full_kb, tmp_path):
    origin = "https://portal.example.go.id"
    with KbServer(full_kb.settings.home, "--cors-origin", origin, log=tmp_path / "cors.log") as srv, \
            httpx.Client(base_url=srv.url, timeout=120) as c:
        pre = c.options("/search", headers={"Origin": origin, "Access-Control-Request-Method": "GET",
                                            "Access-Control-Request-Headers": "authorization"})
        assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == origin
        got = c.get("/search", params={"q": "paspor", "k": 1}, headers={"Origin": origin})
        assert got.headers["access-control-allow-origin"] == origin
        assert "X-Kb-Generation" in got.headers["access-control-expose-headers"]
        other = c.get("/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
    bad = subprocess.run([sys.executable, "-m", "kb.cli", "serve", "--port", "0"], capture_output=True, text=True,
                         env=kb_env(full_kb.settings.home, KB_SERVE_CORS_ORIGINS="portal.example.go.id/app"),
                         timeout=120, stdin=subprocess.DEVNULL)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "CORS origin" in bad.stderr, bad.stderr


# --- 5. status codes -----------------------------------------------------------------------


def test_an_unclear_citation_is_not_not_found(client):
    for path in ("/ask?q=Pasal 30", "/units/Pasal 30"):
        assert "of which document?" in _error(client.get(path), 422, "ambiguous_citation")
    for path in ("/ask?q=Psal 30 UU 18/2017", "/units/Psal 30 UU 18/2017"):
        assert "did you mean 'Pasal 30 UU 18/2017'?" in _error(client.get(path), 422, "invalid_citation")
    _error(client.get("/units/UU 18/2017 Pasal 999"), 404, "not_found")  # what is really missing
    # an unknown document is the same error on /search and /recs
    _error(client.get("/search", params={"q": "paspor", "doc": "nope"}), 422, "unknown_document")
    _error(client.get("/recs", params={"doc": "nope"}), 422, "unknown_document")


def test_unknown_fields_and_parameters_are_named(client):
    message = _error(client.post("/search", json={"query": "paspor"}), 422, "invalid_request")
    assert "'query'" in message and "'q'" in message and "request:" not in message, message
    message = _error(client.get(f"/units/{PINPOINT}", params={"foo": "1"}), 422, "invalid_request")
    assert "'foo'" in message and ":path" not in message and "/units/{citation}" in message, message
    message = _error(client.get("/search", params={"query": "paspor"}), 422, "invalid_request")
    assert "the query is 'q'" in message


def test_readme_lists_every_error_code():
    from pathlib import Path

    import kb.service.app as app

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    source = Path(app.__file__).read_text(encoding="utf-8")
    codes = {code for _status, code in app.KB_ERRORS.values()}
    codes |= {"method_not_allowed", "not_found", "invalid_request", "query_too_long", "request_too_large",
              "request_timeout", "unauthorized", "writes_disabled", "build_running", "internal", "busy", "timeout",
              "http_error"}
    for code in codes:
        assert f"`{code}`" in readme, code
    assert "method_not_allowed" in source


# --- 6. a document added, not indexed ------------------------------------------------------


def test_a_doc_filter_on_a_document_added_but_not_indexed(fresh_slice_home, tmp_path):
    kb = fresh_slice_home
    kb.index()
    with KbServer(kb.settings.home, log=tmp_path / "serve.log") as srv, \
            httpx.Client(base_url=srv.url, timeout=120) as c:
        added = run_kb(kb.settings.home, "add", str(FIXTURES / "persetujuan-contoh.id.txt"), "--id", "persetujuan-contoh",
                       "--title", "Persetujuan Contoh", "--family", "bilateral", "--language", "id")
        assert added.returncode == 0, added.stderr
        got = c.get("/search", params={"q": "pekerja", "doc": "persetujuan-contoh"})
        assert got.status_code == 200, got.text  # was 422 "unknown document id …; `kb corpus status` lists them"
        body = got.json()
        assert body["results"] == []
        # in the query's language ("pekerja": Indonesian; ux16)
        assert body["notes"] == ["Persetujuan Contoh (persetujuan-contoh) sudah ada di pustaka tetapi belum diindeks: "
                                 "jalankan `kb index` untuk mencarinya"]
    out = run_kb(kb.settings.home, "search", "pekerja", "--doc", "persetujuan-contoh")
    assert "belum diindeks: jalankan `kb index` untuk mencarinya" in out.stderr


# --- 7. type hints ---------------------------------------------------------------------------


def test_get_type_hints_on_the_public_api():
    import inspect

    import kb

    failed = []
    for name in kb.__all__:
        obj = getattr(kb, name)
        members = [obj] + [m.fget if isinstance(m, property) else m for n, m in inspect.getmembers(obj)
                           if not n.startswith("__")]
        for member in members:
            if callable(member):
                try:
                    typing.get_type_hints(member)
                except Exception as exc:  # noqa: BLE001 - every failure listed
                    failed.append(f"{name}.{getattr(member, '__name__', member)}: {exc}")
    assert failed == []
    assert typing.get_type_hints(kb.KnowledgeBase.ask)["return"] is kb.Answer
    # `import kb.api` (every command) still imports none of those types' modules
    probe = ("import sys, kb.api; print(sorted(m for m in ('kb.answer', 'kb.brief', 'kb.index.build', 'kb.recs', "
             "'kb.sources', 'kb.references', 'kb.structure.audit') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "[]"


# --- 8. one filter builder -------------------------------------------------------------------


def test_a_blank_party_is_refused_on_every_interface(full_kb, client, mcp_session):
    from kb.errors import InputError

    words = "party '' is not a code"
    with pytest.raises(InputError, match=words):
        full_kb.search("paspor", party="")
    assert words in run_kb(full_kb.settings.home, "search", "paspor", "--party", "").stderr
    assert words in _error(client.get("/search", params={"q": "paspor", "party": ""}), 422, "invalid_request")
    result = mcp_session[1][2]
    assert result.is_error and words in result.content[0].text
    # a code is read as every interface reads it: stripped, upper-cased
    assert full_kb.search("paspor", k=3, party=" idn").to_dict() == client.get(
        "/search", params={"q": "paspor", "k": 3, "party": " idn"}).json()
