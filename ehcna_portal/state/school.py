"""The page behind a school's consultation link (/consultation/<link>): the emailed code, then the draft plan the
school was sent and its answer — can it meet the needs? — given once. No account: each handler checks the link
itself (services/consultation_access.py), through the HttpOnly cookie the code earned, for that link only."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.api.plan_routes import consultation_token
from ehcna_portal.i18n import Language, long_date, t
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import consultation_access, consultations
from ehcna_portal.services.plan_edits import EditRefused
from ehcna_portal.settings import get_settings
from ehcna_portal.state.guards import language_of, off_loop, public
from ehcna_portal.state.invitation import InvitationMixin
from ehcna_portal.state.plan_views import section_dicts
from ehcna_portal.state.session import backend_base


class SchoolState(InvitationMixin, rx.State):
    """One consultation link: unknown, expired, the code's steps, open (the draft and the question) or
    answered (read only)."""

    school_name: str = ""
    child_name: str = ""
    born: str = ""
    due: str = ""
    answer_given: str = ""  # the answer in words, once given
    reasons: str = ""
    plan_title: str = ""
    sections: list[dict] = []
    pdf_href: str = ""
    _kind: str = "consultation"

    def _token(self) -> str:
        return consultation_token(self.router.headers.cookie, get_settings())

    @rx.event
    @public
    async def load(self):
        """The draft and the question once the code has been given (the cookie), else the code's steps."""
        self._clear_errors()
        await self._fill(language_of(self))

    async def _fill(self, lang: Language) -> None:
        seen = await off_loop(consultation_access.overview, self._token(), self._link(), lang=lang, now=utcnow())
        if seen is None:
            self.sections = []
            await self._show_link(lang)
            return
        self.stage = "answered" if seen.answered else "open"
        self.school_name, self.due = seen.school_name, long_date(seen.due_on, lang)
        heading = seen.plan.heading
        self.reference, self.child_name, self.born = heading.reference, heading.child_name, long_date(heading.born,
                                                                                                     lang)
        self.answer_given = t(f"consultation.answer.{seen.status}", lang) if seen.answered else ""
        self.reasons = seen.reasons
        self.plan_title, self.sections = seen.plan.title, section_dicts(seen.plan.sections)
        self.pdf_href = backend_base(self) + routes.consultation_pdf(self._link(), lang)

    @rx.event
    @public
    async def answer(self, form_data: dict):
        """The school's answer, once: problems shown by field; a link that no longer opens is drawn again."""
        lang = language_of(self)
        values = {name: str(form_data.get(name, ""))[:consultations.REASONS_MAX + 1]
                  for name in ("answer", "reasons", "name", "role")}
        try:
            await off_loop(consultations.answer, self._token(), self._link(), values, now=utcnow())
        except EditRefused as refused:
            return self._show_errors(refused.problems, lang, max=consultations.REASONS_MAX)
        except LookupError:  # answered already (another tab), or the link has closed: show which, and say so
            await self._fill(lang)
            return self._show_messages({"": t("error.consultation.closed", lang)}, lang)
        return SchoolState.load
