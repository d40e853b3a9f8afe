"""`kb add` labels a document by the title its text prints, not by its file's name
(`KnowledgeBase.add`, kb.structure.titles): --title is optional when the text prints one
kb can read; a --title that is only the file's own name ("--title co.pdf") counts as not
given and is kept as an alias; a committee document is cited by its masthead's symbol
(any UN symbol, not only a report's). Real inputs: the mirror's documents and the real
UN PDF of ../shared/cases, copied under the names users give them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kb.api import KnowledgeBase
from kb.errors import CatalogError

from conftest import MIRROR, kb_env, mirror_file, mirror_pdf

CASES = MIRROR.parent / "cases" / "real-documents"
def _catalogue_title(doc_id: str) -> str:
    """The title kb's shipped catalogue records (the reference the printed title is checked against)."""
    from kb.catalog import Catalog
    from kb.config import BUILTIN_CATALOG

    return Catalog.load(BUILTIN_CATALOG).get(doc_id).title


UU39 = _catalogue_title("uu-39-2004")


@pytest.fixture()
def home(tmp_path) -> KnowledgeBase:
    return KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")


def _copy(source, tmp_path, name):
    if not source.is_file():
        pytest.skip(f"no file {source}")
    target = tmp_path / name
    shutil.copyfile(source, target)
    return target


def test_a_regulation_added_without_a_title_is_titled_by_its_heading(home, tmp_path):
    doc = home.add(_copy(mirror_file("uu-39-2004"), tmp_path, "id-uu-39-2004.md"), id="my-uu39",
                   family="national-law", language="id")
    assert doc.title == UU39
    # the catalogue's UU 39/2004 is cited "UU No. 39 Tahun 2004": this copy keeps its title
    assert doc.citation == UU39 and doc.date == "2004"
    assert home.catalog.get("my-uu39").title == UU39


@pytest.mark.parametrize("given", ["id-uu-39-2004.md", "id-uu-39-2004", " id-uu-39-2004.md "])
def test_a_title_that_is_the_files_name_is_not_taken_and_stays_an_alias(home, tmp_path, given):
    path = _copy(mirror_file("uu-39-2004"), tmp_path, "id-uu-39-2004.md")
    doc = home.add(path, id="my-uu39", title=given, family="national-law", language="id")
    assert doc.title == UU39
    assert doc.aliases == (given.strip(),)
    # the name the user typed still finds the document
    hits = home.get_all(f"{given.strip()} Pasal 3")
    assert [h.unit.unit for h in hits] == ["Pasal 3"] and hits[0].document.id == "my-uu39"


def test_a_title_typed_otherwise_than_the_files_name_is_a_title(home, tmp_path):
    """"--title MoU" for mou.txt is what the user calls it, not the file's name."""
    path = _copy(CASES / "treaty-article-per-page-headings-removed.pdf", tmp_path, "mou.pdf")
    assert home.add(path, id="mou-x", title="MoU", family="bilateral", language="en").title == "MoU"


def test_a_real_title_is_kept(home, tmp_path):
    path = _copy(mirror_file("uu-39-2004"), tmp_path, "id-uu-39-2004.md")
    doc = home.add(path, id="my-uu39", title="UU PPTKILN (my copy)", family="national-law", language="id")
    assert (doc.title, doc.citation, doc.aliases) == ("UU PPTKILN (my copy)", "UU PPTKILN (my copy)", ())


def test_a_committee_document_is_cited_by_its_masthead_symbol_not_its_files_name(home, tmp_path):
    """A real UPR compilation ("A/HRC/WG.6/48/SVN/2" in its masthead) added as un-report.pdf
    was cited "un-report.pdf, para. 3": the report-only symbol pattern did not know it."""
    path = _copy(CASES / "un-pagebreak-footer-eats-text.pdf", tmp_path, "un-report.pdf")
    doc = home.add(path, id="upr-svn-2", title="un-report.pdf", family="committee", language="en")
    assert (doc.symbol, doc.citation) == ("A/HRC/WG.6/48/SVN/2", "A/HRC/WG.6/48/SVN/2")
    assert doc.title == ("Compilation of information prepared by the Office of the United Nations High "
                         "Commissioner for Human Rights")
    assert doc.aliases == ("un-report.pdf",)
    assert home.get_all("A/HRC/WG.6/48/SVN/2 para. 2")[0].document.id == "upr-svn-2"


