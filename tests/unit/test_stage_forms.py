"""The Assessment tab's own form, the family's advice (SEND Regulations 2014 reg 6(1)(a)): offered once the
council has decided to assess, started once, sent once, and never mistaken for a request by casework."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from ehcna_portal.forms import registry
from ehcna_portal.models import Application, ApplicationStatus, AuditEvent, EhcCase, OutboxMessage
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, case_status, draft_expiry, kpis, queue, staff_cases, stage_forms
from ehcna_portal.services.stage_forms import NOT_STARTED
from tests.support import factories

ADVICE = "parent_advice"
ANSWERS = {"advice_about_now": "Chatty at home, quiet at school.", "advice_going_well": "Swimming."}


def decided(engine, request_id: int, status: str = "assess_agreed") -> None:
    staff_cases.change_status(engine, factories.case_of(engine, request_id), status, actor="staff:1",
                              on=date(2026, 12, 7))


def family_with_request(engine, settings) -> tuple[int, int, int]:
    _email, parent_id, application_id, _reference = factories.sent_request(engine, settings, "Ada")
    with Session(engine) as db:
        child_id = db.get(Application, application_id).child_id
    return parent_id, child_id, application_id


def test_the_stage_follows_the_requests_status():
    assert case_status.stage_of("submitted") == "request"
    assert case_status.stage_of("assess_agreed") == "assessment"
    assert case_status.stage_of("advice_complete") == "assessment"
    assert case_status.stage_of("draft_plan_issued") == "plan"
    assert case_status.stage_of("final_plan_issued") == "reviews"
    for ended in ("assess_refused", "not_to_issue", "withdrawn"):
        assert case_status.stage_of(ended) == case_status.CLOSED


def test_the_advice_is_offered_only_once_the_council_has_decided_to_assess(engine, settings):
    parent_id, child_id, request_id = family_with_request(engine, settings)
    assert stage_forms.on_tab(engine, parent_id, child_id, "assessment") == []
    assert applications.start(engine, parent_id, child_id, ADVICE) is None  # not yet: nothing is started

    decided(engine, request_id, "acknowledged")
    decided(engine, request_id, "assess_agreed")
    listed = stage_forms.on_tab(engine, parent_id, child_id, "assessment")
    assert [(row.key, row.status) for row in listed] == [(ADVICE, NOT_STARTED)]
    assert stage_forms.on_tab(engine, parent_id, child_id, "request") == []  # the request tab keeps its own list
    other_parent = factories.parent_id_of(engine, factories.make_parent(engine, settings))
    assert stage_forms.on_tab(engine, other_parent, child_id, "assessment") == []
    assert applications.start(engine, other_parent, child_id, ADVICE) is None


def test_a_refused_request_offers_no_advice(engine, settings):
    parent_id, child_id, request_id = family_with_request(engine, settings)
    decided(engine, request_id, "assess_refused")
    assert stage_forms.on_tab(engine, parent_id, child_id, "assessment") == []
    assert applications.start(engine, parent_id, child_id, ADVICE) is None
    assert applications.start(engine, parent_id, child_id, "no_such_form") is None


def test_the_advice_is_started_once_sent_once_and_is_not_a_request(engine, settings):
    parent_id, child_id, request_id = family_with_request(engine, settings)
    decided(engine, request_id)
    first = applications.start(engine, parent_id, child_id, ADVICE)
    assert first is not None and first[1] == "step-1"
    assert applications.start(engine, parent_id, child_id, ADVICE) == first  # Start pressed again: the same draft
    advice_id = first[0]
    # A draft of the request and of the advice at once: one draft per child and form.
    assert applications.start(engine, parent_id, child_id) is not None

    view = applications.get(engine, parent_id, advice_id)
    applications.save_step(engine, parent_id, advice_id, view.version, 1, ANSWERS, complete=True, last_page="step-2")
    for step in (2, 3, 4):
        view = applications.get(engine, parent_id, advice_id)
        applications.save_step(engine, parent_id, advice_id, view.version, step, {}, complete=True,
                               last_page="summary")
    sent = applications.submit(engine, settings, parent_id, advice_id, given={}, now=utcnow())
    assert sent.submitted_now and sent.view.status == ApplicationStatus.SUBMITTED and not sent.view.reference
    again = applications.submit(engine, settings, parent_id, advice_id, given={}, now=utcnow())
    assert not again.submitted_now and again.view.status == ApplicationStatus.SUBMITTED
    assert applications.start(engine, parent_id, child_id, ADVICE) == (advice_id, "summary")
    listed = stage_forms.on_tab(engine, parent_id, child_id, "assessment")
    assert [(row.key, row.status, row.application_id) for row in listed] == [(ADVICE, "submitted", advice_id)]

    with Session(engine) as db:
        key = f"form-received:{advice_id}"
        mails = db.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).all()
        assert len(mails) == 1 and registry.form(ADVICE).title in mails[0].text_body
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "form.sent",
                                                AuditEvent.object_id == advice_id)).one()
    # Casework is about requests: the advice is neither in the queue nor the figures, nor a case of its own.
    assert [row.id for row in applications.for_child(engine, parent_id, child_id)
            if row.status != ApplicationStatus.DRAFT] == [request_id]
    staff_id, _email = factories.make_staff(engine, settings)
    case_id = factories.case_of(engine, request_id)
    assert factories.case_of(engine, advice_id) == case_id  # the advice belongs to the request's case
    assert staff_cases.open_case(engine, case_id, staff_id).request.id == request_id
    today = utcnow().date()
    rows = queue.all_rows(engine, queue.QueueQuery(), staff_id, today)
    assert [row.id for row in rows] == [case_id]
    month = kpis.monthly(engine, today, today)[-1]
    assert month.requests_received == 1


def test_advice_left_blank_can_be_sent_the_law_sets_no_format(engine, settings):
    """Every question is optional (a family may send documents instead): nothing blocks sending."""
    parent_id, child_id, request_id = family_with_request(engine, settings)
    decided(engine, request_id)
    advice_id, _page = applications.start(engine, parent_id, child_id, ADVICE)
    sent = applications.submit(engine, settings, parent_id, advice_id, given={}, now=utcnow())
    assert sent.submitted_now and sent.problems == [] and sent.view.status == ApplicationStatus.SUBMITTED


def test_a_sent_request_opens_a_case_that_follows_it_and_a_new_request_opens_a_new_one(engine, settings):
    parent_id, child_id, request_id = family_with_request(engine, settings)
    with Session(engine) as db:
        first = db.get(EhcCase, db.get(Application, request_id).case_id)
        assert (first.stage, first.child_id, first.closed_on) == ("request", child_id, None)
    decided(engine, request_id)
    advice_id, _page = applications.start(engine, parent_id, child_id, ADVICE)
    with Session(engine) as db:
        assert db.get(EhcCase, first.id).stage == "assessment"
        assert db.get(Application, advice_id).case_id == first.id  # the advice belongs to the case
    decided(engine, request_id, "withdrawn")
    with Session(engine) as db:
        closed = db.get(EhcCase, first.id)
        assert (closed.stage, closed.closed_on) == ("closed", date(2026, 12, 7))
    second = factories.start_request(engine, parent_id, child_id)
    factories.answer_required(engine, parent_id, second)
    factories.send(engine, settings, parent_id, second)
    with Session(engine) as db:
        again = db.get(Application, second).case_id
        assert again not in (None, first.id) and db.get(EhcCase, again).stage == "request"


def test_an_advice_draft_left_alone_is_reminded_in_its_own_words_then_deleted(engine, settings):
    parent_id, child_id, request_id = family_with_request(engine, settings)
    decided(engine, request_id)
    advice_id, _page = applications.start(engine, parent_id, child_id, ADVICE)
    now = utcnow()
    with Session(engine) as db:
        advice = db.get(Application, advice_id)
        advice.updated_at = now - timedelta(days=settings.draft_retention_days - settings.draft_reminder_days + 1)
        db.add(advice)
        db.commit()
    assert draft_expiry.expire_drafts(engine, settings, now).reminded == [advice_id]
    with Session(engine) as db:
        [mail] = db.exec(select(OutboxMessage).where(OutboxMessage.template == "form_draft_expiring")).all()
    assert mail.subject == f"Your unsent form will be deleted: {registry.form(ADVICE).title}"
    assert "needs assessment" not in mail.text_body  # not the request's wording
    later = now + timedelta(days=settings.draft_reminder_days)
    assert draft_expiry.expire_drafts(engine, settings, later).deleted == [advice_id]
