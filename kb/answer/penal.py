"""Questions about penalties ("Apa ancaman pidana bagi …?", "What is the prison
sentence for …?", "Apa sanksi bagi …?"): answered by a statute's penal chapter (BAB
"Ketentuan Pidana").

The search ranks the prohibition a question describes (a "Setiap Orang dilarang" list)
and the licensing rules around it above the article that punishes it, which cites the
prohibition by number and shares few of its words: the answer then quoted the rules and
an administrative sanction and never the penalty, or declined a "Berapa …?" question as
asking a figure nothing states. Here the articles of the penal chapters of the statutes
the search found are read as candidates too; when the quotes chosen hold no penal
article, the one on the question's subject leads them (`penal_first`), and it counts as
stating the figure asked for (kb.answer.compose).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..lang import analyze
from ..lang.glossary import holds_phrase
from .instruments import fold

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..models import Hit
    from .quotes import Candidate, Choice

_NONE: dict = {}  # no phrase-bound terms

# Words asking what penalty an act carries ("sanksi", "penalty": criminal and
# administrative ones; an administrative sanction asked for by name is not a penal question).
_CRIMINAL = re.compile(
    r"\b(?:(?:di)?pidana\w*|penjara|kurungan|criminal\w*|prison\w*|imprison\w*|jail\w*|penal|"
    r"hukuman|punish\w*|penalt(?:y|ies)|sanksi|sanctions?)\b", re.IGNORECASE)
# Words that ask for criminal penalties and nothing else (an administrative sanction is
# then beside the question).
_ONLY_CRIMINAL = re.compile(r"\b(?:(?:di)?pidana\w*|penjara|kurungan|criminal\w*|prison\w*|imprison\w*|jail\w*)\b",
                            re.IGNORECASE)
_ADMINISTRATIVE = re.compile(r"\badministrati(?:f|ve)\b", re.IGNORECASE)
# the heading of a statute's penal chapter ("BAB XI KETENTUAN PIDANA"), folded
_PENAL_HEADING = re.compile(r"\bketentuan pidana\b")
# a penal quote is on the question's subject when it holds this share of the distinctive
# terms of the best penal quote (every penal article shares "pidana", "penjara" with it)
PENAL_COVER_SHARE = 0.6
# ... and a penal quote leads an answer only when its distinctive terms are this share of
# the question's terms at least: below it the best penal article shares a stray word with
# the question ("Can a worker be jailed abroad …?" led with the penalty for false data in
# documents at 0.023; "… jailed in Malaysia. Is the embassy supposed to visit her?" with
# corporate liability at 0.005), where the penalties the tests ask for hold 0.13-0.19 and
# the smallest relevant lead seen (a placement to a closed country, Pasal 87) 0.049.
PENAL_MIN_SHARE = 0.04


def asks_criminal_penalty(question: str) -> bool:
    """Whether the question asks what penalty an act carries (criminal words, "hukuman",
    "sanksi", "penalty"), and does not ask about administrative sanctions by name."""
    return bool(_CRIMINAL.search(question)) and not _ADMINISTRATIVE.search(question)


def is_penal_unit(hit: "Hit") -> bool:
    """Whether the hit's unit sits in a penal chapter (its headings say "Ketentuan Pidana")."""
    return any(_PENAL_HEADING.search(fold(h)) for h in hit.unit.heading)


def penal_hits(hits: list["Hit"], units_of: Callable[[str], list], make_hit: Callable, top_docs: int = 3) -> list["Hit"]:
    """Hits for the units of the penal chapters of the national statutes among the first
    hits (`top_docs` documents) that the hits lack, scored as the lowest hit (their
    sentences compete among penal sentences only: `on_subject`, `penal_first`). `units_of(doc_id)` ->
    the document's units in order; `make_hit(unit, score, rank)` -> a Hit."""
    if not hits:
        return []
    low = min(h.score for h in hits)
    docs: list[str] = []
    for h in hits:
        if h.document.id not in docs and h.document.family == "national-law":
            docs.append(h.document.id)
    have = {h.unit.key for h in hits}
    out: list["Hit"] = []
    for d in docs[:top_docs]:
        for unit in units_of(d):
            if unit.key in have:
                continue
            hit = make_hit(unit, low, len(hits) + len(out))
            if is_penal_unit(hit):
                out.append(hit)
    return out


