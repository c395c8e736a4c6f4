"""The pages of every registered form's applications, drawn from its definition: steps, items, summary,
confirmation, print.

Nothing here names a question or a form: the steps are drawn from data built from each form's definition, one
template per kind of question (``wizard_steps.py``), and item pages walk their group's fields and pick the GOV.UK
control for each kind, so a question added to the definition appears here (and in the summary and print view)
with no change.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from ehcna_portal import routes
from ehcna_portal.components.content import (
    button,
    error_summary,
    notification_banner,
    summary_row,
)
from ehcna_portal.components.forms import (
    checkboxes,
    date_input,
    long_text,
    radios,
    required_label,
    select,
    text_input,
)
from ehcna_portal.components.text import paragraph
from ehcna_portal.forms import registry
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import Field, Group
from ehcna_portal.i18n import Language, t
from ehcna_portal.pages.application_sent import (
    answer_list,
    confirmation_page,
    delete_page,
    print_page,
    stepper,
    summary_page,
)
from ehcna_portal.pages.plan_items_field import plan_items_field
from ehcna_portal.pages.school_field import school_field
from ehcna_portal.pages.wizard_steps import Special, questions, step_data, text_look
from ehcna_portal.services.document_store import EXTENSIONS
from ehcna_portal.state.application import UPLOAD_FORM_ID, ApplicationState
from ehcna_portal.state.form_views import GroupView, ItemView

S = ApplicationState


def field_control(field: Field, lang: Language, group: Group | None = None, state: type = S) -> rx.Component:
    """The GOV.UK control for one question, filled with the saved answer of ``state`` (any state with
    ``values``, ``errors``, ``ticked`` and ``date_parts``: the wizard's, a professional's advice form)."""
    S = state
    name = field.name
    label = required_label(form_text.label(field, lang, group), lang, required=field.required)
    hint = form_text.hint(field, lang, group)
    error = S.errors[name]
    if field.kind == "long_text":
        return long_text(name, label, lang, max_length=field.limit, default_value=S.values[name], hint=hint,
                         error=error)
    if field.kind == "radios":
        reveals = {option.value: rx.fragment(*(field_control(sub, lang, group, state) for sub in option.reveals))
                   for option in field.options if option.reveals}
        return radios(name, label, form_text.options(field, lang, group), lang, hint=hint, error=error,
                      selected=S.values[name], inline=field.inline, reveals=reveals,
                      legend_class="govuk-fieldset__legend govuk-fieldset__legend--s")
    if field.kind == "checkboxes":
        return checkboxes(name, label, form_text.options(field, lang, group), lang, hint=hint, error=error,
                          checked=S.ticked, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s")
    if field.kind == "select":
        return select(name, label, form_text.options(field, lang, group), lang, hint=hint, error=error,
                      default_value=S.values[name])
    if field.kind == "school":
        return school_field(field, label, hint, lang, S)
    if field.kind == "plan_items":
        return plan_items_field(field, label, hint, lang, S)
    if field.kind == "date":
        return date_input(name, label, lang, hint=hint, error=error,
                          values=(S.values[f"{name}-day"], S.values[f"{name}-month"], S.values[f"{name}-year"]),
                          error_parts=S.date_parts[name].to(list[str]),
                          legend_class="govuk-fieldset__legend govuk-fieldset__legend--s")
    look = text_look(field)
    extra = {"input_mode": "numeric"} if look["numeric"] else {}
    return text_input(name, label, lang, hint=hint, error=error, input_type=look["type"], width_class=look["width"],
                      default_value=S.values[name], spell_check=look["spell"], **extra)


def _version_field() -> rx.Component:
    """The version of the draft this page shows travels with the form, so a save is checked against
    what the parent saw even if the server has forgotten this tab (Redis restarted, state expired)."""
    return rx.el.input(type="hidden", name="_version", value=S.version.to_string())


def _action_button(label: rx.Component | str, action: str | rx.Var, kind: str = "secondary") -> rx.Component:
    return button(label, kind=kind, name="_action", value=action)


def _item_card(item: ItemView, group: GroupView, lang: Language) -> rx.Component:
    hidden = rx.el.span(" ", item.title, class_name="govuk-visually-hidden")
    actions = rx.el.div(
        rx.cond(item.change != "",
                rx.el.button(t("application.change", lang), hidden, type="submit", name="_action",
                             value=item.change, class_name="app-link-button govuk-body")),
        rx.cond(item.remove != "",
                rx.el.button(t("application.remove", lang), hidden, type="submit", name="_action",
                             value=item.remove, class_name="app-link-button govuk-body")),
        rx.cond(item.download != "",
                rx.el.a(t("application.download", lang), hidden, href=item.download, class_name="govuk-link govuk-body",
                        custom_attrs={"download": ""})),
        class_name="app-item-actions",
    )
    rows = answer_list(item.rows)
    return rx.el.div(
        rx.el.div(rx.el.h3(item.title, class_name="govuk-summary-card__title"), actions,
                  class_name="govuk-summary-card__title-wrapper"),
        rx.el.div(
            rx.cond(item.problem, rx.el.p(t("application.item_needs_answers", lang),
                                          class_name="govuk-error-message")),
            _scan_status(item, lang),
            rows, class_name="govuk-summary-card__content"),
        class_name="govuk-summary-card", id=group.name + "-" + item.key,
    )


def _scan_status(item: ItemView, lang: Language) -> rx.Component:
    """A document waiting for its virus scan, or one that failed it (neither can be downloaded)."""
    return rx.cond(
        item.scan == "pending",
        rx.el.p(rx.el.strong(t("application.scan.pending", lang), class_name="govuk-tag govuk-tag--yellow"), " ",
                t("application.scan.pending_hint", lang), class_name="govuk-body"),
        rx.cond(item.scan == "infected",
                rx.el.p(t("application.scan.infected", lang), class_name="govuk-error-message")))


def _upload(lang: Language) -> rx.Component:
    """The file picker belongs to the separate multipart form below the page's form (``form=``)."""
    accepted = ",".join(ending for endings in EXTENSIONS.values() for ending in endings)
    return rx.el.div(
        rx.el.div(
            rx.el.label(t("application.upload.label", lang), html_for="file", class_name="govuk-label govuk-label--s"),
            rx.el.div(t("application.upload.hint", lang), id="file-hint", class_name="govuk-hint"),
            rx.cond(S.upload_error != "", rx.el.p(
                rx.el.span(t("error.prefix", lang), class_name="govuk-visually-hidden"), " ", S.upload_error,
                id="file-error", class_name="govuk-error-message")),
            rx.el.input(type="file", name="file", multiple=True, accept=accepted,
                        class_name=rx.cond(S.upload_error != "", "govuk-file-upload govuk-file-upload--error",
                                           "govuk-file-upload"),
                        aria_describedby=rx.cond(S.upload_error != "", "file-hint file-error", "file-hint"),
                        custom_attrs={"id": "file", "form": UPLOAD_FORM_ID}),
            class_name=rx.cond(S.upload_error != "", "govuk-form-group govuk-form-group--error", "govuk-form-group"),
        ),
        _action_button(t("application.upload.button", lang), "upload"),
    )


