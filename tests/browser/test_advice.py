"""The Assessment stage in the browser (issue 20, the caseworker's and the family's part): "Request advice" on a
case decided to assess, with a problem shown next to its field first; the advice tracker; advice recorded as
received; "Advice complete" refused until every request is answered, then the decision to issue a plan; the
family's Assessment tab listing who was asked, by when and whether it came — never an email
address — in English and Welsh, and their email that advice has arrived."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.models import AdviceRequest, AdviceType, EhcCase, OutboxMessage, Professional
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_requests, staff_cases
from ehcna_portal.services.advice_requests import Choice
from ehcna_portal.services.dates import uk_date
from tests.support import factories
from tests.support.browser import assert_accessible, open_page
from tests.support.parent_pages import signed_in_as
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser

BOOK = {AdviceType.MEDICAL: ("Dr Mo Medic", "Coventry and Warwickshire ICB"),
        AdviceType.PSYCHOLOGICAL: ("Pat Psych", "Coventry Educational Psychology Service"),
        AdviceType.SOCIAL_CARE: ("Cal Care", "Coventry Children's Services")}


def decided_to_assess(served_app: ServedApp, *, decided: bool = True) -> tuple[str, int, int, str]:
    """A family whose request the council decided to assess (``decided=False``: still to decide), and an address
    book: (email, case, child, token)."""
    engine, settings = served_app.engine(), served_app.settings()
    token = secrets.token_hex(3)
    email, _parent_id, request_id, _reference = factories.sent_request(engine, settings, f"Advisa{token}")
    case_id = factories.case_of(engine, request_id)
    if decided:
        staff_cases.change_status(engine, case_id, "assess_agreed", actor="staff:1", on=uk_date(utcnow()))
    with Session(engine) as db:
        # Only this test's people are suggested (earlier tests on this served app left entries of their own).
        db.execute(update(Professional).values(active=False))
        for kind, (name, organisation) in BOOK.items():
            db.add(Professional(name=f"{name} {token}", organisation=organisation, advice_type=kind,
                                email=f"{kind}-{token}@example.org"))
        child_id = db.get(EhcCase, case_id).child_id
        db.commit()
    return email, case_id, child_id, token


def received_then_decided_to_issue(page: Page, *kinds: str) -> None:
    """The caseworker records the last advice as received, then "Advice complete", then the decision to issue."""
    tracker = page.locator("#advice-tracker")
    for kind in kinds:
        tracker.locator("tr", has_text=kind).get_by_role("button", name=f"Record as received ({kind})").click()
        expect(tracker.locator("tr", has_text=kind)).to_contain_text("Received")
    page.get_by_label("Advice complete").check()
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".app-identity-bar")).to_contain_text("Advice complete")
    page.get_by_label("Issue a plan: an EHC plan will be written").check()
    page.get_by_role("button", name="Record decision and send the letter").click()
    expect(page.locator(".app-identity-bar")).to_contain_text("Decided to issue a plan")


def test_a_caseworker_requests_advice_and_the_family_sees_who_was_asked(page: Page, served_app: ServedApp):
    email, case_id, child_id, token = decided_to_assess(served_app)
    staff_sign_in(page, caseworker(served_app))
    open_page(page, routes.staff_case(case_id, "advice"))
    form = page.locator("#request-advice")
    expect(form.get_by_role("heading", name="Request advice")).to_be_visible()
    assert_accessible(page)
    # The setting has no entry in the address book: its educational advice needs a person, said at the field.
    page.get_by_role("button", name="Send advice requests").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of the person to ask")
    expect(page.locator("#educational-name-error")).to_contain_text("Enter the name of the person to ask")
    assert_accessible(page)
    page.locator("#educational-name").fill(f"Sam Senco {token}")
    page.locator("#educational-email").fill(f"senco-{token}@example.org")
    page.get_by_role("button", name="Send advice requests").click()

    tracker = page.locator("#advice-tracker")
    expect(tracker.locator("tbody tr")).to_have_count(5)  # the family, educational, medical, psychological, care
    expect(tracker).to_contain_text("Psychological advice")
    expect(tracker).to_contain_text(f"psychological-{token}@example.org")  # staff see who was emailed
    expect(tracker.locator('tr[data-status="sent"]')).to_have_count(5)
    expect(page.locator("#request-advice")).to_have_count(0)  # sent once: the form has gone
    expect(page.locator(".app-identity-bar")).to_contain_text("Assessment in progress")
    assert_accessible(page)
    psychological = tracker.locator("tr", has_text="Psychological advice")
    psychological.get_by_role("button", name="Record as received (Psychological advice)", exact=True).click()
    expect(tracker.locator("tr", has_text="Psychological advice")).to_contain_text("Received")
    # "Advice complete" waits for every request: refused, with the reason, while four are still out.
    page.get_by_label("Advice complete").check()
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Advice is complete once every advice request")
    # The clinic appointment was missed: a reg 8(2) exception, with its reason.
    settle = page.locator("details", has_text="Record an exception or withdraw a request")
    settle.get_by_text("Record an exception or withdraw a request").click()
    settle.get_by_label(re.compile(r"^Medical advice: ")).check()
    settle.get_by_label("Exception recorded").check()
    settle.get_by_label("An appointment for an examination or test in the 6 weeks was not kept").check()
    settle.get_by_label("Reason", exact=True).fill("The family could not attend the clinic on 10 December")
    settle.get_by_role("button", name="Save", exact=True).click()
    expect(tracker.locator("tr", has_text="Medical advice")).to_contain_text("Exception recorded")
    expect(tracker.locator("tr", has_text="Medical advice")).to_contain_text("could not attend the clinic")
    assert_accessible(page)
    # The social worker has left: the request goes to someone else, with a new link and 6 weeks from today.
    redirect = page.locator("details", has_text="Ask someone else instead")
    redirect.get_by_text("Ask someone else instead").click()
    redirect.get_by_label(re.compile(r"^Social care advice: ")).check()
    redirect.get_by_role("button", name="Send the request to this person").click()
    expect(page.locator("#redirect-email-error")).to_contain_text("Enter their email address")
    page.locator("#redirect-name").fill(f"Sol Worker {token}")
    page.locator("#redirect-organisation").fill("Coventry Children's Services")
    page.locator("#redirect-email").fill(f"sol-{token}@example.org")
    redirect.get_by_role("button", name="Send the request to this person").click()
    expect(tracker.locator("tr", has_text="Social care advice")).to_contain_text(f"sol-{token}@example.org")
    received_then_decided_to_issue(page, "The family’s own advice", "Educational advice", "Social care advice")

    engine = served_app.engine()
    with Session(engine) as db:
        sent = db.exec(select(OutboxMessage).where(OutboxMessage.template == "advice_requested",
                                                   OutboxMessage.to_address.contains(token))).all()
        told = db.exec(select(OutboxMessage).where(OutboxMessage.template == "advice_received",
                                                   OutboxMessage.to_address == email)).all()
    assert len(sent) == 5 and len(told) == 3  # once for each professional's advice received, not the family's own

    page.context.clear_cookies()
    signed_in_as(page, served_app, email)
    open_page(page, routes.child_page(child_id, "assessment"))
    listed = page.locator("#advice-requests")
    expect(listed.locator("tbody tr")).to_have_count(5)
    expect(listed.locator('tr[data-status="received"]')).to_have_count(4)
    expect(listed.locator("tr", has_text="Medical advice")).to_contain_text("Exception recorded")
    expect(listed).not_to_contain_text("could not attend")  # why is the council's record, not shown here
    expect(listed.locator("tr", has_text="The family’s own advice")).to_contain_text("You")
    expect(listed).to_contain_text("Coventry Educational Psychology Service")
    expect(listed).not_to_contain_text("@")  # never a professional's email address
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()  # the family chooses Welsh
    expect(page).to_have_url(re.compile(r"/cy/ehc/child/\d+/assessment$"))
    listed = page.locator("#advice-requests")
    expect(listed.locator("tr", has_text="Cyngor seicolegol")).to_contain_text("Wedi dod i law")
    assert_accessible(page)


def test_an_admin_keeps_the_address_book_of_professionals(page: Page, served_app: ServedApp):
    token = secrets.token_hex(3)
    staff_sign_in(page, caseworker(served_app, "admin", "Ada Admin"))
    open_page(page, routes.STAFF_PROFESSIONALS)
    expect(page.locator("h1")).to_have_text("Professionals asked for advice")
    page.get_by_role("button", name="Add to the address book").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their name")
    expect(page.locator("#email-error")).to_contain_text("Enter their email address")
    assert_accessible(page)
    page.get_by_label("Name").fill(f"Eli Ed {token}")
    page.get_by_label("Organisation").fill("Hilltop Nursery")
    page.get_by_label("Email address").fill(f"eli-{token}@example.org")
    page.get_by_label("Advice they give").select_option("educational")
    page.get_by_label("Language of emails").select_option("cy")
    page.get_by_role("button", name="Add to the address book").click()
    row = page.locator("#professionals tr", has_text=f"Eli Ed {token}")
    expect(row).to_contain_text("Educational advice")
    expect(row).to_contain_text("Welsh")
    assert_accessible(page)
    row.get_by_role("button", name=f"Switch off Eli Ed {token}").click()
    expect(row).to_contain_text("No, switched off")


def _link_sent_to(served_app: ServedApp, to: str) -> str:
    with Session(served_app.engine()) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "advice_requested",
                                                             OutboxMessage.to_address == to)).first()
    return body.split("/advice/", 1)[1].split()[0].rstrip(".)")


def _code_sent_to(served_app: ServedApp, to: str) -> str:
    with Session(served_app.engine()) as db:
        bodies = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "advice_code",
                                                               OutboxMessage.to_address == to)).all()
    return re.search(r"\b(\d{6})\b", bodies[-1]).group(1)


def test_a_professional_opens_their_link_with_an_emailed_code_and_sees_only_their_request(page: Page,
                                                                                       served_app: ServedApp):
    engine, settings = served_app.engine(), served_app.settings()
    _email, case_id, _child_id, token = decided_to_assess(served_app)
    proposals = advice_requests.propose(engine, case_id, uk_date(utcnow()))
    # This test's own recipients (other tests' address-book entries share the served app's database).
    advice_requests.send(engine, settings, case_id, [
        Choice(p.advice_type, f"{p.advice_type} {token}", "Organisation", f"{p.advice_type}-{token}@example.org")
        for p in proposals if p.required], staff_id=None, today=uk_date(utcnow()), now=utcnow())  # type: ignore
    psychologist = f"psychological-{token}@example.org"
    link = _link_sent_to(served_app, psychologist)

    open_page(page, f"/advice/{link}")
    expect(page.locator("h1")).to_have_text("Give advice for an EHC needs assessment")
    expect(page.locator("main")).to_contain_text("p••••@example.org")  # psychological-…@example.org, masked
    expect(page.locator("main")).not_to_contain_text("Advisa")  # nothing of the child before the code
    assert_accessible(page)
    page.get_by_role("button", name="Email me a code").click()
    page.get_by_label("Code from the email").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#code-error")).to_contain_text("Enter the 6-digit code from the email")
    assert_accessible(page)
    page.get_by_label("Code from the email").fill(_code_sent_to(served_app, psychologist))
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("main")).to_contain_text(f"Advisa{token} Staffcase")
    expect(page.locator("main")).to_contain_text("Psychological advice")
    expect(page.locator("main")).to_contain_text("finds noise and crowds very hard")  # the family's request
    assert_accessible(page)
    page.reload()  # the cookie keeps it open
    expect(page.locator("main")).to_contain_text(f"Advisa{token} Staffcase")
    with Session(engine) as db:
        status = db.exec(select(AdviceRequest.status).where(AdviceRequest.case_id == case_id,
                                                            AdviceRequest.advice_type == "psychological")).one()
    assert status == "opened"
    # The same browser through another person's link sees nothing of the case: that link asks for its own code.
    open_page(page, f"/advice/{_link_sent_to(served_app, f'medical-{token}@example.org')}")
    expect(page.get_by_role("button", name="Email me a code")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Advisa")
    open_page(page, f"/advice/{link[:-2]}xx")  # altered
    expect(page.locator("#link-refused")).to_contain_text("This link does not work")
    open_page(page, f"/cy/advice/{link}")
    expect(page.locator("h1")).to_have_text("Rhoi cyngor ar gyfer asesiad o anghenion EHC")
    assert_accessible(page)
