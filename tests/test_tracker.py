"""The follow-up tracker on a real SQLite file: migrations, every change in the history,
bad input refused without a trace, a locked database reported in one line."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from kb.recs.tracker import MIGRATIONS, Tracker, TrackerError


def test_new_tracker_applies_every_migration_once(tmp_path):
    t = Tracker(tmp_path / "tracker.sqlite")
    assert t.applied_migrations() == [name for name, _ in MIGRATIONS]
    # opening again applies nothing new
    assert Tracker(tmp_path / "tracker.sqlite").applied_migrations() == [name for name, _ in MIGRATIONS]


def test_an_older_tracker_is_upgraded_and_keeps_its_rows(tmp_path):
    path = tmp_path / "tracker.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    MIGRATIONS[0][1](db)  # the schema as the first release left it
    db.execute("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (MIGRATIONS[0][0],))
    db.execute("INSERT INTO followup VALUES ('CMW/C/XYZ/CO/1', 8, '', 'in-progress', '2026-01-01T00:00:00+00:00')")
    db.commit()
    db.close()
    t = Tracker(path)
    assert t.get("CMW/C/XYZ/CO/1", 8).status == "in-progress"
    assert t.applied_migrations() == [name for name, _ in MIGRATIONS]
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "history_key" in names


def test_changes_are_kept_with_their_history(tmp_path):
    t = Tracker(tmp_path / "tracker.sqlite")
    assert t.get("CMW/C/XYZ/CO/2", 21, "c").status == "not-started"
    t.update("CMW/C/XYZ/CO/2", 21, "c", leads=["Ministry of Manpower", "BP2MI"], status="in-progress")
    t.update("CMW/C/XYZ/CO/2", 21, "c", note="Draft regulation circulated", action="Inter-ministerial meeting", due="2026-03-31")
    state = t.update("CMW/C/XYZ/CO/2", 21, "c", status="partially-implemented", leads=["BP2MI"])
    assert state.status == "partially-implemented" and state.leads == ["BP2MI"]
    assert state.notes == ["Draft regulation circulated"]
    assert [(a.text, a.due) for a in state.actions] == [("Inter-ministerial meeting", "2026-03-31")]
    assert [(c.field, c.old, c.new) for c in state.history] == [
        ("status", "not-started", "in-progress"),
        ("lead", None, "Ministry of Manpower; BP2MI"),
        ("note", None, "Draft regulation circulated"),
        ("action", None, "Inter-ministerial meeting (due 2026-03-31)"),
        ("status", "in-progress", "partially-implemented"),
        ("lead", "Ministry of Manpower; BP2MI", "BP2MI"),
    ]
    assert all(c.at.endswith("+00:00") for c in state.history)
    assert t.keys() == [("CMW/C/XYZ/CO/2", 21, "c")]


@pytest.mark.parametrize("kwargs, message", [
    ({"status": "done"}, "is not one of"),
    ({"action": "Meet", "due": "31/03/2026"}, "YYYY-MM-DD"),
    ({"due": "2026-03-31"}, "needs --action"),
    ({"leads": [" "]}, "cannot be empty"),
    ({"note": ""}, "cannot be empty"),
    ({}, "nothing to change"),
])
def test_bad_input_is_refused_and_changes_nothing(tmp_path, kwargs, message):
    t = Tracker(tmp_path / "tracker.sqlite")
    t.update("CMW/C/XYZ/CO/2", 9, status="in-progress")
    before = t.get("CMW/C/XYZ/CO/2", 9)
    with pytest.raises(TrackerError, match=message):
        t.update("CMW/C/XYZ/CO/2", 9, **kwargs)
    after = t.get("CMW/C/XYZ/CO/2", 9)
    assert (after.status, after.leads, after.notes, len(after.history)) == (before.status, before.leads, before.notes, len(before.history))


def test_a_locked_database_waits_then_fails_in_one_line(tmp_path):
    path = tmp_path / "tracker.sqlite"
    Tracker(path).update("CMW/C/XYZ/CO/2", 9, status="in-progress")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        t = Tracker(path, timeout=0.5)
        started = time.perf_counter()
        with pytest.raises(TrackerError, match="locked by another kb process"):
            t.update("CMW/C/XYZ/CO/2", 9, status="implemented")
        assert time.perf_counter() - started >= 0.4
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Tracker(path).get("CMW/C/XYZ/CO/2", 9).status == "in-progress"


def test_a_writer_that_finishes_in_time_is_waited_for(tmp_path):
    path = tmp_path / "tracker.sqlite"
    Tracker(path).update("CMW/C/XYZ/CO/2", 9, status="in-progress")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: (holder.execute("COMMIT"), holder.close())).start()
    state = Tracker(path, timeout=5).update("CMW/C/XYZ/CO/2", 9, status="implemented")
    assert state.status == "implemented"


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "tracker.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(TrackerError, match="damaged or not a kb tracker|cannot be used"):
        Tracker(path).update("CMW/C/XYZ/CO/2", 9, status="in-progress")
