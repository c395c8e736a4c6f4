"""The database floor: what any save must do, and nothing more (issue 23).

One handler behind the same guard as Save & Continue: the session is looked up (one indexed query, off the
event loop) and the tab's draft gets one conditional ``UPDATE`` — only if it is this parent's and still a
draft — committed. Its version is left alone, so the saves timed after it do not lose a race to it.

It is loaded into the portal only when ``EHCNA_BENCH_FLOOR=1`` is in the environment (bench/scale.py sets it);
no page draws it and a portal started any other way does not have it.
"""

from __future__ import annotations

import reflex as rx
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from ehcna_portal.models import Application, ApplicationStatus
from ehcna_portal.models.base import utcnow
from ehcna_portal.state.session import for_parent, parent_only


def touch_draft(engine: Engine, parent_id: int, application_id: int) -> bool:
    """One conditional write and its commit, as a save makes."""
    with Session(engine) as db:
        written = db.execute(update(Application)
                             .where(col(Application.id) == application_id, col(Application.parent_id) == parent_id,
                                    col(Application.status) == ApplicationStatus.DRAFT)
                             .values(updated_at=utcnow())).rowcount == 1
        db.commit()
    return written


class DatabaseFloorState(rx.State):
    """The floor's one handler; ``touched`` changes each time, so a delta comes back as a page's would."""

    touched: int = 0

    @rx.event
    @parent_only(two_step=True)
    async def touch(self, application_id: int):
        if await for_parent(touch_draft, application_id):
            self.touched += 1
