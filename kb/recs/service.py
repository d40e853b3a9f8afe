"""Recommendations of the indexed concluding observations joined with the tracker:
listing with filters, setting follow-up state by citation, the implementation matrix.

These functions take the KnowledgeBase (duck-typed: `catalog`, `units()`,
`reference_index()`, `search()`, `settings`) and are what its methods delegate to; they
never import kb.api.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..citations import number_ranges
from ..errors import CitationError
from ..lang import analyze
from ..references.store import document_symbol
from .model import FollowUp, Recommendation
from .parse import is_concluding_observations, is_list_of_issues, parse_recommendations, symbol_parts
from .reiterate import add_similar_reiterations
from .tracker import TRACKER_FILE, Tracker, check_status


def tracker_for(settings) -> Tracker:
    """The tracker of a kb home: `<home>/tracker.sqlite` (outside `indexes/`)."""
    return Tracker(Path(settings.home) / TRACKER_FILE)


def symbols_of(kb) -> dict[str, str]:
    """doc id -> UN symbol, for every catalogue document that has one (catalogue entry,
    symbol-shaped citation, or the symbol printed in its text)."""
    out = {d.id: s for d in kb.catalog if (s := document_symbol(d))}
    if kb.has_index():
        out.update(kb.reference_index().symbols)
    return out


def load_recommendations(kb) -> list[Recommendation]:
    """Every recommendation (and list-of-issues question) of the indexed committee
    documents, in document then paragraph order, with reiterations (explicit and by
    similarity to the same State party's previous cycle)."""
    kb.require_index("no index yet: add your concluding observations (`kb add FILE --id ... --family committee`) "
                     "and run `kb index`")
    index = kb.reference_index()
    symbols = symbols_of(kb)
    indexed = set(kb.searcher().snapshot.units_by_doc)
    refs_by_doc: dict[str, list] = {}
    for r in index.references:
        refs_by_doc.setdefault(r.source_doc, []).append(r)
    out: list[Recommendation] = []
    for doc in kb.catalog:
        if doc.family != "committee" or doc.variant_of or doc.id not in indexed:
            continue
        symbol = symbols.get(doc.id)
        if is_concluding_observations(symbol, doc.title):
            kind = "recommendation"
        elif is_list_of_issues(symbol, doc.title):
            kind = "question"
        else:
            continue
        units = kb.units(doc.id)
        out.extend(parse_recommendations(symbol or doc.citation, doc.id, units, refs_by_doc.get(doc.id, []), kind, symbols))
    _similar_across_cycles(out)
    return out


def _similar_across_cycles(recs: list[Recommendation]) -> None:
    by_symbol: dict[str, list[Recommendation]] = {}
    for r in recs:
        if r.kind == "recommendation":
            by_symbol.setdefault(r.symbol, []).append(r)
    cycles: dict[str, list[tuple[int, str]]] = {}
    for symbol in by_symbol:
        parts = symbol_parts(symbol)
        if parts and parts[1] == "CO":
            cycles.setdefault(parts[0], []).append((parts[2], symbol))
    for stem, found in cycles.items():
        found.sort()
        for (_, earlier), (_, later) in zip(found, found[1:]):
            add_similar_reiterations(by_symbol[later], by_symbol[earlier])


def attach_followup(recs: list[Recommendation], tracker: Tracker) -> None:
    """Set `followup` (the paragraph's state) and `sub_followups` (each sub-paragraph's
    own state, or — marked inherited — its paragraph's status, leads, notes and actions;
    the history stays with the paragraph) on each recommendation."""
    keys = []
    for r in recs:
        keys.append((r.symbol, r.paragraph, ""))
        keys += [(r.symbol, r.paragraph, s.label) for s in r.subparagraphs]
    states = tracker.get_many(keys)
    for r in recs:
        para = states[(r.symbol, r.paragraph, "")]
        r.followup = para  # type: ignore[attr-defined]
        subs = {}
        for s in r.subparagraphs:
            own = states[(r.symbol, r.paragraph, s.label)]
            if not own.stored:
                own = FollowUp(r.symbol, r.paragraph, s.label, para.status, list(para.leads), list(para.notes),
                               list(para.actions), [], para.updated_at, inherited=True, stored=False)
            subs[s.label] = own
        r.sub_followups = subs  # type: ignore[attr-defined]


@dataclass(frozen=True)
class RecFilters:
    """`kb recs` filters: doc (id or symbol), article number, theme words, status, lead."""

    doc: str | None = None
    article: int | None = None
    theme: str | None = None
    status: str | None = None
    lead: str | None = None

    def accepts(self, rec: Recommendation, symbols: dict[str, str]) -> bool:
        if self.doc and self.doc not in (rec.doc_id, rec.symbol) and self.doc.upper() != rec.symbol.upper():
            return False
        if self.article is not None and self.article not in rec.article_numbers():
            return False
        if self.theme:
            have = set(analyze(" ".join([*rec.heading, rec.theme]), "en"))
            if not all(w in have for w in analyze(self.theme, "en")):
                return False
        states = [rec.followup, *rec.sub_followups.values()]  # type: ignore[attr-defined]
        if self.status and not any(s.status == self.status for s in states):
            return False
        if self.lead:
            needle = self.lead.casefold()
            if not any(needle in lead.casefold() for s in states for lead in s.leads):
                return False
        return True


def list_recommendations(kb, filters: RecFilters | None = None) -> list[Recommendation]:
    """Recommendations matching the filters, with their follow-up state attached.

    Raises KbError for an unknown document, a status outside the list."""
    from dataclasses import replace

    from ..errors import InputError

    filters = filters or RecFilters()
    if filters.status:
        check_status(filters.status)
    if filters.doc is not None and filters.doc != filters.doc.strip():
        # "CMW/C/XYZ/CO/2 " (a pasted symbol) was said to have no recommendations
        filters = replace(filters, doc=filters.doc.strip())
    if filters.theme is not None and not analyze(filters.theme, "en"):
        # "\u200b", "the": no word to look for, so every recommendation matched
        raise InputError(f"theme {filters.theme!r} has no word kb can look for in a theme (only stop words, marks "
                         "or spaces): give words of the theme, e.g. --theme \"domestic workers\"")
    recs = load_recommendations(kb)
    symbols = symbols_of(kb)
    if filters.doc and not any(filters.doc in (r.doc_id, r.symbol) or filters.doc.upper() == r.symbol.upper() for r in recs):
        # the catalogue's id, or its symbol as the Committee prints it ("CMW/C/IDN/CO/2")
        known = kb.catalog.find(filters.doc) or next(
            (d for d in kb.catalog if d.citation.upper() == filters.doc.strip().upper()), None)
        if known is not None and known.id not in kb.library_documents():
            raise CitationError(f"{known.citation} is in kb's catalogue but not in the library: `kb corpus fetch "
                                f"{known.id}`, or `kb add FILE --id {known.id}`; then `kb index`")
        if known is not None:
            raise CitationError(f"{known.citation} has no recommendations: it is not indexed, or not concluding "
                                "observations or a list of issues (`kb index` after `kb add`)")
        from ..errors import CatalogError  # as an unknown `doc` of a search (HTTP 422 unknown_document)

        raise CatalogError(f"unknown document {filters.doc!r}: give a catalogue id or a symbol such as CMW/C/XYZ/CO/2")
    attach_followup(recs, kb.tracker)
    return [r for r in recs if filters.accepts(r, symbols)]


_CITED = re.compile(
    r"^\s*(?P<doc>.+?)\s*(?:,\s*|\s+)(?:para(?:graph)?s?\.?|¶|§)\s*(?P<n>\d{1,3})\s*(?:\(\s*(?P<sub>[a-z]{1,4})\s*\)|(?P<sub2>[a-z]{1,2})\b)?"
    r"(?:\s*\(\s*(?P<item>[ivx]{1,5})\s*\))?\s*$",
    re.IGNORECASE,
)


def find_recommendation(kb, citation: str, recs: list[Recommendation] | None = None) -> tuple[Recommendation, str]:
    """The recommendation (and sub-paragraph label, "" for the whole paragraph) a citation
    names: "CMW/C/XYZ/CO/2, para. 21 (c)", "cmw-co-xyz-2 para 21c".

    Raises CitationError, naming what exists, for anything else."""
    m = _CITED.match(citation or "")
    if not m:
        raise CitationError(f"cannot read {citation!r} as a recommendation: write e.g. 'CMW/C/XYZ/CO/2, para. 21 (c)' "
                            "or 'cmw-co-xyz-2 para 21'")
    recs = load_recommendations(kb) if recs is None else recs
    want = m.group("doc").strip().rstrip(",")
    symbols = symbols_of(kb)
    doc_ids = {r.doc_id for r in recs}
    doc_id = None
    for d in doc_ids:
        doc = kb.catalog.find(d)
        names = {d.lower(), (symbols.get(d) or "").lower()}
        if doc is not None:
            names |= {doc.citation.lower(), *(a.lower() for a in doc.aliases)}
        if want.lower() in names:
            doc_id = d
            break
    if doc_id is None:
        known = sorted({r.symbol for r in recs})
        raise CitationError(f"no indexed concluding observations are cited as {want!r}"
                            + (f"; kb has {', '.join(known)}" if known else "; add them with `kb add` and run `kb index`"))
    n = int(m.group("n"))
    sub = (m.group("sub") or m.group("sub2") or "").lower()
    rec = next((r for r in recs if r.doc_id == doc_id and r.paragraph == n), None)
    if rec is None:
        paras = [r.paragraph for r in recs if r.doc_id == doc_id]
        raise CitationError(f"para. {n} of {want} is not a recommendation; its recommendations are paras. "
                            f"{number_ranges(paras)}")
    if sub and rec.subparagraph(sub) is None:
        labels = ", ".join(f"({s.label})" for s in rec.subparagraphs) or "none"
        raise CitationError(f"{rec.citation} has no sub-paragraph ({sub}); its sub-paragraphs: {labels}")
    return rec, sub


def set_followup(kb, citation: str, *, leads: list[str] | None = None, status: str | None = None,
                 note: str | None = None, action: str | None = None, due: str | None = None) -> tuple[Recommendation, str]:
    """Change the follow-up state of the recommendation (or sub-paragraph) a citation
    names; returns it with its state attached. Bad input raises and changes nothing."""
    if status is not None:
        check_status(status)
    rec, sub = find_recommendation(kb, citation)
    kb.tracker.update(rec.symbol, rec.paragraph, sub, leads=leads, status=status, note=note, action=action, due=due)
    attach_followup([rec], kb.tracker)
    return rec, sub


def rec_to_dict(rec: Recommendation, history: bool = True) -> dict[str, Any]:
    """The `kb recs --json` shape of one recommendation (documented in the README)."""
    subs = getattr(rec, "sub_followups", {})
    follow = getattr(rec, "followup", None) or FollowUp(rec.symbol, rec.paragraph)
    return {
        "symbol": rec.symbol,
        "doc_id": rec.doc_id,
        "paragraph": rec.paragraph,
        "citation": rec.citation,
        "kind": rec.kind,
        "theme": rec.theme,
        "section": rec.section,
        "heading": list(rec.heading),
        "articles": list(rec.articles),
        "section_articles": list(rec.section_articles),
        "explicit_articles": list(rec.explicit_articles),
        "concern": rec.concern,
        "thematic": rec.thematic,
        "follow_up": rec.follow_up,
        "follow_up_subparagraphs": list(rec.follow_up_subparagraphs),
        "reiterates": [r.to_dict() for r in rec.reiterates],
        "lead_in": rec.lead_in,
        "text": rec.text,
        "pages": list(rec.pages),
        "subparagraphs": [
            {"label": s.label, "citation": f"{rec.citation} ({s.label})", "text": s.text, "items": list(s.items),
             "follow_up": s.label in rec.follow_up_subparagraphs,
             "followup": (subs.get(s.label) or follow).to_dict(history)}
            for s in rec.subparagraphs
        ],
        "references": [
            {"text": r.text, "kind": r.kind, "target": _target_citation(r), "target_doc": r.target_doc,
             "target_unit": r.target_unit, "target_locator": r.target_locator, "resolved": r.resolved}
            for r in rec.references
        ],
        "followup": follow.to_dict(history),
    }


def _target_citation(r) -> str:
    from ..references.links import target_citation

    return target_citation(r)
