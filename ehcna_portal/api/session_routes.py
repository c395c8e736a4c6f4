"""The only places the session cookie is written or cleared.

* ``GET /api/session/start?n=NONCE`` — redeem a handoff nonce from a sign-in
  handler: mint the session token, set it as an HttpOnly SameSite=Strict
  cookie (Secure in prod), and send the browser on to where it was going.
* ``GET /api/session/end`` — end the session in the database, clear the cookie,
  go to the sign-in page with the reason (signed out, timed out, or 2SV changed).
* ``POST /api/session/keepalive`` — "Stay signed in": touch the session.
"""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ehcna_portal import routes
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.services import audit, sessions
from ehcna_portal.settings import Settings, get_settings

SIGN_OUT_REASONS = frozenset({"timeout", "two_step_changed", "password_changed", "details_changed", "email_changed"})
# After "Delete your account" the browser still holds the (now dead) cookie: clear it, then say what happened
# (the query of routes.ACCOUNT_DELETED: ``kept=1`` when some requests are kept for the council).
ACCOUNT_GONE: dict[str, dict[str, str]] = {"account_deleted": {}, "account_closed": {"kept": "1"}}


def cookie_name(settings: Settings) -> str:
    """``__Host-`` pins the cookie to our host and path "/" (browsers require Secure for it)."""
    return "__Host-ehcna_session" if settings.is_prod else "ehcna_session"


def session_token_from_cookie_header(header: str, settings: Settings, *, name: str = "") -> str:
    """The parent's session cookie from a Cookie header (or the cookie called ``name``)."""
    cookies = SimpleCookie()
    try:
        cookies.load(header or "")
    except Exception:  # a malformed Cookie header means no session, not an error
        return ""
    morsel = cookies.get(name or cookie_name(settings))
    return morsel.value if morsel else ""


def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _redeem(nonce: str) -> tuple[str, str] | None:
    with Session(get_engine()) as db:
        result = sessions.redeem_handoff(db, nonce)
        db.commit()
        return result


async def start(request: Request) -> Response:
    settings = get_settings()
    redeemed = await asyncio.to_thread(_redeem, request.query_params.get("n", "")[:100])
    if redeemed is None:
        return no_store(RedirectResponse(settings.link(routes.sign_in(reason="expired")), status_code=303))
    token, next_path = redeemed
    response = RedirectResponse(settings.link(sessions.safe_next(next_path)), status_code=303)
    response.set_cookie(cookie_name(settings), token, httponly=True, secure=settings.is_prod,
                        samesite="strict", path="/")
    return no_store(response)


def _end(token: str) -> None:
    with Session(get_engine()) as db:
        view = sessions.lookup(db, token, touch=False)
        if view is not None:
            sessions.revoke(db, view.session_id)
            audit.record(db, actor=f"parent:{view.parent_id}", action="parent.signed_out",
                         object_type="parent_account", object_id=view.parent_id)
            db.commit()


async def end(request: Request) -> Response:
    settings = get_settings()
    token = request.cookies.get(cookie_name(settings), "")
    await asyncio.to_thread(_end, token)
    reason = request.query_params.get("reason", "")
    lang = as_language(request.query_params.get("lang")) or DEFAULT_LANGUAGE
    if reason in ACCOUNT_GONE:
        target = routes.localised(routes.ACCOUNT_DELETED, lang, **ACCOUNT_GONE[reason])
    else:
        target = routes.sign_in(lang, reason=reason if reason in SIGN_OUT_REASONS else "signed_out")
    response = RedirectResponse(settings.link(target), status_code=303)
    response.delete_cookie(cookie_name(settings), path="/", secure=settings.is_prod, httponly=True,
                           samesite="strict")
    return no_store(response)


def _touch(token: str) -> bool:
    with Session(get_engine()) as db:
        view = sessions.lookup(db, token, touch=False)
        if view is None:
            return False
        sessions.touch(db, view.session_id)
        db.commit()
        return True


async def keepalive(request: Request) -> Response:
    token = request.cookies.get(cookie_name(get_settings()), "")
    alive = await asyncio.to_thread(_touch, token)
    return no_store(Response(status_code=204 if alive else 401))
