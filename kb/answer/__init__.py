"""`kb ask`: answers made only of verbatim quotes with pinpoint citations, or a
declining answer that says why.

    from kb.answer import answer_question
    answer = answer_question("Apakah majikan boleh menahan paspor PRT migran?", searcher)

The answer layer takes what it needs as arguments — a searcher (`kb.search.Searcher`,
or anything with the `Retriever` shape) that knows the catalogue and the index — and
imports nothing above it: `kb.KnowledgeBase.ask` calls into it.

What an answer does, in order:
1. refuses, with a one-line `KbError`, an empty question, a question in a language kb
   does not handle (`QuestionError`) and a citation of a unit the cited, indexed
   document does not have (`UnitNotFound`: "UU No. 18 Tahun 2017 has no Pasal 999; it
   has Pasal 1–91");
2. notes first the documents the question names that are not indexed, and how to get
   them (`kb corpus fetch ID`, `kb add FILE --id ID`); a question about an article of a
   missing instrument is answered from the sentences that refer to that article of that
   instrument (never one about the same number in another instrument);
3. scores the sentences of the best units against the question (kb.answer.quotes) and
   decides whether they answer it (kb.answer.abstain); declining says why;
4. quotes the best sentences, the best first, grouped by instrument; every fragment is
   checked to be the unit's own text at its offsets before it is returned.

An optional LLM (use_llm) may phrase a synthesis; a verifier then checks every citation
and every quoted span against the retrieved units and drops what it cannot support.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from ..citations import unknown_document_id, alternate_unit_names, documents_with_unit, format_citation
from ..lang.glossary import phrase_bound
from ..models import AUTHORITY
from ..search.families import families_named, family_asked, family_words
from ..search.query import fold_words, is_instrument_word, is_successor_word, quoted_phrases
from ..search.results import Hit, source_url
from .abstain import (DEFAULT_THRESHOLDS, TOPICLESS_WORDS, Decision, Support, Thresholds, absent_domain_terms, assess, assess_names, asks_only_for,
                      decide, intent, key_terms, never_used, term_share, mentioned, states_figure_about, states_limit_about, units_naming)
from .checks import (UnitNotFound, check_cited_parts, check_cited_unit, check_general_comment, check_joined_units,
                     check_question, check_readable_citation)
from .clauses import broken_markers, garbled_numbers
from .definitions import put_definition_first
from .dates import Dating, asks_adoption, asks_entry_into_force, dating_sentences, on_promulgation, promulgation_dates
from .instruments import (ASKS_RATIFICATION, COUNTRY_ADJECTIVES, COUNTRY_NAMES, ENACTING, THE_CONVENTION, Missing, article_references, default_instrument, describing_words, missing_documents, named_documents,
                          ratifying_act, refers_to, without_missing_bilateral)
from .messages import ABSTAIN_LEAD, caveat_text, family_name, join_names, note_text, reason_text, status_text, unit_words
from .model import Answer, Note, Quote, Section, Source
from .holders import asked_relation, states_relation
from .penal import asks_criminal_penalty, on_subject, penal_first, penal_hits
from .quotes import (ALL_ITEMS, DEFAULT_WEIGHTS, Candidate, Choice, Weights, add_dense, asks_for_list, candidates, score, select, term_weights,
                     translations)
from .render import render_markdown, render_text

if TYPE_CHECKING:
    import numpy as np

    from ..catalog import Catalog
    from ..citations import Citation, CitationResolver
    from ..index.snapshot import IndexSnapshot
    from ..search.filters import Filters
    from ..search.query import Query
    from ..search.results import SearchResult

__all__ = ["Answer", "Quote", "Section", "Source", "Note", "Retriever", "Evidence", "answer_question", "gather", "compose", "check_question",
           "render_text", "render_markdown", "Thresholds", "Weights", "UnitNotFound"]

SENTENCES_EMBEDDED = 0  # sentences of the best units compared with the question by embedding (see Weights.dense)


class Retriever(Protocol):
    """What the answer layer needs from retrieval (kb.search.Searcher has it)."""

    catalog: "Catalog"
    resolver: "CitationResolver"
    snapshot: "IndexSnapshot"

    @property
    def embedder(self) -> Any: ...  # .embed_query(text) and .embed_passages(texts) -> vectors

    def search(self, text: str, k: int = 10, filters: "Filters | None" = None, *,
               named_on_topic: bool = True) -> "SearchResult": ...

    def find_unit(self, doc_id: str, unit: str) -> int | None: ...  # position in snapshot.units


def answer_question(
    question: str,
    searcher: Retriever,
    *,
    k: int = 8,
    filters: "Filters | None" = None,
    use_llm: bool = False,
    max_quotes: int = 5,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    weights: Weights = DEFAULT_WEIGHTS,
    in_library: Iterable[str] = (),
    sentence_limit: int = SENTENCES_EMBEDDED,
) -> Answer:
    """Answer `question` from the units `searcher` finds (the `k` best are read).

    `filters` restrict the search (kb.search.Filters, already validated); `in_library`:
    ids of documents fetched or added but not indexed yet (so a note can say "run kb
    index"); `max_quotes`: quotes at most; `sentence_limit`: sentences embedded to score
    them against the question (0: lexical scoring only).

    Raises QuestionError (empty question, unhandled language), UnitNotFound (a cited
    unit that does not exist), LLMError (use_llm without a reachable model)."""
    evidence = gather(question, searcher, k=k, filters=filters, in_library=in_library, sentence_limit=sentence_limit)
    answer = compose(evidence, searcher.catalog, weights=weights, thresholds=thresholds, max_quotes=max_quotes,
                     filters=filters)
    if use_llm and not answer.abstained:
        from .llm import synthesise

        synthesise(answer, evidence.hits)
    return answer


@dataclass
class Evidence:
    """What an answer is built from: the question's hits and their quotable sentences
    with their features, the documents it names that are missing, the article it cites."""

    question: str
    lang: str
    query: "Query"
    hits: list[Hit]
    cands: list[Candidate]
    support: Support
    missing: list[Missing] = field(default_factory=list)
    target: tuple[tuple[int, ...], str] | None = None  # (articles, instrument) the question cites
    target_missing: bool = False  # ... and that instrument is not indexed
    idf: dict[str, float] = field(default_factory=dict)  # rarity of the question's terms in the index
    enacting: list[Hit] = field(default_factory=list)  # the ratifying provisions of missing treaties asked about
    families: tuple[str, ...] = ()  # families of sources the question compares ("Indonesian law and the Committee")
    unknown: list[str] = field(default_factory=list)  # document symbols the question gives that the catalogue lacks
    # names the best units do not mention -> citations of indexed units that do (the first two)
    named_elsewhere: dict[str, list[str]] = field(default_factory=dict)
    # of `unknown`, those some indexed unit names ("Domestic Workers Convention, 2011 (No. 189)")
    unknown_named: list[str] = field(default_factory=list)
    # a question asking when or where named documents were adopted, signed or enacted: those
    # documents (indexed, main ids) and their own dating sentences (kb.answer.dates)
    adoption: list[str] = field(default_factory=list)
    datings: list[Dating] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)  # indexed documents the question names (main ids; _named_documents)
    lead_family: str | None = None  # the one family the question asks for by name ("What does the Committee say …?")
    # for a question asking when documents entered into force: where they state their date of promulgation
    promulgations: list[Dating] = field(default_factory=list)
    # a unit cited with no document, with words beyond it ("What does Pasal 30 say about fees?"):
    # (the unit as cited, the citations of the documents that have one)
    unplaced: tuple[str, list[str]] | None = None
    # indexed documents the question names that do not refer to the article it asks about
    silent_named: list[str] = field(default_factory=list)
    # a cited chapter: (its heading, the positions of its units)
    chapter: tuple[str, list[int]] | None = None
    # the names (folded) of the other parties of the indexed bilateral instruments the
    # question names ("perjanjian Indonesia-Jepang": japan, jepang): a party, not a foreign
    # law or a name the quotes must mention (of one kb lacks, the missing note's title says)
    party_names: frozenset[str] = frozenset()
    # a question asking for a criminal penalty (kb.answer.penal), and the keys of the units
    # of penal chapters added to the search's hits for it
    asks_penalty: bool = False
    penal: frozenset[str] = frozenset()
    weights: dict[str, float] = field(default_factory=dict)  # the question's terms (stem -> weight; quotes.term_weights)
    # terms its glossary concepts bring in only inside multi-word terms -> those terms
    # (kb.lang.glossary.phrase_bound: "menahan" of "menahan paspor" says it only so)
    bound: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # the Convention (THE_CONVENTION) as the quotes' citations of its articles need it:
    # Missing when no copy of it is indexed, the id of the indexed copy when one is, None
    # when not known (no note on the articles the quotes cite)
    convention: "Missing | str | None" = None


def gather(question: str, searcher: Retriever, *, k: int = 8, filters: "Filters | None" = None,
           in_library: Iterable[str] = (), sentence_limit: int = SENTENCES_EMBEDDED) -> Evidence:
    """Search, check the question (raises as `answer_question`), and collect the
    candidate sentences with their lexical and (for `sentence_limit` of them) dense
    features. Scoring and choosing are `compose`'s."""
    question = check_question(question)
    check_joined_units(question)  # "Pasal 30 atau 31": refused as `kb show` refuses it, before searching
    catalog = searcher.catalog
    snap = searcher.snapshot
    result = searcher.search(question, k=k, filters=filters, named_on_topic=False)
    query = result.analysis
    units_by_doc = {d: [snap.units[i].unit for i in rows] for d, rows in snap.units_by_doc.items()}
    check_readable_citation(question, query.citation)  # as `kb show` refuses it first
    check_general_comment(searcher.resolver, question)
    check_cited_unit(query.citation, catalog, units_by_doc)
    no_chapter = getattr(searcher, "no_chapter_message", None)  # "BAB XX UU 18/2017"
    if no_chapter is not None and (message := no_chapter(query)):
        raise UnitNotFound(message)
    # "Psal 30 UU 18/2017" (did you mean …?), "Pasal 30" (of which document?): refused as
    # `kb show` refuses them, never answered from another unit or from the number as a word
    # (InvalidCitation / AmbiguousCitation: nothing is missing, the citation is unclear)
    unread_error = getattr(searcher, "unread_citation_error", None)
    unread = getattr(searcher, "unread_citation_message", None)
    if unread_error is not None and (error := unread_error(query)) is not None:
        from ..errors import AmbiguousCitation
        from .checks import AmbiguousUnit, UnreadableUnit

        raise (AmbiguousUnit if isinstance(error, AmbiguousCitation) else UnreadableUnit)(str(error))
    if unread is not None and (message := unread(query)):
        raise UnitNotFound(message)
    check_cited_parts(query.citation, catalog, lambda d, u: _part_locators(searcher, d, u))
    # a bare citation whose units the filters leave out ("UU 39/2004 Pasal 76" --in-force):
    # refused saying so, never answered from other units as if they were the cited one
    filtered = getattr(searcher, "filtered_citation_message", None)
    if (filtered is not None and query.citation is not None and not query.citation.topic_words
            and (message := filtered(query.citation, filters)) and not searcher.cited_positions(query.citation, filters)):
        raise UnitNotFound(message)
    # a chapter cited ("BAB XI UU 18/2017", "Ketentuan Pidana UU 18/2017"): how many units it has
    positions = getattr(searcher, "chapter_positions", None)
    chapter = positions(query) if positions is not None and query.citation is not None else None

    lang = answer_language(query, catalog)
    # the documents the question names, and those its citation names ("GC 2 article 68":
    # the Convention's article, kb.citations' reading of an article cited with a general comment)
    named_ids = named_documents(question, searcher.resolver, catalog)
    named_ids += [d for d in (query.citation.docs if query.citation else ()) if d not in named_ids]
    missing = missing_documents(named_ids, set(snap.units_by_doc), catalog, set(in_library), question)
    topic = without_missing_bilateral(question, missing)
    if topic != question:
        # what the indexed documents say on the question's topic, found without the words
        # naming the agreement kb lacks (the note says it is missing; the analysis, and so
        # the notes on names the quotes do not mention, stay the question's own)
        found = searcher.search(topic, k=k, filters=filters, named_on_topic=False)
        result = replace(result, hits=found.hits, signals=found.signals)
    target = _cited_article(query, catalog, missing)
    target_missing = target is not None and target[1] in {m.document.id for m in missing}

    idf = snap.lexical_units.idf(query.tokens + query.expansion_tokens())
    hits = list(result.hits)
    phrases = quoted_phrases(question)
    if phrases:
        # words in quotation marks (the search lists the units holding them first): quoted
        # from those units, when one holds them, as `kb search` shows them first
        holding = [h for h in hits if h.exact or all(f" {p} " in f" {fold_words(h.unit.text)} " for p in phrases)]
        if any(not h.exact for h in holding):
            hits = holding
    unfiltered = filters is None or filters.is_empty()
    families = _compared_families(question, query, catalog)
    if len(families) > 1 and unfiltered:
        hits += _hits_per_family(searcher, question, families, hits)
    cites_units = query.citation is not None and bool(query.citation.units)
    adoption = _adoption_documents(question, query, searcher) if not cites_units else []
    datings: list[Dating] = []
    if adoption:
        # Only the named documents' own dating sentences answer (never another instrument's
        # "adopted at …"): their units, first, and no other document's.
        allowed = {d for m in adoption for d in _copies(m, catalog, snap)}
        datings = dating_sentences(snap.units[i] for d in allowed for i in snap.units_by_doc[d])
        top = max((h.score for h in hits), default=1.0) or 1.0
        dated = list(dict.fromkeys(x.unit.key for x in datings))
        units = {x.unit.key: x.unit for x in datings}
        hits = ([Hit(rank=0, score=top, unit=units[key], document=catalog.get(units[key].doc_id)) for key in dated]
                + [h for h in hits if h.document.id in allowed and h.unit.key not in units])
    compared = _named_documents(query, catalog, snap) if not adoption else []
    if compared and unfiltered:
        # each document the question names, found by a search of it alone when the
        # search's own hits lack it (a comparison quotes each; a question asking what one
        # document says is answered from it)
        hits += _hits_per_document(searcher, question, compared, hits)
    lead_family = family_asked(question) if not adoption and unfiltered and not query.mentioned_docs else None
    if lead_family is not None:
        hits += _hits_per_family(searcher, question, (lead_family,), hits, per_family=4, even_present=True)
    enacting = _enacting_hits(question, missing, snap, catalog, hits) if missing else []
    hits = enacting + [h for h in hits if h.unit.key not in {e.unit.key for e in enacting}]
    silent_named: list[str] = []
    if target_missing:
        named = {(d.variant_of or d.id) for d in (catalog.find(i) for i in query.mentioned_docs)
                 if d is not None and d.id in snap.units_by_doc}
        hits = _referring_units(snap, catalog, hits, target, named)  # type: ignore[arg-type]
        silent_named = sorted(named - {(h.document.variant_of or h.document.id) for h in hits})
    translated = [t for t, _w in translations(query)]
    translated_idf = snap.lexical_units.idf(translated) if translated else {}
    weights = term_weights(query, idf, translated_idf=translated_idf)
    # "Komite" says which texts answer, not which of their sentences: in the Committee's
    # texts every sentence is the Committee's ("the Committee resolved to issue …" does not
    # answer "Apa kata Komite tentang reunifikasi keluarga?"). So do the names of the
    # families a comparison sets side by side ("Bandingkan hukum Indonesia dan Komite
    # tentang penahanan paspor": "hukum" and "Indonesia" made PP 59/2021's "… Pekerja
    # Migran Indonesia yang ditahan di penjara" and, through "hukum" = sanction, IJEPA's
    # penalties the answer's quotes).
    sources = (lead_family,) if lead_family is not None else families if len(families) > 1 and unfiltered else ()
    for family in sources:
        for stem in _family_stems(question, family, query.lang, query):
            weights.pop(stem, None)
    penal: list[Hit] = []
    if asks_criminal_penalty(question) and not (query.citation is not None and query.citation.units):
        # the penal chapters of the statutes found (kb.answer.penal): the article punishing
        # what the question describes cites it by number and shares few of its words
        penal = penal_hits(hits, lambda d: [snap.units[i] for i in snap.units_by_doc.get(d, [])],
                           lambda unit, s, rank: Hit(rank=rank, score=s, unit=unit, document=catalog.get(unit.doc_id)))
    cands = candidates(hits + penal, query, weights, question)
    if phrases:
        cands = _holding_phrases(cands, phrases)
    if target is not None:
        cands = _about_target(cands, catalog, target, only=target_missing)
    if sentence_limit and cands:
        vector = _query_vector(query, searcher)
        add_dense([c for c in cands if not c.hit.exact], vector, searcher.embedder.embed_passages, sentence_limit)
    support = assess(query, hits, result.signals.get("dense_top", 0.0), idf, question) if hits else Support(0.0, 0.0)
    # the documents named by name and those described ("perjanjian Indonesia-Jepang": IJEPA)
    named = [d for d in dict.fromkeys([*query.mentioned_docs, *named_ids]) if d in snap.units_by_doc]
    if named and not (query.citation is not None and query.citation.coverage >= 0.99):
        # A document counts with its other indexed copies (the OCR copy of UU 18/2017 holds its Penjelasan).
        mains = {catalog.get(d).variant_of or d for d in named if d in catalog}
        copies = [d for d in snap.units_by_doc if d in catalog and (catalog.get(d).variant_of or d) in mains]
        support.absent_terms = absent_domain_terms(query, set().union(*(_document_stems(snap, d) for d in copies)))
        support.absent_from = named if support.absent_terms else []
    # where the documents do use the words a decline names (kb.answer.abstain.decide: the domain terms first)
    used = [w for w in (support.key_uncovered or support.uncovered) if w not in support.unused]
    if support.unused:
        describing = describing_words(question)  # "pengamatan penutup" names a text, not a topic
        support.never_used = [w for w in never_used(support.unused, query, snap.lexical_units.idf)
                              if w.lower() not in describing]
        support.never_share = term_share(query, idf, support.never_used)
        support.never_topic_share = term_share(query, idf, support.never_used, TOPICLESS_WORDS)
    if used:
        support.used_in = _units_using(snap, catalog, query, used)
    elsewhere = {}
    if support.missing:
        main = _main_positions(snap, catalog)
        for name in support.missing:
            # Only units whose indexed words hold one of the name's words (or its glossary
            # synonyms') can name it: they alone are read and matched, not every unit.
            may = _units_with_words(snap, name)
            units = [snap.units[i] for i in main if may is None or may[i]]
            cites = [format_citation(catalog.get(u.doc_id), u.unit) for u in units_naming(name, units)]
            if cites:
                elsewhere[name] = cites
    unknown = searcher.resolver.unknown_symbols(question)
    unknown_named = _named_in_units(snap, catalog, searcher.resolver, unknown) if unknown else []
    promulgations: list[Dating] = []
    if not adoption and asks_entry_into_force(question):
        # "mulai berlaku pada tanggal diundangkan" states no date; its Penutup does
        mains = dict.fromkeys(catalog.get(d).variant_of or d for d in [*query.mentioned_docs, *(h.document.id for h in hits)]
                              if d in catalog)
        ids = [c for m in mains for c in _copies(m, catalog, snap)]
        promulgations = promulgation_dates(snap.units[i] for d in ids for i in snap.units_by_doc[d])
    unplaced = None
    cit = query.citation
    # ("Pasal 30 Konvensi …" names its document: the Convention, not indexed, is `target`)
    if (cit is not None and cit.doc_id is None and cit.unit is not None and cit.topic_words and target is None
            and not missing and not query.mentioned_docs and not unknown):
        having = documents_with_unit(cit.unit, catalog, units_by_doc)
        # a name several documents share ("Declaration para 8"): those documents only
        shared = set(getattr(searcher.resolver, "ambiguous_names", lambda _t: [])(question))
        if shared:
            having = [d for d in having if d.id in shared] or having
        if len(having) > 1:
            unplaced = (cit.locator or cit.unit, [d.citation for d in having])
    parties = {p for d in named_ids if (doc := catalog.find(d)) is not None and doc.family == "bilateral"
               and _copies(doc.variant_of or doc.id, catalog, snap) for p in doc.parties if p != "IDN"}
    party_names = frozenset(n for p in parties for n in (*COUNTRY_NAMES.get(p, ()), *COUNTRY_ADJECTIVES.get(p, ())))
    return Evidence(question, lang, query, hits + penal, cands, support, missing, target, target_missing, idf, enacting,
                    families, unknown, elsewhere, unknown_named, adoption, datings, compared, lead_family, promulgations,
                    unplaced, silent_named, chapter if chapter and chapter[1] else None, party_names,
                    penal=frozenset(h.unit.key for h in penal), asks_penalty=asks_criminal_penalty(question),
                    weights=weights, bound=phrase_bound(query.text, query.expansion),
                    convention=_convention_state(catalog, snap, in_library))


def _convention_state(catalog: "Catalog", snap, in_library: Iterable[str]) -> "Missing | str | None":
    """The Convention's state in this index (`Evidence.convention`): Missing (with
    whether it is in the library) when no copy of it is indexed, else the id of the
    indexed copy (the original first, else a translation); None when the catalogue has
    no Convention."""
    if catalog.find(THE_CONVENTION) is None:
        return None
    missing = missing_documents([THE_CONVENTION], set(snap.units_by_doc), catalog, set(in_library))
    if missing:
        return missing[0]
    copies = [THE_CONVENTION, *(v.id for v in catalog.variants_of(THE_CONVENTION))]
    return next((d for d in copies if d in snap.units_by_doc), THE_CONVENTION)


def _family_stems(question: str, family: str, lang: str, query: "Query | None" = None) -> set[str]:
    """The stems of the words a question names a family of sources with ("Komite", "the
    Committee", "hukum Indonesia"), in both languages, with the lexicon's translations of
    them and (given the analysed `query`) the names of the glossary concepts the question
    names with those words alone ("hukum" = sanction, penalty: a name of the family, not
    a term of the question)."""
    from ..lang import analyze
    from ..lang.lexicon import default_lexicon

    words = " ".join(family_words(question, family))
    own = set(analyze(words, lang)) if words else set()
    stems = set(own)
    if stems and lang in ("en", "id"):
        stems |= {t for t, _w in default_lexicon().translate(sorted(stems), lang)}
    if own and query is not None:
        rest = set(query.tokens) - own
        for concept in query.expansion.concepts:
            names = [seq for seq in concept.stems.get(lang, ()) if seq]
            asked = [seq for seq in names if set(seq) <= set(query.tokens)]
            if asked and all(set(seq) <= own for seq in asked) and not any(set(seq) & rest for seq in names):
                stems |= {s for lg in ("id", "en") for seq in concept.stems.get(lg, ()) for s in seq}
    return stems


def _copies(doc_id: str, catalog: "Catalog", snap: "IndexSnapshot") -> list[str]:
    """A document and its indexed copies (the OCR copy of UU 18/2017 beside the clean one)."""
    return [d for d in [doc_id, *(v.id for v in catalog.variants_of(doc_id))] if d in snap.units_by_doc]


def _holding_phrases(cands: list[Candidate], phrases: list[str]) -> list[Candidate]:
    """Of the sentences of units that hold the question's quoted words, those holding them
    (with the introduction of a list item holding them, or the sentence it points back
    to); every other sentence of the other units as before. Before, '"berserikat dan
    berkumpul"' also quoted "Komite juga melakukan kerja sama … Perserikatan Bangsa-Bangsa"
    (a stem of the phrase, in a unit that holds the phrase elsewhere). All of `cands` when
    no sentence holds them (the phrase spans two sentences)."""
    def holds(text: str) -> bool:
        folded = f" {fold_words(text)} "
        return all(f" {p} " in folded for p in phrases)

    holding_units = {id(c.hit) for c in cands if holds(c.hit.unit.text)}
    keep: set[int] = set()
    for c in cands:
        if id(c.hit) not in holding_units or c.hit.exact:
            keep.add(id(c))
        elif holds(c.text):
            keep.add(id(c))
            if c.lead is not None and 0 <= c.lead < len(c.siblings):
                keep.add(id(c.siblings[c.lead]))
    kept = [c for c in cands if id(c) in keep]
    return kept if any(holds(c.text) for c in kept) else cands


def _adoption_documents(question: str, query: "Query", searcher: Retriever) -> list[str]:
    """For a question asking when or where documents were adopted, signed or enacted
    ("When was General Comment No. 5 adopted?", "When was the Cebu Declaration on the rights
    of migrant workers adopted?"): the indexed
    documents it names (main ids, in order; by symbol, alias or title), else []."""
    if not asks_adoption(question):
        return []
    catalog = searcher.catalog
    indexed = set(searcher.snapshot.units_by_doc)
    names = [*query.mentioned_docs, *searcher.resolver.documents_named(question, titles=True)]
    out: list[str] = []
    for d in names:
        doc = catalog.find(d)
        if doc is None:
            continue
        main = doc.variant_of or doc.id
        if main not in out and any(c in indexed for c in [main, *(v.id for v in catalog.variants_of(main))]):
            out.append(main)
    return out


def _with_lead(c: Candidate) -> tuple[str, frozenset[str]]:
    """A candidate's text and stems, with its list introduction's when it is an item."""
    lead = c.siblings[c.lead] if c.lead is not None and c.siblings else None
    if lead is None:
        return c.text, c.tokens
    return f"{lead.text} {c.text}", lead.tokens | c.tokens


def _named_documents(query: "Query", catalog: "Catalog", snap: "IndexSnapshot") -> list[str]:
    """The indexed documents a question names (main ids, in order of mention), one or
    more, when it cites no unit: "Apa yang diatur IJEPA tentang perpindahan orang
    perseorangan?" asks what IJEPA says, and is answered from it when it holds an answer."""
    if query.citation is not None and query.citation.units:
        return []
    out: list[str] = []
    for d in query.mentioned_docs:
        doc = catalog.find(d)
        if doc is not None and (doc.variant_of or doc.id) not in out and _copies(doc.variant_of or doc.id, catalog, snap):
            out.append(doc.variant_of or doc.id)
    return out


def _hits_per_document(searcher: Retriever, question: str, documents: list[str], hits: list[Hit],
                       per_document: int = 3) -> list[Hit]:
    """For a question naming several documents, the best units of each the search's own
    hits lack (a document-filtered search each), ranked after them."""
    from ..search.filters import Filters

    have = {h.document.variant_of or h.document.id for h in hits}
    return _more_hits(searcher, question, hits, [Filters(doc=(d,)) for d in documents if d not in have], per_document)


def _more_hits(searcher: Retriever, question: str, hits: list[Hit], groups: list["Filters"], k: int) -> list[Hit]:
    """The best k units of each filtered search (`groups`, in order) that `hits` lacks,
    ranked after `hits`."""
    seen = {h.unit.key for h in hits}
    out: list[Hit] = []
    for filters in groups:
        for h in searcher.search(question, k=k, filters=filters, named_on_topic=False).hits:
            if h.unit.key not in seen:
                seen.add(h.unit.key)
                out.append(replace(h, rank=len(hits) + len(out) + 1))
    return out


def _named_in_units(snap: "IndexSnapshot", catalog: "Catalog", resolver, symbols: list[str]) -> list[str]:
    """Of documents the catalogue lacks (`CitationResolver.unknown_symbols`), those that
    some indexed unit names: a general comment urging States to ratify "the Domestic
    Workers Convention, 2011 (No. 189)" says something about it, which a question asking
    only for its content may be answered with."""
    out: list[str] = []
    for symbol in symbols:
        number = re.search(r"(\d+)$", symbol)
        probe = number.group(1) if symbol.startswith("ILO") and number else symbol.split("/")[-1]
        for i in _main_positions(snap, catalog):
            text = snap.units[i].text
            if probe in text and symbol in resolver.unknown_symbols(text[max(0, text.find(probe) - 300):text.find(probe) + 300]):
                out.append(symbol)
                break
    return out


def _units_using(snap: "IndexSnapshot", catalog: "Catalog", query: "Query", words: list[str], limit: int = 2) -> list[str]:
    """Citations of the `limit` indexed units that hold one of `words` (the question's
    words the best units lack) and match the question best (unit BM25): where the
    documents do use them, for a reason that says so."""
    from ..lang import analyze

    stems = sorted({s for w in words for s in analyze(w, query.lang)})
    holds = snap.lexical_units.scores(stems) > 0 if stems else None
    if holds is None or not holds.any():
        return []
    match = snap.lexical_units.scores(list(query.tokens))
    main = [i for i in _main_positions(snap, catalog) if holds[i]]
    main.sort(key=lambda i: -float(match[i]))
    return [format_citation(catalog.get(snap.units[i].doc_id), snap.units[i].unit) for i in main[:limit]]


def _main_positions(snap: "IndexSnapshot", catalog: "Catalog") -> list[int]:
    """Positions of the indexed units in document order, those of a copy left out when the
    document it copies is indexed (the OCR copy of UU 18/2017 beside the clean one)."""
    indexed = set(snap.units_by_doc)
    out: list[int] = []
    for doc_id, rows in snap.units_by_doc.items():
        doc = catalog.find(doc_id)
        if doc is None or (doc.variant_of and doc.variant_of in indexed):
            continue
        out += [int(i) for i in rows]
    return out


def _units_with_words(snap: "IndexSnapshot", name: str):
    """A boolean array over units: True where the unit's indexed words (headings and
    text, kb.index's unit BM25) hold a word of `name` or of its glossary synonyms, as
    either language's analyser gives it; None when none of those words is analysable
    (then every unit may name it)."""
    from ..lang import analyze
    from ..lang.glossary import default_glossary

    words = [name, *(t for c in default_glossary().expand(name, "en").concepts for lg in ("id", "en") for t in c.terms[lg])]
    stems = sorted({s for w in words for lg in ("id", "en") for s in analyze(w, lg)})
    if not stems:
        return None
    return snap.lexical_units.scores(stems) > 0


def _part_locators(searcher: Retriever, doc_id: str, unit: str) -> tuple[list[str], str] | None:
    """Locators of the parts of a document's unit as indexed (its variants looked in
    too) and the unit's text, None when it holds no such unit."""
    pos = searcher.find_unit(doc_id, unit)
    if pos is None:
        return None
    found = searcher.snapshot.units[pos]
    prefix = len(found.unit)
    return [unit + p.locator[prefix:] for p in found.parts if p.locator.startswith(found.unit)], found.text


def _compared_families(question: str, query: "Query", catalog: "Catalog") -> tuple[str, ...]:
    """The families of sources a question names (kb.search.families): two or more make it
    a comparison whose answer quotes each."""
    docs = tuple(d.family for d in (catalog.find(i) for i in query.mentioned_docs) if d is not None)
    return families_named(question, docs)


def _hits_per_family(searcher: Retriever, question: str, families: tuple[str, ...], hits: list[Hit],
                     per_family: int = 3, even_present: bool = False) -> list[Hit]:
    """For a comparison, the best units of each named family the search's own hits lack
    (a family-filtered search each), ranked after them; with `even_present`, of each
    named family (its best units the search ranked below others' are then at hand)."""
    from ..search.filters import Filters

    have = {h.document.family for h in hits}
    groups = [Filters(family=(f,)) for f in families if even_present or f not in have]
    return _more_hits(searcher, question, hits, groups, per_family)


_STEMS: dict[tuple[int, str], frozenset[str]] = {}  # (snapshot, document id) -> analysed stems of its units


def _document_stems(snap: "IndexSnapshot", doc_id: str) -> frozenset[str]:
    """Every stem of a document's indexed units (headings and titles included)."""
    from ..lang import analyze

    key = (id(snap), doc_id)
    if key not in _STEMS:
        if len(_STEMS) > 64:
            _STEMS.clear()
        stems: set[str] = set()
        for row in snap.units_by_doc[doc_id]:
            unit = snap.units[row]
            stems |= set(analyze(" ".join([*unit.heading, unit.title or "", unit.text]), unit.language))
        _STEMS[key] = frozenset(stems)
    return _STEMS[key]


def _enacting_hits(question: str, missing: list[Missing], snap: "IndexSnapshot", catalog: "Catalog",
                   hits: list[Hit]) -> list[Hit]:
    """For a question asking a fact about ratifying a treaty (that, or when, the State
    ratified it) that is not indexed while the national act ratifying it is ("When did Indonesia ratify the
    Convention?" — UU 6/2012 is indexed): that act's ratifying provision (its first
    Pasal that "mengesahkan" / ratifies), to be quoted first."""
    if intent(question) != "fact" or not ASKS_RATIFICATION.search(question):
        return []  # the act answers that (and when) the State ratified, nothing else about the treaty
    out: list[Hit] = []
    indexed = set(snap.units_by_doc)
    top = max((h.score for h in hits), default=1.0) or 1.0
    for m in missing:
        act = ratifying_act(m.document, catalog, indexed)
        if act is None:
            continue
        for row in snap.units_by_doc[act.id]:
            unit = snap.units[row]
            if unit.unit.startswith(("Pasal", "Article")) and ENACTING.search(unit.text):
                out.append(Hit(rank=0, score=top, unit=unit, document=act, exact=True))
                break
    return out


def compose(ev: Evidence, catalog: "Catalog", *, weights: Weights = DEFAULT_WEIGHTS,
            thresholds: Thresholds = DEFAULT_THRESHOLDS, max_quotes: int = 5, filters: "Filters | None" = None) -> Answer:
    """Score the candidates, decide, and assemble the answer (or the declining one)."""
    lang = ev.lang
    answer = Answer(question=ev.question, language=lang, abstained=False)
    answer.notes += [_unknown_note(symbol, lang) for symbol in ev.unknown]
    answer.notes += [_missing_note(m, lang) for m in ev.missing]
    if ev.unplaced is not None:
        unit, documents = ev.unplaced
        answer.notes.append(Note("which-document", note_text("which-document", lang, unit=unit,
                                                             documents=join_names(documents, lang),
                                                             example=f"{unit} {documents[0]}")))
    cands = ev.cands
    score(cands, weights, ev.query.lang)
    put_definition_first(cands, ev.question)  # "Apa yang dimaksud dengan X?": the item defining X
    support = assess_names(ev.support, ev.query, ev.hits, ev.question) if ev.hits else ev.support
    if ev.party_names and (support.foreign or support.missing):
        # "Apa kata perjanjian Indonesia-Jepang tentang perawat?": Japan is IJEPA's party,
        # not a foreign law asked about (it was declined as asking about Japan's law)
        support.foreign = [n for n in support.foreign if n.lower() not in ev.party_names]
        support.missing = [n for n in support.missing if n.lower() not in ev.party_names]
    if ev.missing and (support.foreign or support.missing):
        # A country in the name of a document the question names ("MoU Indonesia–Malaysia")
        # is that document's party, not a foreign law or fact asked about.
        titles = " ".join(" ".join([m.document.title, m.document.citation, *m.document.aliases]) for m in ev.missing)
        support.foreign = [n for n in support.foreign if not mentioned(n, titles)]
        support.missing = [n for n in support.missing if not mentioned(n, titles)]
    if ev.unknown:
        # "PHL" in "CMW/C/PHL/CO/2" is part of the document's symbol, said in its own note.
        symbols = " ".join(symbol.replace("/", " ") for symbol in ev.unknown)
        support.foreign = [n for n in support.foreign if not mentioned(n, symbols)]
        support.missing = [n for n in support.missing if not mentioned(n, symbols)]
    exact = [h for h in ev.hits if h.exact]
    cited = [h for h in exact if h not in ev.enacting]  # units the question itself cites
    dense = [c.dense for c in cands if c.dense is not None]
    support.sentence_top = max(dense) if dense else None
    ranked = sorted((c for c in cands if not c.hit.exact and len(c.tokens) >= 3), key=lambda c: -c.score)
    keys = key_terms(ev.query, ev.idf)
    states = states_limit_about if support.intent == "limit" else states_figure_about
    # An item states its figure in its list's introduction ("Dipidana … denda paling banyak
    # Rp15.000.000.000,00 … setiap Orang yang: a. membebankan komponen biaya penempatan …"):
    # the two are read together.
    support.figure_found = any(states(*_with_lead(c), keys) for c in ranked[:3])
    if ev.asks_penalty and not support.figure_found:
        # "Berapa ancaman pidana …?": the penal article on the subject states the figure,
        # which the search ranks below the rules it punishes (kb.answer.penal)
        support.figure_found = any(states(*_with_lead(c), keys) for c in on_subject(cands, ev.weights, ev.bound)[:1])
    answer.signals = support.to_dict()
    if ev.adoption:
        return _adoption_answer(answer, ev, catalog, max_quotes)
    if support.absent_terms:  # said whether kb answers or declines
        answer.notes.append(_absent_terms_note(support, catalog, lang))

    target = ev.target
    if target is not None and ev.target_missing and not ranked:
        decision = Decision(True, "no-reference", {"unit": _articles_words(target[0], lang),
                                                   "instrument": _instrument_name(catalog, target[1], lang)})
    elif not ev.hits:
        decision = Decision(True, "no-match")
    else:
        # A fact about a missing treaty that the indexed act ratifying it states (that
        # Indonesia ratified it, by which law) is answered from that act.
        ratified = {m.document.citation for m in ev.missing
                    if any(ratifying_act(m.document, catalog, {e.document.id}) for e in ev.enacting)}
        asked = [m.document for m in ev.missing if m.document.citation not in ratified]
        unnamed = [u for u in ev.unknown if u not in ev.unknown_named]  # what no indexed unit discusses
        content = target is None and bool(asked or unnamed) and asks_only_for(
            ev.question, [" ".join([d.title, d.citation, *d.aliases]) for d in asked] + unnamed)
        decision = decide(support, bool(cited), thresholds, [d.citation for d in asked] + ev.unknown, missing_content=content)
    if decision.abstain:
        return _decline(answer, decision, ev.hits, catalog, filters)
    if support.never_used and not cited and support.never_share >= thresholds.never_note_share:
        terms = join_names([f"“{w}”" for w in support.never_used], lang)
        answer.notes.append(Note("terms-never-used", note_text("terms-never-used", lang, terms=terms)))
    naming: list[str] = []  # names in the question of indexed documents (see below)
    if decision.general_rule:
        # A name that is an indexed document the question names ("IJEPA") is no fact the
        # documents fail to mention: none of its provisions came out on the question.
        not_indexed = {m.document.id for m in ev.missing}
        named = [catalog.get(d) for d in ev.query.mentioned_docs if d in catalog and d not in not_indexed]
        # A name of a document whose units the answer quotes ("UU PPMI") is neither: which
        # are quoted is known once the quotes are chosen (below), so the note waits.
        naming = [n for n in decision.general_rule
                  if any(mentioned(n, " ".join([d.title, d.citation, *d.aliases])) for d in named)]
        silent_note_at = len(answer.notes)
        others = [n for n in decision.general_rule if n not in naming]
        # "The documents do not name X" only of what no indexed provision names; of the
        # others, that the quoted provisions do not, and which do.
        unnamed = [n for n in others if n not in ev.named_elsewhere]
        elsewhere = [n for n in others if n in ev.named_elsewhere]
        if unnamed:
            answer.notes.append(Note("general-rule", note_text("general-rule", lang, names=join_names(unnamed, lang))))
        if elsewhere:
            where = (join_names(ev.named_elsewhere[elsewhere[0]], lang) if len(elsewhere) == 1 else
                     "; ".join(f"{n} — {join_names(ev.named_elsewhere[n], lang)}" for n in elsewhere))
            answer.notes.append(Note("general-rule", note_text("general-rule-elsewhere", lang,
                                                               names=join_names(elsewhere, lang), where=where)))
    for hit in ev.enacting:
        treaty = next((m.document for m in ev.missing if ratifying_act(m.document, catalog, {hit.document.id})), None)
        if treaty is not None:
            answer.notes.append(Note("ratified-by", note_text(
                "ratified-by", lang, treaty=treaty.citation, act=hit.document.citation, date=hit.document.date or "?"),
                hit.document.id))
    if target is not None and ev.target_missing and ev.silent_named:
        answer.notes.append(Note("named-silent", note_text(
            "named-silent-unit", lang, documents=join_names([catalog.get(d).citation for d in ev.silent_named], lang),
            unit=_articles_words(target[0], lang), instrument=_instrument_name(catalog, target[1], lang))))
    if target is not None and ev.target_missing and any(h.exact for h in ev.hits):
        # the question cites indexed units too ("… and IJEPA article 94"): what follows is
        # not all about the Convention's article, so no heading says it is
        answer.notes.append(Note("missing-then", note_text("missing-then", lang)))
    elif target is not None and ev.target_missing:
        answer.notes.append(Note("missing-then", note_text("missing-unit-then", lang,
                                                           unit=_articles_words(target[0], lang),
                                                           instrument=_instrument_name(catalog, target[1], lang))))
    elif ev.missing or ev.unknown:
        answer.notes.append(Note("missing-then", note_text("missing-then", lang)))

    # A question asking for a list ("apa saja", "what documents") gets whole lists.
    items = ALL_ITEMS if asks_for_list(ev.question) else 3
    # of near-duplicate sentences, the named document's is quoted (`select`)
    named_ids = frozenset((catalog.get(d).variant_of or d) for d in ev.query.mentioned_docs if d in catalog)
    if exact:
        # Every unit the question cites is quoted, in the order cited ("Pasal 5 dan 6",
        # "paras. 82-83": the search returns them first, at most k); other quotes only fill
        # what max_quotes leaves, two at most, when the question says more than the citation.
        chosen = [choice for hit in exact for choice in _exact_choices(hit, cands, ev.query.citation)]
        if ev.query.asks_successor:
            # "… dan penggantinya": the provision that replaced each cited repealed unit
            # (the search ranks it right after them) is quoted as cited too
            wanted = {(h.successor.doc_id, h.successor.unit) for h in exact if h.successor is not None}
            chosen += [_exact_choice(h, cands) for h in ev.hits if not h.exact
                       and ((h.document.variant_of or h.document.id), h.unit.unit) in wanted]
        # A bare citation ("GC 5 paras. 82-83"), or one only asked for ("Apa isi Pasal 30
        # UU 18/2017?", "What does GC 2 para. 60 say?"), wants those units and nothing else.
        bare = ev.query.citation is not None and (ev.query.citation.coverage >= 0.99 or not [
            w for w in ev.query.citation.topic_words
            if not (ev.query.asks_successor and (is_successor_word(w) or is_instrument_word(w)))])
        room = 0 if bare else min(2, max_quotes - len(chosen))
        others = select([c for c in cands if not c.hit.exact], max_quotes=max_quotes - len(chosen),
                        per_unit=weights.per_unit, floor=weights.floor, gate=weights.gate,
                        max_items=items, named=named_ids) if room > 0 else []
        chosen += others[:room]
        if ev.target is not None and ev.target_missing:
            # "article 21 of the Convention and IJEPA article 94": the Convention's article,
            # which kb cannot quote, is answered by the commentary on it, beside the cited unit
            key = _instrument_key(catalog, ev.target[1])
            taken = {(ch.main.hit.unit.key, ch.main.start) for ch in chosen}
            about = [c for c in cands if not c.hit.exact and (c.hit.unit.key, c.start) not in taken
                     and _refers(c.text, ev.target[0], key, default_instrument(c.hit.document)) is True]
            chosen += select(about, max_quotes=2, per_unit=weights.per_unit, floor=weights.floor, gate=0.0,
                             max_items=items, named=named_ids)[:max(0, max_quotes - len(chosen))]
        if len(ev.families) > 1 and not bare:
            chosen = _each_family(chosen, [c for c in cands if not c.hit.exact], ev.families, max_quotes, weights.gate,
                                  ev.query, ev.weights, ev.bound)
            answer.notes += _silent_family_notes(chosen, ev.families, lang)
    else:
        # the penal units added for a penal question compete only among penal sentences
        ordinary = [c for c in cands if c.hit.unit.key not in ev.penal]
        chosen = select(ordinary, max_quotes=max_quotes, per_unit=weights.per_unit, floor=weights.floor,
                        gate=weights.gate, max_items=items, named=named_ids)
        if ev.asks_penalty:
            def choose(pool: list[Candidate], max_quotes: int) -> list[Choice]:
                return select(pool, max_quotes=max_quotes, per_unit=weights.per_unit, floor=weights.floor,
                              gate=weights.gate, max_items=items, named=named_ids)
            chosen = penal_first(chosen, cands, ev.question, max_quotes, choose, ev.weights, named_ids,
                                 ev.bound)
        if len(ev.families) > 1:
            chosen = _each_family(chosen, cands, ev.families, max_quotes, weights.gate, ev.query, ev.weights, ev.bound)
            answer.notes += _silent_family_notes(chosen, ev.families, lang)
        if ev.lead_family is not None:
            chosen = _family_first(chosen, cands, ev.lead_family, max_quotes, weights, items)
            if not any(ch.main.hit.document.family == ev.lead_family for ch in chosen):
                answer.notes.append(Note("family-silent", note_text("family-silent", lang,
                                                                    family=family_name(ev.lead_family, lang))))
    if ev.target is not None and len(ev.target[0]) > 1:
        # "articles 21 and 22 of the Convention": each article is quoted (were all the best
        # sentences about article 22, article 21 went unquoted, and unsaid)
        key = _instrument_key(catalog, ev.target[1])
        chosen = _each_of(chosen, [c for c in cands if not c.hit.exact],
                          [lambda c, n=n: _refers(c.text, (n,), key, default_instrument(c.hit.document)) is True
                           for n in ev.target[0]], max_quotes, weights.gate)
    if ev.compared and not (exact and bare):
        # "Apa perbedaan UU 39/2004 dan UU 18/2017 …?": each named document is quoted, but
        # for a repealed law the question asks about the repeal of ("Which law replaced
        # UU 39/2004?") when the law repealing it is quoted: its own text does not say
        # what repealed it, and whatever sentence of it came nearest answered nothing
        compared = [d for d in ev.compared if not _asks_repeal_of(ev.question, d, chosen, catalog)]
        # ... nor is any other sentence of it quoted then ("pencabutan izin" in its
        # sanctions is no answer to "Undang-undang apa yang mencabut …?")
        chosen = [ch for ch in chosen if ch.main.hit.exact or (ch.main.hit.document.variant_of or ch.main.hit.document.id)
                  in compared or (ch.main.hit.document.variant_of or ch.main.hit.document.id) not in ev.compared]
        chosen = _each_of(chosen, [c for c in cands if not c.hit.exact],
                          [lambda c, d=d: (c.hit.document.variant_of or c.hit.document.id) == d for d in compared],
                          max_quotes, weights.gate)
    if naming:
        # The note names the documents by their citations ("CMW/C/GC/1", not the word "GC"
        # the question used), those the question names of which nothing is quoted.
        quoted = {ch.main.hit.document.variant_of or ch.main.hit.document.id for ch in chosen}
        silent = [d.citation for d in named if (d.variant_of or d.id) not in quoted
                  and any(mentioned(n, " ".join([d.title, d.citation, *d.aliases])) for n in naming)]
        if silent:
            answer.notes.insert(silent_note_at, Note("named-document-silent", note_text(
                "named-document-silent", lang, documents=join_names(silent, lang))))
    dated = _promulgation_choices(chosen, ev.promulgations, catalog) if ev.promulgations else []
    chosen += dated
    _assemble(answer, chosen, ev.hits, catalog, lead_family=ev.lead_family, named=named_ids,
              sources=named_ids if asks_what_it_says(ev.question) else frozenset(),
              opening=_stating_relation(ev.question, chosen))
    answer.notes += _lost_text_notes(chosen, lang)
    if ev.chapter is not None:
        quoted = {ch.main.hit.unit.key for ch in chosen if ch.main.hit.exact}
        if len(quoted) < len(ev.chapter[1]):  # never a chapter cut short in silence
            doc = catalog.get(ev.hits[0].document.variant_of or ev.hits[0].document.id) if ev.hits else None
            where = f"{doc.citation}, " if doc is not None else ""
            answer.notes.append(Note("chapter-partial", note_text(
                "chapter-partial", lang, chapter=f"{where}{ev.chapter[0]}", total=len(ev.chapter[1]), quoted=len(quoted),
                citation=" ".join([*ev.chapter[0].split()[:2], doc.citation if doc is not None else ""]).strip())))
    _verify(answer, ev.hits + [c.main.hit for c in dated])
    answer.notes += _garbled_number_notes(answer, lang)
    answer.notes += _heading_lead_notes(answer, chosen, lang)
    answer.notes += _convention_cited_notes(answer, ev, catalog, lang)
    return answer


# words asking whether a law was repealed or still binds ("mulai berlaku", "entered into
# force" ask when it began to: its own text says that)
_ASKS_REPEAL = re.compile(r"\b(?:(?:men|di)?cabut|pencabutan|repeal\w*|(?:masih|tidak|sudah) berlaku|"
                          r"(?:still|no longer) (?:in force|valid|applies|apply))\b", re.IGNORECASE)


def _asks_repeal_of(question: str, doc_id: str, chosen: list[Choice], catalog: "Catalog") -> bool:
    """Whether the question asks about the repeal or replacement of the repealed
    document `doc_id` (words of repeal, of being in force, or of a successor) and the
    quotes `chosen` hold its successor's text."""
    doc = catalog.get(doc_id) if doc_id in catalog else None
    if doc is None or not doc.repealed or not doc.successor:
        return False
    if not (_ASKS_REPEAL.search(question) or any(is_successor_word(w) for w in question.split())):
        return False
    # ... and about nothing else: "Under UU 39/2004, could agencies charge placement costs,
    # and what replaced that rule?" asks about a rule of the repealed law, quoted then. One
    # stray word is a title kb could not map word by word ("… Indonesian workers abroad").
    if len(_topic_words(_ASKS_REPEAL.sub(" ", question), doc)) > 1:
        return False
    return any((ch.main.hit.document.variant_of or ch.main.hit.document.id) == doc.successor for ch in chosen)


def _topic_words(question: str, doc) -> list[str]:
    """The words of `question` beyond a citation of `doc` and words asking for a law or a
    successor (function words of either language, numbers, the document's name words,
    "UU", "law", "replaced"): [] when the question is about the document as a whole."""
    from ..lang import CITATION_WORDS, STOPWORDS, analyze, name_stems, tokenize

    from ..lang.glossary import default_glossary
    from ..lang.lexicon import default_lexicon

    names = name_stems(doc.title, doc.citation, *doc.aliases)
    stops = STOPWORDS.get("en", frozenset()) | STOPWORDS.get("id", frozenset())
    lexicon = default_lexicon()

    glossary = default_glossary()

    def names_doc(word: str) -> bool:  # a word of its title, in its language or translated
        stems = set(analyze(word, "en")) | set(analyze(word, "id"))
        if stems <= names or any(len(n) >= 5 and word.startswith(n) for n in names):  # "Indonesian"
            return True
        other = [t for t, _ in lexicon.translate(analyze(word, "en"), "en")] + glossary.expand(word, "en").stems["id"]
        return any(t in names for t in other)

    return [w for w in tokenize(question)
            if w not in stops and w not in CITATION_WORDS and w not in _IMPLEMENTING and not w.isdigit()
            and len(w) > 1 and not is_successor_word(w) and not is_instrument_word(w) and not names_doc(w)]


# "peraturan pelaksanaan", "implementing regulations": a kind of instrument, not a topic
_IMPLEMENTING = frozenset({"pelaksanaan", "pelaksana", "implementing", "implementation"})


def _promulgation_choices(chosen: list[Choice], promulgations: list[Dating], catalog: "Catalog") -> list[Choice]:
    """For each quoted rule that makes its statute enter into force on the date of its
    promulgation ("mulai berlaku pada tanggal diundangkan", kb.answer.dates.on_promulgation),
    the quote of that date from the same statute ("Diundangkan di … pada tanggal …"; from
    the same copy when it has one), right after the rule: the rule alone states no date."""
    def main_id(doc_id: str) -> str:
        return catalog.get(doc_id).variant_of or doc_id

    out: list[Choice] = []
    done: set[str] = set()
    for ch in chosen:
        doc_id = ch.main.hit.document.id
        if main_id(doc_id) in done or not on_promulgation(ch.main.hit.unit.text[min(a for a, _ in ch.spans):
                                                                                  max(b for _, b in ch.spans)]):
            continue
        same = [x for x in promulgations if main_id(x.unit.doc_id) == main_id(doc_id)]
        if not same:
            continue
        x = next((x for x in same if x.unit.doc_id == doc_id), same[0])
        done.add(main_id(doc_id))
        hit = Hit(rank=0, score=ch.main.hit.score, unit=x.unit, document=catalog.get(x.unit.doc_id))
        out.append(Choice(Candidate(hit, x.start, x.end, frozenset(), score=ch.score - 1e-3)))
    return out


def _adoption_answer(answer: Answer, ev: Evidence, catalog: "Catalog", max_quotes: int) -> Answer:
    """The answer to when or where named documents were adopted, signed or enacted: their
    own dating sentences (kb.answer.dates), and a note (or, when none has one, the reason
    for declining) naming those whose indexed text states no date, with the catalogue's
    date marked as metadata, not a quote."""
    lang = answer.language
    dated = {catalog.get(x.unit.doc_id).variant_of or x.unit.doc_id for x in ev.datings}
    undated = [catalog.get(d) for d in ev.adoption if d not in dated]
    values = {"documents": join_names([d.citation for d in undated], lang)}
    known = [d for d in undated if d.date]
    values["catalogue"] = note_text("catalogue-date", lang, dates=join_names(
        [f"{d.date} ({d.citation})" if len(undated) > 1 else d.date for d in known], lang)) if known else ""
    if not ev.datings:
        answer.related = []
        return _decline(answer, Decision(True, "date-not-stated", values), [], catalog, None)
    if undated:
        answer.notes.append(Note("date-not-stated", reason_text("date-not-stated", lang, **values),
                                 undated[0].id if len(undated) == 1 else None))
    by_key = {h.unit.key: h for h in ev.hits}
    chosen = [Choice(Candidate(by_key[x.unit.key], x.start, x.end, frozenset(), score=10.0 - i / 100))
              for i, x in enumerate(ev.datings[:max_quotes]) if x.unit.key in by_key]
    _assemble(answer, chosen, ev.hits, catalog)
    answer.notes += _lost_text_notes(chosen, lang)
    _verify(answer, ev.hits)
    answer.notes += _garbled_number_notes(answer, lang)
    return answer


def _lost_text_notes(chosen: list[Choice], lang: str) -> list[Note]:
    """A note for each quoted unit of which the source lost a part (`Unit.caveat`: a
    Pasal whose heading, and perhaps first words, OCR lost), so a quote is not taken
    for the whole provision."""
    out: list[Note] = []
    seen: set[str] = set()
    for c in chosen:
        unit = c.main.hit.unit
        if unit.caveat and unit.key not in seen:
            seen.add(unit.key)
            out.append(Note("source-text-lost", note_text("source-text-lost", lang, caveat=caveat_text(unit.caveat, lang),
                                                          unit=format_citation(c.main.hit.document, unit.unit))))
    return out


_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "L": "1"})


