"""Round 10 of the hostile probes: the service, each kind fixed in the shared mechanism and
checked here through the real `kb mcp` (stdio).

- `kb mcp`: `get_unit` with an empty citation `""` answered pydantic's "citation: String
  should have at least 1 character" (`"   "` got kb's own line); the same for `search`,
  `ask` and `links`: the tools' text arguments no longer have a minimum length, so the
  library's check answers both alike, in the CLI's words; `recommendations` (and GET
  /recs) with `doc: ""` listed every recommendation as if it matched (the CLI refused it):
  KnowledgeBase.recommendations refuses an empty filter.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import kb_env
from test_round9 import _INIT, _call, _session

pytestmark = pytest.mark.hostile

# --- kb mcp: an empty text argument -------------------------------------------------------------


@pytest.mark.slow
def test_mcp_empty_text_arguments_are_kb_errors_in_the_clis_words(slice_kb):
    # before: "" was "get_unit: citation: String should have at least 1 character" (pydantic)
    # while "   " was kb's own line; recommendations(doc="") listed every recommendation
    from kb import KnowledgeBase

    calls = {
        1: ("get_unit", {"citation": ""}), 2: ("get_unit", {"citation": "   "}),
        3: ("search", {"query": ""}), 4: ("search", {"query": " \t "}),
        5: ("ask", {"question": ""}), 6: ("ask", {"question": "  "}),
    }
    if callable(getattr(KnowledgeBase, "links", None)):
        calls[7] = ("links", {"citation": ""})
    if callable(getattr(KnowledgeBase, "recommendations", None)):
        calls[8] = ("recommendations", {"doc": ""})
        calls[9] = ("recommendations", {"theme": " "})
    _out, responses = _session(slice_kb.settings.home, [*_INIT, *(_call(i, *c) for i, c in calls.items())])
    results = {r["id"]: r["result"] for r in responses if r["id"] in calls}
    assert set(results) == set(calls), responses
    texts = {i: " ".join(c.get("text", "") for c in results[i]["content"]) for i in sorted(results)}
    for i in sorted(results):
        assert results[i].get("isError") is True, (calls[i], texts[i][:300])
    for i, text in texts.items():
        assert "\n" not in text and "String should" not in text and "pydantic" not in text, (calls[i], text)
        assert "is empty" in text, (calls[i], text)
    citation_empty = "the citation is empty: give one, e.g. 'UU 18/2017 Pasal 30', 'CMW/C/GC/2 para 24'"
    # the SDK puts "Error executing tool get_unit: " before a tool's error, as for every
    # other error a tool raises ("... CMW/C/GC/1 has no para 9999")
    assert texts[1] == texts[2] and texts[1].endswith(": " + citation_empty), texts
    assert texts[3] == texts[4] and "the query is empty" in texts[3], texts
    assert texts[5] == texts[6] and "the question is empty" in texts[5], texts
    if 7 in texts:
        assert texts[7].endswith(": " + citation_empty), texts
    # the CLI says the same
    shown = subprocess.run([sys.executable, "-m", "kb.cli", "show", ""], env=kb_env(slice_kb.settings.home),
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 1 and citation_empty in shown.stderr, shown.stderr


def test_recommendations_refuse_an_empty_filter(tmp_path):
    from kb import KnowledgeBase
    from kb.errors import InputError

    kb = KnowledgeBase.open(tmp_path / "home")
    for filters in ({"doc": ""}, {"theme": "  "}, {"status": ""}, {"lead": "\t"}):
        with pytest.raises(InputError, match="is empty"):
            kb.recommendations(**filters)
