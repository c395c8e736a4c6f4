"""Word and OpenDocument files that would run or fetch something when opened are refused.

* DOCX: macro code (``vbaProject.bin``, ``vbaData.xml``, a macro-enabled content type), and relationships
  to anything outside the file but a hyperlink (``TargetMode="External"``): an attached template fetched
  from another server, a linked picture or OLE object, a subdocument or frame — each lets a document reach
  out when opened (remote template injection, credential leaks over SMB).
* ODT: Basic macros and scripts (``Basic/``, ``Scripts/``).
* DOC (OLE2): a VBA project (the ``_VBA_PROJECT`` stream), found by the name the compound file's directory
  holds in UTF-16.

Zip entries are read only after ``document_store.zip_problem`` has checked what the archive declares, and
each relationships part only up to ``MAX_PART_BYTES``. XML is parsed by defusedxml (no entities).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError  # nosec B405 # only the error type: parsing is defusedxml's

from defusedxml import ElementTree as defused
from defusedxml.common import DefusedXmlException

ACTIVE = "active_content"
MAX_PART_BYTES = 1024 * 1024
_MACRO_PARTS = re.compile(r"(?i)(^|/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$")
_MACRO_TYPES = re.compile(rb"(?i)macroEnabled|vbaProject|ms-office\.activeX")
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# "_VBA_PROJECT" as a compound file's directory names it: UTF-16, and compared without regard to case.
_OLE_VBA_PROJECT = re.compile(b"".join(
    re.escape(char.encode("utf-16-le")) if not char.isalpha()
    else b"[" + char.upper().encode() + char.lower().encode() + b"]\x00" for char in "_VBA_PROJECT"))


def _outside_links(data: bytes) -> bool:
    """Does a relationships part point outside the file at anything but a hyperlink?"""
    try:
        root = defused.fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        return True  # a part we cannot read cannot be shown safe
    return any(rel.get("TargetMode", "").lower() == "external" and rel.get("Type") != _HYPERLINK
               for rel in root.iter(_RELATIONSHIP))


def docx_problem(path: Path) -> str:
    """``active_content`` for a DOCX with macros or outside references, else ""."""
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in archive.infolist():
                name = entry.filename
                if _MACRO_PARTS.search(name):
                    return ACTIVE
                if name == "[Content_Types].xml" or name.endswith(".rels"):
                    if entry.file_size > MAX_PART_BYTES:
                        return ACTIVE
                    data = archive.read(entry)
                    if _MACRO_TYPES.search(data) or (name.endswith(".rels") and _outside_links(data)):
                        return ACTIVE
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return ACTIVE
    return ""


def odt_problem(path: Path) -> str:
    """``active_content`` for an ODT carrying Basic macros or scripts, else ""."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return ACTIVE
    return ACTIVE if any(name.startswith(("Basic/", "Scripts/")) for name in names) else ""


def doc_problem(data: bytes) -> str:
    """``active_content`` for a Word 97–2003 file whose compound file holds a VBA project, else ""."""
    return ACTIVE if _OLE_VBA_PROJECT.search(data) else ""


def office_problem(path: Path, kind: str) -> str:
    """The problem with a checked DOC, DOCX or ODT, or "" (other kinds: "")."""
    if kind == "docx":
        return docx_problem(path)
    if kind == "odt":
        return odt_problem(path)
    if kind == "doc":
        return doc_problem(path.read_bytes())
    return ""
