"""Readers on real inputs: the mirror's PDF renderings and treaty XML, PDFs made here
with pypdf (two columns, running headers, hyphenation, encryption, no text layer),
and every kind of bad file a user may hand to `kb add`."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

import pdfs
from conftest import mirror_file, mirror_pdf, rendering_ids
from pdfs import page_texts, running_lines
from kb.errors import ReadError
from kb.readers import SourceText, read, read_bytes
from kb.structure.common import clean_text


RENDERINGS = rendering_ids()


def test_the_mirror_has_pdf_renderings(mirror):
    assert RENDERINGS, "the mirror's manifest lists no PDF renderings"


def words(text: str) -> list[str]:
    return clean_text(text).split()


@pytest.fixture(scope="module")
def readings(mirror) -> dict[str, SourceText]:
    return {doc_id: read(mirror_pdf(doc_id)) for doc_id in RENDERINGS}


# --------------------------------------------------------------------------- mirror PDFs


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_mirror_pdf_has_one_page_start_per_page(readings, doc_id):
    source = readings[doc_id]
    n_pages = len(PdfReader(mirror_pdf(doc_id)).pages)
    assert n_pages > 1
    assert source.format == "pdf"
    assert len(source.page_starts) == n_pages == source.meta["pages"]
    assert source.page_starts[0] == 0
    assert source.page_starts == sorted(source.page_starts)
    assert source.page_starts[-1] < len(source.text)


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_mirror_pdf_reads_as_the_words_of_its_text(readings, doc_id):
    """The rendering has the same words as the mirrored text file: so running headers and
    page numbers are gone and every word broken at a line end is whole again."""
    from_pdf = words(readings[doc_id].text)
    from_text = words(read(mirror_file(doc_id)).text)
    if from_pdf != from_text:
        i = next(i for i, (a, b) in enumerate(zip(from_pdf + [""], from_text + [""])) if a != b)
        pytest.fail(f"first difference at word {i}: pdf {from_pdf[i - 5:i + 5]} / text {from_text[i - 5:i + 5]}")


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_no_running_header_or_page_number_is_left(readings, doc_id):
    pages = page_texts(mirror_pdf(doc_id))
    furniture = running_lines(pages)
    assert furniture, "the rendering should have running headers or page numbers"
    text = readings[doc_id].text
    reference = read(mirror_file(doc_id)).text
    for line in text.splitlines():
        assert re.sub(r"\d+", "#", line.strip()) not in furniture, line
        assert not re.fullmatch(r"\W*\d{1,4}\W*", line.strip()), f"page number line {line!r}"
    assert not re.search(r"(?<!\S)-\s?\d{1,4}\s?-(?!\S)", text), "a '- N -' page marker is left"
    # A header that is also body text ("PRESIDEN REPUBLIK INDONESIA,") occurs as often
    # as in the text file, not once more per page.
    for line in furniture:
        if "#" not in line:
            pattern = re.compile(r"\s+".join(map(re.escape, line.split())))
            assert len(pattern.findall(text)) == len(pattern.findall(reference)), line


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_no_word_is_left_broken_at_a_line_end(readings, doc_id):
    pages = page_texts(mirror_pdf(doc_id))
    broken = sum(len(re.findall(r"\w-\n\w", t)) for t in pages)
    assert broken > 10, "the rendering should hyphenate words at line ends"
    text = readings[doc_id].text
    reference = clean_text(read(mirror_file(doc_id)).text)
    assert "-\n" not in text
    # "word- word" only where the document itself writes it so.
    for m in re.finditer(r"\w+- \w+", text):
        assert m.group() in reference, m.group()
    # Words hyphenated for the line end in the print, but never in the text.
    for m in re.finditer(r"(\w+)-\n(\w+)", "\n".join(pages)):
        left, right = m.groups()
        if f"{left}{right}" in reference and f"{left}-{right}" not in reference:
            assert f"{left}-{right}" not in text.replace("\n", " ")


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_offsets_map_to_the_page_the_words_are_printed_on(readings, doc_id):
    source = readings[doc_id]
    flat = source.text
    checked: Counter = Counter()
    for number, page in enumerate(page_texts(mirror_pdf(doc_id)), start=1):
        lines = [l.split() for l in page.splitlines()]
        for line in lines[3:-2]:  # clear of headers and footers
            inner = [w for w in line[1:-1] if "-" not in w]  # the ends may be word pieces
            if len(inner) < 6:
                continue
            pattern = r"\s+".join(map(re.escape, inner[:6]))
            hits = [m for m in re.finditer(pattern, flat)]
            if len(hits) != 1:
                continue  # a phrase printed on several pages says nothing
            start, end = hits[0].span()
            assert source.page_at(start) == number, (number, " ".join(inner[:6]))
            assert source.pages_for(start, end) == (number,)
            checked[number] += 1
            if checked[number] == 3:
                break
    assert set(checked) == set(range(1, len(source.page_starts) + 1)), checked


def test_paragraph_starts_stay_at_line_starts(readings):
    """Structure parsers read line starts: numbered paragraphs of a UN text and the
    Pasal of a statute each begin a line, wrapped lines inside them do not."""
    un = [doc for doc in RENDERINGS if doc.startswith("cmw")]
    statutes = [doc for doc in RENDERINGS if doc.startswith("uu-")]
    assert un and statutes
    for doc_id in un:
        numbers = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. ", readings[doc_id].text, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20
    for doc_id in statutes:
        numbers = [int(m.group(1)) for m in re.finditer(r"^Pasal (\d+)\b", readings[doc_id].text, re.M)]
        assert numbers[: numbers.index(max(numbers)) + 1] == list(range(1, max(numbers) + 1))


# --------------------------------------------------------------------------- made PDFs

LEFT_COLUMN = [
    "Aurora begins the left column with a",
    "sentence that keeps going over a few",
    "lines of this narrow column before",
    "it stops here.",
]
RIGHT_COLUMN = [
    "Borealis opens the right column and",
    "none of its words may be mixed with",
    "the words of the left column at any",
    "point of the page.",
]


def test_two_column_page_is_read_column_by_column():
    data = pdfs.two_column_pdf([LEFT_COLUMN], [RIGHT_COLUMN], title="Two Column Test Page")
    naive = PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()
    assert any("Aurora" in line and "Borealis" in line for line in naive), "fixture must interleave"
    source = read_bytes(data, "columns.pdf")
    assert source.text.splitlines() == [
        "Two Column Test Page",
        " ".join(LEFT_COLUMN),
        " ".join(RIGHT_COLUMN),
    ]


def test_a_sentence_flows_from_the_left_column_into_the_right_one():
    left = [
        "Columns of a gazette often carry one",
        "sentence from the foot of the left",
        "column to the head of the right, and",
        "the reader expects it to read conti-",
    ]
    right = [
        ["nuously, as this one does, until it", "ends here at last."],
        ["Then a new paragraph opens below it", "in the same column."],
    ]
    source = read_bytes(pdfs.two_column_pdf([left], right), "flow.pdf")
    lines = source.text.splitlines()
    assert lines[0].endswith("expects it to read continuously, as this one does, until it ends here at last.")
    # No spacing or indent sets the paragraphs apart: the short line ending the first does.
    assert lines[1] == "Then a new paragraph opens below it in the same column."


def test_single_column_page_with_labels_is_not_split_into_columns():
    """A label column ("Menimbang :") beside running text is one column of text."""
    body = [
        "bahwa the first recital runs across the whole width of the text frame and",
        "continues on this line without a break in the middle of the page, which is",
        "what a single column of justified text looks like to the reader.",
    ]
    items = [pdfs.Text(pdfs.LEFT, pdfs.TOP, "Menimbang"), pdfs.Text(pdfs.LEFT + 70, pdfs.TOP, ":")]
    items += pdfs.justified(body, pdfs.LEFT + 85, pdfs.TOP, pdfs.RIGHT - pdfs.LEFT - 85)
    items += pdfs.justified(body, pdfs.LEFT + 85, pdfs.TOP - 80, pdfs.RIGHT - pdfs.LEFT - 85)
    items.append(pdfs.Text(pdfs.LEFT, pdfs.TOP - 80, "Mengingat"))
    source = read_bytes(pdfs.build([pdfs.content(items)]), "labels.pdf")
    lines = source.text.splitlines()
    assert lines[0] == "Menimbang : " + " ".join(body)
    assert lines[1] == "Mengingat " + " ".join(body)


def _centred(text: str, y: float) -> pdfs.Text:
    return pdfs.Text((pdfs.PAGE_W - pdfs.text_width(text)) / 2, y, text)


def test_statute_layout_keeps_headings_and_items_on_their_own_lines():
    """Centred BAB/Pasal headings, numbered ayat with a hanging indent and lettered
    items beside a 'Menimbang :' label, as official prints set them."""
    frame = pdfs.RIGHT - 95
    ayat1 = [
        "Setiap orang yang bekerja di luar negeri berhak atas informasi yang",
        "benar tentang pekerjaan, upah, dan kondisi kerja sebelum berangkat",
        "dari daerah asal.",
    ]
    ayat2 = [
        "Informasi sebagaimana dimaksud pada ayat (1) diberikan tanpa biaya",
        "oleh pemerintah daerah.",
    ]
    items = [_centred("BAB I", 770), _centred("KETENTUAN UMUM", 756), _centred("Pasal 1", 728)]
    items += [pdfs.Text(72, 700, "(1)")] + pdfs.justified(ayat1, 95, 700, frame)
    items += [pdfs.Text(72, 658, "(2)")] + pdfs.justified(ayat2, 95, 658, frame)
    recital_a = ["bahwa setiap pekerja berhak atas pelindungan yang layak", "sejak awal sampai akhir masa kerja;"]
    recital_b = ["bahwa ketentuan lama tidak lagi sesuai;"]
    items += [pdfs.Text(72, 600, "Menimbang"), pdfs.Text(150, 600, ":"), pdfs.Text(160, 600, "a.")]
    items += pdfs.justified(recital_a, 178, 600, pdfs.RIGHT - 178)
    items += [pdfs.Text(160, 572, "b.")] + pdfs.justified(recital_b, 178, 572, pdfs.RIGHT - 178)
    source = read_bytes(pdfs.build([pdfs.content(items)]), "statute.pdf")
    assert source.text.splitlines() == [
        "BAB I",
        "KETENTUAN UMUM",
        "Pasal 1",
        "(1) " + " ".join(ayat1),
        "(2) " + " ".join(ayat2),
        "Menimbang : a. " + " ".join(recital_a),
        "b. " + " ".join(recital_b),
    ]


def test_headers_page_numbers_and_hyphenation_of_a_made_pdf():
    header = ["MINISTRY OF EXAMPLES", "Republic of Nowhere"]
    pages = [
        [
            ["Article 1", ],
            [
                "The scheme gives every worker protec-",
                "tion from the first day, and this protection lasts until",
                "the worker is home; well-known rules and the hak-",
                "hak of each worker, the Undang-",
                "Undang and all langkah-",
                "-langkah apply to whoever works and/",
                "or trains abroad.",
            ],
        ],
        [
            [
                "Article 2 of the scheme is cited here only in passing and the",
                "sentence runs on: the well-",
                "known rules stay hyphenated while the broken protec-",
                "tion is joined again.",
            ],
            ["Article 3"],
        ],
        [["Article 4"], ["Nothing else is said on the last page."]],
    ]
    source = read_bytes(pdfs.paragraphs_pdf(pages, header=header, footer="- {n} -"), "made.pdf")
    text = source.text
    assert "MINISTRY" not in text and "Nowhere" not in text
    assert not re.search(r"- \d -", text)
    assert "every worker protection from the first day" in text
    assert "the hak-hak of each worker, the Undang-Undang and all langkah-langkah apply to whoever works and/or trains" in text
    assert "the well-known rules stay hyphenated while the broken protection is joined" in text
    lines = text.splitlines()
    assert lines[0] == "Article 1"
    assert [l.split(" ", 2)[:2] for l in lines if l.startswith("Article")] == [
        ["Article", "1"], ["Article", "2"], ["Article", "3"], ["Article", "4"]
    ]
    assert len(source.page_starts) == 3
    assert source.page_at(text.index("Article 2")) == 2
    assert source.page_at(text.index("Article 4")) == 3
    assert source.page_at(text.index("Nothing else")) == 3


def test_a_wrapped_line_that_starts_like_a_heading_is_joined():
    lines = [
        "The duty set out in this paragraph applies as provided in",
        "Article 5 of the agreement and in the annex to it.",
    ]
    data = pdfs.build([pdfs.content(pdfs.justified(lines, pdfs.LEFT, pdfs.TOP, pdfs.RIGHT - pdfs.LEFT))])
    assert read_bytes(data, "wrap.pdf").text == " ".join(lines) + "\n"


def test_hyphenation_continues_across_a_page_break():
    first = [["The last line of this page ends in the middle of a long", "word: the page breaks inside employ-"]]
    second = [["ment, and the employment of the reader continues."]]
    first[0][-1] = first[0][-1]
    source = read_bytes(pdfs.paragraphs_pdf([first, second]), "pagebreak.pdf")
    assert "inside employment, and the employment" in source.text
    at = source.text.index("ment, and")
    assert source.pages_for(source.text.index("employment,"), at + 4) == (1, 2)


def test_composite_font_text_is_decoded():
    assert read_bytes(pdfs.composite_font_pdf("Pasal 3 Hak pekerja migran"), "cid.pdf").text == (
        "Pasal 3 Hak pekerja migran\n"
    )


def test_word_gaps_made_by_positioning_become_spaces_and_kerning_does_not():
    stream = (
        b"BT /F1 11 Tf 72 700 Td [(Hak)-300(pekerja)] TJ ET\n"  # a gap drawn by TJ
        b"BT /F1 11 Tf 72 680 Td (migran) Tj 45 0 Td (Indonesia) Tj ET\n"  # a gap drawn by Td
        b"BT /F1 11 Tf 72 660 Td [(W)80(ajib)] TJ ET\n"  # kerning inside a word
    )
    assert read_bytes(pdfs.build([stream]), "gaps.pdf").text.splitlines() == [
        "Hak pekerja",
        "migran Indonesia",
        "Wajib",
    ]


def test_rotated_page_reads_upright_and_a_diagonal_watermark_is_dropped():
    # /Rotate 90 turns the page clockwise, so text drawn upwards reads left to right.
    stream = (
        b"BT /F1 11 Tf 0 1 -1 0 100 72 Tm (First line on the landscape page.) Tj ET\n"
        b"BT /F1 11 Tf 0 1 -1 0 114 72 Tm (Second line below it.) Tj ET\n"
        b"BT /F1 40 Tf 0.7071 0.7071 -0.7071 0.7071 300 300 Tm (DRAFT) Tj ET\n"
    )
    source = read_bytes(pdfs.build([stream], rotate=90), "landscape.pdf")
    assert source.text.splitlines() == ["First line on the landscape page.", "Second line below it."]


def test_a_page_printed_sideways_without_rotate_is_still_read():
    stream = b"BT /F1 11 Tf 0 1 -1 0 100 72 Tm (A table printed sideways.) Tj ET\n"
    pages = [pdfs.content([pdfs.Text(pdfs.LEFT, pdfs.TOP, "An upright page.")]), stream]
    source = read_bytes(pdfs.build(pages), "sideways.pdf")
    assert source.text.splitlines() == ["An upright page.", "A table printed sideways."]
    assert source.page_at(source.text.index("A table")) == 2


def test_text_inside_a_form_xobject_is_read_in_place():
    form = b"BT /F1 11 Tf 72 700 Td (Drawn inside a form.) Tj ET\n"
    page = b"BT /F1 11 Tf 72 740 Td (Drawn on the page.) Tj ET\n/Box Do\nBT /F1 11 Tf 72 660 Td (Below the form.) Tj ET\n"
    source = read_bytes(pdfs.build([page], forms={"Box": form}), "form.pdf")
    assert source.text.splitlines() == ["Drawn on the page.", "Drawn inside a form.", "Below the form."]


def test_empty_password_pdf_is_read():
    assert read_bytes(pdfs.encrypted_pdf(""), "open.pdf").text == "A locked page of text.\n"


def test_a_page_without_text_among_text_pages_is_reported_in_meta():
    data = pdfs.build(
        [
            pdfs.content([pdfs.Text(pdfs.LEFT, pdfs.TOP, "First page.")]),
            b"0 0 1 rg 100 100 200 200 re f\n",
            pdfs.content([pdfs.Text(pdfs.LEFT, pdfs.TOP, "Third page.")]),
        ]
    )
    source = read_bytes(data, "gap.pdf")
    assert source.text == "First page.\nThird page.\n"
    assert source.meta["pages_without_text"] == [2]
    assert source.page_at(source.text.index("Third")) == 3


# --------------------------------------------------------------------------- bad input


def _error(path: Path, **kwargs) -> str:
    with pytest.raises(ReadError) as info:
        read(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message and message.startswith(path.name), message
    assert info.value.__cause__ is None or isinstance(info.value.__cause__, ReadError)
    return message


@pytest.mark.parametrize(
    "filename, make, expected",
    [
        ("corrupt.pdf", pdfs.corrupt_pdf, "corrupt"),
        ("cut.pdf", lambda: pdfs.truncated(pdfs.text_pdf([["Some text on a page."]] * 4)), "truncated"),
        ("locked.pdf", pdfs.encrypted_pdf, "is encrypted: remove the password first, e.g. `qpdf --decrypt in.pdf out.pdf`"),
        ("scan.pdf", pdfs.graphics_only_pdf, "is a scan (no text layer): run OCR first (e.g. `ocrmypdf scan.pdf scan-ocr.pdf`)"),
        ("empty.txt", lambda: b"", "empty"),
        ("blank.pdf", lambda: b"  \n\n", "empty"),
        ("data.bin", lambda: bytes(range(256)) * 8, "binary"),
        ("latin1.txt", lambda: "Pekerja migran dan caf\xe9 na\xefve\n".encode("latin-1"), "not UTF-8"),
        ("page.html", lambda: b"<html><body><p>caf\xe9</p></body></html>", "not UTF-8"),
    ],
)
def test_bad_files_give_one_actionable_line(tmp_path, filename, make, expected):
    path = tmp_path / filename
    path.write_bytes(make())
    assert expected in _error(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Pasal 1\n" * 40_000)
    message = _error(path, max_bytes=100_000)
    assert "limit" in message and "KB_MAX_FILE_MB" in message
    assert read(path, max_bytes=1_000_000).text.startswith("Pasal 1")


@pytest.mark.parametrize("damage", ["missing object", "bad compression"])
def test_a_damaged_page_leaves_the_other_pages_readable(tmp_path, damage):
    data = pdfs.text_pdf([["A good first page."], ["A second page."]])
    first = re.search(rb"/Contents (\d+) 0 R", data).group(1)
    if damage == "missing object":
        damaged = data.replace(b"/Contents " + first + b" 0 R", b"/Contents 999 0 R", 1)
    else:  # claims to be compressed but is not
        damaged = data.replace(first + b" 0 obj\n<<\n/Length", first + b" 0 obj\n<<\n/Filter /FlateDecode\n/Length", 1)
    assert damaged != data
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged)
    source = read(path)
    assert source.text == "A second page.\n"
    assert source.meta["pages_without_text"] == [1]
    assert source.page_at(0) == 2


# --------------------------------------------------------------------------- XML


@pytest.fixture(scope="module")
def ijepa(mirror) -> SourceText:
    return read(mirror_file("ijepa-2007"))


def test_treaty_xml_gives_chapter_and_article_blocks(ijepa):
    tree = ET.parse(mirror_file("ijepa-2007"))
    articles = [a for a in tree.iter("article") if a.get("number")]
    blocks = [b for b in ijepa.blocks if b.kind == "article" and b.attrs.get("number")]
    assert [b.attrs["number"] for b in blocks] == [a.get("number") for a in articles]
    for block, element in zip(blocks, articles):
        assert block.attrs["name"] == element.get("name")
        body = ijepa.text[block.start : block.end]
        # the same characters; only spaces where the source glued words were added
        assert "".join(body.split()) == "".join("".join(element.itertext()).split())
        heading = ijepa.text[: block.start].rstrip("\n").rsplit("\n", 1)[-1]
        assert heading == f"{element.get('number')} {element.get('name')}"


def test_chapter_7_holds_article_92_onward(ijepa):
    chapters = {b.attrs.get("number"): b for b in ijepa.blocks if b.kind == "chapter"}
    chapter = chapters["CHAPTER 7"]
    assert chapter.attrs["name"] == "Movement Of Natural Persons"
    inside = [
        b.attrs["number"]
        for b in ijepa.blocks
        if b.kind == "article" and chapter.start <= b.start and b.end <= chapter.end
    ]
    numbers = [int(n.split()[-1]) for n in inside]
    assert numbers[0] == 92 and numbers == list(range(92, 92 + len(numbers))) and len(numbers) > 3
    assert not any(
        b.kind == "article" and chapter.start <= b.start < chapter.end
        for b in ijepa.blocks
        if b.attrs.get("number") not in inside
    )
    heading_line = ijepa.text[: chapter.start].rstrip("\n").rsplit("\n", 1)[-1]
    assert heading_line == "CHAPTER 7 Movement Of Natural Persons"


def test_treaty_meta(ijepa):
    tree = ET.parse(mirror_file("ijepa-2007"))
    meta = tree.find("meta")
    assert ijepa.format == "xml"
    assert ijepa.meta["date_signed"] == meta.findtext("date_signed")
    assert ijepa.meta["date_into_force"] == meta.findtext("date_into_force")
    assert ijepa.meta["parties"] == [p.text for p in meta.findall("parties/partyisocode")]
    assert [s["url"] for s in ijepa.meta["sources"]] == [s.text.strip() for s in meta.findall("source")]


def test_generic_xml_keeps_labelled_elements_as_blocks():
    data = (
        b"<?xml version='1.0'?>\n<law><title>Demo Act</title>"
        b"<section number='1' title='Scope'><p>This Act covers <em>all</em> workers.</p>"
        b"<p>It starts today.</p></section><section number='2'><p>Second section.</p></section></law>"
    )
    source = read_bytes(data, "demo.xml")
    assert source.text.splitlines() == ["Demo Act", "This Act covers all workers.", "It starts today.", "Second section."]
    spans = [(b.kind, b.attrs.get("number"), source.text[b.start : b.end]) for b in source.blocks]
    assert spans == [
        ("section", "1", "This Act covers all workers.\nIt starts today."),
        ("section", "2", "Second section."),
    ]


@pytest.mark.parametrize(
    "data, where",
    [
        (b"<?xml version='1.0'?>\n<treaty>\n  <chapter>\n</treaty>\n", "line 4, column 3"),
        (b"<?xml version='1.0'?>\n<a>caf&eacute;</a>", "line 2"),
    ],
)
def test_malformed_xml_says_where(tmp_path, data, where):
    path = tmp_path / "broken.xml"
    path.write_bytes(data)
    message = _error(path)
    assert "malformed XML" in message and where in message


def test_xml_entities_are_never_expanded(tmp_path):
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        b"<x>&b;</x>"
    )
    path = tmp_path / "bomb.xml"
    path.write_bytes(bomb)
    assert "entities" in _error(path)
    external = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<x>&e;</x>'
    path.write_bytes(external)
    assert "entities" in _error(path)


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Rights at work</title>
<style>h1 { color: navy }</style><script>var tracker = "should not appear";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/laws">Laws</a></nav>
<header>Portal banner</header>
<h1>Workers  abroad</h1>
<p>Every worker keeps the rights
set out below, wherever employed.</p>
<h2>Part <em>one</em>: contracts</h2>
<ul><li>A written contract.</li><li>Pay on time &amp; in full.</li></ul>
<h3>Fees</h3><p>No fee of 5&euro; or more, says the caf\xe9 owner.<br>New line here.</p>
<script>document.write("nor this")</script>
<footer>Contact us</footer>
</body></html>
""".encode("cp1252")


def test_html_headings_become_blocks_and_scripts_vanish():
    source = read_bytes(PAGE, "rights.html")
    assert source.format == "html"
    assert source.text.splitlines() == [
        "Workers abroad",
        "Every worker keeps the rights set out below, wherever employed.",
        "Part one: contracts",
        "A written contract.",
        "Pay on time & in full.",
        "Fees",
        "No fee of 5€ or more, says the café owner.",
        "New line here.",
    ]
    headings = [(b.attrs["level"], source.text[b.start : b.end]) for b in source.blocks if b.kind == "heading"]
    assert headings == [(1, "Workers abroad"), (2, "Part one: contracts"), (3, "Fees")]
    for hidden in ("tracker", "nor this", "Home", "banner", "Contact", "navy"):
        assert hidden not in source.text
    assert source.meta["title"] == "Rights at work"


def test_html_without_charset_is_read_as_utf8():
    data = "<html><body><p>Pekerja migran — hak</p></body></html>".encode("utf-8")
    assert read_bytes(data, "u.html").text == "Pekerja migran — hak\n"
