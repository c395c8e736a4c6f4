"""Casework on real PostgreSQL and on SQLite (the single-server configuration): SEN2 KPIs by month, the staff
queue (tabs, search, filters, sort, pages, CSV), and assigning requests and recording reg 10(4) exceptions.

One small hand-made data set is seeded once for the module. The KPI and queue tests only read it; the casework
tests work in a session that is never committed (the services act in the caller's transaction), so they leave
it as they found it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import Application, ApplicationStatus, AuditEvent, EhcCase, StaffAccount
from ehcna_portal.services import casework, queue
from ehcna_portal.services.casework import CaseworkRefused
from ehcna_portal.services.kpis import MonthFigures, kpi_csv, monthly, overdue_now, to_csv
from ehcna_portal.services.queue import PAGE_SIZE, QueueQuery, QueueRow, all_rows, is_due_soon, is_overdue, queue_csv
from tests.support.databases import migrated_on
from tests.support.factories import parent_and_child_rows

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 20)  # the queue's "today"
ALICE, BOB, CAROL = "alice", "bob", "carol"  # Carol's account is inactive
ME = ALICE  # the signed-in caseworker for the queue's "mine" tab
SAMPLE = "Sample Street Primary School"


@dataclass(frozen=True)
class Seed:
    key: str
    ref: int  # EHC-2026-000<ref>
    received: date
    case: str
    officer: str | None = None
    name: str = ""
    sort_name: str = ""
    postcode: str = "CV9 1ZZ"
    setting: str = ""
    decision: str = ""
    decided: date | None = None
    plan: date | None = None
    exception: str = ""


D = date
# Inserted in this order, so ids rise down the list (references deliberately do not).
SEEDS = [
    # Decisions whether to assess, for the KPIs (received + 42 days is the 6-week date).
    # A1: 10 Aug + 42 = 21 Sep (21 days to 31 Aug, 21 more): decided on day 42, within.
    Seed("A1", 101, D(2026, 8, 10), "assessment_in_progress", BOB, "Amir Khan", "khan amir", "CV3 1AA",
         "Moat House Primary", "assess", D(2026, 9, 21)),
    # A2: 20 Aug + 42 = 1 Oct (11 days to 31 Aug, 30 in Sep, 1 more); decided 2 Oct, day 43, late.
    Seed("A2", 102, D(2026, 8, 20), "assess_refused", None, "Beth Jones", "jones beth", "CV3 1AB",
         "Moat House Primary", "not_assess", D(2026, 10, 2)),
    # A3: 1 Sep + 42 = 13 Oct (29 days to 30 Sep, 13 more); decided 13 Oct, day 42, within.
    Seed("A3", 103, D(2026, 9, 1), "assessment_in_progress", ALICE, "Cara Lee", "lee cara", "CV4 2BB",
         "Riverside Academy", "assess", D(2026, 10, 13)),
    # A4: 15 Sep + 42 = 27 Oct (15 days to 30 Sep, 27 more); decided 28 Oct, day 43, late.
    Seed("A4", 104, D(2026, 9, 15), "advice_complete", ALICE, "Dev Patel", "patel dev", "CV4 2BC",
         "Riverside Academy", "assess", D(2026, 10, 28)),
    # Final plans (received + 140 days is the 20-week date); the decisions to assess were all before September.
    # P1: 4 May + 140 = 21 Sep (27 to 31 May, 30 Jun, 31 Jul, 31 Aug = 119, 21 more): day 140, within, 20 weeks.
    Seed("P1", 51, D(2026, 5, 4), "final_plan_issued", BOB, "Eve Adams", "adams eve", "CV5 1AA", "",
         "assess", D(2026, 6, 1), D(2026, 9, 21)),
    # P2: 18 May + 147 = 12 Oct: 21 weeks, late, with an exception.
    Seed("P2", 52, D(2026, 5, 18), "final_plan_issued", BOB, "Finn Brown", "brown finn", "CV5 1AB", "",
         "assess", D(2026, 6, 15), D(2026, 10, 12), "exceptional_circumstances"),
    # P3: 1 Jun + 133 = 12 Oct: 19 weeks, within.
    Seed("P3", 53, D(2026, 6, 1), "final_plan_issued", ALICE, "Gia Clark", "clark gia", "CV5 1AC", "",
         "assess", D(2026, 6, 29), D(2026, 10, 12)),
    # P4: 25 May + 154 = 26 Oct: 22 weeks, late.
    Seed("P4", 54, D(2026, 5, 25), "final_plan_issued", None, "Hal Davis", "davis hal", "CV5 1AD", "",
         "assess", D(2026, 6, 22), D(2026, 10, 26)),
    # P5: 22 Jun + 141 = 10 Nov: day 141, one day late, 20.14 weeks.
    Seed("P5", 55, D(2026, 6, 22), "final_plan_issued", ALICE, "Ivy Evans", "evans ivy", "CV5 1AE", "",
         "assess", D(2026, 7, 20), D(2026, 11, 10)),
    # P6: a plan in August, before the KPI range.
    Seed("P6", 50, D(2026, 4, 10), "final_plan_issued", BOB, "Jay Ford", "ford jay", "CV5 1AF", "",
         "assess", D(2026, 5, 8), D(2026, 8, 28)),
    # P7: received in November; refused in January 2027, after the KPI range.
    Seed("P7", 201, D(2026, 11, 2), "assess_refused", None, "Kit Green", "green kit", "CV5 1AG", "",
         "not_assess", D(2027, 1, 4)),
    # The queue's open requests (6-week dates: Q1/Q6 12 Nov, Q2 20 Nov, Q3 25 Nov, Q4 26 Nov, Q5 16 Nov,
    # Q7 9 Nov, Q8 1 Dec).
    Seed("Q1", 210, D(2026, 10, 1), "submitted", None, "Zebedee Quixley", "quixley zebedee", "CV1 5RR", SAMPLE),
    Seed("Q2", 206, D(2026, 10, 9), "acknowledged", ALICE, "=Lena Hart", "hart lena", "CV1 5RR",
         "Riverside Academy"),
    Seed("Q3", 207, D(2026, 10, 14), "info_gathering", BOB, "Ada Lovelace-Byron", "lovelace-byron ada", "CV2 4AB",
         "Hilltop Nursery"),
    Seed("Q4", 203, D(2026, 10, 15), "panel_scheduled", ALICE, "Ada Smith", "smith ada", "B1 1AA", SAMPLE),
    # Q5: past its 6-week date, but decided (10 Nov, within): not overdue.
    Seed("Q5", 204, D(2026, 10, 5), "assess_agreed", None, "Mo Ali", "ali mo", "CV1 5RR", SAMPLE.upper(),
         "assess", D(2026, 11, 10)),
    # Q6: the same child as Q1, withdrawn, so not overdue either.
    Seed("Q6", 205, D(2026, 10, 1), "withdrawn", None, "Zebedee Quixley", "quixley zebedee", "CV1 5RR", SAMPLE),
    Seed("Q7", 202, D(2026, 9, 28), "panel_scheduled", BOB, "Nia Owen", "owen nia", "CV6 3CD", "Hilltop Nursery"),
    Seed("Q8", 208, D(2026, 10, 20), "submitted", BOB, "Adam Lovell", "lovell adam", "CV2 4AB", "100% Kids_Club"),
    # 27 withdrawn requests received in July (outside every KPI figure), for paging.
    *(Seed(f"F{n:02d}", 300 + n, D(2026, 7, n), "withdrawn", None, f"Filler {n:02d}", f"filler {n:02d}",
           "CV9 9ZZ", "Filler Academy") for n in range(1, 28)),
]
FILLERS = [f"F{n:02d}" for n in range(1, 28)]
# A draft that would match nearly everything if drafts were not left out (a draft opens no case: its id is no
# case's).
DRAFT = Seed("DRAFT", 0, D(2026, 10, 3), "submitted", ALICE, "Dora Draft", "draft dora", "CV1 5RR", SAMPLE,
             plan=D(2026, 10, 20))


@dataclass
class Data:
    engine: Engine
    ids: dict[str, int]  # seed key -> case id (the draft: its application's, which no case has)
    staff: dict[str, int]  # alice/bob/carol -> staff id
    keys: dict[int, str]  # case id -> seed key


def reference(seed_key: str) -> str:
    return f"EHC-2026-{next(seed.ref for seed in SEEDS if seed.key == seed_key):06d}"


def _seed(engine: Engine) -> Data:
    with Session(engine) as db:
        staff = {}
        for key, name, active in ((ALICE, "Alice Adams", True), (BOB, "Bob Brown", True),
                                  (CAROL, "Carol Cross", False)):
            account = StaffAccount(email=f"{key}@council.example.gov.uk", name=name, role="caseworker",
                                   password_hash="not-a-real-hash", is_active=active)
            db.add(account)
            db.flush()
            staff[key] = account.id
        parent, child = parent_and_child_rows(db, "queue-parent@example.com")
        ids = {}
        for seed in SEEDS:
            ids[seed.key] = sent_case(db, parent.id, child.id, seed.ref, seed.received, case_status=seed.case,
                                      assigned_to_id=staff[seed.officer] if seed.officer else None,
                                      child_name=seed.name, child_sort_name=seed.sort_name,
                                      child_postcode=seed.postcode, setting_name=seed.setting,
                                      decision=seed.decision, decision_on=seed.decided, final_plan_on=seed.plan,
                                      exception_reason=seed.exception)
        draft = Application(parent_id=parent.id, child_id=child.id, form_key="ehcna", form_version="1",
                            status=ApplicationStatus.DRAFT, answers={"step-1": {"forename": "Dora"}})
        db.add(draft)
        db.flush()
        ids[DRAFT.key] = draft.id
        db.commit()
    return Data(engine, ids, staff, {value: key for key, value in ids.items()})


def sent_case(db: Session, parent_id: int, child_id: int, ref: int, received: date, *, request_id: int | None = None,
              **casework: object) -> int:
    """A sent request (reference EHC-2026-<ref>) and the case it opened, with ``casework``: the case's id."""
    request = Application(id=request_id, parent_id=parent_id, child_id=child_id, form_key="ehcna", form_version="1",
                          status=ApplicationStatus.SUBMITTED, reference=f"EHC-2026-{ref:06d}", received_on=received)
    db.add(request)
    db.flush()
    case = EhcCase(child_id=child_id, parent_id=parent_id, reference=request.reference, opened_on=received,
                   received_on=received, decision_due_on=received + timedelta(days=42), **casework)
    db.add(case)
    db.flush()
    request.case_id = case.id
    db.add(request)
    return case.id or 0


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Data]:
    """The same hand-counted requests in both databases the portal runs on (the counting is done in SQL)."""
    with migrated_on(request.param, tmp_path_factory.mktemp("kpis")) as engine:
        yield _seed(engine)


