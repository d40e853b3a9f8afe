"""Readers turn a file into text with a page map, whatever its format.

`read(path)` sniffs the format from the bytes (not only the extension) and returns a
`SourceText`. Anything it cannot read raises `ReadError` with a one-line reason.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .base import Block, SourceText, blank_invisible_edges, shows_nothing, sniff_format

__all__ = ["Block", "SourceText", "read", "read_bytes", "sniff_format", "SUPPORTED"]

SUPPORTED = ("pdf", "docx", "text", "markdown", "xml", "html")


def read(path: str | Path, max_bytes: int | None = None) -> SourceText:
    path = Path(path)
    if not path.exists():
        raise ReadError(f"{path}: no such file")
    if path.is_dir():
        raise ReadError(f"{path}: is a directory, not a document file")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ReadError(
            f"{path.name}: {size / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB limit "
            "(raise it with KB_MAX_FILE_MB if the file is genuine)"
        )
    return read_bytes(path.read_bytes(), name=path.name)


def read_bytes(data: bytes, name: str = "document") -> SourceText:
    """Read a document from its bytes; `name` (the file name) names it in messages and
    breaks ties when the bytes do not say what they are. Raises ReadError and nothing
    else, so a caller (the CLI, a service) can answer any file with one line."""
    try:
        source = _read_bytes(data, name)
        # Every reader's text alike: a byte-order mark or a line separator at a line's
        # start no longer hides the heading after it (offsets unchanged).
        text = blank_invisible_edges(source.text)
        if not text.strip() and source.text.strip():
            raise ReadError(shows_nothing(name))
        source.text = text
        return source
    except ReadError:
        raise
    except RecursionError:  # e.g. XML nested thousands deep
        raise ReadError(f"{name}: nested too deeply to read; the file is damaged or built to exhaust readers") from None
    except Exception as exc:  # a reader tripping over a malformed file must not escape as a traceback
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise ReadError(f"{name}: could not be read ({type(exc).__name__}{': ' + first if first else ''})") from None


def _read_bytes(data: bytes, name: str) -> SourceText:
    if not data.strip():
        raise ReadError(f"{name}: the file is empty")
    fmt = sniff_format(data, name)
    _check_extension(fmt, name)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, name)
    if fmt == "doc":
        from .docx import DOC_HINT

        raise ReadError(f"{name}: a legacy Word .doc file, which kb cannot read: {DOC_HINT.format(name=name)}")
    if fmt == "xml":
        from .base import as_utf8
        from .xml import read_xml

        return read_xml(as_utf8(data, name), name)
    if fmt == "html":
        from .base import as_utf8
        from .html import read_html

        return read_html(as_utf8(data, name), name)
    if fmt in ("text", "markdown"):
        from .text import read_text

        return read_text(data, name, fmt)
    raise ReadError(
        f"{name}: unsupported format ({fmt}); kb reads PDF, Word (.docx), plain text, Markdown, XML and HTML"
    )


# What a file's extension promises, and what its bytes must then be.
_PROMISED = {".pdf": ("pdf", "a PDF"), ".docx": ("docx", "a Word .docx file"), ".doc": ("doc", "a Word .doc file")}


def _check_extension(fmt: str, name: str) -> None:
    """A file named .pdf or .docx whose bytes are something else is refused: most often
    a download that saved the server's error page under the document's name."""
    lower = name.lower()
    for suffix, (wanted, what) in _PROMISED.items():
        if not lower.endswith(suffix) or fmt == wanted or (wanted == "doc" and fmt == "docx"):
            continue
        if fmt == "html":
            raise ReadError(f"{name}: is an HTML page, not {what} (a download error page?); download the document again")
        if fmt in ("text", "markdown", "xml"):
            kind = {"text": "plain text", "markdown": "Markdown text", "xml": "XML"}[fmt]
            raise ReadError(f"{name}: is {kind}, not {what}; download it again, or rename it if the text is the document")
        if fmt == "docx" and wanted == "pdf":
            raise ReadError(f"{name}: is a Word .docx file named .pdf; rename it to .docx")
        if fmt == "pdf":
            raise ReadError(f"{name}: is a PDF named {suffix}; rename it to .pdf")
        if fmt.startswith("password-protected"):
            raise ReadError(f"{name}: is a {fmt}")
        return  # other mismatches: the format's own message says what it is
