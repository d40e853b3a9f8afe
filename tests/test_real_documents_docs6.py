"""Real documents, sixth round: shapes found in public Indonesian regulation PDFs (the
Financial Services Authority's regulations, POJK, as published) and fixed in kb's shared
mechanisms. Each test lays a real text of the mirror out the way those prints are laid
out, or gives it the closing block those prints have; nothing here is copied from them.

- A statute PDF whose Penjelasan (and each Lampiran) restarts its page count ("- 2 -"
  after the body's "- 31 -") and prints a catchword ("Pasal 2 …") at each page's foot:
  the restarted folios and the catchwords are furniture, never text of a Penjelasan
  Pasal, and the Penjelasan's headings are all found.
- A regulation signed by the head of the body that made it ("KETUA DEWAN KOMISIONER
  OTORITAS JASA KEUANGAN", "KEPALA BADAN …"), not by the President: its closing block is
  the Penutup, not unassigned text.
"""

from __future__ import annotations

import re

import pytest

from conftest import mirror_file
from kb.models import Document
from kb.readers import read_bytes
from kb.readers.base import SourceText
from kb.structure import parse_document
from pdfs import LEADING, LEFT, RIGHT, TOP, Text, build, content, text_width

STATUTE = Document(id="uu-6-2012-print", title="UU 6/2012 (print)", citation="UU 6/2012", family="national-law",
                   language="id")


def _wrap(line: str, width: float) -> list[str]:
    out, cur = [], ""
    for word in line.split():
        trial = f"{cur} {word}".strip()
        if cur and text_width(trial) > width:
            out.append(cur)
            cur = word
        else:
            cur = trial
    return out + ([cur] if cur else [])


def _statute_pdf(text: str, lines_per_page: tuple[int, int], break_before: set[str], ellipsis: str) -> tuple[bytes, int]:
    """The statute's lines laid out as Indonesian prints are: the folio "- n -" centred at
    the top of every page but a part's first, a count that restarts at the Penjelasan,
    and a catchword (the next page's first words and `ellipsis`) at each page's foot.
    `lines_per_page` is the body's and the Penjelasan's. A page also ends before each line in `break_before`. Returns the PDF and the physical
    page the Penjelasan starts on (0-based)."""
    parts: list[list[list[str]]] = [[[]]]  # parts -> pages -> lines
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "PENJELASAN":
            parts.append([[]])
        pages, most = parts[-1], lines_per_page[len(parts) - 1]
        if (line in break_before and pages[-1]) or len(pages[-1]) >= most:
            pages.append([])
        for piece in _wrap(line, RIGHT - LEFT):
            if len(pages[-1]) >= most:
                pages.append([])
            pages[-1].append(piece)
    flat = [(k, n, page) for k, pages in enumerate(parts) for n, page in enumerate(pages, start=1)]
    streams = []
    for i, (_k, n, page) in enumerate(flat):
        items = [Text(LEFT, TOP - j * LEADING, line) for j, line in enumerate(page)]
        if n > 1:
            items.append(Text(285.0, 805.0, f"- {n} -"))
        if i + 1 < len(flat) and flat[i + 1][1] > 1:  # the next page goes on with this part
            # the next page's first words, without their punctuation ("Ulang," -> "Ulang…")
            words = " ".join(w.strip(",;:.") for w in flat[i + 1][2][0].split()[:2])
            items.append(Text(430.0, 60.0, words + ellipsis))
        streams.append(content(items))
    return build(streams), len(parts[0])


