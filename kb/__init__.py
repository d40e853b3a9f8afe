"""kb: citable search and verbatim answers over the law on migrant workers' rights.

Public API (imported lazily, so `import kb` stays cheap):

    KnowledgeBase   open(), search(), get(citation), ask(), index(), fetch(), add()
    Document, Unit, Passage     catalogue entries and the citable units parsed from them
    Hit, SearchResult, Filters  search results and filters
    Answer                      quoted sentences with citations, or an abstention
    Citation, parse_citation, format_citation
    Reference, Links            explicit references between units; what `kb links` shows
    Recommendation, FollowUp    recommendations of concluding observations and their tracker state
    KbError                     every error a user can act on
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "KnowledgeBase": "kb.api",
    "Document": "kb.models",
    "Unit": "kb.models",
    "Passage": "kb.models",
    "Part": "kb.models",
    "Hit": "kb.search.results",
    "SearchResult": "kb.search.results",
    "Filters": "kb.search.filters",
    "SearchParams": "kb.search.hybrid",
    "Answer": "kb.answer",
    "Citation": "kb.citations",
    "parse_citation": "kb.citations",
    "format_citation": "kb.citations",
    "KbError": "kb.errors",
    "Reference": "kb.references",
    "Links": "kb.references.links",
    "Recommendation": "kb.recs",
    "FollowUp": "kb.recs",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .answer import Answer
    from .api import KnowledgeBase
    from .citations import Citation, format_citation, parse_citation
    from .errors import KbError
    from .models import Document, Part, Passage, Unit
    from .recs import FollowUp, Recommendation
    from .references import Reference
    from .references.links import Links
    from .search.filters import Filters
    from .search.hybrid import SearchParams
    from .search.results import Hit, SearchResult


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
