"""Database roles: the owner migrates and restores, the application's role reads and writes rows.

The web and worker processes connect as a role that owns no table, is no superuser, and so can neither
disable a trigger (``ALTER TABLE … DISABLE TRIGGER`` needs the table's owner) nor turn triggers off for
its session (``SET session_replication_role`` needs a superuser). ``deploy/postgres/app-role.sql``
creates it with default privileges for the tables the owner creates later; ``manage.py db_grants``,
run by the owner after every ``migrate`` and ``restore``, grants it the existing tables and takes back
what it must not do: change or delete rows of the append-only tables (models with ``append_only = True``:
the audit trail) and write Django's migration records. docs/audit-trail.md.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import connection

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def append_only_tables() -> list[str]:
    return sorted(model._meta.db_table for model in apps.get_models() if getattr(model, "append_only", False))


def grant_statements(role: str) -> list[str]:
    """What the owner runs to give ``role`` the application's rights on the current tables."""
    if not ROLE_NAME.match(role):
        raise ValueError(f"{role!r} is not a plain PostgreSQL role name (lower-case letters, digits, _).")
    quote = connection.ops.quote_name
    who = quote(role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
        # Tables the owner creates in later migrations: rows only (db_grants takes back the rest again).
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {who}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON django_migrations FROM {who}",
    ]
    for table in append_only_tables():
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {quote(table)} FROM {who}")
    return statements


def apply_grants(role: str) -> list[str]:
    statements = grant_statements(role)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
