"""A professional's advice form behind their link (issue 20): save and come back, a report, submit once — and
what another request's access, a stale tab or a submitted request cannot do."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlmodel import Session

from ehcna_portal.forms.professional_advice import PROFESSIONAL_ADVICE
from ehcna_portal.models import AdviceStatus, ApplicationDocument
from ehcna_portal.services import advice_form, applications, document_store
from ehcna_portal.services.advice_form import Saved, Submitted
from tests.support.advice import NOW, TODAY, link_of, mail, opened, requests, sent_case
from tests.support.factories import marked_pdf

CI = {"ci_needs": "Speaks in two-word phrases; does not start conversations with other children.",
      "ci_provision_what": "A 30-minute speech and language therapy session", "ci_provision_who":
      "Speech and language therapist", "ci_provision_how_often": "Once a week", "ci_provision_how_long":
      "For 12 months, then reviewed", "ci_outcomes": "By July 2027, starts a conversation with a friend"}
ABOUT = {"adviser_name": "Pat Psych", "adviser_role": "Educational psychologist", "adviser_how": "Saw her in class"}


@pytest.fixture
def psych(engine, settings):
    """(case id, link, cookie token) of the educational psychologist, in through their link."""
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    link = link_of(engine, "psych@example.org")
    return case_id, link, opened(engine, settings, link)


def save(engine, link, token, number, answers, version):
    return advice_form.save_step(engine, token, link, number, answers, version=version, today=TODAY, now=NOW)


def test_each_person_is_asked_the_areas_of_need_and_only_their_own_health_or_care_section():
    numbers = {kind: [step.number for step in advice_form.steps_for(PROFESSIONAL_ADVICE,
                                                                              advice_form.facts(kind))]
               for kind in ("psychological", "medical", "social_care")}
    assert numbers == {"psychological": [1, 2, 3, 4, 5, 8], "medical": [1, 2, 3, 4, 5, 6, 8],
                       "social_care": [1, 2, 3, 4, 5, 7, 8]}


def test_the_link_opens_on_the_page_that_fits_where_the_advice_stands():
    def form(answers, answered=False):
        return advice_form.AdviceForm(1, "psychological", answers, 0, answered)

    assert advice_form.opening_page(form({}), after_upload=False) == "step-1"
    assert advice_form.opening_page(form({"step-1": ABOUT}), after_upload=False) == advice_form.CHECK_PAGE
    assert advice_form.opening_page(form({"step-1": ABOUT}), after_upload=True) == advice_form.REPORT_PAGE
    assert advice_form.opening_page(form({"step-1": ABOUT}, True), after_upload=True) == advice_form.SENT_PAGE


def test_each_button_goes_where_it_says():
    steps = [1, 2, 3, 4, 5, 8]
    assert advice_form.next_page(steps, 1, "continue") == "step-2"
    assert advice_form.next_page(steps, 5, "continue") == "step-8"  # health and care skipped
    assert advice_form.next_page(steps, 8, "continue") == advice_form.REPORT_PAGE
    assert advice_form.next_page(steps, 2, "back") == "step-1"
    assert advice_form.next_page(steps, 1, "back") == advice_form.CHECK_PAGE
    assert advice_form.next_page(steps, 3, "later") == advice_form.SAVED_PAGE


def test_advice_is_saved_part_way_and_found_again_through_the_same_link(engine, settings, psych):
    _case_id, link, token = psych
    first = save(engine, link, token, 1, ABOUT, 0)
    assert (first.kind, first.version, first.problems) == (Saved.SAVED, 1, [])
    second = save(engine, link, token, 2, CI, 1)
    assert second.kind == Saved.SAVED
    again = opened(engine, settings, link, NOW + timedelta(hours=3))  # a new code, another day's session
    form = advice_form.load(engine, again, link, NOW + timedelta(hours=3))
    assert form is not None and not form.answered and form.version == 2
    assert form.answers["step-1"]["adviser_name"] == "Pat Psych"
    assert form.answers["step-2"]["ci_provision_how_often"] == "Once a week"
    rows = advice_form.summary(form.definition, form.answers, form.facts, "en")
    assert [step.number for step in rows] == [1, 2, 3, 4, 5, 8]
    assert ("How often?", "Once a week") in [(row.question, row.answer) for row in rows[1].rows]


def test_a_problem_is_shown_but_what_was_typed_is_kept(engine, psych):
    _case_id, link, token = psych
    outcome = save(engine, link, token, 1, {"adviser_name": "", "adviser_role": "x" * 201}, 0)
    assert outcome.kind == Saved.SAVED
    assert [(problem.field_id, problem.code) for problem in outcome.problems] == [
        ("adviser_name", "form.error.required_text"), ("adviser_role", "form.error.too_long")]
    assert requests(engine, psych[0])["psychological"].answers["step-1"]["adviser_role"] == "x" * 201


def test_a_stale_tab_cannot_overwrite_a_newer_save(engine, psych):
    _case_id, link, token = psych
    assert save(engine, link, token, 1, ABOUT, 0).kind == Saved.SAVED
    assert save(engine, link, token, 1, {**ABOUT, "adviser_name": "Old tab"}, 0).kind == Saved.STALE
    assert requests(engine, psych[0])["psychological"].answers["step-1"]["adviser_name"] == "Pat Psych"


def test_a_step_the_person_is_not_asked_cannot_be_saved(engine, psych):
    _case_id, link, token = psych
    assert save(engine, link, token, 6, {"medical_needs": "x"}, 0).kind == Saved.CLOSED  # health: medical only
    assert save(engine, link, token, 99, {}, 0).kind == Saved.CLOSED


def test_nothing_is_sent_without_the_declaration_and_some_advice(engine, settings, psych):
    _case_id, link, token = psych
    save(engine, link, token, 1, ABOUT, 0)
    refused = advice_form.submit(engine, settings, token, link, declared=False, today=TODAY, now=NOW)
    assert refused.kind == Submitted.PROBLEMS
    assert refused.problems == [("ci_needs", "error.advice_form.nothing_given"),
                                ("declaration", "error.advice_form.declaration")]
    assert requests(engine, psych[0])["psychological"].status == AdviceStatus.OPENED


def test_a_required_answer_missing_at_submit_is_shown_on_its_step(engine, settings, psych):
    _case_id, link, token = psych
    save(engine, link, token, 2, CI, 0)
    refused = advice_form.submit(engine, settings, token, link, declared=True, today=TODAY, now=NOW)
    assert [problem.field_id for problem in refused.step_problems] == ["adviser_name", "adviser_role"]
    assert advice_form.step_of(PROFESSIONAL_ADVICE, "adviser_name") == 1


def test_advice_with_a_report_is_sent_once_shared_with_the_family_and_then_read_only(engine, settings, psych):
    case_id, link, token = psych
    save(engine, link, token, 1, ABOUT, 0)
    save(engine, link, token, 2, CI, 1)
    report_id = advice_form.add_report(engine, settings, token, link, "EP report.pdf",
                                       io.BytesIO(marked_pdf("EP report")), NOW)
    with Session(engine) as db:
        report = db.get(ApplicationDocument, report_id)
        parent_id = report.parent_id
        assert report.advice_request_id == requests(engine, case_id)["psychological"].id and not report.shared
        # never one of the family's own uploads, and not theirs to read before it is sent
        assert not applications.from_family(report)
        assert report_id not in {doc.id for doc in applications.family_documents(db, report.application_id)}
    assert applications.owned_document(engine, parent_id, report_id) is None
    sent = advice_form.submit(engine, settings, token, link, declared=True, today=TODAY, now=NOW)
    assert sent.kind == Submitted.SENT
    again = advice_form.submit(engine, settings, token, link, declared=True, today=TODAY, now=NOW)
    assert again.kind == Submitted.ALREADY
    request = requests(engine, case_id)["psychological"]
    assert (request.status, request.received_on, request.document_id) == (AdviceStatus.RECEIVED, TODAY, report_id)
    assert applications.owned_document(engine, parent_id, report_id) is not None  # shared once sent
    assert len(mail(engine, "advice_received")) == 1
    assert save(engine, link, token, 1, {**ABOUT, "adviser_name": "Changed"}, 2).kind == Saved.CLOSED
    with pytest.raises(LookupError):
        advice_form.add_report(engine, settings, token, link, "late.pdf", io.BytesIO(marked_pdf("late")), NOW)
    form = advice_form.load(engine, token, link, NOW)
    assert form is not None and form.answered and [r.name for r in form.reports] == ["EP report.pdf"]
    assert advice_form.export(request)["steps"][1]["answers"]["ci_provision_what"]["value"] == CI["ci_provision_what"]


def test_a_report_is_checked_like_every_upload_and_limited_in_number(engine, settings, psych):
    _case_id, link, token = psych
    with pytest.raises(document_store.RefusedFile):
        advice_form.add_report(engine, settings, token, link, "report.pdf", io.BytesIO(b"MZ not a pdf"), NOW)
    for number in range(advice_form.MAX_REPORTS):
        advice_form.add_report(engine, settings, token, link, f"r{number}.pdf", io.BytesIO(marked_pdf(str(number))),
                               NOW)
    with pytest.raises(document_store.RefusedFile) as refused:
        advice_form.add_report(engine, settings, token, link, "one-more.pdf", io.BytesIO(marked_pdf("x")), NOW)
    assert refused.value.code == "too_many"


def test_one_requests_access_reads_and_writes_nothing_of_another(engine, settings, psych):
    case_id, link, token = psych
    other_link = link_of(engine, "medic@example.org")  # the same case's medical advice
    other_token = opened(engine, settings, other_link)
    assert advice_form.load(engine, token, other_link, NOW) is None
    assert save(engine, other_link, token, 1, ABOUT, 0).kind == Saved.CLOSED
    with pytest.raises(LookupError):
        advice_form.add_report(engine, settings, token, other_link, "r.pdf", io.BytesIO(marked_pdf("r")), NOW)
    assert advice_form.submit(engine, settings, token, other_link, declared=True, today=TODAY,
                              now=NOW).kind == Submitted.CLOSED
    mine = advice_form.add_report(engine, settings, token, link, "r.pdf", io.BytesIO(marked_pdf("r")), NOW)
    assert advice_form.report(engine, other_token, other_link, mine, NOW) is None
    assert advice_form.report(engine, token, link, mine, NOW) is not None
    assert advice_form.report(engine, "", link, mine, NOW) is None
    assert [kind for kind, request in requests(engine, case_id).items() if request.answers] == []
