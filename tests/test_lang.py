"""Language processing: tokens, Indonesian and English stems, language detection, sentence
and clause boundaries, and the glossary's query expansion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.lang import analyze, detect_language, stem, tokenize
from kb.lang.glossary import default_glossary
from kb.lang.sentences import sentence_spans, sentences


def test_tokens_fold_reduplication_and_split_compounds():
    assert tokenize("Hak-hak pekerja anti-perdagangan") == ["hak", "pekerja", "anti", "perdagangan"]


@pytest.mark.parametrize("word, root", [("penahanan", "tahan"), ("menahan", "tahan"), ("ditahan", "tahan"),
                                        ("perlindungan", "lindung"), ("pemberangkatan", "berangkat"),
                                        ("kewajiban", "wajib")])
def test_indonesian_stems_know_the_morphology(word, root):
    assert stem(word, "id") == root


def test_english_stems_and_stopwords():
    assert analyze("The workers were detained", "en") == ["worker", "detain"]


@pytest.mark.parametrize("text, lang", [("Apakah majikan boleh menahan paspor PRT migran?", "id"),
                                        ("Is it lawful for an employer to keep a passport?", "en"),
                                        ("Bagaimana cara memperpanjang kontrak kerja?", "id"),
                                        # citation and request words are Indonesian evidence,
                                        # weaker than English function words
                                        ("Tolong kutip bunyi Komentar Umum No. 2 paragraf 60", "id"),
                                        ("Is Pasal 6 ayat (1) huruf j in force?", "en"),
                                        ("What does Pasal 30 of UU 18/2017 say?", "en"),
                                        # no stopword of either language: CLD2 decides
                                        ("Kewajiban negara mendaftarkan kelahiran anak pekerja migran tanpa melihat "
                                         "status migrasi orang tuanya", "id")])
def test_detects_the_question_language(text, lang):
    assert detect_language(text) == lang


def test_sentences_respect_abbreviations_list_markers_and_references():
    text = ("States should ratify ILO Convention No. 189 (see para. 24). (2) Setiap pejabat dilarang "
            "memberangkatkan pekerja sebagaimana dimaksud dalam Pasal 13. (3) Pekerja memiliki kewajiban: "
            "a. menaati peraturan; b. menghormati adat; dan c. melapor.")
    assert sentences(text) == [
        "States should ratify ILO Convention No. 189 (see para. 24).",
        "(2) Setiap pejabat dilarang memberangkatkan pekerja sebagaimana dimaksud dalam Pasal 13.",
        "(3) Pekerja memiliki kewajiban:",
        "a. menaati peraturan;",
        "b. menghormati adat;",
        "dan c. melapor.",
    ]


@given(st.text(max_size=400))
def test_sentence_spans_are_verbatim_and_ordered(text):
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(p[1] <= q[0] for p, q in zip(spans, spans[1:]))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


def test_glossary_expands_across_languages_longest_match_first():
    g = default_glossary()
    exp = g.expand("apakah majikan boleh menahan paspor PRT migran?", "id")
    assert "employer" in exp.terms["en"] and "domestic worker" in exp.terms["en"]
    assert "retention of passports" in exp.terms["en"]
    # "menahan paspor" is one concept: "menahan" alone (detention, by its stem) does not fire.
    assert "detention" not in exp.terms["en"]
    back = g.expand("Can an employer confiscate the passport of a housemaid?", "en")
    assert "majikan" in back.terms["id"] and "pekerja rumah tangga" in back.terms["id"]


def test_a_penalty_in_english_is_the_pidana_of_an_indonesian_statute():
    # Indonesian statutes state penalties as "Dipidana dengan pidana penjara …" (UU 18/2017
    # BAB XI), never with "sanksi"; "penalty" alone reached only "sanksi".
    g = default_glossary()
    exp = g.expand("What is the penalty for charging placement fees?", "en")
    assert "pidana" in exp.stems["id"] and "sanksi" in exp.stems["id"]
    back = g.expand("Siapa yang dipidana karena membebankan biaya penempatan?", "id")
    assert "penalty" in back.terms["en"]


def test_lexical_scores_equal_bm25s(tmp_path):
    """kb scores from bm25s's saved matrix without importing bm25s; the numbers must be
    bm25s's own, repeated query tokens included."""
    import bm25s
    import numpy as np

    from kb.index.lexical import LexicalIndex

    texts = ["Pekerja migran berhak atas upah yang layak.", "Majikan dilarang menahan paspor pekerja.",
             "Domestic workers keep their passports.", "Recruitment fees shall not be charged to workers."]
    langs = ["id", "id", "en", "en"]
    LexicalIndex.build(texts, langs).save(tmp_path)
    ours = LexicalIndex.load(tmp_path)
    ref = bm25s.BM25.load(str(tmp_path), show_progress=False)
    for tokens in (analyze("paspor pekerja migran", "id"), analyze("workers passports workers", "en"), ["nothing"]):
        ids = ref.get_tokens_ids(tokens)
        expected = ref.get_scores_from_ids(ids) if ids else np.zeros(4)
        assert np.allclose(ours.scores(tokens), expected)
    assert ours.scores(analyze("paspor", "id")).argmax() == 1


