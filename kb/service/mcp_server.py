"""`kb mcp`: kb as a Model Context Protocol server (the official `mcp` SDK, stdio), so an AI
assistant can search the law and quote it with exact citations.

Tools (each result carries the citations to quote):
    search(query, k, filters...)   ranked units: the README's JSON contract
    get_unit(citation)             one unit's full text (the `kb show --json` shape)
    ask(question, k, filters...)   verbatim quotes with numbered sources, or an abstention
    links(citation)                a unit's references and related units (when kb has them)
    recommendations(...)           concluding-observation recommendations (when kb has them)

stdout belongs to the protocol: kb writes nothing else there (logs go to stderr).
"""


import logging
import re
import textwrap
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, ToolAnnotations
from pydantic import BeforeValidator, Field, ValidationError

from kb import Filters, KbError, KnowledgeBase, __version__
from kb.citations import CONVENTION_ARTICLES
from kb.search.filters import make_filters

from .config import Limits
from .shapes import one_as_a_list, too_long_line, validation_line

log = logging.getLogger("kb.mcp")

# How to read kb's results (the instructions' second half, whatever the index holds).
GUIDANCE = (
    "Quote the `text`, `part_text`, `match` or `fragments` fields word for word and give the `citation` field with "
    "every quote; a repealed law's `status` names what repealed it and its `successor` the provision now in force. "
    "Read an answer's `notes` first (e.g. a document the question names is not indexed). `ask` abstains when the "
    "documents do not answer: say so rather than answering from memory."
)
# Kept for callers of the earlier constant: the guidance alone (build_server says what is indexed).
INSTRUCTIONS = GUIDANCE
FAMILY_NAMES = {"convention": "the Convention (ICRMW)", "national-law": "Indonesian law",
                "committee": "the UN Committee on Migrant Workers", "regional": "ASEAN instruments",
                "bilateral": "bilateral agreements"}
_COMMAND = re.compile(r"`(kb [^`]+)`")


def instructions(kb: KnowledgeBase) -> str:
    """The MCP server's instructions, built from what the index holds now: the indexed
    documents by family, then the catalogue's documents that are not indexed with the
    command that adds each (as `kb corpus status` says), then how to quote kb's results.
    The assistant is never told kb holds a document it cannot quote."""
    try:
        indexed = kb.indexed_documents()
        catalog = list(kb.catalog)
        hints = {r.doc_id: r for r in kb.status()}
    except KbError as exc:  # a damaged index or library: said, and the tools report it too
        return f"kb cannot read its index now ({exc}). {GUIDANCE}"
    if not indexed:
        return ("kb has no index yet: its tools answer nothing until `kb index` is run (`kb corpus fetch` first "
                f"brings in the documents). {GUIDANCE}")
    held = {d.id for d in indexed} | {d.variant_of for d in indexed if d.variant_of}
    by_family: dict[str, list[str]] = {}
    for doc in indexed:
        if doc.variant_of is None:
            by_family.setdefault(doc.family, []).append(doc.citation + (" (repealed)" if doc.repealed else ""))
    holds = "; ".join(f"{FAMILY_NAMES.get(f, f)}: {', '.join(c)}" for f, c in by_family.items())
    missing = []
    for doc in catalog:
        if doc.id in held or (doc.variant_of and doc.variant_of not in held and doc.variant_of in {d.id for d in catalog}):
            continue  # indexed; or another copy of a document said missing on its own
        row = hints.get(doc.id)
        if row is not None and row.state == "present":
            how = "in the library, not indexed yet: `kb index`"
        else:
            found = _COMMAND.findall((row.hint if row is not None else "") or "")
            how = f"`{found[-1]}`" if found else f"`kb add FILE --id {doc.id}`"
        title = textwrap.shorten(doc.title, 70, placeholder="…")
        missing.append(f"{doc.citation} ({title}; {how})" if title != doc.citation else f"{doc.citation} ({how})")
    text = f"kb holds the law on migrant workers' rights, in English and Indonesian. Indexed now: {holds}."
    if missing:
        text += (" NOT indexed, so kb cannot quote them (say so if asked; the user adds them with the command "
                 f"given, then `kb index`): {'; '.join(missing)}.")
    return f"{text} {GUIDANCE}"


Family = Literal["convention", "national-law", "committee", "regional", "bilateral"]
Language = Literal["en", "id"]
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


def _filters(family, doc, language, in_force, date_from, date_to, party) -> Filters:
    """The Filters of a tool's filter arguments (kb.search.filters.make_filters, shared with
    the Python API, the CLI and the HTTP API): a blank party code is refused as they refuse it."""
    return make_filters(family=family, doc=doc, language=language, in_force=in_force, date_from=date_from,
                        date_to=date_to, party=party)


