"""The outbox on its own: enqueue with the change, lease, backoff, dead-lettering.

The transport here is a scripted stand-in so each outcome can be forced; the
real SMTP path is proven against aiosmtpd in tests/integration/test_email_delivery.py.
"""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from ehcna_portal.i18n import t
from ehcna_portal.models import OutboxMessage, OutboxStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import outbox
from ehcna_portal.services.mail_transport import PermanentDeliveryError, TransientDeliveryError
from ehcna_portal.settings import ConfigError, load_settings


class ScriptedTransport:
    name = "scripted"

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.sent: list[str] = []

    def send(self, message):
        outcome = self.outcomes.pop(0) if self.outcomes else "250 OK"
        if isinstance(outcome, Exception):
            raise outcome
        self.sent.append(message.idempotency_key)
        return outcome


def queue(engine, settings, key="k1", to="parent@example.com"):
    with Session(engine) as session:
        outbox.enqueue(session, settings, template="staff_created", to=to, idempotency_key=key,
                       name="Sam", role_account="a caseworker account", sign_in_url=outbox.SitePath("/staff/sign-in"))
        session.commit()


def rows(engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage)).all())


def test_enqueue_renders_both_parts_and_is_idempotent(engine, settings):
    queue(engine, settings)
    queue(engine, settings)  # same key: still one message
    [message] = rows(engine)
    assert message.subject == "Your staff account for Coventry Education Services Portal"
    assert "Hello Sam," in message.text_body and "please do not reply" in message.text_body
    assert "<html" in message.html_body and message.status == OutboxStatus.PENDING


def test_nothing_is_queued_when_the_business_change_rolls_back(engine, settings):
    with pytest.raises(RuntimeError), Session(engine) as session:
        outbox.enqueue(session, settings, template="staff_created", to="a@example.com",
                       idempotency_key="k", name="A", role_account="r", sign_in_url="u")
        raise RuntimeError("the change failed")
    assert rows(engine) == []


@pytest.fixture
def wakes(monkeypatch) -> list[str]:
    """The sender's wake-ups: the outbox calls its registered senders after a commit that queued mail."""
    woken: list[str] = []
    monkeypatch.setattr(outbox, "_senders", [lambda: woken.append("woken")])
    return woken


def test_the_sender_is_woken_once_after_a_commit_that_queued_mail_and_never_on_rollback(engine, settings, wakes):
    with Session(engine) as session:
        for key in ("a", "b"):
            outbox.enqueue(session, settings, template="staff_created", to="a@example.com", idempotency_key=key,
                           name="A", role_account="r", sign_in_url="u")
        assert wakes == []  # not before the commit: the sender would find nothing yet
        session.commit()
    assert wakes == ["woken"]
    with Session(engine) as session:
        outbox.enqueue(session, settings, template="staff_created", to="a@example.com", idempotency_key="c",
                       name="A", role_account="r", sign_in_url="u")
        session.rollback()
        session.commit()
    assert wakes == ["woken"]


def test_trying_a_dead_letter_again_wakes_the_sender(engine, settings, wakes):
    queue(engine, settings)
    [message] = rows(engine)
    with Session(engine) as session:
        session.get(OutboxMessage, message.id).status = OutboxStatus.DEAD
        session.commit()
    wakes.clear()
    assert outbox.retry_dead_letter(engine, message.id, actor="staff:1")
    assert wakes == ["woken"]


def test_delivery_records_the_smtp_answer(engine, settings):
    queue(engine, settings)
    report = outbox.deliver_due(engine, ScriptedTransport("250 2.0.0 queued as ABC"))
    [message] = rows(engine)
    assert report.sent == [message.id]
    assert message.status == OutboxStatus.SENT and message.attempts == 1
    assert message.smtp_response == "250 2.0.0 queued as ABC" and message.sent_at is not None
    assert outbox.deliver_due(engine, ScriptedTransport()).sent == []  # never twice


