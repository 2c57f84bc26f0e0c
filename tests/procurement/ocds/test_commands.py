"""``export_ocds`` writes one valid release package; ``validate_ocds`` reports errors by JSON path and counts files."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from procurement.calls.models import Call
from procurement.calls.services import call_approve, call_close
from procurement.ocds.tasks import ocds_bulk_regenerate
from tests.procurement.factories import make_call, verified_body

SAMPLES = Path(__file__).parent / "samples"


def _past_deadline(call: Call) -> Call:
    """The deadline holds (#14): a call closes only once its submission deadline has passed."""
    Call.objects.filter(pk=call.pk).update(submission_deadline=timezone.now() - datetime.timedelta(seconds=1))
    call.refresh_from_db()
    return call


def _validate(*paths: Any) -> list[str]:
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("validate_ocds", *[str(p) for p in paths], stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.django_db
def test_export_writes_every_release_as_one_valid_package(
    tmp_path: Path, public_body: Any, approver: Any, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    verified_body(public_body)
    for _ in range(2):
        call = make_call(public_body, status=Call.Status.IN_APPROVAL)
        with django_capture_on_commit_callbacks(execute=True):
            call_approve(call=call, actor=approver)
            call_close(call=_past_deadline(call), actor=officer)
    out = tmp_path / "out.json"
    stdout = io.StringIO()
    call_command("export_ocds", str(out), stdout=stdout)
    package = json.loads(out.read_text(encoding="utf-8"))
    assert len(package["releases"]) == 4
    assert stdout.getvalue().strip() == f"releases=4 file={out}"
    assert _validate(out)[-1] == "valid=1 invalid=0"
    assert ocds_bulk_regenerate() == "ocds/releases.json"


def test_validate_counts_files_and_prints_json_paths(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"ocid": "x", "id": "1", "date": "someday", "tag": ["tender"], "initiationType": "tender"}),
        encoding="utf-8",
    )
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{", encoding="utf-8")
    good = SAMPLES / "england_contracts_finder_release_package_2025-01-23.json"
    lines = _validate(good, bad, garbage)
    assert lines[-1] == "valid=1 invalid=2"
    assert any(line.startswith(f"{bad}: $.date") for line in lines)
    assert any(line.startswith(f"{garbage}: cannot be read") for line in lines)


def test_validate_reads_json_lines(tmp_path: Path) -> None:
    releases = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((SAMPLES / "paraguay/sample/releases").glob("2*.json"))[:3]
    ]
    lines = tmp_path / "r.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in releases), encoding="utf-8")
    assert _validate(lines)[-1] == "valid=1 invalid=0"


@pytest.mark.django_db
def test_every_demo_call_exports_as_valid_ocds(tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    from procurement.ocds.models import Release

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    call_command("ocds_backfill", stdout=io.StringIO())
    public = Call.objects.public()
    assert public.exists()
    assert set(Release.objects.values_list("call_id", flat=True)) == set(public.values_list("pk", flat=True))
    out = tmp_path / "demo.json"
    call_command("export_ocds", str(out), stdout=io.StringIO())
    assert _validate(out)[-1] == "valid=1 invalid=0"
    again = io.StringIO()
    call_command("ocds_backfill", stdout=again)
    assert again.getvalue().strip() == "releases=0"