def _heading_lead_notes(answer: Answer, chosen: list[Choice], lang: str) -> list[Note]:
    """A note (code "heading-lead") for each introduction held by the heading above the
    quoted paragraphs, not by their own text: the ASEAN instruments put "Pursuant to …, the
    receiving states will:" above paragraphs that are each a list item ("Intensify efforts
    to protect …"), which the parser files as the paragraphs' heading. The quote is only
    the paragraph's text; the note gives the words that introduce it, verbatim, with the
    sources they introduce ("[1] ASEAN Declaration (Cebu, 2007), para. 8; [2] …")."""
    leads: dict[tuple[str, str], str] = {}
    for ch in chosen:
        unit = ch.main.hit.unit
        if unit.heading and unit.heading[-1].rstrip().endswith(":"):
            leads[(unit.doc_id, unit.unit)] = unit.heading[-1].strip()
    by_lead: dict[str, list[str]] = {}
    for source in answer.sources:
        lead = leads.get((source.doc_id, source.unit)) or next(
            (v for (d, u), v in leads.items() if d == source.doc_id and source.unit.startswith(u + " ")), None)
        if lead is not None and any(q.source == source.n for q in answer.quotes):
            by_lead.setdefault(lead, []).append(f"[{source.n}] {source.citation}")
    return [Note("heading-lead", note_text("heading-lead", lang, lead=lead, sources="; ".join(cited)))
            for lead, cited in by_lead.items()]


