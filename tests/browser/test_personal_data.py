"""A parent's rights over their data (issue 8), in the served app: download everything from My account,
delete one unsent application, then delete the account (in Welsh) — the sent request is kept, the rest
goes, the confirmation email arrives, and the old sign-in no longer works. Every page is checked with
axe, for visible labels and (in Welsh) for English."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal.i18n import t
from ehcna_portal.models import Application, ApplicationDocument, Child, ParentAccount
from ehcna_portal.services import applications, children
from tests.support.browser import open_page, sign_in_with_emailed_code
from tests.support.factories import PASSWORD, REPORT
from tests.support.languages import assert_email_in, assert_page_in
from tests.support.mail import subject_of, text_of, wait_for_mail
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def _draft(served_app: ServedApp, parent_id: int, forename: str, *, with_document: bool) -> tuple[int, int]:
    engine, settings = served_app.engine(), served_app.settings()
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": forename, "middle_name": "", "surname": "Staffcase", "gender_at_birth": "male",
        "date_of_birth": date(2018, 4, 2), "school_urn": "", "school_name": "Sample Street Primary School",
        "school_status": "not_listed", "relationship": "Mother", "parental_responsibility": True,
        "address_line_1": "9 Hidden Lane", "address_line_2": "", "town": "Coventry", "postcode": "CV1 9XA",
        "uprn": ""})
    application_id, _page = applications.start(engine, parent_id, child_id)
    if with_document:
        applications.add_document(engine, settings, parent_id, application_id, "draft notes.pdf", io.BytesIO(REPORT))
    return child_id, application_id


def test_a_parent_downloads_their_data_deletes_a_draft_then_deletes_their_account(page: Page,
                                                                                 served_app: ServedApp):
    email, reference, sent_id = submitted_request(served_app, "Ottilie")
    with Session(served_app.engine()) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
    first_child, first_draft = _draft(served_app, parent_id, "Percival", with_document=False)
    second_child, second_draft = _draft(served_app, parent_id, "Quentin", with_document=True)

    open_page(page, "/sign-in", check_accessibility=False)
    sign_in_with_emailed_code(page, served_app, email, PASSWORD)
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")

    # My account › Your data › Download your data: a zip with the answers and the documents.
    open_page(page, "/account", check_accessibility=False)
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()
    assert_page_in(page, "en")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download your data").click()
    download = downloading.value
    assert re.fullmatch(r"ehc-portal-personal-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        readme = archive.read("README.txt").decode()
        report = next(name for name in names if name.endswith("school-report.pdf"))
        assert archive.read(report) == REPORT
    assert "data.json" in readme and data["account"]["email"] == email
    sent = next(application for application in data["applications"] if application["id"] == sent_id)
    answers = [row["answer"] for step in sent["answers"] for row in step["answers"]]
    assert sent["reference"] == reference and "Ottilie finds noise and crowds very hard." in answers
    expect(page.locator("h1")).to_have_text("My account")  # the download did not leave the page

    # One unsent application deleted from the child's page (GOV.UK "are you sure" page, warning button).
    open_page(page, f"/ehc/child/{first_child}/request", check_accessibility=False)
    page.locator("#draft-form").get_by_role("link", name=re.compile(r"^Delete")).click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to delete this application?")
    expect(page.get_by_role("button", name="Delete application")).to_have_class(re.compile("govuk-button--warning"))
    assert_page_in(page, "en")
    page.get_by_role("button", name="Delete application").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your application has been deleted")
    expect(page.locator("#start-form")).to_be_visible()
    assert_page_in(page, "en")
    with Session(served_app.engine()) as db:
        assert db.get(Application, first_draft) is None and db.get(Application, second_draft) is not None

    # Delete your account: what goes, what is kept (the sent request), the password to confirm.
    open_page(page, "/account", check_accessibility=False)
    page.get_by_role("link", name="Delete your account").click()
    expect(page.locator("h1")).to_have_text("Delete your account")
    expect(page.locator("#kept-requests")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("Quentin Staffcase")
    assert_page_in(page, "en")
    page.get_by_role("link", name="Cymraeg").click()  # the rest in Welsh: the page, the errors, the email
    expect(page.locator("h1")).to_have_text(t("account.delete", "cy"))
    expect(page.locator("#kept-requests")).to_contain_text(reference)
    assert_page_in(page, "cy")
    delete = page.get_by_role("button", name=t("account.delete", "cy"))
    expect(delete).to_have_class(re.compile("govuk-button--warning"))
    delete.click()
    expect(page.locator("#error-summary")).to_contain_text(t("error.current_password.empty", "cy"))
    assert_page_in(page, "cy")
    page.get_by_label(t("field.current_password", "cy")).fill("not my password at all")
    delete.click()
    expect(page.locator("#error-summary")).to_contain_text(t("error.current_password.wrong", "cy"))
    with Session(served_app.engine()) as db:
        assert db.get(ParentAccount, parent_id).email == email  # nothing happened yet
    before = len(served_app.smtp.inbox.messages)
    page.get_by_label(t("field.current_password", "cy")).fill(PASSWORD)
    delete.click()
    expect(page.locator("h1")).to_have_text(t("account_deleted.title", "cy"))
    expect(page).to_have_url(re.compile(r"/cy/account-deleted/?\?kept=1$"))
    expect(page.locator("main")).to_contain_text(t("account_deleted.email", "cy"))
    assert_page_in(page, "cy")

    message = wait_for_mail(served_app.smtp, email, t("email.account_closed.subject", "cy"), after=before)
    assert_email_in(message, "cy")
    assert reference in text_of(message) and subject_of(message) == t("email.account_closed.subject", "cy")
    with Session(served_app.engine()) as db:
        parent = db.get(ParentAccount, parent_id)
        assert parent.email.endswith("@requests.invalid") and parent.password_hash == "!"
        assert db.get(Application, sent_id).status == "submitted"  # the council's record stays
        assert db.get(Application, second_draft) is None and db.get(Child, second_child) is None
        assert db.exec(select(ApplicationDocument).where(ApplicationDocument.application_id == second_draft)).all() \
            == []

    # The old sign-in no longer works, and the session that was open is gone.
    open_page(page, "/cy/account", check_accessibility=False)
    expect(page).to_have_url(re.compile(r"/cy/sign-in"))
    page.get_by_label(t("field.email", "cy")).fill(email)
    page.get_by_label(t("field.password", "cy"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("sign_in.submit", "cy")).click()
    expect(page.locator("#error-summary")).to_contain_text(t("error.sign_in.wrong", "cy"))
