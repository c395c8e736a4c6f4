"""The email outbox: a message is a row committed with the change that caused it.

A sender claims due rows with a lease (``claimed_until``) so that any number of
senders — one per worker, plus the CLI — deliver each message once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=200, unique=True)
    template: str = Field(max_length=100)
    language: str = Field(default="en", max_length=5)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=OutboxStatus.PENDING, max_length=10)  # an OutboxStatus value
    attempts: int = 0
    rejections: int = 0  # attempts the mail server refused (5xx), as opposed to could not reach
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_until: datetime | None = None
    last_error: str | None = Field(default=None, max_length=1000)
    transport: str | None = Field(default=None, max_length=20)
    smtp_response: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
