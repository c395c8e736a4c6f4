"""Business audit trail: one row per significant action, written in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from ehcna_portal.models import AuditEvent


def record(session: Session, *, actor: str, action: str, object_type: str, object_id: object,
           **detail: object) -> AuditEvent:
    """Add an audit event; it commits (or rolls back) with the change it describes."""
    event = AuditEvent(actor=actor, action=action, object_type=object_type,
                       object_id=str(object_id), detail=dict(detail))
    session.add(event)
    return event
