"""Where kept documents live: a private directory (the default) or an S3-compatible bucket.

Every host of a scaled-out portal must see the same documents. A directory does
that when it is shared storage (NFS, EFS); a bucket does it without one
(``EHCNA_DOCUMENT_STORE=s3``). Either way an upload is first written and checked
in a local staging folder (``document_store.store``) and only then kept, so a
half-written or refused file is never in the store, and files are only read back
through the authorised download route, the virus scan and the family's export.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from ehcna_portal.services.object_store import S3Client
from ehcna_portal.settings import Settings


class FileStore(Protocol):
    staging: Path  # a private local folder where uploads are written and checked before they are kept

    def describe(self) -> str: ...

    def keep(self, name: str, checked: Path) -> None:
        """Keep the checked file at ``checked`` as ``name`` (the local file is used up)."""

    def read(self, name: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """The kept file, open for reading; FileNotFoundError if there is none."""

    def local_path(self, name: str) -> contextlib.AbstractContextManager[Path]:
        """A local path to the kept file's bytes while the block runs (for a scanner that reads files)."""

    def remove(self, name: str) -> None: ...


class DirectoryStore:
    """Files in one private folder, named by their random stored names."""

    def __init__(self, directory: Path) -> None:
        self.directory = self.staging = directory

    def describe(self) -> str:
        return str(self.directory)

    def keep(self, name: str, checked: Path) -> None:
        os.replace(checked, self.directory / name)  # same folder: the file appears whole or not at all

    @contextlib.contextmanager
    def read(self, name: str) -> Iterator[BinaryIO]:
        with (self.directory / name).open("rb") as handle:
            yield handle

    @contextlib.contextmanager
    def local_path(self, name: str) -> Iterator[Path]:
        path = self.directory / name
        if not path.is_file():
            raise FileNotFoundError(name)
        yield path

    def remove(self, name: str) -> None:
        (self.directory / name).unlink(missing_ok=True)


class BucketStore:
    """Files as objects in an S3-compatible bucket; reads come through private local temporary files."""

    def __init__(self, client: S3Client, staging: Path) -> None:
        self.client, self.staging = client, staging

    def describe(self) -> str:
        config = self.client.config
        return f"{config.endpoint}/{config.bucket}/{config.prefix}"

    def keep(self, name: str, checked: Path) -> None:
        self.client.put(name, checked)

    @contextlib.contextmanager
    def read(self, name: str) -> Iterator[BinaryIO]:
        self.staging.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryFile(dir=self.staging) as handle:  # private: never the shared /tmp
            self.client.get(name, handle)
            handle.seek(0)
            yield handle

    @contextlib.contextmanager
    def local_path(self, name: str) -> Iterator[Path]:
        self.staging.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=self.staging, prefix=".read-") as handle:
            self.client.get(name, handle)
            handle.flush()
            yield Path(handle.name)

    def remove(self, name: str) -> None:
        self.client.delete(name)


@functools.cache
def for_settings(settings: Settings) -> FileStore:
    """The document store ``settings`` describe (one per configuration, so its HTTP connections are reused)."""
    if settings.s3 is not None:
        return BucketStore(S3Client(settings.s3), settings.data_dir / "document-staging")
    return DirectoryStore(settings.documents_dir)
