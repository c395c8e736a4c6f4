"""Background work each backend worker runs for the life of the app."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ehcna_portal.db import UNAVAILABLE, get_engine
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_tracking, case_retention, plan_endings, rate_limits
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.draft_expiry import expire_drafts
from ehcna_portal.services.mail_transport import transport_for
from ehcna_portal.services.outbox import deliver_due, on_queued
from ehcna_portal.services.virus_scan import scan_pending, scanner_for
from ehcna_portal.settings import get_settings

log = logging.getLogger(__name__)

OUTBOX_POLL_SECONDS = 5.0
_wakeup: asyncio.Event | None = None
_loop: asyncio.AbstractEventLoop | None = None


def _wake_sender() -> None:
    """Send now rather than at the next poll (a sign-in code should not wait 5 seconds). The outbox calls this
    after every commit that queued mail, from whichever thread committed it."""
    if _wakeup is not None and _loop is not None and not _loop.is_closed():
        _loop.call_soon_threadsafe(_wakeup.set)


on_queued(_wake_sender)


async def send_outbox_forever(poll_seconds: float = OUTBOX_POLL_SECONDS) -> None:
    """Deliver due emails every few seconds, or at once when woken; leases make it safe in every worker."""
    global _wakeup, _loop
    _wakeup = asyncio.Event()
    _loop = asyncio.get_running_loop()
    transport = transport_for(get_settings())
    while True:
        _wakeup.clear()
        try:
            await asyncio.to_thread(deliver_due, get_engine(), transport)
        except UNAVAILABLE as error:  # locked or unreachable for a while: expected, no stack trace
            log.warning("outbox sender: database unavailable (%s); trying again in %s s", error, poll_seconds)
        except Exception:  # keep sending after a database hiccup; the error is logged
            log.exception("outbox sender failed; trying again in %s s", poll_seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_wakeup.wait(), poll_seconds)


DRAFT_EXPIRY_SECONDS = 3600.0


async def expire_drafts_forever(every_seconds: float = DRAFT_EXPIRY_SECONDS) -> None:
    """Remind about, then delete, long-untouched unsent applications, send the day's advice reminders, forget
    rate-limit records that limit nothing any more, close plans that have ended at 25, and delete cases whose
    retention period has ended (hourly; safe in every worker: each is claimed)."""
    while True:
        try:
            await asyncio.to_thread(expire_drafts, get_engine(), get_settings(), utcnow())
            now = utcnow()
            await asyncio.to_thread(advice_tracking.remind, get_engine(), get_settings(), uk_date(now), now)
            await asyncio.to_thread(rate_limits.forget_old, get_engine(), utcnow())
            await asyncio.to_thread(plan_endings.end_at_25, get_engine(), uk_date(now), now)
            await asyncio.to_thread(case_retention.delete_expired, get_engine(), get_settings(), uk_date(now))
        except UNAVAILABLE as error:
            log.warning("draft expiry: database unavailable (%s); trying again in %s s", error, every_seconds)
        except Exception:  # a database hiccup must not stop the schedule; the error is logged
            log.exception("draft expiry failed; trying again in %s s", every_seconds)
        await asyncio.sleep(every_seconds)


SCAN_POLL_SECONDS = 30.0
_scan_wakeup: asyncio.Event | None = None


def wake_scanner() -> None:
    """Scan now rather than at the next sweep (a new upload waits in quarantine until it is scanned)."""
    if _scan_wakeup is not None:
        _scan_wakeup.set()


async def scan_documents_forever(poll_seconds: float = SCAN_POLL_SECONDS) -> None:
    """Virus-scan documents waiting in quarantine: at once after an upload, and every ``poll_seconds`` (so a
    scanner that was down is retried). Does nothing when no scanner is configured (EHCNA_CLAMD_ADDRESS)."""
    global _scan_wakeup
    settings = get_settings()
    scanner = scanner_for(settings)
    if scanner is None:
        return
    _scan_wakeup = asyncio.Event()
    while True:
        _scan_wakeup.clear()
        try:
            report = await asyncio.to_thread(scan_pending, get_engine(), settings, scanner)
            if report.clean or report.infected:
                log.info("virus scan: %d clean, %d infected", report.clean, report.infected)
        except UNAVAILABLE as error:
            log.warning("virus scan: database unavailable (%s); trying again in %s s", error, poll_seconds)
        except Exception:  # a database hiccup must not stop scanning; the error is logged
            log.exception("virus scan sweep failed; trying again in %s s", poll_seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_scan_wakeup.wait(), poll_seconds)
