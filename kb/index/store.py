"""Vector stores: where a generation's passage vectors live and how they are searched.

- "matrix" (the default, embedded): one float32 matrix per generation (`vectors.npy`),
  memory-mapped by searchers and scored exactly (`MatrixVectors`). No import of a vector
  database on the query path; a read-only home serves searches.
- "http": a Chroma server (`chroma run`, `--chroma-url` / KB_CHROMA_URL), the scale-out
  path: approximate nearest neighbours (HNSW) answer in milliseconds where an exact scan
  of the matrix would not (see `HANDOVER_PASSAGES`). chromadb is imported only here.

Both answer in passage rows (positions in the generation's passages.jsonl). Vectors are
always passed in; chroma's own embedding function is never used (it would download a
model).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ..config import apply_environment_defaults
from ..errors import IndexDamaged, IndexError_

ADD_BATCH = 2000
VECTORS_FILE = "vectors.npy"
# Seconds a Chroma server may take to answer one request before kb gives up (a frozen
# server must not hang a search). KB_CHROMA_TIMEOUT overrides it.
CHROMA_TIMEOUT = 15.0
# Above this many passages a person waits for the exact scan of the embedded matrix: it
# reads every vector on every query, about 0.5 ms per 1,000 passages on 2 cores (bench/
# speed.py: 10 ms at 18,000 passages, 94 ms at 185,000, ~0.9 s at 1.85 million), while a
# Chroma server's HNSW index answers the same nearest-neighbour query in 6-17 ms at 185,000
# (63 vs 17 ms at load 11 on 2026-11-30; approximately: it found 42-45 % of the exact top
# 10 on the synthetic corpus, 92 % at 18,500, 100 % on the mirror). Below ~40,000
# passages the two cost the same and the embedded matrix is exact, simpler and read-only.
HANDOVER_PASSAGES = 100_000


def handover_note(passages: int, kind: str) -> str | None:
    """One line when an embedded index has grown past the point where a Chroma server
    answers faster, else None."""
    if kind != "matrix" or passages <= HANDOVER_PASSAGES:
        return None
    scan_ms = passages / 1000 * 0.5
    return (
        f"this index holds {passages:,} passages; past {HANDOVER_PASSAGES:,} the exact vector search costs about "
        f"{scan_ms:,.0f} ms a query here (0.5 ms per 1,000 passages on 2 cores), a Chroma server's 6-17 ms "
        "(bench/speed.py): start one (`chroma run --path DIR --port N`, `pip install 'kb[chroma]'`), set "
        "KB_CHROMA_URL and run `kb index`"
    )


# --- the embedded matrix ----------------------------------------------------------------


def write_matrix(path: Path, matrix: np.ndarray) -> None:
    """Save vectors as a .npy file (float32, C order) that searchers memory-map."""
    np.save(path, np.ascontiguousarray(matrix, dtype=np.float32))


def top_rows(sims: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n largest values, largest first (ties by position)."""
    n = min(int(n), sims.shape[0])
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    if n < sims.shape[0]:
        part = np.argpartition(-sims, n - 1)[:n]
    else:
        part = np.arange(sims.shape[0])
    return part[np.lexsort((part, -sims[part]))]


