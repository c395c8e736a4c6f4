"""Limits that hold under parallel tries (security.md §0 item 11), on both databases the portal runs on.

Each test sends 24 tries at once from as many threads, as 24 browser tabs would, and counts how many
were really *checked* (a counting wrapper around the comparison itself), not only what came back. The
probe that found this got 14 parallel wrong email codes all checked against a limit of 5, and moved a
staff account's failure count from 2 to 15 against a lock at 10.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyotp
import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.models import AuthAttempt, ParentAccount, SignInCode, TwoStepMethod
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import accounts, rate_limits, sessions, staff_auth, two_step
from ehcna_portal.services import parent_accounts as parents
from ehcna_portal.services.parent_accounts import CodeKind, SignInKind
from ehcna_portal.services.secrets_util import code_hmac
from ehcna_portal.settings import Settings
from tests.support.databases import migrated_on
from tests.support.factories import PASSWORD, make_parent

pytestmark = pytest.mark.integration
AT_ONCE = 24
SEEDED_FAILURES = 2


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with migrated_on(request.param, tmp_path_factory.mktemp("parallel")) as engine:
        yield engine


@pytest.fixture
def settings(tmp_path: Path, engine: Engine) -> Settings:
    from ehcna_portal.settings import load_settings

    return load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(tmp_path),
                          "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"})


class Counted:
    """Wraps a function and counts its calls from any thread."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.calls, self._lock = fn, 0, threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls += 1
        return self.fn(*args, **kwargs)


def at_once(attempt: Callable[[], Any], times: int = AT_ONCE) -> list[Any]:
    """``times`` calls of ``attempt`` released together (a barrier), each in a thread of its own."""
    barrier = threading.Barrier(times)

    def one() -> Any:
        barrier.wait()
        return attempt()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return [future.result() for future in [pool.submit(one) for _ in range(times)]]


def failures(engine: Engine, kind: str, subject: str) -> int:
    with Session(engine) as db:
        return db.exec(select(func.count()).select_from(AuthAttempt).where(
            (AuthAttempt.kind == kind) & (AuthAttempt.subject == subject)
            & col(AuthAttempt.succeeded).is_(False))).one()


def seed_failures(engine: Engine, kind: str, subject: str, count: int = SEEDED_FAILURES) -> None:
    with Session(engine) as db:
        db.add_all([AuthAttempt(kind=kind, subject=subject, succeeded=False, at=utcnow()) for _ in range(count)])
        db.commit()


def parent_waiting_for_code(engine: Engine, settings: Settings, method: str) -> tuple[ParentAccount, int]:
    email = make_parent(engine, settings, two_step=method)
    with Session(engine) as db:
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).one()
        if method == TwoStepMethod.APP:
            parent.totp_secret_encrypted = two_step.encrypt_secret(settings, pyotp.random_base32())
            db.add(parent)
        row = sessions.start(db, parent.id or 0, stage=sessions.AWAITING_CODE, two_step_verified=False)
        db.commit()
        db.refresh(parent)
        return parent, row.id or 0


def test_parallel_wrong_email_codes_check_at_most_five(engine, settings, monkeypatch):
    _parent, session_id = parent_waiting_for_code(engine, settings, TwoStepMethod.EMAIL)
    with Session(engine) as db:
        db.add(SignInCode(session_id=session_id, code_hmac=code_hmac("123456", settings.secret_key, f"s{session_id}"),
                          expires_at=utcnow() + two_step.CODE_LIFETIME))
        db.commit()
    compared = Counted(two_step.same)
    monkeypatch.setattr(two_step, "same", compared)
    outcomes = at_once(lambda: parents.complete_second_factor(engine, settings, session_id, "654321"))
    assert compared.calls == two_step.MAX_WRONG_TRIES  # exactly 5 of the 24 were compared
    assert {o.kind for o in outcomes} <= {CodeKind.WRONG, CodeKind.USED_UP, CodeKind.LOCKED}
    with Session(engine) as db:
        code = db.exec(select(SignInCode).where(SignInCode.session_id == session_id)).one()
    assert code.wrong_tries == two_step.MAX_WRONG_TRIES and code.used_at is not None  # no lost updates
    # the right code now opens nothing: the code is used up (and the account, 24 failures later, locked)
    late = parents.complete_second_factor(engine, settings, session_id, "123456").kind
    assert late in (CodeKind.USED_UP, CodeKind.LOCKED)


def test_parallel_wrong_authenticator_codes_stop_at_the_account_lock(engine, settings, monkeypatch):
    parent, session_id = parent_waiting_for_code(engine, settings, TwoStepMethod.APP)
    key = rate_limits.account_key(parent.email)
    seed_failures(engine, parents.CODE, key)
    checked = Counted(two_step.matching_step)
    monkeypatch.setattr(two_step, "matching_step", checked)
    outcomes = at_once(lambda: parents.complete_second_factor(engine, settings, session_id, "000000"))
    allowed = rate_limits.LOCK_AT - SEEDED_FAILURES
    assert 0 < checked.calls <= allowed  # at most 8 of 24 checked
    assert sum(o.kind == CodeKind.LOCKED for o in outcomes) == AT_ONCE - checked.calls
    assert failures(engine, parents.CODE, key) == SEEDED_FAILURES + checked.calls  # no lost counts


