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
