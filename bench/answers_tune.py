"""How kb ask's sentence weights and abstention thresholds were chosen: on tuning data only.

    .venv/bin/python bench/answers_tune.py collect   # search + every candidate sentence's features (embeds them all)
    .venv/bin/python bench/answers_tune.py grid      # score the answers for each setting, best first
    .venv/bin/python bench/answers_tune.py show      # the answer metrics of the shipped defaults

Questions: the development sets (../shared/eval/dev-*.jsonl) and kb's own tuning fold
(bench/questions/tune.jsonl, or --questions FILE...). The test fold is refused: it is
only ever measured (`kb eval`), never tuned on. `collect` stores, per question, what
kb.answer.gather returns with every candidate sentence embedded (bench/out/answer-evidence.pkl);
`grid` re-runs kb.answer.compose over it for each setting (the number of sentences
embedded is emulated by dropping the similarities of the others), so a grid takes
seconds. The objective is the mean of four rates: quotes from relevant units, first
quote relevant, evidence phrase quoted, and correct decisions to answer or decline.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
EVIDENCE = OUT / "answer-evidence.pkl"
VECTORS = OUT / "sentence-vectors.pkl"  # sentence -> embedding, kept between runs of `collect`
DEFAULT_QUESTIONS = [*sorted((REPO.parent / "shared" / "eval").glob("dev-*.jsonl")),
                     REPO / "bench" / "questions" / "tune.jsonl"]


def load(paths: list[Path]):
    from kb.evaluate import load_questions

    out = []
    for p in paths:
        if p.name.startswith("test"):
            sys.exit(f"{p}: the test fold is never tuned on (measure it with `kb eval`)")
        if p.exists():
            out += load_questions(p)
    return out


def collect(paths: list[Path]) -> None:
    from kb import KnowledgeBase
    from kb.answer import gather
    from kb.errors import CitationError, QuestionError

    kb = KnowledgeBase.open()
    searcher = kb.searcher()
    memo = _Memo(searcher.embedder)
    searcher._embedder = memo  # the same sentences recur across questions: embed each once
    rows = []
    for i, q in enumerate(load(paths)):
        try:
            ev = gather(q.query, searcher, sentence_limit=10**6)
            ev.query.vector = None  # a Future: not picklable
            rows.append((q, ev, None))
        except (QuestionError, CitationError) as exc:
            rows.append((q, None, str(exc)))
        if i % 20 == 0:
            print(f"{i} questions", file=sys.stderr)
        if i % 20 == 0:
            memo.save()
    memo.save()
    with open(EVIDENCE, "wb") as fh:
        pickle.dump(rows, fh)
    print(f"{len(rows)} questions -> {EVIDENCE}", file=sys.stderr)


class _Memo:
    """The index's embedder, remembering every sentence it embedded (in VECTORS)."""

    def __init__(self, embedder):
        import numpy as np

        self._np = np
        self.embedder = embedder
        self.cache = pickle.loads(VECTORS.read_bytes()) if VECTORS.exists() else {}

    def embed_query(self, text: str):
        return self.embedder.embed_query(text)

    def embed_passages(self, texts: list[str]):
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for i in range(0, len(todo), 32):
            batch = todo[i:i + 32]
            for t, v in zip(batch, self.embedder.embed_passages(batch)):
                self.cache[t] = v
        return self._np.stack([self.cache[t] for t in texts]) if texts else self._np.zeros((0, 1))

    def save(self) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        VECTORS.write_bytes(pickle.dumps(self.cache))


def _limit(ev, n: int) -> None:
    """Keep the dense similarity of the `n` best candidates by lexical score only."""
    saved = getattr(ev, "_dense_all", None)
    if saved is None:
        saved = ev._dense_all = [c.dense for c in ev.cands]
    order = sorted(range(len(ev.cands)), key=lambda i: -(ev.cands[i].cover + ev.cands[i].prior))
    keep = set(order[:n])
    for i, c in enumerate(ev.cands):
        c.dense = saved[i] if i in keep else None


