"""The only places the staff session cookie is written or cleared (its own cookie, never the parents').

* ``GET /api/staff-session/start?n=NONCE`` — redeem a handoff nonce: set the cookie, go on.
* ``GET /api/staff-session/end`` — end the session, clear the cookie, back to the staff sign-in page.
"""

from __future__ import annotations

import asyncio

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ehcna_portal import routes
from ehcna_portal.api.session_routes import no_store
from ehcna_portal.db import get_engine
from ehcna_portal.services import staff_auth
from ehcna_portal.settings import Settings, get_settings


def staff_cookie_name(settings: Settings) -> str:
    return "__Host-ehcna_staff" if settings.is_prod else "ehcna_staff"


def _redeem(nonce: str) -> tuple[str, str] | None:
    with Session(get_engine()) as db:
        result = staff_auth.redeem(db, nonce)
        db.commit()
        return result


async def start(request: Request) -> Response:
    settings = get_settings()
    redeemed = await asyncio.to_thread(_redeem, request.query_params.get("n", "")[:100])
    if redeemed is None:
        return no_store(RedirectResponse(settings.link(routes.staff_sign_in("expired")), status_code=303))
    token, next_path = redeemed
    response = RedirectResponse(settings.link(next_path), status_code=303)
    response.set_cookie(staff_cookie_name(settings), token, httponly=True, secure=settings.is_prod,
                        samesite="strict", path="/")
    return no_store(response)


async def end(request: Request) -> Response:
    settings = get_settings()
    await asyncio.to_thread(staff_auth.sign_out, get_engine(), request.cookies.get(staff_cookie_name(settings), ""))
    response = RedirectResponse(settings.link(routes.staff_sign_in("signed_out")), status_code=303)
    response.delete_cookie(staff_cookie_name(settings), path="/", secure=settings.is_prod, httponly=True,
                           samesite="strict")
    return no_store(response)
