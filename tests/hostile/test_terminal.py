"""#13 item 2: nothing kb prints to a terminal carries a raw escape sequence, whatever the
documents, the metadata or the user's own input hold; JSON output escapes them.

The shared case ../shared/cases/hostile/ansi.txt (OSC title, CSI clear screen and colour)
is added as a document and asked about; a file of C1 controls and bidi overrides too.
Every printer is run as a real subprocess, and the harness refuses any ESC, BEL, C1 or
bidi control on stdout or stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import harness
from conftest import HOSTILE_CASES, kb_env

pytestmark = [pytest.mark.hostile, pytest.mark.slow]

SHARED = HOSTILE_CASES
OSC = "\x1b]0;HACKED\x07"
CSI = "\x1b[2J\x1b[31m"
C1 = "\u009b2J \u009d0;title\u009c \u202eevil"


@pytest.fixture(scope="module")
def ansi_home(tmp_path_factory, slice_kb):
    """The slice home plus ansi.txt and a file of C1 controls, indexed (the embedding cache
    is the slice's, so only the new passages are embedded)."""
    from conftest import make_slice_home

    home = tmp_path_factory.mktemp("ansi") / "home"
    make_slice_home(home, cache_from=slice_kb.settings.indexes_dir / "cache")
    env = kb_env(home)
    harness.kb("add", str(SHARED / "ansi.txt"), "--id", "ansi-doc", "--title", "Agreement with escapes",
               "--family", "bilateral", "--language", "en", env=env).check_ok()
    c1 = home.parent / "c1.txt"
    c1.write_text(f"Article 1\nDomestic workers {C1} keep their passports and identity papers.\n", encoding="utf-8")
    harness.kb("add", str(c1), "--id", "c1-doc", "--title", "Agreement with C1 controls", "--family", "bilateral",
               "--language", "en", env=env).check_ok()
    out = harness.kb("index", env=env, ceiling=harness.SEARCH).check_ok()  # progress lines are checked too
    assert "indexed" in out.stdout
    return home


def test_show_prints_the_text_without_escape_sequences(ansi_home):
    out = harness.kb("show", "ansi-doc Article 1", env=kb_env(ansi_home)).check_ok()
    assert "RED TEXT" in out.stdout and "have rights to escape sequences" in out.stdout
    out = harness.kb("show", "c1-doc Article 1", env=kb_env(ansi_home)).check_ok()
    assert "keep their passports" in out.stdout


def test_json_escapes_what_it_carries(ansi_home):
    out = harness.kb("show", "ansi-doc Article 1", "--json", env=kb_env(ansi_home)).check_ok()
    assert "\\u001b]0;HACKED-TITLE\\u0007" in out.stdout
    assert "\x1b]0;HACKED-TITLE" in json.loads(out.stdout)["text"]  # the stored text is kept as it is
    out = harness.kb("show", "c1-doc Article 1", "--json", env=kb_env(ansi_home)).check_ok()
    # the C1 controls are kept, escaped; the bidi override at a word's edge is blanked by the
    # readers since round 16 (kb.readers.base.blank_invisible_edges: it hid headings)
    assert "\\u009b" in out.stdout and "\u202e" not in json.loads(out.stdout)["text"]


def test_corpus_status_and_search(ansi_home):
    env = kb_env(ansi_home)
    harness.kb("corpus", "status", env=env).check_ok()
    harness.kb("corpus", "status", "--json", env=env).check_ok()
    out = harness.kb("search", "rights to escape sequences", "-k", "3", env=env, ceiling=harness.SEARCH).check_ok()
    assert "Agreement with escapes" in out.stdout
    harness.kb("search", "passports identity papers", "--json", env=env, ceiling=harness.SEARCH).check_ok()


@pytest.mark.parametrize("form", [(), ("--markdown",), ("--json",)])
def test_ask_echoes_a_question_full_of_escapes_cleanly(ansi_home, form):
    question = f"{OSC}{CSI}Do migrant workers have rights to escape sequences? {C1}"
    out = harness.kb("ask", question, *form, env=kb_env(ansi_home), ceiling=harness.SEARCH).check_ok()
    assert "Agreement with escapes" in out.stdout  # the document holding the sequences is cited
    if form == ("--json",):
        # the question as kb reads it (kb.validate.readable_text): no sequence, no "2J" word
        assert json.loads(out.stdout)["question"] == "Do migrant workers have rights to escape sequences? evil"


@pytest.mark.parametrize("args, words", [
    (("show", f"{OSC}UU 6/2012 Pasal 99"), ("has no Pasal 99",)),
    (("show", f"{CSI}{C1}"), ("bidi control",)),  # refused for the override inside it (round 16)
    (("remove", f"bad{OSC}"), ("invalid document id",)),
    (("corpus", "fetch", f"nope{CSI}"), ("invalid document id",)),
    (("search", "x", "--doc", f"nope{OSC}"), ("unknown document id",)),
    (("search", "x", "--date-from", f"2024{CSI}"), ("not a date",)),
    (("add", "/nonexistent", "--id", f"x{OSC}"), ("invalid document id",)),
])
def test_errors_quoting_user_input_are_clean(ansi_home, args, words):
    harness.kb(*args, env=kb_env(ansi_home), ceiling=harness.SEARCH).check_refused(*words)


@pytest.mark.parametrize("args", [
    ("add", str(SHARED / "ansi.txt"), "--id", "x", "--family", f"{OSC}bilateral"),
    ("search", f"--{OSC}"),
    ("search", "x", "--queries", f"/nonexistent/{OSC}q.txt"),
    ("search", "x", "-k", f"1{CSI}"),
])
def test_usage_errors_from_click_are_clean(ansi_home, args):
    out = harness.kb(*args, env=kb_env(ansi_home)).check_clean()
    assert out.returncode == 2 and out.stderr.startswith("kb: error: ") and out.stderr.count("\n") == 1


@pytest.mark.parametrize("form", [("--format", "md"), ("--format", "html"), ("--format", "json")])
def test_brief_on_standard_output_is_clean(ansi_home, form):
    """`kb brief` (a later entry point) writes its document to standard output: the topic's
    escapes and those of the quoted document are removed there (JSON escapes them)."""
    env = kb_env(ansi_home)
    out = harness.kb("brief", f"{OSC}rights to escape sequences {CSI}", "-q", *form, env=env,
                     ceiling=harness.SEARCH).check_ok()
    assert "rights to escape sequences" in out.stdout
    out = harness.kb("brief", "--cite", "ansi-doc Article 1", "-q", *form, env=env, ceiling=harness.SEARCH).check_ok()
    assert "have rights to escape sequences" in out.stdout
    if form[1] == "json":
        assert "\\u001b" in out.stdout


@pytest.mark.parametrize("args, words", [
    (("brief", "--cite", "UU 18/2017 Pasal " + "9" * 10_000), ("10,017 characters", "KB_MAX_QUERY_CHARS")),
    (("brief", "--cite", "ansi-doc Article 1", "--date", "2024-13-45"), ("not a calendar date",)),
    (("brief", "--recs", f"CMW{OSC}"), ("unknown document",)),
    (("brief", "migrant workers " * 200), ("3,200 characters", "KB_MAX_QUERY_CHARS", "phrase")),
])
def test_brief_refuses_bad_input_in_one_line(ansi_home, args, words):
    harness.kb(*args, env=kb_env(ansi_home), ceiling=harness.SEARCH).check_refused(*words)