def page(data: Data, **query: object) -> queue.QueuePage:
    return queue.search(data.engine, QueueQuery(**query), data.staff[ME], TODAY)


def keys(data: Data, rows: list[QueueRow]) -> list[str]:
    return [data.keys[row.id] for row in rows]


# ---------------------------------------------------------------- KPIs

def figures(month: str, *, received=0, decisions=(0, 0, 0, 0), plans=(0, 0, 0, 0), weeks=0.0) -> MonthFigures:
    """decisions: (made, within 6 weeks, agreed, refused); plans: (issued, within 20 weeks, without an exception,
    within 20 weeks without an exception)."""
    return MonthFigures(month, received, *decisions[:2], *decisions[2:], *plans, weeks)


# Requests received:  Sep: A3 (1st), A4 (15th), Q7 (28th) = 3
#                     Oct: Q1, Q6 (1st), Q5 (5th), Q2 (9th), Q3 (14th), Q4 (15th), Q8 (20th) = 7 (not the draft)
#                     Nov: P7 (2nd) = 1;  Dec: none.  (A1, A2 in Aug, the plans' requests and the fillers: before.)
# Decisions:          Sep: A1 (day 42, within, assess) -> 1 made, 1 within, 1 agreed.
#                     Oct: A2 (day 43, late, refused), A3 (day 42, within, assess), A4 (day 43, late, assess)
#                          -> 3 made, 1 within (33.3%), 2 agreed, 1 refused.
#                     Nov: Q5 (10 Nov <= 16 Nov, within, assess) -> 1 made, 1 within, 1 agreed.
#                     (P7's, in January 2027, and the plans' own decisions, May to July, are outside.)
# Plans:              Sep: P1 (20 weeks, within) -> 1 issued, 1 within, 1 without exception, 1 within of those;
#                          weeks 20.0
#                     Oct: P2 (21 weeks, late, exception), P3 (19, within), P4 (22, late)
#                          -> 3 issued, 1 within (33.3%); without exception P3, P4: 2, 1 within (50.0%);
#                          weeks 21 + 19 + 22 = 62, average 62 / 3 = 20.67 -> 20.7
#                     Nov: P5 (141 days = 20.14 weeks, late) -> 1 issued, 0 within (0.0%), 1 without exception,
#                          0 within (0.0%); average 20.1
#                     (P6's plan, 28 August, and the draft's, are not counted.)
SEPTEMBER = figures("2026-09", received=3, decisions=(1, 1, 1, 0), plans=(1, 1, 1, 1), weeks=20.0)
OCTOBER = figures("2026-10", received=7, decisions=(3, 1, 2, 1), plans=(3, 1, 2, 1), weeks=62.0)
NOVEMBER = figures("2026-11", received=1, decisions=(1, 1, 1, 0), plans=(1, 0, 1, 0), weeks=141 / 7)
DECEMBER = figures("2026-12")


