"""Sentences an answer should not quote unless the question asks about them, and the
text quality of a sentence.

Formal clauses — signature and attestation blocks, where and when a body meets, the
definition of a party's territory, promulgation formulas — share the vocabulary of
every question about an instrument ("Indonesia", "Japan", "Agreement") and so match
many questions a little; they answer none of them unless asked ("where was the IJEPA
signed?"). OCR debris ("Sl( No 102120 A", "R E P u JLTI t,',3ot]") makes a quote
unreadable; a sentence is trimmed of it at either end, and a sentence with much of it
is quoted only when no clean copy of the same words is at hand.
"""

from __future__ import annotations

import re

from ..search.query import asks_signature

# kind -> (pattern on the sentence, words in a question that ask about that kind)
FORMAL_CLAUSES: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "signature": (
        re.compile(
            r"\bIN\s+WITNESS\s+WHEREOF\b|\b(?:DONE|Done|ADOPTED|Adopted)\s+(?:at|in)\b|\bdone\s+in\s+(?:duplicate|triplicate)\b|"
            r"\bhave\s+signed\s+(?:this|the\s+present)\b|\bFor\s+(?:the\s+Government\s+of\s+)?(?:Japan|the\s+Republic\s+of\s+\w+)\s*:|"
            r"\b(?:Disahkan|Diundangkan|Ditetapkan)\s+di\s+[A-Z]\w+|\bpada\s+tanggal\s+\d{1,2}\s+\w+\s+\d{4}\b.*\b(?:PRESIDEN|MENTERI)\b|"
            r"\bttd\b|\bSalinan\s+sesuai\s+dengan\s+aslinya\b|\bAgar\s+setiap\s+orang\s+mengetahuinya\b|"
            r"\b(?:TAMBAHAN\s+)?LEMBARAN\s+NEGARA\s+REPUBLIK\s+INDONESIA\s+(?:TAHUN|NOMOR)\b|"
            r"\bauthentic\s+(?:text|in\s+the)\b|\bequally\s+authentic\b",
        ),
        ("sign", "signed", "signature", "witness", "ditandatangani", "tanda tangan", "disahkan", "diundangkan",
         "promulgat", "authentic", "otentik", "lembaran negara", "adopt", "diadopsi", "disepakati", "concluded"),
    ),
    # A text's statement of its own adoption ("The present general comment was adopted at
    # the Committee's thirty-eighth session …", "… was adopted at the same time as joint
    # general recommendation No. 39"): it answers when or with what a text was adopted,
    # and otherwise shares only the text's name words with a question ("rekomendasi").
    "adoption": (
        re.compile(r"\b(?:the\s+present|this)\s+(?:[\w/-]+\s+){1,5}?was\s+adopted\s+(?:at|on|during|in|by)\b",
                   re.IGNORECASE),
        ("adopt", "diadopsi", "mengadopsi", "session", "sidang", "sesi", "drafting", "penyusunan", "same time",
         "complement", "companion"),
    ),
    "venue": (
        re.compile(r"\bvenues?\b|\bshall\s+meet\b|\b(?:meetings?|sessions?)\s+(?:shall|will)\s+be\s+held\b|"
                   r"\btempat\s+(?:pertemuan|sidang)\b", re.IGNORECASE),
        ("venue", "meet", "meeting", "session", "held", "pertemuan", "sidang", "rapat", "tempat"),
    ),
    "territory": (
        re.compile(r"\bterritor(?:y|ies|ial\s+sea)\b.*\b(?:sovereign|jurisdiction|sea-?bed|subsoil|airspace)\b|"
                   r"\bthe\s+term\s+[“\"]Area[”\"]|\bwilayah\s+(?:darat|laut|udara)\b", re.IGNORECASE),
        ("territory", "territorial", "area", "sea", "wilayah", "sovereign", "jurisdiction"),
    ),
    "parties": (
        # Who the Parties are and which authority stands for each ("the term “Party” means
        # either Japan or Indonesia", "in the case of Japan, the Ministry of Finance"):
        # every question naming the two countries matches them a little.
        re.compile(r"\bthe\s+term\s+[“\"]Part(?:y|ies)[”\"]\s+means\b|"
                   r"^\W*(?:\([a-z]\)\s*)?in\s+the\s+case\s+of\s+[A-Z]\w+,\s+the\s+[A-Z]", re.IGNORECASE),
        ("party", "parties", "pihak", "authority", "authorities", "ministry", "kementerian", "otoritas"),
    ),
    # A delegation formula (UU 12/2011, Lampiran II, on drafting: "Ketentuan lebih lanjut
    # mengenai … diatur dengan Peraturan …") says which later regulation will settle the
    # matter, not what the rule is: it shares the subject's words and answers only a
    # question about implementing regulations.
    "delegation": (
        re.compile(r"^\W*(?:\(\d{1,3}\)\s*)?Ketentuan\s+(?:lebih\s+lanjut\s+)?mengenai\b.{0,400}?\bdiatur\s+(?:dengan|dalam)\s+"
                   r"(?:Peraturan|Keputusan|Undang-Undang)\b|"
                   r"^\W*(?:\(\d{1,3}\)\s*)?Further\s+provisions?\s+(?:on|regarding|concerning)\b.{0,400}?\bshall\s+be\s+"
                   r"(?:regulated|governed|stipulated|laid\s+down|provided\s+for)\s+(?:by|in)\b", re.IGNORECASE | re.DOTALL),
        ("lebih lanjut", "further provision", "implementing", "pelaksana", "delegat", "peraturan menteri",
         "peraturan pemerintah", "ministerial regulation", "government regulation", "diatur dengan", "diatur dalam",
         "regulated by", "governed by", "peraturan apa", "which regulation"),
    ),
    "entry-into-force": (
        re.compile(r"\bshall\s+enter\s+into\s+force\b|\bmulai\s+berlaku\s+pada\s+tanggal\s+diundangkan\b|"
                   r"\bmay\s+be\s+terminated\s+by\s+either\s+Party\b|\bshall\s+remain\s+in\s+force\b", re.IGNORECASE),
        ("force", "berlaku", "terminat", "enter", "effective", "expire", "duration", "berakhir"),
    ),
}


