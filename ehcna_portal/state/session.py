"""Who is calling: the session behind this websocket, checked again on every protected event.

The browser's session cookie is HttpOnly; it reaches the backend in the
websocket handshake, and Reflex keeps the ``Cookie`` header server-side only.
``parent_only`` wraps each protected handler: no live session, no call — the
browser is sent to the sign-in page and nothing else runs.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import logging
import typing
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import reflex as rx
from reflex_base.event import EventHandler
from reflex_base.registry import RegistrationContext
from sqlmodel import Session

from ehcna_portal import logs, routes
from ehcna_portal.api.language_routes import LANGUAGE_COOKIE
from ehcna_portal.api.session_routes import session_token_from_cookie_header
from ehcna_portal.components.scripts import run_js
from ehcna_portal.db import UNAVAILABLE, get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, as_language, language_of_path, switch_path, t
from ehcna_portal.routes import has_welsh
from ehcna_portal.services import sessions
from ehcna_portal.services.sessions import SessionView
from ehcna_portal.settings import LOOPBACK_HOSTS, get_settings
from ehcna_portal.state.form import SERVICE_PROBLEM, FormMixin

_CALLER: contextvars.ContextVar[SessionView] = contextvars.ContextVar("caller")
_LOADING_PAGE: contextvars.ContextVar[bool] = contextvars.ContextVar("loading_page", default=False)
PROTECTED_MARK = "_ehcna_protection"
OUTAGE_MARK = "_ehcna_outage_safe"
PORTAL_PACKAGE = "ehcna_portal."
log = logging.getLogger(__name__)
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any, expected: Any) -> bool:
    """Is ``value`` what a browser form would send for a parameter declared as ``expected``?"""
    if expected is dict:
        return isinstance(value, dict) and all(
            isinstance(key, str) and (isinstance(item, _SCALARS) or (
                isinstance(item, list) and all(isinstance(part, _SCALARS) for part in item)))
            for key, item in value.items())
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is str:
        return isinstance(value, str)
    return True


@functools.cache
def _declared(handler: Callable) -> dict[str, Any]:
    hints = typing.get_type_hints(handler)
    return {name: hints.get(name) for name in list(inspect.signature(handler).parameters)[1:]}


def well_typed(handler: Callable, args: tuple, kwargs: dict) -> bool:
    """Reflex hands a handler the client's raw payload when it cannot convert it to the declared type
    (reflex.md §0), so a hostile client can send a list where a form's dict belongs: refuse such events."""
    declared = _declared(handler)
    given = dict(zip(declared, args, strict=False)) | kwargs
    if set(given) - set(declared):
        return False
    ok = all(_plain(value, declared[name]) for name, value in given.items())
    if not ok:
        log.warning("refused an event for %s: arguments of the wrong type", handler.__qualname__)
    return ok


def checked_arguments(handler: Callable) -> Callable:
    """Wrap ``handler`` (sync or async) so that events with wrongly typed arguments do nothing."""
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def checked_async(self: rx.State, *args: Any, **kwargs: Any):
            return await handler(self, *args, **kwargs) if well_typed(handler, args, kwargs) else None
        return checked_async

    @functools.wraps(handler)
    def checked(self: rx.State, *args: Any, **kwargs: Any):
        return handler(self, *args, **kwargs) if well_typed(handler, args, kwargs) else None
    return checked


def _service_problem(state: rx.State, handler: Callable, error: Exception) -> Any:
    """The database was locked, too slow or unreachable. Each service call is one transaction, so
    nothing of this event was written: say so in the page's error summary (what was typed stays in the
    form) and let the parent try again. A page without a form gets the same words in an alert."""
    log.warning("database unavailable during %s, nothing saved: %s", handler.__qualname__, error)
    lang = language_of(state)
    if isinstance(state, FormMixin):
        return state._show_service_problem(lang)
    return rx.window_alert(t(SERVICE_PROBLEM, lang))


