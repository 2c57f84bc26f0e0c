"""``govtech_tsquery_distinct(tsquery)``: a text search query whose top level is an OR of plain lexemes, each named
once ("'abras' | 'abras' | 'abras'" -> "'abras'"); any other query unchanged.

A supplier search ORs the query's own words, their folded form and the vocabulary's names, and several of them stem
to one lexeme. PostgreSQL's planner counts each repeat as another alternative, expects up to three times the real
matches and, under the search's bound of 1,000 candidates, reads the whole table instead of the index (#19: 9 of
1,000 varied words, 70-80 ms instead of 5-10). The function is immutable: the planner evaluates it on the query's
constants before estimating, so it sees each lexeme once. Matching is unchanged (``a | a`` is ``a``).
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION govtech_tsquery_distinct(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN query::text ~ '^''[^'']+''( \| ''[^'']+'')*$'
    THEN (SELECT string_agg(DISTINCT lexeme, ' | ') FROM regexp_split_to_table(query::text, ' \| ') AS lexeme)::tsquery
    ELSE query
  END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS govtech_tsquery_distinct(tsquery);"


class Migration(migrations.Migration):
    dependencies = [
        ("startups", "0006_verification_requested_at"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
