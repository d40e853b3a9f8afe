"""Indonesian statutes (Undang-Undang, Peraturan Pemerintah...) into the units lawyers cite.

Units: "Menimbang", "Mengingat", "Pasal N" (N may carry a letter, "Pasal 5A"),
"Penjelasan Umum" and "Penjelasan Pasal N"; finer locators (ayat, huruf, angka) become
parts. The title block, the enacting formula, the closing formula, signatures and
Lembaran Negara lines belong to no unit.

The hard part is telling a "Pasal N" heading from a reference to it. A heading is
accepted when its number is the expected next one (or a short forward skip that nothing
later contradicts) and its context looks like a heading: not after "dalam", "pada",
"dan", a comma..., and followed by a line break, "(1)", a capital letter or "__".
OCR noise (digit misreadings, page-header garbage, repeated headings) is handled with
the same sequential expectation, so noise can lose a heading but never invent one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..models import Document, ParsedDocument
from ..readers.base import SourceText
from .common import UnitBuilder, clean_text

Num = tuple[int, str]  # (42, "") for "Pasal 42", (5, "A") for "Pasal 5A"

MAX_SKIP = 5  # the most consecutive headings OCR may lose before we stop believing a jump
_LOOKAHEAD_CHARS = 30000  # how far a forward jump is checked against later headings

# ----------------------------------------------------------------------------- noise

# Stamps on each page of scanned regulations: "Sl( No 102127 A", "SK Nlo l1)l)') A".
_STAMP_NUMBER_A = r"(?:\S{1,9}\s){0,2}\S{1,9}\s?A(?!\S),?"  # "102127 A", "l0l I,'13 A"
_STAMP = re.compile(
    rf"(?<!\S)\S{{0,4}}[(<]\s?(?:\S{{0,3}}o|trkt|Nc)\s+(?:{_STAMP_NUMBER_A}|\S{{4,12}}(?!\S))"  # "Sl( No"
    rf"|(?<!\S)[S3]K\s?\S{{0,3}}o\s+{_STAMP_NUMBER_A}"  # "SK Nlo"
)
# The running header "PRESIDEN REPUBLIK INDONESIA", also as OCR mangles it; not the one
# with a comma that opens the preamble or a signature.
_HEADER = re.compile(
    r"PRES\s?\S?\s?[DO]EN\s+(?:REPUBLIK\s+\^?[I!l]N[DO][O0]NES[I!l]A(?![\w,])|(?=REP[uU](?!BLIK)))"
    r"|^[ \t]*(?:PRESIDEN|REPUBLIK INDONESIA)[ \t]*$"
    # "REPU\".'Ir'lf oNEs rA": a garbled REPUBLIK (not a word in capitals), then INDONESIA
    r"|(?<!\S)(?=REP[uU]\S*[^A-Z\s])REP[uU]\S*(?:\s+(?=\S*[a-z]\S*[A-Z])\S{1,5}(?!\S)){0,2}",
    re.M,
)
# Page numbers the text reader did not take ("-3-", "_19_", "- 16-", "-t2-").
_OCR_PAGE = re.compile(r"(?<!\S)[-_]\s?[0-9tlIOo]{1,3}\s?[-_](?!\S)")
# The scanned emblem read as a token: "#D", "{iD", "q,D".
_EMBLEM = re.compile(r"(?<!\S)(?=\S{2,5}(?!\S))[^\sA-Z]*[#{$,][^\sA-Z]*D(?!\S)")
# OCR garbage: odd symbols, letters split by punctuation ("t,',3ot]", "J.Tnt"), lone
# letters; not a lone ":" or ";" that ends a clause, nor a list marker ("b.").
_GARBAGE = re.compile(
    r".*(?:[*^=|\[\]{}<>!?#$\\~]|[A-Za-z][.,'\";:]+[A-Za-z]).*"
    r"|(?![.,;:]$|[a-z]\.$)[^\w(]?[A-Za-z]?[^\w\s]*"
)
_TOKEN = re.compile(r"\S+")
_REAL_WORD = re.compile(r"[A-Za-z][a-z]{2,}[.,;:]?")


def blank_noise(text: str, page_starts: list[int] | None = None) -> str:
    """The text with OCR/PDF page furniture replaced by spaces: offsets do not move.

    `page_starts` are page numbers a text reader found and blanked ("- 3 -"); the
    garbage and catchwords just before them go too.
    """
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    headers = [(m.start(), m.end()) for m in _HEADER.finditer(text)]
    for rx in (_STAMP, _EMBLEM):
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    for start, end in headers:
        blank(start, end)
    partly = "".join(chars)
    breaks = [(m.start(), m.end(), True) for m in _OCR_PAGE.finditer(partly)]
    breaks += [(p, p, True) for p in (page_starts or [])[1:] if 0 < p <= len(text)]
    breaks += [(start, end, False) for start, end in headers]  # a header may follow a catchword
    for start, end, walk in breaks:
        blank(_page_furniture_start(partly, start, end, walk), end)
    return "".join(chars)


def _norm_token(token: str) -> str:
    return re.sub(r"[^0-9a-z]", "", token.lower())


def _same_token(before: str, after: str) -> bool:
    """Two tokens that are the same word, allowing for OCR: "(2)" read as "(21", words cut."""
    a, b = _norm_token(before), _norm_token(after)
    if not a or not b:
        return False
    if a == b:
        return True
    for x, y, raw in ((a, b, before), (b, a, after)):
        if raw.endswith(")") and y[:-1] == x and y[-1] in "1lt":
            return True
    return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))


def _page_furniture_start(text: str, marker_start: int, marker_end: int, walk: bool = True) -> int:
    """Where the garbage before a page break starts: the catchword that repeats the next
    page's first words if there is one, else (if `walk`) the run of garbage before it."""
    after = [m.group() for m in _TOKEN.finditer(text, marker_end, marker_end + 80)][:2]
    before = list(_TOKEN.finditer(text, max(0, marker_start - 160), marker_start))
    for i in range(len(before) - 1, -1, -1):
        if marker_start - before[i].start() > 140 or not after:
            break
        if not _same_token(before[i].group(), after[0]):
            continue
        # Only garbage may sit between the catchword and the page number: one stray word
        # after a two-word catchword, none after a one-word one.
        between = [t.group() for t in before[i + 1 :]]
        if len(after) > 1 and between and _same_token(between[0], after[1]):
            between = between[1:]
            if sum(1 for t in between if _REAL_WORD.fullmatch(t)) <= 1:
                return before[i].start()
        elif len(after[0]) >= 4 and all(_GARBAGE.fullmatch(t) for t in between):
            return before[i].start()
    # A page number alone on its line (PDF) has no garbage before it: the line above is text.
    if not walk or not text[text.rfind("\n", 0, marker_start) + 1 : marker_start].strip():
        return marker_start
    start = marker_start
    for k in range(len(before) - 1, -1, -1):
        token = before[k].group()
        # A list marker ("b.") stays unless garbage precedes it too ("?Sf; t. r, o -3-").
        marker = re.fullmatch(r"[a-z]\.", token) and k > 0 and _GARBAGE.fullmatch(before[k - 1].group())
        if not (_GARBAGE.fullmatch(token) or marker):
            break
        start = before[k].start()
    return start


