"""One validator per kind of value people give kb: document ids, dates, URLs, one-line
metadata, party codes, queries, query files and text files' encoding.

Plain functions over plain values, used alike by the catalogue (so the Python API and the
user catalogue on disk get the same checks), the CLI and the HTTP service: each returns
the value (normalised where it says so) or raises a `KbError` subclass whose one-line
message names the value and says what to give instead. Values are quoted with `repr`, so
a control character in what a user typed shows as `\\x1b`, never reaches a terminal raw.

Only the standard library loads here.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from . import limits
from .errors import InputError, InvalidIdError, LimitError

# The id grammar: a folder name under library/ and a token in citations. `\Z`, not `$`:
# `$` also matches before a final newline, which let "mou-x\n" in as a second "mou-x".
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}\Z")
ID_RULE = "lower-case letters, digits, '.', '-', '_' (at most 80, starting with a letter or digit; no '/', no '..')"
# ASCII digits only: "٢٠١٧" (Arabic-Indic) matched \d and passed, then dates were compared
# as text and such a filter excluded every document ("no results", exit 0).
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
# C0 and C1 controls, DEL, line and paragraph separators, bidi overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_PARTY = re.compile(r"[A-Z][A-Z0-9-]{1,15}\Z")


def shown(value: object, width: int = 60) -> str:
    """`value` as it is quoted in messages: repr (control characters escaped), shortened."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 5] + "…" + text[-4:]


def shown_citation(citation: object) -> str:
    """A citation as error messages quote it: `shown`, cut in the middle past 160
    characters (a citation of 2,000 characters was echoed whole in its one-line error)."""
    return shown(citation, 160)


def document_id(value: object) -> str:
    """A catalogue id: lower-case letters, digits, '.', '-', '_' (e.g. mou-id-my-2022).
    Raises InvalidIdError (a CatalogError and an InputError)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value) or ".." in value:
        raise InvalidIdError(f"invalid document id {shown(value)}: use {ID_RULE}, e.g. mou-id-my-2022")
    return value


def calendar_date(value: object, what: str = "date") -> str:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD that exists in the calendar (2024-02-29 yes,
    2023-02-29 and 2024-13-45 no). Raises InputError."""
    m = _DATE.match(value) if isinstance(value, str) else None
    if m is None and isinstance(value, str) and any(c.isdigit() and not c.isascii() for c in value):
        raise InputError(f"{what} {shown(value)} has digits other than 0-9: write the date with 0-9, e.g. 2017-11-22")
    if m is None:
        raise InputError(f"{what} {shown(value)} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2017-11-22")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        datetime.date(year, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise InputError(f"{what} {shown(value)} is not a calendar date ({exc}); e.g. 2017-11-22") from None
    return value


MAX_URL_CHARS = 2000  # what browsers and servers reliably take; a longer "address" is no source to cite


def http_url(value: object, what: str = "URL", printed: bool = False) -> str:
    """An absolute http:// or https:// URL with a host (what kb links to and downloads
    from; `javascript:`, `file:`, `data:` and relative URLs are refused), at most
    MAX_URL_CHARS; with `printed` (a document's URL, which kb shows with every answer that
    cites the document), without a user name or password. Raises InputError."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} {shown(value)} is not a URL: give an http:// or https:// address")
    if _CONTROL.search(value) or _SURROGATE.search(value) or any(c.isspace() for c in value):
        raise InputError(f"{what} {shown(value)} holds spaces or control characters: give an http(s) address")
    if len(value) > MAX_URL_CHARS:
        raise InputError(f"{what} is {len(value):,} characters; an address is at most {MAX_URL_CHARS:,}: "
                         "give the document's page or file address")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise InputError(f"{what} {shown(value)} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{what} {shown(value)} is not an http:// or https:// address; kb links to and "
                         "downloads from the web only")
    if not parts.hostname:
        raise InputError(f"{what} {shown(value)} has no host name, e.g. https://www.example.org/doc.pdf")
    if printed and (parts.username is not None or parts.password is not None):
        raise InputError(f"{what} {shown(value)} holds a user name or password (before '@'); kb prints the "
                         "address with every citation: give it without them")
    return value


def one_line(value: object, what: str, max_chars: int = 1000) -> str:
    """Text shown on one line (a title, a citation, a status): non-empty, without control
    characters or line breaks, at most `max_chars`. Raises InputError."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} {shown(value)} must be non-empty text")
    if _CONTROL.search(value):
        raise InputError(f"{what} {shown(value)} holds line breaks or control characters; give one line of text")
    if _SURROGATE.search(value):  # bytes that are not UTF-8 on the command line ("\udcff"): stored, a traceback
        raise InputError(f"{what} {shown(value)} holds bytes that are not UTF-8 text; type it again in UTF-8")
    if unreadable(value):  # "\u200b": a title or citation that shows nothing
        raise InputError(f"{what} {shown(value)} shows nothing (only zero-width or combining characters); "
                         "give it in words")
    if len(value) > max_chars:
        raise InputError(f"{what} is {len(value):,} characters; at most {max_chars:,}")
    return value


