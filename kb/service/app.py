"""The HTTP API and search page of `kb serve`: a FastAPI application over the public
Python API (`kb.KnowledgeBase`), nothing else.

    from kb import KnowledgeBase
    from kb.service import ServiceConfig, create_app
    app = create_app(KnowledgeBase.open(), ServiceConfig())   # any ASGI server runs it

Endpoints (documented at /docs, described at /openapi.json):
    GET  /search            ranked units (the README's JSON contract)     POST /search (JSON body)
    GET  /ask               verbatim answer (the `kb ask --json` shape)   POST /ask (JSON body)
    GET  /units/{citation}  the unit(s) a citation names (the `kb show --json` shape)
    GET  /links/{citation}, GET /recs   references and recommendations, when kb has them
    GET  /documents         the catalogue, each document flagged indexed or not
    GET  /health            liveness, index generation, limits (no token needed)
    GET  /index             index generation and the last build started here
    POST /index             start `kb index` (only with --allow-writes)
    GET  /                  the search page (static files shipped in kb/service/static)

Every error is JSON, {"error": code, "message": one line}, never a stack trace; the
limits are in `kb.service.config.Limits`.
"""


import asyncio
import hmac
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb import Filters, KbError, KnowledgeBase, __version__
from kb.citations import CONVENTION_ARTICLES
from kb.errors import IndexError_
from kb.search.filters import make_filters

from . import schemas
from .config import TEST_DELAY_HEADER, ServiceConfig
from .limits import Gate, ServiceError
from .shapes import ALIASES_OF_Q, one_as_a_list, too_long_line, validation_line

log = logging.getLogger("kb.service")

STATIC_DIR = Path(str(resources.files("kb.service") / "static"))
Family = Literal["convention", "national-law", "committee", "regional", "bilateral"]
Language = Literal["en", "id"]
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
WATCH_INTERVAL_S = 0.5

# The page and the API get a strict Content-Security-Policy: nothing loads from outside,
# no inline script. The docs page (Swagger UI) needs inline script.
CSP_STRICT = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
CSP_DOCS = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorResponse, "description": text}
    for code, text in ((401, "missing or wrong bearer token (when the server has one)"),
                       (404, "the citation names a unit, ayat or paragraph that does not exist, or a document "
                             "outside the catalogue"),
                       (408, "the request body did not arrive in time"),
                       (413, "request body or target too large"),
                       (422, "invalid parameter (query too long, unknown family or document, bad date...), or a "
                             "citation kb cannot read as written (ambiguous_citation, invalid_citation)"),
                       (502, "the LLM asked for (llm=true) cannot be reached"),
                       (503, "busy (too many requests at once), timeout, or no index yet"))
}

# KbError subclasses -> HTTP status and error code; other KbErrors are 422 invalid_request.
KB_ERRORS = {
    # a citation kb cannot resolve as written, though nothing is missing (before CitationError in the MRO)
    "AmbiguousCitation": (422, "ambiguous_citation"),
    "InvalidCitation": (422, "invalid_citation"),
    "CitationError": (404, "not_found"),
    "CatalogError": (422, "unknown_document"),
    "IndexError_": (503, "no_index"),
    "IndexDamaged": (503, "index_damaged"),
    "LLMError": (502, "llm_unavailable"),
    "ConfigError": (500, "configuration"),
}


