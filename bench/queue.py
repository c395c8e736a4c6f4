"""``python -m bench.queue``: the staff pages at council scale, in PostgreSQL (issue 23).

Seeds a fresh PostgreSQL database (``EHCNA_BENCH_POSTGRES``, default the local server) with 100,000 cases, each
opened by a submitted request, spread over the five years to today (20,000 a year: a large council), 20
officers and every status; 60,000 of them with a final plan in force, reviewed every year since it was issued
(five years of reviews, with the open reviews, amended plans and the schools' review reports), and the advice of
every assessment. It signs a manager in through the real password and authenticator steps, then times over the
websocket each page's ``load`` event, 200 loads each, varied as a caseworker's are:

* the request queue — one page of 25 with its counts — with a status filter and a sort, on 40 pages;
* the figures page — the SEN2 measures, advice returned in time and the reviews' measures for 12 months;
* the reviews queue — five of its views, 20 pages of each;
* the advice tracker — a case page's Advice section, for 200 different cases.

It also writes PostgreSQL's plans (EXPLAIN ANALYZE) for every query those pages run; the queue's must use an
index. Results go to ``bench/results/queue.json``. Not part of ``make test``.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pyotp
import socketio

from bench.run import ROOT, _free_port, _start, _stop

ADMIN_URL = os.environ.get("EHCNA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = "ehcna_bench_queue"
CASES = 100_000
LOADS = 200
TARGET_P95_MS = 200
RESULTS = ROOT / "bench" / "results" / "queue.json"
# The states' full names (``QueueState.get_full_name()``): they follow the module a state is in.
STATE = "reflex___state____state.ehcna_portal___state___staff_queue____queue_state"
KPI_STATE = "reflex___state____state.ehcna_portal___state___staff_admin____kpi_state"
REVIEWS_STATE = "reflex___state____state.ehcna_portal___state___staff_reviews____review_queue_state"
CASE_STATE = "reflex___state____state.ehcna_portal___state___staff_case____case_state"
YEARS = 5
FILTER = {"status": "submitted,acknowledged,info_gathering", "sort": "received", "order": "desc"}
STAFF = ("bench-manager@example.gov.uk", "a long bench manager password 42")
SECRET = pyotp.random_base32()

PLANS_EVERY = (0, 1, 2)  # of each five cases: 60,000 of the 100,000 have a final plan in force
# The seed, in SQL (a few seconds). Each case has its own child (so the transfer cohorts fall across the years of
# birth); three cases in five have a final plan, reviewed every year since (5 years of reviews, an open one where
# the next review is near, an amended plan after one review in five); every case past its decision to assess has
# its five pieces of advice, and every review the school's report.
_SEED = f"""
INSERT INTO parent_account (email, password_hash, title, forename, surname, gender, address_line_1, address_line_2,
    town, postcode, uprn, home_phone, mobile_phone, work_phone, two_step_method, totp_secret_encrypted,
    totp_last_step, created_at)
VALUES ('bench-parent@example.com', 'x', 'Ms', 'Bench', 'Parent', 'female', '1 Example Street', '', 'Coventry',
    'CV1 5RR', '', '01632960001', '', '', 'email', '', 0, now());
INSERT INTO child (parent_id, forename, middle_name, surname, gender_at_birth, date_of_birth, school_urn, school_name,
    school_status, relationship, parental_responsibility, address_line_1, address_line_2, town, postcode, uprn,
    created_at, updated_at)
SELECT p.id, 'Child' || n, '', 'Surname' || (n % 997), CASE WHEN n % 2 = 0 THEN 'male' ELSE 'female' END,
    current_date - (730 + n % (365 * 22)), '', '', 'not_in_school', 'Mother', true, '1 Example Street', '',
    'Coventry', 'CV1 5RR', '', now(), now()
FROM generate_series(1, {CASES}) AS n, parent_account p;
INSERT INTO staff_account (email, name, role, password_hash, is_active, created_at, totp_secret_encrypted,
    totp_last_step)
