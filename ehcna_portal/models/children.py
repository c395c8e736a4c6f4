"""Children and young people a parent has added, and the schools list they pick from."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class School(SQLModel, table=True):
    """One establishment from the DfE "Get Information about Schools" extract."""

    __tablename__ = "school"

    urn: str = Field(primary_key=True, max_length=10)
    name: str = Field(max_length=200, index=True)
    phase: str = Field(default="", max_length=60)
    address: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=8)


class Child(SQLModel, table=True):
    __tablename__ = "child"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    forename: str = Field(max_length=100)
    middle_name: str = Field(default="", max_length=100)
    surname: str = Field(max_length=100)
    gender_at_birth: str = Field(max_length=20)
    date_of_birth: date
    school_urn: str = Field(default="", max_length=10)  # empty when not listed or not in school
    school_name: str = Field(default="", max_length=200)  # as listed, or as the parent typed it
    school_status: str = Field(max_length=20)  # "listed", "not_listed" or "not_in_school"
    relationship: str = Field(max_length=100)
    parental_responsibility: bool
    address_line_1: str = Field(max_length=100)
    address_line_2: str = Field(default="", max_length=100)
    town: str = Field(max_length=60)
    postcode: str = Field(max_length=8)
    uprn: str = Field(default="", max_length=12)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
