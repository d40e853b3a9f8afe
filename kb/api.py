"""The public face of kb: one object that knows the catalogue, the library of texts and the
index, and answers questions. The CLI and any server call only this.

    from kb import KnowledgeBase
    kb = KnowledgeBase.open()
    for hit in kb.search("apakah majikan boleh menahan paspor PRT migran?", k=5):
        print(hit.citation, hit.score)
"""

from __future__ import annotations
from .validate import shown_citation

import os
from collections.abc import Iterable, Sized
from typing import TYPE_CHECKING, Any

from .catalog import Catalog
from .citations import CitationResolver, format_citation, summarise_units
from .config import Settings, load_settings
from .errors import AmbiguousCitation, CitationError, IndexError_, InputError, InvalidCitation, KbError
from .index.embedders import canonical_spec
from .models import Document, ParsedDocument, Unit
from .search import Filters, Hit, Searcher, SearchParams, SearchResult

# What the first `kb ask` on a fresh clone costs (bench/speed.py and by hand, 2026-11-30: 4.9-32.2 s
# on 2 cores shared with other work, load average 3-14; the install of kb itself is not
# included).
FIRST_USE_TIME = "5-35 seconds on 2 cores"

# The types the signatures below name are read through the `kb` package ("kb.Answer"), which
# imports each on first use: typing.get_type_hints(KnowledgeBase.ask) resolves them (it
# raised NameError for names imported only for type checkers) while `import kb.api` (every
# kb command) imports none of their modules (~0.4 s more on 2 cores).
import kb  # noqa: E402 - the package itself, already imported: binds the name only

