"""The bilingual domain glossary (kb/data/glossary.txt) as query expansion.

A query term that names a concept brings in the concept's other names, in both languages,
so "menahan paspor" also looks for "retention of passports" in English documents and
"housemaid" also finds "domestic worker". Matching is on stems, so inflections match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import STOPWORDS, analyze

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "data" / "glossary.txt"
LANGS = ("id", "en")


@dataclass(frozen=True)
class Concept:
    terms: dict[str, tuple[str, ...]]  # language -> surface terms
    stems: dict[str, tuple[tuple[str, ...], ...]]  # language -> each term's stem sequence


@dataclass
class Expansion:
    """What a query adds: stems per language for the lexical index, and surface terms
    per language for building a translated query."""

    concepts: list[Concept] = field(default_factory=list)
    stems: dict[str, list[str]] = field(default_factory=lambda: {"id": [], "en": []})
    terms: dict[str, list[str]] = field(default_factory=lambda: {"id": [], "en": []})

    def __bool__(self) -> bool:
        return bool(self.concepts)


def _parse_line(line: str) -> Concept | None:
    line = line.split("#", 1)[0].strip()
    if not line or "|" not in line:
        return None
    id_side, en_side = line.split("|", 1)
    terms = {
        "id": tuple(t.strip() for t in id_side.split(";") if t.strip()),
        "en": tuple(t.strip() for t in en_side.split(";") if t.strip()),
    }
    # Stopwords stay inside terms: "waktu kerja" must not shrink to "kerja".
    stems = {lang: tuple(tuple(analyze(t, lang, keep_stopwords=True)) for t in terms[lang]) for lang in LANGS}
    stems = {lang: tuple(s for s in seqs if s) for lang, seqs in stems.items()}
    return Concept(terms=terms, stems=stems)


class Glossary:
    def __init__(self, concepts: list[Concept]):
        self.concepts = concepts
        self.version = str(len(concepts))
        # language -> first stem -> (concept index, stem sequence): a query only looks up
        # the terms that can start at each of its words.
        self._by_first: dict[str, dict[str, list[tuple[int, tuple[str, ...]]]]] = {lg: {} for lg in LANGS}
        for ci, concept in enumerate(concepts):
            for lg in LANGS:
                for seq in concept.stems[lg]:
                    self._by_first[lg].setdefault(seq[0], []).append((ci, seq))

    @classmethod
    def load(cls, path: Path = GLOSSARY_FILE) -> "Glossary":
        lines = path.read_text(encoding="utf-8").splitlines()
        concepts = [c for c in (_parse_line(line) for line in lines) if c is not None]
        return cls(concepts)

    def expand(self, query: str, lang: str) -> Expansion:
        """Concepts the query names (in either language) and their other names.

        Longest match wins: in "menahan paspor" the two-word term claims both words, so
        the one-word term "menahan" (detention, by its stem) does not fire as well.
        """
        seen = {lg: analyze(query, lg, keep_stopwords=True) for lg in LANGS}
        candidates = []  # (length, language, start, concept index, matched stem sequence)
        for lg in LANGS:
            tokens = seen[lg]
            for start, first in enumerate(tokens):
                for ci, seq in self._by_first[lg].get(first, ()):
                    if tuple(tokens[start : start + len(seq)]) == seq:
                        candidates.append((len(seq), lg, start, ci, seq))
        claimed: dict[str, set[int]] = {lg: set() for lg in LANGS}
        matched: dict[int, set[tuple[str, ...]]] = {}
        for length, lg, start, ci, seq in sorted(candidates, key=lambda c: -c[0]):
            span = set(range(start, start + length))
            if span & claimed[lg]:
                continue
            claimed[lg] |= span
            matched.setdefault(ci, set()).add(seq)
        out = Expansion()
        for ci in sorted(matched):
            concept = self.concepts[ci]
            out.concepts.append(concept)
            for lg in LANGS:
                for term, seq in zip(concept.terms[lg], concept.stems[lg]):
                    if seq in matched[ci]:
                        continue
                    stops = STOPWORDS[lg]
                    out.stems[lg].extend(s for s in seq if s not in out.stems[lg] and s not in stops)
                    if term not in out.terms[lg]:
                        out.terms[lg].append(term)
        return out


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return Glossary.load()


def phrase_bound(query: str, expansion: Expansion) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The stems a query's glossary concepts bring in only as words of a multi-word term,
    each with those terms (stem sequences, stopwords kept, as `analyze(...,
    keep_stopwords=True)` gives them): stem -> ((stem, ...), ...). Such a stem says the
    concept only inside its phrase: for "menahan paspor" (the concept "penyitaan dokumen;
    menahan dokumen; menahan paspor"), "tahan" and "dokumen" say it in "menahan dokumen",
    not in "menahan pemberangkatan … dokumen". A stem the query also has outside every
    concept's term, or that is a one-word term of its concept, is not bound. A text holds
    the concept's sense of a bound stem when it holds one of its terms as a phrase
    (`holds_phrase`)."""
    free: set[str] = set()
    for lg in LANGS:
        tokens = analyze(query, lg, keep_stopwords=True)
        covered: set[int] = set()
        for concept in expansion.concepts:
            for seq in concept.stems[lg]:
                for i in range(len(tokens) - len(seq) + 1):
                    if tuple(tokens[i:i + len(seq)]) == seq:
                        covered.update(range(i, i + len(seq)))
        free.update(t for i, t in enumerate(tokens) if i not in covered)
    out: dict[str, list[tuple[str, ...]]] = {}
    for concept in expansion.concepts:
        singles = {seq[0] for lg in LANGS for seq in concept.stems[lg] if len(seq) == 1}
        for lg in LANGS:
            for seq in concept.stems[lg]:
                if len(seq) < 2:
                    continue
                for stem in seq:
                    if stem in free or stem in singles or stem in STOPWORDS[lg]:
                        continue
                    if seq not in out.setdefault(stem, []):
                        out[stem].append(seq)
    return {stem: tuple(seqs) for stem, seqs in out.items()}


def holds_phrase(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a text's stems (in order, stopwords kept) hold one of `phrases` as a run of
    consecutive stems."""
    for seq in phrases:
        n = len(seq)
        for i in range(len(tokens) - n + 1):
            if tokens[i] == seq[0] and tuple(tokens[i:i + n]) == seq:
                return True
    return False
