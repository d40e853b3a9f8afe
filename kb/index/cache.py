"""Embeddings by content hash (the simonw/llm way): a passage whose embedded text did not
change is never embedded again, whatever happened to the index around it. SQLite in WAL
mode commits each batch, so work done before a crash is kept."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path, embedder_id: str, dim: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            " embedder TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL,"
            " PRIMARY KEY (embedder, key))"
        )
        self._db.commit()
        self.embedder_id = embedder_id
        self.dim = dim

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT key, vector FROM embeddings WHERE embedder = ? AND key IN ({','.join('?' * len(chunk))})",
                [self.embedder_id, *chunk],
            )
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == self.dim:
                    found[key] = vec
        return found

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO embeddings (embedder, key, vector) VALUES (?, ?, ?)",
            [(self.embedder_id, key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()