class KbMCPServer(MCPServer):
    """The MCP server with kb's rules for arguments: an argument a tool does not take is
    refused (`{"query": "x", "limit": 3}` searched for 5 results as if honoured, while the
    HTTP API refuses it), and arguments of the wrong type or range are one line naming the
    argument ("k: Input should be greater than or equal to 1"), not pydantic's multi-line
    dump with its documentation URL."""

    max_message_bytes = Limits().max_message_bytes

    async def run_stdio_async(self) -> None:
        """Serve on stdin/stdout through kb's line filter (kb.service.mcp_stdio: each line
        bounded and checked, a bad one answered with a JSON-RPC error, the requests read
        before stdin closed answered) instead of the SDK's reader, which drops such lines
        without a word."""
        from .mcp_stdio import serve

        # the low-level server and its options, exactly as MCPServer.run_stdio_async uses them
        await serve(self._lowlevel_server, self.max_message_bytes)

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        tool = self._tool_manager.get_tool(name)
        if tool is not None:
            takes = sorted(tool.parameters.get("properties", {}))
            unknown = sorted(set(arguments or {}) - set(takes))
            if unknown:
                raise ToolError(f"{name}: unknown argument {unknown[0]!r}; it takes {', '.join(takes)}")
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc, UnexpectedToolError) or not isinstance(exc.__cause__, ValidationError):
                raise
            errors = exc.__cause__.errors()
            line = too_long_line(errors) or validation_line(errors, skip=())  # the HTTP API's words for a long query
            raise ToolError(f"{name}: {line}") from exc.__cause__


class PlainParamErrors:
    """Server middleware: the SDK answers every request whose params are not of the shape
    its method takes (`tools/call` with `"name": 5`, `"arguments": [1, 2]`), and every
    request sent before `initialize`, with the same "Invalid request parameters" and empty
    data, which tells a client neither what is wrong nor how to fix it. Here the params
    error names the field and what it should be, in one line; the early request says to
    initialize first."""

    async def __call__(self, ctx: Any, call_next: Any) -> Any:
        try:
            return await call_next(ctx)
        except ValidationError as exc:
            raise MCPError(code=INVALID_PARAMS, message=f"Invalid params for {ctx.method}: "
                                                        f"{validation_line(exc.errors(), skip=())}") from None
        except MCPError as exc:
            gate = (exc.error.code == INVALID_PARAMS and exc.error.message == "Invalid request parameters"
                    and not exc.error.data)
            if not gate:
                raise
            raise MCPError(code=INVALID_PARAMS, message=(
                f"{ctx.method} before the session is initialized: send 'initialize' first, then the "
                "'notifications/initialized' notification")) from None


