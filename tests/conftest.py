"""Test-wide isolation: a private data directory and dev settings, set before the app is imported; and, for
a run that includes the browser tests, the run's ``make serve`` started as the run begins, so that its
front-end build (tests/support/served_app.py) happens while the unit tests run."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_DATA_DIR = Path(tempfile.mkdtemp(prefix="ehcna-test-"))
for _name in [name for name in os.environ if name.startswith("EHCNA_")]:
    del os.environ[_name]
# bcrypt at the least the library allows: the suite tests what hashes are for, not how slow they are
# (tests/unit/test_passwords.py keeps the production cost, 12, and reads it back from a stored hash).
os.environ.update({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(_DATA_DIR), "EHCNA_BCRYPT_COST": "4",
                   "REFLEX_CHECK_LATEST_VERSION": "0", "REFLEX_TELEMETRY_ENABLED": "false"})

from sqlalchemy.engine import Engine  # noqa: E402

from ehcna_portal.settings import Settings, load_settings  # noqa: E402
from tests.support import served_app  # noqa: E402
from tests.support.databases import migrated_engine  # noqa: E402
from tests.support.paths import ROOT  # noqa: E402

_first_app: subprocess.Popen | None = None


def _runs_browser_tests(config: pytest.Config) -> bool:
    """Does this run include tests/browser (by its paths, and not deselected with ``-m "not browser"``)?"""
    if "not browser" in (config.option.markexpr or ""):
        return False
    browser = ROOT / "tests" / "browser"
    for arg in config.args or [str(ROOT / "tests")]:
        path = Path(arg.split("::")[0]).resolve()
        if path == browser or browser in path.parents or path in browser.parents:
            return True
    return False


def pytest_sessionstart(session: pytest.Session) -> None:
    """In the process that hands tests out (xdist's controller, or a plain run): start the run's
    ``make serve`` in the background if browser tests will need it."""
    global _first_app
    if hasattr(session.config, "workerinput") or not _runs_browser_tests(session.config):
        return
    _first_app = served_app.start_first_app(Path(tempfile.mkdtemp(prefix="ehcna-make-serve-")))


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _first_app is not None:
        served_app.stop_process_group(_first_app)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    engine = migrated_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(tmp_path),
                          "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"})
