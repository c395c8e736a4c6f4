"""The Assessment stage end to end (issue 20's "Done when"): a caseworker sends five advice requests; the
educational psychologist opens the emailed link, gives the emailed code, saves part-way, comes back through
the same link, and sends advice with a PDF report; the family sees "Received" and gets the email; staff see the
tracker and the advice; with the clock advanced, each reminder goes exactly once and an unanswered request shows
"Late"; the case reaches "Advice complete" and the caseworker records the decision to issue a plan."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.models import AdviceRequest, OutboxMessage
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_tracking
from ehcna_portal.services.dates import uk_date
from tests.browser.test_advice import (
    _code_sent_to,
    _link_sent_to,
    decided_to_assess,
    received_then_decided_to_issue,
)
from tests.support.browser import assert_accessible, open_page
from tests.support.factories import marked_pdf
from tests.support.parent_pages import signed_in_as
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser


def _in_with_code(page: Page, served_app: ServedApp, link: str, to: str) -> None:
    open_page(page, f"/advice/{link}")
    before = len(_mail(served_app, "advice_code", to))
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_label("Code from the email")).to_be_visible()  # the code has been queued
    assert len(_mail(served_app, "advice_code", to)) == before + 1
    page.get_by_label("Code from the email").fill(_code_sent_to(served_app, to))
    page.get_by_role("button", name="Continue").click()


def _mail(served_app: ServedApp, template: str, to: str) -> list[OutboxMessage]:
    with Session(served_app.engine()) as db:
        return list(db.exec(select(OutboxMessage).where(OutboxMessage.template == template,
                                                        OutboxMessage.to_address == to)).all())


def test_the_psychologist_saves_comes_back_and_sends_advice_that_the_family_and_staff_see(
        page: Page, served_app: ServedApp):
    engine, settings = served_app.engine(), served_app.settings()
    email, case_id, child_id, token = decided_to_assess(served_app, decided=False)
    staff = caseworker(served_app)
    staff_sign_in(page, staff)
    open_page(page, routes.staff_case(case_id, "advice"))
    page.get_by_label("Assess: carry out an EHC needs assessment").check()  # the caseworker agrees to assess
    page.get_by_role("button", name="Record decision and send the letter").click()
    expect(page.locator("#request-advice")).to_be_visible()
    page.locator("#educational-name").fill(f"Sam Senco {token}")
    page.locator("#educational-email").fill(f"senco-{token}@example.org")
    page.get_by_role("button", name="Send advice requests").click()
    expect(page.locator("#advice-tracker tbody tr")).to_have_count(5)
    staff_cookies = page.context.cookies()
    page.context.clear_cookies()

    psychologist = f"psychological-{token}@example.org"
    link = _link_sent_to(served_app, psychologist)
    _in_with_code(page, served_app, link, psychologist)
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Step 1 of 6")  # the four areas, not health or social care
    assert_accessible(page)
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name")
    expect(page.locator("#adviser_name-error")).to_contain_text("Enter your name")
    assert_accessible(page)
    page.get_by_label("Your name").fill(f"Pat Psych {token}")
    page.get_by_label("Your job title").fill("Educational psychologist")
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.get_by_role("heading", name="Communication and interaction")).to_be_visible()
    page.get_by_label("What needs have you seen?").fill("Speaks in two-word phrases in class")
    page.get_by_label("What provision is needed?").fill("A 30-minute speech and language session")
    page.get_by_label("Who should provide it?").fill("Speech and language therapist")
    page.get_by_label("How often?").fill("Once a week")
    page.get_by_label("For how long?").fill("12 months")
    page.get_by_label("What outcomes should it achieve?").fill("Starts a conversation with a friend by July")
    assert_accessible(page)
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", name="Your advice has been saved")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()  # another day: the same link, a new code
    _in_with_code(page, served_app, link, psychologist)
    expect(page.get_by_role("heading", name="Check your advice and send it")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Once a week")  # what was saved part-way
    page.get_by_role("button", name="Add or change your report").click()
    page.locator("#file").set_input_files(files=[{"name": "EP report.pdf", "mimeType": "application/pdf",
                                                  "buffer": marked_pdf("Educational psychology report")}])
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your report has been added")
    expect(page.locator("#reports")).to_contain_text("EP report.pdf")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send advice").click()
    expect(page.locator("#declaration-error")).to_contain_text("Confirm that this is your professional advice")
    assert_accessible(page)
    page.get_by_label("I confirm that this is my professional advice").check()
    page.get_by_role("button", name="Send advice").click()
    expect(page.get_by_role("heading", name="The advice you sent")).to_be_visible()
    expect(page.locator("main")).to_contain_text("A 30-minute speech and language session")
    expect(page.get_by_role("button", name="Send advice")).to_have_count(0)  # read only now
    assert_accessible(page)
    page.reload()  # still read only: the link shows what was sent
    expect(page.get_by_role("heading", name="The advice you sent")).to_be_visible()

    signed_in_as(page, served_app, email)
    assert len(_mail(served_app, "advice_received", email)) == 1
    open_page(page, routes.child_page(child_id, "assessment"))
    row = page.locator("#advice-requests tr", has_text="Psychological advice")
    expect(row).to_contain_text("Received")
    expect(row.get_by_role("link", name=re.compile("Read the advice"))).to_be_visible()
    assert_accessible(page)

    # The clock moves on (the sweep is given its "today"): each reminder goes once to those still asked.
    with Session(engine) as db:
        waiting = {row.id: row for row in db.exec(select(AdviceRequest).where(
            AdviceRequest.case_id == case_id, col(AdviceRequest.status).in_(("sent", "opened")),
            AdviceRequest.advice_type != "family")).all()}
    due = next(iter(waiting.values())).due_on
    mine = set(waiting)
    for day_offset, kind in ((-14, "two_weeks"), (-7, "one_week"), (1, "late")):
        day = due + timedelta(days=day_offset)
        for _twice in range(2):
            sent = [(request, step) for request, step in advice_tracking.remind(engine, settings, day, utcnow())
                    if request in mine]
            assert sent == ([(request, kind) for request in sorted(mine)] if _twice == 0 else [])
    assert all(len(_mail(served_app, "advice_reminder", row.email)) == 2 and
               len(_mail(served_app, "advice_late", row.email)) == 1 for row in waiting.values())
    # An unanswered request shows "Late" once its 6 weeks have passed (its dates moved back 7 weeks).
    educational = next(row for row in waiting.values() if row.advice_type == "educational")
    with Session(engine) as db:
        db.execute(update(AdviceRequest).where(col(AdviceRequest.id) == educational.id).values(
            sent_on=uk_date(utcnow()) - timedelta(weeks=7), due_on=uk_date(utcnow()) - timedelta(weeks=1)))
        db.commit()
    open_page(page, routes.child_page(child_id, "assessment"))
    expect(page.locator("#advice-requests tr", has_text="Educational advice")).to_contain_text("Late")

    page.context.clear_cookies()
    page.context.add_cookies(staff_cookies)  # the caseworker, still signed in
    open_page(page, routes.staff_case(case_id, "advice"))
    tracker = page.locator("#advice-tracker")
    expect(tracker.locator("tr", has_text="Educational advice")).to_contain_text("Late")
    psychological = tracker.locator("tr", has_text="Psychological advice")
    expect(psychological).to_contain_text("Received")
    expect(psychological.get_by_role("link", name=re.compile("Download the advice"))).to_be_visible()
    expect(page.locator("#advice-given")).to_contain_text("Once a week")
    expect(page.locator("#advice-given")).to_contain_text(f"Pat Psych {token}")
    assert_accessible(page)
    received_then_decided_to_issue(page, "The family’s own advice", "Educational advice", "Medical advice",
                                   "Social care advice")


def test_the_advice_form_is_in_welsh(page: Page, served_app: ServedApp):
    from ehcna_portal.services import advice_requests
    from ehcna_portal.services.advice_requests import Choice

    engine, settings = served_app.engine(), served_app.settings()
    _email, case_id, _child_id, token = decided_to_assess(served_app)
    advice_requests.send(engine, settings, case_id, [
        Choice(p.advice_type, f"{p.advice_type} {token}", "Sefydliad", f"{p.advice_type}-{token}@example.org")
        for p in advice_requests.propose(engine, case_id, uk_date(utcnow())) if p.required],
        staff_id=None, today=uk_date(utcnow()), now=utcnow())  # type: ignore
    medic = f"medical-{token}@example.org"
    link = _link_sent_to(served_app, medic)
    open_page(page, f"/cy/advice/{link}")
    page.get_by_role("button", name="Anfon cod ataf").click()
    expect(page.locator("#code")).to_be_visible()
    page.locator("#code").fill(_code_sent_to(served_app, medic))
    page.locator("form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name="Amdanoch chi")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Cam 1 o 7")  # health advice: its own section as well
    assert_accessible(page)
    page.get_by_label("Eich enw").fill("Dr Mo")
    page.get_by_label("Teitl eich swydd").fill("Pediatregydd")
    page.get_by_role("button", name="Cadw a Pharhau").click()
    expect(page.get_by_role("heading", name="Cyfathrebu a rhyngweithio")).to_be_visible()
    assert_accessible(page)
