"""Four eyes: who created a call and who sent it for approval, back-filled from the audit trail."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Call = apps.get_model("procurement", "Call")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    call_type = ContentType.objects.filter(app_label="procurement", model="call").first()
    if call_type is None:
        return
    events = AuditEvent.objects.filter(target_type=call_type, verb__in=["call.create", "call.in_approval"])
    for target_id, verb, actor_id in events.order_by("pk").values_list("target_id", "verb", "actor_id"):
        if actor_id is None or not str(target_id).isdigit():
            continue
        field = "created_by_id" if verb == "call.create" else "submitted_by_id"
        Call.objects.filter(pk=int(target_id)).update(**{field: actor_id})  # the latest submission wins


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0007_apply_call_requirements"),
        ("audit", "0005_chain_required"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
