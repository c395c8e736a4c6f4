"""The people and records tests start from, made through the services (or, where a test needs a row in a
given state the services only reach after weeks, written directly): parents, children, requests,
documents, staff, and the session tokens their cookies carry. Every other helper builds on these."""

from __future__ import annotations

import io
import secrets
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.models import Application, ApplicationStatus, Child, EhcCase, ParentAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import accounts, applications, case_status, cases, children, sessions, staff_auth
from ehcna_portal.services import parent_accounts as parent_accounts_service
from ehcna_portal.services.timescales import request_deadlines
from ehcna_portal.settings import Settings
from tests.support import pdfs

PASSWORD = "violet kettle harbour 42"
STAFF_PASSWORD = "a long caseworker password 42"
REPORT = b"%PDF-1.4\n%school report for the test\n%%EOF\n"
# What a request needs before it can be sent, step by step (step 8's documents aside).
REQUIRED_ANSWERS = ((1, {"requester_role": "parent", "request_type": "new"}),
                    (2, {"relationship_to_child": "mother", "has_parental_responsibility": "yes"}),
                    (4, {"why_requesting_now": "She finds noise and crowds very hard."}),
                    (5, {"currently_in_education": "school"}))
DOCUMENT_DETAILS = {"document_type": "school_report", "document_from": "Sample Street Primary School",
                    "date_published": {"day": "1", "month": "3", "year": "2026"}, "description": ""}


# The summary's consents and declaration, as a parent or a young person would give them (items a requester is
# not asked are ignored).
AGREED = {"consent_privacy": "yes", "consent_share": "yes", "declaration": "yes", "declaration_name": "Alan Aardvark",
          "copy_parents": "no", "young_person_agrees": "yes"}


def make_parent(engine: Engine, settings: Settings, *, two_step: str = "", verified: bool = True) -> str:
    """A registered parent (confirmed unless asked otherwise); returns the email address."""
    email = f"parent-{secrets.token_hex(5)}@example.com"
    form = parent_accounts_service.validate_registration({
        "email": email, "confirm_email": email, "password": PASSWORD, "title": "Mr", "forename": "Alan",
        "surname": "Aardvark", "gender": "male", "postcode": "CV1 5RR", "address_line_1": "1 Example Street",
        "town": "Coventry", "home_phone": "01632 960 001"})
    assert form.errors == {}, form.errors
    parent_accounts_service.register(engine, settings, form.values)
    with Session(engine) as db:
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).one()
        if verified:
            parent.email_verified_at = parent.created_at
        parent.two_step_method = two_step
        db.add(parent)
        db.commit()
    return email


def parent_id_of(engine: Engine, email: str) -> int:
    with Session(engine) as db:
        return db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()


def add_child(engine: Engine, parent_id: int, forename: str, *, surname: str = "Quixley",
              born: date = date(2016, 5, 17), school_name: str = "Sample Street Primary School") -> int:
    """A child of ``parent_id``, living at 9 Hidden Lane, at a school that is not on the list."""
    child_id, _duplicate = children.add_child(engine, parent_id, {
        "forename": forename, "middle_name": "", "surname": surname, "gender_at_birth": "female",
        "date_of_birth": born, "school_urn": "", "school_name": school_name,
        "school_status": "not_listed" if school_name else "not_in_school", "relationship": "Mother",
        "parental_responsibility": True, "address_line_1": "9 Hidden Lane", "address_line_2": "",
        "town": "Coventry", "postcode": "CV1 9XA", "uprn": ""})
    assert child_id is not None
    return child_id


def start_request(engine: Engine, parent_id: int, child_id: int) -> int:
    started = applications.start(engine, parent_id, child_id)
    assert started is not None
    return started[0]


def answer_required(engine: Engine, parent_id: int, application_id: int, *, why: str = "") -> int:
    """Every required answer (``why`` for step 4's, if given); the draft's new version."""
    version = applications.get(engine, parent_id, application_id).version
    for step, values in REQUIRED_ANSWERS:
        values = {"why_requesting_now": why} if why and step == 4 else values
        version = applications.save_step(engine, parent_id, application_id, version, step, values, complete=True,
                                         last_page="summary").view.version
    return version


def add_document(engine: Engine, settings: Settings, parent_id: int, application_id: int,
                 name: str = "school-report.pdf", content: bytes = REPORT, *, described: bool = True) -> int:
    document_id = applications.add_document(engine, settings, parent_id, application_id, name, io.BytesIO(content))
    if described:
        applications.save_document_details(engine, parent_id, document_id, DOCUMENT_DETAILS)
    return document_id


def send(engine: Engine, settings: Settings, parent_id: int, application_id: int) -> str:
    """Describe every document and send a request whose answers are in (``answer_required``): the reference."""
    for document in applications.get(engine, parent_id, application_id).documents:
        applications.save_document_details(engine, parent_id, document.id, DOCUMENT_DETAILS)
    outcome = applications.submit(engine, settings, parent_id, application_id, given=AGREED,
                                  now=utcnow())
    assert outcome.submitted_now, outcome
    return outcome.view.reference


