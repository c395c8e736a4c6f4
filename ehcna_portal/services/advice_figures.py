"""How much advice comes back within the 6 weeks of reg 8(1), month by month, by type of advice and by
organisation — the figure Southend publishes and no peer portal shows its managers.

A request counts in the month it was due (6 weeks after it was sent), once that day has come: returned within
6 weeks when it was received on or before its due date; a request still waiting after it counts as not. Left
out: the family's own advice (reg 8 binds the people asked), requests withdrawn or met by existing advice
(reg 6(4)), and those with a reg 8(2) exception (the 6 weeks did not bind). Counted in SQL by day and kind, so
the database does the counting; Python only adds days into months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from ehcna_portal.models import AdviceRequest, AdviceStatus, AdviceType
from ehcna_portal.services.kpis import months_between, to_csv

LEFT_OUT = (AdviceStatus.WITHDRAWN, AdviceStatus.EXISTING, AdviceStatus.EXCEPTION)


@dataclass
class AdviceFigure:
    month: str  # "2027-02"
    by: str  # "type" or "organisation"
    name: str  # the advice type's key, or the organisation
    due: int = 0
    within_6_weeks: int = 0

    @property
    def percent_within_6_weeks(self) -> float | None:
        return round(100 * self.within_6_weeks / self.due, 1) if self.due else None


def due_by_day(start: date, end: date) -> Select:
    """(due date, type, organisation, returned in time, how many) for the advice due between the two dates."""
    due, received = col(AdviceRequest.due_on), col(AdviceRequest.received_on)
    in_time = case((and_(received.is_not(None), received <= due), 1), else_=0)
    return (select(due, col(AdviceRequest.advice_type), col(AdviceRequest.organisation), in_time, func.count())
            .where(due.between(start, end), col(AdviceRequest.advice_type) != AdviceType.FAMILY,
                   col(AdviceRequest.review_id).is_(None),
                   col(AdviceRequest.status).not_in(LEFT_OUT))
            .group_by(due, col(AdviceRequest.advice_type), col(AdviceRequest.organisation), in_time))


def monthly(engine: Engine, first: date, last: date, today: date) -> list[AdviceFigure]:
    """Figures for each month from ``first``'s to ``last``'s, by type then by organisation (only what was due
    by ``today``)."""
    with Session(engine) as db:
        rows = db.exec(due_by_day(date(first.year, first.month, 1), min(last, today))).all()
    figures: dict[tuple[str, str, str], AdviceFigure] = {}
    for day, kind, organisation, in_time, count in rows:
        month = f"{day.year:04d}-{day.month:02d}"
        for by, name in (("type", kind), ("organisation", organisation)):
            figure = figures.setdefault((month, by, name), AdviceFigure(month, by, name))
            figure.due += count
            figure.within_6_weeks += count * in_time
    order = {month: index for index, month in enumerate(months_between(first, last))}
    return sorted(figures.values(), key=lambda figure: (order.get(figure.month, -1), figure.by != "type",
                                                       AdviceType.ALL.index(figure.name)
                                                       if figure.by == "type" else 0, figure.name))


ADVICE_COLUMNS = ("month", "by", "name", "advice_due", "returned_within_6_weeks", "percent_within_6_weeks")


def advice_csv(figures: list[AdviceFigure]) -> str:
    return to_csv(ADVICE_COLUMNS, ([figure.month, figure.by, figure.name, figure.due, figure.within_6_weeks,
                                    figure.percent_within_6_weeks] for figure in figures))
