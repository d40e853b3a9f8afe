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


# Words that make a family named in a question the source asked about ("What does the
# Committee say …", "Apa kata Komite …", "menurut hukum Indonesia", "under Indonesian
# law", "the Committee's view"), not an addressee or a place ("report to the Committee",
# "workers moving within ASEAN").
_SOURCE_BEFORE = re.compile(
    r"(?<!\w)(?:according\s+to|under|in|by|from|what\s+(?:does|do|did)|how\s+(?:does|do)|does|do|did|menurut|berdasarkan|"
    r"dalam|oleh|apa\s+kata|apa\s+pandangan|bagaimana\s+pandangan|apa\s+rekomendasi|bagaimana)"
    r"(?:\s+(?:the|its|their))?\s*$", re.IGNORECASE)
_SOURCE_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:\w+\s+){0,2}?(?:says?|said|states?|stated|recommends?|recommended|urges?|urged|requires?|"
    r"considers?|views?|position|think|hold|mengatakan|menyatakan|katakan|merekomendasikan|rekomendasikan|"
    r"mendesak|mewajibkan|menganggap|memandang|mengatur|atur)\b", re.IGNORECASE)


# A family whose generic name is also a place: "workers in ASEAN countries", "within
# ASEAN", "di negara ASEAN" say where workers are, not whose words answer. Read as a
# source, "Who pays the placement costs of workers in ASEAN countries?" lost UU 18/2017
# Pasal 30 from its top ten to the ASEAN texts. ("What have ASEAN states committed to …?"
# still asks ASEAN.)
_PLACE_FAMILIES = frozenset({"regional"})
_PLACE_BEFORE = re.compile(r"(?<!\w)(?:in|within|across|throughout|around|di|negara(?:-negara)?|kawasan)\s*$",
                           re.IGNORECASE)


def family_asked(text: object) -> str | None:
    """The one family of sources a question asks for by its generic name, as the source
    of the answer ("What does the Committee say about …?", "Apa kata Komite tentang …?",
    "Menurut hukum Indonesia, …"); None when it names no family that way, or several (a
    comparison: `families_named`), or a non-string."""
    if not isinstance(text, str):
        return None
    sample = text[:_MAX_TEXT]
    asked: set[str] = set()
    for family, pattern in _PATTERNS.items():
        for m in pattern.finditer(sample):
            before = sample[max(0, m.start() - 40):m.start()]
            if family in _PLACE_FAMILIES and _PLACE_BEFORE.search(before):
                continue  # a place ("in ASEAN countries"), not a source
            if _SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(sample[m.end():m.end() + 60]):
                asked.add(family)
    named = set(families_named(sample))
    return asked.pop() if len(asked) == 1 and named == asked else None


def family_words(text: object, family: str) -> list[str]:
    """The phrases of `text` naming `family` by its generic name ("Komite", "the
    Committee", "hukum Indonesia"), in order; [] for a non-string or an unknown family."""
    pattern = _PATTERNS.get(family)
    if not isinstance(text, str) or pattern is None:
        return []
    return [m.group(0) for m in pattern.finditer(text[:_MAX_TEXT])]
