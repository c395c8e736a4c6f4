"""Logs (security.md §1.J): one JSON line per record, audit lines with who/what/object/result,
and no password, code, token, cookie, email address, query string or event payload in any record,
whichever library logged it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal import logs
from ehcna_portal.services import audit

PASSWORD = "violet kettle harbour 42"
EMAIL = "lesley.harris+ehc@example.com"
CODE = "482913"
TOKEN = "e6nG_GaqU6ge0GjpF2cwCdblKOJOT2qfhRS05mREcvs"  # fixed: test ids must be the same in every xdist worker
TAB_TOKEN = "4b0a8c4e-2a5e-4d7c-9c43-5ad6b0b0e0f1"
RECOVERY = "abcd-ef23"
CANARY_ANSWER = "Zebracanary loves trampolines"


class Lines(logging.Handler):
    """The JSON lines a logger's records become, as the portal's own handler writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logs.JsonLineFormatter())
        self.addFilter(logs.RedactingFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def parsed(self) -> list[dict]:
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def capture() -> Iterator[Lines]:
    logs.configure()
    handler = Lines()
    watched = [logging.getLogger(name) for name in ("ehcna_portal", "reflex.app", "_granian", "uvicorn.error")]
    levels = [logger.level for logger in watched]
    for logger in watched:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield handler
    for logger, level in zip(watched, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


SECRETS = [PASSWORD, EMAIL, CODE, TOKEN, TAB_TOKEN, RECOVERY, "482 913"]


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} reached the log: {text}"


@pytest.mark.parametrize("message", [
    f"sign in for {EMAIL} with password={PASSWORD!r}",
    f"{{'email': '{EMAIL}', 'password': '{PASSWORD}', 'code': '{CODE}'}}",
    f'{{"password": "{PASSWORD}", "new_password": "{PASSWORD}"}}',
    f"Your verification code is {CODE} (or 482 913); recovery code {RECOVERY}",
    f"GET /Account/CompleteRegistration/{TOKEN} HTTP/1.1",
    f"GET /reset-password/{TOKEN}",
    f"redirect to /session/start?n={TOKEN}&next=/ehc",
    f"http://127.0.0.1:8000/_event/?token={TAB_TOKEN}&EIO=4",
    f"Cookie: ehcna_session={TOKEN}; ehcna_lang=cy",
    f"set ehcna_session={TOKEN} for the browser",
    f"Attempting to send delta to disconnected client {TAB_TOKEN!r}",
    f"Authorization: Bearer {TOKEN}",
])
def test_redact_masks_every_kind_of_secret(message: str):
    assert_clean(logs.redact(message))


def test_redact_drops_the_event_payloads_reflex_logs():
    payload = {"name": "reflex___state____state.application_state.save",
               "payload": {"form_data": {"strengths": CANARY_ANSWER, "password": PASSWORD}}}
    for message in (f"Received event from session abc with no associated token. This may indicate a bug. "
                    f"Event data: {payload}",
                    f"Received event data as a string. This generally should not happen. Event data: {payload}",
                    f"Failed to deserialize event data: {payload}.",
                    f"Event data must be a dictionary, but received {payload} of type <class 'list'>."):
        redacted = logs.redact(message)
        assert CANARY_ANSWER not in redacted and "payload dropped" in redacted


def test_redact_keeps_what_operators_need():
    for message in ("parent.sign_in_failed", "outbox message 12 not sent (attempt 3), retrying at "
                    "2026-11-29 07:50:30.123456+00:00: SMTPServerDisconnected", "ip 127.0.0.1 port 36617",
                    "virus scan: 3 clean, 0 infected", "App running at: http://0.0.0.0:36617/"):
        assert logs.redact(message) == message


def test_redaction_is_stable():
    for message in (f"password={PASSWORD}", f"/sign-in?next=/ehc&email={EMAIL}", f"code {CODE}"):
        once = logs.redact(message)
        assert logs.redact(once) == once


def test_every_library_s_records_are_redacted_even_tracebacks(capture: Lines):
    logging.getLogger("reflex.app").warning("Received event from session %s with no associated token. "
                                            "Event data: %s", "sid1", {"password": PASSWORD, "a": CANARY_ANSWER})
    logging.getLogger("_granian").info("request GET /reset-password/%s from %s", TOKEN, EMAIL)
    logging.getLogger("uvicorn.error").info('"GET /session/start?n=%s HTTP/1.1" 303', TOKEN)
    try:
        raise ValueError(f"could not parse {{'code': '{CODE}', 'email': '{EMAIL}'}}")
    except ValueError:
        logging.getLogger("ehcna_portal.tasks").exception("sender failed for %s", EMAIL)
    text = "\n".join(capture.lines)
    assert_clean(text)
    assert CANARY_ANSWER not in text
    assert len(capture.lines) == 4
    last = capture.parsed()[-1]
    assert "Traceback" in last["event"] and "ValueError" in last["event"]
    assert "\n" not in capture.lines[-1]  # one line, even with a traceback


def test_lines_are_json_with_utc_time_level_logger_and_event(capture: Lines):
    logging.getLogger("ehcna_portal.outbox").warning("outbox message %s not sent", 12)
    (line,) = capture.parsed()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])
    assert (line["level"], line["logger"], line["event"]) == ("warning", "ehcna_portal.outbox",
                                                               "outbox message 12 not sent")


