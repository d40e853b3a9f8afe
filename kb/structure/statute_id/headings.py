"""Telling a "Pasal N" heading from a reference to it.

A heading is accepted when its number is the expected next one (or a short forward skip
that nothing later contradicts) and its context looks like a heading: not after "dalam",
"pada", "dan", a comma..., and followed by a line break, "(1)", a capital letter or "__".
OCR noise (digit misreadings, page-header garbage, repeated headings) is handled with the
same sequential expectation, so noise can lose a heading but never invent one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Num = tuple[int, str]  # (42, "") for "Pasal 42", (5, "A") for "Pasal 5A"

MAX_SKIP = 5  # the most consecutive headings OCR may lose before we stop believing a jump
_LOOKAHEAD_CHARS = 30000  # how far a forward jump is checked against later headings

_DIGIT = r"(?:[0-9]|[lIioOT](?![a-z]))"  # a digit, or a letter OCR reads for one
# The word as printed, or with its "l" OCR read as "]", "!", "|", "T", "L", "J" or split
# off by a mark ("Pasa] 333", "Pasa! I", "Pasa.l 350", "Pasa-l 1", "PasaT 24", "PasaJ246"),
# its "a" read as a capital or lost ("PAsal 36", "Psal 9."): the same heading.
_PASAL_WORD = r"(?:Pas[ae][lI1itTLJ]|Pasa(?:[\]!|]|[.\-]l)|PAsal|Psal|PASAL)"
_PASAL = re.compile(rf"(?<![A-Za-z])(?:{_PASAL_WORD})[ \t]*({_DIGIT}(?:{_DIGIT}| (?={_DIGIT}))*)")
# "pasal 8" in lower case is nearly always a reference; it is a heading only where `_fits`
# finds a heading's context on both sides (typed or OCR'd in lower case after a title).
_PASAL_LOWER = re.compile(rf"(?<![A-Za-z])pasal[ \t]*({_DIGIT}(?:{_DIGIT}| (?={_DIGIT}))*)")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "i": "1", "O": "0", "o": "0", "T": "7"})
# Words after which "Pasal N" is a cross-reference ("dalam Pasal 5", "sampai dengan Pasal 9").
_BLOCKERS = frozenset(
    "dalam pada dan atau dengan oleh di ke dari menurut berdasarkan terhadap tentang "
    "sebagaimana dimaksud jo. juncto huruf ayat angka hingga dan/atau ketentuan penjelasan".split()
)
# The end of an amendment point's lead-in: the article after it is quoted, not a heading.
_QUOTING = re.compile(r"(?:berikut|berbunyi|sebagai\s+berikut)\s*:(?:[\s_*^\"“”'‘’]|\(\w{1,2}\)){0,8}$")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,4}|[a-z]{1,2})[.)]")  # "a.", "12.", "(3)"


@dataclass(frozen=True)
class _Read:
    num: Num
    end: int  # where the number ends
    follow: str  # "open" (then "(1)") | "strong" | "sub" | "weak"


@dataclass(frozen=True)
class _Cand:
    start: int
    prev: str  # "strong" | "title" | "weak" | "blocked" | "broken-word" | "broken-mark"
    reads: tuple[_Read, ...]
    alone: bool = False  # "Pasal N" is the whole of its line
    lower: bool = False  # written "pasal"
    opens: bool = False  # "(1)" comes next, on the same line or the next


def _blocked(c: _Cand) -> bool:
    """Read as a reference unless it is the expected next heading (`_fits`)."""
    return c.lower or c.prev in ("blocked", "broken-word", "broken-mark")


def _alone(text: str, m: re.Match) -> bool:
    """Line break (or the text's start) before "Pasal" and a line break right after the number."""
    before = text.rfind("\n", 0, m.start())
    after = re.match(r"[ \t^.]*(?:\n|$)", text[m.end(): m.end() + 8])
    return not text[before + 1 : m.start()].strip(" \t^_*") and after is not None


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
    word, "BAB I KETENTUAN UMUM Pasal 1") or "weak". A reference word or mark at the end
    of the line before reads "broken-word" or "broken-mark": a heading whose own line
    makes it one may follow text OCR cut short ("diatur dengan" + lost line) or a page
    number's dash ("- 12 -"), see `_fits`."""
    token, saw_newline = _previous_token(text, pos, floor)
    if not token:
        return "strong"
    low = token.lower()
    if _QUOTING.search(text, max(floor, pos - 60), pos):
        return "blocked"  # "... sehingga berbunyi sebagai berikut: Pasal 9": a quoted article
    if re.fullmatch(r"je[l1i]as[.,;]?", low):
        return "strong"  # "Cukup jelas Pasal 7": the notes on the previous article end
    if low.rstrip(":") in _BLOCKERS:
        return "broken-word" if saw_newline else "blocked"
    if token.endswith((",", "/", "-")):
        return "broken-mark" if saw_newline else "blocked"
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
    if re.match(r"\([0-9lI]{1,2}'?\)?", rest) or rest[0].isupper() or re.match(r"[\"“][A-Z]", rest):
        return "strong"  # ... or a quotation opening the article ('Pasal I. "Gouvernementsbesluit" ...')
    if _FIRST_AYAT_OTHERWISE.match(rest):
        return "strong"
    if re.match(r"(?:huruf|ayat|angka)\b", rest):
        return "sub"
    return "weak"


