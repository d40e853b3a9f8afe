"""Structure parsers for international texts on real inputs: UN general comments (text and
PDF), ASEAN instruments, the IJEPA treaty XML; fixtures of our own wording for layouts
the mirror lacks (concluding observations, the Convention and its Indonesian translation,
MoUs, anything a user adds); and a property test per parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import mirror_file, mirror_pdf, parse_mirror_doc
from kb.catalog import Catalog
from kb.config import BUILTIN_CATALOG
from kb.models import Document, ParsedDocument, Unit
from kb.readers import read, read_bytes
from kb.readers.base import Block, SourceText
from kb.structure import parse_document, parser_for
from kb.structure.common import clean_text
from kb.structure.generic import title_case


def units_by_name(parsed: ParsedDocument) -> dict[str, Unit]:
    names = [u.unit for u in parsed.units]
    assert len(names) == len(set(names)), [n for n, c in Counter(names).items() if c > 1]
    return {u.unit: u for u in parsed.units}


def part_text(unit: Unit, locator: str) -> str:
    part = next(p for p in unit.parts if p.locator == locator)
    return unit.text[part.start:part.end]


def doc_for(scheme: str, language: str = "en", sequences: tuple[str, ...] = ()) -> Document:
    family = {"un": "committee", "asean": "regional", "treaty": "bilateral", "generic": "bilateral"}[scheme]
    return Document(
        id="fixture", title="Fixture", citation="Fixture", family=family, language=language,
        scheme=scheme, sequences=sequences,
    )


def parse_fixture(text: str, scheme: str, language: str = "en", sequences: tuple[str, ...] = ()) -> ParsedDocument:
    return parse_document(doc_for(scheme, language, sequences), read_bytes(text.encode("utf-8"), "fixture.txt"))


# =========================================================================== UN


GENERAL_COMMENTS = {1: 66, 2: 79, 3: 56, 4: 68, 5: 95, 6: 90, 7: 108, 8: 105}


@pytest.mark.parametrize("number,count", sorted(GENERAL_COMMENTS.items()))
def test_general_comment_paragraphs_run_without_gap(mirror, number, count):
    parsed = parse_mirror_doc(f"cmw-gc-{number}")
    assert [u.unit for u in parsed.units] == [f"para {n}" for n in range(1, count + 1)]
    for unit in parsed.units:
        assert unit.text and not re.match(r"^\d+\.\s", unit.text), unit.unit  # the number is the name
        assert not unit.text.startswith(("CMW/", "[")), unit.unit  # header lines are not text


# A footnote number glued to a word: "migrant workers.17 This", "domestic work19 and".
GLUED = re.compile(r"[a-z][.,;:’”)]?(\d{1,3})(?=[\s,;.:]|$)")


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_glued_footnote_numbers_leave_the_text(mirror, number):
    raw = mirror_file(f"cmw-gc-{number}").read_text(encoding="utf-8")
    in_source = [m.group(1) for m in GLUED.finditer(raw)]
    parsed = parse_mirror_doc(f"cmw-gc-{number}")
    for unit in parsed.units:
        assert not GLUED.search(unit.text), (unit.unit, GLUED.search(unit.text))
    attached = [n for u in parsed.units for n, _ in u.footnotes]
    assert set(in_source) <= set(attached)
    assert [int(n) for n in attached] == sorted({int(n) for n in attached})  # each once, rising
    if number > 1:
        assert len(in_source) >= 4  # the source really has them: this test can fail


def test_glued_footnotes_are_attached_where_they_were(mirror):
    gc4 = units_by_name(parse_mirror_doc("cmw-gc-4"))
    assert gc4["para 1"].footnotes == (("1", ""),)
    assert gc4["para 1"].text.endswith("return.")
    gc2 = units_by_name(parse_mirror_doc("cmw-gc-2"))
    # a number set off by a space at the end of a paragraph ("inspections. 20")
    assert "20" in [n for n, _ in gc2["para 60"].footnotes]
    assert gc2["para 60"].text.endswith("inspections.")


def test_numbers_that_are_not_footnotes_stay(mirror):
    gc3 = units_by_name(parse_mirror_doc("cmw-gc-3"))
    assert "E/C.12/2017/1" in gc3["para 6"].text
    texts = " ".join(u.text for u in parse_mirror_doc("cmw-gc-5").units)
    assert "COVID-19" in texts and "A/HRC/37/50" not in texts  # the latter only in footnotes


@pytest.mark.parametrize("number", [5, 6, 7, 8])
def test_bracketed_footnotes_attach_to_their_paragraph(mirror, number):
    raw = mirror_file(f"cmw-gc-{number}").read_text(encoding="utf-8")
    notes = {m.group(1): clean_text(m.group(2)) for m in re.finditer(r"(?m)^\s*\[fn (\d+)\] (.*)$", raw)}
    refs = set(re.findall(r"\[\[fn:(\d+)\]\]", raw))
    parsed = parse_mirror_doc(f"cmw-gc-{number}")
    attached: dict[str, str] = {}
    for unit in parsed.units:
        assert "[fn" not in unit.text and "[[fn" not in unit.text, unit.unit
        for n, text in unit.footnotes:
            assert n not in attached, f"footnote {n} attached twice"
            attached[n] = text
    assert set(attached) == set(notes) | refs
    for n, text in notes.items():
        assert attached[n] == text
    assert len(attached) >= 15


def test_footnote_without_text_keeps_its_number(mirror):
    gc6 = units_by_name(parse_mirror_doc("cmw-gc-6"))
    assert ("1", "") in gc6["para 2"].footnotes  # its text is missing in the source
    assert "Migration (Global Compact)" in gc6["para 2"].text  # the marker left no gap


@pytest.mark.parametrize("number", [5, 6, 7, 8])
def test_general_comments_5_to_8_have_headings(mirror, number):
    parsed = parse_mirror_doc(f"cmw-gc-{number}")
    assert all(u.heading for u in parsed.units)
    tops = [u.heading[0] for u in parsed.units]
    assert tops[0].startswith("I. ")
    assert len(set(tops)) >= 6


def test_heading_levels_of_general_comment_5(mirror):
    gc5 = units_by_name(parse_mirror_doc("cmw-gc-5"))
    assert gc5["para 1"].heading == ("I. Introduction",)
    assert gc5["para 17"].heading[1:] == (
        "E. Prohibition of arbitrary detention",
        "1. Detention as an exceptional measure of last resort",
    )
    assert gc5["para 20"].heading[-1] == "(a) Legitimate objective"
    assert gc5["para 22"].heading[-1] == "(b) Legality"
    # "I." after "H." is the ninth letter, not the Roman numeral one
    assert gc5["para 78"].heading[0].startswith("V. ")
    assert gc5["para 78"].heading[1].startswith("I. Right to property")
    assert gc5["para 89"].heading == ("VI. Supervision and accountability",)


def test_items_become_parts(mirror):
    gc1 = units_by_name(parse_mirror_doc("cmw-gc-1"))
    unit = gc1["para 28"]
    assert [p.locator for p in unit.parts] == [
        "para 28 (a)", "para 28 (b)", "para 28 (c)", "para 28 (c) (i)", "para 28 (c) (ii)", "para 28 (c) (iii)",
    ]
    assert part_text(unit, "para 28 (c) (ii)").startswith("(ii)Family aspects")
    assert part_text(unit, "para 28 (c)").endswith(part_text(unit, "para 28 (c) (iii)"))
    # items inline after a colon; "article 16 (7)" in the same text is not an item
    gc5 = units_by_name(parse_mirror_doc("cmw-gc-5"))
    inline = [u for u in gc5.values() if "article 16 (7) to: (a)" in u.text]
    assert inline and inline[0].parts[0].locator.endswith(" (a)")
    assert all(not p.locator.endswith("(7)") for u in gc5.values() for p in u.parts)


def test_un_pdf_rendering_gives_the_same_paragraphs(mirror):
    doc = Catalog.load(BUILTIN_CATALOG).get("cmw-gc-1")
    from_pdf = parse_document(doc, read(mirror_pdf("cmw-gc-1")))
    from_text = units_by_name(parse_mirror_doc("cmw-gc-1"))
    assert [u.unit for u in from_pdf.units] == [f"para {n}" for n in range(1, 67)]
    same = sum(u.text == from_text[u.unit].text for u in from_pdf.units)
    assert same >= 60, same
    pages = [u.pages[0] for u in from_pdf.units]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] > 5


CONCLUDING_OBSERVATIONS = """\
United Nations                                                CMW/C/XYZ/CO/1
International Convention on Workers Abroad (sample cover)
Distr.: General
2 May 2030
Original: English
Concluding observations on the initial report of Examplestan*
1. The Committee considered the initial report of Examplestan at two meetings in April 2030.
2. The Committee appreciates the open dialogue held with the delegation.
A. Introduction
3. The Committee welcomes the report, prepared in line with its guidelines.
B. Positive aspects
4. The Committee notes that the State party joined several instruments in 2028.
C. Principal subjects of concern and recommendations
1. General measures of implementation (arts. 73 and 84)
Legislation and application
5. The Committee is concerned that domestic law does not yet reflect the Convention.
6. The Committee recommends that the State party:
(a) Review its legislation within two years;
(b) Train officials on the Convention, including:
(i) Border staff;
(ii) Labour inspectors.
Data collection
7. The Committee regrets the lack of data on workers abroad. It notes the steps taken:
1. A new survey was launched in 2029.
2. A registry is planned.
8. The Committee recommends that the State party publish such data every year.
CMW/C/XYZ/CO/1
2. General principles (arts. 7 and 83)
Non-discrimination
9. The Committee recommends that the State party end discrimination against workers abroad.
* Adopted by the Committee at its fiftieth session (1-12 April 2030).
GE.30-01234(E)
"""


def test_concluding_observations_layout():
    parsed = parse_fixture(CONCLUDING_OBSERVATIONS, "un")
    units = units_by_name(parsed)
    assert list(units) == [f"para {n}" for n in range(1, 10)]
    assert units["para 3"].heading == ("A. Introduction",)
    assert units["para 5"].heading == (
        "C. Principal subjects of concern and recommendations",
        "1. General measures of implementation (arts. 73 and 84)",
        "Legislation and application",
    )
    assert units["para 7"].heading[-1] == "Data collection"
    assert units["para 9"].heading[1:] == ("2. General principles (arts. 7 and 83)", "Non-discrimination")
    # a numbered list inside a paragraph does not open paragraphs
    assert units["para 7"].text.endswith("2. A registry is planned.")
    assert [p.locator for p in units["para 6"].parts] == ["para 6 (a)", "para 6 (b)", "para 6 (b) (i)", "para 6 (b) (ii)"]
    # print furniture is not text
    assert units["para 8"].text.endswith("every year.")
    assert units["para 9"].text.endswith("workers abroad.")


# =========================================================================== ASEAN


def test_asean_consensus_paragraphs_and_preamble(mirror):
    parsed = parse_mirror_doc("asean-consensus-2017")
    assert [u.unit for u in parsed.units] == ["Preamble"] + [f"para {n}" for n in range(1, 63)] + ["Final clause"]
    units = units_by_name(parsed)
    # Where and when it was adopted is a unit (before: signature furniture, so "When was the
    # ASEAN Consensus signed?" had nothing to quote); the signatures after it are not text.
    final = units["Final clause"].text
    assert final.startswith("Done at Manila") and final.endswith("English Language.") and "For Brunei" not in final
    assert units["Final clause"].title == "where and when it was adopted and signed"
    assert parsed.audit.share == 0
    preamble = units["Preamble"].text
    assert preamble.startswith("The Governments of Brunei Darussalam")
    assert preamble.endswith("HEREBY ADOPT THIS CONSENSUS AS FOLLOWS:")
    for front_matter in ("ISBN", "Table of Contents", "Catalogue-in-Publication", "Jakarta 12110", "public@asean.org"):
        assert front_matter not in preamble
    assert units["para 8"].heading[0].startswith("CHAPTER 3 FUNDAMENTAL RIGHTS OF")
    assert units["para 8"].heading[0].endswith("OF THEIR FAMILIES")  # the title's three lines joined
    assert units["para 8"].heading[-1].startswith("Pursuant to the prevailing")  # the chapter's chapeau
    assert units["para 61"].heading == ("CHAPTER 8 AMENDMENTS",)
    assert "Done at" not in units["para 62"].text and "JOKO" not in units["para 62"].text
    assert "ASEAN Coordinating Council" in units["para 62"].text  # a one-word capitals line is text
    assert [p.locator for p in units["para 17"].parts] == ["para 17 (a)", "para 17 (b)"]


def test_asean_consensus_detached_footnote(mirror):
    units = units_by_name(parse_mirror_doc("asean-consensus-2017"))
    assert units["para 32"].text.endswith("illegally employ migrant workers.")
    [(number, text)] = units["para 32"].footnotes
    assert number == "1" and text.startswith("The term “take appropriate actions”")
    assert "take appropriate actions" not in units["para 33"].text


def test_cebu_declaration(mirror):
    parsed = parse_mirror_doc("asean-declaration-2007")
    assert [u.unit for u in parsed.units] == ["Preamble"] + [f"para {n}" for n in range(1, 23)] + ["Final clause"]
    units = units_by_name(parsed)
    assert units["Final clause"].text.startswith("DONE at Cebu, Philippines, this Thirteenth Day of January")
    assert units["Preamble"].text.startswith("WE, the Heads of State")
    assert units["Preamble"].text.endswith("HEREBY DECLARE AS FOLLOWS:")
    assert units["para 1"].heading == ("GENERAL PRINCIPLES",)
    assert units["para 5"].heading[0] == "OBLIGATIONS OF RECEIVING STATES"
    assert units["para 15"].heading[0] == "COMMITMENTS BY ASEAN"
    assert "DONE at" not in units["para 22"].text


def test_labuan_bajo_declaration_guidelines_and_annex(mirror):
    parsed = parse_mirror_doc("asean-declaration-2023")
    names = [u.unit for u in parsed.units]
    assert names == (
        ["Preamble"]
        + [f"para {n}" for n in range(1, 11)]
        + ["Final clause"]  # "ADOPTED in Labuan Bajo, …": the Declaration's, before its Guidelines
        + [f"Guidelines para {n}" for n in range(1, 74)]
        + [f"Annex para {n}" for n in range(1, 8)]
    )
    units = units_by_name(parsed)
    preamble = units["Preamble"].text
    assert preamble.startswith("WE, the Member States") and "DO HEREBY DECLARE" in preamble
    for front_matter in ("TABLE OF CONTENTS", "Catalogue-in-Publication", "Photo credits", "The ASEAN Secretariat is based"):
        assert front_matter not in preamble
    assert "ADOPTED in" not in units["para 10"].text
    assert units["Guidelines para 1"].heading == ("I. INTRODUCTION",)
    assert units["Guidelines para 38"].heading[1:] == (
        "VI.1 STRENGTHENING RESILIENCE AND PREPAREDNESS",
        units["Guidelines para 38"].heading[2],
    )
    assert units["Guidelines para 38"].heading[2].startswith("VI.1.1 Review and strengthen")
    # a title repeated as a running header inside a paragraph is not text
    assert "GUIDELINES ON PROTECTION" not in units["Guidelines para 4"].text
    assert "governance and protection of migrant workers’ rights" in units["Guidelines para 4"].text
    locators = [p.locator for p in units["Guidelines para 9"].parts]
    assert locators[:2] == ["Guidelines para 9.1", "Guidelines para 9.2"]
    assert "Guidelines para 9.10.1" in locators
    assert part_text(units["Guidelines para 8"], "Guidelines para 8.2").startswith("8.2.")


def test_labuan_bajo_glossary_keeps_every_item(mirror):
    units = units_by_name(parse_mirror_doc("asean-declaration-2023"))
    glossary = [units[f"Annex para {n}"] for n in range(1, 8)]
    assert all(u.heading == ("ANNEX GLOSSARY OF KEY TERMS WITH DEFINITIONS",) for u in glossary)
    # the extraction printed the annex title between sub-items (c) and (d) of item 2
    item2 = units["Annex para 2"]
    assert [p.locator for p in item2.parts] == [f"Annex para 2 ({x})" for x in "abcd"]
    assert part_text(item2, "Annex para 2 (d)").startswith("d. Crisis recovery")
    assert "GLOSSARY" not in item2.text
    for n, term in [(3, "Disaster"), (4, "Resilience"), (5, "Migrant Worker"), (6, "Receiving State"), (7, "Sending State")]:
        assert units[f"Annex para {n}"].text.startswith(term)


def test_labuan_bajo_detached_footnotes(mirror):
    parsed = parse_mirror_doc("asean-declaration-2023")
    notes = [(u.unit, n, text) for u in parsed.units for n, text in u.footnotes]
    assert [n for _, n, _ in notes] == [str(n) for n in range(1, 12)]
    assert all(text for _, _, text in notes)
    assert notes[0][0] == "Guidelines para 9"
    for unit in parsed.units:
        assert "Definition in the ASEAN" not in unit.text, unit.unit
        assert "Joint statement by the ILO" not in unit.text, unit.unit
        assert not re.search(r"[a-z][.;]\d{1,2}\b", unit.text), unit.unit


RESTARTED = """\
WE, the members of an example forum, meeting this year;
NOTING that workers move;
DO HEREBY DECLARE as follows:
1.\tCooperate on safe movement;
2.\tShare information.
DONE at Example City on the first day of June.

