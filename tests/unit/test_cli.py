"""The ``ehcna-portal`` console script, run as operators run it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from ehcna_portal.db import make_engine
from ehcna_portal.models import Application, AuditEvent, Child, OutboxMessage, ParentAccount, StaffAccount
from ehcna_portal.services import applications, form_checks
from tests.support.databases import migrated_engine

CLI = str(Path(sys.executable).parent / "ehcna-portal")


def run(tmp_path: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    """The console script with only the settings given here (and the suite's bcrypt cost, tests/conftest.py)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_") or k == "EHCNA_BCRYPT_COST"}
    environ.update({"EHCNA_DATA_DIR": str(tmp_path), **env})
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True, env=environ,
                          timeout=60, check=False)


def engine_for(tmp_path: Path):
    return make_engine(f"sqlite:///{tmp_path / 'ehcna.db'}")


def migrated(tmp_path: Path) -> None:
    """The database the CLI finds in ``tmp_path``, at head (a copy of the run's template; ``db upgrade`` itself is
    tested in the first test below)."""
    migrated_engine(f"sqlite:///{tmp_path / 'ehcna.db'}").dispose()


def test_create_staff_reads_the_password_from_stdin_and_queues_a_welcome(tmp_path: Path):
    assert run(tmp_path, "db", "upgrade").returncode == 0
    done = run(tmp_path, "create-staff", "--email", " Case.Worker@Example.com ", "--name", "Casey",
               "--role", "caseworker", "--password-stdin", stdin="a long enough password\n")
    assert done.returncode == 0, done.stderr
    assert "Created caseworker account case.worker@example.com" in done.stdout
    with Session(engine_for(tmp_path)) as session:
        staff = session.exec(select(StaffAccount)).one()
        assert staff.email == "case.worker@example.com" and staff.role == "caseworker"
        assert staff.password_hash.startswith("$2b$") and "a long enough" not in staff.password_hash
        mail = session.exec(select(OutboxMessage)).one()
        assert mail.to_address == "case.worker@example.com"
        assert "http://localhost:3000/staff/sign-in" in mail.text_body
        assert "has created a caseworker account for you" in mail.text_body
        assert session.exec(select(AuditEvent)).one().action == "staff.created"

    again = run(tmp_path, "create-staff", "--email", "case.worker@example.com", "--name", "Casey",
                "--role", "caseworker", "--password-stdin", stdin="another long password\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    short = run(tmp_path, "create-staff", "--email", "b@example.com", "--name", "B",
                "--role", "admin", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "12 characters or more" in short.stderr
    admin = run(tmp_path, "create-staff", "--email", "a@example.com", "--name", "A", "--role", "admin",
                "--password-stdin", stdin="a long enough password\n")
    assert admin.returncode == 0, admin.stderr
    with Session(engine_for(tmp_path)) as session:
        welcome = session.exec(select(OutboxMessage).where(OutboxMessage.to_address == "a@example.com")).one()
        assert "has created an administrator account for you" in welcome.text_body  # the article from the role


def test_send_mail_without_smtp_keeps_mail_for_the_dev_mailbox_and_prints_it(tmp_path: Path):
    migrated(tmp_path)
    run(tmp_path, "create-staff", "--email", "m@example.com", "--name", "Morgan", "--role", "manager",
        "--password-stdin", stdin="a long enough password\n")
    sent = run(tmp_path, "send-mail")
    assert sent.returncode == 0 and "sent 1, retrying 0" in sent.stdout
    assert "--- email to m@example.com ---" in sent.stdout and "Hello Morgan," in sent.stdout
    with Session(engine_for(tmp_path)) as session:
        mail = session.exec(select(OutboxMessage)).one()
        assert mail.status == "sent" and mail.transport == "dev-mailbox"


def test_seed_demo_prints_credentials_is_repeatable_and_refused_in_prod(tmp_path: Path):
    migrated(tmp_path)
    first = run(tmp_path, "seed-demo")
    assert first.returncode == 0, first.stderr
    assert "parent@example.com" in first.stdout and "demo-parent-password" in first.stdout
    assert run(tmp_path, "seed-demo").returncode == 0
    with Session(engine_for(tmp_path)) as session:
        assert len(session.exec(select(StaffAccount)).all()) == 3
        # a full, synthetic family: profile, one child, and one request saved part-way (seeded once only)
        parent = session.exec(select(ParentAccount)).one()
        assert parent.postcode == "CV1 9XA" and parent.mobile_phone and parent.gender == "female"
        [child] = session.exec(select(Child)).all()
        [draft] = session.exec(select(Application)).all()
    view = applications.get(engine_for(tmp_path), parent.id, draft.id)
    statuses = form_checks.step_statuses(applications.form_for(view), view, date(2026, 12, 6))
    assert (child.forename, view.is_draft, view.last_page) == ("Robin", True, "step-3")
    assert statuses[1] == statuses[2] == "completed" and statuses[3] == "in_progress" and statuses[8] == "not_started"

    prod = run(tmp_path, "seed-demo", EHCNA_ENV="prod", EHCNA_BCRYPT_COST="12", EHCNA_SECRET_KEY="k" * 40,
               EHCNA_PUBLIC_URL="https://portal.example.gov.uk", EHCNA_SMTP_HOST="127.0.0.1",
               EHCNA_MAIL_FROM="noreply@example.gov.uk")
    assert prod.returncode == 1 and "refused when EHCNA_ENV=prod" in prod.stderr


def test_bad_configuration_stops_with_one_line(tmp_path: Path):
    done = run(tmp_path, "check-config", EHCNA_ENV="prod")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert done.stderr.startswith("EHCNA configuration error: ")
    assert "is required when EHCNA_ENV=prod" in done.stderr


def test_the_web_app_refuses_to_start_without_a_secret_key_in_prod(tmp_path: Path):
    """rxconfig.py is the first thing every ``reflex`` command loads."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_")}
    environ.update({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_ENV": "prod",
                    "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk", "EHCNA_SMTP_HOST": "127.0.0.1",
                    "EHCNA_MAIL_FROM": "noreply@example.gov.uk"})
    done = subprocess.run([sys.executable, "-c", "import rxconfig"], capture_output=True, text=True,
                          env=environ, cwd=Path(__file__).resolve().parents[2], timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == ("EHCNA configuration error: EHCNA_SECRET_KEY is required when "
                                   "EHCNA_ENV=prod (generate one: python -c 'import secrets; "
                                   "print(secrets.token_urlsafe(48))')")


def test_import_commands_load_the_files_operators_have(tmp_path: Path):
    migrated(tmp_path)
    schools = tmp_path / "gias.csv"
    schools.write_text("URN,EstablishmentName,PhaseOfEducation (name),Street,Town,Postcode,EstablishmentStatus (name)\n"
                       "103700,Example Primary School,Primary,1 Road,Coventry,CV1 1AA,Open\n"
                       "103701,Shut School,Primary,2 Road,Coventry,CV1 1AB,Closed\n")
    done = run(tmp_path, "import-schools", str(schools))
    assert done.returncode == 0 and "Imported 1 of 2 schools" in done.stdout
    addresses = tmp_path / "llpg.csv"
    addresses.write_text("UPRN,ADDRESS_LINE_1,ADDRESS_LINE_2,TOWN,POSTCODE\n1,1 Road,,Coventry,cv1 1aa\n")
    done = run(tmp_path, "import-addresses", str(addresses))
    assert done.returncode == 0 and "Imported 1 of 1 addresses" in done.stdout
    wrong = run(tmp_path, "import-schools", str(addresses))
    assert wrong.returncode == 1 and "no column" in wrong.stderr


def test_check_config_hides_every_secret(tmp_path: Path):
    token, secret = "m" * 40, "s" * 40
    done = run(tmp_path, "check-config", EHCNA_MONITOR_TOKEN=token, EHCNA_SECRET_KEY=secret,
               EHCNA_SMTP_USER="relay", EHCNA_SMTP_PASSWORD="relay password here")
    assert done.returncode == 0, done.stderr
    assert token not in done.stdout and secret not in done.stdout and "relay password here" not in done.stdout
    assert "monitor_token = (set)" in done.stdout and "email_limit_per_ip = 20" in done.stdout
