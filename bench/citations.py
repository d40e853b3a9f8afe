"""Citation coverage: every kind of unit of every indexed document, cited the ways legal
officers type citations, measured through `KnowledgeBase.search` and `KnowledgeBase.ask`.

Generated from the documents (the units of a full-mirror home) and from citation
conventions (statute numbering "UU No. 18 Tahun 2017", UN symbols "CMW/C/GC/2", the
ASEAN instruments' common names, Pasal/ayat/huruf, article/paragraph, ¶, para.), never
from questions. Each case combines one form on each of five axes:

    document name   "UU 18/2017", "Undang-Undang Nomor 18 Tahun 2017", "CMW/C/GC/2",
                    "Komentar Umum No. 2", "Deklarasi Cebu", "IJEPA", ...
    unit            "Pasal 6 ayat (1) huruf j", "pasal 6 ayat 1 huruf j", "Psl. 6",
                    "article 6(1)(j)", "para. 60", "¶ 60", "Penjelasan Pasal 5", ...
    order           unit before/after the document, "of the", "dari", a comma, brackets
    style           as typed, lower case, upper case, periods dropped, spaces squeezed
    template        the bare citation, or embedded in an English/Indonesian question

THE SPLIT. Every form of every axis is assigned once, before anything is measured, to
the tuning half or the held-out half: within each group of forms (one document family's
names, one unit kind's forms, ...) the forms are shuffled with `SPLIT_SEED` and the first
ceil(n/2) go to the tuning half. A case of a half uses only that half's forms, so a
held-out case is typed in forms the tuning half never showed. Fixes are judged on the
tuning half; the held-out half says whether they generalise. `--show-split` prints it.

For each case: the rank of the cited unit(s) in `search` (R@1: the first target first;
found@10: every target in the top 10), whether the first hit carries the typed finer
locator (ayat, huruf, sub-paragraph), a wrong resolution (the first hit is an exact
citation hit of another unit), errors (KbError and, worse, any other exception), and on
a seeded subsample whether `ask` quotes the cited unit first.

    .venv/bin/python bench/citations.py --home /work/homes/<you>-full [--per-form 3] [--ask 60]
    .venv/bin/python bench/citations.py --home ... --failures 20   # print failing cases
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SPLIT_SEED = 2026
SAMPLE_SEED = 7

# --- document names ------------------------------------------------------------------
# Group -> forms (id, template). Placeholders: {n} number, {y} year, {sym} the UN symbol
# (the CMW part of a joint symbol), {fullsym} the whole symbol, {other} a joint comment's
# other committee's symbol. Statute types: {T} "UU"/"PP", {TL} "Undang-Undang"/"Peraturan
# Pemerintah", {TE} "Law"/"Government Regulation".
DOC_FORMS: dict[str, list[tuple[str, str]]] = {
    "statute": [
        ("t-slash", "{T} {n}/{y}"),
        ("t-no-tahun", "{T} No. {n} Tahun {y}"),
        ("t-nomor-tahun", "{T} Nomor {n} Tahun {y}"),
        ("t-tahun", "{T} {n} Tahun {y}"),
        ("t-no-slash", "{T} No. {n}/{y}"),
        ("t-no-thn", "{T} No {n} Thn {y}"),
        ("t-ri", "{T} RI No. {n} Tahun {y}"),
        ("tl-nomor", "{TL} Nomor {n} Tahun {y}"),
        ("tl-no", "{TL} No. {n} Tahun {y}"),
        ("tl-ri", "{TL} Republik Indonesia Nomor {n} Tahun {y}"),
        ("tl-slash", "{TL} {n}/{y}"),
        ("te-of", "{TE} No. {n} of {y}"),
        ("te-slash", "{TE} {n}/{y}"),
        ("te-number-year", "{TE} Number {n} Year {y}"),
        ("te-indonesian", "Indonesian {TE} No. {n}/{y}"),
        ("te-of-year", "{TE} {n} of {y}"),
    ],
    # Common names a statute is known by: the catalogue's own short names, and the
    # title after "tentang" (the document's own title).
    "statute-name": [
        ("short-alias", "{short}"),
        ("t-tentang", "{T} tentang {about}"),
        ("t-about", "{T} {about}"),
        ("t-slash-tentang", "{T} {n}/{y} tentang {about}"),
    ],
    "gc": [
        ("symbol", "{sym}"),
        ("gc-no", "General Comment No. {n}"),
        ("gc-space", "GC {n}"),
        ("gc-glued", "GC{n}"),
        ("gc-cmw", "CMW General Comment {n}"),
        ("gc-of-committee", "general comment No. {n} of the Committee on Migrant Workers"),
        ("gc-number", "General Comment Number {n}"),
        ("gc-hash", "General Comment #{n}"),
        ("gc-lower-nodot", "general comment no {n}"),
        ("ku-no", "Komentar Umum No. {n}"),
        ("ku-nomor", "Komentar Umum Nomor {n}"),
        ("ku-cmw", "Komentar Umum CMW No. {n}"),
        ("ku-komite", "Komentar Umum Komite Pekerja Migran No. {n}"),
        ("cmw-gc-no", "CMW GC No. {n}"),
    ],
    "gc-joint": [
        ("full-symbol", "{fullsym}"),
        ("other-symbol", "{other}"),
        ("joint-gc", "Joint General Comment No. {n}"),
        ("ku-bersama", "Komentar Umum Bersama No. {n}"),
    ],
    "consensus": [
        ("name", "ASEAN Consensus"),
        ("name-id", "Konsensus ASEAN"),
        ("name-year", "ASEAN Consensus 2017"),
        ("year-name", "2017 ASEAN Consensus"),
        ("title", "ASEAN Consensus on the Protection and Promotion of the Rights of Migrant Workers"),
        ("title-id", "Konsensus ASEAN tentang Pelindungan dan Pemajuan Hak-Hak Pekerja Migran"),
        ("name-id-year", "Konsensus ASEAN 2017"),
        ("manila", "ASEAN Consensus (Manila, 2017)"),
    ],
    "cebu": [
        ("name", "Cebu Declaration"),
        ("name-id", "Deklarasi Cebu"),
        ("asean-year", "ASEAN Declaration 2007"),
        ("year-name", "2007 Cebu Declaration"),
        ("title", "ASEAN Declaration on the Protection and Promotion of the Rights of Migrant Workers"),
        ("title-id", "Deklarasi ASEAN tentang Pelindungan dan Pemajuan Hak-Hak Pekerja Migran"),
        ("name-id-year", "Deklarasi Cebu 2007"),
        ("asean-cebu", "ASEAN Cebu Declaration"),
    ],
    "labuan": [
        ("name", "Labuan Bajo Declaration"),
        ("name-id", "Deklarasi Labuan Bajo"),
        ("asean-year", "ASEAN Declaration 2023"),
        ("title", "ASEAN Declaration on the Protection of Migrant Workers and Family Members in Crisis Situations"),
        ("name-id-year", "Deklarasi Labuan Bajo 2023"),
        ("year-name", "2023 Labuan Bajo Declaration"),
    ],
    "ijepa": [
        ("name", "IJEPA"),
        ("jiepa", "JIEPA"),
        ("ij-epa", "IJ-EPA"),
        ("epa", "Indonesia-Japan EPA"),
        ("title-en", "Indonesia-Japan Economic Partnership Agreement"),
        ("title-id", "Persetujuan Kemitraan Ekonomi Indonesia-Jepang"),
        ("title-full", "Agreement between Japan and the Republic of Indonesia for an Economic Partnership"),
        ("jp-id-epa", "Japan-Indonesia EPA"),
    ],
}

# Which document-name groups apply to which document (by its id / family).
_STATUTES = {"uu-6-2012": ("UU", 6, 2012), "uu-18-2017": ("UU", 18, 2017), "uu-39-2004": ("UU", 39, 2004),
             "pp-59-2021": ("PP", 59, 2021)}
_TYPE_NAMES = {"UU": ("Undang-Undang", "Law"), "PP": ("Peraturan Pemerintah", "Government Regulation")}

# --- units ---------------------------------------------------------------------------
# Unit kind -> forms (id, template). {n} the unit's number, {a} ayat / an article's
# paragraph, {h} huruf / a sub-paragraph letter, {m} the next number (ranges, lists),
# {m2} the one after. A form with {doc} puts the document name itself.
UNIT_FORMS: dict[str, list[tuple[str, str]]] = {
    "pasal": [
        ("canon", "Pasal {n}"),
        ("lower", "pasal {n}"),
        ("psl", "Psl. {n}"),
        ("ps", "ps. {n}"),
        ("psl-nodot", "psl {n}"),
        ("article", "Article {n}"),
        ("art", "Art. {n}"),
        ("art-lower", "art {n}"),
        ("upper", "PASAL {n}"),
        ("pasal-glued", "Pasal{n}"),
    ],
    "pasal-ayat": [
        ("canon", "Pasal {n} ayat ({a})"),
        ("noparen", "pasal {n} ayat {a}"),
        ("paren", "Pasal {n} ({a})"),
        ("glued", "Pasal {n}({a})"),
        ("article", "Article {n}({a})"),
        ("article-paragraph", "Article {n} paragraph ({a})"),
        ("psl", "Psl. {n} ayat ({a})"),
        ("ay", "Pasal {n} ay. ({a})"),
        ("art-para", "art. {n} para. {a}"),
        ("ayat-first", "ayat ({a}) Pasal {n}"),
    ],
    "pasal-huruf": [
        ("canon", "Pasal {n} ayat ({a}) huruf {h}"),
        ("noparen", "pasal {n} ayat {a} huruf {h}"),
        ("paren-bare", "Pasal {n} ({a}) {h}"),
        ("paren-paren", "Pasal {n} ({a}) ({h})"),
        ("article", "article {n}({a})({h})"),
        ("article-letter", "Article {n} paragraph ({a}) letter {h}"),
        ("psl", "Psl. {n} ayat ({a}) huruf {h}"),
        ("hrf", "Pasal {n} ayat ({a}) hrf. {h}"),
        ("article-point", "Article {n} paragraph ({a}) point {h}"),
        ("huruf-first", "huruf {h} ayat ({a}) Pasal {n}"),
    ],
    "pasal-list": [
        ("dan", "Pasal {n} dan {m}"),
        ("dan-pasal", "Pasal {n} dan Pasal {m}"),
        ("sd", "Pasal {n} s.d. {m2}"),
        ("sampai", "Pasal {n} sampai dengan Pasal {m2}"),
        ("articles-and", "articles {n} and {m}"),
        ("arts-dash", "Arts. {n}-{m}"),
        ("comma-dan", "Pasal {n}, {m} dan {m2}"),
        ("pasal-pasal", "Pasal-pasal {n} dan {m}"),
    ],
    "penjelasan": [
        ("canon", "Penjelasan Pasal {n}"),
        ("atas", "penjelasan atas pasal {n}"),
        ("elucidation", "Elucidation of Article {n}"),
        ("explanation", "Explanation of Article {n}"),
        ("psl", "Penjelasan Psl. {n}"),
        ("upper", "PENJELASAN PASAL {n}"),
        ("elucidation-art", "elucidation of art. {n}"),
        ("pasal-penjelasan", "Pasal {n} (penjelasan)"),
    ],
    "penjelasan-umum": [
        ("canon", "Penjelasan Umum"),
        ("lower", "penjelasan umum"),
        ("general-elucidation", "General Elucidation"),
        ("general-explanation", "General Explanation"),
        ("i-umum", "Penjelasan I. Umum"),
        ("elucidation-general", "Elucidation, General"),
    ],
    "menimbang": [
        ("canon", "Menimbang"),
        ("konsiderans", "konsiderans"),
        ("konsiderans-menimbang", "Konsiderans Menimbang"),
        ("considering", "Considering"),
        ("considerations", "considerations"),
        ("bagian-menimbang", "bagian Menimbang"),
    ],
    "mengingat": [
        ("canon", "Mengingat"),
        ("lower", "mengingat"),
        ("legal-basis", "legal basis (Mengingat)"),
        ("observing", "Observing"),
        ("dasar-hukum", "dasar hukum Mengingat"),
        ("in-view-of", "In view of"),
    ],
    "para": [
        ("para-dot", "para. {n}"),
        ("para", "para {n}"),
        ("paragraph", "paragraph {n}"),
        ("paragraf", "paragraf {n}"),
        ("pilcrow", "¶ {n}"),
        ("pilcrow-glued", "¶{n}"),
        ("par-dot", "par. {n}"),
        ("para-cap", "Para. {n}"),
        ("paragraph-upper", "PARAGRAPH {n}"),
        ("alinea", "alinea {n}"),
        ("section-sign", "§ {n}"),
        ("pgf", "pgf. {n}"),
        ("point", "point {n}"),
        ("butir", "butir {n}"),
        ("poin", "poin {n}"),
        ("paragraph-no", "paragraph No. {n}"),
    ],
    "para-sub": [
        ("para-glued", "para. {n}({h})"),
        ("para-space", "para {n} ({h})"),
        ("paragraph", "paragraph {n}({h})"),
        ("paragraf", "paragraf {n} huruf {h}"),
        ("pilcrow", "¶ {n}({h})"),
        ("subpara", "subparagraph {n}({h})"),
    ],
    "para-list": [
        ("paras-dash", "paras. {n}–{m}"),
        ("paras-to", "paragraphs {n} to {m}"),
        ("paras-and", "paras {n} and {m}"),
        ("paragraf-dan", "paragraf {n} dan {m}"),
        ("paragraf-sampai", "paragraf {n} sampai {m2}"),
        ("pilcrows", "¶¶ {n}-{m}"),
        ("paras-comma", "paras. {n}, {m} and {m2}"),
        ("pp-dash", "pp. {n}-{m}"),
    ],
    "guidelines": [
        ("guidelines-para", "Guidelines para. {n}"),
        ("guideline-n", "Guideline {n}"),
        ("para-of-guidelines", "paragraph {n} of the Guidelines"),
        ("pedoman-paragraf", "Pedoman paragraf {n}"),
        ("guidelines-comma", "Guidelines, para {n}"),
        ("pedoman-angka", "Pedoman angka {n}"),
    ],
    "annex-para": [
        ("annex-para", "Annex para. {n}"),
        ("annex-comma", "Annex, paragraph {n}"),
        ("para-of-annex", "paragraph {n} of the Annex"),
        ("lampiran-paragraf", "Lampiran paragraf {n}"),
    ],
    "article": [
        ("canon", "Article {n}"),
        ("art-dot", "art. {n}"),
        ("art-cap", "Art {n}"),
        ("lower", "article {n}"),
        ("pasal", "Pasal {n}"),
        ("artikel", "artikel {n}"),
        ("upper", "ARTICLE {n}"),
        ("art-glued", "Art.{n}"),
        ("article-no", "Article No. {n}"),
        ("pasal-lower", "pasal {n}"),
    ],
    "article-sub": [
        ("canon", "Article {n}({a})"),
        ("space", "Article {n} ({a})"),
        ("paragraph", "Article {n}, paragraph {a}"),
        ("dotted", "Article {n}.{a}"),
        ("pasal-ayat", "Pasal {n} ayat ({a})"),
        ("art-para", "art. {n} para. {a}"),
        ("paragraph-of", "paragraph {a} of Article {n}"),
        ("art-glued", "art.{n}({a})"),
    ],
    "article-list": [
        ("and", "articles {n} and {m}"),
        ("arts-dash", "arts. {n}–{m}"),
        ("pasal-dan", "Pasal {n} dan {m}"),
        ("articles-to", "Articles {n} to {m2}"),
    ],
    "preamble": [
        ("canon", "Preamble"),
        ("lower", "preamble"),
        ("pembukaan", "Pembukaan"),
        ("mukadimah", "mukadimah"),
        ("preambul", "Preambul"),
        ("preambular", "preambular paragraphs"),
    ],
}

# Orders: how the unit ({u}) and the document ({d}) are put together.
ORDERS: list[tuple[str, str]] = [
    ("u-d", "{u} {d}"),
    ("d-u", "{d} {u}"),
    ("d-comma-u", "{d}, {u}"),
    ("u-of-d", "{u} of {d}"),
    ("u-of-the-d", "{u} of the {d}"),
    ("u-dari-d", "{u} dari {d}"),
    ("u-comma-d", "{u}, {d}"),
    ("u-paren-d", "{u} ({d})"),
    ("u-in-d", "{u} in {d}"),
    ("u-dalam-d", "{u} dalam {d}"),
    ("d-colon-u", "{d}: {u}"),
    ("u-under-d", "{u} under {d}"),
]

PAIR_TEMPLATES: list[tuple[str, str]] = [
    ("and", "{c1} and {c2}"),
    ("dan", "{c1} dan {c2}"),
    ("compare", "Compare {c1} with {c2}."),
    ("apa-beda", "Apa beda {c1} dengan {c2}?"),
    ("semicolon", "{c1}; {c2}"),
    ("vs", "{c1} vs. {c2}"),
    ("serta", "Jelaskan {c1} serta {c2}"),
    ("how-relate", "How does {c1} relate to {c2}?"),
]

STYLES = ["as-typed", "lower", "upper", "no-periods", "squeezed", "trailing-dot", "double-space", "title"]

TEMPLATES: list[tuple[str, str]] = [
    ("bare", "{c}"),
    ("bare-2", "{c}"),
    ("en-what-say", "What does {c} say?"),
    ("en-under", "Under {c}, what must the State do?"),
    ("en-quote", "Quote {c}."),
    ("en-text-of", "What is the text of {c}?"),
    ("en-explain", "Can you explain {c} on migrant workers?"),
    ("en-provide", "What does {c} provide regarding recruitment fees?"),
    ("id-apa-isi", "Apa isi {c}?"),
    ("id-jelaskan", "Jelaskan {c} tentang hak pekerja migran."),
    ("id-bunyi", "Bagaimana bunyi {c}?"),
    ("id-menurut", "Menurut {c}, apa kewajiban negara?"),
    ("id-kutip", "Tolong kutip {c}"),
    ("id-diatur", "Apa yang diatur dalam {c}?"),
]


def _split(forms: list, seed_key: str) -> dict[str, list]:
    """Tuning / held-out halves of a group of forms: shuffled with SPLIT_SEED and the group's
    name, first ceil(n/2) to tuning."""
    items = list(forms)
    random.Random(f"{SPLIT_SEED}:{seed_key}").shuffle(items)
    cut = math.ceil(len(items) / 2)
    return {"tune": items[:cut], "held": items[cut:]}


SPLIT = {
    "doc": {g: _split(f, "doc:" + g) for g, f in DOC_FORMS.items()},
    "unit": {k: _split(f, "unit:" + k) for k, f in UNIT_FORMS.items()},
    "order": _split(ORDERS, "order"),
    "style": _split(STYLES, "style"),
    "template": _split(TEMPLATES, "template"),
    "pair": _split(PAIR_TEMPLATES, "pair"),
}


# --- documents and their units -------------------------------------------------------


@dataclass
class DocInfo:
    id: str
    groups: list[str]
    values: dict[str, str]
    units: dict[str, list] = field(default_factory=lambda: defaultdict(list))  # kind -> [(unit, locator parts...)]


def _doc_infos(kb) -> list[DocInfo]:
    catalog = kb.catalog
    snap = kb.searcher().snapshot
    infos: dict[str, DocInfo] = {}
    for doc_id, rows in snap.units_by_doc.items():
        doc = catalog.find(doc_id)
        if doc is None:
            continue
        parent = catalog.find(doc.variant_of) if doc.variant_of else doc
        info = infos.get(parent.id)
        if info is None:
            info = infos[parent.id] = _describe(parent)
            if info is None:
                infos.pop(parent.id)
                continue
        for r in rows:
            unit = snap.units[r]
            _classify(info, unit)
    return [i for i in infos.values() if i is not None]


def _describe(doc) -> DocInfo | None:
    values: dict[str, str] = {}
    groups: list[str] = []
    if doc.id in _STATUTES:
        t, n, y = _STATUTES[doc.id]
        values.update(T=t, TL=_TYPE_NAMES[t][0], TE=_TYPE_NAMES[t][1], n=str(n), y=str(y))
        groups.append("statute")
        about = re.sub(r"\s*\(.*$", "", doc.title.split(" tentang ", 1)[1]) if " tentang " in doc.title else ""
        shorts = [a for a in doc.aliases if re.fullmatch(r"(?:UU|PP) [A-Z]{3,}", a)]
        if about and len(about) < 90:
            values["about"] = about
            values["short"] = shorts[0] if shorts else ""
            groups.append("statute-name")
    elif doc.family == "committee" and doc.symbol and "/GC/" in doc.symbol:
        m = re.match(r"CMW/C/GC/(\d+)", doc.symbol)
        values.update(n=m.group(1), sym=f"CMW/C/GC/{m.group(1)}", fullsym=doc.symbol)
        groups.append("gc")
        if "-" in doc.symbol:
            values["other"] = doc.symbol.split("-", 1)[1]
            groups.append("gc-joint")
    elif doc.id == "asean-consensus-2017":
        groups.append("consensus")
    elif doc.id == "asean-declaration-2007":
        groups.append("cebu")
    elif doc.id == "asean-declaration-2023":
        groups.append("labuan")
    elif doc.id == "ijepa-2007":
        groups.append("ijepa")
    else:
        return None
    return DocInfo(doc.id, groups, values)


_FINE = re.compile(r"^Pasal (\d+) ayat \((\d+)\)(?: huruf ([a-z]))?$")


def _classify(info: DocInfo, unit) -> None:
    name = unit.unit
    m = re.fullmatch(r"Pasal (\d+)", name)
    if m:
        info.units["pasal"].append({"unit": name, "n": m.group(1), "loc": name})
        for part in unit.parts:
            f = _FINE.match(part.locator)
            if f and f.group(1) == m.group(1):
                kind = "pasal-huruf" if f.group(3) else "pasal-ayat"
                info.units[kind].append({"unit": name, "n": f.group(1), "a": f.group(2), "h": f.group(3) or "",
                                         "loc": part.locator})
        return
    m = re.fullmatch(r"Penjelasan Pasal (\d+)", name)
    if m:
        info.units["penjelasan"].append({"unit": name, "n": m.group(1), "loc": name})
        return
    if name in ("Penjelasan Umum", "Menimbang", "Mengingat", "Preamble"):
        info.units[name.lower().replace(" ", "-")].append({"unit": name, "loc": name})
        return
    m = re.fullmatch(r"(Guidelines |Annex )?para (\d+)", name)
    if m:
        kind = {"Guidelines ": "guidelines", "Annex ": "annex-para"}.get(m.group(1) or "", "para")
        info.units[kind].append({"unit": name, "n": m.group(2), "loc": name, "prefix": m.group(1) or ""})
        if kind == "para":
            for part in unit.parts:
                p = re.fullmatch(r"para (\d+) \(([a-z])\)", part.locator)
                if p:
                    info.units["para-sub"].append({"unit": name, "n": p.group(1), "h": p.group(2), "loc": part.locator})
        return
    m = re.fullmatch(r"Article (\d+)", name)
    if m:
        info.units["article"].append({"unit": name, "n": m.group(1), "loc": name})
        for part in unit.parts:
            p = re.fullmatch(r"Article (\d+)\((\d+)\)", part.locator)
            if p:
                info.units["article-sub"].append({"unit": name, "n": p.group(1), "a": p.group(2), "loc": part.locator})


_LISTS = {"pasal-list": "pasal", "para-list": "para", "article-list": "article"}


def _list_targets(info: DocInfo, kind: str, form: str, rng: random.Random) -> dict | None:
    """A unit and its next one or two (ranges, lists): only numbers that exist."""
    base = _LISTS[kind]
    by_n = {int(u["n"]): u for u in info.units.get(base, [])}
    ns = sorted(by_n)
    rng.shuffle(ns)
    for n in ns:
        if n + 1 in by_n and n + 2 in by_n:
            span = 3 if "{m2}" in form else 2  # "n, m and m2" and "n s.d. m2" both name n..n+2
            names = [by_n[n + i]["unit"] for i in range(span)]
            return {"n": str(n), "m": str(n + 1), "m2": str(n + 2), "targets": names, "loc": names[0]}
    return None


@dataclass
class Case:
    half: str
    text: str
    doc: str
    targets: list[str]
    locator: str
    forms: dict[str, str]
    cited: str = ""  # the citation before it was put in a question template
    target_docs: list[str] = field(default_factory=list)  # per target (pairs); default: doc

    def target_pairs(self) -> list[tuple[str, str]]:
        docs = self.target_docs or [self.doc] * len(self.targets)
        return list(zip(docs, self.targets))


def _doc_name(info: DocInfo, form: str) -> str | None:
    try:
        out = form.format(**info.values)
    except KeyError:
        return None
    return out if out.strip() and "{" not in out else None


def _styled(text: str, style: str) -> str:
    if style == "lower":
        return text.lower()
    if style == "upper":
        return text.upper()
    if style == "no-periods":
        return text.replace(".", "")
    if style == "squeezed":
        return re.sub(r"(?<=[.,;:])\s+", "", text)
    if style == "trailing-dot":
        return text + "."
    if style == "double-space":
        return text.replace(" ", "  ")
    if style == "title":
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    return text


def generate(kb, half: str, per_form: int, seed: int = SAMPLE_SEED) -> list[Case]:
    """The cases of one half: for every form of every axis, `per_form` cases that use it,
    the other axes drawn (seeded) from the same half's forms."""
    infos = _doc_infos(kb)
    rng = random.Random(f"{seed}:{half}")
    unit_kinds = [k for k in UNIT_FORMS]
    cases: list[Case] = []

    def make(pinned: dict[str, tuple[str, str]] | None = None, kind: str | None = None,
             group: str | None = None) -> Case | None:
        pinned = pinned or {}
        for _attempt in range(40):
            k = kind or rng.choice(unit_kinds)
            cands = [i for i in infos if (i.units.get(_LISTS.get(k, k)) if k in _LISTS else i.units.get(k))
                     and (group is None or group in i.groups)]
            if not cands:
                if kind is not None and group is None:
                    return None
                continue
            info = rng.choice(cands)
            g = group if group else rng.choice(info.groups)
            dform = pinned.get("doc") or rng.choice(SPLIT["doc"][g][half])
            dname = _doc_name(info, dform[1])
            if dname is None:
                if group is not None:
                    return None
                continue
            uform = pinned.get("unit") or rng.choice(SPLIT["unit"][k][half])
            if k in _LISTS:
                u = _list_targets(info, k, uform[1], rng)
                if u is None:
                    continue
                targets = u["targets"]
            else:
                u = rng.choice(info.units[k])
                targets = [u["unit"]]
            uname = uform[1].format(n=u.get("n", ""), a=u.get("a", ""), h=u.get("h", ""), m=u.get("m", ""),
                                    m2=u.get("m2", ""))
            order = pinned.get("order") or rng.choice(SPLIT["order"][half])
            style = pinned.get("style") or rng.choice(SPLIT["style"][half])
            template = pinned.get("template") or rng.choice(SPLIT["template"][half])
            cit = order[1].format(u=uname, d=dname)
            text = template[1].format(c=_styled(cit, style if isinstance(style, str) else style[0]))
            st = style if isinstance(style, str) else style[0]
            return Case(half, text, info.id, targets, u["loc"],
                        {"doc": f"{g}:{dform[0]}", "unit": f"{k}:{uform[0]}", "order": order[0], "style": st,
                         "template": template[0]}, cited=cit)
        return None

    for g, halves in SPLIT["doc"].items():
        for dform in halves[half]:
            for _ in range(per_form):
                c = make({"doc": dform}, group=g)
                if c:
                    cases.append(c)
    for k, halves in SPLIT["unit"].items():
        for uform in halves[half]:
            for _ in range(per_form):
                c = make({"unit": uform}, kind=k)
                if c:
                    cases.append(c)
    for axis in ("order", "style", "template"):
        for form in SPLIT[axis][half]:
            for _ in range(per_form):
                c = make({axis: form})
                if c:
                    cases.append(c)
    # Two citations in one text, each with its own document (added in round 2, split
    # the same way): every cited unit must be found, the first one first.
    for form in SPLIT["pair"][half]:
        for _ in range(per_form):
            a, b = make({"template": ("bare", "{c}")}), make({"template": ("bare", "{c}")})
            if a is None or b is None or (a.doc, a.targets[0]) == (b.doc, b.targets[0]):
                continue
            cases.append(Case(half, form[1].format(c1=a.cited, c2=b.cited), a.doc, [a.targets[0], b.targets[0]],
                              a.locator, {"pair": form[0], "doc": a.forms["doc"], "unit": a.forms["unit"]},
                              target_docs=[a.doc, b.doc]))
    return cases


