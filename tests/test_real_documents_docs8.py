"""Real documents, eighth round: shapes found in the public store of Indonesian
regulations as text (a sample of 600: 150 near our domain — ketenagakerjaan, pekerja
migran, imigrasi, perdagangan orang — and 450 at random) and fixed in kb's shared
mechanisms. Each test lays a text out the way those documents are laid out, in our own
words; nothing here is copied from them.

- A Pasal heading whose "l" OCR read as "]", "!" or "|", or split off by a mark ("Pasa]
  12", "Pasa! I", "Pasa.l 7", "Pasa-l 1"): a heading, so its article is a unit, not text
  glued to the article before or lost after a Bagian title; in a Penjelasan, the
  elucidation of that article.
"""

from __future__ import annotations

import pytest

from kb.models import Document, ParsedDocument
from kb.readers.text import read_text
from kb.structure import statute_id


def parse_text(text: str) -> ParsedDocument:
    doc = Document(id="fixture", title="Fixture", citation="PP Contoh", family="national-law", language="id")
    return statute_id.parse(doc, read_text(text.encode("utf-8"), "fixture.txt"))


def units(p: ParsedDocument) -> dict[str, str]:
    return {u.unit: u.text for u in p.units}


PREAMBLE = """PERATURAN PEMERINTAH REPUBLIK INDONESIA
NOMOR 7 TAHUN 2030
TENTANG CUTI PEGAWAI
DENGAN RAHMAT TUHAN YANG MAHA ESA
PRESIDEN REPUBLIK INDONESIA,
Menimbang : bahwa untuk mengatur cuti pegawai perlu menetapkan Peraturan Pemerintah tentang Cuti Pegawai;
Mengingat : Pasal 5 ayat (2) Undang-Undang Dasar Negara Republik Indonesia Tahun 1945;
MEMUTUSKAN:
Menetapkan : PERATURAN PEMERINTAH TENTANG CUTI PEGAWAI.
"""


@pytest.mark.parametrize("word", ["Pasa]", "Pasa!", "Pasa|", "Pasa.l", "Pasa-l"])
def test_a_pasal_heading_whose_l_ocr_misread_is_a_heading(word):
    """Was: 'Pasal 3' lost after its Bagian title ('Cuti Bersama Pasa] 333 (l) ...' in no
    unit) and 'Pasal 5' glued into Pasal 4 (a regulation on civil servants, another on a
    university)."""
    text = PREAMBLE + f"""BAB I
KETENTUAN UMUM
Pasal 1
Pegawai berhak atas cuti.
Pasal 2
Cuti terdiri atas cuti tahunan dan cuti bersama.
Bagian Kedua
Cuti Bersama
{word} 3
(1) Presiden dapat menetapkan cuti bersama.
(2) Cuti bersama tidak mengurangi hak cuti tahunan.
Pasal 4
Cuti tahunan diberikan paling lama 12 (dua belas) hari kerja.
{word} 5
Pegawai yang akan pensiun diberi masa persiapan pensiun.
Pasal 6
Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.
Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Pemerintah ini.
"""
    got = units(parse_text(text))
    assert [u for u in got if u.startswith("Pasal")] == [f"Pasal {n}" for n in range(1, 7)], list(got)
    assert got["Pasal 3"].startswith("(1) Presiden dapat menetapkan cuti bersama.")
    assert got["Pasal 4"].endswith("hari kerja.")
    assert got["Pasal 5"].startswith("Pegawai yang akan pensiun")
