"""A professional's session over the raw websocket and HTTP (issue 20's attack tests): their advice cookie opens
their own request's page and nothing else — not the family's pages, not the staff's, not another request's link
— and their report routes answer only for their own link."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from ehcna_portal.api.advice_routes import advice_cookie_name
from ehcna_portal.models import AdviceRequest, ApplicationDocument, EhcCase
from ehcna_portal.state.application import ApplicationState
from ehcna_portal.state.children import ChildPageState
from ehcna_portal.state.professional import ProfessionalState
from ehcna_portal.state.staff_case import CaseState
from ehcna_portal.state.staff_queue import QueueState
from tests.support.advice import link_of, opened, sent_case
from tests.support.factories import marked_pdf
from tests.support.protocol import call, database_rows
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser
ABOUT = {"_step": "1", "_version": "0", "_action": "continue", "adviser_name": "Forged", "adviser_role": "Forged"}


@pytest.fixture
def psychologist(served_app: ServedApp):
    """(case id, child id, request id, the psychologist's link, their advice cookie, the medical link)."""
    engine, settings = served_app.engine(), served_app.settings()
    _parent_id, request_id, case_id = sent_case(engine, settings)
    link = link_of(engine, "psych@example.org")
    cookie = f"{advice_cookie_name(settings)}={opened(engine, settings, link)}"
    with Session(engine) as db:
        child_id = db.get(EhcCase, case_id).child_id
    return case_id, child_id, request_id, link, cookie, link_of(engine, "medic@example.org")


def test_the_advice_cookie_opens_its_own_link_and_no_family_or_staff_page(served_app: ServedApp, psychologist):
    case_id, child_id, request_id, link, cookie, _medical = psychologist
    own = call(served_app.url, cookie, f"{ProfessionalState.get_full_name()}.load", f"/advice/{link}")
    assert "About you" in own or "Ada" in own  # the call shape and the cookie are right
    for name, path in ((f"{ChildPageState.get_full_name()}.load", f"/ehc/child/{child_id}/assessment"),
                       (f"{ApplicationState.get_full_name()}.load", f"/ehc/application/{request_id}/summary"),
                       (f"{CaseState.get_full_name()}.load", f"/staff/case/{case_id}/advice"),
                       (f"{QueueState.get_full_name()}.load", "/staff")):
        seen = call(served_app.url, cookie, name, path)
        assert "Ada" not in seen and "psych@example.org" not in seen, name
        assert "sign-in" in seen, name  # sent to a sign-in page


def test_the_advice_cookie_reads_and_writes_nothing_through_another_requests_link(served_app: ServedApp,
                                                                                psychologist):
    case_id, _child_id, _request_id, _link, cookie, medical = psychologist
    before = database_rows(served_app)
    state = ProfessionalState.get_full_name()
    seen = call(served_app.url, cookie, f"{state}.load", f"/advice/{medical}")
    assert "Ada" not in seen and '"stage_rx_state_": "code"' in seen  # asked for that link's own code
    call(served_app.url, cookie, f"{state}.save_advice_step", f"/advice/{medical}", {"form_data": ABOUT})
    call(served_app.url, cookie, f"{state}.submit_advice", f"/advice/{medical}",
         {"form_data": {"declaration": "yes"}})
    assert database_rows(served_app) == before
    with Session(served_app.engine()) as db:
        answered = db.exec(select(AdviceRequest.answers).where(AdviceRequest.case_id == case_id)).all()
    assert not any(answered)


def test_a_forged_step_the_person_is_not_asked_saves_nothing(served_app: ServedApp, psychologist):
    _case_id, _child_id, _request_id, link, cookie, _medical = psychologist
    before = database_rows(served_app)
    call(served_app.url, cookie, f"{ProfessionalState.get_full_name()}.save_advice_step", f"/advice/{link}",
         {"form_data": {**ABOUT, "_step": "6", "medical_needs": "forged"}})  # health: the medical advice only
    assert database_rows(served_app) == before


def test_the_report_routes_answer_for_the_cookies_own_link_only(served_app: ServedApp, psychologist):
    _case_id, _child_id, _request_id, link, cookie, medical = psychologist
    engine = served_app.engine()
    origin = {"Origin": served_app.url}
    files = {"file": ("report.pdf", marked_pdf("Report"), "application/pdf")}
    with httpx.Client(base_url=served_app.url, follow_redirects=False) as client:
        url = f"/api/advice-reports?link={link}"
        assert client.post(url, files=files, headers={"Origin": "https://evil.example"}).status_code == 403
        assert client.post(url, files=files, headers=origin).status_code == 404  # no cookie
        name, value = cookie.split("=", 1)
        client.cookies.set(name, value)
        assert client.post(f"/api/advice-reports?link={medical}", files=files, headers=origin).status_code == 404
        stored = client.post(url, files=files, headers=origin)
        assert stored.status_code == 303 and "uploaded=1" in stored.headers["location"]
        with Session(engine) as db:
            report = db.exec(select(ApplicationDocument).where(ApplicationDocument.original_name == "report.pdf")
                             .order_by(ApplicationDocument.id.desc())).first()  # type: ignore[union-attr]
        assert client.get(f"/api/advice-reports/{report.id}?link={link}").status_code == 200
        assert client.get(f"/api/advice-reports/{report.id}?link={medical}").status_code == 404
        assert client.get(f"/api/documents/{report.id}").status_code == 404  # not through the family's route
        client.cookies.clear()
        assert client.get(f"/api/advice-reports/{report.id}?link={link}").status_code == 404
