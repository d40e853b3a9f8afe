"""The title a document prints, read from its text (kb.structure.titles, and
kb.structure.statute_id.identity.own_title beside own_number): what `kb add` labels a
document by instead of the file's name.

Real inputs: the mirror's documents (catalogue titles as the reference), the real UN PDF
of ../shared/cases, and (when KB_PERATURAN_STORE names the regulations store's git
repository) real regulations whose headings OCR or the scraper garbled. Short texts in
the shapes of the real ones, in our own words, for the rest."""

from __future__ import annotations

import re

import pytest

from kb.readers import read
from kb.structure.statute_id.identity import own_number, own_title
from kb.structure.titles import masthead_symbol, printed_title

from conftest import MIRROR, mirror_file, mirror_pdf, needs_peraturan_store, peraturan_bytes

CASES = MIRROR.parent / "cases" / "real-documents"


def _read(path):
    if not path.is_file():
        pytest.skip(f"no file {path}")
    return read(path)


# ------------------------------------------------------------------ the mirror's documents

# Each document's title is the catalogue's (kb's own record, not the mirror's text), or
# differs from it in a way the heading prints: the expected title is derived from it.
def _same(title: str) -> str:
    return title


def _bracketed_name_kept(title: str) -> str:
    # the catalogue drops the heading's bracketed Indonesian name of the Convention: printed, it is kept
    return title + " (Konvensi Internasional mengenai Perlindungan"


def _with_republik(title: str) -> str:
    # OCR lost the heading's TENTANG words: the enacting words print them, and the heading its "Republik Indonesia"
    return title.replace("Peraturan Pemerintah Nomor", "Peraturan Pemerintah Republik Indonesia Nomor")


def _without_place_names(title: str) -> str:
    # the catalogue adds where the declaration was adopted; the cover prints the heading (twice: read once)
    return re.sub(r" \([^)]*\)", "", title)


@pytest.mark.parametrize("doc_id, family, language, expect", [
    ("uu-18-2017", "national-law", "id", _same),
    ("uu-39-2004", "national-law", "id", _same),
    ("uu-6-2012", "national-law", "id", _bracketed_name_kept),
    ("pp-59-2021", "national-law", "id", _with_republik),
    ("asean-consensus-2017", "regional", "en", _same),
    ("asean-declaration-2007", "regional", "en", _without_place_names),
    ("asean-declaration-2023", "regional", "en", _without_place_names),
])
def test_the_mirror_documents_titles_are_read_from_their_headings(catalog, doc_id, family, language, expect):
    source = _read(mirror_file(doc_id))
    found = printed_title(source.text, family, language, source.removed)
    want = expect(catalog.get(doc_id).title)
    assert found is not None
    if expect is _bracketed_name_kept:
        assert found.title.startswith(want) and found.title.endswith(")")
    else:
        assert found.title.casefold() == want.casefold()


@pytest.mark.parametrize("doc_id, symbol, opening", [
    ("cmw-gc-5", "CMW/C/GC/5", "General comment No. 5 (2021) on migrants"),
    ("cmw-gc-6", "CMW/C/GC/6", "General comment No. 6 (2024)"),
    ("cmw-gc-7", "CMW/C/GC/7-CERD/C/GC/38", "Joint general recommendation No. 38"),
])
def test_a_general_comments_masthead_gives_its_symbol_and_title(doc_id, symbol, opening):
    source = _read(mirror_file(doc_id))
    found = printed_title(source.text, "committee", "en", source.removed)
    assert found.symbol == symbol and found.title.startswith(opening) and found.where == "masthead"


def test_a_text_that_opens_with_its_first_paragraph_prints_no_title():
    source = _read(mirror_file("cmw-gc-1"))  # "1. Domestic work is an important occupation ..."
    assert printed_title(source.text, "committee", "en", source.removed) is None


def test_a_pdf_whose_masthead_was_cut_gives_the_symbol_of_its_running_header():
    source = _read(mirror_pdf("cmw-gc-1"))
    found = printed_title(source.text, "committee", "en", source.removed)
    assert (found.title, found.symbol, found.where) == (None, "CMW/C/GC/1", "running header")


def test_a_real_un_report_gives_its_masthead_symbol_and_title():
    source = _read(CASES / "un-pagebreak-footer-eats-text.pdf")
    found = printed_title(source.text, "committee", "en", source.removed)
    assert found.symbol == "A/HRC/WG.6/48/SVN/2"
    assert found.title == ("Compilation of information prepared by the Office of the United Nations High "
                           "Commissioner for Human Rights")


