"""Shared plumbing of the kb commands: one-line errors, the KnowledgeBase of the current
invocation, JSON output, terminal progress and the search filter options.

Only click and the standard library load here, so `kb --help` stays instant.
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

FAMILIES = ("convention", "national-law", "committee", "regional", "bilateral")

# --- terminal output ---------------------------------------------------------------------
# Everything kb prints comes from documents, metadata or the user's own input, any of which
# may hold escape sequences (OSC sets the terminal title, CSI clears the screen, C1 codes,
# bidi overrides reorder what is shown). Every printer goes through `echo`/`secho`, which
# remove them; JSON output escapes them (`_dump`).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[\]P^_X].*?(?:\x07|\x1b\\|$)"  # OSC, DCS, PM, APC, SOS up to their terminator
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences (ESC c resets the terminal)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",  # C0 but \t \n, DEL, C1, bidi
    re.DOTALL,
)
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def encodable_streams() -> None:
    """Make standard output and error write a character their encoding lacks (a Latin-1 or
    cp1252 terminal, PYTHONIOENCODING=latin-1) as a backslash escape: it raised
    UnicodeEncodeError, a traceback in place of the answer. UTF-8 streams are left alone."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict" and not _utf(stream):
            stream.reconfigure(errors="backslashreplace")


def _utf(stream: Any) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def clean(text: object) -> str:
    """`text` as a string without terminal control sequences (tabs and newlines kept)."""
    return _ESCAPES.sub("", str(text))


def echo(message: object = "", err: bool = False, nl: bool = True) -> None:
    """click.echo for text that may come from documents or users: control sequences removed."""
    click.echo(clean(message), err=err, nl=nl)


def secho(message: object = "", err: bool = False, nl: bool = True, **styles: Any) -> None:
    """click.secho with the same cleaning as `echo` (kb's own styling is applied after)."""
    click.secho(clean(message), err=err, nl=nl, **styles)



class KbGroup(click.Group):
    """The kb command group: click's own usage errors ("Invalid value for '--family': …")
    quote what the user typed, so they are printed through `echo` (control sequences
    removed) like every other message."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        encodable_streams()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            # one line, as every kb error ("kb add FILE" without --id printed click's three:
            # Usage, Try, Error); the command's --help named for a usage error; exit code
            # as click gives it (2 for usage)
            ctx = getattr(exc, "ctx", None)
            hint = f" (see `{ctx.command_path} --help`)" if isinstance(exc, click.UsageError) and ctx else ""
            echo(f"kb: error: {one_line(exc.format_message())}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


def no_wait_option(fn: Callable) -> Callable:
    """--no-wait: fail at once when another kb process is changing the library, instead of
    waiting for it (the default, as `kb index` does)."""
    return click.option("--no-wait", is_flag=True,
                        help="Fail instead of waiting when another kb process is changing the library.")(fn)


def waiting(message: str) -> None:
    """Tell the user, once, that the command waits for another kb process."""
    echo(f"kb: {message}", err=True)


# Line breaks a message may carry from what it quotes (a file name, a value): shown as
# escapes so the error stays one line ("no such file: /tmp/a\nb.txt" printed two).
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(message: object) -> str:
    """`message` as one line: the line breaks it quotes shown as \\n, \\r, \\u2028."""
    return str(message).translate(_LINE_BREAKS)


def _fail(message: str, code: int = 1) -> None:
    echo(f"kb: error: {one_line(message)}", err=True)
    sys.exit(code)


def handle_errors(fn: Callable) -> Callable:
    """KbError -> one line on stderr and exit 1; Ctrl-C -> exit 130; never a traceback
    for what the user can fix."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        from kb.errors import KbError

        try:
            return fn(*args, **kwargs)
        except KbError as exc:
            _fail(str(exc), exc.exit_code)
        except OSError as exc:
            message = _os_error_line(exc)
            if message is None:
                raise
            _fail(message)
        except KeyboardInterrupt:
            import signal

            # a second interrupt while the interpreter shuts down (joining the embedding
            # threads) would end it by the signal (exit status -2) instead of 130
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            click.echo("kb: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper


def _os_error_line(exc: OSError) -> str | None:
    """One line for what the file system refuses (a read-only home, no space, no
    permission); None for other errors."""
    import errno

    where = exc.filename or "the kb home"
    if exc.errno == errno.EROFS:
        return (f"cannot write to {where}: read-only file system; searching works, but this command needs a "
                "writable home (KB_HOME or --home)")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write to {where}: permission denied; this command needs a writable home (KB_HOME or --home)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device of {where}: free some space and run the command again"
    if exc.filename and exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ELOOP, errno.ENAMETOOLONG,
                                      errno.EEXIST):
        # a home kb cannot make its folders in (KB_HOME=/proc, a path through a file)
        return (f"cannot use {where}: {exc.strerror or exc}; check the path (the kb home is KB_HOME or --home, "
                "a folder kb can create and write)")
    return None


def _kb(ctx: click.Context, embedder: str | None = None):
    from kb.api import KnowledgeBase

    opts = ctx.find_root().params
    return KnowledgeBase.open(opts.get("home"), chroma_url=opts.get("chroma_url"), embedder=embedder)


