"""Asking for advice and information for an EHC needs assessment (SEND Regulations 2014 reg 6(1)) and changing
what was asked: the proposal a caseworker starts from, sending it, and resending, redirecting, excepting or
withdrawing one request.

Sending is once per case: it moves the case from "Decided to assess" to "Assessment in progress" in the same
transaction (a conditional update), so a double press or a second tab sends nothing twice. A request for advice
the council need not seek because existing advice is sufficient (reg 6(4)) is recorded with the reason and the
document, and is never sent. Each professional gets their own link (services/advice_deadlines.LINK_WEEKS); the
family is asked through their account (the Assessment tab's own advice form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, t
from ehcna_portal.models import (
    AdviceRequest,
    AdviceStatus,
    AdviceType,
    Child,
    EhcCase,
    ParentAccount,
    Professional,
)
from ehcna_portal.services import audit, case_status, outbox
from ehcna_portal.services.advice_deadlines import EXCEPTIONS, LINK_WEEKS, due_on
from ehcna_portal.services.dates import school_year
from ehcna_portal.services.secrets_util import new_token, token_hash
from ehcna_portal.services.validation import email_error
from ehcna_portal.settings import Settings

# Always proposed (reg 6(1)(a)–(e)); preparing for adulthood from Year 9 (reg 6(1)(g)); the others on request.
ALWAYS = (AdviceType.FAMILY, AdviceType.EDUCATIONAL, AdviceType.MEDICAL, AdviceType.PSYCHOLOGICAL,
          AdviceType.SOCIAL_CARE)
OPTIONAL = (AdviceType.OTHER, AdviceType.FAMILY_ASKED)
ADULTHOOD_FROM_YEAR = 9
REASON_MAX = 500


class AdviceRefused(ValueError):
    """What cannot be done, for the caseworker (``field``: the form field it is about): a catalog key."""

    def __init__(self, key: str, field: str = "", **values: object) -> None:
        super().__init__(t(key, "en", **values))
        self.field = field


@dataclass(frozen=True)
class Proposal:
    """One source of advice the caseworker is asked to fill in: who, from the address book where it knows."""

    advice_type: str
    recipient_name: str = ""
    organisation: str = ""
    email: str = ""
    professional_id: int | None = None
    required: bool = True


@dataclass(frozen=True)
class Choice:
    """What the caseworker decided for one source: ask this person, or (reg 6(4)) use existing advice."""

    advice_type: str
    recipient_name: str = ""
    organisation: str = ""
    email: str = ""
    professional_id: int | None = None
    existing_reason: str = ""  # set: not sought, existing advice is sufficient
    existing_document_id: int | None = None


@dataclass
class SendOutcome:
    sent: list[int] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # field name -> message


def _address_book(db: Session) -> dict[str, list[Professional]]:
    found: dict[str, list[Professional]] = {}
    for person in db.exec(select(Professional).where(col(Professional.active)).order_by(col(Professional.name))):
        found.setdefault(person.advice_type, []).append(person)
    return found


def propose(engine: Engine, case_id: int, today: date) -> list[Proposal]:
    """The sources of advice for the case, filled from the address book (the setting's own entry for the
    educational advice, where there is one); empty when the case does not exist."""
    with Session(engine) as db:
        row = db.exec(select(EhcCase, Child, ParentAccount).join(Child, col(Child.id) == EhcCase.child_id)
                      .join(ParentAccount, col(ParentAccount.id) == EhcCase.parent_id)
                      .where(EhcCase.id == case_id)).first()
        if row is None:
            return []
        case, child, parent = row
        book = _address_book(db)
    kinds = [*ALWAYS]
    if school_year(child.date_of_birth, today) >= ADULTHOOD_FROM_YEAR:
        kinds.append(AdviceType.ADULTHOOD)
    proposals = []
    for kind in kinds:
        if kind == AdviceType.FAMILY:
            proposals.append(Proposal(kind, f"{parent.forename} {parent.surname}".strip(), "", parent.email))
            continue
        people = book.get(kind, [])
        if kind == AdviceType.EDUCATIONAL:
            people = [person for person in people if person.organisation.lower() == case.setting_name.lower()]
        person = people[0] if people else None
        proposals.append(Proposal(kind, person.name if person else "",
                                  person.organisation if person else (case.setting_name
                                                                      if kind == AdviceType.EDUCATIONAL else ""),
                                  person.email if person else "", person.id if person else None))
    return [*proposals, *(Proposal(kind, required=False) for kind in OPTIONAL)]


def check(choices: list[Choice]) -> dict[str, str]:
    """Problems with the caseworker's choices, as catalog keys by field (``<type>-name``, ``-organisation``,
    ``-email``, ``-existing_reason``): every required source is asked of someone or has existing advice; an
    optional one left blank is not asked."""
    problems: dict[str, str] = {}
    for choice in choices:
        kind = choice.advice_type
        if choice.existing_reason or choice.existing_document_id:
            if not choice.existing_reason.strip():
                problems[f"{kind}-existing_reason"] = "staff.advice.error.existing_reason"
            elif len(choice.existing_reason) > REASON_MAX:
                problems[f"{kind}-existing_reason"] = "staff.advice.error.reason_too_long"
            continue
        blank = not (choice.recipient_name.strip() or choice.organisation.strip() or choice.email.strip())
        if kind in OPTIONAL and blank:
            continue
        if not choice.recipient_name.strip():
            problems[f"{kind}-name"] = "staff.advice.error.name"
        if kind != AdviceType.FAMILY and not choice.organisation.strip():
            problems[f"{kind}-organisation"] = "staff.advice.error.organisation"
        if problem := email_error(choice.email.strip(), "staff.advice.email"):
            problems[f"{kind}-email"] = problem.removeprefix("error.")
    return problems


def send(engine: Engine, settings: Settings, case_id: int, choices: list[Choice], *, staff_id: int, today: date,
         now: datetime) -> SendOutcome:
    """Record and send every request (one transaction): each asked person gets an email with their own link,
    the family an email to give their own advice; the case moves to "Assessment in progress". Refused with
    ``AdviceRefused`` when the case is not "Decided to assess" (sent already, or not decided)."""
    problems = check(choices)
    if problems:
        return SendOutcome(problems=problems)
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        if case is None or case.case_status != "assess_agreed":
            raise AdviceRefused("staff.advice.error.not_now")
        parent = db.get(ParentAccount, case.parent_id)
        try:
            case_status.change(db, case, "assessment_in_progress", actor=f"staff:{staff_id}", on=today, now=now,
                               reason="Advice requested")
        except case_status.TransitionRefused:
            raise AdviceRefused("staff.advice.error.not_now") from None
        sent = []
        for choice in choices:
            kind = choice.advice_type
            if choice.existing_reason:
                request = AdviceRequest(case_id=case_id, advice_type=kind, status=AdviceStatus.EXISTING,
                                        reason=choice.existing_reason.strip(), settled_on=today,
                                        document_id=choice.existing_document_id, created_by=staff_id,
                                        created_at=now, updated_at=now)
                db.add(request)
                db.flush()
                audit.record(db, actor=f"staff:{staff_id}", action="advice.existing_used", object_type=audit.CASE,
                             object_id=case_id, advice_request_id=request.id, advice_type=kind)
                continue
            if kind in OPTIONAL and not choice.recipient_name.strip():
                continue
            request = AdviceRequest(case_id=case_id, advice_type=kind, recipient_name=choice.recipient_name.strip(),
                                    organisation=choice.organisation.strip(), email=choice.email.strip(),
                                    professional_id=choice.professional_id, status=AdviceStatus.SENT,
                                    language=_language(db, kind, choice.professional_id, parent),
                                    created_by=staff_id, created_at=now, updated_at=now)
            db.add(request)
            db.flush()
            _dispatch(db, settings, request, case, parent, today=today, now=now, staff_id=staff_id, restart=True)
            sent.append(request.id or 0)
        db.commit()
        return SendOutcome(sent=sent)


def _language(db: Session, kind: str, professional_id: int | None, parent: ParentAccount | None) -> str:
    if kind == AdviceType.FAMILY:
        return as_language(parent.preferred_language if parent else "") or DEFAULT_LANGUAGE
    person = db.get(Professional, professional_id) if professional_id else None
    return as_language(person.language if person else "") or DEFAULT_LANGUAGE


def _dispatch(db: Session, settings: Settings, request: AdviceRequest, case: EhcCase, parent: ParentAccount | None,
              *, today: date, now: datetime, staff_id: int, restart: bool) -> None:
    """Email the request (a professional: with a new link, the old one dead; the family: to their account) and
    audit it; ``restart``: it is sent to this person now, so the 6 weeks and the reminders start again."""
    values: dict[str, object] = {"updated_at": now, "sent_at": now}
    if restart:
        values.update(sent_on=today, due_on=due_on(today), reminded_two_weeks_at=None, reminded_one_week_at=None,
                      reminded_late_at=None)
    due = values.get("due_on", request.due_on)
    lang = as_language(request.language) or DEFAULT_LANGUAGE
    if request.advice_type == AdviceType.FAMILY:
        outbox.enqueue(db, settings, template="advice_requested_family", to=parent.email if parent else request.email,
                       idempotency_key=f"advice-requested-family:{request.id}:{now.isoformat()}", lang=lang,
                       reference=case.reference, due=due,
                       link=outbox.SitePath(routes.child_page(case.child_id, "assessment")))
    else:  # one email per link: a new link is a new email, whenever it is made
        token = new_token()
        values.update(link_token_hash=token_hash(token), link_expires_at=now + timedelta(weeks=LINK_WEEKS))
        outbox.enqueue(db, settings, template="advice_requested", to=request.email,
                       idempotency_key=f"advice-requested:{request.id}:{values['link_token_hash']}", lang=lang,
                       name=request.recipient_name, reference=case.reference, due=due,
                       link=outbox.SitePath(routes.advice_link(token)))
    db.execute(update(AdviceRequest).where(col(AdviceRequest.id) == request.id).values(**values))
    audit.record(db, actor=f"staff:{staff_id}", action="advice.requested", object_type=audit.CASE,
                 object_id=case.id, advice_request_id=request.id, advice_type=request.advice_type,
                 due=str(due))


def _waiting(db: Session, case_id: int, request_id: int) -> tuple[AdviceRequest, EhcCase, ParentAccount | None]:
    request = db.get(AdviceRequest, request_id)
    case = db.get(EhcCase, case_id)
    if request is None or case is None or request.case_id != case_id:
        raise AdviceRefused("staff.advice.error.not_found", "request")
    if request.status not in AdviceStatus.WAITING:
        raise AdviceRefused("staff.advice.error.not_waiting", "request")
    return request, case, db.get(ParentAccount, case.parent_id)


def resend(engine: Engine, settings: Settings, case_id: int, request_id: int, *, staff_id: int, today: date,
           now: datetime) -> None:
    """Send the invitation again to the same person (a lost email): a new link, the same due date."""
    with Session(engine) as db:
        request, case, parent = _waiting(db, case_id, request_id)
        _dispatch(db, settings, request, case, parent, today=today, now=now, staff_id=staff_id, restart=False)
        db.commit()


def redirect(engine: Engine, settings: Settings, case_id: int, request_id: int, choice: Choice, *, staff_id: int,
             today: date, now: datetime) -> dict[str, str]:
    """Ask someone else instead: the old link dies, the new person has 6 weeks from today (reg 8(1) runs from
    the request they receive). Returns the problems with the new recipient, if any."""
    problems = check([choice])
    if problems:
        return problems
    with Session(engine) as db:
        request, case, parent = _waiting(db, case_id, request_id)
        if request.advice_type == AdviceType.FAMILY:
            raise AdviceRefused("staff.advice.error.family", "request")
        request.recipient_name, request.organisation = choice.recipient_name.strip(), choice.organisation.strip()
        request.email, request.professional_id = choice.email.strip(), choice.professional_id
        request.status = AdviceStatus.SENT
        db.add(request)
        db.flush()
        _dispatch(db, settings, request, case, parent, today=today, now=now, staff_id=staff_id, restart=True)
        db.commit()
    return {}


def settle(engine: Engine, case_id: int, request_id: int, status: str, *, reason: str, exception: str = "",
           staff_id: int, today: date, now: datetime) -> None:
    """Record a reg 8(2) exception (``exception``: its key) or withdraw the request, with the reason; its link
    stops working."""
    if status == AdviceStatus.EXCEPTION and exception not in EXCEPTIONS:
        raise AdviceRefused("staff.advice.error.exception", "exception")
    if status not in (AdviceStatus.EXCEPTION, AdviceStatus.WITHDRAWN):
        raise AdviceRefused("staff.advice.error.status", "status")
    if not reason.strip() or len(reason) > REASON_MAX:
        raise AdviceRefused("staff.advice.error.reason", "reason", max=REASON_MAX)
    with Session(engine) as db:
        request, _case, _parent = _waiting(db, case_id, request_id)
        changed = db.execute(update(AdviceRequest).where(
            col(AdviceRequest.id) == request.id, col(AdviceRequest.status) == request.status).values(
            status=status, exception_reason=exception, reason=reason.strip(), settled_on=today, updated_at=now,
            link_token_hash=None, link_expires_at=None))
        if changed.rowcount != 1:
            raise AdviceRefused("staff.advice.error.changed")
        audit.record(db, actor=f"staff:{staff_id}", action=f"advice.{status}", object_type=audit.CASE,
                     object_id=case_id, advice_request_id=request_id, exception=exception or None)
        db.commit()
