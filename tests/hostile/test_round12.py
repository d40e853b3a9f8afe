"""Round 12 of the hostile probes: what the session's new mechanisms broke on inputs people
really type, each kind fixed where it is handled.

- citations: the new refusal of a second number joined to a unit (kb.citations
  unreadable_part, `_DROPPED_NUMBER`) refused the way people cite a treaty article's
  paragraph, "Article 5 paragraph 1", "art. 5 para 2", "Article 22 para 6 ICRMW", which
  read as art. 5(1) before ("names 1 after 'Article 5' with nothing between them"); and
  "Pasal 30 juncto Pasal 31" was refused while "Pasal 30 jo. Pasal 31" showed both
  (juncto is jo. written out), and "Pasal 30 jo. 31" still dropped 31 without a word;
- a list of parts after a part typed without brackets read its numbers as units: "Pasal 30
  ayat 1 dan 2" (and "ayat 1, 2", "ayat 1 s.d. 2") showed Pasal 30 ayat (1) and Pasal 2,
  which `kb ask` quoted first; "Article 5 paragraph 1 and 2" showed art. 5(1) and art. 2,
  "Article 5(1) and (2)" 5(1) alone (older than this session; kb.citations._part_list,
  _paragraph_list);
- citations of a resolution's annexes: "para 1 of annex II" was read as the resolution's
  own para 1 (shown under the wrong citation), "Annex 2 para 1" refused where the
  document has "Annex II para 1";
- search: a question naming ASEAN as a place ("workers in ASEAN countries", "di negara
  ASEAN") was read as asking what ASEAN says (SearchParams.asked_family_factor), and the
  statute answering it fell out of the top ten ("Who pays the placement costs of …
  workers in ASEAN countries?": UU 18/2017 Pasal 30 first before, gone after);
- `kb ask` on penalties (kb.answer.penal): a question with a penal word that asks no
  statute's penalty ("Can a worker be jailed abroad for …?", "… was jailed in Malaysia;
  must the consulate visit?") was led by whichever penal article shared a stray word with
  it (false data in documents, corporate liability); a question naming UU 39/2004 was led
  by UU 18/2017's penal chapter;
- queries: a zero-width (non-)joiner between Latin letters, a bidi mark (LRM/RLM), the
  combining grapheme joiner or an invisible operator inside a word split it in two
  ("pa\u200cspor"), as the soft hyphen did before round 11 (kb.validate.typed_words).

Found and left alone: "Apa sanksi bagi perusahaan penempatan yang menahan paspor PMI?" is
led by UU 18/2017 Pasal 84(2) (an official holding back a departure: it shares "menahan",
6.8 % of the question's terms, above the 4 % floor that keeps a relevant lead at 4.9 %).

Probed and found sound: years, statute numbers and footnote forms after a unit ("GC 2 para 24
(2013)", "Pasal 5 ayat (1) UU 18/2017", "UU No. 18 Tahun 2017 Pasal 30", "para 24 of GC 2",
"art. 22(6) ICRMW", "CMW/C/GC/1, para. 62 (c)", "Pasal 1 angka 5 dan 6", "Ibid., para. 55");
the UN parser's new readings on the eight committee texts of the mirror (units and their
text unchanged but for the warning on joint general comment No. 8), a paragraph naming
"B. Smith" between headings "A." and "C." (not split), a resolution's closing meeting line
and date, bare heading labels, an annex after a paragraph.
"""

from __future__ import annotations

import json

import pytest

import harness
from conftest import MIRROR, kb_env
from kb.citations import format_locator, parse_citation, unreadable_part
from kb.models import Document
from kb.readers import read_bytes
from kb.search.families import family_asked
from kb.structure import parse_document

pytestmark = pytest.mark.hostile
slow = pytest.mark.slow


# --- citations: an article's paragraph is no dropped number ------------------------------------

