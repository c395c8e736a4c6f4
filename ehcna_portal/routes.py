"""Routes as data: every public path in one place, and builders for links.

Pages exist once per language (``/privacy`` and ``/cy/privacy``); links inside
a page are resolved for that page's language with :func:`hrefs`. Every other
address the app makes (redirects, links in emails, the HTTP routes and links to
them) comes from a constant or builder here too, so a path or the Welsh prefix is
never written by hand elsewhere (tests/unit/test_routes_are_built_in_one_place.py).
URLs are a public contract (they are in emails and bookmarks): change one here only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, overload
from urllib.parse import quote, urlencode

from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, localised_path, switch_path

if TYPE_CHECKING:
    from reflex.vars import Var

HOME = "/"
SIGN_IN = "/sign-in"
SIGN_IN_CODE = "/sign-in/code"
SIGN_OUT = "/sign-out"
REGISTER = "/register"
REGISTER_CHECK_EMAIL = "/register/check-your-email"
# The address in the confirmation email, shaped like the seed's (public contract: it is in emails).
COMPLETE_REGISTRATION = "/Account/CompleteRegistration/[link]"
FORGOTTEN_PASSWORD = "/forgotten-password"  # nosec B105 # a route path, not a secret
# The address in the password reset email (public contract).
RESET_PASSWORD = "/reset-password/[link]"  # nosec B105 # a route path, not a secret
EHC = "/ehc"
ADD_CHILD = "/ehc/add-child"
CHILD = "/ehc/child/[child]/[section]"
EDIT_CHILD = "/ehc/edit-child/[child]"
# An application's pages: step-1 … step-8, summary, confirmation, documents, print.
APPLICATION = "/ehc/application/[application]/[page]"
# One item of a repeatable group: /ehc/application/12/step-2/other_people/0 (or /new).
APPLICATION_ITEM = "/ehc/application/[application]/[page]/[group]/[item]"

# The address in an advice request's email to a professional (public contract: it is in emails): one request's
# advice, for the person asked (no account: a code emailed to the same address lets them in).
ADVICE_LINK = "/advice/[link]"
CONSULTATION_LINK = "/consultation/[link]"  # a school consulted on a draft plan (issue 21)
# An issued plan (a draft or the final plan) on its own page, readable and printable, for the family.
PLAN = "/ehc/plan/[issue]"
# Where the professional's browser trades the handoff for its cookie, then returns to the link.
ADVICE_SESSION_START = "/api/advice-session/start"
# A professional's report for their advice: upload (multipart post) and download, authorised by the advice cookie
# for the link named in the query.
ADVICE_REPORT_UPLOAD = "/api/advice-reports"
ADVICE_REPORT = "/api/advice-reports/{document_id:id}"
# A school's browser trades its handoff for its consultation cookie here; the draft it was sent, as a PDF.
CONSULTATION_SESSION_START = "/api/consultation-session/start"
CONSULTATION_PDF = "/api/consultation-plan.pdf"

ACCOUNT = "/account"
ACCOUNT_TWO_STEP = "/account/two-step-verification"
ACCOUNT_PASSWORD = "/account/change-password"  # nosec B105 # a route path, not a secret
ACCOUNT_PERSONAL = "/account/personal-details"
ACCOUNT_CIRCUMSTANCES = "/account/change-circumstances"
ACCOUNT_EMAIL = "/account/change-email"
ACCOUNT_EMAIL_SENT = "/account/change-email/check-your-email"
ACCOUNT_DELETE = "/account/delete"
# Where the browser lands once the account is gone (signed out, so not under /account).
ACCOUNT_DELETED = "/account-deleted"
# The zip of everything held about the signed-in parent (an HTTP route, api/personal_data_routes.py).
PERSONAL_DATA = "/api/account/personal-data"
# The address in the email sent to a new email address (public contract).
CONFIRM_NEW_EMAIL = "/account/confirm-new-email/[link]"
GUIDANCE = "/guidance"
PRIVACY = "/privacy"
ACCESSIBILITY = "/accessibility"
COOKIES = "/cookies"
CONTACT = "/contact"

DEV_MAILBOX = "/dev/mailbox"
DEV_COMPONENTS = "/dev/components"

STAFF_SIGN_IN = "/staff/sign-in"
STAFF_TWO_STEP = "/staff/two-step-verification"
STAFF_QUEUE = "/staff"
STAFF_CASE = "/staff/case/[case]/[section]"
STAFF_SIGN_OUT = "/staff/sign-out"
STAFF_KPIS = "/staff/kpis"
STAFF_ACCESS_LOG = "/staff/access-log"
STAFF_ADMIN = "/staff/admin"
STAFF_STAGE_TEXTS = "/staff/admin/stage-texts"
STAFF_PROFESSIONALS = "/staff/admin/professionals"
STAFF_VAGUE_TERMS = "/staff/admin/vague-terms"
STAFF_RECORD_REQUEST = "/staff/record-request"
# One section or item of a case's plan, as the caseworker changes it ("new" adds an item); the plan as the family
# will see it.
STAFF_PLAN_ITEM = "/staff/plan/[case]/[section]/[item]"
STAFF_PLAN_PREVIEW = "/staff/plan-preview/[case]"
STAFF_REVIEWS = "/staff/reviews"  # the Reviews queue (?view=due_60&page=2)

# The HTTP routes (api/), matched before Reflex's pages; ``{name:id}`` is a bounded id (api/routes.IdConvertor).
HEALTH = "/api/health"
SESSION_START = "/api/session/start"
SESSION_END = "/api/session/end"
SESSION_KEEPALIVE = "/api/session/keepalive"
STAFF_SESSION_START = "/api/staff-session/start"
STAFF_SESSION_END = "/api/staff-session/end"
LANGUAGE = "/api/language"
DOCUMENT_UPLOAD = "/api/applications/{application_id:id}/documents"
DOCUMENT = "/api/documents/{document_id:id}"
STAFF_DOCUMENT_UPLOAD = "/api/staff/cases/{case_id:id}/documents"
LETTER = "/api/letters/{letter_id:id}"
LETTER_PDF = "/api/letters/{letter_id:id}/letter.pdf"
PLAN_PDF = "/api/plans/{issue_id:id}/plan.pdf"
QUEUE_CSV = "/api/staff/queue.csv"
CASE_EXPORT = "/api/staff/cases/{case_id:id}/export.json"
KPI_CSV = "/api/staff/kpis.csv"
ADVICE_CSV = "/api/staff/advice.csv"
REVIEWS_CSV = "/api/staff/reviews.csv"
REVIEW_FIGURES_CSV = "/api/staff/review-figures.csv"
# Where ``?next=`` never leads after signing in: an HTTP route, or a sign-in or sign-out page itself.
NOT_NEXT = ("/api", "/sign-")

# Pages made in English only (the staff side, developer tools): the language switch never leads there.
ENGLISH_ONLY_PREFIXES = ("/staff", "/dev")


def has_welsh(path: str) -> bool:
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in ENGLISH_ONLY_PREFIXES)


# Names that catalog text may use in ``[link text](name)``.
NAMED = {
    "home": HOME,
    "sign_in": SIGN_IN,
    "register": REGISTER,
    "guidance": GUIDANCE,
    "privacy": PRIVACY,
    "accessibility": ACCESSIBILITY,
    "cookies": COOKIES,
    "contact": CONTACT,
    "ehc": EHC,
    "account": ACCOUNT,
    "forgotten_password": FORGOTTEN_PASSWORD,
}


def hrefs(lang: Language) -> dict[str, str]:
    """Every named route, in ``lang``."""
    return {name: localised_path(path, lang) for name, path in NAMED.items()}


# ------------------------------------------------------------ builders

# A parameter of a route: a page's ``[name]``, an HTTP route's ``{name}`` or ``{name:type}``.
_PARAMETER = re.compile(r"\[(\w+)\]|\{(\w+)(?::\w+)?\}")


@overload
def _fill(route: str, **values: int | str) -> str: ...
@overload
def _fill(route: str, **values: int | str | Var) -> str | Var: ...
def _fill(route: str, **values: int | str | Var) -> str | Var:
    """``route`` with its parameters filled in, so a link always has the shape of the route it opens.

    Built with ``+``, so a Reflex Var among the values (an id known only in the browser) makes a Var:
    ``"/ehc/child/" + ChildPageState.child_id + "/request"``."""
    path: str | Var = ""
    end = 0
    for found in _PARAMETER.finditer(route):
        value = values[found.group(1) or found.group(2)]
        path = path + route[end:found.start()] + (str(value) if isinstance(value, int) else value)
        end = found.end()
    return path + route[end:]


def params_of(route: str, path: str) -> dict[str, str] | None:
    """The parameters of ``route`` in an address (in either language, query left off): ``params_of(CHILD,
    "/cy/ehc/child/12/plan")`` is ``{"child": "12", "section": "plan"}``; None when the address is not that route.
    The reverse of ``_fill``: the states read their page's parameters here, never by splitting paths themselves."""
    segments = [part for part in switch_path(path.split("?", 1)[0], DEFAULT_LANGUAGE).split("/") if part]
    pattern = [part for part in route.split("/") if part]
    if len(segments) != len(pattern):
        return None
    found: dict[str, str] = {}
    for expected, actual in zip(pattern, segments, strict=True):
        name = _PARAMETER.fullmatch(expected)
        if name:
            found[name.group(1) or name.group(2)] = actual
        elif expected != actual:
            return None
    return found