# An article's first ayat written or read otherwise than "(1)", then its sentence: older
# statutes' "1." or "1)", OCR's "(i)" for "(1)"; or an older elucidation's colon after
# the number ("Pasal 8 : Ketentuan …"). "Pasal 16 1. Istirahat …", "Pasal 105 (i) Alih …".
# Not a colon before the next heading ("Pasal 2: Pasal 3:", a truncated text's notes).
_FIRST_AYAT_OTHERWISE = re.compile(r"(?:1[.)]|\(i\)|:)[ \t]+(?!Pasal\b)[A-Z][a-z]")


_COMMA_AYAT_ONE = re.compile(r",[ \t]*\n?[ \t]*\([1lI]\)\s")


def _after_number(text: str, pos: int) -> int:
    """Past the full stop older statutes put after a heading's number ("Pasal 1. (1) ...",
    "Pasal 2.\nYang dimaksud ..."), or the comma OCR made of it before the article's
    "(1)" ("Pasal 13, (1) Jika ..."); `pos` itself when there is none."""
    if text[pos : pos + 1] == "." and (pos + 1 >= len(text) or text[pos + 1] in " \t\r\n"):
        return pos + 1
    if _COMMA_AYAT_ONE.match(text, pos):
        return pos + 1
    return pos


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
        if not digits.isdigit() or digits.startswith("0"):
            continue
        # "Pasal 5A" (inserted by an amendment): a capital glued to the number.
        if pos < len(text) and "A" <= text[pos] <= "Z" and not text[pos + 1 : pos + 2].isalpha():
            end = _after_number(text, pos + 1)
            out.append(_Read((int(digits), text[pos]), end, _follow(text, end)))
        else:
            end = _after_number(text, pos)
            out.append(_Read((int(digits), ""), end, _follow(text, end)))
    return tuple(reversed(out))  # the longest reading first


def _candidates(text: str, start: int, end: int) -> list[_Cand]:
    cands = []
    matches = [*_PASAL.finditer(text, start, end), *_PASAL_LOWER.finditer(text, start, end)]
    for m in sorted(matches, key=lambda m: m.start()):
        reads = _reads(text, m)
        if reads:
            opens = re.match(r"[ \t^.,]*\n?[ \t^]*\([1lI]'?\)", text[m.end(): m.end() + 12]) is not None
            cands.append(_Cand(m.start(), _prev_context(text, m.start(), start), reads, _alone(text, m),
                               lower=m.re is _PASAL_LOWER, opens=opens))
    return cands


@dataclass
class _Heading:
    num: Num
    start: int  # where "Pasal N" starts (and the previous unit ends)
    content: int  # where the unit's own text starts
    # A heading OCR printed before the previous one (`_displaced`): where its division
    # headings are read from (`path_at`), and the span of the lifted "Pasal N" itself.
    path_at: int | None = None
    lifted: tuple[int, int] | None = None
    # A heading the source lost (`_lost`), its article found inside the previous one:
    # "heading" (only the heading is lost: the text starts at its "(1)") or "start" (the
    # heading and the first words of its text are lost with the top of a page).
    lost: str | None = None


def _successors(last: Num | None) -> tuple[Num, ...]:
    if last is None:
        return ((1, ""),)
    n, suffix = last
    letter = chr(ord(suffix) + 1) if suffix and suffix < "Z" else "A"
    return ((n + 1, ""), (n, letter))