def test_a_treaty_opening_with_its_first_article_prints_no_title():
    source = _read(CASES / "treaty-article-per-page-headings-removed.pdf")
    assert printed_title(source.text, "bilateral", "en", source.removed) is None


# ------------------------------------------------------------------ regulations, in their shapes

@pytest.mark.parametrize("text, language, title", [
    ("UNDANG-UNDANG REPUBLIK INDONESIA\nNOMOR 7 TAHUN 2031\nTENTANG\nTAMAN KOTA DAN HUTAN KOTA\n\n"
     "DENGAN RAHMAT TUHAN YANG MAHA ESA\n\nPRESIDEN REPUBLIK INDONESIA,\n\nMenimbang : a. bahwa ...",
     "id", "Undang-Undang Republik Indonesia Nomor 7 Tahun 2031 tentang Taman Kota dan Hutan Kota"),
    # a copy's stamp before, the minister after
    ("SALINAN\n\nPERATURAN MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA\nNOMOR 4 TAHUN 2027\nTENTANG\n"
     "TATA CARA PENEMPATAN PEKERJA MIGRAN\n\nMENTERI KETENAGAKERJAAN REPUBLIK INDONESIA,\n\nMenimbang : ...",
     "id", "Peraturan Menteri Ketenagakerjaan Republik Indonesia Nomor 4 Tahun 2027 tentang Tata Cara Penempatan "
     "Pekerja Migran"),
    # a web page's heading in mixed case
    ("Undang-Undang Republik Indonesia Nomor 7 Tahun 2031 tentang Taman Kota\nDengan Rahmat Tuhan Yang Maha Esa\n"
     "Presiden Republik Indonesia,", "id", "Undang-Undang Republik Indonesia Nomor 7 Tahun 2031 tentang Taman Kota"),
    # an English translation
    ("LAW OF THE REPUBLIC OF INDONESIA\nNUMBER 7 OF 2031\nCONCERNING\nCITY PARKS\n\nBY THE GRACE OF GOD ALMIGHTY\n\n"
     "THE PRESIDENT OF THE REPUBLIC OF INDONESIA,\nConsidering: a. that ...",
     "en", "Law of the Republic of Indonesia Number 7 of 2031 concerning City Parks"),
    # an amending act names another regulation inside its title: kept, in the title's case
    ("PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 9 TAHUN 2031 TENTANG PERUBAHAN ATAS PERATURAN PEMERINTAH "
     "NOMOR 4 TAHUN 2030 TENTANG TAMAN KOTA\nDENGAN RAHMAT TUHAN YANG MAHA ESA", "id",
     "Peraturan Pemerintah Republik Indonesia Nomor 9 Tahun 2031 tentang Perubahan atas Peraturan Pemerintah "
     "Nomor 4 Tahun 2030 tentang Taman Kota"),
    # the scraper's heading printed twice, a stray digit before TENTANG, the title after it
    # printed again, and OCR's "^" marks
    ("PERATURAN PEMERINTAH REPUBLIK INDONESIA PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 5 TAHUN 2030 2 TENTANG "
     "^PENGELOLAAN TAMAN KOTA Presiden Republik Indonesia, Menimbang: PERATURAN PEMERINTAH REPUBLIK INDONESIA "
     "NOMOR 5 TAHUN 2030 TENTANG PENGELOLAAN TAMAN KOTA", "id",
     "Peraturan Pemerintah Republik Indonesia Nomor 5 Tahun 2030 tentang Pengelolaan Taman Kota"),
    # a title naming the Prime Minister ("PERDANA MENTERI") is not cut at the minister
    ("PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 40 TAHUN 2030 TENTANG MOBIL UNTUK PERDANA MENTERI, WAKIL "
     "PERDANA MENTERI DAN PARA MENTERI REPUBLIK INDONESIA Presiden Republik Indonesia, Menimbang:", "id",
     "Peraturan Pemerintah Republik Indonesia Nomor 40 Tahun 2030 tentang Mobil untuk Perdana Menteri, Wakil "
     "Perdana Menteri dan Para Menteri Republik Indonesia"),
])
def test_a_regulations_heading_gives_its_title(text, language, title):
    assert own_title(text, language) == title
    assert printed_title(text, "national-law", language).title == title


def test_a_regulation_named_in_the_enacting_words_is_not_the_documents_own():
    """The heading lost, the text opens with its considerations; the regulation its
    enacting sentence amends ("Menetapkan: PERATURAN PEMERINTAH UNTUK MENGUBAH PERATURAN
    PEMERINTAH NOMOR 4, TAHUN 1950 ...") was read as the document's own number and title."""
    text = ("bahwa perlu diadakan perubahan dalam Peraturan Pemerintah Nomor 5 tahun 2030; Mengingat: Pasal 7; "
            "MEMUTUSKAN: Menetapkan: PERATURAN PEMERINTAH UNTUK MENGUBAH PERATURAN PEMERINTAH NOMOR 5, TAHUN 2030 "
            "TENTANG TAMAN KOTA. Pasal 1 Peraturan Pemerintah Nomor 5 tahun 2030 diubah.")
    assert own_number(text) is None
    assert own_title(text) is None


