"""Retrieval and answer metrics over question files in the ../shared/eval format:

    {"id", "query", "lang", "kind", "relevant": [{"doc", "unit", "grade"}], "evidence"}

Retrieval: Recall@k, nDCG@10 (graded gains), MRR@10, overall and per kind. Answers (when
an answering function is given), over the questions of the file:

- `quotes_relevant`: share of all quotes (over every answered answerable question) taken
  from a unit the question lists as relevant (any grade);
- `first_quote_relevant`: share of answered answerable questions whose first quote is
  from a relevant unit;
- `evidence_quoted`: answerable questions with an `evidence` phrase whose answer quotes
  it (most of its words inside one quote; a declined question counts as not quoting);
- abstention: unanswerable questions (empty `relevant`) declined — an error that refuses
  the question (no such unit, a language kb does not handle) counts as declining — and
  answerable questions declined (false abstention);
- `verbatim_violations`: quoted fragments that are not, character for character, the
  text of the unit their citation names at the offsets given (must be 0).

A hit or quote from a variant copy of a document (an OCR scan indexed for its
Penjelasan) counts for the document it is a copy of.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import KbError

KS = (1, 5, 10)


@dataclass
class Question:
    id: str
    query: str
    kind: str
    lang: str
    relevant: dict[tuple[str, str], int]  # (doc, unit) -> grade
    evidence: str = ""  # a verbatim phrase of a grade-2 unit

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


# The grades a relevant unit may have (the shared eval files use 1 and 2).
GRADES = range(1, 4)
_RELEVANT_SHAPE = '"relevant" must be a list of {"doc": ID, "unit": "Pasal 30", "grade": 1 or 2} objects'


def _text_field(row: dict[str, Any], name: str, default: str) -> str:
    """A question's text field (id, kind, lang, evidence), `default` when absent or null:
    a number or a list was taken as it came ("kind": 5 made a row "5" in the table)."""
    value = row.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise TypeError(f'"{name}" must be text, not {type(value).__name__}')
    return value


# The fields of a question line and of one of its relevant entries. Any other is refused:
# a misspelt "relvant" made an answerable question unanswerable (scored as such, exit 0).
QUESTION_FIELDS = ("id", "query", "lang", "kind", "relevant", "evidence")
RELEVANT_FIELDS = ("doc", "unit", "grade")
LANGS = ("en", "id")


def _known_fields(row: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    """Refuse a field kb does not read (with the nearest known one)."""
    import difflib

    for key in row:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ValueError(f"unknown field {str(key)!r}{where}; {hint}kb reads {', '.join(known)}")


def _question_id(row: dict[str, Any], n: int) -> str:
    """A question's id: its "id" as text (a whole number is fine), else its line number."""
    value = row.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text_field(row, "id", str(n))


def _relevant(value: Any) -> dict[tuple[str, str], int]:
    """(doc, unit) -> grade of a question's "relevant" list, each entry checked: before,
    a grade of 1e999 was a traceback, "high" a bare ValueError, and a doc of 5, a unit of
    null or a grade of -1 or true were scored as if meant (recall 0, exit 0); a unit listed
    twice kept its last grade."""
    from .validate import document_id

    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise TypeError(_RELEVANT_SHAPE)
    out: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(value, 1):
        _known_fields(entry, RELEVANT_FIELDS, f" in relevant entry {i}")
        doc, unit, grade = entry.get("doc"), entry.get("unit"), entry.get("grade", 1)
        if not isinstance(doc, str) or not isinstance(unit, str) or not unit.strip():
            raise TypeError(f'relevant entry {i} needs "doc" and "unit" as text, e.g. '
                            '{"doc": "uu-18-2017", "unit": "Pasal 30", "grade": 2}')
        if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
            raise ValueError(f"relevant entry {i}: grade must be a whole number from {GRADES[0]} to {GRADES[-1]}, "
                             f"not {json.dumps(grade)[:40]}")
        key = (document_id(doc), unit)
        if key in out:  # the grades would disagree, and the last was kept silently
            raise ValueError(f"relevant entry {i} lists {doc} {unit} again; list each unit once")
        out[key] = grade
    return out


def missing_relevant_units(questions: Iterable[Question], units_of: Callable[[str], set[str] | None]) -> list[str]:
    """"doc unit" of each relevant unit that its document, as indexed, does not have
    (`units_of(doc_id)`: the unit names the index holds for the document and its variant
    copies, None when the document is not indexed, which is not checked): such a unit can
    never be ranked, and every question naming it looked like a retrieval miss."""
    out: list[str] = []
    for q in questions:
        for doc, unit in q.relevant:
            have = units_of(doc)
            if have is not None and unit not in have and f"{doc} {unit}" not in out:
                out.append(f"{doc} {unit}")
    return out