def formal_clause(sentence: str) -> str | None:
    """The kind of formal clause a sentence is, or None."""
    for kind, (pattern, _asks) in FORMAL_CLAUSES.items():
        if pattern.search(sentence):
            return kind
    return None


# A date (a month's name in either language, a year as printed or as OCR reads it:
# "2Ol7") or a place ("di Jakarta", "at Manila"): what a signature clause states when it
# answers where or when an instrument was signed or enacted.
_MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Januari|Februari|Pebruari|Maret|Mei|Juni|Juli|Agustus|Oktober|Nopember|Desember")
_DATE_OR_PLACE = re.compile(
    rf"\b(?:{_MONTHS}|{_MONTHS.upper()})\b|(?<![\w/])[12][0-9OIl]{{3}}(?![\w/])|\b(?:di|at|in)\s+[A-Z][a-z]{{2,}}")


def states_when_or_where(sentence: str) -> bool:
    """Whether a sentence states a date or a place ("Disahkan di Jakarta pada tanggal 22
    November 2017", "Done at Manila, … this Fourteenth Day of November …"): of a final clause
    or Penutup, those answer where or when an instrument was signed or enacted; the order to
    promulgate ("Agar setiap orang mengetahuinya, …") and "IN WITNESS WHEREOF …" do not."""
    return bool(_DATE_OR_PLACE.search(sentence))


def question_asks_about(kind: str, question: str) -> bool:
    """Whether `question` asks about formal clauses of `kind` (FORMAL_CLAUSES): it uses a
    word of that kind, or, for signature clauses, asks where or when an instrument was
    signed, adopted, enacted or promulgated (kb.search.query.asks_signature)."""
    if kind in ("signature", "adoption") and asks_signature(question):
        return True
    low = question.lower()
    return any(re.search(rf"\b{re.escape(w)}", low) for w in FORMAL_CLAUSES[kind][1])


# --- OCR debris ---------------------------------------------------------------------------

_WORD = re.compile(
    r"^[(\"“‘'\[]*(?:"
    r"[A-Za-zÀ-ÿ]{2,}(?:[-/][A-Za-zÀ-ÿ]+)*-?(?:'s)?"  # a word, hyphenated, "dan/atau", or split at a line end ("perundang- undangan")
    r"|[A-Za-zÀ-ÿ]{2,}[,;][A-Za-zÀ-ÿ]{2,}"  # two words a lost space glued at a comma: "this Agreement,mutatis mutandis"
    r"|\d+(?:[.,/]\d+)*(?:\(\d+\))?"  # a number, "18/2017", "5(2)"
    r"|\(?[a-z]\)|[a-z]\.|[a-z](?=[;,:])|\(\d{1,3}\)|\([ivx]+\)"  # list markers, "huruf c;"
    r"|\((?:[a-z]|\d{1,3}|[ivx]+)\)[A-Za-zÀ-ÿ]{2,}(?:[-/][A-Za-zÀ-ÿ]+)*"  # a marker glued to its item: "(c)Insufficient"
    r"|[A-Z]\.|[&§%-]|Rp\.?[\d.,]*|a|i|I|A"  # initials, signs, one-letter words
    r"|(?=[:;])"  # punctuation set apart: "komponen biaya : a. …" introduces a list
    r")[)\"”’'\].,;:!?]*$"
)
_JUNK_CHARS = re.compile(r"[\^|<>{}\\~`*=_]|[a-z][A-Z]{2,}|[A-Za-z]\d|\d[a-zA-Z]{2,}|,'|\.\.'")


