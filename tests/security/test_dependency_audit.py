"""The pip-audit gate of CI: findings with a fix fail, only unreachable data is tolerated."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
assert spec is not None
assert spec.loader is not None
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)


def _dep(name: str, *vulns: dict) -> dict:
    return {"name": name, "version": "1.0", "vulns": list(vulns)}


def test_a_vulnerability_with_a_fix_fails_the_build():
    report = {"dependencies": [_dep("django", {"id": "PYSEC-1", "fix_versions": ["1.1"]}), _dep("celery")]}
    code, lines = audit_dependencies.verdict(report)
    assert code == 1
    assert "django 1.0: PYSEC-1 (fixed in 1.1)" in "\n".join(lines)


def test_a_vulnerability_without_a_fix_is_a_warning():
    code, lines = audit_dependencies.verdict({"dependencies": [_dep("x", {"id": "GHSA-2", "fix_versions": []})]})
    assert code == 0
    assert "warning: x 1.0: GHSA-2 (no fix released yet)" in "\n".join(lines)


def test_unreachable_vulnerability_data_passes_loudly_as_not_audited():
    report = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    code, lines = audit_dependencies.verdict(report)
    assert code == 0
    assert "NOT audited" in lines[0]


@pytest.mark.parametrize("skipped", [0, 1])
def test_a_clean_report_passes(skipped):
    deps = [_dep("django")] + [{"name": "local", "skip_reason": "not on PyPI"}] * skipped
    code, lines = audit_dependencies.verdict({"dependencies": deps})
    assert code == 0
    assert "1 packages audited" in lines[-1]
