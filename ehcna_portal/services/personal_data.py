"""A parent's rights over their personal data: a copy of everything held (a zip), and deleting their account.

``export`` writes ``data.json`` (account, sign-ins, children, every application with its answers labelled
from the form definition as the summary page shows them, document details, letters, emails, the activity
log), the documents the parent may download themselves (their own uploads and what staff shared with them,
only once the virus check allows it), and a README in their language, into a temporary
file in the data directory (documents can total many megabytes: they are copied from disk into the zip in
chunks, never held in memory). Nothing secret goes in: no password hash, authenticator secret, session or
link token, recovery or sign-in code, and no email text that carried a code or a one-time link.

``delete_account`` (after the password is checked again) deletes unsent applications with their files,
children with no request sent, sessions, links, codes and emails, and then the account itself. Requests
already sent are part of the council's statutory record: they are kept, with their child and documents,
until the young person is ``settings.kept_until_age`` (``EHCNA_RETENTION_YEARS`` after an EHC plan must
end at 25). The account is then *closed*, not deleted: it becomes a placeholder like a paper request's
(an address under ``requests.invalid``, no password), so it can never sign in or be emailed, its email
address is free to register again, and the name, postal address and phone numbers stay with the kept
requests so the council can write about them. A confirmation email is queued, in the parent's language,
before the address is removed; ``outbox`` forgets its address once it is sent.

Ids are reused on SQLite when the newest row is deleted, so everything is matched by owner *and* by time:
an audit event about application 7 belongs to this parent only while application 7 was theirs, an email to
an address only while the address was theirs.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import and_, delete, or_
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from ehcna_portal import logs, routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, as_language, long_date, t
from ehcna_portal.models import (
    AccountToken,
    AdviceRequest,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AuditEvent,
    AuthAttempt,
    CaseLetter,
    Child,
    EhcCase,
    OutboxMessage,
    ParentAccount,
    PlanIssue,
    PlanVersion,
    RecoveryCode,
    ScanStatus,
    SchoolConsultation,
    SignInCode,
    TwoStepMethod,
    UserSession,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    applications,
    audit,
    decisions,
    document_store,
    file_stores,
    outbox,
    rate_limits,
)
from ehcna_portal.services.children import EDITABLE as CHILD_FIELDS
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.paper_requests import PLACEHOLDER_DOMAIN
from ehcna_portal.services.parent_accounts import password_again
from ehcna_portal.settings import Settings

FORMAT_VERSION = 1
# What a parent's own account holds, as the export shows it (an allow-list: never the password hash, the
# authenticator secret or its last step, or the lock).
ACCOUNT_FIELDS = ("email", "title", "forename", "surname", "gender", "address_line_1", "address_line_2", "town",
                  "postcode", "uprn", "home_phone", "mobile_phone", "work_phone", "preferred_language",
                  "two_step_method", "email_verified_at", "created_at")
APPLICATION_FIELDS = ("id", "child_id", "case_id", "form_key", "status", "reference", "created_at", "updated_at",
                      "submitted_at", "received_on", "consent_text_version", "consent_privacy_at", "consent_share_at")
# A case (the statutory journey a sent request opened): where it stands, its dates and decisions (never the
# officer it is assigned to: staff records).
CASE_FIELDS = ("id", "child_id", "reference", "stage", "opened_on", "closed_on", "case_status", "received_on",
               "decision_due_on", "decision", "decision_on", "assessment_decision", "assessment_decision_on",
               "final_plan_on", "exception_reason", "exception_from", "exception_to")
# Emails whose text carried a sign-in code or a one-time link: only their subject and dates are exported.
SECRET_TEMPLATES = frozenset({"verify_email", "sign_in_code", "reset_password", "confirm_new_email"})
# Belt and braces for every other email's text: links with a long random part, and six-digit codes.
_TOKEN_LINK = re.compile(r"https?://\S*[A-Za-z0-9_-]{20,}\S*")
_SIX_DIGITS = re.compile(r"(?<![\w-])\d{6}(?![\w-])")
# Audit events the family never sees (internal notes), and what they may see of events by others.
HIDDEN_ACTIONS = frozenset({"case.note_added"})
DETAIL_FROM_OTHERS = frozenset({"reference", "decision", "reason", "on", "starts", "ends", "phase", "document_id",
                                "channel", "received", "requester", "documents", "child_id", "result"})
ENDING_ACTIONS = frozenset({"application.expired", "application.deleted", "child.deleted"})
# What deletion removes from the audit trail's details (the events themselves stay).
PERSONAL_DETAIL = ("ip", "previous")
CHILD_DETAIL = ("changes",)
CHUNK = 64 * 1024


# ---------------------------------------------------------------- shared

def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _lang(parent: ParentAccount) -> Language:
    return as_language(parent.preferred_language) or DEFAULT_LANGUAGE


def _name(child: Child) -> str:
    return " ".join(part for part in (child.forename, child.middle_name, child.surname) if part)


def kept_until(born: date, settings: Settings) -> date:
    """The day a sent request about a child born on ``born`` may be deleted: their ``kept_until_age`` birthday."""
    year = born.year + settings.kept_until_age
    try:
        return born.replace(year=year)
    except ValueError:  # born on 29 February
        return date(year, 3, 1)


def _addresses_held(db: Session, parent: ParentAccount) -> list[tuple[str, datetime, datetime | None]]:
    """Each email address the parent has had, with when: (address, from, until or None for the current one)."""
    changes = db.exec(select(AuditEvent).where(AuditEvent.action == "parent.email_changed",
                                               AuditEvent.object_type == "parent_account",
                                               AuditEvent.object_id == str(parent.id),
                                               AuditEvent.occurred_at >= parent.created_at)
                      .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))).all()
    held: list[tuple[str, datetime, datetime | None]] = []
    start = parent.created_at
    for change in changes:
        previous = str(change.detail.get("previous") or "")
        if previous:
            held.append((previous, start, change.occurred_at))
        start = change.occurred_at
    held.append((parent.email, start, None))
    return held


def _their_emails(db: Session, parent: ParentAccount) -> ColumnElement[bool]:
    """Outbox rows sent to the parent: to an address of theirs, while it was theirs."""
    conditions = []
    for address, start, end in _addresses_held(db, parent):
        condition = and_(OutboxMessage.to_address == address, col(OutboxMessage.created_at) >= start)
        conditions.append(condition if end is None else and_(condition, col(OutboxMessage.created_at) <= end))
    return or_(*conditions)


def _family_documents(db: Session, parent_id: int) -> list[ApplicationDocument]:
    """What the parent may download themselves: their own uploads, and what staff shared with them
    (the same rule as ``applications.owned_document``)."""
    return list(db.exec(select(ApplicationDocument)
                        .join(Application, col(Application.id) == ApplicationDocument.application_id)
                        .where(Application.parent_id == parent_id, ApplicationDocument.parent_id == parent_id,
                               or_(applications.FROM_FAMILY, col(ApplicationDocument.shared)))
                        .order_by(col(ApplicationDocument.id))).all())


# ---------------------------------------------------------------- the copy

@dataclass
class PersonalDataExport:
    """The zip, in a temporary file (gone when closed) positioned at its start."""

    file: IO[bytes]
    filename: str
    size: int
    documents: int

    def chunks(self):
        """The zip in pieces, closing the file at the end (or when the reader stops early)."""
        try:
            while chunk := self.file.read(CHUNK):
                yield chunk
        finally:
            self.file.close()


def _account(parent: ParentAccount) -> dict[str, Any]:
    return {name: _iso(getattr(parent, name)) for name in ACCOUNT_FIELDS}


def _sign_ins(db: Session, parent: ParentAccount) -> list[dict[str, Any]]:
    rows = db.exec(select(UserSession).where(UserSession.parent_id == parent.id,
                                             col(UserSession.created_at) >= parent.created_at)
                   .order_by(col(UserSession.created_at))).all()
    return [{"started": _iso(row.created_at), "last_active": _iso(row.last_seen_at), "ended": _iso(row.revoked_at),
             "two_step_verified": row.two_step_verified, "ip_address": row.ip, "browser": row.user_agent}
            for row in rows]


def _child(child: Child) -> dict[str, Any]:
    return {"id": child.id, **{name: _iso(getattr(child, name)) for name in CHILD_FIELDS},
            "created_at": _iso(child.created_at), "updated_at": _iso(child.updated_at)}


def _answers(application: Application, child: Child, documents: list[ApplicationDocument],
             lang: Language) -> list[dict[str, Any]]:
    """Every answered question with its label, as the summary page shows them (``forms.answers.summarise``)."""
    facts = applications.child_facts(child, application.received_on or uk_date(utcnow()))
    family = [{"id": doc.id, "name": doc.original_name, "details": dict(doc.details)}
              for doc in documents if applications.from_family(doc)]
    steps = form_answers.summarise(applications.form_for(application), application.answers, facts, lang, family)
    return [{
        "step": step.number, "title": step.title,
        "answers": [{"question": row.question, "answer": row.answer} for row in step.rows if row.answer],
        "groups": [{"name": group.label, "items": [
            {"title": item.title, "answers": [{"question": row.question, "answer": row.answer}
                                              for row in item.rows if row.answer]}
            for item in group.items]} for group in step.groups if group.items],
    } for step in steps]


def _copy_into(archive: zipfile.ZipFile, files: file_stores.FileStore, document: ApplicationDocument) -> str | None:
    """Copy a kept document into the export in chunks (already-compressed formats are stored as they are); its
    name in the archive, or None when its file is missing."""
    zipped = _zip_name(document)
    try:
        with files.read(document_store.checked_name(document.stored_name)) as source, \
                archive.open(zipfile.ZipInfo(zipped, date_time=document.uploaded_at.timetuple()[:6]), "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
    except FileNotFoundError:
        return None
    return zipped


def _document_entry(document: ApplicationDocument, zipped: str | None) -> dict[str, Any]:
    from_family = applications.from_family(document)
    entry = {"id": document.id, "application_id": document.application_id, "name": document.original_name,
             "type": document.file_type, "size_bytes": document.size_bytes, "sha256": document.sha256,
             "uploaded_at": _iso(document.uploaded_at), "added_by": "you" if from_family else "council",
             "added_after_sending": document.after_submission, "stage": document.phase or None,
             "virus_check": document.scan_status, "details": dict(document.details) if from_family else {},
             "file": zipped}
    if zipped is None:
        entry["file_left_out"] = {ScanStatus.PENDING: "it has not been checked for viruses yet",
                                  ScanStatus.INFECTED: "a virus was found in it"}.get(document.scan_status,
                                                                                      "the file could not be found")
    return entry


def _zip_name(document: ApplicationDocument) -> str:
    name = document_store.safe_download_name(document.original_name)
    endings = document_store.EXTENSIONS.get(document.file_type, ())
    if endings and not name.lower().endswith(endings):
        name = f"{name}{endings[0]}"
    return f"documents/{document.id}-{name}"


def _email_entry(message: OutboxMessage) -> dict[str, Any]:
    entry = {"subject": message.subject, "kind": message.template, "to": message.to_address,
             "language": message.language, "queued_at": _iso(message.created_at), "sent_at": _iso(message.sent_at),
             "status": message.status}
    if message.template in SECRET_TEMPLATES:
        entry["text"] = None
        entry["text_left_out"] = "it held a sign-in code or a one-time link"
    else:
        entry["text"] = _SIX_DIGITS.sub("[code removed]", _TOKEN_LINK.sub("[link removed]", message.text_body))
    return entry


def _windows(db: Session, parent: ParentAccount, mine: list[AuditEvent],
             current: dict[tuple[str, str], datetime]) -> dict[tuple[str, str], tuple[datetime, datetime | None]]:
    """When each application and child was the parent's: the ones they have from their creation, and the ones
    they once had (found from their own events) from their first event to the one that deleted them."""
    windows: dict[tuple[str, str], tuple[datetime, datetime | None]] = {key: (at, None) for key, at in current.items()}
    for event in mine:
        key = (event.object_type, event.object_id)
        if event.object_type not in ("application", "child") or key in windows:
            continue
        ended = db.exec(select(AuditEvent.occurred_at).where(
            AuditEvent.object_type == key[0], AuditEvent.object_id == key[1],
            col(AuditEvent.action).in_(ENDING_ACTIONS), col(AuditEvent.occurred_at) >= event.occurred_at)
            .order_by(col(AuditEvent.occurred_at))).first()
        windows[key] = (event.occurred_at, ended or event.occurred_at)
    return windows


# Who the council asked for advice on a case, as the family's Assessment tab shows it: never the person's email
# address (theirs, not the family's), nor why a request was withdrawn or excepted (the council's record).
ADVICE_FIELDS = ("advice_type", "organisation", "status", "sent_on", "due_on", "received_on")


def _advice(db: Session, case_id: int) -> list[dict[str, Any]]:
    return [{name: _iso(getattr(request, name)) for name in ADVICE_FIELDS}
            for request in db.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id)
                                   .order_by(col(AdviceRequest.id))).all()]


def _by(actor: str, own: str) -> str:
    if actor == own:
        return "you"
    return {"staff": "council staff", "system": "the portal", "cli": "the council",
            "anonymous": "someone who was not signed in"}.get(actor.split(":", 1)[0], "the council")


def _activity(db: Session, parent: ParentAccount, current: dict[tuple[str, str], datetime]) -> list[dict[str, Any]]:
    own = f"parent:{parent.id}"
    since = parent.created_at
    mine = list(db.exec(select(AuditEvent).where(AuditEvent.actor == own, col(AuditEvent.occurred_at) >= since)
                        .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))).all())
    about = [and_(AuditEvent.object_type == "parent_account", AuditEvent.object_id == str(parent.id),
                  col(AuditEvent.occurred_at) >= since)]
    for (kind, object_id), (start, end) in _windows(db, parent, mine, current).items():
        condition = and_(AuditEvent.object_type == kind, AuditEvent.object_id == object_id,
                         col(AuditEvent.occurred_at) >= start)
        about.append(condition if end is None else and_(condition, col(AuditEvent.occurred_at) <= end))
    others = db.exec(select(AuditEvent).where(AuditEvent.actor != own, or_(*about))).all()
    shown = []
    for event in sorted([*mine, *others], key=lambda event: (event.occurred_at, event.id or 0)):
        detail = dict(event.detail)
        if event.action in HIDDEN_ACTIONS or (event.action == "document.uploaded" and detail.get("shared") is False):
            continue
        if event.actor != own:
            allowed = DETAIL_FROM_OTHERS | ({"old", "new"} if event.action == "case.status_changed" else set())
            detail = {key: value for key, value in detail.items() if key in allowed}
        shown.append({"at": _iso(event.occurred_at), "action": event.action, "by": _by(event.actor, own),
                      "about": f"{event.object_type} {event.object_id}", "detail": detail})
    return shown


def _plans(db: Session, case_id: int) -> dict[str, Any]:
    """The plans issued for a case (each as it was issued) and the schools consulted on them, with their answers.
    Versions never issued are the council's working drafts and are left out."""
    issues = db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id).order_by(col(PlanIssue.id))).all()
    consulted = db.exec(select(SchoolConsultation).where(SchoolConsultation.case_id == case_id)
                        .order_by(col(SchoolConsultation.id))).all()
    return {
        "plans_issued": [{"kind": issue.kind, "number": issue.number, "issued_on": _iso(issue.issued_on),
                          "served_on": _iso(issue.served_on), "respond_by": _iso(issue.respond_by),
                          "content": (db.get(PlanVersion, issue.plan_version_id) or PlanVersion(content={})).content}
                         for issue in issues],
        "schools_consulted": [{"school": row.school_name, "urn": row.school_urn, "asked_for_by_you": row.family_asked,
                               "sent_on": _iso(row.sent_on), "due_on": _iso(row.due_on), "answer": row.status,
                               "answered_on": _iso(row.answered_on), "reasons": row.reasons} for row in consulted],
    }


