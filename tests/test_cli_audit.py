"""The text audit as users meet it: `kb add` prints the unassigned share and warns above
0.5 %, `kb corpus audit` lists a document's unassigned spans (with pages) or summarises
the library, and the Python API returns the same figures."""

from __future__ import annotations

import json

from kb.api import KnowledgeBase

from test_cli import assert_one_line_error, kb_cmd

STATUTE = """PERATURAN CONTOH NOMOR 3 TAHUN 2032 TENTANG KEBUN
Menimbang : bahwa kebun perlu diatur;
Mengingat : Undang-Undang Dasar;
MEMUTUSKAN:
Menetapkan : PERATURAN TENTANG KEBUN.
Pasal 1
Kebun dirawat bersama.
- 2 -
Pasal 2
Peraturan ini mulai berlaku pada tanggal diundangkan.
Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan ini.
Ditetapkan di Jakarta pada tanggal 2 Januari 2032 ttd. NAMA PEJABAT
"""
# The same with a paragraph whose heading is lost: legal text in no unit.
LOST = STATUTE.replace("Menetapkan : PERATURAN TENTANG KEBUN.\n",
                       "Menetapkan : PERATURAN TENTANG KEBUN.\nSetiap murid berhak memetik buah dari kebun sekolah.\n")


def add(home, tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    # a title of its own: the file's name is no title (tests/test_title16_add.py), and this
    # heading's kind ("PERATURAN CONTOH") is none kb reads a title from
    return kb_cmd(home, "add", str(path), "--id", name, "--title", f"Peraturan Contoh ({name})", "--family",
                  "national-law", "--language", "id")


def test_add_prints_the_unassigned_share_and_warns_above_half_a_percent(tmp_path):
    home = tmp_path / "home"
    out = add(home, tmp_path, "perda-rapi", STATUTE)
    assert out.returncode == 0, out.stderr
    assert "text audit: 5 units; 0.00 % of the text unassigned" in out.stdout  # Menimbang, Mengingat, Pasal 1-2, Penutup
    assert "warning" not in out.stderr
    out = add(home, tmp_path, "perda-hilang", LOST)
    assert out.returncode == 0, out.stderr
    assert "% of the text unassigned" in out.stdout
    warning = out.stderr.strip()
    assert warning.startswith("kb: warning:") and len(warning.splitlines()) == 1
    assert "Setiap murid berhak memetik buah" in warning and "kb corpus audit perda-hilang" in warning


def test_corpus_audit_lists_spans_with_pages_and_summarises_the_library(tmp_path):
    home = tmp_path / "home"
    add(home, tmp_path, "perda-rapi", STATUTE)
    add(home, tmp_path, "perda-hilang", LOST)
    out = kb_cmd(home, "corpus", "audit", "perda-hilang")
    assert out.returncode == 0, out.stderr
    assert "1 unassigned span(s)" in out.stdout
    assert "[page 1, chars" in out.stdout and "Setiap murid berhak memetik buah dari kebun sekolah." in out.stdout
    data = json.loads(kb_cmd(home, "corpus", "audit", "perda-hilang", "--json").stdout)
    assert data["id"] == "perda-hilang" and data["units"] == 5
    assert [(s["page"], s["text"]) for s in data["unassigned"]] == [(1, "Setiap murid berhak memetik buah dari kebun sekolah.")]
    assert data["classified"]["page-number"] == 3  # "- 2 -" (3 visible characters), taken out by the reader
    rows = {r["id"]: r for r in json.loads(kb_cmd(home, "corpus", "audit", "--json").stdout)}
    assert rows["perda-rapi"]["unassigned_share"] == 0 and rows["perda-hilang"]["unassigned_share"] > 0.005
    summary = kb_cmd(home, "corpus", "audit").stdout.splitlines()
    assert any(line.startswith("perda-hilang") and "WARNING" in line for line in summary)
    assert any(line.startswith("perda-rapi") and "0.00 % unassigned" in line for line in summary)
    assert_one_line_error(kb_cmd(home, "corpus", "audit", "no-such-doc"), "unknown document id")


def test_audit_in_the_python_api(tmp_path):
    kb = KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")
    path = tmp_path / "perda.txt"
    path.write_text(LOST, encoding="utf-8")
    kb.add(path, id="perda", title="Perda", family="national-law", language="id")
    audit = kb.audit("perda")
    assert audit.over_limit and audit.spans()[0][2:] == (1, "Setiap murid berhak memetik buah dari kebun sekolah.")
    assert audit.in_units + sum(audit.classified.values()) + audit.unassigned_chars == audit.total
