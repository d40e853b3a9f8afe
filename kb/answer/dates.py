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
# Another instrument's reference with its year ("general comment No. 7 (2025)", "joint
# general recommendation No. 38 (2025)", "Nomor 6 (2012)"): the year is that instrument's,
# and "adopted together with general comment No. 7 (2025)" states no date of this one.
_REFERENCE_YEAR = re.compile(r"\b(?:No|Nos|Nomor|Number)\.?\s*\d+[A-Za-z]?\s*\(\s*[12][0-9OIl]{3}\s*\)", re.IGNORECASE)
# The in-force rule of a statute pointing at its promulgation ("… mulai berlaku pada
# tanggal diundangkan"), and the Penutup that states that date ("Diundangkan di … pada
# tanggal …"): quoted together, the rule gives a date.
_ON_PROMULGATION = re.compile(
    r"\bberlaku\s+(?:pada\s+tanggal|sejak\s+tanggal|sejak)\s+diundangkan\b|"
    r"\b(?:enters?|come|comes)\s+into\s+force\s+on\s+the\s+(?:date|day)\s+of\s+(?:its\s+)?promulgation\b",
    re.IGNORECASE)
_PROMULGATED = re.compile(
    r"\b(?:Diundangkan|Promulgated)\s+(?:di|at|in)\s+[^.;:]{1,40}?\s+(?:pada\s+tanggal|on)\s+\S+\s+\S+\s+[^\s,;]+",
    re.IGNORECASE)
_WHEN_WORDS = re.compile(r"\b(?:when|date|since|kapan|tanggal|sejak|tahun\s+berapa|in\s+what\s+year)\b", re.IGNORECASE)


def asks_adoption(question: str) -> bool:
    """Whether a question asks when or where an instrument was adopted, signed, enacted or
    promulgated (kb.search.query.asks_signature), not when it entered into force."""
    return asks_signature(question) and not _FORCE.search(question)


def dating_sentence(sentence: str) -> bool:
    """Whether a sentence is a document's own statement of when or where it was adopted,
    signed or enacted (see the module's docstring)."""
    if formal_clause(sentence) == "signature":
        return states_when_or_where(sentence)
    if not _SELF_ADOPTED.search(sentence):
        return False
    own = _REFERENCE_YEAR.sub(" ", sentence)  # another instrument's year dates nothing here
    return states_when_or_where(own) or bool(_WHEN.search(own))


def asks_entry_into_force(question: str) -> bool:
    """Whether a question asks when an instrument entered into force ("When did UU
    18/2017 enter into force?", "Kapan UU 18/2017 mulai berlaku?")."""
    return bool(_FORCE.search(question)) and bool(_WHEN_WORDS.search(question))


def on_promulgation(text: str) -> bool:
    """Whether a rule makes an instrument enter into force on the date of its promulgation
    ("… mulai berlaku pada tanggal diundangkan"), a date it does not state."""
    return bool(_ON_PROMULGATION.search(text))


def promulgation_dates(units: Iterable["Unit"]) -> list[Dating]:
    """Where `units` state the date of promulgation ("Diundangkan di <place> pada tanggal
    <day> <month> <year>", a statute's Penutup), in their order: the span from "Diundangkan"
    through the date's three words."""
    out: list[Dating] = []
    for unit in units:
        for m in _PROMULGATED.finditer(unit.text):
            out.append(Dating(unit, m.start(), m.end()))
    return out


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
