"""What other apps hold about a person: registered from their ``AppConfig.ready``, read by the account's export
and erased by its anonymisation (``govtech.accounts.selectors.personal_data_of``, ``services.account_anonymise``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govtech.accounts.models import User


@dataclass(frozen=True)
class Holder:
    """A section of a person's data: ``export(user)`` gives it as JSON-safe data; ``erase(user)`` removes it (in
    the anonymisation's transaction)."""

    key: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]


_HOLDERS: dict[str, Holder] = {}


def register_personal_data(key: str, *, export: Callable[[User], Any], erase: Callable[[User], None]) -> None:
    _HOLDERS[key] = Holder(key, export, erase)


def exported(user: User) -> dict[str, Any]:
    return {key: holder.export(user) for key, holder in _HOLDERS.items()}


def erase(user: User) -> None:
    for holder in _HOLDERS.values():
        holder.erase(user)
