"""GOV.UK form controls written with ``rx.el``.

Each control follows the govuk-frontend markup: a ``govuk-form-group`` with a
visible label or legend, an optional hint, an inline error message prefixed
with a visually hidden "Error:", and ``aria-describedby`` pointing at exactly
the hint and error that are shown. ``error`` may be a plain string or a state
Var, so the same control serves static pages and live forms.

Values are uncontrolled (``default_value``): a form sends its answers once, on
submit, not per keystroke (long answers count their characters in the browser).
Radios, checkboxes and date parts set their ``id`` as a plain attribute: given
an ``id`` prop, Reflex would also read the element through a ref and overwrite
the submitted value of the group with the first radio's value.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.vars import Var

from ehcna_portal.components.scripts import run_js
from ehcna_portal.i18n import Language, plural_forms, t

Text = str | Var


def _is_var(value: Any) -> bool:
    return isinstance(value, Var)


def _pick(condition: Text, when_true: Any, when_false: Any) -> Any:
    """``rx.cond`` for Vars, a plain choice for Python values (keeps static markup simple)."""
    if _is_var(condition):
        return rx.cond(condition, when_true, when_false)
    return when_true if condition else when_false


def _described_by(field_id: Text, hint: Text, error: Text, extra: str = "") -> Any:
    """The hint, the control's own extra (a character count) and the error, whichever are shown. A Var hint
    (a question drawn from data) may be empty: then the browser leaves it out."""
    def ids(with_hint: bool) -> tuple[str, str]:
        base = " ".join(part for part in (f"{field_id}-hint" if with_hint else "", extra) if part)
        return base, f"{base} {field_id}-error".strip()

    if _is_var(hint):
        (plain, plain_error), (hinted, hinted_error) = ids(False), ids(True)
        shown = hint != ""
        return _pick(error, rx.cond(shown, hinted_error, plain_error), rx.cond(shown, hinted, plain or None))
    base, with_error = ids(bool(hint))
    return _pick(error, with_error, base or None)


def hint_text(field_id: Text, hint: Text) -> rx.Component:
    if _is_var(hint):
        return rx.cond(hint != "", rx.el.div(hint, id=f"{field_id}-hint", class_name="govuk-hint"))
    if not hint:
        return rx.fragment()
    return rx.el.div(hint, id=f"{field_id}-hint", class_name="govuk-hint")


def error_message(field_id: Text, error: Text, lang: Language) -> rx.Component:
    message = rx.el.p(
        rx.el.span(t("error.prefix", lang), class_name="govuk-visually-hidden"),
        " ",
        error,
        id=f"{field_id}-error",
        class_name="govuk-error-message",
    )
    if _is_var(error):
        return rx.cond(error, message, rx.fragment())
    return message if error else rx.fragment()


def required_label(text: Any, lang: Language, *, required: bool | Var = True) -> rx.Component:
    """A question's label; a mandatory one ends in the seed's red asterisk (hidden from screen readers), which
    says " (required)" to them instead. ``required`` may be a Var (a question drawn from data)."""
    if not _is_var(required) and not required:
        return rx.fragment(text)
    marks = rx.fragment(rx.el.span(t("application.required_mark", lang), class_name="app-required",
                                   aria_hidden="true"),
                        rx.el.span(t("application.required", lang), class_name="govuk-visually-hidden"))
    return rx.fragment(text, rx.cond(required, marks) if _is_var(required) else marks)


def starred(key: str, lang: Language) -> rx.Component:
    """The catalog text ``key`` as a mandatory question's label (Register, Add child: seed 1.1.2 and 1.2.2)."""
    return required_label(t(key, lang), lang)


def form_group(error: Text, *children: rx.Component, extra_class: str = "") -> rx.Component:
    base = f"govuk-form-group {extra_class}".strip()
    return rx.el.div(*children, class_name=_pick(error, f"{base} govuk-form-group--error", base))


def text_input(
    field_id: Text,
    label: Any,
    lang: Language,
    *,
    hint: Text = "",
    error: Text = "",
    input_type: str = "text",
    width_class: str = "",
    label_class: str = "govuk-label",
    **attrs: Any,
) -> rx.Component:
    """A single-line text field (also email, tel, password via ``input_type``)."""
    classes = f"govuk-input {width_class}".strip()
    return form_group(
        error,
        rx.el.label(label, html_for=field_id, class_name=label_class),
        hint_text(field_id, hint),
        error_message(field_id, error, lang),
        rx.el.input(
            id=field_id,
            name=attrs.pop("name", field_id),
            type=input_type,
            class_name=_pick(error, f"{classes} govuk-input--error", classes),
            aria_describedby=_described_by(field_id, hint, error),
            **attrs,
        ),
    )


