"""The two whole journeys, each run on one worker (tests/browser/test_application.py, test_staff.py) and
again on the scaled-out group (three workers, PostgreSQL, Redis: tests/browser/test_scale_out.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from ehcna_portal.i18n import long_date
from ehcna_portal.models.base import utcnow
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.timescales import appeal_deadline, request_deadlines
from tests.support import ehcna_steps as steps
from tests.support.browser import assert_accessible, open_page, sign_in_with_emailed_code
from tests.support.factories import PASSWORD, REPORT
from tests.support.mail import text_of, wait_for_mail
from tests.support.parent_pages import agree_and_sign, applications_of, start_application
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF (the printed application)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def parent_fills_in_everything_leaves_comes_back_and_submits_once(page: Page, served_app: ServedApp,
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
    expect(page.locator("#error-summary")).to_contain_text("Confirm that the information you have given is true")
    expect(page.locator("#error-summary")).to_contain_text("Enter your full name")
    assert_accessible(page)
    agree_and_sign(page)
    page.get_by_role("button", name="Submit").dblclick()

    expect(page.locator("h1")).to_have_text("Application submitted")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"EHC-\d{4}-\d{6}", reference)
    expect(main).to_contain_text("Decision due by")
    assert_accessible(page)

    sent = [app for app in applications_of(served_app, email) if app.status == "submitted"]
    assert len(sent) == 1 and sent[0].reference == reference
    assert sent[0].consent_text_version and sent[0].consent_privacy_at and sent[0].consent_share_at
    assert (sent[0].declaration_name, sent[0].requested_by) == ("Lesley Harris", "parent")
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


def caseworker_takes_a_new_request_from_the_queue_to_a_decision(page: Page, browser: Browser,
                                                                       served_app: ServedApp, tmp_path: Path):
    parent_email, reference, _application_id = submitted_request(served_app, "Robin")
    staff_sign_in(page, caseworker(served_app))
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Unassigned \(\d+\)")).click()
    row = page.locator("#queue tr", has_text=reference)
    expect(row).to_contain_text("Robin Staffcase")
    expect(row).to_contain_text("Unassigned")
    expect(row).to_contain_text(long_date(request_deadlines(uk_date(utcnow())).decision_to_assess, "en"))

    page.get_by_label("Search").fill(reference.lower())
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.locator(".moj-filter-tags")).to_contain_text(reference.lower())
    assert_accessible(page)

    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.locator("h1")).to_have_text("Robin Staffcase")
    expect(page.locator("main")).to_contain_text("Robin finds noise and crowds very hard.")
    expect(page.locator("main")).to_contain_text("Family’s language")  # which language to reply in
    expect(page.locator("main")).to_contain_text("Step 1: About this request and the child")
    assert_accessible(page)
    exported = page.request.get(urljoin(served_app.url, page.get_by_role(
        "link", name="Download the answers for another system (JSON)").get_attribute("href"))).json()
    assert exported["reference"] == reference and exported["form"] == "ehcna"
    step_4 = exported["steps"][3]["answers"]["why_requesting_now"]
    assert step_4["answer"] == "Robin finds noise and crowds very hard." and step_4["question"]

    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".app-identity-bar")).to_contain_text("Casey Worker")

    page.locator(".moj-sub-navigation").get_by_role("link", name="Documents").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="school-report.pdf").click()
    assert download.value.path().read_bytes() == REPORT
    assert_accessible(page)

    # Staff add a report for the family and an internal note of a call, as files.
    for name, shared in (("advice-summary.pdf", True), ("call-notes.pdf", False)):
        path = tmp_path / name
        path.write_bytes(b"%PDF-1.4\n%" + name.encode() + b"\n%%EOF\n")
        page.get_by_label("Upload a file").set_input_files(str(path))
        page.get_by_label("Shared with the family on the child's page" if shared else "Internal: staff only").check()
        page.get_by_role("button", name="Upload file").click()
        expect(page.locator("#documents")).to_contain_text(name)
    expect(page.locator("#documents tr", has_text="advice-summary.pdf")).to_contain_text("Shared with the family")
    expect(page.locator("#documents tr", has_text="call-notes.pdf")).to_contain_text("Internal")
    internal_href = page.locator("#documents tr", has_text="call-notes.pdf").get_by_role("link").get_attribute("href")

    # Internal notes, and an exception to the time limits with its dates.
    page.locator(".moj-sub-navigation").get_by_role("link", name="Notes").click()
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#error-summary")).to_contain_text("Enter the note")
    assert_accessible(page)
    page.get_by_label("Add a note").fill("Spoke to the SENCo: report to follow.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#notes")).to_contain_text("Spoke to the SENCo: report to follow.")
    expect(page.locator("#notes")).to_contain_text("By Casey Worker")
    page.get_by_text("Record an exception to the time limits").click()
    page.get_by_label("Exceptional personal circumstances of the child, young person or parent").check()
    dates = page.get_by_role("group", name="When did it start?")
    dates.get_by_label("Day").fill("2")
    dates.get_by_label("Month").fill("3")
    dates.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record exception").click()
    page.get_by_text("Record an exception to the time limits").click()
    expect(page.locator("#exception")).to_contain_text("from 2 March 2026 to now")
    assert_accessible(page)

    # Record decision: refused without reasons, then "not to assess" with them.
    page.get_by_label("Do not assess").check()
    page.get_by_role("button", name="Record decision and send the letter").click()
    expect(page.locator("#error-summary")).to_contain_text("Enter the reasons for the decision not to assess")
    assert_accessible(page)
    page.get_by_label("Reasons").fill("Robin's needs can be met with the support the school already gives.")
    page.get_by_role("button", name="Record decision and send the letter").click()
    expect(page.locator(".app-identity-bar")).to_contain_text("Decided not to assess")

    page.locator(".moj-sub-navigation").get_by_role("link", name="History").click()
    history = page.locator("#history")
    expect(history).to_contain_text("Received → Decided not to assess")
    expect(history).to_contain_text("Assigned")
    expect(history).to_contain_text("Document downloaded")
    expect(history).to_contain_text("By Casey Worker")
    assert_accessible(page)

    # The family: an email with no personal details, then the decision and its letter on the child's page.
    email = wait_for_mail(served_app.smtp, parent_email, f"A decision has been made on your request {reference}")
    assert reference in text_of(email) and "Robin" not in text_of(email)
    parent = browser.new_context(base_url=served_app.url).new_page()
    try:
        open_page(parent, "/sign-in", check_accessibility=False)
        sign_in_with_emailed_code(parent, served_app, parent_email, PASSWORD)
        parent.get_by_role("link", name="Robin Staffcase").click()
        today = uk_date(utcnow())
        expect(parent.locator("#request-dates")).to_contain_text(f"Decision date{long_date(today, 'en')}")
        letter_link = parent.locator("#letters-request").get_by_role("link", name=re.compile("^Decision: we will not"))
        assert_accessible(parent)
        letter = parent.request.get(urljoin(served_app.url, letter_link.get_attribute("href")))
        assert letter.status == 200
        text = letter.text()
        assert "Robin&#x27;s needs can be met" in text or "Robin's needs can be met" in text
        assert f"You must appeal by {long_date(appeal_deadline(today), 'en')}" in text
        for right in ("mediation adviser", "disagreement resolution", "SENDIASS", "Tribunal"):
            assert right in text
        shared_docs = parent.locator("#letters-request")
        expect(shared_docs).to_contain_text("advice-summary.pdf")
        expect(shared_docs).not_to_contain_text("call-notes.pdf")
        shared_href = shared_docs.get_by_role("link", name="advice-summary.pdf").get_attribute("href")
        assert parent.request.get(urljoin(served_app.url, shared_href)).status == 200
        assert parent.request.get(urljoin(served_app.url, internal_href)).status == 404
    finally:
        parent.context.close()
