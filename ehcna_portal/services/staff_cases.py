"""A case as staff see it: its request's answers, the documents, the family's later forms, the history; and
who opened it.

Staff may open any case (a case is opened by a sent request: never a parent's unsent draft). Every opening of a
case and every download is written to the audit log, which managers can read (who looked at which child's file,
and when).
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
from ehcna_portal.i18n import t
from ehcna_portal.models import (
    AdviceRequest,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AuditEvent,
    CaseNote,
    Child,
    EhcCase,
    ParentAccount,
    ScanStatus,
    StaffAccount,
    StaffSession,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    accounts,
    advice_form,
    advice_tracking,
    applications,
    audit,
    case_status,
    cases,
    casework,
    consents,
    document_store,
    file_stores,
    virus_scan,
)
from ehcna_portal.settings import Settings

ADVICE_COMPLETE = "advice_complete"


@dataclass
class StaffCase:
    case: EhcCase
    request: Application  # the request that opened it
    child: Child
    parent: ParentAccount
    assigned_to: str
    documents: list[ApplicationDocument] = field(default_factory=list)  # the request's
    # The family's other forms of the case (their advice…), each with the documents sent with it.
    family_forms: list[tuple[Application, list[ApplicationDocument]]] = field(default_factory=list)
    advice_given: list[AdviceRequest] = field(default_factory=list)  # received through the professionals' form


def _family_forms(db: Session, case_id: int) -> list[tuple[Application, list[ApplicationDocument]]]:
    """The forms of the case besides its request that the family has sent (their advice…)."""
    forms = db.exec(select(Application).where(
        Application.case_id == case_id, Application.form_key != registry.REQUEST_FORM,
        Application.status == ApplicationStatus.SUBMITTED).order_by(col(Application.id))).all()
    documents = db.exec(select(ApplicationDocument).where(
        col(ApplicationDocument.application_id).in_([form.id for form in forms]))
        .order_by(col(ApplicationDocument.id))).all() if forms else []
    return [(form, [doc for doc in documents if doc.application_id == form.id]) for form in forms]


def open_case(engine: Engine, case_id: int, staff_id: int) -> StaffCase | None:
    """The case with its request; the opening is audited."""
    with Session(engine, expire_on_commit=False) as db:
        row = db.exec(select(EhcCase, Child, ParentAccount)
                      .join(Child, col(Child.id) == EhcCase.child_id)
                      .join(ParentAccount, col(ParentAccount.id) == EhcCase.parent_id)
                      .where(EhcCase.id == case_id)).first()
        request = cases.request_of(db, case_id) if row is not None else None
        if row is None or request is None:
            return None
        case, child, parent = row
        officer = db.get(StaffAccount, case.assigned_to_id) if case.assigned_to_id else None
        documents = list(db.exec(select(ApplicationDocument).where(
            ApplicationDocument.application_id == request.id).order_by(col(ApplicationDocument.id))).all())
        audit.record(db, actor=f"staff:{staff_id}", action="case.viewed", object_type=audit.CASE, object_id=case_id)
        db.commit()
        return StaffCase(case, request, child, parent, officer.name if officer else "", documents,
                         _family_forms(db, case_id), advice_form.given_on_case(db, case_id))


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: dict
    form: str = ""  # the name of the family's later form the event belongs to ("" for the request itself)


def history(engine: Engine, case_id: int, forms: list[Application] | None = None) -> list[HistoryEntry]:
    """Everything that happened to the case, most recent first, with who did it by name: the casework, and the
    events of every form of the case the family has sent — the request and their later forms (their advice…; a
    draft is still theirs). ``forms``: those forms, the request first, when the caller has read them already."""
    with Session(engine) as db:
        if forms is None:
            request = cases.request_of(db, case_id)
            forms = [request, *(sent for sent, _documents in _family_forms(db, case_id))] if request else []
        titles = {str(sent.id): "" if sent.form_key == registry.REQUEST_FORM
                  else registry.form(sent.form_key, sent.form_version).title for sent in forms}
        events = db.exec(select(AuditEvent).where(or_(
            (col(AuditEvent.object_type) == audit.CASE) & (col(AuditEvent.object_id) == str(case_id)),
            (col(AuditEvent.object_type) == audit.APPLICATION) & col(AuditEvent.object_id).in_(list(titles))))
            .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())).all()
        names = {f"staff:{staff.id}": staff.name for staff in db.exec(select(StaffAccount)).all()}
    return [HistoryEntry(event.occurred_at, names.get(event.actor, _actor(event.actor)), event.action,
                         dict(event.detail), titles.get(event.object_id, "") if event.object_type == audit.APPLICATION
                         else "") for event in events]


def _actor(actor: str) -> str:
    kind = actor.split(":", 1)[0]
    return {"parent": "the parent", "system": "the system", "cli": "an administrator",
            "professional": "the person asked for advice"}.get(kind, actor)


def officers(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as db:
        return [(staff.id or 0, staff.name) for staff in db.exec(
            select(StaffAccount).where(StaffAccount.is_active).order_by(col(StaffAccount.name))).all()]


def assign(engine: Engine, case_ids: list[int], officer_id: int | None, actor: str) -> int:
    with Session(engine) as db:
        changed = casework.assign(db, case_ids, officer_id, actor=actor)
        db.commit()
        return changed


def change_status(engine: Engine, case_id: int, new: str, *, actor: str, on: date, reason: str = "") -> None:
    """Raises ``case_status.TransitionRefused`` with the reason when the process does not allow it: "Advice
    complete" waits for every advice request to be received, excepted, withdrawn or met by existing advice."""
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        if case is None:
            raise case_status.TransitionRefused("That request cannot be found")
        if new in case_status.SET_BY_PLAN:
            raise case_status.TransitionRefused("Use Issue draft plan, Consult schools or Issue final plan on the "
                                                "Plan tab: each checks the plan first")
        if new == ADVICE_COMPLETE and not advice_tracking.all_settled(db, case_id):
            raise case_status.TransitionRefused(t("staff.advice.error.not_complete", "en"))
        case_status.change(db, case, new, actor=actor, on=on, now=utcnow(), reason=reason)
        db.commit()


