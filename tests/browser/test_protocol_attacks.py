"""The raw-protocol attack suite: every handler of every state, called the way a hostile client would.

Handlers are found by walking the state tree (tests/support/handlers.py), so a handler added
later is attacked too. Each attack runs over a real websocket against the served app, and
passes only if the server refused it: nothing of another family comes back, nothing in the
database changes, no stack trace reaches the client (and the backend logs no error, which the
autouse ``no_backend_errors`` fixture checks).
"""

from __future__ import annotations

import asyncio
import inspect
import re
import secrets

import pytest
import socketio
from reflex.state import State, UpdateVarsInternalState

from ehcna_portal.state.guards import PROTECTED_MARK
from tests.support.handlers import DEV_STATES, handlers, portal_states
from tests.support.protocol import (
    RawClient,
    Victim,
    changed_tables,
    database_rows,
    parent_cookie,
    parent_with_child,
    staff_cookie,
)
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker

pytestmark = pytest.mark.browser

ATTACKABLE = [(state, name, fn) for state, name, fn in handlers() if state.__name__ not in DEV_STATES]
STAFF_SIDE = [h for h in ATTACKABLE if getattr(h[2], PROTECTED_MARK) == "staff"]
PARENT_SIDE = [h for h in ATTACKABLE if getattr(h[2], PROTECTED_MARK) in {"parent", "two_step"}]
# What Reflex sends when a handler raises (its generic alert), and what a stack trace would contain (whole
# words: a refused event now sends its states' defaults, and "Exceptional circumstances" is one of them).
LEAKS = ("Traceback", "An error occurred", "website administrator", "Exception", "AttributeError", "TypeError",
         "KeyError", "ValueError", ".py\\\", line")
_LEAK = re.compile("|".join(rf"(?<!\w){re.escape(leak)}(?!\w)" for leak in LEAKS))


def payload_for(fn, victim: Victim) -> dict:
    """Arguments of the right shape for a handler, aimed at the victim."""
    values = {"form_data": victim.form(), "typed": "CV1 9XA", "staff_id": "1", "message_id": "1"}
    return {name: values.get(name, "x") for name in list(inspect.signature(fn).parameters)[1:]}


def assert_refused(seen: str, victim: Victim, what: str) -> None:
    for secret in victim.secrets:
        assert secret not in seen, f"{what} leaked {secret!r}"
    found = _LEAK.search(seen)
    assert found is None, f"{what} sent the client {found.group()!r}: {seen[max(0, found.start() - 300):found.end()]}"


@pytest.fixture(scope="module")
def victim(served_app: ServedApp) -> Victim:
    return Victim(served_app)


async def _attack_all(url: str, cookie: str, calls: list[tuple[str, str, dict]]) -> list[tuple[str, str]]:
    """Send each (event name, path, payload) on one connection; (what, answers) for each."""
    async with RawClient(url, cookie) as client:
        return [(f"{name} at {path}", await client.send(name, path, payload))
                for name, path, payload in calls]


def _attack(served_app: ServedApp, cookie: str, calls: list[tuple[str, str, dict]]) -> list[tuple[str, str]]:
    before = database_rows(served_app)
    answers = asyncio.run(_attack_all(served_app.url, cookie, calls))
    changed = changed_tables(before, database_rows(served_app))
    assert not changed, f"the attack changed the database: {changed}"
    return answers


def test_the_suite_finds_every_kind_of_handler():
    assert len(STAFF_SIDE) >= 15 and len(PARENT_SIDE) >= 15 and len(ATTACKABLE) >= 60


def test_without_a_session_every_guarded_handler_sends_the_caller_to_sign_in(served_app: ServedApp,
                                                                           victim: Victim):
    guarded = STAFF_SIDE + PARENT_SIDE
    calls = [(f"{state.get_full_name()}.{name}", path, payload_for(fn, victim))
             for state, name, fn in guarded for path in victim.paths[:1] + victim.paths[3:4]]
    for (what, seen), (state, name, fn) in zip(_attack(served_app, "ehcna_session=forged; ehcna_staff=forged", calls),
                                                 [g for g in guarded for _ in range(2)], strict=True):
        assert_refused(seen, victim, what)
        side = getattr(fn, PROTECTED_MARK)
        assert ("/staff/sign-in" if side == "staff" else "/sign-in") in seen, f"{what} did not send to sign-in"


