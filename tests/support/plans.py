"""Plans for the plan stage's tests: received structured advice written straight into the tables, and the advice of
two professionals that the Done-when journey builds its draft from."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import (
    AdviceRequest,
    AdviceStatus,
    Application,
    ApplicationStatus,
    EhcCase,
    OutboxMessage,
    ParentAccount,
    PlanIssue,
    School,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import consultation_access, invitation_access, plan_issue, plans, reviews
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.invitation_access import CodeKind
from ehcna_portal.services.plan_edits import Edit
from ehcna_portal.settings import Settings
from tests.support.factories import case_at, make_staff

# An educational psychologist's advice (one vague provision, as drafts often are) and a speech and language
# therapist's (specific).
PSYCHOLOGIST = {"step-1": {"adviser_name": "Dr Ada Lovelace", "adviser_role": "Educational psychologist"},
                "step-3": {"cl_needs": "Reads two years below his age; slow to process spoken instructions",
                           "cl_provision_what": "Precision teaching of reading, one to one",
                           "cl_provision_who": "A teaching assistant trained by the educational psychologist",
                           "cl_provision_how_often": "Regular sessions",
                           "cl_provision_how_long": "For the next 12 months",
                           "cl_outcomes": "By July 2027 he reads a Year 4 book aloud"}}
THERAPIST = {"step-1": {"adviser_name": "Sam Rivers", "adviser_role": "Speech and language therapist"},
             "step-2": {"ci_needs": "Finds it hard to follow conversation in a group",
                        "ci_provision_what": "Speech and language therapy, one to one",
                        "ci_provision_who": "A speech and language therapist",
                        "ci_provision_how_often": "30 minutes every week",
                        "ci_provision_how_long": "For 12 months, then reviewed",
                        "ci_outcomes": "By July 2027 he takes turns in a conversation of three"}}


def advice_received(engine: Engine, case_id: int, advice_type: str, answers: dict, name: str) -> int:
    """A request for advice answered through its form: received on 1 December 2026."""
    with Session(engine) as db:
        request = AdviceRequest(case_id=case_id, advice_type=advice_type, recipient_name=name,
                                organisation="Coventry City Council", email=f"{advice_type}@example.org",
                                status=AdviceStatus.RECEIVED, sent_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                                received_on=date(2026, 12, 1), received_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
                                answers=answers, answers_version=1, form_version="2026-12")
        db.add(request)
        db.commit()
        return request.id or 0


def two_professionals(engine: Engine, case_id: int) -> tuple[int, int]:
    return (advice_received(engine, case_id, "psychological", PSYCHOLOGIST, "Dr Ada Lovelace"),
            advice_received(engine, case_id, "other", THERAPIST, "Sam Rivers"))


ISSUED_AT = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)  # Tuesday 8 December 2026, 10am: a draft served that day
SCHOOLS = (("103456", "Whitley Academy", "Secondary"), ("103457", "Woodfield School", "Special"))


def with_schools(engine: Engine) -> None:
    with Session(engine) as db:
        for urn, name, phase in SCHOOLS:
            if db.get(School, urn) is None:
                db.add(School(urn=urn, name=name, phase=phase))
        db.commit()


def drafted_case(engine: Engine, settings: Settings, now: datetime = ISSUED_AT, *,
                 family_language: str = "en") -> tuple[int, int]:
    """A case whose draft 1 (built from two professionals' advice, its one vague term overridden) was issued
    ``now`` (by default Tuesday 8 December 2026) to a family who reads ``family_language``: (case id, staff id)."""
    case_id = case_at(engine, "issue_agreed", received=date(2026, 8, 3))
    with Session(engine) as db:
        parent = db.get(ParentAccount, db.get(EhcCase, case_id).parent_id)  # type: ignore[union-attr]
        parent.preferred_language = family_language  # type: ignore[union-attr]
        db.add(parent)
        db.commit()
    two_professionals(engine, case_id)
    with_schools(engine)
    staff_id, _ = make_staff(engine, settings)
    plans.start(engine, case_id, staff_id=staff_id, now=now)
    plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=now)
    plan_issue.issue_draft(engine, settings, case_id, 2, staff_id=staff_id, now=now)
    return case_id, staff_id


def consultation_link_of(engine: Engine, to: str) -> str:
    with Session(engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "school_consultation",
                                                             OutboxMessage.to_address == to)
                       .order_by(col(OutboxMessage.id).desc())).first()
    return body.split("/consultation/", 1)[1].split()[0].rstrip(".)")


def consultation_code_sent(engine: Engine) -> str:
    with Session(engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "consultation_code")
                       .order_by(col(OutboxMessage.id).desc())).first()
    found = re.search(r"\b(\d{6})\b", body or "")
    assert found, "no consultation code was sent"
    return found.group(1)


def school_opened(engine: Engine, settings: Settings, link: str, now: datetime = ISSUED_AT) -> str:
    """Through the school's link: a code sent, given, and the handoff traded for the cookie's token."""
    pending = consultation_access.send_code(engine, settings, link, ip="", now=now)
    assert pending, "the link sent no code"
    checked = consultation_access.check_code(engine, settings, pending, consultation_code_sent(engine), ip="", now=now)
    assert checked.kind == CodeKind.OK
    token = invitation_access.redeem(engine, checked.handoff, now)
    assert token
    return token


def draft_issued(engine: Engine, settings: Settings, case_id: int, staff_id: int) -> int:
    """A case written straight on to "Decided to issue a plan", its (empty) plan issued as draft 1: its id."""
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        assert case is not None
        case.case_status, case.stage = "issue_agreed", "assessment"
        db.add(case)
        db.commit()
    version = plans.start(engine, case_id, staff_id=staff_id, now=utcnow())
    return plan_issue.issue_draft(engine, settings, case_id, version.revision, staff_id=staff_id, now=utcnow()).id or 0


def name_whitley(engine: Engine, case_id: int, staff_id: int, now: datetime) -> None:
    """Whitley Academy (URN 103456) named in section I of the case's plan (revision 2 → 3)."""
    with Session(engine) as db:
        if db.get(School, "103456") is None:
            db.add(School(urn="103456", name="Whitley Academy"))
            db.commit()
    plans.edit(engine, case_id, 2, Edit("placement", "I", values={"school_urn": "103456"}), staff_id=staff_id,
               now=now)


def final_plan_issued(engine: Engine, settings: Settings) -> tuple[int, int]:
    """The drafted case's final plan, naming Whitley Academy, issued on Wednesday 23 December 2026 (after the
    family's 15 days): (case id, staff id)."""
    case_id, staff_id = drafted_case(engine, settings)
    name_whitley(engine, case_id, staff_id, ISSUED_AT)
    plan_issue.issue_final(engine, settings, case_id, 3, staff_id=staff_id, today=date(2026, 12, 23),
                           now=datetime(2026, 12, 23, 9, tzinfo=UTC))
    return case_id, staff_id


def plan_in_force(engine: Engine, settings: Settings, *, review_due_in: int = 45,
                  family_language: str = "en") -> tuple[int, int]:
    """A final plan issued now (naming Whitley Academy) to a family who reads ``family_language``, its review due
    in ``review_due_in`` days (as if it had been made most of a year ago): (case id, staff id)."""
    now = utcnow()
    case_id, staff_id = drafted_case(engine, settings, now=now, family_language=family_language)
    name_whitley(engine, case_id, staff_id, now)
    with Session(engine) as db:  # the family's 15 days have passed
        db.execute(update(PlanIssue).where(col(PlanIssue.case_id) == case_id)
                   .values(respond_by=uk_date(now) - timedelta(days=1)))
        db.commit()
    plan_issue.issue_final(engine, settings, case_id, 3, staff_id=staff_id, today=uk_date(now), now=now)
    with Session(engine) as db:
        db.execute(update(EhcCase).where(col(EhcCase.id) == case_id)
                   .values(review_due_on=uk_date(now) + timedelta(days=review_due_in)))
        db.commit()
    return case_id, staff_id


def review_with_school(engine: Engine, settings: Settings, senco: str) -> tuple[int, str]:
    """A plan in force whose review meeting is 3 weeks away, the school's SENCO at ``senco`` asked for a report:
    (case id, the link in the SENCO's email)."""
    case_id, staff_id = plan_in_force(engine, settings)
    today = uk_date(utcnow())
    reviews.arrange(engine, settings, case_id, today + timedelta(days=21), staff_id=staff_id, today=today,
                    now=utcnow(), invite={"school_name": "Whitley Academy", "school_email": senco})
    with Session(engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(OutboxMessage.template == "review_report_requested",
                                                             OutboxMessage.to_address == senco)
                       .order_by(col(OutboxMessage.id).desc())).first()
    return case_id, body.split("/advice/", 1)[1].split()[0].rstrip(".)")


def family_responded(engine: Engine, case_id: int, at: datetime, *, school: dict | None = None) -> None:
    """The family's "Respond to the draft", sent at ``at``: "I have no comments", no meeting, no personal budget,
    and ``school`` ({"urn", "name"}) asked for when given."""
    wanted = {"draft_school_wanted": "yes", "draft_school": school} if school else {"draft_school_wanted": "no"}
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        assert case is not None
        db.add(Application(parent_id=case.parent_id, child_id=case.child_id, case_id=case_id,
                           form_key="draft_plan_response", form_version="2026-12", status=ApplicationStatus.SUBMITTED,
                           answers={"step-1": {"draft_has_comments": "no"}, "step-2": {"draft_meeting": "no"},
                                    "step-3": wanted, "step-4": {"draft_personal_budget": "no"}},
                           submitted_at=at))
        db.commit()