def test_a_bracketed_marker_glued_to_its_item_starts_a_clause():
    """General comment No. 1 para. 13 lists "(a)Partial …;", "(b)Excessive …;", "(c)Insufficient
    rest …" with no space after the marker: each item is its own clause (before: the end
    of (b) and the heading of (c) were one sentence, quoted under "para. 13")."""
    from conftest import parse_mirror_doc

    unit = next(u for u in parse_mirror_doc("cmw-gc-1").units if u.unit == "para 13")
    said = sentences(unit.text)
    assert any(s.startswith("(c)Insufficient rest and leisure time.") for s in said), said
    assert not any("(c)" in s and not s.startswith("(c)") for s in said)
    # and a quote of it keeps its marker: "(c)Insufficient" is a word, not OCR debris
    from kb.answer.clauses import token_is_clean, trim_debris

    assert token_is_clean("(c)Insufficient") and token_is_clean("(iv)Lack")
    text = "(c)Insufficient rest and leisure time."
    assert trim_debris(text, 0, len(text)) == (0, len(text))


def test_the_lexicon_writes_a_question_in_the_other_language():
    """kb.lang.lexicon.Lexicon.words: the question's stems translated and written as words
    of the other language (what the multilingual embedder reads beside the question)."""
    from kb.lang.lexicon import default_lexicon

    lexicon = default_lexicon()
    indonesian = lexicon.words(analyze("hak untuk berkomunikasi dengan keluarga", "id"), "id", 0.2)
    assert {"family", "communication"} <= set(indonesian)
    english = lexicon.words(analyze("the rights of the worker's family", "en"), "en", 0.2)
    assert "keluarga" in english
    # A higher threshold keeps fewer, never other, words; a word the lexicon lacks gives none.
    assert set(lexicon.words(analyze("hak untuk berkomunikasi dengan keluarga", "id"), "id", 0.5)) <= set(indonesian)
    assert lexicon.words(analyze("zzyzx", "en"), "en", 0.0) == []


def test_every_lexicon_word_analyses_to_its_stem():
    """Each row of kb/data/lexicon-id-en.tsv writes its two stems with words that kb's
    analyser turns back into those stems (a lexicon left behind by an analyser change
    fails here; regenerate it with bench/lexicon.py)."""
    from kb.lang.lexicon import LEXICON_FILE

    rows = [line.split("\t") for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert len(rows) > 4000
    wrong = [row for row in rows if len(row) != 6 or analyze(row[4], "id") != [row[0]] or analyze(row[5], "en") != [row[1]]]
    assert not wrong, wrong[:5]


def test_an_abbreviation_joined_by_a_slash_ends_no_sentence():
    """Joint general comments are cited "… Members of Their Families/No. 22 of the
    Committee on the Rights of the Child": "No." after a slash is the abbreviation, not a
    sentence end (kb.lang.sentences._is_abbreviation)."""
    text = ("See joint general comment No. 3 of the Committee on Migrant Workers and Members of Their "
            "Families/No. 22 of the Committee on the Rights of the Child (2017). States should act.")
    assert sentences(text) == [text[: text.index(" States")], "States should act."]
    assert sentences("It ran from 2017/2018. Then it ended.") == ["It ran from 2017/2018.", "Then it ended."]


def test_latin_diacritics_and_ligatures_are_folded_other_scripts_kept():
    """kb.lang.tokenize: "attaché" and "attache" are one token (the glossary and most texts
    write it without the accent), PDF ligatures are letters; Arabic and CJK stay as they are."""
    assert tokenize("Labour Attaché") == tokenize("labour attache") == ["labour", "attache"]
    assert tokenize("ﬁnancial naïve São Tomé") == ["financial", "naive", "sao", "tome"]
    assert analyze("attaché", "en") == analyze("attache", "en")
    assert tokenize("عامل مهاجر 移民") == ["عامل", "مهاجر", "移民"]
