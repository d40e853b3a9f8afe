"""The preamble (Menimbang, Mengingat) and the body's articles: "Pasal N" under their
BAB/Bagian/Paragraf headings, or the Roman articles of an amending act with their
amendment points. Everything between units that is no unit (the title block, formulas,
headings, the closing formula and signatures) is classified for the text audit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..common import UnitBuilder
from . import amendments
from .divisions import _heading_path, _structure, classify_divisions, headed_divisions
from .furniture import classify_title, enacting_formula, enacting_formula_end
from .headings import _Heading, find_headings
from .layout import _FORMULA, Layout, closing_formula
from .parts import _list_parts, _parts, lost_ayat
from .penutup import add_penutup
from .spans import add_unit, body_end, report_gaps


@dataclass
class Body:
    """What the notes need to know about the body."""

    roman: bool = False  # an amending act's "Pasal I", "Pasal II"...
    points: dict[int, dict[int, amendments.Point]] = field(default_factory=dict)  # article -> N -> point
    amends: dict[int, str] = field(default_factory=dict)  # article -> what it rewrites (no points)
    regulation: str | None = None  # the amended regulation ("PP 14/1993")
    articles: list = field(default_factory=list)  # the Arabic articles' numbers, (5, "A"), in order
    annexed: bool = False  # the body refers to an annexed text ("sebagaimana terlampir", "melampirkannya")


def add_preamble(builder: UnitBuilder, text: str, lay: Layout) -> None:
    """Menimbang and Mengingat units; the title block, their labels and the enacting
    formula classified."""
    labels = [s for s in (lay.menimbang_label, lay.mengingat_label) if s] + lay.labels
    end = lay.title_end if lay.title_end is not None else min([lab[0] for lab in labels] + [lay.body[0]])
    classify_title(builder.classify, text, end)
    for label in labels:
        builder.classify(*label, "heading")
    if lay.menimbang:
        add_unit(builder, text, "Menimbang", *lay.menimbang,
                 parts=lambda s, e: _list_parts(text, s, e, "Menimbang", "huruf"))
    if lay.mengingat:
        add_unit(builder, text, "Mengingat", *lay.mengingat,
                 parts=lambda s, e: _list_parts(text, s, e, "Mengingat", "angka"))
    start, end = lay.body
    if _FORMULA.match(text, start):
        for a, b in enacting_formula(text, start, end):
            builder.classify(a, b, "formula")


def add_body(builder: UnitBuilder, text: str, lay: Layout) -> Body:
    """The body's article units; returns what the notes need."""
    start, end = lay.body
    closing = closing_formula(text, start, end)
    scan_end = closing.start() if closing else end
    # Headings are read from the end of the enacting formula: what ends it ("... TENTANG
    # <TITLE>," with a stray comma) does not make the first heading a reference.
    first = enacting_formula_end(text, start, scan_end) if _FORMULA.match(text, start) else start
    heads = find_headings(text, first, scan_end, notes=False, breaks=page_breaks(builder))
    roman = amendments.roman_headings(text, first, scan_end, notes=False)
    if amendments.is_amending_body(text, roman, heads):
        body = _add_roman_body(builder, text, roman, start, end, lay)
    else:
        body = Body(articles=[h.num for h in heads], annexed=bool(_ANNEXED.search(text, first, scan_end)))
        _add_arabic_body(builder, text, heads, start, scan_end, end)
    return body


# The body's reference to a text annexed to it: a ratification law's "naskah aslinya ...
# sebagaimana terlampir", a law enacting a Perppu "melampirkannya".
_ANNEXED = re.compile(r"(?<![A-Za-z])(?:terlampir|dilampirkan|melampirkan(?:nya)?|[Ll]ampiran)(?![A-Za-z])")


def _add_arabic_body(builder: UnitBuilder, text: str, heads: list[_Heading], start: int, scan_end: int, end: int) -> None:
    lifted = [h.lifted for h in heads if h.lifted]  # headings OCR printed out of place (headings._displaced)
    structs = _structure(text, start, scan_end, stops=[h.start for h in heads] + [h.content for h in heads]
                         + [a for a, _b in lifted])
    structs = headed_divisions(text, structs, [h.start for h in heads])
    classify_divisions(builder.classify, structs)
    in_place = _put_back(structs, heads, start)
    last_end = start
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else body_end(text, h.content, end)
        # The next BAB/Bagian/Paragraf heading ends the text too.
        stop = min([stop] + [x.start for x in structs if h.content <= x.start < stop])
        unit = f"Pasal {h.num[0]}{h.num[1]}"
        builder.classify(h.start, h.content, "heading")
        if h.lifted:
            builder.classify(*h.lifted, "heading")
        added = add_unit(builder, text, unit, h.content, stop, heading=_heading_path(in_place, h.start),
                         parts=lambda s, e, unit=unit, torn=h.lost == "start": _parts(text, s, e, unit, False, torn=torn))
        if added is not None and h.lost and k:
            added.caveat = _lost_caveat(h.lost, f"Pasal {heads[k - 1].num[0]}{heads[k - 1].num[1]}")
            builder.warnings.append(f"{unit}: heading not found; its text recovered from the end of Pasal {heads[k - 1].num[0]}"
                                    f"{heads[k - 1].num[1]}, where the ayat numbering "
                                    + ("starts again at (1)" if h.lost == "heading" else "goes back (its start is lost)"))
        if added is not None:
            _note_lost_ayat(builder, added, unit)
        last_end = stop
    if heads:
        add_penutup(builder, text, last_end, end)
    report_gaps(builder, [h.num for h in heads], "Pasal")


