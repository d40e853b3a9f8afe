"""Round 7 of the hostile probes: what still broke, each kind fixed in the shared mechanism
and checked here through the real CLI and library.

- an input file that opens but cannot be read (EIO: /proc/self/mem, a bad sector, a share
  that went away) printed a traceback from `kb add`, `kb search --queries` and `kb eval`:
  kb.validate.open_input_file gives a file whose reads fail in one line;
- a zero-width character inside a citation's number cut it ("Pasal 3\\u200b0" showed
  Pasal 3), and digits of another script ("Pasal ٣٠") were looked for as written and
  reported lost in the OCR: kb.citations reads format characters as nothing and any
  decimal digit as its ASCII digit.
"""

from __future__ import annotations

import os

import pytest

import harness
from conftest import kb_env

pytestmark = pytest.mark.hostile

# A file every Linux process can open for reading and none can read from offset 0.
UNREADABLE = "/proc/self/mem"


# --- an input file that cannot be read -------------------------------------------------------


def test_open_input_file_turns_a_read_error_into_one_line():
    from kb.errors import InputError
    from kb.validate import open_input_file

    fh, _size = open_input_file(UNREADABLE)
    with fh, pytest.raises(InputError, match="cannot be read"):
        fh.read(10)


@pytest.mark.parametrize("command", [
    ("search", "--queries", UNREADABLE),
    ("eval", UNREADABLE),
    ("add", UNREADABLE, "--id", "mem", "--title", "T", "--family", "bilateral", "--language", "en"),
])
def test_a_file_that_cannot_be_read_is_one_line_and_changes_nothing(tmp_path, command):
    home = tmp_path / "home"
    (tmp_path / "no-mirror").mkdir()
    out = harness.kb(*command, env=kb_env(home, KB_MIRROR=str(tmp_path / "no-mirror")))
    out.check_refused(UNREADABLE, "cannot be read")
    assert not (home / "library" / "mem").exists()


# --- citations: what a number is made of --------------------------------------------------------


@pytest.mark.parametrize("typed", ["Pasal 3\u200b0", "Pasal 30\u00ad", "Pasal \u200e30", "Pasal \u0663\u0660",
                                   "Pasal \u0969\u0966", "Pasal \uff13\uff10", "Pasal 3\u20600"])
def test_a_citation_number_is_read_whole_in_any_digits(catalog, typed):
    from kb.citations import CitationResolver

    cited = CitationResolver(catalog).parse(f"UU 18/2017 {typed}")
    assert (cited.doc_id, cited.unit) == ("uu-18-2017", "Pasal 30")


@pytest.mark.slow
def test_show_of_a_number_with_a_zero_width_space_or_other_digits(slice_kb):
    env = kb_env(slice_kb.settings.home)
    for typed in ("1\u200b2", "\u0661\u0662", "\u0967\u0968"):
        out = harness.kb("show", f"CMW/C/GC/1 para {typed}", env=env)
        out.check_ok()
        assert out.stdout.startswith("CMW/C/GC/1, para. 12\n"), out.stdout[:200]
