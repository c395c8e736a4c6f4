"""``python -m bench.queue``: the staff queue and the KPI page over five years of requests in PostgreSQL.

Seeds a fresh PostgreSQL database (``EHCNA_BENCH_POSTGRES``, default the local
server) with 100,000 cases (each opened by a submitted request) spread over the five years to today
(20,000 a year: a regional deployment), 20 officers and every status, with
decision and final plan dates where the status has them; signs a manager in
through the real password and authenticator steps; then times over the websocket:

* the queue page's ``load`` event — search, tabs, one page of 25 with its counts,
  all from the database — with a status filter and a sort;
* the KPI page's ``load`` event — the SEN2 measures for each of the last 12
  months, and the requests overdue now;

p50 and p95 of 200 loads each. Also prints PostgreSQL's plans for their queries;
the queue's must use an index. Results go to ``bench/results/queue.json``. Not
part of ``make test``.
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
YEARS = 5
FILTER = {"status": "submitted,acknowledged,info_gathering", "sort": "received", "order": "desc"}
STAFF = ("bench-manager@example.gov.uk", "a long bench manager password 42")
SECRET = pyotp.random_base32()

_SEED = f"""
INSERT INTO parent_account (email, password_hash, title, forename, surname, gender, address_line_1, address_line_2,
    town, postcode, uprn, home_phone, mobile_phone, work_phone, two_step_method, totp_secret_encrypted,
    totp_last_step, created_at)
VALUES ('bench-parent@example.com', 'x', 'Ms', 'Bench', 'Parent', 'female', '1 Example Street', '', 'Coventry',
    'CV1 5RR', '', '01632960001', '', '', 'email', '', 0, now());
INSERT INTO child (parent_id, forename, middle_name, surname, gender_at_birth, date_of_birth, school_urn, school_name,
    school_status, relationship, parental_responsibility, address_line_1, address_line_2, town, postcode, uprn,
    created_at, updated_at)
SELECT id, 'Al', '', 'Bench', 'male', '2017-03-12', '', '', 'not_in_school', 'Mother', true, '1 Example Street', '',
    'Coventry', 'CV1 5RR', '', now(), now() FROM parent_account;
INSERT INTO staff_account (email, name, role, password_hash, is_active, created_at, totp_secret_encrypted,
    totp_last_step)
SELECT 'officer' || n || '@example.gov.uk', 'Officer ' || n, 'caseworker', 'x', true, now(), '', 0
FROM generate_series(1, 20) AS n;
INSERT INTO ehc_case (id, child_id, parent_id, reference, stage, opened_on, closed_on, created_at, updated_at,
    case_status, assigned_to_id, received_on, decision_due_on, decision, decision_on, assessment_decision,
    final_plan_on, exception_reason, child_name, child_sort_name, child_postcode, setting_name)
SELECT n, c.id, p.id, 'EHC-' || extract(year from d)::int || '-' || lpad(n::text, 6, '0'), 'request', d, NULL, d, d,
    (ARRAY['submitted','acknowledged','info_gathering','panel_scheduled','assess_agreed','assess_refused',
           'assessment_in_progress','final_plan_issued','withdrawn'])[1 + n % 9],
    CASE WHEN n % 4 = 0 THEN NULL ELSE (SELECT min(id) FROM staff_account) + n % 20 END, d, d + 42,
    CASE WHEN n % 9 IN (4, 6, 7) THEN 'assess' WHEN n % 9 = 5 THEN 'not_assess' ELSE '' END,
    CASE WHEN n % 9 BETWEEN 4 AND 7 THEN least(d + 30 + n % 25, current_date) END, '',
    CASE WHEN n % 9 = 7 THEN least(d + 110 + n % 60, current_date) END, CASE WHEN n % 50 = 0 THEN 'family' ELSE '' END,
    'Child' || n || ' Surname' || (n % 997), 'surname' || (n % 997) || ' child' || n,
    'CV' || (1 + n % 9) || ' ' || (n % 10) || 'XA', 'School ' || (n % 120)
