"""Property-based checks, run by test_properties.py in a child process under the harness's
ceilings (address space, CPU time, wall clock): `python properties.py NAME`.

- every reader (`kb.readers.read_bytes` and each format's reader) given random bytes and
  mutations of real files returns a SourceText or raises ReadError, nothing else, each
  example within a deadline;
- the query path (citation parser, query analysis, the query validators, a search on a
  small real index) given random strings never raises anything but kb's own errors.

Examples are derandomized (the same every run, so CI is reproducible); KB_HOSTILE_RANDOM=1
explores new ones, KB_HOSTILE_EXAMPLES sets how many.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: pdfs.py, conftest.py

EXAMPLES = int(os.environ.get("KB_HOSTILE_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=datetime.timedelta(seconds=15),  # per example; the whole run is under the harness's ceilings
    derandomize=os.environ.get("KB_HOSTILE_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
MIRROR = Path(os.environ.get("KB_MIRROR") or HERE.parents[2] / "shared" / "corpus")
SLOWEST: list[tuple[float, str]] = []


def _timed(label: str):
    class _T:
        def __enter__(self):
            self.t = time.perf_counter()

        def __exit__(self, *exc):
            SLOWEST.append((time.perf_counter() - self.t, label))
            SLOWEST.sort(reverse=True)
            del SLOWEST[5:]

    return _T()


# --- seeds: small real files of every format ----------------------------------------------


def _seeds() -> dict[str, bytes]:
    import pdfs

    seeds = {
        "made.pdf": pdfs.text_pdf([["Article 1", "Migrant workers shall be free to leave any State."],
                                   ["Pasal 2", "(1) Setiap pekerja migran berhak atas upah."]]),
        "forms.pdf": pdfs.build([b"BT /F1 11 Tf 72 700 Td (Article 1 Text) Tj ET /X Do"],
                                forms={"X": b"BT /F1 11 Tf 72 650 Td (In a form) Tj ET /X Do"}),
        "page.html": (b"<!doctype html><html><head><meta charset='utf-8'><title>T</title></head><body>"
                      b"<h1>Article 1</h1><p>Migrant workers &amp; their families.</p><ul><li>a</li></ul>"
                      b"<script>x</script></body></html>"),
        "doc.xml": (b"<?xml version='1.0' encoding='UTF-8'?><treaty><article number='1'><title>Scope</title>"
                    b"<para>Migrant workers.</para></article></treaty>"),
        "law.txt": "Pasal 1\n(1) Pekerja migran berhak.\n- 2 -\nPasal 2\nCukup jelas.\n".encode(),
        "notes.md": b"# Article 1\n\nText with *emphasis* and a [link](http://x).\n",
    }
    try:  # a Word file (python-docx writes it)
        import io

        import docx

        document = docx.Document()
        document.add_heading("Article 1", level=1)
        document.add_paragraph("Migrant workers shall be free to leave any State.", style="List Number")
        document.add_paragraph("Pasal 2 (1) Setiap pekerja migran berhak atas upah.")
        buf = io.BytesIO()
        document.save(buf)
        seeds["made.docx"] = buf.getvalue()
    except ImportError:  # pragma: no cover - a declared dependency
        pass
    for rel in ("pdf/uu-6-2012.id.pdf", "national/uu-6-2012.id.txt", "committee/cmw-c-gc-1.en.txt",
                "bilateral/ijepa-2007.en.xml"):
        path = MIRROR / rel
        if path.is_file():
            seeds[path.name] = path.read_bytes()[:300_000]
    return seeds


SEEDS = _seeds()
NAMES = ["doc.pdf", "doc.txt", "doc.md", "doc.html", "doc.xml", "doc", "doc.htm", "doc.docx"]


@st.composite
def mutated(draw) -> tuple[bytes, str]:
    """A real file cut, with bytes flipped, inserted, repeated or removed, and a name."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            piece = bytes(data[at : at + draw(st.integers(1, 32))])
            data[at:at] = piece * draw(st.integers(1, 2000))
        else:
            data = data[: max(1, at)]
    return bytes(data), draw(st.sampled_from([name, *NAMES]))


ANY_FILE = st.one_of(st.tuples(st.binary(max_size=8192), st.sampled_from(NAMES)), mutated())


def readers() -> None:
    """read_bytes and every format's reader: a SourceText or a ReadError, nothing else."""
    from kb.errors import ReadError
    from kb.readers import read_bytes
    from kb.readers.docx import read_docx
    from kb.readers.html import read_html
    from kb.readers.pdf import read_pdf
    from kb.readers.text import read_text
    from kb.readers.xml import read_xml

    direct = {"pdf": read_pdf, "html": read_html, "xml": read_xml, "text": read_text, "docx": read_docx}

    @SETTINGS
    @given(ANY_FILE, st.sampled_from(sorted(direct)))
    def check(file: tuple[bytes, str], fmt: str) -> None:
        data, name = file
        for label, call in (("read_bytes", lambda: read_bytes(data, name)), (fmt, lambda: direct[fmt](data, name))):
            with _timed(f"{label} {name} {len(data)} bytes"):
                try:
                    source = call()
                except ReadError as exc:
                    assert str(exc) and "\n" not in str(exc), repr(str(exc))
                    continue
                assert isinstance(source.text, str)

    check()


