"""Answers for people: wrapped terminal text, or Markdown to paste into a briefing note.
Labels follow the question's language; quotes stay in the language of their document."""

from __future__ import annotations

import textwrap

from .model import Answer, Source

LABELS = {
    "en": {"sources": "Sources", "related": "Possibly related", "removed": "unsupported sentence(s) removed",
           "synthesis": "Summary (LLM, verified against the quotes)", "page": "p.", "repealed_see": "replaced by",
           "not_in_force": "NOT IN FORCE", "repealed by": "repealed by"},
    "id": {"sources": "Sumber", "related": "Mungkin terkait", "removed": "kalimat tanpa dukungan dihapus",
           "synthesis": "Ringkasan (LLM, diverifikasi terhadap kutipan)", "page": "hlm.", "repealed_see": "diganti oleh",
           "not_in_force": "TIDAK BERLAKU", "repealed by": "dicabut oleh"},
}


def _labels(answer: Answer) -> dict[str, str]:
    return LABELS.get(answer.language, LABELS["en"])


def _source_line(s: Source, labels: dict[str, str]) -> str:
    """Citation, page, language and status on one line (the URL goes on its own line)."""
    bits = [s.citation]
    if s.pages:
        pages = f"{s.pages[0]}" if len(s.pages) == 1 else f"{s.pages[0]}-{s.pages[-1]}"
        bits.append(f"{labels['page']} {pages}")
    bits.append(s.language)
    status = s.status if s.in_force else f"{labels['not_in_force']}: " + s.status.replace("repealed by", labels["repealed by"])
    if not s.in_force and s.successor:
        status += f"; {labels['repealed_see']} {s.successor}"
    bits.append(status)
    return " — ".join(bits)


def _sources_text(sources: list[Source], labels: dict[str, str], width: int) -> list[str]:
    out = []
    for s in sources:
        out.append(textwrap.fill(f"[{s.n}] {_source_line(s, labels)}", width, subsequent_indent="    "))
        if s.url:
            out.append(f"    {s.url}")  # never broken: it must stay clickable
    return out


def render_text(answer: Answer, width: int = 100) -> str:
    labels = _labels(answer)
    out: list[str] = []
    if answer.abstained:
        out.append(textwrap.fill(answer.message or "", width))
        if answer.related:
            out.append("")
            out.append(f"{labels['related']}:")
            out += _sources_text(answer.related, labels, width)
        return "\n".join(out)
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
    out += _sources_text(answer.sources, labels, width)
    return "\n".join(out)


def render_markdown(answer: Answer) -> str:
    labels = _labels(answer)
    out = [f"**{answer.question}**", ""]
    if answer.abstained:
        out.append(answer.message or "")
        if answer.related:
            out += ["", f"*{labels['related']}:*", ""]
            out += [f"{s.n}. {_source_line(s, labels)}" + (f" — <{s.url}>" if s.url else "") for s in answer.related]
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
        line = _source_line(s, labels)
        out.append(f"{s.n}. {line}" + (f" — <{s.url}>" if s.url else ""))
    return "\n".join(out) + "\n"
