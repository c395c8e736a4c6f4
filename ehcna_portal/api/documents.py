"""Supporting documents over HTTP: upload (a plain multipart form post) and authorised download.

Both check the session cookie themselves, with two-step verification, and
find only the caller's own applications and documents; anything else is "not
found". Signed-in staff may download any document of a submitted request (each
download is audited). The upload also checks the Origin header (and the cookie is
SameSite=Strict), so another site cannot post files into a parent's request.

Nobody downloads a document waiting for its virus scan (409) or one that failed it
(410); see ``services/virus_scan``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from typing import BinaryIO
from urllib.parse import quote

from sqlmodel import Session
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse

from ehcna_portal import logs, routes
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.ids import parse_number
from ehcna_portal.models import ApplicationDocument, ScanStatus
from ehcna_portal.services import applications, document_store, file_stores, sessions, staff_auth, staff_cases
from ehcna_portal.services.sessions import SessionView
from ehcna_portal.services.staff_auth import StaffView
from ehcna_portal.settings import get_settings
from ehcna_portal.tasks import wake_scanner

log = logging.getLogger(__name__)

MAX_FILES_PER_POST = 10
# Pages an upload may return to: the form's step that holds its documents (step 8 of the request, step 4 of the
# family's advice, step 1 of the review views), or the documents page after sending; nothing else is built into
# the address.
RETURN_PAGE = re.compile(r"^(step-[1-9][0-9]?|documents)$")


def parent_caller(request: Request) -> SessionView | None:
    token = request.cookies.get(cookie_name(get_settings()), "")
    with Session(get_engine()) as db:
        view = sessions.lookup(db, token)
        db.commit()
    return view if view and view.signed_in and view.two_step_verified else None


def _back(application_id: int, page: str, lang: str, **query: object) -> Response:
    page = page if RETURN_PAGE.match(page) else "step-8"
    path = routes.form_page(application_id, page, as_language(lang) or DEFAULT_LANGUAGE, **query)
    target = get_settings().link(path)
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})


async def read_form(request: Request, **limits: int) -> FormData | None:
    """The multipart form, or None if it could not be spooled to disk (Starlette keeps files over 1 MB in
    the temporary folder: when that disk is full the user is told to try later, as for the store)."""
    try:
        return await request.form(**limits)
    except OSError as error:
        log.error("upload: the request could not be spooled to a temporary file (%s)", error)
        return None


async def upload(request: Request) -> Response:
    settings = get_settings()
    where = f"application:{request.path_params['application_id']}"
    if request.headers.get("origin") not in settings.allowed_origins:
        logs.audit("document.upload_refused", actor="anonymous", object=where, result="bad_origin",
                   ip=logs.request_ip(request))
        return PlainTextResponse("Forbidden", status_code=403)
    caller = await asyncio.to_thread(parent_caller, request)
    if caller is None:
        logs.audit("document.upload_refused", actor="anonymous", object=where, result="no_session",
                   ip=logs.request_ip(request))
        return RedirectResponse(settings.link(routes.SIGN_IN), status_code=303)
    application_id = request.path_params["application_id"]
    page, lang = request.query_params.get("back", ""), request.query_params.get("lang", "")
    limit = settings.upload_max_mb * 1024 * 1024
    declared = request.headers.get("content-length", "")
    if parse_number(declared, MAX_FILES_PER_POST * limit + 1024 * 1024) is None:
        return _back(application_id, page, lang, upload_error="too_big")
    form = await read_form(request, max_files=MAX_FILES_PER_POST, max_fields=10)
    if form is None:
        return _back(application_id, page, lang, upload_error="storage", uploaded=0)
    added = 0
    try:
        files = [item for item in form.getlist("file") if isinstance(item, UploadFile) and item.filename]
        if not files:
            return _back(application_id, page, lang, upload_error="none")
        for item in files:
            try:
                await asyncio.to_thread(applications.add_document, get_engine(), settings, caller.parent_id,
                                        application_id, item.filename or "", item.file)
            except document_store.RefusedFile as refused:
                logs.audit("document.upload_refused", actor=f"parent:{caller.parent_id}", object=where,
                           result=refused.code, ip=logs.request_ip(request))
                return _back(application_id, page, lang, upload_error=refused.code,
                             file=document_store.safe_download_name(item.filename or ""), detected=refused.detected,
                             uploaded=added)
            except LookupError:
                logs.audit("document.upload_refused", actor=f"parent:{caller.parent_id}", object=where,
                           result="not_found", ip=logs.request_ip(request))
                return PlainTextResponse("Not found", status_code=404)
            added += 1
    finally:
        await form.close()
        if added:
            wake_scanner()
    return _back(application_id, page, lang, uploaded=added)


def staff_caller(request: Request) -> StaffView | None:
    settings = get_settings()
    with Session(get_engine()) as db:
        view = staff_auth.lookup(db, request.cookies.get(staff_cookie_name(settings), ""))
    return view if view and view.signed_in else None


def _find_document(request: Request, document_id: int) -> ApplicationDocument | None:
    """The parent's own document, or — for signed-in staff — any document of a submitted request."""
    caller = parent_caller(request)
    staff = staff_caller(request) if caller is None else None
    found = (applications.owned_document(get_engine(), caller.parent_id, document_id) if caller is not None
             else staff_cases.staff_document(get_engine(), document_id, staff.staff_id) if staff is not None
             else None)
    actor = f"parent:{caller.parent_id}" if caller else f"staff:{staff.staff_id}" if staff else "anonymous"
    if found is None or caller is not None:  # a staff download is audited by staff_cases (table and log line)
        logs.audit("document.downloaded", actor=actor, object=f"document:{document_id}",
                   result="not_found" if found is None else "success" if found.scan_status in ScanStatus.DOWNLOADABLE
                   else f"refused_{found.scan_status}", ip=logs.request_ip(request))
    return found


