"""axe-core in Chromium: load the vendored build into a page and report serious/critical violations.

The script is injected with ``page.evaluate`` (evaluated through the DevTools protocol, which
the page's Content-Security-Policy does not govern), so the portal's strict CSP stays on
during the accessibility checks: no ``bypass_csp``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe on the current page; return the violations of serious or critical impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;true")
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [v for v in result["violations"] if v.get("impact") in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"
