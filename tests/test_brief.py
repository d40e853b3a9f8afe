"""Delegation briefs end to end on a real index (general comments, UU 18/2017, the repealed
UU 39/2004, an ASEAN declaration, the two-cycle concluding-observation fixtures, an MoU):
from a topic, from articles, from a citation and from recommendations, in Word, Markdown
and HTML; the Word file opened with python-docx (headings, quotes, sources table) and
every quote in it found word for word in its unit; a topic the documents do not cover."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, MIRROR, kb_env

pytestmark = pytest.mark.slow

TOPIC = "recruitment fees and passport retention"


def kb(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                         env=kb_env(home), cwd=str(home.parent), timeout=900)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def co_docx(path: Path, text_file: Path) -> Path:
    """A concluding-observation fixture as a Word document, one paragraph per line."""
    import docx

    document = docx.Document()
    for line in text_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory, slice_kb):
    from kb.api import KnowledgeBase

    home = tmp_path_factory.mktemp("brief-home")
    cache = home / "indexes" / "cache"
    cache.mkdir(parents=True)
    for f in (slice_kb.settings.indexes_dir / "cache").glob("embeddings.sqlite*"):
        (cache / f.name).write_bytes(f.read_bytes())
    api = KnowledgeBase.open(home, mirror=MIRROR)
    results = api.fetch(["cmw-gc-1", "cmw-gc-2", "uu-18-2017", "uu-39-2004", "asean-declaration-2007"],
                        from_dir=MIRROR, download=False)
    assert all(r.status in ("fetched", "present") for r in results), results
    api.add(FIXTURES / "co-xyz-1.en.txt", id="cmw-co-xyz-1", family="committee", language="en", date="2019-05-14",
            title="Concluding observations on the initial report of Xyrania")
    # the second cycle as the Word file a delegation receives (kb's .docx reader)
    api.add(co_docx(home.parent / "co-xyz-2.docx", FIXTURES / "co-xyz-2.en.txt"), id="cmw-co-xyz-2", family="committee",
            language="en", date="2025-10-09", title="Concluding observations on the second periodic report of Xyrania")
    api.add(FIXTURES / "mou-sample.en.txt", id="mou-example", title="MoU on the placement of care workers (test fixture)",
            family="bilateral", language="en", date="2020-05-01", parties=["IDN", "XXL"], citation="Example MoU (2020)")
    api = KnowledgeBase.open(home, mirror=MIRROR)
    api.index()
    api.set_followup("CMW/C/XYZ/CO/2, para. 21 (c)", leads=["Ministry of Manpower", "BP2MI"], status="in-progress")
    api.set_followup("CMW/C/XYZ/CO/2, para. 35", leads=["BP2MI"], status="partially-implemented",
                     note="Draft regulation on fees", action="Publish the list of licensed agencies", due="2026-06-30")
    return home


@pytest.fixture(scope="module")
def api(home):
    from kb.api import KnowledgeBase

    return KnowledgeBase.open(home, mirror=MIRROR)


def unit_text(api, doc_id: str, unit: str) -> str:
    return next(u.text for u in api.units(doc_id) if u.doc_id == doc_id and u.unit == unit)


def assert_verbatim(api, brief) -> int:
    """Every quote of the brief is its unit's text at its spans (checked here, apart
    from the brief's own check); every source a quote cites is in the table."""
    count = 0
    for q in brief.quotes:
        src = brief.source(q.source)
        text = unit_text(api, src.doc_id, src.unit)
        for fragment, (a, b) in zip(q.fragments, q.spans, strict=True):
            assert text[a:b] == fragment, (src.citation, fragment)
        count += 1
    cited = {q.source for q in brief.quotes}
    assert cited == {s.n for s in brief.sources} == set(range(1, len(brief.sources) + 1))
    return count


def docx_content(path: Path):
    """(headings [(level, text)], quotes [(text of the quote, source number)], table rows)
    of a brief written as Word, read back with python-docx."""
    import docx

    document = docx.Document(str(path))
    headings, quotes, pending = [], [], []
    for p in document.paragraphs:
        style = p.style.name
        if style.startswith("Heading"):
            headings.append((int(style.split()[-1]), p.text))
        elif style == "Quote":
            pending.append(p.text)
        elif pending:
            links = [h.text for h in p.hyperlinks]
            # the number in brackets: pasted as plain text it cannot merge with the pinpoint
            assert p.text.startswith("— ") and links and re.fullmatch(r"\[\d+\]", links[-1]), p.text
            quotes.append(("\n".join(pending), int(links[-1].strip("[]"))))
            pending = []
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return headings, quotes, tables


