"""States for the parent account journeys: register, confirm, sign in, second factor, 2SV settings.

Handlers stay thin: read the form, call a service in a thread (bcrypt and the
database never run on the event loop), turn the outcome into messages in the
page's language, and navigate.
"""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import long_date, t
from ehcna_portal.models import TwoStepMethod
from ehcna_portal.offload import password_work
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.services import personal_data, sessions
from ehcna_portal.services.parent_accounts import CodeKind, LinkResult, SignInKind
from ehcna_portal.services.rate_limits import TooManyAttempts
from ehcna_portal.services.validation import clean, email_error, password_error
from ehcna_portal.settings import get_settings
from ehcna_portal.state.address_finder import AddressFinderMixin
from ehcna_portal.state.children import children_list
from ehcna_portal.state.form import FormMixin, title_error_prefix
from ehcna_portal.state.guards import language_of, off_loop, public, typed
from ehcna_portal.state.session import (
    backend_base,
    caller,
    for_parent,
    go_to_handoff,
    go_to_sign_out,
    parent_only,
    session_of,
)

SIGN_IN_REASONS = frozenset({"confirmed", "signed_out", "timeout", "expired", "two_step_changed",
                             "password_changed", "details_changed", "email_changed"})


ADDRESS_FIELDS = frozenset({"postcode", "uprn", "address_line_1", "address_line_2", "town"})
# The order of the fields on the page, which the error summary follows.
REGISTER_FIELD_ORDER = ("email", "confirm_email", "password", "title", "forename", "surname", "gender", "postcode",
                        "uprn", "address_line_1", "address_line_2", "town", "home_phone", "mobile_phone", "work_phone")


def _client(state: rx.State) -> tuple[str, str]:
    return state.router.session.client_ip or "", state.router.headers.user_agent or ""


def _next_from_query(state: rx.State) -> str:
    """Where ``?next=`` asks to go after signing in: a same-site page, never a route or sign-in page itself."""
    wanted = sessions.safe_next(str(state.router.url.query_parameters.get("next", "")))
    return wanted if wanted != "/" and not wanted.startswith(routes.NOT_NEXT) else ""


def _link_from_path(state: rx.State) -> str:
    """The token at the end of /Account/CompleteRegistration/<token>."""
    return clean(state.router.url.path.rstrip("/").rsplit("/", 1)[-1])[:100]


def _page(state: rx.State, route: str, **query: object) -> str:
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
        ip, _agent = _client(self)
        await password_work(accounts.register, get_engine(), get_settings(), registration.values, ip=ip, lang=lang)
        self._reset_finder()
        return rx.redirect(_page(self, routes.REGISTER_CHECK_EMAIL))


class CompleteRegistrationState(rx.State):
    """The link in the confirmation email: /Account/CompleteRegistration/<link>."""

    outcome: str = ""
    resent: bool = False

    @rx.event
    @public
    async def confirm(self):
        link = _link_from_path(self)
        self.resent = False
        self.outcome = (await off_loop(accounts.complete_registration, link)).value
        if self.outcome == LinkResult.CONFIRMED:
            return rx.redirect(_page(self, routes.SIGN_IN, reason="confirmed"))
        return None

    @rx.event
    @public
    async def resend(self):
        ip, _agent = _client(self)
        await off_loop(accounts.resend_verification, token=_link_from_path(self), ip=ip, settings=True)
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
        self._next = _next_from_query(self)

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
        ip, agent = _client(self)
        result = await accounts.sign_in_after_wait(get_engine(), get_settings(), email, password, ip=ip,
                                                   user_agent=agent, next_path=self._next,
                                                   default_next=_page(self, routes.ACCOUNT),
                                                   code_page=_page(self, routes.SIGN_IN_CODE))
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
        ip, _agent = _client(self)
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
            return rx.redirect(_page(self, routes.SIGN_IN))
        if view.signed_in:
            return rx.redirect(_page(self, routes.ACCOUNT))
        self.method = view.two_step_method
        return None

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        view = await session_of(self)
        if view is None or view.signed_in:
            return rx.redirect(_page(self, routes.SIGN_IN))
        code = clean(form_data.get("code"))
        if not code:
            return self._show_errors({"code": f"error.code.empty_{self.method or 'email'}"}, lang)
        ip, _agent = _client(self)
        next_path = _next_from_query(self) or _page(self, routes.EHC)
        outcome = await accounts.second_factor_after_wait(get_engine(), get_settings(), view.session_id, view.email,
                                                          code, ip=ip, next_path=next_path)
        if outcome.kind == CodeKind.OK:
            self._clear_errors()
            return go_to_handoff(self, outcome.handoff)
        if outcome.kind == CodeKind.NO_SESSION:
            return rx.redirect(_page(self, routes.SIGN_IN))
        return self._show_errors({"code": f"error.code.{outcome.kind.value}"}, lang)

    @rx.event
    @public
    async def resend(self):
        view = await session_of(self)
        if view is None or view.signed_in:
            return rx.redirect(_page(self, routes.SIGN_IN))
        ip, _agent = _client(self)
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


