"""Real documents, thirteenth round: Indonesian statutes of the public regulations store
mblonyox/data-peraturan whose text the statute parser lost or filed under the wrong unit,
fixed in its shared mechanism (kb/structure/statute_id). Each kind is tested on a short
text written in the style of the real ones, in our own words, and (when the environment
variable KB_PERATURAN_STORE names the store's git repository) on the real regulation,
read with `git show`.

- Amending acts: an amendment point after the closing quote of the provision the point
  before quoted ('... tertentu." 2. Judul Bab II diubah ...'), after empty emphasis
  mark-up ("__ __", "** **"), after a quoted title printed without a full stop, with its
  verb typed apart ("di hapus"), or keeping the article and rewriting its note ("Pasal 4
  tetap dengan perubahan penjelasan ..."): its own unit "Pasal I angka N" (was: glued into
  the point before, so UU 16/2000's Pasal I had 1 point of 43).
- Their Penjelasan: a section after "Cukup jelas" without a full stop, after a table's
  last amount ("... 336.500.000.000,00 Angka 3 Pasal 5 ..."), or written "Angka3": its own unit "Penjelasan Pasal I angka N" (was: glued into the one before).
- A ratification law whose treaty text follows the Penjelasan without a LAMPIRAN heading
  (UU 20/1999, UU 8/1994, UU 1/1999, UU 21/2009, UU 16/2016): the unit "Lampiran" (was: the
  treaty's articles read as "Penjelasan Pasal 3", "Penjelasan Pasal 4"... of a law of two
  articles).
- An article that opens with the words of the closing formula ("Agar setiap orang
  mengetahuinya, Peraturan Perundang-undangan harus diundangkan ...", UU 12/2011 Pasal
  81): the closing formula is taken only where no article heading follows it before the
  enactment, a signature or the Penjelasan (was: UU 12/2011's Pasal 81 to 104 lost).
"""

from __future__ import annotations


import pytest

from kb.models import Document, ParsedDocument, Unit
from kb.readers import read_bytes
from kb.structure import parse_document


def doc() -> Document:
    return Document(id="fixture", title="Fixture", citation="UU Contoh", family="national-law", language="id")


def parse_text(text: str) -> ParsedDocument:
    return parse_document(doc(), read_bytes(text.encode("utf-8"), "fixture.txt"))


def names(p: ParsedDocument) -> list[str]:
    return [u.unit for u in p.units]


def unit(p: ParsedDocument, name: str) -> Unit:
    return next(u for u in p.units if u.unit == name)


# ------------------------------------------------------------------ amending acts

AMENDING = """UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 9 TAHUN 2031 TENTANG PERUBAHAN ATAS UNDANG-UNDANG NOMOR 4 TAHUN 2030 TENTANG TAMAN KOTA
DENGAN RAHMAT TUHAN YANG MAHA ESA PRESIDEN REPUBLIK INDONESIA,
Menimbang : bahwa aturan taman kota perlu disesuaikan;
Mengingat : Pasal 20 Undang-Undang Dasar;
Dengan Persetujuan Bersama DEWAN PERWAKILAN RAKYAT dan PRESIDEN REPUBLIK INDONESIA
MEMUTUSKAN:
Menetapkan : UNDANG-UNDANG TENTANG PERUBAHAN ATAS UNDANG-UNDANG NOMOR 4 TAHUN 2030 TENTANG TAMAN KOTA.
Pasal I
Beberapa ketentuan dalam Undang-Undang Nomor 4 Tahun 2030 tentang Taman Kota diubah sebagai berikut:
1. Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut: "Pasal 1 Dalam Undang-Undang ini yang dimaksud dengan:
1. Taman adalah ruang hijau milik kota.
2. Pengelola adalah dinas yang merawat taman." 2. Judul Bab II diubah sehingga berbunyi sebagai berikut: "BAB II PENGELOLAAN TAMAN KOTA" 3. Ketentuan Pasal 3 diubah sehingga berbunyi sebagai berikut: "Pasal 3 Pengelola membuka taman setiap hari."
** ** 4. Ketentuan Pasal 4 ayat (2) di hapus. __ __ 5. Pasal 6 tetap dengan perubahan penjelasan Pasal 6 sehingga penjelasan Pasal 6 menjadi sebagaimana tercantum dalam penjelasan.
Pasal II
Undang-Undang ini mulai berlaku pada tanggal 1 Januari 2032.
Agar setiap orang mengetahuinya, memerintahkan pengundangan Undang-Undang ini dengan penempatan dalam Lembaran-Negara Republik Indonesia.
Disahkan di Jakarta pada tanggal 2 Mei 2031 PRESIDEN REPUBLIK INDONESIA, ttd. NAMA PEJABAT
LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2031 NOMOR 12
PENJELASAN ATAS UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 9 TAHUN 2031 TENTANG PERUBAHAN ATAS UNDANG-UNDANG NOMOR 4 TAHUN 2030 TENTANG TAMAN KOTA
I. UMUM
Perubahan ini menyesuaikan pengelolaan taman kota.
II. PASAL DEMI PASAL
Pasal I
Angka 1 Pasal 1 Cukup jelas. Angka 2 Cukup jelas Angka3 Pasal 3 Taman dibuka juga pada hari libur. Angka 4 Cukup jelas Angka 5 Pasal 6 Yang dimaksud dengan taman adalah taman yang dibuka untuk umum.
Pasal II
Cukup jelas.
TAMBAHAN LEMBARAN NEGARA REPUBLIK INDONESIA NOMOR 77
"""


