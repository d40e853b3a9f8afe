"""Citations as people type them, round 13: a law by the acronym of its title ("PPMI
Law", "Undang-Undang PPMI"), a statute's year in two digits ("UU 18/17"), the year
before the instrument's name, general comments numbered in words and ordinals ("GC N°
1", "Komentar Umum ke-2", "general comment two", "2nd general comment"), ordinal
paragraphs ("paragraf ke-14", "the 14th paragraph"), "Decl.", lists closed by ", dan" /
", and", and an instrument named by its main noun when only one held document has it
("Consensus para 20", "EPA"). An ambiguous name is refused with the candidates named.
On the real catalogue (and, for `kb show`, the full mirror)."""

from __future__ import annotations

import pytest

from kb.citations import CitationResolver
from kb.errors import CitationError


@pytest.fixture(scope="module")
def resolver(catalog):
    return CitationResolver(catalog)


CASES = [
    # short names of laws: the acronym of the title, with any name of the kind of law
    ("short-name", "PPMI Law", "uu-18-2017", []),
    ("short-name", "Undang-Undang PPMI", "uu-18-2017", []),
    ("short-name", "Undang-Undang PPMI Pasal 6", "uu-18-2017", ["Pasal 6"]),
    ("short-name", "Article 8 of the PPMI Law", "uu-18-2017", ["Pasal 8"]),
    ("short-name", "the PPMI Act, Article 8", "uu-18-2017", ["Pasal 8"]),
    ("short-name", "Undang-Undang PPTKILN Pasal 5", "uu-39-2004", ["Pasal 5"]),
    ("short-name", "TKI Law art 5", "uu-39-2004", ["Pasal 5"]),
    ("short-name", "Peraturan Pemerintah PPPMI Pasal 3", "pp-59-2021", ["Pasal 3"]),
    # (a new user's trial) the acronym alone right before a unit, and a repeated initial
    # written as its count ("P2MI" = PPMI)
    ("short-name", "PPMI art. 6(1)(j)", "uu-18-2017", ["Pasal 6"]),
    ("short-name", "PPMI Pasal 30", "uu-18-2017", ["Pasal 30"]),
    ("short-name", "P2MI Law article 30", "uu-18-2017", ["Pasal 30"]),
    ("short-name", "UU P2MI Pasal 6", "uu-18-2017", ["Pasal 6"]),
    ("short-name", "PP P3MI Pasal 3", "pp-59-2021", ["Pasal 3"]),
    # a two-digit year when one held law has that kind, number and year
    ("two-digit-year", "UU 18/17", "uu-18-2017", []),
    ("two-digit-year", "UU 18/17 Pasal 5", "uu-18-2017", ["Pasal 5"]),
    ("two-digit-year", "Pasal 3 PP 59/21", "pp-59-2021", ["Pasal 3"]),
    ("two-digit-year", "UU No. 39/04 Pasal 76", "uu-39-2004", ["Pasal 76"]),
    # the year before the instrument's name
    ("year-first", "the 2007 ASEAN Declaration para 8", "asean-declaration-2007", ["para 8"]),
    ("year-first", "2023 ASEAN Declaration para 8", "asean-declaration-2023", ["para 8"]),
    ("year-first", "the 2017 ASEAN Consensus, para 3", "asean-consensus-2017", ["para 3"]),
    ("year-first", "the 2007 Declaration para 8", "asean-declaration-2007", ["para 8"]),
    # general comments numbered as people type them
    ("gc-number", "GC N° 1 para 3", "cmw-gc-1", ["para 3"]),
    ("gc-number", "General Comment Nº 2, para 3", "cmw-gc-2", ["para 3"]),
    ("gc-number", "Komentar Umum ke-2 paragraf 3", "cmw-gc-2", ["para 3"]),
    ("gc-number", "Komentar Umum ke 5 paragraf 3", "cmw-gc-5", ["para 3"]),
    ("gc-number", "general comment two para 3", "cmw-gc-2", ["para 3"]),
    ("gc-number", "General Comment No. Five, para 3", "cmw-gc-5", ["para 3"]),
    ("gc-number", "Komentar Umum Nomor Satu paragraf 4", "cmw-gc-1", ["para 4"]),
    ("gc-number", "komentar umum tiga paragraf 4", "cmw-gc-3", ["para 4"]),
    ("gc-number", "2nd general comment para 4", "cmw-gc-2", ["para 4"]),
    ("gc-number", "the 3rd general comment, para 4", "cmw-gc-3", ["para 4"]),
    ("gc-number", "general comment 1st para 4", "cmw-gc-1", ["para 4"]),
    ("gc-number", "GC N° 1", "cmw-gc-1", []),
    # ordinal paragraphs, articles, Pasal
    ("ordinal-unit", "GC 1 paragraf ke-14", "cmw-gc-1", ["para 14"]),
    ("ordinal-unit", "the 14th paragraph of GC 1", "cmw-gc-1", ["para 14"]),
    ("ordinal-unit", "GC 2, the 21st paragraph", "cmw-gc-2", ["para 21"]),
    ("ordinal-unit", "Pasal ke-5 UU 18/2017", "uu-18-2017", ["Pasal 5"]),
    ("ordinal-unit", "the 22nd article of the Convention", "icrmw", ["Article 22"]),
    # abbreviations of the instrument's kind
    ("abbreviation", "ASEAN Decl. 2007 para 8", "asean-declaration-2007", ["para 8"]),
    ("abbreviation", "Cebu Decl. para 8", "asean-declaration-2007", ["para 8"]),
    ("abbreviation", "Labuan Bajo Decl., para 5", "asean-declaration-2023", ["para 5"]),
    ("abbreviation", "the 2007 ASEAN Decl para 8", "asean-declaration-2007", ["para 8"]),
    # lists closed by ", dan" / ", and": every unit named
    ("list", "Pasal 5, 6, dan 7 UU 18/2017", "uu-18-2017", ["Pasal 5", "Pasal 6", "Pasal 7"]),
    ("list", "GC 1 paras 3, 4, and 5", "cmw-gc-1", ["para 3", "para 4", "para 5"]),
    ("list", "articles 21, 22, and 23 of the Convention", "icrmw", ["Article 21", "Article 22", "Article 23"]),
    ("list", "UU 18/2017 Pasal 5, Pasal 6, dan Pasal 7", "uu-18-2017", ["Pasal 5", "Pasal 6", "Pasal 7"]),
    ("list", "paragraf 3, 4, serta 5 Komentar Umum No. 1", "cmw-gc-1", ["para 3", "para 4", "para 5"]),
    # an instrument by its main noun, when only one held document has it
    ("main-noun", "Consensus para 20", "asean-consensus-2017", ["para 20"]),
    ("main-noun", "Konsensus paragraf 20", "asean-consensus-2017", ["para 20"]),
    ("main-noun", "EPA", "ijepa-2007", []),
    ("main-noun", "EPA Article 5", "ijepa-2007", ["Article 5"]),
    ("main-noun", "article 94 of the EPA", "ijepa-2007", ["Article 94"]),
]