def with_query(path: str, **params: object) -> str:
    """``path?name=value&…`` in the order given, leaving out empty values ("" or None: nothing chosen).

    Values are percent-encoded except "/", so ``next=/ehc`` stays readable as the address it is."""
    kept = {name: str(value) for name, value in params.items() if value is not None and value != ""}
    query = urlencode(kept, quote_via=quote, safe="/")
    return f"{path}?{query}" if query else path


def _language_param(lang: Language) -> str:
    """The ``lang=`` an HTTP route is told: nothing for English, which the routes assume."""
    return "" if lang == DEFAULT_LANGUAGE else lang


def localised(route: str, lang: Language = DEFAULT_LANGUAGE, **query: object) -> str:
    """A page without parameters in ``lang`` (``/cy/…`` for Welsh), with an optional query."""
    return with_query(localised_path(route, lang), **query)


def ehc(lang: Language = DEFAULT_LANGUAGE) -> str:
    """SEND Home: where a parent lands when what they asked for is not (or no longer) theirs to open."""
    return localised(EHC, lang)


def sign_in(lang: Language = DEFAULT_LANGUAGE, **query: object) -> str:
    """The sign-in page in ``lang``, with a ``reason=`` to explain why the parent is there or a ``next=``."""
    return localised(SIGN_IN, lang, **query)


