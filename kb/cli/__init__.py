"""kb command line: a thin layer over kb.KnowledgeBase.

Only click and the standard library load at start-up, so `kb --help` is instant; each
command imports what it needs. Every error a user can act on prints one line and exits 1.
Each command group lives in its own module; this one assembles them.
"""

from __future__ import annotations

import click

from . import answer, audit, brief, doctor, documents, index, links, mcp, recs, search, serve
from ._common import KbGroup, non_blank


@click.group(cls=KbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar="KB_HOME", callback=non_blank,
              help="State directory (texts, added documents, indexes). Env: KB_HOME.")
@click.option("--chroma-url", envvar="KB_CHROMA_URL", metavar="URL",
              help="Use a Chroma server (http://host:port) instead of the embedded store. Env: KB_CHROMA_URL.")
@click.version_option("0.1.0", prog_name="kb")
def main(home: str | None, chroma_url: str | None) -> None:
    """kb: search and quote the law on migrant workers' rights, with exact citations.

    \b
    First use:  kb ask "Apakah majikan boleh menahan paspor PRT migran?"
                (imports the corpus mirror and builds the index on first use)
    Then:       kb search "recruitment fees" --json
                kb show "UU 18/2017 Pasal 30"
    """


for _command in (documents.corpus, documents.add, documents.remove, search.show, index.index, search.search,
                 answer.ask, answer.eval_cmd, links.links, recs.recs, brief.brief, doctor.doctor, serve.serve,
                 mcp.mcp):
    main.add_command(_command)
documents.corpus.add_command(audit.corpus_audit)
