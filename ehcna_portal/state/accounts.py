"""States for the parent account journeys: register, confirm, sign in, second factor, a forgotten password.

Handlers stay thin: read the form, call a service in a thread (bcrypt and the
database never run on the event loop), turn the outcome into messages in the
page's language, and navigate.
"""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.db import get_engine
from ehcna_portal.offload import password_work
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.services import sessions
from ehcna_portal.services.parent_accounts import CodeKind, LinkResult, SignInKind
from ehcna_portal.services.validation import clean, email_error, password_error
from ehcna_portal.settings import get_settings
from ehcna_portal.state.address_finder import AddressFinderMixin
from ehcna_portal.state.children import children_list
from ehcna_portal.state.form import FormMixin, title_error_prefix
from ehcna_portal.state.guards import language_of, off_loop, public, typed
from ehcna_portal.state.session import (
    caller,
    go_to_handoff,
    parent_only,
    session_of,
)

SIGN_IN_REASONS = frozenset({"confirmed", "signed_out", "timeout", "expired", "two_step_changed",
                             "password_changed", "details_changed", "email_changed"})


ADDRESS_FIELDS = frozenset({"postcode", "uprn", "address_line_1", "address_line_2", "town"})
# The order of the fields on the page, which the error summary follows.
REGISTER_FIELD_ORDER = ("email", "confirm_email", "password", "title", "forename", "surname", "gender", "postcode",
                        "uprn", "address_line_1", "address_line_2", "town", "home_phone", "mobile_phone", "work_phone")


def client_of(state: rx.State) -> tuple[str, str]:
    return state.router.session.client_ip or "", state.router.headers.user_agent or ""


def next_from_query(state: rx.State) -> str:
    """Where ``?next=`` asks to go after signing in: a same-site page, never a route or sign-in page itself."""
    wanted = sessions.safe_next(str(state.router.url.query_parameters.get("next", "")))
    return wanted if wanted != "/" and not wanted.startswith(routes.NOT_NEXT) else ""


def link_from_path(state: rx.State) -> str:
    """The token at the end of /Account/CompleteRegistration/<token>."""
    return clean(state.router.url.path.rstrip("/").rsplit("/", 1)[-1])[:100]


def page_path(state: rx.State, route: str, **query: object) -> str:
    """``route`` in the language of the page the parent is on."""
    return routes.localised(route, language_of(state), **query)


class RegisterState(FormMixin, AddressFinderMixin, rx.State):
    """Register an account (seed 1.1.2)."""

    @rx.event
    @public
    def load(self):
        self._clear_errors()
        self._reset_finder()

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        address, address_errors = self._address_answers(form_data)
        registration = accounts.validate_registration({**form_data, **address})
        found = registration.errors
        if address_errors:  # until an address is chosen or typed, only the finder's question is asked
            found = {name: key for name, key in found.items() if name not in ADDRESS_FIELDS} | address_errors
        errors = {name: found[name] for name in REGISTER_FIELD_ORDER if name in found}
        if errors:
            return self._show_errors(errors, lang)
        ip, _agent = client_of(self)
        await password_work(accounts.register, get_engine(), get_settings(), registration.values, ip=ip, lang=lang)
        self._reset_finder()
        return rx.redirect(page_path(self, routes.REGISTER_CHECK_EMAIL))


class CompleteRegistrationState(rx.State):
    """The link in the confirmation email: /Account/CompleteRegistration/<link>."""

    outcome: str = ""
    resent: bool = False

    @rx.event
    @public
    async def confirm(self):
        link = link_from_path(self)
        self.resent = False
        self.outcome = (await off_loop(accounts.complete_registration, link)).value
        if self.outcome == LinkResult.CONFIRMED:
            return rx.redirect(page_path(self, routes.SIGN_IN, reason="confirmed"))
        return None

    @rx.event
    @public
    async def resend(self):
        ip, _agent = client_of(self)
        await off_loop(accounts.resend_verification, token=link_from_path(self), ip=ip, settings=True)
        self.resent = True


