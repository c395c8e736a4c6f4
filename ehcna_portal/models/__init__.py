"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from ehcna_portal.models.accounts import ParentAccount, StaffAccount, StaffRole
from ehcna_portal.models.audit import AuditEvent
from ehcna_portal.models.outbox import OutboxMessage, OutboxStatus

__all__ = [
    "AuditEvent",
    "OutboxMessage",
    "OutboxStatus",
    "ParentAccount",
    "StaffAccount",
    "StaffRole",
]
