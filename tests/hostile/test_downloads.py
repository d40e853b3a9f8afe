"""#13 item 7: a download server that trickles keeps `kb corpus fetch` busy no longer than
the overall deadline (KB_DOWNLOAD_SECONDS), and one that sends less than the minimum rate
(KB_DOWNLOAD_MIN_RATE over KB_DOWNLOAD_RATE_WINDOW seconds) is dropped early. Real HTTP
servers on loopback, the real command; nothing is left in the library."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time

import pytest

import harness
from conftest import kb_env

pytestmark = pytest.mark.hostile


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Body (or, with /headers, the status line itself) one byte every `gap` seconds."""

    gap = 0.5
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        try:
            if self.path.startswith("/headers"):
                for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(self.gap)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            if not self.path.startswith("/nolength"):
                self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100000):
                self.wfile.write(b"%")
                self.wfile.flush()
                time.sleep(self.gap)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def trickler():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _catalogue(tmp_path, url):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"documents": [{"id": "slow-doc", "title": "Slow", "citation": "Slow",
                                               "family": "bilateral", "language": "en", "url": url}]}))
    return path


def _fetch(tmp_path, url, **env):
    home = tmp_path / "home"
    out = harness.kb("corpus", "fetch", "slow-doc",
                     env=kb_env(home, KB_CATALOG=str(_catalogue(tmp_path, url)), **env), ceiling=harness.QUICK)
    out.check_clean()
    assert out.returncode == 1, out
    leftovers = [p for p in (home / "library").rglob("*") if p.is_file() and p.name != ".lock"]
    assert leftovers == [], leftovers
    return out


def test_a_trickle_below_the_minimum_rate_is_dropped(tmp_path, trickler):
    out = _fetch(tmp_path, f"{trickler}/doc.pdf", KB_DOWNLOAD_RATE_WINDOW="3")
    assert "below the minimum of 1024 bytes/s (KB_DOWNLOAD_MIN_RATE)" in out.stdout, out
    assert out.seconds < 20, out


def test_a_trickle_without_length_is_not_taken_for_a_whole_file(tmp_path, trickler):
    out = _fetch(tmp_path, f"{trickler}/nolength/doc.pdf", KB_DOWNLOAD_RATE_WINDOW="3")
    assert "KB_DOWNLOAD_MIN_RATE" in out.stdout, out


def test_the_overall_deadline_holds_whatever_the_rate(tmp_path, trickler):
    out = _fetch(tmp_path, f"{trickler}/doc.pdf", KB_DOWNLOAD_MIN_RATE="0", KB_DOWNLOAD_SECONDS="4")
    assert "longer than 4 s (KB_DOWNLOAD_SECONDS)" in out.stdout, out
    assert out.seconds < 20, out


def test_a_server_trickling_its_headers_is_dropped_too(tmp_path, trickler):
    out = _fetch(tmp_path, f"{trickler}/headers/doc.pdf", KB_DOWNLOAD_SECONDS="4")
    assert "KB_DOWNLOAD_SECONDS" in out.stdout, out
    assert out.seconds < 20, out


def test_a_silent_server_times_out_per_read_and_within_the_deadline(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections (the kernel does) and never answers
    try:
        out = _fetch(tmp_path, f"http://127.0.0.1:{listener.getsockname()[1]}/doc.pdf", KB_DOWNLOAD_SECONDS="3")
        assert "KB_DOWNLOAD_SECONDS" in out.stdout or "timed out" in out.stdout, out
        assert out.seconds < 20, out
    finally:
        listener.close()