class Service:
    """What the application holds between requests: the warm KnowledgeBase, its limits,
    the index watcher and the build started through POST /index."""

    def __init__(self, kb: KnowledgeBase, config: ServiceConfig):
        self.kb = kb
        self.config = config
        self.gate = Gate(config.limits.max_concurrent, config.limits.timeout_s)
        self.started = time.monotonic()
        self.generation: str | None = None
        self.build: dict[str, Any] = {"state": "idle"}
        self._build_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # --- the index generation ----------------------------------------------------

    def index_info(self) -> dict[str, Any] | None:
        return self.kb.index_info()

    def current_generation(self) -> str | None:
        """The generation `kb index` last published (read from the index), or None."""
        info = self.index_info()
        return info["generation"] if info else None

    def served_generation(self) -> str | None:
        """The generation this server has loaded and answers from (None before there is an
        index), without touching the index: cheap enough for every response's
        `X-Kb-Generation`. The watcher keeps it current within WATCH_INTERVAL_S."""
        return self.generation

    def warm(self) -> dict[str, Any] | None:
        """Open the current generation and run one search through it, so the embedder, the
        vectors and the lexical indexes are loaded before a request needs them."""
        info = self.index_info()
        if info is not None:
            self.kb.search("pekerja migran migrant workers", k=1)
            self.generation = info["generation"]
        return info

    def _watch(self) -> None:
        """Pick up a generation published by `kb index` while serving: the next request
        would open it anyway; opening it here keeps that cost off the requests."""
        while not self._stop.wait(WATCH_INTERVAL_S):
            try:
                gen = self.current_generation()
                if gen is None:
                    self.generation = None  # the index was removed: no generation is served
                elif gen != self.generation:
                    info = self.warm()
                    if info:
                        log.warning("kb: index generation %s loaded (%d units, %d passages)",
                                    info["generation"], info["units"], info["passages"])
            except Exception as exc:  # keep watching; requests report their own errors
                log.warning("kb: index watcher: %s", exc)

    def start(self) -> None:
        if self._watcher is None:
            self._watcher = threading.Thread(target=self._watch, name="kb-index-watcher", daemon=True)
            self._watcher.start()

    def stop(self) -> None:
        self._stop.set()
        self.gate.shutdown()

    # --- running work --------------------------------------------------------------

    async def run(self, request: Request, fn) -> Any:
        """fn() in a worker thread, within the concurrency and time limits. A search that
        fails because its generation was replaced under it (a rebuild deleting files it
        had not read yet) is run once more on the new generation."""
        delay = self._test_delay(request)

        def work():
            if delay:
                time.sleep(delay)
            before = self.current_generation()
            try:
                try:
                    result = fn()
                except (OSError, IndexError_):
                    if self.current_generation() == before:
                        raise
                    result = fn()
                return result
            finally:
                # the generation that answered, a refusal ("no such unit") included; when it
                # cannot be read, X-Kb-Generation falls back to the one loaded (GuardMiddleware)
                try:
                    request.state.generation = self.current_generation()
                except Exception:  # noqa: BLE001 - a header must not replace the request's own outcome
                    pass

        return await self.gate.run(work)

    def _test_delay(self, request: Request) -> float:
        if not self.config.test_hooks:
            return 0.0
        try:
            return min(60.0, max(0.0, float(request.headers.get(TEST_DELAY_HEADER, "0"))))
        except ValueError:
            return 0.0

    # --- writes --------------------------------------------------------------------

    def start_build(self, rebuild: bool) -> dict[str, Any]:
        """Start `kb index` in a child process (the server stays a reader: the build
        publishes a new generation, which the watcher picks up)."""
        with self._build_lock:
            if self.build.get("state") == "running":
                raise ServiceError(409, "build_running", "an index build started here is still running; "
                                   "see GET /index")
            settings = self.kb.settings
            cmd = [sys.executable, "-m", "kb.cli", "--home", str(settings.home)]
            if settings.chroma_url:
                cmd += ["--chroma-url", settings.chroma_url]
            cmd += ["index", "--json", "-q"] + (["--rebuild"] if rebuild else [])
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    text=True, env=os.environ.copy())
            self.build = {"state": "running", "rebuild": rebuild, "started_at": _now(), "pid": proc.pid}
            threading.Thread(target=self._wait_build, args=(proc,), name="kb-index-build", daemon=True).start()
            return dict(self.build)

    def _wait_build(self, proc: subprocess.Popen) -> None:
        out, err = proc.communicate()
        state: dict[str, Any] = {**self.build, "finished_at": _now(), "returncode": proc.returncode}
        state.pop("pid", None)
        if proc.returncode == 0:
            state["state"] = "done"
            try:
                state["report"] = json.loads(out)
            except ValueError:
                state["report"] = None
        else:
            state["state"] = "failed"
            lines = [ln for ln in err.splitlines() if ln.strip()]
            state["error"] = lines[-1] if lines else f"kb index exited with {proc.returncode}"
        self.build = state


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


# --- query strings: only what the endpoint reads ------------------------------------------

_BODY_EXAMPLE = '{"q": "biaya penempatan"}'


