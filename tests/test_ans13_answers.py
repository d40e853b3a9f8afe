"""`kb ask` on the real mirror (round 13, helper ans13): a citation joining two units by
"atau"/"or" is refused as `kb show` refuses it; the penal lead matches a glossary phrase
as a phrase; a quote citing an article of the Convention gets a note on the Convention's
text; sibling ayat and huruf are quoted only when they are on the question. The questions
are our own wording."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import kb_env

slow = pytest.mark.slow


def run_kb(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home), timeout=300)


def _sources(answer):
    return [answer.source(q.source) for q in answer.quotes]


# --- 1. a citation joining units by "atau" / "or" ---------------------------------------------

@slow
@pytest.mark.parametrize("citation", ["UU 18/2017 Pasal 30 atau 31", "CMW/C/GC/2 para 24 or 25"])
def test_ask_refuses_units_joined_by_or_as_show_does(full_kb, citation):
    # before: `kb ask` quoted Pasal 30 alone, exit 0, as if it were all that was asked for
    home = full_kb.settings.home
    show = run_kb(home, "show", citation)
    ask = run_kb(home, "ask", citation)
    assert show.returncode == 1 and ask.returncode == 1, (show, ask)
    assert ask.stdout == ""
    lines = ask.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in ask.stderr
    assert lines == show.stderr.strip().splitlines()  # the same one line
    assert "joined by" in lines[0]


@slow
def test_ask_refuses_units_joined_by_or_in_a_question(full_kb):
    from kb.errors import InvalidCitation

    with pytest.raises(InvalidCitation, match="'Pasal 30 dan 31'"):
        full_kb.ask("Apakah Pasal 30 atau 31 UU 18/2017 melarang biaya penempatan?")


@slow
def test_atau_between_words_is_still_answered(full_kb):
    # "angka denda atau pidana": prose, not units; answered as before
    answer = full_kb.ask("Berapa angka denda atau pidana bagi perusahaan yang membebankan biaya penempatan?")
    assert not answer.abstained and answer.quotes


def test_dropped_number_is_the_line_show_gives():
    from kb.citations import dropped_number, unreadable_part

    for text in ("UU 18/2017 Pasal 30 atau 31", "GC 1 para 2 or 3", "GC 2 para 24/25"):
        assert dropped_number(text) is not None and dropped_number(text) == unreadable_part(text)
    for text in ("berapa angka denda atau pidana", "Pasal 30 UU 18/2017 atau UU 39/2004", "GC 1 para 2 dan 3",
                 "Pasal 5 2017"):
        assert dropped_number(text) is None, text


# --- 2. the penal lead matches a glossary phrase as a phrase ----------------------------------

def test_phrase_bound_terms_of_a_glossary_phrase():
    from kb.lang.glossary import default_glossary, holds_phrase, phrase_bound

    question = "Apa sanksi bagi majikan yang menahan paspor PRT migran?"
    bound = phrase_bound(question, default_glossary().expand(question, "id"))
    # "menahan paspor" is a two-word term of its concept: its words, and those of the
    # concept's other multi-word terms, say it only together
    assert ("tahan", "dokumen") in bound["tahan"] and "dokumen" in bound
    assert "majikan" not in bound and "sanksi" not in bound  # one-word terms
    assert holds_phrase(["yang", "tahan", "dokumen", "milik"], bound["tahan"])
    assert not holds_phrase(["tahan", "berangkat", "lengkap", "dokumen"], bound["tahan"])


@slow
def test_penal_lead_needs_the_glossary_phrase_not_its_words(full_kb):
    # before: led by the penalty for an official who "menahan pemberangkatan" of a worker
    # whose "dokumen" are complete (Pasal 84 ayat (2)): "menahan" and "dokumen" matched
    # one by one; no penal article of the statutes punishes withholding a passport
    answer = full_kb.ask("Apa sanksi bagi majikan yang menahan paspor PRT migran?")
    assert not answer.abstained
    first = _sources(answer)[0]
    assert (first.unit, first.locator) != ("Pasal 84", "Pasal 84 ayat (2)"), first.citation


# --- 3. a quote citing an article of the Convention: how to get its text ----------------------

def _notes(answer, code):
    return [n for n in answer.notes if n.code == code]


@slow
def test_quotes_citing_convention_articles_say_how_to_get_it(full_kb):
    # before: the Committee's "Article 21 obliges States parties …" and "Article 11 of the
    # Convention requires …" were quoted with no word that the Convention is not indexed
    answer = full_kb.ask("Is it lawful for an employer to hold on to a foreign housemaid's passport?")
    cited = [n for n in answer.notes if n.code == "convention-cited"]
    assert len(cited) == 1, [n.to_dict() for n in answer.notes]
    note = cited[0]
    assert note.doc_id == "icrmw" and "article" in note.text and "21" in note.text
    assert "is not indexed" in note.text
    assert "kb corpus fetch icrmw" in note.commands and "kb add FILE --id icrmw" in note.commands
    # in Indonesian too, in the answer's language
    answer = full_kb.ask("Apakah majikan boleh menahan paspor PRT migran?")
    cited = _notes(answer, "convention-cited")
    assert cited and "Konvensi (ICRMW)" in cited[0].text and "belum diindeks" in cited[0].text


@slow
@pytest.mark.parametrize("question", [
    "What does article 21 of the Convention say about passports?",  # names it: the missing note says how
    "Apa isi UU 18/2017 Pasal 30?",  # a statute's own Pasal, no article of the Convention
])
def test_no_convention_cited_note_when_named_or_not_cited(full_kb, question):
    answer = full_kb.ask(question)
    assert not _notes(answer, "convention-cited"), [n.to_dict() for n in answer.notes]


@slow
def test_convention_cited_note_when_the_convention_is_indexed(tmp_path):
    from kb.api import KnowledgeBase

    from conftest import MIRROR

    text = tmp_path / "conv.en.txt"  # our own few words standing in for the Convention's text
    text.write_text("International Convention on migrant workers (test copy)\n\nArticle 21\n"
                    "Nobody but a public official may take away the passport of a migrant worker.\n", encoding="utf-8")
    kb = KnowledgeBase.open(tmp_path / "home", mirror=MIRROR)
    kb.fetch(["cmw-gc-2"], from_dir=MIRROR, download=False)
    kb.add(text, id="icrmw")
    kb.index()
    answer = KnowledgeBase.open(tmp_path / "home", mirror=MIRROR).ask(
        "Is it lawful for an employer to hold on to a foreign housemaid's passport?")
    cited = _notes(answer, "convention-cited")
    assert len(cited) == 1 and "It is indexed" in cited[0].text, [n.to_dict() for n in answer.notes]
    assert cited[0].commands and cited[0].commands[0].startswith('kb show "ICRMW article ')


# --- 4. a Pasal's other ayat are quoted only when their list is on the question ---------------

@slow
def test_sibling_ayat_on_another_subject_is_not_quoted(full_kb):
    # before: ayat (1) (the worker's rights), then ayat (2) (the worker's obligations:
    # "memiliki kewajiban"), each item of which holds "Pekerja Migran Indonesia" and
    # passed as on the question by its own words
    answer = full_kb.ask("Apa hak pekerja migran Indonesia sebelum bekerja?")
    sources = _sources(answer)
    assert sources[0].locator == "Pasal 6 ayat (1)", [s.citation for s in sources]
    assert "Pasal 6 ayat (2)" not in [s.locator for s in sources], [s.citation for s in sources]
