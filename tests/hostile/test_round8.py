"""Round 8 of the hostile probes: what still broke, each kind fixed in the shared mechanism
and checked here through the real CLI, library and HTTP service on loopback.

- a standard output whose encoding lacks a character kb prints (PYTHONIOENCODING=latin-1,
  a cp1252 or ISO-8859-1 terminal) made `kb search` / `kb ask` a UnicodeEncodeError
  traceback: kb.cli._common.encodable_streams writes such a character as an escape, and
  --json is then all ASCII (still valid JSON);
- JSON a user gives was read by json.loads as it came: a line nested too deeply or holding
  a number of 4,300+ digits printed a traceback from `kb search --queries`, and a key given
  twice ('{"query": "a", "query": "b"}', an HTTP body '{"q": .., "q": ..}') kept the last
  silently: kb.validate.json_value reads every such line and body (kb eval too);
- an HTTP body's `"k": true` was taken as k=1, `"k": "5"` as 5, `"in_force": 1` and
  `"llm": "yes"` as true: the body's k, in_force and llm are strict (GET's query strings
  are converted as before);
- kb eval took a unit listed twice in "relevant" with two grades, keeping the last;
- citations: a superscript digit (a footnote mark copied with the text) was read as a digit
  of the number ("Pasal 6²" showed Pasal 62); a range written high to low ("Pasal 3-1")
  showed its two ends; "Pasal 6 bis" showed Pasal 6 (kb.citations.unreadable_part);
- a range of parts ("huruf a-c", "ayat (1) s.d. (3)") showed its first part alone, one
  written backwards ("ayat (3)-(1)") both ends; "huruf (j)" (and "dan (k)") was dropped and
  the whole ayat shown; a word with a Cyrillic or Greek look-alike letter ("аyat") was no
  part word, and the whole Pasal was shown;
- kb links and kb brief --cite did not apply `kb show`'s refusals ("Pasal 6 bis" linked
  Pasal 6), and a missing finer part ("Pasal 1 huruf zz") was said as "has no Pasal 1";
"""

from __future__ import annotations

import json

import pytest

import harness
from conftest import kb_env
from test_interfaces import server  # noqa: F401  (the `kb serve` on loopback fixture)

pytestmark = pytest.mark.hostile


# --- a terminal that cannot show every character ----------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["latin-1", "latin-1:strict", "cp1252"])
def test_output_in_a_narrow_encoding_is_printed_not_a_traceback(slice_kb, encoding):
    env = kb_env(slice_kb.settings.home, PYTHONIOENCODING=encoding)
    out = harness.kb("search", "pekerja migran", "-k", "3", env=env, ceiling=harness.SEARCH)
    out.check_ok()
    assert "1. " in out.stdout
    out = harness.kb("search", "pekerja migran", "-k", "3", "--json", env=env, ceiling=harness.SEARCH)
    out.check_ok()
    assert out.stdout.isascii() and json.loads(out.stdout)["results"]


# --- JSON a user gives --------------------------------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ('{"query": "a", "query": "b"}', ("'query' is given twice",)),
    ('{"query": "a", "n": ' + "9" * 5000 + "}", ("too many digits",)),
    ('{"query": "a", "n": ' + "[" * 20_000 + "]" * 20_000 + "}", ("nested too deeply",)),
    ('{"query": "a"', ("not valid JSON", "column 14")),
])
def test_json_value_says_why_in_one_line(text, words):
    from kb.errors import InputError
    from kb.validate import json_value

    with pytest.raises(InputError) as info:
        json_value(text)
    message = str(info.value)
    assert "\n" not in message and all(w in message for w in words), message


@pytest.mark.parametrize("line, words", [
    ('{"query": "paspor", "query": "visa"}', ("q.jsonl:1", "'query' is given twice")),
    ('{"query": "paspor", "id": ' + "9" * 5000 + "}", ("q.jsonl:1", "too many digits")),
    ('{"query": ' + "[" * 5000 + "]" * 5000 + "}", ("q.jsonl:1", "nested too deeply")),
])
def test_a_query_file_line_json_cannot_take_is_one_line(tmp_path, line, words):
    # before: a RecursionError / ValueError traceback, or the second "query" searched alone
    (tmp_path / "no-mirror").mkdir()
    path = tmp_path / "q.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    home = tmp_path / "home"
    out = harness.kb("search", "--queries", str(path), "--json",
                     env=kb_env(home, KB_MIRROR=str(tmp_path / "no-mirror")))
    out.check_refused(*words)
    assert not home.exists() or not any(home.rglob("*.json"))


