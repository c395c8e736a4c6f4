"""Plans that end at 25: a plan may be kept until the end of the school year in which the young person turns 25
(Children and Families Act 2014 s46; services/review_timescales.plan_may_end); after it the council no longer
maintains it. The hourly job closes those cases ("Plan ended at 25"): no next review is due, and the figures page
counts them with the plans ceased. The case is then kept for the retention period like any closed case
(services/case_retention.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import Child, EhcCase
from ehcna_portal.services import case_status
from ehcna_portal.services.review_timescales import plan_may_end
from ehcna_portal.services.timescales import add_months

ENDED = "plan_ended"


def end_at_25(engine: Engine, today: date, now: datetime) -> list[int]:
    """Close every plan in force whose young person's school year of turning 25 has ended: the cases closed (each
    once, however many workers sweep: the status change is conditional)."""
    turned_25_by = add_months(today, -25 * 12)
    closed = []
    with Session(engine) as db:
        found = db.exec(select(EhcCase, Child.date_of_birth).join(Child, col(Child.id) == EhcCase.child_id)
                        .where(EhcCase.case_status == "final_plan_issued",
                               col(Child.date_of_birth) <= turned_25_by)).all()
        for case, born in found:
            if today <= plan_may_end(born):
                continue
            try:
                case_status.change(db, case, ENDED, actor="system", on=today, now=now,
                                   reason="The school year in which the young person turned 25 has ended "
                                          "(Children and Families Act 2014 s46)")
            except case_status.TransitionRefused:
                continue  # another worker closed it a moment ago
            db.execute(update(EhcCase).where(col(EhcCase.id) == case.id).values(review_due_on=None))
            closed.append(case.id or 0)
        db.commit()
    return closed
