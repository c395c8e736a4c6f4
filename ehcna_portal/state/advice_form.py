"""The form on a professional's or a school's link page — an assessment's advice or a review's report, as the
request names it: its steps, their report, the check page, submit once.

Which page shows is this tab's state (the link's address stays the same); each step's form carries the step
and the version it was drawn from, so a save is checked against what the page showed even when the server has
forgotten the tab. Every handler asks ``services/advice_form`` with the browser's advice cookie and the link,
which alone decide what may be read or written.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.api.advice_routes import advice_token
from ehcna_portal.components.scripts import run_js
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import registry
from ehcna_portal.forms.schema import FormDefinition
from ehcna_portal.i18n import Language, t
from ehcna_portal.ids import parse_number
from ehcna_portal.models import ScanStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_form
from ehcna_portal.services.advice_form import AdviceForm, Saved, Submitted
from ehcna_portal.services.dates import uk_date
from ehcna_portal.settings import get_settings
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.form_views import StepView, answer_views, stored_strings, upload_error_message
from ehcna_portal.state.guards import language_of, off_loop, public
from ehcna_portal.state.session import backend_base

LINK_FORMS = tuple(form for form in registry.FORMS if {"professional", "school"} & set(form.filled_by))
MAX_STEP = max(step.number for form in LINK_FORMS for step in form.steps)
RELOAD = "() => window.location.reload()"
HEADING_ID = "advice-page-heading"  # each page's heading, focused when it is drawn so it is announced
FOCUS_HEADING = ("id => setTimeout(() => { const h = document.getElementById(id); "
                 "if (h) { h.focus(); h.scrollIntoView(); } }, 0)")


class AdviceFormMixin(FormMixin, rx.State, mixin=True):
    """The form's pages: ``form_page`` is ``step-<n>``, report, check, saved or sent; ``step_page`` names the step
    with its form (``review_report:step-2``), as the page draws every link form's steps."""

    form_page: str = ""
    step_page: str = ""
    last_step: str = ""  # the report page's Back
    plan_items: dict[str, list[dict[str, str]]] = {}  # "plan_items" questions: the plan's items with the answers
    step_number: int = 0
    step_heading: str = ""  # "Step 2 of 7" (counting only the steps this person is asked)
    values: dict[str, str] = {}
    ticked: list[str] = []
    date_parts: dict[str, list[str]] = {}
    form_version: int = 0
    form_key: str = ""  # remounts the step's inputs when another step or save is drawn
    reports: list[dict[str, str]] = []
    upload_action: str = ""
    upload_note: str = ""  # what the last upload did ("report added", or why it was refused)
    upload_refused: bool = False
    given: list[StepView] = []  # the advice as saved or sent, step by step
    _answers: dict[str, dict[str, Any]] = {}
    _step_numbers: list[int] = []
    _advice_type: str = ""
    _definition_version: str = ""
    _form_key: str = ""
    _facts: dict[str, Any] = {}

    def _link(self) -> str:
        return (routes.params_of(routes.ADVICE_LINK, self.router.url.path) or {}).get("link", "")[:100]

    def _token(self) -> str:
        return advice_token(self.router.headers.cookie, get_settings())

    def _show_form(self, form: AdviceForm, lang: Language) -> None:
        """Fill every page from the form as saved and open the one ``advice_form.opening_page`` says."""
        self._answers, self._step_numbers, self.form_version = form.answers, form.step_numbers, form.version
        self._advice_type, self._definition_version = form.advice_type, form.form_version
        self._form_key, self._facts = form.form_key, form.facts
        self.last_step = f"step-{form.step_numbers[-1]}" if form.step_numbers else ""
        self.reports = [{"name": report.name, "href": routes.advice_report(report.id, self._link()),
                         "scan": "" if report.scan in ScanStatus.DOWNLOADABLE else report.scan}
                        for report in form.reports]
        self.upload_action = backend_base(self) + routes.advice_report_upload(self._link(), lang)
        query = dict(self.router.url.query_parameters)
        self.upload_refused = bool(query.get("upload_error"))
        self.upload_note = upload_error_message(query, lang, get_settings().upload_max_mb) if self.upload_refused \
            else t("advice.form.report_added", lang) if query.get("uploaded") else ""
        self._go_to(advice_form.opening_page(form, after_upload=bool(self.upload_note)), lang)

    def _definition(self) -> FormDefinition:
        return registry.form(self._form_key, self._definition_version)

    def _summarise(self, lang: Language) -> None:
        self.given = answer_views(advice_form.summary(self._definition(), self._answers, self._facts, lang), {},
                                  lambda _step: "")

    def _open_step(self, number: int, lang: Language) -> None:
        step = self._definition().step(number)
        self.form_page, self.step_number = step.slug, number
        self.step_page = f"{self._form_key}:{step.slug}"
        self.step_heading = t("advice.form.step_of", lang, number=self._step_numbers.index(number) + 1,
                              total=len(self._step_numbers))
        saved = self._answers.get(step.slug, {})
        self.values, self.ticked = stored_strings(list(step.fields()), saved)
        self.plan_items = form_answers.plan_item_views(step, saved, self._facts)
        self.form_key = f"{step.slug}-{self.form_version}"

    def _go_to(self, page: str, lang: Language) -> list[Any]:
        if page.startswith("step-"):
            self._open_step(int(page.removeprefix("step-")), lang)
        else:
            self.form_page = page
            self._summarise(lang)
        return [*self._show_messages({}, lang), run_js(FOCUS_HEADING, HEADING_ID)]

    @rx.event
    @public
    async def open_page(self, page: str):
        """Change, Back and Continue between pages that need no saving (from the check and report pages)."""
        number = parse_number(page.removeprefix("step-"), MAX_STEP) if page.startswith("step-") else None
        if self.form_page in ("", advice_form.SENT_PAGE) or not self._step_numbers:
            return None
        if number not in self._step_numbers and page not in (advice_form.REPORT_PAGE, advice_form.CHECK_PAGE):
            return None
        return self._go_to(page, language_of(self))

    @rx.event
    @public
    async def save_advice_step(self, form_data: dict):
        """Save & continue, Back, or Save and come back later: keep what was typed, then go on (problems stop
        Save & continue only)."""
        lang = language_of(self)
        action = str(form_data.get("_action", "continue"))
        number = parse_number(str(form_data.get("_step", "")), MAX_STEP) or 0
        version = parse_number(str(form_data.get("_version", "")), 10**9) or 0
        outcome = await off_loop(advice_form.save_step, self._token(), self._link(), number, form_data,
                                 version=version, today=uk_date(utcnow()), now=utcnow())
        if outcome.kind == Saved.CLOSED or not self._form_key:
            return run_js(RELOAD)  # closed; or saved by a tab whose state the server lost: draw it afresh
        if outcome.kind == Saved.STALE:  # another tab saved first: show what it saved
            fresh = await off_loop(advice_form.load, self._token(), self._link(), utcnow())
            if fresh is None:
                return run_js(RELOAD)
            self._show_form(fresh, lang)
            return self._show_errors({"": "error.advice_form.stale"}, lang)
        step = self._definition().step(number)
        self._answers = {**self._answers, step.slug: outcome.values}
        self.form_version = outcome.version
        if outcome.problems and action == "continue":
            self.form_key = f"{step.slug}-{self.form_version}"
            return self._show_messages({problem.field_id: form_answers.message(problem, lang)
                                        for problem in outcome.problems}, lang)
        return self._go_to(advice_form.next_page(self._step_numbers, number, action), lang)

    @rx.event
    @public
    async def submit_advice(self, form_data: dict):
        """Send the advice (once): the declaration must be ticked and something given."""
        lang = language_of(self)
        outcome = await off_loop(advice_form.submit, self._token(), self._link(), settings=True,
                                 declared=form_data.get("declaration") == "yes", today=uk_date(utcnow()),
                                 now=utcnow())
        if outcome.kind != Submitted.PROBLEMS:
            return run_js(RELOAD)  # sent (now or before) or closed: the page says which, read only
        if outcome.step_problems:
            self._open_step(advice_form.step_of(self._definition(), outcome.step_problems[0].field.name), lang)
            return self._show_messages({problem.field_id: form_answers.message(problem, lang)
                                        for problem in outcome.step_problems}, lang)
        return self._show_errors(dict(outcome.problems), lang)