def test_monthly_figures_are_the_hand_counted_ones(data):
    found = monthly(data.engine, date(2026, 9, 1), date(2026, 12, 31))
    assert [month.month for month in found] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    for got, expected in zip(found, (SEPTEMBER, OCTOBER, NOVEMBER, DECEMBER), strict=True):
        assert got.weeks_to_plan_total == pytest.approx(expected.weeks_to_plan_total)
        got.weeks_to_plan_total = expected.weeks_to_plan_total
        assert got == expected


def test_monthly_percentages_and_average_weeks(data):
    sep, oct_, nov, dec = monthly(data.engine, date(2026, 9, 1), date(2026, 12, 31))
    as_reported = [(month.percent_decisions_within_6_weeks, month.percent_plans_within_20_weeks,
                    month.percent_plans_within_20_weeks_excluding_exceptions, month.average_weeks_to_plan)
                   for month in (sep, oct_, nov, dec)]
    assert as_reported == [
        (100.0, 100.0, 100.0, 20.0),
        (33.3, 33.3, 50.0, 20.7),  # 1/3, 1/3, 1/2, 62/3
        (100.0, 0.0, 0.0, 20.1),  # 1/1, 0/1, 0/1, 141/7
        (None, None, None, None),  # nothing happened: no percentages rather than 0%
    ]


def test_a_single_month_range_counts_only_that_month(data):
    (october,) = monthly(data.engine, date(2026, 10, 1), date(2026, 10, 31))
    assert october.month == "2026-10"
    assert (october.requests_received, october.decisions_made, october.plans_issued) == (7, 3, 3)
    # The first day may be any day of its month: the whole month is counted.
    assert monthly(data.engine, date(2026, 10, 17), date(2026, 10, 31))[0].requests_received == 7


