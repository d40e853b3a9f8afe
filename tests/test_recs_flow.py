"""The delegation's workflow end to end, through the real `kb` command: add concluding
observations (one as a PDF), index, list recommendations by article, set leads and
statuses, export the matrix, survive `kb index --rebuild` and removing and re-adding a
document; `kb links` for a Convention article and a Pasal. JSON shapes checked against
the schemas the README documents."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, MIRROR, kb_env
from pdfs import paragraphs_pdf

pytestmark = pytest.mark.slow

REFERENCE_OUT = {
    "type": "object",
    "required": ["text", "where", "kind", "target", "target_doc", "target_unit", "target_locator", "range_end", "resolved"],
    "properties": {
        "text": {"type": "string"}, "where": {"type": "string"},
        "kind": {"enum": ["article", "provision", "paragraph", "document"]},
        "target": {"type": "string"}, "target_doc": {"type": ["string", "null"]},
        "target_unit": {"type": ["string", "null"]}, "target_locator": {"type": ["string", "null"]},
        "range_end": {"type": ["string", "null"]}, "resolved": {"type": "boolean"},
    },
}
LINKS_SCHEMA = {
    "type": "object",
    "required": ["citation", "doc_id", "unit", "indexed", "outgoing", "incoming", "related", "note"],
    "properties": {
        "citation": {"type": "string"}, "doc_id": {"type": "string"}, "unit": {"type": "string"},
        "indexed": {"type": "boolean"},
        "outgoing": {"type": "array", "items": REFERENCE_OUT},
        "incoming": {"type": "array", "items": {
            "type": "object",
            "required": ["citation", "doc_id", "unit", "text", "where", "kind", "target_locator", "range_end"],
            "properties": {"citation": {"type": "string"}, "doc_id": {"type": "string"}, "unit": {"type": "string"},
                           "text": {"type": "string"}, "where": {"type": "string"}, "kind": {"type": "string"},
                           "target_locator": {"type": ["string", "null"]}, "range_end": {"type": ["string", "null"]}}}},
        "related": {"type": "object", "additionalProperties": {"type": "array", "items": {
            "type": "object",
            "required": ["family", "rank", "score", "citation", "doc_id", "unit", "shared_terms", "text"],
            "properties": {"family": {"enum": ["convention", "national-law", "committee", "regional", "bilateral"]},
                           "rank": {"type": "integer", "minimum": 1}, "score": {"type": "number"},
                           "citation": {"type": "string"}, "doc_id": {"type": "string"}, "unit": {"type": "string"},
                           "shared_terms": {"type": "array", "items": {"type": "string"}}, "text": {"type": "string"}}}}},
        "note": {"type": ["string", "null"]},
    },
}
FOLLOWUP = {
    "type": "object",
    "required": ["status", "leads", "notes", "actions", "updated_at", "inherited", "history"],
    "properties": {
        "status": {"enum": ["not-started", "in-progress", "partially-implemented", "implemented", "not-accepted"]},
        "leads": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": "array", "items": {"type": "string"}},
        "actions": {"type": "array", "items": {"type": "object", "required": ["text", "due", "created_at"]}},
        "updated_at": {"type": ["string", "null"]}, "inherited": {"type": "boolean"},
        "history": {"type": "array", "items": {"type": "object", "required": ["at", "field", "old", "new"]}},
    },
}
RECS_SCHEMA = {
    "type": "object",
    "required": ["filters", "count", "recommendations"],
    "properties": {
        "count": {"type": "integer"},
        "recommendations": {"type": "array", "items": {
            "type": "object",
            "required": ["symbol", "doc_id", "paragraph", "citation", "kind", "theme", "section", "heading", "articles",
                         "section_articles", "explicit_articles", "concern", "follow_up", "follow_up_subparagraphs",
                         "reiterates", "lead_in", "text", "pages", "subparagraphs", "references", "followup"],
            "properties": {
                "symbol": {"type": "string"}, "doc_id": {"type": "string"}, "paragraph": {"type": "integer"},
                "citation": {"type": "string"}, "kind": {"enum": ["recommendation", "question"]},
                "theme": {"type": "string"}, "section": {"type": "string"},
                "heading": {"type": "array", "items": {"type": "string"}},
                "articles": {"type": "array", "items": {"type": "string"}},
                "section_articles": {"type": "array", "items": {"type": "string"}},
                "explicit_articles": {"type": "array", "items": {"type": "string"}},
                "concern": {"type": ["integer", "null"]}, "follow_up": {"type": "boolean"},
                "follow_up_subparagraphs": {"type": "array", "items": {"type": "string"}},
                "reiterates": {"type": "array", "items": {
                    "type": "object", "required": ["symbol", "paragraph", "locator", "citation", "how", "score", "where", "doc_id"],
                    "properties": {"how": {"enum": ["explicit", "similarity"]}, "score": {"type": ["number", "null"]}}}},
                "subparagraphs": {"type": "array", "items": {
                    "type": "object", "required": ["label", "citation", "text", "items", "follow_up", "followup"],
                    "properties": {"followup": FOLLOWUP}}},
                "references": {"type": "array"},
                "followup": FOLLOWUP,
            },
        }},
    },
}


def kb(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                         env=kb_env(home), cwd=str(home.parent), timeout=900)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def kb_json(home: Path, *args: str):
    return json.loads(kb(home, *args).stdout)


def co_pdf(path: Path, text_file: Path, symbol: str) -> Path:
    """The fixture as a printed document: wrapped, justified, running symbol and page numbers."""
    blocks = [textwrap.wrap(" ".join(b.split()), 88) for b in text_file.read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b and symbol not in b[0]]
    pages, page, lines = [], [], 0
    for b in blocks:
        if lines + len(b) > 46 and page:
            pages.append(page)
            page, lines = [], 0
        page.append(b)
        lines += len(b) + 1
    pages.append(page)
    path.write_bytes(paragraphs_pdf(pages, header=[symbol], footer="{n}"))
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory, slice_kb):
    from kb.api import KnowledgeBase

    home = tmp_path_factory.mktemp("recs-home")
    cache = home / "indexes" / "cache"
    cache.mkdir(parents=True)
    for f in (slice_kb.settings.indexes_dir / "cache").glob("embeddings.sqlite*"):
        (cache / f.name).write_bytes(f.read_bytes())
    results = KnowledgeBase.open(home, mirror=MIRROR).fetch(["cmw-gc-1", "cmw-gc-2", "uu-18-2017"], from_dir=MIRROR, download=False)
    assert all(r.status in ("fetched", "present") for r in results), results
    pdf = co_pdf(home.parent / "co-xyz-2.pdf", FIXTURES / "co-xyz-2.en.txt", "CMW/C/XYZ/CO/2")
    kb(home, "add", str(FIXTURES / "co-xyz-1.en.txt"), "--id", "cmw-co-xyz-1", "--family", "committee", "--language", "en",
       "--title", "Concluding observations on the initial report of Xyrania", "--date", "2019-05-14")
    kb(home, "add", str(pdf), "--id", "cmw-co-xyz-2", "--family", "committee", "--language", "en",
       "--title", "Concluding observations on the second periodic report of Xyrania", "--date", "2025-10-09")
    kb(home, "index")
    return home


def test_recommendations_of_a_pdf_by_article(home):
    jsonschema = pytest.importorskip("jsonschema")
    data = kb_json(home, "recs", "--article", "21", "--json")
    jsonschema.validate(data, RECS_SCHEMA)
    cited = {r["citation"]: r for r in data["recommendations"]}
    assert {"CMW/C/XYZ/CO/1, para. 19", "CMW/C/XYZ/CO/2, para. 24"} <= set(cited)
    assert cited["CMW/C/XYZ/CO/2, para. 24"]["articles"] == ["21"]
    assert cited["CMW/C/XYZ/CO/2, para. 24"]["reiterates"][0]["citation"] == "CMW/C/XYZ/CO/1, para. 19"
    assert cited["CMW/C/XYZ/CO/2, para. 24"]["reiterates"][0]["how"] == "similarity"
    everything = kb_json(home, "recs", "--doc", "CMW/C/XYZ/CO/2", "--json")
    by = {r["paragraph"]: r for r in everything["recommendations"]}
    # the PDF gives the same records as the text the fixture tests read
    assert sorted(by) == [7, 9, 11, 13, 14, 15, 17, 19, 21, 22, 24, 26, 28, 29, 31, 33, 35, 37, 39, 40, 41, 42, 43, 44]
    assert [s["label"] for s in by[21]["subparagraphs"]] == list("abcdefgh")
    assert by[21]["subparagraphs"][2]["items"] == ["i", "ii", "iii"]
    assert {p for p, r in by.items() if r["follow_up"]} == {9, 21, 26, 35}
    assert by[21]["follow_up_subparagraphs"] == ["c"]
    assert [(x["paragraph"], x["how"]) for x in by[26]["reiterates"]] == [(21, "explicit")]
    assert by[26]["articles"] == ["16", "17"] and by[26]["concern"] == 25
    assert by[21]["pages"]  # printed pages of the PDF
    theme = kb_json(home, "recs", "--theme", "recruitment fees", "--json")["recommendations"]
    assert {r["citation"] for r in theme} == {"CMW/C/XYZ/CO/1, para. 28", "CMW/C/XYZ/CO/2, para. 35"}


def test_tracker_round_trip_through_set_json_and_both_exports(home, tmp_path):
    out = kb(home, "recs", "set", "CMW/C/XYZ/CO/2, para. 21 (c)", "--lead", "Ministry of Manpower", "--lead", "BP2MI",
             "--status", "in-progress")
    assert "in-progress" in out.stdout
    kb(home, "recs", "set", "CMW/C/XYZ/CO/2 para 9", "--status", "partially-implemented", "--note", "Bill before parliament",
       "--action", "Draft the implementing regulation", "--due", "2026-06-30")
    data = kb_json(home, "recs", "--status", "in-progress", "--json")
    assert [r["citation"] for r in data["recommendations"]] == ["CMW/C/XYZ/CO/2, para. 21"]
    sub_c = data["recommendations"][0]["subparagraphs"][2]
    assert sub_c["followup"]["status"] == "in-progress" and sub_c["followup"]["leads"] == ["Ministry of Manpower", "BP2MI"]
    assert sub_c["followup"]["inherited"] is False
    assert data["recommendations"][0]["subparagraphs"][0]["followup"]["inherited"] is True
    para9 = kb_json(home, "recs", "--lead", "manpower", "--json")
    assert [r["paragraph"] for r in para9["recommendations"]] == [21]
    nine = [r for r in kb_json(home, "recs", "--doc", "cmw-co-xyz-2", "--json")["recommendations"] if r["paragraph"] == 9][0]
    assert nine["followup"]["notes"] == ["Bill before parliament"]
    assert nine["followup"]["actions"][0]["due"] == "2026-06-30"
    assert [h["field"] for h in nine["followup"]["history"]] == ["status", "note", "action"]

    csv_path, xlsx_path = tmp_path / "matrix.csv", tmp_path / "matrix.xlsx"
    kb(home, "recs", "export", "--format", "csv", "-o", str(csv_path))
    kb(home, "recs", "export", "--format", "xlsx", "-o", str(xlsx_path), "--doc", "CMW/C/XYZ/CO/2")
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["Citation"] == "CMW/C/XYZ/CO/2, para. 21 (c)")
    assert row["Lead institution(s)"] == "Ministry of Manpower; BP2MI" and row["Status"] == "in-progress"
    assert row["Follow-up priority"] == "yes" and row["Articles"] == "25" and row["Theme"] == "Labour exploitation of workers abroad"
    assert "(i) Visit workplaces" in row["Recommendation"]
    nine_rows = [r for r in rows if r["Symbol"] == "CMW/C/XYZ/CO/2" and r["Paragraph"] == "9"]
    assert [r["Sub-paragraph"] for r in nine_rows] == ["a", "b"]
    assert all(r["Status"] == "partially-implemented" and r["Notes"] == "Bill before parliament" for r in nine_rows)
    assert any("UU No. 18 Tahun 2017" in r["Linked national provisions"] for r in rows)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx_path).active
    header = [c.value for c in sheet[1]]
    values = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=2)]
    assert {v["Symbol"] for v in values} == {"CMW/C/XYZ/CO/2"}
    x = next(v for v in values if v["Citation"] == "CMW/C/XYZ/CO/2, para. 21 (c)")
    assert x["Status"] == "in-progress" and x["Lead institution(s)"] == "Ministry of Manpower; BP2MI"


def test_bad_input_is_one_line_and_changes_nothing(home):
    before = kb(home, "recs", "--json").stdout
    for args, code, words in [
        (("recs", "set", "CMW/C/XYZ/CO/2, para. 20", "--status", "implemented"), 1, "is not a recommendation"),
        (("recs", "set", "CMW/C/XYZ/CO/2, para. 21 (z)", "--status", "implemented"), 1, "no sub-paragraph (z)"),
        (("recs", "set", "CMW/C/ABC/CO/9, para. 1", "--status", "implemented"), 1, "no indexed concluding observations"),
        (("recs", "set", "para 21", "--status", "implemented"), 1, "cannot read"),
        (("recs", "set", "CMW/C/XYZ/CO/2, para. 21", "--status", "done"), 2, "done"),
        (("recs", "set", "CMW/C/XYZ/CO/2, para. 21", "--action", "x", "--due", "tomorrow"), 1, "YYYY-MM-DD"),
        (("recs", "set", "CMW/C/XYZ/CO/2, para. 21"), 1, "nothing to change"),
        (("recs", "set", "CMW/C/XYZ/CO/2, para. 21", "--due", "2026-06-30"), 1, "--due needs --action"),
        (("recs", "--doc", "nope"), 1, "unknown document"),
        (("recs", "export", "-o", "matrix.pdf"), 1, "unknown export format"),
    ]:
        out = kb(home, *args, check=False)
        assert out.returncode == code, (args, out.stderr)
        assert words in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)
        if code == 1:
            assert out.stderr.startswith("kb: error: ") and out.stderr.count("\n") == 1, out.stderr
    # a database another process is writing: kb waits, then says so in one line
    holder = sqlite3.connect(home / "tracker.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        out = kb(home, "recs", "set", "CMW/C/XYZ/CO/2, para. 21", "--status", "implemented", check=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert out.returncode == 1 and "locked by another kb process" in out.stderr and out.stderr.count("\n") == 1
    assert kb(home, "recs", "--json").stdout == before


def test_links_of_a_convention_article_and_of_a_pasal(home):
    jsonschema = pytest.importorskip("jsonschema")
    art = kb_json(home, "links", "ICRMW art. 21", "--json")
    jsonschema.validate(art, LINKS_SCHEMA)
    assert art["indexed"] is False and art["citation"] == "ICRMW, art. 21"
    citing = {r["citation"] for r in art["incoming"]}
    assert {"CMW/C/GC/2, para. 6", "CMW/C/GC/2, para. 60", "CMW/C/GC/1, para. 39", "CMW/C/XYZ/CO/1, para. 19"} <= citing
    pasal = kb_json(home, "links", "UU 18/2017 Pasal 30", "--json")
    jsonschema.validate(pasal, LINKS_SCHEMA)
    committee = pasal["related"]["committee"]
    assert any("fee" in x["text"].lower() for x in committee), committee  # placement costs <-> recruitment fees
    assert all(x["shared_terms"] for x in committee)
    assert "national-law" not in pasal["related"]  # explicit references and similar units stay apart
    pasal8 = kb_json(home, "links", "UU 18/2017 Pasal 8", "--json")
    assert pasal8["outgoing"][0]["target"] == "UU No. 18 Tahun 2017, Pasal 7 huruf a" and pasal8["outgoing"][0]["resolved"]
    text = kb(home, "links", "ICRMW art. 21").stdout
    assert "Cited by" in text and "CMW/C/GC/2, para. 60" in text
    # a unit citing four huruf of one article is one line with its four references
    text = kb(home, "links", "UU 18/2017 Pasal 72").stdout
    citing = [line for line in text.splitlines() if line.startswith("  <- ")]
    assert [line.split(":")[0] for line in citing] == sorted({line.split(":")[0] for line in citing}, key=text.index)
    pasal86 = next(line for line in citing if "Pasal 86:" in line)
    assert pasal86.count('"Pasal 72 huruf') == 4 and "Cited by (5, in 2 units):" in text
    bad = kb(home, "links", "Pasal 999 of nothing", check=False)
    assert bad.returncode == 1 and bad.stderr.startswith("kb: error: ")


def test_python_api(home):
    from kb.api import KnowledgeBase

    api = KnowledgeBase.open(home, mirror=MIRROR)
    rec = api.set_followup("CMW/C/XYZ/CO/1, para. 28 (a)", status="not-accepted", leads=["Ministry of Foreign Affairs"])
    assert rec.sub_followups["a"].status == "not-accepted"
    found = api.recommendations(status="not-accepted")
    assert [r.citation for r in found] == ["CMW/C/XYZ/CO/1, para. 28"]
    links = api.links("CMW/C/XYZ/CO/2, para. 35")
    assert any(r.citation.startswith("UU No. 18 Tahun 2017") for r in links.related.get("national-law", []))
    assert api.export_recommendations(home.parent / "m.csv", national=False) > 60


def test_follow_up_state_survives_rebuild_removal_and_re_adding(home, tmp_path):
    def state():
        data = kb_json(home, "recs", "--doc", "CMW/C/XYZ/CO/2", "--json")["recommendations"]
        r21 = next(r for r in data if r["paragraph"] == 21)
        return r21["subparagraphs"][2]["followup"]["status"], r21["subparagraphs"][2]["followup"]["leads"]

    assert state() == ("in-progress", ["Ministry of Manpower", "BP2MI"])
    kb(home, "index", "--rebuild")
    assert state() == ("in-progress", ["Ministry of Manpower", "BP2MI"])
    kb(home, "remove", "cmw-co-xyz-2")
    kb(home, "index")
    assert kb_json(home, "recs", "--json", "--status", "in-progress")["recommendations"] == []
    # back under another id (a user's fresh copy): the state follows the symbol
    kb(home, "add", str(home.parent / "co-xyz-2.pdf"), "--id", "xyz-co-2-copy", "--family", "committee", "--language", "en",
       "--title", "Concluding observations on the second periodic report of Xyrania")
    kb(home, "index")
    assert state() == ("in-progress", ["Ministry of Manpower", "BP2MI"])


@pytest.mark.parametrize("doc", ["CMW/C/IDN/CO/2", "cmw-c-idn-co-2", "cmw/c/idn/co/2"])
def test_a_catalogue_co_not_in_the_library_is_named_with_how_to_get_it(full_kb, doc):
    # A fresh user's `kb recs --doc CMW/C/IDN/CO/2` (and `kb brief --recs …`) got "unknown
    # document" for a symbol the catalogue lists and `kb ask` offers to fetch.
    from kb.errors import CitationError

    assert "cmw-c-idn-co-2" not in full_kb.library_documents()
    with pytest.raises(CitationError, match=r"CMW/C/IDN/CO/2 is in kb's catalogue but not in the library: "
                                             r"`kb corpus fetch cmw-c-idn-co-2`"):
        full_kb.recommendations(doc=doc)


def test_no_recommendations_says_no_concluding_observations_are_indexed(full_kb):
    # Before: `kb recs --article 21` on the mirror said "no recommendations match", as if
    # no recommendation concerned article 21; none can: no concluding observations are indexed.
    for args in (("recs", "--article", "21"), ("recs",)):
        out = kb(full_kb.settings.home, *args)
        assert out.stdout.startswith("no recommendations: no concluding observations are indexed (CMW/C/IDN/CO/1, "
                                     "CMW/C/IDN/CO/2 are not); add them with `kb corpus fetch cmw-c-idn-co-2`"), out.stdout
