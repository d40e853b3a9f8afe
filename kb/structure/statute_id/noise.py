"""Page furniture of printed and scanned regulations: stamps, running headers, page
numbers OCR left, the scanned emblem, garbage and catchwords before a page break.

`blank_noise` replaces it with spaces (offsets do not move) and `find_noise` also says
what each blanked piece was, for the text audit.
"""

from __future__ import annotations

import re

# Stamps on each page of scanned regulations: "Sl( No 102127 A", "SK Nlo l1)l)') A".
_STAMP_NUMBER_A = r"(?:\S{1,9}\s){0,2}\S{1,9}\s?A(?!\S),?"  # "102127 A", "l0l I,'13 A"
_STAMP = re.compile(
    rf"(?<!\S)\S{{0,4}}[(<]\s?(?:\S{{0,3}}o|trkt|Nc)\s+(?:{_STAMP_NUMBER_A}|\S{{4,12}}(?!\S))"  # "Sl( No"
    rf"|(?<!\S)[S3]K\s?\S{{0,3}}o\s+{_STAMP_NUMBER_A}"  # "SK Nlo"
)
# The running header "PRESIDEN REPUBLIK INDONESIA", also as OCR mangles it; not the one
# with a comma that opens the preamble or a signature.
_HEADER = re.compile(
    r"PRES\s?\S?\s?[DO]EN\s+(?:REPUBLIK\s+\^?[I!l]N[DO][O0]NES[I!l]A(?![\w,])|(?=REP[uU](?!BLIK)))"
    r"|^[ \t]*(?:PRESIDEN|REPUBLIK INDONESIA)[ \t]*$"
    # "REPU\".'Ir'lf oNEs rA": a garbled REPUBLIK (not a word in capitals), then INDONESIA
    r"|(?<!\S)(?=REP[uU]\S*[^A-Z\s])REP[uU]\S*(?:\s+(?=\S*[a-z]\S*[A-Z])\S{1,5}(?!\S)){0,2}"
    # "PRES I DEN F!EPIJEJLllü INDONESIJ\": REPUBLIK garbled past recognition
    r"|PRES\s?\S?\s?[DO]EN\s+(?=\S*[^A-Za-z\s])\S{4,16}\s+[I!l1]N[DO][O0]NES\S{0,3}(?!\S)"
    # The watermark of the ministry's publication ("depkumham.go.id")
    r"|(?<!\S)(?:www\.)?(?:djpp\.)?d?epkumham\.go(?:\.id)?(?!\S)",
    re.M,
)
# Page numbers the text reader did not take ("-3-", "_19_", "- 16-", "-t2-").
_OCR_PAGE = re.compile(r"(?<!\S)[-_]\s?[0-9tlIOo]{1,4}\s?[-_](?!\S)")
# The scanned emblem read as a token: "#D", "{iD", "q,D".
_EMBLEM = re.compile(r"(?<!\S)(?=\S{2,5}(?!\S))[^\sA-Z]*[#{$,][^\sA-Z]*D(?!\S)")
# OCR garbage: odd symbols, letters split by punctuation ("t,',3ot]", "J.Tnt"), lone
# letters; not a lone ":" or ";" that ends a clause, nor a list marker ("b.").
_GARBAGE = re.compile(
    r".*(?:[*^=|\[\]{}<>!?#$\\~]|[A-Za-z][.,'\";:]+[A-Za-z]).*"
    r"|(?![.,;:]$|[a-z]\.$)[^\w(]?[A-Za-z]?[^\w\s]*"
)
_TOKEN = re.compile(r"\S+")
_REAL_WORD = re.compile(r"[A-Za-z][a-z]{2,}[.,;:]?")


# A "SALINAN" ("copy") stamp standing alone, not the certification "SALINAN sesuai dengan
# aslinya" (classified with the signature blocks) and not a word of a sentence.
_SALINAN = re.compile(r"(?<![\w-])SALINAN(?![\w-])(?!\s+(?:sesuai|SESUAI))")

Span = tuple[int, int, str]  # (start, end, kind): kind one of kb.structure.audit.CLASSIFIED_KINDS


