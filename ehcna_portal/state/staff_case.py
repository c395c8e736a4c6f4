"""A case page for staff: the request as sent, the family's later forms, advice (“Request advice” and the tracker),
documents, notes, history, status and decisions."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.ids import parse_id
from ehcna_portal.models import AdviceStatus, AdviceType
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    advice_requests,
    advice_tracking,
    case_page,
    case_status,
    casework,
    decisions,
    staff_cases,
)
from ehcna_portal.services.advice_deadlines import EXCEPTIONS as ADVICE_EXCEPTIONS
from ehcna_portal.services.advice_requests import AdviceRefused, Choice
from ehcna_portal.services.dates import parse_date, uk_date
from ehcna_portal.services.timescales import EXCEPTIONS
from ehcna_portal.settings import get_settings
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.form_views import SentFormView, StepView, answer_views, upload_error_message
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import field, staff, staff_only

CASE_SECTIONS = ("request", "advice", "plan", "reviews", "documents", "notes", "history")
# What the case page shows as the service worked it out (services/case_page.py).
SHOWN = ("reference", "child_name", "status", "status_label", "overdue", "received", "decision_due", "assigned_to",
         "clock", "next_deadline", "clock_late",
         "parent_rows", "notes", "exception", "history", "next_statuses", "decision_options", "advice",
         "advice_proposed", "advice_waiting")


def choices_from(form_data: dict) -> list[Choice]:
    """The "Request advice" form as the caseworker's choices: each source present in the form (``<type>-present``)
    with its recipient, or its reason for using existing advice."""
    return [Choice(kind, field(form_data, f"{kind}-name"), field(form_data, f"{kind}-organisation"),
                   field(form_data, f"{kind}-email"), parse_id(field(form_data, f"{kind}-professional")),
                   existing_reason=field(form_data, f"{kind}-existing_reason")[:advice_requests.REASON_MAX + 1])
            for kind in AdviceType.ALL if field(form_data, f"{kind}-present") == "yes"]


class CaseState(FormMixin, rx.State):
    """One case: identity bar, then Request (the answers), Documents, Notes and History."""

    found: bool = False
    ready: bool = False
    case_id: str = ""
    section: str = "request"
    reference: str = ""
    child_name: str = ""
    status: str = ""
    status_label: str = ""
    overdue: bool = False
    received: str = ""
    decision_due: str = ""
    assigned_to: str = ""
    clock: str = ""
    next_deadline: str = ""
    clock_late: bool = False
    parent_rows: list[dict[str, str]] = []
    answers: list[StepView] = []
    family_forms: list[SentFormView] = []
    advice_given: list[SentFormView] = []  # advice received through the professionals' form
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    next_statuses: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    exception: str = ""  # the reg 10(4) exception recorded, in words
    exception_reasons: list[dict[str, str]] = [{"value": key, "label": text} for key, text in EXCEPTIONS.items()]
    advice_exceptions: list[dict[str, str]] = [{"value": key, "label": text}
                                               for key, text in ADVICE_EXCEPTIONS.items()]  # reg 8(2)
    decision_options: list[dict[str, str]] = []  # the decisions the process allows now
    advice: list[dict[str, str]] = []  # the advice tracker
    advice_proposed: dict[str, dict[str, str]] = {}  # "Request advice", while it may be sent
    advice_waiting: list[dict[str, str]] = []
    upload_action: str = ""
    upload_error: str = ""
    export_href: str = ""
    banner: str = ""

    def _where(self) -> tuple[int, str]:
        """(the case's id, the section) from the address; (0, "request") when it is not a case page."""
        found = routes.params_of(routes.STAFF_CASE, self.router.url.path) or {}
        section = found.get("section", "")
        return parse_id(found.get("case")) or 0, section if section in CASE_SECTIONS else "request"

    def _id(self) -> int:
        return self._where()[0]

    @rx.event
    @staff_only()
    async def load(self):
        self.ready = False
        self._clear_errors()
        self.section = self._where()[1]
        self.banner = str(self.router.url.query_parameters.get("done", ""))[:40]
        await self._refresh(self._id())
        self.ready = True

    async def _refresh(self, case_id: int) -> None:
        page = await off_loop(case_page.case_page, case_id, staff().staff_id, uk_date(utcnow()))
        self.found = page is not None
        if page is None:
            return
        base = backend_base(self)
        self.case_id = str(page.case_id)
        for name in SHOWN:
            setattr(self, name, getattr(page, name))
        self.answers = answer_views(page.steps, {}, lambda _step: "")
        self.family_forms = [SentFormView(sent.name, sent.received, answer_views(sent.steps, {}, lambda _step: ""))
                             for sent in page.family_forms]
        self.advice_given = [SentFormView(given.name, given.received, answer_views(given.steps, {}, lambda _s: ""))
                             for given in page.advice_given]
        self.documents = [{**doc, "href": base + doc["href"] if doc["href"] else ""} for doc in page.documents]
        self.advice = [{**row, "document": base + row["document"] if row["document"] else ""} for row in page.advice]
        self.upload_action = base + routes.staff_document_upload(page.case_id)
        self.export_href = base + routes.case_export(page.case_id)
        self.upload_error = upload_error_message(dict(self.router.url.query_parameters), "en",
                                                 get_settings().upload_max_mb)
        if self.upload_error:
            self.errors = {"file": self.upload_error}
            self.error_list = [{"field": "file", "message": self.upload_error}]

    @rx.event
    @staff_only()
    async def assign_to_me(self):
        case_id = self._id()
        await off_loop(staff_cases.assign, [case_id], staff().staff_id, f'staff:{staff().staff_id}')
        return rx.redirect(routes.staff_case(case_id, self.section, done="assigned"))

    @rx.event
    @staff_only()
    async def change_status(self, form_data: dict):
        new, reason = field(form_data, "status"), field(form_data, "reason")[:2000]
        if not new:
            return self._show_errors({"status": "error.staff.status_empty"}, "en")
        case_id = self._id()
        try:
            await off_loop(staff_cases.change_status, case_id, new, actor=f'staff:{staff().staff_id}',
                           on=uk_date(utcnow()), reason=reason)
        except case_status.TransitionRefused as refused:
            self.errors = {"status": str(refused)}
            self.error_list = [{"field": "status", "message": str(refused)}]
            return None
        return rx.redirect(routes.staff_case(case_id, self.section, done="status"))


    @rx.event
    @staff_only()
    async def record_decision(self, form_data: dict):
        """Record decision: status, letter (with the family's rights for a refusal) and email, together."""
        case_id = self._id()
        try:
            await off_loop(decisions.record, case_id, field(form_data, "decision"),
                           str(form_data.get("reasons", "")), settings=True, staff_id=staff().staff_id,
                           today=uk_date(utcnow()), now=utcnow())
        except decisions.DecisionRefused as refused:
            self.errors = {refused.field: str(refused)}
            self.error_list = [{"field": refused.field, "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        return rx.redirect(routes.staff_case(case_id, self.section, done="decision"))


    @rx.event
    @staff_only()
    async def add_note(self, form_data: dict):
        body = str(form_data.get("note", "")).strip()
        if not body:
            return self._show_errors({"note": "error.staff.note_empty"}, "en")
        if len(body) > staff_cases.NOTE_MAX:
            return self._show_errors({"note": "error.staff.note_too_long"}, "en", max=staff_cases.NOTE_MAX)
        case_id = self._id()
        await off_loop(staff_cases.add_note, case_id, staff().staff_id, body)
        return rx.redirect(routes.staff_case(case_id, "notes", done="note"))

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
        case_id = self._id()
        try:
            await off_loop(staff_cases.record_exception, case_id, field(form_data, 'exception_reason'),
                           starts.value, ends.value, actor=f'staff:{staff().staff_id}')
        except casework.CaseworkRefused as refused:
            self.errors = {"exception_to": str(refused)}
            self.error_list = [{"field": "exception_to", "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        return rx.redirect(routes.staff_case(case_id, self.section, done="exception"))

    # ---------------------------------------------------------------- the Advice section

    def _back(self, done: str) -> rx.event.EventSpec:
        return rx.redirect(routes.staff_case(self._id(), "advice", done=done))

    def _refused(self, refused: AdviceRefused, prefix: str = "advice_") -> list:
        """The refusal at the field it is about (``prefix``: the form's, as its fields are named)."""
        where = f"{prefix}{refused.field}" if refused.field else ""
        self.errors = {where: str(refused)}
        self.error_list = [{"field": where, "message": str(refused)}]
        return [rx.call_script(FOCUS_ERROR_SUMMARY)]

    @rx.event
    @staff_only()
    async def advice_send(self, form_data: dict):
        """"Request advice": every source asked, or met by existing advice (reg 6(4)), in one go."""
        self._clear_errors()
        try:
            outcome = await off_loop(advice_requests.send, self._id(), choices_from(form_data), settings=True,
                                     staff_id=staff().staff_id, today=uk_date(utcnow()), now=utcnow())
        except AdviceRefused as refused:
            return self._refused(refused)
        if outcome.problems:
            return self._show_errors(outcome.problems, "en")
        return self._back("advice_sent")

    async def _advice_change(self, done: str, service, *args, settings: bool = False, **kwargs) -> object:
        """One advice service call for this case and caseworker, then back to the Advice section (or the
        refusal, said in the error summary)."""
        try:
            await off_loop(service, self._id(), *args, settings=settings, staff_id=staff().staff_id,
                           today=uk_date(utcnow()), now=utcnow(), **kwargs)
        except AdviceRefused as refused:
            return self._refused(refused)
        return self._back(done)

    @rx.event
    @staff_only()
    async def advice_resend(self, request_id: str):
        """Send the invitation again (a new link, the same due date)."""
        return await self._advice_change("advice_resent", advice_requests.resend, parse_id(request_id) or 0,
                                         settings=True)

    @rx.event
    @staff_only()
    async def advice_redirect(self, form_data: dict):
        """Ask someone else instead: the old link stops working, the new person has 6 weeks from today."""
        self._clear_errors()
        choice = Choice("redirect", field(form_data, "redirect-name"), field(form_data, "redirect-organisation"),
                        field(form_data, "redirect-email"))
        try:
            problems = await off_loop(advice_requests.redirect, self._id(),
                                      parse_id(field(form_data, "redirect_request")) or 0, choice, settings=True,
                                      staff_id=staff().staff_id, today=uk_date(utcnow()), now=utcnow())
        except AdviceRefused as refused:
            return self._refused(refused, "redirect_")
        return self._show_errors(problems, "en") if problems else self._back("advice_redirected")

    @rx.event
    @staff_only()
    async def advice_settle(self, form_data: dict):
        """Record a reg 8(2) exception or withdraw the request, with the reason."""
        status = field(form_data, "advice_status")
        return await self._advice_change(
            "advice_changed", advice_requests.settle, parse_id(field(form_data, "advice_request")) or 0,
            status if status in (AdviceStatus.EXCEPTION, AdviceStatus.WITHDRAWN) else "",
            reason=field(form_data, "advice_reason"), exception=field(form_data, "advice_exception"))

    @rx.event
    @staff_only()
    async def advice_received(self, request_id: str):
        """Record advice that came another way (by post or email); its report can be added under Documents."""
        return await self._advice_change("advice_received", advice_tracking.record_received,
                                         parse_id(request_id) or 0, settings=True, document_id=None)
