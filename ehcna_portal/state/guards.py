"""One guard for every kind of caller: a handler runs only for the caller its gate admits.

Every protected event handler is wrapped by ``guarded(gate)``: the gate finds who is calling (a parent's
session, a staff session, next an invitation link), says whether they are refused and where a refused
browser goes, and the guard does the rest the same way for all of them — audit the refusal, empty the tab's
states when no live session stands behind it, refuse wrongly typed arguments, load a forgotten page first,
tell the user about a database outage, and mark the handler for the handler-guard tests
(tests/unit/test_handler_guards.py, tests/browser/test_protocol_attacks.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import logging
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import reflex as rx
from reflex_base.event import EventHandler
from reflex_base.registry import RegistrationContext

from ehcna_portal import logs
from ehcna_portal.db import UNAVAILABLE, get_engine
from ehcna_portal.i18n import Language, language_of_path, t
from ehcna_portal.settings import get_settings
from ehcna_portal.state.form import SERVICE_PROBLEM, FormMixin

_LOADING_PAGE: contextvars.ContextVar[bool] = contextvars.ContextVar("loading_page", default=False)
PROTECTED_MARK = "_ehcna_protection"
OUTAGE_MARK = "_ehcna_outage_safe"
PORTAL_PACKAGE = "ehcna_portal."
log = logging.getLogger(__name__)
_SCALARS = (str, int, float, bool, type(None))
Caller = TypeVar("Caller")
T = TypeVar("T")


def language_of(state: rx.State) -> Language:
    return language_of_path(state.router.url.path)


def typed(form_data: dict, name: str) -> str:
    """One answer exactly as typed (a password keeps its spaces); "" for a list of ticked boxes or nothing. The
    guard has already refused anything but a form's flat dict."""
    value = form_data.get(name)
    return value if isinstance(value, str) else ""


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


def forgotten(state: rx.State) -> bool:
    """Is this event running on a tab's state that Reflex rebuilt blank (Redis restarted or emptied, the state
    expired)? Then Reflex runs the page's on_load again after the event, for the address the event came from."""
    return not state._get_root_state().is_hydrated


async def load_forgotten_page(state: rx.State, handler: Callable) -> list[Any]:
    """Load the page for ``state`` first, if Reflex has forgotten this tab.

    When Redis was restarted or emptied, or a tab's state expired, Reflex builds a blank state just
    before this event. It queues the page's on_load to run *after* the event (``_rehydrate`` in
    reflex_base/event/processor/base_state_processor.py), so until then the root's ``is_hydrated`` is
    false. A handler run on that blank state would save nothing, or the wrong thing. So this state's
    on_load for the page runs first, from the database, and the handler then acts on the page the parent
    sees. Every guard calls this. It returns what the loading asked of the browser."""
    if _LOADING_PAGE.get() or not forgotten(state):
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


def forget(state: rx.State) -> None:
    """Put every loaded state of the portal in this tab back to its defaults, backend vars too: called when
    no live session stands behind the tab (a guard refusing, a hydrate without the owner's cookie), so a
    tab token alone reads back nothing personal (security.md §0 item 12; state/tab_privacy.py)."""
    root = state._get_root_state()
    for substate in list(root.substates.values()):
        if type(substate).__module__.startswith(PORTAL_PACKAGE):
            substate.reset()


def public(handler: Callable) -> Callable:
    """Mark a handler that anyone may call (sign in, register…): it must check its own input,
    and is never run with wrongly typed arguments."""
    checked = outage_safe(checked_arguments(handler))
    setattr(checked, PROTECTED_MARK, "public")
    return checked


@dataclass(frozen=True)
class Refusal:
    """Why a caller may not run a handler, and what their browser is told instead."""

    result: str  # for the audit log: no_session, needs_two_step, wrong_role…
    go: Any  # the redirect
    forget: bool = False  # no live session behind the tab: empty its states too


@dataclass(frozen=True)
class Gate(Generic[Caller]):
    """Who may call: how to find them (off the event loop), when to refuse them, how the audit log names
    them, where the handler reads them (``current``), and what to do once they are admitted."""

    mark: str  # the handler's PROTECTED_MARK: parent, two_step, staff…
    lookup: Callable[[rx.State], Awaitable[Caller | None]]
    refuse: Callable[[rx.State, Caller | None], Refusal | None]
    actor: Callable[[Caller | None], str]
    current: contextvars.ContextVar[Caller]
    admitted: Callable[[rx.State, Caller], Awaitable[None]] | None = None


def guarded(gate: Gate[Any]) -> Callable[[Callable], Callable]:
    """Wrap an async event handler so that it runs only for a caller ``gate`` admits."""

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        async def run(self: rx.State, *args: Any, **kwargs: Any):
            who = await gate.lookup(self)
            refusal = gate.refuse(self, who)
            if refusal is not None:
                logs.audit("handler.denied", actor=gate.actor(who), object=handler.__qualname__,
                           result=refusal.result, ip=self.router.session.client_ip or "")
                if refusal.forget:
                    forget(self)
                return refusal.go
            if not well_typed(handler, args, kwargs):
                return None
            if gate.admitted is not None:
                await gate.admitted(self, who)
            reset = gate.current.set(who)
            try:
                loaded = await load_forgotten_page(self, handler)
                return after_loading(loaded, await handler(self, *args, **kwargs))
            finally:
                gate.current.reset(reset)

        safe = outage_safe(run)
        setattr(safe, PROTECTED_MARK, gate.mark)
        return safe

    return decorate


async def off_loop(service: Callable[..., T], *args: Any, settings: bool = False, **kwargs: Any) -> T:
    """Run ``service(engine, [settings,] *args)`` in a thread: the database, bcrypt and SMTP never block the
    event loop, and no handler has to fetch the engine and settings itself."""
    lead = (get_engine(), get_settings()) if settings else (get_engine(),)
    return await asyncio.to_thread(service, *lead, *args, **kwargs)
