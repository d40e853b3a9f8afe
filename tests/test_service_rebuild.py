"""An index rebuilt by `kb index` while `kb serve` runs: a stream of searches never fails,
the next requests use the new generation, and a document added meanwhile becomes
searchable without a restart."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from conftest import FIXTURES, make_slice_home
from serving import KbServer, run_kb

pytestmark = pytest.mark.slow

QUERIES = ["recruitment fees", "pelatihan bahasa", "CMW/C/GC/1 para 36", "hak pekerja migran",
           "ASEAN declaration protection", "paspor", "domestic workers wages", "UU 6 Tahun 2012 Pasal 1"]


@pytest.fixture(scope="module")
def served(tmp_path_factory, slice_kb):
    base = tmp_path_factory.mktemp("serve-rebuild")
    kb = make_slice_home(base / "home", cache_from=slice_kb.settings.indexes_dir / "cache")
    kb.index()
    with KbServer(kb.settings.home, log=base / "serve.log") as srv:
        yield kb, srv
    assert "Traceback" not in srv.output(), srv.output()


def test_searches_never_fail_during_a_rebuild(served):
    kb, srv = served
    home = kb.settings.home
    before = httpx.get(f"{srv.url}/health").json()["generation"]
    stop = threading.Event()
    outcomes: list[tuple[int, str | None, str]] = []  # (status, generation header, body start on failure)

    def stream(offset: int) -> None:
        with httpx.Client(base_url=srv.url, timeout=60) as client:
            i = offset
            while not stop.is_set():
                try:
                    r = client.get("/search", params={"q": QUERIES[i % len(QUERIES)], "k": 5})
                    ok = r.status_code == 200 and r.json()["results"]
                    outcomes.append((r.status_code if ok else -r.status_code, r.headers.get("x-kb-generation"),
                                     "" if ok else r.text[:300]))
                except httpx.HTTPError as exc:
                    outcomes.append((0, None, repr(exc)))
                i += 1

    clients = [threading.Thread(target=stream, args=(n,)) for n in range(2)]
    for t in clients:
        t.start()
    try:
        time.sleep(1.0)
        rebuild = run_kb(home, "index", "--rebuild", "-q", timeout=900)
        assert rebuild.returncode == 0, rebuild.stderr
        # the server switches to the new generation without a restart
        deadline = time.monotonic() + 30
        after = before
        while after == before and time.monotonic() < deadline:
            after = httpx.get(f"{srv.url}/health").json()["generation"]
            time.sleep(0.2)
        assert after != before
        mark = len(outcomes)
        time.sleep(2.0)
    finally:
        stop.set()
        for t in clients:
            t.join()
    failures = [o for o in outcomes if o[0] != 200]
    assert not failures, failures[:5]
    assert len(outcomes) >= 50, len(outcomes)  # a real stream, not a handful
    assert {o[1] for o in outcomes[mark + 4:]} == {after}  # the next requests use the new generation
    assert "loaded" in srv.output()


def test_a_document_added_and_indexed_is_found_without_restart(served):
    kb, srv = served
    home = kb.settings.home
    query = "trilingual maritime apprenticeship vouchers"  # only in the document added here
    before = httpx.get(f"{srv.url}/search", params={"q": query, "doc": "mou-sample-two"})
    assert before.status_code == 422 and before.json()["error"] == "unknown_document"
    doc = home.parent / "mou-two.txt"
    doc.write_text(FIXTURES.joinpath("mou-sample.en.txt").read_text(encoding="utf-8")
                   + "\n\nArticle 6\nThe Parties shall fund trilingual maritime apprenticeship vouchers for seafarers.\n",
                   encoding="utf-8")
    added = run_kb(home, "add", str(doc), "--id", "mou-sample-two", "--title", "Second MoU (test fixture)",
                   "--family", "bilateral", "--language", "en", "--parties", "IDN,XXM")
    assert added.returncode == 0, added.stderr
    indexed = run_kb(home, "index", "-q")
    assert indexed.returncode == 0, indexed.stderr
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = httpx.get(f"{srv.url}/search", params={"q": query, "k": 3})
        if r.status_code == 200 and r.json()["results"] and r.json()["results"][0]["doc_id"] == "mou-sample-two":
            break
        time.sleep(0.3)
    top = r.json()["results"][0]
    assert top["doc_id"] == "mou-sample-two" and top["citation"].endswith("art. 6"), top["citation"]
    docs = httpx.get(f"{srv.url}/documents").json()["documents"]
    assert next(d for d in docs if d["id"] == "mou-sample-two")["indexed"] is True
    filtered = httpx.get(f"{srv.url}/search", params={"q": query, "party": "XXM"}).json()["results"]
    assert filtered and {r["doc_id"] for r in filtered} == {"mou-sample-two"}