def fieldset(field_id: Text, legend: Any, hint: Text, error: Text, lang: Language,
             body: rx.Component, legend_class: str) -> rx.Component:
    """A question answered with several controls (radios, boxes, a date's parts): legend, hint, error, body."""
    return form_group(
        error,
        rx.el.fieldset(
            rx.el.legend(legend, class_name=legend_class),
            hint_text(field_id, hint),
            error_message(field_id, error, lang),
            body,
            class_name="govuk-fieldset",
            aria_describedby=_described_by(field_id, hint, error),
        ),
    )


def choice_item(kind: str, name: Text, value: Any, label: Any, input_id: Text, *, checked: Any = None,
                controls: Any = None) -> rx.Component:
    """One radio (``kind`` "radio") or checkbox ("checkbox") with its label, in govuk-frontend's item markup;
    ``checked`` ticks it as drawn, ``controls`` names the question it reveals. ``id`` is a plain attribute (see
    the module's docstring)."""
    block = {"radio": "radios", "checkbox": "checkboxes"}[kind]
    attrs = {"id": input_id, **({"aria-controls": controls} if controls is not None else {})}
    ticked = {"default_checked": checked} if checked is not None else {}
    return rx.el.div(
        rx.el.input(name=name, type=kind, value=value, class_name=f"govuk-{block}__input", custom_attrs=attrs,
                    **ticked),
        rx.el.label(label, html_for=input_id, class_name=f"govuk-label govuk-{block}__label"),
        class_name=f"govuk-{block}__item")


def radios(
    field_id: str,
    legend: Any,
    options: list[tuple[str, str]],
    lang: Language,
    *,
    hint: Text = "",
    error: Text = "",
    selected: Text = "",
    inline: bool = False,
    legend_class: str = "govuk-fieldset__legend govuk-fieldset__legend--m",
    reveals: dict[str, rx.Component] | None = None,
) -> rx.Component:
    """One choice from a short list; the first radio carries ``field_id`` so error links land on it.

    ``reveals`` maps an option to the questions shown under it while it is chosen (the GOV.UK
    conditional reveal, done in CSS with ``:has()`` so it needs no round trip)."""
    items = []
    for index, (value, label) in enumerate(options):
        input_id = field_id if index == 0 else f"{field_id}-{index + 1}"
        revealed = (reveals or {}).get(value)
        # aria-controls only: ARIA 1.2 allows no aria-expanded on a radio (axe: aria-allowed-attr, critical), and
        # govuk-frontend's Radios set none
        items.append(choice_item("radio", field_id, value, label, input_id, checked=selected == value,
                                 controls=f"conditional-{input_id}" if revealed is not None else None))
        if revealed is not None:
            items.append(rx.el.div(revealed, id=f"conditional-{input_id}",
                                   class_name="govuk-radios__conditional app-reveal"))
    body = rx.el.div(*items, class_name="govuk-radios govuk-radios--inline" if inline else "govuk-radios")
    return fieldset(field_id, legend, hint, error, lang, body, legend_class)


def checkboxes(
    field_id: str,
    legend: Any,
    options: list[tuple[str, str]],
    lang: Language,
    *,
    hint: Text = "",
    error: Text = "",
    checked: tuple[str, ...] | Var = (),
    legend_class: str = "govuk-fieldset__legend govuk-fieldset__legend--m",
) -> rx.Component:
    """Any number of choices; each box posts ``field_id-value``.

    ``checked`` is the ticked values, or a list Var of ticked ``field_id-value`` names."""
    items = []
    for index, (value, label) in enumerate(options):
        input_id = field_id if index == 0 else f"{field_id}-{index + 1}"
        ticked = checked.contains(f"{field_id}-{value}") if _is_var(checked) else value in checked
        items.append(choice_item("checkbox", f"{field_id}-{value}", value, label, input_id, checked=ticked))
    body = rx.el.div(*items, class_name="govuk-checkboxes")
    return fieldset(field_id, legend, hint, error, lang, body, legend_class)


