"""A convention's Regulations and Code after its articles: the Maritime Labour Convention,
2006 (ILO), which Indonesia ratified (UU 15/2016) and which protects migrant seafarers,
prints sixteen Articles, then an explanatory note, then "TITLE 1" … "TITLE 5", each with
its Regulations ("Regulation 1.1 – Minimum age"), mandatory Standards ("Standard A1.1")
and non-mandatory Guidelines ("Guideline B1.1", "Guideline B1.2.1"). Each is cited by
that name, so each is a unit, under its Title; without them every Regulation, Standard
and Guideline was text of the last article.

The words are the text's language's: English, Dutch ("Voorschrift 1.1", "Norm A1.1",
"Leidraad B1.1") and Indonesian ("Peraturan 1.1", "Standar A1.1", "Pedoman B1.1"), picked
by the word of the articles they follow ("Article", "Artikel", "Pasal").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .common import clean_text
from .generic import Line, ends_sentence, looks_like_title

_MD = r"(?:\#{1,6}[ \t]*)?"
# A provision heading alone at a line's start, its number after the word: a Regulation's
# has no letter, a Standard's is A…, a Guideline's B… (the Code's Parts A and B).
_PROVISION = re.compile(
    rf"^[ \t]*{_MD}(?P<word>[A-Z][A-Za-z]+)[ \t]+(?P<n>[AB]?\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})(?![\w.])[ \t]*(?P<rest>.*)$"
)
# heading word of the articles -> {provision word: the letter its number takes}
_WORDS = {
    "Article": {"regulation": "", "standard": "A", "guideline": "B"},
    "Artikel": {"voorschrift": "", "norm": "A", "leidraad": "B", "richtlijn": "B"},
    "Pasal": {"peraturan": "", "standar": "A", "pedoman": "B"},
}
_TITLE_WORDS = {"Article": "title", "Artikel": "titel", "Pasal": "bab"}
_TITLE = re.compile(rf"^[ \t]*{_MD}(?P<word>[A-Za-z]+)[ \t]+(?P<n>\d{{1,2}})[ \t]*$")
_NOTE = re.compile(rf"^[ \t]*{_MD}(?P<note>(?:EXPLANATORY|Explanatory)[ \t]+(?:NOTE|[Nn]ote)|(?:TOELICHTING|Toelichting))\b[^\n]{{0,120}}$")
MIN_PROVISIONS = 2  # one line that happens to read "Standard A1.1 …" makes no Code

Heading = tuple[int, str, "str | None", int]  # (line, unit name, title, first body line)


def code_headings(lines: Sequence[Line], lo: int, hi: int, article_word: str,
                  after: int) -> tuple[list[Heading], dict[int, tuple[int, str]]]:
    """The Code's unit headings among lines[after:hi] (the explanatory note, each
    Regulation, Standard and Guideline) and its Title divisions as {line: (level, title)};
    nothing when fewer than MIN_PROVISIONS provisions open a block there."""
    words = _WORDS.get(article_word)
    if not words:
        return [], {}
    found: list[Heading] = []
    seen: set[str] = set()
    for i in range(max(lo, after), hi):
        m = _PROVISION.match(lines[i].text)
        if not m or not _is_provision(m, words) or not _opens(lines, i):
            continue
        name = f"{m.group('word').title()} {m.group('n')}"
        if name in seen:
            continue
        seen.add(name)
        title, body = _caption(lines, i, m.group("rest"), hi)
        found.append((i, name, title, body))
    if len(found) < MIN_PROVISIONS:
        return [], {}
    first = found[0][0]
    note = _explanatory_note(lines, max(lo, after), first)
    titles, intros = _titles(lines, max(lo, after), hi, _TITLE_WORDS[article_word], {i for i, *_ in found})
    return sorted(([note] if note else []) + found + intros), titles


def _is_provision(m: re.Match, words: dict[str, str]) -> bool:
    """The word is one of the Code's and the number has the letter that word takes."""
    letter = words.get(m.group("word").lower())
    if letter is None:
        return False
    number = m.group("n")
    return number[0] == letter if letter else number[0].isdigit()


def _opens(lines: Sequence[Line], i: int) -> bool:
    """After a blank line, a finished sentence or a heading: not a wrapped sentence's
    continuation ("… as provided in\nRegulation 2.1 and …")."""
    if i == 0 or lines[i - 1].blank:
        return True
    prev = clean_text(re.sub(r"^#{1,6}[ \t]*", "", lines[i - 1].text))
    return (not prev or ends_sentence(prev) or looks_like_title(prev, max_len=120)
            or lines[i - 1].text.lstrip().startswith("#") or bool(re.fullmatch(r"\([^()]{1,40}\)", prev)))  # "(No provisions)"


def _caption(lines: Sequence[Line], i: int, rest: str, hi: int) -> tuple[str | None, int]:
    """The provision's caption ("Minimum age") after its number on the line, or alone on
    the next line ("– Minimum age"), and the line its text starts on."""
    caption = rest.strip().lstrip("–—-:. ").strip()
    if caption:
        return clean_text(caption), i + 1
    j = next((k for k in range(i + 1, hi) if not lines[k].blank), None)
    if j is None:
        return None, i + 1
    raw = re.sub(r"^#{1,6}[ \t]*", "", lines[j].text.strip())
    candidate = raw.lstrip("–—-:. ").strip()
    if candidate and len(candidate) <= 100 and candidate[-1] not in ".;:," and candidate[0].isupper() \
            and (raw != candidate or lines[j].text.lstrip().startswith("#")):
        return clean_text(candidate), j + 1
    return None, i + 1


def _explanatory_note(lines: Sequence[Line], lo: int, first: int) -> Heading | None:
    """The explanatory note printed between the articles and the Code (it "does not form
    part of the Convention"): a unit of its own, not text of the last article."""
    for i in range(lo, first):
        m = _NOTE.match(lines[i].text)
        if m:
            name = "Toelichting" if m.group("note").lower() == "toelichting" else "Explanatory note"
            return i, name, clean_text(re.sub(r"^[ \t]*#{1,6}[ \t]*", "", lines[i].text)), i + 1
    return None


def _titles(lines: Sequence[Line], lo: int, hi: int, word: str,
            provisions: set[int]) -> tuple[dict[int, tuple[int, str]], list[Heading]]:
    """"TITLE 1" lines alone (their caption on the next line) among the provisions: the
    Code's divisions, and a unit "Title 5" for the text some Titles print before their
    first Regulation. The explanatory note's list ("Title 1: Minimum requirements …")
    is text, not a division."""
    divisions: dict[int, tuple[int, str]] = {}
    intros: list[Heading] = []
    for i in range(lo, hi):
        m = _TITLE.match(lines[i].text)
        if not m or m.group("word").lower() != word:
            continue
        name = f"{m.group('word').title()} {m.group('n')}"
        nxt = [k for k in range(i + 1, hi) if not lines[k].blank][:2]
        if not nxt or nxt[0] in provisions:
            divisions[i] = (1, name)
            continue
        caption = clean_text(re.sub(r"^[ \t]*#{1,6}[ \t]*", "", lines[nxt[0]].text))
        divisions[i] = (1, clean_text(f"{name} {caption}"))
        if len(nxt) > 1 and nxt[1] not in provisions:
            intros.append((nxt[0], name, caption, nxt[0] + 1))
    return divisions, intros