@pytest.mark.parametrize("ellipsis", ["…", " . . ."])
def test_penjelasan_restarting_its_page_count_keeps_folios_and_catchwords_out(ellipsis):
    text = mirror_file("uu-6-2012").read_text(encoding="utf-8")
    data, first_penjelasan_page = _statute_pdf(text, (8, 24), {"Pasal 2"}, ellipsis)
    source = read_bytes(data, "uu-6-2012.pdf")
    parsed = parse_document(STATUTE, source)
    units = {u.unit: u for u in parsed.units}
    assert {"Pasal 1", "Pasal 2", "Penjelasan Umum", "Penjelasan Pasal 1", "Penjelasan Pasal 2"} <= set(units)
    for unit in parsed.units:
        # no folio ("- 2 -") and no catchword ("Pasal 2…", "Pasal 2 . . .") inside a unit
        assert not re.search(r"-\s*\d+\s*-", unit.text), (unit.unit, unit.text[:300])
        assert "…" not in unit.text and ". . ." not in unit.text, (unit.unit, unit.text[:300])
    assert units["Penjelasan Pasal 1"].text.rstrip().endswith("Indonesia.") or "Pasal 2" not in units["Penjelasan Pasal 1"].text
    assert units["Penjelasan Pasal 2"].text.strip() == "Cukup jelas."
    # the Penjelasan's pages are its own count: its first page is 1, the next 2
    assert units["Penjelasan Umum"].pages[0] == 1
    assert units["Penjelasan Pasal 2"].pages == (max(units["Penjelasan Pasal 1"].pages) + 1,)
    assert not parsed.audit.unassigned, parsed.audit.unassigned[:3]


# What a regulation made by an agency prints after its last article: the head of the body
# signs where the President would (written here; the offices are those such regulations
# name, the names invented).
AGENCY_CLOSINGS = {
    "ojk-chair": "Ditetapkan di Jakarta\npada tanggal 2 Mei 2012\nKETUA DEWAN KOMISIONER OTORITAS JASA KEUANGAN,\n"
                 "ttd\nNAMA PEJABAT\n",
    "agency-head": "Ditetapkan di Jakarta\npada tanggal 2 Mei 2012\nKEPALA BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA,\n"
                   "ttd.\nNAMA PEJABAT\n",
    # a print that misspells the promulgation ("Diundangan") and sets the place of
    # promulgation beside the place of enactment, its date below the signature
    "moved-date": "Diundangan di Jakarta Ditetapkan di Jakarta\npada tanggal 30 April 2012\n"
                  "KETUA DEWAN KOMISIONER OTORITAS JASA KEUANGAN,\nttd\nNAMA PEJABAT\n",
}


@pytest.mark.parametrize("closing", sorted(AGENCY_CLOSINGS))
def test_regulation_signed_by_an_agency_head_has_its_penutup(closing):
    text = mirror_file("uu-6-2012").read_text(encoding="utf-8")
    signed = "ttd.\nDR. H. SUSILO BAMBANG YUDHOYONO\n"
    assert signed in text
    text = text.replace(signed, AGENCY_CLOSINGS[closing])
    if closing == "moved-date":
        text = text.replace("Diundangkan di Jakarta\npada tanggal 2 Mei 2012", "pada tanggal 2 Mei 2012")
    parsed = parse_document(STATUTE, SourceText(text=text, format="text", name="agency.txt"))
    penutup = next(u for u in parsed.units if u.unit == "Penutup")
    for words in ("KEUANGAN," if closing != "agency-head" else "INDONESIA,", "NAMA PEJABAT", "AMIR SYAMSUDIN",
                  "pada tanggal 2 Mei 2012"):
        assert words in penutup.text, (words, penutup.text)
    assert not parsed.audit.unassigned, parsed.audit.unassigned[:3]


# ---------------------------------------------------------------- Word and HTML saves of a UN document

GC1 = Document(id="gc1-saved", title="GC 1 (saved)", citation="GC 1", family="committee", language="en")
TABLE = [("Right", "Article"), ("Freedom of movement", "39"), ("Equality of treatment", "25")]  # written here


def _gc1_paragraphs() -> list[tuple[int, str, list[str]]]:
    """The mirror's GC 1 as (number, text, sub-items "(a) ..." stripped of their label)."""
    paras: list[tuple[int, str, list[str]]] = []
    for line in mirror_file("cmw-gc-1").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+)\. (.*)", line)
        sub = re.match(r"^\([a-z]\)\s*(.*)", line)
        if m:
            paras.append((int(m.group(1)), m.group(2), []))
        elif sub and paras:
            paras[-1][2].append(sub.group(1))
    return paras


