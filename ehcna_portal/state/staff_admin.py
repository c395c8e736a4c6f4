"""Staff pages for managers and admins: figures, who opened what, staff accounts, emails that could not be
sent, requests received on paper, and the council's own wording of the stage texts."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.db import get_engine
from ehcna_portal.i18n import LANGUAGES, t
from ehcna_portal.ids import parse_id
from ehcna_portal.models.base import utcnow
from ehcna_portal.offload import password_work
from ehcna_portal.services import (
    figures_page,
    outbox,
    paper_requests,
    review_figures,
    staff_cases,
    stage_texts,
)
from ehcna_portal.services.accounts import AccountError
from ehcna_portal.services.case_page import ACTIONS
from ehcna_portal.services.dates import format_when, uk_date
from ehcna_portal.settings import get_settings
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import MANAGERS, field, staff, staff_only


class KpiState(rx.State):
    """Managers: the SEN2 measures month by month for the last 12 months, and requests overdue now."""

    months: list[dict[str, str]] = []
    overdue: int = 0
    csv_href: str = ""
    advice: list[dict[str, str]] = []  # advice returned within 6 weeks, by month, type and organisation
    advice_csv_href: str = ""
    reviews: list[dict[str, str]] = []  # the reviews' measures by month, then by year
    reviews_csv_href: str = ""

    @rx.event
    @staff_only(roles=MANAGERS)
    async def load(self):
        page = await off_loop(figures_page.figures, uk_date(utcnow()))
        self.overdue = page.overdue

        def shown(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        self.months = [{"month": figures_page.month_heading(m.month),
                        "received": str(m.requests_received), "decisions": str(m.decisions_made),
                        "within_6": shown(m.percent_decisions_within_6_weeks),
                        "agreed": str(m.assessments_agreed), "refused": str(m.assessments_refused),
                        "plans": str(m.plans_issued), "within_20": shown(m.percent_plans_within_20_weeks),
                        "within_20_ex": shown(m.percent_plans_within_20_weeks_excluding_exceptions),
                        "weeks": shown(m.average_weeks_to_plan)} for m in reversed(page.months)]
        self.csv_href = backend_base(self) + routes.KPI_CSV
        self.advice = [{"month": figures_page.month_heading(f.month),
                        "name": t(f"advice.type.{f.name}", "en") if f.by == "type" else f.name, "by": f.by,
                        "due": str(f.due), "within": str(f.within_6_weeks), "percent": shown(f.percent_within_6_weeks)}
                       for f in sorted(page.advice, key=lambda figure: figure.month, reverse=True)]  # newest first
        self.advice_csv_href = backend_base(self) + routes.ADVICE_CSV
        reviewed = page.reviews
        self.reviews = [{"period": figures_page.month_heading(r.month),
                         "decisions": str(r.decisions), "held": shown(r.percent_held_in_12_months),
                         "in_4_weeks": shown(r.percent_decisions_in_4_weeks),
                         "outcomes": f"{r.maintained} / {r.amended} / {r.ceased}",
                         "amended": str(r.amended_plans), "in_12_weeks": shown(r.percent_amended_in_12_weeks),
                         "transfers": str(r.transfers_finalised), "by_deadline": shown(r.percent_transfers_by_deadline),
                         "ended": str(r.ended_at_25)}
                        for r in [*reversed(reviewed), *review_figures.yearly(reviewed)]]
        self.reviews_csv_href = backend_base(self) + routes.REVIEW_FIGURES_CSV


class AccessLogState(rx.State):
    """Managers: who opened which request or downloaded which document, and when (newest first)."""

    entries: list[dict[str, str]] = []

    @rx.event
    @staff_only(roles=MANAGERS)
    async def load(self):
        found = await off_loop(staff_cases.access_log)
        self.entries = [{"when": format_when(entry.at), "who": entry.actor, "what": ACTIONS.get(entry.action,
                                                                                                  entry.action),
                         "reference": entry.reference, "href": routes.staff_case(entry.case_id, "history")}
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
        found = await off_loop(outbox.dead_letters)
        self.dead_letters = [{"id": str(letter.id), "when": format_when(letter.created_at),
                              "template": letter.template, "to": letter.recipient or "—",
                              "error": letter.last_error, "attempts": str(letter.attempts),
                              "can_retry": "yes" if letter.can_retry else ""} for letter in found]

    @rx.event
    @staff_only(roles=("admin",))
    async def retry_email(self, message_id: str):
        """Try a dead-lettered email again (back in the queue, due now); audited."""
        if (found := parse_id(message_id)) and await off_loop(outbox.retry_dead_letter, found,
                                                              actor=f'staff:{staff().staff_id}'):
            self.retried = t("staff.admin.emails.retried", "en")
        await self._list_dead_letters()

    async def _list(self) -> None:
        found = await off_loop(staff_cases.staff_members)
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
        name, email, role = field(form_data, "name"), field(form_data, "email").lower(), field(form_data, "role")
        password = str(form_data.get("password", ""))
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
            await off_loop(staff_cases.set_active, member_id, not member['active'], actor=f'staff:{staff().staff_id}')
        await self._list()
        return None

    @rx.event
    @staff_only(roles=("admin",))
    async def reset_app(self, staff_id: str):
        if (member_id := parse_id(staff_id)) is not None:
            await off_loop(staff_cases.reset_authenticator, member_id, actor=f'staff:{staff().staff_id}')
        await self._list()


PAPER_ORDER = ("received", "channel", "requester_name", "requester_email", "forename", "surname", "gender_at_birth",
               "dob", "address_line_1", "town", "postcode", "school_name")


class PaperRequestState(FormMixin, rx.State):
    """Record a request that came by post or email, with the date it really arrived."""

    date_parts: dict[str, list[str]] = {"received": [], "dob": []}
    ready: bool = False  # the form is drawn once the page's load has run, so its clearing cannot wipe a press

    @rx.event
    @staff_only()
    async def load(self):
        self._clear_errors()
        self.ready = True

    @rx.event
    @staff_only()
    async def submit(self, form_data: dict):
        checked = paper_requests.check(form_data, uk_date(utcnow()))
        if checked.errors:
            ordered = {name: checked.errors[name] for name in PAPER_ORDER if name in checked.errors}
            return self._show_errors(ordered, "en", label="the date", Label="The date")
        case_id, _reference = await off_loop(paper_requests.record, checked.values, staff_id=staff().staff_id,
                                             now=utcnow())
        return rx.redirect(routes.staff_case(case_id, done="recorded"))


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
            for key, text in (await off_loop(stage_texts.texts, lang)).items():
                found[f"{lang}-{key}"] = text
        self.texts = found
        self.revision += 1

    @rx.event
    @staff_only(roles=("admin",))
    async def save(self, form_data: dict):
        problems: dict[str, str] = {}
        for lang in LANGUAGES:
            wording = {key: str(form_data.get(f"{lang}-{key}", "")) for key in stage_texts.KEYS}
            errors = await off_loop(stage_texts.save, lang, wording, staff_id=staff().staff_id)
            problems.update({f"{lang}-{key}": message for key, message in errors.items()})
        if problems:
            return self._show_errors(problems, "en", max=stage_texts.MAX_LENGTH)
        self._clear_errors()
        self.saved = True
        await self._fill()
        return None
