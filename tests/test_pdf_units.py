"""Acceptance: a PDF print of a document gives the units its text file gives.

For every rendering in the mirror's manifest, the same catalogue document is parsed
twice through the real pipeline, once from the PDF and once from the text file: the
units must be the same, in the same order, with the same words; each unit read from the
PDF must carry the pages its first and last words are printed on (by pypdf's plain
per-page extraction), and no running header, page number or word broken at a line end
may have crept into a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import mirror_file, mirror_pdf, rendering_ids
from kb.models import ParsedDocument, Unit
from kb.readers import read
from kb.structure import parse_document
from pdfs import page_texts, running_lines


RENDERINGS = rendering_ids()


@dataclass
class Pair:
    from_pdf: ParsedDocument
    from_text: ParsedDocument
    pages: list[str]  # pypdf's per-page text of the rendering


@pytest.fixture(scope="module")
def pairs(mirror, catalog) -> dict[str, Pair]:
    out = {}
    for doc_id in RENDERINGS:
        doc = catalog.get(doc_id)
        out[doc_id] = Pair(
            parse_document(doc, read(mirror_pdf(doc_id))),
            parse_document(doc, read(mirror_file(doc_id))),
            page_texts(mirror_pdf(doc_id)),
        )
    return out


def norm(text: str) -> str:
    return " ".join(text.split())


def test_every_rendering_is_checked(mirror):
    assert RENDERINGS


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_pdf_and_text_give_the_same_units_in_the_same_order(pairs, doc_id):
    got = [u.unit for u in pairs[doc_id].from_pdf.units]
    expected = [u.unit for u in pairs[doc_id].from_text.units]
    assert len(expected) > 3
    missing = [u for u in expected if u not in got]
    extra = [u for u in got if u not in expected]
    assert got == expected, f"missing from the PDF: {missing[:10]}; only in the PDF: {extra[:10]}"


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_pdf_and_text_units_have_the_same_words(pairs, doc_id):
    expected = {u.unit: norm(u.text) for u in pairs[doc_id].from_text.units}
    problems = []
    for unit in pairs[doc_id].from_pdf.units:
        want, got = expected.get(unit.unit), norm(unit.text)
        if want is not None and want != got:
            i = next((k for k, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
            problems.append(f"{unit.unit}: text {want[max(0, i - 40):i + 40]!r} / pdf {got[max(0, i - 40):i + 40]!r}")
    assert not problems, "\n".join(problems[:10])


def _real_words(text: str) -> list[str]:
    return re.findall(r"(?<!\w)[^\W\d_]{3,}(?!\w)", text)


def _on_page(word: str, page: str) -> bool:
    """Is the word printed on this page, whole or broken across a line or page end?"""
    joined = re.sub(r"-\n", "", page)
    kept = re.sub(r"-\n", "-", page)
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", joined) or re.search(rf"(?<!\w){re.escape(word)}(?!\w)", kept):
        return True
    tokens = re.findall(r"[\w-]+", page)
    ends = tokens[:8] + tokens[-8:]  # a word split by the page break leaves a piece here
    return any(
        (t.endswith("-") and len(t) > 3 and word.startswith(t[:-1]))
        or (len(t) >= 3 and word.endswith(t) and not t.endswith("-"))
        for t in ends
    )


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_units_carry_the_pages_their_words_are_printed_on(pairs, doc_id):
    pages = pairs[doc_id].pages
    problems = []
    for unit in pairs[doc_id].from_pdf.units:
        if not unit.pages:
            problems.append(f"{unit.unit}: no pages")
            continue
        if list(unit.pages) != list(range(unit.pages[0], unit.pages[-1] + 1)) or unit.pages[-1] > len(pages):
            problems.append(f"{unit.unit}: pages {unit.pages}")
            continue
        found = _real_words(unit.text)
        if not found:
            continue
        first, last = found[0], found[-1]
        if not _on_page(first, pages[unit.pages[0] - 1]):
            problems.append(f"{unit.unit}: first word {first!r} not on page {unit.pages[0]}")
        if not _on_page(last, pages[unit.pages[-1] - 1]):
            problems.append(f"{unit.unit}: last word {last!r} not on page {unit.pages[-1]}")
    assert not problems, "\n".join(problems[:10])
    assert max(u.pages[-1] for u in pairs[doc_id].from_pdf.units) == len(pages)


def _furniture_in(unit: Unit, furniture: set[str]) -> list[str]:
    found = re.findall(r"(?<!\S)-\s?\d{1,4}\s?-(?!\S)", unit.text)
    for line in furniture:
        if "#" in line:
            pattern = re.escape(line).replace("\\#", r"\d+")
            if re.fullmatch(r"[\W#]*", line):
                continue  # a bare page number: covered by the '- N -' check and word equality
        else:
            pattern = r"\s+".join(map(re.escape, line.split()))
        found += re.findall(pattern, unit.text)
    return found


@pytest.mark.parametrize("doc_id", RENDERINGS)
def test_no_header_page_number_or_broken_word_inside_a_unit(pairs, doc_id):
    furniture = running_lines(pairs[doc_id].pages)
    assert furniture
    expected = {u.unit: u for u in pairs[doc_id].from_text.units}
    problems = []
    for unit in pairs[doc_id].from_pdf.units:
        reference = expected.get(unit.unit)
        ref_text = reference.text if reference else ""
        extra = [f for f in _furniture_in(unit, furniture) if f not in ref_text]
        if extra:
            problems.append(f"{unit.unit}: furniture {extra[:3]}")
        broken = [m for m in re.findall(r"\w+-\s+\w+", unit.text) if m not in ref_text]
        if broken or "-\n" in unit.text:
            problems.append(f"{unit.unit}: broken words {broken[:3]}")
    assert not problems, "\n".join(problems[:10])
