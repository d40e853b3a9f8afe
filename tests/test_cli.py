"""The command line as users run it: lazy start-up, corpus status and fetch, and bad input
that must give one actionable line, a non-zero exit and no change to anything stored."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import pdfs
from conftest import FIXTURES, MIRROR, kb_env


def kb_cmd(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home, **env), timeout=300)


def snapshot(home: Path) -> dict[str, str]:
    """Every file under the state directory with its hash (locks and caches aside)."""
    out = {}
    for p in sorted(home.rglob("*")):
        if p.is_file() and p.name != ".lock":
            out[str(p.relative_to(home))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def assert_one_line_error(out: subprocess.CompletedProcess, *words: str) -> None:
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kb: error:"), out.stderr
    assert "Traceback" not in out.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])


def test_help_is_lazy():
    code = ("import sys, kb.cli, kb; "
            "heavy = [m for m in ('chromadb', 'numpy', 'torch', 'llama_index', 'bm25s', 'pypdf') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    out = subprocess.run([sys.executable, "-m", "kb.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "ask" in out.stdout and "search" in out.stdout


def test_status_and_fetch_from_the_mirror(tmp_path):
    home = tmp_path / "home"
    status = json.loads(kb_cmd(home, "corpus", "status", "--json").stdout)
    assert status and all(row["state"] == "missing" for row in status)
    assert any("kb corpus fetch" in (row["hint"] or "") for row in status)
    out = kb_cmd(home, "corpus", "fetch", "--from", str(MIRROR), "uu-6-2012", "cmw-gc-1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("fetched") == 2
    again = kb_cmd(home, "corpus", "fetch", "--from", str(MIRROR), "uu-6-2012")
    assert again.returncode == 0 and again.stdout.startswith("present")
    status = {r["id"]: r for r in json.loads(kb_cmd(home, "corpus", "status", "--json").stdout)}
    assert status["uu-6-2012"]["state"] == "present" and status["uu-18-2017"]["state"] == "missing"
    # kb show works from the library, before any index exists.
    shown = kb_cmd(home, "show", "UU 6/2012 Pasal 1 ayat (2)")
    assert shown.returncode == 0 and shown.stdout.startswith("UU No. 6 Tahun 2012, Pasal 1 ayat (2)")
    assert "(2) " in shown.stdout and "(1) " not in shown.stdout and "(bagian dari Pasal 1;" in shown.stdout
    assert_one_line_error(kb_cmd(home, "corpus", "fetch", "no-such-doc"), "unknown document id")
    assert_one_line_error(kb_cmd(home, "show", "UU 18/2017 Pasal 30"), "kb corpus fetch")


@pytest.fixture
def home_with_docs(tmp_path):
    home = tmp_path / "home"
    assert kb_cmd(home, "corpus", "fetch", "--from", str(MIRROR), "uu-6-2012").returncode == 0
    ok = kb_cmd(home, "add", str(FIXTURES / "mou-sample.en.txt"), "--id", "mou-example", "--title", "Example MoU",
                "--family", "bilateral", "--language", "en", "--parties", "IDN,XXL")
    assert ok.returncode == 0, ok.stderr
    assert "Article 3" in ok.stdout
    return home


def _bad_files(tmp: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    files = {
        "empty": (b"", ("empty",)),
        "binary": (bytes(range(256)) * 40, ("binary",)),
        "latin1": (("Pekerja migran berhak atas upah yang layak; tidak boleh dipotong sewenang-wenang. "
                    "Gaji dibayar tiap bulan – sesuai perjanjian kerja.").encode("cp1252"), ("utf-8",)),
        "corrupt": (pdfs.corrupt_pdf(), ("pdf",)),
        "truncated": (pdfs.truncated(pdfs.text_pdf([["Article 1", "A line of text for the test."]])), ("pdf",)),
        "encrypted": (pdfs.encrypted_pdf(), ("encrypted", "qpdf")),
        "scanned": (pdfs.graphics_only_pdf(), ("text layer", "ocr")),
    }
    out = {}
    for name, (data, words) in files.items():
        path = tmp / f"{name}.{'pdf' if name in ('corrupt', 'truncated', 'encrypted', 'scanned') else 'txt'}"
        path.write_bytes(data)
        out[name] = (path, words)
    return out


def test_bad_input_to_kb_add_changes_nothing(home_with_docs, tmp_path):
    home = home_with_docs
    before = snapshot(home)
    new = ["--id", "new-doc", "--title", "T", "--family", "bilateral", "--language", "en"]
    for name, (path, words) in _bad_files(tmp_path).items():
        assert_one_line_error(kb_cmd(home, "add", str(path), *new), *words)
        assert snapshot(home) == before, name
    good = FIXTURES / "mou-sample.en.txt"
    big = tmp_path / "big.txt"
    big.write_text("Article 1\nA long agreement.\n" * 5000, encoding="utf-8")
    cases = [
        (kb_cmd(home, "add", str(big), *new, KB_MAX_FILE_MB="0.01"), ("limit",)),
        (kb_cmd(home, "add", str(good), "--id", "mou-example", "--title", "T", "--family", "bilateral",
                "--language", "en"), ("already exists",)),
        (kb_cmd(home, "add", str(good), "--id", "../escape", "--title", "T", "--family", "bilateral",
                "--language", "en"), ("invalid document id",)),
        (kb_cmd(home, "add", str(good), "--id", "a/b", "--title", "T", "--family", "bilateral",
                "--language", "en"), ("invalid document id",)),
        (kb_cmd(home, "add", str(tmp_path / "missing.pdf"), *new), ("no such file",)),
        (kb_cmd(home, "add", str(good), "--id", "new-doc"), ("--title",)),
    ]
    for out, words in cases:
        assert_one_line_error(out, *words)
        assert snapshot(home) == before


def test_supplying_a_catalogue_document_kb_cannot_download(home_with_docs):
    home = home_with_docs
    out = kb_cmd(home, "add", str(FIXTURES / "mou-sample.en.txt"), "--id", "mou-id-my-2022")
    assert out.returncode == 0, out.stderr
    status = {r["id"]: r for r in json.loads(kb_cmd(home, "corpus", "status", "--json").stdout)}
    assert status["mou-id-my-2022"]["state"] == "present" and status["mou-id-my-2022"]["origin"] == "catalog"


def test_other_bad_input_is_one_line(home_with_docs, tmp_path):
    home = home_with_docs
    assert_one_line_error(kb_cmd(home, "search", "anything"), "kb index")
    assert_one_line_error(kb_cmd(home, "search", "  "), "query is empty")
    assert_one_line_error(kb_cmd(home, "show", "Pasal 3"), "which document")
    # before: "cannot tell which document '' cites"
    for command in ("show", "links"):
        assert_one_line_error(kb_cmd(home, command, " "), "the citation is empty")
    assert_one_line_error(kb_cmd(home, "show", "UU 6/2012 Pasal 7"), "has no Pasal 7")
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    assert_one_line_error(kb_cmd(home, "eval", str(bad)), "q.jsonl:1")
    assert_one_line_error(kb_cmd(home, "remove", "uu-6-2012"), "shipped catalogue")
    assert_one_line_error(kb_cmd(home, "index", KB_EMBEDDER="word2vec"), "unknown embedder")
    broken = tmp_path / "kb.toml"
    broken.write_text("[kb\nhome = ", encoding="utf-8")
    assert_one_line_error(kb_cmd(home, "corpus", "status", KB_CONFIG=str(broken)), "toml")
    usage = kb_cmd(home, "search", "x", "--family", "nope")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    # click's usage errors are one line too, naming the command's --help (were three:
    # "Usage: …", "Try 'kb add --help' for help.", "Error: Missing option '--id'.")
    for args, words in ((("add", str(tmp_path / "q.jsonl")), ("Missing option '--id'", "kb add --help")),
                        (("search", "paspor", "-k", "0"), ("'-k': 0 is not in the range", "kb search --help")),
                        (("nosuch",), ("No such command 'nosuch'", "kb --help"))):
        usage = kb_cmd(home, *args)
        lines = usage.stderr.strip().splitlines()
        assert usage.returncode == 2 and len(lines) == 1 and lines[0].startswith("kb: error: "), usage.stderr
        assert all(w in lines[0] for w in words), lines[0]


def test_added_documents_get_their_familys_status_unless_one_is_given(tmp_path):
    """Concluding observations added without --status are "adopted", as the catalogue's
    committee documents are; a law is "in force"; an explicit --status wins."""
    home = tmp_path / "home"
    mirror = tmp_path / "no-mirror"
    added = [
        ("co-xyz-1.en.txt", "co-a", "committee", "en", ()),
        ("perda-contoh.id.txt", "perda-a", "national-law", "id", ()),
        ("mou-sample.en.txt", "mou-a", "bilateral", "en", ("--status", "signed")),
    ]
    for name, doc_id, family, lang, extra in added:
        out = kb_cmd(home, "add", str(FIXTURES / name), "--id", doc_id, "--title", doc_id, "--family", family,
                     "--language", lang, *extra, KB_MIRROR=str(mirror))
        assert out.returncode == 0, out.stderr
    from kb import KnowledgeBase

    kb = KnowledgeBase.open(home, mirror=mirror)
    assert {d: kb.catalog.get(d).status for d in ("co-a", "perda-a", "mou-a")} == {
        "co-a": "adopted", "perda-a": "in force", "mou-a": "signed"}


def test_added_concluding_observations_are_cited_by_their_printed_symbol(tmp_path):
    """The symbol in the masthead becomes the document's symbol and citation, so the
    citation `kb recs` prints is one `kb show` accepts; a --citation given wins."""
    home = tmp_path / "home"
    env = {"KB_MIRROR": str(tmp_path / "no-mirror")}
    out = kb_cmd(home, "add", str(FIXTURES / "co-xyz-2.en.txt"), "--id", "co-x2", "--title",
                 "Concluding observations on the second periodic report of Xyrania", "--family", "committee",
                 "--language", "en", **env)
    assert out.returncode == 0, out.stderr
    shown = kb_cmd(home, "show", "CMW/C/XYZ/CO/2, para. 10", "--json", **env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["citation"].startswith("CMW/C/XYZ/CO/2, para. 10")
    out = kb_cmd(home, "add", str(FIXTURES / "co-xyz-1.en.txt"), "--id", "co-x1", "--title", "First", "--family",
                 "committee", "--language", "en", "--citation", "Xyrania CO 1", **env)
    assert out.returncode == 0, out.stderr
    shown = kb_cmd(home, "show", "CMW/C/XYZ/CO/1 para 5", "--json", **env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["citation"].startswith("Xyrania CO 1, para. 5")


def test_reversed_dates_are_refused_not_searched():
    from kb.catalog import Catalog
    from kb.config import BUILTIN_CATALOG
    from kb.errors import KbError
    from kb.search.filters import Filters, check_dates

    catalog = Catalog.load(BUILTIN_CATALOG)
    with pytest.raises(KbError, match=r"date_from 2020-01-01 is after date_to 2010-01-01"):  # the library's names
        Filters(date_from="2020-01-01", date_to="2010-01-01").validate(catalog)
    with pytest.raises(KbError, match=r"--date-from 2020 is after --date-to 2010"):  # the CLI's
        check_dates("2020", "2010", names=("--date-from", "--date-to"))
    with pytest.raises(KbError, match="swap"):
        Filters(date_from="2020", date_to="2010-05-01").validate(catalog)
    Filters(date_from="2010", date_to="2010-12-31").validate(catalog)


def test_a_copy_you_gave_of_a_catalogue_document_can_be_removed(tmp_path):
    # A fresh user added an MoU under the id of Indonesia's concluding observations
    # (no checksum known, so any file is taken) and could not undo it: "part of the
    # shipped catalogue and cannot be removed". The copy the user gave can be removed;
    # the catalogue entry stays and the document is missing again.
    home = tmp_path / "home"
    wrong = tmp_path / "mou.txt"
    wrong.write_text("Article 1\nThe Parties shall cooperate on the placement of workers.\n", encoding="utf-8")
    added = kb_cmd(home, "add", str(wrong), "--id", "cmw-c-idn-co-2")
    assert added.returncode == 0 and "never prints CMW/C/IDN/CO/2" in added.stderr, added.stderr
    status = {r["id"]: r for r in json.loads(kb_cmd(home, "corpus", "status", "--json").stdout)}
    assert status["cmw-c-idn-co-2"]["state"] == "present"
    out = kb_cmd(home, "remove", "cmw-c-idn-co-2")
    assert out.returncode == 0 and "catalogue entry stays" in out.stdout, out.stderr
    status = {r["id"]: r for r in json.loads(kb_cmd(home, "corpus", "status", "--json").stdout)}
    assert status["cmw-c-idn-co-2"]["state"] != "present" and status["cmw-c-idn-co-2"]["origin"] == "catalog"
    assert_one_line_error(kb_cmd(home, "remove", "cmw-c-idn-co-2"), "shipped catalogue", "no local copy")
    right = tmp_path / "co.txt"
    right.write_text("CMW/C/IDN/ CO/2\nConcluding observations\n1. The Committee considered the report.\n",
                     encoding="utf-8")
    again = kb_cmd(home, "add", str(right), "--id", "cmw-c-idn-co-2")
    assert again.returncode == 0 and "never prints" not in again.stderr, again.stderr
