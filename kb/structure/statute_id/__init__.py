"""Indonesian statutes (Undang-Undang, Peraturan Pemerintah...) into the units lawyers cite.

Units: "Menimbang", "Mengingat", "Pasal N" (N may carry a letter, "Pasal 5A"),
"Penjelasan Umum" and "Penjelasan Pasal N", and "Lampiran" ("Lampiran I", "Lampiran
II"...). An amending act's body of Roman articles gives "Pasal I", "Pasal I angka N" (one
per amendment point, naming the provision it rewrites in `Unit.amends`) and "Pasal II";
its notes "Penjelasan Pasal I", "Penjelasan Pasal I angka N". After the last Pasal, the
"Penutup" (closing part: the order to promulgate, where and when the statute was enacted
and promulgated, the signatures, the Lembaran Negara line), when it states a place or
date. Finer locators (ayat, huruf, angka) become parts. The title block, the enacting
formula, headings, signatures outside a Penutup, the Penjelasan's Tambahan Lembaran
Negara line, stamps and page furniture belong to no unit: they are classified for the
text audit.

Modules, in the order the parser uses them: noise (page furniture), layout (where the
parts lie), headings (telling "Pasal N" headings from references), divisions (BAB,
Bagian, Paragraf), parts (ayat, huruf, angka), body, amendments, penutup, penjelasan,
lampiran, furniture (what is no unit), pages (numbering that restarts with a part).
"""

from __future__ import annotations

from ...models import Document, ParsedDocument
from ...readers.base import SourceText
from ..common import UnitBuilder
from .body import add_body, add_preamble
from .furniture import classify_repeats
from .layout import Lampiran, find_layout
from .lampiran import add_lampiran
from .noise import blank_noise, find_noise
from .pages import restart_pages
from .penjelasan import add_notes
from .spans import uncovered

__all__ = ["parse", "blank_noise"]


def parse(doc: Document, source: SourceText) -> ParsedDocument:
    """The units of an Indonesian statute read from `source`; never raises on any text."""
    # Work on a copy with page furniture blanked: same offsets, so spans and pages hold.
    # (A PDF reader removes its own furniture: its page breaks fall mid-sentence.)
    text, noise = find_noise(source.text, None if source.format == "pdf" else source.page_starts)
    lay = find_layout(text)
    parts = [lay.penjelasan.start] if lay.penjelasan else []
    page_starts, page_numbers = restart_pages(source, parts + [lp.start for lp in lay.lampiran])
    work = SourceText(text=text, format=source.format, name=source.name,
                      page_starts=page_starts, page_numbers=page_numbers)
    builder = UnitBuilder(doc.id, doc.language, work)
    for start, end, kind in noise:
        builder.classify(start, end, kind)
    add_preamble(builder, text, lay)
    body = add_body(builder, text, lay)
    annexes = lay.lampiran
    if lay.penjelasan:
        # A text annexed without a LAMPIRAN heading, printed after the notes (a ratified
        # treaty), is the Lampiran, not a note.
        # (The treaty's own annex may follow, headed "LAMPIRAN": the treaty text starts it.)
        pen = lay.penjelasan
        later = [lp for lp in lay.lampiran if lp.start >= pen.end]
        annex_at = add_notes(builder, text, pen, body, annex=len(later) == len(lay.lampiran))
        if annex_at is not None and later and later[0].start == pen.end and later[0].name == "Lampiran":
            annexes = [Lampiran("Lampiran", annex_at, later[0].end), *later[1:]]
        elif annex_at is not None:
            annexes = [Lampiran("Lampiran", annex_at, pen.end), *later]
    add_lampiran(builder, text, annexes)
    classify_repeats(builder.classify, text, uncovered(builder, text))
    return ParsedDocument(document=doc, units=builder.units, warnings=builder.warnings, classified=builder.classified)
