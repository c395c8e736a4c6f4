"""The casework state machine: every (current, new) pair of statuses, and ``change`` on a real (SQLite) case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import product

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import AuditEvent, EhcCase
from ehcna_portal.services import case_status
from ehcna_portal.services.case_status import (
    OPEN_BEFORE_DECISION,
    STATUSES,
    TRANSITIONS,
    TransitionRefused,
    allowed_next,
    check,
)
from tests.support.factories import case_at

ON = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
PAIRS = list(product(STATUSES, STATUSES))


# ---------------------------------------------------------------- the table itself

def test_every_status_has_a_transition_entry_and_every_target_is_a_status():
    assert set(TRANSITIONS) == set(STATUSES)
    for current, targets in TRANSITIONS.items():
        assert set(targets) <= set(STATUSES), current
        assert current not in targets, f"{current} may not follow itself"
        assert len(set(targets)) == len(targets), current
    assert set(OPEN_BEFORE_DECISION) <= set(STATUSES)


def test_the_ends_of_the_process_allow_nothing_next():
    for ended in ("assess_refused", "not_to_issue", "plan_ceased", "plan_ended", "withdrawn"):
        assert allowed_next(ended) == ()
    # a plan in force is reviewed until it ceases or ends at 25
    assert allowed_next("final_plan_issued") == ("plan_ceased", "plan_ended")


def test_allowed_next_is_the_transition_table_and_empty_for_unknown_statuses():
    for current in STATUSES:
        assert allowed_next(current) == TRANSITIONS[current]
    assert allowed_next("") == ()
    assert allowed_next("bogus") == ()
    assert allowed_next("SUBMITTED") == ()


@pytest.mark.parametrize(("current", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_pair_is_allowed_exactly_when_listed(current, new):
    if new in TRANSITIONS[current]:
        check(current, new)  # no exception
        assert new in allowed_next(current)
        return
    with pytest.raises(TransitionRefused) as refused:
        check(current, new)
    message = str(refused.value)
    assert f"“{STATUSES[current].label}”" in message
    assert f"“{STATUSES[new].label}”" in message
    if TRANSITIONS[current]:
        # The message lists what the request can become instead.
        for option in TRANSITIONS[current]:
            assert STATUSES[option].label in message
    else:
        assert "none (the request has ended)" in message


def test_the_refusal_message_reads_as_a_sentence():
    with pytest.raises(TransitionRefused) as refused:
        check("assess_agreed", "final_plan_issued")
    assert str(refused.value) == ("A request that is “Decided to assess” cannot become “Final plan issued”. "
                                  "It can become: Assessment in progress, Withdrawn")


@pytest.mark.parametrize("new", ["", "bogus", "Submitted", "ACKNOWLEDGED", " withdrawn"])
def test_an_unknown_new_status_is_refused(new):
    with pytest.raises(TransitionRefused, match="is not a status"):
        check("submitted", new)


@pytest.mark.parametrize("current", ["", "draft", "bogus"])
def test_an_unknown_current_status_is_refused(current):
    with pytest.raises(TransitionRefused, match="has not been submitted"):
        check(current, "acknowledged")


# ---------------------------------------------------------------- change() on a row

def load(engine: Engine, case_id: int) -> EhcCase:
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        assert case is not None
        db.expunge(case)
        return case


def audit_events(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as db:
        return list(db.exec(select(AuditEvent).where(AuditEvent.action == "case.status_changed")
                            .order_by(col(AuditEvent.id))).all())


def change(engine: Engine, case_id: int, new: str, *, reason: str = "") -> None:
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        case_status.change(db, case, new, actor="staff:7", on=ON, now=NOW, reason=reason)
        db.commit()


DECISION_FIELDS = ("decision", "decision_on", "assessment_decision", "assessment_decision_on", "final_plan_on")


@pytest.mark.parametrize(("current", "new", "written"), [
    ("submitted", "acknowledged", {}),
    ("submitted", "assess_agreed", {"decision": "assess", "decision_on": ON}),
    ("panel_scheduled", "assess_refused", {"decision": "not_assess", "decision_on": ON}),
    ("advice_complete", "issue_agreed", {"assessment_decision": "issue", "assessment_decision_on": ON}),
    ("assessment_in_progress", "not_to_issue", {"assessment_decision": "not_issue", "assessment_decision_on": ON}),
    ("advice_complete", "not_to_issue", {"assessment_decision": "not_issue", "assessment_decision_on": ON}),
    ("draft_plan_issued", "final_plan_issued", {"final_plan_on": ON}),
    ("consulting_settings", "final_plan_issued", {"final_plan_on": ON}),
    ("issue_agreed", "withdrawn", {}),
])
def test_change_writes_the_status_its_time_the_decision_fields_and_one_audit_event(engine, current, new, written):
    case_id = case_at(engine, current)
    change(engine, case_id, new, reason="panel met")

    row = load(engine, case_id)
    assert row.case_status == new
    assert row.status_changed_at is not None
    assert row.status_changed_at.replace(tzinfo=UTC) == NOW  # SQLite hands back a naive datetime
    empty = {"decision": "", "decision_on": None, "assessment_decision": "", "assessment_decision_on": None,
             "final_plan_on": None}
    assert {name: getattr(row, name) for name in DECISION_FIELDS} == {**empty, **written}

    events = audit_events(engine)
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.object_type, event.object_id) == ("staff:7", "ehc_case", str(case_id))
    assert event.detail == {"old": current, "new": new, "on": "2026-11-20", "reason": "panel met"}


def test_a_whole_request_walked_from_receipt_to_final_plan(engine):
    case_id = case_at(engine)
    path = ["acknowledged", "info_gathering", "panel_scheduled", "assess_agreed", "assessment_in_progress",
            "advice_complete", "issue_agreed", "draft_plan_issued", "consulting_settings", "final_plan_issued"]
    for new in path:
        change(engine, case_id, new)
    row = load(engine, case_id)
    assert row.case_status == "final_plan_issued"
    assert (row.decision, row.decision_on, row.assessment_decision, row.assessment_decision_on,
            row.final_plan_on) == ("assess", ON, "issue", ON, ON)
    events = audit_events(engine)
    assert [(event.detail["old"], event.detail["new"]) for event in events] == list(
        zip(["submitted", *path[:-1]], path, strict=True))
    with pytest.raises(TransitionRefused, match="It can become: Plan ceased"):
        change(engine, case_id, "withdrawn")


def test_a_refused_change_writes_nothing(engine):
    case_id = case_at(engine, "assess_refused")
    before = load(engine, case_id)
    with pytest.raises(TransitionRefused, match="“Decided not to assess” cannot become “Decided to assess”"):
        change(engine, case_id, "assess_agreed")
    after = load(engine, case_id)
    assert (after.case_status, after.status_changed_at, after.decision_on) == (
        before.case_status, before.status_changed_at, before.decision_on)
    assert audit_events(engine) == []


def test_a_case_without_a_known_status_has_none_to_change(engine):
    case_id = case_at(engine, "")
    for new in ("acknowledged", "submitted", "withdrawn"):
        with pytest.raises(TransitionRefused, match="has not been submitted"):
            change(engine, case_id, new)
    row = load(engine, case_id)
    assert (row.case_status, row.status_changed_at) == ("", None)
    assert audit_events(engine) == []


def test_the_case_moves_to_the_stage_its_status_says_and_closes_when_the_request_ends(engine):
    case_id = case_at(engine)
    for new, stage in (("assess_agreed", "assessment"), ("assessment_in_progress", "assessment"),
                       ("advice_complete", "assessment"), ("issue_agreed", "assessment"),
                       ("draft_plan_issued", "plan"), ("final_plan_issued", "reviews")):
        change(engine, case_id, new)
        assert (load(engine, case_id).stage, load(engine, case_id).closed_on) == (stage, None)
    ended = case_at(engine, "panel_scheduled")
    change(engine, ended, "assess_refused")
    assert (load(engine, ended).stage, load(engine, ended).closed_on) == ("closed", ON)


def test_a_change_made_underneath_refuses_the_stale_one(engine):
    case_id = case_at(engine)
    stale = load(engine, case_id)  # read while "submitted"
    assert stale.case_status == "submitted"
    change(engine, case_id, "acknowledged")  # someone else, a moment later

    with Session(engine) as db, pytest.raises(TransitionRefused, match="Someone else changed"):
        case_status.change(db, stale, "assess_agreed", actor="staff:8", on=ON, now=NOW)

    row = load(engine, case_id)
    assert (row.case_status, row.decision, row.decision_on) == ("acknowledged", "", None)
    assert [event.detail["new"] for event in audit_events(engine)] == ["acknowledged"]


def test_a_stale_change_is_refused_even_when_it_would_be_allowed_from_the_new_status(engine):
    case_id = case_at(engine)
    stale = load(engine, case_id)
    with Session(engine) as db:  # moved on directly, as another caseworker's commit would
        db.execute(update(EhcCase).where(col(EhcCase.id) == case_id)
                   .values(case_status="info_gathering"))
        db.commit()
    # submitted → panel_scheduled is allowed, and so is info_gathering → panel_scheduled; the row moved anyway.
    with Session(engine) as db, pytest.raises(TransitionRefused, match="Someone else changed"):
        case_status.change(db, stale, "panel_scheduled", actor="staff:8", on=ON, now=NOW)
    assert load(engine, case_id).case_status == "info_gathering"
    assert audit_events(engine) == []


def test_the_change_is_in_the_callers_transaction(engine):
    case_id = case_at(engine)
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        case_status.change(db, case, "acknowledged", actor="staff:7", on=ON, now=NOW)
        db.rollback()
    row = load(engine, case_id)
    assert (row.case_status, row.status_changed_at) == ("submitted", None)
    assert audit_events(engine) == []


# A request received on Thursday 1 October 2026 is due a decision whether to assess 6 weeks later, on Thursday
# 12 November 2026 (SEND Regulations 2014 reg 5(1)). On the 12th it is due today, not overdue; on the 13th it is.
@pytest.mark.parametrize(("status", "today", "overdue"), [
    ("submitted", date(2026, 11, 12), False),
    ("submitted", date(2026, 11, 13), True),
    ("panel_scheduled", date(2027, 1, 4), True),
    ("assess_agreed", date(2027, 1, 4), False),  # decided: the 6-week clock has stopped
    ("withdrawn", date(2027, 1, 4), False),
])
def test_overdue_is_one_rule_in_python_and_in_sql(engine: Engine, status: str, today: date, overdue: bool):
    case_id = case_at(engine, status)
    with Session(engine) as db:
        db.execute(update(EhcCase).where(col(EhcCase.id) == case_id)
                   .values(decision_due_on=date(2026, 11, 12)))
        db.commit()
        counted = db.exec(select(EhcCase.id).where(case_status.overdue_condition(today))).all()
    assert case_status.is_overdue(status, date(2026, 11, 12), today) is overdue
    assert (counted == [case_id]) is overdue
