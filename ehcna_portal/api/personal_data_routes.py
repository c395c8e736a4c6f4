"""``GET /api/account/personal-data``: everything held about the signed-in parent, as a zip download.

Only for a parent signed in with two-step verification (``documents.parent_caller``, the same rule as
document downloads): anyone else is sent to sign in, and the zip is built from the caller's own id only, so
there is no parameter to point it at another family. The zip is built in a temporary file in a thread and
streamed from it in chunks; the download is audited (``parent.data_exported``). The cookie is
SameSite=Strict, so another site cannot start the download in the parent's browser.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse

from ehcna_portal import logs, routes
from ehcna_portal.api.documents import parent_caller
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.services import personal_data
from ehcna_portal.settings import get_settings

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def download(request: Request) -> Response:
    settings = get_settings()
    caller = await asyncio.to_thread(parent_caller, request)
    ip = logs.request_ip(request)
    if caller is None:  # not signed in, or without two-step verification: sign in, then back to My account
        logs.audit("parent.data_export_refused", actor="anonymous", object="personal_data", result="no_session",
                   ip=ip)
        lang = as_language(request.query_params.get("lang")) or DEFAULT_LANGUAGE
        target = settings.link(routes.sign_in(lang, next=routes.localised(routes.ACCOUNT, lang)))
        return RedirectResponse(target, status_code=303, headers=NO_STORE)
    made = await asyncio.to_thread(personal_data.export, get_engine(), settings, caller.parent_id, ip=ip)
    if made is None:
        return PlainTextResponse("Not found", status_code=404, headers=NO_STORE)
    return StreamingResponse(made.chunks(), media_type="application/zip", headers={
        **NO_STORE,
        "Content-Disposition": f'attachment; filename="{made.filename}"',
        "Content-Length": str(made.size),
    })
