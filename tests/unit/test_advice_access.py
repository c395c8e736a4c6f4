"""A professional's way in through their link (issue 20): an emailed code, its limits, and what a link or an
access token opens — attack cases included: an altered, replaced, expired, excepted or other request's link
opens nothing; code guessing is limited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from ehcna_portal.services import advice_access, advice_requests, advice_tracking
from ehcna_portal.services.advice_access import CodeKind, LinkKind
from tests.support.advice import NOW, TODAY, code_sent, link_of, opened, requests, sent_case


def test_the_link_opens_its_request_once_the_emailed_code_checks_out(engine, settings):
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    token = link_of(engine, "psych@example.org")
    opened = advice_access.link(engine, token, NOW)
    assert (opened.kind, opened.masked_email) == (LinkKind.OPEN, "p••••@example.org")
    access = advice_access.send_code(engine, settings, token, ip="203.0.113.5", now=NOW)
    assert access is not None
    with Session(engine) as db:  # the code's email says nothing of the child
        assert advice_access.access_of(db, access, token, NOW) is None  # not until the code checks out
    assert advice_access.check_code(engine, settings, access, "000000" if code_sent(engine) != "000000" else "111111",
                                    ip="203.0.113.5", now=NOW).kind == CodeKind.WRONG
    checked = advice_access.check_code(engine, settings, access, code_sent(engine), ip="203.0.113.5",
                                       now=NOW)
    assert checked.kind == CodeKind.OK
    with Session(engine) as db:  # the token the page's state held opens nothing: the cookie's is new
        assert advice_access.access_of(db, access, token, NOW) is None
    cookie = advice_access.redeem(engine, checked.handoff, NOW + timedelta(seconds=30))
    assert cookie and advice_access.redeem(engine, checked.handoff, NOW) is None  # once
    access = cookie
    with Session(engine) as db:
        found = advice_access.access_of(db, access, token, NOW + timedelta(minutes=30))
        assert found is not None and found.case_id == case_id and not found.answered
        assert advice_access.access_of(db, access, token, NOW + timedelta(hours=3)) is None  # 2 hours
    assert requests(engine, case_id)["psychological"].status == "opened"
    # The code works once.
    assert advice_access.check_code(engine, settings, access, code_sent(engine), ip="203.0.113.5",
                                    now=NOW).kind == CodeKind.EXPIRED


def test_an_altered_replaced_expired_or_excepted_link_opens_nothing_and_a_token_only_its_own(engine, settings):
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    psych, medic = link_of(engine, "psych@example.org"), link_of(engine, "medic@example.org")
    assert advice_access.link(engine, psych[:-1] + ("A" if psych[-1] != "A" else "B"), NOW).kind == LinkKind.UNKNOWN
    assert advice_access.link(engine, psych, NOW + timedelta(weeks=12)).kind == LinkKind.EXPIRED
    assert advice_access.send_code(engine, settings, psych, ip="", now=NOW + timedelta(weeks=13)) is None
    access = opened(engine, settings, psych)
    with Session(engine) as db:
        assert advice_access.access_of(db, access, psych, NOW) is not None
        assert advice_access.access_of(db, access, medic, NOW) is None  # another request's link
    rows = requests(engine, case_id)
    advice_requests.resend(engine, settings, case_id, rows["psychological"].id, staff_id=None,  # type: ignore
                           today=TODAY, now=NOW)
    assert advice_access.link(engine, psych, NOW).kind == LinkKind.UNKNOWN  # replaced by a newer link
    with Session(engine) as db:
        assert advice_access.access_of(db, access, psych, NOW) is None
    advice_requests.settle(engine, case_id, rows["medical"].id, "withdrawn", reason="Not needed", staff_id=None,
                           today=TODAY, now=NOW)  # type: ignore[arg-type]
    assert advice_access.link(engine, medic, NOW).kind == LinkKind.UNKNOWN


def test_an_answered_request_still_opens_read_only_until_its_link_expires(engine, settings):
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    token = link_of(engine, "senco@example.org")
    advice_tracking.record_received(engine, settings, case_id, requests(engine, case_id)["educational"].id,
                                    document_id=None, staff_id=None, today=TODAY, now=NOW)  # type: ignore
    assert advice_access.link(engine, token, NOW).kind == LinkKind.ANSWERED
    access = opened(engine, settings, token)
    with Session(engine) as db:
        assert advice_access.access_of(db, access, token, NOW).answered


def test_guessing_the_code_is_limited_per_request_and_a_code_dies_after_five_wrong_tries(engine, settings):
    _parent_id, _request_id, _case_id = sent_case(engine, settings)
    token = link_of(engine, "care@example.org")
    access = advice_access.send_code(engine, settings, token, ip="198.51.100.7", now=NOW)
    right = code_sent(engine)
    wrong = "000000" if right != "000000" else "111111"
    answers = [advice_access.check_code(engine, settings, access, wrong, ip="198.51.100.7", now=NOW).kind
               for _ in range(5)]
    assert answers == [CodeKind.WRONG] * 5
    assert advice_access.check_code(engine, settings, access, right, ip="198.51.100.7",
                                    now=NOW).kind == CodeKind.EXPIRED  # five wrong: dead, even the right one
    # New codes, more guesses: the request's guesses lock after 10 in 15 minutes, whatever the code.
    seen = []
    for _ in range(4):
        again = advice_access.send_code(engine, settings, token, ip="198.51.100.8", now=NOW)
        if again is None:  # code emails are limited per address too
            break
        seen += [advice_access.check_code(engine, settings, again, wrong, ip="198.51.100.8",
                                          now=NOW).kind for _ in range(3)]
    assert CodeKind.LOCKED in seen
    later = datetime(2027, 1, 4, 11, 0, tzinfo=UTC)  # the window has passed
    fresh = advice_access.send_code(engine, settings, token, ip="198.51.100.9", now=later)
    assert fresh is not None
    assert advice_access.check_code(engine, settings, fresh, code_sent(engine), ip="198.51.100.9",
                                    now=later).kind == CodeKind.OK


def test_the_page_behind_the_link_shows_the_child_and_the_request_to_its_own_person_and_is_audited(engine, settings):
    from ehcna_portal.services import staff_cases

    _parent_id, request_id, case_id = sent_case(engine, settings)
    psych, medic = link_of(engine, "psych@example.org"), link_of(engine, "medic@example.org")
    access = opened(engine, settings, psych)
    seen = advice_access.overview(engine, access, psych, lang="en", now=NOW)
    assert seen is not None and seen.child_name == "Ada Staffcase" and seen.advice_type == "psychological"
    assert any("Ada finds noise" in row.answer for step in seen.steps for row in step.rows)
    assert seen.documents == ["school-report.pdf"]  # the family agreed to share (the request's consent)
    assert advice_access.overview(engine, access, medic, lang="en", now=NOW) is None  # not another's request
    assert advice_access.overview(engine, "not-a-token", psych, lang="en", now=NOW) is None
    [viewed] = [entry for entry in staff_cases.access_log(engine) if entry.action == "advice.viewed"]
    assert viewed.case_id == case_id and viewed.actor == f"professional:{requests(engine, case_id)['psychological'].id}"
    assert request_id
