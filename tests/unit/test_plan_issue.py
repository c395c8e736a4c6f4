"""Issue draft plan and Issue final plan: the quality check before a draft goes, the family's 15 days recorded from
the day the draft is served by email (reg 13(1); CPR 6.26), the final plan refused inside them unless the family
said they have no comments, refused without section I, and its letter with appeal rights and the 20-week measure
(reg 13(2))."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import (
    AuditEvent,
    CaseLetter,
    EhcCase,
    OutboxMessage,
    ParentAccount,
    PlanIssue,
    School,
)
from ehcna_portal.services import consultations, decisions, plan_issue, plans
from ehcna_portal.services.plan_edits import Edit, EditRefused
from ehcna_portal.services.plan_issue import IssueRefused
from tests.support.factories import case_at, make_staff
from tests.support.plans import family_responded, two_professionals

ISSUED_AT = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)  # Tuesday 8 December 2026, 10am: served that day


@pytest.fixture
def drafted(engine, settings):
    """A plan built from two professionals' advice, its vague item (F1: "Regular sessions") still in it."""
    case_id = case_at(engine, "issue_agreed", received=date(2026, 8, 3))
    two_professionals(engine, case_id)
    staff_id, _ = make_staff(engine, settings)
    plans.start(engine, case_id, staff_id=staff_id, now=ISSUED_AT)
    with Session(engine) as db:
        db.add(School(urn="103456", name="Whitley Academy", phase="Secondary"))
        db.commit()
    return case_id, staff_id


def _issue_draft(engine, settings, case_id, staff_id, revision):
    return plan_issue.issue_draft(engine, settings, case_id, revision, staff_id=staff_id, now=ISSUED_AT)


def test_a_vague_draft_is_refused_then_issued_once_the_flag_is_overridden(engine, settings, drafted):
    case_id, staff_id = drafted
    with pytest.raises(IssueRefused) as refused:
        _issue_draft(engine, settings, case_id, staff_id, 1)
    assert refused.value.problems == {"plan-F1-how_often-regular": "Provision F1 uses “regular” in how often: say "
                                      "exactly what, how much and how often, or override with a reason"}
    with Session(engine) as db:
        assert db.get(EhcCase, case_id).case_status == "issue_agreed" and db.exec(select(PlanIssue)).all() == []
    plans.override(engine, case_id, 1, "F1", "regular", "Daily, agreed with the school", staff_id=staff_id,
                   now=ISSUED_AT)
    draft = _issue_draft(engine, settings, case_id, staff_id, 2)
    assert (draft.kind, draft.number, draft.served_on, draft.respond_by) == ("draft", 1, date(2026, 12, 8),
                                                                             date(2026, 12, 22))
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        letter = db.exec(select(CaseLetter).where(CaseLetter.case_id == case_id)).one()
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.template == "draft_plan_issued")).one()
    assert case.case_status == "draft_plan_issued" and case.stage == "plan"
    text = decisions.letter_content(letter, settings.public_url).text
    assert letter.phase == "plan" and letter.shared and "You have until 22 December 2026 to respond" in text
    assert "22 December 2026" in mail.text_body and case.reference in mail.subject
    assert case.child_name.split()[0] not in mail.text_body  # no personal details in the email


def test_a_draft_emailed_after_half_past_four_on_a_friday_is_served_on_monday(engine, settings, drafted):
    case_id, staff_id = drafted
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=ISSUED_AT)
    friday_evening = datetime(2026, 12, 11, 17, 0, tzinfo=UTC)
    draft = plan_issue.issue_draft(engine, settings, case_id, 2, staff_id=staff_id, now=friday_evening)
    assert (draft.served_on, draft.respond_by) == (date(2026, 12, 14), date(2026, 12, 28))


def _ready_for_final(engine, settings, case_id, staff_id):
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=ISSUED_AT)
    _issue_draft(engine, settings, case_id, staff_id, 2)
    plans.edit(engine, case_id, 2, Edit("placement", "I", values={"school_urn": "103456", "type": "Academy"}),
               staff_id=staff_id, now=ISSUED_AT)
    return 3


def _final(engine, settings, case_id, staff_id, revision, today):
    return plan_issue.issue_final(engine, settings, case_id, revision, staff_id=staff_id, today=today,
                                  now=datetime.combine(today, datetime.min.time(), UTC))


def test_the_final_plan_is_refused_inside_the_familys_fifteen_days_then_issued_after(engine, settings, drafted):
    case_id, staff_id = drafted
    revision = _ready_for_final(engine, settings, case_id, staff_id)
    with pytest.raises(IssueRefused) as refused:
        _final(engine, settings, case_id, staff_id, revision, date(2026, 12, 22))  # the 15th day
    assert "until 22 December 2026" in refused.value.problems["issue-final"]
    final = _final(engine, settings, case_id, staff_id, revision, date(2026, 12, 23))
    # Received Monday 3 August 2026: the 20 weeks ended on Monday 21 December, so this plan is two days late.
    assert (final.kind, final.weeks_from_request, final.within_20_weeks) == ("final", 20, False)
    assert not final.early_because_no_comments
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        letter = db.get(CaseLetter, final.letter_id)
    assert case.case_status == "final_plan_issued" and case.final_plan_on == date(2026, 12, 23)
    assert case.review_due_on == date(2027, 12, 22)  # the first review: within 12 months starting with that day
    with pytest.raises(EditRefused):  # the final plan is issued: changes are amendments (the reviews stage)
        plans.edit(engine, case_id, revision, Edit("text", "A", values={"text": "Later"}), staff_id=staff_id,
                   now=ISSUED_AT)
    text = decisions.letter_content(letter, settings.public_url).text
    assert text.index("Mediation") < text.index("Appeal:") and "You must appeal by 23 February 2027" in text
    assert "1 month of the date of your mediation certificate, whichever is later" in text


