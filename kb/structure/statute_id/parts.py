"""Finer locators inside a unit: ayat, huruf and angka, nested, in the body ("(2)", "b.",
"3.") and in the notes ("Ayat (2)", "Huruf b", "Angka 3")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import _BLOCKERS, _LIST_MARKER, _OCR_DIGITS, _previous_token

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
    """The next marker: 2 after 1; b after a; after z, "aa", "bb"... (the drafting
    convention of UU 12/2011, Lampiran II, for lists longer than the alphabet)."""
    if value.isdigit():
        return str(int(value) + 1)
    if value[-1] == "z":
        return "a" * (len(value) + 1)
    return chr(ord(value[0]) + 1) * len(value)


# In the body an item starts with its marker: "(2) ...", "b. ...", "12. ...".
_BODY_KINDS = {
    "ayat": _Kind("ayat", re.compile(r"\(([0-9lI]{1,4}t?)'?(\))?(?=\s)"), "1", "({})"),
    "huruf": _Kind("huruf", re.compile(r"(?<![\w.,(])([a-z]{1,2})\.(?=\s)"), "a"),
    "angka": _Kind("angka", re.compile(r"(?<![\w.,(])(\d{1,4})\.(?=\s)"), "1"),
}
# The notes name what they explain: "Ayat (2) ...", "Huruf b ...", "Angka 3 ...".
_NOTE_KINDS = {
    "ayat": _Kind("ayat", re.compile(r"Ayat\s*\(([0-9lIas]{1,4}t?)(\))?"), "1", "({})"),
    "huruf": _Kind("huruf", re.compile(r"(?<![A-Za-z])[Hh]uruf\s+([a-z]{1,2})(?![A-Za-z])"), "a"),
    "angka": _Kind("angka", re.compile(r"(?<![A-Za-z])Angka\s+(\d{1,4})(?!\d)"), "1"),
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


def _cited(text: str, pos: int, floor: int) -> bool:
    """The marker at `pos` is cited, not an item: the token before it is a word that
    introduces a reference ("ayat (2)", "huruf a.", "dimaksud (3)") or ends a list of
    them ("ayat (1), (2), dan (3)": "(1)," before "(2)")."""
    token, _ = _previous_token(text, pos, floor)
    if token is None:
        return False
    low = token.lower()
    # "ayat-ayat (2) dan (3)": the plural names the provisions it cites.
    return low.rstrip(":") in _BLOCKERS or low.split("-")[0] in _BLOCKERS or low.endswith((",", "/"))


# An ayat is a sentence: its text opens with a capital, a number or a list ("(2) a. ...");
# a lowercase word after "(3)" is the rest of a sentence a stray marker fell into.
_AYAT_OPENING = re.compile(r"\S*\s+(?:[a-z]{1,2}\.\s|[^a-z\s])")


def _next_item(text: str, after: int, end: int, floor: int, kind: _Kind, notes: bool, memo: list) -> re.Match | None:
    """The first marker of `kind` at or after `after` whose context reads like an item.
    `memo` ([after, match]) keeps the last answer: markers are asked about in order, so a
    sequence scans its text once, not once per marker (no quadratic time on junk)."""
    if memo and memo[0] <= after and (memo[1] is None or memo[1].start() >= after):
        return memo[1]
    found = next((m for m in kind.pattern.finditer(text, after, end) if _marker_ok(text, m.start(), floor, notes)), None)
    memo[:] = [after, found]
    return found


def _resumes(text: str, after: int, end: int, floor: int, kind: _Kind, want: str, notes: bool, memo: list) -> bool:
    """Whether the list goes on right after a marker `want` whose own context failed:
    the next marker of this kind whose context reads like an item is the one after
    `want` (not another `want`, nor one out of order). OCR glues ayat onto one line with
    page furniture before them ("... huruf i. -Sl'( trl6 l02l_50 A (2) Penghentian a.
    keamanan; b. ..."), so the context of one marker can fail while the list around it
    is plain. The item must hold text: a run of bare markers ("c. menerbitkan d. e. f.
    1. Penempatan ...", a column of markers OCR read apart from its text) or markers out
    of order ("a. surat c. d. menikah ...; b. ...") are no list to resume."""
    nxt = _succ(want)
    m = _next_item(text, after, end, floor, kind, notes, memo)
    return m is not None and _marker_value(m, kind.name, nxt) == nxt and bool(text[after : m.start()].strip())


def _sequence(text: str, start: int, end: int, kind: _Kind, notes: bool, first: str | None = None) -> list[tuple[str, int]]:
    """Markers of one list, in order: a, b, c... or 1, 2, 3...; stops at the first gap but
    one (a single marker OCR lost, when the list plainly goes on after it).

    A marker starts an item when its context reads like one (`_marker_ok`), or, when
    that fails, if it is not cited (`_cited`), an ayat's text opens like a sentence
    (`_AYAT_OPENING`), and the list resumes right after it (`_resumes`): its successor
    is the next marker that starts an item. `first`: the value the list starts at
    (`kind.first` unless a torn article's text starts inside a later item)."""
    found: list[tuple[str, int]] = []
    want = first or kind.first
    pos = start
    memo: list = []
    skipped = False  # a list skips at most one lost marker
    while pos < end:
        hit = None
        for m in kind.pattern.finditer(text, pos, end):
            value = _marker_value(m, kind.name, want)
            if value != want:
                continue
            if _marker_ok(text, m.start(), start, notes) or (
                not _cited(text, m.start(), start)
                and (notes or kind.name != "ayat" or _AYAT_OPENING.match(text, m.start(), end))
                and _resumes(text, m.end(), end, start, kind, want, notes, memo)
            ):
                hit = m
                break
        if hit is None and found and not skipped:
            # One marker OCR lost ("f. …; Sl( No 102146 A h. menyusun …; i. …": no "g."):
            # the next one starts an item when its context reads like one and the list
            # goes on right after it; the lost marker stays lost (no part is invented).
            skip = _succ(want)
            hit = next((m for m in kind.pattern.finditer(text, pos, end)
                        if _marker_value(m, kind.name, skip) == skip and _marker_ok(text, m.start(), start, notes)
                        and _resumes(text, m.end(), end, start, kind, skip, notes, [])), None)
            if hit is not None:
                want, skipped = skip, True
        if hit is None:
            break
        found.append((want, hit.start()))
        want = _succ(want)
        pos = hit.end()
    return found


def _torn_sequence(text: str, start: int, end: int, kind: _Kind) -> list[tuple[str, int]]:
    """The ayat of a text that starts inside ayat (N - 1): from the first marker "(N)"
    that starts an item the strict way (`_after_full_stop`), with (N - 1) at the start."""
    for m in kind.pattern.finditer(text, start, end):
        value = _ayat_value(m)
        if not value.isdigit() or int(value) < 2 or not _after_full_stop(text, m, start, end):
            continue
        seq = _sequence(text, m.start(), end, kind, False, first=value)
        return [(str(int(value) - 1), start), *seq] if seq else []
    return []


def _marker_value(m: re.Match, kind: str, want: str) -> str:
    raw = m.group(1)
    if kind == "huruf":
        return raw
    value = _value(raw.replace("a", "4").replace("s", "5"))  # OCR: "Ayat (a)", "Ayat (s)"
    if kind == "ayat" and value != want and m.group(2) is None and len(raw) > 1:
        value = _value(raw[:-1])  # OCR reads ")" as "1" or "t": "(21" for "(2)"
    return value


Span = tuple[str, int, int]  # (locator, start, end) in the source text


def _parts(text: str, start: int, end: int, prefix: str, notes: bool, depth: int = 0, torn: bool = False) -> list[Span]:
    """Finer locators in [start, end): ayat, then huruf or angka inside each, nested.

    `torn`: the article's text starts inside an ayat (the source lost its heading and
    first lines, `headings._lost`): text before a first marker "(N)", N > 1, is the rest
    of ayat (N - 1), numbered so; the lost words are not invented."""
    kinds = _NOTE_KINDS if notes else _BODY_KINDS
    order = ("ayat", "huruf", "angka") if depth == 0 else ("huruf", "angka")
    best: list[tuple[str, int]] = []
    best_kind: _Kind | None = None
    for name in order:
        kind = kinds[name]
        seq = _sequence(text, start, end, kind, notes)
        if not seq and torn and name == "ayat" and not notes and depth == 0:
            seq = _torn_sequence(text, start, end, kind)
        elif name == "ayat" and not notes and depth == 0 and not torn:
            seq = _ayat_past_gaps(text, start, end, seq)
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
        if not notes and k + 1 < len(best) and best[k + 1][0] != _succ(value):
            # The next item's marker is not this one's successor: the source lost the
            # marker(s) between, and with them where this item ends. The item is its
            # first sentence (an ayat) or clause (a huruf, an angka); the lost items'
            # words stay in the enclosing unit under no number of their own.
            stop = _item_end(text, pos, stop, best_kind.name)
            if stop is None:
                continue
        locator = f"{prefix} {best_kind.name} {best_kind.label.format(value)}"
        out.append((locator, pos, stop))
        if depth < 2:  # items inside this one start after its own marker
            out.extend(_parts(text, pos + 1, stop, locator, notes, depth + 1))
    return out


# An ayat marker OCR garbled: a bracket read as a brace or lost ("{2)", "(2}", "2)"), as
# a letter around a digit ("l2l", "t2l"), or with a mark inside ("(.21"), the closing one
# read as a letter ("(2j", "(2l", "(21"), a full stop or comma stuck to it ("(2).",
# "(2),"), the digit read as a letter ("(l)", "(i)", "(S)" for 5). Read only where it
# fills a gap in an article's ayat sequence (`_ayat_past_gaps`).
_GARBLED_AYAT = re.compile(
    r"(?:[({\[][.,]?\s?([0-9lIiSZ]{1,2}?)\s?(?:[)}\]jJ|!t1l]|(?=[\s.,]))|(?<![\w(\[{])([0-9]{1,2})[)}\]]"
    r"|(?<![\w(\[{])[lIt|]([0-9])[lI1|)])[.,]?(?=\s)")
_GARBLED_DIGITS = str.maketrans("lIiSZ", "11152")


def _garbled_value(m: re.Match) -> str:
    return (m.group(1) or m.group(2) or m.group(3)).translate(_GARBLED_DIGITS)


# A bare ayat marker among others OCR read from a column apart from their texts
# ("… Undang-Undang ini. (3) (2) Penyidik …", "(2t (3) (1) Kantor").
_BARE_MARKER = re.compile(r"[({\[]\S{1,3}$")
# What an ayat's text cannot open with: another ayat marker, or a huruf after "a." (the
# rest of a list, "(2) b. instansi …", where a stray marker fell into it).
_MARKER_NEXT = re.compile(r"\S*\s+(?:[({\[]\S{0,3}(?:\s|$)|[b-z]\.\s)")


def _item_start(text: str, pos: int, floor: int, end: int) -> bool:
    """An ayat marker (clean or garbled) at `pos` stands where an ayat starts for sure:
    after a sentence's full stop, or at a line start after a clause's end, though bare
    markers OCR read apart from their texts may stand between; not cited; its text
    opening like a sentence, not with another marker."""
    at = pos
    token, saw_newline = _previous_token(text, at, floor)
    while token is not None and _BARE_MARKER.match(token):
        at = text.rindex(token, floor, at)
        token, saw_newline = _previous_token(text, at, floor)
    if token is None or _LIST_MARKER.fullmatch(token):
        return False  # "… pasal 435; a. (2) …": a list marker, not a sentence's end
    token = token.rstrip("\"”’'")  # "… yang berlaku.” (2) …": an amended article's end
    ends = token.endswith(".") or (saw_newline and token.endswith((";", ":")))
    return (ends and not _cited(text, pos, floor) and _AYAT_OPENING.match(text, pos, end) is not None
            and not _MARKER_NEXT.match(text, pos, end))


def _strict_ayat(text: str, after: int, end: int, floor: int, want: str, most: int = 0) -> re.Match | None:
    """The first clean marker "(want)" in [after, end) that starts an ayat for sure; with
    `most`, the first of "(want)" to "(want + most)"."""
    kind = _BODY_KINDS["ayat"]
    wanted = {str(int(want) + k) for k in range(most + 1)}
    return next((m for m in kind.pattern.finditer(text, after, end)
                 if _ayat_value(m) in wanted and _item_start(text, m.start(), floor, end)), None)


MAX_LOST_AYAT = 3  # lost markers in a row an article's ayat sequence is read past


def _ayat_past_gaps(text: str, start: int, end: int, seq: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """An article's ayat read past markers OCR lost or garbled, from the in-order
    sequence `_sequence` found (which stops at a gap unless the list plainly resumes).

    - A gap that a garbled marker fills ("(1) … tahun. {2) Menteri …", "(2j", "2)",
      "(2).") where an ayat starts for sure (`_item_start`): that ayat. A marker that
      reads as a number only by taking a letter for a digit ("(l)", "(i)", "(S)") counts
      only where the next ayat's clean marker follows it.
    - A gap no marker fills, where the sequence goes on at an ayat after the lost one
      ("(1) … (3) …", "(2)" lost with the line it stood on; at most `MAX_LOST_AYAT` lost
      in a row): the sequence goes on there; the lost ayat get no number (`_parts` ends
      the ayat before them at its first sentence).
    - An article whose "(1)" OCR lost, whose text goes on to "(2)" where an ayat starts
      for sure: the text before that "(2)" is ayat (1), the article's first words, as
      every article with ayat opens with its ayat (1) — when that text is one sentence.
    Returns the sequence with the ayat found; values that skip mark the lost ones."""
    kind = _BODY_KINDS["ayat"]
    out = list(seq)
    if not out:
        m = _strict_ayat(text, start, end, start, "2")
        if m is None or not text[start : m.start()].strip():
            return []
        # Ayat (1) is one sentence (UU 12/2011, Lampiran II: one ayat, one sentence):
        # text of several before "(2)" is more than a lost "(1)" explains.
        first = _SENTENCE_END.search(text, start, m.start())
        if first is not None and text[first.end() : m.start()].strip():
            return []
        rest = _sequence(text, m.start(), end, kind, False, first="2")
        if not rest or rest[0][1] != m.start():
            return []
        out = [("1", start), *rest]
    while len(out) < 200:
        value, pos = out[-1]
        at = kind.pattern.match(text, pos)
        after = at.end() if at else pos + 1
        want = _succ(value)
        nxt = _strict_ayat(text, after, end, start, _succ(want), MAX_LOST_AYAT - 1)
        skip = _ayat_value(nxt) if nxt else _succ(want)
        limit = nxt.start() if nxt else end
        filled = next((g for g in _GARBLED_AYAT.finditer(text, after, limit)
                       if _garbled_value(g) == want and _item_start(text, g.start(), start, end)
                       and (skip == _succ(want) and nxt is not None
                            or any(c.isdigit() for c in g.group(1) or g.group(2) or g.group(3)))), None)
        if filled is not None:
            rest = _sequence(text, filled.end(), end, kind, False, first=_succ(want))
            out.append((want, filled.start()))
            out.extend(rest)
            continue
        if nxt is None:
            break
        rest = _sequence(text, nxt.start(), end, kind, False, first=skip)
        if not rest or rest[0][1] != nxt.start():
            break
        out.extend(rest)
    return out


# The end of an item's first sentence ("... penempatan. ") or clause ("...; dan "): a full
# stop after a word of three letters or more, a number of three digits or more ("tahun
# 1961.") or a bracket (not "No.", "Rp.", nor a list marker "a.", "6."), or a semicolon.
_SENTENCE_END = re.compile(r"(?:(?<=[A-Za-z]{3})(?<!\bNo)(?<!\bRp)(?<!\bTbk)|(?<=[0-9]{3})|(?<=[)\]\"”'’]))\.(?=\s)")
_CLAUSE_END = re.compile(r";(?=\s)|" + _SENTENCE_END.pattern)


def _item_end(text: str, pos: int, stop: int, kind: str) -> int | None:
    """Where an item followed by a lost one ends: an ayat at its first sentence's end, a
    huruf or angka at its first clause's end, provided text follows before `stop` (the
    next item found). None when no such end is found (a huruf that opens a list of its
    own, whose clauses are its items', has none): the item gets no part at all. When
    nothing but blanks follows that end, the lost item left no words here: `stop`."""
    at = _BODY_KINDS.get(kind)
    m0 = at.pattern.match(text, pos) if at else None
    body = m0.end() if m0 else pos + 1
    if kind != "ayat" and ":" in text[body:stop]:
        return None
    ends = list((_SENTENCE_END if kind == "ayat" else _CLAUSE_END).finditer(text, body, stop))
    if not ends:
        return None
    inner = [e for e in ends if text[e.end() : stop].strip()]
    if not inner:
        return stop  # nothing after the item's end: the lost item left no words here
    # A sentence OCR broke with a stray full stop ("Pemerintah. terkait …") goes on in
    # lower case: an end before a capital, a number or a marker is preferred.
    m = next((e for e in inner if re.match(r"\s*[A-Z0-9({\[]", text[e.end() : stop])), inner[0])
    if re.search(r"[\"“”]", text[body : m.end()]):
        return None  # an end inside a quoted text (an amendment's new wording)
    return m.end()


def lost_ayat(parts: list[Span], unit: str) -> list[str]:
    """The ayat of `unit` its parts skip ("Pasal 20 ayat (1)", "Pasal 20 ayat (3)": "2"):
    markers the source lost, whose words the unit holds under no ayat."""
    head = f"{unit} ayat ("
    values = [int(loc[len(head) : -1]) for loc, _s, _e in parts
              if loc.startswith(head) and loc.endswith(")") and loc[len(head) : -1].isdigit()]
    if not values:
        return []
    seen = set(values)
    # From the first ayat found: a torn article's start (`headings._lost`) is told apart.
    return [str(n) for n in range(min(values), max(values)) if n not in seen]


def _list_parts(text: str, start: int, end: int, prefix: str, kind: str) -> list[Span]:
    """Parts of a unit whose list kind is known (Menimbang: huruf; Mengingat: angka)."""
    k = _BODY_KINDS[kind]
    seq = _sequence(text, start, end, k, notes=False)
    out = []
    for i, (value, pos) in enumerate(seq):
        stop = seq[i + 1][1] if i + 1 < len(seq) else end
        out.append((f"{prefix} {kind} {k.label.format(value)}", pos, stop))
    return out



def ayat_going_back(text: str, start: int, end: int) -> tuple[int, int, int, str] | None:
    """Where the ayat numbering of an article's text [start, end) goes back, the sign of
    a following article whose heading the source lost (`headings._lost`): "(1) … (2) …
    ketenagakerjaan. (2) Dinas …" — a second "(2)" after "(2)". Returns (start and end
    of the marker of the last in-order ayat before it, start of the marker that goes
    back, its value), or None.

    Only an article whose text opens with "(1)" counts, and only a marker that starts an
    item the strict way (`_after_full_stop`)."""
    kind = _BODY_KINDS["ayat"]
    seq = _sequence(text, start, end, kind, False)
    if not seq or text[start : seq[0][1]].strip():
        return None
    in_order = {pos for _v, pos in seq}
    for m in kind.pattern.finditer(text, seq[0][1] + 1, end):
        if m.start() in in_order:
            continue
        value = _ayat_value(m)
        last_value, last_pos = [(v, p) for v, p in seq if p < m.start()][-1]
        if not value.isdigit() or int(value) > int(last_value) or not _after_full_stop(text, m, start, end):
            continue
        last = kind.pattern.match(text, last_pos)
        return last_pos, last.end() if last else last_pos + 1, m.start(), value
    return None


def ayat_markers(text: str, start: int, end: int) -> list[int]:
    """Where ayat markers ("(2)", "(21") in [start, end) stand that are not cited
    ("ayat (1)", "dan (2)")."""
    return [m.start() for m in _BODY_KINDS["ayat"].pattern.finditer(text, start, end) if not _cited(text, m.start(), start)]


def _ayat_value(m: re.Match) -> str:
    """The number of a body ayat marker on its own: "(2)" and "(21" (OCR read ")" as
    "1") are 2; unlike `_marker_value`, no expected value decides."""
    raw = m.group(1)
    return _value(raw if m.group(2) or len(raw) == 1 else raw[:-1])


def _after_full_stop(text: str, m: re.Match, floor: int, end: int) -> bool:
    """An ayat marker that starts an item the strict way: right after a sentence's full
    stop, not cited ("ayat (1) dan (2)"), its text opening like a sentence."""
    token, _ = _previous_token(text, m.start(), floor)
    return (bool(token) and token.endswith(".") and not _cited(text, m.start(), floor)
            and _AYAT_OPENING.match(text, m.start(), end) is not None)
