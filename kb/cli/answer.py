"""`kb ask` and `kb eval`: answers with verbatim quotes, and their evaluation."""

from __future__ import annotations

import os

import click

from ._common import TerminalProgress, _dump, _filters, _kb, echo, filter_options, handle_errors
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
    kb = _kb(ctx)
    if not kb.has_index():
        kb.ensure_index(progress=TerminalProgress())  # first use on an empty home (it says so)
    _note_unindexed(kb)
    from kb.answer import render_markdown, render_text

    answer = kb.ask(" ".join(question), k=k, filters=_filters(**filters), use_llm=llm)
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
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--no-abstention", is_flag=True, help="Retrieval metrics only: skip answering (abstention, evidence).")
@filter_options
@click.pass_context
@handle_errors
def eval_cmd(ctx: click.Context, file: str, as_json: bool, no_abstention: bool, **filters) -> None:
    """Recall@1/5/10, nDCG@10, MRR over a question file (JSONL), overall and per kind;
    abstention on unanswerable questions; how often answers quote the evidence phrase."""
    from kb.evaluate import evaluate, load_questions

    kb = _kb(ctx)
    questions = load_questions(file)
    flt = _filters(**filters)
    catalog = kb.catalog

    def rank(q: str):
        return [(h.document.id, h.unit.unit) for h in kb.search(q, k=10, filters=flt).hits]

    def canonical(doc_id: str) -> str:
        doc = catalog.find(doc_id)
        return doc.variant_of if doc is not None and doc.variant_of else doc_id

    def answer(q: str):
        ans = kb.ask(q, filters=flt)
        return ans.abstained, [quote.text for quote in ans.quotes]

    report = evaluate(questions, rank, canonical, None if no_abstention else answer)
    if as_json:
        _dump(report.to_dict())
        return
    cols = ["n", "recall@1", "recall@5", "recall@10", "ndcg@10", "mrr@10"]
    echo(f"{'':16}" + "".join(f"{c:>11}" for c in cols))
    for name, row in [("overall", report.overall), *report.by_kind.items()]:
        echo(f"{name:16}" + "".join(f"{row.get(c, 0):>11.3f}" if c != "n" else f"{row.get(c, 0):>11}" for c in cols))
    if report.abstention:
        a = report.abstention
        if a["unanswerable"]:
            echo(f"\nabstention on unanswerable: {a['abstained_on_unanswerable']}/{a['unanswerable']}")
        if a["answerable"]:
            echo(f"false abstentions on answerable: {a['false_abstentions']}/{a['answerable']}")
        if a["with_evidence"]:
            echo(f"answers quoting the evidence phrase: {a['evidence_quoted']}/{a['with_evidence']}")

