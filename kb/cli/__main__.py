"""`python -m kb.cli`: the kb command."""

from . import main

main(prog_name="kb")
