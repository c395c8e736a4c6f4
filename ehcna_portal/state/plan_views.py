"""An issued plan's sections as the page's state holds them (plain dicts for the browser), drawn by
pages/plan_document.py for the family, the school and the caseworker's preview alike."""

from __future__ import annotations

from ehcna_portal.services.plan_view import SectionView


def section_dicts(sections: list[SectionView]) -> list[dict]:
    return [{"key": section.key, "title": section.title, "heading": f"{section.key}. {section.title}",
             "text": section.text, "empty": section.empty,
             "items": [{"id": item.id, "source": item.source,
                        "rows": [{"label": row.label, "value": row.value} for row in item.rows]}
                       for item in section.items]}
            for section in sections]
