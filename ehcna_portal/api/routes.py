"""The Starlette app Reflex mounts itself inside (so these routes are matched first)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ehcna_portal import routes
from ehcna_portal.api import (
    advice_routes,
    documents,
    language_routes,
    letters,
    personal_data_routes,
    plan_routes,
    session_routes,
    staff_exports,
    staff_session_routes,
)
from ehcna_portal.api.health import health
from ehcna_portal.db import UNAVAILABLE
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, t
from ehcna_portal.ids import parse_id

Endpoint = Callable[[Request], Awaitable[Response]]
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


class IdConvertor(Convertor[int]):
    """``{name:id}`` in a route (registered by :func:`build_api`): up to ten ASCII digits; a number
    past ``MAX_ID`` becomes 0, no row's id."""

    regex = "[0-9]{1,10}"

    def convert(self, value: str) -> int:
        return parse_id(value) or 0

    def to_string(self, value: int) -> str:
        return str(value)


def get_only(endpoint: Endpoint) -> Endpoint:
    """A GET route whose GET does work (builds an export, reads a file, spends a link, sets a cookie):
    Starlette also answers HEAD by running it, so HEAD is refused here instead, before anything runs."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        if request.method == "HEAD":
            return Response(status_code=405, headers={"Allow": "GET", "Cache-Control": "no-store"})
        return await endpoint(request)

    return guarded


def build_api() -> Starlette:
    register_url_convertor("id", IdConvertor())  # ids in addresses are bounded: too big is 404, never 500
    return Starlette(routes=[
        Route(routes.HEALTH, health, methods=["GET"]),  # HEAD too: the public answer costs one "SELECT 1"
        Route(routes.SESSION_START, get_only(session_routes.start), methods=["GET"]),
        Route(routes.ADVICE_SESSION_START, get_only(advice_routes.start), methods=["GET"]),
        Route(routes.ADVICE_REPORT_UPLOAD, advice_routes.upload_report, methods=["POST"]),
        Route(routes.ADVICE_REPORT, get_only(advice_routes.download_report), methods=["GET"]),
        Route(routes.SESSION_END, get_only(session_routes.end), methods=["GET"]),
        Route(routes.SESSION_KEEPALIVE, session_routes.keepalive, methods=["POST"]),
        Route(routes.LANGUAGE, get_only(language_routes.choose_language), methods=["GET"]),
        Route(routes.STAFF_SESSION_START, get_only(staff_session_routes.start), methods=["GET"]),
        Route(routes.STAFF_SESSION_END, get_only(staff_session_routes.end), methods=["GET"]),
        Route(routes.DOCUMENT_UPLOAD, documents.upload, methods=["POST"]),
        Route(routes.LETTER, get_only(letters.letter), methods=["GET"]),
        Route(routes.LETTER_PDF, get_only(plan_routes.letter), methods=["GET"]),
        Route(routes.PLAN_PDF, get_only(plan_routes.plan), methods=["GET"]),
        Route(routes.CONSULTATION_SESSION_START, get_only(plan_routes.consultation_start), methods=["GET"]),
        Route(routes.CONSULTATION_PDF, get_only(plan_routes.consultation_plan), methods=["GET"]),
        Route(routes.QUEUE_CSV, get_only(staff_exports.queue_csv), methods=["GET"]),
        Route(routes.KPI_CSV, get_only(staff_exports.kpi_csv), methods=["GET"]),
        Route(routes.ADVICE_CSV, get_only(staff_exports.advice_csv), methods=["GET"]),
        Route(routes.REVIEWS_CSV, get_only(staff_exports.reviews_csv), methods=["GET"]),
        Route(routes.REVIEW_FIGURES_CSV, get_only(staff_exports.review_figures_csv), methods=["GET"]),
        Route(routes.CASE_EXPORT, get_only(staff_exports.case_json), methods=["GET"]),
        Route(routes.DOCUMENT, get_only(documents.download), methods=["GET"]),
        Route(routes.STAFF_DOCUMENT_UPLOAD, documents.staff_upload, methods=["POST"]),
        Route(routes.PERSONAL_DATA, get_only(personal_data_routes.download), methods=["GET"]),
    ], exception_handlers=dict.fromkeys(UNAVAILABLE, database_unavailable))