def _declared_query(dependant: Any) -> tuple[set[str], set[str]]:
    """(names, repeatable names) of the query parameters an endpoint reads, its
    dependencies' (the shared filters) included."""
    from fastapi.dependencies.utils import field_annotation_is_sequence

    names: set[str] = set()
    repeatable: set[str] = set()
    for param in dependant.query_params:
        names.add(param.alias)
        if field_annotation_is_sequence(param.field_info.annotation):
            repeatable.add(param.alias)
    for sub in dependant.dependencies:
        more, many = _declared_query(sub)
        names |= more
        repeatable |= many
    return names, repeatable


def strict_query(request: Request) -> None:
    """Refuse a query parameter the endpoint does not read, or one it reads once given
    several times: `/search?q=x&limit=3` or `&K=3` searched for 10 results and
    `?q=a&q=b` searched for "b" alone, each answered 200 as if honoured (a JSON body
    with an unknown field was already refused)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    from kb.validate import shown

    names, repeatable = _declared_query(dependant)
    unknown = sorted(k for k in set(request.query_params.keys()) if k not in names)
    takes = ", ".join(sorted(names)) or "no query parameters"
    if unknown:
        # the endpoint as /docs names it ("/units/{citation}"), not the router's
        # template with its converter ("/units/{citation:path}")
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", getattr(route, "path", request.url.path))
        hint = " (the query is 'q')" if unknown[0] in ALIASES_OF_Q and "q" in names else ""
        raise ServiceError(422, "invalid_request",
                           f"unknown query parameter {shown(unknown[0], 40)}{hint}; {request.method} {path} "
                           f"takes {takes} (see /docs)")
    for name in sorted(names - repeatable):
        given = len(request.query_params.getlist(name))
        if given > 1:
            raise ServiceError(422, "invalid_request", f"query parameter {name!r} is given {given} times; give it once")


async def strict_body(request: Request) -> None:
    """Refuse a JSON body that gives a key twice: `{"q": "a", "q": "b"}` searched for "b"
    alone (200), as `?q=a&q=b` did before `strict_query`. A body FastAPI could not read has
    been answered already; this runs only on one it read."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if not getattr(dependant, "body_params", None):
        return
    body = await request.body()
    if not body:
        return
    from kb.errors import InputError
    from kb.validate import json_value

    try:
        json_value(body.decode("utf-8-sig"))
    except InputError as exc:
        raise ServiceError(422, "invalid_request", f"the request body: {exc}") from None
    except ValueError:  # not UTF-8: FastAPI's own parsing answers that
        return


def _unreadable_body(cause: BaseException | None) -> str:
    """Why json.loads could not read a request body, from the exception FastAPI caught:
    all three were "not UTF-8, or nested too deeply", a number of 5,000 digits too."""
    if isinstance(cause, UnicodeError):
        return "not UTF-8"
    if isinstance(cause, RecursionError):
        return "nested too deeply"
    if isinstance(cause, ValueError) and "digits" in str(cause):  # over sys.get_int_max_str_digits()
        return f"a number of more than {sys.get_int_max_str_digits():,} digits"
    return "not UTF-8, or nested too deeply"


def _body_error(err: dict[str, Any]) -> str | None:
    """The one line for a request body that is not a JSON object, or None: pydantic's own
    messages were "1: JSON decode error" (a character position shown as a field) and
    "request: Input should be a valid dictionary"."""
    loc = tuple(err.get("loc", ()))
    if err.get("type") == "json_invalid":
        why = str((err.get("ctx") or {}).get("error") or "JSON decode error").removesuffix(" at")
        at = f" at character {loc[-1]}" if len(loc) > 1 and isinstance(loc[-1], int) else ""
        return f"the request body is not valid JSON ({why}{at}): send a JSON object, e.g. {_BODY_EXAMPLE}"
    if loc == ("body",) and err.get("type") in ("model_attributes_type", "dict_type", "missing"):
        return (f"the request body must be a JSON object with Content-Type: application/json, "
                f"e.g. {_BODY_EXAMPLE}")
    return None


# --- request bodies ------------------------------------------------------------------


class FilterBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    family: list[Family] = Field(default_factory=list)
    doc: list[str] = Field(default_factory=list, max_length=100)
    language: list[Language] = Field(default_factory=list)
    in_force: bool = Field(default=False, strict=True)  # 1 or "yes" was taken as true
    date_from: str | None = Field(default=None, pattern=DATE_PATTERN)
    date_to: str | None = Field(default=None, pattern=DATE_PATTERN)
    party: list[str] = Field(default_factory=list, max_length=50)

    @field_validator("family", "doc", "language", "party", mode="before")
    @classmethod
    def _one_as_a_list(cls, value: Any) -> Any:
        """One value given as text is a list of one (kb.service.shapes.one_as_a_list)."""
        return one_as_a_list(value)

    def filters(self) -> Filters:
        """The Filters of these parameters (kb.search.filters.make_filters, shared with the
        Python API, the CLI and the MCP tools): a blank party (`?party=`) is refused as they
        refuse it, as `?doc=` is."""
        return make_filters(family=self.family, doc=self.doc, language=self.language, in_force=self.in_force,
                            date_from=self.date_from, date_to=self.date_to, party=self.party)


# --- the application ---------------------------------------------------------------------


def create_app(kb: KnowledgeBase, config: ServiceConfig | None = None) -> FastAPI:
    """The ASGI application serving `kb` under `config` (loopback, read-only, default
    limits when None). Raises ConfigError for settings `ServiceConfig.check` refuses."""
    config = (config or ServiceConfig()).check()
    limits = config.limits
    service = Service(kb, config)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.start()
        yield
        service.stop()

    app = FastAPIOffline(
        title="kb",
        version=__version__,
        summary="Search and quote the law on migrant workers' rights, with exact citations.",
        description=(
            "Every result carries its full pinpoint citation (`UU No. 18 Tahun 2017, Pasal 6 ayat (2) huruf b`, "
            "`CMW/C/GC/1, para. 39`) and the unit's verbatim text. Answers quote the cited units word for word "
            "or abstain.\n\n"
            f"Limits: queries up to {limits.max_query_chars} characters, `k` up to {limits.max_k}, bodies up to "
            f"{limits.max_body_bytes} bytes, {limits.max_concurrent} requests at once (then 503 `busy`), "
            f"{limits.timeout_s:g} s per request (then 503 `timeout`). Errors are JSON: "
            "`{\"error\": code, \"message\": text}`."
            + ("\n\nThis server needs `Authorization: Bearer <KB_API_TOKEN>` on every API request."
               if config.token else "")
        ),
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,  # ReDoc loads its logo from its CDN: Swagger UI alone is served
        static_url="/static-docs",
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.state.service = service

    # --- errors as JSON --------------------------------------------------------------

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError):
        return _error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(KbError)
    async def _kb_error(request: Request, exc: KbError):
        status, code = next((KB_ERRORS[c.__name__] for c in type(exc).__mro__ if c.__name__ in KB_ERRORS),
                            (422, "invalid_request"))
        return _error(status, code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        too_long = too_long_line(errors)
        if too_long is not None:
            return _error(422, "query_too_long", too_long)
        body = next((line for line in map(_body_error, errors) if line), None)
        if body is not None:
            return _error(422, "invalid_request", body)
        details = [{"loc": list(err.get("loc", ())), "msg": err.get("msg"), "type": err.get("type")} for err in errors[:20]]
        return JSONResponse({"error": "invalid_request", "message": validation_line(errors), "details": details},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed"}
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404:
            message = f"no such endpoint: {request.method} {request.url.path}; the API is described at /docs"
        elif exc.status_code == 405:
            method = "HEAD" if request.scope.get("kb_head") else request.method
            message = f"{method} is not allowed on {request.url.path}; see /docs"
        elif exc.status_code == 400 and message == "There was an error parsing the body":
            # FastAPI's words for a body json.loads could not read; the reason is its cause
            message = f"the request body cannot be read as JSON ({_unreadable_body(exc.__cause__)}): " \
                      f"send a JSON object, e.g. {_BODY_EXAMPLE}"
            return _error(400, "invalid_request", message, getattr(exc, "headers", None))
        return _error(exc.status_code, codes.get(exc.status_code, "http_error"), message,
                      getattr(exc, "headers", None))

    # Unexpected exceptions are answered (500 `internal`, logged) by GuardMiddleware, inside
    # Starlette's outermost handler, so that answer has the headers of every other one.

    app.add_middleware(GuardMiddleware, limits=limits, generation=service.served_generation)
    if config.cors_origins:
        # Opt-in (KB_SERVE_CORS_ORIGINS / --cors-origin): a web page served from these
        # origins may call the API from the browser. Outside GuardMiddleware, so its own
        # answers (413, 414, 408) carry the CORS headers too and a browser can read them.
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "HEAD", "POST"],
                           allow_headers=["Authorization", "Content-Type"], allow_credentials=False,
                           expose_headers=["X-Kb-Generation", "Server-Timing", "Retry-After"], max_age=600)

    # --- authentication --------------------------------------------------------------

    bearer = HTTPBearer(auto_error=False, description="KB_API_TOKEN of the server, when it has one")

    async def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if not config.token:
            return
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode("utf-8", "replace"), config.token.encode("utf-8")):
            raise ServiceError(401, "unauthorized",
                               "this server needs 'Authorization: Bearer <token>' (its KB_API_TOKEN)",
                               {"WWW-Authenticate": "Bearer"})

    api = [Depends(require_token), Depends(strict_query), Depends(strict_body)]

    # --- parameters ---------------------------------------------------------------------

    # No min_length (here, in the bodies, as in the MCP tools): "" is refused by the
    # library's check like "   ", in the CLI's words, not as "q: String should have at least 1 character".
    QueryText = Annotated[str, Query(max_length=limits.max_query_chars,
                                     description="the query: words, a question or a citation ('GC 2 para 24')")]

    def filter_params(
        family: Annotated[list[Family] | None, Query(description="only this family (repeatable)")] = None,
        doc: Annotated[list[str] | None, Query(description="only this document id (repeatable)", max_length=100)] = None,
        language: Annotated[list[Language] | None, Query(description="only units in this language")] = None,
        in_force: Annotated[bool, Query(description="exclude repealed law (otherwise shown, flagged)")] = False,
        date_from: Annotated[str | None, Query(pattern=DATE_PATTERN, description="documents dated on or after YYYY[-MM[-DD]]")] = None,
        date_to: Annotated[str | None, Query(pattern=DATE_PATTERN, description="documents dated on or before YYYY[-MM[-DD]]")] = None,
        party: Annotated[list[str] | None, Query(description="documents binding this party: IDN, JPN, ASEAN... (repeatable)", max_length=50)] = None,
    ) -> Filters:
        return FilterBody(family=family or [], doc=doc or [], language=language or [], in_force=in_force,
                          date_from=date_from, date_to=date_to, party=party or []).filters()

    class SearchBody(FilterBody):
        q: str = Field(max_length=limits.max_query_chars)
        # strict: a JSON true, "5" or 5.0 is no count of results (true was taken as k=1)
        k: int = Field(default=10, ge=1, le=limits.max_k, strict=True)

    class AskBody(FilterBody):
        q: str = Field(max_length=limits.max_query_chars)
        k: int = Field(default=8, ge=1, le=limits.max_ask_k, strict=True)
        llm: bool = Field(default=False, strict=True)  # 1 or "yes" was taken as true

    def respond(data: Any, started: float, request: Request) -> JSONResponse:
        # X-Kb-Generation: added by GuardMiddleware from request.state.generation
        return JSONResponse(data, headers={"Server-Timing": f"kb;dur={(time.perf_counter() - started) * 1000:.1f}"})

    # --- search and answers ----------------------------------------------------------

    async def do_search(request: Request, q: str, k: int, filters: Filters) -> JSONResponse:
        started = time.perf_counter()
        data = await service.run(request, lambda: kb.search(q, k=k, filters=filters).to_dict())
        return respond(data, started, request)

    async def do_ask(request: Request, q: str, k: int, filters: Filters, llm: bool) -> JSONResponse:
        started = time.perf_counter()
        data = await service.run(request, lambda: kb.ask(q, k=k, filters=filters, use_llm=llm).to_dict())
        return respond(data, started, request)

    @app.get("/search", tags=["search"], dependencies=api, summary="Ranked units with citations",
             responses={200: {"model": schemas.SearchResponse}, **ERROR_RESPONSES})
    async def search_get(request: Request, q: QueryText,
                         filters: Annotated[Filters, Depends(filter_params)],
                         k: Annotated[int, Query(ge=1, le=limits.max_k, description="number of results")] = 10):
        """The units that best match `q`, each with its full citation, verbatim text and the
        passage that matched: the JSON contract of `kb search --json`. A citation as
        query ranks that unit first."""
        return await do_search(request, q, k, filters)

    @app.post("/search", tags=["search"], dependencies=api, summary="Ranked units (JSON body)",
              responses={200: {"model": schemas.SearchResponse}, **ERROR_RESPONSES})
    async def search_post(request: Request, body: SearchBody):
        """As GET /search, with the query and filters in a JSON body."""
        return await do_search(request, body.q, body.k, body.filters())

    @app.get("/ask", tags=["answers"], dependencies=api, summary="An answer quoting the law verbatim",
             responses={200: {"model": schemas.AskResponse}, **ERROR_RESPONSES})
    async def ask_get(request: Request, q: QueryText,
                      filters: Annotated[Filters, Depends(filter_params)],
                      k: Annotated[int, Query(ge=1, le=limits.max_ask_k, description="units to read")] = 8,
                      llm: Annotated[bool, Query(description="let the configured LLM phrase a verified summary")] = False):
        """Verbatim quotes with numbered sources, grouped by instrument in order of legal
        authority, or an abstention with the closest units: the `kb ask --json` shape."""
        return await do_ask(request, q, k, filters, llm)

    @app.post("/ask", tags=["answers"], dependencies=api, summary="An answer (JSON body)",
              responses={200: {"model": schemas.AskResponse}, **ERROR_RESPONSES})
    async def ask_post(request: Request, body: AskBody):
        """As GET /ask, with the question and filters in a JSON body."""
        return await do_ask(request, body.q, body.k, body.filters(), body.llm)

    Citation = Annotated[str, PathParam(max_length=limits.max_query_chars,
                                        description="a citation, e.g. 'UU 18/2017 Pasal 30' or 'CMW/C/GC/2 para 24'")]

    @app.get("/units/{citation:path}", tags=["units"], dependencies=api, summary="The unit(s) a citation names",
             responses={200: {"model": schemas.SearchHit | schemas.UnitsResponse}, **ERROR_RESPONSES})
    async def unit(request: Request, citation: Citation):
        """The unit a citation names, with its full text: the `kb show --json` shape. One
        unit is the unit object itself; a citation naming several (a range "CMW/C/GC/5
        paras. 82–83", a list "Pasal 5 dan 6 PP 59/2021", a chapter "BAB XI UU 18/2017")
        gives {"citation", "results": [unit, ...]}, every unit in the order named."""
        started = time.perf_counter()
        data = await service.run(request, lambda: kb.show(citation))
        return respond(data, started, request)

    # --- references and recommendations (when the library has them) ---------------------

    if callable(getattr(KnowledgeBase, "links", None)):

        @app.get("/links/{citation:path}", tags=["units"], dependencies=api,
                 summary="A unit's references out and in, and related units", responses=ERROR_RESPONSES)
        async def links(request: Request, citation: Citation,
                        per_family: Annotated[int, Query(ge=1, le=20, description="related units per family")] = 3):
            """Explicit references from and to the unit, and the most similar units of every
            other family (the `kb links --json` shape)."""
            started = time.perf_counter()
            data = await service.run(request, lambda: kb.links(citation, per_family=per_family).to_dict())
            return respond(data, started, request)

    if callable(getattr(KnowledgeBase, "recommendations", None)):

        @app.get("/recs", tags=["recommendations"], dependencies=api,
                 summary="Recommendations of concluding observations, with follow-up", responses=ERROR_RESPONSES)
        async def recs(request: Request,
                       doc: Annotated[str | None, Query(max_length=200, description="document id or symbol")] = None,
                       article: Annotated[int | None, Query(ge=1, le=CONVENTION_ARTICLES, description="Convention article")] = None,
                       theme: Annotated[str | None, Query(max_length=200)] = None,
                       status: Annotated[str | None, Query(max_length=40)] = None,
                       lead: Annotated[str | None, Query(max_length=200)] = None):
            """The recommendations of the indexed concluding observations (the `kb recs
            --json` shape)."""
            started = time.perf_counter()
            filters = {"doc": doc, "article": article, "theme": theme, "status": status, "lead": lead}

            def work():
                # the `kb recs --json` shape, with its "message" saying why there are none
                return kb.recommendations_json(**filters)

            return respond(await service.run(request, work), started, request)

    # --- documents, health, index ----------------------------------------------------------

    @app.get("/documents", tags=["documents"], dependencies=api, summary="The catalogue",
             responses={200: {"model": schemas.DocumentsResponse}, **ERROR_RESPONSES})
    async def documents(request: Request):
        """Every catalogue document (shipped and added), flagged `indexed` when the current
        index generation holds it."""
        started = time.perf_counter()

        def work():
            info = service.index_info()
            indexed = set(info["documents"]) if info else set()
            docs = [{**d.to_dict(), "in_force": d.in_force, "indexed": d.id in indexed} for d in kb.documents()]
            return {"count": len(docs), "documents": docs}

        return respond(await service.run(request, work), started, request)

    @app.get("/health", tags=["service"], summary="Liveness and index generation (no token needed)",
             responses={200: {"model": schemas.HealthResponse}})
    async def health(request: Request):
        """`ok` with the index generation being served, or `no-index`."""
        info = await asyncio.to_thread(_safe_info, service)
        reported(request, info)
        return JSONResponse({
            "status": "ok" if info else "no-index",
            "version": __version__,
            "generation": info["generation"] if info else None,
            "units": info["units"] if info else 0,
            "passages": info["passages"] if info else 0,
            "documents": len(info["documents"]) if info else 0,
            "uptime_s": round(time.monotonic() - service.started, 1),
            "in_flight": service.gate.in_flight,
            "writes": config.allow_writes,
            "auth": bool(config.token),
            "limits": limits.to_dict(),
        })

    @app.get("/index", tags=["service"], dependencies=api, summary="Index generation and the last build",
             responses={200: {"model": schemas.IndexStatus}, **ERROR_RESPONSES})
    async def index_status(request: Request):
        """The generation being served and the state of the last build started with POST /index."""
        info = reported(request, await asyncio.to_thread(_safe_info, service))
        return JSONResponse({"index": info, "build": service.build})

    @app.post("/index", tags=["service"], dependencies=api, status_code=202,
              summary="Start `kb index` (needs --allow-writes)",
              responses={202: {"model": schemas.IndexStatus}, 403: {"model": schemas.ErrorResponse}, **ERROR_RESPONSES})
    async def index_start(request: Request,
                          rebuild: Annotated[bool, Query(description="re-embed everything")] = False):
        """Update the index from the library in a child process; searches go on against the
        current generation and switch to the new one when it is published."""
        if not config.allow_writes:
            raise ServiceError(403, "writes_disabled",
                               "this server is read-only; start it with `kb serve --allow-writes` to allow POST /index")
        build = service.start_build(rebuild)
        info = reported(request, await asyncio.to_thread(_safe_info, service))
        return JSONResponse({"index": info, "build": build}, status_code=202)

    # --- the search page -----------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def reported(request: Request, info: dict[str, Any] | None) -> dict[str, Any] | None:
    """`info` (an index_info), noted as the generation a response reports, so its
    `X-Kb-Generation` header and its body name the same one."""
    request.state.generation = info["generation"] if info else None
    return info


