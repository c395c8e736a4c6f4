"""The staff side: sign in with an authenticator app, the queue of requests, a request's case page.

Every handler here is ``@staff_only`` (or a deliberately public sign-in step):
it reads the staff cookie — a different cookie from the parents', in a
different table — so a parent's session never opens anything here.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from datetime import date
from typing import Any

import reflex as rx
from babel.dates import format_date, format_datetime
from sqlmodel import Session

from ehcna_portal import logs, routes
from ehcna_portal.api.session_routes import session_token_from_cookie_header
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.components.scripts import run_js
from ehcna_portal.db import get_engine
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.i18n import LANGUAGES, long_date, t
from ehcna_portal.ids import parse_id
from ehcna_portal.models import ScanStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.offload import password_work
from ehcna_portal.services import (
    applications,
    case_status,
    casework,
    consents,
    decisions,
    kpis,
    outbox,
    paper_requests,
    queue,
    staff_auth,
    staff_cases,
    stage_texts,
)
from ehcna_portal.services.accounts import AccountError
from ehcna_portal.services.dates import LONDON, parse_date, uk_date
from ehcna_portal.services.staff_auth import StaffView
from ehcna_portal.services.timescales import EXCEPTIONS
from ehcna_portal.services.validation import clean
from ehcna_portal.settings import get_settings
from ehcna_portal.state.application import StepView, answer_views, upload_error_message
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.session import (
    PROTECTED_MARK,
    after_loading,
    backend_base,
    forget,
    load_forgotten_page,
    outage_safe,
    public,
    well_typed,
)

_STAFF: contextvars.ContextVar[StaffView] = contextvars.ContextVar("staff")


def staff() -> StaffView:
    """The signed-in staff member of the handler running now (set by ``staff_only``)."""
    return _STAFF.get()


def lookup_cookie(cookie_header: str) -> StaffView | None:
    """The live staff session behind a request's cookies (a database query: call from a thread)."""
    settings = get_settings()
    token = session_token_from_cookie_header(cookie_header, settings, name=staff_cookie_name(settings))
    with Session(get_engine()) as db:
        return staff_auth.lookup(db, token)


MANAGERS = ("manager", "admin")


class StaffNavState(rx.State):
    """The signed-in staff member's role, so the navigation offers only the pages they may open."""

    role: str = ""


def staff_only(*, stage: str = staff_auth.SIGNED_IN, roles: tuple[str, ...] = ()) -> Callable:
    """Guard a handler: it runs only for a staff session at ``stage`` (fully signed in by default),
    and, if ``roles`` are given, only for those roles (others go back to the queue)."""

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        async def guarded(self: rx.State, *args: Any, **kwargs: Any):
            view = await asyncio.to_thread(lookup_cookie, self.router.headers.cookie)
            if view is None or view.stage != stage or (roles and view.role not in roles):
                logs.audit("handler.denied", actor=f"staff:{view.staff_id}" if view else "anonymous",
                           object=handler.__qualname__, result="wrong_role" if view and view.stage == stage
                           else "no_session", ip=self.router.session.client_ip or "")
            if view is None or view.stage != stage:
                forget(self)
                return rx.redirect(routes.STAFF_SIGN_IN)
            if roles and view.role not in roles:
                return rx.redirect(routes.STAFF_QUEUE)
            if not well_typed(handler, args, kwargs):
                return None
            nav = await self.get_state(StaffNavState)
            nav.role = view.role
            reset = _STAFF.set(view)
            try:
                loaded = await load_forgotten_page(self, handler)
                return after_loading(loaded, await handler(self, *args, **kwargs))
            finally:
                _STAFF.reset(reset)

        safe = outage_safe(guarded)
        setattr(safe, PROTECTED_MARK, "staff")
        return safe

    return decorate


def _navigate(state: rx.State, path: str) -> Any:
    """A full navigation to one of our HTTP routes (the cookie is set or cleared there)."""
    return run_js("url => window.location.assign(url)", backend_base(state) + path)


def _text(data: Any, name: str) -> str:
    return clean(data.get(name)) if hasattr(data, "get") else ""


