"""A parent's copy of their data, and deleting their account (services/personal_data.py), on SQLite.

Each test builds two families through the services — parent A (the one asking) and parent B (who must
never appear) — with children, a sent request and an unsent one, documents (their own, shared by staff,
internal to staff, waiting for the virus check), a letter, sessions, links, codes and emails.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from ehcna_portal.models import (
    AccountToken,
    Application,
    ApplicationDocument,
    AuditEvent,
    AuthAttempt,
    CaseLetter,
    Child,
    OutboxMessage,
    ParentAccount,
    RecoveryCode,
    UserSession,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    applications,
    children,
    document_store,
    outbox,
    personal_data,
    rate_limits,
    sessions,
)
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.services.parent_accounts import SignInKind
from ehcna_portal.services.secrets_util import token_hash
from ehcna_portal.settings import load_settings
from tests.support.factories import PASSWORD, add_child, add_document, case_of, make_parent, make_staff, marked_pdf
from tests.support.families import TOTP_SECRET, family_with_history


@pytest.fixture
def families(engine, settings):
    staff_id, _email = make_staff(engine, settings, name="Olive Officer")
    return (family_with_history(engine, settings, "Anwen", staff_id=staff_id),
            family_with_history(engine, settings, "Bryn", staff_id=staff_id))


def unzip(export: personal_data.PersonalDataExport) -> dict[str, bytes]:
    raw = b"".join(export.chunks())
    assert len(raw) == export.size
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def everything(files: dict[str, bytes]) -> bytes:
    return b"\n".join(files.values())


# ---------------------------------------------------------------- the copy

def test_the_zip_holds_the_account_children_answers_documents_letters_and_a_readme(engine, settings, families):
    a, _b = families
    files = unzip(personal_data.export(engine, settings, a.parent_id))
    data = json.loads(files["data.json"])
    assert data["account"]["email"] == a.email and data["account"]["forename"] == "Alan"
    assert data["account"]["two_step_method"] == "app"
    assert {child["forename"] for child in data["children"]} == {"Anwensent", "Anwendraft"}
    by_id = {application["id"]: application for application in data["applications"]}
    assert by_id[a.sent_id]["reference"] == a.reference and by_id[a.sent_id]["status"] == "submitted"
    assert by_id[a.draft_id]["status"] == "draft" and by_id[a.draft_id]["case_id"] is None
    # The case the sent request opened: where it stands and its statutory dates (never who it is assigned to).
    [case] = data["cases"]
    assert case["id"] == by_id[a.sent_id]["case_id"] == case_of(engine, a.sent_id)
    assert (case["reference"], case["stage"], case["case_status"]) == (a.reference, "request", "submitted")
    assert case["decision_due_on"] and "assigned_to_id" not in case and case["advice_requests"] == []
    # Labelled through the form definition, as the summary page shows them.
    rows = {row["question"]: row["answer"] for step in by_id[a.sent_id]["answers"] for row in step["answers"]}
    assert "Anwen finds noise very hard" in rows.values()
    assert any("why" in question.lower() for question, answer in rows.items() if answer.startswith("Anwen finds"))
    assert by_id[a.sent_id]["answers_as_stored"]["step-4"]["why_requesting_now"] == "Anwen finds noise very hard"
    documents = {document["name"]: document for document in data["documents"]}
    assert set(documents) == {"school report.pdf", "late.pdf", "draft notes.pdf", f"{a.markers['shared']}.pdf"}
    report = documents["school report.pdf"]
    assert report["added_by"] == "you" and report["file"] == f"documents/{report['id']}-school report.pdf"
    assert a.markers["sent_doc"].encode() in files[report["file"]]
    assert a.markers["draft_doc"].encode() in files[documents["draft notes.pdf"]["file"]]
    shared = documents[f"{a.markers['shared']}.pdf"]
    assert shared["added_by"] == "council" and a.markers["shared"].encode() in files[shared["file"]]
    # Waiting for the virus check: listed, but its bytes are not handed out.
    assert documents["late.pdf"]["file"] is None and documents["late.pdf"]["virus_check"] == "pending"
    assert a.markers["pending"].encode() not in everything(files)
    assert [letter["text"] for letter in data["letters"]] == [a.markers["letter"]]
    assert {email["kind"] for email in data["emails"]} >= {"verify_email", "sign_in_code", "reset_password",
                                                           "application_received"}
    assert data["sign_ins"][0]["ip_address"] == "203.0.113.7"
    actions = [event["action"] for event in data["activity"]]
    assert "application.submitted" in actions and "child.added" in actions
    readme = files["README.txt"].decode()
    assert "data.json" in readme and "Alan Aardvark" in readme and "https://portal.example.gov.uk/contact" in readme
    assert set(files) == {"README.txt", "data.json", report["file"], documents["draft notes.pdf"]["file"],
                          shared["file"]}


def test_the_zip_holds_no_secret(engine, settings, families):
    a, _b = families
    files = everything(unzip(personal_data.export(engine, settings, a.parent_id))).decode(errors="replace")
    with Session(engine) as db:
        parent = db.get(ParentAccount, a.parent_id)
        secrets = [parent.password_hash, parent.totp_secret_encrypted, TOTP_SECRET, a.session_token,
                   token_hash(a.session_token), *a.recovery_codes]
        for model, column in ((UserSession, "token_hash"), (AccountToken, "token_hash"), (RecoveryCode, "code_hash")):
            secrets += [getattr(row, column) for row in db.exec(select(model).where(model.parent_id == a.parent_id))]
        bodies = [row.text_body for row in db.exec(select(OutboxMessage).where(OutboxMessage.to_address == a.email))]
    # The one-time links and the sign-in code, as they were emailed.
    secrets += [link.rsplit("/", 1)[-1] for body in bodies for link in re.findall(r"https?://\S+", body)
                if len(link.rsplit("/", 1)[-1]) >= 20]
    codes = re.findall(r"(?<![\w-])\d{6}(?![\w-])", "\n".join(bodies))
    assert len(secrets) >= 12 and codes
    assert [secret for secret in secrets if secret and secret in files] == []
    # A six-digit code, standing alone (not inside a timestamp's microseconds or a PDF's offsets).
    assert [code for code in codes if re.search(rf"(?<![\w.:-]){code}(?![\w-])", files)] == []
    assert "password_hash" not in files and "totp_secret" not in files and "token_hash" not in files


def test_the_zip_holds_nothing_of_another_family_nor_anything_internal(engine, settings, families):
    a, b = families
    files = everything(unzip(personal_data.export(engine, settings, a.parent_id)))
    for foreign in (b.email, b.reference, "Brynsent", "Bryndraft", "Bryn finds noise", *b.markers.values()):
        assert foreign.encode() not in files, foreign
    for internal in (a.markers["internal"], a.markers["note"], a.markers["unshared_letter"], "Olive Officer"):
        assert internal.encode() not in files, internal
    data = json.loads(unzip(personal_data.export(engine, settings, a.parent_id))["data.json"])
    assert "case.note_added" not in [event["action"] for event in data["activity"]]
    assert {event["by"] for event in data["activity"]} <= {"you", "council staff", "the portal", "the council",
                                                           "someone who was not signed in"}


def test_audit_events_and_emails_are_matched_by_time_as_well_as_by_id(engine, settings, families):
    """SQLite reuses the id of a deleted newest row: what happened to an earlier application 7 (another
    family's) or to an address before it was this parent's is not theirs."""
    a, _b = families
    with Session(engine) as db:
        created = db.get(Application, a.sent_id).created_at
        db.add(AuditEvent(occurred_at=created - timedelta(days=3), actor="staff:1", action="case.viewed",
                          object_type="application", object_id=str(a.sent_id), detail={"reason": "EARLIER-OWNER"}))
        parent = db.get(ParentAccount, a.parent_id)
        db.add(OutboxMessage(idempotency_key="old-owner", template="password_changed", to_address=a.email,
                             subject="EARLIER-OWNER-MAIL", text_body="", html_body="",
                             created_at=parent.created_at - timedelta(days=30)))
        db.commit()
    files = everything(unzip(personal_data.export(engine, settings, a.parent_id)))
    assert b"EARLIER-OWNER" not in files


def test_emails_to_an_earlier_address_are_included_only_while_it_was_theirs(engine, settings, families):
    a, _b = families
    old_email = a.email
    assert accounts.request_email_change(engine, settings, a.parent_id, "anwen.new@example.com", PASSWORD)
    with Session(engine) as db:
        link = db.exec(select(OutboxMessage).where(OutboxMessage.template == "confirm_new_email")).one().text_body
    token = re.search(r"/account/confirm-new-email/(\S+)", link).group(1)
    assert accounts.confirm_email_change(engine, token) == accounts.LinkResult.CONFIRMED
    with Session(engine) as db:  # someone else's mail to the old address, after it stopped being Anwen's
        db.add(OutboxMessage(idempotency_key="new-owner", template="register_existing", to_address=old_email,
                             subject="NEW-OWNER-MAIL", text_body="", html_body="",
                             created_at=utcnow() + timedelta(minutes=1)))
        db.commit()
    data = json.loads(unzip(personal_data.export(engine, settings, a.parent_id))["data.json"])
    subjects = {email["subject"] for email in data["emails"]}
    assert f"We have received your request for an EHC needs assessment ({a.reference})" in subjects
    assert "NEW-OWNER-MAIL" not in subjects
    assert data["account"]["email"] == "anwen.new@example.com"


def test_the_copy_is_in_the_parents_language_and_audited(engine, settings):
    family = family_with_history(engine, settings, "Cerys", lang="cy")
    export = personal_data.export(engine, settings, family.parent_id, ip="198.51.100.4")
    files = unzip(export)
    assert "Mae'n cynnwys popeth sydd gan y porth" in files["README.txt"].decode()
    assert "/cy/contact" in files["README.txt"].decode()
    data = json.loads(files["data.json"])
    titles = [step["title"] for application in data["applications"] for step in application["answers"]]
    assert titles and all(title for title in titles)
    assert export.filename.startswith("ehc-portal-personal-data-") and export.filename.endswith(".zip")
    with Session(engine) as db:
        event = db.exec(select(AuditEvent).where(AuditEvent.action == "parent.data_exported")).one()
    assert event.actor == f"parent:{family.parent_id}" and event.detail["ip"] == "198.51.100.4"
    assert event.detail["documents"] == 2 and event.detail["size"] == export.size


def test_the_zip_is_built_on_disk_in_the_data_directory_and_removed_when_closed(engine, settings, families):
    a, _b = families
    export = personal_data.export(engine, settings, a.parent_id)
    folder = settings.data_dir / "exports"
    assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
    assert list(folder.iterdir()) == []  # an unnamed temporary file: nothing for anyone else to open
    b"".join(export.chunks())
    assert export.file.closed


# ---------------------------------------------------------------- deleting the account

def counts(engine, model, **where) -> int:
    with Session(engine) as db:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.exec(query).one()


def stored_files(engine, parent_id: int) -> list[str]:
    with Session(engine) as db:
        return list(db.exec(select(ApplicationDocument.stored_name)
                            .where(ApplicationDocument.parent_id == parent_id)).all())


class Sent:
    def __init__(self) -> None:
        self.messages: list[OutboxMessage] = []

    name = "test"

    def send(self, message: OutboxMessage) -> str:
        self.messages.append(message)
        return "250 OK"


def test_a_wrong_password_deletes_nothing(engine, settings, families):
    a, _b = families
    assert personal_data.delete_account(engine, settings, a.parent_id, "not my password at all") is None
    assert counts(engine, ParentAccount, id=a.parent_id) == 1
    assert counts(engine, Application, parent_id=a.parent_id) == 2
    assert counts(engine, UserSession, parent_id=a.parent_id) == 1


def test_the_preview_says_what_goes_and_what_is_kept(engine, settings, families):
    a, _b = families
    preview = personal_data.deletion_preview(engine, settings, a.parent_id)
    assert preview.unsent == ["Anwendraft Quixley"] and preview.children == ["Anwendraft Quixley"]
    assert preview.documents == 1
    assert [(kept.reference, kept.child_name) for kept in preview.kept] == [(a.reference, "Anwensent Quixley")]
    assert preview.kept[0].kept_until == date(2047, 3, 1)  # born 29 February 2016, kept until 31


def test_with_a_sent_request_the_account_is_closed_and_the_request_kept(engine, settings, families):
    a, b = families
    b_files = stored_files(engine, b.parent_id)
    draft_files = [name for name in stored_files(engine, a.parent_id)
                   if counts(engine, ApplicationDocument, stored_name=name, application_id=a.draft_id)]
    kept_files = [name for name in stored_files(engine, a.parent_id) if name not in draft_files]
    assert draft_files and kept_files
    result = personal_data.delete_account(engine, settings, a.parent_id, PASSWORD, ip="203.0.113.9")
    assert result.closed and result.drafts == 1 and result.documents == 1 and result.children == 1
    # The unsent application, its file and the child without a request are gone.
    assert counts(engine, Application, id=a.draft_id) == 0 and counts(engine, Child, id=a.draft_child) == 0
    assert not any((settings.documents_dir / name).exists() for name in draft_files)
    # The sent request stays, with its child and documents (the council's record).
    assert counts(engine, Application, id=a.sent_id) == 1 and counts(engine, Child, id=a.sent_child) == 1
    assert all((settings.documents_dir / name).exists() for name in kept_files)
    assert counts(engine, CaseLetter, case_id=case_of(engine, a.sent_id)) == 2  # and its case's letters
    # Nothing to sign in with; the address is free; never emailed again.
    for model in (UserSession, AccountToken, RecoveryCode):
        assert counts(engine, model, parent_id=a.parent_id) == 0
    assert counts(engine, AuthAttempt, subject=rate_limits.account_key(a.email)) == 0
    with Session(engine) as db:
        parent = db.get(ParentAccount, a.parent_id)
        assert parent.email.endswith("@requests.invalid") and parent.password_hash == "!"
        assert parent.totp_secret_encrypted == "" and parent.two_step_method == ""
        assert parent.forename == "Alan" and parent.postcode == "CV1 5RR"  # to write to them about the request
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == a.email)).all()
        closed = db.exec(select(AuditEvent).where(AuditEvent.action == "parent.account_closed")).one()
        ips = [event.detail.get("ip") for event in db.exec(select(AuditEvent).where(
            AuditEvent.actor == f"parent:{a.parent_id}")) if "ip" in event.detail]
    assert [message.template for message in mail] == ["account_closed"]  # every other email to them is gone
    assert a.reference in mail[0].text_body and "1 March 2047" in mail[0].text_body and "31" in mail[0].text_body
    assert closed.detail == {"drafts": 1, "documents": 1, "children": 1, "requests_kept": 1}
    assert ips and set(ips) == {"[deleted]"}
    assert accounts.sign_in(engine, settings, a.email, PASSWORD).kind == SignInKind.WRONG
    # Parent B is untouched.
    assert counts(engine, Application, parent_id=b.parent_id) == 2 and counts(engine, Child, parent_id=b.parent_id) == 2
    assert all((settings.documents_dir / name).exists() for name in b_files)
    assert counts(engine, UserSession, parent_id=b.parent_id) == 1
    assert accounts.sign_in(engine, settings, b.email, PASSWORD).kind == SignInKind.NEEDS_CODE
    # The address can register again, as a new, empty account.
    form = accounts.validate_registration({"email": a.email, "confirm_email": a.email, "password": PASSWORD,
                                           "title": "Ms", "forename": "Anwen", "surname": "New", "gender": "female",
                                           "postcode": "CV1 5RR", "address_line_1": "1 Example Street",
                                           "town": "Coventry", "home_phone": "01632 960 001"})
    accounts.register(engine, settings, form.values)
    with Session(engine) as db:
        again = db.exec(select(ParentAccount).where(ParentAccount.email == a.email)).one()
    assert again.id != a.parent_id and counts(engine, Application, parent_id=again.id) == 0


def test_without_a_sent_request_nothing_of_the_account_is_left(engine, settings, families):
    a, b = families
    email = make_parent(engine, settings, two_step="email")
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()
        session_id = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=True,
                                    ip="192.0.2.1").id
        db.commit()
    child = add_child(engine, parent_id, "Deian", born=date(2019, 1, 5))
    values = {name: getattr(children.get_child(engine, parent_id, child), name) for name in children.EDITABLE}
    assert children.update_child(engine, parent_id, child, {**values, "middle_name": "Rhys"})  # an audited change
    draft, _page = applications.start(engine, parent_id, child)
    add_document(engine, settings, parent_id, draft, "notes.pdf", marked_pdf("DEIAN-DOC"))
    files = stored_files(engine, parent_id)
    result = personal_data.delete_account(engine, settings, parent_id, PASSWORD)
    assert not result.closed and result.kept == []
    for model, where in ((ParentAccount, {"id": parent_id}), (Child, {"parent_id": parent_id}),
                         (Application, {"parent_id": parent_id}), (ApplicationDocument, {"parent_id": parent_id}),
                         (UserSession, {"id": session_id})):
        assert counts(engine, model, **where) == 0, model
    assert not any((settings.documents_dir / name).exists() for name in files)
    with Session(engine) as db:
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == email)).all()
        events = db.exec(select(AuditEvent).where(AuditEvent.object_type == "child",
                                                  AuditEvent.object_id == str(child))).all()
    assert [message.template for message in mail] == ["account_deleted"]
    changed = [event for event in events if event.action == "child.updated"]
    assert changed and all(event.detail["changes"] == "[deleted]" for event in changed)
    assert accounts.sign_in(engine, settings, email, PASSWORD).kind == SignInKind.WRONG
    # Once sent, the confirmation keeps neither the address nor the text.
    transport = Sent()
    outbox.deliver_due(engine, transport)
    assert [message.to_address for message in transport.messages if message.template == "account_deleted"] == [email]
    with Session(engine) as db:
        sent = db.exec(select(OutboxMessage).where(OutboxMessage.template == "account_deleted")).one()
    assert (sent.status, sent.to_address, sent.text_body, sent.html_body) == ("sent", "", "", "")
    assert sent.subject == "Your account has been deleted"
    # The other families are untouched.
    assert counts(engine, Application, parent_id=a.parent_id) == 2 and counts(engine, Application,
                                                                              parent_id=b.parent_id) == 2


def test_the_confirmation_is_in_the_parents_language(engine, settings):
    family = family_with_history(engine, settings, "Dafydd", lang="cy")
    assert personal_data.delete_account(engine, settings, family.parent_id, PASSWORD).closed
    with Session(engine) as db:
        mail = db.exec(select(OutboxMessage).where(OutboxMessage.template == "account_closed")).one()
    assert mail.language == "cy" and mail.subject == "Mae eich cyfrif wedi'i gau"
    assert "yn cael ei gadw tan 1 Mawrth 2047" in mail.text_body and "/cy/privacy" in mail.text_body


def test_a_closed_account_cannot_be_exported_or_deleted_again(engine, settings, families):
    a, _b = families
    personal_data.delete_account(engine, settings, a.parent_id, PASSWORD)
    assert personal_data.export(engine, settings, a.parent_id) is None
    assert personal_data.delete_account(engine, settings, a.parent_id, PASSWORD) is None


# ---------------------------------------------------------------- one unsent application

def test_a_parent_deletes_one_unsent_application_with_its_files(engine, settings, families):
    a, b = families
    files = [name for name in stored_files(engine, a.parent_id)
             if counts(engine, ApplicationDocument, stored_name=name, application_id=a.draft_id)]
    assert not applications.delete_draft(engine, settings, b.parent_id, a.draft_id)  # not B's
    assert not applications.delete_draft(engine, settings, a.parent_id, a.sent_id)  # sent: stays
    assert applications.delete_draft(engine, settings, a.parent_id, a.draft_id)
    assert counts(engine, Application, id=a.draft_id) == 0 and counts(engine, Application, id=a.sent_id) == 1
    assert counts(engine, Child, id=a.draft_child) == 1  # the child stays; a new application can be started
    assert not any((settings.documents_dir / name).exists() for name in files)
    with Session(engine) as db:
        event = db.exec(select(AuditEvent).where(AuditEvent.action == "application.deleted")).one()
    assert event.object_id == str(a.draft_id) and event.detail == {"child_id": a.draft_child, "documents": 1}
    assert not applications.delete_draft(engine, settings, a.parent_id, a.draft_id)  # already gone
    assert applications.start(engine, a.parent_id, a.draft_child) is not None


def test_remove_drafts_never_touches_a_sent_request(engine, settings, families):
    a, _b = families
    with Session(engine) as db:
        assert applications.remove_drafts(db, [a.sent_id]) == ([], [])
        db.commit()
    assert counts(engine, Application, id=a.sent_id) == 1
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(ApplicationDocument)
                       .where(col(ApplicationDocument.application_id) == a.sent_id)).one() >= 2


# ---------------------------------------------------------------- the settings and the privacy notice

def test_the_retention_period_is_a_setting(tmp_path):
    assert load_settings({"EHCNA_DATA_DIR": str(tmp_path)}).kept_until_age == 31
    assert load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_RETENTION_YEARS": "20"}).kept_until_age == 45
    from ehcna_portal.settings import ConfigError

    with pytest.raises(ConfigError, match="EHCNA_RETENTION_YEARS"):
        load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_RETENTION_YEARS": "forever"})


def test_kept_until_is_the_birthday(settings):
    assert personal_data.kept_until(date(2017, 3, 12), settings) == date(2048, 3, 12)
    assert personal_data.kept_until(date(2016, 2, 29), settings) == date(2047, 3, 1)


@pytest.mark.parametrize(("lang", "words"), [("en", ("31 years old", "90 days", "Download your data")),
                                             ("cy", ("31 oed", "90 diwrnod", "Lawrlwytho eich data"))])
def test_the_privacy_notice_states_the_periods_the_settings_enforce(monkeypatch, tmp_path, lang, words):
    from ehcna_portal.pages import content

    def pieces(rendered):
        if isinstance(rendered, dict):
            contents = rendered.get("contents")
            if isinstance(contents, str) and contents.startswith('"'):
                yield json.loads(contents)
            for value in rendered.values():
                if isinstance(value, dict | list):
                    yield from pieces(value)
        elif isinstance(rendered, list):
            for item in rendered:
                yield from pieces(item)

    def text(settings) -> str:
        monkeypatch.setattr(content, "get_settings", lambda: settings)
        return "".join(pieces(content.privacy(lang).render()))

    shown = text(load_settings({"EHCNA_DATA_DIR": str(tmp_path)}))
    for word in words:
        assert word in shown, word
    changed = text(load_settings({"EHCNA_DATA_DIR": str(tmp_path), "EHCNA_RETENTION_YEARS": "10",
                                  "EHCNA_DRAFT_RETENTION_DAYS": "60"}))
    assert ("35 years old" if lang == "en" else "35 oed") in changed
    assert ("60 days" if lang == "en" else "60 diwrnod") in changed


def test_document_names_in_the_zip_are_safe():
    document = ApplicationDocument(id=7, application_id=1, parent_id=1, stored_name="x", file_type="pdf",
                                   original_name="../../etc/passwd\r\n‮fdp.exe", size_bytes=1, sha256="")
    name = personal_data._zip_name(document)
    assert name.startswith("documents/7-") and name.endswith(".pdf")
    assert "/" not in name.removeprefix("documents/") and "\\" not in name and "\n" not in name and "\r" not in name
    assert name == f"documents/7-{document_store.safe_download_name(document.original_name)}.pdf" and name.isascii()
