"""Words broken at line ends, and the document's vocabulary that tells a real hyphen
from a typesetter's."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lines import Line

_WORD = re.compile(r"\w[\w’'\-]*", re.UNICODE)
_HYPHEN_END = re.compile(r"(?P<word>\w[\w\-]*?)-$")
_NEXT_WORD = re.compile(r"^(?P<word>-?\w[\w\-’']*)")


def _broken_word(line: str, nxt: str) -> bool:
    """Does `line` end inside a word that `nxt` finishes ("Pelindung-" "an", "dan/" "atau")?"""
    if line.endswith("\xad"):
        return True
    starts_word = nxt[:1].isalnum() or nxt[:1] == "-"
    return starts_word and (bool(_HYPHEN_END.search(line)) or bool(re.search(r"\w/$", line)))


@dataclass
class _Vocabulary:
    """The document's own words, to tell a typesetter's hyphen from a real one."""

    words: Counter
    heads: Counter  # first parts of hyphenated compounds ("gender" in "gender-based")
    tails: Counter  # their last parts ("based")


def _vocabulary(pages: list[list[Line]]) -> _Vocabulary:
    """Words of the document, not counting the pieces of words broken at line ends."""
    words: Counter = Counter()
    heads: Counter = Counter()
    tails: Counter = Counter()
    broken_next = False
    for lines in pages:
        for line in lines:
            found = _WORD.findall(line.text)
            if broken_next and found:
                found = found[1:]
            broken_next = bool(_HYPHEN_END.search(line.text))
            if broken_next and found:
                found = found[:-1]
            for word in found:
                word = word.lower().strip("-’'")
                words[word] += 1
                parts = word.split("-")
                if len(parts) == 2 and parts[0] and parts[1] and parts[0] != parts[1]:
                    heads[parts[0]] += 1
                    tails[parts[1]] += 1
    return _Vocabulary(words, heads, tails)


def _dehyphenate(left: str, right: str, vocab: _Vocabulary) -> str:
    """How 'left-' at a line end and 'right' at the next line start belong together.

    Returns the joined word: with the hyphen for compounds and reduplication, without it
    for a word the typesetter broke.
    """
    if right.startswith("-"):
        return left + right  # "langkah-" + "-langkah": the printer repeated the hyphen
    last = left.rsplit("-", 1)[-1]
    head = right.split("-", 1)[0]
    if head.lower() == last.lower():
        return f"{left}-{right}"  # reduplication: hak-hak, HAK-HAK
    if last[-1:].isdigit() or head[:1].isdigit():
        return f"{left}-{right}"  # ranges and codes: 2003-2004
    key_r = right.lower().strip("’'")
    joined_n = vocab.words[(left + key_r).lower()]
    hyphened_n = vocab.words[f"{left}-{key_r}".lower()]
    if joined_n != hyphened_n:
        return left + right if joined_n > hyphened_n else f"{left}-{right}"
    # Neither form occurs elsewhere. Two whole words of the document on either side
    # ("forced-" + "prostitution"): a typesetter breaks inside a word, so the hyphen is
    # the text's own; joining them would make a word that exists nowhere.
    if len(last) >= 4 and len(key_r) >= 4 and vocab.words[last.lower()] >= 2 and vocab.words[key_r] >= 1:
        return f"{left}-{right}"
    # A part that forms compounds elsewhere in the document ("gender-based" ->
    # "web-based") keeps the hyphen.
    if len(head) >= 3 and vocab.tails[head.lower()] or len(last) >= 3 and vocab.heads[last.lower()]:
        return f"{left}-{right}"
    if head[:1].isupper() and any(c.islower() for c in last):
        return f"{left}-{right}"  # Undang-Undang, Asia-Pacific
    return left + right
