"""The implementation matrix: one row per recommendation sub-paragraph (or paragraph
without sub-paragraphs), as CSV or Excel (openpyxl) — the table a delegation circulates
to the institutions that follow the recommendations up."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from ..errors import KbError
from .model import Recommendation

FORMATS = ("csv", "xlsx")
COLUMNS = (
    "Symbol", "Paragraph", "Sub-paragraph", "Citation", "Recommendation", "Theme", "Section", "Articles",
    "Follow-up priority", "Reiterates", "Concern (para.)", "Linked national provisions", "Lead institution(s)",
    "Status", "Notes", "Actions", "Last updated",
)


def matrix_rows(recs: list[Recommendation], national: dict[tuple[str, int], list[str]] | None = None) -> list[list[Any]]:
    """Rows of the matrix (COLUMNS order). `national`: (symbol, paragraph) -> citations of
    national provisions linked to the recommendation."""
    national = national or {}
    rows: list[list[Any]] = []
    for r in recs:
        para = getattr(r, "followup", None)
        subs = getattr(r, "sub_followups", {})
        items = [(s.label, f"{r.lead_in} {s.text}".strip(), subs.get(s.label) or para) for s in r.subparagraphs]
        if not items:
            items = [("", r.text, para)]
        for label, text, state in items:
            priority = r.follow_up and (not r.follow_up_subparagraphs or label in r.follow_up_subparagraphs)
            rows.append([
                r.symbol, r.paragraph, label, r.citation + (f" ({label})" if label else ""), text, r.theme, r.section,
                ", ".join(r.articles), "yes" if priority else "",
                "; ".join(f"{x.citation} ({x.how}{f' {x.score:.2f}' if x.score is not None else ''})" for x in r.reiterates),
                r.concern or "",
                "; ".join(national.get((r.symbol, r.paragraph), [])),
                "; ".join(state.leads) if state else "", state.status if state else "not-started",
                " | ".join(state.notes) if state else "",
                " | ".join(f"{a.text}" + (f" (due {a.due})" if a.due else "") for a in state.actions) if state else "",
                (state.updated_at or "") if state else "",
            ])
    return rows


def write_matrix(path: str | os.PathLike, rows: list[list[Any]], fmt: str | None = None) -> Path:
    """Write the matrix atomically (a complete file or none). `fmt` defaults to the
    file's extension. Raises KbError for an unknown format or an unwritable place."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise KbError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    from ..output import write_atomically

    def fill(tmp: Path) -> None:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(COLUMNS)
                writer.writerows(rows)
        else:
            _write_xlsx(tmp, rows)

    return write_atomically(path, fill)


def _write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise KbError("the xlsx export needs openpyxl: pip install openpyxl (or use --format csv)") from None
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Implementation matrix"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_excel_safe(v) for v in row])
    widths = {"Recommendation": 80, "Theme": 28, "Section": 36, "Linked national provisions": 40, "Notes": 40,
              "Actions": 40, "Reiterates": 30, "Citation": 30, "Lead institution(s)": 28}
    for i, name in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 14)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(path)


def _excel_safe(value: Any) -> Any:
    """Text starting with = + - @ would be read as a formula by spreadsheet programs."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
