"""Choose and check the similarity threshold for implicit reiterations.

Data: two pairs of concluding observations of imaginary States parties written for kb's
tests (tests/fixtures/co-xyz-{1,2}, 20 thematic recommendations: tuning, the larger pair;
co-vld-{1,2}, 11: held out). Truth: for every
thematic recommendation of the second cycle, the paragraph of the first cycle it
reiterates — explicitly cited (the Committee's own citation) or, for the implicit ones,
labelled by hand below — or none. Citations are removed before scoring, so explicit
reiterations also test the similarity. A prediction is the best-scoring first-cycle
recommendation when its score reaches the threshold.

    .venv/bin/python bench/recs_threshold.py
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.catalog import Catalog  # noqa: E402
from kb.config import BUILTIN_CATALOG  # noqa: E402
from kb.models import Document  # noqa: E402
from kb.readers import read  # noqa: E402
from kb.recs.parse import parse_recommendations  # noqa: E402
from kb.recs.reiterate import THRESHOLD, similarity_matrix, thematic  # noqa: E402
from kb.references.store import document_symbol, extract_all  # noqa: E402
from kb.structure import parse_document  # noqa: E402

FIX = ROOT / "tests" / "fixtures"
# Hand labels of the implicit reiterations (second-cycle paragraph -> first-cycle paragraph).
IMPLICIT = {
    "vld": {7: 6, 11: 10, 13: 12, 16: 14, 18: 16},
    "xyz": {13: 10, 15: 11, 19: 15, 24: 19, 31: 25, 37: 30, 39: 32},
}


def load_pair(code: str):
    docs, units, symbols = [], [], {}
    for n in (1, 2):
        doc = Document(id=f"co-{code}-{n}", title=f"Concluding observations {code} {n}", citation=f"co-{code}-{n}",
                       family="committee", language="en")
        src = read(FIX / f"co-{code}-{n}.en.txt")
        docs.append(doc)
        units += parse_document(doc, src).units
        symbols[doc.id] = document_symbol(doc, src.text)
    refs = extract_all(units, list(Catalog.load(BUILTIN_CATALOG)) + docs, symbols)
    out = []
    for doc in docs:
        out.append(parse_recommendations(symbols[doc.id], doc.id, [u for u in units if u.doc_id == doc.id],
                                         [r for r in refs if r.source_doc == doc.id], symbols=symbols))
    return out


def truth_and_scores(code: str):
    first, second = load_pair(code)
    old = [r for r in first if thematic(r)]
    new = [r for r in second if thematic(r)]
    truth = {}
    for r in new:
        explicit = [x.paragraph for x in r.reiterates if x.how == "explicit"]
        truth[r.paragraph] = explicit[0] if explicit else IMPLICIT[code].get(r.paragraph)
    sims = similarity_matrix([replace(r, reiterates=[]) for r in new], old)
    best = {}
    for r, row in zip(new, sims):
        j = max(range(len(old)), key=lambda i: row[i])
        best[r.paragraph] = (old[j].paragraph, row[j])
    return truth, best


def f1_at(truth, best, t):
    tp = sum(1 for p, (q, s) in best.items() if s >= t and truth[p] == q)
    fp = sum(1 for p, (q, s) in best.items() if s >= t and truth[p] != q)
    fn = sum(1 for p in truth if truth[p] is not None and not (best[p][1] >= t and best[p][0] == truth[p]))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return (2 * prec * rec / (prec + rec) if prec + rec else 0.0), prec, rec


def main() -> None:
    tune = truth_and_scores("xyz")
    held = truth_and_scores("vld")
    grid = [round(0.05 + 0.01 * i, 2) for i in range(60)]
    scored = [(f1_at(*tune, t)[0], t) for t in grid]
    top = max(f for f, _ in scored)
    best_ts = [t for f, t in scored if f == top]
    print(f"tuning (xyz): F1 {top:.2f} for thresholds {best_ts[0]}-{best_ts[-1]}; "
          f"chosen: the middle of that plateau, {(best_ts[0] + best_ts[-1]) / 2:.3f} -> THRESHOLD")
    for name, data in (("tuning (xyz)", tune), ("held-out (vld)", held)):
        f, p, r = f1_at(*data, THRESHOLD)
        print(f"{name}: at THRESHOLD={THRESHOLD}: precision {p:.2f} recall {r:.2f} F1 {f:.2f} "
              f"({sum(v is not None for v in data[0].values())} reiterations among {len(data[0])} recommendations)")
        pos = sorted(s for p_, (q, s) in data[1].items() if data[0][p_] == q)
        neg = sorted(s for p_, (q, s) in data[1].items() if data[0][p_] != q)
        print(f"   scores of true matches: min {pos[0]:.2f}; best wrong/none candidates: max {neg[-1] if neg else 0:.2f}")


if __name__ == "__main__":
    main()