def _garbled_number_notes(answer: Answer, lang: str) -> list[Note]:
    """One note naming each number of the quotes that OCR printed with letters for digits
    ("[2] PP No. 59 Tahun 2021, Penutup: “2O2l” (2021?)"), and each ayat marker whose
    closing parenthesis OCR read as a 1 ("“(21” ((2)?)": kb.answer.clauses.broken_markers):
    the quote stays verbatim, and the reader is told to check them before citing it."""
    parts: list[str] = []
    for source in answer.sources:
        found = list(dict.fromkeys((g, g.translate(_DIGIT_FOR)) for q in answer.quotes if q.source == source.n
                                   for f in q.fragments for g in garbled_numbers(f)))
        found += list(dict.fromkeys(m for q in answer.quotes if q.source == source.n
                                    for f in q.fragments for m in broken_markers(f)))
        if found:
            shown = ", ".join(f"“{g}” ({fixed}?)" for g, fixed in found)
            parts.append(f"[{source.n}] {source.citation}: {shown}")
    return [Note("ocr-numbers", note_text("ocr-numbers", lang, parts="; ".join(parts)))] if parts else []


def _family_first(chosen: list[Choice], cands: list[Candidate], family: str, max_quotes: int, weights: Weights,
                  items: int) -> list[Choice]:
    """A question asking what one family of sources says ("Apa kata Komite tentang …?"):
    that family's best quotes first (chosen among its own sentences, each covering the
    question as well as `weights.gate` × the best coverage of all), then the others'."""
    best_cover = max((c.cover for c in cands if not c.opens_list), default=0.0)
    own = [c for c in cands if c.hit.document.family == family]
    first = [ch for ch in select(own, max_quotes=max_quotes, per_unit=weights.per_unit, floor=weights.floor,
                                 gate=weights.gate, max_items=items)
             if ch.main.cover > 0 and ch.main.cover >= weights.gate * best_cover]
    keys = {(ch.main.hit.unit.key, ch.main.start) for ch in first}
    rest = [ch for ch in chosen if ch.main.hit.document.family != family and (ch.main.hit.unit.key, ch.main.start) not in keys]
    return first + rest[:max(0, max_quotes - len(first))]


