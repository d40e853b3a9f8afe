"""What an answer is made of: verbatim quotes tied to numbered sources, grouped by
instrument (the best quote first), or an abstention with its reason and the closest
units. `Answer.to_dict()` is the `kb ask --json` shape (README, "The answer JSON"):
fields may be added, never removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Source:
    n: int
    citation: str  # full pinpoint citation
    doc_id: str
    unit: str
    locator: str
    title: str
    family: str
    language: str
    status: str
    in_force: bool
    pages: tuple[int, ...] = ()
    url: str | None = None
    successor: str | None = None  # for repealed law: what replaced it
    # For a repealed unit: the closest provision of the law in force that replaced it
    # (kb.search.successors, as `kb search` shows it): "UU No. 18 Tahun 2017, Pasal 30".
    successor_provision: str | None = None
    status_text: str = ""  # `status` in the answer's language

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n, "citation": self.citation, "doc_id": self.doc_id, "unit": self.unit,
            "locator": self.locator, "title": self.title, "family": self.family, "language": self.language,
            "status": self.status, "in_force": self.in_force, "pages": list(self.pages), "url": self.url,
            "successor": self.successor, "successor_provision": self.successor_provision,
            "status_text": self.status_text or self.status,
        }


@dataclass
class Quote:
    """Verbatim text of a unit. `fragments` are exact substrings of the unit's text; more
    than one when a list item is quoted with the words that introduce it."""

    source: int  # Source.n
    fragments: list[str]
    spans: list[tuple[int, int]]  # offsets of the fragments in the unit's text
    score: float = 0.0  # how well the quote answers the question (the best quote comes first)
    # A quote that starts or ends inside a sentence (a run-on sentence cut at a comma,
    # kb.lang.sentences) shows "…" there, as between fragments: "… the simple fact that
    # …" is not a sentence of its own.
    cut_before: bool = False
    cut_after: bool = False

    @property
    def text(self) -> str:
        return ("… " if self.cut_before else "") + " … ".join(self.fragments) + (" …" if self.cut_after else "")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "fragments": self.fragments, "source": self.source,
                "spans": [list(s) for s in self.spans], "score": round(self.score, 4)}


@dataclass
class Section:
    """The quotes from one instrument, under a one-line heading."""

    doc_id: str
    heading: str
    family: str
    quotes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "heading": self.heading, "family": self.family,
                "quotes": [q.to_dict() for q in self.quotes]}


@dataclass
class Note:
    """A statement about the answer as a whole, shown before the quotes: a document the
    question names that is not indexed (with how to get it), or that the documents state
    a general rule and do not name what the question names."""

    code: str  # "missing-document" | "unknown-document" | "general-rule" | "ratified-by" | "term-not-in-document" | "query-cut" | "source-text-lost" | "items-omitted" | "terms-never-used" | "convention-cited" | "heading-lead"
    text: str  # in the answer's language
    doc_id: str | None = None  # for "missing-document"
    commands: list[str] = field(default_factory=list)  # what to run to get the document

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "doc_id": self.doc_id, "commands": self.commands}

    @property
    def about_quotes(self) -> bool:
        """True for a note about the quotes this answer chose (their source numbers, items
        they leave out, a heading lost above them, a document or family none of them is
        from): true of this answer only, not of the question, so a text that quotes
        differently (a brief) must not repeat it."""
        return self.code in QUOTE_NOTES


QUOTE_NOTES = frozenset({"items-omitted", "source-text-lost", "family-silent", "named-document-silent",
                         "convention-cited"})


@dataclass
class Answer:
    question: str
    language: str  # the answer's language ("en"/"id"): the question's, or a bare citation's document's
    abstained: bool
    sections: list[Section] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    message: str | None = None  # the abstention sentence, when abstained
    reason: dict[str, str] | None = None  # why it abstained: {"code", "text"}
    notes: list[Note] = field(default_factory=list)  # shown first: missing documents, general rule
    related: list[Source] = field(default_factory=list)  # closest units when abstaining
    synthesis: list[dict[str, Any]] = field(default_factory=list)  # verified LLM sentences (--llm)
    rejected: list[dict[str, Any]] = field(default_factory=list)  # LLM sentences the verifier removed
    signals: dict[str, Any] = field(default_factory=dict)  # what the decision to answer rested on

    @property
    def quotes(self) -> list[Quote]:
        return [q for s in self.sections for q in s.quotes]

    def source(self, n: int) -> Source:
        """The source numbered `n` (a quote's `source`, the [n] of the text). Raises
        InputError when the answer has no such source."""
        found = next((s for s in self.sources if s.n == n), None)
        if found is None:
            from ..errors import InputError

            have = f"its sources are [1]–[{len(self.sources)}]" if self.sources else "it has no sources"
            raise InputError(f"this answer has no source [{str(n)[:20]}]; {have}")
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "language": self.language,
            "abstained": self.abstained,
            "message": self.message,
            "reason": self.reason,
            "notes": [n.to_dict() for n in self.notes],
            "sections": [s.to_dict() for s in self.sections],
            "sentences": [
                {"text": q.text, "citation": q.source, "fragments": q.fragments}
                for q in self.quotes
            ],
            "sources": [s.to_dict() for s in self.sources],
            "related": [s.to_dict() for s in self.related],
            "synthesis": self.synthesis,
            "rejected": self.rejected,
            "signals": self.signals,
        }
