"""`kb ask` on questions about criminal penalties (kb.answer.penal), on the real mirror:
the article of the penal chapter that punishes what the question describes leads the
answer, not the prohibition, the licensing rule or an administrative sanction the search
ranked above it. The questions are our own wording."""

from __future__ import annotations

import pytest

from kb.answer.penal import asks_criminal_penalty

slow = pytest.mark.slow


@pytest.mark.parametrize("question, expected", [
    ("Apa ancaman pidana bagi pejabat yang menahan keberangkatan pekerja?", True),
    ("Berapa lama hukuman penjara untuk penempatan ilegal?", True),
    ("What is the prison sentence for a recruiter who confiscates passports?", True),
    ("Apa sanksi bagi perusahaan yang membebankan biaya?", True),
    ("What administrative sanctions can the Minister impose?", False),  # asks for the administrative ones
    ("Apa saja hak pekerja migran?", False),
])
def test_which_questions_ask_for_a_penalty(question, expected):
    assert asks_criminal_penalty(question) is expected


def _first(answer):
    return answer.source(answer.quotes[0].source)


@slow
@pytest.mark.parametrize("question, unit, word", [
    # Before: declined as asking a figure no provision states (the licensing rules the
    # search ranked first state none); asked without "berapa", those rules (Pasal 59,
    # Pasal 58) filled the answer and the article punishing the act went unquoted.
    ("Berapa ancaman pidana untuk perusahaan yang menempatkan pekerja tanpa SIP2MI?", "Pasal 86", "SIP2MI"),
    # Before: the prohibition itself, an administrative sanction on deposits and a rule on
    # costs; the penalty for charging the costs (in the penal chapter) went unquoted.
    ("Apa sanksi bagi yang membebankan biaya penempatan kepada calon pekerja migran?", "Pasal 86", "membebankan"),
])
def test_the_penal_article_on_the_act_leads_the_answer(full_kb, question, unit, word):
    answer = full_kb.ask(question)
    assert not answer.abstained, answer.reason
    first = _first(answer)
    assert (first.doc_id, first.unit) == ("uu-18-2017", unit), first.citation
    assert word in answer.quotes[0].text


@slow
def test_a_criminal_question_quotes_no_administrative_sanction(full_kb):
    # Before: an administrative sanction on a placement company's deposit closed the answer.
    answer = full_kb.ask("Apa sanksi pidana bagi korporasi yang melakukan tindak pidana penempatan pekerja migran?")
    assert not answer.abstained
    first = _first(answer)
    assert (first.doc_id, first.unit) == ("uu-18-2017", "Pasal 87"), first.citation
    assert not any("administratif" in q.text for q in answer.quotes), [q.text for q in answer.quotes]


@slow
def test_a_penalty_under_the_repealed_law_is_answered_not_declined(full_kb):
    # Before: declined as asking a figure no provision states; UU 39/2004's penal chapter
    # states it (a placement without a permit).
    answer = full_kb.ask("Berapa ancaman pidana dalam UU 39/2004 bagi penempatan TKI tanpa izin?")
    assert not answer.abstained, answer.reason
    assert any(answer.source(q.source).doc_id == "uu-39-2004" for q in answer.quotes)