# ----------------------------------------------------------------------------- layout

_MENIMBANG = re.compile(r"(?<![A-Za-z])Menimbang\b[ \t]*(?:\n[ \t]*)?(?:[:;]|I(?=\s))?")
_MENGINGAT = re.compile(r"(?<![A-Za-z])Mengingat\b\s*:?")
_FORMULA = re.compile(r"Dengan\s+(?:Persetujuan|MEMUTUS)|MEMUTUS[KI(]|Menetap[kK][aA][nN]\s*:")
_PENJELASAN = re.compile(r"PENJELASAN\s+ATAS\b|^[ \t]*PENJELASAN[ \t]*$", re.M)
_UMUM = re.compile(r"(?<![A-Za-z0-9])[I1l]\s?\.\s*UMUM\b")
_PASAL_DEMI_PASAL = re.compile(r"(?<![A-Za-z0-9])(?:II|Il|lI|ll|11)\s?\.\s*PASAL(?:\s+DEMI\s+PASAL)?")
_CLOSING = re.compile(r"Agar\s+setiap\s+orang\s+mengetahui")
_AFTER_BODY = re.compile(
    r"Agar\s+setiap\s+orang|(?:Disahkan|Ditetapkan|Diundangkan)\s+di\b|LEMBARAN\s+NEGARA\s+REPUBLIK"
    r"|TAMBAHAN\s+LEMBARAN\s+NEGARA|(?<!\w)ttd\.|(?<!\w)SALINAN\s+sesuai"
)


