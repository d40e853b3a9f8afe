"""Assembling a brief from kb's public API: answers (`ask`), units (`get`, `units`),
explicit references (`reference_index`), recommendations with their follow-up
(`recommendations`).

Where each block's quotes come from:
- recommendation: the paragraph itself (lead-in and sub-paragraphs, each sub-paragraph's
  follow-up status), and the paragraph stating the concern it answers;
- Convention: the articles the issue concerns (the recommendation's articles, the asked
  article, the articles a cited unit cites), quoted when the Convention is indexed, else a
  plain statement that it is not and how to add it;
- national law in force: provisions the issue cites explicitly, then `ask` restricted to
  national law in force; repealed law the same way, shown apart as history, flagged with
  its successor;
- general comments: the sentences that cite the issue's articles explicitly, then `ask`
  restricted to the general comments;
- earlier recommendations: the previous cycle's paragraph a recommendation reiterates, the
  recommendations on an asked article, or `ask` restricted to concluding observations;
- regional and bilateral instruments: `ask` restricted to each family.

`ask` decides relevance: when it declines (the documents of that kind do not address the
issue), the block says so instead of quoting something. An issue built from a topic that
`ask` declines over all documents is reported as not covered, with no blocks at all.
Queries made from a recommendation's or a unit's own text are lower-cased: its proper
names (a State party's statute, a programme) are not demands on the answer the way a
user's are, and `ask` would otherwise decline national law for not naming them.
"""

from __future__ import annotations

import datetime as _dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..citations import CONVENTION_ARTICLES
from ..errors import CitationError, KbError
from ..lang import detect_language
from ..lang.sentences import sentence_spans
from ..models import Document, Unit
from ..search.filters import Filters
from ..search.results import source_url
from .labels import document_status, labels, status_word
from .model import BLOCKS, Block, Brief, BriefQuote, BriefSource, FollowUpSummary, Issue
from .relevance import on_subject, on_topic, terms

if TYPE_CHECKING:
    from ..api import KnowledgeBase
    from ..recs import Recommendation

CONVENTION_IDS = ("icrmw", "icrmw-id")
# How many quotes each block takes at most: enough to argue from, few enough to read.
MAX_QUOTES = {"national": 3, "history": 2, "general-comments": 3, "earlier-recommendations": 3,
              "regional": 2, "bilateral": 2, "convention": 3}
# A person's topic is covered when the units quoted for it hold at least this share of its
# terms (weighted by rarity; `Assembler.topic_coverage`): `kb ask`'s own floor (0.08) is
# set for questions over its best three units and lets "football transfer rules for
# professional players" through on "transfer". Chosen on the dev questions used as
# topics (the highest that declines none of them; their lowest is 0.44), checked on
# topics outside the documents, of which it declines 3 of 7 (bench/brief_coverage.py;
# README, "Measured: briefs"). A topic that is a citation is not measured.
TOPIC_COVERAGE = 0.4
# Units `ask` reads per block, and the length of a query made from a unit's text.
ASK_K = 8
NEAREST_SHOWN = 3  # units named, not quoted, when a block quotes nothing
QUERY_CHARS = 1000

Progress = Callable[[int, int, Issue], None]


@dataclass(frozen=True)
class BriefRequest:
    """What a brief is about. Any combination; each gives issues in this order:
    recommendations (`recs`: a concluding observations' id or symbol, filtered by
    `status`, `lead`, `articles`, `theme`, `priority` as in `kb recs`), Convention
    `articles`, `citations` ("UU 18/2017 Pasal 30"), and the `topic`.
    `lang`: labels' language ("en" | "id"; default: the topic's, else the first cited
    unit's or recommendation's document's). `date`: YYYY-MM-DD shown on the first page
    (default today)."""

    topic: str | None = None
    articles: tuple[int, ...] = ()
    citations: tuple[str, ...] = ()
    recs: str | None = None
    status: str | None = None
    lead: str | None = None
    theme: str | None = None
    priority: bool = False
    lang: str | None = None
    date: str | None = None

    def check(self) -> "BriefRequest":
        """Raises KbError when nothing is asked or a value cannot be used."""
        if not (self.topic and self.topic.strip()) and not self.articles and not self.citations and not self.recs:
            raise KbError("a brief needs a topic, --article N, --cite CITATION or --recs DOC_ID "
                          "(e.g. kb brief \"recruitment fees\" -o brief.docx)")
        if (self.status or self.lead or self.theme or self.priority) and not self.recs:
            raise KbError("--status, --lead, --theme and --priority select recommendations: give --recs DOC_ID too")
        for n in self.articles:
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= CONVENTION_ARTICLES:
                raise KbError(f"article {n!r} is not an article of the Convention (1–{CONVENTION_ARTICLES})")
        if self.lang is not None and self.lang not in ("en", "id"):
            raise KbError(f"--lang {self.lang!r}: use en or id")
        if self.date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date):
            raise KbError(f"date {self.date!r} must be YYYY-MM-DD")
        return self


class _Units:
    """Units by document, read once per brief (the index's copy)."""

    def __init__(self, kb: "KnowledgeBase"):
        self.kb = kb
        self._by_doc: dict[str, dict[tuple[str, str], Unit]] = {}

    def get(self, doc_id: str, unit: str) -> Unit | None:
        if doc_id not in self._by_doc:
            try:
                units = self.kb.units(doc_id)
            except KbError:
                units = []
            self._by_doc[doc_id] = {(u.doc_id, u.unit): u for u in units}
        table = self._by_doc[doc_id]
        return table.get((doc_id, unit)) or next((u for (d, name), u in table.items() if name == unit), None)