def _collect(db: Session, parent: ParentAccount, settings: Settings,
             now: datetime) -> tuple[dict[str, Any], list[ApplicationDocument]]:
    lang = _lang(parent)
    pid = parent.id or 0
    children = list(db.exec(select(Child).where(Child.parent_id == pid).order_by(col(Child.id))).all())
    by_id = {child.id: child for child in children}
    own_applications = [application for application in db.exec(
        select(Application).where(Application.parent_id == pid).order_by(col(Application.id))).all()
        if application.child_id in by_id]
    documents = _family_documents(db, pid)
    application_ids = {application.id for application in own_applications}
    documents = [document for document in documents if document.application_id in application_ids]
    docs_by_application: dict[int, list[ApplicationDocument]] = {}
    for document in documents:
        docs_by_application.setdefault(document.application_id, []).append(document)
    cases = [case for case in db.exec(select(EhcCase).where(EhcCase.parent_id == pid).order_by(col(EhcCase.id)))
             .all() if case.child_id in by_id]
    letters = db.exec(select(CaseLetter).join(EhcCase, col(EhcCase.id) == CaseLetter.case_id)
                      .where(EhcCase.parent_id == pid, col(CaseLetter.shared))
                      .order_by(col(CaseLetter.id))).all()
    emails = db.exec(select(OutboxMessage).where(_their_emails(db, parent)).order_by(col(OutboxMessage.id))).all()
    current = {("application", str(a.id)): a.created_at for a in own_applications}
    current |= {("child", str(c.id)): c.created_at for c in children}
    current |= {(audit.CASE, str(case.id)): case.created_at for case in cases}
    data = {
        "about": "Everything the Coventry Education Services Portal holds about you and your children",
        "format_version": FORMAT_VERSION,
        "made_at": _iso(now),
        "language": lang,
        "account": _account(parent),
        "sign_ins": _sign_ins(db, parent),
        "children": [_child(child) for child in children],
        "applications": [{
            **{name: _iso(getattr(application, name)) for name in APPLICATION_FIELDS},
            "child_name": _name(by_id[application.child_id]),
            "answers": _answers(application, by_id[application.child_id],
                                docs_by_application.get(application.id or 0, []), lang),
            "answers_as_stored": application.answers,
        } for application in own_applications],
        "cases": [{**{name: _iso(getattr(case, name)) for name in CASE_FIELDS},
                   "advice_requests": _advice(db, case.id or 0), **_plans(db, case.id or 0)} for case in cases],
        "documents": [],  # filled in as the files are copied
        "letters": [{"id": letter.id, "case_id": letter.case_id, "title": letter.title,
                     "written_at": _iso(letter.created_at), "language": letter.lang,
                     "text": decisions.letter_content(letter, settings.public_url).text.strip()}
                    for letter in letters],
        "emails": [_email_entry(message) for message in emails],
        "activity": _activity(db, parent, current),
    }
    return data, documents


