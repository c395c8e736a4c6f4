"""The EHC Plan stage end to end (issue 21's "Done when"): from "Decided to issue a plan" to "Final plan issued".
The caseworker starts the draft from two professionals' advice; the quality check refuses a vague item, then takes
an override with a reason; the draft is issued; the family reads it, comments on sections B and F and names a
school; the school is consulted through its link and agrees; the final plan is refused inside the family's 15
days, then (the 15 days passed) issued; the family downloads the final plan PDF, which holds the provision items
and the named school."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.models import EhcCase, OutboxMessage, PlanIssue
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import staff_cases
from ehcna_portal.services.dates import uk_date
from tests.support import ehcna_steps as steps
from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.journeys import pdf_text
from tests.support.parent_pages import signed_in_as
from tests.support.plans import two_professionals, with_schools
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser

RESPOND = "Respond to the draft"


def decided_to_issue(served_app: ServedApp) -> tuple[str, int, int]:
    """A family's request taken through the assessment to "Decided to issue a plan", with two professionals'
    advice received through their form: (email, case id, child id)."""
    engine, settings = served_app.engine(), served_app.settings()
    email, _parent_id, request_id, _reference = factories.sent_request(engine, settings,
                                                                       f"Planna{secrets.token_hex(2)}")
    case_id = factories.case_of(engine, request_id)
    two_professionals(engine, case_id)
    with_schools(engine)
    for status in ("assess_agreed", "assessment_in_progress", "advice_complete", "issue_agreed"):
        staff_cases.change_status(engine, case_id, status, actor="staff:1", on=uk_date(utcnow()))
    with Session(engine) as db:
        child_id = db.get(EhcCase, case_id).child_id
    return email, case_id, child_id


def _mail_to(served_app: ServedApp, template: str, to: str = "") -> list[str]:
    with Session(served_app.engine()) as db:
        query = select(OutboxMessage.text_body).where(OutboxMessage.template == template)
        if to:
            query = query.where(OutboxMessage.to_address == to)
        return list(db.exec(query.order_by(col(OutboxMessage.id))).all())


def _staff_plan(page: Page, case_id: int) -> None:
    open_page(page, routes.staff_case(case_id, "plan"), check_accessibility=False)
    expect(page.locator("main h2", has_text="Plan")).to_be_visible()


def _draft_issued_by_the_caseworker(page: Page, case_id: int) -> None:
    _staff_plan(page, case_id)
    page.get_by_role("button", name="Start the draft plan").click()
    expect(page.locator("#plan-F1")).to_contain_text("Precision teaching of reading, one to one")
    expect(page.locator("#plan-F2")).to_contain_text("30 minutes every week")
    expect(page.locator("#plan-F2")).to_contain_text("From the advice of Sam Rivers, Speech and language therapist")
    expect(page.locator("#plan-B")).to_contain_text("Reads two years below his age")
    assert_accessible(page)
    page.get_by_role("button", name="Issue draft plan").click()  # F1 says "Regular sessions": refused
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Provision F1 uses “regular” in how often")
    assert_accessible(page)
    page.get_by_label("Why is this wording specific enough?").fill("Daily, as agreed with the school and family")
    page.get_by_role("button", name="Override with a reason").click()
    expect(page.locator("#plan-F1")).to_contain_text("Daily, as agreed with the school and family")
    expect(page.locator("#plan-quality")).to_contain_text("The plan passes the quality check")
    page.get_by_role("button", name="Issue draft plan").click()
    expect(page.locator("#drafts-issued")).to_contain_text("Draft 1")
    expect(page.locator(".app-identity-bar")).to_contain_text("Draft plan issued")


def _family_responds(page: Page, served_app: ServedApp, email: str, child_id: int) -> None:
    signed_in_as(page, served_app, email)
    open_page(page, routes.child_page(child_id, "plan"))
    plans = page.locator("#plans")
    expect(plans).to_contain_text("Education, Health and Care plan: draft 1")
    expect(plans).to_contain_text(re.compile(r"You have until \d{1,2} \w+ \d{4} to respond"))
    plans.get_by_role("link", name="Education, Health and Care plan: draft 1", exact=True).click()
    expect(page.locator("h1")).to_have_text("Education, Health and Care plan: draft 1")
    expect(page.locator("#plan-document")).to_contain_text("Precision teaching of reading, one to one")
    expect(page.locator("#plan-document")).to_contain_text("Left blank in a draft plan")
    assert_accessible(page)

    open_page(page, routes.child_page(child_id, "plan"), check_accessibility=False)
    page.locator("#stage-forms").get_by_role("button", name=f"Start {RESPOND}").click()
    expect(page.locator("h1")).to_have_text("Step 1 of 4 – Your comments")
    steps.wait_until_loaded(page)
    page.get_by_label("Yes, I have comments").check()
    page.get_by_label("Section B: Special educational needs").fill("B misses his anxiety at transitions.")
    page.get_by_label("Section F: Special educational provision").fill("F2 should say who trains the staff.")
    assert_accessible(page)
    steps.save_and_continue(page, "Step 2 of 4")
    page.get_by_label("No").check()
    steps.save_and_continue(page, "Step 3 of 4")
    page.get_by_label("Yes").check()
    page.get_by_label("Search for the school or setting").fill("Woodfield")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status").filter(has_text="Schools and colleges found: 1")).to_be_visible()
    page.get_by_label(re.compile("^Woodfield School")).check()
    assert_accessible(page)
    steps.save_and_continue(page, "Step 4 of 4")
    page.get_by_label("No").check()
    steps.save_and_continue(page, "Summary")
    main = page.locator("main")
    expect(main).to_contain_text("B misses his anxiety at transitions.")
    expect(main).to_contain_text("Woodfield School")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Form sent")
    page.context.clear_cookies()


def _school_agrees(page: Page, served_app: ServedApp, school_email: str) -> None:
    link = _mail_to(served_app, "school_consultation", school_email)[-1].split("/consultation/", 1)[1].split()[0]
    open_page(page, f"/consultation/{link}")
    expect(page.locator("main")).not_to_contain_text("Planna")  # nothing of the child before the code
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_label("Code from the email")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", _mail_to(served_app, "consultation_code", school_email)[-1]).group(1)
    page.get_by_label("Code from the email").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#plan-document")).to_contain_text("Speech and language therapy, one to one")
    assert_accessible(page)
    page.get_by_role("button", name="Send your answer").click()  # nothing chosen: said at the fields
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether your school or college can meet")
    page.get_by_label("Yes, we can meet their needs").check()
    page.get_by_label("Your name").fill("Pat Head")
    page.get_by_label("Your job title").fill("Headteacher")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator("#consultation-answered")).to_contain_text("Yes, we can meet their needs")
    page.context.clear_cookies()


def test_from_the_decision_to_issue_to_the_final_plan(page: Page, served_app: ServedApp):
    engine = served_app.engine()
    email, case_id, child_id = decided_to_issue(served_app)
    staff = caseworker(served_app)
    staff_sign_in(page, staff)
    _draft_issued_by_the_caseworker(page, case_id)
    staff_cookies = page.context.cookies()
    page.context.clear_cookies()

    _family_responds(page, served_app, email, child_id)

    page.context.add_cookies(staff_cookies)
    _staff_plan(page, case_id)
    expect(page.locator("#family-response")).to_contain_text("F2 should say who trains the staff.")
    expect(page.locator("#family-school")).to_contain_text("Woodfield School")
    school_email = f"senco-{case_id}@woodfield.example.org"
    page.get_by_label("Woodfield School").check()
    page.get_by_label("Email address to send the consultation to").fill(school_email)
    page.get_by_role("button", name="Send consultation").click()
    expect(page.locator("#consultations")).to_contain_text("(asked for by the family)")
    expect(page.locator("#consultations tbody tr")).to_have_attribute("data-status", "sent")
    assert_accessible(page)
    page.context.clear_cookies()

    _school_agrees(page, served_app, school_email)

    page.context.add_cookies(staff_cookies)
    _staff_plan(page, case_id)
    expect(page.locator("#consultations tbody tr")).to_have_attribute("data-status", "agreed")
    page.locator("#plan-I").get_by_role("link", name="Change").click()
    expect(page.locator("h1")).to_have_text("Change this section")
    page.get_by_label("Find a school or college").fill("Woodfield")
    page.get_by_role("button", name="Find school").click()
    page.get_by_label(re.compile("^Woodfield School")).check()
    page.get_by_label("Type of school or institution").fill("Special school")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#plan-I")).to_contain_text("Woodfield School, Special school")
    page.get_by_role("button", name="Issue final plan").click()  # the family's 15 days are still running
    expect(page.locator(".govuk-error-summary")).to_contain_text("The family has until")
    with Session(engine) as db:  # the 15 days pass
        db.execute(update(PlanIssue).where(col(PlanIssue.case_id) == case_id)
                   .values(respond_by=uk_date(utcnow()) - timedelta(days=1)))
        db.commit()
    _staff_plan(page, case_id)
    page.get_by_role("button", name="Issue final plan").click()
    expect(page.locator("#final-issued")).to_contain_text("Final plan issued")
    expect(page.locator(".app-identity-bar")).to_contain_text("Final plan issued")
    page.context.clear_cookies()

    signed_in_as(page, served_app, email)
    open_page(page, routes.child_page(child_id, "plan"))
    plans = page.locator("#plans")
    expect(plans).to_contain_text("Education, Health and Care plan")
    expect(plans).not_to_contain_text("to respond")  # the final plan is issued: no window runs
    final = plans.locator("li").first
    href = final.get_by_role("link", name=re.compile("^Download the plan as a PDF")).get_attribute("href")
    downloaded = page.request.get(urljoin(served_app.url, href))
    assert downloaded.status == 200, downloaded.text()[:200]
    assert downloaded.headers["content-type"] == "application/pdf"
    assert downloaded.headers["content-disposition"].startswith("attachment")
    text = " ".join(pdf_text(downloaded.body()).split())
    for expected in ("Precision teaching of reading, one to one", "Speech and language therapy, one to one",
                     "30 minutes every week", "Woodfield School, Special school"):
        assert expected in text, expected
    assert _mail_to(served_app, "decision_made", email), "the family was emailed about the final plan"
