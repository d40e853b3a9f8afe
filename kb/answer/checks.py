"""Questions kb refuses outright, with one line saying why (the CLI exits non-zero):
an empty question, a question in a language kb does not handle, a citation of a unit
that the cited document does not have."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..citations import missing_part, missing_unit_message, summarise_units  # noqa: F401 (re-exported)
from ..errors import AmbiguousCitation, CitationError, InvalidCitation, QuestionError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from ..catalog import Catalog
    from ..citations import Citation, CitationResolver

# Indonesian and English; Malay is close enough to Indonesian to be read as it.
HANDLED = frozenset({"en", "id", "ms"})


class UnitNotFound(CitationError):
    """The question cites a unit its (indexed) document does not have."""


class AmbiguousUnit(UnitNotFound, AmbiguousCitation):
    """The question cites a unit and no document ("Pasal 30"): raised by `kb ask` as the
    UnitNotFound it always was, and an AmbiguousCitation (HTTP 422 `ambiguous_citation`)."""


class UnreadableUnit(UnitNotFound, InvalidCitation):
    """The question holds a citation one typo away ("Psal 30 UU 18/2017"): raised by `kb
    ask` as the UnitNotFound it always was, and an InvalidCitation (HTTP 422 `invalid_citation`)."""


def check_question(question: object) -> str:
    """The question as kb reads it, stripped: bytes that were not UTF-8 (lone surrogates,
    as a command line passes them) become U+FFFD and terminal escape sequences and control
    characters become spaces (`kb.validate.readable_text`), so no entry point (CLI, HTTP,
    MCP, library) hands the analysers or the embedder text they cannot read. Raises
    QuestionError when the question is not text, is empty (no word at all), has too few
    words kb can read to tell its language, or is written in a language kb does not handle
    (reliably detected by CLD2, the compact language detector of Chromium: kb answers in
    Indonesian and English)."""
    from ..validate import readable_text, unreadable, unreadable_message

    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    # "\x1b[2J\x1b[H" is empty, not a question about "2J"; "paspor\x1b[31m" is "paspor".
    text = readable_text(question).strip()
    if unreadable(question):  # "\xff\xfe\xfd", "\x00\x01": something was given, nothing of it can be read
        raise QuestionError(unreadable_message("question", 'kb ask "Apakah majikan boleh menahan paspor PRT migran?"'))
    if not text:
        raise QuestionError('the question is empty: ask something, e.g. kb ask "Apakah majikan boleh menahan paspor PRT migran?"')
    if not re.search(r"\w", text):  # 400 emoji, "???": it was called empty, which it was not
        raise QuestionError("the question has no readable words (only symbols, punctuation or emoji): ask it in words, "
                            'e.g. kb ask "Apakah majikan boleh menahan paspor PRT migran?"')
    if _only_function_words(text):
        # "apa", "What is it?", "why": nothing says what about; answered, they quoted
        # whatever unit happened to rank first (an IJEPA market-access article for "apa")
        raise QuestionError("the question has no word that says what it is about (only words like "
                            f"'{text.split()[0].strip(_SENTENCE_PUNCTUATION).lower()}'): name the topic, e.g. "
                            'kb ask "Apakah majikan boleh menahan paspor PRT migran?"')
    other = unhandled_language(text)
    if other and not rests_on_words(text):
        # CLD2 names a language for any run of letters ("$(rm -rf /tmp/x) `id` … passwd":
        # Danish, 97 %): a verdict drawn from shell syntax and paths is not said.
        raise QuestionError("the question has too few words kb can read to tell its language: ask it in "
                            'Indonesian or English words, e.g. kb ask "Apakah majikan boleh menahan paspor PRT migran?"')
    if other:
        raise QuestionError(f"kb answers questions in Indonesian or English; this one is in {other}: ask it again "
                            "in Indonesian or English")
    return text


# Sentence punctuation around a word ("cat;", "(paspor)", "¿Puede", "«pas»"); "$", "`", "/",
# "-", "|" are not: "$(rm", "`id`", "-rf", "../etc/passwd" are no words of a sentence.
_SENTENCE_PUNCTUATION = ".,;:!?¿¡\"'“”‘’«»()[]"
_NO_SPACES = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# Words that frame a request without naming what about: English verbs of asking and the
# pieces of contractions ("What's that?"), next to the Indonesian request words
# (kb.lang.REQUEST_WORDS_ID: "Jelaskan", "Apa isinya?").
_FRAME_WORDS = frozenset("explain describe tell say says said list quote show give please s t re ve ll d m".split())


def _only_function_words(text: str) -> bool:
    """Whether every word of `text` is a function word of English or Indonesian
    (kb.lang.stopwords: "apa", "what", "is", "dan"), a word that frames a request
    ("jelaskan", "explain"), or one of these with the Indonesian suffix -nya ("isinya"),
    and none holds a digit ("Pasal 5", "GC 1" are citations): then it names no topic and
    no unit."""
    from ..lang import REQUEST_WORDS_ID, STOPWORDS

    def framing(w: str) -> bool:
        return w in STOPWORDS["en"] or w in STOPWORDS["id"] or w in REQUEST_WORDS_ID or w in _FRAME_WORDS

    words = re.findall(r"\w+", text.lower())
    return bool(words) and not any(re.search(r"\d", w) for w in words) and all(
        framing(w) or (w.endswith("nya") and framing(w[:-3])) for w in words)


def rests_on_words(text: str, min_words: int = 3, min_letters: int = 4) -> bool:
    """Whether a language verdict on `text` rests on words: at least `min_words`
    whitespace-separated words of `min_letters` letters or more (letters, with inner
    apostrophes or hyphens: "l'employeur", "peut-il"), and words are at least half of its
    tokens. Shell syntax, paths, flags and symbols are no words. Text in a script written
    without spaces (Chinese, Japanese, Thai, Korean...) rests on its characters: True."""
    if _NO_SPACES.search(text):
        return True
    tokens = text.split()
    words = [t for t in (tok.strip(_SENTENCE_PUNCTUATION) for tok in tokens)
             if t and re.sub(r"(?<=\w)['’-](?=\w)", "", t).isalpha()]
    return len([w for w in words if len(w) >= min_letters]) >= min_words and 2 * len(words) >= len(tokens)


def indonesian_or_english_share(text: str) -> float:
    """Share (0-1) of a text's words of two letters or more that are Indonesian or English
    stopwords or citation words (kb.lang): 0.0 for a text without such words."""
    from ..lang import CITATION_WORDS, tokenize
    from ..lang.stopwords import STOPWORDS

    words = [w for w in tokenize(text) if len(w) > 1 and not w.isdigit()]
    if not words:
        return 0.0
    known = sum(1 for w in words if w in STOPWORDS["id"] or w in STOPWORDS["en"] or w in CITATION_WORDS)
    return known / len(words)


def unhandled_language(text: str) -> str | None:
    """The name of the language `text` is written in when CLD2 is sure it is neither
    Indonesian (nor Malay) nor English, else None. Short or mixed inputs (a bare
    citation, an acronym) are never refused: CLD2 does not call them reliable."""
    try:
        import pycld2
    except ImportError:  # pragma: no cover - a dependency of kb
        return None
    try:
        reliable, _n, details = pycld2.detect(text)
    except Exception:  # pycld2.error on text it cannot decode: not kb's call to refuse it
        return None
    if not reliable or not details:
        return None
    name, code, percent, _score = details[0]
    if code in HANDLED or code == "un" or percent < 50:
        return None
    # CLD2 reads short Indonesian citations as a neighbouring language ("Komentar Umum No.
    # 1 paragraf 41": Javanese, 96 %): when most words are Indonesian or English function
    # or citation words, the question is kb's to answer.
    if indonesian_or_english_share(text) >= 0.5:
        return None
    return name.capitalize()


def check_joined_units(question: str) -> None:
    """Raise UnreadableUnit (an InvalidCitation) when the question cites a unit and then a
    second number joined by what kb does not read as a list or a range ("UU 18/2017 Pasal
    30 atau 31", "GC 2 para 24 or 25"), with the line `kb show` gives for that citation
    (kb.citations.dropped_number): answered, the first unit alone was quoted as if it were
    all that was asked for. "atau" between words ("denda atau pidana") is prose and passes."""
    from ..citations import dropped_number

    message = dropped_number(question)
    if message:
        raise UnreadableUnit(message)


def check_cited_unit(citation: "Citation | None", catalog: "Catalog", units_by_doc: "Mapping[str, list[str]]") -> None:
    """Raise UnitNotFound when `citation` names a unit of an indexed document that has no
    such unit: "UU No. 18 Tahun 2017 has no Pasal 999; it has Pasal 1–91"
    (`kb.citations.missing_unit_message`, which says what is checked)."""
    message = missing_unit_message(citation, catalog, units_by_doc)
    if message:
        raise UnitNotFound(message)


def check_readable_citation(question: str, citation: "Citation | None") -> None:
    """Raise UnreadableUnit with `kb show`'s refusal when the question is a citation kb
    cannot read as typed and nothing more ("UU 18/2017 Pasal 30 atau 31", "Apa isi GC 1
    para 1O?"; `kb.citations.unreadable_citation`): it was answered from the unit read
    (Pasal 30, para 1) as if that were all that was cited."""
    from ..citations import unreadable_citation

    message = unreadable_citation(question, citation)
    if message:
        raise UnreadableUnit(message)


def check_general_comment(resolver: "CitationResolver", text: str) -> None:
    """Raise UnitNotFound when `text` names a general comment of the Committee that the
    catalogue does not have ("GC 9 para 1"): "the catalogue has no general comment No. 9
    of the Committee on Migrant Workers; it has general comments No. 1–8"
    (`CitationResolver.unknown_general_comment`; another treaty body's is not judged)."""
    message = resolver.unknown_general_comment_message(text)
    if message:
        raise UnitNotFound(message)


def check_cited_parts(citation: "Citation | None", catalog: "Catalog",
                      parts_of: "Callable[[str, str], tuple[list[str], str] | None]") -> None:
    """Raise UnitNotFound when `citation` names an ayat, huruf, angka, an article's
    paragraph or a paragraph's sub-paragraph that its unit, as indexed, does not have
    although it has others of that kind (`missing_part`).

    `parts_of(doc_id, unit)`: the locators of the unit's parts ("Pasal 6 ayat (1) huruf
    j") and the unit's text, or None when the document does not hold the unit."""
    if citation is None or not citation.complete:
        return
    for doc_id, unit, locator in citation.targets:
        if not locator or locator == unit:
            continue
        doc = catalog.find(doc_id or "")
        got = parts_of(doc_id, unit) if doc is not None else None
        if got is None:
            continue
        parts, text = got
        message = missing_part(doc, unit, locator, parts, text)
        if message:
            raise UnitNotFound(message)
