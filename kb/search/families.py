"""Which families of sources a question asks about ("What do Indonesian law and the
Committee say about …?"), so that an answer to a comparison quotes each of them.

A family (kb.models.FAMILIES) is named either by a document of it (kb.citations'
document names: "UU PPMI dan Konsensus ASEAN") or by the words people use for the whole
kind of source, in English and Indonesian. The words are the field's generic names for
sources of law (national law, the Committee, ASEAN, bilateral agreements, the
Convention), not phrases of particular questions.
"""

from __future__ import annotations

import re

from ..models import FAMILIES

# Generic names of each family of sources, case-folded, whole words.
_FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "national-law": (
        r"indonesian law", r"indonesia's law", r"national law", r"domestic law", r"national legislation",
        r"laws? of indonesia", r"indonesian (?:legislation|regulations?|statutes?)",
        r"hukum (?:indonesia|nasional)", r"peraturan (?:perundang-undangan )?(?:indonesia|nasional)",
        r"undang-undang (?:indonesia|nasional)",
    ),
    "committee": (
        r"the committee", r"committee on migrant workers", r"general comments?", r"komite(?: pbb| cmw)?",
        r"komentar umum", r"treaty bod(?:y|ies)",
    ),
    "regional": (r"asean",),
    "bilateral": (r"bilateral (?:agreements?|mous?|treat(?:y|ies))", r"perjanjian bilateral", r"mou bilateral"),
    "convention": (r"the convention", r"konvensi(?: pekerja migran| pbb)?", r"icrmw"),
}
_PATTERNS = {family: re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
             for family, words in _FAMILY_WORDS.items()}
_MAX_TEXT = 2000  # a longer text is not a question naming sources (kb.limits bounds queries anyway)


def families_named(text: object, document_families: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The families of sources a question names, in kb.models.FAMILIES order, without
    repeats: from generic words ("Indonesian law", "Komite", "ASEAN") and from the
    families of the documents it names (`document_families`). () for a non-string."""
    if not isinstance(text, str):
        return ()
    found = set(document_families)
    sample = text[:_MAX_TEXT]
    found.update(family for family, pattern in _PATTERNS.items() if pattern.search(sample))
    return tuple(f for f in FAMILIES if f in found)
