"""What kb reads from a query before searching: its language, analysed terms, glossary
expansion, and any citation or document it names."""

from __future__ import annotations

import re
from concurrent.futures import Future
from dataclasses import dataclass

from .. import limits
from ..citations import Citation, CitationResolver
from ..lang import analyze, detect_language
from ..lang.glossary import Expansion, default_glossary
from ..lang.lexicon import default_lexicon
from .families import family_asked


# Where and when an instrument was signed or adopted (its final clause answers).
_SIGNATURE_Q = re.compile(r"\b(?:sign(?:ed|ing|ature)?|adopt(?:ed|ion)?|done at|concluded|ditandatangani|"
                          r"penandatanganan|diadopsi|disepakati)\b", re.IGNORECASE)
# When or where a statute was enacted, promulgated or came into force (its Penutup:
# "Disahkan di Jakarta pada tanggal …", "Diundangkan di …"). These words also say what a
# provision sets ("biaya yang ditetapkan", "the law enacted to protect …"), so they ask
# for the Penutup only beside a word asking when or where.
_ENACTMENT_Q = re.compile(
    r"\b(?:enact(?:ed|ment)?|promulgat(?:ed|ion)|passed|(?:enter(?:ed|s)?|came|come|com(?:es|ing))\s+into\s+(?:force|effect)|"
    r"in\s+force\s+(?:since|from)|disahkan|pengesahan(?:nya)?|diundangkan|pengundangan(?:nya)?|"
    r"ditetapkan|penetapan(?:nya)?|dikeluarkan|(?:mulai\s+)?berlaku(?:nya)?)\b", re.IGNORECASE)
_WHEN_WHERE_Q = re.compile(
    r"\b(?:when|where|what\s+(?:date|day|year)|which\s+(?:date|day|year)|dates?|since|"
    r"kapan|bilamana|di\s*mana|tanggal(?:nya)?|tahun\s+berapa|sejak)\b", re.IGNORECASE)


def asks_signature(text: str) -> bool:
    """Whether a question asks where or when an instrument was signed, adopted, enacted or
    promulgated ("When was the Consensus signed?", "Kapan UU PPMI disahkan?"): then its
    final clause or Penutup answers."""
    return bool(_SIGNATURE_Q.search(text) or (_ENACTMENT_Q.search(text) and _WHEN_WHERE_Q.search(text)))


_DEFINITION_Q = re.compile(
    r"\b(?:defin\w*|meaning of|what is meant|who (?:is|qualifies|counts)|pengertian|yang dimaksud|definisi|arti(?:nya)? (?:dari|istilah)"
    r"|what (?:is|are) (?:an?|the term)|apa(?:kah)? itu)\b",
    re.IGNORECASE,
)


_ASKS_SUCCESSOR = re.compile(
    r"\b(?:pengganti(?:nya)?|menggantikan|digantikan|diganti|padanan(?:nya)?|successors?|replaced|replacement|"
    r"superseded|counterparts?)\b", re.IGNORECASE)


def is_successor_word(word: str) -> bool:
    """Whether a word asks for a replacing provision ("penggantinya", "successor")."""
    return bool(_ASKS_SUCCESSOR.fullmatch(word))


# A phrase the user put in quotation marks ("berserikat dan berkumpul", “menguasai dokumen
# perjalanan”): units holding those exact words are wanted first, as in any legal database.
_QUOTED = re.compile(r"[\"“”„]([^\"“”„]{2,300})[\"”“]")


def quoted_phrases(text: str) -> list[str]:
    """The phrases of `text` in double quotation marks, folded to their words ("Menguasai
    Dokumen-Perjalanan" -> "menguasai dokumen perjalanan"); [] when there are none."""
    return [f for f in (fold_words(m) for m in _QUOTED.findall(text or "")) if f]


def fold_words(text: str) -> str:
    """`text`'s words, case-folded and joined by single spaces (punctuation dropped), for
    exact-phrase matching."""
    return " ".join(re.findall(r"\w+", text.casefold()))


# Words naming a kind of instrument: asked "UU apa yang menggantikan …?" ("which law
# replaced …?") they say what kind of answer is wanted, not what it is about.
_INSTRUMENT_KIND = re.compile(
    r"uu|undang|undang-undang|peraturan|pp|perpres|law|laws|act|statute|regulation|legislation|provision|pasal|article",
    re.IGNORECASE)


