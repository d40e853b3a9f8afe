"""Instruments that documents cite by name, and how kb names them.

A reference names its target either by a catalogue document (the Convention is `icrmw`
even while its text is absent, so its articles stay linkable) or, for instruments outside
the catalogue (the ICCPR, an ILO convention, another committee's general comment), by a
short name kb gives them here. The list holds the instruments the Committee's documents
and Indonesian statutes actually cite; an instrument not listed is still found when it is
cited by a number or symbol (ILO "No. 189", "Undang-Undang Nomor 13 Tahun 2003",
"CCPR/C/GC/35").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    """An instrument cited by name: kb's short name and the patterns of its names."""

    name: str  # "ICCPR"
    pattern: re.Pattern[str]
    doc_id: str | None = None  # catalogue id when the catalogue knows it ("icrmw")

    @property
    def hints(self) -> tuple[str, ...]:
        """Lower-case first words of its names: a text without any cannot name it (a
        cheap test before the regular expression)."""
        return _hints(self.pattern.pattern)

    def named_in(self, folded: str) -> bool:
        return any(h in folded for h in self.hints)


_HINTS: dict[str, tuple[str, ...]] = {}


def _hints(pattern: str) -> tuple[str, ...]:
    if pattern not in _HINTS:
        words = re.findall(r"(?:^\(\?:|\|)([A-Za-z0-9]+)", pattern)
        _HINTS[pattern] = tuple(sorted({w.lower() for w in words}))
    return _HINTS[pattern]


def _names(*alternatives: str) -> re.Pattern[str]:
    body = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(rf"(?:{body})", re.IGNORECASE)


# Longest names first within each pattern; the order of the list breaks ties (the
# Convention's full title before "Convention on the Rights of ..." cannot collide).
NAMED: tuple[Instrument, ...] = (
    Instrument("ICRMW", _names(
        r"International\s+Convention\s+on\s+the\s+Protection\s+of\s+the\s+Rights\s+of\s+All\s+Migrant\s+Workers"
        r"(?:\s+and\s+Members\s+of\s+Their\s+Families)?",
        r"Migrant\s+Workers\s+Convention", r"ICRMW",
        r"Konvensi\s+Internasional\s+(?:mengenai|tentang)\s+Perlindungan\s+Hak[- ]Hak\s+Seluruh\s+Pekerja\s+Migran"
        r"(?:\s+dan\s+Anggota\s+Keluarganya)?",
    ), "icrmw"),
    Instrument("ICCPR", _names(r"International\s+Covenant\s+on\s+Civil\s+and\s+Political\s+Rights", r"ICCPR",
                               r"Kovenan\s+Internasional\s+tentang\s+Hak[- ]Hak\s+Sipil\s+dan\s+Politik")),
    Instrument("ICESCR", _names(r"International\s+Covenant\s+on\s+Economic,\s+Social\s+and\s+Cultural\s+Rights", r"ICESCR",
                                r"Kovenan\s+Internasional\s+tentang\s+Hak[- ]Hak\s+Ekonomi,\s+Sosial,?\s+dan\s+Budaya")),
    Instrument("CRC", _names(r"Convention\s+on\s+the\s+Rights\s+of\s+the\s+Child", r"Konvensi\s+Hak[- ]Hak\s+Anak")),
    Instrument("CEDAW", _names(r"Convention\s+on\s+the\s+Elimination\s+of\s+All\s+Forms\s+of\s+Discrimination\s+against\s+Women",
                               r"CEDAW")),
    Instrument("ICERD", _names(r"International\s+Convention\s+on\s+the\s+Elimination\s+of\s+All\s+Forms\s+of\s+Racial\s+Discrimination",
                               r"ICERD")),
    Instrument("CAT", _names(r"Convention\s+against\s+Torture(?:\s+and\s+Other\s+Cruel,\s+Inhuman\s+or\s+Degrading\s+Treatment\s+or\s+Punishment)?")),
    Instrument("CRPD", _names(r"Convention\s+on\s+the\s+Rights\s+of\s+Persons\s+with\s+Disabilities", r"CRPD")),
    Instrument("CPED", _names(r"International\s+Convention\s+for\s+the\s+Protection\s+of\s+All\s+Persons\s+from\s+Enforced\s+Disappearance")),
    Instrument("UDHR", _names(r"Universal\s+Declaration\s+of\s+Human\s+Rights", r"Deklarasi\s+Universal\s+Hak\s+Asasi\s+Manusia")),
    Instrument("VCCR", _names(r"Vienna\s+Convention\s+on\s+Consular\s+Relations")),
    Instrument("Refugee Convention", _names(r"Convention\s+relating\s+to\s+the\s+Status\s+of\s+Refugees")),
    Instrument("Trafficking Protocol", _names(
        r"Protocol\s+to\s+Prevent,\s+Suppress\s+and\s+Punish\s+Trafficking\s+in\s+Persons(?:,\s+Especially\s+Women\s+and\s+Children)?")),
    Instrument("Smuggling Protocol", _names(r"Protocol\s+against\s+the\s+Smuggling\s+of\s+Migrants\s+by\s+Land,\s+Sea\s+and\s+Air")),
    Instrument("Global Compact", _names(r"Global\s+Compact\s+for\s+Safe,\s+Orderly\s+and\s+Regular\s+Migration", r"Global\s+Compact")),
    Instrument("UUD 1945", _names(r"Undang[- ]Undang\s+Dasar\s+(?:Negara\s+)?(?:Republik\s+Indonesia\s+)?(?:Tahun\s+)?1945",
                                  r"UUD\s+(?:NRI\s+)?(?:Tahun\s+)?1945", r"1945\s+Constitution", r"Constitution\s+of\s+Indonesia")),
)

# Short names that mean the host instrument of a committee text ("the Convention") or the
# Convention in an Indonesian text ("Konvensi"): only right after a provision ("article 7
# of the Convention", "Pasal 22 Konvensi") or before it in a footnote ("Convention, art. 7").
CONVENTION_SHORT = re.compile(r"(?:the\s+)?Convention(?![\w\s]{0,4}\bon\b)|Konvensi(?!\s+(?:ILO|Hak|tentang|mengenai))",
                              re.IGNORECASE)
COVENANT_SHORT = re.compile(r"(?:the\s+)?Covenant\b", re.IGNORECASE)


def find_named(text: str, pos: int) -> tuple[Instrument, int] | None:
    """The listed instrument whose name starts exactly at `pos`, longest first: (it, end)."""
    best: tuple[Instrument, int] | None = None
    for inst in NAMED:
        m = inst.pattern.match(text, pos)
        if m and (best is None or m.end() > best[1]):
            best = (inst, m.end())
    return best
