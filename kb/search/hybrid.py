"""Hybrid retrieval: dense and lexical unit scores fused with tuned weights, exact lookup of
cited units, filters, one hit per unit.

Fusion is a weighted sum of per-query normalised scores, not equal-weight RRF: the dense
model is the stronger signal on paraphrased and cross-language questions, so its weight
and the normalisation were chosen on the development sets (see bench/ and the README).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from ..catalog import Catalog
from ..citations import CitationResolver
from ..index.embedders import Embedder, get_embedder
from ..index.snapshot import IndexSnapshot
from ..models import Passage, Unit
from ..validate import bound_query
from ..validate import query as validate_query
from .dense import complete_unit_scores, dense_unit_scores, query_vector
from .filters import Filters
from .lexical import best_lexical_passage, lexical_unit_scores
from .query import Query, analyse_query
from .results import Hit, SearchResult


@dataclass(frozen=True)
class SearchParams:
    dense_weight: float = 0.60
    lexical_weight: float = 0.35
    expansion_weight: float = 0.4  # glossary terms relative to the query's own terms
    passage_mix: float = 0.6  # lexical: best passage vs whole unit
    translate_weight: float = 0.0  # dense: add the glossary-translated query
    dense_candidates: int = 200  # passages asked from the vector store
    complete_lexical: int = 20  # top lexical units whose dense score is fetched exactly
    mentioned_doc_boost: float = 0.15  # the query names the document ("under Law 18/2017")
    repealed_factor: float = 0.95  # prefer the law in force, but keep repealed law visible
    dense_floor_quantile: float = 0.0  # dense normalisation: min of returned candidates
    # Across languages the multilingual embedder's similarities run lower, and BM25 only
    # reaches the other language through the glossary: without correction an Indonesian
    # question never surfaces an English general comment. Each language is queried on
    # its own, other-language similarities get an offset, and lexical scores are
    # normalised within each language (blend: 0 = global, 1 = per language).
    cross_lang_offset: float = 0.04  # English units for an Indonesian question
    cross_lang_offset_en_id: float | None = 0.02  # Indonesian units for an English question (None: same)
    lexical_per_language: float = 1.0
    # Preambles, considerations, general elucidations and definition articles share every
    # word of their instrument, so they match everything a little; they rarely answer.
    general_factor: float = 0.85
    definitions_factor: float = 0.7

    def with_(self, **changes) -> "SearchParams":
        return replace(self, **changes)


DEFAULT_PARAMS = SearchParams()


class Searcher:
    def __init__(self, snapshot: IndexSnapshot, catalog: Catalog, embedder: Embedder | None = None,
                 params: SearchParams = DEFAULT_PARAMS):
        self.snapshot = snapshot
        self.catalog = catalog
        self._embedder = embedder
        self.params = params
        self.resolver = CitationResolver(catalog)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.snapshot.manifest.embedder["spec"])
        return self._embedder

    # --- exact lookup --------------------------------------------------------------

    def find_unit(self, doc_id: str, unit: str) -> int | None:
        """Position of a unit in the index, looking in the document's variants too."""
        idx = self.snapshot.unit_index
        for candidate in [doc_id, *[d.id for d in self.catalog.variants_of(doc_id)]]:
            pos = idx.get(f"{candidate}::{unit}")
            if pos is not None:
                return pos
        return None

    def lookup(self, text: str) -> Hit | None:
        """The unit a citation names, or None."""
        cit = self.resolver.parse(text)
        if cit is None or not cit.complete:
            return None
        pos = self.find_unit(cit.doc_id, cit.unit)  # type: ignore[arg-type]
        if pos is None:
            return None
        return self._hit(pos, 1, 1.0, None, locator=cit.locator, exact=True)

    # --- search --------------------------------------------------------------------

    def search(self, text: str, k: int = 10, filters: Filters | None = None) -> SearchResult:
        # kb.limits: a query is text and at most KB_MAX_QUERY_CHARS long (the embedder reads
        # 512 tokens anyway); a longer one is cut at a word and the result's notes say so.
        text, note = bound_query(validate_query(text).strip() if text is not None else "")
        result = self._search(text, k, filters)
        if note:
            result.notes.append(note)
        return result

    def _search(self, text: str, k: int, filters: Filters | None) -> SearchResult:
        # The query embedding (tens of milliseconds in C, without the GIL) runs while the
        # query is analysed and scored lexically.
        pending = _embedding_pool().submit(self.embedder.embed_query, text) if text and self.params.dense_weight > 0 else None
        query = analyse_query(text, self.resolver)
        query.vector = pending
        if not text:
            return SearchResult(query=text, hits=[], language=query.lang, analysis=query)
        filters = filters or Filters()
        indexed = list(self.snapshot.units_by_doc)
        allowed = filters.allowed(self.catalog, indexed)
        scores, best_passage, signals, dense_top = self._score(query, allowed)
        hits: list[Hit] = []
        exact_pos = self._exact_position(query, allowed)
        if exact_pos is not None:
            hits.append(self._hit(exact_pos, 1, 1.0, None, locator=query.citation.locator, exact=True))  # type: ignore[union-attr]
        order = np.argsort(-scores)
        for pos in order:
            if len(hits) >= k or scores[pos] <= 0:
                break
            if pos == exact_pos:
                continue
            p = best_passage.get(int(pos))
            if p is None:
                p = best_lexical_passage(self.snapshot, query, int(pos))
            hits.append(self._hit(int(pos), len(hits) + 1, float(scores[pos]), p, signals=signals.get(int(pos))))
        return SearchResult(query=text, hits=hits, language=query.lang, citation=query.citation,
                            signals={"dense_top": dense_top}, analysis=query)

    def _exact_position(self, query: Query, allowed: list[str] | None) -> int | None:
        cit = query.citation
        if cit is None or not cit.complete:
            return None
        pos = self.find_unit(cit.doc_id, cit.unit)  # type: ignore[arg-type]
        if pos is None:
            return None
        if allowed is not None and self.snapshot.units[pos].doc_id not in allowed:
            return None
        return pos

    def _score(self, query: Query, allowed: list[str] | None):
        p = self.params
        n_units = len(self.snapshot.units)
        mask = np.ones(n_units, dtype=bool)
        if allowed is not None:
            mask[:] = False
            for doc_id in allowed:
                mask[self.snapshot.units_by_doc.get(doc_id, [])] = True

        lexical = lexical_unit_scores(self.snapshot, query, p.expansion_weight, p.passage_mix)
        lexical = np.where(mask, lexical, 0.0)
        lang_rows = self.snapshot.units_by_language
        if p.lexical_per_language > 0:
            for rows in lang_rows.values():
                top = float(lexical[rows].max()) if len(rows) else 0.0
                if top > 0:
                    lexical[rows] = (1 - p.lexical_per_language) * lexical[rows] + p.lexical_per_language * lexical[rows] / top
        if mask.any() and lexical.max() > 0:
            lexical = lexical / lexical[mask].max()

        dense = np.zeros(n_units, dtype=np.float32)
        best: dict[int, int] = {}
        dense_top = 0.0
        if p.dense_weight > 0 and mask.any():
            vec = query_vector(self.embedder, query, p.translate_weight)
            # One nearest-neighbour query over all languages (a filtered query costs
            # several times more in chroma), then each language's share is completed
            # with the exact similarity of its best lexical units.
            got, best = dense_unit_scores(self.snapshot, vec, p.dense_candidates, allowed)
            dense_top = max(got.values(), default=0.0)
            sims: dict[int, float] = {}
            offsets: dict[str, float] = {}
            wanted: list[int] = []
            for lang, rows in lang_rows.items():
                offsets[lang] = 0.0
                if lang != query.lang:
                    offsets[lang] = p.cross_lang_offset
                    if query.lang == "en" and p.cross_lang_offset_en_id is not None:
                        offsets[lang] = p.cross_lang_offset_en_id
                if p.complete_lexical:
                    in_lang = np.zeros(n_units, dtype=bool)
                    in_lang[rows] = True
                    in_lang &= mask
                    wanted += [int(u) for u in np.argsort(-np.where(in_lang, lexical, -1.0))[: int(p.complete_lexical)]
                               if u not in got and lexical[u] > 0]
            extra, extra_best = complete_unit_scores(self.snapshot, vec, wanted)
            got.update(extra)
            best.update(extra_best)
            unit_lang = self.snapshot.unit_language
            for u, sim in got.items():
                sims[u] = sim + offsets.get(unit_lang[u], 0.0)
            if sims:
                values = np.array(list(sims.values()), dtype=np.float32)
                hi = float(values.max())
                lo = float(np.quantile(values, p.dense_floor_quantile)) if p.dense_floor_quantile else float(values.min())
                span = (hi - lo) or 1.0
                for u, s in sims.items():
                    dense[u] = max(0.0, (s - lo) / span)
        scores = p.dense_weight * dense + p.lexical_weight * lexical
        if query.mentioned_docs and p.mentioned_doc_boost:
            for doc_id in query.mentioned_docs:
                for d in [doc_id, *[v.id for v in self.catalog.variants_of(doc_id)]]:
                    rows = self.snapshot.units_by_doc.get(d, [])
                    scores[rows] += p.mentioned_doc_boost * (scores[rows] > 0)
        if p.general_factor != 1.0:
            scores[self.snapshot.general_units] *= p.general_factor
        if p.definitions_factor != 1.0 and not query.asks_definition:
            scores[self.snapshot.definition_units] *= p.definitions_factor
        if p.repealed_factor != 1.0:
            for doc_id, rows in self.snapshot.units_by_doc.items():
                doc = self.catalog.find(doc_id)
                if doc is not None and doc.repealed:
                    scores[rows] *= p.repealed_factor
        # Units of documents no longer in the catalogue (removed since indexing) never show.
        for doc_id, rows in self.snapshot.units_by_doc.items():
            if doc_id not in self.catalog:
                scores[rows] = 0
        scores = np.where(mask, scores, 0.0)
        signals = {int(u): {"dense": round(float(dense[u]), 4), "lexical": round(float(lexical[u]), 4)}
                   for u in np.argsort(-scores)[:50]}
        return scores, best, signals, dense_top

    # --- results -------------------------------------------------------------------

    def _hit(self, pos: int, rank: int, score: float, passage_idx: int | None, locator: str | None = None,
             exact: bool = False, signals: dict | None = None) -> Hit:
        unit: Unit = self.snapshot.units[pos]
        doc = self.catalog.get(unit.doc_id)
        passage: Passage | None = self.snapshot.passage(passage_idx) if passage_idx is not None else None
        if locator is None:
            locator = _locator_for(unit, passage)
        return Hit(rank=rank, score=score, unit=unit, document=doc, passage=passage, locator=locator,
                   exact=exact, signals=signals or {})


_POOL: ThreadPoolExecutor | None = None


def _embedding_pool() -> ThreadPoolExecutor:
    """One worker: embeddings run one at a time, beside the caller's thread."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-embed")
    return _POOL


def _locator_for(unit: Unit, passage: Passage | None) -> str:
    """The finest locator that covers the whole matched passage."""
    if passage is None:
        return unit.unit
    best = unit.unit
    size = len(unit.text) + 1
    for part in unit.parts:
        if part.start <= passage.start and passage.end <= part.end and part.end - part.start < size:
            best, size = part.locator, part.end - part.start
    return best