def test_events_outside_the_range_are_not_counted(data):
    # August alone: A1 and A2 received, P6's plan; A1's decision (21 Sep) is in September.
    (august,) = monthly(data.engine, date(2026, 8, 1), date(2026, 8, 31))
    assert (august.requests_received, august.decisions_made, august.plans_issued) == (2, 0, 1)
    assert august.average_weeks_to_plan == round((D(2026, 8, 28) - D(2026, 4, 10)).days / 7, 1)  # 140 days: 20.0
    # January 2027: only P7's refusal (received 2 Nov, decided 4 Jan, 63 days: late).
    (january,) = monthly(data.engine, date(2027, 1, 1), date(2027, 1, 31))
    assert (january.requests_received, january.decisions_made, january.decisions_within_6_weeks,
            january.assessments_refused, january.percent_decisions_within_6_weeks) == (0, 1, 0, 1, 0.0)
    # A range of months in which nothing happened.
    assert monthly(data.engine, date(2025, 1, 1), date(2025, 2, 28)) == [figures("2025-01"), figures("2025-02")]


def test_a_range_across_the_year_end_lists_every_month(data):
    found = monthly(data.engine, date(2026, 11, 1), date(2027, 2, 28))
    assert [month.month for month in found] == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert [month.decisions_made for month in found] == [1, 0, 1, 0]


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 11, 9), 0),  # Q7's date is the 9th: not yet past
    (date(2026, 11, 10), 1),  # Q7
    (date(2026, 11, 20), 2),  # Q7, Q1 (12 Nov); Q2's date is today; Q5 decided, Q6 withdrawn, the draft left out
    (date(2026, 11, 21), 3),  # and Q2
    (date(2026, 12, 2), 6),  # and Q3 (25 Nov), Q4 (26 Nov), Q8 (1 Dec)
])
def test_overdue_now_counts_requests_waiting_past_their_6_week_date(data, today, expected):
    assert overdue_now(data.engine, today) == expected


def quoted(*lines: str) -> str:
    """CSV lines as ``to_csv`` writes them: every field quoted."""
    return "".join(",".join(f'"{field}"' for field in line.split(",")) + "\r\n" for line in lines)


def test_the_kpi_csv_for_one_month(data):
    (october,) = monthly(data.engine, date(2026, 10, 1), date(2026, 10, 31))
    assert kpi_csv([october, figures("2026-12")]) == quoted(
        "month,requests_received,decisions_made,decisions_within_6_weeks,percent_decisions_within_6_weeks,"
        "assessments_agreed,assessments_refused,plans_issued,plans_within_20_weeks,percent_plans_within_20_weeks,"
        "percent_plans_within_20_weeks_excluding_exceptions,average_weeks_to_plan",
        "2026-10,7,3,1,33.3,2,1,3,1,33.3,50.0,20.7",
        "2026-12,0,0,0,,0,0,0,0,,,")


def test_to_csv_quotes_every_field_and_makes_formulas_inert_and_none_empty():
    text = to_csv(["a", "b", "c", "d"], [
        ["=SUM(A1:A9)", "+44 1632 960001", "-5", "@cmd"],
        ["\tx", "\rx", None, ""],
        [-5, 0, 1.5, date(2026, 11, 20)],  # numbers and dates are not text: left as they are
        ["plain", "a b", 'say "hi"', "x=1"],  # a formula starter only counts at the start or after a separator
    ])
    assert text == ('"a","b","c","d"\r\n'
                    '"\'=SUM(A1:A9)","\'+44 1632 960001","\'-5","\'@cmd"\r\n'
                    '"\'\tx","\'\rx","",""\r\n'
                    '"-5","0","1.5","2026-11-20"\r\n'
                    '"plain","a b","say ""hi""","x=1"\r\n')


@pytest.mark.parametrize(("typed", "written"), [
    ("Bo;=HYPERLINK(\"https://evil.example\")", "Bo;'=HYPERLINK(\"\"https://evil.example\"\")"),
    ("Ann,+cmd|' /C calc'!A0", "Ann,'+cmd|' /C calc'!A0"),
    ("x|  @SUM(1)", "x|  '@SUM(1)"),
    ("line\n-2+3", "line\n'-2+3"),
])
def test_a_formula_after_a_separator_is_made_inert_too(typed: str, written: str):
    """Opened with ``;`` or ``|`` as the separator, or by an importer that ignores quotes, each part would
    be a cell of its own: none of them may start a formula."""
    assert to_csv(["a"], [[typed]]) == f'"a"\r\n"{written}"\r\n'


def test_to_csv_with_no_rows_is_just_the_header():
    assert to_csv(("x", "y"), []) == '"x","y"\r\n'


# ---------------------------------------------------------------- the queue: tabs and search

ALL_SUBMITTED = 19 + 27  # A1-A4, P1-P7, Q1-Q8 and the fillers; never the draft
MINE = ["P3", "P5", "A3", "A4", "Q2", "Q4"]  # Alice's, by 6-week date: 13 Jul, 3 Aug, 13 Oct, 27 Oct, 20 Nov, 26 Nov


