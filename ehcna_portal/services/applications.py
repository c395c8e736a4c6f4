"""EHCNA applications: start, save page by page with a version check, submit once, keep documents.

Every function takes the signed-in parent's id with the application's id and
finds nothing for another family's application. Saves are one transaction each
and conditional on the version the page was loaded with: a save from a stale
tab changes nothing and is told so, with the newer answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import and_, delete, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import consents as consents_text
from ehcna_portal.forms import registry
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import FormDefinition, Group
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, long_date, t
from ehcna_portal.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Child,
    EhcCase,
    ParentAccount,
    ScanStatus,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    advice_tracking,
    audit,
    cases,
    consents,
    document_store,
    file_stores,
    form_checks,
    outbox,
    stage_forms,
    virus_scan,
)
from ehcna_portal.services.dates import age_on, uk_date
from ehcna_portal.services.timescales import request_deadlines
from ehcna_portal.settings import Settings

MAX_DOCUMENTS = 30
# The family's own uploads (staff uploads and the reports of people asked for advice live on the same table).
FROM_FAMILY = and_(col(ApplicationDocument.uploaded_by_staff_id).is_(None),
                   col(ApplicationDocument.advice_request_id).is_(None))
SUMMARY = "summary"


def from_family(document: ApplicationDocument) -> bool:
    """Whether the family uploaded the document (FROM_FAMILY, for a row already read)."""
    return document.uploaded_by_staff_id is None and document.advice_request_id is None
FILTERED_ANSWERS = ("requester_role", "request_type", "main_area_of_need")


def child_facts(child: Child, today: date) -> dict[str, str]:
    """Facts conditions may depend on besides answers: the child's age band."""
    return {"child_age_band": "16_plus" if age_on(child.date_of_birth, today) >= 16 else "under_16"}


def answers_from_child(child: Child) -> dict[str, str]:
    """Add child's relationship (typed, "Father") and parental responsibility as Step 2's answers."""
    typed = child.relationship.strip().lower()
    relationship = registry.form(registry.REQUEST_FORM).find("relationship_to_child")
    chosen = next((option.value for option in relationship.options  # type: ignore[union-attr]
                   if typed in (option.value.replace("_", " "), option.label.lower())), "")
    found = {"has_parental_responsibility": "yes" if child.parental_responsibility else "no"}
    return {**found, "relationship_to_child": chosen} if chosen else found


@dataclass
class DocumentView:
    id: int
    name: str
    file_type: str
    size_bytes: int
    details: dict[str, Any]
    after_submission: bool
    scan_status: str = ScanStatus.NOT_SCANNED

    @property
    def downloadable(self) -> bool:
        return self.scan_status in ScanStatus.DOWNLOADABLE


@dataclass
class ApplicationView:
    """An application as its owner may see it."""

    id: int
    child_id: int
    child_name: str
    child: Child
    form_key: str
    form_version: str
    status: str
    reference: str
    answers: dict[str, dict[str, Any]]
    completed_steps: list[int]
    last_page: str
    version: int
    updated_at: datetime
    received_on: date | None
    documents: list[DocumentView] = field(default_factory=list)
    agreed: consents.Agreed | None = None  # once sent: what the requester agreed to

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def decision_due_on(self) -> date | None:
        """A sent request's decision whether to assess is due 6 weeks after it was received (reg 5(1))."""
        if self.form_key != registry.REQUEST_FORM or self.received_on is None:
            return None
        return request_deadlines(self.received_on).decision_to_assess

    def facts(self, today: date) -> dict[str, str]:
        return child_facts(self.child, today)

    def requested_by(self, today: date) -> str:
        """Who is asking, if it were sent ``today`` (it decides the consents asked for)."""
        role = str(self.answers.get("step-1", {}).get("requester_role", ""))
        return consents.requested_by(role, self.child.date_of_birth, today)

    def context(self, today: date) -> dict[str, Any]:
        return form_answers.flatten(self.answers, self.facts(today))

    def drawn(self, today: date) -> dict[str, Any]:
        """What a step page is drawn with: the answers as saved, and for the questions Add child already asked
        that this request has not, the child record's answers. Saving keeps them in this request only; the
        child record is not changed, and staff see the request's answer."""
        return {**answers_from_child(self.child), **self.context(today)}

    def document_dicts(self) -> list[dict[str, Any]]:
        return [{"id": doc.id, "name": doc.name, "details": doc.details} for doc in self.documents]


