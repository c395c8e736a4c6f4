"""What happens when an event fails: a hostile client's refused event is not a server error.

Reflex answers every exception in a handler with an alert and an ERROR with a stack
trace. Some exceptions only ever come from a client sending what no page of ours sends:
``setvar`` naming a var that has no setter (reflex.md §0: there are none here) or an
event naming no handler. Those are logged as one WARNING line without the payload, and
the client gets nothing back. Redis (the state store) being unreachable is one ERROR line
and the "problem with the service" banner; every other exception keeps Reflex's handling,
which in production shows no detail to the user.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
import traceback

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from reflex.app import default_backend_exception_handler
from reflex_base.event import EventSpec

from ehcna_portal.components.connection import SERVICE_PROBLEM_SHOWN

log = logging.getLogger(__name__)
UNKNOWN_HANDLER = "No registered handler found for event"
# What the browser reports of its own failures is written by the client: at most this much of each report,
# and at most this many reports a minute per worker (the rest are counted, then dropped).
CLIENT_REPORT_MAX_CHARS = 300
CLIENT_REPORTS_PER_MINUTE = 20
_EVENT_PROCESSOR_LOGGER = "reflex_base.event.processor.event_processor"


def _from_setvar(exception: Exception) -> bool:
    """Raised by Reflex's own ``setvar`` looking up a setter that does not exist."""
    frames = traceback.extract_tb(exception.__traceback__)
    return isinstance(exception, AttributeError) and bool(frames) and frames[-1].name == "setvar"


def handle_backend_exception(exception: Exception) -> EventSpec | None:
    if _from_setvar(exception):
        log.warning("refused a client event: setvar of a var without a setter")
        return None
    if isinstance(exception, RedisConnectionError | RedisTimeoutError):
        # Reflex could not read or write the tab's state (Redis down or restarting), so no handler ran
        # and nothing was saved: tell the parent in the page, in its language, instead of an alert.
        log.error("state store unavailable, an event did not run (nothing saved): %s", exception)
        return SERVICE_PROBLEM_SHOWN.push(True)
    return default_backend_exception_handler(exception)


class _ClientReports:
    """The browser reports this worker process logged in the last minute: a sliding window, so no minute
    of the clock, however it falls across the windows' edges, holds more than the limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._logged: collections.deque[float] = collections.deque()
        self._dropping = False

    def admit(self) -> tuple[bool, bool]:
        """(log this report, say that reports are now being dropped)."""
        with self._lock:
            now = time.monotonic()
            while self._logged and now - self._logged[0] >= 60:
                self._logged.popleft()
            if len(self._logged) < CLIENT_REPORTS_PER_MINUTE:
                self._logged.append(now)
                self._dropping = False
                return True, False
            first_dropped = not self._dropping
            self._dropping = True
            return False, first_dropped


_client_reports = _ClientReports()


def handle_frontend_exception(exception: Exception) -> None:
    """A browser's report of its own failure (``handle_frontend_exception``, a public event): the text is
    the client's, so it is cut short, rate-limited, and logged as one escaped line (logs.py) — never as
    Reflex's multi-line ERROR, which let a client write a fake audit line into the log."""
    admitted, now_dropping = _client_reports.admit()
    if now_dropping:
        log.warning("browser reports: more than %d this minute, the rest are dropped", CLIENT_REPORTS_PER_MINUTE)
    if admitted:
        text = str(exception)
        cut = text[:CLIENT_REPORT_MAX_CHARS] + ("…" if len(text) > CLIENT_REPORT_MAX_CHARS else "")
        log.warning("a browser reported a failure of its own: %s", cut)


class UnknownHandlerFilter(logging.Filter):
    """Reflex logs an event naming no handler as an ERROR with a traceback and the whole event
    (headers included); any client can send one, so it becomes one WARNING line without them."""

    def filter(self, record: logging.LogRecord) -> bool:
        told = f"{record.getMessage()} {record.exc_info[1] if record.exc_info else ''}"
        if UNKNOWN_HANDLER in told:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args, record.exc_info, record.exc_text = (
                "refused a client event naming no handler", None, None, None)
        return True


def quieten_refused_events() -> None:
    """Install the filter once (idempotent, so hot reload does not stack filters)."""
    target = logging.getLogger(_EVENT_PROCESSOR_LOGGER)
    if not any(isinstance(existing, UnknownHandlerFilter) for existing in target.filters):
        target.addFilter(UnknownHandlerFilter())
