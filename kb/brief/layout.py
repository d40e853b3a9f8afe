"""What a brief shows, in reading order, as a flat list of elements that every writer
(Markdown, HTML, Word) lays out the same way: the first page (title, date, scope,
documents consulted, how to read the quotes, the list of issues), then per issue its
heading, follow-up facts, notices and blocks of quotes, then the table of sources.
Keeping this in one place keeps the three formats saying the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import labels, status_word
from .model import BLOCKS, Brief, BriefQuote, BriefSource, Issue


@dataclass
class Title:
    text: str


@dataclass
class Meta:
    """A labelled line of the first page; `items` makes it a list."""

    label: str
    value: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass
class Contents:
    label: str
    items: list[tuple[str, str]]  # (anchor, text)


@dataclass
class Heading:
    level: int  # 1: issue, 2: block
    text: str
    anchor: str


@dataclass
class Facts:
    rows: list[tuple[str, str]]


@dataclass
class Notice:
    text: str


@dataclass
class QuoteElement:
    """A verbatim quote: `fragments` shown as lines or joined by " … ", then the pinpoint
    citation and the source number."""

    fragments: list[str]
    lines: bool
    citation: str
    n: int
    note: str | None = None


@dataclass
class SourcesTable:
    label: str
    anchor: str
    header: list[str]
    rows: list[list[str]]  # No., citation (with title), page, language, status, official source
    urls: dict[int, str]  # row number -> URL, for writers that link


Element = Title | Meta | Paragraph | Contents | Heading | Facts | Notice | QuoteElement | SourcesTable


_CODE = re.compile(r"`(kb [^`]+)`")


def split_code(text: str) -> list[tuple[bool, str]]:
    """kb's own sentences name commands in backticks (`kb index`): (is_code, text) pieces."""
    return [(i % 2 == 1, p) for i, p in enumerate(_CODE.split(text)) if p]


def issue_anchor(i: int) -> str:
    return f"issue-{i}"


def source_anchor(n: int) -> str:
    return f"src-{n}"


def pages_text(source: BriefSource, lab: dict[str, str]) -> str:
    if not source.pages:
        return lab["none"]
    p = source.pages
    return f"{lab['page']} {p[0]}" if len(p) == 1 or p[0] == p[-1] else f"{lab['page']} {p[0]}–{p[-1]}"


def layout(brief: Brief) -> list[Element]:
    lab = labels(brief.language)
    out: list[Element] = [Title(brief.title), Meta(lab["date"], brief.date)]
    if brief.scope:
        out.append(Meta(lab["scope"], "; ".join(brief.scope)))
    out.append(Meta(lab["consulted"], items=list(brief.consulted)))
    if brief.verified:
        out.append(Paragraph(lab["method"].format(verified=brief.verified), emphasis=True))
    if brief.dropped:
        out.append(Notice(lab["dropped"].format(n=len(brief.dropped))))
    out.append(Contents(lab["contents"], [(issue_anchor(i), f"{i}. {issue.title}") for i, issue in enumerate(brief.issues, 1)]))
    for i, issue in enumerate(brief.issues, 1):
        out += _issue(brief, i, issue, lab)
    out.append(_sources(brief, lab))
    return out


def _issue(brief: Brief, i: int, issue: Issue, lab: dict[str, str]) -> list[Element]:
    out: list[Element] = [Heading(1, f"{i}. {issue.title}", issue_anchor(i))]
    if issue.followup is not None:
        f = issue.followup
        rows = [(lab["status"], status_word(f.status, brief.language)),
                (lab["lead"], "; ".join(f.leads) if f.leads else lab["no_lead"])]
        if f.sub_statuses:
            rows.append((lab["sub_status"], "; ".join(
                f"({k}) {status_word(v, brief.language)}" + (f" ({'; '.join(f.sub_leads[k])})" if f.sub_leads.get(k) else "")
                for k, v in f.sub_statuses.items())))
        if f.priority:
            rows.append((lab["priority"], lab["priority_subs"].format(subs=", ".join(f"({s})" for s in f.priority_subparagraphs))
                         if f.priority_subparagraphs else lab["priority_all"]))
        if f.articles:
            rows.append((lab["articles"], ", ".join(f.articles)))
        if f.reiterates:
            rows.append((lab["reiterates"], "; ".join(f.reiterates)))
        if f.notes:
            rows.append((lab["notes"], " | ".join(f.notes)))
        if f.actions:
            rows.append((lab["actions"], " | ".join(f.actions)))
        out.append(Facts(rows))
    for notice in issue.notices:
        out.append(Notice(notice))
    if not issue.covered:
        out.append(Paragraph(issue.message or ""))
        return out
    order = {k: n for n, k in enumerate(BLOCKS)}
    for j, block in enumerate(sorted(issue.blocks, key=lambda b: order.get(b.kind, 99)), 1):
        label = lab[block.kind]
        if block.kind == "concern" and block.quotes:
            label = f"{label} ({brief.source(block.quotes[0].source).locator.replace('para ', 'para. ')})"
        out.append(Heading(2, label, f"{issue_anchor(i)}-{block.kind}"))
        if block.notice:
            out.append(Notice(block.notice))
        for q in block.quotes:
            out.append(_quote(brief, q))
    return out


def _quote(brief: Brief, q: BriefQuote) -> QuoteElement:
    src = brief.source(q.source)
    return QuoteElement(fragments=list(q.fragments), lines=q.lines, citation=src.citation, n=src.n, note=q.note)


def _sources(brief: Brief, lab: dict[str, str]) -> SourcesTable:
    header = [lab["col_n"], lab["col_citation"], lab["col_page"], lab["col_language"], lab["col_status"], lab["col_url"]]
    rows, urls = [], {}
    for s in brief.sources:
        official = s.url or s.official_source or lab["none"]
        if s.url:
            urls[s.n] = s.url
        rows.append([str(s.n), f"{s.citation} — {s.title}", pages_text(s, lab), s.language, s.status, official])
    return SourcesTable(lab["sources"], "sources", header, rows, urls)
