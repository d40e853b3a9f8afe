"""Test PDFs made with pypdf alone: pages of positioned Helvetica text, two-column pages,
encrypted files, pages without a text layer, damaged bytes.

Texts are written here by hand (never taken from the corpus mirror). Coordinates are PDF
points, origin bottom left, A4 pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject

PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT = 72.0, 523.0  # text frame of a single-column page
TOP = 770.0
SIZE, LEADING = 11.0, 14.0


@dataclass(frozen=True)
class Text:
    """One string drawn at (x, y); word_space stretches it (the PDF Tw operator)."""

    x: float
    y: float
    text: str
    size: float = SIZE
    word_space: float = 0.0


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def content(items: list[Text], graphics: bytes = b"") -> bytes:
    """A content stream drawing the items in the given order (BT/Tf/Tw/Td/Tj/ET)."""
    out = [graphics]
    for item in items:
        out.append(
            b"BT /F1 %.2f Tf %.3f Tw %.2f %.2f Td (" % (item.size, item.word_space, item.x, item.y)
            + _escape(item.text)
            + b") Tj ET\n"
        )
    return b"".join(out)


def _helvetica() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def build(
    streams: list[bytes],
    password: str | None = None,
    rotate: int = 0,
    forms: dict[str, bytes] | None = None,
) -> bytes:
    """A PDF with one page per content stream, Helvetica as /F1.

    `rotate` sets /Rotate on every page; `forms` adds Form XObjects (name -> content)
    that a page can draw with `/name Do`.
    """
    writer = PdfWriter()
    for data in streams:
        page = writer.add_blank_page(PAGE_W, PAGE_H)
        fonts = DictionaryObject({NameObject("/F1"): _helvetica()})
        resources = DictionaryObject({NameObject("/Font"): fonts})
        if forms:
            xobjects = DictionaryObject()
            for name, body in forms.items():
                form = DecodedStreamObject()
                form.set_data(body)
                form.update(
                    {
                        NameObject("/Type"): NameObject("/XObject"),
                        NameObject("/Subtype"): NameObject("/Form"),
                        NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(PAGE_W), NumberObject(PAGE_H)]),
                        NameObject("/Resources"): DictionaryObject({NameObject("/Font"): fonts}),
                    }
                )
                xobjects[NameObject("/" + name)] = writer._add_object(form)
            resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        if rotate:
            page[NameObject("/Rotate")] = NumberObject(rotate)
        stream = DecodedStreamObject()
        stream.set_data(data)
        page.replace_contents(stream)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner-" + (password or "x"), algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def composite_font_pdf(text: str) -> bytes:
    """One line in a Type0 (CID) font with Identity-H codes and a ToUnicode map, the way
    most official prints embed their fonts."""
    chars = sorted(set(text))
    cid = {c: i + 1 for i, c in enumerate(chars)}
    cmap = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
        f"{len(chars)} beginbfchar",
        *(f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars),
        "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
    ]
    writer = PdfWriter()
    page = writer.add_blank_page(PAGE_W, PAGE_H)
    to_unicode = DecodedStreamObject()
    to_unicode.set_data("\n".join(cmap).encode("ascii"))
    descendant = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/DemoSans"),
            NameObject("/DW"): NumberObject(500),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/DemoSans"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    codes = "".join(f"{cid[c]:04X}" for c in text)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf {LEFT} {TOP} Td <{codes}> Tj ET\n".encode("ascii"))
    page.replace_contents(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def text_width(text: str, size: float = SIZE) -> float:
    """Width of a Helvetica string, from the core font metrics pypdf ships."""
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    widths = CORE_FONT_METRICS["Helvetica"].character_widths
    return sum(widths.get(c, widths["default"]) for c in text) * size / 1000.0


def justified(lines: list[str], x: float, y: float, width: float, last_full: bool = False) -> list[Text]:
    """A paragraph set justified: every line but the last stretched to `width`."""
    items = []
    for i, line in enumerate(lines):
        spaces = line.count(" ")
        stretch = 0.0
        if spaces and (i < len(lines) - 1 or last_full):
            stretch = (width - text_width(line)) / spaces
        items.append(Text(x, y - i * LEADING, line, word_space=stretch))
    return items


def text_pdf(pages: list[list[str]]) -> bytes:
    """Each given line on its own baseline, left aligned, one list of lines per page."""
    return build(
        [content([Text(LEFT, TOP - i * LEADING, line) for i, line in enumerate(lines)]) for lines in pages]
    )


def paragraphs_pdf(pages: list[list[list[str]]], header: list[str] = (), footer: str | None = None) -> bytes:
    """Justified paragraphs (lists of pre-broken lines) with an optional running header
    and a footer whose '{n}' becomes the page number."""
    streams = []
    width = RIGHT - LEFT
    for number, paragraphs in enumerate(pages, start=1):
        items = [Text(250.0, 810.0 - 12 * i, line, size=9) for i, line in enumerate(header)]
        if footer is not None:
            items.append(Text(290.0, 40.0, footer.format(n=number), size=9))
        y = TOP
        for lines in paragraphs:
            items += justified(lines, LEFT, y, width)
            y -= LEADING * len(lines) + 8
        streams.append(content(items))
    return build(streams)


def two_column_pdf(left: list[list[str]], right: list[list[str]], title: str | None = None) -> bytes:
    """A page with two columns of justified paragraphs (lists of pre-broken lines),
    drawn row by row (left, right, left, ...) so that reading the content stream in
    order interleaves the columns."""
    col_w, gutter = 215.0, 21.0
    items: list[Text] = []
    y0 = TOP
    if title is not None:
        items.append(Text(LEFT, TOP, title, size=14))
        y0 -= 2 * LEADING

    def column(paragraphs: list[list[str]], x: float) -> list[Text]:
        out: list[Text] = []
        for lines in paragraphs:
            out += justified(lines, x, y0 - LEADING * len(out), col_w)
        return out

    lefts, rights = column(left, LEFT), column(right, LEFT + col_w + gutter)
    for i in range(max(len(lefts), len(rights))):
        items += lefts[i : i + 1] + rights[i : i + 1]
    return build([content(items)])


def encrypted_pdf(password: str = "secret") -> bytes:
    """A text PDF that needs a user password ("" gives one any reader may open)."""
    return build([content([Text(LEFT, TOP, "A locked page of text.")])], password=password)


def graphics_only_pdf(pages: int = 2) -> bytes:
    """Pages with vector drawings and no text at all, like a scan without OCR."""
    art = b"0.2 0.2 0.8 rg 100 500 300 200 re f 0 0 0 RG 2 w 72 400 m 520 400 l S\n"
    return build([art] * pages)


def corrupt_pdf() -> bytes:
    """Starts like a PDF, ends properly, holds nothing a reader can use."""
    return b"%PDF-1.7\n" + b"\x13\x37garbage that is not a PDF object\n" * 50 + b"%%EOF\n"


def truncated(data: bytes) -> bytes:
    """The first half of a file, as left by an interrupted download."""
    return data[: len(data) // 2]


# --------------------------------------------------------------------------- reference reading


def page_texts(path) -> list[str]:
    """Plain per-page extraction by pypdf: the independent reference for what is on a page."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def running_lines(pages: list[str]) -> set[str]:
    """Lines that open or close most pages, digits as '#': headers, footers, page numbers."""
    import re
    from collections import Counter

    seen: Counter = Counter()
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in set(lines[:3] + lines[-2:]):
            seen[re.sub(r"\d+", "#", line)] += 1
    return {line for line, n in seen.items() if n >= max(2, len(pages) // 2)}
