"""The text and Markdown reader: printed page markers (sequential, sporadic, restarting),
Markdown mark-up taken out of the text, and every removal recorded for the text audit,
with offsets always those of the file."""

from __future__ import annotations

from kb.readers.text import read_text


def read(text: str, fmt: str = "text"):
    return read_text(text.encode("utf-8"), "t.md" if fmt == "markdown" else "t.txt", fmt)


def pages_of(source, needle: str):
    i = source.text.index(needle)
    return source.pages_for(i, i + len(needle))


def test_sequential_markers_give_pages_and_are_recorded():
    s = read("Satu.\n- 2 -\nDua.\n- 3 -\nTiga.\n")
    assert s.page_numbers is None  # printed numbers are the physical ones
    assert [pages_of(s, w) for w in ("Satu", "Dua", "Tiga")] == [(1,), (2,), (3,)]
    assert s.removed == [("page-number", "- 2 -", 2), ("page-number", "- 3 -", 3)]
    assert "- 2 -" not in s.text and len(s.text) == len("Satu.\n- 2 -\nDua.\n- 3 -\nTiga.\n")


def test_a_sporadic_marker_heads_its_page():
    """'- 16 -' alone: the text before it is page 15, after it page 16."""
    s = read("Pasal 1\nSatu.\n- 16 -\nPasal 2\nDua.\n")
    assert pages_of(s, "Satu") == (15,) and pages_of(s, "Dua") == (16,)


def test_numbering_that_restarts_is_followed():
    s = read("A.\n- 2 -\nB.\n- 3 -\nC.\nPENJELASAN\nD.\n- 2 -\nE.\n")
    assert s.page_numbers == [1, 2, 3, 2]
    assert pages_of(s, "E.") == (2,)


def test_numbers_in_running_text_are_no_markers():
    """"2010 - 2012 - 2014" in a sentence, or a jump that a later marker contradicts."""
    s = read("Rencana 2010 - 2012 - 2014 disusun.\nLanjut.\n")
    assert s.page_starts is None and "2012" in s.text
    s = read("Satu.\n- 40 -\nDua.\n- 3 -\nTiga.\n- 4 -\nEmpat.\n")
    assert "- 40 -" in s.text  # 3 and 4 follow: 40 was no page number
    assert pages_of(s, "Empat") == (4,)


def test_markdown_emphasis_and_heading_marks_are_blanked_in_place():
    raw = "### Pasal 1\nMengesahkan _Protocol against the Smuggling_ dan **Konvensi**; halaman _42_ dan Rp 5.000 **) catatan.\n"
    s = read(raw, "markdown")
    assert len(s.text) == len(raw)
    assert "Protocol against the Smuggling " in s.text and "_" not in s.text.split("halaman")[0]
    assert "**" not in s.text.split("halaman")[0] and "#" not in s.text
    assert "_42_" in s.text and "**)" in s.text  # an OCR page number and a form's note sign stay
    assert sorted({kind for kind, _t, _p in s.removed}) == ["markup"]
    assert "".join(t for _k, t, _p in s.removed) == "###__****"


def test_plain_text_keeps_underscores():
    raw = "Nama: _contoh_ dan snake_case_name.\n"
    assert read(raw).text == raw


def test_no_break_spaces_become_spaces_one_for_one():
    raw = "Pasal\u00a01\nKonvensi\u00a0hak politik.\u202f\n"
    s = read(raw)
    assert s.text == "Pasal 1\nKonvensi hak politik. \n" and len(s.text) == len(raw)


def test_a_jump_after_a_garbled_running_header_is_a_page_number():
    """OCR joins the header, the number and the page's first line: the number does not
    stand alone, but what precedes it on its line is the garbled header (the OCR copy of
    UU 18/2017's Penjelasan: "*. \", J.T[ t,',?Sf; ,., r., o -8-"), so it is a page."""
    s = read("A.\n- 2 -\nB. *. \", J.T[ t,',?Sf; ,., r., o -7- Huruf i Cukup jelas.\n"
             "C. PRES I DEN REPUBLIK INDONESIA -9-\nD.\n")
    assert pages_of(s, "Huruf i") == (7,) and pages_of(s, "D.") == (9,)
    # running text before a jump is still no header: "dibahas pada rapat ke -7- tahun ini"
    s = read("A.\n- 2 -\nB. Rancangan dibahas pada rapat paripurna ke -7- tahun ini.\nC.\n")
    assert pages_of(s, "C.") == (2,)


def test_the_mirrors_ocr_penjelasan_pages_follow_its_markers():
    from conftest import mirror_file
    from kb.readers import read as read_file

    s = read_file(mirror_file("uu-18-2017-ocr"))
    assert s.page_numbers == [1, 2, 3, 4, 7, 8, 11, 13, 16, 18]  # was [1, 2, 3, 4]: later markers not believed
