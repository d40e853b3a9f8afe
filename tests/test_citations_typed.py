"""Citations as people type them (issue #7 item 7, issue #13 item 5): Indonesian names of
English instruments, ranges and lists, numbers kept as typed, and unit names that follow
the cited document's language. On the real catalogue and mirror."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, MIRROR
from kb.citations import MAX_RANGE, CitationResolver
from kb.errors import CitationError


@pytest.fixture(scope="module")
def resolver(catalog):
    return CitationResolver(catalog)


@pytest.mark.parametrize(
    "typed, doc_id, units",
    [
        # Indonesian names of English instruments: a general rule, not per question
        ("Komentar Umum CMW No. 1 paragraf 41", "cmw-gc-1", ["para 41"]),
        ("Komentar Umum No. 1 paragraf 41", "cmw-gc-1", ["para 41"]),
        ("komentar umum nomor 2 paragraf 24", "cmw-gc-2", ["para 24"]),
        ("Deklarasi Cebu 2007 paragraf 14", "asean-declaration-2007", ["para 14"]),
        ("Deklarasi Cebu paragraf 14", "asean-declaration-2007", ["para 14"]),
        ("Pasal 22 Konvensi", "icrmw", ["Article 22"]),
        ("Article 22 of the Convention", "icrmw", ["Article 22"]),
        # ranges and lists: every unit named, in order
        ("CMW/C/GC/5 paras. 82–83", "cmw-gc-5", ["para 82", "para 83"]),
        ("GC 5 paras 82-84", "cmw-gc-5", ["para 82", "para 83", "para 84"]),
        ("paras 82, 83 and 85 of GC 5", "cmw-gc-5", ["para 82", "para 83", "para 85"]),
        ("Pasal 5 dan 6 PP 59/2021", "pp-59-2021", ["Pasal 5", "Pasal 6"]),
        ("UU 18/2017 Pasal 79 s.d. 81", "uu-18-2017", ["Pasal 79", "Pasal 80", "Pasal 81"]),
        ("UU 18/2017 Pasal 6 dan Pasal 30", "uu-18-2017", ["Pasal 6", "Pasal 30"]),
        ("articles 21 and 22 of the Convention", "icrmw", ["Article 21", "Article 22"]),
        ("IJEPA articles 93 and 95", "ijepa-2007", ["Article 93", "Article 95"]),
        ("Pasal 2 s/d 4 PP 59/2021", "pp-59-2021", ["Pasal 2", "Pasal 3", "Pasal 4"]),
        ("Komentar Umum No. 3 dan No. 4 paragraf 17", "cmw-gc-3", ["para 17"]),
        # a paragraph of a named sequence (Guidelines = Pedoman), wherever it is named
        ("Pedoman ASEAN 2023 paragraf 60", "asean-declaration-2023", ["Guidelines para 60"]),
        ("para 3 Guidelines Labuan Bajo", "asean-declaration-2023", ["Guidelines para 3"]),
        ("2023 ASEAN crisis Guidelines, para. 60", "asean-declaration-2023", ["Guidelines para 60"]),
        ("Deklarasi Labuan Bajo paragraf 5", "asean-declaration-2023", ["para 5"]),
        ("Konsiderans Menimbang UU 39/2004", "uu-39-2004", ["Menimbang"]),
        ("para 26 of the joint general comment No. 7", "cmw-gc-7", ["para 26"]),
        # other names of a joint general comment, of a Government Regulation, of a
        # numbered point, and a sequence word that is the title's (round 8)
        ("Komentar Umum Gabungan No. 3 paragraf 17", "cmw-gc-3", ["para 17"]),
        ("JGC No. 4, para 12", "cmw-gc-4", ["para 12"]),
        ("GR 59/2021 Art. 5", "pp-59-2021", ["Pasal 5"]),
        ("Gov. Reg. No. 59 of 2021, art 5", "pp-59-2021", ["Pasal 5"]),
        ("Govt Reg 59/2021 Article 5", "pp-59-2021", ["Pasal 5"]),
        ("Cebu Declaration item 8", "asean-declaration-2007", ["para 8"]),
        ("ASEAN Guidelines para 49", "asean-declaration-2023", ["Guidelines para 49"]),
        ("Crisis Guidelines para 49", "asean-declaration-2023", ["Guidelines para 49"]),
        ("Lampiran Deklarasi ASEAN 2023 paragraf 3", "asean-declaration-2023", ["Annex para 3"]),
        # a range backwards or too long names its ends only, never invents units
        ("GC 5 paras 83-82", "cmw-gc-5", ["para 83", "para 82"]),
        # the Penjelasan named before the document, or between it and the Pasal, and the
        # "explanatory note" of English translations (round 9: were the Pasal itself)
        ("Penjelasan UU 18/2017 Pasal 13", "uu-18-2017", ["Penjelasan Pasal 13"]),
        ("UU 18/2017, Penjelasan, Pasal 61", "uu-18-2017", ["Penjelasan Pasal 61"]),
        ("Penjelasan PP 59/2021 Pasal 8 dan 9", "pp-59-2021", ["Penjelasan Pasal 8", "Penjelasan Pasal 9"]),
        ("Explanatory note to Article 13 of Law 18/2017", "uu-18-2017", ["Penjelasan Pasal 13"]),
        ("UU TKI Pasal 76", "uu-39-2004", ["Pasal 76"]),  # the repealed act's common name
    ],
)
def test_typed_citations(resolver, typed, doc_id, units):
    cit = resolver.parse(typed)
    assert cit is not None and cit.doc_id == doc_id
    assert [u for u, _loc in cit.all_units] == units
    assert cit.coverage == 1.0


def test_an_explanation_asked_about_a_pasal_is_not_its_penjelasan(resolver):
    # "Apa penjelasan UU 18/2017 tentang Pasal 13?": an explanation asked for, words between
    cit = resolver.parse("Apa penjelasan UU 18/2017 tentang Pasal 13?")
    assert cit is not None and cit.doc_id == "uu-18-2017" and cit.unit == "Pasal 13"


def test_several_documents_and_titles(resolver):
    cit = resolver.parse("Komentar Umum No. 3 dan No. 4 paragraf 17")
    assert [(d, u) for d, u, _ in cit.targets] == [("cmw-gc-3", "para 17"), ("cmw-gc-4", "para 17")]
    # a question naming two instruments: both are boosted
    assert resolver.documents_named("Apa yang diatur UU PPMI dan Konsensus ASEAN tentang layanan satu atap?") == [
        "uu-18-2017", "asean-consensus-2017"]
    # title words find a document only when a unit is cited: a topical query is no citation
    assert resolver.parse("ASEAN migrant workers crisis") is None


@pytest.mark.parametrize("typed", [
    "Pasal 6 UU PPMI dan Konsensus ASEAN",
    "Konsensus ASEAN dan Pasal 6 UU PPMI",
    "Bagaimana UU 18/2017 Pasal 6 dan Konsensus ASEAN mengatur hak komunikasi?",
    "Apa isi Konsensus ASEAN, dan apa bunyi Pasal 6 UU PPMI?",
])
def test_a_unit_belongs_to_the_document_named_next_to_it(resolver, typed):
    # Two instruments named, one unit: the unit is the one of the document named beside it,
    # whatever order the catalogue's names are looked up in (before: "ASEAN Consensus,
    # Article 6", a unit the Consensus does not have).
    cit = resolver.parse(typed)
    assert (cit.doc_id, cit.unit) == ("uu-18-2017", "Pasal 6"), typed
    assert resolver.parse("Konsensus ASEAN para 19 dan UU PPMI").targets[0][:2] == ("asean-consensus-2017", "para 19")


def test_other_instruments_named_convention_are_not_the_icrmw(resolver):
    for typed in ("ILO Convention No. 189 article 3", "Convention on the Rights of the Child article 3"):
        cit = resolver.parse(typed)
        assert cit is None or cit.doc_id != "icrmw", typed


def test_numbers_are_kept_as_typed(resolver):
    cit = resolver.parse("CMW/C/GC/2 para 999999999999")
    assert cit.unit == "para 999999999999"
    cit = resolver.parse("UU 18/2017 Pasal 6 ayat (99999)")
    assert cit.unit == "Pasal 6" and cit.locator == "Pasal 6 ayat (99999)"
    cit = resolver.parse("IJEPA Article 123456")
    assert cit.unit == "Article 123456"


def test_indonesian_language_agreement_names_its_units_pasal(catalog):
    # agr-id-sa-2014 is a bilateral agreement written in Indonesian: its units are Pasal
    resolver = CitationResolver(catalog)
    assert resolver.parse("agr-id-sa-2014 Pasal 1").unit == "Pasal 1"
    assert resolver.parse("agr-id-sa-2014 article 2").unit == "Pasal 2"
    assert resolver.parse("IJEPA Pasal 94").unit == "Article 94"  # an English treaty keeps Articles


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 300), st.integers(0, 150), st.sampled_from(["-", "–", " to ", " s.d. ", " sampai dengan "]))
def test_ranges_name_every_unit_in_order(resolver, start, length, sep):
    end = start + length
    cit = resolver.parse(f"CMW/C/GC/5 paras. {start}{sep}{end}")
    names = [u for u, _ in cit.all_units]
    if length == 0:
        assert names == [f"para {start}"]
    elif length <= MAX_RANGE:
        assert names == [f"para {n}" for n in range(start, end + 1)]
    else:
        assert names == [f"para {start}", f"para {end}"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 99), min_size=1, max_size=6, unique=True))
def test_lists_name_every_unit_in_order(resolver, numbers):
    *head, last = [str(n) for n in numbers]
    typed = f"Pasal {', '.join(head)} dan {last} UU 18/2017" if head else f"Pasal {last} UU 18/2017"
    cit = resolver.parse(typed)
    assert cit.doc_id == "uu-18-2017"
    assert [u for u, _ in cit.all_units] == [f"Pasal {n}" for n in numbers]


# --- kb show on the real mirror (no index needed: units are parsed from the library) -----


@pytest.fixture(scope="module")
def library_kb(tmp_path_factory):
    from kb.api import KnowledgeBase

    home = tmp_path_factory.mktemp("typed-home")
    kb = KnowledgeBase.open(home, mirror=MIRROR)
    kb.fetch(["uu-18-2017", "cmw-gc-2", "cmw-gc-5", "pp-59-2021"], from_dir=MIRROR, download=False)
    kb.add(FIXTURES / "persetujuan-contoh.id.txt", id="agr-id-sa-2014")  # the user's copy of a catalogue agreement
    return KnowledgeBase.open(home, mirror=MIRROR)


def test_show_refuses_numbers_it_does_not_have_as_typed(library_kb):
    from kb.errors import CitationError

    with pytest.raises(CitationError, match="has no para 999999999999;"):
        library_kb.get("CMW/C/GC/2 para 999999999999")
    with pytest.raises(CitationError, match=r"has no ayat \(99999\)"):
        library_kb.get("UU 18/2017 Pasal 6 ayat (99999)")
    assert library_kb.get("UU 18/2017 Pasal 6 ayat (1) huruf j").locator == "Pasal 6 ayat (1) huruf j"


def test_show_a_pasal_of_an_indonesian_agreement(library_kb):
    hit = library_kb.get("agr-id-sa-2014 Pasal 1")
    assert hit.unit.unit == "Pasal 1" and hit.document.id == "agr-id-sa-2014"
    assert library_kb.get("agr-id-sa-2014 Pasal 2 ayat (1)").locator == "Pasal 2 ayat (1)"


def test_show_a_range_and_a_list(library_kb):
    assert [h.unit.unit for h in library_kb.get_all("CMW/C/GC/5 paras. 82–83")] == ["para 82", "para 83"]
    assert [h.unit.unit for h in library_kb.get_all("Pasal 5 dan 6 PP 59/2021")] == ["Pasal 5", "Pasal 6"]


@pytest.mark.slow
def test_typed_citations_rank_every_named_unit_first_in_search(slice_kb):
    """On the slice index (UU 6/2012, general comment No. 1, the Cebu Declaration)."""
    cases = [
        ("Komentar Umum No. 1 paragraf 41", [("cmw-gc-1", "para 41")]),
        ("Komentar Umum CMW No. 1 paragraf 41", [("cmw-gc-1", "para 41")]),
        ("Deklarasi Cebu paragraf 14", [("asean-declaration-2007", "para 14")]),
        ("Deklarasi Cebu 2007 paragraf 14", [("asean-declaration-2007", "para 14")]),
        ("CMW/C/GC/1 paras. 38–40", [("cmw-gc-1", "para 38"), ("cmw-gc-1", "para 39"), ("cmw-gc-1", "para 40")]),
        ("GC 1 paragraphs 12 and 14", [("cmw-gc-1", "para 12"), ("cmw-gc-1", "para 14")]),
        ("Pasal 1 dan 2 UU 6/2012", [("uu-6-2012", "Pasal 1"), ("uu-6-2012", "Pasal 2")]),
    ]
    for typed, want in cases:
        hits = slice_kb.search(typed, k=5).hits
        assert [(h.document.id, h.unit.unit) for h in hits[: len(want)]] == want, typed
        assert all(h.exact for h in hits[: len(want)]), typed
    with pytest.raises(Exception, match="has no para 999999999999"):
        slice_kb.get("CMW/C/GC/1 para 999999999999")


@pytest.mark.parametrize("text, topic", [
    ("Apa isi Pasal 30 UU 18/2017?", ()),
    ("What does Pasal 30 of UU 18/2017 say?", ()),
    ("Tolong kutip bunyi Komentar Umum No. 2 paragraf 60", ()),
    ("What does paragraph 60 of general comment No. 2 provide?", ()),
    ("What does UU 18/2017 Pasal 30 say about placement fees?", ("placement", "fees")),
    ("Apakah Pasal 30 UU 18/2017 melarang biaya?", ("melarang", "biaya")),
])
def test_words_that_only_ask_for_the_cited_text_are_not_a_topic(resolver, text, topic):
    cit = resolver.parse(text)
    assert cit is not None and cit.complete
    assert cit.topic_words == topic


@pytest.mark.parametrize("text, locators", [
    ("Pasal 6 ayat (1) huruf j dan k UU 18/2017", ["Pasal 6 ayat (1) huruf j", "Pasal 6 ayat (1) huruf k"]),
    ("UU 18/2017 Pasal 6 ayat (1) huruf j, k, dan l",
     ["Pasal 6 ayat (1) huruf j", "Pasal 6 ayat (1) huruf k", "Pasal 6 ayat (1) huruf l"]),
    ("Pasal 30 ayat (1) dan (2) UU 18/2017", ["Pasal 30 ayat (1)", "Pasal 30 ayat (2)"]),
    ("Pasal 1 angka 2 dan 3 UU 18/2017", ["Pasal 1 angka 2", "Pasal 1 angka 3"]),  # not Pasal 3
    ("Pasal 5 ayat (1) dan Pasal 6 UU 18/2017", ["Pasal 5 ayat (1)", "Pasal 6"]),
    ("Pasal 5 ayat (1) dan 6 UU 18/2017", ["Pasal 5 ayat (1)", "Pasal 6"]),
])
def test_a_list_of_parts_of_one_unit_names_each_part(resolver, text, locators):
    cit = resolver.parse(text)
    assert [loc for _d, _u, loc in cit.targets] == locators
    assert cit.topic_words == ()


def test_other_names_of_a_unit_the_document_has(full_kb):
    """A unit typed under a name its document does not use is found under the one it
    does: an ASEAN instrument numbers paragraphs, so its "Pasal 8" / "Article 22" is
    para 8 / 22; a statute's "Final clause" is its Penutup and an instrument's "Penutup"
    its Final clause. A general comment's "article 22" stays the Convention's article
    (never para 22), and a number a document lacks is still refused."""
    cases = {
        "Deklarasi Cebu Pasal 8": ("asean-declaration-2007", "para 8"),
        "Article 22 of the ASEAN Consensus": ("asean-consensus-2017", "para 22"),
        "Penutup Konsensus ASEAN": ("asean-consensus-2017", "Final clause"),
        "Final clause of UU 18/2017": ("uu-18-2017", "Penutup"),
    }
    for typed, (doc_id, unit) in cases.items():
        hit = full_kb.search(typed, k=3).hits[0]
        assert hit.exact and (hit.document.id, hit.unit.unit) == (doc_id, unit), typed
        assert not any("has no" in n for n in full_kb.search(typed, k=3).notes), typed
    gc = full_kb.search("GC 1 article 22", k=5)
    assert not any(h.exact and h.unit.unit == "para 22" for h in gc.hits)
    missing = full_kb.search("Konsensus ASEAN Pasal 99", k=3)
    assert not any(h.exact for h in missing.hits)
    assert any("has no Article 99" in n for n in missing.notes), missing.notes


@pytest.mark.parametrize("typed, numbered", [
    ("Ketentuan Pidana UU 18/2017", "BAB XI UU 18/2017"),
    ("Bab Ketentuan Peralihan UU 18/2017", "BAB XII UU 18/2017"),
    ("ketentuan penutup UU PPMI", "BAB XIII UU 18/2017"),
    ("Chapter on Definitions of the ASEAN Consensus", "Chapter 2 of the ASEAN Consensus"),
])
def test_a_chapter_named_by_its_title(full_kb, typed, numbered):
    """A chapter cited by its title and the document's name alone is its units, in
    order, as exact hits, as the chapter cited by number is; a question about the
    chapter's subject is not ("What are the penalties in UU 18/2017?")."""
    by_title = [(h.document.id, h.unit.unit) for h in full_kb.search(typed, k=40).hits if h.exact]
    by_number = [(h.document.id, h.unit.unit) for h in full_kb.search(numbered, k=40).hits if h.exact]
    assert by_title and by_title == by_number, typed
    assert not any(h.exact for h in full_kb.search("What are the penalties in UU 18/2017?", k=5).hits)


