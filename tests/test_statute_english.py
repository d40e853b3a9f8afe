"""English translations of Indonesian statutes (family national-law, language en): read by
the statute parser's machinery (kb.structure.statute_en) into the statute's units, with
ayat and huruf as parts, the Elucidation as "Penjelasan Umum" and "Penjelasan Pasal N",
the closing as "Penutup" and the "ATTACHMENT" as "Lampiran". Before, the generic parser
gave "Article N" units with no parts and filed the whole Elucidation inside the last
article. The law in tests/fixtures/law-en-translation.en.txt is our own, written in the
style of published unofficial translations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.models import Document
from kb.readers import read, read_bytes
from kb.structure import default_scheme, parse_document
from kb.structure.statute_en import translate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "law-en-translation.en.txt"


def _doc(doc_id: str = "law-7-2031-en") -> Document:
    return Document(id=doc_id, title="Law on seasonal fishery workers (translation)", citation="Law No. 7 of 2031",
                    family="national-law", language="en")


@pytest.fixture(scope="module")
def parsed():
    return parse_document(_doc(), read(FIXTURE))


def _unit(parsed, name):
    return next(u for u in parsed.units if u.unit == name)


def _part(unit, locator):
    part = next(p for p in unit.parts if p.locator == locator)
    return unit.text[part.start : part.end]


def test_an_english_translation_of_a_statute_goes_to_the_statute_parser():
    assert default_scheme(_doc()) == "statute-en"


def test_units_are_the_statutes_own(parsed):
    names = [u.unit for u in parsed.units]
    assert names == (["Menimbang", "Mengingat"] + [f"Pasal {n}" for n in range(1, 8)] + ["Penutup", "Penjelasan Umum"]
                     + [f"Penjelasan Pasal {n}" for n in range(1, 8)] + ["Lampiran"])
    assert parsed.audit.unassigned == []


def test_paragraphs_and_points_are_parts(parsed):
    pasal6 = _unit(parsed, "Pasal 6")
    assert _part(pasal6, "Pasal 6 ayat (1) huruf j").startswith("j. guaranteed access to drinking water")
    assert _part(pasal6, "Pasal 6 ayat (2)").startswith("(2) The protection referred to in paragraph (1) letter j")
    assert [p.locator for p in pasal6.parts if p.locator.count("huruf")] == [
        f"Pasal 6 ayat (1) huruf {c}" for c in "abcdefghij"]
    assert _part(_unit(parsed, "Pasal 1"), "Pasal 1 angka 2").startswith("2. Manning Agency means")
    assert _part(_unit(parsed, "Menimbang"), "Menimbang huruf b").startswith("b. that the existing rules")
    assert _part(_unit(parsed, "Mengingat"), "Mengingat angka 2").startswith("2. Law Number 18 of 2017")


def test_the_text_is_quoted_in_english(parsed):
    """The parser reads an Indonesian-worded copy; units quote the translation itself."""
    pasal6 = _unit(parsed, "Pasal 6")
    assert pasal6.text.startswith("(1) Protection during work as referred to in Article 5 includes:")
    assert "Pasal" not in pasal6.text and "ayat" not in pasal6.text


def test_chapters_and_parts_head_the_articles_as_printed(parsed):
    assert _unit(parsed, "Pasal 1").heading == ("CHAPTER I GENERAL PROVISIONS",)
    assert _unit(parsed, "Pasal 3").heading == ("CHAPTER II RIGHTS AND PROTECTION", "Part One Rights")
    assert _unit(parsed, "Pasal 6").heading == ("CHAPTER II RIGHTS AND PROTECTION", "Part Two Protection")
    assert _unit(parsed, "Pasal 7").heading == ("CHAPTER III CLOSING PROVISIONS",)


def test_the_last_article_holds_no_closing_and_no_elucidation(parsed):
    assert _unit(parsed, "Pasal 7").text == "This Law comes into force on the date of its promulgation."


def test_the_elucidation_is_split_into_its_general_part_and_article_notes(parsed):
    umum = _unit(parsed, "Penjelasan Umum")
    assert umum.text.startswith("Seasonal fishing contracts are short") and umum.text.endswith("closes that gap.")
    assert umum.heading == ("ELUCIDATION", "I. GENERAL")
    note = _unit(parsed, "Penjelasan Pasal 6")
    assert note.heading == ("ELUCIDATION", "II. ARTICLE BY ARTICLE")
    assert "four litres of clean water" in _part(note, "Penjelasan Pasal 6 ayat (1) huruf j")
    assert _unit(parsed, "Penjelasan Pasal 7").text == "Sufficiently clear."
    assert _part(_unit(parsed, "Penjelasan Pasal 3"), "Penjelasan Pasal 3 ayat (2)") == "Paragraph (2) Sufficiently clear."


def test_the_closing_and_the_attachment(parsed):
    penutup = _unit(parsed, "Penutup")
    assert "Enacted in Jakarta on 3 March 2031" in penutup.text
    assert "Promulgated in Jakarta on 4 March 2031" in penutup.text
    assert penutup.title and "enactment" in penutup.title
    assert "SUPPLEMENT" not in penutup.text and "ELUCIDATION" not in penutup.text
    lampiran = _unit(parsed, "Lampiran")
    assert lampiran.text.startswith("ATTACHMENT") and "MODEL WORK AGREEMENT" in lampiran.text
    assert "SUPPLEMENT" not in _unit(parsed, "Penjelasan Pasal 7").text


_CROSS_REFERENCES = """LAW OF THE REPUBLIC OF INDONESIA
NUMBER 3 OF 2032
CONCERNING WAGE SLIPS