def _gc1_html() -> str:
    """GC 1 as LibreOffice or a web page saves it: each paragraph an item of an <ol start>
    (the number is the list's, not text), sub-items an <ol type="a">, a table of figures."""
    import html

    out = ["<html><head><meta charset='utf-8'><title>CMW/C/GC/1</title></head><body>",
           "<p>General comment No. 1 on migrant domestic workers</p>"]
    for number, text, subs in _gc1_paragraphs():
        out.append(f'<ol start="{number}"><li><p>{html.escape(text)}</p>')
        if subs:
            out.append('<ol type="a">' + "".join(f"<li><p>{html.escape(s)}</p></li>" for s in subs) + "</ol>")
        out.append("</li></ol>")
        if number == 12:
            out.append("<table>" + "".join(f"<tr><td><p>{a}</p></td><td><p>{b}</p></td></tr>" for a, b in TABLE)
                       + "</table>")
    return "\n".join(out + ["</body></html>"])


def test_html_ordered_lists_number_the_paragraphs_of_a_un_document():
    paras = _gc1_paragraphs()
    parsed = parse_document(GC1, read_bytes(_gc1_html().encode("utf-8"), "gc1.html"))
    assert not any("generic parser" in w for w in parsed.warnings), parsed.warnings
    units = {u.unit: u for u in parsed.units}
    assert [u.unit for u in parsed.units] == [f"para {n}" for n, _t, _s in paras]
    number, text, subs = next(p for p in paras if len(p[2]) >= 4)
    unit = units[f"para {number}"]
    assert unit.text.startswith(text[:60])
    assert f"b. {subs[1][:40]}" in unit.text  # the sub-items keep their letters, inside their paragraph


def test_html_table_rows_are_text_of_their_paragraph_not_headings_or_page_numbers():
    parsed = parse_document(GC1, read_bytes(_gc1_html().encode("utf-8"), "gc1.html"))
    units = {u.unit: u for u in parsed.units}
    assert "Equality of treatment | 25" in units["para 12"].text
    assert "Freedom of movement | 39" in units["para 12"].text
    assert units["para 13"].heading == units["para 12"].heading
    assert not parsed.audit.unassigned


def test_word_table_rows_are_text_of_their_paragraph_not_headings():
    import io

    import docx

    word = docx.Document()
    word.add_paragraph("General comment No. 1 on migrant domestic workers")
    for number, text, subs in _gc1_paragraphs():
        word.add_paragraph(f"{number}. {text}")
        for k, sub in enumerate(subs):
            word.add_paragraph(f"({chr(97 + k)}) {sub}")
        if number == 12:
            table = word.add_table(rows=len(TABLE), cols=2)
            for r, row in enumerate(TABLE):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buf = io.BytesIO()
    word.save(buf)
    parsed = parse_document(GC1, read_bytes(buf.getvalue(), "gc1.docx"))
    units = {u.unit: u for u in parsed.units}
    assert "Right | Article" in units["para 12"].text and "Equality of treatment | 25" in units["para 12"].text
    assert units["para 13"].heading == units["para 12"].heading == ()
    assert not any("Equality" in " ".join(u.heading) for u in parsed.units)


def test_pdf_footnote_whose_number_hangs_at_the_margin_is_a_note_not_paragraph_text():
    """Word and LibreOffice set a footnote's own number raised at the margin and its text
    at an indent further right than a word space; the paragraph that runs on past the
    notes must not swallow them."""
    paras = _gc1_paragraphs()[2:7]  # paras 3-7 of the mirror's GC 1
    note = "See the second report of the Committee, chapter IV."  # written here
    lines: list[tuple[str, bool]] = []  # (line, carries the note mark at its end)
    for number, text, _subs in paras:
        wrapped = _wrap(f"{number}. {text}", RIGHT - LEFT)
        lines += [(w, number == 3 and k == len(wrapped) - 1) for k, w in enumerate(wrapped)]
    first, rest = lines[:30], lines[30:]
    items: list[Text] = []
    for j, (line, marked) in enumerate(first):
        y = TOP - j * LEADING
        items.append(Text(LEFT, y, line))
        if marked:
            items.append(Text(LEFT + text_width(line) + 0.5, y + 4.0, "1", size=6.0))
    items += [Text(56.8, 66.0, "1", size=6.0), Text(73.8, 62.0, note, size=9.0)]
    second = [Text(LEFT, TOP - j * LEADING, line) for j, (line, _m) in enumerate(rest)]
    parsed = parse_document(GC1, read_bytes(build([content(items), content(second)]), "gc1.pdf"))
    units = {u.unit: u for u in parsed.units}
    assert units["para 3"].footnotes == (("1", note),)
    assert not any("second report" in u.text for u in parsed.units)
    assert "1 See" not in " ".join(u.text for u in parsed.units)


