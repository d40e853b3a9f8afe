"""Precision and recall of the reference extractor against hand annotations of mirror
units (bench/data/references_gold*.json).

    .venv/bin/python bench/references_eval.py [GOLD.json ...]

Matching is per unit, on (target, locator) as a multiset ("strict"), and on (target,
unit) with finer parts dropped ("unit level": a right Pasal with a misread ayat counts).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import parse_mirror_doc  # noqa: E402

from kb.catalog import Catalog  # noqa: E402
from kb.config import BUILTIN_CATALOG  # noqa: E402
from kb.references.store import extract_all  # noqa: E402


def _key(target: str, locator: str, level: str) -> tuple[str, str]:
    if level == "unit":
        locator = re.sub(r"(?:\(\w+\)|\s+(?:ayat|huruf|angka)\s+\S+)+", "", locator).strip()
    return target, locator


def evaluate(gold_path: Path) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["units"]
    catalog = list(Catalog.load(BUILTIN_CATALOG))
    docs = sorted({k.split("::")[0] for k in gold})
    units = [u for d in docs for u in parse_mirror_doc(d).units]
    refs = extract_all(units, catalog)
    found: dict[str, list[tuple[str, str]]] = {k: [] for k in gold}
    for r in refs:
        if r.source in found:
            loc = r.target_locator or ""
            if r.range_end:
                loc = f"{r.target_unit}–{r.range_end}"
            found[r.source].append((r.target_doc or r.target_name, loc))
    out = {}
    for level in ("strict", "unit"):
        tp = fp = fn = 0
        misses, extras = [], []
        for key, want in gold.items():
            w = Counter(_key(t, loc, level) for t, loc in want)
            g = Counter(_key(t, loc, level) for t, loc in found[key])
            tp += sum((w & g).values())
            fp += sum((g - w).values())
            fn += sum((w - g).values())
            misses += [(key, x) for x in (w - g).elements()]
            extras += [(key, x) for x in (g - w).elements()]
        out[level] = {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
                      "tp": tp, "fp": fp, "fn": fn, "misses": misses, "extras": extras}
    return out


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "bench" / "data").glob("references_gold*.json"))
    for path in paths:
        res = evaluate(path)
        for level, r in res.items():
            print(f"{path.name} [{level}]: precision {r['precision']:.3f} recall {r['recall']:.3f} "
                  f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
        for key, x in res["strict"]["misses"]:
            print(f"   missed   {key}: {x}")
        for key, x in res["strict"]["extras"]:
            print(f"   spurious {key}: {x}")


if __name__ == "__main__":
    main()
