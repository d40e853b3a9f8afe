"""PDF: the text layer in reading order, with page boundaries and print furniture removed.

pypdf decodes the fonts; this module places the text. It walks each page's content
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
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import ReadError
from .base import SourceText

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

OCR_HINT = "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
DECRYPT_HINT = "remove the password first, e.g. `qpdf --decrypt in.pdf out.pdf`"


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


def _open(data: bytes, name: str) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%%EOF" not in data[-2048:]:
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


@dataclass
class Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str
    column: int = 0  # 0: full width (or single column), 1: left, 2: right


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


def _page_lines(reader: Any, name: str) -> tuple[list[list[Line]], list[float]]:
    """Lines of each page, and each page's displayed width."""
    codecs: dict[int, Any] = {}
    pages: list[list[Line]] = []
    widths: list[float] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            walker = _PageWalker(reader, codecs)
            runs = walker.walk_page(page)
            if not runs and walker.skipped:
                lines = _plain_lines(page)  # only rotated text: let pypdf orient it
            else:
                lines = _lines_from_runs(runs)
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(
                f"{name}: page {number} could not be read ({_first_line(exc)}); the PDF may be damaged"
            ) from None
        pages.append(lines)
        box = page.mediabox
        widths.append(float(box.height if _rotation(page) in (90, 270) else box.width))
    return pages, widths


def _plain_lines(page: Any) -> list[Line]:
    """Lines from pypdf's own extraction, with stand-in geometry (no columns)."""
    lines = []
    for i, text in enumerate(page.extract_text().splitlines()):
        if text.strip():
            lines.append(Line(0.0, 5.5 * len(text.strip()), 800.0 - 14 * i, 11.0, _tidy(text)))
    return lines


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00a0": " "})


def _tidy(text: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", text.translate(_LIGATURES)).strip()


def _lines_from_runs(runs: list[Run]) -> list[Line]:
    """Rows of runs sharing a baseline, split where a gap is wider than a word space.

    Each piece of a row becomes its own Line so that column detection can tell a
    gutter from a word gap; pieces of the same column are merged again afterwards.
    """
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x0)):
        if rows and abs(rows[-1][0].y - run.y) <= 0.35 * max(run.size, rows[-1][0].size, 1.0):
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        current: list[Run] = []
        for run in row:
            if current and run.x0 - max(r.x1 for r in current) > 1.0 * max(run.size, current[-1].size):
                lines.append(_merge(current))
                current = []
            current.append(run)
        lines.append(_merge(current))
    return [line for line in lines if line.text]


def _merge(runs: list[Run]) -> Line:
    parts: list[str] = []
    end = None
    for run in runs:
        text = run.text
        if parts and end is not None and run.x0 - end > 0.15 * run.size:
            if not parts[-1].endswith(" ") and not text.startswith(" "):
                parts.append(" ")
        parts.append(text)
        end = run.x1 if end is None else max(end, run.x1)
    size = max(r.size for r in runs)
    y = max(runs, key=lambda r: r.size).y
    return Line(runs[0].x0, max(r.x1 for r in runs), y, size, _tidy("".join(parts)))


# --------------------------------------------------------------------------- columns


def _order_columns(pages: list[list[Line]]) -> None:
    for i, lines in enumerate(pages):
        pages[i] = _read_order(lines)


