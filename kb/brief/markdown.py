"""A brief as paste-ready Markdown (CommonMark with a GitHub-style table for the
sources): headings, blockquotes in curly quotes with their citation and source number,
the table of sources at the end. Document text is escaped so that no character of a
quote turns into formatting; what a Markdown renderer shows is the quote itself."""

from __future__ import annotations

import re

from .layout import (Contents, Facts, Heading, Meta, Notice, Paragraph, QuoteElement, SourcesTable, Title,
                     layout, split_code)
from .model import Brief

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)(#|[-+=]|\d+[.)])")


def escape(text: str) -> str:
    """Text that Markdown shows as it is: formatting characters backslash-escaped,
    line breaks folded (a quote is one paragraph unless the brief splits it)."""
    text = re.sub(r"\s*\n\s*", " ", text)
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def prose(text: str) -> str:
    """kb's own sentences: escaped like document text, but the commands they name
    (`kb index`) stay code."""
    return "".join(f"`{p}`" if code else escape(p) for code, p in split_code(text))


def _cell(text: str) -> str:
    return escape(text).replace("\n", " ")


def render_markdown(brief: Brief) -> str:
    out: list[str] = []
    for el in layout(brief):
        if isinstance(el, Title):
            out += [f"# {escape(el.text)}", ""]
        elif isinstance(el, Meta):
            if el.items:
                out += [f"**{el.label}:**", ""] + [f"- {escape(x)}" for x in el.items] + [""]
            else:
                out += [f"**{el.label}:** {escape(el.value)}", ""]
        elif isinstance(el, Paragraph):
            out += [f"*{prose(el.text)}*" if el.emphasis else prose(el.text), ""]
        elif isinstance(el, Contents):
            out += [f"**{el.label}:**", ""] + [f"{i}. {escape(text.split('. ', 1)[-1])}"
                                               for i, (_a, text) in enumerate(el.items, 1)] + [""]
        elif isinstance(el, Heading):
            out += [("## " if el.level == 1 else "### ") + _SPECIAL.sub(r"\\\1", el.text), ""]
        elif isinstance(el, Facts):
            out += [f"- **{label}:** {escape(value)}" for label, value in el.rows] + [""]
        elif isinstance(el, Notice):
            out += [f"*{prose(el.text)}*", ""]
        elif isinstance(el, QuoteElement):
            cite = f" — {escape(el.citation)} \\[{el.n}\\]" + (f" ({escape(el.note)})" if el.note else "")
            if el.lines and len(el.fragments) > 1:
                lines = [escape(f) for f in el.fragments]
                lines[0] = "“" + lines[0]
                lines[-1] = lines[-1] + "”" + cite
                out += ["\n>\n".join(f"> {line}" for line in lines), ""]
            else:
                out += [f"> “{' … '.join(escape(f) for f in el.fragments)}”{cite}", ""]
        elif isinstance(el, SourcesTable):
            if not el.rows:
                continue
            out += [f"## {el.label}", "", "| " + " | ".join(el.header) + " |", "|" + "---|" * len(el.header)]
            for row in el.rows:
                cells = [_cell(c) for c in row]
                n = int(row[0])
                if n in el.urls:
                    cells[-1] = f"<{el.urls[n]}>"
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
