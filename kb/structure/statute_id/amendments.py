"""Amending regulations: a body of Roman-numbered articles ("Pasal I", "Pasal II"...),
where an article holds numbered amendment points that each quote the amended provision:

    Pasal I
    Peraturan Pemerintah Nomor 14 Tahun 1993 tentang ... diubah sebagai berikut:
    1. Ketentuan Pasal 2 ayat (4) dihapus sehingga Pasal 2 berbunyi sebagai berikut:
       Pasal 2 ...
    2. Ketentuan Pasal 9 ayat (2) diubah, sehingga Pasal 9 berbunyi sebagai berikut:
       Pasal 9 ...
    Pasal II
    Peraturan Pemerintah ini mulai berlaku ...

Units: "Pasal I" (all of it, each point a part), "Pasal I angka N" (one per point), and
"Pasal II"... A point's `amends` names what it rewrites in the amended regulation as the
amending act names it ("Pasal 9 PP 14/1993"): the quoted article(s), else the
provisions its lead-in names. The quoted articles are never units of the amending act.
The Penjelasan of such an act follows the same shape ("Pasal I / Angka 1 / Pasal 2 ...").
This is how amending acts are drafted (UU 12/2011, Lampiran II, C.5 "Perubahan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..common import roman_to_int
from .headings import _OCR_DIGITS, _PASAL, _after_number, _alone, _Cand, _follow, _Heading, _prev_context, _Read, _reads, _scan

# "Pasal I", "Pasal II", ...; and "Pasal 1", which OCR and typists write for "Pasal I"
# (it counts only where "Pasal II" follows and Pasal I amends: `is_amending_body`).
# OCR also glues the "I" to the word as an "l" ("Pasall Angka 1", "Pasall Beberapa ketentuan").
_ROMAN_PASAL = re.compile(r"(?<![A-Za-z])(?:(?:Pasal|Pasa(?:[\]!|]|[.\-]l)|PASAL)[ \t]+([IVXLC]{1,7}|1)(?![A-Za-z0-9])"
                          r"|Pasa(?=ll(?![A-Za-z0-9])))")
_POINT = re.compile(r"(?<![\w.,(])(\d{1,4})\s?\.(?=\s)")
# "Angka 3", and "Angka3" as typed or OCR'd without the space.
_NOTE_POINT = re.compile(r"(?<![A-Za-z])Angka\s*(\d{1,4})(?!\d)")
# The verb of a point's lead-in, also typed apart ("di hapus"), and a point that keeps the
# article but rewrites its note ("Pasal 4 tetap dengan perubahan penjelasan Pasal 4 ...").
# Older acts word it "dihapuskan", "Ditambahkan Pasal 4 baru", "Pasal 4 dijadikan Pasal 5"
# (not a quoted list's deleted item "2. Dihapus.").
# A point may also be the act's own provision on the points before it ("3. Ketentuan
# sebagaimana dimaksud pada angka 1 dan angka 2 mulai berlaku pada tanggal 1 Januari
# 2014.", the yearly pay and pension regulations): its reference to them stands for the verb.
_AMEND_VERB = re.compile(
    r"\b(?:di ?(?:ubah|hapus|sisipkan|tambah|cabut|ganti)(?:kan)?|Di(?:ubah|hapus|sisipkan|tambah|ganti)(?:kan)?(?![.;])"
    r"|dijadikan|berbunyi|disempurnakan|dinyatakan"
    r"|[Mm]engubah|[Mm]enambah(?:kan)?|[Mm]enyisipkan|[Mm]enghapus|[Mm]encabut|[Mm]engganti"
    r"|tetap\s+dengan\s+perubahan)\b"
)
_OWN_POINTS = re.compile(r"\s*Ketentuan\s+sebagaimana\s+dimaksud\s+(?:pada\s+|dalam\s+)?angka\s+\d")
_POINT_PREV = re.compile(r".*(?:[:;.…]|\bdan|\batau|\bcukup\s+jelas)$", re.S)
# What may stand between a point and the end of what comes before it: blanks, and the
# emphasis mark-up a converted print leaves, empty or not ("** **", "__", "^").
_MARKUP = " \t\r\n_*^"
_CLOSING_QUOTES = "\"”’'"
_PROVISION = re.compile(
    r"(?:Penjelasan\s+)?Pasal\s+\d{1,4}[A-Z]?(?:\s+(?:sampai\s+dengan|s\.?\s?d\.?)\s+Pasal\s+\d{1,4}[A-Z]?)?"
    r"|BAB\s+[IVXLC]+[A-Z]?|Bagian\s+Ke[a-z]+|Paragraf\s+\d{1,4}|Lampiran(?:\s+[IVXLC]+)?"
)
# The regulation an amending act amends, as named in its Pasal I or title.
_REG_TYPES = (
    ("Peraturan Pemerintah Pengganti Undang-Undang", "Perppu"),
    ("Undang-Undang Darurat", "UU Darurat"),
    ("Undang-Undang", "UU"),
    ("Peraturan Pemerintah", "PP"),
    ("Peraturan Presiden", "Perpres"),
    ("Keputusan Presiden", "Keppres"),
    ("Instruksi Presiden", "Inpres"),
    ("Peraturan Menteri Keuangan", "PMK"),
)
_REG_NAME = re.compile(
    r"(?P<type>" + "|".join(t.replace(" ", r"\s+").replace("-", r"[\s-]") for t, _ in _REG_TYPES) + r")"
    r"\s+(?:Republik\s+Indonesia\s+)?(?:Nomor|No\.?)\s*(?P<num>[\w./-]{1,24}?)\s+Tahun\s+(?P<year>\d{4})",
    re.I,
)


def roman_name(n: int) -> str:
    """1 -> "I", 14 -> "XIV" (the numerals amending acts use)."""
    out = []
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def roman_headings(text: str, start: int, end: int, notes: bool) -> list[_Heading]:
    """The "Pasal I", "Pasal II"... headings in [start, end), in sequence (in the body,
    "Pasal 1" may stand for "Pasal I"; in the notes it is the quoted article's note,
    unless it opens them: "II. PASAL DEMI PASAL / Pasal 1 / Angka 1 / Pasal 15 ...")."""
    cands = []
    for m in _ROMAN_PASAL.finditer(text, start, end):
        if notes and m.group(1) == "1" and text[start : m.start()].strip(" \t\r\n:.^*_"):
            continue
        glued = m.group(1) is None  # "Pasall": "Pasal I"
        n = 1 if glued or m.group(1) == "1" else roman_to_int(m.group(1))
        if n is None or (n != 1 and roman_name(n) != m.group(1)):
            continue
        end = _after_number(text, m.end() + 2 if glued else m.end())
        read = _Read((n, ""), end, _follow(text, end))
        # alone on its line, as an Arabic heading: "Pasal II" after a table's rule line
        # ("-----", read as a broken mark) is the next heading (was: refused, so the act's
        # body read as one "Pasal 1" holding its Pasal II)
        cands.append(_Cand(m.start(), _prev_context(text, m.start(), start), (read,), _alone(text, m)))
    return _scan(text, cands, notes)


def is_amending_body(text: str, heads: list[_Heading], arabic: list[_Heading]) -> bool:
    """A body of Roman articles: "Pasal I" and "Pasal II" are headings, and either Pasal I
    amends (its first lines carry an amendment verb) or the Arabic headings are fewer (an
    OCR'd "Pasal I" for "Pasal 1" comes with "Pasal 2", "Pasal 3"... around it)."""
    if len(heads) < 2 or heads[0].num[0] != 1:
        return False
    first = text[heads[0].content : min(heads[1].start, heads[0].content + 3000)]
    return bool(_AMEND_VERB.search(first)) or len(arabic) < len(heads)


@dataclass
class Point:
    number: int
    start: int  # where "N." starts
    end: int
    lead_end: int  # end of the lead-in ("... berbunyi sebagai berikut:")
    amends: str | None = None  # "Pasal 9", "Pasal 33 sampai dengan Pasal 46"
    quoted: tuple[int, int] | None = None  # the quoted article's own text (after its heading)


def points(text: str, start: int, end: int) -> list[Point]:
    """The numbered amendment points of an article in [start, end): "1.", "2."... in
    sequence, each opening a line or a sentence and leading in with an amendment verb
    ("Ketentuan Pasal 9 diubah ...", "Di antara Pasal 7 dan Pasal 8 disisipkan ...").
    Lists inside the quoted articles ("2. Jaminan Kematian;") lack the verb."""
    found: list[tuple[int, int, int]] = []  # (number, start, lead_end)
    want, pos = 1, start
    while pos < end:
        hit = None
        for m in _POINT.finditer(text, pos, end):
            if int(m.group(1)) != want:
                continue
            if not (_point_position(text, m.start(), start) or (found and _DIVISION_TITLE.fullmatch(text, pos, m.start()))
                    or (found and _DRAFTED_LEAD.match(text, m.end()))):
                continue
            lead_end = _lead_end(text, m.end(), end)
            if _AMEND_VERB.search(text, m.end(), lead_end) or (found and _OWN_POINTS.match(text, m.end())):
                hit = (want, m.start(), lead_end)
                break
        if hit is None:
            break
        found.append(hit)
        want, pos = want + 1, hit[2]
    out = []
    for k, (number, p_start, lead_end) in enumerate(found):
        p_end = found[k + 1][1] if k + 1 < len(found) else end
        out.append(_describe(text, Point(number, p_start, p_end, lead_end)))
    return out


# A division's title that the point before quoted, printed without quotes or a full stop
# ("... berbunyi sebagai berikut: Bagian Kedua Notaris Pengganti 15. Ketentuan ..."): all
# of the text between that point's lead-in and the next number.
_DIVISION_TITLE = re.compile(r"[\s_*^\"“”]*(?:BAB|Bab|Bagian|Paragraf)\s[^.;:\n\"“”]{1,200}?[\s_*^\"“”]*")


# A point's lead-in as the drafting rules word it ("Ketentuan Pasal 48 diubah ...", "Di
# antara Pasal 7 dan Pasal 8 disisipkan ..."): the next point even where the article the
# point before quoted lost its last full stop ("... kepada Notaris 25. Ketentuan ayat (1)
# ..."); its amendment verb is still required.
_DRAFTED_LEAD = re.compile(
    r"\s+(?:Ketentuan\s+(?:Pasal|ayat|huruf|angka|BAB|Bab|Bagian|Paragraf|Lampiran|Penjelasan)"
    r"|Di\s?antara\s+(?:Pasal|ayat|huruf|angka|BAB|Bab|Bagian|Paragraf))\b"
)


def _point_position(text: str, pos: int, floor: int) -> bool:
    """Whether a point's number at `pos` opens a line or follows the end of what comes
    before it: a clause's end (":", ";", "."), "dan"/"atau" closing a list, a note's
    "Cukup jelas" without its full stop, or a quotation just closed (the provision the
    previous point quoted, even a title printed without a full stop: '... "BAB II
    NOMOR POKOK WAJIB PAJAK" 3. Ketentuan ...'); mark-up between is ignored."""
    line_start = text.rfind("\n", floor, pos) + 1 if pos > floor else floor
    before = text[max(floor, line_start) : pos].strip(_MARKUP)
    if not before:
        return True
    prev = text[max(floor, pos - 80) : pos].rstrip(_MARKUP)
    if prev.endswith(tuple(_CLOSING_QUOTES)):
        return True
    return bool(_POINT_PREV.match(prev.lower()))


def _lead_end(text: str, pos: int, end: int) -> int:
    """End of a point's lead-in: its first colon, line break or full stop."""
    stop = min(end, pos + 800)
    m = re.compile(r":|\n|\.(?=\s)").search(text, pos, stop)
    return m.end() if m else stop


def describe_article(text: str, start: int, end: int) -> str | None:
    """What an amending article without numbered points rewrites ("Ketentuan Pasal 5
    diubah sehingga berbunyi sebagai berikut: Pasal 5 ..."), as for a point."""
    first = re.compile(r"\S").search(text, start, end)
    start = first.start() if first else start
    return _describe(text, Point(0, start, end, _lead_end(text, start, end))).amends


def _describe(text: str, point: Point) -> Point:
    """What the point rewrites: the articles it quotes, else what its lead-in names."""
    quoted = _quoted_headings(text, point.lead_end, point.end)
    if quoted:
        point.amends = _name_articles([num for num, _start, _content in quoted])
        if len(quoted) == 1:
            point.quoted = (quoted[0][2], point.end)
        return point
    named = list(dict.fromkeys(re.sub(r"\s+", " ", m.group()) for m in _PROVISION.finditer(text, point.start, point.lead_end)))
    if named:
        point.amends = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " dan " + named[-1]
    return point


def _name_articles(nums: list[tuple[int, str]]) -> str:
    """ "Pasal 9"; "Pasal 7A dan Pasal 7B"; "Pasal 12A sampai dengan Pasal 12F" for a run
    without gaps; else every one named ("Pasal 1, Pasal 5 dan Pasal 26")."""
    names = [f"Pasal {n}{s}" for n, s in nums]
    if len(names) == 1:
        return names[0]
    consecutive = all(b in ((a[0] + 1, ""), (a[0], chr(ord(a[1] or "@") + 1))) for a, b in zip(nums, nums[1:]))
    if consecutive and len(names) > 2:
        return f"{names[0]} sampai dengan {names[-1]}"
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _quoted_headings(text: str, start: int, end: int) -> list[tuple[tuple[int, str], int, int]]:
    """Arabic "Pasal N" headings quoted in [start, end): opening a line (or right after
    the lead-in's colon) and followed as a heading is (a line break, "(1)", a capital)."""
    out = []
    for m in _PASAL.finditer(text, start, end):
        reads = _reads(text, m)
        if not reads:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[max(start, line_start) : m.start()].strip(" \t_*^:\"“”'‘’") and m.start() != start:
            continue
        if _prev_context(text, m.start(), start) == "blocked":
            continue  # "sebagaimana dimaksud dalam\nPasal 5": a reference
        read = next((r for r in reads if r.follow in ("open", "strong")), None)
        if read is not None:
            out.append((read.num, m.start(), read.end))
    return out


def amended_regulation(chapeau: str, title: str) -> str | None:
    """The short name of the regulation an amending act amends ("PP 14/1993"): the first
    one its Pasal I names, else the one its title amends ("PERUBAHAN ... ATAS ...")."""
    m = _REG_NAME.search(chapeau)
    if m is None:
        atas = re.search(r"\bATAS\b", title, re.I)
        m = _REG_NAME.search(title, atas.end()) if atas else None
    if m is None:
        return None
    kind = re.sub(r"[\s-]+", " ", m.group("type")).lower()
    abbr = next(a for t, a in _REG_TYPES if t.replace("-", " ").lower() == kind)
    number = m.group("num").rstrip(".")
    read = number.translate(_OCR_DIGITS)
    return f"{abbr} {read if read.isdigit() else number}/{m.group('year')}"


def amended_pasal(amends: str) -> set[str]:
    """The article names an `amends` string covers: "Pasal 9 PP 14/1993" -> {"Pasal 9"};
    "Pasal 33 sampai dengan Pasal 46 ..." -> {"Pasal 33", ..., "Pasal 46"}."""
    out: set[str] = set()
    for m in re.finditer(r"(?<!Penjelasan )Pasal (\d+)([A-Z]?)(?: (?:sampai dengan|s\.?\s?d\.?) Pasal (\d+)([A-Z]?))?", amends):
        if m.group(3) and not m.group(2) and not m.group(4) and int(m.group(3)) - int(m.group(1)) < 2000:
            out.update(f"Pasal {n}" for n in range(int(m.group(1)), int(m.group(3)) + 1))
        else:
            out.add(f"Pasal {m.group(1)}{m.group(2)}")
            if m.group(3):
                out.add(f"Pasal {m.group(3)}{m.group(4)}")
    return out


def _names_quoted(text: str, pos: int, point: Point | None) -> bool:
    """Whether the text at `pos` opens with the article `point` quotes ('Pasal 5', '"Pasal 5')."""
    if point is None or point.quoted is None:
        return False
    quoted = re.match(r"[\s\"“_*^]*(Pasal\s+\d{1,4}[A-Z]?)", text[pos : pos + 40])
    return quoted is not None and re.sub(r"\s+", " ", quoted.group(1)) in amended_pasal(point.amends or "")


def note_points(text: str, start: int, end: int, body: dict[int, Point]) -> list[tuple[int, int, int]]:
    """The "Angka N" sections of a note on an amending article, as (N, start, end).

    `body` holds the article's amendment points by number. A section opens with the
    article its point quotes ("Angka 2 Pasal 9 ..."); one on a point that quotes none may
    open with anything. So the notes on a quoted Pasal 1's definitions ("Angka 2 Cukup
    jelas.") are not taken for sections."""
    found: list[tuple[int, int]] = []
    want = 1
    for m in _NOTE_POINT.finditer(text, start, end):
        if int(m.group(1)) != want:
            continue
        point = body.get(want)
        opens = want == 1 and not text[start : m.start()].strip(" \t\r\n_*^:")  # the notes open with it
        names_quoted = _names_quoted(text, m.end(), point)
        # Opening with the article its point quotes, a section needs no clause end before
        # it (a table's last amount "... 336.500.000.000,00 Angka 3 Pasal 5 ...").
        if not names_quoted and not _point_position(text, m.start(), start):
            continue
        if point is not None and point.quoted is not None and not opens and not names_quoted:
            continue
        found.append((want, m.start()))
        want += 1
    return [(n, s, found[k + 1][1] if k + 1 < len(found) else end) for k, (n, s) in enumerate(found)]
