"""The parts of a statute that are no unit, recognised for the text audit: the title
block, the enacting and closing formulas, signature and promulgation blocks, Lembaran
Negara lines and certification stamps.

Each recogniser classifies only what it recognises; what it does not recognise stays
unassigned, so legal text outside every unit shows in the audit instead of being
classified away. A signature block is a run of tokens that read like one (capitals,
capitalised words, dates, "ttd.", "di", "pada tanggal") holding an anchor (a place and
date of signing, "ttd.", an office); ordinary prose breaks the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .noise import _TOKEN

Classify = Callable[[int, int, str], None]  # UnitBuilder.classify

_DENGAN_RAHMAT = re.compile(r"DENGAN\s+RAHMAT\s+TUHAN")
_BAHWA = re.compile(r"(?<![A-Za-z])[Bb]ahwa\b")
_PREAMBLE_LABEL = re.compile(r"(?<![A-Za-z])(?:Membaca|Mendengar|Memperhatikan)\s*:")
_PROSE = re.compile(r"(?<![A-Za-z])[a-z]+(?:[ ,]+[a-z]+){3,}")  # four lower-case words running: prose, no title
# "Menetapkan :" (as OCR reads it: "MenetapKAN", "McnetapKan"), "MEMUTUSKAN:", "Memutuskan:".
_MENETAPKAN = re.compile(r"M(?i:[ce]n[ce]tapkan)(?:\s*:|(?=\s*\n))|MEMUTUS\S*\s*:?|Memutuskan\s*:")
_CLOSING_FORMULA = re.compile(
    r"Agar(?:\s+supaya)?\s+setiap\s+orang(?:[^.]{0,400}?(?:(?:[LlI]embaran|Berita)[\s-]+(?:Negara|Daerah)"
    r"(?:\s+Republik\s+\S+?)?(?=[\s.,;]|$)[.,;]?|\.))?"
    r"|Agar\b[^.\n]{0,120}\.|Agar(?=\s+(?:Disahkan|Ditetapkan|Diundangkan)\b)"  # what OCR left of it
)
_PROMULGATION = re.compile(
    r"-{5,}\s*CATATAN\s+Kutipan\s*:[^\n]{0,300}(?:\s*Sumber\s*:[^\n]{0,200})?"  # a store's note of the gazette it quotes
    # the gazette's own heading over a print: "TAMBAHAN LEMBARAN NEGARA RI No. 4279 TENAGA KERJA.
    # Ketenagakerjaan. … (Penjelasan atas Lembaran Negara Republik Indonesia Tahun 2003 Nomor 39)"
    r"|(?:TAMBAHAN(?:\s+LEMBARAN[\s-]+NEGARA)?|LEMBARAN[\s-]+NEGARA)(?:\s+REPUBLIK\s+INDONESIA|\s+RI)?\s+No\.?\s*\d+(?:\s*,\s*\d{4})?"
    r"[^()]{0,600}?\((?:Penjelasan|Penjelasannya)\s+(?:atas|dalam)\s[^()]{0,200}\)"
    r"|(?<![A-Za-z])T?LN\s+(?:\d{4}\s*/\s*\d+|(?:NR\.?|No\.?|Nomor|NOMOR)\s*\d+)"  # "LN 1980/76", "TLN NR. 40"
    r"|(?:(?:TAMBAHAN\s+)?(?:LEMBARAN|BERITA)[\s-]+NEGARA(?:\s+REPUBLIK\s+INDONESIA)?"
    r"|REPUBLIK\s+\S{0,2}[Ii]NDONESIA(?=\s+TAHUN)|(?<![A-Za-z])(?=TAHUN\s+\S{4}\s+NOMOR))"  # lines OCR cut short
    r"(?:\s+TAHUN\s+\^?\S{4})?(?:\s*,?\s*(?:NOMOR|No\.?)\s*[\dA-Za-z/.]*\d[\dA-Za-z/.]*)?(?:\s*,?\s*(?:TAHUN\s+)?\d{4})?"
)
# Where a signature block starts: the place and date of signing, an office (the President,
# a minister, or the head of the body that made the regulation: "KETUA DEWAN KOMISIONER
# OTORITAS JASA KEUANGAN", "KEPALA BADAN …", a governor, regent or mayor), "ttd.".
_ANCHOR = re.compile(
    r"(?:Disahkan|Ditetapkan|Diundangk?an|Dikeluarkan)$|PRESIDEN\b.*|PRESIDENT\b.*|MENTERI\b.*"
    r"|SEKRETARIS\b.*|KETUA\b.*|KEPALA\b.*|GUBERNUR\b.*|BUPATI\b.*|WALI\s?KOTA\b.*|WALI|DIREKTUR\b.*|JAKSA\b.*|[tr]td\.?,?|signed,?|a\.n\.|Salinan|SALINAN|Pj\.?|Presiden|Menteri,?|Sekretaris"
)
_SIGNED = re.compile(r"[tr]td\.?,?|signed,?")
# How far a signature block runs past its last anchor: an office or a place and date of
# signing with the name OCR left without "ttd." up to 12 ("Ditetapkan di Jakarta pada
# tanggal 6 April 2021 JOKO WIDODO"),
# a name after "ttd." up to 5 ("DR. H. SUSILO BAMBANG YUDHOYONO"). Beyond that the run is
# no longer a signature (a treaty's title after it, an erratum note).
_AFTER_ANCHOR, _AFTER_SIGNED = 12, 5
_NEXT_PART_WORDS = frozenset({"PENJELASAN", "LAMPIRAN", "MEMORI"})
_LOWER_OK = frozenset(
    "di pada tanggal ttd ttd. rtd rtd. signed dan sesuai dengan aslinya of the a.n. u.b. ub. tgl. "
    "selaku tertanda".split()
)


def classify_title(classify: Classify, text: str, end: int) -> None:
    """The title block before the preamble: the title, then "DENGAN RAHMAT TUHAN YANG
    MAHA ESA / PRESIDEN REPUBLIK INDONESIA," (formula). Stops at the first "bahwa" (a
    Menimbang whose label OCR lost is not title), an older preamble's "Membaca:", or
    running prose (four lower-case words in a row)."""
    for rx in (_BAHWA, _PREAMBLE_LABEL, _PROSE):
        m = rx.search(text, 0, end)
        end = m.start() if m else end
    rahmat = _DENGAN_RAHMAT.search(text, 0, end)
    if rahmat:
        classify(0, rahmat.start(), "title")
        classify(rahmat.start(), end, "formula")
    else:
        classify(0, end, "title")


def enacting_formula(text: str, start: int, limit: int) -> list[tuple[int, int]]:
    """The spans of the enacting formula that starts at `start` ("Dengan Persetujuan
    Bersama ... MEMUTUSKAN: Menetapkan : UNDANG-UNDANG TENTANG <TITLE>."): its words up
    to the last "Menetapkan"/"MEMUTUSKAN", then the title up to its full stop. Operative
    text between them (an older act's "I. Mencabut ...") is left out."""
    spans, pos = [], start
    for m in _MENETAPKAN.finditer(text, start, min(limit, start + 1500)):
        between = text[pos : m.start()]
        if len(re.findall(r"(?<![A-Za-z])[a-z]{3,}", between)) >= 3 and spans:
            spans.append((m.start(), m.end()))  # prose before this label is no formula
        elif spans:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((start, m.end()))
        pos = m.end()
    end = _title_end(text, pos, limit)
    if spans:
        spans[-1] = (spans[-1][0], max(spans[-1][1], end))
    else:
        spans.append((start, end))
    return spans


def enacting_formula_end(text: str, start: int, limit: int) -> int:
    """Where the enacting formula that starts at `start` ends (see `enacting_formula`)."""
    return enacting_formula(text, start, limit)[-1][1]


# An older act's title in running case: up to the full stop before its first article (a
# title may hold "No. 12"), else up to its first full stop.
_OLD_TITLE_BEFORE_HEADING = re.compile(
    r"(?:Undang|Peraturan|Keputusan|Penetapan)\b[^\n]{0,600}?\.(?=\s*(?:Pasal|PASAL|BAB)\b)"
)
_OLD_TITLE = re.compile(r"(?:Undang|Peraturan|Keputusan|Penetapan)\b[^.]{0,400}?\.(?=\s|$)")


# An older act's formula that enacts what follows: "Menetapkan Undang-undang sebagai
# berikut : Pasal 1. …", "Menetapkan : Peraturan Pemerintah sebagai berikut : Pasal 1.":
# its "sebagai berikut :" ends the formula (else the first Pasal reads as quoted by it).
_ENACTS_AS_FOLLOWS = re.compile(r"[^\n]{0,300}?\bsebagai\s+berikut\s*:(?=\s*(?:Pasal|PASAL|BAB)\b)")


def _title_end(text: str, pos: int, limit: int) -> int:
    """End of the act's title after "Menetapkan :": in capitals up to its full stop, or,
    in older acts, in running case ("Peraturan Pemerintah tentang ... Nasional."), or up
    to the "sebagai berikut :" of an older act that enacts what follows."""
    at = _skip_space(text, pos)
    enacts = _ENACTS_AS_FOLLOWS.match(text, at, limit)
    if enacts and not re.search(r"(?<![A-Za-z])(?:Pasal|PASAL|BAB)\s|\.\s", enacts.group()):
        return enacts.end()
    old = _OLD_TITLE_BEFORE_HEADING.match(text, at, limit) or _OLD_TITLE.match(text, at, limit)
    if old and not re.search(r"(?<![A-Za-z])(?:Pasal|BAB)\s", old.group()):
        return old.end()
    for tok in _TOKEN.finditer(text, pos, limit):
        word = tok.group()
        if any(c.islower() for c in word) or word in ("BAB", "Pasal") or re.fullmatch(r"\(\d+\)", word):
            return tok.start()
        if word.endswith("."):
            return tok.end()
    return limit


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def classify_tail(classify: Classify, text: str, start: int, end: int) -> None:
    """What follows the last unit of a run (the body, the notes) up to the next part:
    the closing formula, signature blocks, Lembaran Negara lines, stamps."""
    taken: list[tuple[int, int]] = []
    for rx, kind in ((_CLOSING_FORMULA, "formula"), (_PROMULGATION, "promulgation")):
        for m in rx.finditer(text, start, end):
            classify(m.start(), m.end(), kind)
            taken.append(m.span())
    taken.sort()
    gap_start = start
    for a, b in taken + [(end, end)]:
        if a > gap_start:
            _classify_signatures(classify, text, gap_start, a)
        gap_start = max(gap_start, b)


def _classify_signatures(classify: Classify, text: str, start: int, end: int) -> None:
    """Runs of signature-like tokens; one stray token (OCR's "tangeal" for "tanggal")
    between two signature-like ones does not break a run, two do."""
    run: list[re.Match] = []
    stray: re.Match | None = None
    for tok in _TOKEN.finditer(text, start, end):
        if _signature_like(tok.group()):
            if stray is not None and run:
                run.append(stray)
            stray = None
            run.append(tok)
        elif stray is None and run:
            stray = tok
        else:
            _close_run(classify, run)
            run, stray = [], None
    _close_run(classify, run)


def _close_run(classify: Classify, run: list[re.Match]) -> None:
    first = next((k for k, tok in enumerate(run) if _ANCHOR.fullmatch(tok.group())), None)
    if first is None:
        return
    # After the closing formula, names before the first anchor sign too ("SOEHARTO
    # Diundangkan di ..."), when they are few.
    if first <= _AFTER_SIGNED:
        classify(run[0].start(), run[first].start(), "signature")
    kind = "stamp" if run[first].group().lower() == "salinan" else "signature"
    last, reach = first, _AFTER_ANCHOR
    for k in range(first, len(run)):
        word = run[k].group()
        if k > first and word.rstrip(".:") in _NEXT_PART_WORDS:
            break  # the elucidation or an annex begins: no signature goes on into it
        if _ANCHOR.fullmatch(word):
            reach = _AFTER_SIGNED if _SIGNED.fullmatch(word) else _AFTER_ANCHOR
            last = k
        elif word == "tanggal":  # a date of signing after a name whose place the layout moved
            reach, last = max(reach, _AFTER_SIGNED), k
        elif k - last > reach:
            break
        end = k
    classify(run[first].start(), run[end].end(), kind)


def _signature_like(token: str) -> bool:
    if not any(c.islower() for c in token):
        return True
    if token[0].isupper() or token.lower() in _LOWER_OK:
        return True
    return False


def trailing_signature(text: str, start: int, end: int) -> int:
    """Where a signature block that closes [start, end) begins (a Lampiran signed by the
    President: "PRESIDEN REPUBLIK INDONESIA, ttd NAME"), or `end` when there is none.
    The block is a run of signature-like tokens reaching `end`, from its first anchor."""
    tokens = list(_TOKEN.finditer(text, max(start, end - 600), end))
    k = len(tokens)
    while k > 0 and _signature_like(tokens[k - 1].group()):
        k -= 1
    run = tokens[k:]
    anchor = next((tok for tok in run if _ANCHOR.fullmatch(tok.group()) and not tok.group().startswith(("Salinan", "SALINAN"))), None)
    if anchor is None or anchor.start() <= start:
        return end
    # The run must hold the signing itself ("ttd", "signed") or an office and a name.
    words = " ".join(tok.group() for tok in run)
    if not re.search(r"(?<!\w)(?:[tr]td|signed)(?!\w)|PRESIDEN|PRESIDENT|MENTERI", words):
        return end
    return anchor.start()


_PIECE = re.compile(r"[^.;:\n]+[.;:\n]?")
_REPEAT_MIN = 30  # characters: shorter pieces ("a.", "Pasal 2") repeat anywhere


def classify_repeats(classify: Classify, text: str, gaps: list[tuple[int, int]]) -> None:
    """Text in no unit that repeats, sentence by sentence, text found earlier in the
    document (a file that holds the document twice) is classified "duplicate"; a stretch
    that is not mostly such repeats stays unassigned."""
    for start, end in gaps:
        pieces = [m for m in _PIECE.finditer(text, start, end) if m.group().strip()]
        long = [m for m in pieces if len(m.group().strip()) >= _REPEAT_MIN]
        if not long:
            continue
        repeated = [m for m in long if text.find(m.group().strip(), 0, start) >= 0]
        if sum(len(m.group()) for m in repeated) < 0.9 * sum(len(m.group()) for m in long):
            continue
        for m in pieces:
            if text.find(m.group().strip(), 0, start) >= 0:
                classify(m.start(), m.end(), "duplicate")
