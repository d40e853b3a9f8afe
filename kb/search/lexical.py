"""Lexical scoring of units: BM25 over passages (a unit scores by its best passage) mixed
with BM25 over whole units, plus the glossary expansion at a lower weight."""

from __future__ import annotations

import numpy as np

from ..index.snapshot import IndexSnapshot
from .query import Query


def _max_per_unit(snapshot: IndexSnapshot, passage_scores: np.ndarray) -> np.ndarray:
    return snapshot.max_per_unit(passage_scores)


def _unit_maxed(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


def weighted_scores(index, terms: list[tuple[str, float]]) -> np.ndarray:
    """BM25 of weighted query terms: each term's contribution times its weight."""
    out = np.zeros(index.size, dtype=np.float32)
    for term, weight in terms:
        if weight > 0 and index.knows(term):
            out += np.float32(weight) * index.scores([term])
    return out


def lexical_unit_scores(snapshot: IndexSnapshot, query: Query, expansion_weight: float, passage_mix: float,
                        extra: list[tuple[str, float]] | None = None,
                        discount: list[tuple[list[tuple[str, float]], float, np.ndarray]] | None = None) -> np.ndarray:
    """Per-unit lexical score in [0, 1] (1 = best unit for this query). `extra` are
    weighted terms added to the query (lexicon translations, feedback terms). `discount`,
    a list of (terms, share, units): those terms, each at the weight it was scored with
    (1 for a query word, the expansion's or translation's weight for theirs), count
    `share` less in the units marked (a boolean array over units), and in their passages."""
    exp = query.expansion_tokens()
    p = snapshot.lexical_passages.scores(query.tokens)
    u = snapshot.lexical_units.scores(query.tokens)
    if exp and expansion_weight > 0:
        p = p + expansion_weight * snapshot.lexical_passages.scores(exp)
        u = u + expansion_weight * snapshot.lexical_units.scores(exp)
    if extra:
        p = p + weighted_scores(snapshot.lexical_passages, extra)
        u = u + weighted_scores(snapshot.lexical_units, extra)
    for terms, share, units in discount or ():
        in_units = units[snapshot.passage_unit] if p.size else np.zeros(0, dtype=bool)
        p = p - np.where(in_units, share * weighted_scores(snapshot.lexical_passages, terms), 0.0).astype(p.dtype)
        u = u - np.where(units, share * weighted_scores(snapshot.lexical_units, terms), 0.0).astype(u.dtype)
    if discount:
        p, u = np.maximum(p, 0.0), np.maximum(u, 0.0)  # rounding never makes a score negative
    by_passage = _unit_maxed(_max_per_unit(snapshot, p))
    return passage_mix * by_passage + (1.0 - passage_mix) * _unit_maxed(u)


def best_lexical_passage(snapshot: IndexSnapshot, query: Query, unit_pos: int) -> int | None:
    """The passage of a unit that matches the query terms best (for display)."""
    rows = snapshot.passage_rows_of_units([unit_pos])
    if rows.size == 0:
        return None
    if rows.size == 1:
        return int(rows[0])
    scores = snapshot.lexical_passages.scores(query.tokens + query.expansion_tokens())
    return int(rows[np.argmax(scores[rows])])


def shown_passage(snapshot: IndexSnapshot, query: Query, unit_pos: int, dense_best: int) -> int:
    """The passage a hit shows and is located by (its snippet, and the ayat or huruf
    `kb search` cites): the one the embedder found closest, unless its own text holds none
    of the query's words (nor their glossary synonyms) while another passage of the unit
    does — a list's short tail ("dan g. warga negara Indonesia …") can be closest in
    meaning to many questions; "pekerja rumah tangga" then showed UU 18/2017 Pasal 4 ayat
    (2), not the ayat (1) that names domestic work. The ranking is not changed."""
    from ..lang import analyze

    rows = snapshot.passage_rows_of_units([unit_pos])
    if rows.size <= 1:
        return dense_best
    wanted = set(query.tokens) | set(query.expansion_tokens())
    unit = snapshot.units[unit_pos]

    def overlap(row: int) -> int:
        return len(wanted & set(analyze(snapshot.passage(row).text, unit.language)))

    if overlap(dense_best) > 0:
        return dense_best
    counts = [(overlap(int(r)), -i, int(r)) for i, r in enumerate(rows)]
    best = max(counts)
    return best[2] if best[0] > 0 else dense_best
