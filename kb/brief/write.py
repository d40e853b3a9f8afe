"""Writing a brief to a file: Word (.docx), Markdown (.md), self-contained HTML (.html),
or the brief's JSON (.json, the shape of `Brief.to_dict()`). Files are written
atomically: a complete file or none."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import KbError
from ..output import check_format_matches
from .model import Brief

FORMATS = ("docx", "md", "html", "json")
_EXTENSIONS = {"docx": "docx", "md": "md", "markdown": "md", "html": "html", "htm": "html", "json": "json"}


def format_for(path: str | os.PathLike | None, fmt: str | None) -> str:
    """The format asked (`fmt`), else the file's extension. Raises KbError for others."""
    if fmt:
        check_format_matches(path, fmt, _EXTENSIONS)
        chosen = _EXTENSIONS.get(fmt.lower().lstrip("."))
    else:
        suffix = Path(path).suffix.lstrip(".").lower() if path else ""
        chosen = _EXTENSIONS.get(suffix)
        if chosen is None:
            raise KbError(f"cannot tell the format of {str(path)!r}: give --format docx, md or html, "
                          "or a file name ending in .docx, .md or .html")
    if chosen is None:
        raise KbError(f"unknown brief format {fmt!r}: use one of docx, md, html, json")
    return chosen


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in one format, as the bytes of its file."""
    fmt = format_for(None, fmt)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(brief)
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(brief).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(brief).encode("utf-8")
    return (json.dumps(brief.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_brief(brief: Brief, path: str | os.PathLike, format: str | None = None) -> Path:
    """Write the brief to `path` (format from `format` or the extension). Raises KbError
    for an unknown format or a place that cannot be written; never leaves half a file."""
    from ..output import write_atomically

    path = Path(path)
    data = render(brief, format_for(path, format))
    return write_atomically(path, lambda tmp: tmp.write_bytes(data))
