"""An Indonesian regulation added without a citation is cited by the kind and number its
heading prints ("UU No. 13 Tahun 2003"), not by its title or its file's name
(kb.structure.statute_id.identity, `KnowledgeBase.add`).

The headings below are written for these tests in the fixed form every regulation opens
with; the end-to-end tests add the real case files of ../shared/cases in place."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.structure.statute_id.identity import own_number

from conftest import MIRROR, mirror_file

REAL = MIRROR.parent / "cases" / "real-documents"


@pytest.mark.parametrize("text, citation, year", [
    ("UNDANG-UNDANG REPUBLIK INDONESIA\nNOMOR 7 TAHUN 2031\nTENTANG\nCONTOH\n\nDENGAN RAHMAT TUHAN YANG MAHA ESA",
     "UU No. 7 Tahun 2031", 2031),
    ("SALINAN\n\nPERATURAN PEMERINTAH REPUBLIK INDONESIA\nNOMOR 12 TAHUN 2030\nTENTANG ...", "PP No. 12 Tahun 2030", 2030),
    ("PERATURAN PEMERINTAH PENGGANTI UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 1 TAHUN 2029 TENTANG X",
     "Perppu No. 1 Tahun 2029", 2029),
    ("PERATURAN PRESIDEN REPUBLIK INDONESIA NOMOR 90 TAHUN 2028 TENTANG X", "Perpres No. 90 Tahun 2028", 2028),
    ("PERATURAN MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA\nNOMOR 4 TAHUN 2027\nTENTANG X",
     "Peraturan Menteri Ketenagakerjaan No. 4 Tahun 2027", 2027),
    ("PERATURAN BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA NOMOR 3 TAHUN 2026 TENTANG X",
     "Peraturan Badan Pelindungan Pekerja Migran Indonesia No. 3 Tahun 2026", 2026),
    ("PERATURAN MENTERI TENAGA KERJA DAN TRANSMIGRASI REPUBLIK INDONESIA NOMOR PER.07/MEN/V/2025 TENTANG X",
     "Peraturan Menteri Tenaga Kerja dan Transmigrasi No. PER.07/MEN/V/2025", 2025),
    ("PERATURAN MENTERI KEUANGAN REPUBLIK INDONESIA NOMOR 2 /PMK.07/2024 TENTANG X",
     "Peraturan Menteri Keuangan No. 2/PMK.07/2024", 2024),
    # what OCR does to headings: letters for digits, lost and added spaces, a misread word
    ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 10 TAHUN 2O2O TENTANG X", "UU No. 10 Tahun 2020", 2020),
    ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR70TAHUN 1954 TENTANG X", "UU No. 70 Tahun 1954", 1954),
    ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 10 . TAHUN 2009 ...... TENTANG X", "UU No. 10 Tahun 2009", 2009),
    ("PERATURAN PEMERINTAH REPUBUK INDONESIA NOMOR 4l TAHUN 2016 TENTANG X", "PP No. 41 Tahun 2016", 2016),
    # the reading order of a scan put the considerations' captions first
    ("Menimbang Menimbang Mengingat PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 8 TAHUN 2019 TENTANG X",
     "PP No. 8 Tahun 2019", 2019),
    # an amending act names the act it amends after its own number
    ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 5 TAHUN 2032 TENTANG PERUBAHAN ATAS UNDANG-UNDANG NOMOR 7 TAHUN 2031",
     "UU No. 5 Tahun 2032", 2032),
    # a web page's heading in title case, as the text's first words
    ("Undang-Undang Republik Indonesia Nomor 13 Tahun 2033 tentang Contoh", "UU No. 13 Tahun 2033", 2033),
])
def test_the_heading_gives_the_citation(text, citation, year):
    found = own_number(text)
    assert found is not None and (found.citation, found.year) == (citation, year)


def test_an_english_translation_is_cited_in_english():
    found = own_number("LAW OF THE REPUBLIC OF INDONESIA\nNUMBER 7 OF 2031\nCONCERNING X", "en")
    assert found is not None and found.citation == "Law No. 7 of 2031"
    found = own_number("GOVERNMENT REGULATION OF THE REPUBLIC OF INDONESIA NUMBER 12 OF 2030 ON X", "en")
    assert found is not None and found.citation == "Government Regulation No. 12 of 2030"


@pytest.mark.parametrize("text", [
    "",
    # a regulation named in a consideration, in running text: another regulation
    "bahwa untuk menyempurnakan Peraturan Pemerintah No. 7, tahun 1947 tentang grasi perlu diubah;",
    "Menimbang: a. bahwa Undang-Undang Nomor 39 Tahun 2004 tidak sesuai lagi;",
    # OCR made "NOMOR" unreadable: no number rather than a wrong one
    "PERATURAN PEMERINTAH REPUBLIK INDONESIA NOOMOR 10 TAHUN 1957 TENTANG X",
    "UNDANG-UNDANG DASAR NEGARA REPUBLIK INDONESIA TAHUN 1945",
    "UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 13 TENTANG X",  # no year to cite it by
    "MEMORANDUM OF UNDERSTANDING BETWEEN THE GOVERNMENT OF THE REPUBLIC OF INDONESIA AND X",
])
def test_no_heading_no_citation(text):
    assert own_number(text) is None


@pytest.fixture()
def home(tmp_path) -> KnowledgeBase:
    return KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")


def _case(name: str):
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"no real-document case {name} at {REAL}")
    return path


def test_a_real_statute_added_without_a_citation_is_cited_by_its_number(home):
    """A real case file (UU 13/2003 with a letter-spaced Penjelasan heading) added with a
    file name as its title: it was cited "id-penjelasan-letterspaced.txt, Pasal 3"."""
    doc = home.add(_case("id-penjelasan-letterspaced.txt"), id="uu13", title="id-penjelasan-letterspaced.txt",
                   family="national-law", language="id")
    # the file's name is no title (tests/test_title16_add.py): the heading's title is
    # taken, the name kept as an alias
    assert (doc.citation, doc.date, doc.title, doc.aliases) == (
        "UU No. 13 Tahun 2003", "2003", "Undang-Undang Republik Indonesia Nomor 13 Tahun 2003 tentang Ketenagakerjaan",
        ("id-penjelasan-letterspaced.txt",))
    kb = KnowledgeBase.open(home.settings.home, mirror=home.settings.mirror)
    hit = kb.get("UU 13/2003 Pasal 3")
    assert (hit.document.id, hit.unit.unit) == ("uu13", "Pasal 3")


def test_a_given_citation_and_date_are_kept(home):
    doc = home.add(_case("id-penjelasan-letterspaced.txt"), id="uu13", title="Ketenagakerjaan",
                   citation="Labour Law", date="2003-03-25", family="national-law", language="id")
    assert (doc.citation, doc.date) == ("Labour Law", "2003-03-25")


def test_a_second_copy_keeps_its_title(home):
    """Two copies of one regulation (the shared cases hold two of PP 22/2022): the second
    keeps its title as its citation, so that "PP 22/2022 Pasal 1" names one document."""
    first = home.add(_case("id-page-markers-sporadic.txt"), id="pp22a", title="copy one",
                     family="national-law", language="id")
    second = home.add(_case("id-page-markers-restart-in-penjelasan.txt"), id="pp22b", title="copy two",
                      family="national-law", language="id")
    assert first.citation == "PP No. 22 Tahun 2022"
    assert second.citation == "copy two"


def test_a_copy_of_a_catalogue_statute_is_not_cited_as_the_shipped_one(home):
    """The mirror's UU 18/2017 added under an id of one's own: "UU No. 18 Tahun 2017" is
    how kb cites the catalogue's document, so the copy keeps its title."""
    doc = home.add(mirror_file("uu-18-2017"), id="my-uu18", title="my copy", family="national-law", language="id")
    assert doc.citation == "my copy"
    assert doc.date == "2017"


def test_a_treaty_is_not_read_for_a_number(home):
    doc = home.add(_case("treaty-annex-articles-restart.md"), id="treaty", title="A treaty",
                   family="bilateral", language="en")
    assert doc.citation == "A treaty" and doc.date is None


def test_kb_add_says_how_it_cites_the_document(tmp_path):
    """`kb add` says which citation it read from the heading, and how to choose another."""
    import subprocess
    import sys

    from conftest import kb_env

    out = subprocess.run([sys.executable, "-m", "kb.cli", "add", str(_case("id-penjelasan-letterspaced.txt")),
                          "--id", "uu13", "--title", "Ketenagakerjaan", "--family", "national-law", "--language", "id"],
                         capture_output=True, text=True, env=kb_env(tmp_path / "home"), timeout=300)
    assert out.returncode == 0, out.stderr
    assert "cited as UU No. 13 Tahun 2003 (read from its heading; --citation chooses another)" in out.stdout