def check_docx(api, brief, path: Path) -> None:
    from kb.brief.labels import labels

    lab = labels(brief.language)
    headings, quotes, tables = docx_content(path)
    # real headings: one Heading 1 per issue (and the sources), Heading 2 per block
    assert [t for lvl, t in headings if lvl == 1] == [f"{i}. {x.title}" for i, x in enumerate(brief.issues, 1)] + [lab["sources"]]
    blocks = {lab[k] for k in ("convention", "national", "general-comments", "earlier-recommendations", "regional",
                               "bilateral")}
    assert blocks <= {t for lvl, t in headings if lvl == 2}
    # every quote, in the Quote style, word for word in the unit of the source it cites
    assert len(quotes) == len(brief.quotes) > 0
    for text, n in quotes:
        assert text[0] == "“" and text[-1] == "”"
        src = brief.source(n)
        unit = unit_text(api, src.doc_id, src.unit)
        for piece in re.split(r" … |\n", text[1:-1]):
            assert piece in unit, (src.citation, piece)
    # what kb's own Word reader gets out of the file holds every quote too
    from kb.readers import read

    extracted = re.sub(r"\s+", " ", read(path).text)
    for q in brief.quotes:
        for fragment in q.fragments:
            assert re.sub(r"\s+", " ", fragment) in extracted, fragment
    # the sources table: a header row and one row per source, complete
    sources = tables[-1]
    assert sources[0] == [lab[k] for k in ("col_n", "col_citation", "col_page", "col_language", "col_status", "col_url")]
    assert len(sources) == len(brief.sources) + 1
    for row, src in zip(sources[1:], brief.sources):
        assert row[0] == str(src.n) and row[1].startswith(src.citation) and src.title in row[1]
        assert row[3] == src.language and row[4] == src.status
        assert row[5] == (src.url or src.official_source or lab["none"])


def check_markdown_and_html(brief, md: str, html: str) -> None:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(md)
    plain = re.sub(r"\s+", " ", _unescape(re.sub(r"<[^>]+>", " ", rendered)))
    html_plain = re.sub(r"\s+", " ", _unescape(re.sub(r"<[^>]+>", " ", html)))
    for q in brief.quotes:
        for fragment in q.fragments:
            folded = re.sub(r"\s+", " ", fragment)
            assert folded in plain, fragment
            assert folded in html_plain, fragment
    for s in brief.sources:
        assert s.citation in plain and s.citation in html_plain
    # self-contained: no external asset, no script
    assert not re.search(r"<(?:link|script|img|iframe)\b|@import|src=", html, re.I)
    assert html.count('id="src-') == len(brief.sources)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_brief_from_a_topic_in_three_formats(api, tmp_path):
    from kb.brief import write_brief

    brief = api.brief(TOPIC, date="2026-11-30")
    assert brief.language == "en" and brief.date == "2026-11-30"
    assert [i.kind for i in brief.issues] == ["topic"] and brief.issues[0].covered
    issue = brief.issues[0]
    assert issue.block("convention").notice.startswith("The Convention's text is not indexed")
    assert "kb corpus fetch icrmw" in issue.block("convention").notice
    national = issue.block("national")
    assert national.quotes and all(brief.source(q.source).in_force for q in national.quotes)
    # repealed law only as history, flagged with its successor
    history = issue.block("history")
    assert history and all(brief.source(q.source).doc_id == "uu-39-2004" for q in history.quotes)
    assert all("NOT IN FORCE" in brief.source(q.source).status and
               brief.source(q.source).successor == "UU No. 18 Tahun 2017" for q in history.quotes)
    committee = " ".join(q.text for q in issue.block("general-comments").quotes + issue.block("earlier-recommendations").quotes)
    assert "fee" in committee.lower()
    assert brief.verified == assert_verbatim(api, brief) and not brief.dropped
    for fmt in ("docx", "md", "html"):
        write_brief(brief, tmp_path / f"brief.{fmt}")
    check_docx(api, brief, tmp_path / "brief.docx")
    check_markdown_and_html(brief, (tmp_path / "brief.md").read_text(encoding="utf-8"),
                            (tmp_path / "brief.html").read_text(encoding="utf-8"))
    md = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert md.startswith(f"# Delegation brief: {TOPIC}\n") and "**Date:** 2026-11-30" in md
    assert "| No. | Citation | Page | Lang. | Status | Official source |" in md


