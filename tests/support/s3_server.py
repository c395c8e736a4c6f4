"""A real S3-compatible store for the tests: moto in server mode, in its own virtualenv (``make`` builds
``.venv-moto`` from requirements-moto.txt), behind a loopback forwarder.

moto checks each request as a store does once its IAM authentication is on: the signature against the secret of
an access key it issued (SignatureDoesNotMatch, InvalidAccessKeyId). The first few requests (``SETUP_ACTIONS``)
are let through unsigned, to create that key, its permission and the bucket. The forwarder can be stopped and
started on the same port while moto keeps the objects, to show what the portal does while the store is down.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess  # nosec B404 # the tests' own moto server, from a fixed path
import threading
import time

from minio import Minio

from ehcna_portal.services.object_store import S3Config
from tests.support.paths import ROOT

MOTO = ROOT / ".venv-moto" / "bin"
BUCKET = "ehcna-documents"
REGION = "eu-west-2"
SETUP_ACTIONS = 4  # CreateUser, CreateAccessKey, PutUserPolicy, CreateBucket: then every request is checked
SETUP = """
import json, sys
import boto3
kw = dict(endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id="setup", aws_secret_access_key="setup")
iam = boto3.client("iam", **kw)
iam.create_user(UserName="portal")
key = iam.create_access_key(UserName="portal")["AccessKey"]
iam.put_user_policy(UserName="portal", PolicyName="documents", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
boto3.client("s3", **kw).create_bucket(Bucket=sys.argv[3],
                                      CreateBucketConfiguration={"LocationConstraint": sys.argv[2]})
print(key["AccessKeyId"], key["SecretAccessKey"])
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Forwarder:
    """Loopback TCP forwarding from ``port`` to moto's; stopping it closes every connection through it."""

    def __init__(self, port: int, target: int) -> None:
        self.port, self.target = port, target
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):  # wakes the accepting thread, so the port closes now
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.close()
            self._open.clear()


class MotoS3:
    """``with MotoS3() as s3:`` moto on ``s3.endpoint``, its bucket and an access key for the portal."""

    def __init__(self) -> None:
        self.port = _free_port()
        self._moto_port = _free_port()
        self._process: subprocess.Popen | None = None
        self._forwarder = _Forwarder(self.port, self._moto_port)
        self.access_key_id = self.secret_access_key = ""

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self, **changes: str) -> S3Config:
        values = {"endpoint": self.endpoint, "bucket": BUCKET, "region": REGION,
                  "access_key_id": self.access_key_id, "secret_access_key": self.secret_access_key,
                  "prefix": "documents/", **changes}
        return S3Config(**values)

    def environment(self) -> dict[str, str]:
        """The ``EHCNA_*`` settings that point the portal at this store."""
        return {"EHCNA_DOCUMENT_STORE": "s3", "EHCNA_S3_ENDPOINT": self.endpoint, "EHCNA_S3_BUCKET": BUCKET,
                "EHCNA_S3_REGION": REGION, "EHCNA_S3_ACCESS_KEY_ID": self.access_key_id,
                "EHCNA_S3_SECRET_ACCESS_KEY": self.secret_access_key}

    def _client(self) -> Minio:
        return Minio(f"127.0.0.1:{self._moto_port}", access_key=self.access_key_id,
                     secret_key=self.secret_access_key, region=REGION, secure=False)

    @property
    def objects(self) -> dict[str, bytes]:
        """Every object in the bucket, read back with the portal's key."""
        client = self._client()
        found = {}
        for item in client.list_objects(BUCKET, recursive=True):
            response = client.get_object(BUCKET, item.object_name)
            found[item.object_name] = response.read()
            response.close()
            response.release_conn()
        return found

    def fresh(self) -> MotoS3:
        """The store open and its bucket empty, for the next test (one moto serves a module's tests)."""
        client = self._client()
        for item in list(client.list_objects(BUCKET, recursive=True)):
            client.remove_object(BUCKET, item.object_name)
        self._forwarder.stop()
        self._forwarder.start()
        return self

    def _launch(self) -> None:
        environment = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(SETUP_ACTIONS)}
        self._process = subprocess.Popen(  # nosec B603 # a fixed program and arguments
            [str(MOTO / "moto_server"), "-H", "127.0.0.1", "-p", str(self._moto_port)], env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self._moto_port), timeout=1):
                break
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise RuntimeError("moto_server did not start: run `make setup .make/moto`")
            time.sleep(0.1)
        made = subprocess.run(  # nosec B603 # a fixed program and arguments
            [str(MOTO / "python"), "-c", SETUP, f"http://127.0.0.1:{self._moto_port}", REGION, BUCKET],
            capture_output=True, text=True, check=True, timeout=60)
        self.access_key_id, self.secret_access_key = made.stdout.split()

    def start(self) -> None:
        """Start moto (the first time), then open the store's port."""
        if self._process is None:
            self._launch()
        self._forwarder.start()

    def stop(self) -> None:
        """Close the store's port (moto keeps its objects): requests are refused as by a store that is down."""
        self._forwarder.stop()

    def __enter__(self) -> MotoS3:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
        if self._process is not None:
            self._process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=10)
            self._process = None

