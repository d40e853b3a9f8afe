"""Choosing the sentences an answer quotes.

Every candidate is a span of a unit's own text (a sentence or an enumeration clause,
trimmed of OCR debris at its ends), so what is quoted is verbatim by construction. A
sentence is scored against the question itself, not only by its unit's rank:

- `dense`: cosine similarity of the sentence to the question with the index's own
  embedder (the sentences of the best units are embedded at answer time);
- `cover`: the share of the question's terms, weighted by rarity, that the sentence
  holds (glossary synonyms in either language count half);
- `prior`: the rank score of its unit; `in_best`: it lies in the passage that matched.

Formal clauses (signatures, venues, territory, entry into force) are left out unless
the question asks about them; a list item is quoted with the words that introduce it,
and an introduction ("Setiap PMI memiliki hak:") only with the items that answer. A
sentence that points back ("This includes ...", "Such measures ...", "Hal tersebut
...") is quoted with the sentence right before it; when none can be (it opens its unit,
or the sentence before is left out), it is scored down (`Weights.dangling`) so that a
self-contained sentence comes first.
Near-duplicates are skipped, keeping the cleaner text (an OCR copy gives way to the
clean one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..lang import analyze, name_stems
from ..lang.sentences import sentence_spans
from ..search.query import asks_signature
from .clauses import formal_clause, question_asks_about, states_when_or_where, text_quality, trim_debris

if TYPE_CHECKING:
    from ..search.query import Query
    from ..search.results import Hit

# A list item: "a.", "(a)", "1.", "(iv)" (an ayat "(1)" opens a paragraph, not an item).
# UN texts glue a bracketed marker to its item ("(c)Insufficient rest …"), as kb.lang.sentences knows.
_ITEM = re.compile(r"^(?:(?:dan|atau|and|or|dan/atau|and/or)\s+)?(?:\(?[a-z]\)|[a-z]\.|\d{1,3}\.|\d{1,2}\)|\([ivx]{1,5}\))"
                   r"(?:\s|(?<=\))(?=[A-Z]))")
_AYAT = re.compile(r"^\(\d{1,3}\)\s")
# A sentence that opens by pointing back ("This includes ...", "Such measures ...", "Hal
# tersebut ...", "Upaya tersebut ..."): it means nothing without the sentence before it.
# Closed-class words only (demonstratives and pronouns); "This Convention" / "Undang-
# Undang ini" name the instrument itself and are self-contained.
_SELF = (r"(?:Convention|Covenant|Agreement|Consensus|Declaration|Law|Act|Chapter|Article|Protocol|Regulation|Annex|"
         r"Part|Section|Guidelines?|general\s+comment|joint\s+general\s+comment|Committee|Undang|Peraturan|Konvensi|"
         r"Persetujuan|Pasal|Bab|Lampiran)")
_ANAPHOR = re.compile(
    rf"^(?:\(?\d{{1,3}}[.)]\s+)?(?:(?:This|These|Those|Such|Said|The\s+latter|The\s+former|It|They|In\s+(?:this|that|such|"
    rf"these)\s+(?:case|cases|regard|respect|context|situation|situations|way))\b(?!\s+{_SELF})|"
    r"Hal(?:-hal)?\s+(?:tersebut|ini|itu|demikian)\b|(?:Ini|Itu|Tersebut)\b|[A-Za-z-]+(?:\s+[a-z-]+)?\s+tersebut\b|"
    r"Dalam\s+hal\s+(?:ini|tersebut)\b|Oleh\s+karena\s+itu\b|Dengan\s+demikian\b|Untuk\s+itu\b)"
)

# A footnote's number printed after a sentence's full stop ("… affected by migration. 2 In
# addition, both Committees …", GC 3 para 5; GC 4 para 29): a number that opens the next
# sentence before a capitalised word. Not a date ("… 2021. 6 April …").
_FOOTNOTE_MARK = re.compile(
    r"\d{1,3}\s+(?=[A-Z][a-z])(?!(?:Jan|Feb|Mar|Apr|May|Mei|Jun|Jul|Aug|Agu|Sep|Oct|Okt|Nov|Dec|Des)[a-z]*\b)")

# A sentence whose verb is elided and points back as a whole ("… they are not required to
# do so either", "… must do so as well") means nothing without the sentence before it,
# wherever the ellipsis stands in it.
_ELLIPSIS = re.compile(r"\bdo(?:es)?\s+so\s+(?:either|too|as\s+well)\b|\beither\s*[.;]?\s*$", re.IGNORECASE)


# A question asking for a whole enumeration ("what documents must …", "apa saja …",
# "sebutkan …"): an item it matches is quoted with every item of its list, not the best
# few. Closed-class words and the nouns that name what laws enumerate.
_LIST_NOUNS = (r"(?:documents?|rights?|requirements?|conditions?|obligations?|duties|items?|grounds?|criteria|"
               r"elements?|steps?|stages?|measures?|principles?|types?|kinds?|forms?|sanctions?|penalties|tasks?|"
               r"functions?|powers?|responsibilities|prohibitions?|entitlements?|guarantees?|safeguards?|"
               r"dokumen|hak|syarat|persyaratan|kewajiban|tugas|wewenang|fungsi|unsur|tahap(?:an)?|"
               r"langkah|asas|prinsip|jenis|bentuk|sanksi|kriteria|larangan|tanggung\s+jawab|hal)")
# What Indonesian law enumerates, asked for after "apa" ("Apa syarat menjadi PMI?", "Apa
# kewajiban PMI?", "Apa hak keluarga PMI?", "Apa yang menjadi tugas BP2MI?"): "hal", "bentuk"
# and "jenis" ask a kind, not an enumeration, after a bare "apa".
_LIST_NOUNS_ID = (r"(?:hak(?:-hak)?|syarat|persyaratan|kewajiban|tugas|wewenang|kewenangan|fungsi|unsur|tahap(?:an)?|"
                  r"langkah|asas|prinsip|sanksi|kriteria|larangan|tanggung\s+jawab|dokumen)")
_ASKS_FOR_LIST = re.compile(
    rf"\bapa\s+saja(?:kah)?\b|\bsebutkan\b|\byang\s+mana\s+saja\b|\bsiapa\s+saja\b|\blist\b|"
    rf"\b(?:what|which)\s+(?:\w+\s+){{0,2}}{_LIST_NOUNS}\b|\b{_LIST_NOUNS}\s+apa(?:\s+saja)?\b|"
    rf"\bapa\s+(?:yang\s+menjadi\s+)?{_LIST_NOUNS_ID}\b|"
    rf"\bwhat\s+(?:must|should|shall)\s+(?:\w+\s+){{0,4}}(?:contain|include|hold|have|state)\b",
    re.IGNORECASE,
)
ALL_ITEMS = 26  # items quoted with their introduction for a question asking for the list
# A list of a unit whose introduction lacks a question term that the unit's best list's
# introduction holds is quoted beside it only when it says this share of what that list
# says of the question (`list_on_question`). Chosen on the dev sets + the tuning fold: a
# Pasal's list of obligations beside its list of rights asked for said 0.63 of it, the
# worker's rights beside the family's (both asked about) 0.83, the rights beside the
# obligations asked for 0.77.
LIST_SHARE = 0.8

# A sentence of fewer words than this (its item marker and ayat number left out) that
# nothing introduces is not quoted on its own: on the whole mirror such sentences are a
# running header or a page's remnant ("Pekerja Migran Indonesia." at the end of PP 59/2021
# Pasal 65), a sub-heading inside a paragraph ("Labour law."), an item whose introduction
# OCR lost ("dan m. standar gaji.") or a nested item cut from its list ("2) menerbitkan dan
# mencabut SIP2MI;"); the shortest self-contained provision has five ("(3) Pemerintah dapat
# mengatur kepulangan TKI."). On the tuning data no quote was one (0 removed).
MIN_WORDS_ALONE = 5
_MARKER = re.compile(r"^\s*(?:\(\d{1,3}\)\s*)?(?:(?:dan|atau|and|or|dan/atau|and/or)\s+)?"
                     r"(?:\(?[a-z]\)|[a-z]\.|\d{1,3}[.)]|\([ivx]{1,5}\))?\s*")


def word_count(sentence: str) -> int:
    """Words of two letters or more in a sentence, its ayat number and item marker left out."""
    return len(re.findall(r"[^\W\d_]{2,}", _MARKER.sub("", sentence, count=1)))


def asks_for_list(question: str) -> bool:
    """True when a question asks for a whole enumeration ("What documents must a
    prospective migrant worker hold?", "Hak apa saja yang dimiliki PMI?")."""
    return bool(_ASKS_FOR_LIST.search(question or ""))


@dataclass(frozen=True)
class Weights:
    """How a sentence's score is made. Chosen on tuning data only (the dev sets and
    bench/questions/tune.jsonl; see bench/README.md, "answers")."""

    dense: float = 0.0  # similarity of the sentence to the question
    cover: float = 0.05  # question vocabulary it holds
    prior: float = 0.60  # rank score of its unit
    passage: float = 0.0  # lies in the passage that matched best
    dense_low: float = 0.75  # similarity mapped to 0 ...
    dense_high: float = 0.90  # ... and to 1
    cross_lang: float = 0.0  # added to the similarity of a sentence in the other language
    cover_cross: float = 1.0  # multiplies the coverage of a sentence in the other language
    min_quality: float = 0.6  # below: OCR debris, quoted only without a clean copy
    floor: float = 0.9  # no quote scoring below this share of the best
    per_unit: int = 3  # quotes from one unit at most
    gate: float = 0.1  # no quote covering less of the question than this share of the best coverage
    dangling: float = 0.8  # multiplies the score of a sentence pointing back to one that cannot be quoted


DEFAULT_WEIGHTS = Weights()


@dataclass
class Candidate:
    hit: "Hit"
    start: int
    end: int
    tokens: frozenset[str]
    cover: float = 0.0  # share of the question's weighted terms in the sentence
    cover_heading: float = 0.0  # ... in the headings above its unit and not in the sentence
    prior: float = 0.0
    in_best: bool = False
    dense: float | None = None
    quality: float = 1.0
    lead: int | None = None  # index (in the unit's candidates) of the clause introducing this item (or the
    # sentence a pointing-back sentence refers to)
    dangling: bool = False  # points back ("This includes ...") with no sentence before it to quote
    words: int = MIN_WORDS_ALONE  # word_count of its text
    opens_list: bool = False  # ends with ":" and items follow
    items: list[int] = field(default_factory=list)  # for an introduction: its items
    position: int = 0  # index among its unit's candidates
    unit_rank: int = 0
    score: float = 0.0
    siblings: list["Candidate"] = field(default_factory=list, repr=False)  # the unit's candidates, in order
    held: frozenset[str] = frozenset()  # the question's terms (keys of its weights) it holds
    # for an item: the coverage of it with its list's introduction (what the list says it
    # is about); for any other sentence its `cover`
    list_cover: float = 0.0

    @property
    def text(self) -> str:
        return self.hit.unit.text[self.start : self.end]

    @property
    def reach(self) -> float:
        """Coverage with the headings' words counted at HEADING_WEIGHT (0..1)."""
        return min(1.0, self.cover + HEADING_WEIGHT * self.cover_heading)

    @property
    def key(self) -> str:
        return self.hit.unit.key


# Translations of the question's words from the general Indonesian-English lexicon
# (kb/data/lexicon-id-en.tsv, the one retrieval uses) count at this share of their
# translation weight (0..1) times their rarity: a sentence in the other language is then
# scored on the question's words too, not only on the glossary's few terms. Chosen on
# the dev sets + the tuning fold (bench/README.md, "answers": objective 0.740 without,
# 0.743 at 0.25 and 0.5, 0.750 at 1.0).
LEXICON_WEIGHT = 1.0
# The words of the headings above a unit and of its title (BAB/Bagian titles, a section's
# title, a list introduction such as "the sending states will:" heading its paragraphs)
# count for each of its sentences at this share of their weight, where the sentence
# lacks them: "Ensure access to employment ..." answers a question about the obligations
# of sending states because its heading says so. Chosen on the dev sets + the tuning fold
# (bench/README.md, "answers": flat between 0.25 and 0.5, one first quote and one quote
# more than 0; 1.0 loses two quotes from relevant units).
HEADING_WEIGHT = 0.5


# English function words that English analysis drops as stopwords (kb.lang.stopwords)
# while their Indonesian counterpart is a content word Indonesian analysis keeps: in an
# English question they still say which Indonesian sentence answers ("places workers
# without a licence": "menempatkan … tanpa SIP2MI", not "mengalihkan … SIP3MI"). Indonesian
# question words have no such counterpart: "tidak", "sebelum", "selama", "antara" are
# Indonesian stopwords too.
_FUNCTION_TRANSLATIONS = {"en": {"without": ("tanpa",)}}
_WORD = re.compile(r"[^\W\d_]+")


def translations(query: "Query") -> list[tuple[str, float]]:
    """The lexicon's stems in the other language for the question's stems, with their
    translation weights (kb.lang.lexicon; none for a language it does not hold); and the
    Indonesian content word of an English function word (`_FUNCTION_TRANSLATIONS`, weight
    1.0)."""
    if query.lang not in ("en", "id"):
        return []
    from ..lang.lexicon import default_lexicon

    out = default_lexicon().translate(list(query.tokens), query.lang)
    table = _FUNCTION_TRANSLATIONS.get(query.lang, {})
    if table:
        have = {t for t, _w in out}
        for word in _WORD.findall(query.text.lower()):
            for stem in table.get(word, ()):
                if stem not in have:
                    out.append((stem, 1.0))
                    have.add(stem)
    return out


def _marker_level(sentence: str) -> str:
    """The kind of an item's marker: "digit)" for "2)", "letter" for "a." / "(a)", "number"
    for "1.", "roman" for "(iv)" (a list nested in an item uses another kind)."""
    m = _ITEM.match(sentence)
    marker = re.sub(r"^(?:dan|atau|and|or|dan/atau|and/or)\s+", "", m.group(0) if m else "").strip()
    if re.fullmatch(r"\d{1,2}\)", marker):
        return "digit)"
    if re.fullmatch(r"\d{1,3}\.", marker):
        return "number"
    if re.fullmatch(r"\([ivx]{1,5}\)", marker):
        return "roman"
    return "letter"


def _same_level(sentence: str, intro: "Candidate") -> bool:
    """Whether `sentence` (an item) is an item of the same kind as `intro`, an item that
    opened a list of its own: then that nested list is over."""
    if intro.lead is None or not _ITEM.match(intro.hit.unit.text[intro.start:intro.end]):
        return False
    return _marker_level(sentence) == _marker_level(intro.hit.unit.text[intro.start:intro.end])


def term_weights(query: "Query", idf: dict[str, float], lexicon_weight: float = LEXICON_WEIGHT,
                 translated_idf: dict[str, float] | None = None) -> dict[str, float]:
    """Query terms weighted by rarity (`idf`: stem -> weight, for the question's stems and
    its glossary synonyms; a term the corpus lacks weighs like the rarest); glossary
    synonyms count half; the lexicon's translations `lexicon_weight` × their translation
    weight (0..1) × their rarity (`translated_idf`; without it, like the rarest). The
    digits of a glossary term are no term ("SIP3MI" is analysed "sip", "3", "mi"); a
    digit the question types is."""
    top = max(idf.values(), default=1.0) or 1.0
    weights: dict[str, float] = {}
    for tok in query.tokens:
        weights[tok] = max(weights.get(tok, 0.0), idf.get(tok, 0.0) or top)
    for tok in query.expansion_tokens():
        if tok.isdigit():
            continue  # a glossary code's digits ("sip3mi" -> "sip", "3", "mi"): every "ayat (3)" holds them
        weights.setdefault(tok, 0.5 * (idf.get(tok, 0.0) or top))
    if lexicon_weight > 0:
        for tok, w in translations(query):
            weights.setdefault(tok, lexicon_weight * w * ((translated_idf or {}).get(tok, 0.0) or top))
    return weights


def candidates(hits: list["Hit"], query: "Query", weights: dict[str, float], question: str) -> list[Candidate]:
    """Every quotable sentence of the hits, with its lexical features (no score yet)."""
    total = sum(w for t, w in weights.items() if t in set(query.tokens)) or sum(weights.values()) or 1.0
    top = max((h.score for h in hits), default=1.0) or 1.0
    out: list[Candidate] = []
    # The words naming a document the question names ("ASEAN Consensus", "IJEPA") say
    # nothing about which of its sentences answers: every one of them is its text. In
    # its sentences they count for none ("Proposed amendments to this Consensus …" does not
    # answer "When was the ASEAN Consensus signed?" better than "Done at Manila, …").
    named = set(getattr(query, "mentioned_docs", ()) or ())
    for rank, hit in enumerate(hits):
        text = hit.unit.text
        doc = hit.document
        key = doc.variant_of or doc.id
        own_name = name_stems(doc.title, doc.citation, *doc.aliases) if doc.id in named or key in named else frozenset()
        heading_toks = frozenset(analyze(" ".join([*hit.unit.heading, hit.unit.title or ""]), hit.unit.language))
        unit_cands: list[Candidate] = []
        open_lead: int | None = None
        for a, b in sentence_spans(text):
            a, b = trim_debris(text, a, b)
            mark = _FOOTNOTE_MARK.match(text, a, b)
            if mark and text[:a].rstrip()[-1:] in ".;:!?":
                a = mark.end()  # "… by migration. 2 In addition, …": the 2 is the last sentence's footnote
            sentence = text[a:b]
            is_item = bool(_ITEM.match(sentence))
            if not is_item:
                open_lead = None
            toks = frozenset(analyze(sentence, hit.unit.language))
            kind = formal_clause(sentence)
            if kind and not question_asks_about(kind, question):
                open_lead = None
                continue
            if kind == "signature" and asks_signature(question) and not states_when_or_where(sentence):
                open_lead = None  # where or when it was signed: the sentences that say it
                continue
            cand = Candidate(hit, a, b, toks, position=len(unit_cands), unit_rank=rank, words=word_count(sentence))
            cand.held = frozenset(t for t in weights if t in toks and t not in own_name)
            cand.cover = min(1.0, sum(weights[t] for t in cand.held) / total)
            cand.list_cover = cand.cover
            cand.cover_heading = min(1.0, sum(w for t, w in weights.items()
                                              if t in heading_toks and t not in toks and t not in own_name) / total)
            cand.prior = hit.score / top
            cand.in_best = bool(hit.passage and a < hit.passage.end and b > hit.passage.start)
            cand.quality = text_quality(sentence)
            if is_item and open_lead is not None and _same_level(sentence, unit_cands[open_lead]):
                # an item of the list an item opened ("a. …: 1) …; 2) …;") is over: this
                # item ("b. …") belongs to the list that item belongs to
                open_lead = unit_cands[open_lead].lead
            if is_item and open_lead is not None:
                cand.lead = open_lead
                unit_cands[open_lead].items.append(cand.position)
                cand.list_cover = min(1.0, sum(weights[t] for t in cand.held | unit_cands[open_lead].held) / total)
            elif not is_item and (_ANAPHOR.match(sentence) or _ELLIPSIS.search(sentence)):
                # Quoted with the sentence it points back to, when that sentence comes
                # right before it (nothing skipped between); otherwise it is dangling.
                prev = unit_cands[-1] if unit_cands else None
                if prev is not None and prev.lead is None and not prev.opens_list and not text[prev.end:a].strip():
                    cand.lead = prev.position
                else:
                    cand.dangling = True
            if sentence.rstrip().endswith(":"):
                cand.opens_list = True
                open_lead = cand.position
            elif _AYAT.match(sentence):
                open_lead = None
            unit_cands.append(cand)
        for c in unit_cands:
            c.siblings = unit_cands
        out += unit_cands
    return out


def add_dense(cands: list[Candidate], query_vector: np.ndarray | None, embed, limit: int) -> None:
    """Sentence-to-question similarity for the `limit` most promising candidates (by
    their lexical score), embedded with `embed(texts) -> array` (the index's embedder)."""
    if query_vector is None or embed is None or not cands or limit <= 0:
        return
    order = sorted(cands, key=lambda c: -(c.cover + c.prior))[:limit]
    texts = [c.text for c in order]
    vecs = np.asarray(embed(texts), dtype=np.float32)
    sims = vecs @ np.asarray(query_vector, dtype=np.float32)
    for c, s in zip(order, sims):
        c.dense = float(s)


def score(cands: list[Candidate], w: Weights = DEFAULT_WEIGHTS, lang: str | None = None) -> None:
    """Each candidate's score from its features (`lang`: the question's language; the
    multilingual embedder scores pairs across languages lower, and the glossary reaches
    the other language only in part, hence the cross-language corrections)."""
    span = (w.dense_high - w.dense_low) or 1.0
    have_dense = any(c.dense is not None for c in cands)
    floor_dense = min((c.dense for c in cands if c.dense is not None), default=0.0)
    for c in cands:
        other = lang is not None and c.hit.unit.language != lang
        cover = c.reach * (w.cover_cross if other else 1.0)
        if have_dense:
            d = c.dense if c.dense is not None else floor_dense
            d += w.cross_lang if other and c.dense is not None else 0.0
            rel = min(1.0, max(0.0, (d - w.dense_low) / span))
            s = w.dense * rel + w.cover * cover + w.prior * c.prior + w.passage * c.in_best
        else:
            total = w.cover + w.prior + w.passage
            s = (w.cover * cover + w.prior * c.prior + w.passage * c.in_best) / total
        if c.quality < w.min_quality:
            s *= c.quality
        if c.dangling:
            s *= w.dangling
        c.score = s


@dataclass
class Choice:
    """One quote: a candidate, with the introduction of its list and sibling items."""

    main: Candidate
    lead: Candidate | None = None
    items: list[Candidate] = field(default_factory=list)  # more items of the same list
    cited: bool = False  # the part of a unit the question cites ("Pasal 6 ayat (1) huruf j"), quoted as cited

    @property
    def parts(self) -> list[Candidate]:
        """The lead (with the introduction of its own list, when the lead is an item that
        opens a nested list: "Tugas …: a. melaksanakan …: … 2) menerbitkan …"), then the
        main sentence and the items in the order of the text."""
        lead = [self.lead] if self.lead else []
        if self.lead is not None and self.lead.lead is not None and self.lead.siblings:
            lead.insert(0, self.lead.siblings[self.lead.lead])
        return lead + sorted([self.main, *self.items], key=lambda c: c.start)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(c.start, c.end) for c in self.parts]

    @property
    def score(self) -> float:
        return self.main.score


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= 0.6