@dataclass
class _Layout:
    menimbang: tuple[int, int] | None
    mengingat: tuple[int, int] | None
    body: tuple[int, int]
    penjelasan: int | None  # where "PENJELASAN ATAS ..." starts
    umum: tuple[int, int] | None
    pasal_demi_pasal: int | None  # where the article-by-article notes start


def _layout(text: str) -> _Layout:
    n = len(text)
    pen = _PENJELASAN.search(text)
    limit = pen.start() if pen else n
    m1 = _MENIMBANG.search(text, 0, limit)
    m2 = _MENGINGAT.search(text, m1.end() if m1 else 0, limit)
    preamble_end = m2 or m1
    # The body starts at the enacting formula ("Dengan Persetujuan Bersama ... MEMUTUSKAN:
    # Menetapkan: ..."), which closes the preamble; headings are never taken before it.
    body_start = _formula_start(text, preamble_end.end(), limit) if preamble_end else 0
    menimbang = (m1.end(), m2.start() if m2 else body_start) if m1 else None
    mengingat = (m2.end(), body_start) if m2 else None
    umum = pdp = None
    if pen:
        dp = _PASAL_DEMI_PASAL.search(text, pen.end())
        pdp = dp.end() if dp else None
        u_end = dp.start() if dp else n
        u = _UMUM.search(text, pen.end(), u_end)
        u_start = u.end() if u else _skip_upper_title(text, pen.end())
        if u_end > u_start:
            umum = (u_start, u_end)
    return _Layout(menimbang, mengingat, (body_start, limit), pen.start() if pen else None, umum, pdp)


# Without the enacting formula, the body starts at "BAB I" or "Pasal 1" opening a line or
# following the end of a clause.
_FIRST_HEADING = re.compile(r"(?:^[ \t]*|(?<=[.;:])[ \t]+)(?:BAB\s+I|Pasal\s+1)(?![\w(])", re.M)


def _formula_start(text: str, start: int, limit: int) -> int:
    f = _FORMULA.search(text, start, limit)
    if f:
        return f.start()
    m = _FIRST_HEADING.search(text, start, limit)
    return m.start() if m else limit


def _skip_upper_title(text: str, pos: int) -> int:
    """End of the upper-case title after "PENJELASAN ATAS" (when "I. UMUM" is missing)."""
    for tok in _TOKEN.finditer(text, pos):
        if any(c.islower() for c in tok.group()):
            return tok.start()
    return len(text)


# ----------------------------------------------------------------------------- headings

_DIGIT = r"(?:[0-9]|[lIioOT](?![a-z]))"  # a digit, or a letter OCR reads for one
_PASAL = re.compile(rf"(?<![A-Za-z])Pas[ae][lI1it][ \t]*({_DIGIT}(?:{_DIGIT}| (?={_DIGIT}))*)")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "i": "1", "O": "0", "o": "0", "T": "7"})
# Words after which "Pasal N" is a cross-reference ("dalam Pasal 5", "sampai dengan Pasal 9").
_BLOCKERS = frozenset(
    "dalam pada dan atau dengan oleh di ke dari menurut berdasarkan terhadap tentang "
    "sebagaimana dimaksud jo. juncto huruf ayat angka hingga dan/atau ketentuan".split()
)
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[a-z])[.)]")  # "a.", "12.", "(3)"


@dataclass(frozen=True)
class _Read:
    num: Num
    end: int  # where the number ends
    follow: str  # "open" (then "(1)") | "strong" | "sub" | "weak"


@dataclass(frozen=True)
class _Cand:
    start: int
    prev: str  # "strong" | "title" | "weak" | "blocked"
    reads: tuple[_Read, ...]


def _previous_token(text: str, pos: int, floor: int) -> tuple[str | None, bool]:
    """The token before `pos` (None at `floor`), and whether a line break comes between."""
    i = pos
    saw_newline = False
    while i > floor and (text[i - 1].isspace() or text[i - 1] in "^_*"):
        saw_newline |= text[i - 1] == "\n"
        i -= 1
    if i <= floor:
        return None, saw_newline
    j = i
    while j > floor and not text[j - 1].isspace():
        j -= 1
    return text[j:i].lstrip("^"), saw_newline


