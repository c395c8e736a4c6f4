"""Everything a caseworker's case page shows, worked out in one call: the identity bar and its clock, who asked
and what they agreed to, the answers as sent (from the form's definition), documents with their virus scan,
notes, the history, the exception recorded and what the process allows next. The state only shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import registry
from ehcna_portal.i18n import t
from ehcna_portal.models import Application, ApplicationDocument, ScanStatus
from ehcna_portal.services import (
    advice_form,
    advice_requests,
    advice_tracking,
    applications,
    case_status,
    consents,
    decisions,
    staff_cases,
)
from ehcna_portal.services.advice_deadlines import EXCEPTIONS as EXCEPTIONS_8_2
from ehcna_portal.services.dates import day, format_when
from ehcna_portal.services.timescales import EXCEPTIONS, Clock

EN = "en"
ADVICE_REQUESTED_AT = "assess_agreed"  # "Request advice" is offered on a case decided to assess
ACTIONS = {"case.status_changed": "Status changed", "case.assigned": "Assigned", "case.viewed": "Case opened",
           "case.exception_recorded": "Exception recorded", "application.submitted": "Request submitted",
           "application.started": "Application started", "document.uploaded": "Document uploaded",
           "document.removed": "Document removed", "document.downloaded": "Document downloaded",
           "case.note_added": "Note added", "case.decision_recorded": "Decision recorded",
           "application.recorded_by_staff": "Recorded by staff", "form.sent": "Form sent",
           "advice.requested": "Advice requested", "advice.existing_used": "Existing advice used",
           "advice.opened": "Advice request opened by the person asked",
           "advice.viewed": "Case seen by the person asked for advice", "advice.received": "Advice received",
           "advice.reminded": "Advice reminder sent", "advice.exception": "Advice exception recorded",
           "advice.withdrawn": "Advice request withdrawn",
           "plan.started": "Plan started from the advice", "plan.changed": "Plan changed",
           "plan.flag_overridden": "Quality check flag accepted with a reason",
           "plan.draft_issued": "Draft plan issued",
           "plan.final_issued": "Final plan issued", "plan.viewed": "Plan read by the family",
           "plan.downloaded": "Plan downloaded", "plan.previewed": "Plan previewed",
           "consultation.sent": "School consulted", "consultation.opened": "Consultation opened by the school",
           "consultation.viewed": "Draft plan seen by the school consulted",
           "consultation.answered": "School answered the consultation", "letter.downloaded": "Letter downloaded"}


@dataclass
class CasePage:
    """The case page's contents; document ``href``s are site paths (the caller adds where the backend is)."""

    case_id: int
    reference: str
    child_name: str
    status: str
    status_label: str
    overdue: bool
    received: str
    decision_due: str
    assigned_to: str
    clock: str  # "Week 3 of 20" (empty once the request has ended or its plan is final)
    next_deadline: str  # what is due next, by when, and who owes it
    clock_late: bool  # the next deadline has passed
    parent_rows: list[dict[str, str]]
    steps: list[form_answers.StepSummary]
    documents: list[dict[str, str]]
    notes: list[dict[str, str]]
    exception: str
    history: list[dict[str, str]]
    next_statuses: list[dict[str, str]]
    decision_options: list[dict[str, str]]
    family_forms: list[FamilyForm]
    advice_given: list[FamilyForm]  # advice received through the professionals' form, with its answers
    advice: list[dict[str, str]]  # the advice tracker (services/advice_tracking.py), as shown
    advice_proposed: dict[str, dict[str, str]]  # "Request advice": each source's suggested recipient, by type
    advice_waiting: list[dict[str, str]]  # the requests still waiting, as choices (value, label)


@dataclass
class FamilyForm:
    """A form the family sent for this request's child since (their advice…): its name, when, its answers."""

    name: str
    received: str
    steps: list[form_answers.StepSummary]


