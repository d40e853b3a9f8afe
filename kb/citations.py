"""Parse what people type as a citation, and format citations the way each family cites.

`parse_citation("pasal 30 uu no 18 tahun 2017", catalog)` -> Citation(doc_id="uu-18-2017",
unit="Pasal 30", locator="Pasal 30"). Parsing never raises: text that is not a citation
gives None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Document


@dataclass(frozen=True)
class Citation:
    """A reference to a document, a unit of it, or both."""

    doc_id: str | None
    unit: str | None  # canonical unit ("Pasal 30", "para 24", "Article 94", "Guidelines para 73")
    locator: str | None  # finest locator given ("Pasal 30 ayat (1) huruf a")
    raw: str
    coverage: float = 1.0  # share of the input explained by the citation (1.0: nothing else)

    @property
    def complete(self) -> bool:
        return self.doc_id is not None and self.unit is not None


# --- formatting ---------------------------------------------------------------------

_PARA = re.compile(r"^(?:(?P<seq>[A-Z][a-z]+) )?para (?P<rest>.+)$")
_ARTICLE = re.compile(r"^Article (?P<rest>.+)$")


def format_locator(doc: Document, locator: str) -> str:
    """A unit locator in the document's citation style ("para 24" -> "para. 24")."""
    m = _PARA.match(locator)
    if m:
        seq = f"{m.group('seq')}, " if m.group("seq") else ""
        return f"{seq}para. {m.group('rest')}"
    m = _ARTICLE.match(locator)
    if m and doc.family in ("bilateral", "convention", "regional"):
        return f"art. {m.group('rest')}"
    if locator == "Preamble":
        return "preamble"
    return locator


def format_citation(doc: Document, locator: str | None = None) -> str:
    """The full citation: "UU No. 18 Tahun 2017, Pasal 30 ayat (1)", "CMW/C/GC/2, para. 24"."""
    if not locator:
        return doc.citation
    return f"{doc.citation}, {format_locator(doc, locator)}"


# --- parsing ------------------------------------------------------------------------

_ROMAN_OR_NUM = r"\d{1,4}[a-z]?"
_ANNEX_LABEL = r"(?:[ivxlc]{1,7}|\d{1,3}|[a-h])(?![\w/])"  # "Annex I", "Annex 2", "Annex A"
_ANNEX_WORDS = {"annex": "Annex", "appendix": "Appendix", "schedule": "Schedule", "lampiran": "Lampiran"}
_UNIT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("penjelasan-umum", re.compile(r"\bpenjelasan\s+umum\b")),
    (
        "pasal",
        re.compile(
            r"\b(?P<pen>penjelasan\s+(?:atas\s+)?)?(?:pasal|psl\.?)\s*(?P<n>\d{1,4}[a-z]?)\b"
            r"(?P<fine>(?:\s*(?:ayat\s*\(?\s*\d{1,3}\s*\)?|huruf\s+[a-z]\b|angka\s+\d{1,3}\b|\(\s*\d{1,3}\s*\)|\([a-z]\)))*)"
        ),
    ),
    ("menimbang", re.compile(r"\b(?:menimbang|konsiderans)\b")),
    ("mengingat", re.compile(r"\bmengingat\b")),
    ("preamble", re.compile(r"\b(?:preamble|mukadimah|pembukaan)\b")),
    # An article of an annex that numbers its own articles: "Annex I Article 2",
    # "Annex I, art. 2", "article 2 of Annex I" (ILO conventions, bilateral agreements).
    (
        "annex-article",
        re.compile(
            rf"\b(?P<word>annex|appendix|schedule|lampiran)(?:\s+(?P<label>{_ANNEX_LABEL}))?\s*,?\s*"
            r"(?:article|art\.?|pasal)\s*(?P<n>\d{1,4}[a-z]?)\b"
            r"(?P<fine>(?:\s*(?:\(\s*\d{1,3}\s*\)|\([a-z]{1,4}\)))*)"
        ),
    ),
    (
        "article-of-annex",
        re.compile(
            r"\b(?:article|art\.?|pasal)\s*(?P<n>\d{1,4}[a-z]?)\b(?P<fine>(?:\s*(?:\(\s*\d{1,3}\s*\)|\([a-z]{1,4}\)))*)"
            rf"\s*,?\s*of\s+(?:the\s+)?(?P<word>annex|appendix|schedule|lampiran)(?:\s+(?P<label>{_ANNEX_LABEL}))?\b"
        ),
    ),
    (
        "article",
        re.compile(
            r"\b(?:article|artikel|art\.?|arts\.?)\s*(?P<n>\d{1,4}[a-z]?)\b"
            r"(?P<fine>(?:\s*(?:\(\s*\d{1,3}\s*\)|\([a-z]{1,4}\)|,?\s*(?:paragraph|para\.?)\s*\d{1,3}))*)"
        ),
    ),
    (
        "para",
        re.compile(
            r"(?:\b(?P<seq>guidelines?|annex|glossary)\s*,?\s*)?"
            r"(?:\bparagraphs?|\bparas?\b\.?|\bpar\.|¶|§)\s*(?P<n>\d{1,4})(?P<sub>(?:\.\d{1,3})*)"
            r"(?P<fine>(?:\s*\([a-z]{1,4}\))*)"
        ),
    ),
]