@pytest.mark.parametrize("line, words", [
    ('{"query": "paspor", "query": "visa"}', ("q.jsonl:1", "'query' is given twice")),
    ('{"query": "paspor", "relevant": [{"doc": "uu-6-2012", "unit": "Pasal 1", "grade": ' + "9" * 5000 + "}]}",
     ("q.jsonl:1", "too many digits")),
    ('{"query": "paspor", "relevant": [{"doc": "uu-6-2012", "unit": "Pasal 1", "grade": 1}, '
     '{"doc": "uu-6-2012", "unit": "Pasal 1", "grade": 3}]}', ("q.jsonl:1", "entry 2", "Pasal 1 again")),
])
def test_a_question_line_that_says_one_thing_twice_is_refused(tmp_path, line, words):
    from kb.errors import KbError
    from kb.evaluate import load_questions

    path = tmp_path / "q.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(KbError) as info:
        load_questions(path)
    message = str(info.value)
    assert "\n" not in message and all(w in message for w in words), message


@pytest.mark.slow
@pytest.mark.parametrize("path, body, key", [
    ("/search", '{"q": "paspor", "q": "visa"}', "q"),
    ("/search", '{"q": "paspor", "k": 1, "k": 5}', "k"),
    ("/ask", '{"q": "paspor", "filters": 1, "q": "visa"}', "q"),
])
def test_http_refuses_a_body_that_gives_a_key_twice(server, path, body, key):
    # before: 200, searching for the last value given
    import httpx

    with httpx.Client(base_url=server.url, timeout=60) as client:
        response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert f"'{key}' is given twice" in message and "\n" not in message, message


@pytest.mark.slow
@pytest.mark.parametrize("path, body, field", [
    ("/search", '{"q": "paspor", "k": true}', "k"),
    ("/search", '{"q": "paspor", "k": "5"}', "k"),
    ("/search", '{"q": "paspor", "k": 2.0}', "k"),
    ("/search", '{"q": "paspor", "in_force": 1}', "in_force"),
    ("/ask", '{"q": "paspor", "llm": "yes"}', "llm"),
])
def test_http_body_values_of_another_json_type_are_refused(server, path, body, field):
    # before: 200, k=true searched for one result, in_force=1 and llm="yes" were true
    import httpx

    with httpx.Client(base_url=server.url, timeout=60) as client:
        response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["message"].startswith(f"{field}: "), response.text


@pytest.mark.slow
def test_http_body_without_repeats_still_answers(server):
    import httpx

    with httpx.Client(base_url=server.url, timeout=60) as client:
        for body in ('{"q": "paspor", "k": 2}', '{"q": "paspor", "k": 2, "in_force": true}'):
            response = client.post("/search", content=body, headers={"content-type": "application/json"})
            assert response.status_code == 200, response.text
        response = client.get("/search", params={"q": "paspor", "k": "2", "in_force": "true"})
        assert response.status_code == 200, response.text


# --- citations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, unit", [("Pasal 6\u00b2", "Pasal 6"), ("Pasal 6\u2081", "Pasal 6"),
                                         ("Pasal 3\u00b9\u2070", "Pasal 3"), ("Pasal 62", "Pasal 62")])
def test_a_superscript_digit_is_no_digit_of_the_number(catalog, typed, unit):
    from kb.citations import CitationResolver

    cited = CitationResolver(catalog).parse(f"UU 18/2017 {typed}")
    assert (cited.doc_id, cited.unit) == ("uu-18-2017", unit)


@pytest.mark.parametrize("typed, words", [
    ("UU 18/2017 Pasal 3-1", ("runs backwards", "'Pasal 1-3'")),
    ("UU 18/2017 Pasal 81 s.d. 79", ("runs backwards", "'Pasal 79-81'")),
    ("CMW/C/GC/1 paras 40 to 12", ("runs backwards", "'paras 12-40'")),
    ("UU 18/2017 Pasal 6 bis", ("cannot read 'Pasal 6 bis'",)),
    ("ICRMW art. 5 ter", ("cannot read 'art. 5 ter'",)),
])
def test_a_backwards_range_or_a_latin_suffix_is_refused(typed, words):
    from kb.citations import unreadable_part

    message = unreadable_part(typed)
    assert message and all(w in message for w in words), message


@pytest.mark.parametrize("typed", ["UU 18/2017 Pasal 1-3", "UU 18/2017 Pasal 79 s.d. 81", "CMW/C/GC/1 paras 12-13",
                                   "UU 18/2017 Pasal 5A", "UU 18/2017 Pasal 30 dan 31", "UU 18/2017 Pasal 3 - 2017"])
