"""Addresses: the local gazetteer, the OS Places client against a local stand-in server, and the fallbacks."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session

from ehcna_portal.services.addresses import (
    SAMPLE_ADDRESSES,
    GazetteerProvider,
    LookupStatus,
    OsPlacesProvider,
    import_addresses,
    lookup,
    read_csv,
)
from ehcna_portal.services.validation import normalise_postcode

OS_RESULT = {"results": [
    {"DPA": {"UPRN": "100070000001", "BUILDING_NUMBER": "10", "THOROUGHFARE_NAME": "EARL STREET",
             "POST_TOWN": "COVENTRY", "POSTCODE": "CV1 5RR"}},
    {"DPA": {"UPRN": "100070000002", "ORGANISATION_NAME": "COUNCIL HOUSE", "BUILDING_NUMBER": "1",
             "THOROUGHFARE_NAME": "EARL STREET", "POST_TOWN": "COVENTRY", "POSTCODE": "CV1 5RR"}},
]}


class FakeOsPlaces(BaseHTTPRequestHandler):
    """Stands in for api.os.uk: answers like the Places API, or slowly, or with errors."""

    mode = "ok"
    seen: list[str] = []

    def do_GET(self):
        FakeOsPlaces.seen.append(self.path)
        if FakeOsPlaces.mode == "slow":
            time.sleep(2)
        if FakeOsPlaces.mode == "error":
            self.send_response(503)
            self.end_headers()
            return
        status, body = (400, {"error": {"statuscode": 400}}) if "postcode=ZZ1" in self.path else (200, OS_RESULT)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *_args):
        pass


@pytest.fixture
def os_places():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsPlaces)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOsPlaces.mode, FakeOsPlaces.seen = "ok", []
    yield f"http://127.0.0.1:{server.server_address[1]}/search/places/v1"
    server.shutdown()


@pytest.mark.parametrize(("typed", "normalised"), [
    ("cv1 5rr", "CV1 5RR"), (" CV15RR ", "CV1 5RR"), ("ec1a-1bb", "EC1A 1BB"), ("W1A 0AX", "W1A 0AX"),
    ("gir 0aa", "GIR 0AA"), ("CV1", ""), ("12345", ""), ("CV1 5RRR", ""),
])
def test_postcodes_are_normalised_or_refused(typed, normalised):
    assert normalise_postcode(typed) == normalised


def test_the_gazetteer_finds_imported_addresses_in_street_number_order(engine):
    with Session(engine) as db:
        assert import_addresses(db, read_csv(SAMPLE_ADDRESSES)) == 48
        db.commit()
    result = lookup(GazetteerProvider(engine), "cv1 9xa")
    assert result.status == LookupStatus.FOUND and result.postcode == "CV1 9XA"
    assert [a.line_1 for a in result.addresses][:3] == ["1 Sample Street", "2 Sample Street", "3 Sample Street"]
    assert lookup(GazetteerProvider(engine), "CV1 5RR").status == LookupStatus.NONE
    assert lookup(GazetteerProvider(engine), "nonsense").status == LookupStatus.INVALID


def test_import_skips_rows_it_cannot_use(engine, tmp_path: Path):
    csv_file = tmp_path / "llpg.csv"
    csv_file.write_text("UPRN,ADDRESS_LINE_1,ADDRESS_LINE_2,TOWN,POSTCODE\n1,1 A Street,,Coventry,CV1 1AA\n"
                        ",2 A Street,,Coventry,CV1 1AA\n3,3 A Street,,Coventry,NOT A POSTCODE\n")
    with Session(engine) as db:
        assert import_addresses(db, read_csv(csv_file)) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("ID,LINE\n1,x\n")
    with pytest.raises(ValueError, match="no column UPRN"):
        read_csv(bad)


def test_os_places_answers_become_addresses(os_places):
    result = lookup(OsPlacesProvider("test-key", os_places), "cv1 5rr")
    assert result.status == LookupStatus.FOUND
    assert [a.label for a in result.addresses] == ["10 Earl Street, Coventry, CV1 5RR",
                                                  "Council House, 1 Earl Street, Coventry, CV1 5RR"]
    assert "postcode=CV1+5RR" in FakeOsPlaces.seen[0] and "key=test-key" in FakeOsPlaces.seen[0]
    assert lookup(OsPlacesProvider("test-key", os_places), "ZZ1 1ZZ").status == LookupStatus.NONE


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_os_places_failures_fall_back_to_typing_the_address(os_places, mode):
    FakeOsPlaces.mode = mode
    started = time.monotonic()
    result = lookup(OsPlacesProvider("test-key", os_places, timeout=0.5), "CV1 5RR")
    assert result.status == LookupStatus.UNAVAILABLE and result.addresses == ()
    assert time.monotonic() - started < 1.5  # the timeout holds


def test_os_places_down_entirely_is_unavailable_not_an_error():
    assert lookup(OsPlacesProvider("k", "http://127.0.0.1:9/x", timeout=0.5), "CV1 5RR").status == \
        LookupStatus.UNAVAILABLE
