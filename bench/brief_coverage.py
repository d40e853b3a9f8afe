#!/usr/bin/env python
"""Topic coverage of delegation briefs (kb.brief.assemble.TOPIC_COVERAGE): for each dev
question used as a brief's topic, and for topics outside what kb indexes, the share of
the topic's terms the quoted units hold. A covered dev question must stay covered; an
out-of-scope topic must not be.

    KB_HOME=~/kbhome bench/brief_coverage.py [--out-of-scope FILE]   # a full-mirror home

Prints one line per topic (coverage, what `kb ask` decided, the kind) and, per threshold,
how many answerable dev questions would be declined and how many out-of-scope topics
would be kept. Reads /work/shared/eval/dev-*.jsonl (or KB_EVAL)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# Topics outside the documents (not questions of the eval set): written to test this
# measure, not tuned on.
OUT_OF_SCOPE = [
    "cryptocurrency mining taxation on Mars",
    "football transfer rules for professional players",
    "regulation of cryptocurrency exchanges",
    "nuclear reactor safety inspections",
    "perpajakan penambangan kripto",
    "patent protection for computer programs",
    "deep-sea fishing quotas for tuna",
    "standar keselamatan reaktor nuklir",
]


def main() -> int:
    from kb.api import KnowledgeBase
    from kb.brief.assemble import Assembler

    kb = KnowledgeBase.open(os.environ.get("KB_HOME"))
    folder = Path(os.environ.get("KB_EVAL", "/work/shared/eval"))
    rows = []
    for f in sorted(folder.glob("dev-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            rows.append((d["kind"], d["query"]))
    rows += [("out-of-scope", t) for t in OUT_OF_SCOPE]
    results = []
    for kind, topic in rows:
        a = Assembler(kb, "en")
        overall = kb.ask(topic, k=8)
        if overall.abstained:
            results.append((kind, topic, None))
            print(f"  ask declines  {kind:14} {topic[:80]}", flush=True)
            continue
        from kb.brief.model import Issue

        issue = Issue(kind="topic", title=topic, key=topic)
        taken: set = set()
        about = __import__("kb.brief.relevance", fromlist=["terms"]).terms(topic, "en")
        a.law_blocks(issue, topic, taken, subject=None, topic=about)
        a.committee_blocks(issue, topic, taken, subject=None, topic=about, earlier_docs=a.ctx.observations)
        a.instrument_blocks(issue, topic, taken, subject=None, topic=about)
        cov, lacking = a.topic_coverage(topic, issue)
        if cov is None:
            print(f"  citation      {kind:14} {topic[:80]}", flush=True)
            continue
        results.append((kind, topic, cov))
        print(f"  {cov:5.2f}         {kind:14} {topic[:80]}  lacking={lacking[:3]}", flush=True)
    print("\nthreshold  answerable dev declined (of those ask answers)  out-of-scope kept (of those ask answers)")
    answerable = [c for k, _t, c in results if k not in ("unanswerable", "out-of-scope") and c is not None]
    outside = [c for k, _t, c in results if k in ("unanswerable", "out-of-scope") and c is not None]
    for th in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        print(f"  {th:.1f}      {sum(c < th for c in answerable):3d} / {len(answerable)}"
              f"                               {sum(c >= th for c in outside):3d} / {len(outside)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
