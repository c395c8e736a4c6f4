"""The form behind a professional's or a school's link: an assessment's advice (forms/professional_advice.py) or
a review's report (forms/review_report.py, asked for at "Arrange review"), as the request names it. Save as they
go, attach their report, submit once.

Every call names the browser's access token and the link; ``advice_access.access_of`` decides what they open,
so a token earned for one request reads and writes that request only. Answers are saved by step on the request
(``answers``), each save a conditional UPDATE on the version the page showed and on the request still waiting,
so a stale tab or a submitted request cannot be overwritten. Reports are kept with the case's request (its
documents table, marked with the advice request), unshared until the advice is submitted: the family then sees
them with the advice (they receive all advice with the draft plan in any case, Code of Practice 9.77).
Submitting is ``advice_tracking.mark_received`` — once, whichever tab or worker asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import ehc_plan, registry
from ehcna_portal.forms.professional_advice import ADVICE_FIELDS, FORM_KEY
from ehcna_portal.forms.schema import PLAN_ITEMS, FormDefinition, Step
from ehcna_portal.i18n import Language
from ehcna_portal.models import AdviceRequest, AdviceStatus, ApplicationDocument, ScanStatus
from ehcna_portal.services import (
    advice_access,
    advice_tracking,
    audit,
    cases,
    document_store,
    file_stores,
    review_decisions,
    virus_scan,
)
from ehcna_portal.settings import Settings

MAX_REPORTS = 5
# The form's pages besides its steps (``step-<n>``).
REPORT_PAGE, CHECK_PAGE, SAVED_PAGE, SENT_PAGE = "report", "check", "saved", "sent"


def form_of(request: AdviceRequest) -> FormDefinition:
    return registry.form(request.form_key or FORM_KEY, request.form_version)


def facts(advice_type: str, plan_items: dict[str, list[dict[str, str]]] | None = None) -> dict[str, Any]:
    """What the form's conditions and questions read besides the answers: the kind of advice asked for and, for a
    review's report, the items of the plan in force (the outcomes and provision it asks about)."""
    return {"advice_type": advice_type, PLAN_ITEMS: plan_items or {}}


def facts_of(db: Session, request: AdviceRequest) -> dict[str, Any]:
    """The facts of this request's form: a review's report asks about the plan in force — when it was sent, once
    sent, so a later amendment does not change what the report answered."""
    if request.review_id is None:
        return facts(request.advice_type)
    content = review_decisions.content_in_force(db, request.case_id, request.received_at)
    return facts(request.advice_type, ehc_plan.asked_about(content) if content else {})


def steps_for(form: FormDefinition, context: dict[str, Any]) -> list[Step]:
    """The steps this person is asked: an area shown only to health or social care advice is left out."""
    return [step for step in form.steps if form_answers.shown_fields(step, context)]


@dataclass(frozen=True)
class Report:
    id: int
    name: str
    scan: str  # ScanStatus


@dataclass(frozen=True)
class AdviceForm:
    """The form as the person asked left it: answers by step, the version to save against, their reports."""

    request_id: int
    advice_type: str
    answers: dict[str, dict[str, Any]]
    version: int
    answered: bool  # submitted: read only
    form_version: str = ""
    reports: list[Report] = field(default_factory=list)
    form_key: str = FORM_KEY
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def definition(self) -> FormDefinition:
        return registry.form(self.form_key, self.form_version)

    @property
    def step_numbers(self) -> list[int]:
        return [step.number for step in steps_for(self.definition, self.facts)]


def _reports(db: Session, request_id: int) -> list[ApplicationDocument]:
    return list(db.exec(select(ApplicationDocument).where(ApplicationDocument.advice_request_id == request_id)
                        .order_by(col(ApplicationDocument.id))).all())


def _opened(db: Session, access_token: str, link_token: str, now: datetime) -> AdviceRequest | None:
    access = advice_access.access_of(db, access_token, link_token, now)
    return db.get(AdviceRequest, access.request_id) if access else None


def load(engine: Engine, access_token: str, link_token: str, now: datetime) -> AdviceForm | None:
    """The form as it stands, for the person whose link it is (None for anyone else)."""
    with Session(engine) as db:
        request = _opened(db, access_token, link_token, now)
        if request is None:
            return None
        return AdviceForm(request.id or 0, request.advice_type, dict(request.answers or {}), request.answers_version,
                          request.status == AdviceStatus.RECEIVED, request.form_version,
                          [Report(doc.id or 0, doc.original_name, doc.scan_status)
                           for doc in _reports(db, request.id or 0)], form_of(request).key, facts_of(db, request))


def opened(engine: Engine, access_token: str, link_token: str, *, lang: Language,
           now: datetime) -> tuple[advice_access.Overview, AdviceForm] | None:
    """Everything the link's page shows once the code has checked out: the case (each view audited) and the
    form; None for anyone else."""
    seen = advice_access.overview(engine, access_token, link_token, lang=lang, now=now)
    form = load(engine, access_token, link_token, now) if seen else None
    return (seen, form) if seen and form else None


