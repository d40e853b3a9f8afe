"""bench/run.py keeps kb ask's answer figures in bench/expected.json beside retrieval's and
flags each in its own direction (false abstention and verbatim violations: a rise)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.fixture
def bench(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "EXPECTED", tmp_path / "expected.json")
    return module


def quality(ndcg: float, quotes: float, false_abst: float, violations: int) -> dict:
    row = {"recall@1": 0.3, "recall@5": 0.5, "recall@10": 0.6, "ndcg@10": ndcg, "mrr@10": 0.7}
    return {"hybrid": {"test": {"overall": dict(row), "by_kind": {"topical": dict(row)}, "by_lang": {},
                                "abstention": {"quotes_relevant_rate": quotes, "first_quote_relevant_rate": 0.6,
                                               "false_abstention_rate": false_abst, "verbatim_violations": violations,
                                               "answered": 100}},
                       "dev": {"overall": {**row, "ndcg@10": 0.6}, "by_kind": {}, "by_lang": {}, "abstention": {}}}}


def test_answer_figures_are_expected_and_flagged_in_their_direction(bench):
    figures = bench.quality_figures(quality(0.6, 0.5, 0.08, 0))
    assert figures["hybrid"]["test/answers"] == {"quotes_relevant_rate": 0.5, "first_quote_relevant_rate": 0.6,
                                                 "false_abstention_rate": 0.08, "verbatim_violations": 0}
    assert "dev/answers" not in figures["hybrid"]  # no kb ask run (--skip-answers): nothing expected
    bench.write_expected(figures, {"started": "now", "git": "abc"})
    assert json.loads(bench.EXPECTED.read_text())["quality"]["hybrid"]["test/answers"]["quotes_relevant_rate"] == 0.5

    def flagged(q):
        rows = bench.compare_expected(bench.quality_figures(q))["rows"]
        return {(r["scope"], r["metric"]) for r in rows if r["regression"]}

    assert flagged(quality(0.6, 0.5, 0.08, 0)) == set()
    # fewer false abstentions and more relevant quotes are improvements, not regressions
    assert flagged(quality(0.6, 0.6, 0.02, 0)) == set()
    assert flagged(quality(0.55, 0.45, 0.12, 1)) == {
        ("test", "ndcg@10"), ("test/topical", "ndcg@10"), ("test/answers", "quotes_relevant_rate"),
        ("test/answers", "false_abstention_rate"), ("test/answers", "verbatim_violations")}
