"""Answers for people: wrapped terminal text, or Markdown to paste into a briefing note.

Everything that is not a quote — labels, statuses, notes, the reason for declining — is
in the answer's one language (kb.answer.messages); quotes stay in their document's."""

from __future__ import annotations

import textwrap

from .messages import labels as _labels_for
from .messages import language_name, status_text
from .model import Answer, Source


def _labels(answer: Answer) -> dict[str, str]:
    return _labels_for(answer.language)


def _source_line(s: Source, answer: Answer) -> str:
    """Citation, page, language and status on one line (the URL goes on its own line)."""
    labels = _labels(answer)
    bits = [s.citation]
    if s.pages:
        pages = f"{s.pages[0]}" if len(s.pages) == 1 else f"{s.pages[0]}-{s.pages[-1]}"
        bits.append(f"{labels['page']} {pages}")
    bits.append(language_name(s.language, answer.language))
    status = s.status_text or status_text(s.status, answer.language)
    if not s.in_force:
        status = f"{labels['not_in_force']}: {status}"
        if s.successor:
            status += f"; {labels['repealed_see']} {s.successor}"
        if s.successor_provision:
            status += f"; {labels['closest_in_force']}: {s.successor_provision}"
    bits.append(status)
    return " — ".join(bits)


def _sources_text(sources: list[Source], answer: Answer, width: int) -> list[str]:
    out = []
    for s in sources:
        out.append(textwrap.fill(f"[{s.n}] {_source_line(s, answer)}", width, subsequent_indent="    "))
        if s.url:
            out.append(f"    {s.url}")  # never broken: it must stay clickable
    return out


def _fill(text: str, width: int, **kw) -> str:
    # Commands in backticks must not be broken across lines.
    return textwrap.fill(text, width, break_on_hyphens=False, **kw)


def render_text(answer: Answer, width: int = 100) -> str:
    labels = _labels(answer)
    out: list[str] = []
    for note in answer.notes:
        out.append(_fill(note.text, width))
        out.append("")
    if answer.abstained:
        lead = answer.message or ""
        why = (answer.reason or {}).get("text", "")
        if why and lead.endswith(why):
            lead = lead[: -len(why)].rstrip()
        out.append(_fill(lead, width))
        if why:
            out.append(_fill(f"{labels['why']}: {why}", width))
        if answer.related:
            out.append("")
            out.append(f"{labels['related']}:")
            out += _sources_text(answer.related, answer, width)
        return "\n".join(out).rstrip("\n")
    if answer.synthesis:
        out.append(labels["synthesis"] + ":")
        for sent in answer.synthesis:
            out.append(textwrap.fill(sent["text"], width, initial_indent="  ", subsequent_indent="  "))
        if answer.rejected:
            out.append(f"  ({len(answer.rejected)} {labels['removed']})")
        out.append("")
    for section in answer.sections:
        out.append(section.heading)
        for q in section.quotes:
            out.append(textwrap.fill(f"“{q.text}” [{q.source}]", width, initial_indent="  ", subsequent_indent="   "))
        out.append("")
    out.append(f"{labels['sources']}:")
    out += _sources_text(answer.sources, answer, width)
    return "\n".join(out)


def render_markdown(answer: Answer) -> str:
    labels = _labels(answer)
    out = [f"**{answer.question}**", ""]
    for note in answer.notes:
        out += [f"*{note.text}*" if note.code != "missing-document" else f"> **{labels['note']}:** {note.text}", ""]
    if answer.abstained:
        lead = answer.message or ""
        why = (answer.reason or {}).get("text", "")
        if why and lead.endswith(why):
            lead = lead[: -len(why)].rstrip()
        out.append(lead)
        if why:
            out += ["", f"**{labels['why']}:** {why}"]
        if answer.related:
            out += ["", f"*{labels['related']}:*", ""]
            out += [f"{s.n}. {_source_line(s, answer)}" + (f" — <{s.url}>" if s.url else "") for s in answer.related]
        return "\n".join(out) + "\n"
    if answer.synthesis:
        out.append(f"*{labels['synthesis']}:* " + " ".join(s["text"] for s in answer.synthesis))
        out.append("")
    for section in answer.sections:
        out.append(f"#### {section.heading}")
        out.append("")
        for q in section.quotes:
            out.append(f"> “{q.text}” [{q.source}]")
            out.append("")
    out.append(f"**{labels['sources']}**")
    out.append("")
    for s in answer.sources:
        out.append(f"{s.n}. {_source_line(s, answer)}" + (f" — <{s.url}>" if s.url else ""))
    return "\n".join(out) + "\n"
