"""Cymraeg: switching language in the middle of a step keeps what was typed, the choice is
remembered (cookie on this device, preferred language on the account — which also chooses the
language of emails), the print view is Welsh, and the sign-out warning works in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.i18n import Language, t, tn
from ehcna_portal.models import Application, ParentAccount
from tests.support.browser import open_page
from tests.support.ehcna_steps import wait_until_loaded
from tests.support.factories import PASSWORD, make_parent
from tests.support.languages import assert_email_in, assert_page_in, english_in, say
from tests.support.mail import code_in, wait_for_mail
from tests.support.parent_pages import start_application
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def preferred_language(served_app: ServedApp, email: str) -> str:
    with Session(served_app.engine()) as db:
        return db.exec(select(ParentAccount.preferred_language).where(ParentAccount.email == email)).one()


def set_preferred_language(served_app: ServedApp, email: str, lang: Language) -> None:
    with Session(served_app.engine()) as db:
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).one()
        parent.preferred_language = lang
        db.add(parent)
        db.commit()


def sign_in_in_welsh(page: Page, served_app: ServedApp, email: str) -> None:
    """On a Welsh sign-in page: password, then the code from the (Welsh) email."""
    before = len(served_app.smtp.inbox.messages)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=say("Sign in", "cy"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("code.email.title", "cy"))
    message = wait_for_mail(served_app.smtp, email, t("email.sign_in_code.subject", "cy"), after=before)
    assert_email_in(message, "cy")
    page.locator("#code").fill(code_in(message))
    page.get_by_role("button", name=say("Continue", "cy"), exact=True).click()


def test_the_english_leak_scan_notices_english():
    assert english_in("Croeso. There is a problem with the service. Diolch.") != []
    assert english_in(t("summary.title", "cy") + " " + t("home.title", "cy")) == []


def test_switching_mid_step_keeps_unsaved_answers_and_is_remembered(page: Page, browser: Browser,
                                                                   served_app: ServedApp):
    email = start_application(page, served_app)
    assert preferred_language(served_app, email) == "en"
    page.locator('input[name="requester_role"][value="parent"]').check()
    page.locator('input[name="request_type"][value="new"]').check()
    page.locator('input[name="interpreter_needed"][value="yes"]').check()
    page.locator("#interpreter_language").fill("Pwyleg")
    page.locator("#known_as").fill("Al")

    page.get_by_role("link", name="Cymraeg").click()
    step_1 = t("application.step_heading", "cy", number=1, total=8, title=form_text.step_title(EHCNA.step(1), "cy"))
    expect(page.locator("h1")).to_have_text(step_1)
    expect(page).to_have_url(re.compile(r"/cy/ehc/application/\d+/step-1/?$"))
    wait_until_loaded(page)
    # What was typed but not saved is back, in the Welsh page's boxes (and the revealed question with it).
    expect(page.locator("#known_as")).to_have_value("Al")
    expect(page.locator("#interpreter_language")).to_have_value("Pwyleg")
    expect(page.locator('input[name="requester_role"][value="parent"]')).to_be_checked()
    expect(page.locator('input[name="interpreter_needed"][value="yes"]')).to_be_checked()
    assert_page_in(page, "cy")
    with Session(served_app.engine()) as db:
        application = db.exec(select(Application).join(ParentAccount).where(ParentAccount.email == email)).one()
    assert application.answers.get("step-1", {}).get("known_as") in (None, "")  # kept, not saved behind the back
    assert preferred_language(served_app, email) == "cy"  # the account remembers the choice

    page.get_by_role("button", name=say("Save & Continue", "cy")).click()
    expect(page.locator("h1")).to_contain_text(t("application.step_heading", "cy", number=2, total=8,
                                                  title=form_text.step_title(EHCNA.step(2), "cy")))
    # An English address opens in Welsh on this device (the cookie)…
    open_page(page, "/ehc", check_accessibility=False)
    expect(page).to_have_url(re.compile(r"/cy/ehc/?$"))
    expect(page.locator("h1")).to_have_text(t("ehc.title", "cy"))

    # …and on a new device, once signed in (the account), with the sign-in code emailed in Welsh.
    context = browser.new_context(base_url=served_app.url)
    other = context.new_page()
    try:
        open_page(other, "/sign-in", check_accessibility=False)
        before = len(served_app.smtp.inbox.messages)
        other.get_by_label("Email address").fill(email)
        other.get_by_label("Password", exact=True).fill(PASSWORD)
        other.get_by_role("button", name="Sign in").click()
        message = wait_for_mail(served_app.smtp, email, t("email.sign_in_code.subject", "cy"), after=before)
        assert_email_in(message, "cy")
        expect(other).to_have_url(re.compile(r"/cy/sign-in/code/?$"))
        other.locator("#code").fill(code_in(message))
        other.get_by_role("button", name=say("Continue", "cy"), exact=True).click()
        expect(other.locator("h1")).to_have_text(t("ehc.title", "cy"))
        assert {c["name"]: c["value"] for c in context.cookies()}.get("ehcna_lang") == "cy"
    finally:
        context.close()


def test_the_print_view_and_the_request_tab_in_welsh(page: Page, served_app: ServedApp):
    email, reference, application_id = submitted_request(served_app, "Gwen")
    set_preferred_language(served_app, email, "cy")
    open_page(page, "/cy/sign-in", check_accessibility=False)
    sign_in_in_welsh(page, served_app, email)
    expect(page.locator("h1")).to_have_text(t("ehc.title", "cy"))
    assert_page_in(page, "cy")
    page.get_by_role("link", name="Gwen Staffcase").click()
    expect(page.locator("h1")).to_have_text("Gwen Staffcase")
    expect(page.locator("main")).to_contain_text(reference)
    assert_page_in(page, "cy")
    open_page(page, f"/cy/ehc/application/{application_id}/print", check_accessibility=False)
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text(form_text.step_title(EHCNA.step(8), "cy"))
    assert_page_in(page, "cy")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_sign_out_warning_holds_focus_and_gives_it_back(page: Page, served_app: ServedApp, lang: Language):
    email = make_parent(served_app.engine(), served_app.settings(), two_step="email")
    set_preferred_language(served_app, email, lang)
    page.clock.install()
    prefix = "/cy" if lang == "cy" else ""
    open_page(page, f"{prefix}/sign-in", check_accessibility=False)
    before = len(served_app.smtp.inbox.messages)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=say("Sign in", lang), exact=True).click()
    message = wait_for_mail(served_app.smtp, email, t("email.sign_in_code.subject", lang), after=before)
    page.locator("#code").fill(code_in(message))
    page.get_by_role("button", name=say("Continue", lang), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("ehc.title", lang))

    link = page.locator("main a").first
    link.focus()
    page.clock.run_for("18:01")
    dialog = page.locator("#session-timeout")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(tn("timeout.minutes", 2, lang))  # "2 funud": Welsh's own plural form
    inside = "() => Boolean(document.activeElement?.closest('#session-timeout'))"
    assert page.evaluate(inside)  # focus moved into the dialog
    for key in ["Tab"] * 5 + ["Shift+Tab"] * 5:
        page.keyboard.press(key)
        assert page.evaluate(inside), f"{key} took focus out of the open dialog"
    assert_page_in(page, lang)  # with the dialog open
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()  # focus is given back where it was


def submit_empty(page: Page, button_key: str) -> None:
    """Send a form with its boxes emptied, to see the page with its error messages."""
    for box in page.locator("main form input[type=text], main form input[type=email], main form input[type=tel], "
                            "main form input[type=password]").all():
        if box.is_visible():
            box.fill("")
    page.get_by_role("button", name=t(button_key, "cy"), exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


def test_every_other_welsh_page_and_its_errors(page: Page, served_app: ServedApp):
    """The pages the journey does not pass through, in Welsh: no English, axe-clean, with errors shown."""
    email, reference, application_id = submitted_request(served_app, "Gwen")
    set_preferred_language(served_app, email, "cy")
    for path, button_key in (("/cy/forgotten-password", "forgotten.submit"),):
        open_page(page, path, check_accessibility=False)
        assert_page_in(page, "cy")
        submit_empty(page, button_key)
        assert_page_in(page, "cy")
    for path in ("/cy/reset-password/not-a-real-link", "/cy/Account/CompleteRegistration/not-a-real-link",
                 "/cy/register/check-your-email", "/cy/no-such-page"):
        open_page(page, path, check_accessibility=False)
        expect(page.locator("h1")).not_to_be_empty()
        # the "page not found" page is one page for both languages: it turns Welsh once its on_load has run
        expect(page.locator(".app-page")).to_have_attribute("lang", "cy")
        assert_page_in(page, "cy")

    open_page(page, "/cy/sign-in", check_accessibility=False)
    sign_in_in_welsh(page, served_app, email)
    expect(page.locator("h1")).to_have_text(t("ehc.title", "cy"))
    with Session(served_app.engine()) as db:
        child_id = db.get(Application, application_id).child_id
    pages = ["/cy/account", "/cy/account/two-step-verification", "/cy/account/change-email",
             f"/cy/ehc/edit-child/{child_id}", *(f"/cy/ehc/child/{child_id}/{tab}" for tab in
                                                  ("request", "assessment", "plan", "reviews")),
             f"/cy/ehc/application/{application_id}/summary", f"/cy/ehc/application/{application_id}/confirmation",
             f"/cy/ehc/application/{application_id}/documents"]
    for path in pages:
        open_page(page, path, check_accessibility=False)
        expect(page.locator("h1")).not_to_be_empty()
        assert_page_in(page, "cy")
    expect(page.locator("main")).to_contain_text(reference)
    for path, button_key in (("/cy/account/personal-details", "account.save"),
                             ("/cy/account/change-circumstances", "account.save"),
                             ("/cy/account/change-password", "change_password.submit")):
        open_page(page, path, check_accessibility=False)
        expect(page.locator("main form")).to_be_visible()
        assert_page_in(page, "cy")
        submit_empty(page, button_key)
        assert_page_in(page, "cy")