class StaffSignInState(FormMixin, rx.State):
    """Staff sign in: email address and password, then the authenticator code."""

    reason: str = ""

    @rx.event
    @public
    def load(self):
        self._clear_errors()
        reason = self.router.url.query_parameters.get("reason", "")
        self.reason = reason if reason in ("expired", "signed_out") else ""

    @rx.event
    @public
    async def submit(self, form_data: dict):
        email, password = _text(form_data, "email").lower(), form_data.get("password", "") if hasattr(
            form_data, "get") else ""
        keys = {name: f"error.sign_in.{name}_empty" for name, value in (("email", email), ("password", password))
                if not value}
        if keys:
            return self._show_errors(keys, "en")
        result = await staff_auth.sign_in_after_wait(get_engine(), email, str(password),
                                                     ip=self.router.session.client_ip or "")
        if not result.ok:
            return self._show_errors({"email": "error.sign_in.locked" if result.locked else "error.sign_in.wrong"},
                                     "en")
        self._clear_errors()
        return _navigate(self, routes.with_query(routes.STAFF_SESSION_START, n=result.handoff))

    @rx.event
    @public
    def sign_out(self):
        forget(self)  # nothing of the caseworker's pages stays in this tab
        return _navigate(self, routes.STAFF_SESSION_END)


class StaffTwoStepState(FormMixin, rx.State):
    """The authenticator code; at the first sign-in, setting the app up with a QR code first."""

    setting_up: bool = False
    qr_code: str = ""
    manual_key: str = ""

    @rx.event
    @staff_only(stage=staff_auth.AWAITING_APP)
    async def load(self):
        self._clear_errors()
        view = staff()
        self.setting_up = not view.has_authenticator
        self.qr_code = self.manual_key = ""
        if self.setting_up:
            setup = await asyncio.to_thread(staff_auth.begin_setup, get_engine(), get_settings(), view.session_id)
            if setup is not None:
                self.qr_code = setup.qr_code
                self.manual_key = " ".join(setup.secret[i:i + 4] for i in range(0, len(setup.secret), 4))

    @rx.event
    @staff_only(stage=staff_auth.AWAITING_APP)
    async def submit(self, form_data: dict):
        code = _text(form_data, "code").replace(" ", "")
        if not code:
            return self._show_errors({"code": "error.staff.code_empty"}, "en")
        nonce = await staff_auth.verify_code_after_wait(get_engine(), get_settings(), staff(), code,
                                                        ip=self.router.session.client_ip or "")
        if nonce is None:
            return self._show_errors({"code": "error.staff.code_wrong"}, "en")
        return _navigate(self, routes.with_query(routes.STAFF_SESSION_START, n=nonce))


def _day(value: date | None) -> str:
    return long_date(value, "en") if value else ""


