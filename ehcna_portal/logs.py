"""Logging: one line of JSON per record, security audit lines, and no secrets in any log (security.md §1.J).

``configure()`` runs once, when the app module is imported (by ``reflex run`` and
by every backend worker):

* the portal's loggers (``ehcna_portal.*``) write one JSON object per line to
  stderr: ``ts`` (UTC, ending in ``Z``), ``level``, ``logger``, ``event`` and any
  structured fields;
* every log record of every library — the portal's, Reflex's, Granian's,
  uvicorn's, SQLAlchemy's — is made by a record factory that masks whatever looks
  like a password, a sign-in code, a token or nonce, a session cookie, an email
  address or a URL query string, and drops the event payloads Reflex puts in
  some of its warnings ("… Event data: {…}"). A traceback is redacted the same
  way and carried in the message, so no handler can format the raw one later;
* ``audit()`` writes the security audit lines (J1): who (an internal id such as
  ``parent:12``, never an email address), what, to which object, with what result.

Log lines are the operational record; the business audit trail is the
``audit_event`` table (services/audit.py), which every ``audit.record`` also
reports here as one audit line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

AUDIT_LOGGER = "ehcna_portal.audit"
_APP_LOGGER = "ehcna_portal"
_FIELDS = "ehcna_fields"  # the LogRecord attribute that carries structured fields
_REDACTED = "[redacted]"

# Reflex logs whole event payloads (form answers included) in some warnings and
# exception messages: everything after "event data" goes.
_EVENT_DATA = re.compile(r"(?is)\b(event data)\b.*")
_RULES: list[tuple[re.Pattern[str], str]] = [
    # A URL's query string (tokens, nonces, ?next=…, ?email=…): keep the path only.
    (re.compile(r"((?:\b[a-z][a-z0-9+.-]*://[^\s?#\"'<>]*)|(?<![\w?])/[\w\-./~%\[\]]*)\?[^\s\"'<>]+", re.I),
     r"\1?" + _REDACTED),
    # Cookie and Authorization headers, whole.
    (re.compile(r"(?i)\b((?:set-)?cookie|authorization)(['\"]?\s*[:=]\s*)(?:b?['\"][^'\"]*['\"]|[^\n]*)"),
     r"\1\2" + _REDACTED),
    # name=value and "name": "value" pairs whose name says secret (a session cookie is "…session=…").
    (re.compile(r"(?i)\b([\w-]*(?:password|passwd|secret|token|nonce|session|api_?key)[\w-]*"
                r"|code|otp|totp|(?:verification|recovery|sign_in)_code)"
                r"(['\"]?\s*[:=]\s*)(?!\[redacted\])(?:b?'[^'\n]*'|b?\"[^\"\n]*\"|[^\s'\",;&}\])]+)"),
     r"\1\2" + _REDACTED),
    (re.compile(r"(?i)\bbearer\s+[\w\-.~+/=]+"), "Bearer " + _REDACTED),
    # Email addresses.
    (re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # UUIDs (Reflex's per-tab client token), long hex (hashes, ids) and URL-safe random tokens.
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), _REDACTED),
    (re.compile(r"(?<![\w-])(?:[\w-]{32,}|(?:(?=[\w-]*\d)(?=[\w-]*[A-Za-z])|(?=[\w-]*[A-Z])(?=[\w-]*[a-z])"
                r"(?=[\w-]*[_-]))[\w-]{20,})(?![\w-])"), _REDACTED),
    (re.compile(r"\b[0-9a-f]{32,}\b", re.I), _REDACTED),
    # Authenticator recovery codes (xxxx-xxxx) and six-digit sign-in codes (also typed as 123 456).
    (re.compile(r"\b[a-z2-7]{4}-[a-z2-7]{4}\b"), "[code]"),
    (re.compile(r"(?<![\d.,:/-])\d{3}[ -]?\d{3}(?![\d.,:/-]?\d)"), "[code]"),
]


# Characters that would let a string end the log line or drive a terminal (C0 and C1 controls, DEL, the
# Unicode line and paragraph separators, bidirectional overrides): written as escapes, so a client-supplied
# string can never forge a line (security.md §0 item 15). A record is one line, tracebacks included.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """``text`` on one line: control characters as visible escapes (``\\n``, ``\\x1b``, ``\\u2028``)."""
    return _CONTROL.sub(lambda match: _NAMED_ESCAPES.get(match.group(), f"\\u{ord(match.group()):04x}"), text)


def redact(text: str) -> str:
    """``text`` with secrets, personal identifiers and event payloads masked."""
    text = _EVENT_DATA.sub(r"\1: [payload dropped]", text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def _redact_value(value: Any) -> Any:
    if isinstance(value, int | float | bool) or value is None:
        return value
    return escape_controls(redact(value if isinstance(value, str) else str(value)))


_base_factory = logging.getLogRecordFactory()


def _redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Every record, from any logger: the message (arguments filled in) and any traceback, redacted."""
    record = _base_factory(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # a badly formatted call: keep its parts, as text
        message = f"{record.msg} {record.args}"
    if record.exc_info and record.exc_info[0] is not None:
        message = f"{message}\n{''.join(traceback.format_exception(*record.exc_info))}".rstrip()
        record.exc_info, record.exc_text = None, None
    if record.stack_info:
        message, record.stack_info = f"{message}\n{record.stack_info}", None
    record.msg, record.args = escape_controls(redact(message)), ()
    record.ehcna_redacted = True
    return record


class RedactingFilter(logging.Filter):
    """A second line of defence on our own handler (records made before ``configure()`` ran)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "ehcna_redacted", False):
            try:
                message = record.getMessage()
            except Exception:
                message = f"{record.msg} {record.args}"
            record.msg, record.args = escape_controls(redact(message)), ()
            record.ehcna_redacted = True
        fields = getattr(record, _FIELDS, None)
        if isinstance(fields, dict):
            setattr(record, _FIELDS, {escape_controls(str(k)): _redact_value(v) for k, v in fields.items()})
        return True


class JsonLineFormatter(logging.Formatter):
    """``{"ts": "2026-…Z", "level": "info", "logger": …, "event": …, "pid": …, <fields>}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            "pid": record.process,  # which backend worker (several share one log when Redis is configured)
        }
        for key, value in (getattr(record, _FIELDS, None) or {}).items():
            line.setdefault(key, value)
        if record.exc_info and record.exc_info[0] is not None:  # only if the factory was bypassed
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