def measure(rows, catalog, weights, thresholds, limit: int, **select) -> dict:
    from kb.answer import compose
    from kb.evaluate import quotes_evidence

    def canonical(d: str) -> str:
        doc = catalog.find(d)
        return doc.variant_of if doc is not None and doc.variant_of else d

    n_quotes = n_rel = answered = first = with_ev = ev_quoted = ev_first = 0
    unans = unans_ok = ans = ans_declined = 0
    for q, ev, error in rows:
        relevant = {(canonical(d), u) for (d, u) in q.relevant}
        if ev is None:
            declined, quotes, texts = True, [], []
        else:
            _limit(ev, limit)
            a = compose(ev, catalog, weights=weights, thresholds=thresholds, **select)
            declined = a.abstained
            quotes = [(canonical(a.source(x.source).doc_id), a.source(x.source).unit) for x in a.quotes]
            texts = [x.text for x in a.quotes]
        if not q.answerable:
            unans += 1
            unans_ok += declined
            continue
        ans += 1
        ans_declined += declined
        if not declined and quotes:
            answered += 1
            hits = [k in relevant for k in quotes]
            first += hits[0]
            n_quotes += len(hits)
            n_rel += sum(hits)
        if q.evidence:
            with_ev += 1
            ev_quoted += (not declined) and quotes_evidence(texts, q.evidence)
            ev_first += (not declined) and quotes_evidence(texts[:1], q.evidence)
    r = {
        "quotes_relevant": n_rel / n_quotes if n_quotes else 0.0,
        "first_relevant": first / answered if answered else 0.0,
        "evidence": ev_quoted / with_ev if with_ev else 0.0,
        "evidence_first": ev_first / with_ev if with_ev else 0.0,
        "abstention": unans_ok / unans if unans else 1.0,
        "false_abstention": ans_declined / ans if ans else 0.0,
    }
    decisions = (unans_ok + ans - ans_declined) / (unans + ans) if unans + ans else 0.0
    r["objective"] = (r["quotes_relevant"] + r["first_relevant"] + r["evidence"] + decisions) / 4
    return r


def _fmt(r: dict) -> str:
    return " ".join(f"{k}={v:.3f}" for k, v in r.items())


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("step", choices=["collect", "grid", "show"])
    p.add_argument("--questions", nargs="*", type=Path, default=DEFAULT_QUESTIONS)
    p.add_argument("--stage", choices=["weights", "cover", "select", "abstain"], default="weights")
    p.add_argument("--top", type=int, default=15)
    args = p.parse_args(argv)
    if args.step == "collect":
        collect(args.questions)
        return
    from kb import KnowledgeBase
    from kb.answer import DEFAULT_THRESHOLDS, SENTENCES_EMBEDDED
    from kb.answer.quotes import DEFAULT_WEIGHTS

    catalog = KnowledgeBase.open().catalog
    with open(EVIDENCE, "rb") as fh:
        rows = pickle.load(fh)
    if args.step == "show":
        print(_fmt(measure(rows, catalog, DEFAULT_WEIGHTS, DEFAULT_THRESHOLDS, SENTENCES_EMBEDDED)))
        return
    results = []
    for setting in _grid(args.stage):
        w = replace(DEFAULT_WEIGHTS, **setting["weights"])
        t = replace(DEFAULT_THRESHOLDS, **setting.get("thresholds", {}))
        results.append((measure(rows, catalog, w, t, setting.get("limit", SENTENCES_EMBEDDED), **setting.get("select", {})),
                        setting))
    results.sort(key=lambda x: -x[0]["objective"])
    for r, setting in results[: args.top]:
        print(_fmt(r), "|", setting)


def _grid(stage: str):
    """The settings tried at each stage (coordinate descent: each stage starts from the
    shipped defaults, which hold the best of the stages before)."""
    if stage == "weights":
        for dense, cover, prior, passage, cross in itertools.product(
                (0.0, 0.1, 0.2, 0.4), (0.05, 0.1, 0.2, 0.3), (0.2, 0.4, 0.6), (0.0, 0.05), (0.0, 0.03, 0.06)):
            if dense == 0 and cross:
                continue
            yield {"weights": {"dense": dense, "cover": cover, "prior": prior, "passage": passage, "cross_lang": cross},
                   "limit": 24 if dense else 0}
    elif stage == "cover":
        for cover_cross, low, high in itertools.product((0.5, 1.0, 1.5, 2.0), (0.7, 0.75, 0.8), (0.85, 0.9)):
            yield {"weights": {"cover_cross": cover_cross, "dense_low": low, "dense_high": high}}
    elif stage == "select":
        for floor, gate, per_unit, cover in itertools.product((0.6, 0.7, 0.8, 0.9), (0.0, 0.25, 0.5, 0.75), (2, 3),
                                                              (0.05, 0.1, 0.2)):
            yield {"weights": {"floor": floor, "per_unit": per_unit, "gate": gate, "cover": cover}}
    elif stage == "abstain":
        for sentence_floor, dense_floor, coverage_floor in itertools.product(
                (0.0, 0.78, 0.8, 0.82), (0.74, 0.76, 0.78, 0.8, 0.82), (0.05, 0.08, 0.1, 0.12, 0.15)):
            yield {"weights": {}, "thresholds": {"sentence_floor": sentence_floor, "dense_floor": dense_floor,
                                                 "coverage_floor": coverage_floor}}


if __name__ == "__main__":
    main(sys.argv[1:])
