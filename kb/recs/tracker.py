"""The follow-up tracker: lead institutions, status, notes, actions and the history of
every change, per recommendation, in SQLite under the kb home (`tracker.sqlite`).

User data that outlives any index: it lives outside `indexes/`, so `kb index --rebuild`
never touches it, and it is keyed by the UN symbol + paragraph + sub-paragraph, not by a
catalogue id, so removing and re-adding a document (under any id) finds its state again.

The schema is versioned the simonw/llm way: numbered migration functions, each applied
once and recorded in `_migrations`; opening a tracker of an older kb applies what is
missing, in order, in one transaction each. Writes take the database lock at once
(BEGIN IMMEDIATE) and wait up to `timeout` seconds for another writer, then fail with a
one-line error; a failed command changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from ..errors import KbError
from .model import DEFAULT_STATUS, STATUSES, Action, Change, FollowUp

TRACKER_FILE = "tracker.sqlite"
# The tracker is the user's own work (statuses, leads, notes), not rebuilt from anything:
# a damaged one is never replaced by kb; the user keeps a copy and chooses.
DAMAGED_TRACKER_FIX = ("it holds your follow-up (statuses, leads, notes): keep a copy, then restore it from a "
                       "backup, or move it aside (e.g. to tracker.sqlite.damaged) and the next `kb recs set` "
                       "starts a new, empty one")


def check_tracker(path: Path) -> tuple[str, str]:
    """("ok" | "absent" | "damaged", detail) of a follow-up tracker, read-only (for `kb doctor`):
    a damaged tracker was reported only by `kb recs`, while `kb doctor` said all was well."""
    from ..index.cache import check_sqlite

    if not path.exists():
        return "absent", "no follow-up recorded yet"

    def followed(db: sqlite3.Connection) -> str:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "_migrations" not in tables:
            raise sqlite3.DatabaseError("not a kb tracker (no _migrations table)")
        count = db.execute("SELECT count(*) FROM followup").fetchone()[0] if "followup" in tables else 0
        return f"{count:,} recommendation(s) followed up"

    return check_sqlite(path, followed)


class TrackerError(KbError):
    """Bad follow-up input (status, date, lead) or a tracker database that cannot be used."""


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE followup (
        symbol TEXT NOT NULL, paragraph INTEGER NOT NULL, sub TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'not-started', updated_at TEXT,
        PRIMARY KEY (symbol, paragraph, sub))""")
    db.execute("""CREATE TABLE leads (
        symbol TEXT NOT NULL, paragraph INTEGER NOT NULL, sub TEXT NOT NULL DEFAULT '', lead TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (symbol, paragraph, sub, lead))""")
    db.execute("""CREATE TABLE notes (
        id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, paragraph INTEGER NOT NULL, sub TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL, created_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE actions (
        id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, paragraph INTEGER NOT NULL, sub TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL, due TEXT, created_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE history (
        id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, paragraph INTEGER NOT NULL, sub TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT)""")


@migration
def m002_indexes(db: sqlite3.Connection) -> None:
    for table in ("leads", "notes", "actions", "history"):
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_key ON {table} (symbol, paragraph, sub)")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise TrackerError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    return status


