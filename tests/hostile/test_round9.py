"""Round 9 of the hostile probes: what still broke, each kind fixed in the shared mechanism
and checked here through the real `kb mcp` on stdio.

- `kb mcp`: a line that is not JSON, a JSON-RPC batch (an array), a request with `"id":
  null`, a line that is not UTF-8 were dropped by the SDK's stdio reader without a word (a
  client waiting for the answer waited for ever); a line with no newline was read into
  memory whole (400 MB of it: a 0.5 GB server); a client that closed stdin right after
  its requests (`printf '...' | kb mcp`) got no answer to a search (cancelled at EOF).
  kb.service.mcp_stdio reads each line with a bound (Limits.max_message_bytes), answers a
  bad one with a JSON-RPC error (-32700 parse error, -32600 invalid request) and goes on,
  and answers the requests already read before it stops;
- `kb mcp`: a request whose params have the wrong shape (`tools/call` with `"name": 5`),
  and any request sent before `initialize`, were answered "Invalid request parameters"
  with empty data: kb.service.mcp_server.PlainParamErrors names the field, or says to
  initialize first; `kb mcp` with stdin or stdout closed was an AttributeError traceback;
- `kb serve`: a POST whose body never came whole (Content-Length 100, 14 bytes sent; or a
  byte now and then) held its connection and request for ever (200 s and counting): the
  body read in kb.service.app.GuardMiddleware has a deadline (Limits.body_seconds, 10 s),
  then 408 `request_timeout` in JSON;
- CLI: an error quoting a file name with a newline in it (`kb add $'a\\nb.txt'`, `kb eval`
  of such a file) printed two lines: kb.cli._common._fail shows line breaks as \\n, for
  every message; a name too long for the file system was "no such file" (it is "File name
  too long", said when the file is opened);
- citations: "Pasal 5.1" showed Pasal 5 (the decimal part dropped), "Pasal 1 Pasal 2"
  showed Pasal 1 (the second unit dropped): kb.citations.unreadable_part refuses both,
  saying what to write ("Pasal 5 ayat (1)", "Pasal 1 dan Pasal 2");
- a full disk under the home: SQLite's "disk I/O error" (SQLITE_IOERR_SHMSIZE, it cannot
  grow the cache's shared-memory file) was taken for damage: `kb index` set a good
  embedding cache aside as `embeddings.sqlite.damaged-…` and then printed a traceback
  ("database or disk is full"); kb.index.cache takes an I/O error on a nearly full disk for
  a full disk, any other I/O error for no damage, and keeps the file as it is;
- kb.toml: a key kb does not read (`homme = "..."`), `home` written above `[kb]`, or a
  misspelt `[kbb]` table were ignored, and kb went on with its default home without a
  word: kb.config refuses them in one line, with the nearest setting;
- HTTP and MCP: a date filter that is no calendar date, or a date_from after date_to, was
  said in the CLI's words ("--date-from '2020-13-45' ..."), an option neither has: the
  shared check (kb.search.filters) names both, "date_from (--date-from)".
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time

import pytest

import harness
from conftest import kb_env
from test_interfaces import server  # noqa: F401  (the `kb serve` on loopback fixture)

pytestmark = pytest.mark.hostile


def _line(message: dict) -> bytes:
    return json.dumps(message).encode() + b"\n"


_INIT = [_line({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
         _line({"jsonrpc": "2.0", "method": "notifications/initialized"})]


def _call(msg_id, name, arguments) -> bytes:
    return _line({"jsonrpc": "2.0", "id": msg_id, "method": "tools/call", "params": {"name": name, "arguments": arguments}})


def _session(home, lines: list[bytes]) -> tuple[harness.Outcome, list[dict]]:
    """A real `kb mcp` fed `lines`, then the end of stdin; every line it wrote, parsed."""
    out = harness.run([sys.executable, "-m", "kb.cli", "mcp"], env=kb_env(home), ceiling=harness.SEARCH,
                      stdin=b"".join(lines))
    out.check_bounded()
    assert out.returncode == 0 and "Traceback" not in out.stderr, str(out)
    return out, [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("raw, code, words", [
    (b"hello", -32700, ("Parse error", "not valid JSON")),
    (b'{"jsonrpc": "2.0", "id": 1, "method": "tools/li', -32700, ("Parse error",)),
    (b'{"jsonrpc": "2.0", "id": 1, "id": 2, "method": "tools/list"}', -32700, ("'id' is given twice",)),
    (b'{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": ' + b"[" * 5000 + b"]" * 5000 + b"}", -32700,
     ("nested too deeply",)),
    (b'{"jsonrpc": "2.0", "id": 1, "method": "\xff"}', -32700, ("not UTF-8", "byte 40 is 0xff")),
    (b"[1, 2, 3]", -32600, ("batch",)),
    (b'{"jsonrpc": "2.0", "id": null, "method": "tools/list"}', -32600, ("the id null",)),
    (b'{"jsonrpc": "2.0", "id": 1.5, "method": "tools/list"}', -32600, ("the id 1.5",)),
    (b'{"jsonrpc": "1.0", "id": 7, "method": "tools/list"}', -32600, ("not a JSON-RPC 2.0 message",)),
    (b'{"id": 7}', -32600, ("not a JSON-RPC 2.0 message",)),
    (b'"x" ' * 10, -32700, ("Parse error",)),
    (b'"' + b"a" * 2000 + b'"', -32600, ("at most 1,000 bytes",)),
])
def test_a_line_that_is_no_json_rpc_message_gets_an_error_response(raw, code, words):
    # before: dropped by the SDK's stdin reader, no response at all
    from kb.service.mcp_stdio import check_line

    text, error, _value = check_line(raw, 1000 if b"a" * 100 in raw else 100_000)
    assert text is None and error and error.endswith("\n") and error.count("\n") == 1, error
    response = json.loads(error)
    assert response["error"]["code"] == code and all(w in response["error"]["message"] for w in words), response
    assert response["id"] in (None, 7), response


def test_a_json_rpc_message_passes_the_filter_as_it_came():
    from kb.service.mcp_stdio import check_line

    for raw in (_INIT[0].strip(), _INIT[1].strip(), _call(3, "search", {"query": "paspor"}).strip(), b"   "):
        text, error, _value = check_line(raw, 1_000_000)
        assert error is None and (text is None if not raw.strip() else text == raw.decode()), (raw, error)


@pytest.mark.slow
def test_mcp_answers_every_bad_line_and_goes_on(slice_kb):
    # before: nothing for the first five lines, "Invalid request parameters" (empty data) for
    # id 3, and no answer to the search at all (cancelled when stdin closed)
    big = b'{"jsonrpc": "2.0", "id": 4, "method": "tools/list", "params": {"x": "' + b"a" * 3_000_000 + b'"}}\n'
    lines = [*_INIT, b"hello\n", b"[1, 2]\n", b'{"jsonrpc": "2.0", "id": null, "method": "tools/list"}\n',
             b'{"jsonrpc": "2.0", "id": 5, "method": "\xff"}\n', big,
             _line({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": 5, "arguments": []}}),
             _call(9, "search", {"query": "paspor", "k": 1})]
    out, responses = _session(slice_kb.settings.home, lines)
    errors = [r["error"] for r in responses if "error" in r and r["id"] is None]
    assert [e["code"] for e in errors] == [-32700, -32600, -32600, -32700], responses
    by_id = {r["id"]: r for r in responses if r["id"] is not None}
    # the line over the bound is answered with its own id (round 15: read from the line's
    # head), so its caller is not left waiting for its timeout
    assert by_id[4]["error"]["code"] == -32600 and "at most 1,048,576 bytes" in by_id[4]["error"]["message"]
    assert by_id[3]["error"]["code"] == -32602 and "params.name" in by_id[3]["error"]["message"], by_id[3]
    assert not by_id[9]["result"].get("isError") and "paspor" in by_id[9]["result"]["content"][0]["text"]


@pytest.mark.slow
def test_mcp_says_to_initialize_first(slice_kb):
    # before: "Invalid request parameters", data ""
    _out, responses = _session(slice_kb.settings.home, [_line({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
                                                       _call(2, "search", {"query": "paspor"})])
    assert [r["id"] for r in responses] == [1, 2], responses
    for r in responses:
        assert r["error"]["code"] == -32602 and "send 'initialize' first" in r["error"]["message"], r


@pytest.mark.parametrize("redirect, name", [("<&-", "stdin"), (">&-", "stdout")])
def test_mcp_with_stdin_or_stdout_closed_is_one_line(tmp_path, redirect, name):
    # before: AttributeError traceback from the SDK's stdio transport ('NoneType' object has
    # no attribute 'buffer')
    home = tmp_path / "home"
    out = harness.run(["sh", "-c", f'exec "$0" -m kb.cli mcp {redirect}', sys.executable],
                      env=kb_env(home, KB_MIRROR=str(tmp_path)), stdin=b"")
    out.check_refused(f"{name} is closed", "MCP client")
    assert not home.exists()


# `kb mcp` that reports its own peak memory (VmHWM, reset by exec, unlike the rusage peak,
# which keeps that of the pytest process the child was forked from).
_PEAK = ("import atexit, sys\n"
         "def peak():\n"
         "    hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
         "    sys.stderr.write(f'peak-kb {hwm}\\n')\n"
         "atexit.register(peak)\n"
         "from kb.cli import main\n"
         "main(prog_name='kb')\n")


@pytest.mark.slow
def test_a_line_without_end_is_never_kept_whole(slice_kb, tmp_path):
    # before: the server read the whole line into memory (400 MB of it: a 0.5 GB server)
    peaks = {}
    for name, size in (("small", 0), ("big", 200_000_000)):
        path = tmp_path / f"{name}.in"
        with open(path, "wb") as fh:
            fh.write(b"".join(_INIT))
            for _ in range(size // 10_000_000):
                fh.write(b"x" * 10_000_000)
        out = harness.run(["sh", "-c", 'exec "$0" -c "$1" mcp < "$2"', sys.executable, _PEAK, str(path)],
                          env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH)
        out.check_bounded()
        assert out.returncode == 0 and "Traceback" not in out.stderr, str(out)
        peaks[name] = int(out.stderr.split("peak-kb ")[1].split()[0]) / 1024
        if size:
            last = json.loads(out.stdout.splitlines()[-1])
            assert last["error"]["code"] == -32600 and "200,000,000 bytes" in last["error"]["message"], last
    assert peaks["big"] - peaks["small"] < 100, peaks


# --- kb serve: a body that never comes whole ------------------------------------------------------


@pytest.mark.slow
def test_http_body_that_never_arrives_whole_is_408_within_the_deadline(server):
    # before: the connection (and the request) were held for ever; the client waited too
    import httpx

    host, port = server.url.split("//")[1].rstrip("/").split(":")
    head = (b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\nConnection: close\r\n\r\n")
    answers: dict[str, tuple[float, bytes]] = {}

    def client(name: str, trickle: bool) -> None:
        start = time.monotonic()
        with socket.create_connection((host, int(port)), timeout=60) as sock:
            sock.sendall(head + b'{"q": "paspor"')
            # a byte a second, never all 100, until the server answers (sending after its
            # answer could reset the connection before the answer is read)
            while trickle and time.monotonic() - start < 30 and not select.select([sock], [], [], 1)[0]:
                sock.sendall(b" ")
            data = b""
            try:
                while chunk := sock.recv(65536):
                    data += chunk
            except OSError:
                pass
        answers[name] = (time.monotonic() - start, data)

    threads = [threading.Thread(target=client, args=(name, name == "trickle")) for name in ("short", "trickle")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    for name, (seconds, data) in answers.items():
        assert data.startswith(b"HTTP/1.1 408"), (name, data[:300])
        body = json.loads(data.split(b"\r\n\r\n", 1)[1])
        assert body["error"] == "request_timeout" and "within 10 s" in body["message"], body
        assert seconds < 25, (name, seconds)
    assert set(answers) == {"short", "trickle"}, answers
    with httpx.Client(base_url=server.url, timeout=60) as http:
        assert http.post("/search", json={"q": "paspor", "k": 1}).status_code == 200


# --- CLI: one line whatever the file is called -----------------------------------------------------

_ADD = ("--id", "probe-x", "--title", "T", "--family", "bilateral", "--language", "en")


@pytest.mark.parametrize("name, words", [
    ("no\nsuch.txt", ("no such file", "no\\nsuch.txt")),
    ("dir\n/x.txt", ("no such file", "dir\\n/x.txt")),
    ("cr\rname.txt", ("no such file", "cr\\rname.txt")),
    ("b" * 300 + ".txt", ("File name too long",)),
])
def test_kb_add_of_a_strange_name_is_one_line_that_says_what_is_wrong(tmp_path, name, words):
    # before: "kb: error: no such file: .../no" then "such.txt" on a line of its own; a
    # 300-character name was "no such file"
    home = tmp_path / "home"
    out = harness.kb("add", str(tmp_path / name), *_ADD, env=kb_env(home, KB_MIRROR=str(tmp_path)))
    line = out.check_refused(*words)
    assert "no such file" not in line or "too long" not in line
    assert not (home / "library" / "probe-x").exists()


def test_kb_eval_of_a_file_named_with_a_newline_is_one_line(tmp_path):
    path = tmp_path / "q\nfile.jsonl"
    path.write_text("not json\n", encoding="utf-8")
    out = harness.kb("eval", str(path), env=kb_env(tmp_path / "home", KB_MIRROR=str(tmp_path)))
    out.check_refused("q\\nfile.jsonl:1", "not a question line")


# --- citations: what a Pasal number is, and two units side by side ------------------------------


@pytest.mark.parametrize("typed, words", [
    ("UU 18/2017 Pasal 5.1", ("cannot read 'Pasal 5.1'", "'Pasal 5 ayat (1)'")),
    ("UU 18/2017 psl. 30.2 huruf a", ("cannot read", "'Pasal 30 ayat (2)'")),
    ("UU 18/2017 Pasal 1 Pasal 2", ("names Pasal 1 and then Pasal 2", "'Pasal 1 dan Pasal 2'")),
    ("UU 18/2017 Pasal 6 ayat (1) huruf a Pasal 7", ("names Pasal 6 and then Pasal 7",)),
])
def test_a_decimal_pasal_or_two_pasal_side_by_side_is_refused(typed, words):
    # before: Pasal 5 shown for "Pasal 5.1", Pasal 1 alone for "Pasal 1 Pasal 2"
    from kb.citations import unreadable_part

    message = unreadable_part(typed)
    assert message and "\n" not in message and all(w in message for w in words), message


@pytest.mark.parametrize("typed", ["UU 18/2017 Pasal 5.", "CMW/C/GC/1 para 12.3", "UU 18/2017 Pasal 1 dan Pasal 2",
                                   "UU 18/2017 Pasal 1, Pasal 2", "UU 18/2017 Pasal 1 jo. Pasal 2",
                                   "huruf j ayat (1) Pasal 6 UU 18/2017", "ayat (4) Pasal 38 UU 18/2017",
                                   "Pasal 5 UU 18/2017 dan Pasal 6 UU 6/2012"])
def test_lists_reversed_parts_and_dotted_paragraphs_still_read(typed):
    from kb.citations import unreadable_part

    assert unreadable_part(typed) is None


@pytest.mark.slow
def test_show_refuses_a_decimal_pasal(slice_kb):
    out = harness.kb("show", "UU 6/2012 Pasal 1.2", env=kb_env(slice_kb.settings.home), ceiling=harness.SEARCH)
    out.check_refused("'Pasal 1 ayat (2)'")


# --- a full disk is no damage ---------------------------------------------------------------------


def _io_error(name: str = "SQLITE_IOERR_SHMSIZE"):
    import sqlite3

    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorname = name
    return exc


@pytest.mark.parametrize("free, kind", [(0, "CacheFull"), (10**12, "CacheUnusable")])
def test_an_io_error_of_the_cache_keeps_the_file(tmp_path, monkeypatch, free, kind):
    # before: the cache was renamed embeddings.sqlite.damaged-<time> and started afresh
    import numpy as np

    from kb.index import cache as cache_mod

    path = tmp_path / "embeddings.sqlite"
    good = cache_mod.EmbeddingCache(path, "e", 4)
    good.put_many([("k", np.array([1.0, 0, 0, 0], dtype=np.float32))])
    good.close()
    before = path.read_bytes()

    def failing(self):
        raise _io_error()

    monkeypatch.setattr(cache_mod.EmbeddingCache, "_connect", failing)
    monkeypatch.setattr(cache_mod, "free_bytes", lambda folder: free)
    with pytest.raises(getattr(cache_mod, kind)) as info:
        cache_mod.EmbeddingCache(path, "e", 4)
    assert isinstance(info.value, OSError) and "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
    assert path.read_bytes() == before


def test_real_damage_is_still_set_aside(tmp_path):
    from kb.index.cache import EmbeddingCache

    path = tmp_path / "embeddings.sqlite"
    path.write_bytes(b"not a database" * 100)
    cache = EmbeddingCache(path, "e", 4)
    cache.close()
    assert any("damaged" in p.name for p in tmp_path.iterdir()) and "set aside" in cache.warnings[0]


@pytest.mark.slow
def test_kb_index_on_a_full_disk_keeps_the_embedding_cache(tmp_path):
    # A real full disk: a 6 MB tmpfs (root only). before: a traceback, and the cache of the
    # first build set aside as damaged
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        home = disk / "home"
        (tmp_path / "no-mirror").mkdir()
        env = kb_env(home, KB_MIRROR=str(tmp_path / "no-mirror"))
        for name, first in (("one", 1), ("two", 40)):
            text = "".join(f"Pasal {i}\nPekerja migran berhak atas pelindungan nomor {i} dalam teks uji.\n"
                           for i in range(first, first + 30))
            (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        add = ("--title", "T", "--family", "bilateral", "--language", "id")
        harness.kb("add", str(tmp_path / "one.txt"), "--id", "doc-one", *add, env=env, ceiling=harness.READ).check_ok()
        harness.kb("index", env=env, ceiling=harness.SEARCH).check_ok()
        cache = home / "indexes" / "cache" / "embeddings.sqlite"
        stored = cache.read_bytes()
        harness.kb("add", str(tmp_path / "two.txt"), "--id", "doc-two", *add, env=env, ceiling=harness.READ).check_ok()
        filler = disk / "filler"
        with open(filler, "wb") as fh:  # all but a few kB
            fh.write(b"\0" * max(0, os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize - 8192))
        harness.kb("index", env=env, ceiling=harness.SEARCH).check_refused("no space left", "unchanged")
        assert not [p for p in cache.parent.iterdir() if "damaged" in p.name]
        assert cache.read_bytes() == stored
        filler.unlink()
        out = harness.kb("index", env=env, ceiling=harness.SEARCH).check_ok()
        assert "cached" in out.stdout + out.stderr, str(out)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# --- kb.toml: a setting kb does not read ----------------------------------------------------------


@pytest.mark.parametrize("toml, words", [
    ('[kb]\nhomme = "h"\n', ("unknown setting 'homme' in [kb]", "did you mean 'home'")),
    ('[kb]\nMirror = "m"\n', ("unknown setting 'Mirror'", "did you mean 'mirror'")),
    ('home = "h"\n', ("'home' is outside the [kb] table", "under a [kb] line")),
    ('[kbb]\nhome = "h"\n', ("unknown table 'kbb'", "did you mean [kb]")),
    ('[kb]\nhome = "h"\n[kb.more]\nx = 1\n', ("unknown setting 'more' in [kb]",)),
    ('[tool]\nx = 1\n', ("unknown table 'tool'",)),
])
def test_kb_toml_refuses_a_setting_it_would_ignore(tmp_path, toml, words):
    # before: exit 0 on the default home (or the home of KB_HOME), the setting unread
    cfg = tmp_path / "kb.toml"
    cfg.write_text(toml, encoding="utf-8")
    env = kb_env(tmp_path / "home", KB_CONFIG=str(cfg))
    env.pop("KB_HOME")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    line = harness.kb("corpus", "status", env=env).check_refused(*words)
    assert str(cfg) in line
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "h").exists()


def test_kb_toml_with_known_settings_and_comments_still_reads(tmp_path):
    from kb.config import _read_config_file

    cfg = tmp_path / "kb.toml"
    cfg.write_text('# a comment\n[kb]\nhome = "h"\nmirror = "m"\nmax_file_mb = 5\n', encoding="utf-8")
    values = _read_config_file(cfg)
    assert values["home"] == tmp_path / "h" and values["max_file_bytes"] == 5 * 1024 * 1024


# --- a date filter is named as the interface names it ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("query, words", [
    ("date_from=2020-13-45", ("date_from '2020-13-45' is not a calendar date",)),
    ("date_from=2021&date_to=2020", ("date_from 2021 is after date_to 2020",)),
])
def test_http_date_errors_name_the_parameter_it_has(server, query, words):
    # before: "--date-from '2020-13-45' is not a calendar date ..." (a CLI option) from the API
    import httpx

    with httpx.Client(base_url=server.url, timeout=60) as client:
        response = client.get(f"/search?q=paspor&{query}")
    assert response.status_code == 422, response.text
    assert all(w in response.json()["message"] for w in words), response.text


def test_cli_date_errors_still_name_the_option(tmp_path):
    out = harness.kb("search", "paspor", "--date-from", "2020-13-45", env=kb_env(tmp_path / "home", KB_MIRROR=str(tmp_path)))
    out.check_refused("--date-from", "not a calendar date")
