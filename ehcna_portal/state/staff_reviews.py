"""The Reviews queue (/staff/reviews): one view at a time, read from the address, one service call
(services/review_queue.py), nothing remembered between visits."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.ids import parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import review_queue
from ehcna_portal.services.dates import day, uk_date
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import staff_only

DEFAULT_VIEW = "due_60"


def chosen_view(value: object) -> review_queue.View:
    return value if value in review_queue.VIEWS else DEFAULT_VIEW  # type: ignore[return-value]


class ReviewQueueState(rx.State):
    view: str = DEFAULT_VIEW
    rows: list[dict[str, str]] = []
    counts: dict[str, str] = {}
    total: int = 0
    page: int = 1
    pages: int = 1
    csv_href: str = ""

    @rx.event
    @staff_only()
    async def load(self):
        query = self.router.url.query_parameters
        self.view = chosen_view(query.get("view"))
        self.page = parse_number(str(query.get("page", "1")), 10_000) or 1
        today = uk_date(utcnow())
        found = await off_loop(review_queue.review_list, self.view, today, page=self.page)
        counts = await off_loop(review_queue.counts, today)
        self.counts = {view: str(count) for view, count in counts.items()}
        self.total, self.pages = found.total, found.pages
        self.rows = [{"reference": row.reference, "child": row.child_name, "born": day(row.born),
                      "due": day(row.review_due_on), "meeting": day(row.meeting_on), "deadline": day(row.deadline),
                      "transfer": row.transfer, "href": routes.staff_case(row.case_id, "reviews"),
                      "late": "yes" if row.deadline is not None and row.deadline < today else ""}
                     for row in found.rows]
        self.csv_href = backend_base(self) + routes.with_query(routes.REVIEWS_CSV, view=self.view)
