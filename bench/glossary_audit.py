"""Audit of the glossary (kb/data/glossary.txt) on the TUNING data: which concepts fire on
which questions, and what each one does to nDCG@10 where it fires.

    KB_HOME=... python bench/glossary_audit.py [--out audit.tsv]

For every concept the tuning questions (the given dev sets and bench/questions/tune.jsonl;
never the test fold) are split into those whose query makes the concept fire and the
rest; the concept is then removed and the questions where it fired are searched again.
Printed per concept: fires on dev / tune, nDCG@10 change on dev / tune without it.

The audit's rule (bench/README.md): a concept that fires on development questions only and
helps them, or whose terms are phrases of a question rather than a vocabulary of the
domain, exists because of a question and goes; a concept that fires nowhere in the tuning
data is kept only when each side's terms are words the documents themselves use (so it
serves as a bridge between the two languages of the corpus).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import kb.search.query as query_module
from kb import KnowledgeBase, SearchParams
from kb.evaluate import score_ranking
from kb.lang.glossary import Glossary
from kb.search.hybrid import Searcher

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tune import CachedEmbedder, canonical_for, tuning_sets  # noqa: E402


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="write the table as TSV")
    args = ap.parse_args(argv)
    kb = KnowledgeBase.open()
    base = kb.searcher()
    embedder = CachedEmbedder(base.embedder)
    canonical = canonical_for(kb)
    sets = tuning_sets(["dev", "tune"])
    full = Glossary.load()
    params = SearchParams()

    def ndcg(glossary: Glossary, questions) -> dict[str, float]:
        query_module.default_glossary = lambda: glossary
        searcher = Searcher(base.snapshot, kb.catalog, embedder, params)
        out = {}
        for q in questions:
            ranked = [(canonical(h.document.id), h.unit.unit) for h in searcher.search(q.query, 10).hits]
            relevant = {(canonical(d), u): g for (d, u), g in q.relevant.items()}
            out[q.id] = score_ranking(ranked, relevant)["ndcg@10"]
        return out

    answerable = {name: [q for q in qs if q.answerable] for name, qs in sets.items()}
    baseline = {name: ndcg(full, qs) for name, qs in answerable.items()}
    fired: dict[int, dict[str, list]] = {}
    for name, qs in answerable.items():
        for q in qs:
            from kb.lang import detect_language

            expansion = full.expand(q.query, detect_language(q.query))
            for concept in expansion.concepts:
                ci = full.concepts.index(concept)
                fired.setdefault(ci, {"dev": [], "tune": []})[name].append(q)
    rows = []
    for ci, concept in enumerate(full.concepts):
        hits = fired.get(ci, {"dev": [], "tune": []})
        without = Glossary([c for j, c in enumerate(full.concepts) if j != ci])
        delta = {}
        for name in ("dev", "tune"):
            qs = hits[name]
            if qs:
                after = ndcg(without, qs)
                delta[name] = sum(after[q.id] - baseline[name][q.id] for q in qs) / len(qs)
        label = " ; ".join(concept.terms["id"]) + " | " + " ; ".join(concept.terms["en"])
        rows.append((ci, len(hits["dev"]), len(hits["tune"]), delta.get("dev"), delta.get("tune"), label))
        d = "-" if delta.get("dev") is None else f"{-delta['dev']:+.3f}"
        t = "-" if delta.get("tune") is None else f"{-delta['tune']:+.3f}"
        print(f"{ci:3d} dev {len(hits['dev']):2d} tune {len(hits['tune']):3d}  gain dev {d:>7} tune {t:>7}  {label[:90]}",
              flush=True)
    if args.out:
        args.out.write_text("\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
