"""How the production server treats its workers: one that dies is started again.

Reflex starts Granian (``run_granian_backend_prod`` in reflex/utils/exec.py) without
``respawn_failed_workers``, and Granian's default is then to stop the whole server when any
worker exits. With several workers (Redis configured) one crashed or OOM-killed worker would
take the service down for every family (measured: ``tests/browser/test_scale_out.py``). Reflex
has no setting for it, so before Reflex imports ``granian.server.Server`` that name is pointed at
a subclass whose default is to respawn. Granian still stops the server on a crash loop (the same
worker failing again within 5.5 s), which is what an operator wants.
"""

from __future__ import annotations

from typing import Any

import granian.server


class RespawningServer(granian.server.Server):  # type: ignore[misc, valid-type]
    """Granian's server, with failed workers respawned unless the caller says otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("respawn_failed_workers", True)
        super().__init__(*args, **kwargs)


def respawn_failed_workers() -> None:
    """Called from rxconfig.py, which Reflex reads before it starts the server (idempotent)."""
    if not (isinstance(granian.server.Server, type) and issubclass(granian.server.Server, RespawningServer)):
        granian.server.Server = RespawningServer