_configured = False


def configure(stream: Any = None) -> None:
    """Install the redaction for every record and the JSON handler for the portal's loggers (once)."""
    global _configured
    if _configured:
        return
    _configured = True
    logging.setLogRecordFactory(_redacting_factory)
    handler = _StderrHandler() if stream is None else logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(RedactingFilter())
    # On the root logger: the portal's records (and any library's that propagate) reach it once each;
    # Reflex's and Granian's own loggers keep their own handlers (filtered below) and do not propagate.
    logging.getLogger().addHandler(handler)
    logging.getLogger(_APP_LOGGER).setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "_granian", "granian.access", "reflex"):
        for existing in logging.getLogger(name).handlers:
            existing.addFilter(RedactingFilter())


def audit(action: str, *, actor: str, result: str, object: str = "-", ip: str = "",
          **fields: Any) -> None:
    """One security audit line (security.md J1). ``actor`` is an internal id ("parent:12", "staff:3",
    "anonymous", "system"), never an email address; ``fields`` must hold no secret (they are redacted
    anyway)."""
    line = {"actor": actor, "action": action, "object": object, "result": result, **fields}
    if ip:
        line["ip"] = ip
    logging.getLogger(AUDIT_LOGGER).info(action, extra={_FIELDS: line})


def request_ip(request: Any) -> str:
    """The peer address of a Starlette request (the proxy's, behind one), for audit lines."""
    client = getattr(request, "client", None)
    return str(client.host) if client else ""
