"""Record review decision and Issue amended plan: maintain keeps the plan and starts the next 12 months from the
meeting (s44(1)); amend needs proposed amendments — a version changed from the plan in force — served with 15 days
(reg 22(2)) and an amended plan due 8 weeks after (reg 22(5)); the amended plan is refused inside the 15 days;
cease ends the plan with reasons and appeal rights."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import Application, ApplicationStatus, CaseLetter, EhcCase, PlanIssue
from ehcna_portal.services import (
    applications,
    decisions,
    plans,
    review_decisions,
    reviews,
    stage_forms,
)
from ehcna_portal.services.plan_edits import Edit, EditRefused
from tests.support.plans import final_plan_issued

MEETING = date(2027, 11, 10)  # Wednesday 10 November 2027
AFTER = datetime(2027, 11, 12, 10, tzinfo=UTC)  # Friday 12 November 2027, 10am


@pytest.fixture
def in_force(engine, settings):
    """A final plan issued on 23 December 2026, and its review meeting arranged for 10 November 2027."""
    case_id, staff_id = final_plan_issued(engine, settings)
    reviews.arrange(engine, settings, case_id, MEETING, staff_id=staff_id, today=date(2027, 10, 1),
                    now=datetime(2027, 10, 1, 9, tzinfo=UTC))
    return case_id, staff_id


def _record(engine, settings, case_id, staff_id, decision, reasons="", now=AFTER):
    return review_decisions.record(engine, settings, case_id, decision, reasons, staff_id=staff_id,
                                   today=now.date(), now=now)


def test_the_decision_follows_the_meeting(engine, settings, in_force):
    case_id, staff_id = in_force
    with pytest.raises(EditRefused) as refused:
        _record(engine, settings, case_id, staff_id, "maintain", now=datetime(2027, 11, 9, 10, tzinfo=UTC))
    assert "after the review meeting, on 10 November 2027" in refused.value.problems["review_decision"]


def test_maintain_keeps_the_plan_and_the_next_review_runs_from_the_meeting(engine, settings, in_force):
    case_id, staff_id = in_force
    with Session(engine) as db:
        assert db.get(EhcCase, case_id).review_due_on == date(2027, 12, 22)
    review = _record(engine, settings, case_id, staff_id, "maintain")
    assert (review.status, review.decision, review.decided_on) == ("decided", "maintain", date(2027, 11, 12))
    with Session(engine) as db:
        assert db.get(EhcCase, case_id).review_due_on == date(2028, 11, 9)  # 12 months starting with 10 November
        letter = db.get(CaseLetter, review.letter_id)
    text = decisions.letter_content(letter, settings.public_url).text
    assert letter.phase == "reviews" and "You must appeal by 12 January 2028" in text


def test_amend_needs_proposed_amendments_then_serves_them_with_15_days_and_8_weeks(engine, settings, in_force):
    case_id, staff_id = in_force
    with pytest.raises(EditRefused) as refused:
        _record(engine, settings, case_id, staff_id, "amend")
    assert "Write the proposed amendments first" in refused.value.problems["review_decision"]
    plans.edit(engine, case_id, 3, Edit("text", "A", values={"text": "He now loves football"}), staff_id=staff_id,
               now=AFTER)
    review = _record(engine, settings, case_id, staff_id, "amend")
    with Session(engine) as db:
        proposed = db.get(PlanIssue, review.amendment_issue_id)
    # Served Friday 12 November 2027 (emailed before 4.30pm); 15 days to Friday 26 November; 8 weeks to 7 January.
    assert (proposed.kind, proposed.served_on, proposed.respond_by) == ("proposed", date(2027, 11, 12),
                                                                        date(2027, 11, 26))
    assert (review.status, review.amended_plan_due_on) == ("amendments_proposed", date(2028, 1, 7))
    with pytest.raises(EditRefused) as refused:  # inside the family's 15 days
        review_decisions.issue_amended(engine, settings, case_id, 4, staff_id=staff_id, today=date(2027, 11, 26),
                                       now=datetime(2027, 11, 26, 9, tzinfo=UTC))
    assert "until 26 November 2027" in refused.value.problems["issue-amended"]
    amended = review_decisions.issue_amended(engine, settings, case_id, 4, staff_id=staff_id,
                                             today=date(2027, 11, 29), now=datetime(2027, 11, 29, 9, tzinfo=UTC))
    assert (amended.kind, amended.number) == ("amendment", 1)
    with Session(engine) as db:
        kinds = [issue.kind for issue in db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id)
                                                .order_by(PlanIssue.id)).all()]
        assert review_decisions.in_force(db, case_id).id == amended.id
    assert kinds == ["draft", "final", "proposed", "amendment"]  # every version kept


def test_cease_needs_reasons_and_ends_the_plan(engine, settings, in_force):
    case_id, staff_id = in_force
    with pytest.raises(EditRefused) as refused:
        _record(engine, settings, case_id, staff_id, "cease")
    assert refused.value.problems == {"review_reasons": "Enter the reasons for ceasing the plan"}
    review = _record(engine, settings, case_id, staff_id, "cease", "He has left education for work")
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        letter = db.get(CaseLetter, review.letter_id)
    assert (case.case_status, case.stage, case.review_due_on) == ("plan_ceased", "closed", None)
    assert "He has left education for work" in decisions.letter_content(letter, settings.public_url).text


def test_the_family_answers_proposed_amendments_and_no_comments_lets_the_amended_plan_go_early(
        engine, settings, in_force):
    """"Respond to the proposed amendments" is offered only while amendments are proposed (reg 22(2)); "I have no
    comments" lets the amended plan be issued inside the 15 days (audited as early); the views forms come round
    again once the review is decided."""
    case_id, staff_id = in_force
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        parent_id, child_id = case.parent_id, case.child_id
    offered = {row.key for row in stage_forms.on_tab(engine, parent_id, child_id, "reviews")}
    assert offered == {"review_family_views", "review_child_views"}  # nothing proposed yet
    assert applications.start(engine, parent_id, child_id, "amendment_response") is None
    views_id, _page = applications.start(engine, parent_id, child_id, "review_family_views")
    with Session(engine) as db:
        views = db.get(Application, views_id)
        views.status, views.submitted_at = ApplicationStatus.SUBMITTED, datetime(2027, 11, 1, 9, tzinfo=UTC)
        db.add(views)
        db.commit()
    plans.edit(engine, case_id, 3, Edit("text", "A", values={"text": "He now loves football"}), staff_id=staff_id,
               now=AFTER)
    _record(engine, settings, case_id, staff_id, "amend")
    rows = {row.key: row.status for row in stage_forms.on_tab(engine, parent_id, child_id, "reviews")}
    # the views sent for this review belong to it: the next review's are not started
    assert rows == {"review_family_views": "not_started", "review_child_views": "not_started",
                    "amendment_response": "not_started"}
    response_id, _page = applications.start(engine, parent_id, child_id, "amendment_response")
    with Session(engine) as db:
        response = db.get(Application, response_id)
        response.status, response.submitted_at = ApplicationStatus.SUBMITTED, datetime(2027, 11, 15, 9, tzinfo=UTC)
        response.answers = {"step-1": {"amend_has_comments": "no"}, "step-2": {"amend_meeting": "no"},
                            "step-3": {"amend_school_wanted": "no"}, "step-4": {"amend_personal_budget": "no"}}
        db.add(response)
        db.commit()
    amended = review_decisions.issue_amended(engine, settings, case_id, 4, staff_id=staff_id,
                                             today=date(2027, 11, 16), now=datetime(2027, 11, 16, 9, tzinfo=UTC))
    assert amended.kind == "amendment" and amended.early_because_no_comments
    offered = {row.key for row in stage_forms.on_tab(engine, parent_id, child_id, "reviews")}
    assert "amendment_response" in offered  # sent: still listed, read only
    assert applications.start(engine, parent_id, child_id, "amendment_response")[0] == response_id