class _Sources:
    """The brief's one table of sources: a number per (document, unit, locator), in the
    order of first citation."""

    def __init__(self, kb: "KnowledgeBase", lang: str, symbols: dict[str, str]):
        self.kb, self.lang, self.symbols = kb, lang, symbols
        self.rows: list[BriefSource] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def cite(self, doc: Document, locator: str) -> str:
        from ..references.links import cite

        return cite(doc, locator, self.symbols)

    def number(self, doc: Document, unit: Unit, locator: str) -> int:
        key = (doc.id, unit.unit, locator)
        if key in self._numbers:
            return self._numbers[key]
        lab = labels(self.lang)
        successor = None
        if doc.repealed and doc.successor:
            found = self.kb.catalog.find(doc.successor)
            successor = found.citation if found is not None else doc.successor
        if doc.repealed:
            status = lab["repealed_flag"] + (f": {lab['repealed by']} {doc.repealed_by}" if doc.repealed_by else "")
            if successor:
                status += f"; {lab['replaced_by']} {successor}"
        else:
            status = document_status(doc.status, self.lang)
        primary = self.kb.catalog.find(doc.variant_of) if doc.variant_of else None
        shown = primary or doc
        n = len(self.rows) + 1
        self.rows.append(BriefSource(
            n=n, citation=self.cite(shown, locator), doc_id=doc.id, unit=unit.unit, locator=locator, title=shown.title,
            family=doc.family, language=unit.language, status=status, in_force=doc.in_force, pages=tuple(unit.pages),
            url=source_url(doc) or source_url(shown), official_source=shown.official_source, successor=successor,
        ))
        self._numbers[key] = n
        return n


@dataclass
class _Context:
    """What the assembler knows of the index once per brief."""

    indexed: list[Document]
    symbols: dict[str, str]
    convention: list[str] = field(default_factory=list)
    national: list[str] = field(default_factory=list)
    repealed: list[str] = field(default_factory=list)
    general_comments: list[str] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    regional: list[str] = field(default_factory=list)
    bilateral: list[str] = field(default_factory=list)


def _context(kb: "KnowledgeBase") -> _Context:
    from ..recs.parse import is_concluding_observations

    symbols = {d.id: d.symbol for d in kb.catalog if d.symbol}
    symbols.update(kb.reference_index().symbols)
    indexed = kb.indexed_documents()
    ctx = _Context(indexed=indexed, symbols=symbols)
    for d in indexed:
        if d.variant_of:
            continue  # a variant copy is searched with its primary (Filters.doc)
        symbol = symbols.get(d.id) or (d.citation if "/" in d.citation else None)
        if d.family == "convention":
            ctx.convention.append(d.id)
        elif d.family == "national-law":
            (ctx.repealed if d.repealed else ctx.national).append(d.id)
        elif d.family == "committee":
            if symbol and "/GC/" in symbol.upper():
                ctx.general_comments.append(d.id)
            elif is_concluding_observations(symbol, d.title):
                ctx.observations.append(d.id)
        elif d.family == "regional":
            ctx.regional.append(d.id)
        elif d.family == "bilateral":
            ctx.bilateral.append(d.id)
    return ctx


_ASKS = re.compile(
    r"\b(?:the\s+committee|it)\b[^.:;]{0,160}?\b(?:recommends?|urges?|encourages?|calls\s+(?:up)?on|requests?|invites?)"
    r"\b(?:\s+that)?\s+(?:the\s+state\s+party|it)(?:\s+to)?\s*:?",
    re.IGNORECASE,
)


def derived_query(text: str) -> str:
    """A search query made from a unit's own words: the Committee's formula ("The
    Committee recommends that the State party:") removed, whitespace folded,
    lower-cased (see the module docstring), at most QUERY_CHARS characters."""
    text = _ASKS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip().lower()[:QUERY_CHARS]


