"""The address book of professionals: what an entry needs, the order it is listed in, switching off and on, and
that "Request advice" suggests only the active ones."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ehcna_portal.models import AuditEvent
from ehcna_portal.services import advice_requests, professionals
from tests.support.factories import case_at

GOOD = {"name": "Pat Psych", "organisation": "Coventry Educational Psychology Service",
        "email": "pat@example.org", "advice_type": "psychological", "language": "en"}


def test_an_entry_needs_a_name_an_organisation_an_email_a_kind_of_advice_and_a_language(engine):
    problems = professionals.add(engine, {"name": " ", "organisation": "x" * 201, "email": "not-an-email",
                                          "advice_type": "family", "language": "fr"}, staff_id=1)
    assert problems == {"name": "staff.book.error.name", "organisation": "staff.book.error.organisation_long",
                        "email": "staff.advice.email.format", "advice_type": "staff.book.error.advice_type",
                        "language": "staff.book.error.language"}  # the family's own advice is not a professional's
    assert professionals.listed(engine) == []


def test_entries_are_listed_by_kind_of_advice_then_name_and_switched_off_not_deleted(engine):
    assert professionals.add(engine, GOOD, staff_id=1) == {}
    assert professionals.add(engine, {**GOOD, "name": "Ann Able", "advice_type": "medical",
                                      "organisation": "ICB"}, staff_id=1) == {}
    assert professionals.add(engine, {**GOOD, "name": "Ben Best", "language": "cy"}, staff_id=1) == {}
    listed = professionals.listed(engine)
    assert [entry.name for entry in listed] == ["Ann Able", "Ben Best", "Pat Psych"]  # medical before psychological
    assert listed[1].language == "cy" and all(entry.active for entry in listed)
    professionals.switch(engine, listed[2].id, staff_id=1)
    assert [entry.active for entry in professionals.listed(engine)] == [True, True, False]
    with Session(engine) as db:
        actions = [event.action for event in db.exec(select(AuditEvent)).all()]
    assert actions.count("professional.added") == 3 and actions.count("professional.deactivated") == 1
    # "Request advice" suggests the active psychologist only.
    case_id = case_at(engine, "assess_agreed")
    proposed = {p.advice_type: p for p in advice_requests.propose(engine, case_id, date(2027, 1, 4))}
    assert proposed["psychological"].recipient_name == "Ben Best"
    professionals.switch(engine, listed[2].id, staff_id=1)
    assert professionals.listed(engine)[2].active
