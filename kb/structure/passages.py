"""Passages: what gets embedded. A short unit is one passage; a long one is split into
windows of whole sentences, each keeping the unit's citation. Scoring a unit by its best
passage ranks long provisions by their most relevant part, not by their average."""

from __future__ import annotations

from ..lang.sentences import sentence_spans
from ..models import Document, Passage, Unit

# Bump when passages or their embedded text change: the index notices and re-embeds.
CHUNKER_VERSION = "p5-120w"  # p5: "Families/No. 22" (an abbreviation after a slash) ends no sentence; p4: a bracketed marker glued to its item starts a clause
MAX_WORDS = 120


# Units with fewer words say nothing searchable ("Cukup jelas." - "sufficiently clear"):
# they stay citable (kb show) but get no passage.
MIN_WORDS = 4


def split_unit(unit: Unit, max_words: int = MAX_WORDS) -> list[Passage]:
    text = unit.text
    if len(text.split()) < MIN_WORDS:
        return []
    spans = sentence_spans(text)
    if not spans:
        return []
    windows: list[tuple[int, int]] = []
    start, end, words = spans[0][0], spans[0][1], 0
    for a, b in spans:
        n = len(text[a:b].split())
        if words and words + n > max_words:
            windows.append((start, end))
            start, words = a, 0
        end = b
        words += n
    windows.append((start, end))
    return [
        Passage(doc_id=unit.doc_id, unit=unit.unit, seq=i, start=a, end=b, text=text[a:b])
        for i, (a, b) in enumerate(windows)
    ]


def unit_label(unit: Unit) -> str:
    return f"{unit.unit} {unit.title}".strip() if unit.title else unit.unit


def context_line(doc: Document, unit: Unit) -> str:
    """Where a passage sits: document, heading path, unit. Embedded with the passage so a
    paragraph that never names its subject ("States parties should…") still carries it."""
    parts = [doc.title, *unit.heading, unit_label(unit)]
    return " › ".join(p for p in parts if p)


def embed_text(doc: Document, unit: Unit, passage: Passage) -> str:
    return f"{context_line(doc, unit)}: {passage.text}"
