"""Recommendation records from concluding observations in the Committee's layout: two
cycles of an imaginary State party written for these tests (tests/fixtures/co-xyz-*),
read and parsed through the real pipeline (reader, UN parser, reference extractor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.catalog import Catalog
from kb.config import BUILTIN_CATALOG
from kb.models import Document
from kb.readers import read
from kb.recs.parse import parse_articles, parse_recommendations, symbol_parts
from kb.recs.reiterate import THRESHOLD, add_similar_reiterations
from kb.references.store import document_symbol, extract_all
from kb.structure import parse_document

FIX = Path(__file__).resolve().parent / "fixtures"


def _parse(*files: str, texts: dict[str, str] | None = None):
    docs, units, symbols = [], [], {}
    for name in files:
        doc = Document(id=name, title=f"Concluding observations ({name})", citation=name, family="committee", language="en")
        src = read(FIX / f"{name}.en.txt")
        docs.append(doc)
        units += parse_document(doc, src).units
        symbols[doc.id] = document_symbol(doc, src.text)
    refs = extract_all(units, list(Catalog.load(BUILTIN_CATALOG)) + docs, symbols)
    out = [parse_recommendations(symbols[d.id], d.id, [u for u in units if u.doc_id == d.id],
                                 [r for r in refs if r.source_doc == d.id], symbols=symbols) for d in docs]
    return out


@pytest.fixture(scope="module")
def xyz():
    first, second = _parse("co-xyz-1", "co-xyz-2")
    add_similar_reiterations(second, first)
    return {r.paragraph: r for r in first}, {r.paragraph: r for r in second}


def test_symbol_is_read_from_the_masthead_or_built_from_the_title():
    doc = Document(id="x", title="t", citation="t", family="committee", language="en")
    assert document_symbol(doc, read(FIX / "co-xyz-2.en.txt").text) == "CMW/C/XYZ/CO/2"
    # no masthead (a PDF whose running symbol was removed): the title and the State's code,
    # never the list of issues the text cites
    text = read(FIX / "co-xyz-2.en.txt").text.split("\n", 5)[-1]
    assert "CMW/C/XYZ/QPR/2" in text and document_symbol(doc, text) == "CMW/C/XYZ/CO/2"
    combined = "Concluding observations on the combined second and third periodic reports of Syria\n1. (CMW/C/SYR/2-3)"
    assert document_symbol(doc, combined) == "CMW/C/SYR/CO/2-3"
    assert document_symbol(doc, "Concluding observations on the second periodic report of Xyz\n1. No symbol.") is None
    assert document_symbol(Document(id="x", title="t", citation="CMW/C/IDN/CO/2", family="committee", language="en")) == "CMW/C/IDN/CO/2"
    assert symbol_parts("CMW/C/XYZ/CO/2") == ("CMW/C/XYZ", "CO", 2)
    assert symbol_parts("CMW/C/SYR/CO/2-3") == ("CMW/C/SYR", "CO", 3)


def test_recommendation_paragraphs_and_counts(xyz):
    first, second = xyz
    assert sorted(first) == [8, 10, 11, 13, 15, 17, 19, 21, 23, 25, 26, 28, 30, 32, 33, 34, 35]
    assert sorted(second) == [7, 9, 11, 13, 14, 15, 17, 19, 21, 22, 24, 26, 28, 29, 31, 33, 35, 37, 39, 40, 41, 42, 43, 44]
    assert all(r.symbol == "CMW/C/XYZ/CO/2" for r in second.values())
    assert second[21].citation == "CMW/C/XYZ/CO/2, para. 21"


def test_sub_paragraphs_with_nested_items(xyz):
    _, second = xyz
    r = second[21]
    assert [s.label for s in r.subparagraphs] == list("abcdefgh")
    assert r.subparagraph("c").items == ("i", "ii", "iii")
    assert "Report every year" in r.subparagraph("c").text
    assert r.lead_in.startswith("The Committee recalls its previous recommendations")
    assert [s.label for s in second[39].subparagraphs] == ["a", "b", "c", "d"]
    assert second[13].subparagraphs == []


def test_theme_section_and_articles(xyz):
    first, second = xyz
    r = second[24]
    assert r.theme == "Confiscation of identity documents"
    assert r.section.startswith("Human rights of all migrant workers")
    assert r.section_articles == ["8–35", "21"] and r.articles == ["21"]
    assert second[29].articles == ["8–35"]  # a topic without its own article: the section's range
    assert second[28].explicit_articles == ["22"]
    assert second[26].articles == ["16", "17"]
    assert first[8].explicit_articles == ["76", "77"] and first[8].articles == ["76", "77"]
    assert first[21].articles == ["16", "17"]  # explicit citations are more specific than the section
    assert first[17].articles == ["8–35"]
    assert 21 in second[24].article_numbers() and 30 in second[29].article_numbers()
    assert second[41].articles == [] and second[41].theme == "Follow-up"


def test_the_concern_each_recommendation_answers(xyz):
    first, second = xyz
    assert second[9].concern == 8
    assert second[22].concern == 20  # "also recommends": the topic's concern, past the other recommendation
    assert second[14].concern == 14 and second[40].concern == 40  # concern and recommendation in one paragraph
    assert second[15].concern is None  # a topic with a recommendation only
    assert first[11].concern == 11


def test_follow_up_priorities(xyz):
    first, second = xyz
    assert {p for p, r in second.items() if r.follow_up} == {9, 21, 26, 35}
    assert second[21].follow_up_subparagraphs == ["c"] and second[35].follow_up_subparagraphs == ["a"]
    assert second[9].follow_up_subparagraphs == []
    assert {p for p, r in first.items() if r.follow_up} == {17, 21, 28}


def test_explicit_reiterations(xyz):
    _, second = xyz
    explicit = {p: [(x.paragraph, x.locator, x.where) for x in r.reiterates] for p, r in second.items()
                if any(x.how == "explicit" for x in r.reiterates)}
    assert explicit == {
        9: [(8, "para 8", "recommendation")],
        17: [(13, "para 13 (a)", "recommendation")],
        21: [(17, "para 17", "recommendation")],
        26: [(21, "para 21 (b)", "recommendation")],
        35: [(28, "para 28", "concern")],  # the citation is in the concern it answers
    }
    assert second[9].reiterates[0].citation == "CMW/C/XYZ/CO/1, para. 8"


def test_reiterations_by_similarity_are_marked_with_their_score(xyz):
    _, second = xyz
    similar = {p: r.reiterates[0].paragraph for p, r in second.items()
               if r.reiterates and r.reiterates[0].how == "similarity"}
    assert similar == {13: 10, 15: 11, 19: 15, 24: 19, 31: 25, 37: 30, 39: 32}
    assert all(second[p].reiterates[0].score >= THRESHOLD for p in similar)
    # new subjects and the closing requests reiterate nothing
    for p in (7, 11, 14, 22, 28, 29, 33, 40, 41, 42, 43, 44):
        assert second[p].reiterates == [], p


def test_layout_variants_tabs_no_section_c_and_combined_paragraphs():
    first, second = _parse("co-vld-1", "co-vld-2")
    add_similar_reiterations(second, first)
    by = {r.paragraph: r for r in second}
    assert sorted(by) == [5, 6, 7, 9, 11, 13, 14, 16, 17, 18, 19, 20, 21]
    assert [s.label for s in by[9].subparagraphs] == ["a", "b", "c"]
    assert by[9].reiterates[0].how == "explicit" and by[9].reiterates[0].paragraph == 8
    assert by[18].reiterates[0].paragraph == 16 and by[18].concern == 18
    assert by[17].articles == ["40"] and by[17].reiterates == []
    assert {p for p, r in by.items() if r.follow_up} == {9, 11, 18}


def test_parse_articles():
    assert parse_articles("8–35") == ["8–35"]
    assert parse_articles("73 and 84") == ["73", "84"]
    assert parse_articles("16, 17 and 22") == ["16", "17", "22"]


def test_follow_up_paragraph_variants():
    from kb.models import Unit
    from kb.recs.parse import _follow_up

    texts = [
        "The Committee requests the State party to provide, within 24 months of the adoption of the present concluding "
        "observations, written information on the implementation of the recommendations made in paragraphs 25 (a) and (b), "
        "31 (c) and 45 above.",
        "In accordance with its rules, the Committee requests the State party to submit, within two years, information on "
        "the follow-up given to the recommendations contained in paragraphs 12, 18 (b), (c) and (e) and 40.",
    ]
    got = [_follow_up([Unit("d", "para 50", t, "en")]) for t in texts]
    assert got[0] == {25: ["a", "b"], 31: ["c"], 45: []}
    assert got[1] == {12: [], 18: ["b", "c", "e"], 40: []}


def test_list_of_issues_gives_questions_pointing_at_the_previous_concluding_observations():
    docs, units, symbols = [], [], {}
    for name in ("co-xyz-1", "qpr-xyz-2"):
        doc = Document(id=name, title=f"({name})", citation=name, family="committee", language="en")
        src = read(FIX / f"{name}.en.txt")
        docs.append(doc)
        units += parse_document(doc, src).units
        symbols[name] = document_symbol(doc, src.text)
    assert symbols["qpr-xyz-2"] == "CMW/C/XYZ/QPR/2"
    refs = extract_all(units, list(Catalog.load(BUILTIN_CATALOG)) + docs, symbols)
    qs = parse_recommendations("CMW/C/XYZ/QPR/2", "qpr-xyz-2", [u for u in units if u.doc_id == "qpr-xyz-2"],
                               [r for r in refs if r.source_doc == "qpr-xyz-2"], kind="question", symbols=symbols)
    by = {q.paragraph: q for q in qs}
    assert sorted(by) == [1, 2, 3, 4, 5, 6, 7] and all(q.kind == "question" for q in qs)
    assert [s.label for s in by[3].subparagraphs] == ["a", "b"]
    assert by[3].articles == ["7", "83"] and by[2].explicit_articles == ["76", "77"]
    # a list of issues cites the previous concluding observations by bare paragraph: "(para. 19)"
    cited = {(r.source_unit, r.target_doc, r.target_locator) for r in refs if r.source_doc == "qpr-xyz-2" and r.kind == "paragraph"}
    assert ("para 4", "co-xyz-1", "para 19") in cited and ("para 3", "co-xyz-1", "para 13 (a)") in cited
    assert ("para 5", "co-xyz-1", "para 20") in cited and ("para 5", "co-xyz-1", "para 21") in cited


def test_thematic_recommendations_and_closing_requests(xyz):
    _, second = xyz
    assert [p for p, r in second.items() if not r.thematic] == [41, 42, 43, 44]
    assert sum(r.thematic for r in second.values()) == 20


def test_recommending_phrasings():
    from kb.recs.parse import _ASK

    for text in ("The Committee draws the attention of the State party to its general comment No. 1 and recommends that it:",
                 "It recommends that the State party adopt a plan.",
                 "Recalling its previous recommendation (CMW/C/XYZ/CO/1, para. 8), the Committee urges the State party to act.",
                 "The Committee once again calls upon the State party to ratify ILO Convention No. 189."):
        assert _ASK.search(text), text
    for text in ("The Committee welcomes the adoption of the Act.", "The Committee is concerned that the State party has no plan."):
        assert not _ASK.search(text), text