def test_an_audit_line_says_who_did_what_to_what_and_how_it_went(capture: Lines):
    logs.audit("parent.sign_in_failed", actor="anonymous", object="parent_account:7", result="wrong",
               ip="203.0.113.9", note=f"for {EMAIL}")
    (line,) = capture.parsed()
    assert line["logger"] == "ehcna_portal.audit" and line["event"] == "parent.sign_in_failed"
    assert {k: line[k] for k in ("actor", "action", "object", "result", "ip")} == {
        "actor": "anonymous", "action": "parent.sign_in_failed", "object": "parent_account:7", "result": "wrong",
        "ip": "203.0.113.9"}
    assert EMAIL not in capture.lines[0]  # fields are redacted too


def test_every_audit_event_row_is_also_an_audit_line_without_personal_detail(capture: Lines, engine: Engine):
    with Session(engine) as db:
        audit.record(db, actor="parent:3", action="parent.email_changed", object_type="parent_account",
                     object_id=3, previous=EMAIL, ip="203.0.113.9")
        audit.record(db, actor="anonymous", action="parent.sign_in_failed", object_type="parent_account",
                     object_id="-", ip="203.0.113.9")
        audit.record(db, actor="parent:3", action="parent.code_failed", object_type="parent_account",
                     object_id=3, result="expired")
        db.rollback()
    changed, failed, code = capture.parsed()
    assert (changed["actor"], changed["object"], changed["result"]) == ("parent:3", "parent_account:3", "success")
    assert "previous" not in changed and EMAIL not in capture.lines[0]
    assert (failed["result"], failed["ip"]) == ("failure", "203.0.113.9")
    assert code["result"] == "expired"


FORGED = ('broken\n{"ts": "2026-12-06T10:00:00.000Z", "level": "info", "logger": "ehcna_portal.audit", '
          '"event": "staff.signed_in", "actor": "staff:1"}\r\n\x1b[2J\x1b[31mRED\u2028\x9b31m\u202eTXT')


def test_a_client_string_cannot_forge_a_line_or_drive_a_terminal_whichever_library_logs_it(capture: Lines):
    """security.md §0 item 15: every record is one line, control characters written as escapes."""
    logging.getLogger("reflex.app").error("[Reflex Frontend Exception]\n %s\n", FORGED)
    logging.getLogger("ehcna_portal.client").warning("reported: %s", FORGED)
    logs.audit("parent.sign_in_failed", actor="anonymous", result="wrong", note=FORGED)
    assert len(capture.lines) == 3
    for line in capture.lines:
        parsed = json.loads(line)  # each is one JSON object on one line: the fake one is inside a string
        assert parsed["logger"] != "ehcna_portal.audit" or parsed["action"] == "parent.sign_in_failed"
        assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", line)
    event = capture.parsed()[0]["event"]
    assert "\\n{" in event and "\\u001b[2J" in event and "\\u2028" in event and "\\u202e" in event


def test_the_record_itself_is_escaped_for_every_handler_not_only_ours():
    """Reflex's and Granian's own handlers print ``record.getMessage()``: it is one line already."""
    logs.configure()
    record = logging.getLogger("reflex.app").makeRecord("reflex.app", logging.ERROR, __file__, 1,
                                                         "frontend: %s", (FORGED,), None)
    assert "\n" not in record.getMessage() and "\x1b" not in record.getMessage()


def test_a_browser_report_is_cut_short_rate_limited_and_one_line(capture: Lines, monkeypatch):
    from ehcna_portal.state import errors

    monkeypatch.setattr(errors, "_client_reports", errors._ClientReports())
    for _ in range(errors.CLIENT_REPORTS_PER_MINUTE + 10):
        errors.handle_frontend_exception(Exception(FORGED + "x" * 5000))
    reports = [line for line in capture.parsed() if line["logger"] == "ehcna_portal.state.errors"]
    assert len(reports) == errors.CLIENT_REPORTS_PER_MINUTE + 1  # 20 reports, then one "dropping" line
    assert all(entry["level"] == "warning" for entry in reports)
    assert max(len(entry["event"]) for entry in reports) < errors.CLIENT_REPORT_MAX_CHARS + 200
    assert "dropped" in reports[-1]["event"]


def test_no_sixty_seconds_hold_more_browser_reports_than_the_limit_however_they_fall(monkeypatch):
    """A burst across the turn of a clock minute (a fixed window would let 2 × 20 through) is still 20."""
    from ehcna_portal.state import errors

    clock = [119.5]
    monkeypatch.setattr(errors.time, "monotonic", lambda: clock[0])
    reports = errors._ClientReports()
    admitted = []
    for _ in range(30):
        admitted.append(reports.admit()[0])
        clock[0] += 0.1  # 30 reports in 3 s, from 119.5 s to 122.4 s
    assert admitted.count(True) == errors.CLIENT_REPORTS_PER_MINUTE
    clock[0] = 119.5 + 60  # the first report is a minute old: room for one more
    assert reports.admit()[0] is True and reports.admit()[0] is False