class Assembler:
    """Builds the issues of one brief; `build(request)` returns the Brief."""

    def __init__(self, kb: "KnowledgeBase", lang: str, progress: Progress | None = None):
        self.kb = kb
        self.lang = lang
        self.lab = labels(lang)
        self.progress = progress
        self.ctx = _context(kb)
        self.sources = _Sources(kb, lang, self.ctx.symbols)
        self.units = _Units(kb)
        self._rec_cache: list["Recommendation"] | None = None
        self._issue_no = 0  # the issue being built (1-based)
        self._how_given = 0  # the issue whose notice says how to add the Convention

    # --- quoting --------------------------------------------------------------------------

    def quote(self, unit: Unit, spans: list[tuple[int, int]], locator: str | None = None, *,
              lines: bool = False, note: str | None = None) -> BriefQuote | None:
        """A quote of `unit` at `spans` (trimmed of surrounding blanks), cited at `locator`."""
        doc = self.kb.catalog.find(unit.doc_id)
        if doc is None:
            return None
        clean: list[tuple[int, int]] = []
        for a, b in spans:
            piece = unit.text[a:b]
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            if b > a:
                clean.append((a, b))
        if not clean:
            return None
        n = self.sources.number(doc, unit, locator or unit.unit)
        return BriefQuote(source=n, fragments=[unit.text[a:b] for a, b in clean], spans=clean, lines=lines,
                          note=note)

    def quote_locator(self, unit: Unit, locator: str | None, *, note: str | None = None) -> BriefQuote | None:
        """The part of `unit` a locator names ("Pasal 30 ayat (1)", "para 21 (b)"), with the
        words that introduce it when it is a list item; the whole unit otherwise."""
        part = next((p for p in unit.parts if p.locator == locator), None) if locator and locator != unit.unit else None
        if part is None:
            return self.quote(unit, [(0, len(unit.text))], unit.unit, note=note)
        first = min((p.start for p in unit.parts), default=part.start)
        spans = [(0, first), (part.start, part.end)] if first > 0 and part.start >= first else [(part.start, part.end)]
        return self.quote(unit, spans, part.locator, note=note)

    def sentence_with(self, unit: Unit, offset: int) -> tuple[int, int]:
        for a, b in sentence_spans(unit.text):
            if a <= offset < b:
                return a, b
        return 0, len(unit.text)

    def ask_block(self, kind: str, query: str, docs: list[str], *, in_force: bool = False,
                  subject: frozenset[str] | None = None, taken: set[tuple[str, str, int, int]] | None = None,
                  limit: int | None = None, topic: frozenset[str] | None = None) -> list[BriefQuote]:
        """Quotes `ask` selects for `query` among `docs` (empty list: none indexed).
        `subject`: the terms of an issue made from a unit's own words; a quote must share
        enough of them (kb.brief.relevance.on_subject), and a failing query is no error.
        `topic`: the terms of a person's topic; quotes after the best must touch it
        (kb.brief.relevance.on_topic)."""
        if not docs or not query or (limit is not None and limit <= 0):
            return []
        limit = limit if limit is not None else MAX_QUOTES.get(kind, 3)
        filtered = subject is not None or topic is not None
        try:
            answer = self.kb.ask(query, k=ASK_K, filters=Filters(doc=tuple(docs), in_force=in_force),
                                 max_quotes=limit + 3 if filtered else limit)
        except KbError:
            if subject is None:
                raise
            return []
        if answer.abstained:
            return []
        found: list[tuple[float, int, BriefQuote]] = []
        candidates = [(q, answer.source(q.source)) for section in answer.sections for q in section.quotes]
        top = max((float(getattr(q, "score", 0.0) or 0.0) for q, _s in candidates), default=0.0)
        for rank, (q, src) in enumerate(candidates):
            unit = self.units.get(src.doc_id, src.unit)
            if unit is None:
                continue
            score = float(getattr(q, "score", 0.0) or 0.0)
            best = score >= top if top > 0 else rank == 0
            text = " ".join(unit.text[a:b] for a, b in q.spans)
            if subject is not None and not on_subject(subject, text, unit.language, best=best):
                continue
            if topic is not None and not on_topic(topic, text, unit.language, best=best):
                continue
            if self._taken(taken, unit, q.spans):
                continue
            bq = self.quote(unit, list(q.spans), src.locator)
            if bq is not None:
                found.append((-score, len(found), bq))
        # the best quotes when `ask` scores them (kb.answer), else its order
        best = sorted(found)[:limit]
        return [bq for _s, _i, bq in sorted(best, key=lambda x: x[1])]

    @staticmethod
    def _taken(taken: set[tuple[str, str, int, int]] | None, unit: Unit, spans) -> bool:
        """Whether a quote overlaps one already in the issue (and, if not, record it)."""
        if taken is None:
            return False
        for a, b in spans:
            if any(d == unit.doc_id and u == unit.unit and a < y and x < b for d, u, x, y in taken):
                return True
        for a, b in spans:
            taken.add((unit.doc_id, unit.unit, a, b))
        return False

    def _keep(self, taken, q: BriefQuote | None, unit: Unit) -> BriefQuote | None:
        if q is None or self._taken(taken, unit, q.spans):
            return None
        return q

    # --- the Convention -------------------------------------------------------------------

    def convention_block(self, articles: list[str], query: str, taken, subject: frozenset[str] | None = None) -> Block:
        """The issue's articles quoted, or the plain statement that the Convention is not
        indexed (naming the articles) and how to add it."""
        block = Block("convention")
        singles = [a for a in articles if a.isdigit()]
        named = _articles_text(articles, self.lab)
        if not self.ctx.convention:
            # how to add it once, in the first issue that needs it; later ones point there
            how = (self.lab["convention_how_above"].format(n=self._how_given) if self._how_given
                   else self._convention_how())
            self._how_given = self._how_given or self._issue_no
            block.notice = (self.lab["convention_missing"].format(articles=named, how=how)
                            if articles else self.lab["convention_missing_none"].format(how=how))
            return block
        docs = self._convention_docs()
        for n in singles[:MAX_QUOTES["convention"]]:
            unit = next((u for d in docs if (u := self.units.get(d, f"Article {n}")) is not None), None)
            if unit is not None:
                q = self._keep(taken, self.quote(unit, [(0, len(unit.text))], unit.unit), unit)
                if q is not None:
                    block.quotes.append(q)
        if not block.quotes:
            # a range ("arts. 8–35") or no article named: the Convention's passages closest to the issue
            allowed = _numbers(articles)
            for q in self.ask_block("convention", query, docs, taken=taken, limit=6, subject=subject):
                unit_n = _number(self.sources.rows[q.source - 1].unit)
                if not allowed or unit_n in allowed:
                    block.quotes.append(q)
            block.quotes = block.quotes[:MAX_QUOTES["convention"]]
        if not block.quotes:
            block.notice = self.lab["convention_none"] if not articles else self.lab["none_found"].format(
                what=self.lab["what_convention"])
        return block

    def _convention_docs(self) -> list[str]:
        """The Convention's copies, the brief's language first (the Indonesian translation
        for an Indonesian brief, when indexed)."""
        docs = [d.id for d in self.ctx.indexed if d.family == "convention"]
        return sorted(docs, key=lambda d: (self.kb.catalog.get(d).language != self.lang, d))

    def _convention_how(self) -> str:
        doc = self.kb.catalog.find("icrmw")
        if doc is None:
            return ""
        if "icrmw" in self.kb.unindexed():
            return self.lab["convention_how"].format(hint=self.lab["in_library"])
        hint = self.lab["convention_hint"].format(where=doc.url or doc.official_source or "")
        return self.lab["convention_how"].format(hint=hint)

    # --- blocks common to every kind of issue ----------------------------------------------

    def law_blocks(self, issue: Issue, query: str, taken, *, subject: frozenset[str] | None,
                   topic: frozenset[str] | None = None, explicit: list[BriefQuote] = (), history_first: list[BriefQuote] = ()) -> None:
        """National law in force (quotes the issue cites first), then repealed law as history."""
        national = Block("national", list(explicit))
        national.quotes += self.ask_block("national", query, self.ctx.national, in_force=True, subject=subject,
                                          topic=topic, taken=taken, limit=MAX_QUOTES["national"] - len(national.quotes))
        if not national.quotes:
            national.notice = self.none_found("what_national", query, self.ctx.national, in_force=True)
        issue.blocks.append(national)
        history = list(history_first) + self.ask_block("history", query, self.ctx.repealed, subject=subject,
                                                       topic=topic, taken=taken)
        if history:
            issue.blocks.append(Block("history", history))

    def committee_blocks(self, issue: Issue, query: str, taken, *, subject: frozenset[str] | None,
                         topic: frozenset[str] | None = None, gc_first: list[BriefQuote] = (), earlier_first: list[BriefQuote] = (),
                         earlier_docs: list[str] = ()) -> None:
        """General comments (sentences citing the issue's articles first), then earlier
        recommendations (`earlier_first`, then `ask` over `earlier_docs`)."""
        gc = Block("general-comments", list(gc_first))
        if len(gc.quotes) < 2:
            gc.quotes += self.ask_block("general-comments", query, self.ctx.general_comments, subject=subject,
                                        topic=topic, taken=taken, limit=MAX_QUOTES["general-comments"] - len(gc.quotes))
        if not gc.quotes:
            gc.notice = self.none_found("what_general-comments", query, self.ctx.general_comments)
        issue.blocks.append(gc)
        earlier = Block("earlier-recommendations", list(earlier_first))
        if not earlier.quotes:
            earlier.quotes += self.ask_block("earlier-recommendations", query, list(earlier_docs), subject=subject,
                                             topic=topic, taken=taken)
        if not earlier.quotes:
            earlier.notice = self.none_found("what_earlier-recommendations", query, list(earlier_docs))
        issue.blocks.append(earlier)

    def instrument_blocks(self, issue: Issue, query: str, taken, *, subject: frozenset[str] | None,
                          topic: frozenset[str] | None = None, first: dict[str, list[BriefQuote]] | None = None) -> None:
        for kind, docs in (("regional", self.ctx.regional), ("bilateral", self.ctx.bilateral)):
            mine = (first or {}).get(kind, [])
            block = Block(kind, list(mine) + self.ask_block(kind, query, docs, subject=subject, topic=topic, taken=taken))
            if not block.quotes:
                block.notice = self.none_found(f"what_{kind}", query, docs)
            issue.blocks.append(block)

    def none_found(self, what: str, query: str, docs: list[str], *, in_force: bool = False) -> str:
        """The notice of a block nothing was quoted in. It says only what kb knows — that
        no passage was close enough to quote — and names the nearest units a search finds
        among the same documents, so that a reader can check them: a brief must never
        claim that the law is silent when kb merely did not quote it."""
        text = self.lab["none_found"].format(what=self.lab[what])
        if not docs or not query:
            return text
        try:
            hits = self.kb.search(query, k=NEAREST_SHOWN, filters=Filters(doc=tuple(docs), in_force=in_force)).hits
        except KbError:
            return text
        if hits:
            text += " " + self.lab["nearest_not_quoted"].format(units="; ".join(h.citation for h in hits))
        return text

    def gc_citing(self, doc_id: str, unit_name: str, taken, limit: int = 3) -> list[BriefQuote]:
        """Sentences of general comments that cite a unit explicitly (not by a wide range)."""
        out: list[BriefQuote] = []
        for r in self.kb.reference_index().incoming(doc_id, unit_name):
            if len(out) >= limit:
                break
            if r.where != "text" or r.source_doc not in self.ctx.general_comments or _wide(r):
                continue
            unit = self.units.get(r.source_doc, r.source_unit)
            if unit is None:
                continue
            a, b = self.sentence_with(unit, r.start)
            q = self._keep(taken, self.quote(unit, [(a, b)], unit.locator_at(a)), unit)
            if q is not None:
                out.append(q)
        return out

    # --- issues ---------------------------------------------------------------------------

    def topic_issue(self, topic: str) -> Issue:
        """A person's topic: `ask` over all documents decides whether it is covered at all,
        then over each kind of document for its block."""
        issue = Issue(kind="topic", title=topic, key=topic)
        overall = self.kb.ask(topic, k=ASK_K)
        for note in getattr(overall, "notes", None) or []:
            if getattr(note, "about_quotes", False):
                continue  # "[2] … items b and c" numbers that answer's sources, not the brief's
            issue.notices.append(getattr(note, "text", str(note)))
        if overall.abstained:
            issue.covered = False
            message = self.lab["not_covered"].format(topic=topic)
            reason = getattr(overall, "reason", None)
            if isinstance(reason, dict) and reason.get("text"):
                message += f" {reason['text']}"
            issue.message = message
            return issue
        taken: set = set()
        about = terms(topic, detect_language(topic))
        if self.ctx.convention:
            block = Block("convention", self.ask_block("convention", topic, self._convention_docs(), taken=taken,
                                                       topic=about))
            if not block.quotes:
                block.notice = self.lab["none_found"].format(what=self.lab["what_convention"])
            issue.blocks.append(block)
        else:
            issue.blocks.append(self.convention_block([], topic, taken))
        self.law_blocks(issue, topic, taken, subject=None, topic=about)
        self.committee_blocks(issue, topic, taken, subject=None, topic=about, earlier_docs=self.ctx.observations)
        self.instrument_blocks(issue, topic, taken, subject=None, topic=about)
        coverage, lacking = self.topic_coverage(topic, issue)
        if coverage is not None and coverage < TOPIC_COVERAGE:
            issue.covered, issue.blocks, issue.notices = False, [], []
            issue.message = self.lab["not_covered"].format(topic=topic) + " " + self.lab["not_covered_terms"].format(
                terms=", ".join(f"“{w}”" for w in lacking[:4]))
        return issue

    def topic_coverage(self, topic: str, issue: Issue) -> tuple[float | None, list[str]]:
        """How much of a topic the quotes gathered for it cover: `kb ask`'s own measure
        (kb.answer.abstain.term_coverage: the topic's terms weighted by rarity in the
        index, a term found when any name of its glossary concept is, in either language),
        over every unit the issue quotes rather than `ask`'s best three. Returns (share
        0..1, the topic's words not found, rarest first); (None, []) for a topic that
        cites a unit ("GC 7 para. 26"), which `ask` resolves as such."""
        from ..answer.abstain import neutral_stems, term_coverage
        from ..lang import analyze
        from ..search.query import analyse_query

        searcher = self.kb.searcher()
        query = analyse_query(topic, searcher.resolver)
        if query.citation is not None:
            return None, []
        idf = searcher.snapshot.lexical_units.idf(query.tokens + query.expansion_tokens())
        seen: set[str] = set()
        for q in issue.quotes:
            src = self.sources.rows[q.source - 1]
            unit = self.units.get(src.doc_id, src.unit)
            if unit is not None:
                seen |= set(analyze(" ".join([*unit.heading, unit.title or "", unit.text]), unit.language))
        coverage, lacking = term_coverage(query, seen, idf)
        # Half or more of the topic's own terms never occur in any indexed document
        # ("standar keselamatan reaktor nuklir": reaktor, nuklir): whatever its other words
        # match, the documents are not about it.
        terms = [t for t in dict.fromkeys(query.tokens) if t not in neutral_stems(query) and not t.isdigit()]
        if terms and 2 * sum(1 for t in terms if not idf.get(t)) >= len(terms):
            return 0.0, lacking
        return coverage, lacking

    def article_issue(self, n: int) -> Issue:
        """A Convention article: its text (or the statement that the Convention is not
        indexed), the general comments' sentences that cite it, the recommendations on it,
        and the other families' units closest to what it is about."""
        title = f"Pasal {n} Konvensi" if self.lang == "id" else f"Article {n} of the Convention"
        issue = Issue(kind="article", title=title, key=f"ICRMW art. {n}")
        taken: set = set()
        convention = self.convention_block([str(n)], "", taken)
        issue.blocks.append(convention)
        recs = [r for r in self.recommendations() if r.kind == "recommendation" and r.thematic
                and str(n) in specific_articles(r)]
        gc_quotes = self.gc_citing("icrmw", f"Article {n}", taken, limit=4)
        # What the article is about, in words the other families use: its own text when
        # indexed, else the Committee's sentences that cite it and the themes of the
        # recommendations on it.
        if convention.quotes:
            about = " ".join(q.text for q in convention.quotes)
        else:
            about = " ".join([*(r.theme for r in recs[:3]), *(q.text for q in gc_quotes)])
        earlier: list[BriefQuote] = []
        for r in recs[:MAX_QUOTES["earlier-recommendations"] + 1]:
            unit = self.units.get(r.doc_id, f"para {r.paragraph}")
            if unit is not None:
                q = self._keep(taken, self.quote(unit, _rec_spans(unit, r), unit.unit, lines=True), unit)
                if q is not None:
                    earlier.append(q)
        query = derived_query(about)
        subject = terms(about, "en") if about else frozenset()
        self.law_blocks(issue, query, taken, subject=subject)
        self.committee_blocks(issue, query, taken, subject=subject, gc_first=gc_quotes, earlier_first=earlier)
        self.instrument_blocks(issue, query, taken, subject=subject)
        return issue

    def citation_issue(self, citation: str) -> Issue:
        """A cited unit: quoted in its family's block, what it cites (Convention articles,
        national provisions), who cites it (general comments), and the other families'
        units on the same subject."""
        from ..references.links import query_text, resolve_unit

        doc_id, unit_name, locator, unit = resolve_unit(self.kb, citation)
        if unit is None:
            m = re.fullmatch(r"Article (\d+)", unit_name)
            if m and self.kb.catalog.get(doc_id).family == "convention":
                return self.article_issue(int(m.group(1)))
            raise CitationError(f"{citation!r} is not in the index (`kb show` lists what a document has)")
        doc = self.kb.catalog.get(unit.doc_id)
        primary = self.kb.catalog.find(doc.variant_of) if doc.variant_of else doc
        issue = Issue(kind="citation", title=self.sources.cite(primary or doc, locator or unit.unit), key=citation)
        taken: set = set()
        own = self.quote_locator(unit, locator)
        if own is not None:
            self._taken(taken, unit, own.spans)
        outgoing = self.kb.reference_index().outgoing(doc.variant_of or doc.id, unit.unit)
        articles = sorted({(r.target_unit or "").split()[-1] for r in outgoing
                           if r.target_doc == "icrmw" and r.target_unit and not _wide(r)}, key=_sort_num)
        words = query_text(unit, outgoing)
        query, subject = derived_query(words), terms(words, unit.language)
        if doc.family == "committee":
            kind = "general-comments" if (doc.variant_of or doc.id) in self.ctx.general_comments else "earlier-recommendations"
        else:
            kind = {"convention": "convention", "regional": "regional", "bilateral": "bilateral",
                    "national-law": "history" if doc.repealed else "national"}[doc.family]
        mine = [own] if own is not None else []
        explicit: list[BriefQuote] = []
        for r in outgoing:
            if r.target_doc in self.ctx.national and r.resolved and r.target_unit and len(explicit) < 2:
                target = self.units.get(r.target_doc, r.target_unit)
                if target is not None and target.key != unit.key:
                    q = self._keep(taken, self.quote_locator(target, r.target_locator), target)
                    if q is not None:
                        explicit.append(q)
        issue.blocks.append(Block("convention", mine) if kind == "convention" else
                            self.convention_block(articles, query, taken, subject=subject))
        if kind == "national":
            self.law_blocks(issue, query, taken, subject=subject, explicit=mine + explicit)
        else:
            self.law_blocks(issue, query, taken, subject=subject, explicit=explicit, history_first=mine if kind == "history" else [])
        gc_first = (mine if kind == "general-comments" else []) + self.gc_citing(doc.variant_of or doc.id, unit.unit, taken)
        self.committee_blocks(issue, query, taken, subject=subject, gc_first=gc_first,
                              earlier_first=mine if kind == "earlier-recommendations" else [],
                              earlier_docs=self.ctx.observations)
        self.instrument_blocks(issue, query, taken, subject=subject, first={kind: mine})
        return issue

    def recommendation_issue(self, rec: "Recommendation") -> Issue:
        """A recommendation: quoted with its follow-up state and the concern it answers;
        for a thematic one, its articles, national law, the general comments citing its
        own articles, the previous cycle's paragraph it reiterates, regional and bilateral
        instruments on its subject."""
        from ..references.links import query_text

        title = f"{rec.citation} — {rec.theme}" if rec.theme else rec.citation
        issue = Issue(kind="recommendation", title=title, key=rec.citation, followup=self._followup(rec))
        unit = self.units.get(rec.doc_id, f"para {rec.paragraph}")
        if unit is None:
            raise CitationError(f"{rec.citation} is not in the index: run `kb index`")
        taken: set = set()
        own = self.quote(unit, _rec_spans(unit, rec), unit.unit, lines=True)
        if own is not None:
            self._taken(taken, unit, own.spans)
            issue.blocks.append(Block("recommendation", [own]))
        if rec.concern and rec.concern != rec.paragraph:
            concern = self.units.get(rec.doc_id, f"para {rec.concern}")
            if concern is not None:
                q = self.quote(concern, [(0, len(concern.text))], concern.unit)
                if q is not None:
                    issue.blocks.append(Block("concern", [q]))
        if not rec.thematic:
            issue.notices.append(self.lab["procedural"])
            return issue
        words = query_text(unit, [r for r in rec.references if getattr(r, "where", "text") == "text"])
        query, subject = derived_query(words), terms(words, unit.language)
        issue.blocks.append(self.convention_block(list(rec.articles), query, taken, subject=subject))
        explicit: list[BriefQuote] = []
        for r in rec.references:
            if r.target_doc in self.ctx.national and r.resolved and r.target_unit and len(explicit) < 2:
                target = self.units.get(r.target_doc, r.target_unit)
                if target is not None:
                    q = self._keep(taken, self.quote_locator(target, r.target_locator), target)
                    if q is not None:
                        explicit.append(q)
        self.law_blocks(issue, query, taken, subject=subject, explicit=explicit)
        gc_first: list[BriefQuote] = []
        for a in specific_articles(rec):
            gc_first += self.gc_citing("icrmw", f"Article {a}", taken, limit=2)
        earlier: list[BriefQuote] = []
        for x in rec.reiterates:
            prev = self.units.get(x.doc_id, f"para {x.paragraph}") if x.doc_id else None
            if prev is None:
                continue
            how = self.lab["explicit"] if x.how == "explicit" else f"{self.lab['similar']} {x.score:.2f}"
            q = self._keep(taken, self.quote_locator(prev, x.locator, note=self.lab["reiterated"].format(how=how)), prev)
            if q is not None:
                earlier.append(q)
        # Earlier recommendations are the ones this one reiterates (kb.recs finds them,
        # explicitly cited or by a tuned similarity), not whatever search finds.
        self.committee_blocks(issue, query, taken, subject=subject, gc_first=gc_first[:MAX_QUOTES["general-comments"]],
                              earlier_first=earlier, earlier_docs=[])
        self.instrument_blocks(issue, query, taken, subject=subject)
        return issue

    def _followup(self, rec: "Recommendation") -> FollowUpSummary:
        state = getattr(rec, "followup", None)
        subs = getattr(rec, "sub_followups", {}) or {}
        return FollowUpSummary(
            status=state.status if state else "not-started",
            leads=list(state.leads) if state else [],
            priority=rec.follow_up,
            priority_subparagraphs=list(rec.follow_up_subparagraphs),
            sub_statuses={k: v.status for k, v in subs.items() if not v.inherited},
            sub_leads={k: list(v.leads) for k, v in subs.items() if not v.inherited and v.leads},
            notes=list(state.notes) if state else [],
            actions=[a.text + (f" ({a.due})" if a.due else "") for a in state.actions] if state else [],
            reiterates=[f"{x.citation} ({x.how}{f', {x.score:.2f}' if x.score is not None else ''})" for x in rec.reiterates],
            articles=list(rec.articles),
            theme=rec.theme,
        )

    def recommendations(self) -> list["Recommendation"]:
        if self._rec_cache is None:
            try:
                self._rec_cache = self.kb.recommendations()
            except KbError:
                self._rec_cache = []
        return self._rec_cache

    # --- the whole brief ------------------------------------------------------------------

    def build(self, request: BriefRequest, recs: list["Recommendation"] | None = None) -> Brief:
        lab = self.lab
        plan: list[tuple[str, Any]] = []
        for r in recs or []:
            plan.append(("rec", r))
        for n in () if request.recs else request.articles:  # with --recs, articles select recommendations
            plan.append(("article", n))
        named: set[tuple] = set()
        for c in request.citations:
            # one issue per unit: the same unit cited twice, or written two ways ("UU 18/2017
            # Pasal 30", "uu-18-2017 Pasal 30"), was briefed twice with the same quotes
            try:
                key: tuple = tuple((h.document.id, h.locator or h.unit.unit) for h in self.kb.get_all(c))
            except KbError:
                key = (c,)  # citation_issue says what is wrong with it
            if key not in named:
                named.add(key)
                plan.append(("cite", c))
        if request.topic and request.topic.strip():
            plan.append(("topic", request.topic.strip()))
        brief = Brief(title=_title(request, recs, lab), language=self.lang,
                      date=request.date or _dt.date.today().isoformat(),
                      scope=_scope(request, recs, lab), consulted=self.consulted())
        for i, (kind, what) in enumerate(plan, 1):
            started = time.perf_counter()
            self._issue_no = i
            if kind == "rec":
                issue = self.recommendation_issue(what)
            elif kind == "article":
                issue = self.article_issue(what)
            elif kind == "cite":
                issue = self.citation_issue(what)
            else:
                issue = self.topic_issue(what)
            issue.seconds = time.perf_counter() - started
            brief.issues.append(issue)
            if self.progress is not None:
                self.progress(i, len(plan), issue)
        brief.sources = self.sources.rows
        verify(self.kb, brief, self.units)
        renumber(brief)
        return brief

    def consulted(self) -> list[str]:
        """One line per family: the documents the index holds (what the brief could quote)."""
        from ..models import FAMILIES

        names = {"convention": self.lab["convention"], "national-law": self.lab["national"].split(" in force")[0]
                 .replace(" yang berlaku", ""), "committee": "Committee" if self.lang == "en" else "Komite",
                 "regional": self.lab["regional"], "bilateral": self.lab["bilateral"]}
        out = []
        for family in FAMILIES:
            docs = [d for d in self.ctx.indexed if d.family == family and not d.variant_of]
            if family == "convention" and not docs:
                out.append(f"{names[family]}: " + ("not indexed" if self.lang == "en" else "belum diindeks"))
                continue
            if not docs:
                continue
            shown = []
            for d in docs:
                name = self.ctx.symbols.get(d.id) if d.family == "committee" else None
                name = name or d.citation
                if d.repealed:
                    name += f" ({self.lab['repealed_flag'].lower()})"
                shown.append(name)
            out.append(f"{names[family]}: {', '.join(shown)}")
        return out


