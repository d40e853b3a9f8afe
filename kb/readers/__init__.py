"""Readers turn a file into text with a page map, whatever its format.

`read(path)` sniffs the format from the bytes (not only the extension) and returns a
`SourceText`. Anything it cannot read raises `ReadError` with a one-line reason.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .base import Block, SourceText, sniff_format

__all__ = ["Block", "SourceText", "read", "read_bytes", "sniff_format", "SUPPORTED"]

SUPPORTED = ("pdf", "text", "markdown", "xml", "html")


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
    """`data` as text with a page map; raises ReadError (a KbError) and nothing else, so a
    caller (the CLI, a service) can answer any file with one line."""
    try:
        return _read_bytes(data, name)
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
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if fmt == "xml":
        from .xml import read_xml

        return read_xml(data, name)
    if fmt == "html":
        from .html import read_html

        return read_html(data, name)
    if fmt in ("text", "markdown"):
        from .text import read_text

        return read_text(data, name, fmt)
    raise ReadError(
        f"{name}: unsupported format ({fmt}); kb reads PDF, plain text, Markdown, XML and HTML"
    )
