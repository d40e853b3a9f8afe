"""Word (.docx): paragraphs in order with their automatic numbering rendered, tables as
text rows, footnotes and endnotes as note marks.

python-docx opens the package and gives paragraphs, tables and styles. Three things it
does not give are computed here from the package's own parts, following ECMA-376 Part 1:

- automatic numbering (17.9): UN paragraph numbers ("12."), article and list numbers are
  usually Word numbering, not text. Each numbered paragraph's number is rendered from
  numbering.xml: the level's numFmt, lvlText ("%1.", "(%2)", "%1.%2"), start value, the
  instance's lvlOverride/startOverride, and the usual restart of deeper levels. Numbering
  set on a paragraph style (and its basedOn chain) counts too;
- footnotes and endnotes (17.11): the notes parts are read from the package; each
  reference in the text becomes a "note-ref" block (number and text) at its place, and the
  reference itself stays out of the text, which is what a unit quotes;
- headings: paragraphs whose style is a heading (or has an outline level) become
  Block("heading", attrs={"level": n}); each table is a Block("table") over its rows;
- the end of a list: a paragraph without numbering and without indentation (its own
  w:ind or its style's) right after a numbered paragraph is a Block("list-end") at its
  start: it is no continuation of the numbered paragraph (the list's own continuation
  paragraphs are indented to its text), so an article's closing sentence after its last
  numbered paragraph is not filed in that paragraph.

A legacy binary .doc is refused with the command that converts it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReadError
from .base import Block, SourceText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"

_MARK = "\ue011"  # private-use character standing for a note reference while text is tidied
DOC_HINT = "convert it first, e.g. `libreoffice --headless --convert-to docx {name}`"


def read_docx(data: bytes, name: str = "document") -> SourceText:
    """A .docx as text, one paragraph a line (numbers rendered), tables row by row.
    Raises ReadError for a damaged or encrypted package."""
    try:
        import docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError(f"{name}: reading Word files needs python-docx (pip install python-docx)") from None
    try:
        _check_package(data, name)  # kb.limits: before python-docx unpacks anything
        document = docx.Document(io.BytesIO(data))
    except ReadError:
        raise
    except zipfile.BadZipFile:
        raise ReadError(f"{name}: the Word file is damaged (not a complete zip package); save or download it again") from None
    except KeyError as exc:
        raise ReadError(f"{name}: the Word file lacks a part it needs ({exc}); save it again from Word") from None
    except Exception as exc:  # python-docx raises many types for damaged packages
        raise ReadError(f"{name}: {_damage(exc)}; save it again from Word, or export it as PDF") from None
    reader = _Reader(document, name)
    return reader.read()


def _damage(exc: Exception) -> str:
    """What is wrong with a Word package python-docx could not open, in the user's words:
    its messages were lxml's and Python's ("AttributeError: 'lxml.etree._Element' object has
    no attribute 'overrides'", "Excessive depth in document: 256, use XML_PARSE_HUGE option")."""
    text = str(exc)
    if "XMLSyntaxError" in type(exc).__name__:
        if "depth" in text or "amplification" in text:
            return "the Word file's XML is nested or expands beyond what kb reads (a damaged or hostile file)"
        return f"the Word file's XML is malformed ({text.split(',')[0][:60]})"
    return "not a Word document kb can open (its package is incomplete or of another kind)"


def _check_package(data: bytes, name: str) -> None:
    """Refuse a package that would unpack past kb's limits (KB_MAX_UNPACKED_MB in all,
    KB_MAX_XML_MB of XML parsed into trees), from the sizes its directory declares: a
    zip member never yields more than its declared size (zipfile stops there)."""
    from .. import limits
    from ..errors import ReadLimitError

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
    total = sum(m.file_size for m in members)
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    for size, limit, env, what in (
        (total, limits.value("max_unpacked_mb"), "KB_MAX_UNPACKED_MB", "unpacks to"),
        (xml, limits.value("max_xml_mb"), "KB_MAX_XML_MB", "holds XML of"),
    ):
        if size > limits.mb_to_bytes(limit):
            raise ReadLimitError(
                f"{name}: the Word file {what} {size / 1048576:,.0f} MB, over the {limit:g} MB limit ({env}); "
                f"kb stopped before unpacking it. Raise {env} if the file is genuine"
            )


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 0
    restart: int | None = None  # lvlRestart: restart after this level (1-based), 0 never
    legal: bool = False
    suffix: str = "tab"


@dataclass
class _Numbering:
    """numbering.xml: which abstract list each instance uses, levels, overrides."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> {ilvl: start}
    level_overrides: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)  # abstractNumId -> counters
    started: set[str] = field(default_factory=set)  # numIds seen (overrides apply once)

    def render(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """The rendered number of the next paragraph of instance `num_id` at level
        `ilvl` and its suffix (tab, space, nothing); None for numId 0 or an unknown list."""
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0":
            return None
        levels = dict(self.levels.get(abstract, {}))
        levels.update(self.level_overrides.get(num_id, {}))
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in self.overrides.get(num_id, {}).items():
                if 0 <= lv < 9:
                    counters[lv] = start - 1
                    for deeper in range(lv + 1, 9):
                        counters[deeper] = None
        current = counters[ilvl]
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 9):
            lv = levels.get(deeper)
            if lv is None or lv.restart != 0 and (lv.restart is None or lv.restart > ilvl):
                counters[deeper] = None
        for shallower in range(ilvl):
            if counters[shallower] is None:
                counters[shallower] = levels[shallower].start if shallower in levels else 1
        if level.fmt == "none":
            return "", level.suffix

        def value(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            if not 0 <= k < 9 or counters[k] is None:
                return ""
            lv = levels.get(k, _Level())
            fmt = "decimal" if level.legal and lv.fmt not in ("none", "bullet") else lv.fmt
            return _format_number(counters[k], fmt)  # type: ignore[arg-type]

        if level.fmt == "bullet":
            return "", level.suffix  # a bullet carries no number to cite
        return re.sub(r"%(\d)", value, level.text), level.suffix


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BREAK = "kb-line-break"  # stands for the line break around a text box's paragraph


def _visible_elements(element: Any):
    """The elements of `element` in document order, as Word shows them: of a
    markup-compatibility block (mc:AlternateContent, how Word saves text boxes and
    shapes) only the first choice, never its fallback copy; a text box's paragraphs
    (w:txbxContent) each on a line of their own (a `_BREAK` before and after), not
    glued to the words of the paragraph that anchors the box."""
    stack = [(element, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            yield _Marker(_BREAK)
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == f"{W}moveFrom":  # a tracked move: its text is read where it was moved to
            continue
        if tag == f"{_MC}AlternateContent":
            kids = [k for k in el if isinstance(k.tag, str)]
            choice = next((k for k in kids if k.tag == f"{_MC}Choice"), None)
            chosen = choice if choice is not None else next((k for k in kids if k.tag == f"{_MC}Fallback"), None)
            if chosen is not None:
                stack.append((chosen, False))
            continue
        boxed = tag == f"{W}p" and el is not element and _in_text_box(el, element)
        if boxed:
            yield _Marker(_BREAK)
            stack.append((el, True))
        yield el
        stack.extend((k, False) for k in reversed(list(el)))


@dataclass(frozen=True)
class _Marker:
    tag: str


def _own_paragraphs(root: Any) -> list[Any]:
    """The paragraphs of a table cell or a note, nested tables' included, without those
    of a text box or a fallback copy: their anchor paragraph gives those."""
    out = []
    for p in root.iter(f"{W}p"):
        parent = p.getparent()
        while parent is not None and parent is not root:
            if parent.tag in (f"{W}txbxContent", f"{_MC}Fallback"):
                break
            parent = parent.getparent()
        else:
            out.append(p)
    return out


def _in_text_box(p: Any, root: Any) -> bool:
    parent = p.getparent()
    while parent is not None and parent is not root:
        if parent.tag == f"{W}txbxContent":
            return True
        parent = parent.getparent()
    return False


def _indented(ind: Any) -> bool:
    """Whether a w:ind element moves the text right of the margin (left or start above 0;
    a hanging first line alone does not)."""
    for attr in ("left", "start"):
        value = ind.get(f"{W}{attr}")
        if value is not None:
            return _int(value, 0) > 0
    return False


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        k = max(n, 1)
        # Word repeats the letter past z: aa, bb...
        letters = chr(ord("a") + (k - 1) % 26) * ((k - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        return f"{n}."
    return str(n)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out


def _val(element: Any, tag: str, default: str | None = None) -> str | None:
    if element is None:
        return default
    child = element.find(f"{W}{tag}")
    if child is None:
        return default
    return child.get(f"{W}val", default)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: Any) -> _Level:
    restart = _val(lvl, "lvlRestart")
    return _Level(
        fmt=_val(lvl, "numFmt", "decimal") or "decimal",
        text=_val(lvl, "lvlText", "") or "",
        start=_int(_val(lvl, "start"), 0),
        restart=_int(restart, 0) if restart is not None else None,
        legal=lvl.find(f"{W}isLgl") is not None,
        suffix=_val(lvl, "suff", "tab") or "tab",
    )


class _Reader:
    def __init__(self, document: Any, name: str) -> None:
        self.document = document
        self.name = name
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self.removed: list[tuple[str, str, int | None]] = []
        self.numbering = self._numbering()
        self.style_numbering, self.style_outline, self.style_names = self._styles()
        self.style_indent = self._style_indents()
        self.after_numbered = False  # the last paragraph with text was Word-numbered
        self.footnotes = self._notes(_FOOTNOTES, "footnote")
        self.endnotes = self._notes(_ENDNOTES, "endnote")
        self.note_count = {"footnote": 0, "endnote": 0}
        self.endnote_format = self._endnote_format()

    # ---------------------------------------------------------------- parts

    def _numbering(self) -> _Numbering:
        numbering = _Numbering()
        try:
            root = self.document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is numbered automatically
            return numbering
        style_links: dict[str, str] = {}
        for abstract in root.findall(f"{W}abstractNum"):
            aid = abstract.get(f"{W}abstractNumId")
            numbering.levels[aid] = {_int(lvl.get(f"{W}ilvl"), 0): _level(lvl) for lvl in abstract.findall(f"{W}lvl")}
            link = _val(abstract, "numStyleLink")
            if link:
                style_links[aid] = link
        for num in root.findall(f"{W}num"):
            nid = num.get(f"{W}numId")
            numbering.abstract_of[nid] = _val(num, "abstractNumId", "") or ""
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = _val(override, "startOverride")
                if start is not None:
                    numbering.overrides.setdefault(nid, {})[ilvl] = _int(start, 0)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    numbering.level_overrides.setdefault(nid, {})[ilvl] = _level(lvl)
        # An abstract list that only links to a numbering style takes that style's list.
        if style_links:
            try:
                styles = self.document.styles.element
                for aid, style_id in style_links.items():
                    for style in styles.findall(f"{W}style"):
                        if style.get(f"{W}styleId") == style_id:
                            num_id = _val(style.find(f"{W}pPr/{W}numPr"), "numId")
                            target = numbering.abstract_of.get(num_id or "")
                            if target and target != aid:
                                numbering.levels[aid] = numbering.levels.get(target, {})
            except Exception:
                pass
        return numbering

    def _styles(self) -> tuple[dict[str, tuple[str, int]], dict[str, int], dict[str, str]]:
        """Paragraph styles: numbering (numId, ilvl) and outline level, with basedOn."""
        numbered: dict[str, tuple[str, int]] = {}
        outline: dict[str, int] = {}
        names: dict[str, str] = {}
        try:
            styles = self.document.styles.element.findall(f"{W}style")
        except Exception:
            return numbered, outline, names
        based: dict[str, str] = {}
        own_num: dict[str, tuple[str | None, int | None]] = {}
        own_outline: dict[str, int] = {}
        for style in styles:
            sid = style.get(f"{W}styleId")
            if not sid:
                continue
            names[sid] = (_val(style, "name", sid) or sid).lower()
            parent = _val(style, "basedOn")
            if parent:
                based[sid] = parent
            ppr = style.find(f"{W}pPr")
            num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
            if num_pr is not None:
                own_num[sid] = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0) if _val(num_pr, "ilvl") else None)
            level = _val(ppr, "outlineLvl") if ppr is not None else None
            if level is not None:
                own_outline[sid] = _int(level, 9)
        for sid in names:
            chain, seen = sid, set()
            num_id: str | None = None
            ilvl: int | None = None
            while chain and chain not in seen:
                seen.add(chain)
                if chain in own_num:
                    nid, lv = own_num[chain]
                    num_id = num_id or nid
                    ilvl = ilvl if ilvl is not None else lv
                if sid not in outline and chain in own_outline:
                    outline[sid] = own_outline[chain]
                chain = based.get(chain, "")
            if num_id:
                numbered[sid] = (num_id, ilvl or 0)
            m = re.match(r"heading (\d)", names[sid])
            if m and sid not in outline:
                outline[sid] = int(m.group(1)) - 1
        return numbered, outline, names

    def _style_indents(self) -> set[str]:
        """Paragraph styles that indent their text (w:ind left/start above 0, own or
        through basedOn): "List Paragraph", "List Continue", a block quotation."""
        try:
            styles = self.document.styles.element.findall(f"{W}style")
        except Exception:
            return set()
        based: dict[str, str] = {}
        own: dict[str, bool] = {}
        for style in styles:
            sid = style.get(f"{W}styleId")
            if not sid:
                continue
            if _val(style, "basedOn"):
                based[sid] = _val(style, "basedOn") or ""
            ind = style.find(f"{W}pPr/{W}ind")
            if ind is not None:
                own[sid] = _indented(ind)
        out = set()
        for sid in {s.get(f"{W}styleId") for s in styles} - {None}:
            chain, seen = sid, set()
            while chain and chain not in seen and chain not in own:
                seen.add(chain)
                chain = based.get(chain, "")
            if own.get(chain or "", False):
                out.add(sid)
        return out

    def _notes(self, reltype: str, kind: str) -> dict[str, str]:
        """id -> text of the footnotes or endnotes part (separators left out)."""
        try:
            rel = next(r for r in self.document.part.rels.values() if r.reltype == reltype and not r.is_external)
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        except StopIteration:
            return {}
        except Exception:
            raise ReadError(f"{self.name}: the Word file's {kind}s part is damaged; save it again from Word") from None
        notes: dict[str, str] = {}
        for note in root.findall(f"{W}{kind}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paragraphs = [self._inline_text(p, notes_allowed=False)[0] for p in _own_paragraphs(note)]
            paragraphs = [t.replace("\n", " ") for t in paragraphs]
            text = " ".join(t.strip() for t in paragraphs if t.strip())
            notes[note.get(f"{W}id") or ""] = text
        return notes

    def _endnote_format(self) -> str:
        try:
            settings = self.document.settings.element
            fmt = _val(settings.find(f"{W}endnotePr"), "numFmt")
        except Exception:
            fmt = None
        return fmt or "lowerRoman"  # Word's default for endnotes

    # ---------------------------------------------------------------- text

    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def _line(self, text: str) -> tuple[int, int]:
        start = self.pos
        self._put(text)
        end = self.pos
        self._put("\n")
        return start, end

    def _inline_text(self, element: Any, notes_allowed: bool = True) -> tuple[str, list[tuple[int, str, str]]]:
        """A paragraph's visible text, tidied (spaces and tabs as one space, manual line
        breaks kept), and its note references as (offset in that text, number, note text)."""
        out: list[str] = []
        refs: list[tuple[str, str]] = []
        for el in _visible_elements(element):
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == _BREAK:
                out.append("\n")
            elif tag == f"{W}t":
                out.append(el.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference") and notes_allowed:
                kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
                self.note_count[kind] += 1
                count = self.note_count[kind]
                number = str(count) if kind == "footnote" else _format_number(count, self.endnote_format)
                text = (self.footnotes if kind == "footnote" else self.endnotes).get(el.get(f"{W}id") or "", "")
                refs.append((number, text))
                out.append(_MARK)
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(out).split("\n")]
        text = "\n".join(line for line in lines if line.replace(_MARK, "").strip() or _MARK in line)
        clean: list[str] = []
        found: list[tuple[int, str, str]] = []
        k = 0
        for char in text:
            if char == _MARK:
                number, note = refs[k] if k < len(refs) else ("", "")
                found.append((len(clean), number, note))
                k += 1
            elif not (char == " " and clean and clean[-1] == " "):
                clean.append(char)
        result = "".join(clean)
        stripped = result.strip()
        shift = len(result) - len(result.lstrip())
        return stripped, [(min(max(0, at - shift), len(stripped)), n, t) for at, n, t in found]

    def _paragraph(self, p: Any) -> None:
        text, refs = self._inline_text(p)
        ppr = p.find(f"{W}pPr")
        style = _val(ppr, "pStyle") if ppr is not None else None
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        number: tuple[str, str] | None = None
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            ilvl = _int(_val(num_pr, "ilvl"), 0)
            if num_id is None and style in self.style_numbering:
                num_id = self.style_numbering[style][0]
            if num_id:
                number = self.numbering.render(num_id, ilvl)
        elif style in self.style_numbering:
            num_id, ilvl = self.style_numbering[style]
            number = self.numbering.render(num_id, ilvl)
        lead = ""
        if number and number[0]:
            lead = number[0] + ("" if number[1] == "nothing" else " ")
        if not text and not refs:
            if self.parts and not self.parts[-1].endswith("\n\n") and self.parts[-1] != "\n":
                self._put("\n")  # an empty paragraph: a blank line, once
            return
        start = self.pos + len(lead)
        if number and number[0]:
            self.after_numbered = True
        elif self.after_numbered:
            ind = ppr.find(f"{W}ind") if ppr is not None else None
            indented = _indented(ind) if ind is not None else (style or "") in self.style_indent
            if not indented:
                self.blocks.append(Block("list-end", self.pos, self.pos))
            self.after_numbered = False
        for at, number_text, note in refs:
            attrs: dict[str, Any] = {"number": number_text}
            if note:
                attrs["text"] = note
                self.removed.append(("notes", note, None))
            self.blocks.append(Block("note-ref", start + at, start + at, attrs))
        line_start, line_end = self._line(lead + text)
        level = self.style_outline.get(style or "")
        if ppr is not None and _val(ppr, "outlineLvl") is not None:
            level = _int(_val(ppr, "outlineLvl"), 9)
        if level is not None and level < 9 and text:
            self.blocks.append(Block("heading", line_start, line_end, {"level": level + 1}))

    def _table(self, table: Any) -> None:
        start = self.pos
        self.after_numbered = False
        for row in table.findall(f"{W}tr"):
            cells = []
            for cell in row.findall(f"{W}tc"):
                texts = []
                for p in _own_paragraphs(cell):
                    text, refs = self._inline_text(p)
                    for at, number, note in reversed(refs):
                        # A note in a table cell: kept in the cell's text, in brackets.
                        if note:
                            text = f"{text[:at]} [{number}: {note}]{text[at:]}"
                    text = re.sub(r"\s+", " ", text).strip()
                    if text:
                        texts.append(text)
                cells.append(" ".join(texts))
            if any(cells):
                self._line(" | ".join(c for c in cells))
        if self.pos > start:  # parsers read a table's rows as text, never as headings
            self.blocks.append(Block("table", start, self.pos - 1))
        self._put("\n")

    def _blocks(self, container: Any, depth: int = 0) -> None:
        """Paragraphs and tables of a block container in order. Content controls
        (w:sdt), custom XML (w:customXml) and a tracked insertion or move of whole
        paragraphs (w:ins, w:moveTo) wrap ordinary paragraphs and tables, nested as deep
        as a template nests them; a tracked deletion or move away is no text."""
        for child in container.iterchildren():
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == f"{W}p":
                self._paragraph(child)
            elif tag == f"{W}tbl":
                self._table(child)
            elif depth < 50 and tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._blocks(content, depth + 1)
            elif depth < 50 and tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"):
                self._blocks(child, depth + 1)

    def read(self) -> SourceText:
        self._blocks(self.document.element.body)
        text = "".join(self.parts)
        if not text.strip():
            raise ReadError(f"{self.name}: the Word file holds no text")
        meta: dict[str, Any] = {"paragraphs": sum(1 for b in text.split("\n") if b.strip())}
        try:
            title = self.document.core_properties.title
            if title:
                meta["title"] = title
        except Exception:
            pass
        self.blocks.sort(key=lambda b: (b.start, b.end))
        return SourceText(text=text, format="docx", name=self.name, blocks=self.blocks, meta=meta, removed=self.removed)