# What a document's status may say. kb reads a status starting "repealed" or "dicabut" as
# law no longer in force and any other as in force (kb.models.Document.repealed), so a
# status outside these words ("revoked", "expired", "tidak berlaku") was shown as written
# and searched as law in force (`--in-force` kept it, answers quoted it as current).
STATUS_WORDS = ("in force", "adopted", "signed", "ratified", "berlaku", "repealed", "dicabut")
_NOT_IN_FORCE = ("revoked", "expired", "terminated", "superseded", "lapsed", "withdrawn", "replaced", "abrogated",
                 "annulled", "void", "not in force", "no longer", "tidak berlaku", "dibatalkan", "kedaluwarsa")


def document_status(value: object, what: str = "status") -> str:
    """A document's status: one line starting with one of STATUS_WORDS ("in force",
    "adopted", "signed", "repealed by UU 18/2017", "dicabut"), any case. Raises InputError
    for other words, saying to write "repealed" for law no longer in force."""
    text = one_line(value, what, max_chars=200)
    low = " ".join(text.lower().split())
    if low.startswith(STATUS_WORDS):
        return text
    hint = ("; for law no longer in force write \"repealed\" (e.g. \"repealed by UU 18/2017\"), which kb "
            "leaves out of --in-force searches") if low.startswith(_NOT_IN_FORCE) or "force" in low else ""
    raise InputError(f"{what} {shown(value)} is not a status kb reads: start it with one of "
                     f"{', '.join(repr(w) for w in STATUS_WORDS)}{hint}")