SELECT 'officer' || n || '@example.gov.uk', 'Officer ' || n, 'caseworker', 'x', true, now(), '', 0
FROM generate_series(1, 20) AS n;
INSERT INTO ehc_case (id, child_id, parent_id, reference, stage, opened_on, closed_on, created_at, updated_at,
    case_status, assigned_to_id, received_on, decision_due_on, decision, decision_on, assessment_decision,
    final_plan_on, review_due_on, exception_reason, child_name, child_sort_name, child_postcode, setting_name)
SELECT n, first_child + n - 1, p.id, 'EHC-' || extract(year from d)::int || '-' || lpad(n::text, 6, '0'),
    CASE WHEN planned THEN 'reviews' ELSE 'request' END, d, NULL, d, d,
    CASE WHEN planned THEN 'final_plan_issued'
         ELSE (ARRAY['submitted','acknowledged','info_gathering','panel_scheduled','assess_agreed','assess_refused',
                     'assessment_in_progress','withdrawn'])[1 + n % 8] END,
    CASE WHEN n % 4 = 0 THEN NULL ELSE (SELECT min(id) FROM staff_account) + n % 20 END, d, d + 42,
    CASE WHEN planned OR n % 8 IN (4, 6) THEN 'assess' WHEN n % 8 = 5 THEN 'not_assess' ELSE '' END,
    CASE WHEN planned OR n % 8 BETWEEN 4 AND 6 THEN least(d + 30 + n % 25, current_date) END,
    CASE WHEN planned THEN 'issue' ELSE '' END,
    CASE WHEN planned THEN least(d + 110 + n % 60, current_date) END,
    CASE WHEN planned THEN current_date - 30 + (n * 7919) % 395 END,
    CASE WHEN n % 50 = 0 THEN 'family' ELSE '' END,
    'Child' || n || ' Surname' || (n % 997), 'surname' || (n % 997) || ' child' || n,
    'CV' || (1 + n % 9) || ' ' || (n % 10) || 'XA', 'School ' || (n % 120)
FROM generate_series(1, {CASES}) AS n, parent_account p,
     LATERAL (SELECT (current_date - 1 - (n % (365 * {YEARS})))::date AS d, n % 5 IN {PLANS_EVERY} AS planned)
         AS day,
     LATERAL (SELECT min(id) AS first_child FROM child) AS children;
SELECT setval(pg_get_serial_sequence('ehc_case', 'id'), {CASES});
INSERT INTO application (parent_id, child_id, case_id, form_key, form_version, status, reference, answers,
    completed_steps, last_page, version, requester_role, request_type, main_area_of_need, consent_text_version,
    received_on, submitted_at, created_at, updated_at)
SELECT parent_id, child_id, id, 'ehcna', '2026-11', 'submitted', reference, '{{}}', '[]', 'summary', 2, 'parent',
    'new', '', '2026-11', received_on, received_on, received_on, received_on
FROM ehc_case;
INSERT INTO plan_version (case_id, revision, content, overrides, changes, created_at)
SELECT id, 1, '{{}}', '[]', '[]', final_plan_on FROM ehc_case WHERE final_plan_on IS NOT NULL;
INSERT INTO plan_issue (case_id, plan_version_id, kind, number, issued_on, issued_at, exception_reason,
    early_because_no_comments, weeks_from_request, within_20_weeks)
SELECT v.case_id, v.id, 'final', 1, c.final_plan_on, c.final_plan_on, '', false,
    (c.final_plan_on - c.received_on) / 7, c.final_plan_on - c.received_on <= 140
FROM plan_version v JOIN ehc_case c ON c.id = v.case_id;
INSERT INTO plan_review (case_id, status, meeting_on, arranged_on, invitations_by, report_due_on, decision_due_on,
    decision, decided_on, reasons, phase_transfer, due_on, created_at, updated_at)
