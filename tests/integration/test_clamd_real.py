"""The ClamAV client against the real clamd, where Debian's clamav-daemon is installed (skipped elsewhere: the
stand-in in tests/support/clamd.py covers the protocol everywhere). clamd runs with one local signature for
the EICAR test string (freshclam needs the internet) on a loopback port and a unix socket of its own."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ehcna_portal.services.virus_scan import ClamdScanner, Verdict
from tests.support.clamd import eicar
from tests.support.net import free_port
from tests.support.pdfs import build

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("clamd") is None, reason="clamav-daemon is not installed")]


@pytest.fixture(scope="module")
def clamd(tmp_path_factory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "db" / "local.ndb").write_text(f"Eicar-Local:0:*:{eicar().hex()}\n")
    port = free_port()
    (folder / "clamd.conf").write_text(
        f"DatabaseDirectory {folder / 'db'}\nTCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"LocalSocket {folder / 'clamd.ctl'}\nForeground yes\nLogFile {folder / 'clamd.log'}\n"
        "StreamMaxLength 2M\n")
    process = subprocess.Popen([shutil.which("clamd"), "-c", str(folder / "clamd.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        tcp, unix = f"tcp://127.0.0.1:{port}", f"unix://{folder / 'clamd.ctl'}"
        deadline = time.monotonic() + 60
        while not ClamdScanner(tcp, timeout=2).ping():
            assert process.poll() is None, (folder / "clamd.log").read_text()
            assert time.monotonic() < deadline, "clamd did not start in 60 s"
            time.sleep(0.2)
        yield tcp, unix
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_real_clamd_finds_the_test_signature_inside_a_pdf_over_tcp_and_unix_socket(clamd, tmp_path: Path):
    clean, infected, too_big = tmp_path / "clean.pdf", tmp_path / "infected.pdf", tmp_path / "big.pdf"
    clean.write_bytes(build())
    infected.write_bytes(build(objects={5: b"<</Length 68>>stream\n" + eicar() + b"\nendstream"}))
    too_big.write_bytes(build() + b"%" + b"x" * (3 * 1024 * 1024))
    for address in clamd:
        scanner = ClamdScanner(address, timeout=30)
        assert scanner.scan(clean) == Verdict("clean")
        assert scanner.scan(infected) == Verdict("infected", "Eicar-Local.UNOFFICIAL")
        assert scanner.scan(too_big) == Verdict("unavailable", "INSTREAM size limit exceeded. ERROR")