def note_text(value: object, what: str, max_chars: int = 5000) -> str:
    """A note or an action a user records (`kb recs set --note/--action`): text that shows
    something, line breaks and tabs allowed but no other control character or escape
    sequence, at most `max_chars`. Raises InputError (a 120,000-character note, an escape
    sequence, a zero-width space were stored as given)."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"the {what} text cannot be empty")
    if _ESCAPE_SEQUENCE.search(value) or _TEXT_CONTROL.search(value.replace("\n", "").replace("\t", "")) \
            or _BIDI.search(value):
        raise InputError(f"the {what} {shown(value)} holds control characters or escape sequences; give plain text")
    if unreadable(value):
        raise InputError(f"the {what} {shown(value)} shows nothing (only zero-width or combining characters)")
    if len(value) > max_chars:
        raise InputError(f"the {what} is {len(value):,} characters; at most {max_chars:,}: keep the text in a "
                         "document and note where it is")
    return value


def party_code(value: object) -> str:
    """A party or jurisdiction code: ISO 3166 alpha-3 ("IDN", "MYS") or a name such as
    "ASEAN", "UN", "ID-JP"; upper-cased. Raises InputError."""
    code = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(code, str) or not _PARTY.match(code):
        raise InputError(f"party {shown(value)} is not a code: give ISO 3166 alpha-3 codes (IDN, MYS) or ASEAN, UN")
    return code


# --- queries ---------------------------------------------------------------------------

# Terminal escape sequences: CSI ("\x1b[31m", "\x1b[2J"), OSC ("\x1b]0;title\x07") and
# two-character ones ("\x1bc"), and CSI and OSC in their 8-bit C1 forms ("\x9b2J",
# "\x9d0;title\x9c").
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
                              r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c\x1b]*(?:\x07|\x9c)?")
# Controls that separate words when they reach text (C0 but tab and line breaks, DEL, C1,
# line and paragraph separators) and invisible bidi controls that do not.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates: Python decodes command-line arguments and environment variables that are
# not UTF-8 with "surrogateescape" (byte 0xc3 -> "\udcc3"); such a str cannot be encoded.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def readable_text(text: str) -> str:
    """`text` as kb's analysers and embedder read it: a lone surrogate (a byte that was not
    UTF-8, as Python passes it from a command line) becomes U+FFFD, as the HTTP service
    already decodes such bytes, so one question gets one answer on every interface;
    terminal escape sequences and control characters (ESC, BEL, NUL, DEL...) become a
    space, so "paspor\x1b[31m" is the word "paspor", not "paspor", "31", "m"; bidi
    controls are dropped; runs of spaces become one. Tabs and line breaks are kept. O(len(text))."""
    if text.isprintable():  # the common case, checked in C
        return text
    text = _SURROGATE.sub("\ufffd", text)
    text = _BIDI.sub("", _TEXT_CONTROL.sub(" ", _ESCAPE_SEQUENCE.sub(" ", text)))
    return re.sub(r"  +", " ", text) if "  " in text else text


# Typed forms of ordinary letters that the analysers and the embedder read as other words:
# full-width Latin letters and digits (an East Asian keyboard: "ｐａｓｐｏｒ"), and a soft
# hyphen or zero-width character inside a word (pasted from a PDF or a web page:
# "pa\u00adspor"). "paspor" typed so was searched as noise and `kb ask` abstained.
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")
# Also the other characters that show nothing and join nothing in a word (bidi marks
# LRM/RLM, the combining grapheme joiner, the Mongolian vowel separator, the invisible
# operators), and the zero-width (non-)joiner between Latin letters (in Persian or Indic
# script they shape letters and stay): "pa\u200cspor" was searched as "pa" and "spor".
_INSIDE_WORD = re.compile(
    r"(?<=\w)[\u00ad\u200b\u2060\ufeff\u200e\u200f\u034f\u180e\u2061-\u2064]+(?=\w)"
    r"|(?<=[A-Za-z0-9\u00c0-\u024f])[\u200c\u200d\u00ad\u200b\u2060\ufeff\u200e\u200f\u034f\u180e\u2061-\u2064]+"
    r"(?=[A-Za-z0-9\u00c0-\u024f])")


def typed_words(text: str) -> str:
    """A query or question as the analysers should read it: full-width ASCII forms as ASCII,
    a soft hyphen or zero-width character inside a word removed. Text without them is
    returned as it is (the common case: one C-level check each)."""
    if _FULLWIDTH.search(text):
        text = _FULLWIDTH.sub(lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text)
    if _INSIDE_WORD.search(text):
        text = _INSIDE_WORD.sub("", text)
    return text


# Characters that show nothing by themselves: U+FFFD (a byte that was not UTF-8), format
# characters (zero-width space and joiners, the byte-order mark, bidi marks: category Cf)
# and combining marks without a letter to sit on (Mn, Me).
_INVISIBLE = frozenset(("Cf", "Mn", "Me", "Cc", "Cs", "Co", "Cn"))


def unreadable(text: str) -> bool:
    """Whether `text` holds something but nothing kb can read: only bytes that were not
    UTF-8 (U+FFFD once read), terminal escapes and control characters ("\xff\xfe\xfd",
    "\x1b[2J"), zero-width and other format characters ("\u200b"), combining marks with
    no letter. Not of a blank text (that is empty) nor of punctuation. Stops at the first
    readable character."""
    if not text.strip():
        return False
    import unicodedata

    for ch in readable_text(text):
        if ch.isspace() or ch == "\ufffd":
            continue
        if unicodedata.category(ch) not in _INVISIBLE:
            return False
    return True


def unreadable_message(what: str, example: str) -> str:
    """The one-line error for an `unreadable` query or question, with an `example` command."""
    return f"the {what} has no readable text (only undecodable bytes or control characters): give it in words, e.g. {example}"


def _only_controls(value: object) -> bool:
    """Whether a text that reads as blank held characters (control characters, a terminal
    escape, a NUL): it is said to have no readable text, not to be empty, which it was not."""
    return isinstance(value, str) and bool(value.strip())


def query(value: object, what: str = "query") -> str:
    """A query (or question, citation, topic) as text kb can read (`readable_text`: bytes
    that were not UTF-8 -> U+FFFD, terminal escapes and control characters -> spaces).
    Raises InputError for a value that is not text (None, a number, a list...)."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, not {type(value).__name__} {shown(value, 40)}")
    return readable_text(value)


