"""Finding the explicit references in a unit's text.

What counts as a reference (the definition the precision/recall figures use): a citation
of a provision — an article, a Pasal (with ayat/huruf), a paragraph — or of a document
identified by a number or a symbol (a UN symbol, a general comment No., an ILO convention
No., an Indonesian statute by Nomor and Tahun, a General Assembly resolution). A treaty
named without a provision ("the Convention on the Rights of the Child") is not counted;
neither are references inside one Pasal to its own ayat ("sebagaimana dimaksud pada ayat
(1)") nor structural parts ("Part III of the Convention").

Each reference is attributed to its instrument by the words around it, as legal drafting
does it:
- after it: "article 9, paragraph 1, of the International Covenant on Civil and Political
  Rights", "Pasal 22 Konvensi", "Pasal 5 ayat (1) Undang-Undang Nomor 39 Tahun 2004";
- before it, in footnote style: "Convention, arts. 43 and 45", "Ibid., para. 33 (c)";
- otherwise the host's own instrument: a committee text's bare "article 7" is the
  Convention's (the Committee's usage), a statute's bare "Pasal 5" is the same statute's
  (Indonesian drafting: UU 12/2011, Lampiran II), "para. 12 above" the same document's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..models import Document
from .instruments import CONVENTION_SHORT, COVENANT_SHORT, NAMED, find_named

CONVENTION_ID = "icrmw"
KINDS = ("article", "provision", "paragraph", "document")


@dataclass(frozen=True)
class Reference:
    """One explicit reference found in a unit.

    `source` is the citing unit's key ("cmw-gc-2::para 24"), `where` is "text" or
    "footnote N" (offsets `start`/`end` are into that text). The target is a catalogue
    document (`target_doc`, e.g. "icrmw", also when its text is absent) or a named
    instrument outside the catalogue (`target_doc` None, `target_name` "ICCPR"); with
    `target_unit` ("Article 21", "Pasal 5", "para 23") or None for a whole document, the
    finest `target_locator` ("Article 21(2)", "Pasal 5 ayat (1)", "para 57 (e)"), and
    `range_end` for a range ("arts. 8–35": unit "Article 8", range_end "Article 35").
    `resolved` says whether the target unit (or document) is in the index.
    """

    source: str
    where: str
    start: int
    end: int
    text: str
    kind: str  # one of KINDS
    target_doc: str | None
    target_name: str
    target_unit: str | None = None
    target_locator: str | None = None
    range_end: str | None = None
    resolved: bool = False

    @property
    def source_doc(self) -> str:
        return self.source.split("::", 1)[0]

    @property
    def source_unit(self) -> str:
        return self.source.split("::", 1)[1]

    @property
    def target_key(self) -> str | None:
        """"doc::unit" of a catalogue target unit, else None."""
        if self.target_doc and self.target_unit:
            return f"{self.target_doc}::{self.target_unit}"
        return None

    def covers(self, number: int) -> bool:
        """Whether this reference's unit or range includes unit number `number`."""
        lo = _unit_number(self.target_unit)
        hi = _unit_number(self.range_end) if self.range_end else lo
        return lo is not None and hi is not None and lo <= number <= hi

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> "Reference":
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _unit_number(unit: str | None) -> int | None:
    if not unit:
        return None
    m = re.search(r"(\d+)", unit)
    return int(m.group(1)) if m else None


# --- patterns ------------------------------------------------------------------------

_NUM = r"\d{1,3}(?!\d)(?:\s?(?-i:[A-Z])(?![\w]))?"
_ART_FINE = r"(?:\s*,?\s*(?:paragraph|para\.)\s*\d{1,2}(?!\d)|\s*\(\s*\d{1,2}\s*\)|\s*\((?-i:[a-z]{1,4})\))*"
_HURUF = r"(?:huruf|hurrf|hurul|hurut|huruf)"  # OCR misreads the word, never the letter after it
_PASAL_FINE = (r"(?:\s*ayat\s*\(\s*\d{1,2}\s*\)(?:\s*(?:,|dan|atau)\s*(?:ayat\s*)?\(\s*\d{1,2}\s*\))*"
               rf"|\s*{_HURUF}\s+[a-z]\b(?:\s*(?:,|dan|atau)\s*(?:{_HURUF}\s+)?[a-z]\b)*"
               r"|\s*angka\s+\d{1,2}(?!\d))*")