Article 1
(1) An employer shall give each worker a wage slip as referred to in Article 2. The slip is given monthly.
(2) The slip referred to in paragraph (1) and paragraph (3) is written in a language the worker reads.
(3) A digital slip counts as a slip under Article 2 and Article 3 letter a.

Article 2
A wage slip states the gross wage and each deduction.

Article 3
The Minister supervises:
a. the giving of slips; and b. the keeping of copies.
"""


def test_a_cited_article_is_no_heading():
    """"referred to in Article 2. The slip …" is a reference, though Article 2 comes next
    and a capital follows; "paragraph (1) and paragraph (3)" names ayat, it starts none."""
    got = parse_document(_doc("wage-slips"), read_bytes(_CROSS_REFERENCES.encode(), "slips.txt"))
    pasal1 = _unit(got, "Pasal 1")
    assert pasal1.text.endswith("under Article 2 and Article 3 letter a.")
    assert [p.locator for p in pasal1.parts] == ["Pasal 1 ayat (1)", "Pasal 1 ayat (2)", "Pasal 1 ayat (3)"]
    assert _unit(got, "Pasal 2").text == "A wage slip states the gross wage and each deduction."
    assert [p.locator for p in _unit(got, "Pasal 3").parts] == ["Pasal 3 huruf a", "Pasal 3 huruf b"]


_AMENDING = """LAW OF THE REPUBLIC OF INDONESIA
NUMBER 9 OF 2033
CONCERNING
AMENDMENT TO LAW NUMBER 7 OF 2031 CONCERNING THE PROTECTION OF SEASONAL FISHERY WORKERS ABROAD

BY THE GRACE OF GOD ALMIGHTY

THE PRESIDENT OF THE REPUBLIC OF INDONESIA,

Considering: that insurance of seasonal fishery workers needs to be regulated;

Observing: Article 20 of the 1945 Constitution of the Republic of Indonesia;

With the Joint Approval of
THE HOUSE OF REPRESENTATIVES OF THE REPUBLIC OF INDONESIA
and
THE PRESIDENT OF THE REPUBLIC OF INDONESIA

HAS DECIDED:
To enact: LAW CONCERNING AMENDMENT TO LAW NUMBER 7 OF 2031 CONCERNING THE PROTECTION OF SEASONAL FISHERY WORKERS ABROAD.

Article I
Several provisions of Law Number 7 of 2031 concerning the Protection of Seasonal Fishery Workers Abroad are amended as follows:
1. The provisions of Article 2 are amended to read as follows:
Article 2
This Law applies to every Seasonal Fishery Worker, including a worker placed through a family member.
2. Between Article 4 and Article 5, 1 (one) article is inserted, namely Article 4A, which reads as follows:
Article 4A
(1) The Manning Agency shall insure each worker.
(2) The insurance referred to in paragraph (1) covers death at sea.