@pytest.mark.parametrize("citation", [
    "IJEPA Article 5 paragraph 1", "IJEPA art. 5 para 2", "IJEPA Article 5 para. 1 (a)",
    "Article 22 para 6 ICRMW", "Article 22 para 6 ICRMW 1990", "art 25 paragraph 1 ICRMW",
    "UU 18/2017 Pasal 30 juncto Pasal 31", "UU 18/2017 Pasal 30 jo Pasal 31",
])
def test_an_articles_paragraph_and_juncto_a_unit_still_read(citation):
    assert unreadable_part(citation) is None, (citation, unreadable_part(citation))


@pytest.mark.parametrize("citation, words", [
    ("UU 18/2017 Pasal 30 jo. 31", ("names 31 after 'Pasal 30' joined by 'jo.'",)),
    ("UU 18/2017 Pasal 30 juncto 31", ("joined by 'juncto'",)),
    ("GC 1 para 2 paragraph 3", ("names 3 after 'para 2'",)),  # two paragraphs, not a part
    ("IJEPA Article 5 paragraph 1 or 2", ("names 2 after 'paragraph 1' joined by 'or'",)),  # showed 5(1) alone
])
def test_a_bare_number_after_jo_is_still_refused(citation, words):
    line = unreadable_part(citation)
    assert line is not None, citation
    for word in words:
        assert word in line, (word, line)


def _cited(out) -> list[str]:
    """The citations `kb show --json` printed: one unit, or a list's "results"."""
    shown = json.loads(out.stdout)
    return [hit["citation"] for hit in shown.get("results", [shown])]


@pytest.fixture(scope="module")
def treaty_home(tmp_path_factory):
    """A home with the IJEPA and UU 6/2012 of the mirror, indexed (their vectors ship)."""
    home = tmp_path_factory.mktemp("r12") / "home"
    harness.kb("corpus", "fetch", "--from", str(MIRROR), "ijepa-2007", "uu-6-2012", env=kb_env(home),
               ceiling=harness.READ).check_ok()
    harness.kb("index", "-q", env=kb_env(home), ceiling=harness.SEARCH).check_ok()
    return home


@pytest.mark.parametrize("typed, want", [
    ("IJEPA Article 5 paragraph 1", "art. 5(1)"),
    ("IJEPA art. 5 para 2", "art. 5(2)"),
])
def test_show_reads_an_articles_paragraph(treaty_home, typed, want):
    # before: "names 1 after 'Article 5' with nothing between them", exit 2
    out = harness.kb("show", typed, "--json", env=kb_env(treaty_home), ceiling=harness.READ).check_ok()
    assert want in _cited(out)[0], out.stdout[:200]


def test_show_reads_juncto_as_jo(treaty_home):
    out = harness.kb("show", "UU 6/2012 Pasal 1 juncto Pasal 2", "--json", env=kb_env(treaty_home),
                     ceiling=harness.READ).check_ok()
    shown = _cited(out)
    assert [c.split(", ")[-1] for c in shown] == ["Pasal 1", "Pasal 2"], shown


# --- citations of a resolution's annexes -----------------------------------------------------------

# A resolution laid out in our own words: two paragraphs, then two annexes numbered anew.
RESOLUTION = """United Nations
A/RES/99/9
General Assembly

The General Assembly,
Recalling its earlier texts on people who move for work,
1. Asks every State to protect those who move for work, as the annexed texts set out;
2. Decides to come back to the question.

Annex I
A statement on fair hiring
1. No worker pays a fee to be hired.
2. Agencies are licensed and watched.
Annex II
A plan
1. States report every second year.
"""


def _resolution():
    doc = Document(id="res", title="Resolution", citation="A/RES/99/9", family="committee", language="en")
    return doc, parse_document(doc, read_bytes(RESOLUTION.encode("utf-8"), "r.txt"))


@pytest.mark.parametrize("typed, want", [
    ("A/RES/99/9 para 1 of annex II", "Annex II para 1"),  # was the resolution's own para 1
    ("A/RES/99/9 paragraph 2 of the annex I", "Annex I para 2"),
    ("A/RES/99/9, para. 1, of Annex II", "Annex II para 1"),
    ("A/RES/99/9 para 1", "para 1"),
])
def test_a_paragraph_of_an_annex_named_after_it(typed, want):
    doc, parsed = _resolution()
    assert "Annex II para 1" in [u.unit for u in parsed.units]
    cit = parse_citation(typed, [doc])
    assert cit is not None and cit.unit == want, (typed, cit)


