"""Questions kb refuses outright, with one line saying why (the CLI exits non-zero):
an empty question, a question in a language kb does not handle, a citation of a unit
that the cited document does not have."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..citations import _kind_and_number, alternate_unit_names, format_citation, summarise_units
from ..errors import CitationError, QuestionError

if TYPE_CHECKING:
    from collections.abc import Callable
    from ..catalog import Catalog
    from ..citations import Citation

# Indonesian and English; Malay is close enough to Indonesian to be read as it.
HANDLED = frozenset({"en", "id", "ms"})


class UnitNotFound(CitationError):
    """The question cites a unit its (indexed) document does not have."""


_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_question(question: object) -> str:
    """The question, stripped; raises QuestionError when it is empty (no word at all) or
    written in a language kb does not handle (reliably detected by CLD2, the compact
    language detector of Chromium: kb answers in Indonesian and English)."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = question.strip()
    # Terminal escape sequences ("\x1b[31m", "\x1b[2J") and other control characters are no
    # words: "\x1b[2J\x1b[H" is empty, not a question about "2J". (The question itself is
    # kept as given: answers echo it, escaped where they are shown.)
    if not re.search(r"\w", _CONTROL.sub(" ", _ESCAPES.sub(" ", text))):
        raise QuestionError('the question is empty: ask something, e.g. kb ask "Apakah majikan boleh menahan paspor PRT migran?"')
    other = unhandled_language(text)
    if other:
        raise QuestionError(f"kb answers questions in Indonesian or English; this one is in {other}: ask it again "
                            "in Indonesian or English")
    return text


def indonesian_or_english_share(text: str) -> float:
    """Share (0-1) of a text's words of two letters or more that are Indonesian or English
    stopwords or citation words (kb.lang): 0.0 for a text without such words."""
    from ..lang import CITATION_WORDS, tokenize
    from ..lang.stopwords import STOPWORDS

    words = [w for w in tokenize(text) if len(w) > 1 and not w.isdigit()]
    if not words:
        return 0.0
    known = sum(1 for w in words if w in STOPWORDS["id"] or w in STOPWORDS["en"] or w in CITATION_WORDS)
    return known / len(words)


def unhandled_language(text: str) -> str | None:
    """The name of the language `text` is written in when CLD2 is sure it is neither
    Indonesian (nor Malay) nor English, else None. Short or mixed inputs (a bare
    citation, an acronym) are never refused: CLD2 does not call them reliable."""
    try:
        import pycld2
    except ImportError:  # pragma: no cover - a dependency of kb
        return None
    try:
        reliable, _n, details = pycld2.detect(text)
    except Exception:  # pycld2.error on text it cannot decode: not kb's call to refuse it
        return None
    if not reliable or not details:
        return None
    name, code, percent, _score = details[0]
    if code in HANDLED or code == "un" or percent < 50:
        return None
    # CLD2 reads short Indonesian citations as a neighbouring language ("Komentar Umum No.
    # 1 paragraf 41": Javanese, 96 %): when most words are Indonesian or English function
    # or citation words, the question is kb's to answer.
    if indonesian_or_english_share(text) >= 0.5:
        return None
    return name.capitalize()