GUIDANCE FOR MEMBERS
1.\tMembers should publish rules.
2.\tMembers should train staff:
2.1.\tat borders; and
2.2.\tin embassies.
"""


def test_unnamed_sequences_are_numbered_parts():
    parsed = parse_fixture(RESTARTED, "asean")
    units = units_by_name(parsed)
    assert list(units) == ["Preamble", "para 1", "para 2", "Final clause", "Part 2 para 1", "Part 2 para 2"]
    assert units["para 2"].text == "Share information."
    assert units["Part 2 para 1"].heading == ("GUIDANCE FOR MEMBERS",)
    assert [p.locator for p in units["Part 2 para 2"].parts] == ["Part 2 para 2.1", "Part 2 para 2.2"]
    assert any("restarts at 1" in w for w in parsed.warnings)
    named = parse_fixture(RESTARTED, "asean", sequences=("", "Guidelines"))
    assert "Guidelines para 2" in units_by_name(named) and not named.warnings


# =========================================================================== treaties: XML


def ijepa_articles() -> list[ET.Element]:
    root = ET.parse(mirror_file("ijepa-2007")).getroot()
    return [a for a in root.iter("article") if a.get("number")]


def test_ijepa_gives_every_article_once(mirror):
    parsed = parse_mirror_doc("ijepa-2007")
    units = units_by_name(parsed)
    articles = ijepa_articles()
    expected = [f"Article {a.get('number').split()[-1]}" for a in articles]
    # The mark-up carries "Article 31 / De Minimis / …" inside ARTICLE 30's element: it is
    # an article of its own (before: its text inside Article 30, and no Article 31).
    assert [u.unit for u in parsed.units if u.unit.startswith("Article ")] == sorted(
        expected + ["Article 31"], key=lambda n: int(n.split()[1]))
    assert len(expected) == 153
    assert parsed.units[0].unit == "Preamble" and parsed.units[-1].unit == "Conclusion"
    assert units["Article 31"].title == "De Minimis"
    assert units["Conclusion"].title == "where and when it was adopted and signed"  # it holds "DONE at Jakarta …"
    assert units["Article 31"].text.startswith("For the application of the product specific rules")
    assert units["Article 31"].heading == units["Article 30"].heading
    assert "De Minimis" not in units["Article 30"].text
    for element, name in zip(articles, expected):
        unit = units[name]
        assert unit.title == title_case(element.get("name"))
        # exact boundaries: the same characters (the reader only adds spaces between glued words)
        whole = clean_text("".join(element.itertext())).replace(" ", "")
        if name == "Article 30":
            whole = whole.split("Article31")[0]
        assert unit.text.replace(" ", "") == whole, name
        assert not unit.text.upper().startswith("ARTICLE")


def test_ijepa_chapter_7(mirror):
    parsed = parse_mirror_doc("ijepa-2007")
    chapter7 = [u.unit for u in parsed.units if u.heading == ("Chapter 7 Movement of Natural Persons",)]
    root = ET.parse(mirror_file("ijepa-2007")).getroot()
    in_xml = next(c for c in root.iter("chapter") if c.get("number") == "CHAPTER 7")
    assert chapter7 == [f"Article {a.get('number').split()[-1]}" for a in in_xml.iter("article")]
    assert chapter7[0] == "Article 92"
    units = units_by_name(parsed)
    assert units["Article 92"].title == "Scope"
    assert units["Article 1"].heading == ("Chapter 1 General Provisions",)
    assert units["Preamble"].heading == () and not units["Preamble"].text.startswith("Preamble")
    assert units["Preamble"].text.endswith("HAVE AGREED as follows:")


def test_ijepa_parts(mirror):
    units = units_by_name(parse_mirror_doc("ijepa-2007"))
    assert [p.locator for p in units["Article 94"].parts] == [f"Article 94({n})" for n in range(1, 5)]
    assert part_text(units["Article 94"], "Article 94(3)").startswith("3. Each Party may require")
    assert [p.locator for p in units["Article 1"].parts][:2] == ["Article 1(a)", "Article 1(b)"]
    nested = [p.locator for u in units.values() for p in u.parts if re.match(r"^Article \d+\(\d+\)\([a-z]\)$", p.locator)]
    assert len(nested) > 50
    # "Article\n14." is a reference wrapped onto a line, not paragraph 14
    assert not any(p.locator.endswith("(14)") for p in units["Article 96"].parts)


# =========================================================================== treaties: text layouts

CONVENTION = """\
A Convention on Workers Who Move (layout sample)

