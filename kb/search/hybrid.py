"""Hybrid retrieval: dense and lexical unit scores fused with tuned weights, exact lookup of
cited units, filters, one hit per unit.

Fusion is a weighted sum of per-query normalised scores, not equal-weight RRF: the dense
model is the stronger signal on paraphrased and cross-language questions, so its weight
and the normalisation were chosen on tuning data only (the development sets and the
tuning fold of bench/questions; bench/tune.py), and reported on the test fold (bench/run.py).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from .. import limits
from ..catalog import Catalog
from ..errors import CitationError
from ..citations import (ROMAN_VALUES, CitationResolver, alternate_unit_names, fill_skipped_level, format_citation, roman_numeral, missing_part, missing_unit_message,
                         documents_with_unit, lost_unit_holders, near_citation_message, unreadable_citation, which_document_message)
from ..index.embedders import Embedder, get_embedder
from ..index.snapshot import IndexSnapshot
from ..models import Passage, Unit
from ..lang import name_stems
from ..lang.lexicon import default_lexicon
from ..validate import bound_query
from ..validate import query as validate_query
from .dense import complete_unit_scores, dense_unit_scores, query_vector
from .filters import Filters
from .lexical import best_lexical_passage, lexical_unit_scores, shown_passage
from .query import Query, analyse_query, fold_words, is_instrument_word, is_successor_word, names_other_instrument, quoted_phrases
from .notes import citation_note, grouped, output_language
from .notes import note as search_note
from .results import Hit, SearchResult
from .elucidations import ElucidationLinks, reserve_elucidations
from .successors import SuccessorMap


@dataclass(frozen=True)
class SearchParams:
    dense_weight: float = 0.60
    lexical_weight: float = 0.35
    expansion_weight: float = 0.4  # glossary terms relative to the query's own terms
    passage_mix: float = 0.6  # lexical: best passage vs whole unit
    # Dense: the query vector plus this weight times the vector of the query with its words
    # translated by the general lexicon (translations of weight >= translate_min_weight;
    # Query.translated). The multilingual embedder matches across languages less well
    # than within one; the translated words bring the other language's vocabulary.
    translate_weight: float = 0.5  # chosen on dev + tune: 0.3-0.7 × min weight 0.15-0.3 all within 0.004
    translate_min_weight: float = 0.2
    dense_candidates: int = 200  # passages asked from the vector store
    complete_lexical: int = 20  # top lexical units whose dense score is fetched exactly
    mentioned_doc_boost: float = 0.15  # the query names the document ("under Law 18/2017")
    # The words naming a document the query names ("ASEAN Consensus", "UU PPMI") at this
    # weight in BM25 within that document's own units: the document is boosted already
    # (mentioned_doc_boost), and its name words otherwise favour its short units that
    # repeat the name ("Proposed amendments to this Consensus …" for "When was the ASEAN
    # Consensus signed?"). In other documents they are references to it and count fully
    # ("… Undang-Undang Nomor 39 Tahun 2004 … dicabut"). Chosen on dev + tune: 1.0 → 0.0
    # gives nDCG@10 dev 0.709 → 0.716, tune 0.658 → 0.666 (monotonic).
    name_terms_weight: float = 0.0
    repealed_factor: float = 0.95  # prefer the law in force, but keep repealed law visible
    # A repealed unit's successor provision (kb.search.successors) that also matches (its
    # score at least this share of the repealed unit's) is ranked just above it; 0: off.
    successor_match: float = 0.5
    dense_floor_quantile: float = 0.0  # dense normalisation: min of returned candidates
    # Across languages the multilingual embedder's similarities run lower, and BM25 only
    # reaches the other language through the glossary: without correction an Indonesian
    # question never surfaces an English general comment. Each language is queried on
    # its own, other-language similarities get an offset, and lexical scores are
    # normalised within each language (blend: 0 = global, 1 = per language).
    cross_lang_offset: float = 0.04  # English units for an Indonesian question
    cross_lang_offset_en_id: float | None = 0.02  # Indonesian units for an English question (None: same)
    lexical_per_language: float = 1.0
    # Lexicon translations of the query's words into the other language
    # (kb/data/lexicon-id-en.tsv, from Wordnet Bahasa and WordNet) at this weight relative
    # to the query's own words.
    lexicon_weight: float = 0.15
    # Preambles, considerations, general elucidations and definition articles share every
    # word of their instrument, so they match everything a little; they rarely answer.
    general_factor: float = 0.85
    definitions_factor: float = 0.7
    # A question asking what one family of sources says ("What does the Committee say
    # about …?", "Menurut hukum Indonesia, …"; Query.family_asked) wants that family's
    # units first: the others' scores are multiplied by this factor, unless the question
    # also names a document of another family (a comparison). Chosen on dev + tune
    # (fires on 13 of 189 questions): 1.0 / 0.9 / 0.8 / 0.5 give nDCG@10 dev 0.726 /
    # 0.729 / 0.731 / 0.731, tune 0.702 at each; the mildest setting of the plateau.
    asked_family_factor: float = 0.8
    # A Pasal's Penjelasan (its official elucidation) and the Pasal of a Penjelasan
    # (kb.search.elucidations): after the first `elucidation_keep` units, up to
    # `elucidation_slots` places go to the Penjelasan / Pasal of one of them found among
    # the first `elucidation_depth` units (by their own score), then the rest. Not an
    # added score (tried in the fourth round: within noise). Chosen on dev + tune
    # (bench/README.md, twelfth round): keep 6 / 7 / 8 / 9 give Recall@10 dev 0.681 →
    # 0.695 / 0.695 / 0.695 / 0.691, tune 0.672 → 0.676 / 0.678 / 0.678 / 0.678, nDCG@10
    # dev 0.731 → 0.736-0.739, tune 0.702 → 0.704-0.705. 0 slots: off.
    elucidation_keep: int = 8
    elucidation_slots: int = 2
    elucidation_depth: int = 100

    def with_(self, **changes) -> "SearchParams":
        return replace(self, **changes)


DEFAULT_PARAMS = SearchParams()


class Searcher:
    def __init__(self, snapshot: IndexSnapshot, catalog: Catalog, embedder: Embedder | None = None,
                 params: SearchParams = DEFAULT_PARAMS):
        self.snapshot = snapshot
        self.catalog = catalog
        self._embedder = embedder
        self.params = params
        # Units named by words ("Final clause", a treaty chapter's "Conclusion") are cited
        # by the names the indexed documents give them.
        self.resolver = CitationResolver(catalog, unit_names=snapshot.unit_index.names)
        self.successors = SuccessorMap(snapshot, catalog)
        self.elucidations = ElucidationLinks(snapshot, catalog)
        self._chapter_headings: dict[str, tuple[str, ...]] = {}
        self._folded: list[str] | None = None  # units' texts as folded words, read on the first quoted phrase

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.snapshot.manifest.embedder["spec"])
        return self._embedder

    # --- exact lookup --------------------------------------------------------------

    def find_unit(self, doc_id: str, unit: str) -> int | None:
        """Position of a unit in the index, looking in the document's variants too (an
        Indonesian copy names its units Pasal where the English one has Articles)."""
        idx = self.snapshot.unit_index
        doc = self.catalog.find(doc_id)
        for candidate in [doc_id, *[d.id for d in self.catalog.variants_of(doc_id)]]:
            names = [unit, *alternate_unit_names(unit, idx.names(candidate), doc.family if doc else None)]
            for name in names:
                pos = idx.get(f"{candidate}::{name}")
                if pos is not None:
                    return pos
        return None

    def missing_unit_message(self, cit) -> str:
        """"UU No. 18 Tahun 2017 has no Pasal 999; it has Pasal 1–91" when a citation
        names a unit its indexed document lacks (`kb.citations.missing_unit_message`), else ""."""
        if cit is None or not cit.complete:
            return ""
        ids: set[str] = set()
        for doc_id, _unit, _locator in cit.targets:
            doc = self.catalog.find(doc_id or "")
            if doc is not None:
                ids.update(i for i in (doc.id, doc.variant_of, *[v.id for v in self.catalog.variants_of(doc.id)]) if i)
        index = self.snapshot.unit_index
        return missing_unit_message(cit, self.catalog, {i: index.names(i) for i in ids})

    def unread_citation_message(self, query: Query) -> str:
        """What keeps the question's citation from naming one unit, when nothing else
        does: a citation one typo away ("Psal 30 UU 18/2017": did you mean …?,
        `kb.citations.near_citation_message`), or a unit asked for with no document
        ("Pasal 30": of which document?, `kb.citations.which_document_message`); else ""."""
        message = near_citation_message(self.resolver, query.text, query.citation)
        if message:
            return message
        return self.which_document_message(query.citation)

    def unread_citation_error(self, query: Query) -> CitationError | None:
        """`unread_citation_message` as the error to raise: InvalidCitation for a typo,
        AmbiguousCitation for a unit with no document; None when the citation is read."""
        from ..errors import AmbiguousCitation, InvalidCitation

        message = near_citation_message(self.resolver, query.text, query.citation)
        if message:
            return InvalidCitation(message)
        message = self.which_document_message(query.citation)
        return AmbiguousCitation(message) if message else None

    def which_document_message(self, cit, command: str | None = None) -> str:
        """"Pasal 30 of which document? UU No. 18 Tahun 2017, … have one; name it, e.g. …"
        when a citation names units and no document (`kb.citations.which_document_message`,
        over the indexed documents; with `command`, e.g. "kb show", its example is that
        command), else ""."""
        if cit is None or cit.doc_id is not None or cit.unit is None or cit.topic_words:
            return ""
        index = self.snapshot.unit_index
        docs = list(self.snapshot.units_by_doc)
        # a name several documents share ("Declaration para 8"): those documents only
        named = set(self.resolver.ambiguous_names(cit.raw)) if isinstance(cit.raw, str) else set()
        if named:
            docs = [d for d in docs if d in named or (self.catalog.find(d) and self.catalog.find(d).variant_of in named)]
        return which_document_message(cit, self.catalog, {d: index.names(d) for d in docs}, command=command)

    def missing_part_message(self, pos: int, locator: str) -> str:
        """The refusal when `locator` names an ayat, huruf, sub-paragraph … that the unit at
        `pos` does not have (`kb.citations.missing_part`), else ""."""
        unit = self.snapshot.units[pos]
        return missing_part(self.catalog.get(unit.doc_id), unit.unit, locator, [p.locator for p in unit.parts],
                            unit.text) or ""

    def lookup(self, text: str) -> Hit | None:
        """The unit a citation names (the first, when it names several), or None."""
        hits = self.lookup_all(text)
        return hits[0] if hits else None

    def lookup_all(self, text: str) -> list[Hit]:
        """Every indexed unit a citation names, in the order named ("paras. 82-83")."""
        cit = self.resolver.parse(text)
        if cit is None or not cit.complete:
            return []
        return [self._hit(pos, rank, 1.0, None, locator=loc, exact=True)
                for rank, (pos, loc) in enumerate(self._cited_positions(cit, None), 1)]

    def chapter_hits(self, text: str) -> tuple[str, list[Hit]] | None:
        """The units of the chapter a citation names ("BAB XI UU 18/2017", "Chapter 4 of
        the ASEAN Consensus"), as `kb show` prints them: (the chapter as the document heads
        it, its units in document order, each an exact hit), ("", []) when the named
        document has no such chapter (`no_chapter_message` says which it has), or None when
        the text names no chapter of a document (`chapter_positions`)."""
        query = analyse_query(text, self.resolver)
        chapter = self.chapter_positions(query)
        if chapter is None:
            return None
        heading, positions = chapter
        return heading, [self._hit(pos, rank, 1.0, None, locator=self.snapshot.units[pos].unit, exact=True)
                         for rank, pos in enumerate(positions, 1)]

    def _unplaced_positions(self, query: Query, allowed: list[str] | None) -> list[int]:
        """Positions of the units named like the query's Pasal when the query is that
        citation alone, with no document ("Pasal 30", "pasal 30 ayat (1)"): one per statute
        that has it (a copy counted as its document), in the order of
        `kb.citations.documents_with_unit` with law in force before repealed law. Only a
        Pasal: an "article" with no document is most often the Convention's, which the
        answer layer handles."""
        cit = query.citation
        if (cit is None or cit.doc_id is not None or cit.unit is None or not cit.unit.startswith("Pasal ")
                or query.mentioned_docs):
            return []
        index = self.snapshot.unit_index
        having = documents_with_unit(cit.unit, self.catalog, {d: index.names(d) for d in self.snapshot.units_by_doc})
        out: list[int] = []
        for doc in having:
            pos = self.find_unit(doc.id, cit.unit)
            if pos is not None and (allowed is None or self.snapshot.units[pos].doc_id in allowed):
                out.append(pos)
        out.sort(key=lambda pos: bool(self.catalog.get(self.snapshot.units[pos].doc_id).repealed))  # stable
        return out

    def _named_units_on_topic(self, query: Query, allowed: list[str] | None, scores: np.ndarray) -> list[int]:
        """"What does Pasal 30 say about fees?": the Pasal of that number of each statute
        (`_unplaced_positions`), those that match the question's other words (a score above
        0), best first. The user names one Pasal; the statute whose Pasal is about the topic
        is the one meant, so it leads; the others follow by score (was: the topic's words were
        searched alone and no Pasal 30 stood among the first ten)."""
        if query.citation is None or not query.citation.topic_words or names_other_instrument(query.text):
            return []  # "Pasal 30 Konvensi tentang …": the Convention's article 30, not a statute's Pasal
        found = [pos for pos in self._unplaced_positions(query, allowed) if scores[pos] > 0]
        return sorted(found, key=lambda pos: -float(scores[pos]))

    def _units_with_phrases(self, phrases: list[str], allowed: list[str] | None) -> set[int]:
        """Positions of the units (of the `allowed` documents) whose text holds every
        phrase (folded words, `kb.search.query.fold_words`) as consecutive words."""
        if self._folded is None:
            self._folded = [f" {fold_words(u.text)} " for u in self.snapshot.units]
        docs = [d for d in (self.snapshot.units_by_doc if allowed is None else allowed) if d in self.catalog]
        rows = [int(r) for d in docs for r in self.snapshot.units_by_doc.get(d, [])]  # never a removed document's
        return {r for r in rows if all(f" {p} " in self._folded[r] for p in phrases)}

    def _repealing_positions(self, doc_id: str, allowed: list[str] | None) -> list[tuple[int, str]]:
        """[(position, locator)] of the indexed provision that repealed a document
        (`Document.repealed_by`, e.g. "UU No. 18 Tahun 2017, Pasal 89 huruf a"); [] when
        the document is in force, the provision is not indexed or filtered out."""
        doc = self.catalog.find(doc_id)
        repealing = self.resolver.parse(doc.repealed_by) if doc is not None and doc.repealed_by else None
        if repealing is None or not repealing.complete:
            return []
        return self._cited_positions(repealing, allowed)[:1]

    def filtered_citation_message(self, cit, filters: Filters | None, lang: str = "en") -> str:
        """What the filters leave out of the units a complete citation names, as one line:
        "UU No. 39 Tahun 2004, Pasal 76 is left out by the filters (--in-force: UU No. 39
        Tahun 2004 is repealed); the closest provision in force: UU No. 18 Tahun 2017,
        Pasal 30" ("" when nothing named is left out). Before, `kb search` and `kb ask`
        with --in-force or --doc silently gave other units in its place."""
        if cit is None or not cit.complete or filters is None:
            return ""
        allowed = filters.allowed(self.catalog, list(self.snapshot.units_by_doc))
        if allowed is None:
            return ""
        out = []
        for pos, locator in self._cited_positions(cit, None):
            unit = self.snapshot.units[pos]
            if unit.doc_id in allowed:
                continue
            doc = self.catalog.get(unit.doc_id)
            why = (search_note("filtered-repealed", lang, document=doc.citation) if doc.repealed and filters.in_force
                   else search_note("filtered-other", lang))
            line = search_note("filtered-out", lang, citation=format_citation(doc, locator), why=why)
            found = self.successors.successor_position(pos)
            if found is not None:
                succ = self.snapshot.units[found[0]]
                line += search_note("closest-in-force", lang,
                                    citation=format_citation(self.catalog.get(succ.doc_id), succ.unit))
            out.append(line)
        return "; ".join(out)

    def cited_positions(self, cit, filters: Filters | None = None) -> list[int]:
        """Index positions of the units a complete citation names that the filters allow."""
        if cit is None or not cit.complete:
            return []
        allowed = (filters or Filters()).allowed(self.catalog, list(self.snapshot.units_by_doc))
        return [pos for pos, _locator in self._cited_positions(cit, allowed)]

    def _cited_positions(self, cit, allowed: list[str] | None) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        for doc_id, unit, locator in cit.targets:
            pos = self.find_unit(doc_id, unit)
            if pos is None or pos in seen:
                continue
            if allowed is not None and self.snapshot.units[pos].doc_id not in allowed:
                continue
            if self.snapshot.units[pos].unit != unit:  # found under its other name
                locator = self.snapshot.units[pos].unit + locator[len(unit):]
            held = self.snapshot.units[pos]
            locator = fill_skipped_level(held.unit, locator, [p.locator for p in held.parts])  # "Pasal 6 huruf j"
            seen.add(pos)
            out.append((pos, locator))
        return out

    def lost_unit_positions(self, cit, allowed: list[str] | None = None) -> list[int]:
        """Positions of the units that hold what the indexed copy kept of a cited unit whose
        heading was lost ("PP 59/2021 Pasal 63": OCR dropped its heading, so its text, if any
        survived, ends Pasal 62; its Penjelasan Pasal 63 is there): the unit before the gap,
        then the cited unit's Penjelasan (`kb.citations.lost_unit_holders`). [] for a
        citation whose units are all there, or a unit the document never had (Pasal 999)."""
        if cit is None or not cit.complete:
            return []
        out: list[int] = []
        index = self.snapshot.unit_index
        for doc_id, unit, _locator in cit.targets:
            if self.find_unit(doc_id, unit) is not None:
                continue
            doc = self.catalog.find(doc_id or "")
            if doc is None:
                continue
            ids = [i for i in (doc.id, doc.variant_of, *[v.id for v in self.catalog.variants_of(doc.id)]) if i]
            names = [n for i in ids for n in index.names(i)]
            for holder in lost_unit_holders(unit, names):
                pos = self.find_unit(doc.id, holder)
                if pos is not None and pos not in out and (allowed is None or self.snapshot.units[pos].doc_id in allowed):
                    out.append(pos)
        return out

    def chapter_positions(self, query: Query, allowed: list[str] | None = None) -> tuple[str, list[int]] | None:
        """A chapter of a named document ("BAB V UU 18/2017", "Chapter 4 of the ASEAN
        Consensus", "Bab 5 …": Roman or Arabic): (the chapter as the document heads it,
        the positions of its units in document order), or None when the query cites no
        chapter of a named document. A chapter the document does not have gives ("", []).

        A chapter is also named by its title alone, when the query holds nothing but the
        title and the document's name ("Ketentuan Pidana UU 18/2017", "Chapter on
        Definitions of the ASEAN Consensus"): Indonesian statutes give their chapters the
        standard titles of UU 12/2011 Lampiran II (Ketentuan Umum, Ketentuan Pidana,
        Ketentuan Peralihan, Ketentuan Penutup), and people cite them so."""
        cit = query.citation
        if cit is None or cit.doc_id is None or cit.unit is not None:
            return None
        m = _CHAPTER.search(query.text)
        if m is None:
            wanted = self._chapter_titled(cit.doc_id, cit.topic_words)
            if wanted is None:
                return None
        else:
            wanted = _chapter_number(m.group("n"))
        heading = ""
        out: list[int] = []
        names: set[str] = set()
        for doc_id in [cit.doc_id, *[v.id for v in self.catalog.variants_of(cit.doc_id)]]:
            if allowed is not None and doc_id not in allowed:
                continue
            for pos in self.snapshot.units_by_doc.get(doc_id, []):
                unit = self.snapshot.units[int(pos)]
                for h in unit.heading:
                    hm = _CHAPTER_HEADING.match(h)
                    if hm and _chapter_number(hm.group("n")) == wanted:
                        if unit.unit not in names:  # a copy's unit of the same name is the same provision
                            heading = heading or h
                            names.add(unit.unit)
                            out.append(int(pos))
                        break
        return heading, out

    def _chapter_titled(self, doc_id: str, words: tuple[str, ...]) -> int | None:
        """The number of the chapter of `doc_id` (or a copy) whose heading's title is
        exactly `words` (case-folded; "bab", "chapter", "on", "the", "of" aside), else None."""
        asked = [w for w in words if w not in _CHAPTER_FILLER]
        if not asked:
            return None
        for heading in self.chapter_headings(doc_id):
            hm = _CHAPTER_HEADING.match(heading)
            title = re.findall(r"\w+", heading[hm.end():].lower()) if hm else []
            if title and [w for w in title if w not in _CHAPTER_FILLER] == asked:
                return _chapter_number(hm.group("n"))  # type: ignore[union-attr]
        return None

    def chapter_headings(self, doc_id: str) -> list[str]:
        """The chapter headings of a document and its copies, in document order, each once
        by number ("BAB I KETENTUAN UMUM", …; [] when it has no chapters). Kept per
        document: a question naming a document is matched against its chapter titles."""
        cached = self._chapter_headings.get(doc_id)
        if cached is not None:
            return list(cached)
        seen: set[int] = set()
        out: list[str] = []
        for d in [doc_id, *[v.id for v in self.catalog.variants_of(doc_id)]]:
            for pos in self.snapshot.units_by_doc.get(d, []):
                for h in self.snapshot.units[int(pos)].heading:
                    hm = _CHAPTER_HEADING.match(h)
                    if hm and _chapter_number(hm.group("n")) not in seen:
                        seen.add(_chapter_number(hm.group("n")))
                        out.append(h)
        self._chapter_headings[doc_id] = tuple(out)
        return out

    # --- search --------------------------------------------------------------------

    def search(self, text: str, k: int = 10, filters: Filters | None = None, *,
               named_on_topic: bool = True) -> SearchResult:
        """Rank the units for `text` (a question or a citation): at most `k` hits, within
        `filters`. named_on_topic=False keeps a Pasal named without its document and with
        words of its own ("What does Pasal 30 say about fees?") in its score's place, as
        `kb ask` wants it (it asks the user to name the document instead)."""
        # kb.limits: a query is text and at most KB_MAX_QUERY_CHARS long (the embedder reads
        # 512 tokens anyway); a longer one is cut at a word and the result's notes say so.
        raw = validate_query(text).strip() if text is not None else ""
        text, note = bound_query(raw)
        result = self._search(text, k, filters, named_on_topic)
        if note:
            lang = result.output_language
            result.notes.append(search_note("query-cut", lang, length=grouped(len(raw), lang),
                                            cut=grouped(len(text), lang),
                                            limit=grouped(int(limits.value("max_query_chars")), lang)))
        return result

    def _search(self, text: str, k: int, filters: Filters | None, named_on_topic: bool = True) -> SearchResult:
        # The query embedding (tens of milliseconds in C, without the GIL) runs while the
        # query is analysed and scored lexically.
        pending = _embedding_pool().submit(self.embedder.embed_query, text) if text and self.params.dense_weight > 0 else None
        query = analyse_query(text, self.resolver)
        query.vector = pending
        if pending is not None and self.params.translate_weight > 0 and not query.bare_citation:
            translated = query.translated(self.params.translate_min_weight)
            if translated != text:
                query.translation_vector = _embedding_pool().submit(self.embedder.embed_query, translated)
        if not text:
            return SearchResult(query=text, hits=[], language=query.lang, analysis=query,
                                output_language=output_language(query.lang, None, self.catalog))
        filters = filters or Filters()
        cit = query.citation
        if cit is not None and cit.doc_id is None and cit.unit is not None and len(filters.doc) == 1:
            # "Pasal 30" searched within one document (--doc uu-18-2017): that document's
            # Pasal 30, as "Pasal 30 UU No. 18 Tahun 2017" would be (was: "of which document?")
            doc = self.catalog.find(filters.doc[0])
            within = self.resolver.parse(f"{cit.raw} {doc.citation}") if doc is not None else None
            if within is not None and within.doc_id is not None and within.unit == cit.unit:
                query.citation = within
        indexed = list(self.snapshot.units_by_doc)
        allowed = filters.allowed(self.catalog, indexed)
        lang = output_language(query.lang, query.citation, self.catalog)  # of every note below
        scores, best_passage, signals, dense_top = self._score(query, allowed)
        hits: list[Hit] = []
        cited = self._cited_positions(query.citation, allowed) if query.citation and query.citation.complete else []
        if not cited and query.asks_successor and cit is not None and cit.doc_id and cit.unit is None \
                and not [w for w in cit.topic_words if not (is_successor_word(w) or is_instrument_word(w))]:
            # "What replaced UU 39/2004?", "Apa pengganti UU 39/2004?": the provision that
            # repealed the named document (the catalogue's `repealed_by`) is what is asked for,
            # cited; its words ("dicabut dan dinyatakan tidak berlaku") are not the question's.
            cited = self._repealing_positions(cit.doc_id, allowed)
        chapter = None if cited else self.chapter_positions(query, allowed)
        chapter_note = None
        if chapter is not None and query.citation is not None and query.citation.doc_id:
            # a chapter cited ("BAB XI UU 18/2017") is a bare citation: its document's language
            cited_doc = self.catalog.find(query.citation.doc_id)
            lang = cited_doc.language if cited_doc is not None and cited_doc.language in ("en", "id") else lang
        if chapter is not None and chapter[1]:
            cited = [(pos, self.snapshot.units[pos].unit) for pos in chapter[1]]
            if len(cited) > k:
                doc = self.catalog.find(query.citation.doc_id) if query.citation and query.citation.doc_id else None
                where = f"{doc.citation}, " if doc is not None else ""
                chapter_note = search_note("chapter-first-k", lang, where=where, chapter=chapter[0], total=len(cited), k=k)
        elif chapter is not None and query.citation is not None and query.citation.doc_id:
            chapter_note = citation_note(self.no_chapter_message(query), lang) or None
        # What the citation names that is not there ("GC 9", "Pasal 999", "huruf z"): said
        # in the notes, as `kb show` and `kb ask` refuse it; a missing part's unit is the
        # exact hit, under its own citation, never the part's.
        notes = [citation_note(m, lang) for m in (
                     unreadable_citation(text, query.citation), self.resolver.unknown_general_comment_message(text),
                     self.missing_unit_message(query.citation), self.unread_citation_message(query)) if m]
        notes += [m for m in (self.filtered_citation_message(query.citation, filters, lang),) if m]
        for pos, locator in cited[:k]:
            missing = self.missing_part_message(pos, locator) if locator else ""
            if missing:
                notes.append(citation_note(missing, lang))
                locator = self.snapshot.units[pos].unit
            hits.append(self._hit(pos, len(hits) + 1, 1.0, None, locator=locator, exact=True, placed="cited"))
        exact = {pos for pos, _ in cited}
        if query.citation is not None and query.citation.complete and chapter is None:
            # a cited unit whose heading the copy lost: the unit holding what survived of
            # its text and its Penjelasan, right after what the citation found
            for pos in self.lost_unit_positions(query.citation, allowed):
                if pos not in exact and len(hits) < k:
                    exact.add(pos)
                    hits.append(self._hit(pos, len(hits) + 1, 1.0, None, locator=self.snapshot.units[pos].unit,
                                          placed="lost-heading"))
        if not cited and chapter is None:
            # "Pasal 30" alone: the Pasal of that number of each statute that has one,
            # first (law in force, then repealed law); its number alone would otherwise be
            # matched as a word ("within 30 days", IJEPA art. 146(3)). With words of its
            # own ("What does Pasal 30 say about fees?") the query is searched as usual.
            # named_on_topic=False (kb ask, which asks to name the document instead): only a
            # bare "Pasal 30" places its units
            if query.citation and query.citation.topic_words:
                named = self._named_units_on_topic(query, allowed, scores) if named_on_topic else []
            else:
                named = self._unplaced_positions(query, allowed)
            for pos in named[:k]:
                exact.add(pos)
                p = best_passage.get(pos)
                p = best_lexical_passage(self.snapshot, query, pos) if p is None else p
                hits.append(self._hit(pos, len(hits) + 1, float(scores[pos]), p, locator=self.snapshot.units[pos].unit,
                                      signals=signals.get(pos), placed="named-unit-topic" if query.citation and query.citation.topic_words else "named-unit"))
        if cited and query.asks_successor:
            # "Pasal 76 UU 39/2004 dan penggantinya", "… and its successor": the closest
            # provision of the law that replaced each cited repealed unit, right after them
            for pos, _locator in cited[:k]:
                found = self.successors.successor_position(pos)
                if found is not None and found[0] not in exact and len(hits) < k:
                    exact.add(found[0])
                    p = best_passage.get(found[0])
                    p = best_lexical_passage(self.snapshot, query, found[0]) if p is None else p
                    # scored by its similarity to the repealed unit, the reason it is here
                    hits.append(self._hit(found[0], len(hits) + 1, round(float(found[1]), 4), p, placed="successor"))
        order = np.argsort(-scores)
        phrased: set[int] = set()
        phrases = quoted_phrases(text)
        if phrases:
            # words the user put in quotation marks: the units holding them all come first
            phrased = self._units_with_phrases(phrases, allowed)
            if phrased:
                order = np.concatenate([[u for u in order if int(u) in phrased],
                                        [u for u in order if int(u) not in phrased]]).astype(np.int64)
            else:
                shown = ", ".join(f"“{p}”" for p in phrases)
                notes.append(search_note("quoted-words-absent", lang, words=shown))
        if not exact and not phrased:
            # a Pasal among the best brings its Penjelasan onto the first page (and back)
            ranked = [int(pos) for pos in order[:int(self.params.elucidation_depth)] if scores[pos] > 0]
            reserved = reserve_elucidations(ranked, self.elucidations, int(self.params.elucidation_keep),
                                            int(self.params.elucidation_slots), int(self.params.elucidation_depth))
            if reserved is not ranked:  # the same units re-ordered: the rest of `order` follows as it was
                order = np.concatenate([np.asarray(reserved, dtype=np.int64), order[len(ranked):]])
        for pos in order:
            if len(hits) >= k or (scores[pos] <= 0 and int(pos) not in phrased):
                break
            if pos in exact:
                continue
            p = best_passage.get(int(pos))
            if p is None:
                p = best_lexical_passage(self.snapshot, query, int(pos))
            else:
                p = shown_passage(self.snapshot, query, int(pos), p)
            # a unit holding the quoted words stands before any that does not, whatever its score
            placed = "quoted-words" if int(pos) in phrased else None
            hits.append(self._hit(int(pos), len(hits) + 1, float(scores[pos]), p, signals=signals.get(int(pos)),
                                  placed=placed))
        result = SearchResult(query=text, hits=hits, language=query.lang, citation=query.citation,
                              signals={"dense_top": dense_top}, analysis=query, output_language=lang)
        result.notes.extend(dict.fromkeys(notes))
        if chapter_note:
            result.notes.append(chapter_note)
        return result

    def no_chapter_message(self, query: Query) -> str:
        """"UU No. 18 Tahun 2017 has no BAB XX; it has BAB I–XIV" when the query cites a
        chapter its named document does not have; "" otherwise."""
        chapter = self.chapter_positions(query)
        if chapter is None or chapter[1] or query.citation is None or query.citation.doc_id is None:
            return ""
        doc = self.catalog.find(query.citation.doc_id)
        asked = _CHAPTER.search(query.text)
        indexed = [doc.id, *[v.id for v in self.catalog.variants_of(doc.id)]] if doc is not None else []
        if doc is None or asked is None or not any(d in self.snapshot.units_by_doc for d in indexed):
            return ""  # a document that is not indexed: the answer says so itself
        have = self.chapter_headings(doc.id)
        if not have:
            return f"{doc.citation} has no chapters in the indexed text"
        word = have[0].split()[0]
        typed = [_CHAPTER_HEADING.match(h).group("n") for h in have]  # type: ignore[union-attr]
        arabic = typed[0].isdigit()
        number = _chapter_number(asked.group("n"))
        # as the document numbers them; a number no numeral writes (BAB 0) as typed (was "BAB ;")
        name = (str(number) if arabic else roman_numeral(number)) or asked.group("n").upper()
        # runs of consecutive numbers, as typed: "BAB I, III–VI" when the text lost BAB II
        runs: list[list[int]] = []
        for n in sorted({_chapter_number(t) for t in typed}):
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        shown = (str if arabic else roman_numeral)
        have_text = ", ".join(shown(r[0]) if len(r) == 1 else f"{shown(r[0])}–{shown(r[-1])}" for r in runs)
        if runs[0][0] < number < runs[-1][-1]:  # a gap: the heading was lost in the source text (OCR)
            return (f"the indexed text of {doc.citation} has no {word} {name} heading; it has {word} {have_text}: "
                    f"cite its Pasal instead, e.g. kb show \"{doc.citation} Pasal 1\"")
        return f"{doc.citation} has no {word} {name}; it has {word} {have_text}"

    def _score(self, query: Query, allowed: list[str] | None):
        p = self.params
        n_units = len(self.snapshot.units)
        mask = np.ones(n_units, dtype=bool)
        if allowed is not None:
            mask[:] = False
            for doc_id in allowed:
                mask[self.snapshot.units_by_doc.get(doc_id, [])] = True

        translations: list[tuple[str, float]] = []
        if p.lexicon_weight > 0:
            translations = [(t, p.lexicon_weight * w) for t, w in default_lexicon().translate(query.tokens, query.lang)]
        lexical = self._lexical(query, mask, translations)
        lang_rows = self.snapshot.units_by_language

        dense = np.zeros(n_units, dtype=np.float32)
        best: dict[int, int] = {}
        sims: dict[int, float] = {}
        dense_top = 0.0
        if p.dense_weight > 0 and mask.any():
            vec = query_vector(self.embedder, query, p.translate_weight, p.translate_min_weight)
            offsets: dict[str, float] = {}
            for lang in lang_rows:
                offsets[lang] = 0.0
                if lang != query.lang:
                    offsets[lang] = p.cross_lang_offset
                    if query.lang == "en" and p.cross_lang_offset_en_id is not None:
                        offsets[lang] = p.cross_lang_offset_en_id
            got, best = self._dense(vec, allowed, lexical, mask)
            dense_top = max(got.values(), default=0.0)
            unit_lang = self.snapshot.unit_language
            for u, sim in got.items():
                sims[u] = sim + offsets.get(unit_lang[u], 0.0)
            if sims:
                values = np.array(list(sims.values()), dtype=np.float32)
                hi = float(values.max())
                lo = float(np.quantile(values, p.dense_floor_quantile)) if p.dense_floor_quantile else float(values.min())
                span = (hi - lo) or 1.0
                for u, s in sims.items():
                    dense[u] = max(0.0, (s - lo) / span)
        scores = p.dense_weight * dense + p.lexical_weight * lexical
        if query.mentioned_docs and p.mentioned_doc_boost:
            for doc_id in query.mentioned_docs:
                for d in [doc_id, *[v.id for v in self.catalog.variants_of(doc_id)]]:
                    rows = self.snapshot.units_by_doc.get(d, [])
                    scores[rows] += p.mentioned_doc_boost * (scores[rows] > 0)
        if p.asked_family_factor != 1.0:
            self._asked_family_first(query, scores)
        if p.general_factor != 1.0:
            scores[self.snapshot.general_units] *= p.general_factor
            if query.asks_signature:  # "When was the Consensus signed?": the final clause is the answer
                scores[self.snapshot.final_units] /= p.general_factor
        if p.definitions_factor != 1.0 and not query.asks_definition:
            scores[self.snapshot.definition_units] *= p.definitions_factor
        if p.repealed_factor != 1.0:
            for doc_id, rows in self.snapshot.units_by_doc.items():
                doc = self.catalog.find(doc_id)
                if doc is not None and doc.repealed:
                    scores[rows] *= p.repealed_factor
        if p.successor_match > 0:
            self._law_in_force_first(scores, mask)
        # Units of documents no longer in the catalogue (removed since indexing) never show.
        for doc_id, rows in self.snapshot.units_by_doc.items():
            if doc_id not in self.catalog:
                scores[rows] = 0
        scores = np.where(mask, scores, 0.0)
        signals = {int(u): {"dense": round(float(dense[u]), 4), "lexical": round(float(lexical[u]), 4)}
                   for u in np.argsort(-scores)[:50]}
        return scores, best, signals, dense_top

    def _asked_family_first(self, query: Query, scores: np.ndarray) -> None:
        """Scores of units outside the family the question asks for × asked_family_factor
        (in place); nothing when it asks for none, or also names a document of another
        family."""
        family = query.family_asked
        if family is None:
            return
        named = {d.family for d in (self.catalog.find(x) for x in query.mentioned_docs) if d is not None}
        if named - {family}:
            return
        for doc_id, rows in self.snapshot.units_by_doc.items():
            doc = self.catalog.find(doc_id)
            if doc is not None and doc.family != family:
                scores[rows] *= self.params.asked_family_factor

    def _dense(self, vec: np.ndarray, allowed: list[str] | None, lexical: np.ndarray, mask: np.ndarray):
        """Unit position -> best passage similarity and -> that passage's row: one
        nearest-neighbour query over all languages (a filtered query costs several times
        more in chroma), then each language's share completed with the exact similarity
        of its best lexical units."""
        p = self.params
        n_units = len(self.snapshot.units)
        got, best = dense_unit_scores(self.snapshot, vec, p.dense_candidates, allowed)
        wanted: list[int] = []
        if p.complete_lexical:
            for rows in self.snapshot.units_by_language.values():
                in_lang = np.zeros(n_units, dtype=bool)
                in_lang[rows] = True
                in_lang &= mask
                wanted += [int(u) for u in np.argsort(-np.where(in_lang, lexical, -1.0))[: int(p.complete_lexical)]
                           if u not in got and lexical[u] > 0]
        extra, extra_best = complete_unit_scores(self.snapshot, vec, wanted)
        got.update(extra)
        best.update(extra_best)
        return got, best

    def _name_stems(self, query: Query) -> set[str]:
        """Stems of the names of the documents the query names (kb.lang.name_stems)."""
        stems: set[str] = set()
        for doc_id in query.mentioned_docs:
            doc = self.catalog.find(doc_id)
            if doc is not None:
                stems |= name_stems(doc.title, doc.citation, *doc.aliases)
        return stems

    def _name_discount(self, query: Query, extra: list[tuple[str, float]], share: float):
        """What `lexical_unit_scores` discounts for the words naming the documents the query
        names: [(terms with their weights, share, units)], or None.

        In a document whose own name holds such a word (the named one, its copies, any
        other of its family whose name shares it: "ASEAN" in every ASEAN instrument; and
        any whose name holds the number: "2017" in "joint general comment No. 4 (2017)") it
        says nothing about which unit answers, every unit being that document's text; in
        the others it is a reference to the named document ("Undang-Undang Nomor 39 Tahun
        2004 … dicabut"; "the Convention" in a general comment's title and text), and
        counts. So for the word's other names in the other language, the
        glossary's ("Konsensus ASEAN": "consensus", "association of southeast asian
        nations") and the lexicon's: without them an Indonesian question ranks the English
        units that spell the name out ("this Consensus", a preamble's "Association of
        Southeast Asian Nations") above the one that answers ("Done at Manila, …" for
        "Kapan Konsensus ASEAN ditandatangani?")."""
        named = self._name_stems(query)
        names = [t for t in dict.fromkeys(query.tokens) if t in named]
        if not names:
            return None
        own_docs = {d for doc_id in query.mentioned_docs
                    for d in [doc_id, *[v.id for v in self.catalog.variants_of(doc_id)]]}
        lexicon = default_lexicon()
        others = [t for t in query.tokens if t not in names]
        by_others = {t for t, _w in lexicon.translate(others, query.lang)}
        expansions = _name_expansion(query, set(names))
        groups: list[tuple[list[tuple[str, float]], float, np.ndarray]] = []
        families = {d.family for d in (self.catalog.find(x) for x in own_docs) if d is not None}
        for name in names:
            units = np.zeros(len(self.snapshot.units), dtype=bool)
            for doc_id, rows in self.snapshot.units_by_doc.items():
                doc = self.catalog.find(doc_id)
                if doc_id in own_docs or (doc is not None and (doc.family in families or name.isdigit())
                                          and name in name_stems(doc.title, doc.citation, *doc.aliases)):
                    units[rows] = True
            if not units.any():
                continue
            terms = [(name, 1.0)] + [(t, self.params.expansion_weight) for t in expansions.get(name, ())]
            by_name = {t for t, _w in lexicon.translate([name], query.lang)}
            terms += [(t, w) for t, w in extra if t in by_name and t not in by_others]
            groups.append((terms, share, units))
        return groups or None

    def _lexical(self, query: Query, mask: np.ndarray, extra: list[tuple[str, float]]) -> np.ndarray:
        """Lexical scores in [0, 1], normalised within each language (blend
        `lexical_per_language`) and then over the allowed units."""
        p = self.params
        discount = None
        if p.name_terms_weight != 1.0 and query.mentioned_docs:
            discount = self._name_discount(query, extra, 1.0 - p.name_terms_weight)
        lexical = lexical_unit_scores(self.snapshot, query, p.expansion_weight, p.passage_mix, extra, discount)
        lexical = np.where(mask, lexical, 0.0)
        if p.lexical_per_language > 0:
            for rows in self.snapshot.units_by_language.values():
                top = float(lexical[rows].max()) if len(rows) else 0.0
                if top > 0:
                    lexical[rows] = (1 - p.lexical_per_language) * lexical[rows] + p.lexical_per_language * lexical[rows] / top
        if mask.any() and lexical.max() > 0:
            lexical = lexical / lexical[mask].max()
        return lexical

    def _law_in_force_first(self, scores: np.ndarray, mask: np.ndarray, depth: int = 50) -> None:
        """Where a repealed unit ranks among the best and the provision that replaced it
        also matches, the provision in force moves just above it (in place)."""
        threshold = self.params.successor_match
        top = np.argsort(-scores)[:depth]
        for pos in top:
            pos = int(pos)
            if scores[pos] <= 0 or not mask[pos]:
                continue
            found = self.successors.successor_position(pos)
            if found is None:
                continue
            target = found[0]
            if mask[target] and scores[target] >= threshold * scores[pos] and scores[target] <= scores[pos]:
                scores[target] = scores[pos] * 1.0001 + 1e-6

    # --- results -------------------------------------------------------------------

    def _hit(self, pos: int, rank: int, score: float, passage_idx: int | None, locator: str | None = None,
             exact: bool = False, signals: dict | None = None, placed: str | None = None) -> Hit:
        unit: Unit = self.snapshot.units[pos]
        doc = self.catalog.get(unit.doc_id)
        passage: Passage | None = self.snapshot.passage(passage_idx) if passage_idx is not None else None
        if locator is None:
            locator = _locator_for(unit, passage)
        successor = self.successors.successor(pos) if doc.repealed else None
        successor_doc = self.catalog.find(successor.doc_id) if successor else None
        return Hit(rank=rank, score=score, unit=unit, document=doc, passage=passage, locator=locator,
                   exact=exact, signals=signals or {}, successor=successor, successor_document=successor_doc,
                   placed=placed)


def _name_expansion(query: Query, names: set[str]) -> dict[str, list[str]]:
    """The glossary stems (either language) that each of the question's name words alone
    brings ("konsensus" -> "consensus"; "asean" -> "associ", "southeast", "asian", "nation"):
    those of the concepts matched by that name word only, less any that another concept
    or query word brings too."""
    from_names: dict[str, list[str]] = {}
    from_others: set[str] = {t for t in query.tokens if t not in names}
    for concept in query.expansion.concepts:
        stems = {s for lg in concept.stems for seq in concept.stems[lg] for s in seq}
        in_query = stems & set(query.tokens)
        if len(in_query) == 1 and in_query <= names:
            got = from_names.setdefault(next(iter(in_query)), [])
            got += [s for s in sorted(stems) if s not in got]
        else:
            from_others |= stems
    kept = set(query.expansion_tokens())
    return {n: [s for s in stems if s not in from_others and s in kept and s != n] for n, stems in from_names.items()}


# "BAB V", "Bab 5", "Chapter 4", "chapter IV" in a query; a chapter heading of a document.
_CHAPTER = re.compile(r"\b(?:bab|chapter|chap\.)\s+(?P<n>[ivxlc]{1,6}|\d{1,3})\b", re.IGNORECASE)
_CHAPTER_FILLER = frozenset({"bab", "chapter", "on", "the", "of", "tentang", "dari"})
_CHAPTER_HEADING = re.compile(r"^\s*(?:bab|chapter)\s+(?P<n>[ivxlc]{1,6}|\d{1,3})\b", re.IGNORECASE)


def names_chapter(text: str) -> bool:
    """Whether `text` names a chapter ("BAB XI", "Chapter 4", "chap. 2")."""
    return _CHAPTER.search(text) is not None


def _chapter_number(text: str) -> int:
    """"V" -> 5, "iv" -> 4, "12" -> 12 (Roman numerals as chapters are numbered; 0 for
    letters that are no Roman numeral)."""
    return int(text) if text.isdigit() else ROMAN_VALUES.get(text.upper(), 0)


_POOL: ThreadPoolExecutor | None = None


def _embedding_pool() -> ThreadPoolExecutor:
    """One worker: embeddings run one at a time, beside the caller's thread."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-embed")
    return _POOL


def _locator_for(unit: Unit, passage: Passage | None) -> str:
    """The finest locator that covers the whole matched passage."""
    if passage is None:
        return unit.unit
    best = unit.unit
    size = len(unit.text) + 1
    for part in unit.parts:
        if part.start <= passage.start and passage.end <= part.end and part.end - part.start < size:
            best, size = part.locator, part.end - part.start
    return best