def is_administrative(choice: "Choice") -> bool:
    """Whether a quote is about an administrative sanction (its unit's heading, or its
    own words and its list's introduction, say so) and not about a criminal one."""
    text = " ".join(c.text for c in choice.parts)
    heading = " ".join(choice.main.hit.unit.heading)
    return bool(_ADMINISTRATIVE.search(text) or _ADMINISTRATIVE.search(heading)) and not re.search(
        r"pidana|criminal", text, re.IGNORECASE)


# The words of penalties themselves, in both languages: every penal article holds them
# (or their translation), so they tell none apart.
_PENALTY_WORDS = ("pidana dipidana penjara kurungan denda hukuman sanksi tindak",
                  "criminal penalty penalties punishment prison imprisonment sanction sanctions fine offence")


def _penalty_stems() -> frozenset[str]:
    return frozenset(analyze(_PENALTY_WORDS[0], "id")) | frozenset(analyze(_PENALTY_WORDS[1], "en"))


def _distinctive(penal: list["Candidate"], weights: dict[str, float],
                 bound: "Mapping[str, tuple[tuple[str, ...], ...]]" = _NONE) -> dict[int, float]:
    """For each penal sentence (id -> value): the weight of the question's terms it holds,
    with its list's introduction, that fewer than half of the penal articles of its
    document hold ("pidana", "penjara", "Pekerja Migran Indonesia" are in every one and
    tell none apart), over the weight of all the question's terms. A term the question's
    glossary concepts bring in only inside a multi-word term (`bound`, kb.lang.glossary.
    phrase_bound: "menahan" and "dokumen" of "menahan paspor") counts only where the
    sentence or its introduction holds one of those terms as a phrase: "menahan
    pemberangkatan … dokumen" is no withholding of documents."""
    total = sum(weights.values()) or 1.0
    units: dict[str, dict[str, frozenset[str]]] = {}
    for c in penal:
        units.setdefault(c.hit.unit.doc_id, {}).setdefault(
            c.hit.unit.key, frozenset(analyze(c.hit.unit.text, c.hit.unit.language)))
    common: dict[str, set[str]] = {}
    for doc, toks in units.items():
        counts: dict[str, int] = {}
        for ts in toks.values():
            for t in ts:
                counts[t] = counts.get(t, 0) + 1
        common[doc] = {t for t, n in counts.items() if n * 2 >= len(toks)} | _penalty_stems()
    out: dict[int, float] = {}
    for c in penal:
        lead = c.siblings[c.lead] if c.lead is not None and c.siblings else None
        toks = c.tokens | (lead.tokens if lead is not None else frozenset())
        held = [t for t in weights if t in toks and t not in common[c.hit.unit.doc_id]]
        if bound and any(t in bound for t in held):
            runs = [analyze(x.text, x.hit.unit.language, keep_stopwords=True) for x in (c, lead) if x is not None]
            held = [t for t in held if t not in bound or any(holds_phrase(run, bound[t]) for run in runs)]
        out[id(c)] = sum(weights[t] for t in held) / total
    return out


def on_subject(cands: list["Candidate"], weights: dict[str, float],
               bound: "Mapping[str, tuple[tuple[str, ...], ...]]" = _NONE) -> list["Candidate"]:
    """The penal sentences on the question's subject: those holding PENAL_COVER_SHARE of
    the distinctive terms (`_distinctive`, with the phrase-bound terms `bound`) of the
    best one, best first ([] when none holds a distinctive term)."""
    penal = [c for c in cands if is_penal_unit(c.hit) and not c.opens_list]
    if not penal:
        return []
    distinct = _distinctive(penal, weights, bound)
    best = max(distinct.values())
    if best < PENAL_MIN_SHARE:
        return []
    return sorted((c for c in penal if distinct[id(c)] >= PENAL_COVER_SHARE * best), key=lambda c: -distinct[id(c)])


