"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


@dataclass
class Inbox:
    messages: list[Message] = field(default_factory=list)
    reject: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address: str, options):
        if address in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session: Session, envelope: Envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


class SmtpServer:
    """Start and stop on a fixed port, so a test can take the server 'down' and bring it back."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
