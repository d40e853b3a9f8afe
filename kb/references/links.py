"""`kb links CITATION`: a unit's explicit references, out and in, and — kept apart — the
most similar units of every other family.

Similarity goes through kb's public search: the unit's own words (heading and text) are
the query, one search per other family (`family=` filter), exact citation hits and the
unit itself skipped. The score is the search's fused score (0-1, relative within that
query), so it ranks, it does not measure. Shared terms are the content words both texts
have (same language, by stem) and the glossary concepts both name (across languages:
"biaya penempatan" / "recruitment fees").
"""

from __future__ import annotations
from ..validate import shown_citation

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..citations import CitationResolver, format_citation
from ..errors import CitationError
from ..lang import STOPWORDS, analyze, tokenize
from ..lang.glossary import default_glossary
from ..models import FAMILIES, Unit
from .extract import Reference

PER_FAMILY = 3
# Words every unit of the domain shares: they say nothing about why two units relate.
_UBIQUITOUS = {
    "en": set(analyze("migrant worker workers member members family families state states party parties committee convention "
                      "article articles paragraph shall may right rights protection", "en")),
    "id": set(analyze("pekerja migran indonesia pasal ayat huruf undang negara pemerintah dimaksud sebagaimana hak "
                      "pelindungan perlindungan", "id")),
}



def target_citation(r: Reference) -> str:
    """How a reference's target is cited: "ICRMW, art. 21(2)", "ICCPR, art. 9(1)",
    "CMW/C/IDN/CO/1, para. 57 (e)", "UU No. 39 Tahun 2004, Pasal 5 ayat (1)"."""
    loc = r.target_locator or r.target_unit
    if not loc:
        return r.target_name
    if loc.startswith("Article "):
        loc = "art. " + loc[len("Article "):]
    elif loc.startswith("para "):
        loc = "para. " + loc[len("para "):]
    suffix = f"–{r.range_end.split()[-1]}" if r.range_end else ""
    if suffix and loc.startswith("art. "):
        loc = "arts. " + loc[len("art. "):]
    elif suffix and loc.startswith("para. "):
        loc = "paras. " + loc[len("para. "):]
    elif suffix and loc.startswith("Pasal "):
        suffix = f" sampai dengan {r.range_end}"
    return f"{r.target_name}, {loc}{suffix}"


