"""Shared fixtures. Tests read the real corpus mirror (../shared/corpus, or $KB_MIRROR);
nothing from it is copied into the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kb.config import apply_environment_defaults

apply_environment_defaults()

REPO = Path(__file__).resolve().parent.parent
MIRROR = Path(os.environ.get("KB_MIRROR") or REPO.parent / "shared" / "corpus").resolve()
EVAL_DIR = MIRROR.parent / "eval"
# The shared cases sit beside the mirror (../shared/cases, or next to $KB_MIRROR), wherever the clone is.
HOSTILE_CASES = MIRROR.parent / "cases" / "hostile"


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


def rendering_ids() -> list[str]:
    """Ids of the documents the mirror also has as a PDF rendering."""
    try:
        return [r["rendering_of"] for r in mirror_manifest().get("renderings", [])]
    except FileNotFoundError:
        return []


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


# --- a small real index, built once per test session ---------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# One document of each kind kb parses, small enough to embed in well under a minute:
# an Indonesian statute, a UN general comment, an ASEAN declaration; plus two documents
# of our own wording added through `kb add` (a bilateral MoU, a repealed regulation).
SLICE = ("uu-6-2012", "cmw-gc-1", "asean-declaration-2007")


def kb_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for running the real `kb` command against a test home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env.update({"KB_HOME": str(home), "KB_MIRROR": str(MIRROR), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"})
    env.update(extra)
    return env


def add_fixture_documents(kb) -> None:
    kb.add(FIXTURES / "mou-sample.en.txt", id="mou-example", title="MoU on the placement of care workers (test fixture)",
           family="bilateral", language="en", date="2020-05-01", parties=["IDN", "XXL"], citation="Example MoU (2020)")
    kb.add(FIXTURES / "perda-contoh.id.txt", id="perda-contoh", title="Peraturan Contoh Nomor 1 Tahun 1999 (fiktif)",
           family="national-law", language="id", date="1999-01-01", status="repealed", citation="Peraturan Contoh 1/1999")


def make_slice_home(home: Path, cache_from: Path | None = None):
    """A state directory with the slice fetched from the mirror and the fixtures added."""
    from kb.api import KnowledgeBase

    if cache_from is not None and cache_from.exists():
        target = home / "indexes" / "cache"
        target.mkdir(parents=True, exist_ok=True)
        for f in cache_from.glob("embeddings.sqlite*"):
            (target / f.name).write_bytes(f.read_bytes())
    kb = KnowledgeBase.open(home, mirror=MIRROR)
    results = kb.fetch(SLICE, from_dir=MIRROR, download=False)
    assert all(r.status in ("fetched", "present") for r in results), results
    add_fixture_documents(kb)
    return KnowledgeBase.open(home, mirror=MIRROR)


@pytest.fixture(scope="session")
def slice_kb(tmp_path_factory):
    """A KnowledgeBase over the slice, indexed with the default embedder (session-wide)."""
    home = tmp_path_factory.mktemp("slice-home")
    kb = make_slice_home(home)
    kb.index()
    return kb


@pytest.fixture
def fresh_slice_home(tmp_path, slice_kb):
    """A new state directory with the slice, sharing the session's embedding cache, so
    builds in it re-embed nothing that was embedded before."""
    return make_slice_home(tmp_path / "home", cache_from=slice_kb.settings.indexes_dir / "cache")


@pytest.fixture(scope="session")
def full_kb(tmp_path_factory):
    """A KnowledgeBase over the whole mirror, indexed once per session: the answers'
    cases need the real documents together (UU 18/2017 beside the general comments, the
    IJEPA, the OCR copy of PP 59/2021). A cold build embeds ~1,850 passages (minutes on
    2 cores); KB_TEST_EMBEDDINGS=<an embeddings.sqlite> copies a warm embedding cache
    first (development only: the vectors are the same, only the time differs)."""
    from kb.api import KnowledgeBase

    home = tmp_path_factory.mktemp("full-home")
    warm = os.environ.get("KB_TEST_EMBEDDINGS")
    if warm and Path(warm).is_file():
        target = home / "indexes" / "cache"
        target.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):  # the write-ahead log holds the latest vectors
            if Path(warm + suffix).is_file():
                (target / f"embeddings.sqlite{suffix}").write_bytes(Path(warm + suffix).read_bytes())
    kb = KnowledgeBase.open(home, mirror=MIRROR)
    results = kb.fetch(from_dir=MIRROR, download=False)
    assert any(r.status == "fetched" for r in results), results
    kb.index()
    return KnowledgeBase.open(home, mirror=MIRROR)


# mblonyox/data-peraturan (about 5,900 Indonesian regulations as Markdown), a git
# repository without a work tree: the tests on its real files run only when
# KB_PERATURAN_STORE names it (it is not part of CI's checkout).
PERATURAN_STORE = os.environ.get("KB_PERATURAN_STORE")
needs_peraturan_store = pytest.mark.skipif(
    not PERATURAN_STORE, reason="KB_PERATURAN_STORE (the regulations store's git repository) not set")


def peraturan_bytes(path: str) -> bytes:
    """The bytes of one file of the store ("uu/2000/16.md"), read with `git show`."""
    import subprocess

    return subprocess.run(["git", "-C", PERATURAN_STORE, "show", f"HEAD:{path}"], capture_output=True, check=True).stdout


def peraturan_doc(path: str):
    """One regulation of the store parsed as a national law in Indonesian (kb.structure)."""
    from kb.models import Document
    from kb.readers import read_bytes
    from kb.structure import parse_document

    d = Document(id=path.replace("/", "-"), title=path, citation=path, family="national-law", language="id")
    return parse_document(d, read_bytes(peraturan_bytes(path), path.rsplit("/", 1)[-1]))
