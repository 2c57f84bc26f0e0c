"""The Django admin of the procurement app: each package registers its own models."""

from __future__ import annotations

import procurement.bodies.admin  # noqa: F401