PREAMBLE

The States Parties to the present Convention,

Bearing in mind the principles set out in earlier instruments on work,

Have agreed as follows:

PART I
SCOPE AND DEFINITIONS

Article 1
1. This Convention covers every worker who moves for work, except as stated later.
2. It covers the whole journey, from leaving home to coming back, as set out in
article 22, paragraph 1.

Article 2
For the purposes of this Convention:
1. A "worker" means a person who works for pay in a State other than his or her own.
2. (a) A "border worker" means a worker who goes home each day;
(b) A "season worker" means a worker whose work depends on the season;
(c) A "ship worker" means a worker employed on a vessel, including:
(i) a fishing boat;
(ii) a cargo ship.

PART II
NON-DISCRIMINATION WITH RESPECT TO RIGHTS

Article 3
States Parties undertake to respect the rights referred to in
Article 5 of the present Convention without distinction of any kind.

PART III: Human Rights of All Workers

Article 4
Every worker shall be free to leave any State.

Article 5
No worker shall be held in slavery, as referred to in article 3.

IN WITNESS WHEREOF the undersigned have signed this Convention.
"""


def test_convention_layout():
    parsed = parse_fixture(CONVENTION, "treaty")
    units = units_by_name(parsed)
    assert list(units) == ["Preamble", "Article 1", "Article 2", "Article 3", "Article 4", "Article 5", "Final clause"]
    assert units["Preamble"].text.startswith("The States Parties") and units["Preamble"].text.endswith("as follows:")
    assert units["Article 1"].heading == ("Part I Scope and Definitions",)
    assert units["Article 3"].heading == ("Part II Non-discrimination with Respect to Rights",)
    assert units["Article 4"].heading == ("Part III Human Rights of All Workers",)
    # references inside the text do not open units
    assert units["Article 1"].text.endswith("article 22, paragraph 1.")
    assert units["Article 3"].text.endswith("without distinction of any kind.")
    assert "WITNESS" not in units["Article 5"].text
    assert [p.locator for p in units["Article 2"].parts] == [
        "Article 2(1)", "Article 2(2)", "Article 2(2)(a)", "Article 2(2)(b)", "Article 2(2)(c)",
        "Article 2(2)(c)(i)", "Article 2(2)(c)(ii)",
    ]
    assert part_text(units["Article 2"], "Article 2(2)(b)") == "(b) A \"season worker\" means a worker whose work depends on the season;"


KONVENSI = """\
Konvensi tentang Pekerja yang Berpindah (contoh tata letak)