def _readme(parent: ParentAccount, settings: Settings, now: datetime) -> str:
    lang = _lang(parent)
    return t("personal_data.readme", lang, name=f"{parent.forename} {parent.surname}".strip(),
             made=long_date(uk_date(now), lang), service=t("service.name", lang),
             contact=settings.link(routes.localised(routes.CONTACT, lang))) + "\n"


def export(engine: Engine, settings: Settings, parent_id: int, *, ip: str = "",
           now: datetime | None = None) -> PersonalDataExport | None:
    """The parent's data as a zip in a temporary file (None if there is no such account); audited."""
    now = now or utcnow()
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None or parent.email.endswith("@" + PLACEHOLDER_DOMAIN):
            return None
        data, documents = _collect(db, parent, settings, now)
        readme = _readme(parent, settings, now)
    folder = settings.data_dir / "exports"  # private like the documents, never the shared /tmp
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - handed to the caller, who streams then closes it
    try:
        copied = 0
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme)
            files = file_stores.for_settings(settings)
            for document in documents:
                zipped = None
                if document.scan_status in ScanStatus.DOWNLOADABLE:  # only what the parent could download
                    zipped = _copy_into(archive, files, document)
                    copied += zipped is not None
                data["documents"].append(_document_entry(document, zipped))
            archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    with Session(engine) as db:
        audit.record(db, actor=f"parent:{parent_id}", action="parent.data_exported", object_type="parent_account",
                     object_id=parent_id, documents=copied, size=size, ip=ip)
        db.commit()
    return PersonalDataExport(handle, f"ehc-portal-personal-data-{uk_date(now).isoformat()}.zip", size, copied)


