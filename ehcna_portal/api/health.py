"""``GET /api/health``: is the service up? Anyone may ask; only staff and a monitor see the details.

The public answer is ``{"status": "ok"}`` (200) or ``{"status": "unavailable"}`` (503): enough for a load
balancer. How much email is waiting or has failed says something about the council's service, so those
counts go only to a signed-in member of staff or to a monitoring system that sends
``Authorization: Bearer <EHCNA_MONITOR_TOKEN>``.
"""

from __future__ import annotations

import asyncio
import hmac

from sqlalchemy import func, text
from sqlmodel import Session, select
from starlette.requests import Request
from starlette.responses import JSONResponse

from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.db import get_engine
from ehcna_portal.models import OutboxMessage, OutboxStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import staff_auth
from ehcna_portal.settings import get_settings

NO_STORE = {"Cache-Control": "no-store"}


def _may_see_details(request: Request, session: Session) -> bool:
    settings = get_settings()
    offered = request.headers.get("authorization", "")
    if settings.monitor_token and hmac.compare_digest(offered.encode(), f"Bearer {settings.monitor_token}".encode()):
        return True
    staff = staff_auth.lookup(session, request.cookies.get(staff_cookie_name(settings), ""))
    return staff is not None and staff.signed_in


def _check(request: Request) -> dict[str, object]:
    with Session(get_engine()) as session:
        session.execute(text("SELECT 1"))
        if not _may_see_details(request, session):
            return {"status": "ok"}
        due = session.exec(
            select(func.count()).select_from(OutboxMessage).where(
                (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.next_attempt_at <= utcnow())
            )
        ).one()
        dead = session.exec(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.DEAD)
        ).one()
    return {"status": "ok", "database": "ok", "email_due": due, "email_dead": dead}


async def health(request: Request) -> JSONResponse:
    try:
        body = await asyncio.to_thread(_check, request)
    except Exception:  # any database failure means "not healthy"; details go to the log only
        return JSONResponse({"status": "unavailable"}, status_code=503, headers=NO_STORE)
    return JSONResponse(body, headers=NO_STORE)