Mukadimah

Negara-Negara Pihak pada Konvensi ini,

Mengingat asas-asas dalam instrumen sebelumnya tentang pekerjaan,

Telah menyepakati sebagai berikut:

BAGIAN I
RUANG LINGKUP DAN DEFINISI

Pasal 1
1. Konvensi ini berlaku bagi setiap pekerja yang berpindah untuk bekerja.
2. Konvensi ini berlaku selama seluruh perjalanan, sebagaimana dimaksud dalam
Pasal 22 ayat 1.

Pasal 2
Untuk tujuan Konvensi ini:
1. "Pekerja" berarti orang yang bekerja dengan upah di Negara lain.
2. (a) "Pekerja perbatasan" berarti pekerja yang pulang setiap hari;
(b) "Pekerja musiman" berarti pekerja yang pekerjaannya bergantung pada musim.
"""


def test_indonesian_translation_layout():
    parsed = parse_fixture(KONVENSI, "treaty", language="id")
    units = units_by_name(parsed)
    assert list(units) == ["Preamble", "Pasal 1", "Pasal 2"]
    assert units["Preamble"].text.startswith("Negara-Negara Pihak")
    assert units["Pasal 1"].heading == ("Bagian I Ruang Lingkup dan Definisi",)
    assert units["Pasal 1"].text.endswith("Pasal 22 ayat 1.")
    assert [p.locator for p in units["Pasal 2"].parts] == [
        "Pasal 2 ayat (1)", "Pasal 2 ayat (2)", "Pasal 2 ayat (2) huruf a", "Pasal 2 ayat (2) huruf b",
    ]


MOU = """\
MEMORANDUM OF UNDERSTANDING BETWEEN STATE A AND STATE B ON HOUSEHOLD WORKERS