_RANGE_SEP = r"(?:to|through|–|—|-|sampai\s+dengan|s\.\s?d\.?|hingga)"
_LIST_SEP = rf"(?:,\s*(?:and|or|dan|atau)?|and|or|&|dan|atau|{_RANGE_SEP})"
_ARTICLES = re.compile(
    rf"\b(?:articles?|arts?\.|artikel)\s*{_NUM}{_ART_FINE}"
    rf"(?:\s*{_LIST_SEP}\s*(?:(?:articles?|arts?\.)\s*)?{_NUM}{_ART_FINE})*",
    re.IGNORECASE,
)
# OCR reads 1 as "l" and 0 as "O" inside a Pasal number ("Pasal 7l huruf a").
_PASAL_NUM = r"\d(?:[\dlO](?![a-zA-Z]))*(?!\d)(?:\s?(?-i:[A-Z])(?![\w]))?"
_PASALS = re.compile(
    rf"\b(?:Penjelasan\s+)?Pasal\s*{_PASAL_NUM}{_PASAL_FINE}"
    rf"(?:\s*{_LIST_SEP}\s*(?:Pasal\s*)?{_PASAL_NUM}{_PASAL_FINE})*",
    re.IGNORECASE,
)
_ARTICLE_ITEM = re.compile(
    rf"(?P<sep>{_LIST_SEP})?\s*(?:(?:articles?|arts?\.|artikel)\s*)?(?P<pen>(?!))?(?P<n>{_NUM})(?P<fine>{_ART_FINE})",
    re.IGNORECASE,
)
_PASAL_ITEM = re.compile(
    rf"(?P<sep>{_LIST_SEP})?\s*(?:(?P<pen>Penjelasan\s+)?Pasal\s*)?(?P<n>{_PASAL_NUM})(?P<fine>{_PASAL_FINE})",
    re.IGNORECASE,
)
_PARA_ITEM = r"\d{1,3}(?!\d)(?:\s*\((?-i:[a-z]{1,4})\))*"
_PARA_LIST = rf"{_PARA_ITEM}(?:\s*{_LIST_SEP}\s*{_PARA_ITEM})*"
_PARAS_AFTER = re.compile(rf"\s*,?\s*(?:annex,?\s*)?(?:paras?\.|paragraphs?)\s*(?P<list>{_PARA_LIST})", re.IGNORECASE)
_PARA_ITEMS = re.compile(rf"(?P<sep>{_LIST_SEP})?\s*(?P<n>\d{{1,3}})(?!\d)(?P<fine>(?:\s*\((?-i:[a-z]{{1,4}})\))*)", re.IGNORECASE)
_SAME_DOC_PARAS = re.compile(
    rf"\b(?P<see>see\s+(?:also\s+)?)?(?:paras?\.|paragraphs?)\s*(?P<list>{_PARA_LIST})(?P<where>\s+(?:above|below))?",
    re.IGNORECASE,
)
_SYMBOL_PREFIX = r"(?:A|E|S|HRI|CMW|CCPR|CERD|CEDAW|CRC|CAT|CRPD|CED)"
_SYMBOL = re.compile(
    rf"(?<![\w/]){_SYMBOL_PREFIX}(?:/[A-Za-z0-9.]*[A-Za-z0-9](?:-\d+)?){{1,6}}"
    rf"(?:\s?[-–]\s?{_SYMBOL_PREFIX}(?:/[A-Za-z0-9.]*[A-Za-z0-9]){{1,6}})?"
)
_GC = re.compile(
    r"\b(?:joint\s+)?(?:general\s+(?P<gtype>comments?|recommendations?)|komentar\s+umum)\s+(?:No\.?|Nomor|number)\s*(?P<n>\d{1,3})(?!\d)"
    r"(?:\s*\((?P<year>\d{4})\))?(?:\s*(?:/|and|,|,\s*and)\s*No\.?\s*\d{1,3}(?:\s*\(\d{4}\))?)*",
    re.IGNORECASE,
)
_PARAS_OF = re.compile(rf"\b(?:paras?\.|paragraphs?)\s*(?P<list>{_PARA_LIST})\s+(?:of|in)\s+(?:its|the|their)?\s*(?:joint\s+)?",
                       re.IGNORECASE)


_GC_TITLE = re.compile(r"\s+on\s+[^.;()\[\]]{3,160}?(?=,\s*(?:paras?\.|paragraphs?)\s*\d)", re.IGNORECASE)


def _gc_numbers(matched: str) -> list[int]:
    """The Committee's own numbers in a general comment list: before a "/" the numbers
    are this committee's ("No. 3 and No. 4/No. 22 and No. 23" -> 3, 4)."""
    head = matched.split("/")[0]
    return [int(x) for x in re.findall(r"No\.?\s*(\d{1,3})", head, re.IGNORECASE)] or [
        int(x) for x in re.findall(r"(\d{1,3})", head)[:1]]