def _group(group: Group, lang: Language, *, titled: bool = True) -> rx.Component:
    """A repeatable group: its items as cards with Change/Remove, and the button to add one."""
    view = S.groups.to(list[GroupView])
    current = rx.foreach(view, lambda g: rx.cond(
        g.name == group.name,
        rx.fragment(
            rx.foreach(g.members, lambda item: _item_card(item, g, lang)),
            rx.cond(g.add != "", _action_button(t("application.add", lang, item=form_text.group_item(group, lang)),
                                                g.add)),
        )))
    hint = form_text.group_hint(group, lang)
    return rx.el.div(
        rx.el.h2(form_text.group_label(group, lang), class_name="govuk-heading-m") if titled else rx.fragment(),
        rx.el.p(hint, class_name="govuk-body") if hint else rx.fragment(),
        current,
        _upload(lang) if group.storage == "documents" else rx.fragment(),
        class_name="app-group", id=f"group-{group.name}",
    )


def _section(section: Var, lang: Language, specials: dict[str, Special]) -> rx.Component:
    heading, body = section["heading"].to(str), section["body"].to(str)
    child = rx.fragment(
        answer_list(S.child_rows, before=(summary_row(t("application.child_name", lang), S.child_name),)),
        rx.el.p(rx.el.a(t("application.change_child", lang), href=S.edit_child_href, class_name="govuk-link"),
                class_name="govuk-body"))
    return rx.el.div(
        rx.cond(heading != "", rx.el.h2(heading, class_name="govuk-heading-m")),
        rx.cond(body != "", rx.el.p(body, class_name="govuk-body")),
        rx.cond(section["child"].to(bool), child),
        questions(section["items"], lang, specials, lambda special: _special(special, lang)),
        class_name="app-section")


