"""Virus scanning of uploaded documents (security.md H6): a small pluggable scanner, a ClamAV client, and
the quarantine sweep.

With ``EHCNA_CLAMD_ADDRESS`` set, every new document is stored with scan status ``pending``: nobody can
download it (the family sees "Being checked", staff "Awaiting virus scan"). ``scan_pending`` — run by every
backend worker's background task, and woken by each upload — sends each pending file to the scanner and
marks it ``clean`` or ``infected``. An infected file's bytes are deleted at once, an ``document.infected``
audit event is written, and the family sees that the file failed a virus check. When the scanner cannot be
reached or answers with an error, files stay ``pending`` and are tried again at the next sweep: the portal
never fails open (ASVS 16.5.3) and never loses an upload.

Without a scanner, documents are ``not_scanned`` and downloadable as soon as they are stored.
"""

from __future__ import annotations

import logging
import socket
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import ApplicationDocument, ScanStatus
from ehcna_portal.services import audit, document_store, file_stores
from ehcna_portal.settings import Settings

log = logging.getLogger(__name__)

CLEAN, INFECTED, UNAVAILABLE = "clean", "infected", "unavailable"


@dataclass(frozen=True)
class Verdict:
    """What a scanner said: ``clean``, ``infected`` (``name`` is the signature) or ``unavailable`` (``name``
    says why: the scanner is down, timed out, or answered with an error). Only ``clean`` releases a file."""

    status: str
    name: str = ""


class Scanner(Protocol):
    def scan(self, path: Path) -> Verdict:
        """Scan one file. Raises FileNotFoundError if it is not there; any other failure is ``unavailable``."""
        ...


class ClamdScanner:
    """ClamAV's daemon over TCP or a unix socket, with the INSTREAM command (the file's bytes are sent, so
    clamd needs no access to the documents folder). clamd's ``StreamMaxLength`` must be at least
    ``EHCNA_UPLOAD_MAX_MB``, or large files are answered with an error and stay pending."""

    CHUNK = 64 * 1024
    MAX_REPLY = 4096

    def __init__(self, address: str, timeout: float = 60.0) -> None:
        parts = urlsplit(address)
        if parts.scheme == "unix":
            self.family, self.target = socket.AF_UNIX, parts.path
        elif parts.scheme == "tcp" and parts.hostname and parts.port:
            self.family, self.target = socket.AF_INET, (parts.hostname, parts.port)  # type: ignore[assignment]
        else:
            raise ValueError(f"not a clamd address: {address!r}")
        self.address = address
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        if self.family == socket.AF_UNIX:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(self.timeout)
            try:
                connection.connect(self.target)
            except OSError:
                connection.close()
                raise
            return connection
        return socket.create_connection(self.target, timeout=self.timeout)  # type: ignore[arg-type]

    def _reply(self, connection: socket.socket) -> str:
        """One NUL-terminated reply (the ``z`` form of each command)."""
        received = b""
        while not received.endswith(b"\0") and len(received) < self.MAX_REPLY:
            part = connection.recv(self.MAX_REPLY)
            if not part:
                break
            received += part
        return received.rstrip(b"\0").decode("utf-8", "replace").strip()

    def ping(self) -> bool:
        try:
            with self._connect() as connection:
                connection.sendall(b"zPING\0")
                return self._reply(connection) == "PONG"
        except OSError:
            return False

    def scan(self, path: Path) -> Verdict:
        with path.open("rb") as source:  # FileNotFoundError is the caller's to handle
            try:
                with self._connect() as connection:
                    try:
                        connection.sendall(b"zINSTREAM\0")
                        while chunk := source.read(self.CHUNK):
                            connection.sendall(struct.pack("!L", len(chunk)) + chunk)
                        connection.sendall(struct.pack("!L", 0))
                    except (BrokenPipeError, ConnectionResetError) as error:
                        # clamd stops reading past StreamMaxLength: its reply says why.
                        return Verdict(UNAVAILABLE, self._reply(connection) or f"{type(error).__name__}: {error}")
                    reply = self._reply(connection)
            except OSError as error:  # refused, reset, timed out: clamd is down or busy
                return Verdict(UNAVAILABLE, f"{type(error).__name__}: {error}")
        return parse_reply(reply)