def family_documents(db: Session, application_id: int) -> list[DocumentView]:
    """The family's own uploads to an application, oldest first."""
    rows = db.exec(select(ApplicationDocument).where(ApplicationDocument.application_id == application_id, FROM_FAMILY)
                   .order_by(col(ApplicationDocument.id))).all()
    return [DocumentView(doc.id or 0, doc.original_name, doc.file_type, doc.size_bytes, dict(doc.details),
                         doc.after_submission, doc.scan_status) for doc in rows]


def view_of(db: Session, application: Application, child: Child, *, documents: bool = True,
            **changed: Any) -> ApplicationView:
    """The owner's view of an application; ``changed`` overrides columns just written (no re-read). Without
    ``documents`` its document list is left empty (a page that shows none need not read them)."""
    name = " ".join(part for part in (child.forename, child.middle_name, child.surname) if part)

    def current(column: str) -> Any:
        return changed.get(column, getattr(application, column))

    return ApplicationView(
        id=application.id or 0, child_id=child.id or 0, child_name=name, child=child,
        form_key=application.form_key, form_version=application.form_version, status=current("status"),
        reference=current("reference") or "", answers=dict(current("answers")),
        completed_steps=list(current("completed_steps")), last_page=current("last_page"),
        version=current("version"), updated_at=current("updated_at"), received_on=current("received_on"),
        documents=family_documents(db, application.id or 0) if documents else [],
        agreed=consents.agreed(application))


def owned_row(db: Session, parent_id: int, application_id: int) -> tuple[Application, Child] | None:
    row = db.exec(select(Application, Child).join(Child, col(Child.id) == Application.child_id)
                  .where(Application.id == application_id, Application.parent_id == parent_id,
                         Child.parent_id == parent_id)).first()
    return (row[0], row[1]) if row else None


def get(engine: Engine, parent_id: int, application_id: int) -> ApplicationView | None:
    with Session(engine) as db:
        found = owned_row(db, parent_id, application_id)
        return view_of(db, *found) if found else None


def start(engine: Engine, parent_id: int, child_id: int,
          form_key: str = registry.REQUEST_FORM) -> tuple[int, str] | None:
    """Open the child's draft of the form, or start one: (application id, page to open). None if not the
    parent's child, or not a form the family may start now (``stage_forms.round_of``); a form other than the
    request that was already sent opens as sent."""
    if not registry.is_form(form_key):
        return None
    form = registry.form(form_key)
    with Session(engine) as db:
        child = db.exec(select(Child).where(Child.id == child_id, Child.parent_id == parent_id)).first()
        if child is None:
            return None
        draft = _draft_of(db, child_id, form.key)
        if draft is not None:
            return draft.id or 0, draft.last_page
        case = cases.latest(db, parent_id, child_id)
        this_round = stage_forms.round_of(db, form, case)
        if form.key != registry.REQUEST_FORM:
            sent = next((row for row in db.exec(select(Application).where(
                Application.child_id == child_id, Application.form_key == form.key)
                .order_by(col(Application.id).desc())).all() if stage_forms.counts(row, this_round.since)), None)
            if sent is not None:
                return sent.id or 0, SUMMARY
        if not this_round.offered:
            return None
        # A request opens its own case when it is sent; a later form belongs to the case open now.
        joins = case if form.key != registry.REQUEST_FORM else None
        application = Application(parent_id=parent_id, child_id=child_id, form_key=form.key, form_version=form.version,
                                  case_id=joins.id if joins else None)
        db.add(application)
        try:
            db.flush()
            audit.record(db, actor=f"parent:{parent_id}", action="application.started", object_type="application",
                         object_id=application.id, child_id=child_id)
            db.commit()
        except IntegrityError:  # the same Start pressed in another tab a moment ago
            db.rollback()
            draft = _draft_of(db, child_id, form.key)
            return (draft.id or 0, draft.last_page) if draft else None
        return application.id or 0, application.last_page


