"""Real documents that lost or mis-filed text (issue #8): the shared cases for UN documents,
treaties and PDFs, read from ../shared/cases (never copied into the repository), each
added through the library and checked as cases.json says; and the kinds behind them on
inputs of our own wording: job numbers, endnotes, annexes that restart article numbers,
printed pages, headings at the top of every page, scans, a structureless document,
words glued where line breaks were lost, caps at 999 and trailing bytes after a PDF."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pdfs
from conftest import MIRROR, kb_env
from kb.errors import ReadError
from kb.models import Document
from kb.readers import read, read_bytes
from kb.structure import parse_document

CASES = MIRROR.parent / "cases"
REAL = CASES / "real-documents"
HOSTILE = CASES / "hostile"
MINE = ("un-", "treaty-", "pdf-")  # the Indonesian cases are tested with the statute parser


def _cases() -> list[tuple[str, dict]]:
    spec = REAL / "cases.json"
    if not spec.exists():
        return []
    cases = json.loads(spec.read_text(encoding="utf-8"))["cases"]
    return [(c["file"], c) for c in cases if c["file"].startswith(MINE)]


def norm(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.fixture(scope="module")
def case_kb(tmp_path_factory):
    """A home holding every case file, added as its case says (one document each)."""
    if not (REAL / "cases.json").exists():
        pytest.skip(f"shared cases not found at {REAL}")
    from kb.api import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path_factory.mktemp("cases-home"), mirror=MIRROR)
    for k, (name, case) in enumerate(_cases()):
        kb.add(REAL / name, id=f"case{k}", title=f"Case {k}", family=case["family"], language=case["language"])
    return kb


CASE_CHECKS = [(name, k, i) for k, (name, case) in enumerate(_cases()) for i in range(len(case["checks"]))]


@pytest.mark.parametrize("name, k, i", CASE_CHECKS, ids=[f"{n}::{i}" for n, _, i in CASE_CHECKS])
def test_shared_case(case_kb, name, k, i):
    from kb.errors import KbError

    check = _cases()[k][1]["checks"][i]
    citation = f"case{k} {check['unit']}"
    if check.get("expect_error"):
        with pytest.raises(KbError):
            case_kb.get(citation)
        return
    hit = case_kb.get(citation)
    unit = hit.unit
    assert unit.unit == hit.locator or unit.unit == check["unit"], (unit.unit, check["unit"])
    if "contains" in check:
        assert norm(check["contains"]) in norm(unit.text), unit.text[:300]
    if "not_contains" in check:
        assert norm(check["not_contains"]) not in norm(unit.text), unit.text[:300]
    if "page" in check:
        assert check["page"] in unit.pages, unit.pages
    if "footnote_contains" in check:
        assert any(norm(check["footnote_contains"]) in norm(text) for _n, text in unit.footnotes), unit.footnotes


def test_case_notes_and_printed_pages_reach_kb_show(case_kb, tmp_path):
    """`kb show` prints a unit's notes after its text; `--json` carries them and the
    printed page with the physical one beside it."""
    names = [n for n, _ in _cases()]
    endnotes = names.index("un-endnotes-not-attached.pdf")
    labels = names.index("pdf-page-labels-physical-vs-printed.pdf")
    env = kb_env(case_kb.settings.home)
    show = lambda *a: subprocess.run([sys.executable, "-m", "kb.cli", "show", *a], capture_output=True, text=True, env=env, timeout=120)
    out = show(f"case{endnotes} para 3")
    assert out.returncode == 0, out.stderr
    text, notes = out.stdout.split("-" * 20)
    assert "Ibid., para. 55" in notes and "Ibid." not in text
    data = json.loads(show(f"case{endnotes} para 3", "--json").stdout)
    assert data["notes"] == [{"number": "3", "text": "Ibid., para. 55."}]
    data = json.loads(show(f"case{labels} Article 2", "--json").stdout)
    assert data["pages"] == [2] and data["physical_pages"] == [4]
    assert "page 2 (PDF page 4)" in show(f"case{labels} Article 2").stdout


# --------------------------------------------------------------------------- UN kinds


def doc(family: str, language: str = "en", scheme: str | None = None) -> Document:
    return Document(id="t", title="T", citation="T", family=family, language=language, scheme=scheme)


def parse_text(text: str, family: str = "committee", name: str = "t.txt"):
    return parse_document(doc(family), read_bytes(text.encode("utf-8"), name))


def test_job_number_glued_to_a_line_keeps_the_line():
    parsed = parse_text(
        "1. The Committee welcomes the report.\n"
        "2. The Committee recommends that the State party strengthen the criminal\n"
        "GE.31-01234 3 justice response to the smuggling of workers.\n"
        "3. It also recommends training.\n"
        "GE.31-01234 (E) 020231 020231\n"
    )
    units = {u.unit: u for u in parsed.units}
    assert units["para 2"].text.endswith("strengthen the criminal justice response to the smuggling of workers.")
    assert "GE." not in " ".join(u.text for u in parsed.units)
    assert parsed.audit.classified.get("running-footer", 0) >= len("GE.31-01234(E)020231020231")
    assert parsed.audit.share == 0


def test_notes_list_of_a_text_attaches_to_the_marked_paragraphs():
    parsed = parse_text(
        "1. The Committee recalls its earlier findings.1\n"
        "2. It welcomes the new law on recruitment agencies, adopted in 2029.2 It regrets delays.\n"
        "3. It recommends ratification.3\n"
        "Notes\n"
        "1 See CMW/C/XYZ/CO/1, para. 4.\n"
        "2 Law No. 7 of 2029 on\n"
        "recruitment agencies.\n"
        "3 Ibid., para. 9.\n"
    )
    units = {u.unit: u for u in parsed.units}
    assert list(units) == ["para 1", "para 2", "para 3"]
    assert units["para 2"].footnotes == (("2", "Law No. 7 of 2029 on recruitment agencies."),)
    assert units["para 2"].text == "It welcomes the new law on recruitment agencies, adopted in 2029. It regrets delays."
    assert units["para 3"].text == "It recommends ratification."  # the list is not glued to the last paragraph
    assert parsed.audit.share == 0 and parsed.audit.classified["notes"] > 40


def test_paragraph_numbers_past_999_are_not_capped():
    body = "".join(f"{n}. The Committee notes item number {n} of its own wording.\n" for n in range(1, 1206))
    parsed = parse_text(body)
    assert len(parsed.units) == 1205
    assert parsed.units[-1].unit == "para 1205" and parsed.units[-1].text.endswith("item number 1205 of its own wording.")
    assert all(len(u.text) < 60 for u in parsed.units)


def test_article_numbers_past_999_are_not_capped():
    body = "".join(f"Article {n}\nThe Parties shall apply clause {n} of this test agreement.\n\n" for n in range(1, 1103))
    parsed = parse_text(body, family="bilateral")
    assert [u.unit for u in parsed.units][-2:] == ["Article 1101", "Article 1102"]
    assert parsed.units[-1].text == "The Parties shall apply clause 1102 of this test agreement."


def test_asean_paragraphs_past_999_are_not_capped():
    body = "WE, the Heads of State of our own test region, HEREBY DECLARE:\n\n" + "".join(
        f"{n}. Member States shall apply measure {n} of this test declaration;\n\n" for n in range(1, 1012)
    )
    parsed = parse_text(body, family="regional")
    assert [u.unit for u in parsed.units][-1] == "para 1011"
    assert parsed.units[-1].text.startswith("Member States shall apply measure 1011")


def test_grouped_paragraph_numbers_open_one_unit():
    parsed = parse_text(
        "1. The Government accepts the first recommendation in full and reports on it.\n"
        "2., 3., 4. The Government accepts these recommendations together.\n"
        "5. The Government notes the last recommendation.\n"
    )
    units = {u.unit: u for u in parsed.units}
    assert list(units) == ["para 1", "para 2", "para 5"]
    assert units["para 2"].title == "paras. 2-4" and units["para 2"].text.startswith("The Government accepts these")


# --------------------------------------------------------------------------- treaty annexes


AGREEMENT = """AGREEMENT ON THE PLACEMENT OF CARE WORKERS (TEST WORDING)

