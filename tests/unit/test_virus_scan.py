"""The ClamAV client against a stand-in clamd speaking the real protocol, and the quarantine sweep."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import ApplicationDocument, AuditEvent, ScanStatus
from ehcna_portal.services import applications, virus_scan
from ehcna_portal.services.virus_scan import ClamdScanner, Verdict, parse_reply, scan_pending
from ehcna_portal.settings import ConfigError, load_settings
from tests.support.clamd import StandInClamd, eicar
from tests.support.documents import family_with_draft
from tests.support.net import free_port
from tests.support.pdfs import build

CLEAN_PDF = build()
INFECTED_PDF = build(objects={5: b"<</Length 68>>stream\n" + eicar() + b"\nendstream"})


@pytest.fixture
def clamd():
    with StandInClamd() as server:
        yield server


def test_the_eicar_string_is_built_not_stored():
    assert len(eicar()) == 68 and eicar().startswith(b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR")
    source = Path(__file__).parent.parent / "support" / "clamd.py"
    assert eicar() not in source.read_bytes()


def test_clean_and_infected_files_over_tcp(clamd, tmp_path):
    scanner = ClamdScanner(clamd.address, timeout=5)
    assert scanner.ping()
    clean, infected = tmp_path / "clean", tmp_path / "infected"
    clean.write_bytes(CLEAN_PDF)
    infected.write_bytes(INFECTED_PDF)
    assert scanner.scan(clean) == Verdict("clean")
    assert scanner.scan(infected) == Verdict("infected", "Eicar-Test-Signature")
    assert clamd.scanned == [len(CLEAN_PDF), len(INFECTED_PDF)]


def test_a_file_bigger_than_one_chunk_is_sent_whole(clamd, tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"\x00" * (3 * ClamdScanner.CHUNK + 17) + eicar())
    assert ClamdScanner(clamd.address).scan(big).status == "infected"
    assert clamd.scanned == [3 * ClamdScanner.CHUNK + 17 + 68]


def test_the_unix_socket_is_spoken_too(tmp_path):
    with StandInClamd(unix_path=tmp_path / "clamd.ctl") as server:
        assert server.address == f"unix://{tmp_path}/clamd.ctl"
        path = tmp_path / "file"
        path.write_bytes(eicar())
        assert ClamdScanner(server.address).scan(path) == Verdict("infected", "Eicar-Test-Signature")


def test_a_scanner_that_is_down_hung_or_refusing_is_unavailable_never_clean(clamd, tmp_path):
    path = tmp_path / "file"
    path.write_bytes(CLEAN_PDF)
    assert ClamdScanner(f"tcp://127.0.0.1:{free_port()}").scan(path).status == "unavailable"
    assert ClamdScanner(f"unix://{tmp_path}/no-such.ctl").scan(path).status == "unavailable"
    clamd.hung.set()
    assert ClamdScanner(clamd.address, timeout=0.5).scan(path).status == "unavailable"
    clamd.hung.clear()
    small = StandInClamd(stream_max_length=100).start()
    try:
        verdict = ClamdScanner(small.address).scan(path)
        assert verdict == Verdict("unavailable", "INSTREAM size limit exceeded. ERROR")
    finally:
        small.stop()
    assert not ClamdScanner(f"tcp://127.0.0.1:{free_port()}").ping()


def test_a_missing_file_is_the_callers_problem(clamd, tmp_path):
    with pytest.raises(FileNotFoundError):
        ClamdScanner(clamd.address).scan(tmp_path / "gone")


@pytest.mark.parametrize(("reply", "verdict"), [
    ("stream: OK", Verdict("clean")),
    ("stream: Win.Test.EICAR_HDB-1 FOUND", Verdict("infected", "Win.Test.EICAR_HDB-1")),
    ("stream: Heuristics.Encrypted.PDF FOUND", Verdict("infected", "Heuristics.Encrypted.PDF")),
    ("INSTREAM size limit exceeded. ERROR", Verdict("unavailable", "INSTREAM size limit exceeded. ERROR")),
    ("stream: Can't allocate memory ERROR", Verdict("unavailable", "stream: Can't allocate memory ERROR")),
    ("stream:  FOUND", Verdict("unavailable", "stream:  FOUND")),
    ("", Verdict("unavailable", "no reply")),
])
def test_replies_are_read_strictly(reply, verdict):
    assert parse_reply(reply) == verdict


@pytest.mark.parametrize(("address", "ok"), [
    ("tcp://127.0.0.1:3310", True), ("tcp://clamav.internal:3310", True), ("unix:///run/clamav/clamd.ctl", True),
    ("tcp://127.0.0.1", False), ("tcp://127.0.0.1:99999", False), ("http://127.0.0.1:3310", False),
    ("unix://relative/path", False), ("127.0.0.1:3310", False), ("tcp://127.0.0.1:3310/x", False),
])
def test_the_clamd_address_setting(tmp_path, address, ok):
    environ = {"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_CLAMD_ADDRESS": address}
    if ok:
        assert load_settings(environ).clamd_address == address
    else:
        with pytest.raises(ConfigError, match="EHCNA_CLAMD_ADDRESS"):
            load_settings(environ)
    assert load_settings({"EHCNA_DATA_DIR": str(tmp_path)}).clamd_address is None


# ---------------------------------------------------------------- the quarantine sweep

def with_scanner(tmp_path: Path, address: str):
    return load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_CLAMD_ADDRESS": address})


def upload(engine, settings, name: str, content: bytes) -> tuple[int, ApplicationDocument]:
    parent_id, application_id = family_with_draft(engine, settings)
    document_id = applications.add_document(engine, settings, parent_id, application_id, name, io.BytesIO(content))
    return parent_id, applications.owned_document(engine, parent_id, document_id)


def test_without_a_scanner_documents_are_not_scanned_and_never_queued(engine, tmp_path):
    settings = load_settings({"EHCNA_DATA_DIR": str(tmp_path)})
    _, document = upload(engine, settings, "report.pdf", CLEAN_PDF)
    assert document.scan_status == ScanStatus.NOT_SCANNED and virus_scan.scanner_for(settings) is None


def test_pending_documents_are_marked_clean_or_infected_and_infected_bytes_go(engine, tmp_path, clamd):
    settings = with_scanner(tmp_path, clamd.address)
    _, clean = upload(engine, settings, "report.pdf", CLEAN_PDF)
    _, infected = upload(engine, settings, "letter.pdf", INFECTED_PDF)
    assert clean.scan_status == infected.scan_status == ScanStatus.PENDING

    report = scan_pending(engine, settings, virus_scan.scanner_for(settings))
    assert (report.clean, report.infected, report.unavailable) == (1, 1, False)
    with Session(engine) as db:
        assert db.get(ApplicationDocument, clean.id).scan_status == ScanStatus.CLEAN
        assert db.get(ApplicationDocument, infected.id).scan_status == ScanStatus.INFECTED
        [event] = db.exec(select(AuditEvent).where(AuditEvent.action == "document.infected")).all()
    assert (event.actor, event.object_id) == ("system", str(infected.application_id))
    assert event.detail == {"document_id": infected.id, "signature": "Eicar-Test-Signature"}
    assert (settings.documents_dir / clean.stored_name).exists()
    assert not (settings.documents_dir / infected.stored_name).exists()
    assert scan_pending(engine, settings, virus_scan.scanner_for(settings)).clean == 0  # nothing left


def test_with_the_scanner_down_files_stay_in_quarantine_until_it_is_back(engine, tmp_path, clamd):
    settings = with_scanner(tmp_path, clamd.address)
    _, first = upload(engine, settings, "a.pdf", CLEAN_PDF)
    _, second = upload(engine, settings, "b.pdf", CLEAN_PDF)
    clamd.stop()
    report = scan_pending(engine, settings, virus_scan.scanner_for(settings))
    assert report.unavailable and (report.clean, report.infected) == (0, 0)
    with Session(engine) as db:
        assert {db.get(ApplicationDocument, doc.id).scan_status for doc in (first, second)} == {ScanStatus.PENDING}
    clamd.start()  # same address
    assert scan_pending(engine, settings, virus_scan.scanner_for(settings)).clean == 2


def test_one_file_clamd_will_not_take_does_not_hold_up_the_rest(engine, tmp_path):
    with StandInClamd(stream_max_length=len(CLEAN_PDF) + 10) as server:
        settings = with_scanner(tmp_path, server.address)
        _, too_big = upload(engine, settings, "big.pdf", CLEAN_PDF + b"%" + b"x" * 200 + b"\n")
        _, fine = upload(engine, settings, "small.pdf", CLEAN_PDF)
        report = scan_pending(engine, settings, virus_scan.scanner_for(settings))
    assert report.unavailable and report.clean == 1
    with Session(engine) as db:
        assert db.get(ApplicationDocument, too_big.id).scan_status == ScanStatus.PENDING
        assert db.get(ApplicationDocument, fine.id).scan_status == ScanStatus.CLEAN


def test_a_pending_file_missing_from_disk_is_logged_and_left_pending(engine, tmp_path, clamd, caplog):
    settings = with_scanner(tmp_path, clamd.address)
    _, document = upload(engine, settings, "a.pdf", CLEAN_PDF)
    (settings.documents_dir / document.stored_name).unlink()
    report = scan_pending(engine, settings, virus_scan.scanner_for(settings))
    assert report.missing == 1 and "missing" in caplog.text
    with Session(engine) as db:
        assert db.get(ApplicationDocument, document.id).scan_status == ScanStatus.PENDING


def test_several_workers_sweeping_at_once_record_each_result_once(engine, tmp_path, clamd):
    settings = with_scanner(tmp_path, clamd.address)
    for index in range(3):
        upload(engine, settings, f"bad{index}.pdf", INFECTED_PDF)
    start = threading.Barrier(3)
    reports = []

    def sweep():
        start.wait()
        reports.append(scan_pending(engine, settings, virus_scan.scanner_for(settings)))

    threads = [threading.Thread(target=sweep) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(report.infected for report in reports) == 3
    with Session(engine) as db:
        assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "document.infected")).all()) == 3
