"""Which instruments a question names, which of them the index lacks, and which
article of which instrument a sentence refers to.

A question about "article 22 of the Convention" must be answered from sentences about
that article of that instrument: the Committee's commentary on it, never a paragraph
about article 22 of the ICCPR. And when the Convention itself is not indexed, the answer
says so first, with how to get it (the catalogue knows each document's official source).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..citations import CitationResolver
    from ..models import Document

# How a question describes a kind of instrument without its symbol or alias. Each entry:
# a pattern over the folded question, and a test on catalogue documents of that kind.
_CONVENTION = r"(?:the\s+)?convention|konvensi"
# Words after "Convention"/"Konvensi" that make it another convention.
_OTHER_CONVENTION = re.compile(
    r"^\s*(?:on\s+the\s+(?!protection\s+of\s+the\s+rights\s+of\s+all\s+migrant)|(?:on|of)\s+(?:civil|economic|the\s+rights\s+of\s+"
    r"the\s+child|the\s+elimination)|against|for\s+the|concerning|relating|of\s+the\s+ilo|no\b|nomor|no\.|ilo|c\s?\d|"
    r"\d|hak\s+anak|(?:internasional\s+)?tentang\s+hak(?:-hak)?\s+(?:sipil|anak|ekonomi)|anti|menentang|penghapusan|"
    r"wina|vienna|\(no)",
    re.IGNORECASE,
)
_CO = re.compile(r"\bconcluding\s+observations?\b|\bobservasi\s+(?:penutup|akhir)\b|\bpengamatan\s+(?:penutup|akhir)\b|"
                 r"\bkesimpulan\s+pengamatan\b|\bcatatan\s+penutup\b")
# The concluding observations described by what they are, the Committee's recommendations
# to a State ("What did the Committee recommend to Indonesia …", "rekomendasi Komite
# kepada Indonesia"): the addressee is checked by about_another_state and the Indonesia test.
_CO_DESCRIBED = re.compile(
    r"\b(?:committee|komite|cmw)\b.{0,60}?\b(?:recommend\w*|rekomendasi\w*|merekomendasikan|urge[sd]?|mendesak)\b"
    r".{0,40}?\b(?:to|for|kepada|untuk|bagi|terhadap)\s+(?:the\s+government\s+of\s+|pemerintah\s+)?indonesia\b|"
    r"\b(?:recommendations?|rekomendasi)\s+(?:of\s+the\s+|dari\s+|the\s+)?(?:committee|komite|cmw)\b.{0,40}?"
    r"\b(?:to|for|kepada|untuk|bagi|terhadap|on)\s+(?:the\s+government\s+of\s+|pemerintah\s+)?indonesia\b"
)
_LOI = re.compile(r"\blist\s+of\s+issues\b|\bdaftar\s+(?:isu|masalah|pertanyaan)\b")
_REPORT = re.compile(r"\b(?:initial|periodic|state\s+party(?:'s)?|second|first)\s+report\b|\blaporan\s+(?:awal|periodik|berkala|negara)\b")
_FIRST = re.compile(r"\b(?:initial|first|pertama|awal|2017|2016)\b")
_SECOND = re.compile(r"\b(?:second|kedua|2025|2026)\b")
_BILATERAL = re.compile(r"\b(?:mou|moc|memorandum|nota\s+kesepahaman|agreement|arrangement|persetujuan|perjanjian|"
                        r"kesepakatan|bilateral)\b")

# Destination countries of Indonesian workers, as people name them (English, Indonesian).
COUNTRY_NAMES = {
    "MYS": ("malaysia",), "SAU": ("saudi arabia", "arab saudi", "saudi"), "KOR": ("korea", "south korea", "korea selatan"),
    "JPN": ("japan", "jepang"), "SGP": ("singapore", "singapura"), "HKG": ("hong kong",), "TWN": ("taiwan",),
    "ARE": ("united arab emirates", "uae", "uni emirat arab", "emirat"), "QAT": ("qatar",), "KWT": ("kuwait",),
    "OMN": ("oman",), "BHR": ("bahrain",), "JOR": ("jordan", "yordania"), "BRN": ("brunei",),
    "THA": ("thailand",), "PHL": ("philippines", "filipina"), "AUS": ("australia",), "NZL": ("new zealand", "selandia baru"),
    "GBR": ("united kingdom", "uk", "great britain", "britain"), "USA": ("united states", "usa", "amerika serikat"),
}
# Adjectives of those countries ("the Saudi Labour Law", "Malaysian law", "hukum Malaysia" needs none).
COUNTRY_ADJECTIVES = {
    "MYS": ("malaysian",), "KOR": ("korean", "south korean"), "JPN": ("japanese",), "SGP": ("singaporean",),
    "HKG": ("hong kong",), "TWN": ("taiwanese",), "ARE": ("emirati",), "QAT": ("qatari",), "KWT": ("kuwaiti",),
    "OMN": ("omani",), "BHR": ("bahraini",), "JOR": ("jordanian",), "BRN": ("bruneian",), "THA": ("thai",),
    "PHL": ("philippine", "filipino"), "AUS": ("australian",), "NZL": ("new zealand",), "GBR": ("british",),
    "USA": ("american",), "SAU": ("saudi",),
}
# How an answer names them (English, Indonesian).
COUNTRY_TITLES = {
    "MYS": ("Malaysia", "Malaysia"), "SAU": ("Saudi Arabia", "Arab Saudi"), "KOR": ("South Korea", "Korea Selatan"),
    "JPN": ("Japan", "Jepang"), "SGP": ("Singapore", "Singapura"), "HKG": ("Hong Kong", "Hong Kong"),
    "TWN": ("Taiwan", "Taiwan"), "ARE": ("the United Arab Emirates", "Uni Emirat Arab"), "QAT": ("Qatar", "Qatar"),
    "KWT": ("Kuwait", "Kuwait"), "OMN": ("Oman", "Oman"), "BHR": ("Bahrain", "Bahrain"), "JOR": ("Jordan", "Yordania"),
    "BRN": ("Brunei", "Brunei"), "THA": ("Thailand", "Thailand"), "PHL": ("the Philippines", "Filipina"),
    "AUS": ("Australia", "Australia"), "NZL": ("New Zealand", "Selandia Baru"), "GBR": ("the United Kingdom", "Inggris"),
    "USA": ("the United States", "Amerika Serikat"),
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def describing_words(question: str) -> set[str]:
    """The question's words (lower case) that describe a kind of instrument ("pengamatan
    penutup", "list of issues", "laporan periodik"): they say which text is asked about,
    not a topic, so that no indexed unit uses them is no finding about the topic."""
    folded = fold(question)
    return {w for pattern in (_CO, _LOI, _REPORT) for m in pattern.finditer(folded) for w in re.findall(r"\w+", m.group())}


def _is_other_convention(folded: str, end: int) -> bool:
    return bool(_OTHER_CONVENTION.match(folded[end:]))


def named_documents(question: str, resolver: "CitationResolver", catalog: "Catalog") -> list[str]:
    """Catalogue ids of the documents a question names, in order of mention: by symbol,
    alias or citation (the resolver's), and by description ("the concluding observations
    on Indonesia", "the MoU with Malaysia", "Konvensi")."""
    folded = fold(question)
    found: list[str] = []
    rest = folded
    for _ in range(8):
        doc_id, span = resolver.find_document(rest)
        if doc_id is None or span is None:
            break
        name = rest[span[0]:span[1]]
        blank = " " * (span[1] - span[0])
        rest = rest[: span[0]] + blank + rest[span[1]:]
        doc = catalog.find(doc_id)
        if doc is not None and doc.family == "convention" and "convention" in name and _is_other_convention(folded, span[1]):
            continue  # "the Convention on the Rights of the Child" is not the Convention
        if doc_id not in found:
            found.append(doc_id)
    named_parties = {p for d in found if (doc := catalog.find(d)) is not None and doc.family == "bilateral"
                     for p in doc.parties}
    for doc_id in described_documents(folded, catalog):
        doc = catalog.find(doc_id)
        if doc is not None and doc.family == "bilateral" and set(doc.parties) & named_parties - {"IDN"}:
            continue  # "the Japan-Indonesia EPA" names that agreement, not every one with Japan
        if doc_id not in found:
            found.append(doc_id)
    return found


# A treaty-body symbol of another State's documents ("CMW/C/PHL/CO/2"): folded text.
_OTHER_STATE_SYMBOL = re.compile(r"\b[a-z]{3,5}/c/(?!idn\b)[a-z]{3}/")


def about_another_state(folded: str) -> bool:
    """Whether a question describing a State party's documents ("the concluding
    observations", "the State party report") means another State's: it gives another
    State's symbol, or names a State and not Indonesia."""
    if _OTHER_STATE_SYMBOL.search(folded):
        return True
    if re.search(r"\bindonesia", folded):
        return False
    return any(re.search(rf"\b{re.escape(n)}\b", folded) for names in COUNTRY_NAMES.values() for n in names)


def described_documents(folded: str, catalog: "Catalog") -> list[str]:
    """Documents the question describes by kind rather than by name (the catalogue's
    State party documents are Indonesia's: another State's are not described by it)."""
    out: list[str] = []
    for m in re.finditer(rf"\b(?:{_CONVENTION})\b", folded):
        if not _is_other_convention(folded, m.end()):
            out += [d.id for d in catalog if d.family == "convention" and d.variant_of is None]
            break
    committee = [d for d in catalog if d.family == "committee"]
    if about_another_state(folded):
        committee = [d for d in committee if "IDN" not in (d.parties or ()) and "indonesia" not in d.title.lower()]
    for pattern, title in ((_CO, "concluding observations"), (_LOI, "list of issues"), (_REPORT, "report")):
        if not pattern.search(folded) and not (pattern is _CO and _CO_DESCRIBED.search(folded)):
            continue
        docs = [d for d in committee if title in d.title.lower()]
        if pattern is _REPORT:
            docs = [d for d in docs if "concluding" not in d.title.lower() and "list of issues" not in d.title.lower()]
        first = [d for d in docs if re.search(r"\binitial\b", d.title, re.I)]
        later = [d for d in docs if not re.search(r"\binitial\b", d.title, re.I)]
        if _FIRST.search(folded) and not _SECOND.search(folded):
            docs = first or docs
        elif _SECOND.search(folded) and not _FIRST.search(folded):
            docs = later or docs
        out += [d.id for d in docs]
    kinds = bilateral_kinds(folded)
    if kinds:
        for doc in catalog:
            if doc.family != "bilateral":
                continue
            if None not in kinds and _bilateral_kind(doc.title) not in kinds | {None}:
                continue  # "the Japan-Indonesia agreement" is IJEPA, not the Japan MoC
            names = [n for p in doc.parties if p != "IDN" for n in COUNTRY_NAMES.get(p, ())]
            if any(re.search(rf"\b{re.escape(n)}\b", folded) for n in names):
                out.append(doc.id)
    return list(dict.fromkeys(out))


_MEMORANDUM = re.compile(r"\b(?:mou|moc|memorandum|nota\s+kesepahaman)\b", re.IGNORECASE)
_AGREEMENT = re.compile(r"\b(?:agreement|persetujuan)\b", re.IGNORECASE)


def bilateral_kinds(question: str) -> set[str | None]:
    """The kinds of bilateral instrument a question's words name (`_bilateral_kind` of
    each: "memorandum", "agreement", or None for a word used of both)."""
    return {_bilateral_kind(m.group()) for m in _BILATERAL.finditer(fold(question))}


def _bilateral_kind(text: str) -> str | None:
    """What kind of bilateral instrument a word or a title names: "memorandum" (an MoU,
    an MoC, a nota kesepahaman), "agreement" (an agreement, a persetujuan), or None
    (either: "bilateral", "arrangement", "perjanjian", "kesepakatan" are used of both).
    A title is classed by the kind word it opens with (its first such word)."""
    m = re.search(f"{_MEMORANDUM.pattern}|{_AGREEMENT.pattern}", text, re.IGNORECASE)
    if m is None:
        return None
    return "memorandum" if _MEMORANDUM.fullmatch(m.group()) else "agreement"


@dataclass(frozen=True)
class Missing:
    """A document the question names that the index does not hold."""

    document: "Document"
    in_library: bool  # fetched or added, but not indexed yet


def missing_documents(named: list[str], indexed: set[str], catalog: "Catalog", in_library: set[str] = frozenset(),
                      question: str = "") -> list[Missing]:
    """Of the named documents, those not indexed — neither them nor a copy of them (a
    variant, or the document they are a variant of). A bilateral instrument described
    only by a word used of every kind ("perjanjian Indonesia-Jepang", `question`'s words)
    is not missing when an indexed one with the same other party answers the description
    (IJEPA, not the Japan MoC kb lacks)."""
    out: list[Missing] = []
    seen: set[str] = set()
    generic = bool(question) and bilateral_kinds(question) == {None}
    held_parties = {p for d in named if (doc := catalog.find(d)) is not None and doc.family == "bilateral"
                    and d in indexed for p in doc.parties if p != "IDN"}
    for doc_id in named:
        doc = catalog.find(doc_id)
        if doc is None:
            continue
        if generic and doc.family == "bilateral" and doc_id not in indexed and set(doc.parties) & held_parties:
            continue
        family = {doc.id, *(v.id for v in catalog.variants_of(doc.id))}
        if doc.variant_of:
            family |= {doc.variant_of, *(v.id for v in catalog.variants_of(doc.variant_of))}
        if family & indexed:
            continue
        main = catalog.find(doc.variant_of) if doc.variant_of else doc
        main = main or doc
        if main.id in seen:
            continue
        seen.add(main.id)
        out.append(Missing(main, bool(family & set(in_library))))
    return out


def without_missing_bilateral(question: str, missing: list[Missing]) -> str:
    """The question without the words that name a bilateral instrument kb does not hold
    ("the 2006 Indonesia-Malaysia MoU", "Persetujuan RI-Arab Saudi"): its kind words, its
    parties' names and a year. Those words name a text that is not there; left in, they
    find units about Indonesia, Malaysia or agreements in general ("warga negara Indonesia
    …"), not about the question's topic. The question itself when no such instrument is
    named, or when fewer than two words of three letters or more would be left."""
    bilateral = [m.document for m in missing if m.document.family == "bilateral"]
    if not bilateral:
        return question
    names = [_MEMORANDUM.pattern, _AGREEMENT.pattern, r"\b(?:bilateral|arrangement|perjanjian|kesepakatan)\b",
             r"\b(?:19|20)\d\d\b", r"\b(?:indonesia|indonesian|ri)\b", r"\bantara\b", r"\bbetween\b"]
    for doc in bilateral:
        for party in doc.parties:
            names += [rf"\b{re.escape(n)}\b" for n in (*COUNTRY_NAMES.get(party, ()), *COUNTRY_ADJECTIVES.get(party, ()))]
    folded = unicodedata.normalize("NFKC", question).replace("–", "-").replace("—", "-")
    out = re.sub("|".join(f"(?:{n})" for n in names), " ", folded, flags=re.IGNORECASE)
    out = re.sub(r"(?<=\s)[-/](?=\s)", " ", out)  # the dash left of "Indonesia-Malaysia"
    out = re.sub(r"\s+", " ", out).strip()
    return out if len(re.findall(r"\w{3,}", out)) >= 2 else question


# --- references to articles inside a sentence ----------------------------------------------

_REF = re.compile(
    r"\b(?:articles?|arts?\.?|pasal)\s+(?P<nums>\d{1,3}(?:\s*\(\d{1,2}\))*(?:\s*(?:,|and|dan|or|atau|to|sampai|-|–)\s*"
    r"(?:articles?\s+|pasal\s+)?\d{1,3}(?:\s*\(\d{1,2}\))*)*)",
    re.IGNORECASE,
)
_AFTER_PARAGRAPH = re.compile(r"^\s*,?\s*(?:paragraphs?|paras?\.?|ayat)\s*\(?\d{1,2}\)?(?:\s*\([a-z]\))?\s*,?", re.IGNORECASE)
_OF = re.compile(r"^\s*(?:of|dari|dalam|under)\s+(?:the\s+)?(?P<what>[^,;.()]{0,80})", re.IGNORECASE)
_OTHER_BEFORE = re.compile(
    r"(?:covenant|iccpr|icescr|cedaw|cerd|crc|cat|protocol|declaration|charter|ilo\s+convention\s+no\.?\s*\d+|"
    r"convention\s+no\.?\s*\d+|agreement|law|act|regulation)\s*,?\s*$",
    re.IGNORECASE,
)
# Another convention named by its title just before the reference, footnote style:
# "(Convention on the Rights of the Child, art. 9, para. 1)"; not the Convention's own
# title ("… Rights of All Migrant Workers …, art. 22").
_OTHER_TITLE_BEFORE = re.compile(
    r"\bconvention\s+(?:on|of|against|for|concerning|relating\s+to)\s+(?P<title>[^,;()]{3,120}?)\s*,?\s*$", re.IGNORECASE)

THE_CONVENTION = "icrmw"


# How a national act that ratifies a treaty is titled: "Undang-Undang ... tentang
# Pengesahan <the treaty's title>" (UU 12/2011, Lampiran II: "Pengesahan" acts), or in
# English "... ratifying / on the ratification of <title>".
_RATIFIES = re.compile(r"\b(?:pengesahan|ratification\s+of|ratifying|accession\s+to|aksesi)\s+(?:the\s+)?", re.IGNORECASE)
# A question about a State ratifying (or acceding to, or becoming a party to) a treaty.
ASKS_RATIFICATION = re.compile(
    r"\bratif\w*|\bmeratifikasi\b|\bpengesahan\b|\bmengesahkan\b|\bdisahkan\b|\baksesi\b|\bmengaksesi\b|"
    r"\bacce(?:de|ded|ssion)\b|\bbec(?:ome|ame)\s+(?:a\s+)?(?:state\s+)?party\b|\bmenjadi\s+negara\s+pihak\b",
    re.IGNORECASE,
)
# The article of such an act that ratifies ("Mengesahkan International Convention ...").
ENACTING = re.compile(r"\b(?:mengesahkan|ratif(?:y|ies|ied)|hereby\s+ratif)\w*", re.IGNORECASE)


def ratifying_act(doc: "Document", catalog: "Catalog", indexed: set[str]) -> "Document | None":
    """The indexed document that ratifies `doc` (a treaty): a document whose title reads
    "Pengesahan <doc's title>" ("UU No. 6 Tahun 2012 tentang Pengesahan International
    Convention on ... Migrant Workers" for the ICRMW), or None."""
    title = fold(doc.title)
    if len(title) < 12:
        return None
    for other in catalog:
        if other.id == doc.id or other.id not in indexed or other.variant_of == doc.id:
            continue
        folded = fold(other.title)
        m = _RATIFIES.search(folded)
        if m and folded[m.end():].startswith(title):
            return other
    return None


def _numbers(nums: str) -> set[int]:
    """"21 and 22" -> {21, 22}; "21 to 23" -> {21, 22, 23}; "22 (1)" -> {22}."""
    clean = re.sub(r"\(\d{1,2}\)", " ", nums)
    out: set[int] = set()
    tokens = re.findall(r"\d{1,3}|to|sampai|-|–", clean)
    prev: int | None = None
    ranged = False
    for tok in tokens:
        if tok.isdigit():
            n = int(tok)
            if ranged and prev is not None and prev < n <= prev + 50:
                out.update(range(prev, n + 1))
            out.add(n)
            prev, ranged = n, False
        else:
            ranged = True
    return out


def article_references(sentence: str, default: str | None) -> list[tuple[int, str | None]]:
    """(article number, instrument) for every article a sentence refers to. The
    instrument is THE_CONVENTION for "article 22 of the Convention" (or "Pasal 22
    Konvensi"), "other" for another named instrument ("article 22 of the International
    Covenant on Civil and Political Rights", "ICCPR, article 22"), and `default` when the
    sentence does not say (a general comment's "article 22" is the Convention's)."""
    out: list[tuple[int, str | None]] = []
    for m in _REF.finditer(sentence):
        after = sentence[m.end():]
        pm = _AFTER_PARAGRAPH.match(after)
        if pm:
            after = after[pm.end():]
        instrument: str | None = default
        after_f = fold(after)
        named = re.match(r"^(?:the\s+)?(?:convention|konvensi)\b", after_f)
        of = _OF.match(after)
        before = sentence[max(0, m.start() - 60): m.start()]
        if named:  # "Pasal 22 Konvensi"
            instrument = "other" if _is_other_convention(after_f, named.end()) else THE_CONVENTION
        elif of:
            what = fold(of.group("what"))
            conv = re.match(r"^(?:the\s+)?(?:convention|konvensi)\b", what)
            if conv:
                instrument = "other" if _is_other_convention(what, conv.end()) else THE_CONVENTION
            elif re.match(r"^(?:present|this)\s+(?:convention|general comment)", what):
                instrument = default
            elif what:
                instrument = "other"
        elif _OTHER_BEFORE.search(before):
            instrument = "other"
        elif (t := _OTHER_TITLE_BEFORE.search(sentence[max(0, m.start() - 160): m.start()])) and \
                "migrant" not in t.group("title").lower():
            instrument = "other"
        for n in sorted(_numbers(m.group("nums"))):
            out.append((n, instrument))
    return out


def refers_to(sentence: str, article: int, instrument: str, default: str | None) -> bool | None:
    """True when the sentence refers to `article` of `instrument`; False when it refers
    to an article with that number of another instrument (and not to this one); None
    when it does not mention that number at all."""
    refs = [inst for n, inst in article_references(sentence, default) if n == article]
    if not refs:
        return None
    return instrument in refs


def default_instrument(doc: "Document") -> str | None:
    """Whose articles a document's unqualified "article N" means: the Committee on
    Migrant Workers writes of its Convention; a statute's "Pasal N" is its own."""
    if doc.family == "committee":
        return THE_CONVENTION
    if doc.family == "convention":
        return doc.variant_of or doc.id
    return doc.id
