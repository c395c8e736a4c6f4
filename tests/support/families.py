"""Families with children, sent and draft requests and their documents, made through the services
(for the backup drill and ``bench/backup.py``)."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal.models import ParentAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, children
from ehcna_portal.settings import Settings
from tests.support import pdfs
from tests.support.parents import make_parent

ANSWERS = ((1, {"requester_role": "parent", "request_type": "new"}),
           (2, {"relationship_to_child": "mother", "has_parental_responsibility": "yes"}),
           (4, {"why_requesting_now": "She finds noise and crowds very hard."}),
           (5, {"currently_in_education": "school"}))
DETAILS = {"document_type": "school_report", "document_from": "Sample Street Primary School",
           "date_published": {"day": "1", "month": "3", "year": "2026"}, "description": ""}


def pdf(size: int) -> bytes:
    """A real one-page PDF of about ``size`` bytes whose page content does not compress (like a scan):
    high bytes only, so nothing in it reads as a PDF name, number or object to the upload checks."""
    filler = bytes(byte | 0x80 for byte in os.urandom(max(size - 600, 1)))
    return pdfs.build(objects={4: b"<</Length %d>>stream\n" % len(filler) + filler + b"\nendstream"})


@dataclass
class Family:
    parent_id: int
    email: str
    submitted_id: int
    draft_id: int
    document_ids: list[int] = field(default_factory=list)


def _child(engine: Engine, parent_id: int, forename: str, born: date) -> int:
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": forename, "middle_name": "", "surname": "Backupson", "gender_at_birth": "female",
        "date_of_birth": born, "school_urn": "", "school_name": "Sample Street Primary School",
        "school_status": "not_listed", "relationship": "Mother", "parental_responsibility": True,
        "address_line_1": "9 Hidden Lane", "address_line_2": "", "town": "Coventry", "postcode": "CV1 9XA",
        "uprn": ""})
    assert child_id is not None
    return child_id


def _parent_without_bcrypt(engine: Engine, number: int, password_hash: str) -> str:
    """A confirmed parent row with a ready-made hash (a bench makes hundreds; bcrypt cost 12 each would
    take minutes and measures nothing here)."""
    email = f"bench-parent-{number}@example.com"
    now = utcnow()
    with Session(engine) as db:
        db.add(ParentAccount(email=email, password_hash=password_hash, title="Ms", forename="Bench",
                             surname=f"Parent{number}", gender="female", address_line_1="1 Example Street",
                             town="Coventry", postcode="CV1 5RR", home_phone="01632 960 001",
                             two_step_method="email", email_verified_at=now, created_at=now))
        db.commit()
    return email


def make_family(engine: Engine, settings: Settings, number: int, *, documents: int = 2, document_bytes: int = 4000,
                password_hash: str | None = None) -> Family:
    """A parent with two children: one request sent (with ``documents`` files, one of them added after
    sending) and one draft with answers and a file."""
    email = (make_parent(engine, settings, two_step="email") if password_hash is None
             else _parent_without_bcrypt(engine, number, password_hash))
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
    first = _child(engine, parent_id, f"Ada{number}", date(2016, 5, 17))
    second = _child(engine, parent_id, f"Bea{number}", date(2019, 9, 2))
    uploaded: list[int] = []

    def upload(application_id: int, name: str) -> int:
        document_id = applications.add_document(engine, settings, parent_id, application_id, name,
                                                io.BytesIO(pdf(document_bytes)))
        uploaded.append(document_id)
        return document_id

    started = applications.start(engine, parent_id, first)
    assert started is not None
    submitted_id, version = started[0], 1
    for step, values in ANSWERS:
        version = applications.save_step(engine, parent_id, submitted_id, version, step, values, complete=True,
                                         last_page="summary").view.version
    for index in range(max(documents - 1, 0)):
        document_id = upload(submitted_id, f"report-{index}.pdf")
        applications.save_document_details(engine, parent_id, document_id, DETAILS)
    outcome = applications.submit(engine, settings, parent_id, submitted_id, privacy=True, share=True, now=utcnow())
    assert outcome.submitted_now, outcome
    if documents:
        upload(submitted_id, "sent-later.pdf")

    started = applications.start(engine, parent_id, second)
    assert started is not None
    draft_id = started[0]
    applications.save_step(engine, parent_id, draft_id, 1, 1, dict(ANSWERS[0][1]), complete=True,
                           last_page="step-2")
    upload(draft_id, "draft-evidence.pdf")
    return Family(parent_id, email, submitted_id, draft_id, uploaded)
