"""The reviews' figures against a hand-counted data set, on PostgreSQL and on SQLite: seven reviews whose dates are
chosen so that each measure — held within 12 months, decided within 4 weeks (and the outcome), amended plans within
12 weeks of the meeting, phase transfer plans finalised by their deadline — has cases on both sides of its line;
and plans closed at 25 inside and outside the months counted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from ehcna_portal.models import EhcCase, PlanIssue, PlanReview, PlanVersion
from ehcna_portal.services import figures_page, review_figures
from tests.support.databases import migrated_on
from tests.support.factories import parent_and_child_rows

pytestmark = pytest.mark.integration

D = date
# (meeting, due, decision due, decided, decision, amended plan issued, transfer, transfer deadline)
REVIEWS = {
    "R1": (D(2027, 11, 1), D(2027, 11, 5), D(2027, 11, 29), D(2027, 11, 20), "maintain", None, "", None),
    "R2": (D(2027, 11, 3), D(2027, 10, 31), D(2027, 12, 1), D(2027, 12, 5), "amend", D(2028, 1, 20), "", None),
    "R3": (D(2027, 11, 10), D(2027, 12, 1), D(2027, 12, 8), D(2027, 11, 30), "cease", None, "", None),
    "R4": (D(2027, 10, 1), D(2027, 10, 20), D(2027, 10, 29), D(2027, 10, 28), "amend", D(2028, 1, 5), "secondary",
           D(2028, 2, 15)),
    "R5": (D(2027, 12, 1), D(2027, 12, 10), D(2027, 12, 29), D(2027, 12, 20), "maintain", None, "post_16",
           D(2027, 12, 15)),
    "R6": (D(2027, 12, 2), D(2027, 12, 10), D(2027, 12, 30), None, "", None, "", None),  # no decision yet
    "R7": (D(2027, 12, 6), D(2027, 12, 6), D(2028, 1, 3), D(2028, 1, 10), "maintain", None, "", None),
}
# Plans closed, by how and when: only those that ended at 25 are counted as such (a ceased plan is a decision).
CLOSED = [("plan_ended", D(2027, 12, 31)), ("plan_ended", D(2028, 2, 1)), ("plan_ceased", D(2027, 11, 30))]
# Counted by hand from the tables above.
EXPECTED = {
    "2027-11": dict(decisions=2, decisions_in_4_weeks=2, maintained=1, amended=0, ceased=1, held_in_12_months=2,
                    amended_plans=0, amended_plans_in_12_weeks=0, transfers_finalised=0, transfers_by_deadline=0,
                    ended_at_25=0),
    "2027-12": dict(decisions=2, decisions_in_4_weeks=1, maintained=1, amended=1, ceased=0, held_in_12_months=1,
                    amended_plans=0, amended_plans_in_12_weeks=0, transfers_finalised=1, transfers_by_deadline=0,
                    ended_at_25=1),
    "2028-01": dict(decisions=1, decisions_in_4_weeks=0, maintained=1, amended=0, ceased=0, held_in_12_months=1,
                    amended_plans=2, amended_plans_in_12_weeks=1, transfers_finalised=1, transfers_by_deadline=1,
                    ended_at_25=0),
}


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_the_figures_match_the_hand_count(kind: str, tmp_path: Path):
    with migrated_on(kind, tmp_path) as engine:
        with Session(engine) as db:
            parent, child = parent_and_child_rows(db, "figures@example.com")
            for n, (meeting, due, decision_due, decided, decision, amended_on, transfer, transfer_by) in \
                    enumerate(REVIEWS.values()):
                case = EhcCase(child_id=child.id, parent_id=parent.id, reference=f"EHC-2026-{n:06d}",
                               stage="reviews", opened_on=D(2026, 1, 1), received_on=D(2026, 1, 1),
                               decision_due_on=D(2026, 2, 12), case_status="final_plan_issued")
                db.add(case)
                db.flush()
                amended_id = None
                if amended_on is not None:
                    version = PlanVersion(case_id=case.id, revision=1, content={})
                    db.add(version)
                    db.flush()
                    issue = PlanIssue(case_id=case.id, plan_version_id=version.id, kind="amendment", number=1,
                                      issued_on=amended_on, issued_at=datetime.combine(amended_on, datetime.min.time(),
                                                                                       UTC))
                    db.add(issue)
                    db.flush()
                    amended_id = issue.id
                db.add(PlanReview(case_id=case.id, status="decided" if decided else "arranged", meeting_on=meeting,
                                  arranged_on=meeting, invitations_by=meeting, report_due_on=meeting,
                                  decision_due_on=decision_due, decision=decision, decided_on=decided,
                                  amended_issue_id=amended_id, phase_transfer=transfer, transfer_by=transfer_by,
                                  due_on=due))
            for n, (status, closed_on) in enumerate(CLOSED):
                db.add(EhcCase(child_id=child.id, parent_id=parent.id, reference=f"EHC-2025-{n:06d}", stage="closed",
                               opened_on=D(2025, 1, 1), received_on=D(2025, 1, 1), decision_due_on=D(2025, 2, 12),
                               case_status=status, closed_on=closed_on))
            db.commit()
        months = review_figures.monthly(engine, D(2027, 11, 1), D(2028, 1, 31))
        page = figures_page.figures(engine, D(2028, 1, 31))  # the figures page: its three groups counted at once
    got = {month.month: {name: getattr(month, name) for name in review_figures.COUNTS} for month in months}
    assert got == EXPECTED
    on_page = {month.month: {name: getattr(month, name) for name in review_figures.COUNTS} for month in page.reviews}
    assert {month: on_page[month] for month in EXPECTED} == EXPECTED
    assert [month.month for month in page.months] == [f"2027-{m:02d}" for m in range(1, 13)] + ["2028-01"]
    by_month = {month.month: month for month in months}
    assert (by_month["2027-12"].percent_decisions_in_4_weeks, by_month["2028-01"].percent_amended_in_12_weeks,
            by_month["2028-01"].percent_transfers_by_deadline, by_month["2027-12"].percent_transfers_by_deadline) \
        == (50.0, 50.0, 100.0, 0.0)
    years = {year.month: year for year in review_figures.yearly(months)}
    assert (years["2027"].decisions, years["2027"].decisions_in_4_weeks, years["2028"].amended_plans) == (4, 3, 2)
    csv = review_figures.review_figures_csv(months).splitlines()
    assert csv[0].startswith('"period","decisions"') and csv[2].startswith('"2027-12","2","1"')
