"""Shared fixtures. Tests read the real corpus mirror (../shared/corpus, or $KB_MIRROR);
nothing from it is copied into the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kb.config import apply_offline_defaults

apply_offline_defaults()

REPO = Path(__file__).resolve().parent.parent
MIRROR = Path(os.environ.get("KB_MIRROR") or REPO.parent / "shared" / "corpus").resolve()
EVAL_DIR = MIRROR.parent / "eval"


def mirror_manifest() -> dict:
    return json.loads((MIRROR / "manifest.json").read_text(encoding="utf-8"))


def mirror_file(doc_id: str) -> Path:
    """Path of a mirrored document's text file, by catalogue id."""
    for doc in mirror_manifest()["documents"]:
        if doc["id"] == doc_id:
            return MIRROR / doc["file"]
    raise KeyError(doc_id)


def mirror_pdf(doc_id: str) -> Path:
    """Path of the PDF rendering of a mirrored document."""
    for item in mirror_manifest().get("renderings", []):
        if item["rendering_of"] == doc_id:
            return MIRROR / item["file"]
    raise KeyError(doc_id)


@pytest.fixture(scope="session")
def mirror() -> Path:
    if not (MIRROR / "manifest.json").exists():
        pytest.fail(f"corpus mirror not found at {MIRROR}; set KB_MIRROR")
    return MIRROR


@pytest.fixture(scope="session")
def catalog():
    from kb.catalog import Catalog
    from kb.config import BUILTIN_CATALOG

    return Catalog.load(BUILTIN_CATALOG)


def parse_mirror_doc(doc_id: str):
    """Read and parse one mirrored document through the real pipeline."""
    from kb.catalog import Catalog
    from kb.config import BUILTIN_CATALOG
    from kb.readers import read
    from kb.structure import parse_document

    doc = Catalog.load(BUILTIN_CATALOG).get(doc_id)
    return parse_document(doc, read(mirror_file(doc_id)))
