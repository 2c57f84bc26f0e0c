"""The application's database role (deploy/postgres/app-role.sql + manage.py db_grants) cannot rewrite the trail."""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import errors, sql

from govtech.core.dbroles import grant_statements
from tests import conftest as shared

ROOT = Path(__file__).resolve().parents[2]
APP_ROLE_SQL = ROOT / "deploy" / "postgres" / "app-role.sql"

pytestmark = pytest.mark.django_db


def _owner() -> psycopg.Connection:
    return psycopg.connect(shared.database_url_for_subprocesses(), autocommit=True)


def _init_script(role: str, password: str, database: str) -> str:
    """deploy/postgres/app-role.sql with psql's variables filled in, as psql would."""
    text = APP_ROLE_SQL.read_text()
    text = text.replace(':"app_role"', sql.Identifier(role).as_string(None))
    text = text.replace(':"db_name"', sql.Identifier(database).as_string(None))
    return text.replace(":'app_password'", sql.Literal(password).as_string(None))


@pytest.fixture
def app_role(db: object) -> Iterator[psycopg.Connection]:
    """A connection as a fresh application role, set up as docker-compose sets one up."""
    role = f"govtech_app_test_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(12)
    database = connection.settings_dict["NAME"]
    with _owner() as owner:
        owner.execute(_init_script(role, password, database))
        for statement in grant_statements(role):
            owner.execute(statement)
    params = connection.get_connection_params()
    app = psycopg.connect(
        dbname=database,
        user=role,
        password=password,
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        autocommit=True,
    )
    try:
        yield app
    finally:
        app.close()
        with _owner() as owner:
            owner.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            owner.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


REFUSED = {  # statement, what PostgreSQL answers (the privilege check, not the append-only trigger)
    "update": ("UPDATE audit_auditevent SET verb = 'rewritten'", "permission denied for table audit_auditevent"),
    "delete": ("DELETE FROM audit_auditevent", "permission denied for table audit_auditevent"),
    "truncate": ("TRUNCATE audit_auditevent", "permission denied for table audit_auditevent"),
    "disable_trigger": (
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete",
        "must be owner of table audit_auditevent",
    ),
    "disable_all_triggers": ("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL", "must be owner of table"),
    "drop_trigger": ("DROP TRIGGER audit_event_no_update_delete ON audit_auditevent", "must be owner of"),
    "replica_mode": ("SET session_replication_role = replica", "permission denied to set parameter"),
    "replica_mode_local": (
        "BEGIN; SET LOCAL session_replication_role = replica; COMMIT",
        "permission denied to set parameter",
    ),
}


@pytest.mark.parametrize(("statement", "answer"), REFUSED.values(), ids=REFUSED.keys())
def test_the_application_role_cannot_rewrite_or_unprotect_the_audit_trail(app_role, statement, answer):
    with pytest.raises(errors.InsufficientPrivilege, match=answer):
        app_role.execute(statement)


def test_the_application_role_reads_and_appends_audit_rows_and_writes_other_tables(app_role):
    with app_role.transaction(force_rollback=True):
        app_role.execute("SELECT pg_advisory_xact_lock(1)")
        app_role.execute("SELECT count(*) FROM audit_auditevent").fetchone()
        app_role.execute(
            "INSERT INTO audit_auditevent (created_at, verb, target_id, target_repr, before, after, request_id,"
            " seq, prev_hash, hash) VALUES (now(), 'test.insert', '', '', '{}', '{}', '', -1, '', '')"
        )
        app_role.execute("UPDATE accounts_user SET full_name = full_name WHERE false")
        app_role.execute("DELETE FROM django_session WHERE false")
    with pytest.raises(errors.InsufficientPrivilege):
        app_role.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())")


def test_the_application_role_owns_nothing_and_creates_nothing(app_role):
    role = app_role.info.user
    owned = app_role.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s", [role]
    ).fetchone()
    assert owned == (0,)
    flags = app_role.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = %s", [role]
    ).fetchone()
    assert flags == (False, False, False, False)
    with pytest.raises(errors.InsufficientPrivilege):
        app_role.execute("CREATE TABLE audit_copy (id int)")


def test_db_grants_refuses_a_role_name_that_is_not_plain():
    with pytest.raises(CommandError, match="not a plain PostgreSQL role name"):
        call_command("db_grants", "app; DROP TABLE x", stdout=io.StringIO())
