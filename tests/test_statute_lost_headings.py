"""A Pasal whose heading the source lost, its text inside the previous Pasal
(kb.structure.statute_id.headings._lost): found where the ayat numbering goes back, on
the real OCR copy of PP 59/2021 and on small texts of our own wording."""

from __future__ import annotations

import re

import pytest

from conftest import parse_mirror_doc
from kb.models import Document, ParsedDocument, Unit
from kb.readers.text import read_text
from kb.structure import statute_id


@pytest.fixture(scope="module")
def pp59(mirror) -> ParsedDocument:
    return parse_mirror_doc("pp-59-2021")


def unit(p: ParsedDocument, name: str) -> Unit:
    found = [u for u in p.units if u.unit == name]
    assert len(found) == 1, f"{name}: {len(found)} units"
    return found[0]


def locators(u: Unit) -> list[str]:
    return [x.locator for x in u.parts]


def part_text(u: Unit, locator: str) -> str:
    found = [x for x in u.parts if x.locator == locator]
    assert len(found) == 1, (locator, locators(u))
    return u.text[found[0].start : found[0].end]


def parse_text(text: str) -> ParsedDocument:
    doc = Document(id="fixture", title="Fixture", citation="UU Contoh", family="national-law", language="id")
    return statute_id.parse(doc, read_text(text.encode("utf-8"), "fixture.txt"))


# --------------------------------------------------------------------------- PP 59/2021 (OCR)


def test_pp_59_2021_pasal_40_42_98_are_found_inside_the_previous_pasal(pp59):
    numbers = [int(u.unit.split()[1]) for u in pp59.units if re.fullmatch(r"Pasal \d+", u.unit)]
    assert numbers == sorted(set(numbers))
    assert [n for n in range(1, 102) if n not in numbers] == [63, 66, 76]  # wholly lost: nothing to recover
    # Pasal 40: after Pasal 39's ayat (2) and the page stamp, the tail of its ayat (1),
    # then "(21" (= (2)) and (3); Pasal 39 keeps its own two ayat.
    p39, p40 = unit(pp59, "Pasal 39"), unit(pp59, "Pasal 40")
    assert locators(p39) == ["Pasal 39 ayat (1)", "Pasal 39 ayat (2)"]
    assert "Dinas Daerah" not in p39.text and p39.text.rstrip(" f").endswith("ketenagakerjaan.")
    assert locators(p40) == ["Pasal 40 ayat (1)", "Pasal 40 ayat (2)", "Pasal 40 ayat (3)"]
    assert p40.text.startswith("/lembaga dan daerah")
    assert part_text(p40, "Pasal 40 ayat (2)").startswith("(21 Dinas Daerah Provinsi")
    assert part_text(p40, "Pasal 40 ayat (3)").startswith("(3) Dinas Daerah Kabupaten")
    assert "Sl(" not in p40.text  # the stamp stays page furniture
    # Pasal 42: from the second page stamp on; Pasal 41 keeps its ayat (1) and (2).
    p41, p42 = unit(pp59, "Pasal 41"), unit(pp59, "Pasal 42")
    assert locators(p41) == ["Pasal 41 ayat (1)", "Pasal 41 ayat (2)"]
    assert p41.text.endswith("sampai ke daerah asal.") and "Atase" not in p41.text
    assert locators(p42) == ["Pasal 42 ayat (1)", "Pasal 42 ayat (2)"]
    assert "Pasal 35 huruf g" in part_text(p42, "Pasal 42 ayat (1)")
    assert part_text(p42, "Pasal 42 ayat (2)").startswith("(2) Untuk memperkuat")
    # Pasal 98 (no stamp): from the first sentence after Pasal 97's ayat (2) starts.
    p97, p98 = unit(pp59, "Pasal 97"), unit(pp59, "Pasal 98")
    assert locators(p97) == ["Pasal 97 ayat (1)", "Pasal 97 ayat (2)"]
    assert p97.text.endswith("dan pengawas ketenagakerjaan.") and "preventif" not in p97.text
    assert p98.text.startswith("Bekerja bagi Pekerja Migran Indonesia dilaksanakan melalui tahapan:")
    assert locators(p98) == (["Pasal 98 ayat (1)"] + [f"Pasal 98 ayat (1) huruf {c}" for c in "abc"]
                             + [f"Pasal 98 ayat ({n})" for n in (2, 3, 4)])
    assert part_text(p98, "Pasal 98 ayat (2)").startswith("(2) Tahapan preventif edukatif")
    # Nothing lost or duplicated: the two units together are the text the one held before.
    for before, recovered in ((p39, p40), (p41, p42), (p97, p98)):
        assert before.span[1] <= recovered.span[0]
        assert before.heading == recovered.heading


