"""The EHCP Reviews stage end to end (issue 22's "Done when"): a plan in force comes up in the Reviews queue's 60-day
list; "Arrange review" refuses a meeting less than 2 weeks away, then arranges one and asks the school's SENCO for
a report; the SENCO opens the link, gives the emailed code and sends the review report (progress towards each
outcome, delivery of each provision); the family sends their views; after the meeting "Record review decision"
records "amend" with the proposed amendments; the family responds ("I have no comments"); "Issue amended plan"
issues it; the family sees both versions on the tab. Moving a date into the past stands in for time passing."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.models import EhcCase, OutboxMessage, PlanIssue, PlanReview
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import plans
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.plan_edits import Edit
from tests.support import ehcna_steps as steps
from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.plans import plan_in_force
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser


def _date(page: Page, when) -> None:
    page.locator("#meeting").fill(str(when.day))
    page.locator("#meeting-month").fill(str(when.month))
    page.locator("#meeting-year").fill(str(when.year))


SENCO = "senco@whitley.example"


def _mail(served_app: ServedApp, template: str, to: str) -> str:
    with Session(served_app.engine()) as db:
        return db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == template,
                                                             OutboxMessage.to_address == to)
                       .order_by(col(OutboxMessage.id).desc())).first() or ""


def _family(browser: Browser, served_app: ServedApp, parent_id: int) -> Page:
    """The family's own browser, signed in."""
    family = browser.new_context(base_url=served_app.url).new_page()
    token = factories.parent_session(served_app.engine(), parent_id)
    family.context.add_cookies([{"name": cookie_name(served_app.settings()), "value": token, "url": served_app.url,
                                 "httpOnly": True, "sameSite": "Strict"}])
    return family


