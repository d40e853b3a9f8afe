"""`kb links CITATION`: a unit's explicit references (out and in) and, apart, the most
similar units of every other family."""

from __future__ import annotations

import textwrap

import click

from ._common import _dump, _kb, echo, handle_errors, secho


@click.command("links")
@click.argument("citation", nargs=-1, required=True)
@click.option("-k", "per_family", default=3, show_default=True, type=click.IntRange(1, 20),
              help="Similar units per family.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (shape documented in the README).")
@click.pass_context
@handle_errors
def links(ctx: click.Context, citation: tuple[str, ...], per_family: int, as_json: bool) -> None:
    """References to and from one unit, and the most similar units of other families.

    \b
    kb links "ICRMW art. 21"         general-comment paragraphs citing article 21
    kb links "UU 18/2017 Pasal 30"   what Pasal 30 cites, who cites it, Committee paragraphs like it
    """
    kb = _kb(ctx)
    result = kb.links(" ".join(citation), per_family=per_family)
    if as_json:
        _dump(result.to_dict())
        return
    data = result.to_dict()
    secho(data["citation"], bold=True, nl=False)
    echo("" if data["indexed"] else "   (not in the library: known by name)")
    echo(f"\nCites ({len(data['outgoing'])}):" if data["indexed"] else "")
    for r in data["outgoing"]:
        where = "" if r["where"] == "text" else f"  [{r['where']}]"
        mark = "" if r["resolved"] else "  (not indexed)"
        echo(f"  -> {r['target']}{mark}{where}")
    # One line per citing unit and place: a penal Pasal citing four huruf of one article
    # ("Pasal 72 huruf a" … "huruf d") is one source, listed once with every reference.
    citing: dict[tuple[str, str], list[str]] = {}
    for r in data["incoming"]:
        citing.setdefault((r["citation"], r["where"]), []).append(textwrap.shorten(r["text"], 70))
    count = len(data["incoming"])
    echo(f"\nCited by ({count}):" if count == len(citing) else f"\nCited by ({count}, in {len(citing)} units):")
    for (source, where), texts in citing.items():
        place = "" if where == "text" else f"  [{where}]"
        echo(f"  <- {source}: " + ", ".join(f'"{t}"' for t in dict.fromkeys(texts)) + place)
    if not data["incoming"]:
        echo("  (no indexed unit cites it)")
    if data["related"] or data["indexed"]:
        echo("\nSimilar units of other families (by search, not references):")
    for family, items in data["related"].items():
        echo(f"  {family}:")
        for x in items:
            terms = f"  shared: {', '.join(x['shared_terms'])}" if x["shared_terms"] else ""
            echo(f"    {x['rank']}. {x['citation']}  ({x['score']:.3f}){terms}")
    if data["note"]:
        echo(f"\nkb: note: {data['note']}", err=True)
