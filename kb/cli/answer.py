"""`kb ask` and `kb eval`: answers with verbatim quotes, and their evaluation."""

from __future__ import annotations

import os

import click

from ._common import TerminalProgress, _dump, _filters, _kb, echo, filter_options, handle_errors, one_of
from .search import _note_unindexed


@click.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Answer sentences with citation ids, and sources.")
@click.option("--markdown", is_flag=True, help="Paste-ready Markdown for a briefing note.")
@click.option("--llm", is_flag=True, help="Let an LLM (KB_LLM_BASE_URL, KB_LLM_MODEL) phrase the answer; "
              "every citation and quote is verified.")
@click.option("-k", "k", default=8, show_default=True, type=click.IntRange(1, 50), help="Units to read.")
@filter_options
@click.pass_context
@handle_errors
def ask(ctx: click.Context, question: tuple[str, ...], as_json: bool, markdown: bool, llm: bool, k: int, **filters) -> None:
    """Answer a question with verbatim quotes and pinpoint citations, or say that the
    indexed documents do not address it. Builds the index on first use."""
    from kb.answer import check_question

    one_of(**{"--json": as_json, "--markdown": markdown})
    text = check_question(" ".join(question))  # refused before a first-use build, not after
    kb = _kb(ctx)
    if not kb.has_index():
        kb.ensure_index(progress=TerminalProgress())  # first use on an empty home (it says so)
    from kb.answer import render_markdown, render_text

    answer = kb.ask(text, k=k, filters=_filters(**filters), use_llm=llm)
    _note_unindexed(kb, answer.language)  # in the answer's one language
    if as_json:
        _dump(answer.to_dict())
    elif markdown:
        echo(render_markdown(answer))
    else:
        echo(render_text(answer, width=min(100, _terminal_width())))


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 100


@click.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Every figure and per-question details.")
@click.option("--no-abstention", is_flag=True, help="Retrieval metrics only: skip answering (abstention, quotes).")
@filter_options
@click.pass_context
@handle_errors
def eval_cmd(ctx: click.Context, files: tuple[str, ...], as_json: bool, no_abstention: bool, **filters) -> None:
    """Recall@1/5/10, nDCG@10, MRR over question files (JSONL), overall and per kind; and
    for `kb ask`: quotes from relevant units, first quote relevant, evidence quoted,
    abstention on unanswerable and answerable questions, verbatim check of every quote.
    Several files are reported side by side (e.g. a tuning and a test fold)."""
    from pathlib import Path

    from kb.errors import CitationError, KbError, QuestionError
    from kb.evaluate import (AnswerOutcome, answer_outcome, evaluate, load_questions, missing_relevant_units,
                             unknown_relevant_documents)

    kb = _kb(ctx)
    flt = _filters(**filters)
    catalog = kb.catalog

    def rank(q: str):
        return [(h.document.id, h.unit.unit) for h in kb.search(q, k=10, filters=flt).hits]

    def canonical(doc_id: str) -> str:
        doc = catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    def unit_text(doc_id: str, unit: str) -> str | None:
        snap = kb.searcher().snapshot
        pos = snap.unit_index.get(f"{doc_id}::{unit}")
        return snap.units[pos].text if pos is not None else None

    def answer(q: str) -> AnswerOutcome:
        try:
            return answer_outcome(kb.ask(q, filters=flt), unit_text)
        except (QuestionError, CitationError) as exc:  # kb refuses the question: it declines
            return AnswerOutcome(True, error=str(exc))

    def questions(path: str):
        loaded = load_questions(path)
        unknown = unknown_relevant_documents(loaded, lambda doc_id: catalog.find(doc_id) is not None)
        if unknown:  # every question naming it would score 0 and look like a retrieval miss
            raise KbError(f"{path}: relevant document {unknown[0]!r} is not in the catalogue "
                          "(`kb corpus status` lists the ids; `kb add` adds a document)")
        missing = missing_relevant_units(loaded, indexed_units)
        if missing:  # "Pasal 999", "para 30a": never ranked, and scored as a retrieval miss
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise KbError(f"{path}: relevant unit {missing[0]!r}{more} is not a unit of the indexed document; "
                          f"`kb show \"{missing[0]}\"` says what it has")
        if no_abstention and not any(q.answerable for q in loaded):
            raise KbError(f"{path}: no question lists \"relevant\" units, so there is nothing to rank with "
                          "--no-abstention; drop --no-abstention to measure abstention on them")
        return loaded

    def indexed_units(doc_id: str) -> set[str] | None:
        """The unit names the index holds for a document and its variant copies (None: not indexed)."""
        snap = kb.searcher().snapshot
        ids = [d for d in snap.units_by_doc if canonical(d) == doc_id]
        if not ids:
            return None
        return {snap.units[int(i)].unit for d in ids for i in snap.units_by_doc[d]}

    reports = {Path(f).name: evaluate(questions(f), rank, canonical, None if no_abstention else answer)
               for f in files}
    if as_json:
        if len(reports) == 1:
            _dump(next(iter(reports.values())).to_dict())
        else:
            _dump({"files": {name: r.to_dict() for name, r in reports.items()}})
        return
    cols = ["n", "recall@1", "recall@5", "recall@10", "ndcg@10", "mrr@10"]
    for name, report in reports.items():
        if len(reports) > 1:
            echo(f"\n{name}")
        echo(f"{'':16}" + "".join(f"{c:>11}" for c in cols))
        for kind, row in [("overall", report.overall), *report.by_kind.items()]:
            # no answerable question: no score at all, "-" (it printed 0.000, read as a total miss)
            echo(f"{kind:16}" + "".join(f"{row.get(c, 0):>11}" if c == "n" else f"{row[c]:>11.3f}" if c in row
                                        else f"{'-':>11}" for c in cols))
    if not no_abstention:
        echo("")
        for line in answer_table({name: r.abstention for name, r in reports.items()}):
            echo(line)


ANSWER_ROWS = (
    # label, numerator, denominator, target
    ("quotes from relevant units", "quotes_from_relevant", "quotes", ">= 50 %"),
    ("first quote relevant", "first_quote_relevant", "answered", ">= 65 %"),
    ("evidence phrase quoted", "evidence_quoted", "with_evidence", ""),
    ("declined unanswerable", "abstained_on_unanswerable", "unanswerable", ">= 80 %"),
    ("declined answerable", "false_abstentions", "answerable", "<= 10 %"),
    ("quotes not verbatim", "verbatim_violations", None, "0"),
)


def answer_table(columns: dict[str, dict]) -> list[str]:
    """The answer metrics of each question file side by side: "n/d (rate)" per cell."""
    width = max(18, *(len(c) + 2 for c in columns))
    lines = [f"{'kb ask':28}" + "".join(f"{c:>{width}}" for c in columns) + f"{'target':>10}"]
    for label, num, den, target in ANSWER_ROWS:
        cells = []
        for a in columns.values():
            if num not in a or (den is not None and den not in a):
                cells.append("-")
            elif den is None:
                cells.append(str(a[num]))
            else:
                d = a[den]
                cells.append(f"{a[num]}/{d} ({a[num] / d:.0%})" if d else "-")
        lines.append(f"{label:28}" + "".join(f"{c:>{width}}" for c in cells) + f"{target:>10}")
    return lines
