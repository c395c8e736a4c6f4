"""A child's statutory journey with the council (domain notes §4): opened when a request is sent, it goes from
request to assessment to plan to reviews, and is closed when the request ends without a plan (refused, not
issued, withdrawn). Every form of that journey — the request, the family's advice — belongs to it
(``application.case_id``); a new request opens a new case.

The casework is the case's: its status, officer, statutory dates, decisions and exception
(services/case_status.py holds the rules), and the child as the request named them (the staff queue searches
and sorts on these). Letters and notes belong to the case too."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class CaseStage:
    REQUEST = "request"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    REVIEWS = "reviews"
    CLOSED = "closed"


class EhcCase(SQLModel, table=True):
    __tablename__ = "ehc_case"
    __table_args__ = (
        # The staff queue: by status or officer, in order of the statutory deadline.
        Index("ix_ehc_case_queue_status", "case_status", "decision_due_on"),
        Index("ix_ehc_case_queue_officer", "assigned_to_id", "decision_due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    # The request that opened the case is its form with the request's key (its answers, consents, documents).
    reference: str = Field(max_length=30, unique=True)  # the request's
    stage: str = Field(default=CaseStage.REQUEST, max_length=20)
    opened_on: date
    closed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Casework (services/case_status.py holds the rules).
    case_status: str = Field(default="submitted", max_length=30)
    assigned_to_id: int | None = Field(default=None, foreign_key="staff_account.id")
    status_changed_at: datetime | None = None
    received_on: date = Field(index=True)  # the request's: every statutory date runs from it
    decision_due_on: date = Field(index=True)
    decision: str = Field(default="", max_length=20)  # assess / not_assess (SEN2 request outcome)
    decision_on: date | None = Field(default=None, index=True)  # the KPI page counts by it
    assessment_decision: str = Field(default="", max_length=20)  # issue / not_issue
    assessment_decision_on: date | None = None
    final_plan_on: date | None = Field(default=None, index=True)
    # The last day the plan's next review may be held (services/review_timescales.review_due): set when the final
    # plan is issued and again when a review is held; the reviews queue lists and sorts on it.
    review_due_on: date | None = Field(default=None, index=True)
    # An exception under reg 10(4) (timescales.EXCEPTIONS), recorded with its dates.
    exception_reason: str = Field(default="", max_length=40)
    exception_from: date | None = None
    exception_to: date | None = None
    # Who the case is about, as the request named them (the queue searches and sorts on these).
    child_name: str = Field(default="", max_length=300)
    child_sort_name: str = Field(default="", max_length=300, index=True)  # "surname forename", lower case
    child_postcode: str = Field(default="", max_length=8, index=True)
    setting_name: str = Field(default="", max_length=200)
