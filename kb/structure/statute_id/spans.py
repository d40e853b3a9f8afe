"""Span helpers the statute parser's parts share: trimming a unit's span, where a run of
units ends, adding a unit while classifying what trimming left out, gap warnings."""

from __future__ import annotations

import re

from ..common import UnitBuilder
from .headings import MAX_SKIP, Num
from .layout import _AFTER_BODY

_ORPHANS = re.compile(r"(?:\s+(?:[({]\w{1,2}[)\\]?|Bagian|Paragraf))+\s*$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
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


def add_unit(builder: UnitBuilder, text: str, unit: str, start: int, stop: int, **kwargs):
    """Add `unit` over [start, stop) trimmed; what trimming left out (rule marks, orphaned
    ayat numbers) is classified as debris. Returns the Unit, or None when it is empty."""
    s, e = trim(text, start, stop)
    classify_tokens(builder, text, start, s, "debris")
    classify_tokens(builder, text, e, stop, "debris")
    parts = kwargs.pop("parts", None)
    if callable(parts):
        parts = parts(s, e)
    return builder.add(unit, s, e, parts=parts, **kwargs)


def classify_tokens(builder: UnitBuilder, text: str, start: int, end: int, kind: str) -> None:
    """Classify the tokens of [start, end) that the work text still shows (page furniture
    blanked out there is classified as what it is)."""
    for m in re.finditer(r"\S+", text[start:end]):
        builder.classify(start + m.start(), start + m.end(), kind)


def body_end(text: str, start: int, limit: int) -> int:
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


def report_gaps(builder: UnitBuilder, nums: list[Num], what: str) -> None:
    seen = {n for n, _ in nums}
    if not seen:
        return
    first = 1 if min(seen) <= MAX_SKIP + 1 else min(seen)  # an excerpt starts where it starts
    missing = [str(n) for n in range(first, max(seen) + 1) if n not in seen]
    if missing:
        shown = ", ".join(missing[:20]) + (f", … ({len(missing)} in all)" if len(missing) > 20 else "")
        builder.warnings.append(f"{what} {shown} not found (unreadable heading?); their text stays in the preceding unit")


def uncovered(builder: UnitBuilder, text: str) -> list[tuple[int, int]]:
    """Stretches of `text` in no unit and not classified that hold visible characters."""
    covered = bytearray(len(text))
    for unit in builder.units:
        covered[unit.span[0] : unit.span[1]] = b"\x01" * (unit.span[1] - unit.span[0])
    for start, end, _kind in builder.classified:
        covered[start:end] = b"\x01" * (end - start)
    return [m.span() for m in re.finditer(rb"\x00+", covered) if text[m.start() : m.end()].strip()]