@dataclass
class Related:
    """A unit of another family that resembles the asked unit (not a reference)."""

    family: str
    rank: int
    score: float
    citation: str
    doc_id: str
    unit: str
    shared_terms: list[str]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Links:
    """What `kb links` shows for one unit. `indexed` is False for a unit kb knows only by
    name (a Convention article while the Convention's text is absent): it then has
    incoming references but no text, so no outgoing ones and no similar units."""

    citation: str
    doc_id: str
    unit: str
    indexed: bool
    outgoing: list[Reference] = field(default_factory=list)
    incoming: list[Reference] = field(default_factory=list)
    related: dict[str, list[Related]] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)  # source unit key -> its citation
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `kb links --json` shape (documented in the README)."""
        return {
            "citation": self.citation,
            "doc_id": self.doc_id,
            "unit": self.unit,
            "indexed": self.indexed,
            "outgoing": [
                {"text": r.text, "where": r.where, "kind": r.kind, "target": target_citation(r),
                 "target_doc": r.target_doc, "target_unit": r.target_unit, "target_locator": r.target_locator,
                 "range_end": r.range_end, "resolved": r.resolved}
                for r in self.outgoing
            ],
            "incoming": [
                {"citation": self.citations.get(r.source, r.source), "doc_id": r.source_doc, "unit": r.source_unit,
                 "text": r.text, "where": r.where, "kind": r.kind, "target_locator": r.target_locator,
                 "range_end": r.range_end}
                for r in self.incoming
            ],
            "related": {fam: [x.to_dict() for x in items] for fam, items in self.related.items()},
            "note": self.note,
        }


def shared_terms(a: str, a_lang: str, b: str, b_lang: str, limit: int = 8) -> list[str]:
    """Words and glossary concepts two texts share, most frequent first."""
    out: list[str] = []
    glossary = default_glossary()
    ca = {id(c): c for c in glossary.expand(a, a_lang).concepts}
    cb = {id(c) for c in glossary.expand(b, b_lang).concepts}
    for key, concept in ca.items():
        structural = {t.lower() for t in concept.terms["en"]} & {"paragraph", "article", "letter", "point", "law", "regulation"}
        if key in cb and not structural:
            en = concept.terms["en"][0] if concept.terms["en"] else ""
            idn = concept.terms["id"][0] if concept.terms["id"] else ""
            out.append(f"{en} / {idn}" if a_lang != b_lang and en and idn else (en if a_lang == "en" else idn or en))
    if a_lang == b_lang:
        stops = STOPWORDS.get(a_lang, frozenset())
        sa = Counter(s for s in analyze(a, a_lang) if s not in _UBIQUITOUS.get(a_lang, set()) and len(s) > 3)
        sb = Counter(s for s in analyze(b, b_lang) if s not in _UBIQUITOUS.get(b_lang, set()) and len(s) > 3)
        surface: dict[str, str] = {}
        for tok in tokenize(b):
            if tok not in stops:
                surface.setdefault(analyze(tok, b_lang, keep_stopwords=True)[0] if analyze(tok, b_lang, keep_stopwords=True) else tok, tok)
        for stem, _n in sorted(((s, sa[s] + sb[s]) for s in sa.keys() & sb.keys()), key=lambda x: -x[1]):
            word = surface.get(stem, stem)
            if not word.isdigit() and word not in out:
                out.append(word)
    return out[:limit]


def resolve_unit(kb, citation: str) -> tuple[str, str, str | None, Unit | None]:
    """(doc id, unit, finest locator, the indexed Unit or None) of a citation. A unit kb
    knows only by name — a Convention article while the Convention is absent — gives
    Unit None. Raises CitationError when the citation names no unit, or one `kb show`
    refuses to read ("Pasal 6 bis", "huruf zz", "Pasal 3-1": were read as Pasal 6, 30, 3)."""
    from ..citations import unreadable_part

    bad = unreadable_part(citation or "")
    if bad:
        raise CitationError(bad)
    symbols = kb.reference_index().symbols if kb.has_index() else {}
    by_symbol = {s.upper(): d for d, s in symbols.items()}
    text = citation or ""
    doc_id = None
    for sym, d in by_symbol.items():
        if sym in text.upper():
            doc_id = d
            text = re.sub(re.escape(sym), " ", text, flags=re.IGNORECASE)
            break
    # the index's resolver also reads the units named by words ("IJEPA (2007), Conclusion")
    resolver = kb.searcher().resolver if kb.has_index() else CitationResolver(kb.catalog)
    cit = resolver.parse(text if doc_id is None else f"{kb.catalog.get(doc_id).citation} {text}")
    if doc_id is None:  # two citations side by side were read as units of one document (kb.api)
        from ..api import refuse_units_read_as_another_document

        refuse_units_read_as_another_document(resolver, kb.catalog, citation or "", cit)
    unknown = resolver.unknown_general_comment_message(citation or "")
    if unknown:  # "GC 9 para 1": said as `kb show` and `kb ask` say it
        raise CitationError(unknown)
    if cit is None or (cit.doc_id or doc_id) is None:
        raise CitationError(f"cannot tell which document {shown_citation(citation)} cites; name it, e.g. 'ICRMW art. 21', "
                            "'UU 18/2017 Pasal 30', 'CMW/C/GC/2 para 24'")
    doc_id = doc_id or cit.doc_id
    doc = kb.catalog.get(doc_id)
    if cit.unit is None:
        raise CitationError(f"{shown_citation(citation)} names {doc.citation} but no article, Pasal or paragraph of it")
    _one_unit(citation, doc, cit)
    unit = cit.unit
    if doc.family == "convention" and unit.startswith("Pasal "):
        unit = "Article " + unit.split()[1]
    refused: CitationError | None = None
    try:
        hit = kb.get(f"{doc.citation} {cit.locator or unit}") if kb.has_index() else None
    except CitationError as exc:
        hit, refused = None, exc
    if hit is not None and hit.unit.unit == unit:
        return doc.variant_of or doc.id, unit, cit.locator, hit.unit
    if doc.family == "convention" or doc.origin == "catalog" and not _present(kb, doc.id):
        from ..citations import CONVENTION_ARTICLES

        number = unit.split()[-1] if unit.startswith("Article ") else ""
        if doc.family == "convention" and number.isdigit() and not 1 <= int(number) <= CONVENTION_ARTICLES:
            raise CitationError(f"{format_citation(doc)} has no {unit}: the Convention has articles 1–{CONVENTION_ARTICLES}")
        return doc.variant_of or doc.id, unit, cit.locator, None
    if refused is not None:  # "Pasal 6 huruf zz": said as `kb show` says it (was "has no Pasal 6")
        raise refused
    raise CitationError(f"{format_citation(doc)} has no {unit} in the index (`kb show` lists what it has)")


def _one_unit(citation: str, doc, cit) -> None:
    """Refuse a citation that names several units where one is read (links, a brief's
    --cite): "Pasal 30 dan 31" and "Pasal 30-99999" were taken as Pasal 30 alone, the
    rest dropped without a word, while `kb show` shows or refuses every unit named."""
    names = list(dict.fromkeys(unit for unit, _locator in cit.units))
    if len(names) > 1:
        listed = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise CitationError(f"{shown_citation(citation)} names {len(names)} units of {doc.citation} ({listed}); name one at a time, "
                            f"e.g. {format_citation(doc, cit.locator or cit.unit)!r}")
    # units of other documents named beside it ("Pasal 5 UU 18/2017 dan Pasal 6 UU 6/2012"):
    # the first was linked and the others dropped without a word
    others = list(dict.fromkeys((d, u) for d, u, _locator in cit.targets))
    if len(others) > 1:
        raise CitationError(f"{shown_citation(citation)} names {len(others)} units of different documents; name one at a time, "
                            f"e.g. {format_citation(doc, cit.locator or cit.unit)!r}")


def cite(doc, locator: str, symbols: dict[str, str]) -> str:
    """A unit's citation; a committee document whose catalogue citation is not its UN
    symbol (one a user added) is cited by the symbol found in its text."""
    symbol = symbols.get(doc.id)
    if symbol and "/" not in doc.citation:
        from dataclasses import replace

        doc = replace(doc, citation=symbol)
    return format_citation(doc, locator)


def _present(kb, doc_id: str) -> bool:
    return kb.has_index() and doc_id in kb.searcher().snapshot.units_by_doc


def links(kb, citation: str, per_family: int = PER_FAMILY) -> Links:
    """The links of the unit `citation` names (see the module docstring). Raises
    CitationError for a citation that names no unit, IndexError_ without an index."""
    kb.require_index("no index yet: build it with `kb index`")
    doc_id, unit_name, locator, unit = resolve_unit(kb, citation)
    doc = kb.catalog.get(doc_id)
    index = kb.reference_index()
    out = Links(citation=cite(doc, locator or unit_name, index.symbols), doc_id=doc_id, unit=unit_name,
                indexed=unit is not None)
    out.incoming = index.incoming(doc_id, unit_name)
    if unit is not None:
        out.outgoing = index.outgoing(doc_id, unit_name)
    sources = {r.source for r in out.incoming}
    if sources and kb.has_index():
        snap = kb.searcher().snapshot
        for key in sources:
            pos = snap.unit_index.get(key)
            if pos is not None:
                u = snap.units[pos]
                src = kb.catalog.find(u.doc_id)
                if src is not None:
                    out.citations[key] = cite(kb.catalog.get(src.variant_of) if src.variant_of else src, u.unit, index.symbols)
    order = {d.id: i for i, d in enumerate(kb.catalog)}
    out.incoming.sort(key=lambda r: (order.get(r.source_doc, 1_000_000), _unit_order(r.source_unit), r.where != "text"))
    if unit is None:
        out.note = f"{doc.citation} is not in the library: its references are listed, similar units need its text"
        return out
    query = query_text(unit, out.outgoing)
    from ..validate import unreadable

    if not query.strip() or unreadable(query):  # a unit without words: nothing to search for
        return out
    others = [f for f in FAMILIES if f != doc.family]
    # One search over the other families first (one query embedding); a family it leaves
    # short gets a search of its own.
    hits_by_family: dict[str, list] = {f: [] for f in others}
    for hit in kb.search(query, k=12 * per_family, family=others).hits:
        hits_by_family[hit.document.family].append(hit)
    indexed_families = {kb.catalog.get(d).family for d in kb.searcher().snapshot.units_by_doc if d in kb.catalog}
    for family in others:
        if len(hits_by_family[family]) < per_family and family in indexed_families:
            hits_by_family[family] = list(kb.search(query, k=per_family + 2, family=family).hits)
        items: list[Related] = []
        for hit in hits_by_family[family]:
            if hit.exact or hit.unit.key == unit.key:
                continue
            items.append(Related(family, len(items) + 1, round(float(hit.score), 4),
                                 cite(hit.document, hit.locator or hit.unit.unit, index.symbols), hit.document.id,
                                 hit.unit.unit, shared_terms(query, unit.language, hit.unit.text, hit.unit.language),
                                 hit.unit.text[:300]))
            if len(items) >= per_family:
                break
        if items:
            out.related[family] = items
    return out


_STRUCTURAL = re.compile(
    r"\b(?:sebagaimana\s+dimaksud\s+(?:pada|dalam)|(?:ayat|huruf|angka)\s*\(?\s*\w{1,3}\s*\)?|"
    r"(?:paragraph|para\.|subparagraph)\s*\(?\d{1,3}\)?)|\(\s*(?:\d{1,3}|[a-z])\s*\)",
    re.IGNORECASE,
)


def query_text(unit: Unit, outgoing: list[Reference], limit: int = 1200) -> str:
    """The unit's words as a search query: its heading and text without the citations it
    makes and the numbering of its parts ("ayat (1)", "(b)"), which would match every
    unit that cites something rather than units on the same subject."""
    text = unit.text
    for r in sorted((r for r in outgoing if r.where == "text"), key=lambda r: -r.start):
        text = text[: r.start] + " " + text[r.end :]
    text = _STRUCTURAL.sub(" ", text)
    return re.sub(r"\s+", " ", " ".join([*unit.heading[-1:], text])).strip()[:limit]


def _unit_order(unit: str) -> tuple[str, int]:
    m = re.search(r"(\d+)", unit)
    return (unit.split()[0], int(m.group(1)) if m else 0)
