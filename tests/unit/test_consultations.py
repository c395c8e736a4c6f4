"""Consult schools: each setting is sent the latest draft through its own link (no account, an emailed code), is
asked to answer within 15 days (SEND Code of Practice 9.83), answers once; the tracker shows where each stands.
Attack cases as for professionals' links: an altered, other, withdrawn or expired link opens nothing, another
setting's token opens nothing, guessing is limited, an answer is given once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import AuditEvent, EhcCase, OutboxMessage, SchoolConsultation
from ehcna_portal.services import consultation_access, consultations, invitation_access
from ehcna_portal.services.invitation_access import CodeKind, LinkKind
from ehcna_portal.services.plan_edits import EditRefused
from tests.support.plans import ISSUED_AT, consultation_code_sent, consultation_link_of, drafted_case, school_opened

AGREE = {"answer": "agree", "name": "Pat Head", "role": "Headteacher", "reasons": ""}


@pytest.fixture
def consulted(engine, settings):
    case_id, staff_id = drafted_case(engine, settings)
    consultations.consult(engine, settings, case_id, "103456", "senco@whitley.example.org", staff_id=staff_id,
                          now=ISSUED_AT)
    return case_id, staff_id, consultation_link_of(engine, "senco@whitley.example.org")


def test_consulting_sends_the_draft_with_a_link_and_fifteen_days_and_moves_the_case_on(engine, consulted):
    case_id, _staff, link = consulted
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.template == "school_consultation")).one()
    assert case.case_status == "consulting_settings"
    assert "23 December 2026" in mail.text_body and case.reference in mail.subject
    assert case.child_name.split()[0] not in mail.text_body  # nothing about the child in the email
    [row] = consultations.tracker(engine, case_id, date(2026, 12, 10))
    assert (row.school_name, row.status, row.sent_on, row.due_on) == ("Whitley Academy", "sent", date(2026, 12, 8),
                                                                      date(2026, 12, 23))
    assert consultations.tracker(engine, case_id, date(2026, 12, 24))[0].status == "late"
    assert len(link) >= 20


@pytest.mark.parametrize(("urn", "email", "field", "message"), [
    ("", "a@example.org", "school_urn", "Select a school or college"),
    ("999999", "a@example.org", "school_urn", "Select a school or college"),
    ("103457", "", "email", "Enter the school's email address"),
    ("103457", "not-an-email", "email", "correct format"),
    ("103456", "b@example.org", "school_urn", "already been sent this draft"),
])
def test_a_consultation_is_refused_with_a_message_by_field(engine, settings, consulted, urn, email, field, message):
    case_id, staff_id, _link = consulted
    with pytest.raises(EditRefused) as refused:
        consultations.consult(engine, settings, case_id, urn, email, staff_id=staff_id, now=ISSUED_AT)
    assert message in refused.value.problems[field]


def test_the_school_answers_once_through_its_link_and_the_tracker_shows_it(engine, settings, consulted):
    case_id, _staff, link = consulted
    assert consultation_access.link(engine, link, ISSUED_AT).kind == LinkKind.OPEN
    later = ISSUED_AT + timedelta(days=2)  # Thursday 10 December 2026
    token = school_opened(engine, settings, link, now=later)
    seen = consultation_access.overview(engine, token, link, lang="en", now=later)
    assert seen is not None and not seen.answered and seen.plan.kind == "draft"
    assert [item.id for item in next(s for s in seen.plan.sections if s.key == "F").items] == ["F1", "F2"]
    with pytest.raises(EditRefused) as refused:
        consultations.answer(engine, token, link, {"answer": "cannot_meet", "name": "", "role": "SENCO"}, now=later)
    assert refused.value.problems == {"reasons": "error.consultation.reasons_empty",
                                      "name": "error.consultation.name_empty"}
    consultations.answer(engine, token, link, AGREE, now=later)
    with pytest.raises(LookupError):
        consultations.answer(engine, token, link, {**AGREE, "answer": "cannot_meet", "reasons": "x"}, now=later)
    [row] = consultations.tracker(engine, case_id, date(2026, 12, 30))
    assert (row.status, row.answered_on, row.responder) == ("agreed", date(2026, 12, 10), "Pat Head, Headteacher")
    assert consultation_access.link(engine, link, later).kind == LinkKind.ANSWERED
    with Session(engine) as db:
        actions = [event.action for event in db.exec(select(AuditEvent)).all()]
    assert {"consultation.sent", "consultation.opened", "consultation.viewed", "consultation.answered"} <= set(actions)


def test_an_altered_or_expired_link_opens_nothing_and_another_settings_token_opens_nothing(engine, settings,
                                                                                           consulted):
    case_id, staff_id, link = consulted
    altered = link[:-1] + ("A" if link[-1] != "A" else "B")
    assert consultation_access.link(engine, altered, ISSUED_AT).kind == LinkKind.UNKNOWN
    assert consultation_access.send_code(engine, settings, altered, ip="", now=ISSUED_AT) is None
    assert consultation_access.link(engine, link, ISSUED_AT + timedelta(weeks=8)).kind == LinkKind.EXPIRED
    consultations.consult(engine, settings, case_id, "103457", "office@woodfield.example.org", staff_id=staff_id,
                          now=ISSUED_AT)
    other = consultation_link_of(engine, "office@woodfield.example.org")
    token = school_opened(engine, settings, link)
    assert consultation_access.overview(engine, token, other, lang="en", now=ISSUED_AT) is None
    with pytest.raises(LookupError):
        consultations.answer(engine, token, other, AGREE, now=ISSUED_AT)
    with Session(engine) as db:
        assert db.exec(select(SchoolConsultation).where(SchoolConsultation.school_urn == "103457")).one().status \
            == "sent"


def test_an_advice_links_access_never_opens_a_consultation_and_the_reverse(engine, settings, consulted):
    _case, _staff, link = consulted
    token = school_opened(engine, settings, link)
    with Session(engine) as db:
        assert invitation_access.access_of(db, invitation_access.ADVICE, token, link, ISSUED_AT) is None
        assert invitation_access.access_of(db, invitation_access.CONSULTATION, token, link, ISSUED_AT) is not None
    pending = consultation_access.send_code(engine, settings, link, ip="", now=ISSUED_AT)
    assert invitation_access.check_code(engine, settings, invitation_access.ADVICE, pending,
                                        consultation_code_sent(engine), ip="", now=ISSUED_AT).kind == CodeKind.EXPIRED


def test_code_guessing_is_limited_per_consultation(engine, settings, consulted):
    _case, _staff, link = consulted
    pending = consultation_access.send_code(engine, settings, link, ip="198.51.100.7", now=ISSUED_AT)
    right = consultation_code_sent(engine)
    wrong = "000000" if right != "000000" else "111111"
    answers = [consultation_access.check_code(engine, settings, pending, wrong, ip="198.51.100.7", now=ISSUED_AT).kind
               for _ in range(6)]
    assert answers[:5] == [CodeKind.WRONG] * 5 and answers[5] in (CodeKind.EXPIRED, CodeKind.LOCKED)
    assert consultation_access.check_code(engine, settings, pending, right, ip="198.51.100.7",
                                          now=ISSUED_AT).kind != CodeKind.OK
