"""`kb mcp`: kb as an MCP server for AI assistants (stdio transport)."""

from __future__ import annotations

import click

from ._common import TerminalProgress, _kb, echo, handle_errors
from .serve import require_serve_extra


@click.command("mcp")
@click.option("--max-query-chars", default=2000, show_default=True, type=click.IntRange(1, 100_000),
              envvar="KB_SERVE_MAX_QUERY_CHARS", help="Longest query or question. Env: KB_SERVE_MAX_QUERY_CHARS.")
@click.pass_context
@handle_errors
def mcp(ctx: click.Context, max_query_chars: int) -> None:
    """Serve kb to an AI assistant over MCP (stdin/stdout): tools search, get_unit, ask
    (and links, recommendations when available), each result with its citations.

    \b
    In an assistant's MCP configuration: {"command": "kb", "args": ["mcp"]}
    (with "env": {"KB_HOME": "..."} to choose the library).
    """
    from kb.service.config import Limits

    require_serve_extra("mcp", ("mcp",))
    from kb.service.mcp_stdio import check_std_streams

    check_std_streams()  # before any work: with stdin or stdout closed there is no protocol
    kb = _kb(ctx)
    if not kb.has_index():
        echo("kb: no index yet: building it first (once; progress and time left below)", err=True)
        kb.ensure_index(progress=TerminalProgress())
    from kb.service.mcp_server import run_stdio

    run_stdio(kb, Limits(max_query_chars=max_query_chars))