# ---------------------------------------------------------------- older statutes

@pytest.mark.parametrize("heading", [
    "MEMORI PENJELASAN. UNDANG-UNDANG",  # the 1950s form, "." after the words
    "MEMORI PENJELASAN PADA UNDANG-UNDANG",
    "MEMORI PENJELASAN RANCANGAN UNDANG-UNDANG",
    "PENJELASAN mengenai UNDANG-UNDANG",  # PP 9/1959's form
    "PENJELASAN Undang-Undang",  # heading and words run on one line (PP 4/1955)
])
def test_penjelasan_headed_memori_penjelasan_is_the_penjelasan(heading):
    """Acts of the 1950s head their elucidation "MEMORI PENJELASAN" followed by anything
    ("." and the act's name, "PADA …", "RANCANGAN …"): it is the Penjelasan."""
    text = mirror_file("uu-6-2012").read_text(encoding="utf-8")
    old = "PENJELASAN\nATAS\nUNDANG-UNDANG"
    assert old in text
    text = text.replace(old, heading)
    parsed = parse_document(STATUTE, SourceText(text=text, format="text", name="memori.txt"))
    units = {u.unit: u for u in parsed.units}
    assert {"Penjelasan Umum", "Penjelasan Pasal 1", "Penjelasan Pasal 2"} <= set(units)
    assert not any("MEMORI" in u.text or "PENJELASAN" in u.text for u in parsed.units)
    assert not parsed.audit.unassigned, parsed.audit.unassigned[:2]


# ---------------------------------------------------------------- Markdown as some stores write it

def test_markdown_headings_without_a_space_after_the_marks_are_headings():
    """The Dutch government's store of treaty texts writes "###Article 1" and "###ANNEX I"
    (no space after the marks): the articles and the annexes that restart their
    numbering are still found (was: no article found, the generic parser's last article
    held every annex)."""
    from conftest import MIRROR

    case = MIRROR.parent / "cases" / "real-documents" / "treaty-annex-articles-restart.md"
    text = re.sub(r"^(#{1,6}) ", r"\1", case.read_text(encoding="utf-8"), flags=re.M)
    assert "###Article 1" in text and "###ANNEX I" in text
    source = read_bytes(text.encode("utf-8"), "c97.md")
    doc = Document(id="c97", title="C97", citation="C97", family="convention", language="en")
    parsed = parse_document(doc, source)
    assert not parsed.warnings, parsed.warnings
    units = {u.unit: u for u in parsed.units}
    assert "public employment service" in units["Annex I Article 2"].text
    assert "This Annex applies" not in units["Article 3"].text
    assert not any("#" in u.text for u in parsed.units)


@pytest.mark.parametrize("gazette", [
    "TAMBAHAN\nLEMBARAN NEGARA RI\nNo. 5314 PENGESAHAN. Konvensi. Pekerja Migran. (Penjelasan atas Lembaran Negara "
    "Republik Indonesia Tahun 2012 Nomor 115)\n",
    "TAMBAHAN No.5314 PENGESAHAN. Konvensi. Pekerja Migran. (Penjelasan atas Lembaran Negara Republik Indonesia "
    "Tahun 2012 Nomor 115)\n",  # a copy that lost "LEMBARAN NEGARA"
])
def test_gazette_heading_over_the_penjelasan_is_promulgation_furniture(gazette):
    """A gazette print heads the elucidation with the Tambahan Lembaran Negara's own line:
    its number, the subject words and "(Penjelasan atas Lembaran Negara … Nomor 115)".
    It is promulgation furniture, not text in no unit (the form written here as the
    State Gazette prints it over UU 13/2003)."""
    text = mirror_file("uu-6-2012").read_text(encoding="utf-8")
    assert "\nPENJELASAN\nATAS\n" in text
    text = text.replace("\nPENJELASAN\nATAS\n", "\n" + gazette + "PENJELASAN\nATAS\n", 1)
    parsed = parse_document(STATUTE, SourceText(text=text, format="text", name="gazette.txt"))
    assert not parsed.audit.unassigned, parsed.audit.unassigned[:2]
    assert not any("Penjelasan atas Lembaran" in u.text for u in parsed.units)
    assert {"Penutup", "Penjelasan Umum", "Penjelasan Pasal 2"} <= {u.unit for u in parsed.units}


