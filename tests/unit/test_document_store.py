"""Supporting documents on disk: the type comes from the bytes, names are random, nothing half-written is left."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from ehcna_portal.services import document_store
from ehcna_portal.services.document_store import RefusedFile, claimed_type, safe_download_name, sniff, store
from ehcna_portal.services.file_stores import DirectoryStore
from tests.support.images import image_bytes

LIMIT = 64 * 1024
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG, JPEG = image_bytes("PNG"), image_bytes("JPEG")  # real images: they are decoded and re-encoded
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
TEXT = b"Dear council,\nplease assess my child.\n"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                           b'content-types"/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body/></w:document>',
})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text",
              "content.xml": b'<?xml version="1.0"?><office:document-content/>'})
PLAIN_ZIP = zipped({"notes.txt": b"just a zip"})


def wav() -> bytes:
    """A real WAV file: a tenth of a second of silence, written by the standard library."""
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


# Recordings, by their containers' opening bytes (an ISO media ftyp box with its brand, an ID3 tag or an MPEG
# layer III frame header, an EBML header naming webm), followed by filler.
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08mdat" + bytes(64)
M4A = b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom" + bytes(64)
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + bytes(64)
MP3_TAGGED = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(64)
MP3_BARE = b"\xff\xfb\x90\x64" + bytes(64)
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm" \
    + bytes(64)


def put(directory: Path, filename: str, content: bytes, limit: int = LIMIT) -> document_store.StoredFile:
    return store(DirectoryStore(directory), filename, io.BytesIO(content), limit)


def refused(directory: Path, filename: str, content: bytes, limit: int = LIMIT) -> RefusedFile:
    with pytest.raises(RefusedFile) as caught:
        put(directory, filename, content, limit)
    return caught.value


def files_in(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "documents"


@pytest.mark.parametrize(("filename", "content", "kind"), [
    ("report.pdf", PDF, "pdf"),
    ("drawing.png", PNG, "png"),
    ("photo.jpg", JPEG, "jpg"),
    ("photo.JPEG", JPEG, "jpg"),
    ("letter.doc", DOC, "doc"),
    ("plan.docx", DOCX, "docx"),
    ("views.odt", ODT, "odt"),
    ("REPORT.PDF", PDF, "pdf"),
    ("robin-says.wav", wav(), "wav"),
    ("robin-says.mp3", MP3_TAGGED, "mp3"),
    ("robin-says-2.mp3", MP3_BARE, "mp3"),
    ("robin-says.m4a", M4A, "m4a"),
    ("robin-at-school.mp4", MP4, "mp4"),
    ("robin-at-school.mov", MOV, "mov"),
    ("robin-at-school.webm", WEBM, "webm"),
])
def test_each_accepted_type_is_stored_privately_under_a_random_name(directory, filename, content, kind):
    stored = put(directory, filename, content)
    assert stored.file_type == kind
    assert re.fullmatch(r"[0-9a-f]{40}", stored.stored_name)
    assert filename.lower().rsplit(".", 1)[0] not in stored.stored_name.lower()
    assert files_in(directory) == [stored.stored_name]
    kept = (directory / stored.stored_name).read_bytes()
    if kind in ("png", "jpg"):  # re-encoded: the same kind of file, described by what is stored
        assert sniff(kept[:16]) == kind
    else:
        assert kept == content
    assert stored.size_bytes == len(kept)
    assert stored.sha256 == hashlib.sha256(kept).hexdigest()
    assert (directory.stat().st_mode & 0o777) == 0o700
    with DirectoryStore(directory).read(document_store.checked_name(stored.stored_name)) as handle:
        assert handle.read() == kept
    assert document_store.MEDIA_TYPES[kind]


def test_the_same_file_twice_gets_two_different_names(directory):
    first, second = put(directory, "a.pdf", PDF), put(directory, "a.pdf", PDF)
    assert first.stored_name != second.stored_name and first.sha256 == second.sha256
    assert files_in(directory) == sorted([first.stored_name, second.stored_name])


def test_sniffing_reads_the_bytes_not_the_name(tmp_path):
    assert sniff(PDF[:16]) == "pdf" and sniff(PNG[:16]) == "png" and sniff(JPEG[:16]) == "jpg"
    assert sniff(DOC[:16]) == "doc" and sniff(EXE[:16]) == "" and sniff(TEXT[:16]) == ""
    assert sniff(DOCX[:16]) == ""  # a zip cannot be told apart without reading it
    for name, content, kind in (("x", DOCX, "docx"), ("y", ODT, "odt"), ("z", PLAIN_ZIP, "")):
        path = tmp_path / name
        path.write_bytes(content)
        assert sniff(content[:16], path) == kind
    broken = tmp_path / "broken"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert sniff(broken.read_bytes()[:16], broken) == ""


def test_the_name_claims_a_type_by_its_ending():
    assert claimed_type("a.pdf") == "pdf" and claimed_type("A.JPEG") == "jpg" and claimed_type("a.jpg") == "jpg"
    assert claimed_type("report.pdf.exe") == "" and claimed_type("pdf") == "" and claimed_type("") == ""


def test_a_png_named_as_a_pdf_is_refused_as_a_mismatch(directory):
    refusal = refused(directory, "report.pdf", PNG)
    assert (refusal.code, refusal.detected) == ("mismatch", "png")
    assert files_in(directory) == []


def test_a_docx_named_as_an_odt_is_refused_as_a_mismatch(directory):
    refusal = refused(directory, "plan.odt", DOCX)
    assert (refusal.code, refusal.detected) == ("mismatch", "docx")


def test_a_plain_zip_named_as_a_docx_is_refused_as_the_wrong_type(directory):
    refusal = refused(directory, "plan.docx", PLAIN_ZIP)
    assert (refusal.code, refusal.detected) == ("wrong_type", "")
    assert files_in(directory) == []


def test_a_zip_claiming_to_be_odt_with_another_mimetype_is_refused(directory):
    spreadsheet = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert refused(directory, "sheet.odt", spreadsheet).code == "wrong_type"


def test_an_empty_file_is_refused(directory):
    assert refused(directory, "empty.pdf", b"").code == "empty"
    assert files_in(directory) == []


def test_a_file_one_byte_over_the_limit_is_refused_and_nothing_is_left_behind(directory):
    limit = 200 * 1024  # more than one read chunk, so the limit is hit part way through writing
    exactly = PDF + b"\x00" * (limit - len(PDF))
    stored = put(directory, "big.pdf", exactly, limit)
    assert stored.size_bytes == limit
    assert files_in(directory) == [stored.stored_name]
    refusal = refused(directory, "bigger.pdf", exactly + b"\x00", limit)
    assert refusal.code == "too_big"
    assert files_in(directory) == [stored.stored_name]  # no partial file, hidden or not


@pytest.mark.parametrize(("filename", "content"), [
    ("setup.exe", EXE), ("setup.pdf", EXE), ("letter.txt", TEXT), ("letter.doc", TEXT), ("noname", TEXT),
])
def test_programs_and_plain_text_are_refused_as_the_wrong_type(directory, filename, content):
    refusal = refused(directory, filename, content)
    assert refusal.code == "wrong_type"
    assert files_in(directory) == []


def test_an_accepted_type_with_an_unaccepted_name_is_a_mismatch(directory):
    refusal = refused(directory, "report.exe", PDF)
    assert (refusal.code, refusal.detected) == ("mismatch", "pdf")


def test_a_failing_upload_stream_leaves_nothing_behind(directory):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise OSError("connection reset")
            return super().read(size)

    with pytest.raises(OSError):
        store(DirectoryStore(directory), "report.pdf", Broken(PDF + b"\x00" * 200_000), 1024 * 1024)
    assert files_in(directory) == []


def test_stored_files_are_only_opened_and_removed_by_their_random_names(directory):
    stored = put(directory, "a.pdf", PDF)
    (directory.parent / "secret").write_text("not a document")
    files = DirectoryStore(directory)
    for name in ("../secret", "..", "", f"{stored.stored_name}/", "a b"):
        with pytest.raises(FileNotFoundError):
            document_store.checked_name(name)
        document_store.remove(files, name)
    assert (directory.parent / "secret").exists()
    document_store.remove(files, stored.stored_name)
    document_store.remove(files, stored.stored_name)  # twice is fine
    assert files_in(directory) == []


def test_download_names_lose_paths_quotes_and_line_breaks():
    assert safe_download_name("Report (final) v2.pdf") == "Report (final) v2.pdf"
    assert safe_download_name("../../etc/passwd") == "....etcpasswd"
    assert safe_download_name('C:\\Users\\me\\"evil".pdf') == "CUsersmeevil.pdf"
    assert safe_download_name('a"; filename=b.exe\r\nX-Header: 1.pdf') == "a filenameb.exeX-Header 1.pdf"
    assert safe_download_name("   ") == "document" and safe_download_name("/\\\"'") == "document"
    assert len(safe_download_name("x" * 500 + ".pdf")) == 120
    for hostile in ('a"b', "a\nb", "a\rb", "a/b", "a\\b", "a;b", "a\x00b"):
        assert not set(safe_download_name(hostile)) & set('"\n\r/\\;\x00'), hostile


def test_download_names_are_safe_in_a_latin_1_http_header():
    from starlette.responses import Response

    for name in ("Adroddiad Dŵr.pdf", "Отчёт.pdf", "报告.pdf"):
        safe = safe_download_name(name)
        safe.encode("latin-1")  # what Starlette does with every header value
        Response(headers={"Content-Disposition": f'attachment; filename="{safe}"'})



def test_recordings_are_judged_by_their_bytes_and_size_like_every_other_file(directory):
    assert refused(directory, "robin.mp3", MP4).code == "mismatch"  # a video named as a recording
    assert refused(directory, "robin.mp4", TEXT).code == "wrong_type"
    assert refused(directory, "robin.webm", b"\x1a\x45\xdf\xa3" + b"matroska" + bytes(64)).code == "wrong_type"
    assert refused(directory, "robin.wav", wav() + bytes(LIMIT)).code == "too_big"
    assert files_in(directory) == []
