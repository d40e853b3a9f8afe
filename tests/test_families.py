"""kb.search.families: the families of sources a question compares."""

from __future__ import annotations

import pytest

from kb.search.families import families_named


@pytest.mark.parametrize("text, families", [
    ("What do Indonesian law and the Committee say about passports?", ("national-law", "committee")),
    ("Bagaimana hukum Indonesia dan Komite PBB mengatur hak atas informasi?", ("national-law", "committee")),
    ("How do Indonesian law and the ASEAN instruments deal with repatriation?", ("national-law", "regional")),
    ("What does the Committee say about article 22 of the Convention?", ("convention", "committee")),
    ("What does the Committee say about passports?", ("committee",)),
    ("Apakah majikan boleh menahan paspor PRT migran?", ()),
    (None, ()),
])
def test_families_named_by_generic_words(text, families):
    assert families_named(text) == families


def test_documents_named_add_their_family():
    assert families_named("Apa yang diatur UU PPMI dan Konsensus ASEAN?", ("national-law",)) == \
        ("national-law", "regional")


# A question asking what one family of sources says ranks that family's units first
# (SearchParams.asked_family_factor), on the full mirror; a comparison, or a question that
# also names a document of another family, is left as it ranks.
@pytest.mark.slow
@pytest.mark.parametrize("question, family", [
    ("Menurut Komite, bagaimana jam kerja PRT migran harus diatur?", "committee"),
    ("What does the Committee say about the working hours of migrant domestic workers?", "committee"),
    ("Menurut hukum Indonesia, apakah pekerja migran berhak atas informasi?", "national-law"),
])
def test_the_family_a_question_asks_for_ranks_first(full_kb, question, family):
    from kb import SearchParams
    from kb.search.hybrid import Searcher

    def families(params):
        base = full_kb.searcher()
        hits = Searcher(base.snapshot, full_kb.catalog, base.embedder, params).search(question, 8).hits
        return [h.document.family for h in hits]

    assert families(SearchParams()) == [family] * 8
    assert families(SearchParams(asked_family_factor=1.0)) != [family] * 8  # fails without the factor


def test_a_comparison_or_another_familys_document_is_not_narrowed(full_kb):
    base = full_kb.searcher()
    for question in ("What do Indonesian law and the Committee say about working hours?",
                     "Menurut Komite, apakah UU 18/2017 sudah mengatur jam kerja PRT migran?"):
        hits = base.search(question, 10).hits
        assert {h.document.family for h in hits} >= {"national-law", "committee"}, question
