"""The portal served as ``make serve`` serves it, for browser and protocol tests — with one front-end build
per test run, however many apps the run starts.

Reflex bakes the backend's port into the front-end bundle (``.web/env.json``: ``ws://localhost:<port>``;
the browser swaps ``localhost`` for the page's own host name, and keeps the port). So every app of a run
listens on the *same port*, each on an address of its own in 127.0.0.0/8, all of it loopback on Linux:

* the run's first app is ``make serve`` itself (the README's command, tested as written), started in the
  background as the run begins (``tests/conftest.py``, in the one process that hands tests out), with
  ``EHCNA_HOST``/``EHCNA_PORT`` set: it compiles and builds the front end into ``.web-test`` while the
  unit tests run. ``.web-test-run.json`` says which run, which port, its address, and whether it is built;
* every app the tests start — each xdist worker's, the Redis and scaled-out groups', a restart after a
  kill — waits for that build, then is the same production backend started by
  ``tests/support/serve_built.py``: ``make serve`` without its front-end build (a different database,
  Redis URL or worker count changes nothing in the bundle).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.db import make_engine
from ehcna_portal.services.seed import seed_demo
from ehcna_portal.settings import Settings, load_settings
from tests.support.databases import migrated_engine
from tests.support.net import free_port
from tests.support.paths import ROOT
from tests.support.smtp import SmtpServer

BUILD_DIR = ROOT / ".web-test"
BUILD_STAMP = ROOT / ".web-test-run.json"  # beside the build: Reflex may empty .web-test when it initialises it
BUILD_LOCK = ROOT / ".web-test.lock"
# One id for every process of a test run: made by the first process, inherited by xdist's workers.
RUN_ID = os.environ.setdefault("PORTAL_TEST_RUN", uuid.uuid4().hex)
FIRST_APP_HOST = "127.76.0.1"
BUILD_TIMEOUT_SECONDS = 600
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")


@dataclass
class ServedApp:
    url: str
    data_dir: Path
    log_path: Path
    egress_log: Path
    env: dict[str, str]
    smtp: SmtpServer
    process: subprocess.Popen | None = field(default=None, repr=False)

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

    def start(self) -> None:
        """Serve, on the run's front end (waiting for the run's first app to have built it); returns once Home
        answers. Output is appended to the same log, so offsets stay valid across restarts."""
        _wait_until_built()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "support" / "serve_built.py")],
                                            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        wait_for(self.url + "/", self.process, self.log_path, timeout=120)

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crash or the OOM killer would: no clean shutdown."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def restart(self) -> None:
        """Kill, then start again on the same address (on the run's front end: no new build)."""
        self.kill()
        self.start()


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    """One build at a time per checkout: every app of every run uses the one build folder."""
    with BUILD_LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _stamp() -> dict:
    """This run's build: ``{"run", "port", "url", "built", "log"}`` ({} before the run's first app exists)."""
    with contextlib.suppress(OSError, ValueError):
        stamp = json.loads(BUILD_STAMP.read_text())
        if isinstance(stamp, dict) and stamp.get("run") == RUN_ID:
            return stamp
    return {}


def _write_stamp(**changes: object) -> None:
    with _build_lock():
        if stamp := _stamp():
            BUILD_STAMP.write_text(json.dumps({**stamp, **changes}))


def start_first_app(data_dir: Path) -> subprocess.Popen:
    """``make serve`` as the run's first app, in the background: it builds the front end every other app of
    the run starts on. A thread marks the build done once Home answers (or failed, with its log)."""
    with _build_lock():
        port = free_port()
        url = f"http://{FIRST_APP_HOST}:{port}"
        log_path, egress_log = data_dir / "make-serve.log", data_dir / "egress.log"
        BUILD_STAMP.write_text(json.dumps({"run": RUN_ID, "port": port, "url": url, "built": False,
                                           "log": str(log_path), "egress": str(egress_log)}))
    env = app_environment(data_dir, EHCNA_ENV="dev", EHCNA_HOST=FIRST_APP_HOST, EHCNA_PORT=str(port),
                          EHCNA_PUBLIC_URL=url, EHCNA_BCRYPT_COST="4", REFLEX_WEB_WORKDIR=str(BUILD_DIR),
                          REFLEX_STATES_WORKDIR=str(data_dir / "states"), EHCNA_TEST_EGRESS_LOG=str(egress_log),
                          PYTHONPATH=str(ROOT / "tests" / "support" / "netguard"))
    with log_path.open("ab") as log:
        process = subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)

    def mark_when_served() -> None:
        try:
            wait_for(url + "/", process, log_path, timeout=BUILD_TIMEOUT_SECONDS)
            _write_stamp(built=True)
        except RuntimeError:
            _write_stamp(failed=True)

    threading.Thread(target=mark_when_served, name="first-app", daemon=True).start()
    return process


