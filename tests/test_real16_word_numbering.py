"""Real documents, round 16: a user's Word MoU whose Article paragraphs Word numbers
itself (w:numPr, the number in no run of text).

- Numbering that continues across Articles (one list for the whole MoU, the way Word
  numbers it until the author restarts it): Article 2's paragraphs are displayed 4, 5, 6
  after Article 1's 1-3. Each is a part of Article 2, cited as Word displays it,
  "Article 2(4)" (was: Article 2 and 3 had no part at all, the list did not start at 1).
  The same shape printed to text or PDF reads the same.
- An unnumbered paragraph after the last numbered paragraph of an Article (a closing
  sentence of the Article, not indented as the list's text): it belongs to the Article,
  after its parts (was: counted in the last paragraph, "Article 2(3)").
  An indented paragraph (the list's own continuation) stays in the paragraph, and
  typed items "(a)" after a paragraph ending with ":" stay its items.
"""

from __future__ import annotations

import pytest

docx = pytest.importorskip("docx")

from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm  # noqa: E402

from kb.models import Document  # noqa: E402
from kb.readers import read, read_bytes  # noqa: E402
from kb.structure import parse_document  # noqa: E402

ARTICLES = [
    ("Article 1", "Scope", ["This Memorandum applies to workers placed in Northland.",
                            "It does not apply to seafarers.", "It covers domestic workers."]),
    ("Article 2", "Employers", ["The employer shall pay the wage monthly into an account.",
                                "The employer shall not keep the passport of the worker.",
                                "The employer shall provide a rest day each week."]),
    ("Article 3", "Costs", ["The employer shall bear the cost of the visa.",
                            "The worker shall not be charged a placement fee."]),
]
CLOSING = "The competent authorities shall monitor compliance with this Article."


def _restart(d, abstract: str, num_id: int):
    numbering = d.part.numbering_part.element
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ab = OxmlElement("w:abstractNumId")
    ab.set(qn("w:val"), abstract)
    num.append(ab)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)


def _numbered(d, text: str, num_id: int | None = None):
    p = d.add_paragraph(text, style="List Number")
    if num_id is not None:
        num_pr = OxmlElement("w:numPr")
        for tag, val in (("w:ilvl", "0"), ("w:numId", str(num_id))):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            num_pr.append(el)
        p._p.get_or_add_pPr().append(num_pr)
    return p


def _mou(path, restart: bool = False, closing: str | None = None, extra=None) -> None:
    """The MoU as users write it: "Article N" and a caption as plain paragraphs, the
    paragraphs in Word's "List Number" style (one list, continuing), optionally restarted
    in each Article, and `closing` unnumbered after Article 2's last paragraph."""
    d = docx.Document()
    d.add_paragraph("MEMORANDUM OF UNDERSTANDING ON THE PLACEMENT OF WORKERS")
    d.add_paragraph("The Parties have agreed as follows:")
    numbering = d.part.numbering_part.element
    style_num = str(d.styles["List Number"].element.pPr.numPr.numId.val)
    abstract = next(n for n in numbering.findall(qn("w:num"))
                    if n.get(qn("w:numId")) == style_num).find(qn("w:abstractNumId")).get(qn("w:val"))
    for n, (head, caption, items) in enumerate(ARTICLES, 1):
        d.add_paragraph(head)
        d.add_paragraph(caption)
        if restart:
            _restart(d, abstract, 900 + n)
        for text in items:
            _numbered(d, text, 900 + n if restart else None)
        if n == 2 and extra:
            extra(d)
        if n == 2 and closing:
            d.add_paragraph(closing)
    d.add_paragraph("IN WITNESS WHEREOF the undersigned have signed this Memorandum.")
    d.save(path)


def _parse(source):
    doc = Document(id="mou-w", title="MoU", citation="MoU", family="bilateral", language="en")
    return parse_document(doc, source)


def _parts(parsed, unit: str) -> dict[str, str]:
    u = next(u for u in parsed.units if u.unit == unit)
    return {p.locator: u.text[p.start:p.end] for p in u.parts}


def test_numbering_continued_across_articles_gives_each_article_its_parts(tmp_path):
    path = tmp_path / "mou.docx"
    _mou(path)
    parsed = _parse(read(path))
    assert list(_parts(parsed, "Article 1")) == ["Article 1(1)", "Article 1(2)", "Article 1(3)"]
    a2 = _parts(parsed, "Article 2")
    assert list(a2) == ["Article 2(4)", "Article 2(5)", "Article 2(6)"]
    assert a2["Article 2(5)"].startswith("5. The employer shall not keep the passport")
    assert list(_parts(parsed, "Article 3")) == ["Article 3(7)", "Article 3(8)"]
    assert parsed.audit.share == 0


def test_continued_numbering_printed_as_text_reads_the_same(tmp_path):
    path = tmp_path / "mou.docx"
    _mou(path)
    text = read(path).text  # what a PDF or text export of the same file shows
    parsed = _parse(read_bytes(text.encode("utf-8"), "mou.txt"))
    assert list(_parts(parsed, "Article 2")) == ["Article 2(4)", "Article 2(5)", "Article 2(6)"]


