"""The Plan section of the staff case page: compose the draft plan (items pre-filled from the advice), the quality
check, "Issue draft plan", "Consult schools", the family's response and "Issue final plan". Each handler is the
staff guard, one service call, then the section drawn again (services/plan_page.py works out what it shows)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.ids import parse_id, parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import consultations, plan_documents, plan_issue, plan_page, plans
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.plan_edits import Edit, EditRefused
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.form_views import StepView, answer_views
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.plan_views import section_dicts
from ehcna_portal.state.school_search import StaffSchoolSearchMixin
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import field, staff, staff_only

EN = "en"
SHOWN = ("started", "may_start", "revision", "sections", "flags", "may_issue_draft", "may_consult", "may_issue_final",
         "drafts", "final", "consultations", "family_school", "versions")


class PlanState(FormMixin, StaffSchoolSearchMixin, rx.State):
    """One case's plan, as its Plan section shows it."""

    case_id: str = ""
    started: bool = False
    may_start: bool = False
    revision: int = 0
    sections: list[dict] = []
    flags: list[dict[str, str]] = []  # the quality check's problems (anchor, message)
    may_issue_draft: bool = False
    may_consult: bool = False
    may_issue_final: bool = False
    drafts: list[dict[str, str]] = []
    final: dict[str, str] = {}
    consultations: list[dict[str, str]] = []
    family_school: dict[str, str] = {}
    response: list[StepView] = []
    versions: list[dict[str, str]] = []
    base: str = ""

    def _id(self) -> int:
        found = routes.params_of(routes.STAFF_CASE, self.router.url.path) or {}
        return parse_id(found.get("case")) or 0

    def _on_plan(self) -> bool:
        return (routes.params_of(routes.STAFF_CASE, self.router.url.path) or {}).get("section") == "plan"

    @rx.event
    @staff_only()
    async def load(self):
        self._clear_errors()
        self.school_results, self.school_searched = [], False
        if self._on_plan():
            await self._refresh()

    async def _refresh(self) -> None:
        case_id = self._id()
        page = await off_loop(plan_page.plan_page, case_id, uk_date(utcnow()))
        if page is None:
            return
        self.case_id, self.base = str(case_id), backend_base(self)
        for name in SHOWN:
            setattr(self, name, getattr(page, name))
        self.drafts = [{**draft, "pdf": self.base + draft["pdf"]} for draft in page.drafts]
        self.final = {**page.final, "pdf": self.base + page.final["pdf"]} if page.final else {}
        self.response = answer_views(page.response, {}, lambda _step: "")

    def _done(self, done: str) -> rx.event.EventSpec:
        return rx.redirect(routes.staff_case(self._id(), "plan", done=done))

    def _revision(self, form_data: dict) -> int:
        return parse_number(field(form_data, "revision"), 10**9) or 0

    async def _refused(self, refused: EditRefused) -> list:
        """The refusal in the error summary; after a conflict, the section drawn again as it now stands."""
        if isinstance(refused, plans.PlanConflict):
            await self._refresh()
        return self._show_messages(dict(refused.problems), EN)

    @rx.event
    @staff_only()
    async def start_plan(self):
        """Start the plan from the advice received (or open the one already started)."""
        await off_loop(plans.start, self._id(), staff_id=staff().staff_id, now=utcnow())
        return self._done("plan_started")

    @rx.event
    @staff_only()
    async def remove_item(self, form_data: dict):
        try:
            await off_loop(plans.edit, self._id(), self._revision(form_data),
                           Edit("remove", field(form_data, "section"), field(form_data, "item")),
                           staff_id=staff().staff_id, now=utcnow())
        except EditRefused as refused:
            return await self._refused(refused)
        return self._done("plan_changed")

    @rx.event
    @staff_only()
    async def override(self, form_data: dict):
        """Accept a flagged term in one provision item, with the reason (audited)."""
        try:
            await off_loop(plans.override, self._id(), self._revision(form_data), field(form_data, "item"),
                           field(form_data, "term"), str(form_data.get("reason", ""))[:501],
                           staff_id=staff().staff_id, now=utcnow())
        except EditRefused as refused:  # the reason's box is the flag's own
            return self._show_messages({f"{field(form_data, 'anchor')[:60]}-reason": message
                                        for message in refused.problems.values()}, EN)
        return self._done("plan_changed")

    @rx.event
    @staff_only()
    async def issue_draft(self, form_data: dict):
        """"Issue draft plan": refused with the quality check's flags as the error summary."""
        try:
            await off_loop(plan_issue.issue_draft, self._id(), self._revision(form_data), settings=True,
                           staff_id=staff().staff_id, now=utcnow())
        except EditRefused as refused:
            return await self._refused(refused)
        return self._done("draft_issued")

    @rx.event
    @staff_only()
    async def consult(self, form_data: dict):
        try:
            await off_loop(consultations.consult, self._id(), field(form_data, "school_urn"),
                           field(form_data, "school_email"), settings=True, staff_id=staff().staff_id, now=utcnow(),
                           language=as_language(field(form_data, "school_language")) or DEFAULT_LANGUAGE)
        except EditRefused as refused:
            return self._show_messages({f"school_{name}" if not name.startswith("school") else name: message
                                        for name, message in refused.problems.items()}, EN)
        return self._done("consulted")

    @rx.event
    @staff_only()
    async def issue_final(self, form_data: dict):
        """"Issue final plan": refused inside the family's 15 days, without section I, or failing the check."""
        try:
            await off_loop(plan_issue.issue_final, self._id(), self._revision(form_data), settings=True,
                           staff_id=staff().staff_id, today=uk_date(utcnow()), now=utcnow(),
                           notes=str(form_data.get("final_notes", ""))[:5001])
        except EditRefused as refused:
            return await self._refused(refused)
        return self._done("final_issued")


class PlanPreviewState(rx.State):
    """The latest version of a case's plan as the family will see it once issued (/staff/plan-preview/<case>)."""

    found: bool = False
    title: str = ""
    sections: list[dict] = []

    @rx.event
    @staff_only()
    async def load(self):
        case_id = parse_id((routes.params_of(routes.STAFF_PLAN_PREVIEW, self.router.url.path) or {}).get("case")) or 0
        plan = await off_loop(plan_documents.preview, case_id, uk_date(utcnow()), staff_id=staff().staff_id)
        self.found = plan is not None
        self.title, self.sections = (plan.title, section_dicts(plan.sections)) if plan else ("", [])
