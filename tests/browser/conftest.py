"""Browser tests drive the app exactly as ``make serve`` runs it, in Debian's Chromium.

* ``served_app`` starts ``make serve`` (the README target) on a free port with
  its own data directory and build folder, and stops it at the end.
* every test fails if the backend logged an error while it ran;
* every page a test opens with :func:`open_page` is checked with axe-core
  (WCAG 2.2 A and AA, and best practice), and tests call :func:`assert_accessible`
  again after each change they make (errors shown, a link followed);
* every request the browser makes must go to the served app, and the served
  app's Python processes record any attempt to reach another host.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import Engine

from ehcna_portal.db import make_engine
from ehcna_portal.settings import Settings, load_settings
from tests.support.smtp import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    # As govuk-frontend's own tests: a back link sits outside landmarks by design (govuk-frontend#1604).
    "rules": {"region": {"enabled": False}},
    "resultTypes": ["violations"],
}
BACKEND_ERROR = re.compile(r"Traceback \(most recent call last\)|\bERROR\b|\[error\]", re.IGNORECASE)


@dataclass
class ServedApp:
    url: str
    data_dir: Path
    log_path: Path
    egress_log: Path
    env: dict[str, str]
    smtp: SmtpServer
    process: subprocess.Popen = field(repr=False)

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode(errors="replace")

    def settings(self) -> Settings:
        """The served app's own settings (same database, same secret key)."""
        return load_settings(self.env)

    def engine(self) -> Engine:
        return make_engine(self.settings().database_url)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(ROOT / ".venv" / "bin" / "ehcna-portal"), *args], env=self.env,
                              capture_output=True, text=True, timeout=120, check=True)

    def start(self) -> None:
        """``make serve`` with this app's environment (port, data directory, build folder); returns once
        Home answers. Output is appended to the same log, so log offsets stay valid across restarts."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(self.url + "/", self.process, self.log_path, timeout=600)

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crash or the OOM killer would: no clean shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def restart(self) -> None:
        """Kill, then start again (it rebuilds the front end first: about a minute)."""
        self.kill()
        self.start()


def _wait_for(url: str, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not answer {url} within {timeout}s:\n{log_path.read_text()[-4000:]}")


def stop_process_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def app_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EHCNA_", "REFLEX_"))}
    env.update({"EHCNA_DATA_DIR": str(data_dir), "REFLEX_CHECK_LATEST_VERSION": "0",
                "REFLEX_TELEMETRY_ENABLED": "false", **extra})
    return env


@pytest.fixture(scope="session")
def build_lock() -> Iterator[None]:
    """One served app at a time per checkout: they share the .web-test build folder."""
    with (ROOT / ".web-test.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def launched_app(tmp_path_factory: pytest.TempPathFactory, name: str, **extra_env: str) -> Iterator[ServedApp]:
    """``make serve`` on a free port with its own data directory, build folder (``.web-test`` for the
    main app, ``.web-test-<name>`` for others), SMTP server and egress log; ``extra_env`` adds settings."""
    port = free_port()
    smtp = SmtpServer(free_port())
    smtp.start()
    data_dir = tmp_path_factory.mktemp(name)
    egress_log = data_dir / "egress.log"
    url = f"http://127.0.0.1:{port}"
    build_dir = ".web-test" if name == "served-app" else f".web-test-{name}"
    env = app_environment(
        data_dir, EHCNA_ENV="dev", EHCNA_PORT=str(port), EHCNA_PUBLIC_URL=url,
        # its own build folder, so a developer's `make run` in .web is not disturbed
        REFLEX_WEB_WORKDIR=str(ROOT / build_dir),
        PYTHONPATH=str(ROOT / "tests" / "support" / "netguard"),
        EHCNA_TEST_EGRESS_LOG=str(egress_log),
        # a real SMTP server on loopback: every email the app sends arrives in smtp.inbox
        EHCNA_SMTP_HOST="127.0.0.1", EHCNA_SMTP_PORT=str(smtp.port), EHCNA_SMTP_STARTTLS="false",
        EHCNA_MAIL_FROM="Coventry Education Services Portal <donotreply@example.gov.uk>",
        # every browser of the suite is 127.0.0.1: one "visitor" registering and signing in all day
        EHCNA_EMAIL_LIMIT_PER_IP="100000",
        **extra_env,
    )
    log_path = data_dir / "app.log"
    app = ServedApp(url, data_dir, log_path, egress_log, env, smtp, process=None)  # type: ignore[arg-type]
    try:
        app.cli("db", "upgrade")
        app.cli("seed-demo")
        app.start()
        yield app
    finally:
        if app.process is not None:
            stop_process_group(app.process)
        smtp.stop()


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory, build_lock: None) -> Iterator[ServedApp]:
    with launched_app(tmp_path_factory, "served-app") as app:
        yield app


@pytest.fixture(autouse=True)
def no_backend_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which the served app logged an error or a traceback."""
    if "served_app" not in request.fixturenames:
        yield
        return
    app: ServedApp = request.getfixturevalue("served_app")
    expected = [mark.args[0] for mark in request.node.iter_markers("backend_log_may_contain")]
    offset = app.log_size()
    yield
    problems = [line for line in app.log_since(offset).splitlines()
                if BACKEND_ERROR.search(line) and not any(text in line for text in expected)]
    assert problems == [], "the backend logged errors:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, served_app: ServedApp) -> Iterator[Page]:
    context = browser.new_context(base_url=served_app.url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    blocked: list[str] = []  # the browser reports what the Content-Security-Policy stopped on the console
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the page showed when the test failed, for the log
        shot = served_app.data_dir / f"failed-{request.node.name}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failed page: {shot}")
    context.close()
    ours = (served_app.url, served_app.url.replace("http", "ws"), "data:", "blob:")
    foreign = [url for url in requested if not url.startswith(ours)]
    assert foreign == [], f"the browser reached beyond the app: {foreign}"
    assert blocked == [], f"the Content-Security-Policy blocked part of the app: {blocked}"


def open_page(page: Page, path: str, *, check_accessibility: bool = True) -> None:
    """Navigate, wait until the app has hydrated over its websocket, then run axe on what is shown."""
    page.goto(path)
    page.wait_for_selector("main#main-content")
    page.wait_for_function("() => document.querySelector('main#main-content').children.length > 0")
    if check_accessibility:
        assert_accessible(page)


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def assert_accessible(page: Page) -> None:
    """axe-core (pinned in tools/package.json) finds no WCAG 2.2 A/AA or best-practice violation."""
    page.evaluate(_axe_source())  # run by the test, not added as a <script> the page's CSP would block
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    report = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
               "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations]
    assert report == [], f"axe found violations on {page.url}:\n{json.dumps(report, indent=2)}"


def sign_in_with_emailed_code(page: Page, served_app: ServedApp, email: str, password: str) -> None:
    """On a sign-in page: the password, then the code from the email the app sends."""
    from tests.support.mail import code_in, wait_for_mail

    before = len(served_app.smtp.inbox.messages)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.locator("h1", has_text="Check your email").wait_for()
    message = wait_for_mail(served_app.smtp, email, "verification code", after=before)
    page.get_by_label("Verification code").fill(code_in(message))
    page.get_by_role("button", name="Continue").click()