def parsers() -> None:
    """Text that looks like law (headings, numbers, brackets, stray lines) through every
    structure parser, as `kb add` runs them: units or a KbError."""
    from kb.errors import KbError
    from kb.models import Document
    from kb.readers import read_bytes
    from kb.structure import parse_document

    families = [("national-law", "id"), ("committee", "en"), ("convention", "en"), ("regional", "en"),
                ("bilateral", "en"), ("bilateral", "id")]
    pieces = st.sampled_from(["Pasal ", "BAB ", "Bagian ", "Penjelasan", "ayat ", "huruf ", "Article ", "PART ",
                              "Chapter ", "para. ", "Annex", "Guidelines", "Menimbang", "Mengingat", "(", ")", "1",
                              "12", "999", "1000", "a", "b", ". ", ", ", "\n", "\n\n", " ", "- 2 -", "...", "I",
                              "IV", "x", "Cukup jelas.", "Agar", "\u00ad", "-\n", "\x0c", "¶", "§", "\t"])

    @SETTINGS
    @given(st.lists(pieces, min_size=20, max_size=600).map("".join), st.sampled_from(families))
    def check(text: str, family: tuple[str, str]) -> None:
        doc = Document(id="prop-doc", title="Property", citation="Property", family=family[0], language=family[1])
        try:
            source = read_bytes(text.encode("utf-8"), "prop.txt")
        except KbError:
            return
        with _timed(f"parse {family} {len(text)} chars"):
            try:
                parse_document(doc, source)
            except KbError:
                pass

    check()


QUERY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1900, max_size=5000),
    st.lists(st.sampled_from(["UU", "18/2017", "Pasal", "30", "ayat", "(1)", "huruf", "a", "GC", "2", "para",
                              "CMW/C/GC/2", "art", "94", "IJEPA", "¶", "99999999999999", "(99999)", "Penjelasan",
                              "paspor", "recruitment", "fees", "\x1b[2J", "\u202e", "\n", "  "]),
             max_size=60).map(" ".join),
)


def _refused(check, text: str) -> bool:
    from kb.errors import InputError

    try:
        check(text)
    except InputError:
        return True
    return False


def query_path() -> None:
    """Citation parser, query analysis and the query validators on random strings."""
    from kb.catalog import Catalog
    from kb.citations import CitationResolver
    from kb.config import BUILTIN_CATALOG
    from kb.errors import InputError, LimitError
    from kb.search.query import analyse_query
    from kb.validate import bound_query, citation, query, query_line, search_query

    resolver = CitationResolver(Catalog.load(BUILTIN_CATALOG))

    @SETTINGS
    @given(QUERY_TEXT)
    def check(text: str) -> None:
        with _timed(f"query path {len(text)} chars"):
            read = query(text)  # the text as kb reads it (kb.validate.readable_text: no control characters)
            cut, note = bound_query(read)
            assert len(cut) <= 2000 and (note is None) == (cut == read)
            resolver.parse(cut)
            analysed = analyse_query(cut, resolver)
            assert isinstance(analysed.tokens, list)
            try:
                citation(text)
            except LimitError:
                assert len(text) > 2000
            except InputError as exc:  # nothing to look up ("the citation is empty"), or a bidi
                # control between its characters (round 16: it shows other than it reads)
                assert not read.strip() or "bidi control" in str(exc), (text, str(exc))
            try:
                query_line(text, "q.txt:1")
            except InputError:  # a JSON line kb cannot use, or a line the search query check refuses
                assert text.strip().startswith("{") or _refused(search_query, text)

    check()


def search() -> None:
    """`kb.search` and `kb.ask` on a small real index (KB_HOME): results or kb's errors."""
    from kb import KnowledgeBase
    from kb.errors import KbError

    kb = KnowledgeBase.open()
    kb.search("warm up")

    @settings(SETTINGS, max_examples=max(10, EXAMPLES // 5))
    @given(QUERY_TEXT, st.booleans())
    def check(text: str, answer: bool) -> None:
        with _timed(f"{'ask' if answer else 'search'} {len(text)} chars"):
            try:
                if answer:
                    kb.ask(text)
                else:
                    result = kb.search(text, k=5)
                    assert len(result.query) <= 2000
            except KbError:
                pass

    check()


PROPERTIES = {"readers": readers, "parsers": parsers, "query_path": query_path, "search": search}

if __name__ == "__main__":
    name = sys.argv[1]
    started = time.perf_counter()
    PROPERTIES[name]()
    print(f"{name}: {EXAMPLES} examples passed in {time.perf_counter() - started:.1f}s; slowest:")
    for seconds, label in SLOWEST:
        print(f"  {seconds:6.2f}s {label}")