def test_tabs_and_their_counts(data):
    everything = page(data)
    assert everything.counts == {"mine": 6, "unassigned": ALL_SUBMITTED - 6 - 7, "all": ALL_SUBMITTED}
    assert (everything.total, everything.pages, everything.page) == (ALL_SUBMITTED, 2, 1)
    mine = page(data, tab="mine")
    assert keys(data, mine.rows) == MINE
    assert mine.counts == everything.counts and mine.total == 6
    assert {row.assigned_to for row in mine.rows} == {"Alice Adams"}
    unassigned = page(data, tab="unassigned", received_from=date(2026, 8, 1))
    assert sorted(keys(data, unassigned.rows)) == sorted(["A2", "P7", "Q1", "Q5", "Q6"])
    assert {row.assigned_to for row in unassigned.rows} == {""}
    # The counts follow the search and filters, for every tab.
    assert unassigned.counts == {"mine": 4, "unassigned": 5, "all": 13}  # A3, A4, Q2, Q4 / + Bob: A1, Q3, Q7, Q8
    assert page(data, tab="mine", search="zebedee").counts == {"mine": 0, "unassigned": 2, "all": 2}


def test_another_officers_mine_tab(data):
    bob = queue.search(data.engine, QueueQuery(tab="mine"), data.staff[BOB], TODAY)
    assert keys(data, bob.rows) == ["P6", "P1", "P2", "A1", "Q7", "Q3", "Q8"]
    assert bob.counts["mine"] == 7


@pytest.mark.parametrize("text", ["EHC-2026-000207", "ehc-2026-000207", "  Ehc-2026-000207 "])
def test_search_by_reference_ignores_case(data, text):
    found = page(data, search=text)
    assert keys(data, found.rows) == ["Q3"] and found.total == 1


def test_a_reference_that_is_not_there_finds_nothing(data):
    assert page(data, search="EHC-2026-999999").rows == []
    assert page(data, search="EHC-2026-000000").rows == []  # not even the draft (which has no reference)


@pytest.mark.parametrize("text", ["CV1 5RR", "cv1 5rr", "cv15rr", "  Cv1   5rR ", "CV1-5RR"])
def test_search_by_postcode_ignores_spacing_and_case(data, text):
    found = page(data, search=text, sort="reference")
    assert keys(data, found.rows) == ["Q5", "Q6", "Q2", "Q1"]  # 204, 205, 206, 210; the draft left out


@pytest.mark.parametrize(("text", "expected"), [
    ("Zebedee Quixley", ["Q1", "Q6"]),
    ("quixley zebedee", ["Q1", "Q6"]),  # either order
    ("ZEB  quix", ["Q1", "Q6"]),  # parts of words, any case and spacing
    ("ada", ["P1", "Q3", "Q4", "Q8"]),  # adams eve, lovelace-byron ada, smith ada, lovell adam
    ("byron ada", ["Q3"]),
    ("ada lovel", ["Q3", "Q8"]),
    ("lovelace-byron", ["Q3"]),
    ("smith ada zebedee", []),  # every word must be found
    ("dora", []),  # the draft
    ("%", []),  # wildcards are plain text
    ("_", []),
])
def test_search_by_any_parts_of_the_childs_name(data, text, expected):
    found = page(data, search=text, sort="reference", received_from=date(2026, 1, 1))
    assert sorted(keys(data, found.rows)) == sorted(expected)
    assert found.total == len(expected)


def test_status_filter(data):
    assert keys(data, page(data, statuses=("panel_scheduled",)).rows) == ["Q7", "Q4"]
    assert keys(data, page(data, statuses=("panel_scheduled", "submitted")).rows) == ["Q7", "Q1", "Q4", "Q8"]
    both = page(data, statuses=("assess_refused", "bogus"))
    assert keys(data, both.rows) == ["A2", "P7"]
    assert both.counts == {"mine": 0, "unassigned": 2, "all": 2}
    # Only unknown statuses: no status filter at all.
    assert page(data, statuses=("bogus",)).total == ALL_SUBMITTED


def test_officer_filter(data):
    found = page(data, officer_id=data.staff[BOB])
    assert keys(data, found.rows) == ["P6", "P1", "P2", "A1", "Q7", "Q3", "Q8"]
    assert found.counts == {"mine": 0, "unassigned": 0, "all": 7}
    assert page(data, officer_id=data.staff[CAROL]).rows == []


@pytest.mark.parametrize(("setting", "expected"), [
    ("street primary", ["Q1", "Q6", "Q5", "Q4"]),
    ("  SAMPLE street ", ["Q1", "Q6", "Q5", "Q4"]),  # Q5's is in capitals
    ("hilltop", ["Q7", "Q3"]),
    ("100%", ["Q8"]),  # % and _ are matched as themselves
    ("_", ["Q8"]),
    ("nowhere", []),
])
def test_setting_filter(data, setting, expected):
    assert keys(data, page(data, setting=setting).rows) == expected


def test_received_from_and_to_are_inclusive(data):
    found = page(data, received_from=date(2026, 10, 1), received_to=date(2026, 10, 14))
    assert keys(data, found.rows) == ["Q1", "Q6", "Q5", "Q2", "Q3"]  # 1, 1, 5, 9, 14 October
    assert keys(data, page(data, received_from=date(2026, 11, 1)).rows) == ["P7"]
    assert keys(data, page(data, received_to=date(2026, 4, 30)).rows) == ["P6"]
    assert page(data, received_from=date(2026, 11, 3), received_to=date(2026, 11, 1)).rows == []


