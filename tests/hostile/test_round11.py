"""Round 11 of the hostile probes: what still broke, each kind fixed in the shared mechanism
and checked here through the real CLI, `kb mcp`, the library and files.

- citations (`kb show`, `kb links`, `kb brief --cite`, GET /units, the MCP get_unit tool): a
  second number joined to a unit by what the grammar does not read as a list or a range
  ("GC 2 para 24/25", "Pasal 30 atau 31", "para 24 25", "art 94 + 95", "para 24..25",
  "Pasal 30 juncto 31", "ayat 1 2") was dropped, and the first unit alone shown under its
  citation as if it were all that was asked for; so were the units after one to no end
  ("para 24 et seq.", "Pasal 30 dst."). kb.citations.unreadable_part refuses both, saying
  what to write;
- `kb mcp`: arguments of another JSON type were converted as pydantic's lax mode does:
  `"k": true` searched for 1 result, `"k": "5"` for 5, `"in_force": "yes"` filtered on law
  in force, `"article": "21"` took article 21 (the same body over HTTP is refused, 422).
  The tools' numbers and flags are strict (kb.service.mcp_server);
- a library document whose record (meta.json) became unreadable was dropped from the
  index by the next `kb index` without a word ("1 removed"), and searches then said "not
  indexed yet: run `kb index`", which cannot help. The build keeps the version the index
  holds and says why (kb.index.build.Builder._keep_damaged, Library.damaged_record); the
  search note names the damaged record and where the fix is (KnowledgeBase.damaged_records);
- a date in other digits (`--date-from ٢٠١٧`, fullwidth `２０１７`) passed the date check
  (`\\d` matches them) and was then compared as text: every document was filtered out, "no
  results" with exit 0; `kb add --date` stored it so. kb.validate.calendar_date takes the
  digits 0-9 only and says so;
- a citation, query or filter of control characters only (`kb show $'\\x01'`, `kb search
  $'\\x01'`, `kb recs --theme $'\\x01'`) was said to be empty, which it was not: it has no
  readable text (kb.validate, as `kb ask` already said);
- HTTP: a body with a Content-Encoding was read as if plain (gzip: "not UTF-8", a plain
  body labelled "br" answered): 400 `invalid_request`, send it uncompressed
  (kb.service.app.GuardMiddleware);
- `kb serve --cors-origin` of an origin no browser sends (port 99999, the scheme's own
  port, capitals) was served and matched nothing (kb.service.config.origin_problem);
- a damaged tracker.sqlite (the user's follow-up): `kb doctor` said all was well, `kb
  recs` said "damaged" with no way out; doctor checks it read-only (kb.recs.tracker.
  check_tracker, through the embedding cache's kb.index.cache.check_sqlite) and both say
  how to keep and replace it;
- the Python API: `index(progress=5)` was an AttributeError traceback once the build had
  begun, `units(from_index="no")` was taken as true (kb.validate.progress_argument, flag);
- a query or question in full-width letters ("ｐａｓｐｏｒ") or with a soft hyphen or a
  zero-width character inside a word was searched as noise and `kb ask` abstained
  (kb.validate.typed_words in KnowledgeBase.search, search_many and ask).

Probed and found sound (kept so by earlier rounds' tests or left as they are): HTTP path
traversal in /units (read as a citation and refused), percent-encoded NUL and invalid UTF-8
in paths and parameter names, a 100 KB header, HEAD/OPTIONS/TRACE/DELETE, chunked bodies,
`Expect: 100-continue`, a UTF-8 BOM or UTF-16 body, NaN and 1e400 for k, a latin-1 body;
every index file of a generation truncated, deleted, replaced or with one byte flipped
(each named, with `kb index` as the fix); two `kb add` of one id at once; `kb add` killed
at any moment (the library stays whole); the Python API with None, bytes, bools, floats
and strings for numbers and filters.
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest

import harness
from conftest import FIXTURES, MIRROR, kb_env
from test_interfaces import server  # noqa: F401  (the `kb serve` on loopback fixture)
from test_round9 import _INIT, _line
from test_round10_inputs import test_api_arguments_of_the_wrong_type_are_one_kb_error as api_case

pytestmark = pytest.mark.hostile

MOU = FIXTURES / "mou-sample.en.txt"
NEW = ("--title", "Test MoU", "--family", "bilateral", "--language", "en")


# --- citations: a number the grammar would drop --------------------------------------------------

@pytest.mark.parametrize("citation, words", [
    ("CMW/C/GC/1 para 2/3", ("names 3 after 'para 2' joined by '/'", "'para 2 dan 3'", "'para 2-3'")),
    ("GC 1 para 2 3", ("names 3 after 'para 2' with nothing between them",)),
    ("GC 1 para 2 or 3", ("joined by 'or'",)),
    ("GC 1 para 2+3", ("joined by '+'",)),
    ("GC 1 para 2;3", ("joined by ';'",)),
    ("GC 1 para 2..3", ("joined by '..'",)),
    ("GC 1 para 2 → 3", ("joined by '→'",)),
    ("GC 1 paras 2 and 3 or 4", ("names 4 after 'paras 2 and 3' joined by 'or'",)),
    ("UU 6/2012 Pasal 1 atau 2", ("names 2 after 'Pasal 1' joined by 'atau'", "'Pasal 1 dan 2'")),
    ("UU 6/2012 Pasal 1 juncto 2", ("joined by 'juncto'",)),
    ("UU 6/2012 Pasal 1 ~ 2", ("joined by '~'",)),
    ("UU 6/2012 Pasal 1 ayat 1 2", ("names 2 after 'Pasal 1 ayat 1'",)),
    ("CMW/C/GC/1 para 2 et seq.", ("the units after para 2 ('et seq.') without saying where they end",
                                   "'para 2-5'")),
    ("GC 1 paras 2 ff.", ("('ff.')",)),
    ("UU 6/2012 Pasal 1 dst", ("the units after Pasal 1 ('dst')",)),
])
def test_a_number_the_grammar_would_drop_is_refused(citation, words):
    # before: `kb show` printed the first unit alone, under its own citation
    from kb.citations import unreadable_part

    line = unreadable_part(citation)
    assert line is not None, citation
    for word in words:
        assert word in line, (word, line)


@pytest.mark.parametrize("citation", [
    "GC 1 para 2, 3", "GC 1 para 2 & 3", "GC 1 para 2 dan 3", "GC 1 paras 2-3", "GC 1 para 2 to 3",
    "GC 1 para 2 — 3", "UU 6/2012 Pasal 1 s/d 2", "UU 6/2012 Pasal 1 sampai dengan 2",
    "UU 6/2012 Pasal 1 jo. Pasal 2", "Pasal 1 UU 6/2012", "Pasal 1 6/2012", "Pasal 1 UU No. 6 Tahun 2012",
    "GC 1 para 2 2011", "GC 1 para 2, 2011", "GC 1 para 2/2011", "UU 6/2012 Pasal 1 ayat (1) dan (2)",
    "UU 6/2012 Pasal 1 ayat (1) (2)", "UU 6/2012 Pasal 1 ayat (1) huruf a, b", "IJEPA art. 94(1)(a)",
    "CMW/C/GC/1 para 2",
])
def test_lists_ranges_and_the_documents_number_still_read(citation):
    from kb.citations import unreadable_part

    assert unreadable_part(citation) is None, citation


@pytest.fixture(scope="module")
def slice_home(tmp_path_factory):
    """A home with two documents of the mirror, indexed (their vectors ship with kb)."""
    home = tmp_path_factory.mktemp("r11") / "home"
    harness.kb("corpus", "fetch", "--from", str(MIRROR), "uu-6-2012", "cmw-gc-1", env=kb_env(home),
               ceiling=harness.READ).check_ok()
    harness.kb("index", "-q", env=kb_env(home), ceiling=harness.SEARCH).check_ok()
    return home


@pytest.mark.parametrize("args, words", [
    (("show", "CMW/C/GC/1 para 2/3"), ("names 3 after 'para 2'",)),
    (("show", "UU 6/2012 Pasal 1 atau 2", "--json"), ("joined by 'atau'",)),
    (("links", "CMW/C/GC/1 para 2 or 3"), ("joined by 'or'",)),
    (("show", "CMW/C/GC/1 para 2 et seq."), ("without saying where they end",)),
    (("brief", "--cite", "UU 6/2012 Pasal 1 + 2", "-q"), ("joined by '+'",)),
])
def test_show_links_and_brief_refuse_it_in_one_line(slice_home, args, words):
    harness.kb(*args, env=kb_env(slice_home), ceiling=harness.READ).check_refused(*words)


def test_show_still_shows_both_units_of_a_list(slice_home):
    out = harness.kb("show", "CMW/C/GC/1 para 2 dan 3", "--json", env=kb_env(slice_home),
                     ceiling=harness.READ).check_ok()
    shown = [hit["citation"] for hit in json.loads(out.stdout)["results"]]
    assert shown == ["CMW/C/GC/1, para. 2", "CMW/C/GC/1, para. 3"], shown


# --- kb mcp: arguments of another JSON type ---------------------------------------------------------

_MCP_CASES = [
    ("search", {"query": "paspor", "k": True}, "search: k: Input should be a valid integer"),
    ("search", {"query": "paspor", "k": "5"}, "search: k: Input should be a valid integer"),
    ("search", {"query": "paspor", "k": 5.0}, "search: k: Input should be a valid integer"),
    ("search", {"query": "paspor", "in_force": "yes"}, "search: in_force: Input should be a valid boolean"),
    ("search", {"query": "paspor", "in_force": 1}, "search: in_force: Input should be a valid boolean"),
    ("ask", {"question": "paspor", "k": False}, "ask: k: Input should be a valid integer"),
    ("ask", {"question": "paspor", "in_force": "true"}, "ask: in_force: Input should be a valid boolean"),
    ("links", {"citation": "CMW/C/GC/1 para 2", "per_family": "2"}, "links: per_family: Input should be a valid integer"),
    ("recommendations", {"article": "21"}, "recommendations: article: Input should be a valid integer"),
]


def test_mcp_tools_refuse_numbers_and_flags_of_another_json_type(slice_home):
    # before: k true searched for 1 result, "5" for 5, in_force "yes" filtered on law in force
    lines = [*_INIT] + [_line({"jsonrpc": "2.0", "id": i + 1, "method": "tools/call",
                               "params": {"name": name, "arguments": args}})
                        for i, (name, args, _w) in enumerate(_MCP_CASES)]
    out = harness.run([sys.executable, "-m", "kb.cli", "mcp"], env=kb_env(slice_home), ceiling=harness.SEARCH,
                      stdin=b"".join(lines))
    out.check_bounded()
    assert out.returncode == 0 and "Traceback" not in out.stderr, str(out)
    answers = {m["id"]: m for m in map(json.loads, out.stdout.splitlines()) if m.get("id")}
    for i, (_name, _args, words) in enumerate(_MCP_CASES):
        result = answers[i + 1]["result"]
        assert result["isError"] is True and result["content"][0]["text"] == words, (i, result)


# --- a damaged record (meta.json) of a library document ---------------------------------------------

def test_a_damaged_record_keeps_the_indexed_version_and_is_said(fresh_slice_home):
    # before: `kb index` dropped the document without a word ("1 removed"), and searches
    # said "not indexed yet: run `kb index`", which could not help
    kb = fresh_slice_home
    kb.index()
    units_before = len(kb.units("cmw-gc-1"))
    meta = kb.settings.library_dir / "cmw-gc-1" / "meta.json"
    meta.write_text("{not json", encoding="utf-8")
    home = kb.settings.home
    out = harness.kb("index", env=kb_env(home), ceiling=harness.SEARCH).check_ok()
    assert "warning: cmw-gc-1: its record meta.json is missing or unreadable; the index keeps the version it holds" \
        in out.stderr, out
    assert "removed" not in out.stdout, out
    out = harness.kb("show", "CMW/C/GC/1 para 2", env=kb_env(home), ceiling=harness.SEARCH).check_ok()
    assert out.stdout.startswith("CMW/C/GC/1, para. 2"), out
    from kb.api import KnowledgeBase

    again = KnowledgeBase.open(home, mirror=MIRROR)
    assert len(again.units("cmw-gc-1")) == units_before
    assert not any("not indexed yet" in note for note in again.index_notes())


def test_a_damaged_record_never_indexed_is_named_with_its_fix(fresh_slice_home):
    kb = fresh_slice_home
    (kb.settings.library_dir / "cmw-gc-1" / "meta.json").write_text("[]", encoding="utf-8")
    home = kb.settings.home
    out = harness.kb("index", env=kb_env(home), ceiling=harness.SEARCH).check_ok()
    assert "cmw-gc-1: its record meta.json is missing or unreadable, so it is not indexed: `kb corpus status` " \
           "says how to restore it" in out.stderr, out
    out = harness.kb("search", "pekerja migran", "-k", "1", env=kb_env(home), ceiling=harness.SEARCH).check_ok()
    assert "not indexed yet" not in out.stderr, out
    # in the query's language ("pekerja migran": Indonesian; ux16)
    assert "belum diindeks" not in out.stderr, out
    assert "kb: note: tidak diindeks, catatan meta.json-nya hilang atau tidak terbaca: cmw-gc-1" in out.stderr, out


# --- dates in other digits ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["\u0662\u0660\u0661\u0667", "\uff12\uff10\uff11\uff17", "2017-\u0660\u0661"])
def test_a_date_in_other_digits_is_refused_in_one_line(value):
    # before: it passed, was compared as text and filtered every document out (exit 0)
    from kb.errors import InputError
    from kb.validate import calendar_date

    with pytest.raises(InputError, match="has digits other than 0-9: write the date with 0-9"):
        calendar_date(value, "date_from (--date-from)")


def test_search_and_add_refuse_a_date_in_other_digits(slice_home, tmp_path):
    harness.kb("search", "paspor", "--date-from", "\u0662\u0660\u0661\u0667", env=kb_env(slice_home),
               ceiling=harness.SEARCH).check_refused("digits other than 0-9")
    home = tmp_path / "home"
    harness.kb("add", str(MOU), "--id", "mou-d", *NEW, "--date", "\uff12\uff10\uff11\uff17",
               env=kb_env(home)).check_refused("digits other than 0-9")
    assert not (home / "library" / "mou-d").exists()


# --- text of control characters only -----------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (("show", "\x01"), ("the citation has no readable text",)),
    (("links", "\x1b[2J"), ("the citation has no readable text",)),
    (("search", "\x01\x02"), ("the query has no readable text",)),
    (("recs", "--theme", "\x01"), ("the theme has no readable text", "or leave it out")),
    (("show", "  "), ("the citation is empty",)),
])
def test_control_characters_only_are_said_to_be_unreadable_not_empty(slice_home, args, words):
    harness.kb(*args, env=kb_env(slice_home), ceiling=harness.SEARCH).check_refused(*words)


# --- HTTP: a compressed request body -----------------------------------------------------------------

@pytest.mark.slow
def test_http_refuses_a_body_with_a_content_encoding(server):
    # before: a gzip body was "cannot be read as JSON (not UTF-8, or nested too deeply)", and
    # a plain body labelled "br" was answered as if the label were not there
    import httpx

    plain = json.dumps({"q": "paspor", "k": 1}).encode()
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for encoding, body in (("gzip", gzip.compress(plain)), ("br", plain), ("GZIP, deflate", plain)):
            response = http.post("/search", content=body, headers={"Content-Type": "application/json",
                                                                    "Content-Encoding": encoding})
            assert response.status_code == 400, (encoding, response.text)
            said = response.json()
            assert said["error"] == "invalid_request" and said["message"] == (
                f"Content-Encoding {encoding!r} is not accepted: send the JSON body uncompressed, without a "
                "Content-Encoding header"), said
        response = http.post("/search", content=plain, headers={"Content-Type": "application/json",
                                                                "Content-Encoding": "identity"})
        assert response.status_code == 200, response.text


# --- kb serve: a CORS origin no browser sends ------------------------------------------------------

@pytest.mark.parametrize("origin, words", [
    ("https://portal.example:99999", ("has port 99999: a port is 1-65535",)),
    ("https://portal.example:443", ("names the scheme's own port", "give 'https://portal.example'")),
    ("http://portal.example:80", ("give 'http://portal.example'",)),
    ("https://Portal.Example", ("has capitals", "give 'https://portal.example'")),
])
def test_serve_refuses_a_cors_origin_no_browser_sends(tmp_path, origin, words):
    # before: served, and the origin matched no request (the page's calls failed in the browser)
    harness.kb("serve", "--port", "0", "--cors-origin", origin, env=kb_env(tmp_path / "home")).check_refused(*words)


@pytest.mark.parametrize("origin", ["https://portal.example:8443", "http://localhost:3000", "http://[::1]:8080", "*"])
def test_origins_browsers_send_are_still_taken(origin):
    from kb.service.config import origin_problem

    assert origin_problem(origin) is None


# --- a damaged follow-up tracker --------------------------------------------------------------------

@pytest.mark.parametrize("damage", [b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_tracker_is_a_doctor_problem_with_its_fix_and_kept(tmp_path, damage):
    # before: `kb doctor` said every check was ok (exit 0); `kb recs` said "damaged" with no way out
    home = tmp_path / "home"
    home.mkdir()
    tracker = home / "tracker.sqlite"
    tracker.write_bytes(damage)
    out = harness.kb("doctor", env=kb_env(home), ceiling=harness.READ)
    out.check_clean()
    assert out.returncode == 1, out
    line = next(x for x in out.stdout.splitlines() if "follow-up tracker" in x)
    assert line.startswith("PROBLEM follow-up tracker:") and "keep a copy" in line and "move it aside" in line, line
    from kb.recs.tracker import Tracker, TrackerError

    with pytest.raises(TrackerError, match="is damaged or not a kb tracker: .*; it holds your follow-up .* keep a copy"):
        with Tracker(tracker)._connect(write=True):
            pass
    assert tracker.read_bytes() == damage  # the user's data is never replaced


def test_a_sound_tracker_is_ok(tmp_path):
    from kb.recs.tracker import Tracker, check_tracker

    path = tmp_path / "tracker.sqlite"
    assert check_tracker(path)[0] == "absent"
    with Tracker(path)._connect(write=True):
        pass
    assert check_tracker(path) == ("ok", "0 recommendation(s) followed up")


# --- the Python API: progress and flag arguments -----------------------------------------------------

_API_CASES = [
    ("kb.index(progress=5)", "progress must be None or an object with message, document, embedded methods"),
    ("kb.ensure_index(progress='x')", "progress must be None or an object with message, document, embedded methods"),
    ("kb.fetch(['cmw-gc-1'], progress=5, download=False)", "progress must be None or a callable, not int 5"),
    ("kb.fetch(['cmw-gc-1'], on_wait=5, download=False)", "on_wait must be None or a callable, not int 5"),
    ("kb.remove('mou-x', on_wait=[1])", "on_wait must be None or a callable"),
    ("kb.brief('paspor', progress=5)", "progress must be None or a callable, not int 5"),
    ("kb.units('cmw-gc-1', from_index='no')", "from_index must be True or False, not str 'no'"),
]


@pytest.mark.parametrize("call, words", _API_CASES, ids=[c for c, _w in _API_CASES])
def test_api_progress_and_flags_of_the_wrong_type_are_one_kb_error(tmp_path, call, words):
    # before: index(progress=5) was an AttributeError traceback once the build had begun;
    # units(from_index="no") read the index as if told yes
    api_case(tmp_path, call, (words,))  # round 10's runner: one KbError line, nothing written


# --- queries typed in full-width letters, or with a soft hyphen inside a word ------------------------

@pytest.mark.parametrize("typed", ["\uff50\uff45\uff4b\uff45\uff52\uff4a\uff41 \uff4d\uff49\uff47\uff52\uff41\uff4e",
                                   "peker\u00adja mig\u00adran", "pekerja\u3000mi\u200bgran", "peker\ufeffja migran"])
def test_a_query_in_full_width_letters_or_with_a_soft_hyphen_reads_as_typed_plainly(slice_home, typed):
    # before: "ｐａｓｐｏｒ" and "pa\u00adspor" were searched as noise (unrelated units, score 0.6)
    # and `kb ask` abstained on what it answers typed plainly
    from kb.api import KnowledgeBase
    from kb.validate import typed_words

    assert typed_words(typed) == "pekerja migran"
    kb = KnowledgeBase.open(slice_home, mirror=MIRROR)
    plain = [h.citation for h in kb.search("pekerja migran", k=5).hits]
    assert [h.citation for h in kb.search(typed, k=5).hits] == plain
    assert [[h.citation for h in r.hits] for r in kb.search_many([typed], k=5)] == [plain]
    asked, asked_plain = kb.ask(typed), kb.ask("pekerja migran")
    assert asked.abstained == asked_plain.abstained and \
        [s.citation for s in asked.sources] == [s.citation for s in asked_plain.sources]


def test_typed_words_leaves_other_text_as_it_is():
    from kb.validate import typed_words

    for text in ("paspor", "Pasal 5 - 6", "hak-hak", "attaché", "\u200bpaspor", "a\u00ad", "日本"):
        assert typed_words(text) == text