def first_app() -> tuple[str, Path]:
    """The address of the run's ``make serve`` (once it answers), and its egress log."""
    stamp = _wait_until_built()
    return str(stamp["url"]), Path(stamp["egress"])


def _wait_until_built() -> dict:
    deadline = time.monotonic() + BUILD_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        stamp = _stamp()
        if not stamp:
            raise RuntimeError("no front end is being built for this run: tests/conftest.py starts `make serve` "
                               "when the run includes tests/browser")
        if stamp.get("built"):
            return stamp
        if stamp.get("failed"):
            raise RuntimeError(f"`make serve` failed to build and serve:\n{Path(stamp['log']).read_text()[-4000:]}")
        time.sleep(0.5)
    raise RuntimeError(f"`make serve` did not build the front end within {BUILD_TIMEOUT_SECONDS}s")


def _run_port() -> int:
    """The port every app of this run listens on: the one the run's first app was built for."""
    stamp = _stamp()
    if not stamp:
        raise RuntimeError("no front end is being built for this run (tests/conftest.py starts `make serve`)")
    return int(stamp["port"])


_addresses = iter(range(1, 250))


def _next_address() -> str:
    """An address of its own for each app this process starts: 127.<77 + worker>.<n>.1."""
    worker = int(WORKER.removeprefix("gw") or 0)
    return f"127.{77 + worker}.{next(_addresses)}.1"


def wait_for(url: str, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
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
        time.sleep(0.5)
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


def _migrate_and_seed(app: ServedApp) -> None:
    """What ``make serve`` does before it serves (``make migrate``, then ``make seed``'s demo sign-ins), here in
    this process: a SQLite database is a copy of the run's migrated template (the migrations' own tests run
    Alembic on every revision), and two CLI processes per app are saved."""
    settings = app.settings()
    engine = migrated_engine(settings.database_url)
    try:
        with Session(engine) as session:
            seed_demo(session, settings)
            session.commit()
    finally:
        engine.dispose()


@contextlib.contextmanager
def launched_app(tmp_path_factory: pytest.TempPathFactory, name: str, **extra_env: str) -> Iterator[ServedApp]:
    """A served app on an address of its own, with its own data directory, Reflex state folder, SMTP
    server and egress log; ``extra_env`` adds settings (a database, a Redis URL, a worker count)."""
    port, host = _run_port(), _next_address()
    smtp = SmtpServer(free_port())
    smtp.start()
    data_dir = tmp_path_factory.mktemp(name)
    egress_log = data_dir / "egress.log"
    url = f"http://{host}:{port}"
    env = app_environment(
        data_dir, EHCNA_ENV="dev", EHCNA_HOST=host, EHCNA_PORT=str(port), EHCNA_PUBLIC_URL=url,
        # the run's build folder, so a developer's `make run` in .web is not disturbed; state files of its own
        REFLEX_WEB_WORKDIR=str(BUILD_DIR), REFLEX_STATES_WORKDIR=str(data_dir / "states"),
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests" / "support" / "netguard")]),
        EHCNA_TEST_EGRESS_LOG=str(egress_log),
        # a real SMTP server on loopback: every email the app sends arrives in smtp.inbox
        EHCNA_SMTP_HOST="127.0.0.1", EHCNA_SMTP_PORT=str(smtp.port), EHCNA_SMTP_STARTTLS="false",
        EHCNA_MAIL_FROM="Coventry Education Services Portal <donotreply@example.gov.uk>",
        # every browser of the suite is on loopback: one "visitor" registering and signing in all day, and a
        # journey may ask one address for more codes and links than a parent would (the limits' own tests
        # are tests/unit/test_send_limits.py)
        EHCNA_EMAIL_LIMIT_PER_IP="100000", EHCNA_EMAIL_LIMIT_PER_ADDRESS="100",
        EHCNA_BCRYPT_COST="4",  # the suite tests what hashes are for, not how slow they are
        **extra_env,
    )
    log_path = data_dir / "app.log"
    app = ServedApp(url, data_dir, log_path, egress_log, env, smtp)
    try:
        _migrate_and_seed(app)
        app.start()
        yield app
    finally:
        if app.process is not None:
            stop_process_group(app.process)
        smtp.stop()
