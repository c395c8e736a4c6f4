"""The only place a professional's advice cookie is written: ``GET /api/advice-session/start?n=HANDOFF&link=…``
trades the one-minute handoff their code earned (services/advice_access.redeem) for an HttpOnly SameSite=Strict
cookie (Secure in prod), then sends the browser back to the link's page."""

from __future__ import annotations

import asyncio
import re

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ehcna_portal import routes
from ehcna_portal.api.session_routes import no_store, session_token_from_cookie_header
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_access
from ehcna_portal.settings import Settings, get_settings

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def advice_cookie_name(settings: Settings) -> str:
    return "__Host-ehcna_advice" if settings.is_prod else "ehcna_advice"


def advice_token(cookie_header: str, settings: Settings) -> str:
    """The professional's access token from a Cookie header ("" when there is none)."""
    return session_token_from_cookie_header(cookie_header, settings, name=advice_cookie_name(settings))


async def start(request: Request) -> Response:
    settings = get_settings()
    link = request.query_params.get("link", "")
    lang = as_language(request.query_params.get("lang", "")) or DEFAULT_LANGUAGE
    back = routes.advice_link(link, lang) if TOKEN.match(link) else routes.HOME
    handoff = request.query_params.get("n", "")[:100]
    token = await asyncio.to_thread(advice_access.redeem, get_engine(), handoff, utcnow()) \
        if TOKEN.match(handoff) else None
    response = RedirectResponse(settings.link(back), status_code=303)
    if token:
        response.set_cookie(advice_cookie_name(settings), token, httponly=True, secure=settings.is_prod,
                            samesite="strict", path="/")
    return no_store(response)
