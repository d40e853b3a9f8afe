"""#13 item 3: what users give is validated, by one validator per kind (kb.validate),
in the CLI and the Python API alike: ids, calendar dates, http(s) URLs, query lines,
file encodings. Each refusal is one line, and nothing stored changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import harness
from conftest import FIXTURES, MIRROR, kb_env

pytestmark = pytest.mark.hostile

MOU = FIXTURES / "mou-sample.en.txt"
NEW = ("--title", "Test MoU", "--family", "bilateral", "--language", "en")


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    harness.kb("add", str(MOU), "--id", "mou-a", *NEW, env=kb_env(home)).check_ok()
    return home


@pytest.mark.parametrize("extra, words", [
    (("--id", "mou-b\n"), ("invalid document id", "'mou-b\\n'")),
    (("--id", "mou-b\r"), ("invalid document id",)),
    (("--id", "mou\x1bb"), ("invalid document id",)),
    (("--id", "MOU-B"), ("invalid document id",)),
    (("--id", "mou-b", "--date", "2024-13-45"), ("2024-13-45", "calendar date")),
    (("--id", "mou-b", "--date", "2023-02-29"), ("2023-02-29", "calendar date")),
    (("--id", "mou-b", "--date", "2024-1-5"), ("not a date", "YYYY-MM-DD")),
    (("--id", "mou-b", "--date", "2024-05-01\n"), ("not a date",)),
    (("--id", "mou-b", "--url", "javascript:alert(1)"), ("javascript:alert(1)", "http:// or https://")),
    (("--id", "mou-b", "--url", "file:///etc/passwd"), ("http:// or https://",)),
    (("--id", "mou-b", "--url", "data:text/html,x"), ("http:// or https://",)),
    (("--id", "mou-b", "--url", "http://[::1/x"), ("not a valid URL", "IPv6")),
    (("--id", "mou-b", "--url", "https:///nohost"), ("no host",)),
    (("--id", "mou-b", "--url", "https://example.org/a b"), ("spaces",)),
    (("--id", "mou-b", "--parties", "IDN,M Y S"), ("party",)),
])
def test_add_refuses_bad_values_and_changes_nothing(home, extra, words):
    before = harness.tree(home)
    args = list(NEW)
    out = harness.kb("add", str(MOU), *extra, *args, env=kb_env(home))
    out.check_refused(*words)
    assert harness.tree(home) == before


def test_an_id_ending_in_a_newline_cannot_shadow_another(home):
    """Before: `--id 'mou-a\\n'` was a second document printed as mou-a, and `kb remove`
    could not reach it."""
    harness.kb("add", str(MOU), "--id", "mou-a\n", *NEW, env=kb_env(home)).check_refused("invalid document id")
    harness.kb("remove", "mou-a\n", env=kb_env(home)).check_refused("invalid document id")
    ids = [d["id"] for d in json.loads((home / "library" / "user-catalog.json").read_text())["documents"]]
    assert ids == ["mou-a"]


def test_a_good_url_and_date_are_kept(home):
    harness.kb("add", str(MOU), "--id", "mou-b", "--url", "https://example.org/mou.pdf", "--date", "2024-02-29",
               *NEW, env=kb_env(home)).check_ok()
    entry = json.loads((home / "library" / "user-catalog.json").read_text())["documents"][-1]
    assert entry["url"] == "https://example.org/mou.pdf" and entry["date"] == "2024-02-29"


@pytest.mark.parametrize("option, value, words", [
    ("--date-from", "2024-99-99", ("--date-from", "calendar date")),
    ("--date-to", "2024-02-30", ("--date-to", "calendar date")),
    ("--date-from", "last year", ("not a date",)),
    ("--party", "I D N", ("party",)),
])
def test_search_filters_are_validated(home, option, value, words):
    # refused before any index is needed: the filter is checked first
    harness.kb("search", "x", option, value, env=kb_env(home)).check_refused(*words)


@pytest.mark.parametrize("line, words", [
    ('{"query": null}', ('"query" must be a string, not null',)),
    ('{"query": 5}', ("not int",)),
    ('{"query": [1, 2]}', ("not list",)),
    ('{"query": {"a": 1}}', ("not dict",)),
    ('{"query": "  "}', ("empty",)),
    ('{"q": "x"}', ('without a "query" field',)),
    ('{"query": "x"', ("not a JSON object",)),
])
def test_query_lines_must_hold_strings(home, tmp_path, line, words):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text('{"query": "recruitment fees"}\n' + line + "\n", encoding="utf-8")
    out = harness.kb("search", "--queries", str(qfile), env=kb_env(home))
    assert f"{qfile}:2" in out.check_refused(*words)
    assert out.stdout == ""  # every line is checked before anything is searched


@pytest.mark.parametrize("command", [("search", "--queries"), ("eval",)])
def test_a_latin1_file_is_one_clean_error_everywhere(home, tmp_path, command):
    qfile = tmp_path / "q.jsonl"
    qfile.write_bytes('{"query": "café law", "relevant": []}\n'.encode("latin-1"))
    harness.kb(*command, str(qfile), env=kb_env(home)).check_refused("not UTF-8 text", "0xe9", "iconv")


def test_the_python_api_uses_the_same_validators(tmp_path):
    code = f"""
import sys
from kb import KnowledgeBase
from kb.errors import InputError, CatalogError, InvalidIdError
kb = KnowledgeBase.open({str(tmp_path / 'home')!r}, mirror={str(MIRROR)!r})
cases = [dict(id="x\\n"), dict(id="ok-id", date="2024-13-45"), dict(id="ok-id", url="javascript:alert(1)"),
         dict(id="ok-id", title="two\\nlines"), dict(id="ok-id", parties=["I D N"])]
for case in cases:
    args = dict(title="T", family="bilateral", language="en") | case
    try:
        kb.add({str(MOU)!r}, **args)
    except InputError as exc:
        print("refused", type(exc).__name__, str(exc).splitlines()[0][:60])
    else:
        sys.exit("accepted " + repr(case))
for q in (None, 5, ["x"]):
    try:
        from kb.validate import query
        query(q)
    except InputError:
        print("refused query", type(q).__name__)
"""
    out = harness.python(code, env=kb_env(tmp_path / "home")).check_ok()
    assert out.stdout.count("refused") == 8, out
    assert not (tmp_path / "home" / "library" / "user-catalog.json").exists()
