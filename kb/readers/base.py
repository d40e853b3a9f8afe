"""What every reader returns, and format sniffing."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A structural hint from the source's own mark-up (XML elements, HTML headings).

    `start`/`end` are offsets into `SourceText.text`; `attrs` carries what the mark-up
    said (e.g. {"number": "ARTICLE 92", "name": "Scope"}).
    """

    kind: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourceText:
    """A document as text. Structure parsers find units in `text` and keep spans into it."""

    text: str
    format: str  # pdf | text | markdown | xml | html
    name: str = "document"
    page_starts: list[int] | None = None  # offset at which physical page i+1 begins
    # The number printed on physical page i+1 (a PDF's page labels, a text's "- N -"
    # markers, a Penjelasan that restarts at 1), when it differs from i+1. Units carry
    # printed page numbers: that is what a lawyer cites.
    # Front matter printed in roman figures keeps its label ("ii").
    page_numbers: list[int | str | None] | None = None  # None: unknown (markers lost)
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # Furniture the reader took out before structure parsing sees the text, for the text
    # audit (kb.structure.audit): (kind, text, page) with kind one of its CLASSIFIED_KINDS.
    removed: list[tuple[str, str, int | None]] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def physical_pages_for(self, start: int, end: int) -> tuple[int, ...]:
        """Physical pages (1-based) a span [start, end) touches (empty without pages)."""
        if not self.page_starts:
            return ()
        first = self.page_at(start) or 1
        last = self.page_at(max(start, end - 1)) or first
        return tuple(range(first, last + 1))

    def pages_for(self, start: int, end: int) -> tuple[int | str, ...]:
        """Printed page numbers a span [start, end) touches, in order, without repeats
        (empty when the source has no pages)."""
        physical = self.physical_pages_for(start, end)
        if not self.page_numbers:
            return physical
        numbers = self.page_numbers
        printed = [numbers[p - 1] if p - 1 < len(numbers) else p for p in physical]
        # None: a page whose number is unknown (its marker lost); a span starting there
        # gets no page rather than a wrong one.
        if printed and printed[0] is None:
            return ()
        return tuple(dict.fromkeys(n for n in printed if n is not None))


