"""One item of a repeatable group on an application's step (a professional, a document's details): its card on
the step, its own page, and Remove. Mixed into ``ApplicationState``, whose page and application it works on."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms.schema import Group, Step
from ehcna_portal.ids import parse_id, parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications
from ehcna_portal.services.applications import ApplicationView
from ehcna_portal.services.dates import uk_date
from ehcna_portal.state.form_views import GroupView, all_fields, item_cards, stored_strings
from ehcna_portal.state.session import backend_base, for_parent, parent_only


class GroupItemsMixin(rx.State, mixin=True):
    """The group items of ``ApplicationState``'s pages."""

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
        return item_cards(group, summary, editable=editable, removable=removable, problems=problems,
                          downloads=downloads, scans=scans)

    def _item_page(self, view: ApplicationView, step: Step) -> dict[str, Any]:
        """The vars of one item's page of a repeatable group (``found`` is cleared when there is no such item)."""
        group = next((g for g in step.groups() if g.name == self.group), None)
        item: dict[str, Any] = {}
        title = ""
        if group is not None and group.storage == "documents":
            doc = next((d for d in view.documents if str(d.id) == self.item), None)
            item, title = (doc.details, doc.name) if doc is not None else ({}, "")
            self.found = self.found and doc is not None
        elif group is not None:
            items = list(view.answers.get(step.slug, {}).get(group.name) or [])
            index = parse_number(self.item, len(items) - 1)
            item = items[index] if index is not None else {}
            self.found = self.found and (self.item == "new" or bool(item))
        else:
            self.found = False
        values, ticked = stored_strings(all_fields(group.fields), item) if group is not None else ({}, [])
        return {"values": values, "ticked": ticked, "item_title": title}

    def _ask_remove(self, what: str) -> None:
        """Remove asks first ("Are you sure you want to remove …?", GOV.UK): nothing is removed until the
        parent says yes (``removal:``), and "No, keep it" (``keep``) leaves the page as it was."""
        action = f"remove:{what}"
        item = next((member for group in self.groups for member in group.members if member.remove == action), None)
        if item is not None:
            self.removing, self.removing_title = what, item.title

    async def _remove(self, what: str, view: ApplicationView):
        group_name, _, key = what.partition(":")
        group = self._form().find(group_name) if group_name else None
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
            self.values, self.ticked = stored_strings(all_fields(group.fields), item)
            return self._show_problems(problems, [], lang)
        return rx.redirect(back)
