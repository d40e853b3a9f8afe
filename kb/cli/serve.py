"""`kb serve`: the HTTP API and the search page, kept warm in one process."""

from __future__ import annotations

import click

from ._common import TerminalProgress, _kb, echo, handle_errors

SERVE_EXTRA_HINT = "pip install 'kb[serve]' (in a kb checkout: .venv/bin/pip install -e '.[serve]')"


def require_serve_extra(command: str, modules: tuple[str, ...]) -> None:
    """Raise ConfigError naming the pip command when the `serve` extra is missing."""
    import importlib.util

    from kb.errors import ConfigError

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(f"`kb {command}` needs {', '.join(missing)}, which are not installed: {SERVE_EXTRA_HINT}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs KB_API_TOKEN (a bearer token).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: any free port, printed when ready).")
@click.option("--allow-writes", is_flag=True, help="Allow endpoints that change the library (POST /index).")
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=click.FloatRange(0.01, 3600),
              envvar="KB_SERVE_TIMEOUT", help="Seconds of work per request (then 503). Env: KB_SERVE_TIMEOUT.")
@click.option("--max-concurrent", default=8, show_default=True, type=click.IntRange(1, 256),
              envvar="KB_SERVE_MAX_CONCURRENT", help="Requests worked on at once (more get 503). Env: KB_SERVE_MAX_CONCURRENT.")
@click.option("--max-query-chars", default=2000, show_default=True, type=click.IntRange(1, 100_000),
              envvar="KB_SERVE_MAX_QUERY_CHARS", help="Longest query or question (422 beyond). Env: KB_SERVE_MAX_QUERY_CHARS.")
@click.option("--max-body-kb", default=64, show_default=True, type=click.IntRange(1, 10_240),
              envvar="KB_SERVE_MAX_BODY_KB", help="Largest request body in KiB (413 beyond). Env: KB_SERVE_MAX_BODY_KB.")
@click.option("--head-seconds", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              envvar="KB_SERVE_HEAD_SECONDS",
              help="Seconds a request head may take to arrive (then 408 and the connection closed). Env: KB_SERVE_HEAD_SECONDS.")
@click.option("--body-seconds", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              envvar="KB_SERVE_BODY_SECONDS",
              help="Seconds a request body may take to arrive (then 408). Env: KB_SERVE_BODY_SECONDS.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let web pages from this origin (https://host[:port], or *) call the API from a browser "
                   "(repeatable; none by default). Env: KB_SERVE_CORS_ORIGINS (comma-separated).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="Server log level (stderr).")
@click.pass_context
@handle_errors
def serve(ctx: click.Context, host: str, port: int, allow_writes: bool, timeout_s: float, max_concurrent: int,
          max_query_chars: int, max_body_kb: int, head_seconds: float, body_seconds: float,
          cors_origins: tuple[str, ...], log_level: str) -> None:
    """Serve the HTTP API (/search, /ask, /units, /documents, /health; OpenAPI at
    /openapi.json, pages at /docs) and the search page at /.

    \b
    The embedder and the index are loaded before the port opens; an index rebuilt by
    `kb index` meanwhile is picked up without a restart. Listens on loopback only unless
    KB_API_TOKEN is set; nothing changes the library unless --allow-writes is given.
    """
    from kb.service.config import Limits, ServiceConfig

    require_serve_extra("serve", ("fastapi", "uvicorn", "fastapi_offline"))
    limits = Limits(max_query_chars=max_query_chars, max_body_bytes=max_body_kb * 1024, max_concurrent=max_concurrent,
                    timeout_s=timeout_s, head_seconds=head_seconds, body_seconds=body_seconds)
    config = ServiceConfig.from_env(host=host, port=port, allow_writes=allow_writes, limits=limits,
                                    cors_origins=tuple(cors_origins))
    kb = _kb(ctx)
    if not kb.has_index():
        echo("kb: no index yet: building it before serving (once; progress and time left below)", err=True)
        kb.ensure_index(progress=TerminalProgress())
    run_server(kb, config, log_level)


def uvicorn_config(app, config, log_level: str = "info"):
    """The uvicorn settings `kb serve` runs `app` with: h11 with kb's deadline for request
    heads (kb.service.protocol), heads bounded in size, no Server header."""
    import uvicorn

    from kb.service.protocol import guarded_h11

    service = app.state.service
    return uvicorn.Config(app, log_level=log_level, http=guarded_h11(config.limits, service.served_generation),
                          lifespan="on", server_header=False,
                          h11_max_incomplete_event_size=config.limits.max_head_bytes, timeout_graceful_shutdown=5)


def run_server(kb, config, log_level: str = "info") -> None:
    """Warm the index, bind the port, serve until interrupted."""
    import asyncio
    import socket

    import uvicorn

    from kb.errors import ConfigError
    from kb.service.app import create_app

    app = create_app(kb, config)
    echo("kb: loading the embedder and the index...", err=True)
    info = app.state.service.warm()
    try:
        family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((config.host.strip("[]"), config.port))
    except (OSError, OverflowError) as exc:
        raise ConfigError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}; "
                          "choose another --host or --port") from None
    port = sock.getsockname()[1]
    shown = f"[{config.host.strip('[]')}]" if family == socket.AF_INET6 else config.host
    server = uvicorn.Server(uvicorn_config(app, config, log_level))

    async def main() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.02)
        if server.started:
            what = f"index {info['generation']}: {info['units']} units" if info else "no index"
            flags = ", writes allowed" if config.allow_writes else ", read-only"
            flags += ", token required" if config.token else ""
            echo(f"kb: serving http://{shown}:{port}/ ({what}{flags}; API docs at /docs; Ctrl-C stops)", err=True)
        await task

    try:
        asyncio.run(main())
    finally:
        sock.close()
