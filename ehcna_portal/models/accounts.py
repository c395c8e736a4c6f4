"""People who sign in: parents (and carers, young people) and council staff.

The two kinds live in separate tables so that no query for one can ever
return the other, and staff-only columns (role) never sit next to parent data.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class StaffRole(StrEnum):
    CASEWORKER = "caseworker"
    MANAGER = "manager"
    ADMIN = "admin"


class TwoStepMethod(StrEnum):
    NONE = ""
    EMAIL = "email"
    APP = "app"


class ParentAccount(SQLModel, table=True):
    __tablename__ = "parent_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=100)
    title: str = Field(default="", max_length=20)
    forename: str = Field(max_length=100)
    surname: str = Field(max_length=100)
    gender: str = Field(default="", max_length=30)
    address_line_1: str = Field(default="", max_length=100)
    address_line_2: str = Field(default="", max_length=100)
    town: str = Field(default="", max_length=60)
    postcode: str = Field(default="", max_length=8)
    uprn: str = Field(default="", max_length=12)
    home_phone: str = Field(default="", max_length=20)
    mobile_phone: str = Field(default="", max_length=20)
    work_phone: str = Field(default="", max_length=20)
    email_verified_at: datetime | None = None
    two_step_method: str = Field(default=TwoStepMethod.NONE, max_length=10)  # a TwoStepMethod value
    totp_secret_encrypted: str = Field(default="", max_length=300)
    totp_last_step: int = 0  # the last accepted authenticator step: a code is never accepted twice
    locked_until: datetime | None = None
    # "en" or "cy": the language of the parent's emails and letters, and of the site when they sign in
    # on a device that has no language cookie. Set at registration and by every language switch.
    preferred_language: str = Field(default="en", max_length=5)
    created_at: datetime = Field(default_factory=utcnow)


class StaffAccount(SQLModel, table=True):
    __tablename__ = "staff_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)  # a StaffRole value; plain text keeps migrations simple
    password_hash: str = Field(max_length=100)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Staff always use an authenticator app (set up at first sign-in); the secret is Fernet-encrypted.
    totp_secret_encrypted: str = Field(default="", max_length=300)
    totp_last_step: int = 0  # a code is never accepted twice
