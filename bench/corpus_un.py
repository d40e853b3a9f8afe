"""Corpus-scale run over UN documents: read and parse every PDF/.docx/.doc/.txt under PATH
with the UN parser and report what came out. A benchmark script, not a test.

    .venv/bin/python bench/corpus_un.py PATH [--json OUT.json] [--worst N] [--family committee]

For each file: `kb.readers.read` then `kb.structure.parse_document` as a `committee`
document in English (the family a user gives UN treaty-body documents), timed. Printed:
documents, refused (a one-line `ReadError`/`KbError`, counted by reason), crashes (any
other exception: must be 0), total and per-document time, the text audit's unassigned
share (median, 95th percentile, max), paragraphs per document, notes attached, and the
worst documents by unassigned share with their first unassigned spans, to read by hand.

The collection is not part of kb: point PATH at a local copy (e.g. a fetched repository's
files). Nothing is written outside --json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import traceback
from pathlib import Path

SUFFIXES = (".pdf", ".docx", ".doc", ".txt", ".md", ".html", ".htm", ".xml")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def run(path: Path, family: str, language: str) -> dict:
    from kb.errors import KbError
    from kb.models import Document
    from kb.readers import read
    from kb.structure import parse_document

    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    rows: list[dict] = []
    started = time.perf_counter()
    for file in files:
        doc = Document(id=file.stem[:60] or "doc", title=file.name, citation=file.name, family=family, language=language)
        row: dict = {"file": str(file.relative_to(path)), "bytes": file.stat().st_size}
        t0 = time.perf_counter()
        try:
            source = read(file, max_bytes=200 * 1048576)
            parsed = parse_document(doc, source)
        except KbError as exc:
            row.update(status="refused", reason=str(exc).split(": ", 1)[-1][:160])
        except Exception as exc:  # a crash: kb must never end in a traceback
            row.update(status="crash", reason=f"{type(exc).__name__}: {exc}"[:300], trace=traceback.format_exc()[-2000:])
        else:
            audit = parsed.audit
            units = parsed.units
            row.update(
                status="parsed",
                format=source.format,
                pages=source.meta.get("pages"),
                units=len(units),
                paragraphs=sum(1 for u in units if u.unit.split()[-2:-1] == ["para"]),
                notes=sum(len(u.footnotes) for u in units),
                notes_with_text=sum(1 for u in units for _n, t in u.footnotes if t),
                fallback=any("generic parser" in w for w in parsed.warnings),
                share=round(audit.share, 5),
                total_chars=audit.total,
                unassigned=[t[:120] for _s, _e, t in audit.unassigned[:5]],
            )
        row["seconds"] = round(time.perf_counter() - t0, 3)
        rows.append(row)
        print(f"{row['status']:8s} {row['seconds']:6.2f}s {row.get('share', ''):>8} {row['file']}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    parsed_rows = [r for r in rows if r["status"] == "parsed"]
    shares = [r["share"] for r in parsed_rows]
    summary = {
        "documents": len(rows),
        "parsed": len(parsed_rows),
        "refused": len([r for r in rows if r["status"] == "refused"]),
        "crashes": len([r for r in rows if r["status"] == "crash"]),
        "seconds": round(elapsed, 1),
        "seconds_per_document": round(elapsed / max(1, len(rows)), 3),
        "unassigned_median": round(statistics.median(shares), 5) if shares else None,
        "unassigned_p95": round(_pct(shares, 0.95), 5) if shares else None,
        "unassigned_max": round(max(shares), 5) if shares else None,
        "over_half_percent": len([s for s in shares if s > 0.005]),
        "paragraphs_median": statistics.median([r["paragraphs"] for r in parsed_rows]) if parsed_rows else None,
        "units_total": sum(r["units"] for r in parsed_rows),
        "notes_attached": sum(r["notes"] for r in parsed_rows),
        "notes_with_text": sum(r["notes_with_text"] for r in parsed_rows),
        "generic_fallbacks": len([r for r in parsed_rows if r["fallback"]]),
    }
    return {"summary": summary, "documents": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--worst", type=int, default=10, help="how many worst documents to list")
    ap.add_argument("--family", default="committee")
    ap.add_argument("--language", default="en")
    args = ap.parse_args(argv)
    if not args.path.is_dir():
        ap.error(f"{args.path}: not a directory")
    result = run(args.path, args.family, args.language)
    s = result["summary"]
    print(f"documents {s['documents']}  parsed {s['parsed']}  refused {s['refused']}  crashes {s['crashes']}")
    print(f"time {s['seconds']} s ({s['seconds_per_document']} s per document)")
    print(
        f"unassigned share: median {s['unassigned_median']}  p95 {s['unassigned_p95']}  max {s['unassigned_max']}  "
        f"documents over 0.5 %: {s['over_half_percent']}"
    )
    print(
        f"paragraphs per document (median) {s['paragraphs_median']}  units {s['units_total']}  "
        f"notes attached {s['notes_attached']} (with text {s['notes_with_text']})  generic fallbacks {s['generic_fallbacks']}"
    )
    refused: dict[str, int] = {}
    for r in result["documents"]:
        if r["status"] != "parsed":
            refused[f"{r['status']}: {r['reason'][:90]}"] = refused.get(f"{r['status']}: {r['reason'][:90]}", 0) + 1
    for reason, n in sorted(refused.items(), key=lambda kv: -kv[1]):
        print(f"  {n:3d} × {reason}")
    worst = sorted((r for r in result["documents"] if r["status"] == "parsed"), key=lambda r: -r["share"])[: args.worst]
    print("worst by unassigned share:")
    for r in worst:
        print(f"  {r['share'] * 100:6.2f} %  {r['units']:4d} units  {r['file']}")
        for t in r["unassigned"][:3]:
            print(f"           {t!r}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if s["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
