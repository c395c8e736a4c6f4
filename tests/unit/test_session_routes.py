"""The cookie routes: what the browser is told, in production settings."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ehcna_portal.api import session_routes
from ehcna_portal.api.routes import build_api
from ehcna_portal.models import ParentAccount, UserSession
from ehcna_portal.services import sessions
from ehcna_portal.settings import load_settings
from tests.support.factories import make_parent


@pytest.fixture
def prod(engine, tmp_path, monkeypatch):
    settings = load_settings({"EHCNA_ENV": "prod", "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_SECRET_KEY": "s" * 40,
                              "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk", "EHCNA_SMTP_HOST": "127.0.0.1",
                              "EHCNA_MAIL_FROM": "noreply@example.gov.uk"})
    monkeypatch.setattr(session_routes, "get_settings", lambda: settings)
    monkeypatch.setattr(session_routes, "get_engine", lambda: engine)
    return settings


def _handoff(engine, settings, next_path: str = "/ehc") -> tuple[int, str]:
    email = make_parent(engine, settings)
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
        row = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=True)
        nonce = sessions.create_handoff(db, row, next_path)
        db.commit()
        return row.id, nonce


def test_start_sets_a_host_only_secure_httponly_strict_cookie_and_goes_on(engine, prod):
    session_id, nonce = _handoff(engine, prod)
    client = TestClient(build_api(), base_url="https://portal.example.gov.uk")
    response = client.get(f"/api/session/start?n={nonce}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "https://portal.example.gov.uk/ehc"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-ehcna_session=")
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert attribute in cookie
    assert "Domain=" not in cookie and "Max-Age" not in cookie  # host-only; ends with the browser
    assert response.headers["cache-control"] == "no-store"
    token = cookie.split(";")[0].split("=", 1)[1]
    with Session(engine) as db:
        assert sessions.lookup(db, token, touch=False).session_id == session_id
    again = client.get(f"/api/session/start?n={nonce}", follow_redirects=False)
    assert again.headers["location"].endswith("/sign-in?reason=expired") and "set-cookie" not in again.headers


def test_end_revokes_the_session_and_clears_the_cookie(engine, prod):
    session_id, nonce = _handoff(engine, prod)
    client = TestClient(build_api(), base_url="https://portal.example.gov.uk")
    client.get(f"/api/session/start?n={nonce}", follow_redirects=False)
    response = client.get("/api/session/end?reason=timeout", follow_redirects=False)
    assert response.headers["location"] == "https://portal.example.gov.uk/sign-in?reason=timeout"
    assert '__Host-ehcna_session=""' in response.headers["set-cookie"] or "Max-Age=0" in response.headers["set-cookie"]
    with Session(engine) as db:
        assert db.get(UserSession, session_id).revoked_at is not None
    assert client.post("/api/session/keepalive").status_code == 401