def test_every_amendment_point_is_its_own_unit():
    p = parse_text(AMENDING)
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    assert points == [f"Pasal I angka {n}" for n in range(1, 6)]
    assert unit(p, "Pasal I angka 1").text.endswith("merawat taman.\"")
    assert unit(p, "Pasal I angka 2").text.startswith("2. Judul Bab II diubah")
    assert unit(p, "Pasal I angka 3").text.startswith("3. Ketentuan Pasal 3 diubah")
    assert unit(p, "Pasal I angka 4").text.startswith("4. Ketentuan Pasal 4 ayat (2) di hapus")
    assert unit(p, "Pasal I angka 5").text.startswith("5. Pasal 6 tetap dengan perubahan penjelasan")
    amends = {u.unit: u.amends for u in p.units if u.amends and u.unit.startswith("Pasal I angka")}
    assert amends["Pasal I angka 3"] == "Pasal 3 UU 4/2030"
    assert amends["Pasal I angka 4"] == "Pasal 4 UU 4/2030"
    assert amends["Pasal I angka 5"].startswith("Pasal 6")


def test_every_note_section_of_an_amending_act_is_its_own_unit():
    p = parse_text(AMENDING)
    sections = [n for n in names(p) if n.startswith("Penjelasan Pasal I angka ")]
    assert sections == [f"Penjelasan Pasal I angka {n}" for n in range(1, 6)]
    assert unit(p, "Penjelasan Pasal I angka 2").text == "Angka 2 Cukup jelas"
    assert unit(p, "Penjelasan Pasal I angka 3").text.startswith("Angka3 Pasal 3 Taman dibuka")
    assert unit(p, "Penjelasan Pasal I angka 4").text == "Angka 4 Cukup jelas"


def test_a_note_section_after_a_table_amount_opens_with_its_quoted_article():
    """'... Rp 90.000.000,00 Angka 3 Pasal 3 ...' (a budget or tax table ends the note
    before: UU 16/2000, UU 35/2004): a section, since it names the article its point
    quotes."""
    p = parse_text(AMENDING.replace("Angka 2 Cukup jelas Angka3", "Angka 2 Contoh: tarif Rp 90.000.000,00 Angka3"))
    assert unit(p, "Penjelasan Pasal I angka 3").text.startswith("Angka3 Pasal 3 Taman dibuka")
    assert unit(p, "Penjelasan Pasal I angka 2").text.endswith("Rp 90.000.000,00")


def test_a_list_inside_a_quoted_article_is_no_amendment_point():
    """The quoted Pasal 1's "2. Pengelola adalah ..." (no amendment verb) stays in point 1."""
    p = parse_text(AMENDING)
    assert "2. Pengelola adalah dinas" in unit(p, "Pasal I angka 1").text


TITLE_AND_LOST_STOP = AMENDING.replace(
    '** ** 4. Ketentuan Pasal 4 ayat (2) di hapus.',
    '4. Judul Bagian Kedua BAB III diubah sehingga berbunyi sebagai berikut:\n'
    'Bagian Kedua Petugas Taman 5. Ketentuan Pasal 8 diubah sehingga berbunyi sebagai berikut:\n'
    'Pasal 8\n(1) Petugas taman diangkat oleh wali kota.\n(2) Petugas taman melapor setiap bulan kepada Pengelola'
    ' 6. Ketentuan Pasal 4 ayat (2) di hapus.').replace("__ __ 5. Pasal 6 tetap", "__ __ 7. Pasal 6 tetap")


def test_a_point_after_an_unquoted_division_title_or_an_article_without_its_last_full_stop():
    """'... berikut: Bagian Kedua Petugas Taman 5. Ketentuan ...' (UU 2/2014 point 15) and
    '... kepada Pengelola 6. Ketentuan Pasal 4 ...' (UU 2/2014 point 25)."""
    p = parse_text(TITLE_AND_LOST_STOP)
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    assert points == [f"Pasal I angka {n}" for n in range(1, 8)]
    assert unit(p, "Pasal I angka 4").text.endswith("Bagian Kedua Petugas Taman")
    assert unit(p, "Pasal I angka 5").text.endswith("kepada Pengelola")
    assert unit(p, "Pasal I angka 6").text.startswith("6. Ketentuan Pasal 4 ayat (2) di hapus")


