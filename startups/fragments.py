"""The registry's cached public fragments (directory pages, the home page's count).

They share one version, ``REGISTRY``, bumped by every write that can change what the public sees
of a supplier: the profile and its organisation, its sectors, technologies and codes, solutions,
references and sanctions (signals, connected in ``StartupsConfig.ready``), and the services that
write with ``QuerySet.update()``, which sends no signal (they call ``bump()``).
"""

from __future__ import annotations

from govtech.accounts.models import Organisation
from govtech.core import fragments
from startups.models import PublicReference, Sanction, Sector, Solution, Supplier, Technology

REGISTRY = "registry"
# The sectors and technologies: the options of the directory's and the opportunities' filters.
TAXONOMY = "taxonomy"


def bump() -> None:
    fragments.bump_now_and_on_commit(REGISTRY)


def connect() -> None:

    fragments.invalidate_on(
        REGISTRY,
        Supplier,
        Solution,
        PublicReference,
        Sanction,
        Supplier.sectors.through,
        Supplier.technologies.through,
        Supplier.cpv_codes.through,
    )
    fragments.invalidate_on(
        REGISTRY, Organisation, when=lambda row: getattr(row, "kind", "") == Organisation.Kind.SUPPLIER
    )
    fragments.invalidate_on(TAXONOMY, Sector, Technology)