_REG_TYPES = {
    "uu": "uu",
    "undang-undang": "uu",
    "undang undang": "uu",
    "law": "uu",
    "act": "uu",
    "pp": "pp",
    "peraturan pemerintah": "pp",
    "government regulation": "pp",
    "perpres": "perpres",
    "peraturan presiden": "perpres",
    "presidential regulation": "perpres",
    "permenaker": "permenaker",
}
_REG = re.compile(
    r"\b(?P<type>undang[- ]undang|peraturan pemerintah|peraturan presiden|government regulation|"
    r"presidential regulation|permenaker|perpres|uu|pp|law|act)\b\.?\s*"
    r"(?:(?:republik indonesia|ri)\s*)?(?:no\.?|nomor|number|nr\.?)?\s*(?P<num>\d{1,4})\s*"
    r"(?:/|tahun|thn\.?|of|year|,)\s*(?:year\s*)?(?P<year>(?:19|20)\d{2})\b"
)
_ONE_SYMBOL = r"(?:cmw|crc|cerd|cedaw|ccpr|cescr)/c(?:/[a-z0-9]{1,6}){1,4}"
# Joint general comments carry two symbols: "CMW/C/GC/3-CRC/C/GC/22".
_SYMBOL = re.compile(rf"\b{_ONE_SYMBOL}(?:\s?-\s?{_ONE_SYMBOL})?\b")
_GC = re.compile(r"\b(?:gc|general\s+comment|komentar\s+umum)\s*(?:no\.?|nomor|number)?\s*(?P<n>\d{1,2})\b")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _reg_key(text: str) -> tuple[str, int, int] | None:
    m = _REG.search(_fold(text))
    if not m:
        return None
    kind = _REG_TYPES.get(m.group("type").replace("-", " ").replace("  ", " "), None)
    kind = kind or _REG_TYPES.get(m.group("type"), "uu")
    return kind, int(m.group("num")), int(m.group("year"))


def _canonical_fine(kind: str, n: str, fine: str) -> str:
    """Turn the finer part of a citation into kb's locator words."""
    if kind == "pasal":
        out = []
        for token in re.findall(r"ayat\s*\(?\s*\d+\s*\)?|huruf\s+[a-z]|angka\s+\d+|\(\s*\d+\s*\)|\([a-z]\)", fine):
            if token.startswith("ayat") or re.match(r"\(\s*\d", token):
                out.append(f"ayat ({re.sub(r'[^0-9]', '', token)})")
            elif token.startswith("huruf"):
                out.append(f"huruf {token.split()[-1]}")
            elif token.startswith("angka"):
                out.append(f"angka {token.split()[-1]}")
            else:
                out.append(f"huruf {token.strip('()')}")
        return " ".join(out)
    if kind == "article":
        nums = re.findall(r"\(\s*(\d+)\s*\)|(?:paragraph|para\.?)\s*(\d+)", fine)
        letters = re.findall(r"\(([a-z]{1,4})\)", fine)
        out = "".join(f"({a or b})" for a, b in nums)
        return out + "".join(f"({x})" for x in letters)
    return fine


