"""A stage's own form, end to end: the family's advice for the assessment (SEND Regulations 2014 reg 6(1)(a)) on
the Assessment tab, added to the portal as a definition and catalog entries only (forms/registry.py)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.models import Application, ApplicationStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, staff_cases
from tests.support import ehcna_steps as steps
from tests.support import factories
from tests.support.browser import assert_accessible, open_page, sent_events
from tests.support.journeys import pdf_text
from tests.support.mail import subject_of, wait_for_mail
from tests.support.parent_pages import signed_in_as
from tests.support.protocol import staff_cookie
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker

pytestmark = pytest.mark.browser

NAME = "Your advice and information for the assessment"


def assessment_tab(served_app: ServedApp) -> tuple[str, int, str]:
    """A family whose request the council has decided to assess: (email, child id, the Assessment tab's path)."""
    engine = served_app.engine()
    email, _parent_id, request_id, _reference = factories.sent_request(engine, served_app.settings(), "Ada")
    staff_cases.change_status(engine, factories.case_of(engine, request_id), "assess_agreed", actor="staff:1",
                              on=date(2026, 12, 7))
    with Session(engine) as db:
        child_id = db.get(Application, request_id).child_id
    return email, child_id, f"/ehc/child/{child_id}/assessment"


def test_the_advice_is_started_saved_resumed_summarised_sent_and_printed(page: Page, served_app: ServedApp):
    email, _child_id, tab = assessment_tab(served_app)
    signed_in_as(page, served_app, email)
    open_page(page, tab)
    forms = page.locator("#stage-forms")
    expect(page.locator("main")).to_contain_text("Select the form you wish to complete")
    expect(forms.locator("#form-parent_advice")).to_contain_text(NAME)
    expect(forms.locator("#form-parent_advice")).to_contain_text("Not started")
    forms.get_by_role("button", name=f"Start {NAME}").click()
    expect(page.locator("h1")).to_have_text("Step 1 of 4 – Your child now")
    steps.wait_until_loaded(page)
    assert_accessible(page)
    assert page.title().startswith("Step 1 of 4")
    page.get_by_label("What is your child like now?").fill("Chatty at home, very quiet at school.")
    steps.save_and_continue(page, "Step 2 of 4")
    page.get_by_label("What is difficult for your child?").fill("Loud rooms and changes of plan.")
    page.get_by_role("button", name="SEND Home").click()  # leaves: saved first
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")

    open_page(page, tab, check_accessibility=False)  # comes back: Continue opens where they left off
    row = page.locator("#form-parent_advice")
    expect(row).to_contain_text("Last saved")
    row.get_by_role("link", name=f"Continue {NAME}").click()
    expect(page.locator("h1")).to_have_text("Step 2 of 4 – What is difficult")
    steps.wait_until_loaded(page)
    expect(page.get_by_label("What is difficult for your child?")).to_have_value("Loud rooms and changes of plan.")
    steps.save_and_continue(page, "Step 3 of 4")
    steps.save_and_continue(page, "Step 4 of 4")  # every question may be left blank
    steps.save_and_continue(page, "Summary")
    main = page.locator("main")
    expect(main).to_contain_text("Chatty at home, very quiet at school.")
    expect(main).to_contain_text("Loud rooms and changes of plan.")
    expect(main).not_to_contain_text("I consent")  # no request consents on this form
    assert_accessible(page)

    before = len(served_app.smtp.inbox.messages)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Form sent")
    expect(page.locator(".govuk-panel")).to_contain_text(NAME)
    assert_accessible(page)
    message = wait_for_mail(served_app.smtp, email, "We have received your form", after=before)
    assert NAME in subject_of(message)
    with Session(served_app.engine()) as db:
        advice = [row for row in db.query(Application).filter(Application.form_key == "parent_advice")]
    assert len(advice) == 1 and advice[0].status == ApplicationStatus.SUBMITTED
    assert advice[0].answers["step-1"]["advice_about_now"] == "Chatty at home, very quiet at school."

    page.go_back()  # the summary again: sent, so nothing to change and no second Submit
    open_page(page, tab, check_accessibility=False)
    expect(page.locator("#form-parent_advice")).to_contain_text("Received")
    page.locator("#form-parent_advice").get_by_role("link", name=f"View {NAME}").click()
    expect(page.locator("h1")).to_have_text("Summary")
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)
    page.get_by_role("link", name=re.compile("^Print")).click()
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator("main")).to_contain_text("Loud rooms and changes of plan.")
    assert_accessible(page)
    printed = " ".join(pdf_text(page.pdf(format="A4")).split())  # what Print → Save as PDF gives
    assert NAME in printed and "Loud rooms and changes of plan." in printed and "Ada Staffcase" in printed


