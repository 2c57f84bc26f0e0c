"""Partial GIN indexes over the listed (verified) profiles' search vectors, for the public's searches (#19).

An anonymous search matched through the full indexes, then intersected the matches with the entry of every verified
row in ``supplier_status_country`` (a 70,000-entry bitmap at 100,000 suppliers, about 5 ms of each search). These
indexes hold the listed rows alone, so the public's condition (``verification_status = 'verified'``) is answered
by the index itself. The full indexes stay: staff, members (who also see their own unverified profile) and a portal
that lists pending profiles too (``STARTUPS_UNVERIFIED_LISTED``) search through them.

Built concurrently: a national registry keeps answering searches and accepting profile edits while they build.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("startups", "0007_tsquery_distinct"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="supplier",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("verification_status", "verified")), fields=[field], name=f"supplier_{field}_listed"
            ),
        )
        for field in ("search_es", "search_pt", "search_en")
    ]
