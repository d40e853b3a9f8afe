"""Load benchmark of `kb serve` (a script, not a test): loopback only, bounded in requests.

    .venv/bin/python bench/load.py --home DIR [--clients 4] [--requests 1000] [--json FILE]

It starts the real `kb serve --port 0` on a home that has an index, then:

1. paired, one client: for each query, the time to embed it alone with the index's
   embedder (in this process), then GET /search for it; interleaved so both meet the
   same machine load (the target compares their medians). Then embedding alone from
   `--clients` threads at once;
2. (the Server-Timing header gives the server-side part of each request);
3. load: `--clients` clients (threads with keep-alive connections) sending `--requests`
   searches in all: latency p50/p95/p99, errors, throughput, the server's memory;
4. the same load while `kb index --rebuild` runs on the same home, back to back, until the
   load is done: every search overlaps a rebuild; errors must still be 0 and the server
   must move to the new generations.

Queries: the development questions (bench/questions/tune.jsonl and test.jsonl), cycled.
Target (issue 11): warm search p50 <= 1.2 x the time to embed the query alone, same run.
Nothing leaves the machine: the server listens on 127.0.0.1 and is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
READY = re.compile(r"kb: serving (http://127\.0\.0\.1:\d+)/")
TARGET_RATIO = 1.2


def log(msg: str) -> None:
    print(f"[load] {msg}", file=sys.stderr, flush=True)


def queries() -> list[str]:
    out = []
    for name in ("tune.jsonl", "test.jsonl"):
        path = HERE / "questions" / name
        if path.exists():
            out += [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out or ["biaya penempatan", "recruitment fees", "paspor", "CMW/C/GC/2 para 24"]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(pct(ms, 0.50), 2), "p95_ms": round(pct(ms, 0.95), 2),
            "p99_ms": round(pct(ms, 0.99), 2), "mean_ms": round(statistics.fmean(ms), 2) if ms else None}


def rss(pid: int) -> dict:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"rss_mb": out.get("VmRSS"), "peak_rss_mb": out.get("VmHWM")}


class Server:
    def __init__(self, home: Path, logfile: Path, max_concurrent: int):
        env = {**os.environ, "KB_HOME": str(home)}
        env.pop("KB_API_TOKEN", None)
        env.pop("KB_SERVE_TEST_HOOKS", None)
        self.logfile = logfile
        self.fh = open(logfile, "w", encoding="utf-8")
        started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--host", "127.0.0.1", "--port", "0",
                                      "--log-level", "warning", "--max-concurrent", str(max_concurrent)],
                                     stdout=self.fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        while True:
            text = logfile.read_text(encoding="utf-8", errors="replace")
            match = READY.search(text)
            if match:
                self.url = match.group(1)
                break
            if self.proc.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit(f"kb serve did not start:\n{text}")
            time.sleep(0.1)
        self.ready_s = round(time.perf_counter() - started, 2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.fh.close()


def embedder_for(home: Path):
    """The index's own embedder, loaded in this process (as the server loads it)."""
    from kb import KnowledgeBase
    from kb.index.embedders import get_embedder

    spec = KnowledgeBase.open(home).index_info()["embedder"]
    return spec, get_embedder(spec)


def paired(url: str, embedder, qs: list[str], n: int) -> dict:
    """Embedding a query alone (in this process) and GET /search for the same query, one
    after the other for each query, so both meet the same machine load: the ratio of
    their medians is the target's."""
    for q in qs[:10]:
        embedder.embed_query(q)
    embed, search, server = [], [], []
    with httpx.Client(base_url=url, timeout=120) as client:
        for q in qs[:10]:
            client.get("/search", params={"q": q, "k": 10})
        for i in range(n):
            q = qs[i % len(qs)]
            t0 = time.perf_counter()
            embedder.embed_query(q)
            embed.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            r = client.get("/search", params={"q": q, "k": 10})
            search.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"GET /search failed: {r.status_code} {r.text[:200]}")
            server.append(server_ms(r))
    return {"embed": summary(embed), "search": summary(search), "server_side": summary([x for x in server if x >= 0]),
            "ratio_p50": round(pct(search, 0.5) / pct(embed, 0.5), 2)}


