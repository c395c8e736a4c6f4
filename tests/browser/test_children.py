"""Children (seed 1.2): SEND Home, Add child, the child's page and its four tabs; only ever one's own children."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import assert_accessible, open_page
from tests.support.parent_pages import add_child, into_ehc_area
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def test_add_two_children_see_both_and_open_every_tab(page: Page, served_app: ServedApp):
    into_ehc_area(page, served_app)
    expect(page.locator("main")).to_contain_text("You have not added a child yet")
    assert_accessible(page)
    add_child(page, "Alan", "12")
    expect(page.locator("h1")).to_have_text("Alan Aardvaark")
    page.get_by_role("link", name="Home", exact=True).click()
    page.locator("#ehc-assessment-and-review").get_by_role("button", name="Start now").click()
    add_child(page, "Amy", "13")
    expect(page.locator("h1")).to_have_text("Amy Aardvaark")

    open_page(page, "/ehc")
    cards = page.locator("#children .govuk-summary-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("12 March 2017")
    expect(cards.nth(1)).to_contain_text("13 March 2017")
    for name in ("Alan Aardvaark", "Amy Aardvaark"):
        open_page(page, "/ehc")
        page.get_by_role("link", name=name).click()
        expect(page.locator("h1")).to_have_text(name)
        expect(page.locator("main")).to_contain_text("Sample Street Primary School")
        expect(page.locator(".govuk-tabs__panel h2")).to_have_text("Request")
        expect(page.locator(".govuk-tabs__panel")).to_contain_text(
            "This can take up to 6 weeks. The step ends with a decision as to whether to assess")
        assert_accessible(page)
        for tab in ("Assessment", "EHC Plan", "EHCP Reviews", "Request"):
            page.locator(".govuk-tabs__list").get_by_role("link", name=tab, exact=True).click()
            expect(page.locator(".govuk-tabs__panel h2")).to_have_text(tab)
            expect(page.locator(".govuk-tabs__list [aria-current=page]")).to_have_text(tab)
            expect(page.locator(".govuk-tabs__panel")).to_contain_text("Information we collect at this stage")
            assert_accessible(page)
        forms = page.locator("#forms")
        expect(forms).to_contain_text("Education, Health and Care Needs Assessment application form (EHCNA)")
        expect(forms.get_by_role("button", name=re.compile("^Start"))).to_be_visible()


def test_add_child_checks_every_answer_gov_uk_style(page: Page, served_app: ServedApp):
    into_ehc_area(page, served_app)
    page.get_by_role("button", name="+ Add child").click()
    expect(page.locator("h1")).to_have_text("Add child")
    page.get_by_label("Address line 1").fill("")
    page.get_by_role("button", name="Add Child").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert summary.locator("li").all_inner_texts() == [
        "Enter the child's forename", "Enter the child's surname", "Select the child's gender as at birth",
        "Enter date of birth", "Select the child's school from the list", "Enter your relationship to this child",
        "Select yes if you have legal responsibility for this child",
        "Enter address line 1, typically the building and street",
    ]
    assert page.title().startswith("Error: Add child")
    assert_accessible(page)
    cases = [(("30", "2", "2017"), "Date of birth must be a real date"),
             (("", "3", "2017"), "Date of birth must include a day"),
             (("12", "3", "17"), "Year must include 4 numbers"),
             (("12", "3", "2099"), "Date of birth must be today or in the past"),
             (("12", "3", "1990"), "The young person must be under 25")]
    for (day, month, year), message in cases:
        page.get_by_label("Day", exact=True).fill(day)
        page.get_by_label("Month", exact=True).fill(month)
        page.get_by_label("Year", exact=True).fill(year)
        page.get_by_role("button", name="Add Child").click()
        expect(page.locator("#dob-error")).to_contain_text(message)
        expect(page.locator("#error-summary")).to_contain_text(message)


def test_the_same_child_twice_is_caught_kindly(page: Page, served_app: ServedApp):
    into_ehc_area(page, served_app)
    add_child(page, "Alan", "12")
    expect(page.locator("h1")).to_have_text("Alan Aardvaark")
    child_url = page.url
    open_page(page, "/ehc")
    add_child(page, "alan", "12")
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("You have already added this child")
    banner.get_by_role("link", name="Open their page").click()
    expect(page).to_have_url(re.compile(re.escape(child_url.rstrip("/")) + "/?$"))


def test_a_parent_cannot_open_another_parents_child(page: Page, browser, served_app: ServedApp):
    into_ehc_area(page, served_app)
    add_child(page, "Alan", "12")
    expect(page.locator("h1")).to_have_text("Alan Aardvaark")
    theirs = page.url
    other = browser.new_context(base_url=served_app.url).new_page()
    try:
        into_ehc_area(other, served_app)
        other.goto(theirs)
        expect(other.locator("h1")).to_have_text("Page not found")
        expect(other.locator("main")).not_to_contain_text("Aardvaark")
        other.goto(theirs.replace("/request", "/assessment"))
        expect(other.locator("h1")).to_have_text("Page not found")
    finally:
        other.context.close()


def test_changing_a_childs_details_keeps_the_others_and_is_audited(page: Page, served_app: ServedApp):
    into_ehc_area(page, served_app)
    add_child(page, "Alan", "12")
    expect(page.locator("h1")).to_have_text("Alan Aardvaark")
    page.get_by_role("link", name="Change the child's details").click()
    expect(page.locator("h1")).to_have_text("Change the child's details")
    expect(page.get_by_label("Forename")).to_have_value("Alan")
    expect(page.get_by_label("Day", exact=True)).to_have_value("12")
    expect(page.get_by_label("Relationship to child")).to_have_value("Father")
    page.get_by_label("Day", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#dob-error")).to_contain_text("Date of birth must include a day")
    # only the box that is wrong is marked
    expect(page.get_by_label("Day", exact=True)).to_have_class(re.compile("govuk-input--error"))
    expect(page.get_by_label("Month", exact=True)).not_to_have_class(re.compile("govuk-input--error"))
    assert_accessible(page)
    page.get_by_label("Day", exact=True).fill("14")
    page.get_by_label("Forename").fill("Alana")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The child's details have been saved")
    expect(page.locator("h1")).to_have_text("Alana Aardvaark")
    expect(page.locator("main")).to_contain_text("14 March 2017")
    expect(page.locator("main")).to_contain_text("Sample Street Primary School")
