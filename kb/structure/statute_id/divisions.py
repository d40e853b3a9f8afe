"""BAB, Bagian and Paragraf headings: the heading path above each Pasal."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..common import clean_text
from .headings import _BLOCKERS
from .noise import _TOKEN

_STRUCT = re.compile(
    r"(?<![A-Za-z])(?:(?P<bab>BAB)\s+(?P<roman>[IVXL]+|[IVXL]*[l1][IVXL]*)(?![A-Za-z0-9])"
    r"|(?P<bagian>Bagian)\s+(?P<ord>Ke[a-z]+|Pertama)\b"
    r"|(?P<paragraf>Paragraf)\s+(?P<pnum>\d{1,4})\b)"
)


@dataclass
class _Struct:
    level: int  # 0 BAB, 1 Bagian, 2 Paragraf
    start: int
    label_end: int
    label: str
    title: str = ""
    title_end: int = 0  # where the title (as read, even if rejected) ends

    @property
    def text(self) -> str:
        return f"{self.label} {self.title}".strip()


def _structure(text: str, start: int, end: int, stops: list[int]) -> list[_Struct]:
    found: list[_Struct] = []
    for m in _STRUCT.finditer(text, start, end):
        if _cites_structure(text, m.start(), start):
            continue
        if m.group("bab"):
            roman = m.group("roman").replace("l", "I").replace("1", "I")
            found.append(_Struct(0, m.start(), m.end(), f"BAB {roman}"))
        elif m.group("bagian"):
            found.append(_Struct(1, m.start(), m.end(), f"Bagian {m.group('ord')}"))
        else:
            found.append(_Struct(2, m.start(), m.end(), f"Paragraf {m.group('pnum')}"))
    bounds = sorted({s.start for s in found} | set(stops) | {end})
    for s in found:
        # bisect, not a scan: a scan per heading is n² in headings (#13: a small file of
        # 30,000 "BAB I" took minutes)
        stop = bounds[bisect.bisect_left(bounds, s.label_end)]
        s.title, s.title_end = _title(text, s.label_end, stop, upper_only=s.level == 0)
    return found


def _cites_structure(text: str, pos: int, floor: int) -> bool:
    """ "dalam Bagian Kedua" cites a division; at the start of a line it is a heading
    (OCR drops words and commas before headings, so punctuation does not count)."""
    before = text[max(floor, pos - 40) : pos].rstrip(" \t^_*")
    if not before or before.endswith("\n"):
        return False
    return before.split()[-1].lower().strip(",.;:") in _BLOCKERS


def _title(text: str, start: int, stop: int, upper_only: bool) -> tuple[str, int]:
    """The title after a division's label in [start, stop), and where it ends."""
    end = stop
    if stop - start > 200:  # no next heading near: the title is the first line
        first = re.search(r"\S", text[start:stop])
        line = start + (first.start() if first else 0)
        newline = text.find("\n", line, stop)
        end = newline if newline >= 0 else stop
    if upper_only:  # a BAB title is in capitals; anything after is not part of it
        last = start
        for tok in _TOKEN.finditer(text, start, end):
            if any(c.islower() for c in tok.group().lstrip("^")) or re.fullmatch(r"\d{1,3}\.", tok.group()):
                break  # lower case, or a numbered sub-title ("1. Pimpinan ...")
            last = tok.end()
        if not text[start:last].strip(" \t\n.") and _short_title(text[start:end]):
            last = end  # an older act's title in running case: "BAB I. Ketentuan Umum."
        end = last
    title = clean_text(text[start:end])
    # A chapter title has no numbers: one with "NOMOR 59 TAHUN ..." is the document's title
    # block, misplaced by OCR.
    if upper_only and (re.search(r"\d", title) or len(title.split()) > 14):
        return "", end
    return (title if len(title) <= 160 else ""), end


