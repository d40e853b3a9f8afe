"""`kb ask`: answers made only of verbatim quotes with pinpoint citations, grouped by
instrument in order of legal authority, or an abstention with the closest units.

An optional LLM (--llm) may phrase a synthesis; a verifier then checks every citation
and every quoted span against the retrieved units and drops what it cannot support.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..citations import format_citation
from ..models import AUTHORITY
from ..search.filters import Filters
from ..search.results import Hit, source_url
from .abstain import DEFAULT_THRESHOLDS, Support, Thresholds, assess, should_abstain
from .model import Answer, Quote, Section, Source
from .render import render_markdown, render_text
from .quotes import Candidate, candidates, select, term_weights

if TYPE_CHECKING:
    from ..api import KnowledgeBase

__all__ = ["Answer", "Quote", "Section", "Source", "answer_question", "would_abstain", "render_text",
           "render_markdown", "Thresholds"]

ABSTAIN_MESSAGE = {
    "en": "The indexed documents do not address this question: “{q}”.",
    "id": "Dokumen yang diindeks tidak membahas pertanyaan ini: “{q}”.",
}


def _source(n: int, hit: Hit, locator: str, catalog=None) -> Source:
    doc = hit.document
    successor = None
    if doc.repealed and doc.successor:
        found = catalog.find(doc.successor) if catalog is not None else None
        successor = found.citation if found is not None else doc.successor
    return Source(
        n=n, citation=format_citation(doc, locator), doc_id=doc.id, unit=hit.unit.unit, locator=locator,
        title=doc.title, family=doc.family, language=hit.unit.language, status=hit.status_note(),
        in_force=doc.in_force, pages=hit.unit.pages, url=source_url(doc), successor=successor,
    )


def _locator(hit: Hit, start: int, end: int) -> str:
    unit = hit.unit
    best, size = unit.unit, len(unit.text) + 1
    for part in unit.parts:
        if part.start <= start and end <= part.end and part.end - part.start < size:
            best, size = part.locator, part.end - part.start
    return best


def _retrieve(kb: "KnowledgeBase", question: str, k: int, filters: Filters | None):
    searcher = kb.searcher()
    result = kb.search(question, k=k, filters=filters)
    query = result.analysis
    idf = searcher.snapshot.lexical_units.idf(query.tokens + query.expansion_tokens())
    return searcher, result, query, idf


def _support(result, query, idf) -> Support:
    return assess(query, result.hits, result.signals.get("dense_top", 0.0), idf)


def would_abstain(kb: "KnowledgeBase", question: str, k: int = 8, filters: Filters | None = None,
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    _s, result, query, idf = _retrieve(kb, question, k, filters)
    exact = any(h.exact for h in result.hits)
    return not result.hits or should_abstain(_support(result, query, idf), exact, thresholds)


def answer_question(kb: "KnowledgeBase", question: str, k: int = 8, filters: Filters | None = None,
                    use_llm: bool = False, max_quotes: int = 5, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Answer:
    question = question.strip()
    _searcher, result, query, idf = _retrieve(kb, question, k, filters)
    weights = term_weights(query, idf)
    lang = query.lang
    support = _support(result, query, idf) if result.hits else Support(0.0, 0.0)
    exact = [h for h in result.hits if h.exact]
    answer = Answer(question=question, language=lang, abstained=False, signals=support.to_dict())

    if not result.hits or should_abstain(support, bool(exact), thresholds):
        answer.abstained = True
        answer.message = ABSTAIN_MESSAGE[lang].format(q=question)
        answer.related = [_source(i + 1, h, h.locator or h.unit.unit, kb.catalog) for i, h in enumerate(result.hits[:5])]
        return answer

    if exact:
        # A cited unit is answered by quoting it; the rest of the answer follows as usual.
        hit = exact[0]
        chosen = [Candidate(hit, 0, len(hit.unit.text), 1.0, frozenset())]
        others = select(candidates([h for h in result.hits if not h.exact], query, weights), max_quotes=max_quotes - 1)
        chosen += others[:2]
    else:
        chosen = select(candidates(result.hits, query, weights), max_quotes=max_quotes)
    _assemble(answer, chosen, result.hits, kb.catalog, pinned=exact[0].unit.key if exact else None)
    if use_llm:
        from .llm import synthesise

        synthesise(answer, result.hits)
    return answer


def _assemble(answer: Answer, chosen: list[Candidate], hits: list[Hit], catalog, pinned: str | None = None) -> None:
    """Group quotes by instrument (authority order, then retrieval rank), number sources.
    A unit the question cited (`pinned`) leads the answer."""
    rank_of_doc: dict[str, int] = {}
    for h in hits:
        rank_of_doc.setdefault(h.document.id, h.rank)
    by_doc: dict[str, list[Candidate]] = {}
    for c in chosen:
        by_doc.setdefault(c.hit.document.id, []).append(c)
    def doc_key(d: str):
        has_pinned = any(c.hit.unit.key == pinned for c in by_doc[d])
        return (not has_pinned, AUTHORITY.get(by_doc[d][0].hit.document.family, 9), rank_of_doc.get(d, 99))

    order = sorted(by_doc, key=doc_key)
    numbers: dict[tuple[str, str, str], int] = {}
    for doc_id in order:
        group = sorted(by_doc[doc_id], key=lambda c: (c.hit.unit.key != pinned, c.hit.unit.order, c.start))
        doc = group[0].hit.document
        section = Section(doc_id=doc_id, heading=doc.title, family=doc.family)
        for c in group:
            locator = _locator(c.hit, c.start, c.end)
            key = (c.hit.unit.doc_id, c.hit.unit.unit, locator)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                answer.sources.append(_source(numbers[key], c.hit, locator, catalog))
            spans = [c.lead, (c.start, c.end)] if c.lead else [(c.start, c.end)]
            text = c.hit.unit.text
            section.quotes.append(Quote(source=numbers[key], fragments=[text[a:b] for a, b in spans], spans=spans))
        answer.sections.append(section)
