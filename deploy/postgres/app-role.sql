-- The application's database role (docs/audit-trail.md). Run once by the database's owner, e.g. by
-- deploy/postgres/10-app-role.sh from the postgres image's /docker-entrypoint-initdb.d.
--   psql -v app_role=govtech_app -v app_password=... -v db_name=govtech -f app-role.sql
-- The role logs in, owns nothing and may not create anything: it is no superuser (so it cannot
-- SET session_replication_role) and owns no table (so it cannot ALTER TABLE ... DISABLE TRIGGER).
-- Its rights on tables come from the default privileges below and from `manage.py db_grants`.
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
REVOKE ALL ON DATABASE :"db_name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db_name" TO :"app_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_role";
-- Tables and sequences the owner (whoever runs this file) creates later: rows only.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
