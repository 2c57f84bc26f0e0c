"""Plain data the engine works on: a match query and supplier documents."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReferenceDoc:
    """One piece of past work: its text and the buyer it was done for."""

    text: str
    buyer_name: str = ""
    buyer_id: str = ""


@dataclass(frozen=True)
class SupplierDocument:
    """What the engine knows about one supplier, independent of the registry models."""

    id: str
    name: str
    profile_text: str = ""
    solution_texts: tuple[str, ...] = ()
    references: tuple[ReferenceDoc, ...] = ()
    codes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    country: str = ""
    regions: tuple[str, ...] = ()
    size_class: str = ""
    is_startup: bool = False
    verified: bool = False
    trls: tuple[int, ...] = ()
    buyer_names: tuple[str, ...] = ()
    language: str = "es"


@dataclass(frozen=True)
class MatchQuery:
    """A challenge or call as the engine sees it."""

    title: str
    description: str = ""
    language: str = "es"
    codes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    country: str = ""
    regions: tuple[str, ...] = ()
    require_verified: bool = False
    min_trl: int | None = None
    buyer_id: str = ""
    buyer_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)
