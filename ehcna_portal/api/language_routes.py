"""``GET /api/language?to=cy&next=/ehc`` — the English | Cymraeg switch.

It remembers the choice in the ``ehcna_lang`` cookie (a year; essential, listed on
the cookies page) and, for a signed-in parent, as the account's preferred language
(which their emails and letters follow), then opens the same page in that language.
"""

from __future__ import annotations

import asyncio

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ehcna_portal.api.session_routes import cookie_name, no_store
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, switch_path
from ehcna_portal.routes import has_welsh
from ehcna_portal.services import parent_accounts, sessions
from ehcna_portal.settings import get_settings

LANGUAGE_COOKIE = "ehcna_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _remember(token: str, lang: str) -> None:
    with Session(get_engine()) as db:
        view = sessions.lookup(db, token, touch=False)
    if view is not None and view.signed_in and view.preferred_language != lang:
        parent_accounts.set_preferred_language(get_engine(), view.parent_id, lang)  # type: ignore[arg-type]


async def choose_language(request: Request) -> Response:
    settings = get_settings()
    lang = as_language(request.query_params.get("to")) or DEFAULT_LANGUAGE
    next_path = sessions.safe_next(request.query_params.get("next", "/")[:2000])
    target = switch_path(next_path, lang)
    if not has_welsh(switch_path(next_path, DEFAULT_LANGUAGE).split("?")[0]):
        target = next_path  # the staff side is English only: stay where you were
    token = request.cookies.get(cookie_name(settings), "")
    if token:
        await asyncio.to_thread(_remember, token, lang)
    response = RedirectResponse(settings.link(target), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, lang, max_age=COOKIE_MAX_AGE, secure=settings.is_prod,
                        httponly=True, samesite="lax", path="/")
    return no_store(response)
