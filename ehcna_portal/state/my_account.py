"""My account (seed 1.1.3): personal details and circumstances, email address, password, two-step verification,
deleting the account — every change revokes all the parent's sessions."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import long_date, t
from ehcna_portal.models import TwoStepMethod
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.services import personal_data
from ehcna_portal.services.parent_accounts import LinkResult
from ehcna_portal.services.rate_limits import TooManyAttempts
from ehcna_portal.services.validation import clean, email_error, password_error
from ehcna_portal.settings import get_settings
from ehcna_portal.state.accounts import client_of, link_from_path, page_path
from ehcna_portal.state.address_finder import AddressFinderMixin
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import language_of, off_loop, public, typed
from ehcna_portal.state.session import (
    backend_base,
    caller,
    for_parent,
    go_to_sign_out,
    parent_only,
)


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
        ip, _agent = client_of(self)
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
        ip, _agent = client_of(self)
        try:
            sent = await accounts.reauthenticated(get_engine(), caller().email, ip, accounts.request_email_change,
                                                  get_engine(), get_settings(), caller().parent_id, new_email,
                                                  password, ip=ip)
        except TooManyAttempts:
            return self._show_errors({"password": "error.current_password.locked"}, lang)  # nosec B105 # a message catalog key, not a password
        if not sent:
            return self._show_errors({"password": "error.current_password.wrong"}, lang)  # nosec B105 # a message catalog key, not a password
        return rx.redirect(page_path(self, routes.ACCOUNT_EMAIL_SENT))


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
        ip, _agent = client_of(self)
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
        self.outcome = (await off_loop(accounts.confirm_email_change, link_from_path(self))).value
        if self.outcome == LinkResult.CONFIRMED:
            return go_to_sign_out(self, "email_changed")
        return None
