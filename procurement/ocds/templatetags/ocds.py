from __future__ import annotations

from typing import Any

from django import template

from procurement.calls.models import Call
from procurement.ocds.build import ocid_for
from procurement.ocds.models import DECIDED_STATUSES, RedFlagResult
from procurement.ocds.redflag_display import flag_view
from procurement.ocds.redflag_selectors import flags_of_call

register = template.Library()


@register.simple_tag
def ocds_ocid(call_id: int) -> str:
    """The OCID of a call's contracting process."""
    return ocid_for(call_id)


@register.inclusion_tag("ocds/call_red_flags.html", takes_context=True)
def call_red_flags(context: template.Context, call: Call) -> dict[str, Any]:
    """The red flags of one call that the person looking may see (the rule is ``RedFlagResult.visible_to``)."""
    request = context.get("request")
    flags = [flag_view(flag) for flag in flags_of_call(getattr(request, "user", None), call.pk)]
    return {
        "flags": flags,
        "flagged": sum(1 for flag in flags if flag.outcome == RedFlagResult.Outcome.FLAGGED),
        "computable": sum(1 for flag in flags if flag.outcome != RedFlagResult.Outcome.NOT_COMPUTABLE),
        "decided": call.status in DECIDED_STATUSES,
    }
