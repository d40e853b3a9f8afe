"""Plain text and Markdown.

Inline page markers left by PDF extraction ("- 2 -", "... - 3 -") become page
boundaries and are blanked out, together with the catchword that repeats the next
page's first words. A marker heads the page whose number it prints: the markers may be
sporadic ("- 16 -" alone means the text before it is page 15) and may restart (a
Penjelasan or Lampiran printed with its own numbering, "- 2 -" after "- 9 -"); the
printed numbers go to `SourceText.page_numbers`.

In Markdown, emphasis marks (`_term_`, `**term**`) and heading marks (`### `) are
mark-up, not text: they are blanked too.

Blanking keeps every offset equal to the file's own, so unit spans point into the file
as it is; every blanked piece is recorded in `SourceText.removed` for the text audit.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..errors import ReadError
from .base import SourceText, wide_encoding

# "- 12 -", "-12-", "... - 12 -". No cap on the number: a long statute has pages past 999.
_MARKER = re.compile(r"(?<!\S)(?P<dots>\.\.\.\s*)?-\s?(?P<n>\d{1,5})\s?-(?!\S)")
_WORD = re.compile(r"\S+")
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})
# A marker that breaks the sequence (sporadic, or restarting) is believed only on a line
# of its own: "2010 - 2012 - 2014" in running text is not a page number.
_ALONE = re.compile(r"[ \t]*(?:\n|$)")

# Markdown mark-up around words (`_Protocol against the Smuggling_`, `**Pasal 5**`), on one
# line, enclosing at least one letter; "_42_" (an OCR page number) and "**)" (a form's
# footnote sign) are not emphasis.
_EMPHASIS = re.compile(
    r"(?<![\w\\_*])(?P<mark>_|\*\*)(?=[^\s_*])(?P<inner>[^\n]{0,400}?[^\s\\_*])(?P=mark)(?![\w_*])"
)
_PAGE_LIKE = re.compile(r"[0-9tlIOo]{1,4}")
# "### Article 1"; also "###Article 1", "####Recruitment ...": stores that write Markdown
# without the space after the marks (the Dutch government's treaty texts of ILO
# conventions) mean a heading just the same.
_HEADING_MARK = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]|(?=[^\W\d_]))", re.M)


def decode_text(data: bytes, name: str) -> str:
    """The text of a text file's bytes: UTF-8 (a BOM dropped), or UTF-16 / UTF-32 with or
    without a byte-order mark (`wide_encoding`). Raises ReadError (one line) for bytes
    that are not text in one of these, or that decode to control characters (binary)."""
    wide = wide_encoding(data)
    if wide:
        what = wide.split("-")[0].upper() + "-" + wide.split("-")[1]  # "UTF-16"
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise ReadError(f"{name}: broken {what} text (bad bytes at offset {exc.start}); "
                            f"convert it to UTF-8 first, e.g. `iconv -f {wide.upper().replace('-LE', 'LE').replace('-BE', 'BE')} -t UTF-8`") from None
        text = text.removeprefix("\ufeff")
        if "\x00" in text[:20000]:
            raise ReadError(f"{name}: looks like binary data, not a text document")
    elif b"\x00" in data[:4096]:
        raise ReadError(f"{name}: binary data, not a text document")
    else:
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
    """A text or Markdown file as a `SourceText` (fmt "text" or "markdown").

    Page markers become `page_starts` (offset of each physical page) and `page_numbers`
    (the number printed on it); markers, catchwords and Markdown mark-up are blanked in
    place and listed in `removed`. Raises ReadError for undecodable or binary data.
    """
    text = decode_text(data, name)
    # Normalise line ends without moving offsets ("\r\n" -> " \n"), and no-break spaces
    # (word processors put them between "Pasal" and its number) to spaces, one for one.
    text = text.replace("\r\n", " \n").replace("\r", "\n").translate(_SPACES)
    blanker = _Blanker(list(text))
    pages = _take_page_markers(text, blanker)
    if fmt == "markdown":
        _take_markup(text, blanker)
    source = SourceText(
        text="".join(blanker.chars) if blanker.removed else text,
        format=fmt,
        name=name,
        page_starts=pages.starts if pages else None,
        page_numbers=pages.numbers if pages and pages.numbers != list(range(1, len(pages.numbers) + 1)) else None,
    )
    source.removed = [(kind, piece, _page(source, start)) for start, kind, piece in sorted(blanker.removed)]
    return source


def _page(source: SourceText, offset: int) -> int | None:
    pages = source.pages_for(offset, offset + 1)
    return pages[0] if pages else None


@dataclass
class _Blanker:
    """Blanks spans of the text in place (line breaks stay) and remembers what went."""

    chars: list[str]

    def __post_init__(self) -> None:
        self.removed: list[tuple[int, str, str]] = []  # (start, kind, text)

    def blank(self, start: int, end: int, kind: str) -> None:
        piece = "".join(self.chars[start:end])
        if not piece.strip():
            return
        self.removed.append((start, kind, piece))
        for i in range(start, end):
            if self.chars[i] != "\n":
                self.chars[i] = " "


@dataclass
class _Pages:
    starts: list[int]
    numbers: list[int | None]  # None: a page whose number is unknown (markers lost)


def _take_page_markers(text: str, blanker: _Blanker) -> _Pages | None:
    """Page boundaries from the "- N -" markers the text holds, blanking each marker (and
    its catchword). A marker is taken when it continues the count (N = last + 1), or,
    standing on its own line, when it jumps ahead (pages whose markers were lost; nothing
    later contradicts the jump) or restarts a count ("- 2 -", or a lower number whose
    "- 2 -" was lost, after higher numbers). Where markers were lost, the pages between
    are unknown (`_unknown_where_lost`)."""
    found = [m for m in _MARKER.finditer(text)]
    starts: list[int] = [0]
    numbers: list[int | None] = [1]
    last: int | None = None  # the last printed number taken
    for k, m in enumerate(found):
        n = int(m.group("n"))
        if not _plausible(text, m, n, last, found[k + 1 :]):
            continue
        start, end = m.start(), m.end()
        if m.group("dots"):
            catch = _catchword_start(text, m.start(), end)
            blanker.blank(catch, m.start() + len(m.group("dots")), "running-footer")
            start = m.start() + len(m.group("dots"))
        blanker.blank(start, end, "page-number")
        if last is None and n != 2:
            numbers[0] = n - 1  # the first marker printed: the text before is page n - 1
        starts.append(m.start())
        numbers.append(n)
        last = n
    if len(starts) == 1:
        return None
    starts, numbers = _unknown_where_lost(starts, numbers, len(text))
    return _Pages(*_after_numberless_headers(text, starts, numbers))


OVERLONG_PAGE = 2.5  # × the median complete page: longer is no page (see _unknown_where_lost)


def _unknown_where_lost(starts: list[int], numbers: list, end: int) -> tuple[list[int], list]:
    """A page whose successor's marker was lost ("- 28 -", then "- 43 -") ends somewhere
    before the next marker taken: past the length of this text's shortest complete page
    after its marker, the page is unknown (None) up to that marker, so no unit is cited to
    a page it may not be on; so is a page several times longer than usual, and a last page
    longer than the longest (a Penjelasan whose own count was lost). Complete pages lie between markers N and N + 1
    (or the text's start and its first marker); a text without one is left as it is."""
    steps = [starts[i + 1] - starts[i] for i in range(len(starts) - 1) if numbers[i + 1] == numbers[i] + 1]
    if not steps:
        return starts, numbers
    # A "page" several times the usual length is not one: its markers belong to another
    # count (a body without markers before a Penjelasan's "- 2 -").
    usual = sorted(steps)[len(steps) // 2]
    complete = [n for n in steps if n <= OVERLONG_PAGE * usual]
    shortest = min(complete)
    out_starts, out_numbers = [], []
    for i in range(len(starts)):
        nxt = starts[i + 1] if i + 1 < len(starts) else end
        out_starts.append(starts[i])
        out_numbers.append(numbers[i])
        if i + 1 < len(starts):
            lost = numbers[i + 1] != numbers[i] + 1 or nxt - starts[i] > OVERLONG_PAGE * usual
        else:  # the last page: as long as the longest page at most (a Penjelasan may follow, uncounted)
            lost = nxt - starts[i] > 1.5 * max(complete)
        if lost and nxt - starts[i] > shortest:
            out_starts.append(starts[i] + shortest)
            out_numbers.append(None)
    return out_starts, out_numbers


# The running header of an Indonesian statute's scan as OCR reads it, letter-spaced or
# garbled ("PRES I DEN REPUBLIK INDONESIA", "PRES tDEN REPU…", "FRES IDEN REPUBLIK"): it heads
# every page. The word written whole ("PRESIDEN REPUBLIK INDONESIA") is also the text of
# enacting formulas and signature blocks, so it is not taken for a header.
_RUNNING_HEADER = re.compile(r"(?<![A-Za-z])(?!PRESIDEN\b)[PF]RES\s?[I1lt\]]\s?[DO]EN\s+R")


def _after_numberless_headers(text: str, starts: list[int], numbers: list) -> tuple[list[int], list]:
    """A running header whose page number the scan lost ("PRES I DEN REPUU.'I", no "- 14 -")
    still starts a new page: from there the page is unknown (None) up to the next page
    boundary, so text after it is not cited to the page before."""
    cuts = []
    for m in _RUNNING_HEADER.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        nxt = starts[i + 1] if i + 1 < len(starts) else len(text)
        if numbers[i] is not None and nxt - m.start() > 120 and m.start() - starts[i] > 120:
            cuts.append(m.start())  # not the header of a page whose marker was taken
    if not cuts:
        return starts, numbers
    pairs = sorted(list(zip(starts, numbers)) + [(c, None) for c in cuts], key=lambda p: p[0])
    return [a for a, _n in pairs], [n for _a, n in pairs]


def _plausible(text: str, m: re.Match, n: int, last: int | None, later: list[re.Match]) -> bool:
    expected = 2 if last is None else last + 1
    if n == expected:
        return True
    alone = _ALONE.match(text, m.end()) and not text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip()
    if n < 2 or not (alone or _after_running_header(text, m.start())):
        return False
    if last is not None and n <= last:
        # A new count (Penjelasan, Lampiran) starts again at page 2; a higher number
        # only where its "- 2 -" was lost, and then only in a page number's own place.
        return n == 2 or n < last
    # A jump ahead, unless a later marker fills the gap before the count passes this one
    # (then this one is misread or a reference). Markers after a higher number, or after a
    # "- 2 -" that starts a new count, belong to pages further on or to that other count
    # (the Penjelasan's "- 16 -" when its "- 2 -" was lost) and contradict nothing.
    floor = last or 1
    for x in later:
        v = int(x.group("n"))
        if v > n or v == 2:
            return True
        if floor < v < n:
            return False
    return True


# The running header an OCR scan of an Indonesian statute prints above the page number,
# however garbled ("PRES I DEN REPUBLIK INDONESIA", "*. \", J.T[ t,',?Sf; ,., r., o").
_HEADER_WORDS = re.compile(r"REPUBLIK\s+INDONESIA\s*$")
_CLEAN_TOKEN = re.compile(r"^[(\"“]?(?:[A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)*|[A-Z]{2,}|\d+(?:[.,/]\d+)*)[)\"”.,;:]?$")


def _after_running_header(text: str, at: int) -> bool:
    """Whether a page marker at `at` follows, on its line, a running header rather than
    running text: the statute's header words, or OCR debris (most of the up to six tokens
    before it are not words). OCR joins a page's header, number and first line into one,
    so such a marker does not stand alone on its line and is still the page number."""
    line = text[text.rfind("\n", 0, at) + 1 : at]
    if _HEADER_WORDS.search(line) or _RUNNING_HEADER.search(line[-60:]):
        return True
    tokens = line.split()[-6:]
    if len(tokens) < 2:
        return False
    junk = sum(1 for t in tokens if not _CLEAN_TOKEN.match(t))
    return junk * 2 > len(tokens)


def _catchword_start(text: str, dots_at: int, marker_end: int) -> int:
    """Where the catchword before '...' starts, if it repeats the next page's first words."""
    before = list(_WORD.finditer(text, max(0, dots_at - 120), dots_at))
    after = [w.group() for w in _WORD.finditer(text, marker_end, marker_end + 200)][:4]
    for k in range(min(4, len(before)), 0, -1):
        words = [w.group() for w in before[-k:]]
        if words == after[:k]:
            return before[-k].start()
    return dots_at


def _take_markup(text: str, blanker: _Blanker) -> None:
    """Blank Markdown emphasis marks and heading marks (the marked words stay)."""
    for m in _EMPHASIS.finditer(text):
        inner = m.group("inner")
        if not any(c.isalpha() for c in inner) or _PAGE_LIKE.fullmatch(inner):
            continue  # "_42_", "_t2_": a page number as OCR read it, not emphasis
        mark = len(m.group("mark"))
        blanker.blank(m.start(), m.start() + mark, "markup")
        blanker.blank(m.end() - mark, m.end(), "markup")
    for m in _HEADING_MARK.finditer(text):
        blanker.blank(m.start(1), m.end(1), "markup")