def test_parallel_wrong_staff_codes_stop_at_the_lock(engine, settings, monkeypatch):
    with Session(engine) as db:
        staff = accounts.create_staff(db, settings, email=f"case-{secrets.token_hex(4)}@example.gov.uk",
                                      name="Casey Worker", role="caseworker", password=PASSWORD, actor="test")
        staff.totp_secret_encrypted = two_step.encrypt_secret(settings, pyotp.random_base32())
        db.add(staff)
        db.commit()
        staff_id = staff.id or 0
        staff_auth._start(db, staff_id, staff_auth.AWAITING_APP, routes.STAFF_TWO_STEP, utcnow())
        db.commit()
        session_id = db.exec(select(func.max(col(staff_auth.StaffSession.id)))).one()
    key = staff_auth.code_key(staff_id)
    seed_failures(engine, staff_auth.CODE, key)
    checked = Counted(two_step.matching_step)
    monkeypatch.setattr(two_step, "matching_step", checked)
    nonces = at_once(lambda: staff_auth.verify_code(engine, settings, session_id, "000000"))
    recorded = failures(engine, staff_auth.CODE, key)
    # at most 8 checked (2 + 8 = the lock at 10; the probe saw 2 + 13 = 15), each one recorded (no lost
    # updates); under contention a try may also be refused early, never let through late
    assert 0 < checked.calls <= rate_limits.LOCK_AT - SEEDED_FAILURES
    assert recorded == SEEDED_FAILURES + checked.calls
    assert all(nonce is None for nonce in nonces)


def test_one_authenticator_code_sent_at_once_from_many_tabs_signs_in_once(engine, settings):
    parent, _ = parent_waiting_for_code(engine, settings, TwoStepMethod.APP)
    secret = two_step.decrypt_secret(settings, parent.totp_secret_encrypted)
    waiting = []
    with Session(engine) as db:
        for _ in range(AT_ONCE):
            waiting.append(sessions.start(db, parent.id or 0, stage=sessions.AWAITING_CODE,
                                          two_step_verified=False).id)
        db.commit()
    code = pyotp.TOTP(secret).now()
    turns = iter(waiting)
    lock = threading.Lock()

    def one():
        with lock:
            session_id = next(turns)
        return parents.complete_second_factor(engine, settings, session_id, code)

    outcomes = at_once(one)
    assert sum(o.kind == CodeKind.OK for o in outcomes) == 1  # a code (time step) is used once


def test_one_recovery_code_sent_at_once_works_once(engine, settings):
    parent, _ = parent_waiting_for_code(engine, settings, TwoStepMethod.APP)
    with Session(engine) as db:
        codes = two_step.new_recovery_codes(db, parent.id or 0)
        db.commit()

    def one() -> bool:
        with Session(engine) as db:
            used = two_step.use_recovery_code(db, parent.id or 0, codes[0])
            db.commit()
            return used

    assert sum(at_once(one)) == 1


def test_parallel_wrong_passwords_at_sign_in_check_at_most_ten(engine, settings, monkeypatch):
    email = make_parent(engine, settings)
    checked = Counted(parents.verify_password)
    monkeypatch.setattr(parents, "verify_password", checked)
    outcomes = at_once(lambda: parents.sign_in(engine, settings, email, "not the password at all"))
    assert 0 < checked.calls <= rate_limits.LOCK_AT
    assert sum(o.kind == SignInKind.LOCKED for o in outcomes) >= AT_ONCE - checked.calls
    for _ in range(rate_limits.LOCK_AT - checked.calls):  # any try refused early under contention, one by one
        parents.sign_in(engine, settings, email, "not the password at all")
    assert parents.sign_in(engine, settings, email, PASSWORD).kind == SignInKind.LOCKED


def test_parallel_wrong_passwords_on_change_password_share_the_sign_in_limit(engine, settings, monkeypatch):
    """Re-authentication counts against the sign-in key: guesses there and at sign-in add up."""
    email = make_parent(engine, settings)
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
    seed_failures(engine, parents.SIGN_IN, rate_limits.account_key(email))
    checked = Counted(parents.verify_password)
    monkeypatch.setattr(parents, "verify_password", checked)

    def one() -> str:
        try:
            return str(parents.change_password(engine, settings, parent_id, "a wrong current one", "new password 42"))
        except rate_limits.TooManyAttempts:
            return "locked"

    outcomes = at_once(one)
    assert 0 < checked.calls <= rate_limits.LOCK_AT - SEEDED_FAILURES
    assert outcomes.count("locked") == AT_ONCE - checked.calls
    for _ in range(rate_limits.LOCK_AT - SEEDED_FAILURES - checked.calls):  # any refused early, one by one
        parents.change_password(engine, settings, parent_id, "a wrong current one", "new password 42")
    with pytest.raises(rate_limits.TooManyAttempts):  # even the right password, until the window passes
        parents.change_password(engine, settings, parent_id, PASSWORD, "new password 42")
    assert parents.sign_in(engine, settings, email, PASSWORD).kind == SignInKind.LOCKED
