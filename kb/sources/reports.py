"""What the library reports: a document's status, a fetch's result, and progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Progress = Callable[[str, int, "int | None"], None]


@dataclass(frozen=True)
class DocStatus:
    """One catalogue document as the library sees it."""

    doc_id: str
    title: str
    origin: str  # "catalog" or "user"
    state: str  # "present" | "missing" | "changed" (edited by hand) | "damaged"
    path: Path | None = None  # the local file, when present
    sha256: str | None = None  # of the local file, when present
    source: str | None = None  # where the local copy came from ("mirror:...", "url:...", "user:...")
    hint: str | None = None  # for missing or damaged documents: how to get them

    @property
    def present(self) -> bool:
        return self.state == "present"


@dataclass(frozen=True)
class FetchResult:
    doc_id: str
    status: str  # "fetched" | "present" | "missing" | "error"
    message: str
    path: Path | None = None
    sha256: str | None = None
    verified: bool = False  # the bytes matched a checksum the catalogue knows