def _short_title(raw: str) -> bool:
    """Words that can be a chapter title: a capital first, at most 12 words, one line."""
    words = raw.strip(" \t\n.").split()
    return 0 < len(words) <= 12 and words[0][:1].isupper() and "\n" not in raw.strip()


def _heading_path(structs: list[_Struct], pos: int) -> tuple[str, ...]:
    path: list[_Struct | None] = [None, None, None]
    for s in structs:
        if s.start >= pos:
            break
        path[s.level] = s
        for lower in range(s.level + 1, 3):
            path[lower] = None
    return tuple(s.text for s in path if s)



def classify_divisions(classify, structs: list[_Struct]) -> None:
    """The division headings are carried in units' heading paths: classify their text.
    A BAB's capitals are its title (or, misplaced by OCR, the document's title block); a
    Bagian's or Paragraf's rejected title (too long to be one) stays unassigned."""
    for s in structs:
        keep_title = s.level == 0 or bool(s.title)
        classify(s.start, s.title_end if keep_title else s.label_end, "heading")


_SUBTITLE_CHARS = 150
_TITLE_CHARS = 160  # the longest chapter title read (_title)  # a sub-title between a chapter and its first article ("1. Pimpinan ...")
# A numbered sub-title ("5. Ketentuan Umum.", "A. KETENTUAN UMUM."): one line, no clause.
_SUBTITLE = re.compile(r"\s*(?:[A-Z0-9]{1,3}\.\s+[A-Z][^.;:\n]{0,100}\.?\s*)+")


def headed_divisions(text: str, structs: list[_Struct], starts: list[int]) -> list[_Struct]:
    """The divisions that head something: after the title comes another division or an
    article heading (`starts`), with nothing between but page garbage (or, OCR having
    shuffled the lines, a "Pasal" heading). "BAB I
    (Pengeluaran) 5A.1 Kementerian ..." inside a budget table is no chapter heading."""
    # Last to first, so that a division followed by another of its level or above (a BAB by
    # a BAB) heads something only if that one does: "BAB I… BAB I (Pengeluaran) 4A.1 ..."
    # (a budget act's Pasal printing its table's chapters) is no chapter heading either. A
    # BAB followed by a Bagian OCR garbled keeps its heading, as before.
    bounds = sorted({d.start for d in structs} | set(starts))
    by_start = {d.start: d for d in structs}
    kept_starts: set[int] = set()
    article_starts = set(starts)
    kept = []
    for d in sorted(structs, key=lambda s: s.start, reverse=True):
        # bisect, not a scan: a scan per division is n² in divisions (#13)
        i = bisect.bisect_left(bounds, max(d.start + 1, d.title_end))
        if i == len(bounds):
            continue
        nxt = bounds[i]
        after = by_start.get(nxt)
        if (after is not None and after.level <= d.level and nxt not in kept_starts and nxt not in article_starts
                and not _captions_article(text, after, bounds, article_starts)):
            continue
        between = text[d.title_end : nxt]
        if not re.search(r"[a-z]{3,}", between) or re.match(r"[\s_*^]*Pas[ae][lI1it]\b", between):
            kept.append(d)
        elif len(between.strip()) <= _SUBTITLE_CHARS and _SUBTITLE.fullmatch(between):
            d.title_end = nxt  # the sub-title belongs to the heading
            kept.append(d)
        else:
            continue
        kept_starts.add(d.start)
    kept.reverse()
    return kept


def _captions_article(text: str, d: _Struct, bounds: list[int], article_starts: set[int]) -> bool:
    """Whether an article heading follows division `d` after at most one short caption:
    a chapter whose running-case title was not read ("BAB III. Tentang Hal-hal ... Pasal
    11."), still a chapter, not the start of a table."""
    i = bisect.bisect_left(bounds, max(d.start + 1, d.title_end))
    return (i < len(bounds) and bounds[i] in article_starts
            and len(text[d.title_end : bounds[i]].strip()) <= _TITLE_CHARS)
