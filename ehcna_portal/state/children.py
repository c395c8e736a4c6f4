"""SEND Home (the parent's children), Add child, and the child's page — all behind two-step verification.

The child's id comes from the address bar, so it is client-controlled: every
handler reads the child through ``children.get_child(parent, child)``, which
finds nothing for another family's child.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import reflex as rx
from babel.dates import format_datetime

from ehcna_portal import routes
from ehcna_portal.forms import registry
from ehcna_portal.forms import text as form_text
from ehcna_portal.i18n import BABEL_LOCALES, Language, long_date, t
from ehcna_portal.ids import parse_id
from ehcna_portal.models import AdviceType
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    advice_tracking,
    applications,
    children,
    decisions,
    plan_documents,
    review_reports,
    reviews,
    stage_forms,
    stage_texts,
)
from ehcna_portal.services.applications import Listing
from ehcna_portal.services.dates import LONDON, uk_date
from ehcna_portal.services.parent_accounts import account_details
from ehcna_portal.services.schools import schools_by_urn, search_schools
from ehcna_portal.services.stage_forms import NOT_STARTED, TabForm
from ehcna_portal.services.validation import clean
from ehcna_portal.settings import get_settings
from ehcna_portal.state.address_finder import AddressFinderMixin
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.form_views import SentFormView, answer_views
from ehcna_portal.state.guards import language_of, off_loop
from ehcna_portal.state.session import backend_base, caller, for_parent, parent_only

TABS = ("request", "assessment", "plan", "reviews")
# The order of the Add child questions, which the error summary follows.
CHILD_FIELDS = ("forename", "middle_name", "surname", "gender_at_birth", "dob", "school_urn", "school_name",
                "relationship", "parental_responsibility", "postcode", "uprn", "address_line_1", "address_line_2",
                "town")


def _child_id_from_path(state: rx.State) -> int:
    """/ehc/child/<id>/<tab> or /ehc/edit-child/<id> → id, or 0 when the address is not one of those."""
    path = state.router.url.path
    found = routes.params_of(routes.CHILD, path) or routes.params_of(routes.EDIT_CHILD, path) or {}
    return parse_id(found.get("child")) or 0


def _advice_row(row: advice_tracking.AdviceRow, lang: Language, base: str) -> dict[str, str]:
    """One request for advice as the family sees it: never the person's email address; the advice's document
    once it is theirs to read."""
    return {"type": t(f"advice.type.{row.advice_type}", lang),
            "from": t("child.advice.you", lang) if row.advice_type == AdviceType.FAMILY else row.organisation,
            "asked": long_date(row.sent_on, lang) if row.sent_on else "",
            "due": long_date(row.due_on, lang) if row.due_on else "",
            "status": t(f"advice.status.{row.status}", lang), "state": row.status,
            "document": base + routes.document(row.document_id) if row.document_id else ""}


def application_status(listing: Listing | None, lang: Language) -> str:
    """The latest request's stage in words: in progress at a step, or received on a date."""
    if listing is None:
        return t("child.status.none", lang)
    if listing.status == "draft":
        return t("child.status.draft", lang, page=_page_name(listing.last_page, lang))
    return t("child.status.received", lang, date=long_date(listing.received_on, lang) if listing.received_on else "")


def _draft_status(updated_at: datetime, last_page: str, lang: Language) -> str:
    """When a draft was last saved, where Continue opens it, and when it will be deleted if left."""
    retention = timedelta(days=get_settings().draft_retention_days)
    saved = format_datetime(updated_at, "d MMMM y 'at' h:mma", tzinfo=LONDON,
                            locale=BABEL_LOCALES[lang]).replace("AM", "am").replace("PM", "pm")
    return t("child.form.draft_status", lang, saved=saved, page=_page_name(last_page, lang),
             deleted=long_date(uk_date(updated_at + retention), lang))


