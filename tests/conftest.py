"""Test-wide isolation: a private data directory and dev settings, set before the app is imported."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_DATA_DIR = Path(tempfile.mkdtemp(prefix="ehcna-test-"))
for _name in [name for name in os.environ if name.startswith("EHCNA_")]:
    del os.environ[_name]
os.environ.update({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(_DATA_DIR),
                   "REFLEX_CHECK_LATEST_VERSION": "0", "REFLEX_TELEMETRY_ENABLED": "false"})

from sqlalchemy.engine import Engine  # noqa: E402

from ehcna_portal.cli import alembic_config  # noqa: E402
from ehcna_portal.db import make_engine  # noqa: E402
from ehcna_portal.settings import Settings, load_settings  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def migrated_engine(url: str) -> Engine:
    """An engine on a database brought to the latest migration (the real schema, not create_all)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    return make_engine(url)


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