def test_the_command_writes_docx_and_markdown(home, api, tmp_path):
    out = kb(home, "brief", TOPIC, "-o", str(tmp_path / "b.docx"), "--date", "2026-11-30")
    assert re.search(r"\[1/1\] recruitment fees and passport retention  \d+\.\d+s", out.stderr)
    assert "quotes verified" in out.stderr
    brief = api.brief(TOPIC, date="2026-11-30")
    check_docx(api, brief, tmp_path / "b.docx")
    md = kb(home, "brief", TOPIC, "--date", "2026-11-30", "-q").stdout  # Markdown on standard output
    from kb.brief.markdown import render_markdown

    assert md == render_markdown(brief) and out.stdout == ""


def test_brief_from_articles(api, home, tmp_path):
    brief = api.brief(articles=[21, 22])
    assert [i.title for i in brief.issues] == ["Article 21 of the Convention", "Article 22 of the Convention"]
    art21 = brief.issues[0]
    assert "art. 21 cannot be quoted" in art21.block("convention").notice
    gc = [brief.source(q.source).citation for q in art21.block("general-comments").quotes]
    assert any(c.startswith("CMW/C/GC/2, para.") for c in gc) and all("21" in q.text or "Article 21" in q.text
                                                                        for q in art21.block("general-comments").quotes[:1])
    earlier = [brief.source(q.source).citation for q in art21.block("earlier-recommendations").quotes]
    assert "CMW/C/XYZ/CO/2, para. 24" in earlier and "CMW/C/XYZ/CO/1, para. 19" in earlier
    assert_verbatim(api, brief)
    kb(home, "brief", "--article", "21", "--article", "22", "-o", str(tmp_path / "a.html"), "-q")
    kb(home, "brief", "--article", "21", "--article", "22", "-o", str(tmp_path / "a.md"), "-q")
    kb(home, "brief", "--article", "21", "--article", "22", "-o", str(tmp_path / "a.docx"), "-q")
    check_docx(api, brief, tmp_path / "a.docx")
    check_markdown_and_html(brief, (tmp_path / "a.md").read_text(encoding="utf-8"),
                            (tmp_path / "a.html").read_text(encoding="utf-8"))


def test_brief_from_a_citation(api, home, tmp_path):
    brief = api.brief(citations=["UU 18/2017 Pasal 30"])
    issue = brief.issues[0]
    assert issue.title == "UU No. 18 Tahun 2017, Pasal 30" and brief.language == "id"
    first = issue.block("national").quotes[0]
    assert brief.source(first.source).citation == "UU No. 18 Tahun 2017, Pasal 30"
    assert first.text == unit_text(api, "uu-18-2017", "Pasal 30")
    committee = issue.block("general-comments").quotes + issue.block("earlier-recommendations").quotes
    assert any("fee" in q.text.lower() for q in committee)  # biaya penempatan <-> recruitment fees
    assert_verbatim(api, brief)
    for fmt in ("docx", "md", "html"):
        kb(home, "brief", "--cite", "UU 18/2017 Pasal 30", "--format", fmt, "-o", str(tmp_path / f"c.{fmt}"), "-q")
    check_docx(api, brief, tmp_path / "c.docx")
    md = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "### Hukum nasional yang berlaku" in md and "## Sumber" in md  # labels in the unit's language
    check_markdown_and_html(brief, md, (tmp_path / "c.html").read_text(encoding="utf-8"))


