"""Real documents, round 16: amending regulations ("Perubahan atas", "Pasal I / Pasal II")
of the public regulations store mblonyox/data-peraturan whose text the statute parser
filed under the wrong unit, fixed in kb/structure/statute_id/amendments.py. Each kind is
tested on a short text in the style of the real ones, in our own words, and (when
KB_PERATURAN_STORE names the store's git repository) on the real regulation.

- "Pasal II" on its own line after a table's rule line ("-----"), which reads like a
  broken mark: the Roman heading candidates never recorded that the heading stands alone
  on its line, so it was refused, and the act read as one "Pasal 1" holding its Pasal II
  (PP 50/2001, PP 87/2000, PP 19/2007; their notes "Penjelasan Pasal 1" held Pasal II's).
- A point that is the act's own provision on the points before it ("3. Ketentuan
  sebagaimana dimaksud pada angka 1 dan angka 2 mulai berlaku pada tanggal 1 Januari
  2014.": the yearly pay and pension regulations, PP 41/2014, PP 66/2005 ...), and points
  of older acts worded "dihapuskan", "Ditambahkan Pasal 4 baru", "Pasal 4 dijadikan Pasal
  5" (PP 16/1975, PP 25/1982): each its own "Pasal I angka N" (was: glued into the point
  before, after the article it quotes).
"""

from __future__ import annotations

import pytest

from conftest import needs_peraturan_store as needs_store, peraturan_doc as store_doc
from kb.models import Document, ParsedDocument, Unit
from kb.readers import read_bytes
from kb.structure import parse_document


def parse_text(text: str) -> ParsedDocument:
    doc = Document(id="fixture", title="Fixture", citation="PP Contoh", family="national-law", language="id")
    return parse_document(doc, read_bytes(text.encode("utf-8"), "fixture.md"))


def names(p: ParsedDocument) -> list[str]:
    return [u.unit for u in p.units]


def unit(p: ParsedDocument, name: str) -> Unit:
    return next(u for u in p.units if u.unit == name)


HEAD = """PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 7 TAHUN 2031 TENTANG PERUBAHAN ATAS PERATURAN PEMERINTAH NOMOR 3 TAHUN 2030 TENTANG TARIF TAMAN KOTA
DENGAN RAHMAT TUHAN YANG MAHA ESA PRESIDEN REPUBLIK INDONESIA,
Menimbang : bahwa tarif taman kota perlu disesuaikan;
Mengingat : Pasal 5 ayat (2) Undang-Undang Dasar;
MEMUTUSKAN:
Menetapkan : PERATURAN PEMERINTAH TENTANG PERUBAHAN ATAS PERATURAN PEMERINTAH NOMOR 3 TAHUN 2030 TENTANG TARIF TAMAN KOTA.
Pasal I
"""
TAIL = """Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Pemerintah ini dengan penempatannya dalam Lembaran Negara Republik Indonesia.
Ditetapkan di Jakarta pada tanggal 2 Mei 2031 PRESIDEN REPUBLIK INDONESIA, ttd. NAMA PEJABAT
LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2031 NOMOR 12
"""

TABLE = HEAD + """Mengubah Lampiran angka II Peraturan Pemerintah Nomor 3 Tahun 2030 tentang Tarif Taman Kota sehingga berbunyi sebagai berikut:
1. Karcis masuk per orang Rp 5.000,00 ---------------------------------------------
2. Karcis parkir per kendaraan Rp 2.000,00 -----------------------------------------
Pasal II
Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.
""" + TAIL + """PENJELASAN ATAS PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 7 TAHUN 2031
I. UMUM
Tarif disesuaikan.
II. PASAL DEMI PASAL
Pasal I
Cukup jelas
Pasal II
Cukup jelas
"""


def test_pasal_ii_after_a_table_rule_line_is_its_own_article():
    p = parse_text(TABLE)
    assert "Pasal I" in names(p) and "Pasal II" in names(p) and "Pasal 1" not in names(p)
    assert unit(p, "Pasal II").text == "Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan."
    assert unit(p, "Pasal I").text.rstrip("-").rstrip().endswith("Rp 2.000,00")
    assert "Penjelasan Pasal II" in names(p)
    assert p.audit.share == 0


