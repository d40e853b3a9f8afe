"""Hostile inputs made here, byte by byte: small files built to make a reader do a lot of
work. Each is a valid file of its format; none is taken from anywhere."""

from __future__ import annotations

import zlib


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def nested_forms_pdf(depth: int, fanout: int, leaf_text: bytes = b"leaf text here") -> bytes:
    """One page drawing form 1 `fanout` times; form i draws form i+1 `fanout` times; the
    last form shows text. The page asks for fanout**depth drawings of the leaf."""
    # 1 catalog, 2 pages, 3 page, 4 page content, 5 font, 6.. forms
    first_form = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /X %d 0 R >> >> /Contents 4 0 R >>" % first_form,
        _stream(b"BT /F1 12 Tf 72 720 Td (Article 1 start) Tj ET\n" + b"/X Do\n" * fanout),
        FONT,
    ]
    for level in range(depth):
        n = first_form + level
        if level < depth - 1:
            res = b"/Resources << /XObject << /X %d 0 R >> /Font << /F1 5 0 R >> >>" % (n + 1)
            body = b"/X Do\n" * fanout
        else:
            res = b"/Resources << /Font << /F1 5 0 R >> >>"
            body = b"BT /F1 12 Tf 72 700 Td (" + leaf_text + b") Tj ET\n"
        objects.append(_stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + res))
    return _pdf(objects)


def self_drawing_form_pdf() -> bytes:
    """A form that draws itself (a cycle): must be read once, not forever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Article 1 The cycle) Tj ET\n/X Do\n"),
        FONT,
        _stream(b"BT /F1 12 Tf 72 700 Td (drawn once) Tj ET\n/X Do\n/X Do\n",
                b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 6 0 R >> "
                b"/Font << /F1 5 0 R >> >>"),
    ]
    return _pdf(objects)


def many_ops_pdf(ops: int) -> bytes:
    """One page whose (compressed) content stream holds `ops` save/restore operations:
    a few KB on disk, `ops` operations to interpret."""
    body = b"BT /F1 12 Tf 72 720 Td (Article 1 Many operations) Tj ET\n" + b"q Q\n" * (ops // 2)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(body, compress=True),
        FONT,
    ]
    return _pdf(objects)


def many_pages_pdf(pages: int) -> bytes:
    """`pages` pages sharing one small content stream (the page tree is the file's bulk)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b"BT /F1 12 Tf 72 720 Td (Article 1 A page) Tj ET\n"),
        FONT,
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
                       b"/Contents 3 0 R >>")
    return _pdf(objects)


def one_line_many_runs_pdf(runs: int) -> bytes:
    """One page showing `runs` short strings at the same place (a compressed stream of a
    few KB): many pieces of text on one line."""
    body = b"BT /F1 12 Tf 72 720 Td (Article 1 Same place) Tj ET\n" + b"BT /F1 12 Tf 72 700 Td (ab) Tj ET\n" * runs
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(body, compress=True),
        FONT,
    ]
    return _pdf(objects)


def many_lines_pdf(lines: int, pages: int = 1) -> bytes:
    """Pages each showing `lines` short lines one point apart (a compressed stream)."""
    body = b"BT /F1 1 Tf 72 780 Td (Article 1 Lines) Tj ET\n" + b"".join(
        b"BT /F1 1 Tf 72 %.2f Td (line %d) Tj ET\n" % (780 - (i % 700) - 0.001 * i, i) for i in range(lines))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(body, compress=True),
        FONT,
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
                       b"/Contents 3 0 R >>")
    return _pdf(objects)


def form_of_text_drawn_pdf(shows: int, draws: int) -> bytes:
    """A page drawing, `draws` times, one form that shows `shows` strings (compressed):
    every drawing counts the form's operations again."""
    form = b"BT /F1 12 Tf 72 700 Td " + b"(ab) Tj 0 -1 Td " * shows + b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Article 1 Drawn again) Tj ET\n" + b"/X Do\n" * draws),
        FONT,
        _stream(form, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>",
                compress=True),
    ]
    return _pdf(objects)


def docx_bomb(unpacked_mb: int, paragraphs: bool = True) -> bytes:
    """A valid .docx whose document.xml unpacks to about `unpacked_mb` MB (short
    paragraphs, or one long text), from a package of a few hundred KB."""
    import io as _io
    import zipfile as _zip

    import docx

    buf = _io.BytesIO()
    docx.Document().save(buf)
    src = _zip.ZipFile(_io.BytesIO(buf.getvalue()))
    out = _io.BytesIO()
    para = b"<w:p><w:r><w:t>Text of a paragraph.</w:t></w:r></w:p>"
    chunk = para * (1024 * 1024 // len(para)) if paragraphs else b"a " * (512 * 1024)  # 1 MB
    with _zip.ZipFile(out, "w", _zip.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item.filename))
                continue
            info = _zip.ZipInfo("word/document.xml")
            info.compress_type = _zip.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         b"<w:body><w:p><w:r><w:t>Article 1 " + (b"</w:t></w:r></w:p>" if paragraphs else b""))
                for _ in range(unpacked_mb):
                    fh.write(chunk)
                fh.write((b"" if paragraphs else b"</w:t></w:r></w:p>") + b"</w:body></w:document>")
    return out.getvalue()


def zip_bytes(entries: dict[str, str | bytes]) -> bytes:
    """A deflated zip archive holding `entries` (name -> text or bytes), as bytes: the
    container of .docx / .xlsx / .odt files, to fill with whatever a probe needs."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()
