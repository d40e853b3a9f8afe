"""Sentence and clause boundaries in legal text.

Statutes enumerate ("memiliki kewajiban: a. …; b. …; dan c. …") and UN texts cite ("No. 97",
"para. 24", "art. 5"), so a naive split on ". " both misses boundaries and invents them.
Spans returned here are offsets into the text, so quotes stay verbatim.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """no nos nr para paras art arts e.g i.e etc cf mr mrs ms dr prof h ttd vol p pp hlm jo jl
    sdr st inc ltd co u.s u.n op ibid ch sec fig approx dll dsb dkk tsb rp ir drs hj kh ayat jo
    s.h m.h s.e vs v viz al""".split()
)
# Where a new clause starts inside an enumeration: after ";" or ":" before a list marker.
# UN documents often glue a bracketed marker to its item ("; (c)Insufficient rest ...").
_LIST_MARKER = (r"(?:(?:dan|atau|and|or|dan/atau|and/or)\s+)?(?:\(?[a-z]\)|\(?\d{1,3}\)|[a-z]\.|\d{1,3}\.|\([ivx]{1,5}\))"
                r"(?:\s|(?<=\))(?=[A-Z]))")
_CLAUSE_BREAK = re.compile(rf"(?<=[;:])\s+(?={_LIST_MARKER})")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9(])")
_WORD_BEFORE = re.compile(r"(\S+)$")
_TWO_WORDS_BEFORE = re.compile(r"(\S+)\s+(\S+)$")
# A number after these is a reference ("dalam Pasal 13."), not a list marker ("13. ...").
_REFERENCE_WORDS = frozenset(
    "pasal ayat huruf angka bab bagian paragraf nomor tahun article articles art arts paragraph paragraphs "
    "para paras chapter part section annex no nos rule resolution".split()
)


# How far back from a '.' the word (and the word before it) is looked for: longer than any
# abbreviation, list marker or reference word with the blanks around it. A search from the
# start of the text made every sentence end cost the whole text before it (n² on a text of
# thousands of short sentences: 8,000 "Cukup jelas." took minutes).
_LOOKBACK = 120


def _is_abbreviation(text: str, dot_at: int) -> bool:
    """Whether the '.' at `dot_at` ends an abbreviation or a list marker, not a sentence."""
    low = max(0, dot_at - _LOOKBACK)
    m = _WORD_BEFORE.search(text, low, dot_at)
    if m and m.start() == low and low > 0 and not text[low - 1].isspace():
        return False  # a "word" longer than the look-back: no abbreviation, marker or number
    word = (m.group(1) if m else "").lower().lstrip("(\"'“")
    if not word:
        return True
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return True
    # Joined to the word before by a slash or dash: "Families/No. 22", "CMW/No. 3".
    tail = re.split(r"[/–—-]", word)[-1]
    if tail != word and tail in _ABBREVIATIONS:
        return True
    if word.isdigit():
        two = _TWO_WORDS_BEFORE.search(text, max(0, m.start() - _LOOKBACK), dot_at)
        if two and two.group(1).lower().strip("(,.") in _REFERENCE_WORDS:
            return False
    # List markers "a." "iv." "12." and initials "J."
    return bool(re.fullmatch(r"[a-z]|[ivxl]{1,5}|\d{1,3}", word))


_FULL_STOP = re.compile(r"(?<=[.!?])[\"'”’)]*(?=\s)")


def full_stops(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets just past each ".", "!" or "?" in [start, end) that ends a sentence as far
    as the words before it tell (not an abbreviation, a list marker "b." or a number),
    whatever follows: in a scan that lost lines, the next sentence's start may be lost
    too, so the text after a sentence's end may begin in lower case."""
    end = len(text) if end is None else end
    out = []
    for m in _FULL_STOP.finditer(text, start, end):
        dot = m.start() - 1
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        out.append(m.end())
    return out


def sentence_spans(text: str, max_chars: int = 600) -> list[tuple[int, int]]:
    """Spans of sentences and enumeration clauses covering `text`, stripped of spaces."""
    cuts = {0, len(text)}
    for m in _SENTENCE_END.finditer(text):
        dot = m.start() - 1
        while dot > 0 and text[dot] in "\"'”’)":
            dot -= 1
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(m.end())
    for m in _CLAUSE_BREAK.finditer(text):
        cuts.add(m.end())
    bounds = sorted(cuts)
    spans: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        spans.extend(_split_long(text, a, b, max_chars))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _split_long(text: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut run-on clauses at commas so no span is unreadably long."""
    if b - a <= max_chars:
        return [(a, b)]
    out, start = [], a
    while b - start > max_chars:
        cut = text.rfind(", ", start + max_chars // 3, start + max_chars)
        if cut < 0:
            cut = text.rfind(" ", start + max_chars // 3, start + max_chars)
        if cut < 0:
            break
        out.append((start, cut + 1))
        start = cut + 1
    out.append((start, b))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
