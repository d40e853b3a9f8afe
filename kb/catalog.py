"""The catalogue: every document of the mission (shipped in corpus/catalog.json) plus the
documents a user added (library/user-catalog.json under the state directory)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import CatalogError
from .models import FAMILIES, LANGUAGES, Document

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
SCHEMES = ("statute-id", "un", "treaty", "asean", "generic")


def check_id(doc_id: str) -> str:
    """A document id is used as a folder name: keep it to a safe, lower-case slug."""
    if not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id) or ".." in doc_id:
        raise CatalogError(
            f"invalid document id {doc_id!r}: use lower-case letters, digits, '.', '-', '_' "
            "(no '/', no '..'), e.g. mou-id-my-2022"
        )
    return doc_id


def validate(doc: Document) -> Document:
    check_id(doc.id)
    if doc.family not in FAMILIES:
        raise CatalogError(f"{doc.id}: family {doc.family!r} is not one of {', '.join(FAMILIES)}")
    if doc.language not in LANGUAGES:
        raise CatalogError(f"{doc.id}: language {doc.language!r} is not one of {', '.join(LANGUAGES)}")
    if doc.scheme and doc.scheme not in SCHEMES:
        raise CatalogError(f"{doc.id}: scheme {doc.scheme!r} is not one of {', '.join(SCHEMES)}")
    if doc.date and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", doc.date):
        raise CatalogError(f"{doc.id}: date {doc.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return doc


def _load_file(path: Path, origin: str) -> list[Document]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: not a valid catalogue file ({exc})") from None
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError(f"{path}: expected an object with a 'documents' list")
    docs = []
    for entry in entries:
        try:
            doc = Document.from_dict({**entry, "origin": origin})
        except TypeError as exc:
            raise CatalogError(f"{path}: bad entry {entry.get('id', '?')!r} ({exc})") from None
        docs.append(validate(doc))
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