def embed_concurrent(embedder, qs: list[str], n: int, clients: int) -> dict:
    """Embedding alone from `clients` threads at once (what 4 clients' queries cost the
    embedder when they arrive together)."""
    lat: list[float] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        for i in range(offset, n, clients):
            t0 = time.perf_counter()
            embedder.embed_query(qs[i % len(qs)])
            with lock:
                lat.append((time.perf_counter() - t0) * 1000)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    return summary(lat)


def server_ms(response) -> float:
    match = re.search(r"kb;dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(match.group(1)) if match else -1.0


def run_load(url: str, qs: list[str], total: int, clients: int, stop_when=None) -> dict:
    """`total` GET /search spread over `clients` threads (each with its own keep-alive
    connection). Returns latency figures, errors and the generations seen."""
    lat: list[float] = []
    server: list[float] = []
    errors: list[str] = []
    gens: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(10**9))

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                with lock:
                    i = next(counter)
                if i >= total and (stop_when is None or stop_when()):
                    return
                if i >= 20 * total:  # a hard bound, whatever stop_when says (the benchmark is bounded)
                    return
                q = qs[i % len(qs)]
                t0 = time.perf_counter()
                try:
                    r = client.get("/search", params={"q": q, "k": 10})
                    ok = r.status_code == 200 and isinstance(r.json().get("results"), list)
                    gen = r.headers.get("x-kb-generation", "?")
                    with lock:
                        server.append(server_ms(r))
                except httpx.HTTPError as exc:
                    ok, gen, r = False, "?", None
                    err = repr(exc)
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    lat.append(ms)
                    gens[gen] = gens.get(gen, 0) + 1
                    if not ok:
                        errors.append(err if r is None else f"{r.status_code} {r.text[:200]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {**summary(lat), "server_side": summary([x for x in server if x >= 0]), "errors": len(errors), "error_samples": errors[:5], "wall_s": round(wall, 2),
            "throughput_rps": round(len(lat) / wall, 1), "generations": gens, "clients": clients}


def rebuild_loop(home: Path, stop: threading.Event, out: dict, server_pid: int) -> None:
    """`kb index --rebuild` back to back until `stop` is set (the last one finishes)."""
    env = {**os.environ, "KB_HOME": str(home)}
    runs = []
    while not stop.is_set():
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "kb.cli", "index", "--rebuild", "-q", "--json"], env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        entry = {"seconds": round(time.perf_counter() - t0, 1), "returncode": proc.returncode,
                 "server_rss_mb": rss(server_pid)["rss_mb"]}
        if proc.returncode != 0:
            entry["stderr"] = proc.stderr.strip().splitlines()[-1:] if proc.stderr else []
        runs.append(entry)
        out["runs"] = runs
        if proc.returncode != 0:
            return
    out["runs"] = runs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, default=Path(os.environ.get("KB_HOME", "")) if os.environ.get("KB_HOME") else None,
                    required=not os.environ.get("KB_HOME"), help="a kb home with an index (KB_HOME)")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--sequential", type=int, default=200, help="one-client warm searches (and embeddings alone)")
    ap.add_argument("--no-rebuild", action="store_true", help="skip the load during `kb index --rebuild`")
    ap.add_argument("--json", type=Path, help="write every figure here")
    args = ap.parse_args()
    if not (1 <= args.clients <= 16 and 1 <= args.requests <= 20000):
        ap.error("--clients 1..16 and --requests 1..20000 (the benchmark is bounded)")
    home = args.home.resolve()
    qs = queries()
    results: dict = {"home": str(home), "queries": len(qs), "clients": args.clients, "requests": args.requests,
                     "load_average_start": os.getloadavg()[0]}

    spec, embedder = embedder_for(home)
    results["embedder"] = spec
    server = Server(home, Path("/tmp") / f"kb-load-{os.getpid()}.log", max_concurrent=max(8, args.clients * 2))
    results["server_ready_s"] = server.ready_s
    results["server_memory_ready"] = rss(server.proc.pid)
    log(f"server {server.url} ready in {server.ready_s}s")
    try:
        log(f"embedding alone and GET /search, interleaved, one client: {args.sequential} queries")
        results["paired"] = paired(server.url, embedder, qs, args.sequential)
        log(f"embedding alone from {args.clients} threads: {args.sequential} queries")
        results["embed_concurrent"] = embed_concurrent(embedder, qs, args.sequential, args.clients)
        log(f"load: {args.clients} clients, {args.requests} searches")
        results["load"] = run_load(server.url, qs, args.requests, args.clients)
        results["server_memory_after_load"] = rss(server.proc.pid)
        if not args.no_rebuild:
            log(f"load during `kb index --rebuild` (back to back): {args.clients} clients, {args.requests} searches")
            stop = threading.Event()
            rebuilds: dict = {}
            loop = threading.Thread(target=rebuild_loop, args=(home, stop, rebuilds, server.proc.pid))
            loop.start()
            time.sleep(1.0)  # the first rebuild is under way
            # at least `--requests` searches, and on until one rebuild has been published
            results["load_during_rebuild"] = run_load(server.url, qs, args.requests, args.clients,
                                                      stop_when=lambda: bool(rebuilds.get("runs")) or not loop.is_alive())
            stop.set()
            loop.join()
            results["rebuilds"] = rebuilds.get("runs", [])
            results["server_memory_after_rebuild"] = rss(server.proc.pid)
            results["generation_after"] = httpx.get(f"{server.url}/health").json()["generation"]
    finally:
        server.stop()
    results["load_average_end"] = os.getloadavg()[0]

    embed_p50 = results["paired"]["embed"]["p50_ms"]
    warm_p50 = results["paired"]["search"]["p50_ms"]
    results["target"] = {"warm_p50_ms": warm_p50, "embed_p50_ms": embed_p50,
                         "ratio": round(warm_p50 / embed_p50, 2), "limit": TARGET_RATIO,
                         "met": warm_p50 <= TARGET_RATIO * embed_p50}
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    errors = results["load"]["errors"] + results.get("load_during_rebuild", {}).get("errors", 0)
    return 1 if errors else 0