def _find_gutter(lines: list[Line]) -> float | None:
    """x of a vertical gutter that splits the page into two text columns, if any.

    Works on line pieces (a row is cut wherever a gap is wider than a word space), so
    it needs no aligned baselines: most pieces must end left of the gutter or start
    right of it, and few may cross it.
    """
    if len(lines) < 6:
        return None
    left_edge = min(l.x0 for l in lines)
    right_edge = max(l.x1 for l in lines)
    width = right_edge - left_edge
    if width <= 0:
        return None
    n = len(lines)
    half = 0.5 * _median([l.size for l in lines])
    best: tuple[float, float] | None = None
    steps = 80
    for k in range(steps + 1):
        g = left_edge + width * (0.3 + 0.4 * k / steps)
        left = sum(1 for l in lines if l.x1 <= g - half)
        right = sum(1 for l in lines if l.x0 >= g + half)
        crossing = n - left - right
        if left >= 0.25 * n and right >= 0.25 * n and crossing <= 0.35 * n:
            score = min(left, right) - 2 * crossing
            if best is None or score > best[0]:
                best = (score, g)
    if best is None:
        return None
    g = best[1]
    lefts = [l.x1 - l.x0 for l in lines if l.x1 <= g]
    rights = [l.x1 - l.x0 for l in lines if l.x0 >= g]
    # Both sides must hold running text, not a column of labels or numbers.
    if _median(lefts) < 0.45 * (g - left_edge) or _median(rights) < 0.45 * (right_edge - g):
        return None
    return g


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def _read_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; where the page has two columns, the left one before the right one."""
    gutter = _find_gutter(lines)
    if gutter is None:
        return _merge_rows(lines, 0)
    left = [l for l in lines if l.x1 <= gutter]
    right = [l for l in lines if l.x0 >= gutter]
    full = [l for l in lines if l.x0 < gutter < l.x1]
    ordered: list[Line] = []
    merged_full = _merge_rows(full, 0)
    left_m, right_m = _merge_rows(left, 1), _merge_rows(right, 2)
    # Full-width lines (titles, a table across the gutter) cut the page into bands; within
    # a band the left column is read before the right one.
    cuts = [l.y for l in merged_full]
    def band(line: Line) -> int:
        return sum(1 for y in cuts if y > line.y)
    bands: dict[int, list[Line]] = defaultdict(list)
    for line in left_m + right_m:
        bands[band(line)].append(line)
    full_iter = iter(merged_full)
    for i in range(len(cuts) + 1):
        ordered.extend(sorted(bands.get(i, []), key=lambda l: (l.column, -l.y, l.x0)))
        nxt = next(full_iter, None)
        if nxt is not None:
            ordered.append(nxt)
    return ordered


def _merge_rows(lines: list[Line], column: int) -> list[Line]:
    """Pieces on the same baseline of one column become one line again."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda l: (-l.y, l.x0)):
        prev = out[-1] if out else None
        if prev is not None and abs(prev.y - line.y) <= 0.35 * max(prev.size, line.size):
            prev.text = f"{prev.text} {line.text}"
            prev.x1 = max(prev.x1, line.x1)
            prev.size = max(prev.size, line.size)
        else:
            out.append(Line(line.x0, line.x1, line.y, line.size, line.text, column))
    return out


# --------------------------------------------------------------------------- furniture

# "- 2 -", "2", "— 2 —", "Page 2", "page 2 of 9", "2/9", "Halaman 2 dari 9", "[2]"
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—\[(|]*(?:(?:page|halaman|hal\.|p\.)\s*)?(\d{1,4})"
    r"(?:\s*(?:of|dari|/|from)\s*\d{1,4})?[\s\-–—\])|]*$",
    re.IGNORECASE,
)
_CATCHWORD = re.compile(r"^(?P<words>.*?\S)\s*(?:\.\s?){3,}$|^(?P<words2>.*?\S)\s*…$")
_ZONE = 4  # lines at the top and bottom of a page where furniture can sit


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _remove_furniture(pages: list[list[Line]]) -> int:
    n = len(pages)
    flagged: set[tuple[int, int]] = set()
    for _ in range(2):  # a second pass finds a header line hidden below a first one
        zones = {p: _zones(lines, flagged, p) for p, lines in enumerate(pages)}
        if n >= 2:
            flagged |= _repeated(pages, zones, n)
        flagged |= _page_numbers(pages, zones)
    flagged |= _catchwords(pages, flagged)
    for p in range(n):
        pages[p] = [line for i, line in enumerate(pages[p]) if (p, i) not in flagged]
    return len(flagged)


def _zones(lines: list[Line], flagged: set[tuple[int, int]], p: int) -> dict[str, list[int]]:
    """Indices of the topmost and bottommost lines not yet flagged."""
    by_height = sorted((i for i in range(len(lines)) if (p, i) not in flagged), key=lambda i: -lines[i].y)
    return {"top": by_height[:_ZONE], "bottom": by_height[-_ZONE:]}


