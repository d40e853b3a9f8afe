"""HTML: the visible text of a page, one line per block element, headings as blocks.

Navigation, page headers and footers, scripts and styles are dropped; what remains is
the document. Headings h1-h6 become Block(kind="heading", attrs={"level": n}) so that
parsers can use a page's own outline, and each table a Block("table"). Items of an ordered list carry the number a
browser shows for them ("12. ", "(a)" is "a. " as <ol type="a"> renders it): a UN
document or an agreement saved as HTML numbers its paragraphs and articles that way,
and those numbers are what a citation names.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from ..errors import ReadError
from .base import Block, SourceText

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg", "iframe"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# What an <ol> counts in: its type attribute, or the CSS list-style-type a page sets on it.
_OL_TYPES = {"1": "1", "a": "a", "A": "A", "i": "i", "I": "I"}
_CSS_TYPES = {"decimal": "1", "lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A", "upper-latin": "A",
              "lower-roman": "i", "upper-roman": "I", "none": "none"}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
# Footnotes and endnotes as word processors and converters save them: the reference
# (LibreOffice "#sdfootnote1sym", Word "#_ftn1", pandoc "#fn1") and the note's own element
# ("sdfootnote1", "ftn1", "fn1"), and the note's link back to its reference.
_NOTE_REF = re.compile(r"^#(?:sd(?:foot|end)note|_(?:ftn|edn)|fn:?)(\d{1,4})(?:sym)?$", re.IGNORECASE)
_NOTE_BODY = re.compile(r"^(?:sd(?:foot|end)note|ftn|edn|fn:?)(\d{1,4})$", re.IGNORECASE)
_NOTE_BACK = re.compile(r"^#(?:sd(?:foot|end)note\d+anc|_(?:ftn|edn)ref\d+|fnref:?\d+)$", re.IGNORECASE)


def _note_kind(key: str) -> str:
    return "endnote" if re.search(r"end|edn", key, re.IGNORECASE) else "footnote"


def _list_type(attrs: dict, default: str) -> str:
    m = _LIST_STYLE.search(attrs.get("style") or "")
    if m and m.group(1).lower() in _CSS_TYPES:
        return _CSS_TYPES[m.group(1).lower()]
    return _OL_TYPES.get((attrs.get("type") or "").strip(), default)


def _int_attr(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _list_label(n: int, kind: str) -> str:
    """The marker a browser shows for item `n` of a list of `kind`, as text."""
    from .docx import _format_number

    fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}.get(kind, "decimal")
    return f"{_format_number(n, fmt)}. "


def decode_html(data: bytes, name: str) -> str:
    """Bytes to text: byte-order mark, then the declared charset, then UTF-8."""
    declared: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[3:], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        m = _CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii").lower() if m else None
        encoding = declared or "utf-8"
    try:
        return data.decode(encoding)
    except LookupError:
        raise ReadError(f"{name}: the page declares an unknown charset ({declared})") from None
    except UnicodeDecodeError as exc:
        hint = f"is not valid {declared} as it declares" if declared else "declares no charset and is not UTF-8"
        raise ReadError(
            f"{name}: the page {hint} (bad byte at offset {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pos = 0
        self.skip_depth = 0  # inside dropped elements
        self.skip_stack: list[str] = []
        self.pre = 0
        self.heading: tuple[int, int] | None = None  # (level, start offset)
        self.blocks: list[Block] = []
        self.title = ""
        self.in_title = False
        # open lists: [kind, next number] for <ol> ("1", "a", "i"...), ["bullet", 0] for <ul>
        self.lists: list[list] = []
        self.pending_label = ""  # an item's number, written with its first text
        self.tables: list[int] = []  # start offsets of the open <table> elements
        self.cells: list[int] = []  # per open table: cells begun in its current row (0: none)
        self.refs: list[tuple[int, str, str]] = []  # (offset, kind, number) of note references
        self.notes: dict[tuple[str, str], str] = {}  # (kind, number) -> the note's text
        self.hidden_a = 0  # inside a note's reference or back link: its number is no text
        self.capture: list | None = None  # [tag, depth, kind, number, saved state] while in a note

    # -- output
    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def _last(self) -> str:
        return self.parts[-1][-1:] if self.parts else "\n"

    def _end_line(self) -> None:
        if self.cells and self.cells[-1] > 0:
            # inside a table cell: its paragraphs run on, so that a row is one line
            # ("Equality of treatment | 25"), as the Word reader gives it; a lone "25"
            # on its own line would read as a page number
            if self._last() not in (" ", "\n"):
                self._put(" ")
            return
        if self.parts and self._last() == " ":
            self.parts[-1] = self.parts[-1][:-1]
            self.pos -= 1
            if not self.parts[-1]:
                self.parts.pop()
        if self._last() != "\n":
            self._put("\n")

    # -- notes
    def _notes_start(self, tag: str, attrs: list) -> bool:
        """A note reference, a back link, or a note's own element opening; True when the
        tag is taken care of."""
        named = dict(attrs)
        if tag == "a":
            href = (named.get("href") or "").strip()
            ref = _NOTE_REF.match(href)
            if ref and self.capture is None:
                self.refs.append((self.pos, _note_kind(href), str(int(ref.group(1)))))
                self.hidden_a += 1
                return True
            if _NOTE_BACK.match(href) and self.capture is not None:
                self.hidden_a += 1
                return True
            if self.hidden_a:
                self.hidden_a += 1
                return True
        if self.capture is not None:
            if tag == self.capture[0]:
                self.capture[1] += 1
            return False
        body = _NOTE_BODY.match((named.get("id") or "").strip())
        if body and tag in ("div", "li", "aside", "p", "section"):
            saved = (self.parts, self.pos, self.pending_label)
            self.parts, self.pos, self.pending_label = [], 0, ""
            self.capture = [tag, 1, _note_kind(named["id"]), str(int(body.group(1))), saved]
            return True
        return False

    def _notes_end(self, tag: str) -> bool:
        if tag == "a" and self.hidden_a:
            self.hidden_a -= 1
            return True
        if self.capture is not None and tag == self.capture[0]:
            self.capture[1] -= 1
            if self.capture[1] == 0:
                _tag, _depth, kind, number, saved = self.capture
                text = _SPACES.sub(" ", "".join(self.parts)).strip()
                text = re.sub(rf"^(?:\[?{number}\]?\.?\s+)", "", text)  # a number the note repeats as text
                self.parts, self.pos, self.pending_label = saved
                self.capture = None
                if text:
                    self.notes[(kind, number)] = text
                return True
        return False

    # -- parser events
    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self.in_title = True
        if self.skip_depth or tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
                self.skip_stack.append(tag)
            return
        if self._notes_start(tag, attrs):
            return
        if (tag in _BLOCK or tag == "br") and tag not in ("td", "th", "tr", "table"):
            self._end_line()
        if tag == "table":
            self._end_line()
        if tag == "pre":
            self.pre += 1
        if tag in _HEADINGS:
            self.heading = (_HEADINGS[tag], self.pos)
        if tag == "table":
            self.tables.append(self.pos)
            self.cells.append(0)
        elif tag == "tr" and self.cells:
            self.cells[-1] = 0
            self._end_line()
        elif tag in ("td", "th") and self.cells:
            if self.cells[-1] > 0:
                if self._last() == " ":
                    self.parts[-1] = self.parts[-1][:-1]
                    self.pos -= 1
                self._put(" | ")
            self.cells[-1] += 1
        if tag in ("ol", "ul"):
            named = dict(attrs)
            if tag == "ol":
                start = _int_attr(named.get("start"))
                self.lists.append([_list_type(named, "1"), 1 if start is None else start])
            else:
                self.lists.append(["bullet", 0])
        elif tag == "li" and self.lists and self.lists[-1][0] not in ("bullet", "none"):
            current = self.lists[-1]
            value = _int_attr(dict(attrs).get("value"))
            n = current[1] if value is None else value
            current[1] = n + 1
            self.pending_label = _list_label(n, current[0])

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if not self.skip_depth and (tag in _BLOCK or tag == "br"):
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skip_depth:
            if tag in self.skip_stack:
                while self.skip_stack:  # close what was left open inside, too
                    self.skip_depth -= 1
                    if self.skip_stack.pop() == tag:
                        break
            return
        if self._notes_end(tag):
            return
        if tag in _HEADINGS and self.heading is not None:
            level, start = self.heading
            self._end_line()
            end = self.pos - 1
            if end > start:
                self.blocks.append(Block("heading", start, end, {"level": level}))
            self.heading = None
        elif tag in _BLOCK:
            self._end_line()
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag == "tr" and self.cells:
            self.cells[-1] = 0
            self._end_line()
        if tag == "table" and self.tables:
            self.cells.pop()
            self._end_line()
            start = self.tables.pop()
            if self.pos - 1 > start:  # parsers read a table's cells as text, never as headings
                self.blocks.append(Block("table", start, self.pos - 1))
        if tag == "li":
            self.pending_label = ""
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.skip_depth or self.hidden_a:
            return
        if self.pre:
            self._put(data)
            return
        text = _SPACES.sub(" ", data)
        if self._last() in ("\n", " "):
            text = text.lstrip(" ")
        if text:
            if self.pending_label:
                if self._last() != "\n":
                    self._end_line()
                self._put(self.pending_label)
                self.pending_label = ""
            self._put(text)


def read_html(data: bytes, name: str = "document") -> SourceText:
    text = decode_html(data, name)
    parser = _Extractor()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a safety net
        raise ReadError(f"{name}: the HTML could not be parsed ({exc})") from None
    parser._end_line()
    body = "".join(parser.parts)
    if not body.strip():
        raise ReadError(f"{name}: the page has no visible text")
    meta = {"title": _SPACES.sub(" ", parser.title).strip()} if parser.title.strip() else {}
    blocks, removed = list(parser.blocks), []
    for offset, kind, number in parser.refs:
        attrs: dict = {"number": number}
        note = parser.notes.get((kind, number))
        if note:
            attrs["text"] = note
        blocks.append(Block("note-ref", min(offset, len(body)), min(offset, len(body)), attrs))
    for (_kind, _number), note in parser.notes.items():
        removed.append(("notes", note, None))
    blocks.sort(key=lambda b: (b.start, b.end))
    return SourceText(text=body, format="html", name=name, blocks=blocks, meta=meta, removed=removed)
