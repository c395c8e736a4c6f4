"""Who is calling: the session behind this websocket, checked again on every protected event.

The browser's session cookie is HttpOnly; it reaches the backend in the
websocket handshake, and Reflex keeps the ``Cookie`` header server-side only.
``parent_only`` wraps each protected handler: no live session, no call — the
browser is sent to the sign-in page and nothing else runs.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import reflex as rx
from sqlmodel import Session

from ehcna_portal import routes
from ehcna_portal.api.language_routes import LANGUAGE_COOKIE
from ehcna_portal.api.session_routes import session_token_from_cookie_header
from ehcna_portal.components.scripts import run_js
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, switch_path
from ehcna_portal.routes import has_welsh
from ehcna_portal.services import sessions
from ehcna_portal.services.sessions import SessionView
from ehcna_portal.settings import LOOPBACK_HOSTS, get_settings
from ehcna_portal.state.guards import Gate, Refusal, forget, guarded, language_of, off_loop, public

_CALLER: contextvars.ContextVar[SessionView] = contextvars.ContextVar("caller")
T = TypeVar("T")


def caller() -> SessionView:
    """The signed-in parent of the handler running now (set by ``parent_only``)."""
    return _CALLER.get()


async def for_parent(service: Callable[..., T], *args: Any, settings: bool = False, **kwargs: Any) -> T:
    """``service(engine, [settings,] parent_id, *args)`` off the event loop, for the parent whose handler is
    running: every service that reads a family's data takes the parent's id and finds nothing of another's."""
    return await off_loop(service, caller().parent_id, *args, settings=settings, **kwargs)


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


def _parent_refusal(two_step: bool) -> Callable[[rx.State, SessionView | None], Refusal | None]:
    def refuse(state: rx.State, view: SessionView | None) -> Refusal | None:
        if view is None or not view.signed_in:
            return Refusal("no_session", sign_in_redirect(state), forget=True)
        if two_step and not view.two_step_verified:
            return Refusal("needs_two_step", rx.redirect(routes.ehc(language_of(state))))
        return None
    return refuse


def _parent_actor(view: SessionView | None) -> str:
    return f"parent:{view.parent_id}" if view else "anonymous"


_SIGNED_IN = Gate("parent", session_of, _parent_refusal(two_step=False), _parent_actor, _CALLER)
_TWO_STEP = Gate("two_step", session_of, _parent_refusal(two_step=True), _parent_actor, _CALLER)


def parent_only(*, two_step: bool = False) -> Callable[[Callable], Callable]:
    """Guard an async event handler: it runs only for a signed-in parent (with 2SV if asked)."""
    return guarded(_TWO_STEP if two_step else _SIGNED_IN)


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
