"""A parent's EHCNA request filled in and sent straight through the services (for staff-side tests)."""

from __future__ import annotations

import io
from datetime import date

from sqlmodel import Session, select

from ehcna_portal.models import ParentAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, children
from tests.browser.conftest import ServedApp
from tests.support.parents import make_parent

REPORT = b"%PDF-1.4\n%school report for the staff test\n%%EOF\n"


def submitted_request(served_app: ServedApp, forename: str) -> tuple[str, str, int]:
    """A parent's request, filled in and sent through the services: (parent's email, reference, application id)."""
    email, parent_id, application_id = ready_request(served_app, forename)
    outcome = applications.submit(served_app.engine(), served_app.settings(), parent_id, application_id,
                                  privacy=True, share=True, now=utcnow())
    assert outcome.submitted_now, outcome
    return email, outcome.view.reference, application_id


def ready_request(served_app: ServedApp, forename: str) -> tuple[str, int, int]:
    """A parent's request with every required answer and a document, not yet sent:
    (parent's email, parent id, application id)."""
    engine, settings = served_app.engine(), served_app.settings()
    email = make_parent(engine, settings, two_step="email")
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": forename, "middle_name": "", "surname": "Staffcase", "gender_at_birth": "female",
        "date_of_birth": date(2016, 5, 17), "school_urn": "", "school_name": "Sample Street Primary School",
        "school_status": "not_listed", "relationship": "Mother", "parental_responsibility": True,
        "address_line_1": "9 Hidden Lane", "address_line_2": "", "town": "Coventry", "postcode": "CV1 9XA",
        "uprn": ""})
    application_id, _ = applications.start(engine, parent_id, child_id)
    version = 1
    for step, values in ((1, {"requester_role": "parent", "request_type": "new"}),
                         (2, {"relationship_to_child": "mother", "has_parental_responsibility": "yes"}),
                         (4, {"why_requesting_now": f"{forename} finds noise and crowds very hard."}),
                         (5, {"currently_in_education": "school"})):
        version = applications.save_step(engine, parent_id, application_id, version, step, values, complete=True,
                                         last_page="summary").view.version
    document_id = applications.add_document(engine, settings, parent_id, application_id, "school-report.pdf",
                                            io.BytesIO(REPORT))
    applications.save_document_details(engine, parent_id, document_id, {
        "document_type": "school_report", "document_from": "Sample Street Primary School",
        "date_published": {"day": "1", "month": "3", "year": "2026"}, "description": ""})
    return email, parent_id, application_id