def verify(kb: "KnowledgeBase", brief: Brief, units: _Units | None = None) -> None:
    """Check every quote word for word against its unit's text, as the index holds it
    (the same check `kb ask` answers pass: each fragment is the unit's text at its span).
    A quote that fails is removed and listed in `brief.dropped`; `brief.verified` counts
    the others."""
    units = units or _Units(kb)
    verified = 0
    for issue in brief.issues:
        for block in issue.blocks:
            kept = []
            for q in block.quotes:
                src = brief.source(q.source)
                unit = units.get(src.doc_id, src.unit)
                ok = unit is not None and len(q.fragments) == len(q.spans) and all(
                    unit.text[a:b] == frag for frag, (a, b) in zip(q.fragments, q.spans))
                if ok:
                    kept.append(q)
                    verified += 1
                else:
                    brief.dropped.append(f"{src.citation}: “{q.text[:80]}”")
            block.quotes = kept
    brief.verified = verified


def renumber(brief: Brief) -> None:
    """Number the sources in the order the brief cites them (issue by issue, block by
    block as shown) and keep only the ones a quote cites."""
    order = {k: i for i, k in enumerate(BLOCKS)}
    mapping: dict[int, int] = {}
    rows: list[BriefSource] = []
    for issue in brief.issues:
        issue.blocks.sort(key=lambda b: order.get(b.kind, len(order)))
        for block in issue.blocks:
            for q in block.quotes:
                if q.source not in mapping:
                    row = brief.sources[q.source - 1]
                    mapping[q.source] = len(rows) + 1
                    row.n = len(rows) + 1
                    rows.append(row)
                q.source = mapping[q.source]
    brief.sources = rows


