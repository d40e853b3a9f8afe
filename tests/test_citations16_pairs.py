"""Two citations of two documents in one text, typed in different orders (round 16).

Found by bench/citations.py's held-out half (pairs of forms): "Deklarasi Cebu 2007,
paragraf 11 sampai 13 and mukadimah dalam Japan-Indonesia EPA" gave paras 11-13 to the
IJEPA (the year after "Cebu" counted as a word between the name and its paragraphs, so
the name after them was nearer), and "UU 6/2012 bagian Menimbang and UU PPMI, penjelasan
umum" lost the Menimbang ("bagian", the part of, did not attach it to its statute)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, want", [
    ("Deklarasi Cebu 2007, paragraf 11 sampai 13 and mukadimah dalam Japan-Indonesia EPA",
     [("asean-declaration-2007", "para 11"), ("asean-declaration-2007", "para 12"),
      ("asean-declaration-2007", "para 13"), ("ijepa-2007", "Preamble")]),
    ("ASEAN Declaration 2007, para 8 and article 5 of IJEPA",
     [("asean-declaration-2007", "para 8"), ("ijepa-2007", "Article 5")]),
    ("Konsensus ASEAN 2017, paragraf 5 dan Pasal 6 dalam UU PPMI",
     [("asean-consensus-2017", "para 5"), ("uu-18-2017", "Pasal 6")]),
    ("Undang-Undang No. 6 Tahun 2012 bagian Menimbang and UU PPMI, penjelasan umum",
     [("uu-6-2012", "Menimbang"), ("uu-18-2017", "Penjelasan Umum")]),
    ("UU 6/2012 bagian Menimbang dan UU PPMI Pasal 5", [("uu-6-2012", "Menimbang"), ("uu-18-2017", "Pasal 5")]),
    # unchanged: a name right after a unit is that unit's
    ("Pasal 6 UU 18/2017 Pasal 5 UU 39/2004", [("uu-18-2017", "Pasal 6"), ("uu-39-2004", "Pasal 5")]),
])
def test_each_unit_keeps_the_document_typed_beside_it(full_kb, text, want):
    cit = full_kb.searcher().resolver.parse(text)
    assert [(d, u) for d, u, _loc in cit.targets] == want


def test_search_shows_both_documents_units(full_kb):
    res = full_kb.search("Deklarasi Cebu 2007, paragraf 11 sampai 13 and mukadimah dalam Japan-Indonesia EPA", k=6)
    assert [(h.document.id, h.unit.unit) for h in res.hits[:4]] == [
        ("asean-declaration-2007", "para 11"), ("asean-declaration-2007", "para 12"),
        ("asean-declaration-2007", "para 13"), ("ijepa-2007", "Preamble")]
    assert not any("has no para" in n for n in res.notes)