def _doc_key(c: Candidate) -> str:
    doc = c.hit.document
    return doc.variant_of or doc.id


def _list_reach(intro: Candidate) -> float:
    """How much of the question a list says: the best coverage of one of its items read
    with its introduction (`Candidate.list_cover`); the introduction's own without items."""
    return max((intro.siblings[i].list_cover for i in intro.items), default=intro.cover)


def list_on_question(intro: Candidate, share: float = LIST_SHARE) -> bool:
    """Whether the list `intro` introduces may be quoted beside the other lists of its unit
    (a Pasal's ayat side by side: "(1) Setiap Pekerja Migran Indonesia memiliki hak: …",
    "(2) … memiliki kewajiban: …"). Not when its introduction lacks a term of the question
    that the introduction of the unit's best list holds ("hak") and the list says less than
    `share` × as much of the question as that list (`_list_reach`): its items share the
    words every item of the statute has ("Pekerja Migran Indonesia") and passed as on the
    question by those alone. Always true of a sentence introducing no list, of a list
    nested in an item, of the only list of its unit, and of its best list."""
    if not intro.opens_list or not intro.siblings or intro.lead is not None:
        return True  # a list nested in an item ("(d) … regarding: (i) …") is read with that item's list
    intros = [x for x in intro.siblings if x.opens_list and x.lead is None]
    if len(intros) < 2:
        return True
    best = max(intros, key=_list_reach)
    if best is intro or not (best.held - intro.held):
        return True
    return _list_reach(intro) >= share * _list_reach(best)


