"""An Indonesian regulation's own number, read from the heading that opens it.

Every Indonesian regulation opens with its kind, number and year before its title
("UNDANG-UNDANG REPUBLIK INDONESIA / NOMOR 13 TAHUN 2003 / TENTANG / KETENAGAKERJAAN"):
the form is fixed by UU No. 12 Tahun 2011, Lampiran II (Teknik Penyusunan Peraturan
Perundang-undangan), "Judul". Officers cite a regulation by that kind and number ("UU No.
13 Tahun 2003", "PP No. 59 Tahun 2021"), so a regulation a user adds without a citation is
cited so, not by its title or its file's name. English translations print the same heading
("LAW OF THE REPUBLIC OF INDONESIA NUMBER 13 OF 2003").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds printed in a heading, longest first (a Perppu's heading starts like a PP's), with
# the short form officers cite them by; None: the printed name, title-cased, with the
# words that follow it ("Peraturan Menteri Ketenagakerjaan").
_KINDS_ID = (
    (r"PERATURAN\s+PEMERINTAH\s+PENGGANTI\s+UNDANG[\s-]+UNDANG", "Perppu"),
    (r"UNDANG[\s-]+UNDANG\s+DARURAT", "UU Darurat"),
    (r"UNDANG[\s-]+UNDANG", "UU"),
    (r"UNDANG-(?=\s+\^?REPUB)", "UU"),  # OCR lost the second "UNDANG" ("UNDANG- REPUBLIK INDONESIA")
    (r"PERATURAN\s+PEMERINTAH", "PP"),
    # OCR's garbled "PERATURAN PEMERINTAH" ("PERATURAN PEMERNTAH", "PERATUMN PEMERINTAH",
    # "PEMTURAN PEMERINTAH", "P ERATURAN PEMERI NTAH", "PERATURAN PEMEzuNTAH"), taken only
    # where "REPUBLIK INDONESIA" follows, as in a PP's heading
    (r"(?-i:P(?:\s?[A-Za-z.]){5,10}\s+PEM[A-Za-z{}]{3,7}(?:\s[A-Z]{2,4})?)(?=\s+\^?REPUB)", "PP"),
    (r"PERATURAN\s+PRESIDEN", "Perpres"),
    (r"KEPUTUSAN\s+PRESIDEN", "Keppres"),
    (r"INSTRUKSI\s+PRESIDEN", "Inpres"),
    (r"(?:PERATURAN|KEPUTUSAN)\s+(?:MENTERI|BADAN|KEPALA\s+BADAN|DAERAH|GUBERNUR|BUPATI|WALI\s*KOTA)", None),
)
_KINDS_EN = (
    (r"GOVERNMENT\s+REGULATION\s+IN\s+LIEU\s+OF\s+LAW", "Government Regulation in Lieu of Law"),
    (r"GOVERNMENT\s+REGULATION", "Government Regulation"),
    (r"PRESIDENTIAL\s+REGULATION", "Presidential Regulation"),
    (r"PRESIDENTIAL\s+DECREE", "Presidential Decree"),
    (r"LAW", "Law"),
    (r"(?:REGULATION|DECREE)\s+OF\s+THE\s+(?:MINISTER|HEAD)", None),
)
# OCR splits and misreads the words ("REPUBUK", "I NDONESIA").
_REPUBLIC = r"(?P<republic>\s+(?:REPUB\w{1,4}\s+I\s?NDONESIA|OF\s+THE\s+REPUBLIC\s+OF\s+INDONESIA))?"
# Up to six words naming the minister, agency or region ("MENTERI KETENAGAKERJAAN",
# "BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA"), never a number word.
_NAMED = r"(?P<named>(?:\s+(?!NOMOR\b|NUMBER\b|NO\b|REPUB\w*\b|OF\s+THE\s+REPUBLIC\b)[A-Z][A-Za-z&.,-]*){0,6})"
# The number as printed: "13", "2/PMK.07/2022", "PER.22/MEN/XII/2008"; OCR drops spaces
# ("NOMOR70TAHUN 1954") and adds dots ("NOMOR 10 . TAHUN 2009").
_NUM = r"(?P<num>[0-9][\w.-]{0,30}?(?:\s?/\s?[\w.-]{1,20}?)*|(?-i:[A-Z]{2,6})[.\s-]+[0-9][\w./-]{0,30}?)\s*[.,]?"
_NUMBER_ID = r"\s+(?:NOMOR|NO\.?)(?![A-Za-z])\s*[:.]?\s*" + _NUM
_NUMBER_EN = r"\s+(?:NUMBER|NO\.?)(?![A-Za-z])\s*:?\s*" + _NUM
_YEAR = r"\^?(?P<year>(?-i:[12][0-9OolIL]{3}))"
_YEAR_ID = r"(?:\s*TAHUN\s*" + _YEAR + r")?(?![\w/]|\.\w)"
_YEAR_EN = r"(?:\s+(?:OF\s+(?:THE\s+)?YEAR|OF|YEAR)\s+" + _YEAR + r")?(?![\w/]|\.\w)"
_HEAD_CHARS = 1500
_TENTANG = re.compile(r"(?<![A-Za-z])TENTANG(?![A-Za-z])")
# What may precede a heading printed in lower or mixed case: nothing, or the copy's stamp.
_OPENING = re.compile(r"[\W\d_]*(?:salinan[\W\d_]*)?", re.I)
# The enacting words after a regulation's heading and considerations: a regulation named
# in their sentence ("MEMUTUSKAN: Menetapkan: PERATURAN PEMERINTAH UNTUK MENGUBAH PERATURAN
# PEMERINTAH NOMOR 4, TAHUN 1950 ...") is another one, the heading being lost; a page's
# running heading after that sentence ("... INDONESIA. SALINAN PERATURAN PEMERINTAH ...
# NOMOR 59 TAHUN 2O2I") is the document's own, and so is a heading after the word with no
# kind of its own between (OCR's stray labels and marks before it: "Menimbang Menimbang
# Mengingat Menetapkan *.r,o PERATURAN PEMERINTAH ...").
# (Only the enacting words: OCR may print the considerations' labels before the heading,
# "Menimbang Menimbang Mengingat PERATURAN PEMERINTAH ...".)
_ENACTING = re.compile(r"(?<![A-Za-z])(?:MEMUTUSKAN|Memutuskan|MENETAPKAN|Menetapkan|HAS\s+DECIDED|Has\s+decided)(?![A-Za-z])")
_KIND_WORD = re.compile(r"(?i)PERATURAN|UNDANG|KEPUTUSAN|INSTRUKSI")  # the enacting sentence's own kind
_OCR_DIGITS = str.maketrans("OolIL", "00111")  # OCR reads 0 as O and 1 as l, I or L ("2OL9")


@dataclass(frozen=True)
class OwnNumber:
    """A regulation's number as its heading prints it: `citation` in the form officers
    type ("UU No. 13 Tahun 2003", "Peraturan Menteri Ketenagakerjaan No. 9 Tahun 2019",
    "Law No. 13 of 2003"), `year` (None when the heading prints none)."""

    citation: str
    year: int | None


def _pattern(kinds, number: str, year: str) -> re.Pattern:
    alternatives = "|".join(f"(?P<k{i}>{p})" for i, (p, _short) in enumerate(kinds))
    return re.compile(r"(?<![\w-])(?:" + alternatives + ")" + _NAMED + _REPUBLIC + number + year, re.IGNORECASE)


_HEADING_ID = _pattern(_KINDS_ID, _NUMBER_ID, _YEAR_ID)
_HEADING_EN = _pattern(_KINDS_EN, _NUMBER_EN, _YEAR_EN)


def _title_case(words: str) -> str:
    small = {"dan", "and", "of", "the", "di", "ke"}
    out = []
    for i, w in enumerate(words.split()):
        low = w.lower()
        out.append(low if i and low in small else low[:1].upper() + low[1:])
    return " ".join(out)


def own_number(text: str, language: str = "id") -> OwnNumber | None:
    """The number a regulation's heading gives it, read from the start of `text` (its first
    1,500 characters); None when the text opens with no such heading (a treaty, a MoU, a
    heading OCR lost).

    The heading is printed in capitals, and the document's own number comes first in it
    ("… TENTANG PERUBAHAN ATAS UNDANG-UNDANG NOMOR 39 TAHUN 2004" names another). A kind
    in lower or mixed case counts only as the text's first words, after at most a
    "SALINAN" stamp ("Undang-Undang Republik Indonesia Nomor 13 Tahun 2003" as a web page
    prints it): in the considerations it names another regulation ("bahwa … Peraturan
    Pemerintah No. 7 tahun 1947 …"). OCR's letters for digits in a year ("2O2O") are
    read as digits, and a kind OCR misspelt ("PERATURAN PEMERNTAH", "UNDANG- REPUBLIK")
    when "REPUBLIK INDONESIA" follows; a regulation named in a title, after its "TENTANG",
    is never the document's own (None: the heading's number was lost). `language` "id" reads Indonesian headings, "en" English translations
    ("LAW OF THE REPUBLIC OF INDONESIA NUMBER 13 OF 2003")."""
    found = _own_heading(text, language)
    if found is None:
        return None
    m, kinds, index = found
    return _cited(m, kinds, index, language)


def _own_heading(text: str, language: str):
    """(match, kinds, index of the kind) of the heading that opens `text`, as `own_number`
    reads it; None when there is none (or only a regulation named in a title)."""
    if not isinstance(text, str) or not text:
        return None
    head = re.sub(r"\s+", " ", text[:_HEAD_CHARS])
    kinds, pattern = (_KINDS_EN, _HEADING_EN) if language == "en" else (_KINDS_ID, _HEADING_ID)
    for m in pattern.finditer(head):
        index = next(i for i in range(len(kinds)) if m.group(f"k{i}"))
        printed = m.group(f"k{index}")
        if not _capitals(printed) and not _OPENING.fullmatch(head[: m.start()]):
            continue
        if _in_title(head, m.start()):
            return None  # in a title after "TENTANG": another regulation, the heading's own number lost
        enacting = [e for e in _ENACTING.finditer(head, 0, m.start())]
        between = head[enacting[-1].end(): m.start()] if enacting else ""
        if enacting and _KIND_WORD.search(between) and not re.search(r"\.\s", between):
            return None  # named in the enacting words ("Menetapkan: PERATURAN ... UNTUK MENGUBAH ..."): another regulation
        return m, kinds, index
    return None


def _in_title(head: str, pos: int) -> bool:
    """Whether `pos` is inside a title: after a "TENTANG" with nothing but capitals and no
    full stop between ("... TENTANG PEMBENTUKAN DAERAH ... DENGAN MENGUBAH UNDANG-UNDANG
    NO. 27 TAHUN 1959": the regulation the title names, not the one it heads). A title
    that ended ("... AWAK KAPAL MIGRAN. PERATURAN PEMERINTAH ... NOMOR 22", OCR having
    put the heading after it) does not count."""
    before = [t for t in _TENTANG.finditer(head, 0, pos)]
    return bool(before) and not re.search(r"[a-z]|\.\s", head[before[-1].end() : pos])


def _capitals(printed: str) -> bool:
    """Whether a kind is printed in capitals, as a heading prints it: most of its letters
    (OCR reads a capital as lower case now and then: "PERATURAN PEMEzuNTAH")."""
    upper = sum(c.isupper() for c in printed)
    return upper > 2 * sum(c.islower() for c in printed)


def _cited(m: re.Match, kinds, index: int, language: str) -> OwnNumber | None:
    short = kinds[index][1]
    named = m.group("named").strip(" ,.")
    if short is None:
        short = _title_case(f"{m.group(f'k{index}')} {named}".strip())
    elif named:
        return None  # "UNDANG-UNDANG DASAR", "LAW ENFORCEMENT ...": not the kind named
    number = re.sub(r"\s+", "", m.group("num")).rstrip(".,-")
    if re.fullmatch(r"[0-9][0-9OolI]*", number):
        number = number.translate(_OCR_DIGITS)  # "4l": OCR's letter for a digit
    year = int(m.group("year").translate(_OCR_DIGITS)) if m.group("year") else None
    if year is None:
        found = re.search(r"(?:19|20)\d\d(?!\d)", number)
        if found is None or number.isdigit():
            return None  # "NOMOR 13" alone: no year to cite it by
        return OwnNumber(citation=f"{short} No. {number}", year=int(found.group(0)))
    if language == "en":
        return OwnNumber(citation=f"{short} No. {number} of {year}", year=year)
    return OwnNumber(citation=f"{short} No. {number} Tahun {year}", year=year)


# The names the short forms stand for, as a title prints them (a heading whose kind OCR
# misspelt, "PERATURAN PEMERNTAH", is titled by the kind it is).
_FULL_NAMES = {"Perppu": "Peraturan Pemerintah Pengganti Undang-Undang", "UU Darurat": "Undang-Undang Darurat",
               "UU": "Undang-Undang", "PP": "Peraturan Pemerintah", "Perpres": "Peraturan Presiden",
               "Keppres": "Keputusan Presiden", "Inpres": "Instruksi Presiden"}
# a stray digit or a repeated year may stand before "TENTANG" ("NOMOR 55 TAHUN 2014 2 TENTANG")
_SUBJECT = {"id": re.compile(r"\s*[^A-Za-z]{0,10}?\s*(?P<word>TENTANG)(?![A-Za-z])\s*:?\s*", re.I),
            "en": re.compile(r"\s*[,.:;]?\s*(?P<word>CONCERNING|ON|REGARDING|ABOUT)(?![A-Za-z])\s*:?\s*", re.I)}
# What follows a title in the opening of a regulation (UU No. 12 Tahun 2011, Lampiran II:
# the title, then "DENGAN RAHMAT TUHAN YANG MAHA ESA", the enacting official
# ("PRESIDEN REPUBLIK INDONESIA,", "MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA,"), the
# considerations); a copy's stamp and the gazette's page furniture; English translations
# print the same parts ("WITH THE BLESSING OF GOD ALMIGHTY", "Considering").
_TITLE_ENDS = re.compile(
    r"(?i:DENGAN\s+RAHMAT|PRESIDEN\s+REPUB"
    r"|MENIMBANG|MENGINGAT|MEMUTUSKAN|MENETAPKAN|SALINAN|(?:LEMBARAN|BERITA)[\s-]+NEGARA"
    r"|(?:WITH|BY)\s+THE\s+(?:BLESSING|GRACE)|THE\s+PRESIDENT\s+OF|CONSIDERING\b|IN\s+VIEW\s+OF\b|HAS\s+DECIDED)"
    r"|(?-i:(?<!PERDANA\s)(?<!WAKIL\s)(?<![\w-])(?:MENTERI|GUBERNUR|BUPATI|WALI\s*KOTA|KEPALA)\b[A-Z ]{0,80}?"
    r"REPUBLIK\s+INDONESIA\s*,|\bPasal\s+1\b|\bBAB\s+I\b|\bArticle\s+1\b)"
)
_TITLE_CHARS = 500
# Words a title prints in lower case after its first (Lampiran II of UU No. 12 Tahun 2011
# and the catalogue's own titles: "... tentang Penempatan dan Perlindungan Tenaga Kerja
# Indonesia di Luar Negeri", "Pengesahan International Convention on the Protection of ...").
_SMALL_WORDS = frozenset(
    "dan atau atas di ke dari yang untuk tentang pada dalam serta bagi dengan oleh terhadap sebagai antara mengenai "
    "melalui kepada of the on and in for to a an by with at from concerning between".split())
# Abbreviations a title keeps in capitals ("ASEAN", "BPJS", "(PERSERO)" is a word).
_ACRONYMS = frozenset(
    "ASEAN RI NKRI DPR DPRD DPD MPR BPJS TNI POLRI KUHP KUHAP PBB ILO WTO BUMN BUMD APBN APBD HAM TKI PMI UUD "
    "PT CV IMF UN EU USA APEC ITE BPK BI OJK KPK".split())
_ROMAN = re.compile(r"[IVXL]+")


def own_title(text: str, language: str = "id") -> str | None:
    """The title a regulation's heading prints, read from the start of `text` (its first
    1,500 characters) in the form of the catalogue's titles: "UNDANG-UNDANG REPUBLIK
    INDONESIA NOMOR 13 TAHUN 2003 TENTANG KETENAGAKERJAAN" -> "Undang-Undang Republik
    Indonesia Nomor 13 Tahun 2003 tentang Ketenagakerjaan"; an English translation's "LAW
    OF THE REPUBLIC OF INDONESIA NUMBER 13 OF 2003 CONCERNING MANPOWER" -> "Law of the
    Republic of Indonesia Number 13 of 2003 concerning Manpower". None when `own_number`
    finds no heading (a treaty, a heading OCR lost).

    The heading is the one `own_number` reads; its title runs from the kind to the end of
    the words after "TENTANG" and stops before what follows a title in a regulation's
    opening (UU No. 12 Tahun 2011, Lampiran II): "DENGAN RAHMAT TUHAN YANG MAHA ESA", the
    enacting official ("PRESIDEN REPUBLIK INDONESIA,"), "Menimbang", a "SALINAN" stamp,
    the gazette's furniture ("LEMBARAN NEGARA"); a heading printed in capitals also ends
    at the first word in lower case. OCR's marks ("^") are dropped. A heading with no
    "TENTANG" gives the kind and number alone ("Peraturan Pemerintah Nomor 45 Tahun 1948")."""
    found = _own_heading(text, language)
    if found is None:
        return None
    m, kinds, index = found
    number = _cited(m, kinds, index, language)
    if number is None:
        return None
    head = m.string
    short = kinds[index][1]
    printed_kind = f"{m.group(f'k{index}')} {m.group('named').strip(' ,.')}".strip()
    kind = _title_case(printed_kind) if short is None else _FULL_NAMES.get(short, short) if language == "id" else short
    republic = ("" if not m.group("republic") else
                " of the Republic of Indonesia" if language == "en" else " Republik Indonesia")
    num = re.sub(r"\s+", "", m.group("num")).rstrip(".,-")
    if re.fullmatch(r"[0-9][0-9OolI]*", num):
        num = num.translate(_OCR_DIGITS)
    if language == "en":
        numbered = f"Number {num}" + (f" of {number.year}" if m.group("year") else "")
    else:
        numbered = f"Nomor {num}" + (f" Tahun {number.year}" if m.group("year") else "")
    title = f"{kind}{republic} {numbered}"
    pattern = _HEADING_EN if language == "en" else _HEADING_ID
    end = m.end()
    again = pattern.match(head, end + 1) if head[end:end + 1] == " " else None
    if again is not None and _same_number(again, m):  # the heading printed twice ("... NOMOR 2 TAHUN 2022 PERATURAN ...")
        end = again.end()
    about = _SUBJECT["en" if language == "en" else "id"].match(head, end)
    if about is None:
        enacted = _enacted_subject(text) if language == "id" else None
        return f"{title} tentang {enacted}" if enacted else title
    rest = head[about.end(): about.end() + _TITLE_CHARS]
    repeated = next((h for h in pattern.finditer(rest) if _same_number(h, m)), None)
    if repeated is not None and not rest[: repeated.start()].strip():  # "... TENTANG <the heading again> TENTANG ..."
        about = _SUBJECT["en" if language == "en" else "id"].match(rest, repeated.end())
        if about is None:
            return title
        rest = rest[about.end():]
        repeated = next((h for h in pattern.finditer(rest) if _same_number(h, m)), None)
    if repeated is not None:  # the whole heading printed again after the title
        rest = rest[: repeated.start()]
    subject = _subject(rest, capitals=_capitals(m.group(f"k{index}")))
    return f"{title} {about.group('word').lower()} {subject}" if subject else title


# The enacting words repeat the title without its number (UU No. 12 Tahun 2011, Lampiran
# II: "Menetapkan : PERATURAN PEMERINTAH TENTANG PELAKSANAAN ... INDONESIA.").
_ENACTED = re.compile(r"(?i:Menetapkan)\s*:?\s*(?-i:[A-Z][A-Z -]{3,80}?)\s+TENTANG\s+(?P<subject>[^a-z]{3,400}?)\s*\.(?:\s|$)")


def _enacted_subject(text: str) -> str | None:
    """The title's words after "TENTANG" in the enacting words (for a heading OCR printed
    without them), in title case; None when there are none in the first 8,000 characters."""
    m = _ENACTED.search(re.sub(r"\s+", " ", text[:8000]))
    return title_words(m.group("subject").replace("^", "").strip(" ,;:-")) if m else None


def _same_number(a: re.Match, b: re.Match) -> bool:
    """Whether two headings print the same number and year (the heading printed twice)."""
    return (re.sub(r"\W", "", a.group("num")), a.group("year")) == (re.sub(r"\W", "", b.group("num")), b.group("year"))


def _subject(rest: str, capitals: bool) -> str:
    """The words of a title after its "TENTANG", up to what follows a title (see own_title)."""
    end = _TITLE_ENDS.search(rest)
    rest = rest[: end.start()] if end else rest
    rest = rest.replace("^", "")
    if capitals:  # a heading in capitals ends at the first word in lower case ("Presiden Republik Indonesia,")
        words = []
        for word in rest.split():
            if any(c.isalpha() for c in word) and not _capitals(word):
                break
            words.append(word)
        rest = " ".join(words)
    else:  # a web page's heading in mixed case: up to the end of its sentence
        rest = re.split(r"[.;](?:\s|$)", rest, maxsplit=1)[0]
    rest = re.sub(r"\s*\*+\)?\s*$", "", rest)  # a footnote's mark after the title ("... UNDANG-UNDANG *)")
    # a year named in the title, as OCR printed it ("TAHUN 2OI4"): digits
    rest = re.sub(r"(?i)(?<=\bTAHUN )[12][0-9OolI]{3}\b", lambda y: y.group(0).upper().translate(_OCR_DIGITS), rest)
    return title_words(rest.strip(" ,;:-"))


def title_words(words: str) -> str:
    """Words printed in capitals as a title prints them: each word capitalised, the small
    words of `_SMALL_WORDS` in lower case after the first, abbreviations (`_ACRONYMS`) and
    Roman numerals in capitals; each part of "HAK-HAK" and a word in brackets alike
    ("(KONVENSI" -> "(Konvensi"). Words already in mixed case are kept."""
    out = []
    for i, word in enumerate(words.split()):
        if not _capitals(word) or not any(c.isalpha() for c in word):
            out.append(word)
            continue
        core = re.sub(r"[^A-Za-z]", "", word)
        if core.upper() in _ACRONYMS or _ROMAN.fullmatch(core.upper()) and len(core) <= 4:
            out.append(word.upper())
        elif i and core.lower() in _SMALL_WORDS and core == re.sub(r"[^\w]", "", word):
            out.append(word.lower())
        else:
            out.append(re.sub(r"[A-Za-z]+", lambda p: p.group(0)[:1].upper() + p.group(0)[1:].lower(), word))
    return " ".join(out)
