"""Reading what the test SMTP server received."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from email.header import decode_header, make_header
from email.message import Message

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from ehcna_portal.models import OutboxMessage, OutboxStatus
from ehcna_portal.models.base import utcnow
from tests.support.smtp import SmtpServer


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def subject_of(message: Message) -> str:
    """The Subject as the reader sees it (Welsh subjects arrive RFC 2047-encoded)."""
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", message["Subject"] or "")
    return str(make_header(decode_header(unfolded)))


def html_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode()
    return ""


def wait_for_mail(smtp: SmtpServer, to: str, subject_contains: str, *, after: int = 0,
                  timeout: float = 30) -> Message:
    """The first message to ``to`` whose subject matches, among those received after index ``after``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp.inbox.messages[after:]:
            if message["To"] == to and subject_contains in subject_of(message):
                return message
        time.sleep(0.2)
    subjects = [(m["To"], subject_of(m)) for m in smtp.inbox.messages]
    raise AssertionError(f"no email to {to} about {subject_contains!r} within {timeout}s; got {subjects}")


def link_in(message: Message, path_contains: str) -> str:
    match = re.search(r"https?://\S*" + re.escape(path_contains) + r"\S*", text_of(message))
    assert match, f"no link containing {path_contains!r} in:\n{text_of(message)}"
    return match.group(0)


def code_in(message: Message) -> str:
    match = re.search(r"(?:Your verification code is|Eich cod dilysu yw) (\d{6})", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def wait_until_outbox_quiet(engine: Engine, *, within: float = 60, timeout: float = 30) -> None:
    """Until the background sender has nothing to send in the next ``within`` seconds: a test comparing the
    database before and after must not count the sender's own writes (an earlier test's email going out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as db:
            due = db.exec(select(func.count()).select_from(OutboxMessage)
                          .where(col(OutboxMessage.status) == OutboxStatus.PENDING,
                                 col(OutboxMessage.next_attempt_at) < utcnow() + timedelta(seconds=within))).one()
        if due == 0:
            return
        time.sleep(0.2)
    raise AssertionError(f"the outbox still had {due} message(s) to send after {timeout}s")
