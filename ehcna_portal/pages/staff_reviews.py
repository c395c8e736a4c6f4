"""The Reviews queue: plans whose review is due in 30, 60 or 90 days or overdue, decisions due, amended plans due,
and the coming September's phase transfer cohorts, each with its statutory deadline."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import in_page_link, sub_navigation, table, table_row, tag
from ehcna_portal.i18n import t
from ehcna_portal.pages.staff import EN
from ehcna_portal.services.review_queue import VIEWS
from ehcna_portal.state.staff_reviews import ReviewQueueState


def reviews_page(_lang: str = EN) -> rx.Component:
    state = ReviewQueueState
    views = sub_navigation(t("staff.reviews.views", EN), [
        (rx.fragment(t(f"staff.reviews.view.{view}", EN), " (", state.counts[view], ")"),
         routes.with_query(routes.STAFF_REVIEWS, view=view), state.view == view) for view in VIEWS])
    headers = [t(f"staff.reviews.column.{name}", EN) for name in ("reference", "child", "born", "due", "meeting",
                                                                  "deadline")]
    rows = rx.foreach(state.rows, lambda row: table_row(
        rx.el.th(rx.el.a(row["reference"], href=row["href"], class_name="govuk-link"), scope="row",
                 class_name="govuk-table__header"),
        row["child"], row["born"], row["due"], row["meeting"],
        rx.fragment(row["deadline"], rx.cond(row["transfer"] != "", rx.el.span(
            " ", t("staff.reviews.transfer", EN), " ", row["transfer"], class_name="govuk-hint")),
            rx.cond(row["late"] == "yes", rx.fragment(" ", tag(t("staff.queue.overdue", EN), "red")))),
        **{"data-late": row["late"]}))
    return rx.fragment(
        rx.el.h1(t("staff.reviews.title", EN), class_name="govuk-heading-l"),
        rx.el.p(t("staff.reviews.intro", EN), class_name="govuk-body"),
        views,
        rx.cond(state.rows.length() > 0, table(headers, rows, id="reviews"),
                rx.el.p(t("staff.reviews.none", EN), class_name="govuk-body")),
        rx.el.p(in_page_link(t("staff.reviews.csv", EN), target=state.csv_href, class_name="govuk-link",
                             custom_attrs={"download": ""}), class_name="govuk-body"))
