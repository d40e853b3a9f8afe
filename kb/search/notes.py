"""The notes a search gives about its query, its filters and the index, in one language.

A search's output speaks one language, as an answer does (kb.answer.messages): the query's
(Indonesian or English); for a bare citation ("UU 39/2004 Pasal 76"), the cited
document's. Its labels follow it (kb.cli.words) and so do its notes: `note(code, lang,
…)` gives each in that language. Citations, commands and quoted words inside a note stay
as they are. Languages other than Indonesian get English.
"""

from __future__ import annotations

import re

NOTES = {
    # words in quotation marks that no indexed unit holds
    "quoted-words-absent": {
        "en": "no indexed unit holds the exact words {words}; the results are ranked by meaning",
        "id": "tidak ada unit terindeks yang memuat persis kata-kata {words}; hasil diurutkan menurut makna",
    },
    "chapter-first-k": {
        "en": "{where}{chapter} has {total} units; the first {k} are shown (ask for more with -k {total})",
        "id": "{where}{chapter} memuat {total} unit; {k} yang pertama ditampilkan (tampilkan lebih banyak dengan "
              "-k {total})",
    },
    # a cited unit the filters leave out (kb.search.hybrid.Searcher.filtered_citation_message)
    "filtered-out": {
        "en": "{citation} is left out by the filters ({why})",
        "id": "{citation} dikecualikan oleh filter ({why})",
    },
    "filtered-repealed": {
        "en": "--in-force: {document} is repealed",
        "id": "--in-force: {document} telah dicabut",
    },
    "filtered-other": {
        "en": "not among the documents the filters allow",
        "id": "tidak termasuk dokumen yang diizinkan filter",
    },
    "closest-in-force": {
        "en": "; the closest provision in force: {citation}",
        "id": "; ketentuan terdekat yang berlaku: {citation}",
    },
    # the `doc` filter names documents --in-force leaves out: nothing of them is searched
    "doc-filter-repealed": {
        "en": "{document} is repealed and --in-force leaves out repealed law: none of its units is searched (drop "
              "--in-force to search it)",
        "id": "{document} telah dicabut dan --in-force mengecualikan hukum yang dicabut: tidak ada unitnya yang "
              "dicari (hapus --in-force untuk mencarinya)",
    },
    # the `doc` filter names a document the index does not hold (kb.api)
    "doc-not-indexed": {
        "en": "{citation} ({id}) is in the library but not indexed yet: run `kb index` to search it",
        "id": "{citation} ({id}) sudah ada di pustaka tetapi belum diindeks: jalankan `kb index` untuk mencarinya",
    },
    "doc-not-in-library": {
        "en": "{citation} is not in the library yet: run `kb corpus fetch {id}`, or add your copy with "
              "`kb add FILE --id {id}`; then `kb index`",
        "id": "{citation} belum ada di pustaka: jalankan `kb corpus fetch {id}`, atau tambahkan salinan Anda dengan "
              "`kb add FILE --id {id}`; lalu `kb index`",
    },
    # kb.limits: a query longer than KB_MAX_QUERY_CHARS is cut at a word
    "query-cut": {
        "en": "the query is {length} characters; kb searched its first {cut} (KB_MAX_QUERY_CHARS={limit})",
        "id": "kueri ini {length} karakter; kb mencari {cut} karakter pertamanya (KB_MAX_QUERY_CHARS={limit})",
    },
    # the state of the index (kb.api.KnowledgeBase.index_notes)
    "index-unindexed": {
        "en": "not indexed yet: {documents}; run `kb index`",
        "id": "belum diindeks: {documents}; jalankan `kb index`",
    },
    "index-damaged": {
        "en": "not indexed, its record meta.json is missing or unreadable: {documents}; `kb corpus status` says "
              "how to restore it",
        "id": "tidak diindeks, catatan meta.json-nya hilang atau tidak terbaca: {documents}; `kb corpus status` "
              "menjelaskan cara memulihkannya",
    },
    "index-older": {
        "en": "the index was built by an older kb ({built}): run `kb index` to read the documents again with this "
              "one (vectors already computed are reused)",
        "id": "indeks ini dibangun oleh kb versi lama ({built}): jalankan `kb index` untuk membaca ulang dokumen "
              "dengan versi ini (vektor yang sudah dihitung dipakai lagi)",
    },
    "and-more": {
        "en": " and {n} more",
        "id": " dan {n} lainnya",
    },
}


def note(code: str, lang: str, **values: object) -> str:
    """The note `code` of NOTES in `lang` ("en" or "id"; any other: English), filled with
    `values`. Raises KeyError for a code NOTES does not have."""
    forms = NOTES[code]
    return forms.get(lang, forms["en"]).format(**values)


def grouped(n: int, lang: str) -> str:
    """A count as the language writes it: 1,994 in English, 1.994 in Indonesian."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "id" else text


def output_language(query_lang: str, citation, catalog) -> str:
    """The one language of a search's labels and notes: the query's (`query_lang`); for a
    bare citation (a citation that is the whole query, kb.citations.Citation.coverage >=
    0.99), the cited document's, as `kb ask` answers it. "en" or "id"."""
    if citation is not None and getattr(citation, "doc_id", None) and getattr(citation, "coverage", 0.0) >= 0.99:
        doc = catalog.find(citation.doc_id)
        if doc is not None and doc.language in ("en", "id"):
            return doc.language
    return query_lang if query_lang in ("en", "id") else "en"


