"""`kb recs export`: the implementation matrix of the (filtered) recommendations, with
the national provisions each one is linked to."""

from __future__ import annotations

import os

from .matrix import matrix_rows, write_matrix
from .service import RecFilters, list_recommendations


def national_links(kb, rec, k: int = 2) -> list[str]:
    """Citations of national provisions linked to a recommendation: the ones it cites,
    then the `k` most similar units of national law (kb's search; marked "similar")."""
    out = [r.target_name + (f", {r.target_locator}" if r.target_locator else "") for r in rec.references
           if r.target_doc and (doc := kb.catalog.find(r.target_doc)) is not None and doc.family == "national-law"]
    from ..validate import unreadable

    if not (rec.text or "").strip() or unreadable(rec.text):
        return out
    try:
        result = kb.search(rec.text, k=k, family="national-law")
    except Exception as exc:  # noqa: BLE001 - no national law indexed: nothing to link
        if exc.__class__.__name__ in ("KbError", "IndexError_"):
            return out
        raise
    out += [f"{h.citation} (similar)" for h in result.hits if not h.exact]
    return out


def export_matrix(kb, path: str | os.PathLike, format: str | None = None, doc: str | None = None,
                  national: bool = True) -> int:
    from pathlib import Path

    from ..errors import KbError
    from ..output import check_format_matches, writable_output
    from .matrix import FORMATS

    writable_output(path)  # before any work: no NUL byte, a regular file or nothing yet, a folder kb can write
    check_format_matches(path, format, {f: f for f in FORMATS})
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise KbError(f"unknown export format {fmt or '(none)'!r}: give --format csv or xlsx, or a .csv/.xlsx file name")
    recs = list_recommendations(kb, RecFilters(doc=doc))
    links = {(r.symbol, r.paragraph): national_links(kb, r) for r in recs} if national else {}
    rows = matrix_rows(recs, links)
    write_matrix(path, rows, fmt)
    return len(rows)