def penal_first(chosen: list["Choice"], cands: list["Candidate"], question: str, max_quotes: int,
                select: Callable[..., list["Choice"]], weights: dict[str, float],
                named: "frozenset[str]" = frozenset(),
                bound: "Mapping[str, tuple[tuple[str, ...], ...]]" = _NONE) -> list["Choice"]:
    """The quotes `chosen` for a penal question, with the penal sentence holding most of
    the question's distinctive terms (`_distinctive`) leading them when none of them
    quotes a penal chapter and the answer quotes national law first (when one does, the
    quotes of penal chapters first, in their order); then, when the
    question asks only for criminal penalties, without quotes on administrative
    sanctions. `select(cands, max_quotes=…)` chooses quotes (kb.answer.quotes.select with
    the answer's weights); `weights`: the question's terms (stem -> weight); `named`: the
    ids of the documents the question names (a question on "UU 39/2004" is led by that
    statute's penal chapter or by none, never by another statute's); `bound`: the terms
    counted only inside their glossary phrase (`_distinctive`). No penal quote leads
    when the best one holds less than PENAL_MIN_SHARE of the question's terms."""
    if not chosen or chosen[0].main.hit.document.family != "national-law":
        return chosen  # a question the Committee or a treaty answers: no statute's penalty leads it
    out = list(chosen)
    if _ONLY_CRIMINAL.search(question):
        out = [ch for ch in out if not is_administrative(ch)] or out
    penal = [c for c in cands if is_penal_unit(c.hit)
             and (not named or (c.hit.document.variant_of or c.hit.document.id) in named)]
    if not penal:
        return out
    if any(is_penal_unit(ch.main.hit) for ch in out):
        # the search found the penal article: it leads the rules and administrative
        # sanctions quoted beside it ("What penalty applies to someone who deliberately
        # places a worker in a job different from the contract?" led with an
        # administrative sanction, the penal article fourth) when it holds a distinctive
        # term of the question (a penal article quoted for its common words, Pasal 80 for
        # "put in jail abroad", leads nothing); the rest keep their order
        distinct = _distinctive([c for c in cands if is_penal_unit(c.hit)]
                                + [ch.main for ch in out if is_penal_unit(ch.main.hit)], weights, bound)
        penal_quoted = [ch for ch in out if is_penal_unit(ch.main.hit) and distinct[id(ch.main)] > 0]
        # a penal article sharing no distinctive term with the question is quoted for the
        # penal words every one of them holds ("dipidana dengan pidana penjara"): not
        # about the question, so not quoted when anything else is
        out = [ch for ch in out if not is_penal_unit(ch.main.hit) or distinct[id(ch.main)] > 0] or out
        if not penal_quoted or out[0] in penal_quoted:
            return out
        top = max(ch.score for ch in out)
        for i, ch in enumerate(penal_quoted):  # the answer orders quotes by score (kb.answer._assemble)
            ch.main.score = top * (1.0 + 0.01 * (len(penal_quoted) - i))
        return penal_quoted + [ch for ch in out if not is_penal_unit(ch.main.hit)]
    distinct = _distinctive(penal, weights, bound)
    best = max((distinct[id(c)] for c in penal if not c.opens_list), default=0.0)
    if best < PENAL_MIN_SHARE:
        return out
    top = max((c.score for c in cands), default=0.0) or 1.0
    saved = {id(c): c.score for c in penal}
    for c in penal:  # ranked on their distinctive terms, which tell penal articles apart
        c.score = top * (1.0 + 0.05 * distinct[id(c)])
    lead = [ch for ch in select(penal, max_quotes=1) if distinct[id(ch.main)] >= PENAL_COVER_SHARE * best]
    for c in penal:
        if not any(c is ch.main or c in ch.items for ch in lead):
            c.score = saved[id(c)]
    if not lead:
        return out
    keys = {(ch.main.hit.unit.key, ch.main.start) for ch in lead}
    return lead + [ch for ch in out if (ch.main.hit.unit.key, ch.main.start) not in keys][:max_quotes - 1]
