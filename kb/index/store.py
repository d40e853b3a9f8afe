"""The vector store: chromadb, embedded (PersistentClient in the index folder) or a Chroma
server (HttpClient) for scale-out. Vectors are always passed in; chroma's own embedding
function is never used (it would download a model)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ..config import apply_environment_defaults
from ..errors import IndexError_

ADD_BATCH = 2000

@dataclass(frozen=True)
class StoreLocation:
    kind: str  # "persistent" | "http"
    path: str | None = None  # persistent: folder
    url: str | None = None  # http: http(s)://host:port

    def describe(self) -> str:
        return self.url if self.kind == "http" else str(self.path)


def _client(location: StoreLocation):
    apply_environment_defaults()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if location.kind == "persistent":
        return chromadb.PersistentClient(path=str(location.path), settings=settings)
    parsed = urlparse(location.url or "")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise IndexError_(f"chroma URL {location.url!r} must look like http://host:port")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
        client.heartbeat()
    except Exception as exc:
        raise IndexError_(f"cannot reach the Chroma server at {location.url} ({exc.__class__.__name__}: {exc})") from None
    return client


class VectorStore:
    def __init__(self, collection, location: StoreLocation):
        self._col = collection
        self._count: int | None = None
        self.location = location
        self.name = collection.name

    @classmethod
    def create(cls, location: StoreLocation, name: str) -> "VectorStore":
        client = _client(location)
        try:
            client.delete_collection(name)  # a leftover of an interrupted build
        except Exception:
            pass
        col = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
        return cls(col, location)

    @classmethod
    def open(cls, location: StoreLocation, name: str) -> "VectorStore":
        client = _client(location)
        try:
            col = client.get_collection(name, embedding_function=None)
        except Exception:
            raise IndexError_(
                f"vector collection {name!r} is missing from {location.describe()}; rebuild with `kb index --rebuild`"
            ) from None
        return cls(col, location)

    @staticmethod
    def drop(location: StoreLocation, name: str) -> None:
        try:
            _client(location).delete_collection(name)
        except Exception:
            pass

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict]) -> None:
        for i in range(0, len(ids), ADD_BATCH):
            self._col.add(
                ids=ids[i : i + ADD_BATCH],
                embeddings=vectors[i : i + ADD_BATCH],
                metadatas=metadatas[i : i + ADD_BATCH],
            )

    def count(self) -> int:
        if self._count is None:  # a published generation never changes
            self._count = int(self._col.count())
        return self._count

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors by passage id (ids not in the store are left out)."""
        if not ids:
            return {}
        got = self._col.get(ids=list(ids), include=["embeddings"])
        return {pid: np.asarray(vec, dtype=np.float32) for pid, vec in zip(got["ids"], got["embeddings"])}

    def query(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) of the n nearest passages, optionally within documents."""
        if doc_ids is not None and not doc_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        n = max(1, min(int(n), self.count()))
        res = self._col.query(query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=n, where=where, include=["distances"])
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0])]


def location_for(index_dir: Path, generation: str, chroma_url: str | None) -> tuple[StoreLocation, str]:
    """Where a generation's vectors live, and the collection's name there."""
    if chroma_url:
        return StoreLocation("http", url=chroma_url), f"kb-{index_dir.name}-{generation}"
    return StoreLocation("persistent", path=str(index_dir / generation / "chroma")), "kb-passages"
