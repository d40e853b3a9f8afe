"""Plain text and Markdown.

Inline page markers left by PDF extraction ("- 2 -", "... - 3 -") become page
boundaries and are blanked out, together with the catchword that repeats the next
page's first words. Blanking keeps every offset equal to the file's own, so unit spans
point into the file as it is.
"""

from __future__ import annotations

import re

from ..errors import ReadError
from .base import SourceText

# "- 12 -", "-12-", "... - 12 -"; accepted only when the numbers run 2, 3, 4...
_MARKER = re.compile(r"(?<!\S)(?P<dots>\.\.\.\s*)?-\s?(?P<n>\d{1,4})\s?-(?!\S)")
_WORD = re.compile(r"\S+")


def decode_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(f"{name}: broken UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise ReadError(f"{name}: binary data, not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(10, len(text[:20000]) // 100):
        raise ReadError(f"{name}: looks like binary data, not a text document")
    return text


def read_text(data: bytes, name: str = "document", fmt: str = "text") -> SourceText:
    text = decode_text(data, name)
    # Normalise line ends without moving offsets ("\r\n" -> " \n").
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    text, page_starts = _take_page_markers(text)
    return SourceText(text=text, format=fmt, name=name, page_starts=page_starts)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _take_page_markers(text: str) -> tuple[str, list[int] | None]:
    chars = list(text)
    page_starts = [0]
    for m in _MARKER.finditer(text):
        if int(m.group("n")) != len(page_starts) + 1:
            continue
        start, end = m.start(), m.end()
        if m.group("dots"):
            start = _catchword_start(text, m.start(), end)
        _blank(chars, start, end)
        page_starts.append(m.start())
    if len(page_starts) == 1:
        return text, None
    return "".join(chars), page_starts


def _catchword_start(text: str, dots_at: int, marker_end: int) -> int:
    """Where the catchword before '...' starts, if it repeats the next page's first words."""
    before = list(_WORD.finditer(text, max(0, dots_at - 120), dots_at))
    after = [w.group() for w in _WORD.finditer(text, marker_end, marker_end + 200)][:4]
    for k in range(min(4, len(before)), 0, -1):
        words = [w.group() for w in before[-k:]]
        if words == after[:k]:
            return before[-k].start()
    return dots_at
