"""Staff sign-in (password, then an authenticator app) and the guard every staff handler wears.

The staff cookie is a different cookie from the parents', for sessions in a different table, so a parent's
session never opens anything on the staff side; ``staff_only`` reads it on every event.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from ehcna_portal import routes
from ehcna_portal.api.session_routes import session_token_from_cookie_header
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.components.scripts import run_js
from ehcna_portal.db import get_engine
from ehcna_portal.services import (
    staff_auth,
)
from ehcna_portal.services.staff_auth import StaffView
from ehcna_portal.services.validation import clean
from ehcna_portal.settings import get_settings
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import Gate, Refusal, forget, guarded, off_loop, public
from ehcna_portal.state.session import backend_base

_STAFF: contextvars.ContextVar[StaffView] = contextvars.ContextVar("staff")


def staff() -> StaffView:
    """The signed-in staff member of the handler running now (set by ``staff_only``)."""
    return _STAFF.get()


def lookup_cookie(cookie_header: str) -> StaffView | None:
    """The live staff session behind a request's cookies (a database query: call from a thread)."""
    settings = get_settings()
    token = session_token_from_cookie_header(cookie_header, settings, name=staff_cookie_name(settings))
    with Session(get_engine()) as db:
        return staff_auth.lookup(db, token)


MANAGERS = ("manager", "admin")


class StaffNavState(rx.State):
    """The signed-in staff member's role, so the navigation offers only the pages they may open."""

    role: str = ""


async def _staff_session(state: rx.State) -> StaffView | None:
    return await asyncio.to_thread(lookup_cookie, state.router.headers.cookie)


def _staff_actor(view: StaffView | None) -> str:
    return f"staff:{view.staff_id}" if view else "anonymous"


async def _show_role(state: rx.State, view: StaffView) -> None:
    nav = await state.get_state(StaffNavState)
    nav.role = view.role


def _staff_refusal(stage: str, roles: tuple[str, ...]) -> Callable[[rx.State, StaffView | None], Refusal | None]:
    def refuse(_state: rx.State, view: StaffView | None) -> Refusal | None:
        if view is None or view.stage != stage:
            return Refusal("no_session", rx.redirect(routes.STAFF_SIGN_IN), forget=True)
        if roles and view.role not in roles:
            return Refusal("wrong_role", rx.redirect(routes.STAFF_QUEUE))
        return None
    return refuse


def staff_only(*, stage: str = staff_auth.SIGNED_IN, roles: tuple[str, ...] = ()) -> Callable[[Callable], Callable]:
    """Guard a handler: it runs only for a staff session at ``stage`` (fully signed in by default),
    and, if ``roles`` are given, only for those roles (others go back to the queue)."""
    return guarded(Gate("staff", _staff_session, _staff_refusal(stage, roles), _staff_actor, _STAFF, _show_role))


def _navigate(state: rx.State, path: str) -> Any:
    """A full navigation to one of our HTTP routes (the cookie is set or cleared there)."""
    return run_js("url => window.location.assign(url)", backend_base(state) + path)


def field(form_data: dict, name: str) -> str:
    """One answer of a submitted form, cleaned (the guard has already refused anything but a form's dict)."""
    return clean(form_data.get(name))




class StaffSignInState(FormMixin, rx.State):
    """Staff sign in: email address and password, then the authenticator code."""

    reason: str = ""

    @rx.event
    @public
    def load(self):
        self._clear_errors()
        reason = self.router.url.query_parameters.get("reason", "")
        self.reason = reason if reason in ("expired", "signed_out") else ""

    @rx.event
    @public
    async def submit(self, form_data: dict):
        email, password = field(form_data, "email").lower(), form_data.get("password", "")
        keys = {name: f"error.sign_in.{name}_empty" for name, value in (("email", email), ("password", password))
                if not value}
        if keys:
            return self._show_errors(keys, "en")
        result = await staff_auth.sign_in_after_wait(get_engine(), email, str(password),
                                                     ip=self.router.session.client_ip or "")
        if not result.ok:
            return self._show_errors({"email": "error.sign_in.locked" if result.locked else "error.sign_in.wrong"},
                                     "en")
        self._clear_errors()
        return _navigate(self, routes.with_query(routes.STAFF_SESSION_START, n=result.handoff))

    @rx.event
    @public
    def sign_out(self):
        forget(self)  # nothing of the caseworker's pages stays in this tab
        return _navigate(self, routes.STAFF_SESSION_END)


class StaffTwoStepState(FormMixin, rx.State):
    """The authenticator code; at the first sign-in, setting the app up with a QR code first."""

    setting_up: bool = False
    qr_code: str = ""
    manual_key: str = ""

    @rx.event
    @staff_only(stage=staff_auth.AWAITING_APP)
    async def load(self):
        self._clear_errors()
        view = staff()
        self.setting_up = not view.has_authenticator
        self.qr_code = self.manual_key = ""
        if self.setting_up:
            setup = await off_loop(staff_auth.begin_setup, view.session_id, settings=True)
            if setup is not None:
                self.qr_code = setup.qr_code
                self.manual_key = " ".join(setup.secret[i:i + 4] for i in range(0, len(setup.secret), 4))

    @rx.event
    @staff_only(stage=staff_auth.AWAITING_APP)
    async def submit(self, form_data: dict):
        code = field(form_data, "code").replace(" ", "")
        if not code:
            return self._show_errors({"code": "error.staff.code_empty"}, "en")
        nonce = await staff_auth.verify_code_after_wait(get_engine(), get_settings(), staff(), code,
                                                        ip=self.router.session.client_ip or "")
        if nonce is None:
            return self._show_errors({"code": "error.staff.code_wrong"}, "en")
        return _navigate(self, routes.with_query(routes.STAFF_SESSION_START, n=nonce))
