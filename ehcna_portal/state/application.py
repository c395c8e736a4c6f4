"""The wizard of every registered form (seed 1.3–1.5): steps, repeatable items, summary, consent, submit.

One state serves every page of an application (one family's copy of one form, whichever the registry says it
is); which page is in the address:
``/ehc/application/<id>/<page>`` (``step-1`` … ``step-8``, ``summary``,
``confirmation``, ``documents``) and ``/ehc/application/<id>/<page>/<group>/<item>``
for one item of a repeatable group. The application id is client-controlled, so
every handler reads the application through ``applications.get(parent, id)``.
The database is the only truth: every button saves before it moves on.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.components.scripts import run_js
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import consents as consents_text
from ehcna_portal.forms import registry
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import Field, FormDefinition, Group, Step
from ehcna_portal.i18n import Language, long_date, t
from ehcna_portal.ids import parse_id, parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, consents, form_checks, wizard
from ehcna_portal.services.applications import ApplicationView, SaveOutcome
from ehcna_portal.services.dates import uk_date
from ehcna_portal.settings import get_settings
from ehcna_portal.state.application_items import GroupItemsMixin
from ehcna_portal.state.application_sending import SendingMixin
from ehcna_portal.state.form import FormMixin, title_error_prefix
from ehcna_portal.state.form_views import (
    GroupView,
    RowView,
    StepView,
    all_fields,
    answer_views,
    banner_key,
    incomplete_messages,
    stored_strings,
    upload_error_message,
)
from ehcna_portal.state.guards import forgotten, language_of
from ehcna_portal.state.school_search import SchoolSearchMixin
from ehcna_portal.state.session import backend_base, caller, for_parent, parent_only

# Every page an application's address may name; which of the step pages exist depends on its form.
STEP_PAGES = frozenset(step.slug for form in registry.FAMILY_FORMS for step in form.steps)
PAGES = (*sorted(STEP_PAGES), "summary", "confirmation", "documents", "print", "delete")
UPLOAD_FORM_ID = "upload-form"
# The query of a step opened from the summary ("Change"): its Continue goes back to the summary.
FROM_SUMMARY = {"return": "summary"}


class ApplicationState(FormMixin, GroupItemsMixin, SendingMixin, SchoolSearchMixin, rx.State):
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
    form_id: str = ""  # the registry's key of this application's form
    form_name: str = ""
    shown: str = ""  # which compiled page draws this one: "<form>:<step>", "<form>:<group>" or the page's name
    form_key: str = ""  # the <form> element's React key: a new one redraws it with the saved answers
    values: dict[str, str] = {}
    ticked: list[str] = []
    date_parts: dict[str, list[str]] = {}
    stepper: list[StepView] = []
    groups: list[GroupView] = []
    summary: list[StepView] = []
    conflict: bool = False
    banner: str = ""
    removing: str = ""  # "group:index" of the item whose Remove was pressed, until the parent says yes or no
    removing_title: str = ""  # how that item is named on its card ("Jo Bloggs, Grandparent")
    upload_error: str = ""
    child_href: str = ""
    edit_child_href: str = ""
    item_title: str = ""
    page_title: str = ""  # "Step 2 of 8 – … – service": the page's <title>, however the page was reached
    upload_action: str = ""
    _form_version: str = ""
    loaded_path: str = ""  # the address the page was last filled for (tests wait for it to match)
    saved_status: str = ""  # "Your answers to Step 2 have been saved", read out by screen readers (role=status)

    # ------------------------------------------------------------ loading

    def _lang(self) -> Language:
        return language_of(self)

    def _where(self) -> tuple[int, str, str, str]:
        path = self.router.url.path
        found = routes.params_of(routes.APPLICATION_ITEM, path) or routes.params_of(routes.APPLICATION, path) or {}
        application_id = parse_id(found.get("application"))
        if application_id is None:
            return 0, "", "", ""
        return application_id, found["page"], found.get("group", ""), found.get("item", "")

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
        if view is not None and page in STEP_PAGES and page not in applications.form_for(view).slugs():
            view = None  # a step this application's form does not have
        self.found = view is not None
        if view is None:
            self.ready = True  # shows "not found"
            return None
        lang = self._lang()
        if not view.is_draft and page in STEP_PAGES:
            return rx.redirect(routes.form_page(view.id, "summary", lang))
        if not view.is_draft and page == "delete":  # a sent request stays with the council
            return rx.redirect(routes.form_page(view.id, "summary", lang))
        if (view.is_draft and page in ("confirmation", "documents")) or (
                page == "documents" and view.form_key != registry.REQUEST_FORM):  # documents after sending: requests
            return rx.redirect(routes.form_page(view.id, "summary", lang))
        self.page, self.group, self.item = page, group, item
        query = self.router.url.query_parameters
        self.banner = banner_key(query)
        self.upload_error = upload_error_message(query, lang, get_settings().upload_max_mb)
        if self.upload_error:
            self.errors = {"file": self.upload_error}
            self.error_list = [{"field": "file", "message": self.upload_error}]
        self._show(view)
        if view.is_draft and page != view.last_page and (page in STEP_PAGES or page == "summary") and not group:
            await for_parent(applications.record_page, view.id, page)
        self.loaded_path = self.router.url.path
        self.saved_status = ""  # a save's status is shown by the event that saved (_show_page), not by a load
        self.ready = True
        # One compiled page serves every step: each has its own title (WCAG 2.4.2), drawn from this var
        self.page_title = t("page.title", lang, page=self._heading(lang))
        return None

    def _heading(self, lang: Language) -> str:
        """What the page is, in words, for its title."""
        step = self._step()
        if step is not None and self.group:
            group = self._form().find(self.group)
            noun = form_text.group_item(group, lang) if isinstance(group, Group) else ""
            return self.item_title or t("application.item.add" if self.item == "new" else "application.item.change",
                                        lang, item=noun)
        if self.page in STEP_PAGES and step is not None:
            return t("application.step_heading", lang, number=step.number, total=len(self._form().steps),
                     title=form_text.step_title(step, lang))
        return t({"summary": "summary.title", "confirmation": "confirmation.title", "documents": "documents.title",
                  "print": "application.page_title", "delete": "delete_draft.title"}[self.page], lang)

    def _show(self, view: ApplicationView) -> None:
        """Fill every var of the current page from the application as saved.

        Only the vars whose values differ are assigned (``_assign_changed``): after Save & Continue the
        step's state delta carries the next page's questions and answers, not the child, the stepper and
        every link again."""
        lang = self._lang()
        today = uk_date(utcnow())
        self.form_id, self._form_version = view.form_key, view.form_version
        form = self._form()
        child = view.child
        school = child.school_name or t(f"child.school_status.{child.school_status}", lang)
        statuses = form_checks.step_statuses(applications.form_for(view), view, today)
        context = view.context(today)
        page = {"values": {}, "ticked": [], "groups": [], "item_title": ""}
        step = self._step()
        if step is not None and self.group:
            page.update(self._item_page(view, step))
        elif step is not None:
            applicable = [f for f in step.fields() if f.show_if is None or f.show_if.holds(context)]
            page["values"], page["ticked"] = stored_strings(applicable, view.drawn(today))
            page["groups"] = [self._group_view(view, group, context)
                              for group in form_answers.shown_groups(step, context)]
        named = self.group or (self.page if self.page in form.slugs() else "")
        self._assign_changed(
            application_id=str(view.id), status=view.status, reference=view.reference,
            received=long_date(view.received_on, lang) if view.received_on else "",
            decision_due=long_date(view.decision_due_on, lang) if view.decision_due_on else "",
            child_name=view.child_name,
            submitter=caller().display_name if self.page in ("summary", "print") else "",  # "Form submitter details"
            version=view.version, form_name=form_text.form_name(form, lang),
            child_href=routes.child_page(view.child_id, lang=lang),
            edit_child_href=routes.edit_child(view.child_id, lang),
            requested_by=view.requested_by(today), consent_given=dict.fromkeys(consents_text.NAMES, ""),
            agreed_rows=[RowView(row.label, row.value) for row in consents.agreed_rows(view.agreed, lang)],
            child_rows=[RowView(t("child.gender", lang), t(f"gender.{child.gender_at_birth}", lang)),
                        RowView(t("child.dob", lang), long_date(child.date_of_birth, lang)),
                        RowView(t("child.school", lang), school)],
            stepper=[StepView(step.number, form_text.step_title(step, lang),
                              routes.form_page(view.id, step.slug, lang), statuses[step.number], [], [])
                     for step in form.steps],
            summary=self._summary(view, statuses) if self.page in ("summary", "print") else [],
            upload_action=backend_base(self) + routes.document_upload(view.id, back=self.page, lang=lang),
            date_parts={field.name: [] for field in self._page_fields() if field.kind == "date"},
            shown=f"{form.key}:{named}" if named else self.page, removing="", removing_title="", **page)
        self.form_key = f"{self.page}-{self.group}-{self.item}-{view.version}-{utcnow().timestamp()}"

    def _page_fields(self) -> list[Field]:
        step = self._step()
        if step is None:
            return []
        group = next((g for g in step.groups() if g.name == self.group), None)
        return all_fields(group.fields) if group else list(step.fields())

    def _form(self) -> FormDefinition:
        return registry.form(self.form_id or registry.REQUEST_FORM, self._form_version)

    def _step(self) -> Step | None:
        """The step this page belongs to (the documents page after sending is the step with the documents)."""
        form = self._form()
        if self.page in form.slugs():
            return form.step(int(self.page.split("-")[1]))
        if self.page == "documents":
            group = form.documents_group()
            return form.step_of(group.name) if group else None
        return None

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
            return self._show_problems(result.problems, incomplete_messages(result.incomplete, lang), lang)
        return await self._go(action, result.destination, view)

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
            return self._ask_remove(rest)
        if kind == "removal":
            return await self._remove(rest, view)
        if kind == "keep":
            self.removing = self.removing_title = ""
            return None
        if kind == "upload":
            return run_js("id => document.getElementById(id).submit()", UPLOAD_FORM_ID)
        return self._show_page(view, destination)

    def _show_page(self, view: ApplicationView, page: str) -> Any:
        """Draw ``page`` of the saved application in this same event, then give the browser its address
        (``ehcnaShowPage`` in scripts/page-change.js): Save & Continue and Back cost one event, one session
        lookup, one read and one write — no redirect and no second load. Back, Forward and refresh still load
        the page from the database, as any link does; so does the press on a tab whose state was lost."""
        lang = self._lang()
        if forgotten(self):  # Reflex will load the page pressed on again after this event: go by the address
            return rx.redirect(routes.form_page(view.id, page, lang))
        self.page, self.group, self.item = page, "", ""
        self.banner = self.upload_error = ""
        self._clear_errors()
        self.conflict = False
        self._show(view)
        self.loaded_path = routes.form_page(view.id, page, lang)
        self.page_title = t("page.title", lang, page=self._heading(lang))
        return run_js("window.ehcnaShowPage", self.loaded_path, self.page_title)

    async def _documents_action(self, action: str, view: ApplicationView):
        """After sending, only documents can be added (and described) — never the answers."""
        lang = self._lang()
        kind, _, rest = action.partition(":")
        if kind == "upload":
            return run_js("id => document.getElementById(id).submit()", UPLOAD_FORM_ID)
        if kind == "edit" and rest.startswith("documents:"):
            return rx.redirect(routes.form_page(view.id, self.page, lang, *rest.split(":")))
        return rx.redirect(self.child_href)

    def _summary(self, view: ApplicationView, statuses: dict[int, str]) -> list[StepView]:
        lang = self._lang()
        steps = form_answers.summarise(applications.form_for(view), view.answers, view.facts(uk_date(utcnow())), lang,
                                       view.document_dicts())
        editable = view.is_draft and self.page == "summary"
        return answer_views(steps, statuses, lambda step: routes.form_page(view.id, step.slug, lang, **FROM_SUMMARY)
                            if editable else "")
