"""Property-based hostile input (hypothesis), each property run in a child process under
the harness's ceilings: random bytes and mutated real files to every reader, law-like
random text to every structure parser, random strings to the query path and to a search
on a small real index. See properties.py for what each property asserts."""

from __future__ import annotations

import sys

import pytest

import harness
from conftest import kb_env

pytestmark = pytest.mark.hostile

RUNNER = str(harness.HERE / "properties.py")
CEILING = harness.Ceiling(wall=600, cpu=400, memory_mb=2000)


@pytest.mark.parametrize("name", ["readers", "parsers", "query_path"])
def test_property(tmp_path, name):
    out = harness.run([sys.executable, RUNNER, name], env=kb_env(tmp_path / "home"), ceiling=CEILING)
    out.check_bounded()
    assert out.returncode == 0, out
    assert "examples passed" in out.stdout


@pytest.mark.slow
def test_property_search_on_a_real_index(slice_kb):
    out = harness.run([sys.executable, RUNNER, "search"], env=kb_env(slice_kb.settings.home), ceiling=CEILING)
    out.check_bounded()
    assert out.returncode == 0, out
    assert "examples passed" in out.stdout
