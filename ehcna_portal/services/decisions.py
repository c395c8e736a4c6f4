"""Recording a decision (to assess or not; to issue a plan or not; the final plan issued):
the status changes, the letter is written, the family is told.

All in one transaction: the status (through the state machine), a letter from
the catalog's template — for a refusal with the rights the law requires (SEND
Regulations 2014 reg 5(3): appeal and its time limit, mediation, disagreement
resolution, information and advice) and the appeal deadline worked out — shared
on the child's page, and an email that says only that a decision has been made
on request REF (no child's details in an email).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, long_date, t
from ehcna_portal.models import Application, CaseLetter, EhcCase, ParentAccount
from ehcna_portal.services import audit, case_status, cases, consents, outbox
from ehcna_portal.services.email_render import EmailBody, one_line, render
from ehcna_portal.services.paper_requests import is_placeholder
from ehcna_portal.services.timescales import appeal_deadline, request_deadlines
from ehcna_portal.settings import Settings

# Each decision, the status it moves the request to, and the tab of the child's page its letter is on.
DECISIONS = {"assess": "assess_agreed", "not_assess": "assess_refused", "issue": "issue_agreed",
             "not_issue": "not_to_issue", "final_plan": "final_plan_issued"}
PHASES = {"assess": "request", "not_assess": "request", "issue": "assessment", "not_issue": "assessment",
          "final_plan": "plan"}
# Refusals must give reasons; these and a final plan (its content) can be appealed within 2 months.
NEEDS_REASONS = ("not_assess", "not_issue")
APPEALABLE = ("not_assess", "not_issue", "final_plan")


# The final plan is issued with "Issue final plan" (services/plan_issue.py), which checks the plan and the family's
# 15 days first and writes this letter through ``write``; "Record decision" does not offer it.
RECORDED_HERE = tuple(decision for decision in DECISIONS if decision != "final_plan")


def available(current_status: str) -> list[str]:
    """The decisions "Record decision" allows next, in the order caseworkers meet them."""
    allowed = case_status.allowed_next(current_status)
    return [decision for decision in RECORDED_HERE if DECISIONS[decision] in allowed]
REASONS_MAX = 5000


class DecisionRefused(ValueError):
    """What is missing or not allowed, for the caseworker (``field`` is the form field it is about)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RecordedDecision:
    letter_id: int
    appeal_by: date | None


def record(engine: Engine, settings: Settings, case_id: int, decision: str, reasons: str, *,
           staff_id: int, today: date, now: datetime) -> RecordedDecision:
    reasons = reasons.strip()
    if decision not in RECORDED_HERE:
        raise DecisionRefused(t("error.decision.empty"), "decision")
    if decision in NEEDS_REASONS and not reasons:
        raise DecisionRefused(t("error.decision.reasons_empty"), "reasons")
    if len(reasons) > REASONS_MAX:
        raise DecisionRefused(t("error.decision.reasons_too_long", max=REASONS_MAX), "reasons")
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        if case is None:
            raise DecisionRefused(t("error.decision.not_found"), "decision")
        recorded = write(db, settings, case, decision, reasons, staff_id=staff_id, today=today, now=now)
        db.commit()
        return recorded


def write(db: Session, settings: Settings, case: EhcCase, decision: str, reasons: str, *, staff_id: int,
          today: date, now: datetime) -> RecordedDecision:
    """The decision in the caller's transaction: the status, the letter shared on its tab, the family's email and
    the copies the request's consents ask for (DecisionRefused if the process does not allow it)."""
    case_id = case.id or 0
    request = cases.request_of(db, case_id)
    if request is None:
        raise DecisionRefused(t("error.decision.not_found"), "decision")
    try:
        case_status.change(db, case, DECISIONS[decision], actor=f"staff:{staff_id}", on=today, now=now,
                           reason=reasons[:500])
    except case_status.TransitionRefused as refused:
        raise DecisionRefused(str(refused), "decision") from None
    deadlines = request_deadlines(case.received_on)
    appeal_by = appeal_deadline(today) if decision in APPEALABLE else None
    letter = send_letter(db, settings, case, request, letter_key=decision, phase=PHASES[decision],
                         idempotency_key=f"case-decision-made:{case_id}:{decision}",  # not "decision-made:"
                         values={"decided": today, "reasons": reasons, "appeal_by": appeal_by,
                                 "final_plan_by": deadlines.final_plan}, staff_id=staff_id, now=now)
    audit.record(db, actor=f"staff:{staff_id}", action="case.decision_recorded", object_type=audit.CASE,
                 object_id=case_id, decision=decision, letter_id=letter.id)
    return RecordedDecision(letter.id or 0, appeal_by)