FROM generate_series(1, {CASES}) AS n, parent_account p, child c,
     LATERAL (SELECT (current_date - 1 - (n % (365 * {YEARS})))::date AS d) AS day;
SELECT setval(pg_get_serial_sequence('ehc_case', 'id'), {CASES});
INSERT INTO application (parent_id, child_id, case_id, form_key, form_version, status, reference, answers,
    completed_steps, last_page, version, requester_role, request_type, main_area_of_need, consent_text_version,
    received_on, submitted_at, created_at, updated_at)
SELECT parent_id, child_id, id, 'ehcna', '2026-11', 'submitted', reference, '{{}}', '[]', 'summary', 2, 'parent',
    'new', '', '2026-11', received_on, received_on, received_on, received_on
FROM ehc_case;
ANALYZE ehc_case;
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


async def _loads(url: str, token: str, state: str, path: str, query: dict[str, str], shown: str,
                 vary_page: bool) -> list[float]:
    """``LOADS`` timed ``load`` events of one staff page, each until its ``shown`` variable arrives."""
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
            # different pages of the queue, so nothing is answered from one cached plan of one page
            asked = {**query, "page": str(1 + index % 40)} if vary_page else query
            address = "&".join(f"{key}={value}" for key, value in asked.items())
            router = {"pathname": path, "query": asked, "asPath": f"{path}?{address}" if address else path}
            done.clear()
            started = time.perf_counter()
            await client.emit("event", {"name": f"{state}.load", "payload": {}, "router_data": router},
                              namespace="/_event")
            await asyncio.wait_for(done.wait(), timeout=30)
            if index >= 10:  # the first ten warm up
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        await client.disconnect()
    assert seen, f"{path} never showed {shown}"
    return timings


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
    """PostgreSQL's plans for the queue's page query (the filter and sort above) and the KPI page's."""
    from ehcna_portal.services import kpis, queue
    from ehcna_portal.services.dates import uk_date

    today = uk_date(datetime.now(UTC))
    page = queue._ordered(queue.query_from_params(FILTER), 0, today).limit(queue.PAGE_SIZE)
    months = kpis.monthly_queries(date(today.year - 1, today.month, 1), today)
    return {"queue": _explain(database_url, page),
            **{f"kpi_{name}": _explain(database_url, query) for name, query in months.items()},
            "kpi_overdue": _explain(database_url, kpis.overdue_query(today))}


def _figures(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"loads": len(ordered), "p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


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
    token = _sign_in_caseworker(env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _start(ROOT, port, {**env, "EHCNA_PORT": str(port), "EHCNA_PUBLIC_URL": url}, tmp / "portal.log")
    try:
        queue_page = _figures(asyncio.run(_loads(url, token, STATE, "/staff", FILTER, "rows", vary_page=True)))
        kpi_page = _figures(asyncio.run(_loads(url, token, KPI_STATE, "/staff/kpis", {}, "months", vary_page=False)))
    finally:
        _stop(process)
    plans = _plans(database_url)
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cases": CASES, "years": YEARS,
              "target_p95_ms": TARGET_P95_MS, "seed_seconds": round(seeded, 1),
              "queue": {"filter": FILTER, **queue_page, "plan_uses_index": "Index" in plans["queue"],
                        "plan": plans["queue"].splitlines()},
              "kpis": {"months": 12, **kpi_page, "plans": {name.removeprefix("kpi_"): plan.splitlines()
                                                             for name, plan in plans.items() if name != "queue"}}}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{CASES:,} requests over {YEARS} years in PostgreSQL (seeded in {seeded:.1f} s); target p95 under "
          f"{TARGET_P95_MS} ms")
    print(f"queue page with filter {FILTER}: p50 {queue_page['p50_ms']:.1f} ms, p95 {queue_page['p95_ms']:.1f} ms")
    print(f"KPI page (12 months, overdue now): p50 {kpi_page['p50_ms']:.1f} ms, p95 {kpi_page['p95_ms']:.1f} ms")
    for name, plan in plans.items():
        print(f"-- {name}\n{plan}")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    met = max(queue_page["p95_ms"], kpi_page["p95_ms"]) < TARGET_P95_MS and "Index" in plans["queue"]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