class QueueState(FormMixin, rx.State):
    """"EHC needs assessment requests": tabs, search, filters (in the address, not remembered), sort, pages."""

    staff_name: str = ""
    rows: list[dict[str, str]] = []
    tab_labels: dict[str, str] = {}  # "My cases (3)"
    page_label: str = ""
    tab: str = "all"
    sort: str = "due"
    descending: bool = False
    page: int = 1
    pages: int = 1
    total: int = 0
    showing: str = ""
    filters: dict[str, str] = {}  # the applied filters, as the form shows them
    selected_tags: list[dict[str, str]] = []  # each applied filter, with the address that removes it
    statuses: list[dict[str, str]] = []
    officers: list[dict[str, str]] = []
    links: dict[str, str] = {}  # tab and sort addresses keeping the other choices
    csv_href: str = ""

    @rx.event
    @staff_only()
    async def load(self):
        view = staff()
        self.staff_name = view.name
        params = dict(self.router.url.query_parameters)
        query = queue.query_from_params(params)
        found = await asyncio.to_thread(queue.search, get_engine(), query, view.staff_id, uk_date(utcnow()))
        officers = await asyncio.to_thread(staff_cases.officers, get_engine())
        self.tab, self.sort, self.descending = query.tab, query.sort, query.descending
        self.page, self.pages, self.total = found.page, found.pages, found.total
        self.tab_labels = {tab: t("staff.queue.tab_label", "en", label=t(f"staff.queue.tab.{tab}", "en"), count=count)
                           for tab, count in found.counts.items()}
        self.page_label = t("staff.queue.page_of", "en", page=found.page, pages=found.pages)
        first = (found.page - 1) * queue.PAGE_SIZE + 1 if found.total else 0
        self.showing = t("staff.queue.showing", "en", first=first, last=first + len(found.rows) - 1 if found.rows
                         else 0, total=found.total)
        self.rows = [_queue_row(row) for row in found.rows]
        self.filters = {name: str(params.get(name, "")) for name in (*FILTER_FIELDS, "overdue")}
        self.statuses = [{"value": key, "label": status.label, "checked": "yes" if key in query.statuses else ""}
                         for key, status in case_status.STATUSES.items()]
        self.officers = [{"value": str(officer_id), "label": name} for officer_id, name in officers]
        self.selected_tags = _tags(params, dict(officers))
        self.links = _links(params)
        self.csv_href = backend_base(self) + routes.queue_csv(_kept(params, drop=("page",)))

    @rx.event
    @staff_only()
    async def apply_filters(self, form_data: dict):
        data = form_data if hasattr(form_data, "get") else {}
        params = {name: _text(data, name) for name in FILTER_FIELDS if _text(data, name)}
        chosen = [key for key in case_status.STATUSES if data.get(f"status-{key}")]
        if chosen:
            params["status"] = ",".join(chosen)
        if data.get("overdue"):
            params["overdue"] = "yes"
        tab = str(self.router.url.query_parameters.get("tab", ""))
        if tab:
            params["tab"] = tab
        return rx.redirect(routes.staff_queue(params))

    @rx.event
    @staff_only()
    async def assign_selected(self, form_data: dict):
        """Bulk assign the ticked requests to the chosen officer (or to me)."""
        data = form_data if hasattr(form_data, "get") else {}
        ids = [int(row["id"]) for row in self.rows if data.get(f"select-{row['id']}")]
        officer = _text(data, "assign_to")
        officer_id = staff().staff_id if officer in ("", "me") else parse_id(officer)
        if not ids:
            return self._show_errors({"select-all": "error.staff.select_requests"}, "en")
        await asyncio.to_thread(staff_cases.assign, get_engine(), ids, officer_id, f"staff:{staff().staff_id}")
        return rx.redirect(self.router.url.path + (f"?{self.router.url.query}" if self.router.url.query else ""))


FILTER_FIELDS = ("q", "officer", "setting", "from-day", "from-month", "from-year", "to-day", "to-month", "to-year")


def _queue_row(row: queue.QueueRow) -> dict[str, str]:
    if queue.is_overdue(row):
        due_tag = t("staff.queue.overdue", "en")
    elif queue.is_due_soon(row):
        due_tag = t("staff.queue.due_in", "en", days=row.days_left)
    else:
        due_tag = ""
    return {"id": str(row.id), "reference": row.reference, "child": row.child_name, "received": _day(row.received_on),
            "due": _day(row.decision_due_on), "due_tag": due_tag, "overdue": "yes" if queue.is_overdue(row) else "",
            "assigned": row.assigned_to or t("staff.queue.unassigned", "en"), "status": row.status_label,
            "href": routes.staff_case(row.id)}


def _kept(params: dict[str, Any], *, drop: tuple[str, ...] = (), **changes: str) -> dict[str, str]:
    kept = {key: str(value) for key, value in params.items() if key not in drop and value}
    kept.update({key: value for key, value in changes.items() if value})
    return kept


def _links(params: dict[str, Any]) -> dict[str, str]:
    """Addresses for each tab and each column's sort, keeping the search and filters."""
    links = {f"tab-{tab}": routes.staff_queue(_kept(params, drop=("tab", "page"), tab=tab))
             for tab in ("mine", "unassigned", "all")}
    current, descending = params.get("sort", "due"), params.get("order") == "desc"
    for key in queue.SORTS:
        flip = "desc" if key == current and not descending else ""
        links[f"sort-{key}"] = routes.staff_queue(_kept(params, drop=("sort", "order", "page"), sort=key, order=flip))
    page = parse_id(params.get("page", "1")) or 1
    links["previous"] = routes.staff_queue(_kept(params, drop=("page",), page=str(max(1, page - 1))))
    links["next"] = routes.staff_queue(_kept(params, drop=("page",), page=str(page + 1)))
    return links


