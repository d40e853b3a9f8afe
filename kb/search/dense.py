"""Dense scoring of units: nearest passages in the vector store, a unit scoring by its best
passage."""

from __future__ import annotations

import numpy as np

from ..index.embedders import Embedder
from ..index.snapshot import IndexSnapshot
from .query import Query


def query_vector(embedder: Embedder, query: Query, translate_weight: float) -> np.ndarray:
    vec = query.vector.result() if query.vector is not None else embedder.embed_query(query.text)
    if translate_weight > 0 and query.expansion.terms[query.other_lang]:
        vec = vec + translate_weight * embedder.embed_query(query.translated())
        vec = vec / (np.linalg.norm(vec) or 1.0)
    return vec


def dense_unit_scores(
    snapshot: IndexSnapshot, vector: np.ndarray, n: int, allowed: list[str] | None
) -> tuple[dict[int, float], dict[int, int]]:
    """unit position -> best cosine similarity, and unit position -> best passage index."""
    scores: dict[int, float] = {}
    best: dict[int, int] = {}
    ids = snapshot.passage_ids
    for pid, sim in snapshot.store.query(vector, n, allowed):
        i = ids.get(pid)
        if i is None:
            continue
        u = int(snapshot.passage_unit[i])
        if sim > scores.get(u, -1.0):
            scores[u] = sim
            best[u] = i
    return scores, best


def complete_unit_scores(
    snapshot: IndexSnapshot, vector: np.ndarray, units: list[int]
) -> tuple[dict[int, float], dict[int, int]]:
    """Exact best-passage similarity for units the nearest-neighbour query did not reach
    (lexical candidates), so fusion compares both signals instead of counting 0."""
    rows = [int(i) for i in np.nonzero(np.isin(snapshot.passage_unit, units))[0]]
    if not rows:
        return {}, {}
    ids = {snapshot.passage(i).id: i for i in rows}
    stored = snapshot.store.vectors(list(ids))
    scores: dict[int, float] = {}
    best: dict[int, int] = {}
    for pid, vec in stored.items():
        i = ids[pid]
        u = int(snapshot.passage_unit[i])
        sim = float(vec @ vector)
        if sim > scores.get(u, -1.0):
            scores[u] = sim
            best[u] = i
    return scores, best
