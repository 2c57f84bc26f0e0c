"""Every write of the registry. Views, the API, admin actions, commands and tasks call these."""

from startups.services.documents import document_delete, document_upload, documents_remind_expiring
from startups.services.exports import export_request, export_run
from startups.services.imports import import_commit, import_preview, import_queue
from startups.services.offer import (
    reference_create,
    reference_delete,
    reference_update,
    solution_create,
    solution_delete,
    solution_update,
)
from startups.services.profile import (
    DUPLICATE_MESSAGE,
    DuplicateSupplier,
    supplier_register,
    supplier_reindex,
    supplier_set_classification,
    supplier_set_logo,
    supplier_update,
)
from startups.services.team import (
    LAST_OWNER_MESSAGE,
    membership_admin_remove,
    membership_change_role,
    membership_decide,
    membership_invite,
    membership_reinstate,
    membership_remove,
    membership_request_join,
    membership_respond,
    membership_suspend,
)
from startups.services.verification import (
    sanction_impose,
    sanction_lift,
    supplier_reject,
    supplier_suspend,
    supplier_transition,
    supplier_verify,
)

__all__ = [
    "DUPLICATE_MESSAGE",
    "LAST_OWNER_MESSAGE",
    "DuplicateSupplier",
    "document_delete",
    "document_upload",
    "documents_remind_expiring",
    "export_request",
    "export_run",
    "import_commit",
    "import_preview",
    "import_queue",
    "membership_admin_remove",
    "membership_change_role",
    "membership_decide",
    "membership_invite",
    "membership_reinstate",
    "membership_remove",
    "membership_request_join",
    "membership_respond",
    "membership_suspend",
    "reference_create",
    "reference_delete",
    "reference_update",
    "sanction_impose",
    "sanction_lift",
    "solution_create",
    "solution_delete",
    "solution_update",
    "supplier_register",
    "supplier_reindex",
    "supplier_reject",
    "supplier_set_classification",
    "supplier_set_logo",
    "supplier_suspend",
    "supplier_transition",
    "supplier_update",
    "supplier_verify",
]
