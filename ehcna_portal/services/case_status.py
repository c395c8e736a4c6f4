"""The statutory process as a state machine (domain notes §4.3): which status may follow which.

Statuses follow the Capita phases (Request, Assessment, EHC Plan) and the DfE
SEN2 outcomes. Only the transitions listed here are allowed; every change is
written to the audit log with who made it; anything else is refused with a
sentence a caseworker can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, update
from sqlmodel import Session, col

from ehcna_portal.models import CaseStage, EhcCase
from ehcna_portal.services import audit
from ehcna_portal.services.timescales import Clock, request_deadlines


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    phase: str  # request, assessment, plan — the parent's tab it belongs to
    decision: str = ""  # the decision this status records, if any (SEN2 outcome)


STATUSES = {status.key: status for status in (
    Status("submitted", "Received", "request"),
    Status("acknowledged", "Acknowledged", "request"),
    Status("info_gathering", "Gathering information", "request"),
    Status("panel_scheduled", "Panel scheduled", "request"),
    Status("assess_agreed", "Decided to assess", "request", decision="assess"),
    Status("assess_refused", "Decided not to assess", "request", decision="not_assess"),
    Status("assessment_in_progress", "Assessment in progress", "assessment"),
    Status("advice_complete", "Advice complete", "assessment"),
    Status("issue_agreed", "Decided to issue a plan", "assessment", decision="issue"),
    Status("not_to_issue", "Decided not to issue a plan", "assessment", decision="not_issue"),
    Status("draft_plan_issued", "Draft plan issued", "plan"),
    Status("consulting_settings", "Consulting settings", "plan"),
    Status("final_plan_issued", "Final plan issued", "plan", decision="final_plan"),
    Status("plan_ceased", "Plan ceased", "reviews", decision="cease"),
    Status("plan_ended", "Plan ended at 25", "reviews"),
    Status("withdrawn", "Withdrawn", "request"),
)}

_DECIDE_ASSESS = ("assess_agreed", "assess_refused", "withdrawn")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submitted": ("acknowledged", "info_gathering", "panel_scheduled", *_DECIDE_ASSESS),
    "acknowledged": ("info_gathering", "panel_scheduled", *_DECIDE_ASSESS),
    "info_gathering": ("panel_scheduled", *_DECIDE_ASSESS),
    "panel_scheduled": ("info_gathering", *_DECIDE_ASSESS),
    "assess_agreed": ("assessment_in_progress", "withdrawn"),
    "assessment_in_progress": ("advice_complete", "not_to_issue", "withdrawn"),
    "advice_complete": ("issue_agreed", "not_to_issue", "withdrawn"),
    "issue_agreed": ("draft_plan_issued", "withdrawn"),
    "draft_plan_issued": ("consulting_settings", "final_plan_issued", "withdrawn"),
    "consulting_settings": ("final_plan_issued", "withdrawn"),
    # Refusals, a final plan and withdrawal end the request (a new request is a new application).
    "assess_refused": (),
    "not_to_issue": (),
    # Reviews keep the plan; ceasing it (CFA s45), or the end of the school year in which the young person turns 25
    # (s46), ends the case.
    "final_plan_issued": ("plan_ceased", "plan_ended"),
    "plan_ceased": (),
    "plan_ended": (),
    "withdrawn": (),
}
# Set only by issuing a draft, consulting settings and issuing the final plan (services/plan_issue.py), each with
# its checks: never by a plain status change.
SET_BY_PLAN = ("draft_plan_issued", "consulting_settings", "final_plan_issued", "plan_ceased", "plan_ended")
OPEN_BEFORE_DECISION = ("submitted", "acknowledged", "info_gathering", "panel_scheduled")
CLOSED = CaseStage.CLOSED


def stage_of(status: str) -> str:
    """The stage a request's case is at, by its status: the stage tab whose forms the family is asked for
    (a decision to assess starts the assessment, a final plan its reviews); ``closed`` once the request has
    ended without a plan (refused, not issued, withdrawn)."""
    if status == "final_plan_issued":
        return "reviews"
    if status in TRANSITIONS and not TRANSITIONS[status]:
        return CLOSED
    if status == "assess_agreed":
        return "assessment"
    found = STATUSES.get(status)
    return found.phase if found else "request"


def is_overdue(status: str, decision_due_on: date | None, today: date) -> bool:
    """Still waiting for the decision whether to assess after its statutory date (reg 5(1): 6 weeks)."""
    return status in OPEN_BEFORE_DECISION and decision_due_on is not None and decision_due_on < today


def overdue_condition(today: date) -> ColumnElement[bool]:
    """``is_overdue`` as SQL, for the queue's filter and the figures (the same rule, counted in the database)."""
    return and_(col(EhcCase.case_status).in_(OPEN_BEFORE_DECISION), col(EhcCase.decision_due_on) < today)


