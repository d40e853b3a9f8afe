"""Where the parts of a statute lie: the title block, Menimbang, Mengingat, the enacting
formula, the body, the closing formula, the Penjelasan with its two sections, and the
Lampiran (annexes).

Parts after the body follow in any order (a Lampiran may come before or after the
Penjelasan); each runs to the start of the next. The Penjelasan is found by its heading
("PENJELASAN ATAS ...", a line "PENJELASAN", letter-spaced "P E N J E L A S A N"), else by
what OCR left of it ("... ATAS PERATURAN PEMERINTAH ..." followed by "I. UMUM"), else by
its sections ("I. UMUM", "II. PASAL DEMI PASAL") after the closing formula.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .furniture import trailing_signature
from .noise import _TOKEN

_MENIMBANG = re.compile(r"(?<![A-Za-z])Menimbang\b[ \t]*(?:\n[ \t]*)?(?:[:;]|I(?=\s))?")
_MENGINGAT = re.compile(r"(?<![A-Za-z])Mengingat\b\s*:?")
# The enacting formula: "Dengan Persetujuan Bersama" (also in lower case, or in capitals),
# "MEMUTUSKAN:", "Menetapkan :" (or "Menetapkan" closing a line).
_FORMULA = re.compile(
    r"Dengan\s+(?:Persetujuan|persetujuan\s+(?:[Bb]ersama|DEWAN|Dewan\s+Perwakilan)|PERSETUJUAN|MEMUTUS)"
    r"|DENGAN\s+PERSETUJUAN|MEMUTUS[KI(]|Memutuskan\s*:"
    r"|M(?i:[ce]n[ce]tapkan)(?=[ \t]*(?::|\n|MEMUTUS))"
)


def _spaced(word: str) -> str:
    """A word in capitals as printed letter-spaced, or as OCR spaces it ("PENJEL A S A N")."""
    return r"[ \t]?".join(re.escape(c) for c in word)


_PENJELASAN = re.compile(
    rf"(?<![A-Z]){_spaced('PENJELASAN')}\s+{_spaced('ATAS')}(?![A-Z])|^[ \t]*{_spaced('PENJELASAN')}[ \t]*$",
    re.M,
)
# What OCR leaves of the heading: "...ASAN ATAS PERATURAN ...", "ATAS UNDANG-UNDANG ...";
# not a title's "PERUBAHAN ATAS UNDANG-UNDANG".
_PENJELASAN_REMNANT = re.compile(
    r"(?:(?<!\S)\S{0,12}ASAN\s+|(?<![A-Z]\s)(?<![A-Z]))ATAS\s+(?:UNDANG|PERATURAN|KEPUTUSAN|PENETAPAN)"
)
_UMUM = re.compile(rf"(?<![A-Za-z0-9])(?:[I1l]\s?\.\s*|(?<![A-Z]\s)PENJELASAN\s+){_spaced('UMUM')}\b")
# Older headings: "PENJELASAN PERATURAN-PEMERINTAH NR 28 ...", "MEMORI PENJELASAN MENGENAI
# RANCANGAN UNDANG-UNDANG ...", "MEMORI PENJELASAN. UNDANG-UNDANG NOMOR 30 …", "MEMORI
# PENJELASAN PADA …", "PENJELASAN UMUM." (searched after the body only).
_PENJELASAN_OLD = re.compile(
    r"(?<![A-Za-z])MEMORI\s+PENJELASAN(?![A-Za-z])"  # "MEMORI PENJELASAN. UNDANG-UNDANG …", "… PADA …", "… RANCANGAN …"
    r"|(?<![A-Za-z])PENJELASAN"
    r"(?=\s*[:.]?\s*(?:ATAS|MENGENAI|UMUM|UNDANG|PERATURAN|PENETAPAN|KEPUTUSAN|PASAL|TENTANG)\b|[ \t]*[:.]?[ \t]*(?:\n|$)"
    r"|[ \t]+(?:atas|mengenai)\s+[A-Z]|[ \t]+[1I]\.[ \t]+[A-Z]"  # "PENJELASAN mengenai PERATURAN …", "PENJELASAN 1. Dalam …"
    r"|[ \t]+[A-Z][a-z]{2,}"  # "PENJELASAN Tiap-tiap tahun …": the heading and the text on one line
    r"|[ \t]*[:.][ \t]+[A-Z][a-z])"
)
_PASAL_DEMI_PASAL = re.compile(
    rf"(?<![A-Za-z0-9])(?:II|Il|lI|ll|11)\s?\.\s*{_spaced('PASAL')}(?:\s+{_spaced('DEMI')}\s+{_spaced('PASAL')})?"
    rf"|(?<![A-Za-z]){_spaced('PASAL')}\s+{_spaced('DEMI')}\s+{_spaced('PASAL')}"
)
_CLOSING = re.compile(r"Agar(?:\s+supaya)?\s+setiap\s+orang\s+(?:dapat\s+)?mengetahui")
# An article heading opening a line or following a clause's end ("Pasal 82", "Pasal II"),
# then a line break, "(1)" or a capital: the body goes on.
_ARTICLE_AFTER = re.compile(
    r"(?:^|(?<=[.;:]))[ \t*_]*Pasal[ \t]+(?:\d{1,4}[A-Z]?|[IVXLC]{1,7})[ \t*_.]*(?=\n|\(1\)|[A-Z])", re.M
)
# What follows the real closing formula before any article could: the enactment, the
# gazette line, a signature, the Penjelasan.
_CLOSING_FOLLOWERS = re.compile(
    r"(?<![A-Za-z])(?:Disa?h?kan|Ditetapkan|Diundangkan|Dikeluarkan)(?![A-Za-z])|LEMBARAN\s+NEGARA|(?<!\w)ttd\b"
    r"|PENJELASAN|PASAL\s+DEMI|(?<![A-Za-z])UMUM(?![A-Za-z])|(?<!\w)SALINAN\b"
)
# The formula's own order to promulgate ("..., memerintahkan pengundangan ..."): the closing
# formula whatever follows (a treaty's "Pasal I" printed after the signatures).
_ORDER_TO_PROMULGATE = re.compile(r"[\s,]*(?:memerintahkan|memerintah)\b", re.I)
_CLOSING_REACH = 3000  # an article heading this far after the words still means the body goes on


def closing_formula(text: str, start: int, end: int) -> re.Match | None:
    """The closing formula ("Agar setiap orang mengetahuinya, memerintahkan pengundangan
    ...") in [start, end): the first occurrence of its words that orders the
    promulgation ("memerintahkan"), or that no article heading follows before the
    enactment, a signature, the gazette line or the Penjelasan. An
    article may open with the same words (UU 12/2011 Pasal 81: "Agar setiap orang
    mengetahuinya, Peraturan Perundang-undangan harus diundangkan ..."; then Pasal 82
    follows): then the body goes on. None when the words are not there."""
    for m in _CLOSING.finditer(text, start, end):
        if _ORDER_TO_PROMULGATE.match(text, re.match(r"\w*", text[m.end():]).end() + m.end()):
            return m
        reach = min(end, m.end() + _CLOSING_REACH)
        article = _ARTICLE_AFTER.search(text, m.end(), reach)
        if article is None or _CLOSING_FOLLOWERS.search(text, m.end(), article.start()):
            return m
    return None
_AFTER_BODY = re.compile(
    r"Agar(?:\s+supaya)?\s+setiap\s+orang|(?:Disahkan|Ditetapkan|Diundangkan)\s+di\b|LEMBARAN\s+NEGARA\s+REPUBLIK"
    r"|TAMBAHAN\s+LEMBARAN\s+NEGARA|(?<!\w)ttd\.|(?<!\w)SALINAN\s+sesuai"
    r"|-{5,}\s*CATATAN\b"  # the regulations store's source note ("CATATAN Kutipan: LN 1969/57")
)
# A Lampiran heading: "LAMPIRAN", "LAMPIRAN II", "LAMPIRAN : A.1", "LAMPIRAN 3." then the
# regulation it belongs to, a title in capitals or a line break; never lower-case prose.
_LAMPIRAN = re.compile(
    rf"(?<![A-Za-z]){_spaced('LAMPIRAN')}"
    r"(?:\s*[:.]?\s*(?P<label>[IVXL]{1,6}|\d{1,3}|[A-H](?:\.\d{1,2})?)(?![\w]))?"
    r"(?=\s*[:.]?\s*(?:[A-Z]{2}|[A-Z]\.|\n|\d|$))"
)
_NOT_BEFORE_A_HEADING = frozenset(
    "dalam pada dan atau dengan sebagaimana tercantum terlampir lihat dari ke di yang sesuai "
    "ini tersebut berupa".split()
)


@dataclass
class Penjelasan:
    """The elucidation: spans of its heading, its sections' labels and the Umum text."""

    start: int  # where its heading (or what is left of it) starts
    end: int  # where the next part starts, or the text ends
    heading_end: int  # end of "PENJELASAN ATAS ... TENTANG <TITLE>"
    umum_label: tuple[int, int] | None = None  # "I. UMUM"
    umum: tuple[int, int] | None = None  # the Penjelasan Umum text
    pdp_label: tuple[int, int] | None = None  # "II. PASAL DEMI PASAL"

    @property
    def notes_start(self) -> int:
        """Where the article-by-article notes are searched from."""
        if self.pdp_label:
            return self.pdp_label[1]
        return self.umum[0] if self.umum else self.heading_end


@dataclass
class Lampiran:
    name: str  # "Lampiran", "Lampiran II", "Lampiran A.1"
    start: int
    end: int


@dataclass
class Layout:
    menimbang_label: tuple[int, int] | None
    menimbang: tuple[int, int] | None
    mengingat_label: tuple[int, int] | None
    mengingat: tuple[int, int] | None
    body: tuple[int, int]  # from the enacting formula to the first part after the body
    closing: int | None  # where the closing formula ("Agar setiap orang ...") starts
    penjelasan: Penjelasan | None = None
    lampiran: list[Lampiran] = field(default_factory=list)
    # Where the preamble's labels were printed as a column apart from their texts
    # (`_column_preamble`): every label's span, and where the title block ends.
    labels: list[tuple[int, int]] = field(default_factory=list)
    title_end: int | None = None


def find_layout(text: str) -> Layout:
    """The parts of a statute's text (offsets into `text`); never raises."""
    n = len(text)
    strong = _PENJELASAN.search(text)
    limit = strong.start() if strong else n
    # The preamble's labels come before the enacting formula: a "Menimbang" after it is
    # a word of the text (the file lost the label where it belongs).
    formula = _FORMULA.search(text, 0, limit)
    before = formula.start() if formula else limit
    m1 = _MENIMBANG.search(text, 0, before)
    m2 = _MENGINGAT.search(text, m1.end() if m1 else 0, before)
    preamble_end = m2 or m1
    # The body starts at the enacting formula ("Dengan Persetujuan Bersama ... MEMUTUSKAN:
    # Menetapkan: ..."), which closes the preamble; headings are never taken before it.
    if preamble_end:
        body_start = _formula_start(text, preamble_end.end(), limit)
    else:  # no preamble: the enacting formula if it comes before any heading, else the start
        first = _FIRST_HEADING.search(text, 0, limit)
        body_start = formula.start() if formula and (first is None or formula.start() < first.start()) else 0
    closing = closing_formula(text, body_start, limit)
    after_body = closing.end() if closing else body_start
    pen_start = strong.start() if strong else _weak_penjelasan(text, after_body)
    lampiran = _lampiran(text, after_body, pen_start)
    unnamed = _after_promulgation(text, after_body, pen_start, lampiran[0].start if lampiran else n)
    if unnamed and not lampiran:
        lampiran = unnamed
    elif unnamed and lampiran[0].name == "Lampiran":
        lampiran[0].start = unnamed[0].start  # the annex began before its first "LAMPIRAN" line
    starts = sorted(([pen_start] if pen_start is not None else []) + [lp.start for lp in lampiran])
    body_end = starts[0] if starts else n
    for lp in lampiran:  # bisect: a scan per annex is n² in annexes
        i = bisect.bisect_right(starts, lp.start)
        lp.end = starts[i] if i < len(starts) else n
    penjelasan = None
    if pen_start is not None:
        pen_end = next((s for s in starts if s > pen_start), n)
        penjelasan = _penjelasan(text, pen_start, pen_end, strong)
    menimbang = (m1.end(), m2.start() if m2 else body_start) if m1 else _unlabelled_menimbang(text, m2, body_start)
    lay = Layout(
        menimbang_label=m1.span() if m1 else None,
        menimbang=menimbang,
        mengingat_label=m2.span() if m2 else None,
        mengingat=(m2.end(), body_start) if m2 else None,
        body=(body_start, body_end),
        closing=closing.start() if closing else None,
        penjelasan=penjelasan,
        lampiran=lampiran,
    )
    return _column_preamble(text, lay, limit) or lay


_BAHWA = re.compile(r"(?<![A-Za-z])bahwa\b")
# The preamble's and the formula's labels as a column of them prints ("Menimbang :",
# "Mengingat", "Menetapkan :"), and what else such a column holds: its list markers ("a.",
# "1.", "b"), a letter OCR tore off a label ("M").
_LABEL_WORD = re.compile(r"(?<![A-Za-z])(?:Menimbang|Mengingat|M(?i:[ce]n[ce]tapkan))\b[ \t]*:?")
_BARE = re.compile(r"(?:\s|[A-Za-z]{1,2}\b|\d{1,2}\b|[.,:;#])*")
_MARKER_BEFORE = re.compile(r"(?:(?<=\s)|^)[a-z][.,]?[ \t]*$")
# A legal basis of the Mengingat list: "Pasal 5 ayat (2) Undang-Undang Dasar ...", a law
# or regulation it names.
_BASIS = re.compile(r"Undang|Pasal\s|Peraturan|Keputusan|Staatsblad|UUD", re.I)


_LEAD = re.compile(r"(?:\s|[A-Za-z]{1,2}\b|\d{1,2}\b|[.,:;#]|(?<![A-Za-z])(?:Menimbang|Mengingat|M(?i:[ce]n[ce]tapkan))\b)*")


def _bare_tail(text: str, start: int, end: int) -> int:
    """Where the run of labels and markers that ends [start, end) begins."""
    pos = end
    for tok in reversed(list(re.finditer(r"\S+", text[start:end]))):
        if not _bare(tok.group(), 0, len(tok.group())):
            break
        pos = start + tok.start()
    return pos


def _bare(text: str, start: int, end: int) -> bool:
    """Whether [start, end) holds nothing but labels and list markers."""
    rest = _LABEL_WORD.sub(" ", text[start:end])
    return _BARE.fullmatch(rest) is not None


def _column_preamble(text: str, lay: Layout, limit: int) -> Layout | None:
    """The preamble of a print whose labels ("Menimbang", "Mengingat", "Menetapkan")
    stand in a column OCR read apart from their texts: all of them before the title
    ("Menimbang Menimbang Mengingat PERATURAN PEMERINTAH ..."), between the title and
    the considerations ("... MAHA ESA Menimbang Mengingat bahwa ..."), after them
    ("...; Menimbang : a. Mengingat : 1. 2. b. 3."), or "Menetapkan :" read before the
    Mengingat list ("Mengingat Menetapkan : 1 2 3 Pasal 5 ayat (2) ..."). Then a label's
    span holds nothing but labels and markers while the texts lie elsewhere, and the
    texts are found by what they are: Menimbang from the first "bahwa" to the ";" that
    ends the last consideration, Mengingat from there to the enacting formula. None
    when the labels stand where they belong."""
    spans = [s for s in (lay.menimbang, lay.mengingat) if s]
    if not spans or not any(_bare(text, a, b) for a, b in spans):
        return None
    body_start = lay.body[0]
    labels = [m.span() for m in _LABEL_WORD.finditer(text, 0, body_start)]
    if _bare(text, lay.mengingat[0] if lay.mengingat else body_start, body_start):
        # "Menetapkan :" read before the Mengingat list: the list runs on to the formula after it.
        m = _LABEL_WORD.match(text, body_start)
        nxt = _FORMULA.search(text, m.end(), limit) if m and text[m.start()] == "M" else None
        if nxt is not None and _BASIS.search(text, m.end(), min(nxt.start(), m.end() + 200)):
            labels.append(m.span())
            body_start = nxt.start()
    first = _BAHWA.search(text, 0, body_start)
    if first is None:
        return None
    last = first
    for last in _BAHWA.finditer(text, first.start(), body_start):
        pass
    semi = text.find(";", last.end(), body_start)
    if semi < 0:
        return None
    marker = _MARKER_BEFORE.search(text, max(0, first.start() - 4), first.start())
    start = marker.start() if marker else first.start()
    menimbang = (start, semi + 1)
    mengingat = (semi + 1, body_start)
    if not _BASIS.search(text, *mengingat):
        return None
    inside = [lab for lab in labels if menimbang[0] <= lab[0] < menimbang[1]]
    if inside:  # a label amid the considerations: not a column read apart
        return None
    # Labels the column put at the Mengingat list's ends ("Menimbang Mengingat 1. 2. 3.
    # Pasal 5 ...", "...; Mengingat : 1. b. 2.") are labels, not words of the list: the
    # list starts after the last label of its bare lead and ends before the first label of
    # its bare tail (the tail's markers go with it).
    lead = _LEAD.match(text, mengingat[0], mengingat[1])
    cut = [m.end() for m in _LABEL_WORD.finditer(text, mengingat[0], lead.end())]
    a = cut[-1] if cut else mengingat[0]
    tail = _bare_tail(text, a, mengingat[1])
    heads = [m.start() for m in _LABEL_WORD.finditer(text, tail, mengingat[1])]
    b = tail if heads else mengingat[1]
    lay.labels = [lab for lab in labels if not a <= lab[0] < b]
    lay.labels += [span for span in ((mengingat[0], a), (b, mengingat[1])) if span[1] > span[0]]  # with their markers
    lay.menimbang, lay.mengingat = menimbang, (a, b)
    lay.menimbang_label = lay.mengingat_label = None
    lay.title_end = start
    lay.body = (body_start, lay.body[1])
    return lay


# Older acts open a consideration with a capital ("Bahwa perlu memperluas …").
_BAHWA_ANY_CASE = re.compile(r"(?<![A-Za-z])[Bb]ahwa\b")


def _unlabelled_menimbang(text: str, mengingat: re.Match | None, body_start: int) -> tuple[int, int] | None:
    """Considerations ("bahwa ...", "Bahwa ...") printed without the word "Menimbang":
    from the first "bahwa" before Mengingat (or the body) to there."""
    end = mengingat.start() if mengingat else body_start
    m = _BAHWA_ANY_CASE.search(text, 0, end)
    return (m.start(), end) if m else None


# Without the enacting formula, the body starts at "BAB I" or "Pasal 1" opening a line or
# following the end of a clause.
_FIRST_HEADING = re.compile(r"(?:^[ \t]*|(?<=[.;:])[ \t]+)(?:BAB\s+I|Pasal\s+(?:1|I))(?![\w(])", re.M)


def _formula_start(text: str, start: int, limit: int) -> int:
    f = _FORMULA.search(text, start, limit)
    if f:
        return f.start()
    m = _FIRST_HEADING.search(text, start, limit)
    return m.start() if m else limit


def _weak_penjelasan(text: str, start: int) -> int | None:
    """Where a Penjelasan whose heading OCR lost starts, after the body: the remnant
    "... ATAS PERATURAN ..." confirmed by a section label after it, else "I. UMUM"
    followed by "II. PASAL DEMI PASAL", else "PASAL DEMI PASAL" alone."""
    old = _PENJELASAN_OLD.search(text, start)
    if old:
        return old.start()
    for m in _PENJELASAN_REMNANT.finditer(text, start):
        after = text[m.end() : m.end() + 6000]
        if _UMUM.search(after) or _PASAL_DEMI_PASAL.search(after):
            return m.start()
    dp = _PASAL_DEMI_PASAL.search(text, start)
    if dp is None:
        return None
    umum = _UMUM.search(text, start, dp.start())
    return umum.start() if umum else dp.start()


def _penjelasan(text: str, start: int, end: int, strong: re.Match | None) -> Penjelasan:
    head_end = strong.end() if strong is not None and strong.start() == start else start
    dp = _PASAL_DEMI_PASAL.search(text, head_end, end)
    u_end = dp.start() if dp else end
    u = _UMUM.search(text, head_end, u_end)
    u_start = u.end() if u else _skip_upper_title(text, head_end, u_end)
    heading_end = u.start() if u else u_start
    umum = (u_start, u_end) if u_end > u_start else None
    return Penjelasan(start, end, heading_end, u.span() if u else None, umum, dp.span() if dp else None)


def _skip_upper_title(text: str, pos: int, end: int | None = None) -> int:
    """End of the upper-case title after "PENJELASAN ATAS" (when "I. UMUM" is missing)."""
    end = len(text) if end is None else end
    for tok in _TOKEN.finditer(text, pos, end):
        if any(c.islower() for c in tok.group()):
            return tok.start()
    return end


def _lampiran(text: str, start: int, pen_start: int | None) -> list[Lampiran]:
    """The Lampiran after the body, one per label; a heading repeated on later pages (the
    same label, or none) continues the Lampiran it names."""
    found: list[Lampiran] = []
    for m in _LAMPIRAN.finditer(text, start):
        if pen_start is not None and m.start() == pen_start:
            continue
        if not _heading_position(text, m.start(), start):
            continue
        label = (m.group("label") or "").upper()
        name = f"Lampiran {label}" if label else "Lampiran"
        if found and (not label or found[-1].name == name):
            continue
        if any(lp.name == name for lp in found):
            continue  # a later mention of an earlier Lampiran
        if label == "II" and found and found[-1].name == "Lampiran":
            found[-1].name = "Lampiran I"  # the first was printed without its number
        found.append(Lampiran(name, m.start(), len(text)))
    return found


# The line that closes the printed statute (LN) or its Penjelasan (TLN).
_PROMULGATION_LINE = re.compile(
    r"(?:TAMBAHAN\s+)?LEMBARAN\s+NEGARA(?:\s+REPUBLIK\s+INDONESIA)?(?:\s+TAHUN\s+\d{4})?\s*,?\s*(?:NOMOR|No\.?)\s*\d+\.?"
)
_NOTES_LIKE = re.compile(r"Cukup\s+jelas|PASAL\s+DEMI\s+PASAL|(?<![A-Za-z])UMUM(?![A-Za-z])")
_LAMPIRAN_MIN_CHARS = 300  # less after the last LN/TLN line is signatures and stamps, not an annex


def _after_promulgation(text: str, after_body: int, pen_start: int | None, before: int) -> list[Lampiran]:
    """An annex printed without the word LAMPIRAN (a Perppu annexed to the law that
    enacts it, a tariff table): substantial text after the last Lembaran Negara line
    (which closes the statute, or its Penjelasan) and `before` is its Lampiran. Without
    a Penjelasan found, text that reads like one (its heading lost) is left alone."""
    last = None
    for last in _PROMULGATION_LINE.finditer(text, pen_start if pen_start is not None else after_body, before):
        pass
    if last is None:
        return []
    end = trailing_signature(text, last.end(), before)
    rest = text[last.end() : end]
    if len(re.sub(r"\s+", "", rest)) < _LAMPIRAN_MIN_CHARS or (pen_start is None and _NOTES_LIKE.search(rest[:3000])):
        return []  # too little for an annex, or an elucidation whose heading was lost
    begin = re.search(r"\S", text[last.end() :])
    return [Lampiran("Lampiran", last.end() + begin.start(), len(text))] if begin else []


def _heading_position(text: str, pos: int, floor: int) -> bool:
    """Not a reference in running text ("tercantum dalam LAMPIRAN I")."""
    before = text[max(floor, pos - 40) : pos].rstrip(" \t^_*")
    if not before or before.endswith("\n"):
        return True
    return before.split()[-1].lower().strip(",.;:") not in _NOT_BEFORE_A_HEADING
