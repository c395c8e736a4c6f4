"""The seed's screens (issue 18): the red asterisk on Register's and Add child's mandatory fields (seed 1.1.2 and
1.2.2), Find address on Add child (1.2.2), and the sign-in box on Home (1.1.1)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal.i18n import t
from ehcna_portal.models import Child
from tests.support import ehcna_steps as steps
from tests.support.browser import assert_accessible, open_page
from tests.support.factories import PASSWORD, make_parent, parent_id_of
from tests.support.parent_pages import applications_of, into_ehc_area, start_application
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser

REGISTER_STARRED = ["Email address", "Confirm email address", "Password", "Title", "Forename", "Surname", "Gender"]
ADD_CHILD_STARRED = ["Forename", "Surname", "Gender (as at birth)", "Date of birth", "Current school",
                     "Relationship to child", "Parental responsibility"]


def starred_labels(page: Page, lang: str = "en") -> list[str]:
    """Each label or legend that carries the red asterisk, as sighted users read it without the asterisk; and
    every one of them tells screen readers " (required)" instead (the asterisk itself is hidden from them)."""
    found = page.eval_on_selector_all(".app-required", """marks => marks.map(mark => {
        const owner = mark.closest("label, legend");
        const hidden = owner.querySelector(".govuk-visually-hidden");
        return [mark.getAttribute("aria-hidden"), hidden ? hidden.textContent : "",
                owner.textContent.replace(mark.textContent, "").replace(hidden ? hidden.textContent : "", "").trim()];
    })""")
    said_instead = t("application.required", lang)
    assert all(hidden == "true" and said == said_instead for hidden, said, _text in found), found
    return [text for _hidden, _said, text in found]


def test_register_and_add_child_star_every_mandatory_field_of_the_seed(page: Page, served_app: ServedApp):
    open_page(page, "/register")
    assert starred_labels(page) == REGISTER_STARRED
    # the accessible name leaves out the hidden asterisk and says "(required)"
    expect(page.get_by_role("textbox", name="Email address (required)", exact=True)).to_be_visible()
    open_page(page, "/cy/register")
    assert len(starred_labels(page, "cy")) == len(REGISTER_STARRED)

    into_ehc_area(page, served_app)
    page.get_by_role("button", name="+ Add child").click()
    expect(page.locator("h1")).to_have_text("Add child")
    expect(page.locator(".app-required")).to_have_count(len(ADD_CHILD_STARRED))  # the form, once drawn
    assert starred_labels(page) == ADD_CHILD_STARRED
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()  # the parent chooses Welsh: Add child in Welsh
    expect(page.locator("h1")).to_have_text("Ychwanegu plentyn")
    expect(page.locator(".app-required")).to_have_count(len(ADD_CHILD_STARRED))  # the form, once drawn
    assert len(starred_labels(page, "cy")) == len(ADD_CHILD_STARRED)
    assert_accessible(page)


def test_add_child_finds_the_childs_address_by_postcode(page: Page, served_app: ServedApp):
    email = into_ehc_area(page, served_app)
    page.get_by_role("button", name="+ Add child").click()
    expect(page.locator("h1")).to_have_text("Add child")
    expect(page.get_by_label("Address line 1")).to_have_value("1 Example Street")  # the parent's, to start with
    page.get_by_label(steps.label("Forename")).fill("Posy")
    page.get_by_label(steps.label("Surname")).fill("Aardvaark")
    page.get_by_label(steps.label("Gender (as at birth)")).select_option("female")
    page.get_by_label("Day", exact=True).fill("4")
    page.get_by_label("Month", exact=True).fill("5")
    page.get_by_label("Year", exact=True).fill("2018")
    page.get_by_label("The school is not listed").check()
    page.get_by_label(re.compile("^Name of the school or setting")).fill("Little Acorns Nursery")
    page.get_by_label(steps.label("Relationship to child")).fill("Mother")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Postcode").fill("cv1 9xa")
    page.get_by_role("button", name="Find address").click()
    page.get_by_label("Select an address").select_option(
        label="3 Sample Street, Synthetic test address, Coventry, CV1 9XA")
    assert_accessible(page)
    page.get_by_role("button", name="Add Child").click()
    expect(page.locator("h1")).to_have_text("Posy Aardvaark")
    with Session(served_app.engine()) as db:
        child = db.exec(select(Child).where(Child.parent_id == parent_id_of(served_app.engine(), email))).one()
    assert (child.address_line_1, child.town, child.postcode, child.uprn) == (
        "3 Sample Street", "Coventry", "CV1 9XA", "990000000003")


    # Relationship and parental responsibility are asked once: Add child's answers fill Step 2
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("h1")).to_contain_text("Step 1 of 8")
    steps.wait_until_loaded(page)
    page.get_by_label("I am the parent or carer of the child").check()
    page.get_by_label("A new request for an education, health and care (EHC) needs assessment").check()
    steps.save_and_continue(page, "Step 2 of 8")
    expect(page.get_by_label(steps.label("What is your relationship to the child?"))).to_have_value("mother")
    expect(page.get_by_role("group", name=steps.label("Do you have parental responsibility for the child?"))
           .get_by_label("Yes", exact=True)).to_be_checked()
    page.get_by_label(steps.label("What is your relationship to the child?")).select_option("grandparent")
    steps.save_and_continue(page, "Step 3 of 8")
    with Session(served_app.engine()) as db:  # the request keeps its own answer; the child record is unchanged
        assert db.get(Child, child.id).relationship == "Mother"
    [draft] = applications_of(served_app, email)
    assert draft.answers["step-2"]["relationship_to_child"] == "grandparent"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_home_signed_out_has_the_sign_in_box_and_signed_in_the_way_in(page: Page, served_app: ServedApp, lang: str):
    email = make_parent(served_app.engine(), served_app.settings())
    prefix = "/cy" if lang == "cy" else ""
    open_page(page, prefix + "/")
    box = page.locator(".app-sign-in-box")
    expect(box).to_be_visible()
    if lang == "cy":
        return  # the Welsh Home passed axe with its box; the journey below is the same code in either language
    expect(box.get_by_role("heading", name="Sign in")).to_be_visible()
    box.get_by_label("Email address").fill(email)
    box.get_by_role("button", name="Sign in").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Password is empty")
    expect(page.locator("#password-error")).to_contain_text("Password is empty")
    assert_accessible(page)
    box.get_by_label("Password", exact=True).fill(PASSWORD)
    box.get_by_role("button", name="Show password").click()
    expect(box.get_by_label("Password", exact=True)).to_have_attribute("type", "text")
    box.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("My account")
    menu = page.locator(".app-account-menu")  # the overview is the current page, not "Contact details"
    expect(menu.locator("[aria-current=page]")).to_have_text("My account")
    expect(menu.get_by_role("link", name="Contact details")).to_have_attribute("href", "/account#contact-details")

    open_page(page, "/")
    expect(page.locator(".app-sign-in-box")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("If you are new to the portal")
    page.get_by_role("link", name="Go to EHC Assessment and Review").click()
    expect(page.locator("h1")).to_have_text(re.compile("Two Step Verification Area|EHC Assessment and Review"))


def _rows(page: Page, selector: str) -> int:
    """How many lines the elements matching ``selector`` are laid out on."""
    return page.eval_on_selector_all(
        selector, "els => new Set(els.map(e => Math.round(e.getBoundingClientRect().top))).size")


def test_the_stepper_and_the_stage_tabs_are_drawn_deliberately_on_a_desktop_and_a_phone(page: Page,
                                                                                           served_app: ServedApp):
    start_application(page, served_app)
    step_page = page.url
    page.set_viewport_size({"width": 1280, "height": 900})
    assert _rows(page, ".app-stepper li") == 1  # Step 1 … Step 8 on one line
    page.set_viewport_size({"width": 320, "height": 900})
    assert _rows(page, ".app-stepper li") == 2  # two rows of four
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    page.goto(step_page.split("/ehc/")[0] + "/ehc")
    page.get_by_role("link", name="Alan Aardvaark").first.click()
    expect(page.locator("h1")).to_have_text("Alan Aardvaark")
    tabs = ".app-tabs .govuk-tabs__list-item"
    for width, rows in ((1280, 1), (320, 4)):  # tabs in a row; on a phone a list with the current one marked
        page.set_viewport_size({"width": width, "height": 900})
        assert _rows(page, tabs) == rows
        assert page.eval_on_selector(tabs, "e => getComputedStyle(e, '::before').content") in ("none", "normal")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        expect(page.locator(".govuk-tabs__list [aria-current=page]")).to_have_text("Request")
        assert_accessible(page)
