"""Printed page numbers that restart with a part of the statute.

A Penjelasan or Lampiran printed with its own numbering starts on its own page 1, which
carries no marker; its first marker is "- 2 -". The reader sees only the restart, so the
page that ends at that marker began where the part starts: that is where the count of
the new part begins.
"""

from __future__ import annotations

from ...readers.base import SourceText


def restart_pages(source: SourceText, part_starts: list[int]) -> tuple[list[int] | None, list[int] | None]:
    """(page_starts, page_numbers) with a page break at the start of each part whose
    numbering restarts; the source's own when nothing restarts."""
    starts, numbers = source.page_starts, source.page_numbers
    if not starts or not numbers or len(numbers) != len(starts):
        return starts, numbers
    out_starts, out_numbers = [starts[0]], [numbers[0]]
    before, since = numbers[0], starts[0]  # the last printed number, and where its page began
    for i in range(1, len(starts)):
        now = numbers[i]
        # Printed labels may be words ("ii" for front matter): only numbers restart; None
        # (a page whose number is unknown) neither restarts nor ends a count.
        if isinstance(now, int) and isinstance(before, int) and 1 < now < before:
            inside = [p for p in part_starts if since < p < starts[i]]
            if inside:
                # "- 2 -": the part began on its page 1; a later marker (its "- 2 -" lost):
                # the pages from the part's start to it are unknown.
                out_starts.append(inside[-1])
                out_numbers.append(1 if now == 2 else None)
        out_starts.append(starts[i])
        out_numbers.append(numbers[i])
        if now is not None:
            before, since = now, starts[i]
    return out_starts, out_numbers
