"""The library: mirror imports, downloads over a real loopback HTTP server, `kb add`,
and where state lives. Real files and sockets throughout; nothing is mocked."""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kb.catalog import Catalog
from kb.config import BUILTIN_CATALOG, Settings, load_settings
from kb.errors import CatalogError, KbError, ReadError, SourceError
from kb.models import Document
from kb.sources import Library, sha256_file

from conftest import MIRROR, mirror_file


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, byte for byte (but the library's empty lock file)."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def shipped_library(home: Path, mirror: Path | None = MIRROR, **kw) -> Library:
    settings = Settings(home=home, mirror=mirror, catalog=BUILTIN_CATALOG, **kw)
    return Library(settings, Catalog.load(BUILTIN_CATALOG, settings.user_catalog))


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text
    return text


# --------------------------------------------------------------------------- mirror


def test_fetch_from_mirror_verifies_and_status_reports(tmp_path, mirror):
    lib = shipped_library(tmp_path / "home")
    seen: list[tuple[str, int, int | None]] = []
    results = lib.fetch(["uu-6-2012", "cmw-gc-1"], progress=lambda *a: seen.append(a))

    assert [(r.doc_id, r.status, r.verified) for r in results] == [
        ("uu-6-2012", "fetched", True),
        ("cmw-gc-1", "fetched", True),
    ]
    for r in results:
        doc = lib.catalog.get(r.doc_id)
        assert r.path == lib.local_path(r.doc_id)
        assert r.path.read_bytes() == mirror_file(r.doc_id).read_bytes()
        assert sha256_file(r.path) == doc.sha256 == lib.content_hash(r.doc_id)
        meta = json.loads((r.path.parent / "meta.json").read_text())
        assert meta["sha256"] == doc.sha256 and meta["bytes"] == r.path.stat().st_size
        assert meta["source"].startswith("mirror:") and meta["doc_id"] == r.doc_id
        assert r.path.parent == tmp_path / "home" / "library" / r.doc_id
        # nothing but the file and its meta.json
        assert sorted(p.name for p in r.path.parent.iterdir()) == sorted([r.path.name, "meta.json"])
    assert {d for d, _, _ in seen} == {"uu-6-2012", "cmw-gc-1"}
    assert seen[-1][1] == seen[-1][2] == mirror_file("cmw-gc-1").stat().st_size

    status = {s.doc_id: s for s in lib.status()}
    assert len(status) == len(lib.catalog)
    assert status["uu-6-2012"].present and status["uu-6-2012"].path == lib.local_path("uu-6-2012")
    assert status["cmw-gc-1"].present
    missing = status["uu-39-2004"]  # in the mirror, not fetched yet
    assert missing.state == "missing" and missing.path is None and "kb corpus fetch" in missing.hint
    assert str(mirror) in missing.hint
    assert "https://www.ohchr.org/" in status["icrmw"].hint  # downloadable
    assert "kb add" in status["mou-id-my-2022"].hint  # nowhere to get it from
    assert sum(s.present for s in status.values()) == 2

    # A second fetch does no work.
    again = lib.fetch(["uu-6-2012"])
    assert again[0].status == "present" and again[0].verified


def test_fetch_all_reports_each_document(tmp_path, mirror):
    lib = shipped_library(tmp_path / "home")
    results = {r.doc_id: r for r in lib.fetch(["uu-6-2012", "mou-id-my-2022", "uu-39-2004"])}
    assert results["uu-6-2012"].status == results["uu-39-2004"].status == "fetched"
    assert results["mou-id-my-2022"].status == "missing"
    assert "kb add" in results["mou-id-my-2022"].message
    assert not (tmp_path / "home" / "library" / "mou-id-my-2022").exists()


def _partial_mirror(root: Path, ids: list[str], alter: str | None = None) -> Path:
    """A copy of a few mirrored documents (under tmp_path, never in the repository)."""
    manifest = json.loads((MIRROR / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["documents"] if e["id"] in ids]
    for e in entries:
        dest = root / e["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MIRROR / e["file"], dest)
        if e["id"] == alter:
            data = dest.read_bytes()
            dest.write_bytes(data.replace(b"a", b"o", 1))
    (root / "manifest.json").write_text(json.dumps({"documents": entries}), encoding="utf-8")
    return root


def test_altered_mirror_file_is_refused_and_local_copy_untouched(tmp_path, mirror):
    lib = shipped_library(tmp_path / "home")
    assert lib.fetch(["uu-6-2012"])[0].status == "fetched"
    library = tmp_path / "home" / "library"
    before = snapshot(library)

    bad = _partial_mirror(tmp_path / "bad-mirror", ["uu-6-2012", "cmw-gc-1"], alter="cmw-gc-1")
    results = {r.doc_id: r for r in lib.fetch(["uu-6-2012", "cmw-gc-1"], from_dir=bad)}
    assert results["uu-6-2012"].status == "present"
    err = results["cmw-gc-1"]
    assert err.status == "error"
    expected = lib.catalog.get("cmw-gc-1").sha256
    actual = sha256_file(bad / "committee" / "cmw-c-gc-1.en.txt")
    assert "checksum" in err.message and expected in err.message and actual in err.message
    assert "\n" not in err.message
    assert snapshot(library) == before  # no cmw-gc-1 folder, no temp, uu-6-2012 as it was

    # A local copy that is not right (edited by hand) is re-fetched, but a bad mirror
    # copy never replaces it: it stays exactly as it was.
    _partial_mirror(tmp_path / "bad2", ["uu-6-2012"], alter="uu-6-2012")
    local = lib.local_path("uu-6-2012")
    local.write_bytes(local.read_bytes().replace(b"e", b"E", 1))
    damaged = snapshot(library)
    assert {s.doc_id: s.state for s in lib.status()}["uu-6-2012"] == "damaged"
    r = lib.fetch(["uu-6-2012"], from_dir=tmp_path / "bad2")[0]
    assert r.status == "error" and "checksum" in r.message
    assert snapshot(library) == damaged
    # ... and the real mirror repairs it.
    assert lib.fetch(["uu-6-2012"])[0].status == "fetched"
    assert lib.local_path("uu-6-2012").read_bytes() == mirror_file("uu-6-2012").read_bytes()


@pytest.mark.parametrize("where", ["manifest", "catalogue"])
@pytest.mark.parametrize("bad_path", ["../x", "sub/../../x", "/etc/hostname"])
def test_paths_escaping_the_mirror_are_refused(tmp_path, where, bad_path):
    good = mirror_file("uu-6-2012").read_bytes()
    (tmp_path / "x").write_bytes(good)  # what "../x" would reach: the right bytes, still refused
    root = tmp_path / "m"
    root.mkdir()
    if where == "manifest":
        entries = [{"id": "uu-6-2012", "file": bad_path, "sha256": sha(good)}]
        (root / "manifest.json").write_text(json.dumps({"documents": entries}))
        lib = shipped_library(tmp_path / "home", mirror=None)
    else:
        settings = Settings(home=tmp_path / "home", catalog=BUILTIN_CATALOG)
        doc = replace(Catalog.load(BUILTIN_CATALOG).get("uu-6-2012"), file=bad_path)
        lib = Library(settings, Catalog([doc]))
    r = lib.fetch(["uu-6-2012"], from_dir=root)[0]
    assert r.status == "error" and "refused" in r.message and bad_path in r.message
    assert snapshot(tmp_path / "home" / "library") == {}


def test_symlink_leaving_the_mirror_is_refused(tmp_path):
    good = mirror_file("uu-6-2012").read_bytes()
    (tmp_path / "x").write_bytes(good)
    root = tmp_path / "m"
    root.mkdir()
    (root / "link.txt").symlink_to(tmp_path / "x")
    entries = [{"id": "uu-6-2012", "file": "link.txt", "sha256": sha(good)}]
    (root / "manifest.json").write_text(json.dumps({"documents": entries}))
    lib = shipped_library(tmp_path / "home", mirror=None)
    r = lib.fetch(["uu-6-2012"], from_dir=root)[0]
    assert r.status == "error" and "refused" in r.message
    assert snapshot(tmp_path / "home" / "library") == {}


def test_mirror_without_manifest_found_by_checksum(tmp_path):
    root = tmp_path / "loose"
    root.mkdir()
    shutil.copyfile(mirror_file("uu-6-2012"), root / "renamed-by-someone.txt")
    lib = shipped_library(tmp_path / "home", mirror=None)
    r = lib.fetch(["uu-6-2012"], from_dir=root)[0]
    assert r.status == "fetched" and r.verified
    assert lib.local_path("uu-6-2012").name == "renamed-by-someone.txt"
    with pytest.raises(SourceError):
        lib.fetch(["uu-6-2012"], from_dir=tmp_path / "does-not-exist")


# --------------------------------------------------------------------------- HTTP

Handler = Callable[[http.server.BaseHTTPRequestHandler, int], None]


class LoopbackServer:
    """A real HTTP server on 127.0.0.1; routes map a path to handler(request, hit_number)."""

    def __init__(self):
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.ranges: list[str | None] = []
        server = self

        class RequestHandler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.hits[self.path] += 1
                server.ranges.append(self.headers.get("Range"))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                route(self, server.hits[self.path])

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(body: bytes, *, length: bool = True, ranges: bool = False) -> Handler:
    """A handler sending `body` (honouring Range requests when `ranges`)."""

    def handle(req, hit):
        start = 0
        m = re.fullmatch(r"bytes=(\d+)-", req.headers.get("Range") or "")
        if ranges and m and int(m.group(1)) < len(body):
            start = int(m.group(1))
            req.send_response(206)
            req.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            req.send_response(200)
        if ranges:
            req.send_header("Accept-Ranges", "bytes")
        if length:
            req.send_header("Content-Length", str(len(body) - start))
        req.end_headers()
        req.wfile.write(body[start:])

    return handle


def drop_midway(body: bytes, first_ok_hit: int | None, then: Handler | None = None) -> Handler:
    """Announce the full length, send half, close the connection; from hit
    `first_ok_hit` on, hand over to `then`."""

    def handle(req, hit):
        if first_ok_hit is not None and hit >= first_ok_hit:
            return then(req, hit)
        req.send_response(200)
        req.send_header("Content-Length", str(len(body)))
        req.send_header("Accept-Ranges", "bytes")
        req.end_headers()
        req.wfile.write(body[: len(body) // 2])
        req.wfile.flush()
        req.close_connection = True

    return handle


@pytest.fixture
def server():
    srv = LoopbackServer()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


BODY = ("Article 1\nEvery migrant worker shall have the right to a test document.\n" * 400).encode()


def http_library(tmp_path: Path, docs: list[Document], **settings_kw) -> Library:
    settings = Settings(home=tmp_path / "home", catalog=BUILTIN_CATALOG, **settings_kw)
    return Library(settings, Catalog(docs, settings.user_catalog), retry_delays=(0.01, 0.02), timeout=5)


def web_doc(doc_id: str, url: str, url_sha256: str | None) -> Document:
    return Document(
        id=doc_id, title=f"Test {doc_id}", citation=doc_id, family="convention", language="en",
        url=url, url_sha256=url_sha256,
    )


def test_download_verified(tmp_path, server):
    server.routes["/good.txt"] = serve(BODY)
    lib = http_library(tmp_path, [web_doc("good", server.url("/good.txt"), sha(BODY))])
    progress: list[tuple[str, int, int | None]] = []
    r = lib.fetch(progress=lambda *a: progress.append(a))[0]
    assert r.status == "fetched" and r.verified, r.message
    assert r.path.read_bytes() == BODY and r.path.name == "good.txt"
    meta = json.loads((r.path.parent / "meta.json").read_text())
    assert meta["source"] == "url:" + server.url("/good.txt") and meta["sha256"] == sha(BODY)
    assert progress[-1] == ("good", len(BODY), len(BODY))
    assert lib.fetch()[0].status == "present"
    assert server.hits["/good.txt"] == 1


def test_mirror_only_fetch_does_not_download(tmp_path, server):
    server.routes["/good.txt"] = serve(BODY)
    lib = http_library(tmp_path, [web_doc("good", server.url("/good.txt"), sha(BODY))])
    r = lib.fetch(download=False)[0]
    assert r.status == "missing" and server.url("/good.txt") in r.message
    assert server.hits["/good.txt"] == 0


def test_download_without_known_checksum_records_it(tmp_path, server):
    server.routes["/doc"] = serve(BODY, length=False)  # close-delimited, no Content-Length
    lib = http_library(tmp_path, [web_doc("nosum", server.url("/doc"), None)])
    r = lib.fetch()[0]
    assert r.status == "fetched" and not r.verified
    assert "no checksum" in r.message and sha(BODY) in r.message
    assert json.loads((r.path.parent / "meta.json").read_text())["sha256"] == sha(BODY)
    assert lib.fetch()[0].status == "present"


def test_download_wrong_checksum_refused_nothing_left(tmp_path, server):
    server.routes["/good.txt"] = serve(BODY)
    lib = http_library(tmp_path, [web_doc("wrong", server.url("/good.txt"), "0" * 64)])
    r = lib.fetch()[0]
    assert r.status == "error" and "checksum" in r.message and "0" * 64 in r.message and sha(BODY) in r.message
    assert not (tmp_path / "home" / "library" / "wrong").exists()
    assert lib.local_path("wrong") is None


def test_failed_redownload_keeps_the_existing_copy(tmp_path, server):
    server.routes["/v1"] = serve(BODY)
    lib = http_library(tmp_path, [web_doc("doc", server.url("/v1"), sha(BODY))])
    assert lib.fetch()[0].status == "fetched"
    before = snapshot(tmp_path / "home" / "library")
    # The catalogue now expects another version, but the server still has the old one.
    lib2 = http_library(tmp_path, [web_doc("doc", server.url("/v1"), "f" * 64)])
    assert {s.doc_id: s.state for s in lib2.status()}["doc"] == "damaged"
    r = lib2.fetch()[0]
    assert r.status == "error" and "checksum" in r.message
    assert snapshot(tmp_path / "home" / "library") == before


@pytest.mark.parametrize("resumable", [True, False])
def test_dropped_connection_is_retried(tmp_path, server, resumable):
    server.routes["/flaky"] = drop_midway(BODY, first_ok_hit=2, then=serve(BODY, ranges=resumable))
    lib = http_library(tmp_path, [web_doc("flaky", server.url("/flaky"), sha(BODY))])
    r = lib.fetch()[0]
    assert r.status == "fetched" and r.verified, r.message
    assert r.path.read_bytes() == BODY
    assert server.hits["/flaky"] == 2
    assert server.ranges == [None, f"bytes={len(BODY) // 2}-"]  # asked to resume either way
    assert sorted(p.name for p in r.path.parent.iterdir()) == ["flaky.txt", "meta.json"]


def test_server_error_then_success(tmp_path, server):
    def flaky(req, hit):
        if hit == 1:
            req.send_error(503, "Busy")
        else:
            serve(BODY)(req, hit)

    server.routes["/busy"] = flaky
    lib = http_library(tmp_path, [web_doc("busy", server.url("/busy"), sha(BODY))])
    assert lib.fetch()[0].status == "fetched"
    assert server.hits["/busy"] == 2


def test_always_dropping_gives_up_without_partial_file(tmp_path, server):
    server.routes["/drop"] = drop_midway(BODY, first_ok_hit=None)
    server.routes["/ok"] = serve(BODY)
    lib = http_library(
        tmp_path, [web_doc("drop", server.url("/drop"), None), web_doc("ok", server.url("/ok"), sha(BODY))]
    )
    results = {r.doc_id: r for r in lib.fetch()}
    assert results["drop"].status == "error"
    assert "3 attempts" in results["drop"].message and "\n" not in results["drop"].message
    assert server.hits["/drop"] == 3
    assert not (tmp_path / "home" / "library" / "drop").exists()
    assert results["ok"].status == "fetched"  # one failure does not stop the others


def test_not_found_is_a_clear_error(tmp_path, server):
    lib = http_library(tmp_path, [web_doc("gone", server.url("/missing.pdf"), None)])
    r = lib.fetch()[0]
    assert r.status == "error" and "404" in r.message and server.url("/missing.pdf") in r.message
    assert server.hits["/missing.pdf"] == 1  # a 404 is not retried
    assert not (tmp_path / "home" / "library" / "gone").exists()


@pytest.mark.parametrize("length", [True, False])
def test_oversize_download_refused(tmp_path, server, length):
    server.routes["/big"] = serve(BODY, length=length)
    lib = http_library(tmp_path, [web_doc("big", server.url("/big"), None)], max_file_bytes=len(BODY) // 3)
    r = lib.fetch()[0]
    assert r.status == "error" and "limit" in r.message
    assert server.hits["/big"] == 1
    assert not (tmp_path / "home" / "library" / "big").exists()


def test_html_instead_of_pdf_refused(tmp_path, server):
    page = b"<!DOCTYPE html><html><body>Please log in</body></html>"
    server.routes["/law.pdf"] = serve(page)
    lib = http_library(tmp_path, [web_doc("law", server.url("/law.pdf"), None)])
    r = lib.fetch()[0]
    assert r.status == "error" and "PDF" in r.message
    assert not (tmp_path / "home" / "library" / "law").exists()


def test_interrupt_leaves_no_partial_file(tmp_path, server):
    server.routes["/slow"] = serve(BODY * 4)
    lib = http_library(tmp_path, [web_doc("slow", server.url("/slow"), None)])

    def interrupt(doc_id, done, total):
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        lib.fetch(progress=interrupt)
    assert not (tmp_path / "home" / "library" / "slow").exists()


def test_non_http_and_malformed_urls_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(BODY)
    lib = http_library(
        tmp_path, [web_doc("local", secret.as_uri(), None), web_doc("badport", "http://127.0.0.1:99999x/", None)]
    )
    results = lib.fetch()
    assert [r.status for r in results] == ["error", "error"]
    assert "http" in results[0].message
    assert snapshot(tmp_path / "home" / "library") == {}


# --------------------------------------------------------------------------- add / remove

MOU_TEXT = (
    "MEMORANDUM OF UNDERSTANDING ON THE RECRUITMENT OF TEST WORKERS\n\n"
    "Article 1\nPurpose\nThe Parties shall cooperate on the protection of workers.\n\n"
    "Article 2\nWages\nEmployers shall pay wages in full, on time, into the worker's own account.\n\n"
    "Article 3\nDocuments\nEmployers shall not hold the worker's passport.\n"
)


def user_doc(doc_id: str = "mou-test-2024") -> Document:
    return Document(
        id=doc_id, title="Test MoU", citation="Test MoU 2024", family="bilateral", language="en", scheme="generic",
    )


@pytest.fixture
def lib(tmp_path) -> Library:
    return shipped_library(tmp_path / "home")


def test_add_good_text_file(tmp_path, lib):
    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    stored = lib.add(src, user_doc())
    assert stored.origin == "user" and stored.sha256 == sha(src.read_bytes()) and stored.format == "text"
    assert lib.local_path(stored.id).read_bytes() == src.read_bytes()
    assert lib.content_hash(stored.id) == stored.sha256
    meta = json.loads((lib.local_path(stored.id).parent / "meta.json").read_text())
    assert meta["source"] == f"user:{src.resolve()}"
    # Recorded in the user catalogue on disk, and visible to a fresh load.
    fresh = Catalog.load(BUILTIN_CATALOG, lib.settings.user_catalog)
    assert fresh.get(stored.id) == stored
    assert {s.doc_id: s.state for s in Library(lib.settings, fresh).status()}[stored.id] == "present"
    assert lib.fetch([stored.id])[0].status == "present"


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, Document]]:
    def f(name: str, data: bytes) -> Path:
        p = tmp_path / "inputs" / name
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
        return p

    good = f("good.txt", MOU_TEXT.encode())
    return {
        "empty": (f("empty.txt", b""), user_doc("new-1")),
        "blank": (f("blank.txt", b" \n\n \t\n"), user_doc("new-1")),
        "binary": (f("blob.bin", bytes(range(256)) * 40), user_doc("new-1")),
        "png": (f("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500), user_doc("new-1")),
        "latin1": (f("latin1.txt", "Pasal 1\nPekerja migran berhak atas upah. Café à São Paulo\n".encode("latin-1")),
                   user_doc("new-1")),
        "corrupt-pdf": (f("broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + b"\x13\x37" * 300),
                        user_doc("new-1")),
        "directory": (tmp_path / "inputs", user_doc("new-1")),
        "missing": (tmp_path / "inputs" / "nope.txt", user_doc("new-1")),
        "shipped-id": (good, user_doc("uu-18-2017")),
        "user-id-taken": (good, user_doc("mou-test-2024")),
        "slash-id": (good, user_doc("mou/x")),
        "dotdot-id": (good, user_doc("../mou")),
        "dotdot-inside-id": (good, user_doc("mou..x")),
        "upper-id": (good, user_doc("MoU-1")),
        "reserved-id": (good, user_doc("user-catalog.json")),
        "bad-family": (good, replace(user_doc("new-1"), family="memo")),
    }


BAD_CASES = [
    "empty", "blank", "binary", "png", "latin1", "corrupt-pdf", "directory", "missing", "shipped-id",
    "user-id-taken", "slash-id", "dotdot-id", "dotdot-inside-id", "upper-id", "reserved-id", "bad-family",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_add_refuses_bad_input_and_changes_nothing(tmp_path, lib, case):
    # A library with a fetched document and a user document already in it.
    assert lib.fetch(["uu-6-2012"])[0].status == "fetched"
    first = tmp_path / "first.txt"
    first.write_text(MOU_TEXT, encoding="utf-8")
    lib.add(first, user_doc("mou-test-2024"))
    home = tmp_path / "home"
    before = snapshot(home)
    ids_before = [d.id for d in lib.catalog]

    path, doc = _bad_inputs(tmp_path)[case]
    with pytest.raises(KbError) as info:
        lib.add(path, doc)
    one_line(info.value)
    if case in ("empty", "blank", "binary", "png", "latin1", "corrupt-pdf"):
        assert isinstance(info.value, ReadError)
        assert path.name in str(info.value)
    if case.endswith("-id") or case == "bad-family":
        assert isinstance(info.value, CatalogError)
    if case == "latin1":
        assert "UTF-8" in str(info.value)
    assert snapshot(home) == before
    assert [d.id for d in lib.catalog] == ids_before


def test_add_refuses_oversize_file(tmp_path):
    lib = shipped_library(tmp_path / "home", max_file_bytes=100)
    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        lib.add(src, user_doc())
    assert "limit" in one_line(info.value)
    assert snapshot(tmp_path / "home") == {}


def test_add_refuses_when_user_catalogue_changed_meanwhile(tmp_path, lib):
    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    lib.add(src, user_doc("mou-a"))
    before = snapshot(tmp_path / "home")
    # Another process changed the user catalogue since ours was loaded: refuse rather
    # than overwrite its entry.
    other = Library(lib.settings, Catalog.load(BUILTIN_CATALOG, lib.settings.user_catalog))
    lib.settings.user_catalog.write_text(json.dumps({"documents": []}))
    with pytest.raises(CatalogError):
        other.add(src, user_doc("mou-b"))
    assert not (tmp_path / "home" / "library" / "mou-b").exists()
    lib.settings.user_catalog.write_bytes(before["library/user-catalog.json"])
    assert snapshot(tmp_path / "home") == before


class InterruptedCatalog(Catalog):
    """Ctrl-C at the worst moment: the file is copied, the catalogue not yet written."""

    def add_user_document(self, doc):
        raise KeyboardInterrupt


def test_add_interrupted_after_copy_rolls_back(tmp_path, lib):
    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    lib.add(src, user_doc("mou-a"))
    before = snapshot(tmp_path / "home")
    docs = list(Catalog.load(BUILTIN_CATALOG, lib.settings.user_catalog))
    flaky = Library(lib.settings, InterruptedCatalog(docs, lib.settings.user_catalog))
    with pytest.raises(KeyboardInterrupt):
        flaky.add(src, user_doc("mou-b"))
    assert snapshot(tmp_path / "home") == before
    assert not (tmp_path / "home" / "library" / "mou-b").exists()


def test_remove_user_document(tmp_path, lib):
    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    lib.add(src, user_doc("mou-a"))
    lib.add(src, user_doc("mou-b"))
    assert lib.fetch(["uu-6-2012"])[0].status == "fetched"
    removed = lib.remove("mou-a")
    assert removed.id == "mou-a"
    assert lib.local_path("mou-a") is None and not (tmp_path / "home" / "library" / "mou-a").exists()
    fresh = Catalog.load(BUILTIN_CATALOG, lib.settings.user_catalog)
    assert "mou-a" not in fresh and "mou-b" in fresh
    assert lib.local_path("mou-b") is not None and lib.local_path("uu-6-2012") is not None
    with pytest.raises(CatalogError):
        lib.remove("uu-6-2012")  # shipped documents are not removable
    assert lib.local_path("uu-6-2012") is not None
    with pytest.raises(CatalogError):
        lib.remove("../uu-6-2012")


def test_local_path_needs_intact_meta(tmp_path, lib):
    assert lib.fetch(["uu-6-2012"])[0].status == "fetched"
    meta_path = lib.local_path("uu-6-2012").parent / "meta.json"
    good = meta_path.read_bytes()
    meta_path.write_text("{not json")
    assert lib.local_path("uu-6-2012") is None and lib.content_hash("uu-6-2012") is None
    meta = json.loads(good)
    for broken in ({**meta, "file": "../../x"}, {**meta, "doc_id": "other"}, {**meta, "bytes": 1}):
        meta_path.write_text(json.dumps(broken))
        assert lib.local_path("uu-6-2012") is None
    meta_path.write_bytes(good)
    assert lib.local_path("uu-6-2012") is not None


def test_supply_a_copy_of_a_catalogue_document(tmp_path):
    """A document the catalogue lists but kb cannot download (a bilateral MoU): the user's
    copy becomes its local copy; with no checksum known, the computed one is recorded."""
    settings = Settings(home=tmp_path / "home", catalog=BUILTIN_CATALOG)
    mou = Document(id="mou-x", title="MoU X", citation="MoU X", family="bilateral", language="en",
                   scheme="generic", official_source="treaty.kemlu.go.id")
    checked = replace(Catalog.load(BUILTIN_CATALOG).get("uu-6-2012"), scheme="generic")
    lib = Library(settings, Catalog([mou, checked], settings.user_catalog))
    assert "kb add FILE --id mou-x" in {s.doc_id: s for s in lib.status()}["mou-x"].hint

    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    r = lib.supply("mou-x", src)
    assert r.status == "fetched" and not r.verified and sha(src.read_bytes()) in r.message
    assert lib.local_path("mou-x").read_bytes() == src.read_bytes()
    assert {s.doc_id: s.state for s in lib.status()}["mou-x"] == "present"
    assert lib.supply("mou-x", src).status == "present"
    assert not settings.user_catalog.exists()  # still a catalogue document, not a user one

    before = snapshot(tmp_path / "home")
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ReadError):
        lib.supply("mou-x", blob)
    # The catalogue knows uu-6-2012's checksum: another version is refused...
    other = tmp_path / "uu6.txt"
    other.write_bytes(mirror_file("uu-6-2012").read_bytes() + b"\nPasal 99\nTambahan.\n")
    with pytest.raises(SourceError) as info:
        lib.supply("uu-6-2012", other)
    assert checked.sha256 in one_line(info.value) and sha(other.read_bytes()) in str(info.value)
    with pytest.raises(CatalogError):
        lib.supply("not-in-catalogue", src)
    assert snapshot(tmp_path / "home") == before
    # ... the right one is accepted and verified.
    shutil.copyfile(mirror_file("uu-6-2012"), other)
    r = lib.supply("uu-6-2012", other)
    assert r.status == "fetched" and r.verified


# --------------------------------------------------------------------------- state directory


def test_kb_home_moves_all_state(tmp_path, monkeypatch):
    home = tmp_path / "state"
    elsewhere = tmp_path / "default-home"
    monkeypatch.setenv("KB_HOME", str(home))
    monkeypatch.setenv("KB_MIRROR", str(MIRROR))
    monkeypatch.setenv("HOME", str(elsewhere))
    monkeypatch.setenv("XDG_DATA_HOME", str(elsewhere / "share"))
    monkeypatch.delenv("KB_CONFIG", raising=False)
    monkeypatch.delenv("KB_CATALOG", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.home == home.resolve()

    lib = Library(settings, Catalog.load(settings.catalog, settings.user_catalog))
    assert lib.fetch(["uu-6-2012"])[0].status == "fetched"
    src = tmp_path / "mou.txt"
    src.write_text(MOU_TEXT, encoding="utf-8")
    lib.add(src, user_doc())

    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written - {"mou.txt"} and all(w.startswith("state/library/") for w in written - {"mou.txt"})
    assert "state/library/user-catalog.json" in written
    assert not elsewhere.exists()


def test_offline_fetch_says_the_network_is_unreachable_and_names_the_file(tmp_path, monkeypatch):
    """Offline, name resolution fails; the error must say so in words and name the file
    to download elsewhere, not print a socket error. (No network in tests: the resolver
    failing is what an offline machine gives, reproduced by replacing getaddrinfo.)"""
    import socket

    def offline(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    url = "https://www.ohchr.org/sites/default/files/cmw.pdf"
    lib = http_library(tmp_path, [web_doc("icrmw", url, None)])
    result = lib.fetch()[0]
    assert result.status == "error"
    assert "network is unreachable" in result.message and url in result.message
    assert "kb add FILE --id icrmw" in result.message
    assert "gaierror" not in result.message and "Errno" not in result.message
    assert snapshot(tmp_path / "home" / "library") == {}