def test_an_annex_numbered_in_digits_finds_the_roman_one():
    from kb.citations import alternate_unit_names

    doc, parsed = _resolution()
    names = [u.unit for u in parsed.units]
    # before: "A/RES/99/9 has no Annex 2 para 1; it has … Annex II para 1"
    assert alternate_unit_names("Annex 2 para 1", names, "committee") == ["Annex II para 1"]
    assert alternate_unit_names("Annex II para 1", ["Annex 2 para 1"], "committee") == ["Annex 2 para 1"]
    assert alternate_unit_names("Annex 3 para 1", names, "committee") == []
    assert format_locator(doc, "Annex II para 1") == "Annex II, para. 1"


def test_show_finds_the_annex_paragraph(tmp_path):
    home = tmp_path / "home"
    path = tmp_path / "res.txt"
    path.write_text(RESOLUTION, encoding="utf-8")
    env = kb_env(home)
    harness.kb("add", str(path), "--id", "res-99", "--title", "Resolution", "--citation", "A/RES/99/9",
               "--family", "committee", "--language", "en", env=env, ceiling=harness.READ).check_ok()
    harness.kb("index", "-q", env=env, ceiling=harness.SEARCH).check_ok()
    for typed in ("A/RES/99/9 para 1 of annex II", "A/RES/99/9 Annex 2 para 1"):
        out = harness.kb("show", typed, "--json", env=env, ceiling=harness.READ).check_ok()
        assert _cited(out) == ["A/RES/99/9, Annex II, para. 1"], (typed, out.stdout[:200])


# --- search: ASEAN as a place is no source asked for -----------------------------------------------

@pytest.mark.parametrize("question, family", [
    ("Who pays the placement costs of Indonesian workers in ASEAN countries?", None),
    ("What rights do domestic workers have within ASEAN?", None),
    ("Bagaimana perlindungan pekerja migran yang bekerja di negara ASEAN?", None),
    ("What does ASEAN say about recruitment fees?", "regional"),
    ("Menurut ASEAN, apa hak pekerja rumah tangga?", "regional"),
    ("What have ASEAN states committed to on wages?", "regional"),
    ("Under the Convention, may a State expel migrants collectively?", "convention"),
])
def test_asean_as_a_place_is_not_the_source_asked(question, family):
    assert family_asked(question) == family, question


@slow
def test_a_question_on_workers_in_asean_countries_keeps_the_statute(full_kb):
    # before: the ASEAN texts filled the top ten and UU 18/2017 Pasal 30 (who bears the
    # placement costs) was not among them
    hits = full_kb.search("Who pays the placement costs of Indonesian workers in ASEAN countries?", k=10)
    found = [(h.document.id, h.unit.unit) for h in hits]
    assert ("uu-18-2017", "Pasal 30") in found[:5], found


# --- kb ask: a penal word is no penal question on its own ------------------------------------------

def _penal(kb, answer, quote) -> bool:
    source = answer.source(quote.source)
    unit = next(u for u in kb.units(source.doc_id) if u.unit == source.unit)
    return any("ketentuan pidana" in h.lower() for h in unit.heading)


@slow
@pytest.mark.parametrize("question", [
    "Can a migrant worker be put in jail abroad for running away from her employer?",
    "What sanctions under UU 39/2004 applied to agencies that sent workers without a permit?",
])
def test_no_stray_penal_article_leads_the_answer(full_kb, question):
    # before: UU 18/2017 Pasal 79 (false data in documents) was quoted, first for the first
    answer = full_kb.ask(question)
    stray = [answer.source(q.source).citation for q in answer.quotes
             if answer.source(q.source).doc_id == "uu-18-2017" and _penal(full_kb, answer, q)]
    assert not stray, stray


