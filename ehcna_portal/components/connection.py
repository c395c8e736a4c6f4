"""The "trying to reconnect" banner, shown while the websocket to the backend is down, and the
"problem with the service" banner, shown when the backend is up but its state store (Redis) is not.

Reflex's own signs of a lost connection are a pulsing icon (English ``title`` only) and a toast,
and this app has no toaster (``toaster=None``), so nothing readable appears. This banner follows
Reflex's own test: ``has_connection_errors`` is true from the first failed reconnect attempt
until the socket is connected again (reflex_base/.templates/web/utils/state.js retries every
0.2–2 s). The ``role="status"`` box is always in the page, so screen readers announce the text
when it appears, and it stays at the top of the window while the parent scrolls.
"""

from __future__ import annotations

import reflex as rx
from reflex.experimental.client_state import ClientStateVar
from reflex_components_core.core.banner import has_connection_errors

from ehcna_portal.i18n import Language, t

CONNECTION_STATUS_ID = "connection-status"
SERVICE_PROBLEM_ID = "service-problem"
# Held in the browser, not in Reflex state: it is set precisely when the server cannot read or write state.
SERVICE_PROBLEM_SHOWN = ClientStateVar.create("service_problem_shown", default=False)


def connection_banner(lang: Language) -> rx.Component:
    banner = rx.el.div(
        rx.el.div(
            rx.el.h2(t("banner.important", lang), class_name="govuk-notification-banner__title"),
            class_name="govuk-notification-banner__header",
        ),
        rx.el.div(
            rx.el.p(t("connection.lost", lang), class_name="govuk-notification-banner__heading"),
            class_name="govuk-notification-banner__content",
        ),
        class_name="govuk-notification-banner app-connection-banner",
    )
    return rx.el.div(
        rx.cond(has_connection_errors, banner),
        role="status",
        id=CONNECTION_STATUS_ID,
        class_name="govuk-width-container app-connection-status",
    )


def service_problem_banner(lang: Language) -> rx.Component:
    """Shown when an event could not run at all (state store unreachable): nothing was saved, and the
    page was not redrawn, so what was typed is still there. The parent's next click anywhere in the
    page hides it; if the problem remains, the next failed event shows it again."""
    banner = rx.el.div(
        rx.el.h2(t("error.summary_title", lang), class_name="govuk-error-summary__title"),
        rx.el.div(rx.el.p(t("error.service_unavailable", lang), class_name="govuk-body"),
                  class_name="govuk-error-summary__body"),
        class_name="govuk-error-summary app-service-problem",
    )
    return rx.el.div(
        SERVICE_PROBLEM_SHOWN,
        rx.cond(SERVICE_PROBLEM_SHOWN.value, banner),
        role="alert",
        id=SERVICE_PROBLEM_ID,
        class_name="govuk-width-container",
    )
