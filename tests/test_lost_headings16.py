"""A cited unit whose heading the indexed copy lost (round 16).

PP 59/2021's OCR text lost the headings of Pasal 63, 66 and 76 at page breaks (`kb index`
warns; their text, if any survived, stays at the end of the Pasal before). `kb show` and
`kb ask` refuse such a citation naming where the text is; `kb search` gave the note and then
units that merely look like the query ("Penjelasan Pasal 3: Cukup jelas"). It now places the
unit that holds what survived first and the cited unit's own Penjelasan next, each saying
why ("lost-heading"); a unit the document never had (Pasal 999) places nothing."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kb.citations import lost_unit_holders


def test_the_unit_before_the_gap_and_the_penjelasan_hold_a_lost_unit():
    names = ["Pasal 62", "Pasal 64", "Penjelasan Pasal 62", "Penjelasan Pasal 63"]
    assert lost_unit_holders("Pasal 63", names) == ["Pasal 62", "Penjelasan Pasal 63"]
    assert lost_unit_holders("Pasal 62", names) == []  # there: nothing is lost
    assert lost_unit_holders("Pasal 65", names) == []  # past the last Pasal: never there
    assert lost_unit_holders("Pasal 63", ["Pasal 62", "Pasal 64"]) == ["Pasal 62"]


def test_search_places_the_holders_of_a_lost_pasal_first(full_kb):
    res = full_kb.search("PP 59/2021 Pasal 66", k=5)
    got = [(h.document.id, h.unit.unit, h.placed) for h in res.hits[:2]]
    assert got == [("pp-59-2021", "Pasal 65", "lost-heading"), ("pp-59-2021", "Penjelasan Pasal 66", "lost-heading")]
    # in the language of the cited document (Indonesian), as every note of a bare citation
    assert any("tidak memiliki Pasal 66 dalam salinan yang diindeks" in n and "akhir Pasal 65" in n for n in res.notes)
    # in a question, in English forms of the citation
    res = full_kb.search("What does Article 63 of Government Regulation 59 of 2021 say?", k=5)
    assert [h.unit.unit for h in res.hits[:2]] == ["Pasal 62", "Penjelasan Pasal 63"]


def test_a_unit_never_there_places_nothing(full_kb):
    res = full_kb.search("PP 59/2021 Pasal 999", k=5)
    assert all(h.placed != "lost-heading" for h in res.hits)
    assert any("Pasal 999" in n and "Pasal 1–62" in n for n in res.notes)


def test_the_cli_says_why_in_text_and_json(full_kb):
    from kb.cli import main

    home = ["--home", str(full_kb.settings.home)]
    out = CliRunner().invoke(main, [*home, "search", "PP 59/2021 Pasal 76", "-k", "3", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [(r["unit"], r.get("placed")) for r in data["results"][:2]] == [
        ("Pasal 75", "lost-heading"), ("Penjelasan Pasal 76", "lost-heading")]
    out = CliRunner().invoke(main, [*home, "search", "PP 59/2021 Pasal 76", "-k", "3"])
    assert "heading is lost" in out.stdout or "judul unit yang dikutip hilang" in out.stdout
