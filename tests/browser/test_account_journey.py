"""The seed's account journey (user guide §1.1), end to end, with every email read from a real SMTP server.

register → link from the email → sign in → EHC tile → "Two Step Verification Area"
→ enable two-step verification → signed out → sign in → second factor → into the EHC area.
"""

from __future__ import annotations

import re
import secrets
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal.models import ParentAccount
from tests.support.browser import assert_accessible, sign_in_with_emailed_code
from tests.support.factories import PASSWORD as PARENT_PASSWORD
from tests.support.factories import make_parent
from tests.support.mail import code_in, wait_for_mail
from tests.support.parent_pages import confirm_from_email, reach_two_step_area_and_enable, sign_in
from tests.support.parent_pages import register as register_on_page
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser

def register(page: Page, served_app: ServedApp, email: str) -> None:
    """The shared form, then what was stored: the chosen address, the phone number tidied, not yet confirmed."""
    register_on_page(page, email)
    assert_accessible(page)
    with Session(served_app.engine()) as db:
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).one()
        assert (parent.address_line_1, parent.postcode, parent.uprn) == ("3 Sample Street", "CV1 9XA", "990000000003")
        assert parent.mobile_phone == "07700900982" and parent.email_verified_at is None


def test_register_verify_enable_email_codes_and_reach_the_ehc_area(page: Page, served_app: ServedApp):
    email = f"parent-{secrets.token_hex(4)}@example.com"
    register(page, served_app, email)
    confirm_from_email(page, served_app, email)

    sign_in(page, email)
    reach_two_step_area_and_enable(page, "E-mail")
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("you have been signed out")

    before = len(served_app.smtp.inbox.messages)
    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("Check your email")
    assert_accessible(page)
    code = code_in(wait_for_mail(served_app.smtp, email, "verification code", after=before))
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")
    assert_accessible(page)
    # the session is an HttpOnly cookie, invisible to scripts; the tab token is not it
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["ehcna_session"]["httpOnly"] and cookies["ehcna_session"]["sameSite"] == "Strict"
    assert "ehcna_session" not in page.evaluate("document.cookie")


def test_register_verify_enable_an_authenticator_app_and_reach_the_ehc_area(page: Page,
                                                                           served_app: ServedApp):
    email = f"parent-{secrets.token_hex(4)}@example.com"
    register(page, served_app, email)
    confirm_from_email(page, served_app, email)
    sign_in(page, email)
    reach_two_step_area_and_enable(page, "Authenticator app")

    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.locator("img.app-qr")).to_be_visible()
    assert_accessible(page)
    key = re.sub(r"\s", "", page.locator("#setup-key").inner_text())
    totp = pyotp.TOTP(key)
    page.get_by_label("Enter the 6-digit code the app shows").fill(totp.now())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Sign in")

    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)
    # the code used at set-up may not be used again: take the next time step's (within the drift allowed)
    page.get_by_label("Verification code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")


def test_a_guarded_page_sends_you_back_after_signing_in(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings(), two_step="email")
    page.goto("/ehc/add-child")
    expect(page.locator("h1")).to_have_text("Sign in")
    sign_in_with_emailed_code(page, served_app, email, PARENT_PASSWORD)
    expect(page.locator("h1")).to_have_text("Add child")