def _text_box_run(text: str):
    """A run holding a text box as Word saves one: the shape (mc:Choice) and its VML
    fallback copy (mc:Fallback), both holding the box's paragraph."""
    from docx.oxml import parse_xml

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        f'<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>"
    )


def test_word_text_box_is_read_once_on_its_own_line():
    """A text box (the distribution line of a UN document's cover, a note set beside a
    paragraph) is saved twice by Word, as a shape and as its fallback: its words are read
    once, on a line of their own, not glued to the paragraph that anchors it."""
    import io

    import docx

    box = "Distr.: General"  # written here
    word = docx.Document()
    word.add_paragraph("General comment No. 1 on migrant domestic workers")
    paras = _gc1_paragraphs()[:6]
    for number, text, _subs in paras:
        p = word.add_paragraph(f"{number}. {text}")
        if number == 2:
            p._p.append(_text_box_run(box))
        table_cell_box = number == 4
        if table_cell_box:
            table = word.add_table(rows=1, cols=2)
            table.cell(0, 0).text = "Symbol"
            table.cell(0, 1).paragraphs[0]._p.append(_text_box_run("CMW/C/GC/1"))
    buf = io.BytesIO()
    word.save(buf)
    source = read_bytes(buf.getvalue(), "gc1-box.docx")
    assert source.text.count(box) == 1 and source.text.count("CMW/C/GC/1") == 1
    assert f"\n{box}\n" in source.text
    parsed = parse_document(GC1, source)
    units = {u.unit: u for u in parsed.units}
    assert units["para 2"].text.rstrip().endswith(paras[1][1][-30:])  # the box is not glued to it
    assert "Symbol | CMW/C/GC/1" in units["para 4"].text


def test_word_paragraphs_inside_nested_content_controls_and_custom_xml_are_read():
    """Templates wrap parts of a document in content controls inside content controls,
    or in custom XML: their paragraphs are text like any other (was: lost, every word)."""
    import io

    import docx
    from docx.oxml import parse_xml

    W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    word = docx.Document()
    paras = _gc1_paragraphs()[:5]
    body = word.element.body
    sect = body[-1]  # w:sectPr stays last
    for number, text, _subs in paras:
        para = f"<w:p><w:r><w:t xml:space=\"preserve\">{number}. {text}</w:t></w:r></w:p>"
        if number == 2:
            para = f"<w:sdt {W_NS}><w:sdtContent><w:sdt><w:sdtContent>{para}</w:sdtContent></w:sdt></w:sdtContent></w:sdt>"
        elif number == 4:
            para = f'<w:customXml {W_NS} w:element="clause">{para}</w:customXml>'
        else:
            para = para.replace("<w:p>", f"<w:p {W_NS}>", 1)
        sect.addprevious(parse_xml(para.replace("&", "&amp;")))
    buf = io.BytesIO()
    word.save(buf)
    parsed = parse_document(GC1, read_bytes(buf.getvalue(), "gc1-sdt.docx"))
    assert [u.unit for u in parsed.units] == [f"para {n}" for n, _t, _s in paras]
    assert {u.unit: u.text for u in parsed.units}["para 4"].startswith(paras[3][1][:50])


# ---------------------------------------------------------------- citing a document added by its id

@pytest.mark.parametrize("typed, unit", [("gc1-html para 14", "para 14"), ("GC1-HTML para. 3", "para 3"),
                                         ("pojk-5-2014 Penjelasan Pasal 2", "Penjelasan Pasal 2")])