# The Convention's subject, as its title and its Committee's name both state it.
_CONVENTION_SUBJECT = "Protection of the Rights of All Migrant Workers and Members of Their Families"
_COMMITTEES = {
    "Human Rights Committee": "CCPR",
    "Committee on the Rights of the Child": "CRC",
    "Committee on Economic, Social and Cultural Rights": "CESCR",
    "Committee on the Elimination of Discrimination against Women": "CEDAW",
    "Committee on the Elimination of Racial Discrimination": "CERD",
    "Committee against Torture": "CAT",
    "Committee on the Rights of Persons with Disabilities": "CRPD",
    "Committee on Enforced Disappearances": "CED",
    "Committee on the " + _CONVENTION_SUBJECT: "CMW",
    "Committee on Migrant Workers": "CMW",
}
_COMMITTEE = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(_COMMITTEES, key=len, reverse=True))
_COMMITTEE_AFTER = re.compile(rf"\s*(?:of|by|adopted\s+by)\s+the\s+(?P<c>{_COMMITTEE}|Committee\b)", re.IGNORECASE)
_COMMITTEE_BEFORE = re.compile(rf"(?P<c>{_COMMITTEE})\s*,?\s*(?:in\s+its\s+)?(?:joint\s+)?$", re.IGNORECASE)
_GA_RES = re.compile(r"\bGeneral\s+Assembly\s+resolution\s+(?P<n>\d{1,3}/\d{1,4})", re.IGNORECASE)
_ILO = re.compile(
    r"\b(?:(?:ILO|International\s+Labour\s+Organization)\s+)?(?P<kind>Convention|Recommendation|Konvensi\s+ILO|Rekomendasi\s+ILO)"
    r"\s*(?:No\.?|Nomor|Number)\s*(?P<n>\d{1,3})(?!\d)"
    r"|\bILO\s+(?P<kind3>Convention|Recommendation)\s+(?P<n3>\d{2,3})(?!\d)"
    r"|\b(?P<kind2>Convention|Recommendation),?\s+(?:19|20)\d\d\s*\(No\.\s*(?P<n2>\d{1,3})\)",
    re.IGNORECASE,
)
_REG_TYPES = (
    ("Perppu", r"Peraturan\s+Pemerintah\s+Pengganti\s+Undang[- ]Undang|Perp?pu"),
    ("UU", r"Undang[- ]Undang(?!\s+Dasar)|UU(?!D)|Law|Act"),
    ("PP", r"Peraturan\s+Pemerintah|PP|Government\s+Regulation"),
    ("Perpres", r"Peraturan\s+Presiden|Perpres|Presidential\s+Regulation"),
    ("Keppres", r"Keputusan\s+Presiden|Keppres|Presidential\s+Decree"),
    ("Inpres", r"Instruksi\s+Presiden|Inpres|Presidential\s+Instruction"),
    ("Permen", r"Peraturan\s+Menteri(?:\s+[A-Z][\w]+(?:\s+(?:dan|and)\s+[A-Z][\w]+)?){0,4}|Permenaker|Permen\w*|Ministerial\s+Regulation"),
    ("Kepmen", r"Keputusan\s+Menteri(?:\s+[A-Z][\w]+){0,4}|Kepmenaker|Kepmen\w*|Ministerial\s+Decree"),
    ("Perda", r"Peraturan\s+Daerah(?:\s+[A-Z][\w]+){0,3}|Perda"),
)
_REG = re.compile(
    r"\b(?P<type>" + "|".join(f"(?P<t{i}>{p})" for i, (_k, p) in enumerate(_REG_TYPES)) + r")\.?\s*"
    r"(?:(?:Republik\s+Indonesia|RI)\s*)?(?:(?:No\.?|Nomor|Number|Nr\.?)\s*(?P<num>\d{1,4})\s*(?:Tahun|Th\.?|of|,|/)\s*(?:year\s+)?"
    r"|(?P<num2>\d{1,4})\s*/\s*)(?P<year>[12][0-9OolI]{3})(?![\w])",
)
_SAME_INSTRUMENT = re.compile(
    r"\s*(?:(?:of|under|in)\s+)?(?:the\s+)?(?:present|this)\s+(?:Convention|Agreement|Memorandum|Declaration|Consensus|general\s+comment)"
    r"|\s*(?:Undang[- ]Undang|Peraturan\s+Pemerintah|Peraturan\s+Presiden|Peraturan|Persetujuan|Konvensi)\s+ini\b",
    re.IGNORECASE,
)
_ATTACH = re.compile(r"\s*,?\s*(?:of|under|in|to|from|dari|dalam|pada)?\s*(?:the\s+)?", re.IGNORECASE)
_IBID = re.compile(r"\b(?:Ibid|Ibidem|Id)\.?\s*,\s*$", re.IGNORECASE)


