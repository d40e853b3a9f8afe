"""Dense scoring of units: the passages nearest to the query vector, a unit scoring by its
best passage. Exact cosine similarities over the generation's memory-mapped matrix (or a
Chroma server's nearest neighbours on the scale-out path)."""

from __future__ import annotations

import numpy as np

from ..index.embedders import Embedder
from ..index.snapshot import IndexSnapshot
from .query import Query


def query_vector(embedder: Embedder, query: Query, translate_weight: float, min_weight: float) -> np.ndarray:
    """The query's unit vector (embedder dimension): its own embedding plus
    `translate_weight` times the embedding of its lexicon translation
    (`Query.translated(min_weight)`), renormalised; the query alone when nothing
    translates, the weight is 0 or the query is a bare citation."""
    vec = query.vector.result() if query.vector is not None else embedder.embed_query(query.text)
    if translate_weight > 0 and not query.bare_citation:
        if query.translation_vector is not None:
            other = query.translation_vector.result()
        else:
            text = query.translated(min_weight)
            other = embedder.embed_query(text) if text != query.text else None
        if other is not None:
            vec = vec + translate_weight * other
            vec = vec / (np.linalg.norm(vec) or 1.0)
    return vec


def _best_per_unit(snapshot: IndexSnapshot, rows: np.ndarray, sims: np.ndarray) -> tuple[dict[int, float], dict[int, int]]:
    scores: dict[int, float] = {}
    best: dict[int, int] = {}
    units = snapshot.passage_unit[rows] if rows.size else rows
    for i, u, sim in zip(rows.tolist(), units.tolist(), sims.tolist()):
        if sim > scores.get(u, -1.0):
            scores[u] = sim
            best[u] = i
    return scores, best


def dense_unit_scores(
    snapshot: IndexSnapshot, vector: np.ndarray, n: int, allowed: list[str] | None
) -> tuple[dict[int, float], dict[int, int]]:
    """unit position -> best cosine similarity among the n nearest passages, and unit
    position -> that passage's row."""
    if allowed is not None and not allowed:
        return {}, {}
    rows, sims = snapshot.nearest(vector, n, allowed)
    return _best_per_unit(snapshot, rows, sims)


def complete_unit_scores(
    snapshot: IndexSnapshot, vector: np.ndarray, units: list[int]
) -> tuple[dict[int, float], dict[int, int]]:
    """Exact best-passage similarity for units the nearest-neighbour query did not reach
    (lexical candidates), so fusion compares both signals instead of counting 0."""
    rows = snapshot.passage_rows_of_units(sorted(set(int(u) for u in units)))
    if rows.size == 0:
        return {}, {}
    return _best_per_unit(snapshot, rows, snapshot.similarities(vector, rows))
