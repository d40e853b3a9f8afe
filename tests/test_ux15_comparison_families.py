"""A comparison of families of sources ("Bandingkan hukum Indonesia dan Komite tentang …")
quotes each family only with a sentence about the question; of a family with none, the
answer says so in the question's language (note "family-silent") instead of quoting an
unrelated unit. The words naming the families ("hukum Indonesia", "Indonesian law",
"the Committee") are not terms of the question (kb.answer: _family_stems)."""

from __future__ import annotations


def test_passport_retention_comparison_does_not_quote_unrelated_indonesian_law(full_kb):
    # No indexed Indonesian provision is on passport retention (the statutes name the
    # passport only among the documents a worker needs); PP 59/2021's "… yang ditahan di
    # penjara" (detained in prison) and UU 18/2017's "dilarang menahan pemberangkatan …
    # dokumen" share a word of "penahanan paspor" and were quoted in its place.
    answer = full_kb.ask("Bandingkan hukum Indonesia dan Komite tentang penahanan paspor")
    assert not answer.abstained
    cited = [s.citation for s in answer.sources]
    assert not any(c.startswith(("PP No. 59", "UU No. 18", "UU No. 39")) for c in cited), cited
    assert any(c.startswith("CMW/C/GC/2") for c in cited), cited
    silent = [n for n in answer.notes if n.code == "family-silent"]
    assert silent, [n.code for n in answer.notes]
    assert "hukum Indonesia" in silent[0].text and "Tidak ditemukan" in silent[0].text


def test_family_names_do_not_score_sentences(full_kb):
    # "hukum" (= sanction, penalty in the glossary) and "Indonesia" named the family; they
    # made IJEPA's penalties and PP 59/2021's consular list the comparison's quotes
    answer = full_kb.ask("Bandingkan hukum Indonesia dan Komite tentang penahanan paspor")
    assert not any("ditahan di penjara" in f for q in answer.quotes for f in q.fragments)


def test_recruitment_fee_comparison_still_quotes_indonesian_law(full_kb):
    # where Indonesian law does speak to the question, its quote stays
    answer = full_kb.ask("How do Indonesian law and the Committee differ on recruitment fees?")
    cited = [s.citation for s in answer.sources]
    assert any(c.startswith(("UU No. 18 Tahun 2017", "UU No. 39 Tahun 2004")) for c in cited), cited
    assert any(c.startswith("CMW/C/GC/") for c in cited), cited
    assert not [n for n in answer.notes if n.code == "family-silent"]
