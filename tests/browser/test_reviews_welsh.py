"""The EHCP Reviews tab in Welsh for a Welsh-speaking family: the plans issued, by when the next review must be held
and the meeting's date in words, and the family's and the child's views forms — marked up in Welsh, axe-clean and
free of English; and the school's review report through its link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.models import EhcCase, OutboxMessage
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import reviews
from ehcna_portal.services.dates import uk_date
from tests.support import ehcna_steps as steps
from tests.support import factories
from tests.support.browser import open_page
from tests.support.languages import assert_page_in
from tests.support.plans import plan_in_force, review_with_school
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def test_the_reviews_tab_and_the_views_forms_in_welsh(page: Page, served_app: ServedApp):
    engine, settings = served_app.engine(), served_app.settings()
    now = utcnow()
    case_id, staff_id = plan_in_force(engine, settings, family_language="cy")
    reviews.arrange(engine, settings, case_id, uk_date(now) + timedelta(days=21), staff_id=staff_id,
                    today=uk_date(now), now=now)
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
    token = factories.parent_session(engine, case.parent_id)
    page.context.add_cookies([{"name": cookie_name(settings), "value": token, "url": served_app.url,
                               "httpOnly": True, "sameSite": "Strict"}])
    open_page(page, routes.child_page(case.child_id, "reviews", "cy"), check_accessibility=False)
    expect(page.locator("#review-dates")).to_contain_text("Rhaid cynnal adolygiad nesaf eich plentyn erbyn")
    expect(page.locator("#review-dates")).to_contain_text("Mae'r cyfarfod adolygu ar")
    expect(page.locator("#plans")).to_contain_text("Cynllun Addysg, Iechyd a Gofal")
    expect(page.locator("#stage-forms")).to_contain_text("Eich barn ar gyfer yr adolygiad")
    assert_page_in(page, "cy")
    page.locator("#stage-forms").get_by_role("button", name=re.compile("Barn eich plentyn")).click()
    expect(page.locator("h1")).to_contain_text("Yn eu geiriau eu hunain")
    steps.wait_until_loaded(page)
    assert_page_in(page, "cy")


def test_the_schools_review_report_in_welsh(page: Page, served_app: ServedApp):
    """The SENCO's page in Welsh: the code's steps, the outcomes asked about one by one, the error at each."""
    engine, settings = served_app.engine(), served_app.settings()
    senco = "senco-cy@ysgol.example"
    _case_id, link = review_with_school(engine, settings, senco)
    open_page(page, f"/cy/advice/{link}", check_accessibility=False)
    expect(page.locator("h1")).to_have_text("Adroddiad ar gyfer adolygiad blynyddol")
    assert_page_in(page, "cy")
    page.get_by_role("button", name="Anfon cod ataf").click()
    expect(page.locator("#code")).to_be_visible()
    with Session(engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "advice_code",
                                                             OutboxMessage.to_address == senco)).first()
    page.locator("#code").fill(re.search(r"\b(\d{6})\b", body).group(1))
    page.locator("form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name="Cynnydd tuag at y canlyniadau")).to_be_visible()
    expect(page.locator("#review_report_outcomes")).to_contain_text("Ar y trywydd iawn i'w gyflawni")
    assert_page_in(page, "cy")
    page.get_by_role("button", name="Cadw a Pharhau").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Dewiswch y cynnydd tuag at ganlyniad E1")
    assert_page_in(page, "cy")