def test_recovered_units_say_what_the_source_lost(pp59):
    for n, before in ((40, 39), (42, 41), (98, 97)):
        caveat = unit(pp59, f"Pasal {n}").caveat
        assert caveat and "lost this Pasal's heading and the start of its text" in caveat and f"Pasal {before}" in caveat
        assert "\n" not in caveat
        assert not unit(pp59, f"Pasal {before}").caveat
    # Pasal 20: the marker of its ayat (2) lost (docs9), a caveat of another kind.
    assert [u.unit for u in pp59.units if u.caveat] == ["Pasal 20", "Pasal 40", "Pasal 42", "Pasal 98"]
    assert "lost the marker of ayat (2)" in unit(pp59, "Pasal 20").caveat
    assert any(w.startswith("Pasal 40: heading not found") for w in pp59.warnings)
    assert any("Pasal 63, 66, 76 not found" in w for w in pp59.warnings)
    # The caveat travels with the unit through the index's JSON lines.
    p40 = unit(pp59, "Pasal 40")
    assert Unit.from_dict(p40.to_dict()).caveat == p40.caveat
    assert "caveat" not in unit(pp59, "Pasal 39").to_dict()


@pytest.mark.parametrize("doc_id", ["uu-18-2017", "uu-6-2012", "uu-39-2004", "uu-18-2017-ocr"])
def test_statutes_without_a_lost_heading_keep_their_units(mirror, doc_id):
    p = parse_mirror_doc(doc_id)
    assert not [u.unit for u in p.units if u.caveat]
    assert not any("heading not found" in w for w in p.warnings)
    if doc_id == "uu-18-2017":
        names = [u.unit for u in p.units]
        assert names == ["Menimbang", "Mengingat"] + [f"Pasal {n}" for n in range(1, 92)] + ["Penutup"]


# --------------------------------------------------------------------------- texts of our own


HEAD = "UNDANG-UNDANG CONTOH\nDengan Persetujuan Bersama\nMEMUTUSKAN:\nMenetapkan: UNDANG-UNDANG TENTANG CONTOH.\n"


def test_a_torn_page_splits_after_the_page_stamp():
    p = parse_text(HEAD + "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan.\n"
                   "Sl( No 102145 A\nkepada pekerja dan keluarganya secara tunai.\n(2) Dinas melaporkan hasil "
                   "pengawasan kepada gubernur.\n(3) Gubernur melaporkan kepada Menteri.\n"
                   "Pasal 3\nUndang-Undang ini mulai berlaku pada tanggal diundangkan.\n")
    names = [u.unit for u in p.units]
    assert names[:3] == ["Pasal 1", "Pasal 2", "Pasal 3"]
    p1, p2 = unit(p, "Pasal 1"), unit(p, "Pasal 2")
    assert p1.text.endswith("Upah dibayar setiap bulan.") and locators(p1) == ["Pasal 1 ayat (1)", "Pasal 1 ayat (2)"]
    assert p2.text.startswith("kepada pekerja dan keluarganya")
    assert locators(p2) == ["Pasal 2 ayat (1)", "Pasal 2 ayat (2)", "Pasal 2 ayat (3)"]
    assert part_text(p2, "Pasal 2 ayat (1)").startswith("kepada pekerja")
    assert "start of its text" in p2.caveat


