"""Supporting documents on disk: type decided by the bytes, never by the name; private storage.

Files are written and checked in the store's private local staging folder, then
kept (``file_stores``: ``EHCNA_DATA_DIR/documents`` or an S3-compatible bucket)
under random names (never the uploaded name, never under Reflex's public
``/_upload`` folder), and are only ever read back through the authorised
download route, the virus scan and the family's export.

Before a file is kept its content is checked for its type (security.md H4):

- images (JPG, PNG) are decoded and re-encoded, so the stored copy holds pixels only: no EXIF (GPS,
  camera, owner), no text chunks, no comments, no trailing data. Images over ``MAX_PIXELS`` and
  images that do not decode are refused;
- PDFs with active content (JavaScript, launch actions, embedded files, rich media, XFA forms,
  additional actions) or encryption are refused (``pdf_problem``);
- DOCX and ODT (zip files) are refused if they declare too many entries, too much uncompressed data,
  absolute or ``..`` paths or symbolic links, before anything is decompressed (``zip_problem``); DOC, DOCX
  and ODT with macros, and DOCX reaching outside the file when opened (``office_checks``).

A file that cannot be written (disk full, read-only or missing storage) is refused with the code
``storage`` and nothing half-written is left; the next upload tries again, no restart needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import secrets
import stat
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from struct import error as struct_error
from typing import BinaryIO

from PIL import Image, ImageOps

from ehcna_portal.services.file_stores import FileStore
from ehcna_portal.services.office_checks import office_problem

log = logging.getLogger(__name__)

# What each accepted type's content starts with, and the names it may carry.
EXTENSIONS = {"pdf": (".pdf",), "doc": (".doc",), "docx": (".docx",), "odt": (".odt",),
              "jpg": (".jpg", ".jpeg"), "png": (".png",),
              # children's own views are often recorded: common audio and video, within the same size limit
              "mp3": (".mp3",), "m4a": (".m4a",), "wav": (".wav",), "mp4": (".mp4", ".m4v"), "mov": (".mov",),
              "webm": (".webm",)}
MEDIA_TYPES = {"pdf": "application/pdf", "doc": "application/msword",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "odt": "application/vnd.oasis.opendocument.text", "jpg": "image/jpeg", "png": "image/png",
               "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav", "mp4": "video/mp4",
               "mov": "video/quicktime", "webm": "video/webm"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024

# Pixel floods (ASVS 5.2.6): refuse an image over 50 megapixels before decoding it. Pillow's own guard
# (a warning above MAX_IMAGE_PIXELS, DecompressionBombError above twice that) is set to the same limit.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Between one and two times the limit Pillow only warns: make that a refusal too (and not log noise).
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
# Zip containers (ASVS 5.2.3), judged by the sizes the archive declares, before decompressing anything.
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
# The most a PDF's object streams may inflate to, all together, while being checked.
MAX_PDF_INFLATED = 64 * 1024 * 1024

# Why a file is refused; each has a message in both languages (``error.upload.<code>``).
REFUSAL_CODES = ("none", "empty", "too_big", "wrong_type", "mismatch", "too_many", "image_broken", "image_too_large",
                 "active_content", "encrypted", "unsafe_zip", "storage")


class RefusedFile(ValueError):
    """Why an upload was refused: ``code`` is one of ``REFUSAL_CODES``."""

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
    return _recording(head)


def _recording(head: bytes) -> str:
    """Audio and video by their containers' signatures: ISO media (MP4, M4A, MOV: an ``ftyp`` box and its
    brand), RIFF WAVE, MP3 (an ID3 tag or an MPEG audio layer III frame header), WebM (EBML, doc type webm)."""
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "m4a" if brand.startswith(b"M4A") else "mov" if brand == b"qt  " else "mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "mp3"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return "webm"
    return ""


def _zip_document(path: Path) -> str:
    """DOCX and ODT are zip files; tell them apart (and from other zips) by what is inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 1024 \
                    and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
            if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError, NotImplementedError,
            zlib.error, ValueError):
        return ""
    return ""