def test_gr_names_a_government_regulation_only_when_the_catalogue_holds_it(resolver):
    """"GR 59/2021" is PP 59/2021; "GR" with a number kb does not hold is not reported as
    a missing Government Regulation ("CEDAW GR 26, 2008" is a general recommendation),
    while the spelled-out "Gov. Reg. 35/2021" is."""
    assert resolver.parse("GR 59/2021 Art. 5").doc_id == "pp-59-2021"
    assert not any(s.startswith("PP ") for s in resolver.unknown_symbols("CEDAW GR 26, 2008 para 3"))
    assert not any(s.startswith("PP ") for s in resolver.unknown_symbols("GR 35/2021 Pasal 5"))
    assert "PP No. 35 Tahun 2021" in resolver.unknown_symbols("Gov. Reg. 35/2021 Pasal 5")


@pytest.mark.parametrize("typed, units", [
    ("Pasal 30 UU 18/2017 dan penjelasannya", ["Pasal 30", "Penjelasan Pasal 30"]),
    ("Article 30 of Law 18/2017 and its elucidation", ["Pasal 30", "Penjelasan Pasal 30"]),
    ("Pasal 5 dan 6 PP 59/2021 beserta penjelasannya", ["Pasal 5", "Pasal 6", "Penjelasan Pasal 5", "Penjelasan Pasal 6"]),
    # the indexed copy of UU 39/2004 has no Penjelasan: the Pasal alone, no refusal
    ("Pasal 35 UU 39/2004 dan penjelasannya", ["Pasal 35"]),
    ("Konsideran UU 18/2017", ["Menimbang"]),
])
def test_a_pasal_with_its_elucidation(full_kb, typed, units):
    """"… dan penjelasannya", "and its elucidation": the Pasal and the Penjelasan of each
    Pasal named, as exact hits in that order (only those the indexed text has)."""
    result = full_kb.search(typed, k=8)
    assert [h.unit.unit for h in result.hits if h.exact] == units, typed
    assert not any("has no" in n for n in result.notes), result.notes


