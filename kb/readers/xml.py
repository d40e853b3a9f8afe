"""XML: element text in document order, with the mark-up's structure kept as blocks.

The ToTA treaty schema (<treaty><meta/><body><chapter number= name=><article number=
name=>text</article>...) gets a heading line per chapter and article ("CHAPTER 7
Movement Of Natural Persons", "ARTICLE 92 Scope") and a Block for each element whose
span covers the element's own text; <meta> goes to SourceText.meta. Any other XML
gives the text of all elements, one line per block-like element, and a Block for each
element that carries a number, name or title attribute.

Parsing is done with expat directly: no DTD entity is ever declared or expanded, and
no external entity or DTD is fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any
from xml.parsers import expat

from ..errors import ReadError
from .base import Block, SourceText

_LABEL_ATTRS = ("number", "name", "title")


class _Forbidden(Exception):
    pass


def _parse(data: bytes, name: str) -> ET.Element:
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True

    def refuse(*_args: Any) -> None:
        raise _Forbidden("the file declares entities (a DTD); kb does not expand them")

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Forbidden as exc:
        raise ReadError(f"{name}: {exc}; remove the DOCTYPE declarations first") from None
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return _parse(_to_utf8(data, name), name)
        reason = expat.errors.messages[exc.code]
        raise ReadError(
            f"{name}: malformed XML at line {exc.lineno}, column {exc.offset + 1}: {reason}"
        ) from None
    return builder.close()


def _to_utf8(data: bytes, name: str) -> bytes:
    """Expat knows few encodings; Python's codecs know the rest (windows-1252...)."""
    m = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", data)
    if not m:
        raise ReadError(f"{name}: the XML declares an encoding expat cannot read")
    encoding = m.group(1).decode("ascii")
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise ReadError(f"{name}: the XML is not valid {encoding}; convert it to UTF-8 first") from None
    text = text.replace(m.group(1).decode("ascii"), "UTF-8", 1)
    return text.encode("utf-8")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(text: str | None) -> str:
    """Element text as it reads: trimmed, blank runs of lines reduced to one line break."""
    if not text:
        return ""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def read_xml(data: bytes, name: str = "document") -> SourceText:
    """An XML file's text with its mark-up kept as blocks (see the module docstring).
    Words glued where the text's line breaks were lost are split (kb.readers.repair);
    meta["glued_words_split"] says how many. Raises ReadError."""
    root = _parse(data, name)
    _repair_glued_words(root)
    if _local(root.tag) == "treaty" and root.find("body") is not None:
        source = _read_treaty(root, name)
    else:
        source = _read_generic(root, name)
    if root.get("{kb}glued-words-split"):
        source.meta["glued_words_split"] = int(root.get("{kb}glued-words-split") or 0)
    return source


def _repair_glued_words(root: ET.Element) -> None:
    """Splits glued words in every text node of the tree, with one vocabulary."""
    from .repair import split_glued_words

    nodes: list[tuple[ET.Element, str]] = []
    for element in root.iter():
        if element.text and element.text.strip():
            nodes.append((element, "text"))
        if element.tail and element.tail.strip():
            nodes.append((element, "tail"))
    texts = [getattr(el, attr) for el, attr in nodes]
    fixed, made = split_glued_words(texts)
    if not made:
        return
    for (el, attr), text in zip(nodes, fixed):
        setattr(el, attr, text)
    root.set("{kb}glued-words-split", str(made))


class _Writer:
    """Appends text line by line and knows the current offset."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def line(self, text: str) -> tuple[int, int]:
        """Writes text as its own line(s); returns its span."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self._put("\n")
        start = self.pos
        self._put(text)
        end = self.pos
        self._put("\n")
        return start, end

    def inline(self, text: str) -> None:
        if not text:
            return
        if self.parts and not self.parts[-1].endswith(("\n", " ")) and not text.startswith(" "):
            self._put(" ")
        self._put(text)

    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- ToTA treaties


def _read_treaty(root: ET.Element, name: str) -> SourceText:
    out = _Writer()
    blocks: list[Block] = []
    body_el = root.find("body")
    for chapter in body_el if body_el is not None else []:
        if _local(chapter.tag) != "chapter":
            continue
        heading = " ".join(v for v in (chapter.get("number"), chapter.get("name")) if v)
        if heading:
            out.line(heading)
        chapter_start = out.pos
        chapter_end = chapter_start
        at = len(blocks)  # the chapter's block goes before its articles' blocks
        lead = _clean(chapter.text)
        if lead:
            chapter_end = out.line(lead)[1]
        for article in chapter:
            title = " ".join(v for v in (article.get("number"), article.get("name")) if v)
            if title:
                out.line(title)
            body = _clean("".join(article.itertext()))
            if not body:
                continue
            start, end = out.line(body)
            blocks.append(Block("article", start, end, _attrs(article)))
            chapter_end = end
        blocks.insert(at, Block("chapter", chapter_start, chapter_end, _attrs(chapter)))
    return SourceText(text=out.text(), format="xml", name=name, blocks=blocks, meta=_treaty_meta(root))


def _attrs(element: ET.Element) -> dict[str, Any]:
    return dict(element.attrib)


def _treaty_meta(root: ET.Element) -> dict[str, Any]:
    meta_el = root.find("meta")
    meta: dict[str, Any] = {"schema": "tota"}
    if meta_el is None:
        return meta
    for key in ("name", "type", "status", "date_signed", "date_into_force", "language", "composition"):
        value = (meta_el.findtext(key) or "").strip()
        if value:
            meta[key] = value
    parties = [p.text.strip() for p in meta_el.findall("parties/partyisocode") if p.text and p.text.strip()]
    if parties:
        meta["parties"] = parties
    sources = [
        {"url": s.text.strip(), **{k: v for k, v in s.attrib.items()}}
        for s in meta_el.findall("source")
        if s.text and s.text.strip()
    ]
    if sources:
        meta["sources"] = sources
    return meta


# --------------------------------------------------------------------------- any XML


def _is_mixed(element: ET.Element) -> bool:
    """Text interleaved with child elements (<p>see <ref>Article 3</ref></p>): read inline."""
    if (element.text or "").strip():
        return True
    return any((child.tail or "").strip() for child in element)


def _read_generic(root: ET.Element, name: str) -> SourceText:
    out = _Writer()
    blocks: list[Block] = []

    def visit(element: ET.Element) -> None:
        labelled = any(element.get(a) for a in _LABEL_ATTRS)
        if len(element) == 0 or _is_mixed(element):
            text = _clean("".join(element.itertext()))
            text = re.sub(r"[ \t]+", " ", text)
            if text:
                start, end = out.line(text)
                if labelled:
                    blocks.append(Block(_local(element.tag), start, end, _attrs(element)))
            return
        start = out.pos  # every write ends a line, so children start on a new one
        for child in element:
            visit(child)
        if labelled and out.pos > start:
            blocks.append(Block(_local(element.tag), start, out.pos - 1, _attrs(element)))

    visit(root)
    blocks.sort(key=lambda b: (b.start, -b.end))
    text = out.text()
    if not text.strip():
        raise ReadError(f"{name}: the XML holds no text")
    return SourceText(text=text, format="xml", name=name, blocks=blocks)
