"""A local stand-in for an S3-compatible object store (tests only).

A real HTTP server on loopback with the parts of the S3 API the document store uses
(PutObject, GetObject, DeleteObject), which checks every
request as a store does: the SigV4 signature against its one access key, and the body
against its declared SHA-256. It can be stopped and started on the same port, to show
what the portal does while the store is down.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from ehcna_portal.services.object_store import S3Config, signed_headers

ACCESS_KEY_ID = "STANDINKEY0000000001"
SECRET_ACCESS_KEY = "stand-in/secret/key/for/tests/only/0000"
BUCKET = "ehcna-documents"
REGION = "eu-west-2"


def _error(code: str, status: int) -> tuple[int, bytes]:
    return status, f"<?xml version=\"1.0\"?><Error><Code>{code}</Code></Error>".encode()


class StandInS3:
    """``with StandInS3() as s3:`` a store on ``s3.endpoint`` holding ``s3.objects`` (key → bytes)."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self, **changes: str) -> S3Config:
        values = {"endpoint": self.endpoint, "bucket": BUCKET, "region": REGION, "access_key_id": ACCESS_KEY_ID,
                  "secret_access_key": SECRET_ACCESS_KEY, "prefix": "documents/", **changes}
        return S3Config(**values)

    def environment(self) -> dict[str, str]:
        """The ``EHCNA_*`` settings that point the portal at this store."""
        return {"EHCNA_DOCUMENT_STORE": "s3", "EHCNA_S3_ENDPOINT": self.endpoint, "EHCNA_S3_BUCKET": BUCKET,
                "EHCNA_S3_REGION": REGION, "EHCNA_S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
                "EHCNA_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}

    def start(self) -> None:
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def _answer(self, status: int, body: bytes = b"") -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                problem = store.refusal(self.command, self.path, dict(self.headers.items()), body)
                self._answer(*(problem or store.act(self.command, self.path, body)))

            do_GET = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> StandInS3:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- as a store checks a request

    def refusal(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes] | None:
        """Why the store refuses this request (status, body), or None if it is signed and whole."""
        lowered = {name.lower(): value for name, value in headers.items()}
        authorization = lowered.get("authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256 Credential="):
            return _error("AccessDenied", 403)
        fields = dict(part.strip().split("=", 1) for part in authorization.removeprefix("AWS4-HMAC-SHA256 ").split(","))
        if fields["Credential"].split("/")[0] != ACCESS_KEY_ID:
            return _error("InvalidAccessKeyId", 403)
        declared = lowered.get("x-amz-content-sha256", "")
        if declared != hashlib.sha256(body).hexdigest():
            return _error("XAmzContentSHA256Mismatch", 400)
        signed = [name for name in fields["SignedHeaders"].split(";")
                  if name not in ("host", "x-amz-date", "x-amz-content-sha256")]
        when = datetime.strptime(lowered["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        expected = signed_headers(self.config(), method, f"http://{lowered['host']}{path}",
                                  {name: lowered[name] for name in signed}, declared, when)["authorization"]
        if expected != authorization:
            return _error("SignatureDoesNotMatch", 403)
        return None

    def act(self, method: str, path: str, body: bytes) -> tuple[int, bytes]:
        parts = urlsplit(path)
        bucket, _, key = unquote(parts.path).lstrip("/").partition("/")
        if bucket != BUCKET:
            return _error("NoSuchBucket", 404)
        with self._lock:
            if method == "PUT" and key:
                self.objects[key] = body
                return 200, b""
            if method == "DELETE":
                self.objects.pop(key, None)
                return 204, b""
            if key in self.objects:
                return 200, self.objects[key]
        return _error("NoSuchKey", 404)
