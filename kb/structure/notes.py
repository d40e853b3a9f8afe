"""Notes a reader found (a PDF's superscript marks with their footnote or endnote text, a
Word file's footnote references): attached to the unit whose text carries the mark.

Readers keep note marks out of the text and record each as a zero-width
Block("note-ref", offset, offset, {"number": "12", "text": "See ..."}); every parser
gets them attached here, so no parser has to know about them.
"""

from __future__ import annotations

import bisect

from ..models import Unit
from ..readers.base import SourceText


def attach_note_refs(units: list[Unit], source: SourceText) -> int:
    """Adds each note-ref block of `source` to `Unit.footnotes` of the unit whose span
    holds its offset (else the next unit: a mark on a heading belongs to the text under
    it; else the last unit). A note already attached under the same number is not
    repeated. Returns how many notes were attached."""
    refs = [b for b in source.blocks if b.kind == "note-ref"]
    if not refs or not units:
        return 0
    ordered = sorted(units, key=lambda u: u.span[0])
    starts = [u.span[0] for u in ordered]
    attached = 0
    for ref in sorted(refs, key=lambda b: b.start):
        k = bisect.bisect_right(starts, ref.start) - 1
        if k >= 0 and ref.start <= ordered[k].span[1]:
            unit = ordered[k]
        else:
            unit = ordered[k + 1] if k + 1 < len(ordered) else ordered[-1]
        number = str(ref.attrs.get("number", ""))
        text = str(ref.attrs.get("text") or "")
        if any(n == number and (t == text or not text) for n, t in unit.footnotes):
            continue
        unit.footnotes = tuple(f for f in unit.footnotes if not (f[0] == number and not f[1])) + ((number, text),)
        attached += 1
    return attached