# --- helpers -----------------------------------------------------------------------------

def specific_articles(rec: "Recommendation") -> list[str]:
    """The articles a recommendation concerns in particular: those its text cites and
    those of its topic heading ("Detention (arts. 16 and 17)") — not its thematic
    section's ("General measures of implementation (arts. 73 and 84)"), which every
    recommendation of the section shares."""
    from ..recs.parse import parse_articles

    topic = rec.heading[-1] if rec.heading and not re.match(r"^\s*(?:\d{1,2}|[A-Z])\.\s", rec.heading[-1]) else ""
    m = re.search(r"\((?:arts?\.|articles?)\s*([^)]*)\)", topic, re.IGNORECASE)
    own = parse_articles(m.group(1)) if m else []
    wanted = set(rec.explicit_articles) | set(own)
    return [a for a in dict.fromkeys([*rec.articles, *rec.explicit_articles]) if a in wanted and a.isdigit()]


def _rec_spans(unit: Unit, rec: "Recommendation") -> list[tuple[int, int]]:
    """The recommendation's lead-in and sub-paragraphs as spans of its unit (the whole
    paragraph when it has no sub-paragraphs)."""
    text = unit.text
    if not rec.subparagraphs:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    pos = 0
    starts = []
    for s in rec.subparagraphs:
        at = text.find(s.text, pos)
        if at < 0:
            return [(0, len(text))]
        starts.append((at, at + len(s.text)))
        pos = at + len(s.text)
    if starts[0][0] > 0:
        spans.append((0, starts[0][0]))
    spans += starts
    if pos < len(text) and text[pos:].strip():
        spans[-1] = (spans[-1][0], len(text))
    return spans