def staff_document(engine: Engine, document_id: int, staff_id: int) -> ApplicationDocument | None:
    """A document of a form of a case the family has sent — the request, or a later form (their advice…) — for
    staff; the download is audited on the case, whose page lists it (a document in quarantine or that failed its
    virus scan is returned for the refusal, and not audited: nothing is downloaded)."""
    with Session(engine, expire_on_commit=False) as db:
        row = db.exec(select(ApplicationDocument, Application)
                      .join(Application, col(Application.id) == ApplicationDocument.application_id)
                      .where(ApplicationDocument.id == document_id,
                             Application.status == ApplicationStatus.SUBMITTED,
                             col(Application.case_id).is_not(None))).first()
        if row is None:
            return None
        found, sent = row
        if found.scan_status not in ScanStatus.DOWNLOADABLE:
            return found
        audit.record(db, actor=f"staff:{staff_id}", action="document.downloaded", object_type=audit.CASE,
                     object_id=sent.case_id, document_id=document_id)
        db.commit()
        return found


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    actor: str
    action: str
    case_id: int
    reference: str


ACCESS_ACTIONS = ("case.viewed", "document.downloaded", "advice.viewed", "plan.viewed", "plan.downloaded",
                  "plan.previewed", "consultation.viewed", "letter.downloaded")


def access_log(engine: Engine, limit: int = 200) -> list[AccessEntry]:
    """Staff access to cases (opened, documents downloaded), newest first, for managers. Access recorded before
    casework moved onto cases names the request: it is shown as its case's."""
    with Session(engine) as db:
        events = [event for event in db.exec(
            select(AuditEvent).where(col(AuditEvent.action).in_(ACCESS_ACTIONS))
            .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc()).limit(limit)).all()
            if event.object_id.isdigit()]
        by_request = {str(request_id): case_id for request_id, case_id in db.exec(
            select(Application.id, Application.case_id).where(col(Application.id).in_(
                {int(event.object_id) for event in events if event.object_type == audit.APPLICATION}))).all()}
        case_of = [int(event.object_id) if event.object_type == audit.CASE else by_request.get(event.object_id)
                   for event in events]
        references = dict(db.exec(select(EhcCase.id, EhcCase.reference)
                                  .where(col(EhcCase.id).in_(set(case_of) - {None}))).all())
        names = {f"staff:{staff.id}": staff.name for staff in db.exec(select(StaffAccount)).all()}
    entries = [AccessEntry(event.occurred_at, names.get(event.actor, event.actor), event.action, case_id or 0,
                           references.get(case_id, "")) for event, case_id in zip(events, case_of, strict=True)]
    return entries


NOTE_MAX = 5000


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str
    body: str


def add_note(engine: Engine, case_id: int, staff_id: int, body: str) -> None:
    """Add an internal note (the caller has checked it is not empty and not too long)."""
    with Session(engine) as db:
        if db.get(EhcCase, case_id) is None:
            return
        db.add(CaseNote(case_id=case_id, staff_id=staff_id, body=body))
        audit.record(db, actor=f"staff:{staff_id}", action="case.note_added", object_type=audit.CASE,
                     object_id=case_id)
        db.commit()


