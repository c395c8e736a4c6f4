"""EHCNA applications (one per request) and the documents uploaded with them.

Answers are JSON by step (``{"step-1": {...}}``) because the questions are data
(``ehcna_portal/forms``); the few answers the staff side filters on are copied
to typed columns. ``version`` goes up by one on every save, so two tabs editing
one draft cannot overwrite each other unseen.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from ehcna_portal.models.base import utcnow


class ApplicationStatus:
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ScanStatus:
    """A document's virus scan: ``not_scanned`` when no scanner is configured (downloadable as soon as
    stored); ``pending`` in quarantine until the scanner has looked (nobody may download it); then ``clean``
    or ``infected`` (its bytes deleted, never downloadable)."""

    NOT_SCANNED = "not_scanned"
    PENDING = "pending"
    CLEAN = "clean"
    INFECTED = "infected"
    DOWNLOADABLE = frozenset({NOT_SCANNED, CLEAN})


class Application(SQLModel, table=True):
    __tablename__ = "application"
    __table_args__ = (
        # At most one draft of each form per child, even when two tabs press Start at once.
        Index("one_draft_per_child_form", "child_id", "form_key", unique=True,
              sqlite_where=text("status = 'draft'"), postgresql_where=text("status = 'draft'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    # The statutory journey this form belongs to (models/cases.py), whose casework it is: set when a request is
    # sent, and when a later form of the journey (the family's advice…) is started.
    case_id: int | None = Field(default=None, foreign_key="ehc_case.id", index=True)
    form_key: str = Field(max_length=20)
    form_version: str = Field(max_length=20)
    status: str = Field(default=ApplicationStatus.DRAFT, max_length=20, index=True)
    reference: str | None = Field(default=None, max_length=30, unique=True)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    completed_steps: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    last_page: str = Field(default="step-1", max_length=60)
    version: int = Field(default=1)
    # Copied from the answers for the staff side's filters.
    requester_role: str = Field(default="", max_length=40)
    request_type: str = Field(default="", max_length=40)
    main_area_of_need: str = Field(default="", max_length=40)
    # Consent (seed 1.4.2): which wording was agreed to, and when.
    consent_text_version: str = Field(default="", max_length=20)
    consent_privacy_at: datetime | None = None
    consent_share_at: datetime | None = None
    # Who asked (forms/consents.py: parent, young_person, parent_for_young_person), and what they answered.
    requested_by: str = Field(default="", max_length=30)
    copy_parents: bool | None = None  # a young person asking: their parents copied into correspondence
    young_person_agrees: str = Field(default="", max_length=20)  # a parent asking for a young person
    declaration_name: str = Field(default="", max_length=200)
    declaration_at: datetime | None = None
    submitted_at: datetime | None = None
    received_on: date | None = Field(default=None, index=True)  # the day it was sent (UK time)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)  # last activity (draft expiry runs from it)
    reminder_sent_at: datetime | None = None

class ApplicationDocument(SQLModel, table=True):
    """A file uploaded in support of an application; its bytes live outside any public folder."""

    __tablename__ = "application_document"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    stored_name: str = Field(max_length=80, unique=True)  # random; never the uploaded name
    original_name: str = Field(max_length=255)
    file_type: str = Field(max_length=10)  # what the content is: pdf, doc, docx, odt, jpg, png
    size_bytes: int
    sha256: str = Field(max_length=64)  # of the bytes stored (a re-encoded image's, not the upload's)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    uploaded_at: datetime = Field(default_factory=utcnow)
    after_submission: bool = False
    scan_status: str = Field(default=ScanStatus.NOT_SCANNED, max_length=20, index=True)  # see ScanStatus
    # Uploaded by staff (a report, a letter): shared with the family on a tab of the child's page, or internal.
    uploaded_by_staff_id: int | None = Field(default=None, foreign_key="staff_account.id")
    shared: bool = True
    phase: str = Field(default="", max_length=20)
    # A report the person asked for advice attached through their link (not the family's own upload): the
    # advice request's id, without a foreign key, because the request already points at its received document
    # (advice_request.document_id) and a key each way would be a cycle no table order could load or delete.
    advice_request_id: int | None = Field(default=None, index=True)


class CaseLetter(SQLModel, table=True):
    """A letter the council sends about a case (a decision, with the family's rights), kept as
    Notify-style text and drawn as an HTML page; ``shared`` letters appear on the child's page."""

    __tablename__ = "case_letter"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    phase: str = Field(max_length=20)  # the child's page tab: request, assessment, plan, reviews
    title: str = Field(max_length=200)
    body: str  # the catalog's Notify-style template as it was when the letter was written
    # the letter's values (names, dates, the decision's reasons): data, put into ``body`` when it is drawn
    # (services/email_render.py). None on letters written before values were kept apart: drawn as text.
    params: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    lang: str = Field(default="en", max_length=5)  # written in the family's preferred language
    shared: bool = True
    created_by: int | None = Field(default=None, foreign_key="staff_account.id")
    created_at: datetime = Field(default_factory=utcnow)


class CaseNote(SQLModel, table=True):
    """An internal note on a case (never shown to the family)."""

    __tablename__ = "case_note"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ehc_case.id", index=True)
    staff_id: int = Field(foreign_key="staff_account.id")
    body: str
    created_at: datetime = Field(default_factory=utcnow)


class StageText(SQLModel, table=True):
    """A council's own wording for a stage tab's text ("What happens now?"), replacing the catalog's."""

    __tablename__ = "stage_text"

    key: str = Field(primary_key=True, max_length=60)  # a catalog key such as tab.request.what_happens
    lang: str = Field(primary_key=True, max_length=5)
    text: str
    updated_by: int | None = Field(default=None, foreign_key="staff_account.id")
    updated_at: datetime = Field(default_factory=utcnow)
