"""`kb mcp` driven by the mcp SDK's own client over stdio: the real command started as a
subprocess, its tools listed and each one called; every result carries citations."""

from __future__ import annotations

import asyncio
import json
import sys

import pytest

from conftest import kb_env
from kb import KnowledgeBase

pytestmark = pytest.mark.slow

BASE_TOOLS = {"search", "get_unit", "ask"}


def expected_tools() -> set[str]:
    tools = set(BASE_TOOLS)
    if callable(getattr(KnowledgeBase, "links", None)):
        tools.add("links")
    if callable(getattr(KnowledgeBase, "recommendations", None)):
        tools.add("recommendations")
    return tools


async def session_calls(home, mode: str = "auto") -> dict:
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "kb.cli", "mcp"], env=kb_env(home))
    out: dict = {}
    async with Client(params, mode=mode, read_timeout_seconds=120) as client:
        listed = await client.list_tools()
        out["tools"] = {t.name: t for t in listed.tools}
        out["search"] = await client.call_tool("search", {"query": "recruitment fees domestic workers", "k": 3})
        out["search_filtered"] = await client.call_tool(
            "search", {"query": "pelatihan bahasa", "k": 5, "family": ["national-law"], "in_force": True})
        out["get_unit"] = await client.call_tool("get_unit", {"citation": "CMW/C/GC/1 para 36"})
        out["ask"] = await client.call_tool("ask", {"question": "Should States ban recruitment fees charged to domestic workers?"})
        out["unknown"] = await client.call_tool("get_unit", {"citation": "CMW/C/GC/1 para 9999"})
        out["too_long"] = await client.call_tool("search", {"query": "x" * 5000})
        out["bad_family"] = await client.call_tool("search", {"query": "x", "family": ["bogus"]})
        if "links" in out["tools"]:
            out["links"] = await client.call_tool("links", {"citation": "CMW/C/GC/1 para 36"})
        if "recommendations" in out["tools"]:
            out["recommendations"] = await client.call_tool("recommendations", {})
    return out


@pytest.fixture(scope="module")
def calls(slice_kb):
    return asyncio.run(session_calls(slice_kb.settings.home))


def test_lists_the_tools(calls):
    tools = calls["tools"]
    assert set(tools) == expected_tools()
    search = tools["search"]
    assert "citation" in search.description
    props = search.input_schema["properties"]
    assert {"query", "k", "family", "doc", "language", "in_force", "date_from", "date_to", "party"} <= set(props)
    assert search.annotations.read_only_hint is True


def test_search_returns_citations(calls, slice_kb):
    result = calls["search"]
    assert not result.is_error
    data = result.structured_content
    assert data == slice_kb.search("recruitment fees domestic workers", k=3).to_dict()
    assert all(r["citation"] and r["text"] for r in data["results"])
    assert json.loads(result.content[0].text) == data  # the same, as text for the model
    filtered = calls["search_filtered"].structured_content["results"]
    assert filtered and all(r["family"] == "national-law" and r["in_force"] for r in filtered)


def test_get_unit_and_ask(calls, slice_kb):
    unit = calls["get_unit"].structured_content
    assert unit["citation"] == "CMW/C/GC/1, para. 36" and unit["text"] == slice_kb.get("CMW/C/GC/1 para 36").unit.text
    answer = calls["ask"].structured_content
    assert answer["abstained"] is False
    cited = {s["n"]: s["citation"] for s in answer["sources"]}
    assert answer["sentences"] and all(s["citation"] in cited for s in answer["sentences"])


def test_errors_are_tool_errors_with_one_line(calls):
    for name in ("unknown", "too_long", "bad_family"):
        result = calls[name]
        assert result.is_error, name
        text = result.content[0].text
        assert "Traceback" not in text, text
    assert "para 9999" in calls["unknown"].content[0].text or "9999" in calls["unknown"].content[0].text


def test_links_and_recommendations_when_they_exist(calls):
    if "links" in calls:
        assert not calls["links"].is_error and calls["links"].structured_content["citation"]
    if "recommendations" in calls:
        data = calls["recommendations"].structured_content
        assert data["count"] == len(data["recommendations"])


def test_legacy_handshake_clients(slice_kb):
    """Assistants that speak the initialize handshake (mode='legacy') get the same tools."""

    async def run():
        from mcp import Client
        from mcp.client.stdio import StdioServerParameters

        params = StdioServerParameters(command=sys.executable, args=["-m", "kb.cli", "mcp"],
                                       env=kb_env(slice_kb.settings.home))
        async with Client(params, mode="legacy", read_timeout_seconds=120) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            found = await client.call_tool("search", {"query": "UU 6 Tahun 2012 Pasal 1", "k": 1})
            return names, found

    names, found = asyncio.run(run())
    assert names == expected_tools()
    assert found.structured_content["results"][0]["exact"] is True
