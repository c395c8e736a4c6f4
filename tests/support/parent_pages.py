"""What a parent does in the browser, step by step, reused by the journeys: into the EHC area, add a child,
start an application, confirm an email address, turn on two-step verification."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.models import Application
from tests.support import ehcna_steps as steps
from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.factories import PASSWORD, make_parent
from tests.support.images import image_bytes
from tests.support.mail import link_in, wait_for_mail
from tests.support.served_app import ServedApp

REGISTERED_ADDRESS = "3 Sample Street, Synthetic test address, Coventry, CV1 9XA"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF (what a school report looks like to the upload check)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0>>endobj\n"
            b"%" + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes() -> bytes:
    return image_bytes("PNG")  # a real picture: images are decoded and re-encoded when uploaded


def upload_files(tmp_path: Path) -> dict[str, Path]:
    """The files a parent uploads in the journeys: a report, a drawing, a picture named as a PDF, an 11 MB scan."""
    made = {"report": tmp_path / "school-report.pdf", "drawing": tmp_path / "als-drawing.png",
            "renamed": tmp_path / "photo-really.pdf", "huge": tmp_path / "scan.pdf"}
    made["report"].write_bytes(minimal_pdf("school report"))
    made["drawing"].write_bytes(png_bytes())
    made["renamed"].write_bytes(png_bytes())
    made["huge"].write_bytes(minimal_pdf("scan") + bytes(11 * 1024 * 1024))
    return made


def into_ehc_area(page: Page, served_app: ServedApp) -> str:
    """A parent with emailed codes, signed in with the second factor, on SEND Home.

    The session is minted as the sign-in handoff mints it and given to the browser as its cookie: signing in
    (password, emailed code) is tested where it is under test, not again by every test that needs a parent."""
    email = make_parent(served_app.engine(), served_app.settings(), two_step="email")
    signed_in_as(page, served_app, email)
    open_page(page, "/ehc", check_accessibility=False)
    expect(page.locator("h1")).to_have_text("EHC Assessment and Review")
    return email


def signed_in_as(page: Page, served_app: ServedApp, email: str) -> None:
    """The browser holds the session cookie of ``email``'s parent, signed in with the second factor."""
    engine, settings = served_app.engine(), served_app.settings()
    token = factories.parent_session(engine, factories.parent_id_of(engine, email))
    page.context.add_cookies([{"name": cookie_name(settings), "value": token, "url": served_app.url,
                               "httpOnly": True, "sameSite": "Strict"}])


def register(page: Page, email: str, password: str = PASSWORD, *, check_accessibility: bool = True) -> None:
    """The registration form filled in (an address from the dev gazetteer), up to "Check your email"."""
    open_page(page, "/register", check_accessibility=check_accessibility)
    page.get_by_label(steps.label("Email address")).fill(email)
    page.get_by_label("Confirm email address").fill(email)
    page.get_by_label(steps.label("Password")).fill(password)
    page.get_by_label("Title").select_option("Ms")
    page.get_by_label("Forename").fill("Lesley")
    page.get_by_label("Surname").fill("Harris")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Postcode").fill("cv1 9xa")  # a synthetic postcode from the dev gazetteer
    page.get_by_role("button", name="Find address").click()
    page.get_by_label("Select an address").select_option(label=REGISTERED_ADDRESS)
    page.get_by_label("Mobile phone number").fill("07700 900 982")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Check your email")


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """On a sign-in page: the email address and password, and Sign in."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def add_child(page: Page, forename: str, day: str = "12", *, school: str = "sample primary",
              relationship: str = "Father", parent_address: str = "1 Example Street", year: str = "2017") -> None:
    """From SEND Home: Add child, every answer, the school found by search; the address starts as the
    parent's (``parent_address``)."""
    page.get_by_role("button", name="+ Add child").click()
    expect(page.locator("h1")).to_have_text("Add child")
    page.get_by_label("Forename").fill(forename)
    page.get_by_label(steps.label("Surname")).fill("Aardvaark")
    page.get_by_label("Gender (as at birth)").select_option("male")
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill(year)
    page.get_by_label("Search for the school or setting").fill(school)
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Select the school").select_option(
        label="Sample Street Primary School (Sample Street, Coventry, CV1 9XA)")
    page.get_by_label("Relationship to child").fill(relationship)
    page.get_by_label("Yes", exact=True).check()
    expect(page.get_by_label("Address line 1")).to_have_value(parent_address)  # the parent's, to start with
    page.get_by_role("button", name="Add Child").click()


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


def applications_of(served_app: ServedApp, email: str) -> list[Application]:
    with Session(served_app.engine()) as db:
        parent_id = factories.parent_id_of(served_app.engine(), email)
        return list(db.exec(select(Application).where(Application.parent_id == parent_id)).all())


def confirm_from_email(page: Page, served_app: ServedApp, email: str) -> None:
    message = wait_for_mail(served_app.smtp, email, "Confirm your email address")
    link = link_in(message, "/Account/CompleteRegistration/")
    assert link.startswith(served_app.url)  # built from EHCNA_PUBLIC_URL
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your email address is confirmed")
    assert_accessible(page)


def reach_two_step_area_and_enable(page: Page, method_label: str) -> None:
    expect(page.locator("h1")).to_have_text("My account")
    page.get_by_role("link", name="Home", exact=True).click()
    page.locator("#ehc-assessment-and-review").get_by_role("button", name="Start now").click()
    expect(page.locator("h1")).to_have_text("Two Step Verification Area")
    assert_accessible(page)
    page.get_by_role("link", name="Enable Two Step Verification now").click()
    expect(page.locator("h1")).to_have_text("Two step verification")
    assert_accessible(page)
    page.get_by_label(method_label).check()
    page.get_by_role("button", name="Save").click()


def agree_and_sign(page: Page, name: str = "Lesley Harris") -> None:
    """On the summary of a parent's request (a child under 16): both seed 1.4.2 agreements, and the declaration
    signed with ``name``."""
    page.get_by_label(re.compile("^I consent to the use of the information")).check()
    page.get_by_label("I agree", exact=True).check()
    page.get_by_label(re.compile("^The information I have given in this request is true")).check()
    page.get_by_label(re.compile("^Your full name")).fill(name)
