"""Supporting documents on disk: type decided by the bytes, never by the name; private storage.

Files are written under ``EHCNA_DATA_DIR/documents`` with random names (never
the uploaded name, never under Reflex's public ``/_upload`` folder) and are only
ever read back through the authorised download route.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# What each accepted type's content starts with, and the names it may carry.
EXTENSIONS = {"pdf": (".pdf",), "doc": (".doc",), "docx": (".docx",), "odt": (".odt",),
              "jpg": (".jpg", ".jpeg"), "png": (".png",)}
MEDIA_TYPES = {"pdf": "application/pdf", "doc": "application/msword",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "odt": "application/vnd.oasis.opendocument.text", "jpg": "image/jpeg", "png": "image/png"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024


class RefusedFile(ValueError):
    """Why an upload was refused: ``code`` is one of empty, too_big, wrong_type, mismatch."""

    def __init__(self, code: str, detected: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detected = detected


def sniff(head: bytes, path: Path | None = None) -> str:
    """The file's real type from its first bytes ("" if not one we accept)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(_OLE2):
        return "doc"
    if head.startswith(b"PK\x03\x04") and path is not None:
        return _zip_document(path)
    return ""


def _zip_document(path: Path) -> str:
    """DOCX and ODT are zip files; tell them apart (and from other zips) by what is inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
            if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""
    return ""


def claimed_type(filename: str) -> str:
    lowered = filename.lower()
    return next((kind for kind, endings in EXTENSIONS.items() if lowered.endswith(endings)), "")


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    file_type: str
    size_bytes: int
    sha256: str


def store(directory: Path, filename: str, source: BinaryIO, max_bytes: int) -> StoredFile:
    """Copy an upload into private storage, refusing empty, oversized, unknown or misnamed files."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_hex(20)
    target = directory / stored_name
    partial = directory / f".{stored_name}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("xb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise RefusedFile("too_big")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise RefusedFile("empty")
        with partial.open("rb") as written:
            head = written.read(16)
        detected = sniff(head, partial)
        if not detected:
            raise RefusedFile("wrong_type")
        if claimed_type(filename) != detected:
            raise RefusedFile("mismatch", detected)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return StoredFile(stored_name, detected, size, digest.hexdigest())


def stored_path(directory: Path, stored_name: str) -> Path:
    """Where a stored file is: only ever a random name inside the documents folder."""
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return directory / stored_name


def remove(directory: Path, stored_name: str) -> None:
    if stored_name.isalnum():
        (directory / stored_name).unlink(missing_ok=True)


def safe_download_name(filename: str) -> str:
    """The uploaded name reduced to ASCII letters, digits and `` ._-()`` (safe in any header);
    ``download_name`` keeps the rest for browsers that read ``filename*``."""
    kept = "".join(ch for ch in filename if ch.isascii() and (ch.isalnum() or ch in " ._-()"))
    return kept.strip()[:120] or "document"


def download_name(filename: str) -> str:
    """The uploaded name without path separators, quotes or control characters (for ``filename*``)."""
    kept = "".join(ch for ch in filename if ch.isprintable() and ch not in '/\\"')
    return kept.strip()[:120] or "document"
