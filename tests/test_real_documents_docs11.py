"""Real documents, eleventh round: international documents as users add them with
`kb add FILE --id … --family committee`: UN treaty-body documents (concluding
observations, lists of issues) as the UN document store serves them as text, and General
Assembly and Human Rights Council resolutions as text and PDF extraction. Found in the
public text of CMW/C/IDN/CO/1, CMW/C/IDN/CO/2, CMW/C/IDN/QPR/2, A/RES/60/169,
A/HRC/RES/15/16, A/RES/70/302 and A/RES/71/1, and fixed in kb's shared UN parser
(kb/structure/un.py) and citation reader (kb/citations.py). Each test lays a text out the
way those documents are laid out, in our own words; nothing here is copied from them.

- A paragraph or heading number whose tab the copy dropped, glued to the first word
  ("1.The Committee …", "A.Introduction", "(a)Laws …"): the paragraph's number, the
  heading's label ("A. Introduction") and the sub-paragraph's letter (was: the UN parser
  found no paragraph, the generic one numbered every block from the cover on, so "para 6"
  quoted paragraph 3 — every citation of the document wrong, and the audit said 0 %).
- A resolution's preamble ("The General Assembly," / "The Human Rights Council," and its
  preambular paragraphs before paragraph 1): the unit "Preamble" (was: filed as the
  cover, in no unit); the closing "64th plenary meeting" and its date: furniture, not
  words of the last paragraph.
- A heading label PDF extraction left alone on its line ("I." / "Introduction", "B." /
  "Principal subjects …"): one heading (was: "B." glued to the end of the paragraph
  before, and the heading path lost its label).
- An annexed text that numbers its paragraphs anew ("Annex", "Annex I", "Appendix II",
  then "1." again): its paragraphs are "Annex para 3", "Annex II para 1", cited as
  "Annex II, para. 1" (was: the annex's paragraphs glued into the resolution's last
  paragraph, and "Annex II, para. 1" read as the resolution's para 1).
- A convention's or agreement's list items lettered "a." or "a)" at a line's start (the
  European Convention on the legal status of migrant workers as the Dutch treaty store
  gives it; bilateral MoUs), even with the space after the label lost ("c.seamen;"):
  parts "Article 1(2)(c)" as "(c)" items are (was: no part, so "Article 1(2)(c)" could
  not be quoted).
"""

from __future__ import annotations

from kb.citations import format_locator, parse_citation
from kb.models import Document
from kb.readers import read_bytes
from kb.structure import parse_document


def doc() -> Document:
    return Document(id="res", title="Resolution", citation="A/RES/99/9", family="committee", language="en")


def parse_text(text: str):
    return parse_document(doc(), read_bytes(text.encode("utf-8"), "t.txt"))


def units(p) -> dict[str, str]:
    return {u.unit: u.text for u in p.units}


def unit(p, name: str):
    return next(u for u in p.units if u.unit == name)


# ------------------------------------------------------------- numbers glued to words

GLUED = """United Nations

CMW/C/XYZ/CO/1

Distr.: General

1 January 2030

Original: English

Committee on Migrant Workers

Concluding observations on the initial report of Examplia *

1.The Committee looked at the first report of Examplia at two meetings in March and adopted these observations later.

A.Introduction

2.The Committee is glad the report was sent, though it came late.

3.The Committee thanks the delegation for the frank talks.

B.Principal subjects of concern and recommendations

1.General measures of implementation

Legislation

4.The Committee is worried that the law on work abroad is not yet in line with the Convention.

5.The Committee recommends that the State party:

(a)Bring its law on work abroad in line with the Convention;

(b)Cover domestic workers by the labour law.

6.The Committee asks the State party to report back within two years.
"""


def test_paragraph_numbers_glued_to_their_first_word():
    p = parse_text(GLUED)
    assert not any("generic parser" in w for w in p.warnings)
    got = units(p)
    assert [u.unit for u in p.units] == [f"para {n}" for n in range(1, 7)]
    assert got["para 1"].startswith("The Committee looked at the first report")
    assert got["para 3"] == "The Committee thanks the delegation for the frank talks."
    assert got["para 6"].startswith("The Committee asks the State party to report back")
    assert "Principal subjects" not in got["para 3"] and "General measures" not in got["para 3"]


def test_heading_labels_glued_to_their_titles_are_spaced_in_the_path():
    p = parse_text(GLUED)
    assert unit(p, "para 2").heading == ("A. Introduction",)
    assert unit(p, "para 4").heading == (
        "B. Principal subjects of concern and recommendations", "1. General measures of implementation", "Legislation",
    )


