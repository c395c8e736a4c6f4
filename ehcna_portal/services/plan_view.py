"""A plan version as people read it, in their language: one drawing of sections A–K for the family's EHC Plan tab,
the school consulted, the caseworker's preview, the print view and the PDF.

Each item is shown with its id ("F2"), its parts, the needs and outcomes it meets, and the advice it came from
(section K lists that advice), so a reader can check that every need has provision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ehcna_portal.forms import ehc_plan
from ehcna_portal.i18n import Language, long_date, t

ITEM_PARTS = {"needs": ("area", "text"), "outcomes": ("text", "steps"),
              "provision": ("what", "who", "how_often", "how_long", "needs", "outcomes")}


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class ItemView:
    id: str
    rows: list[Row]
    source: str  # "From the advice of Dr Ada Lovelace, Educational psychologist" ("" when typed by the council)


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    text: str  # a text section's words, a placement's school, or "" for item sections
    items: list[ItemView]
    empty: str  # what to say when there is nothing in it


def _sources(content: dict, lang: Language) -> dict[int, str]:
    names = {}
    for entry in content.get("K", {}).get("items", []):
        who = ", ".join(part for part in (entry.get("from", ""), entry.get("role", "")) if part)
        names[entry.get("source")] = t("plan.item.source", lang, who=who or t(f"advice.type.{entry['advice_type']}",
                                                                                lang))
    return names


def _value(part: str, item: dict, lang: Language) -> str:
    if part == "area":
        return t(f"plan.area.{item.get('area', '')}", lang) if item.get("area") in ehc_plan.AREAS else ""
    if part in ("needs", "outcomes"):
        return ", ".join(item.get(part, []))
    return str(item.get(part, ""))


def _advice_entry(entry: dict, lang: Language) -> ItemView:
    received = entry.get("received_on", "")
    rows = [Row(t("plan.k.type", lang), t(f"advice.type.{entry.get('advice_type', 'other')}", lang)),
            Row(t("plan.k.from", lang), ", ".join(part for part in (entry.get("from", ""), entry.get("role", ""),
                                                                     entry.get("organisation", "")) if part))]
    if received:
        rows.append(Row(t("plan.k.received", lang), long_date(date.fromisoformat(received), lang)))
    return ItemView("", rows, "")


def view(content: dict, lang: Language, *, draft: bool) -> list[SectionView]:
    """Every section in order; a draft's section I says it is left blank (Children and Families Act 2014
    s38(5))."""
    sources = _sources(content, lang)
    shown = []
    for section in ehc_plan.SECTIONS:
        block = content.get(section.key, {})
        title = t(f"plan.section.{section.key}.title", lang)
        if section.kind == "text":
            shown.append(SectionView(section.key, title, block.get("text", ""), [], t("plan.empty", lang)))
        elif section.kind == "placement":
            named = ", ".join(part for part in (block.get("name", ""), block.get("type", "")) if part)
            empty = t("plan.placement.draft", lang) if draft else t("plan.empty", lang)
            shown.append(SectionView(section.key, title, "" if draft else named, [], empty))
        elif section.kind == "advice":
            shown.append(SectionView(section.key, title, "", [_advice_entry(entry, lang)
                                                              for entry in block.get("items", [])],
                                     t("plan.empty", lang)))
        else:
            items = [ItemView(item["id"], [Row(t(f"plan.item.{part}", lang), _value(part, item, lang))
                                           for part in ITEM_PARTS[section.kind] if _value(part, item, lang)],
                              sources.get(item.get("source"), ""))
                     for item in block.get("items", [])]
            shown.append(SectionView(section.key, title, "", items, t("plan.empty", lang)))
    return shown
