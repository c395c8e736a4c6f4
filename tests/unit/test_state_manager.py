"""Where Reflex keeps each tab's state (rxconfig.py, docs/DEPLOYMENT.md): in memory for one production worker,
in Redis for several, on disk in development (a hot reload restarts the backend and the tabs carry on)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {"EHCNA_ENV": "prod", "EHCNA_SECRET_KEY": "s" * 48, "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk",
        "EHCNA_SMTP_HOST": "127.0.0.1", "EHCNA_MAIL_FROM": "noreply@example.gov.uk"}
SHOW = "from reflex.istate.manager import StateManager; import rxconfig; print(type(StateManager.create()).__name__)"


@pytest.mark.parametrize(("settings", "manager"), [
    (PROD, "StateManagerMemory"),
    ({**PROD, "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/9"}, "StateManagerRedis"),
    ({"EHCNA_ENV": "dev"}, "StateManagerDisk"),
])
def test_each_configuration_keeps_tab_state_where_it_should(tmp_path: Path, settings: dict[str, str], manager: str):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("EHCNA_", "REFLEX_REDIS"))}
    environ.update({"EHCNA_DATA_DIR": str(tmp_path), **settings})
    done = subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True, env=environ, cwd=ROOT,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == manager