@dataclass(frozen=True)
class _UnitMatch:
    unit: str
    locator: str
    start: int
    end: int


def _find_unit(folded: str) -> _UnitMatch | None:
    for kind, pattern in _UNIT_PATTERNS:
        m = pattern.search(folded)
        if not m:
            continue
        if kind == "penjelasan-umum":
            return _UnitMatch("Penjelasan Umum", "Penjelasan Umum", m.start(), m.end())
        if kind in ("menimbang", "mengingat", "preamble"):
            name = {"menimbang": "Menimbang", "mengingat": "Mengingat", "preamble": "Preamble"}[kind]
            return _UnitMatch(name, name, m.start(), m.end())
        n = m.group("n").upper() if kind != "para" else m.group("n")
        n = n[:-1] + n[-1].upper() if n[-1:].isalpha() else n
        if kind == "pasal":
            base = f"Pasal {n}"
            unit = f"Penjelasan {base}" if m.group("pen") else base
            fine = _canonical_fine("pasal", n, m.group("fine") or "")
            return _UnitMatch(unit, f"{unit} {fine}".strip(), m.start(), m.end())
        if kind in ("annex-article", "article-of-annex"):
            label = (m.group("label") or "").upper()
            word = "Pasal" if "pasal" in m.group(0) else "Article"
            unit = " ".join(x for x in (_ANNEX_WORDS[m.group("word")], label, f"{word} {n}") if x)
            return _UnitMatch(unit, unit + _canonical_fine("article", n, m.group("fine") or ""), m.start(), m.end())
        if kind == "article":
            unit = f"Article {n}"
            return _UnitMatch(unit, unit + _canonical_fine("article", n, m.group("fine") or ""), m.start(), m.end())
        seq = (m.group("seq") or "").rstrip("s")
        prefix = {"guideline": "Guidelines ", "annex": "Annex ", "glossary": "Annex "}.get(seq, "")
        unit = f"{prefix}para {n}"
        fine = (m.group("sub") or "") + "".join(f" ({x})" for x in re.findall(r"\(([a-z]{1,4})\)", m.group("fine") or ""))
        return _UnitMatch(unit, f"{unit}{fine}", m.start(), m.end())
    return None