def test_overdue_only_is_open_requests_past_their_6_week_date(data):
    found = page(data, overdue_only=True)
    # Not Q5 (decided), Q6 or the fillers (withdrawn), the A and P rows (decided), nor the draft.
    assert keys(data, found.rows) == ["Q7", "Q1"]
    assert [row.days_left for row in found.rows] == [-11, -8]
    assert all(is_overdue(row) for row in found.rows)
    assert found.counts == {"mine": 0, "unassigned": 1, "all": 2}
    # Combined with other filters.
    assert keys(data, page(data, overdue_only=True, officer_id=data.staff[BOB]).rows) == ["Q7"]


def test_filters_combine(data):
    found = page(data, search="ada", statuses=("panel_scheduled", "info_gathering"), setting="nursery")
    assert keys(data, found.rows) == ["Q3"]


# ---------------------------------------------------------------- the queue: sorting and pages

# Received from 1 October: P7 < Q1 < Q2 < ... < Q8 by id.
#   ref:       P7 201, Q4 203, Q5 204, Q6 205, Q2 206, Q3 207, Q8 208, Q1 210
#   child:     ali mo (Q5), green kit (P7), hart lena (Q2), lovelace-byron ada (Q3), lovell adam (Q8),
#              quixley zebedee (Q1, Q6), smith ada (Q4)
#   received:  Q1 = Q6 (1 Oct), Q5 (5), Q2 (9), Q3 (14), Q4 (15), Q8 (20), P7 (2 Nov); due is received + 42
#   assigned:  Alice Adams (Q2, Q4), Bob Brown (Q3, Q8), nobody (P7, Q1, Q5, Q6) — always last
#   status:    acknowledged Q2, assess_agreed Q5, assess_refused P7, info_gathering Q3, panel_scheduled Q4,
#              submitted Q1 = Q8, withdrawn Q6
SORTED = {
    "reference": (["P7", "Q4", "Q5", "Q6", "Q2", "Q3", "Q8", "Q1"], ["Q1", "Q8", "Q3", "Q2", "Q6", "Q5", "Q4", "P7"]),
    "child": (["Q5", "P7", "Q2", "Q3", "Q8", "Q1", "Q6", "Q4"], ["Q4", "Q6", "Q1", "Q8", "Q3", "Q2", "P7", "Q5"]),
    "received": (["Q1", "Q6", "Q5", "Q2", "Q3", "Q4", "Q8", "P7"], ["P7", "Q8", "Q4", "Q3", "Q2", "Q5", "Q6", "Q1"]),
    "due": (["Q1", "Q6", "Q5", "Q2", "Q3", "Q4", "Q8", "P7"], ["P7", "Q8", "Q4", "Q3", "Q2", "Q5", "Q6", "Q1"]),
    "assigned": (["Q2", "Q4", "Q3", "Q8", "P7", "Q1", "Q5", "Q6"], ["Q8", "Q3", "Q4", "Q2", "Q6", "Q5", "Q1", "P7"]),
    "status": (["Q2", "Q5", "P7", "Q3", "Q4", "Q1", "Q8", "Q6"], ["Q6", "Q8", "Q1", "Q4", "Q3", "P7", "Q5", "Q2"]),
}


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(SORTED))
def test_every_sort_key_both_ways_with_id_as_the_tie_break(data, sort, descending):
    assert set(SORTED) == set(queue.SORTS)
    found = page(data, sort=sort, descending=descending, received_from=date(2026, 10, 1))
    assert keys(data, found.rows) == SORTED[sort][descending]
    rows = all_rows(data.engine, QueueQuery(sort=sort, descending=descending, received_from=date(2026, 10, 1)),
                    data.staff[ME], TODAY)
    assert keys(data, rows) == SORTED[sort][descending]


def test_an_unknown_sort_key_sorts_by_due_date(data):
    found = page(data, sort="'; drop table application; --", received_from=date(2026, 10, 1))
    assert keys(data, found.rows) == SORTED["due"][0]


def test_pages_of_25_and_a_page_beyond_the_end_shows_the_last(data):
    assert PAGE_SIZE == 25
    fillers = {"setting": "Filler Academy", "sort": "reference"}  # F01..F27, references 301..327
    first = page(data, **fillers)
    assert (first.total, first.pages, first.page) == (27, 2, 1)
    assert keys(data, first.rows) == FILLERS[:25]
    second = page(data, **fillers, page=2)
    assert (second.page, keys(data, second.rows)) == (2, FILLERS[25:])
    assert page(data, **fillers, page=99).page == 2
    assert keys(data, page(data, **fillers, page=99).rows) == FILLERS[25:]
    assert (page(data, **fillers, page=0).page, page(data, **fillers, page=-3).page) == (1, 1)
    descending = page(data, **fillers, descending=True, page=2)
    assert keys(data, descending.rows) == ["F02", "F01"]
    # Exactly 25 is one page; 26 is two.
    assert page(data, **fillers, received_to=date(2026, 7, 25)).pages == 1
    assert page(data, **fillers, received_to=date(2026, 7, 26)).pages == 2
    # Nothing found is one empty page.
    empty = page(data, search="nobody at all", page=3)
    assert (empty.rows, empty.total, empty.pages, empty.page) == ([], 0, 1, 1)


