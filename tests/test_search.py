"""Hybrid search on a real index of a slice of the mirror: exact citations, filters, one
hit per unit, the JSON contract, `--queries`, the Python API and the llama-index retriever."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import kb_env
from kb.search import JSON_FIELDS, Filters

pytestmark = pytest.mark.slow

SCHEMA = {
    "type": "object",
    "required": ["query", "results"],
    "properties": {
        "query": {"type": "string"},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(JSON_FIELDS),
                "properties": {
                    "rank": {"type": "integer", "minimum": 1},
                    "score": {"type": "number"},
                    "doc_id": {"type": "string"},
                    "unit": {"type": "string"},
                    "locator": {"type": "string"},
                    "citation": {"type": "string"},
                    "title": {"type": "string"},
                    "family": {"enum": ["convention", "national-law", "committee", "regional", "bilateral"]},
                    "language": {"enum": ["en", "id"]},
                    "status": {"type": "string"},
                    "pages": {"type": "array", "items": {"type": "integer"}},
                    "heading": {"type": "array", "items": {"type": "string"}},
                    "text": {"type": "string", "minLength": 1},
                    "source_url": {"type": ["string", "null"]},
                    # added since (kb.search.results): present, never required by the contract
                    "match": {"type": ["string", "null"]},
                    "part_text": {"type": ["string", "null"]},
                },
            },
        },
    },
}


def run_kb(home, *args, input_text=None, **env):
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home, **env), input=input_text, cwd=str(home.parent), timeout=600)


def test_exact_citations_rank_the_cited_unit_first(slice_kb):
    for typed, doc_id, unit in [
        ("GC 1 para 12", "cmw-gc-1", "para 12"),
        ("CMW/C/GC/1, para. 39", "cmw-gc-1", "para 39"),
        ("Pasal 2 UU No. 6 Tahun 2012", "uu-6-2012", "Pasal 2"),
        ("Penjelasan Umum UU 6/2012", "uu-6-2012", "Penjelasan Umum"),
        ("Cebu Declaration para 14", "asean-declaration-2007", "para 14"),
    ]:
        first = slice_kb.search(typed, k=5).hits[0]
        assert (first.document.id, first.unit.unit, first.exact) == (doc_id, unit, True), typed


def test_topical_query_finds_the_provision_across_languages(slice_kb):
    # An Indonesian question about a general comment written in English.
    hits = slice_kb.search("Apakah majikan boleh menyimpan paspor pekerja rumah tangga migran?", k=5).hits
    assert any(h.document.id == "cmw-gc-1" for h in hits[:3])
    # And the fictional MoU's custody clause for an English question.
    hits = slice_kb.search("may the employer keep the care worker's passport", k=3).hits
    assert (hits[0].document.id, hits[0].unit.unit) == ("mou-example", "Article 3")


def test_one_hit_per_unit_with_its_citation(slice_kb):
    hits = slice_kb.search("domestic workers recruitment fees", k=20).hits
    keys = [h.unit.key for h in hits]
    assert len(keys) == len(set(keys))
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(h.citation.startswith(h.document.citation) for h in hits)


@pytest.mark.parametrize(
    "filters, check",
    [
        (Filters(family=("committee",)), lambda h: h.document.family == "committee"),
        (Filters(doc=("uu-6-2012",)), lambda h: h.document.id == "uu-6-2012"),
        (Filters(language=("id",)), lambda h: h.unit.language == "id"),
        (Filters(in_force=True), lambda h: not h.document.repealed),
        (Filters(date_from="2010", date_to="2012"), lambda h: "2010" <= h.document.date[:4] <= "2012"),
        (Filters(party=("XXL",)), lambda h: h.document.id == "mou-example"),
    ],
)
def test_each_filter_restricts_results(slice_kb, filters, check):
    hits = slice_kb.search("pelatihan biaya pekerja migran training fees workers", k=20, filters=filters).hits
    assert hits, filters
    assert all(check(h) for h in hits), [(h.document.id, h.unit.unit) for h in hits]


def test_repealed_law_is_returned_but_flagged(slice_kb):
    hits = slice_kb.search("jaminan uang perusahaan pengirim", k=5).hits
    repealed = [h for h in hits if h.document.id == "perda-contoh"]
    assert repealed and repealed[0].repealed
    assert repealed[0].to_dict()["status"].startswith("repealed")
    assert not any(h.document.id == "perda-contoh" for h in slice_kb.search("jaminan uang", k=5, in_force=True).hits)


def test_bad_filters_are_clear_errors(slice_kb):
    from kb.errors import KbError

    with pytest.raises(KbError, match="unknown document id"):
        slice_kb.search("x", doc="nope")
    with pytest.raises(KbError, match="YYYY"):
        slice_kb.search("x", date_from="last year")


def test_get_returns_the_unit_and_explains_misses(slice_kb):
    from kb.errors import CitationError

    hit = slice_kb.get("UU 6/2012 Pasal 1 ayat (2)")
    assert hit.unit.unit == "Pasal 1" and hit.locator == "Pasal 1 ayat (2)"
    assert hit.citation == "UU No. 6 Tahun 2012, Pasal 1 ayat (2)"
    with pytest.raises(CitationError, match="has no Pasal 9"):
        slice_kb.get("UU 6/2012 Pasal 9")
    with pytest.raises(CitationError, match="which document"):
        slice_kb.get("Pasal 3")


def test_json_output_follows_the_contract(slice_kb):
    jsonschema = pytest.importorskip("jsonschema")
    home = slice_kb.settings.home
    out = run_kb(home, "search", "hak pekerja rumah tangga", "-k", "5", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["query"] == "hak pekerja rumah tangga" and len(data["results"]) == 5
    for hit in data["results"]:  # part_text, when given, is the text of the locator's part, verbatim
        assert "part_text" in hit
        assert hit["part_text"] is None or (hit["part_text"] in hit["text"] and hit["locator"] != hit["unit"])


def test_queries_file_gives_one_json_object_per_query_in_order(slice_kb, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text('GC 1 para 12\n{"query": "passport custody"}\n\nrest days each week\n', encoding="utf-8")
    out = run_kb(slice_kb.settings.home, "search", "--queries", str(qfile), "-k", "3")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["query"] for d in lines] == ["GC 1 para 12", "passport custody", "rest days each week"]
    assert lines[0]["results"][0]["unit"] == "para 12"
    assert all(len(d["results"]) == 3 for d in lines)


def test_llamaindex_retriever_returns_nodes_with_citations(slice_kb):
    pytest.importorskip("llama_index.core")
    from kb.integrations.llamaindex import KbRetriever

    nodes = KbRetriever(slice_kb, similarity_top_k=4).retrieve("recruitment fees charged to domestic workers")
    assert len(nodes) == 4
    meta = nodes[0].node.metadata
    assert meta["citation"] and meta["doc_id"] and meta["unit"]
    assert nodes[0].score >= nodes[-1].score
    assert nodes[0].node.get_content() == slice_kb.get(f"{meta['citation']}").unit.text


@pytest.mark.parametrize("question, asks", [
    ("When was UU 18/2017 enacted?", True),
    ("Kapan UU PPMI disahkan?", True),
    ("Di mana PP 59/2021 ditetapkan?", True),
    ("Tanggal berapa UU 6/2012 diundangkan?", True),
    ("Sejak kapan UU 18/2017 berlaku?", True),
    ("When did UU 18/2017 enter into force?", True),
    ("Kapan Konsensus ASEAN ditandatangani?", True),
    ("When was general comment No. 1 adopted?", True),
    # the same words saying what a provision sets or what applies
    ("Berapa biaya penempatan yang ditetapkan?", False),
    ("What is the law enacted to protect migrant workers?", False),
    ("Apakah UU 39/2004 masih berlaku?", False),
    ("Which rules apply when a worker dies abroad?", False),
])
def test_questions_asking_where_or_when_an_instrument_was_signed_or_enacted(question, asks):
    from kb.search.query import asks_signature

    assert asks_signature(question) is asks


def test_the_question_translated_by_the_lexicon_moves_toward_the_other_language(slice_kb):
    """SearchParams.translate_weight: an Indonesian question's vector plus the vector of
    its lexicon translation is nearer to the English general comment that answers it than
    the question's own vector is (kb.search.dense.query_vector)."""
    import numpy as np

    from kb.search.dense import query_vector
    from kb.search.query import analyse_query

    searcher = slice_kb.searcher()
    query = analyse_query("Apakah majikan boleh menyimpan paspor pekerja rumah tangga migran?", searcher.resolver)
    assert query.translated(0.2) != query.text  # English words appended
    snapshot = searcher.snapshot
    rows = snapshot.passage_rows_of_units(snapshot.units_by_doc["cmw-gc-1"])
    own = query_vector(searcher.embedder, query, 0.0, 0.2)
    mixed = query_vector(searcher.embedder, query, 0.5, 0.2)
    assert abs(float(np.linalg.norm(mixed)) - 1.0) < 1e-5
    assert snapshot.similarities(mixed, rows).max() > snapshot.similarities(own, rows).max()


