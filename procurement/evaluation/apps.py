from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """The evaluation panel: evaluators, conflict-of-interest declarations, scores, ranking (issue 5)."""

    name = "procurement.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.accounts.models import Membership, Organisation
        from govtech.accounts.navigation import register_account_entry
        from procurement.evaluation.selectors import has_panel_seat

        def shows(user: Any, roles: Any) -> bool:
            body_roles = roles.roles_in(Organisation.Kind.PUBLIC_BODY)
            return Membership.Role.EVALUATOR in body_roles or bool(body_roles and has_panel_seat(user))

        register_account_entry("evaluation:assignments", _("My assignments"), shows, order=30)
        from govtech.core.views import register_home_blocks
        from procurement.evaluation import home

        register_home_blocks(home.home_blocks, order=50)