def _tab_form_row(form: TabForm, lang: Language) -> dict[str, str]:
    """A stage form's row on its tab: its name, where it stands, and Start or the link that opens it."""
    row = {"key": form.key, "name": form_text.form_name(registry.form(form.key), lang), "href": "", "link": ""}
    if form.status == NOT_STARTED:
        return {**row, "status": t("child.form.not_started", lang)}
    if form.status == "draft" and form.updated_at is not None:
        return {**row, "status": _draft_status(form.updated_at, form.last_page, lang),
                "href": routes.form_page(form.application_id, form.last_page, lang),
                "link": t("child.form.continue", lang)}
    sent = long_date(uk_date(form.submitted_at), lang) if form.submitted_at else ""
    return {**row, "status": t("child.status.received", lang, date=sent),
            "href": routes.form_page(form.application_id, "summary", lang), "link": t("child.form.view", lang)}


def _page_name(page: str, lang: Language) -> str:
    if page.startswith("step-") and page[5:].isdigit():
        return t("child.form.step", lang, number=page[5:])
    return t("child.form.summary", lang)


async def children_list(state: rx.State) -> list[dict[str, str]]:
    """The signed-in parent's children, ready to show (SEND Home)."""
    lang = language_of(state)
    parent_id = caller().parent_id
    found = await off_loop(children.list_children, parent_id)
    latest = await off_loop(applications.latest_by_child, parent_id)
    return [{"id": str(c.id), "name": c.name, "born": long_date(c.date_of_birth, lang),
             "status": application_status(latest.get(c.id), lang)} for c in found]


class ChildFormState(FormMixin, AddressFinderMixin, rx.State):
    """Add child (seed 1.2.2), and the same questions to change a child's details."""

    editing_id: str = ""
    defaults: dict[str, str] = {}
    address_defaults: dict[str, str] = {}
    school_query: str = ""
    school_results: list[dict[str, str]] = []
    school_searched: bool = False
    duplicate_id: str = ""
    date_parts: list[str] = []
    ready: bool = False  # the form is drawn once its default answers are known, so nothing typed is lost

    @rx.event
    @parent_only(two_step=True)
    async def load(self):
        self.ready = False
        self._clear_errors()
        self._reset_finder()
        self.duplicate_id = ""
        self.date_parts = []
        self.school_query = ""
        self.school_results = []
        self.school_searched = False
        self.editing_id = ""
        self.defaults = {"school_status": "listed"}
        child_id = _child_id_from_path(self)
        if child_id:
            child = await for_parent(children.get_child, child_id)
            if child is None:
                return rx.redirect(routes.ehc(language_of(self)))
            self.editing_id = str(child.id)
            self.defaults = _answers_of(child)
            self.address_defaults = {name: str(getattr(child, name)) for name in ADDRESS}
            if child.school_urn:
                self.school_results = [{"value": child.school_urn, "label": child.school_name}]
                self.school_searched = True
        else:
            details = await for_parent(account_details)
            # The child's address starts as the parent's: typed fields, already filled in.
            self.address_defaults = {name: details.get(name, "") for name in ADDRESS}
        self.postcode = self.address_defaults.get("postcode", "")
        self.manual = True
        self.ready = True
        return None

    @rx.event
    @parent_only(two_step=True)
    async def search_school(self, typed: str = ""):
        """``typed``: what the search box holds when Search is pressed."""
        self.school_query = typed[:100]
        found = await off_loop(search_schools, self.school_query)
        self.school_results = [{"value": s.urn, "label": f"{s.name} ({s.address}, {s.postcode})"} for s in found]
        self.school_searched = True

    @rx.event
    @parent_only(two_step=True)
    async def submit(self, form_data: dict):
        lang = language_of(self)
        address, address_errors = self._address_answers(form_data)
        chosen = clean(form_data.get("school_urn"))
        schools = await off_loop(schools_by_urn, [chosen])
        answers = children.validate_child({**form_data, **address}, uk_date(utcnow()), schools)
        found = {**answers.errors, **address_errors}
        self.date_parts = list(answers.error_parts)
        errors = {name: found[name] for name in CHILD_FIELDS if name in found}
        if errors:
            what = t("child.dob_what", lang)
            return self._show_errors(errors, lang, label=what, Label=what[:1].upper() + what[1:])
        self._clear_errors()
        if self.editing_id:
            changed = await for_parent(children.update_child, int(self.editing_id), answers.values)
            if changed is None:
                return rx.redirect(routes.ehc(lang))
            return rx.redirect(routes.child_page(self.editing_id, lang=lang, saved=1))
        child_id, duplicate = await for_parent(children.add_child, answers.values)
        if duplicate is not None:
            self.duplicate_id = str(duplicate)
            return None
        return rx.redirect(routes.child_page(child_id, lang=lang))


