"""CI gate: no locked dependency may have a known vulnerability that has a fix.

Runs pip-audit (PyPI's vulnerability data) on a lock file. Findings with a fixed version fail
the build; findings without any fix are listed as warnings. Only a failure to reach the data
(network down, or the index answering for no package) is tolerated, with a loud message:
that is not a pass, and the log says so.

Usage: python scripts/audit_dependencies.py requirements/dev.lock
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

NETWORK_HINTS = ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Max retries exceeded", "Name or service")


def verdict(report: dict[str, Any]) -> tuple[int, list[str]]:
    """Exit code and messages for a pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if dependencies and not audited:
        return 0, [
            f"[pip-audit] PyPI answered for none of the {len(dependencies)} locked packages "
            "(no network, or an index without the JSON API): dependencies NOT audited."
        ]
    fixable, unfixable = [], []
    for dependency in audited:
        for vuln in dependency.get("vulns", []):
            line = f"{dependency['name']} {dependency['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"  {line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixable.append(f"[pip-audit] warning: {line} (no fix released yet)")
    if fixable:
        return 1, [
            *unfixable,
            "[pip-audit] known vulnerabilities with a fix; upgrade and regenerate the locks:",
            *fixable,
        ]
    skipped = len(dependencies) - len(audited)
    summary = f"[pip-audit] {len(audited)} packages audited, no known vulnerability with a fix ({skipped} not on PyPI)."
    return 0, [*unfixable, summary]


def main(lock: str) -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "-r", lock, "--no-deps", "--disable-pip", "--progress-spinner", "off", "-f", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        if any(hint in result.stderr for hint in NETWORK_HINTS):
            print("[pip-audit] PyPI's vulnerability data is unreachable (network): dependencies NOT audited.")
            print(result.stderr.strip().splitlines()[-1])
            return 0
        print(result.stderr, file=sys.stderr)
        return result.returncode or 1
    code, lines = verdict(report)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "requirements/dev.lock"))
