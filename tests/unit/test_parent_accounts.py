"""Parent account services: registration, links, sign-in, sessions, codes, rate limits."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import Session, select

from ehcna_portal.models import AccountToken, AuditEvent, OutboxMessage, ParentAccount, UserSession
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.services import rate_limits, sessions, two_step
from ehcna_portal.services.parent_accounts import CodeKind, LinkResult, SignInKind
from ehcna_portal.services.secrets_util import token_hash

PASSWORD = "violet kettle harbour 42"
FORM = {
    "email": "Lesley@Example.com", "confirm_email": "lesley@example.com", "password": PASSWORD,
    "title": "Ms", "forename": "Lesley", "surname": "Harris", "gender": "female", "postcode": "cv1 5rr",
    "address_line_1": "1 Example Street", "town": "Coventry", "mobile_phone": "07700 900 982",
}


def registered(engine, settings, **changes) -> ParentAccount:
    form = accounts.validate_registration({**FORM, **changes})
    assert form.errors == {}
    accounts.register(engine, settings, form.values)
    with Session(engine) as db:
        return db.exec(select(ParentAccount).where(ParentAccount.email == form.values["email"])).one()


def mails(engine, template: str) -> list[OutboxMessage]:
    with Session(engine) as db:
        return list(db.exec(select(OutboxMessage).where(OutboxMessage.template == template)).all())


def confirm(engine, parent: ParentAccount) -> None:
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent.id)
        parent.email_verified_at = utcnow()
        db.add(parent)
        db.commit()


@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"email": ""}, "email", "error.email.empty"),
    ({"email": "lesley.example.com"}, "email", "error.email.format"),
    ({"confirm_email": "other@example.com"}, "confirm_email", "error.confirm_email.different"),
    ({"password": "short"}, "password", "error.password.too_short"),
    ({"password": "x" * 65}, "password", "error.password.too_long"),
    ({"password": "Password123456!"}, "password", "error.password.common"),
    ({"password": "qwertyuiop12"}, "password", "error.password.common"),
    ({"title": "Lord"}, "title", "error.title.empty"),
    ({"forename": " "}, "forename", "error.forename.empty"),
    ({"gender": ""}, "gender", "error.gender.empty"),
    ({"postcode": "XYZ"}, "postcode", "error.postcode.format"),
    ({"address_line_1": ""}, "address_line_1", "error.address_line_1.empty"),
    ({"town": ""}, "town", "error.town.empty"),
    ({"mobile_phone": ""}, "home_phone", "error.phone.none"),
    ({"mobile_phone": "call me"}, "mobile_phone", "error.phone.format"),
])
def test_registration_validation_names_the_field_and_the_problem(changes, field, key):
    assert accounts.validate_registration({**FORM, **changes}).errors[field] == key


def test_registration_normalises_what_people_type():
    values = accounts.validate_registration({**FORM, "mobile_phone": "+44 7700 900982"}).values
    assert values["email"] == "lesley@example.com"
    assert values["postcode"] == "CV1 5RR"
    assert values["mobile_phone"] == "07700900982"


def test_register_sends_a_24_hour_single_use_link_stored_only_as_a_hash(engine, settings):
    parent = registered(engine, settings)
    assert parent.email_verified_at is None and parent.password_hash.startswith("$2b$")
    [mail] = mails(engine, "verify_email")
    link = mail.text_body.split("/Account/CompleteRegistration/")[1].split()[0]
    assert len(link) >= 43  # 256 bits, URL-safe
    with Session(engine) as db:
        token = db.exec(select(AccountToken).where(AccountToken.purpose == "verify_email")).one()
        assert token.token_hash == token_hash(link) and link not in str(token.data)
        assert timedelta(hours=23) < token.expires_at - token.created_at <= timedelta(hours=24)
    assert accounts.complete_registration(engine, link) == LinkResult.CONFIRMED
    assert accounts.complete_registration(engine, link) == LinkResult.USED
    assert accounts.complete_registration(engine, "made-up") == LinkResult.INVALID


def test_an_expired_link_can_be_replaced(engine, settings):
    registered(engine, settings)
    [mail] = mails(engine, "verify_email")
    link = mail.text_body.split("/Account/CompleteRegistration/")[1].split()[0]
    later = utcnow() + timedelta(hours=25)
    assert accounts.complete_registration(engine, link, now=later) == LinkResult.EXPIRED
    accounts.resend_verification(engine, settings, token=link)
    assert len(mails(engine, "verify_email")) == 2


def test_registering_a_taken_address_tells_its_owner_and_creates_nothing(engine, settings):
    registered(engine, settings)
    form = accounts.validate_registration({**FORM, "forename": "Mallory"})
    accounts.register(engine, settings, form.values)
    with Session(engine) as db:
        assert len(db.exec(select(ParentAccount)).all()) == 1
    [warning] = mails(engine, "register_existing")
    assert warning.to_address == "lesley@example.com"
    assert len(mails(engine, "verify_email")) == 1


def test_sign_in_gives_one_answer_for_unknown_address_and_wrong_password(engine, settings):
    parent = registered(engine, settings)
    assert accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD).kind == SignInKind.UNVERIFIED
    confirm(engine, parent)
    wrong = accounts.sign_in(engine, settings, "lesley@example.com", "not the password at all")
    unknown = accounts.sign_in(engine, settings, "nobody@example.com", PASSWORD)
    assert wrong.kind == unknown.kind == SignInKind.WRONG
    ok = accounts.sign_in(engine, settings, " LESLEY@example.com ", PASSWORD)
    assert ok.kind == SignInKind.SIGNED_IN and ok.handoff


def test_handoff_mints_a_session_once_and_sessions_expire(engine, settings):
    parent = registered(engine, settings)
    confirm(engine, parent)
    result = accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD, next_path="//evil.example/x")
    with Session(engine) as db:
        token, next_path = sessions.redeem_handoff(db, result.handoff)
        db.commit()
        assert next_path == "/"  # never an open redirect
        assert sessions.redeem_handoff(db, result.handoff) is None  # single use
        row = db.exec(select(UserSession)).one()
        assert row.token_hash == token_hash(token)
        now = utcnow()
        assert sessions.lookup(db, token, now, touch=False).signed_in
        assert sessions.lookup(db, token, now + timedelta(minutes=21), touch=False) is None  # idle
        assert sessions.lookup(db, token, now + timedelta(hours=13), touch=False) is None  # absolute
        sessions.revoke_all(db, parent.id)
        db.commit()
        assert sessions.lookup(db, token, touch=False) is None


def test_a_late_handoff_is_refused(engine, settings):
    parent = registered(engine, settings)
    confirm(engine, parent)
    result = accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD)
    with Session(engine) as db:
        assert sessions.redeem_handoff(db, result.handoff, utcnow() + timedelta(seconds=61)) is None


def _awaiting_session(engine, settings, method: str) -> tuple[ParentAccount, int]:
    parent = registered(engine, settings)
    confirm(engine, parent)
    if method == "email":
        accounts.choose_email_two_step(engine, parent.id)
    result = accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD)
    assert result.kind == SignInKind.NEEDS_CODE
    with Session(engine) as db:
        session_id = db.exec(select(UserSession).where(UserSession.stage == sessions.AWAITING_CODE)).one().id
    return parent, session_id


def _code(engine) -> str:
    body = mails(engine, "sign_in_code")[-1].text_body
    return body.split("Your verification code is ")[1][:6]


def test_emailed_code_is_single_use_and_replaces_the_session(engine, settings):
    _parent, session_id = _awaiting_session(engine, settings, "email")
    code = _code(engine)
    outcome = accounts.complete_second_factor(engine, settings, session_id, code)
    assert outcome.kind == CodeKind.OK and outcome.handoff
    with Session(engine) as db:
        old = db.get(UserSession, session_id)
        new = db.exec(select(UserSession).where(UserSession.two_step_verified.is_(True))).one()
        assert old.revoked_at is not None and new.id != session_id and new.stage == sessions.SIGNED_IN
    assert accounts.complete_second_factor(engine, settings, session_id, code).kind == CodeKind.NO_SESSION


def test_emailed_code_expires_and_five_wrong_tries_use_it_up(engine, settings):
    _parent, session_id = _awaiting_session(engine, settings, "email")
    code = _code(engine)
    late = utcnow() + timedelta(minutes=11)
    assert accounts.complete_second_factor(engine, settings, session_id, code, now=late).kind == CodeKind.EXPIRED
    assert accounts.resend_sign_in_code(engine, settings, session_id)
    fresh = _code(engine)
    wrong = "000000" if fresh != "000000" else "111111"
    kinds = [accounts.complete_second_factor(engine, settings, session_id, wrong).kind for _ in range(5)]
    assert kinds == [CodeKind.WRONG] * 4 + [CodeKind.USED_UP]
    assert accounts.complete_second_factor(engine, settings, session_id, fresh).kind == CodeKind.USED_UP


def test_authenticator_codes_allow_one_step_of_drift_and_are_never_replayed(engine, settings):
    parent = registered(engine, settings)
    confirm(engine, parent)
    secret, qr = accounts.begin_app_setup(engine, settings, parent.id)
    assert qr.startswith("data:image/svg+xml;base64,")
    totp = pyotp.TOTP(secret)
    assert accounts.confirm_app_setup(engine, settings, parent.id, "000000" if totp.now() != "000000"
                                      else "111111") is None
    used = totp.now()  # replayed below: the same code, not whatever the clock shows by then
    recovery = accounts.confirm_app_setup(engine, settings, parent.id, used)
    assert recovery is not None and len(recovery) == 10
    with Session(engine) as db:
        stored = db.get(ParentAccount, parent.id)
        assert secret not in stored.totp_secret_encrypted  # encrypted at rest
        assert two_step.decrypt_secret(settings, stored.totp_secret_encrypted) == secret

    result = accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD)
    with Session(engine) as db:
        session_id = db.exec(select(UserSession).where(UserSession.stage == sessions.AWAITING_CODE)).one().id
    replay = accounts.complete_second_factor(engine, settings, session_id, used)
    assert result.kind == SignInKind.NEEDS_CODE and replay.kind == CodeKind.WRONG
    import time as clock

    drifted = totp.at(clock.time() + 30)
    assert accounts.complete_second_factor(engine, settings, session_id, drifted).kind == CodeKind.OK


def test_a_recovery_code_works_once(engine, settings):
    parent = registered(engine, settings)
    confirm(engine, parent)
    secret, _qr = accounts.begin_app_setup(engine, settings, parent.id)
    [first, *_] = accounts.confirm_app_setup(engine, settings, parent.id, pyotp.TOTP(secret).now())
    for expected in (CodeKind.OK, CodeKind.WRONG):
        accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD)
        with Session(engine) as db:
            session_id = db.exec(select(UserSession).where(
                (UserSession.stage == sessions.AWAITING_CODE) & UserSession.revoked_at.is_(None))).one().id
        assert accounts.complete_second_factor(engine, settings, session_id, first.upper()).kind == expected
        if expected == CodeKind.WRONG:
            break


def test_repeated_failures_slow_down_then_lock_and_tell_the_owner(engine, settings):
    parent = registered(engine, settings)
    confirm(engine, parent)
    delays = []
    for _ in range(rate_limits.LOCK_AT):
        with Session(engine) as db:
            attempt = rate_limits.begin(db, accounts.SIGN_IN, rate_limits.account_key("lesley@example.com"),
                                        "10.0.0.1")
        delays.append(attempt.delay_seconds)
        result = accounts.sign_in(engine, settings, "lesley@example.com", "wrong password here", ip="10.0.0.1",
                                  attempt=attempt)
    assert result.kind == SignInKind.LOCKED
    assert delays[:3] == [0, 0, 0] and delays[3] > 0 and delays[-1] >= delays[4]
    assert accounts.sign_in(engine, settings, "lesley@example.com", PASSWORD).kind == SignInKind.LOCKED
    [warning] = mails(engine, "account_locked")
    assert warning.to_address == "lesley@example.com"
    # an unknown address locks the same way, so the lock says nothing about which accounts exist
    for _ in range(rate_limits.LOCK_AT):
        unknown = accounts.sign_in(engine, settings, "nobody@example.com", "wrong password here")
    assert unknown.kind == SignInKind.LOCKED
    with Session(engine) as db:
        actions = {e.action for e in db.exec(select(AuditEvent)).all()}
    assert {"parent.registered", "parent.sign_in_failed"} <= actions


def test_asking_for_the_password_again_goes_through_the_sign_in_limits(engine, settings):
    """The probe made 15 + 5 wrong guesses on Change password and Change email with no delay or lock."""
    from ehcna_portal.services import personal_data

    parent = registered(engine, settings)
    confirm(engine, parent)
    attempts = []
    for _ in range(rate_limits.LOCK_AT):
        with Session(engine) as db:
            attempt = rate_limits.begin(db, accounts.SIGN_IN, rate_limits.account_key(parent.email))
        attempts.append(attempt)
        assert accounts.change_password(engine, settings, parent.id, "wrong current password", "new one 42 xyz",
                                        attempt=attempt) is False
    assert [a.delay_seconds for a in attempts][:3] == [0, 0, 0] and attempts[-1].delay_seconds > 0  # slowed
    for again in (lambda: accounts.change_password(engine, settings, parent.id, PASSWORD, "new one 42 xyz"),
                  lambda: accounts.request_email_change(engine, settings, parent.id, "new@example.com", PASSWORD),
                  lambda: personal_data.delete_account(engine, settings, parent.id, PASSWORD)):
        with pytest.raises(rate_limits.TooManyAttempts):  # locked, even with the right password
            again()
    assert accounts.sign_in(engine, settings, parent.email, PASSWORD).kind == SignInKind.LOCKED  # one limit
    with Session(engine) as db:
        assert db.get(ParentAccount, parent.id).password_hash == parent.password_hash
