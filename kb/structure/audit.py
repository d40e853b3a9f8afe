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

import re
from collections.abc import Callable, Iterable
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
    "duplicate",  # a verbatim repeat of text earlier in the document (a file holding it twice)
)


# The share above which `kb add` warns that text may be lost (issue #8: 0.5 %).
WARN_SHARE = 0.005


@dataclass
class Audit:
    """Where a document's characters went (counts of non-whitespace characters).

    `unassigned` lists the unassigned spans of `SourceText.text` as (start, end, text),
    in document order, and `pages` the printed page each starts on (None without pages);
    `share` is unassigned / total (0.0 for an empty document).
    """

    total: int
    in_units: int
    classified: dict[str, int] = field(default_factory=dict)
    unassigned: list[tuple[int, int, str]] = field(default_factory=list)
    pages: list[int | str | None] = field(default_factory=list)

    @property
    def unassigned_chars(self) -> int:
        return sum(_visible(t) for _s, _e, t in self.unassigned)

    @property
    def share(self) -> float:
        return self.unassigned_chars / self.total if self.total else 0.0

    @property
    def over_limit(self) -> bool:
        """More than WARN_SHARE of the text is in no unit and not classified."""
        return self.share > WARN_SHARE

    def spans(self) -> list[tuple[int, int, int | str | None, str]]:
        """The unassigned spans as (start, end, page, text)."""
        pages = self.pages + [None] * (len(self.unassigned) - len(self.pages))
        return [(s, e, p, t) for (s, e, t), p in zip(self.unassigned, pages)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "in_units": self.in_units,
            "classified": dict(self.classified),
            "unassigned_chars": self.unassigned_chars,
            "unassigned_share": round(self.share, 6),
            "unassigned": [{"start": s, "end": e, "page": p, "text": t} for s, e, p, t in self.spans()],
        }


_SPACE = re.compile(r"\s+")
_RUN = re.compile(rb"(.)\1*", re.S)


def _visible(text: str) -> int:
    return len(text) - sum(len(m) for m in _SPACE.findall(text))


def audit_text(
    text: str,
    unit_spans: Iterable[tuple[int, int]],
    classified: Iterable[tuple[int, int, str]],
    removed: Iterable[tuple[str, str, Any]] = (),
    pages_for: Callable[[int, int], tuple] | None = None,
) -> Audit:
    """Account for every non-whitespace character of `text`.

    unit_spans: (start, end) spans of `text` covered by units;
    classified: (start, end, kind) spans deliberately not units;
    removed: (kind, text, page) pieces a reader took out before parsing;
    pages_for: `SourceText.pages_for`, to give each unassigned span its page.
    A character in both a unit and a classified span counts for the unit; of two
    classified spans over one character, the later one names its kind.
    Raises ValueError for a kind outside CLASSIFIED_KINDS.
    """
    n = len(text)
    codes = bytearray(n)  # 0 unassigned, 1 unit, 2 + k: CLASSIFIED_KINDS[k]
    for start, end, kind in classified:
        code = 2 + _kind_index(kind)
        start, end = max(0, start), min(n, end)
        if end > start:
            codes[start:end] = bytes((code,)) * (end - start)
    for start, end in unit_spans:
        start, end = max(0, start), min(n, end)
        if end > start:
            codes[start:end] = b"\x01" * (end - start)
    total = in_units = 0
    counts: dict[str, int] = {}
    unassigned: list[tuple[int, int, str]] = []
    for m in _RUN.finditer(codes):
        start, end, code = m.start(), m.end(), m.group(1)[0]
        chars = _visible(text[start:end])
        total += chars
        if code == 1:
            in_units += chars
        elif code >= 2:
            kind = CLASSIFIED_KINDS[code - 2]
            if chars:
                counts[kind] = counts.get(kind, 0) + chars
        elif chars:
            unassigned.append(_run(text, start, end))
    for kind, piece, _page in removed:
        chars = _visible(piece)
        _kind_index(kind)
        total += chars
        counts[kind] = counts.get(kind, 0) + chars
    pages = [_first_page(pages_for, s, e) for s, e, _t in unassigned] if pages_for else []
    return Audit(total=total, in_units=in_units, classified=counts, unassigned=unassigned, pages=pages)


def _kind_index(kind: str) -> int:
    try:
        return CLASSIFIED_KINDS.index(kind)
    except ValueError:
        raise ValueError(f"unknown audit kind {kind!r}; use one of {', '.join(CLASSIFIED_KINDS)}") from None


def _first_page(pages_for, start: int, end: int):
    pages = pages_for(start, end)
    return pages[0] if pages else None


def _run(text: str, start: int, end: int) -> tuple[int, int, str]:
    """An unassigned run without its surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end, text[start:end])
