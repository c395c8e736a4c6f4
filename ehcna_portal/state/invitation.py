"""The code steps of a page behind an invitation link (a professional's advice link, a school's consultation
link): ask for a code emailed to the address invited, give it, then trade it for the link's cookie. A state names
its kind of link (``_kind``); ``INVITATIONS`` says which service checks it, where its page is and where the
browser goes to get its cookie."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.scripts import run_js
from ehcna_portal.i18n import Language, t
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_access, consultation_access
from ehcna_portal.services.invitation_access import CodeKind, Link, LinkKind
from ehcna_portal.services.validation import clean
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import language_of, off_loop, public
from ehcna_portal.state.session import backend_base

CODE = re.compile(r"^\d{6}$")
REFUSED = {CodeKind.WRONG: "error.advice_code.wrong", CodeKind.EXPIRED: "error.advice_code.expired",
           CodeKind.LOCKED: "error.advice_code.locked"}


@dataclass(frozen=True)
class Invitation:
    access: ModuleType  # the service that checks this kind of link: link, send_code, check_code
    page: str  # the link's page (its route)
    session_start: Callable[[str, str, Language], str]  # (handoff, link, lang) -> where the cookie is set


INVITATIONS = {
    "advice": Invitation(advice_access, routes.ADVICE_LINK, routes.advice_session_start),
    "consultation": Invitation(consultation_access, routes.CONSULTATION_LINK, routes.consultation_session_start),
}


class InvitationMixin(FormMixin, rx.State, mixin=True):
    """``stage``: unknown, expired, code (ask for one), enter_code, then the page's own stages once in."""

    stage: str = ""
    code_intro: str = ""  # where the code goes (the address masked)
    reference: str = ""  # the case's, once the code has let the person in
    _pending: str = ""  # backend only: the token the emailed code goes with
    _kind: str = "advice"  # backend only: the kind of link (INVITATIONS), set by each state

    def _invitation(self) -> Invitation:
        return INVITATIONS[self._kind]

    def _link(self) -> str:
        return (routes.params_of(self._invitation().page, self.router.url.path) or {}).get("link", "")[:100]

    def _access_service(self) -> ModuleType:
        return self._invitation().access

    def _session_start(self, handoff: str, lang: Language) -> str:
        return self._invitation().session_start(handoff, self._link(), lang)

    async def _show_link(self, lang: Language) -> Link:
        """Not in yet: what the link opens (nothing about the child until the code checks out)."""
        found = await off_loop(self._access_service().link, self._link(), utcnow())
        self.code_intro = t("advice.page.code_intro", lang, email=found.masked_email)
        self.stage = {LinkKind.EXPIRED: "expired", LinkKind.UNKNOWN: "unknown"}.get(found.kind, "code")
        return found

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
