"""One typed settings object, read from ``EHCNA_*`` environment variables.

Everything configurable lives here so that operators have a single list to read
(README, ``.env.example``) and bad configuration stops start-up with one line
that says what is wrong, instead of failing later inside a request.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ehcna_portal.services.object_store import S3Config

Environment = Literal["dev", "prod"]

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_MIN_SECRET_LENGTH = 32
EHC_PLAN_END_AGE = 25  # an EHC plan can run until the young person's 25th birthday


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Settings:
    """Validated configuration of one running portal."""

    env: Environment
    database_url: str
    data_dir: Path
    public_url: str
    secret_key: str
    port: int
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    mail_from: str
    redis_url: str | None
    os_places_api_key: str | None = None
    os_places_url: str = "https://api.os.uk/search/places/v1"
    upload_max_mb: int = 10
    draft_retention_days: int = 90
    draft_reminder_days: int = 14
    # ClamAV's clamd, to scan every uploaded document (tcp://host:port or unix:///path); None: no scanning.
    clamd_address: str | None = None
    # Years a sent request (with the child's details and documents) is kept after the young person's 25th
    # birthday, when an EHC plan must end: 6 gives "until they are 31", the SEN-file period of the IRMS
    # records toolkit. Councils set their own schedule's figure.
    retention_years: int = 6
    # Documents in an S3-compatible bucket (EHCNA_DOCUMENT_STORE=s3); None: in ``documents_dir``.
    s3: S3Config | None = None
    # The address `make serve` listens on (EHCNA_HOST): every interface unless the host says otherwise.
    host: str = "0.0.0.0"  # noqa: S104  # nosec B104 # the listening address, which the operator chooses
    # bcrypt's work factor for new password hashes (EHCNA_BCRYPT_COST): 12 in production at least.
    bcrypt_cost: int = 12
    # Emails sent on request (confirmation, resend, reset, codes) in 15 minutes, per recipient address and
    # per requesting IP; a day allows four and five times as many (README "Limits").
    email_limit_per_address: int = 10
    email_limit_per_ip: int = 20
    # A monitoring system's bearer token for /api/health's details (email queue counts); None: staff only.
    monitor_token: str | None = None
    # Who signs every email, after "Kind regards," (seed 1.1.3: "Portal Administrator", in the catalog's
    # language); EHCNA_EMAIL_SIGNATURE sets one name for both languages.
    email_signature: str | None = None

    @property
    def documents_dir(self) -> Path:
        """Uploaded documents: inside the data directory, never under a public or /_upload folder."""
        return self.data_dir / "documents"

    @property
    def kept_until_age(self) -> int:
        """The young person's age until which a sent request is kept (25, when an EHC plan ends, plus
        ``EHCNA_RETENTION_YEARS``)."""
        return EHC_PLAN_END_AGE + self.retention_years

    @property
    def is_prod(self) -> bool:
        return self.env == "prod"

    @property
    def smtp_configured(self) -> bool:
        return self.smtp_host is not None

    @property
    def public_origin(self) -> str:
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Origins allowed to open the websocket and call the API (never ``*``)."""
        origins = [self.public_origin]
        if not self.is_prod:
            parts = urlsplit(self.public_url)
            if parts.hostname in LOOPBACK_HOSTS:
                port = f":{parts.port}" if parts.port else ""
                for host in ("localhost", "127.0.0.1"):
                    origin = f"{parts.scheme}://{host}{port}"
                    if origin not in origins:
                        origins.append(origin)
        return tuple(origins)

    def link(self, path: str) -> str:
        """An absolute URL for emails: always built from EHCNA_PUBLIC_URL, never the request."""
        return self.public_url.rstrip("/") + "/" + path.lstrip("/")


