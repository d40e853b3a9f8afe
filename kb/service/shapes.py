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
    for err in errors[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in skip)
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)