The Government of State A and the Government of State B, hereinafter the Parties;

Wishing to protect household workers who move between them;

Have reached the following understanding:

Article 1 Definitions
For the purposes of this Memorandum:
(a) "Worker" means a household worker from State A;
(b) "Employer" means a person in State B who hires a Worker.

ARTICLE 2 – SCOPE
This Memorandum applies to Workers placed through licensed agencies.

Article 3
Obligations of the Parties
(1) State A shall train Workers before departure.
(2) State B shall ensure that Employers pay wages monthly, as required by Article 2.

Done at City C on the first day of May, in two originals.
"""


def test_mou_layout():
    units = units_by_name(parse_fixture(MOU, "treaty"))
    assert list(units) == ["Preamble", "Article 1", "Article 2", "Article 3", "Final clause"]
    assert "MEMORANDUM" not in units["Preamble"].text
    assert [units[f"Article {n}"].title for n in (1, 2, 3)] == ["Definitions", "Scope", "Obligations of the Parties"]
    assert units["Article 3"].text.startswith("(1) State A")
    assert [p.locator for p in units["Article 3"].parts] == ["Article 3(1)", "Article 3(2)"]
    assert [p.locator for p in units["Article 1"].parts] == ["Article 1(a)", "Article 1(b)"]


# =========================================================================== generic


SECTIONS = """\
STANDARD EMPLOYMENT CONTRACT