def test_brief_from_recommendations(api, home, tmp_path):
    brief = api.brief(recs="CMW/C/XYZ/CO/2")
    assert len(brief.issues) == 24 and all(i.kind == "recommendation" for i in brief.issues)
    by = {i.key: i for i in brief.issues}
    r21 = by["CMW/C/XYZ/CO/2, para. 21"]
    rec = r21.block("recommendation").quotes[0]
    assert rec.lines and rec.fragments[0].startswith("The Committee recalls") and rec.fragments[3].startswith("(c)")
    assert "".join(rec.fragments).replace(" ", "") == unit_text(api, "cmw-co-xyz-2", "para 21").replace(" ", "")
    f = r21.followup
    assert f.priority and f.priority_subparagraphs == ["c"] and f.sub_statuses == {"c": "in-progress"}
    assert f.articles == ["25"] and f.reiterates == ["CMW/C/XYZ/CO/1, para. 17 (explicit)"]
    assert r21.block("concern").quotes and brief.source(r21.block("concern").quotes[0].source).citation == "CMW/C/XYZ/CO/2, para. 20"
    earlier = r21.block("earlier-recommendations").quotes
    assert [brief.source(q.source).citation for q in earlier] == ["CMW/C/XYZ/CO/1, para. 17"]
    assert earlier[0].note == "reiterated (explicit)"
    r35 = by["CMW/C/XYZ/CO/2, para. 35"]
    assert r35.followup.status == "partially-implemented" and r35.followup.leads == ["BP2MI"]
    assert r35.followup.notes == ["Draft regulation on fees"] and r35.followup.actions == ["Publish the list of licensed agencies (2026-06-30)"]
    assert any("biaya" in q.text.lower() for q in r35.block("national").quotes)  # UU 18/2017 Pasal 72: placement costs
    assert any("fee" in q.text.lower() for q in r35.block("bilateral").quotes)  # the MoU: no placement fee
    # closing requests are quoted with their follow-up, without legal sources
    r44 = by["CMW/C/XYZ/CO/2, para. 44"]
    assert r44.notices and "procedural" in r44.notices[0] and [b.kind for b in r44.blocks] == ["recommendation"]
    assert_verbatim(api, brief)
    assert max(i.seconds for i in brief.issues) < 120  # bench figures are in the README; this catches a hang
    assert brief.scope == ["24 recommendations of CMW/C/XYZ/CO/2"]
    # how to add the Convention is said once, in the first issue that needs it; the others point there
    notices = [i.block("convention").notice for i in brief.issues if i.block("convention")]
    assert sum("kb corpus fetch icrmw" in n for n in notices) == 1 and "kb corpus fetch icrmw" in notices[0]
    assert all(n.endswith("How to add it: see issue 1.") for n in notices[1:]) and len(notices) > 10

    out = kb(home, "brief", "--recs", "CMW/C/XYZ/CO/2", "--priority", "-o", str(tmp_path / "p.docx"))
    assert [line.split("] ")[1].split("  ")[0] for line in out.stderr.splitlines() if line.startswith("[")] == [
        "CMW/C/XYZ/CO/2, para. 9 — Legislation and application",
        "CMW/C/XYZ/CO/2, para. 21 — Labour exploitation of workers abroad",
        "CMW/C/XYZ/CO/2, para. 26 — Detention", "CMW/C/XYZ/CO/2, para. 35 — Recruitment fees"]
    priority = api.brief(recs="CMW/C/XYZ/CO/2", priority=True)
    check_docx(api, priority, tmp_path / "p.docx")
    headings, _q, tables = docx_content(tmp_path / "p.docx")
    facts = tables[1]  # para. 21's follow-up facts (the first is para. 9's)
    assert ["Follow-up status", "not-started"] in facts and ["Lead institution(s)", "not assigned"] in facts
    facts21 = dict(map(tuple, tables[1]))
    assert facts21["Sub-paragraphs"] == "(c) in-progress (Ministry of Manpower; BP2MI)" and facts21["Follow-up priority"] == "yes: (c)"
    for fmt in ("md", "html"):
        kb(home, "brief", "--recs", "cmw-co-xyz-2", "--status", "in-progress", "-o", str(tmp_path / f"s.{fmt}"), "-q")
    md = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert md.count("\n## ") == 2 and "## 1. CMW/C/XYZ/CO/2, para. 21 — Labour exploitation of workers abroad" in md
    assert "- **Lead institution(s):** Ministry of Manpower; BP2MI" not in md  # the paragraph's own lead is unset
    assert "- **Sub-paragraphs:** (c) in-progress (Ministry of Manpower; BP2MI)" in md
    check_markdown_and_html(api.brief(recs="cmw-co-xyz-2", status="in-progress"), md,
                            (tmp_path / "s.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("other", [
    # `kb ask` answers these from one shared word ("transfer", "standar"): the quotes
    # gathered for the brief hold too little of the topic (TOPIC_COVERAGE)
    "football transfer rules for professional players", "standar keselamatan reaktor nuklir"])
def test_a_topic_sharing_one_word_with_the_documents_is_not_covered(api, other):
    brief = api.brief(other)
    issue = brief.issues[0]
    assert not issue.covered and issue.blocks == [] and brief.quotes == [] and brief.sources == [], issue.message
    assert "football" in issue.message or "reaktor" in issue.message


