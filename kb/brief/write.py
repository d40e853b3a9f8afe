"""Writing a brief to a file: Word (.docx), Markdown (.md), self-contained HTML (.html),
or the brief's JSON (.json, the shape of `Brief.to_dict()`). Files are written
atomically: a complete file or none."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..errors import KbError
from .model import Brief

FORMATS = ("docx", "md", "html", "json")
_EXTENSIONS = {"docx": "docx", "md": "md", "markdown": "md", "html": "html", "htm": "html", "json": "json"}


def format_for(path: str | os.PathLike | None, fmt: str | None) -> str:
    """The format asked (`fmt`), else the file's extension. Raises KbError for others."""
    if fmt:
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
    path = Path(path)
    fmt = format_for(path, format)
    data = render(brief, fmt)
    if path.is_dir():
        raise KbError(f"cannot write {path}: it is a folder")
    if not path.parent.exists():
        raise KbError(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KbError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as any file the user writes (mkstemp makes it private)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KbError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