def test_unreachable_server_backs_off_and_never_gives_up(engine, settings):
    queue(engine, settings)
    now = utcnow()
    for attempt in range(1, 9):
        report = outbox.deliver_due(engine, ScriptedTransport(TransientDeliveryError("refused")), now=now)
        [message] = rows(engine)
        assert report.retrying == [message.id]
        assert message.status == OutboxStatus.PENDING and message.attempts == attempt
        assert message.last_error == "TransientDeliveryError: refused"
        assert message.next_attempt_at > now
        now = message.next_attempt_at
    assert outbox.deliver_due(engine, ScriptedTransport(), now=now).sent == [message.id]


def test_not_due_until_the_backoff_has_passed(engine, settings):
    queue(engine, settings)
    now = utcnow()
    outbox.deliver_due(engine, ScriptedTransport(TransientDeliveryError("down")), now=now)
    assert outbox.deliver_due(engine, ScriptedTransport(), now=now + timedelta(seconds=29)).sent == []
    assert outbox.deliver_due(engine, ScriptedTransport(), now=now + timedelta(seconds=34)).sent != []


def test_repeated_rejections_are_dead_lettered(engine, settings):
    queue(engine, settings)
    now = utcnow()
    for _ in range(outbox.MAX_REJECTED_ATTEMPTS):
        report = outbox.deliver_due(engine, ScriptedTransport(PermanentDeliveryError("550 no such user")),
                                    now=now)
        now += timedelta(hours=1)
    [message] = rows(engine)
    assert report.dead == [message.id]
    assert message.status == OutboxStatus.DEAD and message.rejections == outbox.MAX_REJECTED_ATTEMPTS


def test_a_leased_message_is_not_claimed_by_another_sender(engine, settings):
    queue(engine, settings)
    now = utcnow()
    first = outbox.claim_due(engine, now)
    assert len(first) == 1
    assert outbox.claim_due(engine, now) == []
    # the first sender died: once the lease runs out someone else may send it
    assert outbox.claim_due(engine, now + outbox.LEASE + timedelta(seconds=1)) == first


@pytest.mark.parametrize("attempts", [1, 2, 5, 20])
def test_retry_delay_doubles_from_30s_and_is_capped(attempts):
    delay = outbox.retry_delay(attempts, jitter=lambda: 0.0)
    assert delay == min(timedelta(seconds=30) * 2 ** (attempts - 1), timedelta(minutes=15))
    assert outbox.retry_delay(attempts, jitter=lambda: 1.0) == delay * 1.1


@pytest.mark.parametrize(("lang", "day", "path"), [("en", "1 March 2027", "/ehc"), ("cy", "1 Mawrth 2027", "/cy/ehc")])
def test_dates_and_links_in_an_email_follow_its_language(settings, lang, day, path):
    subject, text, html = outbox.compose("draft_expiring", lang, settings, deletes_on=date(2027, 3, 1),
                                         link=outbox.SitePath("/ehc"))
    assert subject == t("email.draft_expiring.subject", lang)
    assert day in text and f"{settings.public_url}{path}" in text
    assert f'<html lang="{lang}">' in html and t("email.footer.no_reply", lang).split("\n")[0] in text


def dead(engine, settings, key="k1", to="parent@example.com"):
    queue(engine, settings, key, to)
    now = utcnow()
    for _ in range(outbox.MAX_REJECTED_ATTEMPTS):
        outbox.deliver_due(engine, ScriptedTransport(PermanentDeliveryError(f"550 5.1.1 <{to}>: no such user")),
                           now=now)
        now += timedelta(hours=1)
    return next(message for message in rows(engine) if message.idempotency_key == key)


@pytest.mark.parametrize(("address", "masked"), [("jane.doe@example.com", "j***@example.com"),
                                                 ("J@Example.COM", "J***@Example.COM"), ("", ""),
                                                 ("no-at-sign", "***")])
