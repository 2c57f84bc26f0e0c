from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION ocds_release_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'OCDS releases are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ocds_release_no_update_delete
    BEFORE UPDATE OR DELETE ON ocds_release
    FOR EACH ROW EXECUTE FUNCTION ocds_release_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS ocds_release_no_update_delete ON ocds_release;
DROP FUNCTION IF EXISTS ocds_release_append_only();
"""


class Migration(migrations.Migration):
    """A published release is never edited: a change is a new release (as the audit trail, see audit 0002)."""

    dependencies = [("ocds", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
