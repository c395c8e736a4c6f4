"""Unsent applications are not kept for ever: a reminder, then deletion (the privacy notice says so).

A draft with no activity for ``retention − reminder`` days gets one email
("your application will be deleted on …"); any save after it restarts the
clock. A draft still untouched at ``retention`` days, and reminded at least a
day before, is deleted with its documents. Run by every worker's background
loop and by ``ehcna-portal expire-drafts``; both are safe to run at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.forms import registry
from ehcna_portal.forms import text as form_text
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.models import Application, ApplicationDocument, ApplicationStatus, ParentAccount
from ehcna_portal.services import audit, document_store, file_stores, outbox
from ehcna_portal.settings import Settings


@dataclass
class ExpiryReport:
    reminded: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def expire_drafts(engine: Engine, settings: Settings, now: datetime) -> ExpiryReport:
    report = ExpiryReport()
    remind_before = now - timedelta(days=settings.draft_retention_days - settings.draft_reminder_days)
    delete_before = now - timedelta(days=settings.draft_retention_days)
    with Session(engine) as db:
        due = db.exec(select(Application, ParentAccount)
                      .join(ParentAccount, col(ParentAccount.id) == Application.parent_id)
                      .where(Application.status == ApplicationStatus.DRAFT, Application.updated_at < remind_before,
                             or_(col(Application.reminder_sent_at).is_(None),
                                 col(Application.reminder_sent_at) < Application.updated_at))).all()
        for application, account in due:
            claimed = db.execute(update(Application).where(col(Application.id) == application.id,
                                                           col(Application.updated_at) == application.updated_at)
                                 .values(reminder_sent_at=now))
            if claimed.rowcount != 1:
                continue
            deletes_on = application.updated_at + timedelta(days=settings.draft_retention_days)
            form = registry.form(application.form_key, application.form_version)
            # The request's reminder speaks of the application; any other form's names the form.
            template = "draft_expiring" if form.key == registry.REQUEST_FORM else "form_draft_expiring"
            lang = as_language(account.preferred_language) or DEFAULT_LANGUAGE
            outbox.enqueue_to_parent(db, settings, account, template=template,
                                     idempotency_key=f"draft-expiring:{application.id}:{application.updated_at.isoformat()}",
                                     deletes_on=deletes_on.date(), form=form_text.form_name(form, lang),
                                     link=outbox.SitePath(routes.EHC))
            report.reminded.append(application.id or 0)
        db.commit()

        stale = db.exec(select(Application).where(
            Application.status == ApplicationStatus.DRAFT, Application.updated_at < delete_before,
            col(Application.reminder_sent_at).is_not(None),
            col(Application.reminder_sent_at) > Application.updated_at,
            col(Application.reminder_sent_at) < now - timedelta(days=1))).all()
        for application in stale:
            documents = db.exec(select(ApplicationDocument)
                                .where(ApplicationDocument.application_id == application.id)).all()
            stored = [document.stored_name for document in documents]
            db.execute(delete(ApplicationDocument).where(col(ApplicationDocument.application_id) == application.id))
            gone = db.execute(delete(Application).where(col(Application.id) == application.id,
                                                        col(Application.updated_at) == application.updated_at))
            if gone.rowcount != 1:
                db.rollback()
                continue
            audit.record(db, actor="system", action="application.expired", object_type="application",
                         object_id=application.id, child_id=application.child_id, documents=len(stored))
            db.commit()
            for name in stored:
                document_store.remove(file_stores.for_settings(settings), name)
            report.deleted.append(application.id or 0)
    return report
