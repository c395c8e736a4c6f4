"""Plans and letters as PDF files, and the school's consultation cookie.

``/api/plans/<issue>/plan.pdf``: an issued plan for the family whose child it is (their session cookie) or for
staff; ``/api/letters/<letter>/letter.pdf``: a letter as its printable page is, as a PDF; the school's draft, only
with its consultation cookie for the link named. PDFs are made in a thread (WeasyPrint takes tenths of a second
of CPU) and never cached.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ehcna_portal import logs, routes
from ehcna_portal.api.advice_routes import invitation_start
from ehcna_portal.api.documents import parent_caller, staff_caller
from ehcna_portal.api.letters import find_letter
from ehcna_portal.api.session_routes import session_token_from_cookie_header
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import consultation_access, plan_documents
from ehcna_portal.settings import Settings, get_settings

NOT_FOUND = {"Cache-Control": "no-store"}
# At most this many PDFs are drawn at once in a process (each takes tens of milliseconds of CPU): a burst of
# downloads queues instead of taking every core from the pages.
RENDERING = threading.BoundedSemaphore(2)


def consultation_cookie_name(settings: Settings) -> str:
    return "__Host-ehcna_consultation" if settings.is_prod else "ehcna_consultation"


def consultation_token(cookie_header: str, settings: Settings) -> str:
    return session_token_from_cookie_header(cookie_header, settings, name=consultation_cookie_name(settings))


def _pdf(found: tuple[str, bytes] | None) -> Response:
    if found is None:
        return PlainTextResponse("Not found", status_code=404, headers=NOT_FOUND)
    name, body = found
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _caller(request: Request) -> tuple[int | None, str]:
    """(the parent's id, or None for staff; who is asking, for the audit) — ("", "") for nobody signed in."""
    parent = parent_caller(request)
    if parent is not None:
        return parent.parent_id, f"parent:{parent.parent_id}"
    staff = staff_caller(request)
    return None, f"staff:{staff.staff_id}" if staff is not None else ""


def _plan_pdf(request: Request, issue_id: int) -> tuple[str, bytes] | None:
    lang = as_language(request.query_params.get("lang", "")) or DEFAULT_LANGUAGE
    parent_id, actor = _caller(request)
    found = plan_documents.issued(get_engine(), issue_id, lang, parent_id=parent_id) if actor else None
    if found is None:
        logs.audit("plan.downloaded", actor=actor or "anonymous", object=f"plan_issue:{issue_id}",
                   result="not_found", ip=logs.request_ip(request))
        return None
    with RENDERING:
        return plan_documents.pdf(get_engine(), found, lang, actor=actor)


async def plan(request: Request) -> Response:
    return _pdf(await asyncio.to_thread(_plan_pdf, request, request.path_params["issue_id"]))


def _letter_pdf(request: Request, letter_id: int) -> tuple[str, bytes] | None:
    found = find_letter(request, letter_id)
    _parent_id, actor = _caller(request)
    if found is None:
        logs.audit("letter.downloaded", actor=actor or "anonymous", object=f"letter:{letter_id}",
                   result="not_found", ip=logs.request_ip(request))
        return None
    with RENDERING:
        return plan_documents.letter_pdf(get_engine(), found, get_settings().public_url, actor=actor)


async def letter(request: Request) -> Response:
    return _pdf(await asyncio.to_thread(_letter_pdf, request, request.path_params["letter_id"]))


async def consultation_start(request: Request) -> Response:
    return await invitation_start(request, consultation_cookie_name(get_settings()), routes.consultation_link)


async def consultation_plan(request: Request) -> Response:
    """The draft a school was consulted on, through its own link and cookie only (each download audited)."""
    token = consultation_token(request.headers.get("cookie", ""), get_settings())
    lang = as_language(request.query_params.get("lang", "")) or DEFAULT_LANGUAGE
    return _pdf(await asyncio.to_thread(_rendering, consultation_access.draft_pdf, get_engine(), token,
                                        request.query_params.get("link", "")[:100], lang=lang, now=utcnow()))


def _rendering(make: Callable[..., tuple[str, bytes] | None], *args: object, **kwargs: object
               ) -> tuple[str, bytes] | None:
    with RENDERING:
        return make(*args, **kwargs)
