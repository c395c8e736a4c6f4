"""Cases that have asked for advice (issue 20), made through the services, for the advice tests."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from ehcna_portal.models import AdviceRequest, AdviceType, Child, EhcCase, OutboxMessage, Professional
from ehcna_portal.services import advice_access, advice_requests, staff_cases
from ehcna_portal.services.advice_access import CodeKind
from ehcna_portal.services.advice_requests import Choice
from tests.support import factories

TODAY = date(2027, 1, 4)  # a Monday: the advice is due on Monday 15 February 2027
NOW = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
PROFESSIONALS = {AdviceType.EDUCATIONAL: ("Sam Senco", "Sample Street Primary School"),
                 AdviceType.MEDICAL: ("Dr Mo Medic", "Coventry and Warwickshire ICB"),
                 AdviceType.PSYCHOLOGICAL: ("Pat Psych", "Coventry Educational Psychology Service"),
                 AdviceType.SOCIAL_CARE: ("Cal Care", "Coventry Children's Services")}


def assessing(engine, settings, *, born: date | None = None) -> tuple[int, int, int]:
    """A sent request the council has decided to assess: (parent id, request id, case id)."""
    _email, parent_id, request_id, _reference = factories.sent_request(engine, settings, "Ada")
    case_id = factories.case_of(engine, request_id)
    if born is not None:
        with Session(engine) as db:
            child = db.get(Child, db.get(EhcCase, case_id).child_id)
            child.date_of_birth = born
            db.add(child)
            db.commit()
    staff_cases.change_status(engine, case_id, "assess_agreed", actor="staff:1", on=TODAY)
    return parent_id, request_id, case_id


def address_book(engine) -> None:
    with Session(engine) as db:
        for kind, (name, organisation) in PROFESSIONALS.items():
            db.add(Professional(name=name, organisation=organisation, advice_type=kind,
                                email=f"{name.split()[-1].lower()}@example.org"))
        db.commit()


def choices(engine, case_id: int, **changed: Choice) -> list[Choice]:
    return [changed.get(p.advice_type, Choice(p.advice_type, p.recipient_name, p.organisation, p.email,
                                              p.professional_id))
            for p in advice_requests.propose(engine, case_id, TODAY)]


def requests(engine, case_id: int) -> dict[str, AdviceRequest]:
    with Session(engine) as db:
        return {row.advice_type: row for row in db.exec(select(AdviceRequest).where(
            AdviceRequest.case_id == case_id)).all()}


def mail(engine, template: str) -> list[OutboxMessage]:
    with Session(engine) as db:
        return list(db.exec(select(OutboxMessage).where(OutboxMessage.template == template)
                            .order_by(col(OutboxMessage.id))).all())


def sent_case(engine, settings) -> tuple[int, int, int]:
    address_book(engine)
    parent_id, request_id, case_id = assessing(engine, settings)
    advice_requests.send(engine, settings, case_id, choices(engine, case_id), staff_id=None,  # type: ignore
                         today=TODAY, now=NOW)
    return parent_id, request_id, case_id


def link_of(engine, to: str, template: str = "advice_requested") -> str:
    """The link in the newest request emailed to ``to`` (an assessment's advice, or a review's report)."""
    with Session(engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == template,
                                                             OutboxMessage.to_address == to)
                       .order_by(col(OutboxMessage.id).desc())).first()
    return body.split("/advice/", 1)[1].split()[0].rstrip(".)")


def code_sent(engine) -> str:
    with Session(engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "advice_code")
                       .order_by(col(OutboxMessage.id).desc())).first()
    return re.search(r"\b(\d{6})\b", body).group(1)


def opened(engine, settings, link: str, now=NOW) -> str:
    """Through the link: a code sent, given, and the handoff traded for the cookie's token."""
    pending = advice_access.send_code(engine, settings, link, ip="", now=now)
    checked = advice_access.check_code(engine, settings, pending, code_sent(engine), ip="", now=now)
    assert checked.kind == CodeKind.OK
    return advice_access.redeem(engine, checked.handoff, now)
