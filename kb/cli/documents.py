"""`kb corpus status|fetch`, `kb add`, `kb remove`: the documents in the library."""

from __future__ import annotations

import sys

import click

from ._common import FAMILIES, TerminalProgress, _dump, _kb, echo, handle_errors, no_wait_option, non_blank, waiting
from ..validate import ID_RULE


@click.group()
def corpus() -> None:
    """The catalogue's documents: which are here, and fetching the others."""


@corpus.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@handle_errors
def corpus_status(ctx: click.Context, as_json: bool) -> None:
    """Which catalogue documents are present, which are missing and where to get them."""
    kb = _kb(ctx)
    rows = kb.status()
    if as_json:
        _dump([{"id": r.doc_id, "title": r.title, "origin": r.origin, "state": r.state,
                "path": str(r.path) if r.path else None, "sha256": r.sha256, "source": r.source, "hint": r.hint}
               for r in rows])
        return
    present = sum(r.present for r in rows)
    echo(f"{present} of {len(rows)} documents present in {kb.settings.library_dir}\n")
    for r in rows:
        mark = {"present": "present", "missing": "MISSING", "changed": "CHANGED", "damaged": "DAMAGED"}.get(r.state, r.state)
        echo(f"  {mark:8} {r.doc_id:24} {r.title[:70]}")
        if not r.present and r.hint:
            echo(f"           -> {r.hint}")


@corpus.command("fetch")
@click.argument("ids", nargs=-1)
@click.option("--from", "from_dir", type=click.Path(exists=True, file_okay=False),
              help="Import from this mirror directory (checksums verified).")
@click.option("--no-download", is_flag=True, help="Use the mirror only; never the network.")
@no_wait_option
@click.pass_context
@handle_errors
def corpus_fetch(ctx: click.Context, ids: tuple[str, ...], from_dir: str | None, no_download: bool,
                 no_wait: bool) -> None:
    """Import documents from a mirror, or download them from their official URL.

    Without IDS: every catalogue document that has a source. Checksums are verified; a
    mismatch is refused and nothing already present is touched. A download has an overall
    deadline and a minimum rate (KB_DOWNLOAD_SECONDS, KB_DOWNLOAD_MIN_RATE)."""
    kb = _kb(ctx)
    progress = TerminalProgress()
    results = kb.fetch(ids or None, from_dir=from_dir, progress=progress, download=not no_download,
                       wait=not no_wait, on_wait=waiting)
    if progress.tty:
        sys.stderr.write("\r")
    failed = 0
    for r in results:
        echo(f"{r.status:8} {r.doc_id:24} {r.message}")
        failed += r.status == "error" or (r.status == "missing" and bool(ids))
    if failed:
        sys.exit(1)


@corpus.command("accept")
@click.argument("doc_id")
@click.pass_context
@handle_errors
def corpus_accept(ctx: click.Context, doc_id: str) -> None:
    """Accept a library file you edited by hand as the document's copy (the next
    `kb index` indexes your edit; `kb corpus fetch ID` would restore the stored text)."""
    kb = _kb(ctx)
    digest = kb.accept_edit(doc_id)
    echo(f"accepted your edit of {doc_id} (sha256 {digest[:12]}…); run `kb index` to index it")


@click.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--id", "doc_id", required=True, help="Catalogue id: " + ID_RULE + ", e.g. mou-id-my-2022.")
@click.option("--title", callback=non_blank,
              help="For a new id: the title (default: the one the text prints: a regulation's heading, a UN "
                   "document's masthead, a treaty's first heading; required when it prints none kb can read). "
                   "The file's own name is not a title: it is kept as an alias.")
@click.option("--family", type=click.Choice(FAMILIES), help="Required for a new id.")
@click.option("--language", type=click.Choice(["en", "id"]), help="Required for a new id.")
@click.option("--citation", callback=non_blank,
              help='Short citation (default: for an Indonesian regulation, the kind and number its heading '
                   'prints, e.g. "UU No. 13 Tahun 2003"; for a committee document, the UN symbol its masthead '
                   'prints, e.g. "CMW/C/GC/1"; else the title).')
@click.option("--date", callback=non_blank, help="YYYY[-MM[-DD]].")
@click.option("--parties", callback=non_blank, help="Comma-separated ISO codes, e.g. IDN,MYS.")
@click.option("--status", callback=non_blank, help='e.g. "in force", "signed", "repealed" (default: "adopted" for committee and '
              'regional documents, else "in force").')
