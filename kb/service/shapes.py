"""JSON shapes shared by the HTTP API and the MCP server (beyond the library's own
`to_dict()` methods, which both use as they are)."""

from __future__ import annotations

from typing import Any


def recommendation_dict(kb: Any, rec: Any) -> dict[str, Any]:
    """One recommendation in the `kb recs --json` shape: its own `to_dict()` when it has
    one, else the KnowledgeBase's public serialiser."""
    to_dict = getattr(rec, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    return kb.recommendation_dict(rec)