def build_server(kb: KnowledgeBase, limits: Limits | None = None) -> MCPServer:
    """An MCPServer whose tools call `kb` (the public API only). KbErrors become tool
    errors (is_error=True, the one-line message for the assistant to read)."""
    limits = limits or Limits()
    server = KbMCPServer("kb", version=__version__, instructions=instructions(kb),
                       description="Search and quote the law on migrant workers' rights, with exact citations",
                       middleware=[PlainParamErrors()])
    server.max_message_bytes = limits.max_message_bytes

    def call(fn):
        try:
            return fn()
        except KbError as exc:
            raise ToolError(str(exc)) from None

    # No min_length: an empty text ("" as "   ") is refused by the library's own check
    # (kb.validate: "the citation is empty: give one, e.g. ..."), the one line the CLI and
    # the Python API give, not pydantic's "String should have at least 1 character".
    QueryText = Annotated[str, Field(max_length=limits.max_query_chars)]
    # one value as text ("language": "id") is a list of one (kb.service.shapes.one_as_a_list)
    OneOrMore = BeforeValidator(one_as_a_list)
    FamilyArg = Annotated[list[Family] | None, OneOrMore, Field(description="only these families")]
    DocArg = Annotated[list[str] | None, OneOrMore,
                       Field(description="only these document ids (see the catalogue ids in results)")]
    LanguageArg = Annotated[list[Language] | None, OneOrMore, Field(description="only units in these languages")]
    # strict, as the HTTP API's body is: a JSON true was taken as k=1, "5" as 5, "yes" as
    # in_force=true, 5.0 as 5 (the same call over HTTP is refused, 422)
    InForceArg = Annotated[bool, Field(strict=True, description="exclude repealed law (otherwise returned, flagged in `status`)")]
    DateArg = Annotated[str | None, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")]
    PartyArg = Annotated[list[str] | None, OneOrMore, Field(description="documents binding these parties: IDN, JPN, ASEAN...")]

    @server.tool(annotations=READ_ONLY)
    def search(query: QueryText, k: Annotated[int, Field(ge=1, le=limits.max_k, strict=True)] = 5,
               family: FamilyArg = None, doc: DocArg = None, language: LanguageArg = None, in_force: InForceArg = False,
               date_from: DateArg = None, date_to: DateArg = None, party: PartyArg = None) -> dict[str, Any]:
        """Search the indexed law for units (Pasal, articles, paragraphs) matching a query in
        English or Indonesian. A citation as query ("UU 18/2017 Pasal 30", "GC 2 para 24")
        ranks that unit first. Each result has `citation` (full pinpoint citation), `text`
        (the unit verbatim), `match` (the passage that matched), `part_text` (the text of the
        ayat, huruf or sub-paragraph `locator` pinpoints, or null), `status`, `pages`."""
        flt = _filters(family, doc, language, in_force, date_from, date_to, party)
        return call(lambda: kb.search(query, k=k, filters=flt).to_dict())

    @server.tool(annotations=READ_ONLY)
    def get_unit(citation: QueryText) -> dict[str, Any]:
        """The full text of the unit a citation names, e.g. "UU 18/2017 Pasal 30",
        "CMW/C/GC/2 para 24", "IJEPA art 94", with its `citation`, `status` and `pages`; a
        pinpoint ("UU 18/2017 Pasal 6 ayat (1) huruf j") also gives `part_text`, the text of
        that part alone (`text` is the whole unit); for a
        citation naming several units (a range "paras. 82-83", a list "Pasal 5 dan 6", a
        chapter "BAB XI UU 18/2017"), {"citation", "results": [unit, ...]}."""
        return call(lambda: kb.show(citation))

    @server.tool(annotations=READ_ONLY)
    def ask(question: QueryText, k: Annotated[int, Field(ge=1, le=limits.max_ask_k, strict=True)] = 8,
            family: FamilyArg = None, doc: DocArg = None, language: LanguageArg = None, in_force: InForceArg = False,
            date_from: DateArg = None, date_to: DateArg = None, party: PartyArg = None) -> dict[str, Any]:
        """Answer a question with verbatim quotes of the law, grouped by instrument in order
        of legal authority. `sentences[].citation` is the number `n` of a `sources` entry,
        whose `citation` is the pinpoint citation to give. `abstained: true` means the
        documents do not answer (see `message` and the `related` units)."""
        flt = _filters(family, doc, language, in_force, date_from, date_to, party)
        return call(lambda: kb.ask(question, k=k, filters=flt).to_dict())

    if callable(getattr(KnowledgeBase, "links", None)):

        @server.tool(annotations=READ_ONLY)
        def links(citation: QueryText, per_family: Annotated[int, Field(ge=1, le=20, strict=True)] = 3) -> dict[str, Any]:
            """A unit's explicit references (outgoing, incoming: e.g. the general-comment
            paragraphs citing a Convention article) and the most similar units of every
            other family, each with its citation."""
            return call(lambda: kb.links(citation, per_family=per_family).to_dict())

    if callable(getattr(KnowledgeBase, "recommendations", None)):
        @server.tool(annotations=READ_ONLY)
        def recommendations(doc: Annotated[str | None, Field(description="document id or symbol, e.g. CMW/C/XYZ/CO/2")] = None,
                            article: Annotated[int | None, Field(ge=1, le=CONVENTION_ARTICLES, strict=True,
                                                                description="Convention article")] = None,
                            theme: str | None = None, status: str | None = None,
                            lead: str | None = None) -> dict[str, Any]:
            """Recommendations of the indexed concluding observations (citation, theme,
            Convention articles, sub-paragraphs, reiterations, follow-up status and leads)."""
            filters = {"doc": doc, "article": article, "theme": theme, "status": status, "lead": lead}

            def work():
                # the `kb recs --json` shape, with its "message" saying why there are none
                return kb.recommendations_json(**filters)

            return call(work)

    return server


def run_stdio(kb: KnowledgeBase, limits: Limits | None = None) -> None:
    """Warm the index (embedder and vectors loaded once), then serve MCP on stdin/stdout
    until the client closes the connection, through kb's line filter (kb.service.mcp_stdio:
    each line bounded and checked, a bad one answered with a JSON-RPC error)."""
    server = build_server(kb, limits)
    if kb.has_index():
        kb.search("pekerja migran migrant workers", k=1)
    server.run("stdio")
