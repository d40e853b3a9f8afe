"""Citations of Indonesian units beyond "Pasal N": an amending act's Roman articles and
amendment points, Lampiran, items of Menimbang and Mengingat; and document ids that
contain a unit's word."""

from __future__ import annotations

import pytest

from kb.citations import CitationResolver
from kb.models import Document


def statute(doc_id: str, citation: str) -> Document:
    return Document(id=doc_id, title=citation, citation=citation, family="national-law", language="id")


@pytest.fixture(scope="module")
def resolver():
    return CitationResolver([
        statute("pp-84-2013", "PP No. 84 Tahun 2013"),
        statute("pp-lampiran-2012", "Peraturan dengan Lampiran"),
        statute("restart-in-penjelasan", "Peraturan Contoh"),
    ])


@pytest.mark.parametrize("typed, unit, locator", [
    ("PP 84/2013 Pasal I", "Pasal I", "Pasal I"),
    ("Pasal II PP No. 84 Tahun 2013", "Pasal II", "Pasal II"),
    ("pp-84-2013 pasal i angka 2", "Pasal I angka 2", "Pasal I angka 2"),
    ("PP 84/2013 Pasal I angka 2 ayat (3)", "Pasal I angka 2", "Pasal I angka 2 ayat (3)"),
    ("Penjelasan Pasal I angka 2 PP 84/2013", "Penjelasan Pasal I angka 2", "Penjelasan Pasal I angka 2"),
    ("PP 84/2013 Lampiran", "Lampiran", "Lampiran"),
    ("Lampiran II PP 84/2013", "Lampiran II", "Lampiran II"),
    ("PP 84/2013 Menimbang huruf b", "Menimbang", "Menimbang huruf b"),
    ("PP 84/2013 Mengingat angka 2", "Mengingat", "Mengingat angka 2"),
    ("PP 84/2013 Pasal 9", "Pasal 9", "Pasal 9"),
    ("pp-lampiran-2012 Lampiran", "Lampiran", "Lampiran"),
    ("restart-in-penjelasan Pasal 3", "Pasal 3", "Pasal 3"),
])
def test_indonesian_units(resolver, typed, unit, locator):
    cit = resolver.parse(typed)
    assert cit is not None and cit.unit == unit and cit.locator == locator, cit
    assert cit.doc_id is not None


@pytest.mark.parametrize("typed", ["PP 84/2013 pasal ini", "PP 84/2013 pasal civil"])
def test_words_that_look_roman_are_no_article(resolver, typed):
    cit = resolver.parse(typed)
    assert cit is not None and cit.unit is None


@pytest.mark.parametrize("text, unit", [
    ("UU 18/2017 Penutup", "Penutup"),
    ("Penutup UU 18/2017", "Penutup"),
    ("UU 18/2017 bagian penutup", "Penutup"),
    ("ketentuan penutup UU 18/2017", None),  # the chapter of closing provisions, BAB XIV
    ("BAB Penutup UU 18/2017", None),
    ("ASEAN Consensus Final clause", "Final clause"),
    ("IJEPA final clause", "Final clause"),
])
def test_the_penutup_and_final_clauses_are_cited_by_name(catalog, text, unit):
    """A statute's Penutup (where and when it was enacted and promulgated) and an
    instrument's final clause, as `kb show` takes them; "Ketentuan Penutup" is a chapter."""
    cit = CitationResolver(catalog).parse(text)
    assert cit is not None and cit.unit == unit, cit