def test_a_number_that_is_no_paragraph_opens_no_list(tmp_path):
    """The first line of an Article that is not a paragraph number continuing the list
    before ("12. The ..." without "1." to "11." anywhere) keeps no part."""
    text = ("Article 1\nScope\n1. It applies to workers.\n2. It covers seafarers.\n"
            "Article 2\nWages\n12. The employer shall pay.\n13. The employer shall not keep the passport.\n")
    parsed = _parse(read_bytes(text.encode(), "mou.txt"))
    assert _parts(parsed, "Article 2") == {}


@pytest.mark.parametrize("restart", [False, True])
def test_unnumbered_paragraph_after_the_last_item_belongs_to_the_article(tmp_path, restart):
    path = tmp_path / "mou.docx"
    _mou(path, restart=restart, closing=CLOSING)
    parsed = _parse(read(path))
    a2 = next(u for u in parsed.units if u.unit == "Article 2")
    parts = _parts(parsed, "Article 2")
    last = list(parts)[-1]
    assert last == ("Article 2(3)" if restart else "Article 2(6)")
    assert CLOSING not in parts[last]
    assert parts[last].rstrip().endswith("a rest day each week.")
    assert a2.text.rstrip().endswith(CLOSING)  # still the Article's text
    assert parsed.audit.share == 0


def test_an_indented_continuation_stays_in_the_paragraph(tmp_path):
    path = tmp_path / "mou.docx"

    def indented(d):
        p = d.add_paragraph("Such a rest day shall be paid.")
        p.paragraph_format.left_indent = Cm(1.27)

    _mou(path, restart=True, extra=indented)
    parts = _parts(_parse(read(path)), "Article 2")
    assert parts["Article 2(3)"].rstrip().endswith("Such a rest day shall be paid.")


def test_typed_items_after_a_colon_stay_items_of_the_paragraph(tmp_path):
    path = tmp_path / "mou.docx"

    def items(d):
        _numbered(d, "The employer shall provide:", 902)
        d.add_paragraph("(a) food;")
        d.add_paragraph("(b) lodging.")

    _mou(path, restart=True, extra=items)
    parts = _parts(_parse(read(path)), "Article 2")
    assert parts["Article 2(4)"].rstrip().endswith("(b) lodging.")
    assert "Article 2(4)(b)" in parts


# ------------------------------------------------------------------ the same MoU printed to PDF

def _printed(items_x: float):
    """The MoU as Word prints it: items of a list set with a hanging indent at `items_x`
    (their number there, the closing sentence at the margin), one line each."""
    from pdfs import LEADING, LEFT, TOP, Text, build, content

    lines = [(LEFT, "Article 1"), (LEFT, "Scope")]
    lines += [(items_x, f"{n}. {t}") for n, t in enumerate(ARTICLES[0][2], 1)]
    lines += [(LEFT, "Article 2"), (LEFT, "Employers")]
    lines += [(items_x, f"{n}. {t}") for n, t in enumerate(ARTICLES[1][2], 4)]
    lines += [(LEFT, CLOSING), (LEFT, "Article 3"), (LEFT, "Costs")]
    lines += [(items_x, f"{n}. {t}") for n, t in enumerate(ARTICLES[2][2], 7)]
    return build([content([Text(x, TOP - k * LEADING * 1.6, t) for k, (x, t) in enumerate(lines)])])


def test_printed_closing_sentence_at_the_margin_ends_the_last_item():
    from pdfs import LEFT

    parsed = _parse(read_bytes(_printed(LEFT + 18), "mou.pdf"))
    parts = _parts(parsed, "Article 2")
    assert list(parts) == ["Article 2(4)", "Article 2(5)", "Article 2(6)"]
    assert CLOSING not in parts["Article 2(6)"]
    assert next(u for u in parsed.units if u.unit == "Article 2").text.endswith(CLOSING)


def test_printed_items_at_the_margin_keep_the_sentence_after_them():
    """Without an indent the print does not say where the list ended: as before, the
    sentence stays in the last item (nothing is cut on a guess)."""
    from pdfs import LEFT

    parts = _parts(_parse(read_bytes(_printed(LEFT), "mou.pdf")), "Article 2")
    assert parts["Article 2(6)"].rstrip().endswith(CLOSING)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) not installed")
def test_word_mou_converted_by_libreoffice(tmp_path):
    import subprocess

    path = tmp_path / "mou.docx"
    _mou(path, closing=CLOSING)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    parsed = _parse(read(tmp_path / "mou.pdf"))
    assert list(_parts(parsed, "Article 2")) == ["Article 2(4)", "Article 2(5)", "Article 2(6)"]
    assert list(_parts(parsed, "Article 3")) == ["Article 3(7)", "Article 3(8)"]
