"""`kb search` and `kb show`: ranked units and single units with their citations."""

from __future__ import annotations

import click

from .words import status, word
from ._common import _dump, _fail, _filters, _kb, echo, filter_options, handle_errors, one_of, secho, to_json


@click.command("search")
@click.argument("query", nargs=-1)
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 200), help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (the documented contract).")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False),
              help="File of queries (one a line, or JSONL with a 'query' field): one JSON object per query.")
@filter_options
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: tuple[str, ...], k: int, as_json: bool, queries: str | None, **filters) -> None:
    """Ranked units for a query, each with its citation. A citation as query ranks that
    unit first (e.g. kb search "GC 2 para 24")."""
    if not query and not queries:
        _fail("give a QUERY or --queries FILE", 2)
    one_of(QUERY=query, **{"--queries FILE": queries})
    kb = _kb(ctx)
    flt = _filters(**filters)
    if queries:
        _note_unindexed(kb)
        for q in _read_queries(queries):
            echo(to_json(kb.search(q, k=k, filters=flt).to_dict(), indent=None))
        return
    from ..validate import search_query

    text = search_query(" ".join(query))  # the one check of every interface (blank, unreadable)
    result = kb.search(text, k=k, filters=flt)
    _note_unindexed(kb, result.output_language)
    _notes(result)
    if as_json:
        _dump(result.to_dict())
        return
    lang = _result_language(kb, result)
    if not result.hits:
        echo(word("no_results", lang))
        return
    import textwrap

    for hit in result.hits:
        flag = ""
        if hit.repealed:
            flag = "  " + (word("repealed_now", lang, cite=hit.successor_citation) if hit.successor_citation
                           else word("repealed", lang))
        secho(f"{hit.rank:>2}. {hit.citation}{flag}", bold=True, nl=False)
        # a hit placed before higher scores says why, so the order and the scores agree
        why = f"; {word('placed_' + hit.placed.replace('-', '_'), lang)}" if hit.placed else ""
        echo(f"   ({hit.score:.3f}{why})")
        snippet = hit.passage.text if hit.passage else hit.unit.text
        echo(textwrap.indent(textwrap.fill(textwrap.shorten(snippet, 400), 96), "    "))


def _result_language(kb, result) -> str:
    """The language `kb search` labels its hits in: the query's; for a bare citation
    ("UU 18/2017 Pasal 30"), the cited document's (as `kb ask` answers it); its notes
    are in the same (kb.search.notes.output_language)."""
    return result.output_language


def _note_unindexed(kb, lang: str = "en") -> None:
    """Notes about the index (documents not indexed yet, an unused Chroma URL, scale), in
    the search's language."""
    for note in kb.index_notes(lang):
        echo(f"kb: note: {note}", err=True)


def _read_queries(path: str) -> list[str]:
    """Every query of a --queries file, all checked before any is searched (kb.validate:
    strings only, UTF-8, bounded line length and file size)."""
    from kb.api import _names_something
    from kb.errors import InputError
    from kb.validate import read_queries

    out = []
    for n, q in read_queries(path):
        try:
            out.append(_names_something(q))  # as kb.search refuses it, before any line is searched
        except InputError as exc:
            raise InputError(f"{path}:{n}: {exc}") from None
    if not out:  # blank lines only: nothing was searched, exit 0 with no output
        raise InputError(f"{path}: holds no query (it is empty or has blank lines only); give one query a line, "
                         "or JSON lines with a \"query\" field")
    return out


def _notes(result) -> None:
    for note in result.notes:
        echo(f"kb: note: {note}", err=True)


@click.command("show")
@click.argument("citation", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def show(ctx: click.Context, citation: tuple[str, ...], as_json: bool) -> None:
    """Print one unit with its full citation, e.g. kb show "UU 18/2017 Pasal 30"; a range
    or list ("CMW/C/GC/5 paras. 82-83", "Pasal 5 dan 6 PP 59/2021") prints each unit."""
    kb = _kb(ctx)
    text = " ".join(citation)
    if as_json:
        # One unit: the hit object as always; several: {"citation", "results": [hit, ...]}.
        _dump(kb.show(text))
        return
    hits = kb.get_all(text)
    for i, hit in enumerate(hits):
        if i:
            echo("\n" + "-" * 40 + "\n")
        _print_unit(hit)


def _print_unit(hit) -> None:
    import textwrap

    unit, doc = hit.unit, hit.document
    lang = unit.language if unit.language in ("en", "id") else "en"  # the cited document's language
    secho(hit.citation + (f" — {unit.title}" if unit.title else ""), bold=True)
    meta = [doc.title]
    if unit.heading:
        meta.append(" › ".join(unit.heading))
    if unit.pages:
        where = (word("page", lang, n=unit.pages[0]) if len(unit.pages) == 1
                 else word("pages", lang, a=unit.pages[0], b=unit.pages[-1]))
        if unit.physical_pages:
            first, last = unit.physical_pages[0], unit.physical_pages[-1]
            where += word("pdf_page", lang, n=first) if first == last else word("pdf_pages", lang, a=first, b=last)
        meta.append(where)
    meta.append(status(hit.status_note(), lang))
    if unit.caveat:  # what the source lost of this unit (a Pasal whose heading OCR lost)
        from ..answer.messages import caveat_text  # the parser writes it in English

        meta.append(word("note", lang, text=caveat_text(unit.caveat, lang)))
    for m in meta:
        echo(textwrap.fill(m, 100, subsequent_indent="  "))
    echo("")
    part_text = hit.part_text  # the same text as the JSON's `part_text`
    if part_text is not None:
        echo(textwrap.fill(part_text, 100))
        echo("\n" + word("part_of", lang, unit=unit.unit, cite=f"{doc.citation} {unit.unit}"))
    else:
        if hit.locator and hit.locator != unit.unit:
            echo(word("not_marked", lang, locator=hit.locator, unit=unit.unit) + "\n")
        echo(textwrap.fill(unit.text, 100))
    if unit.footnotes:  # printed as a page prints them: a rule, then "[12] text"
        echo("\n" + "-" * 20)
        for number, note in unit.footnotes:
            echo(textwrap.fill(f"[{number}] {note or word('no_note_text', lang)}", 100,
                               subsequent_indent="    "))
    if doc.repealed and doc.successor:
        echo("\n" + word("doc_repealed", lang, doc=doc.citation, by=doc.repealed_by))
    if hit.successor_citation:
        echo(word("closest", lang, cite=hit.successor_citation))