def _draft_of(db: Session, child_id: int, form_key: str) -> Application | None:
    return db.exec(select(Application).where(Application.child_id == child_id, Application.form_key == form_key,
                                             Application.status == ApplicationStatus.DRAFT)).first()


@dataclass
class SaveOutcome:
    """``view`` is the application after the save, or as it now stands when the save lost a race."""

    saved: bool
    view: ApplicationView | None
    conflict: bool = False


def conditional_save(db: Session, parent_id: int, application_id: int, expected_version: int,
                      values: dict[str, Any]) -> bool:
    """Write ``values`` (plus the next version and the activity time) if nobody saved in between.

    The session's copy of the row is not brought up to date (``synchronize_session=False``): every caller
    works from the values it wrote, and matching them against the session's objects was a fifth of the save
    service's CPU time."""
    values.update(version=expected_version + 1, updated_at=utcnow())
    result = db.execute(update(Application)
                        .where(col(Application.id) == application_id, col(Application.parent_id) == parent_id,
                               col(Application.version) == expected_version,
                               col(Application.status) == ApplicationStatus.DRAFT)
                        .values(**values).execution_options(synchronize_session=False))
    return result.rowcount == 1


def typed_columns(answers: dict[str, dict[str, Any]]) -> dict[str, str]:
    flat = form_answers.flatten(answers, {})
    return {name: str(flat.get(name) or "")[:40] for name in FILTERED_ANSWERS}


_VIEW_COLUMNS = frozenset(("answers", "completed_steps", "last_page", "version", "updated_at"))


def with_columns(view: ApplicationView, written: Mapping[str, Any]) -> ApplicationView:
    """``view`` as it is after ``written`` was saved to it (no re-read)."""
    return replace(view, **{name: value for name, value in written.items() if name in _VIEW_COLUMNS})


def _save(engine: Engine, parent_id: int, application_id: int, expected_version: int, change,
          shown: ApplicationView | None = None) -> SaveOutcome:
    """Apply ``change(application) -> column values`` if the application is still at ``expected_version``.

    ``shown`` is the owner's view read a moment ago in this same event: when it is the expected version,
    the change is worked out from it and written with one conditional UPDATE (no second read). The
    UPDATE's version check still decides, so a save that lost a race changes nothing either way."""
    with Session(engine, expire_on_commit=False) as db:  # the view keeps the child as read
        if shown is not None and shown.id == application_id and shown.is_draft and shown.version == expected_version:
            values = change(shown)
            if conditional_save(db, parent_id, application_id, expected_version, values):
                db.commit()
                return SaveOutcome(True, with_columns(shown, values))
            db.rollback()
        found = owned_row(db, parent_id, application_id)
        if found is None:
            return SaveOutcome(False, None)
        application, child = found
        if application.status != ApplicationStatus.DRAFT or application.version != expected_version:
            return SaveOutcome(False, view_of(db, application, child), conflict=True)
        values = change(application)
        if not conditional_save(db, parent_id, application_id, expected_version, values):
            db.rollback()
            db.expire_all()
            found = owned_row(db, parent_id, application_id)
            return SaveOutcome(False, view_of(db, *found) if found else None, conflict=True)
        view = view_of(db, application, child, **values)  # what was just written, without reading it back
        db.commit()
        return SaveOutcome(True, view)


def save_step(engine: Engine, parent_id: int, application_id: int, expected_version: int, step_number: int,
              values: dict[str, Any], *, complete: bool, last_page: str,
              shown: ApplicationView | None = None) -> SaveOutcome:
    """Save a step's single answers; ``complete`` records that the step passed its checks. ``shown``: the
    view the caller has just read, to save without reading it again (see ``_save``)."""
    slug = f"step-{step_number}"

    def change(application: Application | ApplicationView) -> dict[str, Any]:
        answers = {**application.answers, slug: {**application.answers.get(slug, {}), **values}}
        done = set(application.completed_steps)
        done = done | {step_number} if complete else done - {step_number}
        return {"answers": answers, "completed_steps": sorted(done), "last_page": last_page, **typed_columns(answers)}

    return _save(engine, parent_id, application_id, expected_version, change, shown)