def _safe_info(service: Service) -> dict[str, Any] | None:
    try:
        return service.index_info()
    except KbError:
        return None


class GuardMiddleware:
    """Request-size limits before anything is parsed, and on every response security
    headers (a strict Content-Security-Policy: the page loads nothing from outside) and
    `X-Kb-Generation`, the index generation that answered.

    The generation is the one the request's work ran on (`request.state.generation`, set
    by Service.run, /health and /index), else the one the server has loaded
    (`generation()`); with no index yet there is none and the header is left out. Errors
    answered here (413, 414, 408), by FastAPI (404, 405, 422) and unexpected exceptions
    (500, answered here rather than by Starlette's outer handler, which sent its 500
    without these headers) all carry it."""

    def __init__(self, app, limits, generation: Callable[[], str | None] = lambda: None):
        self.app = app
        self.limits = limits
        self.generation = generation

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        docs = scope["path"].startswith(("/docs", "/static-docs"))
        started = False
        head = scope["method"] == "HEAD"
        if head:
            # HEAD is GET without the body (RFC 9110): a load balancer's `HEAD /health` got
            # 405. The request runs as GET; its answer goes out with the GET's headers
            # (Content-Length included) and no body.
            scope = {**scope, "method": "GET", "kb_head": True}

        async def send_with_headers(message):
            nonlocal started
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            if message["type"] == "http.response.start":
                started = True
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY"),
                         (b"content-security-policy", (CSP_DOCS if docs else CSP_STRICT).encode())]
                state = scope.get("state") or {}
                generation = state["generation"] if "generation" in state else self.generation()
                if generation:
                    extra.append((b"x-kb-generation", generation.encode("ascii", "replace")))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        try:
            await self._guarded(scope, receive, send_with_headers)
        except Exception:
            # %r: the path is the client's text, which may hold terminal escape sequences
            log.exception("kb: internal error on %s %r", scope.get("method"), scope.get("path"))
            if started:
                raise  # the answer is under way: only dropping the connection can end it
            await _send_json(send_with_headers, 500, "internal",
                             "internal error (logged on the server); please report it")

    async def _guarded(self, scope, receive, send):
        """The request-size and body-time limits, then the application."""
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > self.limits.max_url_bytes:
            return await _send_json(send, 414, "request_too_large",
                                    f"the request target has {target:,} bytes; this server accepts at most "
                                    f"{self.limits.max_url_bytes:,}: send long queries with POST /search or POST /ask")
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return await _send_json(send, 400, "invalid_request", "Content-Length is not a number")
            if declared > self.limits.max_body_bytes:
                return await _refuse_body(send, receive, 413, "request_too_large",
                                          f"the request body has {declared:,} bytes; this server accepts at most "
                                          f"{self.limits.max_body_bytes:,}", self.limits.body_seconds)
        encoding = headers.get(b"content-encoding", b"").decode("latin-1").strip()
        if scope["method"] in ("POST", "PUT", "PATCH") and encoding.lower() not in ("", "identity"):
            # A gzip body was read as JSON text ("cannot be read as JSON (not UTF-8 ...)"),
            # and a plain one labelled "br" was answered as if the label were not there.
            from kb.validate import shown

            return await _send_json(send, 400, "invalid_request",
                                    f"Content-Encoding {shown(encoding, 40)} is not accepted: send the JSON body "
                                    "uncompressed, without a Content-Encoding header")
        if scope["method"] in ("POST", "PUT", "PATCH"):
            # Read the whole (bounded) body now, so a chunked body without Content-Length
            # is held to the same limit; the application then reads it from memory.
            chunks, size = [], 0
            # A deadline for the whole body: a client that declares 100 bytes and sends 14, or
            # trickles a byte now and then, held its connection (and the request) for ever.
            deadline = asyncio.get_running_loop().time() + self.limits.body_seconds
            while True:
                try:
                    message = await asyncio.wait_for(receive(), deadline - asyncio.get_running_loop().time())
                except asyncio.TimeoutError:
                    got = f"{size:,} of {int(length):,}" if length is not None else f"{size:,}"
                    return await _send_json(send, 408, "request_timeout",
                                            f"the request body did not arrive within {self.limits.body_seconds:g} s "
                                            f"({got} bytes came); send the whole body at once")
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.limits.max_body_bytes:
                    if not message.get("more_body"):
                        return await _send_json(send, 413, "request_too_large",
                                                f"the request body is over {self.limits.max_body_bytes:,} bytes, "
                                                "this server's limit")
                    return await _refuse_body(send, receive, 413, "request_too_large",
                                              f"the request body is over {self.limits.max_body_bytes:,} bytes, "
                                              "this server's limit", max(0.0, deadline - asyncio.get_running_loop().time()))
                chunks.append(chunk)
                if not message.get("more_body"):
                    break
            body = b"".join(chunks)
            sent = False

            async def replay():
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            receive = replay
        await self.app(scope, receive, send)


# The most of a refused body read and dropped after the answer (`_refuse_body`).
DRAIN_BYTES = 64 * 1024 * 1024


async def _refuse_body(send, receive, status: int, code: str, message: str, seconds: float) -> None:
    """Answer a request whose body is refused (413) while the client is still sending it:
    the JSON answer first, then the rest of the body read and dropped, at most
    DRAIN_BYTES and for at most `seconds`, then the connection closed. Closed at once, the
    kernel answered the unread bytes with a reset, and a client still sending (6 MB at
    once) got "connection reset" instead of the 413 naming the limit."""
    body = json.dumps({"error": code, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body, "more_body": True})
    loop = asyncio.get_running_loop()
    deadline, drained = loop.time() + seconds, 0
    while drained < DRAIN_BYTES and loop.time() < deadline:
        try:
            incoming = await asyncio.wait_for(receive(), deadline - loop.time())
        except asyncio.TimeoutError:
            break
        if incoming["type"] != "http.request":
            break
        drained += len(incoming.get("body", b""))
        if not incoming.get("more_body"):
            break
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _send_json(send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": code, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