def _each_family(chosen: list[Choice], cands: list[Candidate], families: tuple[str, ...], max_quotes: int,
                 gate: float, query: "Query | None" = None, weights: dict[str, float] | None = None,
                 bound: "dict[str, tuple[tuple[str, ...], ...]] | None" = None) -> list[Choice]:
    """A comparison ("What do Indonesian law and the Committee say …?") quotes each family
    it names (`_each_of`), a family the quotes lack with a sentence about the question only
    (given `query` and its term `weights`: `_about_cover`): of a family none of whose
    sentences is, nothing (the answer says so: compose's note "family-silent"); then,
    with `query`, of the families it does not name only the quotes about the question
    (`_about_cover` with the phrase-bound stems `bound`)."""
    if query is None or weights is None:
        return _each_of(chosen, cands, [lambda c, f=f: c.hit.document.family == f for f in families], max_quotes, gate)
    pool = [c for c in cands if _about_cover(c, query, weights) > 0]
    out = _each_of(chosen, pool, [lambda c, f=f: c.hit.document.family == f for f in families], max_quotes, gate,
                   best_cover=max((c.cover for c in cands if not c.opens_list), default=0.0))
    # a quote of a family the comparison does not name is about its question or dropped:
    # the words naming the families rank units of their own ("hukum Indonesia": "hukum" is
    # also "hukuman", a penalty, and ranked the IJEPA's penalties for false certificates of
    # origin first). The named families' quotes stand ("biaya penempatan" holds only
    # "biaya" of "recruitment fees" and answers it); nothing dropped when nothing is left.
    about = [ch for ch in out if ch.main.hit.document.family in families
             or max(_about_cover(p, query, weights, bound) for p in ch.parts) > 0]
    return about or out


