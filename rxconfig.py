"""Reflex configuration, derived from the portal's own settings (ehcna_portal/settings.py).

Bad configuration stops every start-up path here with a one-line explanation.
"""

import os
import sys

# Nothing may reach the internet at run time: no version checks, no telemetry.
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "0")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import reflex as rx
from reflex.constants import StateManagerMode

from ehcna_portal.serving import respawn_failed_workers
from ehcna_portal.settings import ConfigError, get_settings

try:
    settings = get_settings()
except ConfigError as error:
    sys.exit(f"EHCNA configuration error: {error}")

# A worker that dies (crash, OOM killer) is replaced instead of stopping every worker (see serving.py).
respawn_failed_workers()

# Where each tab's state is kept between events. With Redis (several workers), in Redis. With one worker in
# production, in memory: the disk manager pickles every tab's state to a file after every event, and all a
# restart would keep is a page the browser re-reads from the database anyway. In development the disk
# manager stays: a hot reload restarts the backend, and the open tabs carry on where they were.
state_manager = {} if settings.redis_url or not settings.is_prod else {"state_manager_mode": StateManagerMode.MEMORY}

config = rx.Config(
    app_name="ehcna_portal",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The websocket and HTTP routes accept only our own origin (never "*").
    cors_allowed_origins=list(settings.allowed_origins),
    deploy_url=settings.public_url,
    redis_url=settings.redis_url,
    plugins=[],
    # Pages are precompressed with gzip only: the CSP middleware (api/headers.py) reads each page's
    # inline scripts to hash them, and it knows how to read gzip.
    frontend_compression_formats=["gzip"],
    disable_plugins=[rx.plugins.SitemapPlugin],  # don't publish a list of every route
    **state_manager,
)
