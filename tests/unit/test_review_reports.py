"""The school's review report (SEND Regulations 2014 reg 20(3)–(7)): asked for at "Arrange review" through its own
link, answered on the review report form — progress towards each outcome in section E, delivery of each provision
in section F — and submitted once; what another link, a wrong kind of answer or an assessment list cannot see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.models import (
    AdviceRequest,
    AdviceStatus,
    EhcCase,
    OutboxMessage,
    PlanIssue,
    PlanVersion,
)
from ehcna_portal.services import (
    advice_access,
    advice_form,
    advice_tracking,
    review_decisions,
    review_reports,
    reviews,
)
from ehcna_portal.services.advice_form import Saved, Submitted
from ehcna_portal.services.invitation_access import CodeKind, LinkKind
from ehcna_portal.services.plan_edits import EditRefused
from tests.support.advice import link_of, opened
from tests.support.plans import final_plan_issued

MEETING = date(2027, 11, 10)
ARRANGED = datetime(2027, 10, 1, 9, tzinfo=UTC)
AFTER = datetime(2027, 11, 12, 10, tzinfo=UTC)
SCHOOL = {"school_name": "Whitley Academy", "school_email": "senco@whitley.example"}


@pytest.fixture
def invited(engine, settings):
    """A final plan, its review arranged for 10 November 2027 with the school asked for its report: (case id,
    link, the school's cookie token, the outcome ids, the provision ids)."""
    case_id, staff_id = final_plan_issued(engine, settings)
    reviews.arrange(engine, settings, case_id, MEETING, staff_id=staff_id, today=ARRANGED.date(), now=ARRANGED,
                    invite=SCHOOL)
    link = link_of(engine, SCHOOL["school_email"], "review_report_requested")
    token = opened(engine, settings, link, now=ARRANGED)
    form = advice_form.load(engine, token, link, ARRANGED)
    assert form is not None
    items = form.facts["plan_items"]
    return case_id, link, token, [item["id"] for item in items["E"]], [item["id"] for item in items["F"]]


def test_arrange_review_asks_the_school_for_its_report_by_two_weeks_after_the_meeting(engine, settings, invited):
    case_id = invited[0]
    with Session(engine) as db:
        request = db.exec(select(AdviceRequest).where(AdviceRequest.review_id.is_not(None))).one()
        [email] = db.exec(select(OutboxMessage).where(OutboxMessage.template == "review_report_requested")).all()
        assert request.id not in [row.id for row in advice_tracking.of_case(db, case_id)]
    assert (request.form_key, request.due_on, request.organisation) == ("review_report", date(2027, 11, 24),
                                                                        "Whitley Academy")
    assert "10 November 2027" in email.text_body and "24 November 2027" in email.text_body
    assert email.to_address == SCHOOL["school_email"]


def test_a_bad_email_or_a_school_without_a_name_refuses_the_whole_arrangement(engine, settings):
    case_id, staff_id = final_plan_issued(engine, settings)
    with pytest.raises(EditRefused) as refused:
        reviews.arrange(engine, settings, case_id, MEETING, staff_id=staff_id, today=ARRANGED.date(),
                        now=ARRANGED, invite={"school_name": "", "school_email": "senco@"})
    assert set(refused.value.problems) == {"school_name", "school_email"}
    with Session(engine) as db:
        assert reviews.open_review(db, case_id) is None  # nothing arranged, nothing sent
        assert db.exec(select(AdviceRequest).where(AdviceRequest.review_id.is_not(None))).all() == []


def test_the_report_asks_about_each_outcome_and_each_provision_of_the_plan_in_force(engine, invited):
    _case_id, link, token, outcomes, provision = invited
    assert outcomes and provision
    first = advice_form.save_step(engine, token, link, 1, {}, version=0, today=ARRANGED.date(), now=ARRANGED)
    assert first.kind == Saved.SAVED
    assert [problem.field_id for problem in first.problems] == [f"review_report_outcomes-{item}"
                                                                for item in outcomes]
    assert form_answers.message(first.problems[0], "en") == f"Select the progress towards outcome {outcomes[0]}"
    answers = {f"review_report_outcomes.{item}": "on_track" for item in outcomes}
    answers[f"review_report_outcomes.{outcomes[0]}.note"] = "Now starts conversations at break time"
    answers["review_report_outcomes.Z9"] = "achieved"  # an item the plan does not have: kept out of the check
    second = advice_form.save_step(engine, token, link, 1, answers, version=1, today=ARRANGED.date(), now=ARRANGED)
    assert (second.kind, second.problems) == (Saved.SAVED, [])
    assert second.values["review_report_outcomes"][outcomes[0]] == {
        "choice": "on_track", "note": "Now starts conversations at break time"}


def _complete(engine, link, token, outcomes, provision) -> None:
    pages = {1: {f"review_report_outcomes.{item}": "some_progress" for item in outcomes},
             2: {f"review_report_provision.{item}": "partly" for item in provision},
             3: {"review_report_child_views": "I like the quiet room"},
             4: {"review_report_change_f": "More time with the speech and language therapist"},
             5: {"review_report_attendance": "91", "review_report_attended": "SENCO, parent, caseworker"},
             6: {"review_report_name": "Sam Senco", "review_report_role": "SENCO"}}
    version = advice_form.load(engine, token, link, ARRANGED).version
    for number, answers in pages.items():
        outcome = advice_form.save_step(engine, token, link, number, answers, version=version,
                                        today=ARRANGED.date(), now=ARRANGED)
        assert (outcome.kind, outcome.problems) == (Saved.SAVED, []), number
        version = outcome.version


def _submit(engine, settings, token, link):
    return advice_form.submit(engine, settings, token, link, declared=True, today=ARRANGED.date(), now=ARRANGED)


def _sent(engine, settings, invited) -> int:
    """The school's report filled in and sent: the case's id."""
    case_id, link, token, outcomes, provision = invited
    _complete(engine, link, token, outcomes, provision)
    _submit(engine, settings, token, link)
    return case_id


def test_the_report_is_sent_once_and_the_caseworker_reads_it_by_outcome(engine, settings, invited):
    case_id, link, token, outcomes, provision = invited
    missing = _submit(engine, settings, token, link)
    assert missing.kind == Submitted.PROBLEMS
    assert {problem.field_id for problem in missing.step_problems} >= {"review_report_name"}
    _complete(engine, link, token, outcomes, provision)
    sent = _submit(engine, settings, token, link)
    assert sent.kind == Submitted.SENT
    again = _submit(engine, settings, token, link)
    assert again.kind == Submitted.ALREADY
    [report] = review_reports.received(engine, case_id)
    rows = {row.question.split(":")[0]: row.answer for step in report.steps for row in step.rows}
    assert rows[outcomes[0]] == "Some progress" and rows[provision[0]] == "Partly"
    with Session(engine) as db:
        assert db.exec(select(AdviceRequest.status).where(AdviceRequest.review_id.is_not(None))).one() \
            == AdviceStatus.RECEIVED
        # the family is not sent "advice has arrived for the assessment" for a review's report
        assert db.exec(select(OutboxMessage).where(OutboxMessage.template == "advice_received")).all() == []
        review_id = reviews.open_review(db, case_id).id
    [row] = review_reports.tracker(engine, review_id, AFTER.date())
    assert (row.status, row.who, row.received_on) == ("received", "Whitley Academy", ARRANGED.date())


def test_the_school_sees_the_plan_in_force_not_the_familys_request(engine, settings, invited):
    _case_id, link, token, _outcomes, _provision = invited
    seen = advice_access.overview(engine, token, link, lang="en", now=ARRANGED)
    assert seen is not None and seen.form_key == "review_report" and seen.meeting_on == MEETING
    assert seen.steps == [] and seen.documents == [] and seen.plan is not None
    assert seen.plan.title == "Education, Health and Care plan" and seen.plan.heading.reference


def test_the_link_closes_8_weeks_after_the_meeting_and_wrong_codes_run_out(engine, settings):
    case_id, staff_id = final_plan_issued(engine, settings)
    reviews.arrange(engine, settings, case_id, MEETING, staff_id=staff_id, today=ARRANGED.date(), now=ARRANGED,
                    invite=SCHOOL)
    link = link_of(engine, SCHOOL["school_email"], "review_report_requested")
    closes = datetime(2028, 1, 5, 9, tzinfo=UTC)  # 10 November 2027 + 8 weeks, at the hour it was arranged
    assert advice_access.link(engine, link, closes - timedelta(minutes=1)).kind == LinkKind.OPEN
    assert advice_access.link(engine, link, closes).kind == LinkKind.EXPIRED
    assert advice_access.link(engine, link[:-1] + ("A" if link[-1] != "A" else "B"), ARRANGED).kind \
        == LinkKind.UNKNOWN
    pending = advice_access.send_code(engine, settings, link, ip="203.0.113.9", now=ARRANGED)
    outcomes = [advice_access.check_code(engine, settings, pending, "000000", ip="203.0.113.9", now=ARRANGED).kind
                for _ in range(6)]
    assert outcomes[:5] == [CodeKind.WRONG] * 5 and outcomes[5] in (CodeKind.EXPIRED, CodeKind.LOCKED)


def test_the_school_hears_the_decision_and_nothing_about_the_child(engine, settings, invited):
    case_id = invited[0]
    with Session(engine) as db:
        staff_id = reviews.open_review(db, case_id).arranged_by
    review_decisions.record(engine, settings, case_id, "maintain", "", staff_id=staff_id, today=AFTER.date(),
                            now=AFTER)
    with Session(engine) as db:
        [told] = db.exec(select(OutboxMessage).where(OutboxMessage.template == "review_decided_maintain")).all()
        child_name = db.get(EhcCase, case_id).child_name
    assert told.to_address == SCHOOL["school_email"]
    assert "keep the plan as it is" in told.text_body and "10 November 2027" in told.text_body
    assert child_name not in told.text_body and child_name.split()[0] not in told.subject


def test_the_family_reads_the_report_in_their_language_and_no_other_family_does(engine, settings, invited):
    case_id, outcomes = _sent(engine, settings, invited), invited[3]
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
    [report] = review_reports.for_family(engine, case.parent_id, case.child_id, "cy")
    rows = {row.question.split(":")[0]: row.answer for step in report.steps for row in step.rows}
    assert report.title == "Whitley Academy" and rows[outcomes[0]] == "Rhywfaint o gynnydd"
    assert review_reports.for_family(engine, case.parent_id + 1000, case.child_id, "en") == []


def test_a_sent_report_stays_read_against_the_plan_it_answered(engine, settings, invited):
    """An amended plan issued later, with a new outcome, does not change what the report answered."""
    case_id, outcomes = _sent(engine, settings, invited), invited[3]
    with Session(engine) as db:
        current = review_decisions.in_force(db, case_id)
        content = dict(db.get(PlanVersion, current.plan_version_id).content)
        content["E"] = {"items": [*content["E"]["items"], {"id": "E9", "text": "A new outcome"}]}
        version = PlanVersion(case_id=case_id, revision=99, content=content)
        db.add(version)
        db.flush()
        db.add(PlanIssue(case_id=case_id, plan_version_id=version.id, kind="amendment", number=1,
                         issued_on=AFTER.date(), issued_at=AFTER))
        db.commit()
    [report] = review_reports.received(engine, case_id)
    asked = [row.question.split(":")[0] for step in report.steps for row in step.rows]
    assert "E9" not in asked and outcomes[0] in asked
