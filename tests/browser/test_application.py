"""The EHCNA application (seed 1.3–1.5) in the browser: all 8 steps, leave and resume, Change,
consent, one submission however often Submit is pressed, uploads, two tabs, print."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlmodel import Session, select

from ehcna_portal.models import Application, ApplicationDocument, ParentAccount
from tests.browser import ehcna_steps as steps
from tests.browser.conftest import ServedApp, assert_accessible, open_page, sign_in_with_emailed_code
from tests.browser.test_children import add_child, into_ehc_area
from tests.support.images import image_bytes
from tests.support.mail import text_of, wait_for_mail
from tests.support.parents import PASSWORD

pytestmark = pytest.mark.browser


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF (what a school report looks like to the upload check)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0>>endobj\n"
            b"%" + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes() -> bytes:
    return image_bytes("PNG")  # a real picture: images are decoded and re-encoded when uploaded


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {"report": tmp_path / "school-report.pdf", "drawing": tmp_path / "als-drawing.png",
            "renamed": tmp_path / "photo-really.pdf", "huge": tmp_path / "scan.pdf"}
    made["report"].write_bytes(minimal_pdf("school report"))
    made["drawing"].write_bytes(png_bytes())
    made["renamed"].write_bytes(png_bytes())
    made["huge"].write_bytes(minimal_pdf("scan") + bytes(11 * 1024 * 1024))
    return made


def start_application(page: Page, served_app: ServedApp) -> str:
    """A parent with 2SV adds a child and presses Start; returns the parent's email address."""
    email = into_ehc_area(page, served_app)
    add_child(page, "Alan", "12")
    expect(page.locator("h1")).to_have_text("Alan Aardvaark")
    expect(page.locator("#forms")).to_contain_text(
        "Education, Health and Care Needs Assessment application form (EHCNA)")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("h1")).to_contain_text("Step 1 of 8")
    steps.wait_until_loaded(page)
    return email


def parent_id(served_app: ServedApp, email: str) -> int:
    with Session(served_app.engine()) as db:
        return db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()


def applications_of(served_app: ServedApp, email: str) -> list[Application]:
    with Session(served_app.engine()) as db:
        return list(db.exec(select(Application).where(Application.parent_id == parent_id(served_app, email))).all())


def test_a_parent_fills_in_everything_leaves_comes_back_and_submits_once(page: Page, served_app: ServedApp,
                                                                          files: dict[str, Path]):
    email = start_application(page, served_app)
    for fill in (steps.step_1, steps.step_2, steps.step_3, steps.step_4):
        fill(page)

    # Leave half-way through step 5 with SEND Home: what was typed is kept.
    page.get_by_label("At school", exact=True).check()
    page.get_by_role("button", name="SEND Home").click()
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")
    expect(page.locator("#children")).to_contain_text("Application in progress – continue at Step 5")
    page.get_by_role("link", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")

    sign_in_with_emailed_code(page, served_app, email, PASSWORD)
    page.get_by_role("link", name="Alan Aardvaark").click()
    draft = page.locator("#draft-form")
    expect(draft).to_contain_text("Continue opens Step 5")
    expect(draft).to_contain_text("If it is not saved again, it will be deleted on")
    draft.get_by_role("button", name=re.compile("^Continue")).click()
    expect(page.locator("h1")).to_contain_text("Step 5 of 8")
    steps.wait_until_loaded(page)
    expect(page.get_by_label("At school", exact=True)).to_be_checked()

    for fill in (steps.step_5, steps.step_6, steps.step_7):
        fill(page)
    steps.upload(page, files["report"], files["drawing"])
    steps.describe_document(page, "school-report.pdf", "school_report", "Sample Street Primary School")
    steps.describe_document(page, "als-drawing.png", "childs_views", "Al")
    page.get_by_label("Is there anything else you would like to tell us?").fill("Al is happiest outdoors.")
    page.get_by_role("button", name="Save & Continue").click()

    expect(page.locator("h1")).to_have_text("Summary")
    main = page.locator("main")
    expect(main).to_contain_text("Review your details before submitting. Go back to correct any mistakes")
    expect(main).to_contain_text("Form submitter details")
    expect(main).to_contain_text("Child or young person details")
    for answer in ("Polish", "Lesley, Harris", "1:1 teaching assistant every morning", "Autism", "Sam Jones",
                   "school-report.pdf", "als-drawing.png", "Al is happiest outdoors."):
        expect(main).to_contain_text(answer)
    assert_accessible(page)

    # Change one answer: back to step 4, and straight back to the summary after saving.
    page.locator("#step-4").get_by_role("link", name=re.compile("^Change")).first.click()
    expect(page.locator("h1")).to_contain_text("Step 4 of 8")
    steps.wait_until_loaded(page)
    page.get_by_label("Why are you asking for an assessment now?").fill("School have asked us to apply.")
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_have_text("Summary")
    expect(page.locator("#step-4")).to_contain_text("School have asked us to apply.")

    # Submit is refused until both statements are agreed to.
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#error-summary")).to_contain_text("Confirm that you have read the summary privacy notice")
    expect(page.locator("#error-summary")).to_contain_text("You must agree that the information can be shared")
    assert_accessible(page)
    page.get_by_label(re.compile("^I consent to the use of the information")).check()
    page.get_by_label("I agree", exact=True).check()
    page.get_by_role("button", name="Submit").dblclick()

    expect(page.locator("h1")).to_have_text("Application submitted")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"EHC-\d{4}-\d{6}", reference)
    expect(main).to_contain_text("Decision due by")
    assert_accessible(page)

    sent = [app for app in applications_of(served_app, email) if app.status == "submitted"]
    assert len(sent) == 1 and sent[0].reference == reference
    assert sent[0].consent_text_version and sent[0].consent_privacy_at and sent[0].consent_share_at
    message = wait_for_mail(served_app.smtp, email, reference)
    assert reference in text_of(message) and "Aardvaark" not in text_of(message)
    assert sum(1 for m in served_app.smtp.inbox.messages if m["To"] == email and reference in m["Subject"]) == 1

    # The form is read-only now and listed on the child's page with its reference.
    page.goto(page.url.replace("/confirmation", "/step-3"))
    expect(page.locator("h1")).to_have_text("Summary")
    expect(page.locator("main")).not_to_contain_text("Change your answers to this step")
    page.get_by_role("link", name="Home", exact=True).click()
    open_page(page, "/ehc")
    page.get_by_role("link", name="Alan Aardvaark").click()
    expect(page.locator("#forms")).to_contain_text(reference)
    expect(page.locator("#request-dates")).to_contain_text("Decision due date")
    assert_accessible(page)

    # The same print view, now with the reference and date received instead of DRAFT.
    page.locator("#forms").get_by_role("link", name=re.compile("^View")).click()
    expect(page.locator("h1")).to_have_text("Summary")
    page.get_by_role("link", name="Print your application").click()
    expect(page.locator("h1")).to_have_text("Education, Health and Care Needs Assessment application form (EHCNA)")
    steps.wait_until_loaded(page)
    expect(page.locator(".app-print-header")).to_contain_text(reference)
    page.emulate_media(media="print")
    printed = pdf_text(page.pdf(format="A4"))
    assert reference in printed and "DRAFT" not in printed and "School have asked us to apply." in printed


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
            ApplicationDocument.parent_id == parent_id(served_app, email))).all()
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
            ApplicationDocument.parent_id == parent_id(served_app, email))).one()
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


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
