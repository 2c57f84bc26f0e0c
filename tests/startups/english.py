"""Page URLs under /en/, so pages speak the source language the tests assert."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation


def en_url(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(name, args=args)
