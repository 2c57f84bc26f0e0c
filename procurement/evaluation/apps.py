from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """The evaluation panel: evaluators, conflict-of-interest declarations, scores, ranking (issue 5)."""

    name = "procurement.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")
    default_auto_field = "django.db.models.BigAutoField"