def _fits(c: _Cand, r: _Read, notes: bool) -> bool:
    """Context good enough for the expected next heading. After a line ending in a
    reference word or mark, only a heading on a line of its own counts: "Pasal 19"
    alone, then "(1)" on the next line, or (after a mark: "Rp300.000,-", "- 5 -") a
    capitalised line; a cross-reference goes on with "ayat", a title or lower case."""
    if c.lower:
        return c.prev in ("strong", "title") and (c.opens or (c.alone and r.follow == "strong"))
    if c.prev == "broken-word":
        return c.alone and c.opens
    if c.prev == "broken-mark":
        return c.alone and r.follow in ("open", "strong")
    if c.prev == "blocked":
        return False
    if r.follow in ("open", "strong"):
        return True
    # Notes write "Pasal 17 huruf a ..." for the explanation of that letter.
    return notes and r.follow == "sub" and c.prev == "strong"


def _fits_jump(c: _Cand, r: _Read) -> bool:
    """Context good enough to believe that headings were lost in between."""
    if r.num[1] or _blocked(c):
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
            if any(r.num == chosen.num for r in prior.reads) and not _blocked(prior):
                ends = [r.end for r in prior.reads if r.num == chosen.num]
                if _is_junk(text, ends[0], start):
                    start = prior.start
                    continue
            break
        content = chosen.end
        # The same heading again after page furniture: the text starts after the last copy.
        k = i + 1
        while k < len(cands) and not _blocked(cands[k]):
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
        if _blocked(c):
            continue
        for r in c.reads:
            if r.follow not in ("open", "strong"):
                continue
            if base < r.num[0] < num[0]:
                return True
            if r.num[0] > num[0]:
                return False
    return False



def find_headings(text: str, start: int, end: int, notes: bool,
                  breaks: Sequence[tuple[int, int]] = ()) -> list[_Heading]:
    """The "Pasal N" headings in [start, end), in sequence (`notes`: in a Penjelasan).
    In the body, headings OCR printed out of place are put back (`_displaced`) and
    articles whose heading the source lost are found inside the previous one (`_lost`;
    `breaks`: (start, end) of page breaks, the page furniture blanked in `text`)."""
    cands = _candidates(text, start, end)
    heads = _scan(text, cands, notes)
    # An excerpt may not begin at Pasal 1: then take the first well-formed heading.
    heads = heads or _scan(text, cands, notes, first_any=True)
    return heads if notes else _lost(text, cands, _displaced(text, cands, heads), breaks)


# Between a displaced heading and the one it was put before: page furniture and division
# headings ("BAB IV TUGAS …", "Bagian Kesatu Pemerintah Pusat"), never running text.
_RUNNING_TEXT = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")
_AYAT_ONE = re.compile(r"(?:^|(?<=[.;:]))\s*\([1lI]\)\s")
_AYAT_ANY = re.compile(r"\(\d{1,2}\)\s")


def _displaced(text: str, cands: list[_Cand], heads: list[_Heading]) -> list[_Heading]:
    """Headings OCR printed before the previous one. A scan's reading order may lift a
    page's centred headings above its first lines: "Pasal 35" (with "BAB IV", "Bagian
    Kesatu") comes out before "Pasal 34 Ketentuan lebih lanjut … Peraturan Menteri.
    Pemerintah Pusat memiliki tugas …" (PP 59/2021), so Pasal 35's words end up in Pasal
    34. When heading N + 1 is missing from the sequence and a plausible "Pasal N + 1" sits
    just before heading N with only headings or furniture between, Pasal N + 1 starts
    where Pasal N's text shows a new article starts: where its ayat count restarts at
    "(1)", or, for a Pasal without ayat, after its first sentence. Without such a place
    nothing is split (the heading stays lost, as before)."""
    from ...lang.sentences import sentence_spans

    out = list(heads)
    for k, h in enumerate(heads):
        want = (h.num[0] + 1, "")
        nxt = heads[k + 1] if k + 1 < len(heads) else None
        if h.num[1] or nxt is None or nxt.num[0] != want[0] + 1 or nxt.num[1]:
            continue
        floor = heads[k - 1].content if k else 0
        lifted = [c for c in cands if floor <= c.start < h.start and c.prev in ("strong", "title")
                  and any(r.num == want and r.follow in ("open", "strong") for r in c.reads)]
        if len(lifted) != 1:
            continue
        c = lifted[0]
        end_of_number = max(r.end for r in c.reads if r.num == want)
        if _RUNNING_TEXT.search(text, end_of_number, h.start):
            continue
        body = text[h.content:nxt.start]
        at = None
        ayat = [m for m in _AYAT_ANY.finditer(body)]
        if ayat:
            restart = [m for m in _AYAT_ONE.finditer(body) if m.start() > ayat[0].end()]
            if restart and ayat[0].group().startswith("(1)"):
                at = restart[0].start() + len(restart[0].group()) - len(restart[0].group().lstrip())
        else:
            spans = sentence_spans(body)
            if len(spans) > 1:
                at = spans[1][0]
        if at is None:
            continue
        pos = h.content + at
        i = out.index(h)
        # Pasal N keeps the divisions before the lifted block; Pasal N + 1 gets those in it.
        out[i] = _Heading(h.num, h.start, h.content, path_at=c.start)
        out.insert(i + 1, _Heading(want, pos, pos, path_at=c.start, lifted=(c.start, end_of_number)))
    return out


