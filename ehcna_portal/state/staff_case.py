"""A request's case page for staff: the request as sent, documents, notes, history, status and decisions."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import registry
from ehcna_portal.i18n import t
from ehcna_portal.ids import parse_id
from ehcna_portal.models import ScanStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    applications,
    case_status,
    casework,
    consents,
    decisions,
    staff_cases,
)
from ehcna_portal.services.dates import parse_date, uk_date
from ehcna_portal.services.timescales import EXCEPTIONS
from ehcna_portal.settings import get_settings
from ehcna_portal.state.application import StepView, answer_views, upload_error_message
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import day, field, format_when, staff, staff_only

CASE_SECTIONS = ("request", "documents", "notes", "history")
ACTIONS = {"case.status_changed": "Status changed", "case.assigned": "Assigned", "case.viewed": "Case opened",
           "case.exception_recorded": "Exception recorded", "application.submitted": "Request submitted",
           "application.started": "Application started", "document.uploaded": "Document uploaded",
           "document.removed": "Document removed", "document.downloaded": "Document downloaded",
           "case.note_added": "Note added", "case.decision_recorded": "Decision recorded",
           "application.recorded_by_staff": "Recorded by staff"}


class CaseState(FormMixin, rx.State):
    """One request: identity bar, then Request (the answers), Documents and History."""

    found: bool = False
    ready: bool = False
    application_id: str = ""
    section: str = "request"
    reference: str = ""
    child_name: str = ""
    status: str = ""
    status_label: str = ""
    overdue: bool = False
    received: str = ""
    decision_due: str = ""
    assigned_to: str = ""
    parent_rows: list[dict[str, str]] = []
    answers: list[StepView] = []
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    next_statuses: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    exception: str = ""  # the reg 10(4) exception recorded, in words
    exception_reasons: list[dict[str, str]] = [{"value": key, "label": text} for key, text in EXCEPTIONS.items()]
    decision_options: list[dict[str, str]] = []  # the decisions the process allows now
    upload_action: str = ""
    upload_error: str = ""
    export_href: str = ""
    banner: str = ""

    def _id(self) -> int:
        parts = [part for part in self.router.url.path.split("/") if part]
        return (parse_id(parts[2]) or 0) if len(parts) >= 4 and parts[:2] == ["staff", "case"] else 0

    @rx.event
    @staff_only()
    async def load(self):
        self.ready = False
        self._clear_errors()
        parts = [part for part in self.router.url.path.split("/") if part]
        self.section = parts[3] if len(parts) >= 4 and parts[3] in CASE_SECTIONS else "request"
        self.banner = str(self.router.url.query_parameters.get("done", ""))[:40]
        await self._refresh(self._id())
        self.ready = True

    async def _refresh(self, application_id: int) -> None:
        found = await off_loop(staff_cases.open_case, application_id, staff().staff_id)
        self.found = found is not None
        if found is None:
            return
        application, child = found.application, found.child
        today = uk_date(utcnow())
        self.application_id = str(application.id)
        self.reference = application.reference or ""
        self.child_name = application.child_name
        self.status = application.case_status
        status = case_status.STATUSES.get(application.case_status)
        self.status_label = status.label if status else application.case_status
        self.overdue = case_status.is_overdue(application.case_status, application.decision_due_on, today)
        self.received, self.decision_due = day(application.received_on), day(application.decision_due_on)
        self.assigned_to = found.assigned_to or t("staff.queue.unassigned", "en")
        parent = found.parent
        self.parent_rows = [{"label": t("staff.case.parent", "en"), "value": f"{parent.forename} {parent.surname}"},
                            {"label": t("staff.case.parent_email", "en"), "value": parent.email},
                            # Letters and emails go in this language: a caseworker replying by hand should too.
                            {"label": t("staff.case.language", "en"),
                             "value": t(f"staff.case.language.{parent.preferred_language}", "en")},
                            {"label": t("child.dob", "en"), "value": day(child.date_of_birth)},
                            {"label": t("child.school", "en"), "value": child.school_name or "—"},
                            {"label": t("staff.case.address", "en"), "value": ", ".join(
                                part for part in (child.address_line_1, child.address_line_2, child.town,
                                                  child.postcode) if part)}]
        # Who asked and what they agreed to (a young person's agreement, parents copied in, the declaration).
        self.parent_rows += [{"label": row.label, "value": row.value}
                             for row in consents.agreed_rows(consents.agreed(application), "en")]
        from_family = [doc for doc in found.documents if doc.uploaded_by_staff_id is None]
        documents = [{"id": doc.id, "name": doc.original_name, "details": dict(doc.details)} for doc in from_family]
        facts = applications.child_facts(child, application.received_on or today)
        form = registry.form(application.form_key, application.form_version)
        steps = form_answers.summarise(form, application.answers, facts, "en", documents)
        self.answers = answer_views(steps, {}, lambda _step: "")
        base = backend_base(self)
        kinds = form.find("documents")
        # A document in quarantine (virus scan pending) or that failed its scan has no link, only its status.
        self.documents = [{"name": doc.original_name,
                           "href": base + routes.document(doc.id) if doc.scan_status in ScanStatus.DOWNLOADABLE
                           else "",
                           "scan": t(f"staff.case.scan.{doc.scan_status}", "en")
                           if doc.scan_status in (ScanStatus.PENDING, ScanStatus.INFECTED) else "",
                           "scan_tag": "govuk-tag--red" if doc.scan_status == ScanStatus.INFECTED
                           else "govuk-tag--yellow",
                           "type": form_answers.display(kinds.field("document_type"),  # type: ignore[union-attr]
                                                        doc.details.get("document_type"), "en", kinds),
                           "from": str(doc.details.get("document_from", "")),
                           "uploaded": day(doc.uploaded_at.date()),
                           "when": _document_note(doc)}
                          for doc in found.documents]
        self.upload_action = base + routes.staff_document_upload(application.id)
        self.export_href = base + routes.case_export(application.id)
        self.upload_error = upload_error_message(dict(self.router.url.query_parameters), "en",
                                                 get_settings().upload_max_mb)
        if self.upload_error:
            self.errors = {"file": self.upload_error}
            self.error_list = [{"field": "file", "message": self.upload_error}]
        found_notes = await off_loop(staff_cases.notes, application.id or 0)
        self.notes = [{"by": note.author, "when": format_when(note.at), "body": note.body} for note in found_notes]
        self.exception = t("staff.case.exception_recorded", "en", reason=EXCEPTIONS[application.exception_reason],
                           starts=day(application.exception_from),
                           ends=day(application.exception_to) or t("staff.case.exception_open", "en")) \
            if application.exception_reason in EXCEPTIONS else ""
        entries = await off_loop(staff_cases.history, application.id or 0)
        self.history = [{"title": ACTIONS.get(entry.action, entry.action), "by": entry.actor,
                         "when": format_when(entry.at), "detail": _describe(entry.detail)} for entry in entries]
        # Decisions are made with "Record decision", which also writes the letter.
        self.next_statuses = [{"value": key, "label": case_status.STATUSES[key].label}
                              for key in case_status.allowed_next(application.case_status)
                              if key not in decisions.DECISIONS.values()]
        self.decision_options = [{"value": decision, "label": t(f"staff.case.decision.{decision}", "en")}
                                 for decision in decisions.available(application.case_status)]

    @rx.event
    @staff_only()
    async def assign_to_me(self):
        application_id = self._id()
        await off_loop(staff_cases.assign, [application_id], staff().staff_id, f'staff:{staff().staff_id}')
        return rx.redirect(routes.staff_case(application_id, self.section, done="assigned"))

    @rx.event
    @staff_only()
    async def change_status(self, form_data: dict):
        new, reason = field(form_data, "status"), field(form_data, "reason")[:2000]
        if not new:
            return self._show_errors({"status": "error.staff.status_empty"}, "en")
        application_id = self._id()
        try:
            await off_loop(staff_cases.change_status, application_id, new, actor=f'staff:{staff().staff_id}',
                           on=uk_date(utcnow()), reason=reason)
        except case_status.TransitionRefused as refused:
            self.errors = {"status": str(refused)}
            self.error_list = [{"field": "status", "message": str(refused)}]
            return None
        return rx.redirect(routes.staff_case(application_id, self.section, done="status"))


    @rx.event
    @staff_only()
    async def record_decision(self, form_data: dict):
        """Record decision: status, letter (with the family's rights for a refusal) and email, together."""
        application_id = self._id()
        try:
            await off_loop(decisions.record, application_id, field(form_data, "decision"),
                           str(form_data.get("reasons", "")), settings=True, staff_id=staff().staff_id,
                           today=uk_date(utcnow()), now=utcnow())
        except decisions.DecisionRefused as refused:
            self.errors = {refused.field: str(refused)}
            self.error_list = [{"field": refused.field, "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        return rx.redirect(routes.staff_case(application_id, self.section, done="decision"))


    @rx.event
    @staff_only()
    async def add_note(self, form_data: dict):
        body = str(form_data.get("note", "")).strip()
        if not body:
            return self._show_errors({"note": "error.staff.note_empty"}, "en")
        if len(body) > staff_cases.NOTE_MAX:
            return self._show_errors({"note": "error.staff.note_too_long"}, "en", max=staff_cases.NOTE_MAX)
        application_id = self._id()
        await off_loop(staff_cases.add_note, application_id, staff().staff_id, body)
        return rx.redirect(routes.staff_case(application_id, "notes", done="note"))

    @rx.event
    @staff_only()
    async def record_exception(self, form_data: dict):
        """Record that a reg 10(4) exception applies (the statutory dates themselves never move)."""
        starts = parse_date(field(form_data, "exception_from-day"), field(form_data, "exception_from-month"),
                            field(form_data, "exception_from-year"))
        ends = parse_date(field(form_data, "exception_to-day"), field(form_data, "exception_to-month"),
                          field(form_data, "exception_to-year"))
        problems: dict[str, str] = {}
        if field(form_data, "exception_reason") not in EXCEPTIONS:
            problems["exception_reason"] = "error.staff.exception_reason"
        if starts.value is None:
            problems["exception_from"] = starts.error
        if ends.value is None and ends.error != "error.date.empty":
            problems["exception_to"] = ends.error
        if problems:
            return self._show_errors(problems, "en", label="the date", Label="The date")
        application_id = self._id()
        try:
            await off_loop(staff_cases.record_exception, application_id, field(form_data, 'exception_reason'),
                           starts.value, ends.value, actor=f'staff:{staff().staff_id}')
        except casework.CaseworkRefused as refused:
            self.errors = {"exception_to": str(refused)}
            self.error_list = [{"field": "exception_to", "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        return rx.redirect(routes.staff_case(application_id, self.section, done="exception"))


def _document_note(document) -> str:
    """Who a document came from, and whether the family can see it."""
    if document.uploaded_by_staff_id is None:
        return t("staff.case.after_submission", "en") if document.after_submission else ""
    return t("staff.case.shared" if document.shared else "staff.case.internal", "en",
             tab=t(f"tab.{document.phase or 'request'}", "en"))


def _describe(detail: dict) -> str:
    if "old" in detail and "new" in detail and isinstance(detail.get("new"), str):
        old = case_status.STATUSES.get(str(detail["old"]))
        new = case_status.STATUSES.get(str(detail["new"]))
        if old and new:
            return f"{old.label} → {new.label}" + (f": {detail['reason']}" if detail.get("reason") else "")
    if "reference" in detail:
        return str(detail["reference"])
    return ""
