"""The upload and download routes: every refusal reaches the page as a message in both languages; hostile
names are never paths and never break a header; a store that cannot be written loses nothing and recovers."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import ApplicationDocument
from ehcna_portal.services import applications
from ehcna_portal.state.form_views import upload_error_message
from tests.support.documents import api_client, family_with_draft, get_document, parent_cookie, post_files
from tests.support.images import image_bytes
from tests.support.pdfs import build, javascript_action

PDF = build()


@pytest.fixture
def family(engine, settings, monkeypatch):
    parent_id, application_id = family_with_draft(engine, settings)
    client = api_client(engine, settings, monkeypatch)
    return client, parent_cookie(engine, settings, parent_id), parent_id, application_id


def query_of(response) -> dict[str, str]:
    assert response.status_code == 303, response.text
    return {key: values[0] for key, values in parse_qs(urlsplit(response.headers["location"]).query).items()}


def stored_files(settings) -> list[str]:
    folder = settings.documents_dir
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def rows(engine) -> list[ApplicationDocument]:
    with Session(engine) as db:
        return list(db.exec(select(ApplicationDocument)).all())


REFUSED = {
    "wrong_type": ("notes.pdf", b"just some text"),
    "mismatch": ("photo.pdf", image_bytes("PNG")),
    "empty": ("empty.pdf", b""),
    "image_broken": ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    "active_content": ("report.pdf", build(b"<</Type/Catalog/Pages 2 0 R/OpenAction " + javascript_action() + b">>")),
    "encrypted": ("locked.pdf", build(trailer_extra=b"/Encrypt 9 0 R")),
    "unsafe_zip": ("plan.docx", b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml"),
}


@pytest.mark.parametrize("code", list(REFUSED))
def test_each_refusal_reaches_the_page_with_a_message_in_both_languages(engine, settings, family, code):
    client, cookie, _, application_id = family
    name, content = REFUSED[code]
    query = query_of(post_files(client, settings, cookie, application_id, (name, content)))
    if code == "unsafe_zip":  # a zip that does not open is not a DOCX at all
        code = "wrong_type"
    assert query["upload_error"] == code and query["uploaded"] == "0"
    english, welsh = (upload_error_message(query, lang, settings.upload_max_mb) for lang in ("en", "cy"))
    assert english and welsh and english != welsh
    assert rows(engine) == [] and stored_files(settings) == []


@pytest.mark.parametrize("code", ["image_broken", "image_too_large", "active_content", "encrypted", "unsafe_zip",
                                  "storage"])
def test_every_new_refusal_has_its_own_message(settings, code):
    for lang in ("en", "cy"):
        message = upload_error_message({"upload_error": code, "file": "x.pdf"}, lang, settings.upload_max_mb)
        assert message and "{" not in message
    assert upload_error_message({"upload_error": "storage"}, "en", 10) == \
        "The file could not be saved. Try again later."


HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\x.pdf",
    "report\u202efdp.exe.pdf",  # right-to-left override: shows as "reportexe.pdf" reversed tricks
    "x" * 296 + ".pdf",  # 300 characters
    "a\r\nX-Injected: yes\r\n.pdf",
    'quote"; filename=evil.exe;.pdf',
    "Adroddiad Dŵr.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["dotdot", "backslashes", "rtl-override", "300-chars", "crlf",
                                                     "quote", "welsh"])
def test_hostile_names_are_stored_under_random_names_and_sent_back_safely(engine, settings, family, tmp_path, name):
    client, cookie, _, application_id = family
    assert query_of(post_files(client, settings, cookie, application_id, (name, PDF)))["uploaded"] == "1"
    [row] = rows(engine)
    assert stored_files(settings) == [row.stored_name] and len(row.stored_name) == 40
    assert row.stored_name.isalnum() and row.stored_name not in name
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "x.pdf").exists()

    response = get_document(client, cookie, row.id)
    assert response.status_code == 200 and response.content == PDF
    disposition = response.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "X-Injected" not in response.headers
    assert disposition.startswith('attachment; filename="') and disposition.count('"') == 2
    assert "\u202e" not in unquote(disposition)
    fallback = disposition.split('"')[1]
    assert all(ch.isalnum() or ch in " ._-()" for ch in fallback) and len(fallback) <= 120
    assert disposition.split("filename*=UTF-8''")[1] == disposition.split("filename*=UTF-8''")[1].strip()
    for header in ("x-content-type-options", "cache-control"):
        assert header in response.headers


@pytest.mark.parametrize("name", ["a\r\nX-Injected: yes\r\n.pdf", "a\nb\x00c\x7f\u202e\u2028.pdf", "\r\n.pdf"])
def test_raw_control_characters_in_a_stored_name_never_reach_a_header(engine, settings, family, name):
    """Browsers send CR/LF in a file name as %0D%0A; a name stored some other way must still be harmless."""
    client, cookie, parent_id, application_id = family
    document_id = applications.add_document(engine, settings, parent_id, application_id, name, io.BytesIO(PDF))
    response = get_document(client, cookie, document_id)
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert not any(ch in disposition for ch in "\r\n\x00\x7f\u202e\u2028") and "X-Injected" not in response.headers
    assert disposition.count('"') == 2


def test_a_refused_hostile_name_comes_back_in_the_message_harmlessly(settings, family):
    client, cookie, _, application_id = family
    query = query_of(post_files(client, settings, cookie, application_id,
                                ("../../etc/passwd", PDF)))
    assert query["upload_error"] == "mismatch" and query["file"] == "....etcpasswd"


def test_a_store_that_cannot_be_written_refuses_cleanly_and_the_next_upload_works(engine, settings, family,
                                                                                   caplog):
    client, cookie, parent_id, application_id = family
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.documents_dir.write_text("not a folder")  # the store is broken (as a missing mount would be)
    query = query_of(post_files(client, settings, cookie, application_id, ("report.pdf", PDF)))
    assert query["upload_error"] == "storage"
    assert upload_error_message(query, "cy", 10) == \
        "Nid oedd modd cadw'r ffeil. Rhowch gynnig arall arni yn nes ymlaen."
    assert rows(engine) == [] and "could not write" in caplog.text

    settings.documents_dir.unlink()  # fixed: no restart
    assert query_of(post_files(client, settings, cookie, application_id, ("report.pdf", PDF)))["uploaded"] == "1"
    assert len(rows(engine)) == 1 and len(applications.get(engine, parent_id, application_id).documents) == 1