Section 1. Parties
This contract binds the employer and the worker named below.

Section 2. Wages
The employer pays the wage on the last day of each month, as stated in
Section 1.

CHAPTER II OTHER TERMS

Section 3. Rest days
The worker has one full rest day every week.
"""


def test_generic_numbered_headings():
    units = units_by_name(parse_fixture(SECTIONS, "generic"))
    assert list(units) == ["Section 1", "Section 2", "Section 3"]
    assert units["Section 3"].title == "Rest days"
    assert units["Section 1"].heading == ("STANDARD EMPLOYMENT CONTRACT",)
    assert units["Section 3"].heading == ("CHAPTER II OTHER TERMS",)
    assert units["Section 2"].text.endswith("as stated in Section 1.")


def test_generic_numbered_paragraphs():
    text = "GUIDANCE NOTE\n\n1. Recruiters must hold a licence.\n2. A licence lasts three years:\n(a) if inspected; and\n(b) if fees are paid.\n3. Complaints go to the hotline.\n"
    units = units_by_name(parse_fixture(text, "generic"))
    assert list(units) == ["para 1", "para 2", "para 3"]
    assert units["para 1"].text == "Recruiters must hold a licence."
    assert units["para 1"].heading == ("GUIDANCE NOTE",)
    assert [p.locator for p in units["para 2"].parts] == ["para 2 (a)", "para 2 (b)"]


def test_generic_blocks_and_markdown_headings():
    text = "# Placement notes\n\n## Fees\n\nWorkers pay no fee.\nAgencies that charge one lose their licence.\n\n## Contracts\n\nEvery worker gets a contract.\n\nA copy stays with the worker.\n"
    units = units_by_name(parse_fixture(text, "generic"))
    assert list(units) == ["para 1", "para 2", "para 3"]
    assert units["para 1"].heading == ("Placement notes", "Fees")
    assert units["para 1"].text == "Workers pay no fee. Agencies that charge one lose their licence."
    assert units["para 3"].heading == ("Placement notes", "Contracts")


@pytest.mark.parametrize("text", ["word", "A TITLE ONLY", "# Heading only", "Article 1", "1.", "   x   "])
def test_generic_never_returns_nothing_for_words(text):
    parsed = parser_for("generic")(doc_for("generic"), SourceText(text=text, format="text"))
    assert parsed.units and all(u.text for u in parsed.units)


def test_family_parser_falls_back_to_generic():
    parsed = parse_fixture("Some notes a user added.\n\nThey have no numbering at all.\n", "un")
    assert [u.unit for u in parsed.units] == ["para 1", "para 2"]
    assert "generic" in parsed.warnings[0]


# =========================================================================== speed and robustness

MIRROR_DOCS = [f"cmw-gc-{n}" for n in range(1, 9)] + [
    "asean-consensus-2017", "asean-declaration-2007", "asean-declaration-2023", "ijepa-2007",
]


@pytest.mark.parametrize("doc_id", MIRROR_DOCS)
def test_parts_lie_inside_their_unit(mirror, doc_id):
    for unit in parse_mirror_doc(doc_id).units:
        for part in unit.parts:
            assert 0 <= part.start < part.end <= len(unit.text)
            assert unit.text[part.start] not in " ", (unit.unit, part.locator)


LAYOUT_BITS = [
    "Article 3", "ARTICLE 2 – SCOPE", "Pasal 1", "PART I", "BAGIAN II", "Preamble", "Mukadimah", "1.", "2.\t",
    "1. Text here.", "(a) item;", "(i) sub", "(c )", "[fn 2] note", "[[fn:3]]", "word.1 Next", "workers2 and",
    "HEREBY DECLARE AS FOLLOWS:", "WE, the Heads", "The Governments of X", "CHAPTER 3", "I. Introduction",
    "A. Heading", "VI.1.1. Review", "8.1.\t", "a.\t", "DONE at X", "IN WITNESS WHEREOF", "# Title", "ANNEX",
    "GLOSSARY OF TERMS", "...........", "\xad", "¬", "^", "__", "\t", "CMW/C/GC/1", "12", "Section 2. Wages", ":", ".",
]
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(LAYOUT_BITS) | st.text(max_size=10), max_size=40).map("\n".join),
    st.lists(st.sampled_from(LAYOUT_BITS), max_size=40).map(" ".join),
)


@pytest.mark.parametrize("scheme", ["un", "asean", "treaty", "generic"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, with_blocks=st.booleans())
def test_parsers_never_raise(scheme, text, with_blocks):
    blocks = []
    if with_blocks and text:
        half = len(text) // 2
        blocks = [
            Block("chapter", 0, len(text), {"number": "CHAPTER 7", "name": "Movement Of Persons"}),
            Block("article", 0, half, {"number": "ARTICLE 92", "name": "Scope"}),
            Block("article", half, len(text), {}),
        ]
    parsed = parser_for(scheme)(doc_for(scheme, sequences=("", "Guidelines")), SourceText(text=text, format="text", blocks=blocks))
    for unit in parsed.units:
        assert unit.text
        for part in unit.parts:
            assert 0 <= part.start < part.end <= len(unit.text)
    if scheme == "generic" and re.search(r"[^\W\d_]", text):
        assert parsed.units


def test_article_captions_in_sentence_case_are_headings():
    """"Article 4 Entry into force" heads Article 4 (a user's MoU filed its last article
    inside Article 3); a sentence continuing the number does not."""
    text = (
        "MEMORANDUM OF UNDERSTANDING BETWEEN XLAND AND INDONESIA\n\n"
        "Article 1 Objective\nThis Memorandum sets out the cooperation of the Parties.\n\n"
        "Article 2 Scope\nThis Memorandum applies to domestic workers placed from Indonesia.\n\n"
        "Article 3 Costs\nNo placement fee shall be charged to the domestic worker. The rule in\n"
        "Article 4 of the Convention applies to them.\n\n"
        "Article 4 Entry into force\nThis Memorandum shall enter into force on the date of signature.\n\n"
        "Article 5 Settlement of disputes\nDisputes shall be settled amicably.\n"
    )
    units = units_by_name(parse_fixture(text, "treaty"))
    assert [n for n in units if n.startswith("Article")] == [f"Article {n}" for n in range(1, 6)]
    assert "enter into force" not in units["Article 3"].text
    assert "Article 4 of the Convention applies" in units["Article 3"].text
    assert units["Article 4"].text.strip().startswith("This Memorandum shall enter into force")
    assert units["Article 4"].title == "Entry into force"
    assert units["Article 5"].title == "Settlement of disputes"
