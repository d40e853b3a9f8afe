"""Deciding that the corpus does not answer a question.

Retrieval always returns something; an answer must not. kb abstains when the evidence is
weak on any of three independent counts:
- the best passage is not close to the question (dense similarity below a floor);
- the question's own rare terms are mostly absent from the best units (weighted coverage);
- the question names something (a country, an agency acronym, a year) that no single one
  of the best units mentions, together with the question's other names (its document's
  title counts) — the usual shape of questions about other jurisdictions or statistics.
Thresholds were calibrated on the development sets' answerable and unanswerable
questions (bench/ prints both rates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang import STOPWORDS, analyze
from ..lang.glossary import default_glossary
from ..search.query import Query
from ..search.results import Hit

# A capitalised word inside the sentence, an acronym, or a year.
_ANCHOR = re.compile(
    r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z]+|(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,}[a-zA-Z0-9]*)\b|\b((?:19|20)\d{2})\b"
)

# Words capitalised for grammar or style that name nothing in particular.
_GENERIC = {
    "committee", "convention", "law", "state", "states", "government", "article", "pasal", "undang", "act",
    "the", "is", "are", "what", "how", "does", "do", "can", "may", "should", "must", "who", "when", "which",
    "apakah", "bagaimana", "berapa", "siapa", "kapan", "mengapa", "bolehkah", "menurut", "in", "under", "for",
    "un", "pbb", "indonesia", "indonesian", "pmi", "tki", "ri", "republik", "i", "if", "a",
}


@dataclass
class Support:
    dense_top: float
    coverage: float
    anchors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"dense_top": round(self.dense_top, 4), "coverage": round(self.coverage, 4),
                "anchors": self.anchors, "missing": self.missing}


@dataclass(frozen=True)
class Thresholds:
    dense_floor: float = 0.78
    coverage_floor: float = 0.10
    allow_missing_anchors: int = 0


DEFAULT_THRESHOLDS = Thresholds()


def anchors(query: Query) -> list[str]:
    """Names in the question that an answer would have to mention."""
    text = query.text
    cited = set()
    if query.citation is not None:
        cited = {w.lower() for w in re.findall(r"\w+", query.citation.raw)} if query.citation.coverage >= 0.99 else set()
    out = []
    for m in _ANCHOR.finditer(text):
        word = m.group(1) or m.group(2)
        low = word.lower()
        if low in _GENERIC or low in STOPWORDS["en"] or low in STOPWORDS["id"] or low in cited:
            continue
        if m.group(2) and re.search(rf"(?:\d\s*/\s*|\d\s+(?:tahun|of)\s+){word}\b", text, re.I):
            continue  # a year inside a law's citation ("UU 18/2017", "Law No. 18 of 2017")
        if word not in out:
            out.append(word)
    return out


def _mentioned(word: str, haystack: str, lang_stems: set[str]) -> bool:
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack, re.I):
        return True
    concept_terms = [t for c in default_glossary().expand(word, "en").concepts for lg in ("id", "en") for t in c.terms[lg]]
    return any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", haystack, re.I) for t in concept_terms if len(t) > 2)


def assess(query: Query, hits: list[Hit], dense_top: float, idf: dict[str, float], top_n: int = 5) -> Support:
    """How well the best units support the question (see the module docstring)."""
    top = hits[:top_n]
    seen: set[str] = set()
    for h in top[:3]:
        seen |= set(analyze(" ".join([*h.unit.heading, h.unit.title or "", h.unit.text]), h.unit.language))
    coverage = term_coverage(query, seen, idf)
    names = anchors(query)
    missing = list(names)
    for h in top:
        # One unit must mention them all (a question about "BP2MI in 2023" is not answered
        # by one unit naming the agency and another a 2023 summit). Names may be found in
        # the unit's document title ("Japan" in the IJEPA's); a year only in the unit's own
        # text, or in the title of a document the question names.
        text = " ".join([h.unit.text, *h.unit.heading])
        meta = " ".join([h.document.title, h.document.citation, *h.document.aliases])
        named = h.document.title if h.document.id in query.mentioned_docs else ""
        lacking = [w for w in names if not _mentioned(w, f"{text} {named}" if w.isdigit() else f"{text} {meta}", seen)]
        if len(lacking) < len(missing):
            missing = lacking
        if not missing:
            break
    return Support(dense_top=dense_top, coverage=coverage, anchors=names, missing=missing)


def term_coverage(query: Query, seen: set[str], idf: dict[str, float]) -> float:
    """Share of the question's terms (weighted by rarity) found in `seen` stems, a term
    counting as found when any name of its glossary concept is there, in either language."""
    total = covered = 0.0
    for tok in dict.fromkeys(query.tokens):
        weight = idf.get(tok, 0.0) or 1.0
        total += weight
        if tok in seen:
            covered += weight
            continue
        for concept in query.expansion.concepts:
            names = [seq for lg in ("id", "en") for seq in concept.stems[lg]]
            if any(tok in seq for seq in concept.stems[query.lang]) and any(all(s in seen for s in seq) for seq in names):
                covered += weight
                break
    return covered / total if total else 0.0


def should_abstain(support: Support, exact: bool, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    if exact:
        return False
    if support.dense_top < thresholds.dense_floor:
        return True
    if support.coverage < thresholds.coverage_floor:
        return True
    return len(support.missing) > thresholds.allow_missing_anchors
