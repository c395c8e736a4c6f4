"""T8 "disk full in the document store", for real: the documents folder is a small tmpfs filled to the last
block (in a private mount namespace, so nothing outside the test sees it), or a file-size limit stops the
write (RLIMIT_FSIZE; also while Starlette spools a large upload to the temporary folder, before the store
is reached). The parent is told plainly, no row is written
without its file and no partial file is left; once there is room the next upload works, in the same
process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.paths import ROOT as PROJECT_ROOT

pytestmark = pytest.mark.integration


def run(mode: str, work: Path) -> tuple[dict, str]:
    documents = work / "data" / "documents"
    documents.mkdir(parents=True, mode=0o700)
    scenario = [sys.executable, "-m", "tests.support.full_disk", mode, str(work)]
    if mode == "tmpfs":
        # A new user and mount namespace: mounting needs no privilege outside it and is gone when it ends.
        script = 'mount -t tmpfs -o size=4m,mode=0700 tmpfs "$1" && shift && exec "$@"'
        command = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", str(documents),
                   *scenario]
    else:
        command = scenario
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False)
    if mode == "tmpfs" and done.returncode != 0 and "mount" in done.stderr.lower() and "{" not in done.stdout:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def query(location: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


@pytest.mark.parametrize("mode", ["tmpfs", "rlimit", "spool"])
def test_a_full_document_store_refuses_cleanly_and_recovers_without_a_restart(tmp_path, mode):
    if mode == "tmpfs" and shutil.which("unshare") is None:
        pytest.skip("util-linux unshare is not installed")
    seen, log = run(mode, tmp_path)
    assert seen["full"], "the store was not actually full: the test would prove nothing"

    refused = query(seen["refused_location"])
    assert refused["upload_error"] == "storage" and refused["uploaded"] == "0"
    assert seen["rows_after_refusal"] == 0  # no row without a file
    assert seen["files_after_refusal"] == (["filler"] if mode == "tmpfs" else [])  # no partial file
    assert ("could not be spooled" if mode == "spool" else "could not write") in log  # an operator is alerted
    assert ("No space left on device" if mode == "tmpfs" else "File too large") in log

    assert query(seen["accepted_location"])["uploaded"] == "1"
    assert seen["rows_after_recovery"] == 1 and seen["stored_intact"] and seen["files_after_recovery"] == 1
