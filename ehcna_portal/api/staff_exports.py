"""CSV exports for staff: the queue as filtered on screen (and, later, the KPI table)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.db import get_engine
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit, queue, staff_auth
from ehcna_portal.services.dates import uk_date
from ehcna_portal.settings import get_settings

QUEUE_CSV = "/api/staff/queue.csv"


def _queue_csv(request: Request, now: datetime) -> str | None:
    with Session(get_engine()) as db:
        staff = staff_auth.lookup(db, request.cookies.get(staff_cookie_name(get_settings()), ""))
        if staff is None or not staff.signed_in:
            return None
        audit.record(db, actor=f"staff:{staff.staff_id}", action="queue.exported", object_type="queue",
                     object_id="-", query=str(request.query_params)[:500])
        db.commit()
    rows = queue.all_rows(get_engine(), queue.query_from_params(request.query_params), staff.staff_id, uk_date(now))
    return queue.queue_csv(rows)


async def queue_csv(request: Request) -> Response:
    now = utcnow()
    body = await asyncio.to_thread(_queue_csv, request, now)
    if body is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    name = f"ehc-requests-{uk_date(now).isoformat()}.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})
