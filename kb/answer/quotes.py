"""Query-focused selection of sentences across the retrieved units.

Every candidate is a span of a unit's own text (sentence or enumeration clause), so what
is quoted is verbatim by construction. A sentence scores by the rank of its unit, by how
much of the question's vocabulary (weighted by rarity, glossary synonyms included) it
covers, and by lying in the passage that matched best. Near-duplicates are skipped so an
answer does not quote the same obligation from three places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import analyze
from ..lang.sentences import sentence_spans
from ..search.query import Query
from ..search.results import Hit

_LIST_ITEM = re.compile(r"^(?:(?:dan|atau|and|or|dan/atau)\s+)?(?:\(?[a-z]\)|[a-z]\.|\(\d{1,3}\)|\d{1,3}\.|\([ivx]+\))\s")


@dataclass
class Candidate:
    hit: Hit
    start: int
    end: int
    score: float
    tokens: frozenset[str]
    lead: tuple[int, int] | None = None  # the clause that introduces a list item
    cover: float = 0.0

    @property
    def text(self) -> str:
        return self.hit.unit.text[self.start : self.end]


def term_weights(query: Query, idf) -> dict[str, float]:
    """Query terms weighted by rarity; glossary synonyms count half."""
    weights: dict[str, float] = {}
    for tok in query.tokens:
        weights[tok] = max(weights.get(tok, 0.0), idf.get(tok, 0.0) or 1.0)
    for tok in query.expansion_tokens():
        weights.setdefault(tok, 0.5 * (idf.get(tok, 0.0) or 1.0))
    return weights


# How a sentence's score is made (tuned on the development sets' evidence phrases).
PRIOR_WEIGHT = 0.45  # rank of its unit
COVER_WEIGHT = 0.40  # question vocabulary it covers
PASSAGE_WEIGHT = 0.15  # lies in the passage that matched best


def candidates(hits: list[Hit], query: Query, weights: dict[str, float]) -> list[Candidate]:
    total = sum(weights.values()) or 1.0
    top = max((h.score for h in hits), default=1.0) or 1.0
    out: list[Candidate] = []
    for hit in hits:
        text = hit.unit.text
        spans = sentence_spans(text)
        prior = hit.score / top
        lead: tuple[int, int] | None = None
        for a, b in spans:
            sentence = text[a:b]
            toks = frozenset(analyze(sentence, hit.unit.language))
            if _LIST_ITEM.match(sentence) is None:
                lead = (a, b) if sentence.rstrip().endswith(":") else None
            if len(toks) < 3:
                continue
            cover = sum(w for t, w in weights.items() if t in toks) / total
            in_best = bool(hit.passage and a < hit.passage.end and b > hit.passage.start)
            score = PRIOR_WEIGHT * prior + COVER_WEIGHT * cover + PASSAGE_WEIGHT * in_best
            is_item = _LIST_ITEM.match(sentence) is not None
            out.append(Candidate(hit, a, b, score, toks, lead if is_item else None, cover))
    return out


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= 0.6


def select(cands: list[Candidate], max_quotes: int = 6, per_unit: int = 2, floor: float = 0.55) -> list[Candidate]:
    """Best candidates first; at most `per_unit` per unit; none far below the best; no
    near-duplicates; the best unit always contributes."""
    if not cands:
        return []
    ranked = sorted(cands, key=lambda c: -c.score)
    best = ranked[0].score
    chosen: list[Candidate] = []
    count: dict[str, int] = {}
    for c in ranked:
        if len(chosen) >= max_quotes:
            break
        if c.score < floor * best:
            break
        key = c.hit.unit.key
        if count.get(key, 0) >= per_unit:
            continue
        if any(_similar(c.tokens, o.tokens) for o in chosen):
            continue
        chosen.append(c)
        count[key] = count.get(key, 0) + 1
    return chosen
