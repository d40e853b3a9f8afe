"""Errors a user can act on. The CLI prints them as one line and exits non-zero."""

from __future__ import annotations


class KbError(Exception):
    """Base class: the message says what went wrong and what to do about it."""

    exit_code = 1


class ConfigError(KbError):
    """Bad configuration (paths, environment variables, options)."""


class CatalogError(KbError):
    """The catalogue is missing, malformed, or a document id is unknown or taken."""


class SourceError(KbError):
    """A document's bytes could not be obtained or failed verification."""


class ReadError(KbError):
    """A file could not be turned into text (corrupt, encrypted, scanned, binary...)."""


class InputError(KbError):
    """A value a user gave is malformed: a document id, a date, a URL, a query, a query
    file's line or encoding (kb.validate). The message names the value and the fix."""


class LimitError(KbError):
    """An input would cost more than one of kb's limits allows (kb.limits): a file too
    large, a PDF that draws too much, a query file or line too long, a download too slow.
    The message names the limit and the environment variable that raises it."""


class ReadLimitError(ReadError, LimitError):
    """Reading a file was stopped by a limit (pages, drawing operations, reading time)."""


class InputLimitError(InputError, LimitError):
    """A value a user gave holds more than a limit allows (more queries in one call than
    KB_MAX_QUERIES): malformed input and over a limit both."""


class InvalidIdError(CatalogError, InputError):
    """A document id that is not a valid catalogue id (kb.validate.document_id)."""


class CitationError(KbError):
    """A citation could not be parsed or does not resolve to a unit."""


class AmbiguousCitation(CitationError):
    """A citation that names a unit but no document ("Pasal 30": UU 18/2017, UU 39/2004
    and PP 59/2021 each have one): nothing is missing, the citation must name which
    (HTTP 422 `ambiguous_citation`)."""


class InvalidCitation(CitationError):
    """A citation kb cannot read as written, though nothing it names is missing: a typo
    ("Psal 30 UU 18/2017": did you mean …?) or no unit of the document it names (HTTP 422
    `invalid_citation`)."""


class QuestionError(KbError):
    """A question kb cannot take as asked: empty, or in a language kb does not handle."""


class IndexError_(KbError):
    """The index is missing, busy, or incompatible with the current settings."""


class LLMError(KbError):
    """The optional LLM could not be reached or replied with something unusable."""


class IndexDamaged(IndexError_):
    """A file of an index generation (or its manifest) is missing, truncated or altered.
    The message names the file and the fix (`kb index` rebuilds what is damaged)."""