def test_python_api_arguments_of_the_wrong_kind_are_input_errors(slice_kb, tmp_path):
    """What a service developer passes by mistake is a one-line InputError, not a
    TypeError, AttributeError or StopIteration of kb's internals, nor silently misread
    (a fresh user's report: filters as a dict, an unknown filter name, in_force="no"
    taken as true, search_many("paspor") searching 'p', 'a', …)."""
    from kb import KnowledgeBase
    from kb.errors import InputError, KbError

    with pytest.raises(InputError, match="unknown filter 'bogus'"):
        slice_kb.search("paspor", bogus=1)
    with pytest.raises(InputError, match="in_force must be True or False"):
        slice_kb.search("paspor", in_force="no")
    with pytest.raises(InputError, match="list of text, not str"):
        slice_kb.search_many("paspor")
    with pytest.raises(InputError, match="filters must be a kb.search.Filters or a dict"):
        slice_kb.search("paspor", filters=3)
    as_dict = slice_kb.search("migrant workers", filters={"family": "committee"})
    assert as_dict.hits and all(h.document.family == "committee" for h in as_dict.hits)
    answer = slice_kb.ask("What does the Committee say about domestic workers' passports?")
    with pytest.raises(InputError, match=r"no source \[99\]"):
        answer.source(99)
    # a fresh home: the message says how to get an index, not only `kb index` (which then
    # said to fetch the documents first)
    fresh = KnowledgeBase.open(tmp_path / "fresh-home")
    with pytest.raises(KbError, match=r"kb corpus fetch.*kb index.*ensure_index"):
        fresh.search("paspor")


