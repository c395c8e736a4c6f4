"""A family with a request, signed-in cookies and an HTTP client on the real API routes, for document tests."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ehcna_portal.api import documents
from ehcna_portal.api.routes import build_api
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.models import ParentAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import accounts, applications, children, sessions, staff_auth
from ehcna_portal.settings import Settings
from tests.support.parents import make_parent


def family_with_draft(engine: Engine, settings: Settings) -> tuple[int, int]:
    """A confirmed parent with one child and a started request: (parent id, application id)."""
    email = make_parent(engine, settings)
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": "Ada", "middle_name": "", "surname": "Uploader", "gender_at_birth": "female",
        "date_of_birth": date(2016, 5, 17), "school_urn": "", "school_name": "", "school_status": "not_in_school",
        "relationship": "Mother", "parental_responsibility": True, "address_line_1": "9 Hidden Lane",
        "address_line_2": "", "town": "Coventry", "postcode": "CV1 9XA", "uprn": ""})
    started = applications.start(engine, parent_id, child_id)
    assert started is not None
    return parent_id, started[0]


def submit(engine: Engine, settings: Settings, parent_id: int, application_id: int) -> None:
    """Answer what is required and send the request (staff only see sent requests)."""
    version = applications.get(engine, parent_id, application_id).version
    for step, values in ((1, {"requester_role": "parent", "request_type": "new"}),
                         (2, {"relationship_to_child": "mother", "has_parental_responsibility": "yes"}),
                         (4, {"why_requesting_now": "Ada finds noise and crowds very hard."}),
                         (5, {"currently_in_education": "school"})):
        version = applications.save_step(engine, parent_id, application_id, version, step, values, complete=True,
                                         last_page="summary").view.version
    view = applications.get(engine, parent_id, application_id)
    for document in view.documents:
        applications.save_document_details(engine, parent_id, document.id, {
            "document_type": "school_report", "document_from": "Sample Street Primary School",
            "date_published": {"day": "1", "month": "3", "year": "2026"}, "description": ""})
    outcome = applications.submit(engine, settings, parent_id, application_id, privacy=True, share=True,
                                  now=utcnow())
    assert outcome.submitted_now, outcome


def parent_cookie(engine: Engine, settings: Settings, parent_id: int) -> dict[str, str]:
    """A real signed-in parent session (two-step verified), minted as the handoff route mints it."""
    with Session(engine) as db:
        row = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=True)
        nonce = sessions.create_handoff(db, row, "/ehc")
        db.commit()
        token, _next = sessions.redeem_handoff(db, nonce)
        db.commit()
    return {cookie_name(settings): token}


def staff_cookie(engine: Engine, settings: Settings) -> tuple[int, dict[str, str]]:
    """A new caseworker, fully signed in: (staff id, cookie)."""
    with Session(engine) as db:
        staff = accounts.create_staff(db, settings, email=f"case-{secrets.token_hex(4)}@example.gov.uk",
                                      name="Casey Worker", role="caseworker", password="correct horse battery staple",
                                      actor="test")
        db.commit()
        staff_id = staff.id or 0
        nonce = staff_auth._start(db, staff_id, staff_auth.SIGNED_IN, "/staff", utcnow())
        db.commit()
        token, _next = staff_auth.redeem(db, nonce)
        db.commit()
    return staff_id, {staff_cookie_name(settings): token}


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