class MatrixVectors:
    """Exact cosine similarity over a memory-mapped (passages, dim) float32 matrix of unit
    vectors. Opening reads only the .npy header; pages are read as queries touch them."""

    kind = "matrix"

    def __init__(self, path: Path, rows: int, dim: int, generation: str = "?"):
        try:
            matrix = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise IndexDamaged(
                f"index generation {generation} is damaged ({path.name}: not a vector matrix, {exc}); "
                "run `kb index` to rebuild it"
            ) from None
        if matrix.dtype != np.float32 or matrix.shape != (rows, dim):
            raise IndexDamaged(
                f"index generation {generation} is damaged ({path.name}: {matrix.shape} {matrix.dtype}, "
                f"expected ({rows}, {dim}) float32); run `kb index` to rebuild it"
            )
        self.matrix = np.asarray(matrix)  # still memory-mapped; a plain array to numpy's operations

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def nearest(self, vector: np.ndarray, n: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(passage rows, cosine similarities) of the n nearest passages, nearest first;
        among `rows` only when given."""
        q = np.asarray(vector, dtype=np.float32)
        if rows is None:
            sims = self.matrix @ q
            best = top_rows(sims, n)
            return best, sims[best]
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size == 0:
            return rows, np.zeros(0, dtype=np.float32)
        sims = self.matrix[rows] @ q
        best = top_rows(sims, n)
        return rows[best], sims[best]

    def similarities(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to each passage row given."""
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size == 0:
            return np.zeros(0, dtype=np.float32)
        return self.matrix[rows] @ np.asarray(vector, dtype=np.float32)


# --- Chroma --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreLocation:
    kind: str  # "http" (a Chroma server) | "persistent" (an embedded chroma folder: benchmarks only)
    path: str | None = None  # persistent: folder
    url: str | None = None  # http: http(s)://host:port

    def describe(self) -> str:
        return self.url if self.kind == "http" else str(self.path)


def chroma_timeout() -> float:
    raw = os.environ.get("KB_CHROMA_TIMEOUT")
    if not raw:
        return CHROMA_TIMEOUT
    try:
        value = float(raw)
        if not 0 < value < 1e6:
            raise ValueError
        return value
    except ValueError:
        raise IndexError_(f"KB_CHROMA_TIMEOUT={raw!r} must be a number of seconds above 0") from None


def _unreachable(url: str | None, exc: BaseException) -> IndexError_:
    reason = getattr(exc, "reason", None) or exc
    if "timeout" in exc.__class__.__name__.lower() or "timed out" in str(reason):
        what = f"the Chroma server at {url} did not answer in time (frozen or overloaded?)"
    else:
        what = f"cannot reach the Chroma server at {url} ({reason.__class__.__name__}: {reason})"
    return IndexError_(f"{what}; start it (`chroma run --path DIR --port N`) or fix --chroma-url / KB_CHROMA_URL")


def check_server(url: str | None, timeout: float | None = None) -> None:
    """Is a Chroma server answering at `url`? Checked with the standard library, before
    anything expensive (importing chromadb, embedding). Raises IndexError_."""
    import urllib.error
    import urllib.request

    parsed = urlparse(url or "")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise IndexError_(f"chroma URL {url!r} must look like http://host:port")
    try:
        parsed.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise IndexError_(f"chroma URL {url!r} has an invalid port") from None
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/api/v2/heartbeat", timeout=timeout or chroma_timeout()) as r:
            r.read(1024)
    except urllib.error.HTTPError as exc:
        raise IndexError_(f"{url} answered HTTP {exc.code} to a heartbeat: is it a Chroma server (1.x)?") from None
    except (OSError, ValueError) as exc:
        raise _unreachable(url, exc) from None


def _client(location: StoreLocation, writing: bool = False):
    apply_environment_defaults()
    if location.kind == "http":
        check_server(location.url)
    try:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
    except ImportError:
        from ..errors import ConfigError

        raise ConfigError(
            "a Chroma server needs the chromadb client, an optional part of kb: "
            "pip install 'kb[chroma]' (in a checkout: .venv/bin/pip install -e '.[chroma]')"
        ) from None

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if location.kind == "persistent":
        return chromadb.PersistentClient(path=str(location.path), settings=settings)
    parsed = urlparse(location.url or "")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
        # Adding a batch to a large HNSW index takes longer than a query: a build waits
        # up to 10x the query timeout (at least 2 minutes) per request.
        _bound_requests(client, max(10 * chroma_timeout(), 120.0) if writing else chroma_timeout())
        client.heartbeat()
    except Exception as exc:
        raise _unreachable(location.url, exc) from None
    return client


def _bound_requests(client, seconds: float) -> None:
    """chromadb's HTTP client waits forever for an answer (its httpx session is created
    with timeout=None, chromadb 1.5): give every request a deadline."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:
        import httpx

        session.timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))


class VectorStore:
    """A chroma collection of a generation's passages, answering in passage rows."""

    kind = "http"

    def __init__(self, collection, location: StoreLocation, row_of=None, id_of=None):
        """row_of(passage id) -> row or None, id_of(row) -> passage id: how the generation
        names its passages (needed by the row interface only)."""
        self._col = collection
        self._count: int | None = None
        self.location = location
        self.name = collection.name
        self._row_of = row_of
        self._id_of = id_of

    def _guard(self, what):
        try:
            return what()
        except IndexError_:
            raise
        except Exception as exc:  # httpx and chromadb errors: the server went away or broke
            raise _unreachable(self.location.describe(), exc) from None

    @classmethod
    def create(cls, location: StoreLocation, name: str) -> "VectorStore":
        client = _client(location, writing=True)
        try:
            client.delete_collection(name)  # a leftover of an interrupted build
        except Exception:
            pass
        try:
            col = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
        except Exception as exc:
            raise _unreachable(location.describe(), exc) from None
        return cls(col, location)

    @classmethod
    def open(cls, location: StoreLocation, name: str, row_of=None, id_of=None) -> "VectorStore":
        client = _client(location)
        try:
            col = client.get_collection(name, embedding_function=None)
        except Exception:
            raise IndexError_(
                f"vector collection {name!r} is missing from {location.describe()}; rebuild with `kb index --rebuild`"
            ) from None
        return cls(col, location, row_of, id_of)

    @staticmethod
    def drop(location: StoreLocation, name: str) -> None:
        try:
            _client(location).delete_collection(name)
        except Exception:
            pass

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict]) -> None:
        for i in range(0, len(ids), ADD_BATCH):
            self._guard(lambda i=i: self._col.add(
                ids=ids[i : i + ADD_BATCH],
                embeddings=vectors[i : i + ADD_BATCH],
                metadatas=metadatas[i : i + ADD_BATCH],
            ))

    def count(self) -> int:
        if self._count is None:  # a published generation never changes
            self._count = int(self._guard(self._col.count))
        return self._count

    def __len__(self) -> int:
        return self.count()

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors by passage id (ids not in the store are left out)."""
        if not ids:
            return {}
        got = self._guard(lambda: self._col.get(ids=list(ids), include=["embeddings"]))
        return {pid: np.asarray(vec, dtype=np.float32) for pid, vec in zip(got["ids"], got["embeddings"])}

    def query(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) of the n nearest passages, optionally within documents."""
        if doc_ids is not None and not doc_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        n = max(1, min(int(n), self.count()))
        res = self._guard(lambda: self._col.query(query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=n,
                                                  where=where, include=["distances"]))
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0])]

    # The row interface MatrixVectors has, so searching does not care where vectors live.

    def nearest_in_docs(self, vector: np.ndarray, n: int, doc_ids: list[str] | None) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(self._row_of(pid), sim) for pid, sim in self.query(vector, n, doc_ids)]
        pairs = [(row, sim) for row, sim in pairs if row is not None]
        return (np.asarray([r for r, _ in pairs], dtype=np.int64),
                np.asarray([s for _, s in pairs], dtype=np.float32))

    def similarities(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        ids = [self._id_of(int(r)) for r in rows]
        got = self.vectors(ids)
        q = np.asarray(vector, dtype=np.float32)
        return np.asarray([float(got[pid] @ q) if pid in got else -1.0 for pid in ids], dtype=np.float32)


def location_for(index_dir: Path, generation: str, chroma_url: str | None) -> tuple[StoreLocation, str]:
    """Where a generation's vectors live on a Chroma server, and the collection's name there."""
    return StoreLocation("http", url=chroma_url), f"kb-{index_dir.name}-{generation}"
