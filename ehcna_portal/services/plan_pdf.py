"""Plans and letters as PDF files, with WeasyPrint: the field's maintained HTML-to-PDF library, which writes
tagged PDF/UA-1 (headings, lists and reading order a screen reader follows) from the same semantic HTML a browser
prints, with fonts embedded and no network fetches (every resource is inline).

The plan's PDF is drawn from services/plan_view.py, as the family's page is; a letter's from the letter's own
printable page (services/email_render.py). Rendering takes tenths of a second of CPU: callers run it in a thread.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from ehcna_portal.i18n import Language, long_date, t
from ehcna_portal.services.plan_view import SectionView

PDF_VARIANT = "pdf/ua-1"
_STYLE = """
@page { size: A4; margin: 20mm 18mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c; }
h1 { font-size: 20pt; margin: 0 0 4mm; } h2 { font-size: 14pt; margin: 8mm 0 2mm; border-top: 1px solid #b1b4b6;
padding-top: 3mm; } h3 { font-size: 11pt; margin: 4mm 0 1mm; }
dl { margin: 0 0 3mm; } dt { font-weight: bold; } dd { margin: 0 0 2mm 0; white-space: pre-wrap; }
p { margin: 0 0 2mm; white-space: pre-wrap; } .meta dd { white-space: normal; } .source { color: #505a5f; }
"""


@dataclass(frozen=True)
class PlanHeading:
    title: str  # "Education, Health and Care plan: draft 1"
    child_name: str
    born: date
    reference: str
    issued_on: date


def _rows(rows: list[tuple[str, str]], css: str = "") -> str:
    cells = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in rows)
    return f'<dl class="{css}">{cells}</dl>' if cells else ""


def _section(section: SectionView, lang: Language) -> str:
    parts = [f"<h2>{html.escape(section.key)}. {html.escape(section.title)}</h2>"]
    if section.text:
        parts.append(f"<p>{html.escape(section.text)}</p>")
    for item in section.items:
        if item.id:
            parts.append(f"<h3>{html.escape(item.id)}</h3>")
        parts.append(_rows([(row.label, row.value) for row in item.rows]))
        if item.source:
            parts.append(f'<p class="source">{html.escape(item.source)}</p>')
    if not section.text and not section.items:
        parts.append(f"<p>{html.escape(section.empty)}</p>")
    return "".join(parts)


def plan_html(heading: PlanHeading, sections: list[SectionView], lang: Language) -> str:
    meta = _rows([(t("plan.pdf.child", lang), heading.child_name), (t("plan.pdf.born", lang),
                                                                     long_date(heading.born, lang)),
                  (t("plan.pdf.reference", lang), heading.reference),
                  (t("plan.pdf.issued", lang), long_date(heading.issued_on, lang))], "meta")
    body = "".join(_section(section, lang) for section in sections)
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(heading.title)}</title><style>{_STYLE}</style></head>"
            f"<body><h1>{html.escape(heading.title)}</h1>{meta}{body}</body></html>")


def to_pdf(document: str) -> bytes:
    """Any of the portal's own HTML pages as a tagged PDF; nothing is fetched (no base URL, inline styles)."""
    import weasyprint  # imported here: loading Pango and fonts is only paid by the processes that make PDFs

    return weasyprint.HTML(string=document, base_url=None,
                           url_fetcher=_no_fetching).write_pdf(pdf_variant=PDF_VARIANT)


def _no_fetching(url: str, *args: object, **kwargs: object) -> dict:
    raise ValueError(f"PDFs fetch nothing: {url[:80]}")
