"""Per-user item numbers: small, stable while an item is open, reused once all are closed."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.orm import Session

Row = TypeVar("Row")


def add_numbered(
    session: Session, row: type[Row], values: dict[str, Any], *open_filter: ColumnElement[bool]
) -> Row:
    """Insert a row numbered one past the user's highest open one, in a single statement."""
    table: Any = row
    highest = (
        select(func.coalesce(func.max(table.number), 0) + 1)
        .where(table.user_id == values["user_id"], *open_filter)
        .scalar_subquery()
    )
    statement = insert(row).values(**values, number=highest).returning(row)
    added: Row = session.scalars(statement).one()
    return added
