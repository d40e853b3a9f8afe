"""Grid search of the search parameters on the TUNING data only.

    KB_HOME=... python bench/tune.py [--sets dev,tune] [param=v1,v2 ...]

Tuning data is the given development sets (../shared/eval/dev-*.jsonl) and the tuning fold
of kb's own question set (bench/questions/tune.jsonl). The test fold
(bench/questions/test.jsonl) is never read here: it is only run by bench/run.py, which
reports it beside the tuning figures. Every default in kb/search/hybrid.py (SearchParams)
was chosen with this script.

Prints nDCG@10 / Recall@10 / MRR@10 per setting and per set, with nDCG@10 per kind and per
question language. Query embeddings are computed once and reused across settings.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

from kb import KnowledgeBase, SearchParams
from kb.evaluate import evaluate, load_questions
from kb.search.hybrid import Searcher

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
FOLDS = REPO / "bench" / "questions"


def tuning_sets(names: list[str], folds: Path = FOLDS) -> dict[str, list]:
    """{"dev": the given dev sets, "tune": the tuning fold}; never the test fold."""
    out: dict[str, list] = {}
    for name in names:
        if name == "dev":
            out["dev"] = [q for f in sorted(EVAL.glob("dev-*.jsonl")) for q in load_questions(f)]
        elif name == "tune":
            out["tune"] = load_questions(folds / "tune.jsonl")
        else:
            raise SystemExit(f"tune.py: unknown set {name!r} (tuning sets are dev and tune; the test fold is not for tuning)")
    return out


class CachedEmbedder:
    """The index's embedder with query embeddings memoised (a grid re-runs the same queries)."""

    def __init__(self, embedder):
        self._embedder = embedder
        self._memo: dict[str, np.ndarray] = {}

    def __getattr__(self, name):
        return getattr(self._embedder, name)

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._memo:
            self._memo[text] = self._embedder.embed_query(text)
        return self._memo[text]


def canonical_for(kb):
    def canonical(doc_id: str) -> str:
        doc = kb.catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id
    return canonical


def run_setting(kb, base, embedder, params: SearchParams, sets: dict[str, list]) -> dict:
    searcher = Searcher(base.snapshot, kb.catalog, embedder, params)
    rank = lambda q: [(h.document.id, h.unit.unit) for h in searcher.search(q, 10).hits]  # noqa: E731
    return {name: evaluate(qs, rank, canonical_for(kb)) for name, qs in sets.items()}


def brief(reports: dict) -> str:
    """One line: nDCG@10 per set, over all tuning questions, and cross-lingual."""
    parts, total, n = [], 0.0, 0
    for name, report in reports.items():
        o = report.overall
        cross = report.by_kind.get("cross-lingual", {}).get("ndcg@10", float("nan"))
        parts.append(f"{name} {o['ndcg@10']:.3f} (x {cross:.3f}, r10 {o['recall@10']:.3f})")
        total += o["ndcg@10"] * o["n"]
        n += o["n"]
    return f"all {total / max(n, 1):.3f} | " + " | ".join(parts)


def describe(reports: dict) -> str:
    parts = []
    for name, report in reports.items():
        o = report.overall
        kinds = " ".join(f"{k[:5]}={v['ndcg@10']:.2f}" for k, v in report.by_kind.items())
        langs = " ".join(f"{k}={v['ndcg@10']:.2f}" for k, v in report.by_lang.items())
        parts.append(f"[{name}] ndcg={o['ndcg@10']:.3f} r10={o['recall@10']:.3f} mrr={o['mrr@10']:.3f} | {kinds} | {langs}")
    return "\n    ".join(parts)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="dev,tune", help="comma-separated: dev, tune")
    ap.add_argument("--folds", type=Path, default=FOLDS, help="folder of tune.jsonl (default bench/questions)")
    ap.add_argument("--brief", action="store_true", help="one line per setting")
    ap.add_argument("--failures", action="store_true", help="list the tuning questions with nDCG@10 < 0.5 (defaults only)")
    ap.add_argument("grid", nargs="*", help="param=v1,v2 (numbers; 'none' for None)")
    args = ap.parse_args(argv)
    grid: dict[str, list] = {}
    for arg in args.grid:
        key, values = arg.split("=", 1)
        grid[key] = [None if v == "none" else float(v) for v in values.split(",")]
    kb = KnowledgeBase.open()
    base = kb.searcher()
    embedder = CachedEmbedder(base.embedder)
    sets = tuning_sets(args.sets.split(","), args.folds)
    keys = list(grid)
    for combo in itertools.product(*[grid[k] for k in keys]) if keys else [()]:
        params = SearchParams().with_(**dict(zip(keys, combo)))
        reports = run_setting(kb, base, embedder, params, sets)
        label = " ".join(f"{k}={v}" for k, v in zip(keys, combo)) or "defaults"
        if args.brief:
            print(f"{label:70} {brief(reports)}", flush=True)
        else:
            print(f"{label}\n    {describe(reports)}\n    {brief(reports)}", flush=True)
        if args.failures and not keys:
            for name, report in reports.items():
                for q in report.per_question:
                    if q.get("ndcg@10", 1.0) < 0.5:
                        print(f"  {name} {q['id']} {q['kind']} ndcg={q['ndcg@10']:.2f} {q['query'][:90]!r} -> {q['top'][:3]}")


if __name__ == "__main__":
    main(sys.argv[1:])
