"""The hostile suite's harness: every case runs in a child process whose resources the
harness bounds, so a case that regresses fails its test instead of hanging CI.

- address space (RLIMIT_AS) and CPU time (RLIMIT_CPU) set in the child before it starts;
- a wall-clock timeout, after which the child's whole process group is killed;
- the child's own peak memory (ru_maxrss from wait4) and times are reported.

`Outcome.check_*` assert what every hostile case must give: one clear line and a non-zero
exit (or success), no traceback, no raw escape or C1 control byte on the terminal.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


@dataclass(frozen=True)
class Ceiling:
    """What one case may use: wall seconds, CPU seconds, address space in MB."""

    wall: float = 120.0
    cpu: int = 90
    memory_mb: int = 1500


READ = Ceiling(wall=120, cpu=60, memory_mb=1200)  # reading one file (kb add)
QUICK = Ceiling(wall=60, cpu=30, memory_mb=1200)  # commands that refuse or read small input
SEARCH = Ceiling(wall=180, cpu=90, memory_mb=2000)  # a search or an answer over a small index

# Raw escape sequences, C1 controls (U+0080-U+009F, also their UTF-8 form) and bidi
# overrides must never reach a terminal; JSON shows them as \u001b etc.
_UNSAFE = re.compile(r"[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Outcome:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    timed_out: bool
    ceiling: Ceiling

    def __str__(self) -> str:
        return (f"{' '.join(a[:60] for a in self.args)}\n  exit {self.returncode} after {self.seconds:.1f}s "
                f"(cpu {self.cpu_seconds:.1f}s, peak {self.max_rss_mb:.0f} MB)\n  stdout: {self.stdout[:600]!r}\n"
                f"  stderr: {self.stderr[-1500:]!r}")

    def check_bounded(self) -> "Outcome":
        assert not self.timed_out, f"wall-clock ceiling {self.ceiling.wall}s passed:\n{self}"
        # SIGXCPU (CPU ceiling) or SIGKILL/SIGSEGV (address space) end the child by signal.
        assert self.returncode >= 0, f"killed by signal {-self.returncode} (a ceiling?):\n{self}"
        assert "MemoryError" not in self.stderr, f"memory ceiling reached:\n{self}"
        return self

    def check_clean(self) -> "Outcome":
        """No traceback, no raw control sequence on either stream."""
        self.check_bounded()
        assert "Traceback" not in self.stderr, str(self)
        for name, text in (("stdout", self.stdout), ("stderr", self.stderr)):
            bad = _UNSAFE.search(text)
            assert bad is None, f"raw control character {bad.group()!r} on {name}:\n{self}"
        return self

    def check_ok(self) -> "Outcome":
        self.check_clean()
        assert self.returncode == 0, str(self)
        return self

    def check_refused(self, *words: str) -> str:
        """A non-zero exit with exactly one line on stderr, `kb: error: ...`, holding
        `words` (case-insensitive). Returns the line."""
        self.check_clean()
        assert self.returncode not in (0,), str(self)
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("kb: error:")]
        assert len(errors) == 1 and lines[-1] == errors[0], f"expected one `kb: error:` line:\n{self}"
        for word in words:
            assert word.lower() in errors[0].lower(), f"{word!r} not in {errors[0]!r}"
        return errors[0]


def _limiter(ceiling: Ceiling):
    mem = ceiling.memory_mb * 1024 * 1024

    def limit() -> None:  # in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CPU, (ceiling.cpu, ceiling.cpu + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return limit


def spawn(args: list[str], *, env: dict[str, str], ceiling: Ceiling = QUICK) -> subprocess.Popen:
    """Start `args` under the ceiling's address-space and CPU limits, without waiting (for
    cases that run processes side by side); the caller enforces the wall clock."""
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_limiter(ceiling), start_new_session=True)


def run(args: list[str], *, env: dict[str, str], ceiling: Ceiling = QUICK, cwd: str | Path | None = None,
        stdin: bytes | None = None) -> Outcome:
    """Run `args` in a child bounded by `ceiling` (see the module docstring)."""
    limit = _limiter(ceiling)

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        start = time.monotonic()
        proc = subprocess.Popen(args, stdin=inp, stdout=out, stderr=err, env=env, cwd=cwd, preexec_fn=limit,
                                start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > ceiling.wall:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        with_children_gone(proc.pid)
        out.seek(0)
        err.seek(0)
        return Outcome(list(args), proc.returncode, out.read().decode("utf-8", "replace"),
                       err.read().decode("utf-8", "replace"), elapsed, usage.ru_utime + usage.ru_stime,
                       usage.ru_maxrss / 1024, timed_out, ceiling)


def with_children_gone(pgid: int) -> None:
    """Nothing a case started outlives it (a reader thread, a grandchild)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kb(*args: str, env: dict[str, str], ceiling: Ceiling = QUICK, **kw) -> Outcome:
    """The real `kb` command (python -m kb.cli), bounded."""
    return run([sys.executable, "-m", "kb.cli", *args], env=env, ceiling=ceiling, **kw)


def python(code: str, *, env: dict[str, str], ceiling: Ceiling = QUICK, **kw) -> Outcome:
    return run([sys.executable, "-c", code], env=env, ceiling=ceiling, **kw)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes (lock files aside): to show nothing changed."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def mirror_home(home: Path, *doc_ids: str, env: dict[str, str], mirror: Path) -> Path:
    """`home` with the mirror's documents `doc_ids` fetched and indexed through the real CLI
    (their vectors ship with kb, so nothing is embedded); raises AssertionError (with the
    command's output) if either step fails. Returns `home`."""
    kb("corpus", "fetch", "--from", str(mirror), *doc_ids, env=env, ceiling=READ).check_ok()
    kb("index", "-q", env=env, ceiling=SEARCH).check_ok()
    return home


# A library probe: each call (Python source over `k`, an open KnowledgeBase) is evaluated
# in a fresh process, and its outcome recorded: "returned", the KbError's class chain (and
# "multi-line" for a message of several lines), or "not a kb error: …" for anything else.
# The calls are the last argument (JSON); `prelude` may read the ones before it.
_LIBRARY_CALLS = r"""
import json, math, pathlib, sys
import kb, kb.errors
{prelude}
k = kb.KnowledgeBase.open()
out = {{}}
for call in json.loads(sys.argv[-1]):
    try:
        eval(call)
        out[call] = "returned"
    except kb.errors.KbError as exc:
        out[call] = [c.__name__ for c in type(exc).__mro__] + (["multi-line"] if "\n" in str(exc) else [])
    except BaseException as exc:
        out[call] = ["not a kb error: " + type(exc).__name__ + ": " + str(exc)[:200]]
print(json.dumps(out))
"""


def library_calls_script(prelude: str = "") -> str:
    """The Python source of the library probe (`python -c SCRIPT [ARGS…] CALLS_JSON`)."""
    return _LIBRARY_CALLS.format(prelude=prelude)
