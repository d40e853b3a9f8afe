"""Bilateral agreements and MoUs laid out in Sections or Articles whose paragraphs are
numbered decimally ("2.1", "2.1.3"), closed by "Signed in … on …" or a testimonium with
signatures: the paragraphs are parts of their Section or Article, the closing block is
its own unit. Texts self-written in the style of such MoUs.

Before (treaty parser, s21): a text in Sections had no unit from the treaty parser, the
generic parser kept each Section's caption line in its text, marked no "2.1" (so "Section
2.1" printed the whole Section 2, "is not marked separately") and left "Signed in Jakarta
on …" inside the last Section; an Article's "2.1" was no part ("Article 2.1" refused:
"has no (1)")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, kb_env
from kb.models import Document
from kb.readers import read_bytes
from kb.structure import parse_document

SECTIONS = """MEMORANDUM OF UNDERSTANDING BETWEEN THE MINISTRY OF MANPOWER OF THE REPUBLIC OF INDONESIA
AND THE MINISTRY OF HUMAN RESOURCES OF WESTLAND ON MIGRANT WORKERS

The Parties,

Have reached the following understanding:

Section 1
Purpose

1.1 This Memorandum sets out how workers are recruited for work in Westland.
1.2 It applies to workers in the care sector.

Section 2
Recruitment Costs

2.1 No worker shall pay a placement fee.
2.2 The employer shall pay:
2.2.1 the cost of the visa;
2.2.2 the air ticket to Westland and back.
2.3 The Parties shall publish the costs each year.

Section 3
Validity

This Memorandum shall remain valid for five years.

Signed in Bandung on 3 April 2026, in two originals in English.

For the Ministry of Manpower                 For the Ministry of Human Resources
(signed)                                     (signed)

Appendix
Standard Contract

1. The contract shall state the wage.
2. The contract shall state the rest days.
"""

ARTICLES = """MEMORANDUM OF UNDERSTANDING BETWEEN THE GOVERNMENT OF THE REPUBLIC OF INDONESIA AND THE
GOVERNMENT OF EASTLAND ON THE EMPLOYMENT OF WORKERS

The Governments of the two countries, hereinafter referred to as "the Parties",

Have agreed as follows:

Article 1
Definitions

1.1 "Worker" means a national of Indonesia employed in Eastland.
1.2 "Employer" means a person or company in Eastland employing a worker.

Article 2
Employment Contract

2.1 The employment contract shall state:
2.1.1 the wage payable each month;
2.1.2 the hours of work and the rest days;
2.1.3 the duration of the contract.
2.2 The employer shall give the worker a copy of the contract in a language the worker understands.

Article 3
Duration

3.1 This Memorandum shall remain in force for three years, as Article 2.1 requires
of the contracts under it.
3.2 Either Party may terminate it by notice in writing.

IN WITNESS WHEREOF, the undersigned, being duly authorised by their Governments, have signed this Memorandum.

Done in duplicate at Dili on 2 March 2026.

For the Government of the Republic of Indonesia
Minister of Manpower

