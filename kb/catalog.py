"""The catalogue: every document of the mission (shipped in corpus/catalog.json) plus the
documents a user added (library/user-catalog.json under the state directory)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import CatalogError
from .models import FAMILIES, LANGUAGES, Document

from . import validate as _v
from .errors import KbError

ID_PATTERN = _v.ID_PATTERN
SCHEMES = ("statute-id", "un", "treaty", "asean", "generic")

# What each catalogue field may hold (the user catalogue is a file people can edit).
_TEXT_FIELDS = ("id", "title", "citation", "family", "language")
_OPTIONAL_TEXT = ("date", "jurisdiction", "status", "repealed_by", "successor", "symbol", "official_source", "url",
                  "url_sha256", "sha256", "file", "format", "scheme", "variant_of", "notes", "origin")
_TEXT_LISTS = ("parties", "aliases", "sequences")


def check_id(doc_id: str) -> str:
    """A document id is used as a folder name: keep it to a safe, lower-case slug
    (kb.validate.document_id; raises InvalidIdError, a CatalogError)."""
    return _v.document_id(doc_id)


def validate(doc: Document) -> Document:
    """Check a catalogue entry's values: id, family, language, scheme, a real calendar
    date, an http(s) URL, one-line title/citation/status, party codes. Raises a KbError
    naming the document and the value."""
    check_id(doc.id)
    if doc.family not in FAMILIES:
        raise CatalogError(f"{doc.id}: family {doc.family!r} is not one of {', '.join(FAMILIES)}")
    if doc.language not in LANGUAGES:
        raise CatalogError(f"{doc.id}: language {doc.language!r} is not one of {', '.join(LANGUAGES)}")
    if doc.scheme and doc.scheme not in SCHEMES:
        raise CatalogError(f"{doc.id}: scheme {doc.scheme!r} is not one of {', '.join(SCHEMES)}")
    try:
        _v.one_line(doc.title, "title")
        _v.one_line(doc.citation, "citation")
        _v.document_status(doc.status)
        if doc.jurisdiction is not None:
            _v.party_code(doc.jurisdiction)
        if doc.date:
            _v.calendar_date(doc.date)
        if doc.url:
            _v.http_url(doc.url, "url", printed=True)
        for party in doc.parties:
            if _v.party_code(party) != party:
                raise CatalogError(f"party {party!r} must be upper case, e.g. {party.upper()!r}")
    except KbError as exc:
        raise type(exc)(f"{doc.id}: {exc}") from None
    return doc


def _check_entry(entry: object, path: Path, n: int) -> dict:
    """One entry of a catalogue file, with every field of the type a Document needs."""
    fix = "fix or remove that entry in the file"
    if not isinstance(entry, dict):
        raise CatalogError(f"{path}: entry {n} is {type(entry).__name__} {_v.shown(entry, 30)}, not an object; {fix}")
    label = f"entry {n} ({_v.shown(entry.get('id'), 40)})"
    for key in _TEXT_FIELDS:
        if not isinstance(entry.get(key), str):
            got = "missing" if key not in entry else f"{type(entry[key]).__name__}, not text"
            raise CatalogError(f"{path}: {label}: '{key}' is {got}; {fix}")
    for key in _OPTIONAL_TEXT:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise CatalogError(f"{path}: {label}: '{key}' is {type(entry[key]).__name__}, not text; {fix}")
    for key in _TEXT_LISTS:
        value = entry.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise CatalogError(f"{path}: {label}: '{key}' must be a list of strings; {fix}")
    return entry


def _load_file(path: Path, origin: str) -> list[Document]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: not a valid catalogue file ({exc})") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError(f"{path}: expected an object with a 'documents' list")
    docs = []
    for n, entry in enumerate(entries, start=1):
        entry = _check_entry(entry, path, n)
        try:
            doc = validate(Document.from_dict({**entry, "origin": origin}))
        except KbError as exc:
            raise CatalogError(f"{path}: entry {n}: {exc}; fix or remove that entry in the file") from None
        docs.append(doc)
    return docs


class Catalog:
    """Documents by id, in catalogue order (shipped first, then user-added)."""

    def __init__(self, documents: list[Document], user_path: Path | None = None):
        self._docs: dict[str, Document] = {}
        for doc in documents:
            if doc.id in self._docs:
                raise CatalogError(f"document id {doc.id!r} appears twice in the catalogue")
            self._docs[doc.id] = doc
        self.user_path = user_path

    @classmethod
    def load(cls, builtin: Path, user: Path | None = None) -> "Catalog":
        if not builtin.exists():
            raise CatalogError(f"catalogue not found at {builtin}")
        docs = _load_file(builtin, "catalog")
        if user is not None:
            docs += _load_file(user, "user")
        return cls(docs, user)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._docs.values())

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def get(self, doc_id: str) -> Document:
        try:
            return self._docs[doc_id]
        except KeyError:
            raise CatalogError(f"unknown document id {doc_id!r}; `kb corpus status` lists them") from None

    def find(self, doc_id: str) -> Document | None:
        return self._docs.get(doc_id)

    def variants_of(self, doc_id: str) -> list[Document]:
        return [d for d in self._docs.values() if d.variant_of == doc_id]

    def reload_user(self) -> None:
        """Read the user catalogue again from disk. A writer calls it once it holds the
        library lock: another kb process may have added or removed documents since this
        catalogue was loaded, and writing the old list back would lose its change."""
        if self.user_path is None:
            return
        fresh = _load_file(self.user_path, "user")
        docs = {d.id: d for d in self._docs.values() if d.origin != "user"}
        for doc in fresh:
            if doc.id in docs:
                raise CatalogError(f"{self.user_path}: document id {doc.id!r} is also in the shipped catalogue; "
                                   "remove that entry from the file")
            docs[doc.id] = doc
        self._docs = docs

    def add_user_document(self, doc: Document) -> None:
        """Record a user document in the user catalogue, atomically."""
        validate(doc)
        if doc.id in self._docs:
            where = "the shipped catalogue" if self._docs[doc.id].origin == "catalog" else "your added documents"
            raise CatalogError(f"document id {doc.id!r} already exists in {where}; choose another --id")
        if self.user_path is None:
            raise CatalogError("no user catalogue location configured")
        user_docs = [d for d in self._docs.values() if d.origin == "user"] + [doc]
        write_json_atomic(self.user_path, {"documents": [d.to_dict() for d in user_docs]})
        self._docs[doc.id] = doc

    def remove_user_document(self, doc_id: str) -> Document:
        doc = self.get(doc_id)
        if doc.origin != "user":
            raise CatalogError(f"{doc_id!r} is part of the shipped catalogue and cannot be removed")
        remaining = [d for d in self._docs.values() if d.origin == "user" and d.id != doc_id]
        assert self.user_path is not None
        write_json_atomic(self.user_path, {"documents": [d.to_dict() for d in remaining]})
        del self._docs[doc_id]
        return doc


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
