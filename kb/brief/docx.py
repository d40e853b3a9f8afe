"""A brief as a Word document (python-docx): real headings (Heading 1 per issue, Heading 2
per block: Word's navigation pane lists them), quotes in Word's "Quote" style, each
followed by its pinpoint citation and a superscript source number that links to its
row of a real table of sources (header row repeated on every page), A4 pages numbered in
the footer, the date and scope on the first page.

python-docx has no API for internal links, bookmarks, repeated table headers or page
fields; those few elements are written as the WordprocessingML they are (ECMA-376
Part 1: w:hyperlink/@w:anchor, w:bookmarkStart, w:tblHeader, w:fldSimple).
"""

from __future__ import annotations

import re
from io import BytesIO

from .layout import (Contents, Facts, Heading, Meta, Notice, Paragraph, QuoteElement, SourcesTable, Title,
                     layout, source_anchor, split_code)
from .model import Brief

# Characters XML 1.0 cannot hold (python-docx refuses them): shown as a space.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _bm(anchor: str) -> str:
    """A bookmark name Word accepts (letters, digits, underscores; a letter first)."""
    return "_".join(re.findall(r"[A-Za-z0-9]+", anchor)) or "x"


def _x(text: str) -> str:
    return _XML_INVALID.sub(" ", text)


