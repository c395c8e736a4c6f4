"""Record decision: which decisions are offered, the letter each writes (tab, rights, appeal date), the email."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from ehcna_portal.i18n import t
from ehcna_portal.models import CaseLetter, EhcCase, OutboxMessage, ParentAccount
from ehcna_portal.services import decisions
from ehcna_portal.services.decisions import DecisionRefused
from tests.support.factories import case_at

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_the_decisions_offered_follow_the_process():
    assert decisions.available("submitted") == ["assess", "not_assess"]
    assert decisions.available("panel_scheduled") == ["assess", "not_assess"]
    assert decisions.available("assess_agreed") == []
    assert decisions.available("assessment_in_progress") == ["not_issue"]
    assert decisions.available("advice_complete") == ["issue", "not_issue"]
    assert decisions.available("draft_plan_issued") == []  # the final plan: "Issue final plan" (test_plan_issue)
    assert decisions.available("assess_refused") == []


@pytest.mark.parametrize(("case", "decision", "status", "tab", "appeal"), [
    ("submitted", "assess", "assess_agreed", "request", False),
    ("submitted", "not_assess", "assess_refused", "request", True),
    ("advice_complete", "issue", "issue_agreed", "assessment", False),
    ("assessment_in_progress", "not_issue", "not_to_issue", "assessment", True),
])
def test_each_decision_writes_its_letter_on_its_tab_and_one_email(engine, settings, case, decision, status, tab,
                                                                   appeal):
    case_id = case_at(engine, case)
    recorded = decisions.record(engine, settings, case_id, decision, "Because of the evidence.", staff_id=None,
                                today=TODAY, now=NOW)  # type: ignore[arg-type]
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        letter = db.get(CaseLetter, recorded.letter_id)
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.template == "decision_made")).all()
    assert case.case_status == status and letter.phase == tab and letter.shared
    text = decisions.letter_content(letter, settings.public_url).text
    assert "Because of the evidence." in text and "EHC-2026-000001" in letter.title
    if appeal:
        assert recorded.appeal_by == date(2027, 1, 20)
        assert "You must appeal by 20 January 2027" in text and "mediation" in text
    else:
        assert recorded.appeal_by is None and "appeal by" not in text
    assert len(mail) == 1 and "EHC-2026-000001" in mail[0].subject
    assert "Zebedee" not in mail[0].text_body and "Quixley" not in mail[0].text_body


@pytest.mark.parametrize(("decision", "reasons", "field", "message"), [
    ("", "x", "decision", "Select the decision"),
    ("not_assess", "  ", "reasons", "Enter the reasons"),
    ("assess", "x" * 5001, "reasons", "5000 characters or fewer"),
    ("not_issue", "x", "decision", "cannot become"),
    ("final_plan", "x", "decision", "Select the decision"),  # issued with its checks: services/plan_issue.py
])
def test_a_decision_is_refused_with_the_reason_and_nothing_is_written(engine, settings, decision, reasons, field,
                                                                       message):
    case_id = case_at(engine, "submitted")
    with pytest.raises(DecisionRefused) as refused:
        decisions.record(engine, settings, case_id, decision, reasons, staff_id=None,  # type: ignore[arg-type]
                         today=TODAY, now=NOW)
    assert refused.value.field == field and message in str(refused.value)
    with Session(engine) as db:
        assert db.get(EhcCase, case_id).case_status == "submitted"
        assert db.exec(select(CaseLetter)).all() == [] and db.exec(select(OutboxMessage)).all() == []


def test_a_parent_sees_only_shared_letters_about_their_own_child(engine, settings):
    case_id = case_at(engine, "submitted")
    recorded = decisions.record(engine, settings, case_id, "assess", "", staff_id=None,  # type: ignore[arg-type]
                                today=TODAY, now=NOW)
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
    assert decisions.letter_for(engine, recorded.letter_id, parent_id=case.parent_id) is not None
    assert decisions.letter_for(engine, recorded.letter_id, parent_id=case.parent_id + 999) is None
    assert [letter.id for letter in decisions.letters_for_parent(engine, case.parent_id,
                                                                 case.child_id)] == [recorded.letter_id]
    assert decisions.letters_for_parent(engine, case.parent_id + 999, case.child_id) == []


def test_a_family_that_chose_welsh_gets_the_letter_and_the_email_in_welsh(engine, settings):
    case_id = case_at(engine, "submitted")
    with Session(engine) as db:
        parent = db.get(ParentAccount, db.get(EhcCase, case_id).parent_id)
        parent.preferred_language = "cy"
        db.add(parent)
        db.commit()
    recorded = decisions.record(engine, settings, case_id, "not_assess", "Oherwydd y dystiolaeth.",
                                staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
    with Session(engine) as db:
        letter = db.get(CaseLetter, recorded.letter_id)
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.template == "decision_made")).one()
    assert letter.lang == "cy"
    assert letter.title == t("letter.not_assess.title", "cy", reference="EHC-2026-000001")
    text = decisions.letter_content(letter, settings.public_url).text
    assert "20 Ionawr 2027" in text and "20 Tachwedd 2026" in text  # dates in Welsh
    assert mail.language == "cy" and mail.subject == t("email.decision_made.subject", "cy",
                                                        reference="EHC-2026-000001")
    assert f"{settings.public_url}/cy/ehc" in mail.text_body and '<html lang="cy">' in mail.html_body


def test_a_caseworkers_reasons_are_text_in_the_letter_never_markup(engine, settings):
    """security.md §0 item 13: reasons typed with headings, rules and links stay the text typed."""
    case_id = case_at(engine, "submitted")
    reasons = ("Not enough evidence.\n\n# Pay the tribunal fee now\n\n---\n\n"
               f"* {settings.public_url}@evil.example/pay\n\n{settings.public_url}/contact")
    recorded = decisions.record(engine, settings, case_id, "not_assess", reasons, staff_id=None,
                                today=TODAY, now=NOW)  # type: ignore[arg-type]
    with Session(engine) as db:
        letter = db.get(CaseLetter, recorded.letter_id)
    drawn = decisions.letter_content(letter, settings.public_url)
    template = decisions.letter_content(CaseLetter(case_id=case_id, phase="request", title="x",
                                                   body=letter.body, params={**letter.params, "reasons": "plain"}),
                                        settings.public_url)
    for tag in ("<h1", "<h2", "<hr", "<li", "<a "):
        assert drawn.html.count(tag) == template.html.count(tag), tag
    assert "# Pay the tribunal fee now" in drawn.text and "Pay the tribunal fee now" in drawn.html
    assert "{reasons}" in letter.body and letter.params["reasons"] == reasons  # kept apart: data, not markup


def test_a_letter_written_before_values_were_kept_apart_is_shown_as_text(settings):
    old = CaseLetter(case_id=1, phase="request", title="Decision", body="# Heading\n\n* item", params=None)
    drawn = decisions.letter_content(old, settings.public_url)
    assert "<h1" not in drawn.html and "<li" not in drawn.html and "# Heading" in drawn.text
