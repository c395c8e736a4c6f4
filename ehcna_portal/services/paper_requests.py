"""Requests that arrive by post or email: staff record them so that every request is on the clock.

The request is recorded with the date the council really received it (the
statutory 6 weeks run from then, not from the day it was typed in). A family
without a portal account gets a placeholder account that cannot sign in, with
an address under the reserved ``.invalid`` domain, so the portal never emails
it: the council writes to such families by post.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import Application, ApplicationStatus, Child, ParentAccount
from ehcna_portal.services import audit, cases
from ehcna_portal.services.dates import parse_date
from ehcna_portal.services.validation import email_error, normalise_postcode

PLACEHOLDER_DOMAIN = "requests.invalid"
CHANNELS = ("post", "email")
OLDEST = timedelta(days=366)  # a request older than a year is a data-entry slip, not a late record


def is_placeholder(email: str) -> bool:
    """An address the portal made up for a family without an account (never emailed)."""
    return email.endswith("@" + PLACEHOLDER_DOMAIN)


@dataclass
class PaperRequest:
    values: dict[str, object]
    errors: dict[str, str]  # field id → catalog key


FIELDS = ("received-day", "received-month", "received-year", "channel", "requester_name", "requester_email",
          "forename", "surname", "gender_at_birth", "dob-day", "dob-month", "dob-year", "address_line_1", "town",
          "postcode", "school_name")


def check(raw: dict[str, object], today: date) -> PaperRequest:
    text = {name: str(raw.get(name) or "").strip()[:200] for name in FIELDS}
    errors: dict[str, str] = {}
    received = parse_date(text["received-day"], text["received-month"], text["received-year"])
    if received.value is None:
        errors["received"] = received.error
    elif received.value > today:
        errors["received"] = "error.paper.received_future"
    elif received.value < today - OLDEST:
        errors["received"] = "error.paper.received_old"
    if text["channel"] not in CHANNELS:
        errors["channel"] = "error.paper.channel"
    if not text["requester_name"]:
        errors["requester_name"] = "error.paper.requester_name"
    email = text["requester_email"].lower()
    if email and email_error(email):
        errors["requester_email"] = "error.email.format"
    for name in ("forename", "surname"):
        if not text[name]:
            errors[name] = f"error.child.{name}.empty"
    if text["gender_at_birth"] not in ("female", "male"):
        errors["gender_at_birth"] = "error.child.gender.empty"
    born = parse_date(text["dob-day"], text["dob-month"], text["dob-year"])
    if born.value is None:
        errors["dob"] = born.error
    postcode = normalise_postcode(text["postcode"])
    if not text["address_line_1"]:
        errors["address_line_1"] = "error.address_line_1.empty"
    if not postcode:
        errors["postcode"] = "error.postcode.format"
    values = {**text, "received": received.value, "date_of_birth": born.value, "postcode": postcode,
              "requester_email": email}
    return PaperRequest(values, errors)


def record(engine: Engine, values: dict[str, object], *, staff_id: int, now: datetime) -> tuple[int, str]:
    """Create the request as received (checked by ``check`` first), and the case it opens: (case id, reference)."""
    received: date = values["received"]  # type: ignore[assignment]
    with Session(engine) as db:
        email = str(values["requester_email"])
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).first() if email else None
        if parent is None:
            first, _, last = str(values["requester_name"]).partition(" ")
            parent = ParentAccount(email=f"paper-{secrets.token_hex(8)}@{PLACEHOLDER_DOMAIN}", password_hash="!",  # nosec B106 # "!" is no bcrypt hash, so no password ever matches (paper requester, no sign-in)
                                   forename=first[:100], surname=(last or first)[:100],
                                   address_line_1=str(values["address_line_1"]), town=str(values["town"]),
                                   postcode=str(values["postcode"]))
            db.add(parent)
            db.flush()
        child = Child(parent_id=parent.id or 0, forename=str(values["forename"]), surname=str(values["surname"]),
                      gender_at_birth=str(values["gender_at_birth"]), date_of_birth=values["date_of_birth"],
                      school_name=str(values["school_name"]),
                      school_status="not_listed" if values["school_name"] else "not_in_school",
                      relationship="", parental_responsibility=True, address_line_1=str(values["address_line_1"]),
                      town=str(values["town"]), postcode=str(values["postcode"]))
        db.add(child)
        db.flush()
        application = Application(parent_id=parent.id or 0, child_id=child.id or 0, form_key="ehcna",
                                  form_version="paper", status=ApplicationStatus.SUBMITTED,
                                  answers={"step-1": {"requester_role": "parent", "request_type": "new"}},
                                  last_page="summary", received_on=received, submitted_at=now,
                                  requester_role="parent", request_type="new", updated_at=now)
        db.add(application)
        db.flush()
        reference = cases.reference_for(application.id or 0, received)
        db.execute(update(Application).where(col(Application.id) == application.id).values(reference=reference))
        case = cases.open_for_request(db, application, child, reference, received, now)
        audit.record(db, actor=f"staff:{staff_id}", action="application.recorded_by_staff",
                     object_type="application", object_id=application.id, reference=reference,
                     channel=str(values["channel"]), received=received.isoformat(),
                     requester=str(values["requester_name"]))
        db.commit()
        return case.id or 0, reference
