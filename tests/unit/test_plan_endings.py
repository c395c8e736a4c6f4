"""Plans ending at 25 (Children and Families Act 2014 s46): the hourly job closes a plan the day after the school
year in which the young person turned 25 ends — not a day sooner — once, and the figures page counts it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from ehcna_portal.models import Child, EhcCase
from ehcna_portal.services import plan_endings, review_figures
from tests.support.factories import case_at


def _plan_for(engine, born: date) -> int:
    case_id = case_at(engine, "final_plan_issued")
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        child = db.get(Child, case.child_id)
        child.date_of_birth = born
        case.review_due_on = date(2027, 12, 1)
        db.add_all([child, case])
        db.commit()
    return case_id


def test_a_plan_closes_the_day_after_the_school_year_the_young_person_turned_25(engine):
    sept_born = _plan_for(engine, date(2001, 9, 1))  # 25 on 1 September 2026: the 2026/27 year ends 31 August 2027
    august_born = _plan_for(engine, date(2002, 8, 31))  # 25 on 31 August 2027: the same school year
    leap_born = _plan_for(engine, date(2004, 2, 29))  # 25 on 28 February 2029 (no 29th): ends 31 August 2029
    last_day = date(2027, 8, 31)
    assert plan_endings.end_at_25(engine, last_day, datetime(2027, 8, 31, 9, tzinfo=UTC)) == []
    closed = plan_endings.end_at_25(engine, date(2027, 9, 1), datetime(2027, 9, 1, 9, tzinfo=UTC))
    assert sorted(closed) == sorted([sept_born, august_born])
    assert plan_endings.end_at_25(engine, date(2027, 9, 1), datetime(2027, 9, 1, 10, tzinfo=UTC)) == []  # once
    with Session(engine) as db:
        case = db.get(EhcCase, sept_born)
        assert (case.case_status, case.stage, case.closed_on, case.review_due_on) == (
            "plan_ended", "closed", date(2027, 9, 1), None)
        assert db.get(EhcCase, leap_born).case_status == "final_plan_issued"
    assert plan_endings.end_at_25(engine, date(2029, 9, 1), datetime(2029, 9, 1, 9, tzinfo=UTC)) == [leap_born]
    [september] = review_figures.monthly(engine, date(2027, 9, 1), date(2027, 9, 30))
    assert september.ended_at_25 == 2