def notes(engine: Engine, case_id: int) -> list[NoteView]:
    with Session(engine) as db:
        found = db.exec(select(CaseNote, StaffAccount).join(StaffAccount, col(StaffAccount.id) == CaseNote.staff_id)
                        .where(CaseNote.case_id == case_id)
                        .order_by(col(CaseNote.created_at).desc(), col(CaseNote.id).desc())).all()
    return [NoteView(note.created_at, staff.name, note.body) for note, staff in found]


def record_exception(engine: Engine, case_id: int, reason: str, starts: date, ends: date | None, *,
                     actor: str) -> None:
    """Raises ``casework.CaseworkRefused`` with the reason when it cannot be recorded."""
    with Session(engine) as db:
        casework.record_exception(db, case_id, reason, starts, ends, actor=actor)
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


def add_staff_document(engine: Engine, settings: Settings, case_id: int, staff_id: int, filename: str,
                       source: BinaryIO, *, shared: bool, phase: str) -> int:
    """A report or letter staff add to a case (kept with its request): shared with the family on a tab of the
    child's page, or internal. Checked like the family's uploads (type by content, size); raises RefusedFile or
    LookupError."""
    if phase not in PHASES:
        phase = "request"
    with Session(engine) as db:
        application = cases.request_of(db, case_id)
        staff = db.get(StaffAccount, staff_id)
        if application is None or staff is None:
            raise LookupError(case_id)
        stored = document_store.store(file_stores.for_settings(settings), filename, source,
                                      settings.upload_max_mb * 1024 * 1024)
        try:
            document = ApplicationDocument(application_id=application.id or 0, parent_id=application.parent_id,
                                           stored_name=stored.stored_name, original_name=Path(filename).name[:255],
                                           file_type=stored.file_type, size_bytes=stored.size_bytes,
                                           sha256=stored.sha256, details={"document_from": staff.name},
                                           after_submission=True, uploaded_by_staff_id=staff_id, shared=shared,
                                           phase=phase, scan_status=virus_scan.initial_status(settings))
            db.add(document)
            db.flush()
            audit.record(db, actor=f"staff:{staff_id}", action="document.uploaded", object_type=audit.CASE,
                         object_id=case_id, document_id=document.id, shared=shared, phase=phase)
            db.commit()
        except BaseException:
            document_store.remove(file_stores.for_settings(settings), stored.stored_name)
            raise
        return document.id or 0


def export_case(engine: Engine, case_id: int, staff_id: int) -> dict | None:
    """A case as JSON for other council systems: its facts, and every answer of its request and of the family's
    later forms with its question (from the form definition); audited like any access."""
    found = open_case(engine, case_id, staff_id)
    if found is None:
        return None
    case, request, child = found.case, found.request, found.child
    documents = documents_of(found.documents)
    facts = applications.child_facts(child, case.received_on)
    answers = form_answers.export(registry.form(request.form_key, request.form_version), request.answers, facts,
                                  documents)
    family_forms = [{"form": sent.form_key, "name": registry.form(sent.form_key, sent.form_version).title,
                     "received_on": sent.received_on.isoformat() if sent.received_on else None,
                     **form_answers.export(registry.form(sent.form_key, sent.form_version), sent.answers, facts,
                                           documents_of(docs))}
                    for sent, docs in found.family_forms]
    return {"reference": case.reference, "received_on": case.received_on.isoformat(),
            "decision_due_on": case.decision_due_on.isoformat(), "status": case.case_status, "stage": case.stage,
            "child": {"name": case.child_name, "date_of_birth": child.date_of_birth.isoformat(),
                      "postcode": child.postcode, "school": child.school_name},
            "consents": consents.export(consents.agreed(request)),
            "documents": [{"name": doc["name"], **doc["details"]} for doc in documents], **answers,
            "family_forms": family_forms,
            "advice": [{"type": given.advice_type, "organisation": given.organisation, "given_by": given.recipient_name,
                        "received_on": given.received_on.isoformat() if given.received_on else None,
                        **advice_form.export(given)} for given in found.advice_given]}


def documents_of(documents: list[ApplicationDocument]) -> list[dict]:
    """A form's family-uploaded documents as the answer summaries and exports read them."""
    return [{"id": doc.id, "name": doc.original_name, "details": dict(doc.details)}
            for doc in documents if applications.from_family(doc)]
