"""Where the parts of a statute lie: Menimbang, Mengingat, the enacting formula, the body,
the closing formula and signatures, and the Penjelasan with its two sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .noise import _TOKEN

_MENIMBANG = re.compile(r"(?<![A-Za-z])Menimbang\b[ \t]*(?:\n[ \t]*)?(?:[:;]|I(?=\s))?")
_MENGINGAT = re.compile(r"(?<![A-Za-z])Mengingat\b\s*:?")
_FORMULA = re.compile(r"Dengan\s+(?:Persetujuan|MEMUTUS)|MEMUTUS[KI(]|Menetap[kK][aA][nN]\s*:")
_PENJELASAN = re.compile(r"PENJELASAN\s+ATAS\b|^[ \t]*PENJELASAN[ \t]*$", re.M)
_UMUM = re.compile(r"(?<![A-Za-z0-9])[I1l]\s?\.\s*UMUM\b")
_PASAL_DEMI_PASAL = re.compile(r"(?<![A-Za-z0-9])(?:II|Il|lI|ll|11)\s?\.\s*PASAL(?:\s+DEMI\s+PASAL)?")
_CLOSING = re.compile(r"Agar\s+setiap\s+orang\s+mengetahui")
_AFTER_BODY = re.compile(
    r"Agar\s+setiap\s+orang|(?:Disahkan|Ditetapkan|Diundangkan)\s+di\b|LEMBARAN\s+NEGARA\s+REPUBLIK"
    r"|TAMBAHAN\s+LEMBARAN\s+NEGARA|(?<!\w)ttd\.|(?<!\w)SALINAN\s+sesuai"
)


@dataclass
class _Layout:
    menimbang: tuple[int, int] | None
    mengingat: tuple[int, int] | None
    body: tuple[int, int]
    penjelasan: int | None  # where "PENJELASAN ATAS ..." starts
    umum: tuple[int, int] | None
    pasal_demi_pasal: int | None  # where the article-by-article notes start


def _layout(text: str) -> _Layout:
    n = len(text)
    pen = _PENJELASAN.search(text)
    limit = pen.start() if pen else n
    m1 = _MENIMBANG.search(text, 0, limit)
    m2 = _MENGINGAT.search(text, m1.end() if m1 else 0, limit)
    preamble_end = m2 or m1
    # The body starts at the enacting formula ("Dengan Persetujuan Bersama ... MEMUTUSKAN:
    # Menetapkan: ..."), which closes the preamble; headings are never taken before it.
    body_start = _formula_start(text, preamble_end.end(), limit) if preamble_end else 0
    menimbang = (m1.end(), m2.start() if m2 else body_start) if m1 else None
    mengingat = (m2.end(), body_start) if m2 else None
    umum = pdp = None
    if pen:
        dp = _PASAL_DEMI_PASAL.search(text, pen.end())
        pdp = dp.end() if dp else None
        u_end = dp.start() if dp else n
        u = _UMUM.search(text, pen.end(), u_end)
        u_start = u.end() if u else _skip_upper_title(text, pen.end())
        if u_end > u_start:
            umum = (u_start, u_end)
    return _Layout(menimbang, mengingat, (body_start, limit), pen.start() if pen else None, umum, pdp)


# Without the enacting formula, the body starts at "BAB I" or "Pasal 1" opening a line or
# following the end of a clause.
_FIRST_HEADING = re.compile(r"(?:^[ \t]*|(?<=[.;:])[ \t]+)(?:BAB\s+I|Pasal\s+1)(?![\w(])", re.M)


def _formula_start(text: str, start: int, limit: int) -> int:
    f = _FORMULA.search(text, start, limit)
    if f:
        return f.start()
    m = _FIRST_HEADING.search(text, start, limit)
    return m.start() if m else limit


def _skip_upper_title(text: str, pos: int) -> int:
    """End of the upper-case title after "PENJELASAN ATAS" (when "I. UMUM" is missing)."""
    for tok in _TOKEN.finditer(text, pos):
        if any(c.islower() for c in tok.group()):
            return tok.start()
    return len(text)

