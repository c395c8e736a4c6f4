"""A received request as staff see it: the answers, the documents, the history; and who opened it.

Staff may open any submitted request (never a parent's unsent draft). Every
opening of a case and every download is written to the audit log, which
managers can read (who looked at which child's file, and when).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import registry
from ehcna_portal.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AuditEvent,
    CaseNote,
    Child,
    ParentAccount,
    ScanStatus,
    StaffAccount,
    StaffSession,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    accounts,
    applications,
    audit,
    case_status,
    casework,
    consents,
    document_store,
    file_stores,
    virus_scan,
)
from ehcna_portal.services.case_status import SENT_REQUEST
from ehcna_portal.services.dates import uk_date
from ehcna_portal.settings import Settings


@dataclass
class StaffCase:
    application: Application
    child: Child
    parent: ParentAccount
    assigned_to: str
    documents: list[ApplicationDocument] = field(default_factory=list)
    # The family's other forms sent since the request (their advice…), each with the documents sent with it.
    family_forms: list[tuple[Application, list[ApplicationDocument]]] = field(default_factory=list)


def _family_forms(db: Session, request: Application) -> list[tuple[Application, list[ApplicationDocument]]]:
    """The other forms of the request's case the family has sent (their advice…)."""
    if request.case_id is None:
        return []
    forms = db.exec(select(Application).where(
        Application.case_id == request.case_id, Application.form_key != registry.REQUEST_FORM,
        Application.status == ApplicationStatus.SUBMITTED).order_by(col(Application.id))).all()
    documents = db.exec(select(ApplicationDocument).where(
        col(ApplicationDocument.application_id).in_([form.id for form in forms]))
        .order_by(col(ApplicationDocument.id))).all() if forms else []
    return [(form, [doc for doc in documents if doc.application_id == form.id]) for form in forms]


def open_case(engine: Engine, application_id: int, staff_id: int) -> StaffCase | None:
    """The case, if it was submitted; the opening is audited."""
    with Session(engine, expire_on_commit=False) as db:
        row = db.exec(select(Application, Child, ParentAccount)
                      .join(Child, col(Child.id) == Application.child_id)
                      .join(ParentAccount, col(ParentAccount.id) == Application.parent_id)
                      .where(Application.id == application_id, SENT_REQUEST)).first()
        if row is None:
            return None
        application, child, parent = row
        officer = db.get(StaffAccount, application.assigned_to_id) if application.assigned_to_id else None
        documents = list(db.exec(select(ApplicationDocument).where(
            ApplicationDocument.application_id == application_id).order_by(col(ApplicationDocument.id))).all())
        audit.record(db, actor=f"staff:{staff_id}", action="case.viewed", object_type="application",
                     object_id=application_id)
        db.commit()
        return StaffCase(application, child, parent, officer.name if officer else "", documents,
                         _family_forms(db, application))


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: dict
    form: str = ""  # the name of the family's later form the event belongs to ("" for the request itself)


def history(engine: Engine, application_id: int,
            family_forms: list[Application] | None = None) -> list[HistoryEntry]:
    """Everything that happened to the case, most recent first, with who did it by name: the request's events
    and those of every later form of its case the family has sent (their advice…; a draft is still theirs).
    ``family_forms``: those forms, when the caller has read them already (``open_case``)."""
    with Session(engine) as db:
        if family_forms is None:
            request = db.get(Application, application_id)
            family_forms = [sent for sent, _documents in _family_forms(db, request)] if request else []
        forms = {str(application_id): "", **{str(sent.id): registry.form(sent.form_key, sent.form_version).title
                                             for sent in family_forms}}
        events = db.exec(select(AuditEvent).where(AuditEvent.object_type == "application",
                                                  col(AuditEvent.object_id).in_(list(forms)))
                         .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())).all()
        names = {f"staff:{staff.id}": staff.name for staff in db.exec(select(StaffAccount)).all()}
    return [HistoryEntry(event.occurred_at, names.get(event.actor, _actor(event.actor)), event.action,
                         dict(event.detail), forms[event.object_id]) for event in events]


def _actor(actor: str) -> str:
    kind = actor.split(":", 1)[0]
    return {"parent": "the parent", "system": "the system", "cli": "an administrator"}.get(kind, actor)


