"""Opening a PDF with pypdf, and walking each page's content stream into positioned
runs of text (fonts decoded by pypdf, positions and widths tracked here)."""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ...errors import ReadError

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

DECRYPT_HINT = "remove the password first, e.g. `qpdf --decrypt in.pdf out.pdf`"


# --------------------------------------------------------------------------- opening


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair it makes to a damaged file; kb reports one line instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _first_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {msg[0]}" if msg else type(exc).__name__


_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b|startxref")


def _truncated(data: bytes) -> bool:
    """No end-of-file marker, or PDF objects after the last one (an incremental update
    cut short). Bytes that are not PDF after a complete file (a mail gateway's or a
    download tool's trailer) do not make it truncated: pypdf reads such files."""
    eof = data.rfind(b"%%EOF")
    if eof < 0:
        return True
    tail = data[eof + 5:]
    return len(tail) > 2048 and bool(_PDF_OBJECT.search(tail))


def _open(data: bytes, name: str) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if _truncated(data):
        raise ReadError(
            f"{name}: the PDF is truncated (no end-of-file marker); download or copy it again"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(f"{name}: the PDF is encrypted: {DECRYPT_HINT}")
        if len(reader.pages) == 0:
            raise ReadError(f"{name}: the PDF has no pages; the file may be damaged")
    except ReadError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise ReadError(f"{name}: the PDF is encrypted: {DECRYPT_HINT}") from None
    except Exception as exc:  # pypdf raises many types for damaged files
        raise ReadError(
            f"{name}: not a readable PDF ({_first_line(exc)}); the file is corrupt or incomplete"
        ) from None
    return reader


# --------------------------------------------------------------------------- geometry


@dataclass
class Run:
    """Text shown by one operator, placed on the page (points, y upwards)."""

    x0: float
    x1: float
    y: float
    size: float
    text: str


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _num(value: Any, default: float = 0.0) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return default
    return result if math.isfinite(result) else default


class _Codec:
    """Turns shown strings into text and widths with pypdf's font decoding."""

    def __init__(self, font_dict: Any) -> None:
        from pypdf.generic._font import Font

        self.font = Font.from_font_resource(font_dict)
        if self.font.character_widths.get(self.font.space_char, 0) == 0:
            self.font.space_width = 250
        self.simple = isinstance(self.font.encoding, dict)

    def decode(self, data: bytes) -> tuple[str, float, int]:
        """(text, advance in glyph units /1000, single-byte spaces for Tw)."""
        font = self.font
        if self.simple:
            enc = font.encoding
            coded = "".join(enc.get(b, chr(b)) for b in data)  # type: ignore[union-attr]
            raw = "".join(chr(b) for b in data)
            spaces = data.count(32)
        else:
            try:
                coded = data.decode(font.encoding, "surrogatepass")  # type: ignore[arg-type]
            except (UnicodeDecodeError, LookupError):
                coded = data.decode("utf-16-be", "replace") if len(data) % 2 == 0 else data.decode("latin-1")
            raw = coded
            spaces = 0
        widths = font.character_widths
        default = widths.get("default", 500)
        advance = sum(
            font.space_width if ch == font.space_char else widths.get(ch, default) for ch in raw
        )
        text = "".join(font.character_map.get(ch, ch) for ch in coded)
        return text, advance, spaces


class _Latin1Codec:
    """For a font the page does not define: bytes as Latin-1, average widths."""

    def decode(self, data: bytes) -> tuple[str, float, int]:
        return data.decode("latin-1"), 500.0 * len(data), data.count(32)


@dataclass
class _TextState:
    codec: Any = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0

    def copy(self) -> "_TextState":
        return _TextState(**self.__dict__)


class _PageWalker:
    """A content-stream interpreter that only tracks what places text."""

    MAX_FORM_DEPTH = 6

    def __init__(self, reader: Any, codecs: dict[int, Any]) -> None:
        self.reader = reader
        self.codecs = codecs  # shared across pages: fonts are usually shared objects
        self.runs: list[Run] = []
        self.skipped = 0  # rotated or sideways text (watermarks, margin notes)

    def walk_page(self, page: Any) -> list[Run]:
        from pypdf.generic import ContentStream

        contents = page.get("/Contents")
        if contents is None:
            return []
        contents = contents.get_object()
        stream = ContentStream(contents, self.reader, "bytes")
        ctm = _page_rotation(page)
        self._walk(stream.operations, page.get("/Resources"), ctm, depth=0, seen=set())
        return self.runs

    def _fonts(self, resources: Any) -> dict[str, Any]:
        fonts: dict[str, Any] = {}
        try:
            font_dict = resources.get_object().get("/Font") if resources is not None else None
            font_dict = font_dict.get_object() if font_dict is not None else {}
        except Exception:
            return fonts
        for key, ref in font_dict.items():
            ident = getattr(ref, "idnum", None)
            cache_key = ident if ident is not None else id(ref)
            if cache_key not in self.codecs:
                try:
                    self.codecs[cache_key] = _Codec(ref.get_object())
                except Exception:
                    self.codecs[cache_key] = _Latin1Codec()
            fonts[key] = self.codecs[cache_key]
        return fonts

    def _walk(self, operations: list, resources: Any, ctm: Matrix, depth: int, seen: set) -> None:
        fonts = self._fonts(resources)
        state = _TextState()
        stack: list[tuple[Matrix, _TextState]] = []
        tm = tlm = _IDENTITY
        for operands, op in operations:
            if op == b"q":
                stack.append((ctm, state.copy()))
            elif op == b"Q":
                if stack:
                    ctm, state = stack.pop()
            elif op == b"cm" and len(operands) == 6:
                ctm = _mul(tuple(_num(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == b"BT":
                tm = tlm = _IDENTITY
            elif op == b"Tf" and len(operands) >= 2:
                state.codec = fonts.get(operands[0]) or _Latin1Codec()
                state.size = _num(operands[1])
            elif op == b"Tc" and operands:
                state.char_space = _num(operands[0])
            elif op == b"Tw" and operands:
                state.word_space = _num(operands[0])
            elif op == b"Tz" and operands:
                state.scale = _num(operands[0], 100.0) / 100.0
            elif op == b"TL" and operands:
                state.leading = _num(operands[0])
            elif op == b"Ts" and operands:
                state.rise = _num(operands[0])
            elif op in (b"Td", b"TD") and len(operands) >= 2:
                tx, ty = _num(operands[0]), _num(operands[1])
                if op == b"TD":
                    state.leading = -ty
                tm = tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
            elif op == b"Tm" and len(operands) == 6:
                tm = tlm = tuple(_num(v) for v in operands)  # type: ignore[assignment]
            elif op == b"T*":
                tm = tlm = _mul((1, 0, 0, 1, 0, -state.leading), tlm)
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                if op == b"'" or op == b'"':
                    if op == b'"' and len(operands) >= 3:
                        state.word_space, state.char_space = _num(operands[0]), _num(operands[1])
                        operands = operands[2:]
                    tm = tlm = _mul((1, 0, 0, 1, 0, -state.leading), tlm)
                if operands:
                    tm = self._show(operands[0], op == b"TJ", state, tm, ctm)
            elif op == b"Do" and operands and depth < self.MAX_FORM_DEPTH:
                self._form(operands[0], resources, ctm, depth, seen)

    def _show(self, operand: Any, is_array: bool, state: _TextState, tm: Matrix, ctm: Matrix) -> Matrix:
        codec = state.codec or _Latin1Codec()
        parts = operand if is_array else [operand]
        pieces: list[str] = []
        start = _mul(tm, ctm)
        for part in parts:
            if isinstance(part, (bytes, str)) and not type(part).__name__ == "NameObject":
                data = part if isinstance(part, bytes) else part.encode("latin-1", "replace")
                text, advance, spaces = codec.decode(data)
                width = (advance / 1000.0 * state.size + state.char_space * len(text) + state.word_space * spaces)
                tm = _mul((1, 0, 0, 1, width * state.scale, 0), tm)
                pieces.append(text)
            else:
                shift = -_num(part) / 1000.0 * state.size * state.scale
                tm = _mul((1, 0, 0, 1, shift, 0), tm)
                if shift > 0.15 * state.size and pieces and not pieces[-1].endswith(" "):
                    pieces.append(" ")  # a word gap made by positioning, not by a space glyph
        text = "".join(pieces)
        if not text.strip():
            return tm
        end = _mul(tm, ctm)
        a, b, c, d = start[:4]
        if a <= 0 or d <= 0 or abs(b) > 0.05 * abs(a) or abs(c) > 0.05 * abs(d):
            self.skipped += 1
            return tm
        size = abs(state.size) * math.hypot(c, d)
        self.runs.append(Run(start[4], end[4], start[5] + state.rise * d, size, text))
        return tm

    def _form(self, name: Any, resources: Any, ctm: Matrix, depth: int, seen: set) -> None:
        from pypdf.generic import ContentStream

        try:
            xobjects = resources.get_object()["/XObject"].get_object()
            ref = xobjects[name]
            key = getattr(ref, "idnum", id(ref))
            xobj = ref.get_object()
        except Exception:
            return
        if xobj.get("/Subtype") != "/Form" or key in seen:
            return
        matrix = tuple(_num(v) for v in xobj.get("/Matrix", _IDENTITY))
        if len(matrix) != 6:
            matrix = _IDENTITY
        stream = ContentStream(xobj, self.reader, "bytes")
        self._walk(stream.operations, xobj.get("/Resources", resources), _mul(matrix, ctm), depth + 1, seen | {key})  # type: ignore[arg-type]


def _rotation(page: Any) -> int:
    return int(_num(page.get("/Rotate", 0))) % 360


def _page_rotation(page: Any) -> Matrix:
    """Device space as the page is displayed (/Rotate turns it clockwise)."""
    box = page.mediabox
    w, h = float(box.width), float(box.height)
    return {90: (0, -1, 1, 0, 0, w), 180: (-1, 0, 0, -1, w, h), 270: (0, 1, -1, 0, h, 0)}.get(
        _rotation(page), _IDENTITY
    )  # type: ignore[return-value]