def test_without_a_session_public_handlers_give_nothing_away(served_app: ServedApp, victim: Victim):
    public = [h for h in ATTACKABLE if getattr(h[2], PROTECTED_MARK) == "public"]
    calls = [(f"{state.get_full_name()}.{name}", path, payload_for(fn, victim))
             for state, name, fn in public for path in victim.paths]
    for what, seen in _attack(served_app, "", calls):
        assert_refused(seen, victim, what)


def test_a_parent_reaches_nothing_of_another_family_through_any_handler(served_app: ServedApp, victim: Victim):
    intruder, _own_child = parent_with_child(served_app, forename="Intruderchild")
    cookie = parent_cookie(served_app, intruder)
    calls = [(f"{state.get_full_name()}.{name}", path, payload_for(fn, victim))
             for state, name, fn in ATTACKABLE if getattr(fn, PROTECTED_MARK) != "staff" for path in victim.paths]
    for what, seen in _attack(served_app, cookie, calls):
        assert_refused(seen, victim, what)


def test_a_parent_session_is_refused_by_every_staff_handler(served_app: ServedApp, victim: Victim):
    intruder, _own_child = parent_with_child(served_app, forename="Intruderchild")
    calls = [(f"{state.get_full_name()}.{name}", f"/staff/case/{victim.case_id}/request",
              payload_for(fn, victim)) for state, name, fn in STAFF_SIDE]
    for what, seen in _attack(served_app, parent_cookie(served_app, intruder), calls):
        assert_refused(seen, victim, what)
        assert "/staff/sign-in" in seen, f"{what} did not send the parent to staff sign-in"


WRONG_TYPES = [["a", "list"], 7, None, {"nested": {"deeper": ["x"]}}, "text"]


def test_wrongly_typed_arguments_are_refused_without_an_error(served_app: ServedApp, victim: Victim):
    """Reflex passes the raw payload through when it cannot convert it; every guard checks the types."""
    intruder, _own_child = parent_with_child(served_app, forename="Intruderchild")
    parent, staff = parent_cookie(served_app, intruder), staff_cookie(served_app, caseworker(served_app, "admin"))
    for cookie, side in ((parent, {"parent", "two_step", "public"}), (staff, {"staff"})):
        calls = []
        for state, name, fn in ATTACKABLE:
            parameters = list(inspect.signature(fn).parameters)[1:]
            if getattr(fn, PROTECTED_MARK) not in side or not parameters:
                continue
            right = payload_for(fn, victim)
            for wrong in WRONG_TYPES:
                for parameter in parameters:
                    if not isinstance(wrong, type(right[parameter])):
                        calls.append((f"{state.get_full_name()}.{name}", victim.paths[3], {**right, parameter: wrong}))
            calls.append((f"{state.get_full_name()}.{name}", victim.paths[3], {**right, "unexpected": "x"}))
        for what, seen in _attack(served_app, cookie, calls):
            assert_refused(seen, victim, what)


def test_no_var_of_any_state_can_be_set_by_setvar_or_update_vars_internal(served_app: ServedApp, victim: Victim):
    intruder, _own_child = parent_with_child(served_app, forename="Intruderchild")
    canary = f"SETVAR-{secrets.token_hex(4)}"
    states = [*portal_states(), State]
    calls = []
    for state in states:
        names = [*state.base_vars, *(state._backend_vars or {}), *state.computed_vars, "role", "is_staff", "_user_id"]
        for var in dict.fromkeys(names):
            if state is State and var == "is_hydrated":
                continue  # Reflex's own flag, which its client sets by design (set_is_hydrated): not ours to guard
            calls.append((f"{state.get_full_name()}.setvar", victim.paths[3], {"var_name": var, "value": canary}))
        calls.append((f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal", victim.paths[3],
                      {"vars": {f"{state.get_full_name()}.{var}": canary for var in names}}))
    calls.append((f"{states[0].get_full_name()}.no_such_handler", victim.paths[3], {}))
    for what, seen in _attack(served_app, parent_cookie(served_app, intruder), calls):
        assert canary not in seen, f"{what} set a var from the client"
        assert_refused(seen, victim, what)


@pytest.mark.backend_log_may_contain("is not an accepted origin")
def test_the_websocket_refuses_a_foreign_origin(served_app: ServedApp, victim: Victim):
    async def connect(origin: str) -> None:
        async with RawClient(served_app.url, "", origin=origin):
            pass

    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(connect("https://evil.example"))
    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(connect(served_app.url.replace("http://", "https://")))
    asyncio.run(connect(served_app.url))  # our own origin connects: the refusals above are about origin
