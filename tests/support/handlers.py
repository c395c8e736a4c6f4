"""Every event handler of every portal state, found by walking Reflex's state tree.

Tests use this instead of a hand-kept list, so a handler added tomorrow is attacked tomorrow."""

from __future__ import annotations

import reflex as rx

import ehcna_portal.ehcna_portal  # noqa: F401  (registers every state, as the running app does)

FRAMEWORK_HANDLERS = {"setvar"}  # Reflex's own; it only calls set_<var> handlers, which are checked too
DEV_STATES = {"DevMailboxState", "DevComponentsState"}  # never registered in production (test_app_assembly)


def portal_states() -> list[type[rx.State]]:
    """In name order: the same order in every process (pytest-xdist's workers must collect alike)."""
    found, stack = [], [rx.State]
    while stack:
        state = stack.pop()
        stack.extend(state.get_substates())
        if state.__module__.startswith("ehcna_portal."):
            found.append(state)
    return sorted(found, key=lambda state: state.get_full_name())


def handlers() -> list[tuple[type[rx.State], str, object]]:
    """(state, handler name, function) for every handler a client can name."""
    return [(state, name, handler.fn) for state in portal_states()
            for name, handler in sorted(state.event_handlers.items()) if name not in FRAMEWORK_HANDLERS]


def state_at(state: type[rx.State], path: str, cookie: str = "") -> rx.State:
    """A fresh tab's ``state`` as Reflex hands it to an event sent from ``path`` with ``cookie``, already
    hydrated: handlers called on it run in this process, against this process's database."""
    root = rx.State()
    router_data = {"pathname": path, "asPath": path, "query": {}, "token": "test-tab", "sid": "test-socket",
                   "ip": "127.0.0.1", "headers": {"cookie": cookie, "host": "127.0.0.1:3000",
                                                  "origin": "http://127.0.0.1:3000"}}
    root.router_data = root._update_router_vars(router_data, {})
    root.is_hydrated = True
    return root.get_substate(state.get_full_name().split(".")[1:])