def _repeated(pages: list[list[Line]], zones: dict, n: int) -> set[tuple[int, int]]:
    needed = n if n <= 2 else max(2, math.ceil(0.5 * n))
    seen: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    for p, zone in zones.items():
        for side, indices in zone.items():
            for i in indices:
                line = pages[p][i]
                # Same text (digits aside) at the same height: a running header or footer.
                seen[(side, _key(line.text), round(line.y / 4))].append((p, i))
    flagged: set[tuple[int, int]] = set()
    for hits in seen.values():
        if len({p for p, _ in hits}) >= needed and _numbers_run_with_pages(pages, hits):
            flagged.update(hits)
    return flagged


def _numbers_run_with_pages(pages: list[list[Line]], hits: list[tuple[int, int]]) -> bool:
    """Each number in a repeated line is fixed ("GC/1") or counts the pages ("Page 3").

    Keeps "Article 1" on page 1 and "Article 4" on page 3 from passing for a header.
    """
    numbers = [[int(n) for n in re.findall(r"\d+", pages[p][i].text)] for p, i in hits]
    for column in zip(*numbers):
        if len(set(column)) == 1:
            continue
        offsets = {n - p for n, (p, _) in zip(column, hits)}
        if len(offsets) != 1:
            return False
    return True


def _page_numbers(pages: list[list[Line]], zones: dict) -> set[tuple[int, int]]:
    candidates: list[tuple[int, int, int]] = []
    for p, zone in zones.items():
        for i in set(zone["top"][:2] + zone["bottom"][-2:]):
            m = _PAGE_NUMBER.match(pages[p][i].text)
            if m:
                candidates.append((p, i, int(m.group(1)) - (p + 1)))
    if not candidates:
        return set()
    # Printed numbers run with the physical pages, give or take front matter.
    offset, count = Counter(c[2] for c in candidates).most_common(1)[0]
    if count < 2 and (len(pages) > 1 or offset != 0):
        return set()  # one number alone proves nothing, unless it is page 1 of 1
    return {(p, i) for p, i, off in candidates if off == offset}


