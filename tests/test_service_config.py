"""The service's rules that need no server: which addresses count as loopback, the token
rule, the message when the `serve` extra is missing, and `kb --help` staying light."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from kb.errors import ConfigError
from kb.service.config import Limits, ServiceConfig, is_loopback
from kb.service.shapes import recommendation_dict


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("10.0.0.1", False), ("example.org", False),
    ("", False),
])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_exposed_address_needs_a_long_enough_token():
    with pytest.raises(ConfigError, match="KB_API_TOKEN"):
        ServiceConfig(host="0.0.0.0").check()
    with pytest.raises(ConfigError, match="at least 16"):
        ServiceConfig(host="0.0.0.0", token="short").check()
    with pytest.raises(ConfigError, match="at least 16"):
        ServiceConfig(token="short").check()  # a weak token is refused on loopback too
    assert ServiceConfig(host="0.0.0.0", token="x" * 16).check().loopback is False
    assert ServiceConfig().check().loopback is True


def test_limits_must_be_positive():
    with pytest.raises(ConfigError, match="max_concurrent"):
        ServiceConfig(limits=Limits(max_concurrent=0)).check()
    with pytest.raises(ConfigError, match="port"):
        ServiceConfig(port=70000).check()


def test_token_and_hooks_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KB_API_TOKEN", "t" * 20)
    monkeypatch.delenv("KB_SERVE_TEST_HOOKS", raising=False)
    config = ServiceConfig.from_env(host="0.0.0.0")
    assert config.token == "t" * 20 and config.test_hooks is False
    monkeypatch.setenv("KB_SERVE_TEST_HOOKS", "1")
    assert ServiceConfig.from_env().test_hooks is True


def test_help_does_not_import_the_service_stack():
    code = ("import sys, kb.cli; "
            "print([m for m in ('fastapi', 'uvicorn', 'mcp', 'starlette', 'pydantic') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    out = subprocess.run([sys.executable, "-m", "kb.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert "serve" in out.stdout and "mcp" in out.stdout


@pytest.mark.parametrize("command, module", [("serve", "fastapi"), ("serve", "uvicorn"), ("mcp", "mcp")])
def test_missing_extra_names_the_pip_command(tmp_path, command, module):
    code = (f"import sys; sys.modules[{module!r}] = None; "  # as if the package were not installed
            f"from kb.cli import main; sys.argv = ['kb', '--home', {str(tmp_path)!r}, {command!r}]; main()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert out.stderr.startswith("kb: error:") and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert module in out.stderr and "pip install 'kb[serve]'" in out.stderr
    assert not (tmp_path / "indexes").exists()  # refused before touching the home


def test_recommendation_dict_without_a_serialiser():
    @dataclasses.dataclass
    class Sub:
        label: str
        text: str

    @dataclasses.dataclass
    class Rec:
        symbol: str
        paragraph: int
        subparagraphs: list
        heading: tuple = ()

        @property
        def citation(self) -> str:
            return f"{self.symbol}, para. {self.paragraph}"

    rec = Rec("CMW/C/XYZ/CO/1", 17, [Sub("a", "(a) Strengthen ...")], ("D. Principal subjects",))
    data = recommendation_dict(object(), rec)
    assert data == {"symbol": "CMW/C/XYZ/CO/1", "paragraph": 17, "subparagraphs": [{"label": "a", "text": "(a) Strengthen ..."}],
                    "heading": ["D. Principal subjects"], "citation": "CMW/C/XYZ/CO/1, para. 17"}

    class WithDict:
        def to_dict(self):
            return {"own": True}

    assert recommendation_dict(object(), WithDict()) == {"own": True}