def _senco_reports(browser: Browser, served_app: ServedApp) -> None:
    """The SENCO, with no account: the link, the emailed code, the review report by outcome and provision."""
    school = browser.new_context(base_url=served_app.url).new_page()
    link = _mail(served_app, "review_report_requested", SENCO).split("/advice/", 1)[1].split()[0].rstrip(".)")
    open_page(school, f"/advice/{link}")
    expect(school.locator("h1")).to_have_text("Report for an annual review")
    expect(school.locator("main")).not_to_contain_text("Planna")  # nothing of the child before the code
    school.get_by_role("button", name="Email me a code").click()
    expect(school.get_by_label("Code from the email")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", _mail(served_app, "advice_code", SENCO)).group(1)
    school.get_by_label("Code from the email").fill(code)
    school.get_by_role("button", name="Continue").click()
    expect(school.get_by_role("heading", name="Progress towards outcomes")).to_be_visible()
    expect(school.locator("#review_report_outcomes")).to_contain_text("E1: ")
    assert_accessible(school)
    school.get_by_role("button", name="Save & Continue").click()  # nothing chosen: said at each outcome
    expect(school.locator(".govuk-error-summary")).to_contain_text("Select the progress towards outcome E1")
    assert_accessible(school)
    school.locator("#review_report_outcomes-E1-2").check()  # On track to be achieved
    school.locator("#review_report_outcomes-E2-3").check()  # Some progress
    school.locator("#review_report_outcomes-E1-note").fill("Now reads with his group every day")
    school.get_by_role("button", name="Save & Continue").click()
    expect(school.get_by_role("heading", name="Provision", exact=True)).to_be_visible()
    school.locator("#review_report_provision-F1").check()  # Yes, as the plan says
    school.locator("#review_report_provision-F2-2").check()  # Partly
    school.locator("#review_report_provision-F2-note").fill("The therapist was off for 6 weeks")
    assert_accessible(school)
    school.get_by_role("button", name="Save & Continue").click()
    school.get_by_label("The child's or young person's views").fill("He likes the quiet room at lunch")
    school.get_by_role("button", name="Save & Continue").click()
    school.get_by_label("Section F: Special educational provision").fill("Add a second weekly therapy session")
    school.get_by_role("button", name="Save & Continue").click()
    school.get_by_label("Attendance this school year (%)").fill("94")
    school.get_by_role("button", name="Save & Continue").click()
    school.get_by_label("Your name").fill("Sam Senco")
    school.get_by_label("Your job title").fill("SENCO")
    school.get_by_role("button", name="Save & Continue").click()
    school.get_by_role("button", name="Continue").click()  # no documents to add
    expect(school.get_by_role("heading", name="Check your report and send it")).to_be_visible()
    expect(school.locator("main")).to_contain_text("The therapist was off for 6 weeks")
    school.get_by_label("I confirm that this report is accurate").check()
    school.get_by_role("button", name="Send report").click()
    expect(school.get_by_role("heading", name="The report you sent")).to_be_visible()
    assert_accessible(school)
    school.context.close()


def _family_sends_views(family: Page, child_id: int, recording: Path) -> None:
    """The family's views in writing; the child's in a voice recording."""
    open_page(family, routes.child_page(child_id, "reviews"))
    family.locator("#stage-forms").get_by_role("button", name="Start Your views for the review").click()
    steps.wait_until_loaded(family)
    family.get_by_label("What is going well for your child?").fill("He has made a friend in his class")
    family.get_by_label("What would you like to change in the plan?").fill("More speech and language therapy")
    steps.save_and_continue(family, "Summary")
    family.get_by_role("button", name="Submit").click()
    expect(family.locator("h1")).to_have_text("Form sent")
    open_page(family, routes.child_page(child_id, "reviews"))
    family.locator("#stage-forms").get_by_role("button", name=re.compile("^Start Your child")).click()
    steps.wait_until_loaded(family)
    steps.upload(family, recording)
    assert_accessible(family)
    steps.save_and_continue(family, "Summary")
    expect(family.locator("main")).to_contain_text("robin-says.mp3")
    family.get_by_role("button", name="Submit").click()
    expect(family.locator("h1")).to_have_text("Form sent")


def _family_has_no_comments(family: Page, child_id: int) -> None:
    open_page(family, routes.child_page(child_id, "reviews"))
    expect(family.locator("#plans")).to_contain_text(re.compile(r"You have until \d{1,2} \w+ \d{4} to respond"))
    family.locator("#stage-forms").get_by_role("button", name="Start Respond to the proposed amendments").click()
    steps.wait_until_loaded(family)
    family.get_by_label("I have no comments").check()
    steps.save_and_continue(family, "Step 2 of 4")
    family.get_by_label("No").check()
    steps.save_and_continue(family, "Step 3 of 4")
    family.get_by_label("No").check()
    steps.save_and_continue(family, "Step 4 of 4")
    family.get_by_label("No").check()
    steps.save_and_continue(family, "Summary")
    family.get_by_role("button", name="Submit").click()
    expect(family.locator("h1")).to_have_text("Form sent")


def test_a_review_from_the_60_day_list_to_the_amended_plan(page: Page, browser: Browser, served_app: ServedApp,
                                                          tmp_path: Path):
    engine = served_app.engine()
    case_id, staff_id = plan_in_force(engine, served_app.settings())
    today = uk_date(utcnow())
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        reference, parent_id, child_id = case.reference, case.parent_id, case.child_id
    staff_sign_in(page, caseworker(served_app))
    open_page(page, routes.with_query(routes.STAFF_REVIEWS, view="due_60"))
    reviews = page.locator("#reviews")
    expect(reviews).to_contain_text(reference)
    reviews.get_by_role("link", name=reference).click()
    expect(page.locator("#reviews-title")).to_be_visible()

    _date(page, today + timedelta(days=10))
    expect(page.get_by_label("School or setting")).to_have_value(re.compile("Whitley Academy"))
    page.get_by_label("Email address of the school's SENCO").fill(SENCO)
    page.get_by_role("button", name="Arrange review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The meeting must be at least 2 weeks away")
    assert_accessible(page)
    _date(page, today + timedelta(days=21))
    page.get_by_role("button", name="Arrange review").click()
    expect(page.locator("#open-review")).to_contain_text("Decision due by")
    expect(page.locator("#review-reports")).to_contain_text(SENCO)

    _senco_reports(browser, served_app)
    family = _family(browser, served_app, parent_id)
    recording = tmp_path / "robin-says.mp3"
    recording.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(64))
    _family_sends_views(family, child_id, recording)

    with Session(engine) as db:  # the meeting is held
        db.execute(update(PlanReview).where(col(PlanReview.case_id) == case_id)
                   .values(meeting_on=today - timedelta(days=1)))
        db.commit()
    version = plans.latest_revision(engine, case_id)
    plans.edit(engine, case_id, version, Edit("text", "A", values={"text": "He now loves football"}),
               staff_id=staff_id, now=utcnow())
    open_page(page, routes.staff_case(case_id, "reviews"), check_accessibility=False)
    sent = page.locator("#review-reports-sent")
    expect(sent).to_contain_text("Whitley Academy")
    expect(sent).to_contain_text("The therapist was off for 6 weeks")
    page.get_by_label("Amend: send the proposed amendments").check()
    page.get_by_role("button", name="Record review decision").click()
    expect(page.get_by_role("button", name="Issue amended plan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Issue amended plan").click()  # inside the family's 15 days, no answer yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("to respond to the proposed amendments")

    _family_has_no_comments(family, child_id)
    open_page(page, routes.staff_case(case_id, "reviews"), check_accessibility=False)
    expect(page.locator("#amendment-response")).to_contain_text("No comments")
    page.get_by_role("button", name="Issue amended plan").click()  # no comments: it need not wait
    expect(page.get_by_role("button", name="Issue amended plan")).to_have_count(0)
    expect(page.locator("#past-reviews")).to_contain_text("Amend")
    with Session(engine) as db:
        kinds = [issue.kind for issue in db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id)).all()]
    assert kinds == ["draft", "final", "proposed", "amendment"]

    # the family sees both versions of the plan, and when the next review is due
    open_page(family, routes.child_page(child_id, "reviews"))
    listed = family.locator("#plans")
    expect(listed).to_contain_text("Amended Education, Health and Care plan")
    expect(listed.get_by_role("link", name="Education, Health and Care plan", exact=True)).to_be_visible()
    expect(family.locator("#review-dates")).to_contain_text("next review must be held by")
    reports = family.locator("#review-reports")  # the school's report reaches the family too (reg 20(7))
    expect(reports).to_contain_text("Report from Whitley Academy")
    reports.get_by_text("Report from Whitley Academy").click()
    expect(reports).to_contain_text("The therapist was off for 6 weeks")
    assert_accessible(family)
    family.context.close()