def _numbers(articles: list[str]) -> set[int]:
    out: set[int] = set()
    for a in articles:
        lo, _, hi = a.replace("–", "-").partition("-")
        if lo.isdigit() and (hi.isdigit() or not hi):
            out.update(range(int(lo), int(hi or lo) + 1))
    return out


def _singles(articles: list[str]) -> list[str]:
    """Articles named one by one (not a section's range), in order, once."""
    return list(dict.fromkeys(a for a in articles if a.isdigit()))


def _number(unit: str) -> int | None:
    m = re.search(r"(\d+)", unit)
    return int(m.group(1)) if m else None


def _sort_num(a: str) -> tuple[int, str]:
    return (int(a) if a.isdigit() else 10_000, a)


def _wide(r) -> bool:
    """A range citing more than three articles ("arts. 8–35") says little of any one."""
    if not r.range_end:
        return False
    lo, hi = _number(r.target_unit or ""), _number(r.range_end)
    return lo is None or hi is None or hi - lo > 2


def _articles_text(articles: list[str], lab: dict[str, str]) -> str:
    if not articles:
        return ""
    joined = ", ".join(articles)
    plural = len(articles) > 1 or any("–" in a for a in articles)
    return (lab["articles_named_pl"] if plural else lab["articles_named"]).format(n=joined)