def fold_year(text: str) -> int:
    """'2Ol2' -> 2012: OCR reads 0 as O and 1 as l or I."""
    return int(text.translate(str.maketrans("OolI", "0011")))


# --- the host: what a bare reference means -------------------------------------------


@dataclass
class Host:
    """The citing unit's document, as far as a bare reference needs it."""

    doc: Document
    primary_id: str  # the document a variant copy stands for
    unit: str
    symbol: str | None = None  # e.g. "CMW/C/XYZ/QPR/2"
    bare_paras_doc: tuple[str | None, str] | None = None  # (doc_id, name) bare "(para. 19)" points to (lists of issues)

    @property
    def family(self) -> str:
        return self.doc.family


@dataclass
class _Match:
    start: int
    end: int
    refs: list[Reference]
    last_doc: tuple[str | None, str] | None = None  # the document it names, for a later "Ibid."


@dataclass
class DocumentNames:
    """How the catalogue's documents are cited: UN symbols, general comment numbers,
    Indonesian statutes by (type, number, year). Built once per catalogue."""

    symbols: dict[str, str] = field(default_factory=dict)  # upper-case symbol -> doc id
    gcs: dict[int, tuple[str, int | None]] = field(default_factory=dict)  # CMW GC number -> (doc id, year)
    regs: dict[tuple[str, int, int], str] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)  # doc id -> how to name it, when not its citation

    @classmethod
    def from_documents(cls, documents: Iterable[Document], symbols: dict[str, str] | None = None) -> "DocumentNames":
        """`symbols`: extra doc id -> symbol found in documents' texts (user-added COs)."""
        out = cls()
        for doc in documents:
            out.docs[doc.id] = doc
            if doc.variant_of:
                continue
            found = (symbols or {}).get(doc.id)
            if found and not _SYMBOL.search(doc.citation or ""):
                out.display[doc.id] = found  # a user's concluding observations, cited by their symbol
            names = [doc.citation, doc.title, *doc.aliases, doc.symbol or "", found or ""]
            for name in names:
                for m in _SYMBOL.finditer(name or ""):
                    for part in re.split(r"\s?[-–]\s?(?=[A-Z]{2,}/)", m.group(0)):
                        out.symbols.setdefault(_norm_symbol(part), doc.id)
                    out.symbols.setdefault(_norm_symbol(m.group(0)), doc.id)
                if doc.family == "national-law":
                    rm = _REG.search(name or "")
                    if rm:
                        out.regs.setdefault(_reg_key(rm), doc.id)
            if doc.family == "committee":
                for name in [doc.citation, *doc.aliases]:
                    gm = re.fullmatch(r"(?:General comment|GC)\s+No\.?\s*(\d{1,2})", name or "", re.IGNORECASE)
                    if gm:
                        out.gcs.setdefault(int(gm.group(1)), (doc.id, doc.year))
        return out

    def symbol_doc(self, symbol: str) -> str | None:
        key = _norm_symbol(symbol)
        if key in self.symbols:
            return self.symbols[key]
        for part in re.split(r"\s?[-–]\s?(?=[A-Z]{2,}/)", symbol):
            if _norm_symbol(part) in self.symbols:
                return self.symbols[_norm_symbol(part)]
        return None


def _norm_symbol(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).replace("–", "-").rstrip(".").upper()


def _reg_key(m: re.Match) -> tuple[str, int, int]:
    kind = next(k for i, (k, _p) in enumerate(_REG_TYPES) if m.group(f"t{i}"))
    num = int(m.group("num") or m.group("num2"))
    return kind, num, fold_year(m.group("year"))


_REG_NAMES = {"UU": "UU No. {n} Tahun {y}", "PP": "PP No. {n} Tahun {y}", "Perppu": "Perppu No. {n} Tahun {y}",
              "Perpres": "Perpres No. {n} Tahun {y}", "Keppres": "Keppres No. {n} Tahun {y}",
              "Inpres": "Inpres No. {n} Tahun {y}", "Permen": "Peraturan Menteri No. {n} Tahun {y}",
              "Kepmen": "Keputusan Menteri No. {n} Tahun {y}", "Perda": "Perda No. {n} Tahun {y}"}


# --- extraction -------------------------------------------------------------------------


