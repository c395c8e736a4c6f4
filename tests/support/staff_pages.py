"""The staff side in the browser: staff accounts, and the first sign-in with an authenticator app."""

from __future__ import annotations

import secrets

import pyotp
from playwright.sync_api import Page, expect

from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.factories import STAFF_PASSWORD
from tests.support.served_app import ServedApp


def caseworker(served_app: ServedApp, role: str = "caseworker", name: str = "Casey Worker") -> str:
    """A staff account on the served app, made as ``ehcna-portal create-staff`` makes one; its email."""
    return factories.make_staff(served_app.engine(), served_app.settings(), role, name,
                                email=f"{role}-{secrets.token_hex(4)}@example.com")[1]


def staff_sign_in(page: Page, email: str) -> None:
    """First sign-in: password, then set up the authenticator app from the key on the page."""
    open_page(page, "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    assert_accessible(page)
    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("EHC needs assessment requests")
