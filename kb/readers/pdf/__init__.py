"""PDF: the text layer in reading order, with page boundaries and print furniture removed.

pypdf decodes the fonts; this package places the text. It walks each page's content
stream itself, so every piece of text keeps its position and width, and then:

1. groups pieces into lines and reads two-column pages column by column (a column is
   a vertical gutter that many lines stop at and restart after);
2. drops running headers and footers (lines that repeat at the same height at the top or
   bottom of many pages, digits ignored) and page-number lines ("- 2 -", "Page 2");
3. joins the lines of a paragraph, keeping a line break where the layout starts a new
   paragraph, heading or list item: structure parsers read line starts ("Pasal 8",
   "12.", "(2)"), and a hard-wrapped line that happens to start with "Pasal 5" must not
   look like one;
4. repairs words hyphenated at line ends, asking the document's own vocabulary whether
   the hyphen is real ("Undang-Undang", "hak-hak") or only a break ("Pelindung-an").

The steps live in modules named for them: `content` (opening the file, walking its
content streams into positioned runs), `lines` (runs into lines), `columns`,
`furniture`, `paragraphs` and `hyphenation`.
"""

from __future__ import annotations

from typing import Any

from ...errors import ReadError
from ..base import Block, SourceText
from .columns import _median, _order_columns
from .content import DECRYPT_HINT, Matrix, Run, _open, _quiet_pypdf
from .furniture import remove_furniture
from .lines import Line, _page_lines
from .notes import take_notes
from .pages import image_pages, page_labels, printed_numbers
from .paragraphs import _assemble

__all__ = ["DECRYPT_HINT", "Line", "Matrix", "Run", "read_pdf", "scan_hint"]


def scan_hint(name: str) -> str:
    """What to do with a scanned PDF, naming the user's file."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"run OCR first (e.g. `ocrmypdf {name} {stem}-ocr.pdf`), then add the OCR'd file"


def read_pdf(data: bytes, name: str = "document") -> SourceText:
    """A PDF's text layer as a `SourceText`: reading order, furniture out (recorded in
    `removed`), printed page numbers in `page_numbers`, note marks as "note-ref" blocks
    (with the note's text in attrs["text"] when it was found). Raises ReadError for a
    file that is damaged, encrypted or a scan without text."""
    with _quiet_pypdf():
        reader = _open(data, name)
        pages, widths = _page_lines(reader, name)
        labels = page_labels(reader)
        with_images = image_pages(reader)
    _refuse_scans(pages, with_images, name)
    _order_columns(pages)
    furniture = remove_furniture(pages, labels)
    notes = take_notes(pages)
    text, page_starts, marks, list_ends = _assemble(pages, _median(widths))
    meta: dict[str, Any] = {"pages": len(pages), "furniture_lines_removed": len(furniture.removed)}
    empty = [i + 1 for i, page in enumerate(pages) if not page]
    if empty:
        meta["pages_without_text"] = empty
    if len(data) - data.rfind(b"%%EOF") > 2048:
        meta["trailing_bytes"] = len(data) - data.rfind(b"%%EOF") - 5
    blocks = []
    for offset, number, page in marks:
        attrs: dict[str, Any] = {"number": number}
        note = notes.text_for(number, page)
        if note:
            attrs["text"] = note
        blocks.append(Block("note-ref", offset, offset, attrs))
    # where a numbered list ended (kb.structure.treaty: an article's text after its last item)
    blocks += [Block("list-end", at, at) for at in list_ends]
    blocks.sort(key=lambda b: (b.start, b.end))
    return SourceText(
        text=text,
        format="pdf",
        name=name,
        page_starts=page_starts,
        page_numbers=printed_numbers(len(pages), furniture.folios, labels),
        blocks=blocks,
        meta=meta,
        removed=furniture.removed + notes.removed,
    )


def _refuse_scans(pages: list[list[Line]], with_images: set[int], name: str) -> None:
    """A scan has no text layer, or only a stamp, a file name or a Bates number per page
    over a full-page image: nothing kb could cite."""
    if not any(line.text.strip() for page in pages for line in page):
        raise ReadError(f"{name}: this PDF is a scan (no text layer): {scan_hint(name)}")
    n = len(pages)
    thin = [i for i, page in enumerate(pages) if len(page) <= 1 and sum(len(l.text) for l in page) < 80]
    if len(thin) >= max(1, 0.8 * n) and len(with_images & set(thin)) >= max(1, 0.5 * n):
        raise ReadError(
            f"{name}: this PDF is a scan ({len(thin)} of {n} pages are images with at most one line of text): "
            f"{scan_hint(name)}"
        )