class Extractor:
    """Finds references in texts of one catalogue. `extract(text, host, where)`."""

    def __init__(self, names: DocumentNames):
        self.names = names

    # The instrument a provision list belongs to, from the words right after it.
    def _instrument_after(self, text: str, end: int, host: Host) -> tuple[str | None, str, int] | None:
        """(doc id, name, end of the instrument's name) or None when nothing attaches."""
        m = _ATTACH.match(text, end)
        pos = m.end() if m else end
        if pos - end > 30:
            return None
        same = _SAME_INSTRUMENT.match(text, end)
        if same:
            return host.primary_id, self._name(host.primary_id), same.end()
        found = find_named(text, pos)
        if found:
            inst, stop = found
            return inst.doc_id, (self._name(inst.doc_id) if inst.doc_id else inst.name), stop
        ilo = _ILO.match(text, pos)
        if ilo:
            return None, _ilo_name(ilo), ilo.end()
        reg = _REG.match(text, pos)
        if reg:
            doc_id, name = self._reg_target(reg)
            return doc_id, name, reg.end()
        sym = _SYMBOL.match(text, pos)
        if sym:
            doc_id = self.names.symbol_doc(sym.group(0))
            return doc_id, self._name(doc_id) if doc_id else _norm_symbol(sym.group(0)), sym.end()
        conv = CONVENTION_SHORT.match(text, pos)
        if conv and (host.family in ("committee", "convention") or conv.group(0).lower() == "konvensi"
                     or host.family == "national-law"):
            return CONVENTION_ID, self._name(CONVENTION_ID), conv.end()
        cov = COVENANT_SHORT.match(text, pos)
        if cov:
            return None, "Covenant", cov.end()
        gc = _GC.match(text, pos)
        if gc:
            doc_id, name = self._gc_target(text, gc)
            return doc_id, name, gc.end()
        return None

    def _instrument_before(self, text: str, start: int, last_doc: tuple[str | None, str] | None) -> tuple[str | None, str] | None:
        """Footnote style: "Convention, art. 7", "ICCPR, art. 9", "Ibid., art. 27"."""
        head = text[max(0, start - 160) : start]
        if _IBID.search(head):
            return last_doc
        if re.search(r"\bConvention\s*,\s*$", head) and not re.search(r"\b(?:on|against|for|relating)\b[^,]*Convention\s*,\s*$", head):
            return CONVENTION_ID, self._name(CONVENTION_ID)
        folded = head.lower()
        for inst in NAMED:
            if not inst.named_in(folded):
                continue
            m = re.search(rf"(?:{inst.pattern.pattern})\s*,\s*(?:annex\s*,\s*)?$", head, re.IGNORECASE)
            if m:
                return inst.doc_id, (self._name(inst.doc_id) if inst.doc_id else inst.name)
        m = re.search(rf"{_SYMBOL.pattern}\s*,\s*(?:annex\s*,\s*)?$", head)
        if m:
            sym = m.group(0).rstrip(", ").removesuffix("annex").rstrip(", ")
            doc_id = self.names.symbol_doc(sym)
            return doc_id, self._name(doc_id) if doc_id else _norm_symbol(sym)
        return None

    def _name(self, doc_id: str | None) -> str:
        if doc_id and doc_id in self.names.display:
            return self.names.display[doc_id]
        if doc_id and doc_id in self.names.docs:
            return self.names.docs[doc_id].citation
        return doc_id or ""

    def _reg_target(self, m: re.Match) -> tuple[str | None, str]:
        key = _reg_key(m)
        doc_id = self.names.regs.get(key)
        if doc_id:
            return doc_id, self._name(doc_id)
        return None, _REG_NAMES[key[0]].format(n=key[1], y=key[2])

    def _gc_target(self, text: str, m: re.Match, number: int | None = None) -> tuple[str | None, str]:
        n = number if number is not None else int(m.group("n"))
        year = int(m.group("year")) if m.group("year") else None
        gtype = (m.group("gtype") or "comment").lower()
        after = _COMMITTEE_AFTER.match(text, m.end())
        before = _COMMITTEE_BEFORE.search(text[max(0, m.start() - 120) : m.start()])
        committee = None
        for c in (after, before):
            if c:
                label = re.sub(r"\s+", " ", c.group("c"))
                committee = "CMW" if label.lower() == "committee" else next(
                    (v for k, v in _COMMITTEES.items() if k.lower() == label.lower()), None)
                break
        if gtype.startswith("recommendation"):
            return None, f"{committee or 'CEDAW/CERD'} general recommendation No. {n}"
        if committee in (None, "CMW") and n in self.names.gcs:
            doc_id, doc_year = self.names.gcs[n]
            if year is None or doc_year is None or year == doc_year or committee == "CMW":
                return doc_id, self._name(doc_id)
        label = f"{committee} general comment No. {n}" if committee else f"general comment No. {n}"
        return None, label + (f" ({year})" if year and number is None else "")

    def extract(self, text: str, host: Host, where: str = "text",
                last_doc: tuple[str | None, str] | None = None) -> tuple[list[Reference], tuple[str | None, str] | None]:
        """References in `text` (a unit's text or one of its footnotes), in order, and the
        last document named (the next footnote's "Ibid.")."""
        found: list[_Match] = []
        source = f"{host.doc.id}::{host.unit}"

        def ref(start, end, kind, doc_id, name, unit=None, locator=None, range_end=None) -> Reference:
            return Reference(source, where, start, end, text[start:end], kind, doc_id, name, unit, locator, range_end)

        # Provisions: articles and Pasal, with the instrument they belong to.
        for pattern, is_pasal in ((_ARTICLES, False), (_PASALS, True)):
            for m in pattern.finditer(text):
                found.append(self._provisions(text, m, host, is_pasal, ref, last_doc))
        # Documents by symbol, general comment, GA resolution, ILO number, statute number.
        for m in _SYMBOL.finditer(text):
            sym = m.group(0).rstrip(".")
            if "/" not in sym or len(sym) < 5:
                continue
            doc_id = self.names.symbol_doc(sym)
            name = self._name(doc_id) if doc_id else _norm_symbol(sym)
            found.append(self._with_paras(text, m.start(), m.start() + len(sym), doc_id, name, host, ref))
        for m in _GC.finditer(text):
            end = m.end()
            after = _COMMITTEE_AFTER.match(text, end)
            if after and not re.match(r"\s*/", text[after.end():]):
                end = after.end()
            numbers = _gc_numbers(m.group(0))
            if len(numbers) == 1:
                doc_id, name = self._gc_target(text, m)
                # "general comment No. 35 (2014) on liberty and security of person, para. 18"
                title = _GC_TITLE.match(text, end)
                match = self._with_paras(text, m.start(), title.end() if title else end, doc_id, name, host, ref)
                if title and match.refs and match.refs[0].kind != "paragraph":
                    match = self._with_paras(text, m.start(), end, doc_id, name, host, ref)
                found.append(match)
                continue
            refs = []  # "general comments No. 3 and No. 4/No. 22 and No. 23": one reference each
            for n in numbers:
                doc_id, name = self._gc_target(text, m, number=n)
                refs.append(ref(m.start(), end, "document", doc_id, name))
            found.append(_Match(m.start(), end, refs))
        # "paragraph 39 of its general comment No. 14", "paras. 3-5 of CMW/C/GC/2"
        for m in _PARAS_OF.finditer(text):
            target = _GC.match(text, m.end()) or _SYMBOL.match(text, m.end())
            if target is None:
                continue
            if target.re is _GC:
                doc_id, name = self._gc_target(text, target)
            else:
                doc_id = self.names.symbol_doc(target.group(0))
                name = self._name(doc_id) if doc_id else _norm_symbol(target.group(0))
            refs = [ref(m.start(), target.end(), "paragraph", doc_id, name, unit, loc, rng)
                    for unit, loc, rng in _para_items(m.group("list"))]
            found.append(_Match(m.start(), target.end(), refs, (doc_id, name)))
        for m in _GA_RES.finditer(text):
            symbol = f"A/RES/{m.group('n')}"
            doc_id = self.names.symbol_doc(symbol)
            found.append(self._with_paras(text, m.start(), m.end(), doc_id, self._name(doc_id) if doc_id else symbol, host, ref))
        for m in _ILO.finditer(text):
            found.append(_Match(m.start(), m.end(), [ref(m.start(), m.end(), "document", None, _ilo_name(m))], (None, _ilo_name(m))))
        for m in _REG.finditer(text):
            doc_id, name = self._reg_target(m)
            if doc_id == host.primary_id:
                continue
            found.append(_Match(m.start(), m.end(), [ref(m.start(), m.end(), "document", doc_id, name)], (doc_id, name)))
        # Named instruments with a paragraph ("Global Compact, para. 15 (f)"), "Ibid., para. 4".
        folded = text.lower()
        present = [inst for inst in NAMED if inst.named_in(folded)]
        for inst in present:
            for m in _with_paras_pattern(inst).finditer(text):
                name = self._name(inst.doc_id) if inst.doc_id else inst.name
                found.append(self._with_paras(text, m.start(), m.end(), inst.doc_id, name, host, ref))
        for m in re.finditer(r"\b(?:Ibid|Ibidem)\.?(?=\s*,\s*(?:paras?\.|paragraphs?)\s*\d)", text, re.IGNORECASE):
            if last_doc is not None:
                found.append(self._with_paras(text, m.start(), m.end(), last_doc[0], last_doc[1], host, ref, ibid=True))
        # Paragraphs of the same document: "para. 12 above", "see paras. 20-22".
        for m in _SAME_DOC_PARAS.finditer(text):
            target = None
            if m.group("where") or m.group("see"):
                target = (host.primary_id, self._name(host.primary_id))
            elif host.bare_paras_doc is not None:
                target = host.bare_paras_doc
            if target is None:
                continue
            refs = [ref(m.start(), m.end(), "paragraph", target[0], target[1], unit, loc, rng)
                    for unit, loc, rng in _para_items(m.group("list"))]
            found.append(_Match(m.start(), m.end(), refs))

        accepted: list[_Match] = []
        for match in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
            if not match.refs:
                continue
            if accepted and match.start < accepted[-1].end:
                continue
            accepted.append(match)
        refs: list[Reference] = []
        named: list[tuple[int, tuple[str | None, str]]] = []  # what a later "Ibid." may mean
        for match in accepted:
            refs.extend(match.refs)
            if match.last_doc is not None:
                named.append((match.end, match.last_doc))
        for inst in present:  # an instrument named without a provision ("Global Compact, objective 17")
            for m in inst.pattern.finditer(text):
                named.append((m.end(), (inst.doc_id, self._name(inst.doc_id) if inst.doc_id else inst.name)))
        if named:
            last_doc = max(named, key=lambda x: x[0])[1]
        own = (host.primary_id, host.unit)
        explained = host.unit[len("Penjelasan "):] if host.unit.startswith("Penjelasan ") else None
        refs = [r for r in refs if not (r.target_doc == own[0] and (r.target_unit is None or r.target_unit in (own[1], explained)))]
        return refs, last_doc

    def _with_paras(self, text, start, end, doc_id, name, host, ref, ibid: bool = False) -> _Match:
        m = _PARAS_AFTER.match(text, end)
        if m:
            refs = [ref(start, m.end(), "paragraph", doc_id, name, unit, loc, rng) for unit, loc, rng in _para_items(m.group("list"))]
            return _Match(start, m.end(), refs, (doc_id, name))
        if ibid or doc_id == host.primary_id:
            return _Match(start, end, [], (doc_id, name))
        return _Match(start, end, [ref(start, end, "document", doc_id, name)], (doc_id, name))

    def _provisions(self, text: str, m: re.Match, host: Host, is_pasal: bool, ref,
                    last_doc: tuple[str | None, str] | None = None) -> _Match:
        items = _provision_items(m.group(0), is_pasal)
        end = m.end()
        after = self._instrument_after(text, end, host)
        if after is not None:
            doc_id, name, end = after
        else:
            before = self._instrument_before(text, m.start(), last_doc)
            if before is not None:
                doc_id, name = before
            elif host.family in ("national-law",) or is_pasal or host.family in ("convention", "bilateral", "regional"):
                doc_id, name = host.primary_id, self._name(host.primary_id)
            else:
                doc_id, name = CONVENTION_ID, self._name(CONVENTION_ID)
        statute = doc_id is not None and doc_id in self.names.docs and self.names.docs[doc_id].family == "national-law"
        pasal_style = statute or (doc_id is None and is_pasal)  # "Pasal 28D UUD 1945"
        refs = []
        for n, fines, range_end, penjelasan in items:
            for fine in fines:
                unit, locator, rng = _provision_unit(n, fine, range_end, pasal_style, penjelasan)
                refs.append(ref(m.start(), end, "provision" if statute or doc_id is None and is_pasal else "article",
                                doc_id, name, unit, locator, rng))
        return _Match(m.start(), end, refs, (doc_id, name) if doc_id != host.primary_id else None)