class TwoStepSettingsState(FormMixin, rx.State):
    """My account › Two step verification (seed 1.1.5), with the authenticator app as a second choice."""

    current_method: str = ""
    setup_qr: str = ""
    setup_key: str = ""
    recovery_codes: list[str] = []

    @rx.event
    @parent_only()
    async def load(self):
        self._clear_errors()
        self.setup_qr = self.setup_key = ""
        self.recovery_codes = []
        self.current_method = caller().two_step_method

    @rx.event
    @parent_only()
    async def save(self, form_data: dict):
        lang = language_of(self)
        method = clean(form_data.get("method"))
        if method not in (TwoStepMethod.EMAIL, TwoStepMethod.APP):
            return self._show_errors({"method": "error.two_step.method_empty"}, lang)
        self._clear_errors()
        if method == TwoStepMethod.EMAIL:
            await for_parent(accounts.choose_email_two_step)
            return go_to_sign_out(self, "two_step_changed")
        secret, qr = await for_parent(accounts.begin_app_setup, settings=True)
        self.setup_key = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
        self.setup_qr = qr
        return None

    @rx.event
    @parent_only()
    async def confirm_app(self, form_data: dict):
        lang = language_of(self)
        code = clean(form_data.get("code"))
        if not code:
            return self._show_errors({"code": "error.code.empty_app"}, lang)
        codes = await for_parent(accounts.confirm_app_setup, code, settings=True)
        if codes is None:
            return self._show_errors({"code": "error.code.wrong"}, lang)
        self._clear_errors()
        self.setup_qr = self.setup_key = ""
        self.recovery_codes = codes
        return None

    @rx.event
    @public
    def finish(self):
        """After the recovery codes: the change has already signed the parent out everywhere."""
        self.recovery_codes = []
        return go_to_sign_out(self, "two_step_changed")


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
        ip, _agent = _client(self)
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
        self.link_state = (await off_loop(accounts.check_reset_link, _link_from_path(self))).value

    @rx.event
    @public
    async def submit(self, form_data: dict):
        lang = language_of(self)
        password = typed(form_data, "password")
        error = password_error(password)
        if error:
            return self._show_errors({"password": error}, lang)
        ip, _agent = _client(self)
        result = await password_work(accounts.reset_password, get_engine(), get_settings(),
                                         _link_from_path(self), password, ip=ip)
        if result != LinkResult.CONFIRMED:
            self.link_state = result.value
            return None
        return rx.redirect(_page(self, routes.SIGN_IN, reason="password_changed"))


class ChangePasswordState(FormMixin, rx.State):
    """My account › Change password."""

    @rx.event
    @parent_only()
    async def load(self):
        self._clear_errors()

    @rx.event
    @parent_only()
    async def submit(self, form_data: dict):
        lang = language_of(self)
        current, new = typed(form_data, "current_password"), typed(form_data, "password")
        keys: dict[str, str] = {}
        if not current:
            keys["current_password"] = "error.current_password.empty"  # nosec B105 # a message catalog key, not a password
        new_error = password_error(new, email=caller().email)
        if new_error:
            keys["password"] = new_error
        if keys:
            return self._show_errors(keys, lang)
        ip, _agent = _client(self)
        try:
            changed = await accounts.reauthenticated(get_engine(), caller().email, ip, accounts.change_password,
                                                     get_engine(), get_settings(), caller().parent_id, current, new,
                                                     ip=ip)
        except TooManyAttempts:
            return self._show_errors({"current_password": "error.current_password.locked"}, lang)  # nosec B105 # a message catalog key, not a password
        if not changed:
            return self._show_errors({"current_password": "error.current_password.wrong"}, lang)  # nosec B105 # a message catalog key, not a password
        return go_to_sign_out(self, "password_changed")


