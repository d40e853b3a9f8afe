"""A user's Word MoU whose Article paragraphs Word numbers itself (w:numPr, the number is
in no run of text, "Restart at 1" in every Article), with a tracked change and a running
header: the numbers Word displays are kept and cited ("Article 2(2)"), the inserted words
kept, the deleted ones dropped. Probed in real15b: already so at s21; a guard for the kind."""

from __future__ import annotations

import pytest

docx = pytest.importorskip("docx")

from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from kb.models import Document  # noqa: E402
from kb.readers import read  # noqa: E402
from kb.structure import parse_document  # noqa: E402


def _el(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _mou(path) -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    style_num = str(d.styles["List Number"].element.pPr.numPr.numId.val)
    abstract = next(n for n in numbering.findall(qn("w:num"))
                    if n.get(qn("w:numId")) == style_num).find(qn("w:abstractNumId")).get(qn("w:val"))
    d.sections[0].header.paragraphs[0].text = "Draft for signature"
    d.add_paragraph("The Parties have agreed as follows:")
    for n, items in enumerate([["It applies to workers placed in Northland.", "It does not apply to seafarers."],
                               ["The employer shall pay the wage monthly.", "The employer shall not keep the passport."]], 1):
        d.add_paragraph(f"Article {n}")
        num = _el("w:num", numId=str(900 + n))
        num.append(_el("w:abstractNumId", val=abstract))
        override = _el("w:lvlOverride", ilvl="0")
        override.append(_el("w:startOverride", val="1"))
        num.append(override)
        numbering.append(num)
        for text in items:
            p = d.add_paragraph(text, style="List Number")
            num_pr = _el("w:numPr")
            num_pr.append(_el("w:ilvl", val="0"))
            num_pr.append(_el("w:numId", val=str(900 + n)))
            p._p.get_or_add_pPr().append(num_pr)
    p = d.add_paragraph("The Parties shall meet ")
    for tag, text_tag, words in (("w:ins", "w:t", "twice"), ("w:del", "w:delText", " once")):
        change = _el(tag, id="1", author="A", date="2026-01-01T00:00:00Z")
        run, t = OxmlElement("w:r"), OxmlElement(text_tag)
        t.text = words
        run.append(t)
        change.append(run)
        p._p.append(change)
    p.add_run(" a year.")
    d.save(path)


def test_word_numbering_restarted_in_each_article_is_kept_and_cited(tmp_path):
    path = tmp_path / "mou.docx"
    _mou(path)
    doc = Document(id="mou-w", title="MoU", citation="MoU", family="bilateral", language="en")
    parsed = parse_document(doc, read(path))
    units = {u.unit: u for u in parsed.units}
    a2 = units["Article 2"]
    assert a2.text.startswith("1. The employer shall pay")
    part = next(p for p in a2.parts if p.locator == "Article 2(2)")
    assert a2.text[part.start:part.end].startswith("2. The employer shall not keep the passport.")
    whole = " ".join(u.text for u in parsed.units)
    assert "meet twice a year" in whole and "once" not in whole
    assert parsed.audit.share == 0