def case_page(engine: Engine, case_id: int, staff_id: int, today: date) -> CasePage | None:
    """The case page for a member of staff (the opening is audited); None if there is no such case."""
    found = staff_cases.open_case(engine, case_id, staff_id)
    if found is None:
        return None
    case, request, child, parent = found.case, found.request, found.child, found.parent
    status = case_status.STATUSES.get(case.case_status)
    form = registry.form(request.form_key, request.form_version)
    from_family = staff_cases.documents_of(found.documents)
    facts = applications.child_facts(child, case.received_on)
    clock = case_status.clock(case.case_status, case.received_on, today)
    advice = [_advice_row(row) for row in advice_tracking.tracker(engine, case_id, today)]
    return CasePage(
        case_id=case.id or 0, reference=case.reference, child_name=case.child_name, status=case.case_status,
        status_label=status.label if status else case.case_status,
        overdue=case_status.is_overdue(case.case_status, case.decision_due_on, today),
        received=day(case.received_on), decision_due=day(case.decision_due_on),
        assigned_to=found.assigned_to or t("staff.queue.unassigned", EN),
        clock=t("staff.case.clock", EN, week=clock.week, total=clock.weeks_total) if clock else "",
        next_deadline=_next_deadline(clock), clock_late=bool(clock and clock.due_on < today),
        parent_rows=[
            {"label": t("staff.case.parent", EN), "value": f"{parent.forename} {parent.surname}"},
            {"label": t("staff.case.parent_email", EN), "value": parent.email},
            # Letters and emails go in this language: a caseworker replying by hand should too.
            {"label": t("staff.case.language", EN), "value": t(f"staff.case.language.{parent.preferred_language}", EN)},
            {"label": t("child.dob", EN), "value": day(child.date_of_birth)},
            {"label": t("child.school", EN), "value": child.school_name or "—"},
            {"label": t("staff.case.address", EN), "value": ", ".join(part for part in (
                child.address_line_1, child.address_line_2, child.town, child.postcode) if part)},
            # Who asked and what they agreed to (a young person's agreement, parents copied in, the declaration).
            *({"label": row.label, "value": row.value}
              for row in consents.agreed_rows(consents.agreed(request), EN))],
        steps=form_answers.summarise(form, request.answers, facts, EN, from_family),
        documents=[_document(form, doc) for doc in found.documents]
        + [_document(registry.form(sent.form_key, sent.form_version), doc, sent_with=True)
           for sent, docs in found.family_forms for doc in docs],
        notes=[{"by": note.author, "when": format_when(note.at), "body": note.body}
               for note in staff_cases.notes(engine, case_id)],
        exception=t("staff.case.exception_recorded", EN, reason=EXCEPTIONS[case.exception_reason],
                    starts=day(case.exception_from),
                    ends=day(case.exception_to) or t("staff.case.exception_open", EN))
        if case.exception_reason in EXCEPTIONS else "",
        history=[{"title": ACTIONS.get(entry.action, entry.action), "by": entry.actor, "when": format_when(entry.at),
                  "detail": _describe(entry.detail) or (f"“{entry.form}”" if entry.form else "")}
                 for entry in staff_cases.history(engine, case_id,
                                                  [request, *(sent for sent, _docs in found.family_forms)])],
        # Decisions are made with "Record decision", which also writes the letter.
        next_statuses=[{"value": key, "label": case_status.STATUSES[key].label}
                       for key in case_status.allowed_next(case.case_status)
                       if key not in decisions.DECISIONS.values() and key not in case_status.SET_BY_PLAN],
        decision_options=[{"value": decision, "label": t(f"staff.case.decision.{decision}", EN)}
                          for decision in decisions.available(case.case_status)],
        family_forms=[_family_form(sent, docs, facts) for sent, docs in found.family_forms],
        advice_given=[FamilyForm(f"{t(f'advice.type.{given.advice_type}', EN)}: {given.recipient_name}, "
                                 f"{given.organisation}", day(given.received_on),
                                 advice_form.summary(advice_form.form_of(given), given.answers or {},
                                                     advice_form.facts(given.advice_type), EN))
                      for given in found.advice_given],
        advice=advice,
        advice_proposed={proposal.advice_type: {
            "name": proposal.recipient_name, "organisation": proposal.organisation, "email": proposal.email,
            "professional": str(proposal.professional_id or ""), "required": "yes" if proposal.required else ""}
            for proposal in advice_requests.propose(engine, case_id, today)}
        if case.case_status == ADVICE_REQUESTED_AT else {},
        advice_waiting=[{"value": row["id"], "label": f"{row['type']}: {row['who']}, {row['organisation']}"}
                        for row in advice if row["waiting"]])


