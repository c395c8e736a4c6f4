"""The Starlette app Reflex mounts itself inside (so these routes are matched first)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from ehcna_portal.api.health import health

HEALTH = "/api/health"


def build_api() -> Starlette:
    return Starlette(routes=[Route(HEALTH, health, methods=["GET"])])
