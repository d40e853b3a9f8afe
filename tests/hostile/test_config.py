"""#13 items 5 and 6: configuration of the wrong type, and a damaged user catalogue, are
one line each naming the file, the setting or entry, and the fix; never a traceback."""

from __future__ import annotations

import json

import pytest

import harness
from conftest import FIXTURES, kb_env

pytestmark = pytest.mark.hostile


@pytest.mark.parametrize("toml, words", [
    ("[kb]\nhome = 5\n", ("home", "text in quotes", "int")),
    ("[kb]\nmax_file_mb = \"abc\"\n", ("max_file_mb", "not a valid MB limit")),
    ("[kb]\nmax_file_mb = inf\n", ("max_file_mb", "finite")),
    ("[kb]\nmax_file_mb = -1\n", ("max_file_mb",)),
    ("[kb]\nmax_file_mb = true\n", ("max_file_mb",)),
    ("kb = 5\n", ("'kb' must be a table",)),
    ("[kb]\nmirror = [1]\n", ("mirror", "text in quotes")),
    ("[kb]\nchroma_url = 5\n", ("chroma_url", "text in quotes")),
    ("[kb]\nchroma_url = \"http://[::1:8000\"\n", ("chroma", "not a valid URL")),
    ("[kb]\nchroma_url = \"ftp://x\"\n", ("chroma", "http://")),
    ("[kb]\nindex_name = 7\n", ("index_name",)),
    ("[kb\nhome = ", ("not valid toml",)),
])
def test_kb_toml_of_the_wrong_type(tmp_path, toml, words):
    cfg = tmp_path / "kb.toml"
    cfg.write_text(toml, encoding="utf-8")
    for command in (("corpus", "status"), ("search", "x")):
        line = harness.kb(*command, env=kb_env(tmp_path / "home", KB_CONFIG=str(cfg))).check_refused(*words)
        if "toml" not in words:
            assert str(cfg) in line or "chroma" in line.lower()


def test_kb_toml_relative_paths_are_relative_to_the_file(tmp_path):
    cfg = tmp_path / "conf" / "kb.toml"
    cfg.parent.mkdir()
    cfg.write_text('[kb]\nhome = "state"\nmax_file_mb = "20"\n', encoding="utf-8")
    env = kb_env(tmp_path / "ignored", KB_CONFIG=str(cfg))
    del env["KB_HOME"]
    out = harness.kb("corpus", "status", env=env, cwd=tmp_path).check_ok()
    assert str(tmp_path / "conf" / "state") in out.stdout


@pytest.mark.parametrize("variable, value", [
    ("KB_MAX_FILE_MB", "inf"), ("KB_MAX_FILE_MB", "nan"), ("KB_MAX_FILE_MB", "-5"), ("KB_MAX_FILE_MB", "0"),
    ("KB_MAX_FILE_MB", "1e400"), ("KB_MAX_QUERY_CHARS", "lots"), ("KB_DOWNLOAD_SECONDS", "inf"),
    ("KB_CHROMA_URL", "http://[::1:8000"), ("KB_CHROMA_URL", "http://localhost:99999"),
])
def test_environment_of_the_wrong_type(tmp_path, variable, value):
    home = tmp_path / "home"
    if variable.startswith("KB_MAX_QUERY"):
        command = ("search", "x")
    elif variable == "KB_DOWNLOAD_SECONDS":
        command = ("corpus", "fetch", "cmw-gc-1", "--no-download")
    else:
        command = ("corpus", "status")
    out = harness.kb(*command, env=kb_env(home, **{variable: value}))
    line = out.check_refused()
    assert variable in line or "chroma" in line.lower(), line


def test_chroma_url_option_typo_is_refused_before_any_work(tmp_path):
    harness.kb("--chroma-url", "http://[::1:8000", "index", env=kb_env(tmp_path / "home")).check_refused(
        "not a valid URL", "IPv6")
    assert not (tmp_path / "home" / "indexes").exists()


# --- the user catalogue ------------------------------------------------------------------

GOOD = {"id": "mou-a", "title": "T", "citation": "T", "family": "bilateral", "language": "en"}


@pytest.mark.parametrize("entry, words", [
    (5, ("entry 2 is int", "not an object")),
    ("x", ("entry 2 is str",)),
    (None, ("entry 2 is NoneType",)),
    ({**GOOD, "id": 5}, ("'id' is int",)),
    ({**GOOD, "id": "mou-b\n"}, ("invalid document id",)),
    ({**GOOD, "id": "mou-b", "title": ["T"]}, ("'title' is list",)),
    ({**GOOD, "id": "mou-b", "parties": 5}, ("'parties' must be a list of strings",)),
    ({**GOOD, "id": "mou-b", "date": 2020}, ("'date' is int",)),
    ({**GOOD, "id": "mou-b", "date": "2020-13-01"}, ("calendar date",)),
    ({**GOOD, "id": "mou-b", "url": "javascript:alert(1)"}, ("http:// or https://",)),
    ({"id": "mou-b", "title": "T"}, ("'citation' is missing",)),
])
def test_a_damaged_user_catalogue_entry_is_named_with_its_fix(tmp_path, entry, words):
    home = tmp_path / "home"
    harness.kb("add", str(FIXTURES / "mou-sample.en.txt"), "--id", "mou-a", "--title", "T", "--family", "bilateral",
               "--language", "en", env=kb_env(home)).check_ok()
    path = home / "library" / "user-catalog.json"
    data = json.loads(path.read_text())
    data["documents"].append(entry)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = harness.tree(home)
    for command in (("corpus", "status"), ("show", "mou-a Article 1"), ("remove", "mou-a"),
                    ("add", str(FIXTURES / "mou-sample.en.txt"), "--id", "mou-c", "--title", "T", "--family",
                     "bilateral", "--language", "en")):
        line = harness.kb(*command, env=kb_env(home)).check_refused(*words, "fix or remove that entry")
        assert str(path) in line
    assert harness.tree(home) == before