SELECT c.id, CASE WHEN (c.id + k) % 5 = 2 THEN 'amended' ELSE 'decided' END, held, held - 56, held - 14, held - 14,
    held + 28,
    (ARRAY['maintain', 'maintain', 'amend', 'maintain', 'cease'])[1 + (c.id + k) % 5], held + (c.id * k) % 40, '',
    CASE WHEN c.id % 7 = 0 THEN 'secondary' ELSE '' END, c.final_plan_on + 365 * k, held, held
FROM ehc_case c, generate_series(1, {YEARS}) AS k,
     LATERAL (SELECT c.final_plan_on + 365 * k - 20 - (c.id % 30) AS held) AS meeting
WHERE c.final_plan_on IS NOT NULL AND c.final_plan_on + 365 * k - 20 - (c.id % 30) + 40 < current_date;
INSERT INTO plan_issue (case_id, plan_version_id, kind, number, issued_on, issued_at, exception_reason,
    early_because_no_comments)
SELECT r.case_id, v.id, 'amendment', r.id, r.meeting_on + 60 + r.id % 40, r.meeting_on + 60 + r.id % 40, '', false
FROM plan_review r JOIN plan_version v ON v.case_id = r.case_id WHERE r.status = 'amended';
UPDATE plan_review r SET amended_issue_id = i.id FROM plan_issue i
WHERE i.case_id = r.case_id AND i.kind = 'amendment' AND i.number = r.id;
INSERT INTO plan_review (case_id, status, meeting_on, arranged_on, invitations_by, report_due_on, decision_due_on,
    due_on, created_at, updated_at)
SELECT id, 'arranged', review_due_on - 14, review_due_on - 70, review_due_on - 28, review_due_on - 28,
    review_due_on + 14, review_due_on, now(), now()
FROM ehc_case WHERE review_due_on IS NOT NULL AND review_due_on < current_date + 60;
INSERT INTO advice_request (case_id, advice_type, recipient_name, organisation, email, language, status, sent_on,
    due_on, received_on, reason, exception_reason, answers_version, form_key, form_version, created_at, updated_at,
    reminded_two_weeks_at, reminded_one_week_at, reminded_late_at)
SELECT c.id, kind, 'Adviser ' || c.id, CASE WHEN kind = 'family' THEN '' ELSE 'Service ' || (c.id % 12) END,
    'adviser' || c.id || '@example.gov.uk', 'en',
    CASE WHEN c.decision_on + 50 < current_date OR c.id % 3 > 0 THEN 'received' ELSE 'sent' END,
    c.decision_on, c.decision_on + 42,
    CASE WHEN c.decision_on + 50 < current_date OR c.id % 3 > 0 THEN c.decision_on + 20 + (c.id % 35) END,
    '', '', 0, CASE WHEN kind = 'family' THEN 'family_advice' ELSE 'professional_advice' END, '', c.decision_on,
    c.decision_on, now(), now(), now()  -- five years of reminders went out at the time
FROM ehc_case c, unnest(ARRAY['family', 'educational', 'medical', 'psychological', 'social_care']) AS kind
WHERE c.decision = 'assess';
INSERT INTO advice_request (case_id, review_id, advice_type, recipient_name, organisation, email, language, status,
    sent_on, due_on, received_on, reason, exception_reason, answers_version, form_key, form_version, created_at,
    updated_at)
SELECT r.case_id, r.id, 'educational', 'SENCO', 'School ' || (r.case_id % 120), 'senco@example.sch.uk', 'en',
    CASE WHEN r.status = 'arranged' THEN 'sent' ELSE 'received' END, r.arranged_on, r.report_due_on,
    CASE WHEN r.status = 'arranged' THEN NULL ELSE r.report_due_on - 3 END, '', '', 0, 'review_report', '',
    r.arranged_on, r.arranged_on
FROM plan_review r;
ANALYZE;
"""


def _fresh_database() -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}"


def _sign_in_caseworker(env: dict[str, str]) -> str:
    """A manager (who sees the queue and the KPIs) with a known authenticator secret, signed in through the
    real two steps: the cookie token."""
    code = f"""
