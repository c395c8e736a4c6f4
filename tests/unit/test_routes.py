"""The link builders of ehcna_portal/routes.py: the exact addresses the app has always made (they are in emails,
bookmarks and the browser tests), in English and Welsh, with their query strings, and each one a route served."""

from __future__ import annotations

import re

import pytest
import reflex as rx
from reflex.vars import Var

from ehcna_portal import routes
from ehcna_portal.api.routes import build_api
from ehcna_portal.i18n import language_of_path


def _js(href: Var) -> str:
    """A Var's expression without the grouping brackets Reflex adds around each ``+``."""
    return str(href).replace("(", "").replace(")", "")


def _page_pattern(route: str) -> re.Pattern[str]:
    """A Reflex page route as a pattern: each ``[name]`` one segment."""
    return re.compile("/(cy/)?" + re.sub(r"\\\[\w+\\\]", "[^/?]+", re.escape(route.lstrip("/"))) + r"(\?.*)?")


def test_a_query_keeps_its_order_leaves_out_empty_values_and_keeps_slashes():
    assert routes.with_query("/x", b="2", a="1") == "/x?b=2&a=1"
    assert routes.with_query("/x", reason="", lang=None) == "/x"
    assert routes.with_query("/x", uploaded=0) == "/x?uploaded=0"
    assert routes.with_query("/x", next="/cy/ehc/child/3/request", file="my file & co.pdf") == (
        "/x?next=/cy/ehc/child/3/request&file=my%20file%20%26%20co.pdf")


@pytest.mark.parametrize(("lang", "prefix"), [("en", ""), ("cy", "/cy")])
def test_parent_pages_are_in_the_page_language(lang, prefix):
    assert routes.ehc(lang) == f"{prefix}/ehc"
    assert routes.localised(routes.ACCOUNT_DELETED, lang, kept="1") == f"{prefix}/account-deleted?kept=1"
    assert routes.sign_in(lang, reason="confirmed") == f"{prefix}/sign-in?reason=confirmed"
    assert routes.sign_in(lang, next=f"{prefix}/account") == f"{prefix}/sign-in?next={prefix}/account"
    assert routes.child_page(3, lang=lang) == f"{prefix}/ehc/child/3/request"
    assert routes.child_page("3", "plan", lang, saved=1) == f"{prefix}/ehc/child/3/plan?saved=1"
    assert routes.edit_child(3, lang) == f"{prefix}/ehc/edit-child/3"
    assert routes.form_page(12, "step-2", lang) == f"{prefix}/ehc/application/12/step-2"
    assert routes.form_page(12, "step-2", lang, "other_people", "new") == (
        f"{prefix}/ehc/application/12/step-2/other_people/new")
    assert routes.form_page(12, "step-8", lang, upload_error="none") == (
        f"{prefix}/ehc/application/12/step-8?upload_error=none")
    assert routes.form_page(12, "step-3", lang, **{"return": "summary"}) == (
        f"{prefix}/ehc/application/12/step-3?return=summary")


def test_english_is_the_default_language():
    assert routes.child_page(3) == routes.child_page(3, lang="en") == "/ehc/child/3/request"
    assert routes.sign_in() == "/sign-in" and routes.localised(routes.HOME) == "/"
    assert routes.localised(routes.HOME, "cy") == "/cy"


def test_http_routes_are_told_the_language_only_when_it_is_not_english():
    assert routes.personal_data("en") == "/api/account/personal-data"
    assert routes.personal_data("cy") == "/api/account/personal-data?lang=cy"
    assert routes.session_end("en") == "/api/session/end"
    assert routes.session_end("cy", "timeout") == "/api/session/end?reason=timeout&lang=cy"
    assert routes.document_upload(6, back="step-8", lang="en") == "/api/applications/6/documents?back=step-8&lang=en"
    assert routes.language_switch("cy", "/ehc/child/3/request?saved=1") == (
        "/api/language?to=cy&next=/ehc/child/3/request%3Fsaved%3D1")


def test_staff_addresses():
    assert routes.staff_case(5) == "/staff/case/5/request"
    assert routes.staff_case(5, "notes", done="note") == "/staff/case/5/notes?done=note"
    assert routes.staff_sign_in() == "/staff/sign-in"
    assert routes.staff_sign_in("expired") == "/staff/sign-in?reason=expired"
    assert routes.staff_document_upload(8) == "/api/staff/cases/8/documents"
    assert routes.case_export(7) == "/api/staff/cases/7/export.json"