# What an amending article says before the text it quotes: a repeated ayat there is the
# quoted provision's own (amendments.py reads such bodies), never a lost heading.
_AMENDING = re.compile(r"\b(?:berbunyi|diubah|disisipkan|ditambah(?:kan)?|diganti|dihapus)\b")
_DEBRIS_GAP = 4  # at most this many visible characters (OCR debris) between a full stop and a page break


def _lost(text: str, cands: list[_Cand], heads: list[_Heading], breaks: Sequence[tuple[int, int]]) -> list[_Heading]:
    """Articles whose heading the source lost, found inside the previous article. A scan
    may lose the top of a page with a heading on it: PP 59/2021 reads "Pasal 39 (1) … (2)
    … di bidang ketenagakerjaan. <page stamp> /lembaga dan daerah … (2) Dinas Daerah
    Provinsi … (3) …" and then "Pasal 41": Pasal 40's heading and the start of its ayat
    (1) are lost, the rest of its text sits in Pasal 39.

    Where heading N is missing between N - 1 and N + 1 (no letter suffixes) and the ayat
    numbering of Pasal N - 1 goes back after a sentence's end (`parts.ayat_going_back`:
    "(2)" after "(2)"), Pasal N starts
    - at that marker when it is "(1)" (only the heading was lost: `lost` = "heading");
    - else (`lost` = "start") after the first full stop after the last in-order ayat's
      start that a page break follows (the lost lines were at the top of that page: the
      text starts after the page furniture), or, without such a break, after the first
      full stop after that ayat's start.
    Nothing is split where the numbering has no gap, where the ayat numbering does not
    go back, where the article before amends another text (a quoted provision has its
    own ayat), where "Pasal N (1)" stands elsewhere in the body (printed out of place, or
    a page OCR read twice), where the article before holds what reads as heading N
    (garbled or refused: "Pasai 4 1", "dan Pasal 84 (1)"), where OCR tore ayat markers
    from their text ("(2) (3)"), or where the words before the marker that goes back are
    not the tail of one ayat (a marker or a division heading among them). No text is
    invented: the recovered article holds what the source kept."""
    from ...lang.sentences import full_stops
    from .parts import ayat_going_back, ayat_markers

    out: list[_Heading] = []
    ordered = sorted(breaks)
    elsewhere = {r.num for c in cands if not _blocked(c) for r in c.reads if r.follow == "open"}
    for k, h in enumerate(heads):
        out.append(h)
        nxt = heads[k + 1] if k + 1 < len(heads) else None
        want = h.num[0] + 1
        if nxt is None or h.num[1] or nxt.num[1] or nxt.num[0] != want + 1 or (want, "") in elsewhere:
            continue
        refused = (_refused_heading(text, cands, want, h.content, nxt.start)
                   or _misspelt_heading(text, want, h.content, nxt.start))
        if refused is not None:
            out.append(refused)
            continue
        found = ayat_going_back(text, h.content, nxt.start)
        if found is None:
            continue
        last_start, last_end, back, value = found
        if (_AMENDING.search(text, h.content, back) or _heading_like(text, h.content, back + _AFTER_BACK, want)
                or _BARE_MARKERS.search(text, last_start, back + _AFTER_BACK)
                or not _OPENS_SENTENCE.match(text, back)):
            continue
        if value == "1":
            out.append(_Heading((want, ""), back, back, lost="heading"))
            continue
        stops = full_stops(text, last_end, back)
        if not stops:
            continue
        at = stops[0]
        for stop in stops:
            brk = next((b for b in ordered if stop <= b[0] < back
                        and len(re.sub(r"\s", "", text[stop : b[0]])) <= _DEBRIS_GAP), None)
            if brk is not None:
                at = max(brk[1], stop)
                break
        # The kept words of the lost ayat: text, under no division heading, and no ayat
        # marker of their own (they are the tail of one ayat; a "(1)" would mean the
        # heading was misread, not lost, and its article starts there).
        if (len(_WORD.findall(text, at, back)) < 3 or _own_ayat_one(text, at, back)
                or _DIVISION.search(text, at, back) or ayat_markers(text, at, back)):
            continue
        out.append(_Heading((want, ""), at, at, lost="start"))
    return out


