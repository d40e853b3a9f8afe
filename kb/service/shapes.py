"""JSON shapes shared by the HTTP API and the MCP server (beyond the library's own
`to_dict()` methods, which both use as they are)."""

from __future__ import annotations

import dataclasses
from typing import Any


def recommendation_dict(kb: Any, rec: Any) -> dict[str, Any]:
    """One recommendation as JSON: its own `to_dict()` when it has one, else the
    KnowledgeBase's public serialiser `recommendation_dict(rec)` (the `kb recs --json`
    shape), else its dataclass fields with `citation` and the attached follow-up."""
    to_dict = getattr(rec, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    serialise = getattr(kb, "recommendation_dict", None)
    if callable(serialise):
        return serialise(rec)
    data = _jsonable(rec) if dataclasses.is_dataclass(rec) else {"text": str(rec)}
    if not isinstance(data, dict):
        data = {"value": data}
    citation = getattr(rec, "citation", None)
    if isinstance(citation, str):
        data["citation"] = citation
    followup = getattr(rec, "followup", None)
    if followup is not None:
        data["followup"] = followup.to_dict() if callable(getattr(followup, "to_dict", None)) else _jsonable(followup)
    return data


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def validation_line(errors: list[dict[str, Any]], skip: tuple[str, ...] = ("query", "body", "path")) -> str:
    """Pydantic's validation errors as one line, "k: Input should be greater than or equal
    to 1; ...", the field named by its path without the request part it came from (the
    HTTP API and the MCP tools say the same for the same mistake)."""
    parts = []
    # an unknown field first: `{"query": "paspor"}` said "q: Field required; request: Extra
    # inputs are not permitted", the field it refused left unnamed
    ordered = sorted(errors, key=lambda err: err.get("type") != "extra_forbidden")
    for err in ordered[:5]:
        loc = list(err.get("loc", ()))
        if loc and loc[0] in skip:  # the request part ("query", "body", "path"), not a field named so
            loc = loc[1:]
        where = ".".join(str(x) for x in loc)
        if err.get("type") == "extra_forbidden" and where:
            said = f"unknown field {where!r}" + (" in the request body" if err.get("loc", ("",))[0] == "body" else "")
            if where in ALIASES_OF_Q and "body" in skip:  # the HTTP body's query is `q` (MCP's is `query`)
                said += " (the query is 'q', e.g. {\"q\": \"biaya penempatan\"})"
            parts.append(said)
            continue
        if err.get("type") == "missing" and where == "q" and "body" in skip and any(
                e.get("type") == "extra_forbidden" and str(list(e.get("loc", ()))[-1]) in ALIASES_OF_Q for e in errors):
            continue  # said with the unknown field that was meant as the query
        if err.get("type") == "literal_error" and (err.get("ctx") or {}).get("expected"):
            # "language.0: Input should be 'en' or 'id'": the value refused and the values
            # accepted, the field named without the list position
            field = ".".join(str(x) for x in loc if not isinstance(x, int)) or "request"
            from kb.validate import shown

            parts.append(f"{field}: {shown(err.get('input'), 40)} is not accepted; use {err['ctx']['expected']}")
            continue
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def one_as_a_list(value: Any) -> Any:
    """A list filter (family, doc, language, party) given one value as text ("language":
    "id") as a list of one, as the Python API takes it, for the HTTP body and the MCP
    tools alike (both said pydantic's "Input should be a valid list", which named neither
    the form the field takes nor its values). Other values are returned as they are."""
    return [value] if isinstance(value, str) else value


# Names a client may give the query under (the HTTP API's field is `q`).
ALIASES_OF_Q = ("query", "question", "text", "search", "query_text")


# The text arguments a request names (HTTP `q` and `citation`, the MCP tools' `query`,
# `question` and `citation`), bounded by Limits.max_query_chars.
TEXT_ARGUMENTS = {"q": "query", "query": "query", "question": "question", "citation": "citation"}


def too_long_line(errors: list[dict[str, Any]]) -> str | None:
    """The one line for a text argument over the server's limit, the same on HTTP and MCP
    ("the query has 5,000 characters; this server accepts at most 2,000 ..."), or None when
    no error in pydantic's `errors` is one (MCP said pydantic's "query: String should have
    at most 2000 characters")."""
    for err in errors:
        loc = [str(x) for x in err.get("loc", ())]
        if err.get("type") == "string_too_long" and loc and loc[-1] in TEXT_ARGUMENTS:
            given = err.get("input")
            size = f"{len(given):,} characters" if isinstance(given, str) else "too many characters"
            limit = (err.get("ctx") or {}).get("max_length")
            at_most = f"at most {limit:,}" if isinstance(limit, int) else "fewer"
            return (f"the {TEXT_ARGUMENTS[loc[-1]]} has {size}; this server accepts {at_most} "
                    "(the embedder reads about 2,000 characters): shorten it")
    return None