def test_a_heading_without_tentang_words_gives_the_kind_and_number():
    assert own_title("PERATURAN PEMERINTAH NOMOR 45 TAHUN 2030 PANGKAT. Menimbang: bahwa") == \
        "Peraturan Pemerintah Nomor 45 Tahun 2030"


def test_no_heading_no_title():
    assert own_title("a. bahwa perlu menetapkan Peraturan Pemerintah tentang Taman Kota;") is None
    assert printed_title("", "national-law", "id") is None


# ------------------------------------------------------------------ UN documents, in their shapes

@pytest.mark.parametrize("text, symbol, title", [
    ("United Nations CMW/C/GC/9\nInternational Convention on Xyz Workers\nDistr.: General\n1 March 2031\nOriginal: English\nCommittee on Xyz Workers\n"
     "General comment No. 9 on migrant "
     "domestic workers\nI. Introduction\n1. Domestic work is ...",
     "CMW/C/GC/9", "General comment No. 9 on migrant domestic workers"),
    ("United Nations A/HRC/WG.6/99/XYZ/2\nGeneral Assembly Distr.: General\n2 February 2031\nOriginal: English\n"
     "Human Rights Council\nWorking Group on the Universal Periodic Review\nNinety-ninth session\nXyzland\n"
     "Compilation on Xyzland\nReport of the Office of the United Nations High Commissioner for Human Rights\n"
     "I. Background\n1. The present report ...",
     "A/HRC/WG.6/99/XYZ/2", "Compilation on Xyzland Report of the Office of the United Nations High Commissioner "
     "for Human Rights"),
    ("E/C.12/GC/29\nEconomic and Social Council\nDistr.: General\nCommittee on Economic, Social and Cultural Rights\n"
     "General comment No. 29 (2031) on the right to rest\nI. Introduction\n1. ...",
     "E/C.12/GC/29", "General comment No. 29 (2031) on the right to rest"),
    ("CEDAW/C/GC/46\nConvention on the Elimination of All Forms of Discrimination against Women\nDistr.: General\n"
     "General recommendation No. 46 on women migrant workers*\n* Adopted by the Committee ...\n1. ...",
     "CEDAW/C/GC/46", "General recommendation No. 46 on women migrant workers"),
    ("United Nations A/RES/99/4\nGeneral Assembly Distr.: General\n4 October 2031\nNinety-ninth session\n"
     "Resolution adopted by the General Assembly on 3 October 2031\n[without reference to a Main Committee]\n"
     "99/4. Declaration of the Dialogue on Migration\nThe General Assembly ...",
     "A/RES/99/4", "Declaration of the Dialogue on Migration"),
    ("United Nations CMW/C/XYZ/CO/1\nDistr.: General\n3 May 2031\nOriginal: English\nCommittee on Xyz Workers\n"
     "Concluding observations on the initial report "
     "of Xyzland*\nA. Introduction\n1. The Committee considered the initial report of Xyzland (CMW/C/XYZ/1) ...",
     "CMW/C/XYZ/CO/1", "Concluding observations on the initial report of Xyzland"),
])
def test_a_un_masthead_gives_the_symbol_and_the_title(text, symbol, title):
    found = printed_title(text, "committee", "en")
    assert (found.symbol, found.title, found.where) == (symbol, title, "masthead")


def test_a_symbol_cited_in_the_body_is_not_the_documents_own():
    text = ("Concluding observations on the initial report of Xyzland\n" + "The Committee welcomes the report. " * 30
            + "\n1. The Committee considered the initial report (CMW/C/XYZ/1) at its meetings.")
    found = printed_title(text, "committee", "en")
    assert found.symbol is None and found.title == "Concluding observations on the initial report of Xyzland"
    assert masthead_symbol("1. As the Committee said in CMW/C/GC/2, para. 3 ...\n" * 20 + "CMW/C/GC/5") is None


# ------------------------------------------------------------------ treaties and MoUs, in their shapes