def save_item(engine: Engine, parent_id: int, application_id: int, expected_version: int, group: Group,
              index: int | None, item: dict[str, Any]) -> SaveOutcome:
    """Add (``index`` None) or replace one item of a repeatable group."""
    def change(application: Application) -> dict[str, Any]:
        slug = form_for(application).step_of(group.name).slug
        step = dict(application.answers.get(slug, {}))
        items = list(step.get(group.name) or [])
        if index is None or index >= len(items):
            items = [*items, item][: group.max_items]
        else:
            items[index] = item
        step[group.name] = items
        return {"answers": {**application.answers, slug: step}}

    return _save(engine, parent_id, application_id, expected_version, change)


def remove_item(engine: Engine, parent_id: int, application_id: int, expected_version: int, group: Group,
                index: int) -> SaveOutcome:
    def change(application: Application) -> dict[str, Any]:
        slug = form_for(application).step_of(group.name).slug
        step = dict(application.answers.get(slug, {}))
        items = list(step.get(group.name) or [])
        if 0 <= index < len(items):
            del items[index]
        step[group.name] = items
        return {"answers": {**application.answers, slug: step}}

    return _save(engine, parent_id, application_id, expected_version, change)


def record_page(engine: Engine, parent_id: int, application_id: int, page: str) -> None:
    """Remember the page last worked on (Continue reopens it), without touching the version."""
    with Session(engine) as db:
        db.execute(update(Application).where(col(Application.id) == application_id,
                                             col(Application.parent_id) == parent_id,
                                             col(Application.status) == ApplicationStatus.DRAFT)
                   .values(last_page=page[:60]))
        db.commit()


def form_for(application: Application | ApplicationView) -> FormDefinition:
    """The definition an application was started with, at the version it was started with."""
    return registry.form(application.form_key, application.form_version)


# ---------------------------------------------------------------- submitting

@dataclass
class SubmitOutcome:
    view: ApplicationView | None
    submitted_now: bool = False
    problems: list[form_checks.StepProblems] = field(default_factory=list)
    consent_errors: dict[str, str] = field(default_factory=dict)  # item name -> catalog key


def submit(engine: Engine, settings: Settings, parent_id: int, application_id: int, *,
           given: Mapping[str, Any], now: datetime) -> SubmitOutcome:
    """Send the application, once: a repeat (double click, retry, another tab) returns the first result.
    ``given`` is the summary's consents and declaration (forms/consents.py), checked for who is asking.

    The answers are checked as read, and the change to "submitted" is conditional on the version
    read: a save from another tab landing in between makes this attempt check again."""
    for _attempt in range(5):
        outcome = _submit_once(engine, settings, parent_id, application_id, given=given, now=now)
        if outcome is not None:
            return outcome
    with Session(engine) as db:  # saved to, over and over: show it as it is, unsent
        found = owned_row(db, parent_id, application_id)
        return SubmitOutcome(view_of(db, *found) if found else None)