def _holds_name(sequence: list[str], name: tuple[str, ...]) -> bool:
    """Whether the stems of a sentence (`sequence`, in order) hold a name of several words
    (`name`'s stems; linking words of two letters or fewer, "of", need not be there) close
    together, in any order ("passport retention" holds "retention of passport"): within
    as many stems as the name has, and one more. "menahan pemberangkatan … kelengkapan
    dokumen" does not hold "penahanan dokumen"."""
    words = {s for s in name if len(s) > 2}
    if not words:
        return False
    span = len(name) + 1
    return any(words <= set(sequence[i:i + span]) for i in range(max(1, len(sequence) - span + 1)))


def _silent_family_notes(chosen: list[Choice], families: tuple[str, ...], lang: str) -> list[Note]:
    """For a comparison, a note (code "family-silent", in the answer's language) for each
    family it names of which no sentence about the question is quoted ("Bandingkan hukum
    Indonesia dan Komite tentang penahanan paspor": no indexed Indonesian provision is on
    passport retention), instead of an unrelated quote standing in for it."""
    if not chosen:
        return []
    quoted = {ch.main.hit.document.family for ch in chosen}
    return [Note("family-silent", note_text("family-silent", lang, family=family_name(f, lang)))
            for f in families if f not in quoted]


def _about_cover(c: Candidate, query: "Query", weights: dict[str, float],
                 bound: "dict[str, tuple[tuple[str, ...], ...]] | None" = None) -> float:
    """A sentence's coverage of the question (`Candidate.cover`) with the words of a
    glossary term the question names in several words ("penahanan paspor", "recruitment
    fees") counted only where the sentence holds a whole name of that term, in either
    language ("passport retention", "penahanan paspor"): "… yang ditahan di penjara"
    holds "tahan" of "penahanan paspor" and is not about it. 0.0 when nothing else of
    the question is held. With `bound` (Evidence.bound, kb.lang.glossary.phrase_bound) a
    stem a glossary concept brings in only inside a multi-word term counts only where the
    sentence holds that term as a phrase ("paspor" brings "travel document": "false
    declaration or documents" is not about a passport)."""
    if not c.held or c.cover <= 0:
        return 0.0
    from ..lang import analyze

    if bound and any(t in bound for t in c.held):
        from ..lang.glossary import holds_phrase

        run = analyze(c.text, c.hit.unit.language, keep_stopwords=True)
        free = {t for t in c.held if t not in bound or holds_phrase(run, bound[t])}
        if not free:
            return 0.0
        total = sum(weights.get(t, 0.0) for t in c.held) or 1.0
        return _about_cover(c, query, weights) * sum(weights.get(t, 0.0) for t in free) / total
    asked = set(query.tokens)
    partial: set[str] = set()
    sequence: list[str] | None = None
    for concept in query.expansion.concepts:
        names = [seq for lg in ("id", "en") for seq in concept.stems.get(lg, ()) if seq]
        if not any(len(seq) > 1 and set(seq) <= asked for seq in concept.stems.get(query.lang, ())):
            continue  # not named by the question in several words
        if sequence is None:
            sequence = list(analyze(c.text, c.hit.unit.language))
        if any(_holds_name(sequence, seq) for seq in names):
            continue  # the sentence holds a whole name of it
        partial |= {s for seq in names for s in seq}
    if not partial & c.held:
        return c.cover
    total = sum(weights.get(t, 0.0) for t in c.held) or 1.0
    kept = sum(weights.get(t, 0.0) for t in c.held if t not in partial)
    return c.cover * kept / total