def language_switch(lang: Language, next_path: str) -> str:
    """The English | Cymraeg switch route: it remembers ``lang``, then opens ``next_path`` in it."""
    return with_query(LANGUAGE, to=lang, next=next_path)


def staff_sign_in(reason: str = "") -> str:
    """The staff sign-in page, saying why they are there (``expired``, ``signed_out``) if there is a reason."""
    return with_query(STAFF_SIGN_IN, reason=reason)


@overload
def child_page(child_id: int | str, section: str = ..., lang: Language = ..., **query: object) -> str: ...
@overload
def child_page(child_id: Var, section: str = ..., lang: Language = ...) -> Var: ...
def child_page(child_id: int | str | Var, section: str = "request", lang: Language = DEFAULT_LANGUAGE,
               **query: object) -> str | Var:
    """A child's page at one of its tabs (request, assessment, plan, reviews)."""
    path = _fill(localised_path(CHILD, lang), child=child_id, section=section)
    return with_query(path, **query) if isinstance(path, str) else path


@overload
def edit_child(child_id: int | str, lang: Language = ...) -> str: ...
@overload
def edit_child(child_id: Var, lang: Language = ...) -> Var: ...
def edit_child(child_id: int | str | Var, lang: Language = DEFAULT_LANGUAGE) -> str | Var:
    """Change a child's details."""
    return _fill(localised_path(EDIT_CHILD, lang), child=child_id)


@overload
def form_page(application_id: int | str, page: str, lang: Language = ..., *rest: str, **query: object) -> str: ...
@overload
def form_page(application_id: Var, page: str, lang: Language = ...) -> Var: ...
def form_page(application_id: int | str | Var, page: str, lang: Language = DEFAULT_LANGUAGE, *rest: str,
              **query: object) -> str | Var:
    """A page of an application (``step-2``, ``summary``…); ``rest`` opens one item of a repeatable group on it
    (``other_people``, ``0`` or ``new``)."""
    path = _fill(localised_path(APPLICATION, lang), application=application_id, page="/".join((page, *rest)))
    return with_query(path, **query) if isinstance(path, str) else path


@overload
def staff_case(case_id: int | str, section: str = ..., **query: object) -> str: ...
@overload
def staff_case(case_id: Var, section: str = ...) -> Var: ...
def staff_case(case_id: int | str | Var, section: str = "request", **query: object) -> str | Var:
    """A request's case page at one of its sections (request, documents, notes, history); ``done=`` says what
    was just done there."""
    path = _fill(STAFF_CASE, case=case_id, section=section)
    return with_query(path, **query) if isinstance(path, str) else path


def staff_queue(query: Mapping[str, str] | None = None) -> str:
    """The queue with its tab, search, filters, sort and page, encoded as its search form sends them
    (``+`` for a space), so a link and the form's own address agree."""
    return f"{STAFF_QUEUE}?{urlencode(query)}" if query else STAFF_QUEUE


