"""bcrypt hashing: verifies, rejects wrong passwords, and refuses input bcrypt would truncate."""

import pytest

from ehcna_portal.services.passwords import (
    MAX_PASSWORD_BYTES,
    PasswordTooLongError,
    hash_password,
    verify_password,
)


def test_hash_verifies_only_the_right_password():
    stored = hash_password("correct horse battery staple", rounds=4)
    assert stored.startswith("$2b$04$")
    assert verify_password("correct horse battery staple", stored)
    assert not verify_password("correct horse battery stapler", stored)


def test_passwords_longer_than_bcrypt_reads_are_refused_not_truncated():
    long_password = "é" * (MAX_PASSWORD_BYTES // 2 + 1)  # 74 bytes in UTF-8
    with pytest.raises(PasswordTooLongError):
        hash_password(long_password, rounds=4)
    stored = hash_password("a" * MAX_PASSWORD_BYTES, rounds=4)
    assert not verify_password("a" * MAX_PASSWORD_BYTES + "b", stored)


def test_the_configured_cost_is_used_and_production_keeps_twelve(monkeypatch, tmp_path):
    """The suite hashes at bcrypt's minimum (EHCNA_BCRYPT_COST=4, tests/conftest.py); this one test keeps
    the production cost and reads it back from the stored hash."""
    from ehcna_portal.services import passwords
    from ehcna_portal.settings import load_settings

    production_cost = load_settings({"EHCNA_DATA_DIR": str(tmp_path)})  # the default: 12
    monkeypatch.setattr(passwords, "get_settings", lambda: production_cost)
    stored = hash_password("correct horse battery staple")
    assert int(stored.split("$")[2]) == 12 and verify_password("correct horse battery staple", stored)
    assert int(passwords.dummy_hash().split("$")[2]) == 12  # unknown addresses cost the same