@pytest.mark.slow
def test_words_in_quotation_marks_rank_the_units_holding_them_first(full_kb):
    """A phrase in quotation marks is searched as those exact words: the units holding it
    come first (a fresh user searched the words of UU 18/2017 Pasal 6 ayat (1) huruf k,
    "berserikat dan berkumpul", and got ten English paragraphs on trade unions; unquoted,
    the words are still searched by meaning)."""
    from kb.search.query import fold_words

    quoted = full_kb.search('"berserikat dan berkumpul"', k=5).hits
    holding = [h for h in quoted if " berserikat dan berkumpul " in f" {fold_words(h.unit.text)} "]
    assert holding and quoted[: len(holding)] == holding
    assert ("uu-18-2017", "Pasal 6") in [(h.document.id, h.unit.unit) for h in holding]
    curly = full_kb.search("“Menguasai dokumen perjalanan”", k=3).hits
    assert (curly[0].document.id, curly[0].unit.unit) == ("uu-18-2017", "Pasal 6")
    # filtered to other documents, none holds them: said, and ranked by meaning
    none = full_kb.search('"berserikat dan berkumpul"', k=3, family="committee")
    assert none.hits and any("tidak ada unit terindeks yang memuat persis kata-kata" in n for n in none.notes)  # in the query's language (ux16)
    # kb ask quotes from the units holding them (it quoted GC 2 para 65 on trade unions)
    answer = full_kb.ask('Apa hak pekerja migran untuk "berserikat dan berkumpul"?')
    assert answer.quotes and all(" berserikat dan berkumpul " in f" {fold_words(full_kb.get(answer.source(q.source).citation).unit.text)} "
                                 for q in answer.quotes), [answer.source(q.source).citation for q in answer.quotes]
    # ... and, of those units, the sentences holding them (it also quoted UU 6/2012's "Komite
    # juga melakukan kerja sama … Perserikatan Bangsa-Bangsa": a stem of the words, not them)
    answer = full_kb.ask('"berserikat dan berkumpul"')
    assert answer.quotes and all(" berserikat dan berkumpul " in f" {fold_words(q.text)} " for q in answer.quotes), \
        [q.text for q in answer.quotes]
