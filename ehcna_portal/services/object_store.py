"""An S3-compatible object store, for documents that several hosts must share.

The client is MinIO's Python SDK (``minio``): a maintained S3 client that signs every request with AWS Signature
Version 4, works with MinIO, Ceph, Garage and Amazon S3 alike, and fits the pinned dependencies (boto3 was refused
for botocore's pins). Over plain HTTP it sends each body's SHA-256, so the store refuses a body changed on the way;
over HTTPS TLS protects it. Addresses are path-style (``{endpoint}/{bucket}/{key}``). Only what the document store
needs: put a file, read one back, delete one. Every failure is an ``ObjectStoreError`` (an ``OSError``), so callers
treat it as storage trouble; a missing object is ``FileNotFoundError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error

_CHUNK = 256 * 1024
# Connecting gives up after 5 s; a read after 60 s without a byte (a large document on a slow link still flows).
TIMEOUT = urllib3.Timeout(connect=5.0, read=60.0)
# A store that is down is said at once: no retries that would hold a worker for a minute.
RETRIES = urllib3.Retry(total=0, connect=0, read=0, redirect=0)


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


def _failed(config: S3Config, what: str, error: Exception) -> ObjectStoreError:
    # the store's own code ("SignatureDoesNotMatch"), or why no answer came ("NewConnectionError", "ReadTimeoutError")
    reason = error.code if isinstance(error, S3Error) else type(getattr(error, "reason", None) or error).__name__
    return ObjectStoreError(f"object store {config.endpoint} could not {what}: {reason}")


class S3Client:
    """One bucket of an S3-compatible store. Thread-safe (one pooled HTTP connection manager)."""

    def __init__(self, config: S3Config) -> None:
        self.config = config
        parts = urlsplit(config.endpoint)
        self._http = urllib3.PoolManager(timeout=TIMEOUT, retries=RETRIES, maxsize=10)
        self._client = Minio(parts.netloc, access_key=config.access_key_id, secret_key=config.secret_access_key,
                             region=config.region, secure=parts.scheme == "https", http_client=self._http)

    def _key(self, key: str) -> str:
        return self.config.prefix + key

    def put(self, key: str, source: Path) -> None:
        """Store the file at ``source`` under ``key`` (replacing any object there)."""
        try:
            with source.open("rb") as body:
                self._client.put_object(self.config.bucket, self._key(key), body, source.stat().st_size,
                                        content_type="application/octet-stream")
        except (MinioException, urllib3.exceptions.HTTPError) as error:
            raise _failed(self.config, f"store {key}", error) from error

    def get(self, key: str, into: BinaryIO) -> int:
        """Write the object's bytes into ``into``; FileNotFoundError if there is none. Returns the size."""
        try:
            response = self._client.get_object(self.config.bucket, self._key(key))
        except S3Error as error:
            if error.code == "NoSuchKey":
                raise FileNotFoundError(key) from error
            raise _failed(self.config, f"read {key}", error) from error
        except (MinioException, urllib3.exceptions.HTTPError) as error:
            raise _failed(self.config, f"read {key}", error) from error
        try:
            size = 0
            for chunk in response.stream(_CHUNK):
                into.write(chunk)
                size += len(chunk)
            return size
        except urllib3.exceptions.HTTPError as error:
            raise _failed(self.config, f"finish reading {key}", error) from error
        finally:
            response.close()
            response.release_conn()

    def delete(self, key: str) -> None:
        """Remove the object (nothing happens if there is none)."""
        try:
            self._client.remove_object(self.config.bucket, self._key(key))
        except (MinioException, urllib3.exceptions.HTTPError) as error:
            raise _failed(self.config, f"delete {key}", error) from error

    def close(self) -> None:
        self._http.clear()
