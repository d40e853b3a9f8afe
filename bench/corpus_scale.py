"""Corpus-scale run of the Indonesian statute parser (a benchmark script, not a test).

    nice -n 10 .venv/bin/python bench/corpus_scale.py /work/corpora/data-peraturan
    nice -n 10 .venv/bin/python bench/corpus_scale.py PATH --json bench/out/corpus_scale.json --worst 20

PATH is a copy of the public regulations store mblonyox/data-peraturan (Markdown files
under uu/, pp/, permenkeu/, one regulation each: <kind>/<year>/<number>.md). Every file is
read with kb's own reader and parsed with `kb.structure.parse_document` as an Indonesian
national law; nothing is embedded or stored. Printed: documents, crashes (with the first
lines of each traceback), time, the text audit's unassigned share (median, 95th
percentile), how many documents show each structure kind in their source (a plain regular
expression, independent of the parser) and as parsed units, units per document, and the
worst documents by unassigned share with their first unassigned spans.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.models import Document  # noqa: E402
from kb.readers import read  # noqa: E402
from kb.structure import STRUCTURE_VERSION, parse_document  # noqa: E402

# What the source shows, read without the parser (so a parser that misses a kind shows a gap).
SOURCE_KINDS = {
    "penjelasan": re.compile(r"PENJELASAN\s+ATAS|P\s?E\s?N\s?J\s?E\s?L\s?A\s?S\s?A\s?N|PASAL\s+DEMI\s+PASAL"),
    "lampiran": re.compile(r"(?<![A-Za-z])LAMPIRAN(?:\s+[IVX]+)?\s+(?:UNDANG|PERATURAN|KEPUTUSAN)"),
    "amending": re.compile(r"(?:^|\n)[ \t]*Pasal\s+I\s*\n(?s:.*?)(?:^|\n)[ \t]*Pasal\s+II\s*\n"),
}
# A Perppu (government regulation in lieu of a law) or a law enacting one ("PENETAPAN
# PERATURAN PEMERINTAH PENGGANTI UNDANG-UNDANG ... MENJADI UNDANG-UNDANG"), by its title;
# the store has no Perppu of its own, only the laws that enact them, the Perppu annexed.
PERPPU_TITLE = re.compile(r"PERATURAN\s+PEMERINTAH\s+PENGGANTI\s+UNDANG", re.I)


class Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise Timeout()


def documents(root: Path) -> list[Path]:
    return sorted(root.rglob("*.md"), key=lambda p: p.relative_to(root).parts)


def doc_for(root: Path, path: Path) -> Document:
    rel = path.relative_to(root).with_suffix("")
    doc_id = "-".join(rel.parts).lower()
    return Document(id=doc_id, title=str(rel), citation=str(rel), family="national-law", language="id")


def unit_kinds(units) -> dict[str, bool]:
    names = [u.unit for u in units]
    return {
        "penjelasan": any(n.startswith("Penjelasan") for n in names),
        "lampiran": any(n.startswith("Lampiran") for n in names),
        "amending": any(n == "Pasal I" or n.startswith("Pasal I angka") for n in names),
    }


def run_one(root: Path, path: Path, timeout: int) -> dict:
    doc = doc_for(root, path)
    row: dict = {"id": doc.id, "file": str(path.relative_to(root))}
    started = time.perf_counter()
    signal.alarm(timeout)
    try:
        source = read(path)
        parsed = parse_document(doc, source)
    except Timeout:
        row["crash"] = f"timeout after {timeout} s"
        return row
    except Exception as exc:  # noqa: BLE001 - a benchmark counts every failure
        row["crash"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        row["trace"] = traceback.format_exc().splitlines()[-6:]
        return row
    finally:
        signal.alarm(0)
        row["seconds"] = round(time.perf_counter() - started, 4)
    audit = parsed.audit
    row.update(
        units=len(parsed.units),
        chars=audit.total if audit else 0,
        share=round(audit.share, 6) if audit else None,
        in_units=round(audit.in_units / audit.total, 6) if audit and audit.total else None,
        unassigned=[[s, e, t[:160]] for s, e, t in (audit.unassigned if audit else [])[:6]],
        generic="generic parser instead" in " ".join(parsed.warnings),
        source_kinds={k: bool(rx.search(source.text)) for k, rx in SOURCE_KINDS.items()},
        perppu=bool(PERPPU_TITLE.search(source.text[:400])),
        unit_kinds=unit_kinds(parsed.units),
        missing_pasal=missing_pasal(parsed.units),
        pasal_max=max((int(m.group(1)) for u in parsed.units if (m := re.fullmatch(r"Pasal (\d+)", u.unit))), default=0),
    )
    return row


def missing_pasal(units) -> list[int]:
    """Numbers between 1 and the highest "Pasal N" of the body that have no unit: headings the
    parser did not find (statutes number their articles without gaps; an excerpt or an
    inserted "Pasal 5A" does not create a gap)."""
    nums = {int(m.group(1)) for u in units if (m := re.fullmatch(r"Pasal (\d+)", u.unit))}
    return [n for n in range(1, max(nums, default=0) + 1) if n not in nums]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def summarise(rows: list[dict], seconds: float, worst: int) -> str:
    ok = [r for r in rows if "crash" not in r]
    crashes = [r for r in rows if "crash" in r]
    shares = [r["share"] for r in ok if r["share"] is not None]
    units = [r["units"] for r in ok]
    in_units = [r["in_units"] for r in ok if r.get("in_units") is not None]
    out = [
        f"structure version {STRUCTURE_VERSION}",
        f"documents          {len(rows)}",
        f"crashes            {len(crashes)}",
        f"time               {seconds:.0f} s ({1000 * seconds / max(1, len(rows)):.0f} ms per document; "
        f"slowest {max((r.get('seconds', 0) for r in rows), default=0):.1f} s)",
        f"unassigned share   median {100 * statistics.median(shares or [0]):.2f} %, "
        f"p95 {100 * percentile(shares, 0.95):.2f} %, mean {100 * statistics.fmean(shares or [0]):.2f} %, "
        f"over 0.5 %: {sum(s > 0.005 for s in shares)} documents",
        f"text in units      median {100 * statistics.median(in_units or [0]):.1f} %, "
        f"5th percentile {100 * percentile(in_units, 0.05):.1f} % (of non-whitespace characters; "
        f"independent of what the audit classifies)",
        f"units per document median {statistics.median(units or [0]):.0f}, p95 {percentile(units, 0.95):.0f}, "
        f"max {max(units, default=0)}; no unit at all: {sum(u == 0 for u in units)}; "
        f"generic fallback: {sum(r['generic'] for r in ok)}",
        f"Pasal numbers      missing {sum(len(r.get('missing_pasal', [])) for r in ok)} of "
        f"{sum(r.get('pasal_max', 0) for r in ok)} "
        f"(between 1 and each document's highest), in {sum(bool(r.get('missing_pasal')) for r in ok)} documents",
        "",
        f"{'structure kind':14} {'in source':>10} {'as units':>9} {'missed':>7}",
    ]
    for kind in SOURCE_KINDS:
        in_source = sum(r["source_kinds"][kind] for r in ok)
        as_units = sum(r["unit_kinds"].get(kind, False) for r in ok)
        missed = sum(r["source_kinds"][kind] and not r["unit_kinds"].get(kind, False) for r in ok)
        out.append(f"{kind:14} {in_source:>10} {as_units:>9} {missed:>7}")
    perppu = [r for r in ok if r.get("perppu")]
    out.append(f"Perppu or a law enacting one (by title): {len(perppu)}; with a Lampiran unit (the annexed "
               f"Perppu): {sum(r['unit_kinds'].get('lampiran', False) for r in perppu)}; with an amending body: "
               f"{sum(r['unit_kinds'].get('amending', False) for r in perppu)}")
    out.append("(in source: a plain pattern on the text, independent of the parser; as units: documents "
               "with such units; missed: in source but no unit)")
    if crashes:
        out += ["", "crashes:"]
        out += [f"  {r['file']}: {r['crash'][:200]}" for r in crashes[:30]]
    out += ["", f"worst {worst} by unassigned share:"]
    for r in sorted(ok, key=lambda r: -(r["share"] or 0))[:worst]:
        first = "; ".join(repr(t[:70]) for _s, _e, t in r["unassigned"][:2])
        out.append(f"  {100 * (r['share'] or 0):6.2f} %  {r['file']:22} {r['units']:>4} units  {first}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path, help="a copy of mblonyox/data-peraturan")
    ap.add_argument("--limit", type=int, help="only the first N files (in path order)")
    ap.add_argument("--only", help="only files whose path contains this text")
    ap.add_argument("--worst", type=int, default=20)
    ap.add_argument("--timeout", type=int, default=60, help="seconds allowed per document")
    ap.add_argument("--json", type=Path, help="write every document's row here")
    args = ap.parse_args(argv)
    files = documents(args.path)
    if args.only:
        files = [f for f in files if args.only in str(f.relative_to(args.path))]
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no Markdown files under {args.path}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGALRM, _alarm)
    rows = []
    started = time.perf_counter()
    for k, path in enumerate(files, 1):
        rows.append(run_one(args.path, path, args.timeout))
        if k % 250 == 0:
            print(f"  {k}/{len(files)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(summarise(rows, seconds, args.worst))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"seconds": seconds, "version": STRUCTURE_VERSION, "rows": rows},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if any("crash" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
