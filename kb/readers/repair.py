"""Words glued where an earlier extraction deleted line breaks instead of turning them
into spaces ("the territory ofJapan, and all the area beyond itsterritorial sea").

Some published texts (the ToTA treaty XML among them) were made from PDFs by a tool that
dropped every line break: each former line end glues two words. Such documents are easy
to tell from clean ones: the share of words that occur once and split into two of the
document's common words is about 3 % of all words there and under 0.1 % in clean texts.
Only such documents are repaired, and only splits that the document's own vocabulary
supports: a capital inside a word ("ofJapan"), or a function word glued to a word the
document uses elsewhere ("thecompensation", "measureis"). Real compounds of a function
word ("thereof", "within", "inappropriate") are left alone.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"[^\W\d_]+")
# Closed-class English words: a glue joins one of them to a neighbour far more often
# than two content words.
_FUNCTION = frozenset(
    "a an the of to in on at by for from with as or and nor but is are be been was were has have had "
    "may shall will would should can could must not no its it their his her our your this that these "
    "those such which who whom whose what any each all other into upon under between within without "
    "than then also only so if where when while after before during through against about".split()
)
# A glued function word on the left that also starts ordinary words (negation "in-",
# "under-", "with-", "be-"...): split only before another function word or an inflected
# form ("inwhich", "beapplied", "inservices"), never before a bare stem ("informal").
_PREFIX_LIKE = frozenset("in under with be an any for out over up through on to no some every".split())
_NEVER_LEFT = frozenset("there where here can what when how who whom whose what".split())
_COMPOUNDS = frozenset(
    "today tonight toward towards together another cannot within without upon into onto anyone anything "
    "anywhere anyway someone something somewhere however whatever whenever wherever whereas throughout "
    "forward forwards became become becomes before behalf being belong belongs below beside besides "
    "between beyond undertake undertaken undertakes undertaking inform informed informs inline "
    "overall income outcome output input upon nobody nothing nowhere notwithstanding".split()
)
# Words that open a noun phrase: a function word glued before one of them is a glue
# ("ofthe", "tothe", "inan", "theother") even where the glue recurs, since no English
# word is made of the two ("another" and "bean" are the exceptions, kept).
_DETERMINERS = frozenset("the this that these those such its their each any an which whom whose other".split())
_KEPT_PAIRS = frozenset({"another", "bean"})
# Two more recurring glues no English word is made of: a conjunction before a function
# word ("andin", "andthe") and an auxiliary before "be", "been" or "not" ("shallbe",
# "hasbeen"; "maybe" and "cannot" are words and are not matched).
_CONJUNCTIONS = frozenset({"and"})
_AUXILIARIES = frozenset("shall should would will must has have had could is are was were".split())
_AFTER_AUXILIARY = frozenset({"be", "been", "not"})
_SHARE = 0.005  # repair only documents where candidates are at least this share of words
_MIN_CANDIDATES = 20


def split_glued_words(texts: list[str]) -> tuple[list[str], int]:
    """The texts of one document with glued words split, and how many splits were made.
    Texts are repaired together (one vocabulary); a document that does not show the
    kind is returned unchanged."""
    words = [w for text in texts for w in _TOKEN.findall(text)]
    counts = Counter(w.lower() for w in words)
    splits: dict[str, str] = {}
    for word in set(words):
        fixed = _split(word, counts)
        if fixed:
            splits[word] = fixed
    if len(splits) < _MIN_CANDIDATES or len(splits) < _SHARE * max(1, len(words)):
        return texts, 0
    made = 0
    out = []
    for text in texts:
        new, n = _TOKEN.subn(lambda m: splits.get(m.group(0), m.group(0)), text)
        out.append(new)
        made += sum(1 for w in _TOKEN.findall(text) if w in splits)
    return out, made


def _split(word: str, counts: Counter) -> str | None:
    lower = word.lower()
    if len(lower) < 5 or word.isupper() or lower in _COMPOUNDS:
        return None
    # "ofJapan", "HarmonizedSystem": a capital after lower-case letters (the same glue
    # can recur, "Republic ofIndonesia" in each signature block).
    m = re.match(r"^([a-z]+|[A-Z][a-z]+)([A-Z][a-z]+|[A-Z]{2,}[a-z]*)$", word)
    if m and counts[lower] <= 3:
        left, right = m.group(1), m.group(2)
        if counts[left.lower()] >= 2 and counts[right.lower()] >= 2:
            return f"{left} {right}"
    for i in range(2, len(lower) - 1):  # "ofthe" x 53 in one treaty: recurring glue of two function words
        left, right = lower[:i], lower[i:]
        if lower in _KEPT_PAIRS:
            break
        if (left in _FUNCTION and right in _DETERMINERS or left in _CONJUNCTIONS and right in _FUNCTION
                or left in _AUXILIARIES and right in _AFTER_AUXILIARY):
            return f"{word[:i]} {word[i:]}"
    if counts[lower] > 1:
        return None
    best: tuple[int, int] | None = None
    for i in range(1, len(lower) - 1):
        left, right = lower[:i], lower[i:]
        if i == 1 and left != "a":
            continue
        if left in _NEVER_LEFT or left not in _FUNCTION and right not in _FUNCTION:
            continue
        # The function word is common; the word it is glued to occurs elsewhere too.
        if min(counts[left], counts[right]) < 2 or max(counts[left], counts[right]) < 3:
            continue
        if len(left) < 3 and left not in _FUNCTION or len(right) < 3 and right not in _FUNCTION:
            continue
        if left in _PREFIX_LIKE and right not in _FUNCTION and not re.search(r"(?:s|ed|ing)$", right):
            continue
        score = counts[left] * counts[right]  # the likelier segmentation (unigram model)
        if best is None or score > best[0]:
            best = (score, i)
    if best is None:
        return None
    return f"{word[:best[1]]} {word[best[1]:]}"