def search_query(value: object, what: str = "query", example: str = 'kb search "biaya penempatan"') -> str:
    """A query to search for, as every interface takes it (the CLI, GET and POST /search,
    the MCP `search` tool, `KnowledgeBase.search`): text (`query`), not blank, and with
    something readable in it (`unreadable`: not only control characters, undecodable
    bytes or zero-width characters). Raises InputError with the one line `kb search`
    gives; `example` is the command it suggests."""
    text = query(value, what)
    if not text.strip() and _only_controls(value):
        raise InputError(unreadable_message(what, example))
    if not text.strip():
        raise InputError(f"the {what} is empty: search for something, e.g. {example}")
    if unreadable(text):
        raise InputError(unreadable_message(what, example))
    return text


def no_word_message(what: str, text: str, example: str = 'kb search "biaya penempatan"') -> str:
    """The one-line refusal of a query with no word to search for (kb.api: only function
    words, "the", "apa")."""
    return f"the {what} {shown(text.strip(), 40)} has no word to search for: search for words, e.g. {example}"


def count(value: object, what: str, low: int = 1, high: int | None = None) -> int:
    """A whole number a caller gives (`k` results, `per_family`, an article number) within
    [low, high]: an int (not a bool, a float, a string or None). Raises InputError naming
    `what` and the range."""
    span = f"from {low:,} to {high:,}" if high is not None else f"of at least {low:,}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number {span}, not {type(value).__name__} {shown(value, 40)}")
    if value < low or (high is not None and value > high):
        raise InputError(f"{what} is {shown(value, 40)}; give a whole number {span}")
    return value


def flag(value: object, what: str) -> bool:
    """A yes/no argument of the Python API (`in_force`, `use_llm`, `rebuild`, `download`,
    `priority`...): True or False only. Raises InputError for anything else: "no" and 1
    were taken as true (`search(in_force="no")` filtered, `index(rebuild="no")` rebuilt
    everything)."""
    if not isinstance(value, bool):
        raise InputError(f"{what} must be True or False, not {type(value).__name__} {shown(value, 40)}")
    return value


def progress_argument(value: object, what: str, methods: tuple[str, ...] = ()) -> object:
    """A progress argument of the Python API: None, or an object with the `methods` it is
    told through (`index`: message, document, embedded), or a callable when `methods` is
    empty (`fetch`, `brief`). Raises InputError before any work: `index(progress=5)` was
    an AttributeError traceback once the build had started."""
    if value is None:
        return value
    missing = [m for m in methods if not callable(getattr(value, m, None))]
    if missing or (not methods and not callable(value)):
        need = f"an object with {', '.join(methods)} methods (kb.index.build.Progress)" if methods else "a callable"
        raise InputError(f"{what} must be None or {need}, not {type(value).__name__} {shown(value, 40)}")
    return value


