"""The EHCNA application (seed 1.3–1.5) in the browser: all 8 steps, leave and resume, Change,
consent, one submission however often Submit is pressed, uploads, two tabs, print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from ehcna_portal.models import ApplicationDocument
from tests.support import ehcna_steps as steps
from tests.support.browser import assert_accessible, open_page
from tests.support.factories import parent_id_of
from tests.support.journeys import parent_fills_in_everything_leaves_comes_back_and_submits_once, pdf_text
from tests.support.parent_pages import (
    into_ehc_area,
    start_application,
)
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def test_a_parent_fills_in_everything_leaves_comes_back_and_submits_once(page: Page, served_app: ServedApp,
                                                                          files: dict[str, Path]):
    parent_fills_in_everything_leaves_comes_back_and_submits_once(page, served_app, files)


def test_every_step_checks_its_answers_gov_uk_style(page: Page, served_app: ServedApp, files: dict[str, Path]):
    start_application(page, served_app)
    summary = page.locator("#error-summary")

    def continue_with_errors(*messages: str) -> None:
        page.get_by_role("button", name="Save & Continue").click()
        expect(summary).to_be_focused()
        for message in messages:
            expect(summary).to_contain_text(message)
        assert page.title().startswith("Error:")
        assert_accessible(page)

    assert_accessible(page)
    continue_with_errors("Select who is filling in this form", "Select what kind of request this is")
    page.get_by_label("What is the child's NHS number?").fill("943 476 5918")
    continue_with_errors("Enter a valid 10 digit NHS number")
    page.get_by_label("What is the child's NHS number?").fill("")
    steps.step_1(page)

    expect(page).to_have_title(re.compile("^Step 2 of 8 – Parents, carers"))  # each step has its own title
    assert_accessible(page)
    # filled in from Add child ("Father"): emptied, it is asked for like any required answer
    expect(page.get_by_label(steps.label("What is your relationship to the child?"))).to_have_value("father")
    page.get_by_label(steps.label("What is your relationship to the child?")).select_option("")
    continue_with_errors("Select your relationship to the child")
    steps.step_2(page)

    assert_accessible(page)
    page.get_by_label("Who would the child like to help them give their views?").fill("x" * 201)
    continue_with_errors("must be 200 characters or fewer")
    page.get_by_label("Who would the child like to help them give their views?").fill("Their teacher")
    steps.step_3(page)

    assert_accessible(page)
    page.get_by_label("What are the child's strengths?").fill("y" * 3001)
    expect(page.locator("#strengths-info")).to_have_text("You have 1 character too many")
    continue_with_errors("must be 3000 characters or fewer")
    page.get_by_label("What are the child's strengths?").fill("Kind")
    steps.step_4(page)

    assert_accessible(page)
    continue_with_errors("Select where the child is educated at the moment")
    steps.step_5(page)

    # Step 6: an item saved half-done (Back) is caught when the step is continued.
    assert_accessible(page)
    page.get_by_role("button", name="Add diagnosis").click()
    expect(page.locator("h1")).to_have_text("Add diagnosis")
    page.get_by_role("button", name="Save & Continue").click()
    expect(summary).to_contain_text("Enter the condition")
    assert_accessible(page)
    page.get_by_role("button", name="Back").click()
    expect(page.locator("h1")).to_contain_text("Step 6 of 8")
    continue_with_errors("Complete the missing answers for Diagnosis 1")
    page.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.locator("#remove-question")).to_contain_text("Are you sure you want to remove Diagnosis 1?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Removed")
    steps.step_6(page)

    assert_accessible(page)
    page.get_by_label("GP surgery phone number").fill("not a number")
    continue_with_errors("Enter a telephone number")
    page.get_by_label("GP surgery phone number").fill("024 7683 3333")
    steps.step_7(page)

    assert_accessible(page)
    steps.upload(page, files["report"])
    continue_with_errors("Complete the missing answers for school-report.pdf")
    steps.describe_document(page, "school-report.pdf", "school_report", "Sample Street Primary School")
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_have_text("Summary")


def test_uploads_are_checked_by_content_and_size(page: Page, served_app: ServedApp, files: dict[str, Path]):
    email = start_application(page, served_app)
    for fill in (steps.step_1, steps.step_2, steps.step_3, steps.step_4, steps.step_5, steps.step_6, steps.step_7):
        fill(page)
    error = page.locator("#file-error")

    page.get_by_label("Upload a file").set_input_files(str(files["renamed"]))
    page.get_by_role("button", name="Upload file").click()
    expect(error).to_contain_text("photo-really.pdf is not what its name says: its contents are a PNG file")
    expect(page.locator("#error-summary")).to_contain_text("is not what its name says")
    assert_accessible(page)

    page.get_by_label("Upload a file").set_input_files(str(files["huge"]))
    page.get_by_role("button", name="Upload file").click()
    expect(error).to_contain_text("The selected file must be smaller than 10 MB")

    page.get_by_role("button", name="Upload file").click()
    expect(error).to_contain_text("Select a file to upload")
    with Session(served_app.engine()) as db:
        stored = db.exec(select(ApplicationDocument).where(
            ApplicationDocument.parent_id == parent_id_of(served_app.engine(), email))).all()
    assert stored == []
    documents = served_app.settings().documents_dir
    assert not list(documents.glob(".*.part")), "a refused upload left a partial file behind"


def test_a_document_can_only_be_fetched_by_its_owner(page: Page, browser: Browser, served_app: ServedApp,
                                                     files: dict[str, Path]):
    email = start_application(page, served_app)
    steps.step_1(page)
    page.goto(page.url.replace("/step-2", "/step-8"))
    expect(page.locator("h1")).to_contain_text("Step 8 of 8")
    steps.upload(page, files["report"])
    with Session(served_app.engine()) as db:
        document = db.exec(select(ApplicationDocument).where(
            ApplicationDocument.parent_id == parent_id_of(served_app.engine(), email))).one()
    url = f"{served_app.url}/api/documents/{document.id}"
    mine = page.request.get(url)
    assert mine.status == 200 and mine.body() == files["report"].read_bytes()
    assert mine.headers["content-disposition"].startswith("attachment")
    assert mine.headers["x-content-type-options"] == "nosniff"
    application_url = page.url.split("?")[0]

    other = browser.new_context(base_url=served_app.url).new_page()
    try:
        into_ehc_area(other, served_app)
        refused = other.request.get(url)
        assert refused.status == 404 and files["report"].read_bytes() not in refused.body()
        other.goto(application_url)
        expect(other.locator("h1")).to_have_text("Page not found")
        expect(other.locator("main")).not_to_contain_text("Aardvaark")
    finally:
        other.context.close()
    anonymous = browser.new_context(base_url=served_app.url)
    try:
        assert anonymous.request.get(url).status == 404
    finally:
        anonymous.close()


def test_two_tabs_never_overwrite_each_other_unseen(page: Page, served_app: ServedApp):
    start_application(page, served_app)
    first_url = page.url
    second = page.context.new_page()
    open_page(second, first_url, check_accessibility=False)
    expect(second.locator("h1")).to_contain_text("Step 1 of 8")

    steps.step_1(page)  # the first tab saves step 1 (known as "Al")
    second.get_by_label("I am the parent or carer of the child").check()
    second.get_by_label("A new request for an education, health and care (EHC) needs assessment").check()
    second.get_by_label("What name does the child like to be called?").fill("Alfie")
    second.get_by_role("button", name="Save & Continue").click()
    banner = second.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("changed in another tab or window")
    expect(second.locator("h1")).to_contain_text("Step 1 of 8")
    expect(second.get_by_label("What name does the child like to be called?")).to_have_value("Al")
    assert_accessible(second)
    second.get_by_label("What name does the child like to be called?").fill("Alfie")
    second.get_by_role("button", name="Save & Continue").click()
    expect(second.locator("h1")).to_contain_text("Step 2 of 8")


def test_the_print_view_prints_every_answer(page: Page, served_app: ServedApp):
    start_application(page, served_app)
    steps.step_1(page)
    steps.step_2(page)
    page.goto(page.url.replace("/step-3", "/summary"))
    expect(page.locator("h1")).to_have_text("Summary")
    page.get_by_role("link", name="Print your application").click()
    expect(page.locator("h1")).to_have_text("Education, Health and Care Needs Assessment application form (EHCNA)")
    expect(page.locator("main")).to_contain_text("DRAFT")
    assert_accessible(page)
    page.emulate_media(media="print")
    text = pdf_text(page.pdf(format="A4"))
    assert "DRAFT" in text and "Polish" in text and "Lesley" in text
    assert "Step 1: About this request and the child" in text
    assert "Sign out" not in text and "Change" not in text and "Print this page" not in text
