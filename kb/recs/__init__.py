"""Concluding observations -> recommendations, and their follow-up.

    kb.recs.parse       recommendation records from a document's units (the Committee's layout)
    kb.recs.reiterate   reiterations by similarity to the previous cycle (documented threshold)
    kb.recs.tracker     follow-up state in SQLite with migrations (lead, status, notes, actions, history)
    kb.recs.matrix      the implementation matrix, CSV or Excel
    kb.recs.service     the above joined, as KnowledgeBase methods use them

The Python API is on KnowledgeBase: `recommendations(...)`, `set_followup(...)`,
`export_recommendations(...)`, `tracker`.
"""

from .model import DEFAULT_STATUS, STATUSES, Action, Change, FollowUp, Recommendation, Reiteration, SubParagraph
from .parse import parse_recommendations
from .tracker import Tracker, TrackerError

__all__ = [
    "DEFAULT_STATUS", "STATUSES", "Action", "Change", "FollowUp", "Recommendation", "Reiteration", "SubParagraph",
    "Tracker", "TrackerError", "parse_recommendations",
]
