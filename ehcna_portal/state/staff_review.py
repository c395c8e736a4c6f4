"""The Reviews section of the staff case page: "Arrange review", "Record review decision" and "Issue amended
plan" (services/reviews.py, services/review_decisions.py); services/review_page.py works out what it shows."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.ids import parse_id, parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import review_decisions, review_page, reviews
from ehcna_portal.services.dates import parse_date, uk_date
from ehcna_portal.services.plan_edits import EditRefused
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.form_views import SentFormView, answer_views
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import field, staff, staff_only

EN = "en"
SHOWN = ("in_force", "review_due", "open_review", "may_arrange", "may_decide", "may_issue_amended", "revision",
         "past", "school_name", "invite_choices", "reports", "response")
INVITE_FIELDS = ("school_name", "school_email", "invite_medical", "invite_social_care")


class ReviewState(FormMixin, rx.State):
    case_id: str = ""
    in_force: bool = False
    plan_pdf: str = ""
    review_due: str = ""
    open_review: list[dict[str, str]] = []
    may_arrange: bool = False
    may_decide: bool = False
    may_issue_amended: bool = False
    revision: int = 0
    past: list[dict[str, str]] = []
    school_name: str = ""
    invite_choices: dict[str, list[dict[str, str]]] = {}
    reports: list[dict[str, str]] = []
    response: list[dict[str, str]] = []
    received: list[SentFormView] = []

    def _id(self) -> int:
        return parse_id((routes.params_of(routes.STAFF_CASE, self.router.url.path) or {}).get("case")) or 0

    @rx.event
    @staff_only()
    async def load(self):
        self._clear_errors()
        if (routes.params_of(routes.STAFF_CASE, self.router.url.path) or {}).get("section") != "reviews":
            return
        page = await off_loop(review_page.review_page, self._id(), uk_date(utcnow()))
        if page is None:
            return
        self.case_id = str(self._id())
        for name in SHOWN:
            setattr(self, name, getattr(page, name))
        self.plan_pdf = backend_base(self) + page.plan_pdf if page.plan_pdf else ""
        self.received = [SentFormView(title, on, answer_views(steps, {}, lambda _s: ""))
                         for title, on, steps in page.received]

    def _done(self, done: str) -> rx.event.EventSpec:
        return rx.redirect(routes.staff_case(self._id(), "reviews", done=done))

    @rx.event
    @staff_only()
    async def arrange_review(self, form_data: dict):
        """"Arrange review": the meeting at least 2 weeks away (reg 20(3))."""
        typed = parse_date(field(form_data, "meeting-day"), field(form_data, "meeting-month"),
                           field(form_data, "meeting-year"))
        if typed.value is None:
            return self._show_errors({"meeting": typed.error}, EN, label="the date of the meeting",
                                     Label="The date of the meeting")
        try:
            await off_loop(reviews.arrange, self._id(), typed.value, settings=True, staff_id=staff().staff_id,
                           today=uk_date(utcnow()), now=utcnow(),
                           invite={name: field(form_data, name) for name in INVITE_FIELDS})
        except EditRefused as refused:
            return self._show_messages(dict(refused.problems), EN)
        return self._done("review_arranged")

    @rx.event
    @staff_only()
    async def record_review_decision(self, form_data: dict):
        try:
            await off_loop(review_decisions.record, self._id(), field(form_data, "review_decision"),
                           str(form_data.get("review_reasons", ""))[:review_decisions.REASONS_MAX + 1],
                           settings=True, staff_id=staff().staff_id, today=uk_date(utcnow()), now=utcnow())
        except EditRefused as refused:
            return self._show_messages(dict(refused.problems), EN)
        return self._done("review_decided")

    @rx.event
    @staff_only()
    async def issue_amended_plan(self, form_data: dict):
        try:
            await off_loop(review_decisions.issue_amended, self._id(),
                           parse_number(field(form_data, "revision"), 10**9) or 0, settings=True,
                           staff_id=staff().staff_id, today=uk_date(utcnow()), now=utcnow())
        except EditRefused as refused:
            return self._show_messages(dict(refused.problems), EN)
        return self._done("amended_plan_issued")
