"""Development pages: the mailbox shows mail sent without SMTP; the component gallery in every state."""

from __future__ import annotations

import secrets
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import assert_accessible, open_page
from tests.support.paths import ROOT
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def test_mailbox_shows_the_welcome_emails_the_background_sender_delivered(page: Page, served_app: ServedApp):
    """The mailbox lists the outbox whatever the transport (this app sends through SMTP)."""
    email = f"mailbox-{secrets.token_hex(4)}@example.com"
    subprocess.run([str(ROOT / ".venv" / "bin" / "ehcna-portal"), "create-staff", "--email", email, "--name",
                    "Alex Admin", "--role", "admin", "--password-stdin"], input="a long staff password 42\n",
                   env=served_app.env, capture_output=True, text=True, timeout=120, check=True)
    open_page(page, "/dev/mailbox")
    admin = page.locator("[data-testid=mail]").filter(has_text=email)
    # the app's background sender delivers the welcome within seconds
    for _ in range(20):
        page.get_by_role("button", name="Refresh").click()
        if admin.count() == 1 and admin.locator(".govuk-tag", has_text="sent").count() == 1:
            break
        page.wait_for_timeout(1000)
    expect(admin).to_have_count(1)
    expect(admin.locator(".govuk-tag", has_text="sent")).to_have_count(1)
    expect(admin.locator("h2")).to_have_text("Your staff account for Coventry Education Services Portal")
    expect(admin.get_by_role("link", name=f"{served_app.url}/staff/sign-in")).to_be_visible()
    admin.locator("summary", has_text="Plain text part").click()
    expect(admin.locator("pre")).to_contain_text("Hello Alex Admin,")
    assert_accessible(page)


def test_component_gallery_shows_errors_gov_uk_style(page: Page):
    open_page(page, "/dev/components")
    page.get_by_label("Tell us about your child").fill("x" * 201)
    expect(page.locator("#views-info")).to_have_text("You have 1 character too many")
    page.get_by_role("button", name="Save & Continue").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("There is a problem")
    links = summary.locator("a")
    expect(links).to_have_count(5)
    for index in range(5):
        target = links.nth(index).get_attribute("href")
        assert page.locator(target).count() == 1, f"error link {target} points at nothing"
    expect(page.locator("#full-name-error")).to_have_text("Error: Enter your full name")
    assert page.get_attribute("#full-name", "aria-describedby") == "full-name-hint full-name-error"
    links.first.click()
    expect(page.locator("#full-name")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Tell us about your child").fill("x" * 199)
    expect(page.locator("#views-info")).to_have_text("You have 1 character remaining")