def roman_value(text: str) -> int | None:
    """'iv' -> 4, 'XII' -> 12; None for anything that is not a roman numeral (I-C range
    letters only: page numbers and annex numbers, never dates)."""
    numerals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    text = text.strip().lower()
    if not text or any(c not in numerals for c in text):
        return None
    total, prev = 0, 0
    for char in reversed(text):
        n = numerals[char]
        total = total - n if n < prev else total + n
        prev = max(prev, n)
    return total


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def wide_encoding(data: bytes) -> str | None:
    """The Unicode encoding of text stored two or four bytes a character: by its byte-order
    mark (UTF-32's first: its little-endian mark begins with UTF-16's), or without one by
    where its NUL bytes fall in the first 4 KB (Latin-script text in UTF-16-LE has a NUL
    in every second byte, UTF-32-LE three in every four). Returns a codec name ("utf-32",
    "utf-16", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be") or None for text of one
    byte a character (UTF-8) and anything else. A BOM-less UTF-16 file was refused as
    binary data, and a UTF-32 one read as UTF-16 (its text a NUL between letters)."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return codec
    sample = data[: 4096 - 4096 % 4]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    quarters = len(sample) // 4
    nul = [sample[k::4].count(0) / quarters for k in range(4)]
    if nul[1] > 0.9 and nul[2] > 0.95 and nul[3] > 0.95 and nul[0] < 0.5:
        return "utf-32-le"
    if nul[0] > 0.95 and nul[1] > 0.95 and nul[2] > 0.9 and nul[3] < 0.5:
        return "utf-32-be"
    odd, even = (nul[1] + nul[3]) / 2, (nul[0] + nul[2]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def as_utf8(data: bytes, name: str) -> bytes:
    """An HTML page or an XML file stored in UTF-16 or UTF-32 (`wide_encoding`) as UTF-8
    bytes its reader takes: a UTF-8 byte-order mark first (it outranks a declared charset)
    and an XML declaration's encoding rewritten to UTF-8. Other data is returned as it
    is. Raises ReadError (imported late: kb.errors) for bytes broken in that encoding."""
    wide = wide_encoding(data)
    if not wide:
        return data
    try:
        text = data.decode(wide).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        from ..errors import ReadError

        raise ReadError(f"{name}: broken {'UTF-16' if '16' in wide else 'UTF-32'} text (bad bytes at offset "
                        f"{exc.start}); convert it to UTF-8 first") from None
    text = _XML_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1)
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def sniff_format(data: bytes, name: str = "") -> str:
    """Guess the format from the first bytes, falling back to the file name.

    Returns one of pdf, docx, doc, xml, html, markdown, text, or a description of what it
    is not (binary, spreadsheet, image...) for the caller's error message.
    """
    head = data[:2048]
    lower_name = name.lower()
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE2 compound file: Word 97-2003 stores its text in a "WordDocument" stream; a
        # password-protected .docx is an OLE file holding an "EncryptedPackage".
        if "EncryptedPackage".encode("utf-16-le") in data[:65536] or lower_name.endswith((".docx", ".docm")):
            return "password-protected Office file: open it and save it again without a password"
        if "WordDocument".encode("utf-16-le") in data[:65536] or lower_name.endswith((".doc", ".dot")):
            return "doc"
        return "legacy Office file (xls/ppt?): save it as PDF or text first"
    for magic, what in (
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"{\\rtf", "RTF document: save it as .docx or PDF first"),
        (b"\x7fELF", "executable"),
        (b"\x1f\x8b", "gzip archive"),
    ):
        if head.startswith(magic):
            return what
    if wide_encoding(data):
        # UTF-16 or UTF-32 text; the text reader decodes it (its beginning is sniffed as text)
        wide = wide_encoding(data)
        start = data[:4096 - 4096 % 4].decode(wide, "ignore").lstrip("\ufeff")  # type: ignore[arg-type]
        inner = sniff_format(start.encode("utf-8"), name) if "\x00" not in start else "binary data"
        # an HTML page or an XML file in UTF-16/32 goes to its reader, in UTF-8 (`as_utf8`);
        # it was read as plain text, its mark-up indexed as words
        return inner if inner in ("markdown", "text", "html", "xml") else inner
    if b"\x00" in head:
        return "binary data"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<?xml") and b"<html" not in stripped[:500]:
        return "xml"
    if stripped.startswith((b"<!doctype html", b"<html")) or lower_name.endswith((".html", ".htm")):
        return "html"
    if lower_name.endswith(".xml") and stripped.startswith(b"<"):
        return "xml"
    # A page without a doctype (an error page a server sent instead of the document).
    if stripped.startswith(b"<") and re.search(rb"<(?:html|body|head)\b", stripped[:1024]):
        return "html"
    if lower_name.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


def _zip_kind(data: bytes) -> str:
    """What a zip package holds: a Word document, or a description of what it is not."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # Only the first bytes (a sniff of a file's head), or a damaged package: the local
        # file headers at the start still name the parts.
        if b"word/" in data[:65536]:
            return "docx"
        return "damaged zip archive (an incomplete .docx download?)"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "spreadsheet (xlsx): save the sheet as PDF or text first"
    if "ppt/presentation.xml" in names:
        return "presentation (pptx): save it as PDF first"
    if "content.xml" in names and "mimetype" in names:
        return "OpenDocument file (odt): save it as .docx or PDF first"
    return "zip archive: unpack it and add the documents inside"


# Characters that show nothing and stand at a line's edge or beside a space: a byte-order
# mark (where a second file was pasted into the first, or a Word paragraph copied from
# one), a zero-width space or word joiner, a bidi mark, embedding, override or isolate.
# Inside a word they join or shape its letters and stay.
_INVISIBLE = "\ufeff\u200b\u2060\u200e\u200f\u061c\u180e\u202a-\u202e\u2066-\u2069"
_INVISIBLE_AT_EDGE = re.compile(rf"(?:(?<=[\s])|(?<=^))[{_INVISIBLE}]+|[{_INVISIBLE}]+(?=\s|$)", re.M)
# Line boundaries Unicode has besides "\n": the line and paragraph separators (a web page's
# <br> copied, a Word export) and NEL (a mainframe's text).
_OTHER_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\u0085": "\n", "\x0b": "\n", "\f": "\n"})


def shows_nothing(name: str) -> str:
    """The one line for a file whose text is only invisible characters (zero-width, bidi
    controls, byte-order marks), whichever step finds it (the readers, the library)."""
    return (f"{name}: the file shows no text (only invisible characters: zero-width, bidi controls, "
            "byte-order marks); check that it is the document meant")


def blank_invisible_edges(text: str) -> str:
    """`text` with, one for one (offsets and length unchanged): a run of invisible format
    characters (`_INVISIBLE`) at a line's start or end or beside white space replaced by
    spaces, and the other Unicode line boundaries (U+2028, U+2029, NEL, vertical tab,
    form feed) by "\\n". Structure parsers find headings at a line's start: a byte-order
    mark or a line separator before "Pasal 2" / "Article 2" / "2." hid the heading, and
    its text went into the unit before. Text without them is returned as it is."""
    if text.isascii() and "\x0b" not in text and "\f" not in text:
        return text
    text = text.translate(_OTHER_LINE_BREAKS)
    return _INVISIBLE_AT_EDGE.sub(lambda m: " " * len(m.group()), text)
