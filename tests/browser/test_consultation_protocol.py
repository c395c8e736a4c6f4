"""A school's session over the raw websocket and HTTP (issue 21's attack tests, as for professionals): its
consultation cookie opens its own consultation's page and nothing else — not the family's pages, not the staff's,
not another school's link, not an advice link — its answer is given once, and the draft's PDF answers only for
its own link."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from ehcna_portal.api.advice_routes import advice_cookie_name
from ehcna_portal.api.plan_routes import consultation_cookie_name
from ehcna_portal.models import EhcCase, SchoolConsultation
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import consultations
from ehcna_portal.state.children import ChildPageState
from ehcna_portal.state.family_plan import FamilyPlanState
from ehcna_portal.state.professional import ProfessionalState
from ehcna_portal.state.school import SchoolState
from ehcna_portal.state.staff_case import CaseState
from ehcna_portal.state.staff_plan import PlanState
from tests.support.plans import consultation_link_of, drafted_case, school_opened
from tests.support.protocol import call, database_rows
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser
AGREE = {"answer": "agree", "name": "Forged", "role": "Forged", "reasons": ""}


@pytest.fixture
def school(served_app: ServedApp):
    """(case id, child id, Whitley's link, its consultation cookie, Woodfield's link)."""
    engine, settings = served_app.engine(), served_app.settings()
    case_id, staff_id = drafted_case(engine, settings)
    for urn, email in (("103456", f"whitley-{case_id}@example.org"), ("103457", f"woodfield-{case_id}@example.org")):
        consultations.consult(engine, settings, case_id, urn, email, staff_id=staff_id, now=utcnow())
    link = consultation_link_of(engine, f"whitley-{case_id}@example.org")
    cookie = f"{consultation_cookie_name(settings)}={school_opened(engine, settings, link, now=utcnow())}"
    with Session(engine) as db:
        child_id = db.get(EhcCase, case_id).child_id
    return case_id, child_id, link, cookie, consultation_link_of(engine, f"woodfield-{case_id}@example.org")


def test_the_consultation_cookie_opens_its_own_link_and_no_family_or_staff_page(served_app: ServedApp, school):
    case_id, child_id, link, cookie, _other = school
    own = call(served_app.url, cookie, f"{SchoolState.get_full_name()}.load", f"/consultation/{link}")
    assert "Precision teaching of reading" in own  # the call shape and the cookie are right
    for name, path in ((f"{ChildPageState.get_full_name()}.load", f"/ehc/child/{child_id}/plan"),
                       (f"{FamilyPlanState.get_full_name()}.load", "/ehc/plan/1"),
                       (f"{CaseState.get_full_name()}.load", f"/staff/case/{case_id}/plan"),
                       (f"{PlanState.get_full_name()}.load", f"/staff/case/{case_id}/plan")):
        seen = call(served_app.url, cookie, name, path)
        assert "Precision teaching" not in seen and "Zebedee" not in seen, name
        assert "sign-in" in seen, name  # sent to a sign-in page


def test_the_consultation_cookie_reads_and_answers_nothing_through_another_schools_link(served_app: ServedApp,
                                                                                      school):
    case_id, _child_id, _link, cookie, other = school
    before = database_rows(served_app)
    state = SchoolState.get_full_name()
    seen = call(served_app.url, cookie, f"{state}.load", f"/consultation/{other}")
    assert "Precision teaching" not in seen and '"stage_rx_state_": "code"' in seen  # that link's own code
    call(served_app.url, cookie, f"{state}.answer", f"/consultation/{other}", {"form_data": AGREE})
    assert database_rows(served_app) == before
    with Session(served_app.engine()) as db:
        statuses = db.exec(select(SchoolConsultation.status).where(SchoolConsultation.case_id == case_id)).all()
    assert sorted(statuses) == ["opened", "sent"]


def test_an_advice_cookie_never_opens_a_consultation(served_app: ServedApp, school):
    _case_id, _child_id, link, cookie, _other = school
    forged = f"{advice_cookie_name(served_app.settings())}={cookie.split('=', 1)[1]}"
    seen = call(served_app.url, forged, f"{SchoolState.get_full_name()}.load", f"/consultation/{link}")
    assert "Precision teaching" not in seen
    seen = call(served_app.url, cookie, f"{ProfessionalState.get_full_name()}.load", f"/advice/{link}")
    assert "Precision teaching" not in seen and '"stage_rx_state_": "unknown"' in seen


def test_the_answer_is_given_once(served_app: ServedApp, school):
    case_id, _child_id, link, cookie, _other = school
    state = SchoolState.get_full_name()
    call(served_app.url, cookie, f"{state}.answer", f"/consultation/{link}", {"form_data": AGREE})
    again = call(served_app.url, cookie, f"{state}.answer", f"/consultation/{link}",
                 {"form_data": {**AGREE, "answer": "cannot_meet", "reasons": "Changed our mind"}})
    assert "This link no longer takes answers" in again  # told, not silently dropped
    with Session(served_app.engine()) as db:
        answered = db.exec(select(SchoolConsultation).where(SchoolConsultation.case_id == case_id,
                                                            SchoolConsultation.status == "agreed")).one()
    assert answered.reasons == "" and answered.responder_name == "Forged"


def test_the_drafts_pdf_answers_for_the_cookies_own_link_only(served_app: ServedApp, school):
    _case_id, _child_id, link, cookie, other = school
    with httpx.Client(base_url=served_app.url, follow_redirects=False) as client:
        assert client.get(f"/api/consultation-plan.pdf?link={link}").status_code == 404  # no cookie
        name, value = cookie.split("=", 1)
        client.cookies.set(name, value)
        mine = client.get(f"/api/consultation-plan.pdf?link={link}")
        assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
        assert client.get(f"/api/consultation-plan.pdf?link={other}").status_code == 404
        assert client.get("/api/plans/1/plan.pdf").status_code == 404  # not through the family's or staff's route
        assert client.get(f"/api/consultation-session/start?n={'x' * 30}&link={link}").status_code == 303
