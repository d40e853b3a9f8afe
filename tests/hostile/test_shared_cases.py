"""The shared hostile cases (../shared/cases/hostile/README.md), each run as the README
says, under the harness's ceilings, with what it must give."""

from __future__ import annotations

from pathlib import Path

import pytest

import harness
from conftest import HOSTILE_CASES, kb_env

pytestmark = pytest.mark.hostile

CASES = HOSTILE_CASES


def add(home: Path, name: str, doc_id: str, family: str, language: str) -> harness.Outcome:
    return harness.kb("add", str(CASES / name), "--id", doc_id, "--title", f"Case {name}", "--family", family,
                      "--language", language, env=kb_env(home), ceiling=harness.READ)


def test_the_readme_lists_the_cases_run_here():
    readme = (CASES / "README.md").read_text(encoding="utf-8")
    for name in ("xb-6-6.pdf", "ansi.txt", "trailing-junk.pdf", "pasal-over-999.txt"):
        assert f"`{name}`" in readme and (CASES / name).is_file()


def test_xb_6_6_ends_within_seconds_with_one_clear_line(tmp_path):
    home = tmp_path / "home"
    out = add(home, "xb-6-6.pdf", "xb-case", "bilateral", "en")
    out.check_refused("draws the same content", "KB_MAX_FORM_DRAWS")
    assert out.seconds < 60 and out.cpu_seconds < 20 and out.max_rss_mb < 500, out
    assert harness.tree(home / "library") == {}


def test_ansi_prints_no_raw_escape_sequence(tmp_path):
    home = tmp_path / "home"
    add(home, "ansi.txt", "ansi-case", "bilateral", "en").check_ok()
    out = harness.kb("show", "ansi-case Article 1", env=kb_env(home)).check_ok()
    assert "have rights to escape sequences" in out.stdout
    harness.kb("corpus", "status", env=kb_env(home)).check_ok()
    # `kb ask` builds the index on first use here: covered with an index in test_terminal.py


def test_trailing_junk_is_accepted_or_explained_without_truncated(tmp_path):
    out = add(tmp_path / "home", "trailing-junk.pdf", "junk-case", "bilateral", "en").check_clean()
    if out.returncode != 0:
        line = out.check_refused()
        assert "truncated" not in line.lower(), line


# #13 item 5: the 999-Pasal cap, lifted in the statute parser.
def test_pasal_over_999_gives_1200_pasal(tmp_path):
    home = tmp_path / "home"
    out = add(home, "pasal-over-999.txt", "pasal-case", "national-law", "id").check_ok()
    assert "1200 units" in out.stdout or "1,200 units" in out.stdout, out
    shown = harness.kb("show", "pasal-case Pasal 1200", env=kb_env(home)).check_ok()
    assert "angka 1200" in shown.stdout
