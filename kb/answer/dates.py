"""When and where a named document was adopted, signed or enacted, as its own text says.

A question asking when a document was adopted ("When was General Comment No. 5
adopted?", "Kapan Deklarasi Cebu ditandatangani?", "Kapan UU 18/2017 disahkan?") is
answered by that document's own dating sentence, and by no other's: every general comment
opens with "The present general comment was adopted at …", every ASEAN instrument ends
with "DONE at …", and quoting another instrument's sentence gives the reader a wrong date.

A document's own dating sentence is either a formal signature clause stating a date or a
place (a final clause "DONE at Cebu, … this Thirteenth Day of January …", a statute's
Penutup "Disahkan di Jakarta pada tanggal …": kb.answer.clauses), or a sentence saying
that the present text was adopted or signed and stating a date, a year or a session
("The present general comment was adopted at the Committee's Nth session, held in
Geneva from … to … <month> <year>"). A sentence reporting another instrument's
adoption ("the Global Compact, adopted in December 2018") is neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lang.sentences import sentence_spans
from ..search.query import asks_signature
from .clauses import formal_clause, states_when_or_where

if TYPE_CHECKING:
    from ..models import Unit

# Entry into force asks for a rule ("shall enter into force on the thirtieth day after …"),
# which may state no date: those questions are not asked of a dating sentence.
_FORCE = re.compile(r"\b(?:into\s+(?:force|effect)|in\s+force|berlaku(?:nya)?|effective|expir\w*|berakhir\w*)\b",
                    re.IGNORECASE)
# "The present (joint) general comment was adopted …", "This Declaration was signed …"
_SELF_ADOPTED = re.compile(
    r"\b(?:the\s+present|this)\s+[^.;:]{0,80}?\b(?:was|were|has\s+been|is\s+hereby)\s+(?:adopted|signed|concluded|done)\b|"
    r"\b(?:[A-Za-z]+\s+)?ini\s+[^.;:]{0,60}?\b(?:diadopsi|ditandatangani|disahkan|ditetapkan)\s+(?:pada|di|dalam)\b",
    re.IGNORECASE)
_WHEN = re.compile(r"\b(?:session|sesi|sidang)\b|\(\d{4}\)|(?<![\w/])[12][0-9OIl]{3}(?![\w/])", re.IGNORECASE)


def asks_adoption(question: str) -> bool:
    """Whether a question asks when or where an instrument was adopted, signed, enacted or
    promulgated (kb.search.query.asks_signature), not when it entered into force."""
    return asks_signature(question) and not _FORCE.search(question)


def dating_sentence(sentence: str) -> bool:
    """Whether a sentence is a document's own statement of when or where it was adopted,
    signed or enacted (see the module's docstring)."""
    if formal_clause(sentence) == "signature":
        return states_when_or_where(sentence)
    return bool(_SELF_ADOPTED.search(sentence)) and (states_when_or_where(sentence) or bool(_WHEN.search(sentence)))


@dataclass(frozen=True)
class Dating:
    """A dating sentence: the unit holding it and its [start, end) offsets in the unit's text."""

    unit: "Unit"
    start: int
    end: int


def dating_sentences(units: Iterable["Unit"]) -> list[Dating]:
    """Every dating sentence of `units`, in their order."""
    out: list[Dating] = []
    for unit in units:
        for a, b in sentence_spans(unit.text):
            if dating_sentence(unit.text[a:b]):
                out.append(Dating(unit, a, b))
    return out