Article II
This Law comes into force on the date of its promulgation.

So that everyone knows it, this Law shall be promulgated by placing it in the State Gazette of the Republic of Indonesia.

Ratified in Jakarta
on March 3, 2033
PRESIDENT OF THE REPUBLIC OF INDONESIA,
signed
ANDI WIRATMA

Promulgated in Jakarta
on March 4, 2033
MINISTER OF STATE SECRETARY OF THE REPUBLIC OF INDONESIA,
signed
SARI KUSUMANINGRUM

STATE GAZETTE OF THE REPUBLIC OF INDONESIA YEAR 2033 NUMBER 12
"""


def test_an_amending_act_has_its_roman_articles_and_amendment_points():
    """"Article I … amended as follows: 1. … to read as follows: Article 2 …": the quoted
    articles are the amended law's, never units of the amending act."""
    got = parse_document(_doc("law-9-2033-en"), read_bytes(_AMENDING.encode(), "amending.txt"))
    assert [u.unit for u in got.units] == ["Menimbang", "Mengingat", "Pasal I", "Pasal I angka 1", "Pasal I angka 2",
                                           "Pasal II", "Penutup"]
    assert _unit(got, "Pasal I angka 1").amends == "Pasal 2 UU 7/2031"
    point = _unit(got, "Pasal I angka 2")
    assert point.amends == "Pasal 4A UU 7/2031"
    assert _part(point, "Pasal I angka 2 ayat (1)") == "(1) The Manning Agency shall insure each worker."
    assert "Ratified in Jakarta on March 3, 2033" in _unit(got, "Penutup").text
    assert got.audit.unassigned == []


def test_a_translation_whose_lines_were_run_together_gives_the_same_units(parsed):
    """A PDF's text may come as one line: headings are then read by their sequence."""
    flat = FIXTURE.read_text(encoding="utf-8").replace("\n", " ")
    got = parse_document(_doc(), read_bytes(flat.encode(), "flat.txt"))
    assert [u.unit for u in got.units] == [u.unit for u in parsed.units]
    assert [p.locator for u in got.units for p in u.parts] == [p.locator for u in parsed.units for p in u.parts]
    assert got.audit.unassigned == []


# Other wordings translations use, run into few lines as a web page or PDF prints them.
_OTHER_WORDINGS = """LAW OF THE REPUBLIC OF INDONESIA NUMBER 4 YEAR 2030 REGARDING HARBOUR PILOTS WITH THE BLESSING OF GOD THE ALMIGHTY THE PRESIDENT OF THE REPUBLIC OF INDONESIA,
Considering:
a. whereas pilots guide vessels in busy harbours;
b. whereas based on the considerations referred to under points a, it is necessary to form a Law regarding Harbour Pilots;
In view of: Article 5 paragraph (1) and Article 20 paragraph (1) of the 1945 Constitution;
With the approval of THE PEOPLE'S LEGISLATIVE ASSEMBLY OF THE REPUBLIC OF INDONESIA HAS DECIDED TO:
Stipulate: LAW REGARDING HARBOUR PILOTS.
CHAPTER I GENERAL PROVISIONS Article 1 Referred to in this Law as: 1. Pilot shall be a person licensed to guide vessels. 2. Harbour shall be a port open to foreign vessels.
CHAPTER II DUTIES Article 2 (1) A Pilot shall board every vessel over 500 gross tonnage. (2) The duty referred to in paragraph (1) applies day and night.
Article 3 The Minister issues pilot licences.
Legalized in Jakarta on May 2, 2030 PRESIDENT OF THE REPUBLIC OF INDONESIA, signed ANDI WIRATMA
Promulgated in Jakarta on May 2, 2030 STATE SECRETARY, signed SARI KUSUMANINGRUM
STATE GAZETTE OF THE REPUBLIC OF INDONESIA YEAR 2030 NUMBER 75
ELUCIDATION OF LAW OF THE REPUBLIC OF INDONESIA No. 4 OF 2030 REGARDING HARBOUR PILOTS
I. GENERAL
Pilots make harbours safe.
II. ARTICLE BY ARTICLE
Article 1 Self-explanatory.
Article 2 Paragraph (1) Gross tonnage is measured under the tonnage convention. Paragraph (2) Self-explanatory.
Article 3 Self-explanatory.
SUPPLEMENT TO STATE GAZETTE OF THE REPUBLIC OF INDONESIA NUMBER 3851
"""