def print_table(r: dict) -> None:
    p = r["paired"]
    rows = [("embedding alone, 1 at a time (paired)", p["embed"], None),
            ("GET /search, 1 client, warm (paired)", p["search"], None),
            ("  of which server-side (Server-Timing)", p["server_side"], None),
            (f"embedding alone, {r['clients']} threads", r["embed_concurrent"], None),
            (f"GET /search, {r['clients']} clients", r["load"], r["load"]),
            ("  of which server-side (Server-Timing)", r["load"]["server_side"], None)]
    if "load_during_rebuild" in r:
        d = r["load_during_rebuild"]
        rows += [(f"GET /search, {r['clients']} clients, during rebuilds", d, d),
                 ("  of which server-side (Server-Timing)", d["server_side"], None)]
    print(f"{'':48}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'req/s':>8}")
    for name, s, load in rows:
        extra = f"{load['errors']:>8}{load['throughput_rps']:>8}" if load else f"{'':>8}{'':>8}"
        print(f"{name:48}{s['n']:>6}{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['p99_ms']:>9.1f}{extra}")
    t = r["target"]
    print(f"\ntarget: warm search p50 {t['warm_p50_ms']:.1f} ms <= {t['limit']} x embedding p50 {t['embed_p50_ms']:.1f} ms"
          f" -> ratio {t['ratio']:.2f}: {'met' if t['met'] else 'NOT met'}")
    print(f"server ready in {r['server_ready_s']} s; memory at ready {r['server_memory_ready']}, after load "
          f"{r['server_memory_after_load']}" + (f", after rebuilds {r['server_memory_after_rebuild']}"
                                               if "server_memory_after_rebuild" in r else ""))
    if "rebuilds" in r:
        gens = r["load_during_rebuild"]["generations"]
        print(f"rebuilds during the load: {len(r['rebuilds'])} ({', '.join(str(x['seconds']) + ' s' for x in r['rebuilds'])}; "
              f"server RSS after each: {', '.join(str(x['server_rss_mb']) for x in r['rebuilds'])} MB); "
              f"generations served: {gens}; after: {r['generation_after']}")
    print(f"load average {r['load_average_start']:.2f} at the start, {r['load_average_end']:.2f} at the end")


if __name__ == "__main__":
    sys.exit(main())