_NAMED_WITH_PARAS: dict[str, re.Pattern[str]] = {}


def _with_paras_pattern(inst) -> re.Pattern[str]:
    """The instrument's name followed by ", para(s). N" ("Global Compact, para. 15 (f)")."""
    if inst.name not in _NAMED_WITH_PARAS:
        _NAMED_WITH_PARAS[inst.name] = re.compile(rf"(?:{inst.pattern.pattern})(?={_PARAS_AFTER.pattern})", re.IGNORECASE)
    return _NAMED_WITH_PARAS[inst.name]


def _ilo_name(m: re.Match) -> str:
    kind = (m.group("kind") or m.group("kind2") or m.group("kind3") or "Convention").lower()
    n = m.group("n") or m.group("n2") or m.group("n3")
    return f"ILO {'Recommendation' if 'recom' in kind or 'rekom' in kind else 'Convention'} No. {int(n)}"


def _clean_num(n: str) -> str:
    n = re.sub(r"\s+", "", n)
    digits = re.match(r"\d[\dlO]*", n)
    if digits:  # OCR: "7l" -> "71", "1O" -> "10"
        n = digits.group(0).translate(str.maketrans("lO", "10")) + n[digits.end():]
    return n.upper()


def _provision_items(matched: str, is_pasal: bool) -> list[tuple[str, list[str], str | None, bool]]:
    """[(number, [fine parts], range end number, penjelasan)] of a provision list."""
    items: list[tuple[str, list[str], str | None, bool]] = []
    for it in (_PASAL_ITEM if is_pasal else _ARTICLE_ITEM).finditer(matched):
        n = _clean_num(it.group("n"))
        sep = (it.group("sep") or "").strip().lower()
        fines = _split_fine(it.group("fine") or "", is_pasal)
        if items and re.fullmatch(_RANGE_SEP, sep, re.IGNORECASE):
            prev = items[-1]
            items[-1] = (prev[0], prev[1], n, prev[3])
            continue
        items.append((n, fines, None, bool(it.group("pen"))))
    return items


