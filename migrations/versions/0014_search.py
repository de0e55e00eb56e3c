"""search: a full-text index of notes, tasks, reminders and events

On SQLite an FTS5 table, `search_index` (Porter stemming, accents folded), kept up to date by
triggers on the four tables; a row's rowid is its item's id * 4 + the kind's code below, and
its `owner` column the owner's user id, so that a search reads only the person's rows. On
PostgreSQL a GIN index of each table's `to_tsvector('english', …)`, which the database keeps
up to date by itself. Neither is a mapped table: `nudge db check` skips objects named
`search_*` (see `storage.search`).

SQLite drops a table's triggers with the table: a later migration that rebuilds one of these
four tables in batch mode must create its triggers again (`_triggers` below), and the search
tests, which run on the newest schema, fail until it does.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# table → (kind code in the SQLite rowid, the columns indexed, the words as an expression of
# a row `{r}`). storage.search uses the same codes and expressions.
_SOURCES = {
    "notes": (0, ("title", "body"), "{r}title || ' ' || {r}body"),
    "tasks": (1, ("text",), "{r}text"),
    "reminders": (2, ("text",), "{r}text"),
    "events": (3, ("title", "place"), "{r}title || ' ' || {r}place"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, (_, _, words) in _SOURCES.items():
            op.execute(
                f"CREATE INDEX search_{table} ON {table} "
                f"USING gin (to_tsvector('english', {words.format(r='')}))"
            )
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(owner, words, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for table, (code, _, words) in _SOURCES.items():
        op.execute(
            f"INSERT INTO search_index (rowid, owner, words) "
            f"SELECT id * 4 + {code}, user_id, {words.format(r='')} FROM {table}"
        )
        for statement in _triggers(table):
            op.execute(statement)


def _triggers(table: str) -> list[str]:
    code, columns, words = _SOURCES[table]
    key, new = f"id * 4 + {code}", words.format(r="new.")
    # An item moves to another person when two accounts are linked: its owner changes.
    return [
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO search_index (rowid, owner, words) "
        f"VALUES (new.{key}, new.user_id, {new}); END",
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF user_id, {', '.join(columns)} "
        f"ON {table} BEGIN UPDATE search_index SET owner = new.user_id, words = {new} "
        f"WHERE rowid = new.{key}; END",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM search_index WHERE rowid = old.{key}; END",
    ]


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _SOURCES:
            op.execute(f"DROP INDEX search_{table}")
        return
    for table in _SOURCES:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_{table}_{action}")
    op.execute("DROP TABLE search_index")
