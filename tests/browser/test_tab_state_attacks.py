"""A tab's token alone reads back nothing (security.md §0 item 12), for every guarded state.

Reflex keeps each tab's state for an hour and ``hydrate`` sends all of it to whoever holds the tab's token.
The probe loaded an application summary, signed out, reconnected with the same token and no cookie, sent
``hydrate`` and got the reference, the child's name and every answer back. Here every page whose loading is
guarded is loaded over a raw websocket as its owner would (hydrate, then the page's on_load handlers, which
fill the states), and then the same tab token reconnects: with no cookie, with the owner's cookie after
sign-out or after the idle timeout, and with another parent's cookie. Each time the snapshot must hold
none of the family's or the caseworker's details, and every state of the portal must be exactly what a
brand-new tab gets.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import pytest
from reflex.state import State
from reflex_base.utils.format import format_event_handler
from sqlalchemy import update
from sqlmodel import Session

from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.ehcna_portal import PUBLIC_PAGES
from ehcna_portal.models import ParentAccount, StaffSession, UserSession
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import staff_auth, two_step
from ehcna_portal.services.secrets_util import token_hash
from ehcna_portal.state.guards import PROTECTED_MARK
from ehcna_portal.state.session import SessionState
from tests.support.factories import make_staff, staff_session
from tests.support.handlers import DEV_STATES, handlers
from tests.support.protocol import RawClient, Victim, parent_cookie, parent_with_child, staff_cookie
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker

pytestmark = pytest.mark.browser
HYDRATE = format_event_handler(State.event_handlers["hydrate"])
PORTAL = "ehcna_portal___state"


def guarded_loads() -> dict[str, tuple[str, str]]:
    """Each guarded on_load of each page: route (with " +n" for a page's second loader and after) -> (the
    event, who may load it)."""
    found = {}
    for spec in PUBLIC_PAGES:
        loads = spec.on_load if isinstance(spec.on_load, list) else [spec.on_load] if spec.on_load else []
        for index, load in enumerate(loads):
            side = getattr(load.fn, PROTECTED_MARK, "")
            if side in ("parent", "two_step", "staff"):
                found[spec.route + (f" +{index}" if index else "")] = (format_event_handler(load), side)
    return found


@dataclass
class Scene:
    victim: Victim
    parent_cookie: str
    staff_cookie: str
    half_staff_cookie: str  # a caseworker between password and authenticator: the setup page holds the secret
    secrets: tuple[str, ...]

    def path(self, route: str) -> str:
        v = self.victim
        route = route.split(" +", 1)[0]
        return (route.replace("[child]", str(v.child_id)).replace("[section]", "request")
                .replace("/ehc/application/[application]/[page]/[group]/[item]",
                         f"/ehc/application/{v.application_id}/step-8/documents/{v.document_id}")
                .replace("/staff/case/[case]", f"/staff/case/{v.case_id}")
                .replace("[application]", str(v.application_id)).replace("[page]", "summary")
                .replace("[case]", str(v.case_id)).replace("[item]", "new").replace("[issue]", "1"))

    def cookie(self, route: str, side: str) -> str:
        if route == "/staff/two-step-verification":
            return self.half_staff_cookie
        return self.staff_cookie if side == "staff" else self.parent_cookie


def half_signed_in_cookie(served_app: ServedApp) -> str:
    """A new caseworker between password and authenticator (the setup page shows the app's secret)."""
    staff_id, _email = make_staff(served_app.engine(), served_app.settings(), name="Halfway Signedin")
    token = staff_session(served_app.engine(), staff_id, stage=staff_auth.AWAITING_APP)
    return f"{staff_cookie_name(served_app.settings())}={token}"


def shown_setup_key(seen: str) -> str:
    keys = [json.loads(found) for found in re.findall(r'"manual_key_rx_state_": ("[^"]*")', seen)]
    return next((key for key in keys if key), "")


@pytest.fixture(scope="module")
def scene(served_app: ServedApp) -> Scene:
    victim = Victim(served_app)
    staff_email = caseworker(served_app, "admin", name="Marguerite Staffsecret")
    with Session(served_app.engine()) as db:
        parent_email = db.get(ParentAccount, victim.parent_id).email
    return Scene(victim, parent_cookie(served_app, victim.parent_id), staff_cookie(served_app, staff_email),
                 half_signed_in_cookie(served_app),
                 (*victim.secrets, parent_email, staff_email, "Staffsecret", "Halfway"))


def portal_part(answers: str) -> dict[str, object]:
    """The portal's states in a hydrate's answers (the router's vars differ between tabs by design)."""
    states: dict[str, object] = {}
    for update_ in json.loads(answers):
        for name, values in update_.get("delta", {}).items():
            if PORTAL in name:
                states.setdefault(name, {}).update(values)
    return states


async def load_then_steal(url: str, path: str, owner_cookie: str, events: list[str], thief_cookie: str,
                          between=None) -> tuple[str, str, str]:
    """Load ``path`` as its owner on a tab, then reconnect that tab with ``thief_cookie`` and hydrate; and a
    brand-new tab's hydrate of the same page: (what the owner saw, what the thief got, a new tab's)."""
    token = str(uuid.uuid4())
    async with RawClient(url, owner_cookie, token=token) as tab:
        seen = [await tab.send(HYDRATE, path)] + [await tab.send(event, path) for event in events]
    if between is not None:
        between()
    async with RawClient(url, thief_cookie, token=token) as thief:
        stolen = await thief.send(HYDRATE, path)
    async with RawClient(url, "") as fresh:
        new_tab = await fresh.send(HYDRATE, path)
    return "".join(seen), stolen, new_tab


def assert_nothing_taken(scene: Scene, what: str, stolen: str, new_tab: str) -> None:
    for secret in scene.secrets:
        assert secret not in stolen, f"{what}: the tab token alone read back {secret!r}"
    assert portal_part(stolen) == portal_part(new_tab), f"{what}: the portal's states are not a new tab's"


def test_every_guarded_state_is_loaded_by_a_page_here():
    """So the attack below reaches every state that holds someone's data (a new guarded state without a
    page of its own must be added to this test)."""
    loaded = {event.rsplit(".", 1)[0] for event, _side in guarded_loads().values()}
    guarded = {state.get_full_name() for state, _name, fn in handlers()
               if getattr(fn, PROTECTED_MARK, "") in ("parent", "two_step", "staff")}
    assert guarded - loaded <= {SessionState.get_full_name()}, guarded - loaded  # SessionState: every page


def test_no_cookie_reads_back_nothing_of_any_guarded_page(served_app: ServedApp, scene: Scene):
    async def attack_all() -> list[tuple[str, tuple[str, str, str]]]:
        return [(route, await load_then_steal(served_app.url, scene.path(route), scene.cookie(route, side),
                                             [format_event_handler(SessionState.load), event], ""))
                for route, (event, side) in guarded_loads().items()]

    seen_everything = ""
    for route, (seen, stolen, new_tab) in asyncio.run(attack_all()):
        seen_everything += seen
        assert_nothing_taken(scene, route, stolen, new_tab)
    # the owner really was shown all of it: the attack had something to steal
    for secret in scene.secrets:
        assert secret in seen_everything, f"no page showed {secret!r}: the attack proves nothing about it"
    assert shown_setup_key(seen_everything)  # the authenticator secret shown to the half-signed-in caseworker


def _end_session(served_app: ServedApp, cookie: str, *, revoke: bool) -> None:
    """Sign the session behind ``cookie`` out (as /api/session/end does), or let it sit idle past the
    20-minute limit."""
    values = {"revoked_at": utcnow()} if revoke else {"last_seen_at": utcnow() - timedelta(minutes=21)}
    hashed = token_hash(cookie.split("=", 1)[1])
    with Session(served_app.engine()) as db:
        db.execute(update(UserSession).where(UserSession.token_hash == hashed).values(**values))
        db.execute(update(StaffSession).where(StaffSession.token_hash == hashed).values(**values))
        db.commit()


@pytest.mark.parametrize("how", ["signed_out", "idle_timeout", "another_parent"])
def test_the_owners_own_cookie_after_sign_out_or_timeout_or_anothers_reads_back_nothing(served_app: ServedApp,
                                                                                      how: str):
    scene = Scene.__new__(Scene)
    victim = Victim(served_app)
    staff_email = caseworker(served_app, "admin", name="Marguerite Staffsecret")
    scene.victim, scene.parent_cookie = victim, parent_cookie(served_app, victim.parent_id)
    scene.staff_cookie, scene.half_staff_cookie = staff_cookie(served_app, staff_email), ""
    scene.secrets = (*victim.secrets, "Staffsecret")
    loads = guarded_loads()
    pages = ["/ehc/child/[child]/[section]", "/ehc/application/[application]/[page]",
             "/staff/case/[case]/[section]"]
    thief = ""
    if how == "another_parent":
        intruder, _child = parent_with_child(served_app, forename="Intruderchild")
        thief = parent_cookie(served_app, intruder)

    async def attack(route: str) -> tuple[str, str, str]:
        event, side = loads[route]
        # a new session for each page: the last one was signed out or timed out
        owner = staff_cookie(served_app, staff_email) if side == "staff" else parent_cookie(served_app,
                                                                                             victim.parent_id)
        between = None if how == "another_parent" else (
            lambda: _end_session(served_app, owner, revoke=how == "signed_out"))
        return await load_then_steal(served_app.url, scene.path(route), owner,
                                     [format_event_handler(SessionState.load), event],
                                     thief or owner, between)

    for route in pages:
        if route.startswith("/staff") and how == "another_parent":
            continue
        seen, stolen, new_tab = asyncio.run(attack(route))
        assert any(secret in seen for secret in scene.secrets), route
        for secret in scene.secrets:
            assert secret not in stolen, f"{how} at {route}: read back {secret!r}"
        if how != "another_parent":  # another parent's own states differ from a new tab's, rightly
            assert portal_part(stolen) == portal_part(new_tab), route


def test_a_half_signed_in_caseworkers_authenticator_secret_is_not_left_in_the_tab(served_app: ServedApp):
    async def attack() -> tuple[str, str, str]:
        return await load_then_steal(served_app.url, "/staff/two-step-verification", half_signed_in_cookie(served_app),
                                     [guarded_loads()["/staff/two-step-verification"][0]], "")

    seen, stolen, _new = asyncio.run(attack())
    key = shown_setup_key(seen)
    secret = key.replace(" ", "")
    assert pyotp.TOTP(secret).now().isdigit() and two_step.matching_step(secret, pyotp.TOTP(secret).now(), utcnow())
    assert key not in stolen and secret not in stolen


def test_no_handler_called_on_the_tab_without_its_session_sends_anything_back(served_app: ServedApp,
                                                                             scene: Scene):
    """Without ever sending ``hydrate``: every handler of every state, public or guarded, called on a tab
    that has been through every guarded page (its states full), with no cookie. Guards find no session and
    empty the tab; public handlers send back only what they change."""
    calls = [(f"{state.get_full_name()}.{name}", {parameter: {} if parameter == "form_data" else "1"
                                                  for parameter in list(inspect.signature(fn).parameters)[1:]})
             for state, name, fn in handlers() if state.__name__ not in DEV_STATES]
    loads = guarded_loads()

    async def attack() -> tuple[str, list[str]]:
        tokens = {"parent": str(uuid.uuid4()), "staff": str(uuid.uuid4())}  # the family's tab, the caseworker's
        seen = []
        for route, (event, side) in loads.items():
            if route == "/staff/two-step-verification":
                continue  # a different caseworker's tab (the half-signed-in one)
            token = tokens["staff" if side == "staff" else "parent"]
            async with RawClient(served_app.url, scene.cookie(route, side), token=token) as tab:
                seen += [await tab.send(HYDRATE, scene.path(route)), await tab.send(event, scene.path(route))]
        stolen = []
        for token in tokens.values():
            async with RawClient(served_app.url, "", token=token) as thief:
                for name, payload in calls:
                    stolen.append(await thief.send(name, "/ehc", payload))
        return "".join(seen), stolen

    seen, stolen = asyncio.run(attack())
    assert scene.victim.forename in seen and scene.victim.answer in seen and "Staffsecret" in seen  # tabs full
    for (name, _payload), answer in zip(calls * 2, stolen, strict=True):
        for secret in scene.secrets:
            assert secret not in answer, f"{name} on the tab without its session sent back {secret!r}"
