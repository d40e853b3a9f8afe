"""`kb doctor`: the health of the library, the catalogue, the index, the embedding cache
and the follow-up tracker, each with its fix. Reads only; changes nothing."""

from __future__ import annotations

import os
import sys

import click

from ._common import _dump, _kb, echo, handle_errors


def checks(kb) -> list[dict]:
    """One entry per thing checked: {"what", "state" ("ok" | "note" | "problem"), "detail", "fix"}."""
    from kb.errors import KbError
    from kb.index import generation as gens
    from kb.index.cache import check_cache
    from kb.index.shipped import ShippedVectors

    out: list[dict] = []

    def add(what: str, state: str, detail: str, fix: str | None = None) -> None:
        out.append({"what": what, "state": state, "detail": detail, "fix": fix})

    settings = kb.settings
    home = settings.home
    add("home", "ok" if os.access(home, os.W_OK) or not home.exists() else "note",
        f"{home}" + ("" if os.access(home, os.W_OK) or not home.exists() else " is read-only: searching works; "
                     "`kb index`, `kb add` and `kb remove` need a writable home"))

    # The catalogue (the shipped one and the user's additions).
    try:
        catalog = kb.catalog
        users = sum(1 for d in catalog if d.origin == "user")
        add("catalogue", "ok", f"{len(catalog)} documents ({users} added by you)")
    except KbError as exc:
        add("catalogue", "problem", str(exc), "restore or fix the file named (the library's own copies are untouched)")
        catalog = None

    # The library: every document's file against what was recorded.
    if catalog is not None:
        try:
            rows = kb.status()
            by_state: dict[str, list[str]] = {}
            for r in rows:
                by_state.setdefault(r.state, []).append(r.doc_id)
            present = len(by_state.get("present", []))
            add("library", "ok", f"{present} of {len(rows)} catalogue documents present"
                + (f"; missing: {len(by_state['missing'])} (`kb corpus status` says where to get them)"
                   if by_state.get("missing") else ""))
            for r in rows:
                if r.state in ("changed", "damaged"):
                    add(f"library/{r.doc_id}", "problem", f"{r.state}: {r.hint}")
        except KbError as exc:
            add("library", "problem", str(exc))

    # The index: the pointer, the current generation byte for byte, leftovers.
    index_dir = settings.index_dir
    all_gens = gens.generations(index_dir)
    pointed = gens.pointer(index_dir)
    if not all_gens:
        add("index", "note", f"no index at {index_dir} yet", "`kb index` builds it (or `kb ask` on an empty home)")
    elif pointed is None or pointed not in all_gens:
        add("index", "problem", "the pointer to the current generation (CURRENT) is missing or damaged",
            "`kb index` restores it to the newest intact generation")
    else:
        try:
            manifest = gens.verify_generation(index_dir, pointed, full=True)
            snap_size = gens.size_on_disk(index_dir / pointed)
            store = manifest.vector_store
            where = "embedded matrix" if store.get("kind") == "matrix" else f"Chroma server {store.get('url')}"
            add("index", "ok", f"generation {pointed}: {manifest.counts.get('documents', 0)} documents, "
                f"{manifest.counts.get('units', 0)} units, {manifest.counts.get('passages', 0)} passages, "
                f"{snap_size / 1e6:.1f} MB, vectors in the {where}; every file matches its checksum")
            if store.get("kind") == "http":
                from kb.index.store import check_server

                try:
                    check_server(store.get("url"))
                    add("vector store", "ok", f"the Chroma server at {store.get('url')} answers")
                except KbError as exc:
                    add("vector store", "problem", str(exc))
            from kb.api import older_build
            from kb.index.store import handover_note

            stale = older_build(manifest)
            if stale:
                add("index", "note", f"built by an older kb ({stale})", "`kb index` reads the documents again")
            note = handover_note(int(manifest.counts.get("passages", 0)), store.get("kind", "matrix"))
            if note:
                add("scale", "note", note)
        except KbError as exc:
            add("index", "problem", str(exc), "`kb index` rebuilds what is damaged")
        leftovers = [g for g in all_gens if g > pointed]
        if leftovers:
            add("index builds", "note", f"{len(leftovers)} unpublished build(s) ({', '.join(leftovers)}) left by an "
                "interrupted `kb index`", "the next `kb index` removes them")

    # The embedding cache and the shipped vectors.
    cache = settings.indexes_dir / "cache" / "embeddings.sqlite"
    state, detail = check_cache(cache)
    add("embedding cache", {"ok": "ok", "absent": "note", "damaged": "problem"}[state], f"{cache}: {detail}",
        "`kb index` sets a damaged cache aside and starts a new one" if state == "damaged" else None)
    from kb.recs.tracker import DAMAGED_TRACKER_FIX, TRACKER_FILE, check_tracker

    tracker = home / TRACKER_FILE
    state, detail = check_tracker(tracker)
    add("follow-up tracker", {"ok": "ok", "absent": "ok", "damaged": "problem"}[state], f"{tracker}: {detail}",
        DAMAGED_TRACKER_FIX if state == "damaged" else None)
    shipped = ShippedVectors.read()
    add("shipped vectors", "ok" if shipped is not None else "note",
        f"{len(shipped):,} vectors of {shipped.meta.get('embedder')}" if shipped is not None
        else "none shipped with this kb: a first build embeds every passage")

    try:
        import shutil

        free = shutil.disk_usage(home if home.exists() else home.parent).free
        add("disk", "ok" if free > 200e6 else "note", f"{free / 1e9:.1f} GB free under {home}")
    except OSError:
        pass
    return out


def run_checks(kb, as_json: bool) -> int:
    """Print the checks; the exit status is 1 when something needs fixing."""
    results = checks(kb)
    if as_json:
        _dump(results)
    else:
        for r in results:
            mark = {"ok": "ok     ", "note": "note   ", "problem": "PROBLEM"}[r["state"]]
            echo(f"{mark} {r['what']}: {r['detail']}" + (f" -> {r['fix']}" if r["fix"] and r["state"] != "ok" else ""))
    return 1 if any(r["state"] == "problem" for r in results) else 0


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="The checks as a JSON list.")
@click.pass_context
@handle_errors
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Check the library, catalogue, index, embedding cache and follow-up tracker; say how
    to fix what is wrong. Changes nothing (exit status 1 when something needs fixing)."""
    sys.exit(run_checks(_kb(ctx), as_json))
