"""Virus scanning end to end on PostgreSQL (security.md H6, T8 "ClamAV down"): uploads through the real route
wait in quarantine, nobody can download them, the background task scans them with the real ClamAV client
against a stand-in clamd, clean files open, infected ones never do; with clamd down nothing fails open."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import tasks
from ehcna_portal.models import ApplicationDocument, AuditEvent, ScanStatus
from ehcna_portal.services import virus_scan
from ehcna_portal.settings import Settings, load_settings
from tests.support.clamd import StandInClamd, clean_pdf, eicar, infected_pdf
from tests.support.databases import migrated_engine, migrated_postgres, postgres_portal
from tests.support.documents import (
    api_client,
    family_with_draft,
    get_document,
    parent_cookie,
    post_files,
    staff_cookie,
    submit,
)

pytestmark = pytest.mark.integration

CLEAN, INFECTED = clean_pdf(), infected_pdf()


@pytest.fixture
def clamd() -> Iterator[StandInClamd]:
    with StandInClamd() as server:
        yield server


@pytest.fixture
def db(tmp_path: Path, clamd: StandInClamd) -> Iterator[tuple[Engine, Settings]]:
    with postgres_portal(tmp_path, EHCNA_CLAMD_ADDRESS=clamd.address) as portal:
        yield portal


def documents(engine: Engine) -> dict[str, ApplicationDocument]:
    with Session(engine) as session:
        return {row.original_name: row for row in session.exec(select(ApplicationDocument)).all()}


def audit_actions(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)
                                 .order_by(col(AuditEvent.id))).all())


def sweep(engine: Engine, settings: Settings) -> virus_scan.SweepReport:
    return virus_scan.scan_pending(engine, settings, virus_scan.scanner_for(settings))


def test_quarantine_then_scan_then_download_allowed_or_refused(db, clamd, monkeypatch):
    engine, settings = db
    client = api_client(engine, settings, monkeypatch)
    parent_id, application_id = family_with_draft(engine, settings)
    parent = parent_cookie(engine, settings, parent_id)
    response = post_files(client, settings, parent, application_id, ("report.pdf", CLEAN), ("letter.pdf", INFECTED))
    assert response.status_code == 303 and "uploaded=2" in response.headers["location"]
    submit(engine, settings, parent_id, application_id)
    _, staff = staff_cookie(engine, settings)
    found = documents(engine)
    clean, infected = found["report.pdf"], found["letter.pdf"]
    assert clean.scan_status == infected.scan_status == ScanStatus.PENDING

    # In quarantine: nobody downloads it, and staff refusals are not audited as downloads.
    for cookie in (parent, staff):
        for document in (clean, infected):
            refused = get_document(client, cookie, document.id)
            assert refused.status_code == 409 and refused.content != CLEAN
            assert refused.headers["cache-control"] == "no-store"
    assert audit_actions(engine, "document.downloaded") == []

    report = sweep(engine, settings)
    assert (report.clean, report.infected) == (1, 1)
    for cookie in (parent, staff):
        opened = get_document(client, cookie, clean.id)
        assert opened.status_code == 200 and opened.content == CLEAN
        gone = get_document(client, cookie, infected.id)
        assert gone.status_code == 410 and eicar() not in gone.content
    assert len(audit_actions(engine, "document.downloaded")) == 1  # the staff download of the clean file
    [event] = audit_actions(engine, "document.infected")
    assert event.detail["document_id"] == infected.id and event.detail["signature"] == "Eicar-Test-Signature"
    assert not (settings.documents_dir / infected.stored_name).exists()
    assert (settings.documents_dir / clean.stored_name).read_bytes() == CLEAN


def test_with_clamd_down_uploads_are_kept_in_quarantine_and_scanned_when_it_returns(db, clamd, monkeypatch):
    engine, settings = db
    client = api_client(engine, settings, monkeypatch)
    parent_id, application_id = family_with_draft(engine, settings)
    parent = parent_cookie(engine, settings, parent_id)
    clamd.stop()

    response = post_files(client, settings, parent, application_id, ("report.pdf", CLEAN))
    assert "uploaded=1" in response.headers["location"]  # the upload itself is never lost
    report = sweep(engine, settings)
    assert report.unavailable and report.clean == 0
    document = documents(engine)["report.pdf"]
    assert document.scan_status == ScanStatus.PENDING
    assert get_document(client, parent, document.id).status_code == 409  # never fails open

    clamd.start()
    assert sweep(engine, settings).clean == 1
    assert get_document(client, parent, document.id).content == CLEAN


def test_the_background_task_scans_an_upload_as_soon_as_it_is_woken(db, clamd, monkeypatch):
    """The worker's task as the app registers it: the upload route wakes it; a long poll never runs out."""
    engine, settings = db
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    monkeypatch.setattr(tasks, "get_engine", lambda: engine)
    client = api_client(engine, settings, monkeypatch)
    parent_id, application_id = family_with_draft(engine, settings)
    parent = parent_cookie(engine, settings, parent_id)

    async def scenario() -> str:
        task = asyncio.create_task(tasks.scan_documents_forever(poll_seconds=3600))
        try:
            await asyncio.sleep(0.2)  # the first sweep finds nothing
            await asyncio.to_thread(post_files, client, settings, parent, application_id, ("letter.pdf", INFECTED))
            tasks.wake_scanner()  # what the route does (its event loop is the TestClient's own)
            for _ in range(100):
                status = documents(engine)["letter.pdf"].scan_status
                if status != ScanStatus.PENDING:
                    return status
                await asyncio.sleep(0.05)
            return "still pending"
        finally:
            task.cancel()

    assert asyncio.run(scenario()) == ScanStatus.INFECTED


def test_without_a_scanner_the_task_does_nothing_and_files_open_at_once(tmp_path, monkeypatch):
    with migrated_postgres() as url:
        settings = load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_DATABASE_URL": url,
                                  "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"})
        engine = migrated_engine(settings.database_url)
        try:
            monkeypatch.setattr(tasks, "get_settings", lambda: settings)
            assert asyncio.run(asyncio.wait_for(tasks.scan_documents_forever(), 5)) is None
            client = api_client(engine, settings, monkeypatch)
            parent_id, application_id = family_with_draft(engine, settings)
            parent = parent_cookie(engine, settings, parent_id)
            post_files(client, settings, parent, application_id, ("report.pdf", CLEAN))
            document = documents(engine)["report.pdf"]
            assert document.scan_status == ScanStatus.NOT_SCANNED
            assert get_document(client, parent, document.id).content == CLEAN
        finally:
            engine.dispose()