# ---------------------------------------------------------------- deleting the account

@dataclass(frozen=True)
class KeptRequest:
    reference: str
    child_name: str
    kept_until: date


@dataclass
class DeletionPreview:
    """What "Delete your account" will delete, and what the council keeps."""

    unsent: list[str] = field(default_factory=list)  # the child each unsent application is about
    documents: int = 0  # uploaded to unsent applications
    children: list[str] = field(default_factory=list)  # children with no request sent: deleted
    kept: list[KeptRequest] = field(default_factory=list)


@dataclass
class DeletionResult:
    closed: bool  # True: sent requests are kept and the account is closed; False: nothing of it is left
    drafts: int
    documents: int
    children: int
    kept: list[KeptRequest]


def _plan(db: Session, parent_id: int, settings: Settings):
    db.expire_all()  # read afresh: a request may have been sent from another tab since the last look
    children = {child.id: child for child in db.exec(select(Child).where(Child.parent_id == parent_id)).all()}
    own = list(db.exec(select(Application).where(Application.parent_id == parent_id)
                       .order_by(col(Application.id))).all())
    drafts = [a for a in own if a.status == ApplicationStatus.DRAFT]
    sent = [a for a in own if a.status != ApplicationStatus.DRAFT]
    kept_children = {a.child_id for a in sent}
    kept = [KeptRequest(a.reference or "", _name(children[a.child_id]),
                        kept_until(children[a.child_id].date_of_birth, settings))
            for a in sent if a.child_id in children]
    return children, drafts, kept_children, kept


