"""What a user types, as the real `kb` command receives it: bytes that are not UTF-8 and
terminal control sequences in questions and queries (every entry point reads them through
`kb.validate.readable_text`), shell junk whose language no detector can tell, chapters,
abbreviations and typos in `kb show`, unknown party codes, the id rule `kb add` states.
Found by a new user's session (notes/eyes5-report.md, sections 6, 11, 14-16)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import kb_env


def kb_cmd(home, *args: str | bytes) -> subprocess.CompletedProcess:
    """`kb ARGS`; an argument given as bytes reaches kb as those bytes (POSIX argv)."""
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home), timeout=600, stdin=subprocess.DEVNULL)


def assert_one_line_error(out: subprocess.CompletedProcess, *words: str) -> str:
    assert out.returncode != 0, (out.returncode, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kb: error:"), out.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# --- text kb can read ------------------------------------------------------------------


@pytest.mark.parametrize("typed, read", [
    ("abc\x01\x02\x7f\udcc3( paspor", "abc \ufffd( paspor"),  # argv bytes 0xc3 0x28: not UTF-8
    ("\udcff\udcfe paspor", "\ufffd\ufffd paspor"),
    ("paspor\x1b[31m merah\x07 majikan", "paspor merah majikan"),  # no "31", "m" words
    ("\x1b]0;title\x07paspor", " paspor"),
    ("pas\u202eport\u2066", "passport"[:3] + "port"),  # invisible bidi controls are dropped
    ("baris satu\nbaris\tdua", "baris satu\nbaris\tdua"),  # line breaks and tabs stay
    ("Apakah majikan boleh menahan paspor?", "Apakah majikan boleh menahan paspor?"),
])
def test_readable_text(typed, read):
    from kb.validate import readable_text

    assert readable_text(typed) == read
    readable_text(typed).encode("utf-8")  # what the embedder does with it


def test_the_question_check_gives_the_analysers_readable_text():
    from kb.answer.checks import check_question

    assert check_question(" paspor\x1b[31m majikan\x07 ") == "paspor majikan"
    assert check_question("abc\udcc3\x28 paspor") == "abc\ufffd( paspor"


def test_shell_junk_is_not_said_to_be_in_a_language():
    """CLD2 calls "$(rm -rf /tmp/x) `id` paspor && echo hi | cat; ../../etc/passwd"
    Danish (97 %, reliable): built from shell syntax and paths, the verdict is not said."""
    from kb.answer.checks import check_question, rests_on_words
    from kb.errors import QuestionError

    for junk in ["$(rm -rf /tmp/x) `id` paspor && echo hi | cat; ../../etc/passwd", "rm -rf tmp echo cat etc passwd"]:
        assert not rests_on_words(junk)
        with pytest.raises(QuestionError, match="too few words kb can read") as err:
            check_question(junk)
        assert "Danish" not in str(err.value)
    # real sentences of other languages are still named
    for sentence, language in [("Må arbejdsgiveren beholde arbejderens pas?", "Danish"),
                               ("L'employeur peut-il garder le passeport du travailleur ?", "French"),
                               ("雇主可以扣留移民工人的护照吗？", "Chinese"),
                               ("هل يجوز لصاحب العمل الاحتفاظ بجواز سفر العامل المهاجر؟", "Arabic")]:
        with pytest.raises(QuestionError, match=f"this one is in {language}"):
            check_question(sentence)


def test_shell_junk_question_from_the_command_line(tmp_path):
    out = kb_cmd(tmp_path / "home", "ask", "$(rm -rf /tmp/x) `id` paspor && echo hi | cat; ../../etc/passwd")
    line = assert_one_line_error(out, "too few words kb can read")
    assert "Danish" not in line and out.stdout == ""


@pytest.mark.slow
def test_bytes_that_are_not_utf8_are_answered_not_a_traceback(slice_kb):
    home = slice_kb.settings.home
    asked = kb_cmd(home, "ask", b"abc\x01\x02\x7f\xc3\x28 paspor", "--json")
    assert asked.returncode == 0 and "Traceback" not in asked.stderr, asked.stderr
    assert json.loads(asked.stdout)["question"] == "abc \ufffd( paspor"
    searched = kb_cmd(home, "search", b"\xff\xfe paspor", "--json")
    assert searched.returncode == 0 and "Traceback" not in searched.stderr, searched.stderr
    assert json.loads(searched.stdout)["query"] == "\ufffd\ufffd paspor"
    escaped = kb_cmd(home, "ask", "paspor\x1b[31m merah\x07 majikan", "--json")
    assert escaped.returncode == 0 and json.loads(escaped.stdout)["question"] == "paspor merah majikan"
    # the library's own entry points read the same text
    assert slice_kb.search("\udcff\udcfe paspor", k=3).query == "\ufffd\ufffd paspor"
    assert slice_kb.ask("abc\udcc3( paspor").question == "abc\ufffd( paspor"


# --- kb show: chapters, typos -----------------------------------------------------------


@pytest.mark.slow
def test_show_lists_the_units_of_a_chapter(full_kb):
    hits = full_kb.get_all("BAB XI UU 18/2017")
    units = [h.unit.unit for h in hits]
    assert units[0] == "Pasal 79" and units == [f"Pasal {n}" for n in range(79, 79 + len(units))], units
    assert all(h.exact and any(x.startswith("BAB XI") for x in h.unit.heading) for h in hits)
    shown = full_kb.show("BAB XI UU 18/2017")
    assert shown["citation"] == "BAB XI UU 18/2017" and [r["unit"] for r in shown["results"]] == units
    out = kb_cmd(full_kb.settings.home, "show", "BAB XI UU 18/2017")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("UU No. 18 Tahun 2017, Pasal 79") and "UU No. 18 Tahun 2017, Pasal 84" in out.stdout
    assert_one_line_error(kb_cmd(full_kb.settings.home, "show", "BAB XX UU 18/2017"),
                          "UU No. 18 Tahun 2017 has no BAB XX; it has BAB I–XIII")
    # a chapter heading the OCR text lost is not said to be missing from the law
    line = assert_one_line_error(kb_cmd(full_kb.settings.home, "show", "BAB II PP 59/2021"), "BAB I, III")
    assert "indexed text" in line


@pytest.mark.slow
def test_show_abbreviations_and_typos(full_kb):
    home = full_kb.settings.home
    out = kb_cmd(home, "show", "uu18/2017 psl 30")
    assert out.returncode == 0 and out.stdout.startswith("UU No. 18 Tahun 2017, Pasal 30"), out.stderr
    assert_one_line_error(kb_cmd(home, "show", "Psal 30 UU 18/2017"), "did you mean 'Pasal 30 UU 18/2017'?")
    assert_one_line_error(kb_cmd(home, "show", "UU 18/2071 Pasal 30"), "did you mean 'UU 18/2017 Pasal 30'?")


@pytest.mark.slow
def test_show_says_what_ask_says_of_an_unknown_general_comment_and_a_missing_document(full_kb):
    home = full_kb.settings.home
    # Before: "cannot tell which document 'CMW/C/GC/9 para 1' cites" (ask named the general comments it has)
    for citation in ("CMW/C/GC/9 para 1", "GC 9 para 1"):
        assert_one_line_error(kb_cmd(home, "show", citation),
                              "the catalogue has no general comment No. 9 of the Committee on Migrant Workers",
                              "No. 1–8")
    # a joint general comment's other body's number is that body's
    out = kb_cmd(home, "show", "CMW/C/GC/3-CRC/C/GC/22, para. 17")
    assert out.returncode == 0, out.stderr
    # Before: only `kb corpus fetch icrmw` (the Convention is not in the mirror)
    assert_one_line_error(kb_cmd(home, "show", "ICRMW art. 21"), "kb corpus fetch icrmw", "kb add FILE --id icrmw")


# --- filters and kb add's own words -------------------------------------------------------


@pytest.mark.slow
def test_an_unknown_party_code_is_an_error_naming_the_known_ones(slice_kb):
    from kb.errors import KbError

    with pytest.raises(KbError, match=r"unknown party code 'XXX': the catalogue's documents bind .*IDN"):
        slice_kb.search("paspor", party=("XXX",))
    assert slice_kb.search("paspor", party=("xxl",)).hits  # the fixture MoU's party
    line = assert_one_line_error(kb_cmd(slice_kb.settings.home, "search", "paspor", "--party", "XXX"), "XXX")
    assert "ASEAN" in line and "IDN" in line


def test_kb_add_help_states_the_id_rule_its_error_applies(tmp_path):
    from kb.validate import ID_RULE

    help_text = " ".join(kb_cmd(tmp_path / "home", "add", "--help").stdout.split())
    assert " ".join(ID_RULE.split()) in help_text
    (tmp_path / "doc.txt").write_text("Pasal 1\nIsi.\n", encoding="utf-8")
    error = assert_one_line_error(kb_cmd(tmp_path / "home", "add", str(tmp_path / "doc.txt"), "--id", "Bad/Id",
                                         "--title", "x", "--family", "bilateral", "--language", "id"))
    assert ID_RULE in error


def test_a_text_file_named_pdf_is_said_to_be_plain_text(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello, this is not a PDF\n", encoding="utf-8")
    line = assert_one_line_error(kb_cmd(tmp_path / "home", "add", str(fake), "--id", "fake-doc", "--title", "x",
                                        "--family", "bilateral", "--language", "en"))
    assert "fake.pdf: is plain text, not a PDF" in line and "text text" not in line


@pytest.mark.parametrize("command, what", [("ask", "question"), ("search", "query")])
def test_a_text_of_only_undecodable_bytes_is_said_to_have_no_readable_text(tmp_path, command, what):
    # Before: ask said "the question is empty"; search ranked units for "\ufffd\ufffd\ufffd"
    out = kb_cmd(tmp_path / "home", command, b"\xff\xfe\xfd")
    assert_one_line_error(out, f"the {what} has no readable text (only undecodable bytes or control characters)")
    assert out.stdout == ""


def test_kb_add_says_a_missing_file_and_an_id_already_added_first(tmp_path):
    # A fresh user's `kb add /tmp/nope.pdf --id x1` was told "a new document needs
    # --title, --family, --language", and so was adding a file again under its own id.
    home = tmp_path / "home"
    assert_one_line_error(kb_cmd(home, "add", str(tmp_path / "nope.pdf"), "--id", "x1"), "no such file", "nope.pdf")
    text = tmp_path / "mou.txt"
    text.write_text("Article 1\nThe Parties shall cooperate on the protection of workers.\n", encoding="utf-8")
    assert kb_cmd(home, "add", str(text), "--id", "mou-x1", "--title", "MoU", "--family", "bilateral",
                  "--language", "en").returncode == 0
    out = kb_cmd(home, "add", str(text), "--id", "mou-x1")
    assert_one_line_error(out, "already exists in your added documents", "kb remove mou-x1")
    assert "mou-x1" in kb_cmd(home, "corpus", "status").stdout


def test_first_use_without_a_mirror_names_where_it_looked(tmp_path):
    """A fresh clone placed where kb.toml's mirror path (or KB_MIRROR) finds nothing: the
    first `kb ask` says where it looked and how to fix it, in one line, exit 1 (it said
    only "no documents to index")."""
    from serving import run_kb

    out = run_kb(tmp_path / "home", "ask", "Apa isi Pasal 30 UU 18/2017?", env={"KB_MIRROR": str(tmp_path / "nowhere")})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(tmp_path / "nowhere") in lines[0] and "KB_MIRROR" in lines[0]
