"""Indonesian statutes (Undang-Undang, Peraturan Pemerintah...) into the units lawyers cite.

Units: "Menimbang", "Mengingat", "Pasal N" (N may carry a letter, "Pasal 5A"),
"Penjelasan Umum" and "Penjelasan Pasal N"; finer locators (ayat, huruf, angka) become
parts. The title block, the enacting formula, the closing formula, signatures and
Lembaran Negara lines belong to no unit.

The hard part is telling a "Pasal N" heading from a reference to it. A heading is
accepted when its number is the expected next one (or a short forward skip that nothing
later contradicts) and its context looks like a heading: not after "dalam", "pada",
"dan", a comma..., and followed by a line break, "(1)", a capital letter or "__".
OCR noise (digit misreadings, page-header garbage, repeated headings) is handled with
the same sequential expectation, so noise can lose a heading but never invent one.
"""

from __future__ import annotations

import re

from ...models import Document, ParsedDocument
from ...readers.base import SourceText
from ..common import UnitBuilder
from .divisions import _heading_path, _structure
from .headings import MAX_SKIP, Num, _Heading, _scan, _candidates
from .layout import _AFTER_BODY, _CLOSING, _Layout, _layout
from .noise import blank_noise
from .parts import _list_parts, _parts

_NOTES_HEADING = ("PENJELASAN", "II. PASAL DEMI PASAL")
_UMUM_HEADING = ("PENJELASAN", "I. UMUM")


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    # Work on a copy with page furniture blanked: same offsets, so spans and pages hold.
    # (A PDF reader removes its own furniture: its page breaks fall mid-sentence.)
    text = blank_noise(source.text, None if source.format == "pdf" else source.page_starts)
    work = SourceText(text=text, format=source.format, name=source.name, page_starts=source.page_starts)
    builder = UnitBuilder(doc.id, doc.language, work)
    lay = _layout(text)
    if lay.menimbang:
        s, e = _trim(text, *lay.menimbang)
        builder.add("Menimbang", s, e, parts=_list_parts(text, s, e, "Menimbang", "huruf"))
    if lay.mengingat:
        s, e = _trim(text, *lay.mengingat)
        builder.add("Mengingat", s, e, parts=_list_parts(text, s, e, "Mengingat", "angka"))
    _add_body(builder, text, *lay.body)
    if lay.penjelasan is not None:
        _add_notes(builder, text, lay)
    return ParsedDocument(document=doc, units=builder.units, warnings=builder.warnings, classified=builder.classified)


def _add_body(builder: UnitBuilder, text: str, start: int, end: int) -> None:
    """The Pasal units, each under its BAB/Bagian/Paragraf headings."""
    closing = _CLOSING.search(text, start, end)
    scan_end = closing.start() if closing else end
    heads = _headings(text, start, scan_end, notes=False)
    structs = _structure(text, start, scan_end, stops=[h.start for h in heads] + [h.content for h in heads])
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else _body_end(text, h.content, end)
        # The next BAB/Bagian/Paragraf heading ends the text too.
        stop = min([stop] + [x.start for x in structs if h.content <= x.start < stop])
        s, e = _trim(text, h.content, stop)
        unit = f"Pasal {h.num[0]}{h.num[1]}"
        heading = _heading_path(structs, h.start)
        builder.add(unit, s, e, heading=heading, parts=_parts(text, s, e, unit, False))
    _report_gaps(builder, [h.num for h in heads], "Pasal")


def _add_notes(builder: UnitBuilder, text: str, lay: _Layout) -> None:
    """Penjelasan Umum, then "Penjelasan Pasal N" for the headings after "II. PASAL DEMI PASAL"."""
    start = lay.pasal_demi_pasal or (lay.umum[0] if lay.umum else lay.penjelasan or 0)
    heads = _headings(text, start, len(text), notes=True)
    if lay.umum:
        u_start, u_end = lay.umum
        if lay.pasal_demi_pasal is None and heads:  # "II. PASAL DEMI PASAL" lost
            u_end = heads[0].start
        s, e = _trim(text, u_start, u_end)
        builder.add("Penjelasan Umum", s, e, heading=_UMUM_HEADING)
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else _body_end(text, h.content, len(text))
        s, e = _trim(text, h.content, stop)
        unit = f"Penjelasan Pasal {h.num[0]}{h.num[1]}"
        builder.add(unit, s, e, heading=_NOTES_HEADING, parts=_parts(text, s, e, unit, True))
    _report_gaps(builder, [h.num for h in heads], "Penjelasan Pasal")


def _headings(text: str, start: int, end: int, notes: bool) -> list[_Heading]:
    cands = _candidates(text, start, end)
    heads = _scan(text, cands, notes)
    # An excerpt may not begin at Pasal 1: then take the first well-formed heading.
    return heads or _scan(text, cands, notes, first_any=True)


def _body_end(text: str, start: int, limit: int) -> int:
    """Where the last unit of a run ends: the closing formula, signatures, LN/TLN lines."""
    m = _AFTER_BODY.search(text, start, limit)
    if not m:
        return limit
    end = m.start()
    # OCR keeps only scraps of the closing formula ("Agar Indonesia. Disahkan di ...").
    agar = list(re.finditer(r"(?<![A-Za-z])Agar\s", text[max(start, end - 150) : end]))
    if agar:
        end = max(start, end - 150) + agar[0].start()
    return end


_ORPHANS = re.compile(r"(?:\s+(?:[({]\w{1,2}[)\\]?|Bagian|Paragraf))+\s*$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding blanks and rule marks ("Pasal 36 __ (1) ..."), nor
    ayat numbers and heading words that OCR separated from their text ("... (2) (3)")."""
    while start < end and (text[start].isspace() or text[start] in "_^*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "_^*"):
        end -= 1
    orphans = _ORPHANS.search(text, max(start, end - 120), end)
    if orphans and orphans.start() > start:
        end = orphans.start()
    return start, end


def _report_gaps(builder: UnitBuilder, nums: list[Num], what: str) -> None:
    seen = {n for n, _ in nums}
    if not seen:
        return
    first = 1 if min(seen) <= MAX_SKIP + 1 else min(seen)  # an excerpt starts where it starts
    missing = [str(n) for n in range(first, max(seen) + 1) if n not in seen]
    if missing:
        builder.warnings.append(
            f"{what} {', '.join(missing)} not found (unreadable heading?); "
            "their text stays in the preceding unit"
        )

