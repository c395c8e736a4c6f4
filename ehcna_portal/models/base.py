"""Shared column helpers for the tables."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC now; SQLModel's UTCDateTime columns store and return UTC."""
    return datetime.now(UTC)
