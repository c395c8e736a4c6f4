"""Plans for the plan stage's tests: received structured advice written straight into the tables, and the advice of
two professionals that the Done-when journey builds its draft from."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.models import AdviceRequest, AdviceStatus

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
