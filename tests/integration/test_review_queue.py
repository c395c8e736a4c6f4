"""The Reviews queue on real PostgreSQL with 4,000 plans: every view — reviews due in 30, 60 and 90 days, overdue,
decisions due, amended plans due, and the coming September's phase transfer cohorts — holds exactly the plans a
plain Python pass over the same rows finds (the school year from each date of birth with ``dates.school_year``,
not the queue's date ranges), in deadline order, paged and counted in the database."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.models import Child, EhcCase, ParentAccount, PlanReview, ReviewStatus
from ehcna_portal.services import review_queue
from ehcna_portal.services.dates import school_year
from ehcna_portal.services.review_timescales import TRANSFERS, transfer_for
from tests.support.databases import migrated_engine, migrated_postgres

pytestmark = pytest.mark.integration

TODAY = date(2026, 12, 7)
PLANS = 4_000


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[Engine, list[dict]]]:
    """4,000 plans (and 400 cases not yet at the plan stage), with open and closed reviews, from a fixed seed."""
    pick = random.Random(22)
    with migrated_postgres() as url:
        engine = migrated_engine(url)
        facts: list[dict] = []
        with Session(engine) as db:
            parent = ParentAccount(email="reviews@example.com", password_hash="x", forename="A", surname="B")
            db.add(parent)
            db.flush()
            children = [Child(parent_id=parent.id, forename=f"Child{n}", surname="Review", gender_at_birth="female",
                              date_of_birth=date(2001, 9, 1) + timedelta(days=pick.randrange(8400)),
                              school_status="listed", relationship="Mother", parental_responsibility=True,
                              address_line_1="1 Street", town="Coventry", postcode="CV1 1AA")
                        for n in range(PLANS + 400)]
            db.add_all(children)
            db.flush()
            cases = []
            for n, child in enumerate(children):
                in_force = n < PLANS
                cases.append(EhcCase(child_id=child.id, parent_id=parent.id, reference=f"EHC-2025-{n:06d}",
                                     stage="reviews" if in_force else "plan", opened_on=date(2025, 1, 1),
                                     received_on=date(2025, 1, 1), decision_due_on=date(2025, 2, 12),
                                     case_status="final_plan_issued" if in_force else "draft_plan_issued",
                                     child_name=f"Child{n} Review", child_sort_name=f"review child{n}",
                                     review_due_on=TODAY + timedelta(days=pick.randint(-120, 400))))
            db.add_all(cases)
            db.flush()
            for case, child in zip(cases, children, strict=True):
                roll = pick.random()
                review = None
                if roll < 0.2:
                    meeting = TODAY + timedelta(days=pick.randint(-40, 40))
                    review = PlanReview(case_id=case.id, status=ReviewStatus.ARRANGED, meeting_on=meeting,
                                        arranged_on=meeting - timedelta(days=30), invitations_by=meeting,
                                        report_due_on=meeting + timedelta(days=14),
                                        decision_due_on=meeting + timedelta(days=28))
                elif roll < 0.3:
                    meeting = TODAY - timedelta(days=pick.randint(20, 60))
                    review = PlanReview(case_id=case.id, status=ReviewStatus.AMENDMENTS_PROPOSED, meeting_on=meeting,
                                        arranged_on=meeting, invitations_by=meeting, report_due_on=meeting,
                                        decision_due_on=meeting, decision="amend",
                                        amended_plan_due_on=TODAY + timedelta(days=pick.randint(-20, 56)))
                elif roll < 0.4:  # a finished review: in no list of its own
                    review = PlanReview(case_id=case.id, status=ReviewStatus.DECIDED, meeting_on=TODAY,
                                        arranged_on=TODAY, invitations_by=TODAY, report_due_on=TODAY,
                                        decision_due_on=TODAY - timedelta(days=1), decision="maintain")
                if review is not None:
                    db.add(review)
                facts.append({"id": case.id, "in_force": case.stage == "reviews", "due": case.review_due_on,
                              "born": child.date_of_birth,
                              "review": None if review is None else {
                                  "status": review.status, "meeting": review.meeting_on,
                                  "decision_due": review.decision_due_on, "amended_due": review.amended_plan_due_on}})
            db.commit()
        yield engine, facts
        engine.dispose()


def _expected(view: str, facts: list[dict]) -> dict[int, date | None]:
    """The view's plans and deadlines, worked out case by case in Python."""
    found: dict[int, date | None] = {}
    september = review_queue.coming_september(TODAY)
    for fact in facts:
        if not fact["in_force"]:
            continue
        review = fact["review"]
        window = review_queue.WINDOWS.get(view)
        if (window and TODAY <= fact["due"] <= TODAY + timedelta(days=window)) or (view == "overdue"
                                                                                  and fact["due"] < TODAY):
            found[fact["id"]] = fact["due"]
        elif view == "decisions" and review is not None and review["status"] == ReviewStatus.ARRANGED \
                and review["meeting"] <= TODAY:
            found[fact["id"]] = review["decision_due"]
        elif view == "amendments" and review is not None and review["status"] == ReviewStatus.AMENDMENTS_PROPOSED:
            found[fact["id"]] = review["amended_due"]
        elif view == "transfers":
            year_group = school_year(fact["born"], date(september, 9, 1))
            if year_group in TRANSFERS:
                found[fact["id"]] = transfer_for(year_group, september).amend_by  # type: ignore[union-attr]
    return found


@pytest.mark.parametrize("view", review_queue.VIEWS)
def test_each_view_holds_exactly_the_plans_worked_out_one_by_one(seeded, view):
    engine, facts = seeded
    expected = _expected(view, facts)
    listed = review_queue.review_list(engine, view, TODAY, limit=PLANS * 2)
    assert listed.total == len(expected) > 0
    assert {row.case_id: row.deadline for row in listed.rows} == expected
    if view != "transfers":  # soonest deadline first
        deadlines = [row.deadline for row in listed.rows]
        assert deadlines == sorted(deadlines)
    assert review_queue.counts(engine, TODAY)[view] == len(expected)


def test_a_view_is_paged_in_the_database(seeded):
    engine, _facts = seeded
    whole = review_queue.review_list(engine, "due_90", TODAY, limit=PLANS)
    second = review_queue.review_list(engine, "due_90", TODAY, page=2)
    assert len(second.rows) == review_queue.PAGE_SIZE and second.total == whole.total
    assert [row.case_id for row in second.rows] == [row.case_id for row in whole.rows][25:50]
    assert second.pages == -(-whole.total // 25)


def test_the_cohorts_name_the_move_and_the_csv_is_safe(seeded):
    engine, _facts = seeded
    cohorts = review_queue.review_list(engine, "transfers", TODAY, limit=PLANS)
    kinds = {row.transfer for row in cohorts.rows}
    assert kinds == {"reception", "secondary", "post_16"}
    post_16 = next(row for row in cohorts.rows if row.transfer == "post_16")
    assert post_16.deadline == date(2027, 3, 31)  # reg 18(1)(b)
    csv = review_queue.review_csv(cohorts.rows[:3])
    assert csv.splitlines()[0] == '"reference","child","date_of_birth","review_due","meeting","deadline","transfer"'