def test_addresses_are_masked(address, masked):
    assert outbox.mask_address(address) == masked


def test_dead_letters_are_listed_newest_first_masked_and_only_dead_ones(engine, settings):
    older = dead(engine, settings, "a", "alice@example.com")
    newer = dead(engine, settings, "b", "bob@example.org")
    queue(engine, settings, "c", "carol@example.com")  # pending: not listed
    letters = outbox.dead_letters(engine)
    assert [letter.id for letter in letters] == [newer.id, older.id]
    assert [letter.recipient for letter in letters] == ["b***@example.org", "a***@example.com"]
    assert letters[0].last_error == "PermanentDeliveryError: 550 5.1.1 <b***@example.org>: no such user"
    assert all(letter.attempts == outbox.MAX_REJECTED_ATTEMPTS and letter.can_retry for letter in letters)


def test_try_again_puts_a_dead_letter_back_due_now_with_a_fresh_allowance(engine, settings):
    message = dead(engine, settings)
    now = utcnow() + timedelta(days=1)
    assert outbox.retry_dead_letter(engine, message.id, actor="staff:1", now=now) is True
    [back] = rows(engine)
    assert back.status == OutboxStatus.PENDING and back.rejections == 0 and back.next_attempt_at == now
    assert back.attempts == outbox.MAX_REJECTED_ATTEMPTS  # the history is kept
    # One more refusal does not dead-letter it at once: it has its full allowance again.
    outbox.deliver_due(engine, ScriptedTransport(PermanentDeliveryError("550 still no")), now=now)
    assert rows(engine)[0].status == OutboxStatus.PENDING
    assert outbox.retry_dead_letter(engine, message.id, actor="staff:1") is False  # only dead ones
    assert outbox.retry_dead_letter(engine, 999, actor="staff:1") is False


def test_a_dead_letter_whose_address_was_forgotten_cannot_be_tried_again(engine, settings):
    message = dead(engine, settings)
    with Session(engine) as session:
        row = session.get(OutboxMessage, message.id)
        row.to_address = row.text_body = row.html_body = ""  # as FORGET_AFTER_SENDING leaves it
        session.add(row)
        session.commit()
    [letter] = outbox.dead_letters(engine)
    assert letter.recipient == "" and not letter.can_retry
    assert outbox.retry_dead_letter(engine, message.id, actor="staff:1") is False
    assert rows(engine)[0].status == OutboxStatus.DEAD


@pytest.mark.parametrize(("lang", "closing"), [("en", "Kind regards,\nPortal Administrator"),
                                               ("cy", "Cofion caredig,\nGweinyddwr y Porth")])
def test_every_email_is_signed_off_before_the_do_not_reply_notice(settings, lang, closing):
    """Seed 1.1.3: "Kind regards, Portal Administrator", then "Important – please do not reply…"."""
    _subject, text, html = outbox.compose("staff_created", lang, settings, name="Sam",
                                          role_account="a caseworker account",
                                          sign_in_url=outbox.SitePath("/staff/sign-in"))
    assert text.index(closing) < text.index(t("email.footer.no_reply", lang))
    assert closing.replace("\n", "<br>") in html


def test_the_signature_is_a_setting_and_is_only_ever_text(tmp_path):
    signed = load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(tmp_path),
                            "EHCNA_EMAIL_SIGNATURE": "# SEND Team <b>"})
    _subject, text, html = outbox.compose("staff_created", "cy", signed, name="Sam", role_account="x",
                                          sign_in_url=outbox.SitePath("/staff/sign-in"))
    assert "Cofion caredig,\n# SEND Team <b>" in text
    assert "Cofion caredig,<br># SEND Team &lt;b&gt;" in html and "<h1" not in html.split("Cofion")[1]
    with pytest.raises(ConfigError):
        load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_EMAIL_SIGNATURE": "a\nb"})
