"""Helper real14: a PP's heading as OCR garbled it in the regulations store
(mblonyox/data-peraturan) gives its number (kb.structure.statute_id.identity.own_number).

Before, 36 of the store's PP headings gave no citation because OCR misspelt the kind
("PERATURAN PEMERNTAH", "PERATUMN PEMERINTAH", "PEMTURAN PEMERINTAH", "P ERATURAN
PEMERINTAH", "PERATURAN PEMEzuNTAH"), and 9 because it read the year's 1 as "L" ("TAHUN
2OL9"): `kb add` cited them by their title. The garbled kind counts only where "REPUBLIK
INDONESIA" follows, as in a heading. Headings written for these tests in the real form."""

from __future__ import annotations


import pytest

from kb.readers import read_bytes
from kb.structure.statute_id.identity import own_number


@pytest.mark.parametrize("text, citation", [
    ("PERATURAN PEMERNTAH REPUBLIK INDONESIA PERATURAN PEMERNTAH REPUBLIK INDONESIA NOMOR 7 TAHUN 1996 TENTANG X",
     "PP No. 7 Tahun 1996"),
    ("PERATUMN PEMERINTAH REPUBLIK INDONESIA\nNOMOR 31 TAHUN 2017\nTENTANG X", "PP No. 31 Tahun 2017"),
    ("PEMTURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 62 TAHUN 2016 TENTANG X", "PP No. 62 Tahun 2016"),
    ("P ERATURAN PEMERI NTAH REPUBLIK INDONESIA NOMOR 23 TAHUN 1990 TENTANG X", "PP No. 23 Tahun 1990"),
    ("PERATURAN PEMEzuNTAH REPUBLIK INDONESIA NOMOR 45 TAHUN 2019 TENTANG X", "PP No. 45 Tahun 2019"),
    ("PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 29 TAHUN 2OL9 TENTANG X", "PP No. 29 Tahun 2019"),
    ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 6 TAHUN 2O2L TENTANG X", "UU No. 6 Tahun 2021"),
])
def test_garbled_pp_heading_gives_its_number(text, citation):
    found = own_number(text)
    assert found is not None and found.citation == citation


@pytest.mark.parametrize("text", [
    # a garbled kind not followed by REPUBLIK INDONESIA is no heading
    "PERATURAN PEMBERLAKUAN NOMOR 3 TAHUN 2020 TENTANG X",
    # a PP named in the considerations, in running case
    "bahwa Peraturan Pemerntah Nomor 5 Tahun 2019 perlu diubah;",
])
def test_garbled_kind_elsewhere_gives_nothing(text):
    assert own_number(text) is None


from conftest import needs_peraturan_store, peraturan_bytes  # noqa: E402


@needs_peraturan_store
@pytest.mark.parametrize("path, citation", [
    ("pp/1996/10.md", "PP No. 10 Tahun 1996"), ("pp/2017/31.md", "PP No. 31 Tahun 2017"),
    ("pp/2019/45.md", "PP No. 45 Tahun 2019"), ("pp/2019/29.md", "PP No. 29 Tahun 2019"),
])
def test_store_garbled_headings(path, citation):
    data = peraturan_bytes(path)
    found = own_number(read_bytes(data, "x.md").text)
    assert found is not None and found.citation == citation


# A heading whose kind OCR garbled past reading, and a title naming another regulation:
# the title's regulation is not the document's own number (was: UU 8/1965 cited as "UU No.
# 27 Tahun 1959", the act its title says it amends; 15 such wrong citations in the store).
@pytest.mark.parametrize("text, citation", [
    ("UNDANG- REPUBLIK INDONESIA NOMOR 8 TAHUN 1965 TENTANG PEMBENTUKAN DAERAH TINGKAT II CONTOH DENGAN MENGUBAH "
     "UNDANG-UNDANG NO. 27 TAHUN 1959 PRESIDEN REPUBLIK INDONESIA,", "UU No. 8 Tahun 1965"),
    ("PERATURAN PEMERINTAH TENTANG PENEMPATAN AWAK KAPAL CONTOH. 1. 2. PERATURAN PEMERINTAH REPUBLIK INDONESIA "
     "NOMOR 22 TAHUN 2031 BAB I KETENTUAN UMUM", "PP No. 22 Tahun 2031"),
])
def test_heading_read_past_a_garble_or_an_ended_title(text, citation):
    found = own_number(text)
    assert found is not None and found.citation == citation


def test_a_regulation_named_in_the_title_is_not_the_documents_own():
    text = ("PERATURAN REPUBLIK INDONESIA NOMOR 31 TAHUN 2031 TENTANG PERUBAHAN BESARNYA PAJAK CONTOH SEBAGAIMANA "
            "DIATUR DALAM PERATURAN PEMERINTAH NOMOR 16 TAHUN 2030 PRESIDEN REPUBLIK INDONESIA, Menimbang: bahwa ...")
    assert own_number(text) is None


@needs_peraturan_store
@pytest.mark.parametrize("path, citation", [
    ("uu/1965/8.md", "UU No. 8 Tahun 1965"), ("uu/1982/7.md", "UU No. 7 Tahun 1982"),
    ("pp/2022/22.md", "PP No. 22 Tahun 2022"), ("pp/1979/31.md", None), ("uu/2011/10.md", None),
])
def test_store_titles_and_garbled_kinds(path, citation):
    data = peraturan_bytes(path)
    found = own_number(read_bytes(data, "x.md").text)
    assert (found.citation if found else None) == citation