def checkboxes_of(field_id: Var, legend: Any, options: Var, lang: Language, *, hint: Text = "", error: Text = "",
                  checked: Var, legend_class: str) -> rx.Component:
    """``checkboxes`` for a question drawn from data: ``options`` is a list Var of ``{"value", "label", "id"}``."""
    def item(option: Var) -> rx.Component:
        posted = field_id + "-" + option["value"].to(str)
        return choice_item("checkbox", posted, option["value"], option["label"], option["id"],
                           checked=checked.contains(posted))

    body = rx.el.div(rx.foreach(options, item), class_name="govuk-checkboxes")
    return fieldset(field_id, legend, hint, error, lang, body, legend_class)


def date_input(
    field_id: Text,
    legend: Any,
    lang: Language,
    *,
    hint: Text = "",
    error: Text = "",
    values: tuple[Text, Text, Text] = ("", "", ""),
    error_parts: Var | None = None,
    legend_class: str = "govuk-fieldset__legend govuk-fieldset__legend--m",
) -> rx.Component:
    """Day, month and year boxes (never auto-tabbing); the day box carries ``field_id``.

    ``error_parts`` (a list Var of "day"/"month"/"year") limits the red border to the boxes that are
    wrong, as GOV.UK asks; empty means the whole date."""
    parts = [("day", "date.day", "govuk-input--width-2"),
             ("month", "date.month", "govuk-input--width-2"),
             ("year", "date.year", "govuk-input--width-4")]
    items = []
    for (part, key, width), value in zip(parts, values, strict=True):
        input_id = field_id if part == "day" else f"{field_id}-{part}"
        classes = f"govuk-input govuk-date-input__input {width}"
        items.append(rx.el.div(
            rx.el.div(
                rx.el.label(t(key, lang), html_for=input_id,
                            class_name="govuk-label govuk-date-input__label"),
                rx.el.input(name=f"{field_id}-{part}", type="text", input_mode="numeric",
                            default_value=value, custom_attrs={"id": input_id},
                            class_name=_pick(_part_error(error, error_parts, part), f"{classes} govuk-input--error",
                                             classes)),
                class_name="govuk-form-group",
            ),
            class_name="govuk-date-input__item",
        ))
    body = rx.el.div(*items, class_name="govuk-date-input", id=f"{field_id}-group")
    return fieldset(field_id, legend, hint, error, lang, body, legend_class)


def _part_error(error: Text, error_parts: Var | None, part: str) -> Text:
    if error_parts is None or not _is_var(error):
        return error
    return error & ((error_parts.length() == 0) | error_parts.contains(part))


def character_count_message(field_id: Text, length: Var, max_length: int | Var, lang: Language) -> rx.Component:
    """Live "N characters remaining / too many", announced politely to screen readers."""
    remaining = max_length - length
    over = length - max_length
    message = rx.cond(remaining >= 0, _plural("char_count.remaining", remaining, lang),
                      _plural("char_count.over", over, lang))
    return rx.el.div(
        message,
        id=f"{field_id}-info",
        class_name=rx.cond(remaining >= 0, "govuk-hint govuk-character-count__message",
                           "govuk-error-message govuk-character-count__message"),
        aria_live="polite",
    )


def typed_value(field_id: str) -> Var:
    """What a text box holds right now, as an event argument (for a button that acts on a box
    that is not bound to the server key by key: the postcode finder, the school search)."""
    return rx.Var(f"(document.getElementById({json.dumps(field_id)})?.value ?? '')", _var_type=str)


def _plural(key: str, count: Var, lang: Language) -> Var:
    """A plural catalog message for a count known only in the browser: every CLDR form is sent
    and ``Intl.PluralRules`` picks one (Welsh has six), with ``{count}`` filled."""
    forms = json.dumps(plural_forms(key, lang), ensure_ascii=False)
    expression = (f"(({forms})[new Intl.PluralRules({json.dumps(lang)}).select({count})] || '')"
                  f".replace('{{count}}', String({count}))")
    return rx.Var(expression, _var_type=str, _var_data=count._get_all_var_data())


