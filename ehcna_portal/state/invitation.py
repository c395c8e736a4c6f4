"""The code steps of a page behind an invitation link (a professional's advice link, a school's consultation
link): ask for a code emailed to the address invited, give it, then trade it for the link's cookie. The states
say which service checks their link and where the browser goes to get its cookie."""

from __future__ import annotations

import re
from types import ModuleType

import reflex as rx

from ehcna_portal.components.scripts import run_js
from ehcna_portal.i18n import Language, t
from ehcna_portal.models.base import utcnow
from ehcna_portal.services.invitation_access import CodeKind, LinkKind
from ehcna_portal.services.validation import clean
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import language_of, off_loop, public
from ehcna_portal.state.session import backend_base

CODE = re.compile(r"^\d{6}$")
REFUSED = {CodeKind.WRONG: "error.advice_code.wrong", CodeKind.EXPIRED: "error.advice_code.expired",
           CodeKind.LOCKED: "error.advice_code.locked"}


class InvitationMixin(FormMixin, rx.State, mixin=True):
    """``stage``: unknown, expired, code (ask for one), enter_code, then the page's own stages once in."""

    stage: str = ""
    code_intro: str = ""  # where the code goes (the address masked)
    _pending: str = ""  # backend only: the token the emailed code goes with

    def _link(self) -> str:
        raise NotImplementedError

    def _access_service(self) -> ModuleType:
        """The module that checks this kind of link: link, send_code, check_code."""
        raise NotImplementedError

    def _session_start(self, handoff: str, lang: Language) -> str:
        raise NotImplementedError

    async def _show_link(self, lang: Language) -> None:
        """Not in yet: what the link opens (nothing about the child until the code checks out)."""
        found = await off_loop(self._access_service().link, self._link(), utcnow())
        self.code_intro = t("advice.page.code_intro", lang, email=found.masked_email)
        self.stage = {LinkKind.EXPIRED: "expired", LinkKind.UNKNOWN: "unknown"}.get(found.kind, "code")

    @rx.event
    @public
    async def send_code(self):
        """Email a code to the address invited (limited per address); the page says the same whether or not one
        went, so it tells nobody which links work."""
        self._clear_errors()
        self._pending = await off_loop(self._access_service().send_code, self._link(), settings=True,
                                       ip=self.router.session.client_ip or "", now=utcnow()) or ""
        self.stage = "enter_code"

    @rx.event
    @public
    async def check_code(self, form_data: dict):
        lang = language_of(self)
        code = "".join(clean(form_data.get("code")).split())
        if not CODE.match(code):
            return self._show_errors({"code": "error.advice_code.format"}, lang)
        outcome = await off_loop(self._access_service().check_code, self._pending, code, settings=True,
                                 ip=self.router.session.client_ip or "", now=utcnow())
        if outcome.kind != CodeKind.OK:
            if outcome.kind != CodeKind.WRONG:
                self.stage = "code"  # ask for a new code
            return self._show_errors({"code": REFUSED[outcome.kind]}, lang)
        self._pending = ""  # a full navigation: a client-side route change would not reach the HTTP route
        return run_js("url => window.location.assign(url)",
                      backend_base(self) + self._session_start(outcome.handoff, lang))