def deletion_preview(engine: Engine, settings: Settings, parent_id: int) -> DeletionPreview:
    with Session(engine) as db:
        children, drafts, kept_children, kept = _plan(db, parent_id, settings)
        documents = db.exec(select(ApplicationDocument.id).where(
            col(ApplicationDocument.application_id).in_([a.id for a in drafts]))).all() if drafts else []
        return DeletionPreview(
            unsent=[_name(children[a.child_id]) for a in drafts if a.child_id in children],
            documents=len(documents),
            children=[_name(child) for child_id, child in sorted(children.items()) if child_id not in kept_children],
            kept=kept)


def _redact_audit(db: Session, parent: ParentAccount, deleted_children: dict[int, datetime]) -> None:
    """Keep the audit trail's events but not the personal values in them: the parent's IP addresses and old
    email addresses, and the details of the children deleted."""
    own = f"parent:{parent.id}"
    about_parent = or_(AuditEvent.actor == own, and_(AuditEvent.object_type == "parent_account",
                                                     AuditEvent.object_id == str(parent.id)))
    targets = [(and_(about_parent, col(AuditEvent.occurred_at) >= parent.created_at), PERSONAL_DETAIL)]
    targets += [(and_(AuditEvent.object_type == "child", AuditEvent.object_id == str(child_id),
                      col(AuditEvent.occurred_at) >= created), CHILD_DETAIL)
                for child_id, created in deleted_children.items()]
    for condition, keys in targets:
        for event in db.exec(select(AuditEvent).where(condition)).all():
            if any(key in event.detail for key in keys):
                event.detail = {key: ("[deleted]" if key in keys else value) for key, value in event.detail.items()}
                db.add(event)


