"""Settings: defaults for dev, and bad configuration refused with one clear line."""

from pathlib import Path

import pytest

from ehcna_portal.settings import ConfigError, load_settings

PROD = {
    "EHCNA_ENV": "prod",
    "EHCNA_SECRET_KEY": "x" * 48,
    "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk",
    "EHCNA_SMTP_HOST": "smtp.example.gov.uk",
    "EHCNA_MAIL_FROM": "Portal <noreply@example.gov.uk>",
}


def test_dev_defaults_use_sqlite_under_the_data_dir(tmp_path: Path):
    settings = load_settings({"EHCNA_DATA_DIR": str(tmp_path)})
    assert settings.env == "dev"
    assert settings.database_url == f"sqlite:///{tmp_path / 'ehcna.db'}"
    assert settings.public_url == "http://localhost:3000"
    assert settings.port == 8000
    assert not settings.smtp_configured
    # a dev secret is generated once and kept, so restarts keep sessions
    assert load_settings({"EHCNA_DATA_DIR": str(tmp_path)}).secret_key == settings.secret_key
    assert len(settings.secret_key) >= 32


def test_postgres_urls_are_accepted_in_the_forms_operators_write(tmp_path: Path):
    for url in ("postgresql://u@db/ehcna", "postgres://u@db/ehcna", "postgresql+psycopg://u@db/ehcna"):
        settings = load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_DATABASE_URL": url})
        assert settings.database_url == "postgresql+psycopg://u@db/ehcna"


def test_prod_with_everything_set_is_accepted(tmp_path: Path):
    settings = load_settings({**PROD, "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_PORT": "8123"})
    assert settings.is_prod and settings.port == 8123
    assert settings.allowed_origins == ("https://portal.example.gov.uk",)
    assert settings.link("/staff/sign-in") == "https://portal.example.gov.uk/staff/sign-in"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"EHCNA_SECRET_KEY": ""}, "EHCNA_SECRET_KEY is required when EHCNA_ENV=prod"),
        ({"EHCNA_SECRET_KEY": "short"}, "EHCNA_SECRET_KEY must be at least 32 characters"),
        ({"EHCNA_PUBLIC_URL": ""}, "EHCNA_PUBLIC_URL is required"),
        ({"EHCNA_PUBLIC_URL": "http://portal.example.gov.uk"}, "must use https"),
        ({"EHCNA_SMTP_HOST": ""}, "EHCNA_SMTP_HOST is required"),
        ({"EHCNA_MAIL_FROM": ""}, "EHCNA_MAIL_FROM is required"),
        ({"EHCNA_PORT": "eighty"}, "EHCNA_PORT must be a whole number"),
        ({"EHCNA_PORT": "70000"}, "EHCNA_PORT must be between 1 and 65535"),
        ({"EHCNA_SMTP_STARTTLS": "maybe"}, "EHCNA_SMTP_STARTTLS must be true or false"),
        ({"EHCNA_SMTP_USER": "me"}, "must be set together"),
        ({"EHCNA_DATABASE_URL": "mysql://db/x"}, "must use sqlite or postgresql"),
        ({"EHCNA_ENV": "staging"}, "EHCNA_ENV must be dev or prod"),
        ({"REFLEX_REDIS_URL": "http://redis"}, "REFLEX_REDIS_URL must start with redis://"),
    ],
)
def test_bad_configuration_is_refused_with_one_line(tmp_path: Path, change: dict, message: str):
    environ = {**PROD, "EHCNA_DATA_DIR": str(tmp_path), **change}
    with pytest.raises(ConfigError) as raised:
        load_settings(environ)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_dev_allows_both_loopback_spellings_but_never_a_wildcard(tmp_path: Path):
    settings = load_settings({"EHCNA_DATA_DIR": str(tmp_path)})
    assert settings.allowed_origins == ("http://localhost:3000", "http://127.0.0.1:3000")
    assert "*" not in settings.allowed_origins


@pytest.mark.parametrize(("env", "cost", "accepted"), [
    ("prod", "12", True), ("prod", "14", True), ("prod", "11", False), ("prod", "4", False),
    ("dev", "4", True), ("dev", "3", False), ("dev", "32", False),
])
def test_the_bcrypt_cost_is_a_setting_never_below_twelve_in_production(tmp_path: Path, env, cost, accepted):
    environ = {**(PROD if env == "prod" else {}), "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_BCRYPT_COST": cost}
    if accepted:
        assert load_settings(environ).bcrypt_cost == int(cost)
    else:
        with pytest.raises(ConfigError, match="EHCNA_BCRYPT_COST"):
            load_settings(environ)
    assert load_settings({**PROD, "EHCNA_DATA_DIR": str(tmp_path)}).bcrypt_cost == 12  # the default
