"""The page behind a professional's advice link (/advice/<link>): the emailed code, then the child and the
family's request. No account: each handler checks the link itself (services/advice_access.py); what the page
shows of the case comes only through the HttpOnly cookie the code earned, for that link's request."""

from __future__ import annotations

import re

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.scripts import run_js
from ehcna_portal.i18n import long_date, t
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_access, advice_form
from ehcna_portal.services.advice_access import CodeKind, LinkKind
from ehcna_portal.services.validation import clean
from ehcna_portal.state.advice_form import AdviceFormMixin
from ehcna_portal.state.form_views import StepView, answer_views
from ehcna_portal.state.guards import language_of, off_loop, public
from ehcna_portal.state.session import backend_base

CODE = re.compile(r"^\d{6}$")
REFUSED = {CodeKind.WRONG: "error.advice_code.wrong", CodeKind.EXPIRED: "error.advice_code.expired",
           CodeKind.LOCKED: "error.advice_code.locked"}


class ProfessionalState(AdviceFormMixin, rx.State):
    """One advice link: unknown, expired, asking for a code, waiting for it, or open (read only once answered)."""

    stage: str = ""
    code_intro: str = ""  # where the code goes (the address masked)
    reference: str = ""
    child_name: str = ""
    born: str = ""
    due: str = ""
    advice: str = ""  # the kind of advice asked for, in words
    steps: list[StepView] = []
    documents: list[str] = []
    _pending: str = ""  # backend only: the token the emailed code goes with

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
            self._show_form(form, lang)
            return
        found_link = await off_loop(advice_access.link, self._link(), utcnow())
        self.steps, self.documents, self.form_page = [], [], ""
        self.code_intro = t("advice.page.code_intro", lang, email=found_link.masked_email)
        self.stage = {LinkKind.EXPIRED: "expired", LinkKind.UNKNOWN: "unknown"}.get(found_link.kind, "code")

    @rx.event
    @public
    async def send_code(self):
        """Email a code to the address asked (limited per address); the page says the same whether or not one
        went, so it tells nobody which links work."""
        self._clear_errors()
        self._pending = await off_loop(advice_access.send_code, self._link(), settings=True,
                                       ip=self.router.session.client_ip or "", now=utcnow()) or ""
        self.stage = "enter_code"

    @rx.event
    @public
    async def check_code(self, form_data: dict):
        lang = language_of(self)
        code = "".join(clean(form_data.get("code")).split())
        if not CODE.match(code):
            return self._show_errors({"code": "error.advice_code.format"}, lang)
        outcome = await off_loop(advice_access.check_code, self._pending, code, settings=True,
                                 ip=self.router.session.client_ip or "", now=utcnow())
        if outcome.kind != CodeKind.OK:
            if outcome.kind != CodeKind.WRONG:
                self.stage = "code"  # ask for a new code
            return self._show_errors({"code": REFUSED[outcome.kind]}, lang)
        self._pending = ""  # a full navigation: a client-side route change would not reach the HTTP route
        return run_js("url => window.location.assign(url)",
                      backend_base(self) + routes.advice_session_start(outcome.handoff, self._link(), lang))
