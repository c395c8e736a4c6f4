"""The page behind a professional's advice link (/advice/<link>): the emailed code, then the child and the
family's request. No account: each handler checks the link itself (services/advice_access.py); what the page
shows of the case comes only through the HttpOnly cookie the code earned, for that link's request."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.forms.review_report import FORM_KEY as REVIEW_REPORT
from ehcna_portal.i18n import long_date, t
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_form
from ehcna_portal.state.advice_form import AdviceFormMixin
from ehcna_portal.state.form_views import StepView, answer_views
from ehcna_portal.state.guards import language_of, off_loop, public
from ehcna_portal.state.invitation import InvitationMixin
from ehcna_portal.state.plan_views import section_dicts


class ProfessionalState(AdviceFormMixin, InvitationMixin, rx.State):
    """One advice link: unknown, expired, asking for a code, waiting for it, or open (read only once answered)."""

    child_name: str = ""
    born: str = ""
    due: str = ""
    advice: str = ""  # the kind of advice asked for, in words
    steps: list[StepView] = []
    documents: list[str] = []
    review: bool = False  # a review's report: the meeting and the plan in force instead of the family's request
    meeting: str = ""
    plan_title: str = ""
    plan_sections: list[dict] = []
    _kind: str = "advice"

    @rx.event
    @public
    async def load(self):
        """What the link opens: the case and the advice form once the code has been given (the cookie), else
        the code's steps."""
        self._clear_errors()
        lang = language_of(self)
        found = await off_loop(advice_form.opened, self._token(), self._link(), lang=lang, now=utcnow())
        if found is not None:
            seen, form = found
            self.stage = "answered" if seen.answered else "open"
            self.reference, self.child_name, self.born = seen.reference, seen.child_name, long_date(seen.born, lang)
            self.due = long_date(seen.due_on, lang) if seen.due_on else ""
            self.advice = t(f"advice.type.{seen.advice_type}", lang)
            self.steps = answer_views(seen.steps, {}, lambda _step: "")
            self.documents = seen.documents
            self.review = seen.form_key == REVIEW_REPORT
            self.meeting = long_date(seen.meeting_on, lang) if seen.meeting_on else ""
            self.plan_title = seen.plan.title if seen.plan else ""
            self.plan_sections = section_dicts(seen.plan.sections) if seen.plan else []
            self._show_form(form, lang)
            return
        self.steps, self.documents, self.form_page, self.plan_sections = [], [], "", []
        self.review = (await self._show_link(lang)).form_key == REVIEW_REPORT

