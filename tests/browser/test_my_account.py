"""My account (seed 1.1.5): every change is saved, and saving signs the parent out."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import assert_accessible, open_page
from tests.support.factories import PASSWORD, make_parent
from tests.support.mail import link_in, wait_for_mail
from tests.support.parent_pages import sign_in as sign_in_on_page
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    open_page(page, "/sign-in", check_accessibility=False)
    sign_in_on_page(page, email, password)
    expect(page.locator("h1")).to_have_text("My account")


def banner(page: Page):
    return page.locator(".govuk-notification-banner")


def test_personal_details_and_circumstances_are_saved_then_the_parent_is_signed_out(page: Page,
                                                                                   served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    sign_in(page, email)
    main = page.locator("main")
    expect(main).to_contain_text("Aardvark")
    expect(main).to_contain_text("1 Example Street")
    assert_accessible(page)

    page.get_by_role("link", name="Personal details").click()
    expect(page.get_by_label("Forename")).to_have_value("Alan")
    page.get_by_label("Forename").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error-summary")).to_contain_text("Enter your forename")
    assert_accessible(page)
    page.get_by_label("Forename").fill("Alana")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("Your details have been saved and you have been signed out")

    sign_in(page, email)
    expect(page.locator("main")).to_contain_text("Alana")
    page.get_by_role("link", name="Change circumstances").click()
    page.get_by_label("Postcode").fill("CV3 9XD")
    page.get_by_role("button", name="Find address").click()
    page.get_by_label("Select an address").select_option(
        label="7 Specimen Avenue, Synthetic test address, Coventry, CV3 9XD")
    page.get_by_label("Mobile phone number").fill("07700 900 123")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("Your details have been saved")
    sign_in(page, email)
    expect(page.locator("main")).to_contain_text("7 Specimen Avenue")
    expect(page.locator("main")).to_contain_text("07700900123")


def test_changing_email_needs_the_new_address_confirmed_and_tells_the_old_one(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    new_email = f"new-{secrets.token_hex(4)}@example.com"
    sign_in(page, email)
    page.get_by_role("link", name="Change email address").click()
    page.get_by_label("New email address").fill(new_email)
    page.get_by_label("Current password").fill("not my password at all")
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.locator("#error-summary")).to_contain_text("Current password is not correct")
    assert_accessible(page)
    before = len(served_app.smtp.inbox.messages)
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.locator("h1")).to_have_text("Check your new email address")
    wait_for_mail(served_app.smtp, email, "Your email address is being changed", after=before)
    link = link_in(wait_for_mail(served_app.smtp, new_email, "Confirm your new email address", after=before),
                   "/account/confirm-new-email/")
    page.goto(link)
    expect(banner(page)).to_contain_text("Your email address has been changed")
    sign_in(page, new_email)
    expect(page.locator("main")).to_contain_text(new_email)


def test_changing_password_needs_the_current_one_and_signs_out_everywhere(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    sign_in(page, email)
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Current password").fill("wrong wrong wrong")
    page.get_by_label("New password").fill("amber falcon orchard 31")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error-summary")).to_contain_text("Current password is not correct")
    assert_accessible(page)
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("amber falcon orchard 31")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("Your password has been changed")
    sign_in(page, email, "amber falcon orchard 31")
