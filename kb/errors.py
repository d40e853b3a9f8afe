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


class CitationError(KbError):
    """A citation could not be parsed or does not resolve to a unit."""


class QuestionError(KbError):
    """A question kb cannot take as asked: empty, or in a language kb does not handle."""


class IndexError_(KbError):
    """The index is missing, busy, or incompatible with the current settings."""


class LLMError(KbError):
    """The optional LLM could not be reached or replied with something unusable."""