def opening_page(form: AdviceForm, *, after_upload: bool) -> str:
    """Where the link's page opens: what was sent (read only), the report page back from an upload, the first
    step of a form not begun, else the check page with what was saved."""
    if form.answered:
        return SENT_PAGE
    if after_upload:
        return REPORT_PAGE
    return f"step-{form.step_numbers[0]}" if not form.answers else CHECK_PAGE


def next_page(step_numbers: list[int], number: int, action: str) -> str:
    """Where a step's button goes: "continue" to the next step (after the last, the report page), "back" to
    the one before (before the first, the check page), "later" to the saved page."""
    if action == "later":
        return SAVED_PAGE
    place = step_numbers.index(number) if number in step_numbers else 0
    if action == "back":
        return f"step-{step_numbers[place - 1]}" if place > 0 else CHECK_PAGE
    return f"step-{step_numbers[place + 1]}" if place + 1 < len(step_numbers) else REPORT_PAGE


class Saved(StrEnum):
    SAVED = "saved"
    STALE = "stale"  # another tab saved first: the page reloads what was saved
    CLOSED = "closed"  # submitted, withdrawn, or the access ended


@dataclass(frozen=True)
class SaveOutcome:
    kind: Saved
    version: int = 0
    problems: list[form_answers.Problem] = field(default_factory=list)  # shown; what was typed is kept
    values: dict[str, Any] = field(default_factory=dict)  # the step's answers as saved


def save_step(engine: Engine, access_token: str, link_token: str, step_number: int, raw: Mapping[str, Any], *,
              version: int, today: date, now: datetime) -> SaveOutcome:
    """Keep one step's answers as typed, whatever their problems (they are listed for the page to show)."""
    with Session(engine) as db:
        request = _opened(db, access_token, link_token, now)
        if request is None or request.status not in AdviceStatus.WAITING:
            return SaveOutcome(Saved.CLOSED)
        form, context = form_of(request), facts_of(db, request)
        step = next((step for step in steps_for(form, context) if step.number == step_number), None)
        if step is None:
            return SaveOutcome(Saved.CLOSED)
        values = form_answers.parse_step(step, raw)
        answers = {**(request.answers or {}), step.slug: values}
        problems = form_answers.check_step(step, form_answers.flatten(answers, context), today)
        changed = db.execute(update(AdviceRequest).where(
            col(AdviceRequest.id) == request.id, col(AdviceRequest.answers_version) == version,
            col(AdviceRequest.status).in_(AdviceStatus.WAITING)).values(
            answers=answers, answers_version=version + 1, form_version=form.version, updated_at=now))
        if changed.rowcount != 1:
            return SaveOutcome(Saved.STALE)
        audit.record(db, actor=f"professional:{request.id}", action="advice.saved", object_type=audit.CASE,
                     object_id=request.case_id, advice_request_id=request.id, step=step.number)
        db.commit()
        return SaveOutcome(Saved.SAVED, version + 1, problems, values)


def may_add_report(engine: Engine, access_token: str, link_token: str, now: datetime) -> bool:
    """Whether the access opens a request still waiting (checked before an upload's body is read)."""
    with Session(engine) as db:
        request = _opened(db, access_token, link_token, now)
        return request is not None and request.status in AdviceStatus.WAITING


def add_report(engine: Engine, settings: Settings, access_token: str, link_token: str, filename: str,
               source: BinaryIO, now: datetime) -> int:
    """Keep a report for a request still waiting (checked like the family's uploads: type by content, size);
    raises RefusedFile, or LookupError when the access does not open a waiting request."""
    with Session(engine) as db:
        request = _opened(db, access_token, link_token, now)
        sent = cases.request_of(db, request.case_id) if request else None
        if request is None or sent is None or request.status not in AdviceStatus.WAITING:
            raise LookupError(link_token[:8])
        if len(_reports(db, request.id or 0)) >= MAX_REPORTS:
            raise document_store.RefusedFile("too_many")
        files = file_stores.for_settings(settings)
        stored = document_store.store(files, filename, source, settings.upload_max_mb * 1024 * 1024)
        try:
            document = ApplicationDocument(application_id=sent.id or 0, parent_id=sent.parent_id,
                                           stored_name=stored.stored_name, original_name=Path(filename).name[:255],
                                           file_type=stored.file_type, size_bytes=stored.size_bytes,
                                           sha256=stored.sha256, details={"document_from": request.organisation},
                                           after_submission=True, shared=False,
                                           phase="reviews" if request.review_id else "assessment",
                                           advice_request_id=request.id,
                                           scan_status=virus_scan.initial_status(settings))
            db.add(document)
            db.flush()
            audit.record(db, actor=f"professional:{request.id}", action="document.uploaded", object_type=audit.CASE,
                         object_id=request.case_id, document_id=document.id, advice_request_id=request.id)
            db.commit()
        except BaseException:
            document_store.remove(files, stored.stored_name)
            raise
        return document.id or 0


