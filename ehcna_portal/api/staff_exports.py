"""CSV exports for staff: the queue as filtered on screen, and (for managers) the KPI table."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from ehcna_portal import logs
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.db import get_engine
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    advice_figures,
    audit,
    kpis,
    queue,
    review_figures,
    review_queue,
    staff_auth,
    staff_cases,
)
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.staff_auth import StaffView
from ehcna_portal.settings import get_settings

MANAGERS = ("manager", "admin")


def _staff(request: Request, what: str, roles: tuple[str, ...] = ()) -> StaffView | None:
    """The signed-in staff member (in one of ``roles`` if given); the export is audited."""
    with Session(get_engine()) as db:
        staff = staff_auth.lookup(db, request.cookies.get(staff_cookie_name(get_settings()), ""))
        if staff is None or not staff.signed_in or (roles and staff.role not in roles):
            logs.audit(f"{what}.export_refused", actor=f"staff:{staff.staff_id}" if staff else "anonymous",
                       object=what, result="denied", ip=logs.request_ip(request))
            return None
        audit.record(db, actor=f"staff:{staff.staff_id}", action=f"{what}.exported", object_type=what,
                     object_id="-", query=str(request.query_params)[:500])
        db.commit()
    return staff


def _queue_csv(request: Request, today: date) -> str | None:
    staff = _staff(request, "queue")
    if staff is None:
        return None
    rows = queue.all_rows(get_engine(), queue.query_from_params(request.query_params), staff.staff_id, today)
    return queue.queue_csv(rows)


def _kpi_csv(request: Request, today: date) -> str | None:
    if _staff(request, "kpis", MANAGERS) is None:
        return None
    return kpis.kpi_csv(kpis.monthly(get_engine(), date(today.year - 1, today.month, 1), today))


def _advice_csv(request: Request, today: date) -> str | None:
    if _staff(request, "advice", MANAGERS) is None:
        return None
    return advice_figures.advice_csv(advice_figures.monthly(get_engine(), date(today.year - 1, today.month, 1),
                                                            today, today))


def _reviews_csv(request: Request, today: date) -> str | None:
    if _staff(request, "reviews") is None:
        return None
    view = request.query_params.get("view", "")
    chosen = view if view in review_queue.VIEWS else review_queue.VIEWS[1]
    return review_queue.review_csv(review_queue.review_list(get_engine(), chosen, today, limit=100_000).rows)


async def reviews_csv(request: Request) -> Response:
    """A view of the Reviews queue, every row."""
    return await _csv(request, _reviews_csv, "ehc-reviews")


def _review_figures_csv(request: Request, today: date) -> str | None:
    if _staff(request, "review_figures", MANAGERS) is None:
        return None
    months = review_figures.monthly(get_engine(), date(today.year - 1, today.month, 1), today)
    return review_figures.review_figures_csv([*months, *review_figures.yearly(months)])


async def review_figures_csv(request: Request) -> Response:
    """The reviews' measures by month and by year, for managers."""
    return await _csv(request, _review_figures_csv, "ehc-review-figures")


async def _csv(request: Request, make: Callable[[Request, date], str | None], name: str) -> Response:
    now: datetime = utcnow()
    body = await asyncio.to_thread(make, request, uk_date(now))
    if body is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}-{uk_date(now).isoformat()}.csv"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


async def queue_csv(request: Request) -> Response:
    return await _csv(request, _queue_csv, "ehc-requests")


async def kpi_csv(request: Request) -> Response:
    return await _csv(request, _kpi_csv, "ehc-kpis")


async def advice_csv(request: Request) -> Response:
    """Advice returned within 6 weeks, by month, type and organisation, for managers."""
    return await _csv(request, _advice_csv, "ehc-advice")


def _case(request: Request) -> dict | None:
    staff = _staff(request, "case")
    if staff is None:
        return None
    return staff_cases.export_case(get_engine(), request.path_params["case_id"], staff.staff_id)


async def case_json(request: Request) -> Response:
    """One case's answers as JSON (generated from the form definition), for staff."""
    found = await asyncio.to_thread(_case, request)
    if found is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    return JSONResponse(found, headers={
        "Content-Disposition": f'attachment; filename="{found["reference"]}.json"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})