def _special(special: Special, lang: Language) -> rx.Component:
    if isinstance(special.item, Group):
        return _group(special.item, lang, titled=special.titled)
    return field_control(special.item, lang)


def _banners(lang: Language) -> rx.Component:
    conflict = notification_banner(t("application.conflict", lang), lang)
    return rx.fragment(
        rx.cond(S.conflict, conflict),
        rx.cond(S.banner != "", rx.match(
            S.banner,
            ("application.removed", notification_banner(t("application.removed", lang), lang, success=True,
                                                         custom_attrs={"data-focus-on-show": ""})),
            ("application.uploaded", notification_banner(t("application.uploaded", lang), lang, success=True)),
            rx.fragment())),
    )


def _remove_question(lang: Language) -> rx.Component:
    """"Are you sure you want to remove …?" after Remove (GOV.UK): focus moves to it (scripts/keyboard.js), and
    either answer is a button of the step's form, so what the page holds is saved with it."""
    before, _, after = t("application.remove.confirm", lang).partition("{title}")
    question = rx.el.div(
        rx.el.div(rx.el.h2(t("banner.important", lang), class_name="govuk-notification-banner__title",
                           id="remove-question-title"), class_name="govuk-notification-banner__header"),
        rx.el.div(
            rx.el.p(before, S.removing_title, after, class_name="govuk-notification-banner__heading"),
            rx.el.div(_action_button(t("application.remove.yes", lang), "removal:" + S.removing, kind="warning"),
                      _action_button(t("application.remove.no", lang), "keep"), class_name="govuk-button-group"),
            class_name="govuk-notification-banner__content"),
        class_name="govuk-notification-banner", role="region", aria_labelledby="remove-question-title",
        id="remove-question", custom_attrs={"data-focus-on-show": ""})
    return rx.cond(S.removing != "", question)


def _form_buttons(lang: Language) -> rx.Component:
    return rx.el.div(
        _action_button(t("application.save_continue", lang), "continue", kind="primary"),
        _action_button(t("application.back", lang), "back"),
        _action_button(t("application.send_home", lang), "home"),
        class_name="govuk-button-group",
    )


def _upload_form() -> rx.Component:
    """The multipart form the file picker posts with (to the authorised upload route)."""
    return rx.el.form(id=UPLOAD_FORM_ID, method="post", enc_type="multipart/form-data", action=S.upload_action,
                      class_name="app-no-print")


def _step_page(step: Var, lang: Language, specials: dict[str, Special]) -> rx.Component:
    intro = step["intro"].to(str)
    return rx.fragment(
        stepper(lang),
        rx.el.span(S.child_name, class_name="govuk-caption-l"),
        rx.el.h1(step["heading"].to(str), class_name="govuk-heading-l"),
        rx.cond(intro != "", rx.el.p(intro, class_name="govuk-body")),
        paragraph("application.required_note", lang),
        rx.el.form(
            rx.el.input(type="hidden", name="_action", default_value="continue"), _version_field(),
            _remove_question(lang),
            rx.foreach(step["sections"].to(list[dict[str, Any]]), lambda section: _section(section, lang, specials)),
            _form_buttons(lang),
            key=S.form_key, on_submit=S.submit_page, no_validate=True, reset_on_submit=False,
        ),
        rx.cond(step["upload"].to(bool), _upload_form()),
    )


