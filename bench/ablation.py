"""Where the tuning → test gap comes from: each search component switched off in turn,
nDCG@10 on the development sets, the tuning fold and the test fold side by side.

    KB_HOME=<full-mirror home> python bench/ablation.py

Issue #7 asks that a drop from tuning to test data be traced to what was fitted. A
component fitted to the tuning questions gains much more there than on the test fold; an
untuned system (dense alone: no weight, no glossary) shows how much harder the test fold is
by itself. This script chooses nothing: it prints aggregates only (no test question is
printed or stored) and no default is set from it; parameters are chosen with bench/tune.py
on the development sets and the tuning fold.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tune as T  # noqa: E402  (bench/tune.py: the tuning sets and the cached embedder)

from kb import KnowledgeBase, SearchParams  # noqa: E402
from kb.evaluate import load_questions  # noqa: E402

VARIANTS: dict[str, dict] = {
    "defaults": {},
    "no glossary": {"expansion_weight": 0.0},
    "no lexicon": {"lexicon_weight": 0.0},
    "no glossary, no lexicon": {"expansion_weight": 0.0, "lexicon_weight": 0.0},
    "no cross-language offsets": {"cross_lang_offset": 0.0, "cross_lang_offset_en_id": 0.0},
    "no mentioned-document boost": {"mentioned_doc_boost": 0.0},
    "no successor move": {"successor_match": 0.0},
    "no general/definition factors": {"general_factor": 1.0, "definitions_factor": 1.0},
    "no repealed factor": {"repealed_factor": 1.0},
    "lexical per language off": {"lexical_per_language": 0.0},
    "dense alone": {"lexical_weight": 0.0},
    "BM25 alone": {"dense_weight": 0.0},
    "equal weights 0.5 / 0.5": {"dense_weight": 0.5, "lexical_weight": 0.5},
}


def main() -> None:
    kb = KnowledgeBase.open()
    base = kb.searcher()
    embedder = T.CachedEmbedder(base.embedder)
    sets = T.tuning_sets(["dev", "tune"])
    sets["test"] = load_questions(T.FOLDS / "test.jsonl")
    print("nDCG@10 overall (cross-lingual, Indonesian questions): dev | tune | test; gap = tune - test")
    for name, changes in VARIANTS.items():
        reports = T.run_setting(kb, base, embedder, SearchParams().with_(**changes), sets)
        cells = []
        for s in ("dev", "tune", "test"):
            r = reports[s]
            cross = r.by_kind.get("cross-lingual", {}).get("ndcg@10", float("nan"))
            ind = r.by_lang.get("id", {}).get("ndcg@10", float("nan"))
            cells.append(f"{r.overall['ndcg@10']:.3f} ({cross:.3f}, {ind:.3f})")
        gap = reports["tune"].overall["ndcg@10"] - reports["test"].overall["ndcg@10"]
        print(f"{name:32} {' | '.join(cells)}  gap {gap:+.3f}", flush=True)


if __name__ == "__main__":
    main()
