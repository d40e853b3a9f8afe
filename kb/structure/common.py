"""Helpers every structure parser shares: cleaning a source span into unit text, and
building units with their spans, pages and finer locators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Part, Unit
from ..readers.base import SourceText, roman_value

# The title of a final clause ("Done at …", "IN WITNESS WHEREOF … DONE at Jakarta …"): what
# it records, in the words a question about it uses ("When was the Consensus signed?").
FINAL_CLAUSE_TITLE = "where and when it was adopted and signed"
# The title of an Indonesian statute's Penutup (kb.structure.statute_id.penutup): what it
# records, in the words of UU 12/2011, Lampiran II ("tempat dan tanggal pengesahan atau
# penetapan", "tempat dan tanggal pengundangan"), which a question about it shares
# ("Kapan UU PPMI disahkan?").
PENUTUP_TITLE = "tempat dan tanggal pengesahan atau penetapan dan pengundangan"
# Units that record where and when an instrument was adopted, signed or enacted: found
# when a question asks that (kb.search.query.Query.asks_signature), general otherwise.
FINAL_UNIT_NAMES = ("Final clause", "Penutup")


def is_final_unit(name: str) -> bool:
    """A treaty's or ASEAN instrument's "Final clause" ("Final clause 2"), a statute's "Penutup"."""
    return name.startswith(FINAL_UNIT_NAMES)

_SOFT_HYPHEN_EOL = re.compile(r"(\w)\xad\s*\n\s*(\w)")
_NOT_SIGN = re.compile(r"(?<=\w)¬\s*(?=\w)")  # "Undang¬Undang": a mis-decoded hyphen
_CARET = re.compile(r"\^(?=\S)|(?<=\s)\^(?=\s)")  # OCR insertion marks
_MD_RULES = re.compile(r"(?<!\w)(?:_{2,}|\*{2,})(?!\w)")
# (?<!\w): a match starts at a word's start (where it always did); without it a failed
# search retried from every letter of a long word, n² steps (minutes for one line of a
# small file, #13).
_EOL_HYPHEN = re.compile(r"(?<!\w)(\w+)-[ \t]*\n[ \t]*(\w+)")
_SPACES = re.compile(r"\s+")


def _join_hyphenated(m: re.Match) -> str:
    left, right = m.group(1), m.group(2)
    # Keep the hyphen for compounds and reduplication ("Undang-Undang", "hak-hak").
    if right[:1].isupper() or right.lower().startswith(left.lower()[:3]) and len(left) >= 3:
        return f"{left}-{right}"
    return f"{left}{right}"


def clean_text(raw: str) -> str:
    """Unit text from a source span: one line, single spaces, extraction debris removed.

    Handles what PDF extraction and OCR leave behind: soft hyphens, '¬' for hyphens,
    '^' marks, Markdown underline runs, words broken at line ends, hard line wraps.
    """
    text = raw.replace("\u00a0", " ")
    text = _SOFT_HYPHEN_EOL.sub(r"\1\2", text).replace("\xad", "")
    text = _NOT_SIGN.sub("-", text)
    text = _CARET.sub("", text)
    text = _MD_RULES.sub(" ", text)
    text = _EOL_HYPHEN.sub(_join_hyphenated, text)
    return _SPACES.sub(" ", text).strip()


@dataclass
class UnitBuilder:
    """Collects units for one document, cleaning text and mapping spans to pages.

    Parsers call `add(unit, start, end, ...)` with a span of `source.text`; finer
    locators are given as spans of the same source text and mapped into the unit's
    cleaned text here, so parsers never compute offsets in cleaned text themselves.
    """

    doc_id: str
    language: str
    source: SourceText
    units: list[Unit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    classified: list[tuple[int, int, str]] = field(default_factory=list)

    def classify(self, start: int, end: int, kind: str) -> None:
        """Mark a span of the source text as deliberately not a unit (a heading, a stamp,
        a signature block...) so the text audit counts it as accounted for; `kind` is one
        of kb.structure.audit.CLASSIFIED_KINDS."""
        if end > start:
            self.classified.append((start, end, kind))

    def add(
        self,
        unit: str,
        start: int,
        end: int,
        heading: tuple[str, ...] = (),
        title: str | None = None,
        parts: list[tuple[str, int, int]] | None = None,
        footnotes: tuple[tuple[str, str], ...] = (),
        text: str | None = None,
    ) -> Unit | None:
        raw = self.source.text[start:end]
        cleaned = text if text is not None else clean_text(raw)
        if not cleaned:
            self.warnings.append(f"{unit}: empty text, skipped")
            return None
        mapped = _map_parts(raw, cleaned, start, end, parts or ()) if text is None else None
        if mapped is None:
            mapped = _map_parts_slowly(self.source.text, cleaned, start, end, parts or ())
        built = Unit(
            doc_id=self.doc_id,
            unit=unit,
            text=cleaned,
            language=self.language,
            heading=tuple(h for h in heading if h),
            title=title,
            pages=self.source.pages_for(start, end),
            # Physical pages are a PDF's; a text's page markers give printed numbers only.
            physical_pages=self.source.physical_pages_for(start, end)
            if self.source.page_numbers and self.source.format == "pdf" else (),
            span=(start, end),
            parts=tuple(mapped),
            footnotes=footnotes,
            order=len(self.units),
        )
        self.units.append(built)
        return built


_MARK = "\ue000"  # private-use character: carries part boundaries through cleaning


def _map_parts(raw: str, cleaned: str, start: int, end: int, parts) -> list[Part] | None:
    """Part spans (source offsets) as offsets into the cleaned text, in one cleaning pass:
    the boundaries ride through clean_text as marker characters. None when a marker
    changed the cleaning (then the slow mapping decides)."""
    if not parts:
        return []
    if _MARK in raw:
        return None
    cuts = sorted({min(max(p, start), end) - start for _, a, b in parts for p in (a, b)})
    pieces, last = [], 0
    for cut in cuts:
        pieces += [raw[last:cut], _MARK]
        last = cut
    pieces.append(raw[last:])
    marked = clean_text("".join(pieces))
    offsets: dict[int, int] = {}
    for i, char in enumerate(marked):
        if char == _MARK:
            offsets[cuts[len(offsets)]] = i - len(offsets)
    if marked.replace(_MARK, "") != cleaned:
        return None
    mapped = []
    n = len(cleaned)
    for locator, a, b in parts:
        p0 = min(offsets.get(min(max(a, start), end) - start, 0), n)
        p1 = min(offsets.get(min(max(b, start), end) - start, n), n)
        p0 = min(p0 + (1 if p0 < n and cleaned[p0] == " " else 0), n)
        while p1 > p0 and cleaned[p1 - 1] == " ":
            p1 -= 1
        if p1 > p0:
            mapped.append(Part(locator, p0, p1))
    return mapped


def _map_parts_slowly(source: str, cleaned: str, start: int, end: int, parts) -> list[Part]:
    """The same mapping by re-cleaning the text up to each boundary (quadratic)."""
    mapped = []
    for locator, p_start, p_end in parts:
        p0 = len(clean_text(source[start:p_start])) if p_start > start else 0
        p1 = len(clean_text(source[start:p_end])) if p_end > start else 0
        p0 = min(p0 + (1 if p0 else 0), len(cleaned))  # skip the joining space
        p1 = min(max(p1, p0), len(cleaned))
        if p1 > p0:
            mapped.append(Part(locator, p0, p1))
    return mapped


def roman_to_int(value: str) -> int | None:
    """'IV' -> 4; None when `value` is not a roman numeral (see readers.base.roman_value)."""
    return roman_value(value)