def _each_of(chosen: list[Choice], cands: list[Candidate], groups: list[Callable[[Candidate], bool]], max_quotes: int,
             gate: float, best_cover: float | None = None) -> list[Choice]:
    """An answer that must quote each of several groups of sources (families, named
    documents): a group without a quote gets its best sentence that covers the question
    as well as `gate` × the best coverage (`best_cover`, else the best of `cands`), in
    place of the last quote when the answer is full."""
    if not chosen:
        return chosen
    if best_cover is None:
        best_cover = max((c.cover for c in cands if not c.opens_list), default=0.0)
    out = list(chosen)
    for member in groups:
        if any(member(ch.main) for ch in out):
            continue
        pool = [c for c in cands if member(c) and not c.opens_list and len(c.tokens) >= 3
                and c.cover >= gate * best_cover and c.cover > 0]
        if not pool:
            continue
        best = max(pool, key=lambda c: c.score)
        lead = best.siblings[best.lead] if best.lead is not None and best.siblings else None
        if len(out) >= max_quotes:
            loose = [i for i, ch in enumerate(out) if not ch.main.hit.exact and i > 0]
            if loose:
                out.pop(loose[-1])  # the last quote that no citation asked for
        out.append(Choice(best, lead))
    return out


def _absent_terms_note(support: Support, catalog: "Catalog", lang: str) -> Note:
    """The note that the documents the question puts itself under never use some of its
    domain terms, with what the catalogue says their indexed copy leaves out ("Annexes
    removed by the source, including Annex 10 ...")."""
    docs = [d for d in (catalog.find(x) for x in support.absent_from) if d is not None]
    gaps = [n for d in docs if d.notes for n in re.split(r"(?<=\.)\s+", d.notes)
            if re.search(r"\b(?:removed|not included|omitted|annex)", n, re.I)]
    if lang == "id":  # the catalogue's notes are in English: say it in the answer's language
        note = " (sebagian lampirannya tidak termasuk dalam salinan yang diindeks)" if gaps else ""
    else:
        note = f" ({' '.join(gaps).rstrip('.')})" if gaps else ""
    return Note("term-not-in-document", note_text(
        "term-not-in-documents" if len(docs) > 1 else "term-not-in-document", lang,
        documents=join_names([d.citation for d in docs], lang),
        terms=join_names([f"“{t}”" for t in support.absent_terms], lang), note=note),
        docs[0].id if len(docs) == 1 else None)


def answer_language(query: "Query", catalog: "Catalog") -> str:
    """The question's language; for a bare citation ("UU 18/2017 Pasal 5"), the cited
    document's."""
    cit = query.citation
    if cit is not None and cit.doc_id and cit.coverage >= 0.99:
        doc = catalog.find(cit.doc_id)
        if doc is not None and doc.language in ("en", "id"):
            return doc.language
    return query.lang if query.lang in ("en", "id") else "en"


# --- documents the question names that are not indexed -------------------------------------


def _missing_note(m: Missing, lang: str) -> Note:
    doc = m.document
    values = {"title": doc.title, "citation": doc.citation, "id": doc.id, "url": source_url(doc) or "",
              "source": doc.official_source or ""}
    if m.in_library:
        return Note("missing-document", note_text("missing-index", lang, **values), doc.id, ["kb index"])
    if doc.url:
        return Note("missing-document", note_text("missing-fetch", lang, **values), doc.id,
                    [f"kb corpus fetch {doc.id}", f"kb add FILE --id {doc.id}", "kb index"])
    return Note("missing-document", note_text("missing-add", lang, **values), doc.id, [f"kb add FILE --id {doc.id}", "kb index"])


def _convention_cited_notes(answer: Answer, ev: Evidence, catalog: "Catalog", lang: str) -> list[Note]:
    """A note (code "convention-cited") when the quotes cite articles of the Convention
    in their text ("article 21 of the Convention", "Pasal 11 Konvensi", a general
    comment's "article 21": `article_references`) that the question does not name: which
    articles, and that the Convention is not indexed and how to get it (the words and
    commands of the missing-document note, `_missing_note`), or that it is indexed and
    how to show them. None when a note already says how to get the Convention (the
    question names it), or for quotes from the Convention itself."""
    state = ev.convention
    if state is None or not answer.quotes:
        return []
    copies = {THE_CONVENTION, *(v.id for v in catalog.variants_of(THE_CONVENTION))}
    if any(n.doc_id in copies for n in answer.notes):
        return []
    named = set(ev.target[0]) if ev.target is not None and ev.target[1] == THE_CONVENTION else set()
    sources = {s.n: s for s in answer.sources}
    cited: list[int] = []
    for quote in answer.quotes:
        source = sources.get(quote.source)
        doc = catalog.find(source.doc_id) if source is not None else None
        if doc is None or doc.id in copies:
            continue
        for n, instrument in article_references(quote.text, default_instrument(doc)):
            if instrument == THE_CONVENTION and n not in named and n not in cited:
                cited.append(n)
    if not cited:
        return []
    articles = _articles_words(tuple(sorted(cited)), lang)
    lead = note_text("convention-cited", lang, articles=articles, instrument=_instrument_name(catalog, THE_CONVENTION, lang))
    if isinstance(state, Missing):
        missing = _missing_note(state, lang)
        return [Note("convention-cited", f"{lead} {missing.text}", state.document.id, missing.commands)]
    doc = catalog.get(state)
    example = f'kb show "{doc.citation} article {min(cited)}"'
    return [Note("convention-cited", f"{lead} " + note_text("convention-indexed", lang, command=example), state, [example])]