def test_the_queue_is_encoded_as_its_search_form_sends_it():
    assert routes.staff_queue({"q": "Smith / Jones", "tab": "mine"}) == "/staff?q=Smith+%2F+Jones&tab=mine"
    assert routes.staff_queue({}) == routes.staff_queue() == "/staff"
    assert routes.queue_csv({"tab": "all"}) == "/api/staff/queue.csv?tab=all"
    assert routes.queue_csv({}) == "/api/staff/queue.csv?"


def test_email_links_have_the_shape_of_their_pages():
    assert routes.complete_registration("ab-C_1") == "/Account/CompleteRegistration/ab-C_1"
    assert routes.reset_password("tok") == "/reset-password/tok"
    assert routes.confirm_new_email("tok") == "/account/confirm-new-email/tok"


def test_every_built_page_address_matches_its_page_route():
    built = [(routes.CHILD, routes.child_page(3, "plan", "cy", saved=1)), (routes.EDIT_CHILD, routes.edit_child(3)),
             (routes.APPLICATION, routes.form_page(1, "summary", "cy")),
             (routes.APPLICATION_ITEM, routes.form_page(1, "step-2", "en", "other_people", "0")),
             (routes.STAFF_CASE, routes.staff_case(2, "history")),
             (routes.COMPLETE_REGISTRATION, routes.complete_registration("t")),
             (routes.RESET_PASSWORD, routes.reset_password("t")),
             (routes.CONFIRM_NEW_EMAIL, routes.confirm_new_email("t"))]
    for route, path in built:
        assert _page_pattern(route).fullmatch(path), (route, path)


def test_every_built_http_address_is_a_route_the_api_serves():
    api = build_api()
    built = [routes.document(4), routes.letter(5), routes.document_upload(6, back="documents", lang="cy"),
             routes.staff_document_upload(8), routes.case_export(7), routes.queue_csv({"q": "x"}), routes.KPI_CSV,
             routes.personal_data("cy"), routes.session_end("en", "timeout"), routes.language_switch("en", "/"),
             routes.with_query(routes.SESSION_START, n="nonce"), routes.with_query(routes.STAFF_SESSION_START, n="n"),
             routes.STAFF_SESSION_END, routes.SESSION_KEEPALIVE, routes.HEALTH]
    for path in built:
        assert any(route.path_regex.match(path.partition("?")[0]) for route in api.routes), path


def test_an_id_known_only_in_the_browser_makes_a_var():
    child_id = rx.Var(_js_expr="childId").to(str)
    href = routes.child_page(child_id, "plan", "cy")
    assert isinstance(href, Var) and _js(href) == '"/cy/ehc/child/"+childId+"/"+"plan"'
    assert _js(routes.edit_child(child_id, "en")) == '"/ehc/edit-child/"+childId'
    assert _js(routes.form_page(child_id, "print", "cy")) == '"/cy/ehc/application/"+childId+"/"+"print"'
    assert _js(routes.staff_case(child_id, "notes")) == '"/staff/case/"+childId+"/"+"notes"'


@pytest.mark.parametrize(("path", "lang"), [
    ("/", "en"), ("/cy", "cy"), ("/cy/ehc/child/3/request", "cy"), ("/ehc", "en"), ("/cymru", "en"), ("", "en"),
])
def test_the_language_of_an_address_is_its_first_segment(path, lang):
    assert language_of_path(path) == lang


def test_an_address_is_read_back_into_its_routes_parameters_in_either_language():
    assert routes.params_of(routes.CHILD, "/ehc/child/12/plan") == {"child": "12", "section": "plan"}
    assert routes.params_of(routes.CHILD, "/cy/ehc/child/12/plan?saved=1") == {"child": "12", "section": "plan"}
    assert routes.params_of(routes.APPLICATION_ITEM, "/ehc/application/7/step-2/other_people/new") == {
        "application": "7", "page": "step-2", "group": "other_people", "item": "new"}
    assert routes.params_of(routes.APPLICATION, "/ehc/application/7/step-2/other_people/new") is None
    assert routes.params_of(routes.STAFF_CASE, "/staff/case/9/history") == {"case": "9", "section": "history"}
    assert routes.params_of(routes.CHILD, "/ehc/edit-child/12") is None
    assert routes.params_of(routes.EDIT_CHILD, "/ehc/edit-child/12") == {"child": "12"}
    for path in ("", "/", "/ehc", "/ehc/child/12", "/staff/case/9/history/more"):
        assert routes.params_of(routes.CHILD, path) is None and routes.params_of(routes.STAFF_CASE, path) is None
    # Filling a route and reading it back gives the same values (the two never disagree on a route's shape).
    assert routes.params_of(routes.APPLICATION, routes.form_page(31, "summary", "cy")) == {
        "application": "31", "page": "summary"}
