"""Email through the outbox to a real SMTP server (aiosmtpd on loopback).

The headline guarantee: a message queued while the SMTP server is down is
delivered once it comes back, exactly once.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import AuditEvent, OutboxMessage, OutboxStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import outbox
from ehcna_portal.services.mail_transport import SmtpTransport
from ehcna_portal.settings import load_settings
from tests.support.databases import migrated_engine, migrated_postgres
from tests.support.net import free_port
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.integration


@pytest.fixture
def smtp(tmp_path):
    server = SmtpServer(free_port())
    settings = load_settings({
        "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk",
        "EHCNA_SMTP_HOST": "127.0.0.1", "EHCNA_SMTP_PORT": str(server.port),
        "EHCNA_SMTP_STARTTLS": "false", "EHCNA_MAIL_FROM": "Coventry Portal <noreply@example.gov.uk>",
    })
    yield server, settings
    server.stop()


def _queue(engine, settings, key: str, to: str = "casey@example.com") -> None:
    with Session(engine) as session:
        outbox.enqueue(session, settings, template="staff_created", to=to, idempotency_key=key,
                       name="Casey", role_account="a caseworker account", sign_in_url=outbox.SitePath("/staff/sign-in"))
        session.commit()


def _statuses(engine) -> list[tuple[str, int]]:
    with Session(engine) as session:
        return [(m.status, m.attempts) for m in session.exec(select(OutboxMessage)).all()]


def test_queued_while_smtp_is_down_then_delivered_exactly_once(engine, smtp):
    server, settings = smtp
    transport = SmtpTransport(settings)
    _queue(engine, settings, "welcome:1")

    now = utcnow()
    down = outbox.deliver_due(engine, transport, now=now)  # nothing listens on the port yet
    assert down.retrying and not down.sent
    with Session(engine) as session:
        message = session.exec(select(OutboxMessage)).one()
        assert message.status == OutboxStatus.PENDING and message.attempts == 1
        assert "Connection" in (message.last_error or "") or "refused" in (message.last_error or "")
        retry_at = message.next_attempt_at

    server.start()
    assert outbox.deliver_due(engine, transport, now=retry_at - timedelta(seconds=1)).sent == []
    back = outbox.deliver_due(engine, transport, now=retry_at)
    assert len(back.sent) == 1
    for _ in range(3):  # later runs, from any sender, find nothing more to send
        assert outbox.deliver_due(engine, transport, now=retry_at + timedelta(hours=1)).sent == []

    assert len(server.inbox.messages) == 1
    received = server.inbox.messages[0]
    assert received["To"] == "casey@example.com"
    assert received["Subject"] == "Your staff account for Coventry Education Services Portal"
    assert received["Message-ID"].startswith("<ehcna-")
    assert received["Message-ID"].endswith("@example.gov.uk>")
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in received.walk()
             if not part.is_multipart()}
    assert "Hello Casey," in parts["text/plain"]
    assert 'href="https://portal.example.gov.uk/staff/sign-in"' in parts["text/html"]
    assert _statuses(engine) == [("sent", 2)]
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).one().smtp_response.startswith("250")


def test_rejected_recipient_is_dead_lettered_and_others_still_go(engine, smtp):
    server, settings = smtp
    server.inbox.reject.add("nobody@example.com")
    server.start()
    transport = SmtpTransport(settings)
    _queue(engine, settings, "a", to="nobody@example.com")
    _queue(engine, settings, "b", to="casey@example.com")
    now = utcnow()
    for _ in range(outbox.MAX_REJECTED_ATTEMPTS):
        outbox.deliver_due(engine, transport, now=now)
        now += timedelta(hours=1)
    with Session(engine) as session:
        by_to = {m.to_address: m for m in session.exec(select(OutboxMessage)).all()}
    assert by_to["nobody@example.com"].status == OutboxStatus.DEAD
    assert by_to["nobody@example.com"].smtp_response.startswith("550")
    assert by_to["casey@example.com"].status == OutboxStatus.SENT
    assert [m["To"] for m in server.inbox.messages] == ["casey@example.com"]


def test_concurrent_senders_on_postgresql_send_each_message_once(smtp):
    server, settings = smtp
    server.start()
    with migrated_postgres() as url:
        engine = migrated_engine(url)
        try:
            for number in range(30):
                _queue(engine, settings, f"bulk:{number}", to=f"parent{number}@example.com")
            transport = SmtpTransport(settings)
            barrier = threading.Barrier(4)

            def sender():
                barrier.wait()
                outbox.deliver_due(engine, transport, limit=30)
                outbox.deliver_due(engine, transport, limit=30)

            threads = [threading.Thread(target=sender) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            recipients = sorted(m["To"] for m in server.inbox.messages)
            assert recipients == sorted(f"parent{n}@example.com" for n in range(30))
            assert {status for status, _ in _statuses(engine)} == {"sent"}
        finally:
            engine.dispose()


def test_a_dead_letter_is_logged_without_the_address_shown_to_admins_masked_and_sent_when_retried(
        engine, smtp, caplog):
    """T4 (4): refused again and again → dead-lettered with a WARNING (no address, no content); admins see it
    with the address masked and, once the address works, "Try again" delivers it exactly once."""
    server, settings = smtp
    server.inbox.reject.add("jane.doe@example.com")
    server.start()
    transport = SmtpTransport(settings)
    _queue(engine, settings, "refused", to="jane.doe@example.com")
    now = utcnow()
    with caplog.at_level("INFO", logger="ehcna_portal.services.outbox"):
        for _ in range(outbox.MAX_REJECTED_ATTEMPTS):
            report = outbox.deliver_due(engine, transport, now=now)
            now += timedelta(hours=1)
    assert len(report.dead) == 1
    [alert] = [r for r in caplog.records if "dead-lettered" in r.getMessage()]
    assert alert.levelname == "WARNING"
    assert "staff_created" in alert.getMessage() and "550" in alert.getMessage()
    for record in caplog.records:  # no address and nothing of the email in any line about it
        assert "jane" not in record.getMessage() and "example.com" not in record.getMessage()
        assert "Casey" not in record.getMessage()

    [letter] = outbox.dead_letters(engine)
    assert (letter.template, letter.recipient, letter.attempts) == ("staff_created", "j***@example.com", 5)
    assert letter.can_retry and "550" in letter.last_error and "jane" not in letter.last_error

    server.inbox.reject.clear()  # the address was put right at the other end
    assert outbox.retry_dead_letter(engine, letter.id, actor="staff:7") is True
    assert outbox.dead_letters(engine) == []
    assert outbox.retry_dead_letter(engine, letter.id, actor="staff:7") is False  # not dead any more
    assert len(outbox.deliver_due(engine, transport).sent) == 1
    assert outbox.deliver_due(engine, transport, now=utcnow() + timedelta(hours=1)).sent == []
    assert [m["To"] for m in server.inbox.messages] == ["jane.doe@example.com"]
    assert _statuses(engine) == [("sent", 6)]
    with Session(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "outbox.retried")).all()
    assert (event.actor, event.object_id) == ("staff:7", str(letter.id))