def _tags(params: dict[str, Any], officers: dict[int, str]) -> list[dict[str, str]]:
    """Each applied filter as a removable tag (MOJ "selected filters")."""
    tags = []
    if params.get("q"):
        tags.append(("q", t("staff.filter.search_tag", "en", text=params["q"])))
    for key in str(params.get("status", "")).split(","):
        if key in case_status.STATUSES:
            rest = ",".join(k for k in str(params["status"]).split(",") if k != key)
            tags.append((f"status={rest}", case_status.STATUSES[key].label))
    officer = str(params.get("officer", ""))
    if parse_id(officer) in officers:
        tags.append(("officer", officers[parse_id(officer) or 0]))
    if params.get("setting"):
        tags.append(("setting", params["setting"]))
    if params.get("overdue") == "yes":
        tags.append(("overdue", t("staff.filter.overdue", "en")))
    found = []
    for key, label in tags:
        name, _, value = key.partition("=")
        rest = _kept(params, drop=(name, "page"), **({name: value} if value else {}))
        found.append({"label": label, "href": routes.staff_queue(rest)})
    return found


CASE_SECTIONS = ("request", "documents", "notes", "history")
ACTIONS = {"case.status_changed": "Status changed", "case.assigned": "Assigned", "case.viewed": "Case opened",
           "case.exception_recorded": "Exception recorded", "application.submitted": "Request submitted",
           "application.started": "Application started", "document.uploaded": "Document uploaded",
           "document.removed": "Document removed", "document.downloaded": "Document downloaded",
           "case.note_added": "Note added", "case.decision_recorded": "Decision recorded",
           "application.recorded_by_staff": "Recorded by staff"}