def _prev_context(text: str, pos: int, floor: int) -> str:
    """How the text before a "Pasal N" reads: "blocked" (a reference: "dalam", ","),
    "strong" (start, line start, end of a sentence), "title" (a capitalised heading
    word, "BAB I KETENTUAN UMUM Pasal 1") or "weak"."""
    token, saw_newline = _previous_token(text, pos, floor)
    if not token:
        return "strong"
    low = token.lower()
    if re.fullmatch(r"je[l1i]as[.,;]?", low):
        return "strong"  # "Cukup jelas Pasal 7": the notes on the previous article end
    if low.rstrip(":") in _BLOCKERS or token.endswith((",", "/", "-")):
        return "blocked"
    if _LIST_MARKER.fullmatch(token):
        return "weak"
    if saw_newline or token[-1] in ".;:" or token.endswith(("__", "...")):
        return "strong"
    if token[:1].isupper():
        return "title"
    return "weak"


def _follow(text: str, pos: int) -> str:
    """How the text after a heading number reads: "open" ("(1)"), "strong" (line end,
    "(2)", a capital, "__"), "sub" ("huruf", "ayat": a note on part of it) or "weak"."""
    i = pos
    while i < len(text) and text[i] in " \t^":
        i += 1
    if i >= len(text) or text[i] in "\n\r_":
        return "strong"
    rest = text[i : i + 12]
    if rest.startswith("..."):
        return "weak"
    if re.match(r"\([1lI]'?\)", rest):
        return "open"  # "(1)": the first ayat, the surest sign of a heading
    if re.match(r"\([0-9lI]{1,2}'?\)?", rest) or rest[0].isupper():
        return "strong"
    if re.match(r"(?:huruf|ayat|angka)\b", rest):
        return "sub"
    return "weak"


def _reads(text: str, m: re.Match) -> tuple[_Read, ...]:
    """Every way to read the number after "Pasal": OCR splits and misreads digits
    ("2 1", "l0O", "9l"), so "Pasal 2 1" may be 21 or 2; the sequence decides."""
    out: list[_Read] = []
    pos = m.start(1)
    groups = m.group(1).split(" ")
    joined = ""
    for k, group in enumerate(groups):
        joined += group
        pos += len(group) + (1 if k else 0)
        digits = joined.translate(_OCR_DIGITS)
        if not digits.isdigit() or digits.startswith("0") or len(digits) > 3:
            continue
        # "Pasal 5A" (inserted by an amendment): a capital glued to the number.
        if pos < len(text) and "A" <= text[pos] <= "Z" and not text[pos + 1 : pos + 2].isalpha():
            out.append(_Read((int(digits), text[pos]), pos + 1, _follow(text, pos + 1)))
        else:
            out.append(_Read((int(digits), ""), pos, _follow(text, pos)))
    return tuple(reversed(out))  # the longest reading first


def _candidates(text: str, start: int, end: int) -> list[_Cand]:
    cands = []
    for m in _PASAL.finditer(text, start, end):
        reads = _reads(text, m)
        if reads:
            cands.append(_Cand(m.start(), _prev_context(text, m.start(), start), reads))
    return cands


@dataclass
class _Heading:
    num: Num
    start: int  # where "Pasal N" starts (and the previous unit ends)
    content: int  # where the unit's own text starts


def _successors(last: Num | None) -> tuple[Num, ...]:
    if last is None:
        return ((1, ""),)
    n, suffix = last
    letter = chr(ord(suffix) + 1) if suffix and suffix < "Z" else "A"
    return ((n + 1, ""), (n, letter))


def _fits(c: _Cand, r: _Read, notes: bool) -> bool:
    """Context good enough for the expected next heading."""
    if c.prev == "blocked":
        return False
    if r.follow in ("open", "strong"):
        return True
    # Notes write "Pasal 17 huruf a ..." for the explanation of that letter.
    return notes and r.follow == "sub" and c.prev == "strong"


