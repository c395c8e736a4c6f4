"""Arrange review: the meeting and its deadlines recorded (SEND Regulations 2014 reg 20), refused with a clear message
when it is less than 2 weeks away, before there is a final plan, or while another review is open."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import AuditEvent, Child, EhcCase, OutboxMessage
from ehcna_portal.services import reviews
from ehcna_portal.services.plan_edits import EditRefused
from tests.support.factories import case_at, make_staff

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


def _arrange(engine, settings, case_id, staff_id, meeting):
    return reviews.arrange(engine, settings, case_id, meeting, staff_id=staff_id, today=TODAY, now=NOW)


def test_a_review_is_arranged_with_its_deadlines(engine, settings):
    case_id = case_at(engine, "final_plan_issued")
    staff_id, _ = make_staff(engine, settings)
    review = _arrange(engine, settings, case_id, staff_id, date(2027, 1, 13))
    assert (review.invitations_by, review.report_due_on, review.decision_due_on) == (
        date(2026, 12, 30), date(2027, 1, 27), date(2027, 2, 10))
    with Session(engine) as db:
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "review.arranged")).one().detail["meeting"] \
            == "2027-01-13"
        [invitation] = db.exec(select(OutboxMessage).where(OutboxMessage.template == "review_arranged")).all()
    assert "13 January 2027" in invitation.text_body and "Zebedee" not in invitation.text_body  # no personal details


def test_a_meeting_less_than_two_weeks_away_is_refused_with_the_first_date_allowed(engine, settings):
    case_id = case_at(engine, "final_plan_issued")
    staff_id, _ = make_staff(engine, settings)
    with pytest.raises(EditRefused) as refused:
        _arrange(engine, settings, case_id, staff_id, date(2026, 12, 20))  # 13 days away
    assert "at least 2 weeks away" in refused.value.problems["meeting"]
    assert "choose 21 December 2026 or later" in refused.value.problems["meeting"]
    allowed = _arrange(engine, settings, case_id, staff_id, date(2026, 12, 21))  # 14 days away
    assert allowed.meeting_on == date(2026, 12, 21)


def test_no_review_before_the_final_plan_nor_two_at_once(engine, settings):
    staff_id, _ = make_staff(engine, settings)
    with pytest.raises(EditRefused) as refused:
        _arrange(engine, settings, case_at(engine, "draft_plan_issued"), staff_id, date(2027, 1, 13))
    assert "once the final plan has been issued" in refused.value.problems["meeting"]
    case_id = case_at(engine, "final_plan_issued")
    _arrange(engine, settings, case_id, staff_id, date(2027, 1, 13))
    with pytest.raises(EditRefused) as refused:
        _arrange(engine, settings, case_id, staff_id, date(2027, 1, 20))
    assert "already arranged, for 13 January 2027" in refused.value.problems["meeting"]


def test_a_review_before_a_phase_transfer_deadline_plans_for_the_move(engine, settings):
    case_id = case_at(engine, "final_plan_issued")
    staff_id, _ = make_staff(engine, settings)
    with Session(engine) as db:
        child = db.get(Child, db.get(EhcCase, case_id).child_id)
        child.date_of_birth = date(2016, 5, 5)  # Year 6 now: Year 7 in September 2027, amended by 15 February
        db.add(child)
        db.commit()
    assert _arrange(engine, settings, case_id, staff_id, date(2027, 1, 13)).phase_transfer == "secondary"