def delete_account(engine: Engine, settings: Settings, parent_id: int, password: str, *, ip: str = "",
                   now: datetime | None = None, attempt: rate_limits.Attempt | None = None) -> DeletionResult | None:
    """Delete the parent's account once their password checks out (None when it does not; the try counts
    against the sign-in limit, ``parent_accounts.password_again``). Call from a thread: it runs bcrypt."""
    now = now or utcnow()
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None or not password_again(db, parent, password, ip, attempt):
            logs.audit("parent.account_delete_refused", actor=f"parent:{parent_id}",
                       object=f"parent_account:{parent_id}", result="wrong_password", ip=ip)
            return None
        drafts: list[int] = []
        stored: list[str] = []
        for _attempt in range(3):  # a draft started in another tab meanwhile goes too
            _children, unsent, _kept_children, _kept = _plan(db, parent_id, settings)
            if not unsent:
                break
            removed, files = applications.remove_drafts(db, [a.id or 0 for a in unsent])
            if not removed:
                break
            drafts += removed
            stored += files
        # Decided after the drafts are claimed: a request sent a moment ago from another tab is kept.
        children, _unsent, kept_children, kept = _plan(db, parent_id, settings)
        gone_children = {child_id: child.created_at for child_id, child in children.items()
                         if child_id not in kept_children}
        if gone_children:
            db.execute(delete(Child).where(col(Child.id).in_(list(gone_children)), Child.parent_id == parent_id))
        sessions = list(db.exec(select(UserSession.id).where(UserSession.parent_id == parent_id)).all())
        if sessions:
            db.execute(delete(SignInCode).where(col(SignInCode.session_id).in_(sessions)))
        db.execute(delete(UserSession).where(UserSession.parent_id == parent_id))
        db.execute(delete(AccountToken).where(AccountToken.parent_id == parent_id))
        db.execute(delete(RecoveryCode).where(RecoveryCode.parent_id == parent_id))
        db.execute(delete(AuthAttempt).where(AuthAttempt.subject == rate_limits.account_key(parent.email)))
        db.execute(delete(OutboxMessage).where(_their_emails(db, parent)))
        _redact_audit(db, parent, gone_children)
        closed = bool(kept)
        lang = _lang(parent)
        params: dict[str, object] = {"contact_url": outbox.SitePath(routes.CONTACT)}
        if closed:
            params |= {"age": settings.kept_until_age, "privacy_url": outbox.SitePath(routes.PRIVACY),
                       "requests": [t("personal_data.kept_line", lang, reference=request.reference,
                                      date=long_date(request.kept_until, lang)) for request in kept]}
        outbox.enqueue_to_parent(db, settings, parent, template="account_closed" if closed else "account_deleted",
                                 idempotency_key=f"account_deleted:{parent_id}:{now.isoformat()}", **params)
        if closed:  # a placeholder like a paper request's: no sign-in, never emailed, the address free again
            parent.email = f"closed-{secrets.token_hex(8)}@{PLACEHOLDER_DOMAIN}"
            parent.password_hash = "!"  # nosec B105 # "!" is no bcrypt hash: no password ever matches
            parent.email_verified_at = None
            parent.two_step_method = TwoStepMethod.NONE
            parent.totp_secret_encrypted = ""  # nosec B105 # clears the app secret
            parent.totp_last_step = 0
            parent.locked_until = None
            db.add(parent)
        else:
            db.flush()
            db.execute(delete(ParentAccount).where(col(ParentAccount.id) == parent_id))
        audit.record(db, actor=f"parent:{parent_id}", action="parent.account_closed" if closed
                     else "parent.account_deleted", object_type="parent_account", object_id=parent_id,
                     drafts=len(drafts), documents=len(stored), children=len(gone_children),
                     requests_kept=len(kept))
        db.commit()
    for name in stored:
        document_store.remove(file_stores.for_settings(settings), name)
    return DeletionResult(closed, len(drafts), len(stored), len(gone_children), kept)
