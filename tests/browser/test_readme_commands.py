"""The README's commands do what it says, run the way a developer runs them."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.support.paths import ROOT
from tests.support.served_app import ServedApp, app_environment, first_app, stop_process_group

pytestmark = pytest.mark.browser


def test_make_run_migrates_seeds_and_serves_home_with_hot_reload(tmp_path: Path, browser: Browser):
    log_path = tmp_path / "run.log"
    env = app_environment(tmp_path / "data")
    with log_path.open("wb") as log:
        process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = None
        deadline = time.monotonic() + 420
        while url is None and time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"App running at: (http://\S+)", log_path.read_text(errors="replace"))
            url = found.group(1) if found else None
            time.sleep(1)
        output = log_path.read_text(errors="replace")
        assert url == "http://localhost:3000/", f"make run did not start on port 3000:\n{output[-4000:]}"
        assert "Demo sign-ins (development only):" in output and "parent@example.com" in output
        assert "reflex run --env dev" in output  # dev mode: hot reload
        assert (tmp_path / "data" / "ehcna.db").exists()

        page = browser.new_page()
        try:
            page.goto(url, timeout=120_000)  # the dev server compiles the page on first request
            expect(page.locator("h1")).to_have_text("Welcome", timeout=120_000)
            assert page.title() == "Welcome – Coventry Education Services Portal"
            # the demo parent signs in: in dev the cookie route is on the backend's port (8000)
            page.goto(url + "sign-in", timeout=120_000)
            page.get_by_label("Email address").fill("parent@example.com")
            page.get_by_label("Password", exact=True).fill("demo-parent-password")
            page.get_by_role("button", name="Sign in").click()
            expect(page.locator("h1")).to_have_text("My account", timeout=60_000)
        finally:
            page.close()
    finally:
        stop_process_group(process)


@pytest.mark.parametrize("which", ["make serve", "served_app"])
def test_make_serve_answers_health_and_pages(served_app: ServedApp, which: str):
    """The run's first app is ``make serve`` as the README gives it; every other is the same backend on its
    build (tests/support/served_app.py)."""
    url = first_app()[0] if which == "make serve" else served_app.url
    with urllib.request.urlopen(url + "/api/health", timeout=5) as response:
        assert response.status == 200
        assert response.read() == b'{"status":"ok"}'  # the public answer: up or not, no details
    with urllib.request.urlopen(url + "/privacy", timeout=5) as response:
        assert b"Privacy notice" in response.read()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("which", ["make serve", "served_app"])
def test_nothing_in_the_served_app_tried_to_reach_the_internet(served_app: ServedApp, which: str):
    """Runs after the page tests (file order): the app's processes recorded no foreign host. The server is
    ``reflex run`` (``make serve``) or, for every app the tests start, tests/support/serve_built.py."""
    egress_log, server = ((first_app()[1], "reflex") if which == "make serve"
                          else (served_app.egress_log, "serve_built"))
    guarded = Path(str(egress_log) + ".active")
    assert guarded.exists() and server in guarded.read_text(), "the egress guard was never loaded"
    egress = egress_log.read_text() if egress_log.exists() else ""
    assert egress == "", f"the app tried to reach other hosts:\n{egress}"


def test_the_egress_guard_records_a_foreign_host(tmp_path: Path):
    """The guard above would notice: a process that looks up a foreign host is recorded."""
    log = tmp_path / "egress.log"
    env = {"PYTHONPATH": str(ROOT / "tests" / "support" / "netguard"), "EHCNA_TEST_EGRESS_LOG": str(log),
           "PATH": "/usr/bin:/bin"}
    probe = ("import socket\ntry:\n    socket.getaddrinfo('telemetry.example.com', 443)\n"
             "except OSError:\n    pass")
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", probe], env=env, check=True, timeout=30)
    assert "telemetry.example.com" in log.read_text()