def test_an_article_of_a_general_comment_is_the_conventions(resolver):
    """A general comment numbers paragraphs; an article cited with it is the Convention's
    ("GC 2 article 68"), a paragraph stays the general comment's."""
    assert resolver.parse("GC 2 article 68").targets == (("icrmw", "Article 68", "Article 68"),)
    assert resolver.parse("What does GC 1 say about article 22?").doc_id == "icrmw"
    assert resolver.parse("GC 1 para 22").targets == (("cmw-gc-1", "para 22", "para 22"),)


def test_an_answer_quoting_part_of_a_chapter_says_so(full_kb):
    """A chapter cited in `kb ask` whose units are not all quoted (BAB XI of UU 18/2017
    has nine; an answer quotes at most eight) says how many, and how to see every one."""
    answer = full_kb.ask("Ketentuan Pidana UU 18/2017")
    notes = [n for n in answer.notes if n.code == "chapter-partial"]
    assert notes and "9" in notes[0].text and 'kb show "BAB XI UU No. 18 Tahun 2017"' in notes[0].text
    assert not [n for n in full_kb.ask("BAB X UU 18/2017").notes if n.code == "chapter-partial"]


@pytest.mark.parametrize("typed", [
    "UU 18/2017 Pasal 6 ayat (1) huruf b",
    "UU 18/2017 Pasal 6, ayat (1), huruf b",
    "UU 18/2017 Pasal 6; ayat (1); huruf b",
    "UU 18/2017 Pasal 6 , ayat(1) , huruf(b)",
    "UU 18/2017 Pasal 6, ayat 1, huruf b",
    "UU 18/2017 Pasal 6 ayat 1 huruf b",
    "UU 18/2017 Pasal 6 ayat (1) huruf b.",
    "UU 18/2017 Pasal 6(1)(b)",
    "UU 18/2017 Pasal 6 (1) b",
    "Pasal 6, ayat (1), huruf b UU 18/2017",
    "huruf b, ayat (1), Pasal 6 UU 18/2017",
    "UU 18/2017 Pasal 6, (1), (b)",
    "UU 18/2017 Pasal 6 ayat (1): huruf b",
])
def test_punctuation_between_the_parts_of_one_citation_loses_no_part(full_kb, typed):
    """A comma or a semicolon between the levels of one citation ("Pasal 6, ayat (1),
    huruf b"), an ayat without parentheses, a trailing period, the bracketed forms: all
    name the same part (the ayat and huruf after a comma were dropped and the whole Pasal
    shown as if cited)."""
    cit = CitationResolver(full_kb.catalog).parse(typed)
    assert cit.targets == (("uu-18-2017", "Pasal 6", "Pasal 6 ayat (1) huruf b"),), typed
    assert cit.coverage == 1.0
    hit = full_kb.get(typed)
    assert (hit.unit.unit, hit.locator) == ("Pasal 6", "Pasal 6 ayat (1) huruf b")