class MyAccountState(FormMixin, AddressFinderMixin, rx.State):
    """My account (seed 1.1.5): the parent's details, and forms to change them."""

    details: dict[str, str] = {}
    # "Your data": the download and deletion need two-step verification, like everything about the children.
    two_step_verified: bool = False
    download_href: str = ""

    @rx.event
    @parent_only()
    async def load(self):
        self._clear_errors()
        self._reset_finder()
        details = await for_parent(accounts.account_details)
        self.details = details
        self.postcode = details.get("postcode", "")
        self.two_step_verified = caller().two_step_verified
        self.download_href = backend_base(self) + routes.personal_data(language_of(self))

    async def _save(self, form_data: dict, section: str, extra: dict[str, str] | None = None):
        lang = language_of(self)
        checked = accounts.validate_section({**form_data, **(extra or {})}, section)
        if checked.errors:
            return self._show_errors(checked.errors, lang)
        await for_parent(accounts.update_section, checked.values, section)
        return go_to_sign_out(self, "details_changed")

    @rx.event
    @parent_only()
    async def save_personal(self, form_data: dict):
        return await self._save(form_data, "personal")

    @rx.event
    @parent_only()
    async def save_circumstances(self, form_data: dict):
        address, address_errors = self._address_answers(form_data)
        if address_errors:
            return self._show_errors(address_errors, language_of(self))
        return await self._save(form_data, "circumstances", address)

    @rx.event
    @parent_only()
    async def change_email(self, form_data: dict):
        lang = language_of(self)
        new_email = clean(form_data.get("email")).lower()
        password = typed(form_data, "password")
        keys: dict[str, str] = {}
        error = email_error(new_email)
        if error:
            keys["email"] = error
        elif new_email == caller().email:
            keys["email"] = "error.email.same"
        if not password:
            keys["password"] = "error.current_password.empty"  # nosec B105 # a message catalog key, not a password
        if keys:
            return self._show_errors(keys, lang)
        ip, _agent = _client(self)
        try:
            sent = await accounts.reauthenticated(get_engine(), caller().email, ip, accounts.request_email_change,
                                                  get_engine(), get_settings(), caller().parent_id, new_email,
                                                  password, ip=ip)
        except TooManyAttempts:
            return self._show_errors({"password": "error.current_password.locked"}, lang)  # nosec B105 # a message catalog key, not a password
        if not sent:
            return self._show_errors({"password": "error.current_password.wrong"}, lang)  # nosec B105 # a message catalog key, not a password
        return rx.redirect(_page(self, routes.ACCOUNT_EMAIL_SENT))


class DeleteAccountState(FormMixin, rx.State):
    """My account › Delete your account: what goes and what the council keeps, then the password to confirm."""

    ready: bool = False
    unsent: list[str] = []  # the child each unsent application is about
    children: list[str] = []  # children deleted (no request sent about them)
    kept: list[str] = []  # sent requests kept, in words
    download_href: str = ""

    @rx.event
    @parent_only(two_step=True)
    async def load(self):
        self._clear_errors()
        lang = language_of(self)
        preview = await for_parent(personal_data.deletion_preview, settings=True)
        self.unsent = preview.unsent
        self.children = preview.children
        self.kept = [t("delete_account.kept_item", lang, reference=request.reference, child=request.child_name,
                       date=long_date(request.kept_until, lang)) for request in preview.kept]
        self.download_href = backend_base(self) + routes.personal_data(lang)
        self.ready = True

    @rx.event
    @parent_only(two_step=True)
    async def submit(self, form_data: dict):
        lang = language_of(self)
        password = typed(form_data, "password")
        if not password:
            return self._show_errors({"password": "error.current_password.empty"}, lang)  # nosec B105 # a message catalog key, not a password
        ip, _agent = _client(self)
        try:
            result = await accounts.reauthenticated(get_engine(), caller().email, ip, personal_data.delete_account,
                                                    get_engine(), get_settings(), caller().parent_id, password, ip=ip)
        except TooManyAttempts:
            return self._show_errors({"password": "error.current_password.locked"}, lang)  # nosec B105 # a message catalog key, not a password
        if result is None:
            return self._show_errors({"password": "error.current_password.wrong"}, lang)  # nosec B105 # a message catalog key, not a password
        self._clear_errors()
        return go_to_sign_out(self, "account_closed" if result.closed else "account_deleted")


class AccountDeletedState(rx.State):
    """The page after deletion (signed out by then): whether sent requests were kept."""

    kept: bool = False

    @rx.event
    @public
    def load(self):
        self.kept = self.router.url.query_parameters.get("kept") == "1"


class ConfirmNewEmailState(rx.State):
    """The link sent to a new email address."""

    outcome: str = ""

    @rx.event
    @public
    async def confirm(self):
        self.outcome = (await off_loop(accounts.confirm_email_change, _link_from_path(self))).value
        if self.outcome == LinkResult.CONFIRMED:
            return go_to_sign_out(self, "email_changed")
        return None