class CaseState(FormMixin, rx.State):
    """One request: identity bar, then Request (the answers), Documents and History."""

    found: bool = False
    ready: bool = False
    application_id: str = ""
    section: str = "request"
    reference: str = ""
    child_name: str = ""
    status: str = ""
    status_label: str = ""
    overdue: bool = False
    received: str = ""
    decision_due: str = ""
    assigned_to: str = ""
    parent_rows: list[dict[str, str]] = []
    answers: list[StepView] = []
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    next_statuses: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    exception: str = ""  # the reg 10(4) exception recorded, in words
    exception_reasons: list[dict[str, str]] = [{"value": key, "label": text} for key, text in EXCEPTIONS.items()]
    decision_options: list[dict[str, str]] = []  # the decisions the process allows now
    upload_action: str = ""
    upload_error: str = ""
    export_href: str = ""
    banner: str = ""

    def _id(self) -> int:
        parts = [part for part in self.router.url.path.split("/") if part]
        return (parse_id(parts[2]) or 0) if len(parts) >= 4 and parts[:2] == ["staff", "case"] else 0

    @rx.event
    @staff_only()
    async def load(self):
        self.ready = False
        self._clear_errors()
        parts = [part for part in self.router.url.path.split("/") if part]
        self.section = parts[3] if len(parts) >= 4 and parts[3] in CASE_SECTIONS else "request"
        self.banner = str(self.router.url.query_parameters.get("done", ""))[:40]
        await self._refresh(self._id())
        self.ready = True

    async def _refresh(self, application_id: int) -> None:
        found = await asyncio.to_thread(staff_cases.open_case, get_engine(), application_id, staff().staff_id)
        self.found = found is not None
        if found is None:
            return
        application, child = found.application, found.child
        today = uk_date(utcnow())
        self.application_id = str(application.id)
        self.reference = application.reference or ""
        self.child_name = application.child_name
        self.status = application.case_status
        status = case_status.STATUSES.get(application.case_status)
        self.status_label = status.label if status else application.case_status
        self.overdue = bool(application.decision_due_on and application.decision_due_on < today
                            and application.case_status in case_status.OPEN_BEFORE_DECISION)
        self.received, self.decision_due = _day(application.received_on), _day(application.decision_due_on)
        self.assigned_to = found.assigned_to or t("staff.queue.unassigned", "en")
        parent = found.parent
        self.parent_rows = [{"label": t("staff.case.parent", "en"), "value": f"{parent.forename} {parent.surname}"},
                            {"label": t("staff.case.parent_email", "en"), "value": parent.email},
                            # Letters and emails go in this language: a caseworker replying by hand should too.
                            {"label": t("staff.case.language", "en"),
                             "value": t(f"staff.case.language.{parent.preferred_language}", "en")},
                            {"label": t("child.dob", "en"), "value": _day(child.date_of_birth)},
                            {"label": t("child.school", "en"), "value": child.school_name or "—"},
                            {"label": t("staff.case.address", "en"), "value": ", ".join(
                                part for part in (child.address_line_1, child.address_line_2, child.town,
                                                  child.postcode) if part)}]
        # Who asked and what they agreed to (a young person's agreement, parents copied in, the declaration).
        self.parent_rows += [{"label": row.label, "value": row.value}
                             for row in consents.agreed_rows(consents.agreed(application), "en")]
        from_family = [doc for doc in found.documents if doc.uploaded_by_staff_id is None]
        documents = [{"id": doc.id, "name": doc.original_name, "details": dict(doc.details)} for doc in from_family]
        facts = applications.child_facts(child, application.received_on or today)
        steps = form_answers.summarise(EHCNA, application.answers, facts, "en", documents)
        self.answers = answer_views(steps, {}, lambda _step: "")
        base = backend_base(self)
        kinds = EHCNA.find("documents")
        # A document in quarantine (virus scan pending) or that failed its scan has no link, only its status.
        self.documents = [{"name": doc.original_name,
                           "href": base + routes.document(doc.id) if doc.scan_status in ScanStatus.DOWNLOADABLE
                           else "",
                           "scan": t(f"staff.case.scan.{doc.scan_status}", "en")
                           if doc.scan_status in (ScanStatus.PENDING, ScanStatus.INFECTED) else "",
                           "scan_tag": "govuk-tag--red" if doc.scan_status == ScanStatus.INFECTED
                           else "govuk-tag--yellow",
                           "type": form_answers.display(kinds.field("document_type"),  # type: ignore[union-attr]
                                                        doc.details.get("document_type"), "en", kinds),
                           "from": str(doc.details.get("document_from", "")),
                           "uploaded": _day(doc.uploaded_at.date()),
                           "when": _document_note(doc)}
                          for doc in found.documents]
        self.upload_action = base + routes.staff_document_upload(application.id)
        self.export_href = base + routes.case_export(application.id)
        self.upload_error = upload_error_message(dict(self.router.url.query_parameters), "en",
                                                 get_settings().upload_max_mb)
        if self.upload_error:
            self.errors = {"file": self.upload_error}
            self.error_list = [{"field": "file", "message": self.upload_error}]
        found_notes = await asyncio.to_thread(staff_cases.notes, get_engine(), application.id or 0)
        self.notes = [{"by": note.author, "when": format_when(note.at), "body": note.body} for note in found_notes]
        self.exception = t("staff.case.exception_recorded", "en", reason=EXCEPTIONS[application.exception_reason],
                           starts=_day(application.exception_from),
                           ends=_day(application.exception_to) or t("staff.case.exception_open", "en")) \
            if application.exception_reason in EXCEPTIONS else ""
        entries = await asyncio.to_thread(staff_cases.history, get_engine(), application.id or 0)
        self.history = [{"title": ACTIONS.get(entry.action, entry.action), "by": entry.actor,
                         "when": format_when(entry.at), "detail": _describe(entry.detail)} for entry in entries]
        # Decisions are made with "Record decision", which also writes the letter.
        self.next_statuses = [{"value": key, "label": case_status.STATUSES[key].label}
                              for key in case_status.allowed_next(application.case_status)
                              if key not in decisions.DECISIONS.values()]
        self.decision_options = [{"value": decision, "label": t(f"staff.case.decision.{decision}", "en")}
                                 for decision in decisions.available(application.case_status)]

    @rx.event
    @staff_only()
    async def assign_to_me(self):
        application_id = self._id()
        await asyncio.to_thread(staff_cases.assign, get_engine(), [application_id], staff().staff_id,
                                f"staff:{staff().staff_id}")
        return rx.redirect(routes.staff_case(application_id, self.section, done="assigned"))

    @rx.event
    @staff_only()
    async def change_status(self, form_data: dict):
        new, reason = _text(form_data, "status"), _text(form_data, "reason")[:2000]
        if not new:
            return self._show_errors({"status": "error.staff.status_empty"}, "en")
        application_id = self._id()
        try:
            await asyncio.to_thread(staff_cases.change_status, get_engine(), application_id, new,
                                    actor=f"staff:{staff().staff_id}", on=uk_date(utcnow()), reason=reason)
        except case_status.TransitionRefused as refused:
            self.errors = {"status": str(refused)}
            self.error_list = [{"field": "status", "message": str(refused)}]
            return None
        return rx.redirect(routes.staff_case(application_id, self.section, done="status"))


    @rx.event
    @staff_only()
    async def record_decision(self, form_data: dict):
        """Record decision: status, letter (with the family's rights for a refusal) and email, together."""
        application_id = self._id()
        try:
            await asyncio.to_thread(decisions.record, get_engine(), get_settings(), application_id,
                                    _text(form_data, "decision"), str(form_data.get("reasons", "") if hasattr(
                                        form_data, "get") else ""), staff_id=staff().staff_id,
                                    today=uk_date(utcnow()), now=utcnow())
        except decisions.DecisionRefused as refused:
            self.errors = {refused.field: str(refused)}
            self.error_list = [{"field": refused.field, "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        return rx.redirect(routes.staff_case(application_id, self.section, done="decision"))


    @rx.event
    @staff_only()
    async def add_note(self, form_data: dict):
        body = str(form_data.get("note", "")).strip() if hasattr(form_data, "get") else ""
        if not body:
            return self._show_errors({"note": "error.staff.note_empty"}, "en")
        if len(body) > staff_cases.NOTE_MAX:
            return self._show_errors({"note": "error.staff.note_too_long"}, "en", max=staff_cases.NOTE_MAX)
        application_id = self._id()
        await asyncio.to_thread(staff_cases.add_note, get_engine(), application_id, staff().staff_id, body)
        return rx.redirect(routes.staff_case(application_id, "notes", done="note"))

    @rx.event
    @staff_only()
    async def record_exception(self, form_data: dict):
        """Record that a reg 10(4) exception applies (the statutory dates themselves never move)."""
        data = form_data if hasattr(form_data, "get") else {}
        starts = parse_date(_text(data, "exception_from-day"), _text(data, "exception_from-month"),
                            _text(data, "exception_from-year"))
        ends = parse_date(_text(data, "exception_to-day"), _text(data, "exception_to-month"),
                          _text(data, "exception_to-year"))
        problems: dict[str, str] = {}
        if _text(data, "exception_reason") not in EXCEPTIONS:
            problems["exception_reason"] = "error.staff.exception_reason"
        if starts.value is None:
            problems["exception_from"] = starts.error
        if ends.value is None and ends.error != "error.date.empty":
            problems["exception_to"] = ends.error
        if problems:
            return self._show_errors(problems, "en", label="the date", Label="The date")
        application_id = self._id()
        try:
            await asyncio.to_thread(staff_cases.record_exception, get_engine(), application_id,
                                    _text(data, "exception_reason"), starts.value, ends.value,
                                    actor=f"staff:{staff().staff_id}")
        except casework.CaseworkRefused as refused:
            self.errors = {"exception_to": str(refused)}
            self.error_list = [{"field": "exception_to", "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        return rx.redirect(routes.staff_case(application_id, self.section, done="exception"))


def _document_note(document) -> str:
    """Who a document came from, and whether the family can see it."""
    if document.uploaded_by_staff_id is None:
        return t("staff.case.after_submission", "en") if document.after_submission else ""
    return t("staff.case.shared" if document.shared else "staff.case.internal", "en",
             tab=t(f"tab.{document.phase or 'request'}", "en"))


def format_when(moment) -> str:
    """"4 June 2026 at 9:32am", UK time (MOJ timeline style)."""
    return format_datetime(moment, "d MMMM y 'at' h:mma", tzinfo=LONDON, locale="en_GB").replace(
        "AM", "am").replace("PM", "pm")


def _describe(detail: dict) -> str:
    if "old" in detail and "new" in detail and isinstance(detail.get("new"), str):
        old = case_status.STATUSES.get(str(detail["old"]))
        new = case_status.STATUSES.get(str(detail["new"]))
        if old and new:
            return f"{old.label} → {new.label}" + (f": {detail['reason']}" if detail.get("reason") else "")
    if "reference" in detail:
        return str(detail["reference"])
    return ""


class KpiState(rx.State):
    """Managers: the SEN2 measures month by month for the last 12 months, and requests overdue now."""

    months: list[dict[str, str]] = []
    overdue: int = 0
    csv_href: str = ""

    @rx.event
    @staff_only(roles=MANAGERS)
    async def load(self):
        today = uk_date(utcnow())
        first = date(today.year - 1, today.month, 1)
        figures = await asyncio.to_thread(kpis.monthly, get_engine(), first, today)
        self.overdue = await asyncio.to_thread(kpis.overdue_now, get_engine(), today)

        def shown(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        self.months = [{"month": format_date(date(int(m.month[:4]), int(m.month[5:]), 1), "MMMM y", locale="en_GB"),
                        "received": str(m.requests_received), "decisions": str(m.decisions_made),
                        "within_6": shown(m.percent_decisions_within_6_weeks),
                        "agreed": str(m.assessments_agreed), "refused": str(m.assessments_refused),
                        "plans": str(m.plans_issued), "within_20": shown(m.percent_plans_within_20_weeks),
                        "within_20_ex": shown(m.percent_plans_within_20_weeks_excluding_exceptions),
                        "weeks": shown(m.average_weeks_to_plan)} for m in reversed(figures)]
        self.csv_href = backend_base(self) + routes.KPI_CSV


class AccessLogState(rx.State):
    """Managers: who opened which request or downloaded which document, and when (newest first)."""

    entries: list[dict[str, str]] = []

    @rx.event
    @staff_only(roles=MANAGERS)
    async def load(self):
        found = await asyncio.to_thread(staff_cases.access_log, get_engine())
        self.entries = [{"when": format_when(entry.at), "who": entry.actor, "what": ACTIONS.get(entry.action,
                                                                                                  entry.action),
                         "reference": entry.reference, "href": routes.staff_case(entry.application_id, "history")}
                        for entry in found]


class StaffAdminState(FormMixin, rx.State):
    """Admins: staff accounts — add one (as ``ehcna-portal create-staff`` does), switch off, reset the app."""

    members: list[dict[str, str]] = []
    added: str = ""
    dead_letters: list[dict[str, str]] = []  # "Emails that could not be sent" (outbox dead letters)
    retried: str = ""

    @rx.event
    @staff_only(roles=("admin",))
    async def load(self):
        self._clear_errors()
        self.added = self.retried = ""
        await self._list()
        await self._list_dead_letters()

    async def _list_dead_letters(self) -> None:
        found = await asyncio.to_thread(outbox.dead_letters, get_engine())
        self.dead_letters = [{"id": str(letter.id), "when": format_when(letter.created_at),
                              "template": letter.template, "to": letter.recipient or "—",
                              "error": letter.last_error, "attempts": str(letter.attempts),
                              "can_retry": "yes" if letter.can_retry else ""} for letter in found]

    @rx.event
    @staff_only(roles=("admin",))
    async def retry_email(self, message_id: str):
        """Try a dead-lettered email again (back in the queue, due now); audited."""
        if (found := parse_id(message_id)) and await asyncio.to_thread(
                outbox.retry_dead_letter, get_engine(), found, actor=f"staff:{staff().staff_id}"):
            self.retried = t("staff.admin.emails.retried", "en")
        await self._list_dead_letters()

    async def _list(self) -> None:
        found = await asyncio.to_thread(staff_cases.staff_members, get_engine())
        self.members = [{"id": str(member.id), "name": member.name, "email": member.email,
                         "role": t(f"role.{member.role}", "en"),
                         "state": t("staff.admin.active" if member.active else "staff.admin.inactive", "en"),
                         "active": "yes" if member.active else "",
                         "app": t("staff.admin.app_set" if member.has_authenticator else "staff.admin.app_not_set",
                                  "en")}
                        for member in found]

    @rx.event
    @staff_only(roles=("admin",))
    async def add(self, form_data: dict):
        data = form_data if hasattr(form_data, "get") else {}
        name, email, role = _text(data, "name"), _text(data, "email").lower(), _text(data, "role")
        password = str(data.get("password", ""))
        keys = {field: f"error.staff.admin.{field}" for field, value in
                (("name", name), ("email", email), ("role", role), ("password", password)) if not value}
        if keys:
            return self._show_errors(keys, "en")
        try:
            await password_work(staff_cases.create_staff_account, get_engine(), get_settings(), email=email,
                                name=name, role=role, password=password, actor=f"staff:{staff().staff_id}")
        except AccountError as refused:
            self.errors = {"email": str(refused)}
            self.error_list = [{"field": "email", "message": str(refused)}]
            return rx.call_script(FOCUS_ERROR_SUMMARY)
        self._clear_errors()
        self.added = t("staff.admin.added", "en", name=name)
        await self._list()
        return None

    @rx.event
    @staff_only(roles=("admin",))
    async def toggle(self, staff_id: str):
        member_id = parse_id(staff_id)
        if member_id is None or member_id == staff().staff_id:  # never switch yourself off
            return None
        member = next((m for m in self.members if m["id"] == str(staff_id)), None)
        if member is not None:
            await asyncio.to_thread(staff_cases.set_active, get_engine(), member_id, not member["active"],
                                    actor=f"staff:{staff().staff_id}")
        await self._list()
        return None

    @rx.event
    @staff_only(roles=("admin",))
    async def reset_app(self, staff_id: str):
        if (member_id := parse_id(staff_id)) is not None:
            await asyncio.to_thread(staff_cases.reset_authenticator, get_engine(), member_id,
                                    actor=f"staff:{staff().staff_id}")
        await self._list()


PAPER_ORDER = ("received", "channel", "requester_name", "requester_email", "forename", "surname", "gender_at_birth",
               "dob", "address_line_1", "town", "postcode", "school_name")


class PaperRequestState(FormMixin, rx.State):
    """Record a request that came by post or email, with the date it really arrived."""

    date_parts: dict[str, list[str]] = {"received": [], "dob": []}

    @rx.event
    @staff_only()
    async def load(self):
        self._clear_errors()

    @rx.event
    @staff_only()
    async def submit(self, form_data: dict):
        data = dict(form_data) if hasattr(form_data, "items") else {}
        checked = paper_requests.check(data, uk_date(utcnow()))
        if checked.errors:
            ordered = {name: checked.errors[name] for name in PAPER_ORDER if name in checked.errors}
            return self._show_errors(ordered, "en", label="the date", Label="The date")
        application_id, _reference = await asyncio.to_thread(paper_requests.record, get_engine(), checked.values,
                                                             staff_id=staff().staff_id, now=utcnow())
        return rx.redirect(routes.staff_case(application_id, done="recorded"))


class StageTextState(FormMixin, rx.State):
    """Admins: the stage texts of the child's page, in English and Welsh (blank = the standard wording)."""

    texts: dict[str, str] = {}
    saved: bool = False
    revision: int = 0  # the form is drawn afresh (uncontrolled boxes) each time the texts are read

    @rx.event
    @staff_only(roles=("admin",))
    async def load(self):
        self._clear_errors()
        self.saved = False
        await self._fill()

    async def _fill(self) -> None:
        found: dict[str, str] = {}
        for lang in LANGUAGES:
            for key, text in (await asyncio.to_thread(stage_texts.texts, get_engine(), lang)).items():
                found[f"{lang}-{key}"] = text
        self.texts = found
        self.revision += 1

    @rx.event
    @staff_only(roles=("admin",))
    async def save(self, form_data: dict):
        data = form_data if hasattr(form_data, "get") else {}
        problems: dict[str, str] = {}
        for lang in LANGUAGES:
            wording = {key: str(data.get(f"{lang}-{key}", "")) for key in stage_texts.KEYS}
            errors = await asyncio.to_thread(stage_texts.save, get_engine(), lang, wording,
                                             staff_id=staff().staff_id)
            problems.update({f"{lang}-{key}": message for key, message in errors.items()})
        if problems:
            return self._show_errors(problems, "en", max=stage_texts.MAX_LENGTH)
        self._clear_errors()
        self.saved = True
        await self._fill()
        return None