@pytest.mark.parametrize("typed, locators", [
    # a level named again after a comma is a list of parts of the same unit, not one part
    ("UU 18/2017 Pasal 6 ayat (1), ayat (2)", ["Pasal 6 ayat (1)", "Pasal 6 ayat (2)"]),
    ("UU 18/2017 Pasal 6 ayat (1) huruf a, huruf b", ["Pasal 6 ayat (1) huruf a", "Pasal 6 ayat (1) huruf b"]),
    ("UU 18/2017 Pasal 6, ayat (1) dan (2)", ["Pasal 6 ayat (1)", "Pasal 6 ayat (2)"]),
    ("UU 18/2017 Pasal 6 (1), (2)", ["Pasal 6 ayat (1)", "Pasal 6 ayat (2)"]),
    ("UU 18/2017 Pasal 6, (a), (b)", ["Pasal 6 huruf a", "Pasal 6 huruf b"]),
    ("CMW/C/GC/2 para 13, subparagraph (e)", ["para 13 (e)"]),
])
def test_a_comma_before_a_part_word_keeps_lists_apart(resolver, typed, locators):
    cit = resolver.parse(typed)
    assert [loc for _d, _u, loc in cit.targets] == locators, typed
    assert cit.coverage == 1.0


@pytest.mark.parametrize("typed, plain", [
    ("Penjelasan IJEPA art 94", "IJEPA (2007), art. 94"),
    ("Penjelasan art 94 IJEPA", "IJEPA (2007), art. 94"),
    ("IJEPA, Penjelasan, article 94", "IJEPA (2007), art. 94"),
    ("Penjelasan GC 2 para 5", "CMW/C/GC/2, para. 5"),
    # a statute whose indexed copy has no Penjelasan says the same, in the same words
    ("Penjelasan UU 39/2004 Pasal 5", "UU No. 39 Tahun 2004, Pasal 5"),
    ("Penjelasan Pasal 5 UU 39/2004", "UU No. 39 Tahun 2004, Pasal 5"),
])
def test_a_penjelasan_of_a_document_without_one_is_refused_in_one_line(full_kb, typed, plain):
    """The Penjelasan of a document that has none (a treaty, a general comment: only
    Indonesian statutes have one; UU 39/2004's indexed copy lacks it) is refused in one
    line that offers the unit itself, by `kb show`, `kb search` and `kb ask` alike
    ("Penjelasan IJEPA art 94" showed art. 94 as if asked, the word dropped)."""
    with pytest.raises(CitationError) as err:
        full_kb.get(typed)
    message = str(err.value)
    assert "has no Penjelasan" in message and f'kb show "{plain}"' in message and "\n" not in message, message
    result = full_kb.search(typed, k=3)
    assert message in result.notes and not any(h.exact for h in result.hits), (typed, result.notes)
    with pytest.raises(CitationError) as asked:
        full_kb.ask(typed)
    assert str(asked.value) == message


