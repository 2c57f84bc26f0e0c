"""Reference data shipped with the app: what the catalogue is, and the context figures.

Read from ``recommendations/data/`` (copied from the project's reference material with
their sources) and cached for the life of the process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from recommendations.translation import localize

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _data(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def catalogue_about() -> dict[str, Any]:
    """The statement of what the starting catalogue is, and the report it is based on."""
    data = _data("catalogue.json")
    return {"about": localize(data["about"]), "report": data["report"]}


def context_figures() -> dict[str, Any]:
    return _data("context.json")


def caf_index(country: str) -> float | None:
    """The country's CAF GovTech Index 2020 score (out of 10), if published."""
    return context_figures()["caf_govtech_index_2020"]["scores"].get((country or "").upper())