def test_other_wordings_of_the_formulas_and_headings():
    """"WITH THE BLESSING OF GOD THE ALMIGHTY", "whereas", "In view of:", "With the approval
    of … HAS DECIDED TO: Stipulate:", "Legalized in", "Self-explanatory", "No. 4 OF 2030"."""
    got = parse_document(_doc("law-4-2030-en"), read_bytes(_OTHER_WORDINGS.encode(), "pilots.txt"))
    assert [u.unit for u in got.units] == ["Menimbang", "Mengingat", "Pasal 1", "Pasal 2", "Pasal 3", "Penutup",
                                           "Penjelasan Umum", "Penjelasan Pasal 1", "Penjelasan Pasal 2",
                                           "Penjelasan Pasal 3"]
    assert _unit(got, "Mengingat").text.endswith("of the 1945 Constitution;")  # the enacting formula is none of it
    assert _unit(got, "Pasal 1").text.startswith("Referred to in this Law as: 1. Pilot")
    assert _part(_unit(got, "Pasal 2"), "Pasal 2 ayat (2)").startswith("(2) The duty referred to in paragraph (1)")
    assert _unit(got, "Pasal 3").text == "The Minister issues pilot licences."
    assert _part(_unit(got, "Penjelasan Pasal 2"), "Penjelasan Pasal 2 ayat (2)") == "Paragraph (2) Self-explanatory."
    assert _unit(got, "Penjelasan Pasal 3").text == "Self-explanatory."
    assert got.audit.unassigned == []


def test_translate_keeps_a_map_between_the_texts():
    text = "CHAPTER IV\nSANCTIONS\n\nPart Two\nFines\n\nArticle 12\nAs referred to in Article 5 paragraph (2)."
    tr = translate(text)
    assert "BAB IV" in tr.text and "Bagian Kedua" in tr.text and "Pasal 12" in tr.text
    assert "dalam Pasal 5 ayat (2)" in tr.text
    for word in ("SANCTIONS", "Fines", "12", "5", "(2)."):
        at = tr.text.index(word)
        assert text[tr.to_source(at) : tr.to_source(at + len(word), end=True)] == word
        assert tr.to_text(tr.to_source(at)) == at
    assert tr.labels["BAB IV"] == "CHAPTER IV" and tr.labels["Bagian Kedua"] == "Part Two"


def test_an_indonesian_statute_still_goes_to_its_own_parser():
    doc = Document(id="uu-x", title="t", citation="UU No. 1 Tahun 2030", family="national-law", language="id")
    assert default_scheme(doc) == "statute-id"


def test_citations_of_a_translation_name_its_units(parsed):
    """As the statute's: "Article 6(1)(j)" is Pasal 6 ayat (1) huruf j, "Article 1 point 2"
    its angka 2 (a definition), "Elucidation of Article 6" its Penjelasan."""
    from kb.citations import CitationResolver

    names = {u.unit for u in parsed.units} | {p.locator for u in parsed.units for p in u.parts}
    resolver = CitationResolver([_doc()], unit_names=lambda doc_id: names)
    cases = {
        "Law No. 7 of 2031 Article 6(1)(j)": ("Pasal 6", "Pasal 6 ayat (1) huruf j"),
        "Law No. 7 of 2031 Article 6 paragraph (1) letter j": ("Pasal 6", "Pasal 6 ayat (1) huruf j"),
        "Law No. 7 of 2031 Article 6 paragraph (1) point j": ("Pasal 6", "Pasal 6 ayat (1) huruf j"),
        "Law No. 7 of 2031 Pasal 6 ayat (1) huruf j": ("Pasal 6", "Pasal 6 ayat (1) huruf j"),
        "Elucidation of Article 6 of Law No. 7 of 2031": ("Penjelasan Pasal 6", "Penjelasan Pasal 6"),
        "Law No. 7 of 2031 Explanation of Article 6": ("Penjelasan Pasal 6", "Penjelasan Pasal 6"),
        "Law No. 7 of 2031 General Elucidation": ("Penjelasan Umum", "Penjelasan Umum"),
        "Law No. 7 of 2031 Attachment": ("Lampiran", "Lampiran"),
        "Law No. 7 of 2031 Considering letter b": ("Menimbang", "Menimbang huruf b"),
        "Law No. 7 of 2031 Article 1 point 2": ("Pasal 1", "Pasal 1 angka 2"),
        "Article 1 number 3 of Law No. 7 of 2031": ("Pasal 1", "Pasal 1 angka 3"),
        "Law No. 7 of 2031 Elucidation of Article 6(1)(j)": ("Penjelasan Pasal 6", "Penjelasan Pasal 6 ayat (1) huruf j"),
    }
    for typed, (unit, locator) in cases.items():
        cit = resolver.parse(typed)
        assert cit is not None and cit.complete, typed
        assert (cit.doc_id, cit.unit, cit.locator) == ("law-7-2031-en", unit, locator), typed
        assert locator in names, locator


