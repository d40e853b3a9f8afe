"""Helpers for the service tests: the real `kb serve` / `kb mcp` commands started as
subprocesses on loopback, against a test home."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import kb_env

KB = [sys.executable, "-m", "kb.cli"]
READY = re.compile(r"kb: serving (http://\S+?)/? \(")


class KbServer:
    """`kb serve --port 0 ARGS` on a home; `.url` once it printed that it serves.

    Its stdout and stderr go to `log` (read it when a test fails: `.output()`)."""

    def __init__(self, home: Path, *args: str, log: Path, env: dict[str, str] | None = None, ready_s: float = 180):
        self.home = home
        self.args = ["--port", "0", *args]
        self.log = log
        self.env = kb_env(home, **(env or {}))
        self.ready_s = ready_s
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> "KbServer":
        self._fh = open(self.log, "w", encoding="utf-8")
        self.proc = subprocess.Popen([*KB, "serve", *self.args], stdout=self._fh, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env)
        deadline = time.monotonic() + self.ready_s
        while time.monotonic() < deadline:
            match = READY.search(self.output())
            if match:
                self.url = match.group(1).replace("0.0.0.0", "127.0.0.1")
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"kb serve exited with {self.proc.returncode}:\n{self.output()}")
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kb serve did not report ready in {self.ready_s}s:\n{self.output()}")

    def output(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._fh.close()
        return self.proc.returncode

    def __enter__(self) -> "KbServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def kb_server(home: Path, *args: str, log: Path, **options) -> Iterator[KbServer]:
    """A `KbServer` for the `with` block; the test fails if the server printed a traceback."""
    with KbServer(home, *args, log=log, **options) as srv:
        yield srv
    assert "Traceback" not in srv.output(), srv.output()


def run_kb(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a kb command to completion against a home."""
    return subprocess.run([*KB, *args], env=kb_env(home, **(env or {})), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def chromium_paths() -> tuple[str, str] | None:
    """Debian's chromium and chromedriver, when installed (`.ci/run` installs them)."""
    browser, driver = "/usr/bin/chromium", "/usr/bin/chromedriver"
    if os.path.exists(browser) and os.path.exists(driver):
        return browser, driver
    return None
