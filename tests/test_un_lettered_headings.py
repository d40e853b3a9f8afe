"""Lettered headings of UN documents that the text lost or ran into the paragraph before
("F. …" then "H. …"): found in a State party's report as PDF extraction gives it (the
public Slovenia UPR collection: "… the judgement. G. Rights of aliens … (recommendations
…)" at the end of a paragraph) and in the mirror's joint general comment No. 8, whose
text has no "B." heading between "A. Right to education" and "C. Right to health".

- A heading run onto the end of the paragraph before it, followed by the next numbered
  paragraph: put back on its own line (kb/structure/un.py `_unglue_lettered_headings`),
  so it heads the paragraphs after it and is no longer quoted as the last words of the
  paragraph before (was: both).
- A heading the text does not hold at all: a warning at `kb index` / `kb add` naming the
  missing letter and the paragraphs filed under the heading before it, since nothing in
  the text says where it began.

The texts here are our own wording, laid out as those documents are."""

from __future__ import annotations

from conftest import parse_mirror_doc
from kb.models import Document
from kb.structure import parse_document
from kb.readers import read_bytes


def parse_text(text: str):
    doc = Document(id="rep", title="Report", citation="A/HRC/WG.6/99/XYZ/1", family="committee", language="en")
    return parse_document(doc, read_bytes(text.encode("utf-8"), "report.txt"))


REPORT = """Report of the State party

I. Follow-up to the recommendations

A. Labour inspection (recommendations 3 and 4)

1. The inspectorate visited farms employing seasonal workers in every region.

2. Its findings were published and the employers concerned were fined. B. Access to courts for workers without papers (recommendations 7, 9)
3. A firewall now keeps labour courts from passing workers' details to immigration officers.

C. Housing

4. Employers who provide housing must meet the same standards as other landlords.
"""


def test_a_lettered_heading_run_into_the_paragraph_before_heads_the_next_ones():
    p = parse_text(REPORT)
    units = {u.unit: u for u in p.units}
    assert units["para 2"].text.rstrip().endswith("were fined.")
    assert "Access to courts" not in units["para 2"].text
    assert units["para 3"].heading[-1].startswith("B. Access to courts for workers without papers")
    assert units["para 4"].heading[-1] == "C. Housing"
    assert not [w for w in p.warnings if "not found between" in w]


def test_a_letter_the_text_does_not_hold_is_a_warning_naming_the_paragraphs():
    p = parse_text(REPORT.replace(" B. Access to courts for workers without papers (recommendations 7, 9)", ""))
    gaps = [w for w in p.warnings if "not found between" in w]
    assert gaps == ["heading 'B.' not found between 'A. Labour inspection (recommendations 3 and 4)' and "
                    "'C. Housing' (lost in the source?); paras 1-3 are filed under "
                    "'A. Labour inspection (recommendations 3 and 4)'"]


def test_a_heading_word_inside_a_sentence_is_not_taken_for_a_lost_heading():
    text = REPORT.replace(" B. Access to courts for workers without papers (recommendations 7, 9)",
                          " B. Smith, the inspector, reported on it.")
    p = parse_text(text)
    units = {u.unit: u for u in p.units}
    assert "B. Smith, the inspector" in units["para 2"].text


def test_the_mirrors_general_comment_8_says_its_lost_heading_and_no_other_comment_does():
    gaps = [w for w in parse_mirror_doc("cmw-gc-8").warnings if "not found between" in w]
    assert len(gaps) == 1 and gaps[0].startswith("heading 'B.' not found between 'A. Right to education' and "
                                                 "'C. Right to health'")
    for doc_id in ("cmw-gc-1", "cmw-gc-2", "cmw-gc-3", "cmw-gc-4", "cmw-gc-5", "cmw-gc-6", "cmw-gc-7"):
        assert not [w for w in parse_mirror_doc(doc_id).warnings if "not found between" in w], doc_id