def select(cands: list[Candidate], max_quotes: int = 5, per_unit: int = 2, floor: float = 0.6,
           max_items: int = 3, gate: float = 0.0, named: frozenset[str] = frozenset()) -> list[Choice]:
    """The best candidates, best first: at most `per_unit` quotes per unit, none scoring
    below `floor` × the best, none but the best covering less of the question than `gate`
    × the best coverage (a sentence of a good unit that is about something else is not
    quoted), no near-duplicates (the cleaner text wins; of texts as clean, the one of a
    document the question names, `named`: ids of documents, "Kapan UU 39/2004 mulai
    berlaku?" quotes UU 39/2004, not the same words in UU 18/2017), list items with their
    introduction (items of one list in one quote), an introduction only with its best
    items, and of a unit's lists (a Pasal's ayat) none off the question beside its best
    (`list_on_question`)."""
    if not cands:
        return []
    ranked = sorted(cands, key=lambda c: -c.score)
    best = ranked[0].score
    # The gate counts the headings' words; whether an introduction answers by itself and
    # its items do not is a matter of their own words.
    min_reach = gate * max((c.reach for c in cands if not c.opens_list), default=0.0)
    min_cover = gate * max((c.cover for c in cands if not c.opens_list), default=0.0)
    chosen: list[Choice] = []
    per: dict[str, int] = {}
    used: set[int] = set()
    for c in ranked:
        if len(chosen) >= max_quotes or c.score < floor * best:
            break
        if id(c) in used or (len(c.tokens) < 3 and not c.opens_list):
            continue
        if c.lead is None and not c.opens_list and c.words < MIN_WORDS_ALONE:
            continue  # debris or a fragment nothing introduces (MIN_WORDS_ALONE)
        if any(ch.lead is c for ch in chosen):
            continue  # already quoted, introducing another sentence
        siblings = c.siblings
        if c.opens_list:
            # An introduction is quoted with its best items, never alone; one that answers
            # by itself ("… hanya dapat membebankan biaya … untuk komponen biaya:") comes
            # with all of its items, which restrict what it says.
            items = sorted((siblings[i] for i in c.items), key=lambda x: -x.score)
            if not items:
                continue
            if not list_on_question(c):
                continue
            if chosen and items[0].cover < min_cover <= c.cover:
                whole = _with_nested(c)
                if per.get(c.key, 0) >= per_unit or any(id(w) in used for w in whole):
                    continue
                chosen.append(Choice(c, None, whole))  # the introduction leads, then every item
                used.add(id(c))
                used.update(id(w) for w in whole)
                per[c.key] = per.get(c.key, 0) + 1
                continue
            c = items[0]
        if chosen and c.reach < min_reach:
            continue
        if id(c) in used:
            continue
        lead = siblings[c.lead] if c.lead is not None and siblings else None
        if lead is not None and not list_on_question(lead):
            continue
        # Another item of a list already quoted joins that quote; so does a sentence
        # pointing back to one already quoted.
        home = next((ch for ch in chosen if lead is not None and (ch.lead is lead or ch.main is lead)), None)
        # An item of a list nested in an item already quoted ("(d) … regarding: (i) …; (ii) …"
        # under "(a) …; … (d) …") joins the quote holding that item: quoted apart, it would
        # repeat its introduction under a second source.
        nested = next((ch for ch in chosen if lead is not None and any(x is lead for x in ch.items)), None)
        if home is None and nested is not None:
            if sum(1 for x in nested.items if x.lead is not None and x.siblings[x.lead] is lead) < max_items:
                nested.items.append(c)
                used.add(id(c))
            continue
        if home is not None:
            if len(home.items) + 1 < max_items:
                home.items.append(c)
                used.add(id(c))
            continue
        if per.get(c.key, 0) >= per_unit:
            continue
        dup = next((ch for ch in chosen if _similar(c.tokens, ch.main.tokens)), None)
        if dup is not None:
            ours = named and _doc_key(c) in named and _doc_key(dup.main) not in named
            if c.quality > dup.main.quality + 0.15 or (ours and c.quality >= dup.main.quality - 0.15):
                # the same words, cleaner, or of the document the question names: replace
                dup.main, dup.lead, dup.items = c, lead, []
                used.add(id(c))
            continue
        chosen.append(Choice(c, lead))
        used.add(id(c))
        per[c.key] = per.get(c.key, 0) + 1
    if max_items >= ALL_ITEMS:  # the question asks for the list: every item of a quoted one
        for ch in chosen:
            if ch.lead is not None and ch.lead.siblings:
                ch.items = [x for x in _with_nested(ch.lead) if x is not ch.main]
    return _with_nested_items(_nested_joined(chosen), max_items)


