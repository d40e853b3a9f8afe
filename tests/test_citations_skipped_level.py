"""A part cited without the level above it, as people type it: "Pasal 6 huruf j" of UU
18/2017, whose only huruf j stands in ayat (1), is Pasal 6 ayat (1) huruf j. Before, kb
showed the whole Pasal 6 under "Pasal 6 huruf j" saying the huruf was "not marked
separately", which is false. A huruf that stands in several ayat is refused, naming
them; the real mirror's UU 18/2017 and IJEPA."""

from __future__ import annotations

import pytest

from kb.citations import fill_skipped_level
from kb.errors import CitationError


def test_the_one_part_that_fits_is_shown_and_several_are_refused(full_kb):
    for typed in ("UU 18/2017 Pasal 6 huruf j", "Pasal 6 huruf j UU 18/2017"):
        hit = full_kb.get_all(typed)[0]
        assert hit.locator == "Pasal 6 ayat (1) huruf j", typed
        assert hit.citation == "UU No. 18 Tahun 2017, Pasal 6 ayat (1) huruf j"
        assert hit.part_text.startswith("j. ") and "dokumen perjalanan" in hit.part_text
    # kb search and kb ask read the citation the same way (the searcher's lookup)
    first = full_kb.search("UU 18/2017 Pasal 6 huruf j", k=3).hits[0]
    assert first.exact and first.locator == "Pasal 6 ayat (1) huruf j"
    with pytest.raises(CitationError, match=r"has huruf a in ayat \(1\), ayat \(2\), ayat \(3\): name the one meant"):
        full_kb.get_all("UU 18/2017 Pasal 6 huruf a")
    with pytest.raises(CitationError, match=r"art\. 5 has \(a\) in \(1\), \(2\)"):
        full_kb.get_all("IJEPA Article 5(a)")


def test_a_full_locator_and_parts_of_no_such_shape_are_left_as_typed():
    parts = ["Pasal 6 ayat (1)", "Pasal 6 ayat (1) huruf j", "Pasal 6 ayat (2)", "Pasal 6 ayat (2) huruf a"]
    assert fill_skipped_level("Pasal 6", "Pasal 6 ayat (1) huruf j", parts) == "Pasal 6 ayat (1) huruf j"
    assert fill_skipped_level("Pasal 6", "Pasal 6 huruf j", parts) == "Pasal 6 ayat (1) huruf j"
    assert fill_skipped_level("Pasal 6", "Pasal 6 huruf z", parts) == "Pasal 6 huruf z"
    assert fill_skipped_level("Pasal 6", "Pasal 6", parts) == "Pasal 6"
    # a huruf directly under the Pasal (no ayat) is itself a part: unchanged
    assert fill_skipped_level("Pasal 4", "Pasal 4 huruf b", ["Pasal 4 huruf a", "Pasal 4 huruf b"]) == "Pasal 4 huruf b"
