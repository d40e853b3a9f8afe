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
_REPUBLIC = r"(?:\s+(?:REPUB\w{1,4}\s+I\s?NDONESIA|OF\s+THE\s+REPUBLIC\s+OF\s+INDONESIA))?"
# Up to six words naming the minister, agency or region ("MENTERI KETENAGAKERJAAN",
# "BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA"), never a number word.
_NAMED = r"(?P<named>(?:\s+(?!NOMOR\b|NUMBER\b|NO\b|REPUB\w*\b|OF\s+THE\s+REPUBLIC\b)[A-Z][A-Za-z&.,-]*){0,6})"
# The number as printed: "13", "2/PMK.07/2022", "PER.22/MEN/XII/2008"; OCR drops spaces
# ("NOMOR70TAHUN 1954") and adds dots ("NOMOR 10 . TAHUN 2009").
_NUM = r"(?P<num>[0-9][\w.-]{0,30}?(?:\s?/\s?[\w.-]{1,20}?)*|(?-i:[A-Z]{2,6})[.\s-]+[0-9][\w./-]{0,30}?)\s*[.,]?"
_NUMBER_ID = r"\s+(?:NOMOR|NO\.?)(?![A-Za-z])\s*:?\s*" + _NUM
_NUMBER_EN = r"\s+(?:NUMBER|NO\.?)(?![A-Za-z])\s*:?\s*" + _NUM
_YEAR = r"\^?(?P<year>(?-i:[12][0-9OolIL]{3}))"
_YEAR_ID = r"(?:\s*TAHUN\s*" + _YEAR + r")?(?![\w/]|\.\w)"
_YEAR_EN = r"(?:\s+(?:OF\s+(?:THE\s+)?YEAR|OF|YEAR)\s+" + _YEAR + r")?(?![\w/]|\.\w)"
_HEAD_CHARS = 1500
_TENTANG = re.compile(r"(?<![A-Za-z])TENTANG(?![A-Za-z])")
# What may precede a heading printed in lower or mixed case: nothing, or the copy's stamp.
_OPENING = re.compile(r"[\W\d_]*(?:salinan[\W\d_]*)?", re.I)
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
        return _cited(m, kinds, index, language)
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
