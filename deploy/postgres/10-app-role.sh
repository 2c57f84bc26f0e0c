#!/bin/sh
# Mounted in the postgres image's /docker-entrypoint-initdb.d: runs once, when the data volume is created,
# as the owner (POSTGRES_USER). On an existing volume, run it by hand:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-app-role.sh
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_role="${POSTGRES_APP_USER:-govtech_app}" \
    -v app_password="${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD}" \
    -v db_name="$POSTGRES_DB" \
    -f /etc/govtech/app-role.sql
