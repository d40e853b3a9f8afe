"""Parse what people type as a citation, and format citations the way each family cites.

`parse_citation("pasal 30 uu no 18 tahun 2017", catalog)` -> Citation(doc_id="uu-18-2017",
unit="Pasal 30", locator="Pasal 30"). Parsing never raises: text that is not a citation
gives None.
"""

from __future__ import annotations
from .validate import shown_citation

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING
from dataclasses import dataclass, replace

from .lang import REQUEST_WORDS_ID
from .models import Document

if TYPE_CHECKING:
    from .catalog import Catalog



@dataclass(frozen=True)
class Citation:
    """A reference to a document, a unit of it (or several), or both.

    `unit`/`locator` are the first unit named; `units` holds every unit named, in the
    order given, as (unit, locator) pairs: a range ("paras. 82–83", "Pasal 79 s.d. 81")
    is expanded, a list ("Pasal 5 dan 6", "articles 21 and 22") kept in order.
    """

    doc_id: str | None
    unit: str | None  # canonical unit ("Pasal 30", "para 24", "Article 94", "Guidelines para 73")
    locator: str | None  # finest locator given ("Pasal 30 ayat (1) huruf a")
    raw: str
    coverage: float = 1.0  # share of the input explained by the citation (1.0: nothing else)
    units: tuple[tuple[str, str], ...] = ()  # every (unit, locator) named, first = (unit, locator)
    docs: tuple[str, ...] = ()  # every document named ("general comments No. 3 and No. 4"), first = doc_id
    # Further citations in the same text, each of its own document ("Pasal 76 UU 39/2004 dan
    # Pasal 30 UU 18/2017"): (doc_id, unit, locator), in the order typed.
    further: tuple[tuple[str, str, str], ...] = ()
    # Those of them typed before `unit` (a weak part word, "Mukadimah IJEPA dan Pasal 5 UU
    # 18/2017", is read after a Pasal); `targets` puts them first.
    before: tuple[tuple[str, str, str], ...] = ()
    # Words of the input beyond the citation that say what is asked about ("placement fees"
    # in "What does Pasal 30 say about placement fees?"); () when the input only asks for
    # the cited text ("Apa isi Pasal 30 UU 18/2017?", "What does GC 2 para. 60 say?").
    topic_words: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.doc_id is not None and self.unit is not None

    @property
    def targets(self) -> tuple[tuple[str, str, str], ...]:
        """(doc_id, unit, locator) for every unit of every document named, in order."""
        docs = self.docs or ((self.doc_id,) if self.doc_id else ())
        named = tuple((d, u, loc) for d in docs for u, loc in self.all_units)
        first = tuple(t for t in self.before if t not in named)
        return first + named + tuple(t for t in self.further if t not in named and t not in first)

    @property
    def all_units(self) -> tuple[tuple[str, str], ...]:
        if self.units:
            return self.units
        return ((self.unit, self.locator or self.unit),) if self.unit else ()


def alternate_unit_names(unit: str, names: "Iterable[str] | None" = None, family: str | None = None) -> list[str]:
    """The same unit under the other language's name: "Pasal 22" <-> "Article 22" (an
    Indonesian copy of a treaty names its units Pasal where the English one has Articles).

    With the document's unit `names` (and its `family`), also the names people give a
    unit of a document that has no unit of the name typed: a statute's "Penutup" and an
    instrument's "Final clause" are the same closing part ("Penutup Konsensus ASEAN"); and
    an ASEAN instrument or bilateral agreement that numbers its provisions as paragraphs
    has its "Article 8" / "Pasal 8" as "para 8" ("Pasal 8 Deklarasi Cebu"). Never for a
    Committee document, whose "article 22" is the Convention's article it discusses."""
    out: list[str] = []
    for a, b in (("Pasal ", "Article "), ("Article ", "Pasal ")):
        if unit.startswith(a):
            out.append(b + unit[len(a):])
    if names is None:
        return out
    have = set(names)
    if unit not in have:
        closing = {"Penutup": "Final clause", "Final clause": "Penutup"}.get(unit)
        if closing in have:
            out.append(closing)
        # "Annex 2 para 1" of a resolution whose annexes are "Annex II" (and back)
        annex = re.fullmatch(r"(Annex|Appendix) (\d{1,2}|[IVXL]{1,6}) (.+)", unit)
        if annex:
            word, label, rest = annex.groups()
            other = roman_numeral(int(label)) if label.isdigit() else str(ROMAN_VALUES.get(label, ""))
            if other and f"{word} {other} {rest}" in have:
                out.append(f"{word} {other} {rest}")
        # "Article 3" of an agreement that numbers its articles "Article III" (and back);
        # never a statute's (an amending act has Pasal I and the Pasal 1 it amends) nor a
        # Committee document's (its "article 3" is the Convention's)
        numbered = re.fullmatch(r"(Article|Pasal) (\d{1,3}|[IVXLC]{1,7})", unit)
        if numbered and family in ("bilateral", "regional", "convention"):
            word, label = numbered.groups()
            other = roman_numeral(int(label)) if label.isdigit() else str(ROMAN_VALUES.get(label, ""))
            if other and f"{word} {other}" in have:
                out.append(f"{word} {other}")
        m = re.fullmatch(r"(?:Pasal|Article) (\d+[A-Z]?)", unit)
        if (m and family in ("regional", "bilateral") and f"para {m.group(1)}" in have
                and not any(n.startswith(("Article ", "Pasal ")) for n in have)):
            out.append(f"para {m.group(1)}")
    return out


# --- formatting ---------------------------------------------------------------------

_PARA = re.compile(r"^(?:(?P<seq>[A-Z][a-z]+(?: (?:[IVXL]{1,6}|\d{1,2}|[A-H]))?) )?para (?P<rest>.+)$")
_ARTICLE = re.compile(r"^Article (?P<rest>.+)$")


def _document(value: object, what: str) -> Document:
    """`value` if it is a catalogue entry (kb.Document), else a one-line InputError: a
    document id, None or a list passed instead raised AttributeError ("'str' object has no
    attribute 'citation'") from inside kb."""
    if not isinstance(value, Document):
        from .errors import InputError
        from .validate import shown

        raise InputError(f"{what} needs a kb.Document (e.g. KnowledgeBase.catalog.get('uu-18-2017')), "
                         f"not {type(value).__name__} {shown(value, 40)}")
    return value


def _locator_text(value: object, what: str) -> str:
    """`value` if it is text (a unit locator, "Pasal 30 ayat (1)"), else a one-line InputError."""
    if not isinstance(value, str):
        from .errors import InputError
        from .validate import shown

        raise InputError(f"{what}: the locator must be text, e.g. 'Pasal 30 ayat (1)', 'para 24', "
                         f"not {type(value).__name__} {shown(value, 40)}")
    return value


def format_locator(doc: Document, locator: str) -> str:
    """A unit locator in the document's citation style ("para 24" -> "para. 24"). Raises
    InputError when `doc` is no kb.Document or `locator` no text."""
    doc = _document(doc, "format_locator")
    m = _PARA.match(_locator_text(locator, "format_locator"))
    if m:
        seq = f"{m.group('seq')}, " if m.group("seq") else ""
        return f"{seq}para. {m.group('rest')}"
    m = _ARTICLE.match(locator)
    if m and doc.family in ("bilateral", "convention", "regional"):
        return f"art. {m.group('rest')}"
    if locator == "Preamble":
        return "preamble"
    if doc.family == "national-law" and doc.language == "en":
        return _as_english_article(locator)
    return locator


def _as_english_article(locator: str) -> str:
    """A Pasal of an English translation of a statute as the translation names it: "Pasal
    6 ayat (1) huruf j" -> "Article 6(1)(j)", "Pasal 1 angka 2" -> "Article 1 point 2",
    "Penjelasan Pasal 6" -> "Elucidation of Article 6", "Penjelasan Umum" -> "General
    Elucidation" (each read back to the same unit by the resolver). kb names the units
    Pasal (kb.structure.statute_en) so that its Penjelasan and cross-references line up;
    an English answer should not cite "Pasal 2 ayat (1) huruf b" of an English text.
    "Menimbang huruf b" -> "Considering letter b", "Lampiran II" -> "Attachment II". Other units
    (an amending act's "Pasal I", Mengingat, Penutup) stay as they are."""
    if locator == "Penjelasan Umum":
        return "General Elucidation"
    attachment = re.fullmatch(r"Lampiran(?P<n> [IVXLC]{1,7}| \d{1,3}| [A-H])?", locator)
    if attachment:  # "Lampiran II" was printed as is in English output
        return "Attachment" + (attachment.group("n") or "")
    considering = re.fullmatch(r"Menimbang(?: huruf (?P<h>[a-z]{1,2}))?", locator)
    if considering:
        return "Considering" + (f" letter {considering.group('h')}" if considering.group("h") else "")
    m = re.fullmatch(r"(?P<pen>Penjelasan )?Pasal (?P<n>\d+[A-Z]?)(?P<tail>.*)", locator)
    steps = _steps(m.group("tail")) if m else None
    if m is None or steps is None:
        return locator
    out = f"Article {m.group('n')}"
    for kind, value in steps:
        if kind == "ayat":
            out += value
        elif kind == "huruf":
            out += f"({value})"
        elif kind == "angka":
            out += f" point {value}"
        else:
            return locator
    return f"Elucidation of {out}" if m.group("pen") else out


def format_citation(doc: Document, locator: str | None = None) -> str:
    """The full citation: "UU No. 18 Tahun 2017, Pasal 30 ayat (1)", "CMW/C/GC/2, para. 24"
    (the document's own citation when `locator` is None or empty). Raises InputError when
    `doc` is no kb.Document or `locator` is neither text nor None."""
    doc = _document(doc, "format_citation")
    if locator is None or (isinstance(locator, str) and not locator):
        return doc.citation
    return f"{doc.citation}, {format_locator(doc, _locator_text(locator, 'format_citation'))}"


# One step down a unit's parts, as part locators write it: " ayat (1)", " huruf a",
# " angka 2" (Indonesian statutes), "(1)", " (a)" (articles' paragraphs, paragraphs'
# sub-paragraphs), ".1" (numbered sub-paragraphs of Guidelines).
# A step's value is taken whole, however long ("ayat (99999999999999999)" is that ayat,
# then reported missing): a bound here made a long one "not a step", and a citation of a
# part the unit does not have was shown as the whole unit.
_STEP = re.compile(r"\s*(?:(?P<word>ayat|huruf|angka)\s+(?P<wv>\(?\w+\)?)|\(\s*(?P<pv>\w+)\s*\)|\.(?P<dv>\d+))")