class CitationResolver:
    """Resolves document references against a catalogue. Build once, parse many."""

    def __init__(self, documents: Iterable[Document]):
        self.documents = [d for d in documents if d.variant_of is None]
        self._regs: dict[tuple[str, int, int], str] = {}
        self._symbols: dict[str, str] = {}
        self._gc: dict[int, str] = {}
        self._aliases: list[tuple[str, str]] = []
        for doc in self.documents:
            names = [doc.citation, doc.title, *doc.aliases] + ([doc.symbol] if doc.symbol else [])
            for name in names:
                key = _reg_key(name) if doc.family == "national-law" else None
                if key:
                    self._regs.setdefault(key, doc.id)
                for sym in _SYMBOL.findall(_fold(name)):
                    self._symbols.setdefault(sym, doc.id)
                gc = _GC.fullmatch(_fold(name))
                if gc and doc.family == "committee":
                    self._gc.setdefault(int(gc.group("n")), doc.id)
            for alias in [doc.citation, *doc.aliases]:
                folded = _fold(alias)
                if len(folded) >= 4 and not _REG.search(folded):
                    self._aliases.append((folded, doc.id))
            self._aliases.append((_fold(doc.id), doc.id))
        self._aliases.sort(key=lambda a: -len(a[0]))

    def find_document(self, folded: str) -> tuple[str | None, tuple[int, int] | None]:
        """The document a (folded) text names, and where; (None, None) if none."""
        m = _REG.search(folded)
        if m:
            kind = _REG_TYPES.get(m.group("type").replace("-", " "), "uu")
            doc = self._regs.get((kind, int(m.group("num")), int(m.group("year"))))
            if doc:
                return doc, m.span()
        for m in _SYMBOL.finditer(folded):
            for candidate in (m.group(0), *re.findall(_ONE_SYMBOL, m.group(0))):
                if candidate.replace(" ", "") in self._symbols:
                    return self._symbols[candidate.replace(" ", "")], m.span()
        m = _GC.search(folded)
        if m and int(m.group("n")) in self._gc:
            return self._gc[int(m.group("n"))], m.span()
        for alias, doc_id in self._aliases:
            i = _find_word(folded, alias)
            if i >= 0:
                return doc_id, (i, i + len(alias))
        return None, None

    def _in_document_terms(self, unit: _UnitMatch, doc_id: str) -> _UnitMatch:
        """English speakers cite a Pasal as an "Article", Indonesians an Article as a "Pasal"."""
        doc = next((d for d in self.documents if d.id == doc_id), None)
        if doc is None:
            return unit
        statute = doc.language == "id" and doc.family in ("national-law", "convention")
        if statute and unit.unit.startswith("Article "):
            n = unit.unit.split()[1]
            fine = unit.locator[len(unit.unit):]
            words = " ".join(f"ayat ({x})" if x.isdigit() else f"huruf {x}" for x in re.findall(r"\(([^)]+)\)", fine))
            return _UnitMatch(f"Pasal {n}", f"Pasal {n} {words}".strip(), unit.start, unit.end)
        if not statute and unit.unit.startswith("Pasal "):
            n = unit.unit.split()[1]
            return _UnitMatch(f"Article {n}", f"Article {n}", unit.start, unit.end)
        return unit

    def parse(self, text: str) -> Citation | None:
        """Parse a citation; None when `text` holds neither a unit nor a known document."""
        if not isinstance(text, str) or not text.strip() or len(text) > 500:
            return None
        folded = _fold(text)
        unit = _find_unit(folded)
        rest = folded
        if unit:
            rest = folded[: unit.start] + " " + folded[unit.end :]
        doc_id, span = self.find_document(rest)
        if unit is None and doc_id is None:
            return None
        if unit and doc_id:
            unit = self._in_document_terms(unit, doc_id)
        leftover = rest if span is None else rest[: span[0]] + " " + rest[span[1] :]
        extra = [w for w in re.findall(r"\w+", leftover) if w not in _FILLER]
        cited = len(re.findall(r"\w+", folded)) - len(re.findall(r"\w+", leftover))
        coverage = cited / max(1, cited + len(extra))
        return Citation(
            doc_id=doc_id,
            unit=unit.unit if unit else None,
            locator=unit.locator if unit else None,
            raw=text,
            coverage=round(coverage, 3),
        )


_FILLER = {"of", "the", "dari", "dalam", "in", "under", "menurut", "no", "nomor", "tentang", "see", "lihat", "and", "dan"}


def _find_word(haystack: str, needle: str) -> int:
    """Index of `needle` in `haystack` at word boundaries, or -1."""
    start = 0
    while True:
        i = haystack.find(needle, start)
        if i < 0:
            return -1
        before = haystack[i - 1] if i else " "
        after = haystack[i + len(needle)] if i + len(needle) < len(haystack) else " "
        if not before.isalnum() and not after.isalnum():
            return i
        start = i + 1


def parse_citation(text: str, documents: Iterable[Document]) -> Citation | None:
    """Convenience: parse one citation against a catalogue (or any iterable of documents)."""
    return CitationResolver(documents).parse(text)
