"""The EHCP Reviews stage for the caseworker (issue 22, in part): a plan in force comes up in the Reviews queue's
60-day list; "Arrange review" refuses a meeting less than 2 weeks away, then arranges one; after the meeting
"Record review decision" records "amend" with the proposed amendments made on the Plan tab; after the family's 15
days "Issue amended plan" issues it. Moving a date into the past stands in for time passing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.models import EhcCase, PlanIssue, PlanReview
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import plan_issue, plans
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.plan_edits import Edit
from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.plans import drafted_case
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser


def plan_in_force(served_app: ServedApp) -> tuple[int, int]:
    """A final plan issued today, its review due in 45 days (as if it had been made ten and a half months ago)."""
    engine, settings = served_app.engine(), served_app.settings()
    now = utcnow()
    case_id, staff_id = drafted_case(engine, settings, now=now)
    plans.edit(engine, case_id, 2, Edit("placement", "I", values={"school_urn": "103456"}), staff_id=staff_id,
               now=now)
    with Session(engine) as db:  # the family's 15 days have passed
        db.execute(update(PlanIssue).where(col(PlanIssue.case_id) == case_id)
                   .values(respond_by=uk_date(now) - timedelta(days=1)))
        db.commit()
    plan_issue.issue_final(engine, settings, case_id, 3, staff_id=staff_id, today=uk_date(now), now=now)
    with Session(engine) as db:
        db.execute(update(EhcCase).where(col(EhcCase.id) == case_id)
                   .values(review_due_on=uk_date(now) + timedelta(days=45)))
        db.commit()
    return case_id, staff_id


def _date(page: Page, when) -> None:
    page.locator("#meeting").fill(str(when.day))
    page.locator("#meeting-month").fill(str(when.month))
    page.locator("#meeting-year").fill(str(when.year))


def test_a_review_is_listed_arranged_decided_and_the_amended_plan_issued(page: Page, served_app: ServedApp):
    engine = served_app.engine()
    case_id, staff_id = plan_in_force(served_app)
    today = uk_date(utcnow())
    staff_sign_in(page, caseworker(served_app))
    open_page(page, routes.with_query(routes.STAFF_REVIEWS, view="due_60"))
    reviews = page.locator("#reviews")
    with Session(engine) as db:
        reference = db.get(EhcCase, case_id).reference
    expect(reviews).to_contain_text(reference)
    reviews.get_by_role("link", name=reference).click()
    expect(page.locator("#reviews-title")).to_be_visible()

    _date(page, today + timedelta(days=10))
    page.get_by_role("button", name="Arrange review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The meeting must be at least 2 weeks away")
    assert_accessible(page)
    _date(page, today + timedelta(days=21))
    page.get_by_role("button", name="Arrange review").click()
    expect(page.locator("#open-review")).to_contain_text("Decision due by")

    with Session(engine) as db:  # the meeting is held
        db.execute(update(PlanReview).where(col(PlanReview.case_id) == case_id)
                   .values(meeting_on=today - timedelta(days=1)))
        db.commit()
    version = plans.latest_revision(engine, case_id)
    plans.edit(engine, case_id, version, Edit("text", "A", values={"text": "He now loves football"}),
               staff_id=staff_id, now=utcnow())
    open_page(page, routes.staff_case(case_id, "reviews"), check_accessibility=False)
    page.get_by_label("Amend: send the proposed amendments").check()
    page.get_by_role("button", name="Record review decision").click()
    expect(page.get_by_role("button", name="Issue amended plan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Issue amended plan").click()  # inside the family's 15 days
    expect(page.locator(".govuk-error-summary")).to_contain_text("to respond to the proposed amendments")
    with Session(engine) as db:  # the 15 days pass
        proposed = db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id, PlanIssue.kind == "proposed")).one()
        proposed.respond_by = today - timedelta(days=1)
        db.add(proposed)
        db.commit()
    open_page(page, routes.staff_case(case_id, "reviews"), check_accessibility=False)
    page.get_by_role("button", name="Issue amended plan").click()
    expect(page.get_by_role("button", name="Issue amended plan")).to_have_count(0)  # issued: nothing left to issue
    expect(page.locator("#past-reviews")).to_contain_text("Amend")
    with Session(engine) as db:
        kinds = [issue.kind for issue in db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id)).all()]
        case = db.get(EhcCase, case_id)
    assert kinds == ["draft", "final", "proposed", "amendment"]

    page.context.clear_cookies()  # the family sees both versions of the plan, and when the next review is due
    token = factories.parent_session(engine, case.parent_id)
    page.context.add_cookies([{"name": cookie_name(served_app.settings()), "value": token, "url": served_app.url,
                               "httpOnly": True, "sameSite": "Strict"}])
    open_page(page, routes.child_page(case.child_id, "reviews"))
    listed = page.locator("#plans")
    expect(listed).to_contain_text("Amended Education, Health and Care plan")
    expect(listed.get_by_role("link", name="Education, Health and Care plan", exact=True)).to_be_visible()
    expect(page.locator("#review-dates")).to_contain_text("next review must be held by")
    expect(page.locator("#stage-forms")).to_contain_text("Your views for the review")
