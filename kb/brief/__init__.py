"""Delegation briefs: per issue (a recommendation, a Convention article, a cited unit or a
topic) what the Committee asked and where follow-up stands, what the Convention says,
what national law in force provides (repealed law as history), what the Committee's
general comments and earlier recommendations add, then regional and bilateral
instruments — every statement a verbatim quote with a numbered source, the sources in
one table at the end. Written as Word (python-docx), self-contained HTML or Markdown.

    from kb import KnowledgeBase
    from kb.brief import write_brief
    kb = KnowledgeBase.open()
    brief = kb.brief("recruitment fees and passport retention")
    write_brief(brief, "brief.docx")            # format from the extension, or format="md"
"""

from __future__ import annotations

from .assemble import BriefRequest, build_brief, derived_query, verify
from .model import BLOCKS, Block, Brief, BriefQuote, BriefSource, FollowUpSummary, Issue
from .write import FORMATS, render, write_brief

__all__ = ["BLOCKS", "Block", "Brief", "BriefQuote", "BriefRequest", "BriefSource", "FORMATS", "FollowUpSummary",
           "Issue", "build_brief", "derived_query", "render", "verify", "write_brief"]
