"""A brief as one self-contained HTML file: inline style, no script, no external asset
(fonts, images, style sheets); every text from a document or a user is escaped. Source
numbers link to the table of sources; the list of issues links to the issues."""

from __future__ import annotations

from html import escape

from .layout import (Contents, Facts, Heading, Meta, Notice, Paragraph, QuoteElement, SourcesTable, Title,
                     layout, source_anchor, split_code)
from .model import Brief

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.7rem; margin-bottom: .4rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #999; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; color: #1f3a5f; }
.meta { margin: .2rem 0; }
.method, .notice { font-style: italic; color: #333; }
blockquote { margin: .6rem 0 .8rem 1.2rem; padding-left: .8rem; border-left: 3px solid #8aa2c0; }
blockquote p { margin: .15rem 0; }
.cite { font-style: normal; font-size: .92rem; color: #333; }
.note { font-size: .85rem; color: #555; }
code { font-family: Consolas, 'DejaVu Sans Mono', monospace; font-size: .88em; background: #f1f3f5; padding: 0 .2em; }
table.facts td { padding: .1rem .8rem .1rem 0; vertical-align: top; }
table.sources { border-collapse: collapse; width: 100%; font-size: .88rem; }
table.sources th, table.sources td { border: 1px solid #999; padding: .25rem .4rem; vertical-align: top; text-align: left; }
table.sources th { background: #e8edf3; }
td.url { word-break: break-all; }
@media print { h2 { page-break-before: always; } h2.first, h2.sources { page-break-before: auto; } }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _prose(text: str) -> str:
    return "".join(f"<code>{_e(p)}</code>" if code else _e(p) for code, p in split_code(text))


def render_html(brief: Brief) -> str:
    body: list[str] = []
    for el in layout(brief):
        if isinstance(el, Title):
            body.append(f"<h1>{_e(el.text)}</h1>")
        elif isinstance(el, Meta):
            if el.items:
                body.append(f"<p class=\"meta\"><strong>{_e(el.label)}:</strong></p><ul>"
                            + "".join(f"<li>{_e(x)}</li>" for x in el.items) + "</ul>")
            else:
                body.append(f"<p class=\"meta\"><strong>{_e(el.label)}:</strong> {_e(el.value)}</p>")
        elif isinstance(el, Paragraph):
            body.append(f"<p class=\"{'method' if el.emphasis else 'message'}\">{_prose(el.text)}</p>")
        elif isinstance(el, Contents):
            body.append(f"<p class=\"meta\"><strong>{_e(el.label)}:</strong></p><ol class=\"contents\">"
                        + "".join(f"<li><a href=\"#{a}\">{_e(t.split('. ', 1)[-1])}</a></li>" for a, t in el.items)
                        + "</ol>")
        elif isinstance(el, Heading):
            tag = "h2" if el.level == 1 else "h3"
            body.append(f"<{tag} id=\"{_e(el.anchor)}\">{_e(el.text)}</{tag}>")
        elif isinstance(el, Facts):
            body.append("<table class=\"facts\">" + "".join(f"<tr><td><strong>{_e(k)}</strong></td><td>{_e(v)}</td></tr>"
                                                           for k, v in el.rows) + "</table>")
        elif isinstance(el, Notice):
            body.append(f"<p class=\"notice\">{_prose(el.text)}</p>")
        elif isinstance(el, QuoteElement):
            mark = f"<sup><a href=\"#{source_anchor(el.n)}\">[{el.n}]</a></sup>"
            cite = f"<span class=\"cite\"> — {_e(el.citation)}</span>{mark}"
            note = f" <span class=\"note\">({_e(el.note)})</span>" if el.note else ""
            if el.lines and len(el.fragments) > 1:
                paras = [_e(f) for f in el.fragments]
                paras[0] = "“" + paras[0]
                paras[-1] = paras[-1] + "”" + cite + note
                body.append("<blockquote>" + "".join(f"<p>{p}</p>" for p in paras) + "</blockquote>")
            else:
                body.append(f"<blockquote><p>“{' … '.join(_e(f) for f in el.fragments)}”{cite}{note}</p></blockquote>")
        elif isinstance(el, SourcesTable):
            if not el.rows:
                continue
            rows = []
            for row in el.rows:
                n = int(row[0])
                url = el.urls.get(n)
                last = f"<a href=\"{_e(url)}\">{_e(url)}</a>" if url else _e(row[-1])
                cells = "".join(f"<td>{_e(c)}</td>" for c in row[1:-1])
                rows.append(f"<tr id=\"{source_anchor(n)}\"><td>{n}</td>{cells}<td class=\"url\">{last}</td></tr>")
            body.append(f"<h2 class=\"sources\" id=\"{el.anchor}\">{_e(el.label)}</h2><table class=\"sources\"><thead><tr>"
                        + "".join(f"<th>{_e(h)}</th>" for h in el.header) + "</tr></thead><tbody>"
                        + "".join(rows) + "</tbody></table>")
    return (f"<!DOCTYPE html>\n<html lang=\"{_e(brief.language)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{_e(brief.title)}</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