def _fits_jump(c: _Cand, r: _Read) -> bool:
    """Context good enough to believe that headings were lost in between."""
    if r.num[1] or c.prev == "blocked":
        return False
    return r.follow == "open" or (c.prev in ("strong", "title") and r.follow == "strong")


def _is_junk(text: str, start: int, end: int) -> bool:
    """Nothing of substance between two copies of a heading (page furniture, stray marks)."""
    if end - start > 300:
        return False
    return len(re.findall(r"(?<![A-Za-z])[A-Za-z][a-z]{2,}(?![A-Za-z])", text[start:end])) < 2


def _scan(text: str, cands: list[_Cand], notes: bool, first_any: bool = False) -> list[_Heading]:
    """The headings among the candidates, in sequence, each with where its text starts."""
    heads: list[_Heading] = []
    last: Num | None = None
    i = 0
    while i < len(cands):
        c = cands[i]
        chosen = _choose(cands, i, last, notes, first_any and not heads)
        if chosen is None:
            i += 1
            continue
        start = c.start
        # A page catchword just before: "Pasal 67...", "Pasal 38 . #D", then the heading.
        for j in range(i - 1, -1, -1):
            prior = cands[j]
            if heads and prior.start < heads[-1].content:
                break
            if any(r.num == chosen.num for r in prior.reads) and prior.prev != "blocked":
                ends = [r.end for r in prior.reads if r.num == chosen.num]
                if _is_junk(text, ends[0], start):
                    start = prior.start
                    continue
            break
        content = chosen.end
        # The same heading again after page furniture: the text starts after the last copy.
        k = i + 1
        while k < len(cands) and cands[k].prev != "blocked":
            dup = [r for r in cands[k].reads if r.num == chosen.num]
            if not dup or not _is_junk(text, content, cands[k].start):
                break
            content = dup[0].end
            k += 1
        heads.append(_Heading(chosen.num, start, content))
        last = chosen.num
        i = k
    return heads


def _choose(cands: list[_Cand], i: int, last: Num | None, notes: bool, first_any: bool) -> _Read | None:
    """The reading of candidate i that makes it the next heading, if any."""
    c = cands[i]
    expected = _successors(last)
    for r in c.reads:
        if r.num in expected and _fits(c, r, notes) and (r.num[1] == "" or c.prev == "strong"):
            return r
    base = last[0] if last else 0
    for r in c.reads:
        jump_ok = first_any or base < r.num[0] <= base + 1 + MAX_SKIP
        if r.num[0] > base + 1 and jump_ok and _fits_jump(c, r) and not _contradicted(cands, i, r.num, base):
            return r
    return None


def _contradicted(cands: list[_Cand], i: int, num: Num, base: int) -> bool:
    """A jump to `num` is wrong if a plausible heading for a number in between follows
    before any heading beyond `num` (scrambled OCR, or a forward reference)."""
    limit = cands[i].start + _LOOKAHEAD_CHARS
    for c in cands[i + 1 :]:
        if c.start > limit:
            break
        if c.prev == "blocked":
            continue
        for r in c.reads:
            if r.follow not in ("open", "strong"):
                continue
            if base < r.num[0] < num[0]:
                return True
            if r.num[0] > num[0]:
                return False
    return False


# ----------------------------------------------------------------------------- BAB, Bagian, Paragraf

_STRUCT = re.compile(
    r"(?<![A-Za-z])(?:(?P<bab>BAB)\s+(?P<roman>[IVXL]+|[IVXL]*[l1][IVXL]*)(?![A-Za-z0-9])"
    r"|(?P<bagian>Bagian)\s+(?P<ord>Ke[a-z]+|Pertama)\b"
    r"|(?P<paragraf>Paragraf)\s+(?P<pnum>\d{1,3})\b)"
)


@dataclass
class _Struct:
    level: int  # 0 BAB, 1 Bagian, 2 Paragraf
    start: int
    label_end: int
    label: str
    title: str = ""

    @property
    def text(self) -> str:
        return f"{self.label} {self.title}".strip()


