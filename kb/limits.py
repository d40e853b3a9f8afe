"""kb's limits: the most work one input may make kb do, in one place, with the reason for
each default.

kb reads files, queries and downloads from people it does not know (and, served over
HTTP, from anyone who can send a request). Each of those is bounded here, so that no
input however built keeps kb busy or growing for long; what passes a limit is refused
with one line naming the limit and its environment variable, or (a query) cut and said so.

Every limit is read from its environment variable each time it is used, so a process sets
them once at start-up (a service, a test) without touching code. `value(name)` returns
the effective value; a malformed setting is a `ConfigError` naming the variable.
`describe()` lists them all (the README's table is written from it).

Only the standard library loads here: the CLI and the readers import it freely.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

from .errors import ConfigError


@dataclass(frozen=True)
class Limit:
    """One bound: its name, environment variable, default, unit and why it is what it is."""

    name: str
    env: str
    default: float
    unit: str
    why: str
    integer: bool = True
    minimum: float = 1

    def parse(self, raw: object, source: str | None = None) -> int | float:
        """`raw` (text from the environment or kb.toml, or a number) as this limit's value,
        or a one-line ConfigError naming `source` (default: the environment variable)."""
        where = source or self.env
        if isinstance(raw, bool):
            raw = "true" if raw else "false"  # never a number, however Python sees it
        try:
            number = float(raw.strip()) if isinstance(raw, str) else float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < self.minimum:
            raise ConfigError(
                f"{where}={raw!r} is not a valid {self.unit} limit: give a finite number "
                f"of at least {self.minimum:g} (default {self.default:g})"
            )
        return int(number) if self.integer else number

    def value(self) -> int | float:
        raw = os.environ.get(self.env)
        if raw is None or not raw.strip():
            return int(self.default) if self.integer else self.default
        return self.parse(raw)


_ALL = [
    # ---- reading files -------------------------------------------------------------
    Limit(
        "max_file_mb", "KB_MAX_FILE_MB", 50, "MB",
        "Largest file `kb add`, `kb corpus fetch` and downloads accept. The largest official "
        "text in the corpus is under 5 MB; 50 MB leaves room for scanned annexes while a "
        "file is read into memory whole.", integer=False, minimum=0.001,
    ),
    Limit(
        "max_pages", "KB_MAX_PAGES", 3000, "pages",
        "Pages of one PDF. The longest instruments kb indexes (a statute with its "
        "elucidation, a treaty with annexes) run to a few hundred pages; a page tree can "
        "claim millions for a few bytes.",
    ),
    Limit(
        "max_draw_ops", "KB_MAX_DRAW_OPS", 2_000_000, "operations",
        "Content-stream operations one PDF may make kb interpret, counting every operation "
        "of a form XObject each time it is drawn (CPU). Measured on real PDFs: 40-7,100 a "
        "page, 359,210 for a 181-page UN report; 2 M reads about 1,000 pages of dense UN "
        "text (some 40 s on a busy 2-core machine) and stops a small file that multiplies "
        "its content.",
    ),
    Limit(
        "max_text_pieces", "KB_MAX_TEXT_PIECES", 500_000, "pieces",
        "Pieces of text one PDF may show, every drawing counted (memory: each costs about "
        "400 bytes until the text is assembled). Real PDFs measured: 45-266 a page "
        "(31,169 for a 117-page thesis); 500,000 is about 2,000 such pages and 200 MB.",
    ),
    Limit(
        "max_stream_tokens", "KB_MAX_STREAM_TOKENS", 500_000, "tokens",
        "Tokens (operators and operands) of one PDF content stream: a stream is parsed whole "
        "before its operations can be counted, and a few KB of compressed data can expand "
        "into millions of tokens. Real pages measured: up to 92,515 (a page of maps); text pages under 20,000.",
    ),
    Limit(
        "max_form_draws", "KB_MAX_FORM_DRAWS", 20_000, "form drawings",
        "Times one PDF may draw form XObjects (reusable content: logos, headers, letterheads), "
        "counting nested forms each time. Real documents draw a handful a page (0-3 measured); "
        "forms that draw each other dozens of times multiply exponentially "
        "(a 1.9 KB file asks for 55,986).",
    ),
    Limit(
        "max_form_depth", "KB_MAX_FORM_DEPTH", 12, "levels",
        "Forms drawn inside forms. Real documents nest 1-2 deep; deeper nesting is refused "
        "rather than read partly (text is never silently dropped).",
    ),
    Limit(
        "max_xml_mb", "KB_MAX_XML_MB", 16, "MB",
        "XML parsed into a tree: an XML file, or the XML parts of a Word package. A tree "
        "takes about 20 times its XML in memory (a 219 KB .docx unpacking to 60 MB of XML "
        "took 1.3 GB and 3 minutes); the corpus' treaty XML is 0.2 MB, and 16 MB is a "
        "Word file of about a thousand pages.", integer=False, minimum=0.001,
    ),
    Limit(
        "max_unpacked_mb", "KB_MAX_UNPACKED_MB", 200, "MB",
        "Everything a Word (.docx) package unpacks to, images included (python-docx holds "
        "every part in memory; a zip of zeros unpacks a thousand times its size).",
        integer=False, minimum=0.001,
    ),
    Limit(
        "read_seconds", "KB_READ_SECONDS", 600, "seconds",
        "Time one PDF may take to read (checked page by page and form by form). The "
        "slowest real PDF measured, a 181-page UN report, read in 87 s on a busy 2-core "
        "machine; this is a backstop behind the counted limits above.", integer=False,
    ),
    # ---- queries -------------------------------------------------------------------
    Limit(
        "max_query_chars", "KB_MAX_QUERY_CHARS", 2000, "characters",
        "Length of a query (search, ask, each line of --queries). The embedder reads at "
        "most 512 tokens (about 2,000 characters of English or Indonesian); a longer query "
        "is cut at a word boundary before it, and the result says so.",
    ),
    Limit(
        "max_query_terms", "KB_MAX_QUERY_TERMS", 300, "terms",
        "Analysed words of a query scored lexically, glossary expansion included (each "
        "costs a pass over the BM25 index). A 2,000-character query has at most about 300.",
    ),
    Limit(
        "max_query_line_kb", "KB_MAX_QUERY_LINE_KB", 64, "KB",
        "One line of a --queries file (a query, or a JSON object with one). Question files "
        "with relevance judgements have lines under 2 KB; a longer line is refused before "
        "it is read whole.", integer=False, minimum=0.001,
    ),
    Limit(
        "max_queries", "KB_MAX_QUERIES", 100, "queries",
        "Queries one call of the Python API's search_many may search (each is a full "
        "search, about a second on 2 cores): a list or a generator of any length kept kb "
        "searching, and an endless generator never returned. A --queries file is bounded "
        "by KB_MAX_QUERIES_MB instead.",
    ),
    Limit(
        "max_queries_mb", "KB_MAX_QUERIES_MB", 10, "MB",
        "Size of a --queries file (about 100,000 questions).", integer=False, minimum=0.001,
    ),
    # ---- downloads -----------------------------------------------------------------
    Limit(
        "download_seconds", "KB_DOWNLOAD_SECONDS", 1800, "seconds",
        "Overall deadline of one document's download, retries included (the per-read "
        "timeout alone lets a server that trickles a byte at a time hold kb forever). "
        "50 MB at 30 KB/s.", integer=False,
    ),
    Limit(
        "download_min_rate", "KB_DOWNLOAD_MIN_RATE", 1024, "bytes/s",
        "Slowest transfer accepted, averaged over KB_DOWNLOAD_RATE_WINDOW seconds: a "
        "server sending less is dropped (and retried) early instead of at the deadline.",
        integer=False, minimum=0,
    ),
    Limit(
        "download_rate_window", "KB_DOWNLOAD_RATE_WINDOW", 30, "seconds",
        "Window over which the download rate is measured (also the grace period at the "
        "start of each attempt).", integer=False, minimum=0.1,
    ),
]

LIMITS: dict[str, Limit] = {lim.name: lim for lim in _ALL}


def value(name: str) -> int | float:
    """The effective value of limit `name` (environment, else default). Raises ConfigError
    for a malformed setting, KeyError for an unknown name."""
    return LIMITS[name].value()


def check_all() -> None:
    """Every limit's environment variable parsed now (kb.config calls it when settings load),
    so that a malformed one is reported by any command, not only by the one that uses it."""
    for lim in _ALL:
        lim.value()


def describe() -> list[dict[str, object]]:
    """Every limit as {name, env, default, unit, value, why}, in documentation order."""
    out = []
    for lim in _ALL:
        try:
            current: object = lim.value()
        except ConfigError as exc:
            current = str(exc)
        out.append({"name": lim.name, "env": lim.env, "default": lim.default, "unit": lim.unit,
                    "value": current, "why": lim.why})
    return out


def mb_to_bytes(mb: float) -> int:
    return int(mb * 1024 * 1024)


class Deadline:
    """A time budget: `expired()` once `seconds` have passed since it was made."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.start = time.monotonic()
        self.end = self.start + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return time.monotonic() > self.end

    def elapsed(self) -> float:
        return time.monotonic() - self.start
