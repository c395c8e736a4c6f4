"""The EHC plan of a case (Children and Families Act 2014 s37; SEND Regulations 2014 regs 12–14; SEND Code of
Practice 9.62): its versions, the drafts and final plan issued from them, the schools consulted on a draft, and
the list of vague words the quality check looks for.

Nothing about a plan is overwritten. Every save of the caseworker's composition is a new ``plan_version`` row
(its revision counts up per case and names the revision it was based on, who made it and what changed); issuing
a draft or the final plan is a ``plan_issue`` row naming the version it issued, so "draft 2" or "final" always
reads as it was sent.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class PlanIssueKind:
    DRAFT = "draft"  # reg 12: without section I, for the family's representations (15 days)
    FINAL = "final"  # reg 13(2): within 20 weeks of the request
    PROPOSED = "proposed"  # proposed amendments after a review (reg 22(2)): served like a draft, 15 days
    AMENDMENT = "amendment"  # the amended plan (reg 22(5)), from the reviews stage


class PlanVersion(SQLModel, table=True):
    """One saved state of a case's plan: written once, never changed."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("case_id", "revision", name="uq_plan_version_revision"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    revision: int  # 1, 2, … per case
    based_on: int | None = None  # the revision this one was made from (None for the first)
    # The sections as data (forms/ehc_plan.py says their shape): {"A": {"text": …}, "B": {"items": […]}, …}.
    content: dict = Field(sa_column=Column(JSON, nullable=False))
    # Flags of the quality check a caseworker overrode, each with its reason: [{"item", "term", "reason", "by"}].
    overrides: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    changes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # ["F: added F3", …]
    created_by: int | None = Field(default=None, foreign_key="staff_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class PlanIssue(SQLModel, table=True):
    """A version sent out: draft 1, draft 2…, the final plan, later amendments."""

    __tablename__ = "plan_issue"
    __table_args__ = (UniqueConstraint("case_id", "kind", "number", name="uq_plan_issue_number"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    plan_version_id: int = Field(foreign_key="plan_version.id")
    kind: str = Field(max_length=20)  # PlanIssueKind
    number: int  # draft 1, draft 2…; 1 for the final plan
    issued_on: date = Field(index=True)  # the figures page counts amended plans by it
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by: int | None = Field(default=None, foreign_key="staff_account.id")
    # A draft: the day it was served on the family and the last of their 15 days (reg 13(1)).
    served_on: date | None = None
    respond_by: date | None = None
    # The final plan: its letter, and the 20-week measure (reg 13(2)) with any reg 10(4) exception then recorded.
    letter_id: int | None = Field(default=None, foreign_key="case_letter.id")
    weeks_from_request: int | None = None
    within_20_weeks: bool | None = None
    exception_reason: str = Field(default="", max_length=40)
    # Issued before the 15 days ended because the family said they had no comments (audited).
    early_because_no_comments: bool = False


class ConsultationStatus:
    SENT = "sent"
    OPENED = "opened"
    AGREED = "agreed"
    CANNOT_MEET = "cannot_meet"
    WITHDRAWN = "withdrawn"
    WAITING = frozenset({SENT, OPENED})
    ANSWERED = frozenset({AGREED, CANNOT_MEET})


class SchoolConsultation(SQLModel, table=True):
    """A school or college consulted on a draft plan before it is named (CFA 2014 s39(2)–(3), s40(2)): its
    link (token kept only as a SHA-256 hash), its 15 days (SEND Code of Practice 9.79) and its answer."""

    __tablename__ = "school_consultation"
    __table_args__ = (Index("ix_school_consultation_waiting", "status", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    plan_issue_id: int = Field(foreign_key="plan_issue.id")  # the draft the setting was sent
    school_urn: str = Field(max_length=10)  # as child.school_urn: no foreign key, the schools list is re-imported
    school_name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    language: str = Field(default="en", max_length=5)
    family_asked: bool = False  # the family asked for it to be named (s38(2)(b)): it must be consulted
    status: str = Field(max_length=20)
    sent_on: date
    due_on: date
    sent_at: datetime = Field(default_factory=utcnow)
    opened_at: datetime | None = None
    answered_on: date | None = None
    answered_at: datetime | None = None
    reasons: str = Field(default="", max_length=5000)  # why it cannot meet the needs (or notes with agreement)
    responder_name: str = Field(default="", max_length=200)
    responder_role: str = Field(default="", max_length=200)
    link_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    link_expires_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="staff_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class VagueTerm(SQLModel, table=True):
    """A word or phrase the quality check flags in section F (SEND Code of Practice 9.69: provision must be
    detailed, specific and normally quantified); admins keep the list."""

    __tablename__ = "vague_term"

    id: int | None = Field(default=None, primary_key=True)
    phrase: str = Field(max_length=60, unique=True)  # lower case, matched as whole words
    # Only vague without a number soon after it ("small group" is, "small group of 4" is not).
    unless_number: bool = False
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="staff_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ReviewStatus:
    ARRANGED = "arranged"  # a meeting date set, invitations going out
    DECIDED = "decided"  # maintain, or cease: the review is over
    AMENDMENTS_PROPOSED = "amendments_proposed"  # amend: the proposed amendments served, 15 days, then 8 weeks
    AMENDED = "amended"  # the amended plan issued
    OPEN = frozenset({ARRANGED, AMENDMENTS_PROPOSED})


class PlanReview(SQLModel, table=True):
    """One review of a case's plan (Children and Families Act 2014 s44; SEND Regulations 2014 regs 18–22): its
    meeting, the deadlines that run from it, the council's decision and, for "amend", the amendments' notice and
    the amended plan. The deadlines are stored when the meeting is arranged, from services/review_timescales.py,
    so the reviews queue can sort and filter on them in SQL."""

    __tablename__ = "plan_review"
    __table_args__ = (Index("ix_plan_review_open", "status", "decision_due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    status: str = Field(max_length=30)
    meeting_on: date = Field(index=True)
    arranged_on: date
    arranged_by: int | None = Field(default=None, foreign_key="staff_account.id")
    invitations_by: date
    report_due_on: date
    decision_due_on: date
    decision: str = Field(default="", max_length=20)  # maintain, amend, cease
    decided_on: date | None = Field(default=None, index=True)  # the figures page counts by it
    reasons: str = Field(default="", max_length=5000)
    letter_id: int | None = Field(default=None, foreign_key="case_letter.id")
    # "amend": the proposed amendments (a plan version, served like a draft) and the amended plan they lead to.
    amendment_issue_id: int | None = Field(default=None, foreign_key="plan_issue.id")
    amended_plan_due_on: date | None = Field(default=None, index=True)
    amended_issue_id: int | None = Field(default=None, foreign_key="plan_issue.id")
    phase_transfer: str = Field(default="", max_length=20)  # the move this review plans for (reception, …)
    transfer_by: date | None = None  # that move's reg 18 deadline
    # The last day this review was due (the case's ``review_due_on`` when it was arranged): the figures count a
    # review held by then as held within 12 months (s44(1)).
    due_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
