"""The Penjelasan (elucidation): "Penjelasan Umum", then a note per article,
"Penjelasan Pasal N" (or, for an amending act, "Penjelasan Pasal I", "Penjelasan Pasal I
angka N" and "Penjelasan Pasal II"), each citing what it explains."""

from __future__ import annotations

import re

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


def add_notes(builder: UnitBuilder, text: str, pen: Penjelasan, body: Body) -> None:
    """Penjelasan Umum and the article notes; headings and the closing lines classified."""
    builder.classify(pen.start, pen.heading_end, "heading")
    for label in (pen.umum_label, pen.pdp_label):
        if label:
            builder.classify(*label, "heading")
    if body.roman:
        heads = _pasal_i_unheaded(text, pen, body, amendments.roman_headings(text, pen.notes_start, pen.end, notes=True))
    else:
        heads = find_headings(text, pen.notes_start, pen.end, notes=True)
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
    report_gaps(builder, [h.num for h in heads], "Penjelasan Pasal")


# The notes of an amending act's Pasal I begin with its first point's, its own heading
# left out ("II. PASAL DEMI PASAL / Angka 1 Perubahan pada …", then "Pasal II").
_FIRST_POINT_NOTE = re.compile(r"\s*Angka\s+1\b")


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
