"""A family with a request, signed-in cookies and an HTTP client on the real API routes, for document tests."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from ehcna_portal.api import documents
from ehcna_portal.api.routes import build_api
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.settings import Settings
from tests.support import factories


def family_with_draft(engine: Engine, settings: Settings) -> tuple[int, int]:
    """A confirmed parent with one child and a started request: (parent id, application id)."""
    parent_id = factories.parent_id_of(engine, factories.make_parent(engine, settings))
    child_id = factories.add_child(engine, parent_id, "Ada", surname="Uploader", school_name="")
    return parent_id, factories.start_request(engine, parent_id, child_id)


def submit(engine: Engine, settings: Settings, parent_id: int, application_id: int) -> None:
    """Answer what is required and send the request (staff only see sent requests)."""
    factories.answer_required(engine, parent_id, application_id, why="Ada finds noise and crowds very hard.")
    factories.send(engine, settings, parent_id, application_id)


def parent_cookie(engine: Engine, settings: Settings, parent_id: int) -> dict[str, str]:
    """A real signed-in parent session (two-step verified), minted as the handoff route mints it."""
    return {cookie_name(settings): factories.parent_session(engine, parent_id)}


def staff_cookie(engine: Engine, settings: Settings) -> tuple[int, dict[str, str]]:
    """A new caseworker, fully signed in: (staff id, cookie)."""
    staff_id, _email = factories.make_staff(engine, settings)
    return staff_id, {staff_cookie_name(settings): factories.staff_session(engine, staff_id)}


def api_client(engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The portal's own HTTP routes (as the app mounts them) on this database and these settings."""
    monkeypatch.setattr(documents, "get_settings", lambda: settings)
    monkeypatch.setattr(documents, "get_engine", lambda: engine)
    return TestClient(build_api(), base_url=settings.public_url)


def post_files(client: TestClient, settings: Settings, cookie: dict[str, str], application_id: int,
               *files: tuple[str, bytes], lang: str = "en"):
    """The step-8 upload form, posted from the portal's own origin; the redirect is not followed."""
    client.cookies.clear()
    client.cookies.update(cookie)
    return client.post(f"/api/applications/{application_id}/documents?back=step-8&lang={lang}",
                       files=[("file", (name, content, "application/octet-stream")) for name, content in files],
                       headers={"Origin": settings.public_origin}, follow_redirects=False)


def get_document(client: TestClient, cookie: dict[str, str], document_id: int):
    client.cookies.clear()
    client.cookies.update(cookie)
    return client.get(f"/api/documents/{document_id}")
