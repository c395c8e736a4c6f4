"""The HTTP routes at their edges (issue 16): ids out of range are 404, never 500 (security.md §0 item 16);
HEAD does no work; /api/health tells the public only whether the service is up."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from ehcna_portal.api import (
    documents,
    health,
    language_routes,
    letters,
    personal_data_routes,
    session_routes,
    staff_exports,
    staff_session_routes,
)
from ehcna_portal.api.routes import build_api
from ehcna_portal.ids import MAX_ID, parse_id, parse_number
from ehcna_portal.models import OutboxMessage
from ehcna_portal.services import personal_data
from ehcna_portal.settings import load_settings
from tests.support.documents import family_with_draft, parent_cookie, staff_cookie

ROUTE_MODULES = (documents, health, language_routes, letters, personal_data_routes, session_routes,
                 staff_exports, staff_session_routes)
HUGE = "99999999999999999999999"


@pytest.fixture
def client(engine, settings, monkeypatch) -> TestClient:
    for module in ROUTE_MODULES:
        monkeypatch.setattr(module, "get_engine", lambda: engine)
        monkeypatch.setattr(module, "get_settings", lambda: settings)
    return TestClient(build_api(), base_url=settings.public_url, raise_server_exceptions=False)


@pytest.mark.parametrize(("text", "number"), [
    ("1", 1), ("2147483647", MAX_ID), ("2147483648", None), ("0", None), (HUGE, None), ("-1", None),
    ("1.0", None), (" 1", None), ("²", None), ("١٢", None), ("9" * 5000, None), (7, 7), (True, None), (None, None),
])
def test_ids_are_bounded_ascii_integers(text, number):
    assert parse_id(text) == number


def test_numbers_take_their_own_bound():
    assert parse_number("0") == 0 and parse_number("99", 99) == 99 and parse_number("100", 99) is None


@pytest.mark.parametrize("path", [
    f"/api/documents/{HUGE}", "/api/documents/2147483648", f"/api/letters/{HUGE}", "/api/letters/2147483648",
    f"/api/staff/cases/{HUGE}/export.json", "/api/staff/cases/2147483648/export.json",
])
def test_an_id_out_of_range_is_not_found_never_a_server_error(engine, settings, client, path):
    """The probe's GET /api/documents/99999999999999999999999 raised OverflowError: a 500 with a traceback."""
    parent_id, _application_id = family_with_draft(engine, settings)
    _staff_id, staff = staff_cookie(engine, settings)
    for cookie in (parent_cookie(engine, settings, parent_id), staff):
        client.cookies.clear()
        client.cookies.update(cookie)
        assert client.get(path, follow_redirects=False).status_code == 404


@pytest.mark.parametrize("application_id", [HUGE, "2147483648"])
def test_an_upload_to_an_id_out_of_range_is_not_found(engine, settings, client, application_id):
    parent_id, _ = family_with_draft(engine, settings)
    client.cookies.update(parent_cookie(engine, settings, parent_id))
    answer = client.post(f"/api/applications/{application_id}/documents?back=step-8",
                         files=[("file", ("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))],
                         headers={"Origin": settings.public_origin}, follow_redirects=False)
    assert answer.status_code == 404


def test_head_on_the_personal_data_download_builds_nothing(engine, settings, client, monkeypatch):
    """The probe's HEAD built and audited a whole export."""
    parent_id, _ = family_with_draft(engine, settings)
    client.cookies.update(parent_cookie(engine, settings, parent_id))
    built = []
    monkeypatch.setattr(personal_data, "export", lambda *args, **kwargs: built.append(1))
    answer = client.head("/api/account/personal-data")
    assert answer.status_code == 405 and answer.headers["allow"] == "GET" and built == []


def test_every_get_route_that_does_work_refuses_head(client):
    working = [route.path for route in build_api().routes
               if "GET" in (route.methods or set()) and route.path != "/api/health"]
    for path in working:
        answer = client.head(path.replace("{application_id:id}", "1").replace("{case_id:id}", "1")
                             .replace("{letter_id:id}", "1").replace("{issue_id:id}", "1")
                             .replace("{document_id:id}", "1"), follow_redirects=False)
        assert answer.status_code == 405, path


def test_health_tells_the_public_only_whether_the_service_is_up(engine, settings, client):
    with Session(engine) as db:
        db.add(OutboxMessage(idempotency_key="x", template="t", to_address="a@example.com", subject="s",
                             text_body="t", html_body="h"))
        db.commit()
    assert client.get("/api/health").json() == {"status": "ok"}
    assert client.head("/api/health").status_code == 200
    _staff_id, staff = staff_cookie(engine, settings)
    client.cookies.update(staff)
    details = client.get("/api/health").json()
    assert details["email_due"] >= 1 and details["email_dead"] == 0  # ours, and the staff welcome email


def test_a_monitor_with_the_token_sees_the_details(engine, settings, client, monkeypatch, tmp_path):
    token = "m" * 40
    monitored = load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(tmp_path),
                               "EHCNA_PUBLIC_URL": settings.public_url, "EHCNA_MONITOR_TOKEN": token})
    monkeypatch.setattr(health, "get_settings", lambda: monitored)
    assert "email_due" in client.get("/api/health", headers={"Authorization": f"Bearer {token}"}).json()
    assert client.get("/api/health", headers={"Authorization": "Bearer wrong"}).json() == {"status": "ok"}


@pytest.mark.parametrize(("back", "lands_on"), [
    ("step-4", "/step-4?"),  # the family's advice holds its documents on step 4
    ("step-1", "/step-1?"),  # the review views on step 1
    ("documents", "/documents?"),
    ("https://evil.example/", "/step-8?"),  # never an address of someone else's choosing
    ("step-1/../../x", "/step-8?"),
])
def test_an_upload_returns_to_the_forms_own_documents_step_and_nowhere_else(engine, settings, client, back,
                                                                          lands_on):
    parent_id, application_id = family_with_draft(engine, settings)
    client.cookies.update(parent_cookie(engine, settings, parent_id))
    answer = client.post(f"/api/applications/{application_id}/documents", params={"back": back},
                         files=[("file", ("a.pdf", b"", "application/pdf"))],
                         headers={"Origin": settings.public_origin}, follow_redirects=False)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith(settings.public_url) and lands_on in location
