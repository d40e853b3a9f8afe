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

# A publisher's web address printed on every page as a watermark ("jdih.kemenkeu.go.id",
# "bphn.go.id", "Lembaga Penjamin Simpanan - www.lps.go.id"): in text extracted from the
# print it lands anywhere, mid-sentence included. A domain standing alone (no full stop or
# comma after it, which an address cited in a sentence has: "pada laman www.pajak.go.id.")
# and printed at least WATERMARK_REPEATS times is the watermark; the publisher's name
# before it goes with it when it is printed before it as often.
_DOMAIN = re.compile(r"(?<!\S)(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:go\.id|or\.id|ac\.id|com|org|net)(?!\S)")
_PUBLISHER = re.compile(r"(?<!\S)(?:[A-Z][\w.]*[ \t]+){1,6}[-–][ \t]+$")
WATERMARK_REPEATS = 3
# The page count a site prints beside its address ("5 / 8 www.hukumonline.com",
# "www.hukumonline.com 3 / 8"), spaces around the slash.
_COUNT_BEFORE = re.compile(r"(?<!\S)(\d{1,3}) / (\d{1,3})[ \t]+$")
_COUNT_AFTER = re.compile(r"[ \t]+(\d{1,3}) / (\d{1,3})(?!\S)")


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
    for start, end in _watermarks(text):
        blank(start, end, "stamp")
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



def _watermarks(text: str) -> list[tuple[int, int]]:
    """Spans of the web address a publisher printed on every page (see _DOMAIN), with the
    publisher's name when it stands before the address as often as the address does."""
    found: dict[str, list[re.Match]] = {}
    for m in _DOMAIN.finditer(text):
        found.setdefault(m.group(), []).append(m)
    spans: list[tuple[int, int]] = []
    for matches in found.values():
        if len(matches) < WATERMARK_REPEATS:
            continue
        names = [_publisher_names(text, m.start()) for m in matches]
        counts: dict[str, int] = {}
        for candidates in names:
            for name in candidates:
                counts[name] = counts.get(name, 0) + 1
        # The publisher's name is the one printed before the address most often, the
        # longest of those ("Lembaga Penjamin Simpanan -", not "Simpanan -"); a word of
        # the sentence the watermark fell after ("Bank Lembaga …") is printed less often.
        name = max(counts, key=lambda c: (counts[c], len(c)), default="")
        if counts.get(name, 0) < WATERMARK_REPEATS:
            name = ""
        for m, candidates in zip(matches, names):
            start, end = m.start() - (len(name) if name in candidates else 0), m.end()
            spans.append(_with_page_count(text, start, end))
    return spans


def _publisher_names(text: str, at: int) -> list[str]:
    """The names that may stand before a watermark at `at`: one to six capitalised words
    and a dash ("Simpanan - ", "Penjamin Simpanan - ", …), as they end at `at`."""
    m = _PUBLISHER.search(text, max(0, at - 80), at)  # "$" matches at `at`
    if not m:
        return []
    words = list(re.finditer(r"[A-Z][\w.]*", m.group()))
    return [m.group()[w.start():] for w in words]


def _with_page_count(text: str, start: int, end: int) -> tuple[int, int]:
    """The watermark's span widened to the page count printed beside it ("5 / 8"), if any."""
    before = _COUNT_BEFORE.search(text, max(0, start - 12), start)
    if before and int(before.group(1)) <= int(before.group(2)):
        return before.start(), end
    after = _COUNT_AFTER.match(text, end)
    if after and int(after.group(1)) <= int(after.group(2)):
        return start, after.end()
    return start, end