def password_input(
    field_id: str,
    label: Any,
    lang: Language,
    *,
    error: Text = "",
    hint: Text = "",
    autocomplete: str = "current-password",
) -> rx.Component:
    """The GOV.UK password input: a Show/Hide button that only flips the field's type, in the browser."""
    show, hide = t("password.show", lang), t("password.hide", lang)
    show_label, hide_label = t("password.show_label", lang), t("password.hide_label", lang)
    toggle = run_js(
        "(id, show, hide, showLabel, hideLabel) => { const i = document.getElementById(id); "
        "const b = document.getElementById(id + '-toggle'); const shown = i.type === 'text'; "
        "i.type = shown ? 'password' : 'text'; b.textContent = shown ? show : hide; "
        "b.setAttribute('aria-label', shown ? showLabel : hideLabel); }",
        field_id, show, hide, show_label, hide_label)
    classes = "govuk-input govuk-password-input__input govuk-js-password-input-input"
    return form_group(
        error,
        rx.el.label(label, html_for=field_id, class_name="govuk-label"),
        hint_text(field_id, hint),
        error_message(field_id, error, lang),
        rx.el.div(
            rx.el.input(id=field_id, name=field_id, type="password", spell_check=False,
                        auto_complete=autocomplete, auto_capitalize="none",
                        class_name=_pick(error, f"{classes} govuk-input--error", classes),
                        aria_describedby=_described_by(field_id, hint, error)),
            rx.el.button(show, id=f"{field_id}-toggle", type="button", aria_label=show_label,
                         aria_controls=field_id,
                         class_name="govuk-button govuk-button--secondary govuk-password-input__toggle",
                         on_click=toggle),
            class_name="govuk-input__wrapper govuk-password-input__wrapper",
        ),
        extra_class="govuk-password-input",
    )


def select(
    field_id: Text,
    label: Any,
    options: list[tuple[str, str]] | Var,
    lang: Language,
    *,
    error: Text = "",
    hint: Text = "",
    prompt_key: str = "select.choose",
    **attrs: Any,
) -> rx.Component:
    """A drop-down, used sparingly (titles, genders, a list found by a search) as the seed does.

    ``options`` is a list of (value, text) pairs, or a state Var holding a list of
    ``{"value": …, "label": …}`` dicts; the first option is a blank prompt."""
    if isinstance(options, Var):
        choices = [rx.foreach(options, lambda option: rx.el.option(option["label"], value=option["value"]))]
    else:
        choices = [rx.el.option(text, value=value) for value, text in options]
    classes = "govuk-select"
    return form_group(
        error,
        rx.el.label(label, html_for=field_id, class_name="govuk-label"),
        hint_text(field_id, hint),
        error_message(field_id, error, lang),
        rx.el.select(
            rx.el.option(t(prompt_key, lang), value=""),
            *choices,
            id=field_id, name=field_id,
            class_name=_pick(error, f"{classes} govuk-select--error", classes),
            aria_describedby=_described_by(field_id, hint, error),
            **attrs,
        ),
    )


def long_text(
    field_id: Text,
    label: Any,
    lang: Language,
    *,
    max_length: int | Var,
    default_value: Var,
    hint: Text = "",
    error: Text = "",
    rows: int = 5,
    label_class: str = "govuk-label govuk-label--s",
) -> rx.Component:
    """A long answer typed without a round trip per key: the count is kept up to date in the
    browser by ``scripts/forms.js`` (from ``data-maxlength`` and the message templates here)."""
    templates = {f"data-{kind}-{category}": text for kind in ("remaining", "over")
                 for category, text in plural_forms(f"char_count.{kind}", lang).items()}
    return form_group(
        error,
        rx.el.label(label, html_for=field_id, class_name=label_class),
        hint_text(field_id, hint),
        error_message(field_id, error, lang),
        rx.el.textarea(
            name=field_id, rows=rows, default_value=default_value,
            class_name=_pick(error, "govuk-textarea govuk-textarea--error", "govuk-textarea"),
            aria_describedby=_described_by(field_id, hint, error, extra=f"{field_id}-info"),
            custom_attrs={"id": field_id, "data-maxlength": max_length.to_string() if _is_var(max_length)
                          else str(max_length), **templates},
        ),
        character_count_message(field_id, default_value.to(str).length(), max_length, lang),
        extra_class="govuk-character-count",
    )


def radios_from(field_id: str, legend: Text, options: Var, lang: Language, *, error: Text = "",
                legend_class: str = "govuk-fieldset__legend govuk-fieldset__legend--s") -> rx.Component:
    """Small radios whose choices come from state (a list Var of ``{"value", "label"}``), for the
    information-dense staff pages; the first radio carries ``field_id`` for the error summary's link."""
    def item(option: Var, index: Var) -> rx.Component:
        input_id = rx.cond(index == 0, field_id, f"{field_id}-" + option["value"].to(str))
        return choice_item("radio", field_id, option["value"], option["label"], input_id)

    body = rx.el.div(rx.foreach(options, item), class_name="govuk-radios govuk-radios--small")
    return fieldset(field_id, legend, "", error, lang, body, legend_class)