def test_the_final_plan_may_go_early_once_the_family_says_they_have_no_comments_and_that_is_audited(
        engine, settings, drafted):
    case_id, staff_id = drafted
    revision = _ready_for_final(engine, settings, case_id, staff_id)
    family_responded(engine, case_id, datetime(2026, 12, 9, 12, tzinfo=UTC))
    final = _final(engine, settings, case_id, staff_id, revision, date(2026, 12, 10))
    assert final.early_because_no_comments and final.within_20_weeks
    with Session(engine) as db:
        event = db.exec(select(AuditEvent).where(AuditEvent.action == "plan.final_issued")).one()
    assert event.detail["early_because_no_comments"] is True


def test_the_final_plan_is_refused_without_a_placement_in_section_i(engine, settings, drafted):
    case_id, staff_id = drafted
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=ISSUED_AT)
    _issue_draft(engine, settings, case_id, staff_id, 2)
    with pytest.raises(IssueRefused) as refused:
        _final(engine, settings, case_id, staff_id, 2, date(2027, 1, 4))
    assert refused.value.problems == {"plan-I": "Name the school or other institution in section I before issuing "
                                                "the final plan"}


def test_no_plan_before_the_decision_to_issue_and_no_final_plan_without_a_draft(engine, settings):
    staff_id, _ = make_staff(engine, settings)
    with pytest.raises(EditRefused) as refused:
        plans.start(engine, case_at(engine, "advice_complete"), staff_id=staff_id, now=ISSUED_AT)
    assert "after the decision to issue one" in refused.value.problems["plan-title"]
    case_id = case_at(engine, "issue_agreed")
    plans.start(engine, case_id, staff_id=staff_id, now=ISSUED_AT)
    with pytest.raises(IssueRefused) as refused:
        _final(engine, settings, case_id, staff_id, 1, date(2027, 1, 4))
    assert "Issue a draft plan first" in refused.value.problems["issue-final"]


def test_a_second_draft_keeps_the_first_and_restarts_the_fifteen_days(engine, settings, drafted):
    case_id, staff_id = drafted
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=ISSUED_AT)
    first = _issue_draft(engine, settings, case_id, staff_id, 2)
    plans.edit(engine, case_id, 2, Edit("text", "A", values={"text": "He loves trains"}), staff_id=staff_id,
               now=ISSUED_AT)
    second = plan_issue.issue_draft(engine, settings, case_id, 3, staff_id=staff_id,
                                    now=datetime(2026, 12, 15, 9, tzinfo=UTC))
    assert (second.number, second.respond_by) == (2, date(2026, 12, 29))
    with Session(engine) as db:
        kept = db.get(PlanIssue, first.id)
        assert plans.version(engine, kept.plan_version_id).revision == 2 and kept.respond_by == date(2026, 12, 22)


def test_the_final_plan_waits_for_the_school_the_family_asked_for_to_be_consulted(engine, settings, drafted):
    """Children and Families Act 2014 s39(2): a school the family asks for must be consulted."""
    case_id, staff_id = drafted
    revision = _ready_for_final(engine, settings, case_id, staff_id)
    family_responded(engine, case_id, datetime(2026, 12, 9, 12, tzinfo=UTC),
                     school={"urn": "103456", "name": "Whitley Academy"})
    with pytest.raises(IssueRefused) as refused:
        _final(engine, settings, case_id, staff_id, revision, date(2027, 1, 4))
    assert "The family asked for Whitley Academy to be named: consult it" in refused.value.problems["school_urn"]
    consultations.consult(engine, settings, case_id, "103456", "senco@whitley.example.org", staff_id=staff_id,
                          now=datetime(2026, 12, 10, 9, tzinfo=UTC))
    assert _final(engine, settings, case_id, staff_id, revision, date(2027, 1, 4)).kind == "final"


def test_the_same_version_is_not_issued_twice(engine, settings, drafted):
    case_id, staff_id = drafted
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=ISSUED_AT)
    _issue_draft(engine, settings, case_id, staff_id, 2)
    with pytest.raises(IssueRefused) as refused:  # a second press, or a second tab
        _issue_draft(engine, settings, case_id, staff_id, 2)
    assert "issued as draft 1" in refused.value.problems["issue-draft"]
    with Session(engine) as db:
        assert len(db.exec(select(PlanIssue)).all()) == 1
        assert len(db.exec(select(OutboxMessage).where(OutboxMessage.template == "draft_plan_issued")).all()) == 1


def test_a_family_who_asked_on_paper_is_served_by_post_and_not_emailed(engine, settings, drafted):
    case_id, staff_id = drafted
    with Session(engine) as db:
        parent = db.get(ParentAccount, db.get(EhcCase, case_id).parent_id)
        parent.email = "paper-1234@requests.invalid"
        db.add(parent)
        db.commit()
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=ISSUED_AT)
    draft = _issue_draft(engine, settings, case_id, staff_id, 2)  # posted Tuesday 8 December 2026
    assert (draft.served_on, draft.respond_by) == (date(2026, 12, 10), date(2026, 12, 24))
    with Session(engine) as db:
        assert db.exec(select(OutboxMessage).where(OutboxMessage.template == "draft_plan_issued")).all() == []