# --- measuring -----------------------------------------------------------------------


def _same(hit, doc_id: str, unit: str, catalog) -> bool:
    d = hit.unit.doc_id
    doc = catalog.find(d)
    parent = doc.variant_of if doc is not None and doc.variant_of else d
    return parent == doc_id and hit.unit.unit in (unit, *_alt(unit))


def _alt(unit: str) -> tuple[str, ...]:
    from kb.citations import alternate_unit_names

    return tuple(alternate_unit_names(unit))


def measure(kb, cases: list[Case], ask_every: int) -> list[dict]:
    from kb.errors import KbError

    out = []
    catalog = kb.catalog
    for i, case in enumerate(cases):
        row = {"text": case.text, "doc": case.doc, "targets": case.targets, "locator": case.locator,
               "forms": case.forms, "half": case.half}
        try:
            res = kb.search(case.text, k=10)
            hits = res.hits
            ranks = []
            for d, t in case.target_pairs():
                r = next((h.rank for h in hits if _same(h, d, t, catalog)), None)
                ranks.append(r)
            row["rank"] = ranks[0]
            row["r1"] = ranks[0] == 1
            row["found10"] = all(r is not None for r in ranks)
            first = hits[0] if hits else None
            row["first"] = f"{first.unit.doc_id} {first.locator}" if first else None
            row["wrong"] = bool(first and first.exact and not any(_same(first, d, t, catalog) for d, t in case.target_pairs()))
            row["locator_ok"] = bool(first and first.exact and row["r1"] and
                                     (first.locator or "").replace(" (", "(") == case.locator.replace(" (", "("))
            row["error"] = None
        except KbError as e:
            row.update(rank=None, r1=False, found10=False, wrong=False, locator_ok=False, first=None,
                       error=f"KbError: {e}")
        except Exception as e:  # noqa: BLE001 - a traceback is what this bench counts
            row.update(rank=None, r1=False, found10=False, wrong=False, locator_ok=False, first=None,
                       error=f"TRACEBACK {type(e).__name__}: {e} | {traceback.format_exc(limit=2)[-300:]}")
        if ask_every and i % ask_every == 0:
            try:
                ans = kb.ask(case.text)
                q = ans.quotes
                src = ans.source(q[0].source) if q else None
                row["ask_first"] = bool(src and src.doc_id and _src_same(src, case, catalog))
                row["ask_error"] = None
            except KbError as e:
                row["ask_first"], row["ask_error"] = False, f"KbError: {e}"
            except Exception as e:  # noqa: BLE001
                row["ask_first"], row["ask_error"] = False, f"TRACEBACK {type(e).__name__}: {e}"
        out.append(row)
    return out