def unknown_relevant_documents(questions: Iterable[Question], known: Callable[[str], bool]) -> list[str]:
    """The document ids the questions list as relevant that `known` does not know (not in
    the catalogue): such a question can never be scored above zero."""
    return sorted({doc for q in questions for doc, _unit in q.relevant if not known(doc)})


def load_questions(path: str | Path) -> list[Question]:
    from . import limits
    from .validate import query as check_query
    from .validate import json_value, read_text_file

    path = Path(path)
    # kb.validate: one error for a missing file, another encoding or a file too large, as
    # for every text file users give kb (`kb search --queries` included).
    lines = read_text_file(path, "question file", limits.mb_to_bytes(limits.value("max_queries_mb"))).splitlines()
    out = []
    ids: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json_value(line)  # one line for deep nesting, huge numbers, a key given twice
            if not isinstance(row, dict):
                raise TypeError(f"a JSON object is needed, not {type(row).__name__}")
            _known_fields(row, QUESTION_FIELDS, "")
            if "query" not in row:
                raise TypeError('no "query" field')
            qid = _question_id(row, n)
            if qid in ids:  # per-question results are keyed by id: the second hid the first
                raise ValueError(f"id {qid!r} is the id of line {ids[qid]} too; give each question its own id")
            lang = _text_field(row, "lang", "")
            if lang not in (*LANGS, ""):
                raise ValueError(f'"lang" {lang!r} is not one of {", ".join(LANGS)}')
            ids[qid] = n
            out.append(
                Question(
                    id=qid,
                    query=check_query(row["query"]),
                    kind=_text_field(row, "kind", "topical"),
                    lang=lang,
                    relevant=_relevant(row.get("relevant", [])),
                    evidence=_text_field(row, "evidence", ""),
                )
            )
        except (TypeError, ValueError, KbError) as exc:
            raise KbError(f"{path}:{n}: not a question line ({exc})") from None
    if not out:
        raise KbError(f"{path}: no questions in the file; give one JSON object a line, e.g. "
                      '{"id": "q1", "query": "...", "relevant": [{"doc": "uu-18-2017", "unit": "Pasal 30"}]}')
    return out


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def score_ranking(ranked: list[tuple[str, str]], relevant: dict[tuple[str, str], int]) -> dict[str, float]:
    gains = [float(relevant.get(key, 0)) for key in ranked[:10]]
    ideal = dcg(sorted(relevant.values(), reverse=True)[:10])
    out = {"ndcg@10": dcg(gains) / ideal if ideal else 0.0}
    for k in KS:
        found = len({key for key in ranked[:k] if key in relevant})
        out[f"recall@{k}"] = found / len(relevant)
    rr = next((1.0 / (i + 1) for i, key in enumerate(ranked[:10]) if key in relevant), 0.0)
    out["mrr@10"] = rr
    return out


@dataclass
class EvalReport:
    overall: dict[str, float]
    by_kind: dict[str, dict[str, float]]
    abstention: dict[str, Any] = field(default_factory=dict)
    per_question: list[dict[str, Any]] = field(default_factory=list)
    by_lang: dict[str, dict[str, float]] = field(default_factory=dict)  # question language -> metrics

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "by_kind": self.by_kind, "by_lang": self.by_lang,
                "abstention": self.abstention, "questions": self.per_question}


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    if not rows:
        return {}
    keys = rows[0].keys()
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys} | {"n": len(rows)}


def quotes_evidence(quotes: list[str], evidence: str, share: float = 0.8) -> bool:
    """Whether an answer quotes the evidence phrase (most of its words in one quote)."""
    from .lang import tokenize

    wanted = set(tokenize(evidence))
    return bool(wanted) and any(len(wanted & set(tokenize(q))) >= share * len(wanted) for q in quotes)


@dataclass
class AnswerOutcome:
    """What an answerer did with one question, for the answer metrics.

    `quotes`: (doc_id, unit, text) of each quote in the order the answer shows them;
    `violations`: quoted fragments found not verbatim in their unit; `error`: the message
    of an error that refused the question (counts as declining)."""

    abstained: bool
    quotes: list[tuple[str, str, str]] = field(default_factory=list)
    violations: int = 0
    error: str | None = None


def answer_outcome(answer: Any, unit_text: Callable[[str, str], str | None]) -> AnswerOutcome:
    """An AnswerOutcome from a kb Answer (duck-typed: `.abstained`, `.sections`,
    `.source(n)`), checking every fragment against `unit_text(doc_id, unit)`, the unit's
    text as indexed (None: no such unit, a violation)."""
    quotes: list[tuple[str, str, str]] = []
    violations = 0
    for section in answer.sections:
        for quote in section.quotes:
            src = answer.source(quote.source)
            text = unit_text(src.doc_id, src.unit)
            for fragment, (a, b) in zip(quote.fragments, quote.spans):
                if text is None or text[a:b] != fragment:
                    violations += 1
            quotes.append((src.doc_id, src.unit, quote.text))
    return AnswerOutcome(bool(answer.abstained), quotes, violations)


