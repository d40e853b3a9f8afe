"""Search filters, resolved against the catalogue into the set of documents allowed."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog
from ..errors import KbError
from ..models import FAMILIES, LANGUAGES, Document
from ..validate import calendar_date, party_code


@dataclass(frozen=True)
class Filters:
    family: tuple[str, ...] = ()
    doc: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    in_force: bool = False  # exclude repealed documents (they are otherwise returned, flagged)
    date_from: str | None = None  # YYYY[-MM[-DD]], inclusive
    date_to: str | None = None
    party: tuple[str, ...] = ()  # ISO 3166 alpha-3 codes ("IDN", "JPN") or jurisdiction ("ASEAN", "UN")

    def is_empty(self) -> bool:
        return not (self.family or self.doc or self.language or self.in_force or self.date_from or self.date_to or self.party)

    def validate(self, catalog: Catalog) -> "Filters":
        """The filters checked against the catalogue (families, languages, document ids,
        calendar dates, party codes); returns self or raises a one-line KbError."""
        from ..errors import InputError
        from ..validate import shown

        for what in ("family", "doc", "language", "party"):
            value = getattr(self, what)
            if not isinstance(value, (tuple, list)) or not all(isinstance(x, str) for x in value):
                raise InputError(f"filter {what} must be a tuple of text, e.g. ('national-law',), not {shown(value, 40)}")
        if not isinstance(self.in_force, bool):  # Filters(in_force="no") left repealed law out
            raise InputError(f"filter in_force must be True or False, not {shown(self.in_force, 40)}")
        for what in ("date_from", "date_to"):
            if getattr(self, what) is not None and not isinstance(getattr(self, what), str):
                raise InputError(f"filter {what} must be a date as text (YYYY[-MM[-DD]]), not {shown(getattr(self, what), 40)}")
        for fam in self.family:
            if fam not in FAMILIES:
                raise KbError(f"unknown family {fam!r}: use one of {', '.join(FAMILIES)}")
        for lang in self.language:
            if lang not in LANGUAGES:
                raise KbError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
        for doc_id in self.doc:
            catalog.get(doc_id)
        # kb.validate: real calendar dates (2024-13-45 is refused), named as the Python API,
        # the HTTP API and the MCP tools name them (the CLI checks its --date-from first).
        check_dates(self.date_from, self.date_to)
        if self.party:
            known = set().union(*(_parties(doc) for doc in catalog))
            for party in self.party:
                code = party_code(party)
                if code not in known:  # a filter no document can pass is a typo, not "no results"
                    raise KbError(f"unknown party code {code!r}: the catalogue's documents bind "
                                  f"{', '.join(sorted(known))}")
        return self

    def accepts(self, doc: Document) -> bool:
        """Whether `doc` passes every filter. Raises InputError when `doc` is no kb.Document
        or a date filter is not text (check filters first with `validate`)."""
        if not isinstance(doc, Document) or not all(isinstance(d, (str, type(None))) for d in (self.date_from, self.date_to)):
            from ..errors import InputError
            from ..validate import shown

            bad = doc if not isinstance(doc, Document) else (self.date_from, self.date_to)
            raise InputError(f"Filters.accepts needs a kb.Document and date filters as text, not {shown(bad, 40)}")
        if self.family and doc.family not in self.family:
            return False
        if self.doc and doc.id not in self.doc and (doc.variant_of or "") not in self.doc:
            return False
        if self.language and doc.language not in self.language:
            return False
        if self.in_force and doc.repealed:
            return False
        if self.date_from and (not doc.date or doc.date[: len(self.date_from)] < self.date_from):
            return False
        if self.date_to and (not doc.date or doc.date[: len(self.date_to)] > self.date_to):
            return False
        if self.party and not _parties(doc) & {p.upper() for p in self.party}:
            return False
        return True

    def allowed(self, catalog: Catalog, indexed: list[str]) -> list[str] | None:
        """Document ids a search may return; None means no restriction. Raises InputError
        when `catalog` is no kb Catalog or `indexed` no list of ids."""
        if not callable(getattr(catalog, "find", None)) or isinstance(indexed, (str, bytes)) or not isinstance(indexed, (list, tuple)):
            from ..errors import InputError
            from ..validate import shown

            raise InputError(f"Filters.allowed needs the Catalog and a list of document ids, not "
                             f"{shown(catalog, 30)}, {shown(indexed, 30)}")
        if self.is_empty():
            return None
        return [d for d in indexed if (doc := catalog.find(d)) is not None and self.accepts(doc)]


def check_dates(date_from: str | None, date_to: str | None, names: tuple[str, str] = ("date_from", "date_to")) -> None:
    """Check a date range's ends (YYYY[-MM[-DD]], real calendar dates, the first not after
    the second), naming them as the interface that took them does: `names` is
    ("date_from", "date_to") for the Python API, the HTTP parameters and the MCP
    arguments, ("--date-from", "--date-to") for the CLI (an HTTP error named "--date-from",
    an option the HTTP API does not have). Raises InputError or KbError (one line)."""
    for what, value in zip(names, (date_from, date_to)):
        if value not in (None, ""):
            calendar_date(value, what)
    if date_from and date_to:
        n = min(len(date_from), len(date_to))  # "2020" against "2010-05-01"
        if date_from[:n] > date_to[:n]:
            raise KbError(f"{names[0]} {date_from} is after {names[1]} {date_to}: swap them")


def make_filters(family=None, doc=None, language=None, in_force=False, date_from=None, date_to=None,
                 party=None) -> Filters:
    """The Filters of the filter arguments every interface takes (the Python API's
    keywords and dict, the CLI's options, the HTTP API's parameters and body, the MCP
    tools' arguments): a text or a list of texts for family, doc, language and party
    (None: no filter), in_force a bool, dates as text. Party codes are stripped and
    upper-cased ("idn " is IDN); a blank one is kept, for `Filters.validate` to refuse as
    every interface does. Raises InputError for a value of another type (only the Python
    API can pass one: the other interfaces' parsers typed them already); the names and
    values are checked against the catalogue by `Filters.validate`."""
    from ..errors import InputError
    from ..validate import shown

    if not isinstance(in_force, bool):  # "no" would be true, and repealed law silently left out
        raise InputError(f"filter in_force must be True or False, not {shown(in_force, 40)}")

    def texts(value, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        items = tuple(value) if isinstance(value, (list, tuple, set, frozenset)) else None
        if items is None or not all(isinstance(x, str) for x in items):
            raise InputError(f"filter {what} must be text or a list of text, not {shown(value, 40)}")
        return items

    for what, value in (("date_from", date_from), ("date_to", date_to)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"filter {what} must be a date as text (YYYY[-MM[-DD]]), not {shown(value, 40)}")
    return Filters(family=texts(family, "family"), doc=texts(doc, "doc"), language=texts(language, "language"),
                   in_force=in_force, date_from=date_from, date_to=date_to,
                   party=tuple(p.strip().upper() for p in texts(party, "party")))


def _parties(doc: Document) -> set[str]:
    """The party and jurisdiction codes a document binds, upper-case ("IDN" for Indonesian
    law, whose jurisdiction is "ID")."""
    have = {p.upper() for p in doc.parties} | ({doc.jurisdiction.upper()} if doc.jurisdiction else set())
    if doc.jurisdiction == "ID":
        have.add("IDN")
    return have
