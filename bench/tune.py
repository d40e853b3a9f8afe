"""Grid search of the fusion parameters on the development sets.

    KB_HOME=... python bench/tune.py [param=v1,v2 ...]

Prints nDCG@10 / Recall@10 / MRR per setting, overall and per kind. Used to choose the
defaults in kb/search/hybrid.py (SearchParams); not a test.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from kb import KnowledgeBase, SearchParams
from kb.evaluate import evaluate, load_questions
from kb.search.hybrid import Searcher

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def main(argv: list[str]) -> None:
    grid: dict[str, list[float]] = {}
    for arg in argv:
        key, values = arg.split("=", 1)
        grid[key] = [float(v) for v in values.split(",")]
    kb = KnowledgeBase.open()
    base = kb.searcher()
    questions = [q for f in sorted(EVAL.glob("dev-*.jsonl")) for q in load_questions(f)]

    def canonical(doc_id: str) -> str:
        doc = kb.catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    keys = list(grid)
    for combo in itertools.product(*[grid[k] for k in keys]) if keys else [()]:
        params = SearchParams().with_(**dict(zip(keys, combo)))
        searcher = Searcher(base.snapshot, kb.catalog, base.embedder, params)
        report = evaluate(questions, lambda q: [(h.document.id, h.unit.unit) for h in searcher.search(q, 10).hits], canonical)
        o = report.overall
        kinds = " ".join(f"{k[:5]}={v['ndcg@10']:.2f}" for k, v in report.by_kind.items())
        label = " ".join(f"{k}={v}" for k, v in zip(keys, combo)) or "defaults"
        print(f"{label:60} ndcg={o['ndcg@10']:.3f} r10={o['recall@10']:.3f} mrr={o['mrr@10']:.3f} | {kinds}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
