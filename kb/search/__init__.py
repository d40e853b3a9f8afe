"""Search over citable units: lexical (BM25), dense (vector store) and their fusion."""

from .filters import Filters
from .hybrid import DEFAULT_PARAMS, Searcher, SearchParams
from .results import JSON_FIELDS, Hit, SearchResult
from .successors import Successor, SuccessorMap

__all__ = ["Filters", "Searcher", "SearchParams", "DEFAULT_PARAMS", "Hit", "SearchResult", "JSON_FIELDS",
           "Successor", "SuccessorMap"]
