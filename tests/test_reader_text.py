"""The text and Markdown reader: printed page markers (sequential, sporadic, restarting),
Markdown mark-up taken out of the text, and every removal recorded for the text audit,
with offsets always those of the file."""

from __future__ import annotations

from kb.readers.text import read_text


def read(text: str, fmt: str = "text"):
    return read_text(text.encode("utf-8"), "t.md" if fmt == "markdown" else "t.txt", fmt)


FILL = "kata " * 80  # a page's worth of words: page lengths are measured on the text


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
    s = read(f"A. {FILL}\n- 2 -\nB. {FILL}\n- 3 -\nC. {FILL}\nPENJELASAN\nD.\n- 2 -\nE.\n")
    assert [n for n in s.page_numbers if n is not None] == [1, 2, 3, 2]
    assert pages_of(s, "C.") == (3,) and pages_of(s, "E.") == (2,)


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
    s = read(f"A. {FILL}\n- 2 -\nB. {FILL} *. \", J.T[ t,',?Sf; ,., r., o -7- Huruf i Cukup jelas.\n"
             f"C. PRES I DEN REPUBLIK INDONESIA -9-\nD.\n")
    assert pages_of(s, "Huruf i") == (7,) and pages_of(s, "D.") == (9,)
    # running text before a jump is still no header: "dibahas pada rapat ke -7- tahun ini"
    s = read(f"A. {FILL}\n- 2 -\nB. Rancangan dibahas pada rapat paripurna ke -7- tahun ini.\nC.\n")
    assert pages_of(s, "C.") == (2,)


def test_the_mirrors_ocr_penjelasan_pages_follow_its_markers():
    from conftest import mirror_file
    from kb.readers import read as read_file

    s = read_file(mirror_file("uu-18-2017-ocr"))
    known = [n for n in s.page_numbers if n is not None]
    assert known == [1, 2, 3, 4, 7, 8, 11, 13, 16, 18]  # was [1, 2, 3, 4]: later markers not believed
    # Where markers were lost (5-6, 9-10, 12, 14-15), in the body before "- 2 -" (the body
    # carries no marker: its "page 1" is many times a page) and after the two running headers
    # whose number the scan lost ("PRES I DEN REPUU.'I…"), the page is unknown, not guessed.
    assert s.page_numbers.count(None) == 7


def test_a_page_whose_successors_marker_was_lost_is_known_only_near_its_marker():
    """PP 59/2021's OCR keeps "- 26 -", "- 28 -", "- 43 -"…: text right after "- 28 -" is page
    28; past one page length after it (the shortest page between consecutive markers), the
    page is unknown until "- 43 -", so no unit is cited to page 28 that may lie on page 40
    (before: every unit after "- 6 -" was cited to page 6)."""
    pages = "".join(f"- {n} -\nPasal {n} {FILL}\n" for n in (2, 3, 4))  # three complete pages
    s = read(f"Awal {FILL}\n{pages}- 28 -\nPasal 28 isi.\n{FILL * 6}\nPasal 40 jauh.\n- 43 -\nPasal 43 isi.\n")
    assert pages_of(s, "Pasal 3 ") == (3,)
    assert pages_of(s, "Pasal 28 isi") == (28,)
    assert pages_of(s, "Pasal 40 jauh") == ()
    assert pages_of(s, "Pasal 43 isi") == (43,)


def test_a_later_penjelasan_count_does_not_contradict_the_bodys_jumps():
    """The body jumps "- 6 -" → "- 26 -" (markers lost); the Penjelasan's own "- 16 -" (its
    "- 2 -" lost) comes after the body passed 26 and contradicts nothing. Before: "- 16 -"
    made every later body marker a misreading, so the whole body after "- 6 -" was page 6."""
    body = "".join(f"- {n} -\nPasal {n} {FILL}\n" for n in (2, 3, 4, 5, 6, 26, 27, 28))
    s = read(f"Awal {FILL}\n{body}PENJELASAN\nUmum {FILL}\nPRESIDEN REPUBLIK INDONESIA - 16 -\nPasal 96 Cukup jelas.\n")
    assert pages_of(s, "Pasal 27 ") == (27,)
    assert pages_of(s, "Pasal 96 Cukup") == (16,)


def test_a_running_header_whose_number_was_lost_ends_the_page_before():
    """ "PRES I DEN REPUU.'I" (the header of a statute's scan, its "- 14 -" lost) starts a new
    page: what follows is not page 13 (before: Penjelasan Pasal 30 of UU 18/2017 was cited to
    page 13, printed on 14). The whole word PRESIDEN, as in an enacting formula or a
    signature, is no header."""
    s = read(f"A. {FILL}\n- 2 -\nB. {FILL}\n- 3 -\nC. {FILL} PRES I DEN REPUU.'I D. {FILL}\n- 5 -\nE.\n")
    assert pages_of(s, "C.") == (3,) and pages_of(s, "D.") == () and pages_of(s, "E.") == (5,)
    s = read(f"A. {FILL}\n- 2 -\nB. {FILL}\n- 3 -\nC. {FILL} dan PRESIDEN REPUBLIK INDONESIA memutuskan D.\n- 4 -\nE.\n")
    assert pages_of(s, "D.") == (3,)


def test_a_page_number_after_a_garbled_running_header_is_taken():
    """ "FRES IDEN REPUtsLIK INDONESIA -5-": the number after the header's garbled words is the
    page number even though it does not stand alone."""
    s = read(f"A. {FILL}\n- 2 -\nB. {FILL}\n16. Tumbuhan FRES IDEN REPUtsLIK INDONESIA -5- 16. Tumbuhan {FILL}\n")
    assert pages_of(s, "16. Tumbuhan " + FILL[:10]) == (5,)

