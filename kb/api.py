"""The public face of kb: one object that knows the catalogue, the library of texts and the
index, and answers questions. The CLI and any server call only this.

    from kb import KnowledgeBase
    kb = KnowledgeBase.open()
    for hit in kb.search("apakah majikan boleh menahan paspor PRT migran?", k=5):
        print(hit.citation, hit.score)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .catalog import Catalog
from .citations import CitationResolver, format_citation
from .config import Settings, load_settings
from .errors import CitationError, IndexError_
from .index.embedders import canonical_spec
from .models import Document, Unit
from .search import Filters, Hit, Searcher, SearchParams, SearchResult

if TYPE_CHECKING:
    from .answer import Answer
    from .brief import Brief
    from .index.build import BuildReport, Progress
    from .recs import Recommendation, Tracker
    from .references import ReferenceIndex
    from .references.links import Links
    from .sources import DocStatus, FetchResult, Library


class KnowledgeBase:
    def __init__(self, settings: Settings, params: SearchParams | None = None):
        self.settings = settings
        self.params = params
        self._catalog: Catalog | None = None
        self._searcher: Searcher | None = None
        self._references: tuple[str, "ReferenceIndex"] | None = None  # (generation, index)

    @classmethod
    def open(
        cls,
        home: str | os.PathLike | None = None,
        *,
        mirror: str | os.PathLike | None = None,
        chroma_url: str | None = None,
        embedder: str | None = None,
        params: SearchParams | None = None,
    ) -> "KnowledgeBase":
        """Settings come from kb.toml and KB_* environment variables; arguments override them."""
        return cls(load_settings(home=home, mirror=mirror, chroma_url=chroma_url, embedder=embedder), params)

    # --- documents ------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog.load(self.settings.catalog, self.settings.user_catalog)
        return self._catalog

    @property
    def library(self) -> "Library":
        from .sources import Library

        return Library(self.settings, self.catalog)

    def documents(self) -> list[Document]:
        return list(self.catalog)

    def status(self) -> list["DocStatus"]:
        return self.library.status()

    def fetch(self, ids: Iterable[str] | None = None, from_dir: str | os.PathLike | None = None,
              progress: Any = None, download: bool = True) -> list["FetchResult"]:
        return self.library.fetch(ids, from_dir=from_dir, progress=progress, download=download)

    def add(self, path: str | os.PathLike, *, id: str, title: str | None = None, family: str | None = None,
            language: str | None = None, citation: str | None = None, date: str | None = None,
            parties: Iterable[str] = (), status: str = "in force", url: str | None = None,
            jurisdiction: str | None = None) -> Document:
        """Add a user's own document (e.g. a bilateral MoU PDF) to the library.

        With the id of a catalogue document kb cannot download (most bilateral MoUs), the
        file becomes that document's local copy and the catalogue's facts apply."""
        shipped = self.catalog.find(id)
        if shipped is not None and shipped.origin == "catalog":
            self.library.supply(id, path)
            return shipped
        missing = [name for name, value in (("--title", title), ("--family", family), ("--language", language)) if not value]
        if missing:
            from .errors import CatalogError

            raise CatalogError(f"a new document needs {', '.join(missing)} (or use the id of a catalogue document)")
        doc = Document(
            id=id, title=title, citation=citation or title, family=family, language=language, date=date,
            parties=tuple(p.strip().upper() for p in parties if p.strip()), status=status, url=url,
            jurisdiction=jurisdiction, origin="user",
        )
        stored = self.library.add(path, doc)
        self._catalog = None
        return stored

    def remove(self, doc_id: str) -> Document:
        removed = self.library.remove(doc_id)
        self._catalog = None
        return removed

    # --- index ----------------------------------------------------------------------

    def index(self, *, rebuild: bool = False, wait: bool = True, progress: "Progress | None" = None,
              embedder: str | None = None) -> "BuildReport":
        from .index.build import Builder

        report = Builder(self.settings, self.catalog, self.library, progress).run(
            embedder_spec=embedder, rebuild=rebuild, wait=wait
        )
        self._searcher = None
        return report

    def has_index(self) -> bool:
        from .index.generation import current_generation

        return current_generation(self.settings.index_dir) is not None

    def ensure_index(self, progress: "Progress | None" = None) -> "BuildReport | None":
        """First use: import what the configured mirror holds, then build the index."""
        if self.has_index():
            return None
        if self.settings.mirror is not None and self.settings.mirror.exists():
            if progress is not None:
                progress.message(f"importing the corpus from {self.settings.mirror}")
            self.fetch(from_dir=None, download=False)
        return self.index(progress=progress)

    def unindexed(self) -> list[str]:
        """Documents in the library that the current index does not hold yet (cheap: a
        directory listing, no hashing), e.g. after `kb add` without `kb index`."""
        if not self.has_index():
            return []
        root = self.settings.library_dir
        try:
            stored = {p.name for p in root.iterdir() if (p / "meta.json").is_file()}
        except FileNotFoundError:
            return []
        indexed = set(self.searcher().snapshot.manifest.documents)
        return sorted(d for d in stored - indexed if d in self.catalog)

    def indexed_documents(self) -> list[Document]:
        """Catalogue documents the current index holds, variant copies included, in
        catalogue order; [] without an index. (What a brief or an answer can quote.)"""
        if not self.has_index():
            return []
        held = self.searcher().snapshot.units_by_doc
        return [d for d in self.catalog if d.id in held]

    def searcher(self) -> Searcher:
        """A searcher on the current index generation (reopened when a build publishes)."""
        from .index.snapshot import IndexSnapshot

        if self._searcher is None or not self._searcher.snapshot.is_current():
            snapshot = IndexSnapshot.open(self.settings.index_dir)
            built = snapshot.manifest.embedder.get("spec")
            if self.settings.embedder and canonical_spec(self.settings.embedder) != built:
                raise IndexError_(
                    f"the index was built with embedder {built} ({snapshot.manifest.embedder.get('dim')}-d); "
                    f"you asked for {canonical_spec(self.settings.embedder)}. Rebuild with "
                    "`kb index --rebuild`, or drop the embedder setting to search the index as it is"
                )
            params = self.params or SearchParams()
            self._searcher = Searcher(snapshot, self.catalog, params=params)
        return self._searcher

    # --- search ---------------------------------------------------------------------

    def search(self, query: str, k: int = 10, filters: Filters | None = None, **filter_args: Any) -> SearchResult:
        """Ranked units for a query; a query that is a citation ranks that unit first.

        Filters: family, doc, language (tuples or single values), in_force, date_from,
        date_to, party."""
        filters = filters or _filters(**filter_args)
        filters.validate(self.catalog)
        return self.searcher().search(query, k=k, filters=filters)

    def search_many(self, queries: Iterable[str], k: int = 10, filters: Filters | None = None) -> list[SearchResult]:
        searcher = self.searcher()
        filters = (filters or Filters()).validate(self.catalog)
        return [searcher.search(q, k=k, filters=filters) for q in queries]

    def get(self, citation: str) -> Hit:
        """The unit a citation names ("UU 18/2017 Pasal 30", "GC 2 para 24")."""
        resolver = CitationResolver(self.catalog)
        cit = resolver.parse(citation)
        if cit is None or cit.doc_id is None:
            raise CitationError(
                f"cannot tell which document {citation!r} cites; name it, e.g. 'UU 18/2017 Pasal 30', "
                "'CMW/C/GC/2 para 24', 'IJEPA art 94'"
            )
        doc = self.catalog.get(cit.doc_id)
        if cit.unit is None:
            raise CitationError(f"{citation!r} names {doc.citation} but no Pasal, paragraph or article of it")
        if self.has_index():
            hit = self.searcher().lookup(citation)
            if hit is not None:
                return hit
        units = self.units(doc.id, from_index=False)
        for u in units:
            if u.unit == cit.unit:
                return Hit(rank=1, score=1.0, unit=u, document=self.catalog.get(u.doc_id), locator=cit.locator, exact=True)
        names = [u.unit for u in units]
        raise CitationError(f"{format_citation(doc)} has no {cit.unit}; it has {_summarise(names)}")

    def units(self, doc_id: str, from_index: bool = True) -> list[Unit]:
        """A document's units (with its variants' extra units, e.g. an OCR copy's Penjelasan)."""
        doc = self.catalog.get(doc_id)
        ids = [doc.id, *[v.id for v in self.catalog.variants_of(doc.id)]]
        if from_index and self.has_index():
            snap = self.searcher().snapshot
            found = [snap.units[i] for d in ids for i in snap.units_by_doc.get(d, [])]
            if found:
                return found
        from .readers import read
        from .structure import parse_document

        out: list[Unit] = []
        library = self.library
        for d in ids:
            path = library.local_path(d)
            if path is None:
                if d == doc.id:
                    raise CitationError(f"{doc.citation} is not in the library yet: run `kb corpus fetch {doc.id}`")
                continue
            parsed = parse_document(self.catalog.get(d), read(path, max_bytes=self.settings.max_file_bytes))
            have = {u.unit for u in out}
            out.extend(u for u in parsed.units if u.unit not in have)
        return out

    # --- answers --------------------------------------------------------------------

    def ask(self, question: str, *, k: int = 8, filters: Filters | None = None, use_llm: bool = False,
            max_quotes: int = 5, **filter_args: Any) -> "Answer":
        """Answer a question with verbatim quotes and pinpoint citations, or decline with a
        reason (kb.answer). `k`: units read; filters as for `search`.

        Raises QuestionError (empty question, a language kb does not handle), UnitNotFound
        (a cited unit that does not exist), IndexError_ (no index yet), LLMError."""
        from .answer import answer_question, check_question

        question = check_question(question)  # before anything is opened: an empty question is refused at once
        filters = filters or _filters(**filter_args)
        filters.validate(self.catalog)
        searcher = self.searcher()
        return answer_question(question, searcher, k=k, filters=filters, use_llm=use_llm, max_quotes=max_quotes,
                               in_library=self.unindexed())

    # --- references, recommendations, follow-up (kb.references, kb.recs) -------------

    def reference_index(self) -> "ReferenceIndex":
        """The explicit references of the current index generation (stored by `kb index`)."""
        from .references import ReferenceIndex

        snapshot = self.searcher().snapshot
        if self._references is None or self._references[0] != snapshot.generation:
            index = ReferenceIndex.for_units(snapshot.dir, snapshot.units, self.catalog, self.library)
            self._references = (snapshot.generation, index)
        return self._references[1]

    def links(self, citation: str, per_family: int = 3) -> "Links":
        """A unit's references out and in, and its most similar units in every other
        family ("ICRMW art. 21" works without the Convention's text). CitationError if
        the citation names no unit."""
        from .references.links import links

        return links(self, citation, per_family=per_family)

    @property
    def tracker(self) -> "Tracker":
        """Follow-up state (SQLite under the home, kept across index rebuilds)."""
        from .recs.service import tracker_for

        return tracker_for(self.settings)

    def recommendations(self, doc: str | None = None, article: int | None = None, theme: str | None = None,
                        status: str | None = None, lead: str | None = None) -> list["Recommendation"]:
        """Recommendations of the indexed concluding observations (and questions of lists
        of issues), filtered, each with `.followup` and `.sub_followups` attached."""
        from .recs.service import RecFilters, list_recommendations

        return list_recommendations(self, RecFilters(doc=doc, article=article, theme=theme, status=status, lead=lead))

    def set_followup(self, citation: str, *, leads: list[str] | None = None, status: str | None = None,
                     note: str | None = None, action: str | None = None, due: str | None = None) -> "Recommendation":
        """Set lead institutions, status, a note or an action (with a due date) for the
        recommendation or sub-paragraph a citation names ("CMW/C/XYZ/CO/2, para. 21 (c)").
        Bad input raises KbError and changes nothing."""
        from .recs.service import set_followup

        return set_followup(self, citation, leads=leads, status=status, note=note, action=action, due=due)[0]

    def export_recommendations(self, path: str | os.PathLike, format: str | None = None, doc: str | None = None,
                               national: bool = True) -> int:
        """Write the implementation matrix (csv or xlsx); returns the number of rows.
        `national`: add, per recommendation, the national provisions it cites and the
        two most similar Pasal of national law."""
        from .recs.export import export_matrix

        return export_matrix(self, path, format=format, doc=doc, national=national)


    # --- briefs (kb.brief) ------------------------------------------------------------

    def brief(self, topic: str | None = None, *, articles: Iterable[int] = (), citations: Iterable[str] = (),
              recs: str | None = None, status: str | None = None, lead: str | None = None, theme: str | None = None,
              priority: bool = False, lang: str | None = None, date: str | None = None,
              progress: Any = None) -> "Brief":
        """A delegation brief: per issue (a recommendation of `recs` — filtered by status,
        lead, theme, `articles`, priority as in `recommendations` —, a Convention article,
        a citation, or the topic) the recommendation and its follow-up, the Convention,
        national law in force (repealed law as history), the Committee's general comments
        and earlier recommendations, regional and bilateral instruments, each quoted
        verbatim with a numbered source. `progress(done, total, issue)` is called after
        each issue. Write it with `kb.brief.write_brief(brief, path, format)`.

        Raises KbError when nothing is asked, a citation names no unit, the concluding
        observations are not indexed, or there is no index."""
        from .brief import BriefRequest, build_brief

        request = BriefRequest(topic=topic, articles=tuple(articles), citations=tuple(citations), recs=recs,
                               status=status, lead=lead, theme=theme, priority=priority, lang=lang, date=date)
        return build_brief(self, request, progress=progress)


def _filters(family=None, doc=None, language=None, in_force=False, date_from=None, date_to=None, party=None) -> Filters:
    def tup(v) -> tuple[str, ...]:
        if v is None:
            return ()
        return (v,) if isinstance(v, str) else tuple(v)

    return Filters(family=tup(family), doc=tup(doc), language=tup(language), in_force=bool(in_force),
                   date_from=date_from, date_to=date_to, party=tup(party))


def _summarise(names: list[str]) -> str:
    if len(names) <= 8:
        return ", ".join(names) or "no units"
    return ", ".join(names[:4]) + ", …, " + ", ".join(names[-3:]) + f" ({len(names)} units)"