def _text(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def _int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = _text(environ, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _text(environ, name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _clamd_address(environ: Mapping[str, str]) -> str | None:
    raw = _text(environ, "EHCNA_CLAMD_ADDRESS")
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme == "unix" and parts.path.startswith("/") and not parts.netloc:
        return raw
    if parts.scheme == "tcp" and parts.hostname and not parts.path.strip("/"):
        try:
            if parts.port:
                return raw
        except ValueError:
            pass
    raise ConfigError("EHCNA_CLAMD_ADDRESS must be tcp://host:port or unix:///path/to/clamd.socket, "
                      f"not {raw!r}")


def normalise_database_url(url: str) -> str:
    """Accept the URLs operators write and pick the drivers we ship."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ConfigError(f"EHCNA_DATABASE_URL must look like sqlite:///path or postgresql://…, not {url!r}")
    if scheme in {"postgres", "postgresql", "postgresql+psycopg"}:
        return f"postgresql+psycopg://{rest}"
    if scheme == "sqlite":
        return url
    raise ConfigError(
        f"EHCNA_DATABASE_URL must use sqlite or postgresql, not {scheme!r}"
    )


def _public_url(environ: Mapping[str, str], env: Environment) -> str:
    raw = _text(environ, "EHCNA_PUBLIC_URL")
    if raw is None:
        if env == "prod":
            raise ConfigError("EHCNA_PUBLIC_URL is required when EHCNA_ENV=prod (e.g. https://portal.example.gov.uk)")
        return "http://localhost:3000"
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"EHCNA_PUBLIC_URL must be an http(s) URL, not {raw!r}")
    if env == "prod" and parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError("EHCNA_PUBLIC_URL must use https when EHCNA_ENV=prod")
    return raw.rstrip("/")


def _secret_key(environ: Mapping[str, str], env: Environment, data_dir: Path) -> str:
    raw = _text(environ, "EHCNA_SECRET_KEY")
    if raw is None:
        if env == "prod":
            raise ConfigError(
                "EHCNA_SECRET_KEY is required when EHCNA_ENV=prod "
                "(generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))')")
        return _dev_secret(data_dir)
    if len(raw) < _MIN_SECRET_LENGTH:
        raise ConfigError(f"EHCNA_SECRET_KEY must be at least {_MIN_SECRET_LENGTH} characters")
    return raw


def _dev_secret(data_dir: Path) -> str:
    """A per-checkout random key so dev sessions survive restarts without a configured secret."""
    path = data_dir / ".dev-secret-key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings; raises ConfigError with a one-line explanation."""
    environ = os.environ if environ is None else environ
    env_raw = (_text(environ, "EHCNA_ENV") or "dev").lower()
    if env_raw not in {"dev", "prod"}:
        raise ConfigError(f"EHCNA_ENV must be dev or prod, not {env_raw!r}")
    env: Environment = "prod" if env_raw == "prod" else "dev"

    data_dir = Path(_text(environ, "EHCNA_DATA_DIR") or "data").expanduser().resolve()
    db_raw = _text(environ, "EHCNA_DATABASE_URL") or f"sqlite:///{data_dir / 'ehcna.db'}"

    smtp_host = _text(environ, "EHCNA_SMTP_HOST")
    if env == "prod" and smtp_host is None:
        raise ConfigError("EHCNA_SMTP_HOST is required when EHCNA_ENV=prod (emails must really be sent)")
    smtp_user = _text(environ, "EHCNA_SMTP_USER")
    smtp_password = _text(environ, "EHCNA_SMTP_PASSWORD")
    if (smtp_user is None) != (smtp_password is None):
        raise ConfigError("EHCNA_SMTP_USER and EHCNA_SMTP_PASSWORD must be set together")

    mail_from = _text(environ, "EHCNA_MAIL_FROM")
    if mail_from is None:
        if env == "prod":
            raise ConfigError("EHCNA_MAIL_FROM is required when EHCNA_ENV=prod")
        mail_from = "Coventry Education Services Portal <donotreply@localhost>"
    elif "@" not in mail_from:
        raise ConfigError(f"EHCNA_MAIL_FROM must be an email address, not {mail_from!r}")

    redis_url = _text(environ, "REFLEX_REDIS_URL")
    if redis_url is not None and urlsplit(redis_url).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"REFLEX_REDIS_URL must start with redis:// or rediss://, not {redis_url!r}")

    os_places_url = _text(environ, "EHCNA_OS_PLACES_URL") or Settings.os_places_url
    if urlsplit(os_places_url).scheme not in {"https", "http"}:
        raise ConfigError(f"EHCNA_OS_PLACES_URL must be an http(s) URL, not {os_places_url!r}")

    retention = _int(environ, "EHCNA_DRAFT_RETENTION_DAYS", 90, 7, 3650)
    reminder = _int(environ, "EHCNA_DRAFT_REMINDER_DAYS", 14, 1, 365)
    if reminder >= retention:
        raise ConfigError("EHCNA_DRAFT_REMINDER_DAYS must be fewer than EHCNA_DRAFT_RETENTION_DAYS")

    return Settings(
        env=env,
        database_url=normalise_database_url(db_raw),
        data_dir=data_dir,
        public_url=_public_url(environ, env),
        secret_key=_secret_key(environ, env, data_dir),
        port=_int(environ, "EHCNA_PORT", 8000, 1, 65535),
        smtp_host=smtp_host,
        smtp_port=_int(environ, "EHCNA_SMTP_PORT", 587, 1, 65535),
        smtp_user=smtp_user,
        smtp_password=smtp_password,
        smtp_starttls=_bool(environ, "EHCNA_SMTP_STARTTLS", True),
        mail_from=mail_from,
        redis_url=redis_url,
        os_places_api_key=_text(environ, "EHCNA_OS_PLACES_API_KEY"),
        os_places_url=os_places_url,
        upload_max_mb=_int(environ, "EHCNA_UPLOAD_MAX_MB", 10, 1, 100),
        draft_retention_days=retention,
        draft_reminder_days=reminder,
        retention_years=_int(environ, "EHCNA_RETENTION_YEARS", 6, 0, 75),
        clamd_address=_clamd_address(environ),
        s3=_s3(environ, env),
        monitor_token=_monitor_token(environ),
        host=_host(environ),
        bcrypt_cost=_bcrypt_cost(environ, env),
        email_limit_per_address=_int(environ, "EHCNA_EMAIL_LIMIT_PER_ADDRESS", 10, 1, 100),
        email_limit_per_ip=_int(environ, "EHCNA_EMAIL_LIMIT_PER_IP", 20, 1, 100_000),
        email_signature=_email_signature(environ),
    )


def _email_signature(environ: Mapping[str, str]) -> str | None:
    signature = _text(environ, "EHCNA_EMAIL_SIGNATURE")
    if signature is not None and (len(signature) > 100 or any(ch in signature for ch in "\r\n")):
        raise ConfigError("EHCNA_EMAIL_SIGNATURE must be one line of 100 characters or fewer")
    return signature


def _host(environ: Mapping[str, str]) -> str:
    raw = _text(environ, "EHCNA_HOST") or Settings.host
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", raw):
            raise ConfigError(f"EHCNA_HOST must be an IP address or a host name, not {raw!r}") from None
    return raw


MIN_PROD_BCRYPT_COST = 12


def _bcrypt_cost(environ: Mapping[str, str], env: Environment) -> int:
    """4 is the least bcrypt allows (tests); production never hashes below 12 (security.md A6)."""
    cost = _int(environ, "EHCNA_BCRYPT_COST", MIN_PROD_BCRYPT_COST, 4, 31)
    if env == "prod" and cost < MIN_PROD_BCRYPT_COST:
        raise ConfigError(f"EHCNA_BCRYPT_COST must be at least {MIN_PROD_BCRYPT_COST} when EHCNA_ENV=prod, not {cost}")
    return cost


def _monitor_token(environ: Mapping[str, str]) -> str | None:
    raw = _text(environ, "EHCNA_MONITOR_TOKEN")
    if raw is not None and len(raw) < _MIN_SECRET_LENGTH:
        raise ConfigError(f"EHCNA_MONITOR_TOKEN must be at least {_MIN_SECRET_LENGTH} characters")
    return raw


_S3_REQUIRED = ("EHCNA_S3_ENDPOINT", "EHCNA_S3_BUCKET", "EHCNA_S3_REGION", "EHCNA_S3_ACCESS_KEY_ID",
                "EHCNA_S3_SECRET_ACCESS_KEY")


def _s3(environ: Mapping[str, str], env: Environment) -> S3Config | None:
    """``EHCNA_DOCUMENT_STORE``: ``directory`` (default) or ``s3``, which needs the ``EHCNA_S3_*`` settings."""
    kind = (_text(environ, "EHCNA_DOCUMENT_STORE") or "directory").lower()
    if kind == "directory":
        return None
    if kind != "s3":
        raise ConfigError(f"EHCNA_DOCUMENT_STORE must be directory or s3, not {kind!r}")
    missing = [name for name in _S3_REQUIRED if not _text(environ, name)]
    if missing:
        raise ConfigError(f"EHCNA_DOCUMENT_STORE=s3 needs {', '.join(missing)}")
    endpoint = _text(environ, "EHCNA_S3_ENDPOINT") or ""
    parts = urlsplit(endpoint)
    if parts.scheme not in {"https", "http"} or not parts.hostname or parts.path not in ("", "/"):
        raise ConfigError(f"EHCNA_S3_ENDPOINT must be an http(s) address with no path, not {endpoint!r}")
    if env == "prod" and parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError("EHCNA_S3_ENDPOINT must use https when EHCNA_ENV=prod (documents are personal data)")
    prefix = _text(environ, "EHCNA_S3_PREFIX") or "documents/"
    return S3Config(endpoint=endpoint.rstrip("/"), bucket=_text(environ, "EHCNA_S3_BUCKET") or "",
                    region=_text(environ, "EHCNA_S3_REGION") or "",
                    access_key_id=_text(environ, "EHCNA_S3_ACCESS_KEY_ID") or "",
                    secret_access_key=_text(environ, "EHCNA_S3_SECRET_ACCESS_KEY") or "",
                    prefix=prefix if prefix.endswith("/") else prefix + "/")


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, validated once."""
    return load_settings()
