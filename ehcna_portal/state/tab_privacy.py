"""A tab's state holds nothing personal once no live session stands behind it (security.md §0 item 12).

Reflex keeps each tab's state for an hour and hands all of it to whoever sends ``hydrate`` with the tab's
token — a token the browser made up with ``Math.random`` and sends in the websocket's address. Sign-out,
the idle timeout and revocation end the *session*, not that state. So:

* every ``hydrate`` (each websocket (re)connection sends one) first asks who is behind the cookies now;
  when nobody is, or somebody else than when the state was filled, every state of the portal is put back
  to its defaults before Reflex sends the snapshot (:class:`TabPrivacy`, an app middleware);
* every guard that finds no live session does the same to the states it has loaded (``guards.forget``).

A tab token alone therefore reads back nothing but defaults, whoever holds it.
"""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import BaseState, State
from reflex_base.constants import CompileVars
from reflex_base.event import Event
from reflex_base.utils.format import format_event_handler

from ehcna_portal.state import guards, session, staff_session

if TYPE_CHECKING:
    from reflex.app import App


class TabOwnerState(rx.State):
    """Who the tab's states were filled for ("parent:12:signed_in:2sv", "staff:3:signed_in", "" for nobody)."""

    _owner: str = ""


def owner_of(cookie_header: str) -> str:
    """The live sessions behind a request's cookies, as one string (a change of any part is a new owner)."""
    parent = session.lookup_cookie(cookie_header)
    member = staff_session.lookup_cookie(cookie_header)
    parts = [f"parent:{parent.parent_id}:{parent.stage}:{'2sv' if parent.two_step_verified else '1sv'}"
             if parent else "", f"staff:{member.staff_id}:{member.stage}" if member else ""]
    return "|".join(part for part in parts if part)


@functools.cache
def _hydrate_events() -> frozenset[str]:
    return frozenset(format_event_handler(State.event_handlers[name])
                     for name in (CompileVars.HYDRATE, CompileVars.HYDRATE_AND_LOAD))


class TabPrivacy(Middleware):
    """Before Reflex answers a ``hydrate`` with the whole state, empty it unless the same live sessions
    that filled it are still behind this connection's cookies."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> Any:
        if event.name not in _hydrate_events():
            return None
        owner = await asyncio.to_thread(owner_of, state.router.headers.cookie)
        holder = await state.get_state(TabOwnerState)
        if not owner or holder._owner != owner:
            guards.forget(state)
        holder._owner = owner
        return None