# An acronym holding digits is a name, not debris: "BP2MI", "SIP2MI", "P3MI", "CMW/C/GC/2".
_ACRONYM = re.compile(r"^[(\"“‘'\[]*[A-Z][A-Z0-9]*\d[A-Z0-9]*[A-Z](?:/[A-Z0-9]+)*[)\"”’'\].,;:!?]*$")


def token_is_clean(token: str) -> bool:
    if _ACRONYM.match(token):
        return True
    if _JUNK_CHARS.search(token):
        return False
    return bool(_WORD.match(token))


# A number OCR read with letters for some digits ("2O2l" for 2021, "1O" for 10): digits and
# the letters OCR takes them for (O for 0, I, l and L for 1), at least one of each.
_GARBLED_NUMBER = re.compile(r"(?<![\w/.-])(?=[0-9OoIlL]*\d)(?=[0-9OoIlL]*[OoIlL])[0-9OoIlL]{2,}(?![\w/-])")


# An ayat marker whose closing parenthesis OCR read as a "1" ("(21 Laporan …" for "(2)
# Laporan …", "ayat (21," for "ayat (2),"): an opening parenthesis, digits ending in 1,
# then a space or punctuation, and no parenthesis closing it in the next 80 characters
# (PP 59/2021's OCR copy has some sixty).
_BROKEN_MARKER = re.compile(r"(?<!\S)\((\d{0,2})1(?=[\s,.;:]|$)")


def broken_markers(text: str) -> list[tuple[str, str]]:
    """The ayat markers of `text` that OCR broke ("(21", "(41"), each once, in order, with
    the marker they most likely were: [("(21", "(2)")]. "(1" alone reads as "()": left out."""
    out: dict[str, str] = {}
    for m in _BROKEN_MARKER.finditer(text):
        depth = 1
        for ch in text[m.end():m.end() + 80]:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0:
                break
        if m.group(1) and depth > 0:
            out.setdefault(m.group(0), f"({m.group(1)})")
    return list(out.items())


def garbled_numbers(text: str) -> list[str]:
    """Numbers of `text` that OCR printed with letters for digits ("2O2l", "1O"), in
    order, each once."""
    return list(dict.fromkeys(_GARBLED_NUMBER.findall(text)))


def text_quality(text: str) -> float:
    """Share of whitespace tokens that are plain words, numbers or list markers (1.0:
    clean text; OCR debris pulls it down)."""
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(token_is_clean(t) for t in tokens) / len(tokens)


def trim_debris(text: str, start: int, end: int, max_tokens: int = 12) -> tuple[int, int]:
    """Narrow the span [start, end) of `text` past runs of debris tokens at either end
    (at most `max_tokens` each side), so what is quoted starts and ends on real words.
    A run counts as debris when most of its tokens are not clean."""

    def tokens(a: int, b: int) -> list[tuple[int, int]]:
        return [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", text[a:b])]

    toks = tokens(start, end)
    if len(toks) < 4:
        return start, end
    junk = [not token_is_clean(text[a:b]) for a, b in toks]
    i = _debris_run(junk[:max_tokens])
    # At the end, a letter or number right after a unit word ("… Pasal 7 huruf b meliputi:")
    # is part of a reference, not debris: counted as debris, "b meliputi:" was trimmed from
    # a list's introduction, whose items were then quoted without it. (At the start, a
    # Penjelasan's own label, "Huruf b Yang dimaksud …", is trimmed as before.)
    tail = [is_junk and not (k > 0 and _UNIT_WORD.match(text[slice(*toks[k - 1])]) and _MARKER.match(text[a:b]))
            for k, ((a, b), is_junk) in enumerate(zip(toks, junk))]
    j = _debris_run(list(reversed(tail[-max_tokens:])))
    # "… sebagaimana dimaksud dalam Pasal 72 huruf c": a letter or number after a unit word
    # is the end of a reference, not debris.
    while j and len(toks) - 1 - j >= 0 and _UNIT_WORD.match(text[slice(*toks[len(toks) - 1 - j])]) \
            and _MARKER.match(text[slice(*toks[len(toks) - j])]):
        j -= 1
    if i + j >= len(toks) - 2:
        return start, end
    a = toks[i][0]
    b = toks[len(toks) - 1 - j][1]
    return a, b


_UNIT_WORD = re.compile(r"^(?:huruf|ayat|angka|pasal|article|articles|art\.|para\.?|paragraph|paragraf|letter|point|"
                        r"butir|item|annex|lampiran)$", re.IGNORECASE)
_MARKER = re.compile(r"^\(?(?:[a-z]{1,2}|\d{1,4}|[ivx]{1,5})\)?[.,;:)]*$")


def _debris_run(junk: list[bool]) -> int:
    """How many leading tokens form a debris run (0 when none), given whether each is
    junk: the longest prefix ending on a junk token in which junk tokens are at least
    half."""
    best = 0
    count = 0
    for n, is_junk in enumerate(junk, 1):
        if is_junk:
            count += 1
            if count * 2 >= n:
                best = n
    return best