def _submit_once(engine: Engine, settings: Settings, parent_id: int, application_id: int, *,
                 given: Mapping[str, Any], now: datetime) -> SubmitOutcome | None:
    """One attempt; None when the application changed between reading and sending it."""
    with Session(engine) as db:
        found = owned_row(db, parent_id, application_id)
        if found is None:
            return SubmitOutcome(None)
        application, child = found
        view = view_of(db, application, child)
        if application.status != ApplicationStatus.DRAFT:
            return SubmitOutcome(view)
        if application.form_key != registry.REQUEST_FORM:
            return _send_form(db, settings, application, view, now)
        received = uk_date(now)
        agreed = consents.check(view.requested_by(received), given)
        problems = form_checks.check_all(form_for(application), view, received)
        if agreed.record is None or problems:
            return SubmitOutcome(view, problems=problems, consent_errors=agreed.errors)
        deadlines = request_deadlines(received)
        reference = cases.reference_for(application.id or 0, received)
        result = db.execute(update(Application)
                            .where(col(Application.id) == application.id,
                                   col(Application.status) == ApplicationStatus.DRAFT,
                                   col(Application.version) == application.version)
                            .values(status=ApplicationStatus.SUBMITTED, reference=reference, submitted_at=now,
                                    received_on=received, last_page=SUMMARY, updated_at=now,
                                    version=application.version + 1, **agreed.record.columns(now)))
        if result.rowcount != 1:  # sent from another tab, or saved to, a moment ago: look again
            db.rollback()
            return None
        case = cases.open_for_request(db, application, child, reference, received, now)
        account = db.get(ParentAccount, parent_id)
        audit.record(db, actor=f"parent:{parent_id}", action="application.submitted", object_type="application",
                     object_id=application.id, reference=reference, consent_text_version=consents_text.TEXT_VERSION,
                     requested_by=agreed.record.requested_by)
        if account is not None:
            lang = as_language(account.preferred_language) or DEFAULT_LANGUAGE
            steps = [form_text.step_title(step, lang) for step in form_for(application).steps]
            outbox.enqueue_to_parent(db, settings, account, template="application_received",
                                     idempotency_key=f"application-received:{application.id}",
                                     reference=reference, received=received,
                                     decision_due=deadlines.decision_to_assess, steps=steps,
                                     link=outbox.SitePath(routes.EHC))
            consents.send_copies(db, settings, consents.copied_to(agreed.record, application.answers),
                                 key=f"application-received:{application.id}", lang=lang, reference=reference,
                                 young_person=case.child_name,
                                 event=t("copy.event.received", lang,
                                         decision_due=long_date(deadlines.decision_to_assess, lang)))
        db.commit()
        db.expire_all()
        again = owned_row(db, parent_id, application_id)
        return SubmitOutcome(view_of(db, *again) if again else None, submitted_now=True)


def _send_form(db: Session, settings: Settings, application: Application, view: ApplicationView,
               now: datetime) -> SubmitOutcome | None:
    """A form other than the request (the family's advice…): every step complete, then sent once, and the
    family emailed that it arrived; None when it changed between reading and sending (look again)."""
    received = uk_date(now)
    form = form_for(application)
    problems = form_checks.check_all(form, view, received)
    if problems:
        return SubmitOutcome(view, problems=problems)
    result = db.execute(update(Application)
                        .where(col(Application.id) == application.id,
                               col(Application.status) == ApplicationStatus.DRAFT,
                               col(Application.version) == application.version)
                        .values(status=ApplicationStatus.SUBMITTED, submitted_at=now, received_on=received,
                                last_page=SUMMARY, updated_at=now, version=application.version + 1))
    if result.rowcount != 1:
        db.rollback()
        return None
    audit.record(db, actor=f"parent:{application.parent_id}", action="form.sent", object_type="application",
                 object_id=application.id, form=form.key, child_id=application.child_id)
    if form.gives_advice and application.case_id is not None:  # the case's request for this advice is answered
        advice_tracking.form_sent(db, settings, application.case_id, form.gives_advice,
                                  actor=f"parent:{application.parent_id}", today=received, now=now)
    account = db.get(ParentAccount, application.parent_id)
    if account is not None:
        lang = as_language(account.preferred_language) or DEFAULT_LANGUAGE
        outbox.enqueue_to_parent(db, settings, account, template="form_received",
                                 idempotency_key=f"form-received:{application.id}",
                                 form=form_text.form_name(form, lang), child=view.child_name, received=received,
                                 link=outbox.SitePath(routes.EHC))
    db.commit()
    db.expire_all()
    again = owned_row(db, application.parent_id, application.id or 0)
    return SubmitOutcome(view_of(db, *again) if again else None, submitted_now=True)


# ---------------------------------------------------------------- the Request tab and SEND Home

@dataclass
class Listing:
    id: int
    status: str
    reference: str
    last_page: str
    updated_at: datetime
    received_on: date | None
    decision_due_on: date | None
    decision_on: date | None = None


def _listing(row: Application, case: EhcCase | None) -> Listing:
    return Listing(row.id or 0, row.status, row.reference or "", row.last_page, row.updated_at, row.received_on,
                   case.decision_due_on if case else None, case.decision_on if case else None)


