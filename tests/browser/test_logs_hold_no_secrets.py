"""A whole parent journey, then a grep of everything the served app logged (security.md §1.J J1, J2).

register → the link from the email → sign in → two-step verification by email → signed out →
forgotten password → the reset link → sign in with the new password and an emailed code →
add a child → all 8 steps with distinctive ("canary") answers → consent → submit; and then a raw
websocket event that makes Reflex itself log an event payload.

Every secret and every piece of personal data the journey handled is collected on the way (the
passwords, each emailed code, the confirmation and reset link tokens, the handoff nonces, the
session cookie, the email address, the child's name, the canary answers); none may appear in the
log. The sign-in must appear there as structured audit lines naming the parent by internal id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
import socketio
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal.models import ParentAccount
from tests.support import ehcna_steps as steps
from tests.support.mail import code_in, link_in, wait_for_mail
from tests.support.parent_pages import (
    add_child,
    agree_and_sign,
    confirm_from_email,
    reach_two_step_area_and_enable,
    register,
    sign_in,
)
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser

FIRST_PASSWORD = "Quartz pelican lantern 8841"
NEW_PASSWORD = "Obsidian heron meadow 5527"
CHILD_FORENAME = "Zephyrine"
CANARY_ANSWERS = {
    "What do people like and admire about the child?": "Canary-admire: she hums the marimba scale backwards",
    "Why are you asking for an assessment now?": "Canary-why: tortoise orchestra keeps her awake at night",
    "Is there anything else you would like to tell us?": "Canary-else: pomegranate lighthouse semaphore",
}


def answer(page: Page, question: str) -> None:
    page.get_by_label(question).fill(CANARY_ANSWERS[question])


async def _event_without_a_token(url: str, payload: dict) -> None:
    """A raw Socket.IO event on a connection that never said its tab token: Reflex warns about it,
    with the whole event in the message ("… Event data: {…}")."""
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, socketio_path="/_event", namespaces=["/_event"], transports=["websocket"],
                         headers={"Origin": url}, wait_timeout=10)
    await client.emit("event", payload, namespace="/_event")
    await asyncio.sleep(1)
    await client.disconnect()


def json_lines(text: str) -> list[dict]:
    found = []
    for line in text.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                found.append(json.loads(line))
    return found


def test_a_whole_journey_leaves_no_secret_in_the_log_and_audits_the_sign_in(page: Page, served_app: ServedApp):
    offset = served_app.log_size()
    secrets_seen: dict[str, str] = {}
    nonces: list[str] = []
    page.on("request", lambda request: nonces.extend(parse_qs(urlsplit(request.url).query).get("n", [])))

    email = f"canary-{secrets.token_hex(4)}@example.com"
    register(page, email, FIRST_PASSWORD, check_accessibility=False)
    confirm_from_email(page, served_app, email)
    secrets_seen["confirmation link token"] = link_in(
        wait_for_mail(served_app.smtp, email, "Confirm your email address"),
        "/Account/CompleteRegistration/").rstrip("/").rsplit("/", 1)[-1]

    sign_in(page, email, FIRST_PASSWORD)
    reach_two_step_area_and_enable(page, "E-mail")
    expect(page.locator("h1")).to_have_text("Sign in")

    before = len(served_app.smtp.inbox.messages)
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.locator("h1")).to_have_text("Reset your password")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    link = link_in(wait_for_mail(served_app.smtp, email, "Reset your password", after=before), "/reset-password/")
    secrets_seen["reset link token"] = link.rstrip("/").rsplit("/", 1)[-1]
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password has been changed")

    before = len(served_app.smtp.inbox.messages)
    sign_in(page, email, NEW_PASSWORD)
    expect(page.locator("h1")).to_have_text("Check your email")
    code = code_in(wait_for_mail(served_app.smtp, email, "verification code", after=before))
    secrets_seen["sign-in code"] = code
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")
    secrets_seen["session cookie"] = {c["name"]: c["value"] for c in page.context.cookies()}["ehcna_session"]

    add_child(page, CHILD_FORENAME, relationship="Mother", parent_address="3 Sample Street")
    expect(page.locator("h1")).to_have_text(f"{CHILD_FORENAME} Aardvaark")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("h1")).to_contain_text("Step 1 of 8")
    steps.wait_until_loaded(page)
    steps.step_1(page)
    steps.step_2(page)
    page.get_by_label("I wrote them with the child").check()
    answer(page, "What do people like and admire about the child?")
    steps.save_and_continue(page, "Step 4 of 8")
    answer(page, "Why are you asking for an assessment now?")
    steps.save_and_continue(page, "Step 5 of 8")
    for fill in (steps.step_5, steps.step_6, steps.step_7):
        fill(page)
    answer(page, "Is there anything else you would like to tell us?")
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_have_text("Summary")
    agree_and_sign(page)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Application submitted")

    # Reflex's own warning that carries a raw event payload: the payload must not reach the log either.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _event_without_a_token(served_app.url, {
            "name": "reflex___state____state.anything", "router_data": {},
            "payload": {"password": FIRST_PASSWORD, "answer": CANARY_ANSWERS[
                "Why are you asking for an assessment now?"], "email": email}})).result(timeout=60)

    log = served_app.log_since(offset)
    assert "with no associated token" in log and "payload dropped" in log  # Reflex's warning, redacted
    forbidden = {"first password": FIRST_PASSWORD, "new password": NEW_PASSWORD, "email address": email,
                 "child's name": CHILD_FORENAME, **secrets_seen,
                 **{f"handoff nonce {i}": nonce for i, nonce in enumerate(nonces)},
                 **{f"answer to {q!r}": a for q, a in CANARY_ANSWERS.items()}}
    assert len(nonces) >= 2 and all(len(value) >= 6 for value in forbidden.values())
    leaked = {what: value for what, value in forbidden.items() if value in log}
    assert leaked == {}, f"the served app logged {sorted(leaked)}:\n{log[-4000:]}"
    assert "Canary" not in log and "@example.com" not in log

    with Session(served_app.engine()) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
    me = f"parent:{parent_id}"
    audit = [line for line in json_lines(log) if line.get("logger") == "ehcna_portal.audit"]
    for line in audit:
        assert {"ts", "level", "actor", "action", "object", "result"} <= set(line), line
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"]), line
        assert "@" not in line["actor"], line
    mine = [(line["action"], line["result"]) for line in audit if line["actor"] == me]
    for expected in [("parent.registered", "success"), ("parent.email_verified", "success"),
                     ("parent.signed_in", "success"),  # the first sign-in, before two-step verification
                     ("parent.password_reset", "success"), ("parent.password_accepted", "success"),
                     ("child.added", "success"), ("application.submitted", "success")]:
        assert expected in mine, f"no audit line {expected} for {me}; got {mine}"
    verified = [line for line in audit if line["actor"] == me and line["action"] == "parent.signed_in"
                and line.get("two_step") == "email"]
    assert len(verified) == 1 and verified[0]["object"] == f"parent_account:{parent_id}" and verified[0]["ip"]