def blank_noise(text: str, page_starts: list[int] | None = None) -> str:
    """The text with OCR/PDF page furniture replaced by spaces: offsets do not move.

    `page_starts` are page numbers a text reader found and blanked ("- 3 -"); the
    garbage and catchwords just before them go too.
    """
    return find_noise(text, page_starts)[0]


def find_noise(text: str, page_starts: list[int] | None = None) -> tuple[str, list[Span]]:
    """`blank_noise`'s text, and the blanked pieces as (start, end, kind) for the text
    audit: "stamp", "running-header", "page-number", "running-footer" (a catchword that
    repeats the next page's first words) or "debris" (the emblem, OCR garbage)."""
    chars = list(text)
    spans: list[Span] = []

    def blank(start: int, end: int, kind: str) -> None:
        if end <= start:
            return
        spans.append((start, end, kind))
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    headers = [(m.start(), m.end()) for m in _HEADER.finditer(text)]
    for rx, kind in ((_STAMP, "stamp"), (_SALINAN, "stamp"), (_EMBLEM, "debris")):
        for m in rx.finditer(text):
            blank(m.start(), m.end(), kind)
    for start, end in headers:
        blank(start, end, "running-header")
    partly = "".join(chars)
    breaks = [(m.start(), m.end(), True) for m in _OCR_PAGE.finditer(partly)]
    breaks += [(p, p, True) for p in (page_starts or [])[1:] if 0 < p <= len(text)]
    breaks += [(start, end, False) for start, end in headers]  # a header may follow a catchword
    for start, end, walk in breaks:
        furniture, kind = _page_furniture_start(partly, start, end, walk)
        blank(furniture, start, kind)
        if walk:  # an OCR page number ("-3-"); a header was blanked above
            blank(start, end, "page-number")
    return "".join(chars), spans


def _norm_token(token: str) -> str:
    return re.sub(r"[^0-9a-z]", "", token.lower())


def _same_token(before: str, after: str) -> bool:
    """Two tokens that are the same word, allowing for OCR: "(2)" read as "(21", words cut."""
    a, b = _norm_token(before), _norm_token(after)
    if not a or not b:
        return False
    if a == b:
        return True
    for x, y, raw in ((a, b, before), (b, a, after)):
        if raw.endswith(")") and y[:-1] == x and y[-1] in "1lt":
            return True
    return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))


def _page_furniture_start(text: str, marker_start: int, marker_end: int, walk: bool = True) -> tuple[int, str]:
    """Where the garbage before a page break starts, and what it is: the catchword that
    repeats the next page's first words if there is one ("running-footer"), else (if
    `walk`) the run of garbage before it ("debris")."""
    after = [m.group() for m in _TOKEN.finditer(text, marker_end, marker_end + 80)][:2]
    before = list(_TOKEN.finditer(text, max(0, marker_start - 160), marker_start))
    for i in range(len(before) - 1, -1, -1):
        if marker_start - before[i].start() > 140 or not after:
            break
        if not _same_token(before[i].group(), after[0]):
            continue
        # Only garbage may sit between the catchword and the page number: one stray word
        # after a two-word catchword, none after a one-word one.
        between = [t.group() for t in before[i + 1 :]]
        if len(after) > 1 and between and _same_token(between[0], after[1]):
            between = between[1:]
            if sum(1 for t in between if _REAL_WORD.fullmatch(t)) <= 1:
                return before[i].start(), "running-footer"
        elif len(after[0]) >= 4 and all(_GARBAGE.fullmatch(t) for t in between):
            return before[i].start(), "running-footer"
    # A page number alone on its line (PDF) has no garbage before it: the line above is text.
    if not walk or not text[text.rfind("\n", 0, marker_start) + 1 : marker_start].strip():
        return marker_start, "debris"
    start = marker_start
    for k in range(len(before) - 1, -1, -1):
        token = before[k].group()
        # A list marker ("b.") stays unless garbage precedes it too ("?Sf; t. r, o -3-").
        marker = re.fullmatch(r"[a-z]\.", token) and k > 0 and _GARBAGE.fullmatch(before[k - 1].group())
        if not (_GARBAGE.fullmatch(token) or marker):
            break
        start = before[k].start()
    return start, "debris"