def _with_case(parent_id: int) -> Select:
    """The parent's requests, each with the case it opened (none while a draft)."""
    return (select(Application, EhcCase).outerjoin(EhcCase, col(EhcCase.id) == Application.case_id)
            .where(Application.parent_id == parent_id, Application.form_key == registry.REQUEST_FORM))


def for_child(engine: Engine, parent_id: int, child_id: int) -> list[Listing]:
    """The child's requests (the Request tab's list), the draft first, then the newest."""
    with Session(engine) as db:
        rows = db.exec(_with_case(parent_id).where(Application.child_id == child_id)
                       .order_by(col(Application.id).desc())).all()
    rows = sorted(rows, key=lambda row: row[0].status != ApplicationStatus.DRAFT)
    return [_listing(row, case) for row, case in rows]


def latest_by_child(engine: Engine, parent_id: int) -> dict[int, Listing]:
    with Session(engine) as db:
        rows = db.exec(_with_case(parent_id).order_by(col(Application.id))).all()
    return {row.child_id: _listing(row, case) for row, case in rows}


# ---------------------------------------------------------------- documents

def add_document(engine: Engine, settings: Settings, parent_id: int, application_id: int, filename: str,
                 source: BinaryIO) -> int:
    """Store one uploaded file for the parent's application; raises RefusedFile with the reason.

    The file is written first, then its row; if the row cannot be written the file is removed, so there is
    never a row without a file nor a file without a row. With a virus scanner configured the document waits
    in quarantine (``pending``) until it is scanned."""
    with Session(engine) as db:
        found = owned_row(db, parent_id, application_id)
        if found is None:
            raise LookupError(application_id)
        application, _child = found
        count = len(db.exec(select(ApplicationDocument.id)
                            .where(ApplicationDocument.application_id == application_id, FROM_FAMILY)).all())
        if count >= MAX_DOCUMENTS:
            raise document_store.RefusedFile("too_many")
        stored = document_store.store(file_stores.for_settings(settings), filename, source,
                                      settings.upload_max_mb * 1024 * 1024)
        try:
            document = ApplicationDocument(application_id=application_id, parent_id=parent_id,
                                           stored_name=stored.stored_name, original_name=Path(filename).name[:255],
                                           file_type=stored.file_type, size_bytes=stored.size_bytes,
                                           sha256=stored.sha256, scan_status=virus_scan.initial_status(settings),
                                           after_submission=application.status != ApplicationStatus.DRAFT)
            db.add(document)
            db.flush()
            audit.record(db, actor=f"parent:{parent_id}", action="document.uploaded", object_type="application",
                         object_id=application_id, document_id=document.id, file_type=stored.file_type,
                         size=stored.size_bytes)
            db.execute(update(Application).where(col(Application.id) == application_id)
                       .values(updated_at=utcnow()))
            db.commit()
        except BaseException:
            document_store.remove(file_stores.for_settings(settings), stored.stored_name)
            raise
        return document.id or 0


def owned_document(engine: Engine, parent_id: int, document_id: int) -> ApplicationDocument | None:
    """A document of one of the parent's own applications: their own upload, or one staff shared with them."""
    with Session(engine) as db:
        return db.exec(select(ApplicationDocument).join(Application,
                                                        col(Application.id) == ApplicationDocument.application_id)
                       .where(ApplicationDocument.id == document_id, Application.parent_id == parent_id,
                              ApplicationDocument.parent_id == parent_id,
                              or_(FROM_FAMILY, col(ApplicationDocument.shared)))).first()


def save_document_details(engine: Engine, parent_id: int, document_id: int, details: dict[str, Any]) -> bool:
    """Describe a document: while the application is a draft, or one added after it was sent
    (what the council already received with the request is not rewritten)."""
    with Session(engine) as db:
        row = db.exec(select(ApplicationDocument, Application)
                      .join(Application, col(Application.id) == ApplicationDocument.application_id)
                      .where(ApplicationDocument.id == document_id, ApplicationDocument.parent_id == parent_id,
                             FROM_FAMILY, Application.parent_id == parent_id)).first()
        if row is None:
            return False
        document, application = row
        if application.status != ApplicationStatus.DRAFT and not document.after_submission:
            return False
        document.details = details
        db.add(document)
        db.commit()
        return True