def test_a_document_added_under_its_own_id_is_cited_by_it(catalog, typed, unit):
    """`kb add gc1.html --id gc1-html`, then `kb show "gc1-html para 14"`: the id names the
    added document, not the catalogue's general comment No. 1 that "gc1" reads as (was:
    'CMW/C/GC/1 is not in the library yet')."""
    from kb.citations import CitationResolver

    added = [Document(id="gc1-html", title="GC1 html", citation="GC1 html", family="committee", language="en",
                      origin="user"),
             Document(id="pojk-5-2014", title="POJK 5/2014", citation="POJK 5/2014", family="national-law",
                      language="id", origin="user")]
    cit = CitationResolver([*catalog, *added]).parse(typed)
    assert cit.doc_id == typed.split()[0].lower()
    assert cit.unit == unit
    plain = CitationResolver([*catalog, *added]).parse("GC 1 para 3")
    assert plain.doc_id == "cmw-gc-1"  # the general comment is still cited as before


# ---------------------------------------------------------------- an agreement printed in two languages

def test_a_second_language_version_is_its_own_units_not_the_last_article():
    """Bilateral agreements and MoUs are printed in English and then in Indonesian
    ("Article 1" … then "Pasal 1" …), conventions with their translation ("Artikel 1" …):
    the second version's articles are units of their own, never the text of the first
    version's last article (was: the Dutch text of ILO C97 and of the Council of Europe
    convention, 37,000 characters, inside 'Annex III Article 2' and 'Final clause').
    Built here from two real texts: the C97 cut of the shared cases (English, with an
    annex) followed by UU 6/2012's articles as the Indonesian version."""
    from conftest import MIRROR

    english = (MIRROR.parent / "cases" / "real-documents" / "treaty-annex-articles-restart.md").read_text(encoding="utf-8")
    statute = mirror_file("uu-6-2012").read_text(encoding="utf-8")
    body = statute[statute.index("Pasal 1\n"):statute.index("Agar setiap orang")].strip()
    text = english.rstrip() + "\n\nKONVENSI 97\nKonvensi mengenai Migrasi untuk Pekerjaan\n\n" + body + "\n"
    doc = Document(id="c97-bilingual", title="C97 (two versions)", citation="C97", family="bilateral", language="en")
    parsed = parse_document(doc, read_bytes(text.encode("utf-8"), "c97-bilingual.md"))
    names = [u.unit for u in parsed.units]
    assert len(names) == len(set(names)), names
    assert {"Article 1", "Annex I Article 2", "Pasal 1", "Pasal 2"} <= set(names), names
    units = {u.unit: u for u in parsed.units}
    last_english = [u for u in parsed.units if u.unit.startswith("Annex")][-1]
    assert "Mengesahkan" not in last_english.text and "Pasal" not in last_english.text
    assert units["Pasal 1"].text.startswith("(1) Mengesahkan")
    assert [p.locator for p in units["Pasal 1"].parts][:1] == ["Pasal 1 ayat (1)"]
    assert not parsed.audit.unassigned
    # and "Pasal 1" cites the Indonesian version, "Article 1" the English one
    from kb.citations import CitationResolver

    resolver = CitationResolver([doc], unit_names=lambda doc_id: names if doc_id == doc.id else [])
    assert resolver.parse("c97-bilingual Pasal 1 ayat (2)").locator == "Pasal 1 ayat (2)"
    assert resolver.parse("c97-bilingual Article 1").unit == "Article 1"
    assert CitationResolver([doc]).parse("c97-bilingual Pasal 1").unit == "Article 1"  # no such unit known: as before


NOTE_STYLES = {
    # (reference, the note's element) as each program saves a footnote in HTML
    "libreoffice": ('<a class="sdfootnoteanc" name="sdfootnote{n}anc" href="#sdfootnote{n}sym"><sup>{n}</sup></a>',
                    '<div id="sdfootnote{n}"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote{n}sym" '
                    'href="#sdfootnote{n}anc">{n}</a>{text}</p></div>'),
    "word": ('<a href="#_ftn{n}" name="_ftnref{n}" title=""><span class=MsoFootnoteReference>[{n}]</span></a>',
             '<div id=ftn{n}><p class=MsoFootnoteText><a href="#_ftnref{n}" name="_ftn{n}" title="">[{n}]</a> {text}</p></div>'),
    "pandoc": ('<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref"><sup>{n}</sup></a>',
               '<li id="fn{n}"><p>{text}<a href="#fnref{n}" class="footnote-back" role="doc-backlink">↩︎</a></p></li>'),
}


