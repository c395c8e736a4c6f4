"""A bare Reflex app: the framework floor the portal's figures are compared with."""

import os

import reflex as rx

config = rx.Config(
    app_name="bare_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # BARE_RADIX=1: Radix Themes, Reflex's default component library (bench/page_weight.py compares both)
    plugins=[rx.plugins.RadixThemesPlugin()] if os.environ.get("BARE_RADIX") == "1" else [],
    disable_plugins=[rx.plugins.SitemapPlugin],
    cors_allowed_origins=[os.environ.get("BARE_ORIGIN", "http://127.0.0.1:8000")],
)