def _title(request: BriefRequest, recs, lab: dict[str, str]) -> str:
    if request.recs:
        symbol = recs[0].symbol if recs else request.recs
        return lab["brief_recs"].format(symbol=symbol)
    if request.articles and not request.citations and not request.topic:
        key = "brief_articles" if len(request.articles) > 1 else "brief_article"
        return lab[key].format(articles=", ".join(str(a) for a in request.articles))
    if request.citations and not request.topic:
        return lab["brief_cites"].format(cites="; ".join(request.citations))
    if request.topic:
        return lab["brief_topic"].format(topic=request.topic.strip())
    return lab["brief"]


def _scope(request: BriefRequest, recs, lab: dict[str, str]) -> list[str]:
    out = []
    if request.recs:
        filters = [f"{k} {v}" for k, v in (("status", request.status), ("lead", request.lead), ("theme", request.theme))
                   if v]
        filters += [f"art. {a}" for a in request.articles]
        if request.priority:
            filters.append("priority")
        symbol = recs[0].symbol if recs else request.recs
        out.append(lab["scope_recs"].format(doc=symbol, count=len(recs or []),
                                            filters=lab["filters"].format(filters=", ".join(filters)) if filters else ""))
    elif request.articles:
        out.append(lab["scope_articles"].format(articles=", ".join(str(a) for a in request.articles)))
    if request.citations:
        out.append(lab["scope_cites"].format(cites="; ".join(request.citations)))
    if request.topic and request.topic.strip():
        out.append(lab["scope_topic"].format(topic=request.topic.strip()))
    return out