def _refused_heading(text: str, cands: list[_Cand], want: int, start: int, end: int) -> _Heading | None:
    """Heading `want`, missing from the sequence, where OCR turned the full stop before it
    into a comma or lost the list item before it ("… pertimbangan SAU, Pasal 17 (1) USK
    dapat …", "… berakhir; atau Pasal 15 (1) Panitia seleksi …"): the only "Pasal N" in
    the previous article's text [start, end) with the missing number, read as a
    reference for the word or mark before it, yet followed by "(1)" and a sentence
    (with the full stop older statutes print after the number, or a comma OCR made of
    it: "Hak milik, Pasal 20.\n(1) …", "Perumahan. Pasal 13, (1) …"), after that
    article's own ayat (1) if it has ayat (so the count starts again), in an article
    that amends nothing. Its text starts at that "(1)"; nothing was lost."""
    if _AMENDING.search(text, start, end):
        return None
    found = [(c, r) for c in cands if start <= c.start < end and not c.lower and _blocked(c)
             for r in c.reads if r.num == (want, "") and (r.follow == "open" or c.opens)]
    if len(found) != 1:
        return None
    c, r = found[0]
    if not _ENDS_CLAUSE.search(text, max(start, c.start - 40), c.start):
        return None  # "… setiap bulan dan Pasal 2 (1) …", "dalam Pasal 49 (1)": may be a reference
    marker = _AYAT_ONE_LIKE.search(text, r.end, r.end + 8)
    own_ayat_one = _AYAT_ANY.search(text, start, c.start)
    if marker is None or (own_ayat_one is not None and not own_ayat_one.group().startswith("(1)")):
        return None
    if not _OPENS_AYAT.match(text, marker.start()):
        return None
    return _Heading(r.num, c.start, r.end)


# A heading word OCR misspelt past `_PASAL_WORD`, maybe torn by a space or a mark
# ("Pasil 147", "Pasa l 75", "P. asal 29", "P: rsal 8"), with its number; `_near_pasal`
# judges the word.
_MISSPELT_PASAL = re.compile(r"(?<![A-Za-z])(P[A-Za-z.:*' ]{2,7}?)[ \t]*(\d{1,3})(?![\d.,]\d)[ \t]*[.,]?[ \t]*\n?[ \t]*")


def _misspelt_heading(text: str, want: int, start: int, end: int) -> _Heading | None:
    """Heading `want`, missing from the sequence, whose word OCR misspelt past what
    `_candidates` reads ("… sempadan waduk. Pasa l 75 (1) Pengelolaan …", "Pasil 147
    (1)", "P. asal 29 (1)"): the only word near "pasal" (`_near_pasal`) with that number
    in the previous article's text [start, end), after a clause's end or a line break,
    followed by "(1)" (or its misreading) and a sentence, in an article that amends
    nothing. Its text starts at that "(1)"; nothing was lost."""
    if _AMENDING.search(text, start, end):
        return None
    found = []
    for m in _MISSPELT_PASAL.finditer(text, start, end):
        word = m.group(1)
        if int(m.group(2)) != want or not _near_pasal(word) or re.fullmatch(_PASAL_WORD, word.strip()):
            continue
        before = text[max(start, m.start() - 3) : m.start()]
        if not (re.search(r"[.;:]\s*$", before) or "\n" in before or m.start() == start):
            continue
        marker = _AYAT_ONE_LIKE.match(text, m.end())
        if marker is None or not _OPENS_AYAT.match(text, marker.start()):
            continue
        found.append(m)
    if len(found) != 1:
        return None
    return _Heading((want, ""), found[0].start(), found[0].end())