def parse_reply(reply: str) -> Verdict:
    """``stream: OK`` → clean; ``stream: <signature> FOUND`` → infected; anything else (``… ERROR``,
    nothing at all) → unavailable."""
    _, _, result = reply.partition(": ")
    if result == "OK":
        return Verdict(CLEAN)
    if result.endswith(" FOUND") and len(result) > len(" FOUND"):
        return Verdict(INFECTED, result.removesuffix(" FOUND").strip()[:200])
    return Verdict(UNAVAILABLE, reply[:200] or "no reply")


def scanner_for(settings: Settings) -> Scanner | None:
    """The configured scanner, or None when ``EHCNA_CLAMD_ADDRESS`` is unset (no scanning)."""
    return ClamdScanner(settings.clamd_address) if settings.clamd_address else None


def initial_status(settings: Settings) -> str:
    """A new document's scan status: quarantined until scanned when a scanner is configured."""
    return ScanStatus.PENDING if settings.clamd_address else ScanStatus.NOT_SCANNED


@dataclass
class SweepReport:
    clean: int = 0
    infected: int = 0
    unavailable: bool = False  # the scanner could not be used: what is left waits for the next sweep
    missing: int = 0  # pending rows whose file is not on disk (logged; they stay pending)


def scan_pending(engine: Engine, settings: Settings, scanner: Scanner, limit: int = 100) -> SweepReport:
    """Scan documents waiting in quarantine, oldest first. Safe in several workers at once: each result is
    written only if the document is still pending, so it is recorded (and audited) once."""
    report = SweepReport()
    with Session(engine) as db:
        waiting = db.exec(select(ApplicationDocument.id, ApplicationDocument.application_id,
                                 ApplicationDocument.stored_name)
                          .where(ApplicationDocument.scan_status == ScanStatus.PENDING)
                          .order_by(col(ApplicationDocument.id)).limit(limit)).all()
    failures = 0
    for document_id, application_id, stored_name in waiting:
        try:
            with file_stores.for_settings(settings).local_path(document_store.checked_name(stored_name)) as path:
                verdict = scanner.scan(path)
        except FileNotFoundError:
            log.error("document %s is waiting for a virus scan but its file %s is missing", document_id,
                      stored_name)
            report.missing += 1
            continue
        if verdict.status not in (CLEAN, INFECTED):
            # One error may be this file's (too big for clamd's StreamMaxLength): go on to the next. Two in a
            # row: the scanner is down or unwell; everything left waits for the next sweep.
            log.warning("virus scanner unavailable for document %s (%s): it stays in quarantine and is retried",
                        document_id, verdict.name)
            report.unavailable = True
            failures += 1
            if failures >= 2:
                break
            continue
        failures = 0
        with Session(engine) as db:
            changed = db.execute(update(ApplicationDocument)
                                 .where(col(ApplicationDocument.id) == document_id,
                                        col(ApplicationDocument.scan_status) == ScanStatus.PENDING)
                                 .values(scan_status=verdict.status)).rowcount
            if changed and verdict.status == INFECTED:
                audit.record(db, actor="system", action="document.infected", object_type="application",
                             object_id=application_id, document_id=document_id, signature=verdict.name)
            db.commit()
        if not changed:
            continue  # removed meanwhile, or another worker got there first
        if verdict.status == INFECTED:
            document_store.remove(file_stores.for_settings(settings), stored_name)  # after the row says infected
            log.warning("document %s failed its virus scan (%s): its file was deleted", document_id, verdict.name)
            report.infected += 1
        else:
            report.clean += 1
    return report
