"""The Library: the documents kb has locally, their status, and how it gets the others
(fetch from a mirror or a download URL; add, supply and remove a user's own files)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..catalog import Catalog, check_id, validate, write_json_atomic
from ..config import Settings
from ..errors import CatalogError, InputError, KbError, ReadError, SourceError
from ..models import Document
from .download import _download_into
from .files import _fsync_dir, _limit, _mb, sha256_file
from .mirror import _copy_capped, _Mirror
from .reports import DocStatus, FetchResult, Progress

if TYPE_CHECKING:
    from ..readers.base import SourceText

try:  # POSIX; elsewhere the library is simply not locked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

META_NAME = "meta.json"
LOCK_NAME = ".lock"
TEMP_PREFIXES = (".fetch-", ".add-")
# Folder names under library/ that are not documents.
_SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ ()+-]{0,150}$")
# How the CLI lets a user provide their own copy of a catalogue document (Library.supply),
# as the catalogue's notes say.
SUPPLY_COMMAND = "kb add FILE --id {id}"
_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "text": ".txt", "markdown": ".md", "xml": ".xml", "html": ".html"}


def shown_path(path: Path) -> str:
    """`path` as text that can be stored in JSON: a name holding bytes that are not UTF-8
    (decoded by Python as lone surrogates, "\\udcff") shows them as \\xff escapes instead
    of failing to encode (a traceback after the file was already copied)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Library:
    """The documents kb has locally, and how it gets the others."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        *,
        timeout: float = 30.0,
        attempts: int = 3,
        retry_delays: tuple[float, ...] = (1.0, 3.0),
        lock_wait: float | None = None,
        wait: bool = True,
        on_wait: Callable[[str], None] | None = None,
    ):
        """`timeout`: seconds per network read; downloads also have an overall deadline and a
        minimum rate (kb.limits). Writers take the library lock one at a time: with `wait`
        (the default) a second writer waits for the first, `lock_wait` seconds at most
        (None: as long as it takes), telling `on_wait` once; without, it fails at once."""
        self.settings = settings
        self.catalog = catalog
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.retry_delays = retry_delays
        self.lock_wait = lock_wait
        self.wait = wait
        self.on_wait = on_wait
        self._hash_cache: dict[Path, tuple[int, int, str]] = {}

    # ------------------------------------------------------------------ local state

    @property
    def root(self) -> Path:
        return self.settings.library_dir

    def folder(self, doc_id: str) -> Path:
        check_id(doc_id)
        return self.root / doc_id

    def _meta(self, doc_id: str) -> dict[str, Any] | None:
        """meta.json of a document, if it is intact and its file is there with the recorded size."""
        folder = self.folder(doc_id)
        try:
            meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("doc_id") != doc_id:
            return None
        name, digest, size = meta.get("file"), meta.get("sha256"), meta.get("bytes")
        if not isinstance(name, str) or not _SAFE_FILE_NAME.match(name) or name == META_NAME:
            return None
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            return None
        path = folder / name
        try:
            st = path.lstat()
        except OSError:
            return None
        if not path.is_file() or path.is_symlink() or st.st_size != size:
            return None
        return meta

    def edited(self, doc_id: str) -> dict[str, Any] | None:
        """meta.json of a document whose file was changed in place after kb stored it (edited
        by hand: another size or checksum than recorded, meta.json itself intact), else None.
        Such a file is neither missing nor damaged: the index keeps the stored version until
        the user chooses (`edit_choices`)."""
        folder = self.folder(doc_id)
        try:
            meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("doc_id") != doc_id:
            return None
        name = meta.get("file")
        if not isinstance(name, str) or not _SAFE_FILE_NAME.match(name) or name == META_NAME:
            return None
        path = folder / name
        try:
            st = path.lstat()
        except OSError:
            return None
        if not path.is_file() or path.is_symlink():
            return None
        if st.st_size == meta.get("bytes") and self._hash(path) == meta.get("sha256"):
            return None
        return meta

    def accept_edit(self, doc_id: str) -> str:
        """Record a hand-edited file as the document's copy (its new size and checksum), so
        the next `kb index` indexes the edit. Returns the new sha256. Raises SourceError
        when the file was not edited."""
        with self._lock():
            meta = self.edited(doc_id)
            if meta is None:
                raise SourceError(f"{doc_id}: its library file is as kb stored it; nothing to accept")
            path = self.folder(doc_id) / meta["file"]
            digest = sha256_file(path)
            record = {**meta, "sha256": digest, "bytes": path.stat().st_size, "fetched_at": _now(),
                      "accepted_edit": True, "edited_from": meta.get("sha256"),
                      "source": f"edited:{meta.get('source', '')}", "verified_against": None}
            write_json_atomic(self.folder(doc_id) / META_NAME, record)
        return digest

    def local_path(self, doc_id: str) -> Path | None:
        """The document's file, if present and its meta.json is intact."""
        meta = self._meta(doc_id)
        return self.folder(doc_id) / meta["file"] if meta else None

    def content_hash(self, doc_id: str) -> str | None:
        """sha256 of the local file as it is on disk now (None when not present)."""
        path = self.local_path(doc_id)
        return self._hash(path) if path else None

    def _hash(self, path: Path) -> str:
        st = path.stat()
        cached = self._hash_cache.get(path)
        if cached and cached[:2] == (st.st_size, st.st_mtime_ns):
            return cached[2]
        digest = sha256_file(path)
        self._hash_cache[path] = (st.st_size, st.st_mtime_ns, digest)
        return digest

    def _intact(self, doc_id: str) -> tuple[dict[str, Any], Path, str] | None:
        """(meta, path, sha256) when the local copy is there and matches its meta.json."""
        meta = self._meta(doc_id)
        if not meta:
            return None
        path = self.folder(doc_id) / meta["file"]
        digest = self._hash(path)
        return (meta, path, digest) if digest == meta["sha256"] else None

    @staticmethod
    def _acceptable(doc: Document, meta: dict[str, Any]) -> bool:
        """Is an intact local copy the one the catalogue asks for?"""
        digest = meta["sha256"]
        if digest in (doc.sha256, doc.url_sha256) or meta.get("accepted_edit") is True:
            return True  # the catalogue's version, or the user's own edit accepted with `kb corpus accept`
        if doc.sha256 is None and doc.url_sha256 is None:
            return True  # the catalogue knows no checksum: the copy is accepted as recorded
        source = str(meta.get("source", ""))
        if source.startswith("mirror:") and doc.sha256 is None:
            return True  # verified against the mirror's manifest
        # A download whose checksum the catalogue does not know (its `sha256` is the mirror text's).
        return bool(doc.url) and source == f"url:{doc.url}" and doc.url_sha256 is None

    def status(self) -> list[DocStatus]:
        """Every catalogue document: present, missing (and where to get it), changed (its file
        edited by hand since it was stored), or damaged."""
        mirror = self._mirror(None, strict=False)
        out = []
        for doc in self.catalog:
            meta = self._meta(doc.id)
            if meta:
                path = self.folder(doc.id) / meta["file"]
                digest = self._hash(path)
                if digest == meta["sha256"] and self._acceptable(doc, meta):
                    out.append(DocStatus(doc.id, doc.title, doc.origin, "present", path, digest, meta.get("source")))
                    continue
                if digest == meta["sha256"]:
                    out.append(
                        DocStatus(
                            doc.id, doc.title, doc.origin, "damaged", path, digest, meta.get("source"),
                            f"the local copy is not the version the catalogue lists; {self._where(doc, mirror)}",
                        )
                    )
                    continue
            edited = self.edited(doc.id)
            if edited is not None:
                path = self.folder(doc.id) / edited["file"]
                out.append(DocStatus(doc.id, doc.title, doc.origin, "changed", path, self._hash(path),
                                     edited.get("source"), f"edited by hand since it was stored; {edit_choices(doc)}"))
                continue
            kept = self._unrecorded_files(doc.id)
            if kept:
                # the record is damaged, not the text: said, never shown as merely missing
                out.append(DocStatus(doc.id, doc.title, doc.origin, "damaged", kept[0], None, None,
                                     f"its record {META_NAME} is missing or unreadable, so kb does not index it; "
                                     f"the file is kept in {kept[0].parent}: " + (
                                         f"`kb corpus fetch {doc.id}` fetches the official copy again, or "
                                         f"`kb add {kept[0]} --id {doc.id}` records this one" if doc.origin == "catalog"
                                         else f"copy {kept[0].name} elsewhere, then `kb remove {doc.id}` and "
                                              f"`kb add COPY --id {doc.id} …` record it again")))
                continue
            out.append(DocStatus(doc.id, doc.title, doc.origin, "missing", hint=self._where(doc, mirror)))
        return out

    def damaged_record(self, doc_id: str) -> Path | None:
        """The document's file when its record (meta.json) is missing or unreadable and the
        file was not merely edited (`edited`): the text is there, kb cannot vouch for it.
        None when the record is intact, or the folder holds no file."""
        if self._meta(doc_id) is not None or self.edited(doc_id) is not None:
            return None
        kept = self._unrecorded_files(doc_id)
        return kept[0] if kept else None

    def _unrecorded_files(self, doc_id: str) -> list[Path]:
        """Files in a document's folder whose record (meta.json) is missing or unreadable:
        the text is there, kb cannot vouch for it ([] when the folder holds none)."""
        folder = self.folder(doc_id)
        try:
            return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and p.name != META_NAME
                          and not p.name.startswith("."))
        except OSError:
            return []

    def _where(self, doc: Document, mirror: _Mirror | None) -> str:
        if mirror is not None:
            with contextlib.suppress(SourceError):
                if mirror.locate(doc, scan=False) is not None:
                    return f"in the mirror at {mirror.root}: run `kb corpus fetch {doc.id}`"
        if doc.url:
            return f"downloadable from {doc.url}: run `kb corpus fetch {doc.id}`"
        official = f"official text: {doc.official_source}; " if doc.official_source else ""
        if doc.origin == "user":
            return f"{official}restore the file, or remove the document and add your copy again with `kb add`"
        return f"not available offline; {official}get a copy and run `{SUPPLY_COMMAND.format(id=doc.id)}`"

    # ------------------------------------------------------------------ fetch

    def fetch(
        self,
        ids: Iterable[str] | None = None,
        from_dir: str | os.PathLike | None = None,
        progress: Progress | None = None,
        download: bool = True,
    ) -> list[FetchResult]:
        """Bring documents into the library: from a mirror directory when it holds them,
        else from their download URL. One result per document; a failure does not stop
        the others. ids None: every catalogue document (those with no source at all are
        reported "missing" with where the official text is published). download False:
        the mirror only, no network."""
        mirror = self._mirror(from_dir, strict=from_dir is not None)
        if ids is None:
            docs = list(self.catalog)
        else:
            docs = [self.catalog.get(check_id(i)) for i in ids]
        results = []
        with self._lock():
            for doc in docs:
                try:
                    results.append(self._fetch_one(doc, mirror, progress, download))
                except Exception as exc:  # one document's failure does not stop the others
                    results.append(FetchResult(doc.id, "error", _one_line(exc)))
        return results

    def _fetch_one(
        self, doc: Document, mirror: _Mirror | None, progress: Progress | None, download: bool = True
    ) -> FetchResult:
        current = self._intact(doc.id)
        if current and self._acceptable(doc, current[0]):
            meta, path, digest = current
            return FetchResult(doc.id, "present", f"already present ({meta.get('source')})", path, digest,
                               digest in (doc.sha256, doc.url_sha256))
        if mirror is not None:
            found = mirror.locate(doc, scan=True, max_bytes=self.settings.max_file_bytes)
            if found is not None:
                src, manifest_sha = found
                return self._copy_from_mirror(doc, mirror, src, manifest_sha, progress)
        if doc.url and download:
            return self._download(doc, doc.url, progress)
        hint = self._where(doc, None)
        return FetchResult(doc.id, "missing", hint)

    def _copy_from_mirror(
        self, doc: Document, mirror: _Mirror, src: Path, manifest_sha: str | None, progress: Progress | None
    ) -> FetchResult:
        expected, against = doc.sha256, "catalogue"
        if expected is None and manifest_sha:
            expected, against = manifest_sha, "mirror manifest"
        cap = self.settings.max_file_bytes
        rel = src.relative_to(mirror.root).as_posix()
        with self._staging(doc.id, ".fetch-") as (fh, tmp):
            digest, done = _copy_capped(doc.id, src, rel, fh, cap, progress)
            if expected and digest != expected:
                raise SourceError(
                    f"{doc.id}: checksum mismatch for {rel} in {mirror.root}: "
                    f"{against} has sha256 {expected}, the file has {digest}; refused"
                )
            name = src.name if _SAFE_FILE_NAME.match(src.name) and src.name != META_NAME else None
            path = self._install(doc, fh, tmp, name or self._name_for(doc, tmp), digest, done, f"mirror:{src}",
                                 against if expected else None)
        note = f"verified against the {against}" if expected else f"no checksum known; recorded sha256 {digest}"
        return FetchResult(doc.id, "fetched", f"copied from the mirror ({rel}), {note}", path, digest,
                           bool(expected))

    def _download(self, doc: Document, url: str, progress: Progress | None) -> FetchResult:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise SourceError(f"{doc.id}: only http(s) downloads are supported, not {url}")
        cap = self.settings.max_file_bytes
        with self._staging(doc.id, ".fetch-") as (fh, tmp):
            done = _download_into(
                doc.id, url, fh, cap, progress,
                attempts=self.attempts, retry_delays=self.retry_delays, timeout=self.timeout,
            )
            fh.flush()
            digest = sha256_file(tmp)
            if doc.url_sha256 and digest != doc.url_sha256:
                raise SourceError(
                    f"{doc.id}: checksum mismatch for the download from {url}: "
                    f"catalogue has sha256 {doc.url_sha256}, the download has {digest}; refused"
                )
            fmt = _sniff(tmp, Path(urllib.parse.urlsplit(url).path).name)
            if fmt not in _EXTENSIONS:
                raise SourceError(f"{doc.id}: the download from {url} is {fmt}, not a document kb can read; refused")
            if urllib.parse.urlsplit(url).path.lower().endswith(".pdf") and fmt != "pdf":
                raise SourceError(
                    f"{doc.id}: {url} should be a PDF but the server sent {fmt} (an error or login page?); refused"
                )
            path = self._install(doc, fh, tmp, f"{doc.id}{_EXTENSIONS[fmt]}", digest, done, f"url:{url}",
                                 "url_sha256" if doc.url_sha256 else None)
        if doc.url_sha256:
            note = "verified against the catalogue checksum"
        else:
            note = f"no checksum known; recorded sha256 {digest} (check it against the official source)"
        return FetchResult(doc.id, "fetched", f"downloaded {_mb(done)} from {url}, {note}", path, digest,
                           bool(doc.url_sha256))

    # ------------------------------------------------------------------ user files

    def supply(self, doc_id: str, path: str | os.PathLike) -> FetchResult:
        """Use a file the user obtained as the local copy of a catalogue document (e.g. a
        bilateral MoU the catalogue lists but kb cannot download). The file must match
        the catalogue's checksum when it knows one; it is read and parsed completely
        before anything is written, and replaces no copy unless it is fully valid."""
        doc = self.catalog.get(check_id(doc_id))
        src, data, source = self._load_user_file(path)
        digest = hashlib.sha256(data).hexdigest()
        known = [h for h in (doc.sha256, doc.url_sha256) if h]
        if known and digest not in known:
            raise SourceError(
                f"{doc_id}: {src.name} has sha256 {digest}, the catalogue lists {' or '.join(known)}; "
                "refused (to index another version, add it under its own id with `kb add`)"
            )
        self._parse_or_refuse(doc, source, src.name)
        with self._lock():
            current = self._intact(doc_id)
            if current and current[2] == digest:
                return FetchResult(doc_id, "present", "already present, identical", current[1], digest, bool(known))
            with self._staging(doc_id, ".add-") as (fh, tmp):
                fh.write(data)
                name = src.name if _SAFE_FILE_NAME.match(src.name) and src.name != META_NAME else None
                target = self._install(doc, fh, tmp, name or f"{doc_id}{_EXTENSIONS.get(source.format, '')}",
                                       digest, len(data), f"user:{src.resolve()}", "catalogue" if known else None)
        note = "verified against the catalogue" if known else f"no checksum known; recorded sha256 {digest}"
        return FetchResult(doc_id, "fetched", f"stored your copy ({src.name}), {note}", target, digest, bool(known))

    def _load_user_file(self, path: str | os.PathLike) -> tuple[Path, bytes, Any]:
        """(path, bytes, SourceText) of a user's file, or a one-line error."""
        from ..readers import read_bytes

        from ..validate import open_input_file

        try:  # never blocks: a FIFO, a device, a folder or a link loop is refused before reading
            fh, size = open_input_file(path, "file")
        except InputError as exc:
            raise SourceError(str(exc)) from None
        src = Path(os.fsdecode(os.fspath(path))).expanduser()
        cap = self.settings.max_file_bytes
        with fh:  # the bytes parsed are the bytes stored
            if size > cap:
                raise SourceError(
                    f"{src.name}: {_mb(size)} is over the {_limit(cap)} limit (raise KB_MAX_FILE_MB if the file is genuine)"
                )
            data = fh.read(cap + 1)
        if len(data) > cap:
            raise SourceError(f"{src.name}: the file grew past the {_limit(cap)} limit while being read")
        try:
            source = read_bytes(data, name=src.name)
        except KbError:
            raise
        except Exception as exc:  # a reader that trips over a malformed file
            raise ReadError(f"{src.name}: could not be read ({type(exc).__name__}: {exc})") from None
        return src, data, source

    @staticmethod
    def _parse_or_refuse(doc: Document, source: Any, name: str) -> None:
        from ..structure import parse_document

        try:
            parsed = parse_document(doc, source)
        except KbError:
            raise
        except Exception as exc:  # a parser bug must not look like success, nor crash half-way
            raise ReadError(f"{name}: could not be parsed ({type(exc).__name__}: {exc})") from None
        if not parsed.units:
            raise ReadError(f"{name}: no citable text found in the file")
        from ..validate import unreadable

        if all(unreadable(unit.text) or not unit.text.strip() for unit in parsed.units):
            # only bidi controls, zero-width or other invisible characters: was stored and
            # indexed as a unit that shows nothing and no search can find
            from ..readers.base import shows_nothing

            raise ReadError(shows_nothing(name))

    def add(self, path: str | os.PathLike, doc: Document,
            describe: Callable[[Document, SourceText], Document] | None = None) -> Document:
        """Add a user's own document (e.g. a bilateral MoU) under `doc.id`.

        The file is read and parsed completely before anything is written, so a file kb
        cannot use is refused with the reader's message and nothing changes. `describe`
        may complete the entry from the text read (e.g. the UN symbol printed in its
        masthead). Returns the stored Document (origin "user", sha256 of the file, format
        as sniffed)."""
        self.catalog.reload_user()  # ids another process added or removed since we loaded
        self._check_new_id(doc.id)
        if self.catalog.user_path is None:
            raise CatalogError("no user catalogue location configured")
        src, data, source = self._load_user_file(path)
        digest = hashlib.sha256(data).hexdigest()
        stored = validate(replace(doc, origin="user", sha256=digest, format=source.format, file=None))
        if describe is not None:
            stored = validate(describe(stored, source))
        self._parse_or_refuse(stored, source, src.name)

        name = src.name if _SAFE_FILE_NAME.match(src.name) and src.name != META_NAME else None
        name = name or f"{doc.id}{_EXTENSIONS.get(source.format, '')}"
        with self._lock():
            # Another writer may have changed the user catalogue while we parsed: start
            # from what is on disk now, so its change is kept.
            self.catalog.reload_user()
            self._check_new_id(doc.id)
            folder = self.folder(doc.id)
            if folder.exists():
                raise SourceError(
                    f"{folder} already exists but is not in the catalogue (left by an interrupted command?); "
                    "move it away or choose another --id"
                )
            folder.mkdir(parents=True)
            try:
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=".add-", suffix=".part")
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, folder / name)
                self._write_meta(doc.id, name, digest, len(data), f"user:{shown_path(src.resolve())}", "added")
                _fsync_dir(folder)
                self.catalog.add_user_document(stored)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        return stored

    def remove(self, doc_id: str) -> Document:
        """Remove a user-added document: its catalogue entry, then its folder. For a
        document of the shipped catalogue, only a local copy the user gave (`kb add FILE
        --id` of a catalogue document: a wrong file is undone this way; the entry stays
        and `kb corpus fetch` or `kb add` gets a copy again). CatalogError otherwise."""
        check_id(doc_id)
        with self._lock():
            self.catalog.reload_user()  # as in add: what is on disk now
            shipped = self.catalog.find(doc_id)
            if shipped is not None and shipped.origin == "catalog":
                # only a copy the user gave (`kb add FILE --id`): an official copy fetched
                # from the source or the mirror is the catalogue's text, kept
                given = str((self._meta(doc_id) or {}).get("source") or "").startswith("user:")
                if not given:
                    raise CatalogError(f"{doc_id!r} is part of the shipped catalogue and cannot be removed"
                                       + ("" if self.folder(doc_id).exists() else "; it has no local copy either"))
                doc = shipped
            else:
                doc = self.catalog.remove_user_document(doc_id)
            folder = self.folder(doc_id)
            if folder.exists():
                trash = self.root / f".removed-{doc_id}-{os.getpid()}-{time.time_ns()}"
                os.replace(folder, trash)
                shutil.rmtree(trash, ignore_errors=True)
        self._hash_cache = {p: v for p, v in self._hash_cache.items() if not p.is_relative_to(folder)}
        return doc

    def _check_new_id(self, doc_id: str) -> None:
        check_id(doc_id)
        if doc_id in (self.settings.user_catalog.name, META_NAME):
            raise CatalogError(f"document id {doc_id!r} is reserved; choose another --id")
        existing = self.catalog.find(doc_id)
        if existing is not None:
            if existing.origin == "catalog":
                raise CatalogError(
                    f"document id {doc_id!r} is a document of the shipped catalogue; "
                    "choose another --id for a document of your own"
                )
            raise CatalogError(f"document id {doc_id!r} already exists in your added documents; choose another --id")

    # ------------------------------------------------------------------ helpers

    def _mirror(self, from_dir: str | os.PathLike | None, strict: bool) -> _Mirror | None:
        root = Path(from_dir).expanduser() if from_dir is not None else self.settings.mirror
        if root is None:
            return None
        if not root.is_dir():
            if strict:
                raise SourceError(f"{root}: no such directory")
            return None
        try:
            return _Mirror(root)
        except SourceError:
            if strict:
                raise
            return None

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Held while the library changes. A second writer waits for the first (it is
        told once, through `on_wait`), like `kb index`; with `wait` False it fails at once.
        flock is released by the kernel when its holder dies, even by kill -9."""
        self.root.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover
            yield
            return
        with open(self.root / LOCK_NAME, "a+b") as fh:
            deadline = None if self.lock_wait is None else time.monotonic() + self.lock_wait
            told = False
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    busy = f"another kb process{_holder(fh)} is changing {self.root}"
                    if not self.wait:
                        raise SourceError(f"{busy}; try again when it has finished, or run without --no-wait "
                                          "to wait for it") from None
                    if deadline is not None and time.monotonic() >= deadline:
                        raise SourceError(f"{busy}; gave up after {self.lock_wait:g} s, try again") from None
                    if not told and self.on_wait is not None:
                        self.on_wait(f"{busy}; waiting for it...")
                    told = True
                    time.sleep(0.1)
            try:
                fh.seek(0)
                fh.truncate()
                fh.write(str(os.getpid()).encode())
                fh.flush()
                yield
            finally:
                with contextlib.suppress(OSError):
                    fh.seek(0)
                    fh.truncate()
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _staging(self, doc_id: str, prefix: str) -> Iterator[tuple[BinaryIO, Path]]:
        """A temporary file in the document's folder, removed whatever happens unless
        `_install` renamed it into place. A folder created here and left empty is removed."""
        folder = self.folder(doc_id)
        created = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():  # leftovers of a killed process (we hold the lock)
            if stale.name.startswith(TEMP_PREFIXES):
                stale.unlink(missing_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".part")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "w+b") as fh:
                yield fh, tmp
        finally:
            tmp.unlink(missing_ok=True)
            if created:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if empty

    def _install(
        self, doc: Document, fh: BinaryIO, tmp: Path, name: str, digest: str, size: int, source: str,
        verified_against: str | None,
    ) -> Path:
        """Rename a verified temp file into place, then record it; older files of the
        document are removed only after the new meta.json is written."""
        folder = tmp.parent
        fh.flush()
        os.fsync(fh.fileno())
        target = folder / name
        os.replace(tmp, target)
        self._write_meta(doc.id, name, digest, size, source, verified_against)
        for other in folder.iterdir():
            if other.name not in (name, META_NAME) and not other.name.startswith("."):
                if other.is_dir() and not other.is_symlink():
                    continue
                other.unlink(missing_ok=True)
        _fsync_dir(folder)
        return target

    def _write_meta(self, doc_id: str, name: str, digest: str, size: int, source: str, verified: str | None) -> None:
        write_json_atomic(
            self.folder(doc_id) / META_NAME,
            {
                "doc_id": doc_id,
                "file": name,
                "sha256": digest,
                "bytes": size,
                "source": source,
                "fetched_at": _now(),
                "verified_against": verified,
            },
        )

    def _name_for(self, doc: Document, path: Path) -> str:
        return f"{doc.id}{_EXTENSIONS.get(_sniff(path, doc.file), '')}"


def _holder(fh: BinaryIO) -> str:
    """" (pid N)" of the process holding the library lock, when it wrote its pid."""
    try:
        fh.seek(0)
        pid = fh.read(16).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


def edit_choices(doc: Document) -> str:
    """The two ways out for a library file edited by hand, as commands."""
    restore = (f"`kb corpus fetch {doc.id}` restores the stored text" if doc.origin == "catalog"
               else f"restore the file you added (or `kb remove {doc.id}` and `kb add` it again)")
    return f"{restore}, `kb corpus accept {doc.id}` indexes your edit as your own copy"


def _sniff(path: Path, name: str | None = None) -> str:
    from ..readers.base import sniff_format

    with open(path, "rb") as fh:
        head = fh.read(4096)
    return sniff_format(head, name or path.name) if head.strip() else "an empty file"


def _one_line(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, KbError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())
