"""The supplier's verification: which decision may follow which (an admin's, or the owners' resubmission)."""

from __future__ import annotations

from govtech.core.lifecycle import Lifecycle
from startups.models import Supplier

V = Supplier.Verification

VERIFICATION = Lifecycle.of(
    "supplier verification",
    {
        V.PENDING: {V.VERIFIED, V.REJECTED},
        V.REJECTED: {V.PENDING, V.VERIFIED},
        V.VERIFIED: {V.SUSPENDED, V.REJECTED},
        V.SUSPENDED: {V.VERIFIED, V.REJECTED},
    },
)
