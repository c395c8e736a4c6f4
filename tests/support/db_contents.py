"""What a database holds, as comparable numbers: rows per table and a checksum of every row.

Used to prove that nothing was lost or changed by a migration (T5) or by a
backup and restore (T6). Values are normalised (booleans as 0/1, datetimes as
naive UTC ISO text, JSON with sorted keys) so that the same data reads the same
whichever way a dialect reflects the column.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine

Columns = dict[str, list[str]]  # table → the columns to compare


def normal(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def columns_of(engine: Engine) -> Columns:
    """Every table (Alembic's own left out) and its columns, by name."""
    metadata = MetaData()
    metadata.reflect(engine)
    return {table.name: sorted(column.name for column in table.columns)
            for table in metadata.sorted_tables if table.name != "alembic_version"}


def digests(engine: Engine, columns: Columns | None = None) -> dict[str, tuple[int, str]]:
    """(rows, sha256 of every row's ``columns`` in primary-key order) for each table."""
    metadata = MetaData()
    metadata.reflect(engine)
    wanted = columns if columns is not None else columns_of(engine)
    found: dict[str, tuple[int, str]] = {}
    with engine.connect() as connection:
        for name, names in sorted(wanted.items()):
            table = metadata.tables[name]
            order = list(table.primary_key.columns) or [table.c[column] for column in names]
            digest, count = hashlib.sha256(), 0
            for row in connection.execute(select(*(table.c[column] for column in names)).order_by(*order)):
                digest.update(repr(tuple(normal(value) for value in row)).encode())
                count += 1
            found[name] = (count, digest.hexdigest())
    return found