def check_date(value: str) -> str:
    """A due date as YYYY-MM-DD that exists ("20240101" and "2024-W01-1", which
    date.fromisoformat takes, were stored as other dates than typed). Raises TrackerError."""
    import re

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise TrackerError(f"date {value!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise TrackerError(f"date {value!r} is not a date in the form YYYY-MM-DD") from None


class Tracker:
    """Follow-up state in one SQLite file. Open with `Tracker(path)`; every method opens
    and closes its own connection, so a Tracker is cheap and safe to keep around."""

    def __init__(self, path: Path, timeout: float = 5.0):
        self.path = Path(path)
        self.timeout = timeout
        self._migrated = False

    @contextmanager
    def _connect(self, write: bool = False):
        if not write and not self.path.exists():
            yield None
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise TrackerError(f"cannot open the tracker database {self.path}: {exc}") from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            if not self._migrated:
                self._migrate(db)
            if write:
                db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if write:
                    db.execute("COMMIT")
            except BaseException:
                if write and db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise TrackerError(
                    f"the tracker database {self.path} is locked by another kb process (waited {self.timeout:g} s); "
                    "try again when it has finished"
                ) from None
            raise TrackerError(f"the tracker database {self.path} cannot be used: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise TrackerError(f"the tracker database {self.path} is damaged or not a kb tracker: {exc}; "
                               f"{DAMAGED_TRACKER_FIX}") from None
        finally:
            db.close()

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
        for name, fn in MIGRATIONS:
            if name in done:
                continue
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone() is None:
                    fn(db)
                    db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, _now()))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._migrated = True

    def applied_migrations(self) -> list[str]:
        with self._connect(write=True) as db:
            return [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")]

    # --- reading ------------------------------------------------------------------

    def get(self, symbol: str, paragraph: int, sub: str = "") -> FollowUp:
        """The state of one key; a never-touched key gives the default (not started)."""
        return self.get_many([(symbol, paragraph, sub)])[(symbol, paragraph, sub)]

    def get_many(self, keys: Iterable[tuple[str, int, str]]) -> dict[tuple[str, int, str], FollowUp]:
        keys = list(keys)
        out = {k: FollowUp(*k) for k in keys}
        with self._connect() as db:
            if db is None:
                return out
            wanted = set(keys)
            for symbol, paragraph, sub, status, updated in db.execute("SELECT symbol, paragraph, sub, status, updated_at FROM followup"):
                k = (symbol, paragraph, sub)
                if k in wanted:
                    out[k].status, out[k].updated_at, out[k].stored = status, updated, True
            for symbol, paragraph, sub, lead in db.execute("SELECT symbol, paragraph, sub, lead FROM leads ORDER BY position, rowid"):
                if (symbol, paragraph, sub) in wanted:
                    out[(symbol, paragraph, sub)].leads.append(lead)
            for symbol, paragraph, sub, text in db.execute("SELECT symbol, paragraph, sub, text FROM notes ORDER BY id"):
                if (symbol, paragraph, sub) in wanted:
                    out[(symbol, paragraph, sub)].notes.append(text)
            for symbol, paragraph, sub, text, due, created in db.execute(
                    "SELECT symbol, paragraph, sub, text, due, created_at FROM actions ORDER BY id"):
                if (symbol, paragraph, sub) in wanted:
                    out[(symbol, paragraph, sub)].actions.append(Action(text, due, created))
            for symbol, paragraph, sub, at, fld, old, new in db.execute(
                    "SELECT symbol, paragraph, sub, at, field, old, new FROM history ORDER BY id"):
                if (symbol, paragraph, sub) in wanted:
                    out[(symbol, paragraph, sub)].history.append(Change(at, fld, old, new))
        return out

    def keys(self) -> list[tuple[str, int, str]]:
        """Every key the tracker holds state for (also of documents not indexed now)."""
        with self._connect() as db:
            if db is None:
                return []
            rows = set()
            for table in ("followup", "leads", "notes", "actions"):
                rows |= set(db.execute(f"SELECT symbol, paragraph, sub FROM {table}"))
            return sorted(rows)

    # --- writing ------------------------------------------------------------------

    def update(self, symbol: str, paragraph: int, sub: str = "", *, leads: list[str] | None = None,
               status: str | None = None, note: str | None = None, action: str | None = None,
               due: str | None = None) -> FollowUp:
        """Change one key's state in one transaction, recording each change in the history.

        `leads` replaces the list of lead institutions; `note` and `action` (with an
        optional `due` date, YYYY-MM-DD) are appended. Raises TrackerError for a status
        outside STATUSES, a bad date, a due date without an action, an empty lead or
        nothing to change; then nothing is written."""
        if status is not None:
            check_status(status)
        if due is not None:
            if action is None:
                raise TrackerError("--due needs --action: a due date belongs to an action")
            due = check_date(due)
        from .. import validate

        try:
            if leads is not None:
                leads = [lead.strip() if isinstance(lead, str) else lead for lead in leads]
                if not leads or any(not lead for lead in leads):
                    raise TrackerError("a lead institution cannot be empty")
                # one line each, as they are listed ("; " between them): a line break, an escape
                # sequence, a zero-width space or 100,000 characters were stored as given
                leads = list(dict.fromkeys(validate.one_line(lead, "lead institution", max_chars=200) for lead in leads))
            for name, value in (("note", note), ("action", action)):
                if value is not None:
                    validate.note_text(value, name)
        except KbError as exc:
            raise TrackerError(str(exc)) from None
        if leads is None and status is None and note is None and action is None:
            raise TrackerError("nothing to change: give --status, --lead, --note or --action")
        at = _now()
        key = (symbol, paragraph, sub)
        with self._connect(write=True) as db:
            row = db.execute("SELECT status FROM followup WHERE symbol=? AND paragraph=? AND sub=?", key).fetchone()
            old_status = row[0] if row else None
            if row is None:
                db.execute("INSERT INTO followup (symbol, paragraph, sub, status, updated_at) VALUES (?, ?, ?, ?, ?)",
                           (*key, DEFAULT_STATUS, at))
            if status is not None and status != (old_status or DEFAULT_STATUS):
                db.execute("UPDATE followup SET status=? WHERE symbol=? AND paragraph=? AND sub=?", (status, *key))
                self._log(db, key, at, "status", old_status or DEFAULT_STATUS, status)
            if leads is not None:
                old = [r[0] for r in db.execute(
                    "SELECT lead FROM leads WHERE symbol=? AND paragraph=? AND sub=? ORDER BY position, rowid", key)]
                if old != leads:
                    db.execute("DELETE FROM leads WHERE symbol=? AND paragraph=? AND sub=?", key)
                    db.executemany("INSERT INTO leads (symbol, paragraph, sub, lead, position) VALUES (?, ?, ?, ?, ?)",
                                   [(*key, lead, i) for i, lead in enumerate(leads)])
                    self._log(db, key, at, "lead", "; ".join(old) or None, "; ".join(leads))
            if note is not None:
                db.execute("INSERT INTO notes (symbol, paragraph, sub, text, created_at) VALUES (?, ?, ?, ?, ?)",
                           (*key, note.strip(), at))
                self._log(db, key, at, "note", None, note.strip())
            if action is not None:
                db.execute("INSERT INTO actions (symbol, paragraph, sub, text, due, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           (*key, action.strip(), due, at))
                self._log(db, key, at, "action", None, action.strip() + (f" (due {due})" if due else ""))
            db.execute("UPDATE followup SET updated_at=? WHERE symbol=? AND paragraph=? AND sub=?", (at, *key))
        return self.get(*key)

    @staticmethod
    def _log(db: sqlite3.Connection, key: tuple[str, int, str], at: str, fld: str, old: str | None, new: str | None) -> None:
        db.execute("INSERT INTO history (symbol, paragraph, sub, at, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (*key, at, fld, old, new))
