"""#13 item 1 (queries): every per-query cost is bounded. A query longer than
KB_MAX_QUERY_CHARS is cut at a word and the result says so; the embedder reads one
512-token window of it; a --queries file and each of its lines are bounded before they
are read whole; a citation too long to be one is refused."""

from __future__ import annotations

import json
import random

import pytest

import harness
from conftest import kb_env

pytestmark = [pytest.mark.hostile, pytest.mark.slow]


def _words(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{i}x{rng.randint(0, 10**6)}" for i in range(n))


@pytest.mark.parametrize("kind", ["100k-chars", "10k-distinct-words", "emoji"])
def test_a_huge_query_is_cut_and_said_so(slice_kb, kind):
    query = {"100k-chars": ("pekerja migran hak upah " * 5000)[:100_000],
             "10k-distinct-words": _words(10_000),
             "emoji": "\U0001F600" * 5000}[kind]
    env = kb_env(slice_kb.settings.home)
    out = harness.kb("search", query, "-k", "3", env=env, ceiling=harness.SEARCH).check_ok()
    # in the query's language: an Indonesian query is told in Indonesian (ux16)
    said = (("kb: note: kueri ini", "KB_MAX_QUERY_CHARS=2.000") if kind == "100k-chars"
            else ("kb: note: the query is", "KB_MAX_QUERY_CHARS=2,000"))
    assert said[0] in out.stderr and said[1] in out.stderr, out
    out = harness.kb("search", query, "-k", "3", "--json", env=env, ceiling=harness.SEARCH).check_ok()
    data = json.loads(out.stdout)
    assert len(data["query"]) <= 2000 and "KB_MAX_QUERY_CHARS" in data["notes"][0]
    assert out.cpu_seconds < 60, out


def test_a_huge_question_is_cut_before_it_is_echoed(slice_kb):
    question = "Apakah majikan boleh menahan paspor pekerja migran? " * 2000
    out = harness.kb("ask", question, "--json", env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH).check_ok()
    data = json.loads(out.stdout)
    assert len(data["question"]) <= 2000
    assert data["notes"][0]["code"] == "query-cut" and "KB_MAX_QUERY_CHARS" in data["notes"][0]["text"]
    out = harness.kb("ask", question, env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH).check_ok()
    assert "KB_MAX_QUERY_CHARS" in out.stdout.split("\n\n")[0]  # the note leads the answer


def test_the_query_limit_is_a_setting(slice_kb):
    out = harness.kb("search", "recruitment fees charged to migrant workers", "--json",
                     env=kb_env(slice_kb.settings.home, KB_MAX_QUERY_CHARS="20"), ceiling=harness.SEARCH).check_ok()
    data = json.loads(out.stdout)
    assert data["query"] == "recruitment fees" and "KB_MAX_QUERY_CHARS=20" in data["notes"][0]


def test_queries_file_and_line_are_bounded_before_they_are_read(slice_kb, tmp_path):
    env = kb_env(slice_kb.settings.home)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # one 11 MB line (the probe: 210 MB never finished)
        fh.write(b"a" * (11 * 1024 * 1024) + b"\n")
    out = harness.kb("search", "--queries", str(big), env=env, ceiling=harness.SEARCH)
    out.check_refused("over the 10 MB limit", "KB_MAX_QUERIES_MB")
    assert out.max_rss_mb < 400, out
    line = tmp_path / "line.txt"
    line.write_bytes(b"recruitment fees\n" + b"b" * 100_000 + b"\n")
    out = harness.kb("search", "--queries", str(line), env=env, ceiling=harness.SEARCH)
    assert f"{line}:2" in out.check_refused("longer than 64 KB", "KB_MAX_QUERY_LINE_KB")
    assert out.stdout == ""


def test_a_citation_too_long_to_be_one_is_refused(slice_kb):
    env = kb_env(slice_kb.settings.home)
    harness.kb("show", "UU 6/2012 Pasal 1 " + "x" * 100_000, env=env).check_refused("citation", "KB_MAX_QUERY_CHARS")


def test_query_of_the_wrong_type_in_the_api(slice_kb):
    code = f"""
from kb import KnowledgeBase
from kb.errors import InputError
kb = KnowledgeBase.open({str(slice_kb.settings.home)!r})
for q in (5, ["x"], b"bytes"):
    try:
        kb.search(q)
    except InputError as exc:
        print("refused", exc)
r = kb.search("x" * 50_000)
print(len(r.query), r.notes)
"""
    out = harness.python(code, env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH).check_ok()
    assert out.stdout.count("refused") == 3 and "KB_MAX_QUERY_CHARS" in out.stdout