@pytest.mark.parametrize("text, title", [
    ("MEMORANDUM OF UNDERSTANDING\n\nBETWEEN\n\nTHE GOVERNMENT OF THE REPUBLIC OF INDONESIA\n\nAND\n\n"
     "THE GOVERNMENT OF XYZLAND\n\nON\n\nTHE PLACEMENT AND PROTECTION OF DOMESTIC WORKERS\n\n"
     "The Government of the Republic of Indonesia and the Government of Xyzland, hereinafter ...",
     "Memorandum of Understanding between the Government of the Republic of Indonesia and the Government of Xyzland "
     "on the Placement and Protection of Domestic Workers"),
    ("ASEAN DECLARATION ON THE RIGHTS OF SEAFARERS\nWE, the Heads of State ...",
     "ASEAN Declaration on the Rights of Seafarers"),
    ("Agreement between Xyzland and the Republic of Indonesia on Labour Mobility\n\nPreamble\nThe Parties ...",
     "Agreement between Xyzland and the Republic of Indonesia on Labour Mobility"),
])
def test_a_treatys_first_heading_gives_its_title(text, title):
    assert printed_title(text, "bilateral", "en").title == title


def test_a_treaty_without_an_instruments_heading_prints_no_title():
    assert printed_title("Article 1\nThe Parties shall cooperate.", "bilateral", "en") is None
    assert printed_title("Minutes of the meeting\nPresent: ...", "regional", "en") is None


# ------------------------------------------------------------------ the regulations store

@needs_peraturan_store
@pytest.mark.parametrize("path, title", [
    ("uu/2003/13.md", "Undang-Undang Republik Indonesia Nomor 13 Tahun 2003 tentang Ketenagakerjaan"),
    # the heading printed twice, the second after "TENTANG"
    ("pp/2016/19.md", "Peraturan Pemerintah Republik Indonesia Nomor 19 Tahun 2016 tentang Pemberian Gaji, Pensiun, "
     "atau Tunjangan Ketiga Belas kepada Pegawai Negeri Sipil, Prajurit Tentara Nasional Indonesia, Anggota "
     "Kepolisian Negara Republik Indonesia, Pejabat Negara, dan Penerima Pensiun atau Tunjangan"),
    # "... TAHUN 2014 2 TENTANG": a stray digit before TENTANG
    ("pp/2014/55.md", "Peraturan Pemerintah Republik Indonesia Nomor 55 Tahun 2014 tentang Hak Keuangan dan "
     "Fasilitas Hakim Agung dan Hakim Konstitusi"),
    # "NOMOR . 29 TAHUN 2010"
    ("pp/2010/29.md", "Peraturan Pemerintah Republik Indonesia Nomor 29 Tahun 2010 tentang Penetapan Pensiun Pokok "
     "Purnawirawan, Warakawuri/Duda, Tunjangan Anak Yatim/Piatu, Anak Yatim Piatu, dan Tunjangan Orang Tua "
     "Anggota Tentara Nasional Indonesia"),
    # the minister's title inside the title, the heading printed again after it
    ("pp/1953/40.md", "Peraturan Pemerintah Republik Indonesia Nomor 40 Tahun 1953 tentang Pemindahan Kekuasaan "
     "Menteri Urusan Pegawai kepada Perdana Menteri Urusan Pegawai"),
    # the heading lost: the regulation the enacting words amend is not this one
    ("pp/1957/9.md", None),
    # OCR's stray labels, "Menetapkan" among them, before the heading: it is the document's
    ("pp/2020/16.md", "Peraturan Pemerintah Republik Indonesia Nomor 16 Tahun 2020 tentang Pencatatan Ciptaan dan "
     "Produk Hak Terkait"),
])
def test_real_regulations_titles(path, title):
    text = peraturan_bytes(path).decode("utf-8", "replace")
    assert own_title(text, "id") == title


@needs_peraturan_store
def test_a_heading_after_ocrs_stray_labels_and_marks_keeps_its_number():
    """OCR printed "Menimbang Menimbang Mengingat Menetapkan *.r,o" before the heading: no
    kind of its own stands between, so the heading is the document's (not a regulation
    the enacting sentence names)."""
    text = peraturan_bytes("pp/2017/29.md").decode("utf-8", "replace")
    assert own_number(text).citation == "PP No. 29 Tahun 2017"
    assert own_title(text).startswith("Peraturan Pemerintah Republik Indonesia Nomor 29 Tahun 2017 tentang Cara ")


def test_stray_labels_before_a_heading_are_not_an_enacting_sentence():
    text = ("Menimbang Menimbang Mengingat Menetapkan *.r,o PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 8 TAHUN 2030 "
            "TENTANG TAMAN KOTA DENGAN RAHMAT TUHAN YANG MAHA ESA")
    assert own_number(text).citation == "PP No. 8 Tahun 2030"
    assert own_title(text) == "Peraturan Pemerintah Republik Indonesia Nomor 8 Tahun 2030 tentang Taman Kota"
