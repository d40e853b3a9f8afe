"""Structure parsers: one per family of documents, each turning a `SourceText` into the
units lawyers cite. `parse_document` picks the parser and falls back to the generic one
so that nothing added is unsearchable."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..models import Document, ParsedDocument
from ..readers.base import SourceText

# Bump when any parser's output changes: documents are re-parsed on the next `kb index`.
STRUCTURE_VERSION = "s27"  # s3-id (statutes) + s3-intl (UN, treaties); s4: sentence-case article captions, recurring glued words split; s5: page numbers after a garbled running header; s6: ayat/huruf after OCR junk start an item when the list resumes right after them; s7: a heading alone on its line after text OCR cut short or a page dash, "pasal N" in lower case in a heading's context, no page where a text's markers were lost; s8: a heading OCR printed before the previous one is put back (PP 59/2021 Pasal 35), ASEAN final clauses, an article the treaty mark-up left inside the previous one (IJEPA Article 31), a list going on past one lost marker; s9: a statute's Penutup (where and when it was enacted and promulgated) is a unit; s10: a Pasal whose heading the source lost is found inside the previous one where its ayat numbering goes back (PP 59/2021 Pasal 40, 42, 98), noted in Unit.caveat; s11: PDF folios of a count that restarts (a Penjelasan's, a Lampiran's "- 2 -") and their catchwords are furniture, a signature block signed by an agency head (KETUA, KEPALA, GUBERNUR...) or dated below the name belongs to the Penutup, a PDF footnote whose number hangs at the margin is a note, HTML ordered lists keep their numbers and a table (Word, HTML) is text of the paragraph before it, never a heading, an agreement's second language version (Pasal/Artikel restarting at 1) is its own units, 'MEMORI PENJELASAN' is a Penjelasan, Markdown '###Article' is a heading, HTML footnotes (LibreOffice, Word, pandoc) are notes; s12: treaty articles numbered in Roman numerals (Article I, II …), a convention's Regulations, Standards and Guidelines (the Maritime Labour Convention's Code) as units, article captions printed above their heading, an ASEAN text in articles read as a treaty, a Pasal heading after OCR debris, a site address printed on every page is furniture, sections inside an article, Dutch and French closing formulas (the mirror's units unchanged); s13: a preamble whose labels stand in a column apart from their texts (Menimbang from the first 'bahwa', Mengingat to the enacting formula), Pasal headings OCR misspelt ('Pasa] 3', 'PasaT 24', 'Psal 9.', 'Pasall' for an amending act's Pasal I, and 'Pasal 1' opening its Penjelasan's notes) and older 'Pasal N.' / 'Pasal N, (1)' headings run into the text before (the mirror's units unchanged); s14: an ayat whose marker OCR lost or garbled (PP 59/2021 Pasal 20), an article whose "(1)" was lost, a huruf or angka whose marker was lost: the items around it read past the gap, the lost words kept in the Pasal under no number (Unit.caveat), a Pasal heading followed by "1)", "1.", "(i)" or a colon, and one misspelt "Pasil", "Pasa l", "P. asal" before its "(1)", an older act's formula ending "sebagai berikut :" before Pasal 1, an amending act's notes opening with "Angka 1" without "Pasal I", unlabelled considerations opening "Bahwa" (8 units of PP 59/2021 and UU 18/2017 OCR re-read); s15: a unit opening "For the purposes of this …" / "Untuk tujuan … ini" is a definition (kb.index.snapshot.unit_flags; texts and passages unchanged); s16: a paragraph under a heading "Introduction", "Foreword", "Background" (a general comment's "I. Introduction") and one telling how its document came about ("at its eleventh session") are general, as a preamble is, and a paragraph opening "The term “…”" is a definition (flags only); s17: UN documents whose paragraph and heading numbers are glued to the first word ("1.The Committee", "A.Introduction", "(a)Laws"), a resolution's preamble ("The General Assembly," ...) as the unit "Preamble" and its "Nth plenary meeting" as furniture, a heading label alone on its line ("I." / "Introduction"), an annexed text numbering its paragraphs anew ("Annex I para 3"), a treaty's or MoU's items lettered "a." / "a)" at a line's start as parts ("Article 1(2)(c)") (the mirror's units unchanged); s18: text files in UTF-32 (with or without a byte-order mark) and in UTF-16 without one are read (UTF-32 was decoded as UTF-16, a NUL between letters; BOM-less UTF-16 refused as binary) (the mirror's units unchanged); s19: an English translation of an Indonesian statute (national-law, en) is read by the statute parser (kb.structure.statute_en): Pasal with ayat/huruf/angka parts, Penjelasan Umum and Penjelasan Pasal N from "ELUCIDATION OF …", Penutup, Lampiran from "ATTACHMENT", an amending act's "Article I" with its amendment points (was the generic parser: no parts, the Elucidation inside the last Article) (the mirror's units unchanged); s20: an amending act's points after a closing quote, empty mark-up or an unpunctuated quoted title, 'di hapus' and 'tetap dengan perubahan penjelasan' points, a point after an unquoted division title or an article that lost its last full stop, its notes' 'Angka3' and sections after 'Cukup jelas' without a full stop or after a table's amount when they name the quoted article, a ratified treaty printed after the Penjelasan without a LAMPIRAN heading as the Lampiran, an article opening with the closing formula's words (UU 12/2011 Pasal 81) (the mirror's units unchanged); s21: a BAB/Bagian printed inside an article and followed by another of its level that heads nothing (a 1950s budget act's "BAB I… BAB I (Pengeluaran) 4A.1 ..." table, a definition citing "Bab III Bagian Pertama Pasal 3 ... Bab IV Bagian Pertama Pasal 72") no longer ends the article (UU 8/1957: 66 % of the text unassigned, now 0) (the mirror's units unchanged); s24: a treaty whose numbering jumps after its opening articles (Article 1-3, then 7: articles repealed) keeps 1-3 as articles (they were filed in the preamble), and one printing only the Parts a State accepted (Articles 1-12, 19-24, 39-52 …) keeps every standalone article heading in order, an inserted article ("Article 2A", "2a", "3bis", "3 ter") is a unit of its own (its text was in the article before), an annex or schedule printed between two Parts ends where a Part heading and the next article of the instrument follow (was: every later article filed in the schedule), and a Part's caption line in capitals counts as its heading (the mirror's units unchanged)
# s22: bilateral agreements / MoUs: a text in "Section N" headings without Articles is read by the treaty parser (each Section a unit, its caption line its title), decimal paragraphs "2.1" / "2.1.3" are parts ("Section 2.1", "Article 2(1)(3)"), "Signed in/at …" and "Done in …" open the Final clause (was: the generic parser, no decimal parts, the closing block inside the last Section)
# s23: an article's caption in sentence case on the line after its heading ("Article 3" / "Wages and rest"), followed by a numbered paragraph or a new sentence, is its title, not its text, and its "1." / "2." are parts (a new user's MoU; the mirror's units unchanged)
# s25: a Word list numbered across articles (Article 2's paragraphs 4, 5, 6 after Article 1's 1-3) gives each article its parts, cited as displayed ("Article 2(4)"); an unnumbered, unindented Word paragraph (or a PDF paragraph outdented from the item before it) after an article's last item ends that item: it is the article's, after its parts; an amending act's "Pasal II" alone on its line after a table's rule line is its heading; a point that is the act's own provision on the points before it ("Ketentuan sebagaimana dimaksud pada angka 1 ... berlaku") and points worded "dihapuskan", "Ditambahkan", "dijadikan" are points
# s26: a byte-order mark, zero-width space, word joiner or bidi control at a line's start or end (a second file pasted into the first) and the other Unicode line boundaries (U+2028, U+2029, NEL, vertical tab, form feed) no longer hide the heading after them (kb.readers.base.blank_invisible_edges, every reader; the mirror's units unchanged)
# s27: an article heading with its text on the same line ("Article 1. This MoU …", "Article 2: No fees …", "Article 1 Objective. This MoU …", "ARTICLE 3 - Passports: Workers …", as MoUs typed in a word processor set them) is a heading, its caption the title (was: the generic parser's one "para 1"), and a signature block after the last article without a testimonium ("For the Government of A | For the Government of B", a Word table) is the Final clause (was: the last article's text) (the mirror's units unchanged)

# scheme -> module under kb.structure exposing parse(doc, source) -> ParsedDocument
_MODULES = {
    "statute-id": "statute_id",
    "statute-en": "statute_en",
    "un": "un",
    "treaty": "treaty",
    "asean": "asean",
    "generic": "generic",
}


def default_scheme(doc: Document) -> str:
    if doc.scheme:
        return doc.scheme
    if doc.family == "national-law" and doc.language == "id":
        return "statute-id"
    if doc.family == "national-law" and doc.language == "en":
        return "statute-en"  # an English translation of an Indonesian statute
    if doc.family == "committee":
        return "un"
    if doc.family in ("convention", "bilateral"):
        return "treaty"
    if doc.family == "regional":
        return "asean"
    return "generic"


def parser_for(scheme: str) -> Callable[[Document, SourceText], ParsedDocument]:
    return import_module(f"{__name__}.{_MODULES[scheme]}").parse


def parse_document(doc: Document, source: SourceText) -> ParsedDocument:
    """Units of one document. A family parser that finds (almost) nothing hands over to
    the generic parser, and the result says so in its warnings. A number too long for
    Python to read (more than 4,300 digits) where a parser looks for a Pasal, article or
    paragraph number is a ReadError saying so, not Python's own message."""
    scheme = default_scheme(doc)
    parsed = _numbers_bounded(parser_for(scheme), doc, source)
    if scheme != "generic" and _too_few(parsed, source):
        fallback = _numbers_bounded(parser_for("generic"), doc, source)
        fallback.warnings.insert(
            0, f"the {scheme} parser found {len(parsed.units)} units; used the generic parser instead"
        )
        parsed = fallback
    from .audit import audit_text
    from .notes import attach_note_refs

    attach_note_refs(parsed.units, source)

    parsed.audit = audit_text(source.text, [u.span for u in parsed.units], parsed.classified, source.removed,
                              pages_for=source.pages_for)
    return parsed


def _numbers_bounded(parse: Callable[[Document, SourceText], ParsedDocument], doc: Document,
                     source: SourceText) -> ParsedDocument:
    try:
        return parse(doc, source)
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
        import re

        from ..errors import ReadError

        longest = max((len(m.group()) for m in re.finditer(r"\d{4301,}", source.text)), default=0)
        raise ReadError(f"{doc.id}: the text holds a number of {longest:,} digits where a Pasal, article or "
                        "paragraph number is expected; kb reads numbers of at most 4,300 digits: remove it "
                        "(the file is damaged or built to break readers)") from None


def _too_few(parsed: ParsedDocument, source: SourceText) -> bool:
    if not parsed.units:
        return True
    covered = sum(len(u.text) for u in parsed.units)
    return len(parsed.units) < 2 and covered < 0.5 * len(source.text.strip())