def marked_pdf(marker: str) -> bytes:
    """A real PDF whose page says ``marker`` (so a test can find its bytes, or their absence)."""
    content = b"BT /F1 12 Tf 20 100 Td (" + marker.encode() + b") Tj ET"
    return pdfs.build(objects={4: b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream"})


def sent_request(engine: Engine, settings: Settings, forename: str, *,
                 why: str = "") -> tuple[str, int, int, str]:
    """A parent (emailed codes) whose request about ``forename`` was sent with a school report:
    (email, parent id, application id, reference)."""
    email = make_parent(engine, settings, two_step="email")
    parent_id = parent_id_of(engine, email)
    application_id = start_request(engine, parent_id, add_child(engine, parent_id, forename, surname="Staffcase"))
    answer_required(engine, parent_id, application_id, why=why or f"{forename} finds noise and crowds very hard.")
    add_document(engine, settings, parent_id, application_id)
    return email, parent_id, application_id, send(engine, settings, parent_id, application_id)


def parent_and_child_rows(db: Session, email: str, *, forename: str = "Zebedee",
                          surname: str = "Quixley") -> tuple[ParentAccount, Child]:
    """A parent and one child written straight into the tables (flushed, not committed): for tests that
    build casework rows by hand."""
    parent = ParentAccount(email=email, password_hash="x", forename="Alan", surname="Aardvark")
    db.add(parent)
    db.flush()
    child = Child(parent_id=parent.id, forename=forename, surname=surname, gender_at_birth="male",
                  date_of_birth=date(2017, 3, 12), school_status="not_in_school", relationship="Father",
                  parental_responsibility=True, address_line_1="1 Example Street", town="Coventry",
                  postcode="CV1 5RR")
    db.add(child)
    db.flush()
    return parent, child


def case_at(engine: Engine, status: str = "submitted", *, received: date = date(2026, 10, 1)) -> int:
    """A sent request and its case written straight into the tables at casework status ``status`` (weeks of
    casework in one row): the case's id."""
    with Session(engine) as db:
        parent, child = parent_and_child_rows(db, f"status-{secrets.token_hex(4)}@example.com")
        request = Application(parent_id=parent.id, child_id=child.id, form_key="ehcna", form_version="1",
                              status=ApplicationStatus.SUBMITTED, received_on=received)
        db.add(request)
        db.flush()
        request.reference = cases.reference_for(request.id or 0, received)  # the first: EHC-2026-000001
        case = EhcCase(child_id=child.id, parent_id=parent.id, reference=request.reference, opened_on=received,
                       received_on=received, decision_due_on=request_deadlines(received).decision_to_assess,
                       case_status=status, stage=case_status.stage_of(status),
                       **cases.child_as_sent(child))
        db.add(case)
        db.flush()
        request.case_id = case.id
        db.add(request)
        db.commit()
        return case.id or 0


def case_of(engine: Engine, application_id: int) -> int:
    """The case a sent request opened."""
    with Session(engine) as db:
        found = db.get(Application, application_id)
        assert found is not None and found.case_id is not None, "the request has not been sent"
        return found.case_id


def make_staff(engine: Engine, settings: Settings, role: str = "caseworker", name: str = "Casey Worker",
               *, email: str = "") -> tuple[int, str]:
    """A staff account, made as ``ehcna-portal create-staff`` makes one: (id, email)."""
    email = email or f"{role}-{secrets.token_hex(4)}@example.gov.uk"
    with Session(engine) as db:
        staff = accounts.create_staff(db, settings, email=email, name=name, role=role, password=STAFF_PASSWORD,
                                      actor="test")
        db.commit()
        return staff.id or 0, email


def parent_session(engine: Engine, parent_id: int, *, stage: str = sessions.SIGNED_IN,
                   two_step_verified: bool = True) -> str:
    """The token of a live parent session, minted as the handoff route mints it (the cookie's value)."""
    with Session(engine) as db:
        row = sessions.start(db, parent_id, stage=stage, two_step_verified=two_step_verified)
        nonce = sessions.create_handoff(db, row, "/ehc")
        db.commit()
        token, _next = sessions.redeem_handoff(db, nonce)
        db.commit()
    return token


def staff_session(engine: Engine, staff_id: int, *, stage: str = staff_auth.SIGNED_IN) -> str:
    """The token of a live staff session (fully signed in unless ``stage`` says otherwise)."""
    with Session(engine) as db:
        nonce = staff_auth._start(db, staff_id, stage, routes.STAFF_QUEUE, utcnow())
        db.commit()
        token, _next = staff_auth.redeem(db, nonce)
        db.commit()
    return token