class SignInState(FormMixin, rx.State):
    """Sign in (seed 1.1.1): email address and password; messages never say which one was wrong."""

    reason: str = ""
    unverified_email: str = ""
    resent: bool = False
    _next: str = ""  # where a guarded page sent the parent from (a same-site path only)

    @rx.event
    @public
    def load(self):
        self._clear_errors()
        self.unverified_email = ""
        self.resent = False
        reason = self.router.url.query_parameters.get("reason", "")
        self.reason = reason if reason in SIGN_IN_REASONS else ""
        self._next = next_from_query(self)

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        email = clean(form_data.get("email")).lower()
        password = typed(form_data, "password")
        self.unverified_email = ""
        keys: dict[str, str] = {}
        if not email:
            keys["email"] = "error.sign_in.email_empty"
        if not password:
            keys["password"] = "error.sign_in.password_empty"  # nosec B105 # a message catalog key, not a password
        if keys:
            return self._show_errors(keys, lang)
        ip, agent = client_of(self)
        result = await accounts.sign_in_after_wait(get_engine(), get_settings(), email, password, ip=ip,
                                                   user_agent=agent, next_path=self._next,
                                                   default_next=page_path(self, routes.ACCOUNT),
                                                   code_page=page_path(self, routes.SIGN_IN_CODE))
        if result.kind in (SignInKind.SIGNED_IN, SignInKind.NEEDS_CODE):
            self._clear_errors()
            return go_to_handoff(self, result.handoff)
        if result.kind == SignInKind.UNVERIFIED:
            self.unverified_email = email
            return self._show_errors({"email": "error.sign_in.unverified"}, lang)
        key = "error.sign_in.locked" if result.kind == SignInKind.LOCKED else "error.sign_in.wrong"
        return self._show_errors({"email": key}, lang)

    @rx.event
    @public
    async def resend_verification(self):
        if not self.unverified_email:
            return
        ip, _agent = client_of(self)
        await off_loop(accounts.resend_verification, email=self.unverified_email, ip=ip, settings=True)
        self.resent = True


class SignInCodeState(FormMixin, rx.State):
    """The second step of signing in: the emailed code, or the authenticator app's."""

    method: str = ""
    resent: bool = False

    @rx.event
    @public
    async def load(self):
        self._clear_errors()
        self.resent = False
        view = await session_of(self)
        if view is None:
            return rx.redirect(page_path(self, routes.SIGN_IN))
        if view.signed_in:
            return rx.redirect(page_path(self, routes.ACCOUNT))
        self.method = view.two_step_method
        return None

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        view = await session_of(self)
        if view is None or view.signed_in:
            return rx.redirect(page_path(self, routes.SIGN_IN))
        code = clean(form_data.get("code"))
        if not code:
            return self._show_errors({"code": f"error.code.empty_{self.method or 'email'}"}, lang)
        ip, _agent = client_of(self)
        next_path = next_from_query(self) or page_path(self, routes.EHC)
        outcome = await accounts.second_factor_after_wait(get_engine(), get_settings(), view.session_id, view.email,
                                                          code, ip=ip, next_path=next_path)
        if outcome.kind == CodeKind.OK:
            self._clear_errors()
            return go_to_handoff(self, outcome.handoff)
        if outcome.kind == CodeKind.NO_SESSION:
            return rx.redirect(page_path(self, routes.SIGN_IN))
        return self._show_errors({"code": f"error.code.{outcome.kind.value}"}, lang)

    @rx.event
    @public
    async def resend(self):
        view = await session_of(self)
        if view is None or view.signed_in:
            return rx.redirect(page_path(self, routes.SIGN_IN))
        ip, _agent = client_of(self)
        await off_loop(accounts.resend_sign_in_code, view.session_id, ip=ip, settings=True)
        self.resent = True  # the same answer whether or not the limit let one go
        self._clear_errors()
        return None


class EhcAreaState(rx.State):
    """EHC Assessment and Review: SEND Home, the parent's children — only with two-step verification
    (seed 1.1.4); without it, the Two Step Verification Area page."""

    two_step_verified: bool = False
    children: list[dict[str, str]] = []

    @rx.event
    @parent_only()
    async def load(self):
        self.two_step_verified = caller().two_step_verified
        self.children = await children_list(self) if self.two_step_verified else []


class ForgottenPasswordState(FormMixin, rx.State):
    """Ask for a reset link; the answer is the same whether or not the account exists."""

    sent: bool = False

    @rx.event
    @public
    def load(self):
        self._clear_errors()
        self.sent = False

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        email = clean(form_data.get("email")).lower()
        error = email_error(email)
        if error:
            return self._show_errors({"email": error}, lang)
        ip, _agent = client_of(self)
        await off_loop(accounts.request_password_reset, email, ip=ip, lang=lang, settings=True)
        self._clear_errors()
        self.sent = True
        return title_error_prefix(lang, False)


class ResetPasswordState(FormMixin, rx.State):
    """The link in the reset email: /reset-password/<link>."""

    link_state: str = ""

    @rx.event
    @public
    async def load(self):
        self._clear_errors()
        self.link_state = (await off_loop(accounts.check_reset_link, link_from_path(self))).value

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        password = typed(form_data, "password")
        error = password_error(password)
        if error:
            return self._show_errors({"password": error}, lang)
        ip, _agent = client_of(self)
        result = await password_work(accounts.reset_password, get_engine(), get_settings(),
                                         link_from_path(self), password, ip=ip)
        if result != LinkResult.CONFIRMED:
            self.link_state = result.value
            return None
        return rx.redirect(page_path(self, routes.SIGN_IN, reason="password_changed"))
