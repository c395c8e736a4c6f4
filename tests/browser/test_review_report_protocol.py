"""A school's review-report link over the raw websocket (issue 22's attack tests): the SENCO's cookie opens their
own review's page and nothing else — not the family's pages, not the staff's, not another school's review — and
a report once sent cannot be changed. The link's code, guesses and expiry are the invitation links' own
(tests/unit/test_review_reports.py checks them for this kind of link)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ehcna_portal.api.advice_routes import advice_cookie_name
from ehcna_portal.models import AdviceRequest, EhcCase
from ehcna_portal.state.children import ChildPageState
from ehcna_portal.state.professional import ProfessionalState
from ehcna_portal.state.school import SchoolState
from ehcna_portal.state.staff_case import CaseState
from ehcna_portal.state.staff_review import ReviewState
from tests.support.advice import opened
from tests.support.plans import review_with_school
from tests.support.protocol import call, database_rows
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser
STEP_6 = {"_step": "6", "_version": "0", "_action": "continue", "review_report_name": "Forged",
          "review_report_role": "Forged"}


@pytest.fixture
def two_schools(served_app: ServedApp):
    """Two reviews of two children's plans, each school asked for its report: (school A's case, child, link and
    cookie; school B's case and link)."""
    engine, settings = served_app.engine(), served_app.settings()
    case_a, link_a = review_with_school(engine, settings, "senco-a@school.example")
    case_b, link_b = review_with_school(engine, settings, "senco-b@school.example")
    cookie = f"{advice_cookie_name(settings)}={opened(engine, settings, link_a)}"
    with Session(engine) as db:
        child_a = db.get(EhcCase, case_a).child_id
    return case_a, child_a, link_a, cookie, case_b, link_b


def _report(served_app: ServedApp, case_id: int) -> AdviceRequest:
    with Session(served_app.engine()) as db:
        return db.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id,
                                                   AdviceRequest.review_id.is_not(None))).one()


def test_the_review_cookie_opens_its_own_review_and_no_family_staff_or_consultation_page(served_app: ServedApp,
                                                                                       two_schools):
    case_a, child_a, link_a, cookie, _case_b, _link_b = two_schools
    own = call(served_app.url, cookie, f"{ProfessionalState.get_full_name()}.load", f"/advice/{link_a}")
    assert '"step_page_rx_state_": "review_report:step-1"' in own  # the call shape and the cookie are right
    for name, path in ((f"{ChildPageState.get_full_name()}.load", f"/ehc/child/{child_a}/reviews"),
                       (f"{CaseState.get_full_name()}.load", f"/staff/case/{case_a}/reviews"),
                       (f"{ReviewState.get_full_name()}.load", f"/staff/case/{case_a}/reviews")):
        seen = call(served_app.url, cookie, name, path)
        assert "review_report:step" not in seen and "Whitley" not in seen, name
        assert "sign-in" in seen, name
    consultation = call(served_app.url, cookie, f"{SchoolState.get_full_name()}.load", f"/consultation/{link_a}")
    assert "Whitley" not in consultation  # a review's link is no consultation's


def test_the_review_cookie_reads_and_writes_nothing_through_another_schools_link(served_app: ServedApp,
                                                                              two_schools):
    _case_a, _child_a, _link_a, cookie, case_b, link_b = two_schools
    before = database_rows(served_app)
    state = ProfessionalState.get_full_name()
    seen = call(served_app.url, cookie, f"{state}.load", f"/advice/{link_b}")
    assert "review_report:" not in seen and '"stage_rx_state_": "code"' in seen  # its own code first
    call(served_app.url, cookie, f"{state}.save_advice_step", f"/advice/{link_b}", {"form_data": STEP_6})
    call(served_app.url, cookie, f"{state}.submit_advice", f"/advice/{link_b}",
         {"form_data": {"declaration": "yes"}})
    assert database_rows(served_app) == before
    assert not _report(served_app, case_b).answers


def test_forged_item_answers_are_kept_to_the_plans_own_items_and_a_sent_report_is_final(served_app: ServedApp,
                                                                                      two_schools):
    case_a, _child_a, link_a, cookie, _case_b, _link_b = two_schools
    state = ProfessionalState.get_full_name()
    forged = {"_step": "1", "_version": "0", "_action": "continue", "review_report_outcomes.E1": "on_track",
              "review_report_outcomes.E2": "made_up_choice", "review_report_outcomes.<script>": "achieved",
              "review_report_outcomes.E1.note": "x" * 10_000}
    call(served_app.url, cookie, f"{state}.load", f"/advice/{link_a}")
    call(served_app.url, cookie, f"{state}.save_advice_step", f"/advice/{link_a}", {"form_data": forged})
    saved = _report(served_app, case_a).answers["step-1"]["review_report_outcomes"]
    assert set(saved) == {"E1", "E2"}  # no key that is not an item id
    assert saved["E2"]["choice"] == "" and len(saved["E1"]["note"]) == 4000  # an unknown choice dropped; capped
    _report_row = _report(served_app, case_a)
    with Session(served_app.engine()) as db:  # sent: the report is final
        row = db.get(AdviceRequest, _report_row.id)
        row.status = "received"
        db.add(row)
        db.commit()
    before = database_rows(served_app)
    call(served_app.url, cookie, f"{state}.save_advice_step", f"/advice/{link_a}",
         {"form_data": {**STEP_6, "_version": "1"}})
    assert database_rows(served_app) == before
