"""Reiterations the Committee does not cite: the previous cycle's recommendation whose
words a new recommendation repeats.

Similarity is the cosine of TF-IDF vectors of stemmed content words (kb.lang's English
analyser), the idf taken over the recommendations of the two cycles compared, with the
Committee's boilerplate ("the Committee recommends that the State party ...") removed.
A lexical measure on purpose: a reiteration repeats the Committee's own words, which
TF-IDF rewards, and it needs no index (the score is the same whatever embedder built it).

THRESHOLD was chosen on data: on a pair of concluding observations where the Committee
cites what it reiterates, the explicit links are the truth; each recommendation is
compared, citations removed, with every recommendation of the earlier cycle, and the
threshold is the value maximising F1 of "best match at or above the threshold" against
those links plus hand labels of the implicit ones (bench/recs_threshold.py). Tuning
pair: tests/fixtures/co-xyz-{1,2} (20 thematic recommendations, 12 reiterations; F1 1.00
for thresholds 0.17-0.32, the middle taken); reported on the pair it was not chosen on,
tests/fixtures/co-vld-{1,2}: F1 1.00 (see the README for the figures and their limits:
both pairs are of our own wording).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from ..lang import analyze
from .model import Recommendation, Reiteration

THRESHOLD = 0.25

_BOILERPLATE = set(analyze(
    "committee recommends recommend urges encourages calls upon requests invites reiterates recalls previous "
    "recommendation recommendations state party parties take measures necessary ensure also further including "
    "particular convention migrant workers members families family present concluding observations", "en"))
_CITATION = re.compile(r"\((?:see\s+)?[A-Z]{2,5}/C/[^)]*\)|[A-Z]{2,5}/C/[A-Z0-9/\-]+(?:,\s*paras?\.\s*[\d\s(),a-z–-]+)?")


def _terms(rec: Recommendation) -> list[str]:
    text = _CITATION.sub(" ", rec.text)
    return [t for t in analyze(text, "en") if t not in _BOILERPLATE and not t.isdigit() and len(t) > 2]


def similarity_matrix(new: list[Recommendation], old: list[Recommendation]) -> list[list[float]]:
    """Cosine similarities, new x old, of the recommendations' TF-IDF vectors."""
    docs = [Counter(_terms(r)) for r in [*new, *old]]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    vecs = []
    for d in docs:
        v = {t: (1 + math.log(c)) * idf[t] for t, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    nv, ov = vecs[: len(new)], vecs[len(new):]
    return [[sum(x * o.get(t, 0.0) for t, x in a.items()) for o in ov] for a in nv]


def thematic(rec: Recommendation) -> bool:
    """Whether a recommendation stands in the thematic part of concluding observations
    ("D. Principal subjects of concern and recommendations"); the closing requests
    (follow-up, dissemination, next report) repeat every cycle by design and are not
    reiterations of substance."""
    return rec.thematic


def add_similar_reiterations(new: list[Recommendation], old: Iterable[Recommendation],
                             threshold: float = THRESHOLD) -> None:
    """Mark, on recommendations of `new` that cite no earlier paragraph, the most similar
    recommendation of the previous cycle `old` when its similarity reaches `threshold`."""
    old = [r for r in old if r.kind == "recommendation" and thematic(r)]
    if not new or not old:
        return
    sims = similarity_matrix(new, old)
    for rec, row in zip(new, sims):
        if rec.reiterates or rec.kind != "recommendation" or not thematic(rec):
            continue
        best = max(range(len(old)), key=lambda j: row[j])
        if row[best] >= threshold:
            prev = old[best]
            rec.reiterates = [Reiteration(symbol=prev.symbol, paragraph=prev.paragraph, locator=f"para {prev.paragraph}",
                                          how="similarity", score=round(row[best], 3), where="similarity",
                                          doc_id=prev.doc_id)]
