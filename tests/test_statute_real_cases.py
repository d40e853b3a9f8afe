"""The Indonesian real-document cases (../shared/cases/real-documents, the `id-*` entries
of cases.json) and the hostile 1,200-Pasal statute, as users meet them: added to a
library with `KnowledgeBase.add`, then cited with `KnowledgeBase.get` (what `kb show`
prints). Each check is the one cases.json states; the case files are read in place."""

from __future__ import annotations

import json

import pytest

from kb.api import KnowledgeBase
from kb.errors import CitationError

from conftest import MIRROR

CASES = MIRROR.parent / "cases"
REAL = CASES / "real-documents"


def _id_cases() -> list[dict]:
    try:
        spec = json.loads((REAL / "cases.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [c for c in spec["cases"] if c["file"].startswith("id-")]


ID_CASES = _id_cases()
needs_cases = pytest.mark.skipif(not ID_CASES, reason=f"no real-document cases at {REAL}")


def case_id(case: dict) -> str:
    return case["file"].rsplit(".", 1)[0].lower()


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> KnowledgeBase:
    """A library holding every Indonesian case file, added as a user adds it."""
    home = tmp_path_factory.mktemp("cases-home")
    kb = KnowledgeBase.open(home, mirror=home / "no-mirror")
    for case in ID_CASES:
        kb.add(REAL / case["file"], id=case_id(case), title=case["file"], citation=case_id(case),
               family=case["family"], language=case["language"])
    return KnowledgeBase.open(home, mirror=home / "no-mirror")


def shown_text(hit) -> str:
    """The text `kb show` prints for a hit: the cited part, else the whole unit."""
    part = next((p for p in hit.unit.parts if p.locator == hit.locator), None)
    text = hit.unit.text[part.start : part.end] if part is not None and hit.locator != hit.unit.unit else hit.unit.text
    return " ".join(text.split())


@needs_cases
@pytest.mark.parametrize(
    "case, check",
    [(c, chk) for c in ID_CASES for chk in c["checks"]],
    ids=[f"{case_id(c)}::{chk['unit']}" for c in ID_CASES for chk in c["checks"]],
)
def test_real_document_case(library, case, check):
    cited = f"{case_id(case)} {check['unit']}"
    if check.get("expect_error"):
        with pytest.raises(CitationError):
            library.get(cited)
        return
    hit = library.get(cited)
    assert hit.unit.unit == check["unit"].split(" huruf ")[0].split(" angka ")[0] or hit.unit.unit == check["unit"]
    text = shown_text(hit).lower()
    if "contains" in check:
        assert " ".join(check["contains"].split()).lower() in text
    if "not_contains" in check:
        assert check["not_contains"].lower() not in text
    if "page" in check:
        assert check["page"] in hit.unit.pages, hit.unit.pages


@needs_cases
@pytest.mark.parametrize("case", ID_CASES, ids=case_id)
def test_real_document_case_has_no_unassigned_text(library, case):
    audit = library.audit(case_id(case))
    assert audit.share <= 0.005, audit.unassigned[:3]


@needs_cases
def test_amendment_point_cites_the_amended_provision(library):
    doc = "id-amendment-pasal-i-ii"
    hit = library.get(f"{doc} Pasal I angka 2")
    assert hit.unit.amends == "Pasal 9 PP 14/1993"
    assert hit.citation == f"{doc}, Pasal I angka 2 (Pasal 9 PP 14/1993)"
    assert hit.to_dict()["amends"] == "Pasal 9 PP 14/1993"
    names = [u.unit for u in library.units(doc, from_index=False)]
    assert names == ["Menimbang", "Mengingat", "Pasal I", "Pasal I angka 1", "Pasal I angka 2", "Pasal I angka 3", "Pasal II"]
    # The amended regulation's articles are no units of the amending act.
    assert not any(n in names for n in ("Pasal 1", "Pasal 2", "Pasal 9", "Pasal 11"))
    assert library.get(f"{doc} Pasal I angka 3").unit.amends == "Pasal 33 sampai dengan Pasal 46 PP 14/1993"
    # Pasal I holds its points as parts.
    pasal_i = library.get(f"{doc} Pasal I").unit
    assert [p.locator for p in pasal_i.parts] == ["Pasal I angka 1", "Pasal I angka 2", "Pasal I angka 3"]


@needs_cases
@pytest.mark.parametrize("article, point", [("Pasal 9", "Pasal I angka 2"), ("Pasal 40", "Pasal I angka 3")])
def test_an_amended_article_points_to_its_amendment_point(library, article, point):
    with pytest.raises(CitationError) as err:
        library.get(f"id-amendment-pasal-i-ii {article}")
    message = str(err.value)
    assert "\n" not in message and point in message and "no " + article in message


@needs_cases
def test_lampiran_ends_before_its_signature(library):
    lampiran = library.get("id-lampiran-dropped Lampiran").unit
    assert lampiran.text.startswith("LAMPIRAN PERATURAN PEMERINTAH")
    assert lampiran.text.endswith("USD 100.00")
    reservation = library.get("id-lampiran-in-penjelasan Lampiran").unit
    assert "SUSILO" not in reservation.text and "PRESIDENT" not in reservation.text
    assert library.get("id-lampiran-in-penjelasan Penjelasan Pasal 2").unit.text == "Cukup jelas."


HOSTILE = CASES / "hostile" / "pasal-over-999.txt"


@pytest.mark.skipif(not HOSTILE.exists(), reason=f"no hostile case at {HOSTILE}")
def test_statute_of_1200_pasal_is_not_cut_at_999(tmp_path):
    kb = KnowledgeBase.open(tmp_path / "home", mirror=tmp_path / "no-mirror")
    kb.add(HOSTILE, id="uu-contoh", title="UU Contoh", family="national-law", language="id")
    units = kb.units("uu-contoh", from_index=False)
    assert [u.unit for u in units] == [f"Pasal {n}" for n in range(1, 1201)]
    for n in (999, 1000, 1200):
        assert kb.get(f"uu-contoh Pasal {n}").unit.text == (
            f"Ketentuan nomor {n} berlaku bagi setiap penguji yang mencatat angka {n}."
        )