def _structure(text: str, start: int, end: int, stops: list[int]) -> list[_Struct]:
    found: list[_Struct] = []
    for m in _STRUCT.finditer(text, start, end):
        if _cites_structure(text, m.start(), start):
            continue
        if m.group("bab"):
            roman = m.group("roman").replace("l", "I").replace("1", "I")
            found.append(_Struct(0, m.start(), m.end(), f"BAB {roman}"))
        elif m.group("bagian"):
            found.append(_Struct(1, m.start(), m.end(), f"Bagian {m.group('ord')}"))
        else:
            found.append(_Struct(2, m.start(), m.end(), f"Paragraf {m.group('pnum')}"))
    bounds = sorted({s.start for s in found} | set(stops) | {end})
    for s in found:
        # bisect, not a scan: a scan per heading is n² in headings (#13: a small file of
        # 30,000 "BAB I" took minutes)
        stop = bounds[bisect.bisect_left(bounds, s.label_end)]
        s.title = _title(text, s.label_end, stop, upper_only=s.level == 0)
    return found


def _cites_structure(text: str, pos: int, floor: int) -> bool:
    """ "dalam Bagian Kedua" cites a division; at the start of a line it is a heading
    (OCR drops words and commas before headings, so punctuation does not count)."""
    before = text[max(floor, pos - 40) : pos].rstrip(" \t^_*")
    if not before or before.endswith("\n"):
        return False
    return before.split()[-1].lower().strip(",.;:") in _BLOCKERS


def _title(text: str, start: int, stop: int, upper_only: bool) -> str:
    raw = text[start:stop]
    if len(raw) > 200:
        raw = raw.strip().split("\n")[0]
    if upper_only:  # a BAB title is in capitals; anything after is not part of it
        words = []
        for tok in raw.split():
            tok = tok.lstrip("^")
            if any(c.islower() for c in tok):
                break
            words.append(tok)
        raw = " ".join(words)
    title = clean_text(raw)
    # A chapter title has no numbers: one with "NOMOR 59 TAHUN ..." is the document's title
    # block, misplaced by OCR.
    if upper_only and (re.search(r"\d", title) or len(title.split()) > 14):
        return ""
    return title if len(title) <= 160 else ""


def _heading_path(structs: list[_Struct], pos: int) -> tuple[str, ...]:
    path: list[_Struct | None] = [None, None, None]
    for s in structs:
        if s.start >= pos:
            break
        path[s.level] = s
        for lower in range(s.level + 1, 3):
            path[lower] = None
    return tuple(s.text for s in path if s)


# ----------------------------------------------------------------------------- parts

@dataclass(frozen=True)
class _Kind:
    """One kind of list: how its markers look and how a locator names an item."""

    name: str  # "ayat", "huruf", "angka"
    pattern: re.Pattern
    first: str  # the first marker's value: "1" or "a"
    label: str = "{}"  # "({})" for ayat: "Pasal 6 ayat (2)"


def _value(token: str) -> str:
    return token.translate(_OCR_DIGITS)


def _succ(value: str) -> str:
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)


# In the body an item starts with its marker: "(2) ...", "b. ...", "12. ...".
_BODY_KINDS = {
    "ayat": _Kind("ayat", re.compile(r"\(([0-9lI]{1,2}t?)'?(\))?(?=\s)"), "1", "({})"),
    "huruf": _Kind("huruf", re.compile(r"(?<![\w.,(])([a-z])\.(?=\s)"), "a"),
    "angka": _Kind("angka", re.compile(r"(?<![\w.,(])(\d{1,3})\.(?=\s)"), "1"),
}
# The notes name what they explain: "Ayat (2) ...", "Huruf b ...", "Angka 3 ...".
_NOTE_KINDS = {
    "ayat": _Kind("ayat", re.compile(r"Ayat\s*\(([0-9lIas]{1,2}t?)(\))?"), "1", "({})"),
    "huruf": _Kind("huruf", re.compile(r"(?<![A-Za-z])[Hh]uruf\s+([a-z])(?![A-Za-z])"), "a"),
    "angka": _Kind("angka", re.compile(r"(?<![A-Za-z])Angka\s+(\d{1,3})(?!\d)"), "1"),
}
# What precedes an item marker in running text: the end of a clause, or "; dan", "; atau".
_ITEM_PREV = re.compile(r".*(?:[:;.]|\bdan|\batau|\bdan/atau|\bserta)$", re.S)


