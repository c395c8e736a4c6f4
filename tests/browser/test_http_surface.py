"""Every HTTP route of the served app, attacked from outside: no session, another family's session,
a parent at staff routes, a foreign Origin, the wrong method, an oversized body.

The route table is read from the app itself (``build_api``); a route added without a row in
``EXPECTED`` fails ``test_every_route_is_covered``.
"""

from __future__ import annotations

import io
import socket
import time
import urllib.error
import urllib.request
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlmodel import Session, select

from ehcna_portal.api import routes as api_routes
from ehcna_portal.models import ApplicationDocument, StaffAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, decisions, sessions
from tests.support.factories import case_of
from tests.support.plans import draft_issued
from tests.support.protocol import parent_cookie, parent_with_child, staff_cookie
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker

pytestmark = pytest.mark.browser
EVIL = "https://evil.example"

# route path -> (methods, who may use it): "public", "parent", "staff", "parent-or-staff", "session-link",
# "professional" (the advice cookie for the link named: tests/browser/test_advice_protocol.py), "school" (the
# consultation cookie for the link named: tests/browser/test_consultation_protocol.py)
EXPECTED = {
    "/api/health": ({"GET"}, "public"),
    "/api/session/start": ({"GET"}, "session-link"),
    "/api/advice-session/start": ({"GET"}, "session-link"),
    "/api/session/end": ({"GET"}, "public"),
    "/api/session/keepalive": ({"POST"}, "parent"),
    "/api/language": ({"GET"}, "public"),
    "/api/staff-session/start": ({"GET"}, "session-link"),
    "/api/staff-session/end": ({"GET"}, "public"),
    "/api/applications/{application_id:id}/documents": ({"POST"}, "parent"),
    "/api/letters/{letter_id:id}": ({"GET"}, "parent-or-staff"),
    "/api/staff/queue.csv": ({"GET"}, "staff"),
    "/api/staff/kpis.csv": ({"GET"}, "staff"),
    "/api/staff/advice.csv": ({"GET"}, "staff"),
    "/api/staff/reviews.csv": ({"GET"}, "staff"),
    "/api/staff/review-figures.csv": ({"GET"}, "staff"),
    "/api/staff/cases/{case_id:id}/export.json": ({"GET"}, "staff"),
    "/api/documents/{document_id:id}": ({"GET"}, "parent-or-staff"),
    "/api/staff/cases/{case_id:id}/documents": ({"POST"}, "staff"),
    "/api/account/personal-data": ({"GET"}, "parent"),
    "/api/advice-reports": ({"POST"}, "professional"),
    "/api/advice-reports/{document_id:id}": ({"GET"}, "professional"),
    "/api/letters/{letter_id:id}/letter.pdf": ({"GET"}, "parent-or-staff"),
    "/api/plans/{issue_id:id}/plan.pdf": ({"GET"}, "parent-or-staff"),
    "/api/consultation-session/start": ({"GET"}, "session-link"),
    "/api/consultation-plan.pdf": ({"GET"}, "school"),
}


class Family:
    """A family with a sent request, a document and a decision letter, named in every attack."""

    def __init__(self, served_app: ServedApp) -> None:
        engine, settings = served_app.engine(), served_app.settings()
        self.child = f"Httpcanary{int(time.time() * 1000) % 100000}"
        _email, self.reference, self.application_id = submitted_request(served_app, self.child)
        with Session(engine) as db:
            self.document_id = db.exec(select(ApplicationDocument.id).where(
                ApplicationDocument.application_id == self.application_id)).first()
        staff_email = caseworker(served_app, "admin")
        self.staff_cookie = staff_cookie(served_app, staff_email)
        with Session(engine) as db:
            staff_id = db.exec(select(StaffAccount.id).where(StaffAccount.email == staff_email)).one()
        self.case_id = case_of(engine, self.application_id)
        decided = decisions.record(engine, settings, self.case_id, "assess", "", staff_id=staff_id,
                                   today=date.today(), now=utcnow())
        self.letter_id = decided.letter_id
        self.issue_id = draft_issued(engine, settings, self.case_id, staff_id)

    def paths(self) -> dict[str, str]:
        ids = {"{application_id:id}": str(self.application_id), "{case_id:id}": str(self.case_id),
               "{letter_id:id}": str(self.letter_id), "{issue_id:id}": str(self.issue_id),
               "{document_id:id}": str(self.document_id)}
        filled = {}
        for route in EXPECTED:
            path = route
            for placeholder, value in ids.items():
                path = path.replace(placeholder, value)
            filled[route] = path
        return filled


