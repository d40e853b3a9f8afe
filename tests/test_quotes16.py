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
    text = "XIV bis of the GATS are incorporated into and form part of this Agreement,mutatis mutandis."
    assert text[slice(*trim_debris(text, 0, len(text)))].endswith("Agreement,mutatis mutandis.")


def test_the_ijepa_exceptions_quote_ends_its_sentence(full_kb):
    answer = full_kb.ask("What does IJEPA say about exceptions under GATS Article XIV?")
    quotes = [q.text for q in answer.quotes if answer.source(q.source).citation.startswith("IJEPA (2007), art. 11(2)")]
    assert quotes and all(q.rstrip("”\"").endswith("mutatis mutandis.") for q in quotes), quotes
