"""Account pages when things go wrong: validation messages, no enumeration, lockout, resend,
expired links and codes, forgotten password, and the inactivity warning."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session

from ehcna_portal.models import AccountToken, AuthAttempt, SignInCode
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import rate_limits
from tests.support.browser import assert_accessible, open_page
from tests.support.ehcna_steps import label as starred
from tests.support.factories import PASSWORD, make_parent
from tests.support.mail import code_in, link_in, wait_for_mail
from tests.support.parent_pages import sign_in
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def summary_messages(page: Page, timeout: float = 5000) -> list[str]:
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused(timeout=timeout)
    return summary.locator("li").all_inner_texts()


def test_register_shows_every_message_by_its_field_and_in_the_summary(page: Page):
    open_page(page, "/register")
    page.get_by_role("button", name="Submit").click()
    assert summary_messages(page) == [
        "Enter your email address", "Confirm your email address", "Enter a password", "Select your title",
        "Enter your forename", "Enter your surname", "Select your gender", "Enter postcode",
        "Enter at least one phone number where we can contact you during office hours",
    ]
    assert page.title().startswith("Error: Register an account")
    expect(page.locator("#forename-error")).to_have_text("Error: Enter your forename")
    assert_accessible(page)

    page.get_by_label(starred("Email address")).fill("lesley.example.com")
    page.get_by_label("Confirm email address").fill("someone@example.com")
    page.get_by_label(starred("Password")).fill("short1")
    page.get_by_role("button", name="Use another address").click()
    page.get_by_label("Postcode").fill("ABC")
    page.get_by_label("Home phone number").fill("call me")
    page.get_by_role("button", name="Submit").click()
    messages = summary_messages(page)
    for expected in ("Enter an email address in the correct format, like name@example.com",
                     "Email addresses must match", "Password must be 12 characters or more",
                     "Enter a full UK postcode",
                     "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"):
        assert expected in messages
    # what was typed is still there
    expect(page.get_by_label(starred("Email address"))).to_have_value("lesley.example.com")
    page.get_by_role("button", name="Show password").click()
    expect(page.get_by_label(starred("Password"))).to_have_attribute("type", "text")
    expect(page.get_by_role("button", name="Hide password")).to_be_visible()
    assert_accessible(page)


def test_the_address_finder_lists_addresses_and_always_leaves_the_manual_route(page: Page):
    open_page(page, "/register")
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_role("button", name="Find address").click()
    expect(page.locator("main")).to_contain_text("Enter a full UK postcode, like CV1 5RR")
    page.get_by_label("Postcode").fill("cv2 9xb")
    page.get_by_role("button", name="Find address").click()
    expect(page.get_by_label("Postcode")).to_have_value("CV2 9XB")
    options = page.get_by_label("Select an address").locator("option")
    expect(options).to_have_count(13)  # "Choose your address" and 12 addresses
    expect(options.nth(1)).to_have_text("1 Example Road, Synthetic test address, Coventry, CV2 9XB")
    page.get_by_role("button", name="Submit").click()
    assert "Select your address from the list, or select Use another address" in summary_messages(page)
    assert_accessible(page)
    page.get_by_role("button", name="Use another address").click()
    expect(page.get_by_label("Address line 1")).to_be_visible()
    expect(page.get_by_label("Select an address")).to_have_count(0)
    assert_accessible(page)


def test_registering_a_taken_address_looks_the_same_and_tells_the_owner(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    before = len(served_app.smtp.inbox.messages)
    open_page(page, "/register")
    page.get_by_label(starred("Email address")).fill(email)
    page.get_by_label("Confirm email address").fill(email)
    page.get_by_label(starred("Password")).fill("someone else entirely 99")
    page.get_by_label("Title").select_option("Mr")
    page.get_by_label("Forename").fill("Mallory")
    page.get_by_label("Surname").fill("Example")
    page.get_by_label("Gender").select_option("other")
    page.get_by_label("Postcode").fill("CV1 2AA")
    page.get_by_role("button", name="Find address").click()  # not in the gazetteer: the fields appear
    expect(page.locator("main")).to_contain_text("We could not find any addresses for that postcode")
    page.get_by_label("Address line 1").fill("2 Other Road")
    page.get_by_label("Town or city").fill("Coventry")
    page.get_by_label("Work phone number").fill("01632 960 002")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    wait_for_mail(served_app.smtp, email, "Someone tried to register", after=before)


def test_sign_in_messages_never_say_which_part_was_wrong(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    open_page(page, "/sign-in")
    page.get_by_role("button", name="Sign in").click()
    assert summary_messages(page) == ["Email address is empty", "Password is empty"]
    assert_accessible(page)
    sign_in(page, email, "not the right password")
    assert summary_messages(page) == ["Email address or password is not correct"]
    sign_in(page, "nobody-here@example.com", PASSWORD)
    assert summary_messages(page) == ["Email address or password is not correct"]


def test_an_unconfirmed_account_is_told_to_confirm_and_can_get_a_new_link(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings(), verified=False)
    before = len(served_app.smtp.inbox.messages)
    open_page(page, "/sign-in")
    sign_in(page, email)
    assert "You need to confirm your email address" in summary_messages(page)[0]
    page.get_by_role("button", name="Send a new link").click()
    expect(page.locator("main")).to_contain_text("we have sent a new link")
    wait_for_mail(served_app.smtp, email, "Confirm your email address", after=before)


def test_ten_failures_lock_the_account_and_email_its_owner(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    with Session(served_app.engine()) as db:  # the first eight failures, without waiting out their delays
        for _ in range(rate_limits.LOCK_AT - 2):
            db.add(AuthAttempt(kind="sign_in", subject=rate_limits.account_key(email)))
        db.commit()
    before = len(served_app.smtp.inbox.messages)
    open_page(page, "/sign-in")
    sign_in(page, email, "wrong password number 9")  # answered after the progressive delay (8 s by now)
    assert summary_messages(page, timeout=15000) == ["Email address or password is not correct"]
    sign_in(page, email, "wrong password number 10")
    expect(page.locator("#error-summary li")).to_have_text(
        "There have been too many attempts to sign in to this account. Wait 15 minutes, then try again",
        timeout=15000)
    sign_in(page, email)  # even the right password, until the lock ends
    expect(page.locator("#error-summary li")).to_contain_text("too many attempts")
    wait_for_mail(served_app.smtp, email, "Too many attempts", after=before)
    assert_accessible(page)


def test_a_new_code_replaces_the_old_one_and_an_expired_code_is_refused(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings(), two_step="email")
    before = len(served_app.smtp.inbox.messages)
    open_page(page, "/sign-in")
    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("Check your email")
    first = code_in(wait_for_mail(served_app.smtp, email, "verification code", after=before))
    page.get_by_label("Verification code").fill("12")
    page.get_by_role("button", name="Continue").click()
    assert summary_messages(page) == ["The code is not correct. Check it and try again"]

    before = len(served_app.smtp.inbox.messages)
    page.get_by_role("button", name="Send a new code").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have sent you a new code")
    second = code_in(wait_for_mail(served_app.smtp, email, "verification code", after=before))
    if first != second:
        page.get_by_label("Verification code").fill(first)
        page.get_by_role("button", name="Continue").click()
        assert summary_messages(page) == ["The code is not correct. Check it and try again"]
    with Session(served_app.engine()) as db:
        db.exec(update(SignInCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
    page.get_by_label("Verification code").fill(second)
    page.get_by_role("button", name="Continue").click()
    assert summary_messages(page) == ["The code has expired. Send a new code"]
    assert_accessible(page)


def test_an_expired_confirmation_link_offers_a_new_one(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings(), verified=False)
    link = link_in(wait_for_mail(served_app.smtp, email, "Confirm your email address"),
                   "/Account/CompleteRegistration/")
    with Session(served_app.engine()) as db:
        db.exec(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
    before = len(served_app.smtp.inbox.messages)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("This link has expired")
    assert_accessible(page)
    page.get_by_role("button", name="Send a new link").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    fresh = link_in(wait_for_mail(served_app.smtp, email, "Confirm your email address", after=before),
                    "/Account/CompleteRegistration/")
    page.goto(fresh)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your email address is confirmed")
    page.goto(fresh)
    expect(page.locator("h1")).to_have_text("You have already confirmed your email address")


def test_forgotten_password_link_works_once_and_signs_out_everywhere(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    open_page(page, "/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.locator("h1")).to_have_text("Reset your password")
    page.get_by_label("Email address").fill("nobody-at-all@example.com")
    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator("h1")).to_have_text("Check your email")  # the same for an unknown address
    before = len(served_app.smtp.inbox.messages)
    open_page(page, "/forgotten-password")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    link = link_in(wait_for_mail(served_app.smtp, email, "Reset your password", after=before), "/reset-password/")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Save new password").click()
    assert summary_messages(page) == ["Password must be 12 characters or more"]
    page.get_by_label("New password").fill("copper lantern meadow 77")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password has been changed")
    sign_in(page, email, "copper lantern meadow 77")
    expect(page.locator("h1")).to_have_text("My account")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("This link has already been used")


def test_inactivity_warning_then_sign_out_after_twenty_minutes(page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings())
    page.clock.install()
    open_page(page, "/sign-in")
    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("My account")
    dialog = page.locator("#session-timeout")
    expect(dialog).to_be_attached()  # signed-in pages carry the timer's dialog
    page.get_by_role("link", name="Two step verification", exact=True).focus()
    page.clock.run_for("18:01")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text("You’re about to be signed out")
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("link", name="Two step verification", exact=True)).to_be_focused()  # focus returned

    page.clock.run_for("18:01")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")  # Esc also keeps the session
    expect(dialog).to_be_hidden()

    page.clock.run_for("20:01")
    page.wait_for_url(re.compile(r"/sign-in/?\?reason=timeout"))
    page.clock.resume()  # let the new page's own timers (its websocket) run in real time again
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have been signed out because",
                                                                       timeout=15000)
    open_page(page, "/account")
    expect(page.locator("h1")).to_have_text("Sign in")  # the session really ended


@pytest.mark.parametrize("path", ["/register", "/register/check-your-email", "/sign-in", "/forgotten-password",
                                  "/reset-password/not-a-real-link", "/Account/CompleteRegistration/not-a-link",
                                  "/cy/register", "/cy/sign-in"])
def test_signed_out_account_pages_have_no_axe_violations(page: Page, path: str):
    open_page(page, path)  # open_page runs axe
    expect(page.locator("h1")).not_to_be_empty()


def test_account_error_states_have_no_axe_violations(page: Page, served_app: ServedApp):
    open_page(page, "/forgotten-password")
    page.get_by_role("button", name="Send reset link").click()
    assert summary_messages(page) == ["Enter your email address"]
    assert_accessible(page)
    email = make_parent(served_app.engine(), served_app.settings())
    open_page(page, "/sign-in")
    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("My account")
    for path in ("/account", "/account/personal-details", "/account/change-circumstances",
                 "/account/change-email", "/account/change-password", "/account/two-step-verification", "/ehc"):
        open_page(page, path)
    open_page(page, "/account/two-step-verification")
    page.get_by_role("button", name="Save").click()
    assert summary_messages(page) == ["Select how you want to get your verification codes"]
    assert_accessible(page)