@pytest.fixture(scope="module")
def family(served_app: ServedApp) -> Family:
    return Family(served_app)


def fetch(url: str, *, method: str = "GET", cookie: str = "", origin: str = "", body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed: (status, headers in lower case, body)."""
    request = urllib.request.Request(url, method=method, data=body, headers={
        **({"Cookie": cookie} if cookie else {}), **({"Origin": origin} if origin else {}), **(headers or {})})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def refused(status: int, headers: dict[str, str], body: bytes, family: Family) -> bool:
    """Not served: an error status, or a redirect to a sign-in page; and nothing of the family."""
    sent_nothing = family.child.encode() not in body and family.reference.encode() not in body \
        and b"%PDF" not in body
    to_sign_in = status in (302, 303, 307) and "sign-in" in headers.get("location", "")
    return sent_nothing and (status >= 400 or to_sign_in)


def test_every_route_is_covered():
    served = {(route.path, frozenset(route.methods - {"HEAD"})) for route in api_routes.build_api().routes}
    assert served == {(path, frozenset(methods)) for path, (methods, _who) in EXPECTED.items()}


def test_without_a_session_no_route_gives_anything_away(served_app: ServedApp, family: Family):
    for route, path in family.paths().items():
        methods, who = EXPECTED[route]
        if who in ("public", "session-link"):
            continue
        method = next(iter(methods))
        status, headers, body = fetch(served_app.url + path, method=method, origin=served_app.url,
                                      body=b"" if method == "POST" else None)
        assert refused(status, headers, body, family), f"{method} {path} without a session: {status}"


MULTIPART = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"planted.pdf\"\r\n"
             b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%planted\n%%EOF\n\r\n--b--\r\n")


def test_another_parent_and_a_parent_at_staff_routes_get_nothing(served_app: ServedApp, family: Family):
    intruder, _child = parent_with_child(served_app, forename="Httpintruder")
    cookie = parent_cookie(served_app, intruder)
    for route, path in family.paths().items():
        methods, who = EXPECTED[route]
        if who not in ("parent-or-staff", "staff", "professional", "school") and "applications" not in route:
            continue
        method = next(iter(methods))
        status, headers, body = fetch(served_app.url + path, method=method, cookie=cookie, origin=served_app.url,
                                      body=MULTIPART if method == "POST" else None,
                                      headers={"Content-Type": "multipart/form-data; boundary=b"})
        assert refused(status, headers, body, family), f"{method} {path} as another parent: {status}"
    with Session(served_app.engine()) as db:
        names = db.exec(select(ApplicationDocument.original_name).where(
            ApplicationDocument.application_id == family.application_id)).all()
    assert "planted.pdf" not in names


def test_the_owner_and_staff_do_get_them(served_app: ServedApp, family: Family):
    """The refusals above are about who asks: the same requests succeed for those allowed."""
    paths = family.paths()
    status, headers, body = fetch(served_app.url + paths["/api/documents/{document_id:id}"],
                                  cookie=family.staff_cookie)
    assert status == 200 and body.startswith(b"%PDF"), status
    assert headers["content-disposition"].startswith("attachment") and headers["cache-control"] == "no-store"
    status, _headers, body = fetch(served_app.url + paths["/api/staff/queue.csv"], cookie=family.staff_cookie)
    assert status == 200 and family.reference.encode() in body


def test_a_foreign_origin_gets_no_cors_grant_and_cannot_post(served_app: ServedApp, family: Family):
    paths = family.paths()
    for route, path in paths.items():
        methods, _who = EXPECTED[route]
        status, headers, _body = fetch(served_app.url + path, method="OPTIONS", origin=EVIL, headers={
            "Access-Control-Request-Method": next(iter(methods)), "Access-Control-Request-Headers": "content-type"})
        assert headers.get("access-control-allow-origin") not in (EVIL, "*"), f"preflight {path} granted {EVIL}"
        status, headers, _body = fetch(served_app.url + path, cookie=family.staff_cookie, origin=EVIL)
        assert headers.get("access-control-allow-origin") not in (EVIL, "*"), f"GET {path} granted {EVIL}"
    for route in ("/api/applications/{application_id:id}/documents",
                  "/api/staff/cases/{case_id:id}/documents", "/api/advice-reports"):
        status, _headers, _body = fetch(served_app.url + paths[route], method="POST", cookie=family.staff_cookie,
                                        origin=EVIL, body=b"x", headers={"Content-Type": "text/plain"})
        assert status == 403, f"a cross-site POST to {route} was not refused: {status}"


def test_the_wrong_method_is_refused_on_every_route(served_app: ServedApp, family: Family):
    for route, path in family.paths().items():
        methods, _who = EXPECTED[route]
        for method in {"GET", "POST", "PUT", "DELETE", "PATCH"} - methods:
            status, _headers, body = fetch(served_app.url + path, method=method, cookie=family.staff_cookie,
                                           origin=served_app.url, body=b"" if method != "GET" else None)
            assert status in (404, 405), f"{method} {path} answered {status}"
            assert family.reference.encode() not in body


def test_reflexs_public_upload_folder_is_not_there(served_app: ServedApp, family: Family):
    """Documents never live under Reflex's /_upload (public by design, reflex.md §0); nothing is mounted."""
    for method, body in (("GET", None), ("POST", b"x")):
        status, _headers, _body = fetch(served_app.url + "/_upload/anything.pdf", method=method, body=body,
                                        headers={"reflex-client-token": "x", "reflex-event-handler": "x"})
        assert status in (404, 405), f"{method} /_upload answered {status}"
    assert not (served_app.data_dir / "uploaded_files").exists()


def _raw_post(served_app: ServedApp, path: str, cookie: str, length_header: str) -> tuple[float, str]:
    """Declare a huge body, send a few bytes of it, and time the answer: a server that read the body first
    would wait for the rest."""
    parts = urlsplit(served_app.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as connection:
        started = time.monotonic()
        connection.sendall((f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nOrigin: {served_app.url}\r\n"
                            f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                            f"{length_header}\r\n\r\n--b\r\n").encode())
        answer = connection.recv(4096).decode(errors="replace")
        return time.monotonic() - started, answer


def test_a_body_over_the_limit_is_refused_before_it_is_read(served_app: ServedApp, family: Family):
    owner = _owner_cookie(served_app)
    path = family.paths()["/api/applications/{application_id:id}/documents"].replace(
        str(family.application_id), str(owner[1]))
    for length in ("Content-Length: 50000000000", "Transfer-Encoding: chunked"):
        took, answer = _raw_post(served_app, path, owner[0], length)
        assert took < 5 and answer.startswith("HTTP/1.1 303") and "upload_error=too_big" in answer, answer[:300]


def _owner_cookie(served_app: ServedApp) -> tuple[str, int]:
    parent_id, child_id = parent_with_child(served_app, forename="Httpowner")
    application_id, _ = applications.start(served_app.engine(), parent_id, child_id)
    applications.add_document(served_app.engine(), served_app.settings(), parent_id, application_id, "a.pdf",
                              io.BytesIO(b"%PDF-1.4\n%%EOF\n"))
    return parent_cookie(served_app, parent_id), application_id


def test_pages_and_routes_carry_the_security_headers(served_app: ServedApp, family: Family):
    for path in ("/", "/sign-in", "/cy/register", "/ehc", "/staff/sign-in", "/no-such-page"):
        try:  # a page whose address is also a folder is first redirected to "…/" (Reflex's static files)
            with urllib.request.urlopen(served_app.url + path, timeout=20) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as error:  # the "page not found" page comes with 404
            headers = {k.lower(): v for k, v in error.headers.items()}
        policy = headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-eval' 'sha256-" in policy, (path, policy)
        for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                          "form-action 'self'", "connect-src 'self'"):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
        assert "camera=()" in headers["permissions-policy"]
        assert headers["cross-origin-opener-policy"] == "same-origin"
    for route, path in family.paths().items():
        method = next(iter(EXPECTED[route][0]))
        _status, headers, _body = fetch(served_app.url + path, method=method, cookie=family.staff_cookie,
                                        origin=served_app.url, body=b"" if method == "POST" else None)
        assert headers["content-security-policy"].startswith("default-src 'none'"), path
        assert headers["x-content-type-options"] == "nosniff"


def test_the_session_cookie_is_httponly_strict_and_host_wide(served_app: ServedApp):
    """Read from the served app (development: plain http, so not Secure; production adds Secure and the
    ``__Host-`` prefix, tests/unit/test_session_routes.py)."""
    parent_id, _child = parent_with_child(served_app, forename="Cookieflags")
    with Session(served_app.engine()) as db:
        row = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=True)
        nonce = sessions.create_handoff(db, row, "/ehc")
        db.commit()
    status, headers, _body = fetch(f"{served_app.url}/api/session/start?n={nonce}")
    assert status == 303 and headers["cache-control"] == "no-store"
    cookie = headers["set-cookie"]
    assert cookie.startswith("ehcna_session=") and len(cookie.split(";")[0]) > len("ehcna_session=") + 40
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/"):
        assert attribute.lower() in cookie.lower(), cookie
