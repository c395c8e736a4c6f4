"""The staff queue (seed: the caseworker's list of requests): filters, sort, pages, assigning, CSV."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.i18n import t
from ehcna_portal.ids import parse_id
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import (
    case_status,
    queue,
    staff_cases,
)
from ehcna_portal.services.dates import day, uk_date
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import backend_base
from ehcna_portal.state.staff_session import field, staff, staff_only


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
        found = await off_loop(queue.search, query, view.staff_id, uk_date(utcnow()))
        officers = await off_loop(staff_cases.officers)
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
        params = {name: field(form_data, name) for name in FILTER_FIELDS if field(form_data, name)}
        chosen = [key for key in case_status.STATUSES if form_data.get(f"status-{key}")]
        if chosen:
            params["status"] = ",".join(chosen)
        if form_data.get("overdue"):
            params["overdue"] = "yes"
        tab = str(self.router.url.query_parameters.get("tab", ""))
        if tab:
            params["tab"] = tab
        return rx.redirect(routes.staff_queue(params))

    @rx.event
    @staff_only()
    async def assign_selected(self, form_data: dict):
        """Bulk assign the ticked requests to the chosen officer (or to me)."""
        ids = [int(row["id"]) for row in self.rows if form_data.get(f"select-{row['id']}")]
        officer = field(form_data, "assign_to")
        officer_id = staff().staff_id if officer in ("", "me") else parse_id(officer)
        if not ids:
            return self._show_errors({"select-all": "error.staff.select_requests"}, "en")
        await off_loop(staff_cases.assign, ids, officer_id, f'staff:{staff().staff_id}')
        return rx.redirect(self.router.url.path + (f"?{self.router.url.query}" if self.router.url.query else ""))


FILTER_FIELDS = ("q", "officer", "setting", "from-day", "from-month", "from-year", "to-day", "to-month", "to-year")


def _queue_row(row: queue.QueueRow) -> dict[str, str]:
    if queue.is_overdue(row):
        due_tag = t("staff.queue.overdue", "en")
    elif queue.is_due_soon(row):
        due_tag = t("staff.queue.due_in", "en", days=row.days_left)
    else:
        due_tag = ""
    return {"id": str(row.id), "reference": row.reference, "child": row.child_name, "received": day(row.received_on),
            "due": day(row.decision_due_on), "due_tag": due_tag, "overdue": "yes" if queue.is_overdue(row) else "",
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
