"""English translations of Indonesian statutes ("LAW OF THE REPUBLIC OF INDONESIA NUMBER
18 OF 2017 CONCERNING …", "CHAPTER I", "Article 1", "(1)", "a.", "ELUCIDATION OF …")
into the units the Indonesian statute parser gives (kb.structure.statute_id).

A translation follows the Indonesian text line by line: the same parts in the same order,
only the words differ ("Considering" for Menimbang, "Observing" for Mengingat, "CHAPTER"
for BAB, "Part One" for Bagian Kesatu, "Article" for Pasal, "paragraph (1)" for ayat (1),
"letter a" for huruf a, "ELUCIDATION OF" for PENJELASAN ATAS, "I. GENERAL" and "II.
ARTICLE BY ARTICLE" for its sections, "Sufficiently clear" for Cukup jelas, "Enacted in"
and "Promulgated in" for Disahkan di and Diundangkan di, "ATTACHMENT" for LAMPIRAN). So
the statute parser reads it: `translate` writes the Indonesian word where the English one
stands (a structure word, or a word before a cited "Article 5" that makes it a
reference), keeping a map between the two texts' offsets; the statute parser finds the
parts in that text; every span is mapped back and each unit quoted from the English text
itself. The units are the statute's: "Menimbang", "Mengingat", "Pasal N" with parts
"Pasal N ayat (1) huruf j", "Penutup", "Penjelasan Umum", "Penjelasan Pasal N",
"Lampiran"; heading paths print the translation's own division labels ("CHAPTER II …",
"Part One …").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..models import Document, ParsedDocument
from ..readers.base import SourceText
from .common import UnitBuilder
from .statute_id.body import add_body, add_preamble
from .statute_id.furniture import classify_repeats
from .statute_id.lampiran import add_lampiran
from .statute_id.layout import find_layout
from .statute_id.noise import find_noise
from .statute_id.pages import restart_pages
from .statute_id.penjelasan import NOTES_HEADING, UMUM_HEADING, add_notes
from .statute_id.penutup import PENUTUP
from .statute_id.spans import uncovered

__all__ = ["parse", "translate", "Translated"]

# The Penutup's title in the translation's language (the Indonesian parser's records the
# words of UU 12/2011, Lampiran II).
PENUTUP_TITLE_EN = "place and date of enactment and promulgation"

_ORDINALS = {
    "one": "Kesatu", "first": "Kesatu", "two": "Kedua", "second": "Kedua", "three": "Ketiga", "third": "Ketiga",
    "four": "Keempat", "fourth": "Keempat", "five": "Kelima", "fifth": "Kelima", "six": "Keenam",
    "sixth": "Keenam", "seven": "Ketujuh", "seventh": "Ketujuh", "eight": "Kedelapan", "eighth": "Kedelapan",
    "nine": "Kesembilan", "ninth": "Kesembilan", "ten": "Kesepuluh", "tenth": "Kesepuluh",
    "eleven": "Kesebelas", "eleventh": "Kesebelas", "twelve": "Keduabelas", "twelfth": "Keduabelas",
    "thirteen": "Ketigabelas", "thirteenth": "Ketigabelas", "fourteen": "Keempatbelas",
    "fourteenth": "Keempatbelas", "fifteen": "Kelimabelas", "fifteenth": "Kelimabelas",
}
_ORDINAL = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_LETTERS = "abcdefghij"
_KINDS = {"Law": "Undang-Undang", "Government Regulation": "Peraturan Pemerintah",
          "Presidential Regulation": "Peraturan Presiden",
          "Government Regulation in Lieu of Law": "Peraturan Pemerintah Pengganti Undang-Undang"}

# The words before a cited provision on the same line ("referred to in Article 5",
# "paragraph (1) and paragraph (2)", "under letter a"): the statute parser reads a
# "Pasal 5" after "dalam", "dan", "atau" as a reference, never as a heading.
_CITED_NEXT = (r"(?:[Aa]rticles?[ \t]+\d|(?:CHAPTER|Chapter)[ \t]+[IVXLC]+\b|(?:Part|Section)[ \t]+[A-Z0-9]|"
               r"[Pp]aragraphs?[ \t]*\(|[Ll]etters?[ \t]+[a-z]{1,2}\b|[Pp]oints?[ \t]+[a-z0-9]|number[ \t]+\d|"
               r"\(\d{1,3}\)[ \t]+(?:and|or)\b)")
_LINE_START = r"(?:(?<=\n)|^)[ \t]*"


def _bagian(m: re.Match) -> str:
    word = m.group("ord")
    low = word.lower()
    if low in _ORDINALS:
        return f"Bagian {_ORDINALS[low]}"
    return "Bagian Ke" + "".join(_LETTERS[int(d)] for d in word)  # "Part 12": an internal label


def _chapter(m: re.Match) -> str:
    return f"BAB {m.group('roman').upper()}"


def _gazette(m: re.Match) -> str:
    year = f" TAHUN {m.group('year')}" if m.group("year") else ""
    supplement = "TAMBAHAN " if m.group("supp") else ""
    return f"{supplement}LEMBARAN NEGARA REPUBLIK INDONESIA{year} NOMOR {m.group('num')}"


def _keep_case(indonesian: str):
    """The Indonesian word in the English word's case ("Paragraph" -> "Ayat", "paragraph"
    -> "ayat")."""
    def put(m: re.Match) -> str:
        word = m.group("w")
        return indonesian.capitalize() if word[:1].isupper() else indonesian.lower()
    return put


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern
    to: object  # str, or a function of the match giving the text for group "w" (or the match)


def _rule(pattern: str, to, flags: int = 0) -> _Rule:
    return _Rule(re.compile(pattern, flags), to)


# In order: a rule earlier in the list wins where two would rewrite the same words.
_RULES: tuple[_Rule, ...] = (
    # The elucidation's heading and its two sections.
    _rule(r"(?<![A-Za-z])(?:ELUCIDATION|EXPLANATION|EXPLANATORY\s+NOTES?)(?:\s+(?:OF|ON|TO))(?=\s+(?:THE\s+)?[A-Z]{2})",
          "PENJELASAN ATAS"),
    _rule(_LINE_START + r"(?:ELUCIDATION|EXPLANATION)(?=[ \t]*(?:\n|$))", "PENJELASAN"),
    _rule(r"(?<![A-Za-z0-9])I\s?\.\s*(?:GENERAL|General)(?:\s+(?:ELUCIDATION|EXPLANATION))?(?![A-Za-z])", "I. UMUM"),
    _rule(r"(?<![A-Za-z0-9])(?:II\s?\.\s*)?(?:ARTICLE[\s-]+BY[\s-]+ARTICLE|Article[\s-]+by[\s-]+Article)(?![A-Za-z])",
          "II. PASAL DEMI PASAL"),
    _rule(r"(?<![A-Za-z])(?:[Ss]ufficiently|[Qq]uite|[Aa]dequately|[Ss]elf)[\s-]+(?:clear|explanatory|explicit)"
          r"|(?<![A-Za-z])[Cc]lear\s+enough(?![A-Za-z])", "Cukup jelas"),
    # Divisions: CHAPTER I, Part One, Paragraph 1 (a heading on its own line).
    _rule(r"(?<![A-Za-z])(?:CHAPTER|Chapter)\s+(?P<roman>[IVXLC]+)(?![A-Za-z0-9])", _chapter),
    _rule(rf"(?<![A-Za-z])(?:PART|Part|SECTION|Section)\s+(?P<ord>(?i:{_ORDINAL})|\d{{1,2}})(?![A-Za-z0-9])", _bagian),
    _rule(_LINE_START + r"(?:PARAGRAPH|Paragraph)\s+(?P<n>\d{1,3})(?=[ \t]*(?:\n|$))",
          lambda m: f"Paragraf {m.group('n')}"),
    # The title block's and preamble's formulas.
    _rule(r"(?:BY|WITH)\s+THE\s+(?:BLESSINGS?|GRACE|MERCY)\s+OF\s+(?:THE\s+)?(?:ONE\s+AND\s+ONLY\s+|ALMIGHTY\s+)?GOD(?:\s+(?:THE\s+)?ALMIGHTY)?",
          "DENGAN RAHMAT TUHAN YANG MAHA ESA"),
    _rule(r"(?<![A-Za-z])(?:Considering|CONSIDERING|Whereas|WHEREAS)(?=[ \t]*(?::|\n))", "Menimbang"),
    _rule(r"(?<![A-Za-z])(?:Observing|OBSERVING|In\s+view\s+of|IN\s+VIEW\s+OF|Bearing\s+in\s+mind|Having\s+regard\s+to|"
          r"In\s+the\s+light\s+of|Recalling|Remembering|Referring\s+to)(?=[ \t]*(?::|\n))", "Mengingat"),
    _rule(r"(?<![A-Za-z])(?:With|WITH)\s+(?:the\s+|THE\s+)?(?i:(?:joint\s+|mutual\s+)?(?:approval|agreement|consent)"
          r"\s+(?:of|between))(?![A-Za-z])",
          "Dengan Persetujuan Bersama"),
    _rule(r"(?<![A-Za-z])(?:(?:HAS|HAVE)\s+)?(?:HEREBY\s+)?(?:DECIDED|DECIDES|DECIDE|DECIDING|Has\s+decided|Decides)(?:\s+(?:TO|to))?\s*:",
          "MEMUTUSKAN:"),
    _rule(r"(?<![A-Za-z])(?:To\s+(?:enact|stipulate|establish|determine|promulgate)|TO\s+(?:ENACT|STIPULATE|ESTABLISH)|"
          r"Stipulate|Stipulating|Enacting|Establishing|Stipulates|Enacts|Enact|STIPULATE|ENACT)(?=[ \t]*(?::|\n))", "Menetapkan"),
    # The closing formula, the enactment and promulgation, the gazettes.
    _rule(r"(?<![A-Za-z])(?:In\s+order\s+that|So\s+that|In\s+order\s+for)\s+(?:every\s*(?:one|body|person)|all\s+people|"
          r"the\s+public|everybody)(?:\s+(?:may|can|shall|will))?\s+(?:knows?|be\s+aware\s+of|take\s+cognizance\s+of)(?:\s+(?:it|of\s+it))?"
          r"|(?<![A-Za-z])For\s+(?:the\s+)?public\s+(?:cognizance|awareness|knowledge)",
          "Agar setiap orang mengetahuinya"),
    _rule(r"(?<![A-Za-z])(?:Enacted|Ratified|Legalized|Legalised|Validated|Passed|Approved)(?:\s+at|\s+in)(?![A-Za-z])",
          "Disahkan di"),
    _rule(r"(?<![A-Za-z])(?:Stipulated|Established|Determined|Issued|Signed)(?:\s+at|\s+in)(?=\s+[A-Z])", "Ditetapkan di"),
    _rule(r"(?<![A-Za-z])(?:Promulgated|Enunciated|Announced)(?:\s+at|\s+in)(?![A-Za-z])", "Diundangkan di"),
    _rule(_LINE_START + r"(?:on|dated|On|Dated)(?:\s+the\s+date\s+of)?(?=[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]+"
          r"|[A-Z][a-z]+[ \t]+\d{1,2}(?:st|nd|rd|th)?),?[ \t]+\d{4})",
          "pada tanggal"),
    # The offices that sign (signature blocks are read by their offices, in capitals).
    _rule(r"(?<![A-Za-z])(?P<w>MINISTER|HEAD|CHAIRMAN|CHAIRPERSON|GOVERNOR|REGENT|MAYOR)(?![A-Za-z])",
          lambda m: {"MINISTER": "MENTERI", "HEAD": "KEPALA", "CHAIRMAN": "KETUA", "CHAIRPERSON": "KETUA",
                     "GOVERNOR": "GUBERNUR", "REGENT": "BUPATI", "MAYOR": "WALIKOTA"}[m.group("w")]),
    _rule(r"(?P<supp>SUPPLEMENT\s+TO\s+(?:THE\s+)?)?STATE\s+GAZETTE\s+OF\s+THE\s+REPUBLIC\s+OF\s+INDONESIA"
          r"(?:\s+(?:OF\s+THE\s+YEAR|OF\s+YEAR|OF|YEAR)\s+(?P<year>\d{4}))?\s*,?\s*(?:NUMBER|NO\.?)\s*(?P<num>\d+)", _gazette),
    # An annex's heading, in capitals ("ATTACHMENT", "APPENDIX II", "ANNEX TO …").
    _rule(r"(?<![A-Za-z])(?:ATTACHMENT|APPENDIX|ANNEX|ENCLOSURE)(?:\s+TO)?(?![A-Za-z])", "LAMPIRAN"),
    # Article, paragraph, letter, point, number: the statute's Pasal, ayat, huruf, angka.
    _rule(r"(?<![A-Za-z])(?P<w>Articles?|ARTICLES?|articles?)(?=[ \t]*\n?[ \t]*(?:\d|[IVXLC]{1,7}(?![A-Za-z0-9])))",
          lambda m: "pasal" if m.group("w")[0] == "a" else "Pasal"),
    _rule(r"(?<![A-Za-z])(?P<w>[Pp]aragraphs?)(?=[ \t]*\(\s*\d)", _keep_case("ayat")),
    _rule(r"(?<![A-Za-z])(?P<w>[Ll]etters?|[Pp]oints?|[Ss]ub-?paragraphs?)(?=[ \t]+\(?[a-z]{1,2}\b(?![.)]\s))",
          _keep_case("huruf")),
    _rule(r"(?<![A-Za-z])(?P<w>[Pp]oints?|number|Number(?=[ \t]+\d{1,4}[ \t]*(?:\n|$)))(?=[ \t]+\d{1,4}(?!\d|\s+of\b))",
          _keep_case("angka")),
    # An amending act's words: what each point does to a provision, and the words that
    # introduce the provision it quotes ("… is amended to read as follows:").
    _rule(r"(?<![A-Za-z])(?:(?:so\s+as\s+|so\s+that\s+it\s+)?(?:to\s+)?reads?|which\s+reads?)\s+as\s+follows(?=\s*:)",
          "sehingga berbunyi sebagai berikut"),
    _rule(r"(?<![A-Za-z])as\s+follows(?=\s*:)", "sebagai berikut"),
    _rule(r"(?<![A-Za-z])(?P<w>amended|deleted|inserted|added|revoked|repealed|replaced)(?![A-Za-z])",
          lambda m: {"amended": "diubah", "deleted": "dihapus", "inserted": "disisipkan", "added": "ditambahkan",
                     "revoked": "dicabut", "repealed": "dicabut", "replaced": "diganti"}[m.group("w")]),
    # A regulation named by its kind and number ("Law Number 7 of 2031"): what an amending
    # act amends (statute_id.amendments reads the Indonesian name).
    _rule(r"(?<![A-Za-z])(?P<kind>Government\s+Regulation\s+in\s+Lieu\s+of\s+Law|Government\s+Regulation|"
          r"Presidential\s+Regulation|Law)\s+(?:Number|No\.?)\s*(?P<num>\d{1,4})\s+(?:of|Year|of\s+Year)\s+(?P<year>\d{4})(?!\d)",
          lambda m: f"{_KINDS[' '.join(m.group('kind').split())]} Nomor {m.group('num')} Tahun {m.group('year')}"),
    # The word before a cited provision, on its line: a reference word for the parser.
    _rule(rf"(?<![^\s(])(?P<w>and/or|and|or|[a-z][a-z'-]*)(?=[ \t]+{_CITED_NEXT})",
          lambda m: {"and": "dan", "or": "atau", "and/or": "dan/atau"}.get(m.group("w"), "dalam")),
    # "; and" / "; or" before the next item of a list on the same line.
    _rule(r"(?<=[;,])[ \t]+(?P<w>and/or|and|or)(?=[ \t]+(?:[a-z]{1,2}\.|\(\d{1,3}\)|\d{1,3}\.)[ \t])",
          lambda m: {"and": "dan", "or": "atau", "and/or": "dan/atau"}[m.group("w")]),
)


@dataclass
class Translated:
    """The Indonesian-worded text of an English translation and the map between the two:
    `to_source` takes an offset of `text` to the English text, `to_text` the reverse."""

    text: str
    # Each rewritten piece: where it starts and ends in `text` and in the English text.
    starts: list[int]
    ends: list[int]
    source_starts: list[int]
    source_ends: list[int]
    labels: dict[str, str]  # division label as rewritten ("BAB II", "Bagian Kesatu") -> as printed

    def to_source(self, pos: int, end: bool = False) -> int:
        """The English text's offset for `pos` in `text`; inside a rewritten word, its
        start (or, with `end`, its end)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self.ends[i]:
            return self.source_ends[i] + pos - self.ends[i]
        if pos == self.starts[i]:
            return self.source_starts[i]
        return self.source_ends[i] if end else self.source_starts[i]

    def to_text(self, pos: int) -> int:
        """The offset in `text` for an offset `pos` of the English text."""
        i = bisect.bisect_right(self.source_starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self.source_ends[i]:
            return self.ends[i] + pos - self.source_ends[i]
        return self.starts[i]


def translate(text: str) -> Translated:
    """`text` with the structure words of an English translation of an Indonesian statute
    in Indonesian (`_RULES`), and the offset map between the two. Pure; never raises."""
    taken: list[tuple[int, int, str]] = []
    occupied = bytearray(len(text))  # 1 where a rule rewrote the text already (linear, never n²)
    labels: dict[str, str] = {}
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            start, end = (m.span("w") if "w" in rule.pattern.groupindex else m.span())
            if end <= start or occupied.find(1, start, end) >= 0:
                continue
            new = rule.to(m) if callable(rule.to) else rule.to
            if rule.to in (_chapter, _bagian) or new.startswith("Paragraf "):
                labels[new] = " ".join(text[start:end].split())
            occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, new))
    taken.sort()
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    source_starts: list[int] = []
    source_ends: list[int] = []
    last = 0
    length = 0
    for start, end, new in taken:
        pieces.append(text[last:start])
        length += start - last
        starts.append(length)
        pieces.append(new)
        length += len(new)
        ends.append(length)
        source_starts.append(start)
        source_ends.append(end)
        last = end
    pieces.append(text[last:])
    return Translated("".join(pieces), starts, ends, source_starts, source_ends, labels)


