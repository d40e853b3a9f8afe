"""Every word an answer shows that is not a quote, in the answer's one language.

An answer speaks the question's language (Indonesian or English; a bare citation: the
cited document's). Labels, statuses, reasons for declining and notes all come from here,
so one answer never mixes languages outside its quotes, which stay in their document's.
"""

from __future__ import annotations

import re

LANGS = ("en", "id")

LABELS = {
    "en": {"sources": "Sources", "related": "Closest units (possibly related)", "removed": "unsupported sentence(s) removed",
           "synthesis": "Summary (LLM, verified against the quotes)", "page": "p.", "repealed_see": "replaced by",
           "closest_in_force": "closest provision in force",
           "not_in_force": "NOT IN FORCE", "why": "Why", "note": "Note", "successor": "law in force"},
    "id": {"sources": "Sumber", "related": "Unit terdekat (mungkin terkait)", "removed": "kalimat tanpa dukungan dihapus",
           "synthesis": "Ringkasan (LLM, diverifikasi terhadap kutipan)", "page": "hlm.", "repealed_see": "diganti oleh",
           "closest_in_force": "ketentuan terdekat yang berlaku",
           "not_in_force": "TIDAK BERLAKU", "why": "Alasan", "note": "Catatan", "successor": "hukum yang berlaku"},
}

LANGUAGE_NAMES = {
    "en": {"en": "English", "id": "Indonesian"},
    "id": {"en": "bahasa Inggris", "id": "bahasa Indonesia"},
}

