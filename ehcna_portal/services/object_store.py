"""An S3-compatible object store, for documents that several hosts must share.

Requests are signed with AWS Signature Version 4 (checked against the worked
example in Amazon's S3 documentation, tests/unit/test_object_store.py) and use
path-style addresses (``{endpoint}/{bucket}/{key}``), which MinIO, Ceph, Garage
and Amazon S3 all accept. Every body is sent with its SHA-256, so the store
refuses a body changed on the way. Only what the document store needs: put a
file, read one back, delete one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree  # nosec B405 # only its types: replies are parsed by defusedxml

import httpx
from defusedxml import ElementTree as defused

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_CHUNK = 256 * 1024
# Connecting gives up after 5 s; a read after 60 s without a byte (a large document on a slow link still flows).
TIMEOUT = httpx.Timeout(60.0, connect=5.0)


class ObjectStoreError(OSError):
    """The store refused or failed a request (an OSError, so callers treat it as storage trouble)."""


@dataclass(frozen=True)
class S3Config:
    endpoint: str  # https://s3.eu-west-2.amazonaws.com, https://minio.council.internal:9000
    bucket: str
    region: str
    access_key_id: str
    secret_access_key: str
    prefix: str = ""  # e.g. "documents/": every key the portal writes starts with it

    def __repr__(self) -> str:  # never the secret in a log line or a traceback
        return f"S3Config(endpoint={self.endpoint!r}, bucket={self.bucket!r}, region={self.region!r})"


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def _encode(text: str, *, keep_slash: bool) -> str:
    """RFC 3986 percent-encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ left as they are."""
    return quote(text, safe="-_.~/" if keep_slash else "-_.~")


def signed_headers(config: S3Config, method: str, url: str, headers: Mapping[str, str], payload_sha256: str,
                   now: datetime) -> dict[str, str]:
    """``headers`` plus ``x-amz-date``, ``x-amz-content-sha256`` and the SigV4 ``Authorization`` for this request.

    Every header given is signed, and ``host`` always is."""
    parts = urlsplit(url)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    all_headers = {"host": parts.netloc, **{name.lower(): value for name, value in headers.items()},
                   "x-amz-content-sha256": payload_sha256, "x-amz-date": amz_date}
    names = sorted(all_headers)
    query = sorted((_encode(unquote(key), keep_slash=False), _encode(unquote(value), keep_slash=False))
                   for key, _, value in (pair.partition("=") for pair in parts.query.split("&") if pair))
    canonical = "\n".join((
        method,
        parts.path or "/",  # already encoded by the caller (``_url``), as S3 wants it: not encoded twice
        "&".join(f"{key}={value}" for key, value in query),
        "".join(f"{name}:{' '.join(all_headers[name].split())}\n" for name in names),
        ";".join(names),
        payload_sha256,
    ))
    scope = f"{day}/{config.region}/s3/aws4_request"
    to_sign = "\n".join(("AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()))
    key = _hmac(_hmac(_hmac(_hmac(f"AWS4{config.secret_access_key}".encode(), day), config.region), "s3"),
                "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    all_headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={config.access_key_id}/{scope}, "
                                    f"SignedHeaders={';'.join(names)}, Signature={signature}")
    del all_headers["host"]  # httpx sends it from the URL
    return all_headers


def _xml(body: bytes) -> ElementTree.Element:
    """A reply of the store, parsed without entity expansion or external entities (defusedxml)."""
    return defused.fromstring(body)


class S3Client:
    """One bucket of an S3-compatible store. Thread-safe (one pooled HTTP client)."""

    def __init__(self, config: S3Config, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._http = httpx.Client(timeout=TIMEOUT, transport=transport, follow_redirects=False)

    def _url(self, key: str = "", query: str = "") -> str:
        path = f"/{_encode(self.config.bucket, keep_slash=False)}"
        if key:
            path += "/" + _encode(self.config.prefix + key, keep_slash=True)
        return f"{self.config.endpoint.rstrip('/')}{path}" + (f"?{query}" if query else "")

    def _send(self, method: str, url: str, *, payload_sha256: str = EMPTY_SHA256, content=None,
              headers: Mapping[str, str] | None = None, stream: bool = False) -> httpx.Response:
        signed = signed_headers(self.config, method, url, headers or {}, payload_sha256, datetime.now(UTC))
        try:
            request = self._http.build_request(method, url, headers=signed, content=content)
            return self._http.send(request, stream=stream)
        except httpx.HTTPError as error:
            raise ObjectStoreError(f"object store {self.config.endpoint}: {type(error).__name__}: {error}") from error

    @staticmethod
    def _fail(response: httpx.Response, what: str) -> ObjectStoreError:
        response.read()
        code = ""
        with contextlib.suppress(defused.ParseError):
            code = _xml(response.content).findtext("Code") or ""
        return ObjectStoreError(f"object store refused to {what}: HTTP {response.status_code} {code}".strip())

    def put(self, key: str, source: Path) -> None:
        """Store the file at ``source`` under ``key`` (replacing any object there)."""
        size = source.stat().st_size
        with source.open("rb") as body:
            digest = hashlib.file_digest(body, "sha256").hexdigest()
            body.seek(0)
            response = self._send("PUT", self._url(key), payload_sha256=digest, content=body,
                                  headers={"content-length": str(size), "content-type": "application/octet-stream"})
        if response.status_code != 200:
            raise self._fail(response, f"store {key}")

    def get(self, key: str, into: BinaryIO) -> int:
        """Write the object's bytes into ``into``; FileNotFoundError if there is none. Returns the size."""
        response = self._send("GET", self._url(key), stream=True)
        try:
            if response.status_code == 404:
                raise FileNotFoundError(key)
            if response.status_code != 200:
                raise self._fail(response, f"read {key}")
            size = 0
            try:
                for chunk in response.iter_bytes(_CHUNK):
                    into.write(chunk)
                    size += len(chunk)
            except httpx.HTTPError as error:
                raise ObjectStoreError(f"object store: reading {key} broke off: {error}") from error
            return size
        finally:
            response.close()

    def delete(self, key: str) -> None:
        """Remove the object (nothing happens if there is none)."""
        response = self._send("DELETE", self._url(key))
        if response.status_code not in (200, 204, 404):
            raise self._fail(response, f"delete {key}")

    def close(self) -> None:
        self._http.close()
