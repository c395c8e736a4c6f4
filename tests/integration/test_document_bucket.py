"""Documents in an S3-compatible bucket (EHCNA_DOCUMENT_STORE=s3), end to end on PostgreSQL against moto, a real
S3-compatible server that checks signatures (tests/support/s3_server.py): uploads through the real route are
checked locally and only then kept in the bucket, scanned by the real ClamAV client, downloaded, exported,
removed; while the store is down an upload is refused with the storage message and nothing is half kept."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal.models import ApplicationDocument, ScanStatus
from ehcna_portal.services import applications, file_stores, personal_data, virus_scan
from ehcna_portal.settings import Settings
from tests.support.clamd import StandInClamd, clean_pdf, infected_pdf
from tests.support.databases import postgres_portal
from tests.support.documents import api_client, family_with_draft, get_document, parent_cookie, post_files
from tests.support.s3_server import MotoS3

pytestmark = pytest.mark.integration

CLEAN, INFECTED = clean_pdf(), infected_pdf()


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoS3]:
    with MotoS3() as server:
        yield server


@pytest.fixture
def s3(moto: MotoS3) -> MotoS3:
    return moto.fresh()


@pytest.fixture
def db(tmp_path: Path, s3: MotoS3) -> Iterator[tuple[Engine, Settings]]:
    with StandInClamd() as clamd, postgres_portal(tmp_path, EHCNA_CLAMD_ADDRESS=clamd.address,
                                                  **s3.environment()) as portal:
        yield portal


def documents(engine: Engine) -> dict[str, ApplicationDocument]:
    with Session(engine) as session:
        return {row.original_name: row for row in session.exec(select(ApplicationDocument)).all()}


def local_files(settings: Settings) -> list[Path]:
    """Every file the portal left on local disk for documents (staging and the directory store)."""
    return [path for folder in (settings.data_dir / "document-staging", settings.documents_dir) if folder.exists()
            for path in folder.rglob("*") if path.is_file()]


def test_uploads_are_kept_in_the_bucket_scanned_downloaded_exported_and_removed(db, s3, monkeypatch):
    engine, settings = db
    assert isinstance(file_stores.for_settings(settings), file_stores.BucketStore)
    client = api_client(engine, settings, monkeypatch)
    parent_id, application_id = family_with_draft(engine, settings)
    parent = parent_cookie(engine, settings, parent_id)

    response = post_files(client, settings, parent, application_id, ("report.pdf", CLEAN), ("letter.pdf", INFECTED),
                          ("notes.pdf", CLEAN))
    assert response.status_code == 303 and "uploaded=3" in response.headers["location"]
    found = documents(engine)
    clean, infected, notes = found["report.pdf"], found["letter.pdf"], found["notes.pdf"]
    assert s3.objects[f"documents/{clean.stored_name}"] == CLEAN
    assert s3.objects[f"documents/{infected.stored_name}"] == INFECTED
    assert local_files(settings) == []  # checked in staging, then kept only in the bucket

    report = virus_scan.scan_pending(engine, settings, virus_scan.scanner_for(settings))
    assert (report.clean, report.infected, report.missing) == (2, 1, 0)
    assert f"documents/{infected.stored_name}" not in s3.objects
    assert local_files(settings) == []  # the scanner's local copies are gone too

    opened = get_document(client, parent, clean.id)
    assert opened.status_code == 200 and opened.content == CLEAN
    assert opened.headers["content-type"] == "application/pdf" and opened.headers["cache-control"] == "no-store"
    assert get_document(client, parent, infected.id).status_code == 410

    assert applications.remove_document(engine, settings, parent_id, notes.id)
    assert f"documents/{notes.stored_name}" not in s3.objects

    export = personal_data.export(engine, settings, parent_id)
    assert export is not None and export.documents == 1
    with zipfile.ZipFile(io.BytesIO(export.file.read())) as archive:
        [kept] = [name for name in archive.namelist() if name.endswith("report.pdf")]
        assert archive.read(kept) == CLEAN
    export.file.close()
    assert local_files(settings) == []


def test_while_the_store_is_down_uploads_are_refused_and_downloads_say_so(db, s3, monkeypatch):
    engine, settings = db
    client = api_client(engine, settings, monkeypatch)
    parent_id, application_id = family_with_draft(engine, settings)
    parent = parent_cookie(engine, settings, parent_id)
    assert "uploaded=1" in post_files(client, settings, parent, application_id,
                                      ("report.pdf", CLEAN)).headers["location"]
    virus_scan.scan_pending(engine, settings, virus_scan.scanner_for(settings))
    kept = documents(engine)["report.pdf"]
    assert kept.scan_status == ScanStatus.CLEAN

    s3.stop()
    refused = post_files(client, settings, parent, application_id, ("letter.pdf", CLEAN))
    assert refused.status_code == 303 and "upload_error=storage" in refused.headers["location"]
    assert list(documents(engine)) == ["report.pdf"] and local_files(settings) == []
    unavailable = get_document(client, parent, kept.id)
    assert unavailable.status_code == 503 and unavailable.headers["retry-after"] == "30"

    s3.start()  # the same port: the next upload works, no restart
    assert "uploaded=1" in post_files(client, settings, parent, application_id,
                                      ("letter.pdf", CLEAN)).headers["location"]
    assert get_document(client, parent, kept.id).content == CLEAN