def _marker_ok(text: str, pos: int, floor: int, notes: bool) -> bool:
    """A list marker starts an item, not a cross-reference ("huruf a.", "ayat (1)")."""
    token, saw_newline = _previous_token(text, pos, floor)
    if token is None:
        return True
    if notes:  # "Ayat (2)", "Huruf a" are headings in the notes unless cited
        return token.lower() not in _BLOCKERS
    return saw_newline or bool(_ITEM_PREV.match(token.lower()))


def _sequence(text: str, start: int, end: int, kind: _Kind, notes: bool) -> list[tuple[str, int]]:
    """Markers of one list, in order: a, b, c... or 1, 2, 3...; stops at the first gap."""
    found: list[tuple[str, int]] = []
    want = kind.first
    pos = start
    while pos < end:
        hit = None
        for m in kind.pattern.finditer(text, pos, end):
            value = _marker_value(m, kind.name, want)
            if value == want and _marker_ok(text, m.start(), start, notes):
                hit = m
                break
        if hit is None:
            break
        found.append((want, hit.start()))
        want = _succ(want)
        pos = hit.end()
    return found


def _marker_value(m: re.Match, kind: str, want: str) -> str:
    raw = m.group(1)
    if kind == "huruf":
        return raw
    value = _value(raw.replace("a", "4").replace("s", "5"))  # OCR: "Ayat (a)", "Ayat (s)"
    if kind == "ayat" and value != want and m.group(2) is None and len(raw) > 1:
        value = _value(raw[:-1])  # OCR reads ")" as "1" or "t": "(21" for "(2)"
    return value


Span = tuple[str, int, int]  # (locator, start, end) in the source text


def _parts(text: str, start: int, end: int, prefix: str, notes: bool, depth: int = 0) -> list[Span]:
    """Finer locators in [start, end): ayat, then huruf or angka inside each, nested."""
    kinds = _NOTE_KINDS if notes else _BODY_KINDS
    order = ("ayat", "huruf", "angka") if depth == 0 else ("huruf", "angka")
    best: list[tuple[str, int]] = []
    best_kind: _Kind | None = None
    for name in order:
        kind = kinds[name]
        seq = _sequence(text, start, end, kind, notes)
        if not seq:
            continue
        # Body ayat are numbered from the very start of the article; notes name them anywhere.
        if name == "ayat" and not notes and text[start : seq[0][1]].strip():
            continue
        if not best or seq[0][1] < best[0][1]:
            best, best_kind = seq, kind
    if best_kind is None:
        return []
    out: list[Span] = []
    for k, (value, pos) in enumerate(best):
        stop = best[k + 1][1] if k + 1 < len(best) else end
        locator = f"{prefix} {best_kind.name} {best_kind.label.format(value)}"
        out.append((locator, pos, stop))
        if depth < 2:  # items inside this one start after its own marker
            out.extend(_parts(text, pos + 1, stop, locator, notes, depth + 1))
    return out


def _list_parts(text: str, start: int, end: int, prefix: str, kind: str) -> list[Span]:
    """Parts of a unit whose list kind is known (Menimbang: huruf; Mengingat: angka)."""
    k = _BODY_KINDS[kind]
    seq = _sequence(text, start, end, k, notes=False)
    out = []
    for i, (value, pos) in enumerate(seq):
        stop = seq[i + 1][1] if i + 1 < len(seq) else end
        out.append((f"{prefix} {kind} {k.label.format(value)}", pos, stop))
    return out


# ----------------------------------------------------------------------------- parse

_NOTES_HEADING = ("PENJELASAN", "II. PASAL DEMI PASAL")
_UMUM_HEADING = ("PENJELASAN", "I. UMUM")


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    # Work on a copy with page furniture blanked: same offsets, so spans and pages hold.
    # (A PDF reader removes its own furniture: its page breaks fall mid-sentence.)
    text = blank_noise(source.text, None if source.format == "pdf" else source.page_starts)
    work = SourceText(text=text, format=source.format, name=source.name, page_starts=source.page_starts)
    builder = UnitBuilder(doc.id, doc.language, work)
    lay = _layout(text)
    if lay.menimbang:
        s, e = _trim(text, *lay.menimbang)
        builder.add("Menimbang", s, e, parts=_list_parts(text, s, e, "Menimbang", "huruf"))
    if lay.mengingat:
        s, e = _trim(text, *lay.mengingat)
        builder.add("Mengingat", s, e, parts=_list_parts(text, s, e, "Mengingat", "angka"))
    _add_body(builder, text, *lay.body)
    if lay.penjelasan is not None:
        _add_notes(builder, text, lay)
    return ParsedDocument(document=doc, units=builder.units, warnings=builder.warnings, classified=builder.classified)


