"""Per-user item numbers: small, stable while an item is open, reused once all are closed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Table, bindparam, func, insert, select
from sqlalchemy.orm import Session


class Numbered:
    """Adds a row numbered one past its owner's highest open one, in a single statement.

    The statement is built once per table (a Core insert with RETURNING): adding an item costs
    neither building SQL nor the ORM's bookkeeping, only binding the values.
    """

    def __init__(self, row: type[Any], *open_filter: ColumnElement[bool]) -> None:
        table: Table = row.__table__
        highest = (
            select(func.coalesce(func.max(table.c.number), 0) + 1)
            .where(table.c.user_id == bindparam("owner"), *open_filter)
            .scalar_subquery()
        )
        self._insert = insert(table).values(number=highest).returning(*table.c)

    def add(self, session: Session | Connection, values: dict[str, Any]) -> Row[Any]:
        """Insert `values` (which name the owner as `user_id`); the new row, all columns."""
        return session.execute(self._insert, {**values, "owner": values["user_id"]}).one()
