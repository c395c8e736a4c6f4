"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from ehcna_portal.models.accounts import ParentAccount, StaffAccount, StaffRole, TwoStepMethod
from ehcna_portal.models.address import GazetteerAddress
from ehcna_portal.models.advice import AdviceAccess, AdviceRequest, AdviceStatus, AdviceType, Professional
from ehcna_portal.models.applications import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    CaseLetter,
    CaseNote,
    ScanStatus,
    StageText,
)
from ehcna_portal.models.audit import AuditEvent
from ehcna_portal.models.auth import AccountToken, AuthAttempt, RecoveryCode, SignInCode, StaffSession, UserSession
from ehcna_portal.models.cases import CaseStage, EhcCase
from ehcna_portal.models.children import Child, School
from ehcna_portal.models.outbox import OutboxMessage, OutboxStatus
from ehcna_portal.models.plans import (
    ConsultationStatus,
    PlanIssue,
    PlanIssueKind,
    PlanReview,
    PlanVersion,
    ReviewStatus,
    SchoolConsultation,
    VagueTerm,
)

__all__ = [
    "AccountToken",
    "AdviceAccess",
    "AdviceRequest",
    "AdviceStatus",
    "AdviceType",
    "Application",
    "ApplicationDocument",
    "ApplicationStatus",
    "AuditEvent",
    "AuthAttempt",
    "CaseLetter",
    "CaseNote",
    "CaseStage",
    "Child",
    "ConsultationStatus",
    "EhcCase",
    "GazetteerAddress",
    "OutboxMessage",
    "OutboxStatus",
    "ParentAccount",
    "PlanIssue",
    "PlanIssueKind",
    "PlanReview",
    "PlanVersion",
    "Professional",
    "RecoveryCode",
    "ReviewStatus",
    "ScanStatus",
    "School",
    "SchoolConsultation",
    "SignInCode",
    "StaffAccount",
    "StaffRole",
    "StaffSession",
    "StageText",
    "TwoStepMethod",
    "UserSession",
    "VagueTerm",
]
