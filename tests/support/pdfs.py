"""Small, valid PDFs built byte by byte for the upload checks (pypdf reads them, so they are real PDFs).

``build`` writes the objects given (object 1 is the catalogue) with a cross-reference table, or, when
some objects are to be ``compressed``, puts those in one Flate-compressed object stream and writes a
cross-reference stream (PDF 1.5), as modern producers do.
"""

from __future__ import annotations

import struct
import zlib

PAGE_TREE = {
    2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>",
    4: b"<</Length 34>>stream\nBT /F1 12 Tf 20 100 Td (Hi) Tj ET\nendstream",
}


def build(catalog: bytes = b"<</Type/Catalog/Pages 2 0 R>>", objects: dict[int, bytes] | None = None,
          compressed: frozenset[int] = frozenset(), trailer_extra: bytes = b"") -> bytes:
    """A one-page PDF: ``catalog`` is object 1, ``objects`` are added to (or replace) the page tree."""
    bodies = {1: catalog, **PAGE_TREE, **(objects or {})}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    size = max(bodies) + 1
    packed = [number for number in sorted(bodies) if number in compressed]
    for number in sorted(bodies):
        if number in compressed:
            continue
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + bodies[number] + b"\nendobj\n"
    if not packed:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer_extra, xref)
        return bytes(out)
    # One object stream for the packed objects, then a cross-reference stream for everything.
    stream_number, xref_number = size, size + 1
    header, body = b"", b""
    for number in packed:
        header += b"%d %d " % (number, len(body))
        body += bodies[number] + b"\n"
    content = zlib.compress(header + body)
    offsets[stream_number] = len(out)
    out += (b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n"
            % (stream_number, len(packed), len(header), len(content)) + content + b"\nendstream\nendobj\n")
    offsets[xref_number] = len(out)
    rows = b"\x00" + struct.pack(">IH", 0, 65535)
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows += b"\x01" + struct.pack(">IH", offsets[number], 0)
        elif number in compressed:
            rows += b"\x02" + struct.pack(">IH", stream_number, packed.index(number))
        else:
            rows += b"\x00" + struct.pack(">IH", 0, 0)
    out += (b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R%s/Length %d>>stream\n"
            % (xref_number, xref_number + 1, trailer_extra, len(rows)) + rows + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def javascript_action(code: bytes = b"app.alert(1)") -> bytes:
    return b"<</Type/Action/S/JavaScript/JS(" + code + b")>>"
