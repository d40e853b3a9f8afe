"""Language processing shared by the lexical index, query expansion and answer selection:
tokens, stopwords and stems per language (Indonesian morphology through Sastrawi, English
through Snowball), language detection, sentence splitting, and the bilingual glossary."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .stopwords import STOPWORDS

__all__ = ["tokenize", "analyze", "stem", "remember_stems", "detect_language", "STOPWORDS", "content_words"]

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _latin_folding() -> dict[int, str]:
    """str.translate table: Latin letters with diacritics to their base letters ("é" -> "e")
    and the typographic ligatures PDFs give ("ﬁ" -> "fi"); other scripts are left alone."""
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0xFB00, 0xFB07)]:
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base and base != chr(code) and base.isascii():
            table[code] = base
    return table


_FOLD = _latin_folding()


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, Latin diacritics folded ("attaché" is "attache", as the
    glossary and most texts write it). Reduplicated words ("hak-hak") count once; other
    hyphenated compounds ("anti-perdagangan") give their parts."""
    out: list[str] = []
    low = text.lower()
    if not low.isascii():
        low = low.translate(_FOLD)
    for tok in _TOKEN.findall(low):
        if "-" in tok:
            parts = tok.split("-")
            if len(set(parts)) == 1:
                out.append(parts[0])
            else:
                out.extend(p for p in parts if p)
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def _snowball_en():
    import Stemmer

    return Stemmer.Stemmer("english")


# Stems known ahead, by language: an index generation carries the Sastrawi stems of every
# word of its corpus and of the glossary (kb.index.lexical.STEMS_FILE), so a cold query
# neither imports Sastrawi nor stems the glossary again (~0.5 s); an unknown word still
# goes through the stemmer, so results are the same.
_KNOWN: dict[str, dict[str, str]] = {}


def remember_stems(lang: str, stems: dict[str, str]) -> None:
    """Make `stem(word, lang)` answer from `stems` for the words it holds."""
    _KNOWN.setdefault(lang, {}).update(stems)


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    if not word.isalpha() or len(word) <= 3:
        return word
    known = _KNOWN.get(lang)
    if known and word in known:
        return known[word]
    if lang == "id":
        return _sastrawi().stem(word) or word
    return _snowball_en().stemWord(word)


def analyze(text: str, lang: str, keep_stopwords: bool = False) -> list[str]:
    """Tokens → stopwords removed → stems, as indexed and as queried."""
    stops = STOPWORDS.get(lang, frozenset())
    return [stem(t, lang) for t in tokenize(text) if keep_stopwords or t not in stops]


@lru_cache(maxsize=256)
def name_stems(*names: str) -> frozenset[str]:
    """The stems, in both languages kb analyses, of the words naming a document (its title,
    citation and aliases): frozenset of stems. Search and answers discount them in that
    document's own text, where they say nothing about which unit answers."""
    words = " ".join(names)
    return frozenset(analyze(words, "en")) | frozenset(analyze(words, "id"))


def content_words(text: str, lang: str) -> list[str]:
    """Tokens that carry meaning (no stopwords, no single characters)."""
    stops = STOPWORDS.get(lang, frozenset())
    return [t for t in tokenize(text) if t not in stops and len(t) > 1]


# Words of Indonesian citations and requests that no English question uses ("Tolong kutip
# bunyi Komentar Umum No. 2 paragraf 60" has no Indonesian stopword).
# Indonesian words that ask for a text or a list rather than name a topic ("Tolong kutip
# bunyi …", "Sebutkan isi …"): shared by language detection, citation parsing (what a
# question asks beyond a citation) and answer coverage.
REQUEST_WORDS_ID = frozenset("isi bunyi berbunyi sebutkan jelaskan menjelaskan uraikan kutip kutipkan tolong mohon".split())
_ID_CITATION_WORDS = frozenset(
    "pasal ayat huruf angka paragraf komentar umum konvensi deklarasi penjelasan lampiran undang peraturan "
    "pemerintah persetujuan".split()
) | REQUEST_WORDS_ID
# The words of citations in either language (units, instruments, numbering).
CITATION_WORDS = _ID_CITATION_WORDS | frozenset(
    "article articles art para paras paragraph paragraphs no nomor number general comment comments convention "
    "declaration consensus annex law regulation uu pp gc cmw psl ps ay hrf pgf par elucidation explanation "
    "considering observing preamble preambul guideline guidelines pedoman butir poin point lampiran ijepa asean".split()
)


def detect_language(text: str) -> str:
    """'id' or 'en' from stopword evidence; English when undecided."""
    toks = tokenize(text)
    # Citation and request words count half: "Is Pasal 6 ayat (1) huruf j in force?" is English.
    score_id = sum(1 if t in STOPWORDS["id"] else 0.5 for t in toks
                   if (t in STOPWORDS["id"] or t in _ID_CITATION_WORDS) and t not in STOPWORDS["en"])
    score_en = sum(1 for t in toks if t in STOPWORDS["en"] and t not in STOPWORDS["id"])
    if score_id == score_en:
        # No function words to go by ("Kewajiban negara mendaftarkan kelahiran anak …"):
        # CLD2 (Chromium's detector) when it is sure, else Indonesian affixes.
        sure = _cld2_language(text)
        if sure is not None:
            return sure
        marks = sum(1 for t in toks if t.startswith(("meng", "mem", "peng", "ber", "di")) or t.endswith(("kan", "nya")))
        return "id" if marks > len(toks) / 4 else "en"
    return "id" if score_id > score_en else "en"


def _cld2_language(text: str) -> str | None:
    """'id' (Indonesian or Malay) or 'en' when CLD2 reliably detects one of them, else None."""
    try:
        import pycld2

        reliable, _n, details = pycld2.detect(text)
    except Exception:  # not installed, or text it cannot decode
        return None
    if not reliable or not details:
        return None
    code = details[0][1]
    return "id" if code in ("id", "ms") else "en" if code == "en" else None
