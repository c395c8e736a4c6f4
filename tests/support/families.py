"""Whole families, built on the factories: a parent with two children, one request sent and one not.

* ``make_family``: for the backup drill and ``bench/backup.py`` (documents of a chosen size; hundreds of
  parents without bcrypt when asked);
* ``family_with_history``: for the personal data export and account deletion — everything a family can
  leave behind (an authenticator app, recovery codes, a signed-in session, a reset link, a sign-in code,
  a document waiting for its virus check and, with a caseworker, staff documents, a note and letters),
  each marked so a test can find it, or prove its absence.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal.models import ApplicationDocument, CaseLetter, ParentAccount, ScanStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, sessions, staff_cases, two_step
from ehcna_portal.services import parent_accounts as parent_accounts_service
from ehcna_portal.settings import Settings
from tests.support import factories, pdfs

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


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


def _parent_without_bcrypt(engine: Engine, number: int, password_hash: str) -> str:
    """A confirmed parent row with a ready-made hash (a bench makes hundreds; bcrypt for each would take
    minutes and measures nothing here)."""
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
    email = (factories.make_parent(engine, settings, two_step="email") if password_hash is None
             else _parent_without_bcrypt(engine, number, password_hash))
    parent_id = factories.parent_id_of(engine, email)
    first = factories.add_child(engine, parent_id, f"Ada{number}", surname="Backupson")
    second = factories.add_child(engine, parent_id, f"Bea{number}", surname="Backupson", born=date(2019, 9, 2))
    uploaded: list[int] = []

    def upload(application_id: int, name: str, *, described: bool = True) -> None:
        uploaded.append(factories.add_document(engine, settings, parent_id, application_id, name,
                                               pdf(document_bytes), described=described))

    submitted_id = factories.start_request(engine, parent_id, first)
    for index in range(max(documents - 1, 0)):
        upload(submitted_id, f"report-{index}.pdf")
    factories.answer_required(engine, parent_id, submitted_id)
    factories.send(engine, settings, parent_id, submitted_id)
    if documents:
        upload(submitted_id, "sent-later.pdf", described=False)
    draft_id = factories.start_request(engine, parent_id, second)
    applications.save_step(engine, parent_id, draft_id, 1, 1, dict(factories.REQUIRED_ANSWERS[0][1]), complete=True,
                           last_page="step-2")
    upload(draft_id, "draft-evidence.pdf", described=False)
    return Family(parent_id, email, submitted_id, draft_id, uploaded)


@dataclass
class HistoryFamily:
    parent_id: int
    email: str
    sent_id: int
    draft_id: int
    sent_child: int
    draft_child: int
    reference: str
    session_token: str = ""
    recovery_codes: list[str] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)


def _marked(engine: Engine, settings: Settings, parent_id: int, application_id: int, name: str, marker: str) -> int:
    return factories.add_document(engine, settings, parent_id, application_id, name, factories.marked_pdf(marker))


def family_with_history(engine: Engine, settings: Settings, name: str, *, lang: str = "en",
                        staff_id: int | None = None) -> HistoryFamily:
    """A parent (authenticator app, recovery codes, a signed-in session, a reset link, a sign-in code) with
    a child whose request was sent and another whose application is not."""
    email = factories.make_parent(engine, settings, two_step="app")
    with Session(engine) as db:
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).one()
        parent.preferred_language = lang
        parent.totp_secret_encrypted = two_step.encrypt_secret(settings, TOTP_SECRET)
        db.add(parent)
        codes = two_step.new_recovery_codes(db, parent.id)
        row = sessions.start(db, parent.id, stage=sessions.SIGNED_IN, two_step_verified=True, ip="203.0.113.7",
                             user_agent="Firefox")
        nonce = sessions.create_handoff(db, row, "/ehc")
        two_step.issue_email_code(db, settings, parent, row.id)
        db.commit()
        parent_id = parent.id or 0
    with Session(engine) as db:
        token, _next = sessions.redeem_handoff(db, nonce)
        db.commit()
    parent_accounts_service.request_password_reset(engine, settings, email)
    sent_child = factories.add_child(engine, parent_id, f"{name}sent", born=date(2016, 2, 29))
    draft_child = factories.add_child(engine, parent_id, f"{name}draft", born=date(2018, 6, 1))
    sent_id = factories.start_request(engine, parent_id, sent_child)
    factories.answer_required(engine, parent_id, sent_id, why=f"{name} finds noise very hard")
    markers = {"sent_doc": f"{name}-SENT-DOC", "draft_doc": f"{name}-DRAFT-DOC", "pending": f"{name}-PENDING"}
    _marked(engine, settings, parent_id, sent_id, "school report.pdf", markers["sent_doc"])
    pending = _marked(engine, settings, parent_id, sent_id, "late.pdf", markers["pending"])
    outcome = applications.submit(engine, settings, parent_id, sent_id, given=factories.AGREED, now=utcnow())
    assert outcome.submitted_now
    with Session(engine) as db:
        document = db.get(ApplicationDocument, pending)
        document.scan_status = ScanStatus.PENDING
        db.add(document)
        db.commit()
    draft_id = factories.start_request(engine, parent_id, draft_child)
    factories.answer_required(engine, parent_id, draft_id, why=f"{name} draft answer")
    _marked(engine, settings, parent_id, draft_id, "draft notes.pdf", markers["draft_doc"])
    if staff_id is not None:
        markers |= {"shared": f"{name}-SHARED-BY-STAFF", "internal": f"{name}-INTERNAL-STAFF",
                    "note": f"{name} internal note", "letter": f"{name} decision letter text",
                    "unshared_letter": f"{name} draft letter never shared"}
        case_id = factories.case_of(engine, sent_id)
        for marker, shared in ((markers["shared"], True), (markers["internal"], False)):
            staff_cases.add_staff_document(engine, settings, case_id, staff_id, f"{marker}.pdf",
                                           io.BytesIO(factories.marked_pdf(marker)), shared=shared, phase="request")
        staff_cases.add_note(engine, case_id, staff_id, markers["note"])
        with Session(engine) as db:
            db.add(CaseLetter(case_id=case_id, phase="request", title="Decision", body=markers["letter"]))
            db.add(CaseLetter(case_id=case_id, phase="request", title="Draft",
                              body=markers["unshared_letter"], shared=False))
            db.commit()
    return HistoryFamily(parent_id, email, sent_id, draft_id, sent_child, draft_child, outcome.view.reference,
                         token, codes, markers)