def test_sub_paragraph_letters_glued_to_their_first_word_are_parts():
    p = parse_text(GLUED)
    u = unit(p, "para 5")
    parts = {pt.locator: u.text[pt.start:pt.end] for pt in u.parts}
    assert set(parts) == {"para 5 (a)", "para 5 (b)"}
    assert "Bring its law on work abroad" in parts["para 5 (a)"]
    assert "domestic workers" in parts["para 5 (b)"]


def test_a_decimal_after_a_paragraph_number_is_no_glued_paragraph():
    text = GLUED.replace("though it came late.", "though it came late; it counts\n2.5 million workers abroad.")
    p = parse_text(text)
    assert units(p)["para 2"].endswith("it counts 2.5 million workers abroad.")
    assert [u.unit for u in p.units] == [f"para {n}" for n in range(1, 7)]
    assert units(p)["para 3"].startswith("The Committee thanks")


# ------------------------------------------------------------- a resolution's preamble

RESOLUTION = """United Nations
A/RES/99/9
General Assembly
Distr.: General
2 January 2030
Ninety-ninth session
Agenda item 12
Resolution adopted by the General Assembly on 20 December 2029
[on the report of the Third Committee (A/99/400)]
99/9. Protection of migrant workers
The General Assembly,
Recalling its earlier resolutions on migrants and their families,
Noting with concern that many migrant workers lack protection in the countries where
they work,
1.
Calls upon all States to protect the rights of migrant workers, whatever their status;
2.
Requests the Secretary-General to report to it at its next session on the present
resolution.
64th plenary meeting
20 December 2029
"""


def test_a_resolutions_preambular_paragraphs_are_its_preamble():
    p = parse_text(RESOLUTION)
    got = units(p)
    assert list(got) == ["Preamble", "para 1", "para 2"]
    assert got["Preamble"].startswith("The General Assembly, Recalling its earlier resolutions")
    assert "lack protection in the countries where they work," in got["Preamble"]
    assert "Distr." not in got["Preamble"] and "99/9." not in got["Preamble"]
    assert p.audit.unassigned_chars == 0


def test_the_plenary_meeting_line_closes_the_resolution_not_its_last_paragraph():
    p = parse_text(RESOLUTION)
    assert units(p)["para 2"].endswith("on the present resolution.")


def test_a_council_resolution_in_paragraph_blocks_has_a_preamble():
    text = (
        "A/HRC/RES/99/1\n\nHuman Rights Council\n\n99/1. Rights of migrants\n\nThe Human Rights Council,\n\n"
        "Recalling the work of its special procedures on the rights of migrants,\n\n"
        "Concerned at the number of migrants who cross borders without papers,\n\n"
        "1. Calls upon States to protect the rights of all migrants;\n\n"
        "2. Decides to remain seized of the matter.\n"
    )
    got = units(parse_text(text))
    assert list(got) == ["Preamble", "para 1", "para 2"]
    assert "Concerned at the number of migrants" in got["Preamble"]


def test_a_report_without_a_resolutions_author_line_keeps_its_summary():
    text = (
        "CMW/C/XYZ/1\n\nReport submitted by Examplia\n\n"
        + "This summary tells in plain words what the report holds, and it runs long enough "
        "to be a paragraph of prose rather than a line of the cover page, with more than forty words "
        "in it so that it reads as the document's own summary of what follows below.\n\n"
        "1. Examplia is glad to present this report.\n\n2. The report was written by a team.\n"
    )
    got = units(parse_text(text))
    assert list(got) == ["Summary", "para 1", "para 2"]


# ------------------------------------------------------------- labels alone on a line

PDF_CO = """CMW/C/XYZ/CO/1
Concluding observations on the initial report of Examplia*
A.
Introduction
1.
The Committee looked at the first report of Examplia at two meetings held in
March.
B.
Principal subjects of concern and recommendations
Legislation
2.
The Committee is worried that the law on work abroad is not yet in line with
the Convention.
"""


def test_a_heading_label_alone_on_its_line_is_read_with_its_title():
    p = parse_text(PDF_CO)
    got = units(p)
    assert got["para 1"].endswith("held in March.")
    assert unit(p, "para 1").heading == ("A. Introduction",)
    assert unit(p, "para 2").heading == ("B. Principal subjects of concern and recommendations", "Legislation")