@pytest.mark.parametrize("kind, typed, doc_id, units", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_typed_forms_resolve(resolver, kind, typed, doc_id, units):
    cit = resolver.parse(typed)
    assert cit is not None and cit.doc_id == doc_id, (kind, typed, cit)
    assert [u for u, _loc in cit.all_units] == units
    assert resolver.ambiguous_names(typed) == []


@pytest.mark.parametrize("typed, candidates", [
    ("Declaration para 8", {"asean-declaration-2007", "asean-declaration-2023"}),
    ("Deklarasi paragraf 8", {"asean-declaration-2007", "asean-declaration-2023"}),
    ("the Decl. para 8", {"asean-declaration-2007", "asean-declaration-2023"}),
    ("Agreement article 3", {"ijepa-2007", "agr-id-sa-2014"}),
    ("MoU para 3", {"mou-id-my-2022", "mou-id-kr-eps"}),
    ("Persetujuan Pasal 4", {"ijepa-2007", "agr-id-sa-2014"}),  # Indonesian for Agreement
])
def test_a_main_noun_of_several_documents_is_refused_with_them(resolver, typed, candidates):
    cit = resolver.parse(typed)
    assert cit is None or cit.doc_id is None, cit
    assert set(resolver.ambiguous_names(typed)) == candidates


def test_two_digit_years_only_for_a_held_law(resolver):
    # no held UU 18 of 1918/2018 other than 2017's: nothing; not reported as an unknown law either
    assert resolver.parse("UU 18/18 Pasal 5").doc_id is None
    assert not any("Tahun 18" in s for s in resolver.unknown_symbols("UU 18/18 Pasal 5"))
    # four-digit years are read as before; a date-like "18/17" without a kind of law is no law
    assert resolver.parse("UU 18/2017 Pasal 5").doc_id == "uu-18-2017"
    cit = resolver.parse("Pasal 5 tanggal 18/17")
    assert cit is None or cit.doc_id is None


def test_two_digit_year_of_two_held_laws_is_refused(catalog):
    from kb.models import Document

    docs = list(catalog) + [Document(id="uu-18-1917", title="Undang-Undang Nomor 18 Tahun 1917 tentang Contoh",
                                     citation="UU No. 18 Tahun 1917", family="national-law", language="id")]
    r = CitationResolver(docs)
    cit = r.parse("UU 18/17 Pasal 5")
    assert cit is None or cit.doc_id is None
    assert set(r.ambiguous_names("UU 18/17 Pasal 5")) == {"uu-18-2017", "uu-18-1917"}


def test_an_acronym_shared_by_two_laws_is_refused(catalog):
    from kb.models import Document

    docs = list(catalog) + [Document(id="uu-1-2030", title="Undang-Undang Nomor 1 Tahun 2030 tentang Pemberdayaan "
                                     "Pekerja Muda Indonesia", citation="UU No. 1 Tahun 2030",
                                     family="national-law", language="id")]
    r = CitationResolver(docs)
    cit = r.parse("PPMI Law Pasal 5")
    assert cit is None or cit.doc_id is None
    assert set(r.ambiguous_names("PPMI Law Pasal 5")) == {"uu-18-2017", "uu-1-2030"}
    # the catalogue's own alias stays the name of its law
    assert r.parse("UU PPMI Pasal 5").doc_id == "uu-18-2017"


def test_words_of_a_question_are_not_main_nouns(resolver):
    # no unit cited: a common noun in a question names no instrument
    assert resolver.documents_named("Is there a consensus on recruitment fees?") == []
    assert resolver.ambiguous_names("What does the declaration of assets require?") == []
    # beside a unit, a plain noun among other words of a question is one of them: the
    # Indonesian "perjanjian kerja" is an employment agreement, not the IJEPA
    for typed in ("Apa isi Pasal 5 tentang perjanjian kerja?", "para 20 on reaching consensus with employers"):
        cit = resolver.parse(typed)
        assert cit is None or cit.doc_id is None, typed
        assert resolver.ambiguous_names(typed) == [], typed
    # asking for the text is no other word
    assert resolver.parse("What does the Consensus say in para 20?").doc_id == "asean-consensus-2017"
    assert resolver.parse("Apa isi Konsensus paragraf 20?").doc_id == "asean-consensus-2017"


@pytest.mark.slow
@pytest.mark.parametrize("typed, want", [
    ("PPMI Law Pasal 5", [("uu-18-2017", "Pasal 5")]),
    ("Pasal 5, 6, dan 7 UU 18/2017", [("uu-18-2017", "Pasal 5"), ("uu-18-2017", "Pasal 6"), ("uu-18-2017", "Pasal 7")]),
    ("Komentar Umum Nomor Satu paragraf 4", [("cmw-gc-1", "para 4")]),
    ("Consensus para 20", [("asean-consensus-2017", "para 20")]),
])
def test_show_gives_every_unit(full_kb, typed, want):
    hits = full_kb.get_all(typed)
    assert [(h.unit.doc_id, h.unit.unit) for h in hits] == want


@pytest.mark.slow
def test_show_refuses_an_ambiguous_name_naming_the_candidates(full_kb):
    with pytest.raises(CitationError) as err:
        full_kb.get_all("Declaration para 8")
    message = str(err.value)
    assert "\n" not in message
    assert "ASEAN Declaration (Cebu, 2007)" in message and "ASEAN Declaration (Labuan Bajo, 2023)" in message


@pytest.mark.slow
def test_ask_names_only_the_documents_a_shared_name_fits(full_kb):
    # "Declaration para 8": the two ASEAN Declarations, not every document with a para 8
    answer = full_kb.ask("What does the Declaration say in para 8?")
    text = " ".join(n.text for n in answer.notes if n.code == "which-document")
    assert "ASEAN Declaration (Cebu, 2007)" in text and "ASEAN Declaration (Labuan Bajo, 2023)" in text
    assert "CMW/C/GC/1" not in text and "ASEAN Consensus" not in text


def test_a_counted_acronym_alone_is_no_law(resolver):
    """"P3MI" alone is the placement agency (Perusahaan Penempatan Pekerja Migran
    Indonesia, the texts' own term), not PP 59/2021 (PPPMI): only with its kind of law."""
    cit = resolver.parse("P3MI Pasal 5")
    assert cit is None or cit.doc_id != "pp-59-2021", cit

