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
from ..base import SourceText
from .columns import _median, _order_columns
from .content import DECRYPT_HINT, Matrix, Run, _open, _quiet_pypdf
from .furniture import _remove_furniture
from .lines import Line, _page_lines
from .paragraphs import _assemble

__all__ = ["DECRYPT_HINT", "OCR_HINT", "Line", "Matrix", "Run", "read_pdf"]

OCR_HINT = "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"


def read_pdf(data: bytes, name: str = "document") -> SourceText:
    with _quiet_pypdf():
        reader = _open(data, name)
        pages, widths = _page_lines(reader, name)
    if not any(line.text.strip() for page in pages for line in page):
        raise ReadError(f"{name}: the PDF has no text layer (a scanned image?): {OCR_HINT}")
    _order_columns(pages)
    removed = _remove_furniture(pages)
    text, page_starts = _assemble(pages, _median(widths))
    meta: dict[str, Any] = {"pages": len(pages), "furniture_lines_removed": removed}
    empty = [i + 1 for i, page in enumerate(pages) if not page]
    if empty:
        meta["pages_without_text"] = empty
    return SourceText(text=text, format="pdf", name=name, page_starts=page_starts, meta=meta)
