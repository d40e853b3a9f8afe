"""#13 item 4: concurrent writers wait for each other and all succeed; nothing is lost.

Before: of two `kb add` started together one was refused ("user-catalog.json changed
since this command started"); of 8 in parallel, 1 succeeded. Now a writer waits for the
library lock (as `kb index` waits for its own), reads the user catalogue again under it,
and adds its entry; `--no-wait` fails at once instead."""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
import time

import pytest

import harness
from conftest import FIXTURES, kb_env

pytestmark = pytest.mark.hostile

MOU = FIXTURES / "mou-sample.en.txt"


def _start(home, *args):
    return harness.spawn([sys.executable, "-m", "kb.cli", *args], env=kb_env(home), ceiling=harness.QUICK)


def _finish(procs, timeout=240):
    deadline = time.monotonic() + timeout
    results = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for q in procs:
                harness.with_children_gone(q.pid)
            raise AssertionError("a writer did not finish within the ceiling") from None
        results.append((p.returncode, out, err))
    return results


def _ids(home):
    return sorted(d["id"] for d in json.loads((home / "library" / "user-catalog.json").read_text())["documents"])


def test_eight_parallel_adds_all_succeed_then_eight_removes(tmp_path):
    home = tmp_path / "home"
    harness.kb("corpus", "status", env=kb_env(home)).check_ok()
    names = [f"par-{i}" for i in range(8)]
    # The eight start while another writer holds the library lock, so they certainly meet
    # (left to chance, an idle machine can run them one after another without a wait).
    (home / "library").mkdir(parents=True, exist_ok=True)
    lock = open(home / "library" / ".lock", "a+b")
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
    try:
        procs = [_start(home, "add", str(MOU), "--id", n, "--title", f"Parallel {n}", "--family", "bilateral",
                        "--language", "en") for n in names]
        time.sleep(3)
        assert all(p.poll() is None for p in procs)  # all waiting for the lock
    finally:
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        lock.close()
    results = _finish(procs)
    for code, out, err in results:
        assert code == 0 and "added" in out and "Traceback" not in err, (code, out, err)
    assert _ids(home) == names
    for n in names:
        assert (home / "library" / n / "meta.json").is_file()
    waited = sum("waiting for it" in err for _c, _o, err in results)
    assert waited >= 1  # they did meet, said so, and waited

    # removes and adds interleaved, all at once
    procs = [_start(home, "remove", n) for n in names[:4]]
    procs += [_start(home, "add", str(MOU), "--id", f"more-{i}", "--title", "More", "--family", "bilateral",
                     "--language", "en") for i in range(4)]
    for code, out, err in _finish(procs):
        assert code == 0 and "Traceback" not in err, (code, out, err)
    assert _ids(home) == sorted(names[4:] + [f"more-{i}" for i in range(4)])
    assert not any((home / "library" / n).exists() for n in names[:4])


def test_a_second_writer_waits_or_with_no_wait_fails_at_once(tmp_path):
    home = tmp_path / "home"
    harness.kb("add", str(MOU), "--id", "first", "--title", "First", "--family", "bilateral", "--language", "en",
               env=kb_env(home)).check_ok()
    lock = open(home / "library" / ".lock", "a+b")
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # another writer at work
    try:
        before = harness.tree(home)
        out = harness.kb("add", str(MOU), "--id", "second", "--title", "Second", "--family", "bilateral",
                         "--language", "en", "--no-wait", env=kb_env(home))
        out.check_refused("another kb process", "--no-wait")
        assert out.seconds < 30
        harness.kb("remove", "first", "--no-wait", env=kb_env(home)).check_refused("another kb process")
        assert harness.tree(home) == before
        waiting = _start(home, "add", str(MOU), "--id", "second", "--title", "Second", "--family", "bilateral",
                         "--language", "en")
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        lock.close()
    [(code, out, err)] = _finish([waiting])
    assert code == 0 and "waiting for it" in err and "added second" in out, (code, out, err)
    assert _ids(home) == ["first", "second"]