def queue_csv(query: Mapping[str, str]) -> str:
    """The queue as filtered on screen, as CSV (the ``?`` is there even with no filter)."""
    return f"{QUEUE_CSV}?{urlencode(query)}"


def document(document_id: int) -> str:
    """Download a document (the parent's own, or any of a submitted request for staff)."""
    return _fill(DOCUMENT, document_id=document_id)


def letter(letter_id: int) -> str:
    """A council letter as a printable page."""
    return _fill(LETTER, letter_id=letter_id)


def letter_pdf(letter_id: int) -> str:
    """A council letter as a PDF."""
    return _fill(LETTER_PDF, letter_id=letter_id)


def plan_pdf(issue_id: int, lang: Language = DEFAULT_LANGUAGE) -> str:
    """An issued plan as a PDF, in the reader's language (the family's own child's, or any for staff)."""
    return with_query(_fill(PLAN_PDF, issue_id=issue_id), lang=_language_param(lang))


@overload
def plan(issue_id: int | str, lang: Language = ...) -> str: ...
@overload
def plan(issue_id: Var, lang: Language = ...) -> Var: ...
def plan(issue_id: int | str | Var, lang: Language = DEFAULT_LANGUAGE) -> str | Var:
    """An issued plan's page for the family."""
    return _fill(localised_path(PLAN, lang), issue=issue_id)


@overload
def staff_plan_item(case_id: int | str, section: str, item: str = ...) -> str: ...
@overload
def staff_plan_item(case_id: Var, section: str | Var, item: str | Var = ...) -> Var: ...
def staff_plan_item(case_id: int | str | Var, section: str | Var, item: str | Var = "new") -> str | Var:
    """Change one section or item of a case's plan ("new": add one)."""
    return _fill(STAFF_PLAN_ITEM, case=case_id, section=section, item=item)


@overload
def staff_plan_preview(case_id: int | str) -> str: ...
@overload
def staff_plan_preview(case_id: Var) -> Var: ...
def staff_plan_preview(case_id: int | str | Var) -> str | Var:
    return _fill(STAFF_PLAN_PREVIEW, case=case_id)


def consultation_session_start(handoff: str, link: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    return with_query(CONSULTATION_SESSION_START, n=handoff, link=link, lang=lang)


def consultation_pdf(link: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    return with_query(CONSULTATION_PDF, link=link, lang=lang)


def document_upload(application_id: int, **query: object) -> str:
    """Where a parent's upload form posts; ``back=`` and ``lang=`` say which page to return to."""
    return with_query(_fill(DOCUMENT_UPLOAD, application_id=application_id), **query)


def staff_document_upload(case_id: int) -> str:
    """Where staff post a report or letter for a case."""
    return _fill(STAFF_DOCUMENT_UPLOAD, case_id=case_id)


def case_export(case_id: int) -> str:
    """A case as JSON, for staff."""
    return _fill(CASE_EXPORT, case_id=case_id)


def personal_data(lang: Language) -> str:
    """The zip of everything held about the parent; ``lang`` is the sign-in page's if they must sign in again."""
    return with_query(PERSONAL_DATA, lang=_language_param(lang))


def session_end(lang: Language, reason: str = "") -> str:
    """The route that ends a parent's session, then opens the sign-in page (in ``lang``) saying ``reason``."""
    return with_query(SESSION_END, reason=reason, lang=_language_param(lang))


def complete_registration(token: str) -> str:
    """The link in the confirmation email."""
    return _fill(COMPLETE_REGISTRATION, link=token)


def reset_password(token: str) -> str:
    """The link in the password reset email."""
    return _fill(RESET_PASSWORD, link=token)


def advice_link(token: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The link in an advice request's email to a professional."""
    return _fill(localised_path(ADVICE_LINK, lang), link=token)


def consultation_link(token: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The link in a school consultation's email."""
    return _fill(localised_path(CONSULTATION_LINK, lang), link=token)


def advice_session_start(handoff: str, link: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    return with_query(ADVICE_SESSION_START, n=handoff, link=link, lang=lang)


def advice_report_upload(link: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    return with_query(ADVICE_REPORT_UPLOAD, link=link, lang=lang)


def advice_report(document_id: int, link: str) -> str:
    return with_query(_fill(ADVICE_REPORT, document_id=document_id), link=link)


def confirm_new_email(token: str) -> str:
    """The link in the email sent to a new email address."""
    return _fill(CONFIRM_NEW_EMAIL, link=token)