def test_a_general_comments_symbol_another_document_is_cited_by_is_not_taken(home, tmp_path):
    """Your copy of CMW/C/GC/1 (a PDF, its masthead cut: the running header prints the
    symbol, no title line) under an id of your own: "CMW/C/GC/1" is the catalogue's
    general comment, so the error says how to give the copy, or a title of its own."""
    path = _copy(mirror_pdf("cmw-gc-1"), tmp_path, "gc1.pdf")
    with pytest.raises(CatalogError, match=r"prints 'CMW/C/GC/1', how kb cites cmw-gc-1 already.*--id cmw-gc-1"):
        home.add(path, id="my-gc1", family="committee", language="en")
    doc = home.add(path, id="my-gc1", title="GC 1 (annotated)", family="committee", language="en")
    assert doc.symbol is None and doc.citation == "GC 1 (annotated)"


def test_an_asean_instrument_is_titled_by_its_first_heading(home, tmp_path):
    doc = home.add(_copy(mirror_file("asean-declaration-2007"), tmp_path, "cebu.txt"), id="my-cebu",
                   family="regional", language="en")
    # the catalogue adds "(Cebu Declaration)"; the heading prints the title without it
    assert doc.title == doc.citation == _catalogue_title("asean-declaration-2007").replace(" (Cebu Declaration)", "")


def test_without_a_readable_title_the_error_names_title_and_nothing_is_stored(home, tmp_path):
    path = _copy(CASES / "treaty-article-per-page-headings-removed.pdf", tmp_path, "mou.pdf")
    with pytest.raises(CatalogError, match=r"kb cannot read a title from the text of mou\.pdf.*--title"):
        home.add(path, id="mou-x", family="bilateral", language="en")
    assert home.catalog.find("mou-x") is None and "mou-x" not in home.library_documents()
    doc = home.add(path, id="mou-x", title="MoU Xyzland", family="bilateral", language="en")
    assert doc.title == "MoU Xyzland"


def test_a_file_name_given_as_title_stays_when_the_text_prints_none(home, tmp_path):
    """Scripts passing the file's name as --title keep working: with no title in the
    text, the name given is the title (as before round 16)."""
    path = _copy(CASES / "treaty-article-per-page-headings-removed.pdf", tmp_path, "mou.pdf")
    doc = home.add(path, id="mou-y", title="mou.pdf", family="bilateral", language="en")
    assert doc.title == doc.citation == "mou.pdf"


def test_documents_added_before_keep_their_titles(tmp_path):
    """An entry stored before (titled by its file's name) is read as it was stored."""
    home = KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")
    path = _copy(mirror_file("uu-39-2004"), tmp_path, "id-uu-39-2004.md")
    home.add(path, id="old-uu39", title="Old title", family="national-law", language="id")
    again = KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")
    assert again.catalog.get("old-uu39").title == "Old title"


def test_kb_add_says_which_title_it_read(tmp_path):
    path = _copy(mirror_file("uu-39-2004"), tmp_path, "id-uu-39-2004.md")
    out = subprocess.run([sys.executable, "-m", "kb.cli", "add", str(path), "--id", "my-uu39", "--title",
                          "id-uu-39-2004.md", "--family", "national-law", "--language", "id"],
                         capture_output=True, text=True, env=kb_env(tmp_path / "home"), timeout=300)
    assert out.returncode == 0, out.stderr
    assert (f"titled {UU39} (read from its heading; --title chooses another; --title 'id-uu-39-2004.md' is the "
            "file's name, kept as an alias)") in out.stdout


def test_kb_add_without_a_readable_title_is_one_line_naming_title(tmp_path):
    path = _copy(CASES / "treaty-article-per-page-headings-removed.pdf", tmp_path, "mou.pdf")
    out = subprocess.run([sys.executable, "-m", "kb.cli", "add", str(path), "--id", "mou-x", "--family", "bilateral",
                          "--language", "en"], capture_output=True, text=True, env=kb_env(tmp_path / "home"), timeout=300)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert "--title" in out.stderr and "mou.pdf" in out.stderr


def test_a_heading_in_the_other_language_names_the_language(tmp_path):
    """`kb add permen.txt --language en` of an Indonesian regulation said only that it
    cannot read a title (a new user's finding); it now says the heading is Indonesian."""
    home = KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")
    path = _copy(mirror_file("uu-39-2004"), tmp_path, "uu39.md")
    with pytest.raises(CatalogError, match=r"headed in Indonesian .* not --language en: give --language id"):
        home.add(path, id="my-uu39", family="national-law", language="en")
    assert home.catalog.find("my-uu39") is None
