"""An agreement that numbers its articles in Roman numerals ("ARTICLE III"), as many
bilateral MoUs do: its paragraphs and items are cited like any other article's, and an
article typed in Arabic numerals finds it ("art 3(2)" is Article III(2)).

Before: "Article III(2)" printed the whole Article III as if cited (the "(2)" was
dropped silently), "art 3(2)" and "Article 4" were "has no Article 3", and "Articles II
and III" named Article II alone. The fixture is self-written in the style of such MoUs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, kb_env
from kb.citations import CitationResolver, alternate_unit_names


def _home_with(tmp_path_factory, fixture: str, doc_id: str, title: str) -> Path:
    """A fresh home holding one self-written MoU of tests/fixtures, added as `kb add` does."""
    home = tmp_path_factory.mktemp(doc_id)
    out = _kb(home, "add", str(FIXTURES / fixture), "--id", doc_id, "--title", title, "--family", "bilateral",
              "--language", "en")
    assert out.returncode == 0, out.stderr
    return home


@pytest.fixture(scope="module")
def mou_home(tmp_path_factory) -> Path:
    return _home_with(tmp_path_factory, "mou-roman-articles.en.txt", "mou-no", "MoU Indonesia-Norland on domestic workers")


def _kb(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=kb_env(home), timeout=300)


def _show(home: Path, citation: str) -> dict:
    out = _kb(home, "show", citation, "--json")
    assert out.returncode == 0, (citation, out.stderr)
    return json.loads(out.stdout)


@pytest.mark.parametrize("typed, locator, words", [
    ("mou-no Article III(2)", "Article III(2)", "shall not keep the passport"),
    ("mou-no Article III paragraph 2", "Article III(2)", "shall not keep the passport"),
    ("mou-no art 3(2)", "Article III(2)", "shall not keep the passport"),
    ("mou-no Article II(b)", "Article II(b)", '"employer" means'),
    ("mou-no art. II (b)", "Article II(b)", '"employer" means'),
    ("mou-no Article 2 letter b", "Article II(b)", '"employer" means'),
])
def test_a_part_of_a_roman_numbered_article_is_cited_as_typed(mou_home, typed, locator, words):
    shown = _show(mou_home, typed)
    assert shown["locator"] == locator
    assert words in shown["part_text"] and shown["part_text"] in shown["text"]


def test_lists_and_ranges_of_roman_articles_name_every_article(mou_home):
    for typed, want in (("mou-no Articles II and III", ["Article II", "Article III"]),
                        ("mou-no Articles I-III", ["Article I", "Article II", "Article III"])):
        shown = _show(mou_home, typed)
        assert [r["unit"] for r in shown["results"]] == want, typed


def test_arabic_numbers_find_roman_articles_and_missing_ones_are_refused(mou_home):
    assert _show(mou_home, "mou-no Article 4")["unit"] == "Article IV"
    for typed, said in (("mou-no Article V", "has no Article V"), ("mou-no Article 9", "has no Article 9"),
                        ("mou-no Article III(4)", "has no (4)")):
        out = _kb(mou_home, "show", typed)
        assert out.returncode != 0 and said in out.stderr and "Traceback" not in out.stderr, typed
    # the index finds them the same way
    assert _kb(mou_home, "index").returncode == 0
    assert _show(mou_home, "mou-no art 3(2)")["locator"] == "Article III(2)"


def test_roman_words_are_not_numbers_and_statutes_keep_their_numbering():
    resolver = CitationResolver([])
    for text in ("the art civil code", "article ill", "state of the art in law"):
        cit = resolver.parse(text)
        assert cit is None or not any(u and u.startswith("Article") for _d, u, _l in cit.targets), text
    # an amending act's Pasal III is not its Pasal 3, nor a Committee paper's article 3 the Convention's
    assert alternate_unit_names("Pasal 3", ["Pasal I", "Pasal II", "Pasal III"], "national-law") == ["Article 3"]
    assert "Article III" not in alternate_unit_names("Article 3", ["Article III", "para 1"], "committee")
    assert "Article III" in alternate_unit_names("Article 3", ["Article III"], "bilateral")
    assert "Article 3" in alternate_unit_names("Article III", ["Article 3"], "convention")


# --- units named by words ("Section 2") and a finer part typed after them -------------


@pytest.fixture(scope="module")
def sections_home(tmp_path_factory) -> Path:
    return _home_with(tmp_path_factory, "mou-sections.en.txt", "mou-so", "MoU Indonesia-Southland")


def test_a_finer_part_typed_after_a_named_unit_is_never_dropped_silently(sections_home):
    """"Section 2.2" printed the whole Section 2 under the citation "Section 2", as if the
    user had cited that; now the citation keeps what was typed and says the text does not
    mark it, or prints the part when it is marked, or refuses one that is not there."""
    # Section 4 numbers no paragraph (Section 2's "2.1", "2.2" are its parts since real15b)
    for typed in ("mou-so Section 4.1", "mou-so section 4.1(b)"):
        out = _kb(sections_home, "show", typed)
        assert out.returncode == 0, out.stderr
        head = out.stdout.splitlines()[0]
        assert typed.split(None, 1)[1].replace("section", "Section") in head, head
        assert "is not marked separately in this text; the whole Section 4 follows" in out.stdout
    shown = _show(sections_home, "mou-so Section 2 (b)")  # the level left out is put back: Section 2.2(b)
    assert shown["part_text"].startswith("(b)") and "repatriation" in shown["part_text"]
    out = _kb(sections_home, "show", "mou-so Section 2(c)")
    assert out.returncode != 0 and "has no (c)" in out.stderr
    # a year after the name is not a part
    assert _show(sections_home, "mou-so Section 2, 2026")["locator"] == "Section 2"
