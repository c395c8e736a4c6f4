"""The app module registers the right pages for each environment (imported in a fresh process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIST_ROUTES = ("import json; from ehcna_portal.ehcna_portal import app; "
               "print(json.dumps(sorted(app._unevaluated_pages)))")


def routes_for(tmp_path: Path, **env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_")}
    environ.update({"EHCNA_DATA_DIR": str(tmp_path), **env})
    done = subprocess.run([sys.executable, "-c", LIST_ROUTES], capture_output=True, text=True,
                          env=environ, cwd=ROOT, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_public_page_exists_in_english_and_welsh(tmp_path: Path):
    routes = routes_for(tmp_path)
    for page in ("privacy", "accessibility", "cookies", "contact", "guidance"):
        assert page in routes and f"cy/{page}" in routes
    assert "index" in routes and "cy" in routes and "404" in routes
    assert "dev/mailbox" in routes and "dev/components" in routes


def test_development_pages_are_absent_in_production(tmp_path: Path):
    routes = routes_for(tmp_path, EHCNA_ENV="prod", EHCNA_SECRET_KEY="k" * 40,
                        EHCNA_PUBLIC_URL="https://portal.example.gov.uk", EHCNA_SMTP_HOST="127.0.0.1",
                        EHCNA_MAIL_FROM="noreply@example.gov.uk")
    assert "privacy" in routes
    assert not [route for route in routes if route.startswith("dev")]


def test_every_page_the_app_registers_is_walked_by_the_page_checks(tmp_path: Path):
    """tests/support/pages.py lists the drawings the catalog and markup checks walk: a page added to the app but
    not there would go unchecked (and fail only when the app is built)."""
    from tests.support.pages import PAGES

    environ = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_")}
    environ.update({"EHCNA_DATA_DIR": str(tmp_path)})
    listing = ("import json; from ehcna_portal.ehcna_portal import PUBLIC_PAGES, dev_pages; "
               "print(json.dumps(sorted({f'{s.render.__module__}.{s.render.__name__}' "
               "for s in PUBLIC_PAGES + dev_pages()})))")
    done = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, env=environ, cwd=ROOT,
                          timeout=120, check=True)
    registered = set(json.loads(done.stdout.strip().splitlines()[-1]))
    walked = {f"{render.__module__}.{render.__name__}" for render in PAGES.values()}
    assert registered - walked == set()