def evaluate(
    questions: Iterable[Question],
    rank: Callable[[str], list[tuple[str, str]]],
    canonical: Callable[[str], str] = lambda d: d,
    answer: Callable[[str], "AnswerOutcome | tuple[bool, list[str]]"] | None = None,
) -> EvalReport:
    """`rank(query)` gives (doc_id, unit) pairs best first; `answer(query)` an
    AnswerOutcome (or, older form, whether the answerer declines and the texts it quotes:
    then the unit-level answer metrics are not computed). `canonical(doc_id)` maps a
    variant copy to its document."""
    rows: list[tuple[Question, dict[str, float]]] = []
    per_question: list[dict[str, Any]] = []
    abst_right = abst_wrong = unanswerable = answerable = with_evidence = evidence_quoted = 0
    quotes_total = quotes_relevant = answered = first_relevant = violations = 0
    unit_level = False
    for q in questions:
        ranked = [(canonical(d), u) for d, u in rank(q.query)]
        relevant = {(canonical(d), u): g for (d, u), g in q.relevant.items()}
        entry: dict[str, Any] = {"id": q.id, "kind": q.kind, "query": q.query, "top": [f"{d} {u}" for d, u in ranked[:5]]}
        if q.answerable:
            scores = score_ranking(ranked, relevant)
            rows.append((q, scores))
            entry.update({k: round(v, 4) for k, v in scores.items()})
        if answer is not None:
            got = answer(q.query)
            if isinstance(got, AnswerOutcome):
                unit_level = True
                outcome = got
            else:
                outcome = AnswerOutcome(bool(got[0]), [("", "", t) for t in got[1]])
            declined = outcome.abstained or outcome.error is not None
            quoted = [t for _d, _u, t in outcome.quotes]
            entry["abstained"] = declined
            if outcome.error:
                entry["error"] = outcome.error
            violations += outcome.violations
            if outcome.violations:
                entry["verbatim_violations"] = outcome.violations
            if unit_level:
                entry["quotes"] = [f"{d} {u}" for d, u, _t in outcome.quotes]
            if q.answerable:
                answerable += 1
                abst_wrong += declined
                if not declined and outcome.quotes and unit_level:
                    hits = [(canonical(d), u) in relevant for d, u, _t in outcome.quotes]
                    answered += 1
                    first_relevant += hits[0]
                    quotes_total += len(hits)
                    quotes_relevant += sum(hits)
                    entry["first_quote_relevant"] = hits[0]
                    entry["quotes_relevant"] = round(sum(hits) / len(hits), 4)
                if q.evidence:
                    with_evidence += 1
                    entry["evidence_quoted"] = not declined and quotes_evidence(quoted, q.evidence)
                    evidence_quoted += entry["evidence_quoted"]
            else:
                unanswerable += 1
                abst_right += declined
        per_question.append(entry)
    by_kind: dict[str, list[dict[str, float]]] = defaultdict(list)
    by_lang: dict[str, list[dict[str, float]]] = defaultdict(list)
    for q, s in rows:
        by_kind[q.kind].append(s)
        by_lang[q.lang or "?"].append(s)
    abstention: dict[str, Any] = {}
    if answer is not None:
        abstention = {
            "unanswerable": unanswerable,
            "abstained_on_unanswerable": abst_right,
            "abstention_rate": round(abst_right / unanswerable, 4) if unanswerable else None,
            "answerable": answerable,
            "false_abstentions": abst_wrong,
            "false_abstention_rate": round(abst_wrong / answerable, 4) if answerable else None,
            "with_evidence": with_evidence,
            "evidence_quoted": evidence_quoted,
            "evidence_quoted_rate": round(evidence_quoted / with_evidence, 4) if with_evidence else None,
        }
        if unit_level:
            abstention |= {
                "answered": answered,
                "quotes": quotes_total,
                "quotes_from_relevant": quotes_relevant,
                "quotes_relevant_rate": round(quotes_relevant / quotes_total, 4) if quotes_total else None,
                "first_quote_relevant": first_relevant,
                "first_quote_relevant_rate": round(first_relevant / answered, 4) if answered else None,
                "verbatim_violations": violations,
            }
    return EvalReport(
        overall=_mean([s for _q, s in rows]),
        by_kind={k: _mean(v) for k, v in sorted(by_kind.items())},
        by_lang={k: _mean(v) for k, v in sorted(by_lang.items())},
        abstention=abstention,
        per_question=per_question,
    )