@pytest.mark.parametrize("style", sorted(NOTE_STYLES))
def test_html_footnotes_are_notes_of_their_paragraph(style):
    """A document saved as HTML by LibreOffice, Word or pandoc keeps its footnotes as a
    reference in the text and the note at the end: the note is attached to the paragraph
    that refers to it and is no text of the last paragraph (was: '… general comment.
    1See the note …' glued to para 66, the reference numbers glued to words)."""
    import html

    ref, body = NOTE_STYLES[style]
    paras = _gc1_paragraphs()[:8]
    notes = {3: "See the first report of the Committee.", 7: "See article 25 of the Convention."}  # written here
    out = ["<html><head><meta charset='utf-8'></head><body>"]
    for number, text, _subs in paras:
        mark = ref.format(n=list(notes).index(number) + 1) if number in notes else ""
        out.append(f'<ol start="{number}"><li><p>{html.escape(text)}{mark}</p></li></ol>')
    bodies = [body.format(n=k + 1, text=t) for k, t in enumerate(notes.values())]
    out.append('<section class="footnotes"><ol>' + "".join(bodies) + "</ol></section>" if style == "pandoc"
               else "".join(bodies))
    parsed = parse_document(GC1, read_bytes(("\n".join(out) + "</body></html>").encode("utf-8"), "gc1-notes.html"))
    units = {u.unit: u for u in parsed.units}
    assert units["para 3"].footnotes == (("1", notes[3]),)
    assert units["para 7"].footnotes == (("2", notes[7]),)
    assert not any("See the first report" in u.text or "[1]" in u.text for u in parsed.units)
    assert units["para 3"].text.rstrip().endswith(paras[2][1][-20:])


def test_an_agreement_printed_side_by_side_keeps_each_language_in_its_own_units():
    """A bilingual agreement printed in two columns, English left and Indonesian right,
    page after page, reads column by column, so the versions interleave (Article 1,
    Article 2, Pasal 1, Article 3, Pasal 2): each unit ends at the next heading of either
    language, and each version has its own closing ("Final clause", "Penutup") (was:
    'Pasal 2' inside 'Article 3'). Built from the C97 cut (English) and UU 6/2012's
    articles (Indonesian); the closing sentences are written here."""
    from conftest import MIRROR

    english = (MIRROR.parent / "cases" / "real-documents" / "treaty-annex-articles-restart.md").read_text(encoding="utf-8")
    articles = re.split(r"\n(?=### Article)", english.split("### ANNEX")[0])[1:]
    statute = mirror_file("uu-6-2012").read_text(encoding="utf-8")
    pasal = re.split(r"\n(?=Pasal \d)", statute[statute.index("Pasal 1\n"):statute.index("Agar setiap orang")].strip())

    def column(blocks: list[str], x: float) -> list[Text]:
        items, y = [], TOP
        for block in blocks:
            for para in block.replace("### ", "").split("\n"):
                for line in _wrap(para, 200.0):
                    items.append(Text(x, y, line, size=10.0))
                    y -= LEADING
                y -= 8.0
        return items

    left = [articles[:2], articles[2:] + ["IN WITNESS WHEREOF the undersigned have signed this Agreement."]]
    right = [["KONVENSI 97", "Konvensi mengenai Migrasi untuk Pekerjaan"] + pasal[:1],
             pasal[1:] + ["SEBAGAI BUKTI, yang bertanda tangan di bawah ini telah menandatangani Persetujuan ini."]]
    pdf = build([content(column(l, LEFT) + column(r, LEFT + 236.0)) for l, r in zip(left, right)])
    doc = Document(id="mou-2col", title="MoU (two columns)", citation="MoU", family="bilateral", language="en")
    parsed = parse_document(doc, read_bytes(pdf, "mou-2col.pdf"))
    units = {u.unit: u for u in parsed.units}
    assert [u.unit for u in parsed.units] == ["Article 1", "Article 2", "Article 3", "Final clause", "Pasal 1",
                                              "Pasal 2", "Penutup"]
    assert "Undang-Undang" not in units["Article 3"].text and "KONVENSI" not in units["Article 2"].text
    assert units["Pasal 2"].text.startswith("Undang-Undang ini mulai berlaku")
    assert "SEBAGAI BUKTI" not in units["Final clause"].text
    assert not parsed.audit.unassigned
