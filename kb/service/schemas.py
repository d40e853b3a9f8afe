"""Response shapes for the OpenAPI description (/openapi.json, /docs).

They document what the endpoints return; the bodies themselves are the library's own
`to_dict()` output (the README's JSON contract), sent as they are, so documentation can
never change a field. Every model allows extra fields: the contract says later fields may
be added, never removed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SuccessorRef(_Open):
    doc_id: str
    unit: str
    citation: str | None


class SearchHit(_Open):
    rank: int
    score: float
    doc_id: str = Field(description="catalogue id")
    unit: str = Field(description="canonical unit: Pasal N, para N, Article N, Penjelasan Pasal N, ...")
    locator: str = Field(description="the finest part the match lies in, e.g. Pasal 6 ayat (2) huruf b")
    citation: str = Field(description="full pinpoint citation, e.g. UU No. 18 Tahun 2017, Pasal 6 ayat (2) huruf b")
    title: str
    family: str = Field(description="convention, national-law, committee, regional or bilateral")
    language: str = Field(description="en or id")
    status: str = Field(description="'in force', or 'repealed by …' for repealed law")
    pages: list[int] = Field(description="printed pages; empty for sources without pages")
    heading: list[str]
    text: str = Field(description="the unit's full text, verbatim")
    source_url: str | None
    in_force: bool
    match: str | None = Field(description="the passage of the unit that matched, verbatim")
    part_text: str | None = Field(
        default=None, description="the text of the part `locator` pinpoints (an ayat, a huruf, a sub-paragraph), "
                                  "verbatim from `text`; null when the locator is the whole unit")
    exact: bool = Field(description="the query cited this unit")
    successor: SuccessorRef | None = Field(
        default=None, description="for a unit of repealed law: the closest provision of the law that replaced it")


class SearchResponse(_Open):
    query: str
    results: list[SearchHit]


class UnitsResponse(_Open):
    """GET /units/{citation} for a citation naming several units (a range, a list, a
    chapter); one unit is answered by the unit object itself (SearchHit)."""
    citation: str = Field(description="the citation as given")
    results: list[SearchHit] = Field(description="every unit named, in the order named")


class Source(_Open):
    n: int
    citation: str
    doc_id: str
    unit: str
    locator: str
    title: str
    family: str
    language: str
    status: str
    in_force: bool
    pages: list[int]
    url: str | None
    successor: str | None = Field(description="for repealed law: what replaced it")
    successor_provision: str | None = Field(
        None, description="for a repealed unit: the closest provision of the law in force that replaced it")


class Quote(_Open):
    text: str
    fragments: list[str] = Field(description="exact substrings of the cited unit's text")
    source: int = Field(description="the `n` of a source")
    spans: list[list[int]]


class Section(_Open):
    doc_id: str
    heading: str
    family: str
    quotes: list[Quote]


class Sentence(_Open):
    text: str
    citation: int = Field(description="the `n` of a source")
    fragments: list[str]


class AskResponse(_Open):
    question: str
    language: str = Field(description="the question's language (labels follow it)")
    abstained: bool = Field(description="the indexed documents do not answer: see message and related")
    message: str | None
    sections: list[Section] = Field(description="verbatim quotes grouped by instrument, by legal authority")
    sentences: list[Sentence]
    sources: list[Source]
    related: list[Source] = Field(description="closest units when abstaining")
    synthesis: list[dict[str, Any]]
    rejected: list[dict[str, Any]]


class DocumentOut(_Open):
    id: str
    title: str
    citation: str
    family: str
    language: str
    status: str
    in_force: bool
    indexed: bool = Field(description="searchable in the current index generation")


class DocumentsResponse(_Open):
    count: int
    documents: list[DocumentOut]


class IndexInfo(_Open):
    generation: str
    created_at: str
    embedder: str | None
    documents: list[str]
    units: int
    passages: int


class HealthResponse(_Open):
    status: str = Field(description="ok, or no-index")
    version: str
    generation: str | None
    units: int
    passages: int
    documents: int = Field(description="documents in the current index generation")
    uptime_s: float
    in_flight: int
    writes: bool = Field(description="started with --allow-writes")
    auth: bool = Field(description="requests need a bearer token")
    limits: dict[str, float]


class IndexStatus(_Open):
    index: IndexInfo | None
    build: dict[str, Any] = Field(description="the last build started through POST /index: state, times, report")


class ErrorResponse(BaseModel):
    error: str = Field(description="a stable code: invalid_request, query_too_long, request_too_large, "
                                   "request_timeout, unauthorized, writes_disabled, not_found, method_not_allowed, "
                                   "build_running, unknown_document, ambiguous_citation, invalid_citation, internal, "
                                   "configuration, llm_unavailable, busy, timeout, no_index, index_damaged, http_error")
    message: str = Field(description="one line saying what went wrong and what to do")