import sys
from sqlmodel import Session, select
from ehcna_portal.db import get_engine
from ehcna_portal.models import StaffAccount
from ehcna_portal.services import staff_auth, two_step
from ehcna_portal.services.accounts import create_staff
from ehcna_portal.settings import get_settings
import pyotp
engine, settings = get_engine(), get_settings()
with Session(engine) as db:
    staff = create_staff(db, settings, email={STAFF[0]!r}, name="Bench Manager", role="manager",
                         password={STAFF[1]!r}, actor="bench")
    staff.totp_secret_encrypted = two_step.encrypt_secret(settings, {SECRET!r})
    db.add(staff); db.commit()
first = staff_auth.sign_in(engine, {STAFF[0]!r}, {STAFF[1]!r})
with Session(engine) as db:
    token, _ = staff_auth.redeem(db, first.handoff); db.commit()
    view = staff_auth.lookup(db, token)
nonce = staff_auth.verify_code(engine, settings, view.session_id, pyotp.TOTP({SECRET!r}).now())
with Session(engine) as db:
    token, _ = staff_auth.redeem(db, nonce); db.commit()
print(token)
"""
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], env={**os.environ, **env},
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1]


async def _loads(url: str, token: str, state: str, address, shown: str) -> list[float]:
    """``LOADS`` timed ``load`` events of one staff page, each until its ``shown`` variable arrives;
    ``address(index)`` is the (path, query) of each load, so loads vary as a caseworker's do."""
    client = socketio.AsyncClient(reconnection=False)
    done = asyncio.Event()
    seen: list[int] = []

    @client.on("event", namespace="/_event")
    async def on_update(update):
        delta = update.get("delta") or {}
        for values in delta.values():
            if isinstance(values, dict) and f"{shown}_rx_state_" in values:
                seen.append(len(values[f"{shown}_rx_state_"]))
                done.set()

    await client.connect(f"{url}?token={uuid.uuid4()}", transports=["websocket"], socketio_path="/_event",
                         namespaces=["/_event"], headers={"Origin": url, "Cookie": f"__Host-ehcna_staff={token}"})
    timings = []
    try:
        for index in range(LOADS + 10):
            path, asked = address(index)
            query = "&".join(f"{key}={value}" for key, value in asked.items())
            router = {"pathname": path, "query": asked, "asPath": f"{path}?{query}" if query else path}
            done.clear()
            started = time.perf_counter()
            await client.emit("event", {"name": f"{state}.load", "payload": {}, "router_data": router},
                              namespace="/_event")
            await asyncio.wait_for(done.wait(), timeout=30)
            if index >= 10:  # the first ten warm up
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        await client.disconnect()
    assert any(seen), f"{state} never showed any {shown}"
    return timings