def _src_same(src, case: Case, catalog) -> bool:
    doc = catalog.find(src.doc_id)
    parent = doc.variant_of if doc is not None and doc.variant_of else src.doc_id
    return parent == case.doc and src.unit in (case.targets[0], *_alt(case.targets[0]))


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    asked = [r for r in rows if "ask_first" in r]
    return {
        "cases": n,
        "R@1": round(sum(r["r1"] for r in rows) / max(1, n), 3),
        "found@10": round(sum(r["found10"] for r in rows) / max(1, n), 3),
        "locator": round(sum(r["locator_ok"] for r in rows) / max(1, n), 3),
        "wrong": sum(r["wrong"] for r in rows),
        "kb_errors": sum(1 for r in rows if r["error"] and r["error"].startswith("KbError")),
        "tracebacks": sum(1 for r in rows if r["error"] and r["error"].startswith("TRACEBACK"))
        + sum(1 for r in asked if (r.get("ask_error") or "").startswith("TRACEBACK")),
        "asked": len(asked),
        "ask_first": round(sum(r["ask_first"] for r in asked) / max(1, len(asked)), 3),
        "ask_kb_errors": sum(1 for r in asked if (r.get("ask_error") or "").startswith("KbError")),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", required=False, help="a full-mirror kb home (indexed)")
    ap.add_argument("--per-form", type=int, default=3, help="cases per form per axis (default 3)")
    ap.add_argument("--ask", type=int, default=4, help="run kb ask on every Nth case (0: never; default 4)")
    ap.add_argument("--failures", type=int, default=0, help="print up to N failing cases per half")
    ap.add_argument("--by-form", action="store_true", help="print R@1/found@10 per form")
    ap.add_argument("--seed", type=int, default=SAMPLE_SEED, help="seed of the unit sample (the split of forms never changes)")
    ap.add_argument("--half", choices=("tune", "held", "both"), default="both")
    ap.add_argument("--show-split", action="store_true", help="print the split of forms and exit")
    ap.add_argument("--out", default=None, help="write every case and its result as JSON here")
    args = ap.parse_args(argv)
    if args.show_split:
        print(json.dumps({axis: ({g: {h: [f[0] if isinstance(f, tuple) else f for f in v] for h, v in d.items()}
                                  for g, d in s.items()} if axis in ("doc", "unit")
                                 else {h: [f[0] if isinstance(f, tuple) else f for f in v] for h, v in s.items()})
                          for axis, s in SPLIT.items()}, indent=1))
        return 0
    if not args.home:
        ap.error("--home is required")
    from kb import KnowledgeBase

    kb = KnowledgeBase.open(home=args.home)
    halves = ("tune", "held") if args.half == "both" else (args.half,)
    results = {}
    all_rows = []
    for half in halves:
        t0 = time.time()
        cases = generate(kb, half, args.per_form, seed=args.seed)
        rows = measure(kb, cases, args.ask)
        all_rows += rows
        results[half] = summarise(rows)
        results[half]["seconds"] = round(time.time() - t0, 1)
        if args.by_form:
            per: dict[str, list[dict]] = defaultdict(list)
            for r in rows:
                for axis, f in r["forms"].items():
                    per[f"{axis} {f}"].append(r)
            print(f"== {half}: per form (cases, R@1, found@10)")
            for key in sorted(per):
                rs = per[key]
                bad = sum(not r["r1"] for r in rs)
                print(f"  {key:48s} {len(rs):3d}  {sum(r['r1'] for r in rs) / len(rs):.2f}  "
                      f"{sum(r['found10'] for r in rs) / len(rs):.2f}{'  <' if bad else ''}")
        if args.failures:
            bad = [r for r in rows if not r["r1"] or r["error"] or r.get("ask_first") is False]
            print(f"== {half}: {len(bad)} failing cases (first {args.failures})")
            for r in bad[: args.failures]:
                print(f"  {r['text']!r} -> want {r['doc']} {r['targets']} ({r['locator']}); rank {r['rank']}, "
                      f"first {r['first']}{' WRONG' if r['wrong'] else ''}"
                      f"{'; ask-first ' + str(r.get('ask_first')) if 'ask_first' in r else ''}"
                      f"{'; ' + r['error'] if r['error'] else ''}{'; ask ' + r['ask_error'] if r.get('ask_error') else ''}")
    print(f"{'half':6s} {'cases':>5s} {'R@1':>6s} {'found@10':>8s} {'locator':>7s} {'wrong':>5s} {'kbErr':>5s} "
          f"{'trace':>5s} {'asked':>5s} {'ask-1st':>7s} {'secs':>5s}")
    for half, s in results.items():
        print(f"{half:6s} {s['cases']:5d} {s['R@1']:6.3f} {s['found@10']:8.3f} {s['locator']:7.3f} {s['wrong']:5d} "
              f"{s['kb_errors']:5d} {s['tracebacks']:5d} {s['asked']:5d} {s['ask_first']:7.3f} {s['seconds']:5.1f}")
    if args.out:
        Path(args.out).write_text(json.dumps({"summary": results, "cases": all_rows}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
