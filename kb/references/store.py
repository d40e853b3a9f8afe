"""References stored with each index generation, and looked up by citing or cited unit.

The build calls `write_references(gen_dir, units, catalog, library)` once per generation:
it writes `references.jsonl` (one Reference a line) and `references-meta.json` (the UN
symbols found in the texts of documents whose catalogue entry lacks one, e.g. a
concluding observation added with `kb add`). An index built before this existed has no
such file: `ReferenceIndex.for_units` extracts on the fly (a second or two).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Document, Unit
from .extract import DocumentNames, Extractor, Host, Reference, with_resolution

REFERENCES_FILE = "references.jsonl"
META_FILE = "references-meta.json"
FORMAT = 1

_DOC_SYMBOL = re.compile(r"\b(?:CMW|CCPR|CERD|CEDAW|CRC|CAT|CRPD|CED|E/C\.12)/C/[A-Z]{3}/(?:CO|QPR|Q|LOIPR)/\d+(?:-\d+)?\b")
_QPR = re.compile(r"/(?:QPR|LOIPR|Q)/(\d+)")


_STEM = re.compile(r"\b(CMW|CCPR|CERD|CEDAW|CRC|CAT|CRPD|CED|E/C\.12)/C/([A-Z]{3})/")
_ORDINALS = {"initial": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}
_TITLE = re.compile(
    r"(?P<kind>concluding\s+observations|list\s+of\s+issues(?:\s+prior\s+to\s+(?:submission|reporting))?)"
    r"[^\n]{0,60}?\b(?:(?:combined\s+)?(?P<first>initial|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:\s+(?:to|and)\s+(?P<last>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))?)\s+(?:periodic\s+)?reports?",
    re.IGNORECASE,
)


def document_symbol(doc: Document, text_head: str | None = None, furniture=(), any_un_symbol: bool = False) -> str | None:
    """The UN symbol of a committee document, in this order: the catalogue's (symbol, a
    symbol-shaped citation or alias); the masthead — the symbol printed before the
    document's title (the top line of every treaty-body document, e.g.
    "CMW/C/XYZ/CO/2"); else built from the title ("Concluding observations on the second
    periodic report of ...") and the State party's code in the symbols the text cites
    ("CMW/C/XYZ/2", "CMW/C/XYZ/QPR/2"). A symbol merely cited in the text (the list of
    issues a report answers) is never taken for the document's own.

    Treaty-body reports' symbols (CO, QPR, LOIPR) are read by default, as the index's
    references use them. With `any_un_symbol` (`kb add`), any UN symbol printed in the
    masthead or repeated by a PDF's running header (`furniture`: the reader's removed
    (kind, text, page) triples) counts too: "CMW/C/GC/1", "E/C.12/GC/23", "A/RES/68/4",
    "A/HRC/WG.6/99/XYZ/2" (kb.structure.titles.masthead_symbol)."""
    for name in (doc.symbol, doc.citation, *doc.aliases):
        if name:
            m = _DOC_SYMBOL.search(name)
            if m:
                return m.group(0)
    if not text_head:
        return None
    title = _TITLE.search(text_head) or _TITLE.search(doc.title or "")
    masthead = text_head[: title.start()] if title and title.string is text_head else text_head[:300]
    m = _DOC_SYMBOL.search(masthead)
    if m:
        return m.group(0)
    if any_un_symbol:
        from ..structure.titles import masthead_symbol

        found = masthead_symbol(text_head, furniture)
        if found:
            return found
    furniture = text_head.split("\n\x00furniture\n", 1)[1].split("\n\x00cited\n")[0] if "\n\x00furniture\n" in text_head else ""
    m = _DOC_SYMBOL.search(furniture)
    if m:
        return m.group(0)
    if title is None:
        return None
    stems = [f"{a}/C/{b}" for a, b in _STEM.findall(text_head)]
    if not stems:
        return None
    stem = max(set(stems), key=stems.count)
    kind = "CO" if title.group("kind").lower().startswith("concluding") else "QPR"
    first = _ORDINALS[title.group("first").lower()]
    last = _ORDINALS[title.group("last").lower()] if title.group("last") else None
    if kind == "QPR":  # a list of issues prior to reporting names the report to come
        return f"{stem}/QPR/{last or first}"
    return f"{stem}/CO/{first}-{last}" if last else f"{stem}/CO/{first}"


def _text_head(doc: Document, library) -> str | None:
    if library is None:
        return None
    try:
        path = library.local_path(doc.id)
        if path is None:
            return None
        from ..readers import read

        source = read(path)
        # a PDF's running header (the symbol on every page) is removed as furniture: keep
        # it; and the symbols cited anywhere give the State party's code
        furniture = "\n".join(text for _kind, text, _page in source.removed[:40])
        cited = " ".join(sorted({m.group(0) for m in _STEM.finditer(source.text)}))
        return source.text[:4000] + "\n\x00furniture\n" + furniture + "\n\x00cited\n" + cited
    except Exception:  # an unreadable file was reported by the build already
        return None


def found_symbols(documents: Iterable[Document], library=None) -> dict[str, str]:
    """doc id -> symbol for committee documents whose symbol is only in their text."""
    out = {}
    for doc in documents:
        if doc.family != "committee" or doc.variant_of:
            continue
        if document_symbol(doc) is None:
            sym = document_symbol(doc, _text_head(doc, library))
            if sym:
                out[doc.id] = sym
    return out


def extract_all(units: list[Unit], documents: Iterable[Document], symbols: dict[str, str] | None = None) -> list[Reference]:
    """Every reference in `units` (texts and footnotes), resolved against them."""
    docs = {d.id: d for d in documents}
    names = DocumentNames.from_documents(docs.values(), symbols)
    extractor = Extractor(names)
    all_symbols = {d.id: document_symbol(d) for d in docs.values()} | (symbols or {})
    refs: list[Reference] = []
    last_in_doc: dict[str, tuple[str | None, str] | None] = {}  # "Ibid." reaches back across paragraphs
    for unit in units:
        doc = docs.get(unit.doc_id)
        if doc is None:
            continue
        primary = doc.variant_of or doc.id
        host = Host(doc=doc, primary_id=primary, unit=unit.unit, symbol=all_symbols.get(primary))
        host.bare_paras_doc = _previous_report(host.symbol, names)
        found, _ = extractor.extract(unit.text, host, "text")
        refs.extend(found)
        last = last_in_doc.get(doc.id)
        for number, note in unit.footnotes:
            more, last = extractor.extract(note, host, f"footnote {number}", last)
            refs.extend(more)
        last_in_doc[doc.id] = last
    indexed_units = {u.key for u in units}
    for unit in units:  # a variant's units answer for its primary ("Penjelasan Pasal 5")
        doc = docs.get(unit.doc_id)
        if doc is not None and doc.variant_of:
            indexed_units.add(f"{doc.variant_of}::{unit.unit}")
    indexed_docs = {u.doc_id for u in units} | {docs[u.doc_id].variant_of for u in units if u.doc_id in docs and docs[u.doc_id].variant_of}
    return with_resolution(refs, indexed_units, indexed_docs)  # type: ignore[arg-type]


def _previous_report(symbol: str | None, names: DocumentNames) -> tuple[str | None, str] | None:
    """A list of issues prior to reporting cites the previous concluding observations
    by bare paragraph ("(para. 19)"): CMW/C/XYZ/QPR/2 -> CMW/C/XYZ/CO/1."""
    if not symbol:
        return None
    m = _QPR.search(symbol)
    if not m or int(m.group(1)) < 2:
        return None
    previous = symbol[: m.start()] + f"/CO/{int(m.group(1)) - 1}"
    doc_id = names.symbol_doc(previous)
    return doc_id, (names.docs[doc_id].citation if doc_id else previous)


def write_references(gen_dir: Path, units: list[Unit], catalog, library=None) -> int:
    """Extract and store the references of a generation's units; returns their number.

    Called by the index build before the generation is published, so a published index
    always carries its references."""
    docs = list(catalog)
    indexed = {u.doc_id for u in units}
    symbols = found_symbols([d for d in docs if d.id in indexed], library)
    refs = extract_all(units, docs, symbols)
    tmp = gen_dir / (REFERENCES_FILE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in refs:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    os.replace(tmp, gen_dir / REFERENCES_FILE)
    (gen_dir / META_FILE).write_text(json.dumps({"format": FORMAT, "symbols": symbols}, ensure_ascii=False), encoding="utf-8")
    return len(refs)


def read_references(gen_dir: Path) -> tuple[list[Reference], dict[str, str]] | None:
    """The stored references and found symbols of a generation, or None if it has none."""
    try:
        with open(gen_dir / REFERENCES_FILE, encoding="utf-8") as fh:
            refs = [Reference.from_dict(json.loads(line)) for line in fh if line.strip()]
        meta = json.loads((gen_dir / META_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return refs, dict(meta.get("symbols") or {})


@dataclass
class ReferenceIndex:
    """All references of one index generation, by citing unit and by cited unit."""

    references: list[Reference]
    symbols: dict[str, str]  # doc id -> UN symbol found in its text
    variants: dict[str, str] = field(default_factory=dict)  # variant copy id -> primary id

    @classmethod
    def for_units(cls, gen_dir: Path | None, units: list[Unit], catalog, library=None) -> "ReferenceIndex":
        """The generation's stored references, or (an index built before references were
        stored) the references extracted from its units now."""
        variants = {d.id: d.variant_of for d in catalog if d.variant_of}
        stored = read_references(gen_dir) if gen_dir is not None else None
        if stored is not None:
            return cls(*stored, variants=variants)
        indexed = {u.doc_id for u in units}
        symbols = found_symbols([d for d in catalog if d.id in indexed], library)
        return cls(extract_all(units, list(catalog), symbols), symbols, variants)

    def outgoing(self, doc_id: str, unit: str) -> list[Reference]:
        """References made by one unit (of `doc_id` or a variant copy of it)."""
        return [r for r in self.references if r.source_unit == unit and (r.source_doc == doc_id or self._variant(r.source_doc, doc_id))]

    def incoming(self, doc_id: str, unit: str) -> list[Reference]:
        """References to one unit: exact, to a finer part of it, or by a range covering it
        ("arts. 8–35" cites article 21)."""
        m = re.fullmatch(r"(?:Penjelasan )?(Article|Pasal|para) (\d+)[A-Z]?", unit)
        out = []
        for r in self.references:
            if r.target_doc != doc_id:
                continue
            if r.target_unit == unit:
                out.append(r)
            elif m and r.range_end and r.target_unit and r.target_unit.split()[0] == m.group(1) and r.covers(int(m.group(2))):
                out.append(r)
        return out

    def to_document(self, doc_id: str) -> list[Reference]:
        return [r for r in self.references if r.target_doc == doc_id]

    def _variant(self, source_doc: str, doc_id: str) -> bool:
        return self.variants.get(source_doc) == doc_id  # e.g. uu-18-2017-ocr for uu-18-2017
