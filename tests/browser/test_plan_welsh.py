"""The EHC Plan stage in Welsh for everyone outside the council who sees it: the family's EHC Plan tab, the draft
plan's page and PDF, "Respond to the draft" (with its school search), and the school's consultation page — each
marked up in Welsh, free of English chrome and of axe violations. The plan's own words are the council's (in
English here); every heading, label and sentence around them is Welsh."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.models import EhcCase, PlanIssue
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import consultations
from tests.support import ehcna_steps as steps
from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.journeys import pdf_text
from tests.support.languages import assert_page_in, say
from tests.support.plans import consultation_code_sent, consultation_link_of, drafted_case
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def _in_welsh_but_the_plans_own_words(page: Page) -> None:
    """axe on the whole page; then the English-leak check on everything but the plan's content — the needs,
    provision and advisers' names the council and professionals wrote, which are data, not the portal's words —
    whose headings and labels were checked above to be Welsh. The page is left without them: load it again."""
    assert_accessible(page)
    page.evaluate("() => document.querySelectorAll('.app-plan-item, .app-plan-text')"
                  ".forEach(e => e.remove())")
    assert_page_in(page, "cy")


def _save_and_continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name=say("Save & Continue", "cy")).click()
    expect(page.locator("h1")).to_contain_text(next_heading)
    steps.wait_until_loaded(page)


@pytest.fixture
def drafted(served_app: ServedApp):
    """A draft issued today (so its 15 days run): (case id, child id, parent id, draft id, staff id)."""
    engine = served_app.engine()
    case_id, staff_id = drafted_case(engine, served_app.settings(), now=utcnow(), family_language="cy")
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        draft_id = db.exec(select(PlanIssue.id).where(PlanIssue.case_id == case_id)).one()
        return case_id, case.child_id, case.parent_id, draft_id, staff_id


def test_the_family_reads_the_draft_and_starts_to_respond_in_welsh(page: Page, served_app: ServedApp, drafted):
    _case_id, child_id, parent_id, draft_id, _staff = drafted
    token = factories.parent_session(served_app.engine(), parent_id)
    page.context.add_cookies([{"name": cookie_name(served_app.settings()), "value": token, "url": served_app.url,
                               "httpOnly": True, "sameSite": "Strict"}])
    open_page(page, routes.child_page(child_id, "plan", "cy"), check_accessibility=False)
    plans = page.locator("#plans")
    expect(plans).to_contain_text("Cynllun Addysg, Iechyd a Gofal: drafft 1")
    expect(plans).to_contain_text(re.compile(r"Mae gennych tan \d{1,2} \S+ \d{4} i ymateb"))
    expect(page.locator("#stage-forms")).to_contain_text("Ymateb i'r drafft")
    assert_page_in(page, "cy")

    open_page(page, routes.plan(draft_id, "cy"), check_accessibility=False)
    expect(page.locator("h1")).to_have_text("Cynllun Addysg, Iechyd a Gofal: drafft 1")
    expect(page.locator("#plan-document")).to_contain_text("F. Darpariaeth addysgol arbennig")
    expect(page.locator("#plan-document")).to_contain_text("Wedi'i adael yn wag mewn cynllun drafft")
    _in_welsh_but_the_plans_own_words(page)
    href = page.get_by_role("link", name="Lawrlwytho'r cynllun fel PDF").get_attribute("href")
    downloaded = page.request.get(urljoin(served_app.url, href))
    assert downloaded.status == 200
    assert "Darpariaeth addysgol arbennig" in " ".join(pdf_text(downloaded.body()).split())

    open_page(page, routes.child_page(child_id, "plan", "cy"), check_accessibility=False)
    page.locator("#stage-forms").get_by_role("button", name=re.compile("Ymateb i'r drafft")).click()
    expect(page.locator("h1")).to_contain_text("Eich sylwadau")
    steps.wait_until_loaded(page)
    page.get_by_label("Oes, mae gen i sylwadau").check()
    assert_page_in(page, "cy")
    _save_and_continue(page, "Cyfarfod")
    page.get_by_label("Na hoffwn").check()
    _save_and_continue(page, "Ysgol neu goleg")
    page.get_by_label("Ydw", exact=True).check()
    page.get_by_label("Chwilio am yr ysgol neu'r lleoliad").fill("Woodfield")
    page.get_by_role("button", name="Chwilio").click()
    expect(page.get_by_role("status").filter(has_text="Ysgolion a cholegau a ddaeth i'r fei: 1")).to_be_visible()
    assert_page_in(page, "cy")


def test_the_school_answers_its_consultation_in_welsh(page: Page, served_app: ServedApp, drafted):
    engine, settings = served_app.engine(), served_app.settings()
    case_id, _child_id, _parent_id, _draft_id, staff_id = drafted
    school = f"ysgol-{case_id}@example.org"
    consultations.consult(engine, settings, case_id, "103457", school, staff_id=staff_id, now=utcnow(),
                          language="cy")
    link = consultation_link_of(engine, school)
    open_page(page, routes.consultation_link(link, "cy"), check_accessibility=False)
    expect(page.locator("h1")).to_have_text("Ymgynghoriad ar gynllun EHC drafft")
    assert_page_in(page, "cy")
    page.get_by_role("button", name=re.compile("cod")).first.click()
    code_box = page.locator("#code")
    expect(code_box).to_be_visible()
    code_box.fill(consultation_code_sent(engine))
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#plan-document")).to_contain_text("Darpariaeth addysgol arbennig")
    assert_accessible(page)
    page.locator("form#consultation-answer button[type=submit]").click()  # nothing chosen: said in Welsh
    expect(page.locator(".govuk-error-summary")).to_contain_text("Dewiswch a all eich ysgol neu'ch coleg")
    _in_welsh_but_the_plans_own_words(page)
