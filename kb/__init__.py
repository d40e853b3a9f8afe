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
    InputError, LimitError      a value users gave is malformed (kb.validate) / over a limit (kb.limits)
"""

from __future__ import annotations

import os as _os
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# numpy's BLAS threads spin while they wait: on 2 cores shared with other work, scoring the
# mirror's 1,847 x 384 vector matrix took 32 ms p50 with 2 OpenBLAS threads and 0.1 ms
# with one (bench/README.md). Set here, before any kb module imports numpy; a user's own
# setting wins.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
    "InputError": "kb.errors",
    "LimitError": "kb.errors",
    "Reference": "kb.references",
    "Links": "kb.references.links",
    "Recommendation": "kb.recs",
    "FollowUp": "kb.recs",
}

__all__ = sorted(_EXPORTS)

# Types the public API's signatures name ("-> kb.BuildReport"), imported on first use like
# the exports above, so typing.get_type_hints(kb.KnowledgeBase.index) resolves them; not
# part of `from kb import *`.
_TYPES = {
    "Audit": "kb.structure.audit",
    "Brief": "kb.brief",
    "BuildReport": "kb.index.build",
    "Progress": "kb.index.build",
    "Tracker": "kb.recs",
    "ReferenceIndex": "kb.references",
    "DocStatus": "kb.sources",
    "FetchResult": "kb.sources",
    "Library": "kb.sources",
    "ParsedDocument": "kb.models",
}

if TYPE_CHECKING:  # pragma: no cover
    from .answer import Answer
    from .api import KnowledgeBase
    from .citations import Citation, format_citation, parse_citation
    from .errors import InputError, KbError, LimitError
    from .models import Document, Part, Passage, Unit
    from .recs import FollowUp, Recommendation
    from .references import Reference
    from .references.links import Links
    from .search.filters import Filters
    from .search.hybrid import SearchParams
    from .search.results import Hit, SearchResult
    from .brief import Brief
    from .index.build import BuildReport, Progress
    from .models import ParsedDocument
    from .recs import Tracker
    from .references import ReferenceIndex
    from .sources import DocStatus, FetchResult, Library
    from .structure.audit import Audit


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name) or _TYPES.get(name)
    if module is None:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
