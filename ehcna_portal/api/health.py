"""``GET /api/health``: is the database reachable and is email flowing? No personal data."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, text
from sqlmodel import Session, select
from starlette.requests import Request
from starlette.responses import JSONResponse

from ehcna_portal.db import get_engine
from ehcna_portal.models import OutboxMessage, OutboxStatus
from ehcna_portal.models.base import utcnow


def _check() -> dict[str, object]:
    with Session(get_engine()) as session:
        session.execute(text("SELECT 1"))
        due = session.exec(
            select(func.count()).select_from(OutboxMessage).where(
                (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.next_attempt_at <= utcnow())
            )
        ).one()
        dead = session.exec(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.DEAD)
        ).one()
    return {"status": "ok", "database": "ok", "email_due": due, "email_dead": dead}


async def health(_request: Request) -> JSONResponse:
    try:
        body = await asyncio.to_thread(_check)
    except Exception:  # any database failure means "not healthy"; details go to the log only
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