def _note_lost_ayat(builder: UnitBuilder, added, unit: str) -> None:
    """Say so when the source lost an ayat's marker (`parts.lost_ayat`): its words are
    quoted with the Pasal, under no ayat number, never as the ayat before it."""
    lost = lost_ayat([(p.locator, p.start, p.end) for p in added.parts], unit)
    if not lost:
        return
    names = ", ".join(f"({n})" for n in lost)
    note = (f"The source text lost the marker of ayat {names} (in the OCR?); "
            f"{'its' if len(lost) == 1 else 'their'} words are part of this Pasal but are cited under no ayat number.")
    added.caveat = f"{added.caveat} {note}" if added.caveat else note
    builder.warnings.append(f"{unit}: marker of ayat {names} not found; "
                            f"{'its' if len(lost) == 1 else 'their'} text stays in the Pasal under no ayat number")


def page_breaks(builder: UnitBuilder) -> list[tuple[int, int]]:
    """Where pages break in the work text: the page furniture noise.find_noise blanked
    (stamps, running headers, page numbers) and the reader's page starts."""
    spans = [(s, e) for s, e, kind in builder.classified if kind in ("stamp", "running-header", "page-number")]
    return sorted(spans + [(p, p) for p in builder.source.page_starts or ()])


def _lost_caveat(lost: str, before: str) -> str:
    """The one-line note on an article found inside the previous one (headings._lost)."""
    if lost == "heading":
        return (f"The source text lost this Pasal's heading (in the OCR?); its text was found at the end of "
                f"{before}, where the ayat numbering starts again at (1).")
    return (f"The source text lost this Pasal's heading and the start of its text (in the OCR?); what follows is "
            f"what the source kept, found at the end of {before}, where the ayat numbering goes back.")


def _put_back(structs: list, heads: list[_Heading], start: int) -> list:
    """The divisions as the statute orders them: those OCR lifted with a heading ("BAB IV",
    "Bagian Kesatu" printed above "Pasal 35", itself above "Pasal 34": headings._displaced)
    start where that heading's text starts, so Pasal 34 stays in BAB III and Pasal 35 and
    after are in BAB IV. Only heading paths use this order."""
    moved = list(structs)
    for k, h in enumerate(heads):
        if not h.lifted:
            continue
        before = heads[k - 1]  # the heading the block was put before (always precedes a lifted one)
        floor = heads[k - 2].content if k >= 2 else start
        moved = [replace(x, start=h.start - 1) if floor <= x.start < before.path_at else x for x in moved]
    return sorted(moved, key=lambda x: x.start)


def _add_roman_body(builder: UnitBuilder, text: str, heads: list[_Heading], start: int, end: int, lay: Layout) -> Body:
    """Pasal I, Pasal I angka N, Pasal II... of an amending act."""
    title = text[: (lay.menimbang_label or lay.body)[0]]
    body = Body(roman=True)
    last_end = start
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else body_end(text, h.content, end)
        name = f"Pasal {amendments.roman_name(h.num[0])}"
        builder.classify(h.start, h.content, "heading")
        points = amendments.points(text, h.content, stop)
        chapeau = text[h.content : points[0].start if points else min(stop, h.content + 1500)]
        regulation = amendments.amended_regulation(chapeau, title) if points or _amends(chapeau) else None
        body.regulation = body.regulation or regulation
        whole = add_unit(builder, text, name, h.content, stop,
                         parts=[(f"{name} angka {p.number}", p.start, p.end) for p in points])
        if whole is not None and not points and _amends(chapeau):
            whole.amends = _with_regulation(amendments.describe_article(text, h.content, stop), regulation)
            if whole.amends:
                body.amends[h.num[0]] = whole.amends
        for p in points:
            unit = f"{name} angka {p.number}"
            parts = (lambda s, e, q=p.quoted, unit=unit: _parts(text, q[0], min(q[1], e), unit, False)) if p.quoted else None
            added = add_unit(builder, text, unit, p.start, p.end, parts=parts)
            if added is not None:
                added.amends = _with_regulation(p.amends, regulation)
        body.points[h.num[0]] = {p.number: p for p in points}
        last_end = stop
    add_penutup(builder, text, last_end, end)
    report_gaps(builder, [h.num for h in heads], "Pasal (Roman)")
    return body


def _amends(chapeau: str) -> bool:
    return bool(amendments._AMEND_VERB.search(chapeau))


def _with_regulation(provision: str | None, regulation: str | None) -> str | None:
    if not provision:
        return None
    return f"{provision} {regulation}" if regulation else provision
