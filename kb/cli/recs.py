"""`kb recs`: recommendations of concluding observations, their follow-up (`set`) and
the implementation matrix (`export`)."""

from __future__ import annotations

import textwrap

import click

from kb.citations import CONVENTION_ARTICLES

from ._common import _dump, _kb, echo, handle_errors, non_blank, secho

STATUSES = ("not-started", "in-progress", "partially-implemented", "implemented", "not-accepted")


@click.group("recs", invoke_without_command=True)
@click.option("--doc", metavar="ID", callback=non_blank, help="Only this document (catalogue id or symbol, e.g. CMW/C/XYZ/CO/2).")
@click.option("--article", type=click.IntRange(1, CONVENTION_ARTICLES), metavar="N", help="Only recommendations concerning Convention article N.")
@click.option("--theme", metavar="WORDS", callback=non_blank, help="Only recommendations whose theme (heading path) has these words.")
@click.option("--status", type=click.Choice(STATUSES), help="Only this follow-up status.")
@click.option("--lead", metavar="L", callback=non_blank, help="Only recommendations led by an institution whose name contains L.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (shape documented in the README).")
@click.pass_context
@handle_errors
def recs(ctx: click.Context, doc, article, theme, status, lead, as_json: bool) -> None:
    """Recommendations of the indexed concluding observations, with their follow-up.

    \b
    kb recs --article 21                       recommendations on article 21
    kb recs set "CMW/C/XYZ/CO/2, para. 21 (c)" --lead "Ministry of Manpower" --status in-progress
    kb recs export --format xlsx -o matrix.xlsx
    """
    if ctx.invoked_subcommand is not None:
        return
    kb = _kb(ctx)
    if as_json:  # the shape GET /recs and the MCP tool give (with "message" when there are none)
        _dump(kb.recommendations_json(doc=doc, article=article, theme=theme, status=status, lead=lead))
        return
    found = kb.recommendations(doc=doc, article=article, theme=theme, status=status, lead=lead)
    if not found:
        echo(kb.no_recommendations_message(filtered=any((doc, article, theme, status, lead))))
        return
    for r in found:
        _print_rec(r)
    echo(f"{len(found)} recommendation{'s' if len(found) != 1 else ''}")


def _print_rec(r) -> None:
    arts = f"  arts. {', '.join(r.articles)}" if r.articles else ""
    prio = ""
    if r.follow_up:
        prio = "  [priority" + (f": {', '.join(f'({s})' for s in r.follow_up_subparagraphs)}" if r.follow_up_subparagraphs else "") + "]"
    secho(f"{r.citation}{prio}", bold=True, nl=False)
    echo(f"{arts}  {r.theme}")
    state = r.followup
    line = f"    status: {state.status}"
    if state.leads:
        line += f" · lead: {'; '.join(state.leads)}"
    subs_set = [f"({k}) {v.status}" for k, v in r.sub_followups.items() if not v.inherited]
    if subs_set:
        line += " · " + ", ".join(subs_set)
    echo(line)
    for x in r.reiterates:
        echo(f"    reiterates {x.citation} ({x.how}{f', {x.score:.2f}' if x.score is not None else ''})")
    text = r.lead_in if r.subparagraphs else r.text
    tail = f" [{len(r.subparagraphs)} sub-paragraphs: {', '.join(f'({s.label})' for s in r.subparagraphs)}]" if r.subparagraphs else ""
    echo(textwrap.indent(textwrap.fill(textwrap.shorten(text, 300) + tail, 96), "    "))


@recs.command("set")
@click.argument("citation")
@click.option("--lead", "leads", multiple=True, metavar="L", callback=non_blank,
              help="Lead institution (repeatable; replaces the list).")
@click.option("--status", type=click.Choice(STATUSES), help="Follow-up status.")
@click.option("--note", metavar="TEXT", callback=non_blank, help="Add a note.")
@click.option("--action", metavar="TEXT", callback=non_blank, help="Add an action (step) to follow the recommendation up.")
@click.option("--due", metavar="YYYY-MM-DD", callback=non_blank, help="Due date of the --action.")
@click.option("--json", "as_json", is_flag=True, help="Print the recommendation as `kb recs --json` does.")
@click.pass_context
@handle_errors
def set_cmd(ctx: click.Context, citation: str, leads, status, note, action, due, as_json: bool) -> None:
    """Set the follow-up of a recommendation or sub-paragraph, e.g.
    "CMW/C/XYZ/CO/2, para. 21 (c)". Every change is kept in its history."""
    from kb.recs.service import rec_to_dict
    from kb.recs.tracker import TrackerError

    if due and not action:
        raise TrackerError("--due needs --action: a due date belongs to an action")
    if not (leads or status or note or action):
        raise TrackerError("nothing to change: give --status, --lead, --note or --action")
    kb = _kb(ctx)
    rec = kb.set_followup(citation, leads=list(leads) or None, status=status, note=note, action=action, due=due)
    if as_json:
        _dump(rec_to_dict(rec))
        return
    from kb.recs.service import find_recommendation

    _, sub = find_recommendation(kb, citation, [rec])
    state = rec.sub_followups[sub] if sub else rec.followup
    echo(f"{rec.citation}{f' ({sub})' if sub else ''}: {state.status}"
         + (f" · lead: {'; '.join(state.leads)}" if state.leads else "")
         + (f" · {len(state.notes)} note(s)" if state.notes else "")
         + (f" · {len(state.actions)} action(s)" if state.actions else ""))


@recs.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), help="Default: from the file's extension.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--doc", metavar="ID", callback=non_blank, help="Only this document (catalogue id or symbol).")
@click.option("--no-national", is_flag=True, help="Skip linking national provisions (faster).")
@click.pass_context
@handle_errors
def export(ctx: click.Context, fmt: str | None, output: str, doc: str | None, no_national: bool) -> None:
    """Write the implementation matrix: recommendation, theme, articles, linked national
    provisions, lead, status, notes (one row per sub-paragraph)."""
    kb = _kb(ctx)
    rows = kb.export_recommendations(output, format=fmt, doc=doc, national=not no_national)
    echo(f"wrote {rows} rows to {output}")
