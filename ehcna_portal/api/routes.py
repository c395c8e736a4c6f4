"""The Starlette app Reflex mounts itself inside (so these routes are matched first)."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ehcna_portal.api import (
    documents,
    language_routes,
    letters,
    personal_data_routes,
    session_routes,
    staff_exports,
    staff_session_routes,
)
from ehcna_portal.api.health import health
from ehcna_portal.db import UNAVAILABLE
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, t

HEALTH = "/api/health"
RETRY_AFTER_SECONDS = 60
log = logging.getLogger(__name__)


async def database_unavailable(request: Request, error: Exception) -> Response:
    """Any route the database could not serve in time (locked, slow, unreachable): nothing was written
    (one transaction per call), so answer 503 with the same words as the pages, not a stack trace."""
    log.warning("database unavailable during %s %s: %s", request.method, request.url.path, error)
    lang = as_language(request.query_params.get("lang")) or as_language(
        request.cookies.get(language_routes.LANGUAGE_COOKIE)) or DEFAULT_LANGUAGE
    return PlainTextResponse(t("error.service_unavailable", lang), status_code=503,
                             headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})


def build_api() -> Starlette:
    return Starlette(routes=[
        Route(HEALTH, health, methods=["GET"]),
        Route(session_routes.START, session_routes.start, methods=["GET"]),
        Route(session_routes.END, session_routes.end, methods=["GET"]),
        Route(session_routes.KEEPALIVE, session_routes.keepalive, methods=["POST"]),
        Route(language_routes.LANGUAGE, language_routes.choose_language, methods=["GET"]),
        Route(staff_session_routes.START, staff_session_routes.start, methods=["GET"]),
        Route(staff_session_routes.END, staff_session_routes.end, methods=["GET"]),
        Route(documents.UPLOAD, documents.upload, methods=["POST"]),
        Route(letters.LETTER, letters.letter, methods=["GET"]),
        Route(staff_exports.QUEUE_CSV, staff_exports.queue_csv, methods=["GET"]),
        Route(staff_exports.KPI_CSV, staff_exports.kpi_csv, methods=["GET"]),
        Route(staff_exports.CASE_JSON, staff_exports.case_json, methods=["GET"]),
        Route(documents.DOWNLOAD, documents.download, methods=["GET"]),
        Route(documents.STAFF_UPLOAD, documents.staff_upload, methods=["POST"]),
        Route(personal_data_routes.PERSONAL_DATA, personal_data_routes.download, methods=["GET"]),
    ], exception_handlers=dict.fromkeys(UNAVAILABLE, database_unavailable))