@slow
def test_a_penalty_the_question_asks_still_leads(full_kb):
    answer = full_kb.ask("Berapa ancaman pidana untuk perusahaan yang menempatkan pekerja tanpa SIP2MI?")
    assert answer.quotes and _penal(full_kb, answer, answer.quotes[0]), [answer.source(q.source).citation
                                                               for q in answer.quotes]


# --- queries: the other invisible characters inside a word ----------------------------------------

@pytest.mark.parametrize("mark", ["\u200c", "\u200d", "\u200e", "\u200f", "\u034f", "\u180e", "\u2062"])
def test_an_invisible_mark_inside_a_word_is_removed(mark):
    from kb.validate import typed_words

    # before: only the soft hyphen and the zero-width space were; "pa\u200cspor" was
    # searched as the two words "pa" and "spor"
    assert typed_words(f"pa{mark}spor ditahan") == "paspor ditahan"


def test_a_joiner_of_another_script_stays():
    from kb.validate import typed_words

    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # the joiner shapes these letters
    assert typed_words(persian) == persian


def test_search_reads_a_word_with_a_joiner_inside(treaty_home):
    plain = harness.kb("search", "passport", "--json", env=kb_env(treaty_home), ceiling=harness.SEARCH).check_ok()
    joined = harness.kb("search", "pass\u200cport", "--json", env=kb_env(treaty_home),
                        ceiling=harness.SEARCH).check_ok()
    cited = [[r["citation"] for r in json.loads(o.stdout)["results"]] for o in (plain, joined)]
    assert cited[0] and cited[0] == cited[1], cited


# --- citations: an ayat typed without brackets, and the list after it -------------------------------

@pytest.mark.parametrize("typed, want", [
    # before: "Pasal 30 ayat (1)" and Pasal 2, Pasal 2 shown as if cited
    ("UU 18/2017 Pasal 30 ayat 1 dan 2", ("Pasal 30 ayat (1)", "Pasal 30 ayat (2)")),
    ("UU 18/2017 Pasal 30 ayat 1, 2", ("Pasal 30 ayat (1)", "Pasal 30 ayat (2)")),
    ("UU 18/2017 Pasal 30 ayat 1 s.d. 2", ("Pasal 30 ayat (1)", "Pasal 30 ayat (2)")),
    ("Pasal 30 ayat 1 dan 2 UU 18/2017", ("Pasal 30 ayat (1)", "Pasal 30 ayat (2)")),
    ("UU 18/2017 Pasal 30 ayat (1) dan (2)", ("Pasal 30 ayat (1)", "Pasal 30 ayat (2)")),
    ("UU 18/2017 Pasal 30 ayat 1 dan Pasal 31", ("Pasal 30 ayat (1)", "Pasal 31")),
    ("UU 18/2017 Pasal 30 ayat (1), 31", ("Pasal 30 ayat (1)", "Pasal 31")),
])
def test_an_ayat_list_without_brackets_stays_in_its_pasal(catalog, typed, want):
    cit = parse_citation(typed, list(catalog))
    assert cit is not None and tuple(loc for _unit, loc in cit.all_units) == want, (typed, cit and cit.all_units)


@pytest.mark.parametrize("typed, want", [
    # before: Article 5(1) and Article 2 (a different article shown as cited), or 5(1) alone
    ("IJEPA Article 5 paragraph 1 and 2", ("Article 5(1)", "Article 5(2)")),
    ("IJEPA Article 5(1) and (2)", ("Article 5(1)", "Article 5(2)")),
    ("IJEPA Article 5(1)-(3)", ("Article 5(1)", "Article 5(2)", "Article 5(3)")),
    ("IJEPA Article 5 paragraph 1 s.d. 3", ("Article 5(1)", "Article 5(2)", "Article 5(3)")),
    ("IJEPA Article 5(1), 6", ("Article 5(1)", "Article 6")),  # a bare number after "(1)": an article
    ("IJEPA Article 5 and 6", ("Article 5", "Article 6")),
])
def test_an_articles_paragraph_list_stays_in_its_article(catalog, typed, want):
    cit = parse_citation(typed, list(catalog))
    assert cit is not None and tuple(loc for _unit, loc in cit.all_units) == want, (typed, cit and cit.all_units)
