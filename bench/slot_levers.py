"""Twelfth round: re-ordering levers over the shipped searcher's fused ranking (one-lever script).

    KB_HOME=... python bench/slot_levers.py [--diagnose] [--kinds penjelasan,successor,refs,all]

RETR15_DEPTH (default 60) sets how many units the searcher ranks per question. The searcher
is the shipped one with its own Penjelasan reservation off (`elucidation_slots=0`: the
round's starting point); RETR15_BASE=shipped keeps it on, to measure the other links on top
of the kept lever.

Reads the development sets and the tuning fold only (bench/tune.py's `tuning_sets`), never the
test fold. For each question the shipped `Searcher` ranks DEPTH units once; each lever re-orders
that list (nothing else changes), and the figures are kb.evaluate's over the first ten.

Levers:
  a. slot reservation: keep the best `keep` fused units, then the remaining slots go to units
     linked to the first `seeds` of them (a Pasal's Penjelasan and back; the repealed unit's
     successor provision and back, kb.search.successors; units citing / cited by one, the
     generation's references), ranked by their own fused score, if at least `floor` × the
     score of the first unit; then the rest in fused order.
  b. de-duplication: a unit whose canonical (document, unit) already appears higher (the OCR
     copy of a law beside its clean copy) moves below the tenth.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import KnowledgeBase, SearchParams  # noqa: E402
from kb.evaluate import evaluate  # noqa: E402
from kb.search.hybrid import Searcher  # noqa: E402
from tune import CachedEmbedder, brief, canonical_for, tuning_sets  # noqa: E402

DEPTH = int(os.environ.get("RETR15_DEPTH", "60"))


def build_links(kb, searcher: Searcher) -> dict[str, dict[int, set[int]]]:
    """Link kind -> position -> linked positions (both directions)."""
    snap = searcher.snapshot
    units = snap.units
    links: dict[str, dict[int, set[int]]] = {k: defaultdict(set) for k in ("penjelasan", "successor", "refs")}
    by_key: dict[tuple[str, str], int] = {}
    canon = canonical_for(kb)
    for pos, u in enumerate(units):
        by_key.setdefault((u.doc_id, u.unit), pos)
        by_key.setdefault((canon(u.doc_id), u.unit), pos)
    # a Pasal and its Penjelasan (in the same document or its variant copy)
    for pos, u in enumerate(units):
        m = re.fullmatch(r"Penjelasan (Pasal \d+[A-Z]?)", u.unit)
        if m:
            for other in {by_key.get((u.doc_id, m.group(1))), by_key.get((canon(u.doc_id), m.group(1)))}:
                if other is not None and other != pos:
                    links["penjelasan"][pos].add(other)
                    links["penjelasan"][other].add(pos)
    # repealed unit <-> successor provision
    for pos in range(len(units)):
        found = searcher.successors.successor_position(pos)
        if found is not None:
            links["successor"][pos].add(found[0])
            links["successor"][found[0]].add(pos)
    # explicit references (citing <-> cited), indexed units only
    refs = kb.reference_index()
    for r in refs.references:
        if not r.target_doc or not r.target_unit:
            continue
        src = by_key.get((r.source_doc, r.source_unit)) or by_key.get((canon(r.source_doc), r.source_unit))
        dst = by_key.get((r.target_doc, r.target_unit)) or by_key.get((canon(r.target_doc), r.target_unit))
        if src is not None and dst is not None and src != dst:
            links["refs"][src].add(dst)
            links["refs"][dst].add(src)
    return links


def reserve(ranked, links_of, keep: int, seeds: int, floor: float, k: int = 10):
    """ranked: [(pos, key, score)]; returns the re-ordered list."""
    if not ranked:
        return ranked
    head = ranked[:keep]
    top_score = ranked[0][2]
    seed_pos = [r[0] for r in ranked[:seeds]]
    linked = set()
    for p in seed_pos:
        linked |= links_of(p)
    taken = {r[0] for r in head}
    fill = [r for r in ranked[keep:] if r[0] in linked and r[0] not in taken and r[2] >= floor * top_score]
    fill = fill[: k - keep]
    chosen = taken | {r[0] for r in fill}
    rest = [r for r in ranked[keep:] if r[0] not in chosen]
    return head + fill + rest


def dedup(ranked, k: int = 10):
    seen, head, tail = set(), [], []
    for r in ranked:
        if r[1] in seen and len(head) < k:
            tail.append(r)
        else:
            seen.add(r[1])
            head.append(r)
    return head[:k] + tail + head[k:]


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--diagnose", action="store_true")
    ap.add_argument("--kinds", default="penjelasan,successor,refs,all")
    args = ap.parse_args(argv)
    kb = KnowledgeBase.open()
    base = kb.searcher()
    embedder = CachedEmbedder(base.embedder)
    searcher = Searcher(base.snapshot, kb.catalog, embedder, SearchParams() if os.environ.get("RETR15_BASE") == "shipped"
                        else SearchParams().with_(elucidation_slots=0))
    sets = tuning_sets(["dev", "tune"])
    canon = canonical_for(kb)
    cache: dict[str, list] = {}

    def fused(q: str):
        if q not in cache:
            res = searcher.search(q, DEPTH)
            out = []
            for h in res.hits:
                pos = searcher.find_unit(h.document.id, h.unit.unit)
                out.append((pos, (canon(h.document.id), h.unit.unit), float(h.score), h.exact))
            cache[q] = out
        return cache[q]

    links = build_links(kb, searcher)
    print({k: sum(len(v) for v in d.values()) for k, d in links.items()}, flush=True)

    def run(label, reorder):
        def rank(q):
            r = fused(q)
            if any(x[3] for x in r):  # a cited unit: the citation decides, untouched
                return [(x[1][0], x[1][1]) for x in r[:10]]
            return [(x[1][0], x[1][1]) for x in reorder([x[:3] for x in r])[:10]]
        reports = {name: evaluate(qs, rank, canon) for name, qs in sets.items()}
        rec = " ".join(f"R@10 {n} {rep.overall['recall@10']:.3f}" for n, rep in reports.items())
        print(f"{label:55} {brief(reports)}  {rec}", flush=True)
        return reports

    run("defaults", lambda r: r)
    if args.diagnose:
        dups = 0
        for name, qs in sets.items():
            for q in qs:
                keys = [x[1] for x in fused(q.query)[:10]]
                if len(set(keys)) != len(keys):
                    dups += 1
                    print("dup", name, q.id, [k for k in keys if keys.count(k) > 1], [q.relevant.get(k) for k in keys if keys.count(k) > 1])
        print("questions with a duplicate in the top 10:", dups)
    run("b. dedup", dedup)
    kinds = args.kinds.split(",")
    for kind in kinds:
        def links_of(p, kind=kind):
            if kind == "all":
                return links["penjelasan"].get(p, set()) | links["successor"].get(p, set()) | links["refs"].get(p, set())
            return links[kind].get(p, set())
        for keep in (6, 7, 8, 9):
            for seeds in (1, 3, keep):
                for floor in (0.0, 0.5, 0.7):
                    run(f"a. {kind} keep={keep} seeds={seeds} floor={floor}",
                        lambda r, keep=keep, seeds=seeds, floor=floor, lo=links_of: reserve(r, lo, keep, seeds, floor))


if __name__ == "__main__":
    main(sys.argv[1:])
