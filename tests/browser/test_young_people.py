"""Young people and consent (issue 18; domain.md §3 "Summary consents"): a young person of 17 asks for
themselves with the consents written to them and says whether their parents are copied in; a parent of a
16-year-old says whether the young person agrees, and staff see it; the declaration's name is on the
printed PDF of the request."""

from __future__ import annotations

import io
import json
import re
import secrets
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ehcna_portal import routes
from tests.support import ehcna_steps as steps
from tests.support.browser import assert_accessible, open_page, sign_in_with_emailed_code
from tests.support.factories import PASSWORD
from tests.support.parent_pages import (
    add_child,
    applications_of,
    confirm_from_email,
    into_ehc_area,
    reach_two_step_area_and_enable,
    register,
    sign_in,
)
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser


def _born_years_ago(years: int) -> str:
    """The year of birth of someone who had their ``years``-th birthday on 1 January this year."""
    return str(date.today().year - years)


def _through_the_steps_to_the_summary(page: Page) -> None:
    """From Step 2 of 8: every later step saved as it is (only step 5 has a required question)."""
    for heading in ("Step 3 of 8", "Step 4 of 8", "Step 5 of 8"):
        steps.save_and_continue(page, heading)
    page.get_by_label("At school", exact=True).check()
    for heading in ("Step 6 of 8", "Step 7 of 8", "Step 8 of 8"):
        steps.save_and_continue(page, heading)
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_have_text("Summary")
    steps.wait_until_loaded(page)


def _start(page: Page, forename: str) -> None:
    expect(page.locator("h1")).to_have_text(f"{forename} Aardvaark")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("h1")).to_contain_text("Step 1 of 8")
    steps.wait_until_loaded(page)


def test_a_young_person_of_17_registers_adds_themselves_and_asks_in_their_own_words(page: Page,
                                                                                    served_app: ServedApp):
    email = f"young-{secrets.token_hex(4)}@example.com"
    register(page, email, check_accessibility=False)
    confirm_from_email(page, served_app, email)
    sign_in(page, email)
    reach_two_step_area_and_enable(page, "E-mail")
    expect(page.locator("h1")).to_have_text("Sign in")
    sign_in_with_emailed_code(page, served_app, email, PASSWORD)
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")
    add_child(page, "Robin", "1", relationship="Myself", parent_address="3 Sample Street", year=_born_years_ago(17))
    _start(page, "Robin")
    page.get_by_label("I am the young person (aged 16 to 25)").check()
    page.get_by_label("A new request for an education, health and care (EHC) needs assessment").check()
    steps.save_and_continue(page, "Step 2 of 8")
    expect(page.get_by_label(steps.label("What is your relationship to the child?"))).to_have_count(0)
    _through_the_steps_to_the_summary(page)

    consent = page.locator("form", has=page.get_by_role("button", name="Submit"))
    expect(consent).to_contain_text("I agree that the information I am submitting about me can be shared")
    expect(consent).not_to_contain_text("my child or dependent")
    expect(consent).not_to_contain_text("Does the young person know about this request")
    page.get_by_role("button", name="Submit").click()
    summary = page.locator("#error-summary")
    for message in ("Confirm that you have read the summary privacy notice",
                    "Select yes if you want your parents or carers to be sent copies",
                    "Confirm that the information you have given is true", "Enter your full name"):
        expect(summary).to_contain_text(message)
    assert_accessible(page)
    page.get_by_label(re.compile("^I consent to the use of the information")).check()
    page.get_by_label("I agree", exact=True).check()
    page.get_by_role("group", name=re.compile("^Do you want your parents or carers")).get_by_label(
        "Yes", exact=True).check()
    page.get_by_label(re.compile("^The information I have given in this request is true")).check()
    page.get_by_label(re.compile("^Your full name")).fill("Robin Aardvaark")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Application submitted")

    [sent] = applications_of(served_app, email)
    assert (sent.requested_by, sent.copy_parents, sent.declaration_name) == ("young_person", True, "Robin Aardvaark")

    # The printed copy (the print view, printed to PDF by the browser) carries what was agreed, word for word.
    open_page(page, f"/ehc/application/{sent.id}/print")
    consents = page.locator("#consents")
    expect(consents).to_contain_text("The young person")
    expect(consents).to_contain_text("Robin Aardvaark")
    printed = " ".join(" ".join((p.extract_text() or "").split())
                       for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert "Consent and declaration" in printed and "Signed by Robin Aardvaark" in printed, printed[-600:]
    assert "The information I have given in this request is true to the best of my knowledge" in printed


def test_a_parent_of_a_16_year_old_says_whether_they_agree_and_staff_see_the_answer(page: Page,
                                                                                   served_app: ServedApp):
    email = into_ehc_area(page, served_app)
    add_child(page, "Sasha", "1", year=_born_years_ago(16))
    _start(page, "Sasha")
    page.get_by_label("I am the parent or carer of the child").check()
    page.get_by_label("A new request for an education, health and care (EHC) needs assessment").check()
    steps.save_and_continue(page, "Step 2 of 8")
    page.get_by_label(steps.label("What is your relationship to the child?")).select_option("father")
    page.get_by_role("group", name=steps.label("Do you have parental responsibility for the child?")).get_by_label(
        "Yes", exact=True).check()
    _through_the_steps_to_the_summary(page)

    agreement = page.get_by_role("group", name=re.compile("^Does the young person know about this request"))
    expect(agreement).to_contain_text("Mental Capacity Act 2005")
    page.get_by_label(re.compile("^I consent to the use of the information")).check()
    page.get_by_label("I agree", exact=True).check()
    page.get_by_label(re.compile("^The information I have given in this request is true")).check()
    page.get_by_label(re.compile("^Your full name")).fill("Alan Aardvark")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Select whether the young person knows about this request and agrees to it")
    assert_accessible(page)
    # nothing given is lost: the boxes are still ticked and the name still typed
    expect(page.get_by_label(re.compile("^Your full name"))).to_have_value("Alan Aardvark")
    expect(page.get_by_label("I agree", exact=True)).to_be_checked()
    expect(page.get_by_label(re.compile("^The information I have given in this request is true"))).to_be_checked()
    agreement.get_by_label("They cannot decide").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Application submitted")
    [sent] = applications_of(served_app, email)
    assert (sent.requested_by, sent.young_person_agrees) == ("parent_for_young_person", "cannot_decide")

    page.context.clear_cookies()
    staff_sign_in(page, caseworker(served_app))
    open_page(page, routes.staff_case(sent.case_id, "about"))
    expect(page.locator("h1")).to_have_text("Sasha Aardvaark")
    row = page.locator(".govuk-summary-list__row", has_text="Does the young person know about this request")
    expect(row).to_contain_text("They cannot decide")
    expect(page.locator(".govuk-summary-list__row", has_text="Request made by")).to_contain_text(
        "A parent or carer, for a young person aged 16 or over")
    assert_accessible(page)
    href = page.get_by_role("link", name=re.compile("JSON")).get_attribute("href")
    exported = json.loads(page.request.get(href).text())
    assert exported["consents"]["young_person_agrees"] == "cannot_decide"
    assert exported["consents"]["declaration"]["name"] == "Alan Aardvark"
