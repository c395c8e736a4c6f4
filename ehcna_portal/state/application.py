"""The EHCNA application wizard (seed 1.3–1.5): steps, repeatable items, summary, consent, submit.

One state serves every page of an application; which page is in the address:
``/ehc/application/<id>/<page>`` (``step-1`` … ``step-8``, ``summary``,
``confirmation``, ``documents``) and ``/ehc/application/<id>/<page>/<group>/<item>``
for one item of a repeatable group. The application id is client-controlled, so
every handler reads the application through ``applications.get(parent, id)``.
The database is the only truth: every button saves before it moves on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.components.scripts import run_js
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import consents as consents_text
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.schema import Field, Group, Step
from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, long_date, switch_path, t
from ehcna_portal.ids import parse_id, parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, consents, form_checks, wizard
from ehcna_portal.services.applications import ApplicationView, SaveOutcome
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.document_store import REFUSAL_CODES
from ehcna_portal.services.form_checks import IncompleteItem
from ehcna_portal.services.parent_accounts import account_details
from ehcna_portal.settings import get_settings
from ehcna_portal.state.form import FormMixin, title_error_prefix
from ehcna_portal.state.guards import language_of
from ehcna_portal.state.session import backend_base, for_parent, parent_only

STEP_PAGES = tuple(step.slug for step in EHCNA.steps)
PAGES = (*STEP_PAGES, "summary", "confirmation", "documents", "print", "delete")
UPLOAD_FORM_ID = "upload-form"
# The query of a step opened from the summary ("Change"): its Continue goes back to the summary.
FROM_SUMMARY = {"return": "summary"}


@dataclasses.dataclass
class RowView:
    question: str
    answer: str
    href: str = ""


@dataclasses.dataclass
class ItemView:
    title: str
    rows: list[RowView]
    key: str
    change: str  # the _action value that opens the item
    remove: str  # the _action value that removes it ("" when it cannot be removed)
    problem: bool = False
    download: str = ""
    scan: str = ""  # a document's virus scan when it cannot be downloaded: pending or infected


@dataclasses.dataclass
class GroupView:
    name: str
    label: str
    item_label: str
    members: list[ItemView]
    add: str = ""


@dataclasses.dataclass
class StepView:
    number: int
    title: str
    href: str
    status: str  # completed, in_progress, not_started
    rows: list[RowView]
    groups: list[GroupView]


def _path_parts(state: rx.State) -> list[str]:
    """The page's address in segments, without its language prefix."""
    return [part for part in switch_path(state.router.url.path, DEFAULT_LANGUAGE).split("/") if part]


