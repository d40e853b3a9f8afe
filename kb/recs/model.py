"""The nouns of follow-up: recommendations parsed from concluding observations (and
questions from lists of issues), and the tracker's state for each of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("not-started", "in-progress", "partially-implemented", "implemented", "not-accepted")
DEFAULT_STATUS = "not-started"


@dataclass(frozen=True)
class SubParagraph:
    """A lettered sub-paragraph of a recommendation ("(b)"), nested items included."""

    label: str  # "b"
    text: str  # its words, nested "(i)", "(ii)" items included
    items: tuple[str, ...] = ()  # labels of nested items ("i", "ii")


@dataclass(frozen=True)
class Reiteration:
    """A paragraph of the previous cycle that a recommendation repeats.

    `how` is "explicit" (the text cites it: "(CMW/C/XYZ/CO/1, para. 21)", in the
    recommendation or in the concern it answers) or "similarity" (no citation; the
    texts' similarity `score` is at or above the documented threshold)."""

    symbol: str  # "CMW/C/XYZ/CO/1"
    paragraph: int
    locator: str  # "para 21 (b)"
    how: str  # "explicit" | "similarity"
    score: float | None = None
    where: str = "recommendation"  # "recommendation" | "concern" | "similarity"
    doc_id: str | None = None  # the previous concluding observations' catalogue id, if known

    @property
    def citation(self) -> str:
        return f"{self.symbol}, {self.locator.replace('para ', 'para. ', 1)}"

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "paragraph": self.paragraph, "locator": self.locator, "citation": self.citation,
                "how": self.how, "score": self.score, "where": self.where, "doc_id": self.doc_id}


@dataclass
class Recommendation:
    """One recommendation paragraph of concluding observations (or one question of a
    list of issues), with everything a delegation needs to follow it up.

    Articles are strings, ranges with an en dash ("21", "8–35"): `section_articles` come
    from the heading path ("3. Human rights ... (arts. 8–35)", "Detention (arts. 16 and
    17)"), `explicit_articles` from the text ("article 21 of the Convention"), and
    `articles` is what the recommendation concerns: the explicit ones plus its topic
    heading's own ("Detention (arts. 16 and 17)"); when neither names an article, the
    thematic section's range ("8–35")."""

    symbol: str  # "CMW/C/XYZ/CO/2"
    doc_id: str
    paragraph: int
    text: str
    kind: str = "recommendation"  # "recommendation" | "question"
    lead_in: str = ""  # the words before the first sub-paragraph
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    heading: tuple[str, ...] = ()
    theme: str = ""  # the topic heading, without its article range ("Detention")
    section: str = ""  # the thematic sub-section ("Human rights of all migrant workers ...")
    articles: list[str] = field(default_factory=list)
    section_articles: list[str] = field(default_factory=list)
    explicit_articles: list[str] = field(default_factory=list)
    concern: int | None = None  # the paragraph stating the concern it answers (itself if combined)
    thematic: bool = True  # in "Principal subjects of concern and recommendations" (not a closing request)
    follow_up: bool = False  # named in the follow-up paragraph (priority)
    follow_up_subparagraphs: list[str] = field(default_factory=list)  # e.g. ["c"]; empty: the whole paragraph
    reiterates: list[Reiteration] = field(default_factory=list)
    references: list[Any] = field(default_factory=list)  # kb.references.Reference found in its text
    pages: tuple[int, ...] = ()

    @property
    def citation(self) -> str:
        return f"{self.symbol}, para. {self.paragraph}"

    @property
    def key(self) -> tuple[str, int]:
        return self.symbol, self.paragraph

    def article_numbers(self) -> set[int]:
        """Every article number the recommendation concerns, ranges expanded."""
        return _numbers(self.articles)

    def subparagraph(self, label: str) -> SubParagraph | None:
        return next((s for s in self.subparagraphs if s.label == label), None)


def _numbers(articles: list[str]) -> set[int]:
    out: set[int] = set()
    for a in articles:
        lo, _, hi = a.replace("–", "-").partition("-")
        try:
            out.update(range(int(lo), int(hi or lo) + 1))
        except ValueError:
            continue
    return out


@dataclass
class Action:
    text: str
    due: str | None  # YYYY-MM-DD
    created_at: str


@dataclass
class Change:
    at: str  # ISO time, UTC
    field: str  # "status" | "lead" | "note" | "action"
    old: str | None
    new: str | None


@dataclass
class FollowUp:
    """The tracker's state for one recommendation or sub-paragraph (sub "" = the whole
    paragraph). A sub-paragraph without state of its own shows its paragraph's
    (`inherited` True)."""

    symbol: str
    paragraph: int
    sub: str = ""
    status: str = DEFAULT_STATUS
    leads: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    updated_at: str | None = None
    inherited: bool = False
    stored: bool = False  # the tracker holds state for this key

    def to_dict(self, history: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "leads": list(self.leads),
            "notes": list(self.notes),
            "actions": [{"text": a.text, "due": a.due, "created_at": a.created_at} for a in self.actions],
            "updated_at": self.updated_at,
            "inherited": self.inherited,
        }
        if history:
            out["history"] = [{"at": c.at, "field": c.field, "old": c.old, "new": c.new} for c in self.history]
        return out
