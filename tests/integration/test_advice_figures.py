"""Advice returned within 6 weeks (reg 8(1)), month by month, by type and by organisation: a hand-counted data
set on PostgreSQL and on SQLite, counted in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from ehcna_portal.models import AdviceRequest
from ehcna_portal.services.advice_figures import AdviceFigure, advice_csv, monthly
from tests.support.databases import migrated_on
from tests.support.factories import case_at

pytestmark = pytest.mark.integration

TODAY = date(2027, 2, 20)
D = date
# (type, organisation, due, status, received)
ROWS = [
    ("psychological", "EP Service", D(2027, 1, 12), "received", D(2027, 1, 12)),  # on its due date: in time
    ("psychological", "EP Service", D(2027, 1, 20), "received", D(2027, 2, 3)),  # two weeks late
    ("psychological", "Locum EPs", D(2027, 1, 25), "sent", None),  # still waiting: not in time
    ("medical", "ICB", D(2027, 1, 5), "received", D(2027, 1, 1)),
    ("medical", "ICB", D(2027, 1, 31), "exception", None),  # reg 8(2): left out
    ("educational", "Sample School", D(2027, 1, 15), "withdrawn", None),  # left out
    ("educational", "Sample School", D(2027, 1, 16), "existing", None),  # reg 6(4): left out
    ("family", "", D(2027, 1, 10), "sent", None),  # the family's own: left out
    ("social_care", "Children's Services", D(2027, 2, 2), "received", D(2027, 2, 1)),
    ("psychological", "EP Service", D(2027, 2, 10), "opened", None),  # opened, not answered, past due
    ("psychological", "EP Service", D(2027, 2, 27), "sent", None),  # not due yet on 20 February: not counted
    ("educational", "Sample School", D(2026, 12, 31), "received", D(2026, 12, 30)),  # before January
]
# Hand-counted. January: psychological 3 due, 1 in time (the 12th); medical 1 due, 1 in time. By organisation:
# EP Service 2 due, 1 in time; Locum EPs 1 due, 0; ICB 1, 1. February (to the 20th): social care 1 of 1;
# psychological 0 of 1; Children's Services 1 of 1; EP Service 0 of 1.
EXPECTED = [
    AdviceFigure("2027-01", "type", "medical", 1, 1), AdviceFigure("2027-01", "type", "psychological", 3, 1),
    AdviceFigure("2027-01", "organisation", "EP Service", 2, 1), AdviceFigure("2027-01", "organisation", "ICB", 1, 1),
    AdviceFigure("2027-01", "organisation", "Locum EPs", 1, 0),
    AdviceFigure("2027-02", "type", "psychological", 1, 0), AdviceFigure("2027-02", "type", "social_care", 1, 1),
    AdviceFigure("2027-02", "organisation", "Children's Services", 1, 1),
    AdviceFigure("2027-02", "organisation", "EP Service", 1, 0),
]


@pytest.fixture(params=["postgresql", "sqlite"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator:
    with migrated_on(request.param, tmp_path) as found:
        yield found


def test_advice_within_6_weeks_by_month_type_and_organisation_is_the_hand_count(engine):
    case_id = case_at(engine, "assessment_in_progress")
    with Session(engine) as db:
        for kind, organisation, due, status, received in ROWS:
            db.add(AdviceRequest(case_id=case_id, advice_type=kind, organisation=organisation, status=status,
                                 due_on=due, received_on=received,
                                 received_at=datetime(received.year, received.month, received.day, 9, tzinfo=UTC)
                                 if received else None))
        db.commit()
    figures = monthly(engine, D(2027, 1, 1), D(2027, 2, 28), TODAY)
    assert figures == EXPECTED
    assert [figure.percent_within_6_weeks for figure in figures[:5]] == [100.0, 33.3, 50.0, 100.0, 0.0]
    lines = advice_csv(figures).splitlines()
    assert lines[0] == '"month","by","name","advice_due","returned_within_6_weeks","percent_within_6_weeks"'
    assert lines[2] == '"2027-01","type","psychological","3","1","33.3"'
    assert monthly(engine, D(2027, 3, 1), D(2027, 3, 31), TODAY) == []