def test_a_topic_the_documents_do_not_cover_says_so(api, home, tmp_path):
    topic = "cryptocurrency mining taxation on Mars"
    brief = api.brief(topic)
    issue = brief.issues[0]
    assert not issue.covered and issue.blocks == [] and brief.quotes == [] and brief.sources == []
    assert issue.message.startswith("The indexed documents do not address this topic")
    kb(home, "brief", topic, "-o", str(tmp_path / "none.docx"), "-q")
    kb(home, "brief", topic, "-o", str(tmp_path / "none.md"), "-q")
    headings, quotes, tables = docx_content(tmp_path / "none.docx")
    assert quotes == [] and tables == [] and [t for lvl, t in headings if lvl == 2] == []
    md = (tmp_path / "none.md").read_text(encoding="utf-8")
    assert "do not address this topic" in md and "## Sources" not in md and "> “" not in md
    assert len(md.splitlines()) < 30


def test_document_and_user_text_is_escaped(api, tmp_path):
    from kb.brief import write_brief

    brief = api.brief("recruitment fees <script>alert(1)</script> *passport* retention")
    write_brief(brief, tmp_path / "x.html")
    write_brief(brief, tmp_path / "x.md")
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "\\<script\\>" in md and "\\*passport\\*" in md


def test_bad_requests_are_one_line_errors(home, tmp_path):
    for args, words in [
        (("brief",), "a brief needs a topic"),
        (("brief", "fees", "--status", "implemented"), "give --recs"),
        (("brief", "fees", "--format", "docx"), "needs a file"),
        (("brief", "--cite", "UU 18/2017 Pasal 999"), "has no Pasal 999"),
        (("brief", "--recs", "CMW/C/ABC/CO/9"), "unknown document"),
        (("brief", "fees", "-o", str(tmp_path / "missing" / "b.md")), "does not exist"),
        (("brief", "fees", "-o", str(tmp_path / "b.pdf")), "cannot tell the format"),
    ]:
        out = kb(home, *args, check=False)
        assert out.returncode == 1, (args, out.stderr)
        assert out.stderr.startswith("kb: error: ") and words in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert not (tmp_path / "missing").exists() and list(tmp_path.iterdir()) == []


def test_json_shape(api):
    brief = api.brief(citations=["UU 18/2017 Pasal 30"])
    data = json.loads(json.dumps(brief.to_dict()))
    assert set(data) >= {"title", "language", "date", "scope", "consulted", "issues", "sources", "verified", "dropped"}
    block = data["issues"][0]["blocks"][0]
    assert set(block) == {"kind", "quotes", "notice"}
    assert set(data["sources"][0]) >= {"n", "citation", "pages", "language", "status", "url"}


def test_an_empty_block_names_the_nearest_units_instead_of_claiming_silence(api):
    """A block kb quoted nothing in says so — not that no instrument addresses the issue —
    and names the nearest units of those documents for the reader to check."""
    from kb.brief.assemble import Assembler

    en, id_ = Assembler(api, "en"), Assembler(api, "id")
    notice = en.none_found("what_national", "placement fees charged to migrant workers", en.ctx.national, in_force=True)
    assert notice.startswith("kb found no passage of an indexed national law in force close enough")
    assert "addresses this issue" not in notice
    nearest = notice.split("check them: ", 1)[1]
    assert "UU No. 18 Tahun 2017, Pasal" in nearest and "UU No. 39 Tahun 2004" not in nearest  # in force only
    assert id_.none_found("what_bilateral", "biaya penempatan", []).startswith("kb tidak menemukan bagian")


def test_notes_about_the_answer_s_own_quotes_stay_out_of_the_brief(api):
    # A fresh user's brief carried "[2] CMW/C/XYZ/CO/1, para. 28: items b and c": the
    # items-omitted note of the `kb ask` run the brief starts from, whose [2] is not the
    # brief's [2]. Notes about the question (a missing document) stay.
    topic = "recruitment fees"
    from kb.brief.assemble import ASK_K

    answer = api.ask(topic, k=ASK_K)  # as the brief asks it
    about_quotes = [n.text for n in answer.notes if n.about_quotes]
    assert about_quotes, [n.code for n in answer.notes]  # the case this test is about
    brief = api.brief(topic, date="2026-11-30")
    notices = brief.issues[0].notices
    assert not set(about_quotes) & set(notices)
    assert not any(re.match(r"\[\d+\]", n) for n in notices), notices
    assert {n.text for n in answer.notes if not n.about_quotes} <= set(notices)