def claimed_type(filename: str) -> str:
    lowered = filename.lower()
    return next((kind for kind, endings in EXTENSIONS.items() if lowered.endswith(endings)), "")


# ---------------------------------------------------------------- zip containers (DOCX, ODT)

def zip_problem(path: Path) -> str:
    """``unsafe_zip`` if the archive declares more than 1000 entries, more than 100 MB uncompressed, an
    absolute or ``..`` path, or a symbolic link; "" if it is fine. Nothing is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return "unsafe_zip"
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_ZIP_UNCOMPRESSED:
        return "unsafe_zip"
    for entry in entries:
        name = entry.orig_filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts or "\x00" in name:
            return "unsafe_zip"
        if entry.create_system == 3 and stat.S_ISLNK(entry.external_attr >> 16):
            return "unsafe_zip"
    return ""


# ---------------------------------------------------------------- PDFs

# Names that make a PDF do something when opened or clicked, or carry other files (ISO 32000 §12.6, §7.11.4,
# §13.2, §12.7.8): refused wherever they appear, however they are spelt (``/J#61vaScript`` is ``/JavaScript``):
# scripts, programs, other files opened (GoToR, GoToE), media played (Rendition, Sound, Movie, 3D).
# A link that opens a web address (/URI) is common in reports and needs a click; a document that opens one
# by itself is refused: /URI anywhere in a file whose /OpenAction is an action rather than a destination
# (``[page /Fit]``, open at a page). Which object an indirect /OpenAction names is not resolved, so a file
# that opens with a harmless GoTo action *and* holds a hyperlink is refused too (rare; printing to a new PDF
# makes it acceptable).
ACTIVE_PDF_NAMES = frozenset({
    b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"EF", b"FileAttachment", b"RichMedia",
    b"XFA", b"AA", b"SubmitForm", b"ImportData", b"GoToE", b"GoToR", b"Rendition", b"Sound", b"Movie",
    b"GoTo3DView",
})
_DELIMITERS = rb"\x00\t\n\x0c\r /\[\]()<>{}%"
_NAME = re.compile(rb"/([^" + _DELIMITERS + rb"]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The lexer's tokens between streams: white space, comments, dictionaries, arrays, names, hex strings,
# literal strings (opened here, closed by _skip_string) and anything else (numbers, keywords, junk).
_TOKEN = re.compile(rb"[\x00\t\n\x0c\r ]+|%[^\r\n]*|<<|>>|<[^<>]*>|[\[\]{}]|\(|/[^" + _DELIMITERS + rb"]*|[^"
                    + _DELIMITERS + rb"]+|[)>]")
_STRING_PART = re.compile(rb"\\.|[()]", re.DOTALL)
# An object header ("12 0 obj"): found inside a stream's raw bytes, objects may be hidden there (an xref
# offset or a viewer rebuilding a broken file reaches them), so that stream's bytes are checked too.
_OBJECT_HEADER = re.compile(rb"\d(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)+\d+(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)+obj")
_FILTERS = frozenset({b"FlateDecode", b"Fl", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85", b"LZWDecode",
                      b"LZW", b"RunLengthDecode", b"RL", b"CCITTFaxDecode", b"CCF", b"JBIG2Decode", b"DCTDecode",
                      b"DCT", b"JPXDecode", b"Crypt"})


class _Unreadable(Exception):
    """Part of the PDF that could hide objects cannot be checked (an odd filter, a bomb, broken data)."""


def _decoded_name(raw: bytes) -> bytes:
    return _HEX_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)


def _names(data: bytes) -> set[bytes]:
    """Every name in these bytes as a PDF reader sees it (#xx escapes decoded), strings and comments too."""
    return {_decoded_name(raw) for raw in _NAME.findall(data)}


_SPACE_AND_COMMENTS = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")


def _acting_open_action(data: bytes) -> bool:
    """Is an ``/OpenAction`` in these bytes anything but a destination array (an action, or a reference to
    one)? Read as ``_names`` reads, strings and comments too."""
    for match in _NAME.finditer(data):
        if _decoded_name(match.group(1)) == b"OpenAction":
            after = _SPACE_AND_COMMENTS.match(data, match.end()).end()
            if data[after:after + 1] != b"[":
                return True
    return False


def _skip_string(data: bytes, pos: int) -> int:
    """The position after the literal string whose ``(`` is just before ``pos`` (nesting and escapes), or -1."""
    depth = 1
    for match in _STRING_PART.finditer(data, pos):
        if match.group() == b"(":
            depth += 1
        elif match.group() == b")":
            depth -= 1
            if depth == 0:
                return match.end()
    return -1


@dataclass
class _Stream:
    names: set[bytes]  # every name in the stream's dictionary
    keys: list[bytes]  # the dictionary's own tokens (depth 1), to read /Length and /Filter
    start: int
    end: int


_STRUCTURE_KEYWORDS = frozenset({b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"startxref"})


def _streams(data: bytes) -> tuple[list[_Stream], list[tuple[int, int]]]:
    """The PDF's streams, each with its dictionary, and the byte ranges that are not stream data.

    The file is read from the start as a viewer reads it (strings, comments, nested dictionaries), so a
    ``stream`` keyword inside a string or comment is not taken for one. A file that is not well formed
    where it matters (a string or dictionary still open at a keyword or at the end) is unreadable.
    """
    streams: list[_Stream] = []
    outside: list[tuple[int, int]] = []
    region_start = pos = 0
    dict_stack: list[tuple[set[bytes], list[bytes]]] = []
    last_dict: tuple[set[bytes], list[bytes]] | None = None  # the dictionary just closed, if nothing followed
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:  # a lone delimiter the pattern does not cover: skip it
            pos += 1
            continue
        token, pos = match.group(), match.end()
        first = token[:1]
        if first in b"\x00\t\n\x0c\r %":
            continue
        if token == b"<<":
            dict_stack.append((set(), []))
        elif token == b">>":
            if dict_stack:
                closed = dict_stack.pop()
                if dict_stack:
                    dict_stack[-1][0].update(closed[0])
                    dict_stack[-1][1].append(b"<<>>")
                else:
                    last_dict = closed
                    continue
        elif token == b"(":
            pos = _skip_string(data, pos)
            if pos < 0:
                raise _Unreadable("a string is never closed")
            if dict_stack:
                dict_stack[-1][1].append(b"()")
        elif token in _STRUCTURE_KEYWORDS:
            if dict_stack:
                raise _Unreadable(f"{token!r} inside a dictionary")
            if token == b"stream":
                if data.startswith(b"\r\n", pos):
                    pos += 2
                elif data[pos:pos + 1] in (b"\n", b"\r"):
                    pos += 1
                names, keys = last_dict if last_dict is not None else (set(), [])
                end = _stream_end(data, pos, keys)
                outside.append((region_start, pos))
                streams.append(_Stream(names, keys, pos, end))
                pos = region_start = end
        elif dict_stack:
            if first == b"/":
                dict_stack[-1][0].add(_decoded_name(token[1:]))
            dict_stack[-1][1].append(token)
        last_dict = None
    if dict_stack:
        raise _Unreadable("a dictionary is never closed")
    outside.append((region_start, len(data)))
    return streams, outside


def _stream_end(data: bytes, start: int, keys: list[bytes]) -> int:
    """Where a stream's data ends: by a direct /Length that lands on ``endstream``, else at the first
    ``endstream``. If the two readings disagree, something is hidden: refuse rather than guess."""
    found = data.find(b"endstream", start)
    first = len(data) if found < 0 else found
    length = _direct_int(keys, b"/Length")
    if length is not None and start + length <= len(data):
        after = data[start + length:start + length + 12].lstrip(b"\r\n \t\x00\x0c")
        if after.startswith(b"endstream"):
            if first < start + length:
                raise _Unreadable("endstream inside the declared length")
            return start + length
    return first


def _direct_int(keys: list[bytes], key: bytes) -> int | None:
    """The integer after ``key`` in a dictionary's tokens, unless it is an indirect reference (``5 0 R``)."""
    for index, token in enumerate(keys):
        if _decoded_name(token) == key and index + 1 < len(keys) and keys[index + 1].isdigit():
            if index + 3 < len(keys) and keys[index + 2].isdigit() and keys[index + 3] == b"R":
                return None
            return int(keys[index + 1])
    return None


def _filters(keys: list[bytes]) -> list[bytes] | None:
    """A stream's filters: [] if none, None if not given directly (an indirect reference)."""
    for index, token in enumerate(keys):
        if _decoded_name(token) == b"/Filter":
            rest = keys[index + 1:]
            if rest and rest[0].startswith(b"/"):
                return [_decoded_name(rest[0][1:])]
            if rest and rest[0] == b"[":
                names = []
                for item in rest[1:]:
                    if item == b"]":
                        return names
                    if not item.startswith(b"/"):
                        return None
                    names.append(_decoded_name(item[1:]))
            return None
    return []


def _object_stream(data: bytes, stream: _Stream, budget: list[int]) -> bytes:
    """The decoded contents of an object stream (where compressed PDFs keep most dictionaries)."""
    filters = _filters(stream.keys)
    if filters is None or any(name not in (b"FlateDecode", b"Fl") for name in filters) \
            or stream.names & {b"DecodeParms", b"DP"}:
        raise _Unreadable("object stream with a filter we do not decode")
    raw = data[stream.start:stream.end]
    if not filters:
        return raw
    inflater = zlib.decompressobj()
    try:
        decoded = inflater.decompress(raw.rstrip(b"\r\n"), budget[0] + 1)
    except zlib.error as error:
        raise _Unreadable("object stream does not inflate") from error
    if len(decoded) > budget[0]:
        raise _Unreadable("object streams inflate past the limit")
    budget[0] -= len(decoded)
    return decoded


def pdf_problem(data: bytes) -> str:
    """``active_content``, ``encrypted`` or "" for a PDF's bytes.

    Every name outside stream data is read (with ``#xx`` escapes decoded, inside strings and comments too:
    refusing a harmless file is better than missing a script). Object streams (``/Type /ObjStm``, or any
    stream with ``/First``) are inflated, within a budget, and read the same way; only FlateDecode is
    decoded, so an object stream with another filter is refused. Other streams (page contents, images,
    fonts) cannot hold dictionaries a viewer acts on, unless their raw bytes hold an object header.
    """
    try:
        streams, outside = _streams(data)
        readable = [data[start:end] for start, end in outside]
        budget = [MAX_PDF_INFLATED]
        for stream in streams:
            if stream.names & {b"ObjStm", b"First", b"Extends"}:
                readable.append(_object_stream(data, stream, budget))
            elif _OBJECT_HEADER.search(data, stream.start, stream.end):
                readable.append(data[stream.start:stream.end])
        names: set[bytes] = set().union(*(_names(part) for part in readable))
        acting = any(_acting_open_action(part) for part in readable)
    except _Unreadable as why:
        log.info("PDF refused: %s", why)
        return "active_content"
    if b"Encrypt" in names:
        return "encrypted"
    return "active_content" if names & ACTIVE_PDF_NAMES or (acting and b"URI" in names) else ""


# ---------------------------------------------------------------- images

_PIL_FORMATS = {"jpg": "JPEG", "png": "PNG"}


def reencode_image(source: Path, target: Path, kind: str) -> None:
    """Decode the image and write its pixels only to ``target``: no EXIF, GPS, text chunks, comments, ICC
    profile or trailing bytes. Raises RefusedFile (image_too_large, image_broken); OSError from writing
    ``target`` is passed on (the disk, not the file)."""
    fmt = _PIL_FORMATS[kind]
    try:
        with Image.open(source, formats=[fmt]) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise RefusedFile("image_too_large")
            probe.verify()
        with Image.open(source, formats=[fmt]) as image:
            image.load()
            clean = ImageOps.exif_transpose(image) if kind == "jpg" else image.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise RefusedFile("image_too_large") from error
    except RefusedFile:
        raise
    except (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError, MemoryError,
            struct_error) as error:
        raise RefusedFile("image_broken") from error
    transparency = clean.info.get("transparency") if kind == "png" else None
    clean.info = {}  # Pillow copies the ICC profile and comments from here when saving
    if kind == "jpg":
        if clean.mode not in ("L", "RGB", "CMYK"):
            clean = clean.convert("RGB")
        options: dict[str, object] = {"quality": 90, "optimize": True}
    else:
        if clean.mode not in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
            clean = clean.convert("RGBA")
        options = {"optimize": True} if transparency is None else {"optimize": True, "transparency": transparency}
    with target.open("xb") as out:
        clean.save(out, format=fmt, **options)
        out.flush()
        os.fsync(out.fileno())


# ---------------------------------------------------------------- storing

@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    file_type: str
    size_bytes: int
    sha256: str


def _storage_failed(error: OSError, where: str) -> RefusedFile:
    """The storage, not the file: logged loudly (an operator must act), the user is asked to try later."""
    log.error("document store %s: could not write (%s): uploads are refused until it is writable",
              where, error)
    return RefusedFile("storage")


def store(files: FileStore, filename: str, source: BinaryIO, max_bytes: int) -> StoredFile:
    """Copy an upload into private storage, refusing empty, oversized, unknown, misnamed or unsafe files.

    It is written and checked in the store's local staging folder, and kept only once it passed. The size
    and sha256 returned are those of the bytes stored (a re-encoded image's, not the upload's).
    """
    stored_name = secrets.token_hex(20)
    directory = files.staging
    partial = directory / f".{stored_name}.part"
    cleaned = directory / f".{stored_name}.clean"
    digest = hashlib.sha256()
    size = 0
    try:
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            out = partial.open("xb")
        except OSError as error:
            raise _storage_failed(error, files.describe()) from error
        try:
            while chunk := source.read(_CHUNK):  # a failing upload stream raises its own OSError
                size += len(chunk)
                if size > max_bytes:
                    raise RefusedFile("too_big")
                digest.update(chunk)
                try:
                    out.write(chunk)
                except OSError as error:
                    raise _storage_failed(error, files.describe()) from error
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as error:
                raise _storage_failed(error, files.describe()) from error
        finally:
            with contextlib.suppress(OSError):
                out.close()
        if size == 0:
            raise RefusedFile("empty")
        with partial.open("rb") as written:
            head = written.read(64)
        detected = sniff(head, partial)
        if not detected:
            raise RefusedFile("wrong_type")
        if claimed_type(filename) != detected:
            raise RefusedFile("mismatch", detected)
        keep = partial
        if detected in ("docx", "odt") and (problem := zip_problem(partial)):
            raise RefusedFile(problem)
        if problem := office_problem(partial, detected):
            raise RefusedFile(problem)
        if detected == "pdf" and (problem := pdf_problem(partial.read_bytes())):
            raise RefusedFile(problem)
        if detected in _PIL_FORMATS:
            try:
                reencode_image(partial, cleaned, detected)
            except OSError as error:
                raise _storage_failed(error, files.describe()) from error
            keep = cleaned
            content = cleaned.read_bytes()
            size, digest = len(content), hashlib.sha256(content)
        try:
            files.keep(stored_name, keep)
        except OSError as error:
            raise _storage_failed(error, files.describe()) from error
    finally:
        for leftover in (partial, cleaned):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return StoredFile(stored_name, detected, size, digest.hexdigest())


def checked_name(stored_name: str) -> str:
    """A stored file's name as kept: only ever a random hex name (never a path)."""
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return stored_name


def remove(files: FileStore, stored_name: str) -> None:
    if stored_name.isalnum():
        files.remove(stored_name)


def safe_download_name(filename: str) -> str:
    """The uploaded name reduced to ASCII letters, digits and `` ._-()`` (safe in any header);
    ``download_name`` keeps the rest for browsers that read ``filename*``."""
    kept = "".join(ch for ch in filename if ch.isascii() and (ch.isalnum() or ch in " ._-()"))
    return kept.strip()[:120] or "document"


def download_name(filename: str) -> str:
    """The uploaded name without path separators, quotes or control characters (for ``filename*``)."""
    kept = "".join(ch for ch in filename if ch.isprintable() and ch not in '/\\"')
    return kept.strip()[:120] or "document"
