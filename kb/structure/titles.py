"""The title a document prints, read from its text: what `kb add` labels a document by when
no --title is given (or when the one given is only the file's own name).

- An Indonesian regulation: its heading, "UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 13 TAHUN
  2003 TENTANG KETENAGAKERJAAN" -> "Undang-Undang Republik Indonesia Nomor 13 Tahun 2003
  tentang Ketenagakerjaan" (kb.structure.statute_id.identity.own_title).
- A UN document: the symbol its masthead prints ("CMW/C/GC/1", "A/HRC/WG.6/99/XYZ/2",
  "E/C.12/GC/23", "A/RES/68/4"; the UN's Editorial Manual, "Document symbols": the symbol
  stands at the top right of the first page and heads every page), and the title line(s)
  under the masthead ("Concluding observations on the initial report of Indonesia",
  "General comment No. 1 on migrant domestic workers", "Compilation on Xyzland").
- A treaty, MoU or ASEAN instrument: its first heading ("MEMORANDUM OF UNDERSTANDING
  BETWEEN ... ON ...", "ASEAN DECLARATION ON THE PROTECTION ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .statute_id.identity import _capitals, own_title, title_words


@dataclass(frozen=True)
class PrintedTitle:
    """What a document's text prints of its name: `title` (one line, in the catalogue's
    form) or None when only a symbol was read; `symbol`, the UN symbol of its masthead
    or running header (None for other documents); `where` it was read ("heading",
    "masthead", "running header")."""

    title: str | None
    symbol: str | None = None
    where: str = "heading"


# A UN document symbol: an organ's letters, then at least two more parts separated by "/"
# ("A/RES/68/4", "E/C.12/GC/23", "A/HRC/WG.6/99/XYZ/2"), a joint document's second symbol
# after a dash ("CMW/C/GC/3-CRC/C/GC/22"), and "/Add.1", "/Rev.1", "/Corr.1".
_PART = r"(?:[A-Z0-9]{1,12}(?:\.\d{1,3})?|(?:Add|Rev|Corr)\.\d{1,3})"
_ONE = r"[A-Z]{1,8}(?:/" + _PART + r"){2,8}"
UN_SYMBOL = re.compile(r"(?<![\w/.-])" + _ONE + r"(?:\s?[-–]\s?" + _ONE + r")?(?![\w/])")
_MASTHEAD_LINES = 12
_MASTHEAD_CHARS = 600
# The first words of a UN document's title (the kinds the treaty bodies, the Human Rights
# Council's Universal Periodic Review and the General Assembly issue).
_UN_TITLE = re.compile(
    r"(?:Joint\s+)?general\s+(?:comment|recommendation)\b|Concluding\s+observations\b|List\s+of\s+issues\b"
    r"|Compilation\s+(?:on|of)\b|Summary\s+(?:of|prepared)\b|National\s+report\b|Report\s+of\s+the\b"
    r"|(?:Initial|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Combined\s+\w+(?:\s+and\s+\w+)?)"
    r"\s+(?:periodic\s+)?reports?\b|Resolution\s+adopted\b|Decision\s+adopted\b|Views\s+adopted\b|Replies\s+of\b",
    re.IGNORECASE,
)
_RESOLUTION_TITLE = re.compile(r"^\s*\d{1,3}/\d{1,4}\.\s+(?P<title>\S.*)$")
# Lines that end a title: the body's first heading or paragraph, a footnote's mark, the
# masthead's furniture printed after it.
_AFTER_TITLE = re.compile(
    r"^\s*(?:[IVX]+\.\s|\d+\.\s|[A-H]\.\s|Introduction\b|Contents\b|Addendum\b|Note\s+by\b|\*|Distr\b|GE\.\d"
    r"|Original:|Advance\s+unedited|Please\s+recycle|Annex\b|Preamble\b|PREAMBLE\b|Article\s+1\b|ARTICLE\s+1\b"
    r"|Chapter\s+[1I]\b|CHAPTER\s+[1I]\b|\[)"
)
_TITLE_MAX = 300
_LINE_MAX = 150  # a title's line as a masthead prints it

# The first words of a treaty's, MoU's or ASEAN instrument's heading.
_INSTRUMENT = re.compile(
    r"(?:ASEAN\s+|INTERNATIONAL\s+|JOINT\s+)?(?:MEMORANDUM|AGREEMENT|DECLARATION|CONSENSUS|CONVENTION|PROTOCOL|TREATY"
    r"|ARRANGEMENT|CHARTER|STATEMENT|GUIDELINES|PERSETUJUAN|PERJANJIAN|NOTA\s+KESEPAHAMAN|KONVENSI|DEKLARASI"
    r"|KONSENSUS)\b",
    re.IGNORECASE,
)
# Lines that open a treaty's body after its heading.
_BODY = re.compile(
    r"^\s*(?:PREAMBLE|Preamble|ARTICLE\s|Article\s|CHAPTER\s|Chapter\s|PART\s|SECTION\s|WE,|We,|WHEREAS|Whereas"
    r"|RECALLING|Recalling|RECOGNI[SZ]ING|THE\s+PARTIES|The\s+Parties|HAVE\s+AGREED|MUKADIMAH|PASAL\s|Pasal\s"
    r"|CONTENTS|Contents|TABLE\s+OF\s+CONTENTS|Table\s+of\s+contents)"
)
# A cover's imprint after the title on its line ("... Migrant Workers Jakarta, ASEAN Secretariat").
_IMPRINT = re.compile(r"\s+(?:(?:Jakarta|JAKARTA),?\s+)?(?:The\s+|THE\s+)?(?:ASEAN\s+Secretariat|ASEAN\s+SECRETARIAT)\b.*$")
_SHORT_HEADING = 3  # words: "CONVENTION 97", a number's heading over the title line


def printed_title(text: str, family: str, language: str = "en", furniture=()) -> PrintedTitle | None:
    """The title `text` prints for a document of `family` (a catalogue family:
    "national-law", "committee", "convention", "regional", "bilateral") in `language`;
    None when it prints none kb can read (the heading OCR lost, a text that opens with
    its first paragraph). `furniture` is the reader's removed page furniture
    ((kind, text, page) triples): a PDF's running header holds a UN document's symbol
    when its masthead was cut. Never raises on odd text."""
    if not isinstance(text, str) or not text.strip():
        return None
    if family == "national-law":
        title = own_title(text, language)
        return PrintedTitle(title) if title else None
    if family == "committee":
        return un_title(text, furniture)
    title = instrument_title(text)
    if title:
        return PrintedTitle(title)
    return un_title(text, furniture) if masthead_symbol(text, furniture) else None


def masthead_symbol(text: str, furniture=()) -> str | None:
    """The UN symbol printed in the masthead of `text` (its first 12 lines and 600
    characters; first on its line or after the organ's name, "United Nations"), else the one the running header repeats (a PDF's masthead cut, its
    symbol on top of every page: the reader's `furniture`); None when there is none. A
    symbol cited in the body is never taken: only the masthead and running header count.
    A joint document's two symbols are joined by "-" ("CMW/C/GC/3-CRC/C/GC/22")."""
    for line in _masthead_lines(text):
        m = _masthead_match(line)
        if m:
            return _clean_symbol(m.group(0))
    headers = [t for kind, t, _page in furniture if kind == "running-header"]
    for header in headers[:3]:
        m = UN_SYMBOL.search(header)
        if m:
            return _clean_symbol(m.group(0))
    return None


# What a masthead prints before the symbol on its line: nothing, or the organ's name.
_BEFORE_SYMBOL = re.compile(r"\s*(?:(?:United\s+Nations|General\s+Assembly|Security\s+Council|Economic\s+and\s+Social"
                            r"\s+Council|Human\s+Rights\s+Council)\s*)*")


def _masthead_lines(text: str) -> list[str]:
    lines, size = [], 0
    for line in text.lstrip().splitlines()[:_MASTHEAD_LINES]:
        size += len(line) + 1
        if size > _MASTHEAD_CHARS and lines:
            break
        lines.append(line)
    return lines


def _masthead_match(line: str) -> re.Match | None:
    """The symbol a masthead line prints: first on its line, or after the organ's name
    ("United Nations CMW/C/GC/1"); a symbol a sentence cites is not one."""
    m = UN_SYMBOL.search(line)
    return m if m and _BEFORE_SYMBOL.fullmatch(line[: m.start()]) else None


def _clean_symbol(symbol: str) -> str:
    return re.sub(r"\s?[-–]\s?", "-", symbol)


def un_title(text: str, furniture=()) -> PrintedTitle | None:
    """A UN document's symbol and title: the masthead's symbol (`masthead_symbol`) and the
    first line under it that opens as a UN title does ("Concluding observations on ...",
    "General comment No. 1 on ...", "Compilation on ..."), with the lines that continue
    it (at most 300 characters; the body's first heading, a footnote's mark or a blank
    line ends it). A resolution is titled by its numbered title ("68/4. Declaration of
    ..." -> "Declaration of ..."). PrintedTitle(None, symbol) when only the symbol was
    read; None when neither was."""
    symbol = masthead_symbol(text, furniture)
    lines = text.lstrip().splitlines()[:60]
    start = 0
    if symbol:
        for i, line in enumerate(lines[:_MASTHEAD_LINES]):
            found = _masthead_match(line)
            if found and _clean_symbol(found.group(0)) == symbol:
                rest = line[found.end():].strip(" \t—–-:|")
                if rest and _UN_TITLE.match(rest):  # "CMW/C/GC/7 — Joint general recommendation ..."
                    return PrintedTitle(_shorten(rest), symbol, "masthead")
                start = i + 1
                break
    title = _title_lines(lines[start:])
    if title is None and symbol is None:
        return None
    where = "masthead" if symbol and any(_masthead_match(line) for line in _masthead_lines(text)) else "running header"
    return PrintedTitle(title, symbol, where if symbol else "heading")


def _title_lines(lines: list[str]) -> str | None:
    for i, line in enumerate(lines[:40]):
        text = line.strip()
        if not _UN_TITLE.match(text):
            continue
        parts = [text]
        if re.match(r"Resolution\s+adopted\b", text, re.IGNORECASE):
            for later in lines[i + 1: i + 6]:
                numbered = _RESOLUTION_TITLE.match(later)
                if numbered:
                    return _shorten(numbered.group("title").strip())
        for later in lines[i + 1: i + 4]:
            later = later.strip()
            if not later or _AFTER_TITLE.match(later) or parts[-1].endswith(".") and not later[:1].islower():
                break
            if len(later) > _LINE_MAX or re.search(r"[.;]\s", later):  # a paragraph of the body, not a title's line
                break
            parts.append(later)
        return _shorten(" ".join(parts))
    return None


def _shorten(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" ,;:*")
    title = re.sub(r"\s*\*+$", "", title)  # a footnote's star after the title
    return title if len(title) <= _TITLE_MAX else title[:_TITLE_MAX].rsplit(" ", 1)[0] + " …"


def instrument_title(text: str) -> str | None:
    """A treaty's, MoU's or ASEAN instrument's title: its first heading, from the first
    line with a word of three letters (a cover's stray marks skipped) while the lines
    stay in capitals (blank lines between them allowed: "MEMORANDUM OF UNDERSTANDING /
    BETWEEN / ... / ON / ..."), or, for a heading in mixed case, up to the first blank
    line; the body's first words ("PREAMBLE", "Article 1", "WE, the Heads of State")
    end it, and a heading the cover printed twice is taken once. None unless it opens as
    an instrument's title does ("MEMORANDUM", "AGREEMENT", "ASEAN DECLARATION", ...)."""
    lines = text.lstrip().splitlines()[:40]
    i = 0
    while i < len(lines) and not re.search(r"[A-Za-z]{3}", lines[i]):
        i += 1
    if i >= len(lines):
        return None
    capitals = _capitals(lines[i])
    parts: list[str] = []
    after = None
    for line in lines[i:]:
        line = line.strip()
        if not line:
            if capitals:
                continue
            break
        if _BODY.match(line) or (capitals and not _capitals(line)):
            after = line
            break
        parts.append(line)
        if sum(len(p) for p in parts) > _TITLE_MAX:
            break
    words = " ".join(parts).split()
    words = _once(words)
    heading = _IMPRINT.sub("", " ".join(words))
    if not heading or not _INSTRUMENT.match(heading):
        return None
    title = title_words(heading) if capitals else heading
    if capitals and len(words) <= _SHORT_HEADING and after and _INSTRUMENT.match(after) and not _BODY.match(after):
        title = f"{title}: {after}"  # "CONVENTION 97" over "Convention concerning Migration for Employment"
    return _shorten(title)


def _once(words: list[str]) -> list[str]:
    """The words of a heading printed twice on a cover, once ("ASEAN DECLARATION ... ASEAN
    DECLARATION ..." -> the first)."""
    folded = [re.sub(r"\W", "", w).lower() for w in words]
    for k in range(3, len(words)):
        n = min(k, len(words) - k)
        if n >= 3 and folded[k: k + n] == folded[:n]:
            return words[:k]
    return words