def _steps(tail: str) -> list[tuple[str, str]] | None:
    """(kind, value) of each step of a locator's tail below its unit: ("ayat", "(1)"),
    ("huruf", "j"), ("(", "a"), (".", "1"); None when the tail is not made of steps."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(tail.rstrip()):
        m = _STEP.match(tail, pos)
        if m is None or m.end() == pos:
            return None
        if m.group("word"):
            value = m.group("wv")
            if m.group("word") == "ayat":
                value = f"({value.strip('()')})"
            out.append((m.group("word"), value))
        elif m.group("pv") is not None:
            out.append(("(", m.group("pv")))
        else:
            out.append((".", m.group("dv")))
        pos = m.end()
    return out


# How each kind of step is printed in a unit's text, as a pattern of its escaped value:
# "(2)" for an ayat or a sub-paragraph, "c." or "c)" opening a huruf or angka item. A
# Guidelines paragraph's ".1" is not looked for (its number is printed apart from it).
_STEP_MARKER = {
    "ayat": lambda v: rf"\(\s*{v}\s*\)",
    "(": lambda v: rf"\(\s*{v}\s*\)",
    "huruf": lambda v: rf"(?<![\w.]){v}\s*[.)]",
    # an angka is "3." or "3)" opening an item, never the "3)" closing an ayat's "(3)"
    "angka": lambda v: rf"(?<![\w.(]){v}\s*[.)]",
}
_STEP_NOUN = {"ayat": "ayat", "huruf": "huruf", "angka": "angka", "(": "sub-paragraph", ".": "sub-paragraph"}


def _show_step(kind: str, value: str) -> str:
    return f"({value})" if kind == "(" else f".{value}" if kind == "." else f"{kind} {value}"


def _skipping_a_level(unit: str, locator: str, parts: Iterable[str]) -> list[str]:
    """The parts that `locator` names with their first level left out: "Pasal 6 huruf j"
    -> ["Pasal 6 ayat (1) huruf j"], "Article 5(a)" -> ["Article 5(2)(a)"], "Section 2(b)" ->
    ["Section 2.2(b)"] (an MoU's decimal paragraphs); [] when the
    locator is a part itself or names none that way."""
    parts = list(parts)
    if locator in parts or not locator.startswith(unit):
        return []
    steps = _steps(locator[len(unit):])
    if not steps:
        return []
    out = []
    for p in parts:
        chain = _steps(p[len(unit):]) if p.startswith(unit) else None
        if chain and len(chain) == len(steps) + 1 and chain[0][0] in ("ayat", "(", ".") and chain[1:] == steps:
            out.append(p)
    return out


def fill_skipped_level(unit: str, locator: str, parts: Iterable[str]) -> str:
    """`locator` with the level people leave out put back, when only one part fits:
    "Pasal 6 huruf j" of UU 18/2017, whose only huruf j is in ayat (1), is "Pasal 6 ayat
    (1) huruf j" (it was shown as the whole Pasal 6, "huruf j is not marked separately").
    Unchanged when the locator is a part, or none or several parts fit (`missing_part`
    then refuses the several: "name the ayat")."""
    found = _skipping_a_level(unit, locator, parts)
    return found[0] if len(found) == 1 else locator


def missing_part(doc: Document, unit: str, locator: str, parts: Iterable[str], text: str | None = None) -> str | None:
    """The one-line refusal when `locator` names a part that `unit` (whose part locators
    are `parts`) does not have at some level although it has others of that kind there:
    "UU No. 18 Tahun 2017, Pasal 6 ayat (1) has no huruf z in the indexed text; it has
    huruf a–m", "CMW/C/GC/2, para 13 has no (z) …; it has (a)–(h)". A level with no part
    marked at all is refused only when the unit's `text` (given) does not hold the cited
    marker either ("Pasal 91 ayat (2)" of a Pasal written as one sentence: "… has no ayat
    (2) in the indexed text, nor any other ayat"); None when every level is there, or the
    marker is in the text although no part was marked (an OCR copy may hide its numbering
    from the parser: the whole unit is quoted, as before). Each level is checked, ayat,
    huruf, angka, an article's (1)(a)(i), a paragraph's (a) and a Guidelines paragraph's .1."""
    steps = _steps(locator[len(unit):]) if locator.startswith(unit) else None
    if not steps:
        return None
    parts = list(parts)
    several = _skipping_a_level(unit, locator, parts)
    if len(several) > 1:  # "Pasal 6 huruf a" of a Pasal with a huruf a in two ayat
        levels = [_show_step(*(_steps(p[len(unit):]) or [("", "")])[0]) for p in several]
        return (f"{format_citation(doc, unit)} has {locator[len(unit):].strip()} in {', '.join(levels)}: name the "
                f"one meant, e.g. '{format_citation(doc, several[0])}'")
    # every part as its chain of steps below the unit
    chains = [c for p in parts if p.startswith(unit) and (c := _steps(p[len(unit):]))]
    path: list[tuple[str, str]] = []
    for kind, value in steps:
        depth = len(path)
        children = list(dict.fromkeys(c[depth][1] for c in chains
                                      if len(c) > depth and c[:depth] == path and c[depth][0] == kind))
        if value in children or value.lower() in children:
            path.append((kind, value if value in children else value.lower()))
            continue
        parent = unit if not path else next(p for p in parts if p.startswith(unit) and _steps(p[len(unit):]) == path)
        if not children:
            # that level is not marked: judged by the text itself, when it is given
            marker = _STEP_MARKER.get(kind)
            if text is None or marker is None or re.search(marker(re.escape(value.strip("()"))), text, re.IGNORECASE):
                return None
            deeper = _deeper_parts(unit, parts, chains, path, kind)
            if deeper:
                # "Pasal 6 huruf z": Pasal 6 has huruf, in its ayat (1) (was: "nor any other huruf")
                where = ", ".join(f"{p[len(parent):].strip()} ({_span(kind, vals)})" for p, vals in deeper[:4])
                more = f" and {len(deeper) - 4} more" if len(deeper) > 4 else ""
                return (f"{format_citation(doc, parent)} has no {_show_step(kind, value)} in the indexed text; its "
                        f"{_STEP_NOUN[kind]} are in {where}{more}: name one, e.g. "
                        f"'{format_citation(doc, deeper[0][0])} {_show_step(kind, deeper[0][1][0])}'")
            return (f"{format_citation(doc, parent)} has no {_show_step(kind, value)} in the indexed text, nor any "
                    f"other {_STEP_NOUN[kind]}: `kb show \"{format_citation(doc, parent)}\"` gives its whole text")
        span = _span(kind, children)
        message = f"{format_citation(doc, parent)} has no {_show_step(kind, value)} in the indexed text; it has {span}"
        if not _run(children) and _run(sorted(children + [value], key=_run_key)):
            # kb reads a list in order, so a gap is a marker the source lost (Unit.caveat)
            message += (f" (the source text lost the marker of {_show_step(kind, value)}; its words are in "
                        f"`kb show \"{format_citation(doc, parent)}\"`)")
        return message
    return None


def _span(kind: str, children: list[str]) -> str:
    """The part values of one level as a refusal names them: "huruf a–m", "ayat (1), (3)"
    (a run with a gap is listed, never shown as a range claiming the missing one), "(a)–(h)"."""
    if len(children) == 1:
        return _show_step(kind, children[0])
    if not _run(children):
        return (", ".join(_show_step(kind, c) for c in children) if kind in ("(", ".")
                else f"{kind} " + ", ".join(_show_step(kind, c)[len(kind) + 1:] for c in children))
    if kind in ("(", "."):
        return f"{_show_step(kind, children[0])}–{_show_step(kind, children[-1])}"
    return f"{kind} {children[0]}–{children[-1]}"


def _deeper_parts(unit: str, parts: list[str], chains: list[list[tuple[str, str]]], path: list[tuple[str, str]],
                  kind: str) -> list[tuple[str, list[str]]]:
    """Where parts of `kind` are below `path` but deeper than its next level: [(the locator
    holding them, their values in order)], e.g. for Pasal 6 of UU 18/2017 and "huruf":
    [("Pasal 6 ayat (1)", ["a", …, "m"])]; [] when there are none."""
    depth = len(path)
    groups: dict[tuple, list[str]] = {}
    for c in chains:
        if len(c) <= depth + 1 or c[:depth] != path:
            continue
        for i in range(depth + 1, len(c)):
            if c[i][0] == kind:
                got = groups.setdefault(tuple(c[:i]), [])
                if c[i][1] not in got:
                    got.append(c[i][1])
    out: list[tuple[str, list[str]]] = []
    for prefix, values in groups.items():
        holder = next((p for p in parts if p.startswith(unit) and _steps(p[len(unit):]) == list(prefix)), None)
        if holder is not None:
            out.append((holder, values))
    return out


def _run_key(value: str):
    v = value.strip("()")
    return (0, int(v), "") if v.isdigit() else (1, 0, v.lower())


def _run(values: list[str]) -> bool:
    """Whether part values follow each other without a gap (1, 2, 3 or a, b, c); values
    of another form (Roman numerals, "5a") are taken as a run."""
    if all(v.strip("()").isdigit() for v in values):
        nums = [int(v.strip("()")) for v in values]
    elif all(len(v.strip("()")) == 1 and v.strip("()").isalpha() for v in values):
        nums = [ord(v.strip("()").lower()) for v in values]
    else:
        return True
    return nums == list(range(nums[0], nums[0] + len(nums)))


# "huruf xyz", "ayat x", "angka v": a part word whose value cannot be that part. The
# citation grammar reads only what a part can be (huruf a, ayat (1), angka 2), so such a
# tail used to be dropped and the whole unit shown as if it had been cited.
_PART_WORD = re.compile(r"(?<![\w/-])(?P<kind>huruf|ayat|angka)\s+(?P<value>[^\s,;]+)", re.IGNORECASE)
# a value, or a range of two written with a dash ("huruf a-c", "ayat (1)–(3)")
_HURUF, _NUMBER = r"\(?([a-z])\1?\)?", r"\(?\d+[a-z]?\)?"
_PART_VALUE = {"huruf": re.compile(rf"{_HURUF}(?:[-\u2013\u2014]\(?[a-z]{{1,2}}\)?)?", re.IGNORECASE),  # a … z, aa, bb
               "ayat": re.compile(rf"{_NUMBER}(?:[-\u2013\u2014]{_NUMBER})?", re.IGNORECASE),
               # angka is also written in Roman numerals in some Lampiran ("angka IV")
               "angka": re.compile(rf"{_NUMBER}(?:[-\u2013\u2014]{_NUMBER})?|[ivxlc]+", re.IGNORECASE)}
_PART_RULE = {"huruf": "a huruf is one letter, e.g. huruf a", "ayat": "an ayat is a number, e.g. ayat (1)",
              "angka": "an angka is a number, e.g. angka 2"}


# "para 24abc", "Pasal 30xyz", "para 0x18": a unit number with letters glued on. The
# grammar read the digits alone (para 24, para 0) and dropped the rest without a word.
# One letter is a number of its own ("Pasal 5A"); "bis", "ter", "quater" are inserted units.
_GLUED_NUMBER = re.compile(r"(?<![\w/-])(?P<kind>pasal|psl\.?|paras?\.?|paragraphs?|articles?|art\.?)\s*"
                           r"(?P<value>\d+(?:x[0-9a-f]+|(?!(?:bis|ter|quater)\b)[a-z]{2,})\b)", re.IGNORECASE)


# "Pasal 6 bis": the Latin word of an inserted unit after a space. The number was read
# alone and Pasal 6 shown as if cited.
_SPACED_LATIN = re.compile(r"(?<![\w/-])(?:pasal|psl\.?|paras?\.?|paragraphs?|articles?|art\.?)\s*\d+[a-z]?"
                           r"\s+(?:bis|ter|quater|quinquies)\b", re.IGNORECASE)
# "Pasal 3-1", "paras 40 to 12": a range written high to low named its two ends only.
_BACKWARDS = re.compile(r"(?<![\w/-])(?P<kind>pasal|psl\.?|paras?\.?|paragraphs?|articles?|art\.?|¶)\s*"
                        r"(?P<a>\d+)\s*(?:[-\u2010-\u2015]|to|through|s\.?\s?d\.?|s\s?/\s?d|sampai(?:\s+dengan)?|hingga)"
                        r"\s*(?:(?:pasal|paras?\.?|articles?|art\.?)\s*)?(?P<b>\d+)(?![\d/])", re.IGNORECASE)

# "Pasal 5.1": a Pasal number is whole (a general comment's "para 12.3" is not); the
# decimal part was dropped and Pasal 5 shown as if cited.
_DECIMAL_PASAL = re.compile(r"(?<![\w/-])(?:pasal|psl\.?)\s*(?P<n>\d+)\.(?P<d>\d+)(?![\d.])", re.IGNORECASE)
# "Pasal 1 Pasal 2": a second unit with nothing joining it to the first was dropped
# ("Pasal 1 dan Pasal 2", "Pasal 1, Pasal 2", "jo." name both).
_UNIT_AFTER_UNIT = re.compile(r"(?<![\w/-])(?P<a>pasal\s*\d+[a-z]?)(?:\s*(?:ayat\s*\(?\s*\d+\s*\)?|huruf\s*\(?[a-z]\)?"
                              r"|angka\s+\d+|\(\s*\d+\s*\)))*\s+(?P<b>pasal\s*\d+[a-z]?)(?!\w)", re.IGNORECASE)

# "para 24/25", "Pasal 30 atau 31", "para 24 25", "art. 94 + 95": a second number joined to a
# unit by what the grammar does not read as a list or a range was dropped, and the first
# unit alone shown under its citation as if it were all that was asked for. Read joiners
# ("-", "to", "s.d.", "dan", "and", ",", "&") come first and pass; a year ("para 24 2013")
# or a statute's number ("Pasal 30 18/2017") after the unit is not a unit.
_UNIT_WORD = r"(?:pasal|psl\.?|paras?\.?|paragraphs?|articles?|art\.?|¶)"
_FINE_PARTS = (r"(?:\s*(?:ayat\s*\(?\s*\d+\s*\)?|huruf\s*\(?[a-z]\)?(?![\w(])|angka\s+\d+\b|\(\s*\d+\s*\)"
               r"|\([a-z]{1,4}\)))*")
_READ_MORE = (r"(?:\s*(?:-|[\u2010-\u2015]|to\b|through\b|s\s?/\s?d\.?|s\.?\s?d\.?|sampai\s+dengan\b|sampai\b|"
              rf"hingga\b|and\b|dan\b|serta\b|,|&)\s*(?:{_UNIT_WORD}\s*)?\d+[a-z]?(?![\w/]){_FINE_PARTS})*")
_DROPPED_NUMBER = re.compile(
    rf"(?<![\w/-])(?P<first>{_UNIT_WORD})\s*\d+[a-z]?(?!\w){_FINE_PARTS}{_READ_MORE}"
    r"(?P<join>\s*(?:\+|/|;|\||~|\.{2,}|…|→|->|=>|\bor\b|\batau\b|\bjuncto\b|\bjo\b\.?|\bversus\b|\bvs\b\.?)\s*|\s+)"
    rf"(?:(?P<second>{_UNIT_WORD})\s*)?(?P<b>\d+[a-z]?)(?![\w])(?!\s*/\s*\d)(?!\s+tahun\b)", re.IGNORECASE)
_ARTICLE_WORD = re.compile(r"art", re.IGNORECASE)
_PARAGRAPH_WORD = re.compile(r"par|¶", re.IGNORECASE)


def _drops_number(m: re.Match) -> bool:
    """Whether a `_DROPPED_NUMBER` match really drops a number. Not when it is a year; not
    when a paragraph word follows an article ("Article 25 paragraph 1", "art. 5 para 2":
    the paragraph of that article, read as art. 25(1)); not when "jo."/"juncto" is followed
    by a unit word ("Pasal 30 juncto Pasal 31": the second unit is read, as after "jo.")."""
    if _YEAR.fullmatch(m.group("b")):
        return False
    second = m.group("second")
    if second and _ARTICLE_WORD.match(m.group("first")) and _PARAGRAPH_WORD.match(second):
        return False
    return not (second and re.fullmatch(r"\s*(?:juncto|jo\.?)\s*", m.group("join"), re.IGNORECASE))
# "para 24 et seq.", "Pasal 30 dst.": the units after it, to an end not named; the first
# unit alone was shown.
_OPEN_END = re.compile(rf"(?<![\w/-])(?P<unit>{_UNIT_WORD}\s*\d+[a-z]?)(?![\w/]){_FINE_PARTS}{_READ_MORE}\s*"
                       r"(?P<word>et\s+seq(?:q|uentes)?\b\.?|ff\b\.?|f\.|dst\b\.?|dan\s+seterusnya\b|"
                       r"and\s+following\b|onwards?\b|et\s+suivants?\b)", re.IGNORECASE)

# "ayat (3)-(1)", "huruf c s.d. a": a range of parts written high to low.
_PART_BACKWARDS = re.compile(r"(?<![\w/-])(?:huruf|ayat|angka)\s*\(?\s*(?P<a>\d+|[a-z])\s*\)?\s*"
                             r"(?:[-\u2010-\u2015]|to|s\.?\s?d\.?|s\s?/\s?d|sampai(?:\s+dengan)?|hingga)\s*"
                             r"(?:(?:huruf|ayat|angka)\s*)?\(?\s*(?P<b>\d+|[a-z])\s*\)?(?![\w(])", re.IGNORECASE)

# Scripts whose letters look like Latin ones: "аyat" with a Cyrillic а was no part word,
# and the whole Pasal was shown as if cited.
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


def _lookalike_script(word: str) -> str | None:
    """The script ("Cyrillic", "Greek", …) of the look-alike letters in a word that also
    has Latin ones, or None."""
    if word.isascii():
        return None
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in word if c.isalpha()}
    other = sorted(scripts & set(_LOOKALIKE_SCRIPTS))
    return other[0].capitalize() if other and scripts & {"LATIN", "FULLWIDTH"} else None


def _next_numbers(unit: str) -> str:
    """The number a few units after "para 24" (for an example range: "para 24-27")."""
    digits = re.search(r"\d+", unit)
    return str(int(digits.group()) + 3) if digits else "N"


def _dropped_match(text: str) -> re.Match | None:
    """The first `_DROPPED_NUMBER` match of `text` that really drops a number, or None."""
    dropped, pos = None, 0
    while (m := _DROPPED_NUMBER.search(text, pos)) is not None and dropped is None:
        # a match passed over is read again from its second unit word: "Article 5
        # paragraph 1 or 2" drops 2 after "paragraph 1"
        dropped, pos = (m, 0) if _drops_number(m) else (None, m.start("second") if m.group("second") else m.end())
    return dropped


def dropped_number(text: str) -> str | None:
    """The one-line refusal when `text` (a citation, or a question holding one) names a
    second number after a unit joined by what kb does not read as a list or a range
    ("Pasal 30 atau 31", "article 21 or 22", "para 24/25", "para 24 25", "art. 94 + 95"),
    saying what to write instead; None when it names none. Shared by `kb show`
    (`unreadable_part`) and `kb ask` (kb.answer.checks.check_joined_units), so both refuse
    such a citation with the same line. Words joined by "atau"/"or" that are no unit
    numbers ("denda atau pidana") pass, as do a year ("para 24 2013") and a statute's
    number ("Pasal 30 18/2017") after the unit."""
    dropped = _dropped_match(text)
    if dropped is None:
        return None
    b, join = dropped.group("b", "join")
    read = " ".join(dropped.group()[:dropped.start("join") - dropped.start()].split())  # "para 24", "Pasal 30 ayat 1"
    how = f"joined by {join.strip()!r}" if join.strip() else "with nothing between them"
    return (f"{text!r} names {b} after {read!r} {how}, which kb does not read as a list or a range: write "
            f"'{read} dan {b}' for both, '{read}-{b}' for the range, or cite one")


# "para 1O", "para 2l", "¶ 12a": a paragraph number with one letter glued on. Paragraphs
# are numbered in digits alone, so the letter was dropped and another paragraph (para 1,
# para 2, para 12) shown as if cited; an O or an l typed for a 0 or a 1 is the usual cause.
_GLUED_PARAGRAPH = re.compile(r"(?<![\w/-])(?P<word>paragraphs?|paras?\.?|par\.|¶+|§+)\s*(?P<n>\d+)(?P<letter>[^\W\d_])"
                              r"(?![^\W\d_])")
# A number written with digits of two scripts ("Pasal 1٢": an ASCII 1 and an Arabic-Indic
# 2; "3０" with a full-width 0): each script's digits alone are read (`_plain_char`), but
# mixed they are a number no one wrote, and Pasal 12 was shown as if cited.
_DIGITS = re.compile(r"\d+")
_LOOKS_LIKE_DIGIT = {"o": "0", "l": "1", "i": "1"}


def _mixed_digits(number: str) -> bool:
    """Whether a run of decimal digits mixes two scripts (by the zero of each digit's block)."""
    return not number.isascii() and len({ord(c) - unicodedata.decimal(c, 0) for c in number}) > 1


def unreadable_span(citation: str) -> tuple[str, str] | None:
    """The one-line refusal when a citation names a part (huruf, ayat, angka) with a value
    that part cannot have ("Pasal 30 huruf xyz", "huruf 5", "ayat x"), or a unit whose
    number has letters glued on ("para 24abc") or a Latin word after it ("Pasal 6 bis"),
    or a range of units or parts written high to low ("Pasal 3-1", "ayat (3)-(1)"), or a
    Pasal with a decimal part ("Pasal 5.1") or followed by another with nothing between
    them ("Pasal 1 Pasal 2"), or a second number joined to a unit by what is no list or
    range ("para 24/25", "Pasal 30 atau 31"), or units after one to no end ("para 24 et
    seq."), or a word mixing Latin and look-alike Cyrillic or Greek letters ("аyat"), or None. Words
    of a list or a range ("huruf a dan b", "ayat (1) s.d. (3)") are values of their own
    and pass. Returns (the refusal, the text it refuses) or None; `unreadable_part` is the
    refusal alone."""
    for number in _DIGITS.findall(citation):
        if _mixed_digits(number):
            plain = "".join(str(unicodedata.decimal(c)) for c in number)
            return (f"cannot read the number {number!r} in {shown_citation(citation)}: it mixes digits of two scripts; "
                    f"type it again in one, e.g. {plain}"), number
    for word in re.findall(r"\w+", citation):
        lookalike = _lookalike_script(word)
        if lookalike:
            return (f"cannot read {word!r} in {shown_citation(citation)}: it mixes Latin letters with {lookalike} ones that look "
                    "the same; type it again in Latin letters"), word
    for part in _PART_BACKWARDS.finditer(citation):
        a, b = part.group("a", "b")
        if (a.isdigit() and b.isdigit() and _num_key(b) < _num_key(a)) or (a.isalpha() and b.isalpha() and b.lower() < a.lower()):
            return (f"the range {part.group().strip()!r} in {shown_citation(citation)} runs backwards; give it from the lower "
                    f"{'letter' if a.isalpha() else 'number'} first"), part.group()
    backwards = _BACKWARDS.search(citation)
    if backwards and _num_key(backwards.group("b")) < _num_key(backwards.group("a")):
        kind, a, b = backwards.group("kind", "a", "b")
        return (f"the range {backwards.group().strip()!r} in {shown_citation(citation)} runs backwards; give it from the lower "
                f"number, e.g. '{kind} {b.lstrip('0') or 0}-{a.lstrip('0') or 0}'"), backwards.group()
    decimal = _DECIMAL_PASAL.search(citation)
    if decimal:
        n, d = decimal.group("n", "d")
        return (f"cannot read {decimal.group().strip()!r} in {shown_citation(citation)}: a Pasal number is whole; for its ayat "
                f"write 'Pasal {n} ayat ({d})'"), decimal.group()
    pair = _UNIT_AFTER_UNIT.search(citation)
    if pair:
        a, b = (" ".join(x.split()) for x in pair.group("a", "b"))
        return (f"{shown_citation(citation)} names {a} and then {b} with nothing between them: write '{a} dan {b}' for both, "
                "or cite one"), pair.group()
    dropped = _dropped_match(citation)
    if dropped is not None:
        return dropped_number(citation), dropped.group()
    open_end = _OPEN_END.search(citation)
    if open_end:
        unit, word = (" ".join(x.split()) for x in open_end.group("unit", "word"))
        return (f"{shown_citation(citation)} names the units after {unit} ({word!r}) without saying where they end: give the "
                f"range, e.g. '{unit}-{_next_numbers(unit)}', or cite one"), open_end.group()
    latin = _SPACED_LATIN.search(citation)
    if latin:
        return (f"cannot read {latin.group().strip()!r} in {shown_citation(citation)}: a number is digits with at most one "
                "letter, e.g. Pasal 5A, para 24"), latin.group()
    glued = _GLUED_NUMBER.search(citation)
    if glued:
        return (f"cannot read {glued.group().strip()!r} in {shown_citation(citation)}: a number is digits with at most one "
                "letter, e.g. Pasal 5A, para 24"), glued.group()
    paragraph = _GLUED_PARAGRAPH.search(citation)
    if paragraph and not paragraph.group("letter").isascii():  # "para 1Ι" with a Greek capital iota
        letter = paragraph.group("letter")
        script = unicodedata.name(letter, "another script's").split(" ")[0].capitalize()
        return (f"cannot read {paragraph.group().strip()!r} in {shown_citation(citation)}: {letter!r} is a {script} letter, no "
                "digit; type the paragraph number in digits 0-9"), paragraph.group()
    if paragraph:
        n, letter = paragraph.group("n", "letter")
        digit = _LOOKS_LIKE_DIGIT.get(letter.lower())
        meant = f"'para {n}{digit}' if the {letter!r} is a {digit}, " if digit else ""
        return (f"cannot read {paragraph.group().strip()!r} in {shown_citation(citation)}: a paragraph is numbered in digits "
                f"alone; write {meant}'para {n} ({letter.lower()})' for its sub-paragraph"), paragraph.group()
    for m in _PART_WORD.finditer(citation):
        # the sentence's own closing mark is no part of the value ("Apa isi … huruf c?")
        kind, value = m.group("kind").lower(), m.group("value").rstrip(".:?!\"'\u201d\u2019\u00bb")
        if not _PART_VALUE[kind].fullmatch(value):
            return f"cannot read {m.group().strip()!r} in {shown_citation(citation)}: {_PART_RULE[kind]}", m.group()
    dangling = _DANGLING_PART.search(citation)
    if dangling:
        word = dangling.group("kind") or dangling.group("para")
        rule = _PART_RULE.get(word.lower(), "a paragraph of an article is a number, e.g. Article 5(1)")
        return (f"{shown_citation(citation)} ends with {word!r} and no value after it: {rule}; or leave the word out for the "
                "whole unit"), dangling.group()
    return None


# "Pasal 30 huruf", "Pasal 1 angka", "Article 5 paragraph": a part word with nothing after it
# (or only an escape sequence the terminal filter removed). The unit was shown whole, as
# if the part had not been asked for.
_DANGLING_PART = re.compile(r"(?:(?<=\d)|(?<=\d[a-z])|(?<=\)))\s+(?P<kind>huruf|ayat|angka)[\s.,;:?!]*$|"
                            r"(?<![\w/-])(?:articles?|art\.?)\s*\d+[a-z]?(?:\s*\(\s*\d+\s*\))?\s*,?\s+"
                            r"(?P<para>paragraph|para\.?)[\s,;:?!]*$", re.IGNORECASE)


def unreadable_part(citation: str) -> str | None:
    """The one-line refusal of `unreadable_span` (a citation kb cannot read as typed), or None."""
    found = unreadable_span(citation)
    return found[0] if found else None


def unreadable_citation(text: str, citation: "Citation | None") -> str | None:
    """`kb show`'s refusal of a citation it cannot read as typed (`unreadable_span`), for a
    question or a query that is that citation and nothing else (`citation`, as parsed from
    `text`: every word it leaves unread, its `topic_words`, is in the refused text):
    "UU 18/2017 Pasal 30 atau 31", "Apa isi GC 1 para 1O?". `kb ask` refuses it as `kb
    show` does, `kb search` says it in its notes (they answered from Pasal 30, para 1
    as if cited); a question with words of its own is searched as asked. None otherwise."""
    if citation is None:
        return None
    found = unreadable_span(text)
    if found is None:
        return None
    message, refused = found
    refused = _fold(refused)
    return message if all(word in refused for word in citation.topic_words) else None


def _num_key(number: str) -> tuple[int, str]:
    """A run of decimal digits as a key that orders it by value, without int() (which
    refuses 4,300 digits and more)."""
    digits = "".join(str(unicodedata.decimal(c, 0)) for c in number).lstrip("0")
    return len(digits), digits


# The ICRMW has 93 articles (Parts I-IX): a citation of another number names nothing, even
# while the Convention's text is not in the library.
CONVENTION_ARTICLES = 93

# --- parsing ------------------------------------------------------------------------

_ANNEX_LABEL = r"(?:[ivxlc]{1,7}|\d{1,3}|[a-h])(?![\w/])"  # "Annex I", "Annex 2", "Annex A"
_ANNEX_WORDS = {"annex": "Annex", "appendix": "Appendix", "schedule": "Schedule", "lampiran": "Lampiran"}
# Numbers are taken whole, however long ("para 999999999999" stays that number and is then
# reported missing): a number cut to its first digits would cite another unit.
_UNIT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # The general elucidation, as official English translations name it too ("General
    # Elucidation", "Elucidation, General"); "I. UMUM" is its heading in the Penjelasan.
    ("penjelasan-umum", re.compile(
        r"\b(?:penjelasan\s*,?\s*(?:i\.?\s+)?umum|general\s+(?:elucidation|explanation)|"
        r"(?:elucidation|explanation)\s*,?\s*(?:i\.?\s+)?general)\b")),
    # "ayat (4) Pasal 38", "huruf j ayat (1) Pasal 6": the finer part named first.
    (
        "pasal-reversed",
        re.compile(
            # "huruf j ayat (1) Pasal 6", "ayat 1 pasal 6", "huruf j Pasal 6" (no ayat typed)
            r"\b(?:(?:huruf|hrf\.?)\s*(?P<h>[a-z])(?:\s*[,;]\s*|\s+))?(?:(?:ayat|ay\.)\s*\(?\s*(?P<a>\d+)\s*\)?\s*,?\s*)?"
            r"(?<=\s|,)(?:(?:dari|of)\s+)?(?:pasal|psl\.?)\s*(?P<n>\d+[a-z]?)\b"
        ),
    ),
    (
        "pasal",
        re.compile(
            # "Penjelasan Pasal 5", "penjelasan atas pasal 5", and as English translations of
            # statutes say it, "Elucidation of Article 5"; "Psl. 5", "ps. 5", "Ps 5" abbreviate Pasal.
            r"\b(?:(?P<pen>(?:penjelasan|elucidation|explanation|explanatory\s+notes?)\s+(?:atas\s+|of\s+(?:the\s+)?|on\s+|to\s+)?)"
            r"(?:pasal|psl\.?|ps\.?|articles?|art\.?)|pasal|psl\.?|ps\.|ps(?=\s*\d))\s*(?P<n>\d+[a-z]?)\b"
            # a comma, semicolon or colon before a part is read through ("Pasal 61, ayat (1),
            # huruf a", "Pasal 6, (1)"); `_one_part_fine` cuts where a level named again
            # begins a list ("ayat (1), (2)")
            r"(?P<fine>(?:\s*(?:[,;:]\s*(?=(?:ayat|huruf|hrf|angka)\b|ay\.|ay\s*\(|\(\s*(?:\d|[a-z]\))))?(?:(?:ayat|ay\.|ay(?=\s*\())\s*\(?\s*\d+\s*\)?|(?:huruf|hrf\.?)\s*\(?(?P<hl>[a-z])(?P=hl)?\b\)?|angka\s+\d+\b|"
            r"\(\s*\d+\s*\)(?:\s*[a-z](?=\s*(?:$|[,.;:?()]|(?:uu|pp|dari|of|tentang|in|dalam|under|the|dan|and|serta|vs|with|dengan|atau|or|law|undang|peraturan|government)\b)))?|\([a-z]\)))*)"
            r"(?P<pen2>\s*\(\s*penjelasan(?:nya)?\s*\))?"
        ),
    ),
    # An amending act's Roman articles and their amendment points: "Pasal II", "Pasal I angka 2".
    (
        "pasal-roman",
        re.compile(
            r"\b(?P<pen>penjelasan\s+(?:atas\s+)?)?pasal\s+(?P<roman>[ivxlc]{1,7})\b(?P<point>\s+angka\s+\d{1,4}\b)?"
            r"(?P<fine>(?:\s*(?:[,;:]\s*(?=(?:ayat|huruf|angka)\b))?(?:ayat\s*\(?\s*\d{1,4}\s*\)?|huruf\s+[a-z]{1,2}\b|angka\s+\d{1,4}\b))*)"
        ),
    ),
    # "Attachment" is how English translations of statutes head a Lampiran
    ("lampiran", re.compile(r"\b(?:lampiran|attachment)(?:\s+(?P<n>[ivxlc]{1,7}|\d{1,3}|[a-h](?:\.\d{1,2})?)\b)?"
                            r"(?!\s*,?\s*(?:paragraphs?|paras?\b|¶))")),
    # Official English translations of statutes head these "Considering:" and "In view of:"
    # (or "Observing:"); as ordinary words they are read as the part only when nothing but
    # punctuation or "of/in/under" and a name follows ("Considering, UU 6/2012").
    ("menimbang", re.compile(r"\b(?:konsiderans?\s+menimbang|menimbang|konsiderans?|considerations?|recitals?|"
                             r"considering(?=\s*(?:$|[,:;.()?]|(?:of|in|under|dari|dalam|letter|point|huruf)\b)))\b"
                             r"(?:\s+(?:huruf|letter|point)\s+(?P<fine>[a-z]{1,2})\b)?")),
    ("mengingat", re.compile(r"\b(?:mengingat|(?:in\s+view\s+of|observing)(?=\s*(?:$|[,:;.()?]|(?:of|in|under|dari|dalam|point|number|angka)\b)))"
                             r"(?:\s+(?:angka|point|number)\s+(?P<fine>\d{1,3})\b)?")),
    ("preamble", re.compile(r"\b(?:preamble|preambular(?:\s+paragraphs?)?|preambule?|mukadimah|pembukaan)\b")),
    # Where and when an instrument was adopted or enacted: a statute's Penutup (its closing
    # part, UU 12/2011 Lampiran II, C; not "Ketentuan Penutup", the chapter of closing
    # provisions), a treaty's or ASEAN instrument's final clause ("Final clause 2").
    ("penutup", re.compile(r"(?<!ketentuan\s)(?<!bab\s)\bpenutup(?:nya)?\b")),
    ("final-clause", re.compile(r"\bfinal\s+clauses?\b(?:\s+(?P<n>[2-9])\b)?")),
    # An article of an annex that numbers its own articles: "Annex I Article 2",
    # "Annex I, art. 2", "article 2 of Annex I" (ILO conventions, bilateral agreements).
    (
        "annex-article",
        re.compile(
            rf"\b(?P<word>annex|appendix|schedule|lampiran)(?:\s+(?P<label>{_ANNEX_LABEL}))?\s*,?\s*"
            r"(?:article|art\.?|pasal)\s*(?P<n>\d+[a-z]?)\b"
            r"(?P<fine>(?:\s*(?:\(\s*\d+\s*\)|\([a-z]{1,4}\)))*)"
        ),
    ),
    (
        "article-of-annex",
        re.compile(
            r"\b(?:article|art\.?|pasal)\s*(?P<n>\d+[a-z]?)\b(?P<fine>(?:\s*(?:\(\s*\d+\s*\)|\([a-z]{1,4}\)))*)"
            rf"\s*,?\s*of\s+(?:the\s+)?(?P<word>annex|appendix|schedule|lampiran)(?:\s+(?P<label>{_ANNEX_LABEL}))?\b"
        ),
    ),
    (
        "article",
        re.compile(
            # a Roman number only after a space or a full stop ("Article III", "art. IV"),
            # and only a valid one (`_find_unit`): agreements and MoUs number articles so
            # "Article 3bis" / "3 bis": an article inserted by an amendment (European treaties)
            r"\b(?:articles?|artikel|art\.?|arts\.?)\s*(?:(?:no\.?|number|nr\.?)\s*)?(?P<n>\d+(?:\s?(?:bis|ter|quater)\b|[a-z])?|(?<=[\s.])[ivxlc]{1,7})\b"
            # "(1)(j)", ", paragraph 2", "paragraph (1) letter j" (English translations of
            # statutes), "5.1" (trade agreements number an article's paragraphs so)
            r"(?P<fine>(?:\s*(?:\(\s*\d+\s*\)|\([a-z]{1,4}\)|,?\s*(?:paragraph|para\.?)\s*\(?\s*\d+(?!\d)\s*\)?|"
            r",?\s*(?:letter|point|sub-?paragraph|huruf)\s*\(?[a-z]\b\)?|"
            # "Article 1 point 2", "Article 1 number 2": a statute's angka (its definitions)
            r",?\s*(?:point|number|angka)\s+\d{1,3}(?![\d/])(?!\s+(?:of|tahun)\s+\d{4}))|\.\d{1,2}(?![\d/]))*)"
        ),
    ),
    # "paragraph 5 of Article 109": an article's paragraph named first
    ("article-reversed", re.compile(r"\b(?:paragraph|para\.?)\s*\(?\s*(?P<a>\d+)\s*\)?\s*,?\s*of\s+(?:the\s+)?"
                                    r"(?:article|art\.?)\s*(?P<n>\d+[a-z]?)\b")),
    # "Guideline 2", "Pedoman angka 26": a numbered paragraph of a document's Guidelines
    ("guideline-n", re.compile(r"\bguidelines?\s*,?\s*(?:(?:no\.?|nomor|number|nr\.?|angka|butir|poin|point)\s*)?"
                               r"(?P<n>\d{1,3})(?![\d/])(?!\s*(?:tahun|thn)\b)")),
    (
        "para",
        re.compile(
            # "Annex II, para. 3": a resolution's annexes each number their paragraphs anew
            r"(?:\b(?P<seq>guidelines?|annex|appendix|glossary|lampiran)"
            r"(?:\s+(?P<seqlabel>[ivxl]{1,6}|\d{1,2}|[a-h])(?![\w/]))?\s*,?\s*)?"
            # the Committee's and ASEAN's numbered paragraphs as people name them: "para.",
            # "¶", "§", "pgf.", "subparagraph 32(e)", ASEAN's "point"/"butir"/"poin"
            r"(?:\b(?:sub-?)?paragraphs?|\bparas?\b\.?|\bpar\.|\bpar\b(?=\s*\d)|\bpgf\b\.?|\bpoints?\b|\bitems?\b(?=\s*\d)|\bbutir\b|\bpoin\b|"
            # "angka 14" of ASEAN's or the Committee's paragraphs, not a Pasal's or the
            # Mengingat's numbered points ("Pasal 1 angka 2", "Mengingat angka 2")
            r"(?<!mengingat )(?<!menimbang )(?<!pasal \d )(?<!pasal \d\d )(?<!pasal \d\d\d )(?<!\) )\bangka\b|¶+|§+|"
            r"\bpp\.(?=\s*\d+\s*-\s*\d))\s*(?:(?:no\.?|nomor|number)\s*)?(?P<n>\d+)(?!\d)(?P<sub>(?:\.\d+(?!\d))*)"
            # "para 13, subparagraph (e)": a comma before a part word is read through
            r"(?P<fine>(?:\s*(?:\([a-z]{1,4}\)|(?:,\s*)?(?:huruf|letter|sub-?paragraph)\s*\(?[a-z]\b\)?))*)"
            # "para 1 of annex II", "paragraph 3 of the annex": the annex named after the
            # paragraph (was read as the resolution's own para 1)
            r"(?:\s*,?\s*of\s+(?:the\s+)?(?P<seq2>annex|appendix)"
            r"(?:\s+(?P<seqlabel2>[ivxl]{1,6}|\d{1,2}|[a-h])(?![\w/]))?(?![\w/]))?"
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
    # the Minister of Manpower's regulations by their full name, as their headings print it
    # ("Peraturan Menteri Ketenagakerjaan No. 9 Tahun 2019", `kb add`'s citation of one)
    "peraturan menteri ketenagakerjaan": "permenaker",
    "peraturan menteri tenaga kerja": "permenaker",
    "ministry of manpower regulation": "permenaker",
    "minister of manpower regulation": "permenaker",
    # English abbreviations of Government Regulation in commentary and translations
    # ("GR 59/2021", "Gov. Reg. No. 59 of 2021"); "GR" only for one the catalogue holds
    # (`CitationResolver.unknown_symbols`)
    "gr": "pp",
    "gov reg": "pp",
    "govt reg": "pp",
    "government reg": "pp",
}
_REG = re.compile(
    r"\b(?:(?:indonesian|indonesia's)\s+)?(?P<type>undang[- ]undang|peraturan pemerintah|peraturan presiden|government regulation|"
    r"peraturan menteri (?:ketenagakerjaan|tenaga kerja)|minist(?:er|ry) of manpower regulation|"
    r"presidential regulation|gov(?:t|ernment)?\.?\s*reg\.?|gr|permenaker|perpres|uu|pp|law|act)(?:\b\.?\s*|(?<=uu|pp)(?=\d))"  # "uu18/2017" as typed
    r"(?:(?:republik indonesia|ri)\s*)?(?:no\.?|nomor|number|nr\.?)?\s*(?P<num>\d{1,4})\s*"
    r"(?:(?:/|tahun|thn\.?|th\.?|of|year|,)\s*(?:year\s*)?(?P<year>(?:19|20)\d{2})\b|"
    # "UU 18/17": a year in two digits, after a slash only (a held law's, `_reg_candidates`)
    r"/\s*(?P<yy>\d{2})\b(?!\s*[/.-]\s*\d))"
)
# How kb names a regulation of each kind it does not hold ("UU No. 11 Tahun 2020"), and
# the prefix of the id `kb add` would give it (kb.answer's unknown-document note).
_REG_NAMES = {"uu": "UU", "pp": "PP", "perpres": "Perpres", "permenaker": "Permenaker"}
UNKNOWN_REGULATION = re.compile(r"(?P<kind>UU|PP|Perpres|Permenaker) No\. (?P<num>\d+) Tahun (?P<year>\d{4})")


def unknown_document_id(symbol: str) -> tuple[str, str, str]:
    """(id, family, language) `kb add` would give a document the catalogue lacks, from the
    name `CitationResolver.unknown_symbols` gives it: "ILO Convention No. 189" ->
    ("ilo-c189", "convention", "en"), "UU No. 11 Tahun 2020" -> ("uu-11-2020",
    "national-law", "id"), "CRC general comment No. 4" -> ("crc-gc-4", "committee", "en"),
    a UN symbol "CMW/C/PHL/CO/2" -> ("cmw-c-phl-co-2", "committee", "en")."""
    ilo = re.fullmatch(r"ILO Convention No\. (\d+)", symbol)
    reg = UNKNOWN_REGULATION.fullmatch(symbol)
    body = re.fullmatch(r"([A-Z]+) general (comment|recommendation) No\. (\d+)", symbol)
    if ilo:
        return f"ilo-c{ilo.group(1)}", "convention", "en"
    if reg:  # the id kb gives its statutes ("uu-18-2017")
        return f"{reg['kind'].lower()}-{reg['num']}-{reg['year']}", "national-law", "id"
    if body:
        return f"{body.group(1).lower()}-g{body.group(2)[0]}-{body.group(3)}", "committee", "en"
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-"), "committee", "en"


_ONE_SYMBOL = r"(?:cmw|crc|cerd|cedaw|ccpr|cescr)/c(?:/[a-z0-9]{1,6}){1,4}"
# Treaty bodies other than the Committee on Migrant Workers, as named before or after
# their general comments' numbers (folded text).
_OTHER_BODIES = (r"crc|cedaw|cerd|cescr|ccpr|cat|crpd|ced|hrc|human rights committee|committee on the rights|"
                 r"committee on the elimination|committee on economic|committee against|(?:komite|committee) hak anak")
# Treaty bodies other than the Committee on Migrant Workers by the names users give them
# (folded text: "Komite" is "committee"), under the code of their document symbols
# ("CRC/C/GC/22"). A general comment or recommendation tied to one of them is that body's
# numbering, never the Committee's: "CRC general comment No. 4" is not CMW/C/GC/4.
_BODY_NAMES = {
    "crc": ("crc", "committee on the rights of the child", "committee hak anak", "committee hak-hak anak"),
    "cerd": ("cerd", "committee on the elimination of racial discrimination", "committee penghapusan diskriminasi rasial"),
    "cedaw": ("cedaw", "committee on the elimination of discrimination against women"),
    "cescr": ("cescr", "committee on economic, social and cultural rights"),
    "ccpr": ("ccpr", "hrc", "human rights committee"),
    "cat": ("cat", "committee against torture"),
    "crpd": ("crpd", "committee on the rights of persons with disabilities"),
    "ced": ("ced", "committee on enforced disappearances"),
}
_BODY_CODE = {name: code for code, names in _BODY_NAMES.items() for name in names}
_BODY = "|".join(sorted((re.escape(n) for n in _BODY_CODE), key=len, reverse=True))
_GENERAL = r"(?:joint\s+)?(?P<kind{i}>general\s+(?:comments?|recommendations?)|gc|gr)"
_NO = r"(?:no\.?|nomor|number|nr\.?|#)?\s*"
_BODY_GC = re.compile(
    # "CRC general comment No. 22", "CERD's general recommendation 38"
    rf"\b(?P<b1>{_BODY})(?:'s)?\s+{_GENERAL.format(i=1)}\s*{_NO}(?P<n1>\d{{1,3}})\b|"
    # "general comment of the CRC No. 22", "Komentar Umum Komite Hak Anak No. 23"
    rf"\b{_GENERAL.format(i=2)}\s+(?:of\s+the\s+)?(?P<b2>{_BODY})\s*{_NO}(?P<n2>\d{{1,3}})\b|"
    # "general recommendation No. 38 (2025) of the Committee on … Racial Discrimination"
    rf"\b{_GENERAL.format(i=3)}\s*{_NO}(?P<n3>\d{{1,3}})\s*(?:\(\s*(?:19|20)\d\d\s*\)\s*)?(?:of|by|dari|oleh)\s+(?:the\s+)?(?P<b3>{_BODY})\b"
)


def _body_general_comments(folded: str) -> list[tuple[tuple[int, int], str, int, str]]:
    """(span, body code, number, "general comment" or "general recommendation") of each
    general comment of another treaty body a folded text names."""
    out = []
    for m in _BODY_GC.finditer(folded):
        i = next(k for k in (1, 2, 3) if m.group(f"n{k}"))
        kind = "general recommendation" if re.match(r"general\s+recommendation|gr", m.group(f"kind{i}")) else "general comment"
        out.append((m.span(), _BODY_CODE[m.group(f"b{i}")], int(m.group(f"n{i}")), kind))
    return out


# Joint general comments carry two symbols: "CMW/C/GC/3-CRC/C/GC/22".
_SYMBOL = re.compile(rf"\b{_ONE_SYMBOL}(?:\s?-\s?{_ONE_SYMBOL})?\b")
# ILO conventions, which kb's catalogue does not hold (folded text: "konvensi" is
# "convention"): "ILO Convention No. 189", "Konvensi ILO 189", "ILO C189", "C-189 of the
# ILO", "Domestic Workers Convention, 2011 (No. 189)" (the ILO's own style: title, year, number).
_ILO = re.compile(
    r"\bilo\s+(?:convention\s+)?(?:no\.?\s*|nomor\s+|number\s+|c\s?-?\s?)?(?P<a>\d{1,3})\b(?!\s*/)|"
    r"\bconvention\s+(?:of\s+the\s+)?ilo\s+(?:no\.?\s*|nomor\s+|number\s+|c\s?-?\s?)?(?P<b>\d{1,3})\b(?!\s*/)|"
    r"\bconvention\s+(?:no\.?\s*|nomor\s+|number\s+|c\s?-?\s?)?(?P<c>\d{1,3})\s+(?:of\s+the\s+)?ilo\b|"
    r"\bconvention,?\s+(?:19|20)\d{2}\s*\(no\.?\s*(?P<d>\d{1,3})\)|"
    r"\bc\s?-?(?P<e>\d{2,3})\b(?=.*\bilo\b)"
)
_GC_SYMBOL = re.compile(r"(?<![\w-])cmw\s*/\s*c\s*/\s*gc\s*/\s*(?P<n>\d{1,2})\b")
_GC = re.compile(
    r"\b(?:gc|general\s+comments?|komentar\s+umum)\s*"
    r"(?:(?:of\s+the\s+)?(?:cmw|committee(?:\s+on\s+migrant\s+workers)?)\s*)?"
    r"(?:no\.?|nomor|number|nr\.?|#)?\s*(?P<n>\d{1,2})\b"
    r"(?:\s*(?:\(\s*(?:19|20)\d\d\s*\))?\s*of\s+the\s+(?:committee\s+on\s+migrant\s+workers|cmw)\b)?"
)

# A Pasal cited with its elucidation: "… dan penjelasannya", "beserta Penjelasan", "and its
# elucidation" (the official English name of a Penjelasan), "with its explanatory notes".
_WITH_ELUCIDATION = re.compile(
    r"\b(?:dan|beserta|serta|berikut|and|with|plus)\s+(?:its\s+|the\s+)?"
    r"(?:penjelasan(?:nya)?|elucidations?|explanations?|explanatory\s+notes?)\b(?!\s+(?:umum|general|pasal|of|atas)\b)"
)

_MORE_GC = re.compile(r"\s*(?:,|and|dan|serta|&)\s*(?:(?:gc|general comments?)\s*)?(?:no\.?|nomor|number|nr\.?)?\s*(?P<n>\d{1,2})\b(?!\s*(?:/|-\s*\d))")

# Indonesian names of the parts and kinds of English-language instruments, as users type
# them ("Komentar Umum No. 1 paragraf 41", "Deklarasi Cebu", "Pasal 22 Konvensi"): read as
# the English word, so one set of patterns and the catalogue's English aliases serve both.
_ID_WORDS = (
    (re.compile(r"\bkomentar umum (?:bersama|gabungan)\b|\bjgc\b"), "joint general comment"),
    (re.compile(r"\bkomentar[- ]komentar umum\b|\bkomentar umum\b"), "general comment"),
    (re.compile(r"\brekomendasi umum\b"), "general recommendation"),
    (re.compile(r"\bkomite pekerja migran\b"), "committee on migrant workers"),
    (re.compile(r"\bkomite\b"), "committee"),
    (re.compile(r"\bparagraf\b|\balinea\b"), "paragraph"),
    (re.compile(r"\bdeklarasi\b"), "declaration"),
    # abbreviations of an instrument's kind: "ASEAN Decl. 2007", "Dekl. Cebu", "ILO Conv. 189"
    (re.compile(r"\bde[ck]l\b\.?"), "declaration"),
    (re.compile(r"\bconv\b\.?"), "convention"),
    (re.compile(r"\bkonvensi\b"), "convention"),
    (re.compile(r"\bkonsensus\b"), "consensus"),
    (re.compile(r"\bpedoman\b"), "guidelines"),
    (re.compile(r"\bpasal-pasal\b"), "pasal"),
)


_ORDINALS = {w: i for i, ws in enumerate((("first", "pertama"), ("second", "kedua"), ("third", "ketiga"),
                                           ("fourth", "keempat"), ("fifth", "kelima"), ("sixth", "keenam"),
                                           ("seventh", "ketujuh"), ("eighth", "kedelapan"), ("ninth", "kesembilan"),
                                           ("tenth", "kesepuluh")), 1) for w in ws}
_ORDINAL_GC = re.compile(
    rf"\b(?:the\s+)?(?P<a>{'|'.join(_ORDINALS)})\s+(?:(?:joint\s+)?general\s+comment)\b|"
    rf"\b(?:(?:joint\s+)?general\s+comment)\s+(?:(?:bersama|joint)\s+)?(?P<b>{'|'.join(_ORDINALS)})\b"
)


# Numbers in words as people type a general comment's ("general comment two", "Komentar
# Umum Nomor Satu") and an ordinal's digits ("2nd", "ke-2"), read by `_fold` as the number.
_CARDINALS = {w: i for i, ws in enumerate((("one", "satu"), ("two", "dua"), ("three", "tiga"), ("four", "empat"),
                                           ("five", "lima"), ("six", "enam"), ("seven", "tujuh"), ("eight", "delapan"),
                                           ("nine", "sembilan"), ("ten", "sepuluh")), 1) for w in ws}
_NUMERO = re.compile(r"\bn\s?[°º]\s*\.?\s*|\bno\s?[°º]\s*\.?\s*")
_NUMERAL_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)|ke-?\s*\d{1,3}"
_COUNT_WORD = "|".join([*_CARDINALS, *_ORDINALS])
_COUNTED_GC = re.compile(
    rf"\b(?P<gc>(?:joint\s+)?general\s+comment|gc)\s+(?:(?:no\.?|nomor|number|nr\.?)\s*)?"
    rf"(?P<n>{_NUMERAL_ORDINAL}|{_COUNT_WORD})(?![\w-])|"
    rf"\b(?:the\s+)?(?P<n2>\d{{1,2}}(?:st|nd|rd|th))\s+(?P<gc2>(?:joint\s+)?general\s+comment)\b"
)
_COUNTED_UNIT_WORD = r"pasal|paragraph|para|article"  # not "point", "item": words of questions too ("the first point")
_COUNTED_UNIT = re.compile(
    rf"\b(?P<w1>{_COUNTED_UNIT_WORD})\s+(?P<n1>{_NUMERAL_ORDINAL}|{'|'.join(w for w in _ORDINALS if w.startswith('ke') or w == 'pertama')})\b|"
    rf"\b(?:the\s+)?(?P<n2>\d{{1,3}}(?:st|nd|rd|th)|{'|'.join(w for w in _ORDINALS if not w.startswith('ke') and w != 'pertama')})"
    rf"\s+(?P<w2>{_COUNTED_UNIT_WORD})\b"
)


# Unit kinds as typed, to the word kb reads ("did you mean …?" for a typo of one).
_UNIT_KINDS = {
    "pasal": "Pasal", "psl": "Pasal", "ayat": "ayat", "huruf": "huruf", "angka": "angka", "penjelasan": "Penjelasan",
    "paragraf": "paragraph", "paragraph": "paragraph", "para": "para", "paras": "para", "article": "article",
    "articles": "article", "art": "article", "lampiran": "Lampiran", "annex": "annex", "bab": "BAB", "chapter": "chapter",
}


# The longest text read as a citation: KB_MAX_QUERY_CHARS's default, the limit
# kb.validate.citation holds every citation to (a parser cap of 500 characters made a
# list of 120 Pasal "cannot tell which document", though it named UU 18/2017).
MAX_PARSED_CHARS = 2000

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _plain_char(ch: str) -> str:
    """One non-ASCII character as a citation is read: a format character (zero-width
    space or joiner, soft hyphen, byte-order mark, bidi mark) is nothing, so "Pasal 3\u200b0"
    is Pasal 30, not Pasal 3; a decimal digit of another script ("٣٠", "३०") is its ASCII
    digit, as NFKC already makes of full-width "３０" (Python's \\d matches them, and
    the unit "Pasal ٣٠" was then looked for and reported as lost in the OCR)."""
    if unicodedata.category(ch) == "Cf":
        return ""
    digit = unicodedata.decimal(ch, None)
    return str(digit) if digit is not None else ch


def _plain_digits(text: str) -> str:
    """`text` with `_plain_char` applied to its non-ASCII characters (O(len(text)); ASCII
    text is returned as it is)."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: "".join(_plain_char(c) for c in m.group()), text)


# Superscript and subscript digits and signs ("Pasal 6²", a footnote mark copied with the
# text): NFKC makes "²" a "2", so "Pasal 6²" was read as Pasal 62. They are a mark of their
# own, never a digit of the number.
_SUPER_SUB = re.compile("[\u00b2\u00b3\u00b9\u2070-\u209f]")


def _fold(text: str) -> str:
    text = _plain_digits(unicodedata.normalize("NFKC", _SUPER_SUB.sub(" ", text))).lower()
    text = text.replace("–", "-").replace("—", "-").replace("‒", "-").replace("’", "'")
    text = _NUMERO.sub("no. ", text)  # "GC N° 1"
    for pattern, english in _ID_WORDS:
        text = pattern.sub(english, text)
    # "the second general comment", "Komentar Umum kedua", "2nd general comment",
    # "general comment two", "Komentar Umum ke-2", "Komentar Umum Nomor Satu": No. 2, No. 1
    text = _ORDINAL_GC.sub(lambda m: f"general comment no. {_ORDINALS[m.group('a') or m.group('b')]}", text)
    text = _COUNTED_GC.sub(lambda m: f"{m.group('gc') or m.group('gc2')} no. {_count(m.group('n') or m.group('n2'))}", text)
    # "paragraf ke-14", "the 14th paragraph", "pasal kelima": paragraph 14, Pasal 5
    text = _COUNTED_UNIT.sub(lambda m: f"{m.group('w1') or m.group('w2')} {_count(m.group('n1') or m.group('n2'))}", text)
    return re.sub(r"\s+", " ", text).strip()


def _count(word: str) -> int:
    """The number a counting word says: "14", "14th", "ke-14", "two", "dua", "kedua"."""
    word = re.sub(r"^ke-?\s*(?=\d)", "", word.strip())
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    return _ORDINALS.get(word) or _CARDINALS[word]


def _reg_kind(typed: str) -> str:
    """The kind of regulation ("uu", "pp", …) a type word of `_REG` names, as typed
    ("Undang-Undang", "gov. reg.", "GR")."""
    key = re.sub(r"\s+", " ", typed.lower().replace("-", " ").replace(".", " ")).strip()
    return _REG_TYPES.get(key, "uu")


def _reg_key(text: str) -> tuple[str, int, int] | None:
    m = _REG.search(_fold(text))
    if not m or not m.group("year"):  # a two-digit year names no one law by itself
        return None
    kind = _reg_kind(m.group("type"))
    return kind, int(m.group("num")), int(m.group("year"))


# One part of a Pasal as its finer locator writes it, and the kind each is (a bare "(1)" is
# an ayat, a bare "(a)" or a letter after ")" a huruf).
_FINE_STEP = re.compile(r"(?:ayat|ay\.|ay(?=\s*\())\s*\(?\s*\d+\s*\)?|(?:huruf|hrf\.?)\s*\(?[a-z]{1,2}\b\)?|"
                        r"angka\s+\d+|\(\s*\d+\s*\)|\([a-z]{1,2}\)|(?<=\))\s*[a-z]\b")


def _fine_step_kind(token: str) -> str:
    token = token.strip()
    if token.startswith("ay") or re.match(r"\(\s*\d", token):
        return "ayat"
    return "angka" if token.startswith("angka") else "huruf"


def _one_part_fine(fine: str) -> int:
    """How much of a Pasal's finer locator names one part of it. Commas, semicolons and
    colons between the levels of one citation are read through ("Pasal 61, ayat (1), huruf a" is
    Pasal 61 ayat (1) huruf a: the ayat and the huruf were dropped and the whole Pasal
    shown as if cited); a level named again after one ("ayat (1), ayat (2)", "huruf a;
    huruf b") is a list of parts instead, read by `_part_list`: the length up to there."""
    kinds: set[str] = set()
    last = 0
    for m in _FINE_STEP.finditer(fine):
        kind = _fine_step_kind(m.group())
        if re.search(r"[,;:]", fine[last:m.start()]) and kind in kinds:
            return last
        kinds.add(kind)
        last = m.end()
    return len(fine)


def _canonical_fine(kind: str, n: str, fine: str) -> str:
    """Turn the finer part of a citation into kb's locator words."""
    if kind == "pasal":
        out = []
        # a huruf past z doubles its letter ("huruf aa", "huruf zz"): read whole, then checked
        # against the unit's parts like any other ("huruf zz" showed the whole Pasal, unsaid);
        # "huruf (j)" is huruf j (it was dropped, and the whole ayat shown)
        for m in re.finditer(r"(?:ayat|ay\.|ay(?=\s*\())\s*\(?\s*\d+\s*\)?|(?:huruf|hrf\.?)\s*\(?(?P<hl>[a-z])(?P=hl)?\b|angka\s+\d+|"
                             r"\(\s*\d+\s*\)|\([a-z]\)|(?<=\))\s*[a-z]\b", fine):
            token = m.group().strip()
            if token.startswith("ay") or re.match(r"\(\s*\d", token):
                out.append(f"ayat ({re.sub(r'[^0-9]', '', token)})")
            elif token.startswith(("huruf", "hrf")):
                out.append(f"huruf {re.search(r'([a-z]+)$', token).group(1)}")
            elif len(token) == 1:  # "Pasal 6 (1) j"
                out.append(f"huruf {token}")
            elif token.startswith("angka"):
                out.append(f"angka {token.split()[-1]}")
            else:
                out.append(f"huruf {token.strip('()')}")
        return " ".join(out)
    if kind == "article":
        nums = re.findall(r"\(\s*(\d+)\s*\)|(?:paragraph|para\.?)\s*\(?\s*(\d+)|\.(\d{1,2})", fine)
        letters = re.findall(r"(?:letter|point|sub-?paragraph|huruf)\s*\(?([a-z])\b\)?|\(([a-z]{1,4})\)", fine)
        out = "".join(f"({a or b or c})" for a, b, c in nums)
        # a statute's angka stays named ("Article 1 angka 2"): `_as_pasal` makes it the
        # Pasal's angka, `_in_document_terms` an English text's numbered paragraph
        angka = "".join(f" angka {x}" for x in re.findall(r"(?:point|number|angka)\s+(\d+)", fine))
        return out + "".join(f"({a or b})" for a, b in letters) + angka
    return fine


@dataclass(frozen=True)
class _UnitMatch:
    unit: str
    locator: str
    start: int
    end: int
    more: tuple[str, ...] = ()  # further units named by a list or range, in order
    # further parts of the same unit named by a list ("huruf j dan k", "ayat (1) dan (2)")
    parts_more: tuple[str, ...] = ()
    # Named by an ordinary word ("considering", "point 5"): a citation only of a document
    # that has such parts (see _SOFT_FAMILIES).
    soft: bool = False
    weak: bool = False  # a kind in _WEAK_KINDS ("mengingat" is also "given that")


# After a unit: "-83", "to 83", "s.d. 81", "dan 6", ", 7", "and Article 22". A range
# separator expands to every number between; a list separator adds the one number.
_MORE = re.compile(
    r"\s*(?P<sep>-|to|through|s\s?/\s?d\.?|s\.?\s?d\.?|sampai dengan|sampai|hingga|,\s*(?:and|dan|serta|&)|and|dan|serta|,|&)\s*"
    r"(?:(?:pasal|articles?|art\.?|paragraphs?|paras?\.?|¶)\s*)?(?P<n>\d+[a-z]?|[ivxlc]{1,7})\b(?!\s*(?:/\s*\d|tahun\b|of\s+(?:19|20)\d\d))"
)
_RANGE_SEPS = {"-", "to", "through", "sampai dengan", "sampai", "hingga"}
MAX_RANGE = 100  # units a range may name ("paras. 1-100"); a longer one names its two ends only


_UNIT_WORDS = {"pasal": ("pasal",), "article": ("art",), "para": ("par", "¶")}


def _continuation(folded: str, end: int, first: str, kind: str = "") -> tuple[list[str], int]:
    """Numbers named after a unit by a list or a range, and where they end. A unit word
    of another kind ends the list ("para. 13(e) and Art. 95": Art. 95 is not a paragraph)."""
    numbers: list[str] = []
    last = first
    while True:
        m = _MORE.match(folded, end)
        if not m:
            return numbers, end
        word = m.group(0)[m.start("sep") - m.start() + len(m.group("sep")):m.start("n") - m.start()].strip()
        if word and kind in _UNIT_WORDS and not word.startswith(_UNIT_WORDS[kind]):
            return numbers, end
        sep = m.group("sep").replace(" ", "")
        n = m.group("n")
        if n.isalpha() != last.isalpha() or (n.isalpha() and n.upper() not in _ROMANS):
            # Roman numbers go on a list of Roman numbers only ("Articles II and III");
            # "para 5 and c…" ends the list at the word
            return numbers, end
        # "s.d.", "s/d", "sampai": a range; "serta" (and) is a list
        is_range = sep in {x.replace(" ", "") for x in _RANGE_SEPS} or sep.startswith(("s.", "s/", "sd", "sampai"))
        if n.isalpha():  # "Articles II-IV": the range by the numbers' values
            first_value, value = ROMAN_VALUES.get(last.upper(), 0), ROMAN_VALUES[n.upper()]
            if is_range and 0 < value - first_value <= MAX_RANGE:
                numbers += [roman_numeral(i).lower() for i in range(first_value + 1, value + 1)]
            elif n != last and n not in numbers:
                numbers.append(n)
            last, end = n, m.end()
            continue
        if sep == "," and _YEAR.fullmatch(n):  # "GC 2 para 24, 2013": a year, not a paragraph
            return numbers, end
        if is_range and last.isdigit() and n.isdigit() and 0 < int(n) - int(last) <= MAX_RANGE:
            numbers += [str(i) for i in range(int(last) + 1, int(n) + 1)]
        elif n != last and n not in numbers:
            numbers.append(n)
        last, end = n, m.end()


# A numbered paragraph or item typed right after a unit named by words ("Section 2.2",
# "Section 2 (b)", "Chapter 3.1(a)"); a year or a date is not one ("Section 2, 2019").
_FINER_AFTER_NAME = re.compile(r"(?:\.\d{1,3}(?![\d/])|\s*\(\s*(?:\d{1,3}|[a-z]{1,4})\s*\))+")


# Parts named by words that also mean other things ("pembukaan" is also an opening,
# "mengingat" also "considering that"): a citation of them only when nothing stronger is.
_WEAK_KINDS = frozenset({"menimbang", "mengingat", "preamble", "lampiran", "penutup", "final-clause"})


# "Penjelasan" said of the document rather than next to its Pasal: "Penjelasan UU 18/2017
# Pasal 13", "UU 18/2017, Penjelasan, Pasal 61", "Elucidation of Law 18/2017, Article 13".
_ELUCIDATION_WORD = r"(?:penjelasan|elucidation|explanation|explanatory\s+notes?)"
_ELUCIDATION_BEFORE = re.compile(rf"\b{_ELUCIDATION_WORD}\s*,?\s*(?:(?:atas|dari|of|to|on)\s+(?:the\s+)?)?$")
_ELUCIDATION_BETWEEN = re.compile(rf"[\s,;:]*\b{_ELUCIDATION_WORD}\b[\s,;:]*(?:(?:of|to|on|atas)\s+(?:the\s+)?)?")


def _elucidation_around_name(unit: "_UnitMatch", folded: str, rest: str,
                             span: tuple[int, int]) -> tuple["_UnitMatch", str]:
    """A Pasal (or an article, a paragraph) cited after its document's name, with
    "Penjelasan" (or the English "Elucidation") said right before the name or between the
    name and the unit: the Penjelasan of that Pasal (and of the others its list names, and
    of each part listed). `rest` is the folded text
    with the unit blanked; the word is blanked too, being part of the citation. (unit,
    rest) unchanged otherwise."""
    if unit.unit.startswith("Penjelasan") or unit.weak or unit.soft or span[1] > unit.start:
        return unit, rest
    between = _ELUCIDATION_BETWEEN.fullmatch(folded[span[1]: unit.start])
    # before the name only when the Pasal follows the name at once ("Apa penjelasan UU
    # 18/2017 tentang Pasal 13?" asks for an explanation, not for the Penjelasan)
    adjacent = re.fullmatch(r"[\s,]*", folded[span[1]: unit.start]) is not None
    before = _ELUCIDATION_BEFORE.search(rest[: span[0]]) if adjacent else None
    if before is None and between is None:
        return unit, rest
    a, b = (before.start(), before.end()) if before is not None else (span[1], unit.start)
    if not unit.unit.startswith("Pasal ") and not re.search(r"\b(?:penjelasan|elucidation)\b", folded[a:b]):
        return unit, rest  # "an explanation of IJEPA article 94" asks to explain it
    rest = rest[:a] + " " * (b - a) + rest[b:]
    # An article named with "Penjelasan" ("Penjelasan IJEPA art 94") is asked as the
    # Penjelasan of its Pasal, as "Penjelasan art 94 IJEPA" and "Elucidation of Article 13"
    # are, and a paragraph as its Penjelasan ("Penjelasan GC 2 para 5"): a document without
    # one then says so (`no_elucidation_message`), never shows the unit as if asked.
    unit = _as_pasal(unit)
    return replace(unit, unit=f"Penjelasan {unit.unit}", locator=f"Penjelasan {unit.locator}",
                   more=tuple(f"Penjelasan {u}" for u in unit.more),
                   parts_more=tuple(f"Penjelasan {p}" for p in unit.parts_more)), rest


def _as_pasal(unit: "_UnitMatch") -> "_UnitMatch":
    """An "Article N" unit (its paragraphs and letters too) under its Indonesian name,
    "Pasal N ayat (1) huruf a"; any other unit unchanged."""
    if not unit.unit.startswith("Article "):
        return unit
    n = unit.unit.split()[1]
    fine = unit.locator[len(unit.unit):]
    words = " ".join(f"angka {y}" if y else f"ayat ({x})" if x.isdigit() else f"huruf {x}"
                     for x, y in re.findall(r"\(([^)]+)\)|angka (\d+)", fine))
    more = tuple("Pasal " + x.split()[1] if x.startswith("Article ") else x for x in unit.more)
    return replace(unit, unit=f"Pasal {n}", locator=f"Pasal {n} {words}".strip(), more=more)


def _find_unit(folded: str) -> _UnitMatch | None:
    """The first unit a folded text names: the earliest in the text (a pattern listed
    earlier wins at the same place), a weak kind only when no other kind is named."""
    found: list[tuple[bool, int, int, str, re.Match]] = []
    for order, (kind, pattern) in enumerate(_UNIT_PATTERNS):
        for m in pattern.finditer(folded):
            if kind == "pasal-roman" and m.group("roman").upper() not in _ROMANS:
                continue
            if kind == "article" and m.group("n").isalpha() and m.group("n").upper() not in _ROMANS:
                continue  # "art civil", "article ill": words, not numbers
            found.append((kind in _WEAK_KINDS, m.start(), order, kind, m))
            break
    for weak, _start, _order, kind, m in sorted(found, key=lambda f: f[:3]):
        got = _unit_of(kind, m, folded)
        if got is not None:
            return replace(got, weak=weak)
    return None


def _unit_of(kind: str, m: re.Match, folded: str) -> _UnitMatch | None:
    """The unit one pattern's match names (None: not a unit, e.g. "pasal civil")."""
    if kind == "penjelasan-umum":
        return _UnitMatch("Penjelasan Umum", "Penjelasan Umum", m.start(), m.end())
    if kind in ("pasal-roman", "lampiran"):
        named = _roman_or_annex(kind, m)
        if named is None:
            return None
        return _UnitMatch(*named, m.start(), m.end())
    if kind == "penutup":
        return _UnitMatch("Penutup", "Penutup", m.start(), m.end())
    if kind == "final-clause":
        name = f"Final clause {m.group('n')}" if m.group("n") else "Final clause"
        return _UnitMatch(name, name, m.start(), m.end())
    if kind in ("menimbang", "mengingat", "preamble"):
        name = {"menimbang": "Menimbang", "mengingat": "Mengingat", "preamble": "Preamble"}[kind]
        fine = m.groupdict().get("fine")
        item = f" {'huruf' if kind == 'menimbang' else 'angka'} {fine}" if fine else ""
        soft = kind == "preamble" or bool(re.match(r"consider|recital|observ|in\s+view", m.group(0)))
        return _UnitMatch(name, name + item, m.start(), m.end(), soft=soft)
    n = m.group("n").upper() if kind != "para" else m.group("n")
    latin = re.fullmatch(r"(\d+)\s?(BIS|TER|QUATER)", n)
    if latin:  # "3 bis" / "3BIS": cited as printed, "Article 3bis"
        n = latin.group(1) + latin.group(2).lower()
    # "Pasal 00030" is Pasal 30 (was "has no Pasal 00030 … its heading is missing from the
    # source text between Pasal 29 and Pasal 31", blaming the OCR for a leading zero)
    n = n.lstrip("0") if n[:1] == "0" and n.lstrip("0")[:1].isdigit() else n
    n = n[:-1] + n[-1].upper() if n[-1:].isalpha() and not latin else n
    more, end = _continuation(folded, m.end(), n.lower(), kind)
    more = [x.upper() for x in more]
    if kind == "article-reversed":
        unit = f"Article {n}"
        return _UnitMatch(unit, f"{unit}({m.group('a')})", m.start(), m.end())
    if kind == "pasal-reversed":
        if not m.group("a") and not m.group("h"):
            return None  # "pasal 6" alone: the "pasal" kind reads it, with what follows
        fine = " ".join(x for x in (f"ayat ({m.group('a')})" if m.group("a") else "",
                                    f"huruf {m.group('h')}" if m.group("h") else "") if x)
        return _UnitMatch(f"Pasal {n}", f"Pasal {n} {fine}", m.start(), m.end())
    if kind == "pasal":
        base = f"Pasal {n}"
        typed = m.group("fine") or ""
        stop = m.end()
        pen = m.group("pen") or m.group("pen2")
        keep = _one_part_fine(typed)
        if keep < len(typed):  # "ayat (1), ayat (2)": a list from the comma on
            typed = typed[:keep]
            stop = m.start("fine") + len(typed)
            pen = m.group("pen")
            more, end = _continuation(folded, stop, n.lower(), kind)
            more = [x.upper() for x in more]
        unit = f"Penjelasan {base}" if pen else base
        fine = _canonical_fine("pasal", n, typed)
        others = tuple(f"Penjelasan Pasal {x}" if pen else f"Pasal {x}" for x in more)
        locator = f"{unit} {fine}".strip()
        parts: tuple[str, ...] = ()
        if fine:  # "Pasal 1 angka 2 dan 3": angka 3 of Pasal 1, not Pasal 3
            parts, part_end = _part_list(folded, stop, locator, bare=bool(re.search(r"ayat\s*\d+\s*$", typed)))
            if parts:
                others, end = (), part_end
        return _UnitMatch(unit, locator, m.start(), end, others, parts_more=parts)
    if kind in ("annex-article", "article-of-annex"):
        label = (m.group("label") or "").upper()
        word = "Pasal" if "pasal" in m.group(0) else "Article"
        unit = " ".join(x for x in (_ANNEX_WORDS[m.group("word")], label, f"{word} {n}") if x)
        return _UnitMatch(unit, unit + _canonical_fine("article", n, m.group("fine") or ""), m.start(), m.end())
    if kind == "article":
        unit = f"Article {n}"
        locator = unit + _canonical_fine("article", n, m.group("fine") or "")
        if re.search(r"(?:\(\s*\d+\s*\)|(?:paragraph|para\.?)\s*\d+)\s*$", m.group("fine") or ""):
            # "Article 5 paragraph 1 and 2", "Article 5(1) and (2)": paragraphs of Article 5
            # (were Article 5(1) and Article 2, or 5(1) alone)
            bare = bool(re.search(r"(?:paragraph|para\.?)\s*\d+\s*$", m.group("fine")))
            parts, part_end = _paragraph_list(folded, m.end(), locator, bare)
            if parts:
                return _UnitMatch(unit, locator, m.start(), part_end, (), parts_more=parts)
        return _UnitMatch(unit, locator, m.start(), end, tuple(f"Article {x}" for x in more))
    seq = "guideline" if kind == "guideline-n" else (m.group("seq") or "").rstrip("s")
    label = m.groupdict().get("seqlabel")
    if not seq and m.groupdict().get("seq2"):  # "para 1 of annex II"
        seq, label = m.group("seq2"), m.group("seqlabel2")
    prefix = {"guideline": "Guidelines ", "annex": "Annex ", "appendix": "Appendix ", "glossary": "Annex ",
              "lampiran": "Annex "}.get(seq, "")
    if seq in ("annex", "appendix") and label:
        prefix += label.upper() + " "
    unit = f"{prefix}para {n}"
    fine = (m.groupdict().get("sub") or "") + "".join(
        f" ({a or b})" for a, b in re.findall(r"\(([a-z]{1,4})\)|(?:huruf|letter|sub-?paragraph)\s*\(?([a-z])\b",
                                              m.groupdict().get("fine") or ""))
    soft = bool(re.match(r"(?:[a-z]+\s*,?\s*)?(?:points?|butir|poin|angka)\b", m.group(0)))
    return _UnitMatch(unit, f"{unit}{fine}", m.start(), end, tuple(f"{prefix}para {x}" for x in more if x.isdigit()),
                      soft=soft)


# After a part: ", k", "dan k", "dan huruf k", "atau (2)", "dan ayat (3)".
_PART_SEP = r"\s*(?:,\s*(?:dan|atau|serta|and|or)?|dan|atau|serta|and|or)\s*"
_PART_MORE = {
    # a huruf past z doubles its letter ("dan zz" was dropped without a word)
    "huruf": re.compile(_PART_SEP + r"(?:huruf\s*)?(?P<p>\()?(?P<v>(?P<hl>[a-z])(?P=hl)?)(?(p)\)|\b(?!\s*\)))"),
    # numbers of any length: the last of a list is then checked and reported missing
    # ("ayat (1) dan (1000000000)" showed ayat (1) alone, the rest dropped without a word)
    "ayat": re.compile(_PART_SEP + r"(?:ayat\s*)?\(\s*(?P<v>\d+)\s*\)"),
    "angka": re.compile(_PART_SEP + r"(?:angka\s+)?(?P<v>\d+)\b(?!\s*(?:/|tahun\b))"),
}


# After a part, its range's other end: "huruf a-c", "ayat (1) s.d. (3)", "angka 2 sampai 5".
_RANGE_SEP = r"\s*(?:-|to|through|s\s?/\s?d\.?|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga)\s*"
_PART_RANGE = {
    # to a doubled letter too ("huruf a-zz": zz was dropped, huruf a alone shown)
    "huruf": re.compile(_RANGE_SEP + r"(?:huruf\s+)?\(?(?P<v>(?P<hl>[a-z])(?P=hl)?)\)?(?![\w(])"),
    "ayat": re.compile(_RANGE_SEP + r"(?:ayat\s*)?\(\s*(?P<v>\d+)\s*\)"),
    "angka": re.compile(_RANGE_SEP + r"(?:angka\s+)?(?P<v>\d+)\b(?!\s*(?:/|tahun\b))"),
}


def _part_span(kind: str, first: str, last: str) -> list[str]:
    """The values a range of parts names after `first` up to `last` ("a".."c": b, c); its
    far end alone when the range runs backwards or is longer than MAX_RANGE, so that end
    is then reported (missing, or refused by `unreadable_part`)."""
    if kind == "huruf":  # a … z, then aa, bb … zz
        def place(v: str) -> int:
            return ord(v[0]) - ord("a") + 26 * (len(v) - 1) if v.isalpha() and v.isascii() else -1

        lo, hi = place(first.lower()), place(last.lower())
        letters = [chr(ord("a") + i % 26) * (1 + i // 26) for i in range(52)]
        return letters[lo + 1: hi + 1] if 0 <= lo < hi else [last]
    if not (first.isdigit() and last.isdigit()) or len(last) > 6:  # no int() of 5,000 digits
        return [last]
    lo, hi = int(first), int(last)
    return [str(n) for n in range(lo + 1, hi + 1)] if 0 < hi - lo <= MAX_RANGE else [last]


# "Pasal 30 ayat 1 dan 2": an ayat typed without its brackets, and the next ones so too
# (was read as "Pasal 30 ayat (1)" and Pasal 2)
_BARE_AYAT_MORE = re.compile(_PART_SEP + r"(?:ayat\s*)?(?P<v>\d+)\b(?!\s*(?:/|tahun\b|\())")
_BARE_AYAT_RANGE = re.compile(r"\s*(?:-|to|through|s\s?/\s?d\.?|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga)\s*"
                              r"(?:ayat\s*)?(?P<v>\d+)\b(?!\s*(?:/|tahun\b|\())")


_PARAGRAPH_MORE = re.compile(r"\s*(?P<sep>,\s*(?:and|or|dan|atau)?|and|or|dan|atau|-|to|through|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga)"
                             r"\s*(?:paragraphs?\s*|paras?\.?\s*)?(?:\((?P<p>\d+)\)|(?P<v>\d+)\b)"
                             r"(?!\s*(?:/|tahun\b|of\b))")


def _paragraph_list(folded: str, end: int, locator: str, bare: bool) -> tuple[tuple[str, ...], int]:
    """Further paragraphs of an article named after "Article 5(1)" / "Article 5 paragraph
    1" by a list or a range ("and (2)", "-(3)"; after "paragraph 1", also "and 2"), as
    locators ("Article 5(2)"), and where the list ends. A bare number after "5(1)" stays
    an article ("Article 5(1), 6"). "or" is refused before (unreadable_part)."""
    head = re.match(r"(Article \S+?)\((\d+)\)", locator)
    if head is None:
        return (), end
    out: list[str] = []
    last = head.group(2)
    while (m := _PARAGRAPH_MORE.match(folded, end)) is not None:
        if m.group("v") and not bare:
            break
        v = m.group("p") or m.group("v")
        ranged = m.group("sep").strip() in ("-", "to", "through", "hingga") or m.group("sep").startswith(("s", "sampai"))
        for x in _part_span("ayat", last, v) if ranged else [v]:
            loc = f"{head.group(1)}({x})"
            if loc != locator and loc not in out:
                out.append(loc)
        last, end = v, m.end()
    return tuple(out), end


def _part_list(folded: str, end: int, locator: str, bare: bool = False) -> tuple[tuple[str, ...], int]:
    """Further parts of one unit named after its finest part by a list ("Pasal 6 ayat (1)
    huruf j dan k": huruf k) or a range ("huruf a-c": huruf b and c; only the first was
    shown), as locators, and where the list ends; none when the finest part is not a
    huruf, ayat or angka. `bare`: the ayat was typed without brackets ("ayat 1 dan 2"),
    so the list's numbers may be too."""
    last = re.search(r"(huruf|ayat|angka) \(?(\w+)\)?$", locator)
    if last is None:
        return (), end
    kind, value = last.group(1), last.group(2)
    head = locator[: last.start()]
    label = "({})" if kind == "ayat" else "{}"
    out: list[str] = []
    while True:
        ranged = _PART_RANGE[kind].match(folded, end) or (
            _BARE_AYAT_RANGE.match(folded, end) if bare and kind == "ayat" else None)
        m = ranged or _PART_MORE[kind].match(folded, end)
        if m is None and bare and kind == "ayat":
            m = _BARE_AYAT_MORE.match(folded, end)
        if m is None or (kind != "huruf" and "(" not in m.group() and _YEAR.fullmatch(m.group("v"))):
            break  # "Pasal 1 angka 5, 2017": a year, as after a paragraph ("para 24, 2013")
        for v in _part_span(kind, value, m.group("v")) if ranged else [m.group("v")]:
            loc = f"{head}{kind} {label.format(v)}"
            if loc != locator and loc not in out:
                out.append(loc)
        value, end = m.group("v"), m.end()
    return tuple(out), end


def _roman_or_annex(kind: str, m: re.Match) -> tuple[str, str] | None:
    """(unit, locator) for "pasal ii", "penjelasan pasal i angka 2 ayat (1)", "lampiran ii";
    None when the numeral is no valid Roman number ("pasal civil")."""
    if kind == "lampiran":
        n = m.group("n")
        unit = f"Lampiran {n.upper()}" if n else "Lampiran"
        return unit, unit
    roman = m.group("roman").upper()
    if roman not in _ROMANS:
        return None
    unit = f"{'Penjelasan ' if m.group('pen') else ''}Pasal {roman}"
    if m.group("point"):
        unit += f" angka {m.group('point').split()[-1]}"
    fine = _canonical_fine("pasal", roman, m.group("fine") or "")
    return unit, f"{unit} {fine}".strip()


def roman_numeral(n: int) -> str:
    """14 -> "XIV" (1 <= n < 400: Pasal of amending acts, BAB of statutes)."""
    out = ""
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


_ROMANS = frozenset(roman_numeral(n) for n in range(1, 400))
ROMAN_VALUES = {roman_numeral(n): n for n in range(1, 400)}  # "XIV" -> 14


class CitationResolver:
    """Resolves document references against a catalogue. Build once, parse many."""

    def __init__(self, documents: Iterable[Document], unit_names: Callable[[str], Iterable[str]] | None = None):
        """`unit_names(doc_id)`: the names of a document's units as kb holds them (the
        index's, `IndexSnapshot.unit_index.names`); with it, a unit named by words rather
        than a number ("Final clause", a treaty chapter's "Conclusion") is cited by its
        name next to its document's ("ASEAN Declaration (Cebu, 2007), Final clause"), so
        that every citation kb prints can be looked up again. Without it only the kinds
        of `_UNIT_PATTERNS` are read."""
        documents = list(documents)
        self.documents = [d for d in documents if d.variant_of is None]
        self._unit_names = unit_names
        self._copies: dict[str, list[str]] = {}
        for d in documents:
            if d.variant_of:
                self._copies.setdefault(d.variant_of, []).append(d.id)
        self._word_units_cache: dict[str, list[tuple[str, str]]] = {}
        self._regs: dict[tuple[str, int, int], str] = {}
        self._symbols: dict[str, str] = {}
        self._gc: dict[int, str] = {}
        self._aliases: list[tuple[str, str]] = []
        # a joint general comment under its other body's number ("CRC/C/GC/22" -> ("crc", 22))
        self._body_gc: dict[tuple[str, int], str] = {}
        for doc in self.documents:
            names = [doc.citation, doc.title, *doc.aliases] + ([doc.symbol] if doc.symbol else [])
            for name in names:
                key = _reg_key(name) if doc.family == "national-law" else None
                if key:
                    self._regs.setdefault(key, doc.id)
                for sym in _SYMBOL.findall(_fold(name)):
                    self._symbols.setdefault(sym, doc.id)
                    for body, n in re.findall(r"\b([a-z]+)/c/gc/(\d{1,3})\b", sym):
                        if body in _BODY_NAMES and doc.family == "committee":
                            self._body_gc.setdefault((body, int(n)), doc.id)
                gc = _GC.fullmatch(_fold(name))
                if gc and doc.family == "committee":
                    self._gc.setdefault(int(gc.group("n")), doc.id)
            for alias in [doc.citation, *doc.aliases]:
                folded = _fold(alias)
                if len(folded) >= 4 and not _REG.search(folded):
                    self._aliases.append((folded, doc.id))
            self._aliases.append((_fold(doc.id), doc.id))
        self._aliases.sort(key=lambda a: -len(a[0]))
        # ids distinctive enough to be read as ids wherever typed: a hyphen or a digit in them
        self._ids = sorted(((_fold(d.id), d.id) for d in self.documents
                            if len(d.id) >= 5 and re.search(r"[-\d]", d.id) and _fold(d.id) == d.id.lower()),
                           key=lambda a: -len(a[0]))
        # An acronym alias typed with a hyphen or dots between its letters ("IJ-EPA" for
        # IJEPA): each letter may be followed by one "-", "." or space.
        self._acronyms = [
            (re.compile(r"(?<![\w-])" + r"[-. ]?".join(re.escape(ch) for ch in alias) + r"\.?(?![\w-])"), doc_id)
            for alias, doc_id in self._aliases if re.fullmatch(r"[a-z]{4,8}", alias)
        ]
        self._words_cache: dict[str, set[str]] = {}
        self._name_cache: dict[str, tuple[set[str], set[str]]] = {}
        self._short_names = self._law_short_names()
        self._nouns = self._main_nouns()

    def _law_short_names(self) -> list[tuple[re.Pattern[str], dict[str, list[str]]]]:
        """Laws by the acronym of their title with a word for their kind, in either order
        ("PPMI Law", "Undang-Undang PPMI", "the TKI Act", "Peraturan Pemerintah PPPMI"):
        (pattern, acronym -> ids) per kind of law. The acronyms are the catalogue's own
        ("UU PPMI": PPMI) and the initials of each title proper (after "tentang", its
        small words left out: "Pelindungan Pekerja Migran Indonesia": PPMI)."""
        by_kind: dict[str, dict[str, list[str]]] = {}
        for doc in self.documents:
            if doc.family != "national-law":
                continue
            kind = _reg_kind(doc.citation.split()[0]) if doc.citation.split() else "uu"
            found: set[str] = set()
            for alias in doc.aliases:
                parts = _fold(alias).split()
                if len(parts) == 2 and _REG_TYPES.get(parts[0]) == kind and re.fullmatch(r"[a-z]{3,10}", parts[1]):
                    found.add(parts[1])
            if " tentang " in doc.title:
                proper = re.sub(r"\([^)]*\)", " ", doc.title.split(" tentang ", 1)[1])
                initials = "".join(w[0] for w in re.findall(r"[a-z]+", _fold(proper)) if w not in _NAME_FILLER)
                if 3 <= len(initials) <= 10:
                    found.add(initials)
            # Indonesian abbreviations write a repeated initial as its count: "P2MI" for
            # PPMI (Pelindungan Pekerja Migran Indonesia), "P3MI" for PPPMI
            found |= {re.sub(r"([a-z])\1+", lambda r: r.group(1) + str(len(r.group())), a) for a in found}
            for acronym in found:
                ids = by_kind.setdefault(kind, {}).setdefault(acronym, [])
                if doc.id not in ids:
                    ids.append(doc.id)
        out = []
        for kind, acronyms in by_kind.items():
            words = "|".join(sorted((re.escape(t).replace("\\ ", r"[\s-]") for t, k in _REG_TYPES.items() if k == kind),
                                    key=len, reverse=True))
            names = "|".join(sorted(acronyms, key=len, reverse=True))
            # with its kind before or after it ("UU PPMI", "P2MI Law"), or alone right before a
            # unit ("PPMI art. 6(1)(j)"); a counted form alone is not read as a law: "P3MI" is
            # also the placement agency (Perusahaan Penempatan Pekerja Migran Indonesia)
            bare = "|".join(sorted((a for a in acronyms if a.isalpha()), key=len, reverse=True)) or "(?!)"
            pattern = re.compile(rf"(?<![\w-])(?:(?:{words})\.?\s+(?P<a>{names})|(?P<b>{names})\s+(?:{words})"
                                 rf"|(?P<c>{bare})(?=\s+(?:pasal|psl|article|art|artikel)\b))(?![\w-])")
            out.append((pattern, acronyms))
        return out

    def _short_name(self, folded: str) -> tuple[list[str], tuple[int, int]] | None:
        """(ids, span) of the law a text names by its acronym and kind (`_law_short_names`),
        the first typed; several ids when that name is several laws'; None when none."""
        found = []
        for pattern, acronyms in self._short_names:
            m = pattern.search(folded)
            if m:
                found.append((m.start(), acronyms[m.group("a") or m.group("b") or m.group("c")], m.span()))
        if not found:
            return None
        _start, ids, span = min(found, key=lambda f: f[0])
        return list(ids), span

    def _main_nouns(self) -> dict[str, tuple[bool, list[str]]]:
        """Main noun -> (strong, ids): the word for the kind of instrument each document is
        ("Consensus", "Declaration", "Agreement"), and an acronym ending one of its names
        after words that name no kind ("Japan-Indonesia EPA": EPA, "ID-MY MoU": MoU), which
        is strong (read wherever typed: a plain noun is read only beside a cited unit)."""
        nouns: dict[str, tuple[bool, list[str]]] = {}
        for doc in self.documents:
            if doc.family == "national-law":
                continue  # a law's short name needs its kind (`_law_short_names`)
            # the title's head only ("Agreement between Japan and …"): words further on name
            # other instruments ("… convergence of the Convention and the Global Compact")
            head = re.split(r"\s(?:on|between|of|for|tentang|mengenai|antara)\s|\(", doc.title, maxsplit=1)[0]
            own: dict[str, bool] = {}
            for name in [doc.citation, head, *doc.aliases]:
                for w in re.findall(r"[a-z]+", _fold(name)):
                    w = _INSTRUMENT_NOUNS_ID.get(w, w)
                    if w in _INSTRUMENT_NOUNS:
                        own.setdefault(w, False)
            for name in [doc.citation, *doc.aliases]:
                words = re.sub(r"\([^)]*\)|\b(?:19|20)\d\d\b", " ", name).split()
                if len(words) >= 2 and re.fullmatch(r"(?=(?:[a-z]*[A-Z]){2})[A-Z][A-Za-z]{1,4}", words[-1]) \
                        and not any(w in _INSTRUMENT_NOUNS for w in re.findall(r"[a-z]+", _fold(" ".join(words[:-1])))):
                    own[words[-1].lower()] = True
            for word, strong in own.items():
                was_strong, ids = nouns.get(word, (False, []))
                nouns[word] = (was_strong or strong, ids + [doc.id])
        return nouns

    def _held(self, doc_id: str) -> bool:
        """Whether kb holds the document's text: always without `unit_names`, else when the
        index has units of it or of a copy."""
        if self._unit_names is None:
            return True
        try:
            return any(any(True for _ in self._unit_names(d)) for d in (doc_id, *self._copies.get(doc_id, [])))
        except Exception:  # the index's names are a hint
            return True

    def _main_noun(self, folded: str, unit_cited: bool) -> tuple[list[str], tuple[int, int]] | None:
        """(ids, span) of the held documents a text names by a main noun (`_main_nouns`):
        "EPA" anywhere, "Consensus" only when a unit is cited (`unit_cited`); the first
        such noun typed; None when none. A plain noun must be the only word of the text
        besides the unit and words asking for it ("Consensus para 20", "What does the
        Consensus say in para 20?"): beside other words it is a word of the question
        ("Pasal 5 tentang perjanjian kerja" is about an employment agreement)."""
        for m in re.finditer(r"[a-z]+", folded):
            strong, ids = self._nouns.get(_INSTRUMENT_NOUNS_ID.get(m.group(), m.group()), (False, []))
            if not ids or not (strong or unit_cited):
                continue
            if not strong:
                others = re.findall(r"[^\W\d_]+", folded[: m.start()] + " " + folded[m.end():])
                if any(w not in _FILLER and w not in _BARE_UNIT_WORDS and not _asks_for_text(w) and len(w) > 1
                       for w in others):
                    continue
            held = [d for d in ids if self._held(d)]
            if held:
                return held, m.span()
        return None

    def _reg_candidates(self, m: re.Match) -> list[str]:
        """The held laws a `_REG` match names: the one of its kind, number and year, or
        with a two-digit year ("UU 18/17") every one whose year ends so."""
        kind, num = _reg_kind(m.group("type")), int(m.group("num"))
        if m.group("year"):
            doc = self._regs.get((kind, num, int(m.group("year"))))
            return [doc] if doc else []
        yy = int(m.group("yy"))
        return list(dict.fromkeys(d for (k, n, y), d in self._regs.items() if k == kind and n == num and y % 100 == yy))

    def ambiguous_names(self, text: str) -> list[str]:
        """The documents a citation may name when its name fits several and it names no
        other ("Declaration para 8": both ASEAN Declarations held; "UU 18/17" with laws of
        1917 and 2017; a law's acronym shared by two laws), in catalogue order; [] when it
        names one document or none. Such a text is refused naming them, never resolved to
        one of them (`ambiguous_message`)."""
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_PARSED_CHARS:
            return []
        cit = self.parse(text)
        if cit is not None and cit.doc_id is not None:
            return []
        folded = _fold(text)
        m = _REG.search(folded)
        if m and len(self._reg_candidates(m)) > 1:
            return self._reg_candidates(m)
        unit = _find_unit(folded)
        rest = folded if unit is None else folded[: unit.start] + " " + folded[unit.end:]
        named = self._short_name(folded) or self._main_noun(rest, unit is not None)
        if named is not None and len(named[0]) > 1:
            return named[0]
        return []

    def ambiguous_message(self, text: str, ids: list[str]) -> str:
        """One line refusing a citation whose name fits several documents (`ambiguous_names`),
        naming each."""
        docs = [d for d in (self._document(i) for i in ids) if d is not None]
        names = [format_citation(d) for d in docs]
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
        cit = self.parse(text)
        example = format_citation(docs[0], cit.locator if cit is not None else None) if docs else ""
        return f"{text.strip()!r} may cite {listed}; name one of them" + (f", e.g. {example!r}" if example else "")

    def word_units(self, doc_id: str) -> list[tuple[str, str]]:
        """(folded name, name) of the units of a document (and its copies) that are named
        by words the unit patterns do not read as that unit ("Final clause", "Final clause
        2", "Conclusion"), longest first; [] without `unit_names`."""
        if self._unit_names is None:
            return []
        found = self._word_units_cache.get(doc_id)
        if found is None:
            found = []
            for d in [doc_id, *self._copies.get(doc_id, [])]:
                for name in self._unit_names(d):
                    folded = _fold(name)
                    if not re.search(r"[^\W\d_]{2}", folded) or any(f == folded for f, _ in found):
                        continue
                    parsed = _find_unit(folded)
                    if parsed is not None and parsed.unit == name:
                        continue  # a numbered or patterned unit: read by _UNIT_PATTERNS
                    found.append((folded, name))
            found.sort(key=lambda f: -len(f[0]))
            self._word_units_cache[doc_id] = found
        return found

    def _word_unit(self, rest: str, doc_id: str, span: tuple[int, int]) -> _UnitMatch | None:
        """A unit of the document named by its words right before or after the document's
        name (`span` in `rest`), with nothing between but punctuation, a year or "of the",
        "dari": "IJEPA (2007), Conclusion", "Final clause of the ASEAN Consensus". Words
        further away are words of a question ("the conclusion of contracts under IJEPA"
        names no unit)."""
        for folded, name in self.word_units(doc_id):
            start = 0
            while (i := _find_word(rest[start:], folded)) >= 0:
                i += start
                j = i + len(folded)
                gap = rest[j:span[0]] if j <= span[0] else rest[span[1]:i] if i >= span[1] else None
                if gap is not None and all(w in _FILLER or _YEAR.fullmatch(w) for w in re.findall(r"\w+", gap)):
                    # "Section 2.2", "Section 2(b)": a finer part typed after the name stays
                    # in the locator, so it is shown as cited or said to be unmarked, never
                    # dropped silently (was the whole Section 2 as if cited)
                    finer = _FINER_AFTER_NAME.match(rest, j) if name[-1:].isdigit() else None
                    if finer:
                        return _UnitMatch(name, name + re.sub(r"\s+", "", finer.group()), i, finer.end())
                    return _UnitMatch(name, name, i, j)
                start = i + 1
        return None

    def unknown_general_comment(self, text: str) -> tuple[int, str] | None:
        """(number, what the catalogue has) when a text names a general comment of the
        Committee that the catalogue does not know ("GC 9 para 1", "What does general
        comment No. 9 say about detention?", "Komentar Umum No. 12 paragraf 3"); None
        otherwise, and for another treaty body's general comment ("CRC general comment No.
        23", "general comment No. 25 of the Committee on the Rights of the Child")."""
        if not self._gc or not isinstance(text, str) or len(text) > MAX_PARSED_CHARS:
            return None
        folded = _fold(text)
        have = sorted(self._gc)
        span = f"No. {have[0]}" if len(have) == 1 else f"No. {have[0]}–{have[-1]}"
        # the Committee's own symbol ("CMW/C/GC/9 para 1"); a joint one's other body's part
        # ("CMW/C/GC/3-CRC/C/GC/22") is that body's numbering
        for m in _GC_SYMBOL.finditer(folded):
            if int(m.group("n")) not in self._gc:
                return int(m.group("n")), span
        for m in _GC.finditer(folded):
            n = int(m.group("n"))
            if n in self._gc:
                continue
            before = folded[max(0, m.start() - 80):m.start()]
            if re.search(rf"\b(?:{_OTHER_BODIES})[\w ]{{0,20}}?\W*(?:(?:in\s+)?its\s+|dalam\s+)?$", before):
                continue
            if re.match(rf"\W*(?:\(\d{{4}}\)\s*)?(?:of|by|dari|oleh)\s+(?:the\s+)?(?:{_OTHER_BODIES})", folded[m.end():]):
                continue
            return n, span
        return None

    def unknown_general_comment_message(self, text: str) -> str:
        """"the catalogue has no general comment No. 9 of the Committee on Migrant
        Workers; it has general comments No. 1–8" when `text` names such a general
        comment (`unknown_general_comment`), else "". One wording for ask, show and search."""
        unknown = self.unknown_general_comment(text)
        if unknown is None:
            return ""
        return (f"the catalogue has no general comment No. {unknown[0]} of the Committee on Migrant Workers; "
                f"it has general comments {unknown[1]}")

    def find_document(self, folded: str, title_words: bool = False) -> tuple[str | None, tuple[int, int] | None]:
        """The document a (folded) text names, and where; (None, None) if none. With
        `title_words` (the text also cites a unit), a document described by words of its
        title ("2023 ASEAN crisis Guidelines, para. 60") is found too. A document's own id
        typed whole ("gc1-html para 14", "pojk-5-2014 Pasal 2") names that document before
        any pattern a part of it happens to match ("gc1" read as general comment No. 1)."""
        for doc_id_folded, doc_id in self._ids:
            i = _find_word(folded, doc_id_folded)
            end = i + len(doc_id_folded)
            if i >= 0 and folded[end:end + 1] not in ("-", "/") and (i == 0 or folded[i - 1] not in "-/"):
                return doc_id, (i, end)
        m = _REG.search(folded)
        if m:
            held = self._reg_candidates(m)
            if len(held) == 1:
                return held[0], self._with_title(folded, m.span(), held[0])
        for m in _SYMBOL.finditer(folded):
            for candidate in (m.group(0), *re.findall(_ONE_SYMBOL, m.group(0))):
                if candidate.replace(" ", "") in self._symbols:
                    return self._symbols[candidate.replace(" ", "")], m.span()
        others = _body_general_comments(folded)
        for span, body, n, _kind in others:
            if (body, n) in self._body_gc:  # "CRC general comment No. 22": joint general comment No. 3
                return self._body_gc[(body, n)], span
        for m in _GC.finditer(folded):
            if int(m.group("n")) in self._gc and not any(a <= m.start() < b for (a, b), *_ in others):
                return self._gc[int(m.group("n"))], m.span()
        for alias, doc_id in self._aliases:
            i = _find_word(folded, alias)
            if any(a <= i < b for (a, b), *_ in others):
                continue  # "general comment No. 4" of "CRC general comment No. 4"
            if i >= 0 and (" " in alias or not _names_another(folded, i, alias)):
                return doc_id, (i, i + len(alias))
        for pattern, doc_id in self._acronyms:
            m = pattern.search(folded)
            if m:
                return doc_id, m.span()
        named = self._short_name(folded)
        if named is None and title_words and not others:
            # another body's general comment kb lacks is not described by the title words
            # of a joint one ("CRC general comment No. 4" is not "… No. 4 (2017) of the CMW
            # and No. 23 (2017) of the CRC")
            found = self._by_title_words(folded)
            found = found if found[0] is not None else self._by_name_words(folded)
            if found[0] is not None:
                return found
        by_noun = False
        if named is None:
            named = self._main_noun(folded, title_words and not others)
            by_noun = True
        if named is not None:
            ids, span = named
            if len(ids) > 1 and by_noun:  # "MoU" of two memoranda held: the other words may tell which
                ids = self._told_apart(folded[:span[0]] + " " + folded[span[1]:], ids)
            # several documents so named: none, never one of them (`ambiguous_names`)
            return (ids[0], span) if len(ids) == 1 else (None, None)
        return None, None

    def _told_apart(self, folded: str, ids: list[str]) -> list[str]:
        """Of several documents a text names by one noun ("MoU" of two memoranda held), the
        one whose name (citation, title, aliases) alone holds another word of the text
        (`folded` without the noun: "MoU Indonesia-YY", "the Xanadu MoU"); `ids` as given
        when no word tells one apart (then none is chosen, `ambiguous_names`)."""
        typed = set(re.findall(r"[a-z]+", folded)) - _FILLER - _INSTRUMENT_NOUNS - set(_INSTRUMENT_NOUNS_ID) \
            - _BARE_UNIT_WORDS
        words = {}
        for doc_id in ids:
            doc = next((d for d in self.documents if d.id == doc_id), None)
            names = [doc.citation, doc.title, *doc.aliases] if doc is not None else []
            words[doc_id] = {w for n in names for w in re.findall(r"[a-z]+", _fold(n)) if len(w) > 1}
        own = [d for d in ids if typed & words[d] - set().union(*(words[o] for o in ids if o != d))]
        return own if len(own) == 1 else ids

    def unknown_symbols(self, text: str) -> list[str]:
        """The documents a text names that kb's catalogue does not hold: UN treaty-body
        document symbols ("CMW/C/PHL/CO/2"), upper-cased as the UN writes them, ILO
        conventions ("Konvensi ILO 189", "C189 of the ILO" -> "ILO Convention No. 189") and
        Indonesian regulations by number and year ("UU 11/2020", "Law No. 11 of 2020" ->
        "UU No. 11 Tahun 2020"; see UNKNOWN_REGULATION), in order, without repeats; [] for a
        non-string or an overlong text."""
        if not isinstance(text, str) or len(text) > MAX_PARSED_CHARS:
            return []
        found: list[tuple[int, str]] = []
        folded = _fold(text)
        for m in _SYMBOL.finditer(folded):
            parts = [m.group(0), *re.findall(_ONE_SYMBOL, m.group(0))]
            if not any(c.replace(" ", "") in self._symbols for c in parts):
                found.append((m.start(), m.group(0).replace(" ", "").upper()))
        for m in _ILO.finditer(folded):
            number = next(g for g in m.groups() if g)
            found.append((m.start(), f"ILO Convention No. {int(number)}"))
        for (start, _end), body, n, kind in _body_general_comments(folded):
            if (body, n) not in self._body_gc:  # "CRC general comment No. 4"
                found.append((start, f"{body.upper()} {kind} No. {n}"))
        for m in _REG.finditer(folded):
            # An Indonesian regulation by number and year ("UU 11/2020", "PP No. 10 Tahun
            # 2020", "Law No. 11 of 2020") that the catalogue lacks.
            kind = _reg_kind(m.group("type"))
            if not m.group("year"):  # "UU 18/19": which century's is not said; never named as unknown
                continue
            key = (kind, int(m.group("num")), int(m.group("year")))
            # "GR" is also a treaty body's general recommendation ("CEDAW GR 26, 2008"):
            # it names a Government Regulation only when the catalogue holds that one
            if key not in self._regs and m.group("type").strip() != "gr":
                found.append((m.start(), f"{_REG_NAMES[kind]} No. {key[1]} Tahun {key[2]}"))
        return list(dict.fromkeys(symbol for _, symbol in sorted(found)))

    def documents_named(self, text: str, limit: int = 6, titles: bool = False) -> list[str]:
        """Every document a text names ("UU PPMI dan Konsensus ASEAN"), in order of
        appearance, without repeats; at most `limit`. With `titles`, documents named by
        their titles too ("the ASEAN Declaration on the Protection and Promotion of the
        Rights of Migrant Workers": `find_document(title_words=True)`)."""
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_PARSED_CHARS:
            return []
        return [d for _, d in self._named_spans(_fold(text), limit, title_words=titles)]

    def _named_spans(self, folded: str, limit: int = 6, title_words: bool = False) -> list[tuple[tuple[int, int], str]]:
        """(span, document id) of every document a folded text names, in order of
        appearance, each document once (its first mention); at most `limit`. With
        `title_words` (the text cites a unit), documents named by their titles too."""
        found: list[tuple[tuple[int, int], str]] = []
        for _ in range(limit):
            doc_id, span = self.find_document(folded, title_words=title_words)
            if doc_id is None or span is None:
                break
            if doc_id not in [d for _, d in found]:
                found.append((span, doc_id))
            folded = folded[: span[0]] + " " * (span[1] - span[0]) + folded[span[1]:]
        return sorted(found)

    def _nearest_document(self, rest: str, unit: "_UnitMatch", doc_id: str,
                          span: tuple[int, int]) -> list[tuple[str, tuple[int, int]]]:
        """When a text with a unit names several documents ("Pasal 6 UU PPMI dan Konsensus
        ASEAN"), the unit belongs to the one named next to it, before ("UU 18/2017 Pasal
        6") or after ("Pasal 6 UU PPMI", "article 6 of the Consensus"), not to whichever
        name the catalogue's lookup order meets first; to both when one is named right
        before it and another right after (`_adjacent_documents`): [(doc_id, span), …],
        the first typed first. `rest` is the text with the unit replaced by one space (at
        `unit.start`)."""
        named = self._named_spans(rest, title_words=True)
        if len(named) < 2:
            return [(doc_id, span)]

        # `rest` holds the unit as one space at unit.start
        around = _adjacent_documents(rest, unit.start, unit.start + 1, named)
        if around:
            return [(d, sp) for sp, d in around]
        best_span, best = min(named, key=lambda item: _distance(rest, unit.start, unit.start + 1, item[0]))
        return [(best, best_span)]

    def _by_title_words(self, folded: str) -> tuple[str | None, tuple[int, int] | None]:
        """A document described by words of its title, names or year ("2023 ASEAN crisis
        Guidelines"): the one document whose title, citation, aliases and date hold every
        such word, when at least two words are given and one of them is not a year."""
        words = [(m.group(0), m.span()) for m in re.finditer(r"[a-z0-9]+", folded)
                 if m.group(0) not in _FILLER and m.group(0) not in _TITLE_FILLER]
        if len(words) < 2 or all(_YEAR.fullmatch(w) for w, _ in words):
            return None, None
        found = [d for d in self.documents if {w for w, _ in words} <= self._title_words(d)]
        if len(found) != 1:
            return None, None
        return found[0].id, (words[0][1][0], words[-1][1][1])

    def _with_title(self, folded: str, span: tuple[int, int], doc_id: str) -> tuple[int, int]:
        """A statute's number followed by its title ("UU 18/2017 tentang Pelindungan Pekerja
        Migran Indonesia"): the mention runs to the last word of the title."""
        m = re.compile(r"\s*(?:tentang|on|about|concerning)\s+").match(folded, span[1])
        doc = self._document(doc_id)
        if m is None or doc is None:
            return span
        names = self._name_words(doc)[0]
        end, last = span[1], m.end()
        for w in re.compile(r"[a-z0-9]+").finditer(folded, m.end()):
            if folded[last:w.start()].strip(" -"):
                break  # punctuation ends the title
            word = _NAME_WORDS.get(w.group(0), w.group(0))
            if word not in names and word not in _NAME_FILLER:
                break
            last = w.end()
            if word not in _NAME_FILLER:
                end = w.end()
        return (span[0], end)

    def _by_name_words(self, folded: str) -> tuple[str | None, tuple[int, int] | None]:
        """A document named by its title, in any word order and in Indonesian or English
        ("Persetujuan Kemitraan Ekonomi Indonesia-Jepang", "UU tentang Pelindungan Pekerja
        Migran Indonesia", "ASEAN Declaration on the Protection and Promotion of the Rights
        of Migrant Workers", inside a question): the longest run of words that all belong
        to one document's names, holding a word saying what kind of instrument it is (UU,
        PP, Law, Declaration, Agreement...) and at least three words and 60 % of the words
        of its title proper (a statute's title after "tentang"). The document whose title
        the run covers best wins (then the one sharing more words); a tie names none."""
        tokens = [(m.group(0), m.span()) for m in re.finditer(r"[a-z0-9]+", folded)]
        words = [_NAME_WORDS.get(w, w) for w, _ in tokens]
        # official abbreviations of title words ("UU Pelindungan PMI"): a run may hold them
        abbreviated = {i: set(_ABBREVIATIONS[w].split()) for i, w in enumerate(words) if w in _ABBREVIATIONS}
        best: list[tuple[tuple[float, int], str, tuple[int, int]]] = []
        for doc in self.documents:
            names, core = self._name_words(doc)
            if not core:
                continue
            top: tuple[tuple[float, int], tuple[int, int]] | None = None
            i = 0
            def fits(k: int) -> bool:
                return words[k] in names or words[k] in _NAME_FILLER or abbreviated.get(k, {"-"}) <= names

            while i < len(words):
                if not fits(i) or words[i] in _NAME_FILLER:
                    i += 1
                    continue
                j = i
                while j < len(words) and fits(j):
                    j += 1
                run = set(words[i:j]) - _NAME_FILLER
                for k in range(i, j):
                    run |= abbreviated.get(k, set())
                shared = len(run & core)
                if run & _KIND_WORDS and shared >= 3 and shared / len(core) >= 0.6:
                    key = (round(shared / len(core), 3), shared)
                    last = j - 1
                    while words[last] in _NAME_FILLER:  # "... Partnership serta": not the name
                        last -= 1
                    if top is None or key > top[0]:
                        top = (key, (tokens[i][1][0], tokens[last][1][1]))
                i = j
            if top is not None:
                best.append((top[0], doc.id, top[1]))
        best.sort(key=lambda b: (b[0][0], b[0][1], -b[2][0]), reverse=True)
        if not best:
            return None, None
        tied = [b for b in best if b[0] == best[0][0]]
        first = min(tied, key=lambda b: b[2][0])  # several titles named: the first typed
        if any(b is not first and b[2][0] < first[2][1] and first[2][0] < b[2][1] for b in tied):
            return None, None  # the same words name two documents equally
        return first[1], first[2]

    def _name_words(self, doc: Document) -> tuple[set[str], set[str]]:
        """(every word of a document's names, the content words of its title proper), both
        with Indonesian name words read in English (_NAME_WORDS)."""
        cached = self._name_cache.get(doc.id)
        if cached is None:
            def words(text: str) -> set[str]:
                return {_NAME_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+", _fold(text))}

            proper = re.sub(r"\([^)]*\)", " ", doc.title)
            if " tentang " in proper:
                proper = proper.split(" tentang ", 1)[1]
            names = words(" ".join([doc.title, doc.citation, *doc.aliases]))
            if doc.family == "national-law":  # "UU"/"PP" and their long forms name the kind
                names |= words(doc.citation.split()[0])
            core = {w for w in words(proper) if w not in _NAME_FILLER and not w.isdigit()}
            cached = self._name_cache[doc.id] = (names, core)
        return cached

    def _title_words(self, doc: Document) -> set[str]:
        cached = self._words_cache.get(doc.id)
        if cached is None:
            text = " ".join([doc.title, doc.citation, *doc.aliases, doc.date or "", doc.symbol or ""])
            cached = set(re.findall(r"[a-z0-9]+", _fold(text)))
            if doc.date:
                cached.add(doc.date[:4])
            self._words_cache[doc.id] = cached
        return cached

    def _document(self, doc_id: str | None) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None) if doc_id else None

    def _in_document_terms(self, unit: _UnitMatch, doc_id: str) -> _UnitMatch:
        """English speakers cite a Pasal as an "Article", Indonesians an Article as a "Pasal".

        A document's units are named in its own language: an Indonesian-language text
        (a statute, the Convention's official translation, a bilateral agreement in
        Indonesian) has Pasal, an English one Articles; but an Indonesian statute has
        Pasal in either language (an English translation's "Article 6(1)(j)" is its
        "Pasal 6 ayat (1) huruf j", kb.structure.statute_en)."""
        doc = next((d for d in self.documents if d.id == doc_id), None)
        if doc is None:
            return unit
        if unit.unit.startswith(("Article ", "Pasal ")) and self._has_unit(doc_id, unit.unit):
            return unit  # an agreement printed in both languages has both: "Pasal 1" is its Indonesian text
        pasal = doc.language == "id" or doc.family == "national-law"
        if pasal and unit.unit.startswith("Article "):
            pasal_unit = _as_pasal(unit)
            return _UnitMatch(pasal_unit.unit, pasal_unit.locator, unit.start, unit.end, pasal_unit.more)
        if not pasal and unit.unit.startswith("Pasal "):
            n = unit.unit.split()[1]
            more = tuple("Article " + x.split()[1] for x in unit.more)
            # "Pasal 11 ayat (4) huruf a" of an English treaty is its Article 11(4)(a)
            fine = "".join(f"({x})" for x in re.findall(r"(?:ayat \(|huruf |angka )(\w+)", unit.locator[len(unit.unit):]))
            return _UnitMatch(f"Article {n}", f"Article {n}{fine}", unit.start, unit.end, more)
        if not pasal and " angka " in unit.locator:  # "Article 5 point 2" of a treaty: its paragraph 2
            return replace(unit, locator=re.sub(r" angka (\d+)", r"(\1)", unit.locator))
        return unit

    def _whole_elucidation(self, rest: str, doc_id: str, span: tuple[int, int]) -> _UnitMatch | None:
        """"Penjelasan UU 6/2012", "the Elucidation of Law 18/2017": a statute's Penjelasan
        as a whole, cited by its first part, the Penjelasan Umum, when the text says nothing
        else (fillers and a year aside) and the document (or a copy) has one. With other
        words ("Apa penjelasan UU 18/2017 tentang biaya?") "penjelasan" is an explanation
        asked for: None."""
        outside = rest[: span[0]] + " " + rest[span[1]:]
        m = re.search(rf"\b{_ELUCIDATION_WORD}\b", outside)
        if m is None:
            return None
        others = [w for w in re.findall(r"\w+", outside[: m.start()] + " " + outside[m.end():])
                  if w not in _FILLER and w not in ("atas", "to", "on") and not _YEAR.fullmatch(w)]
        if others or not any(self._has_unit(d, "Penjelasan Umum") for d in (doc_id, *self._copies.get(doc_id, []))):
            return None
        i = m.start() if m.start() < span[0] else m.start() - span[0] + span[1] - 1
        return _UnitMatch("Penjelasan Umum", "Penjelasan Umum", i, i + len(m.group()))

    def _has_unit(self, doc_id: str, name: str) -> bool:
        """Whether the document holds a unit of that name (known only with `unit_names`)."""
        if self._unit_names is None:
            return False
        try:
            return name in set(self._unit_names(doc_id))
        except Exception:  # the index's names are a hint; without them the usual reading stands
            return False

    def _commented_treaty(self, unit: _UnitMatch, doc_id: str) -> str:
        """The document an article cited with a Committee document belongs to: a general
        comment has paragraphs, not articles, and its "article 22" is the Convention's,
        which it interprets ("What does GC 1 say about article 22?", "GC 2 article 68").
        The general comment stays named in the question (`documents_named`); `doc_id`
        itself otherwise."""
        doc = self._document(doc_id)
        if doc is None or doc.family != "committee" or not unit.unit.startswith(("Article ", "Pasal ")):
            return doc_id
        if self._unit_names is not None and self._has_unit(doc_id, unit.unit):
            return doc_id
        treaty = next((d for d in self.documents if d.family == "convention"), None)
        return treaty.id if treaty is not None else doc_id

    def _in_named_sequence(self, unit: _UnitMatch, doc_id: str, folded: str) -> _UnitMatch:
        """"Pedoman ASEAN 2023 paragraf 60", "para 3 Guidelines Labuan Bajo": a document
        whose paragraphs are numbered in several sequences (its `sequences`), with a
        sequence named anywhere in the citation, cites that sequence's paragraph."""
        doc = next((d for d in self.documents if d.id == doc_id), None)
        if doc is None or not unit.unit.startswith("para ") or not doc.sequences:
            return unit
        for seq in doc.sequences:
            # an annex is a Lampiran in Indonesian ("Lampiran Deklarasi ASEAN 2023 paragraf 3")
            other = r"|lampiran" if seq.lower() == "annex" else ""
            if seq and re.search(rf"\b(?:{re.escape(seq.lower().rstrip('s'))}s?{other})\b", folded):
                prefix = f"{seq} "
                return _UnitMatch(prefix + unit.unit, prefix + unit.locator, unit.start, unit.end,
                                  tuple(prefix + m for m in unit.more))
        return unit

    def did_you_mean(self, text: str) -> str | None:
        """The citation `text` was most likely meant to be when it is one small typo away
        from one that parses ("Psal 30 UU 18/2017" -> "Pasal 30 UU 18/2017", "UU 18/2071
        Pasal 30" -> "UU 18/2017 Pasal 30"), else None. A suggestion, never a resolution:
        errors add it as "did you mean …?". Only one clear near match is offered: a word
        before a number close to one unit kind (difflib ratio >= 0.75, the next kind at least
        0.05 further), or a run of words
        close to the names of one document only (ratio >= 0.85, every other document's
        names at least 0.05 further); the corrected text must parse to a unit or a
        document that the original did not."""
        import difflib

        if len(text) > 200:  # a citation is a few words; the search below is quadratic in them
            return None
        before = self.parse(text)
        had_doc = before is not None and before.doc_id is not None
        had_unit = before is not None and before.unit is not None
        tokens = text.split()
        # a unit kind: a word before a number ("Psal 30", "paar. 12")
        for i, tok in enumerate(tokens[:-1]):
            word = tok.rstrip(".").lower()
            if len(word) < 3 or not word.isalpha() or word in _UNIT_KINDS or not re.match(r"\(?\d", tokens[i + 1]):
                continue
            best: dict[str, float] = {}  # per kind as read: "psal" is near "pasal" and "psl", both Pasal
            for typed, kind in _UNIT_KINDS.items():
                best[kind] = max(best.get(kind, 0.0), difflib.SequenceMatcher(None, word, typed).ratio())
            close = sorted(((r, kind) for kind, r in best.items()), reverse=True)[:2]
            if close[0][0] < 0.75 or close[1][0] > close[0][0] - 0.05:
                continue  # no kind is near, or two are as near ("pas": "pasal"? "para"?)
            fixed = " ".join([*tokens[:i], close[0][1], *tokens[i + 1:]])
            cit = self.parse(fixed)
            if cit is not None and cit.unit is not None and not had_unit:
                return fixed
        if had_doc:
            return None
        # a document: the run of words closest to one document's names
        scores: dict[str, tuple[float, int, int, str]] = {}
        matcher = difflib.SequenceMatcher()
        for doc in self.documents:
            for name in dict.fromkeys([doc.citation, *doc.aliases]):
                width = len(name.split())
                matcher.set_seq2(name.lower())  # difflib caches the second sequence's index
                for i in range(0, max(1, len(tokens) - width + 1)):
                    matcher.set_seq1(" ".join(tokens[i:i + width]).lower())
                    # Only ratios >= 0.80 can matter (a match needs 0.85, a rival 0.05 less):
                    # the upper bounds skip the full comparison for every other run.
                    if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
                        continue
                    ratio = matcher.ratio()
                    if ratio > scores.get(doc.id, (0.0,))[0]:
                        scores[doc.id] = (ratio, i, width, name)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1][0])
        if not ranked or ranked[0][1][0] < 0.85 or ranked[0][1][0] == 1.0:
            return None
        if len(ranked) > 1 and ranked[1][1][0] > ranked[0][1][0] - 0.05:
            return None  # no one clear match ("GC 9": GC 1 … GC 8 are as close)
        _ratio, i, width, name = ranked[0][1]
        fixed = " ".join([*tokens[:i], name, *tokens[i + width:]])
        cit = self.parse(fixed)
        return fixed if cit is not None and cit.doc_id == ranked[0][0] else None

    def parse(self, text: str) -> Citation | None:
        """Parse a citation; None when `text` holds neither a unit nor a known document."""
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_PARSED_CHARS:
            return None
        folded = _fold(text)
        unit = _find_unit(folded)
        rest = folded
        if unit:
            rest = folded[: unit.start] + " " + folded[unit.end :]
        doc_id, span = self.find_document(rest)
        if unit and doc_id is None:
            # The unit's words may be part of the document's name ("pp-lampiran-2012
            # Lampiran", "restart-in-penjelasan Pasal 3"): name the document first.
            doc_id, span = self.find_document(folded)
            if doc_id is not None:
                blanked = folded[: span[0]] + " " * (span[1] - span[0]) + folded[span[1] :]
                unit = _find_unit(blanked)
                rest = blanked if unit is None else blanked[: unit.start] + " " + blanked[unit.end :]
                span = (span[0], span[0])  # the name is already out of `rest`
            else:  # no name at all: words of a title ("2023 ASEAN crisis Guidelines, para. 60")
                # the unit's sequence is a word of the title too ("ASEAN Guidelines para 49")
                seq = re.match(r"(Guidelines|Annex) para ", unit.unit) if unit else None
                doc_id, span = self.find_document(rest + (f" {seq.group(1).lower()}" if seq else ""), title_words=True)
        if unit is None and doc_id is None:
            return None
        also: list[str] = []  # documents also named right beside the unit (`_adjacent_documents`)
        if unit and doc_id and span is not None and span[0] != span[1]:
            (doc_id, span), *others = self._nearest_document(rest, unit, doc_id, span)
            for other, (a, b) in others:  # its name is part of the citation
                rest = rest[:a] + " " * (b - a) + rest[b:]
                also.append(other)
        if unit is not None and unit.soft and not _soft_fits(unit, self._document(doc_id)):
            unit = None  # "the main considerations of GC 2": words, not a cited part
            if doc_id is None:
                return None
        if unit is None and doc_id and span is not None:
            unit = self._word_unit(rest, doc_id, span) or self._whole_elucidation(rest, doc_id, span)
            if unit is not None:  # its words are the citation's, not the question's
                rest = rest[: unit.start] + " " * (unit.end - unit.start) + rest[unit.end :]
        if unit and doc_id and span is not None and span[0] != span[1]:
            unit, rest = _elucidation_around_name(unit, folded, rest, span)
        if unit and doc_id:
            unit = self._in_document_terms(unit, doc_id)
            unit = self._in_named_sequence(unit, doc_id, folded)
            doc_id = self._commented_treaty(unit, doc_id)
        docs: tuple[str, ...] = (doc_id,) if doc_id else ()
        if unit and doc_id:
            docs += tuple(d for d in dict.fromkeys(self._commented_treaty(unit, o) for o in also) if d not in docs)
        if doc_id and span is not None and doc_id in self._gc.values():
            more, end = self._more_general_comments(rest, span[1])
            if more:
                docs += tuple(d for d in more if d not in docs)
                span = (span[0], end)
        leftover = rest if span is None else rest[: span[0]] + " " + rest[span[1] :]
        further: list[tuple[int, tuple[str, str, str]]] = []
        if unit and doc_id:
            further, leftover = self._further_citations(folded, unit, doc_id, leftover)
            if unit.unit.startswith("Annex "):  # its "Lampiran" named the annex, no unit of its own
                further = [f for f in further if not (f[1][0] == doc_id and f[1][1] == "Lampiran")]
        elucidated: list[str] = []
        if unit and doc_id and unit.unit.startswith("Pasal "):
            # "Pasal 30 UU 18/2017 dan penjelasannya", "Article 30 … and its elucidation":
            # the Pasal and the Penjelasan of each Pasal named
            m = _WITH_ELUCIDATION.search(leftover)
            if m:
                elucidated = [f"Penjelasan {u}" for u in (unit.unit, *unit.more) if u.startswith("Pasal ")]
                if self._unit_names is not None:  # only those the indexed text has (UU 39/2004's copy has none)
                    elucidated = [u for u in elucidated
                                  if any(self._has_unit(d, u) for d in (doc_id, *self._copies.get(doc_id, [])))]
                leftover = leftover[: m.start()] + " " + leftover[m.end():]
        extra = [w for w in re.findall(r"\w+", leftover) if w not in _FILLER and not _YEAR.fullmatch(w)]
        cited = len(re.findall(r"\w+", folded)) - len(re.findall(r"\w+", leftover))
        coverage = cited / max(1, cited + len(extra))
        topic = tuple(w for w in extra if not _asks_for_text(w))
        if unit is None and doc_id and not further and set(topic) <= _HEADING_WORDS:
            # "Considering Law 6 of 2012", "What does Observing PP 59/2021 say?": the English
            # heading of a statute's Menimbang / Mengingat, when nothing else is asked
            heading = _HEADING.search(folded)
            doc = self._document(doc_id)
            if heading and doc is not None and doc.family == "national-law":
                name = "Mengingat" if heading.group(0).startswith(("observ", "in")) else "Menimbang"
                unit = _UnitMatch(name, name, heading.start(), heading.end())
                rest_words = [w for w in extra if w not in _HEADING_WORDS]
                coverage = (cited + len(extra) - len(rest_words)) / max(1, cited + len(extra))
                topic = ()
        units: tuple[tuple[str, str], ...] = ()
        if unit:
            units = ((unit.unit, unit.locator), *[(unit.unit, loc) for loc in unit.parts_more],
                     *[(u, u) for u in unit.more], *[(u, u) for u in elucidated])
        return Citation(
            doc_id=doc_id,
            unit=unit.unit if unit else None,
            locator=unit.locator if unit else None,
            raw=text,
            coverage=round(coverage, 3),
            units=units,
            docs=docs,
            further=tuple(t for pos, t in further if unit is None or pos > unit.start),
            before=tuple(t for pos, t in sorted(further, key=lambda f: f[0]) if unit is not None and pos < unit.start),
            topic_words=topic,
        )

    def _further_citations(self, folded: str, first: _UnitMatch, doc_id: str, leftover: str,
                           limit: int = 8) -> tuple[list[tuple[int, tuple[str, str, str]]], str]:
        """Units cited after the first one, each with the document named nearest to it (or
        the first citation's document when none is): "Apa beda Pasal 76 UU 39/2004 dan Pasal
        30 UU 18/2017?", "GC 1 para 41 and Cebu Declaration para 14". Returns their
        (position, (doc_id, unit, locator)) and the leftover text without their words (for
        coverage)."""
        text = folded[: first.start] + " " * (first.end - first.start) + folded[first.end :]
        mentions: list[tuple[tuple[int, int], str]] = []
        probe = text
        for _ in range(limit):  # every mention of every document, not only the first
            d, sp = self.find_document(probe, title_words=True)
            if d is None or sp is None or sp[0] == sp[1]:
                break
            mentions.append((sp, d))
            probe = probe[: sp[0]] + " " * (sp[1] - sp[0]) + probe[sp[1] :]
        out: list[tuple[int, tuple[str, str, str]]] = []
        cited = [(first.start, first.end)]
        for _ in range(limit):
            found = _find_unit(probe)
            if found is None:
                break
            probe = probe[: found.start] + " " * (found.end - found.start) + probe[found.end :]
            # Right after another cited unit ("Pasal 6 paragraf 2") it is that unit's
            # part, not a citation of its own.
            before = max((b for a, b in cited if b <= found.start), default=-1)
            cited.append((found.start, found.end))
            if before >= 0 and not re.search(r"[\w;]", folded[before:found.start]):
                continue

            nearest = min(mentions, key=lambda item: _distance(folded, found.start, found.end, item[0])) \
                if mentions else None
            around = _adjacent_documents(folded, found.start, found.end, mentions) if len(mentions) > 1 else []
            if around:  # a name right before and another right after it: each of them
                nearest = around[0]
            near = nearest[1] if nearest else doc_id
            if found.weak and (nearest is None or _words_between(folded, found.start, found.end, nearest[0])):
                continue  # "mengingat" (given that) is the Mengingat only right beside a name
            if found.soft and not _soft_fits(found, self._document(near)):
                continue
            for of in [near, *[d for _sp, d in around[1:]]]:
                named = self._in_named_sequence(self._in_document_terms(found, of), of, folded)
                for u, loc in ((named.unit, named.locator), *[(m, m) for m in named.more]):
                    if (of, u, loc) not in [t for _pos, t in out]:
                        out.append((found.start, (of, u, loc)))
            leftover = leftover.replace(folded[found.start:found.end].strip(), " ", 1)
        if out:
            for (a, b), _d in mentions:
                leftover = leftover.replace(folded[a:b], " ", 1)
        return out, leftover

    def _more_general_comments(self, folded: str, end: int) -> tuple[list[str], int]:
        """"general comments No. 3 and No. 4", "GC 3 dan 4": the further ones named."""
        out: list[str] = []
        while True:
            m = _MORE_GC.match(folded, end)
            if not m or int(m.group("n")) not in self._gc:
                return out, end
            out.append(self._gc[int(m.group("n"))])
            end = m.end()


# Indonesian words of instrument names read as the English ones (titles are compared as
# sets of words: "Persetujuan Kemitraan Ekonomi Indonesia-Jepang" = "Indonesia-Japan
# Economic Partnership Agreement"). General vocabulary of legal titles, not names.
_NAME_WORDS = {
    "persetujuan": "agreement", "perjanjian": "agreement", "kemitraan": "partnership", "ekonomi": "economic",
    "jepang": "japan", "pelindungan": "protection", "perlindungan": "protection", "pemajuan": "promotion",
    "hak": "rights", "pekerja": "workers", "worker": "workers", "migran": "migrant", "indonesian": "indonesia", "anggota": "members",
    "keluarga": "family", "keluarganya": "family", "situasi": "situations", "krisis": "crisis",
    "antara": "between", "republik": "republic", "pemerintah": "government", "kerajaan": "kingdom",
    "undang": "uu", "law": "uu", "peraturan": "pp", "regulation": "pp", "guideline": "guidelines",
}
# Abbreviations the statutes themselves use for words of their titles.
_ABBREVIATIONS = {"pmi": "workers migrant indonesia", "tki": "tenaga kerja indonesia"}
_NAME_FILLER = {"on", "the", "of", "and", "for", "an", "a", "its", "in", "tentang", "mengenai", "dan", "di",
                "atas", "untuk", "dalam", "pada", "serta", "dari", "ke", "yang", "nomor", "no", "tahun", "all", "their"}
# Words saying what kind of instrument a run of title words names.
# The words for the kinds of instrument a document may be named by alone when only one held
# document is of that kind ("Consensus para 20"; `CitationResolver._main_nouns`).
_INSTRUMENT_NOUNS = frozenset({"declaration", "consensus", "agreement", "convention", "covenant", "protocol",
                               "charter", "treaty", "compact", "guidelines", "memorandum", "mou", "moc"})
# The words of a unit a bare citation holds besides the document's name ("paras", "ayat")
_BARE_UNIT_WORDS = frozenset({"pasal", "psl", "article", "articles", "art", "para", "paras", "paragraph",
                              "paragraphs", "ayat", "huruf", "angka", "point", "points", "butir", "poin", "item",
                              "items", "pgf", "to", "sampai", "s", "d", "hingga", "or", "atau", "serta"})
# Indonesian words for them that `_fold` leaves as typed ("Persetujuan Pasal 4")
_INSTRUMENT_NOUNS_ID = {"persetujuan": "agreement", "perjanjian": "agreement", "piagam": "charter",
                        "kovenan": "covenant", "protokol": "protocol", "kesepahaman": "mou"}
_KIND_WORDS = {"uu", "pp", "declaration", "consensus", "agreement", "convention", "comment", "guidelines",
               "memorandum", "mou", "epa", "act", "statute"}

# Words that tie a unit to the document beside it ("Pasal 6 dari UU 18/2017", "para. 3 of
# the Annex", "(CMW/C/GC/1)"); any other word or a comma or semicolon between them ("Pasal
# 6 UU 18/2017 dan Annex, paragraph 3 ...") separates.
# "bagian": "UU 6/2012 bagian Menimbang" (the Menimbang part of UU 6/2012)
_ATTACHING = frozenset({"of", "the", "dari", "in", "dalam", "under", "menurut", "pada", "atas", "to", "its", "bagian"})


def _distance(folded: str, start: int, end: int, span: tuple[int, int]) -> tuple[int, int, int]:
    """How far a document mention (`span`) is from a unit at start:end: separating words and
    commas/semicolons between them, then a mention before the unit counts as farther
    than one after it ("Pasal 6 UU 18/2017 Pasal 5 UU 39/2004"), then characters."""
    a, b = span
    between = folded[end:a] if a >= end else folded[b:start]
    tokens = re.findall(r"[a-z0-9]+|[,;]", between)
    if a < end and tokens and _YEAR.fullmatch(tokens[0]):
        tokens = tokens[1:]  # "Deklarasi Cebu 2007, paragraf 11": the year names the document too
    words = sum(1 for w in tokens if w not in _ATTACHING)
    return words, 0 if a >= end else 1, len(between)


# The English headings of a statute's Menimbang and Mengingat in official translations.
_HEADING = re.compile(r"\b(?:considering|observing|in view of)\b")
_HEADING_WORDS = frozenset({"considering", "observing", "in", "view", "of"})


def _right_beside(folded: str, start: int, end: int, span: tuple[int, int]) -> bool:
    """Whether a document mention (`span`) is right before or right after the unit at
    start:end, with nothing between them but spaces and punctuation."""
    a, b = span
    between = folded[end:a] if a >= end else folded[b:start] if b <= start else "x"
    return re.search(r"\w", between) is None


def _adjacent_documents(folded: str, start: int, end: int,
                        named: list[tuple[tuple[int, int], str]]) -> list[tuple[tuple[int, int], str]]:
    """The document mentions a unit at start:end is cited with when two different
    documents are named right beside it, one before and one after, nothing but spaces and
    punctuation between ("UU 18/2017 Pasal 1 UU 6/2012"); [] otherwise (one side only,
    a word between, "of", "dan": `_distance` decides, as before).

    Indonesian usage names a statute before its Pasal ("UU 18/2017 Pasal 1") as well as
    after it ("Pasal 1 UU 6/2012"), so the unit may be either's. Where the text settles
    it, it is settled: a name right followed by a unit of its own is that unit's ("UU
    18/2017 Pasal 1 UU 6/2012 Pasal 2": Pasal 1 of UU 18/2017, Pasal 2 of UU 6/2012), a
    name right after a unit is that unit's ("Pasal 6 UU 18/2017 Pasal 5 UU 39/2004": Pasal
    5 of UU 39/2004). Otherwise both readings are kept, the first typed first: the unit of
    each document is cited, each shown under its own full citation (and refused, if one
    lacks it, like any unit cited), rather than one document chosen silently. An error
    would ask the user to retype what kb can show them both ways; one document picked
    would show the wrong statute's Pasal under a citation that looks right."""
    before = [m for m in named if m[0][1] <= start and _right_beside(folded, start, end, m[0])]
    after = [m for m in named if m[0][0] >= end and _right_beside(folded, start, end, m[0])]
    if not before or not after:
        return []
    first, second = max(before, key=lambda m: m[0][1]), min(after, key=lambda m: m[0][0])
    if first[1] == second[1]:
        return []
    # the other units of the text, the document names and this unit blanked
    blanked = folded[:start] + " " * (end - start) + folded[end:]
    for (a, b), _doc in named:
        blanked = blanked[:a] + " " * (b - a) + blanked[b:]
    others: list[tuple[int, int]] = []
    probe = blanked
    for _ in range(8):
        found = _find_unit(probe)
        if found is None:
            break
        others.append((found.start, found.end))
        probe = probe[: found.start] + " " * (found.end - found.start) + probe[found.end:]
    claims_first = any(u_end <= first[0][0] and _right_beside(folded, u_start, u_end, first[0]) for u_start, u_end in others)
    claims_second = any(u_start >= second[0][1] and _right_beside(folded, u_start, u_end, second[0]) for u_start, u_end in others)
    if claims_second and not claims_first:
        return [first]
    if claims_first and not claims_second:
        return [second]
    return [first, second]


def _words_between(folded: str, start: int, end: int, span: tuple[int, int]) -> int:
    """Words other than attaching ones between a unit and a document mention."""
    a, b = span
    between = folded[end:a] if a >= end else folded[b:start]
    return sum(1 for w in re.findall(r"[a-z0-9]+", between) if w not in _ATTACHING)


def _soft_fits(unit: _UnitMatch, doc: Document | None) -> bool:
    """Does a unit named by an ordinary word fit the document? "Considering"/"In view of"
    head a statute's Menimbang/Mengingat (official English translations); "point 5",
    "butir 5" number the paragraphs of declarations and comments, not a statute's."""
    if doc is None:
        return False
    if unit.unit in ("Menimbang", "Mengingat"):
        return doc.family == "national-law"
    return doc.family != "national-law"  # a statute has Menimbang, not a Preamble; Pasal, not points


_TITLE_FILLER = {"on", "for", "to", "a", "an", "its", "with", "by", "at", "atas", "untuk", "pada", "serta"}
_YEAR = re.compile(r"(?:19|20)\d\d")  # "Deklarasi Cebu 2007 paragraf 14": the year names the document too
# Words that only ask for a cited text: "what does … say / provide", "apa isi / bunyi …",
# "jelaskan", "kutip", "tolong" (with each language's stopwords, kb.lang.stopwords).
ASKING_FOR_TEXT = frozenset("""
say says said provide provides provided state states stated text texts content contents wording read reads
quote cite show tell explain explains mean means meaning give full exact exactly please according
tunjukkan teks lengkap menyatakan mengatur diatur maksud artinya arti
""".split()) | REQUEST_WORDS_ID


def _asks_for_text(word: str) -> bool:
    from .lang.stopwords import STOPWORDS

    return word in ASKING_FOR_TEXT or word in STOPWORDS["en"] or word in STOPWORDS["id"] or word.isdigit()


_FILLER = {"joint", "of", "the", "dari", "dalam", "in", "under", "menurut", "no", "nomor", "tentang", "see", "lihat", "and", "dan"}


_ANOTHER_AFTER = re.compile(r"\s*(?:on|no\.?|nomor|number|nr\.?|\d+|of the|against|for|tentang|mengenai|ilo)\b")
_ANOTHER_BEFORE = re.compile(r"(?:ilo|un|european|american|african|hague|vienna|geneva|refugee|this|that)\s*$")


def _names_another(folded: str, i: int, alias: str) -> bool:
    """A one-word alias ("Convention") that is part of another instrument's name:
    "Convention on the Rights of the Child", "ILO Convention No. 189"."""
    return bool(_ANOTHER_AFTER.match(folded, i + len(alias)) or _ANOTHER_BEFORE.search(folded[:i]))


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
    """Convenience: parse one citation against a catalogue (or any iterable of documents).
    Returns the Citation, or None when the text names nothing kb reads as one. Raises
    InputError when `text` is not text or `documents` is not an iterable of kb.Document
    (None, a number, a document id: they raised TypeError or AttributeError)."""
    from .errors import InputError
    from .validate import shown

    if not isinstance(text, str):
        raise InputError(f"parse_citation: the citation must be text, e.g. 'UU 18/2017 Pasal 30', "
                         f"not {type(text).__name__} {shown(text, 40)}")
    if isinstance(documents, (str, bytes, Document)) or not isinstance(documents, Iterable):
        raise InputError(f"parse_citation: documents must be a catalogue or a list of kb.Document, "
                         f"not {type(documents).__name__} {shown(documents, 40)}")
    documents = list(documents)
    for doc in documents:
        _document(doc, "parse_citation: each of documents")
    return CitationResolver(documents).parse(text)


def number_ranges(numbers: Iterable[int]) -> str:
    """[6, 7, 8, 10] -> "6–8, 10" (sorted, repeats dropped); "" for none."""
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(f"{nums[i]}–{nums[j]}" if j > i else str(nums[i]))
        i = j + 1
    return ", ".join(out)


def _kind_and_number(unit: str) -> tuple[str, int | None, str]:
    m = re.match(r"^(.*?)(\d+)([A-Za-z]?)$", unit)
    if not m:
        return unit, None, ""
    return m.group(1).strip(), int(m.group(2)), m.group(3)


def summarise_units(names: Iterable[str], like: str | None = None) -> str:
    """Unit names as ranges, for "it has …" in errors: "Pasal 1–91" (the kind of `like`
    only, when the document has that kind), else every kind: "Menimbang, Pasal 1–91,
    Penjelasan Pasal 1–91". Units with a letter suffix ("Pasal 5A") are not listed."""
    kinds: dict[str, list[int]] = {}
    single: list[str] = []
    for name in dict.fromkeys(names):
        kind, n, suffix = _kind_and_number(name)
        if n is None:
            single.append(name)
        elif not suffix:
            kinds.setdefault(kind, []).append(n)
    wanted = _kind_and_number(like)[0] if like else None
    if wanted in kinds:
        return f"{wanted} {number_ranges(kinds[wanted])}"
    parts = single + [f"{kind} {number_ranges(nums)}" for kind, nums in kinds.items()]
    return ", ".join(parts) or "no units"


def missing_unit_message(citation: Citation | None, catalog: "Catalog", units_by_doc: "Mapping[str, list[str]]") -> str:
    """The one-line refusal when `citation` names a unit of an indexed document that has no
    such unit: "UU No. 18 Tahun 2017 has no Pasal 999; it has Pasal 1–91".

    Every unit the citation names is checked (`Citation.targets`: a list "Pasal 5 dan
    999", a range "Pasal 90 sampai 95", several documents); the message names each
    missing unit of the first document that lacks one ("has no Pasal 92, Pasal 93").
    A unit counts as present under its other language's name ("Article 22" for "Pasal
    22", as the search's exact lookup finds it).

    `units_by_doc`: indexed document id -> its unit names. A document that is not indexed
    is not judged here (the answer says it is missing). "" when every unit is there.
    `catalog`: a kb.catalog.Catalog (its `find`, `variants_of`)."""
    if citation is None or not citation.complete:
        return ""
    missing: dict[str, list[str]] = {}  # document id -> units it does not have, in order named
    names_of: dict[str, list[str]] = {}
    for doc_id, unit, _locator in citation.targets:
        doc = catalog.find(doc_id or "")
        if doc is None:
            continue
        if doc.id not in names_of:
            ids = [doc.id, *[v.id for v in catalog.variants_of(doc.id)]]
            if doc.variant_of:
                ids.append(doc.variant_of)
            names_of[doc.id] = [u for d in ids for u in units_by_doc.get(d, [])]
        names = names_of[doc.id]
        if not names or unit in names or any(alt in names for alt in alternate_unit_names(unit, names, doc.family)):
            continue
        # named as the document names its units ("IJEPA art 94 UU 18/2017": UU 18/2017 has no Pasal 94)
        kind = _kind_and_number(unit)[0]
        if kind and not any(_kind_and_number(n)[0] == kind for n in names):
            unit = next((alt for alt in alternate_unit_names(unit)
                         if any(_kind_and_number(n)[0] == _kind_and_number(alt)[0] for n in names)), unit)
        if unit not in missing.setdefault(doc.id, []):
            missing[doc.id].append(unit)
    for doc_id, units in missing.items():
        doc = catalog.find(doc_id)
        names = names_of[doc_id]
        no_elucidation = no_elucidation_message(doc, units, names)
        if no_elucidation:
            return no_elucidation
        gaps = [(u, around) for u in units if (around := _units_around_gap(u, names))]
        if len(gaps) == len(units):
            # Numbered on both sides (PP 59/2021 has Pasal 62 and 64, not 63): the statute
            # has the unit, the indexed copy lost its heading (`kb index` warns); what OCR
            # kept of its text, if anything, stays in the unit before it.
            unit, (before, after) = gaps[0]
            show = f"`kb show \"{format_citation(doc, before)}\"`"
            if len(gaps) == 1:
                where = (f"its heading is missing from the source text between {before} and {after} (lost in the "
                         f"OCR?); what the source kept of its text, if anything, is at the end of {before}: {show}")
            else:
                where = ("their headings are missing from the source text (lost in the OCR?); what the source kept "
                         f"of their text, if anything, is at the end of the unit before each, e.g. {show}")
            return f"{format_citation(doc)} has no {', '.join(u for u, _ in gaps)} in the indexed copy: {where}"
        return (f"{format_citation(doc)} has no {', '.join(u for u in units if u not in dict(gaps))}; "
                f"it has {summarise_units(names, units[0])}")
    return long_range_message(citation)


def long_range_message(citation: Citation | None) -> str:
    """The one-line refusal when `citation` names a range of units longer than kb expands
    (MAX_RANGE after its first: "IJEPA Articles 1-154"), whose two ends alone were then
    shown, the units between dropped without a word; "" otherwise. Checked after the
    units named are found (`missing_unit_message`): a range to a unit that does not exist
    ("paras 3-999999999") is refused naming that unit."""
    if citation is None:
        return ""
    for m in _BACKWARDS.finditer(citation.raw):
        kind, a, b = m.group("kind", "a", "b")
        if not (a.isascii() and b.isascii()) or len(b.lstrip("0")) > 12:
            continue
        first, last = int(a), int(b)
        if last - first <= MAX_RANGE:
            continue
        split = first + MAX_RANGE
        return (f"{' '.join(m.group().split())!r} names the {last - first + 1:,} units from {first} to {last}; kb "
                f"shows at most {MAX_RANGE + 1} of a range at once: split it, e.g. '{kind} {first}-{split - 1}' "
                f"and '{kind} {split}-{last}'")
    return ""


def no_elucidation_message(doc: Document, units: Iterable[str], names: Iterable[str]) -> str:
    """The one-line refusal when a Penjelasan is cited of a document that has none at all
    (`names`: its unit names): "IJEPA (2007) has no Penjelasan (elucidation): only
    Indonesian statutes have one; its Article 94: `kb show "IJEPA (2007), art. 94"`", and
    for a statute whose indexed copy lacks it ("Penjelasan UU 39/2004 Pasal 5") "… has no
    Penjelasan in the indexed copy; …". The unit itself is offered, never shown as if
    asked. "" when no unit of `units` is a Penjelasan, or the document has one."""
    names = list(names)
    asked = [u for u in units if u.startswith("Penjelasan")]
    if not asked or any(n.startswith("Penjelasan") for n in names):
        return ""
    why = ("in the indexed copy" if doc.family == "national-law"
           else "(elucidation): only Indonesian statutes have one")
    message = f"{doc.citation} has no Penjelasan {why}"
    plain = asked[0][len("Penjelasan "):] if asked[0].startswith("Penjelasan ") else ""
    own = next((n for n in [plain, *alternate_unit_names(plain, names, doc.family)] if n and n in names), None)
    if own is not None:
        message += f"; its {own}: `kb show \"{format_citation(doc, own)}\"`"
    return message


def lost_unit_holders(unit: str, names: list[str]) -> list[str]:
    """Where the text of a unit whose heading the indexed copy lost is to be read: the unit
    numbered just before it, whose text runs on over the lost heading (`kb index` warns:
    "Pasal 63 … not found (unreadable heading?); their text stays in the preceding unit"),
    then the unit's own Penjelasan when the copy has one ("Penjelasan Pasal 63"). [] when
    `unit` is not in a gap of its kind's numbering (`names`: the document's unit names),
    e.g. "Pasal 999" past the last Pasal, or a unit the document has."""
    if unit in names:
        return []
    around = _units_around_gap(unit, names)
    if around is None:
        return []
    out = [around[0]]
    if not unit.startswith("Penjelasan ") and f"Penjelasan {unit}" in names:
        out.append(f"Penjelasan {unit}")
    return out


def _units_around_gap(unit: str, names: list[str]) -> tuple[str, str] | None:
    """The units numbered just before and just after `unit` when the document numbers that
    kind of unit on both sides of it ("Pasal 63" between "Pasal 62" and "Pasal 64"), else None."""
    kind, n, suffix = _kind_and_number(unit)
    if n is None or suffix:
        return None
    numbers = [m for k, m, x in map(_kind_and_number, names) if k == kind and m is not None and not x]
    below = [m for m in numbers if m < n]
    above = [m for m in numbers if m > n]
    if not below or not above:
        return None
    return f"{kind} {max(below)}", f"{kind} {min(above)}"




def near_citation_message(resolver: CitationResolver, text: str, citation: Citation | None) -> str:
    """The one-line refusal when a question holds a citation one small typo away and no
    citation that resolves ("Apa isi Psal 30 UU 18/2017?"): "'Psal' in the question is
    not a citation kb can read; did you mean 'Apa isi Pasal 30 UU 18/2017?'" — the
    suggestion of `CitationResolver.did_you_mean`, as `kb show` gives it, never an answer
    from another unit. Only a suggestion that resolves to a unit of a named document
    counts, and a word of the language is no typo ("pada 30 hari" is not "para 30"):
    "" otherwise."""
    import difflib

    from .lang.stopwords import STOPWORDS

    # Only a citation half read can be one typo from a whole one: a document with no unit
    # ("Psal 30 UU 18/2017") or a unit with no document ("Pasal 30 UU 18/2071"). Without
    # either, a whole one is two typos away, and the search for a near document name (~0.1 s
    # on a long question) is not run for every question.
    if citation is None or citation.complete:
        return ""
    near = resolver.did_you_mean(text)
    fixed = resolver.parse(near) if near else None
    if not near or fixed is None or not fixed.complete:
        return ""
    typed, meant = text.split(), near.split()
    changed = [tok for op, a, b, _c, _d in difflib.SequenceMatcher(None, typed, meant).get_opcodes()
               if op != "equal" for tok in typed[a:b]]
    words = [re.sub(r"^\W+|\W+$", "", tok).lower() for tok in changed]
    if not changed or any(w in STOPWORDS["id"] or w in STOPWORDS["en"] for w in words):
        return ""
    end = "" if near.rstrip().endswith("?") else "?"
    return f"{' '.join(changed)!r} in the question is not a citation kb can read; did you mean {near!r}{end}"


def which_document_message(citation: Citation | None, catalog: "Catalog", units_by_doc: "Mapping[str, list[str]]",
                           limit: int = 6, command: str | None = None) -> str:
    """The one-line refusal when a question only asks for a unit and names no document
    ("Pasal 30", "Apa isi Pasal 30?"): "Pasal 30 of which document? UU No. 18 Tahun
    2017, UU No. 39 Tahun 2004 and PP No. 59 Tahun 2021 have one; name it, e.g. 'Pasal 30
    UU No. 18 Tahun 2017'". Its number alone would otherwise be matched as words ("within
    30 days"). A question with words beyond the citation ("What does Pasal 30 say about
    placement fees?", `Citation.topic_words`) is searched as usual, and so is a unit no
    indexed document has: "" then.

    Every unit named is named ("articles 21 and 22": "Article 21 and Article 22 of which
    document? IJEPA (2007) has them; …"), with the documents that have each when not all
    have every one ("… UU No. 18 Tahun 2017 has Pasal 90; UU No. 39 Tahun 2004 has them").
    With `command` ("kb show") the example is that command, to run as it is.

    `units_by_doc`: indexed document id -> its unit names; a document's copies (its
    `variant_of`) count as the document, named up to `limit` ("and 3 more")."""
    if citation is None or citation.doc_id is not None or citation.unit is None or citation.topic_words:
        return ""
    named = list(dict.fromkeys(citation.all_units))  # (unit, locator), in the order typed
    having: list[Document] = []
    has: dict[str, list[str]] = {}  # document id -> the locators named that it has
    for unit, locator in named:
        for doc in documents_with_unit(unit, catalog, units_by_doc):
            if doc.id not in has:
                having.append(doc)
            has.setdefault(doc.id, []).append(locator)
    if not having:
        return ""
    having.sort(key=lambda d: d.family != "national-law")  # stable, as documents_with_unit
    locators = [loc for _u, loc in named]

    def listed(names: list[str]) -> str:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    shown = having[:limit]
    if len(locators) == 1:
        more = [f"{len(having) - limit} more"] if len(having) > limit else []
        said = f"{listed([d.citation for d in shown] + more)} {'has' if len(having) == 1 else 'have'} one"
    else:
        # grouped by the units they have, in the order first met: "X and Y have them; Z has Pasal 90"
        groups: dict[tuple[str, ...], list[Document]] = {}
        for doc in shown:
            groups.setdefault(tuple(has[doc.id]), []).append(doc)
        said = "; ".join(
            f"{listed([d.citation for d in docs])} {'has' if len(docs) == 1 else 'have'} "
            f"{'them' if len(units) == len(locators) else listed(list(units))}"
            for units, docs in groups.items())
        if len(having) > limit:
            said += f"; {len(having) - limit} more have some"
        nowhere = [loc for loc in locators if not any(loc in held for held in has.values())]
        if nowhere:
            said += f"; none has {listed(nowhere)}"
    unit = listed(locators)
    first = having[0]
    example = f"{listed(has[first.id])} {first.citation}"
    example = f'`{command} "{example}"`' if command else f"'{example}'"
    message = f"{unit} of which document? {said}; name it, e.g. {example}"
    if any(u.startswith("Article ") for u, _loc in named):
        # "articles 21 and 22": to this audience most often the Convention's; when the
        # catalogue holds it but the index does not, say so and how to get it
        indexed = {(catalog.find(d).variant_of or d) if catalog.find(d) else d for d in units_by_doc}
        treaty = next((d for d in catalog if d.family == "convention" and d.variant_of is None and d.id not in indexed), None)
        if treaty is not None:
            message += (f"; the Convention's ({treaty.citation}) is not indexed: `kb corpus fetch {treaty.id}` "
                        f"or `kb add FILE --id {treaty.id}`")
    return message


def documents_with_unit(unit: str, catalog: "Catalog", units_by_doc: "Mapping[str, list[str]]") -> list[Document]:
    """The indexed documents that have a unit of that name ("Pasal 30"), a copy counted as
    its document, national law first, else in the index's order."""
    having: list[Document] = []
    for doc_id, names in units_by_doc.items():
        doc = catalog.find(doc_id)
        if doc is None or unit not in names:
            continue
        main = (catalog.find(doc.variant_of) if doc.variant_of else doc) or doc
        if all(d.id != main.id for d in having):
            having.append(main)
    having.sort(key=lambda d: d.family != "national-law")  # stable
    return having