def _split_fine(fine: str, is_pasal: bool) -> list[str]:
    """One locator suffix per listed alternative: "ayat (1) dan ayat (2)" -> two."""
    if not fine.strip():
        return [""]
    if is_pasal:
        ayats = re.findall(r"\(\s*(\d{1,2})\s*\)", fine)
        hurufs = re.findall(rf"(?:{_HURUF}\s+|(?:,|dan|atau)\s*)([a-z])\b", fine, re.IGNORECASE)
        angka = re.findall(r"angka\s+(\d{1,2})", fine)
        tail = "".join(f" angka {a}" for a in angka[:1])
        if len(ayats) > 1:
            return [f" ayat ({a})" for a in ayats]
        head = f" ayat ({ayats[0]})" if ayats else ""
        if len(hurufs) > 1:
            return [f"{head} huruf {h.lower()}" for h in hurufs]
        return [head + (f" huruf {hurufs[0].lower()}" if hurufs else "") + tail]
    parts = re.findall(r"(?:paragraph|para\.)\s*(\d{1,2})|\(\s*(\d{1,2})\s*\)|\(([a-z]{1,4})\)", fine)
    return ["".join(f"({a or b or c})" for a, b, c in parts)]


def _provision_unit(n: str, fine: str, range_end: str | None, statute: bool, penjelasan: bool) -> tuple[str, str, str | None]:
    if statute:
        base = f"Pasal {n}"
        unit = f"Penjelasan {base}" if penjelasan else base
        return unit, unit + fine, (f"Pasal {range_end}" if range_end else None)
    unit = f"Article {n}"
    if fine.startswith(" "):  # an Indonesian text citing the Convention: "Pasal 22 ayat (1) Konvensi"
        fine = "".join(f"({a or b})" for a, b in re.findall(r"\((\d+)\)|huruf\s+([a-z])", fine))
    return unit, unit + fine, (f"Article {range_end}" if range_end else None)