def send_letter(db: Session, settings: Settings, case: EhcCase, request: Application, *, letter_key: str,
                phase: str, idempotency_key: str, values: dict[str, object], staff_id: int,
                now: datetime) -> CaseLetter:
    """A decision's letter in the family's language, shared on its tab (``letter.<letter_key>.title/body``, its
    values put in as data, dates in words), the email saying only that a decision has been made (none for a
    paper request: it is answered by post), and the copies the request's consents ask for — in the caller's
    transaction."""
    parent = db.get(ParentAccount, case.parent_id)
    lang = as_language(parent.preferred_language if parent else "") or DEFAULT_LANGUAGE  # the family's language
    params = {"reference": case.reference, "child": case.child_name, "received": long_date(case.received_on, lang)}
    for name, value in values.items():
        params[name] = long_date(value, lang) if isinstance(value, date) else str(value or "")
    if "reasons" in values:
        params["reasons"] = str(values["reasons"] or "") or t("letter.no_reasons", lang)
    letter = CaseLetter(case_id=case.id or 0, phase=phase, lang=lang,
                        title=one_line(t(f"letter.{letter_key}.title", lang, **params))[:200],
                        body=t(f"letter.{letter_key}.body", lang), params=params,
                        shared=True, created_by=staff_id, created_at=now)
    db.add(letter)
    db.flush()
    if parent is not None and not is_placeholder(parent.email):
        outbox.enqueue(db, settings, template="decision_made", to=parent.email, lang=lang,
                       idempotency_key=idempotency_key, reference=case.reference, link=outbox.SitePath(routes.EHC))
    consents.send_copies(db, settings, consents.copied_to(consents.agreed(request), request.answers),
                         key=idempotency_key, lang=lang, reference=case.reference, young_person=case.child_name,
                         event=t("copy.event.decided", lang, title=letter.title))
    return letter


def letters_for_parent(engine: Engine, parent_id: int, child_id: int) -> list[CaseLetter]:
    """The letters shared with a parent about one of their own children, newest first."""
    with Session(engine) as db:
        return list(db.exec(select(CaseLetter).join(EhcCase)
                            .where(EhcCase.child_id == child_id, EhcCase.parent_id == parent_id,
                                   CaseLetter.shared).order_by(CaseLetter.id.desc())).all())  # type: ignore[union-attr]


def letter_for(engine: Engine, letter_id: int, *, parent_id: int | None = None) -> CaseLetter | None:
    """A letter: for a parent only if it is shared and about their own child's case; staff see any."""
    with Session(engine) as db:
        query = select(CaseLetter).join(EhcCase).where(CaseLetter.id == letter_id)
        if parent_id is not None:
            query = query.where(EhcCase.parent_id == parent_id, CaseLetter.shared)
        return db.exec(query).first()


def letter_content(letter: CaseLetter, portal_url: str) -> EmailBody:
    """The letter as text and as a printable page: its template with its values put in as data (so a
    reason typed by a caseworker is never markup). A letter written before its values were kept apart
    has only the finished text, which is shown as text."""
    lang = as_language(letter.lang) or DEFAULT_LANGUAGE
    template, params = (letter.body, letter.params) if letter.params is not None else ("{text}", {"text": letter.body})
    return render(template, params, title=letter.title, service_name=t("council.name", lang),
                  portal_url=portal_url, lang=lang)
