"""Assemble the app: stylesheets, pages in each language, HTTP routes, background tasks.

Nothing else lives here; pages, states and services are in their own packages.
"""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.api.headers import SecurityHeaders
from ehcna_portal.api.routes import build_api
from ehcna_portal.i18n import localised_path
from ehcna_portal.pages import content, home
from ehcna_portal.pages.registry import PageSpec, page_title
from ehcna_portal.settings import get_settings
from ehcna_portal.tasks import send_outbox_forever

settings = get_settings()

PUBLIC_PAGES = [
    PageSpec(routes.HOME, "home.title", home.home),
    PageSpec(routes.GUIDANCE, "guidance.title", content.guidance),
    PageSpec(routes.PRIVACY, "privacy.title", content.privacy),
    PageSpec(routes.ACCESSIBILITY, "a11y.title", content.accessibility),
    PageSpec(routes.COOKIES, "cookies.title", content.cookies),
    PageSpec(routes.CONTACT, "contact.title", content.contact),
]


def dev_pages() -> list[PageSpec]:
    """Pages that exist only outside production (imported lazily so prod never registers their states)."""
    from ehcna_portal.pages import dev
    from ehcna_portal.state.dev import DevMailboxState

    return [
        PageSpec(routes.DEV_MAILBOX, "dev.mailbox.title", dev.mailbox, on_load=DevMailboxState.load,
                 languages=("en",)),
        PageSpec(routes.DEV_COMPONENTS, "dev.components.title", dev.components, languages=("en",)),
    ]


app = rx.App(
    reset_style=False,
    html_lang="en",
    head_components=[
        # Plain <link>s: the compiled govuk-frontend CSS is served as built, not re-bundled by Vite.
        rx.el.link(rel="stylesheet", href="/govuk/govuk-frontend.min.css"),
        rx.el.link(rel="stylesheet", href="/app.css"),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#0b0c0c"),
    ],
    api_transformer=[build_api(), lambda asgi: SecurityHeaders(asgi, hsts=settings.is_prod)],
    toaster=None,
)

for spec in PUBLIC_PAGES + ([] if settings.is_prod else dev_pages()):
    for lang in spec.languages:
        app.add_page(
            lambda spec=spec, lang=lang: spec.render(lang),
            route=localised_path(spec.route, lang),
            title=page_title(spec.title_key, lang),
            on_load=spec.on_load,
        )

app.add_page(lambda: content.not_found("en"), route="404", title=page_title("notfound.title", "en"))
app.register_lifespan_task(send_outbox_forever)