@pytest.mark.parametrize("typed, targets", [
    # one document named right before the unit and another right after: either reading
    # follows Indonesian usage, so each document's unit is cited (was: the last one only)
    ("UU 18/2017 Pasal 1 UU 6/2012", [("uu-18-2017", "Pasal 1"), ("uu-6-2012", "Pasal 1")]),
    ("UU No. 18 Tahun 2017, Pasal 1 UU 6/2012", [("uu-18-2017", "Pasal 1"), ("uu-6-2012", "Pasal 1")]),
    ("UU 39/2004 Pasal 76 dan UU 18/2017 Pasal 2 UU 6/2012",
     [("uu-39-2004", "Pasal 76"), ("uu-18-2017", "Pasal 2"), ("uu-6-2012", "Pasal 2")]),
    # where the text settles it, it is settled: a name followed by a unit of its own is
    # that unit's, a name right after a unit is that unit's
    ("UU 18/2017 Pasal 1 UU 6/2012 Pasal 2", [("uu-18-2017", "Pasal 1"), ("uu-6-2012", "Pasal 2")]),
    ("Pasal 6 UU 18/2017 Pasal 5 UU 39/2004", [("uu-18-2017", "Pasal 6"), ("uu-39-2004", "Pasal 5")]),
    ("Pasal 1 UU 6/2012", [("uu-6-2012", "Pasal 1")]),
    ("UU 18/2017 Pasal 1", [("uu-18-2017", "Pasal 1")]),
])
def test_a_unit_between_two_document_names_is_not_given_to_one_silently(full_kb, typed, targets):
    cit = CitationResolver(full_kb.catalog).parse(typed)
    assert [(d, u) for d, u, _loc in cit.targets] == targets, typed
    assert cit.coverage == 1.0
    assert [(h.unit.doc_id, h.unit.unit) for h in full_kb.get_all(typed)] == targets
    assert [(h.unit.doc_id, h.unit.unit) for h in full_kb.search(typed, k=5).hits if h.exact] == targets