def _add_body(builder: UnitBuilder, text: str, start: int, end: int) -> None:
    """The Pasal units, each under its BAB/Bagian/Paragraf headings."""
    closing = _CLOSING.search(text, start, end)
    scan_end = closing.start() if closing else end
    heads = _headings(text, start, scan_end, notes=False)
    structs = _structure(text, start, scan_end, stops=[h.start for h in heads] + [h.content for h in heads])
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else _body_end(text, h.content, end)
        # The next BAB/Bagian/Paragraf heading ends the text too.
        stop = min([stop] + [x.start for x in structs if h.content <= x.start < stop])
        s, e = _trim(text, h.content, stop)
        unit = f"Pasal {h.num[0]}{h.num[1]}"
        heading = _heading_path(structs, h.start)
        builder.add(unit, s, e, heading=heading, parts=_parts(text, s, e, unit, False))
    _report_gaps(builder, [h.num for h in heads], "Pasal")


def _add_notes(builder: UnitBuilder, text: str, lay: _Layout) -> None:
    """Penjelasan Umum, then "Penjelasan Pasal N" for the headings after "II. PASAL DEMI PASAL"."""
    start = lay.pasal_demi_pasal or (lay.umum[0] if lay.umum else lay.penjelasan or 0)
    heads = _headings(text, start, len(text), notes=True)
    if lay.umum:
        u_start, u_end = lay.umum
        if lay.pasal_demi_pasal is None and heads:  # "II. PASAL DEMI PASAL" lost
            u_end = heads[0].start
        s, e = _trim(text, u_start, u_end)
        builder.add("Penjelasan Umum", s, e, heading=_UMUM_HEADING)
    for k, h in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else _body_end(text, h.content, len(text))
        s, e = _trim(text, h.content, stop)
        unit = f"Penjelasan Pasal {h.num[0]}{h.num[1]}"
        builder.add(unit, s, e, heading=_NOTES_HEADING, parts=_parts(text, s, e, unit, True))
    _report_gaps(builder, [h.num for h in heads], "Penjelasan Pasal")


def _headings(text: str, start: int, end: int, notes: bool) -> list[_Heading]:
    cands = _candidates(text, start, end)
    heads = _scan(text, cands, notes)
    # An excerpt may not begin at Pasal 1: then take the first well-formed heading.
    return heads or _scan(text, cands, notes, first_any=True)


def _body_end(text: str, start: int, limit: int) -> int:
    """Where the last unit of a run ends: the closing formula, signatures, LN/TLN lines."""
    m = _AFTER_BODY.search(text, start, limit)
    if not m:
        return limit
    end = m.start()
    # OCR keeps only scraps of the closing formula ("Agar Indonesia. Disahkan di ...").
    agar = list(re.finditer(r"(?<![A-Za-z])Agar\s", text[max(start, end - 150) : end]))
    if agar:
        end = max(start, end - 150) + agar[0].start()
    return end


_ORPHANS = re.compile(r"(?:\s+(?:[({]\w{1,2}[)\\]?|Bagian|Paragraf))+\s*$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding blanks and rule marks ("Pasal 36 __ (1) ..."), nor
    ayat numbers and heading words that OCR separated from their text ("... (2) (3)")."""
    while start < end and (text[start].isspace() or text[start] in "_^*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "_^*"):
        end -= 1
    orphans = _ORPHANS.search(text, max(start, end - 120), end)
    if orphans and orphans.start() > start:
        end = orphans.start()
    return start, end


def _report_gaps(builder: UnitBuilder, nums: list[Num], what: str) -> None:
    seen = {n for n, _ in nums}
    if not seen:
        return
    first = 1 if min(seen) <= MAX_SKIP + 1 else min(seen)  # an excerpt starts where it starts
    missing = [str(n) for n in range(first, max(seen) + 1) if n not in seen]
    if missing:
        builder.warnings.append(
            f"{what} {', '.join(missing)} not found (unreadable heading?); "
            "their text stays in the preceding unit"
        )