def _with_nested_items(chosen: list[Choice], max_items: int) -> list[Choice]:
    """`chosen` with each quoted item that opens a list of its own ("(a) Repeal the kafala
    system, including:") followed by that list's items when the quote holds none of them:
    an introduction is never quoted alone (its items are what it says). At most
    `max_items` of them, in the order of the text."""
    for ch in chosen:
        for x in [ch.main, *ch.items]:
            if not x.opens_list or x.lead is None or not x.items or not x.siblings:
                continue  # only an item opening a list: a paragraph's own introduction is select's
            have = {id(y) for y in ch.parts}
            nested = [x.siblings[i] for i in x.items]
            if any(id(y) in have for y in nested):
                continue
            ch.items += nested[:max_items]
    return chosen


def _with_nested(intro: Candidate) -> list[Candidate]:
    """The items of the list `intro` opens, each followed by the items of a list it opens
    in turn ("a. …: 1) …; 2) …; b. …"), in the order of the text."""
    out: list[Candidate] = []
    for i in intro.items:
        item = intro.siblings[i]
        out.append(item)
        out += [item.siblings[j] for j in item.items]
    return out


def _nested_joined(chosen: list[Choice]) -> list[Choice]:
    """`chosen` with each quote of a list nested in an item that another quote holds
    ("(d) … regarding: (i) …; (ii) …" beside "… to: (a) …; … (d) … regarding:") made part
    of that quote: quoted apart, the item would be quoted twice, under two sources."""
    def holds(o: Choice, lead: Candidate | None) -> bool:
        return lead is not None and any(x is lead for x in o.items)

    out: list[Choice] = []
    for ch in chosen:
        host = next((o for o in chosen if o is not ch and holds(o, ch.lead)), None)
        if host is None:
            out.append(ch)
            continue
        have = {id(x) for x in host.parts}
        host.items += [x for x in (ch.main, *ch.items) if id(x) not in have]
    return out
