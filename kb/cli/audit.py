"""`kb corpus audit`: where each document's text went (units, classified furniture, or
unassigned), so that text kb failed to place is visible, never silently lost."""

from __future__ import annotations

import click

from ._common import _dump, _kb, echo, handle_errors, non_blank, secho

_SHOWN = 300  # characters of an unassigned span printed without --full


@click.command("audit")
@click.argument("doc_id", required=False, callback=non_blank)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--full", is_flag=True, help="Print each unassigned span whole (default: its first 300 characters).")
@click.pass_context
@handle_errors
def corpus_audit(ctx: click.Context, doc_id: str | None, as_json: bool, full: bool) -> None:
    """The text audit of a document of the library: every character is in a unit,
    classified (headings, formulas, signatures, page furniture...) or unassigned.

    With DOC_ID: its unassigned spans, each with its page. Without: one line per
    document in the library. Documents are re-read and parsed (no index needed)."""
    kb = _kb(ctx)
    if doc_id:
        _one(kb, doc_id, as_json, full)
    else:
        _summary(kb, as_json)


def _one(kb, doc_id: str, as_json: bool, full: bool) -> None:
    parsed = kb.parsed(doc_id)
    audit = parsed.audit
    if as_json:
        _dump({"id": parsed.document.id, "units": len(parsed.units), **audit.to_dict()})
        return
    secho(f"{parsed.document.id}: {describe(audit, len(parsed.units))}", bold=True)
    if audit.classified:
        kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(audit.classified.items(), key=lambda kv: -kv[1]))
        echo(f"classified: {kinds}")
    if not audit.unassigned:
        echo("no unassigned text")
        return
    echo(f"\n{len(audit.unassigned)} unassigned span(s):")
    for start, end, page, text in audit.spans():
        where = f"page {page}, " if page is not None else ""
        echo(f"\n  [{where}chars {start}-{end}]")
        shown = text if full or len(text) <= _SHOWN else f"{text[:_SHOWN]} … ({len(text) - _SHOWN:,} more characters; --full)"
        echo("  " + " ".join(shown.split()))


def _summary(kb, as_json: bool) -> None:
    from kb.errors import KbError

    rows = []
    for status in kb.status():
        if not status.present:
            continue
        try:
            parsed = kb.parsed(status.doc_id)
        except KbError as exc:
            rows.append({"id": status.doc_id, "error": str(exc)})
            continue
        a = parsed.audit
        rows.append({"id": status.doc_id, "units": len(parsed.units), "total": a.total,
                     "unassigned_chars": a.unassigned_chars, "unassigned_share": round(a.share, 6),
                     "classified": dict(a.classified)})
    if as_json:
        _dump(rows)
        return
    if not rows:
        echo("no documents in the library; `kb corpus fetch` or `kb add` first")
        return
    for row in rows:
        if "error" in row:
            echo(f"{row['id']:24} error: {row['error']}")
            continue
        flag = "  WARNING" if row["unassigned_share"] > 0.005 else ""
        echo(f"{row['id']:24} {row['units']:>5} units  {100 * row['unassigned_share']:6.2f} % unassigned "
             f"({row['unassigned_chars']:,} of {row['total']:,} characters){flag}")


def describe(audit, units: int) -> str:
    """One line: units, and the unassigned share of the text."""
    return (f"{units} units; {100 * audit.share:.2f} % of the text unassigned "
            f"({audit.unassigned_chars:,} of {audit.total:,} characters)")


def warning(audit, doc_id: str, spans: int = 3) -> str | None:
    """The warning `kb add` prints when more than 0.5 % of the text is unassigned, naming
    the first spans; None below that."""
    if not audit.over_limit:
        return None
    first = "; ".join(
        (f"page {page}: " if page is not None else "") + repr(_short(text))
        for _s, _e, page, text in audit.spans()[:spans]
    )
    return (f"kb: warning: {100 * audit.share:.2f} % of the text of {doc_id} is in no unit "
            f"(first: {first}); `kb corpus audit {doc_id}` lists it all")


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
