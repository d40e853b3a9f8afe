"""The list a question about someone's rights or duties asks for.

"Apa hak keluarga pekerja migran?" asks for the list a law introduces with "Setiap
Keluarga … memiliki hak:"; "Apa kewajiban P3MI?" for the one introduced with "…, P3MI
wajib:". Such an introduction names the holder and the relation the question names,
while other sentences of the same articles only mention both words (a purpose clause
mentioning the family and human rights, a licence P3MI "wajib" hold): the search ranks
them alike, and the introduction that answers should open the answer.
"""

from __future__ import annotations

import re

from ..lang import analyze

# relation asked (a word of the question) -> how an introduction ends when it states it
_RELATIONS: dict[str, re.Pattern[str]] = {
    "hak": re.compile(r"\b(?:hak(?:-hak)?|berhak(?:\s+atas)?)\s*$", re.IGNORECASE),
    "kewajiban": re.compile(r"\b(?:wajib|berkewajiban|kewajiban)(?:\s+untuk)?\s*$", re.IGNORECASE),
    "tugas": re.compile(r"\b(?:tugas|bertugas)(?:\s+dan\s+(?:wewenang|tanggung\s+jawab|fungsi))?(?:\s+untuk)?\s*$",
                        re.IGNORECASE),
    "wewenang": re.compile(r"\b(?:wewenang|berwenang|kewenangan)(?:\s+untuk)?\s*$", re.IGNORECASE),
    "larangan": re.compile(r"\bdilarang(?:\s+untuk)?\s*$", re.IGNORECASE),
    "rights": re.compile(r"\b(?:rights?|entitled\s+to)\s*$", re.IGNORECASE),
    "obligations": re.compile(r"\b(?:shall|obligations?|duties)\s*$", re.IGNORECASE),
}
_SYNONYMS = {"kewenangan": "wewenang", "duties": "obligations", "right": "rights", "obligation": "obligations"}
# "Apa (saja) hak X?", "Apa kewajiban dan hak X?" (the first relation counts), "What are the rights of X?"
_ASKS = [
    re.compile(r"^\s*apa(?:\s+saja)?\s+(?P<rel>hak|kewajiban|tugas|wewenang|kewenangan|larangan)"
               r"(?:\s+dan\s+\w+)?\s+(?:bagi\s+|dari\s+)?(?P<holder>[^?]+?)\s*\??\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?P<rel>hak|kewajiban|tugas|wewenang|kewenangan)\s+apa(?:\s+saja)?\s+yang\s+"
               r"(?:dimiliki|dipunyai|diemban)(?:\s+oleh)?\s+(?P<holder>[^?]+?)\s*\??\s*$", re.IGNORECASE),
    re.compile(r"^\s*what\s+are\s+the\s+(?P<rel>rights|obligations|duties)\s+of\s+(?P<holder>[^?]+?)\s*\??\s*$",
               re.IGNORECASE),
]
# where the holder named in a question ends
_CIRCUMSTANCE = re.compile(r"\s+(?:selama|ketika|saat|sewaktu|sebelum|sesudah|setelah|di|ke|dalam|pada|menurut|"
                           r"during|while|before|after|in|under|according)\s+", re.IGNORECASE)
# holders an introduction names one or the other of
_EITHER = re.compile(r"\s+(?:dan/atau|atau|or|and/or)\s+", re.IGNORECASE)
# words before the holder in an introduction ("(3) Setiap …", "Each …")
_BEFORE_HOLDER = re.compile(r"^\s*(?:\(\d{1,3}\)\s*)?(?:setiap|each|every|all)?\s*", re.IGNORECASE)
# verbs between the holder and the relation ("… memiliki hak:", "… shall have the right to:")
_VERB = re.compile(r"\s+(?:memiliki|mempunyai|memperoleh|mendapat(?:kan)?|shall\s+have(?:\s+the)?|have(?:\s+the)?|has(?:\s+the)?)"
                   r"\s*$", re.IGNORECASE)


def asked_relation(question: str) -> tuple[str, frozenset[str]] | None:
    """The relation a question asks for and the stems of its holder ("Apa hak keluarga
    pekerja migran?" -> ("hak", {keluarga, pekerja, migran})), or None for any other question."""
    for pattern in _ASKS:
        m = pattern.match(question or "")
        if m:
            rel = m.group("rel").lower()
            rel = _SYNONYMS.get(rel, rel)
            lang = "en" if rel in ("rights", "obligations") else "id"
            # "hak pekerja migran selama bekerja di luar negeri": the holder is who comes
            # before when, where or how long
            who = _CIRCUMSTANCE.split(m.group("holder"), 1)[0]
            holder = frozenset(analyze(who, lang))
            return (rel, holder) if holder else None
    return None


def states_relation(introduction: str, relation: str, holder: frozenset[str], lang: str) -> int | None:
    """Whether a list introduction (a sentence ending with ":") gives `relation` to a holder
    whose words include every stem of `holder` ("Setiap Keluarga … memiliki hak:" for
    ("hak", {keluarga, pekerja, migran})): None if not, else how many words more its
    holder has (of holders joined by "atau", the nearest: "Setiap Calon Pekerja Migran
    Indonesia atau Pekerja Migran Indonesia memiliki hak:" is one word from "pekerja
    migran", where "Setiap Keluarga Pekerja Migran Indonesia …" is two)."""
    text = introduction.rstrip()
    if not text.endswith(":"):
        return None
    text = text[:-1]
    pattern = _RELATIONS.get(relation)
    m = pattern.search(text) if pattern else None
    if m is None:
        return None
    before = _VERB.sub("", text[: m.start()].rstrip())
    before = before.rsplit(",", 1)[-1]  # "Dalam … ayat (1), P3MI wajib:": the holder follows the comma
    extra = [len(words - holder) for part in _EITHER.split(_BEFORE_HOLDER.sub("", before))
             if (words := frozenset(analyze(part, lang))) and holder <= words]
    return min(extra) if extra else None
