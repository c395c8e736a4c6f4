"""Append-only audit trail: who did what to which record, and when (UTC)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=100)
    object_type: str = Field(max_length=50)
    object_id: str = Field(max_length=50)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
