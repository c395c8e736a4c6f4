"""The managers' figures page in one call: the SEN2 request measures month by month, the requests overdue now,
advice returned in time and the reviews' measures, for the 12 months to today.

The three groups read different tables, so they are counted at once, each in its own thread and database
session: the page costs its slowest group rather than the sum of them (bench/queue.py, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from sqlalchemy.engine import Engine

from ehcna_portal.services import advice_figures, kpis, review_figures


@dataclass(frozen=True)
class FiguresPage:
    months: list[kpis.MonthFigures]  # oldest first
    overdue: int
    advice: list[advice_figures.AdviceFigure]
    reviews: list[review_figures.ReviewMonth]  # oldest first


def _requests(engine: Engine, first: date, today: date) -> tuple[list[kpis.MonthFigures], int]:
    return kpis.monthly(engine, first, today), kpis.overdue_now(engine, today)


def figures(engine: Engine, today: date) -> FiguresPage:
    """Every figure the page shows, from the first day of the month a year ago to ``today``."""
    first = date(today.year - 1, today.month, 1)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="figures") as pool:
        requests = pool.submit(_requests, engine, first, today)
        advice = pool.submit(advice_figures.monthly, engine, first, today, today)
        reviews = pool.submit(review_figures.monthly, engine, first, today)
        months, overdue = requests.result()
        return FiguresPage(months, overdue, advice.result(), reviews.result())


@functools.lru_cache(maxsize=256)
def month_heading(month: str) -> str:
    """"2026-11" → "November 2026"; a year ("2026") as it is. Remembered: the page names the same 13 months
    in hundreds of rows."""
    if len(month) != 7:
        return month
    return format_date(date(int(month[:4]), int(month[5:]), 1), "MMMM y", locale="en_GB")