def test_the_pages_together_are_all_rows_in_order(data):
    pages = page(data).rows + page(data, page=2).rows
    everything = all_rows(data.engine, QueueQuery(), data.staff[ME], TODAY)
    assert [row.id for row in pages] == [row.id for row in everything]
    assert len(everything) == ALL_SUBMITTED
    assert "DRAFT" not in keys(data, everything)
    due = [(row.decision_due_on, row.id) for row in everything]
    assert due == sorted(due)
    assert keys(data, all_rows(data.engine, QueueQuery(tab="mine"), data.staff[ME], TODAY)) == MINE
    assert keys(data, all_rows(data.engine, QueueQuery(tab="mine"), data.staff[ME], TODAY, limit=2)) == MINE[:2]


def test_rows_days_left_overdue_and_due_soon(data):
    rows = {data.keys[row.id]: row for row in all_rows(data.engine, QueueQuery(), data.staff[ME], TODAY)}
    seen = {key: (rows[key].days_left, is_overdue(rows[key]), is_due_soon(rows[key]))
            for key in ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "A1", "P1")}
    assert seen == {
        "Q1": (-8, True, False),  # due 12 Nov
        "Q2": (0, False, True),  # due today
        "Q3": (5, False, True),  # due 25 Nov: the last "soon" day
        "Q4": (6, False, False),
        "Q5": (None, False, False),  # decided: no longer counting down
        "Q6": (None, False, False),  # withdrawn
        "Q7": (-11, True, False),
        "Q8": (11, False, False),
        "A1": (None, False, False),
        "P1": (None, False, False),
    }
    q3 = rows["Q3"]
    assert (q3.reference, q3.child_name, q3.received_on, q3.decision_due_on, q3.assigned_to, q3.status,
            q3.status_label) == ("EHC-2026-000207", "Ada Lovelace-Byron", date(2026, 10, 14), date(2026, 11, 25),
                                 "Bob Brown", "info_gathering", "Gathering information")


@pytest.mark.parametrize(("left", "overdue", "soon"), [
    (None, False, False), (-1, True, False), (0, False, True), (5, False, True), (6, False, False)])
def test_is_overdue_and_is_due_soon_boundaries(left, overdue, soon):
    row = QueueRow(1, "EHC-2026-000001", "A B", None, None, "", "submitted", "Received", left)
    assert (is_overdue(row), is_due_soon(row)) == (overdue, soon)


def test_queue_csv_for_two_rows(data):
    rows = all_rows(data.engine, QueueQuery(statuses=("submitted", "acknowledged"), received_to=date(2026, 10, 9)),
                    data.staff[ME], TODAY)
    assert keys(data, rows) == ["Q1", "Q2"]
    assert queue_csv(rows) == quoted(
        "reference,child_name,date_received,decision_due,assigned_to,status,days_left",
        "EHC-2026-000210,Zebedee Quixley,2026-10-01,2026-11-12,,Received,-8",
        "EHC-2026-000206,'=Lena Hart,2026-10-09,2026-11-20,Alice Adams,Acknowledged,0")
    assert queue_csv([]) == quoted("reference,child_name,date_received,decision_due,assigned_to,status,days_left")


def test_drafts_never_appear(data):
    draft_id = data.ids["DRAFT"]
    for query in (QueueQuery(), QueueQuery(tab="mine"), QueueQuery(search="dora"), QueueQuery(search="CV1 5RR"),
                  QueueQuery(overdue_only=True), QueueQuery(setting="sample"), QueueQuery(statuses=("submitted",)),
                  QueueQuery(received_from=date(2026, 10, 3), received_to=date(2026, 10, 3))):
        found = queue.search(data.engine, query, data.staff[ME], TODAY)
        listed = all_rows(data.engine, query, data.staff[ME], TODAY)
        assert draft_id not in {row.id for row in found.rows} | {row.id for row in listed}, query
    assert page(data, received_from=date(2026, 10, 3), received_to=date(2026, 10, 3)).counts == {
        "mine": 0, "unassigned": 0, "all": 0}


# ---------------------------------------------------------------- casework: assigning

def assigned(db: Session, *case_ids: int) -> list[int | None]:
    return [db.exec(select(EhcCase.assigned_to_id).where(col(EhcCase.id) == case_id)).one() for case_id in case_ids]


def events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))).all())


def test_assign_in_bulk_changes_only_what_needs_changing(data):
    ids, bob, alice = data.ids, data.staff[BOB], data.staff[ALICE]
    with Session(data.engine) as db:  # never committed
        changed = casework.assign(db, [ids["Q1"], ids["Q2"], ids["Q3"], ids["DRAFT"], 999_999, ids["Q1"]], bob,
                                  actor="staff:1")
        assert changed == 2  # Q1 (nobody) and Q2 (Alice); Q3 is Bob's already; the draft and 999999 skipped
        assert assigned(db, ids["Q1"], ids["Q2"], ids["Q3"]) == [bob, bob, bob]
        found = events(db, "case.assigned")
        assert [(event.actor, event.object_type, event.object_id, event.detail) for event in found] == [
            ("staff:1", "ehc_case", str(ids["Q1"]), {"old": None, "new": bob}),
            ("staff:1", "ehc_case", str(ids["Q2"]), {"old": alice, "new": bob}),
        ]
    with Session(data.engine) as db:  # the caller did not commit: nothing stuck
        assert assigned(db, ids["Q1"], ids["Q2"]) == [None, alice]
        assert events(db, "case.assigned") == []


