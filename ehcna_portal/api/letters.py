"""A council letter as a printable page: for the parent it was shared with (their own request), or staff."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from ehcna_portal.api.documents import parent_caller, staff_caller
from ehcna_portal.db import get_engine
from ehcna_portal.models import CaseLetter
from ehcna_portal.services import decisions
from ehcna_portal.settings import get_settings


def find_letter(request: Request, letter_id: int) -> CaseLetter | None:
    parent = parent_caller(request)
    if parent is not None:
        return decisions.letter_for(get_engine(), letter_id, parent_id=parent.parent_id)
    if staff_caller(request) is not None:
        return decisions.letter_for(get_engine(), letter_id)
    return None


async def letter(request: Request) -> Response:
    found = await asyncio.to_thread(find_letter, request, request.path_params["letter_id"])
    if found is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    body = decisions.letter_content(found, get_settings().public_url)
    return HTMLResponse(body.html, headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