_OPENS_AYAT = re.compile(r"\S+\s+[A-Z][A-Za-z]")  # "(1) Panitia", "(1) USK dapat": a sentence after the marker
# What a clause or list item ends with before a refused heading: a comma OCR made of a full
# stop, "; atau" / "; dan" closing a list whose last item was lost, a full stop with stray
# marks after it ("Khusus. ^-").
_ENDS_CLAUSE = re.compile(r"(?:[.,;]|;\s*(?:dan/atau|dan|atau))[\s^_*\-–,]*$")


# A "Pasal N" heading as OCR garbles it ("Pasai 4 1", "Petsal 56", "Pasal.22", "PAsal
# 36", "P.rsal 382"): a word near "pasal" and a number, read or not.
_PASAL_LIKE = re.compile(r"(?<![A-Za-z])([Pp][A-Za-z.'\-]{2,6}?)(?:[ \t.,'\-]+"
                         r"([0-9lIiOoTtJ][0-9lIiOoTtJ]{0,3}(?: [0-9lIiOoTtJ]{1,2})?)|([0-9][0-9lIiOoT]{0,3}))(?![A-Za-z])")
_AYAT_ONE_LIKE = re.compile(r"[({][1lIiUtr][)1}]?(?=\s)|(?<!\S)t[l1I]\)")  # "(1)", "(l)", "{I)", "(U", "tl)"
# "(2) (3)", "(3) b.": markers OCR tore from their text (a column read apart)
_BARE_MARKERS = re.compile(r"[({]\w{1,2}[)}\w]?\s+(?:[({]\w{1,2}[)}\w]?|[a-z]\.)\s")
_DIVISION = re.compile(r"(?<![A-Za-z])(?:BAB\s?[IVXLC]+|Bagian\s+Ke[a-z]+|Paragraf\s+\d)(?![a-z])")
_OPENS_SENTENCE = re.compile(r"\S+\s+[A-Z][a-z]")  # "(2) Tahapan ...": an ayat's text after its marker
_WORD = re.compile(r"[A-Za-z]{3,}")
_AFTER_BACK = 60  # how far after the marker that goes back a misread heading is looked for


def _own_ayat_one(text: str, start: int, end: int) -> bool:
    """A "(1)" (or its OCR misreading) in [start, end) that is not cited ("ayat (1)")."""
    for m in _AYAT_ONE_LIKE.finditer(text, start, end):
        token, _ = _previous_token(text, m.start(), start)
        if token is None or token.lower().rstrip(",") not in _BLOCKERS:
            return True
    return False


def _near_pasal(word: str) -> bool:
    """Whether a word reads as "pasal" with up to two letters misread, lost or added."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not 4 <= len(letters) <= 7:
        return False
    prev = list(range(len("pasal") + 1))
    for i, ch in enumerate(letters, 1):
        cur = [i]
        for j, want in enumerate("pasal", 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ch != want)))
        prev = cur
    return prev[-1] <= 2


def _heading_like(text: str, start: int, end: int, num: int) -> bool:
    """Whether [start, end) holds what may be the heading of Pasal `num`, misread or
    refused (after "dan", a comma...): a word near "pasal" with the number `num`, with a
    number OCR garbled past reading, or with a "(1)" right after it. Then its article
    starts there and no heading was lost: nothing is split here."""
    for m in _PASAL_LIKE.finditer(text, start, min(end, len(text))):
        if not _near_pasal(m.group(1)):
            continue
        # Every reading of the number: "Pasal 2 1" may be 2, 21; "21 1)" may be 21 ("(1)" torn).
        groups = (m.group(2) or m.group(3)).split(" ")
        readings = ["".join(groups[: k + 1]).translate(_OCR_DIGITS) for k in range(len(groups))]
        if not readings[0].isdigit() or any(r.isdigit() and int(r) == num for r in readings):
            return True
        after = text[m.end() : m.end() + 8].lstrip(" .,")
        if _AYAT_ONE_LIKE.match(after):
            return True
    return False