def brief_language(kb: "KnowledgeBase", request: BriefRequest, recs) -> str:
    """`--lang`, else the topic's language, else the first cited unit's or
    recommendation's document's, else English."""
    if request.lang:
        return request.lang
    if request.topic and request.topic.strip():
        return detect_language(request.topic)
    if recs:
        doc = kb.catalog.find(recs[0].doc_id)
        return doc.language if doc is not None else "en"
    for c in request.citations:
        try:
            return kb.get(c).unit.language
        except KbError:
            continue
    return "en"


def build_brief(kb: "KnowledgeBase", request: BriefRequest, progress: Progress | None = None) -> Brief:
    """The brief a request asks for. Raises KbError for a request that names nothing, a
    citation that names no unit, concluding observations that are not indexed, or no
    index; an issue the documents do not address is kept, marked not covered."""
    request.check()
    kb.require_index("no index yet: build it with `kb index` (or run `kb ask` once)")
    recs = None
    if request.recs:
        article = request.articles[0] if len(request.articles) == 1 else None
        recs = kb.recommendations(doc=request.recs, article=article, theme=request.theme, status=request.status,
                                  lead=request.lead)
        if len(request.articles) > 1:
            wanted = set(request.articles)
            recs = [r for r in recs if wanted & r.article_numbers()]
        if request.priority:
            recs = [r for r in recs if r.follow_up]
        recs = [r for r in recs if r.kind == "recommendation"] or recs
    lang = brief_language(kb, request, recs)
    return Assembler(kb, lang, progress).build(request, recs)