# ------------------------------------------------------------------ ratification law

RATIFICATION = """UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 3 TAHUN 2032 TENTANG PENGESAHAN PERJANJIAN KERJA SAMA TAMAN ANTARA REPUBLIK INDONESIA DAN NEGERI CONTOH
DENGAN RAHMAT TUHAN YANG MAHA ESA PRESIDEN REPUBLIK INDONESIA,
Menimbang : bahwa kerja sama taman perlu disahkan;
Mengingat : Pasal 11 Undang-Undang Dasar;
Dengan Persetujuan Bersama DEWAN PERWAKILAN RAKYAT dan PRESIDEN REPUBLIK INDONESIA
MEMUTUSKAN:
Menetapkan : UNDANG-UNDANG TENTANG PENGESAHAN PERJANJIAN KERJA SAMA TAMAN.
Pasal 1
Mengesahkan Perjanjian Kerja Sama Taman yang naskah aslinya dalam bahasa Indonesia sebagaimana terlampir dan merupakan bagian yang tidak terpisahkan dari Undang-Undang Pengesahan ini.
Pasal 2
Undang-Undang ini mulai berlaku pada tanggal 1 Januari 2032.
Agar setiap orang mengetahuinya, memerintahkan pengundangan Undang-Undang ini dengan penempatan dalam Lembaran-Negara Republik Indonesia.
Disahkan di Jakarta pada tanggal 3 Maret 2032 PRESIDEN REPUBLIK INDONESIA, ttd. NAMA PEJABAT
LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2032 NOMOR 5
PENJELASAN ATAS UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 3 TAHUN 2032
I. UMUM
Kerja sama taman memperluas ruang hijau kedua negara.
II. PASAL DEMI PASAL
Pasal 1
Cukup jelas.
Pasal 2
Cukup jelas PERJANJIAN KERJA SAMA TAMAN ANTARA REPUBLIK INDONESIA DAN NEGERI CONTOH
Kedua Pihak, berhasrat memperluas ruang hijau, telah bersepakat sebagai berikut:
Pasal 1
Para Pihak saling bertukar bibit tanaman.
Pasal 2
Para Pihak menunjuk pejabat penghubung.
Pasal 3
Perjanjian ini mulai berlaku pada tanggal penandatanganan.
Pasal 4
Perjanjian ini dapat diubah atas persetujuan Para Pihak.
"""


def test_a_treaty_printed_after_the_notes_is_the_lampiran():
    p = parse_text(RATIFICATION)
    assert [n for n in names(p) if n.startswith(("Penjelasan", "Lampiran"))] == [
        "Penjelasan Umum", "Penjelasan Pasal 1", "Penjelasan Pasal 2", "Lampiran"]
    assert unit(p, "Penjelasan Pasal 2").text == "Cukup jelas"
    lampiran = unit(p, "Lampiran").text
    assert lampiran.startswith("PERJANJIAN KERJA SAMA TAMAN ANTARA")
    assert lampiran.endswith("atas persetujuan Para Pihak.")


def test_notes_on_the_treaty_closed_by_the_gazette_line_stay_notes():
    """An elucidation that discusses the treaty article by article and ends with the
    Penjelasan's gazette line (UU 19/1961) is still the Penjelasan."""
    p = parse_text(RATIFICATION.replace("Cukup jelas PERJANJIAN", "Cukup jelas. Perjanjian ini dijelaskan pasal demi pasal."
                                        "\nPERJANJIAN") + "TAMBAHAN LEMBARAN NEGARA REPUBLIK INDONESIA NOMOR 4321\n")
    assert "Lampiran" not in names(p)
    assert "Penjelasan Pasal 4" in names(p)


def test_notes_past_the_body_stay_notes_when_the_body_annexes_nothing():
    """Without the body's reference to an annexed text the notes are left as they are."""
    p = parse_text(RATIFICATION.replace("sebagaimana terlampir dan merupakan bagian yang tidak terpisahkan dari",
                                        "dan berlaku menurut"))
    assert "Lampiran" not in names(p)
    assert "Penjelasan Pasal 3" in names(p)


# ------------------------------------------------------------------ an article opening with the closing words