# The one-line refusals kb.citations writes (in English: `kb show` and `kb ask` raise them
# as errors) as a search's notes say them in Indonesian: each shape it writes, matched
# whole; the citations, commands and words quoted inside are kept as they are.
_CITATION_NOTES_ID = (
    # "the catalogue has no general comment No. 9 of the Committee on Migrant Workers; it has general comments No. 1–8"
    (re.compile(r"the catalogue has no general comment No\. (?P<n>\S+) of the Committee on Migrant Workers; it has "
                r"general comments (?P<have>.+)"),
     lambda m: (f"katalog tidak memuat komentar umum No. {m['n']} dari Komite Pekerja Migran; yang ada: komentar "
                f"umum {_and_id(m['have'])}")),
    # "UU No. 18 Tahun 2017, Pasal 6 ayat (1) has no huruf z in the indexed text; it has huruf a–m"
    (re.compile(r"(?P<cited>.+?) has no (?P<part>.+?) in the indexed text; it has (?P<span>.+?)"
                r"(?: \(the source text lost the marker of (?P<lost>.+?); its words are in (?P<show>`[^`]+`)\))?"),
     lambda m: (f"{m['cited']} tidak memiliki {m['part']} dalam teks yang diindeks; yang ada: {_and_id(m['span'])}"
                + (f" (teks sumber kehilangan penanda {m['lost']}; kata-katanya ada di {m['show']})" if m["lost"] else ""))),
    # "PP No. 59 Tahun 2021 has no Pasal 66 in the indexed copy: its heading is missing from the source text
    # between Pasal 65 and Pasal 67 (lost in the OCR?); what the source kept of its text, if anything, is at the
    # end of Pasal 65: `kb show "…"`" (kb.citations.missing_unit_message, a heading the OCR lost)
    (re.compile(r"(?P<cited>.+?) has no (?P<unit>[^:]+?) in the indexed copy: its heading is missing from the source "
                r"text between (?P<before>.+?) and (?P<after>.+?) \(lost in the OCR\?\); what the source kept of its "
                r"text, if anything, is at the end of (?P=before): (?P<show>`[^`]+`)"),
     lambda m: (f"{m['cited']} tidak memiliki {m['unit']} dalam salinan yang diindeks: judulnya tidak ada dalam teks "
                f"sumber di antara {m['before']} dan {m['after']} (hilang saat OCR?); bagian teksnya yang tersisa, "
                f"jika ada, berada di akhir {m['before']}: {m['show']}")),
    (re.compile(r"(?P<cited>.+?) has no (?P<units>[^:]+?) in the indexed copy: their headings are missing from the "
                r"source text \(lost in the OCR\?\); what the source kept of their text, if anything, is at the end "
                r"of the unit before each, e\.g\. (?P<show>`[^`]+`)"),
     lambda m: (f"{m['cited']} tidak memiliki {_and_id(m['units'])} dalam salinan yang diindeks: judulnya tidak ada "
                f"dalam teks sumber (hilang saat OCR?); bagian teksnya yang tersisa, jika ada, berada di akhir unit "
                f"sebelum masing-masing, mis. {m['show']}")),
    # "UU No. 18 Tahun 2017 has no Pasal 999; it has Pasal 1–91", "… has no BAB XX; it has BAB I–XIV"
    (re.compile(r"(?P<cited>.+?) has no (?P<units>[^;]+); it has (?P<span>.+)"),
     lambda m: f"{m['cited']} tidak memiliki {_and_id(m['units'])}; yang ada: {_and_id(m['span'])}"),
    # "'Psal' in the question is not a citation kb can read; did you mean 'Pasal 30 UU 18/2017'?"
    (re.compile(r"(?P<typed>'.+?') in the question is not a citation kb can read; did you mean (?P<meant>'.+')\?"),
     lambda m: f"{m['typed']} dalam kueri ini bukan rujukan yang dapat dibaca kb; maksud Anda {m['meant']}?"),
    # "Pasal 30 of which document? UU No. 18 Tahun 2017, … and PP No. 59 Tahun 2021 have one; name it, e.g. '…'"
    (re.compile(r"(?P<unit>.+?) of which document\? (?P<docs>.+?) (?:have|has) (?:one|them|it); name it, "
                r"e\.g\. (?P<example>.+)"),
     lambda m: (f"{m['unit']} dari dokumen mana? {_and_id(m['docs'])} memilikinya; sebutkan dokumennya, "
                f"mis. {m['example']}")),
)


def _and_id(text: str) -> str:
    return re.sub(r" and (?=\S)", " dan ", text)


def citation_note(message: str, lang: str) -> str:
    """A refusal of kb.citations (English, as `kb show` raises it) as a search note in
    `lang`: in Indonesian for the shapes of _CITATION_NOTES_ID, matched whole; any other
    message, and every message for English, as it is."""
    if lang != "id" or not message:
        return message
    for pattern, render in _CITATION_NOTES_ID:
        m = pattern.fullmatch(message)
        if m:
            return render(m)
    return message
