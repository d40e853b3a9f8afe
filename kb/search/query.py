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


# Where and when an instrument was signed or adopted (its final clause answers).
_SIGNATURE_Q = re.compile(r"\b(?:sign(?:ed|ing|ature)?|adopt(?:ed|ion)?|done at|concluded|ditandatangani|"
                          r"penandatanganan|diadopsi|disepakati)\b", re.IGNORECASE)
_DEFINITION_Q = re.compile(
    r"\b(?:defin\w*|meaning of|what is meant|who (?:is|qualifies|counts)|pengertian|yang dimaksud|definisi|arti(?:nya)? (?:dari|istilah))\b",
    re.IGNORECASE,
)


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
    def asks_signature(self) -> bool:
        """"When was … signed?", "Di mana … diadopsi?": then final clauses are the answer."""
        return bool(_SIGNATURE_Q.search(self.text))

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
        extra = default_lexicon().words(self.tokens, self.lang, min_weight)
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
