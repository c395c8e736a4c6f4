"""Background work each backend worker runs for the life of the app."""

from __future__ import annotations

import asyncio
import logging

from ehcna_portal.db import get_engine
from ehcna_portal.services.mail_transport import transport_for
from ehcna_portal.services.outbox import deliver_due
from ehcna_portal.settings import get_settings

log = logging.getLogger(__name__)

OUTBOX_POLL_SECONDS = 5.0


async def send_outbox_forever(poll_seconds: float = OUTBOX_POLL_SECONDS) -> None:
    """Deliver due emails every few seconds; leases make it safe in every worker at once."""
    transport = transport_for(get_settings())
    while True:
        try:
            await asyncio.to_thread(deliver_due, get_engine(), transport)
        except Exception:  # keep sending after a database hiccup; the error is logged
            log.exception("outbox sender failed; trying again in %s s", poll_seconds)
        await asyncio.sleep(poll_seconds)
