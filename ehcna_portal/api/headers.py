"""Security headers on every HTTP response the backend serves (pages in production, API routes, files).

Pages get a Content-Security-Policy as strict as a Reflex build allows (security.md §1.I):

* scripts only from our own origin, plus the inline scripts React Router writes into each
  prerendered page, each allowed by its sha256, computed from the page as it is sent (so a
  new build needs no configuration, and no other inline script can run);
* ``'unsafe-eval'``, because Reflex's client runs ``rx.call_script`` code with ``eval``
  (``state.js``); the portal's scripts are fixed strings, never built from user input;
* styles from our origin and inline (Emotion adds ``<style>`` elements at run time);
* connections (the websocket) only to our origin; no plugins, no ``<base>``, no framing,
  forms post only to us; no third-party origin anywhere.

Every other response (API, downloads) gets ``default-src 'none'``: it is never a document that
should run anything. Scripts and stylesheets carry only the headers a browser reads on a subresource
(``nosniff``, the resource and referrer policies, HSTS): a content security policy, Permissions-Policy and
the opener policy apply to documents alone, and their 0.3 KB on each of a page's fifteen or so scripts and
styles was 5 KB of every cold load (issue 23, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import re
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
DOCUMENT_ONLY = (b"permissions-policy", b"cross-origin-opener-policy")
SUBRESOURCE_TYPES = (b"text/javascript", b"application/javascript", b"text/css")
HSTS = ("strict-transport-security", "max-age=63072000; includeSubDomains")
PAGE_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
               "frame-ancestors 'none'; form-action 'self'")
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def page_policy(html: bytes) -> str:
    """The policy for one page: its own inline scripts, by hash, and nothing else inline."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
                     for body in _INLINE_SCRIPT.findall(html) if body.strip()})
    return PAGE_POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return next((value for key, value in headers if key.lower() == name), b"")


class SecurityHeaders:
    """ASGI middleware: add the headers to HTTP responses; websockets pass through untouched."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self._app = app
        self._headers = [(k.encode(), v.encode()) for k, v in BASE_HEADERS.items()]
        if hsts:
            self._headers.append((HSTS[0].encode(), HSTS[1].encode()))

    def _with_headers(self, message: Message, policy: str, *, document: bool = True) -> Message:
        headers = list(message.get("headers", []))
        present = {name.lower() for name, _ in headers}
        extra = [(k, v) for k, v in self._headers if k not in present and (document or k not in DOCUMENT_ONLY)]
        if policy and b"content-security-policy" not in present:
            extra.append((b"content-security-policy", policy.encode()))
        return {**message, "headers": [*headers, *extra]}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        held: list[Message] = []  # a page's start and body, until the whole page is known

        async def send_with_headers(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                headers = message.get("headers", [])
                if message.get("status") == 304:  # a browser merges these headers into its cached page:
                    await send(self._with_headers(message, ""))  # keep that page's own policy
                    return
                if _header(headers, b"content-type").startswith(b"text/html") and scope["method"] != "HEAD":
                    held.append(message)
                    return
                if _header(headers, b"content-type").split(b";")[0].strip() in SUBRESOURCE_TYPES:
                    await send(self._with_headers(message, "", document=False))
                    return
                await send(self._with_headers(message, OTHER_POLICY))
            elif held and kind == "http.response.body":
                held.append(message)
                if not message.get("more_body", False):
                    body = b"".join(part.get("body", b"") for part in held[1:])
                    await send(self._page_start(held[0], body))
                    await send({"type": "http.response.body", "body": body, "more_body": False})
                    held.clear()
            elif held and kind == "http.response.pathsend":  # the server sends the file itself (Granian)
                body = await asyncio.to_thread(Path(message["path"]).read_bytes)
                await send(self._page_start(held[0], body))
                await send(message)
                held.clear()
            else:
                await send(message)

        await self._app(scope, receive, send_with_headers)

    def _page_start(self, start: Message, body: bytes) -> Message:
        encoding = _header(start.get("headers", []), b"content-encoding")
        return self._with_headers(start, page_policy(gzip.decompress(body) if encoding == b"gzip" else body))