def officers(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as db:
        return [(staff.id or 0, staff.name) for staff in db.exec(
            select(StaffAccount).where(StaffAccount.is_active).order_by(col(StaffAccount.name))).all()]


def assign(engine: Engine, application_ids: list[int], officer_id: int | None, actor: str) -> int:
    with Session(engine) as db:
        changed = casework.assign(db, application_ids, officer_id, actor=actor)
        db.commit()
        return changed


def change_status(engine: Engine, application_id: int, new: str, *, actor: str, on: date,
                  reason: str = "") -> None:
    """Raises ``case_status.TransitionRefused`` with the reason when the process does not allow it."""
    with Session(engine) as db:
        application = db.exec(select(Application).where(Application.id == application_id)).first()
        if application is None:
            raise case_status.TransitionRefused("That request cannot be found")
        case_status.change(db, application, new, actor=actor, on=on, now=utcnow(), reason=reason)
        db.commit()


def staff_document(engine: Engine, document_id: int, staff_id: int) -> ApplicationDocument | None:
    """A document of a form the family has sent — the request, or a later form of its case (their advice…) —
    for staff; the download is audited on the request, whose case page lists it (a document in quarantine or
    that failed its virus scan is returned for the refusal, and not audited: nothing is downloaded)."""
    with Session(engine, expire_on_commit=False) as db:
        row = db.exec(select(ApplicationDocument, Application)
                      .join(Application, col(Application.id) == ApplicationDocument.application_id)
                      .where(ApplicationDocument.id == document_id,
                             Application.status == ApplicationStatus.SUBMITTED,
                             or_(col(Application.form_key) == registry.REQUEST_FORM,
                                 col(Application.case_id).is_not(None)))).first()
        if row is None:
            return None
        found, sent = row
        if found.scan_status not in ScanStatus.DOWNLOADABLE:
            return found
        request_id = sent.id if sent.form_key == registry.REQUEST_FORM else db.exec(
            select(Application.id).where(Application.case_id == sent.case_id, SENT_REQUEST)).first()
        audit.record(db, actor=f"staff:{staff_id}", action="document.downloaded", object_type="application",
                     object_id=request_id or sent.id, document_id=document_id)
        db.commit()
        return found


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    actor: str
    action: str
    application_id: int
    reference: str


ACCESS_ACTIONS = ("case.viewed", "document.downloaded")


def access_log(engine: Engine, limit: int = 200) -> list[AccessEntry]:
    """Staff access to requests (cases opened, documents downloaded), newest first, for managers."""
    with Session(engine) as db:
        events = db.exec(select(AuditEvent).where(col(AuditEvent.action).in_(ACCESS_ACTIONS))
                         .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc()).limit(limit)).all()
        ids = {int(event.object_id) for event in events if event.object_id.isdigit()}
        references = dict(db.exec(select(Application.id, Application.reference)
                                  .where(col(Application.id).in_(ids))).all()) if ids else {}
        names = {f"staff:{staff.id}": staff.name for staff in db.exec(select(StaffAccount)).all()}
    return [AccessEntry(event.occurred_at, names.get(event.actor, event.actor), event.action,
                        int(event.object_id), references.get(int(event.object_id)) or "")
            for event in events if event.object_id.isdigit()]


NOTE_MAX = 5000


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str
    body: str


def add_note(engine: Engine, application_id: int, staff_id: int, body: str) -> None:
    """Add an internal note (the caller has checked it is not empty and not too long)."""
    with Session(engine) as db:
        if db.exec(select(Application.id).where(Application.id == application_id, SENT_REQUEST)).first() is None:
            return
        db.add(CaseNote(application_id=application_id, staff_id=staff_id, body=body))
        audit.record(db, actor=f"staff:{staff_id}", action="case.note_added", object_type="application",
                     object_id=application_id)
        db.commit()


def notes(engine: Engine, application_id: int) -> list[NoteView]:
    with Session(engine) as db:
        found = db.exec(select(CaseNote, StaffAccount).join(StaffAccount, col(StaffAccount.id) == CaseNote.staff_id)
                        .where(CaseNote.application_id == application_id)
                        .order_by(col(CaseNote.created_at).desc(), col(CaseNote.id).desc())).all()
    return [NoteView(note.created_at, staff.name, note.body) for note, staff in found]


def record_exception(engine: Engine, application_id: int, reason: str, starts: date, ends: date | None, *,
                     actor: str) -> None:
    """Raises ``casework.CaseworkRefused`` with the reason when it cannot be recorded."""
    with Session(engine) as db:
        casework.record_exception(db, application_id, reason, starts, ends, actor=actor)
        db.commit()


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    email: str
    role: str
    active: bool
    has_authenticator: bool


def staff_members(engine: Engine) -> list[StaffMember]:
    with Session(engine) as db:
        return [StaffMember(staff.id or 0, staff.name, staff.email, staff.role, staff.is_active,
                            bool(staff.totp_secret_encrypted))
                for staff in db.exec(select(StaffAccount).order_by(col(StaffAccount.name))).all()]