def report(engine: Engine, access_token: str, link_token: str, document_id: int,
           now: datetime) -> ApplicationDocument | None:
    """One of the request's own reports for the person whose link it is (each download is in the access log)."""
    with Session(engine, expire_on_commit=False) as db:
        request = _opened(db, access_token, link_token, now)
        document = db.get(ApplicationDocument, document_id) if request else None
        if request is None or document is None or document.advice_request_id != request.id:
            return None
        audit.record(db, actor=f"professional:{request.id}", action="document.downloaded", object_type=audit.CASE,
                     object_id=request.case_id, document_id=document.id, advice_request_id=request.id)
        db.commit()
        return document


class Submitted(StrEnum):
    SENT = "sent"
    ALREADY = "already"  # sent before (another tab, a second press): nothing changes
    PROBLEMS = "problems"
    CLOSED = "closed"


@dataclass(frozen=True)
class SubmitOutcome:
    kind: Submitted
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field id, catalog key or problem message key)
    step_problems: list[form_answers.Problem] = field(default_factory=list)


def submit(engine: Engine, settings: Settings, access_token: str, link_token: str, *, declared: bool, today: date,
           now: datetime) -> SubmitOutcome:
    """Send the advice: every shown question checks out, something is given (an answer or a report), the
    declaration is ticked. Then the request is received (once), its reports are shared with the family and the
    family is emailed (advice_tracking.mark_received)."""
    with Session(engine) as db:
        request = _opened(db, access_token, link_token, now)
        if request is None:
            return SubmitOutcome(Submitted.CLOSED)
        if request.status == AdviceStatus.RECEIVED:
            return SubmitOutcome(Submitted.ALREADY)
        if request.status not in AdviceStatus.WAITING:
            return SubmitOutcome(Submitted.CLOSED)
        form, known = form_of(request), facts_of(db, request)
        context = form_answers.flatten(request.answers or {}, known)
        step_problems = [problem for step in steps_for(form, known)
                         for problem in form_answers.check_step(step, context, today)]
        reports = _reports(db, request.id or 0)
        problems = []
        if form.key == FORM_KEY and not reports and \
                all(form_answers.is_empty(context.get(name)) for name in ADVICE_FIELDS):
            problems.append(("ci_needs", "error.advice_form.nothing_given"))
        if not declared:
            problems.append(("declaration", "error.advice_form.declaration"))
        if step_problems or problems:
            return SubmitOutcome(Submitted.PROBLEMS, problems, step_problems)
        clean = [doc.id for doc in reports if doc.scan_status != ScanStatus.INFECTED]
        if not advice_tracking.mark_received(db, settings, request, document_id=clean[0] if clean else None,
                                             actor=f"professional:{request.id}", today=today, now=now):
            db.rollback()
            return SubmitOutcome(Submitted.ALREADY)
        db.execute(update(ApplicationDocument).where(col(ApplicationDocument.advice_request_id) == request.id)
                   .values(shared=True))
        audit.record(db, actor=f"professional:{request.id}", action="advice.submitted", object_type=audit.CASE,
                     object_id=request.case_id, advice_request_id=request.id, declared=True)
        db.commit()
        return SubmitOutcome(Submitted.SENT)


def summary(form: FormDefinition, answers: dict[str, dict[str, Any]], context: dict[str, Any],
            lang: Language) -> list[form_answers.StepSummary]:
    """The advice or report as given, step by step (only the steps this person was asked)."""
    shown = {step.number for step in steps_for(form, context)}
    return [step for step in form_answers.summarise(form, answers, context, lang) if step.number in shown]


def summary_of(db: Session, request: AdviceRequest, lang: Language) -> list[form_answers.StepSummary]:
    return summary(form_of(request), request.answers or {}, facts_of(db, request), lang)


def step_of(form: FormDefinition, field_name: str) -> int:
    """The step a question is on (where a problem found at submit is shown)."""
    return next(step.number for step in form.steps if any(item.name == field_name for item in step.fields()))


def given_on_case(db: Session, case_id: int, *, reviews: bool = False) -> list[AdviceRequest]:
    """The advice received through the form on a case (the caseworker's view and the case's export); with
    ``reviews``, the reports received for its reviews instead."""
    received = db.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id,
                                                   AdviceRequest.status == AdviceStatus.RECEIVED,
                                                   col(AdviceRequest.review_id).is_not(None) if reviews
                                                   else col(AdviceRequest.review_id).is_(None))
                       .order_by(col(AdviceRequest.id))).all()
    return [request for request in received if request.answers]


def export(request: AdviceRequest, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """The advice as JSON for other council systems (each question with its English text); ``context``: a review
    report's facts (``facts_of``)."""
    return form_answers.export(form_of(request), request.answers or {}, context or facts(request.advice_type))
