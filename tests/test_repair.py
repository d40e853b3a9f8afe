"""Broken state, repaired: every file of an index generation damaged in turn, a lost
CURRENT pointer, a malformed manifest, a damaged embedding cache, a read-only home, a full
disk, a library file edited by hand. Each must end in one clear line, leave everything
intact untouched, and the recovery the line names must work."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MIRROR, kb_env
from kb.errors import IndexDamaged
from kb.index import generation as gens
from sandbox import Outputs, kb_line, run_script

pytestmark = pytest.mark.slow

QUERY = "care worker rest day each week"


def kb_cmd(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home, **env), timeout=900)


def one_line_error(out, *words: str) -> str:
    """The run failed with exactly one `kb: error:` line (notes aside), no traceback."""
    rc = out.returncode if hasattr(out, "returncode") else out.rc
    err = out.stderr if hasattr(out, "stderr") else out.err
    assert rc == 1, (rc, err)
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    errors = [line for line in lines if line.startswith("kb: error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], err  # progress lines of `kb index` may come before
    for word in words:
        assert word.lower() in errors[0].lower(), (word, errors[0])
    return errors[0]


def top(kb, query: str = QUERY, k: int = 5) -> list[str]:
    return [h.unit.key for h in kb.search(query, k=k).hits]


def tree(path: Path) -> dict[str, str]:
    """Every file under PATH with its sha256 (locks aside)."""
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file() and p.name != ".lock"}


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":  # same size, one byte changed in the middle
        i = len(data) // 2
        path.write_bytes(data[:i] + bytes([data[i] ^ 0x5A]) + data[i + 1 :])
    elif how == "garbage":
        path.write_bytes(b"\x00not what kb wrote\xff" * 3)
    else:
        raise ValueError(how)


def test_each_damaged_file_is_reported_and_rebuilt(fresh_slice_home):
    kb = fresh_slice_home
    kb.index()
    index_dir = kb.settings.index_dir
    expected = top(kb)
    library = tree(kb.settings.library_dir)
    gen = gens.current_generation(index_dir)
    files = sorted(gens.read_manifest(index_dir, gen).files) + [gens.MANIFEST]
    assert {"units.jsonl", "unit-table.npy", "unit-table.json", "passages.npy", "vectors.npy", "bm25-passages/data.csc.index.npy",
            "bm25-units/vocab.index.json"} <= set(files)
    from kb.api import KnowledgeBase

    for n, rel in enumerate(files):
        gen = gens.current_generation(index_dir)
        how = "garbage" if rel == gens.MANIFEST else ("truncate", "flip")[n % 2]
        damage(index_dir / gen / rel, how)
        fresh = KnowledgeBase.open(kb.settings.home)
        try:
            assert top(fresh) == expected, rel  # a file the query path does not read
        except IndexDamaged as exc:
            message = str(exc)
            assert "kb index" in message and "\n" not in message, (rel, message)
            assert gen in message, (rel, message)
        report = fresh.index()
        assert report.status == "built" and gen in report.repaired, (rel, report.warnings)
        assert any("damaged" in w for w in report.warnings), report.warnings
        assert top(KnowledgeBase.open(kb.settings.home)) == expected, rel
        assert not (index_dir / gen).exists()  # the damaged generation is gone, its replacement published
    assert tree(kb.settings.library_dir) == library


@pytest.mark.parametrize("rel,how", [("units.jsonl", "truncate"), ("vectors.npy", "flip"),
                                     ("bm25-units/data.csc.index.npy", "truncate")])
def test_damaged_index_on_the_command_line(fresh_slice_home, rel, how):
    kb = fresh_slice_home
    kb.index()
    home, index_dir = kb.settings.home, kb.settings.index_dir
    gen = gens.current_generation(index_dir)
    damage(index_dir / gen / rel, how)
    one_line_error(kb_cmd(home, "search", QUERY), "damaged", rel, "kb index")
    show = kb_cmd(home, "show", "UU 6/2012 Pasal 1")
    if rel == "units.jsonl":
        one_line_error(show, "damaged", "kb index")
    else:
        assert show.returncode == 0, show.stderr  # a citation lookup reads only the units
    doctor = kb_cmd(home, "doctor")
    assert doctor.returncode == 1 and "PROBLEM index" in doctor.stdout and rel in doctor.stdout
    fixed = kb_cmd(home, "index")
    assert fixed.returncode == 0 and "damaged" in fixed.stderr and "Traceback" not in fixed.stderr, fixed.stderr
    assert kb_cmd(home, "search", QUERY, "--json").returncode == 0
    assert kb_cmd(home, "doctor").returncode == 0


def test_lost_pointer_imports_nothing_deletes_nothing_and_is_restored(fresh_slice_home, tmp_path):
    kb = fresh_slice_home
    kb.index()
    note = tmp_path / "note.txt"
    note.write_text("1. Fishers on distant-water vessels keep their own passports.\n", encoding="utf-8")
    kb.add(note, id="note-y", title="Test note on fishers", family="bilateral", language="en")
    kb.index()
    home, index_dir = kb.settings.home, kb.settings.index_dir
    expected = top(kb)
    generations = gens.generations(index_dir)
    assert len(generations) == 2
    (index_dir / gens.CURRENT).unlink()
    before = tree(home)

    for args in (("ask", "Who keeps the passport of a fisher?"), ("search", QUERY)):
        one_line_error(kb_cmd(home, *args), "CURRENT", "kb index")
    assert tree(home) == before  # nothing imported into the library, no generation deleted

    (index_dir / gens.CURRENT).write_text("g9\x00garbage", encoding="utf-8")  # damaged, not just missing
    one_line_error(kb_cmd(home, "search", QUERY), "kb index")
    fixed = kb_cmd(home, "index")
    assert fixed.returncode == 0, fixed.stderr
    assert "restored to " + generations[-1] in fixed.stderr and "index repaired" in fixed.stdout
    assert gens.generations(index_dir) == generations
    from kb.api import KnowledgeBase

    assert top(KnowledgeBase.open(home)) == expected


def test_rebuild_works_whatever_the_state(fresh_slice_home):
    kb = fresh_slice_home
    kb.index()
    home, index_dir = kb.settings.home, kb.settings.index_dir
    expected = top(kb)
    gen = gens.current_generation(index_dir)
    (index_dir / gen / gens.MANIFEST).write_text("{not json", encoding="utf-8")
    cache = kb.settings.indexes_dir / "cache" / "embeddings.sqlite"
    damage(cache, "garbage")
    one_line_error(kb_cmd(home, "search", QUERY), gens.MANIFEST, "kb index")
    doctor = kb_cmd(home, "doctor")
    assert doctor.returncode == 1 and "PROBLEM embedding cache" in doctor.stdout, doctor.stdout

    out = kb_cmd(home, "index", "--rebuild", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert any("set aside" in w for w in report["warnings"]), report["warnings"]
    assert list(cache.parent.glob("embeddings.sqlite.damaged-*"))  # kept for inspection, not trusted
    assert report["embedded"] + report["shipped"] + report["cached"] >= report["passages"]
    from kb.api import KnowledgeBase

    assert top(KnowledgeBase.open(home)) == expected
    assert kb_cmd(home, "doctor").returncode == 0


def test_cached_vectors_that_are_not_unit_vectors_are_not_trusted(fresh_slice_home):
    import sqlite3

    import numpy as np

    kb = fresh_slice_home
    kb.index()
    expected = top(kb)
    cache = kb.settings.indexes_dir / "cache" / "embeddings.sqlite"
    db = sqlite3.connect(cache)
    db.execute("UPDATE embeddings SET vector = ?", [np.full(384, 7.0, np.float32).tobytes()])
    db.commit()
    db.close()
    report = kb.index(rebuild=True)
    assert report.cached == 0 and any("not valid unit vectors" in w for w in report.warnings)
    assert top(kb) == expected


def test_read_only_home_serves_searches_and_refuses_writes_in_one_line(fresh_slice_home, tmp_path):
    kb = fresh_slice_home
    kb.index()
    home = kb.settings.home
    before = tree(home)
    out = tmp_path / "out"
    out.mkdir()
    note = tmp_path / "note.txt"
    note.write_text("1. A note that cannot be added to a read-only home.\n", encoding="utf-8")
    q = lambda s: "'" + s.replace("'", "'\\''") + "'"
    run = run_script([
        f"mount --bind {q(str(home))} {q(str(home))} && mount -o remount,bind,ro {q(str(home))}",
        kb_line(home, out, "search", "search", QUERY, "--json"),
        kb_line(home, out, "ask", "ask", "Is a care worker entitled to a weekly rest day?"),
        kb_line(home, out, "show", "show", "UU 6/2012 Pasal 1"),
        kb_line(home, out, "index", "index"),
        kb_line(home, out, "add", "add", str(note), "--id", "ro-note", "--title", "RO", "--family", "bilateral",
                "--language", "en"),
        kb_line(home, out, "remove", "remove", "mou-example"),
        kb_line(home, out, "doctor", "doctor"),
    ], kb_env(home))
    assert run.returncode == 0, run.stderr
    res = Outputs(out)
    assert res["search"].rc == 0 and json.loads(res["search"].out)["results"], res["search"]
    assert res["ask"].rc == 0 and res["show"].rc == 0, (res["ask"], res["show"])
    for name in ("index", "add", "remove"):
        one_line_error(res[name], "read-only")
    assert "read-only" in res["doctor"].out
    assert tree(home) == before


def test_full_disk_names_the_space_needed_and_leaves_no_partial_generation(fresh_slice_home, tmp_path):
    kb = fresh_slice_home
    kb.index()
    src = kb.settings.home
    disk = tmp_path / "disk"
    disk.mkdir()
    home = disk / "home"
    out = tmp_path / "out"
    out.mkdir()
    used = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
    size_mb = used // 1_000_000 + 24
    q = lambda s: "'" + s.replace("'", "'\\''") + "'"
    index = home / "indexes" / "default"
    listing = lambda name: f"ls -a {q(str(index))} > {q(str(out / name))}"
    fill = (f"python3 -c \"import shutil,os; free=shutil.disk_usage({str(disk)!r}).free; "
            f"f=open({str(disk / 'filler')!r},'wb'); f.write(b'x'*max(0,free-{{keep}})); f.close()\"")
    run = run_script([
        f"mount -t tmpfs -o size={size_mb}m tmpfs {q(str(disk))}",
        f"cp -a {q(str(src))} {q(str(home))}",
        fill.format(keep=200_000),
        kb_line(home, out, "preflight", "index", "--rebuild"),
        listing("after-preflight"),
        # The estimate checked up front, skipped: the write itself runs out of space.
        f"KB_TEST_NO_SPACE_CHECK=1 {kb_line(home, out, 'midwrite', 'index', '--rebuild')}",
        listing("after-midwrite"),
        kb_line(home, out, "search", "search", QUERY, "--json"),
        f"rm {q(str(disk / 'filler'))}",
        kb_line(home, out, "recovered", "index", "--rebuild"),
        listing("after-recovery"),
    ], kb_env(home))
    assert run.returncode == 0, run.stderr
    res = Outputs(out)
    line = one_line_error(res["preflight"], "no space left", "needs about", "free")
    assert "MB" in line or "kB" in line
    one_line_error(res["midwrite"], "no space left")
    for name in ("after-preflight", "after-midwrite"):
        names = (out / name).read_text().split()
        assert [n for n in names if n.startswith("g")] == ["g000001"], (name, names)  # no partial generation
    assert res["search"].rc == 0 and json.loads(res["search"].out)["results"]
    assert res["recovered"].rc == 0, res["recovered"]
    assert "g000002" in (out / "after-recovery").read_text().split()


def test_hand_edited_library_file_is_kept_until_the_user_decides(fresh_slice_home):
    kb = fresh_slice_home
    kb.index()
    home = kb.settings.home
    unit = "uu-6-2012::Pasal 1"
    before = next(u for u in kb.searcher().snapshot.units if u.key == unit).text
    path = kb.library.local_path("uu-6-2012")
    path.write_text(path.read_text(encoding="utf-8") + "\nCatatan tangan pengguna.\n", encoding="utf-8")

    status = {r.doc_id: r for r in kb.status()}["uu-6-2012"]
    assert status.state == "changed" and "kb corpus fetch uu-6-2012" in status.hint
    assert "kb corpus accept uu-6-2012" in status.hint
    out = kb_cmd(home, "index")
    assert out.returncode == 0, out.stderr
    assert "edited by hand" in out.stderr and "kb corpus accept uu-6-2012" in out.stderr
    from kb.api import KnowledgeBase

    kept = KnowledgeBase.open(home)
    assert "uu-6-2012" in kept.searcher().snapshot.units_by_doc  # not dropped
    assert kept.get("UU 6/2012 Pasal 1").unit.text == before

    # Either way out works: restore the stored text...
    restored = kb_cmd(home, "corpus", "fetch", "uu-6-2012")
    assert restored.returncode == 0 and "fetched" in restored.stdout, restored.stdout + restored.stderr
    assert {r.doc_id: r.state for r in kept.status()}["uu-6-2012"] == "present"
    assert kb_cmd(home, "index").returncode == 0
    # ... or accept the edit as the user's own copy.
    path = kept.library.local_path("uu-6-2012")
    path.write_text(path.read_text(encoding="utf-8") + "\nCatatan tangan pengguna.\n", encoding="utf-8")
    accepted = kb_cmd(home, "corpus", "accept", "uu-6-2012")
    assert accepted.returncode == 0, accepted.stderr
    assert {r.doc_id: r.state for r in KnowledgeBase.open(home).status()}["uu-6-2012"] == "present"
    out = kb_cmd(home, "index", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["changed"] == ["uu-6-2012"], out.stdout + out.stderr


def test_first_use_runs_only_on_an_empty_home(tmp_path):
    """An empty home: `kb ask` imports the mirror and builds with the shipped vectors (no
    catalogue passage embedded when they are fresh). A home with documents but no index:
    built from what is there, nothing imported."""
    home = tmp_path / "home"
    out = kb_cmd(home, "ask", "Apakah majikan boleh menahan paspor pekerja migran?", "--json")
    assert out.returncode == 0, out.stderr
    assert "first use" in out.stderr and "Traceback" not in out.stderr
    from kb.api import KnowledgeBase
    from kb.index.shipped import ShippedVectors, check

    kb = KnowledgeBase.open(home)
    manifest = kb.searcher().snapshot.manifest
    fresh, _line = check(MIRROR)
    if fresh:
        assert sum(d["embedded"] for d in manifest.documents.values()) == 0
    assert ShippedVectors.read() is not None
    assert len(manifest.documents) >= 10

    other = tmp_path / "other"
    fetched = kb_cmd(other, "corpus", "fetch", "--from", str(MIRROR), "cmw-gc-1")
    assert fetched.returncode == 0
    out = kb_cmd(other, "ask", "What does the Committee say about recruitment fees?")
    assert out.returncode == 0 and "nothing is imported" in out.stderr, out.stderr
    assert KnowledgeBase.open(other).library_documents() == ["cmw-gc-1"]


def test_searching_does_not_import_chromadb_nor_write(slice_kb):
    home = slice_kb.settings.home
    before = tree(home)
    code = ("import sys; from kb.api import KnowledgeBase; kb = KnowledgeBase.open(sys.argv[1]); "
            "assert kb.search(sys.argv[2]).hits; kb.ask(sys.argv[2]); kb.get('UU 6/2012 Pasal 1'); "
            "print(sorted(m for m in ('chromadb', 'Sastrawi', 'bm25s', 'scipy', 'torch', 'pypdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(home), QUERY], capture_output=True, text=True,
                         env=kb_env(home), timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout
    assert tree(home) == before


def test_shipped_vectors_are_fresh_for_the_mirror():
    """Fails when a parser, the chunker or the catalogue changed the mirror's passages:
    the message names the release step that regenerates the file."""
    from kb.index.shipped import check

    fresh, line = check(MIRROR)
    assert fresh, line


def test_damaged_references_are_reported_not_silently_cut(fresh_slice_home):
    """references.jsonl (kb links, recs, brief) is read through the generation's checks
    like every file a search reads: a file cut at a line boundary (which parses, so its
    lost references went unnoticed) is one line naming it and `kb index`, which repairs it."""
    kb = fresh_slice_home
    kb.index()
    home, index_dir = kb.settings.home, kb.settings.index_dir
    gen = gens.current_generation(index_dir)
    path = index_dir / gen / "references.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) > 2
    path.write_bytes(b"".join(lines[: len(lines) // 2]))
    one_line_error(kb_cmd(home, "links", "UU 18/2017 Pasal 30"), "damaged", "references.jsonl", "kb index")
    doctor = kb_cmd(home, "doctor")
    assert doctor.returncode == 1 and "references.jsonl" in doctor.stdout
    fixed = kb_cmd(home, "index")
    assert fixed.returncode == 0 and "damaged" in fixed.stderr, fixed.stderr
    assert kb_cmd(home, "links", "UU 18/2017 Pasal 30").returncode == 0


@pytest.mark.parametrize("doc_id, added", [("cmw-gc-1", False), ("mou-x", True)])
def test_a_document_whose_record_is_damaged_is_said_to_be_damaged_not_missing(tmp_path, doc_id, added):
    # Hostile round 7: a damaged library/<id>/meta.json made the document "MISSING", the next
    # `kb index` dropped it and `kb doctor` said ok, although its file was still there.
    home = tmp_path / "home"
    if added:
        text = tmp_path / "mou.txt"
        text.write_text("Article 1\nThe Parties shall cooperate on the protection of workers.\n", encoding="utf-8")
        assert kb_cmd(home, "add", str(text), "--id", doc_id, "--title", "MoU", "--family", "bilateral",
                      "--language", "en").returncode == 0
    else:
        assert kb_cmd(home, "corpus", "fetch", doc_id, "--from", str(MIRROR)).returncode == 0
    folder = next(p for p in (home / "library").rglob(doc_id) if p.is_dir())
    kept = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "meta.json"}
    (folder / "meta.json").write_bytes(b"{not json")
    doctor = kb_cmd(home, "doctor")
    assert doctor.returncode == 1 and f"PROBLEM library/{doc_id}: damaged" in doctor.stdout, doctor.stdout
    status = kb_cmd(home, "corpus", "status").stdout
    assert "DAMAGED" in status and doc_id in status, status
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "meta.json"} == kept  # nothing lost
    if not added:  # the fix the message names
        assert kb_cmd(home, "corpus", "fetch", doc_id, "--from", str(MIRROR)).returncode == 0
        assert kb_cmd(home, "doctor").returncode == 0
