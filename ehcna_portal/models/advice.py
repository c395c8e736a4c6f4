"""Advice and information for an EHC needs assessment (SEND Regulations 2014 reg 6(1)): who the council asked,
when, by when they must answer (reg 8(1): 6 weeks), and what came back; and the professionals it usually asks.

Each request to a professional carries its own link (its token kept only as a SHA-256 hash, replaced when the
request is sent again or to someone else, dead after ``link_expires_at``). "Late" is never stored: it is a sent
request still unanswered after its due date (services/advice_deadlines.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class AdviceType:
    """The sources of reg 6(1), in its order: (a) the family's own advice, (b) educational, (c) medical,
    (d) psychological, (e) social care, (f) anyone else the council thinks appropriate, (g) preparing for
    adulthood from Year 9, (h) anyone the family reasonably asks for."""

    FAMILY = "family"
    EDUCATIONAL = "educational"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    SOCIAL_CARE = "social_care"
    OTHER = "other"
    ADULTHOOD = "adulthood"
    FAMILY_ASKED = "family_asked"
    ALL = (FAMILY, EDUCATIONAL, MEDICAL, PSYCHOLOGICAL, SOCIAL_CARE, OTHER, ADULTHOOD, FAMILY_ASKED)


class AdviceStatus:
    SENT = "sent"
    OPENED = "opened"  # the professional has opened the link and given the emailed code
    RECEIVED = "received"
    EXCEPTION = "exception"  # a reg 8(2) exception recorded: the 6 weeks do not bind
    WITHDRAWN = "withdrawn"
    EXISTING = "existing"  # not sought: existing advice all agree is sufficient (reg 6(4)), its document kept
    WAITING = frozenset({SENT, OPENED})
    SETTLED = frozenset({RECEIVED, EXCEPTION, WITHDRAWN, EXISTING})


class Professional(SQLModel, table=True):
    """The council's address book of the people it asks for advice (admins keep it)."""

    __tablename__ = "professional"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    organisation: str = Field(max_length=200)
    email: str = Field(max_length=254)
    advice_type: str = Field(max_length=20, index=True)  # the advice they usually give (AdviceType)
    language: str = Field(default="en", max_length=5)  # the language emails to them are written in
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AdviceRequest(SQLModel, table=True):
    """One request for advice on a case, to one person (or, for the family's own advice, to the family)."""

    __tablename__ = "advice_request"
    __table_args__ = (
        # The reminder sweep: requests still waiting, by due date.
        Index("ix_advice_request_waiting", "status", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    advice_type: str = Field(max_length=20)
    recipient_name: str = Field(default="", max_length=200)
    organisation: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    professional_id: int | None = Field(default=None, foreign_key="professional.id")
    language: str = Field(default="en", max_length=5)  # of the emails to the recipient (the family's: theirs)
    status: str = Field(max_length=20)
    sent_on: date | None = None  # the 6 weeks run from it (reg 8(1))
    due_on: date | None = Field(default=None, index=True)
    sent_at: datetime | None = None
    opened_at: datetime | None = None
    received_on: date | None = Field(default=None, index=True)
    received_at: datetime | None = None
    # A reg 8(2) exception, a withdrawal or existing advice (reg 6(4)): why, and since when.
    reason: str = Field(default="", max_length=500)
    exception_reason: str = Field(default="", max_length=40)
    settled_on: date | None = None
    document_id: int | None = Field(default=None, foreign_key="application_document.id")
    # Reminders (2 weeks and 1 week before the due date, and the day after it): when each went, or was passed by.
    reminded_two_weeks_at: datetime | None = None
    reminded_one_week_at: datetime | None = None
    reminded_late_at: datetime | None = None
    # The advice form the person asked fills in through their link (forms/professional_advice.py): its answers by
    # step, saved as they go; each save is checked against the version the page showed.
    answers: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    answers_version: int = 0
    form_key: str = Field(default="professional_advice", max_length=40)  # the form it is answered on
    form_version: str = Field(default="", max_length=20)
    # Asked for a plan's review (SEND Regulations 2014 reg 20(3)–(4)): the school's report, or health's or social
    # care's, on the review report form; None for an assessment's advice (reg 6).
    review_id: int | None = Field(default=None, foreign_key="plan_review.id", index=True)
    link_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    link_expires_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="staff_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AdviceAccess(SQLModel, table=True):
    """A professional's or a school's way in through their link, for one advice request or one school
    consultation on a draft plan (exactly one of the two): a 6-digit code emailed to the address
    asked (10 minutes, 5 wrong tries), then a short session. Its token (kept only as a SHA-256 hash) is held by
    the browser from the moment the code is sent; it opens nothing until the code checks out."""

    __tablename__ = "advice_access"

    id: int | None = Field(default=None, primary_key=True)
    advice_request_id: int | None = Field(default=None, foreign_key="advice_request.id", index=True)
    consultation_id: int | None = Field(default=None, foreign_key="school_consultation.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    verified: bool = False
    code_hmac: str = Field(max_length=64)
    code_expires_at: datetime
    wrong_tries: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime  # the session's end (from the code's sending, then from when the code checked out)
    # Once the code checks out: a one-minute, single-use handoff the browser trades for its cookie.
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_expires_at: datetime | None = None
    revoked_at: datetime | None = None
    ip: str = Field(default="", max_length=45)
