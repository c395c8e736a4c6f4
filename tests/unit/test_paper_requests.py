"""Requests received by post or email: checked, put on the clock from the day they arrived, never emailed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from ehcna_portal.models import Application, EhcCase, OutboxMessage, ParentAccount
from ehcna_portal.services import decisions, paper_requests
from ehcna_portal.services.timescales import request_deadlines

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
GOOD = {"received-day": "2", "received-month": "11", "received-year": "2026", "channel": "post",
        "requester_name": "Pat Postal", "requester_email": "", "forename": "Quinn", "surname": "Paperform",
        "gender_at_birth": "female", "dob-day": "3", "dob-month": "9", "dob-year": "2015",
        "address_line_1": "4 Letterbox Lane", "town": "Coventry", "postcode": "cv1 9xa", "school_name": ""}


def test_every_answer_is_checked():
    empty = paper_requests.check({}, TODAY)
    assert set(empty.errors) == {"received", "channel", "requester_name", "forename", "surname", "gender_at_birth",
                                 "dob", "address_line_1", "postcode"}
    assert paper_requests.check({**GOOD, "received-day": "21"}, TODAY).errors == {
        "received": "error.paper.received_future"}
    assert paper_requests.check({**GOOD, "received-year": "2025", "received-month": "1"}, TODAY).errors == {
        "received": "error.paper.received_old"}
    assert paper_requests.check({**GOOD, "requester_email": "not-an-email"}, TODAY).errors == {
        "requester_email": "error.email.format"}
    checked = paper_requests.check(GOOD, TODAY)
    assert checked.errors == {} and checked.values["postcode"] == "CV1 9XA"
    assert checked.values["received"] == date(2026, 11, 2)


def test_a_recorded_request_runs_from_the_day_it_arrived_and_its_family_is_never_emailed(engine, settings):
    case_id, reference = paper_requests.record(engine, paper_requests.check(GOOD, TODAY).values,
                                               staff_id=None, now=NOW)  # type: ignore[arg-type]
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        request = db.exec(select(Application).where(Application.case_id == case_id)).one()
        parent = db.get(ParentAccount, case.parent_id)
    assert reference == f"EHC-2026-{request.id:06d}" == case.reference == request.reference
    assert case.case_status == "submitted" and case.stage == "request"
    assert case.received_on == request.received_on == date(2026, 11, 2)
    assert case.decision_due_on == request_deadlines(date(2026, 11, 2)).decision_to_assess
    assert case.child_name == "Quinn Paperform" and case.child_postcode == "CV1 9XA"
    assert paper_requests.is_placeholder(parent.email) and parent.password_hash == "!"
    decisions.record(engine, settings, case_id, "assess", "", staff_id=None,  # type: ignore[arg-type]
                     today=TODAY, now=NOW)
    with Session(engine) as db:
        assert db.exec(select(OutboxMessage)).all() == []  # answered by post


def test_a_request_from_a_family_with_an_account_joins_it(engine):
    with Session(engine) as db:
        db.add(ParentAccount(email="known@example.com", password_hash="x", forename="Kim", surname="Known"))
        db.commit()
    values = paper_requests.check({**GOOD, "requester_email": "Known@Example.com"}, TODAY).values
    case_id, _reference = paper_requests.record(engine, values, staff_id=None, now=NOW)  # type: ignore[arg-type]
    with Session(engine) as db:
        parent = db.get(ParentAccount, db.get(EhcCase, case_id).parent_id)
    assert parent.email == "known@example.com"
