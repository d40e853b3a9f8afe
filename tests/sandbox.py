"""Real broken environments for tests: a read-only home and a full disk, made with real
mounts (a read-only bind mount, a small tmpfs) inside a private mount namespace, so they
vanish with the process that made them, whatever happens to the test.

As root (here and in CI) `unshare -m` gives the namespace; as another user `unshare -rm`
(a user namespace) does where the kernel allows it. Where neither works the tests that
need it are skipped, saying why: no fake stands in for a real full disk.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest


@lru_cache(maxsize=1)
def namespace_prefix() -> list[str] | None:
    """The unshare command that lets this user mount a tmpfs, or None."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return None
    probe = tempfile.mkdtemp(prefix="kb-ns-probe-")
    try:
        candidates = [["unshare", "-m"], ["unshare", "-rm"]] if os.geteuid() == 0 else [["unshare", "-rm"]]
        for prefix in candidates:
            done = subprocess.run([*prefix, "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {shlex.quote(probe)}"],
                                  capture_output=True, timeout=30)
            if done.returncode == 0:
                return prefix
        return None
    finally:
        os.rmdir(probe)


def require_namespace() -> list[str]:
    prefix = namespace_prefix()
    if prefix is None:
        pytest.skip("no mount namespace here (unshare -m / -rm refused): cannot make a real read-only home or "
                    "full disk")
    return prefix


def kb_line(home: Path, out: Path, name: str, *args: str) -> str:
    """A shell line running `kb ARGS` against HOME, its stdout, stderr and exit status
    kept as OUT/NAME.{out,err,rc} (OUT is outside the mounts)."""
    cmd = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "kb.cli", "--home", str(home), *args])
    o = shlex.quote(str(out / name))
    return f"{cmd} > {o}.out 2> {o}.err; echo $? > {o}.rc"


def run_script(lines: list[str], env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    """Run shell lines in a private mount namespace (mounts made there vanish with it)."""
    prefix = require_namespace()
    script = "set -u\n" + "\n".join(lines)
    return subprocess.run([*prefix, "sh", "-c", script], capture_output=True, text=True, env=env, timeout=timeout)


class Outputs:
    """What kb_line kept: out["index"].rc, .out, .err."""

    def __init__(self, root: Path):
        self.root = root

    def __getitem__(self, name: str) -> "Result":
        return Result(self.root, name)


class Result:
    def __init__(self, root: Path, name: str):
        read = lambda ext: (root / f"{name}.{ext}").read_text(encoding="utf-8", errors="replace")
        self.rc = int(read("rc").strip() or -1)
        self.out = read("out")
        self.err = read("err")

    def __repr__(self) -> str:
        return f"rc={self.rc} out={self.out[:300]!r} err={self.err[:600]!r}"
