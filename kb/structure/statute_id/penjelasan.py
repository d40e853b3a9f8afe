"""The Penjelasan (elucidation): "Penjelasan Umum", then a note per article,
"Penjelasan Pasal N" (or, for an amending act, "Penjelasan Pasal I", "Penjelasan Pasal I
angka N" and "Penjelasan Pasal II"), each citing what it explains."""

from __future__ import annotations

import re
from dataclasses import replace

from ..common import UnitBuilder
from . import amendments
from .body import Body
from .furniture import classify_tail
from .headings import _Heading, find_headings
from .layout import Penjelasan
from .parts import _parts
from .spans import add_unit, body_end, report_gaps

NOTES_HEADING = ("PENJELASAN", "II. PASAL DEMI PASAL")
UMUM_HEADING = ("PENJELASAN", "I. UMUM")


def add_notes(builder: UnitBuilder, text: str, pen: Penjelasan, body: Body, annex: bool = True) -> int | None:
    """Penjelasan Umum and the article notes; headings and the closing lines classified.
    Returns where an annexed text printed after the notes without a LAMPIRAN heading
    starts (`_annex_after_notes`; `annex`: look for one), else None."""
    builder.classify(pen.start, pen.heading_end, "heading")
    for label in (pen.umum_label, pen.pdp_label):
        if label:
            builder.classify(*label, "heading")
    if body.roman:
        heads = _pasal_i_unheaded(text, pen, body, amendments.roman_headings(text, pen.notes_start, pen.end, notes=True))
    else:
        heads = find_headings(text, pen.notes_start, pen.end, notes=True)
    annex_at = _annex_after_notes(text, heads, body, pen.end) if annex and not body.roman else None
    if annex_at is not None:
        heads = [h for h in heads if h.start < annex_at]
        pen = replace(pen, end=annex_at)
    last_end = pen.notes_start
    if pen.umum:
        u_start, u_end = pen.umum
        if pen.pdp_label is None:  # "II. PASAL DEMI PASAL" lost: the first note ends it
            u_end = heads[0].start if heads else body_end(text, u_start, u_end)
        add_unit(builder, text, "Penjelasan Umum", u_start, u_end, heading=UMUM_HEADING)
        last_end = max(last_end, u_end)
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else body_end(text, h.content, pen.end)
        builder.classify(h.start, h.content, "heading")
        if body.roman:
            _add_roman_note(builder, text, h.num[0], h.content, stop, body)
        else:
            unit = f"Penjelasan Pasal {h.num[0]}{h.num[1]}"
            add_unit(builder, text, unit, h.content, stop, heading=NOTES_HEADING,
                     parts=lambda s, e, unit=unit: _parts(text, s, e, unit, True))
        last_end = stop
    classify_tail(builder.classify, text, last_end, pen.end)
    if annex_at is not None:  # the gazette line before the annex, also as typed ("INDOENSIA")
        for tln in _TLN_LINE.finditer(text, last_end, pen.end):
            builder.classify(tln.start(), tln.end(), "promulgation")
    report_gaps(builder, [h.num for h in heads], "Penjelasan Pasal")
    return annex_at


# The end of a note that explains nothing ("Cukup jelas", "Cukup jelas."), and the
# Penjelasan's closing gazette line ("TAMBAHAN LEMBARAN NEGARA REPUBLIK INDONESIA NOMOR 3835",
# its words as typed or OCR'd: "INDOENSIA").
_NOTHING_TO_EXPLAIN = re.compile(r"[\s_*^]*Cukup[\s_*^]+jelas[ \t_*^]*\.?")
_TLN_LINE = re.compile(r"TAMBAHAN\s+LEMBARAN\s+NEGARA(?:\s+REPUBLIK\s+[A-Z]{6,12})?(?:\s+TAHUN\s+\d{4})?\s*,?\s*(?:NOMOR|No\.?)\s*\d+\.?")


def _annex_after_notes(text: str, heads: list[_Heading], body: Body, end: int) -> int | None:
    """Where a text annexed to the statute starts when it was printed after the notes
    without a LAMPIRAN heading (a ratification law's treaty: UU 20/1999, UU 8/1994, UU
    16/2016): the body refers to an annexed text ("sebagaimana terlampir"), its articles
    run 1..N without a gap, and the notes' headings run past N (the treaty's own "Pasal
    3", "Pasal 4"... read as notes). The annex starts inside the note on Pasal N: after
    the Penjelasan's gazette line in it, else after its "Cukup jelas". None when neither
    is there, when the gazette line comes after that place (the notes discuss the
    treaty's articles: still the Penjelasan), or when the notes stay within the body's
    articles: nothing moves."""
    arts = body.articles
    if not body.annexed or not arts or any(s for _n, s in arts):
        return None
    last = arts[-1][0]
    if [n for n, _s in arts] != list(range(1, last + 1)):
        return None
    k = next((i for i, h in enumerate(heads) if h.num[0] > last), None)
    if k is None or k == 0 or heads[k - 1].num != (last, ""):
        return None
    note, stop = heads[k - 1].content, heads[k].start
    tln = _TLN_LINE.search(text, note, stop)
    if tln is not None:
        at = tln.end()
    elif (nothing := _NOTHING_TO_EXPLAIN.match(text, note, stop)) is not None:
        at = nothing.end()
    else:
        return None
    while at < stop and text[at].isspace():
        at += 1
    if at >= stop or _TLN_LINE.search(text, at, end):
        return None  # the Penjelasan's gazette line closes what follows: it is still the Penjelasan
    return at


# The notes of an amending act's Pasal I begin with its first point's, its own heading
# left out ("II. PASAL DEMI PASAL / Angka 1 Perubahan pada …", then "Pasal II").
_FIRST_POINT_NOTE = re.compile(r"\s*Angka\s*1\b")


def _pasal_i_unheaded(text: str, pen: Penjelasan, body: Body, heads: list[_Heading]) -> list[_Heading]:
    """The Roman notes' headings, with Pasal I's where the notes open with "Angka 1" and
    no "Pasal I" heading while the body's Pasal I has amendment points (a fifth to a half
    of such a Penjelasan was in no unit: four acts of the public store)."""
    if not body.points.get(1) or (heads and heads[0].num[0] == 1):
        return heads
    first = _FIRST_POINT_NOTE.match(text, pen.notes_start, heads[0].start if heads else pen.end)
    if first is None:
        return heads
    at = first.end() - len(first.group().lstrip())
    return [_Heading((1, ""), at, at), *heads]


def _add_roman_note(builder: UnitBuilder, text: str, number: int, start: int, stop: int, body: Body) -> None:
    name = f"Penjelasan Pasal {amendments.roman_name(number)}"
    points = body.points.get(number, {})
    sections = amendments.note_points(text, start, stop, points)
    whole = add_unit(builder, text, name, start, stop, heading=NOTES_HEADING,
                     parts=[(f"{name} angka {n}", s, e) for n, s, e in sections])
    if whole is not None and not sections:
        whole.amends = body.amends.get(number)
    for n, s, e in sections:
        unit = f"{name} angka {n}"
        added = add_unit(builder, text, unit, s, e, heading=NOTES_HEADING,
                         parts=lambda a, b, unit=unit: _parts(text, a, b, unit, True))
        point = points.get(n)
        if added is not None and point is not None and point.amends:
            added.amends = f"{point.amends} {body.regulation}" if body.regulation else point.amends
