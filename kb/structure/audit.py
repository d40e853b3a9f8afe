"""The text audit: every character of a parsed document is inside a unit, classified, or
reported as unassigned. Silent loss of legal text becomes visible loss.

Two layers account for a document's characters:
- readers remove furniture before structure parsing sees the text (running headers and
  footers, page numbers, job-number footers) and record each removed piece in
  `SourceText.removed` as (kind, text, page);
- structure parsers build units over spans of `SourceText.text` and classify the spans
  that are deliberately not units (headings, stamps, signature and promulgation blocks,
  notes lists...) with `UnitBuilder.classify`.

What is left, ignoring whitespace, is unassigned. Counts are of non-whitespace characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Kinds of text that are accounted for without being a unit. Readers and parsers use these
# names; anything else is refused so that the audit's categories stay comparable.
CLASSIFIED_KINDS = (
    "heading",  # BAB/Bagian, Part/Chapter, section titles: carried in units' heading paths
    "title",  # the document's own title block
    "formula",  # enacting formulas ("Dengan Persetujuan Bersama ...", "MEMUTUSKAN: Menetapkan: ...")
    "stamp",  # "SALINAN", certification stamps
    "signature",  # signature and promulgation blocks, places and dates of signing
    "promulgation",  # Lembaran Negara / Tambahan Lembaran Negara lines
    "running-header",
    "running-footer",
    "page-number",
    "notes",  # a notes/endnotes list whose entries are attached to units as notes
    "table-of-contents",
    "debris",  # OCR debris, lone symbols, scanner artefacts
    "markup",  # Markdown emphasis and heading marks around text ("_term_", "### ")
)


@dataclass
class Audit:
    """Where a document's characters went (counts of non-whitespace characters).

    `unassigned` lists the unassigned spans of `SourceText.text` as (start, end, text),
    in document order; `share` is unassigned / total (0.0 for an empty document).
    """

    total: int
    in_units: int
    classified: dict[str, int] = field(default_factory=dict)
    unassigned: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def unassigned_chars(self) -> int:
        return sum(_visible(t) for _s, _e, t in self.unassigned)

    @property
    def share(self) -> float:
        return self.unassigned_chars / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "in_units": self.in_units,
            "classified": dict(self.classified),
            "unassigned_chars": self.unassigned_chars,
            "unassigned_share": round(self.share, 6),
            "unassigned": [[s, e, t] for s, e, t in self.unassigned],
        }


def _visible(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def audit_text(text: str, unit_spans, classified, removed=()) -> Audit:
    """Account for every non-whitespace character of `text`.

    unit_spans: iterable of (start, end) spans of `text` covered by units;
    classified: iterable of (start, end, kind) spans deliberately not units;
    removed: iterable of (kind, text, page) pieces a reader took out before parsing.
    A character in both a unit and a classified span counts for the unit.
    Raises ValueError for a kind outside CLASSIFIED_KINDS.
    """
    n = len(text)
    owner = bytearray(n)  # 0 unassigned, 1 unit, 2 classified
    kinds: dict[int, str] = {}
    for start, end, kind in classified:
        if kind not in CLASSIFIED_KINDS:
            raise ValueError(f"unknown audit kind {kind!r}; use one of {', '.join(CLASSIFIED_KINDS)}")
        start, end = max(0, start), min(n, end)
        if end > start:
            owner[start:end] = b"\x02" * (end - start)
            for i in range(start, end):
                kinds[i] = kind
    for start, end in unit_spans:
        start, end = max(0, start), min(n, end)
        if end > start:
            owner[start:end] = b"\x01" * (end - start)
    total = in_units = 0
    counts: dict[str, int] = {}
    unassigned: list[tuple[int, int, str]] = []
    run_start = -1
    for i, char in enumerate(text):
        visible = not char.isspace()
        state = owner[i]
        total += visible
        if state == 1:
            in_units += visible
        elif state == 2:
            if visible:
                counts[kinds[i]] = counts.get(kinds[i], 0) + 1
        if state == 0 and visible and run_start < 0:
            run_start = i
        if state != 0 and run_start >= 0:
            unassigned.append(_run(text, run_start, i))
            run_start = -1
    if run_start >= 0:
        unassigned.append(_run(text, run_start, n))
    for kind, piece, _page in removed:
        if kind not in CLASSIFIED_KINDS:
            raise ValueError(f"unknown audit kind {kind!r}; use one of {', '.join(CLASSIFIED_KINDS)}")
        chars = _visible(piece)
        total += chars
        counts[kind] = counts.get(kind, 0) + chars
    # Runs separated only by whitespace were split above at unit/classified boundaries only,
    # so each run is a maximal stretch of unowned text.
    return Audit(total=total, in_units=in_units, classified=counts, unassigned=[r for r in unassigned if _visible(r[2])])


def _run(text: str, start: int, end: int) -> tuple[int, int, str]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end, text[start:end])