def _steps(lang: Language) -> rx.Component:
    """Whichever step ``S.shown`` names, drawn from the steps' data (written into the page once)."""
    data, specials = step_data(lang)
    return rx.foreach(rx.Var.create(data).to(list[dict[str, Any]]),
                      lambda step: rx.cond(step["key"] == S.shown, _step_page(step, lang, specials)))


def _item_page(group: Group, lang: Language) -> rx.Component:
    item = form_text.group_item(group, lang)
    heading = rx.cond(S.item_title != "", t("application.item.document", lang) + " " + S.item_title,
                      rx.cond(S.item == "new", t("application.item.add", lang, item=item),
                              t("application.item.change", lang, item=item)))
    return rx.fragment(
        rx.el.span(form_text.group_label(group, lang), class_name="govuk-caption-l"),
        rx.el.h1(heading, class_name="govuk-heading-l"),
        paragraph("application.required_note", lang),
        rx.el.form(
            rx.el.input(type="hidden", name="_action", default_value="continue"), _version_field(),
            *(field_control(field, lang, group) for field in group.fields),
            rx.el.div(_action_button(t("application.save_continue", lang), "continue", kind="primary"),
                      _action_button(t("application.back", lang), "back"), class_name="govuk-button-group"),
            key=S.form_key, on_submit=S.submit_item, no_validate=True, reset_on_submit=False,
        ),
    )


def _documents_page(lang: Language) -> rx.Component:
    """After sending, the request's documents: more can be added (its form's documents group)."""
    group = registry.form(registry.REQUEST_FORM).documents_group()
    if group is None:  # not an assert: python -O would drop it
        raise TypeError("the request form has no documents group")
    return rx.fragment(
        rx.el.span(S.child_name, class_name="govuk-caption-l"),
        rx.el.h1(t("documents.title", lang), class_name="govuk-heading-l"),
        rx.el.p(t("documents.intro", lang), " ", S.reference, ".", class_name="govuk-body"),
        rx.el.form(rx.el.input(type="hidden", name="_action", default_value="continue"), _version_field(),
                   _group(group, lang),
                   rx.el.p(rx.el.a(t("confirmation.back", lang), href=S.child_href, class_name="govuk-link"),
                           class_name="govuk-body"),
                   key=S.form_key, on_submit=S.submit_page, no_validate=True, reset_on_submit=False),
        _upload_form(),
    )


def title(lang: Language) -> rx.Var:
    """The page's title, the same whether it was loaded or reached by Save & Continue (WCAG 2.4.2)."""
    return rx.cond(S.page_title != "", S.page_title, t("page.title", lang, page=t("application.page_title", lang)))


def application_page(lang: Language) -> rx.Component:
    """Every page of every registered form's applications, compiled once: ``S.shown`` picks one (a step is
    drawn from data, pages/wizard_steps.py)."""
    body = rx.match(S.shown, ("summary", summary_page(lang)), ("confirmation", confirmation_page(lang)),
                    ("documents", _documents_page(lang)), ("print", print_page(lang)),
                    ("delete", delete_page(lang)), _steps(lang))
    return _shell(lang, body)


def item_page(lang: Language) -> rx.Component:
    items = [(f"{form.key}:{group.name}", _item_page(group, lang))
             for form in registry.FAMILY_FORMS for step in form.steps for group in step.groups()]
    return _shell(lang, rx.match(S.shown, *items, rx.fragment()))


def _shell(lang: Language, body: rx.Component) -> rx.Component:
    missing = rx.fragment(rx.el.h1(t("notfound.title", lang), class_name="govuk-heading-l"),
                          paragraph("application.not_found", lang, routes.hrefs(lang)))
    content = rx.el.div(rx.el.div(
        error_summary(S.error_list, lang),
        _banners(lang),
        rx.cond(S.ready, body),
        class_name="govuk-grid-column-two-thirds-from-desktop",
    ), class_name="govuk-grid-row", custom_attrs={"data-loaded": S.loaded_path})
    saved = rx.el.div(S.saved_status, role="status", class_name="govuk-visually-hidden", id="saved-status")
    return rx.fragment(saved, rx.cond(S.found, content, rx.cond(S.ready, missing)))