def outage_safe(handler: Callable) -> Callable:
    """Wrap a handler (sync or async) so that a database outage is told to the user, not raised:
    every guard (``parent_only``, ``public``, ``staff_only``) applies it, so every handler has it."""
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def safe_async(self: rx.State, *args: Any, **kwargs: Any):
            try:
                return await handler(self, *args, **kwargs)
            except UNAVAILABLE as error:
                return _service_problem(self, handler, error)
        setattr(safe_async, OUTAGE_MARK, True)
        return safe_async

    @functools.wraps(handler)
    def safe(self: rx.State, *args: Any, **kwargs: Any):
        try:
            return handler(self, *args, **kwargs)
        except UNAVAILABLE as error:
            return _service_problem(self, handler, error)
    setattr(safe, OUTAGE_MARK, True)
    return safe


async def load_forgotten_page(state: rx.State, handler: Callable) -> list[Any]:
    """Load the page for ``state`` first, if Reflex has forgotten this tab.

    When Redis was restarted or emptied, or a tab's state expired, Reflex builds a blank state just
    before this event. It queues the page's on_load to run *after* the event (``_rehydrate`` in
    reflex_base/event/processor/base_state_processor.py), so until then the root's ``is_hydrated`` is
    false. A handler run on that blank state would save nothing, or the wrong thing. So this state's
    on_load for the page runs first, from the database, and the handler then acts on the page the parent
    sees. Every guard calls this. It returns what the loading asked of the browser."""
    if _LOADING_PAGE.get() or state._get_root_state().is_hydrated:
        return []
    loads = [event for event in RegistrationContext.get().app.get_load_events(state.router.url.path)
             if isinstance(event, EventHandler) and event.state is type(state)]
    if not loads or any(load.fn.__name__ == handler.__name__ for load in loads):
        return []  # no loading of its own here, or this is it (on_load runs before hydration is done)
    log.warning("a tab's state was lost (state store restarted or expired): %s loaded again from the database",
                type(state).__name__)
    flag = _LOADING_PAGE.set(True)
    try:
        done = []
        for load in loads:
            outcome = load.fn(state)
            done.append(await outcome if inspect.isawaitable(outcome) else outcome)
        return done
    finally:
        _LOADING_PAGE.reset(flag)


def after_loading(loaded: list[Any], outcome: Any) -> Any:
    """The browser actions of the page's loading, then the handler's own (None when there are none)."""
    if not loaded:
        return outcome
    actions = [action for part in (*loaded, outcome) if part is not None
               for action in (part if isinstance(part, list | tuple) else [part])]
    return actions or None


def caller() -> SessionView:
    """The signed-in parent of the handler running now (set by ``parent_only``)."""
    return _CALLER.get()


def lookup_cookie(cookie_header: str) -> SessionView | None:
    """The live parent session behind a request's cookies (a database query: call from a thread)."""
    token = session_token_from_cookie_header(cookie_header, get_settings())
    if not token:
        return None
    with Session(get_engine()) as db:
        return sessions.lookup(db, token)


async def session_of(state: rx.State) -> SessionView | None:
    """The live session for the socket this event came in on (one indexed query, off the loop)."""
    return await asyncio.to_thread(lookup_cookie, state.router.headers.cookie)


def language_of(state: rx.State) -> Language:
    return language_of_path(state.router.url.path)


def sign_in_redirect(state: rx.State) -> Any:
    """To the sign-in page, which brings the parent back here afterwards."""
    return rx.redirect(routes.sign_in(language_of(state), next=state.router.url.path or "/"))


def backend_base(state: rx.State) -> str:
    """Where the browser reaches our HTTP routes: the page's own origin in production (one port);
    in development the backend listens on its own port, the one this websocket is connected to."""
    settings = get_settings()
    if settings.is_prod:
        return ""
    host = state.router.headers.host
    hostname = host.rsplit(":", 1)[0].strip("[]")
    if hostname in LOOPBACK_HOSTS or hostname == urlsplit(settings.public_url).hostname:
        return f"//{host}"
    return ""


def _navigate(url: str) -> Any:
    """A full page navigation (a client-side route change would not reach a backend route)."""
    return run_js("url => window.location.assign(url)", url)


def go_to_handoff(state: rx.State, nonce: str) -> Any:
    """To the route that turns a handoff nonce into the session cookie."""
    return _navigate(backend_base(state) + routes.with_query(routes.SESSION_START, n=nonce))