def set_active(engine: Engine, staff_id: int, active: bool, *, actor: str) -> None:
    """Switch an account off (its sessions stop at once: every lookup checks) or on again."""
    with Session(engine) as db:
        staff = db.get(StaffAccount, staff_id)
        if staff is None or staff.is_active == active:
            return
        staff.is_active = active
        db.add(staff)
        audit.record(db, actor=actor, action="staff.activated" if active else "staff.deactivated",
                     object_type="staff_account", object_id=staff_id)
        db.commit()


def reset_authenticator(engine: Engine, staff_id: int, *, actor: str) -> None:
    """A lost phone: the next sign-in sets up a new authenticator app; current sessions end."""
    with Session(engine) as db:
        staff = db.get(StaffAccount, staff_id)
        if staff is None:
            return
        staff.totp_secret_encrypted, staff.totp_last_step = "", 0
        db.add(staff)
        db.execute(update(StaffSession).where(col(StaffSession.staff_id) == staff_id,
                                              col(StaffSession.revoked_at).is_(None)).values(revoked_at=utcnow()))
        audit.record(db, actor=actor, action="staff.authenticator_reset", object_type="staff_account",
                     object_id=staff_id)
        db.commit()


def create_staff_account(engine: Engine, settings: Settings, *, email: str, name: str, role: str, password: str,
                         actor: str) -> None:
    """Raises ``accounts.AccountError`` with the reason (address taken, role unknown, password short)."""
    with Session(engine) as db:
        accounts.create_staff(db, settings, email=email, name=name, role=role, password=password, actor=actor)
        db.commit()


PHASES = ("request", "assessment", "plan", "reviews")


def add_staff_document(engine: Engine, settings: Settings, application_id: int, staff_id: int, filename: str,
                       source: BinaryIO, *, shared: bool, phase: str) -> int:
    """A report or letter staff add to a request: shared with the family on a tab of the child's page, or
    internal. Checked like the family's uploads (type by content, size); raises RefusedFile or LookupError."""
    if phase not in PHASES:
        phase = "request"
    with Session(engine) as db:
        application = db.exec(select(Application).where(Application.id == application_id, SENT_REQUEST)).first()
        staff = db.get(StaffAccount, staff_id)
        if application is None or staff is None:
            raise LookupError(application_id)
        stored = document_store.store(file_stores.for_settings(settings), filename, source,
                                      settings.upload_max_mb * 1024 * 1024)
        try:
            document = ApplicationDocument(application_id=application_id, parent_id=application.parent_id,
                                           stored_name=stored.stored_name, original_name=Path(filename).name[:255],
                                           file_type=stored.file_type, size_bytes=stored.size_bytes,
                                           sha256=stored.sha256, details={"document_from": staff.name},
                                           after_submission=True, uploaded_by_staff_id=staff_id, shared=shared,
                                           phase=phase, scan_status=virus_scan.initial_status(settings))
            db.add(document)
            db.flush()
            audit.record(db, actor=f"staff:{staff_id}", action="document.uploaded", object_type="application",
                         object_id=application_id, document_id=document.id, shared=shared, phase=phase)
            db.commit()
        except BaseException:
            document_store.remove(file_stores.for_settings(settings), stored.stored_name)
            raise
        return document.id or 0


def export_case(engine: Engine, application_id: int, staff_id: int) -> dict | None:
    """A submitted request as JSON for other council systems: its facts, and every answer with its question
    (from the form definition); audited like any access."""
    found = open_case(engine, application_id, staff_id)
    if found is None:
        return None
    application, child = found.application, found.child
    documents = documents_of(found.documents)
    received = application.received_on
    facts = applications.child_facts(child, received or uk_date(utcnow()))
    form = registry.form(application.form_key, application.form_version)
    answers = form_answers.export(form, application.answers, facts, documents)
    family_forms = [{"form": sent.form_key, "name": registry.form(sent.form_key, sent.form_version).title,
                     "received_on": sent.received_on.isoformat() if sent.received_on else None,
                     **form_answers.export(registry.form(sent.form_key, sent.form_version), sent.answers, facts,
                                           documents_of(docs))}
                    for sent, docs in found.family_forms]
    return {"reference": application.reference, "received_on": received.isoformat() if received else None,
            "decision_due_on": application.decision_due_on.isoformat() if application.decision_due_on else None,
            "status": application.case_status,
            "child": {"name": application.child_name, "date_of_birth": child.date_of_birth.isoformat(),
                      "postcode": child.postcode, "school": child.school_name},
            "consents": consents.export(consents.agreed(application)),
            "documents": [{"name": doc["name"], **doc["details"]} for doc in documents], **answers,
            "family_forms": family_forms}


def documents_of(documents: list[ApplicationDocument]) -> list[dict]:
    """A form's family-uploaded documents as the answer summaries and exports read them."""
    return [{"id": doc.id, "name": doc.original_name, "details": dict(doc.details)}
            for doc in documents if doc.uploaded_by_staff_id is None]
