"""Background work each backend worker runs for the life of the app."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ehcna_portal.db import get_engine
from ehcna_portal.models.base import utcnow
from ehcna_portal.services.draft_expiry import expire_drafts
from ehcna_portal.services.mail_transport import transport_for
from ehcna_portal.services.outbox import deliver_due
from ehcna_portal.settings import get_settings

log = logging.getLogger(__name__)

OUTBOX_POLL_SECONDS = 5.0
_wakeup: asyncio.Event | None = None


def wake_outbox() -> None:
    """Send now rather than at the next poll (a sign-in code should not wait 5 seconds)."""
    if _wakeup is not None:
        _wakeup.set()


async def send_outbox_forever(poll_seconds: float = OUTBOX_POLL_SECONDS) -> None:
    """Deliver due emails every few seconds, or at once when woken; leases make it safe in every worker."""
    global _wakeup
    _wakeup = asyncio.Event()
    transport = transport_for(get_settings())
    while True:
        _wakeup.clear()
        try:
            await asyncio.to_thread(deliver_due, get_engine(), transport)
        except Exception:  # keep sending after a database hiccup; the error is logged
            log.exception("outbox sender failed; trying again in %s s", poll_seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_wakeup.wait(), poll_seconds)


DRAFT_EXPIRY_SECONDS = 3600.0


async def expire_drafts_forever(every_seconds: float = DRAFT_EXPIRY_SECONDS) -> None:
    """Remind about, then delete, long-untouched unsent applications (hourly; safe in every worker)."""
    while True:
        try:
            report = await asyncio.to_thread(expire_drafts, get_engine(), get_settings(), utcnow())
            if report.reminded:
                wake_outbox()
        except Exception:  # a database hiccup must not stop the schedule; the error is logged
            log.exception("draft expiry failed; trying again in %s s", every_seconds)
        await asyncio.sleep(every_seconds)