def optional_text(value: object, what: str) -> str | None:
    """An optional text argument of the Python API (a filter such as `doc`, `theme`,
    `lead`, a status): None or a string. Raises InputError for another type (an int was an
    AttributeError traceback, a list matched nothing without a word)."""
    if value is not None and not isinstance(value, str):
        raise InputError(f"{what} must be text, not {type(value).__name__} {shown(value, 40)}")
    return value


def text_list(value: object, what: str) -> list[str]:
    """A list of strings the Python API takes (document ids, queries, party codes): one
    string is a list of one (it was iterated letter by letter: `fetch("uu-18-2017")` said
    "unknown document id 'u'"); None or anything else that is not a list, tuple or set of
    strings raises InputError."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise InputError(f"{what} must be text or a list of text, not {type(value).__name__} {shown(value, 40)}")


def path_argument(value: object, what: str) -> str | os.PathLike:
    """A file path the Python API takes (a document to add, a file to write): a str or a
    path object. Raises InputError for None or another type (a TypeError traceback)."""
    if isinstance(value, bytes):
        return os.fsdecode(value)
    if not isinstance(value, (str, os.PathLike)):
        raise InputError(f"{what} must be a file path (text), not {type(value).__name__} {shown(value, 40)}")
    return value


# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): between a
# citation's characters they change the order it shows in ("Pasal \u202e03" shows as
# "Pasal 30"), so what the user saw and what kb read differ.
_BIDI_REORDERING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_INSIDE = re.compile(f"[{_BIDI_REORDERING}]")


def citation(value: object) -> str:
    """A citation to look up ("UU 18/2017 Pasal 30"): text of at most KB_MAX_QUERY_CHARS
    characters (refused, not cut: a cut citation would name something else). A bidi
    embedding, override or isolate between its characters is refused (InputError): it
    makes the citation show other than it reads ("Pasal \u202e03" shows "Pasal 30" and
    was read as Pasal 3, on every interface); one that only wraps the citation (pasted
    from a web page) is dropped."""
    if isinstance(value, str):
        bidi = _BIDI_INSIDE.search(value.strip(_BIDI_REORDERING + " \t\r\n"))
        if bidi:
            raise InputError(f"the citation holds a bidi control (U+{ord(bidi.group()):04X}) between its characters, "
                             "which changes the order they show in: type the citation again without it, "
                             "e.g. 'UU 18/2017 Pasal 30'")
    text = query(value, "citation")
    if not text.strip() and _only_controls(value):
        raise InputError(unreadable_message("citation", "kb show \"UU 18/2017 Pasal 30\""))
    if not text.strip():  # "" was "cannot tell which document '' cites"
        raise InputError("the citation is empty: give one, e.g. 'UU 18/2017 Pasal 30', 'CMW/C/GC/2 para 24'")
    limit = int(limits.value("max_query_chars"))
    if len(text) > limit:
        raise LimitError(f"the citation is {len(text):,} characters; a citation is at most {limit:,} "
                         "(KB_MAX_QUERY_CHARS), e.g. 'UU 18/2017 Pasal 30'")
    return text


def optional_filter(value: object, what: str, example: str) -> str | None:
    """An optional text filter (`kb.recommendations(doc=..., theme=...)`): None when not
    given, else text (`query`) that is not blank. Raises InputError naming `what` and an
    `example`: an empty filter (an unset variable, a cleared form field) was taken as no
    filter, and every recommendation came back as if it matched."""
    if value is None:
        return None
    text = query(value, what)
    if not text.strip() and _only_controls(value):
        raise InputError(f"the {what} has no readable text (only control characters): give it in words, e.g. {example}, "
                         "or leave it out")
    if not text.strip():
        raise InputError(f"the {what} is empty: give one, e.g. {example}, or leave it out")
    limit = int(limits.value("max_query_chars"))
    if len(text) > limit:  # a 100,000-character theme was matched against every recommendation
        raise LimitError(f"the {what} is {len(text):,} characters; a filter is at most {limit:,} "
                         f"(KB_MAX_QUERY_CHARS), e.g. {example}")
    return text


def bound_query(text: str) -> tuple[str, str | None]:
    """(text to search, note) with the text cut to KB_MAX_QUERY_CHARS characters at a word
    boundary when it is longer (the embedder reads no more anyway); the note says so, and
    is None when nothing was cut. Cutting is O(1) in the query's length."""
    limit = int(limits.value("max_query_chars"))
    if len(text) <= limit:
        return text, None
    cut = text[:limit]
    space = cut.rfind(" ", limit // 2)
    if space > 0 and not text[limit].isspace():
        cut = cut[:space]
    cut = cut.rstrip()
    return cut, (f"the query is {len(text):,} characters; kb searched its first {len(cut):,} "
                 f"(KB_MAX_QUERY_CHARS={limit:,})")


def decode_utf8(data: bytes, name: str) -> str:
    """`data` as UTF-8 text (a byte-order mark is dropped), or the one error kb gives for
    a text file in another encoding (UTF-16 and UTF-32 named as such). Raises InputError."""
    if b"\x00" in data[:4096] or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        wide_text_refused(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def open_input_file(path: str | os.PathLike, what: str = "file") -> tuple[BinaryIO, int]:
    """(binary file object, size) of a file a user gives kb to read (a document to add, a
    question or query file), opened without ever blocking: a named pipe, a device or a
    socket is refused before a byte is read (reading a FIFO with no writer waits forever;
    /dev/zero never ends), as are a folder, a missing file, a symbolic-link loop and a
    name holding a NUL byte. One-line InputError naming the path; the caller closes the file."""
    text = os.fsdecode(os.fspath(path))
    if "\x00" in text:
        raise InputError(f"{shown(text)}: the file name holds a NUL byte")
    path = Path(text).expanduser()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:  # ELOOP (a symbolic-link loop), ENAMETOOLONG, ENOTDIR...
        raise InputError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a regular file")
            raise InputError(f"{path}: is {kind}, not a regular file; give the {what} itself")
        os.set_blocking(fd, True)
        return _InputFile(os.fdopen(fd, "rb"), path), info.st_size
    except BaseException:
        os.close(fd)
        raise


class _InputFile:
    """A user's input file whose reads fail in one line: a file that opens but cannot be
    read (EIO from /proc/self/mem, a bad sector, a vanished network share) raised a bare
    OSError, printed as a traceback by every command that reads one."""

    def __init__(self, fh: BinaryIO, path: Path):
        self._fh, self._path = fh, path

    def _guarded(self, method: str, *args: Any) -> bytes:
        try:
            return getattr(self._fh, method)(*args)
        except OSError as exc:
            raise InputError(f"{self._path}: cannot be read ({exc.strerror or exc})") from None

    def read(self, size: int = -1) -> bytes:
        return self._guarded("read", size)

    def readline(self, size: int = -1) -> bytes:
        return self._guarded("readline", size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._guarded("seek", offset, whence)  # type: ignore[return-value]

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "_InputFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def read_text_file(path: str | os.PathLike, what: str = "file", max_bytes: int | None = None) -> str:
    """A user's UTF-8 text file (a question file, a query file), whole, with one-line
    errors for a missing file, a directory, a FIFO or device (`open_input_file`), a file
    over `max_bytes` and another encoding."""
    path = Path(os.fsdecode(os.fspath(path)))
    fh, size = open_input_file(path, what)
    with fh:
        if max_bytes is not None and size > max_bytes:
            raise LimitError(f"{path}: {size / 1048576:.1f} MB is over the {max_bytes / 1048576:g} MB limit for a {what}")
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise LimitError(f"{path}: grew past the {max_bytes / 1048576:g} MB limit for a {what} while being read")
    return decode_utf8(data, str(path))


def json_value(text: str) -> Any:
    """One JSON text a user gave (a line of a query or question file) parsed, or InputError
    saying why in one line: not valid JSON, nested too deeply (RecursionError), a number
    too long to read (Python's 4,300-digit limit; both were tracebacks), or a key given
    twice in an object (json keeps the last silently, so '{"query": "a", "query": "b"}'
    searched for "b" alone)."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise InputError("nested too deeply to read") from None
    except ValueError:  # int("9" * 5000): over sys.get_int_max_str_digits()
        raise InputError("a number with too many digits to read") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"the key {shown(key)} is given twice; give it once")
        out[key] = value
    return out


def query_line(line: str, where: str) -> str | None:
    """The query one line of a --queries file holds: the line itself, or, for a line that
    starts with "{", the string in its JSON "query" field. None for a blank line.
    Raises InputError naming `where` (file:line)."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("{"):
        if unreadable(line):
            raise InputError(f"{where}: " + unreadable_message("query", 'kb search "biaya penempatan"'))
        return line
    try:
        row = json_value(line)
    except InputError as exc:
        raise InputError(f"{where}: not a JSON object ({exc}); give a query per line or {{\"query\": \"...\"}}") from None
    if not isinstance(row, dict) or "query" not in row:
        raise InputError(f"{where}: JSON line without a \"query\" field")
    text = row["query"]
    if not isinstance(text, str):
        raise InputError(f"{where}: \"query\" must be a string, not {'null' if text is None else type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: the query is empty")
    if unreadable(text):
        raise InputError(f"{where}: " + unreadable_message("query", 'kb search "biaya penempatan"'))
    return text


def wide_text_refused(head: bytes, name: str) -> None:
    """Raise InputError when `head` (a file's first bytes) is UTF-16 or UTF-32 text
    (kb.readers.base.wide_encoding: a byte-order mark, or NUL bytes where those put them),
    naming the encoding and the conversion: such a file was "not UTF-8 (byte 0xff)" with
    a latin1 hint, or its lines read with a NUL between letters."""
    from .readers.base import wide_encoding

    wide = wide_encoding(head[:4096])
    if wide:
        iconv = wide.upper().replace("-LE", "LE").replace("-BE", "BE")
        raise InputError(f"{name}: is {'UTF-16' if '16' in wide else 'UTF-32'} text; kb reads it in UTF-8: "
                         f"convert it first, e.g. `iconv -f {iconv} -t UTF-8`")


def read_queries(path: str | os.PathLike) -> Iterator[tuple[int, str]]:
    """(line number, query) of each query in a --queries file, one query a line or JSON
    lines with a "query" field, read a line at a time: the file is at most
    KB_MAX_QUERIES_MB and each line at most KB_MAX_QUERY_LINE_KB, checked before it is read
    whole; a file in UTF-16 or UTF-32 is refused naming its encoding. Raises InputError or
    LimitError (file:line in the message)."""
    path = Path(os.fsdecode(os.fspath(path)))
    file_cap = limits.mb_to_bytes(limits.value("max_queries_mb"))
    line_cap = int(limits.value("max_query_line_kb") * 1024)
    fh, size = open_input_file(path, "query file")
    with fh:
        if size > file_cap:
            raise LimitError(f"{path}: {size / 1048576:.1f} MB is over the {file_cap / 1048576:g} MB limit for a "
                             "query file (KB_MAX_QUERIES_MB); split it")
        wide_text_refused(fh.read(4096), str(path))  # read as UTF-8: "byte 0xff" with a latin1 hint, or NULs
        fh.seek(0)
        number = 0
        while True:
            raw = fh.readline(line_cap + 1)
            if not raw:
                return
            number += 1
            where = f"{path}:{number}"
            if len(raw) > line_cap and not raw.endswith(b"\n") or len(raw.rstrip(b"\r\n")) > line_cap:
                raise LimitError(f"{where}: the line is longer than {line_cap // 1024:,} KB (KB_MAX_QUERY_LINE_KB); "
                                 "give one query per line")
            text = query_line(decode_utf8(raw, where), where)
            if text is not None:
                yield number, text
