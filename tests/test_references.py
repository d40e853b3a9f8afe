"""Explicit references between documents, found in the mirror's real texts (general
comments, Indonesian statutes with OCR damage) and measured against hand annotations."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import REPO, parse_mirror_doc
from kb.references import DocumentNames, Extractor, Host, extract_all


@pytest.fixture(scope="module")
def extractor(catalog):
    return Extractor(DocumentNames.from_documents(catalog))


def _refs(extractor, catalog, doc_id: str, text: str, unit: str = "para 99"):
    doc = catalog.get(doc_id)
    refs, _ = extractor.extract(text, Host(doc, doc.variant_of or doc.id, unit))
    return [(r.target_doc or r.target_name, r.target_locator or "", r.range_end) for r in refs]


@pytest.mark.parametrize("doc_id, text, expected", [
    ("cmw-gc-2", "Article 16, paragraph 4, mirrors article 9, paragraph 1, of the International Covenant on Civil "
                 "and Political Rights", [("icrmw", "Article 16(4)", None), ("ICCPR", "Article 9(1)", None)]),
    ("cmw-gc-2", "as provided in articles 21 and 22 of the Convention",
     [("icrmw", "Article 21", None), ("icrmw", "Article 22", None)]),
    ("cmw-gc-2", "the rights in Part III (arts. 8–35)", [("icrmw", "Article 8", "Article 35")]),
    ("cmw-gc-3", "article 3, paragraph 1, of the Convention on the Rights of the Child", [("CRC", "Article 3(1)", None)]),
    ("cmw-gc-6", "Convention, art. 13, para. 3 (d).", [("icrmw", "Article 13(3)(d)", None)]),
    ("cmw-gc-6", "See CMW/C/IDN/CO/1, para. 57 (e).", [("cmw-c-idn-co-1", "para 57 (e)", None)]),
    ("cmw-gc-6", "general comment No. 2 (2013), para. 4", [("cmw-gc-2", "para 4", None)]),
    ("cmw-gc-6", "Human Rights Committee, general comment No. 35 (2014), para. 18.",
     [("CCPR general comment No. 35 (2014)", "para 18", None)]),
    ("cmw-gc-6", "the Domestic Workers Convention, 2011 (No. 189) and ILO Convention No. 181",
     [("ILO Convention No. 189", "", None), ("ILO Convention No. 181", "", None)]),
    ("cmw-gc-6", "see paras. 20–22 above", [("cmw-gc-6", "para 20", "para 22")]),
    ("cmw-gc-6", "General Assembly resolution 45/158", [("icrmw", "", None)]),
    ("uu-18-2017", "sebagaimana dimaksud dalam Pasal 5 ayat (1) Undang-Undang Nomor 39 Tahun 2004",
     [("uu-39-2004", "Pasal 5 ayat (1)", None)]),
    ("uu-18-2017", "sebagaimana dimaksud dalam Pasal 12, Pasal 13, dan Pasal 14",
     [("uu-18-2017", "Pasal 12", None), ("uu-18-2017", "Pasal 13", None), ("uu-18-2017", "Pasal 14", None)]),
    ("uu-18-2017", "Pasal 8 ayat (1) dan ayat (2)", [("uu-18-2017", "Pasal 8 ayat (1)", None), ("uu-18-2017", "Pasal 8 ayat (2)", None)]),
    ("uu-18-2017", "Pasal 31 sampai dengan Pasal 35", [("uu-18-2017", "Pasal 31", "Pasal 35")]),
    ("uu-18-2017", "sesuai dengan Pasal 22 Konvensi", [("icrmw", "Article 22", None)]),
    ("uu-18-2017", "Pasal 28 D ayat (1) Undang-Undang Dasar Negara Republik Indonesia Tahun 1945",
     [("UUD 1945", "Pasal 28D ayat (1)", None)]),
    ("uu-18-2017", "Undang-Undang Nomor 39 Tahun 2OO4 tentang Penempatan", [("uu-39-2004", "", None)]),
    ("uu-18-2017", "dimaksud dalam Pasal 7l hurrf a", [("uu-18-2017", "Pasal 71 huruf a", None)]),
    ("cmw-gc-6", "Law No. 18 of 2017 and UU 6/2012", [("uu-18-2017", "", None), ("uu-6-2012", "", None)]),
])
def test_reference_forms(extractor, catalog, doc_id, text, expected):
    assert _refs(extractor, catalog, doc_id, text) == expected


def test_a_statute_does_not_cite_itself_or_its_own_ayat(extractor, catalog):
    assert _refs(extractor, catalog, "uu-18-2017", "sebagaimana dimaksud pada ayat (1) Undang-Undang ini", "Pasal 30") == []
    assert _refs(extractor, catalog, "pp-59-2021", "Ayat (3) Pasal 96 Cukup jelas.", "Penjelasan Pasal 96") == []


def test_general_comment_paragraphs_citing_article_21_resolve(catalog):
    units = [u for d in ("cmw-gc-1", "cmw-gc-2", "cmw-gc-5", "cmw-gc-6") for u in parse_mirror_doc(d).units]
    refs = extract_all(units, catalog)
    citing = {r.source for r in refs if r.target_doc == "icrmw" and r.target_unit == "Article 21"}
    assert {"cmw-gc-2::para 6", "cmw-gc-2::para 60", "cmw-gc-1::para 39"} <= citing
    # the Convention is not indexed: its articles are named targets, not resolved units
    assert not any(r.resolved for r in refs if r.target_doc == "icrmw")
    # general comments citing each other's paragraphs (in footnotes, "Ibid." included) resolve
    cited = {(r.source, r.where, r.target_doc, r.target_locator, r.resolved) for r in refs if r.target_doc in ("cmw-gc-2", "cmw-gc-5")}
    assert ("cmw-gc-6::para 39", "footnote 34", "cmw-gc-2", "para 4", True) in cited
    assert ("cmw-gc-6::para 49", "footnote 41", "cmw-gc-2", "para 2", True) in cited  # "Ibid., para. 2"
    assert ("cmw-gc-5::para 76", "footnote 12", "cmw-gc-2", "para 72", True) in cited  # after the comment's title


def test_statute_references_resolve_to_indexed_pasal(catalog):
    units = parse_mirror_doc("uu-18-2017").units
    refs = extract_all(units, catalog)
    pasal8 = [r for r in refs if r.source == "uu-18-2017::Pasal 8"]
    assert [(r.target_unit, r.target_locator, r.resolved) for r in pasal8][:1] == [("Pasal 7", "Pasal 7 huruf a", True)]
    within = [r for r in refs if r.target_doc == "uu-18-2017"]
    assert len(within) >= 50 and all(r.resolved for r in within)


@pytest.mark.parametrize("gold", ["references_gold.json", "references_gold_heldout.json"])
def test_precision_and_recall_on_hand_annotated_units(gold):
    """The figures the README reports; annotations in bench/data (see bench/references_eval.py)."""
    sys.path.insert(0, str(REPO / "bench"))
    from references_eval import evaluate

    result = evaluate(REPO / "bench" / "data" / gold)
    assert result["strict"]["precision"] >= 0.95 and result["strict"]["recall"] >= 0.95, result["strict"]
    assert result["unit"]["precision"] >= 0.98 and result["unit"]["recall"] >= 0.97, result["unit"]


def test_annotations_cover_both_families():
    for name in ("references_gold.json", "references_gold_heldout.json"):
        units = json.loads((REPO / "bench" / "data" / name).read_text(encoding="utf-8"))["units"]
        docs = {k.split("::")[0] for k in units}
        assert any(d.startswith("cmw-gc") for d in docs) and any(d.startswith(("uu-", "pp-")) for d in docs)
        assert sum(len(v) for v in units.values()) >= 50
