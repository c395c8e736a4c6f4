"""GET /api/account/personal-data: only the signed-in parent with two-step verification, only their own data.

And the session end route's two new destinations after "Delete your account"."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ehcna_portal import routes
from ehcna_portal.api import documents, personal_data_routes, session_routes
from ehcna_portal.api.routes import build_api
from ehcna_portal.models import AuditEvent, ParentAccount
from ehcna_portal.services import sessions
from tests.support.families import family_with_history

BASE = "https://portal.example.gov.uk"


@pytest.fixture
def client(engine, settings, monkeypatch) -> TestClient:
    for module in (documents, personal_data_routes, session_routes):
        monkeypatch.setattr(module, "get_settings", lambda: settings)
        monkeypatch.setattr(module, "get_engine", lambda: engine)
    return TestClient(build_api(), base_url=BASE)


def signed_in(engine, parent_id: int, *, two_step: bool = True) -> str:
    """A session cookie value for the parent (as /api/session/start would set it)."""
    with Session(engine) as db:
        row = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=two_step)
        nonce = sessions.create_handoff(db, row, "/account")
        db.commit()
    with Session(engine) as db:
        token, _next = sessions.redeem_handoff(db, nonce)
        db.commit()
    return token


def test_without_a_session_the_browser_is_sent_to_sign_in(client, engine):
    response = client.get(routes.PERSONAL_DATA, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"{BASE}/sign-in?next=/account"
    assert response.headers["cache-control"] == "no-store" and not response.content
    welsh = client.get(routes.PERSONAL_DATA + "?lang=cy", follow_redirects=False)
    assert welsh.headers["location"] == f"{BASE}/cy/sign-in?next=/cy/account"
    forged = client.get(routes.PERSONAL_DATA, cookies={"ehcna_session": "not-a-real-token"},
                        follow_redirects=False)
    assert forged.status_code == 303
    with Session(engine) as db:
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "parent.data_exported")).all() == []


def test_without_two_step_verification_there_is_no_download(client, engine, settings):
    family = family_with_history(engine, settings, "Elin")
    token = signed_in(engine, family.parent_id, two_step=False)
    response = client.get(routes.PERSONAL_DATA, cookies={"ehcna_session": token},
                          follow_redirects=False)
    assert response.status_code == 303 and "zip" not in response.headers.get("content-type", "")


def test_a_parent_downloads_their_own_data_and_never_another_familys(client, engine, settings):
    a = family_with_history(engine, settings, "Ffion")
    b = family_with_history(engine, settings, "Gethin")
    for me, other in ((a, b), (b, a)):
        response = client.get(routes.PERSONAL_DATA,
                              cookies={"ehcna_session": signed_in(engine, me.parent_id)})
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/zip"
        assert response.headers["content-disposition"].startswith('attachment; filename="ehc-portal-personal-data-')
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert int(response.headers["content-length"]) == len(response.content)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            data = json.loads(archive.read("data.json"))
            everything = b"".join(archive.read(name) for name in archive.namelist())
        assert data["account"]["email"] == me.email
        assert [application["reference"] for application in data["applications"] if application["reference"]] \
            == [me.reference]
        for foreign in (other.email, other.reference, *other.markers.values()):
            assert foreign.encode() not in everything
    with Session(engine) as db:
        events = db.exec(select(AuditEvent).where(AuditEvent.action == "parent.data_exported")).all()
    assert sorted(event.actor for event in events) == sorted([f"parent:{a.parent_id}", f"parent:{b.parent_id}"])


def test_the_route_takes_no_parameter_that_names_a_parent(client, engine, settings):
    a = family_with_history(engine, settings, "Heledd")
    b = family_with_history(engine, settings, "Ifan")
    response = client.get(f"{routes.PERSONAL_DATA}?parent_id={b.parent_id}&id={b.parent_id}",
                          cookies={"ehcna_session": signed_in(engine, a.parent_id)})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert json.loads(archive.read("data.json"))["account"]["email"] == a.email


def test_after_deletion_the_cookie_is_cleared_and_the_page_says_what_happened(client, engine, settings):
    family = family_with_history(engine, settings, "Jac")
    token = signed_in(engine, family.parent_id)
    for reason, target in (("account_deleted", "/account-deleted"), ("account_closed", "/account-deleted?kept=1")):
        response = client.get(f"/api/session/end?reason={reason}", cookies={"ehcna_session": token},
                              follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == BASE + target
        assert 'ehcna_session=""' in response.headers["set-cookie"]
    welsh = client.get("/api/session/end?reason=account_closed&lang=cy", follow_redirects=False)
    assert welsh.headers["location"] == f"{BASE}/cy/account-deleted?kept=1"
    other = client.get("/api/session/end?reason=https://evil.example", follow_redirects=False)
    assert other.headers["location"] == f"{BASE}/sign-in?reason=signed_out"
    with Session(engine) as db:
        assert db.get(ParentAccount, family.parent_id) is not None