def _unknown_note(symbol: str, lang: str) -> Note:
    """A document the catalogue does not know ("CMW/C/PHL/CO/2", "ILO Convention No. 189"):
    say so, and how to add the user's copy under an id made from its symbol or number."""
    doc_id, family, language = unknown_document_id(symbol)
    return Note("unknown-document", note_text("unknown-document", lang, symbol=symbol, id=doc_id, family=family,
                                              language=language), doc_id,
                [f"kb add FILE --id {doc_id} --title TITLE --family {family} --language {language}", "kb index"])


def _instrument_name(catalog: "Catalog", doc_id: str, lang: str) -> str:
    doc = catalog.find(doc_id)
    if doc is None:
        return doc_id
    if doc.family == "convention":
        return "Konvensi (ICRMW)" if lang == "id" else "the Convention (ICRMW)"
    return doc.citation


def _cited_article(query: "Query", catalog: "Catalog", missing: list[Missing]) -> tuple[tuple[int, ...], str] | None:
    """(article numbers, instrument id) when the question cites articles of an instrument
    ("article 22 of the Convention", "Pasal 30 Konvensi", "articles 21 and 22 of the
    Convention": (21, 22)); the instrument is the main document (a translation counts as
    its original)."""
    cit = query.citation
    if cit is None or not cit.unit:
        return None
    m = re.match(r"^(?:Article|Pasal) (\d+)$", cit.unit)
    if not m:
        return None
    numbers = [int(m.group(1))]
    for d, unit, _locator in cit.targets:
        other = re.match(r"^(?:Article|Pasal) (\d+)$", unit)
        # only the same instrument's ("article 21 of the Convention and IJEPA article 94")
        if other and d == cit.doc_id and int(other.group(1)) not in numbers:
            numbers.append(int(other.group(1)))
    doc_id = cit.doc_id
    if doc_id is None:
        conventions = [x.document.id for x in missing if x.document.family == "convention"]
        if len(conventions) != 1:
            return None
        doc_id = conventions[0]
    doc = catalog.find(doc_id)
    if doc is None:
        return None
    main = doc.variant_of or doc.id
    if catalog.get(main).family != "convention":
        return None  # a statute's own Pasal is cited exactly; only treaties are commented on
    return tuple(numbers), main


def _articles_words(numbers: tuple[int, ...], lang: str) -> str:
    """"article 22", "articles 21 and 22" / "Pasal 21 dan 22", as a sentence names them."""
    if len(numbers) == 1:
        return unit_words(f"Article {numbers[0]}", lang)
    listed = join_names([str(n) for n in numbers], lang)
    return f"Pasal {listed}" if lang == "id" else f"articles {listed}"


def _refers(sentence: str, numbers: tuple[int, ...], key: str, default: str | None) -> bool | None:
    """`refers_to` for any of several articles: True when the sentence refers to one of
    them, False when it refers only to others of that number elsewhere, None when it
    refers to none."""
    found = [refers_to(sentence, n, key, default) for n in numbers]
    return True if True in found else (False if False in found else None)


def _instrument_key(catalog: "Catalog", doc_id: str) -> str:
    doc = catalog.find(doc_id)
    return THE_CONVENTION if doc is not None and doc.family == "convention" else doc_id


def _referring_units(snap: "IndexSnapshot", catalog: "Catalog", hits: list[Hit], target: tuple[tuple[int, ...], str],
                     named: set[str] = frozenset()) -> list[Hit]:  # type: ignore[assignment]
    """Units of any indexed document that refer to the target article (the search's own
    hits first, in their order; then the others, in document order). When the question
    names indexed documents (`named`, ids: "What does GC 1 say about article 22?"), only
    theirs, if any of their units refers to the article."""
    numbers, doc_id = target
    key = _instrument_key(catalog, doc_id)
    alternatives = "|".join(str(n) for n in numbers)
    pattern = re.compile(rf"\b(?:articles?|arts?\.?|pasal)\s[^.;]{{0,40}}?\b(?:{alternatives})\b", re.IGNORECASE)
    by_key = {h.unit.key: h for h in hits}
    out = [h for h in hits]
    top = min((h.score for h in hits), default=0.1)
    for unit in snap.units:
        if unit.key in by_key or not pattern.search(unit.text):
            continue
        doc = catalog.find(unit.doc_id)
        if doc is None:
            continue
        if any(_refers(s, numbers, key, default_instrument(doc)) for s in _sentences(unit.text)):
            out.append(Hit(rank=len(out) + 1, score=top * 0.5, unit=unit, document=doc))
    if not named:
        return out
    # the search's own hits were not checked above; the units appended were
    own = [h for h in out if (h.document.variant_of or h.document.id) in named and (h.unit.key not in by_key or any(
        _refers(s, numbers, key, default_instrument(h.document)) for s in _sentences(h.unit.text)))]
    return own or out


def _sentences(text: str) -> list[str]:
    from ..lang.sentences import sentences

    return sentences(text)


def _about_target(cands: list[Candidate], catalog: "Catalog", target: tuple[tuple[int, ...], str],
                  only: bool) -> list[Candidate]:
    """Drop sentences about an article with the target's number in another instrument;
    with `only` (the instrument itself is not indexed), keep just the sentences that
    refer to the target article (and the introductions of their lists)."""
    numbers, doc_id = target
    key = _instrument_key(catalog, doc_id)
    out = []
    for c in cands:
        default = default_instrument(c.hit.document)
        about = _refers(c.text, numbers, key, default)
        if about is False:
            continue
        if only and not about and not (c.opens_list and any(
                _refers(c.siblings[i].text, numbers, key, default) for i in c.items if i < len(c.siblings))):
            # a list's introduction only with an item about the article (IJEPA art. 69's
            # "may submit the investment dispute to one of the following" was quoted for
            # "Pasal 21 Konvensi": its items are about the ICSID Convention)
            continue
        out.append(c)
    return out


def _query_vector(query: "Query", searcher: Retriever) -> "np.ndarray | None":
    try:
        if query.vector is not None:
            return query.vector.result()
        return searcher.embedder.embed_query(query.text)
    except Exception:  # no embedder available: lexical scoring only
        return None


# --- declining -----------------------------------------------------------------------------


def _decline(answer: Answer, decision: Decision, hits: list[Hit], catalog: "Catalog", filters) -> Answer:
    lang = answer.language
    values = dict(decision.values)
    if decision.reason == "asks-for-figure":
        names = values.pop("names", "")
        values["about"] = (f" tentang {names}" if lang == "id" else f" about {names}") if names else ""
    if decision.reason in ("asks-about-unnamed", "asks-about-foreign"):
        values["names"] = join_names(values["names"].split(", "), lang)
    if decision.reason == "asks-about-missing":
        values["documents"] = join_names(values["documents"].split(", "), lang)
    if decision.reason == "no-match":
        scoped = filters is not None and any(getattr(filters, f, None) for f in ("family", "doc", "language", "in_force",
                                                                                  "date_from", "date_to", "party"))
        values["scope"] = (" dengan filter yang dipilih" if lang == "id" else " within the filters given") if scoped else ""
    why = reason_text(decision.reason or "weak-match", lang, **values)
    answer.abstained = True
    answer.reason = {"code": decision.reason or "weak-match", "text": why}
    answer.message = ABSTAIN_LEAD[lang].format(q=answer.question) + " " + why
    # Units "possibly related" to a question about a document kb does not hold are only
    # whatever shares its words (GC 8 para 23 for "CMW/C/IDN/CO/1 paragraph 25"): none.
    if decision.reason != "asks-for-missing-content":
        answer.related = [_source(i + 1, h, h.locator or h.unit.unit, catalog, lang) for i, h in enumerate(hits[:5])]
    return answer


# --- assembling the quotes -----------------------------------------------------------------


def _source(n: int, hit: Hit, locator: str, catalog: "Catalog", lang: str) -> Source:
    doc = hit.document
    successor = None
    if doc.repealed and doc.successor:
        found = catalog.find(doc.successor) if catalog is not None else None
        successor = found.citation if found is not None else doc.successor
    status = hit.status_note()
    return Source(
        n=n, citation=format_citation(doc, locator), doc_id=doc.id, unit=hit.unit.unit, locator=locator,
        title=doc.title, family=doc.family, language=hit.unit.language, status=status,
        in_force=doc.in_force, pages=hit.unit.pages, url=source_url(doc), successor=successor,
        successor_provision=hit.successor_citation,
        status_text=status_text(status, lang),
    )


def _locator(hit: Hit, start: int, end: int) -> str:
    unit = hit.unit
    best, size = unit.unit, len(unit.text) + 1
    for part in unit.parts:
        if part.start <= start and end <= part.end and part.end - part.start < size:
            best, size = part.locator, part.end - part.start
    return best


def _exact_choices(hit: Hit, cands: list[Candidate], citation: "Citation | None") -> list[Choice]:
    """The quotes of a cited unit: the part the search's hit names, then every other part
    of the same unit the citation lists ("Pasal 6 ayat (1) huruf j dan k"), in order."""
    out = [_exact_choice(hit, cands)]
    if citation is None:
        return out
    doc = hit.document
    docs = {doc.id, doc.variant_of} - {None}
    prefix = len(hit.unit.unit)
    for d, unit, locator in citation.targets:
        if d not in docs or locator == hit.locator or not locator.startswith(unit):
            continue
        if unit != hit.unit.unit and unit not in alternate_unit_names(hit.unit.unit):
            continue
        out.append(_exact_choice(hit, cands, hit.unit.unit + locator[len(unit):] if prefix else locator))
    return out


def _exact_choice(hit: Hit, cands: list[Candidate], locator: str | None = None) -> Choice:
    """The cited unit, quoted whole — or, when the citation names a part of it ("ayat
    (2) huruf j"), that part, with the words introducing it when it is a list item.
    `locator`: another part of the unit than the one the hit names."""
    unit = hit.unit
    locator = locator or hit.locator
    part = next((p for p in unit.parts if p.locator == locator), None) if locator != unit.unit else None
    whole = Candidate(hit, 0, len(unit.text), frozenset(), score=10.0)
    if part is None:
        return Choice(whole)
    inside = [c for c in cands if c.hit is hit and part.start <= c.start and c.end <= part.end + 1]
    main = Candidate(hit, part.start, part.end, frozenset(), score=10.0)
    start, end = part.start, part.end
    while end > start and unit.text[end - 1].isspace():
        end -= 1
    main.end = end
    lead = None
    if inside and inside[0].lead is not None:
        lead_c = inside[0].siblings[inside[0].lead]
        if lead_c.end <= start:
            lead = lead_c
    return Choice(main, lead, cited=True)