def to_json(data: Any, indent: int | None = 1) -> str:
    """JSON text safe to print: json escapes C0 controls; DEL, C1 and bidi controls are
    escaped here too; all non-ASCII when standard output is not UTF-8 (still valid JSON)."""
    text = json.dumps(data, ensure_ascii=not _utf(sys.stdout), indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def terminal_safe(data: bytes, fmt: str) -> bytes:
    """A rendered document (UTF-8 Markdown, HTML or JSON) made safe for standard output:
    JSON with its control characters escaped as in `to_json`, other text `clean`ed (quotes
    from documents and the user's topic may hold escape sequences)."""
    text = data.decode("utf-8", "replace")
    if fmt == "json":
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    else:
        text = clean(text)
    return text.encode("utf-8")


def _dump(data: Any) -> None:
    click.echo(to_json(data))


class TerminalProgress:
    """Progress of `kb index`: a line per document and a bar per embedding batch, on stderr."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._doc = ""
        self._t0 = time.perf_counter()
        self._line_open = False

    def _out(self, text: str, end: str = "\n") -> None:
        if not self.quiet:
            sys.stderr.write(("\r" if text.startswith("\r") else "") + clean(text) + end)
            sys.stderr.flush()

    def _close_line(self) -> None:
        if self._line_open:
            self._out("")
            self._line_open = False

    def message(self, text: str) -> None:
        self._close_line()
        self._out(f"kb: {text}")

    def document(self, doc_id: str, position: int, total: int, to_embed: int) -> None:
        self._close_line()
        self._doc = f"[{position}/{total}] {doc_id}"
        self._t0 = time.perf_counter()
        if to_embed == 0:
            self._out(f"{self._doc}: up to date (vectors cached)")
        elif not self.tty:
            self._out(f"{self._doc}: embedding {to_embed} passages")

    def embedded(self, doc_id: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self._t0
        rate = done / elapsed if elapsed > 0 else 0.0
        width = 24
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"{self._doc} [{bar}] {done}/{total}  {rate:.1f}/s{self._overall}"
        if self.tty:
            self._out("\r" + line, end="")
            self._line_open = done < total
            if done >= total:
                self._out("")
        elif done >= total:
            self._out(f"{self._doc}: {total} passages in {elapsed:.1f}s{self._overall}")

    _overall = ""

    def overall(self, done: int, total: int, seconds: float) -> None:
        """The whole embedding stage: passages done of all, and the time left for all."""
        rate = done / seconds if seconds > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        eta = f"{left / 60:.0f} min" if left >= 90 else f"{left:.0f}s"
        self._overall = f"  | all: {done}/{total}, {eta} left" if done < total else f"  | all {total} done"

    # fetch progress: (doc_id, bytes_done, bytes_total)
    def __call__(self, doc_id: str, done: int, total: int | None) -> None:
        if self.tty and not self.quiet:
            size = f"/{total / 1048576:.1f}" if total else ""
            sys.stderr.write(f"\r{clean(doc_id)}: {done / 1048576:.1f}{size} MB")
            sys.stderr.flush()


def one_of(**given: Any) -> None:
    """Refuse options that exclude each other when more than one is given (names as
    typed, values as parsed): `kb ask --json --markdown` printed JSON and `kb search QUERY
    --queries FILE` searched the file, the other dropped without a word. Exit 2, as a
    usage error."""
    named = [name for name, value in given.items() if value]
    if len(named) > 1:
        _fail(f"give {' or '.join(named)}, not both", 2)


def non_blank(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback: an option or argument given as "" or spaces is refused. Such a
    value (an unset shell variable: `--doc "$ID"`, `--home "$DIR"`) was taken as not
    given: `kb recs --doc ""` listed every recommendation, `kb corpus audit ""` audited
    every document, `kb --home ""` used the current folder, `kb brief --recs ""` said a
    brief needs --recs."""
    values = value if isinstance(value, tuple) else (value,)
    if any(isinstance(v, str) and not v.strip() for v in values):
        what = "option" if isinstance(param, click.Option) else "argument"
        raise click.BadParameter(f"the value is empty: give one, or leave the {what} out", ctx=ctx, param=param)
    return value


def filter_options(fn: Callable) -> Callable:
    options = [
        click.option("--family", multiple=True, type=click.Choice(FAMILIES), help="Only this family (repeatable)."),
        click.option("--doc", "doc_ids", multiple=True, metavar="ID", help="Only this document id (repeatable)."),
        click.option("--language", multiple=True, type=click.Choice(["en", "id"]), help="Only units in this language."),
        click.option("--in-force", is_flag=True, help="Exclude repealed law (it is otherwise shown, flagged)."),
        click.option("--date-from", metavar="YYYY[-MM[-DD]]", callback=non_blank, help="Documents dated on or after."),
        click.option("--date-to", metavar="YYYY[-MM[-DD]]", callback=non_blank, help="Documents dated on or before."),
        click.option("--party", multiple=True, metavar="CODE", help="Documents binding this party (IDN, JPN, ASEAN...)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _filters(family, doc_ids, language, in_force, date_from, date_to, party):
    """The Filters of the filter options (kb.search.filters.make_filters, shared with the
    Python API, the HTTP API and the MCP tools)."""
    from kb.search.filters import check_dates, make_filters

    check_dates(date_from, date_to, names=("--date-from", "--date-to"))  # named as this command's options
    return make_filters(family=family, doc=doc_ids, language=language, in_force=in_force, date_from=date_from,
                        date_to=date_to, party=party)