def test_a_unit_between_two_names_one_lacks_is_refused_in_that_ones_terms(full_kb):
    """"IJEPA art 94 UU 18/2017": UU 18/2017 has no Pasal 94 (said as the statute numbers
    its units, not "no Article 94" with every kind of unit it has)."""
    with pytest.raises(CitationError, match=r"^UU No\. 18 Tahun 2017 has no Pasal 94; it has Pasal 1–91$"):
        full_kb.get("IJEPA art 94 UU 18/2017")


def _kb(home, *args: str):
    import subprocess
    import sys

    from conftest import kb_env

    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home), timeout=600)


def test_show_of_a_unit_with_no_document_names_the_documents_that_have_one(full_kb):
    """`kb show "Pasal 30"` names the statutes that have a Pasal 30, as `kb search` does,
    with a `kb show` to run (was "cannot tell which document 'Pasal 30' cites" and three
    other documents' examples)."""
    with pytest.raises(CitationError) as err:
        full_kb.get("Pasal 30")
    message = str(err.value)
    assert message.startswith("Pasal 30 of which document? UU No. 18 Tahun 2017, UU No. 39 Tahun 2004 and "
                              "PP No. 59 Tahun 2021 have one"), message
    assert message.endswith('e.g. `kb show "Pasal 30 UU No. 18 Tahun 2017"`')
    # the same documents as the search lists, under the same note (its example as typed)
    # (in the search's language: "Pasal 30" is Indonesian, as its labels are; ux16)
    from kb.search.notes import citation_note

    note = next(n for n in full_kb.search("Pasal 30", k=3).notes if "dari dokumen mana?" in n)
    assert note.split(";")[0] == citation_note(message, "id").split(";")[0]
    assert full_kb.get("Pasal 30 UU No. 18 Tahun 2017").unit.unit == "Pasal 30"  # the example resolves
    out = _kb(full_kb.settings.home, "show", "Pasal 30")
    assert out.returncode == 1 and out.stdout == "" and out.stderr.strip() == f"kb: error: {message}"


