"""kb as a service: the HTTP API and search page (`kb serve`) and the MCP server
(`kb mcp`), both thin layers over the public Python API (`kb.KnowledgeBase`).

Needs the `serve` extra (FastAPI, uvicorn, the mcp SDK): pip install 'kb[serve]'.

    from kb import KnowledgeBase
    from kb.service import ServiceConfig, create_app
    app = create_app(KnowledgeBase.open(), ServiceConfig())

`kb.service.config` (limits, loopback and token rules) imports only the standard library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import Limits, ServiceConfig, is_loopback

__all__ = ["Limits", "ServiceConfig", "create_app", "is_loopback"]

if TYPE_CHECKING:  # pragma: no cover
    from .app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'kb.service' has no attribute {name!r}")