def test_without_a_page_break_the_split_is_after_the_first_full_stop():
    p = parse_text(HEAD + "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan oleh "
                   "pemberi kerja. Pengawasan dilakukan melalui tahapan: a. pembinaan; b. teguran; dan c. sanksi.\n"
                   "(2) Tahapan pembinaan dilakukan oleh pengawas.\nPasal 3\nCukup di sini.\n")
    p2 = unit(p, "Pasal 2")
    assert unit(p, "Pasal 1").text.endswith("oleh pemberi kerja.")
    assert p2.text.startswith("Pengawasan dilakukan melalui tahapan:")
    assert locators(p2)[:2] == ["Pasal 2 ayat (1)", "Pasal 2 ayat (1) huruf a"]


def test_a_page_read_twice_is_no_lost_heading():
    # "Pasal 2 (1)" stands in the body, printed out of place; the ayat numbering of
    # Pasal 1 goes back because OCR read a page twice: nothing is split.
    p = parse_text(HEAD + "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan.\n"
                   "(1) Setiap pekerja berhak atas upah. (2) Upah dibayar setiap bulan.\nPasal 3\nCukup.\n"
                   "Pasal 2 (1) Pemberi kerja wajib mendaftarkan pekerja.\n")
    assert not [u for u in p.units if u.caveat]


def test_only_the_heading_lost_the_text_starts_at_its_own_ayat_1():
    p = parse_text(HEAD + "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan.\n"
                   "(1) Pemberi kerja wajib mendaftarkan pekerja.\n(2) Pendaftaran dilakukan secara daring.\n"
                   "Pasal 3\nCukup di sini.\n")
    p2 = unit(p, "Pasal 2")
    assert p2.text.startswith("(1) Pemberi kerja wajib")
    assert locators(p2) == ["Pasal 2 ayat (1)", "Pasal 2 ayat (2)"]
    assert "heading" in p2.caveat and "start of its text" not in p2.caveat


@pytest.mark.parametrize("body", [
    # no gap in the numbering: a repeated ayat alone is no lost heading
    "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar.\n(2) Dinas melaporkan.\nPasal 2\nCukup.\n",
    # the numbering goes back inside a quoted amendment
    "Pasal 1\n(1) Ketentuan lama tetap berlaku.\n(2) Pasal 5 Undang-Undang Nomor 1 Tahun 2000 diubah sehingga "
    "berbunyi: \u201c(1) Setiap pekerja berhak atas upah. (2) Upah dibayar setiap bulan.\u201d\nPasal 3\nCukup.\n",
    # the numbering does not go back: the lost heading stays lost
    "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan.\n(3) Dinas melaporkan.\n"
    "Pasal 3\nCukup.\n",
    # the heading is there, garbled ("Petsal 2 1)") or refused (after "dan"): no heading was lost
    "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan.\nPetsal 2 1) Pemberi kerja "
    "wajib mendaftarkan pekerja.\n(2) Pendaftaran dilakukan secara daring.\nPasal 3\nCukup.\n",
    "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar setiap bulan dan Pasal 2 (1) Pemberi kerja "
    "wajib mendaftarkan pekerja.\n(2) Pendaftaran dilakukan secara daring.\nPasal 3\nCukup.\n",
    # ayat markers OCR read apart from their text (a column): no telling where an article starts
    "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) (3) Upah dibayar setiap bulan. Dinas melaporkan "
    "hasilnya.\n(2) Gubernur melaporkan kepada Menteri.\nPasal 3\nCukup.\n",
    # a cited ayat is no item: "ayat (1) dan (2)"
    "Pasal 1\n(1) Setiap pekerja berhak atas upah.\n(2) Upah dibayar. Hak sebagaimana dimaksud pada ayat (1) "
    "dan (2) Menteri menetapkannya.\nPasal 3\nCukup.\n",
])
def test_no_split_without_the_signal(body):
    p = parse_text(HEAD + body)
    assert not [u for u in p.units if u.caveat]
    assert "Pasal 2" not in [u.unit for u in p.units] or "Pasal 2\n" in body