def check_cited_unit(citation: "Citation | None", catalog: "Catalog", units_by_doc: dict[str, list[str]]) -> None:
    """Raise UnitNotFound when `citation` names a unit of an indexed document that has no
    such unit: "UU No. 18 Tahun 2017 has no Pasal 999; it has Pasal 1–91".

    Every unit the citation names is checked (`Citation.targets`: a list "Pasal 5 dan
    999", a range "Pasal 90 sampai 95", several documents); the message names each
    missing unit of the first document that lacks one ("has no Pasal 92, Pasal 93").
    A unit counts as present under its other language's name ("Article 22" for "Pasal
    22", as the search's exact lookup finds it).

    `units_by_doc`: indexed document id -> its unit names. A document that is not indexed
    is not judged here (the answer says it is missing)."""
    if citation is None or not citation.complete:
        return
    missing: dict[str, list[str]] = {}  # document id -> units it does not have, in order named
    names_of: dict[str, list[str]] = {}
    for doc_id, unit, _locator in citation.targets:
        doc = catalog.find(doc_id or "")
        if doc is None:
            continue
        if doc.id not in names_of:
            ids = [doc.id, *[v.id for v in catalog.variants_of(doc.id)]]
            if doc.variant_of:
                ids.append(doc.variant_of)
            names_of[doc.id] = [u for d in ids for u in units_by_doc.get(d, [])]
        names = names_of[doc.id]
        if not names or unit in names or any(alt in names for alt in alternate_unit_names(unit)):
            continue
        if unit not in missing.setdefault(doc.id, []):
            missing[doc.id].append(unit)
    for doc_id, units in missing.items():
        doc = catalog.find(doc_id)
        names = names_of[doc_id]
        gaps = [(u, before) for u in units if (before := _unit_before_gap(u, names))]
        if len(gaps) == len(units):
            # Numbered on both sides (PP 59/2021 has Pasal 39 and 41, not 40): the unit
            # exists; its heading was not recognised in the indexed copy (`kb index` warns),
            # so its text is in the unit before it. Saying "has no Pasal 40" would be false.
            unit, before = gaps[0]
            raise UnitNotFound(f"{format_citation(doc)}: {', '.join(u for u, _ in gaps)} could not be read as a unit "
                               f"of the indexed copy (its heading is unreadable there; see `kb index`'s warnings): its "
                               f"text is in the unit before it, `kb show \"{format_citation(doc, before)}\"`")
        raise UnitNotFound(f"{format_citation(doc)} has no {', '.join(u for u in units if u not in dict(gaps))}; "
                           f"it has {summarise_units(names, units[0])}")


_PART = re.compile(r"\s+(ayat|huruf|angka)\s+(\(?[0-9a-z]{1,4}\)?)")


def check_cited_parts(citation: "Citation | None", catalog: "Catalog",
                      parts_of: "Callable[[str, str], list[str] | None]") -> None:
    """Raise UnitNotFound when `citation` names an ayat, huruf or angka that its unit,
    as indexed, does not have although it has others of that kind: "UU No. 18 Tahun
    2017, Pasal 6 has no ayat (9); it has ayat (1)–(3)". A unit in which kb found no
    part of that kind is not judged (an OCR copy may hide its numbering): the whole unit
    is quoted, as before.

    `parts_of(doc_id, unit)`: the locators of the unit's parts ("Pasal 6 ayat (1) huruf
    j"), or None when the document does not hold the unit."""
    if citation is None or not citation.complete:
        return
    for doc_id, unit, locator in citation.targets:
        if not locator or locator == unit:
            continue
        doc = catalog.find(doc_id or "")
        parts = parts_of(doc_id, unit) if doc is not None else None
        if not parts:
            continue
        have = set(parts)
        parent = unit
        for m in _PART.finditer(locator[len(unit):] if locator.startswith(unit) else ""):
            kind, value = m.group(1), m.group(2)
            wanted = f"{parent} {kind} {value}"
            if wanted in have:
                parent = wanted
                continue
            siblings = [p[len(parent) + 1:] for p in parts
                        if p.startswith(f"{parent} {kind} ") and " " not in p[len(parent) + len(kind) + 2:]]
            if siblings:
                values = [v.split(" ", 1)[1] for v in siblings]
                span = values[0] if len(values) == 1 else f"{values[0]}–{values[-1]}"
                raise UnitNotFound(f"{format_citation(doc, parent)} has no {kind} {value} in the indexed text; "
                                   f"it has {kind} {span}")
            break  # no part of that kind found in the unit: not judged


def _unit_before_gap(unit: str, names: list[str]) -> str | None:
    """The unit numbered just before `unit` when the document numbers that kind of unit
    on both sides of it ("Pasal 40" between "Pasal 39" and "Pasal 41"), else None."""
    kind, n, suffix = _kind_and_number(unit)
    if n is None or suffix:
        return None
    numbers = [m for k, m, x in map(_kind_and_number, names) if k == kind and m is not None and not x]
    below = [m for m in numbers if m < n]
    if not below or not any(m > n for m in numbers):
        return None
    return f"{kind} {max(below)}"