def test_save_and_continue_is_one_event_and_back_forward_and_refresh_still_work(page: Page, served_app: ServedApp):
    """The press answers with the next page and its address (state/application.py _show_page): no redirect,
    no second load; the browser's own buttons and a refresh load each page from the database as before."""
    email, _child_id, tab = assessment_tab(served_app)
    events = sent_events(page)
    signed_in_as(page, served_app, email)
    open_page(page, tab, check_accessibility=False)
    page.get_by_role("button", name=f"Start {NAME}").click()
    expect(page.locator("h1")).to_have_text("Step 1 of 4 – Your child now")
    steps.wait_until_loaded(page)
    first = page.url
    page.get_by_label("What is your child like now?").fill("Chatty at home.")
    events.clear()
    steps.save_and_continue(page, "Step 2 of 4 – What is difficult")
    page.wait_for_timeout(500)  # room for a second event (a redirect's load), were one sent
    assert events == ["submit_page"]
    assert page.url.endswith("/step-2") and page.title().startswith("Step 2 of 4")
    expect(page.locator("#saved-status")).to_have_text("Your answers to Step 1 have been saved.")
    expect(page.locator("main h1")).to_be_focused()
    assert_accessible(page)

    page.go_back()
    expect(page.locator("h1")).to_have_text("Step 1 of 4 – Your child now")
    steps.wait_until_loaded(page)
    assert page.url == first
    expect(page.get_by_label("What is your child like now?")).to_have_value("Chatty at home.")
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Step 2 of 4 – What is difficult")
    steps.wait_until_loaded(page)
    page.get_by_label("What is difficult for your child?").fill("Loud rooms.")
    events.clear()
    page.get_by_role("button", name="Back").click()  # Back saves too, in the same one event
    expect(page.locator("h1")).to_have_text("Step 1 of 4 – Your child now")
    steps.wait_until_loaded(page)
    page.wait_for_timeout(500)
    assert events == ["submit_page"] and page.url == first
    page.reload()
    expect(page.locator("h1")).to_have_text("Step 1 of 4 – Your child now")
    steps.wait_until_loaded(page)
    expect(page.get_by_label("What is your child like now?")).to_have_value("Chatty at home.")
    steps.save_and_continue(page, "Step 2 of 4 – What is difficult")
    expect(page.get_by_label("What is difficult for your child?")).to_have_value("Loud rooms.")


def test_a_caseworker_reads_the_sent_advice_on_the_case_page_and_in_the_export(browser: Browser, served_app: ServedApp):
    engine, settings = served_app.engine(), served_app.settings()
    email, child_id, _tab = assessment_tab(served_app)
    parent_id = factories.parent_id_of(engine, email)
    advice_id, _page = applications.start(engine, parent_id, child_id, "parent_advice")
    view = applications.get(engine, parent_id, advice_id)
    applications.save_step(engine, parent_id, advice_id, view.version, 2,
                           {"advice_difficult": "Loud rooms and changes of plan."}, complete=True, last_page="summary")
    assert applications.submit(engine, settings, parent_id, advice_id, given={}, now=utcnow()).submitted_now
    with Session(engine) as db:
        case_id = db.exec(select(Application.case_id).where(Application.child_id == child_id,
                                                            Application.form_key == "ehcna")).one()
    staff_email = caseworker(served_app)
    context = browser.new_context(base_url=served_app.url)
    name, value = staff_cookie(served_app, staff_email).split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": served_app.url, "httpOnly": True,
                          "sameSite": "Strict"}])
    try:
        staff = context.new_page()
        open_page(staff, routes.staff_case(case_id))
        clock = staff.locator("#statutory-clock")  # at the top: the week, what is due next and who owes it
        expect(clock).to_contain_text("Week 1 of 20")
        expect(clock).to_contain_text("decision whether to issue a plan")
        expect(clock).to_contain_text("owed by the council")
        advice = staff.locator(".app-family-form")
        expect(advice).to_contain_text(NAME)
        expect(advice).to_contain_text("What is difficult for your child?")
        expect(advice).to_contain_text("Loud rooms and changes of plan.")
        exported = staff.request.get(served_app.url + routes.case_export(case_id)).json()
        [sent] = exported["family_forms"]
        assert sent["form"] == "parent_advice" and sent["name"] == NAME
        assert "Loud rooms and changes of plan." in json.dumps(sent)
    finally:
        context.close()


def test_the_advice_is_not_offered_before_the_council_decides(page: Page, served_app: ServedApp):
    engine = served_app.engine()
    email, _parent_id, request_id, _reference = factories.sent_request(engine, served_app.settings(), "Bea")
    with Session(engine) as db:
        child_id = db.get(Application, request_id).child_id
    signed_in_as(page, served_app, email)
    open_page(page, f"/ehc/child/{child_id}/assessment")
    expect(page.locator("#stage-forms")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(NAME)
