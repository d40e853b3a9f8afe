"""kb.validate and kb.limits as plain functions (the HTTP service reuses them): what each
accepts, normalises and refuses, with which error class."""

from __future__ import annotations

import pytest

from kb import limits, validate
from kb.errors import CatalogError, ConfigError, InputError, InvalidIdError, KbError, LimitError

pytestmark = pytest.mark.hostile


@pytest.mark.parametrize("value", ["mou-id-my-2022", "a", "uu-18-2017", "x.y_z-1", "a" * 80])
def test_ids_accepted(value):
    assert validate.document_id(value) == value


@pytest.mark.parametrize("value", ["", "mou\n", "mou\r", "\nmou", "Mou", "-mou", "a/b", "a..b", "a" * 81, "mou ",
                                   "mou\x1b", "mou\u202e", 5, None, "ü"])
def test_ids_refused(value):
    with pytest.raises(InvalidIdError) as info:
        validate.document_id(value)
    assert isinstance(info.value, CatalogError) and isinstance(info.value, InputError)
    assert "\n" not in str(info.value) and "\x1b" not in str(info.value)


@pytest.mark.parametrize("value", ["2024", "2024-02", "2024-02-29", "1990-12-18", "0001-01-01"])
def test_dates_accepted(value):
    assert validate.calendar_date(value) == value


@pytest.mark.parametrize("value", ["2024-13-45", "2023-02-29", "2024-99-99", "2024-00", "2024-1-5", "24", "2024-02-30",
                                   "2024-05-01\n", " 2024", "0000", "2024/05/01", 2024, None, ""])
def test_dates_refused(value):
    with pytest.raises(InputError):
        validate.calendar_date(value)


@pytest.mark.parametrize("value", ["https://www.ohchr.org/x.pdf", "http://127.0.0.1:8000", "http://[::1]:8000/",
                                   "HTTPS://EXAMPLE.ORG"])
def test_urls_accepted(value):
    assert validate.http_url(value) == value


@pytest.mark.parametrize("value", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd",
                                   "data:text/html,x", "ftp://x", "//example.org", "example.org", "http://",
                                   "http://[::1:8000", "http://x:99999", "http://x:port", "https://a b",
                                   "https://a\n.org", "", None, 5])
def test_urls_refused(value):
    with pytest.raises(InputError):
        validate.http_url(value)


def test_bound_query_cuts_at_a_word_and_says_so(monkeypatch):
    monkeypatch.setenv("KB_MAX_QUERY_CHARS", "20")
    assert validate.bound_query("short") == ("short", None)
    cut, note = validate.bound_query("recruitment fees charged to workers")
    assert cut == "recruitment fees" and "35 characters" in note and "KB_MAX_QUERY_CHARS=20" in note
    cut, _ = validate.bound_query("x" * 50)  # no space to cut at: the characters
    assert cut == "x" * 20


def test_query_lines(tmp_path):
    assert validate.query_line("  plain words ", "f:1") == "plain words"
    assert validate.query_line('{"query": "paspor", "id": 3}', "f:1") == "paspor"
    assert validate.query_line("   ", "f:1") is None
    for bad in ('{"query": null}', '{"query": 5}', '{"query": []}', '{"query": {}}', '{"query": ""}', "{", "{}"):
        with pytest.raises(InputError, match="f:1"):
            validate.query_line(bad, "f:1")


def test_read_queries_bounds(tmp_path, monkeypatch):
    path = tmp_path / "q.txt"
    path.write_bytes(b"one\n\n{\"query\": \"two\"}\nthree")
    assert list(validate.read_queries(path)) == [(1, "one"), (3, "two"), (4, "three")]
    monkeypatch.setenv("KB_MAX_QUERY_LINE_KB", "1")
    path.write_bytes(b"ok\n" + b"x" * 2000 + b"\n")
    with pytest.raises(LimitError, match=r"q.txt:2.*KB_MAX_QUERY_LINE_KB"):
        list(validate.read_queries(path))
    path.write_bytes(b"x" * 1024 + b"\n")  # exactly the limit: accepted
    assert len(list(validate.read_queries(path))) == 1
    monkeypatch.setenv("KB_MAX_QUERIES_MB", "0.001")  # 1,048 bytes
    path.write_bytes(b"short query\n" * 100)
    with pytest.raises(LimitError, match="KB_MAX_QUERIES_MB"):
        list(validate.read_queries(path))
    with pytest.raises(InputError, match="no such query file"):
        list(validate.read_queries(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="directory"):
        list(validate.read_queries(tmp_path))


def test_decode_utf8():
    assert validate.decode_utf8("\ufeffcafé".encode("utf-8"), "f") == "café"
    with pytest.raises(InputError, match=r"f: not UTF-8 text \(byte 0xe9 at offset 3\)"):
        validate.decode_utf8("café".encode("latin-1"), "f")


def test_one_line_and_party():
    assert validate.one_line("A title", "title") == "A title"
    for bad in ("", "  ", "two\nlines", "tab\there", "bell\x07", "\u202eevil", 5):
        with pytest.raises(InputError):
            validate.one_line(bad, "title")
    assert validate.party_code(" idn ") == "IDN" and validate.party_code("ID-JP") == "ID-JP"
    for bad in ("I D N", "", "1DN", "\x1b[2J", None):
        with pytest.raises(InputError):
            validate.party_code(bad)


def test_limits_have_a_variable_a_default_and_a_reason(monkeypatch):
    names = {lim["name"] for lim in limits.describe()}
    assert {"max_file_mb", "max_pages", "max_draw_ops", "max_form_draws", "max_form_depth", "max_text_pieces",
            "max_stream_tokens", "read_seconds", "max_query_chars", "max_query_terms", "max_query_line_kb",
            "max_queries_mb", "download_seconds", "download_min_rate", "download_rate_window"} <= names
    for lim in limits.LIMITS.values():
        assert lim.env.startswith("KB_") and lim.why and lim.default >= lim.minimum
        assert limits.value(lim.name) == lim.default
    monkeypatch.setenv("KB_MAX_QUERY_CHARS", "100")
    assert limits.value("max_query_chars") == 100
    for bad in ("inf", "nan", "-1", "0", "abc", "1e999", "true"):
        monkeypatch.setenv("KB_MAX_QUERY_CHARS", bad)
        with pytest.raises(ConfigError, match="KB_MAX_QUERY_CHARS"):
            limits.value("max_query_chars")
    assert issubclass(LimitError, KbError)


def test_every_limit_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for lim in limits.LIMITS.values():
        assert f"`{lim.env}`" in readme, lim.env


def test_query_terms_are_bounded(monkeypatch):
    from kb.catalog import Catalog
    from kb.citations import CitationResolver
    from kb.config import BUILTIN_CATALOG
    from kb.search.query import analyse_query

    resolver = CitationResolver(Catalog.load(BUILTIN_CATALOG))
    query = analyse_query(" ".join(f"w{i}x" for i in range(5000)), resolver)
    assert len(query.tokens) == 300
    monkeypatch.setenv("KB_MAX_QUERY_TERMS", "3")
    query = analyse_query("pekerja migran paspor menahan majikan biaya penempatan", resolver)
    assert query.lang == "id"  # no function word: CLD2 is sure it is Indonesian (Sastrawi stems)
    assert query.tokens == ["kerja", "migran", "paspor"]
    assert all(len(stems) <= 3 for stems in query.expansion.stems.values())
