"""A child's statutory journey with the council (domain notes §4): opened when a request is sent, it goes from
request to assessment to plan to reviews, and is closed when the request ends without a plan (refused, not
issued, withdrawn). Every form of that journey — the request, the family's advice — belongs to it
(``application.case_id``); a new request opens a new case."""

from __future__ import annotations

from datetime import date, datetime

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

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    stage: str = Field(default=CaseStage.REQUEST, max_length=20)
    opened_on: date
    closed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