def remove_document(engine: Engine, settings: Settings, parent_id: int, document_id: int) -> bool:
    """Remove a document uploaded to a draft (once sent, documents stay with the council)."""
    with Session(engine) as db:
        row = db.exec(select(ApplicationDocument, Application)
                      .join(Application, col(Application.id) == ApplicationDocument.application_id)
                      .where(ApplicationDocument.id == document_id, Application.parent_id == parent_id,
                             FROM_FAMILY)).first()
        if row is None or row[1].status != ApplicationStatus.DRAFT:
            return False
        document = row[0]
        stored_name = document.stored_name
        audit.record(db, actor=f"parent:{parent_id}", action="document.removed", object_type="application",
                     object_id=document.application_id, document_id=document.id)
        db.delete(document)
        db.commit()
    document_store.remove(file_stores.for_settings(settings), stored_name)
    return True


def remove_drafts(db: Session, application_ids: list[int]) -> tuple[list[int], list[str]]:
    """Delete unsent applications and their documents' rows in the caller's transaction: (the ids really
    deleted, their stored file names, for the caller to remove from disk once the transaction has committed).
    A request sent meanwhile is never touched: the condition is in the statements, not only in the caller."""
    if not application_ids:
        return [], []
    # Claim the rows first (a row lock on PostgreSQL, the write lock on SQLite): a submit racing this in another
    # tab either finished first (then the row is no longer a draft and stays) or finds it gone.
    db.execute(update(Application).where(col(Application.id).in_(application_ids),
                                         col(Application.status) == ApplicationStatus.DRAFT)
               .values(version=col(Application.version) + 1))
    drafts = list(db.exec(select(Application.id).where(col(Application.id).in_(application_ids),
                                                       Application.status == ApplicationStatus.DRAFT)).all())
    if not drafts:
        return [], []
    stored = list(db.exec(select(ApplicationDocument.stored_name)
                          .where(col(ApplicationDocument.application_id).in_(drafts))).all())
    db.execute(delete(ApplicationDocument).where(col(ApplicationDocument.application_id).in_(drafts)))
    db.execute(delete(Application).where(col(Application.id).in_(drafts),
                                         col(Application.status) == ApplicationStatus.DRAFT))
    return [draft for draft in drafts if draft is not None], stored


def delete_draft(engine: Engine, settings: Settings, parent_id: int, application_id: int) -> bool:
    """The parent deletes one of their unsent applications, with the documents uploaded to it. False when it is
    not theirs or was sent (a sent request stays with the council), even if sent a moment ago from another tab."""
    with Session(engine) as db:
        found = owned_row(db, parent_id, application_id)
        if found is None or found[0].status != ApplicationStatus.DRAFT:
            return False
        application = found[0]
        removed, stored = remove_drafts(db, [application_id])
        if not removed:
            db.rollback()
            return False
        audit.record(db, actor=f"parent:{parent_id}", action="application.deleted", object_type="application",
                     object_id=application_id, child_id=application.child_id, documents=len(stored))
        db.commit()
    for name in stored:
        document_store.remove(file_stores.for_settings(settings), name)
    return True


def shared_with_family(engine: Engine, parent_id: int, child_id: int) -> list[ApplicationDocument]:
    """Documents staff shared with the parent about one of their own children, newest first (once they have
    passed their virus scan, if there is one: the family is never shown a file it cannot open)."""
    with Session(engine) as db:
        return list(db.exec(select(ApplicationDocument).join(Application,
                                                             col(Application.id) == ApplicationDocument.application_id)
                            .where(Application.child_id == child_id, Application.parent_id == parent_id,
                                   col(ApplicationDocument.uploaded_by_staff_id).is_not(None),
                                   col(ApplicationDocument.shared),
                                   col(ApplicationDocument.scan_status).in_(ScanStatus.DOWNLOADABLE))
                            .order_by(col(ApplicationDocument.id).desc())).all())