_ASSESSING = ("assess_agreed", "assessment_in_progress", "advice_complete")
_PLANNING = ("issue_agreed", "draft_plan_issued", "consulting_settings")


def clock(status: str, received: date, today: date) -> Clock | None:
    """The statutory clock of a request at ``status`` on ``today``; None once the request has ended (refused,
    not issued, withdrawn) or its final plan was issued. Before the decision to assess, that decision is next
    (reg 5(1), 6 weeks); while assessing, the decision whether to issue a plan (a decision not to: reg 10(1),
    16 weeks); once a plan is to be issued, the final plan (reg 13(2), 20 weeks)."""
    deadlines = request_deadlines(received)
    week = max(0, (today - received).days) // 7 + 1
    if status in OPEN_BEFORE_DECISION:
        return Clock(week, "decision_to_assess", deadlines.decision_to_assess)
    if status in _ASSESSING:
        return Clock(week, "decision_to_issue", deadlines.decision_not_to_issue)
    if status in _PLANNING:
        return Clock(week, "final_plan", deadlines.final_plan)
    return None


class TransitionRefused(ValueError):
    """A change the process does not allow; the message says why, for the caseworker."""


def allowed_next(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def check(current: str, new: str) -> None:
    if new not in STATUSES:
        raise TransitionRefused(f"“{new}” is not a status")
    if current not in TRANSITIONS:
        raise TransitionRefused("This request has not been submitted, so it has no casework status yet")
    if new not in TRANSITIONS[current]:
        choices = ", ".join(STATUSES[key].label for key in TRANSITIONS[current]) or "none (the request has ended)"
        raise TransitionRefused(f"A request that is “{STATUSES[current].label}” cannot become "
                                f"“{STATUSES[new].label}”. It can become: {choices}")


def change(db: Session, case: EhcCase, new: str, *, actor: str, on: date, now: datetime, reason: str = "") -> None:
    """Move a case to ``new`` (in the caller's transaction), recording the decision date for decision statuses
    and the stage it puts the case at (closed when the request ended); refused if the process does not allow it
    or someone changed it first."""
    current = case.case_status
    check(current, new)
    decision = STATUSES[new].decision
    stage = stage_of(new)
    values: dict[str, object] = {"case_status": new, "status_changed_at": now, "stage": stage,
                                 "closed_on": on if stage == CLOSED else None, "updated_at": now}
    if decision in ("assess", "not_assess"):
        values.update(decision=decision, decision_on=on)
    elif decision in ("issue", "not_issue"):
        values.update(assessment_decision=decision, assessment_decision_on=on)
    elif decision == "final_plan":
        values.update(final_plan_on=on)
    result = db.execute(update(EhcCase).where(col(EhcCase.id) == case.id, col(EhcCase.case_status) == current)
                        .values(**values))
    if result.rowcount != 1:
        raise TransitionRefused("Someone else changed this request's status a moment ago. Reload it and try again")
    audit.record(db, actor=actor, action="case.status_changed", object_type=audit.CASE, object_id=case.id,
                 old=current, new=new, on=on.isoformat(), reason=reason)
