"""Sending an application (seed 1.4.2: consents, declaration, every step complete) and deleting an unsent one.
Mixed into ``ApplicationState``, whose application it sends."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import consents as consents_text
from ehcna_portal.forms import text as form_text
from ehcna_portal.i18n import t
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications
from ehcna_portal.state.session import for_parent, parent_only


class SendingMixin(rx.State, mixin=True):
    """Submit and Delete of ``ApplicationState``'s summary and delete pages."""

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
            step = self._form().step(step_problems.step_number)
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
