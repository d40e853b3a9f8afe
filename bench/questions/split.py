"""Split kb's own question set into a tuning fold and a test fold, deterministically.

    .venv/bin/python bench/questions/split.py                  # re-split tune.jsonl + test.jsonl in place
    .venv/bin/python bench/questions/split.py --add NEW.jsonl  # add questions, then re-split
    .venv/bin/python bench/questions/split.py --check          # exit 1 if the folds are not the split below

The two fold files are the only copy of the questions (there is deliberately no combined
file that could be tuned on by mistake). The split is stratified by kind x language: within
each stratum the questions are ordered by SHA-256 of "<SEED>:<id>" and dealt alternately to
the two folds; a stratum with an odd count gives its extra question to the tuning fold and
the next odd stratum (strata in sorted order) gives it to the test fold, so the folds stay
within one question of each other overall. The assignment depends only on the ids, kinds,
languages and SEED: no random state, no Python-version dependence.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDS = ("tune", "test")
SEED = "kb-questions-issue-7"
FIELDS = ("id", "query", "lang", "kind", "relevant", "evidence")


def fold_path(fold: str, folder: Path = HERE) -> Path:
    return folder / f"{fold}.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    """Questions of one JSONL file, in file order; a missing file is empty."""
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON ({exc})") from None
    return out


def read_folds(folder: Path = HERE) -> dict[str, list[dict]]:
    return {fold: read_jsonl(fold_path(fold, folder)) for fold in FOLDS}


def _order(qid: str) -> str:
    return hashlib.sha256(f"{SEED}:{qid}".encode()).hexdigest()


def assign_folds(questions: list[dict]) -> dict[str, str]:
    """id -> "tune" | "test", stratified by (kind, lang) as described in the module doc."""
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for q in questions:
        strata[(str(q.get("kind")), str(q.get("lang")))].append(str(q["id"]))
    fold: dict[str, str] = {}
    odd_goes_to_tune = True
    for key in sorted(strata):
        ids = sorted(strata[key], key=_order)
        first, second = ("tune", "test") if odd_goes_to_tune else ("test", "tune")
        for k, qid in enumerate(ids):
            fold[qid] = first if k % 2 == 0 else second
        if len(ids) % 2:
            odd_goes_to_tune = not odd_goes_to_tune
    return fold


def _id_key(qid: str) -> tuple[int, str]:
    digits = "".join(ch for ch in qid if ch.isdigit())
    return (int(digits) if digits else 0, qid)


def dump_line(q: dict) -> str:
    ordered = {k: q[k] for k in FIELDS if k in q}
    ordered.update({k: v for k, v in q.items() if k not in ordered})
    return json.dumps(ordered, ensure_ascii=False)


def write_folds(questions: list[dict], folder: Path = HERE) -> dict[str, int]:
    assignment = assign_folds(questions)
    by_fold: dict[str, list[dict]] = {fold: [] for fold in FOLDS}
    for q in sorted(questions, key=lambda q: _id_key(str(q["id"]))):
        by_fold[assignment[str(q["id"])]].append(q)
    for fold, rows in by_fold.items():
        text = "".join(dump_line(q) + "\n" for q in rows)
        fold_path(fold, folder).write_text(text, encoding="utf-8")
    return {fold: len(rows) for fold, rows in by_fold.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--add", nargs="*", default=[], metavar="FILE", help="JSONL files of new questions")
    ap.add_argument("--replace", action="store_true", help="let --add files replace questions with the same id")
    ap.add_argument("--check", action="store_true", help="only check that the folds are the deterministic split")
    args = ap.parse_args(argv)

    folds = read_folds()
    current = [q for fold in FOLDS for q in folds[fold]]
    if args.check:
        want = assign_folds(current)
        wrong = [q["id"] for fold in FOLDS for q in folds[fold] if want.get(str(q["id"])) != fold]
        if wrong:
            print(f"{len(wrong)} question(s) in the wrong fold: {', '.join(wrong[:10])}", file=sys.stderr)
            return 1
        print(f"folds are the deterministic split: tune {len(folds['tune'])}, test {len(folds['test'])}")
        return 0

    by_id: dict[str, dict] = {}
    for q in current:
        if q["id"] in by_id:
            raise SystemExit(f"id {q['id']} appears twice in the folds")
        by_id[q["id"]] = q
    for name in args.add:
        for q in read_jsonl(Path(name)):
            if q["id"] in by_id and not args.replace:
                raise SystemExit(f"{name}: id {q['id']} already exists (use --replace to overwrite)")
            by_id[q["id"]] = q
    counts = write_folds(list(by_id.values()))
    print(f"wrote tune {counts['tune']}, test {counts['test']} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