def test_ranges_low_to_high_still_read(typed):
    from kb.citations import unreadable_part

    assert unreadable_part(typed) is None


@pytest.mark.slow
@pytest.mark.parametrize("command", [("show",), ("links",), ("brief", "--cite")])
@pytest.mark.parametrize("typed, words", [
    ("UU 6/2012 Pasal 2-1", ("runs backwards",)),
    ("UU 6/2012 Pasal 1 bis", ("cannot read 'Pasal 1 bis'",)),
    ("UU 6/2012 Pasal 1\u00b2", ()),  # Pasal 1 (not Pasal 12, which UU 6/2012 does not have)
])
def test_show_links_and_brief_read_a_citation_alike(slice_kb, tmp_path, command, typed, words):
    # before: links and brief --cite showed Pasal 1 for "Pasal 1 bis", both ends of "2-1"
    out = harness.kb(*command, typed, env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH, cwd=tmp_path)
    if words:
        out.check_refused(*words)
    else:
        out.check_ok()
        assert "Pasal 12" not in out.stdout and "Pasal 1" in out.stdout


@pytest.mark.slow
def test_links_says_which_finer_part_is_missing(slice_kb):
    out = harness.kb("links", "UU 6/2012 Pasal 1 huruf zz", env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH)
    line = out.check_refused("huruf zz")
    assert "has no Pasal 1 " not in line, line


@pytest.mark.parametrize("typed, parts", [
    ("UU 18/2017 Pasal 6 ayat (1) huruf a-c", ["ayat (1) huruf a", "ayat (1) huruf b", "ayat (1) huruf c"]),
    ("UU 18/2017 Pasal 6 ayat (1) s.d. (3)", ["ayat (1)", "ayat (2)", "ayat (3)"]),
    ("UU 18/2017 Pasal 6 ayat (1)\u2013(2)", ["ayat (1)", "ayat (2)"]),
    ("UU 18/2017 Pasal 6 ayat (1) huruf (j)", ["ayat (1) huruf j"]),
    ("UU 18/2017 Pasal 6 ayat (1) huruf (j) dan (k)", ["ayat (1) huruf j", "ayat (1) huruf k"]),
    ("UU 18/2017 Pasal 6 ayat (1) huruf j dan k", ["ayat (1) huruf j", "ayat (1) huruf k"]),
    ("UU 18/2017 Pasal 6 ayat (1)-(99999)", ["ayat (1)", "ayat (99999)"]),  # the far end, then reported missing
])
def test_every_part_a_range_or_list_names_is_read(catalog, typed, parts):
    # before: "huruf a-c" and "ayat (1) s.d. (3)" were their first part, "huruf (j)" the ayat
    from kb.citations import CitationResolver

    cited = CitationResolver(catalog).parse(typed)
    assert [loc for _unit, loc in cited.units] == [f"Pasal 6 {p}" for p in parts], cited.units


@pytest.mark.parametrize("typed, words", [
    ("UU 18/2017 Pasal 6 ayat (3)-(1)", ("'ayat (3)-(1)'", "runs backwards")),
    ("UU 18/2017 Pasal 6 ayat (1) huruf c s.d. huruf a", ("'huruf c s.d. huruf a'", "runs backwards")),
    ("UU 18/2017 Pasal 6 \u0430yat (1)", ("'\u0430yat'", "Cyrillic")),
    ("UU 18/2017 \u0420asal 6", ("Cyrillic",)),
    ("CMW/C/GC/1 p\u03b1ra 12", ("Greek",)),
])
def test_a_backwards_part_range_or_a_look_alike_letter_is_refused(typed, words):
    from kb.citations import unreadable_part

    message = unreadable_part(typed)
    assert message and all(w in message for w in words), message


@pytest.mark.parametrize("typed", ["UU 18/2017 Pasal 6 ayat (1) huruf a-c", "UU 18/2017 Pasal 6 ayat (2) dan (1)",
                                   "UU 18/2017 Pasal \uff16", "UU 18/2017 Pasal 6 ayat (\u0661)",
                                   "Komentar Umum No. 1 para 12 tentang pekerja rumah tangga"])
def test_forward_part_ranges_and_other_digits_still_read(typed):
    from kb.citations import unreadable_part

    assert unreadable_part(typed) is None


@pytest.mark.slow
def test_show_prints_every_part_of_a_range(slice_kb):
    out = harness.kb("show", "UU 6/2012 Pasal 1 ayat (1)-(2)", env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH)
    out.check_ok()
    assert "Pasal 1 ayat (1)\n" in out.stdout and "Pasal 1 ayat (2)\n" in out.stdout, out.stdout