def _pages(url: str, token: str) -> dict[str, dict[str, float]]:
    """Each staff page's loads: different pages of each list and different cases, so nothing is answered from
    one cached plan of one page."""
    views = ("due_60", "due_30", "overdue", "decisions", "transfers")
    return {
        "queue": _figures(asyncio.run(_loads(url, token, STATE,
                                             lambda i: ("/staff", {**FILTER, "page": str(1 + i % 40)}), "rows"))),
        "figures": _figures(asyncio.run(_loads(url, token, KPI_STATE, lambda i: ("/staff/kpis", {}), "reviews"))),
        "reviews_queue": _figures(asyncio.run(_loads(
            url, token, REVIEWS_STATE,
            lambda i: ("/staff/reviews", {"view": views[i % len(views)], "page": str(1 + i // len(views) % 20)}),
            "rows"))),
        # the case page's Advice section: its tracker, for cases that went to assessment (every fifth has a plan)
        "advice_tracker": _figures(asyncio.run(_loads(
            url, token, CASE_STATE, lambda i: (f"/staff/case/{5 * (1 + i * 97 % (CASES // 5))}/advice", {}),
            "advice"))),
    }


def _explain(database_url: str, statement) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.dialects import postgresql

    sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN ANALYZE " + sql).all()
    engine.dispose()
    return "\n".join(row[0] for row in rows)


def _plans(database_url: str) -> dict[str, str]:
    """PostgreSQL's plans (EXPLAIN ANALYZE) for every query the four pages run."""
    from sqlmodel import col, select

    from ehcna_portal.models import AdviceRequest
    from ehcna_portal.services import advice_figures, kpis, queue, review_figures, review_queue
    from ehcna_portal.services.dates import uk_date

    today = uk_date(datetime.now(UTC))
    first = date(today.year - 1, today.month, 1)
    reviews, order = review_queue._query("due_60", today)
    return {"queue": _explain(database_url, queue._ordered(queue.query_from_params(FILTER), 0, today)
                              .limit(queue.PAGE_SIZE)),
            **{f"figures_{name}": _explain(database_url, query)
               for name, query in kpis.monthly_queries(first, today).items()},
            "figures_overdue": _explain(database_url, kpis.overdue_query(today)),
            **{f"figures_reviews_{name}": _explain(database_url, query)
               for name, query in review_figures.monthly_queries(first, today).items()},
            "figures_advice": _explain(database_url, advice_figures.due_by_day(first, today)),
            "reviews_queue_due_60": _explain(database_url, reviews.order_by(order).limit(review_queue.PAGE_SIZE)),
            "advice_tracker": _explain(database_url, select(AdviceRequest).where(
                AdviceRequest.case_id == 500, col(AdviceRequest.review_id).is_(None)))}


def _figures(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"loads": len(ordered), "p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


def _counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as db:
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("ehc_case", "plan_issue", "plan_review", "advice_request")}


def main() -> int:
    database_url = _fresh_database()
    tmp = Path(tempfile.mkdtemp(prefix="ehcna-queue-bench-"))
    env = {"EHCNA_ENV": "prod", "EHCNA_DATA_DIR": str(tmp / "data"), "EHCNA_SECRET_KEY": "q" * 48,
           "EHCNA_SMTP_HOST": "127.0.0.1", "EHCNA_SMTP_PORT": "2", "EHCNA_MAIL_FROM": "noreply@example.gov.uk",
           "EHCNA_PUBLIC_URL": "http://127.0.0.1", "EHCNA_DATABASE_URL": database_url,
           "REFLEX_WEB_WORKDIR": str(ROOT / ".web-bench")}
    subprocess.run([str(ROOT / ".venv" / "bin" / "ehcna-portal"), "db", "upgrade"], env={**os.environ, **env},
                   check=True, capture_output=True)
    started = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(_SEED)
    seeded = time.perf_counter() - started
    rows = _counts(database_url)
    token = _sign_in_caseworker(env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _start(ROOT, port, {**env, "EHCNA_PORT": str(port), "EHCNA_PUBLIC_URL": url}, tmp / "portal.log")
    try:
        pages = _pages(url, token)
    finally:
        _stop(process)
    plans = _plans(database_url)
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "years": YEARS, "rows": rows,
              "target_p95_ms": TARGET_P95_MS, "seed_seconds": round(seeded, 1), "queue_filter": FILTER,
              "pages": {name: {**figures, "met": figures["p95_ms"] < TARGET_P95_MS} for name, figures in pages.items()},
              "queue_plan_uses_index": "Index" in plans["queue"],
              "plans": {name: plan.splitlines() for name, plan in plans.items()}}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"in PostgreSQL: {rows} over {YEARS} years (seeded in {seeded:.1f} s); target p95 under {TARGET_P95_MS} ms")
    for name, figures in pages.items():
        print(f"{name}: p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms")
    for name, plan in plans.items():
        print(f"-- {name}\n{plan}")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    met = all(figures["p95_ms"] < TARGET_P95_MS for figures in pages.values()) and "Index" in plans["queue"]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