class _Recorder(UnitBuilder):
    """A UnitBuilder that keeps each unit's raw part spans, to map them back."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.raw_parts: list[list[tuple[str, int, int]]] = []

    def add(self, unit, start, end, heading=(), title=None, parts=None, footnotes=(), text=None):
        built = super().add(unit, start, end, heading=heading, title=title, parts=parts, footnotes=footnotes, text=text)
        if built is not None:
            self.raw_parts.append(list(parts or ()))
        return built


_HEADINGS_EN = {NOTES_HEADING: ("ELUCIDATION", "II. ARTICLE BY ARTICLE"), UMUM_HEADING: ("ELUCIDATION", "I. GENERAL")}


def _heading_en(heading: tuple[str, ...], labels: dict[str, str]) -> tuple[str, ...]:
    """A unit's heading path with the translation's own division labels ("BAB II
    RIGHTS" -> "CHAPTER II RIGHTS")."""
    if heading in _HEADINGS_EN:
        return _HEADINGS_EN[heading]
    out = []
    for h in heading:
        label = next((k for k in sorted(labels, key=len, reverse=True)
                      if h == k or h.startswith(k + " ")), None)
        out.append(labels[label] + h[len(label):] if label else h)
    return tuple(out)


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    """The units of an English translation of an Indonesian statute read from `source`,
    named as the statute's ("Pasal 6", "Pasal 6 ayat (1) huruf j", "Penjelasan Pasal 6")
    and quoted from the English text; never raises on any text."""
    text, noise = find_noise(source.text, None if source.format == "pdf" else source.page_starts)
    tr = translate(text)
    lay = find_layout(tr.text)
    part_starts = ([lay.penjelasan.start] if lay.penjelasan else []) + [lp.start for lp in lay.lampiran]
    page_starts, page_numbers = restart_pages(source, [tr.to_source(p) for p in part_starts])
    work = SourceText(text=text, format=source.format, name=source.name,
                      page_starts=page_starts, page_numbers=page_numbers)
    indonesian = SourceText(text=tr.text, format=source.format, name=source.name,
                            page_starts=[tr.to_text(p) for p in page_starts] if page_starts else page_starts,
                            page_numbers=page_numbers)
    builder = _Recorder(doc.id, doc.language, indonesian)
    for start, end, kind in noise:
        builder.classify(tr.to_text(start), tr.to_text(end), kind)
    add_preamble(builder, tr.text, lay)
    body = add_body(builder, tr.text, lay)
    if lay.penjelasan:
        add_notes(builder, tr.text, lay.penjelasan, body)
    add_lampiran(builder, tr.text, lay.lampiran)
    classify_repeats(builder.classify, tr.text, uncovered(builder, tr.text))

    out = UnitBuilder(doc.id, doc.language, work)
    for unit, raw in zip(builder.units, builder.raw_parts):
        start, end = tr.to_source(unit.span[0]), tr.to_source(unit.span[1], end=True)
        parts = [(loc, tr.to_source(a), tr.to_source(b, end=True)) for loc, a, b in raw]
        title = PENUTUP_TITLE_EN if unit.unit == PENUTUP else unit.title
        built = out.add(unit.unit, start, end, heading=_heading_en(unit.heading, tr.labels), title=title,
                        parts=parts, footnotes=unit.footnotes)
        if built is not None:
            out.units[-1] = replace(built, amends=unit.amends, caveat=unit.caveat)
    for start, end, kind in builder.classified:
        out.classify(tr.to_source(start), tr.to_source(end, end=True), kind)
    return ParsedDocument(document=doc, units=out.units, warnings=builder.warnings, classified=out.classified)
