"""What a brief is made of: issues (one per recommendation, article, citation or topic),
each in blocks that follow the order a delegation argues in (the recommendation, the
Convention, national law in force, repealed law as history, the Committee's general
comments, its earlier recommendations, regional then bilateral instruments), every quote
a verbatim span of an indexed unit tied to a numbered source of one table for the whole
brief. Writers (Markdown, HTML, Word) only lay this out; they add no text of their own
beyond the labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Blocks of an issue, in the order they are shown.
BLOCKS = ("recommendation", "concern", "convention", "national", "history", "general-comments",
          "earlier-recommendations", "regional", "bilateral")


@dataclass
class BriefSource:
    """One row of the sources table: full pinpoint citation, page(s), language, status
    (a repealed law names its successor), official URL. `n` is the number quotes cite."""

    n: int
    citation: str
    doc_id: str
    unit: str
    locator: str
    title: str
    family: str
    language: str
    status: str  # in the brief's language ("in force", "dicabut oleh UU No. 18 Tahun 2017, Pasal 89 huruf a")
    in_force: bool
    pages: tuple[int, ...] = ()
    url: str | None = None
    official_source: str | None = None  # where the official text is published, when there is no URL
    successor: str | None = None  # citation of the law that replaced a repealed one

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "citation": self.citation, "doc_id": self.doc_id, "unit": self.unit,
                "locator": self.locator, "title": self.title, "family": self.family, "language": self.language,
                "status": self.status, "in_force": self.in_force, "pages": list(self.pages), "url": self.url,
                "official_source": self.official_source, "successor": self.successor}


@dataclass
class BriefQuote:
    """Verbatim words of one unit: `fragments` are exact substrings of the unit's text at
    `spans` (character offsets). `lines`: show each fragment on its own line (a
    recommendation's lead-in and sub-paragraphs) rather than joined by " … " (a list item
    quoted with the words that introduce it). `note`: a short remark shown with the quote
    ("reiterated (explicit)", "cites art. 21")."""

    source: int  # BriefSource.n
    fragments: list[str]
    spans: list[tuple[int, int]]
    lines: bool = False
    note: str | None = None

    @property
    def text(self) -> str:
        return " … ".join(self.fragments)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "text": self.text, "fragments": list(self.fragments),
                "spans": [list(s) for s in self.spans], "lines": self.lines, "note": self.note}


@dataclass
class Block:
    """One part of an issue. `notice` says plainly what the brief cannot show (the
    Convention is not indexed and how to add it; no indexed instrument of this kind
    addresses the issue)."""

    kind: str  # one of BLOCKS
    quotes: list[BriefQuote] = field(default_factory=list)
    notice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "quotes": [q.to_dict() for q in self.quotes], "notice": self.notice}


@dataclass
class FollowUpSummary:
    """What the tracker says of a recommendation, for the brief's reader."""

    status: str
    leads: list[str]
    priority: bool
    priority_subparagraphs: list[str]
    sub_statuses: dict[str, str]  # sub-paragraph label -> its own status (only those set apart)
    sub_leads: dict[str, list[str]]  # sub-paragraph label -> its own lead institutions (those set apart)
    notes: list[str]
    actions: list[str]  # "text (due YYYY-MM-DD)"
    reiterates: list[str]  # "CMW/C/XYZ/CO/1, para. 17 (explicit)"
    articles: list[str]
    theme: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Issue:
    """One issue of the brief. `covered` False: the indexed documents do not address it;
    `message` then says so (and why, when kb ask gives a reason) and no block is filled."""

    kind: str  # "recommendation" | "article" | "citation" | "topic"
    title: str  # heading shown ("CMW/C/XYZ/CO/2, para. 35 — Recruitment fees")
    key: str  # what was asked: the citation, "ICRMW art. 21", the topic words
    blocks: list[Block] = field(default_factory=list)
    covered: bool = True
    message: str | None = None
    notices: list[str] = field(default_factory=list)  # shown under the heading (a named instrument not indexed)
    followup: FollowUpSummary | None = None
    seconds: float = 0.0

    def block(self, kind: str) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    @property
    def quotes(self) -> list[BriefQuote]:
        return [q for b in self.blocks for q in b.quotes]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "key": self.key, "covered": self.covered,
                "message": self.message, "notices": list(self.notices),
                "followup": self.followup.to_dict() if self.followup else None,
                "blocks": [b.to_dict() for b in self.blocks], "seconds": round(self.seconds, 3)}


@dataclass
class Brief:
    """A whole brief: title, date and scope (first page), issues, and the sources table.
    `verified` counts the quotes checked verbatim against their units when the brief was
    assembled; `dropped` lists any that failed (and were removed)."""

    title: str
    language: str  # labels' language ("en" | "id"); quotes stay in their documents' language
    date: str  # YYYY-MM-DD
    scope: list[str]  # lines describing what was asked
    consulted: list[str]  # lines describing the documents indexed, by family
    issues: list[Issue] = field(default_factory=list)
    sources: list[BriefSource] = field(default_factory=list)
    verified: int = 0
    dropped: list[str] = field(default_factory=list)

    @property
    def quotes(self) -> list[BriefQuote]:
        return [q for i in self.issues for q in i.quotes]

    def source(self, n: int) -> BriefSource:
        return self.sources[n - 1]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "language": self.language, "date": self.date, "scope": list(self.scope),
                "consulted": list(self.consulted), "issues": [i.to_dict() for i in self.issues],
                "sources": [s.to_dict() for s in self.sources], "verified": self.verified,
                "dropped": list(self.dropped)}
