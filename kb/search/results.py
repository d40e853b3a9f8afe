"""Search results and the JSON contract (documented in the README; keep it stable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..citations import Citation, format_citation
from ..models import Document, Passage, Unit

JSON_FIELDS = (
    "rank", "score", "doc_id", "unit", "locator", "citation", "title", "family",
    "language", "status", "pages", "heading", "text", "source_url",
)
# Added after the contract was first published (never removed either): "in_force",
# "match", "exact", and "successor" ({"doc_id", "unit", "citation"} of the provision of
# the law in force that replaced a repealed unit, or null), and "part_text" (the text of the
# part `locator` pinpoints, verbatim from `text`, as `kb show` prints it; null when the
# locator is the whole unit or a part the text does not mark separately).


def source_url(doc: Document) -> str | None:
    if doc.url:
        return doc.url
    src = doc.official_source or ""
    for token in src.replace(",", " ").replace(";", " ").replace("(", " ").replace(")", " ").split():
        if token.startswith(("http://", "https://")):
            return token
    return None


@dataclass
class Hit:
    """A unit found for a query: its best-matching passage, score and citation."""

    rank: int
    score: float
    unit: Unit
    document: Document
    passage: Passage | None = None
    locator: str | None = None
    exact: bool = False  # the query cited this unit
    # Why the hit stands before hits of higher score, when it does (None: ranked by score):
    # "cited" (the query cites it), "named-unit" ("Pasal 30" alone: each statute's Pasal 30,
    # law in force first), "named-unit-topic" ("What does Pasal 30 say about fees?": each
    # statute's Pasal 30 that matches the other words, best first), "successor" (the provision that replaced a cited repealed unit,
    # scored by its likeness to it), "quoted-words" (it holds the words the query quotes),
    # "lost-heading" (the cited unit's heading is lost in the indexed copy: this unit holds
    # what survived of its text, or is its Penjelasan).
    placed: str | None = None
    signals: dict[str, float] = field(default_factory=dict)
    # For a unit of repealed law: the closest provision of the law that replaced it
    # (kb.search.successors.Successor: doc_id, unit, similarity) and that law's Document.
    successor: Any = None
    successor_document: Document | None = None

    @property
    def successor_citation(self) -> str | None:
        """"UU No. 18 Tahun 2017, Pasal 30" for a repealed unit with a known successor."""
        if self.successor is None or self.successor_document is None:
            return None
        return format_citation(self.successor_document, self.successor.unit)

    @property
    def citation(self) -> str:
        """The full citation; an amendment point also names the provision it rewrites:
        "PP No. 84 Tahun 2013, Pasal I angka 2 (Pasal 9 PP 14/1993)"."""
        cited = format_citation(self.document, self.locator or self.unit.unit)
        return f"{cited} ({self.unit.amends})" if self.unit.amends else cited

    @property
    def part_text(self) -> str | None:
        """The text of the part `locator` pinpoints ("j. menguasai dokumen perjalanan selama
        bekerja;" for "Pasal 6 ayat (1) huruf j"), verbatim from the unit's text: what `kb
        show` prints for a pinpoint citation. None when the locator is the whole unit, or
        names a part the text does not mark separately (the whole unit is then cited)."""
        locator = self.locator
        if not locator or locator == self.unit.unit:
            return None
        part = next((p for p in self.unit.parts if p.locator == locator), None)
        if part is None:  # "Section 2(b)" typed, "Section 2 (b)" as the generic parser names it
            bare = "".join(locator.split())
            part = next((p for p in self.unit.parts if "".join(p.locator.split()) == bare), None)
        if part is None:
            return None
        return self.unit.text[part.start:part.end]

    @property
    def repealed(self) -> bool:
        return self.document.repealed

    def status_note(self) -> str:
        doc = self.document
        if doc.repealed:
            by = f" by {doc.repealed_by}" if doc.repealed_by else ""
            return f"repealed{by}"
        return doc.status

    def to_dict(self) -> dict[str, Any]:
        doc, unit = self.document, self.unit
        return {
            "rank": self.rank,
            "score": round(float(self.score), 4),
            "doc_id": doc.id,
            "unit": unit.unit,
            "locator": self.locator or unit.unit,
            "citation": self.citation,
            "title": doc.title,
            "family": doc.family,
            "language": unit.language,
            "status": self.status_note(),
            "pages": list(unit.pages),
            "heading": list(unit.heading),
            "text": unit.text,
            "source_url": source_url(doc),
            "in_force": doc.in_force,
            "match": self.passage.text if self.passage else None,
            "part_text": self.part_text,
            "exact": self.exact,
            **({"placed": self.placed} if self.placed else {}),
            "successor": None if self.successor is None else {
                "doc_id": self.successor.doc_id, "unit": self.successor.unit, "citation": self.successor_citation},
            "notes": [{"number": n, "text": t} for n, t in unit.footnotes],
            **({"physical_pages": list(unit.physical_pages)} if unit.physical_pages else {}),
            **({"amends": unit.amends} if unit.amends else {}),
            **({"caveat": unit.caveat} if unit.caveat else {}),
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    language: str = "en"
    citation: Citation | None = None
    signals: dict[str, float] = field(default_factory=dict)  # e.g. dense_top: best raw similarity
    analysis: Any = None  # the analysed query (kb.search.query.Query), for the answerer
    notes: list[str] = field(default_factory=list)  # e.g. the query was cut (kb.limits)
    # the one language of the labels and notes (kb.search.notes.output_language): the
    # query's; for a bare citation, the cited document's
    output_language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"query": self.query, "results": [h.to_dict() for h in self.hits]}
        if self.notes:  # additive: present only when there is something to say
            out["notes"] = list(self.notes)
        return out

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)