Article 1
Scope
This Agreement covers care workers placed by either Party.

Article 2
The Parties shall cooperate in good faith.

IN WITNESS WHEREOF the undersigned have signed this Agreement.
Done at Testville on 1 May 2030.

ANNEX I
MODEL EMPLOYMENT CONTRACT

Article 1
The employer shall pay wages monthly into the worker's own account.

Article 2
The worker shall keep her passport.

ANNEX II

The placement fee schedule is nil for all workers.
"""


def test_annexes_restart_article_numbering():
    parsed = parse_text(AGREEMENT, family="bilateral")
    units = {u.unit: u for u in parsed.units}
    assert list(units) == ["Article 1", "Article 2", "Final clause", "Annex I Article 1", "Annex I Article 2", "Annex II"]
    assert units["Article 2"].text == "The Parties shall cooperate in good faith."
    assert units["Annex I Article 1"].heading == ("Annex I Model Employment Contract",)
    assert units["Annex I Article 2"].text == "The worker shall keep her passport."
    assert units["Annex II"].text == "The placement fee schedule is nil for all workers."
    assert "ANNEX" not in units["Final clause"].text
    assert parsed.audit.share == 0


@pytest.mark.parametrize(
    "typed, unit, locator",
    [
        ("Annex I Article 2", "Annex I Article 2", "Annex I Article 2"),
        ("annex i, art. 2(1)", "Annex I Article 2", "Annex I Article 2(1)"),
        ("article 2 of Annex I", "Annex I Article 2", "Annex I Article 2"),
        ("Annex II art 10", "Annex II Article 10", "Annex II Article 10"),
        ("Article 2", "Article 2", "Article 2"),
        ("Annex para 3", "Annex para 3", "Annex para 3"),  # ASEAN numbering sequences are unchanged
    ],
)
def test_citations_name_annex_articles(typed, unit, locator):
    from kb.citations import parse_citation

    cit = parse_citation(f"Test MoU {typed}", [Document(id="mou", title="Test MoU", citation="Test MoU", family="bilateral", language="en")])
    assert cit is not None and cit.doc_id == "mou" and (cit.unit, cit.locator) == (unit, locator)


# --------------------------------------------------------------------------- PDFs


def test_article_headings_at_the_top_of_every_page_stay():
    data = pdfs.build(
        [
            pdfs.content([pdfs.Text(72, 770, f"Article {n}", size=12), pdfs.Text(72, 748, f"The Parties agree to rule {n} of the test."), pdfs.Text(295, 40, str(n), size=9)])
            for n in range(1, 5)
        ]
    )
    source = read_bytes(data, "rules.pdf")
    assert [k for k, _t, _p in source.removed] == ["page-number"] * 4
    parsed = parse_document(doc("bilateral"), source)
    assert [u.unit for u in parsed.units] == ["Article 1", "Article 2", "Article 3", "Article 4"]
    assert parsed.units[2].text == "The Parties agree to rule 3 of the test." and parsed.units[2].pages == (3,)


def test_a_running_header_with_a_folio_is_still_furniture():
    data = pdfs.build(
        [
            pdfs.content([pdfs.Text(72, 800, f"CMW/C/XYZ/1 Page {n}", size=9), pdfs.Text(72, 748, f"{n}. The Committee notes point {n} in its own words."), pdfs.Text(72, 40, f"GE.30-01234 {n}" if n % 2 else f"{n} GE.30-01234", size=9)])
            for n in range(1, 5)
        ]
    )
    source = read_bytes(data, "co.pdf")
    assert "CMW/C" not in source.text and "GE.30" not in source.text
    assert {k for k, _t, _p in source.removed} == {"running-header", "running-footer"}


def test_printed_page_numbers_come_from_folios_when_they_differ_from_the_index():
    # a cover and two contents pages, then pages printed 1, 2, 3
    cover = [pdfs.content([pdfs.Text(72, 770, "Report of our own wording")])]
    front = [pdfs.content([pdfs.Text(72, 770, f"Contents line {n}"), pdfs.Text(295, 40, roman, size=9)]) for n, roman in ((1, "i"), (2, "ii"))]
    body = [pdfs.content([pdfs.Text(72, 770, f"Article {n}", size=12), pdfs.Text(72, 748, f"Text of article {n} of the test."), pdfs.Text(295, 40, str(n), size=9)]) for n in (1, 2, 3)]
    source = read_bytes(pdfs.build(cover + front + body), "printed.pdf")
    assert source.page_numbers == [1, "i", "ii", 1, 2, 3] or source.page_numbers[3:] == [1, 2, 3]
    parsed = parse_document(doc("bilateral"), source)
    units = {u.unit: u for u in parsed.units}
    assert units["Article 3"].pages == (3,) and units["Article 3"].physical_pages == (6,)


def test_superscript_note_marks_leave_the_text_and_bring_their_notes():
    items = [
        pdfs.Text(72, 770, "1. The Committee welcomes the law on recruitment fees, adopted in 2029."),
        pdfs.Text(432, 774, "1", size=6),  # raised beyond the row tolerance: a row of its own
        pdfs.Text(72, 756, "2. It recommends that inspections of agencies be published every year."),
        pdfs.Text(72, 720, "1 Law No. 7 of 2029, on recruitment fees (own wording).", size=8),
    ]
    end = pdfs.text_width(items[0].text) + 72
    items[1] = pdfs.Text(end + 0.5, 774, "1", size=6)
    source = read_bytes(pdfs.build([pdfs.content(items)]), "notes.pdf")
    assert "2029.\n" in source.text and "own wording" not in source.text
    refs = [b for b in source.blocks if b.kind == "note-ref"]
    assert [(b.attrs["number"], b.attrs.get("text")) for b in refs] == [("1", "Law No. 7 of 2029, on recruitment fees (own wording).")]
    parsed = parse_document(doc("committee"), source)
    assert parsed.units[0].footnotes == (("1", "Law No. 7 of 2029, on recruitment fees (own wording)."),)
    assert parsed.units[0].text.endswith("adopted in 2029.")


def test_a_scan_with_one_string_per_page_asks_for_ocr():
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject
    import io

    data = pdfs.build([pdfs.content([pdfs.Text(500, 20, f"SCAN-{n:04d}", size=6)], graphics=b"q 595 0 0 842 0 0 cm /Im1 Do Q\n") for n in range(3)])
    # give every page an image XObject, as a scanner does
    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        image = DecodedStreamObject()
        image.set_data(b"\x00" * 3)
        image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                      NameObject("/Width"): NumberObject(1), NameObject("/Height"): NumberObject(1),
                      NameObject("/ColorSpace"): NameObject("/DeviceRGB"), NameObject("/BitsPerComponent"): NumberObject(8)})
        page[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject({NameObject("/Im1"): writer._add_object(image)})
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ReadError) as info:
        read_bytes(buf.getvalue(), "scan.pdf")
    assert "is a scan" in str(info.value) and "ocrmypdf scan.pdf scan-ocr.pdf" in str(info.value)


def test_a_pdf_followed_by_trailing_bytes_is_read():
    path = HOSTILE / "trailing-junk.pdf"
    if not path.exists():
        pytest.skip("shared hostile cases not found")
    source = read(path)
    assert "UNDANG-UNDANG" in source.text and source.meta["trailing_bytes"] > 1000


def test_trailing_pdf_objects_after_the_last_eof_are_still_truncation():
    data = pdfs.text_pdf([["Some text on a page."]])
    cut = data + b"\n".join(b"%d 0 obj << /Length 5 >> stream" % n for n in range(200))
    with pytest.raises(ReadError, match="truncated"):
        read_bytes(cut, "cut.pdf")


@pytest.mark.parametrize("name, what", [("report.pdf", "a PDF"), ("report.docx", "a Word .docx file")])
def test_an_html_error_page_saved_as_a_document_is_refused(name, what):
    page = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
    with pytest.raises(ReadError) as info:
        read_bytes(page, name)
    assert str(info.value) == f"{name}: is an HTML page, not {what} (a download error page?); download the document again"


def test_a_real_hyphen_between_two_whole_words_is_kept():
    lines = [
        "Forced labour and debt bondage are forbidden here, and forced labour is punished.",
        "The Committee is concerned about trafficking for forced-",
        "prostitution and notes that prostitution of minors is a crime.",
    ]
    source = read_bytes(pdfs.text_pdf([lines]), "h.pdf")
    assert "forced-prostitution" in source.text and "forcedprostitution" not in source.text


# --------------------------------------------------------------------------- structureless documents


def test_a_document_without_structure_is_split_into_paragraphs():
    paragraphs = [
        f"This is paragraph {n} of a note of our own wording, without numbers or headings, which goes on for a while "
        f"so that each paragraph spans several printed lines when it is set in a page of ordinary width." for n in range(1, 9)
    ]
    import textwrap

    source = read_bytes(pdfs.paragraphs_pdf([[textwrap.wrap(p, 80) for p in paragraphs]]), "plain.pdf")
    parsed = parse_document(doc("bilateral", scheme="generic"), source)
    assert len(parsed.units) == 8 and parsed.units[4].text == paragraphs[4]
    # the same as a hard-wrapped text file without blank lines
    wrapped = "\n".join(line for p in paragraphs for line in textwrap.wrap(p, 90))
    parsed = parse_document(doc("bilateral", scheme="generic"), read_bytes(wrapped.encode(), "plain.txt"))
    assert len(parsed.units) == 8 and parsed.units[7].text == paragraphs[7]


# --------------------------------------------------------------------------- glued words


def test_xml_words_glued_where_line_breaks_were_lost_are_split(mirror):
    from conftest import mirror_file

    source = read(mirror_file("ijepa-2007"))
    assert "the territory of Japan" in source.text and "ofJapan" not in source.text
    assert "may suspend the application" in source.text and "suspendthe" not in source.text
    assert source.meta["glued_words_split"] > 300
    assert "Republic of Indonesia" in source.text and "ofIndonesia" not in source.text
    # real compounds of a function word are left alone
    raw = mirror_file("ijepa-2007").read_text(encoding="utf-8")
    for left, right in (("there", "of"), ("with", "in"), ("with", "out"), ("there", "in"), ("an", "other"), ("in", "appropriate")):
        split = rf"\b{left} {right}\b"
        assert len(re.findall(split, source.text)) == len(re.findall(split, raw)), (left, right)
    assert re.search(r"\bthereof\b", source.text) and re.search(r"\bwithin\b", source.text)


def test_recurring_glues_of_function_words_are_split_and_real_words_kept(mirror):
    """"ofthe" recurs 53 times in the treaty's XML, so the once-only rule let it through
    (a quote read "… the functions ofthe Joint Committee"); glues no English word is made
    of are split wherever they recur, real words made of two function words are kept."""
    from conftest import mirror_file

    source = read(mirror_file("ijepa-2007"))
    words = set(re.findall(r"[A-Za-z]+", source.text.lower()))
    assert not words & {"ofthe", "tothe", "inthe", "theother", "withthe", "forthe", "bythe", "andin", "andthe",
                        "shallbe", "hasbeen", "isnot"}
    assert {"areas", "another", "within", "thereof"} <= words
    from collections import Counter

    from kb.readers.repair import _split

    counts = Counter({"of": 50, "the": 90, "may": 9, "be": 20, "can": 5, "not": 9, "are": 8, "as": 9})
    assert _split("ofthe", counts) == "of the" and _split("Ofthe", counts) == "Of the"
    assert _split("maybe", Counter(maybe=5, **counts)) is None and _split("areas", Counter(areas=5, **counts)) is None
    assert _split("cannot", counts) is None and _split("another", counts) is None


def test_a_clean_document_is_not_repaired():
    from kb.readers.repair import split_glued_words

    text = (Path(__file__).parent / "fixtures" / "mou-sample.en.txt").read_text(encoding="utf-8")
    assert split_glued_words([text]) == ([text], 0)


# --------------------------------------------------------------------------- the text audit

AUDITED = [f"cmw-gc-{n}" for n in range(1, 9)] + [
    "asean-consensus-2017", "asean-declaration-2007", "asean-declaration-2023", "ijepa-2007",
]
# What each parser may set aside, and no more: the rest of a document is its units.
ALLOWED = {
    "un": {"heading", "title", "notes", "running-header", "running-footer", "page-number", "debris"},
    "asean": {"heading", "title", "notes", "signature", "table-of-contents", "running-header"},
    "treaty": {"heading", "title", "signature"},
}


def _scheme(doc_id: str) -> str:
    return "un" if doc_id.startswith("cmw") else "asean" if doc_id.startswith("asean") else "treaty"


@pytest.mark.parametrize("doc_id", AUDITED)
def test_audit_of_a_mirror_document_leaves_at_most_half_a_percent_unassigned(mirror, doc_id):
    from conftest import mirror_file, parse_mirror_doc

    parsed = parse_mirror_doc(doc_id)
    audit = parsed.audit
    assert audit.share <= 0.005, [t[:80] for _s, _e, t in audit.unassigned[:5]]
    assert set(audit.classified) <= ALLOWED[_scheme(doc_id)], audit.classified
    # Classification is not where text goes: a title block comes before the first unit
    # (or is the cover's "* Adopted by ..." note), a signature block after the units it
    # closes (a declaration's, before its guidelines).
    text = mirror_file(doc_id).read_text(encoding="utf-8")
    first = min(u.span[0] for u in parsed.units)
    for start, end, kind in parsed.classified:
        if kind == "title":
            assert end <= first or text[start:end].lstrip().startswith("*"), (kind, text[start:end][:80])
        if kind == "signature":
            assert start >= first and not any(u.span[0] < end and start < u.span[1] for u in parsed.units), (kind, text[start:end][:80])
    assert audit.in_units >= 0.8 * audit.total


@pytest.mark.parametrize("doc_id", ["cmw-gc-1"])
def test_audit_of_a_mirror_pdf_counts_what_the_reader_removed(mirror, doc_id):
    from conftest import mirror_pdf
    from kb.catalog import Catalog
    from kb.config import BUILTIN_CATALOG

    source = read(mirror_pdf(doc_id))
    parsed = parse_document(Catalog.load(BUILTIN_CATALOG).get(doc_id), source)
    assert parsed.audit.share <= 0.005, [t[:80] for _s, _e, t in parsed.audit.unassigned[:5]]
    assert parsed.audit.classified["running-header"] > 0 and parsed.audit.classified["page-number"] > 0


def test_what_a_reader_removes_from_the_mirror_pdfs_is_print_furniture(mirror):
    """Every piece a reader took out is a running line of the PDF as pypdf extracts it
    page by page (digits aside), never a line of text."""
    from conftest import mirror_pdf, rendering_ids
    from pdfs import page_texts, running_lines

    for doc_id in rendering_ids():
        path = mirror_pdf(doc_id)
        running = {re.sub(r"\s+", "", line) for line in running_lines(page_texts(path))}
        source = read(path)
        assert source.removed, doc_id
        assert len(source.removed) == source.meta["furniture_lines_removed"]
        for kind, text, page in source.removed:
            assert kind in ("running-header", "running-footer", "page-number"), (doc_id, kind, text)
            assert re.sub(r"\s+", "", re.sub(r"\d+", "#", text)) in running, (doc_id, kind, text, page)


def test_raised_numbers_that_are_not_note_marks_stay_text():
    """Exponents ("m²", "R²") are raised digits too; they do not count up like note
    numbers, so they stay in the text as printed."""
    items, y = [], 770
    for n in range(6):
        line = f"Case {n}: a room of 12 m"
        items.append(pdfs.Text(72, y, line))
        items.append(pdfs.Text(72 + pdfs.text_width(line) + 0.3, y + 4, "2", size=6))
        y -= 20
    source = read_bytes(pdfs.build([pdfs.content(items)]), "areas.pdf")
    assert source.text.count("12 m2") == 6
    assert not [b for b in source.blocks if b.kind == "note-ref"]