# Catalogue statuses (English in the catalogue) as an Indonesian answer shows them.
_STATUS_ID = {
    "in force": "berlaku",
    "adopted": "diadopsi",
    "signed": "ditandatangani",
    "repealed": "dicabut",
    "not in force": "tidak berlaku",
    "draft": "rancangan",
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def language_name(code: str, lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(code, code)


def status_text(status: str, lang: str) -> str:
    """A catalogue status ("in force", "repealed by UU No. 18 Tahun 2017") in `lang`."""
    if lang != "id":
        return status
    m = re.match(r"(?i)^repealed(?: by (.+))?$", status.strip())
    if m:
        return f"dicabut oleh {m.group(1)}" if m.group(1) else "dicabut"
    return _STATUS_ID.get(status.strip().lower(), status)


def join_names(names: list[str], lang: str) -> str:
    """"A, B and C" / "A, B, dan C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    word = "dan" if lang == "id" else "and"
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


# --- why an answer declines -------------------------------------------------------------
# Each reason has a code (stable, for programs) and a sentence (for lawyers).

REASONS = {
    "no-match": {
        "en": "No indexed unit matches the question{scope}.",
        "id": "Tidak ada unit terindeks yang cocok dengan pertanyaan ini{scope}.",
    },
    "weak-match": {
        "en": "None of the indexed provisions is close in meaning to the question: the nearest ones, listed "
              "below, are only loosely related to it.",
        "id": "Tidak ada ketentuan terindeks yang maknanya dekat dengan pertanyaan ini: ketentuan terdekat, "
              "di bawah, hanya berkaitan secara longgar.",
    },
    "terms-missing": {
        "en": "The indexed documents do not use the question's key terms ({terms}) or their usual synonyms.",
        "id": "Dokumen yang diindeks tidak memuat istilah kunci pertanyaan ini ({terms}) maupun padanannya.",
    },
    # the same, when other indexed units do use those terms: saying the documents do not
    # would be untrue ("menerbitkan" is in UU 18/2017 Pasal 47)
    "terms-elsewhere": {
        "en": "The provisions that best match the question do not use its key terms ({terms}) or their usual "
              "synonyms; other indexed units do ({where}) but match the rest of the question less well.",
        "id": "Ketentuan yang paling cocok dengan pertanyaan ini tidak memuat istilah kuncinya ({terms}) maupun "
              "padanannya; unit terindeks lain memuatnya ({where}) tetapi kurang cocok dengan bagian lain pertanyaan.",
    },
    "asks-for-figure": {
        "en": "The question asks for a figure (an amount, a number or a statistic){about}; no indexed provision "
              "states one on this subject.",
        "id": "Pertanyaan ini menanyakan angka (jumlah, besaran, atau statistik){about}; tidak ada ketentuan "
              "terindeks yang menyebutkannya untuk hal ini.",
    },
    "asks-about-unnamed": {
        "en": "The question asks a fact about {names}, which the indexed documents do not mention; they state "
              "general rules, not facts about {names}.",
        "id": "Pertanyaan ini menanyakan fakta tentang {names}, yang tidak disebut dalam dokumen yang diindeks; "
              "dokumen tersebut memuat aturan umum, bukan fakta tentang {names}.",
    },
    "asks-about-missing": {
        # A fact about the document, not one its text records: a convention does not say
        # who ratified it, State reports do not set the next report's date.
        "en": "The question asks a fact about {documents}, which kb has not indexed (see above); the indexed "
              "documents do not state it.",
        "id": "Pertanyaan ini menanyakan fakta tentang {documents}, yang tidak diindeks kb (lihat di atas); "
              "dokumen yang diindeks tidak memuatnya.",
    },
    "asks-for-missing-content": {
        "en": "The question asks what {documents} says, and it is not indexed (see above); no indexed document "
              "quotes or discusses it.",
        "id": "Pertanyaan ini menanyakan isi {documents}, yang belum diindeks (lihat di atas); tidak ada dokumen "
              "terindeks yang mengutip atau membahasnya.",
    },
    "asks-about-foreign": {
        "en": "The question asks about the law or practice of {names}; the indexed documents are Indonesian law, "
              "the Committee's texts, ASEAN and bilateral instruments, and none states it.",
        "id": "Pertanyaan ini menanyakan hukum atau praktik {names}; dokumen yang diindeks (hukum Indonesia, "
              "dokumen Komite, instrumen ASEAN dan bilateral) tidak memuatnya.",
    },
    # which person holds or held an office, or what one said (kb.answer.abstain.asks_about_person)
    "asks-office-holder": {
        "en": "The question asks which person holds or held an office; the indexed documents state offices and "
              "their duties, not who holds them (only a statute's closing part names persons, as its signatories).",
        "id": "Pertanyaan ini menanyakan siapa yang menduduki atau pernah menduduki suatu jabatan; dokumen yang "
              "diindeks memuat jabatan dan tugasnya, bukan siapa pejabatnya (hanya bagian penutup undang-undang "
              "menyebut nama orang, sebagai penanda tangan).",
    },
    "asks-person-view": {
        "en": "The question asks what a person in office said or thinks; the indexed documents are legal texts "
              "and the Committee's, and state no person's own views or statements.",
        "id": "Pertanyaan ini menanyakan pendapat atau pernyataan seorang pejabat; dokumen yang diindeks adalah teks "
              "hukum dan dokumen Komite, dan tidak memuat pendapat atau pernyataan pribadi siapa pun.",
    },
    # an event yet to come (kb.answer.abstain.asks_future)
    "asks-future": {
        "en": "The question asks when or whether something will happen; the indexed documents state the law and "
              "the Committee's views as adopted, and set no date for, nor predict, a review, report, revision or "
              "adoption yet to come.",
        "id": "Pertanyaan ini menanyakan kapan atau apakah sesuatu akan terjadi; dokumen yang diindeks memuat hukum "
              "dan pandangan Komite sebagaimana ditetapkan, dan tidak menetapkan tanggal atau meramalkan peninjauan, "
              "laporan, revisi, atau pengesahan yang akan datang.",
    },
    "asks-contact-details": {
        "en": "The question asks for contact details (an address, telephone number, e-mail or website); the "
              "indexed documents are legal texts and give none.",
        "id": "Pertanyaan ini menanyakan rincian kontak (alamat, nomor telepon, surel, atau situs web); dokumen "
              "yang diindeks adalah teks hukum dan tidak memuatnya.",
    },
    "asks-event": {
        "en": "The question asks what happened at a particular event (who took part, who drafted or filed "
              "something, what was said at a meeting, how someone responded, which bodies were sanctioned); the "
              "indexed documents state rules and recommendations and record no such events.",
        "id": "Pertanyaan ini menanyakan apa yang terjadi pada suatu peristiwa tertentu (siapa yang hadir, siapa "
              "yang menyusun atau mengajukan sesuatu, apa yang disampaikan dalam suatu pertemuan, bagaimana seseorang "
              "menanggapi, siapa yang dikenai sanksi); dokumen yang diindeks memuat aturan dan rekomendasi, dan tidak "
              "mencatat peristiwa semacam itu.",
    },
    "asks-ratifications": {
        "en": "The question asks which or how many States have ratified or joined a treaty; the indexed documents "
              "do not record other States' ratifications (UU 6/2012 is Indonesia's own ratification of the "
              "Convention).",
        "id": "Pertanyaan ini menanyakan negara mana atau berapa negara yang telah meratifikasi atau menjadi pihak "
              "suatu perjanjian; dokumen yang diindeks tidak mencatat ratifikasi negara lain (UU 6/2012 adalah "
              "pengesahan Konvensi oleh Indonesia sendiri).",
    },
    "no-reference": {
        "en": "No indexed document refers to {unit} of {instrument}.",
        "id": "Tidak ada dokumen terindeks yang merujuk {unit} {instrument}.",
    },
    # when or where a named document was adopted, signed or enacted, and its indexed text has
    # no sentence saying so (another instrument's "adopted at …" is never quoted for it)
    "date-not-stated": {
        "en": "The indexed text of {documents} does not state when or where it was adopted, signed or enacted"
              "{catalogue}; kb does not quote another instrument's date for it.",
        "id": "Teks {documents} yang diindeks tidak menyebutkan kapan atau di mana dokumen itu diadopsi, "
              "ditandatangani, atau disahkan{catalogue}; kb tidak mengutip tanggal instrumen lain untuknya.",
    },
}

ABSTAIN_LEAD = {
    "en": "The indexed documents do not address this question: “{q}”.",
    "id": "Dokumen yang diindeks tidak membahas pertanyaan ini: “{q}”.",
}

# --- notes that qualify an answer --------------------------------------------------------

NOTES = {
    "named-document-silent": {
        "en": "No provision of {documents} was found on this question; the quotes below come from other documents.",
        "id": "Tidak ditemukan ketentuan {documents} tentang pertanyaan ini; kutipan di bawah berasal dari dokumen lain.",
    },
    "general-rule": {
        "en": "The documents state the general rule; they do not name {names}.",
        "id": "Dokumen memuat aturan umumnya; dokumen tersebut tidak menyebut {names}.",
    },
    # the same, for names that other indexed provisions do mention (saying "the documents do
    # not name BP2MI" would be untrue: PP 59/2021 does)
    "general-rule-elsewhere": {
        "en": "The documents state the general rule; the provisions quoted do not name {names} (other provisions do: {where}).",
        "id": "Dokumen memuat aturan umumnya; ketentuan yang dikutip tidak menyebut {names} (ketentuan lain menyebutnya: "
              "{where}).",
    },
    # the quotes cite articles of the Convention the question does not name; followed by
    # the missing-document note's words (how to get it) or "convention-indexed"
    "convention-cited": {
        "en": "The quotes cite {articles} of {instrument}.",
        "id": "Kutipan merujuk {articles} {instrument}.",
    },
    "convention-indexed": {
        "en": "It is indexed: `{command}` shows it.",
        "id": "Konvensi itu sudah diindeks: `{command}` menampilkannya.",
    },
    "missing-fetch": {
        "en": "{title} ({citation}) is not indexed. Get it with `kb corpus fetch {id}` (official text: {url}), "
              "or add your copy with `kb add FILE --id {id}`; then run `kb index`.",
        "id": "{title} ({citation}) belum diindeks. Unduh dengan `kb corpus fetch {id}` (teks resmi: {url}), "
              "atau tambahkan salinan Anda dengan `kb add FILE --id {id}`; lalu jalankan `kb index`.",
    },
    "missing-add": {
        "en": "{title} ({citation}) is not indexed and kb cannot download it ({source}). Add your copy with "
              "`kb add FILE --id {id}`, then run `kb index`.",
        "id": "{title} ({citation}) belum diindeks dan kb tidak dapat mengunduhnya ({source}). Tambahkan salinan "
              "Anda dengan `kb add FILE --id {id}`, lalu jalankan `kb index`.",
    },
    "missing-index": {
        "en": "{title} ({citation}) is in the library but not indexed yet: run `kb index`.",
        "id": "{title} ({citation}) sudah ada di pustaka tetapi belum diindeks: jalankan `kb index`.",
    },
    "term-not-in-document": {
        "en": "{documents}, as indexed, never mentions {terms} or a usual synonym{note}; the provisions below are "
              "the closest it has.",
        "id": "{documents}, sebagaimana diindeks, tidak pernah menyebut {terms} maupun padanannya{note}; ketentuan "
              "di bawah adalah yang paling dekat.",
    },
    "term-not-in-documents": {  # the same, of two documents or more
        "en": "{documents}, as indexed, never mention {terms} or a usual synonym{note}; the provisions below are "
              "the closest they have.",
        "id": "{documents}, sebagaimana diindeks, tidak pernah menyebut {terms} maupun padanannya{note}; ketentuan "
              "di bawah adalah yang paling dekat.",
    },
    # content words of the question no indexed unit uses, in either language (abstain.never_used)
    "terms-never-used": {
        "en": "The indexed documents never use {terms}, nor the synonyms and translations kb knows of (another "
              "word may still say it); the provisions below are the closest.",
        "id": "Dokumen yang diindeks tidak pernah memakai {terms}, maupun padanan dan terjemahan yang dikenal kb "
              "(kata lain mungkin tetap memuatnya); ketentuan di bawah adalah yang paling dekat.",
    },
    "ratified-by": {
        "en": "{treaty} was ratified by {act}, enacted on {date}; its ratifying provision is quoted first. When "
              "the instrument of ratification was deposited is not stated in the indexed documents.",
        "id": "{treaty} disahkan dengan {act}, tanggal {date}; ketentuan pengesahannya dikutip pertama. Tanggal "
              "penyimpanan piagam ratifikasi tidak dimuat dalam dokumen yang diindeks.",
    },
    "unknown-document": {
        "en": "{symbol} is not in kb's catalogue, so kb cannot say what it states. Add your copy with "
              "`kb add FILE --id {id} --title TITLE --family {family} --language {language}`, then run `kb index`.",
        "id": "{symbol} tidak ada dalam katalog kb, sehingga kb tidak dapat menyebutkan isinya. Tambahkan salinan "
              "Anda dengan `kb add FILE --id {id} --title JUDUL --family {family} --language {language}`, lalu "
              "jalankan `kb index`.",
    },
    "source-text-lost": {
        "en": "{unit}: {caveat}",
        "id": "{unit}: {caveat}",
    },
    # quoted paragraphs whose introduction is the heading above them (the ASEAN
    # instruments' "Pursuant to …, the receiving states will:")
    "heading-lead": {
        "en": "Introduced in the text by the words “{lead}”: {sources}.",
        "id": "Dalam teksnya didahului oleh kata-kata “{lead}”: {sources}.",
    },
    # a quote holds a number OCR printed with letters for digits ("2O2l")
    "ocr-numbers": {
        "en": "OCR misread digits in the source text quoted: {parts}. Check these figures against the official "
              "text before citing them.",
        "id": "OCR salah membaca angka dalam teks sumber yang dikutip: {parts}. Periksa angka tersebut pada teks "
              "resmi sebelum mengutipnya.",
    },
    # a quote cut from a list leaves some of its items out (the "…" in the quote)
    "items-omitted": {
        "en": "Lists quoted in part (“…” marks what is left out): {parts}. `kb show \"{citation}\"` (or another "
              "citation) gives the whole text.",
        "id": "Daftar yang dikutip sebagian (“…” menandai bagian yang tidak dikutip): {parts}. `kb show \"{citation}\"` "
              "(atau rujukan lain) menampilkan teks lengkapnya.",
    },
    "catalogue-date": {  # inside "date-not-stated": what kb's catalogue records, not a quote
        "en": " (kb's catalogue records {dates} as its date: catalogue metadata, not a quote from the text)",
        "id": " (katalog kb mencatat {dates} sebagai tanggalnya: metadata katalog, bukan kutipan dari teks)",
    },
    "family-silent": {
        "en": "No passage of {family} as indexed was found on this question; the quotes below come from other sources.",
        "id": "Tidak ditemukan bagian {family} yang diindeks tentang pertanyaan ini; kutipan di bawah berasal dari "
              "sumber lain.",
    },
    "which-document": {
        "en": "The question cites {unit} without naming its document; {documents} each have one. Name it to have "
              "that unit quoted (e.g. \"{example}\"); below, what the documents say on the question's other words.",
        "id": "Pertanyaan ini merujuk {unit} tanpa menyebut dokumennya; {documents} masing-masing memilikinya. Sebutkan "
              "dokumennya agar unit itu dikutip (mis. \"{example}\"); di bawah, yang dikatakan dokumen tentang "
              "kata-kata lain pertanyaan ini.",
    },
    "missing-then": {
        "en": "What the indexed documents say about it:",
        "id": "Yang dikatakan dokumen terindeks tentang hal itu:",
    },
    "chapter-partial": {
        "en": "{chapter} has {total} units; {quoted} are quoted below. `kb show \"{citation}\"` gives every one.",
        "id": "{chapter} memuat {total} unit; {quoted} dikutip di bawah. `kb show \"{citation}\"` menampilkan semuanya.",
    },
    "named-silent-unit": {
        "en": "{documents} as indexed does not refer to {unit} of {instrument}; the quotes below are what other indexed "
              "documents say about it.",
        "id": "{documents} yang diindeks tidak merujuk {unit} {instrument}; kutipan di bawah adalah yang dikatakan dokumen "
              "terindeks lain tentang hal itu.",
    },
    "missing-unit-then": {
        "en": "What the indexed documents say about {unit} of {instrument}:",
        "id": "Yang dikatakan dokumen terindeks tentang {unit} {instrument}:",
    },
}


# A family of sources (kb.models.FAMILIES) as a note names it.
FAMILY_NAMES = {
    "en": {"national-law": "Indonesian law", "committee": "the Committee's texts", "regional": "the ASEAN instruments",
           "bilateral": "the bilateral agreements", "convention": "the Convention"},
    "id": {"national-law": "hukum Indonesia", "committee": "dokumen Komite", "regional": "instrumen ASEAN",
           "bilateral": "perjanjian bilateral", "convention": "Konvensi"},
}


def family_name(family: str, lang: str) -> str:
    return FAMILY_NAMES.get(lang, FAMILY_NAMES["en"]).get(family, family)


def reason_text(code: str, lang: str, **values: str) -> str:
    return REASONS[code].get(lang, REASONS[code]["en"]).format(**values)


def note_text(code: str, lang: str, **values: str) -> str:
    return NOTES[code].get(lang, NOTES[code]["en"]).format(**values)


# The caveats the statute parser writes on a unit (kb.structure.statute_id.body), in
# Indonesian: an answer speaks one language.
_CAVEATS_ID = (
    (re.compile(r"The source text lost this Pasal's heading \(in the OCR\?\); its text was found at the end of "
                r"(?P<before>.+?), where the ayat numbering starts again at \(1\)\."),
     "Judul Pasal ini hilang dari teks sumber (dalam OCR?); teksnya ditemukan di akhir {before}, tempat penomoran "
     "ayat mulai lagi dari (1)."),
    (re.compile(r"The source text lost this Pasal's heading and the start of its text \(in the OCR\?\); what follows "
                r"is what the source kept, found at the end of (?P<before>.+?), where the ayat numbering goes back\."),
     "Judul Pasal ini dan awal teksnya hilang dari teks sumber (dalam OCR?); yang dikutip adalah yang tersisa dalam "
     "sumber, ditemukan di akhir {before}, tempat penomoran ayat mundur."),
    (re.compile(r"The source text lost the marker of ayat (?P<names>.+?) \(in the OCR\?\); (?:its|their) words are "
                r"part of this Pasal but are cited under no ayat number\."),
     "Teks sumber kehilangan penanda ayat {names} (dalam OCR?); kata-katanya termasuk Pasal ini, tetapi tidak "
     "dikutip di bawah nomor ayat mana pun."),
)


def caveat_text(caveat: str, lang: str) -> str:
    """A unit's caveat (`Unit.caveat`, written in English by the parser) in the answer's
    language: each sentence the parser writes, translated; one it does not know is said
    in general terms in Indonesian rather than left in English."""
    if lang != "id":
        return caveat
    out: list[str] = []
    rest = caveat.strip()
    while rest:
        for pattern, text in _CAVEATS_ID:
            m = pattern.match(rest)
            if m:
                out.append(text.format(**m.groupdict()))
                rest = rest[m.end():].strip()
                break
        else:
            out.append("Sebagian teks Pasal ini rusak dalam teks sumber (dalam OCR?); yang dikutip adalah yang "
                       "tersisa dalam sumber.")
            break
    return " ".join(out)


def unit_words(unit: str, lang: str) -> str:
    """"Article 22" as a sentence names it: "article 22" / "Pasal 22"."""
    m = re.match(r"^(Article|Pasal|para) (.+)$", unit)
    if not m:
        return unit
    kind, n = m.groups()
    if lang == "id":
        return {"Article": f"Pasal {n}", "Pasal": f"Pasal {n}", "para": f"paragraf {n}"}[kind]
    return {"Article": f"article {n}", "Pasal": f"Pasal {n}", "para": f"paragraph {n}"}[kind]
