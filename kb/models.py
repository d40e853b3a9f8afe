"""The nouns of kb: documents, the citable units parsed from them, and the passages embedded.

Plain dataclasses with JSON round-trips; no behaviour that needs anything beyond the
standard library, so every layer can import them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FAMILIES = ("convention", "national-law", "committee", "regional", "bilateral")
# Order of legal authority, used to group answers.
AUTHORITY = {family: rank for rank, family in enumerate(FAMILIES)}
LANGUAGES = ("en", "id")


@dataclass(frozen=True)
class Document:
    """One catalogue entry: what a document is and where it officially comes from."""

    id: str
    title: str
    citation: str
    family: str
    language: str
    date: str | None = None
    jurisdiction: str | None = None
    parties: tuple[str, ...] = ()
    status: str = "in force"
    repealed_by: str | None = None  # citation of the repealing provision
    successor: str | None = None  # id of the document that replaced it
    symbol: str | None = None
    aliases: tuple[str, ...] = ()  # other names people cite it by ("UU 18/2017", "GC 2")
    official_source: str | None = None  # where the official text is published (prose or URL)
    url: str | None = None  # a URL kb can download the official file from
    url_sha256: str | None = None  # checksum of that download, when known
    sha256: str | None = None  # checksum of the known text file (`file` in a mirror)
    file: str | None = None  # the file's path inside a mirror of the corpus
    format: str | None = None
    scheme: str | None = None  # structure parser; None: chosen from family and language
    sequences: tuple[str, ...] = ()  # names of paragraph sequences that restart numbering
    variant_of: str | None = None  # another copy of the same instrument (e.g. an OCR scan)
    notes: str | None = None
    origin: str = "catalog"  # "catalog" (shipped) or "user" (kb add)

    @property
    def repealed(self) -> bool:
        return self.status.lower().startswith(("repealed", "dicabut"))

    @property
    def in_force(self) -> bool:
        return not self.repealed

    @property
    def year(self) -> int | None:
        if self.date and self.date[:4].isdigit():
            return int(self.date[:4])
        return None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("parties", "aliases", "sequences"):
            data[key] = list(data[key])
        return {k: v for k, v in data.items() if v not in (None, [], "")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("parties", "aliases", "sequences"):
            if key in values:
                values[key] = tuple(values[key] or ())
        return cls(**values)


@dataclass(frozen=True)
class Part:
    """A finer locator inside a unit (`Pasal 30 ayat (1) huruf a`, `para 12 (b)`).

    `start`/`end` are offsets into the unit's text.
    """

    locator: str
    start: int
    end: int


@dataclass
class Unit:
    """The smallest thing a lawyer cites, with where it sits in its document."""

    doc_id: str
    unit: str  # canonical: "Pasal 30", "Penjelasan Pasal 5", "para 12", "Article 94"
    text: str  # cleaned text: what answers quote, word for word
    language: str
    heading: tuple[str, ...] = ()  # BAB/Bagian, Part/Chapter/section titles above the unit
    title: str | None = None  # the unit's own caption ("Scope"), when it has one
    # Printed page numbers (what a lawyer cites: a PDF's folios or page labels, "ii" for
    # front matter), when read from a paginated source.
    pages: tuple[int | str, ...] = ()
    span: tuple[int, int] = (0, 0)  # character span in the source text
    parts: tuple[Part, ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()  # (number, text) attached to this unit
    order: int = 0  # position in the document
    # Physical pages (1-based index in the file, as a PDF viewer counts) when they differ
    # from the printed ones; empty otherwise.
    physical_pages: tuple[int, ...] = ()
    # For an amendment point ("Pasal I angka 2"): the provision it rewrites, as the amending
    # act names it ("Pasal 9 PP 14/1993"); citations name it after the unit.
    amends: str | None = None
    # What the source lost of this unit, said to whoever reads it (one line): "The source
    # lost this Pasal's heading and the start of its text (OCR?) ..." for an article found
    # inside the previous one (kb.structure.statute_id.headings._lost). None when whole.
    caveat: str | None = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}::{self.unit}"

    def locator_at(self, offset: int) -> str:
        """The finest locator covering a character offset of the text."""
        best: Part | None = None
        for part in self.parts:
            if part.start <= offset < part.end and (best is None or part.end - part.start <= best.end - best.start):
                best = part
        return best.locator if best else self.unit

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "unit": self.unit,
            "text": self.text,
            "language": self.language,
            "heading": list(self.heading),
            "title": self.title,
            "pages": list(self.pages),
            "span": list(self.span),
            "parts": [[p.locator, p.start, p.end] for p in self.parts],
            "footnotes": [list(f) for f in self.footnotes],
            "order": self.order,
            **({"physical_pages": list(self.physical_pages)} if self.physical_pages else {}),
            **({"amends": self.amends} if self.amends else {}),
            **({"caveat": self.caveat} if self.caveat else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Unit":
        return cls(
            doc_id=data["doc_id"],
            unit=data["unit"],
            text=data["text"],
            language=data["language"],
            heading=tuple(data.get("heading") or ()),
            title=data.get("title"),
            pages=tuple(data.get("pages") or ()),
            span=tuple(data.get("span") or (0, 0)),  # type: ignore[arg-type]
            parts=tuple(Part(*p) for p in data.get("parts") or ()),
            footnotes=tuple(tuple(f) for f in data.get("footnotes") or ()),  # type: ignore[misc]
            order=data.get("order", 0),
            physical_pages=tuple(data.get("physical_pages") or ()),
            amends=data.get("amends"),
            caveat=data.get("caveat"),
        )


@dataclass(frozen=True)
class Passage:
    """What gets embedded: a unit, or a window of a long unit, pointing back to it."""

    doc_id: str
    unit: str
    seq: int
    start: int  # offsets into the unit's text
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.doc_id}::{self.unit}::{self.seq}"

    @property
    def unit_key(self) -> str:
        return f"{self.doc_id}::{self.unit}"


@dataclass
class ParsedDocument:
    """A document turned into units, plus what the parser noticed on the way."""

    document: Document
    units: list[Unit]
    warnings: list[str] = field(default_factory=list)
    # Spans of the source text deliberately not in any unit: (start, end, kind), kind one
    # of kb.structure.audit.CLASSIFIED_KINDS (headings, stamps, signature blocks...).
    classified: list[tuple[int, int, str]] = field(default_factory=list)
    audit: Any = None  # kb.structure.audit.Audit, set by kb.structure.parse_document