# A question asking what a document says, or for the rule under it: "Apa kata / Apa isi /
# Apa yang diatur …", "Menurut …", "What does … say", "According to …", "Under …". Not
# "Pasal berapa yang mencabut UU 39/2004?": that names the repealed law as its object.
_ASKS_WHAT_IT_SAYS = re.compile(
    r"\b(?:apa\s+(?:kata|isi|yang\s+diatur|yang\s+dikatakan|yang\s+dinyatakan)|bagaimana\s+\S+(?:\s+\S+)?\s+mengatur|"
    r"menurut|berdasarkan|what\s+(?:does|do|did)\s+.{1,80}?\b(?:say|says|state|provide|require|stipulate)|"
    r"according\s+to|under)\b", re.IGNORECASE)


def asks_what_it_says(question: str) -> bool:
    """Whether the question asks what the documents it names say (`_ASKS_WHAT_IT_SAYS`):
    then they are quoted first."""
    return bool(_ASKS_WHAT_IT_SAYS.search(question))


def _stating_relation(question: str, chosen: list[Choice]) -> Choice | None:
    """Of the quotes `chosen`, the one quoting a list whose introduction gives the holder
    the question names (the nearest such holder, then the best quote) the relation it asks for ("Apa hak keluarga pekerja
    migran?": "Setiap Keluarga … memiliki hak:"; kb.answer.holders), or None."""
    asked = asked_relation(question)
    if asked is None:
        return None
    found: list[tuple[int, float, int]] = []  # (words more in its holder, -score, index)
    for i, ch in enumerate(chosen):
        intro = ch.lead if ch.lead is not None and ch.lead.opens_list else ch.main if ch.main.opens_list else None
        extra = states_relation(intro.text, *asked, intro.hit.unit.language) if intro is not None else None
        if extra is not None:
            found.append((extra, -ch.score, i))
    return chosen[min(found)[2]] if found else None


def _assemble(answer: Answer, chosen: list[Choice], hits: list[Hit], catalog: "Catalog", lead_family: str | None = None,
              named: frozenset[str] = frozenset(), sources: frozenset[str] = frozenset(),
              opening: Choice | None = None) -> None:
    """Group quotes by instrument and number the sources. The instrument holding the best
    quote comes first (of the instruments the question asks what they say, `sources`, when
    it quotes any: they come before the others), the others in order of legal authority (Convention, national law,
    Committee, regional, bilateral), a repealed law after its successor when both are
    quoted; within an instrument, the unit of the best quote
    first, and a unit's quotes in the order of its text, but for the best quote of all,
    which opens the answer (unless it points back to an earlier ayat of its Pasal that is
    quoted too: that Pasal's quotes then open it, in the order of its text)."""
    rank_of_doc: dict[str, int] = {}
    for h in hits:
        rank_of_doc.setdefault(h.document.id, h.rank)
    by_doc: dict[str, list[Choice]] = {}
    for c in chosen:
        by_doc.setdefault(c.main.hit.document.id, []).append(c)
    # Law in force first (issue #7 item 6, as `kb search` ranks it): a repealed law whose
    # successor is quoted too comes after it, whichever holds the better quote, unless the
    # question names the repealed law (`named`: ids of the documents it names).
    quoted_ids = {by_doc[d][0].main.hit.document.variant_of or d for d in by_doc}

    def superseded(d: str) -> bool:
        doc = by_doc[d][0].main.hit.document
        return bool(doc.repealed and doc.successor and doc.successor in quoted_ids
                    and (doc.variant_of or doc.id) not in named)

    # A question asking what one family says ("Apa kata Komite …?") is answered by it first;
    # one asking what a document says ("Apa kata Komentar Umum No. 1 tentang upah minimum?")
    # by that document: a better-scored quote of another ("minimum age" in GC 2) follows it.
    def is_named(d: str) -> bool:
        doc = by_doc[d][0].main.hit.document
        return (doc.variant_of or doc.id) in sources

    leading = [d for d in by_doc if by_doc[d][0].main.hit.document.family == lead_family] or list(by_doc)
    leading = [d for d in leading if is_named(d)] or leading
    best_doc = max(leading, key=lambda d: (not superseded(d), max(c.score for c in by_doc[d]))) if by_doc else None
    if opening is not None and opening.main.hit.document.id in leading and not superseded(opening.main.hit.document.id):
        best_doc = opening.main.hit.document.id  # the list the question asks for opens the answer
    # The instruments of the cited units come first, in the order cited ("Komentar Umum
    # No. 3 dan No. 4 paragraf 17": GC 3, then GC 4, then what else answers).
    cited_order: dict[str, int] = {}
    for c in chosen:
        if c.main.hit.exact:
            cited_order.setdefault(c.main.hit.document.id, len(cited_order))

    def doc_key(d: str):
        family = by_doc[d][0].main.hit.document.family
        return (cited_order.get(d, len(cited_order)), lead_family is not None and family != lead_family,
                bool(sources) and not is_named(d), d != best_doc,
                superseded(d), AUTHORITY.get(family, 9),
                -max(c.score for c in by_doc[d]), rank_of_doc.get(d, 99))

    numbers: dict[tuple[str, str, str], int] = {}
    omitted: list[tuple[int, list[str], str]] = []  # (source, item labels, unit) of lists quoted in part
    for doc_id in sorted(by_doc, key=doc_key):
        # Units in order of their best quote; a unit's quotes in the order of its text
        # (ASEAN Consensus 19(a) before 19(b), ayat (1) before (3)), as a lawyer reads them.
        best_of_unit: dict[str, float] = {}
        for c in by_doc[doc_id]:
            best_of_unit[c.main.hit.unit.unit] = max(best_of_unit.get(c.main.hit.unit.unit, 0.0), c.score)
        group = sorted(by_doc[doc_id], key=lambda c: (-best_of_unit[c.main.hit.unit.unit], c.main.hit.unit.unit,
                                                      min(a for a, _b in c.spans)))
        if doc_id == best_doc:  # the answer's first quote is its best one ...
            top = next((c for c in group if c is opening), None) or max(group, key=lambda c: c.score)
            own = [c for c in group if c.main.hit.unit.key == top.main.hit.unit.key]
            if _points_back(top, own):
                # ... unless it points back to an earlier ayat of its Pasal that is quoted too
                # ("… sebagaimana dimaksud pada ayat (1) …"): it is read with that ayat, so
                # the Pasal's quotes open the answer in the order of its text, ayat (1) first
                group = own + [c for c in group if c not in own]
            else:
                group.remove(top)
                group.insert(0, top)
        doc = group[0].main.hit.document
        section = Section(doc_id=doc_id, heading=doc.title, family=doc.family)
        for c in group:
            hit = c.main.hit
            quoted = [c.main, *c.items]  # the locator names what answers, not the list's introduction
            locator = _locator(hit, min(x.start for x in quoted), max(x.end for x in quoted))
            key = (hit.unit.doc_id, hit.unit.unit, locator)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                answer.sources.append(_source(numbers[key], hit, locator, catalog, answer.language))
            text = hit.unit.text
            spans = _joined(c.spans, text)
            section.quotes.append(Quote(source=numbers[key], fragments=[text[a:b] for a, b in spans], spans=spans,
                                        score=c.score, cut_before=text[:spans[0][0]].rstrip().endswith(","),
                                        cut_after=text[spans[-1][0]:spans[-1][1]].endswith(",")))
            left_out, of = _items_left_out(c)
            if left_out:
                lead = c.lead or c.main
                omitted.append((numbers[key], left_out, of, format_citation(doc, _locator(hit, lead.start, lead.end))))
        answer.sections.append(section)
    if omitted:
        answer.notes.append(_omitted_note(sorted(omitted), answer.language))


_BACK_TO_AYAT = re.compile(r"\b(?:pada|dalam) ayat \((\d+)\)", re.IGNORECASE)


def _points_back(top: Choice, own: list[Choice]) -> bool:
    """Whether the quote `top` refers to an ayat of its own Pasal ("sebagaimana dimaksud
    pada ayat (1)") that another of `own` (the quotes of its unit, in text order) quotes
    before it in the text."""
    text = " ".join(c.text for c in top.parts)
    start = min(a for a, _b in top.spans)
    for m in _BACK_TO_AYAT.finditer(text):
        for c in own:
            if c is not top and min(a for a, _b in c.spans) < start and re.match(
                    rf"\s*\({m.group(1)}\)", c.parts[0].text):
                return True
    return False


def _joined(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans in text order, each run that only whitespace separates made one: " … "
    then marks only what the quote leaves out ("a. …; b. …;" quoted whole is one fragment)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and not text[out[-1][1]:a].strip():
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


_ITEM_LABEL = re.compile(r"^\s*(?:(?:dan|atau|and|or|dan/atau|and/or)\s+)?\(?([a-z]|\d{1,3}|[ivx]{1,5})[.)]")


def _items_left_out(choice: Choice) -> tuple[list[str], int]:
    """Labels ("c", "d") of the items of the list a quote is cut from that it does not
    quote, and how many items the list has: an answer never hides that a list it quotes
    is incomplete. An item counts as quoted when a quoted span covers its text (a cited
    part is cut afresh from the unit, not taken from the list's candidates); a quote of
    exactly the part the question cites ("Pasal 6 ayat (1) huruf j") leaves nothing out
    that the question asked for: ([], 0)."""
    lead = choice.lead if choice.lead is not None else (choice.main if choice.main.opens_list else None)
    if choice.cited or lead is None or not lead.items or not lead.siblings:
        return [], 0
    quoted = [(x.start, x.end) for x in (choice.main, *choice.items)]
    out = []
    for i in lead.items:
        item = lead.siblings[i]
        if not any(a < item.end and item.start < b for a, b in quoted):
            m = _ITEM_LABEL.match(item.text)
            out.append(m.group(1) if m else "?")
    return out, len(lead.items)


# Labels of the items left out are named up to this many; more are counted ("10 of its 13 items").
_NAMED_ITEMS = 4


def _omitted_note(omitted: list[tuple[int, list[str], int, str]], lang: str) -> Note:
    """One note for the quotes that leave items of their list out: which, where, and how
    to read the whole text (`omitted`: (source number, labels left out, items in the list,
    citation of the list) per quote)."""
    parts = []
    for n, labels, of, citation in omitted:
        if len(labels) > _NAMED_ITEMS:
            what = (f"{len(labels)} dari {of} butir" if lang == "id" else f"{len(labels)} of its {of} items")
        else:
            what = (f"butir {join_names(labels, lang)}" if lang == "id"
                    else f"item{'s' if len(labels) > 1 else ''} {join_names(labels, lang)}")
        parts.append(f"[{n}] {citation}: {what}")
    return Note("items-omitted", note_text("items-omitted", lang, parts="; ".join(parts), citation=omitted[0][3]))


def _verify(answer: Answer, hits: list[Hit]) -> None:
    """Every fragment must be its unit's text at its offsets (they are cut from it, so
    this never fails unless the code is wrong: then the quote is dropped, not shown)."""
    texts = {(h.unit.doc_id, h.unit.unit): h.unit.text for h in hits}
    for section in answer.sections:
        kept = []
        for q in section.quotes:
            src = answer.source(q.source)
            text = texts.get((src.doc_id, src.unit))
            if text is not None and all(text[a:b] == f and f.strip() for f, (a, b) in zip(q.fragments, q.spans)):
                kept.append(q)
        section.quotes = kept
    answer.sections = [s for s in answer.sections if s.quotes]
    used = {q.source for q in answer.quotes}
    answer.sources = [s for s in answer.sources if s.n in used]