OWN_POINT = HEAD + """Beberapa ketentuan dalam Peraturan Pemerintah Nomor 3 Tahun 2030 tentang Tarif Taman Kota diubah sebagai berikut:
1. Ketentuan Pasal 1 diubah, sehingga berbunyi sebagai berikut:
Pasal 1
Karcis masuk taman kota sebesar Rp5.000,00 (lima ribu rupiah) per orang.
2. Ketentuan Pasal 3 diubah, sehingga berbunyi sebagai berikut:
Pasal 3
(1) Anak di bawah lima tahun tidak membayar karcis.
(2) Karcis tidak dipungut pada hari:
a. kemerdekaan; atau
b. ulang tahun kota.
3. Ketentuan sebagaimana dimaksud pada angka 1 dan angka 2 mulai berlaku pada tanggal 1 Januari 2032.
4. Pasal 5 dihapuskan.
5. Ditambahkan Pasal 6 baru yang berbunyi sebagai berikut: "Pasal 6 Tarif ditinjau setiap tahun."
6. Pasal 7 dijadikan Pasal 8.
Pasal II
Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.
""" + TAIL


def test_a_point_on_the_points_before_it_and_older_verbs_are_points():
    p = parse_text(OWN_POINT)
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    assert points == [f"Pasal I angka {n}" for n in range(1, 7)]
    assert unit(p, "Pasal I angka 2").text.endswith("b. ulang tahun kota.")
    assert unit(p, "Pasal I angka 3").text.startswith("3. Ketentuan sebagaimana dimaksud pada angka 1")
    assert unit(p, "Pasal I angka 4").text == "4. Pasal 5 dihapuskan."
    assert unit(p, "Pasal I angka 6").text == "6. Pasal 7 dijadikan Pasal 8."


def test_an_item_of_a_quoted_article_citing_an_angka_stays_in_its_point():
    """A quoted definitions list may itself say "sebagaimana dimaksud pada angka 1": only
    a point opening "Ketentuan sebagaimana dimaksud ... angka" is the act's own provision,
    and only in sequence."""
    text = OWN_POINT.replace(
        "Karcis masuk taman kota sebesar Rp5.000,00 (lima ribu rupiah) per orang.",
        "Dalam Peraturan Pemerintah ini yang dimaksud dengan:\n1. Taman adalah ruang hijau.\n"
        "2. Karcis adalah tanda masuk ke taman sebagaimana dimaksud pada angka 1.")
    p = parse_text(text)
    assert [n for n in names(p) if n.startswith("Pasal I angka ")] == [f"Pasal I angka {n}" for n in range(1, 7)]
    assert "2. Karcis adalah tanda masuk" in unit(p, "Pasal I angka 1").text


@needs_store
@pytest.mark.parametrize("path", ["pp/2001/50.md", "pp/2000/87.md", "pp/2007/19.md"])
def test_store_pasal_ii_after_a_table(path):
    p = store_doc(path)
    assert "Pasal II" in names(p) and "Pasal 1" not in names(p)
    assert "Penjelasan Pasal II" in names(p) or not any(n.startswith("Penjelasan Pasal") for n in names(p))


@needs_store
def test_store_point_on_the_points_before_it():
    p = store_doc("pp/2014/41.md")
    assert unit(p, "Pasal I angka 3").text.startswith("3. Ketentuan sebagaimana dimaksud pada angka 1 dan angka 2")
    assert "mulai berlaku pada tanggal 1 Januari 2014" not in unit(p, "Pasal I angka 2").text


@needs_store
def test_store_older_verbs():
    p = store_doc("pp/1982/25.md")
    assert "Pasal I angka 10" in names(p) and "Pasal I angka 11" in names(p)


def test_a_deleted_item_of_a_quoted_list_is_no_point():
    """'2. Dihapus.' inside a quoted definitions list (UU 8/2015's Pasal 1) stays in its point."""
    text = OWN_POINT.replace(
        "Karcis masuk taman kota sebesar Rp5.000,00 (lima ribu rupiah) per orang.",
        "Dalam Peraturan Pemerintah ini yang dimaksud dengan:\n1. Taman adalah ruang hijau.\n2. Dihapus.\n"
        "3. Karcis adalah tanda masuk ke taman.")
    p = parse_text(text)
    assert [n for n in names(p) if n.startswith("Pasal I angka ")] == [f"Pasal I angka {n}" for n in range(1, 7)]
    assert "2. Dihapus. 3. Karcis" in unit(p, "Pasal I angka 1").text
