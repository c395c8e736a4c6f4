"""The Starlette app Reflex mounts itself inside (so these routes are matched first)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from ehcna_portal.api import (
    documents,
    language_routes,
    letters,
    session_routes,
    staff_exports,
    staff_session_routes,
)
from ehcna_portal.api.health import health

HEALTH = "/api/health"


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
    ])