@click.option("--url", callback=non_blank, help="Official source URL (http:// or https://).")
@no_wait_option
@click.pass_context
@handle_errors
def add(ctx: click.Context, file: str, doc_id: str, title: str | None, family: str, language: str, citation: str | None,
        date: str | None, parties: str | None, status: str | None, url: str | None, no_wait: bool) -> None:
    """Add your own document (PDF, Word .docx, text, Markdown, XML, HTML), e.g. a bilateral MoU.

    With a new --id, give --family and --language; --title too when the text prints no
    title kb can read (a regulation's heading, a UN masthead, a treaty's first heading are
    read). With the id of a catalogue document kb cannot download (e.g. mou-id-my-2022),
    the file becomes its local copy.
    The file is read and parsed before anything is stored: a file kb cannot read is
    refused and nothing changes. Run `kb index` afterwards to make it searchable. Another
    kb process adding or removing documents is waited for (--no-wait: fail at once)."""
    kb = _kb(ctx)
    doc = kb.add(file, id=doc_id, title=title, family=family, language=language, citation=citation,
                 date=date, parties=(parties or "").split(","), status=status, url=url,
                 wait=not no_wait, on_wait=waiting)
    from .audit import describe, warning

    parsed = kb.parsed(doc.id)
    units = parsed.units
    echo(f"added {doc.id}: {len(units)} units ({', '.join(u.unit for u in units[:5])}{', ...' if len(units) > 5 else ''})")
    if doc.origin == "user" and doc.title != title:
        where = {"national-law": "heading", "committee": "masthead"}.get(doc.family, "first heading")
        named = f"; --title {title!r} is the file's name, kept as an alias" if title else ""
        echo(f"titled {doc.title} (read from its {where}; --title chooses another{named})")
    if citation is None and doc.origin == "user" and doc.citation != doc.title:
        source = "masthead" if doc.family == "committee" else "heading"
        echo(f"cited as {doc.citation} (read from its {source}; --citation chooses another)")
    echo(f"text audit: {describe(parsed.audit, len(units))}")
    if warning(parsed.audit, doc.id):
        echo(warning(parsed.audit, doc.id), err=True)
    if doc.origin == "catalog" and not _prints_own_symbol(kb, doc):
        echo(f"warning: the file never prints {doc.citation}: if it is another document, `kb remove {doc.id}` "
             "undoes this and `kb add FILE --id NEW-ID` adds it under its own id", err=True)
    elif doc.origin == "catalog" and not (doc.sha256 or doc.url_sha256) and not _names_itself(kb, doc):
        echo(f"warning: the file never names {doc.title}: if it is another document, `kb remove {doc.id}` "
             "undoes this and `kb add FILE --id NEW-ID` adds it under its own id (answers would cite it as "
             f"{doc.citation})", err=True)
    echo("run `kb index` to make it searchable")


def _prints_own_symbol(kb, doc) -> bool:
    """Whether the library's copy of a catalogue document with a UN symbol as its citation
    ("CMW/C/IDN/CO/2") prints that symbol (its masthead does); True for other citations."""
    import re

    if not re.fullmatch(r"[A-Z]+(?:/[A-Z0-9.-]+)+", doc.citation):
        return True
    from ..readers import read

    text = read(kb.library.local_path(doc.id)).text
    squeeze = lambda t: re.sub(r"\s+", "", t).upper()  # noqa: E731 - "CMW/C/IDN/ CO/2" as a PDF may break it
    return squeeze(doc.citation) in squeeze(text)


TITLE_RUN_SHARE = 0.6  # of the catalogue title's words, printed in a row: the document names itself


def _names_itself(kb, doc) -> bool:
    """Whether the library's copy of a catalogue document names it: its citation, symbol or
    an alias printed anywhere, 90 % of its catalogue title's words of four letters or more
    in the first 30,000 characters, or the title's words printed in a row for at least
    TITLE_RUN_SHARE of them there (an official text prints its title at the top). Asked
    only of a copy no checksum verifies. A user's MoU given as `kb add mou.txt --id icrmw` names neither,
    and every answer would have cited it as the Convention ("ICRMW, art. 3")."""
    import re

    from ..readers import read

    text = read(kb.library.local_path(doc.id)).text
    words = lambda t: re.findall(r"[a-z0-9]+", t.lower())  # noqa: E731
    head = words(text[:30000])
    joined = f" {' '.join(words(text))} "
    for name in (doc.citation, doc.symbol, *(doc.aliases or ())):
        w = words(name or "")
        if w and (len(w) > 1 or len(w[0]) >= 4) and f" {' '.join(w)} " in joined:
            return True
    title = words(doc.title or "")
    if not title:
        return True
    content = {w for w in title if len(w) >= 4}
    if content and len(content & set(head)) >= 0.9 * len(content):
        return True  # its title's words, if not in a row (an OCR copy, a title over two lines)
    best, run = 0, [0] * (len(title) + 1)  # longest run of the title's words in a row in the text
    for token in head:
        prev = 0
        for j, t in enumerate(title, 1):
            cur = run[j]
            run[j] = prev + 1 if token == t else 0
            prev = cur
            best = max(best, run[j])
    return best >= TITLE_RUN_SHARE * len(title)


@click.command("remove")
@click.argument("doc_id")
@no_wait_option
@click.pass_context
@handle_errors
def remove(ctx: click.Context, doc_id: str, no_wait: bool) -> None:
    """Remove a document you added, or the copy of a catalogue document you gave with
    `kb add FILE --id` (the shipped catalogue is not changed: `kb corpus fetch` or `kb
    add FILE --id` gets a copy again)."""
    kb = _kb(ctx)
    doc = kb.remove(doc_id, wait=not no_wait, on_wait=waiting)
    if doc.origin == "catalog":
        echo(f"removed the local copy of {doc.id} ({doc.citation}); its catalogue entry stays. "
             "Run `kb index` to drop it from the index")
        return
    echo(f"removed {doc.id}; run `kb index` to drop it from the index")