if TYPE_CHECKING:
    from .answer import Answer
    from .structure.audit import Audit
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
        """Settings come from kb.toml and KB_* environment variables; arguments override them.
        An argument of the wrong type (`embedder=5`, `params=5`) raises InputError here, not
        an AttributeError at the first search."""
        from . import validate

        validate.optional_text(embedder, "embedder")
        if params is not None and not isinstance(params, SearchParams):
            raise InputError(f"params must be a kb.search.SearchParams, not {type(params).__name__}")
        return cls(load_settings(home=home, mirror=mirror, chroma_url=chroma_url, embedder=embedder), params)

    # --- documents ------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        catalog = self._catalog  # one read: another thread may reset it (see searcher())
        if catalog is None:
            catalog = self._catalog = Catalog.load(self.settings.catalog, self.settings.user_catalog)
        return catalog

    @property
    def library(self) -> "kb.Library":
        from .sources import Library

        return Library(self.settings, self.catalog)

    def _writer(self, wait: bool, on_wait: Any) -> "kb.Library":
        """The library for a command that changes it: waits for another writer (telling
        `on_wait`), or with wait=False fails at once (kb.sources.Library)."""
        from . import validate
        from .sources import Library

        validate.progress_argument(on_wait, "on_wait")
        return Library(self.settings, self.catalog, wait=wait, on_wait=on_wait)

    def documents(self) -> list[Document]:
        return list(self.catalog)

    def status(self) -> list["kb.DocStatus"]:
        return self.library.status()

    def fetch(self, ids: Iterable[str] | None = None, from_dir: str | os.PathLike | None = None,
              progress: Any = None, download: bool = True, *, wait: bool = True,
              on_wait: Any = None) -> list["kb.FetchResult"]:
        """Bring catalogue documents into the library (kb.sources.Library.fetch). Another
        kb process changing the library is waited for (wait=False: fail at once). `ids` is a
        list of ids, or one id as text."""
        from . import validate

        if ids is not None:
            ids = validate.text_list(ids, "ids (document ids to fetch)")
        if from_dir is not None:
            from_dir = validate.path_argument(from_dir, "from_dir")
        validate.flag(download, "download")
        validate.flag(wait, "wait")
        validate.progress_argument(progress, "progress")
        return self._writer(wait, on_wait).fetch(ids, from_dir=from_dir, progress=progress, download=download)

    def add(self, path: str | os.PathLike, *, id: str, title: str | None = None, family: str | None = None,
            language: str | None = None, citation: str | None = None, date: str | None = None,
            parties: Iterable[str] = (), status: str | None = None, url: str | None = None,
            jurisdiction: str | None = None, wait: bool = True, on_wait: Any = None) -> Document:
        """Add a user's own document (e.g. a bilateral MoU PDF) to the library.

        With the id of a catalogue document kb cannot download (most bilateral MoUs), the
        file becomes that document's local copy and the catalogue's facts apply. Every
        value is checked (kb.validate: the id grammar, a calendar date, an http(s) URL,
        one-line title and citation, party codes); a bad one raises a KbError and nothing
        is stored. Without `status`, a committee or regional document (concluding
        observations, general comments, declarations) is "adopted", any other "in force",
        as the catalogue records them. Without `title` (or with only the file's own name
        as one, "co.pdf" or "co": then kept as an alias), the document is titled by what
        its text prints (kb.structure.titles.printed_title: a regulation's heading, a UN
        masthead's title line, a treaty's first heading); CatalogError naming --title when
        it prints none kb reads, and nothing is stored. Without `citation`, a committee
        document is cited by the UN symbol its masthead (or running header) prints and an
        Indonesian regulation by the kind and number its heading prints ("UU No. 13 Tahun
        2003"; its year is its date when `date` is not given), else by its title. Another
        kb process adding or removing documents at the same time is waited for (wait=False:
        fail at once), and its change is kept."""
        from . import validate

        validate.document_id(id)
        path = validate.path_argument(path, "path (the file to add)")
        for name, value in (("title", title), ("family", family), ("language", language), ("citation", citation),
                            ("date", date), ("status", status), ("url", url), ("jurisdiction", jurisdiction)):
            validate.optional_text(value, name)
        parties = validate.text_list(parties, "parties")
        validate.flag(wait, "wait")
        _check_input_exists(path)  # said first: "no such file", not what else is missing
        shipped = self.catalog.find(id)
        if shipped is not None and shipped.origin == "catalog":
            self._writer(wait, on_wait).supply(id, path)
            return shipped
        if shipped is not None:
            from .errors import CatalogError

            raise CatalogError(f"document id {id!r} already exists in your added documents; `kb remove {id}` first "
                               "to replace its file, or choose another --id")
        missing = [name for name, value in (("--family", family), ("--language", language)) if not value]
        if missing:
            from .errors import CatalogError

            also = "" if title else "; and --title if its text prints no title kb reads"
            raise CatalogError(f"a new document needs {', '.join(missing)}{also} (or use the id of a catalogue document)")
        file_name = None
        if title is not None and _is_file_name(title, path):
            file_name, title = title.strip(), None  # "--title co.pdf": not a title; kept as an alias
        placeholder = title or file_name or _shown_file_name(path, id)  # until the text's title is read
        doc = Document(
            id=id, title=placeholder, citation=citation or placeholder, family=family, language=language, date=date,
            parties=tuple(dict.fromkeys(validate.party_code(p) for p in parties if p.strip())),
            status=status or _DEFAULT_STATUS.get(family, "in force"), url=url,
            jurisdiction=jurisdiction, origin="user", aliases=(file_name,) if file_name else (),
        )
        if title is not None or citation is not None:
            _refuse_taken_citation(self.catalog, doc)
        steps = [] if title is not None else [_with_printed_title(self.catalog, citation_given=citation is not None)]
        if family == "committee":
            steps.append(_with_printed_symbol(self.catalog, citation_given=citation is not None))
        elif family == "national-law":
            steps.append(_with_own_number(self.catalog, citation_given=citation is not None, date_given=date is not None))
        stored = self._writer(wait, on_wait).add(path, doc, describe=_in_turn(steps) if steps else None)
        self._catalog = None
        return stored

    def accept_edit(self, doc_id: str) -> str:
        """Accept the hand-edited library file of a document as its copy (`kb corpus
        accept`); returns its new sha256. Raises CatalogError for an unknown id,
        CitationError when the document is not in the library (both were "its library file
        is as kb stored it"), SourceError when the file was not edited."""
        from . import validate

        doc = self.catalog.get(validate.document_id(doc_id))
        if doc.id not in self.library_documents():
            raise CitationError(_not_in_library(doc))
        return self.library.accept_edit(doc.id)

    def remove(self, doc_id: str, *, wait: bool = True, on_wait: Any = None) -> Document:
        """Remove a document you added (its entry and its file), or the copy of a
        catalogue document you gave with `add` (its entry stays); waits for another
        writer. CatalogError for an official copy or when there is nothing to remove."""
        from . import validate

        validate.flag(wait, "wait")
        removed = self._writer(wait, on_wait).remove(doc_id)
        self._catalog = None
        return removed

    # --- index ----------------------------------------------------------------------

    def index(self, *, rebuild: bool = False, wait: bool = True, progress: "kb.Progress | None" = None,
              embedder: str | None = None) -> "kb.BuildReport":
        from . import validate
        from .index.build import Builder

        validate.flag(rebuild, "rebuild")
        validate.flag(wait, "wait")
        validate.optional_text(embedder, "embedder")
        validate.progress_argument(progress, "progress", ("message", "document", "embedded"))
        report = Builder(self.settings, self.catalog, self.library, progress).run(
            embedder_spec=embedder, rebuild=rebuild, wait=wait
        )
        self._searcher = None
        return report

    def has_index(self) -> bool:
        """Is there a published index generation (CURRENT names one with a manifest)?"""
        from .index.generation import current_generation

        return current_generation(self.settings.index_dir) is not None

    def require_index(self, missing: str) -> None:
        """Raise unless there is a published index: IndexError_(`missing`) when none was
        built, IndexDamaged when CURRENT is damaged (`kb links`, `kb brief` and `kb recs`
        said "no index yet" of a damaged index that `kb search` said to repair)."""
        from .index.snapshot import published_generation

        published_generation(self.settings.index_dir, missing)

    def library_documents(self) -> list[str]:
        """Ids of the documents stored in the library (a directory listing, no hashing)."""
        root = self.settings.library_dir
        try:
            return sorted(p.name for p in root.iterdir() if (p / "meta.json").is_file())
        except (FileNotFoundError, NotADirectoryError):
            return []

    def ensure_index(self, progress: "kb.Progress | None" = None) -> "kb.BuildReport | None":
        """Make sure there is an index to search; None when there is one already.

        First use runs only on an EMPTY home (no document in the library, no index
        generation): it imports what the configured mirror holds, then builds the index
        (5-35 seconds with the vectors shipped with kb). A home with documents but no
        index yet gets its index built from those documents, nothing imported. A home
        whose index exists but cannot be opened (CURRENT missing or damaged) is left as it
        is: IndexDamaged says to run `kb index`, which restores it without deleting
        anything intact."""
        from . import validate
        from .index.generation import generations
        from .index.snapshot import IndexSnapshot

        validate.progress_argument(progress, "progress", ("message", "document", "embedded"))
        if self.has_index():
            return None
        if generations(self.settings.index_dir):
            IndexSnapshot.open(self.settings.index_dir)  # raises IndexDamaged with the fix
        stored = self.library_documents()
        if stored:
            if progress is not None:
                progress.message(f"no index yet: building it from the {len(stored)} documents in your library "
                                 "(nothing is imported)")
            return self.index(progress=progress)
        mirror = self.settings.mirror
        if mirror is not None and mirror.exists() and not mirror.is_dir():
            # a file: nothing was imported and the build then said "no documents to index", not why
            raise IndexError_(f"no documents to index, and the corpus mirror {mirror} (kb.toml 'mirror' or "
                              "KB_MIRROR) is a file, not a folder: point it at the mirror's folder (with "
                              "manifest.json), or fetch (`kb corpus fetch`) or add (`kb add FILE ...`) documents first")
        if self.settings.mirror is not None and self.settings.mirror.exists():
            if progress is not None:
                progress.message(f"first use: importing the corpus from {self.settings.mirror} and building the index "
                                 f"({FIRST_USE_TIME}, once)")
            self.fetch(from_dir=None, download=False)
            if not self.library_documents():  # a folder holding none of the catalogue's files
                raise IndexError_(f"no documents to index: the corpus mirror {mirror} (kb.toml 'mirror' or KB_MIRROR) "
                                  "holds none of the catalogue's documents; point it at the mirror's folder (with "
                                  "manifest.json), or fetch (`kb corpus fetch`) or add (`kb add FILE ...`) documents")
        elif self.settings.mirror is not None:
            # the first use found no mirror where kb.toml / KB_MIRROR point: say where it looked
            raise IndexError_(f"no documents to index and no corpus mirror at {self.settings.mirror} (kb.toml "
                              "'mirror' or KB_MIRROR): point it at the mirror's folder (with manifest.json), or "
                              "fetch (`kb corpus fetch`) or add (`kb add FILE ...`) documents first")
        return self.index(progress=progress)

    def unindexed(self) -> list[str]:
        """Documents in the library that the current index does not hold yet (cheap: a
        directory listing, no hashing), e.g. after `kb add` without `kb index`."""
        if not self.has_index():
            return []
        stored = set(self.library_documents())
        indexed = set(self.searcher().snapshot.manifest.documents)
        # a document whose record is damaged is not "not indexed yet": `kb index` cannot
        # index it (its own note says so: `damaged_records`)
        return sorted(d for d in stored - indexed if d in self.catalog and self.library.damaged_record(d) is None)

    def damaged_records(self) -> list[str]:
        """Documents of the library whose record (meta.json) is missing or unreadable and that
        the current index does not hold: `kb index` cannot index them until it is restored."""
        if not self.has_index():
            return []
        root = self.settings.library_dir
        try:
            folders = sorted(p.name for p in root.iterdir() if p.is_dir())
        except OSError:
            return []
        indexed = set(self.searcher().snapshot.manifest.documents)
        return [d for d in folders if d in self.catalog and d not in indexed and self.library.damaged_record(d)]

    def index_notes(self, lang: str = "en") -> list[str]:
        """One-line notes for the person searching (not errors): documents not indexed yet,
        a Chroma URL the index does not use, an index grown past the embedded store. The
        first three in `lang` ("en" or "id": the search's, kb.search.notes); the rest, about
        the set-up of a server, in English."""
        if not self.has_index():
            return []
        from .index.store import handover_note
        from .search.notes import note

        def listed(ids: list[str]) -> str:
            more = note("and-more", lang, n=len(ids) - 3) if len(ids) > 3 else ""
            return f"{', '.join(ids[:3])}{more}"

        notes = []
        missing = self.unindexed()
        if missing:
            notes.append(note("index-unindexed", lang, documents=listed(missing)))
        damaged = self.damaged_records()
        if damaged:
            notes.append(note("index-damaged", lang, documents=listed(damaged)))
        manifest = self.searcher().snapshot.manifest
        stale = older_build(manifest)
        if stale:
            notes.append(note("index-older", lang, built=stale))
        store = manifest.vector_store
        url = self.settings.chroma_url
        if url and store.get("kind") != "http":
            notes.append(f"the Chroma server {url} is not used: this index keeps its vectors in the home (built "
                         "without a server); run `kb index` with the same setting to move them there")
        elif url and store.get("url") != url:
            notes.append(f"the Chroma server {url} is not used: this index's vectors are on {store.get('url')}; "
                         "run `kb index` with the new setting to move them")
        note = handover_note(int(manifest.counts.get("passages", 0)), store.get("kind", "matrix"))
        if note:
            notes.append(note)
        return notes

    def indexed_documents(self) -> list[Document]:
        """Catalogue documents the current index holds, variant copies included, in
        catalogue order; [] without an index. (What a brief or an answer can quote.)"""
        if not self.has_index():
            return []
        held = self.searcher().snapshot.units_by_doc
        return [d for d in self.catalog if d.id in held]

    def searcher(self) -> Searcher:
        """A searcher on the current index generation (reopened when a build publishes).
        Raises IndexError_ when there is no index, IndexDamaged when it cannot be opened."""
        from .index.snapshot import IndexSnapshot

        if self._searcher is None or not self._searcher.snapshot.is_current():
            if self._searcher is not None:
                # A new generation may hold documents added since (`kb add` in another
                # process): read the catalogue again so their units are not hidden.
                self._catalog = None
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

    def index_info(self) -> dict[str, Any] | None:
        """What the current index generation holds, or None when there is no index yet.

        Shape: {"generation": "g000003", "created_at": ISO-8601 str, "embedder": spec str,
        "documents": [doc ids, sorted], "units": int, "passages": int}. Cheap once the
        searcher is open (the manifest is read once per generation); a generation
        published by `kb index` in another process is picked up here. Raises IndexError_
        when the index exists but cannot be opened."""
        if not self.has_index():
            return None
        manifest = self.searcher().snapshot.manifest
        counts = manifest.counts or {}
        return {
            "generation": manifest.generation,
            "created_at": manifest.created_at,
            "embedder": (manifest.embedder or {}).get("spec"),
            "documents": sorted(manifest.documents),
            "units": int(counts.get("units", 0)),
            "passages": int(counts.get("passages", 0)),
        }

    # --- search ---------------------------------------------------------------------

    def search(self, query: str, k: int = 10, filters: Filters | None = None, **filter_args: Any) -> SearchResult:
        """Ranked units for a query; a query that is a citation ranks that unit first.

        Filters: family, doc, language (tuples or single values), in_force, date_from,
        date_to, party."""
        from . import validate

        # kb.validate, as on every interface: a blank or unreadable query is refused, not
        # answered with nothing (or with what U+FFFD happens to match); k is a whole number
        query = validate.search_query(query)
        k = validate.count(k, "k (the number of results)")
        filters = self._checked_filters(_as_filters(filters, filter_args))
        searcher = self.searcher()  # "no index yet" is said first
        result = searcher.search(_names_something(validate.typed_words(query)), k=k, filters=filters)
        result.notes.extend(self.filter_notes(filters, result.output_language))
        return result

    def _checked_filters(self, filters: Filters) -> Filters:
        """`filters` checked against the catalogue. A `doc` this object's catalogue does
        not know is looked up again in the catalogue on disk first: a server (or any
        long-lived KnowledgeBase) read it before a `kb add` in another process, and said
        "unknown document id" of a document `kb corpus status` lists."""
        from .errors import CatalogError

        try:
            return filters.validate(self.catalog)
        except CatalogError:
            if all(self.catalog.find(d) is not None for d in filters.doc):
                raise
            self._catalog = None  # read again: added since (the next searcher() keeps it)
            return filters.validate(self.catalog)

    def filter_notes(self, filters: Filters, lang: str = "en") -> list[str]:
        """One line for each document of the `doc` filter that the search leaves out, so a
        search restricted to it is not a silent "no results": in the library but not
        indexed yet (run `kb index`), not in the library (fetch or add it), or repealed
        while --in-force leaves out repealed law. In `lang` ("en" or "id": the search's
        output language, kb.search.notes). [] when there is no index or nothing is left out."""
        from .search.notes import note

        out = [text for _doc, text in self._unindexed_filter_docs(filters, lang, search=True)]
        if filters.doc and filters.in_force and self.has_index():
            held = set(self.searcher().snapshot.units_by_doc)
            for doc_id in filters.doc:
                doc = self.catalog.find(doc_id)
                if doc is not None and doc.repealed and {doc.id, *(v.id for v in self.catalog.variants_of(doc.id))} & held:
                    out.append(note("doc-filter-repealed", lang, document=doc.citation))
        return out

    def _unindexed_filter_docs(self, filters: Filters, lang: str = "en",
                               search: bool = False) -> list[tuple[Document, str]]:
        """(document, note) for each document of the `doc` filter the index does not hold,
        in `lang`: as a search says it (`search`, kb.search.notes) or as an answer does."""
        if not filters.doc or not self.has_index():
            return []
        from .answer.messages import note_text
        from .search.notes import note

        held = set(self.searcher().snapshot.units_by_doc)
        stored = set(self.library_documents())
        out = []
        for doc_id in filters.doc:
            doc = self.catalog.find(doc_id)
            if doc is None or {doc.id, *(v.id for v in self.catalog.variants_of(doc.id))} & held:
                continue
            if doc.id in stored and lang == "id" and not search:
                out.append((doc, note_text("missing-index", lang, title=doc.title, citation=doc.citation)))
            elif doc.id in stored:
                out.append((doc, note("doc-not-indexed", lang, citation=doc.citation, id=doc.id)))
            else:
                out.append((doc, note("doc-not-in-library", lang, citation=doc.citation, id=doc.id)))
        return out

    def search_many(self, queries: Iterable[str], k: int = 10, filters: Filters | None = None) -> list[SearchResult]:
        """`search` of each query, with one searcher and the filters checked once; every
        query is checked (kb.validate.search_query) before any is searched. Raises
        InputError for queries that are not a list (or iterable) of text, and
        InputLimitError (an InputError) for more than KB_MAX_QUERIES of them (kb.limits;
        at most that many and one are taken from a generator)."""
        import itertools

        from . import limits, validate
        from .errors import InputLimitError

        if isinstance(queries, (str, bytes)) or not isinstance(queries, Iterable):  # a str was searched letter by letter
            raise InputError(f"queries must be a list of text, not {type(queries).__name__} "
                             f"{validate.shown(queries, 40)}; for one query use search()")
        cap = int(limits.value("max_queries"))
        taken = list(itertools.islice(iter(queries), cap + 1))  # an endless generator was read forever
        if len(taken) > cap:
            size = f"{len(queries):,}" if isinstance(queries, Sized) else "more than " + f"{cap:,}"
            raise InputLimitError(f"search_many got {size} queries; one call searches at most {cap:,} "
                                  "(KB_MAX_QUERIES): split them into batches, or raise the limit")
        queries = [validate.search_query(q) for q in taken]
        k = validate.count(k, "k (the number of results)")
        searcher = self.searcher()  # "no index yet" is said first
        queries = [_names_something(validate.typed_words(q)) for q in queries]
        filters = self._checked_filters(_as_filters(filters, {}))
        results = [searcher.search(q, k=k, filters=filters) for q in queries]
        notes = {lang: self.filter_notes(filters, lang) for lang in {r.output_language for r in results}}
        for result in results:
            result.notes.extend(notes[result.output_language])
        return results

    def get(self, citation: str) -> Hit:
        """The unit a citation names ("UU 18/2017 Pasal 30", "GC 2 para 24"); the first one
        when it names several ("paras. 82-83": see `get_all`).

        Raises CitationError when the text names no document or no unit, or names a unit
        (or an ayat, a sub-paragraph) the document does not have; numbers are reported as
        typed, never shortened."""
        return self.get_all(citation)[0]

    def show(self, citation: str) -> dict[str, Any]:
        """The `kb show --json` shape, shared by the CLI, `GET /units/{citation}` and the MCP
        `get_unit` tool: for a citation naming one unit, that unit's JSON (`Hit.to_dict()`,
        as always); for one naming several (a range, a list, a chapter), {"citation": the
        text as given, "results": [hit, ...]} in the order named. Raises CitationError as
        `get_all` does."""
        hits = self.get_all(citation)
        if len(hits) == 1:
            return hits[0].to_dict()
        return {"citation": citation, "results": [h.to_dict() for h in hits]}

    def get_all(self, citation: str) -> list[Hit]:
        """Every unit a citation names, in the order named: a range ("CMW/C/GC/5 paras.
        82–83", "Pasal 79 s.d. 81") or a list ("Pasal 5 dan 6 PP 59/2021"). Raises
        CitationError as `get` does when any named unit is missing."""
        from . import validate
        from .citations import alternate_unit_names

        from .answer.checks import UnitNotFound, check_general_comment
        from .citations import fill_skipped_level, missing_part, no_elucidation_message
        from .search.query import analyse_query

        citation = validate.citation(citation)  # text, and short enough to parse (kb.limits)
        from .citations import unreadable_part

        bad_part = unreadable_part(citation)  # "Pasal 30 huruf zz": refused, not shown as Pasal 30
        if bad_part:
            raise CitationError(bad_part)
        indexed = self.has_index()
        # The index's resolver knows the units named by words ("Final clause"); without an
        # index, the named document's units as parsed now.
        resolver = self.searcher().resolver if indexed else CitationResolver(
            self.catalog, unit_names=self._parsed_unit_names)
        cit = resolver.parse(citation)
        refuse_units_read_as_another_document(resolver, self.catalog, citation, cit)
        check_general_comment(resolver, citation)  # "GC 9 para 1": the catalogue has no general comment No. 9
        # a small typo ("Psal 30", "UU 18/2071") is named, never resolved silently
        near = resolver.did_you_mean(citation) if cit is None or cit.doc_id is None or cit.unit is None else None
        hint = f"; did you mean {near!r}?" if near else ""
        if cit is None or cit.doc_id is None:
            # a name several held documents have ("Declaration para 8", "UU 18/17" of two
            # centuries): refused naming each, never one of them chosen
            candidates = resolver.ambiguous_names(citation)
            if candidates:
                raise AmbiguousCitation(resolver.ambiguous_message(citation, candidates))
            unknown = resolver.unknown_symbols(citation)
            if unknown and not near:  # "ILO Convention No. 189 Article 3", "CRC general comment No. 4 para 1"
                from .citations import unknown_document_id

                doc_id, family, language = unknown_document_id(unknown[0])
                raise CitationError(f"{unknown[0]} is not in kb's catalogue; add your copy with `kb add FILE --id {doc_id} "
                                    f"--title TITLE --family {family} --language {language}`, then run `kb index`")
            # "Pasal 30": the indexed documents that have one, as `kb search` lists them
            which = self.searcher().which_document_message(cit, command="kb show") if indexed and not near else ""
            if which:
                raise AmbiguousCitation(which)
            raise InvalidCitation(
                f"cannot tell which document {shown_citation(citation)} cites{hint}" if near else
                f"cannot tell which document {shown_citation(citation)} cites; name it, e.g. 'UU 18/2017 Pasal 30', "
                "'CMW/C/GC/2 para 24', 'IJEPA art 94'"
            )
        doc = self.catalog.get(cit.doc_id)
        if cit.unit is None and indexed:
            # a chapter ("BAB XI UU 18/2017"): its units, as `kb ask` and `kb search` give them
            chapter = self.searcher().chapter_hits(citation)
            if chapter is not None and chapter[1]:
                return chapter[1]
            if chapter is not None:
                raise UnitNotFound(self.searcher().no_chapter_message(analyse_query(citation, self.searcher().resolver))
                                   or f"{doc.citation} is not indexed: run `kb index`")
        if cit.unit is None and not indexed:
            from .search.hybrid import names_chapter

            if names_chapter(citation):
                raise CitationError(f"{shown_citation(citation)} names a chapter of {doc.citation}: its units are listed from "
                                    "the index; run `kb index` first")
        if cit.unit is None:
            raise InvalidCitation(f"{shown_citation(citation)} names {doc.citation} but no Pasal, paragraph or article of it{hint}")
        hits: list[Hit] = []
        if indexed:
            # the same refusal as `kb ask` ("has no Pasal 999; it has Pasal 1–91")
            missing = self.searcher().missing_unit_message(cit)
            if missing:
                raise UnitNotFound(missing)
            hits = self.searcher().lookup_all(citation)
        if len(hits) < len(cit.targets):
            hits = []
            parsed: dict[str, list[Unit]] = {}
            for doc_id, unit_name, locator in cit.targets:
                if doc_id not in parsed:
                    parsed[doc_id] = self.units(doc_id, from_index=False)
                units = parsed[doc_id]
                by_name = {u.unit: u for u in units}
                family = getattr(self.catalog.find(doc_id), "family", None)
                found = next((by_name[n] for n in [unit_name, *alternate_unit_names(unit_name, by_name, family)]
                              if n in by_name), None)
                if found is None:
                    names = [u.unit for u in units]
                    cited = self.catalog.get(doc_id)
                    rewritten = _amendment_points(units, unit_name)
                    if rewritten:
                        raise CitationError(
                            f"{format_citation(cited)} has no {unit_name} of its own: it amends another regulation; "
                            f"{unit_name} there is rewritten by "
                            f"{', '.join(f'{u.unit} ({u.amends})' for u in rewritten)}: "
                            f"kb show \"{cited.id} {rewritten[0].unit}\""
                        )
                    raise CitationError(no_elucidation_message(cited, [unit_name], names) or
                                        f"{format_citation(cited)} has no {unit_name}; it has {summarise_units(names, unit_name)}")
                if found.unit != unit_name:
                    locator = found.unit + locator[len(unit_name):]
                locator = fill_skipped_level(found.unit, locator, [p.locator for p in found.parts])
                hits.append(Hit(rank=len(hits) + 1, score=1.0, unit=found, document=self.catalog.get(found.doc_id),
                                locator=locator, exact=True))
        for hit in hits:  # the ayat, huruf, sub-paragraph … cited, at every level (as `kb ask`)
            message = missing_part(hit.document, hit.unit.unit, hit.locator or hit.unit.unit,
                                   [p.locator for p in hit.unit.parts], hit.unit.text)
            if message:
                raise CitationError(message)
        return hits

    def _parsed_unit_names(self, doc_id: str) -> list[str]:
        """The names of a library document's units as parsed now ([] when it is not in
        the library: the lookup then says so)."""
        try:
            return [u.unit for u in self.units(doc_id, from_index=False)]
        except KbError:
            return []

    def units(self, doc_id: str, from_index: bool = True) -> list[Unit]:
        """A document's units (with its variants' extra units, e.g. an OCR copy's Penjelasan)."""
        from . import validate

        validate.flag(from_index, "from_index")  # "no" was taken as true
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
                    raise CitationError(_not_in_library(doc))
                continue
            parsed = parse_document(self.catalog.get(d), read(path, max_bytes=self.settings.max_file_bytes))
            have = {u.unit for u in out}
            out.extend(u for u in parsed.units if u.unit not in have)
        return out

    def parsed(self, doc_id: str) -> ParsedDocument:
        """A document of the library read and parsed now (not from the index): its units,
        the parser's warnings and the text audit. Raises CatalogError for an unknown id,
        CitationError when the document is not in the library, ReadError for a file kb
        cannot read."""
        from .readers import read
        from .structure import parse_document

        doc = self.catalog.get(doc_id)
        path = self.library.local_path(doc.id)
        if path is None:
            raise CitationError(_not_in_library(doc))
        return parse_document(doc, read(path, max_bytes=self.settings.max_file_bytes))

    def audit(self, doc_id: str) -> "kb.Audit":
        """The text audit of a document in the library: how many of its characters are in
        units, classified (headings, signatures, page furniture...) or unassigned, with
        the unassigned spans and their pages (kb.structure.audit.Audit). Errors as `parsed`."""
        return self.parsed(doc_id).audit

    # --- answers --------------------------------------------------------------------

    def ask(self, question: str, *, k: int = 8, filters: Filters | None = None, use_llm: bool = False,
            max_quotes: int = 5, **filter_args: Any) -> "kb.Answer":
        """Answer a question with verbatim quotes and pinpoint citations, or decline with a
        reason (kb.answer). `k`: units read; filters as for `search`. A question longer
        than KB_MAX_QUERY_CHARS is cut at a word before it is searched or echoed, and a
        note (code "query-cut") says so.

        Raises InputError (not text), QuestionError (empty question, a language kb does
        not handle), UnitNotFound (a cited unit that does not exist), IndexError_ (no index
        yet), LLMError."""
        from . import validate
        from .answer import answer_question, check_question

        # kb.limits: the question is bounded first (it is also echoed back in the answer).
        question, note = validate.bound_query(validate.typed_words(validate.query(question, "question")))
        question = check_question(question)  # before anything is opened: an empty question is refused at once
        k = validate.count(k, "k (the number of units read)")
        max_quotes = validate.count(max_quotes, "max_quotes")
        validate.flag(use_llm, "use_llm")
        filters = self._checked_filters(_as_filters(filters, filter_args))
        searcher = self.searcher()
        answer = answer_question(question, searcher, k=k, filters=filters, use_llm=use_llm, max_quotes=max_quotes,
                                 in_library=self.unindexed())
        named = {n.doc_id for n in answer.notes if n.doc_id}
        for doc, text in self._unindexed_filter_docs(filters, answer.language):
            if doc.id not in named:  # the `doc` filter names a document the index does not hold
                from .answer import Note

                answer.notes.append(Note("missing-document", text, doc_id=doc.id))
        if note:
            from .answer import Note

            from . import limits

            def grouped(n: int) -> str:  # Indonesian groups thousands with a full stop ("1.994")
                return f"{n:,}".replace(",", ".")

            cut, limit = len(question), int(limits.value("max_query_chars"))
            text = (note if answer.language != "id" else
                    f"Pertanyaan ini terlalu panjang; kb hanya mencari {grouped(cut)} karakter pertamanya, dipotong "
                    f"pada batas kata (KB_MAX_QUERY_CHARS={grouped(limit)})")
            answer.notes.insert(0, Note("query-cut", text))
        return answer

    # --- references, recommendations, follow-up (kb.references, kb.recs) -------------

    def reference_index(self) -> "kb.ReferenceIndex":
        """The explicit references of the current index generation (stored by `kb index`)."""
        from .references import ReferenceIndex

        snapshot = self.searcher().snapshot
        if self._references is None or self._references[0] != snapshot.generation:
            from .references.store import META_FILE, REFERENCES_FILE

            for rel in (REFERENCES_FILE, META_FILE):  # verified like every file a search reads
                if rel in snapshot.check.manifest.files:
                    snapshot.check.path(rel)  # IndexDamaged: one line naming the file and `kb index`
            index = ReferenceIndex.for_units(snapshot.dir, snapshot.units, self.catalog, self.library)
            self._references = (snapshot.generation, index)
        return self._references[1]

    def links(self, citation: str, per_family: int = 3) -> "kb.Links":
        """A unit's references out and in, and its most similar units in every other
        family ("ICRMW art. 21" works without the Convention's text). CitationError if
        the citation names no unit."""
        from . import validate
        from .references.links import links

        per_family = validate.count(per_family, "per_family (similar units per family)")
        return links(self, validate.citation(citation), per_family=per_family)

    @property
    def tracker(self) -> "kb.Tracker":
        """Follow-up state (SQLite under the home, kept across index rebuilds)."""
        from .recs.service import tracker_for

        return tracker_for(self.settings)

    def recommendations(self, doc: str | None = None, article: int | None = None, theme: str | None = None,
                        status: str | None = None, lead: str | None = None) -> list["kb.Recommendation"]:
        """Recommendations of the indexed concluding observations (and questions of lists
        of issues), filtered, each with `.followup` and `.sub_followups` attached."""
        from . import validate
        from .citations import CONVENTION_ARTICLES
        from .recs.service import RecFilters, list_recommendations

        if article is not None:  # article -1 or 10**30 matched nothing and said "no recommendations match"
            article = validate.count(article, "article of the Convention", 1, CONVENTION_ARTICLES)
        for name, value in (("doc", doc), ("theme", theme), ("status", status), ("lead", lead)):
            validate.optional_text(value, name)
        # doc="" listed every recommendation (HTTP /recs?doc=, the MCP tool); the CLI refused it
        doc = validate.optional_filter(doc, "document (doc)", "'CMW/C/IDN/CO/1' or a catalogue id")
        theme = validate.optional_filter(theme, "theme", "'recruitment'")
        status = validate.optional_filter(status, "status", "'in-progress'")
        lead = validate.optional_filter(lead, "lead institution (lead)", "'Ministry of Manpower'")
        return list_recommendations(self, RecFilters(doc=doc, article=article, theme=theme, status=status, lead=lead))

    def recommendations_json(self, doc: str | None = None, article: int | None = None, theme: str | None = None,
                             status: str | None = None, lead: str | None = None) -> dict[str, Any]:
        """The `kb recs --json` shape, shared by the CLI, `GET /recs` and the MCP
        `recommendations` tool: {"filters": the filters as given, "count": N,
        "recommendations": [recommendation_dict(r), ...], "message": null, or when there are
        none, the one line `kb recs` prints saying why (no concluding observations indexed,
        which ones and the command that adds them; or none matching the filters)}."""
        filters = {"doc": doc, "article": article, "theme": theme, "status": status, "lead": lead}
        found = self.recommendations(**filters)
        return {"filters": filters, "count": len(found),
                "recommendations": [self.recommendation_dict(r) for r in found],
                "message": None if found else self.no_recommendations_message(
                    filtered=any(v is not None for v in filters.values()))}

    def no_recommendations_message(self, filtered: bool = False) -> str:
        """Why `recommendations()` found none, in one line: with filters while some are
        indexed, none match; else no concluding observations are indexed, naming the
        catalogue's that are missing and the command that adds them."""
        if filtered and self.recommendations():
            return "no recommendations match"
        # none at all: the filter is not why ("no recommendations match" read as "none on
        # article 21" when no concluding observations are indexed)
        indexed = {d.variant_of or d.id for d in self.indexed_documents()}
        missing = [d for d in self.catalog if d.family == "committee" and d.variant_of is None and d.id not in indexed
                   and "concluding observations" in d.title.lower()]
        if missing:
            return (f"no recommendations: no concluding observations are indexed "
                    f"({', '.join(d.citation for d in missing)} are not); add them with "
                    f"`kb corpus fetch {missing[-1].id}` or `kb add FILE --id {missing[-1].id}`, then `kb index`")
        return ("no recommendations: no concluding observations are indexed (add them with "
                "`kb add ... --family committee`, then `kb index`)")

    def recommendation_dict(self, rec: "kb.Recommendation", history: bool = True) -> dict[str, Any]:
        """One recommendation of `recommendations()` in the `kb recs --json` shape (README,
        "The JSON shapes of `kb links --json` and `kb recs --json`"): symbol, paragraph,
        citation, theme, articles, sub-paragraphs with their follow-up, reiterations,
        references, follow-up (with its history of changes unless history=False). Used by
        the HTTP API (GET /recs) and the MCP server."""
        from .recs.service import rec_to_dict

        return rec_to_dict(rec, history=history)

    def set_followup(self, citation: str, *, leads: list[str] | None = None, status: str | None = None,
                     note: str | None = None, action: str | None = None, due: str | None = None) -> "kb.Recommendation":
        """Set lead institutions, status, a note or an action (with a due date) for the
        recommendation or sub-paragraph a citation names ("CMW/C/XYZ/CO/2, para. 21 (c)").
        Bad input raises KbError and changes nothing."""
        from . import validate
        from .recs.service import set_followup

        citation = validate.citation(citation)
        if leads is not None:
            leads = validate.text_list(leads, "leads")
        for name, value in (("status", status), ("note", note), ("action", action), ("due", due)):
            validate.optional_text(value, name)
        return set_followup(self, citation, leads=leads, status=status, note=note, action=action, due=due)[0]

    def export_recommendations(self, path: str | os.PathLike, format: str | None = None, doc: str | None = None,
                               national: bool = True) -> int:
        """Write the implementation matrix (csv or xlsx); returns the number of rows.
        `national`: add, per recommendation, the national provisions it cites and the
        two most similar Pasal of national law."""
        from . import validate
        from .recs.export import export_matrix

        path = validate.path_argument(path, "path (the file to write)")
        validate.optional_text(format, "format")
        validate.optional_text(doc, "doc")
        validate.flag(national, "national")
        return export_matrix(self, path, format=format, doc=doc, national=national)


    # --- briefs (kb.brief) ------------------------------------------------------------

    def brief(self, topic: str | None = None, *, articles: Iterable[int] = (), citations: Iterable[str] = (),
              recs: str | None = None, status: str | None = None, lead: str | None = None, theme: str | None = None,
              priority: bool = False, lang: str | None = None, date: str | None = None,
              progress: Any = None) -> "kb.Brief":
        """A delegation brief: per issue (a recommendation of `recs` — filtered by status,
        lead, theme, `articles`, priority as in `recommendations` —, a Convention article,
        a citation, or the topic) the recommendation and its follow-up, the Convention,
        national law in force (repealed law as history), the Committee's general comments
        and earlier recommendations, regional and bilateral instruments, each quoted
        verbatim with a numbered source. `progress(done, total, issue)` is called after
        each issue. Write it with `kb.brief.write_brief(brief, path, format)`.

        Raises KbError when nothing is asked, a citation names no unit, the concluding
        observations are not indexed, or there is no index."""
        from . import validate
        from .brief import BriefRequest, build_brief

        # the same validators as search, show and add (kb.validate): text, bounded, real dates
        if topic is not None:
            topic = validate.query(topic, "topic")
            if validate.bound_query(topic)[1] is not None:  # a topic is a title, not a text to cut
                from . import limits
                from .errors import LimitError

                raise LimitError(f"the topic is {len(topic):,} characters; a brief's topic is at most "
                                 f"{int(limits.value('max_query_chars')):,} (KB_MAX_QUERY_CHARS): name the issue in a phrase")
        if isinstance(citations, str):  # one citation given as text, not a list of its letters
            citations = (citations,)
        if isinstance(articles, (int, str)) and not isinstance(articles, bool):
            articles = (articles,)
        for what, items in (("citations", citations), ("articles", articles)):
            if not isinstance(items, (list, tuple, set, frozenset)):
                raise InputError(f"{what} must be a list, not {validate.shown(items, 40)}")
        from .citations import CONVENTION_ARTICLES

        articles = tuple(dict.fromkeys(validate.count(a, "article of the Convention", 1, CONVENTION_ARTICLES)
                                       for a in articles))  # article 21 twice was briefed twice
        citations = tuple(dict.fromkeys(validate.citation(c) for c in citations))
        for name, value in (("recs", recs), ("status", status), ("lead", lead), ("theme", theme), ("lang", lang)):
            validate.optional_text(value, name)
        validate.flag(priority, "priority")
        if date is not None:
            date = validate.calendar_date(date, "--date")
        validate.progress_argument(progress, "progress")
        request = BriefRequest(topic=topic, articles=tuple(articles), citations=tuple(citations), recs=recs,
                               status=status, lead=lead, theme=theme, priority=priority, lang=lang, date=date)
        return build_brief(self, request, progress=progress)