def _stored_strings(fields: list[Field], values: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Saved answers as form defaults: text by field id, and the ticked "field-value" boxes."""
    shown: dict[str, str] = {}
    ticked: list[str] = []
    for field in fields:
        value = values.get(field.name)
        if field.kind == "date":
            parts = value if isinstance(value, dict) else {}
            for part in ("day", "month", "year"):
                shown[f"{field.name}-{part}"] = str(parts.get(part, ""))
        elif field.kind == "checkboxes":
            ticked.extend(f"{field.name}-{item}" for item in (value or []))
        else:
            shown[field.name] = "" if value is None else str(value)
    return shown, ticked


def answer_views(steps: list[form_answers.StepSummary], statuses: dict[int, str],
                 change_href: Callable[[form_answers.StepSummary], str]) -> list[StepView]:
    """Every step's answered questions, ready to draw (summary, print view, staff case page).

    Questions left blank are not listed (most are optional); "Change" on the step reaches them."""
    shown = []
    for step in steps:
        href = change_href(step)
        rows = [RowView(row.question, row.answer, f"{href}#{row.field_id}" if href else "")
                for row in step.rows if row.answer]
        groups = [GroupView(group.name, group.label, group.item_label, [
            ItemView(item.title, [RowView(row.question, row.answer) for row in item.rows if row.answer],
                     item.key, "", "") for item in group.items]) for group in step.groups]
        shown.append(StepView(step.number, step.title, href, statuses.get(step.number, ""), rows, groups))
    return shown


def _all_fields(fields: tuple[Field, ...] | list[Field]) -> list[Field]:
    found = []
    for field in fields:
        found.append(field)
        found.extend(field.revealed())
    return found


class ApplicationState(FormMixin, rx.State):
    """Every page of one application."""

    found: bool = False
    ready: bool = False
    application_id: str = ""
    page: str = ""
    group: str = ""
    item: str = ""
    status: str = ""
    reference: str = ""
    received: str = ""
    decision_due: str = ""
    child_name: str = ""
    child_rows: list[RowView] = []
    requested_by: str = consents_text.PARENT  # who would be asking if it were sent today: which consents to ask
    agreed_rows: list[RowView] = []  # once sent: what was agreed, by whom and when
    consent_given: dict[str, str] = dict.fromkeys(consents_text.NAMES, "")  # kept when a submit is refused
    submitter: str = ""
    version: int = 0
    form_key: str = ""
    values: dict[str, str] = {}
    ticked: list[str] = []
    date_parts: dict[str, list[str]] = {}
    stepper: list[StepView] = []
    groups: list[GroupView] = []
    summary: list[StepView] = []
    conflict: bool = False
    banner: str = ""
    upload_error: str = ""
    child_href: str = ""
    edit_child_href: str = ""
    item_title: str = ""
    upload_action: str = ""
    loaded_path: str = ""  # the address the page was last filled for (tests wait for it to match)
    saved_status: str = ""  # "Your answers to Step 2 have been saved", read out by screen readers (role=status)
    _saved_status_for: str = ""  # the address the status belongs to: the page a save led to

    # ------------------------------------------------------------ loading

    def _lang(self) -> Language:
        return language_of(self)

    def _where(self) -> tuple[int, str, str, str]:
        parts = _path_parts(self)
        application_id = parse_id(parts[2]) if len(parts) >= 4 and parts[:2] == ["ehc", "application"] else None
        if application_id is None:
            return 0, "", "", ""
        group, item = (parts[4], parts[5]) if len(parts) >= 6 else ("", "")
        return application_id, parts[3], group, item

    async def _fetch(self, application_id: int) -> ApplicationView | None:
        return await for_parent(applications.get, application_id)

    @rx.event
    @parent_only(two_step=True)
    async def load(self):
        self.ready = False
        self._clear_errors()
        self.conflict = False
        application_id, page, group, item = self._where()
        view = await self._fetch(application_id) if page in PAGES else None
        self.found = view is not None
        if view is None:
            self.ready = True  # shows "not found"
            return None
        lang = self._lang()
        if not view.is_draft and page in STEP_PAGES:
            return rx.redirect(routes.form_page(view.id, "summary", lang))
        if not view.is_draft and page == "delete":  # a sent request stays with the council
            return rx.redirect(routes.form_page(view.id, "summary", lang))
        if view.is_draft and page in ("confirmation", "documents"):
            return rx.redirect(routes.form_page(view.id, "summary", lang))
        self.page, self.group, self.item = page, group, item
        query = self.router.url.query_parameters
        self.banner = _banner_key(query)
        self.upload_error = upload_error_message(query, lang, get_settings().upload_max_mb)
        if self.upload_error:
            self.errors = {"file": self.upload_error}
            self.error_list = [{"field": "file", "message": self.upload_error}]
        if page in ("summary", "print"):  # "Form submitter details"
            details = await for_parent(account_details)
            self.submitter = " ".join(part for part in (details.get("forename", ""), details.get("surname", ""))
                                      if part)
        self._show(view)
        if view.is_draft and page != view.last_page and (page in STEP_PAGES or page == "summary") and not group:
            await for_parent(applications.record_page, view.id, page)
        self.loaded_path = self.router.url.path
        if self._saved_status_for != self.loaded_path:
            self.saved_status = ""
        self._saved_status_for = ""
        self.ready = True
        # One compiled page serves every step: give each its own title (WCAG 2.4.2).
        return run_js("title => { document.title = title; }", t("page.title", lang, page=self._heading(lang)))

    def _heading(self, lang: Language) -> str:
        """What the page is, in words, for its title."""
        step = self._step()
        if step is not None and self.group:
            group = EHCNA.find(self.group)
            noun = form_text.group_item(group, lang) if isinstance(group, Group) else ""
            return self.item_title or t("application.item.add" if self.item == "new" else "application.item.change",
                                        lang, item=noun)
        if self.page in STEP_PAGES and step is not None:
            return t("application.step_heading", lang, number=step.number, total=len(EHCNA.steps),
                     title=form_text.step_title(step, lang))
        return t({"summary": "summary.title", "confirmation": "confirmation.title", "documents": "documents.title",
                  "print": "application.page_title", "delete": "delete_draft.title"}[self.page], lang)

    def _show(self, view: ApplicationView) -> None:
        """Fill every var of the current page from the application as saved."""
        lang = self._lang()
        today = uk_date(utcnow())
        self.application_id = str(view.id)
        self.status = view.status
        self.reference = view.reference
        self.received = long_date(view.received_on, lang) if view.received_on else ""
        self.decision_due = long_date(view.decision_due_on, lang) if view.decision_due_on else ""
        self.child_name = view.child_name
        self.version = view.version
        self.child_href = routes.child_page(view.child_id, lang=lang)
        self.edit_child_href = routes.edit_child(view.child_id, lang)
        child = view.child
        school = child.school_name or t(f"child.school_status.{child.school_status}", lang)
        self.requested_by = view.requested_by(today)
        self.consent_given = dict.fromkeys(consents_text.NAMES, "")
        self.agreed_rows = [RowView(row.label, row.value) for row in consents.agreed_rows(view.agreed, lang)]
        self.child_rows = [RowView(t("child.gender", lang), t(f"gender.{child.gender_at_birth}", lang)),
                           RowView(t("child.dob", lang), long_date(child.date_of_birth, lang)),
                           RowView(t("child.school", lang), school)]
        statuses = form_checks.step_statuses(applications.form_for(view), view, today)
        context = view.context(today)
        self.stepper = [StepView(step.number, form_text.step_title(step, lang),
                                 routes.form_page(view.id, step.slug, lang), statuses[step.number], [], [])
                        for step in EHCNA.steps]
        self.summary = self._summary(view, statuses) if self.page in ("summary", "print") else []
        self.upload_action = backend_base(self) + routes.document_upload(view.id, back=self.page, lang=lang)
        self.values, self.ticked, self.groups = {}, [], []
        self.item_title = ""
        step = self._step()
        if step is not None and self.group:
            self._show_item(view, step)
        elif step is not None:
            applicable = [f for f in step.fields() if f.show_if is None or f.show_if.holds(context)]
            shown, ticked = _stored_strings(applicable, view.drawn(today))
            self.values, self.ticked = shown, ticked
            self.groups = [self._group_view(view, group, context) for group in form_answers.shown_groups(step,
                                                                                                           context)]
        self.date_parts = {field.name: [] for field in self._page_fields() if field.kind == "date"}
        self.form_key = f"{self.page}-{self.group}-{self.item}-{view.version}-{utcnow().timestamp()}"

    def _page_fields(self) -> list[Field]:
        step = self._step()
        if step is None:
            return []
        group = next((g for g in step.groups() if g.name == self.group), None)
        return _all_fields(group.fields) if group else list(step.fields())

    def _step(self) -> Step | None:
        """The step this page belongs to (the documents page after sending is step 8's documents)."""
        if self.page in STEP_PAGES:
            return EHCNA.step(int(self.page.split("-")[1]))
        if self.page == "documents":
            return EHCNA.step_of("documents")
        return None

    def _group_view(self, view: ApplicationView, group: Group, context: dict[str, Any]) -> GroupView:
        lang = self._lang()
        today = uk_date(utcnow())
        if group.storage == "documents":
            docs = view.documents
            summary = form_answers.summarise_items(group, [doc.details for doc in docs], lang,
                                                   [doc.name for doc in docs], [str(doc.id) for doc in docs])
            removable = {str(doc.id) for doc in docs if view.is_draft}
            editable = {str(doc.id) for doc in docs if view.is_draft or doc.after_submission}
            problems = {str(doc.id) for doc in docs if form_answers.check_item(group, doc.details, today)}
            downloads = {str(doc.id): backend_base(self) + routes.document(doc.id) for doc in docs
                         if doc.downloadable}
            scans = {str(doc.id): doc.scan_status for doc in docs if not doc.downloadable}
        else:
            items = list(context.get(group.name) or [])
            summary = form_answers.summarise_items(group, items, lang)
            removable = editable = {item.key for item in summary.items}
            problems = {str(index) for index, item in enumerate(items)
                        if form_answers.check_item(group, item, today)}
            downloads, scans = {}, {}
        cards = [ItemView(item.title, [RowView(row.question, row.answer) for row in item.rows if row.answer],
                          item.key, f"edit:{group.name}:{item.key}" if item.key in editable else "",
                          f"remove:{group.name}:{item.key}" if item.key in removable else "",
                          item.key in problems, downloads.get(item.key, ""), scans.get(item.key, ""))
                 for item in summary.items]
        return GroupView(group.name, summary.label, summary.item_label, cards,
                         "" if group.storage == "documents" else f"add:{group.name}")

    def _show_item(self, view: ApplicationView, step: Step) -> None:
        group = next((g for g in step.groups() if g.name == self.group), None)
        if group is None:
            self.found = False
            return
        if group.storage == "documents":
            doc = next((d for d in view.documents if str(d.id) == self.item), None)
            if doc is None:
                self.found = False
                return
            item: dict[str, Any] = doc.details
            self.item_title = doc.name
        else:
            items = list(view.answers.get(step.slug, {}).get(group.name) or [])
            index = parse_number(self.item, len(items) - 1)
            item = items[index] if index is not None else {}
            if self.item != "new" and not item:
                self.found = False
                return
            self.item_title = ""
        self.values, self.ticked = _stored_strings(_all_fields(group.fields), item)

    # ------------------------------------------------------------ saving a step

    def _version_shown(self, form_data: dict) -> None:
        """Check the save against the draft version the page showed (its hidden ``_version``), not only
        the one this state remembers: after the state was lost and loaded again, they differ."""
        shown = parse_number(form_data.get("_version"))
        if shown is not None:
            self.version = shown

    async def _after_save(self, outcome: SaveOutcome) -> bool:
        """True when saved; otherwise show the newer answers and say why nothing was saved."""
        if outcome.saved and outcome.view is not None:
            self.version = outcome.view.version
            return True
        if outcome.view is None:
            self.found = False
            return False
        self._clear_errors()
        self.conflict = True
        self._show(outcome.view)
        return False

    @rx.event
    @parent_only(two_step=True)
    async def submit_page(self, form_data: dict):
        """Every button of a step page: Save & Continue, Back, SEND Home, and the add/change/remove ones."""
        step = self._step()
        if step is None or not self.application_id.isdigit():
            return None
        self._version_shown(form_data)
        action = str(form_data.get("_action") or wizard.CONTINUE)
        result = await for_parent(wizard.submit_page, int(self.application_id), self.version, step.number, form_data,
                                  action=action, to_summary=self.router.url.query_parameters.get("return") == "summary",
                                  today=uk_date(utcnow()))
        return await self._show_result(result, action, step)

    async def _show_result(self, result: wizard.PageResult, action: str, step: Step):
        """The page a step's button led to: the step again with what to put right, or the next page."""
        lang = self._lang()
        view = result.view
        if view is None:
            self.found = False
            return None
        if not view.is_draft:
            return await self._documents_action(action, view)
        if not result.saved:
            self._clear_errors()
            self.conflict = True
            self._show(view)
            return None
        self.version = view.version
        self.saved_status = t("application.saved_status", lang, number=step.number)
        if result.stays:
            self._show(view)
            return self._show_problems(result.problems, self._incomplete_messages(result.incomplete), lang)
        self._saved_status_for = routes.form_page(view.id, result.destination, lang) if result.destination else ""
        return await self._go(action, result.destination, view)

    def _incomplete_messages(self, incomplete: list[IncompleteItem]) -> list[tuple[str, str]]:
        """(field id, message) for each group item that still needs answers."""
        lang = self._lang()
        found = []
        for entry in incomplete:
            noun = form_text.group_item(entry.group, lang).capitalize()
            title = entry.name or form_answers.item_title(entry.group, entry.item, lang, f"{noun} {int(entry.key) + 1}")
            found.append((f"{entry.group.name}-{entry.key}", t("application.item_incomplete", lang, item=title)))
        return found

    def _show_problems(self, problems: list[form_answers.Problem], item_problems: list[tuple[str, str]],
                       lang: Language) -> list[Any]:
        self.date_parts = {**{name: [] for name in self.date_parts},
                           **{p.field_id: list(p.parts) for p in problems if p.field.kind == "date"}}
        shown = [{"field": p.field_id, "message": form_answers.message(p, lang)} for p in problems]
        shown += [{"field": field, "message": message} for field, message in item_problems]
        self.errors = {entry["field"]: entry["message"] for entry in shown}
        self.error_list = shown
        return self._show_errors_now(lang)

    def _show_errors_now(self, lang: Language) -> list[Any]:
        return [title_error_prefix(lang, True), rx.call_script(FOCUS_ERROR_SUMMARY)]

    async def _go(self, action: str, destination: str, view: ApplicationView):
        lang = self._lang()
        kind, _, rest = action.partition(":")
        if kind == "home":
            return rx.redirect(routes.ehc(lang))
        if kind == "back" and not destination:
            return rx.redirect(self.child_href)
        if kind == "add":
            return rx.redirect(routes.form_page(view.id, self.page, lang, rest, "new"))
        if kind == "edit":
            return rx.redirect(routes.form_page(view.id, self.page, lang, *rest.split(":")))
        if kind == "remove":
            return await self._remove(rest, view)
        if kind == "upload":
            return run_js("id => document.getElementById(id).submit()", UPLOAD_FORM_ID)
        return rx.redirect(routes.form_page(view.id, destination, lang))

    async def _remove(self, what: str, view: ApplicationView):
        group_name, _, key = what.partition(":")
        group = EHCNA.find(group_name) if group_name else None
        index = parse_number(key)
        if not isinstance(group, Group) or index is None:
            return None
        if group.storage == "documents":
            await for_parent(applications.remove_document, index, settings=True)
        else:
            outcome = await for_parent(applications.remove_item, view.id, self.version, group, index)
            if not await self._after_save(outcome):
                return None
        fresh = await self._fetch(view.id)
        if fresh is not None:
            self._show(fresh)
        self.banner = "application.removed"
        return None

    async def _documents_action(self, action: str, view: ApplicationView):
        """After sending, only documents can be added (and described) — never the answers."""
        lang = self._lang()
        kind, _, rest = action.partition(":")
        if kind == "upload":
            return run_js("id => document.getElementById(id).submit()", UPLOAD_FORM_ID)
        if kind == "edit" and rest.startswith("documents:"):
            return rx.redirect(routes.form_page(view.id, self.page, lang, *rest.split(":")))
        return rx.redirect(self.child_href)

    # ------------------------------------------------------------ one item of a group

    @rx.event
    @parent_only(two_step=True)
    async def submit_item(self, form_data: dict):
        lang = self._lang()
        step = self._step()
        group = next((g for g in step.groups() if g.name == self.group), None) if step else None
        if group is None or not self.application_id.isdigit():
            return None
        self._version_shown(form_data)
        action = str(form_data.get("_action") or "continue")
        application_id = int(self.application_id)
        back = routes.form_page(application_id, self.page, lang)
        item = form_answers.parse_item(group, form_data)
        if action == "back" and all(form_answers.is_empty(value) for value in item.values()):
            return rx.redirect(back)
        problems = form_answers.check_item(group, item, uk_date(utcnow()))
        if group.storage == "documents":
            saved = await for_parent(applications.save_document_details, parse_id(self.item) or 0, item)
            if not saved:
                self.found = False
                return None
        else:
            index = parse_number(self.item)
            outcome = await for_parent(applications.save_item, application_id, self.version, group, index, item)
            if not await self._after_save(outcome):
                return None
            if index is None and outcome.view is not None:
                # From now on this page edits the item it just added.
                items = outcome.view.answers.get(step.slug, {}).get(group.name) or []
                self.item = str(len(items) - 1)
        if action == "continue" and problems:
            self.values, self.ticked = _stored_strings(_all_fields(group.fields), item)
            return self._show_problems(problems, [], lang)
        return rx.redirect(back)

    # ------------------------------------------------------------ summary and submit

    def _summary(self, view: ApplicationView, statuses: dict[int, str]) -> list[StepView]:
        lang = self._lang()
        steps = form_answers.summarise(EHCNA, view.answers, view.facts(uk_date(utcnow())), lang, view.document_dicts())
        editable = view.is_draft and self.page == "summary"
        return answer_views(steps, statuses, lambda step: routes.form_page(view.id, step.slug, lang, **FROM_SUMMARY)
                            if editable else "")

    @rx.event
    @parent_only(two_step=True)
    async def submit_application(self, form_data: dict):
        """Submit (seed 1.4.2): the consents and declaration for who is asking, every step complete; a repeat
        returns the first result."""
        lang = self._lang()
        if not self.application_id.isdigit():
            return None
        outcome = await for_parent(applications.submit, int(self.application_id), given=dict(form_data), now=utcnow(),
                                   settings=True)
        if outcome.view is None:
            self.found = False
            return None
        if not outcome.view.is_draft:
            return rx.redirect(routes.form_page(outcome.view.id, "confirmation", lang))
        shown = [{"field": name, "message": t(key, lang)} for name, key in outcome.consent_errors.items()]
        for step_problems in outcome.problems:
            step = EHCNA.step(step_problems.step_number)
            title = form_text.step_title(step, lang)
            first = step_problems.problems[0] if step_problems.problems else None
            detail = form_answers.message(first, lang) if first else t("application.items_incomplete", lang)
            shown.append({"field": f"step-{step.number}",
                          "message": t("application.step_problem", lang, number=step.number, title=title,
                                       problem=detail)})
        self.errors = {entry["field"]: entry["message"] for entry in shown}
        self.error_list = shown
        self._show(outcome.view)
        self.consent_given = {name: str(form_data.get(name, ""))[:300] for name in consents_text.NAMES}
        return self._show_errors_now(lang)


    # ------------------------------------------------------------ deleting an unsent application

    @rx.event
    @parent_only(two_step=True)
    async def delete_draft(self, form_data: dict):
        """"Delete application" on /ehc/application/<id>/delete: the draft and its documents go; a request
        already sent is never deleted (the service checks, whatever this page was showing)."""
        if self.page != "delete" or not self.application_id.isdigit():
            return None
        application_id = int(self.application_id)
        deleted = await for_parent(applications.delete_draft, application_id, settings=True)
        if deleted:
            return rx.redirect(routes.with_query(self.child_href, deleted=1))
        view = await self._fetch(application_id)
        if view is not None:  # sent from another tab in the meantime
            return rx.redirect(routes.form_page(view.id, "summary", self._lang()))
        self.found = False
        return None


def _banner_key(query: dict[str, str]) -> str:
    uploaded = query.get("uploaded", "")
    if parse_id(uploaded) and not query.get("upload_error"):
        return "application.uploaded"
    return ""


def upload_error_message(query: dict[str, str], lang: Language, max_mb: int) -> str:
    code = query.get("upload_error", "")
    if code not in REFUSAL_CODES:
        return ""
    name = query.get("file", "")[:120]
    detected = query.get("detected", "")
    kinds = {"pdf": "PDF", "doc": "Word", "docx": "Word", "odt": "ODT", "jpg": "JPG", "png": "PNG"}
    return t(f"error.upload.{code}", lang, file=name, max=max_mb, detected=kinds.get(detected, detected))
