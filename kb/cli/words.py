"""The words `kb show` and `kb search` print around quoted text, in one language.

`kb show` speaks the cited document's language; `kb search` the query's (a bare citation:
the cited document's), as `kb ask` does (kb.answer.messages). Unit text is never
translated; only labels and statuses are. Languages other than Indonesian get English.
"""

from __future__ import annotations

WORDS = {
    "en": {
        "page": "page {n}", "pages": "pages {a}-{b}", "pdf_page": " (PDF page {n})", "pdf_pages": " (PDF pages {a}-{b})",
        "note": "Note: {text}", "part_of": "(part of {unit}; `kb show \"{cite}\"` prints all of it)",
        "not_marked": "({locator} is not marked separately in this text; the whole {unit} follows)",
        "doc_repealed": "Note: {doc} is repealed ({by}).",
        "closest": "The closest provision in force: {cite} (`kb show \"{cite}\"`).",
        "repealed_now": "[REPEALED; now {cite}]", "repealed": "[REPEALED]", "no_results": "no results",
        "no_note_text": "(no text for this note in the source)",
        "placed_cited": "cited", "placed_named_unit": "placed first: the Pasal named, law in force first",
        "placed_named_unit_topic": "placed first: the Pasal named, the one on the question's subject first",
        "placed_successor": "placed after the cited unit: the provision that replaced it, scored by its likeness to it",
        "placed_quoted_words": "placed first: holds the quoted words",
        "placed_lost_heading": "placed first: the cited unit's heading is lost in this copy; this unit holds its text or explains it",
    },
    "id": {
        "page": "hlm. {n}", "pages": "hlm. {a}-{b}", "pdf_page": " (halaman PDF {n})", "pdf_pages": " (halaman PDF {a}-{b})",
        "note": "Catatan: {text}", "part_of": "(bagian dari {unit}; `kb show \"{cite}\"` mencetak seluruhnya)",
        "not_marked": "({locator} tidak ditandai tersendiri dalam teks ini; seluruh {unit} berikut)",
        "doc_repealed": "Catatan: {doc} telah dicabut ({by}).",
        "closest": "Ketentuan terdekat yang berlaku: {cite} (`kb show \"{cite}\"`).",
        "repealed_now": "[DICABUT; kini {cite}]", "repealed": "[DICABUT]", "no_results": "tidak ada hasil",
        "no_note_text": "(teks catatan ini tidak ada dalam sumber)",
        "placed_cited": "dikutip", "placed_named_unit": "ditempatkan di depan: Pasal yang disebut, hukum yang berlaku lebih dulu",
        "placed_named_unit_topic": "ditempatkan di depan: Pasal yang disebut, yang paling sesuai dengan pokok pertanyaan lebih dulu",
        "placed_successor": "ditempatkan setelah unit yang dikutip: ketentuan penggantinya, skor menurut kemiripannya",
        "placed_quoted_words": "ditempatkan di depan: memuat kata-kata yang dikutip",
        "placed_lost_heading": "ditempatkan di depan: judul unit yang dikutip hilang dalam salinan ini; unit ini memuat teksnya atau penjelasannya",
    },
}


def word(key: str, lang: str, **values: object) -> str:
    """The label `key` of WORDS in `lang` ("en" or "id"; any other: English), filled with
    `values`. Raises KeyError for a key WORDS does not have."""
    return WORDS.get(lang, WORDS["en"])[key].format(**values)


def status(status_en: str, lang: str) -> str:
    """A unit's status as `Hit.status_note()` gives it ("in force", "repealed by UU No. 18
    Tahun 2017, Pasal 89 huruf a") in `lang`; the citation inside stays as it is."""
    from ..answer.messages import status_text  # imported here: kb.answer is heavy and `kb --help` must stay fast

    return status_text(status_en, lang)
