"""Pages as printed: the PDF's page labels, the folios printed on the pages, and which
pages carry images (to tell a scan from a document with little text).

A lawyer cites the number printed on the page, not the viewer's page index: a report
whose cover and contents are numbered i-iv prints "1" on its fifth physical page, and an
extract of a gazette starts at page 417. The printed number of each page comes from, in
order: the folio read on the page itself (`furniture`), the PDF's /PageLabels (ISO
32000-1, 12.4.2), or counting on from the nearest page with a folio.
"""

from __future__ import annotations

from typing import Any


def page_labels(reader: Any) -> list[str] | None:
    """The PDF's own page labels ("i", "ii", "1"...), or None when it defines none."""
    try:
        root = reader.trailer["/Root"].get_object()
        if "/PageLabels" not in root:
            return None
        labels = list(reader.page_labels)
    except Exception:  # a damaged number tree: the labels are only a hint
        return None
    if len(labels) != len(reader.pages):
        return None
    return [str(label) for label in labels]


def image_pages(reader: Any) -> set[int]:
    """0-based indices of the pages whose resources hold an image (a scan's page image)."""
    found: set[int] = set()
    for index, page in enumerate(reader.pages):
        try:
            resources = page.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources is not None else None
            if xobjects is None:
                continue
            for ref in xobjects.get_object().values():
                if ref.get_object().get("/Subtype") == "/Image":
                    found.add(index)
                    break
        except Exception:  # damaged resources: the page is judged by its text alone
            continue
    return found


def printed_numbers(count: int, folios: dict[int, int | str], labels: list[str] | None) -> list[int | str] | None:
    """The printed number of each of `count` physical pages, or None when every page is
    printed with its physical number (nothing to map)."""
    numbers: list[int | str] = []
    known = sorted(p for p, v in folios.items() if isinstance(v, int))
    for p in range(count):
        if p in folios:
            numbers.append(folios[p])
        elif labels is not None:
            label = labels[p].strip()
            numbers.append(int(label) if label.isdigit() else (label or p + 1))
        elif known:
            before = [q for q in known if q < p]
            after = [q for q in known if q > p]
            if before:
                q = before[-1]
                guess = int(folios[q]) + (p - q)
                if after:
                    # The next folio starts a count again (a Penjelasan's or a Lampiran's
                    # "- 2 -" after the body's "- 31 -"): this unnumbered page is the
                    # first page of that count, not one more page of the last.
                    r = after[0]
                    back = int(folios[r]) - (r - p)
                    if 1 <= back < guess and int(folios[r]) < int(folios[q]) + (r - q):
                        guess = back
                numbers.append(guess)
            else:
                q = known[0]
                guess = int(folios[q]) - (q - p)
                numbers.append(guess if guess > 0 else p + 1)
        else:
            numbers.append(p + 1)
    if all(n == p + 1 for p, n in enumerate(numbers)):
        return None
    return numbers