def _para_items(listed: str) -> list[tuple[str, str, str | None]]:
    """[(unit, locator, range end)] of "23", "34 and 35", "57 (e)", "20-22"."""
    out: list[tuple[str, str, str | None]] = []
    for it in _PARA_ITEMS.finditer(listed):
        n = it.group("n")
        sep = (it.group("sep") or "").strip()
        fine = "".join(f" ({x})" for x in re.findall(r"\(([a-z]{1,4})\)", it.group("fine") or ""))
        if out and re.fullmatch(_RANGE_SEP, sep, re.IGNORECASE):
            unit, loc, _ = out[-1]
            out[-1] = (unit, loc, f"para {n}")
            continue
        out.append((f"para {n}", f"para {n}{fine}", None))
    return out


def with_resolution(refs: Iterable[Reference], indexed_units: set[str], indexed_docs: set[str]) -> list[Reference]:
    """The references with `resolved` set: the target unit (or document) is indexed."""
    out = []
    for r in refs:
        if r.target_doc is None:
            ok = False
        elif r.target_unit is None:
            ok = r.target_doc in indexed_docs
        else:
            ok = f"{r.target_doc}::{r.target_unit}" in indexed_units
        out.append(replace(r, resolved=ok) if ok != r.resolved else r)
    return out
