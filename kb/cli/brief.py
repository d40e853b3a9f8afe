"""`kb brief`: a delegation brief (Word, Markdown, HTML) from a topic, Convention
articles, citations or the recommendations of concluding observations."""

from __future__ import annotations

import sys
import time

import click

from ._common import _kb, clean, echo, handle_errors, non_blank, terminal_safe

STATUSES = ("not-started", "in-progress", "partially-implemented", "implemented", "not-accepted")


@click.command("brief")
@click.argument("topic", nargs=-1)
@click.option("--article", "articles", multiple=True, type=click.IntRange(1, 93), metavar="N",
              help="A Convention article (repeatable). With --recs: only recommendations concerning it.")
@click.option("--cite", "citations", multiple=True, metavar="CITATION", callback=non_blank,
              help='A unit to brief on, e.g. "UU 18/2017 Pasal 30" (repeatable).')
@click.option("--recs", metavar="DOC_ID", callback=non_blank, help="Every recommendation of these concluding observations (id or symbol).")
@click.option("--status", type=click.Choice(STATUSES), help="With --recs: only this follow-up status.")
@click.option("--lead", metavar="L", callback=non_blank, help="With --recs: only recommendations led by an institution containing L.")
@click.option("--theme", metavar="WORDS", callback=non_blank, help="With --recs: only recommendations whose theme has these words.")
@click.option("--priority", is_flag=True, help="With --recs: only the follow-up priorities.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "html", "json"]),
              help="Default: from the file's extension (md on standard output).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (md, html, json: standard output if omitted).")
@click.option("--lang", type=click.Choice(["id", "en"]), help="Language of the labels (default: the topic's).")
@click.option("--date", metavar="YYYY-MM-DD", help="Date on the first page (default: today).")
@click.option("-q", "--quiet", is_flag=True, help="No progress on standard error.")
@click.pass_context
@handle_errors
def brief(ctx: click.Context, topic: tuple[str, ...], articles, citations, recs, status, lead, theme, priority,
          fmt, output, lang, date, quiet: bool) -> None:
    """Write a delegation brief: per issue the recommendation and its follow-up, the
    Convention, national law in force, the Committee's general comments and earlier
    recommendations, regional and bilateral instruments — every quote verbatim, with
    numbered citations resolving to a table of sources.

    \b
    kb brief "recruitment fees and passport retention" -o brief.docx
    kb brief --article 21 --article 22 -o art21-22.md
    kb brief --cite "UU 18/2017 Pasal 30" --format html -o pasal30.html
    kb brief --recs CMW/C/IDN/CO/2 --priority -o priorities.docx
    """
    from kb.brief import write_brief
    from kb.brief.write import format_for, render
    from kb.errors import KbError

    if output is None and (fmt or "md") == "docx":
        raise KbError("a Word brief needs a file: add -o brief.docx")
    chosen = format_for(output, fmt) if output else (fmt or "md")
    if output is not None:  # checked before the brief is built: a folder, a device, a FIFO are refused
        from kb.output import writable_output

        writable_output(output)
    kb = _kb(ctx)
    progress = None
    if not quiet:
        started = time.perf_counter()

        def progress(done: int, total: int, issue) -> None:
            state = "" if issue.covered else "  (not covered)"
            sys.stderr.write(clean(f"[{done}/{total}] {issue.title[:90]}  {issue.seconds:.1f}s{state}") + "\n")
            sys.stderr.flush()

    result = kb.brief(" ".join(topic) or None, articles=articles, citations=citations, recs=recs, status=status,
                      lead=lead, theme=theme, priority=priority, lang=lang, date=date, progress=progress)
    if output is None:
        sys.stdout.buffer.write(terminal_safe(render(result, chosen), chosen))
        sys.stdout.flush()
    else:
        write_brief(result, output, chosen)
    if not quiet:
        total = time.perf_counter() - started
        issues = len(result.issues)
        where = f" to {output}" if output else ""
        echo(f"kb: brief of {issues} issue{'s' if issues != 1 else ''}, {len(result.sources)} sources, "
             f"{result.verified} quotes verified{where} ({total:.1f}s)", err=True)