ADDRESS = ("address_line_1", "address_line_2", "town", "postcode", "uprn")


def _answers_of(child) -> dict[str, str]:
    """A child's saved answers as the form's default values."""
    return {
        "forename": child.forename, "middle_name": child.middle_name, "surname": child.surname,
        "gender_at_birth": child.gender_at_birth, "dob-day": str(child.date_of_birth.day),
        "dob-month": str(child.date_of_birth.month), "dob-year": str(child.date_of_birth.year),
        "school_status": child.school_status, "school_urn": child.school_urn,
        "school_name": child.school_name if not child.school_urn else "",
        "relationship": child.relationship, "parental_responsibility": "yes" if child.parental_responsibility else "no",
    }


class ChildPageState(rx.State):
    """The child's page (seed 1.2.3): tabs Request · Assessment · EHC Plan · EHCP Reviews."""

    found: bool = False
    child_id: str = ""
    name: str = ""
    born: str = ""
    school: str = ""
    parental_responsibility: bool = True
    tab: str = "request"
    saved: bool = False
    deleted: bool = False  # an unsent application was just deleted
    draft: dict[str, str] = {}  # the application in progress: href, saved, page
    sent: list[dict[str, str]] = []  # submitted applications: reference, received, decision_due, href
    tab_forms: list[dict[str, str]] = []  # the open tab's other forms: key, name, status, href and link
    dates: list[dict[str, str]] = []  # the latest request's dates for the tabs (label, value)
    stage_texts: dict[str, str] = {}  # each tab's texts, in the council's wording where it has its own
    # By tab: the letters shared with the parent at that stage.
    letters: dict[str, list[dict[str, str]]] = {tab: [] for tab in TABS}
    advice: list[dict[str, str]] = []  # the Assessment tab: who has been asked for advice, and where it stands
    plans: list[dict[str, str]] = []  # the EHC Plan and EHCP Reviews tabs: every plan issued
    review_dates: list[str] = []  # the EHCP Reviews tab: when the next review is due, and its meeting, in words
    review_reports: list[SentFormView] = []  # … and the reports the school and others sent for the review

    @rx.event
    @parent_only(two_step=True)
    async def load(self):
        lang = language_of(self)
        child = await for_parent(children.get_child, _child_id_from_path(self))
        section = (routes.params_of(routes.CHILD, self.router.url.path) or {}).get("section", "")
        self.tab = section if section in TABS else "request"
        self.saved = self.router.url.query_parameters.get("saved") == "1"
        self.deleted = self.router.url.query_parameters.get("deleted") == "1"
        self.found = child is not None
        if child is None:
            self.child_id = self.name = self.born = self.school = ""
            return
        self.child_id = str(child.id)
        self.name = " ".join(part for part in (child.forename, child.middle_name, child.surname) if part)
        self.born = long_date(child.date_of_birth, lang)
        self.school = child.school_name
        self.parental_responsibility = child.parental_responsibility
        self.stage_texts = await off_loop(stage_texts.texts, lang)
        await self._list_forms(child.id, lang)

    async def _list_forms(self, child_id: int, lang: Language) -> None:
        listed = await for_parent(applications.for_child, child_id)
        drafts = [item for item in listed if item.status == "draft"]
        self.draft = {}
        if drafts:
            draft = drafts[0]
            self.draft = {"href": routes.form_page(draft.id, draft.last_page, lang),
                          "delete": routes.form_page(draft.id, "delete", lang),
                          "status": _draft_status(draft.updated_at, draft.last_page, lang)}
        shown_tab = self.tab if self.tab in TABS else "request"
        self.tab_forms = [_tab_form_row(form, lang) for form in await for_parent(stage_forms.on_tab, child_id,
                                                                                   shown_tab)]
        self.sent = [{"reference": item.reference, "status": application_status(item, lang),
                      "href": routes.form_page(item.id, "summary", lang),
                      "documents": routes.form_page(item.id, "documents", lang)}
                     for item in listed if item.status != "draft"]
        latest = next((item for item in listed if item.status != "draft" and item.received_on), None)
        self.dates = [] if latest is None or latest.received_on is None or latest.decision_due_on is None else [
            {"label": t("child.dates.received", lang), "value": long_date(latest.received_on, lang)},
            {"label": t("child.dates.decision_due", lang), "value": long_date(latest.decision_due_on, lang)},
            {"label": t("child.dates.decision", lang),
             "value": long_date(latest.decision_on, lang) if latest.decision_on else t("child.dates.not_yet", lang)},
        ]
        base = backend_base(self)
        self.advice = [_advice_row(row, lang, base) for row in await for_parent(advice_tracking.for_family, child_id,
                                                                                 uk_date(utcnow()))]
        self.plans = [{"title": plan.title, "issued": long_date(plan.issued_on, lang),
                       "href": routes.plan(plan.issue_id, lang), "pdf": base + routes.plan_pdf(plan.issue_id, lang),
                       "respond": t("plan.page.respond_by", lang, date=long_date(plan.respond_by, lang))
                       if plan.respond_by else ""}
                      for plan in await for_parent(plan_documents.on_tab, child_id, lang, uk_date(utcnow()))]
        due, meeting = await for_parent(reviews.for_family, child_id)
        self.review_dates = [text for text in (
            t("review.tab.due", lang, date=long_date(due, lang)) if due else "",
            t("review.tab.meeting", lang, date=long_date(meeting, lang)) if meeting else "") if text]
        self.review_reports = [SentFormView(report.title, long_date(report.received_on, lang) if report.received_on
                                            else "", answer_views(report.steps, {}, lambda _step: ""))
                               for report in await for_parent(review_reports.for_family, child_id, lang)]
        letters = await for_parent(decisions.letters_for_parent, child_id)
        shared = await for_parent(applications.shared_with_family, child_id)
        entries = [(letter.phase, letter.title, base + routes.letter(letter.id), letter.created_at,
                    base + routes.letter_pdf(letter.id)) for letter in letters]
        entries += [(document.phase or "request", document.original_name, base + routes.document(document.id),
                     document.uploaded_at, "") for document in shared]
        entries.sort(key=lambda entry: entry[3], reverse=True)
        self.letters = {tab: [{"title": title, "href": href, "date": long_date(uk_date(sent), lang), "pdf": pdf}
                              for phase, title, href, sent, pdf in entries if phase == tab] for tab in TABS}

    @rx.event
    @parent_only(two_step=True)
    async def start_application(self):
        """Start (or reopen) the EHCNA form for this child: one draft per child, however often pressed."""
        lang = language_of(self)
        started = await for_parent(applications.start, _child_id_from_path(self))
        if started is None:
            return rx.redirect(routes.ehc(lang))
        application_id, page = started
        return rx.redirect(routes.form_page(application_id, page, lang))

    @rx.event
    @parent_only(two_step=True)
    async def start_form(self, form_key: str):
        """Start (or reopen) one of a stage tab's forms: the service says whether it may be started now."""
        lang = language_of(self)
        started = await for_parent(applications.start, _child_id_from_path(self), str(form_key)[:40])
        if started is None:
            return rx.redirect(routes.child_page(_child_id_from_path(self), self.tab, lang))
        application_id, page = started
        return rx.redirect(routes.form_page(application_id, page, lang))
