"""The child's page stage texts ("What happens now?", "Information we collect at this stage"), which a
council's admins can reword without code: their wording, if saved, replaces the catalog's, per language."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ehcna_portal.i18n import Language, t
from ehcna_portal.models import StageText
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit

STAGES = ("request", "assessment", "plan", "reviews")
KEYS = tuple(f"tab.{stage}.{part}" for stage in STAGES for part in ("what_happens", "information"))
MAX_LENGTH = 1000


def texts(engine: Engine, lang: Language) -> dict[str, str]:
    """Every stage text in ``lang``: the council's wording where saved, else the catalog's."""
    with Session(engine) as db:
        saved = {row.key: row.text for row in db.exec(select(StageText).where(StageText.lang == lang)).all()}
    return {key: saved.get(key) or t(key, lang) for key in KEYS}


def save(engine: Engine, lang: Language, wording: dict[str, str], *, staff_id: int) -> dict[str, str]:
    """Save the changed texts (an empty one goes back to the catalog's); errors by key, nothing saved if any."""
    errors = {key: "error.stage_text.too_long" for key, text in wording.items()
              if key in KEYS and len(text.strip()) > MAX_LENGTH}
    if errors:
        return errors
    with Session(engine) as db:
        for key in KEYS:
            if key not in wording:
                continue
            text = wording[key].strip()
            row = db.get(StageText, (key, lang))
            if not text or text == t(key, lang):
                if row is not None:
                    db.delete(row)
                    audit.record(db, actor=f"staff:{staff_id}", action="stage_text.reset", object_type="stage_text",
                                 object_id=key, lang=lang)
                continue
            if row is not None and row.text == text:
                continue
            db.merge(StageText(key=key, lang=lang, text=text, updated_by=staff_id, updated_at=utcnow()))
            audit.record(db, actor=f"staff:{staff_id}", action="stage_text.changed", object_type="stage_text",
                         object_id=key, lang=lang)
        db.commit()
    return {}
