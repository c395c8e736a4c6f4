"""The staff side in the browser: a caseworker (made as the CLI makes one) signs in with an authenticator app,
finds a new request in the queue, takes it, reads it, downloads its document and changes its status;
parents never reach any of it."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, Page, expect

from ehcna_portal import routes
from ehcna_portal.i18n import long_date
from ehcna_portal.models.base import utcnow
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.timescales import request_deadlines
from tests.support.browser import assert_accessible, open_page, sign_in_with_emailed_code
from tests.support.factories import PASSWORD, STAFF_PASSWORD, case_of
from tests.support.journeys import caseworker_takes_a_new_request_from_the_queue_to_a_decision
from tests.support.mail import wait_for_mail
from tests.support.parent_pages import into_ehc_area
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser


def test_a_caseworker_takes_a_new_request_from_the_queue_to_a_decision(page: Page, browser: Browser,
                                                                       served_app: ServedApp, tmp_path: Path):
    caseworker_takes_a_new_request_from_the_queue_to_a_decision(page, browser, served_app, tmp_path)


def test_parents_never_reach_the_staff_side_pages_or_exports(page: Page, served_app: ServedApp):
    _email, reference, application_id = submitted_request(served_app, "Sky")
    into_ehc_area(page, served_app)
    for path in ("/staff", routes.staff_case(case_of(served_app.engine(), application_id))):
        page.goto(path)
        expect(page.locator("h1")).to_have_text("Staff sign in")
        expect(page.locator("main")).not_to_contain_text(reference)
    assert page.request.get(f"{served_app.url}/api/staff/queue.csv").status == 404


def test_a_manager_sees_the_figures_and_who_opened_what(page: Page, browser: Browser, served_app: ServedApp):
    _email, reference, application_id = submitted_request(served_app, "Kit")
    staff_sign_in(page, caseworker(served_app, "manager", "Morgan Manager"))
    page.goto(routes.staff_case(case_of(served_app.engine(), application_id)))
    expect(page.locator("h1")).to_have_text("Kit Staffcase")

    page.get_by_role("link", name="Figures").click()
    expect(page.locator("h1")).to_have_text("EHC needs assessment figures")
    this_month = page.locator("#kpis tbody tr").first
    expect(this_month.locator("th")).to_have_text(format_date(uk_date(utcnow()), "MMMM y", locale="en_GB"))
    assert int(this_month.locator("td").first.inner_text()) >= 1  # requests received this month
    assert_accessible(page)
    csv = page.request.get(urljoin(served_app.url, page.get_by_role("link", name=re.compile("^Download these figures"))
                                   .get_attribute("href")))
    assert csv.status == 200 and csv.text().startswith('"month","requests_received","decisions_made"')

    page.get_by_role("link", name="Access log").click()
    log = page.locator("#access-log")
    expect(log.locator("tr", has_text=reference)).to_contain_text("Morgan Manager")
    expect(log.locator("tr", has_text=reference)).to_contain_text("Case opened")
    assert_accessible(page)

    # a caseworker is sent back to the queue, and gets no figures file
    other = browser.new_context(base_url=served_app.url).new_page()
    try:
        staff_sign_in(other, caseworker(served_app))
        expect(other.locator("#navigation")).not_to_contain_text("Figures")
        expect(other.locator("#navigation")).not_to_contain_text("Staff accounts")
        other.goto("/staff/kpis")
        expect(other.locator("h1")).to_have_text("EHC needs assessment requests")
        assert other.request.get(f"{served_app.url}/api/staff/kpis.csv").status == 404
    finally:
        other.context.close()


def test_an_admin_adds_a_staff_account_and_switches_it_off(page: Page, served_app: ServedApp):
    staff_sign_in(page, caseworker(served_app, "admin", "Alex Admin"))
    page.get_by_role("link", name="Staff accounts").click()
    expect(page.locator("h1")).to_have_text("Staff accounts")
    page.get_by_role("button", name="Add staff account").click()
    summary = page.locator("#error-summary")
    for message in ("Enter the person's name", "Enter their work email address", "Select their role",
                    "Enter a first password"):
        expect(summary).to_contain_text(message)
    assert_accessible(page)
    email = f"new-officer-{secrets.token_hex(3)}@example.com"
    page.get_by_label("Name").fill("Nia Newstarter")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Role").select_option("caseworker")
    page.get_by_label("First password", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Add staff account").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The account for Nia Newstarter has been added")
    row = page.locator("#staff-accounts tr", has_text=email)
    expect(row).to_contain_text("Not set up yet")
    wait_for_mail(served_app.smtp, email, "Your staff account")
    row.get_by_role("button", name="Switch off Nia Newstarter").click()
    expect(row).to_contain_text("Switched off")
    assert_accessible(page)

    # the stage texts of the child's page, reworded by the council, reach families at once
    page.get_by_role("link", name="Change the stage texts on the child's page").click()
    expect(page.locator("h1")).to_have_text("Stage texts on the child's page")
    assert_accessible(page)
    wording = "We will look at your request with your child's school and decide within 6 weeks."
    what_happens = page.get_by_label("What happens now? (English)").first
    expect(what_happens).to_have_value(re.compile("^We will consider"))
    what_happens.fill(wording)
    page.get_by_role("button", name="Save texts").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The stage texts have been saved")
    parent_email, _reference, _application_id = submitted_request(served_app, "Remy")
    family = page.context.browser.new_context(base_url=served_app.url).new_page()
    try:
        open_page(family, "/sign-in", check_accessibility=False)
        sign_in_with_emailed_code(family, served_app, parent_email, PASSWORD)
        family.get_by_role("link", name="Remy Staffcase").click()
        expect(family.locator(".govuk-tabs__panel")).to_contain_text(wording)
    finally:
        family.context.close()
    page.get_by_label("What happens now? (English)").first.fill("")
    page.get_by_role("button", name="Save texts").click()
    expect(page.get_by_label("What happens now? (English)").first).to_have_value(re.compile("^We will consider"))

    # a switched-off account cannot sign in
    other = page.context.browser.new_context(base_url=served_app.url).new_page()
    try:
        open_page(other, "/staff/sign-in", check_accessibility=False)
        other.get_by_label("Email address").fill(email)
        other.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
        other.get_by_role("button", name="Sign in").click()
        expect(other.locator("#error-summary")).to_contain_text("Email address or password is not correct")
    finally:
        other.context.close()


def test_a_request_received_by_post_goes_on_the_clock_from_the_day_it_arrived(page: Page, served_app: ServedApp):
    staff_sign_in(page, caseworker(served_app))
    page.get_by_role("link", name="Record a request received by post or email").click()
    expect(page.locator("h1")).to_have_text("Record a request received by post or email")
    page.get_by_role("button", name="Record request").click()
    summary = page.locator("#error-summary")
    for message in ("Enter the date", "Select how the request arrived", "Enter the name of the person",
                    "Enter the child's forename"):
        expect(summary).to_contain_text(message)
    assert_accessible(page)
    arrived = uk_date(utcnow()) - timedelta(days=10)
    received = page.get_by_role("group", name="When did the council receive it?")
    received.get_by_label("Day").fill(str(arrived.day))
    received.get_by_label("Month").fill(str(arrived.month))
    received.get_by_label("Year").fill(str(arrived.year))
    page.get_by_label("By post").check()
    page.get_by_label("Their full name").fill("Pat Postal")
    page.get_by_label("Forename").fill("Quinn")
    page.get_by_label("Surname").fill("Paperform")
    page.get_by_label("Gender (as at birth)").select_option("female")
    born = page.get_by_role("group", name="Date of birth")
    born.get_by_label("Day").fill("3")
    born.get_by_label("Month").fill("9")
    born.get_by_label("Year").fill("2015")
    page.get_by_label("Address line 1").fill("4 Letterbox Lane")
    page.get_by_label("Town or city").fill("Coventry")
    page.get_by_label("Postcode").fill("cv1 9xa")
    page.get_by_role("button", name="Record request").click()
    expect(page.locator("h1")).to_have_text("Quinn Paperform")
    identity = page.locator(".app-identity-bar")
    expect(identity).to_contain_text(long_date(arrived, "en"))
    expect(identity).to_contain_text(long_date(request_deadlines(arrived).decision_to_assess, "en"))
    page.locator(".moj-sub-navigation").get_by_role("link", name="History").click()
    expect(page.locator("#history")).to_contain_text("Recorded by staff")
    reference = page.locator(".app-identity-bar .govuk-caption-l").inner_text()

    # from the queue: tick it and assign it (bulk assign, to me by default)
    # the queue's own address for a search (what Apply filters leads to; the search box is tested elsewhere)
    open_page(page, f"/staff?q={reference}")
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    row = page.locator("#queue tbody tr", has_text=reference)
    expect(row).to_contain_text("Unassigned")
    row.get_by_label(f"Select {reference}").check()
    page.get_by_role("button", name="Assign selected requests").click()
    expect(page.locator("#queue tbody tr", has_text=reference)).to_contain_text("Casey Worker")
    page.get_by_role("link", name=re.compile(r"^My cases \(\d+\)")).click()
    expect(page.locator("#queue")).to_contain_text(reference)


def test_an_admin_sees_an_email_that_could_not_be_sent_and_tries_it_again(page: Page, served_app: ServedApp):
    """Outbox dead letters on Staff accounts: date, email, masked address, last error, attempts; "Try again"."""
    from sqlmodel import Session

    from ehcna_portal.models import OutboxStatus
    from ehcna_portal.services import outbox

    to = f"dora-{secrets.token_hex(3)}@example.com"
    settings, engine = served_app.settings(), served_app.engine()
    with Session(engine) as db:  # refused 5 times by the mail server (made dead in the same transaction)
        message = outbox.enqueue(db, settings, template="staff_created", to=to, idempotency_key=f"dead:{to}",
                                 name="Dora", role_account="a caseworker account",
                                 sign_in_url=outbox.SitePath("/staff/sign-in"))
        message.status, message.attempts, message.rejections = OutboxStatus.DEAD, 5, 5
        message.last_error = f"PermanentDeliveryError: 550 5.1.1 <{to}>: Mailbox unavailable"
        db.commit()
    engine.dispose()
    masked = "d***@example.com"

    staff_sign_in(page, caseworker(served_app, "admin", "Ada Admin"))
    page.get_by_role("link", name="Staff accounts").click()
    expect(page.locator("#undelivered-emails")).to_have_text("Emails that could not be sent")
    row = page.locator("#undelivered-emails-table tbody tr", has_text="550 5.1.1").filter(has_text=masked)
    expect(row).to_contain_text("staff_created")
    expect(row.locator("td").nth(4)).to_have_text("5")
    expect(page.locator("#undelivered-emails-table")).not_to_contain_text(to)
    assert_accessible(page)

    row.get_by_role("button", name=f"Try again the email to {masked}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("back in the queue")
    wait_for_mail(served_app.smtp, to, "Your staff account")
    expect(row).to_have_count(0)
    assert_accessible(page)
