"""Word documents: a .docx made here with python-docx (our own wording), whose paragraph
numbers are Word's automatic numbering and whose notes are real footnotes, read and
parsed as a UN general comment; numbering rules (start values, overrides, restarts of
deeper levels, legal style); tables; a legacy .doc and a damaged package refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from kb.errors import ReadError
from kb.models import Document
from kb.readers import read, read_bytes
from kb.structure import parse_document

docx = pytest.importorskip("docx")
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

W_NS = nsdecls("w")
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}<w:lvlJc w:val="left"/></w:lvl>')


def add_numbering(document, abstract_id: int, levels: list[str], num_ids: dict[int, str]) -> None:
    """An abstract list with the given levels and instances numId -> overrides XML."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    for num_id, overrides in num_ids.items():
        numbering.append(parse_xml(
            f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
        ))


def numbered(paragraph, num_id: int, ilvl: int = 0):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def footnote_ref(paragraph, note_id: int) -> None:
    paragraph._p.append(parse_xml(
        f'<w:r {W_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'
    ))


def add_footnotes(document, notes: dict[int, str]) -> None:
    """A footnotes part (separators and the notes) related from the document."""
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for note_id, text in notes.items():
        body.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        )
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W_NS}>{"".join(body)}</w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def general_comment_docx() -> bytes:
    """A general comment of our own wording: UN paragraph numbers are list numbering,
    items (a), (b) a second level, two footnotes, a table."""
    document = docx.Document()
    add_numbering(document, 7, [_level(0, "decimal", "%1."), _level(1, "lowerLetter", "(%2)")], {21: ""})
    document.add_paragraph("General comment No. 99 (2031) on test workers (own wording)")
    document.add_heading("I. Introduction", level=1)
    numbered(document.add_paragraph("The Committee adopts the present general comment on test workers."), 21)
    p = numbered(document.add_paragraph("Test workers are often recruited through agencies"), 21)
    footnote_ref(p, 1)
    p.add_run(" that charge them fees.")
    numbered(document.add_paragraph("States parties should:"), 21)
    numbered(document.add_paragraph("Prohibit recruitment fees;"), 21, ilvl=1)
    numbered(document.add_paragraph("Inspect agencies every year."), 21, ilvl=1)
    document.add_heading("II. Scope", level=1)
    p = numbered(document.add_paragraph("The present general comment applies to all test workers."), 21)
    footnote_ref(p, 2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Ratifications"
    table.cell(1, 0).text, table.cell(1, 1).text = "2030", "12"
    numbered(document.add_paragraph("The Committee will review it in five years."), 21)
    add_footnotes(document, {1: "See CMW/C/XYZ/CO/1, para. 20.", 2: "Including seasonal test workers."})
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_with_numbering_and_footnotes_parses_into_paragraphs_with_notes_attached():
    source = read_bytes(general_comment_docx(), "gc99.docx")
    lines = [line for line in source.text.splitlines() if line.strip()]
    assert lines[2] == "1. The Committee adopts the present general comment on test workers."
    assert "(a) Prohibit recruitment fees;" in lines and "(b) Inspect agencies every year." in lines
    assert "Year | Ratifications" in lines and "2030 | 12" in lines
    assert [b.attrs["level"] for b in source.blocks if b.kind == "heading"] == [1, 1]
    doc = Document(id="gc99", title="GC 99", citation="CMW/C/GC/99", family="committee", language="en")
    parsed = parse_document(doc, source)
    units = {u.unit: u for u in parsed.units}
    assert list(units) == ["para 1", "para 2", "para 3", "para 4", "para 5"]
    assert units["para 2"].text == "Test workers are often recruited through agencies that charge them fees."
    assert units["para 2"].footnotes == (("1", "See CMW/C/XYZ/CO/1, para. 20."),)
    assert units["para 4"].footnotes == (("2", "Including seasonal test workers."),)
    assert units["para 4"].heading == ("II. Scope",)
    assert [p.locator for p in units["para 3"].parts] == ["para 3 (a)", "para 3 (b)"]
    assert "Ratifications" in units["para 4"].text  # the table is kept with the paragraph it follows
    assert units["para 5"].text == "The Committee will review it in five years."
    assert parsed.audit.share == 0


def test_numbering_starts_overrides_restarts_and_legal_style():
    document = docx.Document()
    levels = [_level(0, "upperRoman", "%1."), _level(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
              _level(2, "lowerRoman", "(%3)")]
    add_numbering(document, 3, levels, {5: "", 6: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>'})
    add_numbering(document, 4, [_level(0, "decimal", "Article %1", start=10)], {8: ""})
    for text, num, lvl in [("First part", 5, 0), ("Sub one", 5, 1), ("Item", 5, 2), ("Item", 5, 2), ("Sub two", 5, 1),
                           ("Second part", 5, 0), ("Sub again", 5, 1), ("Restarted part", 6, 0), ("Sub of it", 6, 1)]:
        numbered(document.add_paragraph(text), num, lvl)
    numbered(document.add_paragraph("Scope"), 8)
    numbered(document.add_paragraph("Terms"), 8)
    buf = io.BytesIO()
    document.save(buf)
    lines = [line for line in read_bytes(buf.getvalue(), "n.docx").text.splitlines() if line]
    assert lines == [
        "I. First part", "1.1 Sub one", "(i) Item", "(ii) Item", "1.2 Sub two",
        "II. Second part", "2.1 Sub again",  # the deeper level restarts under a new part
        "IV. Restarted part", "4.1 Sub of it",  # an instance's startOverride
        "Article 10 Scope", "Article 11 Terms",  # a start value
    ]


def test_a_legacy_doc_says_how_to_convert_it(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le") + b"\x00" * 600)
    with pytest.raises(ReadError) as info:
        read(path)
    assert str(info.value) == (
        "old.doc: a legacy Word .doc file, which kb cannot read: convert it first, "
        "e.g. `libreoffice --headless --convert-to docx old.doc`"
    )


def test_a_damaged_docx_is_one_clear_line():
    data = general_comment_docx()
    with pytest.raises(ReadError) as info:
        read_bytes(data[: len(data) // 2], "cut.docx")
    assert "damaged" in str(info.value) and "\n" not in str(info.value)


def test_other_zip_packages_say_what_they_are():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError, match="spreadsheet"):
        read_bytes(buf.getvalue(), "sheet.xlsx")


def test_kb_add_accepts_a_docx_and_shows_its_notes(tmp_path):
    import json
    import subprocess
    import sys

    from conftest import kb_env

    path = tmp_path / "gc99.docx"
    path.write_bytes(general_comment_docx())
    env = kb_env(tmp_path / "home")
    run = lambda *a: subprocess.run([sys.executable, "-m", "kb.cli", *a], capture_output=True, text=True, env=env, timeout=120)
    out = run("add", str(path), "--id", "gc99", "--title", "GC 99", "--family", "committee", "--language", "en")
    assert out.returncode == 0, out.stderr
    assert "5 units" in out.stdout
    shown = json.loads(run("show", "gc99 para 2", "--json").stdout)
    assert shown["notes"] == [{"number": "1", "text": "See CMW/C/XYZ/CO/1, para. 20."}]
    assert "[1] See CMW/C/XYZ/CO/1, para. 20." in run("show", "gc99 para 2").stdout


def test_a_password_protected_word_file_says_so():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 400 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400
    with pytest.raises(ReadError) as info:
        read_bytes(data, "locked.docx")
    assert str(info.value) == "locked.docx: is a password-protected Office file: open it and save it again without a password"
