"""The models of the procurement app (label ``procurement``), defined in their packages.

Django registers an app's models from ``<app>.models``: this module imports them. Code imports each model
from the package that defines it (``procurement.calls.models``...), not from here.
"""

from __future__ import annotations

from procurement.bodies.models import BodyInvitation, PublicBody
from procurement.calls.models import Call, CallAmendment, CallDocument, CallFollow, Question
from procurement.challenges.models import Challenge, ChallengeAttachment

__all__ = [
    "BodyInvitation",
    "Call",
    "CallAmendment",
    "CallDocument",
    "CallFollow",
    "Challenge",
    "ChallengeAttachment",
    "PublicBody",
    "Question",
]
