"""Lampiran (annexes: tariff tables, a ratified treaty's declaration and reservation,
forms): one unit each, "Lampiran" or "Lampiran I", "Lampiran II"..., from its heading to
the next part; the signature that closes it is classified, not quoted."""

from __future__ import annotations

from ..common import UnitBuilder
from .furniture import classify_tail, trailing_signature
from .layout import Lampiran
from .spans import add_unit, trim


def add_lampiran(builder: UnitBuilder, text: str, lampiran: list[Lampiran]) -> None:
    for lp in lampiran:
        s, e = trim(text, lp.start, lp.end)
        end = trailing_signature(text, s, e)
        add_unit(builder, text, lp.name, lp.start, end)
        classify_tail(builder.classify, text, end, lp.end)