async def download(request: Request) -> Response:
    document = await asyncio.to_thread(_find_document, request, request.path_params["document_id"])
    return await serve(document)


async def serve(document: ApplicationDocument | None) -> Response:
    """A document its caller may have (the caller has checked that): never one waiting for or failing its
    virus scan."""
    if document is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    if document.scan_status == ScanStatus.PENDING:
        return PlainTextResponse("This file is being checked for viruses. Try again in a few minutes.",
                                 status_code=409, headers={"Cache-Control": "no-store", "Retry-After": "60"})
    if document.scan_status not in ScanStatus.DOWNLOADABLE:
        return PlainTextResponse("This file failed a virus check and cannot be downloaded.", status_code=410,
                                 headers={"Cache-Control": "no-store"})
    fallback = document_store.safe_download_name(document.original_name)
    full = quote(document_store.download_name(document.original_name))
    headers = {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{full}",
               "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    media_type = document_store.MEDIA_TYPES[document.file_type]
    files = file_stores.for_settings(get_settings())
    name = document_store.checked_name(document.stored_name)
    if isinstance(files, file_stores.DirectoryStore):  # served from disk by the server (ranges, sendfile)
        return FileResponse(files.directory / name, media_type=media_type, headers=headers)
    try:
        body = await asyncio.to_thread(_read_kept, files, name)
    except FileNotFoundError:
        log.error("document %s: its file %s is missing from %s", document.id, name, files.describe())
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    except OSError as error:
        log.error("document %s could not be read from %s: %s", document.id, files.describe(), error)
        return PlainTextResponse("Sorry, there is a problem with the service. Try again later.", status_code=503,
                                 headers={"Cache-Control": "no-store", "Retry-After": "30"})
    return StreamingResponse(_chunks(body), media_type=media_type, headers=headers)


def _read_kept(files: file_stores.FileStore, name: str) -> BinaryIO:
    """The kept file in a private temporary file (the caller streams it, then closes it)."""
    with files.read(name) as kept:
        copy = tempfile.TemporaryFile(dir=files.staging)  # noqa: SIM115 - closed by ``_chunks``
        shutil.copyfileobj(kept, copy, 1024 * 1024)
    copy.seek(0)
    return copy


async def _chunks(body: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(body.read, 256 * 1024):
            yield chunk
    finally:
        body.close()


async def staff_upload(request: Request) -> Response:
    """Staff add a report or letter to a case, shared with the family or internal."""
    settings = get_settings()
    where = f"ehc_case:{request.path_params['case_id']}"
    if request.headers.get("origin") not in settings.allowed_origins:
        logs.audit("document.upload_refused", actor="anonymous", object=where, result="bad_origin",
                   ip=logs.request_ip(request))
        return PlainTextResponse("Forbidden", status_code=403)
    staff = await asyncio.to_thread(staff_caller, request)
    if staff is None:
        logs.audit("document.upload_refused", actor="anonymous", object=where, result="no_session",
                   ip=logs.request_ip(request))
        return RedirectResponse(settings.link(routes.STAFF_SIGN_IN), status_code=303)
    case_id = request.path_params["case_id"]

    def back(**query: str) -> Response:
        return RedirectResponse(settings.link(routes.staff_case(case_id, "documents", **query)),
                                status_code=303, headers={"Cache-Control": "no-store"})

    declared = request.headers.get("content-length", "")
    if parse_number(declared, settings.upload_max_mb * 1024 * 1024 + 1024 * 1024) is None:
        return back(upload_error="too_big")
    form = await read_form(request, max_files=1, max_fields=5)
    if form is None:
        return back(upload_error="storage")
    try:
        item = form.get("file")
        if not isinstance(item, UploadFile) or not item.filename:
            return back(upload_error="none")
        try:
            await asyncio.to_thread(staff_cases.add_staff_document, get_engine(), settings, case_id,
                                    staff.staff_id, item.filename, item.file, shared=form.get("shared") == "yes",
                                    phase=str(form.get("phase", "request")))
        except document_store.RefusedFile as refused:
            logs.audit("document.upload_refused", actor=f"staff:{staff.staff_id}", object=where, result=refused.code,
                       ip=logs.request_ip(request))
            return back(upload_error=refused.code, file=document_store.safe_download_name(item.filename),
                        detected=refused.detected)
        except LookupError:
            return PlainTextResponse("Not found", status_code=404)
    finally:
        await form.close()
    wake_scanner()
    return back(done="uploaded")
