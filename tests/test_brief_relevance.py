"""Which quotes found by search a brief keeps (kb.brief.relevance), on real texts: a
recommendation of the concluding-observation fixtures against the IJEPA's patent
provisions (the mirror's XML), which a brief once quoted under "Bilateral instruments"
because "within a clear time frame" and "within the time limit" both named the glossary's
"no later than" by the function word "within"."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, MIRROR


def _paragraph(n: int) -> str:
    text = (FIXTURES / "co-xyz-2.en.txt").read_text(encoding="utf-8")
    m = re.search(rf"^{n}\. .*?(?=^\d+\. |\Z)", text, re.S | re.M)
    return m.group(0)


@pytest.fixture(scope="module")
def ijepa_patents() -> str:
    from kb.readers import read

    path = MIRROR / "bilateral" / "ijepa-2007.en.xml"
    if not path.exists():
        pytest.skip("mirror without the IJEPA")
    text = re.sub(r"\s+", " ", read(path).text)
    m = re.search(r"[^.]*applicant may, on its ?own initiative, divide a patent[^.]*\.", text)
    assert m, "IJEPA art. 112(2) not found in the mirror's text"
    return m.group(0).strip()


def test_function_words_name_no_subject():
    from kb.brief.relevance import terms

    para9 = terms(_paragraph(9), "en")
    assert not {k for k in para9 if k in ("c:no later than", "c:at most")}, para9
    # a concept named by content words still counts, with the broader one its words name
    assert {"c:recruitment fee", "c:recruitment agency"} <= terms("recruitment fees", "en")
    assert "c:passport" in terms("Pekerja wajib memiliki paspor", "id")


def test_patent_provisions_are_not_on_a_legislation_recommendation(ijepa_patents):
    from kb.brief.relevance import on_subject, terms

    para9 = terms(_paragraph(9), "en")
    assert not on_subject(para9, ijepa_patents, "en") and not on_subject(para9, ijepa_patents, "en", best=True)
    # while the recruitment-fee recommendation and the MoU's fee clause still meet
    para35 = terms(_paragraph(35), "en")
    mou = (FIXTURES / "mou-sample.en.txt").read_text(encoding="utf-8")
    clause = next(line for line in mou.splitlines() if "placement fee" in line.lower())
    assert on_subject(para35, clause, "en", best=True)


def test_a_topic_keeps_its_best_quote_and_what_touches_it():
    from kb.brief.relevance import on_topic, terms

    topic = terms("recruitment fees and passport retention", "en")
    # like PP 59/2021 Pasal 20 ayat (1) (repatriation), which `ask` ranked second for the topic
    repatriation = ("wajib memulangkan Pekerja Migran Indonesia yang Perjanjian Kerjanya berakhir, yang mengalami "
                    "pemutusan hubungan kerja, kecelakaan kerja, atau meninggal dunia")
    assert not on_topic(topic, repatriation, "id")
    assert on_topic(topic, repatriation, "id", best=True)  # the best is `ask`'s call
    assert on_topic(topic, "5. paspor yang diterbitkan oleh kantor imigrasi setempat;", "id")
    assert on_topic(topic, "The employer shall not keep the passport of the care worker.", "en")