@pytest.mark.parametrize("typed, start, example", [
    ("articles 21 and 22", "Article 21 and Article 22 of which document? IJEPA (2007) has them",
     "Article 21 and Article 22 IJEPA (2007)"),
    ("articles 21 to 23", "Article 21, Article 22 and Article 23 of which document? IJEPA (2007) has them",
     "Article 21, Article 22 and Article 23 IJEPA (2007)"),
    ("Pasal 90 dan 110", "Pasal 90 and Pasal 110 of which document? UU No. 18 Tahun 2017, UU No. 39 Tahun 2004 "
     "and PP No. 59 Tahun 2021 have Pasal 90; none has Pasal 110", "Pasal 90 UU No. 18 Tahun 2017"),
])
def test_units_with_no_document_are_each_named(full_kb, typed, start, example):
    """A list or range with no document names every unit cited, in `kb search`, `kb ask`
    and `kb show` alike (was: "Article 21 of which document?" for "articles 21 and 22"),
    and its example cites the units a document has."""
    note = next(n for n in full_kb.search(typed, k=3).notes if "of which document?" in n)
    assert note.startswith(start) and f"e.g. '{example}'" in note, note
    with pytest.raises(CitationError) as asked:
        full_kb.ask(typed)
    assert str(asked.value) == note
    with pytest.raises(CitationError) as shown:
        full_kb.get(typed)
    assert str(shown.value).startswith(start) and f'`kb show "{example}"`' in str(shown.value)
    cited = CitationResolver(full_kb.catalog).parse(example)
    assert cited.coverage == 1.0 and len(cited.targets) == example.count(" and ") + example.count(",") + 1


def test_an_english_explanation_asked_of_a_treaty_article_is_no_penjelasan(resolver):
    """"Explanation of IJEPA article 94" asks to explain the article (searched, as
    before); only "Penjelasan" and "Elucidation" name the part of a statute."""
    cit = resolver.parse("Explanation of IJEPA article 94")
    assert cit.targets == (("ijepa-2007", "Article 94", "Article 94"),) and "explanation" in cit.topic_words
    assert resolver.parse("Elucidation of IJEPA article 94").unit == "Penjelasan Pasal 94"