# Words naming an instrument that is not a statute: a "Pasal 30" beside one is that
# instrument's article ("Pasal 30 Konvensi", "article 5 of the Declaration"), whether or
# not kb holds it.
_OTHER_INSTRUMENT = re.compile(
    r"\b(?:konvensi|convention|kovenan|covenant|deklarasi|declaration|konsensus|consensus|persetujuan|agreement"
    r"|mou|memorandum|protokol|protocol|piagam|charter|treaty|perjanjian|guidelines|pedoman|komentar|comment)\b",
    re.IGNORECASE)


def names_other_instrument(text: str) -> bool:
    """Whether a question names an instrument other than a statute (a convention, a
    declaration, an agreement, a general comment), indexed or not."""
    return bool(_OTHER_INSTRUMENT.search(text or ""))


def is_instrument_word(word: str) -> bool:
    """Whether a word only names a kind of instrument ("UU", "undang-undang", "law")."""
    return bool(_INSTRUMENT_KIND.fullmatch(word))


# At most this many translated words are appended (the translation is embedded beside the
# question, and its cost grows with its length): 4 / 6 / 8 / 16 words give nDCG@10 over dev
# + tune 0.682 / 0.683 / 0.684 / 0.684 (min weight 0.2-0.3).
TRANSLATED_WORDS = 8


@dataclass
class Query:
    text: str
    lang: str
    tokens: list[str]
    expansion: Expansion
    citation: Citation | None
    mentioned_docs: tuple[str, ...]
    vector: Future | None = None  # the query's embedding, when computed ahead
    translation_vector: Future | None = None  # the embedding of `translated(…)`, when computed ahead

    @property
    def asks_definition(self) -> bool:
        """"What is meant by…", "definisi…": then definition articles are the answer."""
        return bool(_DEFINITION_Q.search(self.text))

    @property
    def asks_successor(self) -> bool:
        """"Pasal 76 UU 39/2004 dan penggantinya", "What replaced Article 35 of Law
        39/2004?": the provision of the law in force that replaced a cited one is asked for
        (kb.search.successors)."""
        return bool(_ASKS_SUCCESSOR.search(self.text))

    @property
    def asks_signature(self) -> bool:
        """"When was … signed?", "Di mana … diadopsi?", "When was UU 18/2017 enacted?",
        "Kapan UU PPMI disahkan?": then final clauses (a statute's Penutup) are the answer."""
        return asks_signature(self.text)

    @property
    def family_asked(self) -> str | None:
        """The one family of sources the question asks for as the source of its answer
        ("What does the Committee say …", "Menurut hukum Indonesia, …"; kb.search.families
        .family_asked), or None."""
        return family_asked(self.text)

    @property
    def bare_citation(self) -> bool:
        """Only a citation ("UU 18/2017 Pasal 6"): looked up, not matched by meaning, so
        not translated either."""
        return self.citation is not None and self.citation.complete and self.citation.coverage >= 0.99

    @property
    def other_lang(self) -> str:
        return "en" if self.lang == "id" else "id"

    def expansion_tokens(self) -> list[str]:
        return self.expansion.stems["id"] + self.expansion.stems["en"]

    def translated(self, min_weight: float) -> str:
        """The query plus its words translated into the other language by the general
        word lexicon (kb.lang.lexicon, from two public wordnets; translations of weight >=
        `min_weight`): a rough translation that helps the multilingual embedder across
        languages. The query itself when no word translates."""
        extra = default_lexicon().words(self.tokens, self.lang, min_weight, limit=TRANSLATED_WORDS)
        return f"{self.text} ({'; '.join(extra)})" if extra else self.text


def analyse_query(text: str, resolver: CitationResolver) -> Query:
    lang = detect_language(text)
    citation = resolver.parse(text)
    mentioned: tuple[str, ...] = ()
    if citation and citation.doc_id:
        mentioned = citation.docs or (citation.doc_id,)
    if citation is not None:  # a question may name several instruments ("UU PPMI dan Konsensus ASEAN")
        mentioned = tuple(dict.fromkeys([*mentioned, *resolver.documents_named(text)]))
    # kb.limits: at most KB_MAX_QUERY_TERMS words (and as many expansion stems per language)
    # are scored lexically; each costs a pass over the BM25 index.
    max_terms = int(limits.value("max_query_terms"))
    expansion = default_glossary().expand(text, lang)
    expansion.stems = {lg: stems[:max_terms] for lg, stems in expansion.stems.items()}
    return Query(
        text=text,
        lang=lang,
        tokens=analyze(text, lang)[:max_terms],
        expansion=expansion,
        citation=citation,
        mentioned_docs=mentioned,
    )
