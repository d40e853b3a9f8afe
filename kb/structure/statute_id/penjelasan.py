"""The Penjelasan (elucidation): "Penjelasan Umum", then a note per article,
"Penjelasan Pasal N" (or, for an amending act, "Penjelasan Pasal I", "Penjelasan Pasal I
angka N" and "Penjelasan Pasal II"), each citing what it explains."""

from __future__ import annotations

from ..common import UnitBuilder
from . import amendments
from .body import Body
from .furniture import classify_tail
from .headings import find_headings
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
        heads = amendments.roman_headings(text, pen.notes_start, pen.end, notes=True)
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
