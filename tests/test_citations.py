"""The citation parser accepts what people type, and never crashes on anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.citations import CitationResolver, format_citation


@pytest.fixture(scope="module")
def resolver(catalog):
    return CitationResolver(catalog)


@pytest.mark.parametrize(
    "typed, doc_id, unit, locator",
    [
        ("UU 18/2017 Pasal 30", "uu-18-2017", "Pasal 30", "Pasal 30"),
        ("pasal 30 uu no 18 tahun 2017", "uu-18-2017", "Pasal 30", "Pasal 30"),
        ("Pasal 2 UU No. 6 Tahun 2012", "uu-6-2012", "Pasal 2", "Pasal 2"),
        ("UU 18/2017 Pasal 30 ayat (1) huruf a", "uu-18-2017", "Pasal 30", "Pasal 30 ayat (1) huruf a"),
        ("Penjelasan Pasal 5 UU 18/2017", "uu-18-2017", "Penjelasan Pasal 5", "Penjelasan Pasal 5"),
        ("Penjelasan Umum UU 6/2012", "uu-6-2012", "Penjelasan Umum", "Penjelasan Umum"),
        ("Law No. 18 of 2017, Article 4(2)(a)", "uu-18-2017", "Pasal 4", "Pasal 4 ayat (2) huruf a"),
        ("PP 59/2021 Pasal 22", "pp-59-2021", "Pasal 22", "Pasal 22"),
        ("GC 2 para 24", "cmw-gc-2", "para 24", "para 24"),
        ("CMW/C/GC/2 ¶ 24", "cmw-gc-2", "para 24", "para 24"),
        ("GC 7 para. 26", "cmw-gc-7", "para 26", "para 26"),
        ("CMW/C/GC/3-CRC/C/GC/22, para. 17", "cmw-gc-3", "para 17", "para 17"),
        ("CRC/C/GC/22 para 3", "cmw-gc-3", "para 3", "para 3"),
        ("general comment no. 5 paragraph 51", "cmw-gc-5", "para 51", "para 51"),
        ("IJEPA art 94", "ijepa-2007", "Article 94", "Article 94"),
        ("Article 94(1)(a) IJEPA", "ijepa-2007", "Article 94", "Article 94(1)(a)"),
        ("Article 22 ICRMW", "icrmw", "Article 22", "Article 22"),
        ("art. 22, paragraph 1 ICRMW", "icrmw", "Article 22", "Article 22(1)"),
        ("ASEAN Consensus paragraph 22", "asean-consensus-2017", "para 22", "para 22"),
        ("Guidelines para 73 Labuan Bajo Declaration", "asean-declaration-2023", "Guidelines para 73", "Guidelines para 73"),
        ("CMW/C/IDN/CO/1 para 57", "cmw-c-idn-co-1", "para 57", "para 57"),
    ],
)
def test_parses_what_people_type(resolver, typed, doc_id, unit, locator):
    cit = resolver.parse(typed)
    assert cit is not None
    assert (cit.doc_id, cit.unit, cit.locator) == (doc_id, unit, locator)
    assert cit.complete
    assert cit.coverage == 1.0


def test_questions_are_not_citations(resolver):
    assert resolver.parse("apakah majikan boleh menahan paspor PRT migran?") is None
    assert resolver.parse("Is it lawful for an employer to keep a passport?") is None
    partial = resolver.parse("what does Pasal 4 say about fishermen")
    assert partial is not None and partial.doc_id is None and partial.coverage < 0.5


def test_formats_each_family_its_own_way(catalog):
    assert format_citation(catalog.get("uu-18-2017"), "Pasal 30 ayat (1)") == "UU No. 18 Tahun 2017, Pasal 30 ayat (1)"
    assert format_citation(catalog.get("cmw-gc-2"), "para 24") == "CMW/C/GC/2, para. 24"
    assert format_citation(catalog.get("ijepa-2007"), "Article 94") == "IJEPA (2007), art. 94"
    assert format_citation(catalog.get("asean-declaration-2023"), "Guidelines para 73").endswith("Guidelines, para. 73")
    assert format_citation(catalog.get("uu-6-2012")) == "UU No. 6 Tahun 2012"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_arbitrary_text(resolver, text):
    cit = resolver.parse(text)
    assert cit is None or 0.0 <= cit.coverage <= 1.0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["pasal", "ayat", "(1)", "huruf", "a", "uu", "18/2017", "para", "¶", "art.", "GC", "CMW/C/GC/", "-", "/", "12", "tahun", "Penjelasan", "x" * 40]),
        max_size=20,
    )
)
def test_never_crashes_on_citation_like_noise(resolver, words):
    resolver.parse(" ".join(words))