def test_a_translation_is_cited_in_its_own_words_and_read_back(parsed):
    """An English text is cited as it names its units ("Law No. 7 of 2031, Article 6(1)(j)",
    "Elucidation of Article 6", "Article 1 point 2", "Considering letter b", "Attachment";
    a new user's trial found "Pasal 2 ayat (1) huruf b" in English answers), and every
    unit and part so cited is read back to itself."""
    from kb.citations import CitationResolver, format_citation

    doc = _doc()
    names = {u.unit for u in parsed.units} | {p.locator for u in parsed.units for p in u.parts}
    resolver = CitationResolver([doc], unit_names=lambda doc_id: names)
    assert format_citation(doc, "Pasal 6 ayat (1) huruf j") == "Law No. 7 of 2031, Article 6(1)(j)"
    assert format_citation(doc, "Penjelasan Pasal 6") == "Law No. 7 of 2031, Elucidation of Article 6"
    for unit in parsed.units:
        for locator in [unit.unit, *(p.locator for p in unit.parts)]:
            cited = format_citation(doc, locator)
            if locator.startswith(("Pasal", "Penjelasan", "Menimbang", "Lampiran")):
                assert "Pasal" not in cited and "Penjelasan" not in cited and "ayat" not in cited, cited
            cit = resolver.parse(cited)
            assert cit is not None and cit.complete and cit.locator == locator, (locator, cited)


def test_point_n_of_a_treatys_article_stays_its_paragraph(catalog):
    """"Article 5 point 2" of an English treaty is its Article 5(2); a statute's angka only
    for a national law."""
    from kb.citations import CitationResolver

    cit = CitationResolver(catalog).parse("IJEPA Article 5 point 2")
    assert (cit.doc_id, cit.unit, cit.locator) == ("ijepa-2007", "Article 5", "Article 5(2)")


@pytest.mark.slow
def test_kb_add_show_and_search_a_translation(tmp_path):
    from conftest import kb_env

    env = kb_env(tmp_path / "home")

    def kb(*args):
        out = subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True, env=env,
                             timeout=600)
        assert out.returncode == 0, out.stderr
        return out.stdout

    added = kb("add", str(FIXTURE), "--id", "law-7-2031-en", "--title", "Seasonal fishery workers (translation)",
               "--family", "national-law", "--language", "en")
    assert "cited as Law No. 7 of 2031" in added
    kb("index")
    shown = kb("show", "Law No. 7 of 2031 Article 6(1)(j)")
    assert "Law No. 7 of 2031, Article 6(1)(j)" in shown  # as the translation names it
    assert "j. guaranteed access to drinking water and adequate food on board." in shown
    assert "is not marked separately" not in shown
    shown = kb("show", "Law No. 7 of 2031 Elucidation of Article 6")
    assert "Law No. 7 of 2031, Elucidation of Article 6" in shown and "four litres of clean water" in shown
    hits = json.loads(kb("search", "four litres of clean water stored apart from the fuel tanks", "--json"))["results"]
    assert hits[0]["unit"] == "Penjelasan Pasal 6"
    assert not any("four litres" in h["text"] for h in hits if h["unit"] != "Penjelasan Pasal 6")
