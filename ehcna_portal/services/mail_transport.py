"""How a queued email leaves the building: SMTP (``emails`` library) or the dev mailbox.

Transports raise :class:`TransientDeliveryError` when the server could not be
reached or asked us to try later (4xx), and :class:`PermanentDeliveryError`
when it refused the message (5xx); the outbox decides what to do about each.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
import sys
from email.utils import parseaddr
from typing import TYPE_CHECKING, Protocol

import emails
from emails.backend.smtp import SMTPBackend
from emails.backend.smtp.client import SMTPClientWithResponse

if TYPE_CHECKING:
    from ehcna_portal.models import OutboxMessage
    from ehcna_portal.settings import Settings

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10


class TransientDeliveryError(Exception):
    """Try again later: the server was unreachable, timed out or answered 4xx."""


class PermanentDeliveryError(Exception):
    """The server refused the message (5xx)."""


class MailTransport(Protocol):
    name: str

    def send(self, message: OutboxMessage) -> str:
        """Deliver one message; return the server's answer or raise a DeliveryError."""
        ...


def message_id(message: OutboxMessage, mail_from: str) -> str:
    """Stable across retries, so receiving systems can drop a resend."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:24]
    return f"<ehcna-{message.id}-{digest}@{domain}>"


class _VerifiedStartTLSClient(SMTPClientWithResponse):
    """smtplib's STARTTLS does not check the certificate unless given a context; we always do."""

    def starttls(self, *args, **kwargs):
        kwargs.setdefault("context", ssl.create_default_context())
        return super().starttls(*args, **kwargs)


class _Backend(SMTPBackend):
    connection_cls = _VerifiedStartTLSClient


class SmtpTransport:
    """Send through the council's SMTP relay with STARTTLS and optional login."""

    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _backend(self) -> _Backend:
        settings = self._settings
        options: dict[str, object] = {
            "host": settings.smtp_host,
            "port": settings.smtp_port,
            "tls": settings.smtp_starttls,
            "timeout": SMTP_TIMEOUT_SECONDS,
            "fail_silently": False,
        }
        if settings.smtp_user:
            options.update(user=settings.smtp_user, password=settings.smtp_password)
        return _Backend(**options)

    def send(self, message: OutboxMessage) -> str:
        sender_name, sender_address = parseaddr(self._settings.mail_from)
        email = emails.Message(
            subject=message.subject,
            text=message.text_body,
            html=message.html_body,
            mail_from=(sender_name, sender_address),
            headers={"Message-ID": message_id(message, self._settings.mail_from),
                     "Auto-Submitted": "auto-generated"},
        )
        backend = self._backend()
        try:
            response = email.send(to=message.to_address, smtp=backend)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise _by_code(min(codes, default=550), str(error.recipients)) from error
        except smtplib.SMTPResponseException as error:
            raise _by_code(error.smtp_code, error.smtp_error.decode(errors="replace")) from error
        except (OSError, smtplib.SMTPException) as error:
            raise TransientDeliveryError(f"{type(error).__name__}: {error}") from error
        finally:
            backend.close()
        if response is None or not response.success:
            code = getattr(response, "status_code", None) or 451
            text = getattr(response, "status_text", b"") or b""
            raise _by_code(code, text.decode(errors="replace") if isinstance(text, bytes) else str(text))
        text = response.status_text.decode(errors="replace") if response.status_text else ""
        return f"{response.status_code} {text}".strip()


def _by_code(code: int, text: str) -> Exception:
    error_class = PermanentDeliveryError if code >= 500 else TransientDeliveryError
    return error_class(f"{code} {text}".strip())


class DevMailboxTransport:
    """No SMTP configured (dev): keep the message for /dev/mailbox and print it to the terminal."""

    name = "dev-mailbox"

    def send(self, message: OutboxMessage) -> str:
        print(
            f"\n--- email to {message.to_address} ---\nSubject: {message.subject}\n\n"
            f"{message.text_body}--- end of email ---\n",
            file=sys.stdout, flush=True,
        )
        return "stored in the development mailbox"


def transport_for(settings: Settings) -> MailTransport:
    return SmtpTransport(settings) if settings.smtp_configured else DevMailboxTransport()