class _Word:
    """The document being written, with the few raw-XML helpers python-docx lacks."""

    def __init__(self, brief: Brief):
        from docx import Document
        from docx.shared import Mm, Pt

        self.doc = Document()
        self._bookmark = 0
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        quote = self.doc.styles["Quote"]
        quote.paragraph_format.left_indent = Mm(8)
        quote.paragraph_format.space_after = Pt(2)
        quote.font.color.rgb = None
        props = self.doc.core_properties
        props.title = _x(brief.title)
        props.subject = "; ".join(_x(s) for s in brief.scope)
        props.language = brief.language
        props.author = "kb"
        self._footer(brief)

    # --- raw WordprocessingML --------------------------------------------------------------

    def bookmark(self, paragraph, name: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._bookmark += 1
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self._bookmark))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self._bookmark))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    def link(self, paragraph, text: str, *, anchor: str | None = None, url: str | None = None,
             superscript: bool = False, size: float | None = None):
        """A run that links to a bookmark (`anchor`) or a web address (`url`)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        link = OxmlElement("w:hyperlink")
        if anchor:
            link.set(qn("w:anchor"), anchor)
        else:
            rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:color")
        style.set(qn("w:val"), "1F4E79")
        rpr.append(style)
        if superscript:
            va = OxmlElement("w:vertAlign")
            va.set(qn("w:val"), "superscript")
            rpr.append(va)
        else:
            u = OxmlElement("w:u")
            u.set(qn("w:val"), "single")
            rpr.append(u)
        if size:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(int(size * 2)))  # half-points
            rpr.append(sz)
        run.append(rpr)
        t = OxmlElement("w:t")
        t.text = _x(text)
        t.set(qn("xml:space"), "preserve")
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    def _footer(self, brief: Brief) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        from .labels import labels

        footer = self.doc.sections[0].footer.paragraphs[0]
        run = footer.add_run(_x(f"{brief.title} — {brief.date} — {labels(brief.language)['page_of']} "))
        run.font.size = Pt(8)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        field.append(r)
        footer._p.append(field)

    @staticmethod
    def repeat_header(row) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tr_pr = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)


def _widths(table, widths) -> None:
    """Column widths that Word and LibreOffice both honour: the grid's and every cell's."""
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _prose(paragraph, text: str, italic: bool = False, grey: bool = False) -> None:
    """kb's own sentence: commands it names (`kb index`) in a monospace font."""
    from docx.shared import RGBColor

    for code, piece in split_code(text):
        run = paragraph.add_run(_x(piece))
        run.italic = italic and not code
        if code:
            run.font.name = "Consolas"
        if grey:
            run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def render_docx(brief: Brief) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    w = _Word(brief)
    doc = w.doc
    first_heading = True
    for el in layout(brief):
        if isinstance(el, Title):
            doc.add_heading(_x(el.text), level=0)
        elif isinstance(el, Meta):
            p = doc.add_paragraph()
            p.add_run(f"{el.label}: ").bold = True
            if el.value:
                p.add_run(_x(el.value))
            for item in el.items:
                doc.add_paragraph(_x(item), style="List Bullet")
        elif isinstance(el, Paragraph):
            _prose(doc.add_paragraph(), el.text, italic=el.emphasis)
        elif isinstance(el, Contents):
            p = doc.add_paragraph()
            p.add_run(f"{el.label}:").bold = True
            for anchor, text in el.items:
                p = doc.add_paragraph(style="List Number")
                w.link(p, text.split(". ", 1)[-1], anchor=_bm(anchor))
        elif isinstance(el, Heading):
            if el.level == 1 and first_heading:
                doc.add_page_break()
                first_heading = False
            h = doc.add_heading(_x(el.text), level=el.level)
            w.bookmark(h, _bm(el.anchor))
        elif isinstance(el, Facts):
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            table.autofit = False
            for label, value in el.rows:
                cells = table.add_row().cells
                run = cells[0].paragraphs[0].add_run(label)
                run.bold = True
                run.font.size = Pt(9.5)
                cells[1].paragraphs[0].add_run(_x(value)).font.size = Pt(9.5)
            _widths(table, [Mm(45), Mm(121)])
            doc.add_paragraph()
        elif isinstance(el, Notice):
            _prose(doc.add_paragraph(), el.text, italic=True, grey=True)
        elif isinstance(el, QuoteElement):
            parts = el.fragments if el.lines else [" … ".join(el.fragments)]
            for k, text in enumerate(parts):
                p = doc.add_paragraph(style="Quote")
                p.add_run(("“" if k == 0 else "") + _x(text) + ("”" if k == len(parts) - 1 else ""))
            cite = doc.add_paragraph()
            cite.paragraph_format.left_indent = Mm(8)
            cite.paragraph_format.space_after = Pt(8)
            run = cite.add_run("— " + _x(el.citation))
            run.font.size = Pt(9)
            # "[n]", not a bare "n": pasted as plain text, "para. 6" + "1" would read "para. 61"
            w.link(cite, f"[{el.n}]", anchor=_bm(source_anchor(el.n)), superscript=True)
            if el.note:
                note = cite.add_run(f" ({_x(el.note)})")
                note.font.size = Pt(9)
                note.italic = True
        elif isinstance(el, SourcesTable):
            if not el.rows:
                continue
            doc.add_page_break()
            h = doc.add_heading(el.label, level=1)
            w.bookmark(h, _bm(el.anchor))
            table = doc.add_table(rows=1, cols=len(el.header))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, el.header):
                run = cell.paragraphs[0].add_run(text)
                run.bold = True
                run.font.size = Pt(8.5)
            w.repeat_header(table.rows[0])
            table.autofit = False
            # 166 mm of text width; page and language wide enough for "hlm. 38" and "Lang." on
            # one line (LibreOffice pads each cell by about 2 mm a side)
            widths = [Mm(11), Mm(55), Mm(18), Mm(14), Mm(32), Mm(36)]
            for row in el.rows:
                n = int(row[0])
                cells = table.add_row().cells
                for k, (cell, text) in enumerate(zip(cells, row)):
                    para = cell.paragraphs[0]
                    if k == len(row) - 1 and n in el.urls:
                        w.link(para, el.urls[n], url=el.urls[n], size=8)
                    else:
                        para.add_run(_x(text))
                    for r in para.runs:
                        r.font.size = Pt(8.5)
                w.bookmark(cells[0].paragraphs[0], _bm(source_anchor(n)))
            _widths(table, widths)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
