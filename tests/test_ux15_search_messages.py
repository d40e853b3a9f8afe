"""A new user's trial of `kb` (round 15, ux15) on the real mirror: messages and orders a
user reads as bugs.

- "UU 18/2017 Pasal 6 huruf z": the refusal said "nor any other huruf" although the ayat
  of Pasal 6 have huruf; it now names where huruf are (ayat (1), (2), (3)).
- `kb search "Pasal 30"`: each statute's Pasal 30 is placed first with a lower score than
  hits after it; the hit now says why it stands there (text and JSON: "placed")."""

from __future__ import annotations

import json

import pytest

from kb.citations import missing_part
from kb.errors import CitationError


def test_a_missing_huruf_names_the_ayat_that_have_huruf(full_kb):
    with pytest.raises(CitationError) as err:
        full_kb.get_all("UU 18/2017 Pasal 6 huruf z")
    message = str(err.value)
    assert "nor any other huruf" not in message
    assert "Pasal 6 has no huruf z" in message
    assert "ayat (1) (huruf a–m)" in message and "ayat (3) (huruf a–d)" in message


def test_every_level_is_named_where_it_is(catalog):
    doc = catalog.get("uu-18-2017")
    # angka under the huruf of an ayat: "Pasal 9 ayat (1) angka 7" names the huruf holding angka
    parts = ["Pasal 9 ayat (1)", "Pasal 9 ayat (1) huruf a", "Pasal 9 ayat (1) huruf a angka 1",
             "Pasal 9 ayat (1) huruf a angka 2", "Pasal 9 ayat (2)"]
    msg = missing_part(doc, "Pasal 9", "Pasal 9 ayat (1) angka 7", parts, "(1) a. 1. x 2. y (2) z")
    assert "nor any other angka" not in msg and "huruf a (angka 1–2)" in msg
    # ayat below nothing: a level truly absent is still said so
    msg = missing_part(doc, "Pasal 9", "Pasal 9 ayat (4)", ["Pasal 9 huruf a", "Pasal 9 huruf b"], "a. x b. y")
    assert "nor any other ayat" in msg


def test_hits_placed_before_higher_scores_say_why(full_kb):
    result = full_kb.search("Pasal 30", k=6)
    hits = result.hits
    # wherever a later hit scores higher, the earlier one carries its reason
    for i, hit in enumerate(hits):
        if any(h.score > hit.score for h in hits[i + 1:]):
            assert hit.placed, (hit.citation, hit.score)
    assert all(h.to_dict().get("placed") == h.placed for h in hits if h.placed)
    assert "placed" not in hits[-1].to_dict()


def test_kb_search_prints_the_reason_in_the_labels_language(full_kb):
    from click.testing import CliRunner

    from kb.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["--home", str(full_kb.settings.home), "search", "Pasal 30", "-k", "5"])
    assert out.exit_code == 0, out.output
    first = [l for l in out.output.splitlines() if l.startswith(" 1.")][0]
    assert "ditempatkan di depan" in first
    js = runner.invoke(main, ["--home", str(full_kb.settings.home), "search", "Pasal 30", "-k", "5", "--json"])
    results = json.loads(js.stdout)["results"]
    assert results[0]["placed"] == "named-unit"


def test_kb_show_says_an_indonesian_units_caveat_in_indonesian(full_kb):
    """`kb show` of a Pasal whose ayat marker OCR lost (PP 59/2021 Pasal 20) printed the
    parser's caveat in English under Indonesian labels ("berlaku", "Catatan: The source
    lost …"); the caveat is said in the document's language, as `kb ask` already did."""
    from click.testing import CliRunner

    from kb.cli import main

    out = CliRunner().invoke(main, ["--home", str(full_kb.settings.home), "show", "PP 59/2021 Pasal 20"])
    assert out.exit_code == 0, out.output
    note = " ".join(out.output.split("Catatan:", 1)[1].split("\n\n", 1)[0].split())
    assert "penanda ayat" in note and "source" not in note.lower(), note


def test_an_ayats_closing_bracket_is_no_angka(full_kb):
    """"UU 18/2017 Pasal 6 angka 3" showed the whole Pasal as if its angka 3 were "not
    marked separately": the "3)" of ayat "(3)" was read as an angka's marker. Pasal 6 has
    no angka: the refusal says so."""
    with pytest.raises(CitationError) as err:
        full_kb.get_all("UU 18/2017 Pasal 6 angka 3")
    assert "has no angka 3" in str(err.value) and "nor any other angka" in str(err.value)
    assert full_kb.get_all("UU 18/2017 Pasal 1 angka 3")  # a real angka is still found