def go_to_sign_out(state: rx.State, reason: str = "") -> Any:
    """To the route that ends the session; this tab's states are emptied first (see ``forget``)."""
    target = backend_base(state) + routes.session_end(language_of(state), reason)
    forget(state)
    return _navigate(target)


def remembered_language_redirect(state: rx.State, view: SessionView | None) -> Any:
    """Open the page in the language the parent chose before, if it is not this one.

    The ``ehcna_lang`` cookie (this device's choice) wins; a parent signing in on a device without it
    gets their account's preferred language, through the switch route so the cookie is set too."""
    here = language_of(state)
    url = state.router.url
    page = url.path or "/"
    if not has_welsh(switch_path(page, DEFAULT_LANGUAGE)):
        return None
    full = page + (f"?{url.query}" if url.query else "")
    chosen = as_language(session_token_from_cookie_header(state.router.headers.cookie, get_settings(),
                                                          name=LANGUAGE_COOKIE))
    if chosen:
        return rx.redirect(switch_path(full, chosen)) if chosen != here else None
    preferred = as_language(view.preferred_language) if view else None  # known once the password is right
    if preferred and preferred != here:
        return _navigate(backend_base(state) + routes.language_switch(preferred, full))
    return None


def forget(state: rx.State) -> None:
    """Put every loaded state of the portal in this tab back to its defaults, backend vars too: called when
    no live session stands behind the tab (a guard refusing, a hydrate without the owner's cookie), so a
    tab token alone reads back nothing personal (security.md §0 item 12; state/tab_privacy.py)."""
    root = state._get_root_state()
    for substate in list(root.substates.values()):
        if type(substate).__module__.startswith(PORTAL_PACKAGE):
            substate.reset()


def parent_only(*, two_step: bool = False) -> Callable:
    """Guard an async event handler: it runs only for a signed-in parent (with 2SV if asked)."""

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        async def guarded(self: rx.State, *args: Any, **kwargs: Any):
            view = await session_of(self)
            if view is None or not view.signed_in or (two_step and not view.two_step_verified):
                logs.audit("handler.denied", actor=f"parent:{view.parent_id}" if view else "anonymous",
                           object=handler.__qualname__, result="needs_two_step" if view and view.signed_in
                           else "no_session", ip=self.router.session.client_ip or "")
            if view is None or not view.signed_in:
                forget(self)
                return sign_in_redirect(self)
            if two_step and not view.two_step_verified:
                return rx.redirect(routes.ehc(language_of(self)))
            if not well_typed(handler, args, kwargs):
                return None
            reset = _CALLER.set(view)
            try:
                loaded = await load_forgotten_page(self, handler)
                return after_loading(loaded, await handler(self, *args, **kwargs))
            finally:
                _CALLER.reset(reset)

        safe = outage_safe(guarded)
        setattr(safe, PROTECTED_MARK, "two_step" if two_step else "parent")
        return safe

    return decorate


def public(handler: Callable) -> Callable:
    """Mark a handler that anyone may call (sign in, register…): it must check its own input,
    and is never run with wrongly typed arguments."""
    checked = outage_safe(checked_arguments(handler))
    setattr(checked, PROTECTED_MARK, "public")
    return checked


class SessionState(rx.State):
    """What every page shows about the signed-in parent (header links); nothing secret."""

    signed_in: bool = False
    two_step_verified: bool = False
    display_name: str = ""
    backend_base: str = ""  # where the inactivity timer sends keep-alives (see backend_base())
    welsh_not_found: bool = False

    @rx.event
    @public
    async def load(self):
        """Refresh from the database on every page load; a dead session clears everything."""
        view = await session_of(self)
        self.signed_in = bool(view and view.signed_in)
        self.two_step_verified = bool(view and view.two_step_verified)
        self.display_name = view.display_name if view and view.signed_in else ""
        self.backend_base = backend_base(self)
        return remembered_language_redirect(self, view)

    @rx.event
    @public
    def not_found(self):
        """The one "page not found" page serves both languages: Welsh for an address under /cy."""
        self.welsh_not_found = language_of(self) == "cy"

    @rx.event
    @parent_only()
    async def require_signed_in(self):
        """on_load guard for pages that only show the caller's own details."""

    @rx.event
    @public
    def sign_out(self):
        return go_to_sign_out(self)