def _advice_row(row: advice_tracking.AdviceRow) -> dict[str, str]:
    """A tracker row in words: who, what, sent, due, where it stands (and why, for an exception or withdrawal)."""
    why = EXCEPTIONS_8_2.get(row.exception_reason, "") if row.exception_reason else ""
    return {"id": str(row.id), "type": t(f"advice.type.{row.advice_type}", EN), "who": row.recipient_name,
            "organisation": row.organisation, "email": row.email, "sent": day(row.sent_on), "due": day(row.due_on),
            "status": row.status, "status_label": t(f"advice.status.{row.status}", EN),
            "received": day(row.received_on), "reason": " – ".join(part for part in (why, row.reason) if part),
            "waiting": "yes" if row.status in ("sent", "opened", "late") else "",
            "document": routes.document(row.document_id) if row.document_id else ""}


def _next_deadline(clock: Clock | None) -> str:
    if clock is None:
        return ""
    return t("staff.case.next_deadline", EN, what=t(f"staff.case.due.{clock.due}", EN), due=day(clock.due_on),
             who=t(f"staff.case.owed_by.{clock.owed_by}", EN))


def _family_form(sent: Application, documents: list[ApplicationDocument], facts: dict[str, str]) -> FamilyForm:
    form = registry.form(sent.form_key, sent.form_version)
    return FamilyForm(form.title, day(sent.received_on),
                      form_answers.summarise(form, sent.answers, facts, EN, staff_cases.documents_of(documents)))


def _document(form: Any, doc: ApplicationDocument, *, sent_with: bool = False) -> dict[str, str]:
    """A document row: a document in quarantine (virus scan pending) or that failed its scan has no link, only
    its status. ``sent_with``: it came with a later form of the case (the family's advice…), which is named."""
    kinds = form.documents_group() or form.find("documents")
    return {"name": doc.original_name,
            "href": routes.document(doc.id) if doc.scan_status in ScanStatus.DOWNLOADABLE else "",
            "scan": t(f"staff.case.scan.{doc.scan_status}", EN)
            if doc.scan_status in (ScanStatus.PENDING, ScanStatus.INFECTED) else "",
            "scan_tag": "govuk-tag--red" if doc.scan_status == ScanStatus.INFECTED else "govuk-tag--yellow",
            "type": _kind_of(kinds, doc),
            "from": str(doc.details.get("document_from", "")),
            "uploaded": day(doc.uploaded_at.date()),
            "when": t("staff.case.sent_with", EN, form=form.title) if sent_with else _document_note(doc)}


def _kind_of(group: Any, doc: ApplicationDocument) -> str:
    """What the document is: its type as the request asks it, or the family's own words (their advice)."""
    names = {field.name: field for field in group.fields}
    if "document_type" in names:
        return form_answers.display(names["document_type"], doc.details.get("document_type"), EN, group)
    return str(doc.details.get("description", ""))


def _document_note(document: ApplicationDocument) -> str:
    """Who a document came from, and whether the family can see it."""
    if document.advice_request_id is not None:
        return t("staff.case.from_advice", EN)
    if applications.from_family(document):
        return t("staff.case.after_submission", EN) if document.after_submission else ""
    return t("staff.case.shared" if document.shared else "staff.case.internal", EN,
             tab=t(f"tab.{document.phase or 'request'}", EN))


def _describe(detail: dict[str, Any]) -> str:
    if "old" in detail and "new" in detail and isinstance(detail.get("new"), str):
        old = case_status.STATUSES.get(str(detail["old"]))
        new = case_status.STATUSES.get(str(detail["new"]))
        if old and new:
            return f"{old.label} → {new.label}" + (f": {detail['reason']}" if detail.get("reason") else "")
    if "reference" in detail:
        return str(detail["reference"])
    return ""
