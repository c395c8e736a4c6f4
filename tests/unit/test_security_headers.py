"""The headers middleware: a page may run only its own inline scripts; nothing else runs anything."""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib

from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from ehcna_portal.api.headers import SecurityHeaders, page_policy

PAGE = b'<html><head><script>window.a = 1;</script><script src="/x.js"></script></head>' \
       b'<body><script type="module">import "/m.js";</script></body></html>'


def _sha(text: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text).digest()).decode() + "'"


def _client(*, hsts: bool = False) -> TestClient:
    def page(_request):
        return Response(PAGE, media_type="text/html")

    def zipped(_request):
        return Response(gzip.compress(PAGE), media_type="text/html", headers={"Content-Encoding": "gzip"})

    def api(_request):
        return JSONResponse({"ok": True})

    def script(_request):
        return Response(b"window.b = 2;", media_type="text/javascript")

    app = Starlette(routes=[Route("/page", page), Route("/zipped", zipped), Route("/api", api),
                            Route("/x.js", script)])
    return TestClient(SecurityHeaders(app, hsts=hsts))


def test_a_page_allows_exactly_its_inline_scripts_and_no_other_origin():
    policy = page_policy(PAGE)
    assert _sha(b"window.a = 1;") in policy and _sha(b'import "/m.js";') in policy
    assert policy.count("'sha256-") == 2
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "form-action 'self'", "connect-src 'self'"):
        assert directive in policy
    assert "http" not in policy and "*" not in policy  # no third-party origin, no wildcard


def test_served_pages_plain_or_gzipped_carry_their_hashes():
    client = _client()
    for path in ("/page", "/zipped"):
        response = client.get(path)
        assert response.content == PAGE
        assert response.headers["content-security-policy"] == page_policy(PAGE)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "camera=()" in response.headers["permissions-policy"]
        assert response.headers["cross-origin-opener-policy"] == "same-origin"
        assert "strict-transport-security" not in response.headers


def test_anything_else_may_run_nothing_and_prod_adds_hsts():
    response = _client(hsts=True).get("/api")
    assert response.json() == {"ok": True}
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"


def test_scripts_and_styles_carry_only_what_a_subresource_is_read_for():
    """A policy, Permissions-Policy and the opener policy govern documents only: on the fifteen or so scripts and
    stylesheets of a cold load they were 5 KB of bytes no browser reads."""
    response = _client(hsts=True).get("/x.js")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cross-origin-resource-policy"] == "same-origin"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["strict-transport-security"].startswith("max-age=")
    for document_only in ("content-security-policy", "permissions-policy", "cross-origin-opener-policy"):
        assert document_only not in response.headers


def test_a_page_the_server_sends_from_disk_is_hashed_too(tmp_path):
    """Granian lets Starlette hand it the file (``http.response.pathsend``); the page is read to hash it."""
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(PAGE))

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"content-encoding", b"gzip")]})
        await send({"type": "http.response.pathsend", "path": str(page)})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeaders(app, hsts=False)({"type": "http", "method": "GET"}, None, send))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.pathsend"]
    assert (b"content-security-policy", page_policy(PAGE).encode()) in sent[0]["headers"]


def test_not_modified_keeps_the_cached_pages_policy():
    """A browser merges a 304's headers into the page it cached: a policy sent there would replace the page's."""
    def cached(_request):
        return Response(status_code=304)

    client = TestClient(SecurityHeaders(Starlette(routes=[Route("/cached", cached)]), hsts=False))
    response = client.get("/cached")
    assert response.status_code == 304 and "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
