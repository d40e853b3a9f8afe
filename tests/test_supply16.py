"""A user's file given the id of a catalogue document it is not (round 16, a new user's trial).

`kb add mou.txt --id icrmw` stored a bilateral MoU as the Convention, silently: every
answer then quoted the MoU as "ICRMW, art. 3". The catalogue knows no checksum for the
Convention (it cannot be downloaded here), so the copy is kept, and `kb add` now warns
that the file never names the document, saying how to undo it. A real copy names itself
(every mirrored document does, by the same test)."""

from __future__ import annotations

import subprocess
import sys

from conftest import MIRROR, kb_env

MOU = """MEMORANDUM OF UNDERSTANDING BETWEEN THE GOVERNMENT OF THE REPUBLIC OF INDONESIA AND THE GOVERNMENT
OF XYZLAND ON THE PLACEMENT AND PROTECTION OF MIGRANT WORKERS

The Parties have agreed as follows:

Article 1
This Memorandum applies to the protection of the rights of migrant workers and members of their families.

Article 2
The employer shall not hold the passport of the worker.
"""


def test_a_file_that_never_names_the_catalogue_document_is_warned_of(tmp_path):
    path = tmp_path / "mou.txt"
    path.write_text(MOU, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kb.cli", "add", str(path), "--id", "icrmw"], capture_output=True,
                         text=True, env=kb_env(tmp_path / "home"), timeout=300)
    assert out.returncode == 0, out.stderr
    assert "warning: the file never names International Convention on the Protection" in out.stderr
    assert "`kb remove icrmw`" in out.stderr and "ICRMW" in out.stderr


def test_every_mirrored_document_names_itself(full_kb):
    from kb.cli.documents import _names_itself

    checked = [d.id for d in full_kb.catalog if full_kb.library.local_path(d.id) is not None
               and d.id != "uu-18-2017-ocr"]  # a variant copy, titled by the catalogue ("OCR scan with Penjelasan")
    assert len(checked) >= 15
    assert [d for d in checked if not _names_itself(full_kb, full_kb.catalog.get(d))] == []
