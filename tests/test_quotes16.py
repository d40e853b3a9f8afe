"""A quote cut where extraction lost a space after a comma (round 16, a new user's trial).

IJEPA art. 11(2) was quoted "… form part of this" and stopped: the mirror's text prints
"this Agreement,mutatis mutandis." (the space after the comma lost), "Agreement,mutatis"
counted as OCR debris, and the debris trim cut the sentence's last two words, with no
"…". Two words glued at a comma are words."""

from __future__ import annotations

from kb.answer.clauses import token_is_clean, trim_debris


def test_two_words_glued_at_a_comma_are_words():
    assert token_is_clean("Agreement,mutatis") and token_is_clean("pekerja;dan")
    assert not token_is_clean("^l,I") and not token_is_clean("a|b,c")
    text = "The rules of the Annex on dispute settlement apply to the consultations under this Agreement,mutatis mutandis."
    assert text[slice(*trim_debris(text, 0, len(text)))].endswith("Agreement,mutatis mutandis.")


def test_the_ijepa_exceptions_quote_ends_its_sentence(full_kb):
    answer = full_kb.ask("What does IJEPA say about exceptions under GATS Article XIV?")
    quotes = [q.text for q in answer.quotes if answer.source(q.source).citation.startswith("IJEPA (2007), art. 11(2)")]
    assert quotes and all(q.rstrip("”\"").endswith("mutatis mutandis.") for q in quotes), quotes


CO = """United Nations                                                  CMW/C/ABC/CO/2
Distr.: General

Committee on Xyz Workers

Concluding observations on the second periodic report of Abcland

1.    The Committee is concerned that migrant domestic workers cannot change employer.

2.    The Committee recommends that the State party:
      (a)   Repeal the sponsorship system, including:
            (i)   the requirement of employer consent to change employment;
            (ii)  the exit permit requirement;
      (b)   Ratify ILO Convention No. 189.
"""


def test_an_item_opening_a_list_of_its_own_is_quoted_with_its_items(fresh_slice_home, tmp_path):
    """A new user's concluding observations: "(a) Repeal the kafala system, including:" was
    quoted alone, its (i) and (ii) left out without a note."""
    path = tmp_path / "co.txt"
    path.write_text(CO, encoding="utf-8")
    kb = fresh_slice_home
    kb.add(path, id="co-abc", family="committee", language="en")
    kb.index()
    answer = kb.ask("What does the Committee recommend to Abcland about the sponsorship system?")
    quoted = " ".join(q.text for q in answer.quotes if answer.source(q.source).doc_id == "co-abc")
    assert "Repeal the sponsorship system, including:" in quoted
    assert "employer consent" in quoted and "exit permit" in quoted
