"""The Penutup (closing part) of a statute: where and when it was enacted and promulgated.

UU 12/2011, Lampiran II, C ("Penutup") names the closing part of a regulation: the order
to promulgate it ("Agar setiap orang mengetahuinya, memerintahkan pengundangan …"), its
enactment or determination with place and date ("Disahkan di Jakarta pada tanggal 22
November 2017", "Ditetapkan di …"), the office and signature, its promulgation with place
and date ("Diundangkan di Jakarta pada tanggal …") and the gazette it is placed in
("LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2017 NOMOR 242"). It is one unit, "Penutup",
quoted verbatim, when it states a place or date of enactment or promulgation; otherwise
(only a name and "ttd.") it stays signature furniture. The certification stamp of a copy
("Salinan sesuai dengan aslinya …") and a store's note of its source are no part of it,
and neither is the Penjelasan's closing "TAMBAHAN LEMBARAN NEGARA …" line.
"""

from __future__ import annotations

import re

from ..common import PENUTUP_TITLE, UnitBuilder
from .furniture import classify_tail
from .noise import _TOKEN
from .spans import add_unit

PENUTUP = "Penutup"

# The place or date of enactment or promulgation, as printed and as OCR reads it.
_ENACTED = re.compile(r"(?<![A-Za-z])(?i:disa?h?kan|disyahkan|ditetapkan|diundangk?an|diumumkan|dikeluarkan)(?![A-Za-z])|pada\s+tanggal\s+\S")
# What the block must state besides the word: a year (as OCR reads it too, "2Ol7"), a
# month, or a place ("di Jakarta"); "Disahkan di J" and nothing legible is no Penutup.
_MONTH = (r"Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|Nopember|November|"
          r"Desember")
_DATE_OR_PLACE = re.compile(rf"(?<![\w/])[12][0-9OIl]{{3}}(?![\w/])|(?i:\b(?:{_MONTH})\b)|\bdi\s+[A-Z][a-z]{{2,}}")
# An editor's or a store's note after the statute ("----- CATATAN Kutipan: LN 1969/57",
# "Kutipan: LEMBARAN NEGARA TAHUN 1971 YANG TELAH DICETAK ULANG Sumber: …", "CATATAN
# Disetujui D.P.R. …"): not the statute's text.
_STORE_NOTE = re.compile(r"(?:-{5,}\s*)?CATATAN\b|(?<![A-Za-z])Kutipan\s*:")
# What starts another part, when the layout missed it and the signatures' run of capitals
# goes on into it: the Penjelasan's or a Lampiran's heading, the elucidation's gazette line
# ("TAMBAHAN No. 6628"), a page count, an article printed out of place.
_NEXT_PART = re.compile(r"(?<![A-Za-z])(?:PENJELASAN|LAMPIRAN|TAMBAHAN|Halaman)(?![A-Za-z])|(?<![A-Za-z])Pasal\s+\d")
_PART_KINDS = frozenset({"formula", "signature", "promulgation"})
# Visible characters between two pieces of the closing part (OCR debris, a word of the
# formula or a date OCR garbled: "paaa tanlgal") that still leave them one block; more is
# other text and ends it, and so does prose: three lower-case words running, or one
# introducing a list ("diubah menjadi:"), the text of a store that printed it out of place.
_MAX_GAP_CHARS = 40
_PROSE_RUN = 3
# The closing formula's own words, which OCR leaves between the pieces it recognised
# ("Pemerintah ini dengan penempatannya dalam"): no prose.
_FORMULA_WORDS = frozenset(
    "agar supaya setiap orang dapat mengetahuinya memerintahkan pengundangan dengan penempatan penempatannya "
    "dalam lembaran berita negara daerah republik ini yang".split()
)


def add_penutup(builder: UnitBuilder, text: str, start: int, end: int) -> None:
    """Classify what follows the body's last article in [start, end) (the closing formula,
    signatures, Lembaran Negara lines, stamps: `classify_tail`), and make the Penutup unit
    of the block among them that states where or when the statute was enacted or
    promulgated."""
    found: list[tuple[int, int, str]] = []

    def record(a: int, b: int, kind: str) -> None:
        builder.classify(a, b, kind)
        found.append((a, b, kind))

    classify_tail(record, text, start, end)
    span = closing_span(text, found)
    if span is not None:
        add_unit(builder, text, PENUTUP, *span, title=PENUTUP_TITLE)


def closing_span(text: str, pieces: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The span of the Penutup among the classified `pieces` (start, end, kind) after the
    body: the closing formula, signature and promulgation pieces that follow each other
    with no more than a few characters of debris between them, from the first block
    that states a place or date of enactment or promulgation to the last piece of it; None
    when no block does (the word alone, "Disahkan di J", is not enough)."""
    blocks: list[list[int]] = []
    for a, b, kind in sorted(pieces):
        if kind not in _PART_KINDS or _STORE_NOTE.match(text, a):
            blocks.append([])  # a stamp or a store's note ends a block
            continue
        if blocks and blocks[-1] and _visible(text, blocks[-1][1], a) <= _MAX_GAP_CHARS \
                and not _prose(text, blocks[-1][1], a):
            blocks[-1][1] = max(blocks[-1][1], b)
        else:
            blocks.append([a, b])
    for block in blocks:
        enacted = _ENACTED.search(text, block[0], block[1]) if block else None
        if enacted:
            # inside a run of capitals: a note, or the next part, after the enactment
            cuts = [m.start() for rx in (_STORE_NOTE, _NEXT_PART) if (m := rx.search(text, enacted.end(), block[1]))]
            end = min([block[1], *cuts])
            while end > block[0] and text[end - 1].isspace():
                end -= 1
            if _DATE_OR_PLACE.search(text, block[0], end):
                return block[0], end
    return None


def _prose(text: str, start: int, end: int) -> bool:
    """Whether [start, end) holds prose: _PROSE_RUN lower-case words running (not the
    closing formula's), or a lower-case word introducing a list ("menjadi:")."""
    run = 0
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        bare = word.rstrip(",.;")
        if bare.endswith(":") and bare[:-1].isalpha() and bare[:-1].islower() and len(bare) > 3:
            return True
        if bare.isalpha() and bare.islower() and len(bare) >= 3 and bare not in _FORMULA_WORDS:
            run += 1
            if run >= _PROSE_RUN:
                return True
        else:
            run = 0
    return False


def _visible(text: str, start: int, end: int) -> int:
    return sum(len(m.group()) for m in _TOKEN.finditer(text, start, end)) if end > start else 0