For the Government of Eastland
Minister of Labour
"""


def _parse(text: str):
    doc = Document(id="mou-x", title="MoU", citation="MoU", family="bilateral", language="en")
    parsed = parse_document(doc, read_bytes(text.encode("utf-8"), "mou.txt"))
    return parsed, {u.unit: u for u in parsed.units}


def _part(unit, locator: str) -> str:
    part = next((p for p in unit.parts if p.locator == locator), None)
    assert part is not None, (locator, [p.locator for p in unit.parts])
    return unit.text[part.start:part.end]


def test_an_mou_in_sections_has_its_decimal_paragraphs_as_parts_and_its_closing_block_apart():
    parsed, units = _parse(SECTIONS)
    assert list(units) == ["Preamble", "Section 1", "Section 2", "Section 3", "Final clause", "Appendix"]
    assert parsed.audit.share == 0, parsed.audit.unassigned
    s2 = units["Section 2"]
    assert s2.title == "Recruitment Costs" and not s2.text.startswith("Recruitment Costs")
    assert [p.locator for p in s2.parts] == ["Section 2.1", "Section 2.2", "Section 2.2.1", "Section 2.2.2",
                                             "Section 2.3"]
    assert _part(s2, "Section 2.2.2").startswith("2.2.2 the air ticket")
    assert "2.2.1" in _part(s2, "Section 2.2") and "2.3" not in _part(s2, "Section 2.2")
    assert "Signed in" not in units["Section 3"].text and "(signed)" not in units["Section 3"].text
    assert units["Final clause"].text.startswith("Signed in Bandung") and "(signed)" in units["Final clause"].text
    assert units["Appendix"].title == "Standard Contract" and "rest days" in units["Appendix"].text


def test_an_articles_decimal_paragraphs_are_its_numbered_paragraphs():
    parsed, units = _parse(ARTICLES)
    assert list(units) == ["Preamble", "Article 1", "Article 2", "Article 3", "Final clause"]
    a2 = units["Article 2"]
    assert [p.locator for p in a2.parts] == ["Article 2(1)", "Article 2(1)(1)", "Article 2(1)(2)",
                                             "Article 2(1)(3)", "Article 2(2)"]
    assert _part(a2, "Article 2(1)(2)") == "2.1.2 the hours of work and the rest days;"
    # a reference wrapped onto no line start is no paragraph, nor one of another article
    assert [p.locator for p in units["Article 3"].parts] == ["Article 3(1)", "Article 3(2)"]
    assert "Minister of Labour" in units["Final clause"].text and "Minister" not in units["Article 3"].text


def test_the_sections_own_fixture_is_cited_by_its_decimal_paragraphs(tmp_path):
    """`kb add` then `kb show` on tests/fixtures/mou-sections.en.txt: "Section 2.1" was the
    whole Section 2 ("not marked separately"), "Section 4" held "Signed in Jakarta …"."""
    home = tmp_path / "home"

    def kb(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                              env=kb_env(home), timeout=300)

    out = kb("add", str(FIXTURES / "mou-sections.en.txt"), "--id", "mou-so", "--title", "MoU Southland",
             "--family", "bilateral", "--language", "en")
    assert out.returncode == 0, out.stderr
    assert "0.00 % of the text unassigned" in out.stdout + out.stderr

    def show(citation: str) -> dict:
        res = kb("show", citation, "--json")
        assert res.returncode == 0, (citation, res.stderr)
        return json.loads(res.stdout)

    assert show("mou-so Section 2.1")["part_text"] == "2.1 Employers shall bear the costs of recruitment."
    assert show("mou-so Section 2.2(b)")["part_text"].startswith("(b) the insurance covers repatriation")
    assert show("mou-so Section 2 (b)")["locator"] == "Section 2.2(b)"  # the decimal level put back
    assert "Signed in" not in show("mou-so Section 4")["text"]
    assert show("mou-so Final clause")["text"].startswith("Signed in Jakarta")
    refused = kb("show", "mou-so Section 2.5")
    assert refused.returncode != 0 and "has no .5" in refused.stderr and "Traceback" not in refused.stderr


def test_article_paragraphs_typed_decimally_find_them(tmp_path):
    home = tmp_path / "home"
    src = tmp_path / "mou-ea.en.txt"
    src.write_text(ARTICLES, encoding="utf-8")
    env = kb_env(home)
    run = lambda *a: subprocess.run([sys.executable, "-m", "kb.cli", *a], capture_output=True, text=True,  # noqa: E731
                                    env=env, timeout=300)
    assert run("add", str(src), "--id", "mou-ea", "--title", "MoU Eastland", "--family", "bilateral",
               "--language", "en").returncode == 0
    for typed, locator, words in (("mou-ea Article 2.1", "Article 2(1)", "shall state:"),
                                  ("mou-ea art. 2(2)", "Article 2(2)", "a copy of the contract"),
                                  ("mou-ea Article 2.1.3", "Article 2(1)(3)", "duration of the contract")):
        shown = json.loads(run("show", typed, "--json").stdout)
        assert shown["locator"] == locator and words in shown["part_text"], typed


def test_an_english_statutes_numbered_attachment_is_not_cited_as_lampiran():
    """An English translation of a statute (kb.structure.statute_en names its annexes
    "Lampiran I", "Lampiran II" so that they line up with the Indonesian text): English
    output printed "Lampiran II"; now "Attachment II", read back to the same unit."""
    from kb.citations import format_locator

    doc = Document(id="law-x", title="Law X", citation="Law X", family="national-law", language="en")
    assert format_locator(doc, "Lampiran II") == "Attachment II"
    assert format_locator(doc, "Lampiran") == "Attachment"
    assert format_locator(doc, "Pasal 6 ayat (1) huruf j") == "Article 6(1)(j)"
    indonesian = Document(id="uu-x", title="UU X", citation="UU X", family="national-law", language="id")
    assert format_locator(indonesian, "Lampiran II") == "Lampiran II"


SENTENCE_CASE = """MEMORANDUM OF UNDERSTANDING BETWEEN INDONESIA AND NORTHLAND ON DOMESTIC WORKERS

Article 1
Wages and rest
1. The worker shall be paid a monthly wage by bank transfer.
2. The worker shall be entitled to one rest day every week.

Article 2
Entry into force
This Memorandum shall enter into force on the date of signature.

Article 3
Settlement of disputes arising between the Parties under this
Memorandum shall be by consultation.

Signed in Jakarta on 2 March 2026.
For the Government of Northland
"""


def test_a_caption_in_sentence_case_is_the_articles_title_not_its_text():
    """A new user's MoU: "Article 3" / "Wages and rest" / "1. The domestic worker …" kept the
    caption in the text ("Wages and rest 1. The …" quoted) and made no paragraph (1), because
    a caption was only taken in Title Case. A short line in sentence case followed by a
    numbered paragraph or a new sentence is the caption; the first line of a sentence
    wrapped onto the next is not."""
    parsed, units = _parse(SENTENCE_CASE)
    a1, a2, a3 = units["Article 1"], units["Article 2"], units["Article 3"]
    assert a1.title == "Wages and rest" and a1.text.startswith("1. The worker")
    assert [p.locator for p in a1.parts] == ["Article 1(1)", "Article 1(2)"]
    assert a2.title == "Entry into force" and a2.text.startswith("This Memorandum")
    assert a3.title is None and a3.text.startswith("Settlement of disputes arising")
    assert units["Final clause"].text.startswith("Signed in Jakarta")
    assert parsed.audit.share == 0, parsed.audit.unassigned
