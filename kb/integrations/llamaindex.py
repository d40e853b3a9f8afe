"""kb as a llama-index retriever: NodeWithScore per unit, carrying the citation metadata,
so a llama-index application (query engine, agent tool) can plug kb's hybrid search in.

    from kb import KnowledgeBase
    from kb.integrations.llamaindex import KbRetriever
    retriever = KbRetriever(KnowledgeBase.open(), similarity_top_k=5)
    nodes = retriever.retrieve("recruitment fees charged to domestic workers")
    nodes[0].node.metadata["citation"]   # 'CMW/C/GC/1, para. 36'
"""

from __future__ import annotations

from typing import Any

try:
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("kb.integrations.llamaindex needs llama-index-core: pip install 'kb[llamaindex]'") from exc

from ..search.filters import Filters

METADATA_FIELDS = ("doc_id", "unit", "locator", "citation", "title", "family", "language", "status",
                   "pages", "heading", "source_url", "rank")


class KbRetriever(BaseRetriever):
    """Retrieves kb units (one node per unit, its best passage noted in the metadata)."""

    def __init__(self, kb: Any, similarity_top_k: int = 10, filters: Filters | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._kb = kb
        self._k = similarity_top_k
        self._filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        result = self._kb.search(query_bundle.query_str, k=self._k, filters=self._filters)
        nodes = []
        for hit in result.hits:
            data = hit.to_dict()
            metadata = {key: data[key] for key in METADATA_FIELDS}
            metadata["match"] = data["match"]
            node = TextNode(
                id_=f"{hit.document.id}::{hit.unit.unit}",
                text=hit.unit.text,
                metadata=metadata,
                # The text is the quotable unit; keep the bulky metadata out of LLM prompts.
                excluded_llm_metadata_keys=["heading", "source_url", "pages", "rank", "match"],
                excluded_embed_metadata_keys=list(metadata),
            )
            nodes.append(NodeWithScore(node=node, score=float(hit.score)))
        return nodes
