"""Business audit trail: one row per significant action, written in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from ehcna_portal import logs
from ehcna_portal.models import AuditEvent

# What casework is recorded against (models/cases.py), and what a family's forms are.
CASE = "ehc_case"
APPLICATION = "application"
# Detail fields that may also go in the log line (others may hold personal data: old email, notes, queries).
_LOGGED_DETAIL = ("two_step", "method", "document_id", "file_type", "size", "role", "decision", "shared", "phase",
                  "channel", "lang")


def record(session: Session, *, actor: str, action: str, object_type: str, object_id: object,
           **detail: object) -> AuditEvent:
    """Add an audit event; it commits (or rolls back) with the change it describes."""
    event = AuditEvent(actor=actor, action=action, object_type=object_type,
                       object_id=str(object_id), detail=dict(detail))
    session.add(event)
    result = str(detail.get("result") or ("failure" if action.endswith("_failed") else "success"))
    logs.audit(action, actor=actor, object=f"{object_type}:{object_id}", result=result, ip=str(detail.get("ip") or ""),
               **{name: detail[name] for name in _LOGGED_DETAIL if name in detail})
    return event
