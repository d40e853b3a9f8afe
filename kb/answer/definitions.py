"""Questions that ask what a term means, and the definition that answers them.

An Indonesian statute defines its terms in a numbered list of its Ketentuan Umum (Pasal
1: "Dalam Undang-Undang ini yang dimaksud dengan: … 2. Pekerja Migran Indonesia adalah
setiap warga negara Indonesia …"). A question asking what a term means ("Apa yang
dimaksud dengan Pekerja Migran Indonesia menurut UU 18/2017?", "Apa itu LTSA?",
"Pengertian Perjanjian Kerja") is answered by the item defining that very term, not by a
neighbouring item that holds its words ("1. Calon Pekerja Migran Indonesia adalah …",
which scored higher: every item of the list is about migrant workers).
"""

from __future__ import annotations

import re

# "Apa yang dimaksud dengan X (menurut …)?", "Apa pengertian X", "definisi X", "Apa itu X?",
# "Apakah X itu?", "arti X"
_ASKED_ID = re.compile(
    r"(?:yang\s+dimaksud\s+dengan|(?:apa(?:kah)?\s+)?pengertian(?:\s+dari)?|(?:apa(?:kah)?\s+)?definisi(?:\s+dari)?|"
    r"(?:apa(?:kah)?\s+)?arti(?:\s+dari)?|apa(?:kah)?\s+itu)\s+(?P<term>.+)",
    re.IGNORECASE)
# "… X menurut UU 18/2017", "… X dalam PP 59/2021": what follows names where, not the term
_WHERE_ID = re.compile(r"\s+(?:menurut|dalam|di\s+dalam|berdasarkan|sesuai|pada|di)\s.*$", re.IGNORECASE)
# "2. Pekerja Migran Indonesia adalah …", "18. Layanan Terpadu Satu Atap … yang selanjutnya disebut LTSA adalah …"
_DEFINING_ITEM = re.compile(
    r"^\s*(?:\d{1,3}\.|[a-z]\.)\s*(?P<head>[^.;:]{2,300}?)"
    r"(?:,?\s+yang\s+selanjutnya\s+(?:disebut|disingkat)\s+(?P<short>[^.;:]{1,80}?))?\s+(?:adalah|ialah)\s",
    re.IGNORECASE)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def asked_term(question: str) -> str | None:
    """The term an Indonesian question asks the meaning of ("Pekerja Migran Indonesia" of
    "Apa yang dimaksud dengan Pekerja Migran Indonesia menurut UU 18/2017?"), folded
    (lower case, words only); None when the question asks no such thing."""
    m = _ASKED_ID.search(question.strip())
    if not m:
        return None
    term = _WHERE_ID.sub("", m.group("term")).strip(" ?!.\"'“”")
    term = re.sub(r"\s+itu$", "", term, flags=re.IGNORECASE)
    folded = _folded(term)
    return folded if 0 < len(folded.split()) <= 12 else None


def defines(sentence: str, term: str) -> bool:
    """Whether `sentence` is a definition item of exactly `term` (folded, `asked_term`):
    its defined head, or the short name it gives ("… yang selanjutnya disebut LTSA adalah
    …"), is that term."""
    m = _DEFINING_ITEM.match(sentence)
    if not m:
        return False
    names = [m.group("head"), m.group("short") or ""]
    return any(_folded(n) == term for n in names if n)


def put_definition_first(cands: list, question: str) -> bool:
    """For a question asking what a term means, give the candidate sentences that define
    that very term (`defines`) a score above every other (kb.answer.quotes.Candidate:
    `.text`, `.score`); True when one was found. Only Indonesian definition items are
    read (the statutes' Ketentuan Umum)."""
    term = asked_term(question)
    if term is None or not cands:
        return False
    defining = [c for c in cands if defines(c.text, term)]
    if not defining:
        return False
    top = max(c.score for c in cands)
    for c in defining:
        c.score = top + 0.01
    return True