def test_assign_nothing_or_only_unknown_ids_changes_nothing(data):
    with Session(data.engine) as db:
        assert casework.assign(db, [], data.staff[BOB], actor="staff:1") == 0
        assert casework.assign(db, [999_998, 999_999], data.staff[BOB], actor="staff:1") == 0
        assert casework.assign(db, [data.ids["DRAFT"]], None, actor="staff:1") == 0
        assert events(db, "case.assigned") == []


def test_assign_refuses_an_inactive_or_unknown_officer(data):
    with Session(data.engine) as db:
        for officer in (data.staff[CAROL], 999_999):
            with pytest.raises(CaseworkRefused, match="active account"):
                casework.assign(db, [data.ids["Q1"], data.ids["Q2"]], officer, actor="staff:1")
        assert assigned(db, data.ids["Q1"], data.ids["Q2"]) == [None, data.staff[ALICE]]
        assert events(db, "case.assigned") == []


def test_unassign_with_none(data):
    ids, alice = data.ids, data.staff[ALICE]
    with Session(data.engine) as db:
        assert casework.assign(db, (ids["Q2"], ids["Q4"], ids["Q1"]), None, actor="staff:2") == 2  # Q1 had nobody
        assert assigned(db, ids["Q2"], ids["Q4"], ids["Q1"]) == [None, None, None]
        assert [(event.object_id, event.detail) for event in events(db, "case.assigned")] == [
            (str(ids["Q2"]), {"old": alice, "new": None}), (str(ids["Q4"]), {"old": alice, "new": None})]


# ---------------------------------------------------------------- casework: reg 10(4) exceptions

def exception_of(db: Session, case_id: int) -> tuple:
    return tuple(db.exec(select(EhcCase.exception_reason, EhcCase.exception_from, EhcCase.exception_to)
                         .where(col(EhcCase.id) == case_id)).one())


def test_record_an_exception_with_its_dates(data):
    q1 = data.ids["Q1"]
    with Session(data.engine) as db:
        casework.record_exception(db, q1, "school_closure", date(2026, 10, 5), date(2026, 11, 2), actor="staff:3")
        assert exception_of(db, q1) == ("school_closure", date(2026, 10, 5), date(2026, 11, 2))
        # Recorded again, still running (no end yet); the same day start and end is allowed too.
        casework.record_exception(db, q1, "absent_from_area", date(2026, 10, 6), None, actor="staff:3")
        assert exception_of(db, q1) == ("absent_from_area", date(2026, 10, 6), None)
        casework.record_exception(db, q1, "early_years_closure", date(2026, 10, 7), date(2026, 10, 7),
                                  actor="staff:3")
        found = events(db, "case.exception_recorded")
        assert [(event.actor, event.object_id, event.detail) for event in found] == [
            ("staff:3", str(q1), {"reason": "school_closure", "starts": "2026-10-05", "ends": "2026-11-02"}),
            ("staff:3", str(q1), {"reason": "absent_from_area", "starts": "2026-10-06", "ends": None}),
            ("staff:3", str(q1), {"reason": "early_years_closure", "starts": "2026-10-07", "ends": "2026-10-07"}),
        ]
        # The statutory date does not move.
        assert db.exec(select(EhcCase.decision_due_on).where(col(EhcCase.id) == q1)).one() == date(
            2026, 11, 12)


@pytest.mark.parametrize(("target", "reason", "starts", "ends", "message"), [
    ("Q1", "bogus", date(2026, 10, 5), None, "regulation 10\\(4\\)"),
    ("Q1", "", date(2026, 10, 5), None, "regulation 10\\(4\\)"),
    ("Q1", "School_Closure", date(2026, 10, 5), None, "regulation 10\\(4\\)"),
    ("Q1", "school_closure", date(2026, 11, 2), date(2026, 11, 1), "same as or after"),
    (None, "school_closure", date(2026, 10, 5), None, "cannot be found"),  # an unknown id
    ("DRAFT", "school_closure", date(2026, 10, 5), None, "cannot be found"),
])
def test_record_exception_refusals_change_nothing(data, target, reason, starts, ends, message):
    case_id = data.ids[target] if target else 999_999
    with Session(data.engine) as db:
        with pytest.raises(CaseworkRefused, match=message):
            casework.record_exception(db, case_id, reason, starts, ends, actor="staff:3")
        if target not in (None, "DRAFT"):
            assert exception_of(db, case_id) == ("", None, None)
        assert events(db, "case.exception_recorded") == []


# ---------------------------------------------------------------- found while testing

def test_a_blank_search_is_no_search(data):
    assert page(data, search="   ").total == ALL_SUBMITTED


def test_a_seven_digit_reference_can_be_found(tmp_path):
    from ehcna_portal.services.cases import reference_for

    with migrated_on("postgresql", tmp_path) as engine:
        with Session(engine) as db:
            parent, child = parent_and_child_rows(db, "big@example.com", forename="Big", surname="Council")
            received = date(2026, 10, 1)
            case_id = sent_case(db, parent.id, child.id, 1_234_567, received, request_id=1_234_567,
                                case_status="submitted", child_name="Big Council", child_sort_name="council big")
            db.commit()
        assert reference_for(1_234_567, received) == "EHC-2026-1234567"
        found = queue.search(engine, QueueQuery(search="EHC-2026-1234567"), 1, TODAY)
        assert [row.id for row in found.rows] == [case_id]