def _catchwords(pages: list[list[Line]], flagged: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """'Pasal 5 . . .' at the foot of a page, repeating the next page's first words."""
    found: set[tuple[int, int]] = set()
    for p in range(len(pages) - 1):
        body = [i for i in range(len(pages[p])) if (p, i) not in flagged]
        nxt = [pages[p + 1][i] for i in range(len(pages[p + 1])) if (p + 1, i) not in flagged]
        if not body or not nxt:
            continue
        last = body[-1]
        m = _CATCHWORD.match(pages[p][last].text)
        if not m:
            continue
        words = (m.group("words") or m.group("words2") or "").split()
        following = " ".join(line.text for line in nxt[:2]).split()
        if words and following[: len(words)] == words:
            found.add((p, last))
    return found


# --------------------------------------------------------------------------- paragraphs

_BLOCK_START = re.compile(
    r"^(?:Pasal\s+\d+|BAB\s+[IVXLC\d]+|Bagian\s+\w+|Paragraf\s+\d+|Penjelasan\b|"
    r"Article\s+\d+|ARTICLE\s+\d+|Chapter\s+\w+|CHAPTER\s+\w+|Part\s+\w+|PART\s+\w+|"
    r"Annex\b|ANNEX\b|\(\d+[a-z]?\)|\d+[.)]\s|[a-z][.)]\s|\([a-z]{1,4}\)\s)"
)
_WORD = re.compile(r"\w[\w’'\-]*", re.UNICODE)
_HYPHEN_END = re.compile(r"(?P<word>\w[\w\-]*?)-$")
_NEXT_WORD = re.compile(r"^(?P<word>-?\w[\w\-’']*)")


@dataclass
class _Frame:
    """Where a column's text runs: left and right margins, and the usual line pitch."""

    left: float
    right: float
    pitch: float


def _frames(pages: list[list[Line]], page_width: float) -> dict[int, _Frame]:
    by_col: dict[int, list[Line]] = defaultdict(list)
    pitches: list[float] = []
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if a.column == b.column and 0 < a.y - b.y < 3 * a.size:
                pitches.append(round(a.y - b.y, 1))
        for line in lines:
            by_col[line.column].append(line)
    pitch = Counter(pitches).most_common(1)[0][0] if pitches else 0.0
    frames = {}
    for col, lines in by_col.items():
        ends = sorted(l.x1 for l in lines)
        starts = sorted(l.x0 for l in lines)
        # The right margin is where most long lines end; one wide table must not move it.
        right = ends[int(0.9 * (len(ends) - 1))]
        left = starts[int(0.05 * (len(starts) - 1))]
        if col == 0 and len(lines) < 8:
            right = max(right, page_width - left)  # too few lines to see a margin: assume even ones
        frames[col] = _Frame(left, right, pitch)
    return frames


def _centred(line: Line, frame: _Frame) -> bool:
    middle = (frame.left + frame.right) / 2
    return line.x0 > frame.left + 1 and abs((line.x0 + line.x1) / 2 - middle) < line.size


def _fits(a: Line, b: Line, frame: _Frame) -> bool:
    """Would b's first word have fitted on line a? Then a ended its paragraph."""
    first = b.text.split(" ", 1)[0]
    per_char = (b.x1 - b.x0) / max(len(b.text), 1)
    room = frame.right - a.x1
    if _centred(a, frame):
        room += a.x0 - frame.left  # a centred line could have grown both ways
    return room > (len(first) + 1) * per_char + 0.5 * a.size


def _broken_word(line: str, nxt: str) -> bool:
    """Does `line` end inside a word that `nxt` finishes ("Pelindung-" "an", "dan/" "atau")?"""
    if line.endswith("\xad"):
        return True
    starts_word = nxt[:1].isalnum() or nxt[:1] == "-"
    return starts_word and (bool(_HYPHEN_END.search(line)) or bool(re.search(r"\w/$", line)))


def _breaks(a: Line, b: Line, frames: dict[int, _Frame], a_starts_para: bool, same_flow: bool) -> bool:
    """Does a new paragraph (or heading, or list item) start at line b?"""
    if _broken_word(a.text, b.text):
        return False  # a word broken across the lines
    frame = frames.get(a.column) or _Frame(a.x0, a.x1, 0.0)
    if _fits(a, b, frame):
        return True
    if same_flow:
        gap = a.y - b.y
        if gap <= 0 or (frame.pitch and gap > 1.3 * frame.pitch) or (not frame.pitch and gap > 1.6 * a.size):
            return True  # paragraph spacing
        centred = _centred(a, frame) and _centred(b, frame)
        if abs(b.x0 - a.x0) > 0.5 * a.size and not a_starts_para and not centred:
            return True  # indented or outdented: a new paragraph or list item
    # A list item or heading after a finished sentence, in text set without spacing.
    return a.text.rstrip().endswith((".", ":", ";")) and bool(_BLOCK_START.match(b.text))


@dataclass
class _Vocabulary:
    """The document's own words, to tell a typesetter's hyphen from a real one."""

    words: Counter
    heads: Counter  # first parts of hyphenated compounds ("gender" in "gender-based")
    tails: Counter  # their last parts ("based")


def _vocabulary(pages: list[list[Line]]) -> _Vocabulary:
    """Words of the document, not counting the pieces of words broken at line ends."""
    words: Counter = Counter()
    heads: Counter = Counter()
    tails: Counter = Counter()
    broken_next = False
    for lines in pages:
        for line in lines:
            found = _WORD.findall(line.text)
            if broken_next and found:
                found = found[1:]
            broken_next = bool(_HYPHEN_END.search(line.text))
            if broken_next and found:
                found = found[:-1]
            for word in found:
                word = word.lower().strip("-’'")
                words[word] += 1
                parts = word.split("-")
                if len(parts) == 2 and parts[0] and parts[1] and parts[0] != parts[1]:
                    heads[parts[0]] += 1
                    tails[parts[1]] += 1
    return _Vocabulary(words, heads, tails)


def _dehyphenate(left: str, right: str, vocab: _Vocabulary) -> str:
    """How 'left-' at a line end and 'right' at the next line start belong together.

    Returns the joined word: with the hyphen for compounds and reduplication, without it
    for a word the typesetter broke.
    """
    if right.startswith("-"):
        return left + right  # "langkah-" + "-langkah": the printer repeated the hyphen
    last = left.rsplit("-", 1)[-1]
    head = right.split("-", 1)[0]
    if head.lower() == last.lower():
        return f"{left}-{right}"  # reduplication: hak-hak, HAK-HAK
    if last[-1:].isdigit() or head[:1].isdigit():
        return f"{left}-{right}"  # ranges and codes: 2003-2004
    key_r = right.lower().strip("’'")
    joined_n = vocab.words[(left + key_r).lower()]
    hyphened_n = vocab.words[f"{left}-{key_r}".lower()]
    if joined_n != hyphened_n:
        return left + right if joined_n > hyphened_n else f"{left}-{right}"
    # Neither form occurs elsewhere: a part that forms compounds elsewhere in the
    # document ("gender-based" -> "web-based") keeps the hyphen.
    if len(head) >= 3 and vocab.tails[head.lower()] or len(last) >= 3 and vocab.heads[last.lower()]:
        return f"{left}-{right}"
    if head[:1].isupper() and any(c.islower() for c in last):
        return f"{left}-{right}"  # Undang-Undang, Asia-Pacific
    return left + right


class _Paragraph:
    """A paragraph built line by line; each append costs a line, not a paragraph."""

    def __init__(self, first: str) -> None:
        self.pieces = [first]
        self.length = len(first)

    def text(self) -> str:
        return "".join(self.pieces)

    def _set_last(self, new: str) -> None:
        self.length += len(new) - len(self.pieces[-1])
        self.pieces[-1] = new

    def _append(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)

    def join(self, nxt: str, vocab: _Vocabulary) -> int:
        """Appends line `nxt`; returns where nxt's own text starts in the paragraph."""
        last = self.pieces[-1]
        if last.endswith("\xad"):  # a soft hyphen only marks where a word was broken
            self._set_last(last[:-1])
            at = self.length
            self._append(nxt)
            return at
        if re.search(r"\w/$", last) and nxt[:1].isalnum():  # "dan/" + "atau"
            at = self.length
            self._append(nxt)
            return at
        m = _HYPHEN_END.search(last)
        n = _NEXT_WORD.match(nxt)
        if m and n:
            right = n.group("word").rstrip("-’'")
            word = _dehyphenate(m.group("word"), right, vocab)
            self._set_last(last[: m.start()] + word)
            # nxt's own characters begin where its part of the word begins.
            at = self.length - (len(right) if word.endswith(right) else len(word))
            self._append(nxt[len(right):])
            return max(at, 0)
        self._append(" ")
        at = self.length
        self._append(nxt)
        return at


def _assemble(pages: list[list[Line]], page_width: float) -> tuple[str, list[int]]:
    """The document's text, one paragraph a line, and the offset where each page starts."""
    frames = _frames(pages, page_width)
    vocab = _vocabulary(pages)
    paragraphs: list[str] = []  # finished paragraphs
    done = 0  # characters in finished paragraphs, with their newlines
    current: _Paragraph | None = None
    page_starts: list[int] = []
    prev: Line | None = None
    para_first = True
    for lines in pages:
        page_start: int | None = None
        for index, line in enumerate(lines):
            same_flow = prev is not None and index > 0 and prev.column == line.column
            if current is None or prev is None or _breaks(prev, line, frames, para_first, same_flow):
                if current is not None:
                    paragraphs.append(current.text())
                    done += current.length + 1
                current, at, para_first = _Paragraph(line.text), 0, True
            else:
                at = current.join(line.text, vocab)
                para_first = False
            if page_start is None:
                page_start = done + at
            prev = line
        if page_start is None:  # a page without text starts where the next text does
            page_start = done + (current.length + 1 if current is not None else 0)
        page_starts.append(page_start)
    if current is not None:
        paragraphs.append(current.text())
    text = "\n".join(paragraphs) + "\n"
    page_starts[0] = 0
    for i in range(1, len(page_starts)):
        page_starts[i] = max(page_starts[i], page_starts[i - 1])
    return text, page_starts
