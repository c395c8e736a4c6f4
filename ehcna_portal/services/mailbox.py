"""Read the outbox as a mailbox, for the development mailbox page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal.models import OutboxMessage

_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class MailboxEntry:
    id: int
    recipient: str
    subject: str
    status: str
    queued: str
    text: str
    html: str
    links: list[str]


def latest_messages(engine: Engine, limit: int = 50) -> list[MailboxEntry]:
    """The newest messages first, with the links they contain pulled out for clicking."""
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)  # type: ignore[union-attr]
        ).all()
        return [
            MailboxEntry(
                id=row.id or 0, recipient=row.to_address, subject=row.subject, status=row.status,
                queued=row.created_at.strftime("%d %b %Y %H:%M:%S UTC"),
                text=row.text_body, html=row.html_body,
                links=list(dict.fromkeys(_URL.findall(row.text_body))),
            )
            for row in rows
        ]
