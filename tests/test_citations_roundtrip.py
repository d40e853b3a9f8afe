"""Every citation kb prints can be looked up again, and a lookup refuses what a unit does
not have exactly as `kb ask` does: on the real mirror (the `full_kb` index)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import kb_env
from kb.errors import CitationError

pytestmark = pytest.mark.slow  # the full mirror's index (full_kb)


def _printed(kb, unit, locator):
    """The citation kb prints for a unit (or a part of it): the `citation` field of
    `kb search --json` / `kb show`."""
    from kb.search.results import Hit

    return Hit(rank=1, score=1.0, unit=unit, document=kb.catalog.get(unit.doc_id), locator=locator, exact=True).citation


def _same_document(kb, unit) -> set[str]:
    doc = kb.catalog.get(unit.doc_id)
    main = doc.variant_of or doc.id
    return {main, *[v.id for v in kb.catalog.variants_of(main)]}


def test_every_unit_and_part_kb_prints_resolves_back_to_it(full_kb):
    """Each of the ~1,500 units of the full mirror (Pasal, Penjelasan, articles, paragraphs,
    preambles, "Final clause", a treaty chapter's "Conclusion", amendment points with the
    provision they rewrite) and each of its ~2,500 parts (ayat, huruf, angka, (a), .1):
    `kb show` of the printed citation gives that unit and locator, never an error."""
    snap = full_kb.searcher().snapshot
    wrong: list[tuple[str, str]] = []
    units = parts = 0
    for pos in range(len(snap.units)):
        unit = snap.units[pos]
        for locator in [unit.unit, *[p.locator for p in unit.parts]]:
            cited = _printed(full_kb, unit, locator)
            units, parts = (units + 1, parts) if locator == unit.unit else (units, parts + 1)
            try:
                hit = full_kb.get(cited)
            except CitationError as e:
                wrong.append((cited, str(e)))
                continue
            got = (hit.unit.unit, hit.locator)
            if got != (unit.unit, locator) or hit.unit.doc_id not in _same_document(full_kb, unit):
                wrong.append((cited, f"gave {hit.unit.doc_id} {got}"))
    assert units > 1400 and parts > 2000, (units, parts)
    assert not wrong, f"{len(wrong)} printed citations do not resolve back: {wrong[:10]}"


def test_units_named_by_words_are_cited_by_those_words(full_kb):
    """"Final clause" (the ASEAN instruments) and a treaty chapter's "Conclusion" (IJEPA),
    by the citation kb prints and as people write them around the document's name; the same
    words as words of a question name no unit."""
    cases = [
        ("ASEAN Declaration (Cebu, 2007), Final clause", "asean-declaration-2007", "Final clause"),
        ("Final clause of the ASEAN Consensus", "asean-consensus-2017", "Final clause"),
        ("IJEPA (2007), Conclusion", "ijepa-2007", "Conclusion"),
        ("ijepa conclusion", "ijepa-2007", "Conclusion"),
    ]
    for typed, doc_id, unit in cases:
        hit = full_kb.get(typed)
        assert (hit.unit.doc_id, hit.unit.unit) == (doc_id, unit), typed
    resolver = full_kb.searcher().resolver
    assert resolver.parse("What about the conclusion of contracts under IJEPA?").unit is None
    with pytest.raises(CitationError, match="names IJEPA .* but no Pasal"):
        full_kb.get("the conclusion of contracts under IJEPA")


def test_a_new_unit_named_by_words_round_trips_without_a_pattern(full_kb):
    """The mechanism reads the names the documents' units have, not a list of known names:
    a unit kind added by a parser later (a statute's enactment block, say "Pengesahan")
    is cited by its name as soon as the index holds it. (Its name is given here through
    `unit_names`, as the index gives it.)"""
    from kb.citations import CitationResolver

    names = {"uu-18-2017": ["Pasal 1", "Pengesahan"]}
    resolver = CitationResolver(full_kb.catalog, unit_names=lambda d: names.get(d, []))
    for typed in ("UU No. 18 Tahun 2017, Pengesahan", "Pengesahan UU 18/2017"):
        cit = resolver.parse(typed)
        assert (cit.doc_id, cit.unit, cit.coverage) == ("uu-18-2017", "Pengesahan", 1.0), typed
    assert resolver.parse("Pengesahan PP 59/2021").unit is None  # a unit of another document
    assert resolver.parse("UU 18/2017 Pasal 1").unit == "Pasal 1"  # numbered units as before


# What `kb ask` refuses, `kb show` (KnowledgeBase.get, the HTTP /units and MCP get_unit
# behind it) refuses with the same line, and `kb search` says in a note (in its language).
REFUSED = [
    ("UU 18/2017 Pasal 6 ayat (1) huruf z",
     "UU No. 18 Tahun 2017, Pasal 6 ayat (1) has no huruf z in the indexed text; it has huruf a–m"),
    ("Pasal 6 ayat (9) UU 18/2017", "UU No. 18 Tahun 2017, Pasal 6 has no ayat (9) in the indexed text; it has ayat (1)–(3)"),
    ("CMW/C/GC/1 para 13 (z)", "CMW/C/GC/1, para. 13 has no (z) in the indexed text; it has (a)–(h)"),
    ("UU 18/2017 Pasal 999", "UU No. 18 Tahun 2017 has no Pasal 999; it has Pasal 1–91"),
    ("GC 9 para 1", "the catalogue has no general comment No. 9 of the Committee on Migrant Workers; "
                    "it has general comments No. 1–8"),
]


@pytest.mark.parametrize("citation, message", REFUSED)
def test_show_refuses_what_ask_refuses_with_the_same_line(full_kb, citation, message):
    from kb.answer.checks import UnitNotFound

    with pytest.raises(CitationError) as shown:
        full_kb.get(citation)
    assert str(shown.value) == message
    with pytest.raises(UnitNotFound) as asked:
        full_kb.ask(citation)
    assert str(asked.value) == message
    # the same line, in the search's one language (kb.search.notes: a bare citation of an
    # Indonesian statute is noted in Indonesian; ux16)
    from kb.search.notes import citation_note

    result = full_kb.search(citation, k=3)
    assert citation_note(message, result.output_language) in result.notes
    assert all(message not in h.citation for h in full_kb.search(citation, k=3).hits)


def test_search_never_prints_a_missing_part_as_an_exact_citation(full_kb):
    hits = full_kb.search("UU 18/2017 Pasal 6 ayat (1) huruf z", k=3).hits
    assert hits[0].exact and hits[0].citation == "UU No. 18 Tahun 2017, Pasal 6"
    present = full_kb.search("Pasal 6 ayat (1) huruf j UU 18/2017", k=3)
    assert present.hits[0].citation == "UU No. 18 Tahun 2017, Pasal 6 ayat (1) huruf j" and not present.notes


def test_kb_show_exits_non_zero_with_one_line(full_kb):
    for citation, message in REFUSED[:1] + REFUSED[-1:]:
        done = subprocess.run([sys.executable, "-m", "kb.cli", "show", citation], capture_output=True, text=True,
                              env=kb_env(full_kb.settings.home), timeout=600)
        assert done.returncode != 0 and done.stdout == "", citation
        assert done.stderr.strip() == f"kb: error: {message}", done.stderr
    done = subprocess.run([sys.executable, "-m", "kb.cli", "show", "ASEAN Consensus (2017), Final clause"],
                          capture_output=True, text=True, env=kb_env(full_kb.settings.home), timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ASEAN Consensus (2017), Final clause")


def test_links_resolve_units_named_by_words_and_refuse_an_unknown_general_comment(full_kb):
    full_kb.links("IJEPA (2007), Conclusion")  # found, not "names IJEPA but no article"
    with pytest.raises(CitationError, match=r"^the catalogue has no general comment No\. 9 "):
        full_kb.links("GC 9 para 1")
