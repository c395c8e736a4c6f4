"""Emails the portal sends because someone asked are limited per recipient and per IP, and the requester is
told the same either way (security.md §0 item 14); a reset request does the same work whether or not the
account exists (item 5), judged by what each path does, not by timing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from ehcna_portal.models import AuditEvent, AuthAttempt, OutboxMessage, ParentAccount, UserSession
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.services import rate_limits, sessions
from ehcna_portal.settings import ConfigError, Settings, load_settings
from tests.support.factories import PASSWORD, make_parent

PER_15_MINUTES = Settings.email_limit_per_address  # the defaults, which these tests' settings keep
IP_PER_15_MINUTES = Settings.email_limit_per_ip


def emails(engine, template: str, to: str | None = None) -> list[OutboxMessage]:
    with Session(engine) as db:
        query = select(OutboxMessage).where(OutboxMessage.template == template)
        if to is not None:
            query = query.where(OutboxMessage.to_address == to)
        return list(db.exec(query).all())


def registration(email: str) -> dict[str, str]:
    form = accounts.validate_registration({
        "email": email, "confirm_email": email, "password": PASSWORD, "title": "Ms", "forename": "Lesley",
        "surname": "Harris", "gender": "female", "postcode": "CV1 5RR", "address_line_1": "1 Example Street",
        "town": "Coventry", "mobile_phone": "07700 900 982"})
    assert form.errors == {}
    return form.values


def test_registering_twelve_times_with_one_address_sends_five_emails(engine, settings):
    """The probe registered 12 times from one address and got 12 emails."""
    email = make_parent(engine, settings)  # its confirmation link is the address's first email
    for _ in range(12):
        assert accounts.register(engine, settings, registration(email), ip="198.51.100.7") is None
    assert len(emails(engine, "register_existing", email)) == PER_15_MINUTES - 1
    with Session(engine) as db:  # every try is on the record, with whether it was emailed
        tries = db.exec(select(AuditEvent).where(AuditEvent.action == "parent.register_existing")).all()
    assert [t.detail["emailed"] for t in tries] == [True] * (PER_15_MINUTES - 1) + [False] * (13 - PER_15_MINUTES)


def test_one_ip_can_have_twenty_emails_sent_in_fifteen_minutes(engine, settings):
    for index in range(IP_PER_15_MINUTES + 5):
        accounts.register(engine, settings, registration(f"new-{index}@example.com"), ip="198.51.100.8")
    assert len(emails(engine, "verify_email")) == IP_PER_15_MINUTES
    with Session(engine) as db:  # the accounts exist: "send the link again" works once the limit allows
        assert len(db.exec(select(ParentAccount)).all()) == IP_PER_15_MINUTES + 5


def test_reset_requests_are_limited_whether_or_not_the_account_exists(engine, settings):
    known = make_parent(engine, settings)
    for _ in range(PER_15_MINUTES + 3):
        accounts.request_password_reset(engine, settings, known, ip="198.51.100.9")
        accounts.request_password_reset(engine, settings, "nobody@example.com", ip="198.51.100.10")
    assert len(emails(engine, "reset_password", known)) == PER_15_MINUTES - 1  # after its confirmation link
    assert len(emails(engine, "reset_no_account", "nobody@example.com")) == PER_15_MINUTES


def test_the_no_account_notice_is_in_the_page_language_and_links_to_register(engine, settings):
    accounts.request_password_reset(engine, settings, "nobody@example.com", lang="cy")
    [notice] = emails(engine, "reset_no_account")
    assert notice.language == "cy" and f"{settings.public_url}/cy/register" in notice.text_body


def test_sign_in_codes_and_their_resends_are_limited(engine, settings):
    email = make_parent(engine, settings, two_step="email")
    first = accounts.sign_in(engine, settings, email, PASSWORD)
    with Session(engine) as db:
        session_id = db.exec(select(UserSession.id).order_by(col(UserSession.id).desc())).first()
    tries = PER_15_MINUTES + 3
    sent = [accounts.resend_sign_in_code(engine, settings, session_id) for _ in range(tries)]
    assert first.kind == accounts.SignInKind.NEEDS_CODE
    # the limit's emails in all to the address: its confirmation link, the first code and the rest in codes
    assert sent == [True] * (PER_15_MINUTES - 2) + [False] * (tries - PER_15_MINUTES + 2)
    assert len(emails(engine, "sign_in_code", email)) == PER_15_MINUTES - 1


def test_the_limits_are_per_window_and_refused_sends_do_not_count(engine, settings):
    start = utcnow()
    with Session(engine) as db:
        allowed = [rate_limits.may_send(db, settings, "a@example.com", now=start + timedelta(seconds=i))
                   for i in range(PER_15_MINUTES + 3)]
        assert allowed == [True] * PER_15_MINUTES + [False] * 3
        # 16 minutes after the first, the window has moved on (refused sends did not keep it closed)
        assert rate_limits.may_send(db, settings, "a@example.com", now=start + timedelta(minutes=16))
        # and a day holds at most four times as many, however they are spread
        day = [rate_limits.may_send(db, settings, "b@example.com", now=start + timedelta(minutes=3 * i))
               for i in range(24 * 20)]
        assert sum(day) == 4 * PER_15_MINUTES


def test_the_limits_are_settings(tmp_path):
    settings = load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_EMAIL_LIMIT_PER_ADDRESS": "3",
                              "EHCNA_EMAIL_LIMIT_PER_IP": "1000"})
    assert rate_limits.send_windows(settings) == ([(timedelta(minutes=15), 3), (timedelta(days=1), 12)],
                                                  [(timedelta(minutes=15), 1000), (timedelta(days=1), 5000)])
    with pytest.raises(ConfigError):
        load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_EMAIL_LIMIT_PER_ADDRESS": "0"})


def _statements(engine, work) -> list[str]:
    """What ``work`` asked of the database: each statement's verb and table, in order."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many):
        found = re.match(r"\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM)\s.*?(\w+)(?:\s|$)", statement, re.S)
        if found and found.group(1) != "SELECT":
            seen.append(f"{found.group(1).split()[0]} {found.group(2)}")
        elif found:
            seen.append("SELECT " + re.search(r"\bFROM\s+(\w+)", statement).group(1))

    event.listen(engine, "before_cursor_execute", note)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_reset_request_does_the_same_work_for_an_unknown_address_but_the_tokens_row(engine, settings, lang):
    known = make_parent(engine, settings)
    known_path = _statements(engine, lambda: accounts.request_password_reset(engine, settings, known, lang=lang))
    unknown_path = _statements(engine, lambda: accounts.request_password_reset(
        engine, settings, "nobody-at-all@example.com", lang=lang))
    assert [s for s in known_path if s != "INSERT account_token"] == unknown_path
    assert known_path.count("INSERT account_token") == 1
    # each path renders and queues exactly one email and writes one audit event
    assert unknown_path.count("INSERT outbox_message") == known_path.count("INSERT outbox_message") == 1
    assert unknown_path.count("INSERT audit_event") == known_path.count("INSERT audit_event") == 1


def test_a_pending_sign_in_that_is_not_waiting_for_a_code_sends_nothing(engine, settings):
    email = make_parent(engine, settings, two_step="email")
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
        row = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=True)
        db.commit()
        session_id = row.id
    assert accounts.resend_sign_in_code(engine, settings, session_id) is False
    assert emails(engine, "sign_in_code") == []


def test_records_older_than_a_day_are_forgotten(engine, settings):
    start = utcnow()
    with Session(engine) as db:
        rate_limits.may_send(db, settings, "old@example.com", now=start - timedelta(days=1, minutes=1))
        rate_limits.may_send(db, settings, "new@example.com", now=start - timedelta(hours=23))
    assert rate_limits.forget_old(engine, start) == 1
    with Session(engine) as db:
        left = {row.subject for row in db.exec(select(AuthAttempt)).all()}
    assert left == {rate_limits.account_key("new@example.com")}