def _names_something(query: str) -> str:
    """`query`, unless all its words are function words ("the", "AND OR NOT", "apa",
    "what is it"): such a query names nothing to search for, and was answered with whatever
    units happened to rank first (kb ask refuses the same question: kb.answer.checks).
    Raises InputError."""
    from .answer.checks import _only_function_words
    from .validate import no_word_message

    if _only_function_words(query):
        raise InputError(no_word_message("query", query).replace("has no word", "has no word but 'the', 'and', "
                                                                        "'apa' and the like"))
    return query


_FILTER_NAMES = ("family", "doc", "language", "in_force", "date_from", "date_to", "party")


def _as_filters(filters: Any, filter_args: dict[str, Any]) -> Filters:
    """The Filters of a search or a question: a Filters object, a dict of filter names,
    or filter arguments by name (not both). Raises InputError for another object, an
    unknown name (with the nearest one) or a value of the wrong type (a misspelt filter was
    a TypeError traceback, a str `filters` an AttributeError)."""
    from .validate import shown

    if filters is not None and not isinstance(filters, dict):
        if not isinstance(filters, Filters):
            raise InputError(f"filters must be a kb.search.Filters or a dict of {', '.join(_FILTER_NAMES)}, not "
                             f"{shown(filters, 40)}; or give the filters by name")
        if filter_args:
            raise InputError(f"give filters= or filters by name ({', '.join(sorted(filter_args))}), not both")
        return filters
    if filters and filter_args:
        raise InputError(f"give filters= or filters by name ({', '.join(sorted(filter_args))}), not both")
    args = dict(filters or {}, **filter_args)
    unknown = sorted(str(name) for name in args if name not in _FILTER_NAMES)
    if unknown:
        import difflib

        near = difflib.get_close_matches(unknown[0], _FILTER_NAMES, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise InputError(f"unknown filter {shown(unknown[0], 40)}: {hint}the filters are {', '.join(_FILTER_NAMES)}")
    return _filters(**args)


def _filters(**args: Any) -> Filters:
    """The Filters of the Python API's filter keywords (kb.search.filters.make_filters,
    shared with the CLI, the HTTP API and the MCP tools)."""
    from .search.filters import make_filters

    return make_filters(**args)


def _amendment_points(units: list[Unit], unit: str) -> list[Unit]:
    """The amendment points ("Pasal I angka 2") that rewrite `unit` ("Pasal 9") of the
    regulation an amending act amends."""
    from .structure.statute_id.amendments import amended_pasal

    prefix = "Penjelasan " if unit.startswith("Penjelasan ") else ""
    wanted = unit[len(prefix):]
    return [u for u in units if u.amends and u.unit.startswith(prefix or "Pasal ")
            and wanted in amended_pasal(u.amends)]


def refuse_units_read_as_another_document(resolver: CitationResolver, catalog: Catalog, citation: str,
                                          cit: Any) -> None:
    """Raise CitationError when `citation` names several documents but the units read from
    it belong to fewer of them: two citations side by side without "dan"/"and" ("UU
    18/2017 Pasal 30 PP 59/2021 Pasal 5", "CMW/C/GC/1 para 12 UU 18/2017 Pasal 30") were read
    as units of the last document named (PP 59/2021 Pasal 30, UU 18/2017 para 12) and shown
    as such. Shared by `kb show`/`get_all` and `kb links`."""
    if cit is None or not getattr(cit, "targets", None):
        return

    def canonical(doc_id: str) -> str:
        doc = catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    named = list(dict.fromkeys(canonical(d) for d in resolver.documents_named(citation)))
    read = {canonical(doc_id) for doc_id, _unit, _locator in cit.targets}
    left = [d for d in named if d not in read]
    if len(named) > 1 and left:
        names = [catalog.get(d).citation if catalog.find(d) else d for d in named]
        raise CitationError(f"{shown_citation(citation)} names {' and '.join(names)} but kb would read every unit in it as "
                            f"{', '.join(catalog.get(d).citation for d in sorted(read) if catalog.find(d))}'s: "
                            "join the citations with 'dan' or 'and' (e.g. 'UU 18/2017 Pasal 30 dan PP 59/2021 "
                            "Pasal 5'), or give one at a time")


def _cite_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _refuse_taken_citation(catalog: Catalog, doc: Document) -> None:
    """A document added under a new id must not be cited as a shipped one is: a MoU added with
    `--citation "UU 18/2017"` (or the title "GC 2", which becomes its citation) was printed
    as "UU 18/2017, art. 1" in search results and answers, read as the statute's. Raises
    CatalogError naming the document that is cited so."""
    from .errors import CatalogError

    mine = _cite_key(doc.citation)
    for other in catalog:
        if other.origin != "catalog":  # two of your own documents may share a title
            continue
        names = [other.citation, *(other.aliases or ()), *([other.symbol] if other.symbol else [])]
        if any(_cite_key(n) == mine for n in names if n):
            what = "--citation" if doc.citation != doc.title else "--title (the citation when no --citation is given)"
            raise CatalogError(f"{what} {doc.citation!r} is how kb cites {other.id} ({other.citation}) already; "
                               "give this document a citation of its own, e.g. --citation \"MoU Indonesia-Malaysia 2022\"")


def _with_own_number(catalog: Catalog, citation_given: bool, date_given: bool):
    """For an Indonesian regulation added without a citation: the kind and number its
    heading prints ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 13 TAHUN 2003") become its
    citation ("UU No. 13 Tahun 2003", as officers cite it and `kb show "UU 13/2003 Pasal
    3"` finds it), and its year its date when none was given. The title stays the citation
    when the heading prints no number, or when another document is cited so already (your
    own copy of UU 18/2017 is not the shipped one; of two copies of one regulation, the
    second keeps its title, so that "PP 22/2022 Pasal 1" names one document)."""
    from dataclasses import replace

    def describe(doc: Document, source) -> Document:
        from .structure.statute_id.identity import own_number

        found = own_number(source.text, doc.language)
        if found is None:
            return doc
        changes = {} if date_given or found.year is None else {"date": str(found.year)}
        catalog.reload_user()  # documents another process added since
        taken = any(_cite_key(n) == _cite_key(found.citation)
                    for other in catalog if other.id != doc.id
                    for n in (other.citation, *(other.aliases or ()), *([other.symbol] if other.symbol else [])) if n)
        if not citation_given and not taken:
            changes["citation"] = found.citation
        return replace(doc, **changes) if changes else doc

    return describe


def _with_printed_symbol(catalog: Catalog, citation_given: bool):
    """For a committee document added without a symbol: the UN symbol printed in its
    masthead ("CMW/C/XYZ/CO/2", "CMW/C/GC/1", "A/HRC/WG.6/99/XYZ/2"; or repeated by a PDF's
    running header when the masthead was cut) becomes its symbol, and its citation unless
    one was given, so that search, show and recs cite it alike ("CMW/C/XYZ/CO/2, para.
    10"). A symbol another document is cited by already (your copy of CMW/C/GC/1 under a
    new id) is not taken: the title stays the citation."""
    from dataclasses import replace

    def describe(doc: Document, source) -> Document:
        from .references.store import document_symbol

        if doc.symbol:
            return doc
        symbol = document_symbol(doc, source.text[:3000], furniture=source.removed, any_un_symbol=True)
        if not symbol or _cited_so(catalog, symbol, doc.id):
            return doc
        return replace(doc, symbol=symbol, citation=doc.citation if citation_given else symbol)

    return describe


def _with_printed_title(catalog: Catalog, citation_given: bool):
    """For a document added without a title (or with only its file's name as one): the
    title its text prints (kb.structure.titles.printed_title: a regulation's heading, a
    UN masthead's title line, a treaty's first heading) becomes its title, and its
    citation unless one was given (the steps after it may cite it by its number or
    symbol). A UN document whose masthead prints only its symbol is titled by the
    symbol. Raises CatalogError naming --title when the text prints no title kb can read
    and none was given; a file's name given as --title then stays its title (scripts that
    pass the file name keep working)."""
    from dataclasses import replace

    def describe(doc: Document, source) -> Document:
        from .errors import CatalogError
        from .structure.titles import printed_title

        printed = printed_title(source.text, doc.family, doc.language, source.removed)
        title = printed.title or printed.symbol if printed is not None else None
        if not title:
            if doc.aliases and doc.title == doc.aliases[0]:
                return doc  # "--title co.pdf" and no title in the text: the name given stays its title
            other = "id" if doc.language == "en" else "en"
            elsewise = printed_title(source.text, doc.family, other, source.removed)
            if elsewise is not None and (elsewise.title or elsewise.symbol):
                # "kb add permen.txt --language en": an Indonesian heading read as English
                raise CatalogError(f"the text of {doc.aliases[0] if doc.aliases else doc.title} is headed in "
                                   f"{'Indonesian' if other == 'id' else 'English'} ({elsewise.title or elsewise.symbol!r}), "
                                   f"not --language {doc.language}: give --language {other}, or a --title")
            raise CatalogError(f"kb cannot read a title from the text of {doc.aliases[0] if doc.aliases else doc.title} "
                               "(no heading, masthead or title line it knows); give one with --title \"...\"")
        other = None if citation_given else _cited_as(catalog, title, doc.id)
        if other is not None:  # the symbol of your copy of a catalogue document ("CMW/C/GC/1")
            raise CatalogError(f"the text of {doc.aliases[0] if doc.aliases else doc.title} prints {title!r}, how kb "
                               f"cites {other.id} already: if it is that document, `kb add FILE --id {other.id}` "
                               "gives your copy of it; else give a --title and --citation of its own")
        return replace(doc, title=title, citation=doc.citation if citation_given else title)

    return describe


def _in_turn(steps):
    """One `describe` for Library.add doing each of `steps` in turn."""

    def describe(doc: Document, source) -> Document:
        for step in steps:
            doc = step(doc, source)
        return doc

    return describe


def _cited_so(catalog: Catalog, name: str, doc_id: str) -> bool:
    """Whether another document than `doc_id` is cited as `name` (its citation, an alias,
    its symbol), counting documents another process added since."""
    return _cited_as(catalog, name, doc_id) is not None


def _cited_as(catalog: Catalog, name: str, doc_id: str) -> Document | None:
    """The other document (than `doc_id`) cited as `name`, if any (see `_cited_so`)."""
    catalog.reload_user()
    return next((other for other in catalog if other.id != doc_id
                 for n in (other.citation, *(other.aliases or ()), *([other.symbol] if other.symbol else []))
                 if n and _cite_key(n) == _cite_key(name)), None)


def _shown_file_name(path, doc_id: str) -> str:
    """The added file's name as one line of text (the document's id when the name holds
    line breaks or control characters): what an error says before a title is read."""
    from .errors import KbError
    from .validate import one_line

    try:
        return one_line(os.path.basename(os.fspath(path)), "file name")
    except (KbError, TypeError, ValueError):
        return doc_id


def _is_file_name(title: str, path) -> bool:
    """Whether a --title is only the added file's own name, with or without its extension
    ("--title co.pdf", "--title id-uu-13-2003" for id-uu-13-2003.md): not a title. Letter
    for letter: "--title MoU" for mou.txt is a title the user typed."""
    name = os.path.basename(os.fspath(path)).strip()
    return bool(name) and title.strip() in {name, os.path.splitext(name)[0]}


# What a document of each family is when nothing else is said (the catalogue's own usage:
# the Committee's documents and ASEAN declarations are adopted, not in force).
_DEFAULT_STATUS = {"committee": "adopted", "regional": "adopted"}


def older_build(manifest) -> str:
    """What differs between the kb that built an index and this one ("structure s6, this kb
    s8; chunker p3-120w, this kb p4-120w"), or "" when nothing does: an index of an older
    kb still answers, but with the units and pages its parser found."""
    from .index.lexical import ANALYZER_VERSION
    from .structure import STRUCTURE_VERSION
    from .structure.passages import CHUNKER_VERSION

    said = []
    for what, built, now in (("structure", getattr(manifest, "structure", None), STRUCTURE_VERSION),
                             ("chunker", manifest.chunker, CHUNKER_VERSION),
                             ("analyser", manifest.analyzer, ANALYZER_VERSION)):
        if built and built != now:
            said.append(f"{what} {built}, this kb {now}")
    return "; ".join(said)


def _not_in_library(doc) -> str:
    """What to run for a catalogue document not in the library: fetch it, or add one's own
    copy (as `kb ask` says of a document it does not hold: kb.answer.messages "missing-fetch")."""
    from .search.notes import note

    return note("doc-not-in-library", "en", citation=doc.citation, id=doc.id)


def _check_input_exists(path: str | os.PathLike) -> None:
    """InputError "no such file: …" when `path` names nothing (other faults of the file,
    a directory, a FIFO, an unreadable file, are said when it is opened)."""
    from .errors import InputError

    try:
        os.lstat(os.fspath(path))
    except (TypeError, ValueError):  # a NUL byte in the name: said when it is opened
        return
    except FileNotFoundError:
        raise InputError(f"no such file: {os.fspath(path)}") from None
    except OSError:  # a name too long, a loop, no permission: said when it is opened, in those words
        return