CLOSING_WORDS = """UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 5 TAHUN 2033 TENTANG PENGUMUMAN PERATURAN
DENGAN RAHMAT TUHAN YANG MAHA ESA PRESIDEN REPUBLIK INDONESIA,
Menimbang : bahwa peraturan perlu diumumkan;
Mengingat : Pasal 20 Undang-Undang Dasar;
Dengan Persetujuan Bersama DEWAN PERWAKILAN RAKYAT dan PRESIDEN REPUBLIK INDONESIA
MEMUTUSKAN:
Menetapkan : UNDANG-UNDANG TENTANG PENGUMUMAN PERATURAN.
Pasal 1
Peraturan dibuat oleh lembaga yang berwenang.
Pasal 2
Agar setiap orang mengetahuinya, Peraturan harus diumumkan dalam:
a. Lembaran Negara; atau
b. Berita Negara.
Pasal 3
Pengumuman dilakukan oleh menteri.
Pasal 4
Undang-Undang ini mulai berlaku pada tanggal 1 Januari 2032.
Agar setiap orang mengetahuinya, memerintahkan pengundangan Undang-Undang ini dengan penempatan dalam Lembaran-Negara Republik Indonesia.
Disahkan di Jakarta pada tanggal 5 Mei 2033 PRESIDEN REPUBLIK INDONESIA, ttd. NAMA PEJABAT
LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2033 NOMOR 8
"""


def test_an_article_opening_with_the_closing_words_is_no_closing_formula():
    p = parse_text(CLOSING_WORDS)
    assert names(p) == ["Menimbang", "Mengingat", "Pasal 1", "Pasal 2", "Pasal 3", "Pasal 4", "Penutup"]
    assert unit(p, "Pasal 2").text.startswith("Agar setiap orang mengetahuinya, Peraturan")
    assert unit(p, "Pasal 3").text == "Pengumuman dilakukan oleh menteri."
    assert unit(p, "Penutup").text.startswith("Agar setiap orang mengetahuinya, memerintahkan")


# ------------------------------------------------------------------ the real regulations (store)

from conftest import needs_peraturan_store as needs_store, peraturan_doc as store_doc  # noqa: E402


@needs_store
def test_store_uu_16_2000_amendment_points_after_closing_quotes():
    p = store_doc("uu/2000/16.md")
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    assert points == [f"Pasal I angka {n}" for n in range(1, len(points) + 1)]
    assert len(points) >= 40  # was 1
    assert unit(p, "Pasal I angka 2").text.startswith("2. Judul Bab II")


@needs_store
def test_store_uu_12_2011_articles_after_one_opening_with_the_closing_words():
    p = store_doc("uu/2011/12.md")
    arts = [int(n.split()[1]) for n in names(p) if n.startswith("Pasal ") and n.split()[1].isdigit()]
    assert arts == list(range(1, 105))  # was 1..80
    assert unit(p, "Pasal 81").text.startswith("Agar setiap orang mengetahuinya")
    assert unit(p, "Penutup").text.startswith("Agar setiap orang mengetahuinya, memerintahkan")


@needs_store
@pytest.mark.parametrize("path", ["uu/1999/20.md", "uu/1994/8.md", "uu/1999/1.md", "uu/2016/16.md", "uu/2009/21.md"])
def test_store_ratification_treaty_text_is_the_lampiran(path):
    p = store_doc(path)
    body = [n for n in names(p) if n.startswith("Pasal ")]
    notes = [n for n in names(p) if n.startswith("Penjelasan Pasal ")]
    assert notes == [f"Penjelasan {n}" for n in body]  # no note on an article the law does not have
    assert "Lampiran" in names(p)
    assert len(unit(p, "Lampiran").text) > 10000


@needs_store
@pytest.mark.parametrize("path", ["uu/2000/16.md", "uu/2004/35.md", "uu/2006/14.md"])
def test_store_note_sections_after_table_amounts(path):
    p = store_doc(path)
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    notes = [n for n in names(p) if n.startswith("Penjelasan Pasal I angka ")]
    assert notes == [f"Penjelasan {n}" for n in points]


@needs_store
def test_store_uu_2_2014_points_after_a_title_and_a_lost_full_stop_match_the_notes():
    p = store_doc("uu/2014/2.md")
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    notes = [n for n in names(p) if n.startswith("Penjelasan Pasal I angka ")]
    assert len(points) == len(notes) == 44  # was 1 point (and 44 note sections)


@needs_store
def test_store_uu_27_1957_a_treaty_after_the_signatures_keeps_the_closing_formula():
    """The closing formula orders the promulgation; the treaty's "Pasal I" after the
    signatures does not make the law's articles Roman."""
    p = store_doc("uu/1957/27.md")
    assert [n for n in names(p) if n.startswith("Pasal")] == ["Pasal 1", "Pasal 2", "Pasal 3"]
    assert "Penutup" in names(p)


@needs_store
def test_store_uu_2006_17_notes_kept_and_points_found():
    p = store_doc("uu/2006/17.md")
    points = [n for n in names(p) if n.startswith("Pasal I angka ")]
    assert points == [f"Pasal I angka {n}" for n in range(1, len(points) + 1)]
    assert any(u.text.startswith("5. Pasal 4 tetap dengan perubahan penjelasan") for u in p.units)
