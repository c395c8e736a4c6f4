"""Every public method of a Reflex state can be called by any websocket client (reflex.md §0).

This test finds every event handler of every portal state by itself, so a new
handler that is neither guarded nor deliberately public fails it; then it calls
each guarded handler with no session and proves it refuses and changes nothing.
"""

from __future__ import annotations

import asyncio
import inspect

import pytest
import reflex as rx
from sqlalchemy import MetaData, func, select

from alembic import command
from ehcna_portal.cli import alembic_config
from ehcna_portal.db import get_engine
from ehcna_portal.settings import get_settings
from ehcna_portal.state.guards import PROTECTED_MARK
from tests.support.handlers import handlers


def test_the_portal_has_handlers_to_check():
    assert len(handlers()) >= 15


@pytest.mark.parametrize(("state", "name", "fn"), handlers(),
                         ids=[f"{s.__name__}.{n}" for s, n, _ in handlers()])
def test_every_handler_is_guarded_or_deliberately_public(state, name, fn):
    assert getattr(fn, PROTECTED_MARK, None) in {"public", "parent", "two_step", "staff"}, (
        f"{state.__name__}.{name} is callable by anyone: guard it with @parent_only(), @staff_only() "
        "or mark it @public")


def _row_counts() -> dict[str, int]:
    metadata = MetaData()
    metadata.reflect(get_engine())
    with get_engine().connect() as connection:
        return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in metadata.sorted_tables}


PROTECTED = [(s, n, f) for s, n, f in handlers()
             if getattr(f, PROTECTED_MARK, None) in {"parent", "two_step", "staff"}]


@pytest.mark.parametrize(("state", "name", "fn"), PROTECTED, ids=[f"{s.__name__}.{n}" for s, n, _ in PROTECTED])
def test_guarded_handlers_refuse_a_caller_without_a_session(state, name, fn):
    command.upgrade(alembic_config(get_settings().database_url), "head")
    root = rx.State()
    instance = root.get_substate(state.get_full_name().split(".")[1:])
    junk = {"code": "123456", "method": "email", "email": "a@example.com", "password": "x" * 20}
    args = [junk for parameter in list(inspect.signature(fn).parameters)[1:]]
    before = _row_counts()
    result = asyncio.run(fn(instance, *args))
    assert "sign-in" in str(result), f"{state.__name__}.{name} did not send the caller to sign in"
    assert _row_counts() == before, f"{state.__name__}.{name} changed the database without a session"