# ------------------------------------------------------------- annexes numbered anew

ANNEXED = """A/RES/99/9
Resolution adopted by the General Assembly
99/9. Compact and plan on fair migration
The General Assembly,
Recalling its earlier resolutions,
1.
Adopts the compact and the plan annexed to the present resolution;
2.
Decides to review them every four years.
60th plenary meeting
20 December 2029
Annex I
Compact on fair migration
I.
Introduction
1.
We, the States, meet to agree on a shared approach to migration.
2.
This compact rests on the rights of all migrants.
II.
Objectives
3.
We commit to fair recruitment and decent work.
Annex II
Plan on fair migration
1.
States will share data on recruitment fees.
"""


def test_an_annexed_text_numbers_its_paragraphs_anew():
    p = parse_text(ANNEXED)
    got = units(p)
    assert list(got) == ["Preamble", "para 1", "para 2", "Annex I para 1", "Annex I para 2", "Annex I para 3",
                         "Annex II para 1"]
    assert got["para 2"] == "Decides to review them every four years."
    assert got["Annex I para 3"] == "We commit to fair recruitment and decent work."
    assert unit(p, "Annex I para 3").heading == ("Annex I", "II. Objectives")
    assert got["Annex II para 1"].startswith("States will share data")


def test_a_single_annex_is_named_annex():
    text = ANNEXED.replace("Annex I\n", "Annex\n").split("Annex II")[0]
    names = [u.unit for u in parse_text(text).units]
    assert names[-3:] == ["Annex para 1", "Annex para 2", "Annex para 3"]


def test_a_numbered_list_after_a_word_annex_in_a_paragraph_is_no_annex():
    text = RESOLUTION.replace("1.\nCalls upon", "1.\nCalls upon all States to read the\nAnnex\n1. first; and\n2. then")
    names = [u.unit for u in parse_text(text).units]
    assert not any(n.startswith("Annex") for n in names)


def test_citations_name_the_paragraphs_of_each_annex():
    docs = [doc()]
    for typed, want in [
        ("A/RES/99/9 Annex II, para. 1", "Annex II para 1"),
        ("A/RES/99/9 annex i para 3", "Annex I para 3"),
        ("A/RES/99/9 Appendix II, paragraph 2", "Appendix II para 2"),
        ("A/RES/99/9 Annex, para. 3", "Annex para 3"),
        ("A/RES/99/9 para. 2", "para 2"),
    ]:
        cit = parse_citation(typed, docs)
        assert cit is not None and cit.unit == want, typed
    assert format_locator(doc(), "Annex II para 1") == "Annex II, para. 1"


# ------------------------------------------------------------- lettered items "a." / "a)"

AGREEMENT = """MEMORANDUM OF UNDERSTANDING BETWEEN EXAMPLIA AND SAMPLELAND

The Parties, wishing to work together on labour migration, have agreed as follows:

Article 1
Scope
1. This Memorandum covers workers placed by either Party.
2. It does not cover:
a. seafarers;
b. workers sent by their employer for a short stay;
c.students in training;
d. self-employed persons.

Article 2
Duties of the employer
The employer shall:
a) pay the agreed wage every month;
b) keep no identity papers of the worker;
c) give one rest day each week.

Article 3
Entry into force
This Memorandum enters into force on signature, e.g. on the day
i.e. the Parties sign it.
"""


def agreement_parts(name: str) -> dict[str, str]:
    d = Document(id="mou", title="MoU", citation="MoU", family="bilateral", language="en")
    p = parse_document(d, read_bytes(AGREEMENT.encode("utf-8"), "mou.txt"))
    u = unit(p, name)
    return {pt.locator: u.text[pt.start:pt.end] for pt in u.parts}


def test_items_lettered_with_a_full_stop_are_parts_of_the_numbered_paragraph():
    parts = agreement_parts("Article 1")
    assert [k for k in parts if k.startswith("Article 1(2)(")] == [f"Article 1(2)({x})" for x in "abcd"]
    assert "students in training" in parts["Article 1(2)(c)"]
    assert "self-employed" in parts["Article 1(2)(d)"]


def test_items_lettered_with_a_parenthesis_are_parts():
    parts = agreement_parts("Article 2")
    assert list(parts) == ["Article 2(a)", "Article 2(b)", "Article 2(c)"]
    assert "identity papers" in parts["Article 2(b)"]


def test_a_wrapped_line_opening_with_an_abbreviation_is_no_item():
    assert agreement_parts("Article 3") == {}
