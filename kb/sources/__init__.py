"""Where documents' bytes come from, and the library that keeps them.

State lives under ``settings.library_dir`` (``<home>/library``)::

    library/<doc_id>/<file name>   the document's file, exactly as obtained
    library/<doc_id>/meta.json     {"doc_id", "file", "sha256", "bytes", "source", "fetched_at", ...}
    library/user-catalog.json      catalogue entries of documents added with `kb add`
    library/.lock                  held while the library is being changed

Sources, in order: a mirror directory of the corpus (located through its
``manifest.json``, the catalogue's ``file`` path, or a file with the catalogue's
sha256), then the document's download URL. Every copy is checked against the
catalogue's checksum when it knows one, and every write goes to a temporary file in the
document's folder first and is renamed into place only once verified: a failure or an
interrupt never leaves a partial file, and never touches a copy already in place.

The package: `library` (the Library: local state, status, fetch, add, supply, remove),
`mirror` (finding and copying documents in a mirror directory), `download` (HTTP with
retries and resume), `reports` (what the library reports) and `files` (hashing and
other file helpers).
"""

from __future__ import annotations

from .files import sha256_file
from .library import SUPPLY_COMMAND, Library
from .reports import DocStatus, FetchResult, Progress

__all__ = ["DocStatus", "FetchResult", "Library", "Progress", "SUPPLY_COMMAND", "sha256_file"]
