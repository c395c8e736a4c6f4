"""A professional's HTTP routes. The only place their advice cookie is written: ``GET
/api/advice-session/start?n=HANDOFF&link=…`` trades the one-minute handoff their code earned
(services/advice_access.redeem) for an HttpOnly SameSite=Strict cookie (Secure in prod), then sends the browser
back to the link's page. Their report's upload and download read that cookie and answer for the link named only
(services/advice_form)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ehcna_portal import logs, routes
from ehcna_portal.api import documents
from ehcna_portal.api.session_routes import no_store, session_token_from_cookie_header
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, as_language
from ehcna_portal.ids import parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_form, document_store, invitation_access
from ehcna_portal.settings import Settings, get_settings
from ehcna_portal.tasks import wake_scanner

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def advice_cookie_name(settings: Settings) -> str:
    return "__Host-ehcna_advice" if settings.is_prod else "ehcna_advice"


def advice_token(cookie_header: str, settings: Settings) -> str:
    """The professional's access token from a Cookie header ("" when there is none)."""
    return session_token_from_cookie_header(cookie_header, settings, name=advice_cookie_name(settings))


async def invitation_start(request: Request, cookie_name: str, back_to: Callable[[str, Language], str]) -> Response:
    """Trade the one-minute handoff an invitation's code earned for its HttpOnly cookie (``cookie_name``), then
    go back to the link's page (``back_to(link, lang)``): the advice links' and the schools' consultation links'."""
    settings = get_settings()
    link = request.query_params.get("link", "")
    lang = as_language(request.query_params.get("lang", "")) or DEFAULT_LANGUAGE
    back = back_to(link, lang) if TOKEN.match(link) else routes.HOME
    handoff = request.query_params.get("n", "")[:100]
    token = await asyncio.to_thread(invitation_access.redeem, get_engine(), handoff, utcnow()) \
        if TOKEN.match(handoff) else None
    response = RedirectResponse(settings.link(back), status_code=303)
    if token:
        response.set_cookie(cookie_name, token, httponly=True, secure=settings.is_prod, samesite="strict", path="/")
    return no_store(response)


async def start(request: Request) -> Response:
    return await invitation_start(request, advice_cookie_name(get_settings()), routes.advice_link)


def _back(link: str, lang: str, **query: object) -> Response:
    language = as_language(lang) or DEFAULT_LANGUAGE
    path = routes.with_query(routes.advice_link(link, language), **query) if TOKEN.match(link) else routes.HOME
    return RedirectResponse(get_settings().link(path), status_code=303, headers={"Cache-Control": "no-store"})


async def upload_report(request: Request) -> Response:
    """A professional attaches their report (a plain multipart post from the link's page): only with the
    advice cookie for the link named, while its request waits; checked like every upload."""
    settings = get_settings()
    link, lang = request.query_params.get("link", "")[:100], request.query_params.get("lang", "")
    token = advice_token(request.headers.get("cookie", ""), settings)
    if request.headers.get("origin") not in settings.allowed_origins:
        logs.audit("document.upload_refused", actor="anonymous", object="advice", result="bad_origin",
                   ip=logs.request_ip(request))
        return PlainTextResponse("Forbidden", status_code=403)
    if not await asyncio.to_thread(advice_form.may_add_report, get_engine(), token, link, utcnow()):
        logs.audit("document.upload_refused", actor="anonymous", object="advice", result="not_found",
                   ip=logs.request_ip(request))
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    if parse_number(request.headers.get("content-length", ""), settings.upload_max_mb * 1024 * 1024 + 1024 * 1024) \
            is None:
        return _back(link, lang, upload_error="too_big")
    form = await documents.read_form(request, max_files=1, max_fields=3)
    if form is None:
        return _back(link, lang, upload_error="storage")
    try:
        item = form.get("file")
        if not isinstance(item, UploadFile) or not item.filename:
            return _back(link, lang, upload_error="none")
        try:
            await asyncio.to_thread(advice_form.add_report, get_engine(), settings, token, link, item.filename,
                                    item.file, utcnow())
        except document_store.RefusedFile as refused:
            return _back(link, lang, upload_error=refused.code, file=document_store.safe_download_name(item.filename),
                         detected=refused.detected)
        except LookupError:  # sent or withdrawn while the file was on its way
            return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    finally:
        await form.close()
    wake_scanner()
    return _back(link, lang, uploaded=1)


async def download_report(request: Request) -> Response:
    """One of the professional's own reports, through their link (each download audited)."""
    token = advice_token(request.headers.get("cookie", ""), get_settings())
    document = await asyncio.to_thread(advice_form.report, get_engine(), token,
                                       request.query_params.get("link", "")[:100],
                                       request.path_params["document_id"], utcnow())
    return await documents.serve(document)
