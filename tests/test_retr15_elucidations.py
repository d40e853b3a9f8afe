"""A Pasal among the best units brings its Penjelasan onto the first page, and back
(kb.search.elucidations, SearchParams.elucidation_keep / elucidation_slots)."""

from __future__ import annotations

from kb import SearchParams
from kb.search.elucidations import reserve_elucidations
from kb.search.hybrid import Searcher


class _Links:
    def __init__(self, pairs):
        self._p: dict[int, set[int]] = {}
        for a, b in pairs:
            self._p.setdefault(a, set()).add(b)
            self._p.setdefault(b, set()).add(a)

    def partners(self, pos):
        return self._p.get(pos, set())


def test_reserve_keeps_the_best_then_the_linked_units_in_their_own_order():
    order = list(range(20))
    links = _Links([(1, 15), (3, 12), (0, 30)])  # 30 is beyond the depth
    out = reserve_elucidations(order, links, keep=8, slots=2, depth=20)
    assert out[:10] == [0, 1, 2, 3, 4, 5, 6, 7, 12, 15]
    assert sorted(out) == order  # nothing lost, nothing repeated
    assert out[10:] == [8, 9, 10, 11, 13, 14, 16, 17, 18, 19]


def test_reserve_changes_nothing_without_links_slots_or_when_the_link_is_kept_already():
    order = list(range(20))
    assert reserve_elucidations(order, _Links([]), 8, 2, 100) is order
    assert reserve_elucidations(order, _Links([(1, 15)]), 8, 0, 100) is order
    assert reserve_elucidations(order, _Links([(1, 5)]), 8, 2, 100) is order
    # a unit linked only to one below the kept ones does not move
    assert reserve_elucidations(order, _Links([(9, 15)]), 8, 2, 100) is order
    # at most `slots` places
    out = reserve_elucidations(order, _Links([(0, 11), (1, 12), (2, 13)]), 8, 2, 100)
    assert out[8:10] == [11, 12] and out[10] == 8


def _units(kb, query, k, **params):
    base = kb.searcher()
    searcher = Searcher(base.snapshot, kb.catalog, base.embedder, SearchParams().with_(**params))
    return [(h.document.id, h.unit.unit) for h in searcher.search(query, k).hits]


def test_links_on_the_mirror_join_a_pasal_and_its_penjelasan_across_the_variant_copy(full_kb):
    searcher = full_kb.searcher()
    links = searcher.elucidations
    pos = {(u.doc_id, u.unit): i for i, u in enumerate(searcher.snapshot.units)}
    # UU 18/2017's Penjelasan is indexed from its OCR scan, a variant copy of the clean text
    assert pos[("uu-18-2017-ocr", "Penjelasan Pasal 38")] in links.partners(pos[("uu-18-2017", "Pasal 38")])
    assert pos[("uu-18-2017", "Pasal 38")] in links.partners(pos[("uu-18-2017-ocr", "Penjelasan Pasal 38")])
    # PP 59/2021 holds both in one document
    assert pos[("pp-59-2021", "Penjelasan Pasal 17")] in links.partners(pos[("pp-59-2021", "Pasal 17")])
    # no link to another statute's Pasal of the same number, nor from a Penjelasan Umum
    assert pos[("uu-39-2004", "Pasal 38")] not in links.partners(pos[("uu-18-2017-ocr", "Penjelasan Pasal 38")])
    assert not links.partners(pos[("uu-18-2017-ocr", "Penjelasan Umum")])


def test_a_penjelasan_among_the_best_brings_its_pasal_onto_the_first_page(full_kb):
    query = "What does the elucidation say about one-stop integrated services?"
    off = _units(full_kb, query, 20, elucidation_slots=0)
    on = _units(full_kb, query, 10)
    # Penjelasan Pasal 38 (the one-stop service) leads; its Pasal ranked below the first page
    assert ("uu-18-2017-ocr", "Penjelasan Pasal 38") in off[:8]
    assert ("uu-18-2017", "Pasal 38") in off[10:]
    assert ("uu-18-2017", "Pasal 38") in on[8:10]
    assert on[:8] == off[:8]  # the best eight stay where they were


def test_a_cited_unit_is_not_displaced(full_kb):
    assert _units(full_kb, "Pasal 38 UU 18/2017", 3)[0] == ("uu-18-2017", "Pasal 38")
